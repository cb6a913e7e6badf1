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

pub mod figures;
pub mod minhash;
pub mod quotes;
pub mod speakers;
pub mod story;
pub mod text;
