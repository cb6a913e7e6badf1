//! Template learning, the pure half: lines that recur across many articles of one
//! publisher are boilerplate the classifier could not see from one page alone
//! ("The Daily Bugle is an independent newspaper…", a standing sign-off). The store
//! counts, per publisher, how many articles carried each body line
//! (`template_lines`); lines past [`MIN_ARTICLES`] form a [`TemplateSet`], and
//! [`apply`] moves such lines out of a new article's body with `Reason::Template`.
//!
//! Guards, so learning never guts a real article: only short paragraphs qualify
//! ([`MAX_CHARS`]: long recurring prose is syndicated copy, not furniture); and when
//! more than [`MAX_SHARE`] of a body would go, the page is taken to be a new version
//! of an article already seen (or a series sharing its text), and nothing is removed.

use std::collections::{HashMap, HashSet};

use crate::model::{Article, Reason, Removed};

/// A line is a template once this many distinct articles of the publisher had it.
pub const MIN_ARTICLES: i64 = 5;

/// Paragraphs longer than this (chars) are never treated as template lines.
pub const MAX_CHARS: usize = 300;

/// If more than this share of a body matches templates, nothing is removed.
pub const MAX_SHARE: f64 = 0.3;

/// Learned template lines: publisher key → line hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateSet {
    by_publisher: HashMap<String, HashSet<i64>>,
}

impl TemplateSet {
    /// Builds the set from (publisher key, line hash) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, i64)>) -> Self {
        let mut set = TemplateSet::default();
        set.extend(pairs);
        set
    }

    /// Adds pairs learned since the set was built.
    pub fn extend(&mut self, pairs: impl IntoIterator<Item = (String, i64)>) {
        for (p, h) in pairs {
            self.by_publisher.entry(p).or_default().insert(h);
        }
    }

    /// Whether nothing has been learned.
    pub fn is_empty(&self) -> bool {
        self.by_publisher.is_empty()
    }
}

/// The key a publisher's lines are counted under (case and spacing folded);
/// None when the page names no publisher (nothing is learned or applied then).
pub fn publisher_key(article: &Article) -> Option<String> {
    let p = article.publisher.as_deref()?;
    let key: String = p
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// Whether a body paragraph may be counted and removed as a template line.
pub fn eligible(paragraph: &str) -> bool {
    let n = paragraph.chars().count();
    (3..=MAX_CHARS).contains(&n)
}

/// A stable 64-bit hash of a line, with case and spacing folded.
pub fn line_hash(line: &str) -> i64 {
    // The words one space apart, lower-cased: one buffer, lower-cased in place when
    // ASCII (the same bytes `str::to_lowercase` gives; it runs for every eligible
    // paragraph of every article, twice when templates apply).
    let mut folded = String::with_capacity(line.len());
    for w in line.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(w);
    }
    if folded.is_ascii() {
        folded.make_ascii_lowercase();
    } else {
        folded = folded.to_lowercase();
    }
    let h = blake3::hash(folded.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.as_bytes()[..8]);
    i64::from_le_bytes(b)
}

/// Moves the article's learned template lines from the body into `removed`.
/// `page` is the decoded page, used to give each removed line its line number.
/// Returns how many paragraphs were removed.
pub fn apply(article: &mut Article, templates: &TemplateSet, page: &str) -> usize {
    let Some(known) = publisher_key(article).and_then(|k| templates.by_publisher.get(&k)) else {
        return 0;
    };
    let hits: Vec<bool> = article
        .body
        .iter()
        .map(|p| eligible(p) && known.contains(&line_hash(p)))
        .collect();
    let n = hits.iter().filter(|&&h| h).count();
    if n == 0 || n as f64 > MAX_SHARE * article.body.len() as f64 {
        return 0;
    }
    let mut kept = Vec::with_capacity(article.body.len() - n);
    for (p, hit) in std::mem::take(&mut article.body).into_iter().zip(hits) {
        if hit {
            let line = page
                .lines()
                .position(|l| super::trim_line(l) == p)
                .map_or(0, |i| i + 1);
            article.removed.push(Removed {
                line,
                text: p,
                reason: Reason::Template,
            });
        } else {
            kept.push(p);
        }
    }
    article.body = kept;
    article.removed.sort_by_key(|r| r.line);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(publisher: &str, body: &[&str]) -> Article {
        Article {
            publisher: Some(publisher.to_owned()),
            body: body.iter().map(|s| s.to_string()).collect(),
            ..Article::default()
        }
    }

    const SIGNOFF: &str =
        "The Valley Herald is an independent newspaper serving the valley since 1921.";

    fn body() -> Vec<&'static str> {
        vec![
            "The council met on Monday to discuss the new bridge over the river.",
            "Members voted 7 to 2 in favour of the plan after a long debate.",
            "Work is expected to begin in the spring and last for two years.",
            SIGNOFF,
        ]
    }

    #[test]
    fn a_learned_line_leaves_the_body_of_the_same_publisher_only() {
        let set = TemplateSet::from_pairs([("valley herald".to_owned(), line_hash(SIGNOFF))]);
        let page = format!("Title\n\n{}", body().join("\n\n"));
        let mut a = article("Valley  Herald", &body());
        assert_eq!(apply(&mut a, &set, &page), 1);
        assert_eq!(a.body.len(), 3);
        assert_eq!(a.removed[0].reason, Reason::Template);
        assert_eq!(a.removed[0].line, 9);
        let mut other = article("Another Paper", &body());
        assert_eq!(apply(&mut other, &set, &page), 0);
        assert_eq!(other.body.len(), 4);
    }

    #[test]
    fn a_page_made_mostly_of_known_lines_is_left_alone() {
        let b = body();
        let set = TemplateSet::from_pairs(
            b.iter()
                .take(2)
                .map(|p| ("valley herald".to_owned(), line_hash(p))),
        );
        let mut a = article("Valley Herald", &b);
        assert_eq!(apply(&mut a, &set, ""), 0);
        assert_eq!(a.body.len(), 4);
    }

    #[test]
    fn line_hash_folds_case_and_spacing_and_keeps_its_stored_values() {
        let reference = |line: &str| {
            let folded = line
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let h = blake3::hash(folded.as_bytes());
            i64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
        };
        for line in [
            SIGNOFF,
            "  Subscribe\tTO our   NEWSLETTER ",
            "ÉTÉ À PARIS: Ärger über Straßen",
            "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ",
            "",
        ] {
            assert_eq!(line_hash(line), reference(line), "{line:?}");
        }
        assert_eq!(
            line_hash("Follow us  on\u{a0}X"),
            line_hash("follow US on X"),
            "no-break space is spacing"
        );
        assert_ne!(line_hash("follow us"), line_hash("followus"));
    }

    #[test]
    fn long_paragraphs_are_never_templates() {
        let long = "word ".repeat(80);
        assert!(!eligible(&long));
        assert!(eligible(SIGNOFF));
    }
}
