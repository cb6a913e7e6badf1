//! One page through the pure stages: decode → normalize → extract.
//!
//! [`process`] is what `extract` prints and what `ingest` stores, so the two can
//! never disagree.

use serde::Serialize;

use crate::decode::{decode, DecodeError};
use crate::extract::{figures::extract_figures_in, quotes::extract_quotes};
use crate::model::{Article, Figure, Quote};
use crate::normalize::template::{self, TemplateSet};
use crate::normalize::{normalize, NormalizeOptions};

/// Everything the pipeline learns from one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    /// The normalized article.
    #[serde(flatten)]
    pub article: Article,
    /// Quotes found in the body.
    pub quotes: Vec<Quote>,
    /// Figures found in the body.
    pub figures: Vec<Figure>,
    /// The encoding the bytes were read in.
    #[serde(skip)]
    pub encoding: &'static str,
}

/// Runs decode, normalize and extract over a file's bytes.
pub fn process(bytes: &[u8], options: &NormalizeOptions) -> Result<Extracted, DecodeError> {
    let decoded = decode(bytes)?;
    let mut x = process_text(&decoded.text, decoded.encoding, options);
    x.article.warnings.splice(0..0, decoded.warnings);
    Ok(x)
}

/// Runs normalize and extract over decoded text (no learned templates: those are
/// the store's, and only `ingest` applies them).
pub fn process_text(text: &str, encoding: &'static str, options: &NormalizeOptions) -> Extracted {
    let article = normalize(text, options);
    finish(
        article,
        text,
        encoding,
        options.assume_clean,
        &TemplateSet::default(),
    )
}

/// Removes the publisher's learned template lines from `article` (not for
/// `--assume-clean` input), then extracts; `page` is the decoded page it came from.
fn finish(
    mut article: Article,
    page: &str,
    encoding: &'static str,
    assume_clean: bool,
    templates: &TemplateSet,
) -> Extracted {
    if !assume_clean && !templates.is_empty() {
        template::apply(&mut article, templates, page);
    }
    let quotes = extract_quotes(&article.body);
    let figures = extract_figures_in(&article.body, &article.language);
    Extracted {
        article,
        quotes,
        figures,
        encoding,
    }
}

/// A page decoded and normalized, before the learned templates are applied: the
/// part of what `ingest` stores that does not depend on what is stored, so it can
/// be done ahead of time.
#[derive(Debug)]
pub struct NormalizedPage {
    /// The decoded page (template removal numbers the lines it removes from it).
    page: String,
    encoding: &'static str,
    assume_clean: bool,
    article: Article,
}

/// Decodes and normalizes a file's bytes; [`NormalizedPage::finish`] does the rest.
pub fn normalize_page(
    bytes: &[u8],
    options: &NormalizeOptions,
) -> Result<NormalizedPage, DecodeError> {
    let decoded = decode(bytes)?;
    let mut article = normalize(&decoded.text, options);
    article.warnings.splice(0..0, decoded.warnings);
    Ok(NormalizedPage {
        article,
        page: decoded.text,
        encoding: decoded.encoding,
        assume_clean: options.assume_clean,
    })
}

impl NormalizedPage {
    /// Removes the publisher's learned template lines (not for `--assume-clean`
    /// input), then extracts.
    pub fn finish(self, templates: &TemplateSet) -> Extracted {
        finish(
            self.article,
            &self.page,
            self.encoding,
            self.assume_clean,
            templates,
        )
    }
}
