//! The one byline reader: writer names from a visible line ("By Jane Roe and
//! John Doe | Courts reporter") and from a machine field (`<meta name=author>`,
//! JSON-LD `author`), for both front ends.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::find_date;

/// Words that introduce a writer's name, in the languages we read.
/// Example: "Por Ana Lima" → "Ana Lima".
const BY_WORDS: &[&str] = &["by", "por", "von", "par", "di", "de", "door", "av", "af"];

/// Where a name list ends on a byline line. Example: "By X | Courts reporter" → "X".
const NAME_ENDS: &[&str] = &[
    " | ",
    " · ",
    " • ",
    " — ",
    " – ",
    " - ",
    "  ",
    "\t",
    " @",
    " on ",
    " em ",
    " el ",
    " updated",
    " published",
    " posted",
];

/// Values of an author field that name no person. Example: `content="admin"`.
const NOT_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "staff",
    "editor",
    "guest",
    "user",
    "unknown",
    "null",
    "none",
];

static BYLINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:(?:written|words|story|text|staff report|report|interview|reporting|photos? and words|posted|published)\s+)?(?:{})\s*:?\s+(\S.*)$",
        BY_WORDS.join("|")
    ))
    .expect("static regex")
});
static BY_INSIDE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bby:?\s+(\S.*)$").expect("static regex"));

/// The writer's name(s) from a byline line ("By X | Courts reporter" → "X").
/// `dated` allows "Posted on 9 Nov 2024 by X" forms.
pub fn from_line(line: &str, dated: bool) -> Option<String> {
    if line.chars().count() > 160 {
        return None;
    }
    let early_by = line.split_whitespace().take(4).any(|w| {
        let w = w.trim_end_matches(':');
        BY_WORDS.iter().any(|b| w.eq_ignore_ascii_case(b))
    });
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
    let lower = rest.to_lowercase();
    let cut = NAME_ENDS
        .iter()
        .filter_map(|sep| lower.find(sep))
        .chain(find_date(rest).map(|(at, _)| at))
        .min()
        .unwrap_or(rest.len());
    let name = rest
        .get(..cut)
        .unwrap_or(rest)
        .trim()
        .trim_end_matches([',', ';', '.', '|', '-', ':'])
        .trim();
    let words = name.split_whitespace().count();
    let first = name.chars().next();
    let starts_well =
        first.is_some_and(char::is_uppercase) || dated && first.is_some_and(char::is_alphabetic);
    (starts_well && (1..=12).contains(&words) && find_date(name).is_none()).then(|| name.to_owned())
}

/// A writer name from a machine field: "By Jane Roe" → "Jane Roe"; None for
/// links, handles and placeholders ("admin").
pub fn from_field(value: &str) -> Option<String> {
    let v = value.trim();
    if v.contains("://") || v.starts_with('@') || v.chars().count() >= 120 {
        return None;
    }
    let v = from_line(v, false).unwrap_or_else(|| v.to_owned());
    let lower = v.to_lowercase();
    if v.is_empty() || NOT_NAMES.contains(&lower.as_str()) || !v.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        LazyLock::force(&BYLINE_RE);
        LazyLock::force(&BY_INSIDE_RE);
    }

    #[test]
    fn lines() {
        assert_eq!(
            from_line("By Ambrose Lorne-Whitacre | Courts reporter", false).as_deref(),
            Some("Ambrose Lorne-Whitacre")
        );
        assert_eq!(
            from_line("Words by Felix Adeyemi-Strand · Photographs by Oda", false).as_deref(),
            Some("Felix Adeyemi-Strand")
        );
        assert_eq!(
            from_line("Posted on 9 November 2024 by hsalo — 14 Comments", true).as_deref(),
            Some("hsalo")
        );
        assert_eq!(
            from_line("By Mirela Santos and Tobiah Crane March 3, 2025", false).as_deref(),
            Some("Mirela Santos and Tobiah Crane")
        );
        assert_eq!(
            from_line("Por Ana Lima", false).as_deref(),
            Some("Ana Lima")
        );
        assert_eq!(from_line("Bystanders ran", false), None);
        assert_eq!(from_line("By 2025 the plan will be done", false), None);
        assert_eq!(from_line("De acordo com a polícia", false), None);
    }

    #[test]
    fn fields() {
        assert_eq!(from_field("By Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(from_field("Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(from_field("https://example.org/jane"), None);
        assert_eq!(from_field("@janeroe"), None);
        assert_eq!(from_field("admin"), None);
    }
}
