//! Leptos UI: one route per page, shared GOV.UK-style components, and app state in context.
//! Components read signals and call `state::AppState` commands; they never touch IndexedDB.

pub mod app;
pub mod bundles;
pub mod components;
pub mod pages;
pub mod state;

/// Mounts the app on <body>.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
