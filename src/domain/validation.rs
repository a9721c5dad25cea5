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

/// Largest table file (a checklist or LGBF CSV/JSON) read from the device. Checked against the
/// file's size before any of it is read, so a huge file cannot exhaust a phone's memory.
pub const MAX_TABLE_FILE_BYTES: u64 = 25 * 1024 * 1024;

/// The message for a file refused by size before it was read.
pub fn file_too_large(name: &str, bytes: u64, limit: u64) -> String {
    format!(
        "{name} is too large to import ({:.1} MB; the limit is {} MB). Nothing was read from it.",
        bytes as f64 / 1_048_576.0,
        limit / 1_048_576
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_names_the_file_and_both_sizes() {
        let m = file_too_large("data.csv", 30 * 1_048_576 + 104_858, MAX_TABLE_FILE_BYTES);
        assert_eq!(
            m,
            "data.csv is too large to import (30.1 MB; the limit is 25 MB). Nothing was read from it."
        );
    }
}
