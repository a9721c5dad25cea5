//! Header, footer, the storage-error banner and the "new version" banner.

use crate::ui::state::{storage_cleared, AppState, SaveStatus};
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

/// Shown when the database cannot be used (another tab upgraded it, or the browser refused),
/// or when the browser deleted the saved data while the app was open.
#[component]
pub fn DbProblem() -> impl IntoView {
    let state = expect_context::<AppState>();
    let cleared = storage_cleared();
    let failure = RwSignal::new(None::<String>);
    let put_back = move |_| {
        leptos::task::spawn_local(async move {
            match state.put_back().await {
                Ok(()) => {
                    failure.set(None);
                    state.status.set(SaveStatus::Idle);
                }
                Err(e) => failure.set(Some(e.to_string())),
            }
        });
    };
    let navigate = leptos_router::hooks::use_navigate();
    let start_over = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match state.start_empty().await {
                Ok(()) => navigate("/backup", Default::default()),
                Err(e) => failure.set(Some(e.to_string())),
            }
        });
    };
    let lost = move || {
        let start_over = start_over.clone();
        cleared.get().then(move || {
            view! {
                <div class="error-summary" role="alert" aria-labelledby="storage-cleared-title">
                    <h2 class="error-summary__title" id="storage-cleared-title">"Your browser deleted your saved data"</h2>
                    <p>"Critical Friend's saved data was deleted while this page was open (for example, by clearing browsing data). "
                       "Nothing is being saved until you choose what to do. This page still holds everything it had shown you."</p>
                    <div class="button-group">
                        <button type="button" class="button" id="put-back" on:click=put_back>"Save this page's copy again"</button>
                        <button type="button" class="button button--secondary" id="start-from-backup" on:click=start_over>"Restore from a backup file instead"</button>
                    </div>
                    {move || failure.get().map(|e| view! { <p class="error-message">{e}</p> })}
                </div>
            }
        })
    };
    let problem = move || {
        state.db_problem.get().map(|msg| {
            view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"Your data cannot be opened in this tab"</h2>
                    <p>{msg}</p>
                </div>
            }
        })
    };
    view! { {lost} {problem} }
}
