//! "Getting ready": the set-up task list, one page per set-up section, check your answers, the
//! timeline with its stage tracker and calendar export, and choosing peer councils.
//!
//! Everything edits one record: the review's [`ReviewSetup`] (record id == review id). Every
//! change is saved at once; "Save and continue" only validates, so drafts are always kept.

mod form;
mod peers;
mod timeline;

pub use form::SetupSectionPage;
pub use peers::PeersPage;
pub use timeline::TimelinePage;

use crate::domain::review::{self, ReviewSetup, SetupSection, TaskStatus};
use crate::domain::revision::{Current, RecordKind};
use crate::domain::timeline as tl;
use crate::ui::components::conflict::ConflictBanner;
use crate::ui::components::fields::Problem;
use crate::ui::components::task_list::{Row, SummaryList, Task, TaskList};
use crate::ui::state::{history_href, AppState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The review in the route: its id, its current set-up, and an editor that saves at once.
#[derive(Clone, Copy)]
pub struct Review {
    pub id: Memo<String>,
    pub setup: Memo<Option<ReviewSetup>>,
    /// True when the set-up has two heads (edits from two people to choose between).
    pub conflict: Memo<bool>,
    pub exists: Memo<bool>,
    state: AppState,
}

impl Review {
    pub fn from_route() -> Review {
        let state = expect_context::<AppState>();
        let params = use_params_map();
        let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
        let setup = Memo::new(move |_| {
            let id = id.get();
            state.review(&id)
        });
        let conflict = Memo::new(move |_| {
            let id = id.get();
            state
                .revs
                .with(|r| matches!(r.current(&id, &id), Some(Current::Conflict(_))))
        });
        // In a conflict, editing here would silently pick a winner: resolve on the overview.
        let exists = Memo::new(move |_| setup.with(Option::is_some) && !conflict.get());
        Review {
            id,
            setup,
            conflict,
            exists,
            state,
        }
    }

    /// Applies a change to the current set-up and saves it if anything changed.
    pub fn edit(&self, f: impl FnOnce(&mut ReviewSetup)) {
        let Some(before) = self.setup.get_untracked() else {
            if self.conflict.get_untracked() {
                let id = self.id.get_untracked();
                self.state.refuse_conflict(&id, &id);
            }
            return;
        };
        let mut after = before.clone();
        f(&mut after);
        if after != before {
            let id = self.id.get_untracked();
            self.state
                .save(&id, &id, RecordKind::Review, review::SCHEMA, &after);
        }
    }

    /// A reactive view of part of the set-up (default while the review is missing).
    pub fn get<T>(&self, f: impl Fn(&ReviewSetup) -> T + Send + Sync + 'static) -> Signal<T>
    where
        T: Default + Clone + PartialEq + Send + Sync + 'static,
    {
        let setup = self.setup;
        Memo::new(move |_| setup.with(|s| s.as_ref().map(&f).unwrap_or_default())).into()
    }

    /// A path under this review, e.g. `href("/setup")`.
    pub fn href(&self, tail: &str) -> String {
        format!("/reviews/{}{tail}", self.id.get_untracked())
    }

    pub fn state(&self) -> AppState {
        self.state
    }
}

/// Shown instead of a page when the review is not in this browser (or is in conflict).
#[component]
pub(crate) fn Missing(review: Review) -> impl IntoView {
    move || {
        if review.conflict.get() {
            let id = review.id.get();
            view! {
                <A href=review.href("") attr:class="back-link">"Back to the review"</A>
                <h1 class="heading-l">"This review has changes to choose between"</h1>
                <ConflictBanner review_id=id.clone() record_id=id kind=RecordKind::Review/>
            }
            .into_any()
        } else {
            view! {
                <h1 class="heading-l">"Review not found"</h1>
                <p class="body">"This review is not saved in this browser. It may have been deleted, or it was set up on another device."</p>
                <p class="body"><A href="/">"Go to your reviews"</A></p>
            }
            .into_any()
        }
    }
}

pub(crate) fn problems_for(section: SetupSection, s: &ReviewSetup) -> Vec<Problem> {
    review::validate_section(section, s)
        .into_iter()
        .map(|e| Problem::new(e.field_id, e.message))
        .collect()
}

/// "1 council", "3 councils".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn section_hint(section: SetupSection, s: &ReviewSetup) -> Option<String> {
    match section {
        SetupSection::PeerCouncils if !s.peer_councils.is_empty() => Some(format!(
            "{} chosen",
            plural(s.peer_councils.len(), "council", "councils")
        )),
        SetupSection::Team if !s.team.is_empty() => Some(plural(s.team.len(), "member", "members")),
        SetupSection::Timeline => {
            let today = crate::domain::date::Date::from_unix_ms(crate::browser::platform::now_ms());
            let n = tl::setup_warnings(s, today).len();
            (n > 0).then(|| format!("{} about the guidance", plural(n, "warning", "warnings")))
        }
        SetupSection::Readiness => {
            // Question 6 takes a written answer rather than a level.
            let answered = (0..review::READINESS_QUESTIONS.len())
                .filter(|&i| {
                    let a = s.readiness_answer(i);
                    a.level.is_some()
                        || (review::READINESS_QUESTIONS[i].written && !a.notes.trim().is_empty())
                })
                .count();
            (answered > 0).then(|| {
                format!(
                    "{answered} of {} questions answered",
                    review::READINESS_QUESTIONS.len()
                )
            })
        }
        _ => None,
    }
}

/// `/reviews/:id/setup`: the set-up task list.
#[component]
pub fn SetupTasks() -> impl IntoView {
    let review = Review::from_route();
    view! {
        <Show when=move || review.exists.get() fallback=move || view! { <Missing review/> }>
            <SetupTasksInner review/>
        </Show>
    }
}

#[component]
fn SetupTasksInner(review: Review) -> impl IntoView {
    let title = review.get(|s| s.title.clone());
    let tasks = review.get(|s| {
        SetupSection::ALL
            .iter()
            .map(|&sec| Task {
                id: format!("task-{}", sec.slug()),
                name: sec.label().to_string(),
                href: String::new(),
                hint: section_hint(sec, s)
                    .or_else(|| (!sec.hint().is_empty()).then(|| sec.hint().to_string())),
                status: sec.status(s),
            })
            .collect::<Vec<_>>()
    });
    let id = review.id;
    let tasks = Signal::derive(move || {
        let id = id.get();
        tasks
            .get()
            .into_iter()
            .zip(SetupSection::ALL)
            .map(|(t, sec)| Task {
                href: format!("/reviews/{id}/setup/{}", sec.slug()),
                ..t
            })
            .collect::<Vec<_>>()
    });
    // The readiness questions are optional help: progress counts the required sections.
    let required = SetupSection::ALL
        .iter()
        .filter(|sec| !sec.is_optional())
        .count();
    let done = review.get(|s| {
        SetupSection::ALL
            .iter()
            .filter(|sec| !sec.is_optional() && sec.status(s) == TaskStatus::Completed)
            .count()
    });
    view! {
        <A href=move || format!("/reviews/{}", id.get()) attr:class="back-link">"Back to the review"</A>
        <span class="caption">{move || title.get()}</span>
        <h1 class="heading-l">"Set up the review"</h1>
        <p class="body">"Agree these details with the Improvement Service. Each section is saved as you go, so you can leave and come back."</p>
        <p class="body" id="setup-progress">
            {move || format!("You have completed {} of {required} required sections. The readiness questions are optional.", done.get())}
        </p>
        <TaskList tasks/>
        <h2 class="heading-m">"When you have finished"</h2>
        <p class="body">
            <A href=move || format!("/reviews/{}/check-setup", id.get())>"Check your answers"</A>
        </p>
        <h2 class="heading-m">"Also in getting ready"</h2>
        <ul class="list">
            <li><A href=move || format!("/reviews/{}/peers", id.get())>"Choose peer councils with family-group help"</A></li>
            <li><A href=move || format!("/reviews/{}/timeline", id.get())>"See the timeline and download it as a calendar"</A></li>
        </ul>
    }
}

/// `/reviews/:id/check-setup`: check your answers, with Change links to each section page.
#[component]
pub fn CheckSetup() -> impl IntoView {
    let review = Review::from_route();
    view! {
        <Show when=move || review.exists.get() fallback=move || view! { <Missing review/> }>
            <CheckSetupInner review/>
        </Show>
    }
}

#[component]
fn CheckSetupInner(review: Review) -> impl IntoView {
    let id = review.id;
    let title = review.get(|s| s.title.clone());
    let incomplete = review.get(|s| {
        SetupSection::ALL
            .iter()
            .filter(|sec| sec.status(s) != TaskStatus::Completed)
            .map(|&sec| (sec, sec.status(s)))
            .collect::<Vec<_>>()
    });
    let answers = review.get(review::check_answers);
    view! {
        <A href=move || format!("/reviews/{}/setup", id.get()) attr:class="back-link">"Back to set-up tasks"</A>
        <span class="caption">{move || title.get()}</span>
        <h1 class="heading-l">"Check your answers"</h1>
        {move || {
            let missing = incomplete.get();
            if missing.is_empty() {
                view! {
                    <div class="notification notification--success" role="region" aria-labelledby="setup-complete-title">
                        <h2 class="notification__title" id="setup-complete-title">"Set-up complete"</h2>
                        <div class="notification__content">
                            <p class="body">"Every section is complete. You can still change anything below."</p>
                        </div>
                    </div>
                }
                .into_any()
            } else {
                let id = id.get();
                view! {
                    <div class="inset">
                        <p class="body">"These sections are not complete yet:"</p>
                        <ul class="list">
                            {missing.into_iter().map(|(sec, status)| view! {
                                <li>
                                    <A href=format!("/reviews/{id}/setup/{}", sec.slug())>{sec.label()}</A>
                                    {format!(" ({})", status.label().to_lowercase())}
                                </li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
                .into_any()
            }
        }}
        {move || {
            let id = id.get();
            answers.get().into_iter().map(|(sec, rows)| {
                let href = format!("/reviews/{id}/setup/{}", sec.slug());
                let rows: Vec<Row> = rows
                    .into_iter()
                    .map(|(key, value)| Row { key, value, change_href: Some(href.clone()) })
                    .collect();
                view! {
                    <h2 class="heading-m">{sec.label()}</h2>
                    <SummaryList rows=Signal::stored(rows)/>
                }
            }).collect_view()
        }}
        <div class="button-group">
            <A href=move || format!("/reviews/{}", id.get()) attr:class="button">"Back to the review"</A>
            <A href=move || format!("/reviews/{}/timeline", id.get()) attr:class="button button--secondary">"See the timeline"</A>
        </div>
        <p class="body"><A href=move || history_href(&id.get(), &id.get())>"See the history of the set-up"</A></p>
    }
}
