//! One review: its overview (stage tracker and what to do next), export/backup, deletion,
//! and resolving records changed in two places.

use crate::browser::platform;
use crate::domain::bundle::{BundleKind, ReviewRef};
use crate::domain::date::Date;
use crate::domain::review::{self, SetupSection};
use crate::domain::revision::{RecordKind, Revision};
use crate::domain::timeline::{self, Stage};
use crate::storage::Batch;
use crate::ui::bundles::{ExportPanel, ExportRequest, BACKED_UP_META};
use crate::ui::components::task_list::{Status, Task, TaskList};
use crate::ui::state::AppState;
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
    let setup = Memo::new(move |_| state.review(&id.get()));
    let today = Date::from_unix_ms(platform::now_ms());
    move || {
        let Some(s) = setup.get() else {
            return view! { <MissingReview/> }.into_any();
        };
        let rid = id.get();
        let stage = timeline::current_stage(&s, today);
        let next = timeline::next_milestone(&s.dates, today);
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
        let conflicts = state.revs.with(|r| r.conflicts(&rid));
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
            {(!conflicts.is_empty()).then(|| view! { <Conflicts review_id=rid.clone() records=conflicts/> })}
            <h2 class="heading-m">"What to do"</h2>
            <TaskList tasks=tasks/>
            <h2 class="heading-m">"Keep it safe"</h2>
            <div class="button-group">
                <A href=format!("/reviews/{rid}/export") attr:class="button button--secondary">"Download a backup of this review"</A>
                <A href="/import" attr:class="button button--secondary">"Import files"</A>
            </div>
            <RenameArchive review_id=rid.clone()/>
            <p class="body"><A href=format!("/reviews/{rid}/delete")>"Delete this review from this browser"</A></p>
        }
        .into_any()
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
        if let Some(mut s) = state.review(&id.get_value()) {
            f(&mut s);
            let rid = id.get_value();
            state.save(&rid, &rid, RecordKind::Review, review::SCHEMA, &s);
        }
    };
    view! {
        <details class="details">
            <summary>"Rename or archive this review"</summary>
            <div>
                <div class="form-group">
                    <label class="label" for="rename-title">"Review name"</label>
                    <input class="input" id="rename-title" name="rename-title" type="text"
                        prop:value=move || setup().map(|s| s.title).unwrap_or_default()
                        on:input=move |ev| { let v = event_target_value(&ev); update(&|s| s.title = v.clone()) }/>
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

/// Records changed in two places: show each version and let the user keep one.
#[component]
fn Conflicts(review_id: String, records: Vec<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = records
        .into_iter()
        .map(|record| {
            let heads: Vec<Revision> = state.revs.with_untracked(|r| r.heads(&record, &review_id).into_iter().cloned().collect());
            let kind = heads.first().map(|h| h.kind).unwrap_or(RecordKind::Review);
            let rid = review_id.clone();
            view! {
                <li class="conflict">
                    <h3 class="heading-s">{format!("A {} was changed in two places", kind.noun(1))}</h3>
                    <ul class="list list--plain">
                        {heads.into_iter().enumerate().map(|(i, h)| {
                            let (rid, record) = (rid.clone(), record.clone());
                            let when = Date::from_unix_ms(h.at).medium();
                            let summary = summarise(&h);
                            view! {
                                <li class="inset">
                                    <p>{format!("Version {} – saved {when}", i + 1)}</p>
                                    <p class="summary-list__value">{summary}</p>
                                    <button type="button" class="button button--secondary" on:click=move |_| {
                                        state.save(&rid, &record, h.kind, h.schema, &h.body);
                                    }>{format!("Keep version {}", i + 1)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="notification" role="region" aria-labelledby="conflicts-title">
            <h2 class="notification__title" id="conflicts-title">"Changes to choose between"</h2>
            <div class="notification__content">
                <p>"Some records were changed by two people at the same time. Nothing has been lost: choose which version to keep."</p>
                <ul class="list list--plain">{rows}</ul>
            </div>
        </div>
    }
}

/// A short, readable description of a revision's content (text only, never HTML).
fn summarise(rev: &Revision) -> String {
    match rev.kind {
        RecordKind::Review => review::ReviewSetup::from_body(rev.schema, &rev.body)
            .map(|s| format!("{} – {} – {}", s.title, s.host_name(), s.focus))
            .unwrap_or_default(),
        _ => {
            let text = rev.body.to_string();
            text.chars().take(200).collect()
        }
    }
}

/// The request for a backup of one review: every revision of it.
pub fn backup_request(state: AppState, id: &str) -> Option<ExportRequest> {
    let s = state.review(id)?;
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
    })
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = review_id();
    let request = Signal::derive(move || backup_request(state, &id.get()));
    let contribution = Signal::derive(move || contribution_request(state, &id.get()));
    let title = move || state.review(&id.get()).map(|s| s.title).unwrap_or_default();
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
        <p class="body">"A smaller file with only the changes made in this browser, for a team member to merge into their copy."</p>
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
    req.revisions
        .retain(|r| crate::domain::author::is_mine(&r.author, &device, id));
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
                    for prefix in BACKED_UP_META {
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
