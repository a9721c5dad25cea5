//! The one conflict policy: how a page reads a record, and what it may show.
//!
//! A record is read as exactly one of: absent, one value, several versions a person must choose
//! between, or unreadable. Nothing here picks a winner: a record with several heads is always
//! [`Read::Conflict`], whatever their timestamps (which the sender supplies) say. A head that
//! cannot be decoded is reported, never treated as absent.

use super::author::role_of;
use super::checklist::{self, Checklist};
use super::date::Date;
use super::response::{self, ResponseBody};
use super::review::{self, ReviewSetup};
use super::revision::{RecordKind, Revision, RevisionSet};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A typed record body: its kind, its current schema version, and how to decode it.
pub trait Record: Sized + DeserializeOwned {
    const KIND: RecordKind;
    const SCHEMA: u32;

    /// Decodes a revision body written with `schema`. Refuses a newer schema with a message
    /// that says to update the app, rather than guessing at fields it does not know.
    fn decode(schema: u32, body: &Value) -> Result<Self, String> {
        let noun = Self::KIND.noun(1);
        if schema > Self::SCHEMA {
            return Err(format!(
                "This {noun} was saved by a newer version of Critical Friend (schema {schema}). Update the app to open it."
            ));
        }
        serde_json::from_value(body.clone())
            .map_err(|e| format!("This {noun} could not be read: {e}"))
    }
}

impl Record for ReviewSetup {
    const KIND: RecordKind = RecordKind::Review;
    const SCHEMA: u32 = review::SCHEMA;

    fn decode(schema: u32, body: &Value) -> Result<Self, String> {
        ReviewSetup::from_body(schema, body)
    }
}

impl Record for Checklist {
    const KIND: RecordKind = RecordKind::Checklist;
    const SCHEMA: u32 = checklist::SCHEMA;
}

impl Record for ResponseBody {
    const KIND: RecordKind = RecordKind::Response;
    const SCHEMA: u32 = response::SCHEMA;
}

/// What one head holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content<T> {
    Value(T),
    /// A tombstone: this version deletes the record.
    Deleted,
    /// The body could not be decoded (the message says why).
    Unreadable(String),
}

/// One version offered for a choice: what it holds, who wrote it (by role) and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Version<T> {
    pub content: Content<T>,
    pub rev_id: String,
    /// "the host team", "a peer reviewer", …: never the author id itself.
    pub who: &'static str,
    /// Milliseconds since the Unix epoch, as the writer's clock said.
    pub at: i64,
    /// `at` for people: "3 March 2026 at 2:05pm UTC".
    pub when: String,
    pub kind: RecordKind,
    pub schema: u32,
    /// The raw body, for resolving with exactly this version and for describing differences.
    pub body: Value,
}

impl<T: Record> Version<T> {
    pub fn of(rev: &Revision) -> Version<T> {
        let content = if rev.is_deleted() {
            Content::Deleted
        } else {
            match T::decode(rev.schema, &rev.body) {
                Ok(v) => Content::Value(v),
                Err(e) => Content::Unreadable(e),
            }
        };
        Version {
            content,
            rev_id: rev.rev_id.clone(),
            who: role_of(&rev.author).label(),
            at: rev.at,
            when: format_when(rev.at),
            kind: rev.kind,
            schema: rev.schema,
            body: rev.body.clone(),
        }
    }
}

/// A record as a page may show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Read<T> {
    /// Never written here, or deleted (a single tombstone head).
    Missing,
    /// Exactly one head: the value, and the revision it came from.
    Value { value: T, rev: String },
    /// Two or more heads, oldest first. Show them all and let a person choose.
    Conflict(Vec<Version<T>>),
    /// The single head could not be decoded: say so, never treat it as absent.
    Unreadable(String),
}

impl<T> Read<T> {
    /// The value, only when there is exactly one readable head.
    pub fn value(self) -> Option<T> {
        match self {
            Read::Value { value, .. } => Some(value),
            _ => None,
        }
    }

    pub fn is_conflict(&self) -> bool {
        matches!(self, Read::Conflict(_))
    }
}

/// Reads one record under the conflict policy.
pub fn read<T: Record>(set: &RevisionSet, review_id: &str, record_id: &str) -> Read<T> {
    let heads = set.heads(record_id, review_id);
    match heads.as_slice() {
        [] => Read::Missing,
        [only] if only.is_deleted() => Read::Missing,
        [only] => match T::decode(only.schema, &only.body) {
            Ok(value) => Read::Value {
                value,
                rev: only.rev_id.clone(),
            },
            Err(e) => Read::Unreadable(e),
        },
        many => Read::Conflict(many.iter().map(|h| Version::of(h)).collect()),
    }
}

/// "3 March 2026 at 2:05pm UTC": date and time, so two versions saved the same day differ.
/// UTC because the domain has no time zone; the label says so.
pub fn format_when(at_ms: i64) -> String {
    let date = Date::from_unix_ms(at_ms).medium();
    let minutes = at_ms.rem_euclid(86_400_000) / 60_000;
    let (h, m) = (minutes / 60, minutes % 60);
    let (h12, ampm) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    format!("{date} at {h12}:{m:02}{ampm} UTC")
}

/// A place in a body: object keys and 1-based list positions, as segments (keys may contain dots).
pub type Path = Vec<String>;

/// A path as people read it: "leads.host_lead.email", "team.2.name"; the root is "everything".
pub fn path_label(path: &[String]) -> String {
    if path.is_empty() {
        "everything".into()
    } else {
        path.join(".")
    }
}

/// Every leaf path where `a` and `b` differ, in plain dotted form ("leads.host_lead.email");
/// list items are numbered from 1 ("team.2.name"). A list that grew or shrank is one path.
pub fn changed_paths(a: &Value, b: &Value) -> Vec<String> {
    changed_segments(a, b)
        .iter()
        .map(|p| path_label(p))
        .collect()
}

/// Like [`changed_paths`], as segments.
pub fn changed_segments(a: &Value, b: &Value) -> Vec<Path> {
    let mut out = Vec::new();
    diff(a, b, Vec::new(), &mut out);
    out
}

fn diff(a: &Value, b: &Value, path: Path, out: &mut Vec<Path>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let (va, vb) = (
                    x.get(k.as_str()).unwrap_or(&Value::Null),
                    y.get(k.as_str()).unwrap_or(&Value::Null),
                );
                let mut p = path.clone();
                p.push(k.clone());
                diff(va, vb, p, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let mut p = path.clone();
                p.push((i + 1).to_string());
                diff(va, vb, p, out);
            }
        }
        _ if a != b => out.push(path),
        _ => {}
    }
}

/// The value at `path`, if there is one.
pub fn value_at<'v>(body: &'v Value, path: &[String]) -> Option<&'v Value> {
    let mut v = body;
    for part in path {
        v = match v {
            Value::Object(m) => m.get(part.as_str())?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?.checked_sub(1)?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn value_at_mut<'v>(body: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(body);
    };
    let next = match body {
        Value::Object(m) => m.get_mut(first.as_str())?,
        Value::Array(items) => items.get_mut(first.parse::<usize>().ok()?.checked_sub(1)?)?,
        _ => return None,
    };
    value_at_mut(next, rest)
}

/// Combines versions: `base` with the value at each listed path taken from the chosen body.
/// Paths come from [`differences`], so each exists in the chosen body or is absent there (then
/// it is removed, or set to null inside a list).
pub fn combine(base: &Value, picks: &[(Path, &Value)]) -> Value {
    let mut out = base.clone();
    for (path, from) in picks {
        let Some((last, parents)) = path.split_last() else {
            out = (*from).clone();
            continue;
        };
        let Some(target) = value_at_mut(&mut out, parents) else {
            continue;
        };
        let value = value_at(from, path).cloned();
        match target {
            Value::Object(m) => match value {
                Some(v) => {
                    m.insert(last.clone(), v);
                }
                None => {
                    m.remove(last.as_str());
                }
            },
            Value::Array(items) => {
                if let Some(slot) = last
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| items.get_mut(i))
                {
                    *slot = value.unwrap_or(Value::Null);
                }
            }
            _ => {}
        }
    }
    out
}

/// How a history list says what one edit changed: "title, leads.host_lead.email changed".
/// At most `MAX_PATHS` paths are named, then "and N more".
pub fn describe_changes(before: &Value, after: &Value) -> String {
    const MAX_PATHS: usize = 4;
    let paths = changed_paths(before, after);
    match paths.len() {
        0 => "No change to the content".into(),
        n if n <= MAX_PATHS => format!("{} changed", paths.join(", ")),
        n => format!(
            "{} and {} more changed",
            paths[..MAX_PATHS].join(", "),
            n - MAX_PATHS
        ),
    }
}

/// One line of a record's history, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub rev_id: String,
    pub who: &'static str,
    pub when: String,
    pub what: String,
    /// A current head (one of several, in a conflict).
    pub current: bool,
    pub deleted: bool,
    /// Up to four changed fields and the value this revision gave them ("title", "Parks").
    pub values: Vec<(String, String)>,
}

/// The record's history for people: who (by role), when, and what each edit changed compared
/// with what it was made from.
pub fn history(set: &RevisionSet, review_id: &str, record_id: &str) -> Vec<HistoryEntry> {
    let heads: Vec<String> = set
        .heads(record_id, review_id)
        .iter()
        .map(|h| h.rev_id.clone())
        .collect();
    set.history(record_id, review_id)
        .into_iter()
        .map(|rev| {
            let parents: Vec<&Revision> = rev.parents.iter().filter_map(|p| set.get(p)).collect();
            let what = if rev.is_deleted() {
                "Deleted".to_string()
            } else if rev.parents.is_empty() {
                "Created".to_string()
            } else if rev.parents.len() > 1 {
                let kept = parents.iter().any(|p| p.body == rev.body);
                format!(
                    "Chose between {} versions{}",
                    rev.parents.len(),
                    if kept { "" } else { " (a new value)" }
                )
            } else {
                match parents.first() {
                    Some(p) if p.is_deleted() => "Restored after it was deleted".into(),
                    Some(p) => describe_changes(&p.body, &rev.body),
                    // The earlier version was never received here.
                    None => "Changed (the earlier version is not in this browser)".into(),
                }
            };
            let mut paths: Vec<Path> = Vec::new();
            if !rev.is_deleted() {
                for p in &parents {
                    for path in changed_segments(&p.body, &rev.body) {
                        if !paths.contains(&path) {
                            paths.push(path);
                        }
                    }
                }
            }
            paths.sort();
            let values = paths
                .iter()
                .take(4)
                .map(|p| (path_label(p), text_at(&rev.body, p)))
                .collect();
            HistoryEntry {
                values,
                rev_id: rev.rev_id.clone(),
                who: role_of(&rev.author).label(),
                when: format_when(rev.at),
                what,
                current: heads.contains(&rev.rev_id),
                deleted: rev.is_deleted(),
            }
        })
        .collect()
}

/// One place where versions differ, for a choice screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub path: Path,
    /// [`path_label`] of `path`.
    pub label: String,
    /// Each version's value there as short text ("(empty)", "(deleted)").
    pub values: Vec<String>,
}

/// For a choice screen: the paths where any version differs from another, and each version's
/// value at each such path as short text. Deleted versions show "(deleted)".
pub fn differences(bodies: &[&Value]) -> Vec<Difference> {
    let mut paths: Vec<Path> = Vec::new();
    for (i, a) in bodies.iter().enumerate() {
        for b in &bodies[i + 1..] {
            for p in changed_segments(a, b) {
                if !paths.contains(&p) {
                    paths.push(p);
                }
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| Difference {
            label: path_label(&path),
            values: bodies.iter().map(|b| text_at(b, &path)).collect(),
            path,
        })
        .collect()
}

fn text_at(body: &Value, path: &[String]) -> String {
    if body.get("deleted") == Some(&Value::Bool(true)) {
        return "(deleted)".into();
    }
    let text = match value_at(body, path) {
        None | Some(Value::Null) => return "(empty)".into(),
        Some(Value::String(s)) if s.is_empty() => return "(empty)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => "no".into(),
        Some(other) => other.to_string(),
    };
    const MAX: usize = 160;
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::author::{for_review, Role};
    use crate::domain::revision::tombstone_body;
    use serde_json::json;

    const DAY: i64 = 86_400_000;

    fn setup(title: &str) -> Value {
        serde_json::to_value(ReviewSetup::new(title)).unwrap()
    }

    fn rev(parents: &[&Revision], author: &str, at: i64, body: Value) -> Revision {
        Revision::new(
            "rv1",
            "rv1",
            RecordKind::Review,
            parents.iter().map(|p| p.rev_id.clone()).collect(),
            author,
            at,
            review::SCHEMA,
            body,
        )
    }

    #[test]
    fn one_head_is_a_value_and_a_tombstone_is_missing() {
        let host = for_review(Role::Host, "s", "rv1");
        let a = rev(&[], &host, DAY, setup("Parks"));
        let mut set = RevisionSet::from_revisions([a.clone()]);
        assert_eq!(read::<ReviewSetup>(&set, "rv1", "nope"), Read::Missing);
        match read::<ReviewSetup>(&set, "rv1", "rv1") {
            Read::Value { value, rev } => {
                assert_eq!(value.title, "Parks");
                assert_eq!(rev, a.rev_id);
            }
            other => panic!("expected a value, got {other:?}"),
        }
        set.insert(rev(&[&a], &host, 2 * DAY, tombstone_body()));
        assert_eq!(read::<ReviewSetup>(&set, "rv1", "rv1"), Read::Missing);
    }

    #[test]
    fn two_heads_are_a_conflict_whatever_their_clocks_say() {
        let host = for_review(Role::Host, "s", "rv1");
        let peer = for_review(Role::Peer, "t", "rv1");
        let base = rev(&[], &host, DAY, setup("Parks"));
        let mine = rev(&[&base], &host, 2 * DAY, setup("Parks review"));
        // A sender claiming the year 2100 does not win.
        let theirs = rev(&[&base], &peer, 4_102_444_800_000, tombstone_body());
        let set = RevisionSet::from_revisions([base, mine.clone(), theirs.clone()]);
        let Read::Conflict(versions) = read::<ReviewSetup>(&set, "rv1", "rv1") else {
            panic!("expected a conflict");
        };
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0].rev_id, mine.rev_id);
        assert_eq!(versions[0].who, "the host team");
        assert!(matches!(&versions[0].content, Content::Value(s) if s.title == "Parks review"));
        assert_eq!(versions[1].who, "a peer reviewer");
        assert_eq!(versions[1].content, Content::Deleted);
        assert_eq!(versions[1].when, "1 January 2100 at 12:00am UTC");
        assert!(read::<ReviewSetup>(&set, "rv1", "rv1").value().is_none());
    }

    #[test]
    fn a_record_that_cannot_be_decoded_is_reported_not_absent() {
        let host = for_review(Role::Host, "s", "rv1");
        let newer = Revision::new(
            "rv1",
            "rv1",
            RecordKind::Review,
            vec![],
            &host,
            DAY,
            review::SCHEMA + 1,
            setup("Parks"),
        );
        let set = RevisionSet::from_revisions([newer]);
        let Read::Unreadable(msg) = read::<ReviewSetup>(&set, "rv1", "rv1") else {
            panic!("expected unreadable");
        };
        assert!(msg.contains("newer version"), "{msg}");

        let garbled = Revision::new(
            "checklist",
            "rv1",
            RecordKind::Checklist,
            vec![],
            &host,
            DAY,
            checklist::SCHEMA,
            json!({ "title": 3 }),
        );
        let set = RevisionSet::from_revisions([garbled]);
        let Read::Unreadable(msg) = read::<Checklist>(&set, "rv1", "checklist") else {
            panic!("expected unreadable");
        };
        assert!(msg.starts_with("This checklist could not be read"), "{msg}");
        let msg = ResponseBody::decode(response::SCHEMA + 1, &json!({})).unwrap_err();
        assert!(
            msg.contains("response") && msg.contains("newer version"),
            "{msg}"
        );
    }

    #[test]
    fn dates_and_times_read_as_people_write_them() {
        assert_eq!(format_when(0), "1 January 1970 at 12:00am UTC");
        let t = 20_515 * DAY + (14 * 60 + 5) * 60_000 + 59_999;
        assert_eq!(format_when(t), "3 March 2026 at 2:05pm UTC");
        assert_eq!(
            format_when(20_515 * DAY + 12 * 3_600_000),
            "3 March 2026 at 12:00pm UTC"
        );
        assert_eq!(
            format_when(20_515 * DAY + 9 * 3_600_000),
            "3 March 2026 at 9:00am UTC"
        );
    }

    #[test]
    fn changes_are_named_by_field_path() {
        let a = json!({ "title": "Parks", "leads": { "host_lead": { "email": "a@x.gov.uk", "name": "Ann" } },
                        "team": [{ "name": "Bo" }, { "name": "Cy" }], "archived": false });
        let mut b = a.clone();
        b["title"] = json!("Parks review");
        b["leads"]["host_lead"]["email"] = json!("ann@x.gov.uk");
        assert_eq!(
            describe_changes(&a, &b),
            "leads.host_lead.email, title changed"
        );
        let mut c = a.clone();
        c["team"][1]["name"] = json!("Cyd");
        assert_eq!(changed_paths(&a, &c), vec!["team.2.name"]);
        c["team"] = json!([{ "name": "Bo" }]);
        c["archived"] = json!(true);
        c["focus"] = json!("Grass cutting");
        c["title"] = json!("x");
        c["leads"] = json!(null);
        assert_eq!(
            describe_changes(&a, &c),
            "archived, focus, leads, team and 1 more changed"
        );
        assert_eq!(describe_changes(&a, &a), "No change to the content");
        assert_eq!(changed_paths(&json!(1), &json!(2)), vec!["everything"]);
    }

    #[test]
    fn history_says_who_when_and_what_changed_newest_first() {
        let host = for_review(Role::Host, "s", "rv1");
        let peer = for_review(Role::Peer, "t", "rv1");
        let a = rev(&[], &host, DAY, setup("Parks"));
        let b = rev(&[&a], &peer, 2 * DAY, setup("Parks and open spaces"));
        let c = rev(&[&a], &host, 3 * DAY, setup("Parks review"));
        let d = rev(&[&b, &c], &host, 4 * DAY, setup("Parks and open spaces"));
        let set = RevisionSet::from_revisions([a, b, c.clone(), d.clone()]);
        let h = history(&set, "rv1", "rv1");
        let lines: Vec<(&str, &str, bool)> = h
            .iter()
            .map(|e| (e.who, e.what.as_str(), e.current))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("the host team", "Chose between 2 versions", true),
                ("the host team", "title changed", false),
                ("a peer reviewer", "title changed", false),
                ("the host team", "Created", false),
            ]
        );
        assert_eq!(h[0].when, "5 January 1970 at 12:00am UTC");
        assert_eq!(
            h[1].values,
            vec![("title".to_string(), "Parks review".to_string())]
        );
        assert!(h[3].values.is_empty());
        assert_eq!(h[1].rev_id, c.rev_id);
    }

    #[test]
    fn differences_show_each_versions_value_where_they_differ() {
        let a = setup("Parks");
        let mut b = setup("Parks review");
        b["focus"] = json!("Play areas");
        let t = tombstone_body();
        let d = differences(&[&a, &b, &t]);
        let title = d.iter().find(|d| d.label == "title").unwrap();
        assert_eq!(title.values, vec!["Parks", "Parks review", "(deleted)"]);
        let focus = d.iter().find(|d| d.label == "focus").unwrap();
        assert_eq!(focus.values, vec!["(empty)", "Play areas", "(deleted)"]);
        assert!(differences(&[&a, &a]).is_empty());
    }

    #[test]
    fn combining_takes_each_chosen_field_from_its_version() {
        let a = json!({ "title": "Parks", "focus": "Play areas", "team": [{ "name": "Bo" }],
                        "answers": { "s1.2": 3 } });
        let b = json!({ "title": "Parks review", "focus": "Grass", "team": [{ "name": "Bob" }],
                        "answers": { "s1.2": 4, "s2": 1 } });
        let d = differences(&[&a, &b]);
        let labels: Vec<&str> = d.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "answers.s1.2",
                "answers.s2",
                "focus",
                "team.1.name",
                "title"
            ]
        );
        // Keep a's title and focus, b's team member and answers.
        let picks: Vec<(Path, &Value)> = d
            .iter()
            .map(|d| {
                let from = if ["title", "focus"].contains(&d.label.as_str()) {
                    &a
                } else {
                    &b
                };
                (d.path.clone(), from)
            })
            .collect();
        assert_eq!(
            combine(&a, &picks),
            json!({ "title": "Parks", "focus": "Play areas", "team": [{ "name": "Bob" }],
                    "answers": { "s1.2": 4, "s2": 1 } })
        );
        // Taking an absent field from a version removes it.
        let back: Vec<(Path, &Value)> = d.iter().map(|d| (d.path.clone(), &a)).collect();
        assert_eq!(combine(&b, &back), a);
    }
}
