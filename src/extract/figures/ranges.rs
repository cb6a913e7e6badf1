//! Ranges and continuations: "20 to 30", "between 20 and 30", "$40-50 billion",
//! "greater than 30 and less than 40", "thirteen dollars forty-five cents".

use super::assemble::{Draft, Stop};
use super::*;
use crate::extract::figure_rules::FigureRule;

impl Scanner<'_> {
    /// A second number after a connector ("to", "-", "and" after "between", "~") makes a
    /// closed range with the first; a falling hyphen pair is a score, a pair of years a
    /// span of dates.
    pub(super) fn range_after(&self, d: &mut Draft) -> Result<(), Stop> {
        let before = d.start.checked_sub(1).and_then(|p| self.word(p));
        d.between = before == Some("between")
            || (d.qual.is_none() && d.side.s > 0 && self.is_word(d.side.s - 1, "between"));
        let from = before == Some("from") || (d.side.s > 0 && self.is_word(d.side.s - 1, "from"));
        // "one-to-seven days": the connector and the second number glued with hyphens.
        let (conn, mut next_from) = match self.hyphen_to_range_at(d.e) {
            Some(k) => (d.e + 1, k),
            None => (d.e, d.e + 1),
        };
        // "between ~3x and ~12x": a qualifier sign before the second number.
        if d.between
            && self.toks.get(next_from).is_some_and(|t| {
                t.kind == Tk::Sym && rules::SYMBOL_QUALIFIERS.iter().any(|(q, _)| *q == t.text)
            })
            && self.glued(next_from + 1)
        {
            next_from += 1;
        }
        let is_conn = match self.toks.get(conn) {
            Some(c) if c.kind == Tk::Word => c.text == "to" || (c.text == "and" && d.between),
            Some(c) if c.kind == Tk::Sym => {
                (c.text == "-"
                    && !d.between
                    && (c.space == self.toks.get(conn + 1).is_some_and(|n| n.space)))
                    || c.text == "~"
            }
            _ => false,
        };
        if is_conn {
            let hyphen = self.is_sym(conn, "-");
            let next_ok = self.toks.get(conn + 1).is_some_and(|n| {
                if hyphen {
                    n.kind == Tk::Num || (n.kind == Tk::Sym && d.side.currency.is_some())
                } else {
                    true
                }
            });
            if next_ok && (!hyphen || self.toks[d.side.core.s].kind == Tk::Num) {
                if let Some(other) = self.side_from(next_from) {
                    let oc = other.core;
                    let both_units = d.side.unit.is_some() || d.side.currency.is_some();
                    let small =
                        |c: &Core| c.value < 100.0 && c.bare_numeral && other.unit.is_none();
                    let year_pair = (self.is_year(&d.side.core)
                        && (self.is_year(&oc) || small(&oc)))
                        || (self.is_year(&oc) && !both_units && d.side.core.value < 100.0);
                    if let Some(rule) = self.veto(&oc, other.currency.is_some()) {
                        return Err(Stop::veto(rule, oc.e.max(d.side.core.e)));
                    }
                    if year_pair {
                        return Err(Stop::veto(
                            FigureRule::ScoreOrYears,
                            oc.e.max(d.side.core.e),
                        ));
                    }
                    let mut v2 = oc.value * other.unit.as_ref().map_or(1.0, |u| u.factor);
                    if other.negative {
                        v2 = -v2;
                    }
                    let mut v1 = d.value;
                    if !both_units {
                        if let Some(u) = &other.unit {
                            v1 *= u.factor;
                        }
                        if d.side.core.scale == 1.0 && oc.scale > 1.0 {
                            v1 *= oc.scale;
                        }
                    }
                    // "$40-50 billion": the currency on the left, the scale on the right.
                    let bare_other = other.currency.is_none() && other.unit.is_none();
                    if d.side.currency.is_some()
                        && d.side.unit.is_none()
                        && bare_other
                        && d.side.core.scale == 1.0
                        && oc.scale > 1.0
                    {
                        v1 *= oc.scale;
                    }
                    let same_unit = match (&d.side.unit, &other.unit) {
                        (Some(a), Some(b)) => a.unit == b.unit,
                        (None, _) => {
                            d.side.currency.is_none()
                                || d.side.currency == other.currency
                                || (bare_other && oc.scale > 1.0)
                        }
                        _ => false,
                    };
                    if from && both_units {
                        // "from $2.75 to $2.90": a change, two figures.
                    } else if hyphen && v1 >= v2 {
                        // "78-71", "1995-01": scores and dates, not ranges.
                        return Err(Stop::veto(
                            FigureRule::ScoreOrYears,
                            oc.e.max(d.side.core.e),
                        ));
                    } else if same_unit && v1 < v2 {
                        d.low = Some(v1);
                        d.high = Some(v2);
                        d.e = other.unit.as_ref().map_or(oc.e, |u| u.e);
                        d.range_rate_from = d.e;
                        d.rule = FigureRule::Range;
                        if !both_units {
                            if other.currency.is_some() {
                                d.kind = FigureKind::Money;
                                d.unit = other.currency.map(str::to_string);
                            } else if let Some(u) = &other.unit {
                                d.kind = u.kind;
                                d.unit = Some(u.unit.clone());
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// "one-to-seven": after the number ending before token `e`, a hyphen, "to", a
    /// hyphen and a spelled number, all glued. Returns the second number's token.
    pub(super) fn hyphen_to_range_at(&self, e: usize) -> Option<usize> {
        let glued = (e..e + 4).all(|k| self.glued(k));
        let ok = glued
            && self.is_sym(e, "-")
            && self.is_word(e + 1, "to")
            && self.is_sym(e + 2, "-")
            && self
                .word(e + 3)
                .is_some_and(|w| numbers::cardinal(w).is_some());
        ok.then_some(e + 3)
    }

    /// "greater than 30 and less than 40": a lower and an upper bound make a range.
    pub(super) fn bound_pair(&self, d: &mut Draft) {
        // "greater than 30 and less than 40": a lower and an upper bound make a range.
        if d.low.is_none() && self.is_word(d.e, "and") {
            if let Some((_, q1)) = d.qual {
                if rules::LOWER_BOUND_QUALIFIERS.contains(&q1) {
                    if let Some((qe, q2)) = self.qualifier_at(d.e + 1) {
                        if rules::UPPER_BOUND_QUALIFIERS.contains(&q2) {
                            if let Some(other) = self.side_from(qe) {
                                let v2 = other.core.value
                                    * other.unit.as_ref().map_or(1.0, |u| u.factor);
                                if v2 > d.value && !self.not_a_figure(&other.core, false) {
                                    d.low = Some(d.value);
                                    d.high = Some(v2);
                                    d.e = other.unit.as_ref().map_or(other.core.e, |u| u.e);
                                    d.range_rate_from = d.e;
                                    d.rule = FigureRule::BoundPair;
                                    if d.unit.is_none() {
                                        if let Some(u) = &other.unit {
                                            d.unit = Some(u.unit.clone());
                                            d.kind = u.kind;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// "thirteen dollars forty-five cents", "15 dollars and 15", "C$100 and fifty".
    pub(super) fn cents_after(&self, d: &mut Draft) {
        // "thirteen dollars forty-five cents", "15 dollars and 15", "C$100 and fifty".
        if d.kind == FigureKind::Money && d.low.is_none() && d.side.core.form == Form::Plain {
            let mut k = d.e;
            if self.is_word(k, "and") {
                k += 1;
            }
            // Not after a sub-d.unit ("64.2 cents a dozen"), nor an article ("a dozen").
            let whole_unit = d.side.unit.as_ref().is_none_or(|u| u.factor >= 1.0);
            let article = matches!(self.word(k), Some("a" | "an"));
            if let Some(c) = self.core(k).filter(|_| whole_unit && !article) {
                let then = self.word(c.e);
                let cents_word = matches!(then, Some("cents" | "cent" | "pence" | "p"));
                let bare_end = self.toks.get(c.e).is_none_or(|t| t.kind == Tk::Sym);
                if c.form == Form::Plain
                    && c.value < 100.0
                    && c.value.fract() == 0.0
                    && (cents_word || (bare_end && k > d.side.core.e))
                    && (d.side.unit.is_some() || d.side.currency.is_some())
                {
                    d.value += c.value / 100.0;
                    d.e = if cents_word { c.e + 1 } else { c.e };
                }
            }
        }
    }
}
