//! The review timeline: Appendix 1 milestones, suggested dates, gentle warnings and the stage
//! tracker.
//!
//! The guidance's timings are advice, so breaking them gives a [`Warning`], never a blocking
//! error: hosts agree their own timeline with the Improvement Service.

use super::date::Date;
use super::review::ReviewSetup;
use serde::{Deserialize, Serialize};

/// Minimum days between the pre-meeting / papers and fieldwork ("at least 2 weeks before").
pub const PREP_DAYS: i64 = 14;
/// Draft report "within 2–3 weeks" of fieldwork.
pub const DRAFT_MIN_DAYS: i64 = 14;
pub const DRAFT_MAX_DAYS: i64 = 21;
/// Leads' meeting "within 4–5 weeks" of fieldwork.
pub const LEADS_MIN_DAYS: i64 = 28;
pub const LEADS_MAX_DAYS: i64 = 35;
/// Suggested gap between the leads' meeting and final reporting (the guidance sets none).
pub const FINAL_AFTER_LEADS_DAYS: i64 = 14;
/// Suggested lead time for the initial meeting (the guidance sets none).
pub const INITIAL_BEFORE_FIELDWORK_DAYS: i64 = 56;

/// The Appendix 1 dates. Any may be unset while the timeline is being agreed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Milestones {
    pub initial_meeting: Option<Date>,
    pub fieldwork_start: Option<Date>,
    pub fieldwork_end: Option<Date>,
    pub pre_meeting: Option<Date>,
    pub papers_shared: Option<Date>,
    pub draft_report: Option<Date>,
    pub leads_meeting: Option<Date>,
    pub final_report: Option<Date>,
}

/// Names one date in [`Milestones`], for labels, form field ids and warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    InitialMeeting,
    PreMeeting,
    PapersShared,
    FieldworkStart,
    FieldworkEnd,
    DraftReport,
    LeadsMeeting,
    FinalReport,
}

impl Milestone {
    /// In the order they normally happen.
    pub const ALL: [Milestone; 8] = [
        Milestone::InitialMeeting,
        Milestone::PreMeeting,
        Milestone::PapersShared,
        Milestone::FieldworkStart,
        Milestone::FieldworkEnd,
        Milestone::DraftReport,
        Milestone::LeadsMeeting,
        Milestone::FinalReport,
    ];

    /// Label for forms and summaries.
    pub fn label(self) -> &'static str {
        match self {
            Milestone::InitialMeeting => "Initial meeting to discuss the process",
            Milestone::PreMeeting => "Team pre-meeting",
            Milestone::PapersShared => "Papers shared with the team",
            Milestone::FieldworkStart => "Fieldwork starts",
            Milestone::FieldworkEnd => "Fieldwork ends",
            Milestone::DraftReport => "Draft report circulated to the core team",
            Milestone::LeadsMeeting => "Leads' meeting to discuss the draft report",
            Milestone::FinalReport => "Final reporting",
        }
    }

    /// The guidance's advice, as hint text under the date input.
    pub fn hint(self) -> &'static str {
        match self {
            Milestone::InitialMeeting => {
                "The host and the Improvement Service meet to agree the focus and team."
            }
            Milestone::PreMeeting | Milestone::PapersShared => "At least 2 weeks before fieldwork.",
            Milestone::FieldworkStart | Milestone::FieldworkEnd => {
                "Fieldwork usually lasts about 2 or 3 days."
            }
            Milestone::DraftReport => {
                "As soon as possible after fieldwork, for example within 2 to 3 weeks."
            }
            Milestone::LeadsMeeting => "Within 4 to 5 weeks of fieldwork.",
            Milestone::FinalReport => "After the leads' meeting.",
        }
    }

    /// Stable id for the form field (and error-summary links).
    pub fn field_id(self) -> &'static str {
        match self {
            Milestone::InitialMeeting => "initial-meeting",
            Milestone::PreMeeting => "pre-meeting",
            Milestone::PapersShared => "papers-shared",
            Milestone::FieldworkStart => "fieldwork-start",
            Milestone::FieldworkEnd => "fieldwork-end",
            Milestone::DraftReport => "draft-report",
            Milestone::LeadsMeeting => "leads-meeting",
            Milestone::FinalReport => "final-report",
        }
    }

    /// This milestone's date in `m`.
    pub fn get(self, m: &Milestones) -> Option<Date> {
        *self.slot_ref(m)
    }

    /// Sets (or clears) this milestone's date in `m`.
    pub fn set(self, m: &mut Milestones, date: Option<Date>) {
        *self.slot_mut(m) = date;
    }

    fn slot_ref(self, m: &Milestones) -> &Option<Date> {
        match self {
            Milestone::InitialMeeting => &m.initial_meeting,
            Milestone::PreMeeting => &m.pre_meeting,
            Milestone::PapersShared => &m.papers_shared,
            Milestone::FieldworkStart => &m.fieldwork_start,
            Milestone::FieldworkEnd => &m.fieldwork_end,
            Milestone::DraftReport => &m.draft_report,
            Milestone::LeadsMeeting => &m.leads_meeting,
            Milestone::FinalReport => &m.final_report,
        }
    }

    fn slot_mut(self, m: &mut Milestones) -> &mut Option<Date> {
        match self {
            Milestone::InitialMeeting => &mut m.initial_meeting,
            Milestone::PreMeeting => &mut m.pre_meeting,
            Milestone::PapersShared => &mut m.papers_shared,
            Milestone::FieldworkStart => &mut m.fieldwork_start,
            Milestone::FieldworkEnd => &mut m.fieldwork_end,
            Milestone::DraftReport => &mut m.draft_report,
            Milestone::LeadsMeeting => &mut m.leads_meeting,
            Milestone::FinalReport => &mut m.final_report,
        }
    }
}

fn is_weekend(d: Date) -> bool {
    d.weekday() >= 5
}

/// Friday before a weekend day; keeps "at least N days before" true.
fn weekday_on_or_before(d: Date) -> Date {
    match d.weekday() {
        5 => d.add_days(-1),
        6 => d.add_days(-2),
        _ => d,
    }
}

/// Monday after a weekend day; keeps "at least N days after" true.
fn weekday_on_or_after(d: Date) -> Date {
    match d.weekday() {
        5 => d.add_days(2),
        6 => d.add_days(1),
        _ => d,
    }
}

/// Fills only the empty dates with suggestions that meet the guidance, on weekdays.
///
/// Dates before fieldwork need `fieldwork_start`; dates after need `fieldwork_end`. The final
/// report follows the leads' meeting (entered or suggested).
pub fn suggest(m: &Milestones) -> Milestones {
    let mut out = *m;
    if let Some(start) = m.fieldwork_start {
        let prep = weekday_on_or_before(start.add_days(-PREP_DAYS));
        out.pre_meeting = m.pre_meeting.or(Some(prep));
        out.papers_shared = m.papers_shared.or(Some(prep));
        out.initial_meeting = m.initial_meeting.or(Some(weekday_on_or_before(
            start.add_days(-INITIAL_BEFORE_FIELDWORK_DAYS),
        )));
    }
    if let Some(end) = m.fieldwork_end {
        out.draft_report = m
            .draft_report
            .or(Some(weekday_on_or_after(end.add_days(DRAFT_MIN_DAYS))));
        out.leads_meeting = m
            .leads_meeting
            .or(Some(weekday_on_or_after(end.add_days(LEADS_MIN_DAYS))));
    }
    if let Some(leads) = out.leads_meeting {
        out.final_report = m.final_report.or(Some(weekday_on_or_after(
            leads.add_days(FINAL_AFTER_LEADS_DAYS),
        )));
    }
    out
}

/// Advice about a date that departs from the guidance. Shown, never blocking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub field: Milestone,
    pub message: String,
}

fn days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// Monday-to-Friday days from `start` to `end` inclusive.
fn working_days(start: Date, end: Date) -> i64 {
    (0..=start.days_until(end))
        .filter(|&i| !is_weekend(start.add_days(i)))
        .count() as i64
}

/// Everything about the timeline that departs from the guidance or is out of order.
pub fn warnings(m: &Milestones) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |field, message: String| out.push(Warning { field, message });

    if let (Some(init), Some(start)) = (m.initial_meeting, m.fieldwork_start) {
        if init >= start {
            warn(
                Milestone::InitialMeeting,
                "The initial meeting is on or after the start of fieldwork. It should come first."
                    .into(),
            );
        }
    }

    if let Some(start) = m.fieldwork_start {
        for (field, what) in [
            (Milestone::PreMeeting, "The team pre-meeting"),
            (Milestone::PapersShared, "Sharing papers with the team"),
        ] {
            let Some(d) = field.get(m) else { continue };
            let before = d.days_until(start);
            if before <= 0 {
                warn(
                    field,
                    format!(
                        "{what} is on or after the start of fieldwork. \
                         It should be at least 2 weeks before."
                    ),
                );
            } else if before < PREP_DAYS {
                warn(
                    field,
                    format!(
                        "{what} is only {} before fieldwork. \
                         The guidance says at least 2 weeks before.",
                        days(before)
                    ),
                );
            }
            if let Some(init) = m.initial_meeting {
                if d < init {
                    warn(field, format!("{what} is before the initial meeting."));
                }
            }
        }
    }

    if let (Some(start), Some(end)) = (m.fieldwork_start, m.fieldwork_end) {
        if end < start {
            warn(
                Milestone::FieldworkEnd,
                "Fieldwork ends before it starts.".into(),
            );
        } else {
            let n = working_days(start, end);
            if n == 0 {
                warn(
                    Milestone::FieldworkStart,
                    "Fieldwork falls entirely on a weekend.".into(),
                );
            } else if n == 1 {
                warn(
                    Milestone::FieldworkEnd,
                    "Fieldwork is a single day. The guidance suggests about 2 or 3 days.".into(),
                );
            } else if n > 3 {
                warn(
                    Milestone::FieldworkEnd,
                    format!(
                        "Fieldwork covers {n} working days. The guidance suggests about 2 or 3 days."
                    ),
                );
            }
        }
    }

    if let Some(end) = m.fieldwork_end {
        if let Some(draft) = m.draft_report {
            let after = end.days_until(draft);
            if after < 0 {
                warn(
                    Milestone::DraftReport,
                    "The draft report is due before fieldwork ends.".into(),
                );
            } else if after > DRAFT_MAX_DAYS {
                warn(
                    Milestone::DraftReport,
                    format!(
                        "The draft report is {} after fieldwork. \
                         The guidance says within 2 to 3 weeks.",
                        days(after)
                    ),
                );
            }
        }
        if let Some(leads) = m.leads_meeting {
            let after = end.days_until(leads);
            if after < 0 {
                warn(
                    Milestone::LeadsMeeting,
                    "The leads' meeting is before fieldwork ends.".into(),
                );
            } else if after < LEADS_MIN_DAYS {
                warn(
                    Milestone::LeadsMeeting,
                    format!(
                        "The leads' meeting is {} after fieldwork, \
                         earlier than the 4 to 5 weeks the guidance suggests.",
                        days(after)
                    ),
                );
            } else if after > LEADS_MAX_DAYS {
                warn(
                    Milestone::LeadsMeeting,
                    format!(
                        "The leads' meeting is {} after fieldwork, \
                         later than the 4 to 5 weeks the guidance suggests.",
                        days(after)
                    ),
                );
            }
        }
    }

    if let (Some(draft), Some(leads)) = (m.draft_report, m.leads_meeting) {
        if leads < draft {
            warn(
                Milestone::LeadsMeeting,
                "The leads' meeting is before the draft report is circulated.".into(),
            );
        }
    }

    if let (Some(leads), Some(fin)) = (m.leads_meeting, m.final_report) {
        if fin < leads {
            warn(
                Milestone::FinalReport,
                "Final reporting is before the leads' meeting. It should follow it.".into(),
            );
        }
    } else if let (Some(end), Some(fin)) = (m.fieldwork_end, m.final_report) {
        if fin < end {
            warn(
                Milestone::FinalReport,
                "Final reporting is before fieldwork ends.".into(),
            );
        }
    }
    out
}

/// The five stages of peer collaborative improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    GettingReady,
    PreWork,
    Fieldwork,
    Report,
    Sharing,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::GettingReady,
        Stage::PreWork,
        Stage::Fieldwork,
        Stage::Report,
        Stage::Sharing,
    ];

    /// The guidance's name for the stage.
    pub fn label(self) -> &'static str {
        match self {
            Stage::GettingReady => "Getting ready",
            Stage::PreWork => "Pre-work",
            Stage::Fieldwork => "Fieldwork",
            Stage::Report => "Capturing findings and reporting",
            Stage::Sharing => "Sharing findings",
        }
    }

    /// 1-based position, for "Stage 2 of 5".
    pub fn number(self) -> usize {
        self as usize + 1
    }
}

/// Where the review is today: set-up until its task list is complete, then by the dates.
pub fn current_stage(setup: &ReviewSetup, today: Date) -> Stage {
    let m = &setup.dates;
    let end = m.fieldwork_end.or(m.fieldwork_start);
    match (m.fieldwork_start, end) {
        (Some(start), Some(end)) if today >= start => {
            if today <= end {
                Stage::Fieldwork
            } else if m.final_report.is_some_and(|f| today > f) {
                Stage::Sharing
            } else {
                Stage::Report
            }
        }
        _ if setup.is_complete() => Stage::PreWork,
        _ => Stage::GettingReady,
    }
}

/// The first set milestone on or after `today` (ties in the usual order).
pub fn next_milestone(m: &Milestones, today: Date) -> Option<(&'static str, Date)> {
    Milestone::ALL
        .iter()
        .filter_map(|&ms| ms.get(m).filter(|&d| d >= today).map(|d| (ms.label(), d)))
        .min_by_key(|&(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Fieldwork Tue 3 – Thu 5 March 2026.
    fn base() -> Milestones {
        Milestones {
            fieldwork_start: Some(d("2026-03-03")),
            fieldwork_end: Some(d("2026-03-05")),
            ..Milestones::default()
        }
    }

    fn fields(w: &[Warning]) -> Vec<Milestone> {
        w.iter().map(|w| w.field).collect()
    }

    #[test]
    fn empty_dates_give_no_suggestions_or_warnings() {
        let m = Milestones::default();
        assert_eq!(suggest(&m), m);
        assert!(warnings(&m).is_empty());
        assert_eq!(next_milestone(&m, d("2026-01-01")), None);
    }

    #[test]
    fn suggestions_follow_the_guidance_on_weekdays() {
        let s = suggest(&base());
        assert_eq!(s.pre_meeting, Some(d("2026-02-17"))); // exactly 14 days, a Tuesday
        assert_eq!(s.papers_shared, Some(d("2026-02-17")));
        assert_eq!(s.initial_meeting, Some(d("2026-01-06")));
        assert_eq!(s.draft_report, Some(d("2026-03-19")));
        assert_eq!(s.leads_meeting, Some(d("2026-04-02")));
        assert_eq!(s.final_report, Some(d("2026-04-16")));
        for ms in Milestone::ALL {
            assert!(!is_weekend(ms.get(&s).unwrap()), "{ms:?}");
        }
        assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    }

    #[test]
    fn suggestions_move_off_weekends_in_the_safe_direction() {
        // Fieldwork Sunday 15 – Monday 16 March 2026: 14 days before/after land on Sun/Mon.
        let m = Milestones {
            fieldwork_start: Some(d("2026-03-15")),
            fieldwork_end: Some(d("2026-03-21")), // Saturday: +14 and +28 are Saturdays
            ..Milestones::default()
        };
        let s = suggest(&m);
        assert_eq!(s.pre_meeting, Some(d("2026-02-27"))); // Sun 1 Mar -> Fri 27 Feb
        assert_eq!(s.draft_report, Some(d("2026-04-06"))); // Sat 4 Apr -> Mon 6 Apr
        assert_eq!(s.leads_meeting, Some(d("2026-04-20"))); // Sat 18 Apr -> Mon 20 Apr
        let w = warnings(&s);
        assert!(!fields(&w).contains(&Milestone::PreMeeting));
        assert!(!fields(&w).contains(&Milestone::DraftReport));
        assert!(!fields(&w).contains(&Milestone::LeadsMeeting));
    }

    #[test]
    fn suggestions_never_overwrite_entered_dates() {
        let mut m = base();
        m.pre_meeting = Some(d("2026-03-01"));
        m.leads_meeting = Some(d("2026-04-09"));
        let s = suggest(&m);
        assert_eq!(s.pre_meeting, Some(d("2026-03-01")));
        assert_eq!(s.leads_meeting, Some(d("2026-04-09")));
        // Final report follows the entered leads' meeting.
        assert_eq!(s.final_report, Some(d("2026-04-23")));
        // Only a start date: nothing after fieldwork is guessed.
        let only_start = Milestones {
            fieldwork_start: Some(d("2026-03-03")),
            ..Default::default()
        };
        let s = suggest(&only_start);
        assert!(s.pre_meeting.is_some() && s.draft_report.is_none() && s.final_report.is_none());
    }

    #[test]
    fn suggestions_across_a_leap_day() {
        // 14 days before Tue 14 March 2028 is Tue 29 Feb 2028.
        let m = Milestones {
            fieldwork_start: Some(d("2028-03-14")),
            ..Default::default()
        };
        assert_eq!(suggest(&m).pre_meeting, Some(d("2028-02-29")));
        // Fieldwork ends Tue 15 Feb 2028: +14 = Tue 29 Feb.
        let m = Milestones {
            fieldwork_end: Some(d("2028-02-15")),
            ..Default::default()
        };
        assert_eq!(suggest(&m).draft_report, Some(d("2028-02-29")));
    }

    #[test]
    fn prep_boundary_14_ok_13_warns() {
        let mut m = base();
        m.pre_meeting = Some(d("2026-02-17")); // 14 days before
        m.papers_shared = Some(d("2026-02-17"));
        assert!(warnings(&m).is_empty());
        m.pre_meeting = Some(d("2026-02-18")); // 13 days
        m.papers_shared = Some(d("2026-03-02")); // 1 day
        let w = warnings(&m);
        assert_eq!(fields(&w), [Milestone::PreMeeting, Milestone::PapersShared]);
        assert!(
            w[0].message.contains("only 13 days before"),
            "{}",
            w[0].message
        );
        assert!(
            w[1].message.contains("only 1 day before"),
            "{}",
            w[1].message
        );
        m.pre_meeting = Some(d("2026-03-03"));
        assert!(warnings(&m)[0].message.contains("on or after the start"));
    }

    #[test]
    fn prep_across_leap_day_counts_29_february() {
        let m = Milestones {
            fieldwork_start: Some(d("2024-03-14")),
            fieldwork_end: Some(d("2024-03-15")),
            pre_meeting: Some(d("2024-02-29")), // exactly 14 days in a leap year
            papers_shared: Some(d("2024-03-01")), // 13
            ..Default::default()
        };
        assert_eq!(fields(&warnings(&m)), [Milestone::PapersShared]);
    }

    #[test]
    fn fieldwork_length() {
        let mut m = base(); // Tue–Thu: 3 days
        assert!(warnings(&m).is_empty());
        m.fieldwork_end = Some(d("2026-03-04")); // 2 days
        assert!(warnings(&m).is_empty());
        m.fieldwork_end = Some(d("2026-03-03"));
        assert!(warnings(&m)[0].message.contains("single day"));
        m.fieldwork_end = Some(d("2026-03-06")); // 4 days
        assert!(warnings(&m)[0].message.contains("4 working days"));
        // Thu–Mon spans a weekend but is only 3 working days.
        m.fieldwork_start = Some(d("2026-03-05"));
        m.fieldwork_end = Some(d("2026-03-09"));
        assert!(warnings(&m).is_empty());
        m.fieldwork_start = Some(d("2026-03-07"));
        m.fieldwork_end = Some(d("2026-03-08"));
        assert!(warnings(&m)[0].message.contains("weekend"));
        m.fieldwork_end = Some(d("2026-03-01"));
        assert_eq!(warnings(&m)[0].message, "Fieldwork ends before it starts.");
    }

    #[test]
    fn draft_report_boundaries() {
        let mut m = base();
        m.draft_report = Some(d("2026-03-26")); // 21 days
        assert!(warnings(&m).is_empty());
        m.draft_report = Some(d("2026-03-27")); // 22 days
        let w = warnings(&m);
        assert_eq!(fields(&w), [Milestone::DraftReport]);
        assert!(w[0].message.contains("22 days after"));
        m.draft_report = Some(d("2026-03-05")); // same day as end: fine
        assert!(warnings(&m).is_empty());
        m.draft_report = Some(d("2026-03-04"));
        assert!(warnings(&m)[0].message.contains("before fieldwork ends"));
    }

    #[test]
    fn leads_meeting_says_early_or_late() {
        let mut m = base();
        for ok in ["2026-04-02", "2026-04-09"] {
            m.leads_meeting = Some(d(ok)); // 28 and 35 days
            assert!(warnings(&m).is_empty(), "{ok}");
        }
        m.leads_meeting = Some(d("2026-04-01")); // 27
        assert!(warnings(&m)[0]
            .message
            .contains("27 days after fieldwork, earlier"));
        m.leads_meeting = Some(d("2026-04-10")); // 36
        assert!(warnings(&m)[0]
            .message
            .contains("36 days after fieldwork, later"));
        m.leads_meeting = Some(d("2026-03-01"));
        assert!(warnings(&m)[0].message.contains("before fieldwork ends"));
    }

    #[test]
    fn order_warnings() {
        let mut m = base();
        m.draft_report = Some(d("2026-03-20"));
        m.leads_meeting = Some(d("2026-04-02"));
        m.final_report = Some(d("2026-04-01"));
        assert_eq!(fields(&warnings(&m)), [Milestone::FinalReport]);
        m.final_report = Some(d("2026-04-02")); // same day is allowed
        assert!(warnings(&m).is_empty());
        m.initial_meeting = Some(d("2026-03-03"));
        assert_eq!(fields(&warnings(&m)), [Milestone::InitialMeeting]);
        m.initial_meeting = Some(d("2026-02-20"));
        m.pre_meeting = Some(d("2026-02-16"));
        let w = warnings(&m);
        assert_eq!(fields(&w), [Milestone::PreMeeting]);
        assert!(w[0].message.contains("before the initial meeting"));
        // Draft after leads' meeting, with no final report, and final before fieldwork end.
        let m = Milestones {
            draft_report: Some(d("2026-04-03")),
            leads_meeting: Some(d("2026-04-02")),
            ..base()
        };
        assert!(fields(&warnings(&m)).contains(&Milestone::LeadsMeeting));
        let m = Milestones {
            final_report: Some(d("2026-03-04")),
            ..base()
        };
        assert_eq!(fields(&warnings(&m)), [Milestone::FinalReport]);
    }

    #[test]
    fn next_milestone_picks_the_first_on_or_after_today() {
        let s = suggest(&base());
        assert_eq!(
            next_milestone(&s, d("2026-02-17")),
            Some(("Team pre-meeting", d("2026-02-17")))
        );
        assert_eq!(
            next_milestone(&s, d("2026-02-18")),
            Some(("Fieldwork starts", d("2026-03-03")))
        );
        assert_eq!(
            next_milestone(&s, d("2026-03-04")),
            Some(("Fieldwork ends", d("2026-03-05")))
        );
        assert_eq!(next_milestone(&s, d("2026-04-17")), None);
    }

    #[test]
    fn stage_labels_and_numbers() {
        assert_eq!(Stage::ALL.map(Stage::number), [1, 2, 3, 4, 5]);
        assert_eq!(Stage::PreWork.label(), "Pre-work");
    }

    #[test]
    fn milestone_get_set_round_trip() {
        let mut m = Milestones::default();
        for (i, ms) in Milestone::ALL.into_iter().enumerate() {
            ms.set(&mut m, Some(d("2026-01-01").add_days(i as i64)));
        }
        for (i, ms) in Milestone::ALL.into_iter().enumerate() {
            assert_eq!(ms.get(&m), Some(d("2026-01-01").add_days(i as i64)));
        }
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Milestones>(&json).unwrap(), m);
        assert_eq!(
            serde_json::from_str::<Milestones>("{}").unwrap(),
            Milestones::default()
        );
    }
}
