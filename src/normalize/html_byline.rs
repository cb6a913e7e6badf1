//! Writer names from the visible HTML page, for when the page's machine fields
//! (JSON-LD, `<meta>`) name nobody or only the outlet. The HTML walk marks
//! author elements by their class, `itemprop` or `rel` (`class="author-name"`,
//! `itemprop="author"`, `rel="author"`); this module decides which of their
//! blocks is a name, reads a name that follows a byline label ("Written by" /
//! "Edzel Tabing" as two blocks), and picks the candidate nearest the headline.
//! Each rule is named here so `extract --explain` can say which one gave the
//! byline.

use super::metadata::{byline, dates, title::match_key};

/// Rule names, each with an example of what it reads.
pub mod rule {
    /// `<span class="author-name">Jane Roe</span>` or `itemprop="author"`.
    pub const AUTHOR_ELEMENT: &str = "author element";
    /// A "Written by" block, then a block "Jane Roe".
    pub const LABELLED_NAME: &str = "name after a byline label";
    /// "By Jane Roe | Courts reporter" as a block of its own.
    pub const BY_LINE: &str = "byline line";
    /// "Jane Roe" alone above the body, next to "March 3, 2025" or "7 min read".
    pub const NAME_BESIDE_DATELINE: &str = "name beside a dateline";
}

/// Words that make a short block a reading-time or date line, the row a
/// writer's bare name sits in. Example: "7 min read".
const DATELINE_WORDS: &[&str] = &["min read", "minute read", "minutes read", "mins read"];

/// Whether a short block is a date or reading-time line ("7 min read").
pub fn is_dateline_row(text: &str, chars: usize) -> bool {
    if chars > 40 {
        return false;
    }
    let lower = text.to_lowercase();
    DATELINE_WORDS.iter().any(|w| lower.contains(w)) || dates::find_date(text).is_some()
}

/// A bare block as a writer's name beside a dateline: stricter than
/// [`name_like`], as no label says it is one. Two to four words, none of them
/// a joining word. "Jane Roe" yes; "Blog", "Table of Contents" no.
pub fn bare_name(text: &str) -> Option<String> {
    let name = name_like(text)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let joined = words
        .iter()
        .any(|w| matches!(w.to_lowercase().as_str(), "of" | "and" | "&" | "the"));
    ((2..=4).contains(&words.len()) && !joined).then_some(name)
}

/// "ByJane Roe" (a "By" label and the name in two inline elements with no
/// space between) as "By Jane Roe"; other text as it is.
pub fn unglue_by(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('B'), Some('y'), Some(c)) if c.is_uppercase() => format!("By {}", &text[2..]).into(),
        _ => text.into(),
    }
}

/// Blocks that only label the name in the next block, compared lowercase with
/// a trailing ':' removed. Example: "Written by" then "Jane Roe".
pub const BYLINE_LABELS: &[&str] = &[
    "by",
    "author",
    "authors",
    "written by",
    "words by",
    "posted by",
    "published by",
    "story by",
    "reporting by",
    "text by",
    "article by",
    "autor",
    "autora",
    "auteur",
    "por",
    "von",
    "escrito por",
];

/// Words that show an author element's block is a link or a label, not a name
/// (compared lowercase). Example: "View all posts", "Follow on X".
const NOT_NAME_WORDS: &[&str] = &[
    "log",
    "login",
    "sign",
    "top",
    "share",
    "follow",
    "view",
    "posts",
    "post",
    "read",
    "comments",
    "comment",
    "subscribe",
    "email",
    "profile",
    "articles",
    "website",
    "twitter",
    "linkedin",
    "facebook",
    "instagram",
    "more",
    "about",
    "min",
    "minute",
    "minutes",
    "published",
    "updated",
    "posted",
    "written",
    "author",
    "authors",
    "reviewed",
    "edited",
    "fact",
    "checked",
    "contact",
    "bio",
    "see",
    "all",
    "writer",
    "contributor",
    "contributing",
    "editor",
    "reporter",
    "correspondent",
    "columnist",
    "journalist",
    "manager",
    "founder",
    "ceo",
    "specialist",
    "expert",
];

/// Lowercase words allowed inside a name. Example: "Erik van Vulpen".
const NAME_PARTICLES: &[&str] = &[
    "van", "der", "den", "de", "da", "das", "do", "dos", "di", "du", "la", "le", "von", "y", "e",
    "and", "&", "bin", "al", "el", "ter", "ten", "of",
];

/// Longest name block, in chars.
const MAX_NAME_CHARS: usize = 60;
/// Most words in a name block.
const MAX_NAME_WORDS: usize = 7;
/// Blocks before the headline searched for a byline.
pub const BEFORE_HEADLINE: usize = 12;
/// Blocks after the headline searched for a byline.
pub const AFTER_HEADLINE: usize = 40;

/// A writer's name read from one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the block.
    pub block: usize,
    /// The name as shown.
    pub name: String,
    /// Which rule of [`rule`] read it.
    pub rule: &'static str,
}

/// Whether a block only labels the name that follows ("Written by").
pub fn is_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').trim().to_lowercase();
    BYLINE_LABELS.contains(&t.as_str())
}

/// The block as a writer's name, if it reads like one: a few capitalised
/// words (name particles allowed), no digits, no sentence or link text.
/// "By Jane Roe" gives "Jane Roe" through the byline-line reader first.
pub fn name_like(text: &str) -> Option<String> {
    if let Some(n) = byline::from_line(text, false) {
        return Some(n);
    }
    let t = text
        .trim()
        .trim_matches(|c: char| c == ',' || c == '|' || c == '·' || c.is_whitespace());
    if t.is_empty() || t.chars().count() > MAX_NAME_CHARS || is_label(t) {
        return None;
    }
    if t.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '@' | '?' | '!' | ':' | '/' | '“' | '"' | '(' | '#')
    }) {
        return None;
    }
    // "Jane Roe, Staff Writer": the names end where a part is not one.
    let mut kept: Vec<&str> = Vec::new();
    for part in t.split([',', '|', '·', '•']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if !is_name(part) {
            break;
        }
        kept.push(part);
    }
    if kept.is_empty() || dates::find_date(t).is_some() {
        return None;
    }
    // A one-word handle ("admin.user") or a domain is not a name.
    let name = kept.join(", ");
    if !name.contains(' ') && name.contains(['.', '_']) {
        return None;
    }
    Some(name)
}

/// One part of a name list: at most [`MAX_NAME_WORDS`] words, each
/// capitalised or a name particle, none a label or job word.
fn is_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_NAME_WORDS {
        return false;
    }
    let mut capitalised = 0;
    for w in &words {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        if NOT_NAME_WORDS.contains(&lower.as_str()) {
            return false;
        }
        if bare.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        } else if !bare.is_empty() && !NAME_PARTICLES.contains(&lower.as_str()) {
            return false;
        }
    }
    // Initials on an avatar ("JR") are not a name.
    let initials = words.len() == 1 && part.chars().count() <= 3;
    capitalised > 0 && !initials
}

/// Whether a name from a machine field is the outlet itself ("Cleveland
/// Clinic" as author of a page published by "Cleveland Clinic"), so a person
/// named on the page is the better byline.
pub fn names_outlet(name: &str, outlets: &[&str]) -> bool {
    let key = match_key(name);
    !key.is_empty()
        && outlets.iter().any(|o| {
            let o = match_key(o);
            !o.is_empty() && (key == o || (o.len() >= 4 && key.contains(&o)) || o.contains(&key))
        })
}

/// The candidate nearest the headline block `anchor`: after it first (a
/// byline sits under the headline), then before it, within
/// [`AFTER_HEADLINE`] / [`BEFORE_HEADLINE`] blocks.
pub fn nearest(cands: &[Candidate], anchor: usize) -> Option<&Candidate> {
    cands
        .iter()
        .filter_map(|c| {
            let d = if c.block >= anchor {
                let d = c.block - anchor;
                (d <= AFTER_HEADLINE).then_some(d)
            } else {
                let d = anchor - c.block;
                (d <= BEFORE_HEADLINE).then_some(d * 3)
            };
            d.map(|d| (d, c))
        })
        .min_by_key(|(d, c)| (*d, c.block))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_by_label_and_dateline_rows() {
        assert_eq!(unglue_by("ByAna Ruiz"), "By Ana Ruiz");
        assert_eq!(unglue_by("ByteDance results"), "ByteDance results");
        assert_eq!(unglue_by("BYU wins"), "BYU wins");
        assert!(is_dateline_row("6 min read", 10));
        assert!(is_dateline_row("March 3, 2025", 13));
        assert!(!is_dateline_row("Subscribe now", 13));
        assert_eq!(bare_name("Ana Ruiz").as_deref(), Some("Ana Ruiz"));
        assert_eq!(bare_name("Contents"), None);
        assert_eq!(bare_name("Table of Contents"), None);
        assert_eq!(bare_name("Log In"), None);
        assert_eq!(bare_name("Top Agencies"), None);
    }

    #[test]
    fn names_and_not_names() {
        assert_eq!(
            name_like("Ottilie Branscombe").as_deref(),
            Some("Ottilie Branscombe")
        );
        assert_eq!(
            name_like("Erik van Vulpen").as_deref(),
            Some("Erik van Vulpen")
        );
        assert_eq!(
            name_like("By Ottilie Branscombe").as_deref(),
            Some("Ottilie Branscombe")
        );
        assert_eq!(
            name_like("Ottilie Branscombe,").as_deref(),
            Some("Ottilie Branscombe")
        );
        assert_eq!(name_like("View all posts"), None);
        assert_eq!(name_like("5 min read"), None);
        assert_eq!(name_like("March 3, 2025"), None);
        assert_eq!(name_like("the bridge reopened on Monday"), None);
        assert_eq!(name_like("page.head.author"), None);
        assert_eq!(name_like("Follow Ottilie"), None);
        assert_eq!(name_like("By"), None);
        assert_eq!(
            name_like("Ottilie Branscombe, Staff Writer").as_deref(),
            Some("Ottilie Branscombe")
        );
        assert_eq!(
            name_like("Ottilie Branscombe, Idris Kell").as_deref(),
            Some("Ottilie Branscombe, Idris Kell")
        );
        assert_eq!(name_like("Contributing Writer"), None);
        assert_eq!(name_like("OB"), None);
    }

    #[test]
    fn labels() {
        assert!(is_label("Written by"));
        assert!(is_label("Author:"));
        assert!(!is_label("Written by Jane Roe"));
    }

    #[test]
    fn outlet_names() {
        assert!(names_outlet("Harbour Clinic", &["Harbour Clinic"]));
        assert!(names_outlet("Paperfold.net", &["Paperfold"]));
        assert!(names_outlet("HomeFixer", &["Home Fixer"]));
        assert!(!names_outlet("Jane Roe", &["Harbour Clinic"]));
    }

    #[test]
    fn nearest_prefers_below_the_headline() {
        let c = |block, name: &str| Candidate {
            block,
            name: name.to_owned(),
            rule: rule::AUTHOR_ELEMENT,
        };
        let cands = [c(2, "Above Name"), c(14, "Below Name"), c(200, "Far Name")];
        assert_eq!(
            nearest(&cands, 10).map(|c| c.name.as_str()),
            Some("Below Name")
        );
        assert_eq!(nearest(&cands, 150), None);
    }
}
