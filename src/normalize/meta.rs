//! Metadata from single lines: publication dates, bylines, and image
//! caption/credit splitting. Patterns are data (month names, credit markers).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::cruft::prefix;

/// Month names and abbreviations in the languages we read, with their number.
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
    // French
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("décembre", 12),
    // German
    ("januar", 1),
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
];

/// Words that mark a date as a later revision, not the first publication.
static REVISION_WORDS: &str = r"(?i)\b(updated?|last (modified|updated|edited)|modified|edited|revised|printed|atualizad[oa]|actualizad[oa]|aktualisiert|mis à jour|aggiornat[oa])\b";

/// Words that mark the first-publication date.
static PUBLISHED_WORDS: &str = r"(?i)\b(published|first published|posted|publicado|publicad[oa]|veröffentlicht|publié|pubblicato|created)\b";

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.join("|")
}

static DATE_RES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let m = month_alternation();
    let specs = [
        (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b".to_owned(), "ymd"),
        (r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b".to_owned(), "dmy"),
        (r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b".to_owned(), "mdy"),
        (
            format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|º|\.)?\s+(?:de\s+)?({m})\.?,?\s+(?:de\s+)?(\d{{4}})\b"
            ),
            "dMy",
        ),
        (
            format!(r"(?i)\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
            "Mdy",
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

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The first date written in `text`, as `YYYY-MM-DD`, with its byte offset.
pub fn find_date(text: &str) -> Option<(usize, String)> {
    let text = prefix(text, 400);
    // Every date we read has a four-digit year: skip the regexes otherwise.
    let mut run = 0;
    if !text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    }) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for (re, kind) in DATE_RES.iter() {
        let Some(c) = re.captures(text) else { continue };
        let Some(whole) = c.get(0) else { continue };
        let g = |i: usize| c.get(i).map_or("", |m| m.as_str());
        let n = |i: usize| g(i).parse::<u32>().unwrap_or(0);
        let date = match *kind {
            "ymd" => valid(n(1), n(2), n(3)),
            "dmy" => valid(n(3), n(2), n(1)),
            "mdy" if n(1) > 12 => valid(n(3), n(2), n(1)),
            "mdy" => valid(n(3), n(1), n(2)),
            "dMy" => month_number(g(2)).and_then(|m| valid(n(3), m, n(1))),
            _ => month_number(g(1)).and_then(|m| valid(n(3), m, n(2))),
        };
        if let Some(d) = date {
            if best.as_ref().is_none_or(|(at, _)| whole.start() < *at) {
                best = Some((whole.start(), d));
            }
        }
    }
    best
}

/// The first-publication date on a dateline, skipping "Updated …" parts.
/// Returns the date and whether the line said "Published"/"Posted".
pub fn publication_date(line: &str) -> Option<(String, bool)> {
    let mut fallback = None;
    for part in split_segments(line).flat_map(split_at_revision) {
        let revision = REVISION_RE.is_match(part);
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

static BYLINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:written|words|story|text|staff report|report|interview|reporting|photos? and words)\s+)?(?:by|por|von|par|di|de)\s+(\S.*)$").expect("static regex")
});
static BY_INSIDE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bby\s+(\S.*)$").expect("static regex"));

/// The writer's name(s) from a byline line ("By X | Courts reporter" → "X").
/// `dated` allows "Posted on 9 Nov 2024 by X" forms.
pub fn byline(line: &str, dated: bool) -> Option<String> {
    const BY_WORDS: &[&str] = &["by", "por", "von", "par", "di", "de"];
    let early_by = line
        .split_whitespace()
        .take(4)
        .any(|w| BY_WORDS.iter().any(|b| w.eq_ignore_ascii_case(b)));
    if !early_by && !dated {
        return None;
    }
    let caps = BYLINE_RE.captures(line).or_else(|| {
        if dated {
            BY_INSIDE_RE.captures(line)
        } else {
            None
        }
    })?;
    let rest = caps.get(1)?.as_str();
    let cut = [" | ", " · ", " • ", " — ", " – ", " - ", "  ", "\t", " @"]
        .iter()
        .filter_map(|sep| rest.find(sep))
        .min()
        .unwrap_or(rest.len());
    let name = rest
        .get(..cut)
        .unwrap_or(rest)
        .trim()
        .trim_end_matches([',', ';', '.']);
    let words = name.split_whitespace().count();
    let starts_upper = name.chars().next().is_some_and(|c| c.is_alphabetic());
    (starts_upper && (1..=12).contains(&words) && find_date(name).is_none())
        .then(|| name.to_owned())
}

/// Caption and credit markers. Each regex yields `cap` (may be empty) and `credit`.
static CREDIT_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // "… (Photo credit: Asia Society)", "(INA Photo/Dario B.)", "(Gazette file photo by X)"
        r"(?i)^(?P<cap>.*?)\s*\((?P<credit>[^()]*\b(?:photo|photograph|image|picture|foto|credit|crédito)s?\b[^()]*)\)\s*$",
        // "… Photo: X", "Photograph: X", "Image: X", "Credit: X"
        r"(?i)^(?P<cap>.*?)\s*\b(?:photo(?:graph)?s?|images?|pictures?|illustration|credit|photo credit|foto|crédito)\s*:\s*(?P<credit>\S.*)$",
        // "Chinese flag image via Shutterstock", "Photo by X"
        r"(?i)^(?P<cap>.*?)\b(?:photo|image|picture|illustration|graphic)s?\s+(?:via|by|courtesy of)\s+(?P<credit>\S.*)$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static regex"))
    .collect()
});

/// Credit-like endings only trusted near the headline: "… Name Name/ORG" and
/// "… (Harborview Zoo)".
static LOOSE_CREDIT_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?P<cap>.*[.!?])\s+(?P<credit>\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}\s*/\s*\p{Lu}[\p{L}&. -]{1,40})$",
        r"^(?P<cap>.*[.!?])\s*\((?P<credit>\p{Lu}[^()]{1,60})\)$",
        // "… via Getty Images" and agency stamps at the end of a caption.
        r"(?i)^(?P<cap>.*?)[\s.,(]*(?P<credit>(?:\S+\s+){0,3}(?:getty images|shutterstock|istock(?:photo)?|afp|reuters|associated press|ap photo\S*|epa)\b[^.]*?)\)?\s*$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static regex"))
    .collect()
});

/// ASCII cores of the words every [`CREDIT_RES`] pattern needs ("dito" stands
/// for "crédito"); a line without one cannot match, so the regexes are skipped.
const CREDIT_WORDS: &[&[u8]] = &[
    b"photo",
    b"image",
    b"picture",
    b"illustration",
    b"graphic",
    b"credit",
    b"foto",
    b"dito",
];

/// [`CREDIT_WORDS`] as one automaton, ignoring ASCII case.
static CREDIT_WORD_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(CREDIT_WORDS)
        .expect("static automaton")
});

/// Whether `line` contains one of [`CREDIT_WORDS`], ignoring ASCII case.
fn has_credit_word(line: &str) -> bool {
    CREDIT_WORD_AC.is_match(line)
}

/// Splits a caption line into caption and credit; `loose` also accepts the
/// weaker endings used near the headline.
pub fn split_credit(line: &str, loose: bool) -> Option<(Option<String>, String)> {
    let line = drop_file_prefix(line);
    // Every credit form has one of these marks; skip the regexes otherwise.
    let marked = line.contains([':', '(', '/']) || line.contains(" via ") || line.contains(" by ");
    if !loose && (!marked || !has_credit_word(line)) {
        return None;
    }
    let strict = CREDIT_RES.iter();
    let extra = LOOSE_CREDIT_RES.iter().filter(|_| loose);
    for re in strict.chain(extra) {
        // `is_match` runs on the DFA; captures only when there is one.
        if !re.is_match(line) {
            continue;
        }
        let Some(c) = re.captures(line) else { continue };
        let credit = c.name("credit").map_or("", |m| m.as_str()).trim();
        let credit = credit
            .rsplit_once(" by ")
            .map_or(credit, |(_, who)| who)
            .trim();
        let credit = credit.split_once(": ").map_or(credit, |(_, who)| who);
        let credit = credit.trim_end_matches(['.', ')']).trim();
        if credit.is_empty() || credit.split_whitespace().count() > 10 {
            continue;
        }
        let cap = c.name("cap").map_or("", |m| m.as_str()).trim();
        let cap = (!cap.is_empty()).then(|| cap.to_owned());
        return Some((cap, credit.to_owned()));
    }
    None
}

/// Drops a wire photo's "FILE - " prefix.
pub fn drop_file_prefix(line: &str) -> &str {
    for p in ["FILE - ", "FILE – ", "FILE — ", "FILE: ", "FILE -"] {
        if let Some(rest) = line.strip_prefix(p) {
            return rest.trim_start();
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            find_date("Tue Mar 12 2013, 17:33").map(|d| d.1),
            Some("2013-03-12".into())
        );
        assert_eq!(
            find_date("12.03.2025, 17:40").map(|d| d.1),
            Some("2025-03-12".into())
        );
        assert_eq!(
            find_date("Posted on 9 November 2024 by hsalo").map(|d| d.1),
            Some("2024-11-09".into())
        );
        assert_eq!(
            find_date("14 de maio de 2024").map(|d| d.1),
            Some("2024-05-14".into())
        );
        assert_eq!(find_date("in the spring"), None);
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

    #[test]
    fn bylines() {
        assert_eq!(
            byline("By Ambrose Lorne-Whitacre | Courts reporter", false).as_deref(),
            Some("Ambrose Lorne-Whitacre")
        );
        assert_eq!(
            byline("Words by Felix Adeyemi-Strand · Photographs by Oda", false).as_deref(),
            Some("Felix Adeyemi-Strand")
        );
        assert_eq!(
            byline("Posted on 9 November 2024 by hsalo — 14 Comments", true).as_deref(),
            Some("hsalo")
        );
        assert_eq!(byline("Bystanders ran", false), None);
        assert_eq!(byline("By 2025 the plan will be done", false), None);
    }

    #[test]
    fn credits() {
        assert_eq!(
            split_credit(
                "Tom Donilon Asia Society (Photo credit: Asia Society)",
                false
            ),
            Some((
                Some("Tom Donilon Asia Society".into()),
                "Asia Society".into()
            ))
        );
        assert_eq!(
            split_credit(
                "FILE - The dam stands dry. (INA Photo/Dario Belvedere)",
                false
            ),
            Some((
                Some("The dam stands dry.".into()),
                "INA Photo/Dario Belvedere".into()
            ))
        );
        assert_eq!(
            split_credit(
                "Teodora at home in Cassar. Photo: Bruno Teixeira-Lamont",
                false
            ),
            Some((
                Some("Teodora at home in Cassar.".into()),
                "Bruno Teixeira-Lamont".into()
            ))
        );
        assert_eq!(
            split_credit("Chinese flag image via Shutterstock", false).map(|c| c.1),
            Some("Shutterstock".into())
        );
        assert_eq!(
            split_credit(
                "Bees checks a frame near Calder Falls. Odette Sowande-Lyle/UPR",
                true
            )
            .map(|c| c.1),
            Some("Odette Sowande-Lyle/UPR".into())
        );
        assert_eq!(split_credit("The council met on Tuesday.", true), None);
        assert!(has_credit_word("Foo (PHOTO: Bar)"));
        assert!(has_credit_word("Crédito: Bar"));
        assert!(!has_credit_word("The council (in session): Bar"));
    }
}
