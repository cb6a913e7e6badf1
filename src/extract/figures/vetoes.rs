//! Vetoes: the contexts that make a number not a figure, each a [`FigureRule`] of the
//! table in [`figure_rules`](super::rules).

use super::*;
use crate::extract::figure_rules::FigureRule;

impl Scanner<'_> {
    /// The rule that makes the number at core tokens `[s, e)` not a figure, if any: an
    /// identifier, a name, a date, a time, a phone number or list numbering.
    pub(super) fn veto(&self, core: &Core, money: bool) -> Option<FigureRule> {
        self.name_veto(core, money)
            .or_else(|| self.format_veto(core, money))
            .or_else(|| self.reference_veto(core))
            .or_else(|| self.named_by_next_word(core))
            .or_else(|| self.phone_veto(core))
            .or_else(|| self.time_date_veto(core))
            .or_else(|| self.identifier_veto(core, money))
    }

    /// Whether the number at core tokens `[s, e)` is not a figure ([`Self::veto`]).
    pub(super) fn not_a_figure(&self, core: &Core, money: bool) -> bool {
        self.veto(core, money).is_some()
    }

    /// Number words in names and quoted titles: "Take-Two", "Three Amigos", "chapter two".
    fn name_veto(&self, core: &Core, money: bool) -> Option<FigureRule> {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        let prev = s.checked_sub(1).map(|p| &toks[p]);
        if first.kind == Tk::Word && numbers::cardinal(&first.text).is_some() {
            // "Take-Two": a number word hyphenated onto a word is part of a name.
            if !first.space
                && prev.is_some_and(|p| p.text == "-")
                && s >= 2
                && self.glued(s - 1)
                && toks[s - 2].kind == Tk::Word
                && numbers::cardinal(&toks[s - 2].text).is_none()
                && toks[s - 2].text != "to"
            {
                return Some(FigureRule::HyphenName);
            }
            // "Three Amigos", "Zero Gravity Seats": a capitalised number word inside a
            // sentence, followed by a capitalised word, is a name.
            if first.cap
                && !self.sentence_initial(s)
                && toks.get(e).is_some_and(|t| t.kind == Tk::Word && t.cap)
            {
                return Some(FigureRule::CapitalisedName);
            }
        }
        // "the number eight", "Image 4 of 5", "chapter two": identifier prefixes.
        if prev.is_some_and(|p| {
            p.kind == Tk::Word && rules::IDENTIFIER_PREFIXES.contains(&p.text.as_ref())
        }) && first.kind == Tk::Word
            && !money
        {
            return Some(FigureRule::IdentifierPrefix);
        }
        // "“10 Things in Tech”": a number opening a quoted title-case phrase.
        if !money
            && prev.is_some_and(|p| {
                p.kind == Tk::Sym && rules::OPENING_QUOTES.contains(&p.text.as_ref())
            })
            && self.glued(s)
            && toks.get(e).is_some_and(|t| {
                t.kind == Tk::Word && t.cap && !INDEX.units.contains_key(t.text.as_ref())
            })
            && self.title_case_after(e)
        {
            return Some(FigureRule::QuotedTitle);
        }
        // "a seven-seater", "an 18-wheeler": the compound names a thing.
        if self.is_sym(e, "-")
            && self.glued(e)
            && self.glued(e + 1)
            && self
                .word(e + 1)
                .is_some_and(|w| rules::COUNT_NAME_WORDS.contains(&w))
        {
            return Some(FigureRule::CountName);
        }
        // "“one country, two systems”": a quoted pair of parallel counts is a slogan.
        if first.kind == Tk::Word
            && (s.checked_sub(1).is_some_and(|q| self.slogan_at(q))
                || s.checked_sub(4).is_some_and(|q| self.slogan_at(q)))
        {
            return Some(FigureRule::Slogan);
        }
        None
    }

    /// Whether token `q` opens a quoted slogan: quote, number word, noun, comma, number
    /// word, noun, closing quote ("“one man, one vote”").
    fn slogan_at(&self, q: usize) -> bool {
        let quote = |k: usize, marks: &[&str]| {
            self.toks
                .get(k)
                .is_some_and(|t| t.kind == Tk::Sym && marks.contains(&t.text.as_ref()))
        };
        let count = |k: usize| {
            self.word(k).is_some_and(|w| numbers::cardinal(w).is_some())
                && self
                    .word(k + 1)
                    .is_some_and(|w| !is_stop(w) && numbers::cardinal(w).is_none())
        };
        quote(q, rules::OPENING_QUOTES)
            && count(q + 1)
            && self.is_sym(q + 3, ",")
            && count(q + 4)
            && quote(q + 6, rules::CLOSING_QUOTES)
    }

    /// Formats that are not quantities: "24/7", "4K", "5G", glued letters and symbols.
    fn format_veto(&self, core: &Core, money: bool) -> Option<FigureRule> {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        let prev = s.checked_sub(1).map(|p| &toks[p]);
        // "24/7", "9/11": a slash "fraction" that is not proper is a name or a date.
        if first.kind == Tk::Num
            && self.is_sym(s + 1, "/")
            && self.glued(s + 1)
            && self.glued(s + 2)
            && toks.get(s + 2).is_some_and(|d| {
                d.kind == Tk::Num
                    && d.numeral
                        .zip(first.numeral)
                        .is_some_and(|(dn, nn)| nn.value >= dn.value)
            })
        {
            return Some(FigureRule::SlashPair);
        }
        // "4K", "8k streaming": a display format, not thousands, unless it is money.
        if !money
            && e == s + 2
            && first.kind == Tk::Num
            && self.is_word(s + 1, "k")
            && self.glued(s + 1)
            && first
                .numeral
                .is_some_and(|n| n.value < rules::RESOLUTION_K_BELOW)
        {
            return Some(FigureRule::DisplayFormat);
        }
        // "4x4", "3x3": a format named by a product of two numbers.
        if first.kind == Tk::Num
            && e == s + 1
            && self.is_word(s + 1, "x")
            && self.glued(s + 1)
            && self.glued(s + 2)
            && toks.get(s + 2).is_some_and(|t| t.kind == Tk::Num)
        {
            return Some(FigureRule::DisplayFormat);
        }
        // "5G", "4G": an upper-case letter naming a generation, not giga.
        if !money
            && e == s + 2
            && first.kind == Tk::Num
            && toks[s + 1].cap
            && self.glued(s + 1)
            && self
                .word(s + 1)
                .is_some_and(|w| rules::NAME_SUFFIX_LETTERS.contains(&w))
            && first.numeral.is_some_and(|n| {
                n.value < rules::RESOLUTION_K_BELOW && n.value.fract() == 0.0 && !n.decimal
            })
        {
            return Some(FigureRule::DisplayFormat);
        }
        if first.kind == Tk::Num {
            if first.numeral.is_none() {
                return Some(FigureRule::GluedIdentifier);
            }
            if let Some(p) = prev {
                // "APT1", "COVID-19", "F-35", "#5", "+1", "/2", ":30"
                if !first.space {
                    match p.kind {
                        Tk::Word => {
                            if !money {
                                return Some(FigureRule::GluedIdentifier);
                            }
                        }
                        Tk::Sym => {
                            if matches!(
                                p.text.as_ref(),
                                "#" | "+" | "/" | ":" | "@" | "^" | "=" | "№"
                            ) {
                                return Some(FigureRule::GluedIdentifier);
                            }
                            if p.text == "-" && s >= 2 && !p.space {
                                let pp = &toks[s - 2];
                                if pp.kind == Tk::Word {
                                    return Some(FigureRule::GluedIdentifier);
                                }
                            }
                            if p.text == "'" && self.is_word(e, "s") {
                                return Some(FigureRule::GluedIdentifier); // "'90s"
                            }
                            // "jse.2025.0143", "v.2"
                            if p.text == "." && s >= 2 && !p.space {
                                return Some(FigureRule::GluedIdentifier);
                            }
                        }
                        Tk::Num => return Some(FigureRule::GluedIdentifier),
                    }
                }
            }
        }
        if let Some(t) = toks.get(e) {
            if !t.space {
                match t.kind {
                    // "1960s", "777F", "3D"
                    Tk::Word => {
                        let w = t.text.as_ref();
                        let known = INDEX.units.contains_key(w)
                            || rules::SCALES.iter().any(|(x, _)| *x == w)
                            || rules::MONEY_SCALES.iter().any(|(x, _)| *x == w)
                            || INDEX.currency_names.contains_key(w)
                            || rules::CURRENCY_CODES.iter().any(|(c, _)| *c == w)
                            || matches!(w, "am" | "pm" | "x");
                        if !known {
                            return Some(FigureRule::GluedIdentifier);
                        }
                    }
                    Tk::Sym => {
                        if matches!(t.text.as_ref(), "/" | ":" | "@" | "^") {
                            return Some(FigureRule::GluedIdentifier);
                        }
                        // "10.1038/..." DOIs and dotted identifiers
                        if t.text == "."
                            && toks
                                .get(e + 1)
                                .is_some_and(|n| !n.space && n.kind != Tk::Sym)
                        {
                            return Some(FigureRule::GluedIdentifier);
                        }
                    }
                    Tk::Num => return Some(FigureRule::GluedIdentifier),
                }
            }
        }
        None
    }

    /// References, clock times with a period and service numbers: "14(3): 211", "at 13.40", "911 calls".
    fn reference_veto(&self, core: &Core) -> Option<FigureRule> {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        // References: "14(3): 211–229", "John 3:16".
        if first.kind == Tk::Num {
            if self.is_sym(e, "(") && self.glued(e) {
                return Some(FigureRule::Reference);
            }
            if s >= 2 && self.is_sym(s - 1, ":") {
                let b = &toks[s - 2];
                // "14(3): 211": a number in the brackets, not a name ("(Group A): 10th").
                let numbered = b.text == ")"
                    && s >= 4
                    && toks[s - 3].kind == Tk::Num
                    && self.is_sym(s - 4, "(");
                if !toks[s - 1].space && (numbered || b.kind == Tk::Num) {
                    return Some(FigureRule::Reference);
                }
            }
            // "at 13.40": a clock time written with a period.
            if let Some(nm) = first.numeral {
                let frac = first.text.split('.').nth(1).map_or(0, str::len);
                if nm.decimal
                    && frac == 2
                    && nm.value < 24.0
                    && (nm.value.fract() * 100.0).round() < 60.0
                    && s > 0
                    && self.is_word(s - 1, "at")
                    && core.bare_numeral
                {
                    return Some(FigureRule::ClockTime);
                }
            }
            // "911 calls"
            if rules::SERVICE_NUMBERS.contains(&first.text.as_ref())
                && (self
                    .word(e)
                    .is_some_and(|w| rules::SERVICE_CONTEXT.contains(&w))
                    || s.checked_sub(1)
                        .and_then(|p| self.word(p))
                        .is_some_and(|w| rules::SERVICE_VERBS_BEFORE.contains(&w)))
            {
                return Some(FigureRule::ServiceNumber);
            }
        }
        None
    }

    /// Telephone numbers and ordinal streets: "555-123-4567", "(555) 123-4567", "Fourth Street".
    fn phone_veto(&self, core: &Core) -> Option<FigureRule> {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        // "Fourth Street", "5 Main Street" handled below; ordinal street names here.
        if core.form == Form::Ordinal
            && toks
                .get(e)
                .is_some_and(|t| t.cap && rules::STREET_SUFFIXES.contains(&t.text.as_ref()))
        {
            return Some(FigureRule::Address);
        }
        // Phone numbers: three digit groups joined by hyphens, "(555) 123-4567".
        if first.kind == Tk::Num {
            let chain = |k: usize| {
                self.is_sym(k, "-")
                    && self.glued(k)
                    && self.glued(k + 1)
                    && toks.get(k + 1).is_some_and(|t| t.kind == Tk::Num)
            };
            let mut groups = 1;
            let mut k = e;
            while chain(k) {
                groups += 1;
                k += 2;
            }
            let mut k = s;
            while k >= 2 && chain(k - 1) && !toks[k - 1].space && toks[k - 2].kind == Tk::Num {
                groups += 1;
                k -= 2;
            }
            if groups >= 3 {
                return Some(FigureRule::PhoneNumber);
            }
            if self.is_sym(e, ")") && chain(e + 2) && self.is_sym(s.wrapping_sub(1), "(") {
                return Some(FigureRule::PhoneNumber);
            }
            if let Some(nm) = first.numeral {
                if chain(e)
                    && nm.int_digits == 3
                    && !nm.grouped
                    && s >= 2
                    && self.is_sym(s - 1, ")")
                {
                    return Some(FigureRule::PhoneNumber);
                }
            }
        }
        None
    }

    /// Clock times, radio frequencies and dates: "7 p.m.", "89.3 FM", "May 4", "4th of July".
    fn time_date_veto(&self, core: &Core) -> Option<FigureRule> {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        // Clock times and frequencies ("7 in the morning"; never "40,816 in the morning").
        let clock = first.numeral.is_none_or(|n| n.value <= 24.0) && core.value <= 24.0;
        for suffix in rules::TIME_SUFFIXES.iter().filter(|_| clock) {
            if self.match_phrase(e, suffix).is_some() {
                return Some(FigureRule::ClockTime);
            }
        }
        if let Some(t) = toks.get(e) {
            if t.kind == Tk::Word && t.upper && rules::FREQUENCY_BANDS.contains(&t.text.as_ref()) {
                return Some(FigureRule::Frequency);
            }
        }
        // Dates: "May 4", "4 May", "4th of July".
        let date_word = |k: usize| {
            toks.get(k).is_some_and(|t| {
                t.kind == Tk::Word && t.cap && rules::DATE_WORDS.contains(&t.text.as_ref())
            })
        };
        if s > 0 && (date_word(s - 1) || (self.is_sym(s - 1, ".") && s > 1 && date_word(s - 2))) {
            return Some(FigureRule::Date);
        }
        if date_word(e) || (self.is_word(e, "of") && date_word(e + 1)) {
            return Some(FigureRule::Date);
        }
        None
    }

    /// List numbers, identifier prefixes, product and capitalised names, addresses: "1.", "Unit 61398", "iPhone 11", "12 Main Street".
    fn identifier_veto(&self, core: &Core, money: bool) -> Option<FigureRule> {
        let toks = self.toks;
        let (s, e) = (core.s, core.e);
        let first = &toks[s];
        if first.kind == Tk::Num {
            // List numbering: "1." or "2)" opening the paragraph.
            if s == 0 && (self.is_sym(e, ".") || self.is_sym(e, ")")) && core.bare_numeral {
                return Some(FigureRule::ListNumber);
            }
            // Identifier prefixes: "Unit 61398", "No. 5", "route 9".
            let mut p = s;
            if p > 0 && self.is_sym(p - 1, ".") {
                p -= 1;
            }
            if p > 0 && !money {
                let pt = &toks[p - 1];
                if pt.kind == Tk::Word {
                    let w = pt.text.as_ref();
                    if rules::IDENTIFIER_PREFIXES.contains(&w) {
                        return Some(FigureRule::IdentifierPrefix);
                    }
                    // "iPhone 11", "eBay 2": a camel-case product name before the number.
                    let orig = &self.chars[pt.start..pt.end];
                    if p == s
                        && orig.first().is_some_and(|c| c.is_lowercase())
                        && orig.iter().skip(1).any(|c| c.is_uppercase())
                    {
                        return Some(FigureRule::ProductName);
                    }
                    // "NBC 5 has": an acronym (not a currency code) opening the sentence.
                    if p == s
                        && pt.upper
                        && self.sentence_initial(p - 1)
                        && !rules::CURRENCY_CODES.iter().any(|(c, _)| *c == w)
                        && !INDEX.qualifiers_by_last.contains_key(w)
                    {
                        return Some(FigureRule::ProductName);
                    }
                    if pt.cap
                        && p == s
                        && !self.sentence_initial(p - 1)
                        && !w.ends_with("'s")
                        && !rules::CAPITAL_OK_BEFORE.contains(&w)
                        && !rules::DATE_WORDS.contains(&w)
                        && !INDEX.qualifiers_by_last.contains_key(w)
                    {
                        return Some(FigureRule::NameBefore);
                    }
                }
            }
            // Addresses: "12 Main Street".
            let mut k = e;
            let mut caps = 0;
            while caps < 3 && toks.get(k).is_some_and(|t| t.kind == Tk::Word && t.cap) {
                if caps > 0 && rules::STREET_SUFFIXES.contains(&toks[k].text.as_ref()) {
                    return Some(FigureRule::Address);
                }
                caps += 1;
                k += 1;
            }
        }
        None
    }

    /// The word after the number makes it part of a name or an idiom: "the 14th century",
    /// "third-party", "the 25th Amendment", "11 Pro Max", "5.1 surround sound".
    pub(super) fn named_by_next_word(&self, core: &Core) -> Option<FigureRule> {
        let mut k = core.e;
        if self.is_sym(k, "-") && self.glued(k) {
            k += 1;
        }
        let next = self.toks.get(k).filter(|t| t.kind == Tk::Word)?;
        let w = next.text.as_ref();
        if core.form == Form::Ordinal {
            if rules::ORDINAL_PERIODS.contains(&w) {
                return Some(FigureRule::OrdinalPeriod);
            }
            if rules::ORDINAL_IDIOM_AFTER.contains(&w) {
                return Some(FigureRule::OrdinalIdiom);
            }
            return (next.cap && rules::ORDINAL_NAME_HEADS.contains(&w))
                .then_some(FigureRule::OrdinalName);
        }
        if next.cap && k == core.e && rules::PRODUCT_NAME_AFTER.contains(&w) {
            return Some(FigureRule::ProductName);
        }
        let decimal = self.toks[core.s].numeral.is_some_and(|n| n.decimal);
        (decimal && rules::CHANNEL_LAYOUT_AFTER.contains(&w)).then_some(FigureRule::ChannelLayout)
    }

    /// A bare whole number that gives someone's age: "Parise, 35, had scored" (between
    /// commas after a capitalised name) or "She was 94." (after a pronoun and "was").
    pub(super) fn bare_age(&self, core: &Core, value: f64) -> bool {
        let (s, e) = (core.s, core.e);
        if !core.bare_numeral
            || self.toks[s].kind != Tk::Num
            || value.fract() != 0.0
            || !(1.0..=rules::MAX_AGE).contains(&value)
        {
            return false;
        }
        let closes = self
            .toks
            .get(e)
            .is_none_or(|t| t.kind == Tk::Sym && matches!(t.text.as_ref(), "," | "." | ";" | ")"));
        if !closes || s < 2 {
            return false;
        }
        let apposition = self.is_sym(s - 1, ",")
            && self.is_sym(e, ",")
            && self.toks[s - 2].kind == Tk::Word
            && self.toks[s - 2].cap
            && !self.toks[s - 2].upper
            && !rules::DATE_WORDS.contains(&self.toks[s - 2].text.as_ref());
        let predicate = self
            .word(s - 1)
            .is_some_and(|w| rules::AGE_VERBS.contains(&w))
            && self
                .word(s - 2)
                .is_some_and(|w| rules::AGE_SUBJECTS.contains(&w));
        apposition || predicate
    }

    /// Token `e` starts a run of title-case words: it and the next content word are
    /// capitalised ("Things in Tech", "Etapas para Alfabetizar"), as in a quoted title.
    pub(super) fn title_case_after(&self, e: usize) -> bool {
        let mut k = e + 1;
        while k < e + 4 {
            match self.toks.get(k) {
                Some(t) if t.kind == Tk::Word && t.cap => return true,
                Some(t) if t.kind == Tk::Word && is_stop(&t.text) => k += 1,
                _ => return false,
            }
        }
        false
    }

    /// A calendar year: four bare digits 1000–2100 with no unit or currency.
    pub(super) fn is_year(&self, core: &Core) -> bool {
        let t = &self.toks[core.s];
        core.bare_numeral
            && t.kind == Tk::Num
            && t.numeral.is_some_and(|n| {
                !n.grouped
                    && !n.decimal
                    && n.int_digits == 4
                    && (1000.0..=2100.0).contains(&n.value)
            })
    }
}
