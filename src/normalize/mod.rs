//! Page → [`Article`]: metadata, clean body paragraphs, images, and every removed
//! line with its reason. Pure: no I/O.
//!
//! [`normalize`] is the entry point; `text.rs` handles plain-text page dumps and
//! `html.rs` HTML pages (detected by [`html::looks_like_html`]).

use crate::model::Article;

pub mod budget;
pub mod cruft;
pub mod features;
pub mod html;
mod html_byline;
mod html_rules;
mod html_title;
pub mod meta;
pub mod metadata;
pub mod template;
pub mod text;
mod text_byline;

/// How to read the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// The input is already article text: every non-empty line is a body paragraph.
    pub assume_clean: bool,
}

/// Turns a decoded page into an article. HTML is parsed within the budgets of
/// [`budget`]; other pages past [`budget::TEXT_BUDGET`] are cut at a line break,
/// with a warning.
pub fn normalize(text: &str, options: &NormalizeOptions) -> Article {
    if !options.assume_clean && html::looks_like_html(text) {
        return html::normalize_html(text);
    }
    let (text, cut) = budget::cut_text(text);
    let mut article = if options.assume_clean {
        clean_article(text)
    } else {
        text::normalize_text(text)
    };
    article.warnings.extend(cut);
    article
}

/// Every non-empty line, trimmed, is a body paragraph.
fn clean_article(text: &str) -> Article {
    let body: Vec<String> = text
        .lines()
        .map(trim_line)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    Article {
        language: "en".to_owned(),
        body,
        ..Article::default()
    }
}

/// Trims ASCII and Unicode whitespace, including NBSP, from both ends.
pub fn trim_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}')
}
