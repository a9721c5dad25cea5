//! Pre-work, the host's side of the self-assessment checklist: choosing the checklist and its
//! settings, previewing it, sending the invitation and receiving responses.

mod choose;
mod invite;
mod preview;
mod responses;

pub use choose::ChecklistPage;
pub use invite::InvitePage;
pub use preview::PreviewPage;
pub use responses::{ResponsePage, ResponsesPage};

use crate::domain::checklist::{psif_standard, Checklist};
use crate::domain::record::{self, Read as RecordRead};
use crate::domain::response::ResponseBody;
use crate::domain::review::{self, ReviewSetup};
use crate::domain::revision::{RecordKind, RevisionSet};
use crate::ui::components::conflict::ConflictBanner;
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::de::DeserializeOwned;

/// The record id of a review's chosen checklist.
pub const CHECKLIST_RECORD: &str = "checklist";

/// A record's value, only when it has exactly one head (not deleted, decodable). In a conflict
/// this is `None`, never one of the versions: pages that must show the conflict use
/// [`AppState::read`] (or `domain::record::read`) and its [`RecordRead::Conflict`].
pub fn newest_body<T: DeserializeOwned>(
    set: &RevisionSet,
    review_id: &str,
    record_id: &str,
) -> Option<T> {
    match set.heads(record_id, review_id).as_slice() {
        [only] if !only.is_deleted() => serde_json::from_value(only.body.clone()).ok(),
        _ => None,
    }
}

/// The review's checklist record, if one has been saved (tracked).
pub fn saved_checklist(state: AppState, review_id: &str) -> Option<Checklist> {
    state
        .revs
        .with(|r| newest_body(r, review_id, CHECKLIST_RECORD))
}

/// The checklist respondents will answer: the saved one, or the PSIF standard by default.
pub fn review_checklist(state: AppState, review_id: &str) -> Checklist {
    saved_checklist(state, review_id).unwrap_or_else(psif_standard)
}

/// Every response received for the review (withdrawn ones included), by respondent id.
pub fn responses_of(state: AppState, review_id: &str) -> Vec<(String, ResponseBody)> {
    state.revs.with(|r| {
        r.live_records(review_id, RecordKind::Response)
            .into_iter()
            .filter_map(|rid| newest_body::<ResponseBody>(r, review_id, &rid).map(|b| (rid, b)))
            .collect()
    })
}

/// Read-modify-write of the review set-up: always starts from the current stored value.
/// In a conflict nothing is saved and the page says to choose first.
pub fn update_setup(state: AppState, review_id: &str, f: impl FnOnce(&mut ReviewSetup)) {
    let read = state
        .revs
        .with_untracked(|r| record::read::<ReviewSetup>(r, review_id, review_id));
    let mut setup = match read {
        RecordRead::Value { value, .. } => value,
        RecordRead::Conflict(_) => return state.refuse_conflict(review_id, review_id),
        _ => return,
    };
    f(&mut setup);
    state.save(
        review_id,
        review_id,
        RecordKind::Review,
        review::SCHEMA,
        &setup,
    );
}

/// The `:id` route parameter.
pub fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).unwrap_or_default())
}

/// Shown instead of a host page when the review is not in this browser.
#[component]
pub fn ReviewMissing() -> impl IntoView {
    view! {
        <h1 class="heading-l">"Review not found"</h1>
        <p class="body">"This review is not in this browser. It may have been deleted, or set up in another browser."</p>
        <p class="body"><A href="/">"Go to your reviews"</A></p>
    }
}

/// Renders `page` with the review's id and set-up, or [`ReviewMissing`]. Re-renders only when
/// the review id changes or the review appears or disappears, never on ordinary edits (which
/// would move focus away from the field being typed in).
pub fn with_review<V: IntoView + 'static>(
    page: impl Fn(String) -> V + Send + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = param("id");
    let exists = Memo::new(move |_| state.review(&id.get()).is_some());
    let conflict = Memo::new(move |_| state.in_conflict_tracked(&id.get(), &id.get()));
    move || {
        let id = id.get();
        if exists.get() {
            page(id).into_any()
        } else if conflict.get() {
            view! { <SetupInConflict review_id=id/> }.into_any()
        } else {
            view! { <ReviewMissing/> }.into_any()
        }
    }
}

/// Shown instead of a host page while the review's set-up has versions to choose between.
#[component]
pub fn SetupInConflict(review_id: String) -> impl IntoView {
    view! {
        <A href=format!("/reviews/{review_id}") attr:class="back-link">"Back to the review"</A>
        <h1 class="heading-l">"This review has changes to choose between"</h1>
        <ConflictBanner review_id=review_id.clone() record_id=review_id kind=RecordKind::Review/>
    }
}

/// The review's short name for captions (tracked).
pub fn review_title(state: AppState, review_id: &str) -> String {
    state
        .review(review_id)
        .map(|s| s.title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled review".to_string())
}
