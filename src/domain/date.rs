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

    #[test]
    fn serde_is_iso() {
        let d = Date::new(2026, 3, 3).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-03-03\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-03-03\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"nope\"").is_err());
    }
}
