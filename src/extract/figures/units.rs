//! Currency, qualifiers, units, counted noun phrases and rates around a number.

use super::*;

impl Scanner<'_> {
    // -------------------------------------------------------------- context

    /// The currency written just before token `s`, and where it starts.
    pub(super) fn currency_before(&self, s: usize) -> Option<(usize, &'static str)> {
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
    pub(super) fn million_code(&self, k: usize) -> Option<&'static str> {
        let t = self.toks.get(k).filter(|t| t.kind == Tk::Word && t.upper)?;
        let rest = t.text.strip_prefix('m')?;
        rules::CURRENCY_CODES
            .iter()
            .find(|(c, _)| *c == rest && c.len() == 3)
            .map(|(_, iso)| *iso)
    }

    /// The qualifier phrase starting at token `k`: its end and name.
    pub(super) fn qualifier_at(&self, k: usize) -> Option<(usize, &'static str)> {
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
    pub(super) fn qualifier_before(&self, s: usize) -> Option<(usize, &'static str)> {
        if let Some(q) = self.symbol_qualifier_before(s) {
            return Some(q);
        }
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

    /// "~5%", "≈ 300": a symbol read as a qualifier ([`figure_rules::SYMBOL_QUALIFIERS`]),
    /// unless a number stands before it ("3~5" is a range).
    fn symbol_qualifier_before(&self, s: usize) -> Option<(usize, &'static str)> {
        let p = s.checked_sub(1)?;
        let t = self.toks.get(p).filter(|t| t.kind == Tk::Sym)?;
        let &(_, name) = rules::SYMBOL_QUALIFIERS
            .iter()
            .find(|(sym, _)| *sym == t.text)?;
        let after_number = p > 0 && !t.space && self.toks[p - 1].kind == Tk::Num;
        (!after_number).then_some((p, name))
    }

    /// The unit after token `j` (exclusive start), if any.
    pub(super) fn unit_after(&self, j: usize, core: &Core, money: bool) -> Option<UnitMatch> {
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
        // Nor may a numeral follow a glued "x": "4x4", "3x3" are names, not multiples.
        if rule.glued_only
            && toks.get(e).is_some_and(|t| {
                !t.space && t.kind != Tk::Sym && (t.kind != Tk::Num || rule.unit == "times")
            })
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
        let mut unit = self.unit_name(start, e, rule);
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
                    unit = "ft".to_string();
                }
            }
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

    /// The name of unit `rule` matched at tokens `[start, e)`. A measure spelled out in
    /// words is named as written, in the plural ("8-inch" → "inches", "2.0-liter" →
    /// "liters", "metric tons"); symbols and abbreviations keep the table's name ("km",
    /// "°F"), and so do time spans, percentages and [`figure_rules::CANONICAL_UNITS`].
    pub(super) fn unit_name(&self, start: usize, e: usize, rule: &rules::UnitRule) -> String {
        let spelled = rule.class == UnitClass::Measure
            && rule.factor == 1.0
            && !rule.glued_only
            && !rules::CANONICAL_UNITS.contains(&rule.unit)
            && rule.phrase.first().is_some_and(|w| {
                w.len() > 3
                    && w.chars().all(char::is_alphabetic)
                    && !rules::TIME_UNIT_WORDS.contains(w)
            });
        let Some(last) = e.checked_sub(1).filter(|&l| spelled && l >= start) else {
            return rule.unit.to_string();
        };
        let mut name: String = self.chars[self.toks[start].start..self.toks[last].start]
            .iter()
            .collect();
        let word = self.toks[last].text.as_ref();
        // Only the head is put in the plural: not the word after "per" ("frames per second").
        let head_last = !rule.phrase.iter().any(|w| matches!(*w, "per" | "a" | "an"));
        match INDEX.unit_plurals.get(word).filter(|_| head_last) {
            Some(plural) => name.push_str(plural),
            None => name.extend(&self.chars[self.toks[last].start..self.toks[last].end]),
        }
        name
    }

    /// Token `e` is a hyphen glued between the word before it and a word after it
    /// ("in-person", "on-site").
    pub(super) fn hyphen_word_at(&self, e: usize) -> bool {
        self.is_sym(e, "-") && self.glued(e) && self.glued(e + 1) && self.word(e + 1).is_some()
    }

    /// Token `e` is a word of addition ([`figure_rules::COUNT_DELTA_WORDS`]) before what
    /// is counted, not a comparison ("two more years", not "two more than").
    pub(super) fn delta_word_at(&self, e: usize) -> bool {
        self.word(e)
            .is_some_and(|w| rules::COUNT_DELTA_WORDS.contains(&w))
            && self
                .toks
                .get(e + 1)
                .is_some_and(|t| t.kind == Tk::Word && t.space && t.text != "than")
    }

    /// The counted noun phrase from token `j`: up to three words, hyphen compounds kept;
    /// a lower-case noun in quotes is read inside them ("two “deliveries”").
    pub(super) fn noun_phrase(&self, j: usize) -> Option<(usize, String)> {
        let quoted =
            self.toks.get(j).is_some_and(|t| {
                t.kind == Tk::Sym && rules::OPENING_QUOTES.contains(&t.text.as_ref())
            }) && self
                .toks
                .get(j + 1)
                .is_some_and(|t| t.kind == Tk::Word && !t.space && !t.cap);
        if quoted {
            let (ne, np) = self.plain_noun_phrase(j + 1)?;
            let closed = self.toks.get(ne).is_some_and(|t| {
                t.kind == Tk::Sym && !t.space && rules::CLOSING_QUOTES.contains(&t.text.as_ref())
            });
            return closed.then_some((ne + 1, np));
        }
        self.plain_noun_phrase(j)
    }

    /// [`Self::noun_phrase`] without quotes.
    fn plain_noun_phrase(&self, j: usize) -> Option<(usize, String)> {
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
            if (is_stop(w) && !self.hyphen_word_at(k + 1))
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
    pub(super) fn rate_after(&self, j: usize) -> Option<String> {
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
}

/// Unit names spelled out in words ("kilometres", "metric tons", "square feet") mapped
/// to the name the table stores for them ("km", "t", "sq ft"), keyed lower case with
/// single spaces.
static SPELLED_UNITS: LazyLock<std::collections::HashMap<String, &'static str>> =
    LazyLock::new(|| {
        rules::UNITS
            .iter()
            .filter(|u| matches!(u.class, UnitClass::Measure | UnitClass::Percent))
            .filter(|u| u.phrase.iter().all(|w| w.chars().all(char::is_alphabetic)))
            .map(|u| (u.phrase.join(" "), u.unit))
            .collect()
    });

/// The canonical name of a figure's unit, for comparing figures: a unit spelled out
/// in words is stored as written ("5 kilometres" → `kilometres`, "8-inch" → `inches`),
/// and this gives the name the unit table keeps for it (`km`, `in`), so "5 km" and
/// "5 kilometres" share a unit. Any other unit (a counted noun, a currency code, a
/// symbol) comes back as it is.
pub fn canonical_unit(unit: &str) -> Cow<'_, str> {
    let key: Vec<String> = unit
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    match SPELLED_UNITS.get(&key.join(" ")) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Borrowed(unit),
    }
}
