//! Quotes: direct and partial quotes with speaker, role and cue.
//!
//! Three passes over the body, each linear in its length:
//! 1. [`scan_marks`] finds the quoted spans (straight, curly, single, guillemet
//!    marks; quotes that run over paragraphs; nested quotes one level down).
//! 2. [`People`] collects the named people of the article (fullest name, first
//!    role, a gender hint) and every place they are mentioned, so that "Hua said"
//!    or "she said" can be resolved to the fullest name.
//! 3. [`attribute`] reads the words around each quote: a cue verb from
//!    [`quote_rules`](super::quote_rules) and the noun phrase next to it.
//!
//! Quotes with no cue and no speaker that do not look like speech (scare quotes,
//! titles, labels) are dropped.

use std::cell::RefCell;

use crate::extract::entities::{self, clean_name, collect_people, People};
use crate::extract::quote_rules::{self as rules, AttrRule, Dropped, Rejection, SETS};
use crate::model::{Quote, QuoteKind};

/// How far (in chars) context is read on either side of a quote.
const WINDOW: usize = 600;
/// How many tokens after a quote may separate it from its cue (long appositives:
/// "…," Ana Ruiz, a fellow at the institute in Lyon, France, and co-author, said).
const AFTER_REACH: usize = 48;

/// How many words a closing "…, he said." clause of the previous sentence may hold.
const PRECEDING_TAIL: usize = 6;

/// How many tokens after a quote inside the writer's sentence may come before its
/// cue ("…,” the agency's chief executive, Ola Berg, said).
const TRAILING_REACH: usize = 14;

/// How far a single-mark opener looks for its closer.
const SINGLE_REACH: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fam {
    Double,
    Single,
}

/// A quoted span before attribution.
#[derive(Debug, Clone)]
struct Span {
    /// Pieces of quoted text: (paragraph, start, end) char ranges, without marks.
    parts: Vec<(usize, usize, usize)>,
    /// Position of the opening mark in the first paragraph.
    open: usize,
    /// Position of the closing mark in the last paragraph, if it closes.
    close: Option<usize>,
    /// Set for a quote found inside another one.
    inner: bool,
}

impl Span {
    fn para(&self) -> usize {
        self.parts.first().map_or(0, |p| p.0)
    }
    fn end_para(&self) -> usize {
        self.parts.last().map_or(0, |p| p.0)
    }
}

fn opener(ch: &[char], i: usize) -> Option<Fam> {
    let prev = i.checked_sub(1).and_then(|j| ch.get(j)).copied();
    let next = ch.get(i + 1).copied();
    let next_ok = next.is_some_and(|n| !n.is_whitespace());
    match ch.get(i)? {
        '“' | '„' | '«' => Some(Fam::Double),
        '"' if next_ok => Some(Fam::Double),
        '‘' | '\'' | '‹'
            if next_ok
                && !prev.is_some_and(|p| p.is_alphanumeric())
                && !next.is_some_and(|n| n.is_ascii_digit()) =>
        {
            Some(Fam::Single)
        }
        _ => None,
    }
}

fn closer(ch: &[char], j: usize, fam: Fam) -> bool {
    let prev = j.checked_sub(1).and_then(|k| ch.get(k)).copied();
    let next = ch.get(j + 1).copied();
    match (fam, ch.get(j)) {
        (Fam::Double, Some('”' | '"' | '»')) => true,
        // Two apostrophes typed for a closing double mark: “…,’’ she said.
        (Fam::Double, Some(&c @ ('’' | '\''))) => {
            next == Some(c) && !prev.is_some_and(|p| p.is_whitespace())
        }
        (Fam::Single, Some('’' | '\'' | '›')) => {
            !prev.is_some_and(|p| p.is_whitespace()) && !next.is_some_and(|n| n.is_alphanumeric())
        }
        _ => false,
    }
}

fn find_close(ch: &[char], from: usize, fam: Fam) -> Option<usize> {
    let limit = match fam {
        Fam::Double => ch.len(),
        Fam::Single => ch.len().min(from + SINGLE_REACH),
    };
    (from..limit).find(|&j| closer(ch, j, fam))
}

/// Finds every top-level quote in the body, then the quotes nested in them.
fn scan_marks(paras: &[Vec<char>]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut carry: Option<(Span, Fam)> = None;
    for (p, ch) in paras.iter().enumerate() {
        let n = ch.len();
        let lead = ch.iter().position(|c| !c.is_whitespace()).unwrap_or(n);
        let mut i = 0;
        if let Some((mut span, fam)) = carry.take() {
            if lead < n && opener(ch, lead) == Some(fam) {
                match find_close(ch, lead + 1, fam) {
                    Some(j) => {
                        span.parts.push((p, lead + 1, j));
                        span.close = Some(j);
                        out.push(span);
                        i = j + 1;
                    }
                    None => {
                        span.parts.push((p, lead + 1, n));
                        carry = Some((span, fam));
                        continue;
                    }
                }
            } else {
                out.push(span);
            }
        }
        while i < n {
            let Some(fam) = opener(ch, i) else {
                i += 1;
                continue;
            };
            match find_close(ch, i + 1, fam) {
                Some(j) => {
                    out.push(Span {
                        parts: vec![(p, i + 1, j)],
                        open: i,
                        close: Some(j),
                        inner: false,
                    });
                    i = j + 1;
                }
                None if fam == Fam::Double || i == lead => {
                    let span = Span {
                        parts: vec![(p, i + 1, n)],
                        open: i,
                        close: None,
                        inner: false,
                    };
                    carry = Some((span, fam));
                    break;
                }
                None => i += 1,
            }
        }
    }
    if let Some((span, _)) = carry {
        out.push(span);
    }
    let mut all = Vec::with_capacity(out.len());
    for span in out {
        let inner = nested(paras, &span);
        all.push(span);
        all.extend(inner);
    }
    all
}

/// Quotes of the other mark family inside one quote's parts.
fn nested(paras: &[Vec<char>], span: &Span) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(&(p0, _, _)) = span.parts.first() else {
        return out;
    };
    let outer = paras.get(p0).and_then(|c| c.get(span.open));
    let outer_fam = match outer {
        Some('‘' | '\'' | '‹') => Fam::Single,
        _ => Fam::Double,
    };
    let want = if outer_fam == Fam::Double {
        Fam::Single
    } else {
        Fam::Double
    };
    for &(p, s, e) in &span.parts {
        let Some(ch) = paras.get(p) else { continue };
        let mut i = s;
        while i < e {
            if opener(ch, i) == Some(want) {
                if let Some(j) = find_close(&ch[..e], i + 1, want) {
                    out.push(Span {
                        parts: vec![(p, i + 1, j)],
                        open: i,
                        close: Some(j),
                        inner: true,
                    });
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
    }
    out
}

// ------------------------------------------------------------------ tokens

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) s: usize,
    pub(super) e: usize,
    pub(super) word: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Words (with inner hyphens, apostrophes and abbreviation periods) and single
/// punctuation marks of `ch[lo..hi]`.
pub(super) fn tokenize(ch: &[char], lo: usize, hi: usize) -> Vec<Tok> {
    let hi = hi.min(ch.len());
    let mut out = Vec::new();
    let mut i = lo;
    while i < hi {
        let c = ch[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            out.push(Tok {
                s: i,
                e: i + 1,
                word: false,
            });
            i += 1;
            continue;
        }
        let s = i;
        while i < hi {
            let c = ch[i];
            let joiner =
                matches!(c, '-' | '\'' | '’' | '.' | '&') && i + 1 < hi && is_word_char(ch[i + 1]);
            if is_word_char(c) || joiner {
                i += 1;
            } else if matches!(c, '\'' | '’') && i > s && (ch[i - 1] == 's' || ch[i - 1] == 'S') {
                // Plural possessive: "Nurses'".
                if i + 1 >= hi || !is_word_char(ch[i + 1]) {
                    i += 1;
                }
                break;
            } else {
                break;
            }
        }
        if i < hi && ch[i] == '.' {
            let w: String = ch[s..i].iter().collect::<String>().to_lowercase();
            let single_letter = i - s == 1 && ch[s].is_uppercase();
            if SETS.abbreviations.contains(w.as_str()) || single_letter || w.contains('.') {
                i += 1;
            }
        }
        out.push(Tok {
            s,
            e: i,
            word: true,
        });
    }
    out
}

fn text(ch: &[char], s: usize, e: usize) -> String {
    ch.get(s..e.min(ch.len()))
        .map(|c| c.iter().collect())
        .unwrap_or_default()
}

/// The token lowercased, without a final period. ASCII words (most of them) are
/// lowercased as they are collected, in one allocation; others go through
/// `str::to_lowercase`, which knows the word-final sigma.
pub(super) fn low(ch: &[char], t: Tok) -> String {
    let word = ch.get(t.s..t.e.min(ch.len())).unwrap_or_default();
    let mut w: String = if word.iter().all(char::is_ascii) {
        word.iter().map(char::to_ascii_lowercase).collect()
    } else {
        word.iter().collect::<String>().to_lowercase()
    };
    if w.ends_with('.') {
        w.pop();
    }
    w
}

/// The word without a possessive ending.
pub(super) fn bare(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix('\''))
        .or_else(|| w.strip_suffix('’'))
        .unwrap_or(w)
}

pub(super) fn is_cap(ch: &[char], t: Tok) -> bool {
    t.word && ch.get(t.s).is_some_and(|c| c.is_uppercase())
}

pub(super) fn is_punct(ch: &[char], t: Tok, set: &str) -> bool {
    !t.word && ch.get(t.s).is_some_and(|c| set.contains(*c))
}

pub(super) fn is_role(w: &str) -> bool {
    SETS.roles.contains(bare(w)) || SETS.titles.contains(w) || w.ends_with("-year-old")
}

/// Does this word close a role on its left (a function word, a cue, a time word or a verb)?
fn role_closes(w: &str) -> bool {
    SETS.stops.contains(w)
        || SETS.cues.contains(w)
        || SETS.role_stop.contains(w)
        || (w.ends_with("ed") && !SETS.role_participles.contains(w) && !is_role(w))
}

/// A form of "be" ("is", "been", "what's") that makes the next participle passive.
fn is_be_form(w: &str) -> bool {
    rules::BE_FORMS.contains(&w)
}

pub(super) fn is_possessive(w: &str) -> bool {
    bare(w).len() != w.len()
}

/// Is there a sentence end at `k` ('.', '!' or '?' followed by a space)?
pub(super) fn sentence_end(ch: &[char], k: usize) -> bool {
    if !matches!(ch.get(k), Some('.' | '!' | '?')) {
        return false;
    }
    if !ch.get(k + 1).is_none_or(|c| c.is_whitespace()) {
        return false;
    }
    if ch[k] != '.' {
        return true;
    }
    let mut s = k;
    while s > 0 && (ch[s - 1].is_alphanumeric() || ch[s - 1] == '.') {
        s -= 1;
    }
    let w: String = ch[s..k].iter().collect::<String>().to_lowercase();
    // "a.m." / "p.m." end a sentence when a capital or a quote follows.
    if matches!(w.as_str(), "a.m" | "p.m" | "etc") {
        let next = ch[k + 1..].iter().find(|c| !c.is_whitespace());
        return next.is_none_or(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘' | '«'));
    }
    !(SETS.abbreviations.contains(w.as_str()) || (k - s == 1 && ch[s].is_alphabetic()))
}

fn sentence_start(ch: &[char], upto: usize) -> usize {
    let lo = upto.saturating_sub(WINDOW);
    (lo..upto)
        .rev()
        .find(|&k| sentence_end(ch, k))
        .map_or(lo, |k| k + 1)
}

// ------------------------------------------------------------------ noun phrases

#[derive(Debug, Clone, PartialEq)]
pub(super) enum NpKind {
    Name,
    Org,
    Pronoun,
    Desc,
}

#[derive(Debug, Clone)]
pub(super) struct Np {
    pub(super) kind: NpKind,
    pub(super) text: String,
    pub(super) role: Option<String>,
    /// Token index where the phrase (with its role) starts.
    pub(super) first: usize,
}

fn join(ch: &[char], toks: &[Tok], a: usize, b: usize) -> String {
    match (toks.get(a), b.checked_sub(1).and_then(|k| toks.get(k))) {
        (Some(x), Some(y)) if a < b => text(ch, x.s, y.e),
        _ => String::new(),
    }
}

/// The noun phrase that ends just before token `end`, not reaching left of `lo`.
pub(super) fn np_ending_at(ch: &[char], toks: &[Tok], lo: usize, end: usize) -> Option<Np> {
    let mut k = end;
    while k > lo && toks[k - 1].word && SETS.adverbs.contains(low(ch, toks[k - 1]).as_str()) {
        k -= 1;
    }
    if k <= lo || !toks[k - 1].word {
        return None;
    }
    let last = low(ch, toks[k - 1]);
    if rules::PRONOUNS.contains(&last.as_str()) {
        return Some(Np {
            kind: NpKind::Pronoun,
            text: last,
            role: None,
            first: k - 1,
        });
    }
    // A run of capitalised words (and name particles between them).
    let mut s = k;
    while s > lo {
        let t = toks[s - 1];
        let cap = is_cap(ch, t);
        let particle = t.word
            && rules::NAME_PARTICLES.contains(&low(ch, t).as_str())
            && s < k
            && s >= lo + 2
            && is_cap(ch, toks[s - 2]);
        if cap || particle {
            s -= 1;
        } else {
            break;
        }
    }
    if s < k {
        let words: Vec<String> = (s..k).map(|i| low(ch, toks[i])).collect();
        let mut name_start = s;
        let mut role_in_run = false;
        let mut place_split = false;
        let job_surname = surname_like_role(ch, toks, lo, s, k);
        for (off, w) in words.iter().enumerate() {
            if job_surname && s + off + 1 == k {
                continue;
            }
            if is_role(w) {
                name_start = s + off + 1;
                role_in_run = true;
            } else if off + s == name_start && SETS.non_name.contains(w.as_str()) {
                name_start = s + off + 1;
            } else if is_possessive(w) && off + 1 < words.len() && s + off >= name_start {
                // "NASA's Steve Clarke": the owner is not part of the name.
                name_start = s + off + 1;
            }
        }
        // "ambassador to Britain Liu Xiaming": after a preposition, a run of three or
        // more capitalised words starts with the place the role belongs to.
        if name_start == s
            && k - s >= 3
            && s > lo
            && toks[s - 1].word
            && matches!(low(ch, toks[s - 1]).as_str(), "to" | "of" | "for")
            && !rules::NAME_PARTICLES.contains(&words[1].as_str())
        {
            name_start = s + 1;
            place_split = true;
        }
        let name_words = &words[name_start - s..];
        let org = name_words.iter().any(|w| SETS.orgs.contains(bare(w)));
        if org {
            let mut a = s;
            while a < k && SETS.non_name.contains(low(ch, toks[a]).as_str()) {
                a += 1;
            }
            let first = if a > lo && SETS.determiners.contains(low(ch, toks[a - 1]).as_str()) {
                a - 1
            } else {
                a
            };
            return Some(Np {
                kind: NpKind::Org,
                text: join(ch, toks, a, k),
                role: None,
                first,
            });
        }
        if name_start < k {
            let mut first = name_start;
            // Role words before the name: inside the run, then lowercase modifiers.
            let run_has_role = role_in_run;
            // "analyst X" or "director of communications X".
            let left_is_role = s > lo && toks[s - 1].word && is_role(&low(ch, toks[s - 1]))
                || (s >= lo + 3
                    && toks[s - 1].word
                    && toks[s - 2].word
                    && matches!(low(ch, toks[s - 2]).as_str(), "of" | "for")
                    && is_role(&low(ch, toks[s - 3])));
            let role_before_place = place_split && s >= lo + 2 && is_role(&low(ch, toks[s - 2]));
            if run_has_role || left_is_role || role_before_place {
                first = if role_before_place { s - 2 } else { s };
                first = role_start(ch, toks, lo, first, name_start);
            }
            let role = (first < name_start).then(|| join(ch, toks, first, name_start));
            return Some(Np {
                kind: NpKind::Name,
                text: join(ch, toks, name_start, k),
                role,
                first,
            });
        }
    }
    description_ending_at(ch, toks, lo, k, &last)
}

/// Is the last word of the capitalised run `s..k` a surname that is also a job word
/// ("analyst Ken Doctor", "says Doctor")? Only when a role stands before the run and
/// a given name before the word, or when the word stands alone mid-sentence with no
/// determiner; a title ("President") and a run of job words ("Foreign Minister")
/// stay roles. A lone word still has to resolve to a person the article names.
fn surname_like_role(ch: &[char], toks: &[Tok], lo: usize, s: usize, k: usize) -> bool {
    let last = toks[k - 1];
    let w = low(ch, last);
    let title_case = text(ch, last.s, last.e)
        .chars()
        .skip(1)
        .all(|c| !c.is_alphabetic() || c.is_lowercase());
    if !title_case || !SETS.roles.contains(w.as_str()) || SETS.titles.contains(w.as_str()) {
        return false;
    }
    let left = (s > lo && toks[s - 1].word).then(|| low(ch, toks[s - 1]));
    if k - s == 1 {
        let plain_left =
            |l: &str| !SETS.determiners.contains(l) && !is_possessive(l) && !is_role(l);
        return !entities::opens_sentence(ch, last.s) && left.as_deref().is_none_or(plain_left);
    }
    let given = low(ch, toks[k - 2]);
    left.as_deref().is_some_and(is_role)
        && !is_role(&given)
        && !is_possessive(&given)
        && !SETS.non_name.contains(given.as_str())
        && !SETS.orgs.contains(given.as_str())
}

/// A description ending before token `k` ("the council", "her son", "officials"),
/// whose last word is `last`.
fn description_ending_at(ch: &[char], toks: &[Tok], lo: usize, k: usize, last: &str) -> Option<Np> {
    if SETS.stops.contains(last) || SETS.cues.contains(last) {
        return None;
    }
    let mut a = k - 1;
    let mut steps = 0;
    while a > lo && steps < 6 {
        let t = toks[a - 1];
        if !t.word {
            return None;
        }
        let w = low(ch, t);
        if SETS.determiners.contains(w.as_str())
            || is_possessive(&w) && is_cap(ch, t) && a - 1 == lo
        {
            a -= 1;
            return Some(Np {
                kind: NpKind::Desc,
                text: join(ch, toks, a, k),
                role: None,
                first: a,
            });
        }
        if SETS.stops.contains(w.as_str()) || SETS.cues.contains(w.as_str()) {
            return None;
        }
        a -= 1;
        steps += 1;
    }
    if a == lo && toks[a].word {
        let w = low(ch, toks[a]);
        // "officials said", "police told reporters": a bare plural or collective head.
        let head = bare(last).to_string();
        let bare_head = SETS.bare_heads.contains(head.as_str())
            || head
                .strip_suffix('s')
                .is_some_and(|h| SETS.roles.contains(h));
        if SETS.determiners.contains(w.as_str()) || bare_head {
            return Some(Np {
                kind: NpKind::Desc,
                text: join(ch, toks, a, k),
                role: None,
                first: a,
            });
        }
    }
    None
}

/// Where the role in front of a name starts, walking left from token `first`:
/// modifiers, "director of communications", "chairman, chief executive and
/// president", up to a determiner or a word that closes a role.
fn role_start(ch: &[char], toks: &[Tok], lo: usize, mut first: usize, name_start: usize) -> usize {
    let mut extra = 0;
    while first > lo && extra < 8 {
        let t = toks[first - 1];
        // "chairman, chief executive and president X": a list of roles.
        let role_before = first >= lo + 2
            && toks[first - 2].word
            && is_role(&low(ch, toks[first - 2]))
            && is_role_word_at(ch, toks, first);
        if !t.word {
            if role_before && is_punct(ch, t, ",") {
                first -= 1;
                extra += 1;
                continue;
            }
            break;
        }
        let w = low(ch, t);
        if SETS.determiners.contains(w.as_str()) {
            first -= 1;
            break;
        }
        // "director of communications": "of" links two parts of one role.
        let linked = (matches!(w.as_str(), "of" | "for")
            && first >= lo + 2
            && toks[first - 2].word
            && is_role(&low(ch, toks[first - 2])))
            || (w == "and" && role_before);
        if role_closes(&w) && !linked {
            break;
        }
        first -= 1;
        extra += 1;
    }
    // A role starts at a role word or a modifier, not at a leading sentence word
    // kept in the run ("After Fiona Hill").
    while first < name_start
        && is_cap(ch, toks[first])
        && !is_role(&low(ch, toks[first]))
        && SETS.non_name.contains(low(ch, toks[first]).as_str())
    {
        first += 1;
    }
    first
}

/// Does a role phrase start at token `k` (a role word or one modifier and a role
/// word: "chief executive")?
fn is_role_word_at(ch: &[char], toks: &[Tok], k: usize) -> bool {
    (k..toks.len().min(k + 2)).any(|m| toks[m].word && is_role(&low(ch, toks[m])))
}

/// An appositive after a name: ", a portfolio manager at X," / ", who runs a shop".
pub(super) fn appositive(ch: &[char], toks: &[Tok], a: usize, b: usize) -> Option<String> {
    let t = *toks.get(a)?;
    if !t.word || b <= a {
        return None;
    }
    // A long appositive ends its role at the first adjunct after the role word:
    // ", a top aide to the governor on the call with …," → "a top aide to the governor".
    let b = if b - a > 18 {
        (a + 1..a + 18).find(|&k| {
            toks[k].word
                && rules::ROLE_ADJUNCTS.contains(&low(ch, toks[k]).as_str())
                && (a..k).any(|m| toks[m].word && is_role(&low(ch, toks[m])))
        })?
    } else {
        b
    };
    let w = low(ch, t);
    let mut start = a;
    if w == "who" {
        // Only "who is the mayor" / "who runs a shop" describe; "who will testify" does not.
        let verb = toks.get(a + 1).map(|n| low(ch, *n)).unwrap_or_default();
        let (_, strip) = rules::WHO_ROLE_VERBS
            .iter()
            .find(|(v, _)| *v == verb.as_str())?;
        start += if *strip { 2 } else { 1 };
        if start >= b {
            return None;
        }
        // "who was waiting outside": a progressive verb, not a description.
        if *strip && low(ch, toks[start]).ends_with("ing") {
            return None;
        }
    } else if !(SETS.determiners.contains(w.as_str())
        || is_role(&w)
        || modified_role(ch, toks, a, b)
        || origin(ch, toks, a))
    {
        return None;
    }
    if SETS.cues.contains(w.as_str()) || w == "according" || w == "which" {
        return None;
    }
    let mut end = start;
    while end < b {
        let lw = low(ch, toks[end]);
        if end > start && matches!(lw.as_str(), "who" | "which" | "whose" | "according") {
            break;
        }
        end += 1;
    }
    // "a joiner named Pål Ekeberg": the appositive names someone else.
    if (start..end)
        .any(|k| toks[k].word && rules::NAMING_PARTICIPLES.contains(&low(ch, toks[k]).as_str()))
    {
        return None;
    }
    // An age or a count alone ("who is 22", ", 52,") is no role.
    let has_word = (start..end)
        .any(|k| toks[k].word && ch[toks[k].s..toks[k].e].iter().any(|c| c.is_alphabetic()));
    (end > start && has_word).then(|| join(ch, toks, start, end))
}

/// "from Punjab's Bhatinda" / "of Ashby Township": where the person is from.
fn origin(ch: &[char], toks: &[Tok], a: usize) -> bool {
    toks[a].word
        && matches!(low(ch, toks[a]).as_str(), "from" | "of")
        && toks.get(a + 1).is_some_and(|t| is_cap(ch, *t))
}

/// Do a few modifiers lead to a role word before any function word ("former
/// treasurer", "study lead author")? "read a victim statement" is a verb phrase.
fn modified_role(ch: &[char], toks: &[Tok], a: usize, b: usize) -> bool {
    for t in toks.iter().take(b.min(a + 4)).skip(a) {
        if !t.word {
            return false;
        }
        let w = low(ch, *t);
        if is_role(&w) {
            return true;
        }
        if SETS.stops.contains(w.as_str()) || SETS.determiners.contains(w.as_str()) {
            return false;
        }
    }
    false
}

/// Segment bounds (token ranges) split at commas between `lo` and `hi`.
fn comma_segments(ch: &[char], toks: &[Tok], lo: usize, hi: usize) -> Vec<(usize, usize)> {
    let mut segs = Vec::new();
    let mut a = lo;
    for (i, t) in toks.iter().enumerate().take(hi).skip(lo) {
        if is_punct(ch, *t, ",") {
            segs.push((a, i));
            a = i + 1;
        }
    }
    segs.push((a, hi));
    segs
}

/// Is this comma segment an adjunct ("who …", "via the Herald", "in a statement")?
fn is_relative(ch: &[char], toks: &[Tok], seg: (usize, usize)) -> bool {
    seg.0 < seg.1 && SETS.adjunct_heads.contains(low(ch, toks[seg.0]).as_str())
}

/// A whole segment read as a noun phrase.
fn whole_np(ch: &[char], toks: &[Tok], seg: (usize, usize)) -> Option<Np> {
    let np = np_ending_at(ch, toks, seg.0, seg.1)?;
    (np.first == seg.0).then_some(np)
}

/// The speaker written left of a cue at token `cue` (tokens from `lo`).
fn speaker_left(ch: &[char], toks: &[Tok], lo: usize, cue: usize) -> Option<Np> {
    // Only after the last hard boundary.
    let lo = (lo..cue)
        .rev()
        .find(|&i| is_punct(ch, toks[i], ";:—–()\"“”‘’'«»"))
        .map_or(lo, |i| i + 1);
    let segs = comma_segments(ch, toks, lo, cue);
    let n = segs.len();
    let last = segs[n - 1];
    let mut k = last.1;
    while k > last.0 && SETS.adverbs.contains(low(ch, toks[k - 1]).as_str()) {
        k -= 1;
    }
    if k > last.0 {
        let mut np = np_ending_at(ch, toks, last.0, k)?;
        if np.kind == NpKind::Name && np.role.is_none() && np.first == last.0 && n >= 2 {
            let prev = segs[n - 2];
            if let Some(d) = whole_np(ch, toks, prev).filter(|d| d.kind == NpKind::Desc) {
                np.role = Some(d.text);
            }
        }
        return Some(np);
    }
    // "X, a role, said" / "a role, X, said": look at the segments before the comma,
    // first from the left (the subject opens the clause), then from the right.
    if let Some(np) = leading_speaker(ch, toks, &segs[..n - 1]) {
        return Some(np);
    }
    let mut idx = n - 1;
    while idx > 0 {
        idx -= 1;
        let seg = segs[idx];
        if is_relative(ch, toks, seg) || seg.0 == seg.1 {
            continue;
        }
        let np = whole_np(ch, toks, seg).or_else(|| {
            // A name with a trailing "of Harcourt Lowe" keeps its name; a name after a
            // preposition inside a description ("a spokesman for X") is not the speaker.
            let starts_cap =
                is_cap(ch, toks[seg.0]) && !SETS.non_name.contains(low(ch, toks[seg.0]).as_str());
            np_ending_at(ch, toks, seg.0, seg.1).filter(|np| {
                np.kind != NpKind::Desc
                    && starts_cap
                    && (np.first == seg.0
                        || !SETS.stops.contains(low(ch, toks[np.first - 1]).as_str()))
            })
        });
        match np {
            Some(mut np) if np.kind == NpKind::Name => {
                if np.role.is_none() && idx > 0 {
                    if let Some(d) =
                        whole_np(ch, toks, segs[idx - 1]).filter(|d| d.kind == NpKind::Desc)
                    {
                        np.role = Some(d.text);
                    }
                }
                if np.role.is_none() && idx + 1 < n {
                    np.role = appositive(ch, toks, segs[idx + 1].0, segs[idx + 1].1);
                }
                return Some(np);
            }
            _ => {
                // An appositive: the name is the segment before it.
                if idx == 0 {
                    return None;
                }
                let role = appositive(ch, toks, seg.0, seg.1)?;
                let prev = segs[idx - 1];
                let mut np = np_ending_at(ch, toks, prev.0, prev.1)?;
                if np.kind == NpKind::Name && np.role.is_none() {
                    np.role = Some(role);
                }
                return Some(np);
            }
        }
    }
    None
}

/// The subject that opens a run of comma segments before a cue: "X, a role, …, said",
/// "a role, X, said", "In a statement, X, the mayor, said".
fn leading_speaker(ch: &[char], toks: &[Tok], segs: &[(usize, usize)]) -> Option<Np> {
    let mut idx = 0;
    while idx < segs.len() {
        let seg = segs[idx];
        let opener = seg.0 < seg.1 && SETS.role_stop.contains(low(ch, toks[seg.0]).as_str());
        if seg.0 == seg.1 || is_relative(ch, toks, seg) || opener {
            idx += 1;
        } else {
            break;
        }
    }
    let seg = *segs.get(idx)?;
    // The name may carry a trailing "of Harcourt Lowe".
    let np = whole_np(ch, toks, seg).or_else(|| {
        let p = (seg.0 + 1..seg.1).find(|&i| {
            toks[i].word && matches!(low(ch, toks[i]).as_str(), "of" | "at" | "from" | "with")
        })?;
        whole_np(ch, toks, (seg.0, p)).filter(|np| np.kind == NpKind::Name)
    })?;
    match np.kind {
        NpKind::Name => {
            let mut np = np;
            if np.role.is_none() {
                if let Some(&next) = segs.get(idx + 1) {
                    np.role = appositive(ch, toks, next.0, next.1);
                }
            }
            Some(np)
        }
        NpKind::Desc => {
            let next = *segs.get(idx + 1)?;
            let mut name = whole_np(ch, toks, next).filter(|n| n.kind == NpKind::Name)?;
            if name.role.is_none() {
                name.role = Some(np.text);
            }
            Some(name)
        }
        NpKind::Org | NpKind::Pronoun => Some(np),
    }
}

/// The speaker written right of a cue ("said deputy mayor Renske Albading, who …").
fn speaker_right(ch: &[char], toks: &[Tok], from: usize, hi: usize) -> Option<Np> {
    let hi2 = (from..hi)
        .find(|&i| is_punct(ch, toks[i], ".!?;:—–()\"“”‘’«»"))
        .unwrap_or(hi);
    let segs = comma_segments(ch, toks, from, hi2);
    let first = *segs.first()?;
    // "said Ana Ruiz of the CDF": the name before "of"; "said a report from X": X.
    let mut np = whole_np(ch, toks, first)
        .or_else(|| {
            let p = (first.0 + 1..first.1).find(|&i| {
                toks[i].word && matches!(low(ch, toks[i]).as_str(), "of" | "at" | "from")
            })?;
            whole_np(ch, toks, (first.0, p)).filter(|n| n.kind == NpKind::Name)
        })
        .or_else(|| {
            // "says the letter signed by seven doctors": a participle closes the phrase.
            let p = (first.0 + 2..first.1).find(|&i| {
                toks[i].word
                    && !is_cap(ch, toks[i])
                    && ["ed", "en"].iter().any(|s| low(ch, toks[i]).ends_with(s))
                    && toks
                        .get(i + 1)
                        .is_some_and(|t| t.word && low(ch, *t) == "by")
            })?;
            whole_np(ch, toks, (first.0, p)).filter(|n| n.kind == NpKind::Desc)
        })
        .or_else(|| {
            np_ending_at(ch, toks, first.0, first.1)
                .filter(|n| matches!(n.kind, NpKind::Name | NpKind::Org))
        })?;
    if np.kind == NpKind::Desc {
        // "said her son, Laurence Fenwright-Dunn": the name follows.
        if let Some(&next) = segs.get(1) {
            if let Some(mut name) = whole_np(ch, toks, next).filter(|n| n.kind == NpKind::Name) {
                name.role = Some(match name.role {
                    Some(r) => format!("{}, {}", np.text, r),
                    None => np.text.clone(),
                });
                return Some(name);
            }
        }
        return Some(np);
    }
    if np.kind == NpKind::Name && np.role.is_none() {
        np.role = trailing_role(ch, toks, &segs[1..]);
    }
    Some(np)
}

/// The role in the comma segments after a name that closes the sentence: an
/// appositive, one after an age (", 24, from Lyon"), and the organisation segments
/// that complete it (", division vice president, Nissan Sales at Nissan Inc.").
fn trailing_role(ch: &[char], toks: &[Tok], segs: &[(usize, usize)]) -> Option<String> {
    let mut idx = 0;
    let age = |s: (usize, usize)| {
        s.1 == s.0 + 1
            && ch[toks[s.0].s..toks[s.0].e]
                .iter()
                .all(char::is_ascii_digit)
    };
    if segs.first().is_some_and(|&s| age(s)) {
        idx = 1;
    }
    let &(a, b) = segs.get(idx)?;
    let mut role = appositive(ch, toks, a, b)?;
    let rest = &segs[idx + 1..];
    let org_tail = !rest.is_empty()
        && rest.iter().all(|&(a, b)| {
            a < b
                && is_cap(ch, toks[a])
                && !is_relative(ch, toks, (a, b))
                && (a..b).all(|k| !SETS.cues.contains(low(ch, toks[k]).as_str()))
        });
    if org_tail {
        if let (Some(x), Some(y)) = (rest.first(), rest.last()) {
            role.push_str(", ");
            role.push_str(&text(ch, toks[x.0].s, toks[y.1 - 1].e));
        }
    }
    Some(role)
}

/// The subject at the start of a sentence (after an opening adverbial).
fn sentence_subject(ch: &[char], toks: &[Tok]) -> Option<Np> {
    let segs = comma_segments(ch, toks, 0, toks.len());
    let mut idx = 0;
    if let Some(&(a, _)) = segs.first() {
        let w = toks.get(a).map(|t| low(ch, *t)).unwrap_or_default();
        let adverbial = SETS.stops.contains(w.as_str()) && !rules::PRONOUNS.contains(&w.as_str())
            || matches!(
                w.as_str(),
                "yesterday" | "today" | "last" | "meanwhile" | "however" | "instead" | "still"
            );
        if adverbial && segs.len() > 1 {
            idx = 1;
        }
    }
    let (a, b) = *segs.get(idx)?;
    // "The letter praised …": a determiner, then words up to the verb.
    if toks
        .get(a)
        .is_some_and(|t| t.word && SETS.determiners.contains(low(ch, *t).as_str()))
    {
        let mut e = a + 1;
        while e < b && e < a + 4 {
            let t = toks[e];
            let w = low(ch, t);
            if !t.word
                || SETS.stops.contains(w.as_str())
                || SETS.cues.contains(w.as_str())
                || SETS.weak_cues.contains(w.as_str())
                || (w.ends_with("ed") && e > a + 1)
            {
                break;
            }
            e += 1;
        }
        if e > a + 1 {
            return Some(Np {
                kind: NpKind::Desc,
                text: join(ch, toks, a, e),
                role: None,
                first: a,
            });
        }
    }
    // Read forward while the words can belong to a noun phrase.
    let mut e = a;
    while e < b {
        let t = toks[e];
        if !t.word {
            break;
        }
        let w = low(ch, t);
        let ok = is_cap(ch, t)
            || is_role(&w)
            || (e == a && SETS.determiners.contains(w.as_str()))
            || (e > a
                && !SETS.stops.contains(w.as_str())
                && !SETS.cues.contains(w.as_str())
                && e - a < 4
                && toks
                    .get(e + 1)
                    .is_some_and(|n| n.word && is_role(&low(ch, *n))));
        if !ok {
            break;
        }
        e += 1;
    }
    let np = np_ending_at(ch, toks, a, e)?;
    if np.kind == NpKind::Pronoun {
        return Some(np);
    }
    if np.kind == NpKind::Desc && e == b {
        if let Some(&next) = segs.get(idx + 1) {
            let after_name = next.1;
            if let Some(mut name) = np_ending_at(ch, toks, next.0, after_name)
                .filter(|n| n.kind == NpKind::Name && n.first == next.0)
            {
                name.role = Some(np.text);
                return Some(name);
            }
        }
    }
    Some(np)
}

/// The cue word at token `i`, with how many tokens it takes.
fn cue_at(ch: &[char], toks: &[Tok], i: usize) -> Option<(String, usize, bool)> {
    let t = toks[i];
    if !t.word {
        return None;
    }
    let w = low(ch, t);
    for (a, b, out) in rules::MULTI_CUES {
        // "According to X, …" opens a sentence; other cues do not.
        let case_ok = !is_cap(ch, t) || *out == "according to";
        // "in the words of" only with its "in the" ("the words of the anthem" is a noun).
        let lead_ok = *out != "in the words of"
            || (i >= 2 && low(ch, toks[i - 1]) == "the" && low(ch, toks[i - 2]) == "in");
        if case_ok
            && lead_ok
            && w == *a
            && toks.get(i + 1).is_some_and(|n| n.word && low(ch, *n) == *b)
        {
            return Some((out.to_string(), 2, false));
        }
    }
    // A capitalised cue opens a sentence as a participle ("Told that …").
    if is_cap(ch, t) {
        return None;
    }
    if SETS.cues.contains(w.as_str()) {
        return Some((text(ch, t.s, t.e), 1, false));
    }
    if SETS.weak_cues.contains(w.as_str()) {
        return Some((text(ch, t.s, t.e), 1, true));
    }
    None
}

// ------------------------------------------------------------------ attribution

#[derive(Debug, Clone, Default)]
struct Attribution {
    speaker: Option<String>,
    role: Option<String>,
    cue: Option<String>,
    /// The speaker is the writer ("we call it …").
    writer: bool,
    /// The rule that found the speaker.
    rule: Option<AttrRule>,
}

impl Attribution {
    fn by(mut self, rule: AttrRule) -> Self {
        self.rule = Some(rule);
        self
    }
}

/// A candidate speaker that attribution passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The words read as a speaker.
    pub candidate: String,
    /// Why they were not taken.
    pub why: Rejection,
}

/// A quote with the candidates its attribution rejected (`newsdb extract --explain`).
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    /// The quote as [`extract_quotes`] returns it.
    pub quote: Quote,
    /// Candidate speakers passed over, in the order they were read.
    pub rejected: Vec<Rejected>,
}

struct Ctx<'a> {
    paras: &'a [Vec<char>],
    people: &'a People,
    /// Candidates rejected while attributing the current quote.
    rejected: RefCell<Vec<Rejected>>,
    /// Quoted spans not kept as quotes, and why.
    dropped: RefCell<Vec<DroppedSpan>>,
}

/// A quoted span that was not kept as a quote (`newsdb extract --explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedSpan {
    /// Paragraph index.
    pub paragraph: usize,
    /// The quoted text.
    pub text: String,
    /// The rule that dropped it.
    pub why: Dropped,
}

/// Is a role only a title ("Dr.", "Ambassador", "Lt Col")? The article's fuller
/// description of the person is then the better role.
pub(super) fn title_only(role: &str) -> bool {
    role.split_whitespace().all(|w| {
        let w = w.trim_end_matches('.').to_lowercase();
        SETS.titles.contains(w.as_str()) || SETS.abbreviations.contains(w.as_str())
    })
}

/// A description as a speaker, with its determiner lowercased wherever it stood
/// ("The doctors said" and "said the doctors" give one speaker, "the doctors").
fn description_speaker(desc: &str) -> String {
    let (first, rest) = desc.split_once(' ').unwrap_or((desc, ""));
    let lower = first.to_lowercase();
    if rest.is_empty() || !SETS.determiners.contains(lower.as_str()) {
        return desc.to_string();
    }
    format!("{lower} {rest}")
}

/// Does `outer` hold every word of `inner` (case-insensitive)?
fn contains_words(outer: &str, inner: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let o = words(outer);
    let i = words(inner);
    !i.is_empty() && i.iter().all(|w| o.contains(w))
}

impl Ctx<'_> {
    fn drop(&self, span: &Span, text: String, why: Dropped) {
        self.dropped.borrow_mut().push(DroppedSpan {
            paragraph: span.para(),
            text,
            why,
        });
    }

    fn reject(&self, candidate: &str, why: Rejection) {
        self.rejected.borrow_mut().push(Rejected {
            candidate: candidate.to_string(),
            why,
        });
    }

    fn person(&self, i: usize, role: Option<&String>) -> Attribution {
        let p = &self.people.people[i];
        let role = match (role, &p.role) {
            (Some(r), Some(full)) if title_only(r) && !title_only(full) => Some(full.clone()),
            // The role given here is part of the fullest one the article gives.
            (Some(r), Some(full)) if contains_words(full, r) => Some(full.clone()),
            (Some(r), _) => Some(r.clone()),
            (None, full) => full.clone(),
        };
        Attribution {
            speaker: Some(p.name.clone()),
            role,
            ..Default::default()
        }
    }

    /// Turns a noun phrase into a speaker and role.
    fn resolve(
        &self,
        np: &Np,
        para: usize,
        pos: usize,
        sentence: &[Tok],
        ch: &[char],
    ) -> Attribution {
        let mut a = Attribution::default();
        match np.kind {
            NpKind::Pronoun => {
                if rules::FIRST_PERSON.contains(&np.text.as_str()) {
                    self.reject(&np.text, Rejection::Writer);
                    a.writer = true;
                } else if np.text == "he" || np.text == "she" {
                    match self.people.antecedent(para, pos, &np.text) {
                        Some(i) => a = self.person(i, None),
                        None => self.reject(&np.text, Rejection::NoAntecedent),
                    }
                } else if let Some(sub) = sentence_subject(ch, sentence) {
                    if matches!(sub.kind, NpKind::Desc | NpKind::Org) {
                        a.speaker = Some(match sub.kind {
                            NpKind::Desc => description_speaker(&sub.text),
                            _ => sub.text,
                        });
                    }
                }
            }
            NpKind::Name => match self.people.resolve(&np.text) {
                Some(i) => a = self.person(i, np.role.as_ref()),
                // A lone job word ("Director") that names nobody in the article.
                None if self.people.not_person(&np.text) || is_role(&np.text.to_lowercase()) => {
                    self.reject(&np.text, Rejection::NotAPerson);
                }
                None => {
                    a.speaker = Some(clean_name(&np.text));
                    a.role = np.role.clone();
                }
            },
            NpKind::Org => a.speaker = Some(np.text.clone()),
            NpKind::Desc => match self.people.by_description(&np.text, para, pos) {
                Some(i) => a = self.person(i, None),
                None => a.speaker = Some(description_speaker(&np.text)),
            },
        }
        a
    }
}

/// Attribution read after a quote: `, said X` / `, X said` / `, according to X`.
fn after_attribution(
    ctx: &Ctx,
    para: usize,
    lo: usize,
    hi: usize,
    reach: usize,
) -> Option<Attribution> {
    let ch = &ctx.paras[para];
    let toks = tokenize(ch, lo, hi);
    let start = toks.iter().position(|t| t.word)?;
    let mut skipped = false;
    for i in start..toks.len().min(start + reach) {
        if !toks[i].word {
            if is_punct(ch, toks[i], ".!?;:") {
                return None;
            }
            continue;
        }
        let after_only = (toks[i].word
            && !is_cap(ch, toks[i])
            && rules::AFTER_ONLY_CUES.contains(&low(ch, toks[i]).as_str()))
        .then(|| (text(ch, toks[i].s, toks[i].e), 1, false));
        let Some((cue, width, weak)) = cue_at(ch, &toks, i).or(after_only) else {
            continue;
        };
        // A naming cue after a quote reports it only with no object of its own
        // ("…,” the patient described in the report); "called it …" names a thing.
        let has_object = toks.get(i + width).is_some_and(|t| {
            t.word && !SETS.stops.contains(low(ch, *t).as_str()) && !is_cap(ch, *t)
        });
        if weak && (i == start || has_object) {
            return None;
        }
        // "…" announced in October, said X: a cue with nobody before it gives way
        // to the next one.
        // A cue after a comma that follows an earlier cue ("…” announced in May,
        // said X") reads its speaker on the right.
        let after_comma = i > start && i > 0 && is_punct(ch, toks[i - 1], ",") && skipped;
        let Some(np) = (if i == start || after_comma {
            speaker_right(ch, &toks, i + width, toks.len())
        } else {
            speaker_left(ch, &toks, start, i)
        }) else {
            skipped = true;
            continue;
        };
        let pos = toks[i].s;
        let mut a = ctx.resolve(&np, para, pos, &toks, ch);
        a.cue = Some(cue);
        return Some(a);
    }
    None
}

/// The last cue before `open` in the sentence tokens: (token index, cue, width).
fn last_cue(ch: &[char], toks: &[Tok]) -> Option<(usize, String, usize)> {
    for i in (0..toks.len()).rev() {
        if let Some((cue, width, weak)) = cue_at(ch, toks, i) {
            let words_after = toks[i + width..].iter().filter(|t| t.word).count();
            if weak && words_after > rules::WEAK_CUE_REACH {
                continue;
            }
            // "the call was …": after a determiner a weak cue is a noun.
            if weak && i > 0 && SETS.determiners.contains(low(ch, toks[i - 1]).as_str()) {
                continue;
            }
            return Some((i, cue, width));
        }
    }
    None
}

/// Does the cue name its source after it ("according to X", "in the words of X")?
fn source_follows(cue: &str) -> bool {
    matches!(cue, "according to" | "in the words of")
}

/// Attribution from a cue before the quote in the same sentence.
fn before_attribution(
    ctx: &Ctx,
    para: usize,
    sent_lo: usize,
    lo: usize,
    open: usize,
) -> Option<Attribution> {
    let ch = &ctx.paras[para];
    let toks = tokenize(ch, sent_lo, open);
    let first = toks.iter().position(|t| t.s >= lo).unwrap_or(toks.len());
    let (i, cue, width) = last_cue(ch, &toks)?;
    // A passive cue names rather than reports: "HP is called …", "what's been dubbed …".
    if i > 0 && toks[i - 1].word && is_be_form(&low(ch, toks[i - 1])) {
        return None;
    }
    // "X said, adding, “…”": a participle cue after a comma continues the clause
    // whose own cue names the speaker.
    let participle = i > 0
        && !source_follows(&cue)
        && is_punct(ch, toks[i - 1], ",")
        && low(ch, toks[i]).ends_with("ing");
    // The earlier cue must be a verb close before the comma, not a noun ("denied
    // Swift's claims, saying …").
    let main_cue = participle
        .then(|| last_cue(ch, &toks[..i - 1]))
        .flatten()
        .filter(|&(j, _, w)| {
            j + w + 4 >= i
                && (j == 0
                    || !(SETS.determiners.contains(low(ch, toks[j - 1]).as_str())
                        || is_possessive(&low(ch, toks[j - 1]))))
        });
    let (i, width) = main_cue.map_or((i, width), |(j, _, w)| (j, w));
    // "According to the man, the steroids “…”": the source follows the cue.
    let np = if source_follows(&cue) {
        let end = (i + width..toks.len())
            .find(|&k| is_punct(ch, toks[k], ","))
            .unwrap_or(toks.len());
        // "according to a survey by Ana Ruiz": the author is the source.
        let from = (i + width..end)
            .find(|&k| low(ch, toks[k]) == "by" && toks.get(k + 1).is_some_and(|t| is_cap(ch, *t)))
            .map_or(i + width, |k| k + 1);
        speaker_right(ch, &toks[..end], from, end)
    } else if i >= first {
        speaker_left(ch, &toks, first.min(i), i)
    } else {
        None
    };
    let np = np
        .or_else(|| speaker_left(ch, &toks, 0, i))
        .or_else(|| sentence_subject(ch, &toks));
    let np = match np {
        Some(np) if np.kind == NpKind::Pronoun && matches!(np.text.as_str(), "it" | "they") => {
            sentence_subject(ch, &toks)
                .filter(|s| s.kind != NpKind::Pronoun)
                .unwrap_or(np)
        }
        Some(np) => np,
        None => {
            return Some(Attribution {
                cue: Some(cue),
                ..Default::default()
            });
        }
    };
    let mut a = ctx.resolve(&np, para, toks[i].s, &toks, ch);
    a.cue = Some(cue);
    Some(a)
}

/// Attribution from the sentence just before a sentence-opening quote: a closing
/// "…, he said." clause in the same paragraph, or a previous paragraph that ends
/// with "X said:".
fn preceding_attribution(ctx: &Ctx, para: usize, lower: usize, b_lo: usize) -> Option<Attribution> {
    // Only when no quote came earlier in the paragraph: after "“A,” X told the
    // Herald." the next quote is X's (inherited), not the Herald's.
    if b_lo > lower && lower == 0 {
        let ch = &ctx.paras[para];
        let ps = sentence_start(ch, b_lo.saturating_sub(1)).max(lower);
        let comma = (ps..b_lo).rev().find(|&k| ch[k] == ',')?;
        let tail = tokenize(ch, comma + 1, b_lo);
        if tail.iter().filter(|t| t.word).count() > PRECEDING_TAIL {
            return None;
        }
        let a = after_attribution(ctx, para, comma + 1, b_lo, AFTER_REACH)?;
        return a.speaker.is_some().then(|| a.by(AttrRule::PrecedingTail));
    }
    if b_lo == 0 && para > 0 {
        let prev = &ctx.paras[para - 1];
        let end = prev.iter().rposition(|c| !c.is_whitespace())?;
        if prev[end] != ':' {
            return None;
        }
        let ss = sentence_start(prev, end);
        let a = before_attribution(ctx, para - 1, ss, ss, end)?;
        return a.speaker.is_some().then(|| a.by(AttrRule::ColonLeadIn));
    }
    None
}

/// The person who opens the sentence just before a sentence-opening quote (in the
/// same paragraph, or the last sentence of the previous one): "Vale walked the wall
/// on Monday. “It has moved a metre.”" Returns the attribution and where the
/// subject stands.
fn preceding_subject(
    ctx: &Ctx,
    para: usize,
    lower: usize,
    b_lo: usize,
) -> Option<(Attribution, (usize, usize))> {
    let (p, lo, hi) = if b_lo > lower {
        let ch = &ctx.paras[para];
        (para, sentence_start(ch, b_lo - 1).max(lower), b_lo)
    } else if b_lo == 0 && para > 0 {
        let prev = &ctx.paras[para - 1];
        let end = prev.iter().rposition(|c| !c.is_whitespace())?;
        // A paragraph that ends in a quote has its own speaker (continuation).
        if matches!(prev[end], '"' | '”' | '’' | '\'' | '»') {
            return None;
        }
        (para - 1, sentence_start(prev, end), end + 1)
    } else {
        return None;
    };
    let m = ctx
        .people
        .subjects
        .iter()
        .rev()
        .find(|m| m.0 == p && m.1 >= lo && m.1 < hi)?;
    let a = ctx.person(m.2, None).by(AttrRule::PrecedingSentence);
    Some((a, (m.0, m.1)))
}

/// Is the text after a quote a headline ("'We Got Her!' Video Shows Rescue")? Most
/// of its words are capitalised and it has no sentence stop: a link or a title, so
/// the quote does not inherit the previous speaker.
fn headline_like(ch: &[char], from: usize) -> bool {
    let rest: String = ch.get(from..).unwrap_or(&[]).iter().collect();
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphabetic()))
        .collect();
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_uppercase())
        })
        .count();
    let no_stop = !rest.trim_end().ends_with(['.', '!', '?', '"', '”']);
    // "'Meth. We're On It.': State spends $449K on campaign": a colon headline.
    let colon = rest.trim_start().starts_with(':') && no_stop;
    colon || (words.len() >= 3 && caps * 3 >= words.len() * 2 && no_stop)
}

/// A Q&A answer label ("VALSECCHI: …"): the label and where the answer starts.
fn qa_label(ch: &[char]) -> Option<(String, usize)> {
    let colon = ch.iter().take(40).position(|&c| c == ':')?;
    let label: String = ch[..colon].iter().collect();
    let label = label.trim();
    if label.is_empty()
        || !label
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '-' || c == '.' || c == '\'')
    {
        return None;
    }
    let start = (colon + 1..ch.len()).find(|&k| !ch[k].is_whitespace())?;
    Some((label.to_string(), start))
}

fn title_case(label: &str) -> String {
    label
        .split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(|c| c.to_lowercase()))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Does an unattributed quote read like speech (a sentence, not a title or label)?
fn looks_like_speech(t: &str, had_comma: bool) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 4 {
        return false;
    }
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    if caps * 2 > words.len() {
        return false;
    }
    had_comma
        || t.trim_end_matches(['"', '\'', '’', '”', ' '])
            .ends_with(['.', '!', '?', ','])
}

/// A role as the output gives it: without a leading article ("a planetary scientist"
/// → "planetary scientist"; news style names the job, not the indefinite phrase).
fn tidy_role(role: Option<String>) -> Option<String> {
    let role = role?;
    let r = role.trim().trim_end_matches(',').trim_end();
    let mut words = r.splitn(2, ' ');
    let first = words.next().unwrap_or_default();
    let rest = words.next().unwrap_or_default().trim_start();
    let r = if matches!(first.to_lowercase().as_str(), "a" | "an" | "the") && !rest.is_empty() {
        rest
    } else {
        r
    };
    (!r.is_empty()).then(|| r.to_string())
}

/// Finds the quotes in the body.
pub fn extract_quotes(body: &[String]) -> Vec<Quote> {
    run(body).0.into_iter().map(|e| e.quote).collect()
}

/// Finds the quotes in the body, each with the candidate speakers its attribution
/// passed over (for `newsdb extract --explain`).
pub fn explain_quotes(body: &[String]) -> Vec<Explained> {
    run(body).0
}

/// The quotes of [`explain_quotes`] and the quoted spans dropped on the way, each with
/// the rule that dropped it.
pub fn explain_all(body: &[String]) -> (Vec<Explained>, Vec<DroppedSpan>) {
    run(body)
}

/// What attribution carries from one quote to the next.
#[derive(Default)]
struct Flow {
    /// The last direct quote with a speaker: (last paragraph, close, attribution).
    prev: Option<(usize, usize, Attribution)>,
    /// Sentence-opening quotes of the current paragraph that a later attributed
    /// quote of the paragraph may take over (no speaker, or a guess from context).
    pending: Vec<usize>,
}

/// A quote's text and offsets, before attribution.
struct Piece {
    text: String,
    start: usize,
    end: usize,
    /// The quote ended in a comma inside the marks ("…," she said).
    had_comma: bool,
}

/// The quoted text of a span, parts joined by one space.
fn quote_text(paras: &[Vec<char>], span: &Span) -> Piece {
    let mut piece = Piece {
        text: String::new(),
        start: 0,
        end: 0,
        had_comma: false,
    };
    let mut pieces: Vec<String> = Vec::new();
    for (k, &(p, a, e)) in span.parts.iter().enumerate() {
        let ch = &paras[p];
        let mut a2 = a;
        while a2 < e && ch[a2].is_whitespace() {
            a2 += 1;
        }
        let mut e2 = e;
        while e2 > a2 && ch[e2 - 1].is_whitespace() {
            e2 -= 1;
        }
        let last = k + 1 == span.parts.len();
        if last && span.close.is_some() && e2 > a2 && ch[e2 - 1] == ',' {
            e2 -= 1;
            piece.had_comma = true;
        }
        if k == 0 {
            piece.start = a2;
        }
        if last {
            piece.end = e2;
        }
        pieces.push(text(ch, a2, e2));
    }
    piece.text = pieces.join(" ");
    piece
}

/// Where a quote's context may be read: the previous quote's close and the next
/// quote's open bound it, and the sentence start left of the quote.
struct Bounds {
    lower: usize,
    upper: usize,
    sent_lo: usize,
    b_lo: usize,
}

fn bounds(paras: &[Vec<char>], top: &[&Span], span: &Span) -> Bounds {
    let (p0, s0, p1, e1) = match (span.parts.first(), span.parts.last()) {
        (Some(&(p0, s0, _)), Some(&(p1, _, e1))) => (p0, s0, p1, e1),
        _ => (0, 0, 0, 0),
    };
    let lower = if span.inner {
        s0
    } else {
        top.iter()
            .filter(|t| t.end_para() == p0 && t.close.is_some_and(|c| c < span.open))
            .filter_map(|t| t.close)
            .max()
            .map_or(0, |c| c + 1)
    };
    let upper = if span.inner {
        e1
    } else {
        top.iter()
            .filter(|t| t.para() == p1 && span.close.is_some_and(|c| t.open > c))
            .map(|t| t.open)
            .min()
            .unwrap_or(paras[p1].len())
    };
    let sent_lo = sentence_start(&paras[p0], span.open).max(if span.inner { s0 } else { 0 });
    Bounds {
        lower,
        upper,
        sent_lo,
        b_lo: sent_lo.max(lower),
    }
}

/// Is the quote direct or partial, given where it stands in the writer's sentence?
fn kind_of(qtext: &str, intro: bool) -> QuoteKind {
    let first_upper = qtext.chars().next().is_some_and(|c| c.is_uppercase());
    let sentence_like =
        qtext.trim_end().ends_with(['.', '!', '?']) && qtext.split_whitespace().count() >= 6;
    if intro || (first_upper && sentence_like) {
        QuoteKind::Direct
    } else {
        QuoteKind::Partial
    }
}

/// Attribution from the quote's own sentence: a cue after it, a trailing cue after a
/// quote inside the writer's sentence, or a cue before it.
fn own_sentence(
    ctx: &Ctx,
    span: &Span,
    piece: &Piece,
    b: &Bounds,
) -> (Option<Attribution>, QuoteKind) {
    let p0 = span.para();
    let p1 = span.end_para();
    let ch0 = &ctx.paras[p0];
    let before = text(ch0, b.b_lo, span.open);
    let before_t = before.trim();
    let at_start = before_t.chars().all(|c| !c.is_alphanumeric());
    let intro = before_t.ends_with([',', ':']);
    let ends_stop = piece.text.trim_end().ends_with('.');
    if let Some(close) = span.close {
        let ch1 = &ctx.paras[p1];
        let lim = b.upper.min(close + 1 + WINDOW);
        let after_hi = (close + 1..lim)
            .find(|&k| sentence_end(ch1, k))
            .map_or(lim, |k| k + 1);
        let next_lower = ch1
            .get(close + 1..after_hi)
            .and_then(|s| s.iter().find(|c| c.is_alphabetic()))
            .is_some_and(|c| c.is_lowercase());
        if (at_start || intro) && (!ends_stop || next_lower) {
            if let Some(a) = after_attribution(ctx, p1, close + 1, after_hi, AFTER_REACH) {
                return (Some(a.by(AttrRule::CueAfter)), QuoteKind::Direct);
            }
        }
        // "… was “a bit like a jigsaw,” Dempsey said.": a comma closes the quote.
        let comma_after = ch1
            .get(close + 1..after_hi)
            .and_then(|s| s.iter().find(|c| !c.is_whitespace()))
            == Some(&',');
        // A conjunction after the comma opens a new clause with its own subject.
        let clause = tokenize(ch1, close + 1, after_hi.min(close + 40))
            .into_iter()
            .find(|t| t.word)
            .is_some_and(|t| {
                matches!(
                    low(ch1, t).as_str(),
                    "and" | "but" | "or" | "while" | "which" | "who" | "so" | "as" | "then"
                )
            });
        if !at_start && !intro && !clause && (piece.had_comma || comma_after) {
            // A cue before the quote in its own clause still wins: in "X called it
            // “…,” Reuters reported." the trailing cue names the writer's source.
            let before = before_attribution(ctx, p0, b.sent_lo, b.b_lo, span.open)
                .filter(|a| a.speaker.is_some());
            let a = before.map(|a| a.by(AttrRule::CueBefore)).or_else(|| {
                after_attribution(ctx, p1, close + 1, after_hi, TRAILING_REACH)
                    .filter(|a| a.speaker.is_some())
                    .map(|a| a.by(AttrRule::TrailingCue))
            });
            if a.is_some() {
                return (a, kind_of(&piece.text, false));
            }
        }
    }
    if at_start {
        return (None, QuoteKind::Direct);
    }
    let kind = kind_of(&piece.text, intro);
    let a = before_attribution(ctx, p0, b.sent_lo, b.b_lo, span.open);
    if a.as_ref().is_none_or(|a| a.speaker.is_none() && !a.writer) && !intro {
        if let Some(t) = span
            .close
            .and_then(|c| sentence_tail(ctx, p1, c + 1, b.upper))
        {
            return (Some(t), kind);
        }
    }
    (a.map(|a| a.by(AttrRule::CueBefore)), kind)
}

/// The short cue clause that closes the sentence a quote stands in: "… to “take
/// histories” of patients, Dempsey said." Read from the last comma before the
/// sentence end, when the cue stands among its first [`PRECEDING_TAIL`] tokens.
fn sentence_tail(ctx: &Ctx, para: usize, from: usize, upper: usize) -> Option<Attribution> {
    let ch = &ctx.paras[para];
    let lim = upper.min(from + WINDOW).min(ch.len());
    let end = (from..lim)
        .find(|&k| sentence_end(ch, k))
        .map_or(lim, |k| k + 1);
    // The tail must close a sentence, not run into the next quote.
    if end == lim && lim < ch.len() {
        return None;
    }
    let comma = (from..end).rev().find(|&k| ch[k] == ',')?;
    let tail = tokenize(ch, comma + 1, end);
    if tail.iter().filter(|t| t.word).count() > TRAILING_REACH {
        return None;
    }
    // The cue has no clause of its own after it: "the government says it's ready to
    // talk" reports something else.
    let words: Vec<String> = tail
        .iter()
        .filter(|t| t.word)
        .map(|t| low(ch, *t))
        .collect();
    let cue = words.iter().position(|w| SETS.cues.contains(w.as_str()))?;
    let clause = words[cue + 1..].iter().any(|w| {
        w == "that"
            || is_be_form(w)
            || rules::PRONOUNS.contains(&bare(w))
            || w.split(['\'', '’'])
                .next()
                .is_some_and(|h| rules::PRONOUNS.contains(&h))
    });
    if clause {
        return None;
    }
    // The cue comes within the tail's first words ("Noem said in the campaign's
    // announcement"), so a long clause that only ends in a cue does not count.
    let a = after_attribution(ctx, para, comma + 1, end, PRECEDING_TAIL)?;
    a.speaker.is_some().then(|| a.by(AttrRule::SentenceTail))
}

/// Attribution for a quote that opens its sentence with no cue of its own: the
/// sentence before, a colon lead-in, the person the previous sentence is about, or
/// the previous quote's speaker, whichever stands nearest before the quote.
fn from_context(ctx: &Ctx, span: &Span, b: &Bounds, flow: &Flow) -> Option<Attribution> {
    let p0 = span.para();
    if let Some(a) = preceding_attribution(ctx, p0, b.lower, b.b_lo) {
        return Some(a);
    }
    let close = span
        .close
        .map_or(ctx.paras[span.end_para()].len(), |c| c + 1);
    if headline_like(&ctx.paras[span.end_para()], close) {
        return None;
    }
    let continued = flow
        .prev
        .as_ref()
        .filter(|(pp, _, _)| *pp == p0 || (*pp + 1 == p0 && b.b_lo == 0));
    let subject = preceding_subject(ctx, p0, b.lower, b.b_lo);
    match (continued, subject) {
        (Some((pp, pc, _)), Some((a, at))) if at > (*pp, *pc) => Some(a),
        (Some((_, _, a)), _) => Some(a.clone().by(AttrRule::Continuation)),
        (None, Some((a, _))) => Some(a),
        (None, None) => None,
    }
}

/// Is a quote a name rather than speech, by the words around it? Right after a
/// naming noun ("the term “…”"), or a short quote between a determiner and the noun
/// it modifies ("a “phase one” trade deal").
fn naming(ctx: &Ctx, span: &Span, piece: &Piece) -> Option<Dropped> {
    let p0 = span.para();
    let ch = &ctx.paras[p0];
    let left = tokenize(ch, span.open.saturating_sub(40), span.open);
    let prev = left
        .last()
        .filter(|t| t.word && ch[t.e..span.open].iter().all(|c| c.is_whitespace()))?;
    let w = low(ch, *prev);
    if SETS.naming_nouns.contains(w.as_str()) {
        return Some(Dropped::NamedThing);
    }
    let close = span.close?;
    let short = piece.text.split_whitespace().count() <= 4
        && !piece.text.trim_end().ends_with(['.', ',', '!', '?']);
    if !short || span.end_para() != p0 || !SETS.determiners.contains(w.as_str()) {
        return None;
    }
    let right = tokenize(ch, close + 1, (close + 30).min(ch.len()));
    let next = right.first().filter(|t| t.word)?;
    let n = low(ch, *next);
    let noun = !is_cap(ch, *next)
        && !SETS.stops.contains(n.as_str())
        && !SETS.cues.contains(n.as_str())
        && !SETS.adverbs.contains(n.as_str())
        && !is_be_form(&n)
        && !rules::PRONOUNS.contains(&n.as_str())
        && !n.ends_with("ly");
    noun.then_some(Dropped::Modifier)
}

/// Attributes one quoted span, or drops it (a scare quote, title or label).
fn attribute(ctx: &Ctx, top: &[&Span], span: &Span, flow: &mut Flow, out: &mut Vec<Explained>) {
    let piece = quote_text(ctx.paras, span);
    if piece.text.trim().is_empty() {
        return;
    }
    if let Some(why) = naming(ctx, span, &piece) {
        ctx.drop(span, piece.text, why);
        return;
    }
    let b = bounds(ctx.paras, top, span);
    ctx.rejected.borrow_mut().clear();
    let (mut attr, kind) = own_sentence(ctx, span, &piece, &b);
    let before = text(&ctx.paras[span.para()], b.b_lo, span.open);
    let at_start = before.trim().chars().all(|c| !c.is_alphanumeric());
    let intro = before.trim_end().ends_with([',', ':']);
    if let Some(a) = &attr {
        if a.writer {
            return ctx.drop(span, piece.text, Dropped::Writer);
        }
        if kind == QuoteKind::Partial && a.speaker.is_none() {
            return ctx.drop(span, piece.text, Dropped::PartialNoSpeaker);
        }
    }
    if attr.is_none() && !at_start && !intro {
        // A scare quote, title or label inside the writer's sentence.
        return ctx.drop(span, piece.text, Dropped::NoCue);
    }
    let speechlike = looks_like_speech(&piece.text, piece.had_comma);
    if attr.is_none() && at_start && !span.inner {
        attr = from_context(ctx, span, &b, flow)
            .filter(|a| speechlike || a.rule != Some(AttrRule::PrecedingSentence));
    }
    if attr.is_none() && !speechlike {
        return ctx.drop(span, piece.text, Dropped::NotSpeech);
    }
    let a = attr.unwrap_or_default();
    let direct_rule = matches!(a.rule, Some(AttrRule::CueAfter | AttrRule::CueBefore));
    // A quote whose sentence ends with its cue clause hands its speaker on like a
    // direct quote: "… “take histories” of patients, Dempsey said. “That way …”".
    let hands_on = kind == QuoteKind::Direct || a.rule == Some(AttrRule::SentenceTail);
    if !span.inner && a.speaker.is_some() && hands_on {
        flow.prev = Some((span.end_para(), span.close.unwrap_or(0), a.clone()));
        // Earlier sentence-opening quotes of this paragraph with no speaker take this
        // one; a guess from the sentence before gives way to a cue in the paragraph.
        for &k in &flow.pending {
            let q = &mut out[k];
            if q.quote.paragraph != span.para() || (q.quote.speaker.is_some() && !direct_rule) {
                continue;
            }
            {
                if let Some(old) = q.quote.speaker.take() {
                    q.rejected.push(Rejected {
                        candidate: old,
                        why: Rejection::Overridden,
                    });
                }
                q.quote.speaker = a.speaker.clone();
                q.quote.role = tidy_role(a.role.clone());
                q.quote.cue = a.cue.clone();
                q.quote.rule = Some(AttrRule::LaterInParagraph.name().to_string());
            }
        }
        flow.pending.clear();
    }
    let guessed = a.speaker.is_none() || a.rule == Some(AttrRule::PrecedingSentence);
    if guessed && at_start && !span.inner {
        flow.pending.push(out.len());
    }
    out.push(Explained {
        quote: Quote {
            text: piece.text,
            speaker: a.speaker.clone(),
            role: tidy_role(a.role),
            cue: a.cue,
            kind,
            paragraph: span.para(),
            start: piece.start,
            end: piece.end,
            rule: a
                .speaker
                .is_some()
                .then(|| a.rule.map(|r| r.name().to_string()))
                .flatten(),
        },
        rejected: ctx.rejected.take(),
    });
}

/// A turn label in a transcript written in mixed case ("Eva Lund: …", "Prof. Ek: …"):
/// one to three capitalised words before a colon near the paragraph start.
fn turn_label(ch: &[char]) -> Option<(String, usize)> {
    let colon = ch.iter().take(32).position(|&c| c == ':')?;
    let label: String = ch[..colon].iter().collect();
    let words: Vec<&str> = label.split_whitespace().collect();
    let ok = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        });
    let start = (colon + 1..ch.len()).find(|&k| !ch[k].is_whitespace())?;
    ok.then(|| (label.trim().to_string(), start))
}

/// The interviewer of a mixed-case transcript: the label of its first turn, when at
/// least two labels take two turns each and another label names a person the article
/// names ("Carlos: …" / "Eva: …" with "Eva Lund" in the text). Its turns are the
/// questions; every other label's turns are answers.
fn transcript_host(ctx: &Ctx) -> Option<String> {
    let labels: Vec<String> = ctx
        .paras
        .iter()
        .filter_map(|ch| turn_label(ch).map(|(l, _)| l))
        .collect();
    let host = labels.first()?.clone();
    let turns = |l: &String| labels.iter().filter(|x| *x == l).count();
    let guest = labels.iter().find(|l| {
        **l != host && turns(l) >= 2 && {
            let name = clean_name(l);
            !self_titled(&name) && ctx.people.resolve(&name).is_some()
        }
    });
    (turns(&host) >= 2 && guest.is_some()).then_some(host)
}

/// Is a label only a title or a word that names no one ("Update", "Note")?
fn self_titled(label: &str) -> bool {
    label.is_empty() || title_only(label) || SETS.non_name.contains(label.to_lowercase().as_str())
}

/// Labelled answers of a Q&A layout ("VALSECCHI: …" after "Q: …" paragraphs, or a
/// mixed-case transcript whose first label is the interviewer's).
fn qa_answers(ctx: &Ctx) -> Vec<Explained> {
    let is_question = |l: &str| rules::QA_QUESTION_LABELS.contains(&l.to_lowercase().as_str());
    let qa = ctx
        .paras
        .iter()
        .any(|ch| qa_label(ch).is_some_and(|(l, _)| is_question(&l)));
    let host = if qa { None } else { transcript_host(ctx) };
    if !qa && host.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (p, ch) in ctx.paras.iter().enumerate() {
        let label = if qa { qa_label(ch) } else { turn_label(ch) };
        let Some((label, start)) = label else {
            continue;
        };
        if is_question(&label) || host.as_ref() == Some(&label) {
            continue;
        }
        let name = clean_name(&title_case(&label));
        let a = match ctx.people.resolve(&name) {
            Some(i) => ctx.person(i, None),
            None => Attribution {
                speaker: Some(name),
                ..Default::default()
            },
        };
        out.push(Explained {
            quote: Quote {
                text: text(ch, start, ch.len()),
                speaker: a.speaker,
                role: tidy_role(a.role),
                cue: None,
                kind: QuoteKind::Direct,
                paragraph: p,
                start,
                end: ch.len(),
                rule: Some(AttrRule::QaLabel.name().to_string()),
            },
            rejected: Vec::new(),
        });
    }
    out
}

fn run(body: &[String]) -> (Vec<Explained>, Vec<DroppedSpan>) {
    let paras: Vec<Vec<char>> = body.iter().map(|p| p.chars().collect()).collect();
    let spans = scan_marks(&paras);
    let mut quoted: Vec<Vec<(usize, usize)>> = vec![Vec::new(); paras.len()];
    for s in spans.iter().filter(|s| !s.inner) {
        for (k, &(p, a, e)) in s.parts.iter().enumerate() {
            let open = if k == 0 { s.open } else { a.saturating_sub(1) };
            quoted[p].push((open, (e + 1).min(paras[p].len())));
        }
    }
    let people = collect_people(&paras, &quoted);
    let ctx = Ctx {
        paras: &paras,
        people: &people,
        rejected: RefCell::default(),
        dropped: RefCell::default(),
    };
    let mut out = qa_answers(&ctx);
    let top: Vec<&Span> = spans.iter().filter(|s| !s.inner).collect();
    let mut flow = Flow::default();
    for span in &spans {
        if !span.parts.is_empty() {
            attribute(&ctx, &top, span, &mut flow, &mut out);
        }
    }
    // A Q&A answer already holds the quotes found in its paragraph as nested ones.
    out.sort_by_key(|e| (e.quote.paragraph, e.quote.start));
    (out, ctx.dropped.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paras: &[&str]) -> Vec<Quote> {
        let body: Vec<String> = paras.iter().map(|s| s.to_string()).collect();
        extract_quotes(&body)
    }

    #[test]
    fn said_after_with_role_prefix() {
        let q = run(&["\u{201c}China is willing to talk,\u{201d} said Foreign Ministry spokeswoman Hua Chuying, according to Reuters."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "China is willing to talk");
        assert_eq!(q[0].speaker.as_deref(), Some("Hua Chuying"));
        assert_eq!(q[0].role.as_deref(), Some("Foreign Ministry spokeswoman"));
        assert_eq!(q[0].cue.as_deref(), Some("said"));
        assert_eq!(q[0].kind, QuoteKind::Direct);
        assert_eq!((q[0].start, q[0].end), (1, 25));
    }

    #[test]
    fn split_quote_and_pronoun() {
        let q = run(&[
            "Opposition leader Franca Delvaux spoke on Monday.",
            "\"They were told,\" she said. \"It is the absence of one.\"",
        ]);
        assert_eq!(q.len(), 2);
        assert!(q
            .iter()
            .all(|x| x.speaker.as_deref() == Some("Franca Delvaux")));
        assert_eq!(q[0].role.as_deref(), Some("Opposition leader"));
    }

    #[test]
    fn partial_and_scare_quotes() {
        let q = run(&[
            "Brisk called the decision \"a step backwards\" on Tuesday.",
            "The parish bought so-called \"dark-sky friendly\" lamps.",
            "Their paper, \"Rain, clutter and the limits of biosonar\", appears this week.",
        ]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "a step backwards");
        assert_eq!(q[0].kind, QuoteKind::Partial);
        assert_eq!(q[0].cue.as_deref(), Some("called"));
    }

    #[test]
    fn apostrophes_are_not_marks() {
        let q = run(&["Reuters’ report said the People’s army don’t agree with ‘the plan’, the ministry said."]);
        assert!(q.iter().all(|x| x.text == "the plan"));
    }

    #[test]
    fn multi_paragraph_quote() {
        let q = run(&[
            "Tom Donilon spoke.",
            "\"First, one thing,\" he said.",
            "\"Second, another.",
            "\"Finally, a third.\"",
        ]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].text, "Second, another. Finally, a third.");
        assert_eq!(q[1].speaker.as_deref(), Some("Tom Donilon"));
        assert_eq!((q[1].paragraph, q[1].start, q[1].end), (2, 1, 18));
    }

    #[test]
    fn nested_quote_is_listed() {
        let q =
            run(&["\"You wrote, 'Nobody reads a treasurer's report,'\" Judge Ann Wade told him."]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "You wrote, 'Nobody reads a treasurer's report,'");
        assert_eq!(q[0].speaker.as_deref(), Some("Ann Wade"));
        assert_eq!(q[1].text, "Nobody reads a treasurer's report");
    }

    #[test]
    fn long_appositive_after_quote() {
        let q = run(&["\"We found more,\" Ana Ruiz, a fellow at the Lund Institute in Malmo, Sweden, and co-author of the paper, said in a statement."]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker.as_deref(), Some("Ana Ruiz"));
        assert_eq!(
            q[0].role.as_deref(),
            Some("fellow at the Lund Institute in Malmo")
        );
    }

    #[test]
    fn name_inside_a_role_is_not_the_speaker() {
        let q = run(&[
            "\"We will not rush,\" Petra Lindqvist, director of operations at Norrvik Rail, told reporters.",
            "\"It holds,\" a spokesman for the alliance in Iraq and Syria, Tom Hale, said.",
        ]);
        assert_eq!(q[0].speaker.as_deref(), Some("Petra Lindqvist"));
        assert_eq!(q[1].speaker.as_deref(), Some("Tom Hale"));
    }

    #[test]
    fn roles_stop_at_verbs_and_time_words() {
        let q = run(&[
            "Last week State Department official David Holm said the call was \"unusual.\"",
            "Democratic lawmakers grilled Lt Col Anna Varga on Tuesday.",
            "\"It was improper,\" Varga said.",
            "Eva Lund, who will testify Friday, said the plan was \"a costly mistake.\"",
        ]);
        assert_eq!(q[0].role.as_deref(), Some("State Department official"));
        assert_eq!(q[1].speaker.as_deref(), Some("Anna Varga"));
        assert_eq!(q[1].role.as_deref(), Some("Lt Col"));
        assert_eq!(q[2].role, None);
    }

    #[test]
    fn datelines_and_acronyms_are_not_people() {
        let q = run(&[
            "NEW HAVEN — Lars Berg had waited four hours.",
            "\"It was the fourth time,\" he said.",
        ]);
        assert_eq!(q[0].speaker.as_deref(), Some("Lars Berg"));
    }

    #[test]
    fn passive_naming_and_headlines_are_not_quotes() {
        let q = run(&[
            "\"It works,\" said Jan Ek.",
            "'We Won!' Fans Celebrate Title In City Streets",
            "The condition is called \"farmer's lung\" by doctors.",
        ]);
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn double_apostrophe_closes_a_curly_quote() {
        let q = run(&["\u{201c}It was wrong,\u{2019}\u{2019} Ola Svensson told the Herald. \u{201c}And it still is.\u{201d}"]);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "It was wrong");
        assert!(q
            .iter()
            .all(|x| x.speaker.as_deref() == Some("Ola Svensson")));
    }

    #[test]
    fn every_rule_example_is_attributed_by_its_rule() {
        for row in rules::ATTRIBUTION_RULES {
            let paras: Vec<&str> = row.example.split(" / ").collect();
            let q = run(&paras);
            assert!(
                q.iter()
                    .any(|x| x.rule.as_deref() == Some(row.name) && x.speaker.is_some()),
                "{}: {:?}",
                row.name,
                q
            );
        }
    }

    #[test]
    fn rejected_candidates_are_explained() {
        let body = vec![
            "The board met on Monday.".to_string(),
            "\u{201c}We will sell the ferry next spring,\u{201d} he said.".to_string(),
        ];
        let e = explain_quotes(&body);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].quote.speaker, None);
        assert_eq!(
            e[0].rejected,
            vec![Rejected {
                candidate: "he".into(),
                why: Rejection::NoAntecedent
            }]
        );
    }

    #[test]
    fn a_lone_job_word_speaks_only_as_a_named_surname() {
        let q = run(&[
            "Port doctor Lena Vik checked the crew.",
            "\u{201c}Rest for a week,\u{201d} said Doctor.",
        ]);
        assert_eq!(q[0].speaker, None);
        let q = run(&[
            "Port economist Lena Doctor checked the figures.",
            "\u{201c}Rest for a week,\u{201d} said Doctor.",
        ]);
        assert_eq!(q[0].speaker.as_deref(), Some("Lena Doctor"));
    }

    #[test]
    fn pathological_input_is_bounded() {
        let long = "'a ".repeat(20_000);
        let q = run(&[&long]);
        assert!(q.len() < 20_000);
    }
}
