//! /respond: the invitations in this browser, and importing a new one.

use super::{own_response, RESPONDENT_PREFIX};
use crate::domain::bundle::BundleKind;
use crate::domain::checklist::Checklist;
use crate::domain::invitation::InvitationInfo;
use crate::domain::response::ResponseBody;
use crate::ui::bundles::{ImportPanel, INVITATION_PREFIX, ROLE_PREFIX};
use crate::ui::pages::checklist::{newest_body, CHECKLIST_RECORD};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeMap;

#[component]
pub fn Invitations() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let loaded = LocalResource::new(move || {
        state.revs.track();
        async move {
            let invitations = state.meta_with_prefix(INVITATION_PREFIX).await;
            let remembered: BTreeMap<String, String> = state
                .meta_with_prefix(RESPONDENT_PREFIX)
                .await
                .into_iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix(RESPONDENT_PREFIX)
                        .map(|id| (id.to_string(), v))
                })
                .collect();
            let respondent_to: Vec<String> = state
                .meta_with_prefix(ROLE_PREFIX)
                .await
                .into_iter()
                .filter(|(_, v)| v == "respondent")
                .filter_map(|(k, _)| k.strip_prefix(ROLE_PREFIX).map(str::to_string))
                .collect();
            invitations
                .into_iter()
                .filter_map(|(k, v)| {
                    let id = k.strip_prefix(INVITATION_PREFIX)?.to_string();
                    let info = InvitationInfo::parse(&id, &v)?;
                    let rid = remembered.get(&id).cloned();
                    let hosted = !respondent_to.contains(&id);
                    Some((id, info, rid, hosted))
                })
                .collect::<Vec<_>>()
        }
    });
    let on_imported = Callback::new(move |headers: Vec<crate::domain::bundle::Header>| {
        if let Some(review) = headers.into_iter().find_map(|h| h.review) {
            navigate(&format!("/respond/{}", review.id), Default::default());
        }
    });
    let progress = move |id: &str, rid: Option<String>, hosted: bool| -> String {
        let device = state.device.get();
        let hosted = hosted || state.review(id).is_some();
        if hosted && rid.is_none() {
            return "You host this review".to_string();
        }
        state.revs.with(|r| {
            let Some(c) = newest_body::<Checklist>(r, id, CHECKLIST_RECORD) else {
                return "The checklist could not be read".to_string();
            };
            let body = own_response(r, id, &device, rid.as_deref(), hosted)
                .and_then(|rid| newest_body::<ResponseBody>(r, id, &rid));
            match body {
                None => "Not started".to_string(),
                Some(b) if b.is_complete(&c) => "Every section completed".to_string(),
                Some(b) => {
                    let (n, total) = b.answered_count(&c);
                    format!("{n} of {total} statements answered")
                }
            }
        })
    };

    view! {
        <h1 class="heading-l">"Answer a self-assessment"</h1>
        <p class="body lead">"Give your views on a service that is taking part in a peer collaborative improvement review."</p>
        {move || loaded.get().map(|list| {
            if list.is_empty() {
                view! {
                    <p class="body">"There are no invitations in this browser yet. The person running the review will have emailed you an invitation file ending in .pcibundle. Save it, then choose it below."</p>
                }.into_any()
            } else {
                view! {
                    <h2 class="heading-m">"Your invitations"</h2>
                    <ul class="cards" id="invitation-list">
                        {list.into_iter().map(|(id, info, rid, hosted)| {
                            let name = info.display_name();
                            let closes = info.closing_date.map(|d| d.long()).unwrap_or_else(|| "Not given".to_string());
                            view! {
                            <li class="card">
                                <h3 class="card__title"><A href=format!("/respond/{id}")>{name}</A></h3>
                                <dl>
                                    <dt>"Closing date"</dt>
                                    <dd>{closes}</dd>
                                    <dt>"Your progress"</dt>
                                    <dd>{progress(&id, rid, hosted)}</dd>
                                </dl>
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
        <h2 class="heading-m">"Open an invitation"</h2>
        <p class="body">"Your answers are kept in this browser as you go. Nothing is sent anywhere until you download your response and send it yourself."</p>
        <ImportPanel allowed=vec![BundleKind::Invitation] on_imported=on_imported/>
    }
}
