//! Pure domain: no web types, no Leptos. Everything here is tested natively with `cargo test`.
//!
//! Data model: every piece of user data is a *record* that changes only by appending immutable
//! [`revision::Revision`]s. Merging is set union of revisions (see `revision.rs`), so import is
//! idempotent, commutative and never loses anything.

pub mod analysis;
pub mod author;
pub mod bundle;
pub mod checklist;
pub mod councils;
pub mod date;
pub mod ics;
pub mod invitation;
pub mod lgbf;
pub mod record;
pub mod response;
pub mod review;
pub mod revision;
pub mod rules;
pub mod timeline;
pub mod validation;
