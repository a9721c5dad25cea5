//! What each kind of file may carry (docs/bundle-format.md, "What each kind of file may carry").
//!
//! A bundle's digest proves only that it was not damaged; anyone can make one. So before any
//! preview, every decoded (and decrypted) file goes through [`check`], which refuses the whole
//! file when it carries something its kind may not: a response that rewrites the checklist, an
//! invitation that sets a respondent id, a set-up tombstone from anything but a backup, local
//! settings for another review. The preview is then built by [`describe`] from the revisions
//! themselves, and files chosen together are applied in [`import_order`].
//!
//! Everything here is pure, deterministic and panic-free on any input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use super::author::{role_of, Role};
use super::bundle::{Bundle, BundleError, BundleKind, Header, Problem};
use super::invitation::InvitationInfo;
use super::revision::{heads_of, ImportOutcome, ImportPlan, RecordKind, Revision, RevisionSet};

/// The record id of a review's chosen checklist.
pub const CHECKLIST_RECORD: &str = "checklist";

/// The `extra` key under which backups carry this browser's settings for the review.
pub const LOCAL_META: &str = "local_meta";

/// Meta key prefixes a backup may restore, each followed by a review id: what this browser is
/// to the review (`role:`), the invitation it holds (`invitation:`), its own respondent id when
/// answering (`respondent:`), the host's note to respondents (`invite_message:`) and who
/// collects the responses (`invite_collector:`).
pub const BACKED_UP_META: [&str; 5] = [
    "role:",
    "invitation:",
    "respondent:",
    "invite_message:",
    "invite_collector:",
];

/// Kinds a participant may write, and so the only kinds a contribution may carry.
pub const PARTICIPANT_KINDS: [RecordKind; 5] = [
    RecordKind::Note,
    RecordKind::Vote,
    RecordKind::Afi,
    RecordKind::Action,
    RecordKind::ReportSection,
];

/// Whether a file of kind `file` may carry records of kind `kind` at all. Exports use it to
/// leave out what the other side would refuse (a contribution keeps only participant kinds).
/// The full check, with record ids, tombstones and authors, is [`check`].
pub fn may_carry(file: BundleKind, kind: RecordKind) -> bool {
    match file {
        BundleKind::Invitation => kind == RecordKind::Checklist,
        BundleKind::Response => kind == RecordKind::Response,
        BundleKind::Contribution => PARTICIPANT_KINDS.contains(&kind),
        BundleKind::Backup | BundleKind::Workspace => true,
    }
}

/// The rule a refused file broke. Its `Display` completes "… was refused: ".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// An invitation carries a record other than the review's checklist.
    InvitationOnlyChecklist { kind: RecordKind },
    /// An invitation's `extra` holds a key that is not part of the summary a stakeholder sees
    /// (a respondent id, for example).
    InvitationExtra { key: String },
    /// A response file must carry exactly one response record.
    OneResponse { count: usize },
    /// A response file carries a record that is not a response.
    ResponseOnly { kind: RecordKind },
    /// A response's revisions are by more than one author.
    ResponseAuthors { count: usize },
    /// A response file adds to a response someone else wrote.
    SomeoneElsesResponse,
    /// A contribution adds to a vote set someone else placed (dots are personal).
    SomeoneElsesVotes,
    /// A response file carries, or changes, answers written by the review team rather than a
    /// respondent.
    NotARespondent { role: Role },
    /// A contribution carries a kind of record participants may not write.
    ContributionKind { kind: RecordKind },
    /// A file that is not a backup carries local settings.
    NoLocalSettings { file: BundleKind },
    /// A backup carries a local setting of an unknown kind, or for a review it does not hold.
    ForeignLocalSetting { key: String },
    /// An invitation or response deletes a record.
    NoDeletion { file: BundleKind, kind: RecordKind },
    /// A file that is not a backup deletes the review's set-up.
    SetupTombstone { file: BundleKind },
    /// A revision names as its parent a revision of a different record.
    CrossRecordParent,
    /// A record's kind differs between revisions, or from the copy here.
    KindChanged { was: RecordKind, now: RecordKind },
    /// A record id that belongs to another kind of record (only a set-up may use the review's
    /// id, only the checklist may be called "checklist").
    RecordIdShape { kind: RecordKind },
}

/// "a response", "an area for improvement", …
fn a(kind: RecordKind) -> String {
    let noun = kind.noun(1);
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// "an invitation", "a backup", … for a file kind.
fn file_a(kind: BundleKind) -> &'static str {
    match kind {
        BundleKind::Invitation => "an invitation",
        BundleKind::Response => "a response file",
        BundleKind::Contribution => "a contribution",
        BundleKind::Backup => "a backup",
        BundleKind::Workspace => "a workspace backup",
    }
}

/// A key from a file, made safe to show: no control characters, at most 40 characters.
fn shown(key: &str) -> String {
    let mut out: String = key.chars().filter(|c| !c.is_control()).take(40).collect();
    if key.chars().count() > 40 {
        out.push('…');
    }
    out
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::InvitationOnlyChecklist { kind } => write!(
                f,
                "an invitation may only carry the review's checklist, and this one carries {}",
                a(*kind)
            ),
            Rule::InvitationExtra { key } => write!(
                f,
                "an invitation may only carry the summary a stakeholder sees, and this one also \
                 sets \"{}\"",
                shown(key)
            ),
            Rule::OneResponse { count: 0 } => write!(
                f,
                "a response file must carry one response, and this one carries none"
            ),
            Rule::OneResponse { count } => write!(
                f,
                "a response file may only carry one response, and this one carries {count}"
            ),
            Rule::ResponseOnly { kind } => write!(
                f,
                "a response file may only carry a response, and this one also carries {}",
                a(*kind)
            ),
            Rule::ResponseAuthors { count } => write!(
                f,
                "a response is written by one person, and this one has changes by {count} \
                 different authors"
            ),
            Rule::SomeoneElsesVotes => write!(
                f,
                "each person places their own dots, and this contribution changes votes someone \
                 else placed"
            ),
            Rule::SomeoneElsesResponse => write!(
                f,
                "a response file may only change its own response, and this one changes a \
                 response someone else wrote"
            ),
            Rule::NotARespondent { role } => write!(
                f,
                "a response file may only carry a respondent's own answers, and this one \
                 carries or changes answers written by {}",
                role.label()
            ),
            Rule::ContributionKind { kind } => write!(
                f,
                "a contribution may only carry notes, votes, areas for improvement, actions and \
                 report sections, and this one carries {}",
                a(*kind)
            ),
            Rule::NoLocalSettings { file } => write!(
                f,
                "only a backup may change this browser's settings, and {} tries to",
                match file {
                    BundleKind::Invitation => "this invitation",
                    BundleKind::Response => "this response file",
                    BundleKind::Contribution => "this contribution",
                    BundleKind::Backup => "this backup",
                    BundleKind::Workspace => "this workspace backup",
                }
            ),
            Rule::ForeignLocalSetting { key } => write!(
                f,
                "a backup may only restore this browser's own settings for the reviews it holds, \
                 and \"{}\" is not one of them",
                shown(key)
            ),
            Rule::NoDeletion { file, kind } => write!(
                f,
                "{} may not delete anything, and this one deletes {}",
                file_a(*file),
                a(*kind)
            ),
            Rule::SetupTombstone { file } => write!(
                f,
                "only a backup may delete a whole review, and this file is {}",
                file_a(*file)
            ),
            Rule::CrossRecordParent => write!(
                f,
                "every change must build on earlier changes to the same record, and this file \
                 links changes of two different records"
            ),
            Rule::KindChanged { was, now } => write!(
                f,
                "a record keeps its kind, and this file would turn {} into {}",
                a(*was),
                a(*now)
            ),
            Rule::RecordIdShape { kind } => match kind {
                RecordKind::Review => write!(
                    f,
                    "a review's set-up must use the review's own id, and this one does not"
                ),
                RecordKind::Checklist => write!(
                    f,
                    "a review's checklist must use the id \"checklist\", and this one does not"
                ),
                other => write!(
                    f,
                    "only a review's set-up and checklist may use the review's id or \
                     \"checklist\" as their id, and this file gives that id to {}",
                    a(*other)
                ),
            },
        }
    }
}

/// Checks that `bundle` carries only what a file of its kind may, given what this browser
/// already holds. Call it for every file, after decoding (and decrypting), before the preview.
/// On `Err` the whole file is refused: import nothing from it.
pub fn check(file_name: &str, bundle: &Bundle, local: &RevisionSet) -> Result<(), BundleError> {
    check_rules(bundle, local)
        .map_err(|rule| BundleError::new(file_name, Problem::Refused { rule }))
}

/// The first rule `bundle` breaks, if any.
pub fn check_rules(bundle: &Bundle, local: &RevisionSet) -> Result<(), Rule> {
    let kind = bundle.header.kind;
    let revs = &bundle.content.revisions;
    let extra = &bundle.content.extra;
    match kind {
        BundleKind::Invitation => check_invitation(revs, extra)?,
        BundleKind::Response => check_response_shape(revs, extra)?,
        BundleKind::Contribution => check_contribution(revs, extra)?,
        BundleKind::Backup | BundleKind::Workspace => {
            check_local_meta(bundle)?;
        }
    }
    check_common(kind, revs, local)?;
    if kind == BundleKind::Response {
        check_response_owner(revs, local)?;
    }
    if kind == BundleKind::Contribution {
        check_vote_owner(revs, local)?;
    }
    Ok(())
}

fn check_invitation(revs: &[Revision], extra: &serde_json::Map<String, Value>) -> Result<(), Rule> {
    for rev in revs {
        if rev.kind != RecordKind::Checklist || rev.record_id != CHECKLIST_RECORD {
            return Err(Rule::InvitationOnlyChecklist { kind: rev.kind });
        }
        if rev.is_deleted() {
            return Err(Rule::NoDeletion {
                file: BundleKind::Invitation,
                kind: rev.kind,
            });
        }
    }
    let allowed = invitation_extra_keys();
    for key in extra.keys() {
        if key == LOCAL_META {
            return Err(Rule::NoLocalSettings {
                file: BundleKind::Invitation,
            });
        }
        if !allowed.contains(key.as_str()) {
            return Err(Rule::InvitationExtra { key: key.clone() });
        }
    }
    Ok(())
}

/// The keys an invitation's `extra` may hold: the fields of [`InvitationInfo`] plus
/// `respond_by`, the closing date under its documented older name.
pub fn invitation_extra_keys() -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = match serde_json::to_value(InvitationInfo::default()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        _ => BTreeSet::new(),
    };
    keys.insert("respond_by".to_owned());
    keys
}

fn check_response_shape(
    revs: &[Revision],
    extra: &serde_json::Map<String, Value>,
) -> Result<(), Rule> {
    if let Some(rev) = revs.iter().find(|r| r.kind != RecordKind::Response) {
        return Err(Rule::ResponseOnly { kind: rev.kind });
    }
    let records: BTreeSet<(&str, &str)> = revs
        .iter()
        .map(|r| (r.review_id.as_str(), r.record_id.as_str()))
        .collect();
    if records.len() != 1 {
        return Err(Rule::OneResponse {
            count: records.len(),
        });
    }
    if let Some(rev) = revs.iter().find(|r| r.is_deleted()) {
        return Err(Rule::NoDeletion {
            file: BundleKind::Response,
            kind: rev.kind,
        });
    }
    if extra.contains_key(LOCAL_META) {
        return Err(Rule::NoLocalSettings {
            file: BundleKind::Response,
        });
    }
    let authors: BTreeSet<&str> = revs.iter().map(|r| r.author.as_str()).collect();
    if authors.len() > 1 {
        return Err(Rule::ResponseAuthors {
            count: authors.len(),
        });
    }
    if let Some(role) = authors.iter().map(|a| role_of(a)).find(|r| is_team(*r)) {
        return Err(Rule::NotARespondent { role });
    }
    Ok(())
}

/// Roles that write for the review team rather than as a respondent.
fn is_team(role: Role) -> bool {
    matches!(role, Role::Host | Role::ImprovementService | Role::Peer)
}

/// A response already here may only grow by revisions of the author who wrote it, and never
/// when it was written by the review team.
/// A vote set belongs to the participant who placed it: a contribution may add to a vote set
/// only if every earlier revision of it (here or in the file) has the same author.
fn check_vote_owner(revs: &[Revision], local: &RevisionSet) -> Result<(), Rule> {
    let mut authors: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for rev in revs.iter().filter(|r| r.kind == RecordKind::Vote) {
        let key = (rev.review_id.as_str(), rev.record_id.as_str());
        let set = authors.entry(key).or_default();
        set.insert(rev.author.as_str());
        for here in local.revisions_of(key.1, key.0) {
            set.insert(here.author.as_str());
        }
    }
    if authors.values().any(|a| a.len() > 1) {
        return Err(Rule::SomeoneElsesVotes);
    }
    Ok(())
}

fn check_response_owner(revs: &[Revision], local: &RevisionSet) -> Result<(), Rule> {
    let Some(first) = revs.first() else {
        return Ok(());
    };
    let here = local.revisions_of(&first.record_id, &first.review_id);
    if here.is_empty() {
        return Ok(());
    }
    // Revisions by the team (a withdrawal, say) do not make the response theirs; the
    // respondent's own later answers still arrive, as a visible conflict if need be.
    let owners: BTreeSet<&str> = here
        .iter()
        .map(|r| r.author.as_str())
        .filter(|a| !is_team(role_of(a)))
        .collect();
    if owners.is_empty() {
        let role = here
            .iter()
            .map(|r| role_of(&r.author))
            .min()
            .unwrap_or(Role::Unknown);
        return Err(Rule::NotARespondent { role });
    }
    let adds_foreign = revs
        .iter()
        .filter(|r| !local.contains(&r.rev_id))
        .any(|r| !owners.contains(r.author.as_str()));
    if adds_foreign {
        return Err(Rule::SomeoneElsesResponse);
    }
    Ok(())
}

fn check_contribution(
    revs: &[Revision],
    extra: &serde_json::Map<String, Value>,
) -> Result<(), Rule> {
    if let Some(rev) = revs.iter().find(|r| !PARTICIPANT_KINDS.contains(&r.kind)) {
        return Err(Rule::ContributionKind { kind: rev.kind });
    }
    if extra.contains_key(LOCAL_META) {
        return Err(Rule::NoLocalSettings {
            file: BundleKind::Contribution,
        });
    }
    Ok(())
}

/// A backup restores settings only under the known prefixes, and only for its own review (a
/// workspace backup: for the reviews whose revisions it carries).
fn check_local_meta(bundle: &Bundle) -> Result<(), Rule> {
    let Some(meta) = bundle.content.extra.get(LOCAL_META) else {
        return Ok(());
    };
    let Value::Object(meta) = meta else {
        return Err(Rule::ForeignLocalSetting {
            key: LOCAL_META.to_owned(),
        });
    };
    let reviews: BTreeSet<&str> = match &bundle.header.review {
        Some(review) => BTreeSet::from([review.id.as_str()]),
        None => bundle
            .content
            .revisions
            .iter()
            .map(|r| r.review_id.as_str())
            .collect(),
    };
    for (key, value) in meta {
        let for_held_review = BACKED_UP_META.iter().any(|prefix| {
            key.strip_prefix(prefix)
                .is_some_and(|review| reviews.contains(review))
        });
        if !for_held_review || !value.is_string() {
            return Err(Rule::ForeignLocalSetting { key: key.clone() });
        }
    }
    Ok(())
}

/// Rules for every kind of file: record id shapes, one kind per record, parents within the
/// record, and set-up tombstones only from backups.
fn check_common(file: BundleKind, revs: &[Revision], local: &RevisionSet) -> Result<(), Rule> {
    let backup = matches!(file, BundleKind::Backup | BundleKind::Workspace);
    let mut kinds: BTreeMap<(&str, &str), RecordKind> = BTreeMap::new();
    let by_id: BTreeMap<&str, &Revision> = revs.iter().map(|r| (r.rev_id.as_str(), r)).collect();
    for rev in revs {
        let id_fits = match rev.kind {
            RecordKind::Review => rev.record_id == rev.review_id,
            RecordKind::Checklist => rev.record_id == CHECKLIST_RECORD,
            _ => rev.record_id != rev.review_id && rev.record_id != CHECKLIST_RECORD,
        };
        if !id_fits {
            return Err(Rule::RecordIdShape { kind: rev.kind });
        }
        if rev.kind == RecordKind::Review && rev.is_deleted() && !backup {
            return Err(Rule::SetupTombstone { file });
        }
        let key = (rev.review_id.as_str(), rev.record_id.as_str());
        match kinds.get(&key) {
            Some(&seen) if seen != rev.kind => {
                // Files list revisions by rev_id, so name the two kinds in a fixed order.
                return Err(Rule::KindChanged {
                    was: seen.min(rev.kind),
                    now: seen.max(rev.kind),
                });
            }
            Some(_) => {}
            None => {
                if let Some(here) = local
                    .revisions_of(&rev.record_id, &rev.review_id)
                    .iter()
                    .find(|h| h.kind != rev.kind)
                {
                    return Err(Rule::KindChanged {
                        was: here.kind,
                        now: rev.kind,
                    });
                }
                kinds.insert(key, rev.kind);
            }
        }
        for parent in &rev.parents {
            let found = by_id
                .get(parent.as_str())
                .copied()
                .or_else(|| local.get(parent));
            if let Some(p) = found {
                if p.review_id != rev.review_id || p.record_id != rev.record_id {
                    return Err(Rule::CrossRecordParent);
                }
            }
        }
    }
    Ok(())
}

/// The order in which to apply files chosen together, so that what a file builds on comes
/// first: workspace backups, backups, invitations, contributions, then responses; within a
/// kind, oldest first (`created_at`), then by digest and position so the order is total.
pub fn import_order(bundles: &[&Header]) -> Vec<usize> {
    let rank = |kind: BundleKind| match kind {
        BundleKind::Workspace => 0,
        BundleKind::Backup => 1,
        BundleKind::Invitation => 2,
        BundleKind::Contribution => 3,
        BundleKind::Response => 4,
    };
    let mut order: Vec<usize> = (0..bundles.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (bundles[i], bundles[j]);
        (rank(a.kind), a.created_at, &a.digest, i).cmp(&(rank(b.kind), b.created_at, &b.digest, j))
    });
    order
}

/// What happens to one record, judged from its revisions before and after the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    Adds,
    Changes,
    Conflicts,
    Deletes,
}

/// Preview lines saying what importing `plan` into `local` will change, computed from the
/// revisions it writes (and the records here), never from titles or labels in the file.
/// `kind` is the file's kind, for the backup warning. Always at least one line.
pub fn describe(plan: &ImportPlan, local: &RevisionSet, kind: BundleKind) -> Vec<String> {
    let mut lines = Vec::new();
    match kind {
        BundleKind::Backup => {
            lines.push("A backup can change anything in this review".to_owned());
        }
        BundleKind::Workspace => lines.push(
            "A backup of every review can change anything in the reviews it holds".to_owned(),
        ),
        _ => {}
    }
    // Incoming revisions per record, and each record's kind as it is here (else as written).
    let mut records: BTreeMap<(&str, &str), Vec<&Revision>> = BTreeMap::new();
    for rev in &plan.to_write {
        records
            .entry((rev.review_id.as_str(), rev.record_id.as_str()))
            .or_default()
            .push(rev);
    }
    let mut counts: BTreeMap<(RecordKind, Change), usize> = BTreeMap::new();
    let mut history_only = false;
    for ((review_id, record_id), incoming) in &records {
        let here = local.revisions_of(record_id, review_id);
        let Some(kind) = here
            .first()
            .map(|r| r.kind)
            .or_else(|| incoming.first().map(|r| r.kind))
        else {
            continue;
        };
        let before = heads_among(&here);
        let after = heads_among(&here.iter().chain(incoming).copied().collect::<Vec<_>>());
        let change = if after.len() > 1 {
            Change::Conflicts
        } else if here.is_empty() && after.iter().all(|h| h.is_deleted()) {
            // A record that arrives already deleted: only its history is kept.
            history_only = true;
            continue;
        } else if after.iter().all(|h| h.is_deleted())
            && !(before.len() == 1 && before.iter().all(|h| h.is_deleted()))
        {
            Change::Deletes
        } else if here.is_empty() {
            Change::Adds
        } else if same_ids(&before, &after) {
            // Only older revisions: nothing the user sees moves.
            history_only = true;
            continue;
        } else {
            Change::Changes
        };
        *counts.entry((kind, change)).or_default() += 1;
    }
    for ((kind, change), n) in &counts {
        lines.push(line(*kind, *change, *n));
    }
    let elsewhere = plan
        .records
        .iter()
        .filter(|r| r.outcome == ImportOutcome::OtherReview)
        .count();
    if elsewhere > 0 {
        lines.push(format!(
            "Leaves out {elsewhere} {} that {} to another review",
            if elsewhere == 1 { "record" } else { "records" },
            if elsewhere == 1 { "belongs" } else { "belong" }
        ));
    }
    if counts.is_empty() {
        lines.push(if history_only {
            "Adds only earlier history: nothing you see changes".to_owned()
        } else {
            "Changes nothing: everything in it is already here".to_owned()
        });
    }
    lines
}

fn line(kind: RecordKind, change: Change, n: usize) -> String {
    let choose = " (you will need to choose)";
    let one = n == 1;
    match (kind, change) {
        (RecordKind::Review, Change::Adds) if one => "Adds the review's set-up".to_owned(),
        (RecordKind::Review, Change::Changes) if one => "Changes the review's set-up".to_owned(),
        (RecordKind::Review, Change::Conflicts) if one => {
            format!("Changes the review's set-up, which was also changed here{choose}")
        }
        (RecordKind::Review, Change::Deletes) if one => {
            "Deletes the review from this browser (a backup can do this)".to_owned()
        }
        (RecordKind::Review, Change::Deletes) => {
            format!("Deletes {n} reviews from this browser (a backup can do this)")
        }
        (RecordKind::Checklist, Change::Adds) if one => "Adds the checklist".to_owned(),
        (RecordKind::Checklist, Change::Changes) if one => "Changes the checklist".to_owned(),
        (RecordKind::Checklist, Change::Conflicts) if one => {
            format!("Changes the checklist, which was also changed here{choose}")
        }
        (RecordKind::Checklist, Change::Deletes) if one => "Deletes the checklist".to_owned(),
        (kind, Change::Adds) => format!("Adds {n} {}", kind.noun(n)),
        (kind, Change::Changes) => format!("Changes {n} {}", kind.noun(n)),
        (kind, Change::Conflicts) => format!(
            "Changes {n} {} that {} also changed here{choose}",
            kind.noun(n),
            if one { "was" } else { "were" }
        ),
        (kind, Change::Deletes) => format!("Deletes {n} {}", kind.noun(n)),
    }
}

/// Heads among revisions of one record (the merge model's own rule), ordered by `rev_id` so
/// that two sets of heads compare by position.
fn heads_among<'r>(revs: &[&'r Revision]) -> Vec<&'r Revision> {
    let mut heads = heads_of(revs.to_vec());
    heads.sort_by(|a, b| a.rev_id.cmp(&b.rev_id));
    heads.dedup_by(|a, b| a.rev_id == b.rev_id);
    heads
}

fn same_ids(a: &[&Revision], b: &[&Revision]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.rev_id == y.rev_id)
}
