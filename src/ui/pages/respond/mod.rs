//! Pre-work, the stakeholder's self-assessment: invitations in this browser, the start page,
//! the section task list, one page per section, check answers and send.
//!
//! Everything is keyed by review id, so several invitations in one browser never mix. The
//! response is a `Response` record whose id is a random respondent id, remembered in meta
//! `respondent:<review_id>`; every change is saved at once, by the response's own author id
//! (`author::for_response`), which nothing else this browser writes shares.
//!
//! A browser that hosts the review never treats its invitation as its own to answer: it sees
//! "You host this review" and may start a separate response of its own.

mod check;
mod list;
mod section;
mod start;

pub use check::{CheckPage, SendPage};
pub use list::Invitations;
pub use section::{SectionPage, SectionsPage};
pub use start::StartPage;

use crate::browser::platform;
use crate::domain::author;
use crate::domain::checklist::Checklist;
use crate::domain::invitation::InvitationInfo;
use crate::domain::response::{self, ResponseBody, SectionStatus};
use crate::domain::revision::{RecordKind, RevisionSet};
use crate::ui::bundles::{INVITATION_PREFIX, ROLE_PREFIX};
use crate::ui::components::layout::focus_heading_on_mount;
use crate::ui::pages::checklist::{newest_body, param, CHECKLIST_RECORD};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

pub use crate::ui::bundles::RESPONDENT_PREFIX;

/// This browser's response record for a review: the remembered id; else, for a respondent,
/// a response this browser started, or (restored from a backup on another device) the only
/// response in the review.
///
/// A browser that hosts the review never guesses: it holds other people's responses, so only
/// a response it explicitly started as its own (remembered, and written by this browser, if
/// written at all) is ever its own.
fn own_response(
    set: &RevisionSet,
    review_id: &str,
    device: &str,
    remembered: Option<&str>,
    hosted: bool,
) -> Option<String> {
    let written_here = |rid: &str| {
        let mine = author::for_response(device, review_id, rid);
        set.revisions_of(rid, review_id).iter().any(|rev| {
            rev.author == mine || (!hosted && author::is_mine(&rev.author, device, review_id))
        })
    };
    if let Some(r) = remembered {
        let untouched = set.revisions_of(r, review_id).is_empty();
        return (!hosted || untouched || written_here(r)).then(|| r.to_string());
    }
    if hosted {
        return None;
    }
    let records = set.records(review_id, RecordKind::Response);
    let started_here = records.iter().find(|rid| {
        set.revisions_of(rid, review_id)
            .iter()
            .any(|rev| rev.parents.is_empty())
            && written_here(rid)
    });
    match (started_here, records.as_slice()) {
        (Some(r), _) => Some(r.clone()),
        (None, [only]) => Some(only.clone()),
        _ => None,
    }
}

/// One invitation being answered in this browser: what every respondent page works with.
#[derive(Clone, Copy)]
pub struct Respondent {
    state: AppState,
    review: StoredValue<String>,
    pub info: StoredValue<InvitationInfo>,
    pub checklist: Memo<Option<Checklist>>,
    remembered: RwSignal<Option<String>>,
    /// This browser hosts the review (it answers only through an explicit response of its own).
    pub hosted: bool,
    pub rid: Memo<Option<String>>,
    pub body: Memo<Option<ResponseBody>>,
}

impl Respondent {
    fn new(
        state: AppState,
        review_id: String,
        info: InvitationInfo,
        remembered: Option<String>,
        hosted: bool,
    ) -> Respondent {
        let review = StoredValue::new(review_id);
        let remembered = RwSignal::new(remembered);
        let checklist = Memo::new(move |_| {
            state
                .revs
                .with(|r| newest_body::<Checklist>(r, &review.get_value(), CHECKLIST_RECORD))
        });
        let rid = Memo::new(move |_| {
            let device = state.device.get();
            let remembered = remembered.get();
            state.revs.with(|r| {
                own_response(
                    r,
                    &review.get_value(),
                    &device,
                    remembered.as_deref(),
                    hosted,
                )
            })
        });
        let body = Memo::new(move |_| {
            let rid = rid.get()?;
            state
                .revs
                .with(|r| newest_body::<ResponseBody>(r, &review.get_value(), &rid))
        });
        Respondent {
            state,
            review,
            info: StoredValue::new(info),
            checklist,
            remembered,
            hosted,
            rid,
            body,
        }
    }

    /// True when a host has not (yet) chosen to answer their own review.
    pub fn host_not_answering(&self) -> bool {
        self.hosted && self.remembered.with(|r| r.is_none())
    }

    /// Starts a response of this browser's own: a new random id, remembered for the review.
    pub fn start_own(self) {
        let r = platform::random_id();
        self.remembered.set(Some(r.clone()));
        let (state, key) = (self.state, format!("{RESPONDENT_PREFIX}{}", self.id()));
        spawn_local(async move {
            let _ = state.set_meta(&key, &r).await;
        });
    }

    /// The response's own author id, shared with nothing else this browser writes.
    pub fn author(&self, rid: &str) -> String {
        author::for_response(&self.state.device.get_untracked(), &self.id(), rid)
    }

    /// The review id.
    pub fn id(&self) -> String {
        self.review.get_value()
    }

    /// "/respond/<id><rest>".
    pub fn href(&self, rest: &str) -> String {
        format!("/respond/{}{rest}", self.id())
    }

    /// Changes the response and saves it at once, creating it (with a new random respondent
    /// id) on the first change.
    pub fn edit(self, f: impl FnOnce(&mut ResponseBody)) {
        let Some(checklist) = self.checklist.get_untracked() else {
            return;
        };
        if self.host_not_answering() {
            return;
        }
        let review = self.id();
        if self.rid.get_untracked().is_none() {
            self.start_own();
        }
        let Some(rid) = self.rid.get_untracked() else {
            return;
        };
        let mut body = self
            .state
            .revs
            .with_untracked(|r| newest_body::<ResponseBody>(r, &review, &rid))
            .unwrap_or_else(|| ResponseBody::new(rid.clone(), &checklist));
        if !body.is_for(&checklist) {
            // The host sent a new version: answers to statements that are still there carry over.
            body.checklist_id = checklist.id.clone();
            body.checklist_version = checklist.version;
        }
        f(&mut body);
        if !self.info.with_value(|i| i.allow_named) {
            body.name = None;
        }
        let by = self.author(&rid);
        self.state.save_by(
            &by,
            &review,
            &rid,
            RecordKind::Response,
            response::SCHEMA,
            &body,
        );
    }

    /// Progress through one section (tracked).
    pub fn status(&self, section_id: &str) -> SectionStatus {
        let Some(c) = self.checklist.get() else {
            return SectionStatus::NotStarted;
        };
        self.body.with(|b| {
            b.as_ref()
                .map(|b| b.section_status(&c, section_id))
                .unwrap_or(SectionStatus::NotStarted)
        })
    }

    /// `(answered, total)` (tracked).
    pub fn answered(&self) -> (usize, usize) {
        let Some(c) = self.checklist.get() else {
            return (0, 0);
        };
        self.body.with(|b| match b {
            Some(b) => b.answered_count(&c),
            None => (0, c.statement_count()),
        })
    }
}

/// Renders `page` for the invitation in the `:id` parameter once its details are loaded, or a
/// "not found" page. Re-renders only when the id changes.
pub fn with_invitation<V: IntoView + 'static>(
    page: impl Fn(Respondent) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = param("id");
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let info = state.get_meta(&format!("{INVITATION_PREFIX}{id}")).await;
            let rid = state.get_meta(&format!("{RESPONDENT_PREFIX}{id}")).await;
            let role = state.get_meta(&format!("{ROLE_PREFIX}{id}")).await;
            (info, rid, role.as_deref() == Some("respondent"))
        }
    });
    let has_setup = Memo::new(move |_| state.review(&id.get()).is_some());
    let page = std::sync::Arc::new(page);
    let has_checklist = Memo::new(move |_| {
        state
            .revs
            .with(|r| newest_body::<Checklist>(r, &id.get(), CHECKLIST_RECORD).is_some())
    });
    move || {
        let id = id.get();
        match loaded.get() {
            None => view! { <p class="body">"Opening your invitation…"</p> }.into_any(),
            Some(_) if !has_checklist.get() => view! { <InvitationMissing/> }.into_any(),
            Some((info, rid, is_respondent)) => {
                let info = info
                    .and_then(|j| InvitationInfo::parse(&id, &j))
                    .unwrap_or_else(|| InvitationInfo {
                        review_id: id.clone(),
                        ..InvitationInfo::default()
                    });
                // A host holds other people's responses: never take one for theirs.
                let hosted = has_setup.get_untracked() || !is_respondent;
                let r = Respondent::new(state, id, info, rid, hosted);
                let page = page.clone();
                (move || {
                    // Loaded after the route changed: the heading is focused once it is here.
                    focus_heading_on_mount();
                    if r.host_not_answering() {
                        view! { <HostNotice r=r/> }.into_any()
                    } else {
                        page(r).into_any()
                    }
                })
                .into_any()
            }
        }
    }
}

#[component]
fn InvitationMissing() -> impl IntoView {
    view! {
        <h1 class="heading-l">"Invitation not found"</h1>
        <p class="body">"This invitation is not in this browser, or its checklist could not be read. Open the invitation file you were sent to start again."</p>
        <p class="body"><A href="/respond">"Open an invitation"</A></p>
    }
}

/// What a host sees on their own review's invitation: not anyone's response, and a way to
/// answer it themselves as a separate response.
#[component]
fn HostNotice(r: Respondent) -> impl IntoView {
    let id = r.id();
    view! {
        <span class="caption">{r.info.with_value(|i| i.display_name())}</span>
        <h1 class="heading-l">"You host this review"</h1>
        <p class="body" id="host-notice">"This is the invitation you send to others. Their answers reach you as response files, which you import on the review's Responses page. Nothing here shows or changes anyone's response."</p>
        <p class="body">"If you want to give your own views too, answer the checklist yourself. It starts a separate response of your own, with nothing to link it to you or to anyone else's."</p>
        <div class="button-group">
            <button type="button" class="button" id="answer-yourself" on:click=move |_| r.start_own()>
                "Answer the checklist yourself"
            </button>
            <A href=format!("/reviews/{id}/responses")>"Go to the review's responses"</A>
        </div>
    }
}
