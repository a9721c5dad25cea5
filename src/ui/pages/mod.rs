//! Pages: one module (or folder) per area, one component per route. Routes are in `ui::app`.

pub mod about;
pub mod checklist;
pub mod history;
pub mod home;
pub mod import;
pub mod not_found;
pub mod respond;
pub mod review;
pub mod setup;
