//! IndexedDB write benchmark in a real browser: one transaction per file (what the app does)
//! against one transaction per revision. Prints numbers to compare; asserts only correctness.
//! Run with `make bench` (not part of `make test`: timings are never pass/fail).
#![cfg(target_arch = "wasm32")]

use critical_friend::domain::revision::{RecordKind, Revision};
use critical_friend::storage::{Batch, Db, Stored};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn revisions(n: usize) -> Vec<Stored> {
    (0..n)
        .map(|i| Stored {
            revision: Revision::new(
                format!("resp-{i}"),
                "bench-review",
                RecordKind::Response,
                vec![],
                "device-bench",
                1_700_000_000_000 + i as i64,
                1,
                // About the size of a full 61-statement response with comments.
                json!({
                    "answers": (0..61).map(|s| (format!("st-{s}"), json!("agree"))).collect::<serde_json::Map<_, _>>(),
                    "comments": { "sp": { "strengths": "x".repeat(400), "improve": "y".repeat(400) } },
                }),
            ),
            shared: true,
        })
        .collect()
}

async fn fresh(name: &str) -> Db {
    let _ = rexie::Rexie::delete(name).await;
    Db::open_named(name).await.expect("open database")
}

/// Milliseconds taken by `f`, from the page's monotonic clock.
async fn timed<F: std::future::Future<Output = ()>>(f: F) -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let now = || {
        js_sys::Reflect::get(&perf, &"now".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&perf).ok())
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    let start = now();
    f.await;
    now() - start
}

#[wasm_bindgen_test]
async fn batched_versus_one_transaction_per_revision() {
    for n in [100, 1_200] {
        let revs = revisions(n);

        let db = fresh("cf-bench-batched").await;
        let batched = timed(async {
            db.write(&Batch {
                put: revs.clone(),
                delete: vec![],
                meta: vec![],
            })
            .await
            .unwrap();
        })
        .await;
        assert_eq!(db.load_all().await.unwrap().len(), n);
        let load = timed(async {
            db.load_all().await.unwrap();
        })
        .await;
        db.close();

        let db = fresh("cf-bench-single").await;
        let single = timed(async {
            for s in &revs {
                db.write(&Batch {
                    put: vec![s.clone()],
                    delete: vec![],
                    meta: vec![],
                })
                .await
                .unwrap();
            }
        })
        .await;
        assert_eq!(db.load_all().await.unwrap().len(), n);
        db.close();

        console_log!(
            "{n:>5} revisions: one transaction {batched:>8.1} ms | one per revision {single:>8.1} ms | load all {load:>7.1} ms"
        );
    }
}
