#![cfg(not(target_arch = "wasm32"))]
//! The merge laws, property-tested over random revision DAGs split into random bundles:
//! union is idempotent, commutative and associative; import order and repetition do not matter
//! to the store or to any derived view; nothing local disappears; an older copy never rolls a
//! record back; concurrent edits always surface as a conflict, and `edit()` resolves one.
//!
//! The histories include hostile revisions a forged file could hold: dangling parents, parents
//! from another record (or review), tombstones, clashing and extreme timestamps, and the same
//! body written by different authors. The laws are about the store, so they must hold for
//! those too (the file rules in `rules.rs` refuse such files before import; see
//! tests/file_rules.rs). Each law runs 1,000 cases.

use std::collections::{BTreeMap, BTreeSet};

use critical_friend::domain::bundle::{decode, encode, BundleKind, CreatedBy, Decoded};
use critical_friend::domain::revision::{
    plan_import, tombstone_body, Current, ImportOutcome, RecordKind, Revision, RevisionSet,
};
use proptest::prelude::*;
use serde_json::{json, Map};

const RECORDS: u8 = 4;
const REVIEWS: u8 = 2;

/// One edit in a random history: which record, which earlier revisions of it to build on.
#[derive(Debug, Clone)]
struct Step {
    record: u8,
    review: u8,
    parent_mask: u8,
    at: i64,
    body: u8,
    author: u8,
    delete: bool,
    hostile: Hostile,
}

/// What a forged revision might do differently from one the app writes.
#[derive(Debug, Clone, Copy)]
enum Hostile {
    No,
    /// Also names a parent that exists nowhere.
    DanglingParent(u8),
    /// Also names a revision of another record (any review) as a parent.
    CrossRecordParent(u8),
    /// Same body as every other such revision, whoever wrote it.
    SameBody,
    /// A timestamp at the edge of what JSON carries, shared with other such revisions.
    ClashingTime(u8),
}

fn hostile() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        6 => Just(Hostile::No),
        1 => any::<u8>().prop_map(Hostile::DanglingParent),
        1 => any::<u8>().prop_map(Hostile::CrossRecordParent),
        1 => Just(Hostile::SameBody),
        1 => any::<u8>().prop_map(Hostile::ClashingTime),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    (
        0..RECORDS,
        0..REVIEWS,
        any::<u8>(),
        0i64..50,
        0u8..4,
        0u8..3,
        proptest::bool::weighted(0.1),
        hostile(),
    )
        .prop_map(
            |(record, review, parent_mask, at, body, author, delete, hostile)| Step {
                record,
                review,
                parent_mask,
                at,
                body,
                author,
                delete,
                hostile,
            },
        )
}

fn kind_of(record: u8) -> RecordKind {
    if record < 2 {
        RecordKind::Response
    } else {
        RecordKind::Note
    }
}

/// Builds revisions in order; each picks parents among the last 8 revisions of its record, so
/// the result is a random DAG per record (several roots, merges and forks included).
fn build(steps: &[Step]) -> Vec<Revision> {
    let mut by_record: BTreeMap<(u8, u8), Vec<String>> = BTreeMap::new();
    let mut everything: Vec<(u8, u8, String)> = Vec::new();
    let mut out = Vec::new();
    for s in steps {
        let earlier = by_record.entry((s.review, s.record)).or_default();
        let mut parents: Vec<String> = (0..8usize)
            .filter(|bit| s.parent_mask & (1 << bit) != 0)
            .filter_map(|bit| {
                earlier
                    .len()
                    .checked_sub(bit + 1)
                    .map(|i| earlier[i].clone())
            })
            .collect();
        let mut at = s.at;
        let mut body = if s.delete {
            tombstone_body()
        } else {
            json!({"v": s.body, "note": "<b>not html</b>"})
        };
        match s.hostile {
            Hostile::No => {}
            Hostile::DanglingParent(n) => parents.push(format!("{n:032x}")),
            Hostile::CrossRecordParent(n) => {
                let others: Vec<&String> = everything
                    .iter()
                    .filter(|(rv, rec, _)| (*rv, *rec) != (s.review, s.record))
                    .map(|(_, _, id)| id)
                    .collect();
                if let Some(id) = others.get(usize::from(n) % others.len().max(1)) {
                    parents.push((*id).clone());
                }
            }
            Hostile::SameBody => body = json!({"v": "same"}),
            Hostile::ClashingTime(n) => {
                at = [i64::MIN, -1, 0, i64::MAX][usize::from(n % 4)];
            }
        }
        let rev = Revision::new(
            format!("rec-{}", s.record),
            format!("rv-{}", s.review),
            kind_of(s.record),
            parents,
            format!("dev-{}", s.author),
            at,
            1,
            body,
        );
        earlier.push(rev.rev_id.clone());
        everything.push((s.review, s.record, rev.rev_id.clone()));
        out.push(rev);
    }
    out
}

/// Splits revisions into `n` bundles; some revisions land in two bundles, some in none of the
/// first `n - 1` (the last bundle takes the leftovers so the union is everything).
fn split(revs: &[Revision], assign: &[(u8, u8)], n: usize) -> Vec<Vec<Revision>> {
    let mut bundles = vec![Vec::new(); n];
    for (i, rev) in revs.iter().enumerate() {
        let (a, b) = assign
            .get(i % assign.len().max(1))
            .copied()
            .unwrap_or((0, 0));
        bundles[usize::from(a) % n].push(rev.clone());
        if b % 3 == 0 {
            bundles[usize::from(b) % n].push(rev.clone());
        }
    }
    bundles
}

/// Everything the UI derives from a store. Equal views = the user sees the same thing.
#[derive(Debug, PartialEq)]
struct Views {
    reviews: Vec<String>,
    heads: BTreeMap<(String, String), Vec<String>>,
    current: BTreeMap<(String, String), (bool, Vec<String>)>,
    history: BTreeMap<(String, String), Vec<String>>,
    records: BTreeMap<(String, RecordKind), (Vec<String>, Vec<String>)>,
    conflicts: BTreeMap<String, Vec<String>>,
}

fn ids(revs: &[&Revision]) -> Vec<String> {
    revs.iter().map(|r| r.rev_id.clone()).collect()
}

fn views(set: &RevisionSet) -> Views {
    let mut v = Views {
        reviews: set.review_ids(),
        heads: BTreeMap::new(),
        current: BTreeMap::new(),
        history: BTreeMap::new(),
        records: BTreeMap::new(),
        conflicts: BTreeMap::new(),
    };
    for review in 0..REVIEWS {
        let review = format!("rv-{review}");
        v.conflicts.insert(review.clone(), set.conflicts(&review));
        for kind in [RecordKind::Response, RecordKind::Note] {
            v.records.insert(
                (review.clone(), kind),
                (set.records(&review, kind), set.live_records(&review, kind)),
            );
        }
        for record in 0..RECORDS {
            let record = format!("rec-{record}");
            let key = (review.clone(), record.clone());
            v.heads
                .insert(key.clone(), ids(&set.heads(&record, &review)));
            if let Some(cur) = set.current(&record, &review) {
                v.current
                    .insert(key.clone(), (cur.is_conflict(), ids(&cur.heads())));
            }
            v.history.insert(key, ids(&set.history(&record, &review)));
        }
    }
    v
}

fn set_of(revs: &[Revision]) -> RevisionSet {
    RevisionSet::from_revisions(revs.iter().cloned())
}

fn union(a: &RevisionSet, b: &RevisionSet) -> RevisionSet {
    let mut out = a.clone();
    out.merge(b);
    out
}

/// Deterministic Fisher–Yates from a seed (proptest shrinks the seed, not the permutation).
fn shuffled<T>(mut items: Vec<T>, mut seed: u64) -> Vec<T> {
    for i in (1..items.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = usize::try_from((seed >> 33) % (i as u64 + 1)).unwrap_or(0);
        items.swap(i, j);
    }
    items
}

/// Every ancestor of `rev_id` within its record, including itself.
fn ancestors(set: &RevisionSet, rev_id: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![rev_id.to_owned()];
    while let Some(id) = todo.pop() {
        if seen.insert(id.clone()) {
            if let Some(rev) = set.get(&id) {
                todo.extend(rev.parents.iter().cloned());
            }
        }
    }
    seen
}

fn to_bundle_file(revs: &[Revision]) -> String {
    let author = CreatedBy {
        id: "dev-test".into(),
        org: None,
    };
    encode(
        BundleKind::Workspace,
        None,
        &author,
        1,
        "test",
        revs,
        &Map::new(),
    )
}

fn read_bundle(text: &str) -> Vec<Revision> {
    match decode("test.pcibundle", text.as_bytes()) {
        Ok(Decoded::Plain(b)) => b.content.revisions,
        other => panic!("bundle did not decode: {other:?}"),
    }
}

fn history() -> impl Strategy<Value = (Vec<Step>, Vec<(u8, u8)>)> {
    (
        proptest::collection::vec(step(), 0..40),
        proptest::collection::vec((any::<u8>(), any::<u8>()), 1..40),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn union_is_idempotent_commutative_and_associative((steps, assign) in history()) {
        let revs = build(&steps);
        let parts = split(&revs, &assign, 3);
        let (a, b, c) = (set_of(&parts[0]), set_of(&parts[1]), set_of(&parts[2]));
        prop_assert_eq!(union(&a, &a), a.clone());
        prop_assert_eq!(union(&a, &b), union(&b, &a));
        prop_assert_eq!(views(&union(&a, &b)), views(&union(&b, &a)));
        prop_assert_eq!(union(&union(&a, &b), &c), union(&a, &union(&b, &c)));
        prop_assert_eq!(union(&union(&a, &b), &c), set_of(&revs));
    }

    #[test]
    fn import_order_and_repetition_do_not_matter(
        (steps, assign) in history(),
        n in 1usize..5,
        repeats in proptest::collection::vec(any::<u8>(), 0..8),
        seed_a in any::<u64>(),
        seed_b in any::<u64>(),
    ) {
        let revs = build(&steps);
        let files: Vec<String> = split(&revs, &assign, n).iter().map(|b| to_bundle_file(b)).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.extend(repeats.iter().map(|r| usize::from(*r) % n));
        let expected = set_of(&revs);
        for seed in [seed_a, seed_b] {
            let mut local = RevisionSet::new();
            for i in shuffled(order.clone(), seed) {
                let incoming = read_bundle(&files[i]);
                let plan = plan_import(&local, &incoming, None);
                plan.apply(&mut local);
            }
            prop_assert_eq!(&local, &expected);
            prop_assert_eq!(views(&local), views(&expected));
        }
    }

    #[test]
    fn imports_are_monotonic_and_plans_tell_the_truth(
        (steps, assign) in history(),
        n in 1usize..5,
        seed in any::<u64>(),
    ) {
        let revs = build(&steps);
        let bundles = split(&revs, &assign, n);
        let mut local = RevisionSet::new();
        for i in shuffled((0..n).collect(), seed) {
            let before = local.clone();
            let plan = plan_import(&local, &bundles[i], Some("rv-0"));
            // Only unknown revisions of the expected review are written.
            prop_assert!(plan.to_write.iter().all(|r| !before.contains(&r.rev_id) && r.review_id == "rv-0"));
            plan.apply(&mut local);
            // Nothing local disappears.
            prop_assert!(before.iter().all(|r| local.contains(&r.rev_id)));
            for rec in &plan.records {
                let old_heads = before.heads(&rec.record_id, &rec.review_id);
                let new_heads = local.heads(&rec.record_id, &rec.review_id);
                match rec.outcome {
                    ImportOutcome::AlreadyHere | ImportOutcome::Older | ImportOutcome::OtherReview => {
                        prop_assert_eq!(ids(&old_heads), ids(&new_heads));
                    }
                    ImportOutcome::New => prop_assert!(old_heads.is_empty()),
                    ImportOutcome::Updated => prop_assert_eq!(new_heads.len(), 1),
                    ImportOutcome::Conflict => prop_assert!(new_heads.len() > 1),
                }
                // An older revision never replaces a newer head: each old head is still a head
                // or is an ancestor of a new one.
                for old in &old_heads {
                    prop_assert!(new_heads.iter().any(|h| ancestors(&local, &h.rev_id).contains(&old.rev_id)));
                }
            }
        }
        prop_assert_eq!(local, set_of(&revs).for_review("rv-0"));
    }

    #[test]
    fn re_importing_any_older_subset_changes_nothing(
        (steps, assign) in history(),
    ) {
        let revs = build(&steps);
        let local = set_of(&revs);
        let older = &split(&revs, &assign, 2)[0];
        let plan = plan_import(&local, older, None);
        prop_assert!(plan.is_noop());
        let totals = plan.totals();
        prop_assert_eq!(totals.new + totals.updated + totals.conflicts, 0);
        let mut after = local.clone();
        plan.apply(&mut after);
        prop_assert_eq!(views(&after), views(&local));
    }

    #[test]
    fn concurrent_edits_conflict_and_edit_resolves(
        steps in proptest::collection::vec(step(), 0..30),
        record in 0..RECORDS,
        review in 0..REVIEWS,
        bodies in (any::<u8>(), any::<u8>()),
        at in (0i64..100, 0i64..100),
    ) {
        let base = set_of(&build(&steps));
        let (rec, rv) = (format!("rec-{record}"), format!("rv-{review}"));
        let kind = kind_of(record);
        // Two devices edit the same state without seeing each other.
        let mine = base.edit(&rec, &rv, kind, "dev-mine", at.0, 1, json!({"v": bodies.0}));
        let theirs = base.edit(&rec, &rv, kind, "dev-theirs", at.1, 1, json!({"v": bodies.1}));
        let mut here = base.clone();
        here.insert(mine.clone());
        let mut there = base.clone();
        there.insert(theirs.clone());
        let merged = union(&here, &there);
        prop_assert_eq!(&merged, &union(&there, &here));
        let current = merged.current(&rec, &rv);
        let Some(Current::Conflict(heads)) = current else {
            return Err(TestCaseError::fail(format!("expected a conflict, got {current:?}")));
        };
        // No silent winner: both edits are heads, whatever their clocks say.
        let head_ids = ids(&heads);
        prop_assert!(head_ids.contains(&mine.rev_id) && head_ids.contains(&theirs.rev_id));
        prop_assert!(merged.conflicts(&rv).contains(&rec));
        // Resolving via edit() names every head and yields a single current value.
        let fix = merged.edit(&rec, &rv, kind, "dev-mine", 200, 1, json!({"v": "agreed"}));
        prop_assert_eq!(fix.parents.len(), heads.len());
        let mut resolved = merged.clone();
        resolved.insert(fix.clone());
        prop_assert_eq!(resolved.current(&rec, &rv), Some(Current::Single(&fix)));
        prop_assert!(!resolved.conflicts(&rv).contains(&rec));
        // The other device gets the same answer once it has everything, in any order.
        let mut other = there.clone();
        other.insert(fix.clone());
        other.merge(&here);
        prop_assert_eq!(views(&other), views(&resolved));
    }
}
