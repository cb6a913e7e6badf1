//! Cross-source linking, as pure functions: which articles cover the same story,
//! which quotes are the same words carried by several outlets, which speaker names
//! are one person, and which figures about the same thing disagree.
//!
//! Nothing here does I/O or touches SQLite: `store::link` looks candidates up in
//! indexed tables and asks these functions to decide. Every threshold is a `const`
//! with the reason beside it, so the decisions can be read (and tuned) in one place.
//!
//! * [`text`]: tokens, 64-bit hashing, edit distance (shared helpers).
//! * [`minhash`]: body signatures (word 4-shingles, 64 MinHash values) and LSH band keys.
//! * [`quotes`]: quote normalisation, lookup keys and fuzzy similarity.
//! * [`speakers`]: when two spellings name the same person.
//! * [`figures`]: unit head nouns, comparability and disagreement.
//! * [`story`]: the story decision from candidate stories' evidence.

use crate::pipeline::Extracted;

pub mod figures;
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
    /// One per quote, in the article's order.
    pub quotes: Vec<PreparedQuote>,
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
                    shape,
                    speaker_keys: speaker.as_ref().map(|s| s.index_keys()).unwrap_or_default(),
                    speaker,
                }
            })
            .collect();
        LinkPrep {
            signature: minhash::Signature::of_body(&x.article.body),
            quotes,
        }
    }
}
