//! App state: every revision in this browser, held in a signal and mirrored to IndexedDB.
//!
//! Commands here turn a user's edit into a domain revision, apply it in memory and write it
//! in one IndexedDB transaction. If the write fails, memory is re-read from storage, so what
//! the user sees always matches what is stored.

use crate::browser::{platform, sw, tabs};
use crate::domain::author::{self, Role};
use crate::domain::record::{self, Read, Record};
use crate::domain::review::ReviewSetup;
use crate::domain::revision::{Current, RecordKind, Revision, RevisionSet};
use crate::storage::{Batch, Db, StorageError, Stored};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

thread_local! {
    static DB: RefCell<Option<Rc<Db>>> = const { RefCell::new(None) };
    /// Revisions that have never left this browser: autosave may replace them in place.
    static UNSHARED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    /// Revisions this tab wrote (memory only, so each tab has its own). Autosave collapse only
    /// replaces one of these: another tab's unshared draft is never overwritten in place, since
    /// that tab may be typing on top of it.
    static MINE: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    static JOURNAL: RefCell<Journal> = RefCell::new(Journal::default());
    /// Set once this tab closed its connection for a newer version of the app in another tab.
    static STEPPED_ASIDE: Cell<bool> = const { Cell::new(false) };
    /// Set when the browser deleted the saved data under us: writes stop until the person
    /// puts this tab's copy back or restores a backup (writing only the next edit into an empty
    /// database would store a partial state that looks complete).
    static CLEARED: RwSignal<bool> = RwSignal::new(false);
}

/// True once the browser has deleted the saved data while this tab was open (tracked).
pub fn storage_cleared() -> RwSignal<bool> {
    CLEARED.with(|c| *c)
}

/// This tab's own writes that a re-read of storage may not include yet.
///
/// Another tab's save makes this tab re-read storage. If one of this tab's saves is still in
/// flight, or lands while the read is running, the snapshot lacks it; replaying the journal on
/// top keeps it on screen, so the next keystroke builds on it instead of on a stale copy.
#[derive(Default)]
struct Journal {
    next: u64,
    /// (sequence, batch, landed), oldest first.
    entries: Vec<(u64, Batch, bool)>,
    reads: u32,
}

impl Journal {
    fn begin(batch: &Batch) -> u64 {
        JOURNAL.with(|j| {
            let mut j = j.borrow_mut();
            let seq = j.next;
            j.next += 1;
            j.entries.push((seq, batch.clone(), false));
            seq
        })
    }

    /// A write ended: keep a landed one while a read may have missed it; drop a failed one.
    fn end(seq: u64, landed: bool) {
        JOURNAL.with(|j| {
            let mut j = j.borrow_mut();
            if landed {
                if let Some(e) = j.entries.iter_mut().find(|e| e.0 == seq) {
                    e.2 = true;
                }
            } else {
                j.entries.retain(|e| e.0 != seq);
            }
            j.prune();
        })
    }

    fn prune(&mut self) {
        if self.reads == 0 {
            self.entries.retain(|e| !e.2);
        }
    }

    fn pending() -> usize {
        JOURNAL.with(|j| j.borrow().entries.iter().filter(|e| !e.2).count())
    }

    fn read_started() {
        JOURNAL.with(|j| j.borrow_mut().reads += 1);
    }

    /// Replays every journalled batch, in order, onto a fresh snapshot of storage.
    fn read_ended(set: &mut RevisionSet, unshared: &mut BTreeSet<String>) {
        JOURNAL.with(|j| {
            let mut j = j.borrow_mut();
            for (_, batch, _) in &j.entries {
                for id in &batch.delete {
                    set.remove(id);
                    unshared.remove(id);
                }
                for s in &batch.put {
                    if !s.shared {
                        unshared.insert(s.revision.rev_id.clone());
                    }
                    set.insert(s.revision.clone());
                }
            }
            j.reads = j.reads.saturating_sub(1);
            j.prune();
        })
    }
}

/// True if a revision has never left this browser (no file has carried it).
pub fn is_unshared(rev_id: &str) -> bool {
    UNSHARED.with(|u| u.borrow().contains(rev_id))
}

/// True while one of this tab's saves has not reached storage (leaving now could lose it).
pub fn saving() -> bool {
    Journal::pending() > 0
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Idle,
    Saving,
    Saved,
    Failed(String),
    /// A save was refused because the record has several versions to choose between first;
    /// `href` is the page where a person chooses.
    Conflict {
        href: String,
    },
}

/// The message shown when an edit is refused during a conflict.
pub const CONFLICT_REFUSAL: &str =
    "This was changed in two places. Choose which version to keep first.";

/// Where a person chooses between the versions of a record.
pub fn choice_href(review_id: &str, record_id: &str) -> String {
    format!("/reviews/{review_id}/choose/{record_id}")
}

/// Where a record's history is listed.
pub fn history_href(review_id: &str, record_id: &str) -> String {
    format!("/reviews/{review_id}/history/{record_id}")
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub revs: RwSignal<RevisionSet>,
    pub ready: RwSignal<bool>,
    pub status: RwSignal<SaveStatus>,
    pub update_ready: RwSignal<bool>,
    /// Set when the database cannot be opened (e.g. another tab holds an old version).
    pub db_problem: RwSignal<Option<String>>,
    pub device: RwSignal<String>,
}

fn db() -> Option<Rc<Db>> {
    DB.with(|d| d.borrow().clone())
}

/// The connection, opening one if the browser closed it, without the "still there" check
/// (for putting data back into a database known to have been emptied).
async fn open_unchecked() -> Result<Rc<Db>, StorageError> {
    if let Some(db) = db() {
        return Ok(db);
    }
    let fresh = Rc::new(Db::open().await?);
    DB.with(|d| *d.borrow_mut() = Some(fresh.clone()));
    Ok(fresh)
}

impl AppState {
    /// Creates the state and starts opening the database in the background.
    pub fn start() -> AppState {
        let state = AppState {
            revs: RwSignal::new(RevisionSet::default()),
            ready: RwSignal::new(false),
            status: RwSignal::new(SaveStatus::Idle),
            update_ready: RwSignal::new(false),
            db_problem: RwSignal::new(None),
            device: RwSignal::new(String::new()),
        };
        spawn_local(async move { state.open().await });
        // A save takes milliseconds, but closing the tab in that instant would abort it.
        // (The handle only removes the listener when asked; it lives as long as the page.)
        let _ = window_event_listener(leptos::ev::beforeunload, |ev| {
            if saving() {
                ev.prevent_default();
            }
        });
        // Clearing site data closes the connection silently; look again when the person returns.
        let _ = window_event_listener(leptos::ev::focus, move |_| {
            spawn_local(state.check_storage());
        });
        sw::register(move || state.update_ready.set(true));
        tabs::listen(move |msg| match tabs::parse(&msg) {
            tabs::Message::Changed => spawn_local(async move { state.reload().await }),
            tabs::Message::CloseIfOlder(v) if v > crate::storage::DB_VERSION => {
                // A newer version in another tab needs to upgrade the database: step aside.
                if let Some(db) = DB.with(|d| d.borrow_mut().take()) {
                    if let Ok(db) = Rc::try_unwrap(db) {
                        db.close();
                    }
                }
                STEPPED_ASIDE.with(|s| s.set(true));
                state.db_problem.set(Some(StorageError::Newer.to_string()));
            }
            _ => {}
        });
        state
    }

    async fn open(self) {
        // If another tab holds an older database version open, ask it to let go.
        tabs::post(&tabs::close_if_older(crate::storage::DB_VERSION));
        match Db::open().await {
            Ok(db) => {
                let device = match db.get_meta("device_id").await {
                    Ok(Some(id)) => id,
                    _ => {
                        let id = platform::random_id();
                        let _ = db.set_meta("device_id", &id).await;
                        id
                    }
                };
                self.device.set(device);
                DB.with(|d| *d.borrow_mut() = Some(Rc::new(db)));
                self.reload().await;
            }
            Err(e) => self.db_problem.set(Some(e.to_string())),
        }
        self.ready.set(true);
    }

    /// Re-reads everything from storage (after another tab saved).
    pub async fn reload(self) {
        let Some(db) = db() else { return };
        if storage_cleared().get_untracked() {
            return;
        }
        Journal::read_started();
        let loaded = db.load_all().await;
        let mut set = RevisionSet::default();
        let mut unshared = BTreeSet::new();
        for s in loaded.iter().flatten() {
            if !s.shared {
                unshared.insert(s.revision.rev_id.clone());
            }
            set.insert(s.revision.clone());
        }
        Journal::read_ended(&mut set, &mut unshared);
        if loaded.is_ok() {
            UNSHARED.with(|u| *u.borrow_mut() = unshared);
            self.revs.set(set);
        }
    }

    /// The current value of a record, decoded; `None` if absent, undecodable or in conflict.
    pub fn current<T: DeserializeOwned>(&self, review_id: &str, record_id: &str) -> Option<T> {
        self.revs.with(|r| match r.current(record_id, review_id)? {
            Current::Single(rev) => serde_json::from_value(rev.body.clone()).ok(),
            Current::Conflict(_) => None,
        })
    }

    /// A record under the conflict policy (tracked): absent, one value, a conflict to show, or
    /// unreadable. Pages use this rather than picking a head.
    pub fn read<T: Record>(&self, review_id: &str, record_id: &str) -> Read<T> {
        self.revs
            .with(|r| record::read::<T>(r, review_id, record_id))
    }

    /// A review's set-up under the conflict policy (tracked).
    pub fn review_read(&self, review_id: &str) -> Read<ReviewSetup> {
        self.read(review_id, review_id)
    }

    /// A review's set-up (tracked), only when it has exactly one readable, undeleted head.
    /// In a conflict this is `None`: use [`review_read`](Self::review_read) to show it.
    pub fn review(&self, review_id: &str) -> Option<ReviewSetup> {
        self.review_read(review_id).value()
    }

    /// Every review set up in this browser (not invitations being answered), by title.
    pub fn host_reviews(&self) -> Vec<(String, ReviewSetup)> {
        let ids = self.revs.with(|r| r.review_ids());
        let mut out: Vec<(String, ReviewSetup)> = ids
            .into_iter()
            .filter_map(|id| self.review(&id).map(|s| (id, s)))
            .collect();
        out.sort_by_key(|(_, s)| s.title.to_lowercase());
        out
    }

    /// Reviews whose set-up has several versions to choose between (a deleted review whose
    /// tombstone is in conflict included) or cannot be read, so the home page can list them.
    pub fn troubled_reviews(&self) -> Vec<(String, Read<ReviewSetup>)> {
        let ids = self.revs.with(|r| r.review_ids());
        ids.into_iter()
            .map(|id| {
                let read = self.review_read(&id);
                (id, read)
            })
            .filter(|(_, r)| matches!(r, Read::Conflict(_) | Read::Unreadable(_)))
            .collect()
    }

    /// Says that an edit to this record was refused until its conflict is resolved.
    pub fn refuse_conflict(&self, review_id: &str, record_id: &str) {
        self.status.set(SaveStatus::Conflict {
            href: choice_href(review_id, record_id),
        });
    }

    /// True when the record has several heads (tracked; for pages).
    pub fn in_conflict_tracked(&self, review_id: &str, record_id: &str) -> bool {
        self.revs.with(|r| r.heads(record_id, review_id).len() > 1)
    }

    /// True when the record has several heads (untracked; for edit paths).
    pub fn in_conflict(&self, review_id: &str, record_id: &str) -> bool {
        self.revs
            .with_untracked(|r| r.heads(record_id, review_id).len() > 1)
    }

    /// This browser's pseudonymous author id in a review it works on as the host team.
    pub fn author_for(&self, review_id: &str) -> String {
        author::for_review(Role::Host, &self.device.get_untracked(), review_id)
    }

    /// Saves a new value for a record at once, as this browser's author in the review.
    /// Returns immediately; status shows the outcome.
    pub fn save<T: Serialize>(
        &self,
        review_id: &str,
        record_id: &str,
        kind: RecordKind,
        schema: u32,
        value: &T,
    ) {
        let author = self.author_for(review_id);
        self.save_by(&author, review_id, record_id, kind, schema, value);
    }

    /// Like [`save`](Self::save), as a given author (a response's own author id).
    pub fn save_by<T: Serialize>(
        &self,
        author: &str,
        review_id: &str,
        record_id: &str,
        kind: RecordKind,
        schema: u32,
        value: &T,
    ) {
        let Ok(body) = serde_json::to_value(value) else {
            return;
        };
        // Only a person's explicit choice (`resolve`) may supersede several heads.
        if self.in_conflict(review_id, record_id) {
            self.refuse_conflict(review_id, record_id);
            return;
        }
        let author = author.to_owned();
        let now = platform::now_ms();
        let (rev, replaced) = self.revs.with_untracked(|set| {
            let heads: Vec<&Revision> = set.heads(record_id, review_id);
            // Collapse autosaves: replace a head that never left this browser and that this
            // tab wrote (the author id is per review, so it cannot tell tabs apart).
            if let [only] = heads.as_slice() {
                let local = UNSHARED.with(|u| u.borrow().contains(&only.rev_id));
                let this_tab = MINE.with(|m| m.borrow().contains(&only.rev_id));
                if local && this_tab && only.author == author {
                    let rev = Revision::new(
                        record_id,
                        review_id,
                        kind,
                        only.parents.clone(),
                        &author,
                        now,
                        schema,
                        body.clone(),
                    );
                    return (rev, Some((*only).clone()));
                }
            }
            (
                set.edit(record_id, review_id, kind, &author, now, schema, body),
                None,
            )
        });
        if replaced
            .as_ref()
            .is_some_and(|old| old.rev_id == rev.rev_id)
        {
            return;
        }
        self.apply_local(rev, replaced);
    }

    /// A person's explicit choice: writes `body` as the record's new value with every current
    /// head as parent, so it supersedes all of them. The only way out of a conflict; also how
    /// "Restore this version" writes an earlier value back.
    pub fn resolve(
        &self,
        review_id: &str,
        record_id: &str,
        kind: RecordKind,
        schema: u32,
        body: serde_json::Value,
    ) {
        let author = self.author_for(review_id);
        let now = platform::now_ms();
        let rev = self
            .revs
            .with_untracked(|set| set.edit(record_id, review_id, kind, &author, now, schema, body));
        self.apply_local(rev, None);
    }

    fn apply_local(&self, rev: Revision, replaced: Option<Revision>) {
        let state = *self;
        self.revs.update(|set| {
            if let Some(old) = &replaced {
                set.remove(&old.rev_id);
            }
            set.insert(rev.clone());
        });
        UNSHARED.with(|u| {
            let mut u = u.borrow_mut();
            if let Some(old) = &replaced {
                u.remove(&old.rev_id);
            }
            u.insert(rev.rev_id.clone());
        });
        MINE.with(|m| {
            let mut m = m.borrow_mut();
            if let Some(old) = &replaced {
                m.remove(&old.rev_id);
            }
            m.insert(rev.rev_id.clone());
        });
        self.status.set(SaveStatus::Saving);
        let batch = Batch {
            put: vec![Stored {
                revision: rev.clone(),
                shared: false,
            }],
            delete: replaced.iter().map(|r| r.rev_id.clone()).collect(),
            meta: vec![],
        };
        let seq = Journal::begin(&batch);
        spawn_local(async move {
            let result = state.write(batch).await;
            Journal::end(seq, result.is_ok());
            match result {
                Ok(()) => state.status.set(SaveStatus::Saved),
                // The browser emptied storage: this tab's copy (this edit included) is now the
                // only one, so keep it on screen for the person to put back.
                Err(e @ StorageError::Cleared) => {
                    state.status.set(SaveStatus::Failed(e.to_string()))
                }
                Err(e) => {
                    // Storage is the truth: re-read it rather than undo by hand, which would go
                    // wrong if later edits were already applied on top of this one.
                    state.reload().await;
                    state.status.set(SaveStatus::Failed(e.to_string()));
                }
            }
        });
    }

    /// Writes a batch in one transaction, asks for persistent storage on the first save,
    /// and tells other tabs.
    pub async fn write(&self, batch: Batch) -> Result<(), StorageError> {
        // No connection (the last attempt to open failed, e.g. on a full disk): try again, so
        // freeing space is enough to carry on.
        let db = match db() {
            Some(db) => db,
            // Reopening now could block the newer version's upgrade.
            None if STEPPED_ASIDE.with(Cell::get) => return Err(StorageError::Newer),
            None => self.reopen().await?,
        };
        if storage_cleared().get_untracked() {
            return Err(StorageError::Cleared);
        }
        let db = match db.write(&batch).await {
            // The browser closed the connection under us: open it again once, which fails
            // with `Newer` if a newer version of the app has upgraded the database meanwhile.
            Err(StorageError::Closed) => {
                let fresh = self.reopen().await?;
                fresh.write(&batch).await?;
                fresh
            }
            other => other.map(|()| db)?,
        };
        if db
            .get_meta("persist_requested")
            .await
            .ok()
            .flatten()
            .is_none()
        {
            let _ = db.set_meta("persist_requested", "1").await;
            platform::request_persistence().await;
        }
        tabs::post(tabs::CHANGED);
        Ok(())
    }

    /// Opens the database again after the browser closed it, and checks it still holds this
    /// browser's data: clearing site data closes the connection and deletes everything, and a
    /// fresh empty database must not be mistaken for the real one.
    async fn reopen(&self) -> Result<Rc<Db>, StorageError> {
        let fresh = match Db::open().await {
            Ok(fresh) => Rc::new(fresh),
            Err(e) => {
                DB.with(|d| *d.borrow_mut() = None);
                self.db_problem.set(Some(e.to_string()));
                return Err(e);
            }
        };
        DB.with(|d| *d.borrow_mut() = Some(fresh.clone()));
        // Whatever stopped the last attempt (a full disk) has passed, unless a newer version
        // holds the database, which `Db::open` would have refused.
        self.db_problem.set(None);
        if fresh.get_meta("device_id").await?.is_none() {
            storage_cleared().set(true);
            return Err(StorageError::Cleared);
        }
        Ok(fresh)
    }

    /// Checks that the saved data is still there (when the tab comes back into view, say).
    pub async fn check_storage(self) {
        let Some(db) = db() else { return };
        match db.get_meta("device_id").await {
            Ok(Some(_)) => {}
            Ok(None) => storage_cleared().set(true),
            Err(StorageError::Closed) => {
                let _ = self.reopen().await;
            }
            Err(_) => {}
        }
    }

    /// After the browser deleted the saved data: writes everything this tab still holds back
    /// into storage, in one transaction, and carries on.
    pub async fn put_back(self) -> Result<(), StorageError> {
        let db = open_unchecked().await?;
        let put: Vec<Stored> = self.revs.with_untracked(|set| {
            UNSHARED.with(|u| {
                let u = u.borrow();
                set.iter()
                    .map(|r| Stored {
                        shared: !u.contains(&r.rev_id),
                        revision: r.clone(),
                    })
                    .collect()
            })
        });
        let batch = Batch {
            put,
            delete: vec![],
            meta: vec![("device_id".into(), self.device.get_untracked())],
        };
        db.write(&batch).await?;
        storage_cleared().set(false);
        tabs::post(tabs::CHANGED);
        Ok(())
    }

    /// After the browser deleted the saved data, when the person would rather restore a
    /// backup: accept the empty database, show what it holds (nothing) and allow writes again.
    pub async fn start_empty(self) -> Result<(), StorageError> {
        let db = open_unchecked().await?;
        db.set_meta("device_id", &self.device.get_untracked())
            .await?;
        storage_cleared().set(false);
        self.reload().await;
        Ok(())
    }

    /// Marks revisions as having left this browser (exported), so autosave never replaces them.
    pub async fn mark_shared(&self, rev_ids: &[String]) -> Result<(), StorageError> {
        let put: Vec<Stored> = self.revs.with_untracked(|set| {
            rev_ids
                .iter()
                .filter(|id| UNSHARED.with(|u| u.borrow().contains(*id)))
                .filter_map(|id| set.get(id).cloned())
                .map(|revision| Stored {
                    revision,
                    shared: true,
                })
                .collect()
        });
        if put.is_empty() {
            return Ok(());
        }
        self.write(Batch {
            put,
            delete: vec![],
            meta: vec![],
        })
        .await?;
        UNSHARED.with(|u| {
            let mut u = u.borrow_mut();
            for id in rev_ids {
                u.remove(id);
            }
        });
        Ok(())
    }

    pub async fn meta_with_prefix(&self, prefix: &str) -> Vec<(String, String)> {
        match db() {
            Some(db) => db.meta_with_prefix(prefix).await.unwrap_or_default(),
            None => Vec::new(),
        }
    }

    pub async fn delete_meta(&self, key: &str) -> Result<(), StorageError> {
        db().ok_or_else(|| StorageError::Other("the database is closed".into()))?
            .delete_meta(key)
            .await
    }

    pub async fn get_meta(&self, key: &str) -> Option<String> {
        db()?.get_meta(key).await.ok().flatten()
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StorageError> {
        db().ok_or_else(|| StorageError::Other("the database is closed".into()))?
            .set_meta(key, value)
            .await
    }

    /// Replaces unshared drafts by one revision that stands for them (see
    /// `RevisionSet::squash_unshared`), in memory and in one transaction. The new revision is
    /// unshared until a file carries it, so autosave may still replace it.
    pub fn replace_drafts(&self, rev: Revision, drafts: Vec<String>) {
        let state = *self;
        let drafts: Vec<String> = drafts.into_iter().filter(|d| *d != rev.rev_id).collect();
        self.revs.update(|set| {
            for d in &drafts {
                set.remove(d);
            }
            set.insert(rev.clone());
        });
        UNSHARED.with(|u| {
            let mut u = u.borrow_mut();
            for d in &drafts {
                u.remove(d);
            }
            u.insert(rev.rev_id.clone());
        });
        // It stands for the head, which holds every draft's value: this tab may build on it.
        MINE.with(|m| {
            let mut m = m.borrow_mut();
            for d in &drafts {
                m.remove(d);
            }
            m.insert(rev.rev_id.clone());
        });
        let batch = Batch {
            put: vec![Stored {
                revision: rev,
                shared: false,
            }],
            delete: drafts,
            meta: vec![],
        };
        let seq = Journal::begin(&batch);
        spawn_local(async move {
            let result = state.write(batch).await;
            Journal::end(seq, result.is_ok());
            if result.is_err() {
                state.reload().await;
            }
        });
    }
}
