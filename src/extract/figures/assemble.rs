//! Assembly: a figure from its sides (sign, currency, number, unit), qualifier, range,
//! counted noun and rate.

use super::*;
use crate::extract::figure_rules::FigureRule;

impl Scanner<'_> {
    // -------------------------------------------------------------- figures

    /// Reads one side of a figure at token `i`: sign, currency, number and unit.
    pub(super) fn side(&self, i: usize) -> Option<Side> {
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
            if let Some(mut m) = self.unit_after(j, &core, currency.is_some()) {
                // "a cup and a half", "two hours and a half": the fraction follows the unit.
                if core.form == Form::Plain && core.value.fract() == 0.0 {
                    if let Some((extra, fe)) = self.and_fraction(m.e, 1.0) {
                        core.value += extra;
                        m.e = fe;
                    }
                }
                if j == e || m.kind != FigureKind::Percent {
                    unit = Some(m);
                }
            }
        }
        // "two more years": the unit after a word of addition.
        if unit.is_none() && currency.is_none() && self.delta_word_at(core.e) {
            unit = self.unit_after(core.e + 1, &core, false);
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
    pub(super) fn side_from(&self, k: usize) -> Option<Side> {
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
    pub(super) fn chunk_end(&self, e: usize) -> usize {
        let mut k = e;
        while k < self.toks.len() && !self.toks[k].space {
            k += 1;
        }
        k
    }

    /// "scored twice", "only twice": a multiplier word counts times
    /// ([`figure_rules::MULTIPLIER_WORDS`]).
    pub(super) fn multiplier_at(&self, i: usize) -> Option<Found> {
        let w = self.word(i)?;
        let &(_, value) = rules::MULTIPLIER_WORDS.iter().find(|(m, _)| *m == w)?;
        let qual = self.qualifier_before(i);
        Some(Found {
            s: qual.map_or(i, |(q, _)| q),
            e: i + 1,
            value: Some(value),
            low: None,
            high: None,
            unit: Some("times".to_string()),
            qualifier: qual.map(|(_, q)| q.to_string()),
            kind: FigureKind::Count,
            rate: self.rate_after(i + 1),
            rule: FigureRule::Multiplier,
        })
    }

    /// Whether token `i` can start a number: a numeral, a number word, an article before
    /// one, "half"/"quarter" or a vulgar fraction.
    fn starts_number(&self, i: usize) -> bool {
        let t = &self.toks[i];
        match t.kind {
            Tk::Num => true,
            Tk::Word => {
                let w = t.text.as_ref();
                numbers::cardinal(w).is_some()
                    || numbers::ordinal(w).is_some()
                    || matches!(w, "a" | "an" | "half" | "quarter")
            }
            Tk::Sym => t.text.chars().next().and_then(numbers::vulgar).is_some(),
        }
    }

    /// Tries to read a figure at token `i`; records the figure, or the number a rule
    /// vetoed, and returns the token to resume at.
    pub(super) fn figure_at(&self, i: usize, out: &mut Output) -> Option<usize> {
        if let Some(found) = self.multiplier_at(i) {
            out.found.push(found);
            return Some(i + 1);
        }
        if !self.starts_number(i) {
            return None;
        }
        let side = self.side(i)?;
        if side.core.e <= i {
            return None;
        }
        let (s, e) = (side.s, side.core.e);
        match self.draft(side) {
            Ok((found, resume)) => {
                out.found.push(found);
                Some(resume)
            }
            Err(stop) => {
                if let Some(rule) = stop.rule {
                    out.vetoed.push(Vetoed { s, e, rule });
                }
                Some(stop.resume)
            }
        }
    }

    /// Reads the figure whose number is `side`, or says which rule stops it.
    fn draft(&self, side: Side) -> Result<(Found, usize), Stop> {
        let core = side.core;
        if let Some(rule) = self.veto(&core, side.currency.is_some()) {
            // "Image 4 of 5": the total of a numbered item goes with it.
            let total = self
                .is_word(core.e, "of")
                .then(|| self.core(core.e + 1))
                .flatten();
            let resume = total.map_or_else(|| self.chunk_end(core.e), |c| c.e);
            return Err(Stop::veto(rule, resume));
        }
        let qual = self.qualifier_of(&side);
        self.early_veto(&side, qual)?;
        let mut d = Draft::new(side, qual);
        let year = self.is_year(&core) && d.side.currency.is_none() && d.side.unit.is_none();
        self.spelled_veto(&d.side)?;
        self.range_after(&mut d)?;
        if year && d.low.is_none() {
            return Err(Stop::veto(FigureRule::CalendarYear, core.e));
        }
        self.bound_pair(&mut d);
        self.cents_after(&mut d);
        let range_start = if d.between && d.low.is_some() {
            d.qual = None;
            d.start.saturating_sub(1).min(d.side.s - 1)
        } else {
            d.start
        };
        self.counted_unit(&mut d)?;
        let rate_from = if d.low.is_none() {
            d.e_unit
        } else {
            d.range_rate_from
        };
        let rate = self.rate_after(rate_from);
        let mut e_final = d.e_unit.max(d.e);
        // "a minute or so": a qualifier after the figure.
        if rate.is_none() && self.or_so_at(e_final) {
            e_final += 2;
            if d.qual.is_none() {
                d.qual = Some((d.start, "or so"));
            }
        }
        // "64.2 cents a dozen": the rate's words are not a figure of their own.
        let resume = match self.word(rate_from) {
            Some("a" | "an" | "each" | "every" | "per") if rate.is_some() => {
                e_final.max(rate_from + 2)
            }
            _ => e_final,
        };
        let ranged = d.low.is_some();
        let found = Found {
            s: if ranged { range_start } else { d.start },
            e: e_final,
            value: if ranged { None } else { Some(d.value) },
            low: d.low,
            high: d.high,
            unit: d.unit,
            qualifier: d.qual.map(|(_, q)| q.to_string()),
            kind: d.kind,
            rate,
            rule: d.rule,
        };
        Ok((found, resume))
    }

    /// "or so" at token `k`: the figure before it is approximate.
    pub(super) fn or_so_at(&self, k: usize) -> bool {
        self.is_word(k, "or")
            && self.is_word(k + 1, "so")
            && self
                .toks
                .get(k + 2)
                .is_none_or(|t| t.kind == Tk::Sym || is_stop(&t.text))
    }

    /// The qualifier before the figure; "over five years" is a period, not "more than".
    fn qualifier_of(&self, side: &Side) -> Option<(usize, &'static str)> {
        let qual = self.qualifier_before(side.s);
        if let (Some((_, q)), Some(u)) = (qual, &side.unit) {
            let span = u.kind == FigureKind::Duration
                || (u.kind == FigureKind::Measure
                    && rules::TIME_UNIT_WORDS.contains(&u.unit.as_str()));
            if span && rules::PERIOD_NOT_QUALIFIER.contains(&q) {
                return None;
            }
        }
        qual
    }

    /// Words that look like a number but are not one here: a lone article, "one day"
    /// as "someday", "zero in", "one-day", a compound after a number. "a seventh
    /// straight session" is read again from the ordinal.
    fn early_veto(&self, side: &Side, qual: Option<(usize, &'static str)>) -> Result<(), Stop> {
        let core = side.core;
        let word0 = self.word(core.s).unwrap_or("");
        let single = core.e == core.s + 1;
        // A lone article counts only with a time unit after a qualifier, or for decades
        // ("about a week", "a decade"), never as a rate ("a year").
        if matches!(word0, "a" | "an") && single {
            let ok = side.unit.as_ref().is_some_and(|u| {
                u.factor != 1.0 || qual.is_some() || core.value != 1.0 || self.or_so_at(u.e)
            });
            if !ok {
                return Err(Stop::veto(FigureRule::LoneArticle, core.e));
            }
        }
        // "would love to one day buy": "one day" as the adverb "someday".
        if word0 == "one"
            && single
            && side
                .unit
                .as_ref()
                .is_some_and(|u| u.unit == "days" && u.e == core.e + 1)
            && core
                .s
                .checked_sub(1)
                .and_then(|p| self.word(p))
                .is_some_and(|p| rules::ONE_DAY_ADVERB_BEFORE.contains(&p))
        {
            return Err(Stop::veto(FigureRule::OneDayAdverb, core.e + 1));
        }
        // "zero in on": a verb.
        if word0 == "zero"
            && single
            && self
                .word(core.e)
                .is_some_and(|w| rules::ZERO_VERB_AFTER.contains(&w))
        {
            return Err(Stop::veto(FigureRule::ZeroVerb, core.e));
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
            return Err(Stop::reread(core.s + 1));
        }
        // "biggest one-day gain", "zero-depth": compound adjectives, not figures; after
        // an article the compound counts ("a one-game suspension") unless it is an idiom
        // ("a one-off").
        let counted_compound = word0 == "one"
            && core.s > 0
            && matches!(self.word(core.s - 1), Some("a" | "an"))
            && self
                .word(core.e + 1)
                .is_some_and(|w| !rules::ONE_COMPOUND_IDIOMS.contains(&w));
        if core.spelled
            && single
            && matches!(word0, "one" | "zero" | "nought")
            && self.is_sym(core.e, "-")
            && self.glued(core.e)
            && self
                .word(core.e + 1)
                .is_none_or(|w| numbers::cardinal(w).is_none())
            && !counted_compound
            && self.hyphen_to_range_at(core.e).is_none()
        {
            return Err(Stop::veto(FigureRule::OneCompound, self.chunk_end(core.e)));
        }
        // "six three-point attempts": a compound right after another number.
        if core.s > 0
            && self.is_sym(core.e, "-")
            && self.glued(core.e)
            && self.word(core.e + 1).is_some()
            && side.unit.is_none()
            && self.core(core.s - 1).is_some_and(|c| c.e == core.s)
        {
            return Err(Stop::veto(
                FigureRule::CompoundAfterNumber,
                self.chunk_end(core.e),
            ));
        }
        Ok(())
    }

    /// A lone spelled "one" or "half" with no unit: "one" as a pronoun unless it starts a
    /// ratio or follows "only"/"just"; "half" as a period ("the second half", "half-time").
    fn spelled_veto(&self, side: &Side) -> Result<(), Stop> {
        let core = side.core;
        if !core.spelled || core.e != core.s + 1 || side.unit.is_some() || side.currency.is_some() {
            return Ok(());
        }
        let word0 = self.word(core.s).unwrap_or("");
        let prev = core.s.checked_sub(1).and_then(|p| self.word(p));
        if self.hyphen_to_range_at(core.e).is_some() {
            return Ok(());
        }
        if word0 == "one" && !side.negative {
            // "one in-person meeting": a hyphen compound, not the preposition.
            let next = self
                .word(core.e)
                .filter(|_| !self.hyphen_word_at(core.e + 1));
            let only = prev.is_some_and(|p| rules::ONE_COUNTED_AFTER.contains(&p));
            if !only && self.clause_initial(core.s) && self.source_verb_after(core.e) {
                return Err(Stop::veto(FigureRule::UnnamedSource, core.e));
            }
            let ratio = matches!(next, Some("in" | "out" | "over"))
                && (self.core(core.e + 1).is_some() || self.core(core.e + 2).is_some());
            // Alone, "one" is nearly always a pronoun or an article ("one example");
            // after "only"/"just" it counts the noun ("only one toilet").
            let counted = !matches!(next, Some("of" | "in" | "out" | "left" | "more"))
                && (prev.is_some_and(|p| rules::ONE_COUNTED_AFTER.contains(&p))
                    || self.one_counts(core.s, prev))
                && self.noun_phrase(core.e).is_some();
            // "a one-game suspension": the compound after an article counts.
            let compound = matches!(prev, Some("a" | "an"))
                && self.is_sym(core.e, "-")
                && self.glued(core.e)
                && self.word(core.e + 1).is_some();
            let counted = counted || compound;
            if !ratio && !counted {
                return Err(Stop::veto(FigureRule::PronounOne, core.e));
            }
        }
        if word0 == "half" {
            if prev.is_some_and(|p| {
                rules::HALF_PERIOD_BEFORE.contains(&p) || numbers::ordinal(p).is_some()
            }) {
                return Err(Stop::veto(FigureRule::HalfPeriod, core.e));
            }
            if self.is_sym(core.e, "-") && self.glued(core.e) {
                return Err(Stop::veto(FigureRule::HalfPeriod, core.e + 2));
            }
            if self
                .word(core.e)
                .is_some_and(|n| rules::HALF_NOT_FRACTION_AFTER.contains(&n))
            {
                return Err(Stop::veto(FigureRule::HalfPeriod, core.e));
            }
        }
        Ok(())
    }
}

impl Scanner<'_> {
    /// Token `s` opens a sentence or follows a comma ("According to X, one user …").
    fn clause_initial(&self, s: usize) -> bool {
        self.sentence_initial(s) || (s > 0 && self.is_sym(s - 1, ","))
    }

    /// A verb of saying ([`figure_rules::SOURCE_VERBS`]) in the clause after token `e`,
    /// within a few words, before a conjunction, the sentence's end or a comma that does
    /// not open or close a relative clause ("one user on X, which is …, posted").
    fn source_verb_after(&self, e: usize) -> bool {
        let mut relative = false;
        for k in e..(e + 20).min(self.toks.len()) {
            let t = &self.toks[k];
            if t.kind == Tk::Sym && matches!(t.text.as_ref(), "." | ";" | "!" | "?") {
                return false;
            }
            if t.kind == Tk::Sym && t.text == "," {
                let opens = matches!(self.word(k + 1), Some("which" | "who" | "whose" | "where"));
                if !opens && !relative {
                    return false;
                }
                relative = opens;
                continue;
            }
            match self.word(k) {
                Some("and" | "but" | "while" | "after" | "because") => return false,
                Some(w) if rules::SOURCE_VERBS.contains(&w) => return true,
                _ => {}
            }
        }
        false
    }

    /// Whether word token `k` is a verb with "n't" ("doesn't", "won’t").
    fn contraction_after(&self, k: usize) -> bool {
        self.word(k).is_some_and(|w| w.ends_with("n't"))
    }

    /// Whether "one" at token `s` counts the noun after it ("one lemon", "charged with
    /// one count"): not after a determiner of choice ("any one person", "at one point"),
    /// not before an idiom noun ("one thing", "one way"), not as half of a pair that
    /// "another" or "the other" closes later in the clause ("from one room to another"),
    /// and not capitalised mid-sentence (a name: "Xbox One X").
    fn one_counts(&self, s: usize, prev: Option<&str>) -> bool {
        if prev.is_some_and(|p| rules::ONE_PRONOUN_BEFORE.contains(&p))
            || self
                .word(s + 1)
                .is_some_and(|w| rules::ONE_IDIOM_NOUNS.contains(&w))
            || (self.toks[s].cap && !self.sentence_initial(s))
            || self.contraction_after(s + 1)
        {
            return false;
        }
        let clause_end = (s + 2..self.toks.len().min(s + 12))
            .find(|&k| {
                self.toks[k].kind == Tk::Sym
                    && matches!(self.toks[k].text.as_ref(), "." | ";" | "!" | "?")
            })
            .unwrap_or(self.toks.len().min(s + 12));
        !(s + 2..clause_end).any(|k| {
            self.word(k)
                .is_some_and(|w| rules::ONE_PAIR_CLOSERS.contains(&w))
        })
    }
}

/// Why [`Scanner::draft`] stopped without a figure: the rule that vetoed the number
/// (none when the tokens are read again from a later start), and where to resume.
pub(super) struct Stop {
    rule: Option<FigureRule>,
    resume: usize,
}

impl Stop {
    pub(super) fn veto(rule: FigureRule, resume: usize) -> Stop {
        Stop {
            rule: Some(rule),
            resume,
        }
    }

    fn reread(resume: usize) -> Stop {
        Stop { rule: None, resume }
    }
}

/// A figure being assembled: the number's side, then what the range, bound, cents and
/// counted-noun steps add to it.
pub(super) struct Draft {
    pub(super) side: Side,
    pub(super) qual: Option<(usize, &'static str)>,
    /// First token: the qualifier's, or the side's.
    pub(super) start: usize,
    /// End of the number and its unit (or of the range).
    pub(super) e: usize,
    /// End of the counted noun phrase, if any.
    pub(super) e_unit: usize,
    pub(super) value: f64,
    pub(super) low: Option<f64>,
    pub(super) high: Option<f64>,
    pub(super) kind: FigureKind,
    pub(super) unit: Option<String>,
    /// Where a rate after a range starts.
    pub(super) range_rate_from: usize,
    /// "between" stands before the number.
    pub(super) between: bool,
    /// The rule that read the figure.
    pub(super) rule: FigureRule,
}

impl Draft {
    /// The figure as its side reads: value with unit factor and sign, kind and unit.
    fn new(side: Side, qual: Option<(usize, &'static str)>) -> Draft {
        let core = side.core;
        let e = side.unit.as_ref().map_or(core.e, |u| u.e);
        let mut value = core.value * side.unit.as_ref().map_or(1.0, |u| u.factor);
        if side.negative {
            value = -value;
        }
        let kind = match (side.currency, &side.unit) {
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
        let unit = match (side.currency, &side.unit) {
            (Some(iso), None) => Some(iso.to_string()),
            (_, Some(u)) => Some(u.unit.clone()),
            _ => None,
        };
        let rule = match (side.currency, &side.unit, core.form) {
            (Some(_), _, _) => FigureRule::Money,
            (None, Some(u), _) if u.kind == FigureKind::Money => FigureRule::Money,
            (None, Some(_), _) => FigureRule::Unit,
            (None, None, Form::Ordinal) => FigureRule::Rank,
            (None, None, Form::Fraction) => FigureRule::Fraction,
            (None, None, Form::Plain) => FigureRule::Bare,
        };
        let start = qual.map_or(side.s, |(q, _)| q);
        Draft {
            side,
            qual,
            start,
            e,
            e_unit: e,
            value,
            low: None,
            high: None,
            kind,
            unit,
            range_rate_from: e,
            between: false,
            rule,
        }
    }
}
