//! Published Local Government Benchmarking Framework (LGBF) data: a tolerant CSV reader and
//! peer comparisons for choosing councils to approach.
//!
//! The data is downloaded by the user (Spatial Hub, Open Government Licence v3) and read
//! locally; nothing is fetched. Files vary in column order, code padding and council spelling,
//! so matching is deliberately forgiving while real errors are reported by line and column.

use super::councils::{self, ServiceType};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Largest file accepted: the full LGBF download is a few MB.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Schema version of a stored [`Dataset`].
pub const SCHEMA: u32 = 1;

const COL_CODE: &str = "Indicators_Information_Code";
const COL_AREA: &str = "LA_Information_LocalAuthority";
const COL_YEAR: &str = "LA_Data_LGBF_Year";
const COL_VALUE: &str = "LA_Data_LA_IndicatorReal";
const COL_SCOTLAND: &str = "Scotland_Data_Scotland_Indicator_Real";
const COL_FG_AVG: &str = "FG_Data_FG_Avg_Indicator_Real";
const COL_TITLE: &str = "Indicators_Information_Title";
const COL_UNIT: &str = "Indicators_Information_Unit";
const REQUIRED: [&str; 4] = [COL_CODE, COL_AREA, COL_YEAR, COL_VALUE];

/// A problem with the file, located for the user. `line` is 1-based; 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl CsvError {
    fn file(message: impl Into<String>) -> Self {
        CsvError {
            line: 0,
            column: None,
            message: message.into(),
        }
    }

    fn at(line: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        CsvError {
            line,
            column: column.map(String::from),
            message: message.into(),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (0, _) => write!(f, "{}", self.message),
            (line, Some(col)) => write!(f, "Line {line}, column {col}: {}", self.message),
            (line, None) => write!(f, "Line {line}: {}", self.message),
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads RFC 4180 CSV, calling `row(line, fields)` per record (blank lines skipped).
///
/// Accepts CRLF, LF or CR line ends, quoted fields with commas, doubled quotes and line breaks,
/// and spaces after a closing quote. `line` is where the record starts.
pub fn for_each_record(
    text: &str,
    mut row: impl FnMut(usize, &[String]) -> Result<(), CsvError>,
) -> Result<(), CsvError> {
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    // True until a field has any content or an opening quote, so `""` counts as a value.
    let mut at_field_start = true;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();

    // Ends a record, skipping blank lines.
    let mut finish = |fields: &mut Vec<String>, field: &mut String, at: usize| {
        fields.push(std::mem::take(field));
        let blank = fields.len() == 1 && fields[0].trim().is_empty();
        let result = if blank { Ok(()) } else { row(at, fields) };
        fields.clear();
        result
    };

    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                at_field_start = false;
                let open_line = line;
                loop {
                    match chars.next() {
                        None => {
                            return Err(CsvError::at(
                                open_line,
                                None,
                                "a quoted value starting on this line has no closing quote",
                            ))
                        }
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some('\r') => {
                            chars.next_if_eq(&'\n');
                            line += 1;
                            field.push('\n');
                        }
                        Some(ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            field.push(ch);
                        }
                    }
                }
                while chars.next_if(|&ch| ch == ' ' || ch == '\t').is_some() {}
                if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                    return Err(CsvError::at(
                        line,
                        None,
                        "a closing quote must be followed by a comma or the end of the line",
                    ));
                }
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                finish(&mut fields, &mut field, record_line)?;
                at_field_start = true;
                line += 1;
                record_line = line;
            }
            ch => {
                at_field_start = false;
                field.push(ch);
            }
        }
    }
    if !at_field_start || !fields.is_empty() {
        finish(&mut fields, &mut field, record_line)?;
    }
    Ok(())
}

/// Bytes to text: UTF-8 (BOM removed), else Windows-1252 as Excel on Windows saves it.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Matching key for an indicator code: upper case, no spaces, no zero padding in numbers, so
/// `CHN013a`, `CHN13a` and `chn 13A` are the same indicator.
pub fn indicator_key(code: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in code.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if in_number && out.ends_with('0') && number_is_zero_so_far(&out) {
                out.pop();
            }
            in_number = true;
            out.push(c);
        } else {
            in_number = false;
            out.extend(c.to_uppercase());
        }
    }
    out
}

/// True if the digit run at the end of `s` is just "0" (a leading zero to drop).
fn number_is_zero_so_far(s: &str) -> bool {
    let run: String = s.chars().rev().take_while(char::is_ascii_digit).collect();
    run == "0"
}

/// The family grouping that applies to an indicator: children's (CHN), social work (SW) and
/// housing (HSN) indicators are people services; everything else is other services.
pub fn indicator_service_type(code: &str) -> ServiceType {
    let key = indicator_key(code);
    let prefix: String = key
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match prefix.as_str() {
        "CHN" | "SW" | "HSN" => ServiceType::PeopleServices,
        _ => ServiceType::OtherServices,
    }
}

/// Sort key that orders `SW2` before `SW10`.
fn natural_key(key: &str) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in key.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(
                num.unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u64::from(d)),
            );
        } else {
            if let Some(n) = num.take() {
                out.push((std::mem::take(&mut text), n));
            }
            text.push(c);
        }
    }
    out.push((text, num.unwrap_or(0)));
    out
}

/// A number cell: blank or a missing-data marker is `Ok(None)`; thousands separators and a
/// trailing `%` are allowed.
fn parse_number(raw: &str) -> Result<Option<f64>, ()> {
    let s = raw.trim();
    if s.is_empty()
        || ["-", "..", ":", "*", "x", "na", "n/a", "#n/a"]
            .contains(&s.to_ascii_lowercase().as_str())
    {
        return Ok(None);
    }
    let s = s.strip_suffix('%').unwrap_or(s).trim_end();
    let cleaned = if s.contains(',') {
        let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
        let digits = int.trim_start_matches(['-', '+']);
        let mut groups = digits.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(());
        }
        let int = int.replace(',', "");
        frac.map_or(int.clone(), |f| format!("{int}.{f}"))
    } else {
        s.to_string()
    };
    // Rust accepts "inf"/"nan"; data never means those.
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() && cleaned.bytes().any(|b| b.is_ascii_digit()) => Ok(Some(v)),
        _ => Err(()),
    }
}

/// One indicator's data across years.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct IndicatorData {
    code: String,
    title: String,
    unit: String,
    years: BTreeMap<String, YearData>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct YearData {
    /// Council id → value.
    values: BTreeMap<String, f64>,
    /// Council id → the published average of that council's family group.
    fg_average: BTreeMap<String, f64>,
    scotland: Option<f64>,
}

/// What the UI lists for an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorInfo {
    /// The code as first seen in the file, e.g. "CHN13a".
    pub code: String,
    /// Title and unit, if the file has those columns; otherwise empty.
    pub title: String,
    pub unit: String,
}

/// LGBF data read from a CSV file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dataset {
    /// Indicator key ([`indicator_key`]) → data.
    indicators: BTreeMap<String, IndicatorData>,
    /// Area names in the file that are not one of the 32 councils (ignored).
    pub unmatched_areas: BTreeSet<String>,
    /// Data rows read.
    pub rows: usize,
}

/// Column positions in the header.
struct Columns {
    code: usize,
    area: usize,
    year: usize,
    value: usize,
    scotland: Option<usize>,
    fg_avg: Option<usize>,
    title: Option<usize>,
    unit: Option<usize>,
}

impl Columns {
    fn from_header(header: &[String]) -> Result<Columns, CsvError> {
        let find = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| find(c).is_none())
            .collect();
        if missing.len() == REQUIRED.len() {
            return Err(CsvError::at(
                1,
                None,
                format!(
                    "this does not look like LGBF data. The first line must name the columns, including {}",
                    REQUIRED.join(", ")
                ),
            ));
        }
        if let Some(first) = missing.first() {
            let list = if missing.len() == 1 {
                format!("a {first} column")
            } else {
                format!("these columns: {}", missing.join(", "))
            };
            return Err(CsvError::at(
                1,
                None,
                format!("the file does not have {list}"),
            ));
        }
        let get = |name| find(name).unwrap_or(0);
        Ok(Columns {
            code: get(COL_CODE),
            area: get(COL_AREA),
            year: get(COL_YEAR),
            value: get(COL_VALUE),
            scotland: find(COL_SCOTLAND),
            fg_avg: find(COL_FG_AVG),
            title: find(COL_TITLE),
            unit: find(COL_UNIT),
        })
    }
}

/// A council's value in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedCouncil {
    pub council_id: String,
    pub name: String,
    pub value: Option<f64>,
    /// 1 = best; equal values share a rank. None when there is no value.
    pub rank: Option<usize>,
    /// Whether this council does better than the host (None if either value is missing).
    pub better_than_host: Option<bool>,
    /// In the host's family group for this indicator.
    pub same_group: bool,
}

/// The host against its family group, Scotland and candidate peers for one indicator and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub indicator: String,
    pub year: String,
    pub service_type: ServiceType,
    pub host_value: Option<f64>,
    /// The host's family group for this indicator's service type.
    pub family_group: Option<u8>,
    pub family_group_average: Option<f64>,
    /// True when the file had no family-group average and it was computed here as a simple
    /// mean of the group's councils (the published figure may be weighted).
    pub family_group_average_computed: bool,
    pub scotland: Option<f64>,
    /// Candidates, best first; councils without a value last.
    pub ranked: Vec<RankedCouncil>,
}

impl Dataset {
    /// Reads an LGBF CSV download. Rows for areas that are not councils are skipped and listed
    /// in `unmatched_areas` ("Scotland" rows supply the Scotland figure if that column is absent).
    pub fn from_csv(bytes: &[u8]) -> Result<Dataset, CsvError> {
        if bytes.len() > MAX_BYTES {
            return Err(CsvError::file(format!(
                "The file is {:.1} MB. It must be smaller than {} MB",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_BYTES / (1024 * 1024)
            )));
        }
        let text = decode(bytes);
        if text.trim().is_empty() {
            return Err(CsvError::file("The file is empty"));
        }
        let mut ds = Dataset::default();
        let mut columns: Option<Columns> = None;
        for_each_record(&text, |line, fields| {
            match &columns {
                None => columns = Some(Columns::from_header(fields)?),
                Some(cols) => ds.add_row(cols, line, fields)?,
            }
            Ok(())
        })?;
        if ds.rows == 0 {
            return Err(CsvError::file("The file has column names but no data rows"));
        }
        Ok(ds)
    }

    fn add_row(&mut self, cols: &Columns, line: usize, fields: &[String]) -> Result<(), CsvError> {
        let cell = |i: usize| fields.get(i).map_or("", |s| s.trim());
        let required = |i: usize, name: &str, what: &str| {
            let v = cell(i);
            if v.is_empty() {
                Err(CsvError::at(
                    line,
                    Some(name),
                    format!("the {what} is blank"),
                ))
            } else {
                Ok(v)
            }
        };
        let number = |i: Option<usize>, name: &str| match i {
            None => Ok(None),
            Some(i) => parse_number(cell(i)).map_err(|()| {
                CsvError::at(line, Some(name), format!("{:?} is not a number", cell(i)))
            }),
        };
        let code = required(cols.code, COL_CODE, "indicator code")?;
        let area = required(cols.area, COL_AREA, "local authority")?;
        let year = required(cols.year, COL_YEAR, "year")?.replace('/', "-");
        let value = number(Some(cols.value), COL_VALUE)?;
        let scotland = number(cols.scotland, COL_SCOTLAND)?;
        let fg_avg = number(cols.fg_avg, COL_FG_AVG)?;
        self.rows += 1;

        let entry = self
            .indicators
            .entry(indicator_key(code))
            .or_insert_with(|| IndicatorData {
                code: code.to_string(),
                ..IndicatorData::default()
            });
        for (target, col) in [(&mut entry.title, cols.title), (&mut entry.unit, cols.unit)] {
            if let Some(i) = col {
                if target.is_empty() {
                    cell(i).clone_into(target);
                }
            }
        }
        let yd = entry.years.entry(year).or_default();
        if yd.scotland.is_none() {
            yd.scotland = scotland;
        }
        match councils::by_name(area) {
            Some(council) => {
                if let Some(v) = value {
                    yd.values.insert(council.id.to_string(), v);
                }
                if let Some(v) = fg_avg {
                    yd.fg_average.insert(council.id.to_string(), v);
                }
            }
            None if area.eq_ignore_ascii_case("scotland") => {
                if yd.scotland.is_none() {
                    yd.scotland = value;
                }
            }
            None => {
                self.unmatched_areas.insert(area.to_string());
            }
        }
        Ok(())
    }

    fn indicator(&self, code: &str) -> Option<&IndicatorData> {
        self.indicators.get(&indicator_key(code))
    }

    /// All indicators, in natural code order (SW2 before SW10).
    pub fn indicators(&self) -> Vec<IndicatorInfo> {
        let mut keys: Vec<&String> = self.indicators.keys().collect();
        keys.sort_by_cached_key(|k| natural_key(k));
        keys.into_iter()
            .filter_map(|k| self.indicators.get(k))
            .map(|d| IndicatorInfo {
                code: d.code.clone(),
                title: d.title.clone(),
                unit: d.unit.clone(),
            })
            .collect()
    }

    /// Years with data for an indicator (any code spelling), oldest first.
    pub fn years(&self, indicator: &str) -> Vec<String> {
        self.indicator(indicator)
            .map(|d| d.years.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// A council's value, or None if missing.
    pub fn value(&self, council_id: &str, indicator: &str, year: &str) -> Option<f64> {
        self.indicator(indicator)?
            .years
            .get(year)?
            .values
            .get(council_id)
            .copied()
    }

    /// The Scotland figure for an indicator and year.
    pub fn scotland(&self, indicator: &str, year: &str) -> Option<f64> {
        self.indicator(indicator)?.years.get(year)?.scotland
    }

    /// Compares the host with candidate councils (ids; unknown ids, duplicates and the host are
    /// skipped). None if the file has no such indicator or year.
    pub fn compare(
        &self,
        host: &str,
        candidates: &[&str],
        indicator: &str,
        year: &str,
        higher_is_better: bool,
    ) -> Option<Comparison> {
        let data = self.indicator(indicator)?;
        let yd = data.years.get(year)?;
        let service_type = indicator_service_type(&data.code);
        let host_council = councils::by_id(host);
        let host_value = yd.values.get(host).copied();
        let family_group = host_council.map(|c| c.group(service_type));

        let (family_group_average, family_group_average_computed) =
            match (host_council, yd.fg_average.get(host)) {
                (Some(_), Some(&avg)) => (Some(avg), false),
                (Some(hc), None) => {
                    let group: Vec<f64> = councils::all()
                        .iter()
                        .filter(|c| c.group(service_type) == hc.group(service_type))
                        .filter_map(|c| yd.values.get(c.id).copied())
                        .collect();
                    if group.is_empty() {
                        (None, false)
                    } else {
                        (Some(group.iter().sum::<f64>() / group.len() as f64), true)
                    }
                }
                (None, _) => (None, false),
            };

        let better = |a: f64, b: f64| if higher_is_better { a > b } else { a < b };
        let mut seen = BTreeSet::new();
        let mut ranked: Vec<RankedCouncil> = candidates
            .iter()
            .filter_map(|id| councils::by_id(id))
            .filter(|c| c.id != host && seen.insert(c.id))
            .map(|c| {
                let value = yd.values.get(c.id).copied();
                RankedCouncil {
                    council_id: c.id.to_string(),
                    name: c.name.to_string(),
                    value,
                    rank: None,
                    better_than_host: value.zip(host_value).map(|(v, h)| better(v, h)),
                    same_group: Some(c.group(service_type)) == family_group,
                }
            })
            .collect();
        ranked.sort_by(|a, b| {
            let by_value = match (a.value, b.value) {
                (Some(x), Some(y)) if better(x, y) => Ordering::Less,
                (Some(x), Some(y)) if better(y, x) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                _ => Ordering::Equal,
            };
            by_value.then_with(|| a.name.cmp(&b.name))
        });
        // Competition ranking: equal values share a rank, and the next rank skips.
        let mut prev: Option<(f64, usize)> = None;
        for (i, r) in ranked.iter_mut().enumerate() {
            if let Some(v) = r.value {
                let rank = match prev {
                    Some((pv, pr)) if pv == v => pr,
                    _ => i + 1,
                };
                r.rank = Some(rank);
                prev = Some((v, rank));
            }
        }

        Some(Comparison {
            indicator: data.code.clone(),
            year: year.to_string(),
            service_type,
            host_value,
            family_group,
            family_group_average,
            family_group_average_computed,
            scotland: yd.scotland,
            ranked,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str = "\u{feff}Indicators_Information_Code,LA_Information_LocalAuthority,LA_Data_LGBF_Year,LA_Data_LA_IndicatorReal,Scotland_Data_Scotland_Indicator_Real,FG_Data_FG_Avg_Indicator_Real,Indicators_Information_Title\r\n\
SW01,Aberdeen City,2010-11,29.1235,29.1524,30.60895,\"Home care costs per hour, 65+\"\r\n\
SW1,Falkirk,2010-11,30.7446,29.1524,27.290575,\"Home care costs per hour, 65+\"\r\n\
SW01,Angus,2010-11,,29.1524,,x\r\n\
C&L02,Aberdeen City,2010-11,5.211,4.9359,5.523975,Cost per library visit\r\n\
C&L2,Falkirk,2011-12,6.1508,4.6202,5.041812,Cost per library visit\r\n\
CHN013a,\"Edinburgh, City of\",2019-20,\"1,234.5\",100,,Children\r\n\
CHN13a,Eilean Siar,2019-20,50,100,,Children\r\n\
CHN13A,Na h-Eileanan Siar,2020-21,51,101,,Children\r\n\
CHN13a,Scotland,2019-20,100,100,,Children\r\n\
CHN13a,Orkney & Shetland Health Board,2019-20,1,100,,Children\r\n";

    fn good() -> Dataset {
        Dataset::from_csv(GOOD.as_bytes()).unwrap()
    }

    fn err(csv: &str) -> String {
        Dataset::from_csv(csv.as_bytes()).unwrap_err().to_string()
    }

    const HEADER: &str = "Indicators_Information_Code,LA_Information_LocalAuthority,LA_Data_LGBF_Year,LA_Data_LA_IndicatorReal\n";

    #[test]
    fn reads_good_file() {
        let ds = good();
        assert_eq!(ds.rows, 10);
        let codes: Vec<String> = ds.indicators().into_iter().map(|i| i.code).collect();
        assert_eq!(codes, ["C&L02", "CHN013a", "SW01"]);
        assert_eq!(ds.indicators()[2].title, "Home care costs per hour, 65+");
        assert_eq!(ds.value("aberdeen-city", "SW1", "2010-11"), Some(29.1235));
        assert_eq!(ds.value("falkirk", "sw 001", "2010-11"), Some(30.7446));
        assert_eq!(ds.value("angus", "SW01", "2010-11"), None); // blank = missing
        assert_eq!(
            ds.value("city-of-edinburgh", "CHN13a", "2019-20"),
            Some(1234.5)
        );
        assert_eq!(
            ds.value("na-h-eileanan-siar", "CHN013A", "2020-21"),
            Some(51.0)
        );
        assert_eq!(ds.years("CHN13a"), ["2019-20", "2020-21"]);
        assert_eq!(ds.years("c&l2"), ["2010-11", "2011-12"]);
        assert!(ds.years("XYZ9").is_empty());
        assert_eq!(ds.scotland("SW01", "2010-11"), Some(29.1524));
        assert_eq!(
            ds.unmatched_areas.iter().collect::<Vec<_>>(),
            ["Orkney & Shetland Health Board"]
        );
    }

    #[test]
    fn columns_in_any_order_case_and_spaces_lf_endings() {
        let csv = " la_data_lgbf_year ,Extra,LA_INFORMATION_LOCALAUTHORITY,la_data_la_indicatorreal,indicators_information_code\n\
2022/23,\"a \"\"quoted\"\"\nmulti-line, note\",Dundee City,12.5,HSN1b\n\n";
        let ds = Dataset::from_csv(csv.as_bytes()).unwrap();
        assert_eq!(ds.value("dundee-city", "HSN01b", "2022-23"), Some(12.5));
        assert_eq!(ds.scotland("HSN1b", "2022-23"), None);
    }

    #[test]
    fn windows_1252_file_is_read() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(
            b"SW1,Perth & Kinross,2010-11,1.5\n\x96 not a council,Fife,2010-11,2\n",
        );
        let ds = Dataset::from_csv(&bytes).unwrap();
        assert_eq!(ds.value("perth-and-kinross", "SW1", "2010-11"), Some(1.5));
        assert_eq!(ds.indicators()[0].code, "SW1");
        assert_eq!(ds.indicators()[1].code, "– not a council");
    }

    #[test]
    fn malformed_files_give_located_errors() {
        assert_eq!(err(""), "The file is empty");
        assert_eq!(err("\u{feff}\r\n  \r\n"), "The file is empty");
        assert_eq!(err(HEADER), "The file has column names but no data rows");
        assert!(err("name,age\nBob,4\n").starts_with("Line 1: this does not look like LGBF data"));
        assert_eq!(
            err("Indicators_Information_Code,LA_Information_LocalAuthority,LA_Data_LGBF_Year\nSW1,Fife,2010-11\n"),
            "Line 1: the file does not have a LA_Data_LA_IndicatorReal column"
        );
        assert_eq!(
            err("Indicators_Information_Code,LA_Information_LocalAuthority\n"),
            "Line 1: the file does not have these columns: LA_Data_LGBF_Year, LA_Data_LA_IndicatorReal"
        );
        let bad_number = format!("{HEADER}SW1,Fife,2010-11,1\nSW1,Fife,2011-12,2\n\n\"SW1\",Fife,2012-13,1,\"note\nmore\"\nSW1,Fife,2013-14,1\nSW1,Fife,2014-15,abc\n");
        assert_eq!(
            err(&bad_number),
            "Line 8, column LA_Data_LA_IndicatorReal: \"abc\" is not a number"
        );
        let unclosed =
            format!("{HEADER}SW1,Fife,2010-11,1\nSW1,\"Fife,2011-12,2\nSW1,Fife,2012-13,3\n");
        assert_eq!(
            err(&unclosed),
            "Line 3: a quoted value starting on this line has no closing quote"
        );
        let junk_after_quote = format!("{HEADER}SW1,\"Fife\"x,2010-11,1\n");
        assert_eq!(
            err(&junk_after_quote),
            "Line 2: a closing quote must be followed by a comma or the end of the line"
        );
        assert_eq!(
            err(&format!("{HEADER}SW1,,2010-11,1\n")),
            "Line 2, column LA_Information_LocalAuthority: the local authority is blank"
        );
        assert_eq!(
            err(&format!("{HEADER}SW1,Fife\n")),
            "Line 2, column LA_Data_LGBF_Year: the year is blank"
        );
        for bad in ["inf", "NaN", "1,23", "1.2.3", "--1", "1e999"] {
            let e = err(&format!("{HEADER}SW1,Fife,2010-11,\"{bad}\"\n"));
            assert!(e.ends_with("is not a number"), "{bad}: {e}");
        }
    }

    #[test]
    fn size_limit() {
        let big = vec![b'a'; MAX_BYTES + 1];
        let e = Dataset::from_csv(&big).unwrap_err();
        assert_eq!(
            (e.line, e.to_string()),
            (
                0,
                "The file is 20.0 MB. It must be smaller than 20 MB".to_string()
            )
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" 12.5 "), Ok(Some(12.5)));
        assert_eq!(parse_number("-1,234,567.25"), Ok(Some(-1_234_567.25)));
        assert_eq!(parse_number("45%"), Ok(Some(45.0)));
        assert_eq!(parse_number("1e3"), Ok(Some(1000.0)));
        for missing in ["", "  ", "-", "..", "NA", "n/a", "#N/A", "*"] {
            assert_eq!(parse_number(missing), Ok(None), "{missing:?}");
        }
        for bad in ["abc", "1,2345", ",123", "1 2", "."] {
            assert_eq!(parse_number(bad), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn indicator_keys() {
        assert_eq!(indicator_key("CHN013a"), "CHN13A");
        assert_eq!(indicator_key("CHN13a"), "CHN13A");
        assert_eq!(indicator_key("SW01"), "SW1");
        assert_eq!(indicator_key(" sw 1 "), "SW1");
        assert_eq!(indicator_key("C&L02"), "C&L2");
        assert_eq!(indicator_key("ECON10"), "ECON10");
        assert_eq!(indicator_key("CORP100"), "CORP100");
        assert_eq!(indicator_key("SW0"), "SW0");
        assert_eq!(indicator_key("SW00"), "SW0");
        assert_eq!(
            indicator_service_type("chn 01"),
            ServiceType::PeopleServices
        );
        assert_eq!(indicator_service_type("HSN1b"), ServiceType::PeopleServices);
        assert_eq!(indicator_service_type("C&L2"), ServiceType::OtherServices);
        let mut keys = vec!["SW10", "SW2", "C&L1", "SW1A"];
        keys.sort_by_key(|k| natural_key(k));
        assert_eq!(keys, ["C&L1", "SW1A", "SW2", "SW10"]);
    }

    /// Six councils in other-services group 3 plus two outside it, for CORP1 in 2020-21.
    fn comparison_data() -> Dataset {
        let mut csv = String::from(HEADER);
        for (name, v) in [
            ("Angus", "10"),
            ("Clackmannanshire", "8"),
            ("East Renfrewshire", "12"),
            ("Inverclyde", "12"),
            ("Midlothian", ""),
            ("Renfrewshire", "6"),
            ("Fife", "20"),
        ] {
            csv.push_str(&format!("CORP1,{name},2020-21,{v}\n"));
        }
        Dataset::from_csv(csv.as_bytes()).unwrap()
    }

    #[test]
    fn compare_ranks_candidates_and_computes_group_average() {
        let ds = comparison_data();
        let cands = [
            "fife",
            "inverclyde",
            "east-renfrewshire",
            "midlothian",
            "renfrewshire",
            "angus",
            "atlantis",
            "fife",
        ];
        let c = ds
            .compare("angus", &cands, "CORP01", "2020-21", true)
            .unwrap();
        assert_eq!(c.indicator, "CORP1");
        assert_eq!(c.service_type, ServiceType::OtherServices);
        assert_eq!(c.host_value, Some(10.0));
        assert_eq!(c.family_group, Some(3));
        // Group 3 values present: 10, 8, 12, 12, 6 (Midlothian blank) → 9.6.
        assert_eq!(c.family_group_average, Some(9.6));
        assert!(c.family_group_average_computed);
        assert_eq!(c.scotland, None);
        let rows: Vec<(&str, Option<usize>, Option<bool>, bool)> = c
            .ranked
            .iter()
            .map(|r| {
                (
                    r.council_id.as_str(),
                    r.rank,
                    r.better_than_host,
                    r.same_group,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("fife", Some(1), Some(true), false),
                ("east-renfrewshire", Some(2), Some(true), true),
                ("inverclyde", Some(2), Some(true), true),
                ("renfrewshire", Some(4), Some(false), true),
                ("midlothian", None, None, true),
            ]
        );
        let low = ds
            .compare("angus", &cands, "CORP1", "2020-21", false)
            .unwrap();
        assert_eq!(low.ranked[0].council_id, "renfrewshire");
        assert_eq!(low.ranked[0].better_than_host, Some(true));
        assert_eq!(low.ranked.last().unwrap().council_id, "midlothian");
        assert!(ds
            .compare("angus", &cands, "CORP2", "2020-21", true)
            .is_none());
        assert!(ds
            .compare("angus", &cands, "CORP1", "1999-00", true)
            .is_none());
        let unknown_host = ds
            .compare("nowhere", &["fife"], "CORP1", "2020-21", true)
            .unwrap();
        assert_eq!(
            (unknown_host.host_value, unknown_host.family_group_average),
            (None, None)
        );
    }

    #[test]
    fn compare_uses_published_group_average() {
        let ds = good();
        let c = ds
            .compare(
                "aberdeen-city",
                &["falkirk", "angus"],
                "SW1",
                "2010-11",
                false,
            )
            .unwrap();
        assert_eq!(c.family_group_average, Some(30.60895));
        assert!(!c.family_group_average_computed);
        assert_eq!(c.scotland, Some(29.1524));
        assert_eq!(c.service_type, ServiceType::PeopleServices);
        assert_eq!(c.ranked[0].council_id, "falkirk");
        assert_eq!(c.ranked[0].better_than_host, Some(false)); // 30.74 costs more than 29.12
        assert_eq!(c.ranked[1].rank, None);
        // Scotland from a "Scotland" row when the column has nothing.
        let csv = format!("{HEADER}SW1,Scotland,2010-11,7\nSW1,Fife,2010-11,1\n");
        assert_eq!(
            Dataset::from_csv(csv.as_bytes())
                .unwrap()
                .scotland("SW1", "2010-11"),
            Some(7.0)
        );
    }

    #[test]
    fn dataset_serde_round_trip() {
        let ds = good();
        let json = serde_json::to_string(&ds).unwrap();
        assert_eq!(serde_json::from_str::<Dataset>(&json).unwrap(), ds);
    }

    fn quote(field: &str) -> String {
        format!("\"{}\"", field.replace('"', "\"\""))
    }

    proptest! {
        #[test]
        fn quoted_fields_round_trip(rows in proptest::collection::vec(proptest::collection::vec("[a-z,\"\n\r é]{0,8}", 1..5), 1..6), crlf: bool) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let text: String = rows.iter().map(|r| r.iter().map(|f| quote(f)).collect::<Vec<_>>().join(",") + eol).collect();
            let mut got = Vec::new();
            for_each_record(&text, |_, f| { got.push(f.to_vec()); Ok(()) }).unwrap();
            // Line breaks inside values come back as \n; a row of one empty value is a blank line.
            let want: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|f| f.replace("\r\n", "\n").replace('\r', "\n")).collect::<Vec<_>>())
                .filter(|r: &Vec<String>| !(r.len() == 1 && r[0].trim().is_empty()))
                .collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut input = HEADER.as_bytes().to_vec();
            input.extend(bytes);
            let _ = Dataset::from_csv(&input);
        }
    }
}
