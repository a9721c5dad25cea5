//! The review timeline as an iCalendar file (RFC 5545) that Outlook, Google and Apple calendars
//! import: one all-day event per date that has been set.

use super::date::Date;
use super::review::ReviewSetup;
use super::timeline::Milestone;
use sha2::{Digest, Sha256};

/// Identifies this app as the producer of the file.
pub const PRODID: &str = "-//Critical Friend//PCI review timeline//EN";

/// Longest summary text taken from the focus before it is shortened with "…".
const SUMMARY_FOCUS_CHARS: usize = 80;

/// An all-day event: `end` is exclusive, as iCalendar requires for `VALUE=DATE`.
struct Event {
    key: &'static str,
    label: &'static str,
    start: Date,
    end_exclusive: Date,
    hint: &'static str,
}

fn events(setup: &ReviewSetup) -> Vec<Event> {
    let m = &setup.dates;
    let mut out = Vec::new();
    for ms in Milestone::TIMELINE {
        let Some(date) = ms.of(setup) else { continue };
        let (key, label, start, last) = match ms {
            // One event spanning fieldwork; an end date before the start is treated as one day.
            Milestone::FieldworkStart => (
                "fieldwork",
                "Fieldwork",
                date,
                m.fieldwork_end.filter(|&e| e >= date).unwrap_or(date),
            ),
            Milestone::FieldworkEnd if m.fieldwork_start.is_some() => continue,
            Milestone::FieldworkEnd => ("fieldwork-end", ms.label(), date, date),
            _ => (ms.field_id(), ms.label(), date, date),
        };
        out.push(Event {
            key,
            label,
            start,
            end_exclusive: last.add_days(1),
            hint: ms.hint(),
        });
    }
    out
}

/// True when at least one date is set, so an export would contain an event.
pub fn has_events(setup: &ReviewSetup) -> bool {
    !events(setup).is_empty()
}

/// The review timeline as an RFC 5545 calendar with CRLF line endings.
///
/// `uid_seed` (the review id) makes event UIDs stable, so re-importing updates events rather
/// than duplicating them. `now_utc_stamp` is the DTSTAMP, `YYYYMMDDTHHMMSSZ` (see
/// [`utc_stamp`]); anything else is replaced by the Unix epoch so the file stays valid.
pub fn to_ics(setup: &ReviewSetup, uid_seed: &str, now_utc_stamp: &str) -> String {
    let stamp = if is_utc_stamp(now_utc_stamp) {
        now_utc_stamp
    } else {
        "19700101T000000Z"
    };
    let host = setup.host_name();
    let focus = if setup.focus.trim().is_empty() {
        setup.title.trim()
    } else {
        setup.focus.trim()
    };
    let short_focus = shorten(focus, SUMMARY_FOCUS_CHARS);

    let mut out = String::new();
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line(&format!("PRODID:{PRODID}"));
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    let cal_name = if setup.title.trim().is_empty() {
        "PCI review".to_string()
    } else {
        format!("PCI: {}", setup.title.trim())
    };
    line(&format!("X-WR-CALNAME:{}", escape_text(&cal_name)));
    for ev in events(setup) {
        let summary: Vec<String> = [
            format!("PCI: {}", ev.label),
            host.clone(),
            short_focus.clone(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        let mut description = Vec::new();
        for (label, value) in [
            ("Review", setup.title.trim()),
            ("Host", host.as_str()),
            ("Focus", focus),
        ] {
            if !value.is_empty() {
                description.push(format!("{label}: {value}"));
            }
        }
        description.push(ev.hint.to_string());

        line("BEGIN:VEVENT");
        line(&format!("UID:{}", uid(uid_seed, ev.key)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", ics_date(ev.start)));
        line(&format!("DTEND;VALUE=DATE:{}", ics_date(ev.end_exclusive)));
        line(&format!("SUMMARY:{}", escape_text(&summary.join(" – "))));
        line(&format!(
            "DESCRIPTION:{}",
            escape_text(&description.join("\n"))
        ));
        // All-day milestones should not show people as busy.
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A file name for the download, from the review's short name.
pub fn file_name(setup: &ReviewSetup) -> String {
    let mut slug = String::new();
    for c in setup.title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "pci-timeline.ics".into()
    } else {
        format!("pci-timeline-{slug}.ics")
    }
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time in milliseconds.
pub fn utc_stamp(unix_ms: i64) -> String {
    let date = Date::from_unix_ms(unix_ms);
    let secs = unix_ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(date),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn is_utc_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

fn uid(seed: &str, key: &str) -> String {
    let digest = Sha256::new()
        .chain_update(seed.as_bytes())
        .chain_update([0])
        .chain_update(key.as_bytes())
        .finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}@critical-friend")
}

fn shorten(s: &str, max_chars: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max_chars {
        s
    } else {
        let cut: String = s.chars().take(max_chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// RFC 5545 TEXT escaping; control characters other than tab are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets without splitting a UTF-8 character.
fn push_folded(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if octets + n > 75 {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::OrgRef;
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    use proptest::prelude::*;
    use std::str::FromStr;

    const STAMP: &str = "20260101T093000Z";

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn setup() -> ReviewSetup {
        let mut s = ReviewSetup::new("Angus housing repairs");
        s.host = Some(OrgRef::Council("angus".into()));
        s.focus = "Housing repairs".into();
        s.dates.initial_meeting = Some(d("2026-01-06"));
        s.dates.pre_meeting = Some(d("2026-02-17"));
        s.dates.fieldwork_start = Some(d("2026-03-03"));
        s.dates.fieldwork_end = Some(d("2026-03-05"));
        s.dates.draft_report = Some(d("2026-03-19"));
        s.dates.leads_meeting = Some(d("2026-04-02"));
        s.dates.final_report = Some(d("2028-02-29"));
        s
    }

    /// (summary, description, start, end) for each event, via the `icalendar` crate's parser.
    fn parsed(ics: &str) -> Vec<(String, String, String, String)> {
        let cal = Calendar::from_str(ics).expect("icalendar parses our output");
        let date = |d: Option<DatePerhapsTime>| match d {
            Some(DatePerhapsTime::Date(nd)) => nd.to_string(),
            other => panic!("expected an all-day date, got {other:?}"),
        };
        cal.components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .map(|e| {
                (
                    e.get_summary().unwrap_or_default().to_string(),
                    e.get_description().unwrap_or_default().to_string(),
                    date(e.get_start()),
                    date(e.get_end()),
                )
            })
            .collect()
    }

    fn assert_well_formed(ics: &str) {
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "bare line break in {line:?}"
            );
        }
    }

    #[test]
    fn calendar_header_and_events_parse() {
        let ics = to_ics(&setup(), "review-1", STAMP);
        assert_well_formed(&ics);
        assert!(ics.starts_with(
            "BEGIN:VCALENDAR\r\nPRODID:-//Critical Friend//PCI review timeline//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
        ));
        let ev = parsed(&ics);
        let rows: Vec<(&str, &str, &str)> = ev
            .iter()
            .map(|(s, _, a, b)| (s.as_str(), a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "PCI: Initial meeting to discuss the process – Angus – Housing repairs",
                    "2026-01-06",
                    "2026-01-07"
                ),
                (
                    "PCI: Team pre-meeting – Angus – Housing repairs",
                    "2026-02-17",
                    "2026-02-18"
                ),
                (
                    "PCI: Fieldwork – Angus – Housing repairs",
                    "2026-03-03",
                    "2026-03-06"
                ),
                (
                    "PCI: Draft report circulated to the core team – Angus – Housing repairs",
                    "2026-03-19",
                    "2026-03-20"
                ),
                (
                    "PCI: Leads' meeting to discuss the draft report – Angus – Housing repairs",
                    "2026-04-02",
                    "2026-04-03"
                ),
                (
                    "PCI: Final reporting – Angus – Housing repairs",
                    "2028-02-29",
                    "2028-03-01"
                ),
            ]
        );
        assert!(ev[2].1.contains("Host: Angus\nFocus: Housing repairs"));
        assert_eq!(ics.matches(&format!("DTSTAMP:{STAMP}\r\n")).count(), 6);
    }

    #[test]
    fn checklist_closing_date_is_an_event() {
        let mut s = setup();
        s.checklist_closes = Some(d("2026-02-10"));
        let ics = to_ics(&s, "review-1", STAMP);
        assert_well_formed(&ics);
        let ev = parsed(&ics);
        assert_eq!(ev.len(), 7);
        // In date order, between the initial meeting and the pre-meeting.
        assert_eq!(
            (ev[1].0.as_str(), ev[1].2.as_str(), ev[1].3.as_str()),
            (
                "PCI: Self-assessment checklist closes – Angus – Housing repairs",
                "2026-02-10",
                "2026-02-11"
            )
        );
        assert!(ev[1].1.contains("Leave time to analyse the responses"));
        assert!(has_events(&ReviewSetup {
            checklist_closes: Some(d("2026-02-10")),
            ..ReviewSetup::new("T")
        }));
    }

    #[test]
    fn uids_are_stable_unique_and_seeded() {
        let uids = |ics: &str| -> Vec<String> {
            ics.split("\r\n")
                .filter_map(|l| l.strip_prefix("UID:"))
                .map(String::from)
                .collect()
        };
        let a = uids(&to_ics(&setup(), "review-1", STAMP));
        assert_eq!(a, uids(&to_ics(&setup(), "review-1", "20270101T000000Z")));
        let mut dedup = a.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), 6);
        assert!(a
            .iter()
            .all(|u| u.ends_with("@critical-friend") && u.len() == 32 + 16));
        let b = uids(&to_ics(&setup(), "review-2", STAMP));
        assert!(a.iter().all(|u| !b.contains(u)));
    }

    #[test]
    fn hostile_text_survives_round_trip() {
        let mut s = setup();
        s.focus = "Repairs, voids; \"quotes\" & <b>tags</b>\nsecond line\r\nthird 🏠🏚️ 日本語 C:\\Temp\\x ".to_string()
            + &"é".repeat(120);
        s.title = "Title; with, everything\\".into();
        s.host = Some(OrgRef::Other("NHS Tayside, Health; & Care 🚑".into()));
        let ics = to_ics(&s, "seed;with,odd\nchars", STAMP);
        assert_well_formed(&ics);
        let ev = parsed(&ics);
        assert_eq!(ev.len(), 6);
        let (summary, description, start, end) = &ev[2];
        assert!(summary.starts_with(
            "PCI: Fieldwork – NHS Tayside, Health; & Care 🚑 – Repairs, voids; \"quotes\""
        ));
        assert!(summary.ends_with('…'));
        assert!(!summary.contains('\n'), "summary is a single line");
        assert_eq!((start.as_str(), end.as_str()), ("2026-03-03", "2026-03-06"));
        assert!(
            description.contains("Review: Title; with, everything\\\n"),
            "{description}"
        );
        assert!(
            description.contains(&format!("Focus: {}", s.focus.trim().replace("\r\n", "\n"))),
            "{description}"
        );
    }

    #[test]
    fn fieldwork_edge_cases() {
        let mut s = ReviewSetup::new("T");
        assert!(!has_events(&s));
        s.dates.fieldwork_start = Some(d("2026-03-03"));
        s.dates.fieldwork_end = Some(d("2026-03-01")); // before start: one day
        let ev = parsed(&to_ics(&s, "r", STAMP));
        assert_eq!(
            (ev.len(), ev[0].2.as_str(), ev[0].3.as_str()),
            (1, "2026-03-03", "2026-03-04")
        );
        assert_eq!(ev[0].0, "PCI: Fieldwork – T");
        s.dates.fieldwork_start = None;
        let ev = parsed(&to_ics(&s, "r", STAMP));
        assert_eq!(ev[0].0, "PCI: Fieldwork ends – T");
        s.dates.fieldwork_end = Some(d("2024-12-31"));
        assert_eq!(parsed(&to_ics(&s, "r", STAMP))[0].3, "2025-01-01");
        assert!(has_events(&s));
    }

    #[test]
    fn bad_stamp_is_replaced() {
        let ics = to_ics(&setup(), "r", "yesterday\r\nX-EVIL:1");
        assert!(ics.contains("DTSTAMP:19700101T000000Z\r\n"));
        assert!(!ics.contains("X-EVIL"));
    }

    #[test]
    fn stamps_and_file_names() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(1_772_530_245_000), "20260303T093045Z");
        assert_eq!(utc_stamp(-1000), "19691231T235959Z");
        assert!(is_utc_stamp(&utc_stamp(1_772_530_245_123)));
        assert_eq!(
            file_name(&setup()),
            "pci-timeline-angus-housing-repairs.ics"
        );
        assert_eq!(file_name(&ReviewSetup::new("  ?? ")), "pci-timeline.ics");
        assert_eq!(
            file_name(&ReviewSetup::new("Café / Ünïcode — 2026!")),
            "pci-timeline-caf-n-code-2026.ics"
        );
    }

    #[test]
    fn folding_splits_between_characters() {
        let mut out = String::new();
        push_folded(&mut out, &format!("SUMMARY:{}", "🏠".repeat(40)));
        for l in out.split("\r\n") {
            assert!(l.len() <= 75);
        }
        assert_eq!(
            out.replace("\r\n ", "").trim_end(),
            format!("SUMMARY:{}", "🏠".repeat(40))
        );
        assert!(out.ends_with("\r\n"));
    }

    /// Strict RFC 5545 unescaping, to check our escaping (the crate's is sequential).
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut it = s.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                match it.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(x) => out.push(x),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn escape_fold_unfold_round_trips(text in "[a-z ,;:\\\\\n\t😀é\u{7}]{0,300}") {
            let mut out = String::new();
            push_folded(&mut out, &format!("DESCRIPTION:{}", escape_text(&text)));
            for l in out.split("\r\n") {
                prop_assert!(l.len() <= 75);
            }
            let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
            let value = unfolded.strip_prefix("DESCRIPTION:").unwrap();
            let expected: String = text.chars().filter(|c| *c != '\u{7}').collect();
            prop_assert_eq!(unescape(value), expected);
        }
    }
}
