//! Being written.
use leptos::prelude::*;

#[component]
pub fn Invitations() -> impl IntoView {
    view! { <h1 class="heading-l">"Invitations"</h1> }
}

#[component]
pub fn StartPage() -> impl IntoView {
    view! { <h1 class="heading-l">"StartPage"</h1> }
}

#[component]
pub fn SectionsPage() -> impl IntoView {
    view! { <h1 class="heading-l">"SectionsPage"</h1> }
}

#[component]
pub fn SectionPage() -> impl IntoView {
    view! { <h1 class="heading-l">"SectionPage"</h1> }
}

#[component]
pub fn CheckPage() -> impl IntoView {
    view! { <h1 class="heading-l">"CheckPage"</h1> }
}

#[component]
pub fn SendPage() -> impl IntoView {
    view! { <h1 class="heading-l">"SendPage"</h1> }
}
