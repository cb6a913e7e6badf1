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
use super::figure_rules::UnitClass;
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
    number_words.extend(["half", "quarter"].map(|w| (w, ())));
    number_words.extend(TIME_WORDS.iter().map(|&w| (w, ())));
    for u in rules::UNITS {
        if u.class == UnitClass::Years || TIME_WORDS.contains(&u.phrase[0]) {
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
        units,
        qualifiers_by_last,
        qualifiers_by_first,
        currency_names,
        noun_stop: rules::NOUN_STOP.iter().map(|&w| (w, ())).collect(),
        number_words_mask: numbers::FirstByteLen::new(number_words.keys().copied()),
        number_words,
    }
});

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
    let lang = language.trim().to_ascii_lowercase();
    let lang = lang.split(['-', '_']).next().unwrap_or("");
    let decimal_comma = rules::DECIMAL_COMMA_LANGUAGES.contains(&lang);
    let mut out = Vec::new();
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
        let found = Scanner {
            toks: &toks,
            chars: &chars,
        }
        .scan();
        if found.is_empty() {
            continue;
        }
        let spans = sentences::sentence_spans(&chars);
        for fig in found {
            let start = toks[fig.s].start;
            let end = toks[fig.e - 1].end;
            let (sentence_start, sentence_end) = sentences::span_at(&chars, &spans, start);
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
            });
        }
    }
    out
}

// ------------------------------------------------------------------ tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Num,
    Word,
    Sym,
}

/// One token: a numeral, a word (lower-cased in `text`) or a single symbol.
#[derive(Debug, Clone)]
struct Tok<'a> {
    kind: Tk,
    start: usize,
    end: usize,
    text: Cow<'a, str>,
    /// First letter is upper case.
    cap: bool,
    /// All letters upper case (and more than one).
    upper: bool,
    /// White space before it.
    space: bool,
    numeral: Option<Numeral>,
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// Currency signs that Unicode counts as letters ("元").
fn is_currency_letter(c: char) -> bool {
    !c.is_ascii()
        && rules::CURRENCY_SYMBOLS
            .iter()
            .any(|(s, _)| s.chars().count() == 1 && s.starts_with(c))
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Splits a paragraph into tokens with char offsets, appending to `toks`; `chars` are the
/// chars of `text`. `decimal_comma` picks how numerals are read
/// ([`numbers::parse_numeral_in`]). Token texts borrow from `text` unless lower-casing
/// changes them.
fn tokenize<'a>(text: &'a str, chars: &[char], decimal_comma: bool, toks: &mut Vec<Tok<'a>>) {
    let n = chars.len();
    let mut i = 0;
    // Byte offset of `chars[i]` in `text`.
    let mut b = 0;
    let mut space = true;
    let byte_len = |a: usize, e: usize| chars[a..e].iter().map(|c| c.len_utf8()).sum::<usize>();
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            space = true;
            i += 1;
            b += c.len_utf8();
            continue;
        }
        let start = i;
        let bs = b;
        let digit_at = |k: usize| k < n && chars[k].is_ascii_digit();
        if c.is_ascii_digit()
            || (c == '.' && digit_at(i + 1) && (i == 0 || !chars[i - 1].is_alphanumeric()))
        {
            i += 1;
            let mut first_group = if c == '.' { 9 } else { 1 };
            let mut space_grouped = false;
            while i < n {
                let d = chars[i];
                if d.is_ascii_digit() {
                    if !space_grouped {
                        first_group += 1;
                    }
                    i += 1;
                } else if matches!(d, ',' | '.') && digit_at(i + 1) {
                    first_group = 9;
                    i += 1;
                } else if matches!(d, '\'' | '’')
                    && (1..=3).all(|k| digit_at(i + k))
                    && !digit_at(i + 4)
                {
                    i += 4;
                } else if is_group_space(d)
                    && (first_group <= 3 || space_grouped)
                    && (1..=3).all(|k| digit_at(i + k))
                    && (i + 4 >= n
                        || chars[i + 4].is_whitespace()
                        || matches!(chars[i + 4], '.' | ',' | ';' | ':' | ')' | '!' | '?'))
                    && !(i + 5 < n && chars[i + 4] == '.' && chars[i + 5].is_ascii_digit())
                {
                    space_grouped = true;
                    i += 4;
                } else {
                    break;
                }
            }
            b += byte_len(start, i);
            let t = &text[bs..b];
            toks.push(Tok {
                kind: Tk::Num,
                start,
                end: i,
                text: Cow::Borrowed(t),
                cap: false,
                upper: false,
                space,
                numeral: numbers::parse_numeral_in(t, decimal_comma),
            });
        } else if c.is_alphabetic() && !is_currency_letter(c) {
            i += 1;
            while i < n
                && (chars[i].is_alphabetic()
                    || (matches!(chars[i], '\'' | '’')
                        && i + 1 < n
                        && chars[i + 1].is_alphabetic()))
            {
                i += 1;
            }
            b += byte_len(start, i);
            let word = &text[bs..b];
            let cap = c.is_uppercase();
            // Lower-case ASCII (the common case) is its own token text.
            let (text, upper) = if word
                .bytes()
                .all(|x| x.is_ascii() && !x.is_ascii_uppercase())
            {
                (Cow::Borrowed(word), false)
            } else {
                let upper = word.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && word.chars().all(|c| !c.is_lowercase());
                (Cow::Owned(word.to_lowercase().replace('’', "'")), upper)
            };
            toks.push(Tok {
                kind: Tk::Word,
                start,
                end: i,
                text,
                cap,
                upper,
                space,
                numeral: None,
            });
        } else {
            i += 1;
            b += c.len_utf8();
            let text = if is_dash(c) {
                Cow::Borrowed("-")
            } else if c == '’' || c == '‘' {
                Cow::Borrowed("'")
            } else {
                Cow::Borrowed(&text[bs..b])
            };
            toks.push(Tok {
                kind: Tk::Sym,
                start,
                end: i,
                text,
                cap: false,
                upper: false,
                space,
                numeral: None,
            });
        }
        space = false;
    }
}

/// Singular time units that "a"/"an" can count ("about a week").
const TIME_WORDS: &[&str] = &[
    "week",
    "month",
    "day",
    "hour",
    "minute",
    "night",
    "fortnight",
];

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

    fn scan(&self) -> Vec<Found> {
        let mut out = Vec::new();
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

    // -------------------------------------------------------------- numbers

    /// Reads the number starting at token `i`.
    fn core(&self, i: usize) -> Option<Core> {
        let t = self.toks.get(i)?;
        match t.kind {
            Tk::Num => self.numeral_core(i),
            Tk::Word => self.word_core(i),
            Tk::Sym => {
                let c = t.text.chars().next()?;
                let v = numbers::vulgar(c)?;
                Some(Core {
                    s: i,
                    e: i + 1,
                    value: v,
                    form: Form::Fraction,
                    scale: 1.0,
                    bare_numeral: false,
                    spelled: false,
                })
            }
        }
    }

    fn numeral_core(&self, i: usize) -> Option<Core> {
        let num = self.toks[i].numeral?;
        let mut j = i + 1;
        let mut value = num.value;
        // "4½"
        if let Some(t) = self.toks.get(j) {
            if t.kind == Tk::Sym && self.glued(j) {
                if let Some(v) = t.text.chars().next().and_then(numbers::vulgar) {
                    return Some(Core {
                        s: i,
                        e: j + 1,
                        value: value + v,
                        form: Form::Plain,
                        scale: 1.0,
                        bare_numeral: false,
                        spelled: false,
                    });
                }
            }
        }
        // "3/4", "2 1/4"
        if self.is_sym(j, "/") && self.glued(j) && self.glued(j + 1) {
            let den = self
                .toks
                .get(j + 1)
                .filter(|t| t.kind == Tk::Num)?
                .numeral?;
            if self.is_sym(j + 2, "/") || num.decimal || den.value <= 0.0 || den.value > 100.0 {
                return None;
            }
            return Some(Core {
                s: i,
                e: j + 2,
                value: value / den.value,
                form: Form::Fraction,
                scale: 1.0,
                bare_numeral: false,
                spelled: false,
            });
        }
        if !num.decimal
            && self
                .toks
                .get(j)
                .is_some_and(|t| t.kind == Tk::Num && t.space)
            && self.is_sym(j + 1, "/")
            && self.glued(j + 1)
            && self.glued(j + 2)
        {
            let a = self.toks[j].numeral?;
            let b = self
                .toks
                .get(j + 2)
                .filter(|t| t.kind == Tk::Num)
                .and_then(|t| t.numeral);
            if let Some(b) = b {
                if a.value < b.value && b.value > 0.0 && !self.is_sym(j + 3, "/") {
                    return Some(Core {
                        s: i,
                        e: j + 3,
                        value: value + a.value / b.value,
                        form: Form::Fraction,
                        scale: 1.0,
                        bare_numeral: false,
                        spelled: false,
                    });
                }
            }
        }
        // "1.1^23": a power; "1.3x10^6", "2 × 10^-3": scientific notation.
        if let Some((x, e)) = self.exponent_at(j) {
            let v = value.powf(x);
            if v.is_finite() {
                return Some(Core::computed(i, e, v));
            }
        }
        if self
            .toks
            .get(j)
            .is_some_and(|t| t.kind != Tk::Num && rules::TIMES_SIGNS.contains(&t.text.as_ref()))
            && self
                .toks
                .get(j + 1)
                .and_then(|t| t.numeral)
                .is_some_and(|n| n.value == 10.0 && !n.decimal && !n.grouped)
        {
            if let Some((x, e)) = self.exponent_at(j + 2) {
                let v = value * 10f64.powf(x);
                if v.is_finite() {
                    return Some(Core::computed(i, e, v));
                }
            }
        }
        // "1e10"
        if self.is_word(j, "e") && self.glued(j) && self.glued(j + 1) {
            if let Some(x) = self.toks.get(j + 1).and_then(|t| t.numeral) {
                return Some(Core {
                    s: i,
                    e: j + 2,
                    value: value * 10f64.powf(x.value),
                    form: Form::Plain,
                    scale: 1.0,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        // "13th"
        if let Some(w) = self.word(j) {
            if self.glued(j) && numbers::ORDINAL_SUFFIXES.contains(&w) && !num.decimal {
                return Some(Core {
                    s: i,
                    e: j + 1,
                    value,
                    form: Form::Ordinal,
                    scale: 1.0,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        // Scale words and word continuations: "1.2 million", "3bn", "4 thousand 3 hundred".
        let mut scale = 1.0;
        let mut scaled = false;
        // "13.8-billion-year", "$1.5-million": a hyphenated scale word.
        if self.is_sym(j, "-")
            && self.glued(j)
            && self.glued(j + 1)
            && self
                .word(j + 1)
                .is_some_and(|w| matches!(w, "thousand" | "million" | "billion" | "trillion"))
        {
            j += 1;
        }
        while let Some(w) = self.word(j) {
            if let Some(&(_, f)) = rules::SCALES.iter().find(|(s, _)| *s == w) {
                if w.len() <= 2 && !self.glued(j) && w != "k" && w != "bn" {
                    break;
                }
                value *= f;
                scale *= f;
                scaled = true;
                j += 1;
            } else if let Some(f) = self.upper_scale(j) {
                value *= f;
                scale *= f;
                scaled = true;
                j += 1;
            } else if w == "hundred" || w == "dozen" || w == "dozens" || w == "dozs" {
                let f = if w == "hundred" { 100.0 } else { 12.0 };
                value *= f;
                scale *= f;
                scaled = true;
                j += 1;
            } else {
                break;
            }
        }
        if scaled {
            // "4 thousand 3 hundred and 21"
            let (v, e) = self.continue_groups(j, scale);
            value += v;
            j = e;
            if let Some((extra, e)) = self.and_fraction(j, scale) {
                value += extra;
                return Some(Core {
                    s: i,
                    e,
                    value,
                    form: Form::Fraction,
                    scale,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        Some(Core {
            s: i,
            e: j,
            value,
            form: Form::Plain,
            scale,
            bare_numeral: j == i + 1,
            spelled: false,
        })
    }

    /// An exponent glued at token `j`: "^6", "^-3", "^+23". Returns it and the end token.
    fn exponent_at(&self, j: usize) -> Option<(f64, usize)> {
        if !(self.is_sym(j, "^") && self.glued(j)) {
            return None;
        }
        let mut k = j + 1;
        let mut sign = 1.0;
        if (self.is_sym(k, "-") || self.is_sym(k, "+")) && self.glued(k) {
            if self.is_sym(k, "-") {
                sign = -1.0;
            }
            k += 1;
        }
        let t = self.toks.get(k).filter(|t| t.kind == Tk::Num && !t.space)?;
        let x = t.numeral.filter(|n| !n.grouped && n.value <= 308.0)?;
        Some((sign * x.value, k + 1))
    }

    /// An upper-case SI prefix letter standing for a multiple at token `j` ("1,674.5 G",
    /// "300M"): its factor, when no letter or digit is glued after it.
    fn upper_scale(&self, j: usize) -> Option<f64> {
        let t = self.toks.get(j).filter(|t| t.kind == Tk::Word && t.cap)?;
        let &(_, f) = rules::UPPER_CASE_SCALES
            .iter()
            .find(|(l, _)| *l == t.text)?;
        let ends = self
            .toks
            .get(j + 1)
            .is_none_or(|n| n.space || n.kind == Tk::Sym);
        ends.then_some(f)
    }

    /// After "4 thousand", reads "3 hundred and 21" (smaller groups). Returns the added
    /// value and the end token.
    fn continue_groups(&self, j: usize, last_scale: f64) -> (f64, usize) {
        let mut k = j;
        if self.is_word(k, "and") {
            k += 1;
        }
        if let Some(t) = self.toks.get(k) {
            if t.kind == Tk::Num {
                if let Some(nm) = t.numeral {
                    if !nm.decimal && nm.value > 0.0 && nm.value < last_scale {
                        let mut v = nm.value;
                        let mut e = k + 1;
                        if let Some(w) = self.word(e) {
                            if let Some((f, CardinalRole::Hundred | CardinalRole::Scale)) =
                                numbers::cardinal(w)
                            {
                                if v * f < last_scale {
                                    v *= f;
                                    e += 1;
                                    let (more, e2) = self.continue_groups(e, f);
                                    return (v + more, e2);
                                }
                                return (0.0, j);
                            }
                        }
                        if last_scale == 100.0 || k > j {
                            return (v, e);
                        }
                    }
                }
            } else if t.kind == Tk::Word {
                if let Some((v, e, _, _)) = self.compose(k) {
                    if v > 0.0 && v < last_scale {
                        return (v, e);
                    }
                }
            }
        }
        (0.0, j)
    }

    /// "and a half", "and two thirds" after a number; "million and a half" scales it.
    fn and_fraction(&self, j: usize, last_scale: f64) -> Option<(f64, usize)> {
        // "five-and-a-half": the same with hyphens.
        let j = if self.is_sym(j, "-") && self.glued(j) && self.is_word(j + 1, "and") {
            j + 1
        } else {
            j
        };
        if !self.is_word(j, "and") {
            return None;
        }
        let j = if self.is_sym(j + 1, "-") && self.glued(j + 1) {
            j + 1
        } else {
            j
        };
        let (num, k) = match self.word(j + 1)? {
            "a" | "an" => (1.0, j + 2),
            w => match numbers::cardinal(w) {
                Some((v, CardinalRole::Unit | CardinalRole::Teen)) => (v, j + 2),
                _ => return None,
            },
        };
        let mut k = k;
        if self.is_sym(k, "-") {
            k += 1;
        }
        let den = numbers::denominator(self.word(k)?)?;
        let unit = if last_scale > 1.0 && last_scale != 100.0 {
            last_scale
        } else {
            1.0
        };
        Some((num / den * unit, k + 1))
    }

    /// Composes spelled cardinals from token `i`: "two thousand and two hundred",
    /// "forty-two", "a dozen". Returns value, end, last role and last scale.
    fn compose(&self, i: usize) -> Option<(f64, usize, CardinalRole, f64)> {
        let mut j = i;
        let mut total = 0.0;
        let mut current = 0.0;
        let mut have = false;
        let mut last: Option<CardinalRole> = None;
        let mut last_scale = 1.0;
        if matches!(self.word(j), Some("a" | "an")) {
            match self.word(j + 1).and_then(numbers::cardinal) {
                Some((_, CardinalRole::Hundred | CardinalRole::Scale | CardinalRole::Dozen)) => {
                    current = 1.0;
                    have = true;
                    last = Some(CardinalRole::Unit);
                    j += 1;
                }
                _ => return None,
            }
        }
        while let Some(w) = self.word(j) {
            let Some((v, role)) = numbers::cardinal(w) else {
                break;
            };
            use CardinalRole as R;
            match role {
                R::Unit => {
                    if matches!(last, Some(R::Unit | R::Teen)) {
                        break;
                    }
                    current += v;
                }
                R::Teen | R::Tens => {
                    if matches!(last, Some(R::Unit | R::Teen | R::Tens)) {
                        break;
                    }
                    current += v;
                }
                R::Hundred => {
                    if !have || matches!(last, Some(R::Hundred)) {
                        break;
                    }
                    current = if current == 0.0 {
                        100.0
                    } else {
                        current * 100.0
                    };
                    last_scale = 100.0;
                }
                R::Scale => {
                    if !have {
                        break;
                    }
                    if current == 0.0 && total > 0.0 {
                        total *= v;
                    } else {
                        total += current * v;
                    }
                    current = 0.0;
                    last_scale = v;
                }
                R::Dozen => {
                    if !have {
                        break;
                    }
                    current *= v;
                }
            }
            have = true;
            last = Some(role);
            j += 1;
            // "forty-two", "fifty - two"
            if role == R::Tens && self.is_sym(j, "-") {
                if let Some((_, R::Unit)) = self.word(j + 1).and_then(numbers::cardinal) {
                    j += 1;
                }
            }
            // "hundred and six"
            if matches!(role, R::Hundred | R::Scale) && self.is_word(j, "and") {
                if let Some((_, R::Unit | R::Teen | R::Tens)) =
                    self.word(j + 1).and_then(numbers::cardinal)
                {
                    let k = if self.is_sym(j + 2, "-") {
                        j + 3
                    } else {
                        j + 2
                    };
                    let fraction_next = self.word(k).is_some_and(|w| {
                        numbers::denominator(w).is_some() && numbers::cardinal(w).is_none()
                    });
                    let ordinal_next = self.word(k).is_some_and(|w| numbers::ordinal(w).is_some());
                    if !fraction_next || ordinal_next && k == j + 3 {
                        j += 1;
                    }
                }
            }
        }
        if !have {
            return None;
        }
        Some((
            total + current,
            j,
            last.unwrap_or(CardinalRole::Unit),
            last_scale,
        ))
    }

    fn word_core(&self, i: usize) -> Option<Core> {
        let w = self.word(i)?;
        let mk = |e: usize, value: f64, form: Form, scale: f64| Core {
            s: i,
            e,
            value,
            form,
            scale,
            bare_numeral: false,
            spelled: true,
        };
        // "a third", "a quarter", "a half", "one fifth"
        if matches!(w, "a" | "an") {
            if let Some(den) = self.word(i + 1).and_then(numbers::denominator) {
                if self.word(i + 1) == Some("second") {
                    return None;
                }
                return Some(mk(i + 2, 1.0 / den, Form::Fraction, 1.0));
            }
        }
        // "a week", "a decade": the figure only stands if the caller finds the unit.
        if matches!(w, "a" | "an") {
            if let Some(next) = self.word(i + 1) {
                if INDEX.units.get(next).into_iter().flatten().any(|u| {
                    u.phrase.len() == 1
                        && (u.class == UnitClass::Years || TIME_WORDS.contains(&next))
                }) {
                    return Some(mk(i + 1, 1.0, Form::Plain, 1.0));
                }
            }
        }
        // "half", "quarter million", "half million"
        if w == "half" || w == "quarter" {
            let f = if w == "half" { 0.5 } else { 0.25 };
            if let Some(s) = self.word(i + 1).and_then(|w| self.scale_word(w)) {
                return Some(mk(i + 2, f * s, Form::Fraction, s));
            }
            if matches!(self.word(i + 1), Some("a" | "an")) {
                if let Some(s) = self.word(i + 2).and_then(|w| self.scale_word(w)) {
                    return Some(mk(i + 3, f * s, Form::Fraction, s));
                }
            }
            if w == "half" {
                return Some(mk(i + 1, 0.5, Form::Fraction, 1.0));
            }
            return None;
        }
        // Standalone ordinals: "third", "twentieth" ("first"/"second" are not figures).
        if let Some(v) = numbers::ordinal(w) {
            if v <= 2.0 {
                return None;
            }
            return Some(mk(i + 1, v, Form::Ordinal, 1.0));
        }
        let (mut value, mut j, last, last_scale) = self.compose(i)?;
        // "nine point nought four"
        if self.is_word(j, "point") {
            let mut k = j + 1;
            let mut digits = String::new();
            while let Some((v, CardinalRole::Unit)) = self.word(k).and_then(numbers::cardinal) {
                digits.push(char::from(b'0' + v as u8));
                k += 1;
            }
            if !digits.is_empty() {
                if let Ok(frac) = format!("0.{digits}").parse::<f64>() {
                    value += frac;
                    j = k;
                }
            }
        }
        if let Some((num, den, e)) = self.compound_denominator(j, value, last) {
            return Some(mk(e, num / den, Form::Fraction, 1.0));
        }
        // Ordinal compounds and fractions: "twenty-first", "two-thirds", "five eighths".
        let hyphen = self.is_sym(j, "-");
        let k = if hyphen { j + 1 } else { j };
        if let Some(next) = self.word(k) {
            let ord = numbers::ordinal(next);
            let den = numbers::denominator(next);
            let plural = next.ends_with('s') && den.is_some();
            if let (Some(o), CardinalRole::Tens) = (ord, last) {
                if o < 10.0 && !plural {
                    return Some(mk(k + 1, value + o, Form::Ordinal, 1.0));
                }
            }
            if let Some(d) = den {
                if plural || value == 1.0 || (hyphen && next != "second") {
                    return Some(mk(k + 1, value / d, Form::Fraction, 1.0));
                }
            }
            if let (Some(o), CardinalRole::Hundred | CardinalRole::Scale) = (ord, last) {
                return Some(mk(k + 1, value + o, Form::Ordinal, 1.0));
            }
        }
        if let Some((extra, e)) = self.and_fraction(j, last_scale) {
            return Some(mk(e, value + extra, Form::Fraction, 1.0));
        }
        let scale = if matches!(last, CardinalRole::Scale) {
            last_scale
        } else {
            1.0
        };
        Some(mk(j, value, Form::Plain, scale))
    }

    /// A denominator made of a tens word and a plural unit ordinal after spelled number
    /// words ending at `j`: "three twenty firsts" (3/21), "one hundred thirty fifths" and
    /// "one hundred thirty-fifths" (100/35). Returns numerator, denominator and end token.
    /// The tens word joins the denominator only when a numerator is left before it
    /// ("twenty fifths" stays 20/5).
    fn compound_denominator(
        &self,
        j: usize,
        value: f64,
        last: CardinalRole,
    ) -> Option<(f64, f64, usize)> {
        let tens_at = |k: usize| match self.word(k).and_then(numbers::cardinal) {
            Some((t, CardinalRole::Tens)) => Some(t),
            _ => None,
        };
        let unit_after = |k: usize| {
            let k = if self.is_sym(k, "-") && self.glued(k) {
                k + 1
            } else {
                k
            };
            self.word(k)
                .and_then(numbers::compound_denominator_unit)
                .map(|u| (u, k + 1))
        };
        match last {
            // "three twenty firsts": the number stopped before the tens word.
            CardinalRole::Unit | CardinalRole::Teen => {
                let t = tens_at(j)?;
                let (u, e) = unit_after(j + 1)?;
                Some((value, t + u, e))
            }
            // "one hundred thirty fifths": the tens word closed the number after a
            // hundred or a scale word.
            CardinalRole::Tens => {
                let t = tens_at(j.checked_sub(1)?)?;
                let before = self.word(j.checked_sub(2)?).and_then(numbers::cardinal);
                if !matches!(
                    before,
                    Some((_, CardinalRole::Hundred | CardinalRole::Scale))
                ) || value <= t
                {
                    return None;
                }
                let (u, e) = unit_after(j)?;
                Some((value - t, t + u, e))
            }
            _ => None,
        }
    }

    fn scale_word(&self, w: &str) -> Option<f64> {
        match numbers::cardinal(w) {
            Some((v, CardinalRole::Scale)) => Some(v),
            _ => None,
        }
    }

    // -------------------------------------------------------------- context

    /// The currency written just before token `s`, and where it starts.
    fn currency_before(&self, s: usize) -> Option<(usize, &'static str)> {
        let p = s.checked_sub(1)?;
        let t = &self.toks[p];
        if t.kind == Tk::Sym {
            let (_, iso) = rules::CURRENCY_SYMBOLS.iter().find(|(c, _)| *c == t.text)?;
            // "C$", "US$", "c $"
            if *iso == "USD" && p > 0 {
                if let Some(w) = self.word(p - 1) {
                    if let Some((_, iso2)) = rules::DOLLAR_PREFIXES.iter().find(|(x, _)| *x == w) {
                        let ok = (!self.toks[p].space || matches!(w, "us" | "c"))
                            && self.toks[p - 1].space;
                        let after_num = p >= 2 && self.toks[p - 2].kind == Tk::Num;
                        if ok && !after_num && (self.toks[p - 1].upper || w.len() <= 2) {
                            if w == "a" && self.toks[p].space {
                                return Some((p, iso));
                            }
                            return Some((p - 1, iso2));
                        }
                    }
                }
            }
            return Some((p, iso));
        }
        if t.kind == Tk::Word
            && (t.upper
                || t.text == "usd"
                || (t.cap && rules::CURRENCY_CODES_TITLE_CASE.contains(&t.text.as_ref())))
        {
            if let Some((_, iso)) = rules::CURRENCY_CODES.iter().find(|(c, _)| *c == t.text) {
                return Some((p, iso));
            }
        }
        None
    }

    /// "MUSD", "MAUD": an upper-case currency code with an "M" (millions) in front.
    fn million_code(&self, k: usize) -> Option<&'static str> {
        let t = self.toks.get(k).filter(|t| t.kind == Tk::Word && t.upper)?;
        let rest = t.text.strip_prefix('m')?;
        rules::CURRENCY_CODES
            .iter()
            .find(|(c, _)| *c == rest && c.len() == 3)
            .map(|(_, iso)| *iso)
    }

    /// The qualifier phrase starting at token `k`: its end and name.
    fn qualifier_at(&self, k: usize) -> Option<(usize, &'static str)> {
        let mut best: Option<(usize, &'static str)> = None;
        let first = self.word(k)?;
        for &(phrase, name) in INDEX.qualifiers_by_first.get(first)? {
            let ok = phrase
                .iter()
                .enumerate()
                .all(|(n, p)| self.word(k + n) == Some(p));
            if ok && best.is_none_or(|(b, _)| k + phrase.len() > b) {
                best = Some((k + phrase.len(), name));
            }
        }
        best
    }

    /// The qualifier phrase ending just before token `s`.
    fn qualifier_before(&self, s: usize) -> Option<(usize, &'static str)> {
        let mut best: Option<(usize, &'static str)> = None;
        let last = self.word(s.checked_sub(1)?)?;
        for &(phrase, name) in INDEX.qualifiers_by_last.get(last)? {
            if let Some(start) = self.match_phrase_before(s, phrase) {
                if best.is_none_or(|(b, _)| start < b) {
                    best = Some((start, name));
                }
            }
        }
        best
    }

    /// The unit after token `j` (exclusive start), if any.
    fn unit_after(&self, j: usize, core: &Core, money: bool) -> Option<UnitMatch> {
        let toks = self.toks;
        let t = toks.get(j)?;
        let glued = !t.space || (t.kind == Tk::Sym && t.text == "-");
        // Currency names and codes after the number: "71 cents", "40 rmb", "100元".
        if !money {
            let mut start = j;
            if self.is_sym(j, "-") && self.glued(j) && self.glued(j + 1) {
                start = j + 1;
            }
            let first = self.toks.get(start).map_or("", |t| t.text.as_ref());
            for &(phrase, iso, factor) in INDEX.currency_names.get(first).into_iter().flatten() {
                if let Some(e) = self.match_phrase(start, phrase) {
                    return Some(UnitMatch {
                        e,
                        unit: iso.to_string(),
                        kind: FigureKind::Money,
                        factor,
                    });
                }
            }
            if let Some(iso) = self.million_code(j) {
                return Some(UnitMatch {
                    e: j + 1,
                    unit: iso.to_string(),
                    kind: FigureKind::Money,
                    factor: 1e6,
                });
            }
            if let Some(w) = self.word(j) {
                if let Some((_, iso)) = rules::CURRENCY_CODES.iter().find(|(c, _)| *c == w) {
                    if t.upper || w == "rmb" || w == "btc" {
                        let mut e = j + 1;
                        let mut factor = 1.0;
                        if let Some(s) = self.word(e).and_then(|w| self.scale_word(w)) {
                            factor = s;
                            e += 1;
                        }
                        return Some(UnitMatch {
                            e,
                            unit: (*iso).to_string(),
                            kind: FigureKind::Money,
                            factor,
                        });
                    }
                }
            }
            if t.kind == Tk::Sym {
                if let Some((_, iso)) = rules::CURRENCY_SYMBOLS.iter().find(|(c, _)| *c == t.text) {
                    let next_is_num = toks.get(j + 1).is_some_and(|n| n.kind == Tk::Num);
                    if !next_is_num {
                        return Some(UnitMatch {
                            e: j + 1,
                            unit: (*iso).to_string(),
                            kind: FigureKind::Money,
                            factor: 1.0,
                        });
                    }
                }
            }
        }
        // Physical units, time, percent.
        let mut start = j;
        if self.is_sym(j, "-") && self.glued(j) && self.glued(j + 1) {
            start = j + 1;
        }
        let mut best: Option<(usize, &rules::UnitRule)> = None;
        let first = toks.get(start).map_or("", |t| t.text.as_ref());
        for &rule in INDEX.units.get(first).into_iter().flatten() {
            if rule.glued_only && !(glued && start == j) {
                let alone = toks
                    .get(j + 1)
                    .is_none_or(|n| n.kind == Tk::Sym || matches!(n.text.as_ref(), "x" | "by"));
                if start != j || !alone || toks.get(j).is_some_and(|t| t.text == "t") {
                    continue;
                }
            }
            if let Some(e) = self.match_phrase(start, rule.phrase) {
                if best.is_none_or(|(b, _)| e > b) {
                    best = Some((e, rule));
                }
            }
        }
        let (mut e, rule) = best?;
        if money && rule.class != UnitClass::Percent {
            return None;
        }
        // Single letters glued to the number must end there: "48m" but not "3mg" misread.
        if rule.glued_only
            && toks
                .get(e)
                .is_some_and(|t| !t.space && t.kind != Tk::Sym && t.kind != Tk::Num)
        {
            return None;
        }
        // A singular unit before a plural noun is a modifier: "212 meter readings".
        if core.value != 1.0
            && start == j
            && rule.phrase.len() == 1
            && rule.class == UnitClass::Measure
        {
            let w = rule.phrase[0];
            if !w.ends_with('s') && w.len() > 3 {
                if let Some(next) = self.word(e) {
                    if next.ends_with('s') && !is_stop(next) {
                        return None;
                    }
                }
            }
        }
        // "-year-old"
        if rule.class == UnitClass::Years && self.is_sym(e, "-") && self.is_word(e + 1, "old") {
            e += 2;
        }
        let mut value_factor = rule.factor;
        let mut unit = rule.unit.to_string();
        // "5 ft 2 in"
        if rule.unit == "ft" {
            if let Some(inches) = toks
                .get(e)
                .filter(|t| t.kind == Tk::Num)
                .and_then(|t| t.numeral)
            {
                if matches!(self.word(e + 1), Some("in" | "inches")) && core.value > 0.0 {
                    value_factor = (core.value + inches.value / 12.0) / core.value;
                    e += 2;
                }
            }
            unit = "ft".to_string();
        }
        let kind = match rule.class {
            UnitClass::Measure => FigureKind::Measure,
            UnitClass::Years => FigureKind::Duration,
            UnitClass::Percent => FigureKind::Percent,
            UnitClass::Times => FigureKind::Count,
        };
        Some(UnitMatch {
            e,
            unit,
            kind,
            factor: value_factor,
        })
    }

    /// The counted noun phrase from token `j`: up to three words, hyphen compounds kept.
    fn noun_phrase(&self, j: usize) -> Option<(usize, String)> {
        let mut k = j;
        let mut words = 0;
        // End token after each word, to cut back to the head noun.
        let mut ends: Vec<(usize, bool)> = Vec::with_capacity(4);
        while words < 4 {
            let Some(t) = self.toks.get(k) else { break };
            if t.kind != Tk::Word || (k > j && !t.space) {
                break;
            }
            let w = t.text.as_ref();
            if is_stop(w)
                || numbers::cardinal(w).is_some()
                || w.ends_with("'s")
                || (t.cap && rules::DATE_WORDS.contains(&w))
                || (words > 0 && (w.ends_with("ing") || w.ends_with("ed") || w.ends_with("ly")))
            {
                break;
            }
            let mut e = k + 1;
            while self.is_sym(e, "-")
                && self.glued(e)
                && self.glued(e + 1)
                && self.word(e + 1).is_some()
            {
                e += 2;
            }
            // "U.S.", "U.K.": a dotted abbreviation is one word.
            let mut dotted = false;
            while w.chars().count() == 1
                && self.is_sym(e, ".")
                && self.glued(e)
                && self.glued(e + 1)
                && self.word(e + 1).is_some_and(|x| x.chars().count() == 1)
            {
                e += 2;
                dotted = true;
            }
            if dotted && self.is_sym(e, ".") && self.glued(e) {
                e += 1;
            }
            // A lone letter ("200 U" of a broken abbreviation) is no noun.
            let letter = w.chars().count() == 1
                && !dotted
                && e == k + 1
                && self.is_sym(e, ".")
                && self.glued(e);
            ends.push((e, rules::NOT_NOUN_HEAD.contains(&w) || letter));
            k = e;
            words += 1;
            if letter {
                break;
            }
        }
        // Cut trailing words that cannot head the phrase ("students inside").
        while ends.last().is_some_and(|&(_, bad)| bad) {
            ends.pop();
        }
        k = ends.last().map_or(j, |&(e, _)| e);
        if k == j {
            return None;
        }
        let a = self.toks[j].start;
        let b = self.toks[k - 1].end;
        Some((k, self.chars[a..b].iter().collect()))
    }

    /// A rate after token `j`: "a month", "per hive", "each year", "monthly".
    fn rate_after(&self, j: usize) -> Option<String> {
        let w = self.word(j)?;
        if let Some((_, r)) = rules::RATE_ADVERBS.iter().find(|(a, _)| *a == w) {
            return Some((*r).to_string());
        }
        let noun = self.word(j + 1)?;
        match w {
            "per" => (!is_stop(noun)).then(|| noun.to_string()),
            "a" | "an" | "each" | "every" => rules::RATE_NOUNS
                .iter()
                .find(|(n, _)| *n == noun)
                .map(|(_, r)| (*r).to_string()),
            _ => None,
        }
    }

    /// Whether the number at core tokens `[s, e)` is an identifier, a date, a time, a year,
    /// a phone number or list numbering rather than a quantity.
    fn not_a_figure(&self, core: &Core, money: bool) -> bool {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        let prev = s.checked_sub(1).map(|p| &toks[p]);
        if first.kind == Tk::Word && numbers::cardinal(&first.text).is_some() {
            // "Take-Two": a number word hyphenated onto a word is part of a name.
            if !first.space
                && prev.is_some_and(|p| p.text == "-")
                && s >= 2
                && self.glued(s - 1)
                && toks[s - 2].kind == Tk::Word
                && numbers::cardinal(&toks[s - 2].text).is_none()
            {
                return true;
            }
            // "Three Amigos", "Zero Gravity Seats": a capitalised number word inside a
            // sentence, followed by a capitalised word, is a name.
            if first.cap
                && !self.sentence_initial(s)
                && toks.get(e).is_some_and(|t| t.kind == Tk::Word && t.cap)
            {
                return true;
            }
        }
        // "the number eight", "Image 4 of 5", "chapter two": identifier prefixes.
        if prev.is_some_and(|p| {
            p.kind == Tk::Word && rules::IDENTIFIER_PREFIXES.contains(&p.text.as_ref())
        }) && first.kind == Tk::Word
            && !money
        {
            return true;
        }
        // "“10 Things in Tech”": a number opening a quoted title-case phrase.
        if !money
            && prev.is_some_and(|p| {
                p.kind == Tk::Sym && rules::OPENING_QUOTES.contains(&p.text.as_ref())
            })
            && self.glued(s)
            && toks.get(e).is_some_and(|t| {
                t.kind == Tk::Word && t.cap && !INDEX.units.contains_key(t.text.as_ref())
            })
            && self.title_case_after(e)
        {
            return true;
        }
        // "24/7", "9/11": a slash "fraction" that is not proper is a name or a date.
        if first.kind == Tk::Num
            && self.is_sym(s + 1, "/")
            && self.glued(s + 1)
            && self.glued(s + 2)
            && toks.get(s + 2).is_some_and(|d| {
                d.kind == Tk::Num
                    && d.numeral
                        .zip(first.numeral)
                        .is_some_and(|(dn, nn)| nn.value >= dn.value)
            })
        {
            return true;
        }
        // "4K", "8k streaming": a display format, not thousands, unless it is money.
        if !money
            && e == s + 2
            && first.kind == Tk::Num
            && self.is_word(s + 1, "k")
            && self.glued(s + 1)
            && first
                .numeral
                .is_some_and(|n| n.value < rules::RESOLUTION_K_BELOW)
        {
            return true;
        }
        // "5G", "4G": an upper-case letter naming a generation, not giga.
        if !money
            && e == s + 2
            && first.kind == Tk::Num
            && toks[s + 1].cap
            && self.glued(s + 1)
            && self
                .word(s + 1)
                .is_some_and(|w| rules::NAME_SUFFIX_LETTERS.contains(&w))
            && first.numeral.is_some_and(|n| {
                n.value < rules::RESOLUTION_K_BELOW && n.value.fract() == 0.0 && !n.decimal
            })
        {
            return true;
        }
        if first.kind == Tk::Num {
            if first.numeral.is_none() {
                return true;
            }
            if let Some(p) = prev {
                // "APT1", "COVID-19", "F-35", "#5", "+1", "/2", ":30"
                if !first.space {
                    match p.kind {
                        Tk::Word => {
                            if !money {
                                return true;
                            }
                        }
                        Tk::Sym => {
                            if matches!(
                                p.text.as_ref(),
                                "#" | "+" | "/" | ":" | "@" | "^" | "=" | "№"
                            ) {
                                return true;
                            }
                            if p.text == "-" && s >= 2 && !p.space {
                                let pp = &toks[s - 2];
                                if pp.kind == Tk::Word {
                                    return true;
                                }
                            }
                            if p.text == "'" && self.is_word(e, "s") {
                                return true; // "'90s"
                            }
                            // "jse.2025.0143", "v.2"
                            if p.text == "." && s >= 2 && !p.space {
                                return true;
                            }
                        }
                        Tk::Num => return true,
                    }
                }
            }
        }
        if let Some(t) = toks.get(e) {
            if !t.space {
                match t.kind {
                    // "1960s", "777F", "3D"
                    Tk::Word => {
                        let w = t.text.as_ref();
                        let known = INDEX.units.contains_key(w)
                            || rules::SCALES.iter().any(|(x, _)| *x == w)
                            || rules::MONEY_SCALES.iter().any(|(x, _)| *x == w)
                            || INDEX.currency_names.contains_key(w)
                            || rules::CURRENCY_CODES.iter().any(|(c, _)| *c == w)
                            || matches!(w, "am" | "pm" | "x");
                        if !known {
                            return true;
                        }
                    }
                    Tk::Sym => {
                        if matches!(t.text.as_ref(), "/" | ":" | "@" | "^") {
                            return true;
                        }
                        // "10.1038/..." DOIs and dotted identifiers
                        if t.text == "."
                            && toks
                                .get(e + 1)
                                .is_some_and(|n| !n.space && n.kind != Tk::Sym)
                        {
                            return true;
                        }
                    }
                    Tk::Num => return true,
                }
            }
        }
        // References: "14(3): 211–229", "John 3:16".
        if first.kind == Tk::Num {
            if self.is_sym(e, "(") && self.glued(e) {
                return true;
            }
            if s >= 2 && self.is_sym(s - 1, ":") {
                let b = &toks[s - 2];
                if !toks[s - 1].space && (b.text == ")" || b.kind == Tk::Num) {
                    return true;
                }
            }
            // "at 13.40": a clock time written with a period.
            if let Some(nm) = first.numeral {
                let frac = first.text.split('.').nth(1).map_or(0, str::len);
                if nm.decimal
                    && frac == 2
                    && nm.value < 24.0
                    && (nm.value.fract() * 100.0).round() < 60.0
                    && s > 0
                    && self.is_word(s - 1, "at")
                    && core.bare_numeral
                {
                    return true;
                }
            }
            // "911 calls"
            if rules::SERVICE_NUMBERS.contains(&first.text.as_ref())
                && (self
                    .word(e)
                    .is_some_and(|w| rules::SERVICE_CONTEXT.contains(&w))
                    || s.checked_sub(1)
                        .and_then(|p| self.word(p))
                        .is_some_and(|w| rules::SERVICE_VERBS_BEFORE.contains(&w)))
            {
                return true;
            }
        }
        // "Fourth Street", "5 Main Street" handled below; ordinal street names here.
        if core.form == Form::Ordinal
            && toks
                .get(e)
                .is_some_and(|t| t.cap && rules::STREET_SUFFIXES.contains(&t.text.as_ref()))
        {
            return true;
        }
        // Phone numbers: three digit groups joined by hyphens, "(555) 123-4567".
        if first.kind == Tk::Num {
            let chain = |k: usize| {
                self.is_sym(k, "-")
                    && self.glued(k)
                    && self.glued(k + 1)
                    && toks.get(k + 1).is_some_and(|t| t.kind == Tk::Num)
            };
            let mut groups = 1;
            let mut k = e;
            while chain(k) {
                groups += 1;
                k += 2;
            }
            let mut k = s;
            while k >= 2 && chain(k - 1) && !toks[k - 1].space && toks[k - 2].kind == Tk::Num {
                groups += 1;
                k -= 2;
            }
            if groups >= 3 {
                return true;
            }
            if self.is_sym(e, ")") && chain(e + 2) && self.is_sym(s.wrapping_sub(1), "(") {
                return true;
            }
            if let Some(nm) = first.numeral {
                if chain(e)
                    && nm.int_digits == 3
                    && !nm.grouped
                    && s >= 2
                    && self.is_sym(s - 1, ")")
                {
                    return true;
                }
            }
        }
        // Clock times and frequencies ("7 in the morning"; never "40,816 in the morning").
        let clock = first.numeral.is_none_or(|n| n.value <= 24.0) && core.value <= 24.0;
        for suffix in rules::TIME_SUFFIXES.iter().filter(|_| clock) {
            if self.match_phrase(e, suffix).is_some() {
                return true;
            }
        }
        if let Some(t) = toks.get(e) {
            if t.kind == Tk::Word && t.upper && rules::FREQUENCY_BANDS.contains(&t.text.as_ref()) {
                return true;
            }
        }
        // Dates: "May 4", "4 May", "4th of July".
        let date_word = |k: usize| {
            toks.get(k).is_some_and(|t| {
                t.kind == Tk::Word && t.cap && rules::DATE_WORDS.contains(&t.text.as_ref())
            })
        };
        if s > 0 && (date_word(s - 1) || (self.is_sym(s - 1, ".") && s > 1 && date_word(s - 2))) {
            return true;
        }
        if date_word(e) || (self.is_word(e, "of") && date_word(e + 1)) {
            return true;
        }
        if first.kind == Tk::Num {
            // List numbering: "1." or "2)" opening the paragraph.
            if s == 0 && (self.is_sym(e, ".") || self.is_sym(e, ")")) && core.bare_numeral {
                return true;
            }
            // Identifier prefixes: "Unit 61398", "No. 5", "route 9".
            let mut p = s;
            if p > 0 && self.is_sym(p - 1, ".") {
                p -= 1;
            }
            if p > 0 && !money {
                let pt = &toks[p - 1];
                if pt.kind == Tk::Word {
                    let w = pt.text.as_ref();
                    if rules::IDENTIFIER_PREFIXES.contains(&w) {
                        return true;
                    }
                    // "iPhone 11", "eBay 2": a camel-case product name before the number.
                    let orig = &self.chars[pt.start..pt.end];
                    if p == s
                        && orig.first().is_some_and(|c| c.is_lowercase())
                        && orig.iter().skip(1).any(|c| c.is_uppercase())
                    {
                        return true;
                    }
                    // "NBC 5 has": an acronym (not a currency code) opening the sentence.
                    if p == s
                        && pt.upper
                        && self.sentence_initial(p - 1)
                        && !rules::CURRENCY_CODES.iter().any(|(c, _)| *c == w)
                        && !INDEX.qualifiers_by_last.contains_key(w)
                    {
                        return true;
                    }
                    if pt.cap
                        && p == s
                        && !self.sentence_initial(p - 1)
                        && !w.ends_with("'s")
                        && !rules::CAPITAL_OK_BEFORE.contains(&w)
                        && !rules::DATE_WORDS.contains(&w)
                        && !INDEX.qualifiers_by_last.contains_key(w)
                    {
                        return true;
                    }
                }
            }
            // Addresses: "12 Main Street".
            let mut k = e;
            let mut caps = 0;
            while caps < 3 && toks.get(k).is_some_and(|t| t.kind == Tk::Word && t.cap) {
                if caps > 0 && rules::STREET_SUFFIXES.contains(&toks[k].text.as_ref()) {
                    return true;
                }
                caps += 1;
                k += 1;
            }
        }
        false
    }

    /// A bare whole number that gives someone's age: "Parise, 35, had scored" (between
    /// commas after a capitalised name) or "She was 94." (after a pronoun and "was").
    fn bare_age(&self, core: &Core, value: f64) -> bool {
        let (s, e) = (core.s, core.e);
        if !core.bare_numeral
            || self.toks[s].kind != Tk::Num
            || value.fract() != 0.0
            || !(1.0..=rules::MAX_AGE).contains(&value)
        {
            return false;
        }
        let closes = self
            .toks
            .get(e)
            .is_none_or(|t| t.kind == Tk::Sym && matches!(t.text.as_ref(), "," | "." | ";" | ")"));
        if !closes || s < 2 {
            return false;
        }
        let apposition = self.is_sym(s - 1, ",")
            && self.is_sym(e, ",")
            && self.toks[s - 2].kind == Tk::Word
            && self.toks[s - 2].cap
            && !self.toks[s - 2].upper
            && !rules::DATE_WORDS.contains(&self.toks[s - 2].text.as_ref());
        let predicate = self
            .word(s - 1)
            .is_some_and(|w| rules::AGE_VERBS.contains(&w))
            && self
                .word(s - 2)
                .is_some_and(|w| rules::AGE_SUBJECTS.contains(&w));
        apposition || predicate
    }

    /// Token `e` starts a run of title-case words: it and the next content word are
    /// capitalised ("Things in Tech", "Etapas para Alfabetizar"), as in a quoted title.
    fn title_case_after(&self, e: usize) -> bool {
        let mut k = e + 1;
        while k < e + 4 {
            match self.toks.get(k) {
                Some(t) if t.kind == Tk::Word && t.cap => return true,
                Some(t) if t.kind == Tk::Word && is_stop(&t.text) => k += 1,
                _ => return false,
            }
        }
        false
    }

    /// A calendar year: four bare digits 1000–2100 with no unit or currency.
    fn is_year(&self, core: &Core) -> bool {
        let t = &self.toks[core.s];
        core.bare_numeral
            && t.kind == Tk::Num
            && t.numeral.is_some_and(|n| {
                !n.grouped
                    && !n.decimal
                    && n.int_digits == 4
                    && (1000.0..=2100.0).contains(&n.value)
            })
    }

    // -------------------------------------------------------------- figures

    /// Reads one side of a figure at token `i`: sign, currency, number and unit.
    fn side(&self, i: usize) -> Option<Side> {
        let core = self.core(i)?;
        let mut s = core.s;
        let mut negative = false;
        let mut currency = None;
        if let Some((cs, iso)) = self.currency_before(s) {
            currency = Some(iso);
            s = cs;
        }
        // "-22", "minus 22", "negative one"
        if s > 0 && self.is_sym(s - 1, "-") && self.toks[core.s].kind == Tk::Num {
            let p = s - 1;
            let opens = p == 0 || self.toks[p].space || self.is_sym(p - 1, "(");
            if opens && (!self.toks[s].space || p == 0) {
                negative = true;
                s = p;
            }
        }
        if s > 0 && matches!(self.word(s - 1), Some("minus" | "negative")) {
            negative = true;
            s -= 1;
        }
        let mut unit = None;
        let mut e = core.e;
        // "€2.5m", "$67k", "$3bn"
        let mut core = core;
        if currency.is_some() {
            if let Some(w) = self.word(e) {
                if let Some(&(_, f)) = rules::MONEY_SCALES.iter().find(|(x, _)| *x == w) {
                    if self
                        .toks
                        .get(e + 1)
                        .is_none_or(|t| t.kind != Tk::Word || t.space)
                    {
                        core.value *= f;
                        core.scale *= f;
                        e += 1;
                        core.e = e;
                    }
                }
            }
            // "$10 dollars"
            if let Some(w) = self.word(e) {
                if rules::CURRENCY_NAMES
                    .iter()
                    .any(|(p, _, _)| p.len() == 1 && p[0] == w)
                {
                    e += 1;
                    core.e = e;
                }
            }
        }
        {
            // Fractions may take "a"/"of a" before a unit: "half a second", "a quarter of a millimetre".
            let mut j = e;
            if core.form == Form::Fraction {
                if matches!(self.word(j), Some("a" | "an")) {
                    j += 1;
                } else if self.is_word(j, "of") && matches!(self.word(j + 1), Some("a" | "an")) {
                    j += 2;
                }
            }
            if let Some(m) = self.unit_after(j, &core, currency.is_some()) {
                if j == e || m.kind != FigureKind::Percent {
                    unit = Some(m);
                }
            }
        }
        Some(Side {
            core,
            s,
            negative,
            currency,
            unit,
        })
    }

    /// Reads a side at token `k`, or after a currency written before its number.
    fn side_from(&self, k: usize) -> Option<Side> {
        for j in k..(k + 3).min(self.toks.len()) {
            if self.toks[j].kind == Tk::Num || j > k && self.toks[j].kind == Tk::Word {
                let side = self.side(j)?;
                return (side.s <= k).then_some(side);
            }
            if self.toks[j].kind == Tk::Word && j == k {
                if let Some(side) = self.side(j) {
                    return Some(side);
                }
            }
        }
        None
    }

    /// The end of the run of tokens glued to token `e - 1` ("APT1", "555-123-4567").
    fn chunk_end(&self, e: usize) -> usize {
        let mut k = e;
        while k < self.toks.len() && !self.toks[k].space {
            k += 1;
        }
        k
    }

    /// Tries to read a figure at token `i`; pushes what it finds and returns the token to
    /// resume at.
    fn figure_at(&self, i: usize, out: &mut Vec<Found>) -> Option<usize> {
        let t = &self.toks[i];
        let starts = match t.kind {
            Tk::Num => true,
            Tk::Word => {
                let w = t.text.as_ref();
                numbers::cardinal(w).is_some()
                    || numbers::ordinal(w).is_some()
                    || matches!(w, "a" | "an" | "half" | "quarter")
            }
            Tk::Sym => t.text.chars().next().and_then(numbers::vulgar).is_some(),
        };
        if !starts {
            return None;
        }
        let side = self.side(i)?;
        let core = side.core;
        if core.e <= i {
            return None;
        }
        if self.not_a_figure(&core, side.currency.is_some()) {
            // "Image 4 of 5": the total of a numbered item goes with it.
            if self.is_word(core.e, "of") {
                if let Some(c) = self.core(core.e + 1) {
                    return Some(c.e);
                }
            }
            return Some(self.chunk_end(core.e));
        }
        // "a"/"an" only starts a figure when it is part of the number ("a dozen", "a third").
        // Spelled "one" is a pronoun unless it counts a noun.
        let word0 = self.word(core.s).unwrap_or("");
        let mut qual = self.qualifier_before(side.s);
        // "over five years" is a period, not "more than".
        if let (Some((_, q)), Some(u)) = (qual, &side.unit) {
            if u.kind == FigureKind::Duration && rules::PERIOD_NOT_QUALIFIER.contains(&q) {
                qual = None;
            }
        }
        // A lone article counts only with a time unit after a qualifier, or for decades
        // ("about a week", "a decade"), never as a rate ("a year").
        if matches!(word0, "a" | "an") && core.e == core.s + 1 {
            let ok = side
                .unit
                .as_ref()
                .is_some_and(|u| u.factor != 1.0 || qual.is_some());
            if !ok {
                return Some(core.e);
            }
        }
        // "zero in on": a verb.
        if word0 == "zero"
            && core.e == core.s + 1
            && self
                .word(core.e)
                .is_some_and(|w| rules::ZERO_VERB_AFTER.contains(&w))
        {
            return Some(core.e);
        }
        // "a seventh straight session", "a third term": "a" + ordinal before a noun is a
        // rank; read it again from the ordinal. "a third of", "a fifth." stay fractions.
        if matches!(word0, "a" | "an")
            && core.form == Form::Fraction
            && core.e == core.s + 2
            && self
                .word(core.s + 1)
                .is_some_and(|w| numbers::ordinal(w).is_some() && !matches!(w, "half" | "quarter"))
            && self.word(core.e).is_some_and(|w| {
                !rules::FRACTION_AFTER_A_ORDINAL.contains(&w)
                    && !is_stop(w)
                    && !INDEX.units.contains_key(w)
            })
            && side.unit.is_none()
            && self.qualifier_before(side.s).is_none()
        {
            return Some(core.s + 1);
        }
        // "one-day", "zero-depth": compound adjectives, not figures.
        if core.spelled
            && core.e == core.s + 1
            && matches!(word0, "one" | "zero" | "nought")
            && self.is_sym(core.e, "-")
            && self.glued(core.e)
            && self
                .word(core.e + 1)
                .is_none_or(|w| numbers::cardinal(w).is_none())
        {
            return Some(self.chunk_end(core.e));
        }
        // "six three-point attempts": a compound right after another number.
        if core.s > 0
            && self.is_sym(core.e, "-")
            && self.glued(core.e)
            && self.word(core.e + 1).is_some()
            && side.unit.is_none()
            && self.core(core.s - 1).is_some_and(|c| c.e == core.s)
        {
            return Some(self.chunk_end(core.e));
        }
        let start = qual.map_or(side.s, |(q, _)| q);
        let mut e = side.unit.as_ref().map_or(core.e, |u| u.e);
        let mut value = core.value * side.unit.as_ref().map_or(1.0, |u| u.factor);
        if side.negative {
            value = -value;
        }
        let mut kind = match (side.currency, &side.unit) {
            (Some(_), Some(u)) if u.kind == FigureKind::Percent => FigureKind::Percent,
            (Some(_), _) => FigureKind::Money,
            // "the 45th minute": a rank in time, not a span.
            (None, Some(_)) if core.form == Form::Ordinal => FigureKind::Ordinal,
            (None, Some(u)) => u.kind,
            (None, None) => match core.form {
                Form::Plain => FigureKind::Count,
                Form::Fraction => FigureKind::Fraction,
                Form::Ordinal => FigureKind::Ordinal,
            },
        };
        let mut unit: Option<String> = match (side.currency, &side.unit) {
            (Some(iso), None) => Some(iso.to_string()),
            (_, Some(u)) => Some(u.unit.clone()),
            _ => None,
        };
        let year = self.is_year(&core) && side.currency.is_none() && side.unit.is_none();
        // "one" as a pronoun; "half" as a period; a quarter without article.
        if core.spelled && core.e == core.s + 1 && side.unit.is_none() && side.currency.is_none() {
            let prev = core.s.checked_sub(1).and_then(|p| self.word(p));
            if word0 == "one" && !side.negative {
                let next = self.word(core.e);
                let ratio = matches!(next, Some("in" | "out" | "over"))
                    && (self.core(core.e + 1).is_some() || self.core(core.e + 2).is_some());
                // Alone, "one" is nearly always a pronoun or an article ("one example").
                if !ratio {
                    return Some(core.e);
                }
            }
            if word0 == "half" {
                if prev.is_some_and(|p| {
                    rules::HALF_PERIOD_BEFORE.contains(&p) || numbers::ordinal(p).is_some()
                }) {
                    return Some(core.e);
                }
                if self.is_sym(core.e, "-") && self.glued(core.e) {
                    return Some(core.e + 2);
                }
                if self
                    .word(core.e)
                    .is_some_and(|n| rules::HALF_NOT_FRACTION_AFTER.contains(&n))
                {
                    return Some(core.e);
                }
            }
        }
        // "a week" / "a decade": a lone article with a time unit counts only after a
        // qualifier or for decades and centuries.
        // Ranges: "20 to 30", "between 20 and 30", "20–30%", "€2.5m to €3m".
        let before = start.checked_sub(1).and_then(|p| self.word(p));
        let between = before == Some("between")
            || (qual.is_none() && side.s > 0 && self.is_word(side.s - 1, "between"));
        let from = before == Some("from") || (side.s > 0 && self.is_word(side.s - 1, "from"));
        let conn = e;
        let is_conn = match self.toks.get(conn) {
            Some(c) if c.kind == Tk::Word => c.text == "to" || (c.text == "and" && between),
            Some(c) if c.kind == Tk::Sym => {
                (c.text == "-"
                    && !between
                    && (c.space == self.toks.get(conn + 1).is_some_and(|n| n.space)))
                    || c.text == "~"
            }
            _ => false,
        };
        let mut low = None;
        let mut high = None;
        let mut range_rate_from = e;
        if is_conn {
            let hyphen = self.is_sym(conn, "-");
            let next_ok = self.toks.get(conn + 1).is_some_and(|n| {
                if hyphen {
                    n.kind == Tk::Num || (n.kind == Tk::Sym && side.currency.is_some())
                } else {
                    true
                }
            });
            if next_ok && (!hyphen || self.toks[core.s].kind == Tk::Num) {
                if let Some(other) = self.side_from(conn + 1) {
                    let oc = other.core;
                    let both_units = side.unit.is_some() || side.currency.is_some();
                    let small =
                        |c: &Core| c.value < 100.0 && c.bare_numeral && other.unit.is_none();
                    let year_pair = (self.is_year(&core) && (self.is_year(&oc) || small(&oc)))
                        || (self.is_year(&oc) && !both_units && core.value < 100.0);
                    if self.not_a_figure(&oc, other.currency.is_some()) || year_pair {
                        return Some(oc.e.max(core.e));
                    }
                    let mut v2 = oc.value * other.unit.as_ref().map_or(1.0, |u| u.factor);
                    if other.negative {
                        v2 = -v2;
                    }
                    let mut v1 = value;
                    if !both_units {
                        if let Some(u) = &other.unit {
                            v1 *= u.factor;
                        }
                        if core.scale == 1.0 && oc.scale > 1.0 {
                            v1 *= oc.scale;
                        }
                    }
                    // "$40-50 billion": the currency on the left, the scale on the right.
                    let bare_other = other.currency.is_none() && other.unit.is_none();
                    if side.currency.is_some()
                        && side.unit.is_none()
                        && bare_other
                        && core.scale == 1.0
                        && oc.scale > 1.0
                    {
                        v1 *= oc.scale;
                    }
                    let same_unit = match (&side.unit, &other.unit) {
                        (Some(a), Some(b)) => a.unit == b.unit,
                        (None, _) => {
                            side.currency.is_none()
                                || side.currency == other.currency
                                || (bare_other && oc.scale > 1.0)
                        }
                        _ => false,
                    };
                    if from && both_units {
                        // "from $2.75 to $2.90": a change, two figures.
                    } else if hyphen && v1 >= v2 {
                        // "78-71", "1995-01": scores and dates, not ranges.
                        return Some(oc.e.max(core.e));
                    } else if same_unit && v1 < v2 {
                        low = Some(v1);
                        high = Some(v2);
                        e = other.unit.as_ref().map_or(oc.e, |u| u.e);
                        range_rate_from = e;
                        if !both_units {
                            if other.currency.is_some() {
                                kind = FigureKind::Money;
                                unit = other.currency.map(str::to_string);
                            } else if let Some(u) = &other.unit {
                                kind = u.kind;
                                unit = Some(u.unit.clone());
                            }
                        }
                    }
                }
            }
        }
        if year && low.is_none() {
            return Some(core.e);
        }
        // "greater than 30 and less than 40": a lower and an upper bound make a range.
        if low.is_none() && self.is_word(e, "and") {
            if let Some((_, q1)) = qual {
                if rules::LOWER_BOUND_QUALIFIERS.contains(&q1) {
                    if let Some((qe, q2)) = self.qualifier_at(e + 1) {
                        if rules::UPPER_BOUND_QUALIFIERS.contains(&q2) {
                            if let Some(other) = self.side_from(qe) {
                                let v2 = other.core.value
                                    * other.unit.as_ref().map_or(1.0, |u| u.factor);
                                if v2 > value && !self.not_a_figure(&other.core, false) {
                                    low = Some(value);
                                    high = Some(v2);
                                    e = other.unit.as_ref().map_or(other.core.e, |u| u.e);
                                    range_rate_from = e;
                                    if unit.is_none() {
                                        if let Some(u) = &other.unit {
                                            unit = Some(u.unit.clone());
                                            kind = u.kind;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // "thirteen dollars forty-five cents", "15 dollars and 15", "C$100 and fifty".
        if kind == FigureKind::Money && low.is_none() && core.form == Form::Plain {
            let mut k = e;
            if self.is_word(k, "and") {
                k += 1;
            }
            // Not after a sub-unit ("64.2 cents a dozen"), nor an article ("a dozen").
            let whole_unit = side.unit.as_ref().is_none_or(|u| u.factor >= 1.0);
            let article = matches!(self.word(k), Some("a" | "an"));
            if let Some(c) = self.core(k).filter(|_| whole_unit && !article) {
                let then = self.word(c.e);
                let cents_word = matches!(then, Some("cents" | "cent" | "pence" | "p"));
                let bare_end = self.toks.get(c.e).is_none_or(|t| t.kind == Tk::Sym);
                if c.form == Form::Plain
                    && c.value < 100.0
                    && c.value.fract() == 0.0
                    && (cents_word || (bare_end && k > core.e))
                    && (side.unit.is_some() || side.currency.is_some())
                {
                    value += c.value / 100.0;
                    e = if cents_word { c.e + 1 } else { c.e };
                }
            }
        }
        let range_start = if between && low.is_some() {
            qual = None;
            start.saturating_sub(1).min(side.s - 1)
        } else {
            start
        };
        // Counted noun phrase, "N of M", fractions "of the ...".
        let mut e_unit = e;
        // "four to six services", "between 20 and 30 people": a range counts a noun too.
        if unit.is_none() && low.is_some() && core.form == Form::Plain {
            if let Some((ne, np)) = self.noun_phrase(e) {
                e_unit = ne;
                unit = Some(np);
            }
        }
        if unit.is_none() && low.is_none() {
            // "98 of 102 precincts", "five of her first six"
            if self.is_word(e, "of") && core.form != Form::Ordinal {
                let mut k = e + 1;
                if matches!(
                    self.word(k),
                    Some("her" | "his" | "their" | "its" | "the" | "our" | "my" | "your")
                ) {
                    if matches!(self.word(k + 1), Some("first" | "last")) {
                        k += 1;
                    }
                    if let Some(c) = self.core(k + 1) {
                        if c.form == Form::Plain && c.value >= value {
                            k += 1;
                        }
                    }
                }
                if k > e + 1 || self.core(k).is_some() {
                    if let Some(m) = self.core(k) {
                        if m.form == Form::Plain
                            && m.value >= value
                            && !self.not_a_figure(&m, false)
                            && !self.is_year(&m)
                        {
                            e_unit = m.e;
                            if let Some((ne, np)) = self.noun_phrase(m.e) {
                                e_unit = ne;
                                unit = Some(np);
                            }
                        }
                    }
                }
                if e_unit == e {
                    let det = self.word(e + 1);
                    if matches!(det, Some("them" | "those" | "these" | "us")) {
                        e_unit = e + 2;
                    } else if matches!(
                        det,
                        Some(
                            "the" | "her" | "his" | "their" | "its" | "our" | "all" | "my" | "your"
                        )
                    ) {
                        if let Some((ne, np)) = self.noun_phrase(e + 2) {
                            e_unit = ne;
                            unit = Some(np);
                        }
                    } else if core.form == Form::Fraction {
                        if let Some((ne, np)) = self.noun_phrase(e + 1) {
                            e_unit = ne;
                            unit = Some(np);
                        }
                    }
                }
            } else if (self.is_word(e, "in")
                || (self.is_word(e, "out") && self.is_word(e + 1, "of"))
                || self.is_word(e, "over"))
                && core.form == Form::Plain
                && core.value > 0.0
            {
                // "one in four", "two out of five hundred", "one over twenty"
                let k = if self.is_word(e, "out") { e + 2 } else { e + 1 };
                if let Some(m) = self.core(k) {
                    if m.form == Form::Plain
                        && m.value > core.value
                        && !self.is_year(&m)
                        && !self.not_a_figure(&m, false)
                    {
                        value = core.value / m.value;
                        kind = FigureKind::Fraction;
                        e_unit = m.e;
                        e = m.e;
                        if let Some((ne, np)) = self.noun_phrase(m.e) {
                            e_unit = ne;
                            unit = Some(np);
                        }
                    }
                }
            } else if word0 == "half" && self.is_word(e, "the") {
                if let Some((ne, np)) = self.noun_phrase(e + 1) {
                    e_unit = ne;
                    unit = Some(np);
                }
            } else if self.is_sym(e, "-") && self.glued(e) && self.glued(e + 1) {
                // "eight-lane", "412-page": the compound names what is counted.
                if let Some(w) = self.word(e + 1) {
                    if !is_stop(w) && numbers::cardinal(w).is_none() {
                        let mut k = e + 2;
                        while self.is_sym(k, "-")
                            && self.glued(k)
                            && self.glued(k + 1)
                            && self.word(k + 1).is_some()
                        {
                            k += 2;
                        }
                        e_unit = k;
                        let (a, b) = (self.toks[e + 1].start, self.toks[k - 1].end);
                        unit = Some(self.chars[a..b].iter().collect());
                    }
                }
            } else if let Some((ne, np)) = self.noun_phrase(e) {
                e_unit = ne;
                unit = Some(np);
                // "71 votes to 12": a tally, the second number is not a figure of its own.
                if self.is_word(ne, "to") {
                    if let Some(c) = self.core(ne + 1) {
                        let bare = self
                            .toks
                            .get(c.e)
                            .is_none_or(|t| t.kind == Tk::Sym || is_stop(&t.text));
                        if c.form == Form::Plain && bare && c.value < value {
                            e_unit = c.e;
                        }
                    }
                }
            }
            // Ages: "aged 16", "the age of 14".
            if unit.is_none() && core.form == Form::Plain {
                for p in rules::AGE_PREFIXES {
                    if self.match_phrase_before(start, p).is_some() {
                        kind = FigureKind::Duration;
                        unit = Some("years".to_string());
                        break;
                    }
                }
            }
            if unit.is_none() && qual.is_none() && self.bare_age(&core, value) {
                kind = FigureKind::Duration;
                unit = Some("years".to_string());
            }
            if word0 == "one"
                && core.e == core.s + 1
                && unit.is_none()
                && !side.negative
                && kind != FigureKind::Fraction
            {
                return Some(core.e);
            }
        }
        let rate_from = if low.is_none() {
            e_unit
        } else {
            range_rate_from
        };
        let rate = self.rate_after(rate_from);
        let e_final = e_unit.max(e);
        // "64.2 cents a dozen": the rate's words are not a figure of their own.
        let resume = match self.word(rate_from) {
            Some("a" | "an" | "each" | "every" | "per") if rate.is_some() => {
                e_final.max(rate_from + 2)
            }
            _ => e_final,
        };
        let s_final = if low.is_some() { range_start } else { start };
        out.push(Found {
            s: s_final,
            e: e_final,
            value: if low.is_some() { None } else { Some(value) },
            low,
            high,
            unit,
            qualifier: qual.map(|(_, q)| q.to_string()),
            kind,
            rate,
        });
        Some(resume)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<Figure> {
        extract_figures(&[text.to_string()])
    }

    fn one(text: &str) -> Figure {
        let f = figs(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        f.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn seed_counts_with_unit_and_rate() {
        let f = one("China faces more than 140,000 cyber attacks a month, it said.");
        assert_eq!(f.raw, "more than 140,000 cyber attacks");
        assert_eq!(f.value, Some(140000.0));
        assert_eq!(f.unit.as_deref(), Some("cyber attacks"));
        assert_eq!(f.qualifier.as_deref(), Some("more than"));
        assert_eq!(f.rate.as_deref(), Some("month"));
        let f = one("It saw an average of 144,000 cyberattacks per month.");
        assert_eq!(f.value, Some(144000.0));
        assert_eq!(f.qualifier.as_deref(), Some("average"));
        assert_eq!(f.rate.as_deref(), Some("month"));
    }

    #[test]
    fn fractions() {
        let f = one("almost two-thirds of the invasions");
        assert!((f.value.unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(f.kind, FigureKind::Fraction);
        assert_eq!(one("roughly one in four nights").value, Some(0.25));
        assert_eq!(one("about a third of students").value, Some(1.0 / 3.0));
    }

    #[test]
    fn money_and_percent() {
        let f = one("It cost C$1.1 billion.");
        assert_eq!((f.value, f.unit.as_deref()), (Some(1.1e9), Some("CAD")));
        let f = one("a fee of 71 cents");
        assert_eq!((f.value, f.unit.as_deref()), (Some(0.71), Some("USD")));
        let f = one("around CHF 9'800 each");
        assert_eq!((f.value, f.unit.as_deref()), (Some(9800.0), Some("CHF")));
        let f = one("about 70 per cent");
        assert_eq!(
            (f.value, f.unit.as_deref(), f.kind),
            (Some(70.0), Some("%"), FigureKind::Percent)
        );
        assert_eq!(one("a budget of $67k").value, Some(67000.0));
    }

    #[test]
    fn ranges_and_changes() {
        let f = one("between 20 and 30 percent");
        assert_eq!((f.value, f.low, f.high), (None, Some(20.0), Some(30.0)));
        let f = one("€2.5m to €3m");
        assert_eq!(
            (f.low, f.high, f.unit.as_deref()),
            (Some(2.5e6), Some(3e6), Some("EUR"))
        );
        assert_eq!(figs("fares rose from $2.75 to $2.90").len(), 2);
        let f = one("10 to 12 cents a share");
        assert_eq!((f.low, f.high), (Some(0.1), Some(0.12)));
    }

    #[test]
    fn measures_durations_ordinals() {
        let f = one("It was minus 22 degrees Fahrenheit.");
        assert_eq!((f.value, f.unit.as_deref()), (Some(-22.0), Some("°F")));
        let f = one("a 60-year-old man");
        assert_eq!((f.value, f.kind), (Some(60.0), FigureKind::Duration));
        assert_eq!(one("the 13th edition").kind, FigureKind::Ordinal);
        assert_eq!(one("12'400 metres").value, Some(12400.0));
    }

    #[test]
    fn not_figures() {
        for text in [
            "Unit 61398 is known as APT1.",
            "It runs Windows 10 now.",
            "In 2015 they met.",
            "Call 555-123-4567 today.",
            "The show starts at 7 p.m. on May 4.",
            "No. 5 was sold.",
            "Which one do you prefer?",
            "Hundreds of people came.",
            "Tune in to 89.3 FM tonight.",
            "See doi:10.1038/nature123 for details.",
            "It was in the 1930s.",
        ] {
            assert!(figs(text).is_empty(), "{text}: {:?}", figs(text));
        }
    }

    #[test]
    fn real_news_constructions() {
        let f = one("Two major Chinese military websites were hacked.");
        assert_eq!(f.unit.as_deref(), Some("major Chinese military websites"));
        let f = one("Some 200 U.S. military personnel remain.");
        assert_eq!(f.unit.as_deref(), Some("U.S. military personnel"));
        assert_eq!(f.qualifier.as_deref(), Some("some"));
        let f = one("Police pinned 800 students inside the campus.");
        assert_eq!(f.raw, "800 students");
        let f = one("It could raise at least 88 billion Hong Kong dollars.");
        assert_eq!(
            (f.kind, f.unit.as_deref()),
            (FigureKind::Money, Some("HKD"))
        );
        assert_eq!(f.value, Some(88e9));
        let f = one("They need the $40-50 billion in purchases.");
        assert_eq!((f.low, f.high, f.value), (Some(40e9), Some(50e9), None));
        assert_eq!(f.unit.as_deref(), Some("USD"));
        let f = one("He expects between four to six services.");
        assert_eq!((f.low, f.high), (Some(4.0), Some(6.0)));
        assert_eq!(f.unit.as_deref(), Some("services"));
        let f = one("Parise, 35, had scored just once.");
        assert_eq!(
            (f.kind, f.unit.as_deref()),
            (FigureKind::Duration, Some("years"))
        );
        let f = one("She was 94.");
        assert_eq!((f.kind, f.value), (FigureKind::Duration, Some(94.0)));
        let f = one("He left after five-and-a-half years.");
        assert_eq!(f.value, Some(5.5));
        let f = one("It covers a 13.8-billion-year period.");
        assert_eq!((f.value, f.kind), (Some(13.8e9), FigureKind::Duration));
        let f = one("Oil fell for a seventh straight session.");
        assert_eq!((f.kind, f.value), (FigureKind::Ordinal, Some(7.0)));
        let f = one("It is about a third faster.");
        assert_eq!(f.kind, FigureKind::Fraction);
        let f = one("He has spent Rs 24 lakh.");
        assert_eq!((f.value, f.unit.as_deref()), (Some(2.4e6), Some("INR")));
        let f = one("The engine makes 306 HP.");
        assert_eq!(
            (f.kind, f.unit.as_deref()),
            (FigureKind::Measure, Some("hp"))
        );
        let f = one("Eu trabalhei 25 anos aqui.");
        assert_eq!(
            (f.kind, f.unit.as_deref()),
            (FigureKind::Duration, Some("years"))
        );
        let f = one("The index hit 40,816.38 in the morning.");
        assert_eq!(f.value, Some(40816.38));
    }

    #[test]
    fn real_news_not_figures() {
        for text in [
            "Apple impressed with the iPhone 11's camera.",
            "He joined Take-Two last year.",
            "NBC 5 has edited the video.",
            "A friend called 911.",
            "He said \"Three Amigos\" was a joke.",
            "The seats are called Zero Gravity Seats now.",
            "It streams at 4K resolution.",
            "The store is open 24/7.",
            "Image 4 of 5",
            "The doctor tried to zero in on the cause.",
            "Subscribe to \"10 Things in Tech\" today.",
        ] {
            assert!(figs(text).is_empty(), "{text}: {:?}", figs(text));
        }
    }

    #[test]
    fn powers_and_scientific_notation() {
        let f = one("-1.1^+23");
        assert!((f.value.unwrap_or(0.0) + 8.954_302_432_552_39).abs() < 1e-9);
        assert_eq!(one("1.3x10^6").value, Some(1.3e6));
        let f = one("a width of 2 × 10^-3 m");
        assert_eq!((f.value, f.unit.as_deref()), (Some(0.002), Some("m")));
        // "10" without a power after the sign is no scientific notation.
        let f = figs("a 2 x 10 m room");
        assert_eq!(f.first().and_then(|f| f.value), Some(2.0));
    }

    #[test]
    fn upper_case_si_scales() {
        assert_eq!(one("1,674.5 G").value, Some(1.6745e12));
        assert_eq!(one("1,674,200.5 M").value, Some(1.674_200_5e12));
        let f = one("It has 300M users.");
        assert_eq!((f.value, f.unit.as_deref()), (Some(3e8), Some("users")));
        // Lower case stays metres and grams; "5G" is a network generation.
        let f = one("The 48m yacht");
        assert_eq!((f.value, f.unit.as_deref()), (Some(48.0), Some("m")));
        let f = one("It weighs 5 g.");
        assert_eq!((f.value, f.unit.as_deref()), (Some(5.0), Some("g")));
        assert!(figs("The 5G rollout beat 4G.").is_empty());
    }

    #[test]
    fn compound_denominators() {
        assert_eq!(one("three twenty firsts").value, Some(3.0 / 21.0));
        assert_eq!(one("one hundred thirty fifths").value, Some(100.0 / 35.0));
        assert_eq!(one("one hundred thirty-fifths").value, Some(100.0 / 35.0));
        // Nothing left for a numerator: the tens word is the numerator.
        assert_eq!(one("twenty fifths").value, Some(4.0));
        assert_eq!(one("one hundred thirty two fifths").value, Some(26.4));
        // "seconds" after a tens word is time.
        let f = one("It took one hundred twenty seconds.");
        assert_eq!((f.value, f.unit.as_deref()), (Some(120.0), Some("seconds")));
    }

    #[test]
    fn sub_unit_money_takes_no_cents() {
        let f = one("Egg prices averaged 64.2 cents a dozen.");
        assert_eq!(
            (f.raw.as_str(), f.value, f.rate.as_deref()),
            ("64.2 cents", Some(0.642), Some("dozen"))
        );
        assert_eq!(
            one("It cost thirteen dollars forty-five cents.").value,
            Some(13.45)
        );
    }

    #[test]
    fn prefilter_keeps_every_figure_start() {
        assert!(INDEX.number_words.keys().all(|w| w.len() <= 16));
        for text in [
            "It rose 4%.",
            "about a week",
            "Two-thirds of them",
            "HALF the town",
            "It took a Decade.",
            "It costs ½ as much.",
            "Eu trabalhei muitos Anos aqui.",
            "the Seventh time",
        ] {
            assert!(may_hold_figure(text), "{text}");
        }
        for text in [
            "Nobody came to the meeting.",
            "The week's news",
            "Weekly meetings, weekday plans and someone's seconds-long speech.",
            "",
        ] {
            assert!(!may_hold_figure(text), "{text}");
            assert!(figs(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn locale_decimal_comma() {
        let body = ["O Brasil tem 4.800 escolas e 2,5 milhões de alunos.".to_string()];
        let pt = extract_figures_in(&body, "pt");
        let vals: Vec<_> = pt.iter().map(|f| (f.value, f.unit.clone())).collect();
        assert_eq!(
            vals,
            vec![
                (Some(4800.0), Some("escolas".to_string())),
                (Some(2.5e6), None)
            ]
        );
        let en = extract_figures_in(&body, "en");
        assert_eq!(en.first().and_then(|f| f.value), Some(4.8));
        // A mislabelled English page keeps its thousands.
        let de = extract_figures_in(&["It costs $6,000.".to_string()], "de");
        assert_eq!(de.first().and_then(|f| f.value), Some(6000.0));
        assert_eq!(
            extract_figures_in(&body, "pt-BR")
                .first()
                .and_then(|f| f.value),
            Some(4800.0)
        );
    }
}
