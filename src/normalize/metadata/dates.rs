//! The one date reader of the normalizer: machine forms (`2025-03-03T10:00Z`,
//! `20250303`) and written forms ("3 March 2025", "Mar. 3rd, 2025",
//! "3 de março de 2025", "2025年3月3日") in the languages the pages use, with one
//! year range. Both front ends read `<meta>` values, JSON-LD and visible lines
//! through [`find_date`], [`machine_date`] and [`publication_date`].

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::cruft::prefix;

/// Years a publication date may have.
const YEARS: std::ops::RangeInclusive<u32> = 1970..=2100;

/// Month names and abbreviations in the languages we read, with their number.
/// Example: "março" → 3.
static MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("abril", 4),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("agosto", 8),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("fev", 2),
    ("abr", 4),
    ("mai", 5),
    ("ago", 8),
    ("set", 9),
    ("out", 10),
    ("dez", 12),
    // Spanish
    ("enero", 1),
    ("ene", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("dic", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("décembre", 12),
    ("decembre", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

/// Words that mark a date as a later revision, not the first publication.
/// Example: "Updated Mar 4, 2025".
static REVISION_WORDS: &str = r"(?i)\b(updated?|last (modified|updated|edited|reviewed)|modified|edited|revised|reviewed|printed|atualizad[oa]|actualizad[oa]|aktualisiert|mis à jour|aggiornat[oa])\b";

/// Words that mark the first-publication date. Example: "Published 3 March 2025".
static PUBLISHED_WORDS: &str = r"(?i)\b(published|first published|posted|publicado|publicad[oa]|veröffentlicht|publié|pubblicato|created)\b";

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.join("|")
}

/// How a date pattern's groups are ordered.
#[derive(Clone, Copy)]
enum Order {
    /// Year, month number, day: "2025-03-03", "2025/3/3", "2025年3月3日".
    Ymd,
    /// Day, month number, year: "03.03.2025".
    Dmy,
    /// Month or day first with slashes: "3/13/2025" (US unless the first is > 12).
    Slashed,
    /// Day, month name, year: "3 March 2025", "3 de março de 2025".
    DayName,
    /// Month name, day, year: "March 3, 2025".
    NameDay,
}

/// The date patterns, each with an example in [`Order`].
static DATE_RES: LazyLock<Vec<(Regex, Order)>> = LazyLock::new(|| {
    let m = month_alternation();
    let specs = [
        (
            r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|\D)".to_owned(),
            Order::Ymd,
        ),
        (
            r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日".to_owned(),
            Order::Ymd,
        ),
        (
            r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b".to_owned(),
            Order::Dmy,
        ),
        (
            r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b".to_owned(),
            Order::Slashed,
        ),
        (
            format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|º|\.)?\s+(?:de\s+)?({m})\.?,?\s+(?:de\s+)?(\d{{4}})(?:$|\D)"
            ),
            Order::DayName,
        ),
        (
            format!(r"(?i)\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?:$|\D)"),
            Order::NameDay,
        ),
    ];
    specs
        .into_iter()
        .map(|(p, k)| (Regex::new(&p).expect("static regex"), k))
        .collect()
});

static REVISION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(REVISION_WORDS).expect("static regex"));
static PUBLISHED_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(PUBLISHED_WORDS).expect("static regex"));
static COMPACT_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:$|\D)").expect("static regex"));

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    (YEARS.contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Whether `text` has a run of four digits (every date we read has a year).
fn has_year(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

/// The first date written in `text`, as `YYYY-MM-DD`, with its byte offset.
pub fn find_date(text: &str) -> Option<(usize, String)> {
    let text = prefix(text, 400);
    if !has_year(text) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for (re, order) in DATE_RES.iter() {
        let Some(c) = re.captures(text) else { continue };
        let Some(whole) = c.get(0) else { continue };
        let g = |i: usize| c.get(i).map_or("", |m| m.as_str());
        let n = |i: usize| g(i).parse::<u32>().unwrap_or(0);
        let date = match order {
            Order::Ymd => valid(n(1), n(2), n(3)),
            Order::Dmy => valid(n(3), n(2), n(1)),
            Order::Slashed if n(1) > 12 => valid(n(3), n(2), n(1)),
            Order::Slashed => valid(n(3), n(1), n(2)),
            Order::DayName => month_number(g(2)).and_then(|m| valid(n(3), m, n(1))),
            Order::NameDay => month_number(g(1)).and_then(|m| valid(n(3), m, n(2))),
        };
        if let Some(d) = date {
            if best.as_ref().is_none_or(|(at, _)| whole.start() < *at) {
                best = Some((whole.start(), d));
            }
        }
    }
    best
}

/// A date from a machine field (`<meta content>`, JSON-LD, `<time datetime>`):
/// ISO forms, `20250303`, or any written form [`find_date`] reads.
pub fn machine_date(value: &str) -> Option<String> {
    let value = value.trim();
    if let Some(c) = COMPACT_DATE.captures(value) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        if let Some(d) = valid(n(1), n(2), n(3)) {
            return Some(d);
        }
    }
    find_date(value).map(|(_, d)| d)
}

/// Whether the line speaks of a revision ("Updated …", "Last modified …").
pub fn is_revision(line: &str) -> bool {
    REVISION_RE.is_match(line)
}

/// The first-publication date on a dateline, skipping "Updated …" parts.
/// Returns the date and whether the line said "Published"/"Posted".
pub fn publication_date(line: &str) -> Option<(String, bool)> {
    if !has_year(line) {
        return None;
    }
    let mut fallback = None;
    for part in split_segments(line).flat_map(split_at_revision) {
        let revision = is_revision(part);
        let published = PUBLISHED_RE.is_match(part);
        if revision && !published {
            continue;
        }
        if let Some((_, d)) = find_date(part) {
            if published {
                return Some((d, true));
            }
            fallback.get_or_insert(d);
        }
    }
    fallback.map(|d| (d, false))
}

/// Splits "Mar 3, 2025 Updated Mar 4, 2025" before its revision word.
fn split_at_revision(part: &str) -> Vec<&str> {
    match REVISION_RE.find(part) {
        Some(m) if m.start() > 0 => vec![part[..m.start()].trim(), part[m.start()..].trim()],
        _ => vec![part],
    }
}

/// Splits a dateline into parts at " | ", " · ", " • " and runs of spaces.
fn split_segments(line: &str) -> impl Iterator<Item = &str> {
    line.split(['|', '·', '•'])
        .flat_map(|s| s.split("   "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        assert!(!DATE_RES.is_empty());
        LazyLock::force(&REVISION_RE);
        LazyLock::force(&PUBLISHED_RE);
        LazyLock::force(&COMPACT_DATE);
    }

    fn date(s: &str) -> Option<String> {
        find_date(s).map(|d| d.1)
    }

    #[test]
    fn written_and_machine_forms() {
        assert_eq!(
            date("Tue Mar 12 2013, 17:33").as_deref(),
            Some("2013-03-12")
        );
        assert_eq!(date("12.03.2025, 17:40").as_deref(), Some("2025-03-12"));
        assert_eq!(
            date("Posted on 9 November 2024 by hsalo").as_deref(),
            Some("2024-11-09")
        );
        assert_eq!(date("14 de maio de 2024").as_deref(), Some("2024-05-14"));
        assert_eq!(
            date("3 de março de 2025, 08h12").as_deref(),
            Some("2025-03-03")
        );
        assert_eq!(date("2025年3月3日 10:00").as_deref(), Some("2025-03-03"));
        assert_eq!(date("March 3rd, 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(date("Mar 3, 2025Ana Ruiz").as_deref(), Some("2025-03-03"));
        assert_eq!(date("3 March 2025Ana Ruiz").as_deref(), Some("2025-03-03"));
        assert_eq!(date("March 3, 20251"), None);
        assert_eq!(date("in the spring"), None);
        assert_eq!(date("Room 1234"), None);
        assert_eq!(
            machine_date("2025-01-29T20:47:55+00:00").as_deref(),
            Some("2025-01-29")
        );
        assert_eq!(machine_date("20250129").as_deref(), Some("2025-01-29"));
        assert_eq!(machine_date("Jan 29, 2025").as_deref(), Some("2025-01-29"));
        assert_eq!(machine_date("1850-01-01"), None);
    }

    #[test]
    fn publication_skips_revisions() {
        assert_eq!(
            publication_date(
                "Updated 2:14 PM PDT, Thu July 10, 2025 | Published 9:30 AM PDT, Wed July 9, 2025"
            ),
            Some(("2025-07-09".into(), true))
        );
        assert_eq!(
            publication_date("Mar 3, 2025  Updated Mar 4, 2025"),
            Some(("2025-03-03".into(), false))
        );
        assert_eq!(
            publication_date("Published: Nov. 3, 2024 | Last modified: Nov. 4, 2024"),
            Some(("2024-11-03".into(), true))
        );
        assert_eq!(publication_date("Updated Mar 4, 2025"), None);
    }
}
