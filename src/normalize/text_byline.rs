//! Writer names on page dumps that carry no "By": a page's text loses the
//! author element the HTML had, but keeps what stood around it, a label line
//! ("Written by"), a date, a reading time or the writer's role beside the
//! name, or the portrait's alt text ("Picture of Jane Roe"). Each rule is a
//! row of [`RULES`] with an example, and the byline records the rule that read
//! it so `extract --explain` can show it.

use super::html_byline::{is_label, name_like};
use super::metadata::dates::find_date;
use super::metadata::lines::PageLine;

/// Rule names, each with an example of the lines it reads.
pub mod rule {
    /// "Written by", then "Edzel Tabing" on the next line; or "Author: Edzel Tabing".
    pub const LABELLED: &str = "name after a byline label";
    /// "Trevor Jackins" above "9 min read", "Updated October 8, 2025" or
    /// "Social Media Expert".
    pub const BESIDE_CUE: &str = "name beside a date, reading time or role";
    /// "Tom Talbot October 14, 2025" on one line.
    pub const BEFORE_DATE: &str = "name before a date";
    /// "Picture of Andrew King", the alt text of the writer's portrait.
    pub const PORTRAIT: &str = "name in a portrait's alt text";
}

/// Lines after the headline searched for a name.
const AFTER: usize = 14;
/// Lines before the headline searched for a name.
const BEFORE: usize = 6;
/// Longest cue line (date, reading time, role), in words.
const CUE_WORDS: usize = 10;

/// Alt-text prefixes of a writer's portrait, lowercase. Example: "Picture of Jane Roe".
const PORTRAIT_PREFIXES: &[&str] = &[
    "picture of ",
    "photo of ",
    "headshot of ",
    "avatar of ",
    "image of ",
    "portrait of ",
];

/// Words of a writer's role line, lowercase. Example: "Senior Staff Writer".
const ROLE_WORDS: &[&str] = &[
    "writer",
    "editor",
    "author",
    "contributor",
    "reporter",
    "correspondent",
    "columnist",
    "journalist",
    "expert",
    "analyst",
    "director",
    "manager",
    "founder",
    "co-founder",
    "ceo",
    "cto",
    "vp",
    "specialist",
    "strategist",
    "consultant",
    "marketer",
    "officer",
    "president",
    "researcher",
];

/// A reading-time line. Example: "9 min read".
fn is_reading_time(lower: &str) -> bool {
    lower.contains("min read") || lower.contains("minute read") || lower.contains("mins read")
}

/// A line that often stands beside a writer's name: a date, a reading time or
/// a role.
fn is_cue(text: &str) -> bool {
    if text.split_whitespace().count() > CUE_WORDS {
        return false;
    }
    let lower = text.to_lowercase();
    find_date(text).is_some()
        || is_reading_time(&lower)
        || lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| ROLE_WORDS.contains(&w))
}

/// A person's name alone on a line: two to four words, not all capitals,
/// that [`name_like`] accepts, with no function word, digit or punctuation.
fn bare_name(text: &str) -> Option<String> {
    let words = text.split_whitespace().count();
    // Capitals only ("NEWS PROVIDED BY") is a label, not a name.
    let all_caps = !text.chars().any(char::is_lowercase);
    if !(2..=4).contains(&words) || all_caps || text.contains([',', '|', '.', '&']) {
        return None;
    }
    let function_word = text.split_whitespace().any(|w| {
        let w = w.to_lowercase();
        matches!(w.as_str(), "of" | "the" | "and" | "for" | "to" | "in" | "a")
    });
    if function_word || is_cue(text) {
        return None;
    }
    name_like(text).filter(|n| n == text)
}

/// The writer named in the lines around the headline at index `anchor`, by the
/// first rule of [`rule`] that reads one, nearest lines below the headline
/// first. Returns the name, the rule and the index of its line.
pub fn find(lines: &[PageLine<'_>], anchor: usize) -> Option<(String, &'static str, usize)> {
    let to = (anchor + AFTER + 1).min(lines.len());
    let from = anchor.saturating_sub(BEFORE);
    let order = (anchor + 1..to).chain((from..anchor.min(lines.len())).rev());
    for i in order {
        let Some(l) = lines.get(i) else { continue };
        if let Some(found) = read_line(lines, i, l.text) {
            return Some(found);
        }
    }
    None
}

/// The rules of [`rule`] on line `i`.
fn read_line(
    lines: &[PageLine<'_>],
    i: usize,
    text: &str,
) -> Option<(String, &'static str, usize)> {
    let lower = text.to_lowercase();
    if is_label(text) {
        let next = lines.get(i + 1)?;
        return name_like(next.text)
            .filter(|n| n.split_whitespace().count() <= 5)
            .map(|n| (n, rule::LABELLED, i + 1));
    }
    for label in ["author:", "author", "written by:", "written by"] {
        if let Some(rest) = lower.strip_prefix(label) {
            let rest = text.get(text.len() - rest.len()..)?.trim();
            if let Some(n) = bare_name(rest) {
                return Some((n, rule::LABELLED, i));
            }
        }
    }
    for prefix in PORTRAIT_PREFIXES {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let rest = text.get(text.len() - rest.len()..)?.trim();
            if let Some(n) = bare_name(rest).or_else(|| doubled(rest)) {
                return Some((n, rule::PORTRAIT, i));
            }
        }
    }
    if let Some((at, _)) = find_date(text) {
        let head = text
            .get(..at)?
            .trim()
            .trim_end_matches(['-', '–', '|', '·']);
        if let Some(n) = bare_name(head.trim()) {
            return Some((n, rule::BEFORE_DATE, i));
        }
    }
    let name = bare_name(text).or_else(|| doubled(text))?;
    let beside = [i.checked_sub(1), Some(i + 1), Some(i + 2)]
        .into_iter()
        .flatten()
        .filter_map(|j| lines.get(j))
        .any(|o| is_cue(o.text));
    beside.then_some((name, rule::BESIDE_CUE, i))
}

/// A name printed twice on one line, as a portrait's alt text and its caption
/// run together: "Adam Hamilton Adam Hamilton" → "Adam Hamilton".
fn doubled(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let half = words.len() / 2;
    if !words.len().is_multiple_of(2) || half == 0 || words[..half] != words[half..] {
        return None;
    }
    bare_name(&words[..half].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(texts: &[&'static str]) -> Vec<PageLine<'static>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| PageLine {
                text: t,
                line: i + 1,
            })
            .collect()
    }

    fn found(texts: &[&'static str]) -> Option<(String, &'static str)> {
        find(&page(texts), 0).map(|(n, r, _)| (n, r))
    }

    #[test]
    fn a_name_after_a_label_line() {
        assert_eq!(
            found(&[
                "Pruning Roses In Late Winter",
                "Written by",
                "Odile Farquharson",
                "Table of contents"
            ]),
            Some(("Odile Farquharson".into(), rule::LABELLED))
        );
        assert_eq!(
            found(&["Pruning Roses In Late Winter", "Author: Odile Farquharson"]),
            Some(("Odile Farquharson".into(), rule::LABELLED))
        );
    }

    #[test]
    fn a_name_beside_a_date_reading_time_or_role() {
        assert_eq!(
            found(&[
                "Pruning Roses In Late Winter",
                "Odile Farquharson",
                "7 min read"
            ]),
            Some(("Odile Farquharson".into(), rule::BESIDE_CUE))
        );
        assert_eq!(
            found(&["Pruning Roses", "Odile Farquharson", "Senior Garden Writer"]),
            Some(("Odile Farquharson".into(), rule::BESIDE_CUE))
        );
        assert_eq!(
            found(&["Pruning Roses", "Odile Farquharson February 3, 2025"]),
            Some(("Odile Farquharson".into(), rule::BEFORE_DATE))
        );
        assert_eq!(
            found(&["Pruning Roses", "Picture of Odile Farquharson"]),
            Some(("Odile Farquharson".into(), rule::PORTRAIT))
        );
    }

    #[test]
    fn menus_and_headings_are_not_names() {
        // No cue beside the short Title Case lines.
        assert_eq!(
            found(&["Pruning Roses", "Smart Home", "Garden Tools"]),
            None
        );
        // A cue, but the line is a heading with function words.
        assert_eq!(
            found(&["Pruning Roses", "Table of Contents", "7 min read"]),
            None
        );
        assert_eq!(found(&["Pruning Roses", "Updated February 3, 2025"]), None);
        assert_eq!(
            found(&["Pruning Roses", "NEWS PROVIDED BY", "Feb 04, 2025"]),
            None
        );
    }
}
