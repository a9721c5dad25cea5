//! /respond/:id: what the review is, confidentiality, how long it takes, optional group and
//! name, and "Start now" (or "Continue where you left off").

use super::{with_invitation, Respondent};
use crate::browser::platform;
use crate::domain::date::Date;
use crate::domain::invitation::resume_section;
use crate::ui::components::fields::{Radios, TextInput};
use crate::ui::components::layout::SavedStatus;
use leptos::prelude::*;
use leptos_router::components::A;

const NO_GROUP: &str = "__none__";

#[component]
pub fn StartPage() -> impl IntoView {
    with_invitation(|r| view! { <Start r=r/> })
}

#[component]
fn Start(r: Respondent) -> impl IntoView {
    let info = r.info.get_value();
    let today = Date::from_unix_ms(platform::now_ms());
    let choice = RwSignal::new(r.body.get_untracked().and_then(|b| b.group));
    let name = Signal::derive(move || {
        r.body
            .with(|b| b.as_ref().and_then(|b| b.name.clone()).unwrap_or_default())
    });
    let checklist_text = r.checklist.with_untracked(|c| {
        c.as_ref()
            .map(|c| {
                format!(
                    "{}: {} statements in {} sections",
                    c.title,
                    c.statement_count(),
                    c.sections.len()
                )
            })
            .unwrap_or_default()
    });
    let closing = info.closing_date.map(|d| {
        let left = today.days_until(d);
        match left {
            l if l < 0 => format!("{} (closed)", d.long()),
            0 => format!("{} (today)", d.long()),
            1 => format!("{} (tomorrow)", d.long()),
            l => format!("{} ({l} days from today)", d.long()),
        }
    });
    let closed = info.days_left(today).is_some_and(|d| d < 0);
    let mut groups: Vec<(String, String)> =
        info.groups.iter().map(|g| (g.clone(), g.clone())).collect();
    let has_groups = !groups.is_empty();
    if has_groups {
        groups.push((NO_GROUP.to_string(), "Prefer not to say".to_string()));
    }
    let row = |key: &'static str, value: String| {
        view! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{key}</dt>
                <dd class="summary-list__value">{if value.trim().is_empty() { "Not given".to_string() } else { value }}</dd>
            </div>
        }
    };
    // Where to go next: first time, part way, or finished.
    let next = move || {
        let (answered, _) = r.answered();
        let started = r.body.with(|b| {
            b.as_ref()
                .is_some_and(|b| !b.answers.is_empty() || !b.comments.is_empty())
        });
        let resume = r.checklist.with(|c| {
            c.as_ref().and_then(|c| {
                r.body.with(|b| match b {
                    Some(b) => resume_section(b, c).map(str::to_string),
                    None => c.sections.first().map(|s| s.id.clone()),
                })
            })
        });
        match (started || answered > 0, resume) {
            (false, _) => view! {
                <A href=r.href("/sections") attr:class="button button--start" attr:id="start-now">"Start now"</A>
            }
            .into_any(),
            (true, Some(sid)) => view! {
                <div class="button-group">
                    <A href=r.href(&format!("/section/{sid}")) attr:class="button" attr:id="continue">"Continue where you left off"</A>
                    <A href=r.href("/sections")>"See all sections"</A>
                </div>
            }
            .into_any(),
            (true, None) => view! {
                <div class="button-group">
                    <A href=r.href("/check") attr:class="button" attr:id="continue">"Check your answers"</A>
                    <A href=r.href("/sections")>"See all sections"</A>
                </div>
            }
            .into_any(),
        }
    };

    view! {
        <A href="/respond" attr:class="back-link">"Your invitations"</A>
        <span class="caption">"Self-assessment checklist"</span>
        <h1 class="heading-l">{info.display_name()}</h1>
        {(!info.message.trim().is_empty()).then(|| view! {
            <div class="inset" id="host-message">
                <p><strong>"A note from the host: "</strong>{info.message.clone()}</p>
            </div>
        })}
        <p class="body lead">"You have been asked for your views on this service. Rate each statement and say what works well and what could improve."</p>
        {closed.then(|| view! {
            <div class="warning-text">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <p><span class="visually-hidden">"Warning"</span>"The closing date has passed. You can still send your response; the host will decide whether it can be included."</p>
            </div>
        })}
        <dl class="summary-list" id="invitation-details">
            {(!info.host.trim().is_empty()).then(|| row("Host", info.host.clone()))}
            {(!info.focus.trim().is_empty()).then(|| row("Service or area", info.focus.clone()))}
            {row("Checklist", checklist_text)}
            {row("Closing date", closing.unwrap_or_default())}
            {row("Time it takes", format!("{}. You can stop and come back at any time.", info.time_text()))}
        </dl>

        <h2 class="heading-m">"Your response is confidential"</h2>
        <p class="body" id="anonymity">{info.anonymity_text()}</p>
        <h3 class="heading-s">"What the host can and cannot see"</h3>
        <ul class="list" id="privacy">
            {info.privacy_points().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
        </ul>
        <p class="body">"Your answers are saved in this browser as you go, even without an internet connection. Nothing leaves this device until you download your response file and send it yourself."</p>

        {(has_groups || info.allow_named).then(|| view! {
            <h2 class="heading-m">"About you"</h2>
            <SavedStatus/>
        })}
        {has_groups.then(|| view! {
            <Radios id="respondent-group" legend="Which group best describes you?"
                hint="Optional. The host uses this to compare views between groups, never to identify you."
                options=groups
                selected=Signal::derive(move || choice.get().or_else(|| r.body.with(|b| b.as_ref().and_then(|b| b.group.clone()))))
                on_change=move |v: String| {
                    choice.set(Some(v.clone()));
                    let group = (v != NO_GROUP).then_some(v);
                    r.edit(|b| b.group = group);
                }/>
        })}
        {info.allow_named.then(|| view! {
            <TextInput id="respondent-name" label="Your name (optional)" autocomplete="name" width="w20"
                hint="Leave this blank to stay anonymous."
                value=name on_change=move |v: String| r.edit(|b| b.name = Some(v))/>
        })}
        {next}
    }
}
