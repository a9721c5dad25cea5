//! Header, footer, the storage-error banner and the "new version" banner.

use crate::ui::state::{AppState, SaveStatus};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="header">
            <div class="width-container header__inner">
                <A href="/" attr:class="header__brand">"Critical Friend"</A>
                <nav aria-label="Main">
                    <ul class="header__nav">
                        <li><A href="/">"Reviews"</A></li>
                        <li><A href="/about">"About and storage"</A></li>
                    </ul>
                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <div class="width-container">
                <p>"Critical Friend keeps everything in this browser. Nothing is sent to a server."</p>
            </div>
        </footer>
    }
}

/// Offers a reload when a new version is waiting; never reloads by itself.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.update_ready.get()>
            <div class="banner" role="region" aria-label="New version">
                <div class="width-container">
                    <p>"A new version is available. "
                        <button type="button" class="button button--secondary button--inline"
                            on:click=|_| crate::browser::sw::apply_update()>
                            "Reload to update"
                        </button>
                    </p>
                </div>
            </div>
        </Show>
    }
}

/// "Saved" status with a polite live region, and storage errors in an alert.
#[component]
pub fn SavedStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p class="saved-status" role="status" aria-live="polite">
            {move || match state.status.get() {
                SaveStatus::Idle => String::new(),
                SaveStatus::Saving => "Saving…".to_string(),
                SaveStatus::Saved => "Saved".to_string(),
                SaveStatus::Failed(_) | SaveStatus::Conflict { .. } => String::new(),
            }}
        </p>
        {move || match state.status.get() {
            SaveStatus::Failed(msg) => Some(view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"Your change was not saved"</h2>
                    <p>{msg}</p>
                </div>
            }.into_any()),
            SaveStatus::Conflict { href } => Some(view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"Your change was not saved"</h2>
                    <p>{crate::ui::state::CONFLICT_REFUSAL}" "<A href=href>"Choose which version to keep"</A></p>
                </div>
            }.into_any()),
            _ => None,
        }}
    }
}

/// Shown when the database cannot be used (another tab upgraded it, or the browser refused).
#[component]
pub fn DbProblem() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.db_problem.get().map(|msg| {
            view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"Your data cannot be opened in this tab"</h2>
                    <p>{msg}</p>
                </div>
            }
        })
    }
}
