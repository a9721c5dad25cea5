//! PSIF self-assessment checklists as data: the built-in standard checklist, CSV and JSON import,
//! and the versioning rule that keeps responses tied to the wording people actually saw.
//!
//! The Improvement Service's official wording is not public, so the built-in statements are our
//! own, following the six PSIF sections and 21 sub-areas named in the PCI guidance (2023).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Schema version of a serialised [`Checklist`] (the `schema` of its revisions).
pub const SCHEMA: u32 = 1;
/// Most statements an imported checklist may have; the standard one has 61.
pub const MAX_STATEMENTS: usize = 500;
/// Longest section, sub-area or statement text, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;
/// Longest id, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Import stops listing problems after this many, so a wrong file gives a readable answer.
pub const MAX_ERRORS: usize = 50;

/// The note shown wherever the built-in checklist is used.
pub const PSIF_SOURCE_NOTE: &str = "Wording written for this app, following the PSIF areas. \
Not the Improvement Service's official wording.";

/// One point on the PSIF scale. There is deliberately no neutral point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    StronglyAgree,
    Agree,
    Disagree,
    StronglyDisagree,
    DontKnow,
}

impl Rating {
    /// All ratings in the order they are shown.
    pub const ALL: [Rating; 5] = [
        Rating::StronglyAgree,
        Rating::Agree,
        Rating::Disagree,
        Rating::StronglyDisagree,
        Rating::DontKnow,
    ];

    /// The label people see.
    pub fn label(self) -> &'static str {
        match self {
            Rating::StronglyAgree => "Strongly agree",
            Rating::Agree => "Agree",
            Rating::Disagree => "Disagree",
            Rating::StronglyDisagree => "Strongly disagree",
            Rating::DontKnow => "Don't know",
        }
    }

    /// Stable machine key (same as the serde form), for radio values.
    pub fn key(self) -> &'static str {
        match self {
            Rating::StronglyAgree => "strongly_agree",
            Rating::Agree => "agree",
            Rating::Disagree => "disagree",
            Rating::StronglyDisagree => "strongly_disagree",
            Rating::DontKnow => "dont_know",
        }
    }

    /// Inverse of [`Rating::key`].
    pub fn from_key(key: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Strongly agree or agree.
    pub fn is_agree(self) -> bool {
        matches!(self, Rating::StronglyAgree | Rating::Agree)
    }

    /// Anything but "Don't know": the person gave a view.
    pub fn is_view(self) -> bool {
        self != Rating::DontKnow
    }
}

/// A rating as offered to respondents, with optional hint text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleOption {
    pub rating: Rating,
    pub label: String,
    #[serde(default)]
    pub hint: String,
}

/// The standard five-point scale with its labels.
pub fn default_scale() -> Vec<ScaleOption> {
    Rating::ALL
        .into_iter()
        .map(|rating| ScaleOption {
            rating,
            label: rating.label().to_string(),
            hint: if rating == Rating::DontKnow {
                "Choose this if you do not have enough information to judge.".to_string()
            } else {
                String::new()
            },
        })
        .collect()
}

/// Label and hint for one of the two comment boxes at the end of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPrompt {
    pub label: String,
    #[serde(default)]
    pub hint: String,
}

impl CommentPrompt {
    /// The standard "Evidence of strengths" box.
    pub fn strengths() -> CommentPrompt {
        CommentPrompt {
            label: "Evidence of strengths".to_string(),
            hint:
                "Give examples of what works well in this section and any evidence that shows it."
                    .to_string(),
        }
    }

    /// The standard "How the service could improve" box.
    pub fn improve() -> CommentPrompt {
        CommentPrompt {
            label: "How the service could improve".to_string(),
            hint: "Say what would make the biggest difference in this section, and why."
                .to_string(),
        }
    }
}

/// One statement to rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub text: String,
}

/// A PSIF sub-area, e.g. "Strategy and Plans".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubArea {
    pub id: String,
    pub title: String,
    pub statements: Vec<Statement>,
}

/// A PSIF section, e.g. "Service Planning", ending with two comment boxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub sub_areas: Vec<SubArea>,
    #[serde(default = "CommentPrompt::strengths")]
    pub strengths_prompt: CommentPrompt,
    #[serde(default = "CommentPrompt::improve")]
    pub improve_prompt: CommentPrompt,
}

impl Section {
    /// The section's statements in order.
    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.sub_areas.iter().flat_map(|a| a.statements.iter())
    }

    /// How many statements the section has.
    pub fn statement_count(&self) -> usize {
        self.sub_areas.iter().map(|a| a.statements.len()).sum()
    }
}

/// A complete checklist. Responses record `id` and `version`, so the content a response was
/// given against is never changed underneath it (see [`Checklist::prepare_edit`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub id: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub source_note: String,
    pub sections: Vec<Section>,
    #[serde(default = "default_scale")]
    pub scale: Vec<ScaleOption>,
}

/// A problem found while importing a checklist. `line` is the 1-based line in the file where
/// the offending row starts, when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    #[serde(default)]
    pub line: Option<usize>,
    pub message: String,
}

impl ImportError {
    fn at(line: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            line: Some(line),
            message: message.into(),
        }
    }

    fn general(message: impl Into<String>) -> ImportError {
        ImportError {
            line: None,
            message: message.into(),
        }
    }
}

/// "Line 12: the statement is empty", or just the message when no line applies.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "Line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Whether a checklist may be changed in place: only while nobody has responded to it.
pub fn can_edit_in_place(has_responses: bool) -> bool {
    !has_responses
}

impl Checklist {
    /// Total number of statements.
    pub fn statement_count(&self) -> usize {
        self.sections.iter().map(Section::statement_count).sum()
    }

    /// All statements in checklist order.
    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.sections.iter().flat_map(Section::statements)
    }

    /// The statement with this id.
    pub fn find_statement(&self, id: &str) -> Option<&Statement> {
        self.statements().find(|s| s.id == id)
    }

    /// The statement with this id together with its section and sub-area.
    pub fn locate_statement(&self, id: &str) -> Option<(&Section, &SubArea, &Statement)> {
        self.sections.iter().find_map(|sec| {
            sec.sub_areas.iter().find_map(|area| {
                area.statements
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| (sec, area, s))
            })
        })
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// SHA-256 hex of the content people see (title, sections, scale), ignoring id and version,
    /// so "did this edit change anything?" is a string comparison.
    pub fn fingerprint(&self) -> String {
        #[derive(Serialize)]
        struct Content<'a> {
            title: &'a str,
            sections: &'a [Section],
            scale: &'a [ScaleOption],
        }
        let json = serde_json::to_string(&Content {
            title: &self.title,
            sections: &self.sections,
            scale: &self.scale,
        })
        .unwrap_or_default();
        hex(&Sha256::digest(json.as_bytes()))
    }

    /// A copy with `version + 1` and a new id (`<base>-v<version>`), for editing a checklist that
    /// already has responses.
    pub fn next_version(&self) -> Checklist {
        let version = self.version.saturating_add(1);
        let mut next = self.clone();
        next.id = format!("{}-v{version}", base_id(&self.id));
        next.version = version;
        next
    }

    /// The checklist to edit: this one while it has no responses, otherwise its next version.
    pub fn prepare_edit(&self, has_responses: bool) -> Checklist {
        if can_edit_in_place(has_responses) {
            self.clone()
        } else {
            self.next_version()
        }
    }

    /// Checks ids are unique and well formed, texts are present and not too long, and the
    /// scale is usable. Used by JSON import and by anyone building a checklist by hand.
    pub fn validate(&self) -> Result<(), Vec<ImportError>> {
        let mut errs = Vec::new();
        if let Some(msg) = id_problem(&self.id) {
            errs.push(ImportError::general(format!("The checklist {msg}")));
        }
        if self.version == 0 {
            errs.push(ImportError::general(
                "The checklist version must be 1 or more",
            ));
        }
        if let Some(msg) = text_problem(&self.title, "title") {
            errs.push(ImportError::general(format!("The checklist {msg}")));
        }
        if self.sections.is_empty() {
            errs.push(ImportError::general("The checklist has no sections"));
        }
        let count = self.statement_count();
        if count > MAX_STATEMENTS {
            errs.push(ImportError::general(format!(
                "The checklist has {count} statements; the most allowed is {MAX_STATEMENTS}"
            )));
        }
        let mut section_ids = HashMap::new();
        let mut area_ids = HashMap::new();
        let mut statement_ids = HashMap::new();
        for (si, sec) in self.sections.iter().enumerate() {
            let where_ = format!("Section {}", si + 1);
            check_id(&mut errs, &mut section_ids, &sec.id, &where_);
            if let Some(msg) = text_problem(&sec.title, "title") {
                errs.push(ImportError::general(format!("{where_}: the {msg}")));
            }
            if sec.sub_areas.is_empty() {
                errs.push(ImportError::general(format!(
                    "{where_}: it has no sub-areas"
                )));
            }
            for (ai, area) in sec.sub_areas.iter().enumerate() {
                let where_ = format!("Section {}, sub-area {}", si + 1, ai + 1);
                check_id(&mut errs, &mut area_ids, &area.id, &where_);
                if let Some(msg) = text_problem(&area.title, "title") {
                    errs.push(ImportError::general(format!("{where_}: the {msg}")));
                }
                if area.statements.is_empty() {
                    errs.push(ImportError::general(format!(
                        "{where_}: it has no statements"
                    )));
                }
                for (ti, st) in area.statements.iter().enumerate() {
                    let where_ = format!(
                        "Section {}, sub-area {}, statement {}",
                        si + 1,
                        ai + 1,
                        ti + 1
                    );
                    check_id(&mut errs, &mut statement_ids, &st.id, &where_);
                    if let Some(msg) = text_problem(&st.text, "statement") {
                        errs.push(ImportError::general(format!("{where_}: the {msg}")));
                    }
                }
            }
        }
        let mut seen = Vec::new();
        for opt in &self.scale {
            if seen.contains(&opt.rating) {
                errs.push(ImportError::general(format!(
                    "The scale lists \"{}\" more than once",
                    opt.rating.label()
                )));
            }
            seen.push(opt.rating);
            if opt.label.trim().is_empty() {
                errs.push(ImportError::general("A scale option has no label"));
            }
        }
        if self.scale.len() < 2 {
            errs.push(ImportError::general("The scale needs at least two options"));
        }
        errs.truncate(MAX_ERRORS);
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// The statements as CSV (`id,section,sub-area,statement`), which [`from_csv`] reads back:
    /// a template for a bespoke checklist.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("id,section,sub-area,statement\r\n");
        for sec in &self.sections {
            for area in &sec.sub_areas {
                for st in &area.statements {
                    let cells = [&st.id, &sec.title, &area.title, &st.text].map(|c| csv_cell(c));
                    out.push_str(&cells.join(","));
                    out.push_str("\r\n");
                }
            }
        }
        out
    }
}

/// A CSV cell, quoted when needed, with spreadsheet formula injection neutralised: a cell
/// starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
pub fn csv_cell(value: &str) -> String {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The id without a trailing `-v<digits>` version suffix.
fn base_id(id: &str) -> &str {
    match id.rsplit_once("-v") {
        Some((base, n))
            if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => id,
    }
}

/// Why an id is unusable, if it is. Ids become parts of HTML ids (`q-<id>`), so keep them plain.
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some("id is empty".to_string())
    } else if id.chars().count() > MAX_ID_CHARS {
        Some(format!("id is longer than {MAX_ID_CHARS} characters"))
    } else if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some(format!(
            "id \"{id}\" can only contain letters, numbers, hyphens and underscores"
        ))
    } else {
        None
    }
}

fn text_problem(text: &str, what: &str) -> Option<String> {
    if text.trim().is_empty() {
        Some(format!("{what} is empty"))
    } else if text.chars().count() > MAX_TEXT_CHARS {
        Some(format!("{what} is longer than {MAX_TEXT_CHARS} characters"))
    } else {
        None
    }
}

fn check_id(
    errs: &mut Vec<ImportError>,
    seen: &mut HashMap<String, String>,
    id: &str,
    where_: &str,
) {
    if let Some(msg) = id_problem(id) {
        errs.push(ImportError::general(format!("{where_}: the {msg}")));
    } else if let Some(first) = seen.get(id) {
        errs.push(ImportError::general(format!(
            "{where_}: the id \"{id}\" is already used by {}",
            first.to_lowercase()
        )));
    } else {
        seen.insert(id.to_string(), where_.to_string());
    }
}

/// A lowercase, hyphenated id from a title ("Service Planning" -> "service-planning").
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

// ---------------------------------------------------------------------------------------------
// JSON import

/// Reads a checklist in its own JSON shape and validates it. A missing scale becomes the
/// standard scale; missing comment prompts become the standard prompts.
pub fn from_json(text: &str) -> Result<Checklist, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let checklist: Checklist = serde_json::from_str(text).map_err(|e| {
        let message = format!("this is not a checklist file ({e})");
        vec![if e.line() > 0 {
            ImportError::at(e.line(), message)
        } else {
            ImportError::general(message)
        }]
    })?;
    checklist.validate()?;
    Ok(checklist)
}

// ---------------------------------------------------------------------------------------------
// CSV import

/// One CSV record and the line it starts on.
struct Record {
    line: usize,
    cells: Vec<String>,
}

/// RFC 4180 parsing with line tracking. Accepts CRLF, LF or lone CR line ends and quoted
/// commas, quotes and newlines. A quote inside an unquoted cell is kept literally, as
/// spreadsheets do.
fn parse_csv(text: &str) -> Result<Vec<Record>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    // True once the current record has any content, so a trailing newline makes no record.
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            // Spaces before an opening quote are common in hand-written files; drop them.
            '"' if cell.trim().is_empty() => {
                cell.clear();
                let quote_line = line;
                started = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some('\r') => {
                            if chars.peek() == Some(&'\n') {
                                chars.next();
                            }
                            line += 1;
                            cell.push('\n');
                        }
                        Some('\n') => {
                            line += 1;
                            cell.push('\n');
                        }
                        Some(other) => cell.push(other),
                        None => {
                            return Err(ImportError::at(
                                quote_line,
                                "a quoted cell has no closing quote mark",
                            ))
                        }
                    }
                }
                while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                    chars.next();
                }
                match chars.peek() {
                    None | Some(',') | Some('\r') | Some('\n') => {}
                    Some(_) => {
                        return Err(ImportError::at(
                            line,
                            "there is text after a closing quote mark; put the whole cell in quotes and double any quote marks inside it",
                        ))
                    }
                }
            }
            ',' => {
                started = true;
                cells.push(std::mem::take(&mut cell));
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if started || !cell.is_empty() {
                    cells.push(std::mem::take(&mut cell));
                    records.push(Record {
                        line: record_line,
                        cells: std::mem::take(&mut cells),
                    });
                }
                started = false;
                line += 1;
                record_line = line;
            }
            other => {
                started = true;
                cell.push(other);
            }
        }
    }
    if started || !cell.is_empty() {
        cells.push(cell);
        records.push(Record {
            line: record_line,
            cells,
        });
    }
    Ok(records)
}

/// Which header name a column has, if it is one we know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Section,
    SubArea,
    Statement,
    Id,
}

impl Column {
    fn parse(header: &str) -> Option<Column> {
        let h: String = header
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect();
        match h.as_str() {
            "section" => Some(Column::Section),
            "subarea" => Some(Column::SubArea),
            "statement" => Some(Column::Statement),
            "id" | "statementid" => Some(Column::Id),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Column::Section => "section",
            Column::SubArea => "sub-area",
            Column::Statement => "statement",
            Column::Id => "id",
        }
    }
}

/// A cell as typed: trimmed, newlines normalised, and a `'` formula guard (as written by
/// [`csv_cell`]) removed.
fn clean_cell(raw: &str) -> String {
    let t = raw.trim();
    let t = match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    };
    t.to_string()
}

/// A row that passed the per-row checks.
struct Row {
    line: usize,
    section: String,
    sub_area: String,
    statement: String,
    id: Option<String>,
}

/// Reads a checklist from CSV with a header row naming `section`, `sub-area` and `statement`
/// columns and optionally `id` (any order, any case). Sections and sub-areas appear in the
/// order they are first met; missing ids are generated from the position. `name` becomes the
/// title.
pub fn from_csv(name: &str, text: &str) -> Result<Checklist, Vec<ImportError>> {
    let records = parse_csv(text).map_err(|e| vec![e])?;
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        return Err(vec![ImportError::at(1, "the file is empty")]);
    };
    let mut columns: BTreeMap<usize, Column> = BTreeMap::new();
    let mut errs = Vec::new();
    for (i, h) in header.cells.iter().enumerate() {
        if let Some(col) = Column::parse(h) {
            if columns.values().any(|c| *c == col) {
                errs.push(ImportError::at(
                    header.line,
                    format!("the header has more than one \"{}\" column", col.name()),
                ));
            }
            columns.insert(i, col);
        }
    }
    for col in [Column::Section, Column::SubArea, Column::Statement] {
        if !columns.values().any(|c| *c == col) {
            errs.push(ImportError::at(
                header.line,
                format!(
                    "the header has no \"{}\" column (the first row must name the columns section, sub-area and statement)",
                    col.name()
                ),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let width = header.cells.len();

    let mut rows = Vec::new();
    for rec in records {
        if rec.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_STATEMENTS {
            errs.push(ImportError::at(
                rec.line,
                format!("the checklist has more than {MAX_STATEMENTS} statements"),
            ));
            break;
        }
        if rec.cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            errs.push(ImportError::at(
                rec.line,
                "the row has more cells than the header",
            ));
            continue;
        }
        let mut row = Row {
            line: rec.line,
            section: String::new(),
            sub_area: String::new(),
            statement: String::new(),
            id: None,
        };
        for (i, col) in &columns {
            let value = rec.cells.get(*i).map(|c| clean_cell(c)).unwrap_or_default();
            match col {
                Column::Section => row.section = value,
                Column::SubArea => row.sub_area = value,
                Column::Statement => row.statement = value,
                Column::Id => row.id = (!value.is_empty()).then_some(value),
            }
        }
        let before = errs.len();
        for (value, what) in [
            (&row.section, "section"),
            (&row.sub_area, "sub-area"),
            (&row.statement, "statement"),
        ] {
            if let Some(msg) = text_problem(value, what) {
                errs.push(ImportError::at(rec.line, format!("the {msg}")));
            }
        }
        if let Some(msg) = row.id.as_deref().and_then(id_problem) {
            errs.push(ImportError::at(rec.line, format!("the {msg}")));
        }
        if errs.len() == before {
            rows.push(row);
        }
        if errs.len() >= MAX_ERRORS {
            break;
        }
    }
    if rows.is_empty() && errs.is_empty() {
        errs.push(ImportError::at(
            header.line,
            "the file has a header but no statements",
        ));
    }

    // Duplicate ids: given ids first, since generated ones depend on position.
    let mut used: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        if let Some(id) = &row.id {
            if let Some(first) = used.get(id) {
                errs.push(ImportError::at(
                    row.line,
                    format!("the id \"{id}\" is already used on line {first}"),
                ));
            } else {
                used.insert(id.clone(), row.line);
            }
        }
    }
    if !errs.is_empty() {
        errs.truncate(MAX_ERRORS);
        return Err(errs);
    }

    let mut sections: Vec<Section> = Vec::new();
    let mut section_ids: Vec<String> = Vec::new();
    for row in rows {
        let si = match sections.iter().position(|s| s.title == row.section) {
            Some(i) => i,
            None => {
                let base = match slug(&row.section) {
                    s if s.is_empty() => format!("s{}", sections.len() + 1),
                    s => s,
                };
                let mut id = base.clone();
                let mut n = 2;
                while section_ids.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                section_ids.push(id.clone());
                sections.push(Section {
                    id,
                    title: row.section.clone(),
                    description: String::new(),
                    sub_areas: Vec::new(),
                    strengths_prompt: CommentPrompt::strengths(),
                    improve_prompt: CommentPrompt::improve(),
                });
                sections.len() - 1
            }
        };
        let sec = &mut sections[si];
        let ai = match sec.sub_areas.iter().position(|a| a.title == row.sub_area) {
            Some(i) => i,
            None => {
                sec.sub_areas.push(SubArea {
                    id: format!("{}-{}", sec.id, sec.sub_areas.len() + 1),
                    title: row.sub_area.clone(),
                    statements: Vec::new(),
                });
                sec.sub_areas.len() - 1
            }
        };
        let area = &mut sec.sub_areas[ai];
        let id = match row.id {
            Some(id) => id,
            None => {
                let id = format!("{}-{}", area.id, area.statements.len() + 1);
                if let Some(first) = used.get(&id) {
                    errs.push(ImportError::at(
                        row.line,
                        format!(
                            "this statement would get the id \"{id}\", which line {first} already uses; give it an id"
                        ),
                    ));
                }
                used.insert(id.clone(), row.line);
                id
            }
        };
        area.statements.push(Statement {
            id,
            text: row.statement,
        });
    }
    if !errs.is_empty() {
        errs.truncate(MAX_ERRORS);
        return Err(errs);
    }

    let title = match name.trim() {
        "" => "Imported checklist".to_string(),
        t => t.chars().take(MAX_TEXT_CHARS).collect(),
    };
    let mut checklist = Checklist {
        id: String::new(),
        version: 1,
        title,
        source_note: String::new(),
        sections,
        scale: default_scale(),
    };
    // Same file and name, same id; a different file never collides.
    let base = match slug(&checklist.title) {
        s if s.is_empty() => "checklist".to_string(),
        s => s,
    };
    checklist.id = format!("{base}-{}", &checklist.fingerprint()[..8]);
    Ok(checklist)
}

// ---------------------------------------------------------------------------------------------
// The built-in standard checklist

/// A sub-area's title and its statements, each with its stable number.
type SubAreaData = (&'static str, &'static [(u8, &'static str)]);
type SectionData = (
    &'static str,
    &'static str,
    &'static str,
    &'static [SubAreaData],
);

/// Section id, title, description and sub-areas, as named in the PCI guidance section 4.
///
/// Version 2 (issue 12): one voice ("The service…", never "Our…") and one question per
/// statement. Statement numbers are stable ids (`sp-2-4` is section `sp`, sub-area 2, statement
/// 4): a statement keeps its number while its meaning is unchanged, a split-off question takes a
/// new number, and a removed statement's number is never reused.
const PSIF: &[SectionData] = &[
    (
        "sp",
        "Service Planning",
        "How the service plans and manages its performance, and the part customers, partners and stakeholders play in this.",
        &[
            (
                "Strategy and Plans",
                &[
                    (1, "The service has a clear plan that sets out its priorities."),
                    (2, "The service plan shows how the service contributes to the council's wider priorities and outcomes."),
                    (3, "The service uses evidence about needs, performance and risks when it sets its priorities."),
                    (4, "The service reviews its plans regularly so they stay relevant."),
                ],
            ),
            (
                "Empowering and Involving Communities, Customers and Stakeholders",
                &[
                    (1, "The service involves customers and communities in shaping its plans."),
                    (2, "The service consults partners and stakeholders when it sets its priorities."),
                    (4, "The service tells partners and stakeholders how their views were used."),
                    (3, "The service supports communities to take part in decisions about the services that affect them."),
                ],
            ),
            (
                "Performance Management",
                &[
                    (1, "The service has clear measures and targets that show whether it is achieving its aims."),
                    (2, "The service uses performance information to make decisions."),
                    (3, "The service compares its performance with others, for example through benchmarking, to learn and improve."),
                ],
            ),
        ],
    ),
    (
        "st",
        "Staff",
        "Everyone who works in the service: full-time, part-time, fixed-term, temporary and permanent staff, and secondees.",
        &[
            (
                "Planning and Managing Staff",
                &[
                    (1, "The service plans its workforce so it has people with the right skills in the right places."),
                    (2, "Staff in the service understand their roles and responsibilities."),
                ],
            ),
            (
                "Developing Staff",
                &[
                    (1, "Staff have regular conversations with their manager about their performance and development."),
                    (2, "Staff can get the learning and development they need to do their jobs well."),
                    (3, "The service develops people's potential, including its future leaders."),
                ],
            ),
            (
                "Involving Staff",
                &[
                    (1, "Staff are involved in decisions that affect their work."),
                    (2, "Staff are encouraged to suggest improvements."),
                    (3, "Staff suggestions for improvement are acted on."),
                ],
            ),
            (
                "Staff Communication",
                &[
                    (1, "Staff get the information they need, when they need it, to do their jobs."),
                    (2, "Managers in the service listen to what staff tell them."),
                ],
            ),
            (
                "Recognising and Caring for Staff",
                &[
                    (1, "The service recognises staff achievements and good work."),
                    (2, "The service looks after the health, safety and wellbeing of its staff."),
                    (3, "The service treats staff with respect."),
                    (4, "The service promotes equality and diversity among its staff."),
                ],
            ),
        ],
    ),
    (
        "pr",
        "Partnerships and Resources",
        "How the service works in partnership to improve outcomes, and how it manages its resources efficiently, effectively and sustainably.",
        &[
            (
                "Managing Partnerships",
                &[
                    (1, "The service knows why each of its key partnerships matters."),
                    (2, "The service's partnerships have clear, shared aims."),
                    (3, "The service reviews whether its partnerships are delivering better outcomes."),
                ],
            ),
            (
                "Managing Financial and Information Resources",
                &[
                    (1, "The service links its spending to its priorities."),
                    (2, "The service actively looks for ways to deliver better value for money."),
                    (3, "The service keeps its information and data secure."),
                ],
            ),
            (
                "Managing Assets and other Resources",
                &[
                    (1, "Buildings, equipment and technology are managed so that they support good service delivery."),
                    (3, "The service takes account of its environmental impact when it uses resources."),
                ],
            ),
        ],
    ),
    (
        "ps",
        "Processes and Services",
        "How well the service manages customer needs and expectations, and how customers help review and improve what it does.",
        &[
            (
                "Managing Customer Needs and Expectations",
                &[
                    (1, "The service understands the different needs of its customers."),
                    (2, "The service publishes clear standards for what customers can expect."),
                    (3, "Customers find it easy to get information about the service."),
                    (4, "Customers find it easy to contact the service."),
                ],
            ),
            (
                "Developing Services around Customer Needs",
                &[
                    (1, "The service involves customers in designing what it provides."),
                    (2, "The service is accessible to everyone, including people who need extra support."),
                    (3, "The service works with other services and partners so that customers get a joined-up experience."),
                ],
            ),
            (
                "Reviewing and Improving Service Delivery",
                &[
                    (1, "The service reviews its processes regularly to make them simpler and more efficient."),
                    (2, "The service uses complaints and customer feedback to improve."),
                ],
            ),
        ],
    ),
    (
        "le",
        "Leadership",
        "How effective the service's leaders are: how they plan for the future, create a positive culture and engage with customers, partners and stakeholders.",
        &[
            (
                "Planning for the Future",
                &[
                    (1, "Leaders set a clear direction for the service."),
                    (2, "Leaders plan for the challenges the service will face in future."),
                    (3, "Leaders manage change well."),
                    (4, "Leaders explain the reasons for change."),
                ],
            ),
            (
                "Creating a Positive Culture",
                &[
                    (1, "Leaders act as role models for the council's values."),
                    (2, "Leaders are approachable."),
                    (3, "Leaders make it safe to try new ideas."),
                ],
            ),
            (
                "Engaging Communities, Customers, Partners and Other Stakeholders",
                &[
                    (1, "Leaders engage actively with communities and customers."),
                    (2, "Leaders build effective relationships with partners and other stakeholders."),
                    (3, "Leaders are open about the service's performance."),
                ],
            ),
        ],
    ),
    (
        "re",
        "Results",
        "What the service achieves, measured in the ways it finds most useful, and its progress towards its targets.",
        &[
            (
                "Customer Results",
                &[
                    (1, "The service measures customer satisfaction regularly."),
                    (2, "Customer satisfaction has improved, or stayed high, over the last few years."),
                ],
            ),
            (
                "Staff Results",
                &[
                    (1, "The service measures staff satisfaction, wellbeing and engagement."),
                    (2, "Staff results, such as absence and turnover, show good or improving trends."),
                ],
            ),
            (
                "Community Results",
                &[
                    (1, "The service can show the difference it makes to the communities it serves."),
                ],
            ),
            (
                "Key Performance Results",
                &[
                    (1, "The service is meeting, or making good progress towards, its key targets."),
                    (2, "Key performance results have improved over time."),
                    (4, "Key performance results compare well with similar services."),
                    (3, "The service can show that it delivers value for money."),
                ],
            ),
        ],
    ),
];

/// The wording of version 1 (before issue 12), kept so responses given against it can still be
/// read with the words people saw (see [`psif_standard_version`]).
const PSIF_V1: &[SectionData] = &[
    (
        "sp",
        "Service Planning",
        "How the service plans and manages its performance, and the part customers, partners and stakeholders play in this.",
        &[
            (
                "Strategy and Plans",
                &[
                    (1, "The service has a clear plan that sets out its priorities and how it will deliver them."),
                    (2, "The service plan shows how the service contributes to the council's wider priorities and outcomes."),
                    (3, "The service uses evidence about needs, performance and risks when it sets its priorities."),
                    (4, "The service reviews and updates its plans regularly so they stay relevant."),
                ],
            ),
            (
                "Empowering and Involving Communities, Customers and Stakeholders",
                &[
                    (1, "The service involves customers and communities in shaping its plans."),
                    (2, "The service consults partners and stakeholders when it sets its priorities and explains how their views were used."),
                    (3, "The service supports communities to take part in decisions about the services that affect them."),
                ],
            ),
            (
                "Performance Management",
                &[
                    (1, "The service has clear measures and targets that show whether it is achieving its aims."),
                    (2, "Performance information is reported regularly and used to make decisions."),
                    (3, "The service compares its performance with others, for example through benchmarking, to learn and improve."),
                    (4, "Staff understand how their work contributes to the service's performance targets."),
                ],
            ),
        ],
    ),
    (
        "st",
        "Staff",
        "Everyone who works in the service: full-time, part-time, fixed-term, temporary and permanent staff, and secondees.",
        &[
            (
                "Planning and Managing Staff",
                &[
                    (1, "The service plans its workforce so it has people with the right skills in the right places."),
                    (2, "Roles and responsibilities in the service are clearly defined and understood."),
                    (3, "Staff are managed fairly and consistently, in line with the council's policies."),
                ],
            ),
            (
                "Developing Staff",
                &[
                    (1, "Staff have regular conversations with their manager about their performance and development."),
                    (2, "Staff can get the learning and development they need to do their jobs well."),
                    (3, "The service develops people's potential, including its future leaders."),
                ],
            ),
            (
                "Involving Staff",
                &[
                    (1, "Staff are involved in decisions that affect their work."),
                    (2, "Staff are encouraged to suggest improvements, and their ideas are acted on."),
                ],
            ),
            (
                "Staff Communication",
                &[
                    (1, "Staff get the information they need, when they need it, to do their jobs."),
                    (2, "Communication in the service is two-way: managers listen to staff and respond to what they hear."),
                ],
            ),
            (
                "Recognising and Caring for Staff",
                &[
                    (1, "Staff achievements and good work are recognised and celebrated."),
                    (2, "The service looks after the health, safety and wellbeing of its staff."),
                    (3, "The service treats staff with respect and promotes equality and diversity."),
                ],
            ),
        ],
    ),
    (
        "pr",
        "Partnerships and Resources",
        "How the service works in partnership to improve outcomes, and how it manages its resources efficiently, effectively and sustainably.",
        &[
            (
                "Managing Partnerships",
                &[
                    (1, "The service knows who its key partners are and why each partnership matters."),
                    (2, "Our partnerships have clear, shared aims and agreed ways of working."),
                    (3, "The service reviews whether its partnerships are delivering better outcomes."),
                ],
            ),
            (
                "Managing Financial and Information Resources",
                &[
                    (1, "The service manages its budget effectively and links its spending to its priorities."),
                    (2, "The service actively looks for ways to deliver better value for money."),
                    (3, "Information and data are managed securely, kept accurate and shared appropriately."),
                ],
            ),
            (
                "Managing Assets and other Resources",
                &[
                    (1, "Buildings, equipment and technology are managed so that they support good service delivery."),
                    (2, "The service makes good use of digital technology to improve how it works."),
                    (3, "The service manages its resources sustainably and takes account of its environmental impact."),
                ],
            ),
        ],
    ),
    (
        "ps",
        "Processes and Services",
        "How well the service manages customer needs and expectations, and how customers help review and improve what it does.",
        &[
            (
                "Managing Customer Needs and Expectations",
                &[
                    (1, "The service knows who its customers are and understands their different needs."),
                    (2, "The service sets clear standards for what customers can expect, and publishes them."),
                    (3, "Customers find it easy to get information about the service and to contact it."),
                ],
            ),
            (
                "Developing Services around Customer Needs",
                &[
                    (1, "Customers are involved in designing and developing our services."),
                    (2, "Services are designed to be accessible to everyone, including people who need extra support."),
                    (3, "The service works with other services and partners so that customers get a joined-up experience."),
                ],
            ),
            (
                "Reviewing and Improving Service Delivery",
                &[
                    (1, "The service reviews its processes regularly to make them simpler and more efficient."),
                    (2, "Complaints and customer feedback are used to improve our services."),
                    (3, "The service learns from good practice elsewhere and puts it into practice."),
                ],
            ),
        ],
    ),
    (
        "le",
        "Leadership",
        "How effective the service's leaders are: how they plan for the future, create a positive culture and engage with customers, partners and stakeholders.",
        &[
            (
                "Planning for the Future",
                &[
                    (1, "Leaders set a clear direction and vision for the service."),
                    (2, "Leaders anticipate future challenges and plan how the service will respond to them."),
                    (3, "Leaders manage change well and explain the reasons for it."),
                ],
            ),
            (
                "Creating a Positive Culture",
                &[
                    (1, "Leaders act as role models for the council's values."),
                    (2, "Leaders are visible and approachable."),
                    (3, "Leaders encourage continuous improvement, where it is safe to try new ideas."),
                ],
            ),
            (
                "Engaging Communities, Customers, Partners and Other Stakeholders",
                &[
                    (1, "Leaders engage actively with communities and customers."),
                    (2, "Leaders build effective relationships with partners and other stakeholders."),
                    (3, "Leaders are open and accountable about the service's performance."),
                ],
            ),
        ],
    ),
    (
        "re",
        "Results",
        "What the service achieves, measured in the ways it finds most useful, and its progress towards its targets.",
        &[
            (
                "Customer Results",
                &[
                    (1, "The service measures customer satisfaction regularly."),
                    (2, "Customer satisfaction has improved, or stayed high, over the last few years."),
                    (3, "The service acts on what its customer results show and tells customers what has changed."),
                ],
            ),
            (
                "Staff Results",
                &[
                    (1, "The service measures staff satisfaction, wellbeing and engagement."),
                    (2, "Staff results, such as absence and turnover, are monitored and show good or improving trends."),
                ],
            ),
            (
                "Community Results",
                &[
                    (1, "The service can show the difference it makes to the communities it serves."),
                    (2, "The service measures its social, economic and environmental impact on the community."),
                ],
            ),
            (
                "Key Performance Results",
                &[
                    (1, "The service is meeting, or making good progress towards, its key targets."),
                    (2, "Key performance results have improved over time and compare well with similar services."),
                    (3, "The service can show that it delivers value for money."),
                ],
            ),
        ],
    ),
];

/// Version of the built-in standard checklist's wording. Responses record the version they
/// were given against; [`psif_standard_version`] gives back the words of any version.
pub const PSIF_STANDARD_VERSION: u32 = 2;

/// The built-in PSIF standard checklist: 6 sections, 21 sub-areas, 61 statements, ids like
/// `sp-1-2` (section, sub-area, statement number).
pub fn psif_standard() -> Checklist {
    build_psif(PSIF, PSIF_STANDARD_VERSION)
}

/// The built-in standard checklist as it was worded in `version` (1 or 2), for reading
/// responses given against an earlier wording. `None` for a version that never existed.
pub fn psif_standard_version(version: u32) -> Option<Checklist> {
    match version {
        1 => Some(build_psif(PSIF_V1, 1)),
        PSIF_STANDARD_VERSION => Some(psif_standard()),
        _ => None,
    }
}

fn build_psif(data: &[SectionData], version: u32) -> Checklist {
    let sections = data
        .iter()
        .map(|(sid, title, description, areas)| Section {
            id: (*sid).to_string(),
            title: (*title).to_string(),
            description: (*description).to_string(),
            sub_areas: areas
                .iter()
                .enumerate()
                .map(|(ai, (area_title, statements))| SubArea {
                    id: format!("{sid}-{}", ai + 1),
                    title: (*area_title).to_string(),
                    statements: statements
                        .iter()
                        .map(|(n, text)| Statement {
                            id: format!("{sid}-{}-{n}", ai + 1),
                            text: (*text).to_string(),
                        })
                        .collect(),
                })
                .collect(),
            strengths_prompt: CommentPrompt::strengths(),
            improve_prompt: CommentPrompt::improve(),
        })
        .collect();
    Checklist {
        id: "psif-standard".to_string(),
        version,
        title: "PSIF self-assessment checklist".to_string(),
        source_note: PSIF_SOURCE_NOTE.to_string(),
        sections,
        scale: default_scale(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const CORPORATE: &str = include_str!("../../tests/fixtures/checklists/corporate.csv");
    const BESPOKE: &str = include_str!("../../tests/fixtures/checklists/bespoke.csv");
    const GOOD_JSON: &str = include_str!("../../tests/fixtures/checklists/good.json");

    fn lines(errs: &[ImportError]) -> Vec<Option<usize>> {
        errs.iter().map(|e| e.line).collect()
    }

    #[test]
    fn standard_has_61_statements_6_sections_21_sub_areas() {
        let c = psif_standard();
        assert_eq!(c.sections.len(), 6);
        assert_eq!(
            c.sections.iter().map(|s| s.sub_areas.len()).sum::<usize>(),
            21
        );
        assert_eq!(c.statement_count(), 61);
        assert_eq!(c.statements().count(), 61);
        assert!(c
            .sections
            .iter()
            .all(|s| s.sub_areas.iter().all(|a| !a.statements.is_empty())));
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.source_note, PSIF_SOURCE_NOTE);
        assert_eq!(c.scale.len(), 5);
    }

    #[test]
    fn standard_names_follow_the_guidance() {
        let c = psif_standard();
        let titles: Vec<_> = c.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Service Planning",
                "Staff",
                "Partnerships and Resources",
                "Processes and Services",
                "Leadership",
                "Results"
            ]
        );
        let areas: Vec<_> = c
            .sections
            .iter()
            .flat_map(|s| s.sub_areas.iter().map(|a| a.title.as_str()))
            .collect();
        assert_eq!(
            areas[1],
            "Empowering and Involving Communities, Customers and Stakeholders"
        );
        assert_eq!(areas[7], "Recognising and Caring for Staff");
        assert_eq!(areas[20], "Key Performance Results");
        for sec in &c.sections {
            assert_eq!(sec.strengths_prompt.label, "Evidence of strengths");
            assert_eq!(sec.improve_prompt.label, "How the service could improve");
            assert!(!sec.strengths_prompt.hint.is_empty() && !sec.improve_prompt.hint.is_empty());
        }
    }

    #[test]
    fn standard_ids_are_unique_and_stable() {
        let c = psif_standard();
        let ids: HashSet<_> = c.statements().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 61);
        assert_eq!(c.sections[0].sub_areas[0].statements[1].id, "sp-1-2");
        assert_eq!(
            c.find_statement("re-4-3").map(|s| s.id.as_str()),
            Some("re-4-3")
        );
        assert!(c.find_statement("nope").is_none());
        let (sec, area, _) = c.locate_statement("st-5-1").unwrap();
        assert_eq!(
            (sec.id.as_str(), area.title.as_str()),
            ("st", "Recognising and Caring for Staff")
        );
        assert_eq!(psif_standard().fingerprint(), c.fingerprint());
    }

    #[test]
    fn standard_speaks_in_one_voice_one_question_at_a_time() {
        let c = psif_standard();
        assert_eq!(c.version, PSIF_STANDARD_VERSION);
        for s in c.statements() {
            let t = s.text.as_str();
            for first_person in ["Our ", " our ", "We ", " we ", " us ", " you ", "You "] {
                assert!(!t.contains(first_person), "{}: {t}", s.id);
            }
            // One question: no "X and Y" joining two claims, no second sentence.
            for joined in [
                ", and ",
                " and explains",
                " and publishes",
                " and acted",
                " and understood",
                " and celebrated",
                " and respond",
            ] {
                assert!(!t.contains(joined), "{}: {t}", s.id);
            }
            assert_eq!(t.matches(". ").count(), 0, "{}: {t}", s.id);
            assert!(t.ends_with('.'), "{}", s.id);
        }
        assert_eq!(
            c.find_statement("pr-1-2").unwrap().text,
            "The service's partnerships have clear, shared aims."
        );
    }

    #[test]
    fn version_1_wording_is_kept_for_earlier_responses() {
        let v1 = psif_standard_version(1).unwrap();
        assert_eq!(v1.version, 1);
        // Exactly the checklist shipped before issue 12.
        assert_eq!(
            v1.fingerprint(),
            "c1f2987de3669132b44498247e3c77c1e2e5337bad25756973510d9d68733091"
        );
        assert_eq!(v1.statement_count(), 61);
        assert_eq!(psif_standard_version(2), Some(psif_standard()));
        assert_eq!(psif_standard_version(3), None);
        // Ids are stable where the meaning is unchanged; split-off questions have new ids and
        // removed statements' ids are not reused.
        let v2 = psif_standard();
        let ids =
            |c: &Checklist| -> HashSet<String> { c.statements().map(|s| s.id.clone()).collect() };
        let (old, new) = (ids(&v1), ids(&v2));
        let mut added: Vec<_> = new.difference(&old).cloned().collect();
        let mut removed: Vec<_> = old.difference(&new).cloned().collect();
        added.sort();
        removed.sort();
        assert_eq!(
            added,
            ["le-1-4", "ps-1-4", "re-4-4", "sp-2-4", "st-3-3", "st-5-4"]
        );
        assert_eq!(
            removed,
            ["pr-3-2", "ps-3-3", "re-1-3", "re-3-2", "sp-3-4", "st-1-3"]
        );
        let same = v1
            .statements()
            .filter(|s| v2.find_statement(&s.id).is_some_and(|t| t.text == s.text))
            .count();
        assert_eq!(same, 27);
    }

    #[test]
    fn rating_labels_and_keys() {
        let labels: Vec<_> = Rating::ALL.iter().map(|r| r.label()).collect();
        assert_eq!(
            labels,
            [
                "Strongly agree",
                "Agree",
                "Disagree",
                "Strongly disagree",
                "Don't know"
            ]
        );
        for r in Rating::ALL {
            assert_eq!(Rating::from_key(r.key()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.key())
            );
        }
        assert_eq!(Rating::from_key("neutral"), None);
        assert!(Rating::Agree.is_agree() && !Rating::Disagree.is_agree());
        assert!(!Rating::DontKnow.is_view());
    }

    #[test]
    fn corporate_fixture_imports_37_statements() {
        let c = from_csv("Corporate checklist", CORPORATE).unwrap();
        assert_eq!(c.statement_count(), 37);
        assert_eq!(c.sections.len(), 6);
        assert_eq!(c.sections[0].title, "Service Planning");
        assert_eq!(c.version, 1);
        assert!(c.id.starts_with("corporate-checklist-"));
        assert_eq!(c.validate(), Ok(()));
        // Ids in the file are kept.
        assert!(c.find_statement("c-sp-1").is_some());
        // Same input, same id.
        assert_eq!(from_csv("Corporate checklist", CORPORATE).unwrap().id, c.id);
    }

    #[test]
    fn bespoke_fixture_handles_quoting_bom_and_crlf() {
        assert!(BESPOKE.starts_with('\u{feff}'));
        assert!(BESPOKE.contains("\r\n"));
        let c = from_csv("Housing repairs", BESPOKE).unwrap();
        assert_eq!(c.sections.len(), 2);
        assert_eq!(c.sections[0].title, "Customers, tenants and residents");
        assert_eq!(c.sections[0].id, "customers-tenants-and-residents");
        let texts: Vec<_> = c.statements().map(|s| s.text.as_str()).collect();
        assert_eq!(texts.len(), 6);
        assert_eq!(
            texts[0],
            "Tenants can report a repair easily, by phone, online or in person."
        );
        assert_eq!(texts[1], "We explain what \"urgent\" means for a repair.");
        assert_eq!(texts[2], "Tenants get a reference number for every repair.");
        assert_eq!(
            texts[3],
            "Appointments are kept.\nIf not, we tell the tenant why."
        );
        // Sub-area first appearance order, even when rows interleave.
        let areas: Vec<_> = c.sections[0]
            .sub_areas
            .iter()
            .map(|a| a.title.as_str())
            .collect();
        assert_eq!(areas, ["Reporting", "Appointments"]);
        let ids: Vec<_> = c.statements().map(|s| s.id.as_str()).collect();
        assert_eq!(ids[0], "customers-tenants-and-residents-1-1");
        assert_eq!(ids[1], "customers-tenants-and-residents-1-2");
        assert_eq!(ids[2], "customers-tenants-and-residents-1-3");
        assert_eq!(ids[3], "customers-tenants-and-residents-2-1");
        assert_eq!(ids[4], "our-people-1-1");
    }

    #[test]
    fn header_is_case_insensitive_and_any_order() {
        let csv = "Statement,ID,Sub Area,SECTION\n\"We plan, well.\" , x1, \"Plans\",Planning\n";
        let c = from_csv("x", csv).unwrap();
        assert_eq!(c.sections[0].title, "Planning");
        assert_eq!(c.sections[0].sub_areas[0].title, "Plans");
        assert_eq!(c.statements().next().unwrap().text, "We plan, well.");
        assert_eq!(c.statements().next().unwrap().id, "x1");
    }

    #[test]
    fn malformed_fixtures_name_the_line() {
        let cases: &[(&str, &str, Vec<Option<usize>>, &str)] = &[
            (
                "missing column",
                include_str!("../../tests/fixtures/checklists/malformed-missing-column.csv"),
                vec![Some(1)],
                "Line 1: the header has no \"sub-area\" column",
            ),
            (
                "empty statement",
                include_str!("../../tests/fixtures/checklists/malformed-empty-statement.csv"),
                vec![Some(4)],
                "Line 4: the statement is empty",
            ),
            (
                "duplicate id",
                include_str!("../../tests/fixtures/checklists/malformed-duplicate-id.csv"),
                vec![Some(5)],
                "Line 5: the id \"a1\" is already used on line 2",
            ),
            (
                "unclosed quote",
                include_str!("../../tests/fixtures/checklists/malformed-unclosed-quote.csv"),
                vec![Some(3)],
                "Line 3: a quoted cell has no closing quote mark",
            ),
            (
                "several",
                include_str!("../../tests/fixtures/checklists/malformed-several.csv"),
                vec![Some(3), Some(5), Some(7), Some(8)],
                "Line 3: the section is empty",
            ),
        ];
        for (what, text, want_lines, first) in cases {
            let errs = from_csv("bad", text).expect_err(what);
            assert_eq!(&lines(&errs), want_lines, "{what}: {errs:?}");
            assert!(
                errs[0].to_string().starts_with(first),
                "{what}: {}",
                errs[0]
            );
        }
    }

    #[test]
    fn csv_limits_and_edge_cases() {
        assert_eq!(
            from_csv("x", "").unwrap_err()[0].to_string(),
            "Line 1: the file is empty"
        );
        assert_eq!(
            from_csv("x", "\u{feff}section,sub-area,statement\r\n\r\n").unwrap_err()[0].to_string(),
            "Line 1: the file has a header but no statements"
        );
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        let errs = from_csv("x", &format!("section,sub-area,statement\nS,A,{long}\n")).unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "Line 2: the statement is longer than 1000 characters"
        );
        let mut big = String::from("section,sub-area,statement\n");
        for i in 0..=MAX_STATEMENTS {
            big.push_str(&format!("S,A,Statement {i}\n"));
        }
        let errs = from_csv("x", &big).unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            format!(
                "Line {}: the checklist has more than 500 statements",
                MAX_STATEMENTS + 2
            )
        );
        let errs = from_csv("x", "section,sub-area,statement,id\nS,A,T,has space\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        let errs = from_csv("x", "section,sub-area,statement\nS,A,T,extra\n").unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "Line 2: the row has more cells than the header"
        );
        // Trailing empty cells (spreadsheet exports) are fine; so are short rows' missing ids.
        assert!(from_csv("x", "section,sub-area,statement,id\nS,A,T,,\nS,A,U\n").is_ok());
        let errs = from_csv("x", "section,sub-area,statement\nS,A,\"T\"x\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        let errs = from_csv("x", "section,section,sub-area,statement\n").unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "Line 1: the header has more than one \"section\" column"
        );
        // A generated id clashing with a given one is reported, not silently renamed.
        let errs =
            from_csv("x", "section,sub-area,statement,id\nS,A,T,\nS,B,U,s-1-1\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2), "{errs:?}");
        // Lone CR line ends (old spreadsheets) and quoted newlines keep line numbers right.
        let errs = from_csv("x", "section,sub-area,statement\r\"S\nS\",A,T\r,A,T\r").unwrap_err();
        assert_eq!(lines(&errs), [Some(4)]);
    }

    #[test]
    fn to_csv_round_trips_and_guards_formulas() {
        let c = psif_standard();
        let back = from_csv(&c.title, &c.to_csv()).unwrap();
        assert_eq!(back.statement_count(), 61);
        let a: Vec<_> = c.statements().collect();
        let b: Vec<_> = back.statements().collect();
        assert_eq!(a, b);
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-1,2"), "\"'-1,2\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
        let csv = "section,sub-area,statement\nS,A,'=cmd\n";
        assert_eq!(
            from_csv("x", csv)
                .unwrap()
                .statements()
                .next()
                .unwrap()
                .text,
            "=cmd"
        );
    }

    #[test]
    fn json_good_and_malformed() {
        let c = from_json(GOOD_JSON).unwrap();
        assert_eq!(c.statement_count(), 3);
        assert_eq!(c.scale, default_scale(), "missing scale defaults");
        assert_eq!(c.sections[0].strengths_prompt, CommentPrompt::strengths());
        // The standard checklist survives a JSON round trip.
        let std = psif_standard();
        assert_eq!(
            from_json(&serde_json::to_string(&std).unwrap()).unwrap(),
            std
        );

        let errs = from_json("{\"id\": \"x\",\n \"version\": 1,\n oops}").unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0]
            .to_string()
            .starts_with("Line 3: this is not a checklist file"));
        assert!(from_json("").is_err());
        assert!(from_json("[]").is_err());

        let errs = from_json(include_str!(
            "../../tests/fixtures/checklists/malformed.json"
        ))
        .unwrap_err();
        let msgs: Vec<_> = errs.iter().map(|e| e.to_string()).collect();
        assert!(msgs.contains(&"Section 1, sub-area 1, statement 2: the id \"a-1\" is already used by section 1, sub-area 1, statement 1".to_string()), "{msgs:?}");
        assert!(
            msgs.contains(
                &"Section 1, sub-area 2, statement 1: the statement is empty".to_string()
            ),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"Section 2: it has no sub-areas".to_string()),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"The scale lists \"Agree\" more than once".to_string()),
            "{msgs:?}"
        );
    }

    #[test]
    fn versioning_never_edits_answered_checklists_in_place() {
        assert!(can_edit_in_place(false));
        assert!(!can_edit_in_place(true));
        let c = psif_standard();
        assert_eq!(c.prepare_edit(false), c);
        let v3 = c.prepare_edit(true);
        assert_eq!((v3.id.as_str(), v3.version), ("psif-standard-v3", 3));
        let v4 = v3.next_version();
        assert_eq!((v4.id.as_str(), v4.version), ("psif-standard-v4", 4));
        // Content is unchanged until edited, so the fingerprint matches; an edit changes it.
        assert_eq!(v4.fingerprint(), c.fingerprint());
        let mut edited = v4.clone();
        edited.sections[0].sub_areas[0].statements[0]
            .text
            .push_str(" Now.");
        assert_ne!(edited.fingerprint(), c.fingerprint());
        assert_eq!(c.fingerprint().len(), 64);
        assert_eq!(base_id("a-v"), "a-v");
        assert_eq!(base_id("-v2"), "-v2");
    }
}
