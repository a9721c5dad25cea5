//! Calendar dates without a date library: ISO `YYYY-MM-DD`, day arithmetic via day numbers.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A civil (proleptic Gregorian) date. Serialised as `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (year > 0 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (what `<input type="date">` gives).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_day_number(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date at a Unix timestamp in milliseconds (UTC).
    pub fn from_unix_ms(ms: i64) -> Date {
        Date::from_day_number(ms.div_euclid(86_400_000))
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_day_number(self.day_number() + days)
    }

    /// `other - self` in days.
    pub fn days_until(self, other: Date) -> i64 {
        other.day_number() - self.day_number()
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        (self.day_number() + 3).rem_euclid(7) as u8
    }

    /// "Tuesday 3 March 2026", as GOV.UK writes dates.
    pub fn long(self) -> String {
        const DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        format!("{} {}", DAYS[self.weekday() as usize], self.medium())
    }

    /// Day, month and year as a GOV.UK date input shows them ("3", "3", "2026"), so the field
    /// shows what is stored.
    pub fn fields(self) -> (String, String, String) {
        (
            self.day.to_string(),
            self.month.to_string(),
            self.year.to_string(),
        )
    }

    /// "3 March 2026".
    pub fn medium(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }
}

/// One of the three boxes of a GOV.UK date input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePart {
    Day,
    Month,
    Year,
}

impl DatePart {
    fn name(self) -> &'static str {
        match self {
            DatePart::Day => "day",
            DatePart::Month => "month",
            DatePart::Year => "year",
        }
    }
}

/// Why a date input could not be read, worded as the GOV.UK date input pattern words it.
/// `parts` are the boxes to highlight (all three when the whole date is wrong).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateInputError {
    pub message: String,
    pub parts: Vec<DatePart>,
}

impl DateInputError {
    fn new(message: String, parts: &[DatePart]) -> DateInputError {
        DateInputError {
            message,
            parts: parts.to_vec(),
        }
    }
}

const ALL_PARTS: [DatePart; 3] = [DatePart::Day, DatePart::Month, DatePart::Year];

/// "Fieldwork start date" -> "fieldwork start date", for "Enter …" messages.
fn lower_first(label: &str) -> String {
    let mut chars = label.trim().chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A month number, or a month name or its first three letters ("Mar", "march").
fn month_number(s: &str) -> Option<u8> {
    if let Ok(n) = s.parse::<u8>() {
        return Some(n);
    }
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = s.to_lowercase();
    NAMES
        .iter()
        .position(|n| *n == lower || (lower.len() == 3 && n.starts_with(&lower)))
        .map(|i| i as u8 + 1)
}

/// Reads the day, month and year boxes of a GOV.UK date input.
///
/// `label` names the date in messages ("Fieldwork start date must be a real date"). All three
/// boxes empty is `Ok(None)` when the date is optional. The result is the whole date or an
/// error: the caller saves only `Ok`, so a date is never half-saved.
pub fn parse_date_fields(
    label: &str,
    day: &str,
    month: &str,
    year: &str,
    required: bool,
) -> Result<Option<Date>, DateInputError> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    let label = label.trim();
    let missing: Vec<DatePart> = [
        (DatePart::Day, day),
        (DatePart::Month, month),
        (DatePart::Year, year),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_empty())
    .map(|(p, _)| p)
    .collect();
    if missing.len() == 3 {
        return if required {
            Err(DateInputError::new(
                format!("Enter {}", lower_first(label)),
                &ALL_PARTS,
            ))
        } else {
            Ok(None)
        };
    }
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|p| p.name()).collect();
        return Err(DateInputError::new(
            format!("{label} must include a {}", names.join(" and ")),
            &missing,
        ));
    }
    let real_date = || DateInputError::new(format!("{label} must be a real date"), &ALL_PARTS);
    let d: Option<u8> = day.parse().ok();
    let m = month_number(month);
    let y: Option<i32> = year
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| year.parse().ok())
        .flatten();
    let bad: Vec<DatePart> = [
        (DatePart::Day, d.is_none_or(|d| !(1..=31).contains(&d))),
        (DatePart::Month, m.is_none_or(|m| !(1..=12).contains(&m))),
        (DatePart::Year, y.is_none()),
    ]
    .into_iter()
    .filter(|(_, bad)| *bad)
    .map(|(p, _)| p)
    .collect();
    if !bad.is_empty() {
        return Err(DateInputError::new(
            format!("{label} must be a real date"),
            &bad,
        ));
    }
    if year.len() != 4 {
        return Err(DateInputError::new(
            "Year must include 4 numbers".to_string(),
            &[DatePart::Year],
        ));
    }
    let (d, m, y) = (d.unwrap_or(0), m.unwrap_or(0), y.unwrap_or(0));
    if y < 1000 {
        return Err(real_date());
    }
    Date::new(y, m, d).map(Some).ok_or_else(real_date)
}

/// Reads the value of an `<input type="date">` (`YYYY-MM-DD`, or empty) with the same messages
/// as [`parse_date_fields`]: browsers report years of more or fewer than four digits as typed.
pub fn parse_date_input(
    label: &str,
    value: &str,
    required: bool,
) -> Result<Option<Date>, DateInputError> {
    let value = value.trim();
    if value.is_empty() {
        return parse_date_fields(label, "", "", "", required);
    }
    // Split from the right: a year may carry extra digits but day and month never have dashes.
    let mut it = value.rsplitn(3, '-');
    let (day, month, year) = (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    );
    parse_date_fields(label, day, month, year, required)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_day_numbers() {
        for n in -1000..100_000 {
            assert_eq!(Date::from_day_number(n).day_number(), n);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::new(2026, 11, 22).unwrap().weekday(), 6); // a Sunday
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("23-1-1"), None);
        assert_eq!(Date::parse(""), None);
        assert_eq!(
            Date::parse("2026-03-03").unwrap().long(),
            "Tuesday 3 March 2026"
        );
    }

    fn msg(r: Result<Option<Date>, DateInputError>) -> (String, Vec<DatePart>) {
        let e = r.expect_err("expected an error");
        (e.message, e.parts)
    }

    #[test]
    fn date_fields_give_govuk_messages() {
        use DatePart::*;
        let f = |d, m, y| parse_date_fields("Fieldwork start date", d, m, y, true);
        assert_eq!(f(" 3 ", "03", "2026"), Ok(Date::new(2026, 3, 3)));
        assert_eq!(f("29", "Feb", "2028"), Ok(Date::new(2028, 2, 29)));
        assert_eq!(f("1", "march", "2026"), Ok(Date::new(2026, 3, 1)));
        assert_eq!(
            msg(f("", "", "")),
            ("Enter fieldwork start date".into(), vec![Day, Month, Year])
        );
        assert_eq!(
            parse_date_fields("Final reporting", "", " ", "", false),
            Ok(None)
        );
        assert_eq!(
            msg(f("3", "", "2026")),
            (
                "Fieldwork start date must include a month".into(),
                vec![Month]
            )
        );
        assert_eq!(
            msg(f("", "", "2026")),
            (
                "Fieldwork start date must include a day and month".into(),
                vec![Day, Month]
            )
        );
        assert_eq!(
            msg(f("3", "", "")).0,
            "Fieldwork start date must include a month and year"
        );
        assert_eq!(
            msg(f("30", "2", "2026")),
            (
                "Fieldwork start date must be a real date".into(),
                vec![Day, Month, Year]
            )
        );
        assert_eq!(
            msg(f("29", "2", "2026")).0,
            "Fieldwork start date must be a real date"
        );
        assert_eq!(
            msg(f("3", "13", "2026")),
            (
                "Fieldwork start date must be a real date".into(),
                vec![Month]
            )
        );
        assert_eq!(
            msg(f("x", "3", "2026")),
            ("Fieldwork start date must be a real date".into(), vec![Day])
        );
        assert_eq!(
            msg(f("3", "3", "26")),
            ("Year must include 4 numbers".into(), vec![Year])
        );
        assert_eq!(msg(f("3", "3", "20266")).0, "Year must include 4 numbers");
        assert_eq!(
            msg(f("3", "3", "0202")).0,
            "Fieldwork start date must be a real date"
        );
        assert_eq!(
            msg(f("3", "3", "-202")).0,
            "Fieldwork start date must be a real date"
        );
    }

    #[test]
    fn date_input_values_never_half_save() {
        let f = |v| parse_date_input("Checklist closing date", v, false);
        assert_eq!(f("2026-03-03"), Ok(Date::new(2026, 3, 3)));
        assert_eq!(f(""), Ok(None));
        assert_eq!(
            msg(f("0026-03-03")).0,
            "Checklist closing date must be a real date"
        );
        assert_eq!(msg(f("20260-03-03")).0, "Year must include 4 numbers");
        assert_eq!(msg(f("202-03-03")).0, "Year must include 4 numbers");
        assert_eq!(
            msg(f("2026-02-30")).0,
            "Checklist closing date must be a real date"
        );
        assert_eq!(
            msg(parse_date_input("Checklist closing date", "", true)).0,
            "Enter checklist closing date"
        );
        assert_eq!(
            Date::new(2026, 3, 3).unwrap().fields(),
            ("3".into(), "3".into(), "2026".into())
        );
    }

    #[test]
    fn serde_is_iso() {
        let d = Date::new(2026, 3, 3).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-03-03\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-03-03\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"nope\"").is_err());
    }
}
