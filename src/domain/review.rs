//! A review's set-up ("Getting ready", Appendix 1 of the guidance): the body of a
//! `RecordKind::Review` revision, its task-list sections, validation and check-answers summary.

use super::councils::{self, ServiceType};
use super::date::Date;
use super::timeline::{Milestone, Milestones};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Schema version of [`ReviewSetup`] as stored in a revision body.
pub const SCHEMA: u32 = 1;

/// Suggested respondent groups for the self-assessment checklist: staff at each level, the
/// people the service is for, and partners, all plural.
pub const DEFAULT_RESPONDENT_GROUPS: [&str; 5] = [
    "Front-line staff",
    "Middle managers",
    "Senior managers",
    "Service users or customers",
    "Partners",
];

/// The defaults before issue 12, so a set-up still holding them counts as untouched.
const LEGACY_RESPONDENT_GROUPS: [&str; 4] = [
    "Front-line staff",
    "Middle manager",
    "Senior manager",
    "Partner",
];

/// The one rule for respondent groups, worded the same wherever they are set or shown.
pub const RESPONDENT_GROUPS_HINT: &str = "Respondents can say which group they belong to, so \
you can compare views between groups. Groups are optional: with none, respondents are not asked. \
Respondents can also choose not to say.";

const MAX_SHORT: usize = 100;
const MAX_LONG: usize = 5000;

/// A council (by id from [`councils`]) or another organisation (by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRef {
    Council(String),
    Other(String),
}

impl OrgRef {
    /// The council's name, the other organisation's name, or the raw id if unknown.
    pub fn display_name(&self) -> String {
        match self {
            OrgRef::Council(id) => {
                councils::by_id(id).map_or_else(|| id.clone(), |c| c.name.into())
            }
            OrgRef::Other(name) => name.trim().to_string(),
        }
    }

    /// The council id, if this is one of the 32 councils.
    pub fn council_id(&self) -> Option<&str> {
        match self {
            OrgRef::Council(id) => councils::by_id(id).map(|c| c.id),
            OrgRef::Other(_) => None,
        }
    }
}

/// A named contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

impl Contact {
    fn is_blank(&self) -> bool {
        [&self.name, &self.email, &self.phone]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// The two leads named in Appendix 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Leads {
    /// Improvement Service lead.
    pub is_lead: Contact,
    /// Host local authority lead.
    pub host_lead: Contact,
}

/// Why a council is approached for peer reviewers (the guidance's selection factors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Performance,
    GoodPractice,
    Willingness,
    UrbanRural,
    Deprivation,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Performance,
        Reason::GoodPractice,
        Reason::Willingness,
        Reason::UrbanRural,
        Reason::Deprivation,
    ];

    /// Checkbox label.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Performance => "Performance in this service or area",
            Reason::GoodPractice => "Can demonstrate good practice",
            Reason::Willingness => "Willing to take part",
            Reason::UrbanRural => "Similar urban or rural profile",
            Reason::Deprivation => "Similar level of deprivation",
        }
    }
}

/// A council or partner to approach for a peer reviewer, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerCouncil {
    pub council: OrgRef,
    #[serde(default)]
    pub reasons: BTreeSet<Reason>,
    #[serde(default)]
    pub rationale: String,
}

/// Whether a council approached for a peer reviewer has answered.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ApproachAnswer {
    #[default]
    NoAnswerYet,
    Agreed,
    Declined,
}

impl ApproachAnswer {
    pub const ALL: [ApproachAnswer; 3] = [
        ApproachAnswer::NoAnswerYet,
        ApproachAnswer::Agreed,
        ApproachAnswer::Declined,
    ];

    /// Radio label.
    pub fn label(self) -> &'static str {
        match self {
            ApproachAnswer::NoAnswerYet => "No answer yet",
            ApproachAnswer::Agreed => "Agreed to take part",
            ApproachAnswer::Declined => "Declined",
        }
    }
}

/// How one approach for a peer reviewer is going: "The host local authority, supported by the
/// Improvement Service, will contact relevant Chief Executives to request that their local
/// authority participates … by contributing a peer reviewer." Kept beside
/// [`ReviewSetup::peer_councils`], matched by organisation (see [`ReviewSetup::approach`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerApproach {
    pub council: OrgRef,
    /// When the request went to the Chief Executive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_sent: Option<Date>,
    #[serde(default)]
    pub answer: ApproachAnswer,
    /// The peer reviewer the council nominated.
    #[serde(default)]
    pub reviewer: Contact,
}

impl PeerApproach {
    /// A new approach to `council`: no request sent, no answer yet.
    pub fn new(council: OrgRef) -> PeerApproach {
        PeerApproach {
            council,
            request_sent: None,
            answer: ApproachAnswer::NoAnswerYet,
            reviewer: Contact::default(),
        }
    }
}

/// Whether the review was asked for by the LGBF Board or put forward by the council itself
/// (guidance section 1: both routes lead to a review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOrigin {
    LgbfBoard,
    SelfNominated,
}

impl ReviewOrigin {
    pub const ALL: [ReviewOrigin; 2] = [ReviewOrigin::LgbfBoard, ReviewOrigin::SelfNominated];

    /// Radio label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewOrigin::LgbfBoard => "Requested by the LGBF Board",
            ReviewOrigin::SelfNominated => "The host put itself forward",
        }
    }

    /// Radio hint, from the guidance.
    pub fn hint(self) -> &'static str {
        match self {
            ReviewOrigin::LgbfBoard => {
                "The LGBF Board's deep dive into a priority shared by councils identified this \
                 service or area."
            }
            ReviewOrigin::SelfNominated => {
                "For example, from self-assessment, the LGBF, other benchmarking, performance \
                 reporting or a service review."
            }
        }
    }
}

/// The guidance asks the host and the Improvement Service to "identify and approach three
/// local authorities to contribute peer reviewers".
pub const PEER_COUNCILS_ASKED: usize = 3;

/// Said at the top of the peers page.
pub const PEER_COUNCILS_INTRO: &str = "The guidance asks the host and the Improvement Service to \
approach three councils to each contribute a peer reviewer. The host's Chief Executive, \
supported by the Improvement Service, writes to each council's Chief Executive. Partner \
organisations, such as health, police, fire, the third sector or the private sector, can also \
provide peer reviewers.";

/// Which part of the team someone belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    IsMember,
    HostMember,
    PeerReviewer,
}

impl TeamRole {
    pub const ALL: [TeamRole; 3] = [
        TeamRole::IsMember,
        TeamRole::HostMember,
        TeamRole::PeerReviewer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TeamRole::IsMember => "Improvement Service",
            TeamRole::HostMember => "Host local authority",
            TeamRole::PeerReviewer => "Peer reviewer",
        }
    }

    /// What the role involves, from the guidance's "Roles and responsibilities" in this app's
    /// own words: for wherever people choose a role.
    pub fn description(self) -> &'static str {
        match self {
            TeamRole::HostMember => {
                "The host council leads the review: it chooses the focus, provides the evidence \
                 it already has, runs the self-assessment and the fieldwork, and writes the \
                 report, with its next steps."
            }
            TeamRole::IsMember => {
                "The Improvement Service manages and facilitates the review: it agrees with the \
                 host how it will work, helps approach three councils for peer reviewers, and \
                 analyses the checklist responses and LGBF data."
            }
            TeamRole::PeerReviewer => {
                "A peer reviewer is a critical friend from another council or a partner \
                 organisation: they ask questions that test the evidence, share good practice \
                 from their own work, take part in interviews and focus groups, and give \
                 supportive, honest challenge."
            }
        }
    }
}

/// The guidance's confidentiality principle, in this app's words: for starting fieldwork and
/// choosing a role.
pub const CONFIDENTIALITY_PRINCIPLES: &str = "Everyone in the review team keeps the host's \
documents confidential, and what is said in meetings, interviews and focus groups stays within \
the review. Peer collaborative improvement is voluntary and is not an audit or inspection: it \
works on trust.";

/// Kind of organisation a team member comes from (peers may come from partners too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    Council,
    Health,
    Police,
    Fire,
    ThirdSector,
    Other,
    ImprovementService,
    /// A public body other than a council, health, police or fire (for example a national
    /// agency).
    OtherPublicBody,
    PrivateSector,
}

impl OrgType {
    /// Every kind of organisation a team member or peer may come from, in the order to offer
    /// them (peers may come from health, police, fire, and the third and private sectors).
    pub const CHOICES: [OrgType; 9] = [
        OrgType::Council,
        OrgType::ImprovementService,
        OrgType::Health,
        OrgType::Police,
        OrgType::Fire,
        OrgType::OtherPublicBody,
        OrgType::ThirdSector,
        OrgType::PrivateSector,
        OrgType::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrgType::Council => "Council",
            OrgType::ImprovementService => "Improvement Service",
            OrgType::Health => "Health",
            OrgType::Police => "Police",
            OrgType::Fire => "Fire and rescue",
            OrgType::OtherPublicBody => "Other public body",
            OrgType::ThirdSector => "Third sector",
            OrgType::PrivateSector => "Private sector",
            OrgType::Other => "Other",
        }
    }
}

/// One member of the review team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    pub role: TeamRole,
    pub org_type: OrgType,
}

/// A team member's job title and contact details, kept at the same index as the member in
/// [`ReviewSetup::team`] (see [`ReviewSetup::team_member_details`]). All optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamMemberDetails {
    pub job_title: String,
    pub email: String,
    pub phone: String,
}

impl TeamMemberDetails {
    fn is_blank(&self) -> bool {
        [&self.job_title, &self.email, &self.phone]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// An "Is PCI right for us?" question from the guidance, with its supporting detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadinessQuestion {
    pub question: &'static str,
    pub hint: &'static str,
    /// Answered in words only (no yes/partly/no choice): "What will be the added value…?"
    pub written: bool,
}

/// The six questions from "How do I establish if there is a need for peer collaborative
/// improvement?". The guidance says they "may be helpful": they are optional help and never
/// hold the review back.
pub const READINESS_QUESTIONS: [ReadinessQuestion; 6] = [
    ReadinessQuestion {
        question: "Are you aware of any other local authorities who have undertaken similar reviews of this service or area of activity?",
        hint: "If so, were the lessons from other reviews relevant and applied to your service?",
        written: false,
    },
    ReadinessQuestion {
        question: "Is there a clear rationale and a defined business need for peer collaborative improvement in the service or area of activity?",
        hint: "Is it based on evidence, for example current performance, policy changes, weaknesses in business systems or processes, or self-assessment findings? Is the service a consistent outlier or under-performer compared to peers? Would you expect its performance to be better? Do you understand what is driving performance in your service and in peers?",
        written: false,
    },
    ReadinessQuestion {
        question: "Is there scope for improvement in a service or area of activity that is key to delivering your priorities?",
        hint: "For example, priorities in your Council Plan, Local Outcomes Improvement Plan or transformation plan.",
        written: false,
    },
    ReadinessQuestion {
        question: "Do you have clearly defined objectives for the peer collaborative improvement work?",
        hint: "Have you identified the issues that you wish it to cover?",
        written: false,
    },
    ReadinessQuestion {
        question: "Do you have clearly defined outcomes that you are aiming to achieve?",
        hint: "",
        written: false,
    },
    ReadinessQuestion {
        question: "What will be the added value to the service or area of activity of hosting peer collaborative improvement?",
        hint: "Describe what you expect to gain, for example support and challenge from colleagues who know the context, a deep dive outside an inspection, or learning to share.",
        written: true,
    },
];

/// A self-assessed answer to a readiness question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessLevel {
    Yes,
    Partly,
    No,
    Unsure,
}

impl ReadinessLevel {
    pub const ALL: [ReadinessLevel; 4] = [
        ReadinessLevel::Yes,
        ReadinessLevel::Partly,
        ReadinessLevel::No,
        ReadinessLevel::Unsure,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReadinessLevel::Yes => "Yes",
            ReadinessLevel::Partly => "Partly",
            ReadinessLevel::No => "No",
            ReadinessLevel::Unsure => "Not sure",
        }
    }
}

/// Answer to one readiness question: a level and optional notes (for a written question, the
/// notes are the answer and the level is unused).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadinessAnswer {
    pub level: Option<ReadinessLevel>,
    pub notes: String,
}

/// The body of a `RecordKind::Review` revision: everything agreed while getting ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewSetup {
    /// Short name for the review, used in lists and file names.
    pub title: String,
    pub archived: bool,
    pub host: Option<OrgRef>,
    /// Picks the LGBF family grouping used to suggest peers.
    pub service_type: Option<ServiceType>,
    pub focus: String,
    pub rationale: String,
    pub leads: Leads,
    pub peer_councils: Vec<PeerCouncil>,
    pub team: Vec<TeamMember>,
    pub dates: Milestones,
    /// Indexed like [`READINESS_QUESTIONS`]; may be shorter (unanswered).
    pub readiness: Vec<ReadinessAnswer>,
    /// When the self-assessment checklist closes.
    pub checklist_closes: Option<Date>,
    /// Whether respondents may give their name (responses are anonymous by default).
    pub allow_named_responses: bool,
    /// Optional: with none, respondents are not asked (see [`RESPONDENT_GROUPS_HINT`]).
    pub respondent_groups: Vec<String>,
    /// Requested by the LGBF Board or self-nominated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<ReviewOrigin>,
    /// How each approach for a peer reviewer is going, matched to [`Self::peer_councils`] by
    /// organisation. An entry whose council was removed is kept, so re-adding it brings its
    /// history back.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub peer_approaches: Vec<PeerApproach>,
    /// Job titles and contact details, indexed like [`Self::team`]; may be shorter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub team_details: Vec<TeamMemberDetails>,
    /// The dates this app suggested, so that when fieldwork moves only those move. A date whose
    /// value differs from its suggestion was typed by hand (see `timeline::is_suggested`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub suggested_dates: BTreeMap<Milestone, Date>,
    /// When the invitations to the self-assessment checklist first went out: pre-work begins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitations_sent: Option<Date>,
}

impl Default for ReviewSetup {
    fn default() -> Self {
        ReviewSetup {
            title: String::new(),
            archived: false,
            host: None,
            service_type: None,
            focus: String::new(),
            rationale: String::new(),
            leads: Leads::default(),
            peer_councils: Vec::new(),
            team: Vec::new(),
            dates: Milestones::default(),
            readiness: Vec::new(),
            checklist_closes: None,
            allow_named_responses: false,
            respondent_groups: DEFAULT_RESPONDENT_GROUPS.map(String::from).to_vec(),
            origin: None,
            peer_approaches: Vec::new(),
            team_details: Vec::new(),
            suggested_dates: BTreeMap::new(),
            invitations_sent: None,
        }
    }
}

impl ReviewSetup {
    /// A new set-up with a short name and default respondent groups.
    pub fn new(title: &str) -> Self {
        ReviewSetup {
            title: title.trim().to_string(),
            ..Self::default()
        }
    }

    /// The answer to readiness question `i` (default if not yet answered).
    pub fn readiness_answer(&self, i: usize) -> ReadinessAnswer {
        self.readiness.get(i).cloned().unwrap_or_default()
    }

    /// Sets the answer to readiness question `i`; ignores indexes past the last question.
    pub fn set_readiness_answer(&mut self, i: usize, answer: ReadinessAnswer) {
        if i >= READINESS_QUESTIONS.len() {
            return;
        }
        if self.readiness.len() <= i {
            self.readiness.resize(i + 1, ReadinessAnswer::default());
        }
        self.readiness[i] = answer;
    }

    /// How the approach to `council` is going (a fresh one if none is recorded). Councils match
    /// by id; other organisations by name, ignoring case and spacing.
    pub fn approach(&self, council: &OrgRef) -> PeerApproach {
        self.peer_approaches
            .iter()
            .find(|a| same_org(&a.council, council))
            .cloned()
            .unwrap_or_else(|| PeerApproach::new(council.clone()))
    }

    /// Records how the approach to `approach.council` is going, replacing any earlier record.
    pub fn set_approach(&mut self, approach: PeerApproach) {
        match self
            .peer_approaches
            .iter_mut()
            .find(|a| same_org(&a.council, &approach.council))
        {
            Some(a) => *a = approach,
            None => self.peer_approaches.push(approach),
        }
    }

    /// Job title and contact details of team member `i` (blank if none recorded).
    pub fn team_member_details(&self, i: usize) -> TeamMemberDetails {
        self.team_details.get(i).cloned().unwrap_or_default()
    }

    /// Sets the details of team member `i`; ignores indexes past the last member.
    pub fn set_team_member_details(&mut self, i: usize, details: TeamMemberDetails) {
        if i >= self.team.len() {
            return;
        }
        if self.team_details.len() <= i {
            self.team_details
                .resize(i + 1, TeamMemberDetails::default());
        }
        self.team_details[i] = details;
    }

    /// Adds a team member with their details.
    pub fn add_team_member(&mut self, member: TeamMember, details: TeamMemberDetails) {
        self.team_details
            .resize(self.team.len(), TeamMemberDetails::default());
        self.team.push(member);
        self.team_details.push(details);
    }

    /// Removes team member `i` and their details together (use this rather than
    /// `team.remove`, so details stay with the right person). Returns both, for "Undo".
    pub fn remove_team_member(&mut self, i: usize) -> Option<(TeamMember, TeamMemberDetails)> {
        if i >= self.team.len() {
            return None;
        }
        let details = if i < self.team_details.len() {
            self.team_details.remove(i)
        } else {
            TeamMemberDetails::default()
        };
        Some((self.team.remove(i), details))
    }

    /// Counts for the peers page: (councils approached and not declined, councils agreed).
    pub fn peer_counts(&self) -> (usize, usize) {
        let mut active = 0;
        let mut agreed = 0;
        for p in self
            .peer_councils
            .iter()
            .filter(|p| p.council.council_id().is_some())
        {
            match self.approach(&p.council).answer {
                ApproachAnswer::Declined => {}
                ApproachAnswer::Agreed => {
                    active += 1;
                    agreed += 1;
                }
                ApproachAnswer::NoAnswerYet => active += 1,
            }
        }
        (active, agreed)
    }

    /// A warning, never a block, when fewer than three councils are approached, or fewer than
    /// three can still take part once some have declined. Partner organisations are welcome
    /// as well, but the guidance asks for three local authorities.
    pub fn peer_councils_warning(&self) -> Option<String> {
        let (active, _) = self.peer_counts();
        if active >= PEER_COUNCILS_ASKED {
            return None;
        }
        let declined = self
            .peer_councils
            .iter()
            .filter(|p| {
                p.council.council_id().is_some()
                    && self.approach(&p.council).answer == ApproachAnswer::Declined
            })
            .count();
        let have = match (active, declined) {
            (0, 0) => "You have not added any councils yet.".to_string(),
            (1, 0) => "You have added 1 council.".to_string(),
            (n, 0) => format!("You have added {n} councils."),
            (n, d) => format!(
                "{} declined, so {} still taking part or {} not answered yet.",
                if d == 1 {
                    "1 council has".to_string()
                } else {
                    format!("{d} councils have")
                },
                if n == 1 {
                    "1 council is".to_string()
                } else {
                    format!("{n} councils are")
                },
                if n == 1 { "has" } else { "have" },
            ),
        };
        Some(format!(
            "The guidance asks the host and the Improvement Service to approach three councils \
             for peer reviewers. {have} You can carry on, and add more later."
        ))
    }

    /// The host's display name, or "" if not chosen.
    pub fn host_name(&self) -> String {
        self.host
            .as_ref()
            .map(OrgRef::display_name)
            .unwrap_or_default()
    }

    /// True when every required set-up section is complete (the readiness questions are
    /// optional help and never hold the review back).
    pub fn is_complete(&self) -> bool {
        SetupSection::ALL
            .iter()
            .filter(|s| !s.is_optional())
            .all(|s| s.status(self) == TaskStatus::Completed)
    }

    /// Parses a revision body, migrating older schemas (only version 1 exists so far).
    pub fn from_body(schema: u32, body: &serde_json::Value) -> Result<Self, String> {
        if schema > SCHEMA {
            return Err(format!(
                "This review was saved by a newer version of the app (schema {schema}). Update the app to open it."
            ));
        }
        ReviewSetup::deserialize(body)
            .map_err(|e| format!("The review set-up could not be read: {e}"))
    }
}

pub use crate::domain::validation::{FieldError, TaskStatus};

/// Same organisation: councils by id, others by name ignoring case and spacing.
fn same_org(a: &OrgRef, b: &OrgRef) -> bool {
    match (a, b) {
        (OrgRef::Council(x), OrgRef::Council(y)) => x == y,
        (OrgRef::Other(x), OrgRef::Other(y)) => {
            let key = |s: &str| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            key(x) == key(y)
        }
        _ => false,
    }
}

fn err(field_id: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field_id: field_id.into(),
        message: message.into(),
    }
}

/// The set-up task list, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupSection {
    /// Short name, host, service type, focus and rationale.
    About,
    Leads,
    PeerCouncils,
    Team,
    Timeline,
    /// Self-assessment checklist settings: closing date, named responses, respondent groups.
    Checklist,
    /// "Is PCI right for us?"
    Readiness,
}

impl SetupSection {
    pub const ALL: [SetupSection; 7] = [
        SetupSection::About,
        SetupSection::Leads,
        SetupSection::PeerCouncils,
        SetupSection::Team,
        SetupSection::Timeline,
        SetupSection::Checklist,
        SetupSection::Readiness,
    ];

    /// Task-list label.
    pub fn label(self) -> &'static str {
        match self {
            SetupSection::About => "Host and focus",
            SetupSection::Leads => "Leads",
            SetupSection::PeerCouncils => "Councils to approach for peer reviewers",
            SetupSection::Team => "Team members",
            SetupSection::Timeline => "Timeline",
            SetupSection::Checklist => "Self-assessment checklist",
            SetupSection::Readiness => "Is peer collaborative improvement right for us?",
        }
    }

    /// Hint under the task-list entry, or "" for none.
    pub fn hint(self) -> &'static str {
        match self {
            SetupSection::Readiness => {
                "Optional. Questions from the guidance that may help you decide. They do not hold \
                 the review back."
            }
            _ => "",
        }
    }

    /// Optional sections never hold the set-up back: [`ReviewSetup::is_complete`] ignores them.
    pub fn is_optional(self) -> bool {
        self == SetupSection::Readiness
    }

    /// URL-safe slug for the section's page.
    pub fn slug(self) -> &'static str {
        match self {
            SetupSection::About => "about",
            SetupSection::Leads => "leads",
            SetupSection::PeerCouncils => "peer-councils",
            SetupSection::Team => "team",
            SetupSection::Timeline => "timeline",
            SetupSection::Checklist => "checklist",
            SetupSection::Readiness => "readiness",
        }
    }

    /// Not started until anything is entered; completed when it validates.
    pub fn status(self, setup: &ReviewSetup) -> TaskStatus {
        if !self.touched(setup) {
            TaskStatus::NotStarted
        } else if validate_section(self, setup).is_empty() {
            TaskStatus::Completed
        } else {
            TaskStatus::InProgress
        }
    }

    fn touched(self, s: &ReviewSetup) -> bool {
        match self {
            SetupSection::About => {
                s.host.is_some()
                    || s.origin.is_some()
                    || s.service_type.is_some()
                    || !s.focus.trim().is_empty()
                    || !s.rationale.trim().is_empty()
            }
            SetupSection::Leads => !s.leads.is_lead.is_blank() || !s.leads.host_lead.is_blank(),
            SetupSection::PeerCouncils => !s.peer_councils.is_empty(),
            SetupSection::Team => {
                !s.team.is_empty() || s.team_details.iter().any(|d| !d.is_blank())
            }
            SetupSection::Timeline => s.dates != Milestones::default(),
            SetupSection::Checklist => {
                s.checklist_closes.is_some()
                    || s.allow_named_responses
                    || (s.respondent_groups != DEFAULT_RESPONDENT_GROUPS
                        && s.respondent_groups != LEGACY_RESPONDENT_GROUPS)
            }
            SetupSection::Readiness => s
                .readiness
                .iter()
                .any(|a| a.level.is_some() || !a.notes.trim().is_empty()),
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn too_long(s: &str, max: usize) -> bool {
    s.trim().chars().count() > max
}

/// Loose but useful: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_valid_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// Digits with the usual separators, 10–15 digits (UK numbers, or international with +).
pub fn is_valid_phone(s: &str) -> bool {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    s.chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0))
        && (10..=15).contains(&digits)
}

fn validate_contact(prefix: &str, who: &str, c: &Contact, out: &mut Vec<FieldError>) {
    if blank(&c.name) {
        out.push(err(
            format!("{prefix}-name"),
            format!("Enter the name of the {who}"),
        ));
    } else if too_long(&c.name, MAX_SHORT) {
        out.push(err(
            format!("{prefix}-name"),
            format!("Name must be {MAX_SHORT} characters or fewer"),
        ));
    }
    if blank(&c.email) {
        out.push(err(
            format!("{prefix}-email"),
            format!("Enter the email address of the {who}"),
        ));
    } else if !is_valid_email(&c.email) {
        out.push(err(
            format!("{prefix}-email"),
            "Enter an email address in the correct format, like name@example.com",
        ));
    }
    if !blank(&c.phone) && !is_valid_phone(&c.phone) {
        out.push(err(
            format!("{prefix}-phone"),
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ));
    }
}

/// Format checks for optional details (job title or name, email, phone): only what is entered
/// is checked. Field ids are `{prefix}-job-title`/`-email`/`-phone` (`-name` for a reviewer).
fn optional_contact_formats(
    prefix: &str,
    title_or_name: &str,
    email: &str,
    phone: &str,
    out: &mut Vec<FieldError>,
) {
    let first = if prefix.ends_with("-reviewer") {
        "name"
    } else {
        "job-title"
    };
    if too_long(title_or_name, MAX_SHORT) {
        out.push(err(
            format!("{prefix}-{first}"),
            format!(
                "{} must be {MAX_SHORT} characters or fewer",
                if first == "name" { "Name" } else { "Job title" }
            ),
        ));
    }
    if !blank(email) && !is_valid_email(email) {
        out.push(err(
            format!("{prefix}-email"),
            "Enter an email address in the correct format, like name@example.com",
        ));
    }
    if !blank(phone) && !is_valid_phone(phone) {
        out.push(err(
            format!("{prefix}-phone"),
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ));
    }
}

/// Errors that stop a section being completed, in page order.
pub fn validate_section(section: SetupSection, s: &ReviewSetup) -> Vec<FieldError> {
    let mut out = Vec::new();
    match section {
        SetupSection::About => {
            if blank(&s.title) {
                out.push(err("title", "Enter a review name"));
            } else if too_long(&s.title, MAX_SHORT) {
                out.push(err(
                    "title",
                    format!("Review name must be {MAX_SHORT} characters or fewer"),
                ));
            }
            match &s.host {
                None => out.push(err("host", "Select the host council")),
                Some(OrgRef::Council(id)) if councils::by_id(id).is_none() => {
                    out.push(err("host", "Select the host council from the list"))
                }
                Some(OrgRef::Other(name)) if blank(name) => {
                    out.push(err("host-other", "Enter the name of the host organisation"))
                }
                Some(OrgRef::Other(name)) if too_long(name, MAX_SHORT) => out.push(err(
                    "host-other",
                    format!("Organisation name must be {MAX_SHORT} characters or fewer"),
                )),
                Some(_) => {}
            }
            if s.service_type.is_none() {
                out.push(err(
                    "service-type",
                    "Select whether the review is of people services or other services",
                ));
            }
            if blank(&s.focus) {
                out.push(err("focus", "Enter the focus of the review"));
            } else if too_long(&s.focus, MAX_LONG) {
                out.push(err(
                    "focus",
                    format!("Focus must be {MAX_LONG} characters or fewer"),
                ));
            }
            if blank(&s.rationale) {
                out.push(err("rationale", "Enter the rationale for the focus"));
            } else if too_long(&s.rationale, MAX_LONG) {
                out.push(err(
                    "rationale",
                    format!("Rationale must be {MAX_LONG} characters or fewer"),
                ));
            }
        }
        SetupSection::Leads => {
            validate_contact(
                "is-lead",
                "Improvement Service lead",
                &s.leads.is_lead,
                &mut out,
            );
            validate_contact("host-lead", "host lead", &s.leads.host_lead, &mut out);
        }
        SetupSection::PeerCouncils => {
            if s.peer_councils.is_empty() {
                out.push(err(
                    "peer-councils",
                    "Add at least one council to approach for peer reviewers",
                ));
            }
            let host_id = s.host.as_ref().and_then(OrgRef::council_id);
            let mut seen = BTreeSet::new();
            for (i, p) in s.peer_councils.iter().enumerate() {
                let n = i + 1;
                let name = p.council.display_name();
                match &p.council {
                    OrgRef::Council(id) if councils::by_id(id).is_none() => out.push(err(
                        format!("peer-{i}-council"),
                        format!("Select council {n} from the list"),
                    )),
                    OrgRef::Other(o) if blank(o) => out.push(err(
                        format!("peer-{i}-council"),
                        format!("Enter the name of organisation {n}"),
                    )),
                    OrgRef::Council(id) if Some(id.as_str()) == host_id => out.push(err(
                        format!("peer-{i}-council"),
                        format!("{name} is the host. Choose a different council"),
                    )),
                    _ if !seen.insert(name.to_lowercase()) => out.push(err(
                        format!("peer-{i}-council"),
                        format!("You have already added {name}"),
                    )),
                    _ => {}
                }
                if p.reasons.is_empty() {
                    out.push(err(
                        format!("peer-{i}-reasons"),
                        format!(
                            "Select at least one reason for approaching {}",
                            if blank(&name) {
                                format!("council {n}")
                            } else {
                                name
                            }
                        ),
                    ));
                }
                if too_long(&p.rationale, MAX_LONG) {
                    out.push(err(
                        format!("peer-{i}-rationale"),
                        format!("Rationale must be {MAX_LONG} characters or fewer"),
                    ));
                }
                let r = s.approach(&p.council).reviewer;
                optional_contact_formats(
                    &format!("peer-{i}-reviewer"),
                    &r.name,
                    &r.email,
                    &r.phone,
                    &mut out,
                );
            }
        }
        SetupSection::Team => {
            if s.team.is_empty() {
                out.push(err("team", "Add at least one team member"));
            }
            for (i, m) in s.team.iter().enumerate() {
                let n = i + 1;
                if blank(&m.name) {
                    out.push(err(
                        format!("team-{i}-name"),
                        format!("Enter the name of team member {n}"),
                    ));
                } else if too_long(&m.name, MAX_SHORT) {
                    out.push(err(
                        format!("team-{i}-name"),
                        format!("Name must be {MAX_SHORT} characters or fewer"),
                    ));
                }
                if blank(&m.organisation) {
                    out.push(err(
                        format!("team-{i}-organisation"),
                        format!("Enter the organisation of team member {n}"),
                    ));
                } else if too_long(&m.organisation, MAX_SHORT) {
                    out.push(err(
                        format!("team-{i}-organisation"),
                        format!("Organisation must be {MAX_SHORT} characters or fewer"),
                    ));
                }
                let d = s.team_member_details(i);
                optional_contact_formats(
                    &format!("team-{i}"),
                    &d.job_title,
                    &d.email,
                    &d.phone,
                    &mut out,
                );
            }
        }
        SetupSection::Timeline => {
            let m = &s.dates;
            if m.fieldwork_start.is_none() {
                out.push(err(
                    Milestone::FieldworkStart.field_id(),
                    "Enter the date fieldwork starts",
                ));
            }
            match (m.fieldwork_start, m.fieldwork_end) {
                (_, None) => out.push(err(
                    Milestone::FieldworkEnd.field_id(),
                    "Enter the date fieldwork ends",
                )),
                (Some(start), Some(end)) if end < start => out.push(err(
                    Milestone::FieldworkEnd.field_id(),
                    "Fieldwork end date must be the same as or after the start date",
                )),
                _ => {}
            }
        }
        SetupSection::Checklist => {
            match (s.checklist_closes, s.dates.fieldwork_start) {
                (None, _) => out.push(err(
                    "checklist-closes",
                    "Enter the date the checklist closes",
                )),
                (Some(closes), Some(start)) if closes >= start => out.push(err(
                    "checklist-closes",
                    "The checklist closing date must be before fieldwork starts",
                )),
                _ => {}
            }
            // Respondent groups are optional (one rule everywhere): none means nobody is asked.
            let mut seen = BTreeSet::new();
            for (i, g) in s.respondent_groups.iter().enumerate() {
                if blank(g) {
                    continue;
                }
                if too_long(g, MAX_SHORT) {
                    out.push(err(
                        format!("respondent-group-{i}"),
                        format!("Respondent group must be {MAX_SHORT} characters or fewer"),
                    ));
                } else if !seen.insert(g.trim().to_lowercase()) {
                    out.push(err(
                        format!("respondent-group-{i}"),
                        format!("You have already added {}", g.trim()),
                    ));
                }
            }
        }
        SetupSection::Readiness => {
            // Optional help: no question needs an answer.
            for i in 0..READINESS_QUESTIONS.len() {
                let a = s.readiness_answer(i);
                if too_long(&a.notes, MAX_LONG) {
                    out.push(err(
                        format!("readiness-{i}-notes"),
                        format!("Notes must be {MAX_LONG} characters or fewer"),
                    ));
                }
            }
        }
    }
    out
}

/// Every section's errors, for a final "Confirm set-up" check.
pub fn validate_all(s: &ReviewSetup) -> Vec<(SetupSection, Vec<FieldError>)> {
    SetupSection::ALL
        .iter()
        .map(|&sec| (sec, validate_section(sec, s)))
        .filter(|(_, errs)| !errs.is_empty())
        .collect()
}

const NOT_PROVIDED: &str = "Not provided";

fn or_not_provided(s: &str) -> String {
    if blank(s) {
        NOT_PROVIDED.to_string()
    } else {
        s.trim().to_string()
    }
}

fn date_or_not_provided(d: Option<Date>) -> String {
    d.map_or_else(|| NOT_PROVIDED.to_string(), Date::medium)
}

fn contact_summary(c: &Contact) -> String {
    let parts: Vec<&str> = [&c.name, &c.email, &c.phone]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        NOT_PROVIDED.to_string()
    } else {
        parts.join("\n")
    }
}

/// Check-answers lines for an approach: request date, answer and nominated reviewer.
fn approach_lines(a: &PeerApproach) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(d) = a.request_sent {
        lines.push(format!(
            "Request sent to the Chief Executive on {}",
            d.medium()
        ));
    }
    if a.request_sent.is_some() || a.answer != ApproachAnswer::NoAnswerYet {
        lines.push(a.answer.label().to_string());
    }
    let r = &a.reviewer;
    let who: Vec<&str> = [&r.name, &r.email, &r.phone]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !who.is_empty() {
        lines.push(format!("Peer reviewer: {}", who.join(", ")));
    }
    lines
}

/// Label/value rows per section for a check-your-answers page. Values are plain text; `\n`
/// separates lines.
pub fn check_answers(s: &ReviewSetup) -> Vec<(SetupSection, Vec<(String, String)>)> {
    SetupSection::ALL
        .iter()
        .map(|&sec| {
            let rows: Vec<(String, String)> = match sec {
                SetupSection::About => vec![
                    ("Short name".into(), or_not_provided(&s.title)),
                    ("Host".into(), or_not_provided(&s.host_name())),
                    (
                        "How the review came about".into(),
                        s.origin.map_or(NOT_PROVIDED, ReviewOrigin::label).into(),
                    ),
                    (
                        "Service type".into(),
                        s.service_type
                            .map_or(NOT_PROVIDED, ServiceType::label)
                            .into(),
                    ),
                    ("Focus".into(), or_not_provided(&s.focus)),
                    ("Rationale".into(), or_not_provided(&s.rationale)),
                ],
                SetupSection::Leads => vec![
                    (
                        "Improvement Service lead".into(),
                        contact_summary(&s.leads.is_lead),
                    ),
                    ("Host lead".into(), contact_summary(&s.leads.host_lead)),
                ],
                SetupSection::PeerCouncils if s.peer_councils.is_empty() => {
                    vec![("Councils".into(), NOT_PROVIDED.into())]
                }
                SetupSection::PeerCouncils => s
                    .peer_councils
                    .iter()
                    .map(|p| {
                        let mut lines: Vec<String> =
                            p.reasons.iter().map(|r| r.label().to_string()).collect();
                        if !blank(&p.rationale) {
                            lines.push(p.rationale.trim().to_string());
                        }
                        lines.extend(approach_lines(&s.approach(&p.council)));
                        (
                            or_not_provided(&p.council.display_name()),
                            if lines.is_empty() {
                                NOT_PROVIDED.into()
                            } else {
                                lines.join("\n")
                            },
                        )
                    })
                    .collect(),
                SetupSection::Team => TeamRole::ALL
                    .iter()
                    .map(|&role| {
                        let names: Vec<String> = s
                            .team
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| m.role == role)
                            .map(|(i, m)| {
                                let d = s.team_member_details(i);
                                let mut line = format!(
                                    "{} ({}, {})",
                                    m.name.trim(),
                                    m.organisation.trim(),
                                    m.org_type.label()
                                );
                                for extra in [&d.job_title, &d.email, &d.phone] {
                                    if !blank(extra) {
                                        line.push_str(", ");
                                        line.push_str(extra.trim());
                                    }
                                }
                                line
                            })
                            .collect();
                        (
                            role.label().to_string(),
                            if names.is_empty() {
                                NOT_PROVIDED.into()
                            } else {
                                names.join("\n")
                            },
                        )
                    })
                    .collect(),
                SetupSection::Timeline => Milestone::ALL
                    .iter()
                    .map(|&ms| {
                        (
                            ms.label().to_string(),
                            date_or_not_provided(ms.get(&s.dates)),
                        )
                    })
                    .collect(),
                SetupSection::Checklist => vec![
                    (
                        "Checklist closes".into(),
                        date_or_not_provided(s.checklist_closes),
                    ),
                    (
                        "Named responses".into(),
                        if s.allow_named_responses {
                            "Allowed"
                        } else {
                            "Anonymous only"
                        }
                        .into(),
                    ),
                    ("Respondent groups".into(), {
                        let g: Vec<&str> = s
                            .respondent_groups
                            .iter()
                            .map(|g| g.trim())
                            .filter(|g| !g.is_empty())
                            .collect();
                        if g.is_empty() {
                            NOT_PROVIDED.into()
                        } else {
                            g.join("\n")
                        }
                    }),
                ],
                SetupSection::Readiness => READINESS_QUESTIONS
                    .iter()
                    .enumerate()
                    .map(|(i, q)| {
                        let a = s.readiness_answer(i);
                        if q.written {
                            return (q.question.to_string(), or_not_provided(&a.notes));
                        }
                        let mut v = a
                            .level
                            .map_or(NOT_PROVIDED, ReadinessLevel::label)
                            .to_string();
                        if !blank(&a.notes) {
                            v.push('\n');
                            v.push_str(a.notes.trim());
                        }
                        (q.question.to_string(), v)
                    })
                    .collect(),
            };
            (sec, rows)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn contact(name: &str, email: &str) -> Contact {
        Contact {
            name: name.into(),
            email: email.into(),
            phone: String::new(),
        }
    }

    /// A fully completed set-up.
    pub(crate) fn complete() -> ReviewSetup {
        let mut s = ReviewSetup::new("Angus housing repairs");
        s.host = Some(OrgRef::Council("angus".into()));
        s.service_type = Some(ServiceType::PeopleServices);
        s.focus = "Housing repairs".into();
        s.rationale = "Repairs times are an outlier in the LGBF.".into();
        s.leads.is_lead = contact("Ann Smith", "ann@improvementservice.org.uk");
        s.leads.host_lead = Contact {
            phone: "01307 473 000".into(),
            ..contact("Bob Jones", "bob@angus.gov.uk")
        };
        s.peer_councils = vec![PeerCouncil {
            council: OrgRef::Council("moray".into()),
            reasons: [Reason::Performance, Reason::Deprivation].into(),
            rationale: "Top quartile for repairs".into(),
        }];
        s.team = vec![TeamMember {
            name: "Ann Smith".into(),
            organisation: "Improvement Service".into(),
            role: TeamRole::IsMember,
            org_type: OrgType::Other,
        }];
        s.dates.fieldwork_start = Some(d("2026-03-03"));
        s.dates.fieldwork_end = Some(d("2026-03-05"));
        s.checklist_closes = Some(d("2026-02-10"));
        for i in 0..6 {
            s.set_readiness_answer(
                i,
                ReadinessAnswer {
                    level: Some(ReadinessLevel::Yes),
                    notes: String::new(),
                },
            );
        }
        s
    }

    fn msgs(section: SetupSection, s: &ReviewSetup) -> Vec<String> {
        validate_section(section, s)
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn new_setup_is_not_started_everywhere() {
        let s = ReviewSetup::new("  Test  ");
        assert_eq!(s.title, "Test");
        for sec in SetupSection::ALL {
            assert_eq!(sec.status(&s), TaskStatus::NotStarted, "{sec:?}");
        }
        assert_eq!(s.respondent_groups, DEFAULT_RESPONDENT_GROUPS);
        assert!(!s.is_complete());
    }

    #[test]
    fn complete_setup_is_complete() {
        let s = complete();
        assert_eq!(validate_all(&s), vec![]);
        assert!(s.is_complete());
    }

    #[test]
    fn about_section_messages() {
        let mut s = ReviewSetup::new("");
        s.service_type = Some(ServiceType::OtherServices);
        assert_eq!(SetupSection::About.status(&s), TaskStatus::InProgress);
        assert_eq!(
            msgs(SetupSection::About, &s),
            [
                "Enter a review name",
                "Select the host council",
                "Enter the focus of the review",
                "Enter the rationale for the focus"
            ]
        );
        s.host = Some(OrgRef::Other("  ".into()));
        s.title = "x".repeat(101);
        let e = validate_section(SetupSection::About, &s);
        assert_eq!(e[0].message, "Review name must be 100 characters or fewer");
        assert_eq!(e[1].field_id, "host-other");
        s.host = Some(OrgRef::Council("atlantis".into()));
        assert!(msgs(SetupSection::About, &s)
            .contains(&"Select the host council from the list".to_string()));
    }

    #[test]
    fn leads_email_and_phone() {
        let mut s = complete();
        s.leads.is_lead.email = "ann.example.com".into();
        s.leads.host_lead.phone = "call me".into();
        let e = validate_section(SetupSection::Leads, &s);
        assert_eq!(e[0].field_id, "is-lead-email");
        assert_eq!(
            e[0].message,
            "Enter an email address in the correct format, like name@example.com"
        );
        assert_eq!(e[1].field_id, "host-lead-phone");
        assert_eq!(SetupSection::Leads.status(&s), TaskStatus::InProgress);
        s.leads.host_lead = Contact::default();
        assert_eq!(
            msgs(SetupSection::Leads, &s)[1..],
            [
                "Enter the name of the host lead",
                "Enter the email address of the host lead"
            ]
        );
    }

    #[test]
    fn email_and_phone_formats() {
        for ok in ["a@b.co", " name.surname+tag@council.gov.uk "] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a@b",
            "@b.com",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
            "a@.com",
            "a@b.com.",
            "<a@b.com>",
            "a@-b.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
        for ok in [
            "01632 960 001",
            "07700 900982",
            "+44 808 157 0192",
            "(01307) 473-000",
        ] {
            assert!(is_valid_phone(ok), "{ok}");
        }
        for bad in [
            "123",
            "0800 CALL NOW",
            "44+ 808 157 0192",
            "0123456789012345678",
        ] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn peer_councils_rules() {
        let mut s = complete();
        s.peer_councils.push(PeerCouncil {
            council: OrgRef::Council("angus".into()),
            reasons: BTreeSet::new(),
            rationale: String::new(),
        });
        s.peer_councils.push(PeerCouncil {
            council: OrgRef::Council("moray".into()),
            reasons: [Reason::Willingness].into(),
            rationale: String::new(),
        });
        s.peer_councils.push(PeerCouncil {
            council: OrgRef::Other("".into()),
            reasons: [Reason::Willingness].into(),
            rationale: String::new(),
        });
        s.peer_councils.push(PeerCouncil {
            council: OrgRef::Council("nowhere".into()),
            reasons: [Reason::Willingness].into(),
            rationale: String::new(),
        });
        s.peer_councils.push(PeerCouncil {
            council: OrgRef::Other("NHS Tayside".into()),
            reasons: [Reason::GoodPractice].into(),
            rationale: String::new(),
        });
        assert_eq!(
            msgs(SetupSection::PeerCouncils, &s),
            [
                "Angus is the host. Choose a different council",
                "Select at least one reason for approaching Angus",
                "You have already added Moray",
                "Enter the name of organisation 4",
                "Select council 5 from the list",
            ]
        );
        s.peer_councils.clear();
        assert_eq!(
            SetupSection::PeerCouncils.status(&s),
            TaskStatus::NotStarted
        );
    }

    #[test]
    fn team_rules() {
        let mut s = complete();
        s.team.push(TeamMember {
            name: " ".into(),
            organisation: "".into(),
            role: TeamRole::PeerReviewer,
            org_type: OrgType::Health,
        });
        let e = validate_section(SetupSection::Team, &s);
        assert_eq!(
            e.iter().map(|e| e.field_id.as_str()).collect::<Vec<_>>(),
            ["team-1-name", "team-1-organisation"]
        );
        assert_eq!(e[0].message, "Enter the name of team member 2");
    }

    #[test]
    fn timeline_rules() {
        let mut s = complete();
        s.dates.fieldwork_end = Some(d("2026-03-02"));
        assert_eq!(
            msgs(SetupSection::Timeline, &s),
            ["Fieldwork end date must be the same as or after the start date"]
        );
        s.dates.fieldwork_end = Some(d("2026-03-03"));
        assert!(msgs(SetupSection::Timeline, &s).is_empty());
        s.dates = Milestones {
            pre_meeting: Some(d("2026-01-01")),
            ..Default::default()
        };
        assert_eq!(SetupSection::Timeline.status(&s), TaskStatus::InProgress);
        assert_eq!(
            msgs(SetupSection::Timeline, &s),
            [
                "Enter the date fieldwork starts",
                "Enter the date fieldwork ends"
            ]
        );
    }

    #[test]
    fn checklist_rules() {
        let mut s = complete();
        s.checklist_closes = Some(d("2026-03-03"));
        s.respondent_groups = vec!["Partner".into(), " partner ".into(), "".into()];
        assert_eq!(
            msgs(SetupSection::Checklist, &s),
            [
                "The checklist closing date must be before fieldwork starts",
                "You have already added partner"
            ]
        );
        // Respondent groups are optional: none (or only blanks) is fine.
        s.checklist_closes = Some(d("2026-02-10"));
        for none in [vec![], vec!["  ".to_string()]] {
            s.respondent_groups = none;
            assert!(msgs(SetupSection::Checklist, &s).is_empty());
            assert_eq!(SetupSection::Checklist.status(&s), TaskStatus::Completed);
        }
        let fresh = ReviewSetup {
            allow_named_responses: true,
            ..ReviewSetup::default()
        };
        assert_eq!(
            SetupSection::Checklist.status(&fresh),
            TaskStatus::InProgress
        );
    }

    #[test]
    fn readiness_rules() {
        let mut s = ReviewSetup::new("x");
        s.set_readiness_answer(
            2,
            ReadinessAnswer {
                level: Some(ReadinessLevel::Partly),
                notes: "Some".into(),
            },
        );
        s.set_readiness_answer(99, ReadinessAnswer::default()); // ignored, no panic
        assert_eq!(s.readiness.len(), 3);
        // Optional help: an unanswered question is not an error.
        assert!(validate_section(SetupSection::Readiness, &s).is_empty());
        s.set_readiness_answer(
            0,
            ReadinessAnswer {
                level: None,
                notes: "x".repeat(MAX_LONG + 1),
            },
        );
        let e = validate_section(SetupSection::Readiness, &s);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field_id, "readiness-0-notes");
        assert_eq!(READINESS_QUESTIONS.len(), 6);
    }

    #[test]
    fn readiness_questions_are_optional_help() {
        let mut s = complete();
        s.readiness.clear();
        assert_eq!(SetupSection::Readiness.status(&s), TaskStatus::NotStarted);
        assert!(SetupSection::Readiness.is_optional());
        assert!(SetupSection::Readiness.hint().starts_with("Optional."));
        assert!(
            s.is_complete(),
            "unanswered readiness questions hold nothing back"
        );
        assert_eq!(
            SetupSection::ALL
                .iter()
                .filter(|s| s.is_optional())
                .collect::<Vec<_>>(),
            [&SetupSection::Readiness]
        );
        // Question 6 takes a written answer; the others a choice.
        let written: Vec<bool> = READINESS_QUESTIONS.iter().map(|q| q.written).collect();
        assert_eq!(written, [false, false, false, false, false, true]);
        assert!(READINESS_QUESTIONS[5]
            .question
            .starts_with("What will be the added value"));
        s.set_readiness_answer(
            5,
            ReadinessAnswer {
                level: None,
                notes: "Challenge from councils with better repair times.".into(),
            },
        );
        let rows = &check_answers(&s)[6].1;
        assert_eq!(
            rows[5].1,
            "Challenge from councils with better repair times."
        );
        assert_eq!(rows[0].1, "Not provided");
    }

    #[test]
    fn respondent_groups_default_to_plural_groups_with_users_and_partners() {
        assert_eq!(
            DEFAULT_RESPONDENT_GROUPS,
            [
                "Front-line staff",
                "Middle managers",
                "Senior managers",
                "Service users or customers",
                "Partners"
            ]
        );
        assert_eq!(
            ReviewSetup::default().respondent_groups,
            DEFAULT_RESPONDENT_GROUPS
        );
        // A set-up saved with the old defaults is still untouched.
        let old = ReviewSetup {
            respondent_groups: LEGACY_RESPONDENT_GROUPS.map(String::from).to_vec(),
            ..ReviewSetup::default()
        };
        assert_eq!(SetupSection::Checklist.status(&old), TaskStatus::NotStarted);
        assert!(RESPONDENT_GROUPS_HINT.contains("Groups are optional"));
    }

    #[test]
    fn origin_is_recorded_and_shown() {
        let mut s = complete();
        s.origin = Some(ReviewOrigin::LgbfBoard);
        assert_eq!(check_answers(&s)[0].1[2].1, "Requested by the LGBF Board");
        let fresh = ReviewSetup {
            origin: Some(ReviewOrigin::SelfNominated),
            ..ReviewSetup::default()
        };
        assert_eq!(SetupSection::About.status(&fresh), TaskStatus::InProgress);
        assert_eq!(
            serde_json::to_value(ReviewOrigin::SelfNominated).unwrap(),
            "self_nominated"
        );
    }

    fn peer(id: &str) -> PeerCouncil {
        PeerCouncil {
            council: OrgRef::Council(id.into()),
            reasons: [Reason::Performance].into(),
            rationale: String::new(),
        }
    }

    #[test]
    fn fewer_than_three_councils_warns_but_never_blocks() {
        let mut s = complete(); // one council: Moray
        assert!(s.is_complete());
        assert_eq!(
            s.peer_councils_warning().as_deref(),
            Some(
                "The guidance asks the host and the Improvement Service to approach three \
                 councils for peer reviewers. You have added 1 council. You can carry on, and \
                 add more later."
            )
        );
        assert!(PEER_COUNCILS_INTRO.contains("three councils"));
        s.peer_councils.push(peer("fife"));
        assert!(s
            .peer_councils_warning()
            .unwrap()
            .contains("You have added 2 councils."));
        // A partner organisation is welcome but is not one of the three councils.
        s.peer_councils.push(PeerCouncil {
            council: OrgRef::Other("NHS Tayside".into()),
            ..peer("x")
        });
        assert!(s.peer_councils_warning().is_some());
        s.peer_councils.push(peer("stirling"));
        assert_eq!(s.peer_councils_warning(), None);
        assert_eq!(s.peer_counts(), (3, 0));
        // One declines: only two can still take part.
        let mut a = s.approach(&OrgRef::Council("fife".into()));
        a.answer = ApproachAnswer::Declined;
        s.set_approach(a);
        assert_eq!(s.peer_counts(), (2, 0));
        assert!(s.peer_councils_warning().unwrap().contains(
            "1 council has declined, so 2 councils are still taking part or have not answered yet."
        ));
        assert_eq!(validate_section(SetupSection::PeerCouncils, &s), vec![]);
    }

    #[test]
    fn each_approach_is_tracked() {
        let mut s = complete();
        let moray = OrgRef::Council("moray".into());
        let fresh = s.approach(&moray);
        assert_eq!(fresh, PeerApproach::new(moray.clone()));
        assert_eq!(fresh.answer, ApproachAnswer::NoAnswerYet);
        s.set_approach(PeerApproach {
            request_sent: Some(d("2026-01-12")),
            answer: ApproachAnswer::Agreed,
            reviewer: contact("Cara Reid", "cara.reid@moray.gov.uk"),
            ..PeerApproach::new(moray.clone())
        });
        // Replaced, not duplicated.
        let mut again = s.approach(&moray);
        again.reviewer.phone = "01343 543451".into();
        s.set_approach(again);
        assert_eq!(s.peer_approaches.len(), 1);
        assert_eq!(s.peer_counts(), (1, 1));
        // Other organisations match by name, ignoring case and spacing.
        let nhs = OrgRef::Other("NHS  Tayside".into());
        s.set_approach(PeerApproach {
            answer: ApproachAnswer::Declined,
            ..PeerApproach::new(nhs)
        });
        assert_eq!(
            s.approach(&OrgRef::Other("nhs tayside".into())).answer,
            ApproachAnswer::Declined
        );
        let rows = &check_answers(&s)[2].1;
        assert_eq!(
            rows[0].1,
            "Performance in this service or area\nSimilar level of deprivation\nTop quartile for \
             repairs\nRequest sent to the Chief Executive on 12 January 2026\nAgreed to take \
             part\nPeer reviewer: Cara Reid, cara.reid@moray.gov.uk, 01343 543451"
        );
        // The reviewer's details are checked only when entered.
        let mut bad = s.approach(&moray);
        bad.reviewer.email = "cara at moray".into();
        s.set_approach(bad);
        let e = validate_section(SetupSection::PeerCouncils, &s);
        assert_eq!(e[0].field_id, "peer-0-reviewer-email");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["peer_approaches"][0]["answer"], "agreed");
        assert_eq!(ReviewSetup::from_body(SCHEMA, &json).unwrap(), s);
    }

    #[test]
    fn team_members_have_job_titles_and_contact_details() {
        let mut s = complete();
        s.add_team_member(
            TeamMember {
                name: "Dr Jo Brown".into(),
                organisation: "NHS Tayside".into(),
                role: TeamRole::PeerReviewer,
                org_type: OrgType::Health,
            },
            TeamMemberDetails {
                job_title: "Consultant in public health".into(),
                email: "jo.brown@nhs.scot".into(),
                phone: String::new(),
            },
        );
        assert_eq!(s.team_member_details(0), TeamMemberDetails::default());
        assert_eq!(
            s.team_member_details(1).job_title,
            "Consultant in public health"
        );
        let rows = &check_answers(&s)[3].1;
        assert_eq!(
            rows[2].1,
            "Dr Jo Brown (NHS Tayside, Health), Consultant in public health, jo.brown@nhs.scot"
        );
        s.set_team_member_details(
            0,
            TeamMemberDetails {
                phone: "not a number".into(),
                ..Default::default()
            },
        );
        s.set_team_member_details(9, TeamMemberDetails::default()); // ignored
        assert_eq!(s.team_details.len(), 2);
        let e = validate_section(SetupSection::Team, &s);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field_id, "team-0-phone");
        // Removing a member takes their details with them.
        let (m, det) = s.remove_team_member(0).unwrap();
        assert_eq!(m.name, "Ann Smith");
        assert_eq!(det.phone, "not a number");
        assert_eq!(s.team_member_details(0).email, "jo.brown@nhs.scot");
        assert_eq!(s.remove_team_member(5), None);
    }

    #[test]
    fn roles_are_described_in_the_apps_words() {
        for role in TeamRole::ALL {
            assert!(role.description().len() > 80, "{role:?}");
        }
        assert!(TeamRole::PeerReviewer
            .description()
            .contains("critical friend"));
        assert!(CONFIDENTIALITY_PRINCIPLES.contains("not an audit or inspection"));
    }

    #[test]
    fn organisation_types_cover_the_guidance() {
        let labels: Vec<&str> = OrgType::CHOICES.iter().map(|t| t.label()).collect();
        assert_eq!(
            labels,
            [
                "Council",
                "Improvement Service",
                "Health",
                "Police",
                "Fire and rescue",
                "Other public body",
                "Third sector",
                "Private sector",
                "Other"
            ]
        );
        assert_eq!(
            serde_json::to_value(OrgType::ImprovementService).unwrap(),
            "improvement_service"
        );
    }

    #[test]
    fn records_without_the_new_fields_still_read() {
        let old = serde_json::json!({
            "title": "Old",
            "team": [{"name": "A", "organisation": "B", "role": "is_member", "org_type": "other"}],
            "respondent_groups": ["Partner"],
            "readiness": [{"level": "yes", "notes": ""}]
        });
        let s = ReviewSetup::from_body(1, &old).unwrap();
        assert_eq!(s.origin, None);
        assert!(s.peer_approaches.is_empty() && s.team_details.is_empty());
        assert!(s.suggested_dates.is_empty());
        assert_eq!(s.invitations_sent, None);
        assert_eq!(s.team_member_details(0), TeamMemberDetails::default());
        // Unused new fields are not written, so an unchanged set-up serialises as before.
        let body = serde_json::to_value(ReviewSetup::new("x")).unwrap();
        for key in [
            "origin",
            "peer_approaches",
            "team_details",
            "suggested_dates",
            "invitations_sent",
        ] {
            assert!(body.get(key).is_none(), "{key}");
        }
    }

    #[test]
    fn check_answers_covers_every_section() {
        let s = complete();
        let ca = check_answers(&s);
        assert_eq!(
            ca.iter().map(|(sec, _)| *sec).collect::<Vec<_>>(),
            SetupSection::ALL
        );
        let about = &ca[0].1;
        assert_eq!(about[1], ("Host".to_string(), "Angus".to_string()));
        assert_eq!(about[2].1, "Not provided"); // how the review came about
        assert_eq!(about[3].1, "People services");
        let peers = &ca[2].1;
        assert_eq!(peers[0].0, "Moray");
        assert_eq!(peers[0].1, "Performance in this service or area\nSimilar level of deprivation\nTop quartile for repairs");
        let timeline = &ca[4].1;
        assert_eq!(
            timeline[3],
            ("Fieldwork starts".to_string(), "3 March 2026".to_string())
        );
        assert_eq!(timeline[0].1, "Not provided");
        let empty = check_answers(&ReviewSetup::default());
        assert_eq!(
            empty[2].1,
            vec![("Councils".to_string(), "Not provided".to_string())]
        );
        assert_eq!(empty[1].1[0].1, "Not provided");
    }

    #[test]
    fn serde_round_trip_and_old_data() {
        let s = complete();
        let body = serde_json::to_value(&s).unwrap();
        assert_eq!(ReviewSetup::from_body(SCHEMA, &body).unwrap(), s);
        assert_eq!(body["host"], serde_json::json!({"council": "angus"}));
        // Older/minimal bodies still read, with defaults.
        let minimal = serde_json::json!({"title": "Old"});
        let old = ReviewSetup::from_body(1, &minimal).unwrap();
        assert_eq!(old.title, "Old");
        assert_eq!(old.respondent_groups, DEFAULT_RESPONDENT_GROUPS);
        assert!(ReviewSetup::from_body(SCHEMA + 1, &minimal)
            .unwrap_err()
            .contains("newer version"));
        assert!(ReviewSetup::from_body(1, &serde_json::json!({"host": 5})).is_err());
        assert!(ReviewSetup::from_body(1, &serde_json::json!([1, 2])).is_err());
    }
}
