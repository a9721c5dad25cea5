//! Header, footer, the storage-error banner and the "new version" banner.

use crate::ui::state::{storage_cleared, AppState, SaveStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use std::cell::Cell;

thread_local! {
    /// Whether the person has moved between pages since the app opened (a first load leaves
    /// focus at the top of the document, as a browser does).
    static NAVIGATED: Cell<bool> = const { Cell::new(false) };
}

/// Moves focus to the page's heading (the first `h1` in `main`) after a page change, but only
/// when focus has been lost (the control that had it is gone): it never takes focus away from
/// something the person has moved to, so it is safe however late the page's content arrives.
pub fn focus_heading() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lost = match (doc.active_element(), doc.body()) {
        (None, _) => true,
        (Some(a), Some(b)) => a == *b.as_ref() || !a.is_connected(),
        (Some(a), None) => !a.is_connected(),
    };
    if !lost {
        return;
    }
    if let Some(h) = doc
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
    {
        if !h.has_attribute("tabindex") {
            let _ = h.set_attribute("tabindex", "-1");
        }
        let _ = h.focus();
    }
}

/// For a page whose content arrives after the route (loaded from storage): focuses its heading
/// once it is mounted, if focus was lost on the way (see [`focus_heading`]).
pub fn focus_heading_on_mount() {
    Effect::new(move |_| {
        if NAVIGATED.with(Cell::get) {
            focus_heading();
        }
    });
}

/// After every change of page, focus goes to the new page's heading. The route's view is
/// mounted asynchronously, so this waits one frame; a page whose content loads later calls
/// [`focus_heading_on_mount`] itself. A link to a place in the page (`#…`) is left alone.
fn focus_heading_after_navigation() {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        if prev.is_some_and(|p| p != path) {
            NAVIGATED.with(|n| n.set(true));
            let hash = location.hash.get_untracked();
            if hash.trim_start_matches('#').is_empty() {
                request_animation_frame(focus_heading);
            }
        }
        path
    });
}

#[component]
pub fn Header() -> impl IntoView {
    focus_heading_after_navigation();
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
