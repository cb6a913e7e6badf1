//! One page through the pure stages: decode → normalize → extract.
//!
//! [`process`] is what `extract` prints and what `ingest` stores, so the two can
//! never disagree.

use serde::Serialize;

use crate::decode::{decode, DecodeError};
use crate::extract::{figures::extract_figures_in, quotes::extract_quotes};
use crate::model::{Article, Figure, Quote};
use crate::normalize::template::{self, TemplateSet, Undo};
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
    /// What template removal did, so the writer can redo it ([`retemplate`]).
    #[serde(skip)]
    pub templating: Undo,
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
    extract(normalize(text, options), encoding, Undo::default())
}

/// Extracts quotes and figures from the (templated) article.
fn extract(article: Article, encoding: &'static str, templating: Undo) -> Extracted {
    let quotes = extract_quotes(&article.body);
    let figures = extract_figures_in(&article.body, &article.language);
    Extracted {
        article,
        quotes,
        figures,
        encoding,
        templating,
    }
}

/// `x` with its template lines decided again, by `is_template` (a line hash of its
/// publisher's), from the body as normalized: None when that removes the same
/// paragraphs as before, else the article templated and extracted anew.
pub fn retemplate(x: &Extracted, is_template: impl Fn(i64) -> bool) -> Option<Extracted> {
    let undo = &x.templating;
    if !undo.applies {
        return None;
    }
    let body = undo.original_body(&x.article.body);
    let (at, found) = template::hits(&body, is_template);
    if at == undo.removed_indices() {
        return None;
    }
    let mut article = x.article.clone();
    article.body = body;
    article
        .removed
        .retain(|r| r.reason != crate::model::Reason::Template);
    let mut fresh = Undo {
        applies: true,
        templates: found,
        removed_at: Vec::new(),
        lines: undo.lines.clone(),
    };
    template::remove(&mut article, &at, &mut fresh);
    Some(extract(article, x.encoding, fresh))
}

/// A page decoded and normalized, before the learned templates are applied: the
/// part of what `ingest` stores that does not depend on what is stored, so it can
/// be done ahead of time. The decoded page itself is not kept (only the line each
/// paragraph stands on, in [`Undo`]): a staged batch holds articles, not pages.
#[derive(Debug)]
pub struct NormalizedPage {
    encoding: &'static str,
    article: Article,
    templating: Undo,
}

/// Decodes and normalizes a file's bytes; [`NormalizedPage::finish`] does the rest.
pub fn normalize_page(
    bytes: &[u8],
    options: &NormalizeOptions,
) -> Result<NormalizedPage, DecodeError> {
    let decoded = decode(bytes)?;
    let mut article = normalize(&decoded.text, options);
    article.warnings.splice(0..0, decoded.warnings);
    let templating = Undo::of(&article, &decoded.text, options.assume_clean);
    Ok(NormalizedPage {
        article,
        encoding: decoded.encoding,
        templating,
    })
}

impl NormalizedPage {
    /// Removes the publisher's learned template lines (not for `--assume-clean`
    /// input), then extracts.
    pub fn finish(self, templates: &TemplateSet) -> Extracted {
        let mut article = self.article;
        let mut undo = self.templating;
        if undo.applies && !templates.is_empty() {
            template::apply_with(&mut article, templates, &mut undo);
        }
        extract(article, self.encoding, undo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reason;

    const PAGE: &str = "Valley Herald\n\nCouncil approves the bridge\n\n\
        The council met on Monday to discuss the new bridge over the river.\n\n\
        Members voted 7 to 2 in favour of the plan after a long debate.\n\n\
        Work is expected to begin in the spring and last for two years.\n\n\
        Residents asked the council to keep the old ferry running until then.\n\n\
        The engineer said the bridge would carry 4,000 cars a day.\n\n\
        Follow the Valley Herald for more news from the valley.\n\n\
        The Valley Herald is an independent newspaper since 1921.\n";

    fn learned(lines: &[&str]) -> TemplateSet {
        TemplateSet::from_pairs(
            lines
                .iter()
                .map(|l| ("valley herald".to_owned(), template::line_hash(l))),
        )
    }

    #[test]
    fn retemplating_gives_what_templating_from_scratch_gives() {
        let page = normalize_page(PAGE.as_bytes(), &NormalizeOptions::default()).expect("text");
        let body = page.article.body.clone();
        assert_eq!(body.len(), 7, "{body:?}");
        let signoff = body[body.len() - 1].as_str();
        let follow = body[body.len() - 2].as_str();
        let engineer = body[body.len() - 3].as_str();
        let fresh = |set: &TemplateSet| {
            normalize_page(PAGE.as_bytes(), &NormalizeOptions::default())
                .expect("text")
                .finish(set)
        };
        let one = fresh(&learned(&[signoff]));
        assert_eq!(one.article.body.len(), body.len() - 1);
        assert_eq!(
            one.article.removed.last().map(|r| r.reason),
            Some(Reason::Template)
        );
        // The same lines: nothing to redo.
        let same = learned(&[signoff]);
        assert!(retemplate(&one, |h| same.contains("valley herald", h)).is_none());
        // One more line: the article is templated again from its normalized body,
        // exactly as if both lines had been known when it was prepared.
        let two = learned(&[signoff, follow]);
        let redone = retemplate(&one, |h| two.contains("valley herald", h)).expect("redone");
        assert_eq!(redone, fresh(&two));
        assert_eq!(redone.article.body.len(), body.len() - 2);
        // Past the share a page may lose, every line comes back.
        let three = learned(&[signoff, follow, engineer]);
        let back = retemplate(&redone, |h| three.contains("valley herald", h)).expect("back");
        assert_eq!(back, fresh(&three));
        assert_eq!(back.article.body, body);
        assert!(back.figures.iter().any(|f| f.value == Some(4000.0)));
    }
}
