//! The data the pipeline produces: an [`Article`] from the normalizer, with the
//! [`Quote`]s and [`Figure`]s the extractors find in its body.
//!
//! These types are the JSON contract of `newsdb extract` (README.md) and the
//! rows `store` writes, so their serde names are part of the public interface.

use serde::{Deserialize, Serialize};

/// One page turned into an article: metadata, clean body, images, and what was cut.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Headline as the page prints it.
    pub title: Option<String>,
    /// Dek or standfirst under the headline.
    pub subtitle: Option<String>,
    /// The site or outlet that carries the page.
    pub publisher: Option<String>,
    /// Writer name(s) without the leading "By".
    pub byline: Option<String>,
    /// First publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// ISO 639-1 language code guessed from the body ("en", "pt", …).
    pub language: String,
    /// Body paragraphs in page order, trimmed.
    pub body: Vec<String>,
    /// Image captions and credits found on the page.
    pub images: Vec<Image>,
    /// Every non-empty input line that did not become body, with the reason.
    pub removed: Vec<Removed>,
    /// Problems noticed while normalizing (odd input, truncated work, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Where each metadata value came from, for `extract --explain`; not stored.
    #[serde(skip)]
    pub sources: MetaSources,
}

/// Where the metadata values of an [`Article`] came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaSources {
    /// Where the headline came from.
    pub title: Option<MetaSource>,
    /// Where the outlet name came from.
    pub publisher: Option<MetaSource>,
    /// Where the writer names came from.
    pub byline: Option<MetaSource>,
    /// Where the publication date came from.
    pub published: Option<MetaSource>,
    /// Where the language came from.
    pub language: Option<MetaSource>,
}

/// One metadata value's origin: a machine field of the page or a named rule
/// applied to a visible line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaSource {
    /// A machine-readable field: "json-ld", "og:title", "meta author", "<time>".
    Field(&'static str),
    /// A named rule on visible text; `line` is the 1-based input line (0 for HTML).
    Rule {
        /// The rule's name ("byline line", "dateline", …).
        rule: &'static str,
        /// 1-based input line, 0 when the input has no line numbers (HTML).
        line: usize,
    },
}

impl std::fmt::Display for MetaSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetaSource::Field(name) => write!(f, "{name}"),
            MetaSource::Rule { rule, line: 0 } => write!(f, "visible {rule}"),
            MetaSource::Rule { rule, line } => write!(f, "text line {line}: {rule}"),
        }
    }
}

/// A photo's caption and credit; either may be missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// What the photo shows.
    pub caption: Option<String>,
    /// Who took or owns it ("Shutterstock", "AP Photo/…").
    pub credit: Option<String>,
}

/// A line of the page that is not body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// 1-based line number in the decoded page.
    pub line: usize,
    /// The line as it was (trimmed).
    pub text: String,
    /// Why it is not body.
    pub reason: Reason,
}

/// Why a line was not kept as body. Metadata lines (title, byline, …) are
/// "removed" from the body too, so the record of every line is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The headline (and its repeats).
    Title,
    /// Dek / standfirst.
    Subtitle,
    /// The outlet's name or masthead.
    Publisher,
    /// The writer line.
    Byline,
    /// A date or timestamp line.
    Dateline,
    /// Menus, breadcrumbs, "Skip to main content".
    Navigation,
    /// Ad slots and ad placeholders.
    Advertisement,
    /// Newsletter, donation, subscription and app promos.
    Promo,
    /// "Related", "Read more", "More from" link lines.
    RelatedLinks,
    /// Share widgets.
    Share,
    /// Comment sections and comment forms.
    Comments,
    /// Polls and surveys.
    Poll,
    /// Cookie and consent banners.
    Cookie,
    /// Paywall boxes and teasers.
    Paywall,
    /// Site footers, copyright, mission statements.
    Footer,
    /// Image captions.
    Caption,
    /// Photo credits and alt text.
    Credit,
    /// Widgets, tickers, tables and other non-prose blocks.
    Widget,
    /// Short lines the classifier judged not to be prose.
    Boilerplate,
    /// A line that recurs across many articles of the same publisher (learned).
    Template,
}

impl Reason {
    /// The stable name stored in the database and printed by `extract`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Title => "title",
            Reason::Subtitle => "subtitle",
            Reason::Publisher => "publisher",
            Reason::Byline => "byline",
            Reason::Dateline => "dateline",
            Reason::Navigation => "navigation",
            Reason::Advertisement => "advertisement",
            Reason::Promo => "promo",
            Reason::RelatedLinks => "related-links",
            Reason::Share => "share",
            Reason::Comments => "comments",
            Reason::Poll => "poll",
            Reason::Cookie => "cookie",
            Reason::Paywall => "paywall",
            Reason::Footer => "footer",
            Reason::Caption => "caption",
            Reason::Credit => "credit",
            Reason::Widget => "widget",
            Reason::Boilerplate => "boilerplate",
            Reason::Template => "template",
        }
    }
}

/// Direct utterance, quoted fragment inside the writer's sentence, or reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A quoted utterance that stands alone: "…," she said.
    Direct,
    /// A quoted fragment built into the writer's sentence: called it "a step backwards".
    Partial,
    /// Reported speech without marks: X said that …
    Indirect,
}

impl QuoteKind {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Somebody's words found in the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The words between the marks, without the marks.
    pub text: String,
    /// Fullest name the article gives for the speaker, or an organisation.
    pub speaker: Option<String>,
    /// Title or description attached to the speaker.
    pub role: Option<String>,
    /// The attribution verb as written ("said", "told", "according to", …).
    pub cue: Option<String>,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// Index into `Article::body` where the quote starts.
    pub paragraph: usize,
    /// Char offset of the first quoted character in `body[paragraph]`.
    pub start: usize,
    /// Char offset one past the last quoted character (in the last paragraph
    /// for a quote that spans paragraphs).
    pub end: usize,
    /// The attribution rule that gave the speaker (`extract::quote_rules::ATTRIBUTION_RULES`),
    /// or `None` when no rule named one.
    #[serde(default)]
    pub rule: Option<String>,
}

/// What sort of quantity a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Anything counted ("140,000 cyber attacks").
    Count,
    /// An amount of money; `unit` is an ISO 4217 code.
    Money,
    /// A percentage, value in points; `unit` is "%" or "percentage points".
    Percent,
    /// A fraction as a decimal ("two-thirds" → 0.6667).
    Fraction,
    /// A physical quantity with a unit ("4.5 km", "-22 °F").
    Measure,
    /// A rank or position ("the 13th").
    Ordinal,
    /// A quantity of time: ages, durations ("10 years", "60-year-old").
    Duration,
}

impl FigureKind {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Count => "count",
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::Fraction => "fraction",
            FigureKind::Measure => "measure",
            FigureKind::Ordinal => "ordinal",
            FigureKind::Duration => "duration",
        }
    }
}

/// A number the article cites, with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The exact source span: qualifier, number and unit ("more than 140,000 cyber attacks").
    pub raw: String,
    /// The value; for an open range the finite bound; null for a closed range.
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub low: Option<f64>,
    /// Upper bound of a range.
    pub high: Option<f64>,
    /// What is counted or measured ("cyber attacks", "USD", "%", "km").
    pub unit: Option<String>,
    /// "more than", "about", "up to", …
    pub qualifier: Option<String>,
    /// Count, money, percent, …
    pub kind: FigureKind,
    /// "month" for "a month", "year" for "per year", …
    pub rate: Option<String>,
    /// Index into `Article::body`.
    pub paragraph: usize,
    /// Char offset of `raw` in `body[paragraph]`.
    pub start: usize,
    /// Char offset one past the end of `raw`.
    pub end: usize,
    /// The sentence the figure stands in.
    pub sentence: String,
    /// Char span of `sentence` in `body[paragraph]`. Not part of the JSON contract:
    /// the store keeps the sentence as this span (zero when deserialized).
    #[serde(skip)]
    pub sentence_start: usize,
    /// Char offset one past the end of `sentence`.
    #[serde(skip)]
    pub sentence_end: usize,
    /// The figure rule that read it (`extract::figure_rules::FIGURE_RULES` names:
    /// unit, money, counted-noun, range, …); `None` for a figure from elsewhere.
    #[serde(default)]
    pub rule: Option<String>,
}
