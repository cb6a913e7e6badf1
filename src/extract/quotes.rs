//! Quotes: direct and partial quotes with speaker, role and cue.
//!
//! Three passes over the body, each linear in its length:
//! 1. [`scan_marks`] finds the quoted spans (straight, curly, single, guillemet
//!    marks; quotes that run over paragraphs; nested quotes one level down).
//! 2. [`People`] collects the named people of the article (fullest name, first
//!    role, a gender hint) and every place they are mentioned, so that "Hua said"
//!    or "she said" can be resolved to the fullest name.
//! 3. [`before_attribution`] and [`after_attribution`] read the words around each
//!    quote: a cue verb from [`quote_rules`](super::quote_rules) and the noun
//!    phrase next to it.
//!
//! Quotes with no cue and no speaker that do not look like speech (scare quotes,
//! titles, labels) are dropped.

use crate::extract::quote_rules::{self as rules, SETS};
use crate::model::{Quote, QuoteKind};

/// How far (in chars) context is read on either side of a quote.
const WINDOW: usize = 600;
/// How many tokens after a quote may separate it from its cue (long appositives:
/// "…," Ana Ruiz, a fellow at the institute in Lyon, France, and co-author, said).
const AFTER_REACH: usize = 48;

/// How many words a closing "…, he said." clause of the previous sentence may hold.
const PRECEDING_TAIL: usize = 6;

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
struct Tok {
    s: usize,
    e: usize,
    word: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Words (with inner hyphens, apostrophes and abbreviation periods) and single
/// punctuation marks of `ch[lo..hi]`.
fn tokenize(ch: &[char], lo: usize, hi: usize) -> Vec<Tok> {
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
fn low(ch: &[char], t: Tok) -> String {
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
fn bare(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix('\''))
        .or_else(|| w.strip_suffix('’'))
        .unwrap_or(w)
}

fn is_cap(ch: &[char], t: Tok) -> bool {
    t.word && ch.get(t.s).is_some_and(|c| c.is_uppercase())
}

fn is_punct(ch: &[char], t: Tok, set: &str) -> bool {
    !t.word && ch.get(t.s).is_some_and(|c| set.contains(*c))
}

fn is_role(w: &str) -> bool {
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

fn is_possessive(w: &str) -> bool {
    bare(w).len() != w.len()
}

/// Is there a sentence end at `k` ('.', '!' or '?' followed by a space)?
fn sentence_end(ch: &[char], k: usize) -> bool {
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
enum NpKind {
    Name,
    Org,
    Pronoun,
    Desc,
}

#[derive(Debug, Clone)]
struct Np {
    kind: NpKind,
    text: String,
    role: Option<String>,
    /// Token index where the phrase (with its role) starts.
    first: usize,
}

fn join(ch: &[char], toks: &[Tok], a: usize, b: usize) -> String {
    match (toks.get(a), b.checked_sub(1).and_then(|k| toks.get(k))) {
        (Some(x), Some(y)) if a < b => text(ch, x.s, y.e),
        _ => String::new(),
    }
}

/// The noun phrase that ends just before token `end`, not reaching left of `lo`.
fn np_ending_at(ch: &[char], toks: &[Tok], lo: usize, end: usize) -> Option<Np> {
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
        for (off, w) in words.iter().enumerate() {
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
                let mut extra = 0;
                while first > lo && extra < 8 {
                    let t = toks[first - 1];
                    if !t.word {
                        break;
                    }
                    let w = low(ch, t);
                    if SETS.determiners.contains(w.as_str()) {
                        first -= 1;
                        break;
                    }
                    // "director of communications": "of" links two parts of one role.
                    let linked = matches!(w.as_str(), "of" | "for")
                        && first >= lo + 2
                        && toks[first - 2].word
                        && is_role(&low(ch, toks[first - 2]));
                    if role_closes(&w) && !linked {
                        break;
                    }
                    first -= 1;
                    extra += 1;
                }
                // A role starts at a role word or a modifier, not at a leading
                // sentence word kept in the run ("After Fiona Hill").
                while first < name_start
                    && is_cap(ch, toks[first])
                    && !is_role(&low(ch, toks[first]))
                    && SETS.non_name.contains(low(ch, toks[first]).as_str())
                {
                    first += 1;
                }
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
    // A description: determiner, modifiers, head noun ("the council", "her son").
    if SETS.stops.contains(last.as_str()) || SETS.cues.contains(last.as_str()) {
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
        let head = bare(&last).to_string();
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

/// An appositive after a name: ", a portfolio manager at X," / ", who runs a shop".
fn appositive(ch: &[char], toks: &[Tok], a: usize, b: usize) -> Option<String> {
    let t = *toks.get(a)?;
    if !t.word || b <= a || b - a > 18 {
        return None;
    }
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
    } else if !(SETS.determiners.contains(w.as_str())
        || is_role(&w)
        || (!SETS.stops.contains(w.as_str())
            && (a..b.min(a + 4)).any(|k| toks[k].word && is_role(&low(ch, toks[k])))))
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
    // An age or a count alone ("who is 22", ", 52,") is no role.
    let has_word = (start..end)
        .any(|k| toks[k].word && ch[toks[k].s..toks[k].e].iter().any(|c| c.is_alphabetic()));
    (end > start && has_word).then(|| join(ch, toks, start, end))
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
        if let Some(&next) = segs.get(1) {
            np.role = appositive(ch, toks, next.0, next.1);
        }
    }
    Some(np)
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
    // A capitalised cue opens a sentence as a participle ("Told that …").
    if is_cap(ch, t) {
        return None;
    }
    for (a, b, out) in rules::MULTI_CUES {
        if w == *a && toks.get(i + 1).is_some_and(|n| n.word && low(ch, *n) == *b) {
            return Some((out.to_string(), 2, false));
        }
    }
    if SETS.cues.contains(w.as_str()) {
        return Some((text(ch, t.s, t.e), 1, false));
    }
    if SETS.weak_cues.contains(w.as_str()) {
        return Some((text(ch, t.s, t.e), 1, true));
    }
    None
}

// ------------------------------------------------------------------ people

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Female,
    Male,
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    tokens: Vec<String>,
    role: Option<String>,
    gender: Option<Gender>,
}

/// The named people of an article and where they are mentioned.
#[derive(Debug, Default)]
struct People {
    people: Vec<Person>,
    /// (paragraph, char position, person index), in reading order.
    mentions: Vec<(usize, usize, usize)>,
    /// The mentions that open a sentence (its subject), in reading order.
    subjects: Vec<(usize, usize, usize)>,
}

fn gender_of(words: &str) -> Option<Gender> {
    let mut g = None;
    for w in words.split(|c: char| !c.is_alphanumeric()) {
        let w = w.to_lowercase();
        if SETS.female.contains(w.as_str()) {
            g = Some(Gender::Female);
        } else if SETS.male.contains(w.as_str()) {
            g = Some(Gender::Male);
        }
    }
    g
}

fn name_tokens(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| bare(&w.to_lowercase()).trim_end_matches('.').to_string())
        .filter(|w| !SETS.titles.contains(w.as_str()) && !w.is_empty())
        .collect()
}

impl People {
    /// The person a name refers to: full match, surname, or a single given name.
    fn resolve(&self, name: &str) -> Option<usize> {
        let toks = name_tokens(name);
        let last = toks.last()?;
        if toks.len() >= 2 {
            if let Some(i) = self.same(name) {
                return Some(i);
            }
        }
        let mut best: Option<usize> = None;
        for (i, p) in self.people.iter().enumerate() {
            let hit = p.tokens.ends_with(&toks)
                || p.tokens.last() == Some(last)
                || (toks.len() == 1 && p.tokens.first() == Some(last));
            if hit && best.is_none_or(|b| self.people[b].tokens.len() < p.tokens.len()) {
                best = Some(i);
            }
        }
        best
    }

    /// A person whose name contains this whole name as its end ("Hua Chuying" ⊃ "Chuying").
    fn same(&self, name: &str) -> Option<usize> {
        let toks = name_tokens(name);
        self.people
            .iter()
            .position(|p| p.tokens.ends_with(&toks) || toks.ends_with(&p.tokens))
    }

    fn add(&mut self, name: &str, role: Option<String>) -> usize {
        if let Some(i) = self.same(name) {
            let p = &mut self.people[i];
            let toks = name_tokens(name);
            if toks.len() > p.tokens.len() {
                p.name = name.to_string();
                p.tokens = toks;
            }
            if p.role.is_none() {
                p.gender = p.gender.or(role.as_deref().and_then(gender_of));
                p.role = role;
            }
            return i;
        }
        let gender = role
            .as_deref()
            .and_then(gender_of)
            .or_else(|| gender_of(name));
        self.people.push(Person {
            name: clean_name(name),
            tokens: name_tokens(name),
            role,
            gender,
        });
        self.people.len() - 1
    }

    /// The most recent person mentioned before (para, pos) that fits the pronoun.
    fn antecedent(&self, para: usize, pos: usize, pronoun: &str) -> Option<usize> {
        let want = match pronoun {
            "she" => Some(Gender::Female),
            "he" => Some(Gender::Male),
            _ => None,
        };
        let fits = |i: usize| match (want, self.people[i].gender) {
            (Some(w), Some(g)) => w == g,
            _ => true,
        };
        let recent = || {
            self.mentions
                .iter()
                .rev()
                .filter(|m| (m.0, m.1) < (para, pos))
                .take(40)
                .map(|m| m.2)
        };
        // The subject of an earlier sentence of the same paragraph is the likeliest
        // antecedent ("Figgins declined to say whether Thomas … “…,” he said").
        // A subject that opens the previous paragraph counts too when nobody is named
        // in between ("NEW HAVEN — Lars Berg waited." / "“…,” he said.").
        let named_here = self.mentions.iter().any(|m| m.0 == para && m.1 < pos);
        let subject = self
            .subjects
            .iter()
            .rev()
            .find(|m| (m.0 == para && m.1 < pos) || (m.0 + 1 == para && !named_here))
            .filter(|m| fits(m.2) && (self.known(m.2) || m.0 + 1 == para))
            .map(|m| m.2);
        if subject.is_some() {
            return subject;
        }
        // People the article describes or names twice first; a bare capitalised
        // run mentioned once may be a place or a shop.
        recent()
            .find(|&i| fits(i) && self.known(i))
            .or_else(|| recent().find(|&i| fits(i)))
    }

    fn known(&self, i: usize) -> bool {
        let p = &self.people[i];
        p.role.is_some()
            || p.gender.is_some()
            || self.mentions.iter().filter(|m| m.2 == i).take(2).count() >= 2
    }

    /// The person whose role ends in this head noun ("the spokeswoman").
    fn by_role(&self, desc: &str) -> Option<usize> {
        let head = desc.split_whitespace().last()?.to_lowercase();
        if !SETS.roles.contains(head.as_str()) {
            return None;
        }
        let hits: Vec<usize> = (0..self.people.len())
            .filter(|&i| {
                self.people[i]
                    .role
                    .as_deref()
                    .and_then(|r| {
                        r.split(|c: char| !c.is_alphanumeric())
                            .rfind(|w| !w.is_empty())
                    })
                    .is_some_and(|w| w.to_lowercase() == head)
            })
            .collect();
        (hits.len() == 1).then(|| hits[0])
    }
}

/// Is only punctuation between a sentence start and `pos`? Stops at the first
/// letter or digit to the left, so it is O(1) per mention in practice.
fn opens_sentence(ch: &[char], pos: usize) -> bool {
    let mut k = pos.min(ch.len());
    while k > 0 {
        let c = ch[k - 1];
        if c.is_alphanumeric() {
            return false;
        }
        // A sentence end, or a dash after a dateline ("OSLO — Kari Dahl …").
        if sentence_end(ch, k - 1) || matches!(c, '—' | '–') {
            return true;
        }
        k -= 1;
    }
    true
}

/// Does a capitalised run hold an all-capitals word ("NEW DELHI", "Roth IRA")? Such a
/// run is a dateline, an acronym or a product, not a person's name.
fn has_acronym(name: &str) -> bool {
    name.split_whitespace().any(|w| {
        let w = bare(w);
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.contains('.')
            && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    })
}

fn clean_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let l = w.to_lowercase();
        if out.is_empty() && SETS.titles.contains(l.trim_end_matches('.')) {
            continue;
        }
        out.push(if i + 1 == words.len() {
            bare(w).to_string()
        } else {
            w.to_string()
        });
    }
    out.join(" ")
}

/// Char ranges of a paragraph outside its quotes.
fn outside(len: usize, quoted: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for &(s, e) in quoted {
        if s > a {
            out.push((a, s));
        }
        a = a.max(e);
    }
    if a < len {
        out.push((a, len));
    }
    out
}

fn collect_people(paras: &[Vec<char>], quoted: &[Vec<(usize, usize)>]) -> People {
    let mut people = People::default();
    let mut runs: Vec<(usize, usize, String, bool)> = Vec::new();
    let mut late_roles: Vec<(String, String)> = Vec::new();
    for (p, ch) in paras.iter().enumerate() {
        for (lo, hi) in outside(ch.len(), &quoted[p]) {
            let toks = tokenize(ch, lo, hi);
            let mut i = 0;
            while i < toks.len() {
                if !is_cap(ch, toks[i]) {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < toks.len()
                    && (is_cap(ch, toks[j])
                        || (j > i
                            && rules::NAME_PARTICLES.contains(&low(ch, toks[j]).as_str())
                            && toks.get(j + 1).is_some_and(|t| is_cap(ch, *t))))
                {
                    j += 1;
                }
                let seg_lo = (0..i).rev().find(|&k| !toks[k].word).map_or(0, |k| k + 1);
                if let Some(np) = np_ending_at(ch, &toks, seg_lo, j) {
                    if np.kind == NpKind::Name {
                        let name = clean_name(&np.text);
                        let n = name_tokens(&name);
                        let first_ok = n
                            .first()
                            .is_some_and(|w| !SETS.non_name.contains(w.as_str()));
                        // "born in Lyme Regent": a run right after a preposition of place is a place.
                        let place = np.role.is_none()
                            && i > 0
                            && toks[i - 1].word
                            && rules::PLACE_PREPOSITIONS.contains(&low(ch, toks[i - 1]).as_str());
                        // "Head of Fundamental Research": a run that completes a job title
                        // is a unit or a field ("the wife of X" still names a person).
                        let title_of = i >= 2
                            && toks[i - 1].word
                            && matches!(low(ch, toks[i - 1]).as_str(), "of" | "for")
                            && toks[i - 2].word
                            && is_role(&low(ch, toks[i - 2]))
                            && gender_of(&low(ch, toks[i - 2])).is_none();
                        if title_of {
                            i = j.max(i + 1);
                            continue;
                        }
                        let first_ok = first_ok && !place && !has_acronym(&np.text);
                        if n.len() == 1 && first_ok {
                            // "Solano-Reed, a 44-year-old former public defender, won":
                            // a role given at a surname mention.
                            if toks.get(j).is_some_and(|t| is_punct(ch, *t, ",")) {
                                let b = (j + 1..toks.len())
                                    .find(|&k| is_punct(ch, toks[k], ",.;"))
                                    .unwrap_or(toks.len());
                                if let Some(role) = appositive(ch, &toks, j + 1, b) {
                                    late_roles.push((name.clone(), role));
                                }
                            }
                        }
                        if n.len() >= 2 && first_ok {
                            let mut role = np.role.clone();
                            if role.is_none() && toks.get(j).is_some_and(|t| is_punct(ch, *t, ","))
                            {
                                let b = (j + 1..toks.len())
                                    .find(|&k| is_punct(ch, toks[k], ",.;"))
                                    .unwrap_or(toks.len());
                                role = appositive(ch, &toks, j + 1, b);
                            }
                            if role.is_none() && i >= 2 && is_punct(ch, toks[i - 1], ",") {
                                let a = (0..i - 1)
                                    .rev()
                                    .find(|&k| !toks[k].word)
                                    .map_or(0, |k| k + 1);
                                role = np_ending_at(ch, &toks, a, i - 1)
                                    .filter(|d| {
                                        d.kind == NpKind::Desc
                                            && d.text
                                                .split_whitespace()
                                                .last()
                                                .is_some_and(|h| is_role(&h.to_lowercase()))
                                    })
                                    .map(|d| d.text);
                            }
                            people.add(&name, role);
                        }
                        let owner = j > i && is_possessive(&low(ch, toks[j - 1]));
                        runs.push((p, toks[i].s, name, owner));
                    }
                }
                i = j.max(i + 1);
            }
        }
    }
    for (name, role) in late_roles {
        if let Some(i) = people.resolve(&name) {
            let person = &mut people.people[i];
            if person.role.is_none() {
                person.gender = person.gender.or_else(|| gender_of(&role));
                person.role = Some(role);
            }
        }
    }
    for (p, pos, name, owner) in runs {
        if let Some(i) = people.resolve(&name) {
            people.mentions.push((p, pos, i));
            // A mention that opens its sentence is that sentence's subject
            // (not "Stadia's lineup …": a possessive modifies the subject).
            if !owner && opens_sentence(&paras[p], pos) {
                people.subjects.push((p, pos, i));
            }
        }
    }
    people
}

// ------------------------------------------------------------------ attribution

#[derive(Debug, Clone, Default)]
struct Attribution {
    speaker: Option<String>,
    role: Option<String>,
    cue: Option<String>,
    /// The speaker is the writer ("we call it …").
    writer: bool,
}

struct Ctx<'a> {
    paras: &'a [Vec<char>],
    people: &'a People,
}

impl Ctx<'_> {
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
                    a.writer = true;
                } else if np.text == "he" || np.text == "she" {
                    if let Some(i) = self.people.antecedent(para, pos, &np.text) {
                        a.speaker = Some(self.people.people[i].name.clone());
                        a.role = self.people.people[i].role.clone();
                    }
                } else if let Some(sub) = sentence_subject(ch, sentence) {
                    if matches!(sub.kind, NpKind::Desc | NpKind::Org) {
                        a.speaker = Some(sub.text);
                    }
                }
            }
            NpKind::Name => match self.people.resolve(&np.text) {
                Some(i) => {
                    a.speaker = Some(self.people.people[i].name.clone());
                    a.role = np
                        .role
                        .clone()
                        .or_else(|| self.people.people[i].role.clone());
                }
                None => {
                    a.speaker = Some(clean_name(&np.text));
                    a.role = np.role.clone();
                }
            },
            NpKind::Org => a.speaker = Some(np.text.clone()),
            NpKind::Desc => match self.people.by_role(&np.text) {
                Some(i) => {
                    a.speaker = Some(self.people.people[i].name.clone());
                    a.role = self.people.people[i].role.clone();
                }
                None => a.speaker = Some(np.text.clone()),
            },
        }
        a
    }
}

/// Attribution read after a quote: `, said X` / `, X said` / `, according to X`.
fn after_attribution(ctx: &Ctx, para: usize, lo: usize, hi: usize) -> Option<Attribution> {
    let ch = &ctx.paras[para];
    let toks = tokenize(ch, lo, hi);
    let start = toks.iter().position(|t| t.word)?;
    for i in start..toks.len().min(start + AFTER_REACH) {
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
        if weak {
            return None;
        }
        let np = if i == start {
            speaker_right(ch, &toks, i + width, toks.len())
        } else {
            speaker_left(ch, &toks, start, i)
        }?;
        let pos = toks[i].s;
        let mut a = ctx.resolve(&np, para, pos, &toks, ch);
        a.cue = Some(cue);
        return Some(a);
    }
    None
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
    let mut found = None;
    for i in (0..toks.len()).rev() {
        if let Some((cue, width, weak)) = cue_at(ch, &toks, i) {
            let words_after = toks[i + width..].iter().filter(|t| t.word).count();
            if weak && words_after > rules::WEAK_CUE_REACH {
                continue;
            }
            // "the call was …": after a determiner a weak cue is a noun.
            if weak && i > 0 && SETS.determiners.contains(low(ch, toks[i - 1]).as_str()) {
                continue;
            }
            found = Some((i, cue));
            break;
        }
    }
    let (i, cue) = found?;
    // A passive cue names rather than reports: "HP is called …", "what's been dubbed …".
    if i > 0 && toks[i - 1].word && is_be_form(&low(ch, toks[i - 1])) {
        return None;
    }
    let np = if i >= first {
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
        let a = after_attribution(ctx, para, comma + 1, b_lo)?;
        return a.speaker.is_some().then_some(a);
    }
    if b_lo == 0 && para > 0 {
        let prev = &ctx.paras[para - 1];
        let end = prev.iter().rposition(|c| !c.is_whitespace())?;
        if prev[end] != ':' {
            return None;
        }
        let ss = sentence_start(prev, end);
        let a = before_attribution(ctx, para - 1, ss, ss, end)?;
        return a.speaker.is_some().then_some(a);
    }
    None
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

/// Finds the quotes in the body.
pub fn extract_quotes(body: &[String]) -> Vec<Quote> {
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
    };

    let mut out: Vec<(Quote, bool)> = Vec::new();
    // Q&A layout: a "Q:" paragraph and labelled answers.
    let qa = paras.iter().any(|ch| {
        qa_label(ch)
            .is_some_and(|(l, _)| rules::QA_QUESTION_LABELS.contains(&l.to_lowercase().as_str()))
    });
    if qa {
        for (p, ch) in paras.iter().enumerate() {
            let Some((label, start)) = qa_label(ch) else {
                continue;
            };
            if rules::QA_QUESTION_LABELS.contains(&label.to_lowercase().as_str()) {
                continue;
            }
            let name = title_case(&label);
            let (speaker, role) = match people.resolve(&name) {
                Some(i) => (people.people[i].name.clone(), people.people[i].role.clone()),
                None => (name, None),
            };
            let end = ch.len();
            out.push((
                Quote {
                    text: text(ch, start, end),
                    speaker: Some(speaker),
                    role,
                    cue: None,
                    kind: QuoteKind::Direct,
                    paragraph: p,
                    start,
                    end,
                },
                true,
            ));
        }
    }

    let mut prev_attr: Option<(usize, usize, Attribution)> = None; // (para, index in out)
    let mut pending: Vec<usize> = Vec::new(); // sentence-start quotes waiting for a later attribution
    let top: Vec<&Span> = spans.iter().filter(|s| !s.inner).collect();
    for span in &spans {
        let Some(&(p0, s0, _)) = span.parts.first() else {
            continue;
        };
        let Some(&(p1, _, e1)) = span.parts.last() else {
            continue;
        };
        let ch0 = &paras[p0];
        // The quoted text, parts joined by one space.
        let mut pieces: Vec<String> = Vec::new();
        let mut start = s0;
        let mut end = e1;
        let mut had_comma = false;
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
            if k + 1 == span.parts.len() && span.close.is_some() && e2 > a2 && ch[e2 - 1] == ',' {
                e2 -= 1;
                had_comma = true;
            }
            if k == 0 {
                start = a2;
            }
            if k + 1 == span.parts.len() {
                end = e2;
            }
            pieces.push(text(ch, a2, e2));
        }
        let qtext = pieces.join(" ");
        if qtext.trim().is_empty() {
            continue;
        }
        // Context bounds: the previous quote's close and the next quote's open.
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
        let sent_lo = sentence_start(ch0, span.open).max(if span.inner { s0 } else { 0 });
        let b_lo = sent_lo.max(lower);
        let before: String = text(ch0, b_lo, span.open);
        let before_t = before.trim();
        let at_start = before_t.is_empty() || before_t.chars().all(|c| !c.is_alphanumeric());
        let intro = before_t.ends_with([',', ':']);
        let ends_stop = qtext.trim_end().ends_with('.');

        let mut attr: Option<Attribution> = None;
        let mut kind = QuoteKind::Direct;
        if let Some(close) = span.close {
            let after_hi = {
                let ch1 = &paras[p1];
                let lim = upper.min(close + 1 + WINDOW);
                (close + 1..lim)
                    .find(|&k| sentence_end(ch1, k))
                    .map_or(lim, |k| k + 1)
            };
            let next_lower = paras[p1]
                .get(close + 1..after_hi)
                .and_then(|s| s.iter().find(|c| c.is_alphabetic()))
                .is_some_and(|c| c.is_lowercase());
            if (at_start || intro) && (!ends_stop || next_lower) {
                attr = after_attribution(&ctx, p1, close + 1, after_hi);
            }
        }
        if attr.is_none() && !at_start {
            attr = before_attribution(&ctx, p0, sent_lo, b_lo, span.open);
            if !intro {
                kind = QuoteKind::Partial;
                let first_upper = qtext.chars().next().is_some_and(|c| c.is_uppercase());
                let sentence_like = qtext.trim_end().ends_with(['.', '!', '?'])
                    && qtext.split_whitespace().count() >= 6;
                if first_upper && sentence_like {
                    kind = QuoteKind::Direct;
                }
            }
        }
        if let Some(a) = &attr {
            if a.writer || (kind == QuoteKind::Partial && a.speaker.is_none()) {
                continue;
            }
        }
        let mut keep_unattributed = false;
        if attr.is_none() {
            if !at_start && !intro {
                continue; // A scare quote, title or label inside the writer's sentence.
            }
            // The sentence before names the speaker: "… rules, he said. “But …”", or the
            // previous paragraph ends "X said in a statement:".
            if at_start && !span.inner {
                attr = preceding_attribution(&ctx, p0, lower, b_lo);
            }
            // Inherit from the previous attributed quote of this or the previous paragraph.
            if attr.is_none()
                && at_start
                && !span.inner
                && !headline_like(&paras[p1], span.close.map_or(paras[p1].len(), |c| c + 1))
            {
                if let Some((pp, _, a)) = &prev_attr {
                    if *pp == p0 || (*pp + 1 == p0 && b_lo == 0) {
                        attr = Some(a.clone());
                    }
                }
            }
            if attr.is_none() {
                keep_unattributed = looks_like_speech(&qtext, had_comma);
                if !keep_unattributed {
                    continue;
                }
            }
        }
        let a = attr.clone().unwrap_or_default();
        if !span.inner && a.speaker.is_some() && kind == QuoteKind::Direct {
            prev_attr = Some((p1, out.len(), a.clone()));
            // Earlier sentence-start quotes of this paragraph with no speaker take this one.
            for &k in &pending {
                if out[k].0.paragraph == p0 && out[k].0.speaker.is_none() {
                    out[k].0.speaker = a.speaker.clone();
                    out[k].0.role = a.role.clone();
                    out[k].0.cue = a.cue.clone();
                }
            }
            pending.clear();
        } else if keep_unattributed && !span.inner {
            pending.push(out.len());
        }
        out.push((
            Quote {
                text: qtext,
                speaker: a.speaker,
                role: a.role,
                cue: a.cue,
                kind,
                paragraph: p0,
                start,
                end,
            },
            false,
        ));
    }
    let mut quotes: Vec<Quote> = out.into_iter().map(|(q, _)| q).collect();
    // A Q&A answer already holds the quotes found in its paragraph as nested ones.
    quotes.sort_by_key(|q| (q.paragraph, q.start));
    quotes
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
            Some("a fellow at the Lund Institute in Malmo")
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
    fn pathological_input_is_bounded() {
        let long = "'a ".repeat(20_000);
        let q = run(&[&long]);
        assert!(q.len() < 20_000);
    }
}
