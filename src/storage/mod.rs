//! IndexedDB adapter (through `rexie`) and small preferences (through `gloo-storage`).
//!
//! Store layout, database `critical-friend`, version [`DB_VERSION`] (see docs/storage.md):
//! - `revisions`: key path `rev_id`, index `by_review` on `review_id`. Each value is
//!   `{ rev_id, review_id, shared, json }` where `json` is the serde JSON of a domain `Revision`
//!   (which carries its own `schema` version) and `shared` says it has left this browser.
//! - `meta`: out-of-line string keys, JSON string values (device id, last backup time …).
//!
//! Nothing clever lives here: the domain decides what to write; this writes it in one transaction.

pub mod prefs;

use crate::domain::revision::Revision;
use js_sys::{Object, Reflect};
use rexie::{Index, ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "critical-friend";
pub const DB_VERSION: u32 = 1;
const REVISIONS: &str = "revisions";
const META: &str = "meta";

/// A storage failure, phrased for the person using the app.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageError {
    /// The browser refused to store more (QuotaExceededError). Nothing was written.
    Quota,
    /// The browser closed this tab's connection (a newer version upgrading the database in
    /// another tab, or site data being cleared). Reopening may work.
    Closed,
    /// The stored data was upgraded by a newer version of the app; this tab cannot open it.
    Newer,
    /// The browser deleted the saved data while the app was open (the person cleared site
    /// data, or the browser evicted it). This tab still holds what it had read.
    Cleared,
    /// The database could not be opened or used.
    Other(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Quota => write!(
                f,
                "Your browser did not save the last change, most likely because it has run out of \
                 storage space for Critical Friend. Nothing of that change was stored. Download a \
                 backup, then free some space (for example, delete archived reviews) and try again."
            ),
            StorageError::Closed => write!(
                f,
                "This tab lost its connection to your saved data, so the last change was not \
                 saved. Reload this tab to keep working."
            ),
            StorageError::Newer => write!(
                f,
                "Critical Friend was updated in another tab. Reload this tab to keep working."
            ),
            StorageError::Cleared => write!(
                f,
                "Your browser deleted Critical Friend's saved data while this page was open, so \
                 the last change was not saved. This page still shows what you had: put it back, \
                 or restore a backup file."
            ),
            StorageError::Other(m) => write!(f, "Your browser could not save or read data: {m}"),
        }
    }
}

impl From<rexie::Error> for StorageError {
    fn from(e: rexie::Error) -> Self {
        // rexie's own Display says only "idb error"; the DOMException's name and message are in
        // the idb error (its Debug form too, which is for matching only, never for people).
        let (shown, text) = match &e {
            rexie::Error::IdbError(inner) => (inner.to_string(), format!("{inner} {inner:?}")),
            other => (other.to_string(), other.to_string()),
        };
        // An AbortError reaching us means the browser aborted the transaction itself (ours are
        // aborted only after another error, which is returned instead): when every request
        // succeeded, that is a commit refused for lack of space (or a disk fault). A full disk
        // also stops the database opening at all ("backing store").
        if ["QuotaExceeded", "AbortError", "backing store"]
            .iter()
            .any(|needle| text.contains(needle))
        {
            StorageError::Quota
        } else if text.contains("VersionError") {
            StorageError::Newer
        } else if text.contains("connection is closing") {
            StorageError::Closed
        } else {
            StorageError::Other(shown)
        }
    }
}

/// A revision as loaded from storage, with its local-only flag.
#[derive(Debug, Clone)]
pub struct Stored {
    pub revision: Revision,
    /// False while a revision has never been exported or imported: autosave may replace it.
    pub shared: bool,
}

/// Writes for one user action or one imported file: applied in a single transaction.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    pub put: Vec<Stored>,
    /// Unshared revisions superseded by autosave (never anything that left this browser).
    pub delete: Vec<String>,
    /// `meta` entries that belong with these revisions (what an imported file says this
    /// browser is to its review), so that a file applies whole or not at all.
    pub meta: Vec<(String, String)>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty() && self.meta.is_empty()
    }
}

pub struct Db {
    rexie: Rexie,
}

impl Db {
    pub async fn open() -> Result<Db, StorageError> {
        Self::open_named(DB_NAME).await
    }

    /// Opens (creating or upgrading) a database; tests use their own names.
    pub async fn open_named(name: &str) -> Result<Db, StorageError> {
        let rexie = Rexie::builder(name)
            .version(DB_VERSION)
            .add_object_store(
                ObjectStore::new(REVISIONS)
                    .key_path("rev_id")
                    .add_index(Index::new("by_review", "review_id")),
            )
            .add_object_store(ObjectStore::new(META))
            .build()
            .await?;
        Ok(Db { rexie })
    }

    /// Closes the connection so another tab can upgrade the database.
    pub fn close(self) {
        self.rexie.close();
    }

    /// Every stored revision. Workspaces are small (hundreds of records), so one read is fine.
    pub async fn load_all(&self) -> Result<Vec<Stored>, StorageError> {
        let tx = self
            .rexie
            .transaction(&[REVISIONS], TransactionMode::ReadOnly)?;
        let values = tx.store(REVISIONS)?.get_all(None, None).await?;
        tx.done().await?;
        Ok(values.iter().filter_map(from_js).collect())
    }

    /// Applies a batch atomically: all of it, or (on any error, quota included) none of it.
    pub async fn write(&self, batch: &Batch) -> Result<(), StorageError> {
        if batch.is_empty() {
            return Ok(());
        }
        self.write_all(
            &batch.delete,
            batch.put.iter().map(to_js).collect(),
            &batch.meta,
        )
        .await
    }

    /// The transaction behind [`Db::write`], on raw values; public so storage tests can make a
    /// write fail part-way and check that nothing of it remains.
    #[doc(hidden)]
    pub async fn write_values(
        &self,
        delete: &[String],
        put: Vec<JsValue>,
    ) -> Result<(), StorageError> {
        self.write_all(delete, put, &[]).await
    }

    /// Revisions and meta entries in one transaction.
    #[doc(hidden)]
    pub async fn write_all(
        &self,
        delete: &[String],
        put: Vec<JsValue>,
        meta: &[(String, String)],
    ) -> Result<(), StorageError> {
        let stores: &[&str] = if meta.is_empty() {
            &[REVISIONS]
        } else {
            &[REVISIONS, META]
        };
        let tx = self.rexie.transaction(stores, TransactionMode::ReadWrite)?;
        let result = async {
            let store = tx.store(REVISIONS)?;
            for key in delete {
                store.delete(JsValue::from_str(key)).await?;
            }
            for value in &put {
                store.put(value, None).await?;
            }
            if !meta.is_empty() {
                let store = tx.store(META)?;
                for (key, value) in meta {
                    store
                        .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))
                        .await?;
                }
            }
            Ok::<(), rexie::Error>(())
        }
        .await;
        match result {
            Ok(()) => committed(tx).await,
            Err(e) => {
                // Abort explicitly so a failed put cannot leave earlier puts committed.
                let _ = tx.abort().await;
                Err(e.into())
            }
        }
    }

    pub async fn get_meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        let tx = self.rexie.transaction(&[META], TransactionMode::ReadOnly)?;
        let value = tx.store(META)?.get(JsValue::from_str(key)).await?;
        tx.done().await?;
        Ok(value.and_then(|v| v.as_string()))
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let tx = self
            .rexie
            .transaction(&[META], TransactionMode::ReadWrite)?;
        tx.store(META)?
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))
            .await?;
        committed(tx).await
    }
}

/// Waits for a write transaction to end and says whether it really committed. Every request
/// can succeed and the commit still fail: a quota error is often only raised then, as an
/// `abort` with no `error` event, which `done()` reports as `Ok(Aborted)`, not as an error.
async fn committed(tx: rexie::Transaction) -> Result<(), StorageError> {
    match tx.done().await? {
        rexie::TransactionResult::Committed => Ok(()),
        rexie::TransactionResult::Aborted => Err(StorageError::Quota),
    }
}

fn to_js(s: &Stored) -> JsValue {
    let o = Object::new();
    let json = serde_json::to_string(&s.revision).unwrap_or_default();
    // Reflect::set on a fresh plain object cannot fail.
    let _ = Reflect::set(&o, &"rev_id".into(), &s.revision.rev_id.as_str().into());
    let _ = Reflect::set(
        &o,
        &"review_id".into(),
        &s.revision.review_id.as_str().into(),
    );
    let _ = Reflect::set(&o, &"shared".into(), &s.shared.into());
    let _ = Reflect::set(&o, &"json".into(), &json.into());
    o.into()
}

fn from_js(v: &JsValue) -> Option<Stored> {
    let json = Reflect::get(v, &"json".into()).ok()?.as_string()?;
    let shared = Reflect::get(v, &"shared".into())
        .ok()
        .and_then(|s| s.as_bool())
        .unwrap_or(true);
    let revision = serde_json::from_str(&json).ok()?;
    Some(Stored { revision, shared })
}

impl Db {
    /// Every (key, value) in `meta` whose key starts with `prefix` (for backups of local settings).
    pub async fn meta_with_prefix(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, String)>, StorageError> {
        let tx = self.rexie.transaction(&[META], TransactionMode::ReadOnly)?;
        let store = tx.store(META)?;
        let keys = store.get_all_keys(None, None).await?;
        let mut out = Vec::new();
        for k in keys {
            let Some(key) = k.as_string() else { continue };
            if key.starts_with(prefix) {
                if let Some(v) = store.get(k).await?.and_then(|v| v.as_string()) {
                    out.push((key, v));
                }
            }
        }
        tx.done().await?;
        Ok(out)
    }
}

impl Db {
    pub async fn delete_meta(&self, key: &str) -> Result<(), StorageError> {
        let tx = self
            .rexie
            .transaction(&[META], TransactionMode::ReadWrite)?;
        tx.store(META)?.delete(JsValue::from_str(key)).await?;
        committed(tx).await
    }
}
