//! Headline and outlet-name rules shared by both front ends: splitting a site
//! name off a page title ("Bridge reopens | The Courant"), the masthead line,
//! and the outlet named in a copyright line ("© 2025 Kessling Courant BV").

use std::sync::LazyLock;

use regex::Regex;

/// Separators between a headline and a site name in a page title.
/// Example: "Bridge reopens | The Courant".
pub const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " ‹ ", " › ",
];

/// Lowercase alphanumeric key for comparing a block with the title or dek.
pub fn match_key(s: &str) -> String {
    key_chars(s).collect()
}

/// The chars of [`match_key`].
pub fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .take(400)
}

/// `match_key(text) == key`, stopping at the first difference.
pub fn key_matches(text: &str, key: &str) -> bool {
    key_chars(text).eq(key.chars())
}

/// Splits a site name off a page title: " | Site" at the end (or "Site | " at
/// the start when it is the known publisher). Returns the headline and the
/// site name cut off, if any.
pub fn strip_site(title: &str, publisher: Option<&str>) -> (String, Option<String>) {
    let title = title.trim();
    let pub_key = publisher.map(match_key).unwrap_or_default();
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_key = match_key(tail);
            let named = !pub_key.is_empty() && (tail_key == pub_key || tail_key.contains(&pub_key));
            let short =
                tail.split_whitespace().count() <= 4 && head.chars().count() > tail.chars().count();
            if named || short {
                return (head.trim().to_owned(), Some(tail.trim().to_owned()));
            }
        }
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            if !pub_key.is_empty() && match_key(head) == pub_key {
                return (tail.trim().to_owned(), Some(head.trim().to_owned()));
            }
        }
    }
    (title.to_owned(), None)
}

/// The outlet name from a masthead line ("BSN | Bayside Sports Network").
pub fn masthead(text: &str) -> String {
    let part = text
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .max_by_key(|p| p.chars().count())
        .unwrap_or(text);
    part.to_owned()
}

/// "© 2025 Kessling Courant BV. All rights reserved." → "Kessling Courant BV".
static COPYRIGHT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?(\p{Lu}[^.|,©]{1,60}?)\s*(?:[.|,]|all rights|todos os direitos|tous droits|alle rechte|$)").expect("static regex")
});

/// The outlet named by a copyright line or a "X's mission is" line.
pub fn from_footer_line(line: &str) -> Option<String> {
    if let Some(i) = line
        .find("'s mission is")
        .or_else(|| line.find("’s mission is"))
    {
        let name = line[..i].trim();
        return (1..=4)
            .contains(&name.split_whitespace().count())
            .then(|| name.to_owned());
    }
    if line.chars().count() > 160 {
        return None;
    }
    let c = COPYRIGHT_RE.captures(line.trim())?;
    let name = c.get(1)?.as_str().trim();
    let words = name.split_whitespace().count();
    ((1..=6).contains(&words) && !name.to_lowercase().starts_with("all rights"))
        .then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        LazyLock::force(&COPYRIGHT_RE);
    }

    #[test]
    fn site_names() {
        assert_eq!(
            strip_site("Bridge reopens after repairs | The Courant", None),
            (
                "Bridge reopens after repairs".into(),
                Some("The Courant".into())
            )
        );
        assert_eq!(
            strip_site("The Courant - Bridge reopens", Some("The Courant")).0,
            "Bridge reopens"
        );
        assert_eq!(strip_site("Bridge reopens", None).1, None);
        assert_eq!(
            masthead("BSN | Bayside Sports Network"),
            "Bayside Sports Network"
        );
    }

    #[test]
    fn footers() {
        assert_eq!(
            from_footer_line("© 2025 Kessling Courant BV. All rights reserved.").as_deref(),
            Some("Kessling Courant BV")
        );
        assert_eq!(
            from_footer_line("Copyright 2019-2025 The Valley Ledger | Privacy").as_deref(),
            Some("The Valley Ledger")
        );
        assert_eq!(
            from_footer_line("The Ledger's mission is to inform.").as_deref(),
            Some("The Ledger")
        );
        assert_eq!(from_footer_line("The council met on Tuesday."), None);
    }
}
