//! Metadata from the visible page, for both front ends: the lines around the
//! headline give the byline and the date, the last lines the outlet's name.
//! The HTML front end hands its text blocks in page order, the text front end
//! its lines; each rule below is named so `extract --explain` can say which
//! one gave a value.

use super::{byline, dates, title};
use crate::model::{Article, MetaSource};

/// Lines above the headline read for a byline or date.
const BEFORE: usize = 6;
/// Lines below the headline read for a byline or date.
const AFTER: usize = 12;
/// Last lines of the page read for a copyright line.
const FOOTER_LINES: usize = 40;
/// Longest line (in words) read as a byline or dateline.
const MAX_WORDS: usize = 24;

/// Rule names, each with an example of the line it reads.
pub mod rule {
    /// "By Jane Roe and John Doe | Courts reporter".
    pub const BYLINE_LINE: &str = "byline line";
    /// "Published 3 March 2025" or "Mar 3, 2025 · 4 min read".
    pub const DATELINE: &str = "dateline";
    /// "Updated August 14, 2025", when the page shows no other date.
    pub const REVISION_DATE: &str = "revision dateline";
    /// "Posted on March 3, 2025" just after the article's last paragraph.
    pub const DATELINE_AFTER_BODY: &str = "dateline after the body";
    /// "© 2025 Kessling Courant BV. All rights reserved."
    pub const COPYRIGHT: &str = "copyright line";
    /// "Bridge reopens | The Courant" as the page title.
    pub const TITLE_SUFFIX: &str = "title suffix";
    /// "THE VALLEY LEDGER" above the headline.
    pub const MASTHEAD: &str = "masthead";
    /// "Bridge reopens after a year of repairs" just above the body.
    pub const HEADLINE: &str = "headline above the body";
    /// "Mirela Santos and Tobiah Crane" beside a dateline.
    pub const NAME_LINE: &str = "name line beside a dateline";
    /// The name the site's furniture repeats: "About The Courant", "Search
    /// The Courant", "The Courant Store", "© 2025 The Courant".
    pub const SITE_NAME: &str = "site name in the page furniture";
}

/// Furniture lines that name the site, as (prefix, suffix) around the name,
/// each with an example: the name is what is left between them.
const SITE_FRAMES: &[(&str, &str)] = &[
    ("about ", ""),             // "About The Courant"
    ("search ", ""),            // "Search The Courant"
    ("follow ", ""),            // "Follow The Courant"
    ("contact ", ""),           // "Contact The Courant"
    ("why you can trust ", ""), // "Why you can trust The Courant"
    ("", " store"),             // "The Courant Store"
    ("", " logo"),              // "The Courant logo"
    ("", " newsletter"),        // "The Courant newsletter"
    ("", " newsletters"),       // "The Courant Newsletters"
    ("", " app"),               // "The Courant App"
    ("", " archives"),          // "The Courant Archives"
    ("", " worldwide"),         // "The Courant Worldwide"
];

/// Words a frame leaves that are not a name ("About Us", "Contact Email").
const NOT_NAMES: &[&str] = &[
    "us",
    "me",
    "email",
    "our team",
    "the author",
    "the team",
    "this site",
];

/// Weight of a copyright line's name against one furniture frame.
const COPYRIGHT_WEIGHT: usize = 2;
/// Weight a name needs (a copyright line alone, or three frames) to be
/// trusted over a masthead guess.
const SITE_MIN_WEIGHT: usize = 3;
/// Longest furniture line read, in words.
const SITE_MAX_WORDS: usize = 7;

/// The site's name from the furniture of the whole page: copyright lines and
/// the frames of [`SITE_FRAMES`], summed per name (ignoring case and
/// punctuation), plus one per line that is the name alone. Returns the name and
/// the input line of its first mention when it weighs at least
/// [`SITE_MIN_WEIGHT`].
pub fn site_name(lines: &[PageLine<'_>]) -> Option<(String, usize)> {
    // key -> (weight, display form, first line)
    let mut found: Vec<(String, usize, String, usize)> = Vec::new();
    let mut add = |name: &str, weight: usize, line: usize| {
        let name = name.trim().trim_end_matches(['!', ':', '.']).trim();
        let words = name.split_whitespace().count();
        let not_name = NOT_NAMES.iter().any(|n| name.eq_ignore_ascii_case(n));
        if not_name || !(1..=4).contains(&words) || !name.starts_with(|c: char| c.is_alphanumeric())
        {
            return;
        }
        let key = title::match_key(name);
        match found.iter_mut().find(|f| f.0 == key) {
            Some(f) => f.1 += weight,
            None => found.push((key, weight, name.to_owned(), line)),
        }
    };
    for l in lines {
        let words = words(l.text);
        if let Some(name) = title::from_footer_line(l.text) {
            let name = name.split(" / ").next().unwrap_or(&name);
            add(name, COPYRIGHT_WEIGHT, l.line);
            continue;
        }
        if words > SITE_MAX_WORDS {
            continue;
        }
        let lower = l.text.to_lowercase();
        for (pre, suf) in SITE_FRAMES {
            if lower.len() <= pre.len() + suf.len()
                || !lower.starts_with(pre)
                || !lower.ends_with(suf)
            {
                continue;
            }
            if let Some(name) = l.text.get(pre.len()..l.text.len() - suf.len()) {
                add(name, 1, l.line);
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    // A line that is the name alone counts once more.
    for l in lines.iter().filter(|l| words(l.text) <= 4) {
        let key = title::match_key(l.text);
        if let Some(f) = found.iter_mut().find(|f| f.0 == key) {
            f.1 += 1;
            if l.text.chars().any(char::is_uppercase) {
                f.2 = l.text.to_owned();
            }
        }
    }
    found
        .into_iter()
        .filter(|f| f.1 >= SITE_MIN_WEIGHT)
        .max_by_key(|f| f.1)
        .map(|f| (f.2, f.3))
}

/// One visible line: its text and 1-based input line (0 when the input has no
/// line numbers, as for HTML).
#[derive(Debug, Clone, Copy)]
pub struct PageLine<'a> {
    /// The trimmed text.
    pub text: &'a str,
    /// 1-based input line, or 0.
    pub line: usize,
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Fills the byline and date the article lacks from the lines around
/// `anchor` (the headline's index in `lines`), and the publisher from a
/// copyright line near the end.
pub fn fill(article: &mut Article, lines: &[PageLine<'_>], anchor: usize) {
    let from = anchor.saturating_sub(BEFORE);
    let to = (anchor + AFTER + 1).min(lines.len());
    // Nearest lines first: below the headline, then above it.
    let order = (anchor..to).chain((from..anchor.min(lines.len())).rev());
    let mut revision: Option<(String, usize)> = None;
    for i in order {
        let Some(l) = lines.get(i) else { continue };
        if words(l.text) > MAX_WORDS {
            continue;
        }
        let date = dates::publication_date(l.text);
        if article.byline.is_none() {
            if let Some(name) = byline::from_line(l.text, date.is_some()) {
                article.byline = Some(name);
                article.sources.byline = Some(MetaSource::Rule {
                    rule: rule::BYLINE_LINE,
                    line: l.line,
                });
            }
        }
        if article.published.is_none() {
            if let Some((d, _)) = date {
                article.published = Some(d);
                article.sources.published = Some(MetaSource::Rule {
                    rule: rule::DATELINE,
                    line: l.line,
                });
            } else if revision.is_none() {
                revision = dates::find_date(l.text)
                    .filter(|_| dates::is_revision(l.text))
                    .map(|(_, d)| (d, l.line));
            }
        }
        if article.byline.is_some() && article.published.is_some() {
            break;
        }
    }
    if let (None, Some((d, line))) = (&article.published, revision) {
        article.published = Some(d);
        article.sources.published = Some(MetaSource::Rule {
            rule: rule::REVISION_DATE,
            line,
        });
    }
    if article.publisher.is_none() {
        fill_publisher_from_footer(article, lines);
    }
}

/// The outlet named in a copyright line among the last lines.
fn fill_publisher_from_footer(article: &mut Article, lines: &[PageLine<'_>]) {
    let found = lines
        .iter()
        .rev()
        .take(FOOTER_LINES)
        .find_map(|l| title::from_footer_line(l.text).map(|p| (p, l.line)));
    if let Some((p, line)) = found {
        article.publisher = Some(p);
        article.sources.publisher = Some(MetaSource::Rule {
            rule: rule::COPYRIGHT,
            line,
        });
    }
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

    #[test]
    fn reads_byline_date_and_copyright_around_the_headline() {
        let lines = page(&[
            "Menu",
            "Bridge reopens after a year of repairs",
            "By Mirela Santos and Tobiah Crane",
            "Published 3 March 2025",
            "The bridge over the Calder reopened on Monday after twelve months of work.",
            "© 2025 Valley Ledger Media. All rights reserved.",
        ]);
        let mut a = Article::default();
        fill(&mut a, &lines, 1);
        assert_eq!(a.byline.as_deref(), Some("Mirela Santos and Tobiah Crane"));
        assert_eq!(a.published.as_deref(), Some("2025-03-03"));
        assert_eq!(a.publisher.as_deref(), Some("Valley Ledger Media"));
        assert_eq!(
            a.sources.published,
            Some(MetaSource::Rule {
                rule: rule::DATELINE,
                line: 4
            })
        );
    }

    #[test]
    fn the_site_name_the_furniture_repeats() {
        let lines = page(&[
            "Valley Ledger",
            "Search Valley Ledger",
            "Bridge reopens after a year of repairs",
            "About Us",
            "About Valley Ledger",
            "Copyright © 2025 Ledger Media Group. All rights reserved.",
        ]);
        // The name alone, two frames: weight 3; the copyright owner: 2.
        assert_eq!(site_name(&lines), Some(("Valley Ledger".into(), 2)));
        // One frame is not enough.
        assert_eq!(
            site_name(&page(&["About Us", "Search Valley Ledger"])),
            None
        );
    }

    #[test]
    fn a_revision_date_only_when_there_is_no_other() {
        let lines = page(&["Bridge reopens", "Updated August 14, 2025", "Text."]);
        let mut a = Article::default();
        fill(&mut a, &lines, 0);
        assert_eq!(a.published.as_deref(), Some("2025-08-14"));
        let lines = page(&[
            "Bridge reopens",
            "Updated August 14, 2025",
            "August 2, 2025",
        ]);
        let mut a = Article::default();
        fill(&mut a, &lines, 0);
        assert_eq!(a.published.as_deref(), Some("2025-08-02"));
    }
}
