//! /reviews/:id/responses: importing responses, counts, the list; and one response, read-only,
//! with withdrawal.

use super::{newest_body, param, responses_of, review_checklist, review_title, with_review};
use crate::browser::platform;
use crate::domain::analysis::{
    analyse, group_for_display, group_sizes, Thresholds, SMALL_GROUP_TEXT,
};
use crate::domain::bundle::BundleKind;
use crate::domain::checklist::Checklist;
use crate::domain::date::Date;
use crate::domain::invitation::short_id;
use crate::domain::response::{self, CommentKind, ResponseBody};
use crate::domain::revision::RecordKind;
use crate::ui::bundles::ImportPanel;
use crate::ui::components::fields::{error_for, ErrorSummary, Problem, TextArea};
use crate::ui::components::layout::SavedStatus;
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ResponsesPage() -> impl IntoView {
    with_review(|id| view! { <Responses id=id/> })
}

/// "Completed", "Partial", "Withdrawn" or "Earlier version", with its tag class.
fn status_of(r: &ResponseBody, c: &Checklist) -> (&'static str, &'static str) {
    if r.is_withdrawn() {
        ("Withdrawn", "tag tag--red")
    } else if !r.is_for(c) {
        ("Earlier checklist version", "tag tag--grey")
    } else if r.is_complete(c) {
        ("Completed", "tag tag--green")
    } else {
        ("Partial", "tag tag--yellow")
    }
}

#[component]
fn Responses(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rid = StoredValue::new(id.clone());
    let checklist = Memo::new(move |_| review_checklist(state, &rid.get_value()));
    let responses = Memo::new(move |_| responses_of(state, &rid.get_value()));
    let analysis = Memo::new(move |_| {
        // One respondent per response record, whatever id the file's body claims.
        let bodies: Vec<ResponseBody> = responses.with(|rs| {
            rs.iter()
                .map(|(record, b)| ResponseBody {
                    respondent_id: record.clone(),
                    ..b.clone()
                })
                .collect()
        });
        checklist.with(|c| analyse(c, &bodies, &Thresholds::default()))
    });
    let sizes = Memo::new(move |_| {
        responses.with(|rs| group_sizes(rs.iter().map(|(_, b)| b.group.as_deref())))
    });
    let closes = Memo::new(move |_| {
        state
            .review(&rid.get_value())
            .and_then(|s| s.checklist_closes)
    });
    let today = Date::from_unix_ms(platform::now_ms());

    view! {
        <A href=format!("/reviews/{id}") attr:class="back-link">"Back to the review"</A>
        <span class="caption">{move || review_title(state, &rid.get_value())}</span>
        <h1 class="heading-l">"Responses"</h1>
        <p class="body lead" id="response-counts">{move || analysis.with(|a| {
            let c = a.counts;
            format!("{} received, {} completed, {} partial, {} withdrawn", c.received, c.completed, c.partial, c.withdrawn)
        })}</p>
        {move || closes.get().map(|d| {
            let left = today.days_until(d);
            let when = match left {
                l if l < 0 => format!("The checklist closed on {}.", d.long()),
                0 => "The checklist closes today.".to_string(),
                1 => format!("The checklist closes tomorrow, {}.", d.long()),
                l => format!("The checklist closes on {} ({l} days from today).", d.long()),
            };
            view! { <p class="body">{when}</p> }
        })}
        // A response changed in two places is not counted until someone chooses, but never
        // hidden: say so, and link to each choice.
        {move || {
            let review = rid.get_value();
            let disputed: Vec<String> = state.revs.with(|r| {
                r.conflicts(&review)
                    .into_iter()
                    .filter(|rec| {
                        r.revisions_of(rec, &review)
                            .iter()
                            .all(|v| v.kind == RecordKind::Response)
                    })
                    .collect()
            });
            (!disputed.is_empty()).then(|| view! {
                <div class="notification" role="region" aria-labelledby="disputed-responses-title">
                    <h2 class="notification__title" id="disputed-responses-title">"Responses to choose between"</h2>
                    <p>{format!(
                        "{} changed in two places, so {} not counted until you choose which version to keep.",
                        if disputed.len() == 1 { "1 response was".to_string() } else { format!("{} responses were", disputed.len()) },
                        if disputed.len() == 1 { "it is" } else { "they are" }
                    )}</p>
                    <ul class="list">
                        {disputed.into_iter().enumerate().map(|(i, rec)| view! {
                            <li><A href=crate::ui::state::choice_href(&review, &rec)>{format!("Choose a version of response {}", i + 1)}</A></li>
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        {move || analysis.with(|a| (a.other_checklist > 0).then(|| view! {
            <div class="inset"><p>{format!(
                "{} answered an earlier version of the checklist. {} listed below but not counted above.",
                if a.other_checklist == 1 { "1 response".to_string() } else { format!("{} responses", a.other_checklist) },
                if a.other_checklist == 1 { "It is" } else { "They are" }
            )}</p></div>
        }))}

        <h2 class="heading-m">"Import responses"</h2>
        <p class="body">"Groups with fewer than 5 responses are never shown on their own, here or beside a single response, so no one can be picked out by their group. "</p>
        <p class="body">"Choose the response files people have emailed you. Importing the same file twice changes nothing, and a revised response replaces the earlier one from the same person."</p>
        <ImportPanel allowed=vec![BundleKind::Response] review_id=id.clone()/>

        <Show when=move || analysis.with(|a| !a.by_group.is_empty())>
            <h2 class="heading-m">"By group"</h2>
            <div class="table-wrap" role="region" aria-labelledby="group-counts-caption" tabindex="0">
                <table class="table" id="group-counts">
                    <caption class="visually-hidden" id="group-counts-caption">"Responses by respondent group"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Group"</th>
                            <th scope="col" class="num">"Received"</th>
                            <th scope="col" class="num">"Completed"</th>
                            <th scope="col" class="num">"Partial"</th>
                            <th scope="col" class="num">"Withdrawn"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || analysis.with(|a| a.by_group.iter().map(|g| {
                            let name = g.group.clone().unwrap_or_else(|| "No group given".to_string());
                            if g.is_shown() {
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td class="num">{g.counts.received}</td>
                                        <td class="num">{g.counts.completed}</td>
                                        <td class="num">{g.counts.partial}</td>
                                        <td class="num">{g.counts.withdrawn}</td>
                                    </tr>
                                }.into_any()
                            } else {
                                view! {
                                    <tr class="group-hidden">
                                        <th scope="row">{name}</th>
                                        <td colspan="4">{SMALL_GROUP_TEXT}</td>
                                    </tr>
                                }.into_any()
                            }
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </Show>

        <h2 class="heading-m">"Each response"</h2>
        <Show when=move || responses.with(|r| !r.is_empty())
            fallback=|| view! { <p class="body">"No responses yet."</p> }>
            <ul class="list list--plain response-list" id="response-list">
                {move || {
                    let id = rid.get_value();
                    responses.get().into_iter().map(|(record, body)| {
                        let (label, class) = checklist.with(|c| status_of(&body, c));
                        let (answered, total) = checklist.with(|c| body.answered_count(c));
                        let group = sizes.with(|s| group_for_display(body.group.as_deref(), s));
                        view! {
                            <li class="response-list__item">
                                <A href=format!("/reviews/{id}/responses/{record}")>{format!("Response {}", short_id(&record))}</A>
                                " "<strong class=class>{label}</strong>
                                <span class="response-list__meta">{format!("{group} · {answered} of {total} answered")}</span>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </Show>
    }
}

#[component]
pub fn ResponsePage() -> impl IntoView {
    let rid = param("rid");
    with_review(move |id| {
        let r = rid.get();
        view! { <OneResponse id=id rid=r/> }
    })
}

#[component]
fn OneResponse(id: String, rid: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let review = StoredValue::new(id.clone());
    let record = StoredValue::new(rid.clone());
    let body = Memo::new(move |_| {
        state
            .revs
            .with(|r| newest_body::<ResponseBody>(r, &review.get_value(), &record.get_value()))
    });
    let checklist = Memo::new(move |_| review_checklist(state, &review.get_value()));
    let sizes = Memo::new(move |_| {
        responses_of(state, &review.get_value())
            .iter()
            .map(|(_, b)| b.group.clone())
            .collect::<Vec<_>>()
    });
    let reason = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let withdraw = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            problems.set(vec![Problem::new(
                "withdraw-reason",
                "Enter why you are withdrawing this response",
            )]);
            return;
        }
        let Some(mut b) = body.get_untracked() else {
            return;
        };
        problems.set(Vec::new());
        b.withdraw(&why, platform::now_ms());
        state.save(
            &review.get_value(),
            &record.get_value(),
            RecordKind::Response,
            response::SCHEMA,
            &b,
        );
    };
    let reinstate = move |_| {
        let Some(mut b) = body.get_untracked() else {
            return;
        };
        b.reinstate();
        state.save(
            &review.get_value(),
            &record.get_value(),
            RecordKind::Response,
            response::SCHEMA,
            &b,
        );
    };
    let short = short_id(&rid);

    view! {
        <A href=format!("/reviews/{id}/responses") attr:class="back-link">"Back to responses"</A>
        <ErrorSummary problems=problems/>
        <span class="caption">{move || review_title(state, &review.get_value())}</span>
        <h1 class="heading-l">{format!("Response {short}")}</h1>
        {move || match body.get() {
            // Changed in two places: say so and offer the choice, rather than "not here".
            None if state.in_conflict_tracked(&review.get_value(), &record.get_value()) => view! {
                <crate::ui::components::conflict::ConflictNotice
                    review_id=Signal::derive(move || review.get_value())
                    record_id=Signal::derive(move || record.get_value())/>
            }.into_any(),
            None => view! { <p class="body">"This response is not in this browser."</p> }.into_any(),
            Some(b) => {
                let c = checklist.get();
                let (label, class) = status_of(&b, &c);
                let (answered, total) = b.answered_count(&c);
                view! {
                    <p class="body"><strong class=class id="response-status">{label}</strong></p>
                    <dl class="summary-list">
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Group"</dt>
                            <dd class="summary-list__value" id="response-group">{sizes.with(|gs| group_for_display(b.group.as_deref(), &group_sizes(gs.iter().map(Option::as_deref))))}</dd>
                        </div>
                        {b.name.clone().filter(|n| !n.trim().is_empty()).map(|n| view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Name"</dt>
                                <dd class="summary-list__value">{n}</dd>
                            </div>
                        })}
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Answered"</dt>
                            <dd class="summary-list__value">{format!("{answered} of {total} statements")}</dd>
                        </div>
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Checklist"</dt>
                            <dd class="summary-list__value">{format!("{} version {}", b.checklist_id, b.checklist_version)}</dd>
                        </div>
                        {b.submitted_at.map(|at| view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Sent"</dt>
                                <dd class="summary-list__value">{Date::from_unix_ms(at).long()}</dd>
                            </div>
                        })}
                        {b.withdrawn.clone().map(|w| view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Withdrawn"</dt>
                                <dd class="summary-list__value">{format!("{}. Reason: {}", Date::from_unix_ms(w.at).long(), w.reason)}</dd>
                            </div>
                        })}
                    </dl>
                    <ResponseAnswers body=b.clone() checklist=c/>
                }.into_any()
            }
        }}
        <Show when=move || body.with(|b| b.as_ref().is_some_and(|b| !b.is_withdrawn()))>
            <h2 class="heading-m">"Withdraw this response"</h2>
            <p class="body">"Withdraw a response if it was sent by mistake or the person asks you to. It stays on record, marked as withdrawn, but is left out of the counts and the analysis. Nothing is deleted."</p>
            <form on:submit=withdraw novalidate>
                <TextArea id="withdraw-reason" label="Why are you withdrawing it?" rows=3
                    value=reason on_change=move |v| reason.set(v) error=error_for(problems.into(), "withdraw-reason")/>
                <button type="submit" class="button button--warning">"Withdraw this response"</button>
            </form>
        </Show>
        <Show when=move || body.with(|b| b.as_ref().is_some_and(|b| b.is_withdrawn()))>
            <h2 class="heading-m">"Reinstate this response"</h2>
            <p class="body">"If it was withdrawn by mistake, reinstate it to count it again. The withdrawal stays in the review's history."</p>
            <button type="button" class="button button--secondary" on:click=reinstate>"Reinstate this response"</button>
        </Show>
        <SavedStatus/>
    }
}

/// Every answer and comment of a response, by section and sub-area.
#[component]
fn ResponseAnswers(body: ResponseBody, checklist: Checklist) -> impl IntoView {
    checklist
        .sections
        .iter()
        .map(|sec| {
            let areas = sec
                .sub_areas
                .iter()
                .map(|area| {
                    let rows = area
                        .statements
                        .iter()
                        .map(|s| {
                            let answer = body.answer(&s.id).map(|r| {
                                checklist
                                    .scale
                                    .iter()
                                    .find(|o| o.rating == r)
                                    .map(|o| o.label.clone())
                                    .unwrap_or_else(|| r.label().to_string())
                            });
                            view! {
                                <div class="summary-list__row">
                                    <dt class="summary-list__key">{s.text.clone()}</dt>
                                    <dd class="summary-list__value">{answer.unwrap_or_else(|| "Not answered".to_string())}</dd>
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <h3 class="heading-s">{area.title.clone()}</h3>
                        <dl class="summary-list summary-list--answers">{rows}</dl>
                    }
                })
                .collect_view();
            let comment = |kind| {
                let t = body.comment(&sec.id, kind).trim().to_string();
                if t.is_empty() { "No comment".to_string() } else { t }
            };
            view! {
                <h2 class="heading-m">{sec.title.clone()}</h2>
                {areas}
                <h3 class="heading-s">"Comments"</h3>
                <dl class="summary-list summary-list--answers">
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{sec.strengths_prompt.label.clone()}</dt>
                        <dd class="summary-list__value">{comment(CommentKind::Strengths)}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{sec.improve_prompt.label.clone()}</dt>
                        <dd class="summary-list__value">{comment(CommentKind::Improve)}</dd>
                    </div>
                </dl>
            }
        })
        .collect_view()
}
