//! Cross-source linking, as pure functions: which articles cover the same story,
//! which quotes are the same words carried by several outlets, which speaker names
//! are one person, and which figures about the same thing disagree.
//!
//! Nothing here does I/O or touches SQLite: [`linker::Linker`] runs the phases of
//! linking one article against a [`index::LinkIndex`] (candidate lookups and row
//! writes), which `store::link` implements over SQLite. Every threshold is a `const`
//! with the reason beside it, so the decisions can be read (and tuned) in one place.
//!
//! * [`text`]: tokens, 64-bit hashing, edit distance (shared helpers).
//! * [`minhash`]: body signatures (word 4-shingles, 64 MinHash values) and LSH band keys.
//! * [`quotes`]: quote normalisation, lookup keys and fuzzy similarity.
//! * [`speakers`]: when two spellings name the same person.
//! * [`figures`]: unit head nouns, comparability and disagreement.
//! * [`story`]: the story decision from candidate stories' evidence.
//! * [`index`]: the [`index::LinkIndex`] trait linking reads and writes through.
//! * [`linker`]: [`linker::Linker`], the phases that link one article (tested
//!   against `memory::MemoryIndex`, a [`index::LinkIndex`] over maps).

use crate::pipeline::Extracted;

pub mod figures;
pub mod index;
pub mod linker;
#[cfg(test)]
mod memory;
pub mod minhash;
pub mod quotes;
pub mod speakers;
pub mod story;
pub mod text;

/// Quotes of one article that are clustered, at most (bounds work on huge pages;
/// further quotes get no cluster).
pub const MAX_LINKED_QUOTES: usize = 512;

/// The pure part of linking one article, done on the worker pool so that the single
/// writer only looks up and stores: the body signature and, per quote (up to
/// [`MAX_LINKED_QUOTES`]), its shape and its speaker's name as linking reads it.
#[derive(Debug, Clone)]
pub struct LinkPrep {
    /// The body's MinHash signature.
    pub signature: minhash::Signature,
    /// Words in the body (as `articles.word_count` counts them):
    /// [`story::body_comparable`] decides whether the signature is compared.
    pub body_words: usize,
    /// One per quote, in the article's order.
    pub quotes: Vec<PreparedQuote>,
    /// [`figures::claim_key`] of each figure, in the article's order.
    pub figure_keys: Vec<Option<(figures::FigureKey, figures::Claim)>>,
}

/// One quote, ready for clustering.
#[derive(Debug, Clone)]
pub struct PreparedQuote {
    /// Its shape for fuzzy matching.
    pub shape: quotes::QuoteShape,
    /// [`quotes::QuoteShape::normalized`], computed once.
    pub normalized: String,
    /// Its speaker, when attributed.
    pub speaker: Option<speakers::SpeakerRef>,
    /// [`speakers::SpeakerRef::index_keys`] of that speaker.
    pub speaker_keys: Vec<String>,
    /// [`quotes::QuoteShape::is_evidence`]: whether it may join other articles' quotes.
    pub evidence: bool,
    /// [`quotes::QuoteShape::lookup_keys`] of its shape.
    keys: Vec<i64>,
}

// Stored keys are a prefix of the lookup keys.
const _: () = assert!(quotes::STORED_KEYS <= quotes::LOOKUP_KEYS);

impl PreparedQuote {
    /// The keys the quote looks clusters up by ([`quotes::QuoteShape::lookup_keys`]).
    pub fn lookup_keys(&self) -> &[i64] {
        &self.keys
    }

    /// The keys a cluster it starts stores ([`quotes::QuoteShape::stored_keys`]): the
    /// first of its lookup keys, which are sorted.
    pub fn stored_keys(&self) -> &[i64] {
        &self.keys[..self.keys.len().min(quotes::STORED_KEYS)]
    }
}

impl LinkPrep {
    /// Computes everything [`LinkPrep`] holds for `x`.
    pub fn of(x: &Extracted) -> LinkPrep {
        let quotes = x
            .quotes
            .iter()
            .take(MAX_LINKED_QUOTES)
            .map(|q| {
                let shape = quotes::QuoteShape::new(&q.text);
                let speaker = q
                    .speaker
                    .as_deref()
                    .map(|name| speakers::SpeakerRef::new(name, q.role.as_deref()));
                PreparedQuote {
                    normalized: shape.normalized(),
                    evidence: shape.is_evidence(),
                    keys: shape.lookup_keys(),
                    shape,
                    speaker_keys: speaker.as_ref().map(|s| s.index_keys()).unwrap_or_default(),
                    speaker,
                }
            })
            .collect();
        let figure_keys = x
            .figures
            .iter()
            .map(|f| {
                let (unit, rate) = (f.unit.as_deref(), f.rate.as_deref());
                figures::claim_key(f.kind, f.value, f.low, f.high, unit, rate)
            })
            .collect();
        LinkPrep {
            signature: minhash::Signature::of_body(&x.article.body),
            body_words: x
                .article
                .body
                .iter()
                .map(|p| p.split_whitespace().count())
                .sum(),
            quotes,
            figure_keys,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepared_keys_are_the_shapes_keys() {
        let long: String = (0..300).map(|i| format!("word{i} ")).collect();
        let texts = [
            "serious steps",
            "We will not stop until the bridge is open again for everyone",
            long.as_str(),
            "",
        ];
        for text in texts {
            let shape = quotes::QuoteShape::new(text);
            let q = PreparedQuote {
                normalized: shape.normalized(),
                keys: shape.lookup_keys(),
                evidence: shape.is_evidence(),
                shape: shape.clone(),
                speaker: None,
                speaker_keys: Vec::new(),
            };
            assert_eq!(q.lookup_keys(), shape.lookup_keys().as_slice());
            assert_eq!(q.stored_keys(), shape.stored_keys().as_slice());
        }
        let shape = quotes::QuoteShape::new(&long);
        assert_eq!(shape.lookup_keys().len(), quotes::LOOKUP_KEYS);
        assert_eq!(shape.stored_keys().len(), quotes::STORED_KEYS);
    }
}
