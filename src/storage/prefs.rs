//! Small per-browser preferences in localStorage (through `gloo-storage`). Never review data.

use gloo_storage::{LocalStorage, Storage};

const BACKUP_REMINDER_DAYS: &str = "cf.backup_reminder_days";

/// Days without a backup before the app reminds the user (default 7).
pub fn backup_reminder_days() -> i64 {
    LocalStorage::get(BACKUP_REMINDER_DAYS).unwrap_or(7)
}

pub fn set_backup_reminder_days(days: i64) {
    let _ = LocalStorage::set(BACKUP_REMINDER_DAYS, days);
}

/// The LGBF comparison last shown for a review: (indicator code, year, "higher"/"lower").
pub fn lgbf_choice(review_id: &str) -> Option<(String, String, String)> {
    LocalStorage::get(format!("cf.lgbf_choice.{review_id}")).ok()
}

pub fn set_lgbf_choice(review_id: &str, indicator: &str, year: &str, better: &str) {
    let _ = LocalStorage::set(
        format!("cf.lgbf_choice.{review_id}"),
        (indicator, year, better),
    );
}
