//! /reviews/:id/checklist: which checklist, when it closes, respondent groups and names.

use super::{
    review_checklist, review_title, saved_checklist, update_setup, with_review, CHECKLIST_RECORD,
};
use crate::browser::{files, platform};
use crate::domain::checklist::{self, psif_standard, Checklist, ImportError};
use crate::domain::date::Date;
use crate::domain::invitation::{self, Replacement};
use crate::domain::review::DEFAULT_RESPONDENT_GROUPS;
use crate::domain::review::RESPONDENT_GROUPS_HINT;
use crate::domain::revision::RecordKind;
use crate::domain::timeline;
use crate::ui::components::conflict::ConflictNotice;
use crate::ui::components::fields::{error_for, ErrorSummary, Problem, Radios, TextInput};
use crate::ui::components::layout::SavedStatus;
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    with_review(|id| view! { <ChecklistSettings id=id/> })
}

/// "Line 3 of repairs.csv: the section is empty".
fn describe(file: &str, e: &ImportError) -> String {
    match e.line {
        Some(line) => format!("Line {line} of {file}: {}", e.message),
        None => format!("{file}: {}", e.message),
    }
}

#[component]
fn ChecklistSettings(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rid = StoredValue::new(id.clone());
    let setup = Memo::new(move |_| state.review(&rid.get_value()));
    let checklist = Memo::new(move |_| review_checklist(state, &rid.get_value()));
    let is_saved = Memo::new(move |_| saved_checklist(state, &rid.get_value()).is_some());
    let response_count = Memo::new(move |_| {
        state
            .revs
            .with(|r| r.live_records(&rid.get_value(), RecordKind::Response).len())
    });
    let checklist_conflict =
        Memo::new(move |_| state.in_conflict_tracked(&rid.get_value(), CHECKLIST_RECORD));
    let is_standard =
        Memo::new(move |_| checklist.with(|c| c.fingerprint() == psif_standard().fingerprint()));
    let pending = RwSignal::new(None::<(String, Checklist)>);
    let file_errors = RwSignal::new(Vec::<String>::new());
    let notice = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let new_group = RwSignal::new(String::new());
    let today = Date::from_unix_ms(platform::now_ms());

    let use_checklist = move |new: Checklist| {
        let current = checklist.get_untracked();
        let has_responses = response_count.get_untracked() > 0;
        let save = |c: &Checklist| {
            state.save(
                &rid.get_value(),
                CHECKLIST_RECORD,
                RecordKind::Checklist,
                checklist::SCHEMA,
                c,
            )
        };
        let msg = match invitation::replace_checklist(&current, &new, has_responses) {
            Replacement::Unchanged => {
                if !is_saved.get_untracked() {
                    save(&current);
                }
                format!(
                    "“{}” is already the checklist for this review. Nothing changed.",
                    current.title
                )
            }
            Replacement::InPlace(c) => {
                save(&c);
                format!("This review now uses “{}”.", c.title)
            }
            Replacement::NewVersion(c) => {
                save(&c);
                format!(
                    "This review now uses “{}” as version {} of its checklist. Responses to version {} are kept and counted separately. Send a new invitation to anyone who has not responded yet.",
                    c.title, c.version, current.version
                )
            }
        };
        pending.set(None);
        file_errors.set(Vec::new());
        notice.set(Some(msg));
    };

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        notice.set(None);
        spawn_local(async move {
            let picked = files::read_all(&list).await;
            input.set_value("");
            match picked.into_iter().next() {
                Some(Ok(p)) => {
                    let text = String::from_utf8_lossy(&p.bytes).to_string();
                    match invitation::read_checklist_file(&p.name, &text) {
                        Ok(c) => {
                            file_errors.set(Vec::new());
                            pending.set(Some((p.name, c)));
                        }
                        Err(errs) => {
                            pending.set(None);
                            file_errors.set(errs.iter().map(|e| describe(&p.name, e)).collect());
                        }
                    }
                }
                Some(Err(e)) => {
                    pending.set(None);
                    file_errors.set(vec![e]);
                }
                None => {}
            }
        });
    };

    let download_template = move |_| {
        let c = checklist.get_untracked();
        let name = format!(
            "{}.csv",
            if c.title.trim().is_empty() {
                "checklist"
            } else {
                c.title.trim()
            }
        );
        let _ = files::download(&name, c.to_csv().as_bytes(), "text/csv");
    };

    let add_group = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_group.get_untracked();
        let mut groups = setup
            .get_untracked()
            .map(|s| s.respondent_groups)
            .unwrap_or_default();
        match invitation::add_group(&mut groups, &name) {
            Ok(()) => {
                problems.set(Vec::new());
                new_group.set(String::new());
                update_setup(state, &rid.get_value(), |s| s.respondent_groups = groups);
            }
            Err(msg) => problems.set(vec![Problem::new("new-group", msg)]),
        }
    };

    let closes_value = Signal::derive(move || {
        setup.with(|s| {
            s.as_ref()
                .and_then(|s| s.checklist_closes)
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
    });
    let named = Signal::derive(move || {
        setup.with(|s| {
            s.as_ref()
                .map(|s| if s.allow_named_responses { "yes" } else { "no" }.to_string())
        })
    });
    let groups = move || {
        setup.with(|s| {
            s.as_ref()
                .map(|s| s.respondent_groups.clone())
                .unwrap_or_default()
        })
    };
    let id2 = id.clone();

    view! {
        <A href=format!("/reviews/{id}") attr:class="back-link">"Back to the review"</A>
        <ErrorSummary problems=problems/>
        <FileErrorSummary errors=file_errors/>
        <span class="caption">{move || review_title(state, &rid.get_value())}</span>
        <h1 class="heading-l">"Self-assessment checklist"</h1>
        <ConflictNotice review_id=Signal::derive(move || rid.get_value()) record_id=Signal::derive(|| CHECKLIST_RECORD.to_string())/>
        <SavedStatus/>
        {move || notice.get().map(|m| view! {
            <div class="notification notification--success" role="status">
                <h2 class="notification__title">"Checklist updated"</h2>
                <div class="notification__content"><p>{m}</p></div>
            </div>
        })}
        <p class="body">"Stakeholders rate each statement Strongly agree, Agree, Disagree, Strongly disagree or Don't know, and add comments on strengths and improvements at the end of each section."</p>

        <h2 class="heading-m">"The checklist"</h2>
        // In a conflict, showing the default or either version here would look like a choice.
        <Show when=move || !checklist_conflict.get()
            fallback=|| view! { <p class="body" id="checklist-summary">"The checklist has two versions. Choose which to keep before changing it or sending invitations."</p> }>
            <dl class="summary-list" id="checklist-summary">
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Checklist"</dt>
                    <dd class="summary-list__value">{move || checklist.with(|c| c.title.clone())}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Version"</dt>
                    <dd class="summary-list__value">{move || checklist.with(|c| c.version.to_string())}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Statements"</dt>
                    <dd class="summary-list__value">{move || checklist.with(|c| format!("{} statements in {} sections", c.statement_count(), c.sections.len()))}</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">"Wording"</dt>
                    <dd class="summary-list__value">{move || checklist.with(|c| if c.source_note.trim().is_empty() { "Imported from a file".to_string() } else { c.source_note.clone() })}</dd>
                </div>
            </dl>
        </Show>
        <p class="body"><A href=format!("/reviews/{id}/checklist/preview")>"Preview the checklist as respondents see it"</A></p>
        <Show when=move || is_saved.get() || state.in_conflict_tracked(&rid.get_value(), CHECKLIST_RECORD)>
            <p class="body"><A href=crate::ui::state::history_href(&rid.get_value(), CHECKLIST_RECORD)>"See the history of the checklist"</A></p>
        </Show>
        <Show when=move || { response_count.get() > 0 }>
            <div class="inset" id="versioning-note">
                <p>{move || {
                    let n = response_count.get();
                    let v = checklist.with(|c| c.version);
                    format!(
                        "{} already been received for version {v}, so this checklist can no longer be changed in place. If you use a different checklist, it becomes version {}: responses to version {v} are kept as they are and counted separately, and anyone who has not responded yet needs a new invitation.",
                        if n == 1 { "1 response has".to_string() } else { format!("{n} responses have") },
                        v + 1
                    )
                }}</p>
            </div>
        </Show>

        <h2 class="heading-m">"Use a different checklist"</h2>
        <p class="body">"You can use your own statements instead, for example the corporate checklist or statements written for this service. Save them as a CSV file with the columns section, sub-area and statement (and optionally id), one statement per row, or as a checklist JSON file."</p>
        <p class="body">
            <button type="button" class="link-button" on:click=download_template>"Download the current checklist as a CSV file"</button>
            " to use as a template."
        </p>
        <div class=move || if file_errors.with(|e| e.is_empty()) { "form-group" } else { "form-group form-group--error" }>
            <label class="label" for="checklist-file">"Choose a checklist file"</label>
            <p class="hint" id="checklist-file-hint">"A .csv or .json file. Nothing changes until you confirm."</p>
            {move || (!file_errors.with(|e| e.is_empty())).then(|| view! {
                <p class="error-message" id="checklist-file-error">
                    <span class="visually-hidden">"Error: "</span>
                    "The file cannot be used. Fix the problems listed at the top of the page and choose it again."
                </p>
            })}
            <input class="file-input" id="checklist-file" name="checklist-file" type="file"
                accept=".csv,.json,text/csv,application/json"
                aria-describedby=move || if file_errors.with(|e| e.is_empty()) { "checklist-file-hint" } else { "checklist-file-hint checklist-file-error" }
                on:change=on_file/>
        </div>
        {move || pending.get().map(|(file, c)| {
            let c2 = c.clone();
            let sections = c.sections.iter().map(|s| s.title.clone()).collect::<Vec<_>>().join("; ");
            let bump = (response_count.get() > 0).then(|| {
                let v = checklist.with(|c| c.version);
                view! { <p>{format!("Because responses have been received, this will become version {} of the checklist.", v + 1)}</p> }
            });
            view! {
                <div class="inset" id="checklist-pending">
                    <h3 class="heading-s">{format!("“{}” from {file}", c.title)}</h3>
                    <p>{format!("{} statements in {} sections: {sections}.", c.statement_count(), c.sections.len())}</p>
                    {bump}
                    <div class="button-group">
                        <button type="button" class="button" on:click=move |_| use_checklist(c2.clone())>"Use this checklist"</button>
                        <button type="button" class="button button--secondary" on:click=move |_| pending.set(None)>"Cancel"</button>
                    </div>
                </div>
            }
        })}
        <Show when=move || !is_standard.get()>
            <p class="body">
                <button type="button" class="button button--secondary" on:click=move |_| use_checklist(psif_standard())>
                    "Go back to the PSIF standard checklist"
                </button>
            </p>
        </Show>

        <h2 class="heading-m">"Closing date"</h2>
        // The same hint, suggestion and warnings as the set-up's checklist section.
        <TextInput id="checklist-closes" label="Date the checklist closes" input_type="date" width="w10"
            hint=untrack(|| state.review(&rid.get_value()).map(|s| timeline::checklist_closes_hint(&s)).unwrap_or_default())
            value=closes_value
            on_change=move |v: String| {
                let date = Date::parse(&v);
                update_setup(state, &rid.get_value(), |s| s.checklist_closes = date);
            }/>
        {move || {
            let setup = state.review(&rid.get_value())?;
            let warnings = timeline::checklist_closes_warnings(&setup);
            (!warnings.is_empty()).then(|| view! {
                <div class="warning-text" id="checklist-closes-warnings">
                    <span class="warning-text__icon" aria-hidden="true">"!"</span>
                    <strong><span class="visually-hidden">"Warning: "</span>
                        {warnings.into_iter().map(|w| view! { <span class="warning-text__line">{w.message}" "</span> }).collect_view()}
                    </strong>
                </div>
            })
        }}
        <Show when=move || closes_value.with(|v| v.is_empty())>
            {move || {
                let suggestion = state
                    .review(&rid.get_value())
                    .and_then(|s| timeline::suggested_checklist_closes(&s, today));
                match suggestion {
                    Some(d) => view! {
                        <p class="body">
                            <button type="button" class="link-button" on:click=move |_| update_setup(state, &rid.get_value(), |s| s.checklist_closes = Some(d))>
                                {format!("Use {}, suggested from your fieldwork dates", d.long())}
                            </button>
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="body">"Add the fieldwork dates to the review's timeline to get a suggested closing date."</p>
                    }.into_any(),
                }
            }}
        </Show>

        <h2 class="heading-m">"Respondent groups"</h2>
        <p class="body">{RESPONDENT_GROUPS_HINT}</p>
        <Show when=move || !groups().is_empty()
            fallback=move || view! {
                <p class="body">"There are no groups, so respondents will not be asked which group they are in."</p>
                <p class="body">
                    <button type="button" class="link-button"
                        on:click=move |_| update_setup(state, &rid.get_value(), |s| s.respondent_groups = DEFAULT_RESPONDENT_GROUPS.map(String::from).to_vec())>
                        {format!("Add the suggested groups: {}", DEFAULT_RESPONDENT_GROUPS.join(", "))}
                    </button>
                </p>
            }>
            <ul class="list list--plain group-list" id="group-list">
                {move || groups().into_iter().enumerate().map(|(i, g)| {
                    let label = g.clone();
                    view! {
                        <li class="group-list__item">
                            <span>{g}</span>
                            <button type="button" class="link-button"
                                on:click=move |_| update_setup(state, &rid.get_value(), |s| { if i < s.respondent_groups.len() { s.respondent_groups.remove(i); } })>
                                "Remove"<span class="visually-hidden">{format!(" {label}")}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
        <form on:submit=add_group novalidate>
            <TextInput id="new-group" label="Add a group" width="w20"
                hint="For example, “Tenants' representatives”."
                value=new_group on_change=move |v| new_group.set(v) error=error_for(problems.into(), "new-group")/>
            <button type="submit" class="button button--secondary">"Add group"</button>
        </form>

        <h2 class="heading-m">"Names"</h2>
        <Radios id="allow-named" legend="Can respondents give their name?"
            hint="Responses are anonymous by default. If you allow names, giving one is still optional."
            options=vec![
                ("no".to_string(), "No, keep every response anonymous".to_string()),
                ("yes".to_string(), "Yes, respondents may choose to give their name".to_string()),
            ]
            selected=named
            on_change=move |v: String| update_setup(state, &rid.get_value(), |s| s.allow_named_responses = v == "yes")/>

        <h2 class="heading-m">"Next"</h2>
        <div class="button-group">
            <A href=format!("/reviews/{id2}/invite") attr:class="button">"Invite people to respond"</A>
            <A href=format!("/reviews/{id2}/checklist/preview") attr:class="button button--secondary">"Preview the checklist"</A>
        </div>
        <p class="body"><A href=format!("/reviews/{id2}/responses")>"See the responses received"</A></p>
    }
}

/// Error summary for a checklist file: every problem links to the file input.
#[component]
fn FileErrorSummary(errors: RwSignal<Vec<String>>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if !errors.with(|e| e.is_empty()) {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <Show when=move || !errors.with(|e| e.is_empty())>
            <div class="error-summary" node_ref=node tabindex="-1" role="alert" aria-labelledby="file-error-summary-title">
                <h2 class="error-summary__title" id="file-error-summary-title">"There is a problem with the checklist file"</h2>
                <ul class="error-summary__list">
                    {move || errors.get().into_iter().map(|e| view! {
                        <li>
                            <a href="#checklist-file" on:click=move |ev| {
                                ev.prevent_default();
                                crate::ui::components::fields::focus_field("checklist-file");
                            }>{e}</a>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
