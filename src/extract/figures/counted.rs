//! What a figure counts when no unit follows the number: the noun phrase it modifies,
//! the total of "N of M", the base of "one in four", a hyphen compound, an age.

use super::assemble::{Draft, Stop};
use super::*;
use crate::extract::figure_rules::FigureRule;

/// Words after "of" that lead to what the number is part of ("five of her first six").
const OF_DETERMINERS: &[&str] = &["her", "his", "their", "its", "the", "our", "my", "your"];

impl Scanner<'_> {
    /// Reads what the figure counts after its number (or range), if no unit did.
    pub(super) fn counted_unit(&self, d: &mut Draft) -> Result<(), Stop> {
        d.e_unit = d.e;
        let core = d.side.core;
        // "four to six services", "between 20 and 30 people": a range counts a noun too.
        if d.unit.is_none() && d.low.is_some() && core.form == Form::Plain {
            if let Some((ne, np)) = self.noun_phrase(d.e) {
                d.e_unit = ne;
                d.unit = Some(np);
            }
        }
        if d.unit.is_some() || d.low.is_some() {
            return Ok(());
        }
        let word0 = self.word(core.s).unwrap_or("");
        let ratio_word = (self.is_word(d.e, "in") && !self.hyphen_word_at(d.e + 1))
            || (self.is_word(d.e, "out") && self.is_word(d.e + 1, "of"))
            || self.is_word(d.e, "over");
        if self.is_word(d.e, "of") && core.form != Form::Ordinal {
            self.of_total(d);
        } else if ratio_word && core.form == Form::Plain && core.value > 0.0 {
            self.ratio(d);
        } else if word0 == "half" && self.is_word(d.e, "the") {
            if let Some((ne, np)) = self.noun_phrase(d.e + 1) {
                d.e_unit = ne;
                d.unit = Some(np);
            }
        } else if self.is_sym(d.e, "-") && self.glued(d.e) && self.glued(d.e + 1) {
            self.compound_unit(d);
        } else {
            self.noun_unit(d);
        }
        self.age(d);
        self.index_level(d);
        if word0 == "one"
            && core.e == core.s + 1
            && d.unit.is_none()
            && !d.side.negative
            && d.kind != FigureKind::Fraction
            && !d
                .qual
                .is_some_and(|(_, q)| rules::ONE_COUNTED_AFTER.contains(&q))
        {
            return Err(Stop::veto(FigureRule::PronounOne, core.e));
        }
        Ok(())
    }

    /// "98 of 102 precincts", "five of her first six", "two of them", "a third of the
    /// budget".
    fn of_total(&self, d: &mut Draft) {
        let mut k = d.e + 1;
        if self.word(k).is_some_and(|w| OF_DETERMINERS.contains(&w)) {
            if matches!(self.word(k + 1), Some("first" | "last")) {
                k += 1;
            }
            if let Some(c) = self.core(k + 1) {
                if c.form == Form::Plain && c.value >= d.value {
                    k += 1;
                }
            }
        }
        if k > d.e + 1 || self.core(k).is_some() {
            if let Some(m) = self.core(k) {
                if m.form == Form::Plain
                    && m.value >= d.value
                    && !self.not_a_figure(&m, false)
                    && !self.is_year(&m)
                {
                    d.e_unit = m.e;
                    d.rule = FigureRule::OfTotal;
                    if let Some((ne, np)) = self.noun_phrase(m.e) {
                        d.e_unit = ne;
                        d.unit = Some(np);
                    }
                }
            }
        }
        if d.e_unit != d.e {
            return;
        }
        let det = self.word(d.e + 1);
        if matches!(det, Some("them" | "those" | "these" | "us")) {
            d.e_unit = d.e + 2;
            d.rule = FigureRule::OfTotal;
        } else if det.is_some_and(|w| w == "all" || OF_DETERMINERS.contains(&w)) {
            if let Some((ne, np)) = self.noun_phrase(d.e + 2) {
                d.e_unit = ne;
                d.unit = Some(np);
                d.rule = FigureRule::OfTotal;
            }
        } else if d.side.core.form == Form::Fraction {
            if let Some((ne, np)) = self.noun_phrase(d.e + 1) {
                d.e_unit = ne;
                d.unit = Some(np);
            }
        }
    }

    /// "one in four", "two out of five hundred", "one over twenty": a fraction.
    fn ratio(&self, d: &mut Draft) {
        let core = d.side.core;
        let k = if self.is_word(d.e, "out") {
            d.e + 2
        } else {
            d.e + 1
        };
        let Some(m) = self.core(k) else { return };
        if m.form == Form::Plain
            && m.value > core.value
            && !self.is_year(&m)
            && !self.not_a_figure(&m, false)
        {
            d.value = core.value / m.value;
            d.kind = FigureKind::Fraction;
            d.rule = FigureRule::Ratio;
            d.e_unit = m.e;
            d.e = m.e;
            if let Some((ne, np)) = self.noun_phrase(m.e) {
                d.e_unit = ne;
                d.unit = Some(np);
            }
        }
    }

    /// "eight-lane", "412-page": the compound names what is counted.
    fn compound_unit(&self, d: &mut Draft) {
        let Some(w) = self.word(d.e + 1) else { return };
        if is_stop(w) || numbers::cardinal(w).is_some() {
            return;
        }
        let mut k = d.e + 2;
        while self.is_sym(k, "-")
            && self.glued(k)
            && self.glued(k + 1)
            && self.word(k + 1).is_some()
        {
            k += 2;
        }
        d.rule = FigureRule::Compound;
        // "the second-largest turnout": a superlative ranks the noun after it.
        let superlative = self
            .word(k - 1)
            .is_some_and(|w| w.ends_with("est") && w.len() > 4);
        if let Some((ne, np)) = self.noun_phrase(k).filter(|_| superlative) {
            d.e_unit = ne;
            d.unit = Some(np);
            return;
        }
        d.e_unit = k;
        let (a, b) = (self.toks[d.e + 1].start, self.toks[k - 1].end);
        d.unit = Some(self.chars[a..b].iter().collect());
    }

    /// The noun phrase the number modifies ("200 U.S. military personnel"); in a tally
    /// ("71 votes to 12") the second number goes with the first.
    fn noun_unit(&self, d: &mut Draft) {
        // "three more people": the noun after a word of addition.
        let from = if self.delta_word_at(d.e) {
            d.e + 1
        } else {
            d.e
        };
        let Some((mut ne, mut np)) = self.noun_phrase(from) else {
            return;
        };
        // "only one bus stops there": after a count of one, a plural-looking word that
        // is not the first is the verb; the phrase ends before it.
        let verb = (from + 1..ne).find(|&k| {
            self.toks[k].space
                && self.word(k).is_some_and(|w| {
                    w.ends_with('s')
                        && !w.ends_with("ss")
                        && !w.ends_with("us")
                        && !w.ends_with("is")
                })
        });
        if let Some(k) = verb.filter(|_| d.value == 1.0) {
            ne = k;
            np = self.chars[self.toks[from].start..self.toks[k - 1].end]
                .iter()
                .collect();
        }
        // "three counts of fraud": a partitive head runs on through "of".
        let partitive = self
            .word(ne - 1)
            .is_some_and(|w| rules::PARTITIVE_NOUNS.contains(&w));
        if partitive && self.is_word(ne, "of") {
            if let Some((mut oe, _)) = self.noun_phrase(ne + 1) {
                // "counts of careless driving": a gerund heads the phrase.
                if self.toks.get(oe).is_some_and(|t| t.space)
                    && self.word(oe).is_some_and(|w| w.ends_with("ing"))
                {
                    oe += 1;
                }
                np = self.chars[self.toks[from].start..self.toks[oe - 1].end]
                    .iter()
                    .collect();
                ne = oe;
            }
        }
        let decimal = self.toks[d.side.core.s].numeral.is_some_and(|n| n.decimal);
        if decimal && rules::MEASURED_WHEN_DECIMAL.contains(&np.as_str()) {
            d.kind = FigureKind::Measure;
        }
        d.e_unit = ne;
        d.unit = Some(np);
        if d.rule == FigureRule::Bare {
            d.rule = FigureRule::CountedNoun;
        }
        if !self.is_word(ne, "to") {
            return;
        }
        if let Some(c) = self.core(ne + 1) {
            let bare = self
                .toks
                .get(c.e)
                .is_none_or(|t| t.kind == Tk::Sym || is_stop(&t.text));
            if c.form == Form::Plain && bare && c.value < d.value {
                d.e_unit = c.e;
            }
        }
    }

    /// A bare numeral with two decimals, at least 100, after "to"/"at"/"of", in a
    /// sentence that names an index or its points before it: an index level in points
    /// ([`figure_rules::INDEX_LEVEL_CUES`]).
    fn index_level(&self, d: &mut Draft) {
        let core = d.side.core;
        let s = core.s;
        let t = &self.toks[s];
        let two_decimals = t
            .text
            .rsplit_once(['.', ','])
            .is_some_and(|(_, f)| f.len() == 2);
        if d.unit.is_some()
            || !core.bare_numeral
            || !t.numeral.is_some_and(|n| n.decimal)
            || !two_decimals
            || d.value < 100.0
            || s == 0
            || !self
                .word(s - 1)
                .is_some_and(|w| rules::INDEX_LEVEL_BEFORE.contains(&w))
        {
            return;
        }
        let cue = (s.saturating_sub(30)..s - 1)
            .rev()
            .take_while(|&k| {
                !(self.toks[k].kind == Tk::Sym
                    && matches!(self.toks[k].text.as_ref(), "." | "!" | "?")
                    && self.toks[k].space == self.toks.get(k + 1).is_some_and(|n| n.space))
            })
            .any(|k| {
                self.word(k)
                    .is_some_and(|w| rules::INDEX_LEVEL_CUES.contains(&w))
            });
        if cue {
            d.unit = Some("points".to_string());
            d.kind = FigureKind::Measure;
            d.rule = FigureRule::IndexLevel;
        }
    }

    /// Ages with no unit: "aged 16", "the age of 14", "Parise, 35, had", "She was 94."
    fn age(&self, d: &mut Draft) {
        if d.unit.is_some() {
            return;
        }
        let prefixed = d.side.core.form == Form::Plain
            && rules::AGE_PREFIXES
                .iter()
                .any(|p| self.match_phrase_before(d.start, p).is_some());
        let bare = d.qual.is_none() && self.bare_age(&d.side.core, d.value);
        if prefixed || bare {
            d.kind = FigureKind::Duration;
            d.unit = Some("years".to_string());
            d.rule = FigureRule::Age;
        }
    }
}
