//! Figures: every number the article cites, with value, unit, qualifier and rate.
//!
//! Each paragraph is tokenised once ([`tokenize`]: numerals, words, symbols, with char
//! offsets), then scanned left to right. At a token that can start a number the
//! [`Scanner`] reads the number ([`numbers`] words and numerals), looks back for a sign,
//! a currency and a qualifier, and forward for a scale, a unit (or the counted noun
//! phrase), a second number that makes a range, and a rate. Contexts that make a number
//! not a figure (years, dates, times, identifiers, phone numbers, list numbering, …) are
//! checked before a figure is emitted. All word lists are in [`figure_rules`]; the
//! sentence of each figure comes from [`sentences`]. Work is linear in the paragraph:
//! every look-around is bounded by a small constant.

use super::figure_rules as rules;
use super::figure_rules::{FigureRule, UnitClass};
use super::numbers::{self, CardinalRole, Numeral, WordMap};
use super::sentences;
use crate::model::{Figure, FigureKind};
use std::borrow::Cow;
use std::sync::LazyLock;

/// A phrase with the name it stands for.
type Phrase = (&'static [&'static str], &'static str);
/// A currency name phrase with its ISO code and factor.
type CurrencyName = (&'static [&'static str], &'static str, f64);

/// Lookup indexes over the [`figure_rules`] tables, built once.
struct Index {
    /// Units by their first token.
    units: WordMap<Vec<&'static rules::UnitRule>>,
    /// Qualifier phrases by their last word.
    qualifiers_by_last: WordMap<Vec<Phrase>>,
    /// Qualifier phrases by their first word.
    qualifiers_by_first: WordMap<Vec<Phrase>>,
    /// Currency names by their first token.
    currency_names: WordMap<Vec<CurrencyName>>,
    noun_stop: WordMap<()>,
    /// The plural of each singular unit word spelled out in [`figure_rules::UNITS`]
    /// ("kilometer" → "kilometers", "foot" → "feet"), for units named as written.
    unit_plurals: WordMap<&'static str>,
    /// Words without which a paragraph with no digit holds no figure: every word a
    /// spelled number can start with or needs ([`may_hold_figure`]).
    number_words: WordMap<()>,
    /// The first-byte and length mask of `number_words`.
    number_words_mask: numbers::FirstByteLen,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut units: WordMap<Vec<_>> = WordMap::default();
    for u in rules::UNITS {
        units.entry(u.phrase[0]).or_default().push(u);
    }
    // A spelled figure starts at a number word, "half"/"quarter", or "a"/"an" before a
    // number word or a time unit ("a week", "a decade").
    let mut number_words: WordMap<()> = numbers::number_words().map(|w| (w, ())).collect();
    number_words.extend(["half", "quarter", "single"].map(|w| (w, ())));
    number_words.extend(rules::MULTIPLIER_WORDS.iter().map(|&(w, _)| (w, ())));
    number_words.extend(rules::TIME_WORDS.iter().map(|&w| (w, ())));
    for u in rules::UNITS {
        if u.class == UnitClass::Years || rules::TIME_WORDS.contains(&u.phrase[0]) {
            number_words.insert(u.phrase[0], ());
        }
    }
    let mut qualifiers_by_last: WordMap<Vec<_>> = WordMap::default();
    let mut qualifiers_by_first: WordMap<Vec<_>> = WordMap::default();
    for &(phrase, name) in rules::QUALIFIERS {
        if let (Some(first), Some(last)) = (phrase.first(), phrase.last()) {
            qualifiers_by_last
                .entry(*last)
                .or_default()
                .push((phrase, name));
            qualifiers_by_first
                .entry(*first)
                .or_default()
                .push((phrase, name));
        }
    }
    let mut currency_names: WordMap<Vec<_>> = WordMap::default();
    for &(phrase, iso, factor) in rules::CURRENCY_NAMES {
        currency_names
            .entry(phrase[0])
            .or_default()
            .push((phrase, iso, factor));
    }
    Index {
        unit_plurals: unit_plurals(),
        units,
        qualifiers_by_last,
        qualifiers_by_first,
        currency_names,
        noun_stop: rules::NOUN_STOP.iter().map(|&w| (w, ())).collect(),
        number_words_mask: numbers::FirstByteLen::new(number_words.keys().copied()),
        number_words,
    }
});

/// Singular → plural for the single spelled-out unit words of the table: the plural is
/// the entry with the same stored unit that adds "s"/"es" or is listed as irregular.
fn unit_plurals() -> WordMap<&'static str> {
    let mut out = WordMap::default();
    let singles = || {
        rules::UNITS
            .iter()
            .filter(|u| u.phrase.len() == 1 && u.class == UnitClass::Measure)
    };
    for a in singles() {
        let w = a.phrase[0];
        let irregular = rules::IRREGULAR_UNIT_PLURALS
            .iter()
            .find(|(s, _)| *s == w)
            .map(|(_, p)| *p);
        let regular = singles().find(|b| {
            let p = b.phrase[0];
            b.unit == a.unit && p.strip_prefix(w).is_some_and(|t| t == "s" || t == "es")
        });
        if let Some(p) = irregular.or(regular.map(|b| b.phrase[0])) {
            out.insert(w, p);
        }
    }
    out
}

fn is_stop(w: &str) -> bool {
    INDEX.noun_stop.contains_key(w)
}

/// Whether a paragraph may hold a figure: it has a digit, a vulgar fraction or a word of
/// [`Index::number_words`]. Words are cut and lower-cased exactly as [`tokenize`] does for
/// text without digits, so skipping the other paragraphs changes no output.
fn may_hold_figure(text: &str) -> bool {
    let mut word_start: Option<usize> = None;
    let mut ascii = true;
    let mut prev_apostrophe: Option<usize> = None;
    let check = |a: usize, b: usize, ascii: bool| {
        let w = &text[a..b];
        if ascii {
            let first = w.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
            if !INDEX.number_words_mask.may_hold_parts(first, w.len()) {
                return false;
            }
            // Lower-case on the stack; no table word is longer than the buffer.
            let mut buf = [0u8; 16];
            let Some(dst) = buf.get_mut(..w.len()) else {
                return false;
            };
            dst.copy_from_slice(w.as_bytes());
            dst.make_ascii_lowercase();
            std::str::from_utf8(dst).is_ok_and(|w| INDEX.number_words.contains_key(w))
        } else {
            INDEX
                .number_words
                .contains_key(w.to_lowercase().replace('’', "'").as_str())
        }
    };
    for (b, c) in text.char_indices() {
        if c.is_ascii_digit() || numbers::vulgar(c).is_some() {
            return true;
        }
        if let Some(a) = word_start {
            if c.is_alphabetic() {
                ascii &= c.is_ascii();
                prev_apostrophe = None;
                continue;
            }
            if matches!(c, '\'' | '’') && prev_apostrophe.is_none() {
                // Part of the word only when a letter follows ("week's").
                prev_apostrophe = Some(b);
                continue;
            }
            let end = prev_apostrophe.unwrap_or(b);
            if check(a, end, ascii) {
                return true;
            }
            word_start = None;
            prev_apostrophe = None;
            // The apostrophe that ended the word is a symbol; this char starts afresh.
        }
        if c.is_alphabetic() && !is_currency_letter(c) {
            word_start = Some(b);
            ascii = c.is_ascii();
        }
    }
    if let Some(a) = word_start {
        return check(a, prev_apostrophe.unwrap_or(text.len()), ascii);
    }
    false
}

/// Finds the figures in the body paragraphs, reading numerals the English way
/// ("4.800" = 4.8, "1,500" = 1500). Same as [`extract_figures_in`] with `"en"`.
pub fn extract_figures(body: &[String]) -> Vec<Figure> {
    extract_figures_in(body, "en")
}

/// Finds the figures in the body paragraphs of an article in `language` (ISO 639-1, as
/// `Article::language`). Languages that write a decimal comma
/// ([`figure_rules::DECIMAL_COMMA_LANGUAGES`]) read "4.800" as 4800 and "2,5" as 2.5;
/// every other code, and an empty one, uses English conventions.
pub fn extract_figures_in(body: &[String], language: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    scan_paragraphs(body, language, |paragraph, chars, toks, scanned| {
        if scanned.found.is_empty() {
            return;
        }
        let spans = sentences::sentence_spans(chars);
        for fig in scanned.found {
            let start = toks[fig.s].start;
            let end = toks[fig.e - 1].end;
            let (sentence_start, sentence_end) = sentences::span_at(chars, &spans, start);
            out.push(Figure {
                raw: chars[start..end].iter().collect(),
                value: fig.value,
                low: fig.low,
                high: fig.high,
                unit: fig.unit,
                qualifier: fig.qualifier,
                kind: fig.kind,
                rate: fig.rate,
                paragraph,
                start,
                end,
                sentence: chars[sentence_start..sentence_end].iter().collect(),
                sentence_start,
                sentence_end,
                rule: Some(fig.rule.name().to_owned()),
            });
        }
    });
    out
}

/// One decision of the scanner, for `newsdb extract --explain`: a number read as a
/// figure, or a number a rule kept out, with the rule ([`FigureRule`]) that decided.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureDecision {
    /// Index into the body.
    pub paragraph: usize,
    /// The figure's span, or the vetoed number's.
    pub raw: String,
    /// Whether the number became a figure.
    pub taken: bool,
    /// The rule that read it or vetoed it.
    pub rule: FigureRule,
}

/// Every number of the body with the rule that decided about it, in text order: the
/// figures [`extract_figures_in`] returns and the numbers it leaves out.
pub fn explain_figures_in(body: &[String], language: &str) -> Vec<FigureDecision> {
    let mut out = Vec::new();
    scan_paragraphs(body, language, |paragraph, chars, toks, scanned| {
        let text = |s: usize, e: usize| chars[toks[s].start..toks[e - 1].end].iter().collect();
        let mut here: Vec<(usize, FigureDecision)> = Vec::new();
        for f in &scanned.found {
            here.push((
                f.s,
                FigureDecision {
                    paragraph,
                    raw: text(f.s, f.e),
                    taken: true,
                    rule: f.rule,
                },
            ));
        }
        for v in &scanned.vetoed {
            here.push((
                v.s,
                FigureDecision {
                    paragraph,
                    raw: text(v.s, v.e.max(v.s + 1)),
                    taken: false,
                    rule: v.rule,
                },
            ));
        }
        here.sort_by_key(|(s, _)| *s);
        out.extend(here.into_iter().map(|(_, d)| d));
    });
    out
}

/// Tokenizes and scans each paragraph that may hold a figure, and hands the result to
/// `each` with the paragraph's index, chars and tokens.
fn scan_paragraphs(
    body: &[String],
    language: &str,
    mut each: impl FnMut(usize, &[char], &[Tok], Output),
) {
    let lang = language.trim().to_ascii_lowercase();
    let lang = lang.split(['-', '_']).next().unwrap_or("");
    let decimal_comma = rules::DECIMAL_COMMA_LANGUAGES.contains(&lang);
    // Buffers reused from paragraph to paragraph.
    let mut chars: Vec<char> = Vec::new();
    let mut toks: Vec<Tok> = Vec::new();
    for (paragraph, text) in body.iter().enumerate() {
        if !may_hold_figure(text) {
            continue;
        }
        chars.clear();
        chars.extend(text.chars());
        toks.clear();
        tokenize(text, &chars, decimal_comma, &mut toks);
        let scanned = Scanner {
            toks: &toks,
            chars: &chars,
        }
        .scan();
        each(paragraph, &chars, &toks, scanned);
    }
}

mod assemble;
mod counted;
mod numerals;
mod ranges;
#[cfg(test)]
mod tests;
mod tokens;
mod units;
mod vetoes;

use tokens::{is_currency_letter, tokenize, Tk, Tok};
pub use units::canonical_unit;

// ------------------------------------------------------------------ scanner

/// How the number itself was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    Fraction,
    Ordinal,
}

/// A number read at some token: tokens `[s, e)`.
#[derive(Debug, Clone, Copy)]
struct Core {
    s: usize,
    e: usize,
    value: f64,
    form: Form,
    /// Multiplier from trailing scale words ("7 million" → 1e6), for ranges.
    scale: f64,
    /// A single numeral token, nothing else.
    bare_numeral: bool,
    /// Spelled with words only.
    spelled: bool,
}

impl Core {
    /// Tokens `s..e` written in digits and signs whose value was computed
    /// (a power, scientific notation).
    fn computed(s: usize, e: usize, value: f64) -> Core {
        Core {
            s,
            e,
            value,
            form: Form::Plain,
            scale: 1.0,
            bare_numeral: false,
            spelled: false,
        }
    }
}

/// A figure being built: tokens `[s, e)` form `raw`.
#[derive(Debug, Clone)]
struct Found {
    s: usize,
    e: usize,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    unit: Option<String>,
    qualifier: Option<String>,
    kind: FigureKind,
    rate: Option<String>,
    /// The rule that read it.
    rule: FigureRule,
}

/// A number a rule kept from being a figure: tokens `[s, e)`.
#[derive(Debug, Clone, Copy)]
struct Vetoed {
    s: usize,
    e: usize,
    rule: FigureRule,
}

/// What a scan of one paragraph decided: the figures and the vetoed numbers.
#[derive(Debug, Default)]
struct Output {
    found: Vec<Found>,
    vetoed: Vec<Vetoed>,
}

/// What follows a number: unit tokens up to `e`, stored name, class and factor.
struct UnitMatch {
    e: usize,
    unit: String,
    kind: FigureKind,
    factor: f64,
}

/// One side of a possible range, before qualifiers.
struct Side {
    core: Core,
    s: usize,
    negative: bool,
    currency: Option<&'static str>,
    unit: Option<UnitMatch>,
}

struct Scanner<'a> {
    toks: &'a [Tok<'a>],
    chars: &'a [char],
}

impl Scanner<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == Tk::Word)
            .map(|t| t.text.as_ref())
    }

    fn is_sym(&self, i: usize, s: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Tk::Sym && t.text == s)
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    /// Token `i` touches the one before it (no white space between).
    fn glued(&self, i: usize) -> bool {
        i > 0 && self.toks.get(i).is_some_and(|t| !t.space)
    }

    /// Matches `phrase` at token `i`, skipping hyphens that join words ("year-old").
    /// Returns the end token.
    fn match_phrase(&self, i: usize, phrase: &[&str]) -> Option<usize> {
        let mut k = i;
        for (n, p) in phrase.iter().enumerate() {
            if n > 0 && self.is_sym(k, "-") && self.glued(k) && self.glued(k + 1) && *p != "-" {
                k += 1;
            }
            let t = self.toks.get(k)?;
            if t.text != *p {
                return None;
            }
            if n > 0 && t.kind == Tk::Sym && !self.glued(k) && *p != "%" {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    /// Matches `phrase` ending just before token `end` (words only). Returns its start.
    fn match_phrase_before(&self, end: usize, phrase: &[&str]) -> Option<usize> {
        let s = end.checked_sub(phrase.len())?;
        let ok = phrase
            .iter()
            .enumerate()
            .all(|(k, p)| self.word(s + k) == Some(p));
        ok.then_some(s)
    }

    /// Token `i` opens a sentence (after quotes and brackets).
    fn sentence_initial(&self, i: usize) -> bool {
        let mut k = i;
        while k > 0 {
            let t = &self.toks[k - 1];
            if t.kind != Tk::Sym {
                return false;
            }
            match t.text.as_ref() {
                "." => {
                    // "P.O. Box": a period after an initial does not open a sentence.
                    let initial = k >= 2
                        && self.toks[k - 2].kind == Tk::Word
                        && self.toks[k - 2].text.chars().count() == 1;
                    return !initial;
                }
                "!" | "?" | ":" | ";" | "•" | "*" => return true,
                "-" if t.space => return true,
                "\"" | "“" | "”" | "'" | "(" | "[" | "-" | "«" => k -= 1,
                _ => return false,
            }
        }
        true
    }

    fn scan(&self) -> Output {
        let mut out = Output::default();
        let mut i = 0;
        let n = self.toks.len();
        while i < n {
            match self.figure_at(i, &mut out) {
                Some(next) => i = next.max(i + 1),
                None => i += 1,
            }
        }
        out
    }
}
