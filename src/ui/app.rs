//! Router, layout and app-wide context.

use crate::ui::bundles::{OpenWithApp, Opened};
use crate::ui::components::layout::{DbProblem, Footer, Header, UpdateBanner};
use crate::ui::pages::{self, checklist, respond, setup};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    Opened::provide();
    view! {
        <Router>
            <a href="#main-content" class="skip-link">"Skip to main content"</a>
            <OpenWithApp/>
            <UpdateBanner/>
            <Header/>
            <div class="width-container">
                <main id="main-content" class="main" tabindex="-1">
                    <DbProblem/>
                    <Show when=move || state.ready.get() fallback=|| view! { <p class="body">"Opening your saved data…"</p> }>
                        <Routes fallback=pages::not_found::NotFound>
                            // Reviews, import/export and storage (stage-independent).
                            <Route path=path!("/") view=pages::home::Home/>
                            <Route path=path!("/reviews/new") view=pages::home::NewReview/>
                            <Route path=path!("/reviews/:id") view=pages::review::Overview/>
                            <Route path=path!("/reviews/:id/delete") view=pages::review::DeleteReview/>
                            <Route path=path!("/reviews/:id/export") view=pages::review::ExportPage/>
                            <Route path=path!("/reviews/:id/choose/:record") view=pages::history::ChoicePage/>
                            <Route path=path!("/reviews/:id/history/:record") view=pages::history::HistoryPage/>
                            <Route path=path!("/import") view=pages::import::ImportPage/>
                            <Route path=path!("/backup") view=pages::import::WorkspaceBackup/>
                            <Route path=path!("/about") view=pages::about::About/>
                            // Getting ready.
                            <Route path=path!("/reviews/:id/setup") view=setup::SetupTasks/>
                            <Route path=path!("/reviews/:id/setup/:section") view=setup::SetupSectionPage/>
                            <Route path=path!("/reviews/:id/check-setup") view=setup::CheckSetup/>
                            <Route path=path!("/reviews/:id/timeline") view=setup::TimelinePage/>
                            <Route path=path!("/reviews/:id/peers") view=setup::PeersPage/>
                            // Pre-work: the host's side of the checklist.
                            <Route path=path!("/reviews/:id/checklist") view=checklist::ChecklistPage/>
                            <Route path=path!("/reviews/:id/checklist/preview") view=checklist::PreviewPage/>
                            <Route path=path!("/reviews/:id/invite") view=checklist::InvitePage/>
                            <Route path=path!("/reviews/:id/responses") view=checklist::ResponsesPage/>
                            <Route path=path!("/reviews/:id/responses/:rid") view=checklist::ResponsePage/>
                            // Pre-work: the stakeholder's self-assessment.
                            <Route path=path!("/respond") view=respond::Invitations/>
                            <Route path=path!("/respond/:id") view=respond::StartPage/>
                            <Route path=path!("/respond/:id/sections") view=respond::SectionsPage/>
                            <Route path=path!("/respond/:id/section/:sid") view=respond::SectionPage/>
                            <Route path=path!("/respond/:id/check") view=respond::CheckPage/>
                            <Route path=path!("/respond/:id/send") view=respond::SendPage/>
                        </Routes>
                    </Show>
                </main>
            </div>
            <Footer/>
        </Router>
    }
}
