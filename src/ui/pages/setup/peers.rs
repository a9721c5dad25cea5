//! `/reviews/:id/peers`: choosing councils to approach for peer reviewers, with LGBF
//! family-group help and optional LGBF data, and recording why each was chosen.

use super::form::{warning_text, Select};
use super::{plural, Missing, Review};
use crate::browser::files;
use crate::domain::councils::{self, ServiceType};
use crate::domain::lgbf::{self, Comparison, Dataset};
use crate::domain::review::{
    ApproachAnswer, OrgRef, PeerApproach, PeerCouncil, Reason, ReviewSetup, PEER_COUNCILS_INTRO,
};
use crate::storage::prefs;
use crate::ui::components::fields::{
    error_for, focus_field, Checkbox, DateFields, ErrorSummary, Problem, Radios, TextArea,
    TextInput,
};
use crate::ui::components::layout::SavedStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Stable key for a chosen peer (council id, or the other organisation's name).
fn peer_key(p: &PeerCouncil) -> String {
    match &p.council {
        OrgRef::Council(id) => id.clone(),
        OrgRef::Other(name) => format!("other:{}", name.trim().to_lowercase()),
    }
}

/// "Same family group (2)" or "Family group 3", for a council given the review's host/service.
fn group_text(s: &ReviewSetup, council_id: &str) -> String {
    let (Some(c), Some(service)) = (councils::by_id(council_id), s.service_type) else {
        return String::new();
    };
    let g = c.group(service);
    match s
        .host
        .as_ref()
        .and_then(OrgRef::council_id)
        .and_then(councils::by_id)
    {
        Some(h) if h.group(service) == g => format!("Same family group ({g})"),
        _ => format!("Family group {g}"),
    }
}

/// The two kinds of LGBF family group, explained wherever a group is shown, so "same group"
/// for one kind of service and "other" for the other does not read as a contradiction.
pub(super) fn family_groups_explained(id: &'static str) -> impl IntoView {
    view! {
        <details class="details" id=id>
            <summary class="details__summary">"About the two kinds of LGBF family group"</summary>
            <div class="details__text"><p class="body">{councils::FAMILY_GROUPS_EXPLAINED}</p></div>
        </details>
    }
}

/// The guidance asks for three councils: a warning, never a block, with fewer.
pub(super) fn peer_councils_warning(review: Review) -> impl IntoView {
    let warning = review.get(ReviewSetup::peer_councils_warning);
    view! {
        <div id="peer-councils-warning" aria-live="polite">
            {move || warning.get().map(warning_text)}
        </div>
    }
}

/// The peer removed last, with its position, so that "Undo" can put it back as it was.
pub(super) type Removed = RwSignal<Option<(usize, PeerCouncil)>>;

/// "… removed. Undo": removing a peer also drops the reasons written for it, so it can be
/// undone. Place it outside anything that disappears when the last peer goes.
#[component]
pub(super) fn UndoRemoval(review: Review, removed: Removed) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let undo = move |_| {
        let Some((i, peer)) = removed.get_untracked() else {
            return;
        };
        let name = peer.council.display_name();
        let mut at = i;
        review.edit(|s| {
            if !s.peer_councils.iter().any(|p| p.council == peer.council) {
                at = i.min(s.peer_councils.len());
                s.peer_councils.insert(at, peer);
            }
        });
        removed.set(None);
        said.set(format!("{name} put back."));
        request_animation_frame(move || focus_field(&format!("peer-{at}-council")));
    };
    view! {
        <div role="status" class="undo-status">
            {move || match removed.get() {
                Some((_, p)) => view! {
                    <div class="notification" id="peer-removed">
                        <div class="notification__content">
                            <p class="body">{format!("{} removed.", p.council.display_name())}
                                {(!p.reasons.is_empty() || !p.rationale.trim().is_empty()).then_some(" The reasons you gave for it went with it.")}
                            </p>
                            <button type="button" class="button button--secondary" id="undo-remove" on:click=undo>
                                "Undo"<span class="visually-hidden">{format!(" removing {}", p.council.display_name())}</span>
                            </button>
                        </div>
                    </div>
                }.into_any(),
                None => view! { <p class="visually-hidden">{move || said.get()}</p> }.into_any(),
            }}
        </div>
    }
}

/// The chosen peers, each with reason checkboxes, a rationale and a Remove button.
#[component]
pub(super) fn ChosenPeers(
    review: Review,
    problems: Signal<Vec<Problem>>,
    removed: Removed,
) -> impl IntoView {
    let keys = review.get(|s| {
        s.peer_councils
            .iter()
            .enumerate()
            .map(|(i, p)| (i, peer_key(p), p.council.display_name()))
            .collect::<Vec<_>>()
    });
    view! {
        <For each=move || keys.get() key=|(i, k, _)| (*i, k.clone()) let:item>
            <PeerDetails review problems i=item.0 name=item.2 removed/>
        </For>
    }
}

#[component]
fn PeerDetails(
    review: Review,
    problems: Signal<Vec<Problem>>,
    i: usize,
    name: String,
    removed: Removed,
) -> impl IntoView {
    let peer = review.get(move |s| {
        s.peer_councils
            .get(i)
            .cloned()
            .map(|p| (p.reasons, p.rationale))
    });
    let group = review.get(move |s| {
        s.peer_councils
            .get(i)
            .and_then(|p| p.council.council_id().map(|id| group_text(s, id)))
            .unwrap_or_default()
    });
    let sentence = review.get(move |s| {
        let council = s
            .peer_councils
            .get(i)
            .and_then(|p| p.council.council_id().and_then(councils::by_id));
        match (council, s.service_type) {
            (Some(c), Some(svc)) => councils::family_groups_sentence(c, svc),
            _ => String::new(),
        }
    });
    let council_error = error_for(problems, &format!("peer-{i}-council"));
    let reasons_error = error_for(problems, &format!("peer-{i}-reasons"));
    let display = if name.trim().is_empty() {
        format!("Organisation {}", i + 1)
    } else {
        name.clone()
    };
    let (d1, d2, d3, d4) = (
        display.clone(),
        display.clone(),
        display.clone(),
        display.clone(),
    );
    let remove = move |_| {
        review.edit(|s| {
            if i < s.peer_councils.len() {
                removed.set(Some((i, s.peer_councils.remove(i))));
            }
        });
        // The button that had focus is gone; "Undo" is the likely next step.
        request_animation_frame(|| focus_field("undo-remove"));
    };
    view! {
        <div class="peer" id=format!("peer-{i}-council") tabindex="-1">
            <h3 class="heading-s peer__name">{display}</h3>
            {move || (!group.get().is_empty()).then(|| view! { <p class="hint peer__group">{group.get()}</p> })}
            {move || (!sentence.get().is_empty()).then(|| view! { <p class="body peer__groups" id=format!("peer-{i}-groups")>{sentence.get()}</p> })}
            {move || council_error.get().map(|e| view! {
                <p class="error-message" id=format!("peer-{i}-council-error")><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <div class=move || if reasons_error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
                <fieldset class="fieldset" id=format!("peer-{i}-reasons")
                    aria-describedby={move || reasons_error.get().is_some().then(|| format!("peer-{i}-reasons-error"))}>
                    <legend class="fieldset__legend">{format!("Why approach {d1}?")}</legend>
                    {move || reasons_error.get().map(|e| view! {
                        <p class="error-message" id=format!("peer-{i}-reasons-error")><span class="visually-hidden">"Error: "</span>{e}</p>
                    })}
                    {Reason::ALL.iter().enumerate().map(|(k, &reason)| view! {
                        <Checkbox id=format!("peer-{i}-reason-{k}") label=reason.label()
                            checked=Signal::derive(move || peer.with(|p| p.as_ref().is_some_and(|(r, _)| r.contains(&reason))))
                            on_change=Callback::new(move |on: bool| review.edit(|s| {
                                if let Some(p) = s.peer_councils.get_mut(i) {
                                    if on { p.reasons.insert(reason); } else { p.reasons.remove(&reason); }
                                }
                            }))/>
                    }).collect_view()}
                </fieldset>
            </div>
            <TextArea id=format!("peer-{i}-rationale") label=format!("Anything else about why {d2} was chosen (optional)") rows=3
                value=Signal::derive(move || peer.get().map(|(_, r)| r).unwrap_or_default())
                on_change=Callback::new(move |v: String| review.edit(|s| {
                    if let Some(p) = s.peer_councils.get_mut(i) { p.rationale = v; }
                }))
                error=error_for(problems, &format!("peer-{i}-rationale"))/>
            <PeerApproachFields review problems i name=d4/>
            <button type="button" class="button button--secondary" on:click=remove>
                "Remove"<span class="visually-hidden">{format!(" {d3}")}</span>
            </button>
        </div>
    }
}

/// How the approach to one peer is going: when the Chief Executive's request went, the
/// answer, and the reviewer nominated once it agreed.
#[component]
fn PeerApproachFields(
    review: Review,
    problems: Signal<Vec<Problem>>,
    i: usize,
    name: String,
) -> impl IntoView {
    let approach = review.get(move |s| s.peer_councils.get(i).map(|p| s.approach(&p.council)));
    let edit = move |f: Box<dyn FnOnce(&mut PeerApproach)>| {
        review.edit(|s| {
            if let Some(p) = s.peer_councils.get(i) {
                let mut a = s.approach(&p.council);
                f(&mut a);
                s.set_approach(a);
            }
        })
    };
    let contact = move |f: fn(&mut PeerApproach, String)| {
        Callback::new(move |v: String| edit(Box::new(move |a| f(a, v))))
    };
    let agreed = move || {
        approach.with(|a| {
            a.as_ref()
                .is_some_and(|a| a.answer == ApproachAnswer::Agreed)
        })
    };
    let prefix = format!("peer-{i}-reviewer");
    let (p1, p2, p3) = (prefix.clone(), prefix.clone(), prefix);
    view! {
        <fieldset class="fieldset peer__approach">
            <legend class="fieldset__legend fieldset__legend--s">{format!("Approach to {name}")}</legend>
            <DateFields id=format!("peer-{i}-request-sent") label="Date the Chief Executive's request was sent (optional)"
                hint=Signal::derive(|| "For example, 27 3 2026".to_string())
                value=Signal::derive(move || approach.get().and_then(|a| a.request_sent))
                on_change=Callback::new(move |d| edit(Box::new(move |a| a.request_sent = d)))
                error=error_for(problems, &format!("peer-{i}-request-sent"))/>
            <Radios id=format!("peer-{i}-answer") legend="Their answer" legend_class="fieldset__legend--s" inline=true
                options=ApproachAnswer::ALL.iter().enumerate().map(|(k, a)| (k.to_string(), a.label().to_string())).collect()
                selected=Signal::derive(move || approach.get().and_then(|a| ApproachAnswer::ALL.iter().position(|x| *x == a.answer)).map(|k| k.to_string()))
                on_change=Callback::new(move |v: String| {
                    if let Some(ans) = v.parse::<usize>().ok().and_then(|k| ApproachAnswer::ALL.get(k).copied()) {
                        edit(Box::new(move |a| a.answer = ans));
                    }
                })/>
            <Show when=agreed>
                <TextInput id=format!("{p1}-name") label="Nominated peer reviewer (optional)"
                    value=Signal::derive(move || approach.get().map(|a| a.reviewer.name).unwrap_or_default())
                    on_change=contact(|a, v| a.reviewer.name = v)
                    error=error_for(problems, &format!("{p1}-name"))/>
                <TextInput id=format!("{p2}-email") label="Their email address (optional)" input_type="email"
                    value=Signal::derive(move || approach.get().map(|a| a.reviewer.email).unwrap_or_default())
                    on_change=contact(|a, v| a.reviewer.email = v)
                    error=error_for(problems, &format!("{p2}-email"))/>
                <TextInput id=format!("{p3}-phone") label="Their telephone number (optional)" input_type="tel" width="w20"
                    value=Signal::derive(move || approach.get().map(|a| a.reviewer.phone).unwrap_or_default())
                    on_change=contact(|a, v| a.reviewer.phone = v)
                    error=error_for(problems, &format!("{p3}-phone"))/>
            </Show>
        </fieldset>
    }
}

/// `/reviews/:id/peers`.
#[component]
pub fn PeersPage() -> impl IntoView {
    let review = Review::from_route();
    view! {
        <Show when=move || review.exists.get() fallback=move || view! { <Missing review/> }>
            <PeersInner review/>
        </Show>
    }
}

/// The LGBF dataset kept for a review in the meta store (key `lgbf:<review id>`).
#[derive(Serialize, Deserialize)]
struct StoredLgbf {
    schema: u32,
    file_name: String,
    dataset: Dataset,
}

#[component]
fn PeersInner(review: Review) -> impl IntoView {
    let title = review.get(|s| s.title.clone());
    let host = review.get(|s| s.host.clone());
    let service = review.get(|s| s.service_type);
    let host_name = review.get(ReviewSetup::host_name);
    let ready = Memo::new(move |_| {
        service.get().is_some()
            && match host.get() {
                Some(OrgRef::Council(id)) => councils::by_id(&id).is_some(),
                Some(OrgRef::Other(name)) => !name.trim().is_empty(),
                None => false,
            }
    });
    let chosen = review.get(|s| {
        s.peer_councils
            .iter()
            .filter_map(|p| p.council.council_id().map(String::from))
            .collect::<Vec<_>>()
    });
    let count = review.get(|s| s.peer_councils.len());
    let no_problems: Signal<Vec<Problem>> = Signal::derive(Vec::new);
    let lgbf_problems = RwSignal::new(Vec::<Problem>::new());
    let removed: Removed = RwSignal::new(None);

    let toggle = move |id: &'static str, on: bool| {
        review.edit(|s| {
            let pos = s
                .peer_councils
                .iter()
                .position(|p| p.council.council_id() == Some(id));
            match (on, pos) {
                (true, None) => s.peer_councils.push(PeerCouncil {
                    council: OrgRef::Council(id.to_string()),
                    reasons: Default::default(),
                    rationale: String::new(),
                }),
                (false, Some(k)) => {
                    removed.set(Some((k, s.peer_councils.remove(k))));
                }
                _ => {}
            }
        })
    };

    let candidate = move |c: councils::Candidate| {
        let id = c.council.id;
        let cid = format!("candidate-{id}");
        let group = review.get(move |s| group_text(s, id));
        view! {
            <div class="checkboxes__item">
                <input class="checkboxes__input" type="checkbox" id=cid.clone() name="candidates" value=id
                    prop:checked=move || chosen.with(|ids| ids.iter().any(|x| x == id))
                    on:change=move |ev| toggle(id, event_target_checked(&ev))/>
                <label class="checkboxes__label" for=cid>
                    {c.council.name}
                    <span class="candidate__group">{move || group.get()}</span>
                </label>
            </div>
        }
    };

    let list = move || {
        let (Some(host), Some(svc)) = (host.get(), service.get()) else {
            return ().into_any();
        };
        let host_id = host.council_id().unwrap_or_default().to_string();
        let all = councils::candidates(&host_id, svc);
        let (same, other): (Vec<_>, Vec<_>) = all.into_iter().partition(|c| c.same_group);
        let host_group = councils::by_id(&host_id).map(|h| h.group(svc));
        match host_group {
            Some(g) => view! {
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">{format!("Councils in the same family group ({g})")}</legend>
                    <p class="hint">{format!("{} are in family group {g} for {}.", plural(same.len(), "council", "councils"), svc.label().to_lowercase())}</p>
                    {same.into_iter().map(candidate).collect_view()}
                </fieldset>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">"Other councils"</legend>
                    {other.into_iter().map(candidate).collect_view()}
                </fieldset>
            }
            .into_any(),
            None => view! {
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">"Councils"</legend>
                    <p class="hint">"Family groups compare councils, so they cannot be worked out for a host that is not a council."</p>
                    {other.into_iter().chain(same).map(candidate).collect_view()}
                </fieldset>
            }
            .into_any(),
        }
    };

    // Find a council under the names officers use ("Edinburgh", "Western Isles").
    let search_text = RwSignal::new(String::new());
    let found = Memo::new(move |_| search_text.with(|t| councils::search(t)));
    let search_results = move || {
        let text = search_text.get();
        if text.trim().is_empty() {
            return ().into_any();
        }
        let hits = found.get();
        if hits.is_empty() {
            return view! { <p class="body" id="council-search-none">{format!("No council matches \u{201c}{}\u{201d}.", text.trim())}</p> }.into_any();
        }
        view! {
            <fieldset class="fieldset" id="council-search-results">
                <legend class="fieldset__legend">{format!("Councils matching \u{201c}{}\u{201d}", text.trim())}</legend>
                {hits.into_iter().map(|c| {
                    let id = c.id;
                    let cid = format!("search-{id}");
                    let group = review.get(move |s| group_text(s, id));
                    let also = councils::other_names(c);
                    view! {
                        <div class="checkboxes__item">
                            <input class="checkboxes__input" type="checkbox" id=cid.clone() name="search-results" value=id
                                prop:checked=move || chosen.with(|ids| ids.iter().any(|x| x == id))
                                on:change=move |ev| toggle(id, event_target_checked(&ev))/>
                            <label class="checkboxes__label" for=cid>
                                {councils::list_name(c)}
                                {(!also.is_empty()).then(|| view! { <span class="candidate__also">{format!(" (also {})", also.join(", "))}</span> })}
                                <span class="candidate__group">{move || group.get()}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }.into_any()
    };

    let other_name = RwSignal::new(String::new());
    let other_error = RwSignal::new(None::<String>);
    let add_other = move |_| {
        let name = other_name.get_untracked().trim().to_string();
        if name.is_empty() {
            other_error.set(Some("Enter the name of the organisation".into()));
            focus_field("peer-other-name");
            return;
        }
        let exists = review.setup.with_untracked(|s| {
            s.as_ref().is_some_and(|s| {
                s.peer_councils
                    .iter()
                    .any(|p| p.council.display_name().to_lowercase() == name.to_lowercase())
            })
        });
        if exists {
            other_error.set(Some(format!("You have already added {name}")));
            focus_field("peer-other-name");
            return;
        }
        other_error.set(None);
        review.edit(|s| {
            s.peer_councils.push(PeerCouncil {
                council: OrgRef::Other(name),
                reasons: Default::default(),
                rationale: String::new(),
            })
        });
        other_name.set(String::new());
    };

    view! {
        <A href=review.href("/setup/peer-councils") attr:class="back-link">"Back to councils to approach"</A>
        <ErrorSummary problems=lgbf_problems/>
        <span class="caption">{move || format!("{} – set-up", title.get())}</span>
        <h1 class="heading-l">"Choose councils to approach for peer reviewers"</h1>
        <SavedStatus/>
        <p class="body" id="peer-councils-intro">{PEER_COUNCILS_INTRO}</p>
        {peer_councils_warning(review)}
        <Show when=move || ready.get() fallback=move || view! {
            <div class="inset">
                <p class="body">"To suggest councils in the same family group, first choose the host and the type of service."</p>
                <p class="body"><A href=review.href("/setup/about")>"Choose the host and type of service"</A></p>
            </div>
        }>
            <p class="body">
                {move || {
                    let svc = service.get().map(|s| s.label().to_lowercase()).unwrap_or_default();
                    match host.get().as_ref().and_then(OrgRef::council_id).and_then(councils::by_id) {
                        Some(h) => format!("{} is in LGBF family group {} for {svc}. Councils in the same family group face similar conditions, so they are listed first.",
                            h.name, service.get().map(|s| h.group(s)).unwrap_or_default()),
                        None => format!("The host is {}.", host_name.get()),
                    }
                }}
            </p>
            <p class="hint">{format!("Family groups from {}, data version {}.", councils::DATA_SOURCE, councils::DATA_VERSION)}</p>
            {family_groups_explained("family-groups-explained")}
            <div class="council-search">
                <TextInput id="council-search" label="Find a council by name" width="w20"
                    hint="For example Edinburgh, Western Isles or Perth and Kinross."
                    value=search_text
                    on_change=Callback::new(move |v: String| search_text.set(v))/>
                <p class="visually-hidden" role="status">{move || {
                    let n = found.with(Vec::len);
                    if search_text.with(|t| t.trim().is_empty()) { String::new() } else { format!("{} found", plural(n, "council", "councils")) }
                }}</p>
                {search_results}
            </div>
            <p class="body peers__count" role="status">
                {move || match count.get() {
                    0 => "You have not chosen any yet.".to_string(),
                    n => format!("You have chosen {}.", plural(n, "organisation", "organisations")),
                }}
            </p>
            {list}
            <h2 class="heading-m">"Partner organisations"</h2>
            <p class="body">"You can also approach health, police, fire and rescue or third sector organisations."</p>
            <TextInput id="peer-other-name" label="Name of the organisation" width="w20"
                value=other_name
                on_change=Callback::new(move |v: String| other_name.set(v))
                error=other_error/>
            <button type="button" class="button button--secondary" on:click=add_other>"Add organisation"</button>
            <UndoRemoval review removed/>
            <Show when=move || { count.get() > 0 }>
                <h2 class="heading-m">"Why each was chosen"</h2>
                <ChosenPeers review problems=no_problems removed/>
            </Show>
            <LgbfCompare review problems=lgbf_problems chosen/>
        </Show>
        <div class="button-group">
            <A href=review.href("/setup/peer-councils") attr:class="button">"Continue"</A>
        </div>
    }
}

fn fmt_num(v: Option<f64>) -> String {
    match v {
        None => "No data".into(),
        Some(v) => {
            let s = format!("{v:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            s.to_string()
        }
    }
}

#[component]
fn LgbfCompare(
    review: Review,
    problems: RwSignal<Vec<Problem>>,
    chosen: Signal<Vec<String>>,
) -> impl IntoView {
    let state = review.state();
    let meta_key = format!(
        "{}{}",
        crate::ui::bundles::LGBF_PREFIX,
        review.id.get_untracked()
    );
    let data: RwSignal<Option<Arc<(String, Dataset)>>> = RwSignal::new(None);
    // The comparison last shown for this review comes back with the data.
    let review_id = review.id.get_untracked();
    let (ind0, year0, better0) = prefs::lgbf_choice(&review_id)
        .unwrap_or_else(|| (String::new(), String::new(), "higher".into()));
    let indicator = RwSignal::new(ind0);
    let year = RwSignal::new(year0);
    let direction = RwSignal::new(Some(better0));
    let note = RwSignal::new(String::new());
    Effect::new(move || {
        let (i, y) = (indicator.get(), year.get());
        let better = direction.get().unwrap_or_default();
        if !i.is_empty() && data.with(Option::is_some) {
            prefs::set_lgbf_choice(&review_id, &i, &y, &better);
        }
    });

    // Latest year for the indicator, if the chosen year is not available.
    let pick_defaults = move |ds: &Dataset| {
        let current = indicator.get_untracked();
        let inds = ds.indicators();
        if !inds
            .iter()
            .any(|i| lgbf::indicator_key(&i.code) == lgbf::indicator_key(&current))
        {
            indicator.set(inds.first().map(|i| i.code.clone()).unwrap_or_default());
        }
        let years = ds.years(&indicator.get_untracked());
        if !years.contains(&year.get_untracked()) {
            year.set(years.last().cloned().unwrap_or_default());
        }
    };

    {
        let key = meta_key.clone();
        spawn_local(async move {
            if let Some(json) = state.get_meta(&key).await {
                if let Ok(stored) = serde_json::from_str::<StoredLgbf>(&json) {
                    if stored.schema <= lgbf::SCHEMA {
                        pick_defaults(&stored.dataset);
                        data.set(Some(Arc::new((stored.file_name, stored.dataset))));
                    }
                }
            }
        });
    }

    let key = meta_key.clone();
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let key = key.clone();
        spawn_local(async move {
            let Some(picked) = files::read_all(&list).await.into_iter().next() else {
                return;
            };
            match picked {
                Err(msg) => problems.set(vec![Problem::new("lgbf-file", msg)]),
                Ok(file) => match Dataset::from_csv(&file.bytes) {
                    Err(e) => {
                        problems.set(vec![Problem::new(
                            "lgbf-file",
                            format!("{} could not be used. {e}", file.name),
                        )]);
                    }
                    Ok(ds) => {
                        problems.set(Vec::new());
                        pick_defaults(&ds);
                        let stored = StoredLgbf {
                            schema: lgbf::SCHEMA,
                            file_name: file.name.clone(),
                            dataset: ds,
                        };
                        let saved = match serde_json::to_string(&stored) {
                            Ok(json) => state.set_meta(&key, &json).await.is_ok(),
                            Err(_) => false,
                        };
                        note.set(format!(
                            "{} loaded: {} rows, {}.{}",
                            file.name,
                            stored.dataset.rows,
                            plural(stored.dataset.indicators().len(), "indicator", "indicators"),
                            if saved { "" } else { " It could not be kept in this browser, so upload it again next time." }
                        ));
                        data.set(Some(Arc::new((stored.file_name, stored.dataset))));
                    }
                },
            }
        });
    };

    let key = meta_key;
    let remove = move |_| {
        data.set(None);
        note.set("The LGBF data was removed from this browser.".into());
        let key = key.clone();
        spawn_local(async move {
            let _ = state.set_meta(&key, "").await;
        });
        request_animation_frame(|| focus_field("lgbf-file"));
    };

    let file_error = error_for(problems.into(), "lgbf-file");
    let host_id = review.get(|s| {
        s.host
            .as_ref()
            .and_then(OrgRef::council_id)
            .map(String::from)
    });
    let service = review.get(|s| s.service_type);
    let host_label = review.get(ReviewSetup::host_name);
    let comparison: Memo<Option<Comparison>> = Memo::new(move |_| {
        let d = data.get()?;
        let svc = service.get().unwrap_or(ServiceType::PeopleServices);
        let host = host_id.get().unwrap_or_default();
        let ids: Vec<&str> = councils::candidates(&host, svc)
            .iter()
            .map(|c| c.council.id)
            .collect();
        d.1.compare(
            &host,
            &ids,
            &indicator.get(),
            &year.get(),
            direction.get().as_deref() != Some("lower"),
        )
    });

    view! {
        <h2 class="heading-m">"Compare councils with LGBF data (optional)"</h2>
        <p class="body">"Download Local Government Benchmarking Framework data as a CSV file from the Spatial Hub (Open Government Licence v3), then upload it here. The file is read on this device and is not sent anywhere."</p>
        <div class=move || if file_error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <label class="label" for="lgbf-file">"Upload an LGBF data file (CSV)"</label>
            <p class="hint" id="lgbf-file-hint">"It needs the columns Indicators_Information_Code, LA_Information_LocalAuthority, LA_Data_LGBF_Year and LA_Data_LA_IndicatorReal."</p>
            {move || file_error.get().map(|e| view! {
                <p class="error-message" id="lgbf-file-error"><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <input type="file" id="lgbf-file" name="lgbf-file" class="file-upload" accept=".csv,text/csv"
                aria-describedby=move || if file_error.get().is_some() { "lgbf-file-hint lgbf-file-error" } else { "lgbf-file-hint" }
                on:change=on_file/>
        </div>
        <p class="body" role="status">{move || note.get()}</p>
        {move || data.get().map(|d| {
            let ds = &d.1;
            let indicators: Vec<(String, String)> = ds.indicators().into_iter().map(|i| {
                let text = if i.title.is_empty() { i.code.clone() } else { format!("{} – {}", i.code, i.title) };
                (i.code, text)
            }).collect();
            let d2 = d.clone();
            let years = Signal::derive(move || d2.1.years(&indicator.get()));
            let unmatched = ds.unmatched_areas.len();
            view! {
                <p class="body">{format!("Comparing with data from {}.", d.0)}
                    {(unmatched > 0).then(|| format!(" Rows for {} that are not councils were left out.", plural(unmatched, "area", "areas")))}
                </p>
                <div class="grid grid--2">
                    <Select id="lgbf-indicator" label="Indicator" options=indicators
                        selected=indicator
                        on_change=Callback::new(move |v: String| {
                            indicator.set(v);
                            if let Some(d) = data.get_untracked() { pick_defaults(&d.1); }
                        })/>
                    {move || view! {
                        <Select id="lgbf-year" label="Year"
                            options=years.get().into_iter().rev().map(|y| (y.clone(), y)).collect()
                            selected=year
                            on_change=Callback::new(move |v: String| year.set(v))/>
                    }}
                </div>
                <Radios id="lgbf-direction" legend="Which is better for this indicator?" inline=true
                    options=vec![("higher".into(), "Higher values".into()), ("lower".into(), "Lower values".into())]
                    selected=direction
                    on_change=Callback::new(move |v: String| direction.set(Some(v)))/>
                {move || {
                    chosen.track();
                    comparison.get().map(|c| comparison_view(c, chosen, host_label.get()))
                }}
                <button type="button" class="button button--secondary" on:click=remove.clone()>"Remove the LGBF data"</button>
            }
        })}
    }
}

fn comparison_view(c: Comparison, chosen: Signal<Vec<String>>, host: String) -> impl IntoView {
    let caption = format!("{}, {}", c.indicator, c.year);
    let fg = match c.family_group {
        Some(g) => format!("Family group {g} average"),
        None => "Family group average".to_string(),
    };
    let fg_note = if c.family_group_average_computed {
        "Worked out here as a simple average of the group's councils."
    } else {
        ""
    };
    // Councils with no value are summarised in a sentence, unless chosen.
    let picked = chosen.get_untracked();
    let (ranked, missing): (Vec<_>, Vec<_>) = c
        .ranked
        .into_iter()
        .partition(|r| r.value.is_some() || picked.contains(&r.council_id));
    let missing: Vec<String> = missing.into_iter().map(|r| r.name).collect();
    let better = |b: Option<bool>| match b {
        Some(true) => "Better",
        Some(false) => "Not better",
        None => "–",
    };
    view! {
        <div class="table-wrap" role="region" aria-labelledby="lgbf-summary-caption" tabindex="0">
            <table class="table" id="lgbf-summary">
                <caption id="lgbf-summary-caption">{format!("{caption}: the host, its family group and Scotland")}</caption>
                <thead><tr><th scope="col">"Area"</th><th scope="col" class="num">"Value"</th><th scope="col">"Notes"</th></tr></thead>
                <tbody>
                    <tr><th scope="row">{format!("{host} (host)")}</th><td class="num">{fmt_num(c.host_value)}</td><td></td></tr>
                    <tr><th scope="row">{fg}</th><td class="num">{fmt_num(c.family_group_average)}</td><td>{fg_note}</td></tr>
                    <tr><th scope="row">"Scotland"</th><td class="num">{fmt_num(c.scotland)}</td><td></td></tr>
                </tbody>
            </table>
        </div>
        {(c.family_group_average.is_none() && c.host_value.is_none()).then(|| warning_text("The file has no value for the host for this indicator and year.".into()))}
        <div class="table-wrap" role="region" aria-labelledby="lgbf-ranked-caption" tabindex="0">
            <table class="table" id="lgbf-ranked">
                <caption id="lgbf-ranked-caption">{format!("{caption}: candidate councils ranked, best first")}</caption>
                <thead><tr>
                    <th scope="col" class="num">"Rank"</th>
                    <th scope="col">"Council"</th>
                    <th scope="col" class="num">"Value"</th>
                    <th scope="col">"Compared with host"</th>
                    <th scope="col">"Family group"</th>
                    <th scope="col">"Chosen"</th>
                </tr></thead>
                <tbody>
                    {ranked.into_iter().map(|r| {
                        let id = r.council_id.clone();
                        view! {
                            <tr>
                                <td class="num">{r.rank.map(|n| n.to_string()).unwrap_or_else(|| "–".into())}</td>
                                <th scope="row">{r.name}</th>
                                <td class="num">{fmt_num(r.value)}</td>
                                <td>{better(r.better_than_host)}</td>
                                <td>{if r.same_group { "Same" } else { "Other" }}</td>
                                <td>{move || if chosen.with(|c| c.contains(&id)) { "Yes" } else { "No" }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!missing.is_empty()).then(|| view! {
            <p class="body">{format!("The file has no value for {}: {}.", plural(missing.len(), "other council", "other councils"), missing.join(", "))}</p>
        })}
    }
}
