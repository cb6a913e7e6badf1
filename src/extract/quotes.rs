//! Quotes: direct and partial quotes with speaker, role and cue.

use crate::model::Quote;

/// Finds the quotes in the body paragraphs.
pub fn extract_quotes(body: &[String]) -> Vec<Quote> {
    let _ = body;
    Vec::new()
}
