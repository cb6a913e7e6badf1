//! Numbers: reads the number at a token (numerals, powers, spelled words, ordinals,
//! fractions) into a [`Core`].

use super::*;

impl Scanner<'_> {
    // -------------------------------------------------------------- numbers

    /// Reads the number starting at token `i`.
    pub(super) fn core(&self, i: usize) -> Option<Core> {
        let t = self.toks.get(i)?;
        match t.kind {
            Tk::Num => self.numeral_core(i),
            Tk::Word => self.word_core(i),
            Tk::Sym => {
                let c = t.text.chars().next()?;
                let v = numbers::vulgar(c)?;
                Some(Core {
                    s: i,
                    e: i + 1,
                    value: v,
                    form: Form::Fraction,
                    scale: 1.0,
                    bare_numeral: false,
                    spelled: false,
                })
            }
        }
    }

    pub(super) fn numeral_core(&self, i: usize) -> Option<Core> {
        let num = self.toks[i].numeral?;
        let j = i + 1;
        if let Some(core) = self.numeral_fraction(i, num)? {
            return Some(core);
        }
        if let Some(core) = self.numeral_notation(i, num.value) {
            return Some(core);
        }
        let value = num.value;
        // "13th"
        if let Some(w) = self.word(j) {
            if self.glued(j) && numbers::ORDINAL_SUFFIXES.contains(&w) && !num.decimal {
                return Some(Core {
                    s: i,
                    e: j + 1,
                    value,
                    form: Form::Ordinal,
                    scale: 1.0,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        self.numeral_scaled(i, num.value)
    }

    /// A numeral with a fraction: "4½", "3/4", "2 1/4". `None` when the slash makes the
    /// number no figure at all ("1/2/3"), `Some(None)` when no fraction follows.
    fn numeral_fraction(&self, i: usize, num: Numeral) -> Option<Option<Core>> {
        let j = i + 1;
        let value = num.value;
        // "4½"
        if let Some(t) = self.toks.get(j) {
            if t.kind == Tk::Sym && self.glued(j) {
                if let Some(v) = t.text.chars().next().and_then(numbers::vulgar) {
                    return Some(Some(Core {
                        s: i,
                        e: j + 1,
                        value: value + v,
                        form: Form::Plain,
                        scale: 1.0,
                        bare_numeral: false,
                        spelled: false,
                    }));
                }
            }
        }
        // "3/4", "2 1/4"
        if self.is_sym(j, "/") && self.glued(j) && self.glued(j + 1) {
            let den = self
                .toks
                .get(j + 1)
                .filter(|t| t.kind == Tk::Num)?
                .numeral?;
            if self.is_sym(j + 2, "/") || num.decimal || den.value <= 0.0 || den.value > 100.0 {
                return None;
            }
            return Some(Some(Core {
                s: i,
                e: j + 2,
                value: value / den.value,
                form: Form::Fraction,
                scale: 1.0,
                bare_numeral: false,
                spelled: false,
            }));
        }
        // "1-1/2 year": a mixed number written with a hyphen (wire style).
        if let Some(mixed) = self.hyphen_mixed(i, num) {
            return mixed.map(Some);
        }
        if !num.decimal
            && self
                .toks
                .get(j)
                .is_some_and(|t| t.kind == Tk::Num && t.space)
            && self.is_sym(j + 1, "/")
            && self.glued(j + 1)
            && self.glued(j + 2)
        {
            let a = self.toks[j].numeral?;
            let b = self
                .toks
                .get(j + 2)
                .filter(|t| t.kind == Tk::Num)
                .and_then(|t| t.numeral);
            if let Some(b) = b {
                if a.value < b.value && b.value > 0.0 && !self.is_sym(j + 3, "/") {
                    return Some(Some(Core {
                        s: i,
                        e: j + 3,
                        value: value + a.value / b.value,
                        form: Form::Fraction,
                        scale: 1.0,
                        bare_numeral: false,
                        spelled: false,
                    }));
                }
            }
        }
        Some(None)
    }

    /// "1-1/2", "2-3/4": a whole number, a hyphen and a proper fraction, all glued.
    /// `Some(None)` when a second slash follows ("1-1/2/3": a code, no figure), `None`
    /// when the numeral is not written so.
    fn hyphen_mixed(&self, i: usize, num: Numeral) -> Option<Option<Core>> {
        let j = i + 1;
        let glued = (j..j + 4).all(|k| self.glued(k));
        if num.decimal || !glued || !self.is_sym(j, "-") || !self.is_sym(j + 2, "/") {
            return None;
        }
        let whole_num = |k: usize| {
            self.toks
                .get(k)
                .filter(|t| t.kind == Tk::Num)
                .and_then(|t| t.numeral)
                .filter(|n| !n.decimal && !n.grouped)
        };
        let (a, b) = (whole_num(j + 1)?, whole_num(j + 3)?);
        if self.is_sym(j + 4, "/") && self.glued(j + 4) {
            return Some(None);
        }
        let ends = self
            .toks
            .get(j + 4)
            .is_none_or(|t| t.space || t.kind == Tk::Sym);
        if !(a.value > 0.0 && a.value < b.value && b.value <= 16.0 && ends) {
            return None;
        }
        Some(Some(Core {
            s: i,
            e: j + 4,
            value: num.value + a.value / b.value,
            form: Form::Fraction,
            scale: 1.0,
            bare_numeral: false,
            spelled: false,
        }))
    }

    /// A power or scientific notation after the numeral at `i`: "1.1^23", "1.3x10^6",
    /// "2 × 10^-3", "1e10".
    fn numeral_notation(&self, i: usize, value: f64) -> Option<Core> {
        let j = i + 1;
        // "1.1^23": a power; "1.3x10^6", "2 × 10^-3": scientific notation.
        if let Some((x, e)) = self.exponent_at(j) {
            let v = value.powf(x);
            if v.is_finite() {
                return Some(Core::computed(i, e, v));
            }
        }
        if self
            .toks
            .get(j)
            .is_some_and(|t| t.kind != Tk::Num && rules::TIMES_SIGNS.contains(&t.text.as_ref()))
            && self
                .toks
                .get(j + 1)
                .and_then(|t| t.numeral)
                .is_some_and(|n| n.value == 10.0 && !n.decimal && !n.grouped)
        {
            if let Some((x, e)) = self.exponent_at(j + 2) {
                let v = value * 10f64.powf(x);
                if v.is_finite() {
                    return Some(Core::computed(i, e, v));
                }
            }
        }
        // "1e10"
        if self.is_word(j, "e") && self.glued(j) && self.glued(j + 1) {
            if let Some(x) = self.toks.get(j + 1).and_then(|t| t.numeral) {
                return Some(Core {
                    s: i,
                    e: j + 2,
                    value: value * 10f64.powf(x.value),
                    form: Form::Plain,
                    scale: 1.0,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        None
    }

    /// Scale words and word continuations after the numeral at `i`: "1.2 million",
    /// "3bn", "4 thousand 3 hundred and 21".
    fn numeral_scaled(&self, i: usize, value: f64) -> Option<Core> {
        let mut j = i + 1;
        let mut value = value;
        // Scale words and word continuations: "1.2 million", "3bn", "4 thousand 3 hundred".
        let mut scale = 1.0;
        let mut scaled = false;
        // "13.8-billion-year", "$1.5-million": a hyphenated scale word.
        if self.is_sym(j, "-")
            && self.glued(j)
            && self.glued(j + 1)
            && self
                .word(j + 1)
                .is_some_and(|w| matches!(w, "thousand" | "million" | "billion" | "trillion"))
        {
            j += 1;
        }
        while let Some(w) = self.word(j) {
            if let Some(&(_, f)) = rules::SCALES.iter().find(|(s, _)| *s == w) {
                if w.len() <= 2 && !self.glued(j) && w != "k" && w != "bn" {
                    break;
                }
                value *= f;
                scale *= f;
                scaled = true;
                j += 1;
            } else if let Some(f) = self.upper_scale(j) {
                value *= f;
                scale *= f;
                scaled = true;
                j += 1;
            } else if w == "hundred" || w == "dozen" || w == "dozens" || w == "dozs" {
                let f = if w == "hundred" { 100.0 } else { 12.0 };
                value *= f;
                scale *= f;
                scaled = true;
                j += 1;
            } else {
                break;
            }
        }
        // "4k and 60fps": a scale letter glued to the digits ends the number.
        let abbreviated =
            j > i + 1 && self.glued(j - 1) && self.word(j - 1).is_some_and(|w| w.len() <= 2);
        if scaled && !abbreviated {
            // "4 thousand 3 hundred and 21"
            let (v, e) = self.continue_groups(j, scale);
            value += v;
            j = e;
            if let Some((extra, e)) = self.and_fraction(j, scale) {
                value += extra;
                return Some(Core {
                    s: i,
                    e,
                    value,
                    form: Form::Fraction,
                    scale,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        // "age 59 and a half": a whole numeral with a spelled fraction after it.
        if !scaled && self.toks[i].numeral.is_some_and(|n| !n.decimal) {
            if let Some((extra, e)) = self.and_fraction(j, 1.0) {
                return Some(Core {
                    s: i,
                    e,
                    value: value + extra,
                    form: Form::Plain,
                    scale,
                    bare_numeral: false,
                    spelled: false,
                });
            }
        }
        Some(Core {
            s: i,
            e: j,
            value,
            form: Form::Plain,
            scale,
            bare_numeral: j == i + 1,
            spelled: false,
        })
    }

    /// An exponent glued at token `j`: "^6", "^-3", "^+23". Returns it and the end token.
    pub(super) fn exponent_at(&self, j: usize) -> Option<(f64, usize)> {
        if !(self.is_sym(j, "^") && self.glued(j)) {
            return None;
        }
        let mut k = j + 1;
        let mut sign = 1.0;
        if (self.is_sym(k, "-") || self.is_sym(k, "+")) && self.glued(k) {
            if self.is_sym(k, "-") {
                sign = -1.0;
            }
            k += 1;
        }
        let t = self.toks.get(k).filter(|t| t.kind == Tk::Num && !t.space)?;
        let x = t.numeral.filter(|n| !n.grouped && n.value <= 308.0)?;
        Some((sign * x.value, k + 1))
    }

    /// An upper-case SI prefix letter standing for a multiple at token `j` ("1,674.5 G",
    /// "300M"): its factor, when no letter or digit is glued after it.
    pub(super) fn upper_scale(&self, j: usize) -> Option<f64> {
        let t = self.toks.get(j).filter(|t| t.kind == Tk::Word && t.cap)?;
        let &(_, f) = rules::UPPER_CASE_SCALES
            .iter()
            .find(|(l, _)| *l == t.text)?;
        let ends = self
            .toks
            .get(j + 1)
            .is_none_or(|n| n.space || n.kind == Tk::Sym);
        ends.then_some(f)
    }

    /// After "4 thousand", reads "3 hundred and 21" (smaller groups). Returns the added
    /// value and the end token.
    pub(super) fn continue_groups(&self, j: usize, last_scale: f64) -> (f64, usize) {
        let mut k = j;
        if self.is_word(k, "and") {
            k += 1;
        }
        if let Some(t) = self.toks.get(k) {
            if t.kind == Tk::Num {
                if let Some(nm) = t.numeral {
                    if !nm.decimal && nm.value > 0.0 && nm.value < last_scale {
                        let mut v = nm.value;
                        let mut e = k + 1;
                        if let Some(w) = self.word(e) {
                            if let Some((f, CardinalRole::Hundred | CardinalRole::Scale)) =
                                numbers::cardinal(w)
                            {
                                if v * f < last_scale {
                                    v *= f;
                                    e += 1;
                                    let (more, e2) = self.continue_groups(e, f);
                                    return (v + more, e2);
                                }
                                return (0.0, j);
                            }
                        }
                        if last_scale == 100.0 || k > j {
                            return (v, e);
                        }
                    }
                }
            } else if t.kind == Tk::Word {
                if let Some((v, e, _, _)) = self.compose(k) {
                    if v > 0.0 && v < last_scale {
                        return (v, e);
                    }
                }
            }
        }
        (0.0, j)
    }

    /// "and a half", "and two thirds" after a number; "million and a half" scales it.
    pub(super) fn and_fraction(&self, j: usize, last_scale: f64) -> Option<(f64, usize)> {
        // "five-and-a-half": the same with hyphens.
        let j = if self.is_sym(j, "-") && self.glued(j) && self.is_word(j + 1, "and") {
            j + 1
        } else {
            j
        };
        if !self.is_word(j, "and") {
            return None;
        }
        let j = if self.is_sym(j + 1, "-") && self.glued(j + 1) {
            j + 1
        } else {
            j
        };
        let (num, k) = match self.word(j + 1)? {
            "a" | "an" => (1.0, j + 2),
            w => match numbers::cardinal(w) {
                Some((v, CardinalRole::Unit | CardinalRole::Teen)) => (v, j + 2),
                _ => return None,
            },
        };
        let mut k = k;
        if self.is_sym(k, "-") {
            k += 1;
        }
        let den = numbers::denominator(self.word(k)?)?;
        let unit = if last_scale > 1.0 && last_scale != 100.0 {
            last_scale
        } else {
            1.0
        };
        Some((num / den * unit, k + 1))
    }

    /// Composes spelled cardinals from token `i`: "two thousand and two hundred",
    /// "forty-two", "a dozen". Returns value, end, last role and last scale.
    pub(super) fn compose(&self, i: usize) -> Option<(f64, usize, CardinalRole, f64)> {
        let mut j = i;
        let mut total = 0.0;
        let mut current = 0.0;
        let mut have = false;
        let mut last: Option<CardinalRole> = None;
        let mut last_scale = 1.0;
        if matches!(self.word(j), Some("a" | "an")) {
            match self.word(j + 1).and_then(numbers::cardinal) {
                Some((_, CardinalRole::Hundred | CardinalRole::Scale | CardinalRole::Dozen)) => {
                    current = 1.0;
                    have = true;
                    last = Some(CardinalRole::Unit);
                    j += 1;
                }
                _ => return None,
            }
        }
        while let Some(w) = self.word(j) {
            let Some((v, role)) = numbers::cardinal(w) else {
                break;
            };
            use CardinalRole as R;
            match role {
                R::Unit => {
                    if matches!(last, Some(R::Unit | R::Teen)) {
                        break;
                    }
                    current += v;
                }
                R::Teen | R::Tens => {
                    if matches!(last, Some(R::Unit | R::Teen | R::Tens)) {
                        break;
                    }
                    current += v;
                }
                R::Hundred => {
                    if !have || matches!(last, Some(R::Hundred)) {
                        break;
                    }
                    current = if current == 0.0 {
                        100.0
                    } else {
                        current * 100.0
                    };
                    last_scale = 100.0;
                }
                R::Scale => {
                    if !have {
                        break;
                    }
                    if current == 0.0 && total > 0.0 {
                        total *= v;
                    } else {
                        total += current * v;
                    }
                    current = 0.0;
                    last_scale = v;
                }
                R::Dozen => {
                    if !have {
                        break;
                    }
                    current *= v;
                }
            }
            have = true;
            last = Some(role);
            j += 1;
            // "forty-two", "fifty - two"
            if role == R::Tens && self.is_sym(j, "-") {
                if let Some((_, R::Unit)) = self.word(j + 1).and_then(numbers::cardinal) {
                    j += 1;
                }
            }
            // "hundred and six"
            if matches!(role, R::Hundred | R::Scale) && self.is_word(j, "and") {
                if let Some((_, R::Unit | R::Teen | R::Tens)) =
                    self.word(j + 1).and_then(numbers::cardinal)
                {
                    let k = if self.is_sym(j + 2, "-") {
                        j + 3
                    } else {
                        j + 2
                    };
                    let fraction_next = self.word(k).is_some_and(|w| {
                        numbers::denominator(w).is_some() && numbers::cardinal(w).is_none()
                    });
                    let ordinal_next = self.word(k).is_some_and(|w| numbers::ordinal(w).is_some());
                    if !fraction_next || ordinal_next && k == j + 3 {
                        j += 1;
                    }
                }
            }
        }
        if !have {
            return None;
        }
        Some((
            total + current,
            j,
            last.unwrap_or(CardinalRole::Unit),
            last_scale,
        ))
    }

    pub(super) fn word_core(&self, i: usize) -> Option<Core> {
        let w = self.word(i)?;
        let mk = |e: usize, value: f64, form: Form, scale: f64| Core {
            s: i,
            e,
            value,
            form,
            scale,
            bare_numeral: false,
            spelled: true,
        };
        // "a third", "a quarter", "a half", "one fifth"
        if matches!(w, "a" | "an") {
            if let Some(den) = self.word(i + 1).and_then(numbers::denominator) {
                if self.word(i + 1) == Some("second") {
                    return None;
                }
                return Some(mk(i + 2, 1.0 / den, Form::Fraction, 1.0));
            }
        }
        // "only includes a single game": one of the noun. Alone, "a single" is emphasis
        // ("die in a single strike") or an adjective ("a single mother").
        if matches!(w, "a" | "an") && self.is_word(i + 1, "single") {
            let before = |k: usize| i.checked_sub(k).and_then(|p| self.word(p));
            let counted = [before(1), before(2)]
                .iter()
                .any(|p| p.is_some_and(|p| rules::ONE_COUNTED_AFTER.contains(&p)));
            let adjective = self.is_sym(i + 2, "-")
                || self
                    .word(i + 2)
                    .is_none_or(|n| rules::SINGLE_ADJECTIVE_BEFORE.contains(&n));
            if counted && !adjective && self.noun_phrase(i + 2).is_some() {
                return Some(mk(i + 2, 1.0, Form::Plain, 1.0));
            }
        }
        // "a week", "a decade": the figure only stands if the caller finds the unit.
        if matches!(w, "a" | "an") {
            if let Some(next) = self.word(i + 1) {
                let and_half = self.and_fraction(i + 2, 1.0).is_some();
                if INDEX.units.get(next).into_iter().flatten().any(|u| {
                    u.phrase.len() == 1
                        && !u.glued_only
                        && (u.class == UnitClass::Years
                            || rules::TIME_WORDS.contains(&next)
                            || (and_half && u.class == UnitClass::Measure))
                }) {
                    return Some(mk(i + 1, 1.0, Form::Plain, 1.0));
                }
            }
        }
        // "half", "quarter million", "half million"
        if w == "half" || w == "quarter" {
            let f = if w == "half" { 0.5 } else { 0.25 };
            if let Some(s) = self.word(i + 1).and_then(|w| self.scale_word(w)) {
                return Some(mk(i + 2, f * s, Form::Fraction, s));
            }
            if matches!(self.word(i + 1), Some("a" | "an")) {
                if let Some(s) = self.word(i + 2).and_then(|w| self.scale_word(w)) {
                    return Some(mk(i + 3, f * s, Form::Fraction, s));
                }
            }
            if w == "half" {
                return Some(mk(i + 1, 0.5, Form::Fraction, 1.0));
            }
            return None;
        }
        // Standalone ordinals: "third", "twentieth" ("first" is not a figure, "second"
        // only as the rank of a noun).
        if let Some(v) = numbers::ordinal(w) {
            if v < 2.0 || (v == 2.0 && !self.second_is_rank(i)) {
                return None;
            }
            return Some(mk(i + 1, v, Form::Ordinal, 1.0));
        }
        let (mut value, mut j, last, last_scale) = self.compose(i)?;
        // "nine point nought four"
        if self.is_word(j, "point") {
            let mut k = j + 1;
            let mut digits = String::new();
            while let Some((v, CardinalRole::Unit)) = self.word(k).and_then(numbers::cardinal) {
                digits.push(char::from(b'0' + v as u8));
                k += 1;
            }
            if !digits.is_empty() {
                if let Ok(frac) = format!("0.{digits}").parse::<f64>() {
                    value += frac;
                    j = k;
                }
            }
        }
        if let Some((num, den, e)) = self.compound_denominator(j, value, last) {
            return Some(mk(e, num / den, Form::Fraction, 1.0));
        }
        // Ordinal compounds and fractions: "twenty-first", "two-thirds", "five eighths".
        let hyphen = self.is_sym(j, "-");
        let k = if hyphen { j + 1 } else { j };
        if let Some(next) = self.word(k) {
            let ord = numbers::ordinal(next);
            let den = numbers::denominator(next);
            let plural = next.ends_with('s') && den.is_some();
            if let (Some(o), CardinalRole::Tens) = (ord, last) {
                if o < 10.0 && !plural {
                    return Some(mk(k + 1, value + o, Form::Ordinal, 1.0));
                }
            }
            if let Some(d) = den {
                if plural || value == 1.0 || (hyphen && next != "second") {
                    return Some(mk(k + 1, value / d, Form::Fraction, 1.0));
                }
            }
            if let (Some(o), CardinalRole::Hundred | CardinalRole::Scale) = (ord, last) {
                return Some(mk(k + 1, value + o, Form::Ordinal, 1.0));
            }
        }
        if let Some((extra, e)) = self.and_fraction(j, last_scale) {
            return Some(mk(e, value + extra, Form::Fraction, 1.0));
        }
        let scale = if matches!(last, CardinalRole::Scale) {
            last_scale
        } else {
            1.0
        };
        Some(mk(j, value, Form::Plain, scale))
    }

    /// "second" at token `i` ranks the noun after it ("its second hearing", "the
    /// second-highest sales volume"), and is not a time ("one second"), "another"
    /// ("a second line") or a period ("the second half").
    pub(super) fn second_is_rank(&self, i: usize) -> bool {
        let before = i.checked_sub(1).and_then(|p| self.word(p));
        if before.is_some_and(|b| {
            rules::SECOND_NOT_RANK_AFTER.contains(&b) || numbers::cardinal(b).is_some()
        }) {
            return false;
        }
        let mut k = i + 1;
        if self.is_sym(k, "-") && self.glued(k) && self.word(k + 1).is_some() {
            // "second-highest", "second-largest": the rank of the noun after the compound.
            k += 2;
        } else if self.toks.get(k).is_some_and(|t| !t.space) {
            return false;
        }
        match self.word(k) {
            Some(n) => !rules::SECOND_NOT_RANK_BEFORE.contains(&n) && self.noun_phrase(k).is_some(),
            None => false,
        }
    }

    /// A denominator made of a tens word and a plural unit ordinal after spelled number
    /// words ending at `j`: "three twenty firsts" (3/21), "one hundred thirty fifths" and
    /// "one hundred thirty-fifths" (100/35). Returns numerator, denominator and end token.
    /// The tens word joins the denominator only when a numerator is left before it
    /// ("twenty fifths" stays 20/5).
    pub(super) fn compound_denominator(
        &self,
        j: usize,
        value: f64,
        last: CardinalRole,
    ) -> Option<(f64, f64, usize)> {
        let tens_at = |k: usize| match self.word(k).and_then(numbers::cardinal) {
            Some((t, CardinalRole::Tens)) => Some(t),
            _ => None,
        };
        let unit_after = |k: usize| {
            let k = if self.is_sym(k, "-") && self.glued(k) {
                k + 1
            } else {
                k
            };
            self.word(k)
                .and_then(numbers::compound_denominator_unit)
                .map(|u| (u, k + 1))
        };
        match last {
            // "three twenty firsts": the number stopped before the tens word.
            CardinalRole::Unit | CardinalRole::Teen => {
                let t = tens_at(j)?;
                let (u, e) = unit_after(j + 1)?;
                Some((value, t + u, e))
            }
            // "one hundred thirty fifths": the tens word closed the number after a
            // hundred or a scale word.
            CardinalRole::Tens => {
                let t = tens_at(j.checked_sub(1)?)?;
                let before = self.word(j.checked_sub(2)?).and_then(numbers::cardinal);
                if !matches!(
                    before,
                    Some((_, CardinalRole::Hundred | CardinalRole::Scale))
                ) || value <= t
                {
                    return None;
                }
                let (u, e) = unit_after(j)?;
                Some((value - t, t + u, e))
            }
            _ => None,
        }
    }

    pub(super) fn scale_word(&self, w: &str) -> Option<f64> {
        match numbers::cardinal(w) {
            Some((v, CardinalRole::Scale)) => Some(v),
            _ => None,
        }
    }
}
