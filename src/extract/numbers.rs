//! Number words and numerals: what "forty", "third", "quarters" and "12'400" are worth.
//!
//! These are the leaves the figure scanner ([`super::figures`]) composes into quantities
//! ("two million and a half", "two-thirds"). Tables are data; the functions only look up.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// A `HashMap` keyed by table words. The keys are short and trusted, so they are
/// hashed with `rustc-hash`'s Fx hash (the default SipHash costs more than the
/// lookups it serves).
pub type WordMap<V> = FxHashMap<&'static str, V>;

/// Everything the tables say about one word.
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    cardinal: Option<(f64, CardinalRole)>,
    ordinal: Option<f64>,
    denominator: Option<f64>,
    compound_unit: Option<f64>,
}

/// Bit `len` of entry `b` is set when some key starts with byte `b` and is `len` bytes
/// long (`len` < 32): a cheap test that rejects most words before hashing them.
#[derive(Debug, Clone)]
pub struct FirstByteLen([u32; 256]);

impl FirstByteLen {
    /// The mask of `keys`.
    pub fn new<'k>(keys: impl IntoIterator<Item = &'k str>) -> Self {
        let mut m = [0u32; 256];
        for k in keys {
            if let Some(&b) = k.as_bytes().first() {
                m[usize::from(b)] |= 1u32.checked_shl(k.len() as u32).unwrap_or(0);
            }
        }
        FirstByteLen(m)
    }

    /// Whether some key may equal `word` (false only when none can).
    pub fn may_hold(&self, word: &[u8]) -> bool {
        word.first()
            .is_some_and(|&b| self.may_hold_parts(b, word.len()))
    }

    /// Whether some key may start with byte `first` and be `len` bytes long.
    pub fn may_hold_parts(&self, first: u8, len: usize) -> bool {
        len < 32 && self.0[usize::from(first)] & (1 << len) != 0
    }
}

/// The word tables below, indexed by word once (first entry of a word wins, as a scan
/// would find it), with a [`FirstByteLen`] mask of their words.
static WORDS: LazyLock<(WordMap<WordInfo>, FirstByteLen)> = LazyLock::new(|| {
    let mut m: WordMap<WordInfo> = WordMap::default();
    for &(w, v, r) in CARDINALS {
        m.entry(w).or_default().cardinal.get_or_insert((v, r));
    }
    for &(w, v) in ORDINALS {
        m.entry(w).or_default().ordinal.get_or_insert(v);
    }
    for &(w, v) in DENOMINATORS {
        m.entry(w).or_default().denominator.get_or_insert(v);
    }
    for &(w, v) in COMPOUND_DENOMINATOR_UNITS {
        m.entry(w).or_default().compound_unit.get_or_insert(v);
    }
    let mask = FirstByteLen::new(m.keys().copied());
    (m, mask)
});

fn info(word: &str) -> Option<&'static WordInfo> {
    let (words, mask) = &*WORDS;
    if !mask.may_hold(word.as_bytes()) {
        return None;
    }
    words.get(word)
}

/// Every word of the cardinal, ordinal and denominator tables.
pub fn number_words() -> impl Iterator<Item = &'static str> {
    CARDINALS
        .iter()
        .map(|e| e.0)
        .chain(ORDINALS.iter().map(|e| e.0))
        .chain(DENOMINATORS.iter().map(|e| e.0))
        .chain(COMPOUND_DENOMINATOR_UNITS.iter().map(|e| e.0))
}

/// How a cardinal word combines with its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardinalRole {
    /// 0–9.
    Unit,
    /// 10–19.
    Teen,
    /// 20, 30, … 90.
    Tens,
    /// "hundred": multiplies what came before.
    Hundred,
    /// "thousand", "million", …: closes a group.
    Scale,
    /// "dozen": multiplies what came before by 12.
    Dozen,
}

/// Cardinal number words with their value and role.
const CARDINALS: &[(&str, f64, CardinalRole)] = &[
    ("zero", 0.0, CardinalRole::Unit),
    ("nought", 0.0, CardinalRole::Unit),
    ("naught", 0.0, CardinalRole::Unit),
    ("nil", 0.0, CardinalRole::Unit),
    ("one", 1.0, CardinalRole::Unit),
    ("two", 2.0, CardinalRole::Unit),
    ("three", 3.0, CardinalRole::Unit),
    ("four", 4.0, CardinalRole::Unit),
    ("five", 5.0, CardinalRole::Unit),
    ("six", 6.0, CardinalRole::Unit),
    ("seven", 7.0, CardinalRole::Unit),
    ("eight", 8.0, CardinalRole::Unit),
    ("nine", 9.0, CardinalRole::Unit),
    ("ten", 10.0, CardinalRole::Teen),
    ("eleven", 11.0, CardinalRole::Teen),
    ("twelve", 12.0, CardinalRole::Teen),
    ("thirteen", 13.0, CardinalRole::Teen),
    ("fourteen", 14.0, CardinalRole::Teen),
    ("fifteen", 15.0, CardinalRole::Teen),
    ("sixteen", 16.0, CardinalRole::Teen),
    ("seventeen", 17.0, CardinalRole::Teen),
    ("eighteen", 18.0, CardinalRole::Teen),
    ("nineteen", 19.0, CardinalRole::Teen),
    ("twenty", 20.0, CardinalRole::Tens),
    ("thirty", 30.0, CardinalRole::Tens),
    ("forty", 40.0, CardinalRole::Tens),
    ("fourty", 40.0, CardinalRole::Tens),
    ("fifty", 50.0, CardinalRole::Tens),
    ("sixty", 60.0, CardinalRole::Tens),
    ("seventy", 70.0, CardinalRole::Tens),
    ("eighty", 80.0, CardinalRole::Tens),
    ("ninety", 90.0, CardinalRole::Tens),
    ("hundred", 100.0, CardinalRole::Hundred),
    ("thousand", 1e3, CardinalRole::Scale),
    ("million", 1e6, CardinalRole::Scale),
    ("billion", 1e9, CardinalRole::Scale),
    ("trillion", 1e12, CardinalRole::Scale),
    ("lakh", 1e5, CardinalRole::Scale),
    ("crore", 1e7, CardinalRole::Scale),
    ("dozen", 12.0, CardinalRole::Dozen),
    ("dozens", 12.0, CardinalRole::Dozen),
    ("dozs", 12.0, CardinalRole::Dozen),
    ("doz", 12.0, CardinalRole::Dozen),
    ("score", 20.0, CardinalRole::Dozen),
];

/// Ordinal words ("third" = 3). "first" and "second" are listed but the scanner only
/// uses them inside compounds ("twenty-first"): alone they are rarely figures.
const ORDINALS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 100.0),
    ("thousandth", 1000.0),
    ("millionth", 1e6),
];

/// Fraction denominators ("thirds", "a quarter", "half").
const DENOMINATORS: &[(&str, f64)] = &[
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fourth", 4.0),
    ("fourths", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("sixth", 6.0),
    ("sixths", 6.0),
    ("seventh", 7.0),
    ("sevenths", 7.0),
    ("eighth", 8.0),
    ("eighths", 8.0),
    ("ninth", 9.0),
    ("ninths", 9.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
    ("twelfth", 12.0),
    ("twelfths", 12.0),
    ("sixteenth", 16.0),
    ("sixteenths", 16.0),
    ("twentieth", 20.0),
    ("twentieths", 20.0),
    ("hundredth", 100.0),
    ("hundredths", 100.0),
    ("thousandth", 1000.0),
    ("thousandths", 1000.0),
];

/// Plural unit ordinals that close a compound denominator after a tens word: "three
/// twenty firsts" = 3/21, "one hundred thirty fifths" = 100/35 (the tens word belongs to
/// the denominator when a numerator stands before it). "seconds" is left out: "one
/// hundred twenty seconds" is a duration.
const COMPOUND_DENOMINATOR_UNITS: &[(&str, f64)] = &[
    ("firsts", 1.0),
    ("thirds", 3.0),
    ("fourths", 4.0),
    ("fifths", 5.0),
    ("sixths", 6.0),
    ("sevenths", 7.0),
    ("eighths", 8.0),
    ("ninths", 9.0),
];

/// Ordinal suffixes written against digits ("13th", "2nd").
pub const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

/// Unicode vulgar fractions and their values ("4½" = 4.5).
pub const VULGAR_FRACTIONS: &[(char, f64)] = &[
    ('½', 0.5),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('¼', 0.25),
    ('¾', 0.75),
    ('⅕', 0.2),
    ('⅖', 0.4),
    ('⅗', 0.6),
    ('⅘', 0.8),
    ('⅙', 1.0 / 6.0),
    ('⅚', 5.0 / 6.0),
    ('⅛', 0.125),
    ('⅜', 0.375),
    ('⅝', 0.625),
    ('⅞', 0.875),
];

/// The value and role of a cardinal word ("forty" → 40, Tens).
pub fn cardinal(word: &str) -> Option<(f64, CardinalRole)> {
    info(word)?.cardinal
}

/// The value of an ordinal word ("third" → 3).
pub fn ordinal(word: &str) -> Option<f64> {
    info(word)?.ordinal
}

/// The denominator a fraction word stands for ("thirds" → 3).
pub fn denominator(word: &str) -> Option<f64> {
    info(word)?.denominator
}

/// The unit a plural ordinal adds to a tens word in a compound denominator ("fifths" → 5
/// in "thirty fifths").
pub fn compound_denominator_unit(word: &str) -> Option<f64> {
    info(word)?.compound_unit
}

/// The value of a vulgar fraction character.
pub fn vulgar(c: char) -> Option<f64> {
    if c.is_ascii() {
        return None;
    }
    VULGAR_FRACTIONS
        .iter()
        .find(|(ch, _)| *ch == c)
        .map(|&(_, v)| v)
}

/// Shape of a numeral as written, found by [`parse_numeral`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    /// Its value.
    pub value: f64,
    /// Digits before the decimal mark, after removing separators.
    pub int_digits: usize,
    /// Whether it had thousands separators.
    pub grouped: bool,
    /// Whether it had a decimal part.
    pub decimal: bool,
}

/// Reads a numeral made of digits and separators: "140,000", "1.2", "12'400", "40 000",
/// "12,34,567.89", ".5". A lone comma followed by one or two digits is a decimal comma
/// ("4,5"); dot groups before a final comma are thousands in any language ("45.990,00").
/// Returns `None` for shapes that are not one number ("1.2.3").
pub fn parse_numeral(text: &str) -> Option<Numeral> {
    // Plain digits, by far the most common shape, need no cleaning.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Numeral {
            value: text.parse().ok()?,
            int_digits: text.len(),
            grouped: false,
            decimal: false,
        });
    }
    // "45.990,00", "1.234.567,8": dots before a final comma can only be thousands.
    if let (Some(d), Some(c)) = (text.find('.'), text.rfind(',')) {
        if d < c && !text[c..].contains('.') {
            return dot_grouped(text);
        }
    }
    let dots = text.matches('.').count();
    if dots > 1 {
        return None;
    }
    let commas: Vec<usize> = text.match_indices(',').map(|(i, _)| i).collect();
    let mut decimal_comma = false;
    if dots == 0 && commas.len() == 1 {
        let after = text.len() - commas[0] - 1;
        decimal_comma = after != 3;
    }
    let mut clean = String::with_capacity(text.len());
    let mut grouped = false;
    for c in text.chars() {
        match c {
            '0'..='9' => clean.push(c),
            '.' => clean.push('.'),
            ',' if decimal_comma => clean.push('.'),
            ',' | '\'' | '’' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => grouped = true,
            _ => return None,
        }
    }
    let value: f64 = clean.parse().ok()?;
    let int_digits = clean.split('.').next().map_or(0, str::len);
    Some(Numeral {
        value,
        int_digits,
        grouped,
        decimal: clean.contains('.'),
    })
}

/// Reads a numeral under the conventions of a language that writes a decimal comma
/// ("4.800" = 4800, "1.234.567,89", "2,5" = 2.5). A dot is a thousands separator only when
/// every group after it has exactly three digits; otherwise it stays a decimal point, so
/// an English-style "3.5" quoted on such a page still reads 3.5. A numeral without such
/// dot groups reads as in [`parse_numeral`]: "6,000" stays 6000 (a lone comma before three
/// digits is ambiguous, and pages mislabelled with a decimal-comma language are more
/// common than three-decimal values). With `decimal_comma` false this is [`parse_numeral`].
pub fn parse_numeral_in(text: &str, decimal_comma: bool) -> Option<Numeral> {
    if decimal_comma {
        if let Some(n) = dot_grouped(text) {
            return Some(n);
        }
    }
    parse_numeral(text)
}

/// "4.800", "1.234.567,89": dot thousands groups of exactly three digits, an optional
/// decimal comma after them. `None` for any other shape.
fn dot_grouped(text: &str) -> Option<Numeral> {
    let mut parts = text.split(',');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let groups: Vec<&str> = int_part.split('.').collect();
    let ok = groups.len() > 1
        && (1..=3).contains(&groups[0].chars().count())
        && groups[1..].iter().all(|g| g.chars().count() == 3);
    if !ok {
        return None;
    }
    let mut clean: String = groups.concat();
    if let Some(f) = frac_part {
        if f.contains('.') {
            return None;
        }
        clean.push('.');
        clean.push_str(f);
    }
    let n = parse_numeral(&clean)?;
    Some(Numeral { grouped: true, ..n })
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimal_comma_locale() {
        let v = |t: &str| parse_numeral_in(t, true).map(|n| n.value);
        assert_eq!(v("4.800"), Some(4800.0));
        assert_eq!(v("2,5"), Some(2.5));
        assert_eq!(v("1.234.567,89"), Some(1_234_567.89));
        assert_eq!(v("3.5"), Some(3.5));
        assert_eq!(v("6,000"), Some(6000.0));
        assert_eq!(parse_numeral("1.5,3"), None);
        assert_eq!(parse_numeral("1.2,3,4"), None);
        assert_eq!(v("1,5"), Some(1.5));
        assert!(parse_numeral_in("4.800", true).is_some_and(|n| n.grouped));
        assert_eq!(parse_numeral_in("4.800", false).map(|n| n.value), Some(4.8));
        assert_eq!(parse_numeral("45.990,00").map(|n| n.value), Some(45990.0));
    }

    use super::*;

    #[test]
    fn numerals_with_separators() {
        let v = |s: &str| parse_numeral(s).map(|n| n.value);
        assert_eq!(v("140,000"), Some(140000.0));
        assert_eq!(v("12'400"), Some(12400.0));
        assert_eq!(v("12’400"), Some(12400.0));
        assert_eq!(v("1,674,200.5"), Some(1674200.5));
        assert_eq!(v("12,34,567.89"), Some(1234567.89));
        assert_eq!(v(".5"), Some(0.5));
        assert_eq!(v("4,5"), Some(4.5));
        assert_eq!(v("40 000"), Some(40000.0));
        assert_eq!(v("1.2.3"), None);
        assert_eq!(
            parse_numeral("2015").map(|n| (n.int_digits, n.grouped)),
            Some((4, false))
        );
    }

    #[test]
    fn words() {
        assert_eq!(cardinal("forty"), Some((40.0, CardinalRole::Tens)));
        assert_eq!(cardinal("dozen"), Some((12.0, CardinalRole::Dozen)));
        assert_eq!(cardinal("hundreds"), None);
        assert_eq!(ordinal("third"), Some(3.0));
        assert_eq!(denominator("thirds"), Some(3.0));
        assert_eq!(vulgar('½'), Some(0.5));
        assert_eq!(compound_denominator_unit("firsts"), Some(1.0));
        assert_eq!(compound_denominator_unit("fifths"), Some(5.0));
        assert_eq!(compound_denominator_unit("seconds"), None);
        assert_eq!(compound_denominator_unit("fifth"), None);
        assert_eq!(cardinal("a"), None);
        assert_eq!(ordinal("seventeenth"), Some(17.0));
        // The mask of `info` holds every table word (none is 32 bytes or longer).
        assert!(number_words().all(|w| w.len() < 32 && WORDS.1.may_hold(w.as_bytes())));
        let mask = FirstByteLen::new(["ten", "million"]);
        assert!(mask.may_hold(b"ten") && mask.may_hold(b"two") && mask.may_hold(b"mission"));
        assert!(!mask.may_hold(b"to") && !mask.may_hold(b"") && !mask.may_hold(b"tens"));
    }

    #[test]
    fn plain_digits_fast_path() {
        let n = parse_numeral("2015");
        assert_eq!(
            n.map(|n| (n.value, n.int_digits, n.grouped, n.decimal)),
            Some((2015.0, 4, false, false))
        );
        assert_eq!(parse_numeral("007").map(|n| n.value), Some(7.0));
        assert_eq!(parse_numeral(""), None);
    }
}
