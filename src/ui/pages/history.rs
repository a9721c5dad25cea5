//! A record's history (`/reviews/:id/history/:record`) and the choice between versions of a
//! record changed in two places (`/reviews/:id/choose/:record`).
//!
//! History is kept for the host's own records (the set-up and the checklist). Responses are a
//! respondent's to change, so the host is not offered their earlier drafts.

use crate::domain::record::{self, HistoryEntry};
use crate::domain::revision::RecordKind;
use crate::ui::components::conflict::{field_label, ConflictChoice, ConflictNotice};
use crate::ui::components::layout::SavedStatus;
use crate::ui::pages::checklist::{param, review_title};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;

/// What a record is called on these pages, and whether its history is shown.
fn record_kind(state: AppState, review_id: &str, record_id: &str) -> Option<RecordKind> {
    state.revs.with(|r| {
        r.revisions_of(record_id, review_id)
            .first()
            .map(|rev| rev.kind)
    })
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn noun(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Review => "review set-up",
        other => other.noun(1),
    }
}

/// The review's name for captions, also while its set-up is in conflict.
fn caption(state: AppState, review_id: &str) -> String {
    if state.review(review_id).is_some() {
        review_title(state, review_id)
    } else {
        "Review with changes to choose between".into()
    }
}

#[component]
fn NoRecord() -> impl IntoView {
    view! {
        <h1 class="heading-l">"Page not found"</h1>
        <p class="body">"There is nothing with that name in this review in this browser."</p>
        <p class="body"><A href="/">"Go to your reviews"</A></p>
    }
}

/// `/reviews/:id/choose/:record`: keep one version, or combine them.
#[component]
pub fn ChoicePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = param("id");
    let record = param("record");
    let kind = Memo::new(move |_| record_kind(state, &id.get(), &record.get()));
    let conflict = Memo::new(move |_| state.in_conflict_tracked(&id.get(), &record.get()));
    move || {
        let Some(kind) = kind.get() else {
            return view! { <NoRecord/> }.into_any();
        };
        let noun = noun(kind);
        let back = format!("/reviews/{}", id.get());
        view! {
            <A href=back.clone() attr:class="back-link">"Back to the review"</A>
            <span class="caption">{move || caption(state, &id.get())}</span>
            <h1 class="heading-l">{format!("Choose which version of the {noun} to keep")}</h1>
            {move || if conflict.get() {
                view! { <ConflictChoice review_id=id.get() record_id=record.get()/> }.into_any()
            } else {
                view! {
                    <div class="notification notification--success" role="region" aria-labelledby="choice-done-title">
                        <h2 class="notification__title" id="choice-done-title">"Nothing to choose"</h2>
                        <div class="notification__content">
                            <p class="body">{format!("The {noun} has one version. You can change it again.")}</p>
                        </div>
                    </div>
                }.into_any()
            }}
            <SavedStatus/>
            <p class="body"><A href=back>"Back to the review"</A></p>
        }
        .into_any()
    }
}

/// `/reviews/:id/history/:record`: every revision, newest first, with "Restore this version".
#[component]
pub fn HistoryPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = param("id");
    let record = param("record");
    let kind = Memo::new(move |_| record_kind(state, &id.get(), &record.get()));
    let entries = Memo::new(move |_| {
        state
            .revs
            .with(|r| record::history(r, &id.get(), &record.get()))
    });
    let restored = RwSignal::new(None::<String>);
    move || {
        let kind = match kind.get() {
            Some(k @ (RecordKind::Review | RecordKind::Checklist)) => k,
            _ => return view! { <NoRecord/> }.into_any(),
        };
        let noun = noun(kind);
        let back = format!("/reviews/{}", id.get());
        let restore = move |entry: &HistoryEntry| {
            let (rid, rec) = (id.get_untracked(), record.get_untracked());
            let Some(rev) = state.revs.with_untracked(|r| r.get(&entry.rev_id).cloned()) else {
                return;
            };
            state.resolve(&rid, &rec, rev.kind, rev.schema, rev.body);
            restored.set(Some(format!(
                "The version saved by {} on {} is now the current {noun}.",
                entry.who, entry.when
            )));
        };
        view! {
            <A href=back attr:class="back-link">"Back to the review"</A>
            <span class="caption">{move || caption(state, &id.get())}</span>
            <h1 class="heading-l">{format!("History of the {noun}")}</h1>
            <ConflictNotice review_id=id record_id=record/>
            {move || restored.get().map(|m| view! {
                <div class="notification notification--success" role="region" aria-labelledby="restored-title">
                    <h2 class="notification__title" id="restored-title">"Version restored"</h2>
                    <div class="notification__content"><p class="body">{m}</p></div>
                </div>
            })}
            <p class="body">"Every saved version, newest first. Restoring one saves it again as a new version, so nothing here is ever lost."</p>
            <SavedStatus/>
            <ul class="list list--plain history" id="history">
                {move || {
                    let list = entries.get();
                    let single_head = list.iter().filter(|e| e.current).count() == 1;
                    list.into_iter().enumerate().map(|(i, e)| {
                        let can_restore = !(e.deleted || (e.current && single_head));
                        let label = format!("Restore this version (saved by {} on {})", e.who, e.when);
                        let entry = e.clone();
                        view! {
                            <li class="inset history__entry">
                                <h2 class="heading-s">{e.when.clone()}
                                    {e.current.then(|| view! { " " <strong class="tag tag--green">"Current"</strong> })}
                                </h2>
                                <p class="body">{format!("Saved by {}. {}.", e.who, capitalise(&e.what))}</p>
                                {(!e.values.is_empty()).then(|| view! {
                                    <dl class="summary-list">
                                        {e.values.iter().map(|(k, v)| view! {
                                            <div class="summary-list__row">
                                                <dt class="summary-list__key">{field_label(k)}</dt>
                                                <dd class="summary-list__value">{v.clone()}</dd>
                                            </div>
                                        }).collect_view()}
                                    </dl>
                                })}
                                {can_restore.then(|| view! {
                                    <button type="button" class="button button--secondary" id=format!("restore-{i}")
                                        aria-label=label on:click=move |_| restore(&entry)>"Restore this version"</button>
                                })}
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        }
        .into_any()
    }
}
