//! What every form shares: GOV.UK task-list status and field-level validation errors.

use serde::{Deserialize, Serialize};

/// GOV.UK task-list status of a section or task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Completed,
}

impl TaskStatus {
    /// The tag text.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Not started",
            TaskStatus::InProgress => "In progress",
            TaskStatus::Completed => "Completed",
        }
    }
}

/// A validation error tied to a form field (its HTML id), for the error summary and inline
/// message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field_id: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field_id: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field_id: field_id.into(),
            message: message.into(),
        }
    }
}
