//! Analysis of PSIF responses for the checklist report and consensus session: per-statement
//! figures, section and sub-area aggregates, candidate AFIs and anonymised comments.
//!
//! The output depends only on the set of responses, never on their order, so everyone who
//! merges the same bundles sees the same report.

use crate::domain::checklist::{csv_cell, Checklist, Rating};
use crate::domain::response::{CommentKind, ResponseBody, SectionStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// When a statement counts as a strength or an area for improvement. No threshold is
/// published for PSIF, so these are configurable; the defaults are documented on each field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// Strength when at least this % of views agree (default 75).
    pub strength_min_agree_pct: f64,
    /// Area for improvement when at most this % of views agree (default 50).
    pub afi_max_agree_pct: f64,
    /// Fewer views than this (Don't know is not a view) is "not enough views" (default 3).
    pub min_views: u32,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            strength_min_agree_pct: 75.0,
            afi_max_agree_pct: 50.0,
            min_views: 3,
        }
    }
}

impl Thresholds {
    /// Classifies a set of counts. Strength is checked first, so overlapping thresholds
    /// cannot make something both.
    pub fn classify(&self, counts: &RatingCounts) -> Classification {
        match counts.agree_pct() {
            Some(pct) if counts.views() >= self.min_views => {
                if pct >= self.strength_min_agree_pct {
                    Classification::Strength
                } else if pct <= self.afi_max_agree_pct {
                    Classification::AreaForImprovement
                } else {
                    Classification::Mixed
                }
            }
            _ => Classification::NotEnoughViews,
        }
    }
}

/// What the figures suggest about a statement, sub-area or section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Strength,
    AreaForImprovement,
    Mixed,
    NotEnoughViews,
}

impl Classification {
    /// Label for tables and tags.
    pub fn label(self) -> &'static str {
        match self {
            Classification::Strength => "Strength",
            Classification::AreaForImprovement => "Area for improvement",
            Classification::Mixed => "Mixed",
            Classification::NotEnoughViews => "Not enough views",
        }
    }
}

/// How many people chose each rating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RatingCounts {
    pub strongly_agree: u32,
    pub agree: u32,
    pub disagree: u32,
    pub strongly_disagree: u32,
    pub dont_know: u32,
}

impl RatingCounts {
    /// Counts one answer.
    pub fn add(&mut self, rating: Rating) {
        *self.slot(rating) += 1;
    }

    fn slot(&mut self, rating: Rating) -> &mut u32 {
        match rating {
            Rating::StronglyAgree => &mut self.strongly_agree,
            Rating::Agree => &mut self.agree,
            Rating::Disagree => &mut self.disagree,
            Rating::StronglyDisagree => &mut self.strongly_disagree,
            Rating::DontKnow => &mut self.dont_know,
        }
    }

    /// The count for one rating.
    pub fn get(&self, rating: Rating) -> u32 {
        match rating {
            Rating::StronglyAgree => self.strongly_agree,
            Rating::Agree => self.agree,
            Rating::Disagree => self.disagree,
            Rating::StronglyDisagree => self.strongly_disagree,
            Rating::DontKnow => self.dont_know,
        }
    }

    /// Adds another set of counts (for sub-area and section totals).
    pub fn merge(&mut self, other: &RatingCounts) {
        for r in Rating::ALL {
            *self.slot(r) += other.get(r);
        }
    }

    /// Strongly agree + agree.
    pub fn agreeing(&self) -> u32 {
        self.strongly_agree + self.agree
    }

    /// Answers that give a view (everything but Don't know).
    pub fn views(&self) -> u32 {
        self.agreeing() + self.disagree + self.strongly_disagree
    }

    /// All answers, including Don't know.
    pub fn answered(&self) -> u32 {
        self.views() + self.dont_know
    }

    /// % agreeing among those who gave a view; `None` when nobody did.
    pub fn agree_pct(&self) -> Option<f64> {
        pct(self.agreeing(), self.views())
    }

    /// % answering Don't know among all answers; `None` when nobody answered.
    pub fn dont_know_pct(&self) -> Option<f64> {
        pct(self.dont_know, self.answered())
    }
}

fn pct(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// Figures for one statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementResult {
    pub statement_id: String,
    pub section_id: String,
    pub sub_area_id: String,
    pub text: String,
    pub counts: RatingCounts,
    pub answered: u32,
    pub agree_pct: Option<f64>,
    pub dont_know_pct: Option<f64>,
    pub classification: Classification,
}

/// Figures pooled over the statements of a sub-area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubAreaResult {
    pub sub_area_id: String,
    pub title: String,
    pub counts: RatingCounts,
    pub agree_pct: Option<f64>,
    pub dont_know_pct: Option<f64>,
    pub classification: Classification,
}

/// Figures pooled over a section, its sub-areas, and its comments in anonymised order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionResult {
    pub section_id: String,
    pub title: String,
    pub counts: RatingCounts,
    pub agree_pct: Option<f64>,
    pub dont_know_pct: Option<f64>,
    pub classification: Classification,
    pub sub_areas: Vec<SubAreaResult>,
    /// Respondents (not withdrawn) who completed this section.
    pub respondents_completed: u32,
    /// "Evidence of strengths" comments, sorted so order reveals nothing about who wrote them.
    pub strengths: Vec<String>,
    /// "How the service could improve" comments, sorted likewise.
    pub improvements: Vec<String>,
}

/// How many responses arrived and in what state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseCounts {
    /// Everything received for this checklist, including withdrawn responses.
    pub received: u32,
    /// Every section completed.
    pub completed: u32,
    /// Not withdrawn and not complete.
    pub partial: u32,
    pub withdrawn: u32,
}

impl ResponseCounts {
    fn add(&mut self, response: &ResponseBody, checklist: &Checklist) {
        self.received += 1;
        if response.is_withdrawn() {
            self.withdrawn += 1;
        } else if response.is_complete(checklist) {
            self.completed += 1;
        } else {
            self.partial += 1;
        }
    }
}

/// The smallest respondent group the host may see on its own. A smaller group is never shown
/// beside a single response or counted in its own row, so no one can be picked out by group.
pub const MIN_GROUP_SIZE: u32 = 5;

/// What the host sees in place of a small group's counts.
pub const SMALL_GROUP_TEXT: &str = "fewer than 5 – not shown";

/// How many responses name each group (trimmed; blank is no group), one per response record.
pub fn group_sizes<'a>(groups: impl IntoIterator<Item = Option<&'a str>>) -> BTreeMap<String, u32> {
    let mut sizes = BTreeMap::new();
    for g in groups.into_iter().flatten().map(str::trim) {
        if !g.is_empty() {
            *sizes.entry(g.to_string()).or_insert(0) += 1;
        }
    }
    sizes
}

/// The group to show beside one response: its name when the group has at least
/// [`MIN_GROUP_SIZE`] responses, "No group given", or a note that it is hidden.
pub fn group_for_display(group: Option<&str>, sizes: &BTreeMap<String, u32>) -> String {
    match group.map(str::trim).filter(|g| !g.is_empty()) {
        None => "No group given".to_string(),
        Some(g) if sizes.get(g).copied().unwrap_or(0) >= MIN_GROUP_SIZE => g.to_string(),
        Some(_) => "Not shown (fewer than 5 people in this group)".to_string(),
    }
}

/// Response counts for one respondent group; `group: None` is "no group given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounts {
    pub group: Option<String>,
    pub counts: ResponseCounts,
}

impl GroupCounts {
    /// False for a group too small to show its counts on their own.
    pub fn is_shown(&self) -> bool {
        self.counts.received >= MIN_GROUP_SIZE
    }
}

/// A statement the figures suggest as an area for improvement, for the consensus session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateAfi {
    pub statement_id: String,
    pub section_id: String,
    pub text: String,
    pub agree_pct: f64,
    pub views: u32,
}

/// The whole analysis of one checklist's responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub checklist_id: String,
    pub checklist_version: u32,
    pub thresholds: Thresholds,
    pub counts: ResponseCounts,
    /// Named groups alphabetically, then "no group given".
    pub by_group: Vec<GroupCounts>,
    /// Responses given against another checklist or version, left out of everything else.
    pub other_checklist: u32,
    /// In checklist order.
    pub statements: Vec<StatementResult>,
    /// In checklist order.
    pub sections: Vec<SectionResult>,
    /// Lowest agreement first; ties by more views, then checklist order.
    pub candidate_afis: Vec<CandidateAfi>,
}

/// Keeps one body per respondent id, chosen by content rather than position, so the same
/// person sending twice counts once whatever the order.
fn one_per_respondent<'a>(responses: &[&'a ResponseBody]) -> Vec<&'a ResponseBody> {
    let mut best: BTreeMap<&str, (&'a ResponseBody, String)> = BTreeMap::new();
    for r in responses {
        let json = serde_json::to_string(r).unwrap_or_default();
        let key = |body: &ResponseBody, json: &str| {
            (body.is_withdrawn(), body.submitted_at, json.to_string())
        };
        match best.get(r.respondent_id.as_str()) {
            Some((kept, kept_json)) if key(kept, kept_json) >= key(r, &json) => {}
            _ => {
                best.insert(r.respondent_id.as_str(), (r, json));
            }
        }
    }
    best.into_values().map(|(r, _)| r).collect()
}

/// Analyses `responses` against `checklist`. Withdrawn responses are counted but otherwise
/// left out; responses for another checklist or version are only counted in `other_checklist`.
pub fn analyse(
    checklist: &Checklist,
    responses: &[ResponseBody],
    thresholds: &Thresholds,
) -> Analysis {
    let (mine, other): (Vec<&ResponseBody>, Vec<&ResponseBody>) =
        responses.iter().partition(|r| r.is_for(checklist));
    let mine = one_per_respondent(&mine);
    let active: Vec<&ResponseBody> = mine.iter().copied().filter(|r| !r.is_withdrawn()).collect();

    let mut counts = ResponseCounts::default();
    let mut groups: BTreeMap<(bool, String), ResponseCounts> = BTreeMap::new();
    for r in &mine {
        counts.add(r, checklist);
        let group = r.group.as_deref().map(str::trim).filter(|g| !g.is_empty());
        // (false, name) sorts before (true, ""), putting "no group" last.
        let key = match group {
            Some(g) => (false, g.to_string()),
            None => (true, String::new()),
        };
        groups.entry(key).or_default().add(r, checklist);
    }
    let by_group = groups
        .into_iter()
        .map(|((none, name), counts)| GroupCounts {
            group: (!none).then_some(name),
            counts,
        })
        .collect();

    let mut statements = Vec::new();
    let mut sections = Vec::new();
    for section in &checklist.sections {
        let mut section_counts = RatingCounts::default();
        let mut sub_areas = Vec::new();
        for area in &section.sub_areas {
            let mut area_counts = RatingCounts::default();
            for st in &area.statements {
                let mut c = RatingCounts::default();
                for r in &active {
                    if let Some(rating) = r.answer(&st.id) {
                        c.add(rating);
                    }
                }
                area_counts.merge(&c);
                statements.push(StatementResult {
                    statement_id: st.id.clone(),
                    section_id: section.id.clone(),
                    sub_area_id: area.id.clone(),
                    text: st.text.clone(),
                    counts: c,
                    answered: c.answered(),
                    agree_pct: c.agree_pct(),
                    dont_know_pct: c.dont_know_pct(),
                    classification: thresholds.classify(&c),
                });
            }
            section_counts.merge(&area_counts);
            sub_areas.push(SubAreaResult {
                sub_area_id: area.id.clone(),
                title: area.title.clone(),
                counts: area_counts,
                agree_pct: area_counts.agree_pct(),
                dont_know_pct: area_counts.dont_know_pct(),
                classification: thresholds.classify(&area_counts),
            });
        }
        let comments = |kind| {
            let mut list: Vec<String> = active
                .iter()
                .map(|r| r.comment(&section.id, kind).trim())
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            list.sort();
            list
        };
        let respondents_completed = active
            .iter()
            .filter(|r| r.section_status(checklist, &section.id) == SectionStatus::Completed)
            .count() as u32;
        sections.push(SectionResult {
            section_id: section.id.clone(),
            title: section.title.clone(),
            counts: section_counts,
            agree_pct: section_counts.agree_pct(),
            dont_know_pct: section_counts.dont_know_pct(),
            classification: thresholds.classify(&section_counts),
            sub_areas,
            respondents_completed,
            strengths: comments(CommentKind::Strengths),
            improvements: comments(CommentKind::Improve),
        });
    }

    let mut candidates: Vec<(usize, &StatementResult, f64)> = statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.classification == Classification::AreaForImprovement)
        .filter_map(|(i, s)| s.agree_pct.map(|p| (i, s, p)))
        .collect();
    candidates.sort_by(|a, b| {
        a.2.total_cmp(&b.2)
            .then(b.1.counts.views().cmp(&a.1.counts.views()))
            .then(a.0.cmp(&b.0))
    });
    let candidate_afis = candidates
        .into_iter()
        .map(|(_, s, p)| CandidateAfi {
            statement_id: s.statement_id.clone(),
            section_id: s.section_id.clone(),
            text: s.text.clone(),
            agree_pct: p,
            views: s.counts.views(),
        })
        .collect();

    Analysis {
        checklist_id: checklist.id.clone(),
        checklist_version: checklist.version,
        thresholds: thresholds.clone(),
        counts,
        by_group,
        other_checklist: other.len() as u32,
        statements,
        sections,
        candidate_afis,
    }
}

/// A percentage to one decimal place, or "" when there is none.
fn pct_cell(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}")).unwrap_or_default()
}

impl Analysis {
    /// The statement table as CSV (CRLF, RFC 4180 quoting, formula injection neutralised).
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "Section,Sub-area,Statement ID,Statement,Strongly agree,Agree,Disagree,\
Strongly disagree,Don't know,Answered,% agree,% don't know,Classification\r\n",
        );
        for s in &self.statements {
            let section = self.sections.iter().find(|x| x.section_id == s.section_id);
            let area =
                section.and_then(|x| x.sub_areas.iter().find(|a| a.sub_area_id == s.sub_area_id));
            let mut cells = vec![
                section.map(|x| x.title.as_str()).unwrap_or(""),
                area.map(|a| a.title.as_str()).unwrap_or(""),
                &s.statement_id,
                &s.text,
            ]
            .into_iter()
            .map(csv_cell)
            .collect::<Vec<_>>();
            cells.extend(Rating::ALL.iter().map(|r| s.counts.get(*r).to_string()));
            cells.push(s.answered.to_string());
            cells.push(pct_cell(s.agree_pct));
            cells.push(pct_cell(s.dont_know_pct));
            cells.push(s.classification.label().to_string());
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The result for one section.
    pub fn section(&self, section_id: &str) -> Option<&SectionResult> {
        self.sections.iter().find(|s| s.section_id == section_id)
    }

    /// The result for one statement.
    pub fn statement(&self, statement_id: &str) -> Option<&StatementResult> {
        self.statements
            .iter()
            .find(|s| s.statement_id == statement_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::{from_json, psif_standard};
    use proptest::prelude::*;
    use Rating::*;

    fn checklist() -> Checklist {
        from_json(
            r#"{"id":"t","version":1,"title":"Test","sections":[
              {"id":"a","title":"Alpha","sub_areas":[
                {"id":"a-1","title":"A one","statements":[{"id":"a1","text":"=Plan"},{"id":"a2","text":"Two"}]},
                {"id":"a-2","title":"A two","statements":[{"id":"a3","text":"Three, with comma"}]}]},
              {"id":"b","title":"Beta","sub_areas":[
                {"id":"b-1","title":"B one","statements":[{"id":"b1","text":"Four"}]}]}]}"#,
        )
        .unwrap()
    }

    fn response(
        c: &Checklist,
        id: &str,
        group: Option<&str>,
        answers: &[(&str, Rating)],
        comments: &[(&str, &str, &str)],
    ) -> ResponseBody {
        let mut r = ResponseBody::new(id, c);
        r.group = group.map(str::to_string);
        for (s, rating) in answers {
            r.set_answer(s, Some(*rating));
        }
        for (sec, strengths, improve) in comments {
            r.set_comment(sec, CommentKind::Strengths, strengths);
            r.set_comment(sec, CommentKind::Improve, improve);
        }
        r
    }

    /// The hand-computed example (see the expected figures in `hand_computed_figures`).
    fn responses(c: &Checklist) -> Vec<ResponseBody> {
        let mut withdrawn = response(c, "r5", Some("Managers"), &[("a1", StronglyDisagree)], &[]);
        withdrawn.withdraw("Sent in error", 5);
        let mut other = response(c, "r6", None, &[("a1", StronglyDisagree)], &[]);
        other.checklist_version = 2;
        vec![
            response(
                c,
                "r1",
                Some("Staff"),
                &[
                    ("a1", StronglyAgree),
                    ("a2", Disagree),
                    ("a3", Agree),
                    ("b1", DontKnow),
                ],
                &[("a", "Clear plan", "Share more"), ("b", "Good", "Better")],
            ),
            response(
                c,
                "r2",
                Some("Staff "),
                &[
                    ("a1", Agree),
                    ("a2", StronglyDisagree),
                    ("a3", Agree),
                    ("b1", DontKnow),
                ],
                &[],
            ),
            response(
                c,
                "r3",
                Some("Managers"),
                &[
                    ("a1", Agree),
                    ("a2", Agree),
                    ("a3", Disagree),
                    ("b1", DontKnow),
                ],
                &[("a", "  Also clear ", "")],
            ),
            response(
                c,
                "r4",
                None,
                &[("a1", Disagree), ("a2", DontKnow), ("a3", Disagree)],
                &[],
            ),
            withdrawn,
            other,
        ]
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn hand_computed_figures() {
        let c = checklist();
        let a = analyse(&c, &responses(&c), &Thresholds::default());

        // a1: SA 1, A 2, D 1 -> 3 of 4 views agree = 75% -> strength (>= 75).
        let a1 = a.statement("a1").unwrap();
        assert_eq!(
            a1.counts,
            RatingCounts {
                strongly_agree: 1,
                agree: 2,
                disagree: 1,
                strongly_disagree: 0,
                dont_know: 0
            }
        );
        assert_eq!(a1.answered, 4);
        assert!(close(a1.agree_pct, 75.0) && close(a1.dont_know_pct, 0.0));
        assert_eq!(a1.classification, Classification::Strength);
        // a2: A 1, D 1, SD 1, DK 1 -> 1 of 3 views = 33.3%, DK 1 of 4 = 25% -> AFI.
        let a2 = a.statement("a2").unwrap();
        assert!(close(a2.agree_pct, 100.0 / 3.0) && close(a2.dont_know_pct, 25.0));
        assert_eq!(a2.classification, Classification::AreaForImprovement);
        // a3: A 2, D 2 -> 50% -> AFI (<= 50).
        let a3 = a.statement("a3").unwrap();
        assert!(close(a3.agree_pct, 50.0));
        assert_eq!(a3.classification, Classification::AreaForImprovement);
        // b1: DK 3 -> no views.
        let b1 = a.statement("b1").unwrap();
        assert_eq!(b1.agree_pct, None);
        assert!(close(b1.dont_know_pct, 100.0));
        assert_eq!(b1.classification, Classification::NotEnoughViews);

        // Sub-area a-1 pools a1 + a2: 4 of 7 views agree; section a adds a3: 6 of 11.
        let sec_a = a.section("a").unwrap();
        assert!(close(sec_a.sub_areas[0].agree_pct, 400.0 / 7.0));
        assert_eq!(sec_a.sub_areas[0].classification, Classification::Mixed);
        assert_eq!(sec_a.counts.views(), 11);
        assert!(close(sec_a.agree_pct, 600.0 / 11.0));
        assert!(close(sec_a.dont_know_pct, 100.0 / 12.0));
        assert_eq!(sec_a.classification, Classification::Mixed);
        assert_eq!(sec_a.respondents_completed, 1);

        // Comments: trimmed, blanks dropped, sorted; the withdrawn response contributes nothing.
        assert_eq!(sec_a.strengths, ["Also clear", "Clear plan"]);
        assert_eq!(sec_a.improvements, ["Share more"]);

        let afis: Vec<_> = a
            .candidate_afis
            .iter()
            .map(|x| x.statement_id.as_str())
            .collect();
        assert_eq!(afis, ["a2", "a3"]);

        assert_eq!(
            a.counts,
            ResponseCounts {
                received: 5,
                completed: 1,
                partial: 3,
                withdrawn: 1
            }
        );
        assert_eq!(a.other_checklist, 1);
        let groups: Vec<_> = a
            .by_group
            .iter()
            .map(|g| (g.group.as_deref(), g.counts))
            .collect();
        assert_eq!(
            groups,
            [
                (
                    Some("Managers"),
                    ResponseCounts {
                        received: 2,
                        completed: 0,
                        partial: 1,
                        withdrawn: 1
                    }
                ),
                (
                    Some("Staff"),
                    ResponseCounts {
                        received: 2,
                        completed: 1,
                        partial: 1,
                        withdrawn: 0
                    }
                ),
                (
                    None,
                    ResponseCounts {
                        received: 1,
                        completed: 0,
                        partial: 1,
                        withdrawn: 0
                    }
                ),
            ]
        );
    }

    #[test]
    fn thresholds_are_configurable() {
        let c = checklist();
        let strict = Thresholds {
            strength_min_agree_pct: 80.0,
            afi_max_agree_pct: 40.0,
            min_views: 4,
        };
        let a = analyse(&c, &responses(&c), &strict);
        assert_eq!(
            a.statement("a1").unwrap().classification,
            Classification::Mixed
        );
        // a2 has only 3 views.
        assert_eq!(
            a.statement("a2").unwrap().classification,
            Classification::NotEnoughViews
        );
        assert_eq!(
            a.statement("a3").unwrap().classification,
            Classification::Mixed
        );
        assert!(a.candidate_afis.is_empty());
        let t: Thresholds = serde_json::from_str("{}").unwrap();
        assert_eq!(t, Thresholds::default());
        assert_eq!(
            Classification::AreaForImprovement.label(),
            "Area for improvement"
        );
    }

    #[test]
    fn no_responses_gives_empty_figures() {
        let c = psif_standard();
        let a = analyse(&c, &[], &Thresholds::default());
        assert_eq!(a.statements.len(), 61);
        assert_eq!(a.sections.len(), 6);
        assert_eq!(a.counts, ResponseCounts::default());
        assert!(a.by_group.is_empty() && a.candidate_afis.is_empty());
        assert!(a
            .statements
            .iter()
            .all(|s| s.classification == Classification::NotEnoughViews && s.agree_pct.is_none()));
    }

    #[test]
    fn duplicate_respondent_counts_once() {
        let c = checklist();
        let first = response(&c, "r1", None, &[("a1", Agree)], &[]);
        let mut later = response(&c, "r1", None, &[("a1", Disagree)], &[]);
        later.submit(10);
        for list in [
            vec![first.clone(), later.clone()],
            vec![later.clone(), first.clone()],
        ] {
            let a = analyse(&c, &list, &Thresholds::default());
            assert_eq!(a.counts.received, 1);
            assert_eq!(a.statement("a1").unwrap().counts.disagree, 1);
        }
    }

    #[test]
    fn csv_export_quotes_and_neutralises_formulas() {
        let c = checklist();
        let a = analyse(&c, &responses(&c), &Thresholds::default());
        let csv = a.to_csv();
        let lines: Vec<_> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 6, "header, 4 rows, trailing empty");
        assert!(lines[0].starts_with("Section,Sub-area,Statement ID,Statement,Strongly agree"));
        assert_eq!(
            lines[1],
            "Alpha,A one,a1,'=Plan,1,2,1,0,0,4,75.0,0.0,Strength"
        );
        assert_eq!(
            lines[2],
            "Alpha,A one,a2,Two,0,1,1,1,1,4,33.3,25.0,Area for improvement"
        );
        assert_eq!(
            lines[3],
            "Alpha,A two,a3,\"Three, with comma\",0,2,2,0,0,4,50.0,0.0,Area for improvement"
        );
        assert_eq!(
            lines[4],
            "Beta,B one,b1,Four,0,0,0,0,3,3,,100.0,Not enough views"
        );
        assert_eq!(lines[5], "");
    }

    proptest! {
        #[test]
        fn order_does_not_matter(shuffled in Just(responses(&checklist())).prop_shuffle()) {
            let c = checklist();
            let expected = analyse(&c, &responses(&c), &Thresholds::default());
            let got = analyse(&c, &shuffled, &Thresholds::default());
            prop_assert_eq!(&got, &expected);
            prop_assert_eq!(got.to_csv(), expected.to_csv());
        }
    }

    #[test]
    fn groups_smaller_than_five_are_never_shown_on_their_own() {
        assert_eq!(MIN_GROUP_SIZE, 5);
        let mut groups = vec![Some("Tenants"); 5];
        groups.extend([Some("Staff"); 4]);
        groups.extend([Some(" "), None]);
        let sizes = group_sizes(groups);
        assert_eq!(sizes.get("Tenants"), Some(&5));
        assert_eq!(sizes.get("Staff"), Some(&4));
        assert_eq!(sizes.len(), 2);
        assert_eq!(group_for_display(Some("Tenants"), &sizes), "Tenants");
        assert_eq!(
            group_for_display(Some("Staff"), &sizes),
            "Not shown (fewer than 5 people in this group)"
        );
        assert_eq!(
            group_for_display(Some("Unknown"), &sizes),
            "Not shown (fewer than 5 people in this group)"
        );
        assert_eq!(group_for_display(None, &sizes), "No group given");

        let c = psif_standard();
        let body = |rid: &str, g: &str| {
            let mut b = ResponseBody::new(rid, &c);
            b.group = Some(g.to_string());
            b
        };
        let mut rs: Vec<ResponseBody> = (0..5).map(|i| body(&format!("t{i}"), "Tenants")).collect();
        rs.extend((0..4).map(|i| body(&format!("s{i}"), "Staff")));
        let a = analyse(&c, &rs, &Thresholds::default());
        let shown: Vec<(Option<String>, bool)> = a
            .by_group
            .iter()
            .map(|g| (g.group.clone(), g.is_shown()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (Some("Staff".into()), false),
                (Some("Tenants".into()), true)
            ]
        );
    }
}
