use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1 class="heading-l">"Page not found"</h1>
        <p class="body">"If you typed the web address, check it is correct."</p>
        <p class="body"><A href="/">"Go to your reviews"</A></p>
    }
}
