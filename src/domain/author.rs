//! Pseudonymous authors: who wrote a revision, by role, without saying who they are.
//!
//! An author id is `"<role>.<32 hex>"`. The hex part is derived from a secret that never leaves
//! this browser (the device secret) and what the author writes for, so that:
//! - one browser has a different id in every review (its ids cannot be linked across reviews);
//! - a stakeholder's response has an id of its own, derived from the response's random record
//!   id, shared with nothing else the browser writes (anonymity by construction);
//! - the role part lets history and conflict screens say "a peer reviewer" or "the host team"
//!   instead of an opaque code.
//!
//! Revisions written before this scheme carry a bare device id: [`role_of`] calls them
//! [`Role::Unknown`].

use super::revision::sha256_hex;

/// The part a person plays in one review, as far as their revisions are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The host council's lead or team (the browser that set the review up, or a co-host).
    Host,
    /// A stakeholder answering the checklist.
    Respondent,
    /// The Improvement Service facilitator.
    ImprovementService,
    /// A peer reviewer from another council or partner body.
    Peer,
    /// Written before roles were recorded, or by a file this app did not make.
    Unknown,
}

impl Role {
    /// Every role with a prefix, in a stable order.
    pub const KNOWN: [Role; 4] = [
        Role::Host,
        Role::Respondent,
        Role::ImprovementService,
        Role::Peer,
    ];

    /// The prefix in an author id.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Respondent => "respondent",
            Role::ImprovementService => "is",
            Role::Peer => "peer",
            Role::Unknown => "unknown",
        }
    }

    /// How screens name an author of this role: "the host team", "a respondent", …
    pub fn label(self) -> &'static str {
        match self {
            Role::Host => "the host team",
            Role::Respondent => "a respondent",
            Role::ImprovementService => "the Improvement Service",
            Role::Peer => "a peer reviewer",
            Role::Unknown => "someone (role not recorded)",
        }
    }
}

/// The role an author id claims. Ids without a known prefix are [`Role::Unknown`].
pub fn role_of(author: &str) -> Role {
    let Some((prefix, rest)) = author.split_once('.') else {
        return Role::Unknown;
    };
    let well_formed = rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit());
    Role::KNOWN
        .into_iter()
        .find(|r| r.as_str() == prefix && well_formed)
        .unwrap_or(Role::Unknown)
}

/// This browser's author id in `review_id`, acting as `role`.
pub fn for_review(role: Role, device_secret: &str, review_id: &str) -> String {
    derive(role, device_secret, &["review", review_id])
}

/// The author id of the response `response_id` (a random id made on the respondent's device).
/// Shared with nothing else this browser writes.
pub fn for_response(device_secret: &str, review_id: &str, response_id: &str) -> String {
    derive(
        Role::Respondent,
        device_secret,
        &["response", review_id, response_id],
    )
}

/// True if `author` is one of the ids this browser uses (or used) in `review_id`: its id for
/// any role, or the bare device id older versions wrote.
pub fn is_mine(author: &str, device_secret: &str, review_id: &str) -> bool {
    author == device_secret
        || Role::KNOWN
            .into_iter()
            .any(|role| author == for_review(role, device_secret, review_id))
}

fn derive(role: Role, secret: &str, parts: &[&str]) -> String {
    // Length-prefixed so no two different inputs hash the same text.
    let mut text = String::new();
    for p in std::iter::once(&secret).chain(parts) {
        text.push_str(&p.len().to_string());
        text.push(':');
        text.push_str(p);
    }
    let mut hex = sha256_hex(text.as_bytes());
    hex.truncate(32);
    format!("{}.{hex}", role.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_by_review_and_response_and_keep_their_role() {
        let a = for_review(Role::Host, "secret", "rv1");
        let b = for_review(Role::Host, "secret", "rv2");
        let r = for_response("secret", "rv1", "resp-1");
        let r2 = for_response("secret", "rv1", "resp-2");
        assert_ne!(a, b);
        assert_ne!(r, r2);
        assert_ne!(a, r);
        assert!(!r.contains("secret") && !a.contains("rv1"));
        assert_eq!(role_of(&a), Role::Host);
        assert_eq!(role_of(&r), Role::Respondent);
        assert_eq!(
            for_review(Role::Peer, "secret", "rv1"),
            for_review(Role::Peer, "secret", "rv1")
        );
        assert_eq!(role_of(&for_review(Role::Peer, "s", "x")), Role::Peer);
    }

    #[test]
    fn legacy_and_forged_ids_have_no_role() {
        assert_eq!(role_of("3f2a-uuid-device"), Role::Unknown);
        assert_eq!(role_of("host.not-hex"), Role::Unknown);
        assert_eq!(
            role_of("admin.0123456789abcdef0123456789abcdef"),
            Role::Unknown
        );
        assert!(is_mine("secret", "secret", "rv1"));
        assert!(is_mine(
            &for_review(Role::Host, "secret", "rv1"),
            "secret",
            "rv1"
        ));
        assert!(!is_mine(
            &for_review(Role::Host, "secret", "rv2"),
            "secret",
            "rv1"
        ));
        assert!(!is_mine(
            &for_response("secret", "rv1", "x"),
            "secret",
            "rv1"
        ));
    }
}
