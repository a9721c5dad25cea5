//! Records changed in two places: the notification banner every page shows, and the choice
//! (keep one version, or combine them field by field). Nothing is ever picked silently.

use crate::domain::author::role_of;
use crate::domain::record::{self, differences, format_when, Path};
use crate::domain::revision::{RecordKind, Revision};
use crate::ui::state::{choice_href, history_href, AppState};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::Value;

/// A GOV.UK notification banner: "This set-up was changed in two places", with a link to the
/// choice. `id` keeps the heading id unique when a page shows several.
#[component]
pub fn ConflictBanner(review_id: String, record_id: String, kind: RecordKind) -> impl IntoView {
    let title_id = format!("conflict-banner-{}", slug(&record_id));
    let labelled = title_id.clone();
    let noun = match kind {
        RecordKind::Review => "review set-up",
        other => other.noun(1),
    };
    view! {
        <div class="notification" role="region" aria-labelledby=labelled data-conflict=record_id.clone()>
            <h2 class="notification__title" id=title_id>"Important"</h2>
            <div class="notification__content">
                <p class="notification__heading">{format!("This {noun} was changed in two places.")}</p>
                <p>"Nothing has been lost, but it cannot be changed until someone chooses which version to keep. "
                    <A href=choice_href(&review_id, &record_id)>{format!("Choose which version of the {noun} to keep")}</A></p>
            </div>
        </div>
    }
}

/// Shows [`ConflictBanner`] while the record has several heads (tracked), nothing otherwise.
#[component]
pub fn ConflictNotice(
    #[prop(into)] review_id: Signal<String>,
    #[prop(into)] record_id: Signal<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kind = Memo::new(move |_| {
        let (review, record) = (review_id.get(), record_id.get());
        state.revs.with(|r| {
            let heads = r.heads(&record, &review);
            (heads.len() > 1).then(|| heads[0].kind)
        })
    });
    move || {
        kind.get().map(|kind| {
            view! { <ConflictBanner review_id=review_id.get() record_id=record_id.get() kind/> }
        })
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The versions of one record side by side: who (by role), when, and what differs; a button to
/// keep each one, and, when every version is a readable value, a way to combine them field by
/// field. Renders nothing once the record has a single head.
#[component]
pub fn ConflictChoice(review_id: String, record_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (rid, rec) = (review_id.clone(), record_id.clone());
    let heads = Memo::new(move |_| {
        state.revs.with(|r| {
            r.heads(&rec, &rid)
                .into_iter()
                .cloned()
                .collect::<Vec<Revision>>()
        })
    });
    let ids = StoredValue::new((review_id, record_id));
    move || {
        let heads = heads.get();
        if heads.len() < 2 {
            return None;
        }
        let (review_id, record_id) = ids.get_value();
        let kind = heads[0].kind;
        let noun = match kind {
            RecordKind::Review => "review set-up",
            other => other.noun(1),
        };
        let bodies: Vec<&Value> = heads.iter().map(|h| &h.body).collect();
        let diffs = differences(&bodies);
        let versions = heads
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let n = i + 1;
                let who = role_of(&h.author).label();
                let when = format_when(h.at);
                let rows = diffs
                    .iter()
                    .map(|d| {
                        view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{field_label(&d.label)}</dt>
                                <dd class="summary-list__value">{d.values[i].clone()}</dd>
                            </div>
                        }
                    })
                    .collect_view();
                let h = h.clone();
                let (review_id, record_id) = (review_id.clone(), record_id.clone());
                let deletes = h.is_deleted();
                let button = if deletes {
                    format!("Keep version {n} (delete the {noun})")
                } else {
                    format!("Keep version {n}")
                };
                view! {
                    <li class="inset conflict__version">
                        <h3 class="heading-s">{format!("Version {n}")}</h3>
                        <p class="body">{format!("Saved by {who} on {when}.")}</p>
                        {deletes.then(|| view! { <p class="body"><strong>{format!("This version deletes the {noun}.")}</strong></p> })}
                        {(!diffs.is_empty() && !deletes).then(|| view! { <dl class="summary-list">{rows}</dl> })}
                        <button type="button" class="button button--secondary"
                            aria-label=format!("{button}, saved by {who} on {when}")
                            on:click=move |_| state.resolve(&review_id, &record_id, h.kind, h.schema, h.body.clone())>
                            {button.clone()}
                        </button>
                    </li>
                }
            })
            .collect_view();
        let combinable = heads.iter().all(|h| !h.is_deleted()) && !diffs.is_empty();
        Some(view! {
            <div class="conflict">
                <p class="body">{format!("The {noun} was changed in {} places at the same time. Nothing has been lost: choose which version to keep.", heads.len())}</p>
                <ul class="list list--plain">{versions}</ul>
                {combinable.then(|| view! { <Combine review_id=review_id.clone() record_id=record_id.clone() heads=heads.clone()/> })}
                // History is kept for the host's own records, not for a respondent's answers.
                {matches!(kind, RecordKind::Review | RecordKind::Checklist).then(|| view! {
                    <p class="body"><A href=history_href(&review_id, &record_id)>{format!("See every earlier version of the {noun}")}</A></p>
                })}
            </div>
        })
    }
}

/// Combine the versions: for each field where they differ, choose whose value to keep.
#[component]
fn Combine(review_id: String, record_id: String, heads: Vec<Revision>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let bodies: Vec<&Value> = heads.iter().map(|h| &h.body).collect();
    let diffs = differences(&bodies);
    // Which version each differing field comes from (index into `heads`); the first by default.
    let picks: Vec<RwSignal<usize>> = diffs.iter().map(|_| RwSignal::new(0)).collect();
    let paths: Vec<Path> = diffs.iter().map(|d| d.path.clone()).collect();
    let form_id = format!("combine-{}", slug(&record_id));
    let fields = diffs
        .iter()
        .zip(&picks)
        .enumerate()
        .map(|(f, (d, pick))| {
            let pick = *pick;
            let options = d
                .values
                .iter()
                .enumerate()
                .map(|(v, text)| {
                    let id = format!("{form_id}-{f}-{v}");
                    view! {
                        <div class="radios__item">
                            <input class="radios__input" type="radio" id=id.clone() name=format!("{form_id}-{f}")
                                prop:checked=move || pick.get() == v on:change=move |_| pick.set(v)/>
                            <label class="label radios__label" for=id>{format!("Version {}: {text}", v + 1)}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{field_label(&d.label)}</legend>
                    <div class="radios">{options}</div>
                </fieldset>
            }
        })
        .collect_view();
    let heads = StoredValue::new(heads);
    let ids = StoredValue::new((review_id, record_id));
    let save = move |_| {
        let (review_id, record_id) = ids.get_value();
        heads.with_value(|heads| {
            let chosen: Vec<(Path, &Value)> = paths
                .iter()
                .zip(&picks)
                .map(|(p, pick)| (p.clone(), &heads[pick.get_untracked()].body))
                .collect();
            let body = record::combine(&heads[0].body, &chosen);
            state.resolve(&review_id, &record_id, heads[0].kind, heads[0].schema, body);
        });
    };
    view! {
        <details class="details">
            <summary>"Combine the versions instead"</summary>
            <div>
                <p class="body">"For each difference, choose which version to keep. Everything else is the same in every version."</p>
                {fields}
                <button type="button" class="button" on:click=save>"Keep this combination"</button>
            </div>
        </details>
    }
}

/// "leads.host_lead.email" → "Leads › host lead › email": readable without hiding the path.
pub fn field_label(path: &str) -> String {
    let words: Vec<String> = path.split('.').map(|p| p.replace('_', " ")).collect();
    let mut label = words.join(" › ");
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + &label[1..];
    }
    label
}
