//! Language-neutral line features (length, punctuation, capitalisation,
//! separators) and per-language stop-word lists used to tell prose from link
//! lists. The page language itself is identified in
//! [`super::metadata::language`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Stop words per language, as data: a line's stop-word density is measured
/// against the list of the page language.
const STOP_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as",
            "he", "she", "at", "by", "from", "his", "her", "have", "has", "are", "be", "this",
            "said", "were", "they", "an", "not", "but", "had", "who", "will", "would", "their",
            "which", "been", "or", "its", "we", "after", "than", "about", "more", "there", "when",
            "what", "can", "if", "our", "into", "i", "you", "a", "one", "all", "so", "up", "out",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "as", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas", "que", "é",
            "um", "uma", "para", "com", "não", "por", "mais", "ao", "seu", "sua", "foi", "como",
            "mas", "pelo", "pela", "também", "são", "ele", "ela", "ou", "quando", "muito", "já",
            "está", "isso", "seus", "suas", "aos", "entre", "ser", "tem", "você", "eles", "sobre",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "y", "en", "un", "una", "es", "por", "con", "para", "se",
            "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "fue", "este", "ha",
            "también", "son", "está", "cuando", "muy", "sin", "sobre", "ser", "hay", "esta",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "dem", "mit",
            "sich", "des", "auf", "für", "im", "von", "auch", "wird", "bei", "aus", "nach", "wie",
            "oder", "werden", "hat", "sie", "er", "wir", "sind", "war", "noch", "einen", "über",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "des", "du", "et", "est", "une", "qui", "dans", "pour", "pas", "sur",
            "au", "aux", "avec", "ce", "il", "elle", "ne", "plus", "par", "son", "sa", "ses",
            "été", "sont", "mais", "ont", "cette", "nous", "leur", "être", "fait", "comme",
        ],
    ),
    (
        "it",
        &[
            "il", "lo", "gli", "di", "del", "della", "che", "è", "per", "non", "con", "sono",
            "nel", "nella", "ma", "anche", "come", "più", "alla", "questo", "ha", "dei", "delle",
            "al", "sul", "era", "degli", "alle", "essere", "stato", "perché",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan",
            "pada", "juga", "ke", "ada", "oleh", "karena", "bisa", "adalah", "mereka",
        ],
    ),
];

/// How many languages have a stop-word list.
pub const N_LANGS: usize = STOP_WORDS.len();

/// The longest stop word in bytes (checked by a test).
const MAX_STOP_LEN: usize = 8;

/// Index into [`STOP_WORDS`], or `None` for scripts without a list.
pub type Lang = Option<usize>;

/// The stop-word list of an ISO 639-1 language code, if there is one.
pub fn lang_index(code: &str) -> Lang {
    STOP_WORDS.iter().position(|(c, _)| *c == code)
}

/// The ISO 639-1 code of a stop-word list.
pub fn lang_code(lang: usize) -> Option<&'static str> {
    STOP_WORDS.get(lang).map(|(code, _)| *code)
}

/// The language whose stop words plainly dominate: at least a quarter of
/// `words` and [`CLEAR_MARGIN`] times the runner-up, over at least
/// [`CLEAR_MIN_WORDS`] words. `None` leaves the page to the identifier (other
/// languages and scripts, mixed or short text). Example: an English page,
/// "the", "and", "of" making a third of its prose words.
pub fn clear_language(stops: &[usize; N_LANGS], words: usize) -> Option<usize> {
    if words < CLEAR_MIN_WORDS {
        return None;
    }
    let mut order: Vec<(usize, usize)> = stops.iter().copied().enumerate().collect();
    order.sort_by_key(|o| std::cmp::Reverse(o.1));
    let (best, n) = order.first().copied()?;
    let second = order.get(1).map_or(0, |o| o.1);
    (n * CLEAR_SHARE_DIV >= words && n >= CLEAR_MARGIN * second).then_some(best)
}

/// [`clear_language`]: prose words needed.
const CLEAR_MIN_WORDS: usize = 40;
/// [`clear_language`] (as `CLEAR_SHARE`): one word in this many must be a stop word of the language.
const CLEAR_SHARE_DIV: usize = 4;
/// [`clear_language`]: how many times the runner-up's stop words.
const CLEAR_MARGIN: usize = 3;

/// Lower-cases `word` into `buf`, stripping surrounding punctuation.
fn fold<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    // No stop word is longer than this; longer words need no folding.
    if word.len() > 24 {
        return buf.as_str();
    }
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        for c in w.chars() {
            buf.extend(c.to_lowercase());
        }
    }
    buf.as_str()
}

/// A small multiplicative (FxHash-style) hasher: stop-word keys are short
/// and not attacker-controlled in any way that matters, and SipHash was a
/// visible share of the normalizer's time.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// Word → bit set of the languages whose list holds it.
static STOP_INDEX: LazyLock<HashMap<&'static str, u16, BuildHasherDefault<FxHasher>>> =
    LazyLock::new(|| {
        let mut index = HashMap::default();
        for (i, (_, list)) in STOP_WORDS.iter().enumerate() {
            for w in *list {
                *index.entry(*w).or_insert(0u16) |= 1 << i;
            }
        }
        index
    });

/// Bit set of the languages that list `word` as a stop word.
fn stop_langs(word: &str) -> u16 {
    // No stop word is longer than 8 bytes ("também" is 7, "essere" 6).
    if word.is_empty() || word.len() > MAX_STOP_LEN {
        return 0;
    }
    STOP_INDEX.get(word).copied().unwrap_or(0)
}

/// What the classifier knows about one line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    /// Whitespace-separated tokens.
    pub words: usize,
    /// Characters (Unicode scalars).
    pub chars: usize,
    /// Words plus half the CJK characters: a length that works without spaces.
    pub eff_words: usize,
    /// Stop words of the page language.
    pub stops: usize,
    /// Words that start with an upper-case letter.
    pub capitalised: usize,
    /// Words that start with a lower-case letter.
    pub lowercase: usize,
    /// Words that contain a digit.
    pub numeric: usize,
    /// Menu separators: " | ", " · ", " • ", "›" and runs of three or more spaces.
    pub separators: usize,
    /// Sentence marks (. ! ? 。) followed by a space or the end, inside the line.
    pub sentence_marks: usize,
    /// The line ends like a sentence (., !, ?, :, a closing quote after one, …).
    pub ends_sentence: bool,
}

impl Features {
    /// Share of words that are stop words (0 when there are no words).
    pub fn stop_density(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.stops as f32 / self.words as f32
        }
    }

    /// Share of cased words that start upper-case.
    pub fn cap_ratio(&self) -> f32 {
        let cased = self.capitalised + self.lowercase;
        if cased == 0 {
            0.0
        } else {
            self.capitalised as f32 / cased as f32
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

fn is_sentence_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '“')
}

/// Measures one trimmed line. Linear in its length; allocates only a small
/// reusable word buffer.
pub fn measure(line: &str, lang: Lang) -> Features {
    let (mut f, stops) = measure_all(line);
    f.stops = lang.and_then(|l| stops.get(l).copied()).unwrap_or(0);
    f
}

/// [`measure`] before the language is known: `stops` is left 0 and the stop
/// words are counted for every language instead (indexed by [`Lang`]).
pub fn measure_all(line: &str) -> (Features, [usize; N_LANGS]) {
    let mut stops = [0usize; N_LANGS];
    let mut f = Features::default();
    let mut buf = String::new();
    // ASCII lines are read byte by byte: the same chars, no UTF-8 decoding.
    let cjk = if line.is_ascii() {
        scan_chars(line.bytes().map(char::from), &mut f)
    } else {
        scan_chars(line.chars(), &mut f)
    };
    for word in line.split_whitespace() {
        let langs = if word.is_ascii() {
            ascii_word(word.as_bytes(), &mut f)
        } else {
            f.words += 1;
            let first = word.chars().find(|c| c.is_alphanumeric());
            match first {
                Some(c) if c.is_uppercase() => f.capitalised += 1,
                Some(c) if c.is_lowercase() => f.lowercase += 1,
                _ => {}
            }
            if word.chars().any(|c| c.is_ascii_digit()) {
                f.numeric += 1;
            }
            stop_langs(fold(word, &mut buf))
        };
        if langs != 0 {
            for (i, s) in stops.iter_mut().enumerate() {
                if langs & (1 << i) != 0 {
                    *s += 1;
                }
            }
        }
    }
    f.eff_words = f.words + cjk / 2;
    let mut tail = line.chars().rev().filter(|c| !c.is_whitespace());
    let last = tail.next();
    let before = tail.next();
    f.ends_sentence = match last {
        Some(c) if is_sentence_mark(c) || c == ':' => true,
        Some(c) if is_closer(c) => before.is_some_and(|b| is_sentence_mark(b) || b == ','),
        _ => false,
    };
    if f.ends_sentence {
        f.sentence_marks += 1;
    }
    (f, stops)
}

/// The char-level features of a line (chars, separators, sentence marks);
/// returns the number of CJK chars.
fn scan_chars(chars: impl Iterator<Item = char>, f: &mut Features) -> usize {
    let mut cjk = 0usize;
    let mut spaces = 0usize;
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    for c in chars {
        f.chars += 1;
        if is_cjk(c) {
            cjk += 1;
        }
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 3 || (spaces == 2 && !prev2.is_some_and(is_sentence_mark)) {
                f.separators += 1;
            }
            spaces = 0;
        }
        if matches!(c, '|' | '·' | '•' | '›' | '»' | '▸') && (prev == Some(' ') || prev.is_none())
        {
            f.separators += 1;
        }
        if c == ' '
            && prev.is_some_and(is_sentence_mark)
            && prev2.is_some_and(|p| p.is_alphanumeric() || is_closer(p))
        {
            f.sentence_marks += 1;
        }
        if c == ' ' && prev.is_some_and(is_closer) && prev2.is_some_and(is_sentence_mark) {
            f.sentence_marks += 1;
        }
        prev2 = prev;
        prev = Some(c);
    }
    cjk
}

/// The word-level features of an ASCII word (what the general path computes
/// with [`fold`], without the copy); returns its stop-word languages.
fn ascii_word(word: &[u8], f: &mut Features) -> u16 {
    f.words += 1;
    match word.iter().find(|c| c.is_ascii_alphanumeric()) {
        Some(c) if c.is_ascii_uppercase() => f.capitalised += 1,
        Some(c) if c.is_ascii_lowercase() => f.lowercase += 1,
        _ => {}
    }
    if word.iter().any(u8::is_ascii_digit) {
        f.numeric += 1;
    }
    stop_langs_ascii(fold_ascii(word))
}

/// [`fold`] of an ASCII word before lower-casing: trimmed of punctuation, or
/// empty when the word is too long to fold.
fn fold_ascii(word: &[u8]) -> &[u8] {
    if word.len() > 24 {
        return &[];
    }
    let start = word.iter().position(u8::is_ascii_alphanumeric);
    let end = word.iter().rposition(u8::is_ascii_alphanumeric);
    match (start, end) {
        (Some(s), Some(e)) => word.get(s..=e).unwrap_or(&[]),
        _ => &[],
    }
}

/// [`stop_langs`] of an ASCII word trimmed by [`fold_ascii`], lower-casing it on the stack.
fn stop_langs_ascii(w: &[u8]) -> u16 {
    if w.is_empty() || w.len() > MAX_STOP_LEN {
        return 0;
    }
    let mut low = [0u8; MAX_STOP_LEN];
    let Some(low) = low.get_mut(..w.len()) else {
        return 0;
    };
    for (d, s) in low.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(low).map_or(0, stop_langs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_fit_the_length_cap() {
        for (_, list) in STOP_WORDS {
            for w in *list {
                assert!(w.len() <= MAX_STOP_LEN, "{w}");
            }
        }
        assert_eq!(stop_langs("the"), 1);
        assert_eq!(stop_langs("council"), 0);
    }

    #[test]
    fn counts_stop_words_of_every_language() {
        let (f, stops) = measure_all("(THE) and, Of the");
        assert_eq!(stops[0], 4);
        assert_eq!((f.words, f.capitalised, f.lowercase), (4, 2, 2));
        assert_eq!(measure("(THE) and, Of the", lang_index("en")).stops, 4);
        assert_eq!(measure("(THE) and, Of the", None).stops, 0);
        assert_eq!(lang_index("pt"), Some(1));
        assert_eq!(lang_index("ja"), None);
    }

    #[test]
    fn a_clear_language_needs_a_share_and_a_margin() {
        let mut stops = [0usize; N_LANGS];
        stops[0] = 15;
        stops[1] = 2;
        assert_eq!(clear_language(&stops, 50), Some(0));
        assert_eq!(lang_code(0), Some("en"));
        // Too few words, too few stop words, or a close runner-up: no verdict.
        assert_eq!(clear_language(&stops, 30), None);
        assert_eq!(clear_language(&stops, 100), None);
        stops[1] = 6;
        assert_eq!(clear_language(&stops, 50), None);
    }

    #[test]
    fn measures_prose_and_menus() {
        let en = Some(0);
        let prose = measure("The motion passed by 31 votes to 18, the council said.", en);
        assert_eq!(prose.words, 11);
        assert!(prose.ends_sentence);
        assert!(prose.stop_density() > 0.2);
        let menu = measure("Home | City | Region | Business | Culture", en);
        assert_eq!(menu.separators, 4);
        assert!(!menu.ends_sentence);
        assert!(menu.cap_ratio() > 0.9);
        let quoted = measure("“We gave this an honest try.”", en);
        assert!(quoted.ends_sentence);
        let spaced = measure("Yes    15,230    64.9%", en);
        assert_eq!(spaced.separators, 2);
    }
}
