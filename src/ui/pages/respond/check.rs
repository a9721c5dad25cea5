//! /respond/:id/check (check your answers) and /respond/:id/send (download and email).

use super::section::all_complete;
use super::{with_invitation, Respondent};
use crate::browser::platform;
use crate::domain::bundle::{BundleKind, ReviewRef};
use crate::domain::response::{self, CommentKind, SectionStatus};
use crate::ui::bundles::{ExportPanel, ExportRequest};
use crate::ui::components::task_list::{Row, SummaryList};
use crate::ui::state::{is_unshared, AppState};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CheckPage() -> impl IntoView {
    with_invitation(|r| view! { <Check r=r/> })
}

#[component]
fn Check(r: Respondent) -> impl IntoView {
    let info = r.info.get_value();
    let has_about = !info.groups.is_empty() || info.allow_named;
    let about_rows = Signal::derive(move || {
        let info = r.info.get_value();
        let b = r.body.get();
        let mut rows = Vec::new();
        if !info.groups.is_empty() {
            rows.push(Row {
                key: "Your group".into(),
                value: b
                    .as_ref()
                    .and_then(|b| b.group.clone())
                    .unwrap_or_else(|| "Not given".into()),
                change_href: Some(r.href("#respondent-group")),
            });
        }
        if info.allow_named {
            rows.push(Row {
                key: "Your name".into(),
                value: b
                    .as_ref()
                    .and_then(|b| b.name.clone())
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| "Not given (anonymous)".into()),
                change_href: Some(r.href("#respondent-name")),
            });
        }
        rows
    });
    let sections = move || {
        let Some(c) = r.checklist.get() else {
            return Vec::new();
        };
        c.sections
            .iter()
            .map(|sec| {
                let status = r.status(&sec.id);
                let rows = {
                    let sec = sec.clone();
                    let scale = c.scale.clone();
                    Signal::derive(move || {
                        let b = r.body.get();
                        let mut rows: Vec<Row> = sec
                            .statements()
                            .map(|s| {
                                let value = b
                                    .as_ref()
                                    .and_then(|b| b.answer(&s.id))
                                    .map(|rating| {
                                        scale.iter().find(|o| o.rating == rating).map(|o| o.label.clone()).unwrap_or_else(|| rating.label().to_string())
                                    })
                                    .unwrap_or_else(|| "Not answered".to_string());
                                Row {
                                    key: s.text.clone(),
                                    value,
                                    change_href: Some(r.href(&format!("/section/{}#{}", sec.id, response::statement_field_id(&s.id)))),
                                }
                            })
                            .collect();
                        for (kind, prompt) in [(CommentKind::Strengths, &sec.strengths_prompt), (CommentKind::Improve, &sec.improve_prompt)] {
                            let text = b.as_ref().map(|b| b.comment(&sec.id, kind).trim().to_string()).unwrap_or_default();
                            rows.push(Row {
                                key: prompt.label.clone(),
                                value: if text.is_empty() { "Not given".to_string() } else { text },
                                change_href: Some(r.href(&format!("/section/{}#{}", sec.id, response::comment_field_id(&sec.id, kind)))),
                            });
                        }
                        rows
                    })
                };
                let (label, class) = match status {
                    SectionStatus::Completed => ("Completed", "tag tag--green"),
                    SectionStatus::InProgress => ("In progress", "tag tag--yellow"),
                    SectionStatus::NotStarted => ("Not started", "tag tag--grey"),
                };
                view! {
                    <h2 class="heading-m check__section">{sec.title.clone()}" "<strong class=class>{label}</strong></h2>
                    <SummaryList rows=rows/>
                }
            })
            .collect_view()
    };
    let complete = move || {
        r.checklist.with(|c| {
            c.as_ref()
                .is_some_and(|c| r.body.with(|b| all_complete(b.as_ref(), c)))
        })
    };

    view! {
        <A href=r.href("/sections") attr:class="back-link">"All sections"</A>
        <span class="caption">{info.display_name()}</span>
        <h1 class="heading-l">"Check your answers before sending"</h1>
        <p class="body" id="check-progress">{move || { let (a, t) = r.answered(); format!("{a} of {t} answered.") }}</p>
        {has_about.then(|| view! {
            <h2 class="heading-m">"About you"</h2>
            <SummaryList rows=about_rows/>
        })}
        {sections}
        <h2 class="heading-m">"Now send your response"</h2>
        <Show when=complete fallback=|| view! {
            <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p><span class="visually-hidden">"Warning"</span>"You have not finished every section. You can still send what you have, or go back and finish first."</p>
            </div>
        }>
            <p class="body">"You have answered everything. By sending your response you are giving your views to the review team, to be combined with everyone else's."</p>
        </Show>
        <A href=r.href("/send") attr:class="button" attr:id="to-send">"Continue to send"</A>
    }
}

#[component]
pub fn SendPage() -> impl IntoView {
    with_invitation(|r| view! { <SendResponse r=r/> })
}

#[component]
fn SendResponse(r: Respondent) -> impl IntoView {
    let state = expect_context::<AppState>();
    let info = r.info.get_value();
    // Mark the response as sent (once) so the file says when it was finished.
    if r.body
        .get_untracked()
        .is_some_and(|b| b.submitted_at.is_none())
    {
        r.edit(|b| b.submit(platform::now_ms()));
    }
    // The file carries only the current value: drafts since the last file become one revision
    // on top of what was sent before, so earlier answers and their times never travel.
    Effect::new(move |_| {
        let Some(rid) = r.rid.get() else {
            return;
        };
        let (id, by) = (r.id(), r.author(&rid));
        let squashed = state
            .revs
            .with(|set| set.squash_unshared(&rid, &id, is_unshared, &by, platform::now_ms()));
        if let Some((rev, drafts)) = squashed {
            state.replace_drafts(rev, drafts);
        }
    });
    let request = Signal::derive(move || {
        let rid = r.rid.get()?;
        let id = r.id();
        // Only the head: its parents are revisions already sent, which the host holds.
        let revisions: Vec<_> = state
            .revs
            .with(|set| set.heads(&rid, &id).into_iter().cloned().collect());
        if revisions.is_empty() {
            return None;
        }
        let info = r.info.get_value();
        let title = if info.title.trim().is_empty() {
            info.display_name()
        } else {
            info.title.clone()
        };
        Some(ExportRequest {
            kind: BundleKind::Response,
            review: Some(ReviewRef { id, title }),
            revisions,
            extra: Default::default(),
            author: Some(r.author(&rid)),
            host: info.host_or_title(),
            focus: info.focus.clone(),
            // The host's list calls it "Response <this id>", so the two can be matched.
            name_id: Some(crate::domain::invitation::short_id(&rid)),
        })
    });
    let to = info.collector_text("the person who sent you the invitation");
    let email_to = info.collector().1.to_string();
    let neutral = info.has_neutral_collector().then(|| {
        let who = match info.collector().0 {
            "" => "The collector",
            n => n,
        };
        format!("{who} collects the responses and passes them on to the review team without saying who sent which.")
    });
    let subject = info.response_subject();
    let body = info.response_body();
    let complete = move || {
        r.checklist.with(|c| {
            c.as_ref()
                .is_some_and(|c| r.body.with(|b| all_complete(b.as_ref(), c)))
        })
    };

    view! {
        <A href=r.href("/check") attr:class="back-link">"Back to check your answers"</A>
        <span class="caption">{info.display_name()}</span>
        <h1 class="heading-l">"Send your response"</h1>
        <Show when=move || r.body.with(|b| b.is_some())
            fallback=move || view! {
                <p class="body">"You have not answered anything yet. "<A href=r.href("")>"Start the checklist"</A>"."</p>
            }>
            <Show when=complete>
                <p class="body">"Thank you for completing the checklist."</p>
            </Show>
            <ol class="list">
                <li>"Download your response file."</li>
                <li id="send-to">{format!("Email it to {to}.")}</li>
            </ol>
            {neutral.clone().map(|n| view! { <p class="body" id="collector-note">{n}</p> })}
            // No passphrase by default, and advice that says why: a passphrase has to reach
            // the collector some other way, which would tell them who sent the file.
            <ExportPanel request=request id="response" button_label="Download your response"
                encrypt_hint=format!("Not usually needed: your response file holds no name or email address. If your comments are sensitive you can add one, but you will then need to tell it to {to} another way, such as by phone, which tells them the file is yours.")
                email_to=email_to.clone() email_subject=subject.clone() email_body=body.clone()/>
            <h2 class="heading-m">"If you change your mind"</h2>
            <p class="body">"Your answers stay in this browser. If you change any of them later, come back here and send a new file: it replaces the one you sent before."</p>
        </Show>
    }
}
