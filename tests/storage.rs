//! Storage adapter tests against a real IndexedDB in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use critical_friend::domain::revision::{RecordKind, Revision};
use critical_friend::storage::{Batch, Db, Stored};
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn rev(record: &str, review: &str, parents: Vec<String>, body: serde_json::Value) -> Revision {
    Revision::new(
        record,
        review,
        RecordKind::Response,
        parents,
        "device-a",
        1_700_000_000_000,
        1,
        body,
    )
}

async fn fresh(name: &str) -> Db {
    let _ = rexie::Rexie::delete(name).await;
    Db::open_named(name).await.expect("open database")
}

#[wasm_bindgen_test]
async fn writes_and_reads_back_revisions_and_flags() {
    let db = fresh("cf-test-roundtrip").await;
    let a = rev(
        "r1",
        "review-1",
        vec![],
        json!({"answers": {"sp-1-1": "agree"}, "note": "<script>alert(1)</script>"}),
    );
    let b = rev("r2", "review-2", vec![], json!({"answers": {}}));
    db.write(&Batch {
        put: vec![
            Stored {
                revision: a.clone(),
                shared: false,
            },
            Stored {
                revision: b.clone(),
                shared: true,
            },
        ],
        delete: vec![],
        meta: vec![],
    })
    .await
    .unwrap();
    let mut all = db.load_all().await.unwrap();
    all.sort_by(|x, y| x.revision.record_id.cmp(&y.revision.record_id));
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].revision, a);
    assert!(!all[0].shared);
    assert_eq!(all[1].revision, b);
    assert!(all[1].shared);
}

#[wasm_bindgen_test]
async fn autosave_replaces_an_unshared_revision_in_one_transaction() {
    let db = fresh("cf-test-autosave").await;
    let first = rev(
        "r1",
        "review-1",
        vec![],
        json!({"answers": {"sp-1-1": "agree"}}),
    );
    db.write(&Batch {
        put: vec![Stored {
            revision: first.clone(),
            shared: false,
        }],
        delete: vec![],
        meta: vec![],
    })
    .await
    .unwrap();
    // The next keystroke replaces the draft: same parents, old one deleted, in one batch.
    let second = rev(
        "r1",
        "review-1",
        vec![],
        json!({"answers": {"sp-1-1": "disagree"}}),
    );
    db.write(&Batch {
        put: vec![Stored {
            revision: second.clone(),
            shared: false,
        }],
        delete: vec![first.rev_id.clone()],
        meta: vec![],
    })
    .await
    .unwrap();
    // A fresh connection (as after closing the tab) sees only the latest edit.
    db.close();
    let db = Db::open_named("cf-test-autosave").await.unwrap();
    let all = db.load_all().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].revision, second);
}

#[wasm_bindgen_test]
async fn a_failed_write_leaves_nothing_behind() {
    let db = fresh("cf-test-atomic").await;
    let kept = rev("r0", "review-1", vec![], json!({"n": 0}));
    db.write(&Batch {
        put: vec![Stored {
            revision: kept.clone(),
            shared: true,
        }],
        delete: vec![],
        meta: vec![],
    })
    .await
    .unwrap();
    let good = {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"rev_id".into(), &"good".into()).unwrap();
        js_sys::Reflect::set(&o, &"review_id".into(), &"review-1".into()).unwrap();
        js_sys::Reflect::set(&o, &"json".into(), &"{}".into()).unwrap();
        JsValue::from(o)
    };
    // No key at the key path: IndexedDB rejects it part-way through the transaction.
    let bad = JsValue::from(js_sys::Object::new());
    // The file's local settings ride in the same transaction, so they roll back too.
    let result = db
        .write_all(
            std::slice::from_ref(&kept.rev_id),
            vec![good, bad],
            &[("role:review-1".into(), "respondent".into())],
        )
        .await;
    assert!(result.is_err());
    let all = db.load_all().await.unwrap();
    assert_eq!(
        all.len(),
        1,
        "the delete and the first put were rolled back"
    );
    assert_eq!(all[0].revision, kept);
    assert_eq!(db.get_meta("role:review-1").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_batch_writes_revisions_and_meta_together() {
    let db = fresh("cf-test-batch-meta").await;
    let a = rev("r1", "review-1", vec![], json!({"n": 1}));
    db.write(&Batch {
        put: vec![Stored {
            revision: a.clone(),
            shared: true,
        }],
        delete: vec![],
        meta: vec![
            ("role:review-1".into(), "respondent".into()),
            ("invitation:review-1".into(), "{\"title\":\"Roads\"}".into()),
        ],
    })
    .await
    .unwrap();
    assert_eq!(db.load_all().await.unwrap()[0].revision, a);
    assert_eq!(
        db.get_meta("role:review-1").await.unwrap().as_deref(),
        Some("respondent")
    );
    assert_eq!(
        db.get_meta("invitation:review-1").await.unwrap().as_deref(),
        Some("{\"title\":\"Roads\"}")
    );
}

#[wasm_bindgen_test]
async fn meta_values_round_trip_and_list_by_prefix() {
    let db = fresh("cf-test-meta").await;
    db.set_meta("device_id", "abc").await.unwrap();
    db.set_meta("role:r1", "respondent").await.unwrap();
    db.set_meta("role:r2", "respondent").await.unwrap();
    assert_eq!(
        db.get_meta("device_id").await.unwrap().as_deref(),
        Some("abc")
    );
    assert_eq!(db.get_meta("missing").await.unwrap(), None);
    let roles = db.meta_with_prefix("role:").await.unwrap();
    assert_eq!(roles.len(), 2);
    db.delete_meta("role:r1").await.unwrap();
    assert_eq!(db.meta_with_prefix("role:").await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn a_second_connection_opens_without_hanging() {
    let one = fresh("cf-test-two-tabs").await;
    let two = Db::open_named("cf-test-two-tabs")
        .await
        .expect("second connection");
    one.set_meta("k", "v").await.unwrap();
    assert_eq!(two.get_meta("k").await.unwrap().as_deref(), Some("v"));
}
