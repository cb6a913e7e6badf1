//! Tokens: a paragraph cut into numerals, words and symbols with char offsets.

use super::*;

// ------------------------------------------------------------------ tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tk {
    Num,
    Word,
    Sym,
}

/// One token: a numeral, a word (lower-cased in `text`) or a single symbol.
#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    pub(super) kind: Tk,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: Cow<'a, str>,
    /// First letter is upper case.
    pub(super) cap: bool,
    /// All letters upper case (and more than one).
    pub(super) upper: bool,
    /// White space before it.
    pub(super) space: bool,
    pub(super) numeral: Option<Numeral>,
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// Currency signs that Unicode counts as letters ("元").
pub(super) fn is_currency_letter(c: char) -> bool {
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
pub(super) fn tokenize<'a>(
    text: &'a str,
    chars: &[char],
    decimal_comma: bool,
    toks: &mut Vec<Tok<'a>>,
) {
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
