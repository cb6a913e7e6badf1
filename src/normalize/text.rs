//! Plain-text page dumps: one block per line, blank lines between blocks.

use super::trim_line;
use crate::model::{Article, Reason, Removed};

/// Splits a text page into body and removed lines (placeholder classifier).
pub fn normalize_text(text: &str) -> Article {
    let mut article = Article {
        language: "en".to_owned(),
        ..Article::default()
    };
    for (i, line) in text.lines().enumerate() {
        let line = trim_line(line);
        if line.is_empty() {
            continue;
        }
        if article.title.is_none() {
            article.title = Some(line.to_owned());
            article.removed.push(Removed {
                line: i + 1,
                text: line.to_owned(),
                reason: Reason::Title,
            });
        } else {
            article.body.push(line.to_owned());
        }
    }
    article
}
