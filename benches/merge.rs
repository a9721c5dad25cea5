//! Benchmarks of the merge engine at realistic and large sizes: `make bench` (or `cargo bench`).
//! A plain harness (no extra dependency): each case runs until it has taken ~0.5 s and prints
//! the mean time per run. Numbers are for comparison between commits on one machine, never asserted.

use critical_friend::domain::revision::{plan_import, RecordKind, Revision, RevisionSet};
use serde_json::json;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// `records` responses of 61 answers each, every one edited `edits` times (a chain).
fn workspace(records: usize, edits: usize, author: &str) -> Vec<Revision> {
    let mut out = Vec::new();
    for r in 0..records {
        let mut parents = Vec::new();
        for e in 0..edits {
            let answers: serde_json::Map<String, serde_json::Value> = (0..61)
                .map(|s| {
                    (
                        format!("s-{s}"),
                        json!(if (s + e) % 3 == 0 {
                            "agree"
                        } else {
                            "disagree"
                        }),
                    )
                })
                .collect();
            let rev = Revision::new(
                format!("resp-{r}"),
                "review-1",
                RecordKind::Response,
                parents.clone(),
                author,
                1_700_000_000_000 + e as i64,
                1,
                json!({ "answers": answers, "comments": { "sp": { "strengths": "Clear plans", "improve": "More data" } } }),
            );
            parents = vec![rev.rev_id.clone()];
            out.push(rev);
        }
    }
    out
}

fn bench(name: &str, mut f: impl FnMut()) {
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_millis(500) || runs < 3 {
        f();
        runs += 1;
    }
    let mean = start.elapsed() / runs;
    println!("{name:<58} {mean:>12.2?} per run ({runs} runs)");
}

fn main() {
    for (records, edits) in [(40, 3), (400, 3)] {
        let revs = workspace(records, edits, "device-a");
        let set = RevisionSet::from_revisions(revs.clone());
        let n = revs.len();
        bench(&format!("build a set of {n} revisions"), || {
            black_box(RevisionSet::from_revisions(black_box(revs.clone())));
        });
        bench(
            &format!("plan importing {n} revisions all already here"),
            || {
                black_box(plan_import(&set, black_box(&revs), Some("review-1")));
            },
        );
        let fresh = RevisionSet::new();
        bench(
            &format!("plan importing {n} revisions into an empty set"),
            || {
                black_box(plan_import(&fresh, black_box(&revs), Some("review-1")));
            },
        );
        bench(&format!("current value of all {records} records"), || {
            for r in 0..records {
                black_box(set.current(&format!("resp-{r}"), "review-1"));
            }
        });
    }
}
