//! The one merge model for every kind of record (see docs/bundle-format.md).
//!
//! A record changes only by appending immutable [`Revision`]s. Merging two stores, or importing a
//! bundle, is set union of revisions ([`RevisionSet::merge`]); everything else (current value,
//! conflicts, history) is derived from the set, so it is the same whatever order things arrived in.
//!
//! Records are identified by `(record_id, review_id)`: some record ids (such as `"checklist"`)
//! repeat in every review, so queries always take both.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// How many hex characters of the SHA-256 make a `rev_id` (128 bits: collisions are not a risk).
pub const REV_ID_LEN: usize = 32;

/// What a record is. The body of a revision is the JSON of the matching typed struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// `review::ReviewSetup`: one per review, record_id == review_id.
    Review,
    /// `checklist::Checklist` chosen for the review (record_id == "checklist").
    Checklist,
    /// `response::ResponseBody`: one stakeholder's self-assessment.
    Response,
    /// Fieldwork note, vote set, AFI, plan action, report section (later issues).
    Note,
    Vote,
    Afi,
    Action,
    ReportSection,
}

impl RecordKind {
    /// Every kind, in declaration order.
    pub const ALL: [RecordKind; 8] = [
        RecordKind::Review,
        RecordKind::Checklist,
        RecordKind::Response,
        RecordKind::Note,
        RecordKind::Vote,
        RecordKind::Afi,
        RecordKind::Action,
        RecordKind::ReportSection,
    ];

    /// The serde name (also what the content hash uses).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Review => "review",
            RecordKind::Checklist => "checklist",
            RecordKind::Response => "response",
            RecordKind::Note => "note",
            RecordKind::Vote => "vote",
            RecordKind::Afi => "afi",
            RecordKind::Action => "action",
            RecordKind::ReportSection => "report_section",
        }
    }

    /// A plain-English noun for `count` records of this kind ("1 response", "3 responses").
    pub fn noun(self, count: usize) -> &'static str {
        let one = count == 1;
        match self {
            RecordKind::Review if one => "review set-up",
            RecordKind::Review => "review set-ups",
            RecordKind::Checklist if one => "checklist",
            RecordKind::Checklist => "checklists",
            RecordKind::Response if one => "response",
            RecordKind::Response => "responses",
            RecordKind::Note if one => "note",
            RecordKind::Note => "notes",
            RecordKind::Vote if one => "vote set",
            RecordKind::Vote => "vote sets",
            RecordKind::Afi if one => "area for improvement",
            RecordKind::Afi => "areas for improvement",
            RecordKind::Action if one => "action",
            RecordKind::Action => "actions",
            RecordKind::ReportSection if one => "report section",
            RecordKind::ReportSection => "report sections",
        }
    }
}

/// An immutable revision of a record. `rev_id` is a content hash, so the same edit is the same
/// revision everywhere and a forged duplicate id cannot differ in content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub rev_id: String,
    pub record_id: String,
    pub review_id: String,
    pub kind: RecordKind,
    /// The heads this edit was made from; empty for a new record. Several = a conflict resolution.
    pub parents: Vec<String>,
    /// Pseudonymous device/author id, never a person's name.
    pub author: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// Schema version of `body`, so old records can be migrated in the domain.
    pub schema: u32,
    pub body: serde_json::Value,
}

impl Revision {
    /// Makes a revision and computes its content-hash `rev_id`. Parents are sorted and
    /// de-duplicated so the same edit always gets the same id.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        record_id: impl Into<String>,
        review_id: impl Into<String>,
        kind: RecordKind,
        mut parents: Vec<String>,
        author: impl Into<String>,
        at: i64,
        schema: u32,
        body: Value,
    ) -> Revision {
        parents.sort();
        parents.dedup();
        let mut rev = Revision {
            rev_id: String::new(),
            record_id: record_id.into(),
            review_id: review_id.into(),
            kind,
            parents,
            author: author.into(),
            at,
            schema,
            body,
        };
        rev.rev_id = rev.content_id();
        rev
    }

    /// The id this revision's content hashes to: the first [`REV_ID_LEN`] lowercase hex chars of
    /// SHA-256 over the canonical JSON of every field except `rev_id`.
    pub fn content_id(&self) -> String {
        let mut out = String::with_capacity(256);
        // Keys written in sorted order, as `canonical_json` would for the equivalent object.
        out.push_str("{\"at\":");
        out.push_str(&self.at.to_string());
        out.push_str(",\"author\":");
        write_json_str(&self.author, &mut out);
        out.push_str(",\"body\":");
        write_canonical(&self.body, &mut out);
        out.push_str(",\"kind\":");
        write_json_str(self.kind.as_str(), &mut out);
        out.push_str(",\"parents\":[");
        for (i, p) in self.parents.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_str(p, &mut out);
        }
        out.push_str("],\"record_id\":");
        write_json_str(&self.record_id, &mut out);
        out.push_str(",\"review_id\":");
        write_json_str(&self.review_id, &mut out);
        out.push_str(",\"schema\":");
        out.push_str(&self.schema.to_string());
        out.push('}');
        let mut hex = sha256_hex(out.as_bytes());
        hex.truncate(REV_ID_LEN);
        hex
    }

    /// True when `rev_id` matches the content (the revision was not altered or forged).
    pub fn verify(&self) -> bool {
        self.rev_id == self.content_id()
    }

    /// True for a tombstone: a body with `"deleted": true`.
    pub fn is_deleted(&self) -> bool {
        self.body.get("deleted") == Some(&Value::Bool(true))
    }
}

/// The body of a tombstone revision: deleting is just another edit.
pub fn tombstone_body() -> Value {
    serde_json::json!({ "deleted": true })
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace, strings escaped as
/// `serde_json` does. Written by hand so the hash does not depend on serde_json's map features.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(k, out);
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        Value::String(s) => write_json_str(s, out),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 0x0f]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The current value of a record: one head, or several concurrent heads the user must resolve.
#[derive(Debug, Clone, PartialEq)]
pub enum Current<'a> {
    Single(&'a Revision),
    /// Two or more heads, oldest first. Never pick a winner silently.
    Conflict(Vec<&'a Revision>),
}

impl<'a> Current<'a> {
    /// True when the record has concurrent heads.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Current::Conflict(_))
    }

    /// The single head, if there is no conflict.
    pub fn single(&self) -> Option<&'a Revision> {
        match self {
            Current::Single(rev) => Some(rev),
            Current::Conflict(_) => None,
        }
    }

    /// Every head (one for `Single`).
    pub fn heads(&self) -> Vec<&'a Revision> {
        match self {
            Current::Single(rev) => vec![*rev],
            Current::Conflict(revs) => revs.clone(),
        }
    }
}

/// `(review_id, record_id)`: the identity of a record.
type RecordKey = (String, String);

/// A set of revisions keyed by `rev_id`, with an index by record. Merge is set union.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionSet {
    revs: BTreeMap<String, Revision>,
    by_record: BTreeMap<RecordKey, BTreeSet<String>>,
}

impl RevisionSet {
    /// An empty set.
    pub fn new() -> RevisionSet {
        RevisionSet::default()
    }

    /// A set holding every valid revision of `revs`.
    pub fn from_revisions(revs: impl IntoIterator<Item = Revision>) -> RevisionSet {
        let mut set = RevisionSet::new();
        for rev in revs {
            set.insert(rev);
        }
        set
    }

    /// Adds a revision; true if it was new. A revision whose `rev_id` does not verify is refused
    /// (returns false), which is what makes union safe: one id can only ever mean one content.
    pub fn insert(&mut self, rev: Revision) -> bool {
        if self.revs.contains_key(&rev.rev_id) || !rev.verify() {
            return false;
        }
        self.by_record
            .entry((rev.review_id.clone(), rev.record_id.clone()))
            .or_default()
            .insert(rev.rev_id.clone());
        self.revs.insert(rev.rev_id.clone(), rev);
        true
    }

    /// Removes a revision. Only for this browser's own autosave, which replaces a revision that
    /// has never left the browser; merging never removes anything.
    pub fn remove(&mut self, rev_id: &str) -> Option<Revision> {
        let rev = self.revs.remove(rev_id)?;
        let key = (rev.review_id.clone(), rev.record_id.clone());
        if let Some(ids) = self.by_record.get_mut(&key) {
            ids.remove(rev_id);
            if ids.is_empty() {
                self.by_record.remove(&key);
            }
        }
        Some(rev)
    }

    /// Set union with `other`; returns how many revisions were new here.
    pub fn merge(&mut self, other: &RevisionSet) -> usize {
        other
            .revs
            .values()
            .filter(|rev| self.insert((*rev).clone()))
            .count()
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.revs.len()
    }

    /// True when there are no revisions.
    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }

    /// True when a revision with this id is held.
    pub fn contains(&self, rev_id: &str) -> bool {
        self.revs.contains_key(rev_id)
    }

    /// The revision with this id.
    pub fn get(&self, rev_id: &str) -> Option<&Revision> {
        self.revs.get(rev_id)
    }

    /// Every revision, ordered by `rev_id`.
    pub fn iter(&self) -> impl Iterator<Item = &Revision> {
        self.revs.values()
    }

    /// Every revision, cloned, ordered by `rev_id` (for writing to storage or a bundle).
    pub fn to_vec(&self) -> Vec<Revision> {
        self.revs.values().cloned().collect()
    }

    /// Every revision of one record, ordered by `rev_id`.
    pub fn revisions_of(&self, record_id: &str, review_id: &str) -> Vec<&Revision> {
        self.by_record
            .get(&(review_id.to_owned(), record_id.to_owned()))
            .map(|ids| ids.iter().filter_map(|id| self.revs.get(id)).collect())
            .unwrap_or_default()
    }

    /// The record's revisions that no other revision of it names as a parent, oldest first
    /// (by `at`, then `rev_id`).
    pub fn heads(&self, record_id: &str, review_id: &str) -> Vec<&Revision> {
        heads_of(self.revisions_of(record_id, review_id))
    }

    /// The record's current value, or `None` if the record is unknown.
    pub fn current(&self, record_id: &str, review_id: &str) -> Option<Current<'_>> {
        let mut heads = self.heads(record_id, review_id);
        match heads.len() {
            0 => None,
            1 => heads.pop().map(Current::Single),
            _ => Some(Current::Conflict(heads)),
        }
    }

    /// Ids of the review's records of `kind` (including deleted ones), sorted.
    pub fn records(&self, review_id: &str, kind: RecordKind) -> Vec<String> {
        self.record_keys(review_id)
            .filter(|(_, ids)| {
                ids.iter()
                    .filter_map(|id| self.revs.get(id))
                    .any(|rev| rev.kind == kind)
            })
            .map(|((_, record_id), _)| record_id.clone())
            .collect()
    }

    /// Like [`records`](Self::records) but leaving out records whose single head is a tombstone.
    /// A conflict involving a tombstone stays visible so the user can decide.
    pub fn live_records(&self, review_id: &str, kind: RecordKind) -> Vec<String> {
        self.records(review_id, kind)
            .into_iter()
            .filter(|record_id| {
                !matches!(self.current(record_id, review_id), Some(Current::Single(rev)) if rev.is_deleted())
            })
            .collect()
    }

    /// Ids of the review's records that currently have concurrent heads, sorted.
    pub fn conflicts(&self, review_id: &str) -> Vec<String> {
        self.record_keys(review_id)
            .filter(|((_, record_id), _)| self.heads(record_id, review_id).len() > 1)
            .map(|((_, record_id), _)| record_id.clone())
            .collect()
    }

    /// Every review id with at least one revision, sorted.
    pub fn review_ids(&self) -> Vec<String> {
        let ids: BTreeSet<&String> = self.by_record.keys().map(|(review, _)| review).collect();
        ids.into_iter().cloned().collect()
    }

    /// The subset of revisions belonging to one review.
    pub fn for_review(&self, review_id: &str) -> RevisionSet {
        let mut set = RevisionSet::new();
        for (key, ids) in self.record_keys(review_id) {
            set.by_record.insert(key.clone(), ids.clone());
            for id in ids {
                if let Some(rev) = self.revs.get(id) {
                    set.revs.insert(id.clone(), rev.clone());
                }
            }
        }
        set
    }

    /// The record's revisions newest first: a revision always comes before its parents, and
    /// among revisions that are free to go next the latest `at` (then `rev_id`) wins.
    pub fn history(&self, record_id: &str, review_id: &str) -> Vec<&Revision> {
        let revs: BTreeMap<&str, &Revision> = self
            .revisions_of(record_id, review_id)
            .into_iter()
            .map(|rev| (rev.rev_id.as_str(), rev))
            .collect();
        // Count children within the record: a revision is ready once all its children are out.
        let mut pending: BTreeMap<&str, usize> = revs.keys().map(|id| (*id, 0)).collect();
        for rev in revs.values() {
            for parent in &rev.parents {
                if let Some(n) = pending.get_mut(parent.as_str()) {
                    *n += 1;
                }
            }
        }
        let order_key = |rev: &'_ Revision| (Reverse(rev.at), rev.rev_id.clone());
        let mut ready: BTreeMap<(Reverse<i64>, String), &Revision> = revs
            .values()
            .filter(|rev| pending.get(rev.rev_id.as_str()) == Some(&0))
            .map(|rev| (order_key(rev), *rev))
            .collect();
        let mut out = Vec::with_capacity(revs.len());
        while let Some((_, rev)) = ready.pop_first() {
            out.push(rev);
            for parent in &rev.parents {
                if let Some(n) = pending.get_mut(parent.as_str()) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        if let Some(p) = revs.get(parent.as_str()) {
                            ready.insert(order_key(p), *p);
                        }
                    }
                }
            }
        }
        // Content hashes make cycles impossible, but never drop a revision if one were forged.
        if out.len() < revs.len() {
            let seen: BTreeSet<&str> = out.iter().map(|r| r.rev_id.as_str()).collect();
            let mut rest: Vec<&Revision> = revs
                .values()
                .filter(|r| !seen.contains(r.rev_id.as_str()))
                .copied()
                .collect();
            rest.sort_by_key(|r| order_key(r));
            out.extend(rest);
        }
        out
    }

    /// A new revision of the record whose parents are all its current heads, so saving it
    /// supersedes the current value and resolves any conflict. Does not insert it.
    #[allow(clippy::too_many_arguments)]
    pub fn edit(
        &self,
        record_id: &str,
        review_id: &str,
        kind: RecordKind,
        author: &str,
        at: i64,
        schema: u32,
        body: Value,
    ) -> Revision {
        let parents = self
            .heads(record_id, review_id)
            .iter()
            .map(|rev| rev.rev_id.clone())
            .collect();
        Revision::new(
            record_id, review_id, kind, parents, author, at, schema, body,
        )
    }

    fn record_keys<'s>(
        &'s self,
        review_id: &str,
    ) -> impl Iterator<Item = (&'s RecordKey, &'s BTreeSet<String>)> + 's {
        let review = review_id.to_owned();
        self.by_record
            .range((review.clone(), String::new())..)
            .take_while(move |((r, _), _)| *r == review)
    }
}

/// Heads among `revs` (all of one record): those no other member names as a parent.
pub(crate) fn heads_of(revs: Vec<&Revision>) -> Vec<&Revision> {
    let named: BTreeSet<&str> = revs
        .iter()
        .flat_map(|rev| rev.parents.iter().map(String::as_str))
        .collect();
    let mut heads: Vec<&Revision> = revs
        .into_iter()
        .filter(|rev| !named.contains(rev.rev_id.as_str()))
        .collect();
    heads.sort_by(|a, b| (a.at, &a.rev_id).cmp(&(b.at, &b.rev_id)));
    heads
}

/// What importing would do to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// Not here yet.
    New,
    /// The incoming revisions descend from the local head: the record moves forward.
    Updated,
    /// Every incoming revision is already here.
    AlreadyHere,
    /// The incoming version is older than the one here: nothing changes.
    Older,
    /// Concurrent heads will result: the user must choose.
    Conflict,
    /// The revision belongs to a different review from the one being imported into.
    OtherReview,
}

/// The planned outcome for one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordImport {
    pub review_id: String,
    pub record_id: String,
    pub kind: RecordKind,
    pub outcome: ImportOutcome,
}

/// How many records get each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub new: usize,
    pub updated: usize,
    pub already_here: usize,
    pub older: usize,
    pub conflicts: usize,
    pub other_review: usize,
}

impl ImportCounts {
    fn add(&mut self, outcome: ImportOutcome) {
        match outcome {
            ImportOutcome::New => self.new += 1,
            ImportOutcome::Updated => self.updated += 1,
            ImportOutcome::AlreadyHere => self.already_here += 1,
            ImportOutcome::Older => self.older += 1,
            ImportOutcome::Conflict => self.conflicts += 1,
            ImportOutcome::OtherReview => self.other_review += 1,
        }
    }

    /// Total number of records counted.
    pub fn total(&self) -> usize {
        self.new
            + self.updated
            + self.already_here
            + self.older
            + self.conflicts
            + self.other_review
    }
}

/// A preview of an import, and exactly what to write. Applying never deletes anything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// One entry per incoming record, sorted by review, kind, then record id.
    pub records: Vec<RecordImport>,
    /// Counts per record kind.
    pub by_kind: BTreeMap<RecordKind, ImportCounts>,
    /// The revisions not already here (and for the right review), sorted by `rev_id`.
    pub to_write: Vec<Revision>,
    /// Incoming revisions ignored because their `rev_id` did not match their content.
    pub invalid: usize,
}

impl ImportPlan {
    /// Counts over every kind.
    pub fn totals(&self) -> ImportCounts {
        let mut t = ImportCounts::default();
        for c in self.by_kind.values() {
            t.new += c.new;
            t.updated += c.updated;
            t.already_here += c.already_here;
            t.older += c.older;
            t.conflicts += c.conflicts;
            t.other_review += c.other_review;
        }
        t
    }

    /// True when applying would change nothing.
    pub fn is_noop(&self) -> bool {
        self.to_write.is_empty()
    }

    /// One line for the preview, e.g. "3 new responses, 1 updated, 2 already here, 1 belongs to
    /// another review". Names the kind when only one kind is involved.
    pub fn summary(&self) -> String {
        let t = self.totals();
        if t.total() == 0 {
            return "Nothing to import".to_owned();
        }
        let mut kinds = self.by_kind.keys();
        let only_kind = match (kinds.next(), kinds.next()) {
            (Some(k), None) => Some(*k),
            _ => None,
        };
        let noun = |n: usize| match only_kind {
            Some(kind) => kind.noun(n),
            None if n == 1 => "record",
            None => "records",
        };
        let mut parts = Vec::new();
        if t.new > 0 {
            parts.push(format!("{} new {}", t.new, noun(t.new)));
        }
        if t.updated > 0 {
            parts.push(format!("{} updated", t.updated));
        }
        if t.already_here > 0 {
            parts.push(format!("{} already here", t.already_here));
        }
        if t.older > 0 {
            parts.push(format!("{} older than the copy here", t.older));
        }
        if t.conflicts > 0 {
            parts.push(format!(
                "{} changed in two places (you will need to choose)",
                t.conflicts
            ));
        }
        if t.other_review > 0 {
            let verb = if t.other_review == 1 {
                "belongs"
            } else {
                "belong"
            };
            parts.push(format!("{} {verb} to another review", t.other_review));
        }
        parts.join(", ")
    }

    /// Inserts the planned revisions; returns how many were new.
    pub fn apply(&self, set: &mut RevisionSet) -> usize {
        self.to_write
            .iter()
            .filter(|rev| set.insert((*rev).clone()))
            .count()
    }
}

/// Classifies what importing `incoming` into `local` would do, per record. With
/// `expected_review`, revisions of any other review are reported and not written.
pub fn plan_import(
    local: &RevisionSet,
    incoming: &[Revision],
    expected_review: Option<&str>,
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let mut groups: BTreeMap<RecordKey, BTreeMap<&str, &Revision>> = BTreeMap::new();
    for rev in incoming {
        if !rev.verify() {
            plan.invalid += 1;
            continue;
        }
        groups
            .entry((rev.review_id.clone(), rev.record_id.clone()))
            .or_default()
            .insert(rev.rev_id.as_str(), rev);
    }
    let mut to_write: BTreeMap<&str, &Revision> = BTreeMap::new();
    for ((review_id, record_id), revs) in &groups {
        // Deterministic kind for the record: that of its smallest rev_id.
        let Some(kind) = revs.values().next().map(|rev| rev.kind) else {
            continue;
        };
        let outcome = if expected_review.is_some_and(|want| want != review_id) {
            ImportOutcome::OtherReview
        } else {
            let unknown: Vec<&Revision> = revs
                .values()
                .filter(|rev| !local.contains(&rev.rev_id))
                .copied()
                .collect();
            let local_revs = local.revisions_of(record_id, review_id);
            let outcome = classify(&local_revs, revs.values().copied().collect(), &unknown);
            for rev in unknown {
                to_write.insert(rev.rev_id.as_str(), rev);
            }
            outcome
        };
        plan.by_kind.entry(kind).or_default().add(outcome);
        plan.records.push(RecordImport {
            review_id: review_id.clone(),
            record_id: record_id.clone(),
            kind,
            outcome,
        });
    }
    plan.records.sort_by(|a, b| {
        (&a.review_id, a.kind, &a.record_id).cmp(&(&b.review_id, b.kind, &b.record_id))
    });
    plan.to_write = to_write.into_values().cloned().collect();
    plan
}

/// Compares the record's heads before and after the union to name the outcome.
fn classify(local: &[&Revision], incoming: Vec<&Revision>, unknown: &[&Revision]) -> ImportOutcome {
    if local.is_empty() {
        return ImportOutcome::New;
    }
    let ids = |revs: Vec<&Revision>| -> BTreeSet<String> {
        revs.into_iter().map(|rev| rev.rev_id.clone()).collect()
    };
    let before = ids(heads_of(local.to_vec()));
    let after = ids(heads_of(local.iter().chain(unknown).copied().collect()));
    if before == after {
        // Nothing moves. Either they sent what is here, or something behind it.
        if ids(heads_of(incoming)).is_subset(&before) {
            ImportOutcome::AlreadyHere
        } else {
            ImportOutcome::Older
        }
    } else if after.len() > 1 {
        ImportOutcome::Conflict
    } else {
        ImportOutcome::Updated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rev(record: &str, parents: &[&Revision], at: i64, body: Value) -> Revision {
        Revision::new(
            record,
            "rv1",
            RecordKind::Response,
            parents.iter().map(|p| p.rev_id.clone()).collect(),
            "dev-a",
            at,
            1,
            body,
        )
    }

    #[test]
    fn rev_id_is_a_stable_content_hash() {
        let a = rev("r1", &[], 10, json!({"b": 1, "a": "x"}));
        let b = rev("r1", &[], 10, json!({"a": "x", "b": 1}));
        assert_eq!(a.rev_id, b.rev_id);
        assert_eq!(a.rev_id.len(), REV_ID_LEN);
        assert!(a
            .rev_id
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert!(a.verify());
        let mut forged = a.clone();
        forged.body = json!({"a": "y"});
        assert!(!forged.verify());
        assert_ne!(
            a.rev_id,
            rev("r1", &[], 11, json!({"b": 1, "a": "x"})).rev_id
        );
    }

    #[test]
    fn rev_id_is_pinned() {
        // Guards the canonical form: changing it would orphan every stored revision.
        let r = Revision::new(
            "r",
            "v",
            RecordKind::Note,
            vec![],
            "a",
            1,
            1,
            json!({"t": "é\n"}),
        );
        let canonical = r#"{"at":1,"author":"a","body":{"t":"é\n"},"kind":"note","parents":[],"record_id":"r","review_id":"v","schema":1}"#;
        assert_eq!(r.rev_id, sha256_hex(canonical.as_bytes())[..REV_ID_LEN]);
    }

    #[test]
    fn canonical_json_matches_serde_escaping() {
        let v = json!({"z": [1, 2.5, null, true], "a": "q\"\\\u{1}\u{8}<script>", "m": {"y": 1, "b": 2}});
        let c = canonical_json(&v);
        assert_eq!(
            c,
            r#"{"a":"q\"\\\u0001\b<script>","m":{"b":2,"y":1},"z":[1,2.5,null,true]}"#
        );
        let back: Value = serde_json::from_str(&c).expect("canonical JSON parses");
        assert_eq!(back, v);
    }

    #[test]
    fn kind_names_match_serde() {
        for kind in RecordKind::ALL {
            assert_eq!(serde_json::to_value(kind).ok(), Some(json!(kind.as_str())));
        }
    }

    #[test]
    fn heads_current_and_conflict_resolution() {
        let a = rev("r1", &[], 1, json!({"v": 1}));
        let b = rev("r1", &[&a], 2, json!({"v": 2}));
        let c = rev("r1", &[&a], 3, json!({"v": 3}));
        let mut set = RevisionSet::from_revisions([a.clone(), b.clone()]);
        assert_eq!(set.current("r1", "rv1"), Some(Current::Single(&b)));
        set.insert(c.clone());
        let cur = set.current("r1", "rv1");
        assert_eq!(cur, Some(Current::Conflict(vec![&b, &c])));
        assert_eq!(set.conflicts("rv1"), vec!["r1".to_owned()]);
        let fix = set.edit(
            "r1",
            "rv1",
            RecordKind::Response,
            "dev-b",
            4,
            1,
            json!({"v": 4}),
        );
        assert_eq!(fix.parents.len(), 2);
        set.insert(fix.clone());
        assert_eq!(set.current("r1", "rv1"), Some(Current::Single(&fix)));
        assert!(set.conflicts("rv1").is_empty());
        assert_eq!(set.history("r1", "rv1"), vec![&fix, &c, &b, &a]);
        assert_eq!(set.current("nope", "rv1"), None);
    }

    #[test]
    fn history_respects_parents_over_clock_skew() {
        let a = rev("r1", &[], 100, json!(1));
        let b = rev("r1", &[&a], 5, json!(2)); // device clock behind
        let set = RevisionSet::from_revisions([b.clone(), a.clone()]);
        assert_eq!(set.history("r1", "rv1"), vec![&b, &a]);
    }

    #[test]
    fn same_record_id_in_two_reviews_is_two_records() {
        let a = Revision::new(
            "checklist",
            "rv1",
            RecordKind::Checklist,
            vec![],
            "d",
            1,
            1,
            json!(1),
        );
        let b = Revision::new(
            "checklist",
            "rv2",
            RecordKind::Checklist,
            vec![],
            "d",
            1,
            1,
            json!(1),
        );
        let set = RevisionSet::from_revisions([a.clone(), b]);
        assert_eq!(set.current("checklist", "rv1"), Some(Current::Single(&a)));
        assert_eq!(set.review_ids(), vec!["rv1".to_owned(), "rv2".to_owned()]);
        assert_eq!(set.for_review("rv1").len(), 1);
        assert_eq!(
            set.records("rv2", RecordKind::Checklist),
            vec!["checklist".to_owned()]
        );
        assert!(set.records("rv2", RecordKind::Response).is_empty());
    }

    #[test]
    fn tombstones_hide_records_but_keep_history() {
        let a = rev("r1", &[], 1, json!({"v": 1}));
        let mut set = RevisionSet::from_revisions([a.clone()]);
        let del = set.edit(
            "r1",
            "rv1",
            RecordKind::Response,
            "d",
            2,
            1,
            tombstone_body(),
        );
        assert!(del.is_deleted());
        set.insert(del);
        assert!(set.live_records("rv1", RecordKind::Response).is_empty());
        assert_eq!(set.records("rv1", RecordKind::Response).len(), 1);
        assert_eq!(set.history("r1", "rv1").len(), 2);
    }

    #[test]
    fn insert_refuses_forged_revisions() {
        let mut a = rev("r1", &[], 1, json!(1));
        a.body = json!(2);
        let mut set = RevisionSet::new();
        assert!(!set.insert(a));
        assert!(set.is_empty());
    }

    #[test]
    fn plan_import_classifies_each_record() {
        let base = rev("same", &[], 1, json!(1));
        let old = rev("older", &[], 1, json!(1));
        let newer = rev("older", &[&old], 2, json!(2));
        let up0 = rev("up", &[], 1, json!(1));
        let up1 = rev("up", &[&up0], 2, json!(2));
        let c0 = rev("conf", &[], 1, json!(1));
        let c_local = rev("conf", &[&c0], 2, json!("mine"));
        let c_theirs = rev("conf", &[&c0], 3, json!("theirs"));
        let fresh = rev("fresh", &[], 1, json!(1));
        let foreign = Revision::new(
            "x",
            "rv2",
            RecordKind::Response,
            vec![],
            "d",
            1,
            1,
            json!(1),
        );
        let local = RevisionSet::from_revisions([
            base.clone(),
            old.clone(),
            newer,
            up0.clone(),
            c0.clone(),
            c_local,
        ]);
        let incoming = vec![
            base,
            old,
            up0,
            up1.clone(),
            c0,
            c_theirs.clone(),
            fresh.clone(),
            foreign,
        ];
        let plan = plan_import(&local, &incoming, Some("rv1"));
        let outcome = |id: &str| {
            plan.records
                .iter()
                .find(|r| r.record_id == id)
                .map(|r| r.outcome)
        };
        assert_eq!(outcome("same"), Some(ImportOutcome::AlreadyHere));
        assert_eq!(outcome("older"), Some(ImportOutcome::Older));
        assert_eq!(outcome("up"), Some(ImportOutcome::Updated));
        assert_eq!(outcome("conf"), Some(ImportOutcome::Conflict));
        assert_eq!(outcome("fresh"), Some(ImportOutcome::New));
        assert_eq!(outcome("x"), Some(ImportOutcome::OtherReview));
        let mut expect = vec![up1, c_theirs, fresh];
        expect.sort_by(|a, b| a.rev_id.cmp(&b.rev_id));
        assert_eq!(plan.to_write, expect);
        assert_eq!(
            plan.summary(),
            "1 new response, 1 updated, 1 already here, 1 older than the copy here, \
             1 changed in two places (you will need to choose), 1 belongs to another review"
        );
        let mut applied = local.clone();
        assert_eq!(plan.apply(&mut applied), 3);
        assert!(plan_import(&applied, &incoming, Some("rv1")).is_noop());
    }

    #[test]
    fn summary_uses_generic_noun_for_mixed_kinds() {
        let a = rev("r", &[], 1, json!(1));
        let n = Revision::new("n", "rv1", RecordKind::Note, vec![], "d", 1, 1, json!(1));
        let plan = plan_import(&RevisionSet::new(), &[a.clone(), n], None);
        assert_eq!(plan.summary(), "2 new records");
        let only = plan_import(&RevisionSet::new(), &[a], None);
        assert_eq!(only.summary(), "1 new response");
        assert_eq!(
            plan_import(&RevisionSet::new(), &[], None).summary(),
            "Nothing to import"
        );
    }
}

impl RevisionSet {
    /// One revision to stand for a record's unshared drafts, so a file carries only the current
    /// value and never the discarded steps that led to it (a response's earlier answers).
    ///
    /// When the record has a single head and two or more revisions since the last shared ones
    /// are drafts (`is_unshared`), returns a revision with the head's body whose parents are
    /// the nearest shared ancestors (none if nothing was ever shared), and the ids of the drafts
    /// it replaces. `None` when there is nothing to squash: several heads (a conflict is never
    /// resolved here), a shared head, or a head that is the only draft.
    pub fn squash_unshared(
        &self,
        record_id: &str,
        review_id: &str,
        is_unshared: impl Fn(&str) -> bool,
        author: &str,
        at: i64,
    ) -> Option<(Revision, Vec<String>)> {
        let [head] = self.heads(record_id, review_id)[..] else {
            return None;
        };
        if !is_unshared(&head.rev_id) {
            return None;
        }
        let of_record = |id: &str| {
            self.get(id)
                .filter(|r| r.record_id == record_id && r.review_id == review_id)
        };
        let mut drafts: BTreeSet<String> = BTreeSet::new();
        let mut boundary: BTreeSet<String> = BTreeSet::new();
        let mut stack = vec![head];
        while let Some(rev) = stack.pop() {
            if !drafts.insert(rev.rev_id.clone()) {
                continue;
            }
            for p in &rev.parents {
                match of_record(p) {
                    Some(parent) if is_unshared(p) => stack.push(parent),
                    // Shared, or not held here (the other side has it): keep it as a parent.
                    _ => {
                        boundary.insert(p.clone());
                    }
                }
            }
        }
        if drafts.len() < 2 {
            return None;
        }
        // Keep only the nearest: drop a shared parent that another one already descends from.
        let mut behind: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<&Revision> = boundary.iter().filter_map(|b| of_record(b)).collect();
        while let Some(rev) = stack.pop() {
            for p in &rev.parents {
                if behind.insert(p.clone()) {
                    stack.extend(of_record(p));
                }
            }
        }
        let parents = boundary.difference(&behind).cloned().collect();
        let rev = Revision::new(
            record_id,
            review_id,
            head.kind,
            parents,
            author,
            at,
            head.schema,
            head.body.clone(),
        );
        Some((rev, drafts.into_iter().collect()))
    }
}

#[cfg(test)]
mod squash_tests {
    use super::*;
    use serde_json::json;

    fn rev(parents: &[&Revision], at: i64, answer: &str) -> Revision {
        Revision::new(
            "resp",
            "rv1",
            RecordKind::Response,
            parents.iter().map(|p| p.rev_id.clone()).collect(),
            "respondent.a",
            at,
            1,
            json!({ "q1": answer }),
        )
    }

    #[test]
    fn drafts_after_a_sent_file_become_one_revision_on_top_of_it() {
        // Sent "agree" (shared), then changed to "disagree" and to "neutral" in two drafts.
        let sent = rev(&[], 1, "agree");
        let d1 = rev(&[&sent], 2, "disagree");
        let d2 = rev(&[&d1], 3, "neutral");
        let set = RevisionSet::from_revisions([sent.clone(), d1.clone(), d2.clone()]);
        let unshared = |id: &str| id == d1.rev_id || id == d2.rev_id;
        let (squashed, replaced) = set
            .squash_unshared("resp", "rv1", unshared, "respondent.a", 9)
            .expect("two drafts to squash");
        assert_eq!(squashed.parents, vec![sent.rev_id.clone()]);
        assert_eq!(squashed.body, json!({ "q1": "neutral" }));
        assert_eq!(squashed.author, "respondent.a");
        assert!(squashed.verify());
        let mut expect = vec![d1.rev_id.clone(), d2.rev_id.clone()];
        expect.sort();
        assert_eq!(replaced, expect);

        // The host, holding the first file, takes the squashed one as an update, not a conflict.
        let host = RevisionSet::from_revisions([sent.clone()]);
        let plan = plan_import(&host, std::slice::from_ref(&squashed), Some("rv1"));
        assert_eq!(plan.records[0].outcome, ImportOutcome::Updated);
    }

    #[test]
    fn never_shared_drafts_become_one_revision_without_parents() {
        let a = rev(&[], 1, "agree");
        let b = rev(&[&a], 2, "disagree");
        let set = RevisionSet::from_revisions([a.clone(), b.clone()]);
        let (squashed, replaced) = set
            .squash_unshared("resp", "rv1", |_| true, "respondent.a", 5)
            .expect("squash");
        assert!(squashed.parents.is_empty());
        assert_eq!(squashed.body, json!({ "q1": "disagree" }));
        assert_eq!(replaced.len(), 2);
    }

    #[test]
    fn nothing_to_squash_when_shared_single_draft_or_in_conflict() {
        let sent = rev(&[], 1, "agree");
        let d1 = rev(&[&sent], 2, "neutral");
        let set = RevisionSet::from_revisions([sent.clone(), d1.clone()]);
        let only_d1 = |id: &str| id == d1.rev_id;
        assert_eq!(set.squash_unshared("resp", "rv1", only_d1, "a", 3), None);
        assert_eq!(set.squash_unshared("resp", "rv1", |_| false, "a", 3), None);
        let other = rev(&[&sent], 4, "disagree");
        let conflict = RevisionSet::from_revisions([sent, d1, other]);
        assert_eq!(
            conflict.squash_unshared("resp", "rv1", |_| true, "a", 5),
            None
        );
        assert_eq!(
            RevisionSet::new().squash_unshared("resp", "rv1", |_| true, "a", 5),
            None
        );
    }

    #[test]
    fn only_the_nearest_shared_ancestors_become_parents() {
        // Shared a → shared b (from a merge of a and c) → drafts on b: the parent is b alone.
        let a = rev(&[], 1, "agree");
        let c = rev(&[], 1, "disagree");
        let b = rev(&[&a, &c], 2, "neutral");
        let d1 = rev(&[&b], 3, "agree");
        let d2 = rev(&[&d1, &a], 4, "disagree");
        let set = RevisionSet::from_revisions([a, b.clone(), c, d1.clone(), d2.clone()]);
        let unshared = |id: &str| id == d1.rev_id || id == d2.rev_id;
        let (squashed, _) = set
            .squash_unshared("resp", "rv1", unshared, "x", 5)
            .expect("squash");
        assert_eq!(squashed.parents, vec![b.rev_id]);
    }
}
