//! The self-assessment invitation and the checklist choices behind it.
//!
//! An invitation file carries the review's checklist record plus an [`InvitationInfo`] summary
//! in the bundle's `extra`: just what a stakeholder needs to answer (host, focus, closing date,
//! respondent groups, whether names are allowed, who to send the response to). It never carries
//! the full [`ReviewSetup`], which holds the team's contact details.
//!
//! Also here: reading a checklist file (CSV or JSON) and deciding whether a new checklist may
//! replace the current one in place or must become its next version, respondent-group editing,
//! the time estimate, and where a returning respondent should pick up.

use super::checklist::{self, Checklist, ImportError};
use super::date::Date;
use super::response::{ResponseBody, SectionStatus};
use super::review::ReviewSetup;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What the respondent is told about confidentiality, on the start page and in the email.
pub const ANONYMITY_STATEMENT: &str = "Your response is anonymous and non-attributable. \
It does not include your name or email address, and the host only ever reports answers \
combined with everyone else's.";

/// Added when the host allows names.
pub const NAMED_STATEMENT: &str = "You may give your name if you want to, but you do not have to. \
If you leave it blank, your response stays anonymous.";

/// How long the checklist is usually open, in days ("about two weeks").
pub const USUAL_OPEN_DAYS: i64 = 14;

/// Longest respondent group name, in characters.
pub const MAX_GROUP_CHARS: usize = 100;

/// Most respondent groups a review may have.
pub const MAX_GROUPS: usize = 20;

/// The summary that travels in an invitation's `extra`. Every field has a default, so older
/// or hand-made invitations (which may only have `message` and `respond_by`) still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvitationInfo {
    pub review_id: String,
    /// The review's short name.
    pub title: String,
    /// Host council or organisation.
    pub host: String,
    /// The service or area being reviewed.
    pub focus: String,
    /// When the checklist closes. Older files call it `respond_by`.
    #[serde(alias = "respond_by")]
    pub closing_date: Option<Date>,
    /// Respondent groups to choose from (choosing one is optional).
    pub groups: Vec<String>,
    /// Whether respondents may give their name.
    pub allow_named: bool,
    /// The host lead (who the invitation comes from).
    pub host_lead_name: String,
    pub host_lead_email: String,
    /// Who respondents send their files to: a neutral collector (such as the Improvement
    /// Service facilitator) the host names, or the host lead. Older files have neither, which
    /// means the host lead.
    pub collector_name: String,
    pub collector_email: String,
    /// Time to complete, in minutes (a range).
    pub minutes_min: u32,
    pub minutes_max: u32,
    /// A note from the host to respondents.
    pub message: String,
    /// Title of the checklist people will answer.
    pub checklist_title: String,
}

impl Default for InvitationInfo {
    fn default() -> Self {
        InvitationInfo {
            review_id: String::new(),
            title: String::new(),
            host: String::new(),
            focus: String::new(),
            closing_date: None,
            groups: Vec::new(),
            allow_named: false,
            host_lead_name: String::new(),
            host_lead_email: String::new(),
            collector_name: String::new(),
            collector_email: String::new(),
            minutes_min: 20,
            minutes_max: 30,
            message: String::new(),
            checklist_title: String::new(),
        }
    }
}

impl InvitationInfo {
    /// The summary for `setup`'s invitation to answer `checklist`. Copies only what respondents
    /// need: no team members, no phone numbers, no IS lead, no rationale.
    pub fn from_setup(
        review_id: &str,
        setup: &ReviewSetup,
        checklist: &Checklist,
        message: &str,
    ) -> InvitationInfo {
        let (minutes_min, minutes_max) = estimate_minutes(checklist);
        InvitationInfo {
            review_id: review_id.to_string(),
            title: setup.title.trim().to_string(),
            host: setup.host_name(),
            focus: setup.focus.trim().to_string(),
            closing_date: setup.checklist_closes,
            groups: clean_groups(&setup.respondent_groups),
            allow_named: setup.allow_named_responses,
            host_lead_name: setup.leads.host_lead.name.trim().to_string(),
            host_lead_email: setup.leads.host_lead.email.trim().to_string(),
            collector_name: setup.leads.host_lead.name.trim().to_string(),
            collector_email: setup.leads.host_lead.email.trim().to_string(),
            minutes_min,
            minutes_max,
            message: message.trim().to_string(),
            checklist_title: checklist.title.clone(),
        }
    }

    /// Names who collects the responses. Blank name and email mean the host lead.
    pub fn with_collector(mut self, name: &str, email: &str) -> InvitationInfo {
        let (name, email) = (name.trim(), email.trim());
        if name.is_empty() && email.is_empty() {
            self.collector_name = self.host_lead_name.clone();
            self.collector_email = self.host_lead_email.clone();
        } else {
            self.collector_name = name.to_string();
            self.collector_email = email.to_string();
        }
        self
    }

    /// `(name, email)` of whoever respondents send their files to.
    pub fn collector(&self) -> (&str, &str) {
        match (self.collector_name.trim(), self.collector_email.trim()) {
            ("", "") => (self.host_lead_name.trim(), self.host_lead_email.trim()),
            other => other,
        }
    }

    /// True when files go to someone other than the host lead, so the host never sees who
    /// sent which.
    pub fn has_neutral_collector(&self) -> bool {
        let (name, email) = self.collector();
        let host_email = self.host_lead_email.trim();
        if !email.is_empty() && !host_email.is_empty() {
            return !email.eq_ignore_ascii_case(host_email);
        }
        !name.is_empty() && !name.eq_ignore_ascii_case(self.host_lead_name.trim())
    }

    /// "Ann Smith (ann@example.org)", or whichever part is known, or `fallback`.
    pub fn collector_text(&self, fallback: &str) -> String {
        match self.collector() {
            ("", "") => fallback.to_string(),
            (n, "") => n.to_string(),
            ("", e) => e.to_string(),
            (n, e) => format!("{n} ({e})"),
        }
    }

    /// What the host can and cannot see, in plain words, for the start page.
    pub fn privacy_points(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.has_neutral_collector() {
            out.push(format!(
                "You send your response file to {}, not to the host team. They pass the files on \
without saying who sent which, so the host does not see your email address.",
                self.collector_text("the collector")
            ));
        } else {
            out.push(format!(
                "You send your response file by email to {}, so the host sees the email address \
it came from: they know that you responded and could tell which answers are yours.",
                self.collector_text("the person who sent you the invitation")
            ));
        }
        out.push(
            "The file holds only your answers and comments (and your group if you choose one). \
It does not hold your email address or anything that links it to other files from this device."
                .to_string(),
        );
        out.push(
            "The host never sees who gave which answers in the review's reports: they only ever \
show answers combined with everyone else's."
                .to_string(),
        );
        if !self.groups.is_empty() {
            out.push(format!(
                "Groups of fewer than {} people are never shown on their own.",
                crate::domain::analysis::MIN_GROUP_SIZE
            ));
        }
        out
    }

    /// The bundle `extra` object. `respond_by` is written too, for readers of the documented
    /// field name.
    pub fn to_extra(&self) -> Map<String, Value> {
        let mut map = match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        if let Some(d) = self.closing_date {
            map.insert("respond_by".into(), Value::String(d.to_string()));
        }
        map
    }

    /// Reads the stored `extra` JSON of an invitation for `review_id`; `None` if it is not an
    /// object. Missing fields take defaults; the review id comes from the key if absent.
    pub fn parse(review_id: &str, json: &str) -> Option<InvitationInfo> {
        let value: Value = serde_json::from_str(json).ok()?;
        let Value::Object(mut map) = value else {
            return None;
        };
        // `respond_by` and `closing_date` may both be present (we write both): keep one.
        if map.contains_key("closing_date") {
            map.remove("respond_by");
        }
        let mut info: InvitationInfo = serde_json::from_value(Value::Object(map)).ok()?;
        if info.review_id.trim().is_empty() {
            info.review_id = review_id.to_string();
        }
        Some(info)
    }

    /// "Fife Council: Housing voids", or whichever parts are known, or the review name.
    pub fn display_name(&self) -> String {
        match (self.host.trim(), self.focus.trim()) {
            ("", "") if !self.title.trim().is_empty() => self.title.trim().to_string(),
            ("", "") => "Self-assessment".to_string(),
            (h, "") => h.to_string(),
            ("", f) => f.to_string(),
            (h, f) => format!("{h}: {f}"),
        }
    }

    /// Host for file names and subjects, falling back to the review name.
    pub fn host_or_title(&self) -> String {
        if self.host.trim().is_empty() {
            self.title.trim().to_string()
        } else {
            self.host.trim().to_string()
        }
    }

    /// "About 20 to 30 minutes".
    pub fn time_text(&self) -> String {
        if self.minutes_min == self.minutes_max {
            format!("About {} minutes", self.minutes_min)
        } else {
            format!("About {} to {} minutes", self.minutes_min, self.minutes_max)
        }
    }

    /// The anonymity statement, with the named-response note when names are allowed.
    pub fn anonymity_text(&self) -> String {
        if self.allow_named {
            format!("{ANONYMITY_STATEMENT} {NAMED_STATEMENT}")
        } else {
            ANONYMITY_STATEMENT.to_string()
        }
    }

    /// Subject of the host's email that sends the invitation.
    pub fn invitation_subject(&self) -> String {
        // No acronym: many people outside the review team have never heard of PCI.
        subject(
            "Your views on the service: a short self-assessment checklist",
            self,
        )
    }

    /// A ready-to-send email inviting people to respond. `app_url` is where the app lives.
    pub fn invitation_body(&self, app_url: &str) -> String {
        let mut out = String::from("Hello,\n\n");
        let what = match (self.host.trim(), self.focus.trim()) {
            ("", "") => "We are".to_string(),
            (h, "") => format!("{h} is"),
            ("", f) => format!("We are reviewing {f} and are"),
            (h, f) => format!("{h} is reviewing {f} and is"),
        };
        out.push_str(&format!(
            "{what} taking part in a peer collaborative improvement review. In plain words: the \
council looks at how one of its services works, with help from the Improvement Service and a few \
colleagues from other councils who act as \"critical friends\", to find ways to improve it. It is \
voluntary and confidential. It is not an audit or an inspection, and no one is being judged.\n\n\
As part of it, we are asking people who work in or with the service to complete a short \
self-assessment checklist. Your views help the review team decide where to focus.\n\n"
        ));
        out.push_str(&format!(
            "It takes {}. You can stop and come back: your answers are saved on your device as you go.\n\n",
            self.time_text().to_lowercase()
        ));
        if let Some(d) = self.closing_date {
            out.push_str(&format!("Please send your response by {}.\n\n", d.long()));
        }
        out.push_str("How to take part:\n");
        out.push_str("1. Save the attached file (its name ends in .pcibundle).\n");
        out.push_str(&format!(
            "2. Open {}/respond in your web browser and choose the file. Nothing is sent anywhere until you choose to send it.\n",
            app_url.trim_end_matches('/')
        ));
        out.push_str("3. Answer the statements and add your comments.\n");
        let to = self.collector_text("the person who sent you this email");
        out.push_str(&format!(
            "4. Download your response file and email it to {to}.\n\n"
        ));
        out.push_str(&format!(
            "If your email system blocks the attached file, or you cannot save it, reply to this \
email and ask {} to send it another way (for example through a shared drive).\n\n",
            match self.host_lead_name.trim() {
                "" => "the sender",
                n => n,
            }
        ));
        if self.has_neutral_collector() {
            out.push_str(&format!(
                "{} collects the responses and passes them on to the review team without saying \
who sent which.\n\n",
                match self.collector().0 {
                    "" => "The collector",
                    n => n,
                }
            ));
        }
        out.push_str(ANONYMITY_STATEMENT);
        out.push_str("\n\n");
        if !self.message.trim().is_empty() {
            out.push_str(self.message.trim());
            out.push_str("\n\n");
        }
        out.push_str("Thank you");
        if !self.host_lead_name.trim().is_empty() {
            out.push_str(",\n");
            out.push_str(self.host_lead_name.trim());
        }
        out.push('\n');
        out
    }

    /// Subject of the respondent's email that sends a response back.
    pub fn response_subject(&self) -> String {
        subject("Self-assessment checklist response", self)
    }

    /// Body of the respondent's email that sends a response back.
    pub fn response_body(&self) -> String {
        let greeting = match self.collector().0 {
            "" => "Hello,".to_string(),
            n => format!("Dear {n},"),
        };
        format!(
            "{greeting}\n\nHere is my self-assessment checklist response for {}. \
Import the attached file on the Responses page of your review.",
            self.display_name()
        )
    }

    /// Days from `today` until the closing date (negative once it has passed).
    pub fn days_left(&self, today: Date) -> Option<i64> {
        self.closing_date.map(|d| today.days_until(d))
    }
}

/// "<prefix> – <host> – <focus>", leaving out unknown parts.
fn subject(prefix: &str, info: &InvitationInfo) -> String {
    let mut parts = vec![prefix.to_string()];
    let host = info.host_or_title();
    if !host.is_empty() {
        parts.push(host);
    }
    if !info.focus.trim().is_empty() {
        parts.push(info.focus.trim().to_string());
    }
    parts.join(" – ")
}

/// Minutes to complete, rounded to 5: about 15–20 seconds a statement and 1–2 minutes for each
/// section's comments. The 61-statement PSIF standard checklist gives 20 to 30.
pub fn estimate_minutes(checklist: &Checklist) -> (u32, u32) {
    let statements = checklist.statement_count() as u32;
    let sections = checklist.sections.len() as u32;
    let round5 = |m: u32| ((m + 2) / 5 * 5).max(5);
    let lo = round5(statements / 4 + sections);
    let hi = round5(statements / 3 + sections * 2).max(lo + 5);
    (lo, hi)
}

/// Things worth fixing before the invitation goes out. None of them stops the export.
/// `collector_email` is the neutral collector's address, if the host named one.
pub fn invite_warnings(setup: &ReviewSetup, today: Date, collector_email: &str) -> Vec<String> {
    let mut out = Vec::new();
    match setup.checklist_closes {
        None => out.push(
            "There is no closing date. Respondents will not know when to reply by.".to_string(),
        ),
        Some(d) if d < today => out.push(format!(
            "The closing date, {}, has already passed.",
            d.long()
        )),
        _ => {}
    }
    if setup.leads.host_lead.email.trim().is_empty() && collector_email.trim().is_empty() {
        out.push(
            "The host lead has no email address. Respondents will not know where to send their response."
                .to_string(),
        );
    }
    if setup.host.is_none() {
        out.push("The host council or organisation is not chosen yet.".to_string());
    }
    if setup.focus.trim().is_empty() {
        out.push("The focus of the review is not written yet.".to_string());
    }
    out
}

/// Groups trimmed, blanks and case-insensitive repeats dropped, order kept.
pub fn clean_groups(groups: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for g in groups {
        let g = g.trim();
        if !g.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(g)) {
            out.push(g.to_string());
        }
    }
    out
}

/// Adds a respondent group, or says why not (GOV.UK wording).
pub fn add_group(groups: &mut Vec<String>, name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Enter the name of the group".to_string());
    }
    if name.chars().count() > MAX_GROUP_CHARS {
        return Err(format!(
            "Group name must be {MAX_GROUP_CHARS} characters or fewer"
        ));
    }
    if groups.iter().any(|g| g.trim().eq_ignore_ascii_case(name)) {
        return Err(format!("There is already a group called “{name}”"));
    }
    if groups.len() >= MAX_GROUPS {
        return Err(format!("You can have up to {MAX_GROUPS} groups"));
    }
    groups.push(name.to_string());
    Ok(())
}

/// Reads a checklist file: JSON when the name ends in `.json` or the text starts with `{`,
/// otherwise CSV (columns section, sub-area, statement and optional id), titled from the file
/// name without its extension.
pub fn read_checklist_file(file_name: &str, text: &str) -> Result<Checklist, Vec<ImportError>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let lower = file_name.to_lowercase();
    if lower.ends_with(".json") || (!lower.ends_with(".csv") && trimmed.starts_with('{')) {
        checklist::from_json(text)
    } else {
        let stem = match file_name.rsplit_once('.') {
            Some((stem, _)) if !stem.trim().is_empty() => stem,
            _ => file_name,
        };
        checklist::from_csv(stem, text)
    }
}

/// What choosing a new checklist would do.
#[derive(Debug, Clone, PartialEq)]
pub enum Replacement {
    /// Same wording as now: nothing to save.
    Unchanged,
    /// No responses yet: the new checklist simply replaces the current one.
    InPlace(Checklist),
    /// Responses exist: the new wording becomes the current checklist's next version, so the
    /// responses already received stay tied to the version they answered.
    NewVersion(Checklist),
}

impl Replacement {
    /// The checklist to save, if any.
    pub fn checklist(&self) -> Option<&Checklist> {
        match self {
            Replacement::Unchanged => None,
            Replacement::InPlace(c) | Replacement::NewVersion(c) => Some(c),
        }
    }
}

/// Decides how `new` replaces `current` (see [`Replacement`]).
pub fn replace_checklist(current: &Checklist, new: &Checklist, has_responses: bool) -> Replacement {
    if current.fingerprint() == new.fingerprint() && current.source_note == new.source_note {
        return Replacement::Unchanged;
    }
    if checklist::can_edit_in_place(has_responses) {
        return Replacement::InPlace(new.clone());
    }
    let mut next = current.next_version();
    next.title = new.title.clone();
    next.source_note = new.source_note.clone();
    next.sections = new.sections.clone();
    next.scale = new.scale.clone();
    Replacement::NewVersion(next)
}

/// Where a returning respondent should carry on: the first section that is not completed, or
/// `None` when every section is.
pub fn resume_section<'a>(response: &ResponseBody, checklist: &'a Checklist) -> Option<&'a str> {
    checklist
        .sections
        .iter()
        .find(|s| response.section_status(checklist, &s.id) != SectionStatus::Completed)
        .map(|s| s.id.as_str())
}

/// The first 8 characters of a respondent id, for lists ("Response 3f2a9c01").
pub fn short_id(id: &str) -> String {
    id.chars().filter(|c| *c != '-').take(8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::{psif_standard, Rating};
    use crate::domain::response::CommentKind;
    use crate::domain::review::{Contact, OrgRef};

    const BESPOKE_CSV: &str = include_str!("../../tests/fixtures/checklists/bespoke.csv");
    const CORPORATE_CSV: &str = include_str!("../../tests/fixtures/checklists/corporate.csv");
    const GOOD_JSON: &str = include_str!("../../tests/fixtures/checklists/good.json");
    const BAD_JSON: &str = include_str!("../../tests/fixtures/checklists/malformed.json");
    const BAD_SEVERAL: &str = include_str!("../../tests/fixtures/checklists/malformed-several.csv");
    const BAD_COLUMN: &str =
        include_str!("../../tests/fixtures/checklists/malformed-missing-column.csv");
    const BAD_QUOTE: &str =
        include_str!("../../tests/fixtures/checklists/malformed-unclosed-quote.csv");
    const BAD_DUP: &str =
        include_str!("../../tests/fixtures/checklists/malformed-duplicate-id.csv");

    fn setup() -> ReviewSetup {
        let mut s = ReviewSetup::new("Housing voids 2026");
        s.host = Some(OrgRef::Other("Fife Council".into()));
        s.focus = "Housing voids".into();
        s.checklist_closes = Date::new(2026, 3, 20);
        s.leads.host_lead = Contact {
            name: "Ann Smith".into(),
            email: "ann.smith@fife.gov.uk".into(),
            phone: "01592 000000".into(),
        };
        s.leads.is_lead = Contact {
            name: "Ian Lead".into(),
            email: "ian@improvementservice.org.uk".into(),
            phone: "0131 000 0000".into(),
        };
        s.rationale = "Secret rationale".into();
        s.respondent_groups = vec![
            " Front-line staff ".into(),
            "front-line staff".into(),
            "".into(),
            "Partner".into(),
        ];
        s
    }

    #[test]
    fn invitation_summary_has_what_respondents_need_and_no_contact_details_of_the_team() {
        let c = psif_standard();
        let info = InvitationInfo::from_setup("rv-1", &setup(), &c, "  Thank you! ");
        assert_eq!(info.review_id, "rv-1");
        assert_eq!(info.host, "Fife Council");
        assert_eq!(info.focus, "Housing voids");
        assert_eq!(info.groups, vec!["Front-line staff", "Partner"]);
        assert_eq!(info.message, "Thank you!");
        assert_eq!(info.host_lead_email, "ann.smith@fife.gov.uk");
        assert_eq!((info.minutes_min, info.minutes_max), (20, 30));
        assert!(!info.allow_named);
        let json = serde_json::to_string(&info.to_extra()).unwrap();
        for secret in [
            "01592",
            "Ian Lead",
            "improvementservice",
            "Secret rationale",
        ] {
            assert!(!json.contains(secret), "{secret} leaked into {json}");
        }
        assert!(json.contains("\"respond_by\":\"2026-03-20\""));
        assert!(json.contains("\"closing_date\":\"2026-03-20\""));
    }

    #[test]
    fn extra_round_trips_and_old_files_read() {
        let info = InvitationInfo::from_setup("rv-1", &setup(), &psif_standard(), "");
        let json = Value::Object(info.to_extra()).to_string();
        assert_eq!(InvitationInfo::parse("rv-1", &json), Some(info));

        // The v2 fixture's extra: only a message and respond_by.
        let old = InvitationInfo::parse(
            "rv-2c9e41d0",
            r#"{"message":"Please respond by Friday.","respond_by":"2026-01-16"}"#,
        )
        .unwrap();
        assert_eq!(old.review_id, "rv-2c9e41d0");
        assert_eq!(old.closing_date, Date::new(2026, 1, 16));
        assert_eq!(old.message, "Please respond by Friday.");
        assert_eq!(old.time_text(), "About 20 to 30 minutes");
        assert_eq!(old.display_name(), "Self-assessment");
        assert_eq!(InvitationInfo::parse("x", "[1,2]"), None);
        assert_eq!(InvitationInfo::parse("x", "not json"), None);
    }

    #[test]
    fn email_texts() {
        let info = InvitationInfo::from_setup("rv-1", &setup(), &psif_standard(), "See you soon.");
        assert_eq!(
            info.invitation_subject(),
            "Your views on the service: a short self-assessment checklist – Fife Council – Housing voids"
        );
        assert_eq!(
            info.response_subject(),
            "Self-assessment checklist response – Fife Council – Housing voids"
        );
        let body = info.invitation_body("https://cf.example/");
        assert!(body.contains("https://cf.example/respond"));
        assert!(body.contains("Friday 20 March 2026"));
        assert!(body.contains("Ann Smith (ann.smith@fife.gov.uk)"));
        assert!(body.contains("about 20 to 30 minutes"));
        assert!(body.contains(ANONYMITY_STATEMENT));
        assert!(body.contains("See you soon."));
        assert!(body.contains("It is not an audit or an inspection"));
        assert!(body.contains("If your email system blocks the attached file"));
        assert!(!info.invitation_subject().contains("PCI"));
        assert!(info.response_body().starts_with("Dear Ann Smith,"));

        let bare = InvitationInfo {
            title: "Voids".into(),
            ..InvitationInfo::default()
        };
        assert_eq!(
            bare.response_subject(),
            "Self-assessment checklist response – Voids"
        );
        assert!(bare
            .invitation_body("http://x")
            .contains("the person who sent you this email"));
        assert_eq!(bare.display_name(), "Voids");
    }

    #[test]
    fn a_neutral_collector_receives_the_files_and_the_texts_say_so() {
        let host = InvitationInfo::from_setup("rv-1", &setup(), &psif_standard(), "");
        assert_eq!(host.collector(), ("Ann Smith", "ann.smith@fife.gov.uk"));
        assert!(!host.has_neutral_collector());
        assert!(host.privacy_points()[0].contains("the host sees the email address"));
        let blank = host.clone().with_collector(" ", "");
        assert_eq!(blank, host);

        let is = host
            .clone()
            .with_collector("Kim Lee", "kim.lee@improvementservice.org.uk");
        assert!(is.has_neutral_collector());
        let body = is.invitation_body("https://app.example");
        assert!(body.contains("email it to Kim Lee (kim.lee@improvementservice.org.uk)"));
        assert!(body.contains("Kim Lee collects the responses"));
        assert!(is.response_body().starts_with("Dear Kim Lee,"));
        let points = is.privacy_points().join(" ");
        assert!(points.contains("not to the host team"));
        assert!(points.contains("does not see your email address"));
        assert!(points.contains("never sees who gave which answers"));
        assert!(points.contains("fewer than 5 people"));
        // The collector travels in the invitation; older files without it mean the host lead.
        let back = InvitationInfo::parse("rv-1", &Value::Object(is.to_extra()).to_string());
        assert_eq!(back.as_ref(), Some(&is));
        let mut old = host.clone();
        old.collector_name.clear();
        old.collector_email.clear();
        assert_eq!(old.collector(), ("Ann Smith", "ann.smith@fife.gov.uk"));
    }

    #[test]
    fn anonymity_text_mentions_names_only_when_allowed() {
        let mut info = InvitationInfo::default();
        assert!(info
            .anonymity_text()
            .starts_with("Your response is anonymous and non-attributable"));
        assert!(!info.anonymity_text().contains("give your name"));
        info.allow_named = true;
        assert!(info.anonymity_text().contains("give your name"));
    }

    #[test]
    fn estimates_and_dates() {
        assert_eq!(estimate_minutes(&psif_standard()), (20, 30));
        let small = read_checklist_file("good.json", GOOD_JSON).unwrap();
        let (lo, hi) = estimate_minutes(&small);
        assert!(lo >= 5 && hi > lo);
        let today = Date::new(2026, 3, 2).unwrap();
        let info = InvitationInfo {
            closing_date: Date::new(2026, 3, 1),
            ..Default::default()
        };
        assert_eq!(info.days_left(today), Some(-1));
    }

    #[test]
    fn warnings_before_inviting() {
        let today = Date::new(2026, 3, 2).unwrap();
        assert!(invite_warnings(&setup(), today, "").is_empty());
        let bare = ReviewSetup::new("x");
        let w = invite_warnings(&bare, today, "");
        assert_eq!(w.len(), 4);
        // A collector's address tells respondents where to send their files.
        let w = invite_warnings(&bare, today, "kim@example.org");
        assert!(!w.iter().any(|w| w.contains("no email address")));
        assert_eq!(w.len(), 3);
        assert!(w[0].contains("no closing date"));
        let mut late = setup();
        late.checklist_closes = Date::new(2026, 3, 1);
        assert!(invite_warnings(&late, today, "")[0].contains("already passed"));
    }

    #[test]
    fn groups_are_added_once_and_checked() {
        let mut g = vec!["Partner".to_string()];
        assert_eq!(
            add_group(&mut g, "  "),
            Err("Enter the name of the group".into())
        );
        assert!(add_group(&mut g, "partner")
            .unwrap_err()
            .contains("already a group"));
        assert!(add_group(&mut g, &"x".repeat(101))
            .unwrap_err()
            .contains("100 characters"));
        add_group(&mut g, " Tenants ").unwrap();
        assert_eq!(g, vec!["Partner", "Tenants"]);
        let mut many: Vec<String> = (0..MAX_GROUPS).map(|i| format!("g{i}")).collect();
        assert!(add_group(&mut many, "one more").is_err());
    }

    #[test]
    fn csv_files_are_read_with_the_file_name_as_title() {
        let c = read_checklist_file("Housing repairs.csv", BESPOKE_CSV).unwrap();
        assert_eq!(c.title, "Housing repairs");
        assert!(c.statement_count() > 0);
        assert!(c
            .find_statement(&c.sections[0].sub_areas[0].statements[0].id)
            .is_some());
        // Quoted commas, doubled quotes and newlines inside cells survive.
        assert_eq!(c.sections[0].title, "Customers, tenants and residents");
        assert!(c.statements().any(|s| s.text.contains("\"urgent\"")));
        assert!(c.statements().any(|s| s.text.contains('\n')));

        let corp = read_checklist_file("corporate.csv", CORPORATE_CSV).unwrap();
        assert_eq!(corp.statements().next().unwrap().id, "c-sp-1");
        // The same file gives the same checklist id, so importing twice changes nothing.
        assert_eq!(
            corp.id,
            read_checklist_file("corporate.csv", CORPORATE_CSV)
                .unwrap()
                .id
        );
        // A .txt file with CSV content is read as CSV.
        assert!(read_checklist_file("corporate.txt", CORPORATE_CSV).is_ok());
    }

    #[test]
    fn json_files_are_read_by_name_or_content() {
        let c = read_checklist_file("small.json", GOOD_JSON).unwrap();
        assert_eq!(c.id, "bespoke-small");
        assert_eq!(read_checklist_file("no-extension", GOOD_JSON).unwrap(), c);
        let errs = read_checklist_file("bad.json", BAD_JSON).unwrap_err();
        assert!(!errs.is_empty());
    }

    #[test]
    fn bad_files_name_the_lines() {
        let errs = read_checklist_file("several.csv", BAD_SEVERAL).unwrap_err();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("Line 3:") && t.contains("section")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("Line 5:") && t.contains("sub-area")),
            "{text:?}"
        );

        let errs = read_checklist_file("missing.csv", BAD_COLUMN).unwrap_err();
        assert_eq!(errs[0].line, Some(1));
        assert!(errs[0].message.contains("sub-area"));

        let errs = read_checklist_file("quote.csv", BAD_QUOTE).unwrap_err();
        assert_eq!(errs[0].line, Some(3));

        let errs = read_checklist_file("dup.csv", BAD_DUP).unwrap_err();
        assert!(errs
            .iter()
            .any(|e| e.line == Some(5) && e.message.contains("a1")));

        let errs = read_checklist_file("empty.csv", "").unwrap_err();
        assert_eq!(errs[0].to_string(), "Line 1: the file is empty");
    }

    #[test]
    fn replacing_a_checklist_respects_responses() {
        let current = psif_standard();
        assert_eq!(
            replace_checklist(&current, &current.clone(), true),
            Replacement::Unchanged
        );
        assert_eq!(
            replace_checklist(&current, &current.clone(), false).checklist(),
            None
        );

        let bespoke = read_checklist_file("Repairs.csv", BESPOKE_CSV).unwrap();
        // No responses: replaced as it is.
        assert_eq!(
            replace_checklist(&current, &bespoke, false),
            Replacement::InPlace(bespoke.clone())
        );
        // Responses: the new wording becomes the next version of the current checklist.
        let Replacement::NewVersion(next) = replace_checklist(&current, &bespoke, true) else {
            panic!("expected a new version");
        };
        assert_eq!(next.version, current.version + 1);
        assert_eq!(next.id, format!("{}-v{}", current.id, current.version + 1));
        assert_eq!(next.sections, bespoke.sections);
        assert_eq!(next.title, bespoke.title);
        // Responses to the old version are not for the new one.
        let old_response = ResponseBody::new("r1", &current);
        assert!(old_response.is_for(&current) && !old_response.is_for(&next));

        // Going back to the standard wording after a version bump is a change again.
        let back = replace_checklist(&next, &psif_standard(), true);
        let Replacement::NewVersion(again) = back else {
            panic!()
        };
        assert_eq!(again.version, current.version + 2);
        assert_eq!(again.fingerprint(), current.fingerprint());
    }

    #[test]
    fn resume_goes_to_the_first_unfinished_section() {
        let c = psif_standard();
        let mut r = ResponseBody::new("r1", &c);
        assert_eq!(resume_section(&r, &c), Some(c.sections[0].id.as_str()));
        let first = &c.sections[0];
        for s in first.statements() {
            r.set_answer(&s.id, Some(Rating::Agree));
        }
        r.set_comment(&first.id, CommentKind::Strengths, "a");
        r.set_comment(&first.id, CommentKind::Improve, "b");
        assert_eq!(resume_section(&r, &c), Some(c.sections[1].id.as_str()));
        for sec in &c.sections {
            for s in sec.statements() {
                r.set_answer(&s.id, Some(Rating::DontKnow));
            }
            r.set_comment(&sec.id, CommentKind::Strengths, "a");
            r.set_comment(&sec.id, CommentKind::Improve, "b");
        }
        assert_eq!(resume_section(&r, &c), None);
    }

    #[test]
    fn short_ids() {
        assert_eq!(short_id("3f2a9c01-aaaa-bbbb"), "3f2a9c01");
        assert_eq!(short_id("ab-cd"), "abcd");
    }
}
