//! The article-level entity pass that runs before quote attribution: the people an
//! article names (fullest name, name tokens for surname matching, the first role or
//! description attached to them, a gender hint from titles, role words and pronouns)
//! and every place each is mentioned, in reading order, with the mentions that open a
//! sentence (its subject). Attribution in [`super::quotes`] resolves a surname, a
//! description ("the spokeswoman", "the 56-year-old") or a pronoun through
//! [`People`], and asks it whether a capitalised word is a person at all.

use super::quote_rules::{self as rules, SETS};
use super::quotes::{
    appositive, bare, is_cap, is_possessive, is_punct, is_role, low, np_ending_at, sentence_end,
    title_only, tokenize, NpKind, Tok,
};

/// How many paragraphs back an age description ("the 56-year-old") looks for its person.
const AGE_REACH: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Female,
    Male,
}

#[derive(Debug, Clone)]
pub(super) struct Person {
    pub(super) name: String,
    pub(super) tokens: Vec<String>,
    pub(super) role: Option<String>,
    pub(super) gender: Option<Gender>,
}

/// The named people of an article and where they are mentioned.
#[derive(Debug, Default)]
pub(super) struct People {
    pub(super) people: Vec<Person>,
    /// (paragraph, char position, person index), in reading order.
    pub(super) mentions: Vec<(usize, usize, usize)>,
    /// The mentions that open a sentence (its subject), in reading order.
    pub(super) subjects: Vec<(usize, usize, usize)>,
}

pub(super) fn gender_of(words: &str) -> Option<Gender> {
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

pub(super) fn name_tokens(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| bare(&w.to_lowercase()).trim_end_matches('.').to_string())
        .filter(|w| !SETS.titles.contains(w.as_str()) && !w.is_empty())
        .collect()
}

impl People {
    /// The person a name refers to: full match, surname, or a single given name.
    pub(super) fn resolve(&self, name: &str) -> Option<usize> {
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
    pub(super) fn same(&self, name: &str) -> Option<usize> {
        let toks = name_tokens(name);
        self.people
            .iter()
            .position(|p| p.tokens.ends_with(&toks) || toks.ends_with(&p.tokens))
    }

    pub(super) fn add(&mut self, name: &str, role: Option<String>) -> usize {
        if let Some(i) = self.same(name) {
            let p = &mut self.people[i];
            let toks = name_tokens(name);
            if toks.len() > p.tokens.len() {
                p.name = name.to_string();
                p.tokens = toks;
            }
            p.gender = p.gender.or(role.as_deref().and_then(gender_of));
            if let Some(role) = role.filter(|r| fuller(r, p.role.as_deref())) {
                p.role = Some(role);
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
    pub(super) fn antecedent(&self, para: usize, pos: usize, pronoun: &str) -> Option<usize> {
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

    /// The person a bare age description ("the 56-year-old") points to: among the
    /// people named in the last few paragraphs, the one the article names most often
    /// (the nearest on a tie). The nearest mention alone is often a club or a
    /// company met in passing ("sacked by Norrvik United").
    pub(super) fn protagonist(&self, para: usize, pos: usize) -> Option<usize> {
        let near: Vec<usize> = self
            .mentions
            .iter()
            .rev()
            .filter(|m| (m.0, m.1) < (para, pos) && m.0 + AGE_REACH >= para)
            .map(|m| m.2)
            .collect();
        let count = |i: usize| self.mentions.iter().filter(|m| m.2 == i).count();
        let mut best: Option<(usize, usize)> = None;
        for &i in &near {
            let c = count(i);
            if best.is_none_or(|(_, bc)| c > bc) {
                best = Some((i, c));
            }
        }
        best.map(|(i, _)| i)
            .or_else(|| self.antecedent(para, pos, "they"))
    }

    pub(super) fn known(&self, i: usize) -> bool {
        let p = &self.people[i];
        p.role.is_some()
            || p.gender.is_some()
            || self.mentions.iter().filter(|m| m.2 == i).take(2).count() >= 2
    }

    /// The one person whose role holds this description's head noun ("the
    /// spokeswoman", "China's ambassador"); for an age ("the 56-year-old") the
    /// person the text is about at that point.
    pub(super) fn by_description(&self, desc: &str, para: usize, pos: usize) -> Option<usize> {
        let head = bare(&desc.split_whitespace().last()?.to_lowercase()).to_string();
        if head.ends_with("-year-old") {
            return self
                .people
                .iter()
                .position(|p| {
                    p.role
                        .as_deref()
                        .is_some_and(|r| r.to_lowercase().contains(head.as_str()))
                })
                .or_else(|| self.protagonist(para, pos));
        }
        if !SETS.roles.contains(head.as_str()) {
            return None;
        }
        let hits: Vec<usize> = (0..self.people.len())
            .filter(|&i| {
                self.people[i].role.as_deref().is_some_and(|r| {
                    r.split(|c: char| !c.is_alphanumeric() && c != '-')
                        .any(|w| w.eq_ignore_ascii_case(&head))
                })
            })
            .collect();
        match hits.as_slice() {
            [] => None,
            [one] => Some(*one),
            // Several fit: the one mentioned last before the description.
            _ => self
                .mentions
                .iter()
                .rev()
                .filter(|m| (m.0, m.1) < (para, pos))
                .take(40)
                .map(|m| m.2)
                .find(|i| hits.contains(i)),
        }
    }

    /// Is this capitalised run something other than a person: a weekday, month,
    /// holiday, season, event or document word? (A place may still speak for its
    /// government: "China says".)
    pub(super) fn not_person(&self, name: &str) -> bool {
        let words: Vec<String> = name
            .split_whitespace()
            .map(|w| bare(&w.to_lowercase()).trim_end_matches('.').to_string())
            .collect();
        if words.is_empty() || has_contraction(name) {
            return true;
        }
        words
            .iter()
            .all(|w| SETS.non_name.contains(w.as_str()) || rules::NOT_PEOPLE.contains(&w.as_str()))
            || words
                .iter()
                .any(|w| rules::NOT_PEOPLE.contains(&w.as_str()))
    }
}

/// Is `new` a fuller description of a person than `old` (more words)? A person keeps
/// the fullest role the article gives ("Walt Disney Co. executive" gives way to
/// "Disney's chairman of direct-to-consumer and international").
/// A replacement must name a job or relation ("a second person briefed on the call"
/// does not).
fn fuller(new: &str, old: Option<&str>) -> bool {
    let has_role = || {
        new.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| is_role(&w.to_lowercase()))
    };
    old.is_none_or(|o| {
        title_only(o)
            || (new.split_whitespace().count() > o.split_whitespace().count() && has_role())
    })
}

/// Everything the article attaches to a name at one mention (name run `i..j`): a
/// description before it ("The food bank's director, X"), the role words in front
/// ("study lead author X"), an affiliation ("X of the CDF") and an appositive after
/// it (", a planetary scientist at NASA"), joined in reading order. A title alone
/// ("Dr.") is kept only when nothing else is given.
fn mention_role(
    ch: &[char],
    toks: &[Tok],
    i: usize,
    j: usize,
    prefix: Option<&String>,
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if i >= 2 && is_punct(ch, toks[i - 1], ",") {
        let a = (0..i - 1)
            .rev()
            .find(|&k| !toks[k].word)
            .map_or(0, |k| k + 1);
        let desc = np_ending_at(ch, toks, a, i - 1).filter(|d| {
            d.kind == NpKind::Desc
                && d.text
                    .split_whitespace()
                    .last()
                    .is_some_and(|h| is_role(&h.to_lowercase()))
        });
        parts.extend(desc.map(|d| d.text));
    }
    parts.extend(prefix.filter(|r| !title_only(r)).cloned());
    let mut k = j;
    if let Some((aff, end)) = affiliation(ch, toks, j) {
        k = end;
        // "Analyst X of Harcourt Lowe": the affiliation completes the role before it.
        match parts.last_mut() {
            Some(last) => {
                last.push(' ');
                last.push_str(&aff);
            }
            None => parts.push(aff),
        }
    }
    if toks.get(k).is_some_and(|t| is_punct(ch, *t, ",")) {
        let b = (k + 1..toks.len())
            .find(|&m| is_punct(ch, toks[m], ",.;"))
            .unwrap_or(toks.len());
        // An appositive is closed by a comma or a stop; one that runs into a quote
        // is the main clause ("by X of Y, the old quays “…”").
        let closed = b < toks.len()
            || toks
                .last()
                .is_some_and(|t| ch[t.e..].iter().all(|c| c.is_whitespace()));
        if closed {
            parts.extend(appositive(ch, toks, k + 1, b));
        }
    }
    if parts.is_empty() {
        return prefix.cloned();
    }
    Some(parts.join(", "))
}

/// "of the CDF" / "of Harcourt Lowe" right after a name: the affiliation, and the
/// token where it ends.
fn affiliation(ch: &[char], toks: &[Tok], j: usize) -> Option<(String, usize)> {
    let of = toks.get(j)?;
    if !of.word || low(ch, *of) != "of" {
        return None;
    }
    let mut k = j + 1;
    if toks.get(k).is_some_and(|t| t.word && low(ch, *t) == "the") {
        k += 1;
    }
    if !toks.get(k).is_some_and(|t| is_cap(ch, *t)) {
        return None;
    }
    let mut e = k;
    while e < toks.len() && e < k + 8 && toks[e].word {
        let w = low(ch, toks[e]);
        // "the Bergen institute": a lowercase organisation head ends the name.
        let head = SETS.orgs.contains(w.as_str());
        if !is_cap(ch, toks[e]) && !head && !matches!(w.as_str(), "of" | "and" | "for" | "the") {
            break;
        }
        e += 1;
        if head && !is_cap(ch, toks[e - 1]) {
            break;
        }
    }
    while e > k && !is_cap(ch, toks[e - 1]) && !SETS.orgs.contains(low(ch, toks[e - 1]).as_str()) {
        e -= 1;
    }
    let last = toks.get(e.checked_sub(1)?)?;
    Some((ch[of.s..last.e].iter().collect(), e))
}

/// Is only punctuation between a sentence start and `pos`? Stops at the first
/// letter or digit to the left, so it is O(1) per mention in practice.
pub(super) fn opens_sentence(ch: &[char], pos: usize) -> bool {
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

/// Does a capitalised run hold a contraction ("Don't", "We're")? It opens a
/// sentence; it is never a name.
pub(super) fn has_contraction(name: &str) -> bool {
    name.split_whitespace().any(|w| {
        w.to_lowercase()
            .rsplit_once(['\'', '’'])
            .is_some_and(|(_, tail)| matches!(tail, "t" | "re" | "ll" | "ve" | "m" | "d"))
    })
}

/// Does a capitalised run hold an all-capitals word ("NEW DELHI", "Roth IRA")? Such a
/// run is a dateline, an acronym or a product, not a person's name.
pub(super) fn has_acronym(name: &str) -> bool {
    name.split_whitespace().any(|w| {
        let w = bare(w);
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.contains('.')
            && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    })
}

pub(super) fn clean_name(name: &str) -> String {
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
pub(super) fn outside(len: usize, quoted: &[(usize, usize)]) -> Vec<(usize, usize)> {
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

pub(super) fn collect_people(paras: &[Vec<char>], quoted: &[Vec<(usize, usize)>]) -> People {
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
                        let first_ok = first_ok
                            && !place
                            && !has_acronym(&np.text)
                            && !has_contraction(&np.text);
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
                            people.add(&name, mention_role(ch, &toks, i, j, np.role.as_ref()));
                        }
                        let owner = j > i && is_possessive(&low(ch, toks[j - 1]));
                        // The mention starts where its role starts ("Wild defenseman
                        // Ryan Suter, who …": the sentence's subject).
                        let at = toks
                            .get(np.first)
                            .filter(|_| np.first < i)
                            .unwrap_or(&toks[i]);
                        runs.push((p, at.s, name, owner));
                    }
                }
                i = j.max(i + 1);
            }
        }
    }
    for (name, role) in late_roles {
        if let Some(i) = people.resolve(&name) {
            let person = &mut people.people[i];
            person.gender = person.gender.or_else(|| gender_of(&role));
            if fuller(&role, person.role.as_deref()) {
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
