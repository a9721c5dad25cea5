//! Importing any files, and backing up or restoring everything in this browser.

use crate::domain::bundle::BundleKind;
use crate::ui::bundles::{ExportPanel, ExportRequest, ImportPanel, Opened};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ImportPage() -> impl IntoView {
    let navigate = use_navigate();
    let opened = expect_context::<Opened>();
    // A stakeholder who imports one invitation goes straight to it.
    let on_imported = Callback::new(move |headers: Vec<crate::domain::bundle::Header>| {
        if let [h] = headers.as_slice() {
            if let (BundleKind::Invitation, Some(r)) = (h.kind, &h.review) {
                navigate(&format!("/respond/{}", r.id), Default::default());
            }
        }
    });
    view! {
        <A href="/" attr:class="back-link">"Back to your reviews"</A>
        <h1 class="heading-l">"Import files"</h1>
        <p class="body">"Import invitations, responses, contributions and backups that people have sent you. "
            "You will see what each file would change before anything is saved. "
            "Importing the same file twice, or files in any order, is safe: nothing newer is ever overwritten."</p>
        <Show when=move || opened.supported.get()>
            <p class="body">"You can also open a .pcibundle file straight from your email or your files with the installed Critical Friend app: it comes here, ready to check."</p>
        </Show>
        <ImportPanel allowed=BundleKind::ALL.to_vec() on_imported=on_imported take_opened=true/>
    }
}

#[component]
pub fn WorkspaceBackup() -> impl IntoView {
    let state = expect_context::<AppState>();
    let request = Signal::derive(move || {
        let revisions = state.revs.with(|r| r.to_vec());
        (!revisions.is_empty()).then(|| ExportRequest {
            kind: BundleKind::Workspace,
            review: None,
            revisions,
            extra: Default::default(),
            author: None,
            host: "All reviews".into(),
            focus: String::new(),
            name_id: None,
        })
    });
    view! {
        <A href="/" attr:class="back-link">"Back to your reviews"</A>
        <h1 class="heading-l">"Back up or restore everything"</h1>
        <h2 class="heading-m">"Download a backup"</h2>
        <p class="body">"One file with every review and invitation in this browser. Keep it somewhere safe, such as your council's shared drive."</p>
        <Show when=move || request.with(|r| r.is_none())>
            <p class="body">"There is nothing in this browser to back up yet."</p>
        </Show>
        <ExportPanel request=request encrypt_by_default=true id="workspace" button_label="Download backup"/>
        <h2 class="heading-m">"Restore from a backup"</h2>
        <p class="body">"Restoring adds what the backup holds. It never removes or overwrites newer work in this browser."</p>
        <ImportPanel allowed=vec![BundleKind::Backup, BundleKind::Workspace]/>
    }
}
