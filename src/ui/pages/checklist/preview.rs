//! /reviews/:id/checklist/preview: the checklist as respondents will see it, read-only.

use super::{review_checklist, review_title, with_review, CHECKLIST_RECORD};
use crate::domain::checklist::Checklist;
use crate::ui::components::conflict::ConflictNotice;
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn PreviewPage() -> impl IntoView {
    with_review(|id| view! { <Preview id=id/> })
}

#[component]
fn Preview(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rid = StoredValue::new(id.clone());
    let checklist = Memo::new(move |_| review_checklist(state, &rid.get_value()));
    view! {
        <A href=format!("/reviews/{id}/checklist") attr:class="back-link">"Back to the checklist settings"</A>
        <span class="caption">{move || review_title(state, &rid.get_value())}</span>
        <h1 class="heading-l">"Preview the checklist"</h1>
        <ConflictNotice review_id=Signal::derive(move || rid.get_value()) record_id=Signal::derive(|| CHECKLIST_RECORD.to_string())/>
        <div class="inset">
            <p>"This is what respondents see. Each statement has five answers to choose from: "
               {move || checklist.with(|c| c.scale.iter().map(|o| o.label.clone()).collect::<Vec<_>>().join(", "))}
               ". Nothing is pre-selected, and there is no middle answer."</p>
        </div>
        {move || checklist.with(|c| view! { <ChecklistText checklist=c.clone()/> })}
        <p class="body"><A href=format!("/reviews/{id}/invite")>"Invite people to respond"</A></p>
    }
}

/// The whole checklist as headed, numbered lists (read-only).
#[component]
pub fn ChecklistText(checklist: Checklist) -> impl IntoView {
    let total = checklist.sections.len();
    view! {
        <p class="body">{format!("“{}”, version {}: {} statements in {} sections.", checklist.title, checklist.version, checklist.statement_count(), total)}</p>
        {(!checklist.source_note.trim().is_empty()).then(|| view! { <p class="hint">{checklist.source_note.clone()}</p> })}
        {checklist.sections.into_iter().enumerate().map(|(i, sec)| view! {
            <section class="checklist-preview__section" aria-labelledby=format!("preview-{}", sec.id)>
                <h2 class="heading-m" id=format!("preview-{}", sec.id)>
                    <span class="caption">{format!("Section {} of {total}", i + 1)}</span>
                    {sec.title.clone()}
                </h2>
                {(!sec.description.trim().is_empty()).then(|| view! { <p class="body">{sec.description.clone()}</p> })}
                {sec.sub_areas.into_iter().map(|area| view! {
                    <h3 class="heading-s">{area.title}</h3>
                    <ol class="list statement-list">
                        {area.statements.into_iter().map(|s| view! { <li>{s.text}</li> }).collect_view()}
                    </ol>
                }).collect_view()}
                <p class="body">"Then two comment boxes: "
                    <strong>{sec.strengths_prompt.label}</strong>" and "<strong>{sec.improve_prompt.label}</strong>"."</p>
            </section>
        }).collect_view()}
    }
}
