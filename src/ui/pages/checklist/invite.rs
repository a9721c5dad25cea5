//! /reviews/:id/invite: the invitation file and a ready-to-send email.

use super::{review_checklist, review_title, saved_checklist, with_review, CHECKLIST_RECORD};
use crate::browser::files;
use crate::browser::platform;
use crate::domain::bundle::{BundleKind, ReviewRef};
use crate::domain::checklist::{self, psif_standard};
use crate::domain::date::Date;
use crate::domain::invitation::{self, InvitationInfo};
use crate::domain::revision::RecordKind;
use crate::ui::bundles::{
    ExportPanel, ExportRequest, INVITE_COLLECTOR_PREFIX, INVITE_MESSAGE_PREFIX,
};
use crate::ui::components::fields::{TextArea, TextInput};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn InvitePage() -> impl IntoView {
    with_review(|id| view! { <Invite id=id/> })
}

fn message_key(id: &str) -> String {
    format!("{INVITE_MESSAGE_PREFIX}{id}")
}

fn collector_key(id: &str) -> String {
    format!("{INVITE_COLLECTOR_PREFIX}{id}")
}

/// The stored collector, `(name, email)`; blanks mean the host lead.
fn parse_collector(json: &str) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    (field("name"), field("email"))
}

fn app_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
fn Invite(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rid = StoredValue::new(id.clone());
    let setup = Memo::new(move |_| state.review(&rid.get_value()));
    let checklist = Memo::new(move |_| review_checklist(state, &rid.get_value()));
    let message = RwSignal::new(String::new());
    let collector_name = RwSignal::new(String::new());
    let collector_email = RwSignal::new(String::new());
    let today = Date::from_unix_ms(platform::now_ms());

    // The invitation carries the checklist record, so make sure there is one (the default).
    Effect::new(move |_| {
        let id = rid.get_value();
        if state.ready.get() && setup.with(|s| s.is_some()) && saved_checklist(state, &id).is_none()
        {
            state.save(
                &id,
                CHECKLIST_RECORD,
                RecordKind::Checklist,
                checklist::SCHEMA,
                &psif_standard(),
            );
        }
    });
    spawn_local(async move {
        if let Some(m) = state.get_meta(&message_key(&rid.get_value())).await {
            message.set(m);
        }
        if let Some(c) = state.get_meta(&collector_key(&rid.get_value())).await {
            let (n, e) = parse_collector(&c);
            collector_name.set(n);
            collector_email.set(e);
        }
    });

    let info = Memo::new(move |_| {
        let s = setup.get()?;
        Some(
            checklist
                .with(|c| InvitationInfo::from_setup(&rid.get_value(), &s, c, &message.get()))
                .with_collector(&collector_name.get(), &collector_email.get()),
        )
    });
    // The invitation file is made: pre-work has begun (the guidance's stage 2).
    let invitations_sent = Callback::new(move |()| {
        let today = Date::from_unix_ms(platform::now_ms());
        let id = rid.get_value();
        let already = state
            .review(&id)
            .is_some_and(|s| s.invitations_sent.is_some_and(|d| d <= today));
        if !already {
            super::update_setup(state, &id, |s| {
                crate::domain::timeline::record_invitations_sent(s, today)
            });
        }
    });
    let request = Signal::derive(move || {
        let info = info.get()?;
        let id = rid.get_value();
        let revisions: Vec<_> = state.revs.with(|r| {
            r.revisions_of(CHECKLIST_RECORD, &id)
                .into_iter()
                .cloned()
                .collect()
        });
        if revisions.is_empty() {
            return None;
        }
        Some(ExportRequest {
            kind: BundleKind::Invitation,
            review: Some(ReviewRef {
                id,
                title: review_title(state, &rid.get_value()),
            }),
            revisions,
            extra: info.to_extra(),
            author: None,
            host: info.host_or_title(),
            focus: info.focus.clone(),
            name_id: None,
        })
    });
    let subject = Signal::derive(move || {
        info.with(|i| {
            i.as_ref()
                .map(|i| i.invitation_subject())
                .unwrap_or_default()
        })
    });
    let body = Signal::derive(move || {
        info.with(|i| {
            i.as_ref()
                .map(|i| i.invitation_body(&app_url()))
                .unwrap_or_default()
        })
    });
    let warnings = move || {
        setup.with(|s| {
            s.as_ref()
                .map(|s| invitation::invite_warnings(s, today, &collector_email.get()))
                .unwrap_or_default()
        })
    };
    let row = |key: &'static str, value: String, href: String, what: &'static str| {
        view! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{key}</dt>
                <dd class="summary-list__value">{if value.trim().is_empty() { "Not given".to_string() } else { value }}</dd>
                <dd class="summary-list__actions">
                    <A href=href>"Change"<span class="visually-hidden">{format!(" {what}")}</span></A>
                </dd>
            </div>
        }
    };
    let id_for_rows = id.clone();
    let save_collector = move || {
        let value = serde_json::json!({
            "name": collector_name.get_untracked().trim(),
            "email": collector_email.get_untracked().trim(),
        })
        .to_string();
        spawn_local(async move {
            let _ = state
                .set_meta(&collector_key(&rid.get_value()), &value)
                .await;
        });
    };

    view! {
        <A href=format!("/reviews/{id}/checklist") attr:class="back-link">"Back to the checklist settings"</A>
        <span class="caption">{move || review_title(state, &rid.get_value())}</span>
        <h1 class="heading-l">"Invite people to respond"</h1>
        <p class="body">"Send everyone you want to hear from the same invitation file. They open it in Critical Friend on their own phone or computer, answer the checklist, and send back a response file. No one needs an account, and nothing is sent to a server."</p>

        <Show when=move || !warnings().is_empty()>
            <div class="warning-text" id="invite-warnings">
                <span class="warning-text__icon" aria-hidden="true">"!"</span>
                <div>
                    <span class="visually-hidden">"Warning"</span>
                    <p>"Before you send it:"</p>
                    <ul class="list">{move || warnings().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            </div>
        </Show>

        <h2 class="heading-m">"What the invitation says"</h2>
        {move || {
            let id = id_for_rows.clone();
            info.get().map(|i| view! {
                <dl class="summary-list" id="invitation-summary">
                    {row("Host", i.host.clone(), format!("/reviews/{id}/setup/about"), "host")}
                    {row("Focus", i.focus.clone(), format!("/reviews/{id}/setup/about"), "focus")}
                    {row("Checklist", checklist.with(|c| format!("{} (version {}, {} statements)", c.title, c.version, c.statement_count())), format!("/reviews/{id}/checklist"), "checklist")}
                    {row("Closing date", i.closing_date.map(|d| d.long()).unwrap_or_default(), format!("/reviews/{id}/checklist"), "closing date")}
                    {row("Respondent groups", i.groups.join(", "), format!("/reviews/{id}/checklist"), "respondent groups")}
                    {row("Names", if i.allow_named { "Respondents may give their name".to_string() } else { "Anonymous only".to_string() }, format!("/reviews/{id}/checklist"), "names")}
                    {row("Host lead", match (i.host_lead_name.trim(), i.host_lead_email.trim()) {
                        ("", e) => e.to_string(),
                        (n, "") => n.to_string(),
                        (n, e) => format!("{n}, {e}"),
                    }, format!("/reviews/{id}/setup/leads"), "host lead")}
                </dl>
            })
        }}
        <TextArea id="invite-message" label="A note for respondents (optional)" rows=3
            hint="Shown on the first page respondents see, and added to the email below."
            value=message
            on_change=move |v: String| {
                message.set(v.clone());
                spawn_local(async move {
                    let _ = state.set_meta(&message_key(&rid.get_value()), &v).await;
                });
            }/>

        <h2 class="heading-m">"Who collects the responses"</h2>
        <p class="body" id="collector-text">{move || info.with(|i| i.as_ref().map(|i| {
            let to = i.collector_text("the host lead");
            if i.has_neutral_collector() {
                format!("Respondents send their files to {to}, who passes them on to you without saying who sent which. You never see their email addresses.")
            } else {
                format!("Respondents send their files to {to}, so you will see the email address each file comes from. To keep that from you, name a neutral collector, such as the Improvement Service facilitator.")
            }
        }))}</p>
        <TextInput id="collector-name" label="Collector's name (optional)" width="w20"
            hint="Leave both blank to have responses sent to the host lead."
            value=collector_name
            on_change=move |v: String| {
                collector_name.set(v);
                save_collector();
            }/>
        <TextInput id="collector-email" label="Collector's email address (optional)" input_type="email" width="w20"
            value=collector_email
            on_change=move |v: String| {
                collector_email.set(v);
                save_collector();
            }/>

        <h2 class="heading-m">"1. Download the invitation file"</h2>
        <ExportPanel request=request id="invite" button_label="Download invitation file"
            email_subject=subject email_body=body on_made=invitations_sent/>

        <h2 class="heading-m">"2. Email it to respondents"</h2>
        <p class="body">"Attach the invitation file to an email like this one. Send it to each person separately or put their addresses in Bcc, so respondents do not see each other's addresses."</p>
        <div class="form-group">
            <label class="label" for="invite-subject">"Subject"</label>
            <input class="input" id="invite-subject" type="text" readonly=true prop:value=move || subject.get()/>
            <CopyButton what="subject" text=subject/>
        </div>
        <div class="form-group">
            <label class="label" for="invite-email">"Email text"</label>
            <p class="hint" id="invite-email-hint">"Copy it into your email."</p>
            <textarea class="textarea" id="invite-email" rows="18" readonly=true aria-describedby="invite-email-hint"
                prop:value=move || body.get()></textarea>
            <CopyButton what="email text" text=body/>
        </div>

        <h2 class="heading-m">"3. Collect the responses"</h2>
        <p class="body">{move || info.with(|i| match i {
            Some(i) if i.has_neutral_collector() => format!("{} sends you the response files. ", i.collector_text("The collector")),
            _ => "Respondents email you their response files. ".to_string(),
        })}
            <A href=format!("/reviews/{id}/responses")>"Import them on the Responses page"</A>"."</p>
    }
}

/// "Copy the …" with a spoken confirmation (or the reason it could not copy).
#[component]
fn CopyButton(what: &'static str, text: Signal<String>) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let copy = move |_| {
        spawn_local(async move {
            said.set(match files::copy_text(&text.get_untracked()).await {
                Ok(()) => format!("Copied the {what}."),
                Err(e) => e,
            });
        });
    };
    view! {
        <div class="copy-row">
            <button type="button" class="button button--secondary" on:click=copy>{format!("Copy the {what}")}</button>
            <p class="body copy-row__status" role="status">{move || said.get()}</p>
        </div>
    }
}
