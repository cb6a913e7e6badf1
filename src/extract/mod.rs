//! Pure extractors over an article's body paragraphs: [`quotes`] (who said what) and
//! [`figures`] (every number cited). Each result carries its paragraph index and the
//! character span it came from.

pub mod entities;
pub mod figure_rules;
pub mod figures;
pub mod numbers;
pub mod quote_rules;
pub mod quotes;
pub mod sentences;
