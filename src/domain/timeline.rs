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
/// Leads' meeting "within 4–5 weeks" of fieldwork: an upper limit. [`LEADS_MIN_DAYS`] is only
/// where the suggestion goes; an earlier meeting is fine.
pub const LEADS_MIN_DAYS: i64 = 28;
pub const LEADS_MAX_DAYS: i64 = 35;
/// Time to analyse the checklist responses and write the checklist report before the papers go
/// out. The guidance sets none; a working week is this app's default.
pub const ANALYSIS_DAYS: i64 = 7;
/// The checklist "is usually open for about two weeks" (PSIF practice).
pub const CHECKLIST_OPEN_DAYS: i64 = 14;
/// Fewer days open than this gets a warning ("about two weeks" allows a little less).
pub const CHECKLIST_MIN_OPEN_DAYS: i64 = 10;
/// Days from sending the invitations to fieldwork that the steps before fieldwork need: the
/// checklist open, time to analyse it, and papers out 2 weeks before (5 weeks).
pub const LEAD_TIME_DAYS: i64 = CHECKLIST_OPEN_DAYS + ANALYSIS_DAYS + PREP_DAYS;
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
    /// The self-assessment checklist closes. Stored on the set-up
    /// ([`ReviewSetup::checklist_closes`]), not in [`Milestones`]: read it with
    /// [`Milestone::of`].
    ChecklistCloses,
    PreMeeting,
    PapersShared,
    FieldworkStart,
    FieldworkEnd,
    DraftReport,
    LeadsMeeting,
    FinalReport,
}

impl Milestone {
    /// Every date of the review in the order they normally happen, the checklist closing date
    /// included: for the timeline list, the calendar, "next milestone" and the stage tracker.
    pub const TIMELINE: [Milestone; 9] = [
        Milestone::InitialMeeting,
        Milestone::ChecklistCloses,
        Milestone::PreMeeting,
        Milestone::PapersShared,
        Milestone::FieldworkStart,
        Milestone::FieldworkEnd,
        Milestone::DraftReport,
        Milestone::LeadsMeeting,
        Milestone::FinalReport,
    ];

    /// The Appendix 1 dates held in [`Milestones`], in the order they normally happen (the
    /// timeline form's fields; [`Milestone::TIMELINE`] adds the checklist closing date).
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
            Milestone::ChecklistCloses => "Self-assessment checklist closes",
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
            Milestone::ChecklistCloses => {
                "Leave time to analyse the responses before the papers go out, at least 2 weeks \
                 before fieldwork."
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
            Milestone::ChecklistCloses => "checklist-closes",
            Milestone::PreMeeting => "pre-meeting",
            Milestone::PapersShared => "papers-shared",
            Milestone::FieldworkStart => "fieldwork-start",
            Milestone::FieldworkEnd => "fieldwork-end",
            Milestone::DraftReport => "draft-report",
            Milestone::LeadsMeeting => "leads-meeting",
            Milestone::FinalReport => "final-report",
        }
    }

    /// This milestone's date in `m`. Always `None` for [`Milestone::ChecklistCloses`], which
    /// lives on the set-up: use [`Milestone::of`].
    pub fn get(self, m: &Milestones) -> Option<Date> {
        *self.slot_ref(m)
    }

    /// Sets (or clears) this milestone's date in `m`. Does nothing for
    /// [`Milestone::ChecklistCloses`]: use [`Milestone::set_in`].
    pub fn set(self, m: &mut Milestones, date: Option<Date>) {
        if let Some(slot) = self.slot_mut(m) {
            *slot = date;
        }
    }

    /// This milestone's date in a review, the checklist closing date included.
    pub fn of(self, setup: &ReviewSetup) -> Option<Date> {
        match self {
            Milestone::ChecklistCloses => setup.checklist_closes,
            _ => self.get(&setup.dates),
        }
    }

    /// Sets (or clears) this milestone's date in a review. A date typed by hand that differs
    /// from the recorded suggestion counts as typed from then on (see [`is_suggested`]).
    pub fn set_in(self, setup: &mut ReviewSetup, date: Option<Date>) {
        match self {
            Milestone::ChecklistCloses => setup.checklist_closes = date,
            _ => self.set(&mut setup.dates, date),
        }
    }

    fn slot_ref(self, m: &Milestones) -> &Option<Date> {
        match self {
            Milestone::ChecklistCloses => &None,
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

    fn slot_mut(self, m: &mut Milestones) -> Option<&mut Option<Date>> {
        Some(match self {
            Milestone::ChecklistCloses => return None,
            Milestone::InitialMeeting => &mut m.initial_meeting,
            Milestone::PreMeeting => &mut m.pre_meeting,
            Milestone::PapersShared => &mut m.papers_shared,
            Milestone::FieldworkStart => &mut m.fieldwork_start,
            Milestone::FieldworkEnd => &mut m.fieldwork_end,
            Milestone::DraftReport => &mut m.draft_report,
            Milestone::LeadsMeeting => &mut m.leads_meeting,
            Milestone::FinalReport => &mut m.final_report,
        })
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
    // The rules themselves live in `ideal`, which "Use suggested dates" applies too.
    let mut setup = ReviewSetup {
        dates: *m,
        ..ReviewSetup::default()
    };
    for ms in SUGGESTION_ORDER {
        if ms.get(&setup.dates).is_none() {
            let date = ideal(ms, &setup);
            ms.set(&mut setup.dates, date);
        }
    }
    setup.dates
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
            } else if after > LEADS_MAX_DAYS {
                // "Within 4–5 weeks" is an upper limit: earlier is fine.
                warn(
                    Milestone::LeadsMeeting,
                    format!(
                        "The leads' meeting is {} after fieldwork. \
                         The guidance says within 4 to 5 weeks.",
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
            Stage::Report => "Capturing findings, recording and reporting",
            Stage::Sharing => "Sharing findings",
        }
    }

    /// 1-based position, for "Stage 2 of 5".
    pub fn number(self) -> usize {
        self as usize + 1
    }
}

impl Stage {
    /// The dates that belong to this stage, for the stage tracker.
    pub fn milestones(self) -> &'static [Milestone] {
        match self {
            Stage::GettingReady => &[Milestone::InitialMeeting],
            Stage::PreWork => &[
                Milestone::ChecklistCloses,
                Milestone::PreMeeting,
                Milestone::PapersShared,
            ],
            Stage::Fieldwork => &[Milestone::FieldworkStart, Milestone::FieldworkEnd],
            Stage::Report => &[
                Milestone::DraftReport,
                Milestone::LeadsMeeting,
                Milestone::FinalReport,
            ],
            Stage::Sharing => &[],
        }
    }
}

/// Where the review is today, as the guidance defines the stages: getting ready until the
/// invitations to the self-assessment checklist go out (pre-work "in advance of the peer
/// collaborative improvement commencing, the PSIF checklist will be issued"), then by the
/// fieldwork and final reporting dates. A complete set-up form does not by itself start
/// pre-work.
pub fn stage(setup: &ReviewSetup, today: Date) -> Stage {
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
        _ if setup.invitations_sent.is_some_and(|sent| sent <= today) => Stage::PreWork,
        _ => Stage::GettingReady,
    }
}

/// The set dates of a stage, for the stage tracker, in the usual order.
pub fn stage_dates(setup: &ReviewSetup, stage: Stage) -> Vec<(Milestone, Date)> {
    stage
        .milestones()
        .iter()
        .filter_map(|&ms| ms.of(setup).map(|d| (ms, d)))
        .collect()
}

/// Every date of the review, set or not, in the usual order (the checklist closing date
/// included): for the timeline list.
pub fn timeline_dates(setup: &ReviewSetup) -> Vec<(Milestone, Option<Date>)> {
    Milestone::TIMELINE
        .iter()
        .map(|&ms| (ms, ms.of(setup)))
        .collect()
}

/// The first set date on or after `today`, the checklist closing date included (ties in the
/// usual order).
pub fn next_date(setup: &ReviewSetup, today: Date) -> Option<(Milestone, Date)> {
    Milestone::TIMELINE
        .iter()
        .filter_map(|&ms| ms.of(setup).filter(|&d| d >= today).map(|d| (ms, d)))
        .min_by_key(|&(_, d)| d)
}

/// When the papers go out: the date entered, or else 2 weeks before fieldwork.
fn papers_due(m: &Milestones) -> Option<Date> {
    m.papers_shared
        .or(m.fieldwork_start.map(|s| s.add_days(-PREP_DAYS)))
}

/// What the guidance (with this app's defaults where it sets none) puts at `ms`, given the
/// dates it follows from. `None` for fieldwork, which is never suggested, or when the dates it
/// follows from are not set.
fn ideal(ms: Milestone, setup: &ReviewSetup) -> Option<Date> {
    let m = &setup.dates;
    let start = m.fieldwork_start;
    let end = m.fieldwork_end;
    match ms {
        Milestone::InitialMeeting => {
            start.map(|s| weekday_on_or_before(s.add_days(-INITIAL_BEFORE_FIELDWORK_DAYS)))
        }
        Milestone::PreMeeting | Milestone::PapersShared => {
            start.map(|s| weekday_on_or_before(s.add_days(-PREP_DAYS)))
        }
        // From the papers date (entered or suggested), not from today.
        Milestone::ChecklistCloses => {
            papers_due(m).map(|p| weekday_on_or_before(p.add_days(-ANALYSIS_DAYS)))
        }
        Milestone::FieldworkStart | Milestone::FieldworkEnd => None,
        Milestone::DraftReport => end.map(|e| weekday_on_or_after(e.add_days(DRAFT_MIN_DAYS))),
        Milestone::LeadsMeeting => end.map(|e| weekday_on_or_after(e.add_days(LEADS_MIN_DAYS))),
        Milestone::FinalReport => m
            .leads_meeting
            .map(|l| weekday_on_or_after(l.add_days(FINAL_AFTER_LEADS_DAYS))),
    }
}

/// Order in which suggestions are worked out: each date after the dates it follows from.
const SUGGESTION_ORDER: [Milestone; 7] = [
    Milestone::InitialMeeting,
    Milestone::PreMeeting,
    Milestone::PapersShared,
    Milestone::ChecklistCloses,
    Milestone::DraftReport,
    Milestone::LeadsMeeting,
    Milestone::FinalReport,
];

/// True when `ms` holds the date this app suggested for it (rather than one typed by hand).
/// A suggested date that was later changed by hand counts as typed.
pub fn is_suggested(setup: &ReviewSetup, ms: Milestone) -> bool {
    ms.of(setup)
        .is_some_and(|d| setup.suggested_dates.get(&ms) == Some(&d))
}

/// What "Use suggested dates" did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuggestOutcome {
    /// Empty dates now filled with a suggestion.
    pub filled: Vec<Milestone>,
    /// Suggested dates moved to follow fieldwork (or the dates they follow) after it moved.
    pub moved: Vec<Milestone>,
    /// Suggested dates removed because the guidance would now put them in the past.
    pub cleared: Vec<Milestone>,
    /// Empty dates left empty because the guidance would put them in the past.
    pub in_the_past: Vec<Milestone>,
    /// Dates typed by hand that draw a warning: never changed by a suggestion.
    pub typed_with_warnings: Vec<Milestone>,
}

fn labels(ms: &[Milestone]) -> String {
    let names: Vec<String> = ms
        .iter()
        .map(|m| {
            let l = m.label();
            let mut c = l.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl SuggestOutcome {
    /// True when applying would change any date.
    pub fn changes_anything(&self) -> bool {
        !(self.filled.is_empty() && self.moved.is_empty() && self.cleared.is_empty())
    }

    /// The status message after "Use suggested dates" (a `role="status"` line).
    pub fn message(&self) -> String {
        let mut parts = Vec::new();
        if !self.filled.is_empty() {
            parts.push(format!(
                "Suggested {} from the guidance. Check them and change any that do not suit.",
                count(self.filled.len(), "date", "dates")
            ));
        }
        if !self.moved.is_empty() {
            parts.push(format!(
                "Moved {} to follow the fieldwork dates: {}.",
                count(self.moved.len(), "suggested date", "suggested dates"),
                labels(&self.moved)
            ));
        }
        if !self.cleared.is_empty() {
            parts.push(format!(
                "Removed {} that would now be in the past: {}.",
                count(self.cleared.len(), "suggested date", "suggested dates"),
                labels(&self.cleared)
            ));
        }
        if !self.in_the_past.is_empty() {
            parts.push(format!(
                "No date was suggested for the {} because the guidance would put {} in the past.",
                labels(&self.in_the_past),
                if self.in_the_past.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            ));
        }
        if parts.is_empty() {
            parts.push("There were no empty dates to suggest.".to_string());
        }
        if !self.typed_with_warnings.is_empty() {
            parts.push(format!(
                "You typed the {} yourself, so {} not changed: check the {}.",
                labels(&self.typed_with_warnings),
                if self.typed_with_warnings.len() == 1 {
                    "it was"
                } else {
                    "they were"
                },
                if self.typed_with_warnings.len() == 1 {
                    "warning"
                } else {
                    "warnings"
                },
            ));
        }
        parts.join(" ")
    }
}

/// "Use suggested dates": fills the empty dates, and moves the dates this app suggested that no
/// longer follow the guidance (for example after fieldwork moved), in one step. Dates typed by
/// hand are never changed. No suggestion is ever before `today`: a date the guidance would put
/// in the past is left empty (and a suggested one removed), and [`fieldwork_too_soon`] says why.
/// Records what it suggested in [`ReviewSetup::suggested_dates`].
pub fn apply_suggestions(setup: &mut ReviewSetup, today: Date) -> SuggestOutcome {
    let mut out = SuggestOutcome::default();
    for ms in SUGGESTION_ORDER {
        let current = ms.of(setup);
        let suggested = is_suggested(setup, ms);
        if current.is_some() && !suggested {
            continue;
        }
        let want = ideal(ms, setup);
        if want == current {
            continue; // An unchanged suggestion stays, even once it is in the past.
        }
        let target = want.filter(|&d| d >= today);
        match (current, target) {
            (None, Some(_)) => out.filled.push(ms),
            (None, None) => {
                if want.is_some() {
                    out.in_the_past.push(ms);
                }
                continue;
            }
            (Some(_), Some(_)) => out.moved.push(ms),
            (Some(_), None) => out.cleared.push(ms),
        }
        ms.set_in(setup, target);
        match target {
            Some(d) => setup.suggested_dates.insert(ms, d),
            None => setup.suggested_dates.remove(&ms),
        };
    }
    // Forget suggestions that were typed over, so the record says only what is true.
    let typed: Vec<Milestone> = setup
        .suggested_dates
        .keys()
        .copied()
        .filter(|&ms| !is_suggested(setup, ms))
        .collect();
    for ms in typed {
        setup.suggested_dates.remove(&ms);
    }
    let warned: Vec<Milestone> = setup_warnings(setup, today)
        .into_iter()
        .map(|w| w.field)
        .collect();
    out.typed_with_warnings = SUGGESTION_ORDER
        .into_iter()
        .filter(|&ms| warned.contains(&ms) && ms.of(setup).is_some() && !is_suggested(setup, ms))
        .collect();
    out
}

/// What [`apply_suggestions`] would do, without doing it: for enabling "Use suggested dates"
/// and for offering, when fieldwork has moved, "Move the N suggested dates to match".
pub fn preview_suggestions(setup: &ReviewSetup, today: Date) -> SuggestOutcome {
    apply_suggestions(&mut setup.clone(), today)
}

/// Suggested dates that no longer follow fieldwork (it moved since they were suggested). When
/// not empty, the timeline page offers to move them in one step with [`apply_suggestions`].
pub fn stale_suggestions(setup: &ReviewSetup, today: Date) -> Vec<Milestone> {
    let p = preview_suggestions(setup, today);
    let mut v = p.moved;
    v.extend(p.cleared);
    v.sort();
    v
}

/// The checklist closing date to suggest: a week before the papers go out (at least 2 weeks
/// before fieldwork), worked out from those dates, not from today. `None` when fieldwork is not
/// set, or when that date would be in the past.
pub fn suggested_checklist_closes(setup: &ReviewSetup, today: Date) -> Option<Date> {
    ideal(Milestone::ChecklistCloses, setup).filter(|&d| d >= today)
}

/// The hint under the checklist closing date, the same on the set-up page and the checklist
/// page.
pub fn checklist_closes_hint(setup: &ReviewSetup) -> String {
    let mut hint = "The checklist is usually open for about 2 weeks. Close it in time to \
                    analyse the responses before the papers go out, at least 2 weeks before \
                    fieldwork."
        .to_string();
    let m = &setup.dates;
    if let (Some(close_by), Some(papers)) =
        (ideal(Milestone::ChecklistCloses, setup), papers_due(m))
    {
        let papers_when = if m.papers_shared.is_some() {
            format!("the papers go out on {}", papers.long())
        } else {
            "the papers go out 2 weeks before fieldwork".to_string()
        };
        hint.push_str(&format!(
            " With fieldwork starting on {}, a closing date of {} leaves a week to analyse \
             the responses before {papers_when}.",
            m.fieldwork_start.map(Date::long).unwrap_or_default(),
            close_by.long(),
        ));
    }
    hint
}

/// Warnings about the checklist closing date: too little time to analyse the responses before
/// the papers go out, or too short a time open. Never blocking. (A closing date on or after the
/// start of fieldwork is a validation error on the set-up, not repeated here.)
pub fn checklist_closes_warnings(setup: &ReviewSetup) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(closes) = setup.checklist_closes else {
        return out;
    };
    let field = Milestone::ChecklistCloses;
    let m = &setup.dates;
    if m.fieldwork_start.is_some_and(|s| closes >= s) {
        return out;
    }
    if let Some(papers) = papers_due(m) {
        let gap = closes.days_until(papers);
        let when = if m.papers_shared.is_some() {
            "the papers go out"
        } else {
            "the papers are due (2 weeks before fieldwork)"
        };
        if gap < 0 {
            out.push(Warning {
                field,
                message: format!(
                    "The checklist closes after {when}. Close it in time to analyse the \
                     responses and share the checklist report with the papers."
                ),
            });
        } else if gap < ANALYSIS_DAYS {
            out.push(Warning {
                field,
                message: format!(
                    "The checklist closes only {} before {when}. Allow about a week to \
                     analyse the responses.",
                    days(gap)
                ),
            });
        }
    }
    if let Some(sent) = setup.invitations_sent {
        let open = sent.days_until(closes);
        if open < 0 {
            out.push(Warning {
                field,
                message: "The checklist closes before the invitations were sent.".into(),
            });
        } else if open < CHECKLIST_MIN_OPEN_DAYS {
            out.push(Warning {
                field,
                message: format!(
                    "The checklist is open for only {} after the invitations were sent. \
                     It is usually open for about 2 weeks.",
                    days(open)
                ),
            });
        }
    }
    out
}

/// A plain warning when the fieldwork dates leave no room, from `today`, for the steps the
/// guidance asks for before fieldwork: the checklist open for about 2 weeks, time to analyse
/// it, and papers out at least 2 weeks before. Counts only the steps still to do (after the
/// invitations have gone out, or the papers, less time is needed). `None` when there is room,
/// or once fieldwork has started.
pub fn fieldwork_too_soon(setup: &ReviewSetup, today: Date) -> Option<Warning> {
    let m = &setup.dates;
    let start = m.fieldwork_start?;
    let left = today.days_until(start);
    if left <= 0 || m.papers_shared.is_some_and(|p| p < today) {
        return None;
    }
    let checklist_closed = setup.checklist_closes.is_some_and(|c| c < today);
    let (needed, steps) = if setup.invitations_sent.is_none() && !checklist_closed {
        (
            LEAD_TIME_DAYS,
            "about 2 weeks for the self-assessment checklist, a week to analyse the responses, \
             and the papers shared at least 2 weeks before fieldwork",
        )
    } else if !checklist_closed {
        (
            // The checklist is open: it still closes, is analysed, then papers go 2 weeks ahead.
            ANALYSIS_DAYS + PREP_DAYS,
            "a week to analyse the checklist responses and the papers shared at least 2 weeks \
             before fieldwork",
        )
    } else {
        (
            PREP_DAYS,
            "the papers shared at least 2 weeks before fieldwork",
        )
    };
    (left < needed).then(|| Warning {
        field: Milestone::FieldworkStart,
        message: format!(
            "Fieldwork starts in {}. That is too soon for the steps the guidance asks for \
             before fieldwork: {steps} (about {} weeks in all). Move fieldwork later if you \
             can, or agree a shorter timeline with the Improvement Service.",
            days(left),
            needed / 7
        ),
    })
}

/// Every timeline warning for a review: [`warnings`] on the Appendix 1 dates, the checklist
/// closing date, and fieldwork too soon. Never blocking.
pub fn setup_warnings(setup: &ReviewSetup, today: Date) -> Vec<Warning> {
    let mut out: Vec<Warning> = fieldwork_too_soon(setup, today).into_iter().collect();
    out.extend(warnings(&setup.dates));
    out.extend(checklist_closes_warnings(setup));
    out
}

/// Records that the invitations went out on `date`, which starts pre-work. Keeps the first
/// date if called again (later batches of invitations do not restart the stage).
pub fn record_invitations_sent(setup: &mut ReviewSetup, date: Date) {
    if setup.invitations_sent.is_none_or(|d| date < d) {
        setup.invitations_sent = Some(date);
    }
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
        let mut s = ReviewSetup::new("T");
        s.dates = m;
        assert_eq!(next_date(&s, d("2026-01-01")), None);
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
    fn leads_meeting_within_5_weeks_is_an_upper_limit() {
        let mut m = base(); // fieldwork ends Thu 5 March 2026
                            // Any day from the end of fieldwork up to 35 days after is within "4–5 weeks".
        for ok in [
            "2026-03-05",
            "2026-03-12",
            "2026-04-01",
            "2026-04-02",
            "2026-04-09",
        ] {
            m.leads_meeting = Some(d(ok));
            assert!(warnings(&m).is_empty(), "{ok}: {:?}", warnings(&m));
        }
        m.leads_meeting = Some(d("2026-04-10")); // 36 days
        let w = warnings(&m);
        assert_eq!(fields(&w), [Milestone::LeadsMeeting]);
        assert_eq!(
            w[0].message,
            "The leads' meeting is 36 days after fieldwork. The guidance says within 4 to 5 weeks."
        );
        // The order checks stay.
        m.leads_meeting = Some(d("2026-03-01"));
        assert!(warnings(&m)[0].message.contains("before fieldwork ends"));
        m.leads_meeting = Some(d("2026-03-12"));
        m.draft_report = Some(d("2026-03-19"));
        assert_eq!(
            warnings(&m)[0].message,
            "The leads' meeting is before the draft report is circulated."
        );
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
    fn next_date_picks_the_first_on_or_after_today() {
        let mut s = ReviewSetup::new("T");
        s.dates = suggest(&base());
        assert_eq!(
            next_date(&s, d("2026-02-17")),
            Some((Milestone::PreMeeting, d("2026-02-17")))
        );
        assert_eq!(
            next_date(&s, d("2026-02-18")),
            Some((Milestone::FieldworkStart, d("2026-03-03")))
        );
        assert_eq!(
            next_date(&s, d("2026-03-04")),
            Some((Milestone::FieldworkEnd, d("2026-03-05")))
        );
        assert_eq!(next_date(&s, d("2026-04-17")), None);
    }

    #[test]
    fn stage_labels_and_numbers() {
        assert_eq!(Stage::ALL.map(Stage::number), [1, 2, 3, 4, 5]);
        assert_eq!(Stage::PreWork.label(), "Pre-work");
    }

    /// A review with fieldwork Tue 3 – Thu 5 March 2026 and nothing else.
    fn review() -> ReviewSetup {
        let mut s = ReviewSetup::new("T");
        s.dates = base();
        s
    }

    #[test]
    fn checklist_closing_date_is_a_milestone() {
        let mut s = review();
        s.checklist_closes = Some(d("2026-02-10"));
        assert!(Milestone::TIMELINE.contains(&Milestone::ChecklistCloses));
        assert_eq!(Milestone::ChecklistCloses.of(&s), Some(d("2026-02-10")));
        // Not in the Appendix 1 struct: `get` on the dates alone never sees it.
        assert_eq!(Milestone::ChecklistCloses.get(&s.dates), None);
        assert_eq!(
            next_date(&s, d("2026-02-01")),
            Some((Milestone::ChecklistCloses, d("2026-02-10")))
        );
        assert_eq!(
            next_date(&s, d("2026-02-11")),
            Some((Milestone::FieldworkStart, d("2026-03-03")))
        );
        assert_eq!(
            stage_dates(&s, Stage::PreWork),
            [(Milestone::ChecklistCloses, d("2026-02-10"))]
        );
        let list = timeline_dates(&s);
        assert_eq!(list.len(), 9);
        assert_eq!(list[1], (Milestone::ChecklistCloses, Some(d("2026-02-10"))));
        Milestone::ChecklistCloses.set_in(&mut s, None);
        assert_eq!(s.checklist_closes, None);
        Milestone::PreMeeting.set_in(&mut s, Some(d("2026-02-17")));
        assert_eq!(s.dates.pre_meeting, Some(d("2026-02-17")));
    }

    #[test]
    fn checklist_closing_date_is_suggested_from_the_papers_not_today() {
        let mut s = review();
        // A week before the papers go out (2 weeks before fieldwork), whatever today is.
        for today in ["2025-12-01", "2026-01-20", "2026-02-10"] {
            assert_eq!(
                suggested_checklist_closes(&s, d(today)),
                Some(d("2026-02-10")),
                "{today}"
            );
        }
        // Never in the past.
        assert_eq!(suggested_checklist_closes(&s, d("2026-02-11")), None);
        // Follows a papers date typed by hand; off the weekend, earlier.
        s.dates.papers_shared = Some(d("2026-02-16")); // Monday: -7 is Monday 9th
        assert_eq!(
            suggested_checklist_closes(&s, d("2026-01-01")),
            Some(d("2026-02-09"))
        );
        s.dates.papers_shared = Some(d("2026-02-15")); // Sunday: -7 is Sunday 8th -> Fri 6th
        assert_eq!(
            suggested_checklist_closes(&s, d("2026-01-01")),
            Some(d("2026-02-06"))
        );
        assert_eq!(
            suggested_checklist_closes(&ReviewSetup::new("x"), d("2026-01-01")),
            None
        );
    }

    #[test]
    fn checklist_closing_hint_is_one_text_for_both_pages() {
        let none = checklist_closes_hint(&ReviewSetup::new("x"));
        assert_eq!(
            none,
            "The checklist is usually open for about 2 weeks. Close it in time to analyse the \
             responses before the papers go out, at least 2 weeks before fieldwork."
        );
        let hint = checklist_closes_hint(&review());
        assert!(hint.starts_with(&none));
        assert!(
            hint.ends_with(
                "With fieldwork starting on Tuesday 3 March 2026, a closing date of Tuesday \
                 10 February 2026 leaves a week to analyse the responses before the papers go \
                 out 2 weeks before fieldwork."
            ),
            "{hint}"
        );
    }

    #[test]
    fn checklist_closing_date_warns_but_never_blocks() {
        let mut s = review();
        let msgs = |s: &ReviewSetup| -> Vec<String> {
            checklist_closes_warnings(s)
                .into_iter()
                .map(|w| {
                    assert_eq!(w.field, Milestone::ChecklistCloses);
                    w.message
                })
                .collect()
        };
        s.checklist_closes = Some(d("2026-02-10")); // 7 days before the papers: fine
        assert!(msgs(&s).is_empty());
        s.checklist_closes = Some(d("2026-02-11")); // 6 days
        assert_eq!(
            msgs(&s),
            [
                "The checklist closes only 6 days before the papers are due (2 weeks before \
              fieldwork). Allow about a week to analyse the responses."
            ]
        );
        s.dates.papers_shared = Some(d("2026-02-12"));
        assert_eq!(
            msgs(&s),
            [
                "The checklist closes only 1 day before the papers go out. Allow about a week to \
              analyse the responses."
            ]
        );
        s.checklist_closes = Some(d("2026-02-13"));
        assert!(msgs(&s)[0].starts_with("The checklist closes after the papers go out."));
        // On or after fieldwork is the set-up's validation error, not repeated as a warning.
        s.checklist_closes = Some(d("2026-03-03"));
        assert!(msgs(&s).is_empty());
        // Open too briefly after the invitations went out.
        s.dates.papers_shared = None;
        s.checklist_closes = Some(d("2026-02-10"));
        s.invitations_sent = Some(d("2026-02-03"));
        assert_eq!(
            msgs(&s),
            [
                "The checklist is open for only 7 days after the invitations were sent. It is \
              usually open for about 2 weeks."
            ]
        );
        s.invitations_sent = Some(d("2026-01-27")); // 14 days
        assert!(msgs(&s).is_empty());
        s.invitations_sent = Some(d("2026-02-11"));
        assert_eq!(
            msgs(&s),
            ["The checklist closes before the invitations were sent."]
        );
        // In the review's warnings too.
        assert!(fields(&setup_warnings(&s, d("2026-01-01"))).contains(&Milestone::ChecklistCloses));
    }

    #[test]
    fn fieldwork_too_soon_says_so_and_suggests_nothing_in_the_past() {
        let mut s = review();
        let today = d("2026-02-23"); // Monday, 8 days before fieldwork
        let w = fieldwork_too_soon(&s, today).expect("a warning");
        assert_eq!(w.field, Milestone::FieldworkStart);
        assert_eq!(
            w.message,
            "Fieldwork starts in 8 days. That is too soon for the steps the guidance asks for \
             before fieldwork: about 2 weeks for the self-assessment checklist, a week to \
             analyse the responses, and the papers shared at least 2 weeks before fieldwork \
             (about 5 weeks in all). Move fieldwork later if you can, or agree a shorter \
             timeline with the Improvement Service."
        );
        assert_eq!(setup_warnings(&s, today)[0], w);

        let out = apply_suggestions(&mut s, today);
        for ms in Milestone::TIMELINE {
            if let Some(date) = ms.of(&s) {
                assert!(
                    date >= today || !s.suggested_dates.contains_key(&ms),
                    "{ms:?} suggested in the past: {date}"
                );
            }
        }
        assert_eq!(
            out.filled,
            [
                Milestone::DraftReport,
                Milestone::LeadsMeeting,
                Milestone::FinalReport
            ]
        );
        assert_eq!(
            out.in_the_past,
            [
                Milestone::InitialMeeting,
                Milestone::PreMeeting,
                Milestone::PapersShared,
                Milestone::ChecklistCloses
            ]
        );
        assert_eq!(s.dates.pre_meeting, None);
        assert_eq!(s.checklist_closes, None);
        assert_eq!(
            out.message(),
            "Suggested 3 dates from the guidance. Check them and change any that do not suit. \
             No date was suggested for the initial meeting to discuss the process, team \
             pre-meeting, papers shared with the team and self-assessment checklist closes \
             because the guidance would put them in the past."
        );
    }

    #[test]
    fn fieldwork_too_soon_counts_only_the_steps_left() {
        let mut s = review();
        // 35 days is enough from scratch; 34 is not.
        assert_eq!(fieldwork_too_soon(&s, d("2026-01-27")), None);
        assert!(fieldwork_too_soon(&s, d("2026-01-28")).is_some());
        // Invitations out: a week's analysis and 2 weeks' notice are left (21 days).
        s.invitations_sent = Some(d("2026-01-20"));
        assert_eq!(fieldwork_too_soon(&s, d("2026-02-10")), None);
        let w = fieldwork_too_soon(&s, d("2026-02-11")).unwrap();
        assert!(
            w.message.contains("(about 3 weeks in all)"),
            "{}",
            w.message
        );
        // Checklist closed: only the 2 weeks' notice for the papers.
        s.checklist_closes = Some(d("2026-02-10"));
        assert_eq!(fieldwork_too_soon(&s, d("2026-02-17")), None);
        assert!(fieldwork_too_soon(&s, d("2026-02-18")).is_some());
        // Papers already out, or fieldwork under way: nothing to warn about.
        s.dates.papers_shared = Some(d("2026-02-17"));
        assert_eq!(fieldwork_too_soon(&s, d("2026-02-25")), None);
        s.dates.papers_shared = None;
        assert_eq!(fieldwork_too_soon(&s, d("2026-03-03")), None);
        assert_eq!(
            fieldwork_too_soon(&ReviewSetup::new("x"), d("2026-03-03")),
            None
        );
    }

    #[test]
    fn use_suggested_dates_records_what_it_suggested() {
        let mut s = review();
        let today = d("2026-01-01");
        assert!(preview_suggestions(&s, today).changes_anything());
        let out = apply_suggestions(&mut s, today);
        assert_eq!(out.filled.len(), 7);
        assert!(out
            .message()
            .starts_with("Suggested 7 dates from the guidance."));
        assert_eq!(s.dates.initial_meeting, Some(d("2026-01-06")));
        assert_eq!(s.dates.pre_meeting, Some(d("2026-02-17")));
        assert_eq!(s.checklist_closes, Some(d("2026-02-10")));
        assert_eq!(s.dates.final_report, Some(d("2026-04-16")));
        for ms in SUGGESTION_ORDER {
            assert!(is_suggested(&s, ms), "{ms:?}");
        }
        assert!(!is_suggested(&s, Milestone::FieldworkStart));
        assert!(setup_warnings(&s, today).is_empty());
        // Nothing left to do, and it says so truthfully.
        let again = apply_suggestions(&mut s, today);
        assert!(!again.changes_anything());
        assert_eq!(again.message(), "There were no empty dates to suggest.");
        // A suggestion kept until after its day stays put.
        let later = apply_suggestions(&mut s, d("2026-02-20"));
        assert!(!later.changes_anything());
        assert_eq!(s.dates.initial_meeting, Some(d("2026-01-06")));
        // Suggested dates survive a save.
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["suggested_dates"]["checklist_closes"], "2026-02-10");
        let back = ReviewSetup::from_body(crate::domain::review::SCHEMA, &json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn moved_fieldwork_moves_only_the_suggested_dates_in_one_step() {
        let mut s = review();
        let today = d("2026-01-01");
        apply_suggestions(&mut s, today);
        // The host types the pre-meeting by hand.
        Milestone::PreMeeting.set_in(&mut s, Some(d("2026-02-18")));
        assert!(!is_suggested(&s, Milestone::PreMeeting));
        assert!(stale_suggestions(&s, today).is_empty());

        // Fieldwork moves a week earlier: Tue 24 – Thu 26 February.
        s.dates.fieldwork_start = Some(d("2026-02-24"));
        s.dates.fieldwork_end = Some(d("2026-02-26"));
        // Stale suggestions draw warnings, so "Use suggested dates" has work to do.
        assert!(!setup_warnings(&s, today).is_empty());
        assert_eq!(
            stale_suggestions(&s, today),
            [
                Milestone::InitialMeeting,
                Milestone::ChecklistCloses,
                Milestone::PapersShared,
                Milestone::DraftReport,
                Milestone::LeadsMeeting,
                Milestone::FinalReport
            ]
        );
        let preview = preview_suggestions(&s, today);
        assert!(preview.changes_anything());
        assert_ne!(preview.message(), "There were no empty dates to suggest.");

        let out = apply_suggestions(&mut s, today);
        assert_eq!(out, preview);
        assert_eq!(
            out.moved,
            [
                Milestone::PapersShared,
                Milestone::ChecklistCloses,
                Milestone::DraftReport,
                Milestone::LeadsMeeting,
                Milestone::FinalReport
            ]
        );
        // 8 weeks before the new fieldwork is 30 December 2025: in the past, so removed.
        assert_eq!(out.cleared, [Milestone::InitialMeeting]);
        assert_eq!(s.dates.initial_meeting, None);
        assert_eq!(s.dates.papers_shared, Some(d("2026-02-10")));
        assert_eq!(s.checklist_closes, Some(d("2026-02-03")));
        assert_eq!(s.dates.draft_report, Some(d("2026-03-12")));
        assert_eq!(s.dates.leads_meeting, Some(d("2026-03-26")));
        assert_eq!(s.dates.final_report, Some(d("2026-04-09")));
        // The typed date is kept, and its warning is pointed out.
        assert_eq!(s.dates.pre_meeting, Some(d("2026-02-18")));
        assert_eq!(out.typed_with_warnings, [Milestone::PreMeeting]);
        assert_eq!(
            out.message(),
            "Moved 5 suggested dates to follow the fieldwork dates: papers shared with the \
             team, self-assessment checklist closes, draft report circulated to the core \
             team, leads' meeting to discuss the draft report and final reporting. Removed 1 \
             suggested date that would now be in the past: initial meeting to discuss the \
             process. You typed the team pre-meeting yourself, so it was not changed: check \
             the warning."
        );
        let w = setup_warnings(&s, today);
        assert_eq!(fields(&w), [Milestone::PreMeeting]);
        assert!(stale_suggestions(&s, today).is_empty());
        // A later click has nothing to move, and does not pretend the typed date is fine.
        let again = apply_suggestions(&mut s, today);
        assert!(!again.changes_anything());
        assert_eq!(
            again.message(),
            "No date was suggested for the initial meeting to discuss the process because the \
             guidance would put it in the past. You typed the team pre-meeting yourself, so it \
             was not changed: check the warning."
        );
    }

    #[test]
    fn final_report_follows_a_typed_leads_meeting_when_fieldwork_moves() {
        let mut s = review();
        let today = d("2026-01-01");
        apply_suggestions(&mut s, today);
        Milestone::LeadsMeeting.set_in(&mut s, Some(d("2026-04-07")));
        let out = apply_suggestions(&mut s, today);
        assert_eq!(out.moved, [Milestone::FinalReport]);
        assert_eq!(s.dates.final_report, Some(d("2026-04-21")));
    }

    #[test]
    fn prework_begins_when_the_invitations_go_out() {
        let mut s = crate::domain::review::tests::complete();
        assert!(s.is_complete());
        let today = d("2026-02-01");
        // A complete set-up is still getting ready (the old rule said pre-work).
        assert_eq!(stage(&s, today), Stage::GettingReady);
        record_invitations_sent(&mut s, d("2026-01-20"));
        assert_eq!(stage(&s, today), Stage::PreWork);
        assert_eq!(stage(&s, d("2026-01-19")), Stage::GettingReady);
        // A later batch does not move the date; an earlier record does.
        record_invitations_sent(&mut s, d("2026-01-27"));
        assert_eq!(s.invitations_sent, Some(d("2026-01-20")));
        record_invitations_sent(&mut s, d("2026-01-13"));
        assert_eq!(s.invitations_sent, Some(d("2026-01-13")));
        // Fieldwork and after, by the dates, whatever the invitations.
        s.invitations_sent = None;
        assert_eq!(stage(&s, d("2026-03-04")), Stage::Fieldwork);
        assert_eq!(stage(&s, d("2026-03-06")), Stage::Report);
        s.dates.final_report = Some(d("2026-04-16"));
        assert_eq!(stage(&s, d("2026-04-17")), Stage::Sharing);
    }

    #[test]
    fn stages_use_the_guidance_names() {
        assert_eq!(
            Stage::ALL.map(Stage::label),
            [
                "Getting ready",
                "Pre-work",
                "Fieldwork",
                "Capturing findings, recording and reporting",
                "Sharing findings"
            ]
        );
        // Every dated milestone belongs to exactly one stage.
        let mut all: Vec<Milestone> = Stage::ALL
            .iter()
            .flat_map(|s| s.milestones().iter().copied())
            .collect();
        all.sort();
        let mut timeline = Milestone::TIMELINE.to_vec();
        timeline.sort();
        assert_eq!(all, timeline);
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
