//! Reviews home: every review in this browser, a backup reminder, and creating a review.

use crate::browser::platform;
use crate::domain::date::Date;
use crate::domain::record::{Content, Read as RecordRead};
use crate::domain::review::{self, ReviewSetup};
use crate::domain::revision::RecordKind;
use crate::domain::timeline;
use crate::storage::prefs;
use crate::ui::bundles::LAST_BACKUP;
use crate::ui::components::fields::{error_for, ErrorSummary, Problem, TextInput};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Home() -> impl IntoView {
    let state = expect_context::<AppState>();
    let reviews = Memo::new(move |_| state.host_reviews());
    // Reviews in conflict (a deleted one whose deletion is disputed included) stay listed.
    let troubled = Memo::new(move |_| {
        state
            .troubled_reviews()
            .into_iter()
            .map(|(id, read)| {
                let title = crate::ui::pages::review::any_setup(state, &id)
                    .map(|s| s.title)
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| "Untitled review".into());
                let problem = match read {
                    RecordRead::Conflict(versions) if versions.iter().any(|v| v.content == Content::Deleted) => {
                        "Changed in two places: one version deletes it. Choose which version to keep.".to_string()
                    }
                    RecordRead::Conflict(_) => "Changed in two places. Choose which version to keep.".to_string(),
                    RecordRead::Unreadable(msg) => msg,
                    _ => String::new(),
                };
                (id, title, problem)
            })
            .collect::<Vec<_>>()
    });
    let active = move || {
        reviews
            .get()
            .into_iter()
            .filter(|(_, r)| !r.archived)
            .collect::<Vec<_>>()
    };
    let archived = move || {
        reviews
            .get()
            .into_iter()
            .filter(|(_, r)| r.archived)
            .collect::<Vec<_>>()
    };
    view! {
        <h1 class="heading-l">"Your reviews"</h1>
        <p class="body lead">"Set up a peer collaborative improvement review, invite people to the self-assessment checklist and collect their responses. Everything stays in this browser and works offline."</p>
        <BackupReminder/>
        <div class="button-group">
            <A href="/reviews/new" attr:class="button" attr:id="create-review">"Create a new review"</A>
            <A href="/import" attr:class="button button--secondary">"Import files"</A>
            <A href="/respond" attr:class="button button--secondary">"Answer a self-assessment"</A>
        </div>
        <Show when=move || !troubled.with(Vec::is_empty)>
            <h2 class="heading-m">"Reviews that need a decision"</h2>
            <ul class="cards" id="troubled-reviews">
                {move || troubled.get().into_iter().map(|(id, title, problem)| view! {
                    <li class="card">
                        <h3 class="card__title"><A href=format!("/reviews/{id}")>{title}</A></h3>
                        <p class="body"><strong class="tag tag--yellow">"Needs a decision"</strong></p>
                        <p class="body">{problem}</p>
                    </li>
                }).collect_view()}
            </ul>
        </Show>
        <Show when=move || reviews.with(|r| r.is_empty()) && troubled.with(Vec::is_empty)>
            <p class="body">"There are no reviews in this browser yet. Create one, or import a backup file."</p>
        </Show>
        <Show when=move || !active().is_empty()>
            <h2 class="heading-m">"Current reviews"</h2>
            <ul class="cards" id="review-list">
                {move || active().into_iter().map(|(id, r)| view! { <ReviewCard id=id setup=r/> }).collect_view()}
            </ul>
        </Show>
        <Show when=move || !archived().is_empty()>
            <h2 class="heading-m">"Archived reviews"</h2>
            <ul class="cards">
                {move || archived().into_iter().map(|(id, r)| view! { <ReviewCard id=id setup=r/> }).collect_view()}
            </ul>
        </Show>
    }
}

#[component]
fn ReviewCard(id: String, setup: ReviewSetup) -> impl IntoView {
    let today = Date::from_unix_ms(platform::now_ms());
    let stage = timeline::stage(&setup, today);
    let next = timeline::next_date(&setup, today).map(|(m, d)| (m.label(), d));
    let title = if setup.title.trim().is_empty() {
        "Untitled review".to_string()
    } else {
        setup.title.clone()
    };
    let host = setup.host_name();
    view! {
        <li class="card">
            <h3 class="card__title"><A href=format!("/reviews/{id}")>{title}</A></h3>
            <dl>
                <dt>"Host"</dt><dd>{if host.is_empty() { "Not given yet".to_string() } else { host }}</dd>
                <dt>"Focus"</dt><dd>{if setup.focus.trim().is_empty() { "Not given yet".to_string() } else { setup.focus.clone() }}</dd>
                <dt>"Stage"</dt><dd>{stage.label()}</dd>
                <dt>"Next milestone"</dt>
                <dd>{match next { Some((label, d)) => format!("{label}: {}", d.medium()), None => "None set".to_string() }}</dd>
            </dl>
            {setup.archived.then(|| view! { <strong class="tag tag--grey">"Archived"</strong> })}
        </li>
    }
}

/// Reminds people to download a backup when they have not for a while (data lives only here).
#[component]
pub fn BackupReminder() -> impl IntoView {
    let state = expect_context::<AppState>();
    let last = LocalResource::new(move || async move { state.get_meta(LAST_BACKUP).await });
    let message = move || {
        if state.revs.with(|r| r.is_empty()) {
            return None;
        }
        let last = last.get()?;
        let days = prefs::backup_reminder_days();
        match last.and_then(|v| v.parse::<i64>().ok()) {
            None => Some("You have not downloaded a backup of your reviews yet.".to_string()),
            Some(ms) => {
                let ago = (platform::now_ms() - ms) / 86_400_000;
                (ago >= days).then(|| format!("You last downloaded a backup {ago} days ago."))
            }
        }
    };
    move || {
        message().map(|m| {
            view! {
                <div class="notification" role="region" aria-labelledby="backup-reminder-title">
                    <h2 class="notification__title" id="backup-reminder-title">"Back up your work"</h2>
                    <div class="notification__content">
                        <p>{m}" Your reviews are kept only in this browser. "
                           <A href="/backup">"Download a backup file"</A>" and keep it somewhere safe."</p>
                    </div>
                </div>
            }
        })
    }
}

#[component]
pub fn NewReview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = title.get_untracked();
        if t.trim().is_empty() {
            problems.set(vec![Problem::new(
                "review-title",
                "Enter a name for the review",
            )]);
            return;
        }
        let id = platform::random_id();
        state.save(
            &id,
            &id,
            RecordKind::Review,
            review::SCHEMA,
            &ReviewSetup::new(t.trim()),
        );
        navigate(&format!("/reviews/{id}"), Default::default());
    };
    view! {
        <A href="/" attr:class="back-link">"Back to your reviews"</A>
        <ErrorSummary problems=problems/>
        <form on:submit=create novalidate>
            <h1 class="heading-l">"Create a review"</h1>
            <TextInput id="review-title" label="Review name"
                hint="A short name you will recognise, for example “Housing voids 2026”."
                value=title on_change=move |v| title.set(v) error=error_for(problems.into(), "review-title")/>
            <button type="submit" class="button">"Create review"</button>
        </form>
    }
}
