//! One review: its overview (stage tracker and what to do next), export/backup, deletion,
//! and resolving records changed in two places.

use crate::browser::platform;
use crate::domain::bundle::{BundleKind, ReviewRef};
use crate::domain::date::Date;
use crate::domain::record::{Content, Read as RecordRead};
use crate::domain::review::{self, ReviewSetup, SetupSection};
use crate::domain::revision::RecordKind;
use crate::domain::timeline::{self, Stage};
use crate::storage::Batch;
use crate::ui::bundles::{ExportPanel, ExportRequest, BACKED_UP_META, PER_REVIEW_META};
use crate::ui::components::conflict::{ConflictBanner, ConflictChoice};
use crate::ui::components::task_list::{Status, Task, TaskList};
use crate::ui::state::{history_href, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

fn review_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

/// Shown when a review id is not in this browser.
#[component]
pub fn MissingReview() -> impl IntoView {
    view! {
        <h1 class="heading-l">"Review not found"</h1>
        <p class="body">"This review is not in this browser. It may have been deleted, or it may be on another device."</p>
        <p class="body"><A href="/import">"Import a backup file"</A>" or "<A href="/">"go to your reviews"</A>"."</p>
    }
}

#[component]
pub fn Overview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = review_id();
    let setup = Memo::new(move |_| state.review_read(&id.get()));
    let today = Date::from_unix_ms(platform::now_ms());
    move || {
        let s = match setup.get() {
            RecordRead::Value { value, .. } => value,
            RecordRead::Missing => return view! { <MissingReview/> }.into_any(),
            RecordRead::Unreadable(msg) => {
                return view! { <UnreadableReview review_id=id.get() message=msg/> }.into_any()
            }
            RecordRead::Conflict(_) => {
                return view! { <ReviewInConflict review_id=id.get()/> }.into_any()
            }
        };
        let rid = id.get();
        let stage = timeline::stage(&s, today);
        let next = timeline::next_date(&s, today).map(|(m, d)| (m.label(), d));
        let setup_done = SetupSection::ALL
            .iter()
            .filter(|sec| sec.status(&s) == review::TaskStatus::Completed)
            .count();
        let responses = state
            .revs
            .with(|r| r.live_records(&rid, RecordKind::Response).len());
        let has_checklist = state
            .revs
            .with(|r| !r.records(&rid, RecordKind::Checklist).is_empty());
        let status = |done: bool, started: bool| {
            if done {
                Status::Completed
            } else if started {
                Status::InProgress
            } else {
                Status::NotStarted
            }
        };
        let tasks = vec![
            Task {
                id: "task-setup".into(),
                name: "Set up the review".into(),
                href: format!("/reviews/{rid}/setup"),
                hint: Some(format!(
                    "{setup_done} of {} sections completed",
                    SetupSection::ALL.len()
                )),
                status: status(setup_done == SetupSection::ALL.len(), setup_done > 0),
            },
            Task {
                id: "task-peers".into(),
                name: "Choose peer councils".into(),
                href: format!("/reviews/{rid}/peers"),
                hint: Some(format!("{} chosen", s.peer_councils.len())),
                status: status(s.peer_councils.len() >= 3, !s.peer_councils.is_empty()),
            },
            Task {
                id: "task-timeline".into(),
                name: "Timeline and calendar".into(),
                href: format!("/reviews/{rid}/timeline"),
                hint: None,
                status: status(
                    s.dates.fieldwork_start.is_some() && s.dates.fieldwork_end.is_some(),
                    s.dates.fieldwork_start.is_some(),
                ),
            },
            Task {
                id: "task-checklist".into(),
                name: "Choose the self-assessment checklist".into(),
                href: format!("/reviews/{rid}/checklist"),
                hint: None,
                status: status(has_checklist && s.checklist_closes.is_some(), has_checklist),
            },
            Task {
                id: "task-invite".into(),
                name: "Invite stakeholders".into(),
                href: format!("/reviews/{rid}/invite"),
                hint: None,
                status: status(false, responses > 0),
            },
            Task {
                id: "task-responses".into(),
                name: "Collect responses".into(),
                href: format!("/reviews/{rid}/responses"),
                hint: Some(format!("{responses} received")),
                status: status(false, responses > 0),
            },
        ];
        let conflicts = Memo::new({
            let rid = rid.clone();
            move |_| state.revs.with(|r| r.conflicts(&rid))
        });
        view! {
            <A href="/" attr:class="back-link">"Back to your reviews"</A>
            <span class="caption">{s.host_name()}</span>
            <h1 class="heading-l">{if s.title.is_empty() { "Untitled review".to_string() } else { s.title.clone() }}</h1>
            {(!s.focus.is_empty()).then(|| view! { <p class="body lead">{s.focus.clone()}</p> })}
            <h2 class="heading-m">"Stage"</h2>
            <StageTracker current=stage/>
            <p class="body" id="next-milestone">{match next {
                Some((label, d)) => format!("Next: {label} on {}.", d.long()),
                None => "No upcoming dates. Add the fieldwork dates to get a timeline.".to_string(),
            }}</p>
            <Conflicts review_id=rid.clone() records=conflicts/>
            <h2 class="heading-m">"What to do"</h2>
            <TaskList tasks=tasks/>
            <h2 class="heading-m">"Keep it safe"</h2>
            <div class="button-group">
                <A href=format!("/reviews/{rid}/export") attr:class="button button--secondary">"Download a backup of this review"</A>
                <A href="/import" attr:class="button button--secondary">"Import files"</A>
            </div>
            <RenameArchive review_id=rid.clone()/>
            <p class="body"><A href=history_href(&rid, &rid)>"See the history of the set-up"</A></p>
            <p class="body"><A href=format!("/reviews/{rid}/delete")>"Delete this review from this browser"</A></p>
        }
        .into_any()
    }
}

/// A title for a review in any state: its set-up's, or, in a conflict, the first readable
/// version's (for captions and file names only; never used to edit).
pub fn any_setup(state: AppState, id: &str) -> Option<ReviewSetup> {
    match state.review_read(id) {
        RecordRead::Value { value, .. } => Some(value),
        RecordRead::Conflict(versions) => Some(
            versions
                .into_iter()
                .find_map(|v| match v.content {
                    Content::Value(s) => Some(s),
                    _ => None,
                })
                .unwrap_or_else(|| ReviewSetup::new("")),
        ),
        RecordRead::Unreadable(_) => Some(ReviewSetup::new("")),
        RecordRead::Missing => None,
    }
}

/// The overview of a review whose set-up was changed in two places (one version may delete
/// it): it stays visible, says so, and offers the choice, the history and a backup.
#[component]
fn ReviewInConflict(review_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rid = review_id.clone();
    let conflicts = Memo::new(move |_| state.revs.with(|r| r.conflicts(&rid)));
    let title = any_setup(state, &review_id)
        .map(|s| s.title)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled review".into());
    view! {
        <A href="/" attr:class="back-link">"Back to your reviews"</A>
        <span class="caption">{title}</span>
        <h1 class="heading-l">"This review has changes to choose between"</h1>
        <ConflictBanner review_id=review_id.clone() record_id=review_id.clone() kind=RecordKind::Review/>
        <p class="body">"Until you choose, this review cannot be renamed, archived, deleted or changed."</p>
        <Conflicts review_id=review_id.clone() records=conflicts/>
        <h2 class="heading-m">"Keep it safe"</h2>
        <div class="button-group">
            <A href=format!("/reviews/{review_id}/export") attr:class="button button--secondary">"Download a backup of this review"</A>
        </div>
    }
}

#[component]
fn UnreadableReview(review_id: String, message: String) -> impl IntoView {
    view! {
        <A href="/" attr:class="back-link">"Back to your reviews"</A>
        <h1 class="heading-l">"This review cannot be opened"</h1>
        <p class="body">{message}</p>
        <p class="body">"Nothing has been changed or removed. "
            <A href=format!("/reviews/{review_id}/export")>"Download a backup of this review"</A>
            " to keep it safe."</p>
    }
}

/// The five PCI stages as an ordered list; the current one is marked in text, not only colour.
#[component]
pub fn StageTracker(current: Stage) -> impl IntoView {
    view! {
        <ol class="stages" aria-label="Review stages">
            {Stage::ALL.iter().map(|st| {
                let (class, note) = if *st == current {
                    ("stages__item stages__item--current", " (current stage)")
                } else if st.number() < current.number() {
                    ("stages__item stages__item--done", " (done)")
                } else {
                    ("stages__item", "")
                };
                view! {
                    <li class=class aria-current=(*st == current).then_some("step")>
                        {format!("{}. {}", st.number(), st.label())}
                        <span class="visually-hidden">{note}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn RenameArchive(review_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(review_id);
    let setup = move || state.review(&id.get_value());
    let update = move |f: &dyn Fn(&mut review::ReviewSetup)| {
        let rid = id.get_value();
        match state
            .revs
            .with_untracked(|r| crate::domain::record::read::<ReviewSetup>(r, &rid, &rid))
        {
            RecordRead::Value { value: mut s, .. } => {
                f(&mut s);
                state.save(&rid, &rid, RecordKind::Review, review::SCHEMA, &s);
            }
            // Renaming or archiving now would pick a winner: say so instead.
            RecordRead::Conflict(_) => state.refuse_conflict(&rid, &rid),
            _ => {}
        }
    };
    let empty_name = RwSignal::new(false);
    view! {
        <details class="details">
            <summary>"Rename or archive this review"</summary>
            <div>
                <div class=move || if empty_name.get() { "form-group form-group--error" } else { "form-group" }>
                    <label class="label" for="rename-title">"Review name"</label>
                    <Show when=move || empty_name.get()>
                        <p class="error-message" id="rename-title-error"><span class="visually-hidden">"Error: "</span>"Enter a review name. Until you do, the review keeps its last name."</p>
                    </Show>
                    <input class="input" id="rename-title" name="rename-title" type="text"
                        class:input--error=move || empty_name.get()
                        aria-describedby=move || empty_name.get().then_some("rename-title-error")
                        prop:value=move || setup().map(|s| s.title).unwrap_or_default()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            // A review is never saved without a name.
                            empty_name.set(v.trim().is_empty());
                            if !v.trim().is_empty() {
                                update(&|s| s.title = v.clone())
                            }
                        }/>
                </div>
                <button type="button" class="button button--secondary" id="archive-toggle"
                    on:click=move |_| update(&|s| s.archived = !s.archived)>
                    {move || if setup().is_some_and(|s| s.archived) { "Restore from archive" } else { "Archive this review" }}
                </button>
                <crate::ui::components::layout::SavedStatus/>
            </div>
        </details>
    }
}

/// Every record of the review changed in two places: each version, who and when, and the
/// choice. Nothing when there is none.
#[component]
fn Conflicts(review_id: String, records: Memo<Vec<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rid = StoredValue::new(review_id);
    move || {
        let list = records.get();
        (!list.is_empty()).then(|| {
            let review_id = rid.get_value();
            let rows = list
                .into_iter()
                .map(|record| {
                    let kind = state.revs.with_untracked(|r| {
                        r.heads(&record, &review_id).first().map(|h| h.kind)
                    });
                    let noun = match kind {
                        Some(RecordKind::Review) | None => "review set-up",
                        Some(k) => k.noun(1),
                    };
                    view! {
                        <li>
                            <h3 class="heading-s">{format!("The {noun} was changed in two places")}</h3>
                            <ConflictChoice review_id=review_id.clone() record_id=record/>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="notification" role="region" aria-labelledby="conflicts-title" id="conflicts">
                    <h2 class="notification__title" id="conflicts-title">"Changes to choose between"</h2>
                    <div class="notification__content">
                        <p>"Some records were changed by two people at the same time. Nothing has been lost: choose which version to keep."</p>
                        <ul class="list list--plain">{rows}</ul>
                    </div>
                </div>
            }
        })
    }
}

/// The request for a backup of one review: every revision of it.
pub fn backup_request(state: AppState, id: &str) -> Option<ExportRequest> {
    // A review in conflict can still be backed up: a backup never picks a version.
    let s = any_setup(state, id)?;
    let revisions = state.revs.with(|r| r.for_review(id).to_vec());
    Some(ExportRequest {
        kind: BundleKind::Backup,
        review: Some(ReviewRef {
            id: id.to_string(),
            title: s.title.clone(),
        }),
        revisions,
        extra: Default::default(),
        author: None,
        // File names need something recognisable even before host and focus are filled in.
        host: if s.host_name().is_empty() {
            s.title.clone()
        } else {
            s.host_name()
        },
        focus: s.focus.clone(),
        name_id: None,
    })
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = review_id();
    let request = Signal::derive(move || backup_request(state, &id.get()));
    let contribution = Signal::derive(move || contribution_request(state, &id.get()));
    let title = move || {
        any_setup(state, &id.get())
            .map(|s| s.title)
            .unwrap_or_default()
    };
    view! {
        <A href=move || format!("/reviews/{}", id.get()) attr:class="back-link">"Back to the review"</A>
        <span class="caption">{title}</span>
        <h1 class="heading-l">"Download a backup or your contributions"</h1>
        <p class="body">"The backup file holds everything about this review: its set-up, checklist and responses. "
            "Use it to keep a safe copy, to move to another device, or to hand the review to a colleague. "
            "Importing it again never overwrites newer work."</p>
        <ExportPanel request=request encrypt_by_default=true id="backup" button_label="Download backup"
            email_subject=Signal::derive(move || format!("PCI review backup – {}", title()))
            email_body=Signal::derive(|| "Here is a backup of our peer collaborative improvement review. I will send the passphrase separately.".to_string())/>
        <h2 class="heading-m">"Send your contributions to the team"</h2>
        <p class="body">"A smaller file with only what you wrote in this browser as a team member – notes, votes, areas for improvement, actions and report sections – for the host to merge into their copy. "
            "Changes to the set-up or the checklist go to a co-host in a backup instead."</p>
        <Show when=move || contribution.with(Option::is_none)>
            <p class="body" id="contribution-empty">"There is nothing to send yet: you have not written any notes, votes or other contributions in this review."</p>
        </Show>
        <ExportPanel request=contribution encrypt_by_default=true id="contribution" button_label="Download contributions"
            email_subject=Signal::derive(move || format!("PCI contributions – {}", title()))
            email_body=Signal::derive(|| "Here are my contributions to our peer collaborative improvement review. I will send the passphrase separately.".to_string())/>
    }
}

/// The request for a contribution: every revision of the review made in this browser.
pub fn contribution_request(state: AppState, id: &str) -> Option<ExportRequest> {
    let mut req = backup_request(state, id)?;
    let device = state.device.get();
    req.kind = BundleKind::Contribution;
    // Only what a participant may send: their own records of the kinds a contribution carries
    // (the set-up and checklist travel between co-hosts in backups).
    req.revisions.retain(|r| {
        crate::domain::author::is_mine(&r.author, &device, id)
            && crate::domain::rules::may_carry(BundleKind::Contribution, r.kind)
    });
    (!req.revisions.is_empty()).then_some(req)
}

#[component]
pub fn DeleteReview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = review_id();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let request = Signal::derive(move || backup_request(state, &id.get()));
    let delete = move |_| {
        let rid = id.get_untracked();
        // Deleting would settle a conflict nobody chose: resolve it first.
        if state.in_conflict(&rid, &rid) {
            state.refuse_conflict(&rid, &rid);
            return;
        }
        let ids: Vec<String> = state.revs.with_untracked(|r| {
            r.for_review(&rid)
                .iter()
                .map(|v| v.rev_id.clone())
                .collect()
        });
        let navigate = navigate.clone();
        spawn_local(async move {
            match state
                .write(Batch {
                    put: vec![],
                    delete: ids.clone(),
                    meta: vec![],
                })
                .await
            {
                Ok(()) => {
                    for prefix in BACKED_UP_META.iter().chain(&PER_REVIEW_META) {
                        let _ = state.delete_meta(&format!("{prefix}{rid}")).await;
                    }
                    state.revs.update(|r| {
                        for i in &ids {
                            r.remove(i);
                        }
                    });
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    move || {
        if state.in_conflict_tracked(&id.get(), &id.get()) {
            return view! {
                <A href=format!("/reviews/{}", id.get()) attr:class="back-link">"Back to the review"</A>
                <h1 class="heading-l">"Choose which version to keep before deleting"</h1>
                <ConflictBanner review_id=id.get() record_id=id.get() kind=RecordKind::Review/>
            }
            .into_any();
        }
        let Some(s) = state.review(&id.get()) else {
            return view! { <MissingReview/> }.into_any();
        };
        view! {
            <A href=format!("/reviews/{}", id.get()) attr:class="back-link">"Back to the review"</A>
            <span class="caption">{s.title.clone()}</span>
            <h1 class="heading-l">"Are you sure you want to delete this review?"</h1>
            <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <strong><span class="visually-hidden">"Warning: "</span>
                    "This removes the review and all its responses from this browser. It cannot be undone. "
                    "Download a backup first if you might need it."</strong>
            </div>
            <h2 class="heading-m">"Download a backup first"</h2>
            <ExportPanel request=request encrypt_by_default=true id="delete-backup" button_label="Download backup"/>
            <h2 class="heading-m">"Delete"</h2>
            {move || error.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
            <div class="button-group">
                <button type="button" class="button button--warning" id="confirm-delete" on:click=delete.clone()>"Yes, delete this review"</button>
                <A href=format!("/reviews/{}", id.get())>"No, keep it"</A>
            </div>
        }
        .into_any()
    }
}
