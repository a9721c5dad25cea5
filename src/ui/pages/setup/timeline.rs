//! `/reviews/:id/timeline`: the stage tracker, what is due next, every milestone with its
//! warnings, and the timeline as an .ics calendar file.

use super::form::warning_text;
use super::{Missing, Review};
use crate::browser::{files, platform};
use crate::domain::date::Date;
use crate::domain::ics;
use crate::domain::timeline::{self as tl, Stage};
use leptos::prelude::*;
use leptos_router::components::A;

/// `/reviews/:id/timeline`.
#[component]
pub fn TimelinePage() -> impl IntoView {
    let review = Review::from_route();
    view! {
        <Show when=move || review.exists.get() fallback=move || view! { <Missing review/> }>
            <TimelineInner review/>
        </Show>
    }
}

#[component]
fn TimelineInner(review: Review) -> impl IntoView {
    let today = Date::from_unix_ms(platform::now_ms());
    let title = review.get(|s| s.title.clone());
    // Pre-work starts when the invitations go out, not when the set-up form is complete.
    let stage = review.get(move |s| Some(tl::stage(s, today)));
    let next = review.get(move |s| tl::next_date(s, today));
    let stage_dates = review.get(|s| {
        Stage::ALL
            .iter()
            .map(|&st| tl::stage_dates(s, st))
            .collect::<Vec<_>>()
    });
    let rows = review.get(move |s| {
        let warnings = tl::setup_warnings(s, today);
        tl::timeline_dates(s)
            .into_iter()
            .map(|(ms, date)| {
                let w: Vec<String> = warnings
                    .iter()
                    .filter(|w| w.field == ms)
                    .map(|w| w.message.clone())
                    .collect();
                (ms, date, tl::is_suggested(s, ms), w)
            })
            .collect::<Vec<_>>()
    });
    let stale = review.get(move |s| tl::stale_suggestions(s, today).len());
    let has_events = review.get(ics::has_events);
    let message = RwSignal::new(String::new());
    let download = move |_| {
        let Some(setup) = review.setup.get_untracked() else {
            return;
        };
        let id = review.id.get_untracked();
        let text = ics::to_ics(&setup, &id, &ics::utc_stamp(platform::now_ms()));
        let name = ics::file_name(&setup);
        match files::download(&name, text.as_bytes(), "text/calendar") {
            Ok(()) => message.set(format!(
                "Downloaded {name}. Open it to add the dates to your calendar."
            )),
            Err(_) => message.set("The calendar file could not be downloaded. Try again.".into()),
        }
    };

    view! {
        <A href=review.href("") attr:class="back-link">"Back to the review"</A>
        <span class="caption">{move || title.get()}</span>
        <h1 class="heading-l">"Timeline"</h1>
        <h2 class="heading-m" id="stages-title">"Where the review is"</h2>
        <ol class="stages" aria-labelledby="stages-title">
            {move || {
                let current = stage.get().unwrap_or(Stage::GettingReady);
                let dates = stage_dates.get();
                Stage::ALL.iter().map(|&st| {
                    let when = dates.get(st as usize).cloned().unwrap_or_default();
                    let (class, status) = if st == current {
                        ("stages__item stages__item--current", "Current stage")
                    } else if st < current {
                        ("stages__item stages__item--done", "Done")
                    } else {
                        ("stages__item", "To do")
                    };
                    view! {
                        <li class=class aria-current=(st == current).then_some("step")>
                            <span class="stages__number">{format!("Stage {} of {}", st.number(), Stage::ALL.len())}</span>
                            <span class="stages__label">{st.label()}</span>
                            <span class="stages__status">{status}</span>
                            {(!when.is_empty()).then(|| view! {
                                <ul class="stages__dates">
                                    {when.into_iter().map(|(ms, d)| view! {
                                        <li>{format!("{}: {}", ms.label(), d.medium())}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()
            }}
        </ol>
        <p class="body" id="next-milestone">
            {move || match next.get() {
                Some((ms, date)) => format!("Next: {}, {}.", ms.label(), date.long()),
                None => "No dates are coming up.".to_string(),
            }}
        </p>
        <h2 class="heading-m">"Dates"</h2>
        <dl class="summary-list timeline-list">
            {move || rows.get().into_iter().map(|(ms, date, suggested, warnings)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ms.label()}</dt>
                    <dd class="summary-list__value" id=format!("timeline-{}", ms.field_id())>
                        {date.map(|d| d.long()).unwrap_or_else(|| "Not set".into())}
                        {suggested.then(|| view! { <span class="hint timeline-list__suggested">" (suggested)"</span> })}
                        {warnings.into_iter().map(warning_text).collect_view()}
                    </dd>
                </div>
            }).collect_view()}
        </dl>
        <Show when=move || { stale.get() > 0 }>
            <div class="inset">
                <p class="body">{move || format!(
                    "Fieldwork has moved since some dates were suggested: {} no longer {} it. You can move them in one step when you change the dates.",
                    super::plural(stale.get(), "suggested date", "suggested dates"),
                    if stale.get() == 1 { "follows" } else { "follow" }
                )}</p>
            </div>
        </Show>
        <p class="body"><A href=review.href("/setup/timeline")>"Change the dates"</A></p>
        <h2 class="heading-m">"Add the dates to your calendar"</h2>
        <p class="body">"Download the dates as a calendar file (.ics). Outlook, Google Calendar and Apple Calendar can import it. Each date is an all-day event; importing it again updates the events rather than adding them twice."</p>
        <Show when=move || has_events.get()
            fallback=|| view! { <p class="body">"Add some dates to the timeline first."</p> }>
            <button type="button" class="button" id="download-ics" on:click=download>"Download calendar (.ics)"</button>
        </Show>
        <p class="body" role="status">{move || message.get()}</p>
    }
}
