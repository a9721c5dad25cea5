//! /respond/:id/sections (the task list) and /respond/:id/section/:sid (one section's
//! statements and comments).

use super::{with_invitation, Respondent};
use crate::domain::checklist::{Checklist, ScaleOption, Statement};
use crate::domain::response::{self, CommentKind, ResponseBody, SectionStatus};
use crate::ui::components::fields::{error_for, focus_field, ErrorSummary, Problem, TextArea};
use crate::ui::components::layout::SavedStatus;
use crate::ui::components::task_list::{Task, TaskList};
use crate::ui::pages::checklist::param;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SectionsPage() -> impl IntoView {
    with_invitation(|r| view! { <Sections r=r/> })
}

#[component]
fn Sections(r: Respondent) -> impl IntoView {
    let info = r.info.get_value();
    let tasks = Signal::derive(move || {
        let Some(c) = r.checklist.get() else {
            return Vec::new();
        };
        c.sections
            .iter()
            .map(|s| {
                let answered = r.body.with(|b| {
                    b.as_ref()
                        .map(|b| {
                            s.statements()
                                .filter(|st| b.answer(&st.id).is_some())
                                .count()
                        })
                        .unwrap_or(0)
                });
                Task {
                    id: format!("section-{}", s.id),
                    name: s.title.clone(),
                    href: r.href(&format!("/section/{}", s.id)),
                    hint: Some(format!(
                        "{answered} of {} statements answered",
                        s.statement_count()
                    )),
                    status: r.status(&s.id),
                }
            })
            .collect()
    });
    let completed = move || {
        r.checklist.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.sections
                        .iter()
                        .filter(|s| r.status(&s.id) == SectionStatus::Completed)
                        .count()
                })
                .unwrap_or(0)
        })
    };
    let sections = move || {
        r.checklist
            .with(|c| c.as_ref().map(|c| c.sections.len()).unwrap_or(0))
    };
    view! {
        <A href=r.href("") attr:class="back-link">"Back to the start"</A>
        <span class="caption">{info.display_name()}</span>
        <h1 class="heading-l">"Self-assessment checklist"</h1>
        <p class="body" id="progress-summary">
            {move || {
                let (answered, total) = r.answered();
                format!("You have completed {} of {} sections. {answered} of {total} answered.", completed(), sections())
            }}
        </p>
        <p class="body">"A section is completed when every statement has an answer and both comment boxes are filled in. You can do the sections in any order."</p>
        <TaskList tasks=tasks/>
        <h2 class="heading-m">"Check and send"</h2>
        <p class="body">"When you have finished, check your answers and download your response to send it."</p>
        <A href=r.href("/check") attr:class="button" attr:id="to-check">"Check your answers"</A>
    }
}

#[component]
pub fn SectionPage() -> impl IntoView {
    let sid = param("sid");
    with_invitation(move |r| {
        let sid = sid.get();
        view! { <SectionForm r=r sid=sid/> }
    })
}

#[component]
fn SectionForm(r: Respondent, sid: String) -> impl IntoView {
    let Some(checklist) = r.checklist.get_untracked() else {
        return view! { <h1 class="heading-l">"Section not found"</h1> }.into_any();
    };
    let Some(index) = checklist.sections.iter().position(|s| s.id == sid) else {
        return view! {
            <h1 class="heading-l">"Section not found"</h1>
            <p class="body"><A href=r.href("/sections")>"See all sections"</A></p>
        }
        .into_any();
    };
    let section = checklist.sections[index].clone();
    let total = checklist.sections.len();
    let next_href = match checklist.sections.get(index + 1) {
        Some(next) => r.href(&format!("/section/{}", next.id)),
        None => r.href("/check"),
    };
    let problems = RwSignal::new(Vec::<Problem>::new());
    let navigate = use_navigate();
    let stored = StoredValue::new(checklist.clone());
    let sec_id = StoredValue::new(sid.clone());
    let heading = NodeRef::<leptos::html::H1>::new();

    // Arriving from a Change link (#q-…) focuses that question; otherwise the heading. Done in
    // the effect itself (after mount), not later on a timer, so it can never take focus away
    // from something the person has already moved to.
    Effect::new(move |_| {
        let hash = window().location().hash().unwrap_or_default();
        match hash.strip_prefix('#').filter(|h| !h.is_empty()) {
            Some(id) => focus_field(id),
            None => {
                if let Some(h) = heading.get() {
                    let _ = h.focus();
                }
            }
        }
    });

    let save_and_continue = move |_| {
        let c = stored.get_value();
        let sid = sec_id.get_value();
        let body = r
            .body
            .get_untracked()
            .unwrap_or_else(|| ResponseBody::new("", &c));
        let errors = body.validate_section(&c, &sid);
        if errors.is_empty() {
            problems.set(Vec::new());
            navigate(&next_href, Default::default());
        } else {
            problems.set(
                errors
                    .into_iter()
                    .map(|e| Problem::new(e.field_id, e.message))
                    .collect(),
            );
        }
    };
    let comment = move |kind: CommentKind| {
        Signal::derive(move || {
            r.body.with(|b| {
                b.as_ref()
                    .map(|b| b.comment(&sec_id.get_value(), kind).to_string())
                    .unwrap_or_default()
            })
        })
    };
    let set_comment = move |kind: CommentKind| {
        Callback::new(move |v: String| r.edit(|b| b.set_comment(&sec_id.get_value(), kind, &v)))
    };
    let strengths_id = response::comment_field_id(&sid, CommentKind::Strengths);
    let improve_id = response::comment_field_id(&sid, CommentKind::Improve);
    let scale = checklist.scale.clone();
    let dont_know_hint = scale
        .iter()
        .filter(|o| !o.hint.trim().is_empty())
        .map(|o| format!("“{}”: {}", o.label, o.hint))
        .collect::<Vec<_>>()
        .join(" ");

    view! {
        <A href=r.href("/sections") attr:class="back-link">"All sections"</A>
        <ErrorSummary problems=problems/>
        <span class="caption">{format!("Section {} of {total}", index + 1)}</span>
        <h1 class="heading-l" tabindex="-1" node_ref=heading id="section-heading">{section.title.clone()}</h1>
        {(!section.description.trim().is_empty()).then(|| view! { <p class="body">{section.description.clone()}</p> })}
        <p class="body">"Choose the answer that best matches your view of each statement, then add your comments at the end. Your answers are saved as you go."</p>
        <p class="hint" id="clear-hint">"To clear an answer, choose “Clear answer” under it, or press Delete while on the answer."</p>
        {(!dont_know_hint.is_empty()).then(|| view! { <p class="hint">{dont_know_hint}</p> })}
        <SavedStatus/>
        {section.sub_areas.iter().map(|area| {
            let scale = scale.clone();
            view! {
                <h2 class="heading-m sub-area__title">{area.title.clone()}</h2>
                {area.statements.iter().map(|s| view! {
                    <StatementQuestion r=r statement=s.clone() scale=scale.clone() problems=problems/>
                }).collect_view()}
            }
        }).collect_view()}
        <h2 class="heading-m">"Your comments"</h2>
        <TextArea id=strengths_id.clone() label=section.strengths_prompt.label.clone()
            hint=section.strengths_prompt.hint.clone() rows=5
            value=comment(CommentKind::Strengths) on_change=set_comment(CommentKind::Strengths)
            error=error_for(problems.into(), &strengths_id)/>
        <TextArea id=improve_id.clone() label=section.improve_prompt.label.clone()
            hint=section.improve_prompt.hint.clone() rows=5
            value=comment(CommentKind::Improve) on_change=set_comment(CommentKind::Improve)
            error=error_for(problems.into(), &improve_id)/>
        <SavedStatus/>
        <div class="button-group">
            <button type="button" class="button" id="save-continue" on:click=save_and_continue>"Save and continue"</button>
            <A href=r.href("/sections") attr:id="come-back-later">"Save and come back later"</A>
        </div>
    }
    .into_any()
}

/// One statement as a radio group: nothing pre-selected, changeable, clearable.
#[component]
fn StatementQuestion(
    r: Respondent,
    statement: Statement,
    scale: Vec<ScaleOption>,
    problems: RwSignal<Vec<Problem>>,
) -> impl IntoView {
    let field = response::statement_field_id(&statement.id);
    let st = StoredValue::new(statement.id.clone());
    let answer = Memo::new(move |_| {
        r.body
            .with(|b| b.as_ref().and_then(|b| b.answer(&st.get_value())))
    });
    let error = error_for(problems.into(), &field);
    let err_id = format!("{field}-error");
    let err_id2 = err_id.clone();
    let focus_id = StoredValue::new(field.clone());
    view! {
        <div class=move || if error.get().is_some() { "form-group form-group--error statement" } else { "form-group statement" }>
            <fieldset class="fieldset" id=field.clone()
                aria-describedby=move || error.get().map(|_| err_id.clone())>
                <legend class="fieldset__legend statement__legend">{statement.text.clone()}</legend>
                {move || error.get().map(|e| view! {
                    <p class="error-message" id=err_id2.clone()><span class="visually-hidden">"Error: "</span>{e}</p>
                })}
                // Delete or Backspace on a chosen answer clears it: the keyboard's way to clear,
                // so "Clear answer" need not be a Tab stop after every one of 61 statements.
                <div class="radios radios--scale"
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if matches!(ev.key().as_str(), "Delete" | "Backspace") && answer.get_untracked().is_some() {
                            ev.prevent_default();
                            r.edit(|b| b.set_answer(&st.get_value(), None));
                        }
                    }>
                    {scale.into_iter().enumerate().map(|(i, opt)| {
                        let rating = opt.rating;
                        let input_id = format!("{field}-{i}");
                        view! {
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id=input_id.clone() name=field.clone() value=rating.key()
                                    aria-keyshortcuts="Delete"
                                    prop:checked=move || answer.get() == Some(rating)
                                    on:change=move |_| r.edit(|b| b.set_answer(&st.get_value(), Some(rating)))/>
                                <label class="radios__label" for=input_id>{opt.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
                <Show when=move || answer.get().is_some()>
                    // Out of the Tab order (Delete clears from the keyboard); still a button for
                    // pointers, touch and screen readers' browse mode.
                    <button type="button" class="link-button statement__clear" tabindex="-1"
                        on:click=move |_| {
                            r.edit(|b| b.set_answer(&st.get_value(), None));
                            focus_field(&focus_id.get_value());
                        }>
                        "Clear answer"<span class="visually-hidden">{format!(" to: {}", statement.text)}</span>
                    </button>
                </Show>
            </fieldset>
        </div>
    }
}

/// Whether every section of `c` is complete in `b` (used by check and send).
pub fn all_complete(b: Option<&ResponseBody>, c: &Checklist) -> bool {
    b.is_some_and(|b| b.is_complete(c))
}
