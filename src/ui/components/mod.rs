//! Shared GOV.UK-pattern pieces: layout, error summary, form fields, task list, check answers,
//! file drop zone.

pub mod conflict;
pub mod fields;
pub mod layout;
pub mod task_list;
