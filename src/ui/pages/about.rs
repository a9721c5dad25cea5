//! About and storage: is storage persistent, how much is used, and advice to keep backups.

use crate::browser::platform;
use leptos::prelude::*;

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

#[component]
pub fn About() -> impl IntoView {
    let persisted = LocalResource::new(platform::is_persisted);
    let estimate = LocalResource::new(platform::estimate);
    let asked = RwSignal::new(false);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            platform::request_persistence().await;
            asked.set(true);
            persisted.refetch();
        });
    };
    view! {
        <h1 class="heading-l">"About and storage"</h1>
        <p class="body">
            "Critical Friend helps a host council, the Improvement Service and peer reviewers carry a "
            "peer collaborative improvement review from getting ready to sharing the lessons. "
            "It runs entirely in this browser and works offline. Nothing you enter is sent to a server: "
            "you share work by exchanging files."
        </p>
        <h2 class="heading-m">"Where your data is kept"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Storage is persistent"</dt>
                <dd class="summary-list__value" id="storage-persistent">
                    {move || match persisted.get() {
                        None => "Checking…".to_string(),
                        Some(Some(true)) => "Yes – the browser will not clear it to save space".to_string(),
                        Some(Some(false)) => "No – the browser may clear it if the device runs low on space".to_string(),
                        Some(None) => "Unknown – this browser does not say".to_string(),
                    }}
                </dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">"Space used"</dt>
                <dd class="summary-list__value" id="storage-usage">
                    {move || match estimate.get() {
                        None => "Checking…".to_string(),
                        Some(Some((usage, quota))) => format!("{} of {} available", megabytes(usage), megabytes(quota)),
                        Some(None) => "Unknown – this browser does not say".to_string(),
                    }}
                </dd>
            </div>
        </dl>
        <Show when=move || persisted.get() == Some(Some(false))>
            <button type="button" class="button button--secondary" on:click=ask>"Ask the browser to keep my data"</button>
            <Show when=move || asked.get()>
                <p class="body" role="status">"The browser has answered. If it still says no, keep regular backups."</p>
            </Show>
        </Show>
        <div class="inset">
            <p>"Your reviews live only in this browser on this device. Clearing browsing data, "
               "using a private window or changing device loses them. "
               <strong>"Download a backup file regularly"</strong>
               " and keep it somewhere safe, such as your council's shared drive."</p>
        </div>
        <h2 class="heading-m">"Privacy"</h2>
        <p class="body">"Self-assessment responses are anonymous and non-attributable. A response carries a random "
            "identifier, never a name, unless the host chose to allow named responses."</p>
    }
}
