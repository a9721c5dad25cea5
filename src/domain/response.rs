//! One stakeholder's PSIF self-assessment: answers, section comments, progress and the GOV.UK
//! validation messages for a section page.

use crate::domain::checklist::{Checklist, Rating, Section};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema version of a serialised [`ResponseBody`] (the `schema` of its revisions).
pub const SCHEMA: u32 = 1;
/// Longest comment, in characters: long enough for real evidence, short enough to read aloud
/// in a consensus session.
pub const MAX_COMMENT_CHARS: usize = 5000;

/// The two comment boxes at the end of a section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionComments {
    #[serde(default)]
    pub strengths: String,
    #[serde(default)]
    pub improve: String,
}

/// Which comment box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    Strengths,
    Improve,
}

/// A respondent took their response back; it stays in the record but is left out of analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    #[serde(default)]
    pub reason: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// The body of a response record (`RecordKind::Response`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseBody {
    /// Random id made by the caller; never derived from the person.
    pub respondent_id: String,
    /// Respondent group chosen by the respondent (e.g. "Front-line staff").
    #[serde(default)]
    pub group: Option<String>,
    /// Only kept when the host allowed named responses (see [`ResponseBody::anonymise`]).
    #[serde(default)]
    pub name: Option<String>,
    pub checklist_id: String,
    pub checklist_version: u32,
    /// Statement id to rating. A cleared answer is absent, not a special value.
    #[serde(default)]
    pub answers: BTreeMap<String, Rating>,
    /// Section id to its two comments.
    #[serde(default)]
    pub comments: BTreeMap<String, SectionComments>,
    /// Milliseconds since the Unix epoch, once the respondent has sent it.
    #[serde(default)]
    pub submitted_at: Option<i64>,
    #[serde(default)]
    pub withdrawn: Option<Withdrawal>,
}

pub use crate::domain::validation::FieldError;
/// Progress through one section, for the task list.
pub use crate::domain::validation::TaskStatus as SectionStatus;

/// HTML id of a statement's radio group (`q-sp-1-2`).
pub fn statement_field_id(statement_id: &str) -> String {
    format!("q-{statement_id}")
}

/// HTML id of a section's comment box (`strengths-sp`, `improve-sp`).
pub fn comment_field_id(section_id: &str, kind: CommentKind) -> String {
    match kind {
        CommentKind::Strengths => format!("strengths-{section_id}"),
        CommentKind::Improve => format!("improve-{section_id}"),
    }
}

/// Trimmed, or `None` when blank.
fn non_blank(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl ResponseBody {
    /// An empty response to `checklist` by `respondent_id`.
    pub fn new(respondent_id: impl Into<String>, checklist: &Checklist) -> ResponseBody {
        ResponseBody {
            respondent_id: respondent_id.into(),
            group: None,
            name: None,
            checklist_id: checklist.id.clone(),
            checklist_version: checklist.version,
            answers: BTreeMap::new(),
            comments: BTreeMap::new(),
            submitted_at: None,
            withdrawn: None,
        }
    }

    /// Whether this response was given against exactly this checklist.
    pub fn is_for(&self, checklist: &Checklist) -> bool {
        self.checklist_id == checklist.id && self.checklist_version == checklist.version
    }

    /// Sets or (with `None`) clears the answer to a statement.
    pub fn set_answer(&mut self, statement_id: &str, rating: Option<Rating>) {
        match rating {
            Some(r) => {
                self.answers.insert(statement_id.to_string(), r);
            }
            None => {
                self.answers.remove(statement_id);
            }
        }
    }

    /// The answer to a statement, if any.
    pub fn answer(&self, statement_id: &str) -> Option<Rating> {
        self.answers.get(statement_id).copied()
    }

    /// Sets one comment box of a section. Empty sections' entries are dropped so the body
    /// stays minimal and "not started" stays accurate.
    pub fn set_comment(&mut self, section_id: &str, kind: CommentKind, text: &str) {
        let entry = self.comments.entry(section_id.to_string()).or_default();
        match kind {
            CommentKind::Strengths => entry.strengths = text.to_string(),
            CommentKind::Improve => entry.improve = text.to_string(),
        }
        if entry.strengths.is_empty() && entry.improve.is_empty() {
            self.comments.remove(section_id);
        }
    }

    /// The text of one comment box ("" when not given).
    pub fn comment(&self, section_id: &str, kind: CommentKind) -> &str {
        self.comments
            .get(section_id)
            .map(|c| match kind {
                CommentKind::Strengths => c.strengths.as_str(),
                CommentKind::Improve => c.improve.as_str(),
            })
            .unwrap_or("")
    }

    /// Progress through a section: completed only when every statement is answered and both
    /// comments are filled in. An unknown section is "not started".
    pub fn section_status(&self, checklist: &Checklist, section_id: &str) -> SectionStatus {
        match checklist.section(section_id) {
            Some(section) => self.status_of(section),
            None => SectionStatus::NotStarted,
        }
    }

    fn status_of(&self, section: &Section) -> SectionStatus {
        let total = section.statement_count();
        let answered = section
            .statements()
            .filter(|s| self.answers.contains_key(&s.id))
            .count();
        let strengths = !self
            .comment(&section.id, CommentKind::Strengths)
            .trim()
            .is_empty();
        let improve = !self
            .comment(&section.id, CommentKind::Improve)
            .trim()
            .is_empty();
        if answered == total && strengths && improve {
            SectionStatus::Completed
        } else if answered == 0 && !strengths && !improve {
            SectionStatus::NotStarted
        } else {
            SectionStatus::InProgress
        }
    }

    /// `(answered, total)` statements of this checklist, for "12 of 61 answered". Answers to
    /// statements not in the checklist are not counted.
    pub fn answered_count(&self, checklist: &Checklist) -> (usize, usize) {
        let answered = checklist
            .statements()
            .filter(|s| self.answers.contains_key(&s.id))
            .count();
        (answered, checklist.statement_count())
    }

    /// Every section completed.
    pub fn is_complete(&self, checklist: &Checklist) -> bool {
        checklist
            .sections
            .iter()
            .all(|s| self.status_of(s) == SectionStatus::Completed)
    }

    /// GOV.UK error messages for a section page, in page order: one per unanswered statement,
    /// then the comment boxes.
    pub fn validate_section(&self, checklist: &Checklist, section_id: &str) -> Vec<FieldError> {
        let Some(section) = checklist.section(section_id) else {
            return vec![FieldError {
                field_id: "section".to_string(),
                message: "This section is not in the checklist".to_string(),
            }];
        };
        let mut errors: Vec<FieldError> = section
            .statements()
            .filter(|s| !self.answers.contains_key(&s.id))
            .map(|s| FieldError {
                field_id: statement_field_id(&s.id),
                message: format!("Select an answer for: {}", s.text),
            })
            .collect();
        for (kind, blank, too_long) in [
            (
                CommentKind::Strengths,
                format!("Enter evidence of strengths for {}", section.title),
                format!(
                    "Evidence of strengths for {} must be {MAX_COMMENT_CHARS} characters or fewer",
                    section.title
                ),
            ),
            (
                CommentKind::Improve,
                format!("Enter how the service could improve for {}", section.title),
                format!(
                    "How the service could improve for {} must be {MAX_COMMENT_CHARS} characters or fewer",
                    section.title
                ),
            ),
        ] {
            let text = self.comment(section_id, kind);
            let message = if text.trim().is_empty() {
                blank
            } else if text.chars().count() > MAX_COMMENT_CHARS {
                too_long
            } else {
                continue;
            };
            errors.push(FieldError {
                field_id: comment_field_id(section_id, kind),
                message,
            });
        }
        errors
    }

    /// Marks the response as sent.
    pub fn submit(&mut self, at: i64) {
        self.submitted_at = Some(at);
    }

    /// Withdraws the response: it stays on record but analysis leaves it out.
    pub fn withdraw(&mut self, reason: &str, at: i64) {
        self.withdrawn = Some(Withdrawal {
            reason: reason.trim().to_string(),
            at,
        });
    }

    /// Counts the response again after a withdrawal made by mistake. The withdrawal stays in
    /// the record's revision history.
    pub fn reinstate(&mut self) {
        self.withdrawn = None;
    }

    /// Whether the response has been withdrawn.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// Drops the name unless the host allowed named responses, and tidies blank name and
    /// group to `None`. Call before saving or exporting.
    pub fn anonymise(&mut self, names_allowed: bool) {
        self.name = if names_allowed {
            non_blank(self.name.take())
        } else {
            None
        };
        self.group = non_blank(self.group.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::psif_standard;

    fn complete_section(r: &mut ResponseBody, c: &Checklist, section_id: &str) {
        let section = c.section(section_id).unwrap();
        for s in section.statements() {
            r.set_answer(&s.id, Some(Rating::Agree));
        }
        r.set_comment(section_id, CommentKind::Strengths, "Good plans.");
        r.set_comment(section_id, CommentKind::Improve, "Involve tenants.");
    }

    #[test]
    fn new_response_is_not_started() {
        let c = psif_standard();
        let r = ResponseBody::new("r1", &c);
        assert!(r.is_for(&c));
        assert_eq!(r.answered_count(&c), (0, 61));
        for s in &c.sections {
            assert_eq!(r.section_status(&c, &s.id), SectionStatus::NotStarted);
        }
        assert!(!r.is_complete(&c));
        assert_eq!(SectionStatus::InProgress.label(), "In progress");
    }

    #[test]
    fn statuses_follow_answers_and_comments() {
        let c = psif_standard();
        let mut r = ResponseBody::new("r1", &c);
        r.set_answer("sp-1-1", Some(Rating::StronglyAgree));
        assert_eq!(r.section_status(&c, "sp"), SectionStatus::InProgress);
        assert_eq!(r.answered_count(&c), (1, 61));
        r.set_answer("sp-1-1", None);
        assert_eq!(r.section_status(&c, "sp"), SectionStatus::NotStarted);
        assert!(r.answers.is_empty());

        // A comment alone starts a section.
        r.set_comment("st", CommentKind::Improve, "More training.");
        assert_eq!(r.section_status(&c, "st"), SectionStatus::InProgress);
        // Whitespace is not a comment.
        r.set_comment("st", CommentKind::Improve, "   ");
        assert_eq!(r.section_status(&c, "st"), SectionStatus::NotStarted);
        r.set_comment("st", CommentKind::Improve, "");
        assert!(r.comments.is_empty());

        // All statements answered is not enough without both comments.
        let sp = c.section("sp").unwrap();
        for s in sp.statements() {
            r.set_answer(&s.id, Some(Rating::DontKnow));
        }
        assert_eq!(r.section_status(&c, "sp"), SectionStatus::InProgress);
        r.set_comment("sp", CommentKind::Strengths, "Clear plan.");
        assert_eq!(r.section_status(&c, "sp"), SectionStatus::InProgress);
        r.set_comment("sp", CommentKind::Improve, "Share it.");
        assert_eq!(r.section_status(&c, "sp"), SectionStatus::Completed);
        assert_eq!(r.answered_count(&c), (11, 61));
        assert_eq!(r.section_status(&c, "nope"), SectionStatus::NotStarted);

        for s in &c.sections {
            complete_section(&mut r, &c, &s.id);
        }
        assert!(r.is_complete(&c));
        assert_eq!(r.answered_count(&c), (61, 61));
        // Stray answers to other statements don't count.
        r.set_answer("old-1", Some(Rating::Agree));
        assert_eq!(r.answered_count(&c), (61, 61));
    }

    #[test]
    fn validate_section_gives_govuk_messages_with_stable_ids() {
        let c = psif_standard();
        let mut r = ResponseBody::new("r1", &c);
        let errs = r.validate_section(&c, "sp");
        assert_eq!(errs.len(), 11 + 2);
        assert_eq!(errs[1].field_id, "q-sp-1-2");
        assert_eq!(
            errs[0].message,
            format!(
                "Select an answer for: {}",
                c.find_statement("sp-1-1").unwrap().text
            )
        );
        assert_eq!(
            errs[11],
            FieldError {
                field_id: "strengths-sp".into(),
                message: "Enter evidence of strengths for Service Planning".into()
            }
        );
        assert_eq!(
            errs[12],
            FieldError {
                field_id: "improve-sp".into(),
                message: "Enter how the service could improve for Service Planning".into()
            }
        );
        // Valid HTML ids: no whitespace, non-empty.
        for e in &errs {
            assert!(!e.field_id.is_empty() && !e.field_id.contains(char::is_whitespace));
        }
        assert_eq!(errs, r.validate_section(&c, "sp"), "deterministic");

        complete_section(&mut r, &c, "sp");
        assert!(r.validate_section(&c, "sp").is_empty());
        r.set_comment(
            "sp",
            CommentKind::Improve,
            &"x".repeat(MAX_COMMENT_CHARS + 1),
        );
        let errs = r.validate_section(&c, "sp");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field_id, "improve-sp");
        assert!(errs[0].message.ends_with("5000 characters or fewer"));

        let errs = r.validate_section(&c, "zz");
        assert_eq!(errs[0].field_id, "section");
    }

    #[test]
    fn anonymise_drops_name_unless_allowed() {
        let c = psif_standard();
        let mut r = ResponseBody::new("r1", &c);
        r.name = Some("  Ann Smith ".into());
        r.group = Some("   ".into());
        let mut allowed = r.clone();
        allowed.anonymise(true);
        assert_eq!(allowed.name.as_deref(), Some("Ann Smith"));
        assert_eq!(allowed.group, None);
        r.anonymise(false);
        assert_eq!(r.name, None);
    }

    #[test]
    fn withdraw_submit_and_serde() {
        let c = psif_standard();
        let mut r = ResponseBody::new("r1", &c);
        r.set_answer("le-2-2", Some(Rating::StronglyDisagree));
        r.submit(1_700_000_000_000);
        r.withdraw("  Sent twice ", 1_700_000_100_000);
        assert!(r.is_withdrawn());
        assert_eq!(r.withdrawn.as_ref().unwrap().reason, "Sent twice");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["answers"]["le-2-2"], "strongly_disagree");
        let back: ResponseBody = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        let mut again = back.clone();
        again.reinstate();
        assert!(!again.is_withdrawn());
        assert_eq!(again.answers, r.answers);

        // Older or minimal bodies still read.
        let minimal: ResponseBody = serde_json::from_str(
            r#"{"respondent_id":"x","checklist_id":"psif-standard","checklist_version":1}"#,
        )
        .unwrap();
        assert!(minimal.answers.is_empty() && minimal.withdrawn.is_none());
        assert!(serde_json::from_str::<ResponseBody>(r#"{"respondent_id":"x"}"#).is_err());
        assert!(serde_json::from_str::<ResponseBody>(
            r#"{"respondent_id":"x","checklist_id":"c","checklist_version":1,"answers":{"a":"neutral"}}"#
        )
        .is_err());
    }
}
