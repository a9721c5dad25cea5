//! `/reviews/:id/setup/:section`: one page per set-up section (one topic per page).

use super::peers::{ChosenPeers, Removed, UndoRemoval};
use super::{problems_for, Missing, Review};
use crate::browser::platform;
use crate::domain::councils::{self, ServiceType};
use crate::domain::date::Date;
use crate::domain::review::{
    OrgRef, OrgType, ReadinessAnswer, ReadinessLevel, ReviewOrigin, SetupSection, TeamMember,
    TeamMemberDetails, TeamRole, CONFIDENTIALITY_PRINCIPLES, PEER_COUNCILS_INTRO,
    READINESS_QUESTIONS, RESPONDENT_GROUPS_HINT,
};
use crate::domain::timeline::{self as tl, Milestone};
use crate::ui::components::fields::{
    error_for, focus_field, DateFields, ErrorSummary, Problem, Radios, TextArea, TextInput,
    UnsavedDates,
};
use crate::ui::components::layout::SavedStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

const HOST_OTHER: &str = "other";

/// Moves focus to an element once the view has caught up with a change.
fn focus_later(id: String) {
    request_animation_frame(move || focus_field(&id));
}

/// A labelled `<select>` with hint and inline error, reporting every change.
#[component]
pub(super) fn Select(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_hint = hint.is_some();
    let (id2, id3, id4) = (id.clone(), id.clone(), id.clone());
    view! {
        <div class=move || if error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id2}-hint")>{h}</p> })}
            {move || error.get().map(|e| view! {
                <p class="error-message" id=format!("{id3}-error")><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <select class="select" id=id.clone() name=id.clone()
                aria-describedby=move || {
                    let mut parts = Vec::new();
                    if has_hint { parts.push(format!("{id4}-hint")); }
                    if error.get().is_some() { parts.push(format!("{id4}-error")); }
                    (!parts.is_empty()).then(|| parts.join(" "))
                }
                aria-invalid=move || error.get().is_some().then_some("true")
                on:change=move |ev| on_change.run(event_target_value(&ev))>
                {options.into_iter().map(|(value, text)| {
                    let v = value.clone();
                    view! { <option value=value prop:selected=move || selected.get() == v>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// GOV.UK warning text: advice that never blocks.
pub(super) fn warning_text(message: String) -> impl IntoView {
    view! {
        <div class="warning-text">
            <span class="warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="warning-text__text"><span class="visually-hidden">"Warning: "</span>{message}</strong>
        </div>
    }
}

/// `/reviews/:id/setup/:section`.
#[component]
pub fn SetupSectionPage() -> impl IntoView {
    let review = Review::from_route();
    let params = use_params_map();
    let section = Memo::new(move |_| {
        let slug = params.read().get("section").unwrap_or_default();
        SetupSection::ALL.into_iter().find(|s| s.slug() == slug)
    });
    view! {
        <Show when=move || review.exists.get() fallback=move || view! { <Missing review/> }>
            {move || match section.get() {
                Some(section) => view! { <SectionForm review section/> }.into_any(),
                None => view! {
                    <h1 class="heading-l">"Page not found"</h1>
                    <p class="body"><A href=review.href("/setup")>"Go to the set-up tasks"</A></p>
                }.into_any(),
            }}
        </Show>
    }
}

#[component]
fn SectionForm(review: Review, section: SetupSection) -> impl IntoView {
    let problems = RwSignal::new(Vec::<Problem>::new());
    let navigate = use_navigate();
    let title = review.get(|s| s.title.clone());
    let unsaved = UnsavedDates(RwSignal::new(Default::default()));
    provide_context(unsaved);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A date that could not be read is listed first: leaving would lose what was typed.
        let mut found = unsaved.problems();
        found.extend(review.setup.with_untracked(|s| {
            s.as_ref()
                .map(|s| problems_for(section, s))
                .unwrap_or_default()
                .into_iter()
                .filter(|p| {
                    !found
                        .iter()
                        .any(|f| f.field_id == format!("{}-day", p.field_id))
                })
                .collect::<Vec<_>>()
        }));
        if found.is_empty() {
            problems.set(Vec::new());
            navigate(&review.href("/setup"), Default::default());
        } else {
            problems.set(found);
        }
    };
    let p: Signal<Vec<Problem>> = problems.into();
    let body = match section {
        SetupSection::About => view! { <AboutFields review problems=p/> }.into_any(),
        SetupSection::Leads => view! { <LeadsFields review problems=p/> }.into_any(),
        SetupSection::PeerCouncils => view! { <PeerFields review problems=p/> }.into_any(),
        SetupSection::Team => view! { <TeamFields review problems=p/> }.into_any(),
        SetupSection::Timeline => view! { <TimelineFields review problems=p/> }.into_any(),
        SetupSection::Checklist => view! { <ChecklistFields review problems=p/> }.into_any(),
        SetupSection::Readiness => view! { <ReadinessFields review problems=p/> }.into_any(),
    };
    view! {
        <A href=review.href("/setup") attr:class="back-link">"Back to set-up tasks"</A>
        <ErrorSummary problems=p/>
        <span class="caption">{move || format!("{} – set-up", title.get())}</span>
        <h1 class="heading-l">{section.label()}</h1>
        <SavedStatus/>
        <form novalidate on:submit=on_submit>
            {body}
            <div class="button-group">
                <button type="submit" class="button">"Save and continue"</button>
                <A href=review.href("/setup")>"Back to set-up tasks"</A>
            </div>
        </form>
    }
}

fn text_callback(
    review: Review,
    set: impl Fn(&mut crate::domain::review::ReviewSetup, String) + Send + Sync + 'static,
) -> Callback<String> {
    Callback::new(move |v: String| review.edit(|s| set(s, v)))
}

#[component]
fn AboutFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let host_value = review.get(|s| match &s.host {
        None => String::new(),
        Some(OrgRef::Council(id)) => id.clone(),
        Some(OrgRef::Other(_)) => HOST_OTHER.to_string(),
    });
    let host_other = review.get(|s| match &s.host {
        Some(OrgRef::Other(name)) => name.clone(),
        _ => String::new(),
    });
    let mut host_options = vec![(String::new(), "Select a council".to_string())];
    // Listed as officers look for them: "Edinburgh, City of" under E.
    host_options.extend(
        councils::in_list_order()
            .into_iter()
            .map(|c| (c.id.to_string(), councils::list_name(c).to_string())),
    );
    host_options.push((HOST_OTHER.to_string(), "Another organisation".to_string()));
    let service = review.get(|s| s.service_type.map(|t| service_value(t).to_string()));
    view! {
        <TextInput id="title" label="Review name"
            hint="Used in lists and file names, for example Angus housing repairs."
            value=review.get(|s| s.title.clone())
            on_change=text_callback(review, |s, v| s.title = v)
            error=error_for(problems, "title")/>
        <Select id="host" label="Host local authority"
            hint="The council hosting the peer collaborative improvement work."
            options=host_options
            selected=host_value
            on_change=Callback::new(move |v: String| review.edit(|s| {
                s.host = match v.as_str() {
                    "" => None,
                    HOST_OTHER => Some(OrgRef::Other(match &s.host {
                        Some(OrgRef::Other(n)) => n.clone(),
                        _ => String::new(),
                    })),
                    id => Some(OrgRef::Council(id.to_string())),
                }
            }))
            error=error_for(problems, "host")/>
        <Show when=move || host_value.get() == HOST_OTHER>
            <TextInput id="host-other" label="Name of the host organisation"
                value=host_other
                on_change=text_callback(review, |s, v| s.host = Some(OrgRef::Other(v)))
                error=error_for(problems, "host-other")/>
        </Show>
        <Radios id="service-type" legend="Type of service"
            hint="This picks the LGBF family groups used to suggest peer councils. People services (children, social work and housing) are grouped by deprivation. Other services (environmental, culture and leisure, economic development, corporate, property and climate change) are grouped by how rural or urban a council is."
            options=ServiceType::ALL.iter().map(|t| (service_value(*t).to_string(), t.label().to_string())).collect()
            selected=service
            on_change=Callback::new(move |v: String| review.edit(|s| {
                s.service_type = ServiceType::ALL.into_iter().find(|t| service_value(*t) == v)
            }))
            error=error_for(problems, "service-type")/>
        <OriginRadios review/>
        <TextArea id="focus" label="Focus of the collaborative improvement"
            hint="The service or area of activity the peers will look at."
            value=review.get(|s| s.focus.clone())
            on_change=text_callback(review, |s, v| s.focus = v)
            error=error_for(problems, "focus") rows=3/>
        <TextArea id="rationale" label="Rationale for the focus"
            hint="Why this service or area, for example current performance, policy changes or self-assessment findings."
            value=review.get(|s| s.rationale.clone())
            on_change=text_callback(review, |s, v| s.rationale = v)
            error=error_for(problems, "rationale")/>
    }
}

/// Whether the LGBF Board asked for the review or the host put itself forward, each choice with
/// the guidance's hint.
#[component]
fn OriginRadios(review: Review) -> impl IntoView {
    let origin = review.get(|s| s.origin);
    view! {
        <div class="form-group">
            <fieldset class="fieldset" id="origin">
                <legend class="fieldset__legend">"How did the review come about?"</legend>
                <div class="radios">
                    {ReviewOrigin::ALL.iter().enumerate().map(|(i, &o)| {
                        let input_id = format!("origin-{i}");
                        view! {
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id=input_id.clone() name="origin"
                                    aria-describedby=format!("{input_id}-hint")
                                    prop:checked=move || origin.get() == Some(o)
                                    on:change=move |_| review.edit(|s| s.origin = Some(o))/>
                                <label class="radios__label" for=input_id.clone()>{o.label()}</label>
                                <p class="hint radios__hint" id=format!("{input_id}-hint")>{o.hint()}</p>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

fn service_value(t: ServiceType) -> &'static str {
    match t {
        ServiceType::PeopleServices => "people",
        ServiceType::OtherServices => "other",
    }
}

#[component]
fn LeadsFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let contact = |prefix: &'static str, legend: &'static str, is: bool| {
        let pick = move |s: &crate::domain::review::ReviewSetup| {
            if is {
                s.leads.is_lead.clone()
            } else {
                s.leads.host_lead.clone()
            }
        };
        let edit = move |f: fn(&mut crate::domain::review::Contact, String)| {
            Callback::new(move |v: String| {
                review.edit(|s| {
                    let c = if is {
                        &mut s.leads.is_lead
                    } else {
                        &mut s.leads.host_lead
                    };
                    f(c, v)
                })
            })
        };
        view! {
            <fieldset class="fieldset">
                <legend class="fieldset__legend fieldset__legend--m">{legend}</legend>
                <TextInput id=format!("{prefix}-name") label="Full name"
                    value=review.get(move |s| pick(s).name)
                    on_change=edit(|c, v| c.name = v)
                    error=error_for(problems, &format!("{prefix}-name"))/>
                <TextInput id=format!("{prefix}-email") label="Email address" input_type="email"
                    value=review.get(move |s| pick(s).email)
                    on_change=edit(|c, v| c.email = v)
                    error=error_for(problems, &format!("{prefix}-email"))/>
                <TextInput id=format!("{prefix}-phone") label="Telephone number (optional)" input_type="tel"
                    hint="For example 01632 960 001 or +44 808 157 0192."
                    value=review.get(move |s| pick(s).phone)
                    on_change=edit(|c, v| c.phone = v)
                    error=error_for(problems, &format!("{prefix}-phone")) width="w20"/>
            </fieldset>
        }
    };
    view! {
        <p class="body">"The people who lead the work for the Improvement Service and for the host local authority."</p>
        {contact("is-lead", "Improvement Service lead", true)}
        {contact("host-lead", "Host local authority lead", false)}
    }
}

#[component]
fn PeerFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let count = review.get(|s| s.peer_councils.len());
    let error = error_for(problems, "peer-councils");
    let removed: Removed = RwSignal::new(None);
    view! {
        <p class="body">{PEER_COUNCILS_INTRO}</p>
        {super::peers::peer_councils_warning(review)}
        <div class=move || if error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            {move || error.get().map(|e| view! {
                <p class="error-message" id="peer-councils-error"><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <p class="body">
                <A href=review.href("/peers") attr:id="peer-councils" attr:class="button button--secondary">
                    {move || if count.get() == 0 { "Choose councils with family-group help" } else { "Change the councils chosen" }}
                </A>
            </p>
        </div>
        <h2 class="heading-m">"Councils chosen"</h2>
        {super::peers::family_groups_explained("family-groups-explained")}
        <UndoRemoval review removed/>
        <Show when=move || { count.get() > 0 } fallback=|| view! { <p class="body">"None chosen yet."</p> }>
            <ChosenPeers review problems removed/>
        </Show>
    }
}

#[component]
fn TeamFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let count = review.get(|s| s.team.len());
    let announce = RwSignal::new(String::new());
    let error = error_for(problems, "team");
    let add = move |_| {
        let n = count.get_untracked();
        review.edit(|s| {
            s.add_team_member(
                TeamMember {
                    name: String::new(),
                    organisation: String::new(),
                    role: TeamRole::HostMember,
                    org_type: OrgType::Council,
                },
                TeamMemberDetails::default(),
            )
        });
        announce.set(format!("Team member {} added", n + 1));
        focus_later(format!("team-{n}-name"));
    };
    view! {
        <p class="body">"Team members from the Improvement Service, the host local authority and the peer reviewers. Peer reviewers may come from health, police, fire and rescue or the third sector as well as councils."</p>
        <details class="details">
            <summary class="details__summary">"What each part of the team does"</summary>
            <div class="details__text">
                <dl class="roles">
                    {TeamRole::ALL.iter().map(|r| view! {
                        <dt>{r.label()}</dt><dd>{r.description()}</dd>
                    }).collect_view()}
                </dl>
                <p class="body">{CONFIDENTIALITY_PRINCIPLES}</p>
            </div>
        </details>
        <For each=move || 0..count.get() key=|i| *i let:i>
            <TeamMemberFields review problems i announce/>
        </For>
        <div class=move || if error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            {move || error.get().map(|e| view! {
                <p class="error-message" id="team-error"><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <button type="button" id="team" class="button button--secondary" on:click=add>
                {move || if count.get() == 0 { "Add a team member" } else { "Add another team member" }}
            </button>
        </div>
        <p class="visually-hidden" role="status">{move || announce.get()}</p>
    }
}

#[component]
fn TeamMemberFields(
    review: Review,
    problems: Signal<Vec<Problem>>,
    i: usize,
    announce: RwSignal<String>,
) -> impl IntoView {
    let n = i + 1;
    let member = review.get(move |s| s.team.get(i).cloned());
    let edit = move |f: fn(&mut TeamMember, String)| {
        Callback::new(move |v: String| {
            review.edit(|s| {
                if let Some(m) = s.team.get_mut(i) {
                    f(m, v)
                }
            })
        })
    };
    let details = review.get(move |s| s.team_member_details(i));
    let edit_details = move |f: fn(&mut TeamMemberDetails, String)| {
        Callback::new(move |v: String| {
            review.edit(|s| {
                let mut d = s.team_member_details(i);
                f(&mut d, v);
                s.set_team_member_details(i, d);
            })
        })
    };
    let remove = move |_| {
        review.edit(|s| {
            s.remove_team_member(i);
        });
        announce.set(format!("Team member {n} removed"));
        focus_later("team".into());
    };
    view! {
        <fieldset class="fieldset team-member">
            <legend class="fieldset__legend fieldset__legend--m">{format!("Team member {n}")}</legend>
            <TextInput id=format!("team-{i}-name") label="Full name"
                value=Signal::derive(move || member.get().map(|m| m.name).unwrap_or_default())
                on_change=edit(|m, v| m.name = v)
                error=error_for(problems, &format!("team-{i}-name"))/>
            <TextInput id=format!("team-{i}-organisation") label="Organisation"
                value=Signal::derive(move || member.get().map(|m| m.organisation).unwrap_or_default())
                on_change=edit(|m, v| m.organisation = v)
                error=error_for(problems, &format!("team-{i}-organisation"))/>
            <TextInput id=format!("team-{i}-job-title") label="Job title (optional)"
                value=Signal::derive(move || details.get().job_title)
                on_change=edit_details(|d, v| d.job_title = v)
                error=error_for(problems, &format!("team-{i}-job-title"))/>
            <TextInput id=format!("team-{i}-email") label="Email address (optional)" input_type="email"
                autocomplete="off"
                value=Signal::derive(move || details.get().email)
                on_change=edit_details(|d, v| d.email = v)
                error=error_for(problems, &format!("team-{i}-email"))/>
            <TextInput id=format!("team-{i}-phone") label="Telephone number (optional)" input_type="tel"
                autocomplete="off" width="w20"
                value=Signal::derive(move || details.get().phone)
                on_change=edit_details(|d, v| d.phone = v)
                error=error_for(problems, &format!("team-{i}-phone"))/>
            <Radios id=format!("team-{i}-role") legend="Part of the team"
                options=TeamRole::ALL.iter().enumerate().map(|(k, r)| (k.to_string(), r.label().to_string())).collect()
                selected=Signal::derive(move || member.get().and_then(|m| TeamRole::ALL.iter().position(|r| *r == m.role)).map(|k| k.to_string()))
                on_change=Callback::new(move |v: String| review.edit(|s| {
                    if let (Some(m), Some(r)) = (s.team.get_mut(i), v.parse::<usize>().ok().and_then(|k| TeamRole::ALL.get(k))) {
                        m.role = *r;
                    }
                }))/>
            <Radios id=format!("team-{i}-org-type") legend="Type of organisation" inline=true
                options=OrgType::CHOICES.iter().enumerate().map(|(k, t)| (k.to_string(), t.label().to_string())).collect()
                selected=Signal::derive(move || member.get().and_then(|m| OrgType::CHOICES.iter().position(|t| *t == m.org_type)).map(|k| k.to_string()))
                on_change=Callback::new(move |v: String| review.edit(|s| {
                    if let (Some(m), Some(t)) = (s.team.get_mut(i), v.parse::<usize>().ok().and_then(|k| OrgType::CHOICES.get(k))) {
                        m.org_type = *t;
                    }
                }))/>
            <button type="button" class="button button--secondary" on:click=remove>
                "Remove"<span class="visually-hidden">{format!(" team member {n}")}</span>
            </button>
        </fieldset>
    }
}

/// Today's date in this device's clock, for "never in the past" and "too soon".
fn today() -> Date {
    Date::from_unix_ms(platform::now_ms())
}

/// A date input for one milestone, with its guidance hint, whether the date was suggested,
/// and any warnings about it.
#[component]
fn MilestoneField(review: Review, problems: Signal<Vec<Problem>>, ms: Milestone) -> impl IntoView {
    let today = today();
    let value = review.get(move |s| ms.of(s));
    let suggested = review.get(move |s| tl::is_suggested(s, ms));
    let hint = review.get(move |s| match ms {
        Milestone::ChecklistCloses => tl::checklist_closes_hint(s),
        _ => ms.hint().to_string(),
    });
    let warnings = review.get(move |s| {
        tl::setup_warnings(s, today)
            .into_iter()
            .filter(|w| w.field == ms)
            .map(|w| w.message)
            .collect::<Vec<_>>()
    });
    let id = ms.field_id();
    view! {
        <div class="milestone-field">
            <DateFields id=id label=ms.label() hint
                described_by=format!("{id}-warnings")
                value
                on_change=Callback::new(move |d: Option<Date>| review.edit(|s| ms.set_in(s, d)))
                error=error_for(problems, id)/>
            <div id=format!("{id}-warnings") class="milestone-field__warnings">
                {move || suggested.get().then(|| view! {
                    <p class="hint milestone-field__suggested" id=format!("{id}-suggested")>"Suggested from the guidance."</p>
                })}
                {move || warnings.get().into_iter().map(warning_text).collect_view()}
            </div>
        </div>
    }
}

#[component]
fn TimelineFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let today = today();
    let announce = RwSignal::new(String::new());
    let can_suggest =
        review.get(|s| s.dates.fieldwork_start.is_some() || s.dates.fieldwork_end.is_some());
    let stale = review.get(move |s| tl::stale_suggestions(s, today).len());
    let suggest = move || {
        let mut message = String::new();
        review.edit(|s| message = tl::apply_suggestions(s, today).message());
        announce.set(message);
    };
    let field = move |ms: Milestone| view! { <MilestoneField review problems ms/> };
    view! {
        <p class="body">"The guidance's timings are advice: a date that departs from them gets a warning but is still saved."</p>
        <fieldset class="fieldset">
            <legend class="fieldset__legend fieldset__legend--m">"Fieldwork"</legend>
            <p class="hint">"Enter the fieldwork dates first. The other dates can then be suggested from the guidance."</p>
            {field(Milestone::FieldworkStart)}
            {field(Milestone::FieldworkEnd)}
        </fieldset>
        <Show when=move || { stale.get() > 0 }>
            <div class="inset" id="moved-fieldwork">
                <p class="body">{move || format!(
                    "Fieldwork has moved since some dates were suggested. Move the {} to follow it? Dates you typed yourself are not changed.",
                    super::plural(stale.get(), "suggested date", "suggested dates")
                )}</p>
                <button type="button" id="move-suggested" class="button button--secondary" on:click=move |_| suggest()>
                    {move || format!("Move {}", super::plural(stale.get(), "suggested date", "suggested dates"))}
                </button>
            </div>
        </Show>
        <div class="suggest">
            <button type="button" id="suggest-dates" class="button button--secondary"
                aria-describedby="suggest-dates-hint"
                on:click=move |_| suggest() prop:disabled=move || !can_suggest.get()>
                "Use suggested dates"
            </button>
            <p class="hint" id="suggest-dates-hint">"Fills the empty dates below, on weekdays and never in the past, and moves the dates it suggested before if fieldwork has moved. Dates you have typed are kept."</p>
            <p class="body suggest__status" role="status">{move || announce.get()}</p>
        </div>
        <fieldset class="fieldset">
            <legend class="fieldset__legend fieldset__legend--m">"Before fieldwork"</legend>
            {field(Milestone::InitialMeeting)}
            {field(Milestone::ChecklistCloses)}
            {field(Milestone::PreMeeting)}
            {field(Milestone::PapersShared)}
        </fieldset>
        <fieldset class="fieldset">
            <legend class="fieldset__legend fieldset__legend--m">"After fieldwork"</legend>
            {field(Milestone::DraftReport)}
            {field(Milestone::LeadsMeeting)}
            {field(Milestone::FinalReport)}
        </fieldset>
    }
}

#[component]
fn ChecklistFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let fieldwork = review.get(|s| s.dates.fieldwork_start);
    let count = review.get(|s| s.respondent_groups.len());
    let announce = RwSignal::new(String::new());
    let groups_error = error_for(problems, "respondent-groups");
    let add = move |_| {
        let n = count.get_untracked();
        review.edit(|s| s.respondent_groups.push(String::new()));
        announce.set(format!("Respondent group {} added", n + 1));
        focus_later(format!("respondent-group-{n}"));
    };
    view! {
        <p class="body">"Before fieldwork, people involved in the service complete the self-assessment checklist. It is usually open for about 2 weeks. The closing date is also on the timeline."</p>
        <MilestoneField review problems ms=Milestone::ChecklistCloses/>
        {move || fieldwork.get().map(|d| view! {
            <p class="body" id="checklist-fieldwork">{format!("Fieldwork starts on {}.", d.long())}</p>
        })}
        <Radios id="named-responses" legend="Can people give their name with their response?"
            hint="Responses are anonymous unless you allow this. Respondents can still choose not to give a name."
            options=vec![("no".into(), "No, responses are anonymous".into()), ("yes".into(), "Yes, they may give their name".into())]
            selected=review.get(|s| Some(if s.allow_named_responses { "yes" } else { "no" }.to_string()))
            on_change=Callback::new(move |v: String| review.edit(|s| s.allow_named_responses = v == "yes"))/>
        <div class=move || if groups_error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <fieldset class="fieldset" id="respondent-groups" aria-describedby="respondent-groups-hint">
                <legend class="fieldset__legend fieldset__legend--m">"Respondent groups (optional)"</legend>
                <p class="hint" id="respondent-groups-hint">{RESPONDENT_GROUPS_HINT}</p>
                {move || groups_error.get().map(|e| view! {
                    <p class="error-message" id="respondent-groups-error"><span class="visually-hidden">"Error: "</span>{e}</p>
                })}
                <For each=move || 0..count.get() key=|i| *i let:i>
                    <div class="group-row">
                        <TextInput id=format!("respondent-group-{i}") label=format!("Group {}", i + 1)
                            value=review.get(move |s| s.respondent_groups.get(i).cloned().unwrap_or_default())
                            on_change=Callback::new(move |v: String| review.edit(|s| {
                                if let Some(g) = s.respondent_groups.get_mut(i) { *g = v; }
                            }))
                            error=error_for(problems, &format!("respondent-group-{i}")) width="w20"/>
                        <button type="button" class="link-button group-row__remove" on:click=move |_| {
                            review.edit(|s| if i < s.respondent_groups.len() { s.respondent_groups.remove(i); });
                            announce.set(format!("Group {} removed", i + 1));
                            focus_later("add-group".into());
                        }>"Remove"<span class="visually-hidden">{format!(" group {}", i + 1)}</span></button>
                    </div>
                </For>
                <button type="button" id="add-group" class="button button--secondary" on:click=add>"Add another group"</button>
            </fieldset>
        </div>
        <p class="visually-hidden" role="status">{move || announce.get()}</p>
    }
}

fn readiness_value(l: ReadinessLevel) -> String {
    ReadinessLevel::ALL
        .iter()
        .position(|x| *x == l)
        .unwrap_or(0)
        .to_string()
}

#[component]
fn ReadinessFields(review: Review, problems: Signal<Vec<Problem>>) -> impl IntoView {
    view! {
        <p class="body">"The guidance suggests these six questions may be helpful in deciding whether peer collaborative improvement is right for the service. They are optional: answer any that help, and they never hold the review back. Your answers are kept with the review."</p>
        {READINESS_QUESTIONS.iter().enumerate().map(|(i, q)| {
            let answer = review.get(move |s| s.readiness_answer(i));
            let radios = move |hint: Option<&'static str>| {
                let id = format!("readiness-{i}");
                let legend = format!("{}. {}", i + 1, q.question);
                let options: Vec<(String, String)> = ReadinessLevel::ALL
                    .iter()
                    .map(|l| (readiness_value(*l), l.label().to_string()))
                    .collect();
                let selected = Signal::derive(move || answer.get().level.map(readiness_value));
                let on_change = Callback::new(move |v: String| review.edit(|s| {
                    let mut a = s.readiness_answer(i);
                    a.level = v.parse::<usize>().ok().and_then(|k| ReadinessLevel::ALL.get(k).copied());
                    s.set_readiness_answer(i, a);
                }));
                let error = error_for(problems, &id);
                match hint {
                    Some(hint) => view! {
                        <Radios id legend legend_class="fieldset__legend--s" hint inline=true
                            options selected on_change error/>
                    }.into_any(),
                    None => view! {
                        <Radios id legend legend_class="fieldset__legend--s" inline=true
                            options selected on_change error/>
                    }.into_any(),
                }
            };
            if q.written {
                // "What will be the added value…?" is answered in words.
                return view! {
                    <div class="readiness">
                        <TextArea id=format!("readiness-{i}-notes") label=format!("{}. {} (optional)", i + 1, q.question)
                            label_class="label label--s" hint=q.hint rows=4
                            value=Signal::derive(move || answer.get().notes)
                            on_change=Callback::new(move |v: String| review.edit(|s| {
                                let a = s.readiness_answer(i);
                                s.set_readiness_answer(i, ReadinessAnswer { notes: v, ..a });
                            }))
                            error=error_for(problems, &format!("readiness-{i}-notes"))/>
                    </div>
                }.into_any();
            }
            view! {
                <div class="readiness">
                    {radios((!q.hint.is_empty()).then_some(q.hint))}
                    <TextArea id=format!("readiness-{i}-notes") label=format!("Notes on question {} (optional)", i + 1) rows=3
                        value=Signal::derive(move || answer.get().notes)
                        on_change=Callback::new(move |v: String| review.edit(|s| {
                            let a = s.readiness_answer(i);
                            s.set_readiness_answer(i, ReadinessAnswer { notes: v, ..a });
                        }))
                        error=error_for(problems, &format!("readiness-{i}-notes"))/>
                </div>
            }.into_any()
        }).collect_view()}
    }
}
