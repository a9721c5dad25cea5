//! Exporting and importing review bundles: the glue between the domain codec, Web Crypto,
//! files and storage. Pages use [`ExportPanel`] and [`ImportPanel`].

use crate::browser::{crypto, files, platform};
use crate::domain::bundle::{self, BundleKind, CreatedBy, Decoded, Encryption, ReviewRef};
use crate::domain::revision::{plan_import, ImportPlan, Revision};
use crate::domain::rules;
use crate::storage::{Batch, Stored};
use crate::ui::components::fields::{
    error_for, Checkbox, ErrorSummary, Problem, Radios, TextInput,
};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

pub const MIME: &str = "application/vnd.critical-friend.bundle+json";
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Meta keys that travel in backups: they say what this browser is to each review.
pub const ROLE_PREFIX: &str = "role:";
pub const INVITATION_PREFIX: &str = "invitation:";
/// This browser's own respondent id for a review it is answering.
pub const RESPONDENT_PREFIX: &str = "respondent:";
/// The host's note to respondents, per review (see the invite page).
pub const INVITE_MESSAGE_PREFIX: &str = "invite_message:";
/// Who collects the responses to a review, as JSON `{"name","email"}` (see the invite page).
pub const INVITE_COLLECTOR_PREFIX: &str = "invite_collector:";
/// When the invitation kept for a review was made, so an older file never replaces it.
const INVITATION_AT_PREFIX: &str = "invitation_at:";
/// The LGBF comparison kept for a review (see the peers page).
pub const LGBF_PREFIX: &str = "lgbf:";
/// Every per-review meta prefix, for deleting a review without leaving settings behind.
pub const PER_REVIEW_META: [&str; 2] = [INVITATION_AT_PREFIX, LGBF_PREFIX];
/// Every meta prefix a backup carries (one home: the file rules).
pub use crate::domain::rules::BACKED_UP_META;
pub const LAST_BACKUP: &str = "last_backup_at";

/// What to put in a file. Pages build one; [`ExportPanel`] turns it into a download.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub kind: BundleKind,
    pub review: Option<ReviewRef>,
    pub revisions: Vec<Revision>,
    pub extra: Map<String, Value>,
    /// Who the file says made it (`created_by.id`): a response's own author id. `None` means
    /// this browser's host-team id in the review. Never the device secret.
    pub author: Option<String>,
    /// For the file name: host and focus ("Fife – Housing voids – response – 3f2a.pcibundle").
    pub host: String,
    pub focus: String,
    /// The short id that ends the file name, where the file stands for one record people
    /// refer to (a response: the same id the host's list shows). `None`: from the digest.
    pub name_id: Option<String>,
}

/// A finished file, ready to download or share.
#[derive(Debug, Clone, PartialEq)]
pub struct MadeFile {
    pub name: String,
    pub text: String,
    pub encrypted: bool,
}

/// Builds the file (encrypting it when a passphrase is given, and then naming it neutrally if
/// `neutral_name`), then marks its revisions as shared so autosave never rewrites what someone
/// else may hold.
pub async fn make_file(
    state: AppState,
    req: ExportRequest,
    passphrase: Option<String>,
    neutral_name: bool,
) -> Result<MadeFile, String> {
    // Never the device secret: every author id is derived from it, so a file carrying it
    // would link everything this browser ever wrote. A response names its own author.
    let created_by = CreatedBy {
        id: match (&req.author, &req.review) {
            (Some(author), _) => author.clone(),
            (None, Some(r)) => state.author_for(&r.id),
            (None, None) => state.author_for(""),
        },
        org: None,
    };
    let now = platform::now_ms();
    let mut extra = req.extra.clone();
    if matches!(req.kind, BundleKind::Backup | BundleKind::Workspace) {
        // Local roles and invitation details, so a restore reproduces this browser exactly.
        let mut meta = Map::new();
        for prefix in BACKED_UP_META {
            for (k, v) in state.meta_with_prefix(prefix).await {
                // Only settings of reviews the file holds: a deleted review's leftovers would
                // get the whole file refused on import.
                let wanted = k.strip_prefix(prefix).is_some_and(|id| {
                    req.revisions.iter().any(|r| r.review_id == id)
                        && req.review.as_ref().is_none_or(|r| r.id == id)
                });
                if wanted {
                    meta.insert(k, Value::String(v));
                }
            }
        }
        extra.insert("local_meta".into(), Value::Object(meta));
    }
    let text = match &passphrase {
        None => bundle::encode(
            req.kind,
            req.review.as_ref(),
            &created_by,
            now,
            APP_VERSION,
            &req.revisions,
            &extra,
        ),
        Some(p) => {
            let failed = |e: crypto::CryptoError| format!("The file could not be encrypted: {e:?}");
            let (salt, iv) = crypto::random_salt_iv().map_err(failed)?;
            let enc = Encryption::new(crypto::PBKDF2_ITERATIONS, &salt, &iv);
            // Everything but the clear header goes inside; the header is bound as associated data.
            let to_seal = bundle::prepare_encrypted(
                req.kind,
                req.review.as_ref(),
                &created_by,
                now,
                APP_VERSION,
                &req.revisions,
                &extra,
                &enc,
            );
            let ciphertext = crypto::seal(
                p,
                &salt,
                &iv,
                enc.iterations,
                to_seal.plaintext.as_bytes(),
                &to_seal.aad,
            )
            .await
            .map_err(failed)?;
            to_seal.finish(&ciphertext)
        }
    };
    let short = bundle::digest_of(&text)
        .chars()
        .rev()
        .take(4)
        .collect::<String>();
    let name = if passphrase.is_some() && neutral_name {
        bundle::neutral_file_name(&short)
    } else {
        let id = req.name_id.as_deref().unwrap_or(&short);
        bundle::file_name(req.kind, &req.host, &req.focus, id)
    };
    let ids: Vec<String> = req.revisions.iter().map(|r| r.rev_id.clone()).collect();
    state.mark_shared(&ids).await.map_err(|e| e.to_string())?;
    if matches!(req.kind, BundleKind::Backup | BundleKind::Workspace) {
        let _ = state.set_meta(LAST_BACKUP, &now.to_string()).await;
    }
    Ok(MadeFile {
        name,
        text,
        encrypted: passphrase.is_some(),
    })
}

/// Export controls: optional passphrase, Download, then Share… (phones) or an Email link.
#[component]
pub fn ExportPanel(
    /// What to export; `None` while there is nothing to export yet.
    #[prop(into)]
    request: Signal<Option<ExportRequest>>,
    /// Whether "protect with a passphrase" starts as Yes (backups and contributions).
    #[prop(optional)]
    encrypt_by_default: bool,
    /// Advice on the passphrase question, when this kind of file needs its own (it must agree
    /// with `encrypt_by_default`).
    #[prop(optional, into)]
    encrypt_hint: Option<String>,
    #[prop(optional, into)] email_to: Signal<String>,
    #[prop(optional, into)] email_subject: Signal<String>,
    #[prop(optional, into)] email_body: Signal<String>,
    /// Distinguishes several panels on one page (used as an id prefix).
    #[prop(default = "export")]
    id: &'static str,
    #[prop(default = "Download file")] button_label: &'static str,
    /// Called once the file has been made (for example, to record that invitations went out).
    #[prop(optional, into)]
    on_made: Option<Callback<()>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let encrypt = RwSignal::new(Some(
        if encrypt_by_default { "yes" } else { "no" }.to_string(),
    ));
    let pass = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    // An encrypted file's name would otherwise show the review; neutral unless they choose.
    let neutral = RwSignal::new(true);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let busy = RwSignal::new(false);
    let made = RwSignal::new(None::<MadeFile>);
    let failure = RwSignal::new(None::<String>);
    let can_share = files::can_share_files();
    let pid = format!("{id}-passphrase");
    let pid2 = format!("{id}-passphrase-confirm");
    let encrypt_id = format!("{id}-encrypt");
    let neutral_id = format!("{id}-neutral-name");

    let download = {
        let (pid, pid2) = (pid.clone(), pid2.clone());
        move |_| {
            let Some(req) = request.get_untracked() else {
                return;
            };
            let use_pass = encrypt.get_untracked().as_deref() == Some("yes");
            let mut ps = Vec::new();
            if use_pass {
                let p = pass.get_untracked();
                if p.chars().count() < 8 {
                    ps.push(Problem::new(
                        &pid,
                        "Enter a passphrase of at least 8 characters",
                    ));
                } else if p != pass2.get_untracked() {
                    ps.push(Problem::new(&pid2, "The passphrases do not match"));
                }
            }
            problems.set(ps.clone());
            if !ps.is_empty() {
                return;
            }
            busy.set(true);
            failure.set(None);
            let passphrase = use_pass.then(|| pass.get_untracked());
            let neutral_name = neutral.get_untracked();
            spawn_local(async move {
                match make_file(state, req, passphrase, neutral_name).await {
                    Ok(f) => {
                        if let Err(e) = files::download(&f.name, f.text.as_bytes(), MIME) {
                            failure.set(Some(format!("The download could not start: {e:?}")));
                        }
                        made.set(Some(f));
                        if let Some(cb) = on_made {
                            cb.run(());
                        }
                    }
                    Err(e) => failure.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let share = move |_| {
        let Some(f) = made.get_untracked() else {
            return;
        };
        let subject = email_subject.get_untracked();
        let body = email_body.get_untracked();
        spawn_local(async move {
            if let Err(e) =
                files::share_file(&f.name, f.text.as_bytes(), MIME, &subject, &body).await
            {
                failure.set(Some(e));
            }
        });
    };
    let mailto = move || {
        let name = made.get().map(|f| f.name).unwrap_or_default();
        let body = format!("{}\n\nAttached: {name}", email_body.get());
        files::mailto(&email_to.get(), &email_subject.get(), &body)
    };
    view! {
        <div class="export-panel">
            <ErrorSummary problems=problems/>
            <Radios id=encrypt_id legend="Protect the file with a passphrase?"
                hint=encrypt_hint.unwrap_or_else(|| "Recommended for anything sent by email. Send the passphrase another way, such as a phone call or text message – never in the same email as the file.".into())
                options=vec![("yes".into(), "Yes, protect it with a passphrase".into()), ("no".into(), "No".into())]
                selected=encrypt on_change=move |v| encrypt.set(Some(v)) inline=true/>
            <Show when=move || encrypt.get().as_deref() == Some("yes")>
                <TextInput id=pid.clone() label="Passphrase" input_type="password" autocomplete="new-password" width="w20"
                    hint="At least 8 characters. A few unrelated words are easy to say on the phone and hard to guess."
                    value=pass on_change=move |v| pass.set(v) error=error_for(problems.into(), &pid)/>
                <TextInput id=pid2.clone() label="Confirm the passphrase" input_type="password" autocomplete="new-password" width="w20"
                    value=pass2 on_change=move |v| pass2.set(v) error=error_for(problems.into(), &pid2)/>
                <div class="form-group">
                    <div class="checkboxes checkboxes--small">
                        <Checkbox id=neutral_id.clone()
                            label=format!("Use a file name that does not show the review (for example {})", bundle::neutral_file_name("3f2a"))
                            checked=neutral on_change=move |v| neutral.set(v)/>
                    </div>
                </div>
            </Show>
            <button type="button" class="button" id=format!("{id}-download")
                disabled=move || busy.get() || request.with(|r| r.is_none())
                on:click=download>
                {move || if busy.get() { "Preparing the file…" } else { button_label }}
            </button>
            {move || failure.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
            {move || made.get().map(|f| view! {
                <div class="notification notification--success" role="status">
                    <h2 class="notification__title">"File ready"</h2>
                    <div class="notification__content">
                        <p>"Your browser has downloaded "<strong class="file-name">{f.name.clone()}</strong>
                           {if f.encrypted { " (protected with your passphrase)." } else { "." }}</p>
                        <div class="button-group">
                            {can_share.then(|| view! {
                                <button type="button" class="button button--secondary" on:click=share>"Share…"</button>
                            })}
                            <a class="button button--secondary" href=mailto>"Email"</a>
                        </div>
                        <p class="hint">"“Email” opens a new message in your email app. Attach the downloaded file to it before you send it."</p>
                    </div>
                </div>
            })}
        </div>
    }
}

/// One file in the import list.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Checked and ready: what importing it would change.
    Ready {
        bundle: Box<bundle::Bundle>,
        plan: ImportPlan,
        /// What it would change, in words, computed from its revisions.
        lines: Vec<String>,
    },
    NeedsPassphrase {
        enc: Box<bundle::EncryptedBundle>,
        error: Option<String>,
    },
    Rejected(String),
    Imported(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PendingFile {
    pub key: usize,
    pub name: String,
    pub state: FileState,
}

/// Checks one file's bytes for this place and plans its import against `local`.
pub fn check_file(
    name: &str,
    bytes: &[u8],
    allowed: &[BundleKind],
    review_id: Option<&str>,
    local: &crate::domain::revision::RevisionSet,
) -> FileState {
    match bundle::decode(name, bytes) {
        Err(e) => FileState::Rejected(e.to_string()),
        Ok(Decoded::Plain(b)) => check_bundle(name, b, allowed, review_id, local),
        // Only the kind is in clear; the rest is checked by `check_bundle` once unlocked.
        Ok(Decoded::Encrypted(enc)) => match enc.check_kind(allowed) {
            Err(e) => FileState::Rejected(e.to_string()),
            Ok(()) => FileState::NeedsPassphrase {
                enc: Box::new(enc),
                error: None,
            },
        },
    }
}

/// The checks every readable bundle gets, whether it came plain or was just unlocked, then its
/// import plan.
pub fn check_bundle(
    name: &str,
    b: bundle::Bundle,
    allowed: &[BundleKind],
    review_id: Option<&str>,
    local: &crate::domain::revision::RevisionSet,
) -> FileState {
    let header = &b.header;
    if let Err(e) = header.check_place(name, allowed, review_id) {
        return FileState::Rejected(e.to_string());
    }
    // Responses and contributions add to a review; they cannot stand alone.
    if let (BundleKind::Response | BundleKind::Contribution, Some(r)) =
        (header.kind, &header.review)
    {
        if local.for_review(&r.id).is_empty() {
            return FileState::Rejected(format!(
                "{name} is a {} for the review “{}”, which is not in this browser. Import the review's backup or invitation first.",
                header.kind.as_str(),
                r.title
            ));
        }
    }
    plan_bundle(name, b, review_id, local)
}

/// Checks a readable bundle against what its kind may carry, then plans it: the preview is
/// computed from the revisions it would write, never from what the sender says it is.
fn plan_bundle(
    name: &str,
    b: bundle::Bundle,
    review_id: Option<&str>,
    local: &crate::domain::revision::RevisionSet,
) -> FileState {
    if let Err(e) = rules::check(name, &b, local) {
        return FileState::Rejected(e.to_string());
    }
    let expected = review_id.or(b.header.review.as_ref().map(|r| r.id.as_str()));
    let plan = plan_import(local, &b.content.revisions, expected);
    let lines = rules::describe(&plan, local, b.header.kind);
    FileState::Ready {
        bundle: Box::new(b),
        plan,
        lines,
    }
}

/// Writes one planned file, with its local settings, in a single transaction. Re-plans against
/// the current state first, since files earlier in the same batch may have added revisions.
pub async fn apply_file(
    state: AppState,
    file_name: &str,
    b: &bundle::Bundle,
    review_id: Option<&str>,
) -> Result<String, String> {
    let expected = review_id.or(b.header.review.as_ref().map(|r| r.id.as_str()));
    // Files applied earlier in the same import may have changed what this one may do (two
    // response files claiming one response id, say): check again against the state now.
    let plan = state.revs.with_untracked(|set| {
        rules::check(file_name, b, set).map_err(|e| e.to_string())?;
        Ok::<_, String>(plan_import(set, &b.content.revisions, expected))
    })?;
    // Local settings that came with the file, written in the same transaction.
    let mut meta = Vec::new();
    if let (Some(review), BundleKind::Invitation) = (&b.header.review, b.header.kind) {
        // A browser that hosts the review never becomes a respondent to it by opening its
        // invitation (answering one's own review is a separate, explicit choice).
        let hosted = state
            .revs
            .with_untracked(|set| !set.revisions_of(&review.id, &review.id).is_empty());
        if !hosted {
            meta.push((
                format!("{ROLE_PREFIX}{}", review.id),
                "respondent".to_string(),
            ));
        }
        // The host may send a corrected invitation; an older one imported later loses.
        let at_key = format!("{INVITATION_AT_PREFIX}{}", review.id);
        let kept_at = state
            .get_meta(&at_key)
            .await
            .and_then(|v| v.parse::<i64>().ok());
        if kept_at.is_none_or(|kept| b.header.created_at >= kept) {
            meta.push((
                format!("{INVITATION_PREFIX}{}", review.id),
                Value::Object(b.content.extra.clone()).to_string(),
            ));
            meta.push((at_key, b.header.created_at.to_string()));
        }
    }
    // Local settings come only from backups, and only for the reviews the file itself carries.
    let own_reviews: Vec<String> = match (b.header.kind, &b.header.review) {
        (BundleKind::Backup, Some(r)) => vec![r.id.clone()],
        (BundleKind::Workspace, _) => {
            let mut ids: Vec<String> = b
                .content
                .revisions
                .iter()
                .map(|r| r.review_id.clone())
                .collect();
            ids.sort();
            ids.dedup();
            ids
        }
        _ => vec![],
    };
    let settings = b
        .content
        .extra
        .get("local_meta")
        .filter(|_| !own_reviews.is_empty());
    if let Some(Value::Object(local)) = settings {
        for (k, v) in local {
            let allowed = BACKED_UP_META.iter().any(|p| {
                k.strip_prefix(p)
                    .is_some_and(|id| own_reviews.iter().any(|r| r == id))
            });
            if let (true, Some(v)) = (allowed, v.as_str()) {
                // Only fill gaps: what this browser already has may be newer.
                if state.get_meta(k).await.is_none_or(|old| old.is_empty()) {
                    meta.push((k.clone(), v.to_string()));
                }
            }
        }
    }
    let batch = Batch {
        put: plan
            .to_write
            .iter()
            .cloned()
            .map(|revision| Stored {
                revision,
                shared: true,
            })
            .collect(),
        delete: vec![],
        meta,
    };
    state
        .write(batch)
        .await
        .map_err(|e| format!("{}: {e}", b.header.kind.as_str()))?;
    state.revs.update(|set| {
        plan.apply(set);
    });
    Ok(plan.summary())
}

/// Files the operating system opened with the installed app, waiting for the import page.
#[derive(Clone, Copy)]
pub struct Opened {
    pub files: RwSignal<Vec<web_sys::File>, LocalStorage>,
    /// Whether this browser can open files with the app at all.
    pub supported: RwSignal<bool>,
}

impl Opened {
    /// Made at the app's root so that every page can see it.
    pub fn provide() {
        provide_context(Opened {
            files: RwSignal::new_local(Vec::new()),
            supported: RwSignal::new(false),
        });
    }
}

/// Listens for files opened with the app and takes the person to the import page with them.
/// (Inside the router, to navigate; renders nothing.)
#[component]
pub fn OpenWithApp() -> impl IntoView {
    let Opened { files, supported } = expect_context::<Opened>();
    let navigate = leptos_router::hooks::use_navigate();
    supported.set(crate::browser::launch::on_launch_files(move |opened| {
        files.set(opened);
        navigate("/import", Default::default());
    }));
}

/// Pick or drop many files; see what each would change; import on confirmation; see results.
#[component]
pub fn ImportPanel(
    /// Kinds accepted here.
    allowed: Vec<BundleKind>,
    /// When importing into one review: files for other reviews are refused.
    #[prop(optional, into)]
    review_id: Option<String>,
    /// Called after a confirmed import with the headers of the files that were applied.
    #[prop(optional, into)]
    on_imported: Option<Callback<Vec<bundle::Header>>>,
    /// Also check the files the operating system opened with the app (see [`Opened`]).
    #[prop(optional)]
    take_opened: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(Vec::<PendingFile>::new());
    let next_key = StoredValue::new(0usize);
    let dragging = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let allowed = StoredValue::new(allowed);
    let review_id = StoredValue::new(review_id);

    let add_files = move |chosen: Vec<web_sys::File>| {
        spawn_local(async move {
            let names: Vec<String> = chosen.iter().map(|f| f.name()).collect();
            let read = files::read_files(chosen).await;
            for (name, picked) in names.into_iter().zip(read) {
                let (name, st) = match picked {
                    Ok(p) => {
                        let st = state.revs.with_untracked(|set| {
                            check_file(
                                &p.name,
                                &p.bytes,
                                &allowed.get_value(),
                                review_id.get_value().as_deref(),
                                set,
                            )
                        });
                        (p.name, st)
                    }
                    Err(e) => (name, FileState::Rejected(e)),
                };
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                pending.update(|p| {
                    p.push(PendingFile {
                        key,
                        name,
                        state: st,
                    })
                });
            }
            // Focus stays on the file chooser if it has it; if it was lost, the heading has it.
            crate::ui::components::layout::focus_heading();
        });
    };
    if take_opened {
        if let Some(Opened { files, .. }) = use_context::<Opened>() {
            Effect::new(move || {
                if files.with(|f| !f.is_empty()) {
                    add_files(
                        files
                            .try_update_untracked(std::mem::take)
                            .unwrap_or_default(),
                    );
                }
            });
        }
    }
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            add_files(files::files_of(&list));
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            add_files(files::files_of(&list));
        }
    };
    let unlock = move |key: usize, passphrase: String| {
        let Some(PendingFile {
            name,
            state: FileState::NeedsPassphrase { enc, .. },
            ..
        }) = pending.with_untracked(|p| p.iter().find(|f| f.key == key).cloned())
        else {
            return;
        };
        spawn_local(async move {
            let e = enc.encryption();
            // Both were checked by the domain when the file was read.
            let (salt, iv) = (
                e.salt_bytes().unwrap_or_default(),
                e.iv_bytes().unwrap_or_default(),
            );
            let opened = crypto::open(
                &passphrase,
                &salt,
                &iv,
                e.iterations,
                enc.ciphertext(),
                enc.aad(),
            )
            .await;
            let new_state = match opened {
                // The unlocked file gets every check a plain one does, its review included.
                Ok(plain) => match enc.open(&plain) {
                    Ok(b) => state.revs.with_untracked(|set| {
                        check_bundle(
                            &name,
                            b,
                            &allowed.get_value(),
                            review_id.get_value().as_deref(),
                            set,
                        )
                    }),
                    Err(e) => FileState::Rejected(e.to_string()),
                },
                Err(crypto::CryptoError::WrongPassphrase) => FileState::NeedsPassphrase {
                    error: Some(enc.wrong_passphrase().to_string()),
                    enc,
                },
                Err(crypto::CryptoError::Unavailable(why)) => FileState::NeedsPassphrase {
                    error: Some(format!(
                        "{} could not be decrypted in this browser ({why}).",
                        enc.file_name
                    )),
                    enc,
                },
            };
            pending.update(|p| {
                if let Some(f) = p.iter_mut().find(|f| f.key == key) {
                    f.state = new_state;
                }
            });
        });
    };
    let import_all = move |_| {
        busy.set(true);
        spawn_local(async move {
            let ready: Vec<(usize, String, bundle::Bundle)> = pending.with_untracked(|p| {
                p.iter()
                    .filter_map(|f| match &f.state {
                        FileState::Ready { bundle, .. } => {
                            Some((f.key, f.name.clone(), (**bundle).clone()))
                        }
                        _ => None,
                    })
                    .collect()
            });
            // What a file depends on goes first (a backup or invitation before the responses
            // to it), so the files chosen together give the same state in any order.
            let order =
                rules::import_order(&ready.iter().map(|(_, _, b)| &b.header).collect::<Vec<_>>());
            let mut slots: Vec<Option<(usize, String, bundle::Bundle)>> =
                ready.into_iter().map(Some).collect();
            let ready = order.into_iter().filter_map(|i| slots.get_mut(i)?.take());
            let mut headers = Vec::new();
            for (key, name, b) in ready {
                let result = apply_file(state, &name, &b, review_id.get_value().as_deref()).await;
                if result.is_ok() {
                    headers.push(b.header.clone());
                }
                pending.update(|p| {
                    if let Some(f) = p.iter_mut().find(|f| f.key == key) {
                        f.state = match result {
                            Ok(summary) => FileState::Imported(summary),
                            Err(e) => FileState::Rejected(format!(
                                "{} was not imported, and nothing changed: {e}",
                                f.name
                            )),
                        };
                    }
                });
            }
            busy.set(false);
            // The confirm button has gone with the files it imported: focus goes to the
            // heading rather than being lost (unless `on_imported` moves to another page).
            request_animation_frame(crate::ui::components::layout::focus_heading);
            if let Some(cb) = on_imported {
                if !headers.is_empty() {
                    cb.run(headers);
                }
            }
        });
    };
    let ready_count = move || {
        pending.with(|p| {
            p.iter()
                .filter(|f| matches!(f.state, FileState::Ready { .. }))
                .count()
        })
    };

    view! {
        <div class=move || if dragging.get() { "file-drop file-drop--active" } else { "file-drop" }
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <div class="form-group">
                <label class="label" for="import-files">"Choose files to import"</label>
                <p class="hint" id="import-files-hint">"You can choose several files at once, or drag them here. Files end in .pcibundle. Nothing changes until you confirm."</p>
                <input class="file-input" id="import-files" name="import-files" type="file" multiple=true
                    accept=".pcibundle,.json,application/json" aria-describedby="import-files-hint" on:change=on_pick/>
            </div>
        </div>
        <Show when=move || !pending.with(|p| p.is_empty())>
            <h2 class="heading-m">"Files"</h2>
            <ul class="list list--plain import-list">
                <For each=move || pending.get() key=|f| (f.key, format!("{:?}", std::mem::discriminant(&f.state)), match &f.state { FileState::NeedsPassphrase { error, .. } => error.clone(), _ => None }) let:f>
                    <ImportRow file=f unlock=unlock/>
                </For>
            </ul>
            <Show when=move || { ready_count() > 0 }>
                <button type="button" class="button" id="import-confirm" disabled=move || busy.get() on:click=import_all>
                    {move || match ready_count() { 1 => "Import 1 file".to_string(), n => format!("Import {n} files") }}
                </button>
            </Show>
        </Show>
    }
}

#[component]
fn ImportRow(file: PendingFile, unlock: impl Fn(usize, String) + Copy + 'static) -> impl IntoView {
    let key = file.key;
    let pass = RwSignal::new(String::new());
    let pid = format!("import-pass-{key}");
    match file.state {
        FileState::Ready {
            bundle,
            plan,
            lines,
        } => {
            let title = bundle
                .header
                .review
                .as_ref()
                .map(|r| r.title.clone())
                .unwrap_or_else(|| "Every review".into());
            view! {
                <li class="import-item" data-state="ready">
                    <h3 class="heading-s">{file.name}</h3>
                    <p class="import-item__what">{match (bundle.header.kind, bundle.header.review.as_ref()) {
                        (BundleKind::Workspace, _) | (_, None) => format!("{}.", bundle.header.kind.described()),
                        (kind, Some(_)) => format!("{} for “{}”.", kind.described(), title),
                    }}</p>
                    <p><strong>"If you import it: "</strong>{plan.summary()}</p>
                    <ul class="list list--bullet import-item__changes">
                        {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                    {bundle.migrated_from.map(|v| view! { <p class="hint">{format!("Made by an older version (format {v}); it will be brought up to date.")}</p> })}
                </li>
            }
            .into_any()
        }
        FileState::NeedsPassphrase { enc, error } => {
            let name = enc.file_name.clone();
            let err = error.clone();
            view! {
                <li class="import-item" data-state="locked">
                    <h3 class="heading-s">{file.name}</h3>
                    <p class="import-item__what">{enc.described()}</p>
                    <p class="hint">"It is protected with a passphrase. Ask the sender for it if you do not have it."</p>
                    <TextInput id=pid label=format!("Passphrase for {name}") input_type="password" autocomplete="off" width="w20"
                        value=pass on_change=move |v| pass.set(v) error=Signal::derive(move || err.clone())/>
                    <button type="button" class="button button--secondary" on:click=move |_| unlock(key, pass.get_untracked())>"Unlock"</button>
                </li>
            }
            .into_any()
        }
        FileState::Rejected(msg) => view! {
            <li class="import-item" data-state="rejected">
                <h3 class="heading-s">{file.name}</h3>
                <p class="error-message">{msg}</p>
            </li>
        }
        .into_any(),
        FileState::Imported(summary) => view! {
            <li class="import-item" data-state="imported">
                <h3 class="heading-s">{file.name}</h3>
                <p><strong class="tag tag--green">"Imported"</strong>" "{summary}</p>
            </li>
        }
        .into_any(),
    }
}
