//! Data tables for figure extraction: currencies, units, qualifiers, rate phrases
//! and the contexts that make a number *not* a figure.
//!
//! Every rule the figure scanner ([`super::figures`]) applies lives here as data, one
//! table per family, so a new currency, unit or identifier prefix is a one-line change.
//! Words are matched lower-cased, token by token; a phrase is a slice of tokens where
//! symbols are their own tokens ("°", "c" for "°C"; "km", "/", "h" for "km/h").

/// What sort of quantity a unit measures; decides the figure's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClass {
    /// Physical quantity or a time span shorter than a year.
    Measure,
    /// Time counted in years (ages, durations): the `duration` kind.
    Years,
    /// Percentages.
    Percent,
    /// Multipliers ("3.2 times").
    Times,
}

/// One unit: how it is written, the name stored, its class and a factor to the stored unit.
#[derive(Debug, Clone, Copy)]
pub struct UnitRule {
    /// The tokens that spell it.
    pub phrase: &'static [&'static str],
    /// The stored unit name.
    pub unit: &'static str,
    /// Its class.
    pub class: UnitClass,
    /// Multiply the number by this ("a decade" = 10 years).
    pub factor: f64,
    /// Only when written directly against the number ("48m", "100t", "6g").
    pub glued_only: bool,
}

const fn u(phrase: &'static [&'static str], unit: &'static str, class: UnitClass) -> UnitRule {
    UnitRule {
        phrase,
        unit,
        class,
        factor: 1.0,
        glued_only: false,
    }
}
const fn g(phrase: &'static [&'static str], unit: &'static str, class: UnitClass) -> UnitRule {
    UnitRule {
        phrase,
        unit,
        class,
        factor: 1.0,
        glued_only: true,
    }
}
const fn f(
    phrase: &'static [&'static str],
    unit: &'static str,
    class: UnitClass,
    factor: f64,
) -> UnitRule {
    UnitRule {
        phrase,
        unit,
        class,
        factor,
        glued_only: false,
    }
}

use UnitClass::{Measure as M, Percent as P, Times as X, Years as Y};

/// Units after a number, longest phrases first within a family (the scanner takes the
/// longest match anyway).
pub const UNITS: &[UnitRule] = &[
    // Percent and percentage points.
    u(&["percentage", "points"], "percentage points", P),
    u(&["percentage", "point"], "percentage points", P),
    u(&["per", "cent"], "%", P),
    u(&["percent"], "%", P),
    u(&["percents"], "%", P),
    // The same in the languages of the decimal-comma pages we see (pt, es, fr, it, de).
    u(&["por", "cento"], "%", P),
    u(&["por", "ciento"], "%", P),
    u(&["pour", "cent"], "%", P),
    u(&["per", "cento"], "%", P),
    u(&["prozent"], "%", P),
    u(&["pct"], "%", P),
    u(&["%"], "%", P),
    // Temperatures and angles.
    u(&["degrees", "fahrenheit"], "°F", M),
    u(&["degrees", "celsius"], "°C", M),
    u(&["degrees", "centigrade"], "°C", M),
    u(&["degree", "fahrenheit"], "°F", M),
    u(&["degree", "celsius"], "°C", M),
    u(&["degrees", "f"], "°F", M),
    u(&["degrees", "c"], "°C", M),
    u(&["deg", "c"], "°C", M),
    u(&["deg", "f"], "°F", M),
    u(&["°", "f"], "°F", M),
    u(&["°", "c"], "°C", M),
    u(&["℃"], "°C", M),
    u(&["℉"], "°F", M),
    u(&["fahrenheit"], "°F", M),
    u(&["celsius"], "°C", M),
    u(&["celcius"], "°C", M),
    u(&["kelvin"], "K", M),
    u(&["degrees"], "degrees", M),
    u(&["degree"], "degrees", M),
    u(&["°"], "degrees", M),
    u(&["radians"], "radians", M),
    u(&["rad"], "radians", M),
    // Speeds.
    u(&["miles", "per", "hour"], "mph", M),
    u(&["miles", "an", "hour"], "mph", M),
    u(&["kilometres", "per", "hour"], "km/h", M),
    u(&["kilometers", "per", "hour"], "km/h", M),
    u(&["kilometres", "an", "hour"], "km/h", M),
    u(&["kilometers", "an", "hour"], "km/h", M),
    u(&["km", "/", "h"], "km/h", M),
    u(&["km", "/", "hr"], "km/h", M),
    u(&["kmh"], "km/h", M),
    u(&["kph"], "km/h", M),
    u(&["mph"], "mph", M),
    u(&["m", "/", "s"], "m/s", M),
    u(&["knots"], "knots", M),
    // Areas.
    u(&["square", "kilometres"], "km²", M),
    u(&["square", "kilometers"], "km²", M),
    u(&["square", "kilometre"], "km²", M),
    u(&["square", "kilometer"], "km²", M),
    u(&["square", "metres"], "m²", M),
    u(&["square", "meters"], "m²", M),
    u(&["square", "metre"], "m²", M),
    u(&["square", "meter"], "m²", M),
    u(&["square", "miles"], "sq mi", M),
    u(&["square", "mile"], "sq mi", M),
    u(&["square", "feet"], "sq ft", M),
    u(&["square", "foot"], "sq ft", M),
    u(&["sq", "ft"], "sq ft", M),
    u(&["sq", "km"], "km²", M),
    u(&["km", "²"], "km²", M),
    u(&["km", "2"], "km²", M),
    u(&["m", "²"], "m²", M),
    u(&["m", "2"], "m²", M),
    u(&["hectares"], "hectares", M),
    u(&["hectare"], "hectares", M),
    u(&["ha"], "hectares", M),
    u(&["acres"], "acres", M),
    u(&["acre"], "acres", M),
    // Lengths.
    u(&["kilometres"], "km", M),
    u(&["kilometers"], "km", M),
    u(&["kilometre"], "km", M),
    u(&["kilometer"], "km", M),
    u(&["km"], "km", M),
    u(&["metres"], "m", M),
    u(&["meters"], "m", M),
    u(&["metre"], "m", M),
    u(&["meter"], "m", M),
    g(&["m"], "m", M),
    u(&["centimetres"], "cm", M),
    u(&["centimeters"], "cm", M),
    u(&["centimetre"], "cm", M),
    u(&["centimeter"], "cm", M),
    u(&["cm"], "cm", M),
    u(&["millimetres"], "mm", M),
    u(&["millimeters"], "mm", M),
    u(&["millimetre"], "mm", M),
    u(&["millimeter"], "mm", M),
    u(&["mm"], "mm", M),
    u(&["decimetres"], "decimetres", M),
    u(&["decimeters"], "decimetres", M),
    u(&["dm"], "decimetres", M),
    u(&["picometers"], "picometres", M),
    u(&["picometer"], "picometres", M),
    u(&["nanometres"], "nm", M),
    u(&["nanometers"], "nm", M),
    u(&["micrometres"], "µm", M),
    u(&["microns"], "µm", M),
    u(&["miles"], "mi", M),
    u(&["mile"], "mi", M),
    u(&["feet"], "ft", M),
    u(&["foot"], "ft", M),
    u(&["ft"], "ft", M),
    u(&["inches"], "in", M),
    u(&["inch"], "in", M),
    u(&["yards"], "yd", M),
    u(&["yard"], "yd", M),
    u(&["yd"], "yd", M),
    u(&["light", "years"], "light years", M),
    // Masses.
    u(&["metric", "tons"], "t", M),
    u(&["metric", "tonnes"], "t", M),
    u(&["tonnes"], "t", M),
    u(&["tonne"], "t", M),
    u(&["tons"], "t", M),
    u(&["ton"], "t", M),
    g(&["t"], "t", M),
    u(&["kilograms"], "kg", M),
    u(&["kilogram"], "kg", M),
    u(&["kilos"], "kg", M),
    u(&["kg"], "kg", M),
    u(&["grams"], "g", M),
    u(&["gram"], "g", M),
    g(&["g"], "g", M),
    u(&["milligrams"], "mg", M),
    u(&["milligram"], "mg", M),
    u(&["mg"], "mg", M),
    u(&["micrograms"], "µg", M),
    u(&["microgram"], "µg", M),
    u(&["mcg"], "µg", M),
    u(&["pounds"], "lb", M),
    u(&["pound"], "lb", M),
    u(&["lbs"], "lb", M),
    u(&["lb"], "lb", M),
    u(&["ounces"], "oz", M),
    u(&["ounce"], "oz", M),
    u(&["oz"], "oz", M),
    u(&["stone"], "st", M),
    // Volumes.
    u(&["litres"], "l", M),
    u(&["liters"], "l", M),
    u(&["litre"], "l", M),
    u(&["liter"], "l", M),
    g(&["l"], "l", M),
    u(&["millilitres"], "ml", M),
    u(&["milliliters"], "ml", M),
    u(&["ml"], "ml", M),
    u(&["gallons"], "gal", M),
    u(&["gallon"], "gal", M),
    u(&["gal"], "gal", M),
    u(&["barrels"], "barrels", M),
    u(&["cubic", "metres"], "m³", M),
    u(&["cubic", "meters"], "m³", M),
    u(&["cups"], "cups", M),
    u(&["cup"], "cups", M),
    u(&["tablespoons"], "tablespoons", M),
    u(&["tablespoon"], "tablespoons", M),
    u(&["teaspoons"], "teaspoons", M),
    u(&["teaspoon"], "teaspoons", M),
    u(&["tbsp"], "tbsp", M),
    u(&["tsp"], "tsp", M),
    // Engine power and torque.
    u(&["horsepower"], "hp", M),
    u(&["hp"], "hp", M),
    u(&["bhp"], "hp", M),
    u(&["ps"], "PS", M),
    u(&["nm"], "Nm", M),
    // Energy, power, frequency, data, sound.
    u(&["megawatts"], "MW", M),
    u(&["megawatt"], "MW", M),
    u(&["mw"], "MW", M),
    u(&["gigawatts"], "GW", M),
    u(&["gw"], "GW", M),
    u(&["kilowatts"], "kW", M),
    u(&["kw"], "kW", M),
    u(&["kilowatt", "hours"], "kWh", M),
    u(&["kwh"], "kWh", M),
    u(&["megawatt", "hours"], "MWh", M),
    u(&["mwh"], "MWh", M),
    u(&["watts"], "W", M),
    u(&["volts"], "V", M),
    u(&["kilohertz"], "kHz", M),
    u(&["khz"], "kHz", M),
    u(&["megahertz"], "MHz", M),
    u(&["mhz"], "MHz", M),
    u(&["gigahertz"], "GHz", M),
    u(&["ghz"], "GHz", M),
    u(&["hertz"], "Hz", M),
    u(&["hz"], "Hz", M),
    u(&["terabytes"], "TB", M),
    u(&["tb"], "TB", M),
    u(&["gigabytes"], "GB", M),
    u(&["gb"], "GB", M),
    u(&["megabytes"], "MB", M),
    u(&["mb"], "MB", M),
    u(&["kilobytes"], "KB", M),
    u(&["kb"], "KB", M),
    u(&["decibels"], "dB", M),
    u(&["db"], "dB", M),
    u(&["calories"], "kcal", M),
    u(&["teraflops"], "teraflops", M),
    u(&["teraflop"], "teraflops", M),
    u(&["kcal"], "kcal", M),
    // Time: years and longer are the duration kind, shorter spans are measures.
    u(&["years", "old"], "years", Y),
    u(&["year", "old"], "years", Y),
    u(&["years", "of", "age"], "years", Y),
    u(&["years"], "years", Y),
    u(&["year"], "years", Y),
    u(&["yrs"], "years", Y),
    u(&["yo"], "years", Y),
    f(&["decades"], "years", Y, 10.0),
    f(&["decade"], "years", Y, 10.0),
    f(&["centuries"], "years", Y, 100.0),
    f(&["century"], "years", Y, 100.0),
    u(&["months", "old"], "months", M),
    u(&["weeks", "old"], "weeks", M),
    u(&["days", "old"], "days", M),
    u(&["weeks", "of", "age"], "weeks", M),
    u(&["months"], "months", M),
    u(&["month"], "months", M),
    u(&["weeks"], "weeks", M),
    u(&["week"], "weeks", M),
    u(&["days"], "days", M),
    u(&["day"], "days", M),
    u(&["nights"], "nights", M),
    u(&["hours"], "hours", M),
    u(&["hour"], "hours", M),
    u(&["hrs"], "hours", M),
    u(&["minutes"], "minutes", M),
    u(&["minute"], "minutes", M),
    u(&["mins"], "minutes", M),
    u(&["min"], "minutes", M),
    u(&["seconds"], "seconds", M),
    // Time words of pt/es/de/fr/it: unambiguous, so they need no language switch.
    u(&["anos"], "years", Y),
    u(&["ano"], "years", Y),
    u(&["años"], "years", Y),
    u(&["año"], "years", Y),
    u(&["jahre"], "years", Y),
    u(&["jahren"], "years", Y),
    u(&["ans"], "years", Y),
    u(&["anni"], "years", Y),
    u(&["meses"], "months", M),
    u(&["mês"], "months", M),
    u(&["mes"], "months", M),
    u(&["monate"], "months", M),
    u(&["semanas"], "weeks", M),
    u(&["dias"], "days", M),
    u(&["días"], "days", M),
    u(&["tage"], "days", M),
    u(&["horas"], "hours", M),
    u(&["stunden"], "hours", M),
    u(&["minutos"], "minutes", M),
    u(&["minuto"], "minutes", M),
    u(&["minuten"], "minutes", M),
    u(&["second"], "seconds", M),
    u(&["secs"], "seconds", M),
    u(&["milliseconds"], "ms", M),
    u(&["frames", "per", "second"], "fps", M),
    u(&["fps"], "fps", M),
    u(&["ms"], "ms", M),
    // Multipliers, also written against the number ("12x zoom", "~3x as cheap").
    u(&["times"], "times", X),
    g(&["x"], "times", X),
];

/// Words after an ordinal that make it part of an idiom, not a rank ("third party",
/// "3rd-party", "second-hand", "third-degree burns", "the Third World").
pub const ORDINAL_IDIOM_AFTER: &[&str] = &[
    "party", "parties", "hand", "person", "degree", "rate", "world", "wheel", "fiddle",
];

/// Capitalised words after an ordinal that make a name ("the 25th Amendment", "the 116th
/// Congress", "the 14th Dalai Lama"), like [`STREET_SUFFIXES`] for streets.
pub const ORDINAL_NAME_HEADS: &[&str] = &[
    "amendment",
    "congress",
    "dynasty",
    "parliament",
    "legislature",
    "assembly",
    "army",
    "fleet",
    "division",
    "battalion",
    "regiment",
    "brigade",
    "corps",
    "infantry",
    "circuit",
    "district",
    "ward",
    "precinct",
    "dalai",
    "earl",
    "duke",
    "baron",
    "marquess",
];

/// Calendar periods that an ordinal names ("the 14th century", "the third millennium"):
/// a date, not a rank or a span.
pub const ORDINAL_PERIODS: &[&str] = &["century", "centuries", "millennium", "millennia"];

/// Capitalised words after a number that make a product name ("11 Pro Max", "8 Plus").
pub const PRODUCT_NAME_AFTER: &[&str] =
    &["pro", "max", "plus", "ultra", "mini", "lite", "se", "xl"];

/// Words after a decimal that make a channel layout, not a quantity ("5.1 surround sound",
/// "7.1-channel").
pub const CHANNEL_LAYOUT_AFTER: &[&str] = &["surround", "channel"];

/// Words before "one day" that make it the adverb "someday" ("would love to one day buy").
pub const ONE_DAY_ADVERB_BEFORE: &[&str] = &[
    "to", "will", "would", "could", "might", "may", "can", "should", "must", "shall", "'ll",
];

/// Words after "one-" that make an idiom even after an article ("a one-off", "a one-time
/// fee", "a one-on-one").
pub const ONE_COMPOUND_IDIOMS: &[&str] = &[
    "off",
    "time",
    "on",
    "way",
    "stop",
    "man",
    "woman",
    "size",
    "sided",
    "liner",
    "of",
    "piece",
    "shot",
    "horse",
    "hit",
    "trick",
    "upmanship",
    "and",
    "eyed",
    "armed",
    "handed",
    "star",
];

/// Words before "one" that make it a count of the noun after it ("only one toilet").
pub const ONE_COUNTED_AFTER: &[&str] = &["only", "just"];

/// Nouns after "a single" where "single" means unmarried, unified or one-piece, not
/// one ("a single mother", "a single market", "single digits").
pub const SINGLE_ADJECTIVE_BEFORE: &[&str] = &[
    "mother", "mothers", "father", "fathers", "parent", "parents", "market", "currency", "bed",
    "room", "file", "malt", "digit", "digits", "payer", "woman", "man", "life", "entity", "point",
];

/// Words before "one" + noun that make "one" a determiner of choice, not a count
/// ("any one person", "at one point", "the one place").
pub const ONE_PRONOUN_BEFORE: &[&str] = &[
    "the", "this", "that", "any", "each", "every", "no", "which", "at", "for", "as", "some",
    "more", "less",
];

/// Nouns after "one" that make an idiom, not a count ("one thing is clear", "one way or
/// another", "on the one hand", "one day").
pub const ONE_IDIOM_NOUNS: &[&str] = &[
    "thing", "things", "way", "point", "hand", "side", "day", "another", "other", "others", "time",
    "moment", "reason", "example", "instance", "kind", "sort", "place", "piece", "bit",
];

/// Words that close "one … another" / "one … the other" in the same clause ("from one
/// room to another", "one after the other"): "one" is then a pronoun of a pair.
pub const ONE_PAIR_CLOSERS: &[&str] = &["another", "other"];

/// Multiplier words read as a count of times ("scored twice"): word, value.
pub const MULTIPLIER_WORDS: &[(&str, f64)] = &[("twice", 2.0), ("thrice", 3.0)];

/// Nouns after "second" that keep it from being a rank: periods of a game or year, and
/// "second" read as "another" ("the second half", "a second line" is caught by "a").
pub const SECOND_NOT_RANK_BEFORE: &[&str] = &[
    "half", "quarter", "period", "set", "round", "inning", "innings", "leg", "time", "hand",
    "thought", "thoughts", "guess", "nature", "opinion", "chance", "chances",
];

/// Words before "second" that make it "another" or a time ("a second line", "one second").
pub const SECOND_NOT_RANK_AFTER: &[&str] = &["a", "an", "one", "every", "split", "per", "each"];

/// Singular time units that "a"/"an" can count ("about a week").
pub const TIME_WORDS: &[&str] = &[
    "week",
    "month",
    "day",
    "hour",
    "minute",
    "night",
    "fortnight",
];

/// Counted nouns that make a decimal number a measure, not a count ("102.2 points" on
/// an index; "31 points" in a game stays a count).
pub const MEASURED_WHEN_DECIMAL: &[&str] = &["points", "point"];

/// Unit words whose plural is not the word plus "s"/"es" (named as written, in the plural).
pub const IRREGULAR_UNIT_PLURALS: &[(&str, &str)] = &[("foot", "feet")];

/// Time units: their stored names ("hours", "days") are canonical, whatever the spelling.
pub const TIME_UNIT_WORDS: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "night",
    "nights",
    "week",
    "weeks",
    "month",
    "months",
    "milliseconds",
    "fortnight",
];

/// Stored unit names used whatever the spelling ("90 fahrenheit", "100 degrees f" → °F).
pub const CANONICAL_UNITS: &[&str] = &["°F", "°C", "K"];

/// Currency symbols, written before (or after) the number.
pub const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₾", "GEL"),
    ("元", "CNY"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₪", "ILS"),
    ("฿", "THB"),
    ("₦", "NGN"),
    ("₱", "PHP"),
    ("₿", "BTC"),
];

/// Words written just before "$" that name which dollar ("C$", "US$", "A $").
pub const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("us", "USD"),
    ("usd", "USD"),
    ("c", "CAD"),
    ("ca", "CAD"),
    ("can", "CAD"),
    ("a", "AUD"),
    ("au", "AUD"),
    ("nz", "NZD"),
    ("hk", "HKD"),
    ("s", "SGD"),
    ("r", "BRL"),
    ("mx", "MXN"),
    ("nt", "TWD"),
];

/// Currency codes and abbreviations written before or after the number ("CHF 9'800",
/// "EUR 125", "40 rmb"); matched case-insensitively but only in upper case before the
/// number, so an English word never turns into money.
pub const CURRENCY_CODES: &[(&str, &str)] = &[
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("cad", "CAD"),
    ("chf", "CHF"),
    ("jpy", "JPY"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("aud", "AUD"),
    ("nzd", "NZD"),
    ("inr", "INR"),
    ("hkd", "HKD"),
    ("sgd", "SGD"),
    ("sek", "SEK"),
    ("nok", "NOK"),
    ("dkk", "DKK"),
    ("brl", "BRL"),
    ("mxn", "MXN"),
    ("zar", "ZAR"),
    ("rub", "RUB"),
    ("krw", "KRW"),
    ("try", "TRY"),
    ("pln", "PLN"),
    ("btc", "BTC"),
    ("sfr", "CHF"),
    ("rs", "INR"),
];

/// Currency abbreviations also taken in title case before a number ("Rs 24 lakh").
pub const CURRENCY_CODES_TITLE_CASE: &[&str] = &["rs"];

/// Opening quotation marks (a number right after one may open a quoted title).
pub const OPENING_QUOTES: &[&str] = &["\"", "“", "'", "‘", "«"];

/// Nouns that count parts of what follows "of": the counted phrase runs on through the
/// "of" ("three counts of fraud", "two pairs of shoes", "a single kind of loaf").
pub const PARTITIVE_NOUNS: &[&str] = &[
    "kind", "kinds", "type", "types", "sort", "sorts", "piece", "pieces", "pair", "pairs", "set",
    "sets", "group", "groups", "series", "count", "counts", "slice", "slices", "bottle", "bottles",
    "bag", "bags", "box", "boxes", "rounds", "round", "batch", "batches", "species",
];

/// Words after "N-" that make the compound the name of a thing, not a count of it
/// ("a seven-seater", "an 18-wheeler", "a three-pointer", "a double-header").
pub const COUNT_NAME_WORDS: &[&str] = &[
    "seater", "seaters", "wheeler", "wheelers", "pointer", "pointers", "hander", "handers",
    "timer", "timers", "decker", "deckers", "footer", "footers", "header", "headers", "liner",
    "liners", "pounder", "pounders", "banger", "bangers", "master", "masters",
];

/// Quote marks that close a quoted phrase.
pub const CLOSING_QUOTES: &[&str] = &["\"", "”", "'", "’", "»"];

/// Currency names after the number, with the factor to whole units ("71 cents" = 0.71).
pub const CURRENCY_NAMES: &[(&[&str], &str, f64)] = &[
    (&["us", "dollars"], "USD", 1.0),
    (&["us", "dollar"], "USD", 1.0),
    (&["u", ".", "s", ".", "dollars"], "USD", 1.0),
    (&["canadian", "dollars"], "CAD", 1.0),
    (&["canadian", "dollar"], "CAD", 1.0),
    (&["hong", "kong", "dollars"], "HKD", 1.0),
    (&["hong", "kong", "dollar"], "HKD", 1.0),
    (&["singapore", "dollars"], "SGD", 1.0),
    (&["new", "zealand", "dollars"], "NZD", 1.0),
    (&["taiwan", "dollars"], "TWD", 1.0),
    (&["new", "taiwan", "dollars"], "TWD", 1.0),
    (&["australian", "dollar"], "AUD", 1.0),
    (&["australian", "dollars"], "AUD", 1.0),
    (&["swiss", "francs"], "CHF", 1.0),
    (&["pounds", "sterling"], "GBP", 1.0),
    (&["dollars"], "USD", 1.0),
    (&["dollar"], "USD", 1.0),
    (&["bucks"], "USD", 1.0),
    (&["cents"], "USD", 0.01),
    (&["cent"], "USD", 0.01),
    (&["euros"], "EUR", 1.0),
    (&["euro"], "EUR", 1.0),
    (&["pence"], "GBP", 0.01),
    (&["penny"], "GBP", 0.01),
    (&["sterling"], "GBP", 1.0),
    (&["francs"], "CHF", 1.0),
    (&["franc"], "CHF", 1.0),
    (&["yen"], "JPY", 1.0),
    (&["yuan"], "CNY", 1.0),
    (&["renminbi"], "CNY", 1.0),
    (&["rupees"], "INR", 1.0),
    (&["rupee"], "INR", 1.0),
    (&["reais"], "BRL", 1.0),
    (&["rubles"], "RUB", 1.0),
    (&["roubles"], "RUB", 1.0),
    (&["rupiah"], "IDR", 1.0),
    (&["ringgit"], "MYR", 1.0),
    (&["naira"], "NGN", 1.0),
    (&["baht"], "THB", 1.0),
    (&["shekels"], "ILS", 1.0),
    (&["dirhams"], "AED", 1.0),
    (&["riyals"], "SAR", 1.0),
    (&["zlotys"], "PLN", 1.0),
    (&["zloty"], "PLN", 1.0),
    (&["kronor"], "SEK", 1.0),
    (&["kroner"], "NOK", 1.0),
    (&["lira"], "TRY", 1.0),
    (&["won"], "KRW", 1.0),
    (&["pesos"], "MXN", 1.0),
    (&["bitcoin"], "BTC", 1.0),
    (&["bitcoins"], "BTC", 1.0),
];

/// Qualifiers written before the number, with the name stored. Longest match wins.
pub const QUALIFIERS: &[(&[&str], &str)] = &[
    (&["greater", "than", "or", "equal", "to"], "at least"),
    (&["more", "than", "or", "equal", "to"], "at least"),
    (&["less", "than", "or", "equal", "to"], "at most"),
    (&["equal", "to", "or", "more", "than"], "at least"),
    (&["equal", "to", "or", "greater", "than"], "at least"),
    (&["equal", "to", "or", "less", "than"], "at most"),
    (&["at", "least", "or", "equal", "to"], "at least"),
    (&["at", "most", "or", "equal", "to"], "at most"),
    (&["equal", "to"], "equal to"),
    (&["more", "than"], "more than"),
    (&["greater", "than"], "more than"),
    (&["larger", "than"], "more than"),
    (&["longer", "than"], "more than"),
    (&["higher", "than"], "more than"),
    (&["well", "over"], "more than"),
    (&["just", "over"], "just over"),
    (&["just", "under"], "just under"),
    (&["upwards", "of"], "more than"),
    (&["in", "excess", "of"], "more than"),
    (&["no", "more", "than"], "at most"),
    (&["no", "fewer", "than"], "at least"),
    (&["no", "less", "than"], "at least"),
    (&["no", "closer", "than"], "no closer than"),
    (&["less", "than"], "less than"),
    (&["fewer", "than"], "fewer than"),
    (&["smaller", "than"], "less than"),
    (&["lower", "than"], "less than"),
    (&["shorter", "than"], "less than"),
    (&["at", "least"], "at least"),
    (&["at", "most"], "at most"),
    (&["up", "to"], "up to"),
    (&["as", "much", "as"], "as much as"),
    (&["as", "many", "as"], "as many as"),
    (&["as", "few", "as"], "as few as"),
    (&["as", "little", "as"], "as little as"),
    (&["as", "high", "as"], "as high as"),
    (&["an", "average", "of"], "average"),
    (&["average", "of"], "average"),
    (&["on", "average"], "average"),
    (&["an", "estimated"], "estimated"),
    (&["estimated"], "estimated"),
    (&["a", "maximum", "of"], "maximum"),
    (&["the", "maximum", "of"], "maximum"),
    (&["maximum", "of"], "maximum"),
    (&["a", "minimum", "of"], "minimum"),
    (&["close", "to"], "about"),
    (&["nearly"], "nearly"),
    (&["near"], "near"),
    (&["almost"], "almost"),
    (&["about"], "about"),
    (&["around"], "around"),
    (&["roughly"], "roughly"),
    (&["approximately"], "approximately"),
    (&["approx"], "approximately"),
    (&["circa"], "about"),
    (&["some"], "some"),
    (&["over"], "over"),
    (&["under"], "under"),
    (&["below"], "below"),
    (&["above"], "above"),
    (&["within"], "within"),
    (&["maybe"], "maybe"),
    (&["perhaps"], "perhaps"),
    (&["only"], "only"),
    (&["just"], "just"),
    (&["maximum"], "maximum"),
    (&["the", "maximum"], "maximum"),
    (&["exactly"], "exactly"),
    (&["nearly", "half"], "nearly"),
];

/// Symbols written before a number as a qualifier: "~5%" is "about 5%". After a number
/// "~" joins a range instead ("3~5").
pub const SYMBOL_QUALIFIERS: &[(&str, &str)] = &[("~", "about"), ("≈", "about"), ("∼", "about")];

/// Nouns after "a"/"per"/"each" that make a rate ("a month", "per hive"). "per" takes any
/// noun; "a"/"an"/"each" take only these.
pub const RATE_NOUNS: &[(&str, &str)] = &[
    ("year", "year"),
    ("month", "month"),
    ("week", "week"),
    ("day", "day"),
    ("night", "night"),
    ("hour", "hour"),
    ("minute", "minute"),
    ("second", "second"),
    ("share", "share"),
    ("head", "head"),
    ("person", "person"),
    ("game", "game"),
    ("season", "season"),
    ("piece", "piece"),
    ("dozen", "dozen"),
    ("kilo", "kilo"),
    ("litre", "litre"),
    ("gallon", "gallon"),
    ("barrel", "barrel"),
];

/// Adverbs that state a rate on their own ("paid monthly").
pub const RATE_ADVERBS: &[(&str, &str)] = &[
    ("monthly", "month"),
    ("annually", "year"),
    ("yearly", "year"),
    ("weekly", "week"),
    ("daily", "day"),
    ("hourly", "hour"),
];

/// Scale words after a number ("1.2 million", "3bn", "$67k").
pub const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("k", 1e3),
    ("bn", 1e9),
    ("mn", 1e6),
    ("mln", 1e6),
    ("bln", 1e9),
    ("tn", 1e12),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("crore", 1e7),
    ("crores", 1e7),
    // pt/es/de/fr scale words (never English words, so always on).
    ("milhão", 1e6),
    ("milhões", 1e6),
    ("millón", 1e6),
    ("millones", 1e6),
    ("bilhão", 1e9),
    ("bilhões", 1e9),
    ("millionen", 1e6),
    ("milliarden", 1e9),
    ("milliarde", 1e9),
    ("milliard", 1e9),
    ("milliards", 1e9),
];

/// SI prefixes written in upper case after a number, standing for a multiple ("1,674.5 G",
/// "300M users"): mega and giga. Lower-case "m"/"g" stay metres and grams (SI symbols are
/// case-sensitive), and "K"/"T" stay kelvin and tesla.
pub const UPPER_CASE_SCALES: &[(&str, f64)] = &[("m", 1e6), ("g", 1e9)];

/// Upper-case letters that, glued to a whole number below [`RESOLUTION_K_BELOW`], name a
/// generation or format rather than a multiple ("4G", "5G").
pub const NAME_SUFFIX_LETTERS: &[&str] = &["g"];

/// Signs of multiplication in scientific notation ("1.3x10^6", "2 × 10^-3").
pub const TIMES_SIGNS: &[&str] = &["x", "×", "*", "·"];

/// Scale letters that only mean a multiple next to money ("€2.5m"; elsewhere "48m" is metres).
pub const MONEY_SCALES: &[(&str, f64)] = &[("m", 1e6), ("b", 1e9)];

/// Month and weekday names and abbreviations: a number next to one is a date.
pub const DATE_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words after a number that make it a clock time ("7 p.m." is tokenised "p", ".", "m").
pub const TIME_SUFFIXES: &[&[&str]] = &[
    &["a", ".", "m"],
    &["p", ".", "m"],
    &["am"],
    &["pm"],
    &["o'clock"],
    &["gmt"],
    &["utc"],
    &["hrs", "gmt"],
    &["in", "the", "morning"],
    &["in", "the", "afternoon"],
    &["in", "the", "evening"],
    &["at", "night"],
    &["a", ".", "m", "."],
];

/// Emergency and service numbers, with the words after them that make them a phone
/// number rather than a count ("911 calls", "999 operator").
pub const SERVICE_NUMBERS: &[&str] = &["911", "999", "112", "000", "111", "311", "211", "988"];

/// Verbs right before a [`SERVICE_NUMBERS`] number that make it the service ("called 911").
pub const SERVICE_VERBS_BEFORE: &[&str] = &[
    "call", "called", "calling", "calls", "dial", "dialed", "dialled", "dialing", "dialling",
];

/// Languages (ISO 639-1) whose numerals use a decimal comma and dot (or space) thousands:
/// "4.800" = 4800 and "2,5" = 2.5 there.
pub const DECIMAL_COMMA_LANGUAGES: &[&str] = &[
    "pt", "es", "de", "fr", "it", "nl", "ru", "pl", "tr", "id", "da", "sv", "nb", "nn", "no", "fi",
    "cs", "sk", "ro", "hu", "el", "uk", "bg", "hr", "sl", "sr", "ca", "gl", "eu", "lt", "lv", "et",
    "vi",
];

/// Words right after "zero" that make it a verb ("zero in on").
pub const ZERO_VERB_AFTER: &[&str] = &["in", "out"];

/// Words that end a counted noun phrase without being its head: prepositions, adverbs and
/// predicative adjectives ("800 students inside", "three together", "two available").
/// The phrase is cut before them, or dropped when nothing is left.
pub const NOT_NOUN_HEAD: &[&str] = &[
    "inside",
    "outside",
    "along",
    "together",
    "apart",
    "away",
    "alone",
    "ahead",
    "behind",
    "available",
    "different",
    "total",
    "overall",
    "altogether",
    "instead",
    "later",
    "earlier",
    "ago",
    "back",
    "each",
    "more",
    "less",
    "fewer",
    "too",
    "so",
    "very",
    "already",
    "also",
    "still",
    "yet",
    "then",
    "there",
    "here",
    "now",
    "respectively",
    "aboard",
    "abroad",
    "nationwide",
    "worldwide",
    "online",
    "left",
    "remaining",
    "combined",
    "major",
    "new",
    "asleep",
    "awake",
    "alive",
    "afloat",
    "ashore",
    "apiece",
];

/// Words that name a market index (or its moves) earlier in the sentence: a bare
/// decimal level after "to"/"at"/"of" is then in index points ("the Dow fell 102.2
/// points, or 0.36%, to 27,934.02").
pub const INDEX_LEVEL_CUES: &[&str] = &[
    "index",
    "indexes",
    "indices",
    "average",
    "composite",
    "benchmark",
    "points",
    "dow",
    "nasdaq",
    "s&p",
    "ftse",
    "dax",
    "cac",
    "nikkei",
    "sensex",
    "nifty",
    "kospi",
    "stoxx",
    "hang",
    "ibovespa",
    "tsx",
    "asx",
];

/// Words before an index level: "fell … to 27,934.02", "at 3,120.18", "a high of 40,816.38".
pub const INDEX_LEVEL_BEFORE: &[&str] = &["to", "at", "of"];

/// Words between a number and what it counts that say "in addition" or "in fewer": the
/// unit or noun after them is the figure's ("two more years", "300 fewer parts").
pub const COUNT_DELTA_WORDS: &[&str] = &["more", "fewer"];

/// Verbs of saying that make a clause-opening "one" + noun an unnamed source, not a
/// count ("One mother said …", "one user on the forum posted …").
pub const SOURCE_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "wrote",
    "writes",
    "posted",
    "posts",
    "tweeted",
    "commented",
    "replied",
    "added",
    "asked",
    "explained",
    "complained",
    "noted",
    "recalled",
    "joked",
    "described",
    "shared",
    "claimed",
];

/// Display and video formats written as a number with "K" ("4K", "8K"): names, not
/// thousands, when no currency is attached and the number is below this.
pub const RESOLUTION_K_BELOW: f64 = 20.0;

/// Largest bare number read as an age in an apposition ("Smith, 35, said" is 35 years:
/// a whole number between commas right after a capitalised name).
pub const MAX_AGE: f64 = 120.0;

/// Pronoun + verb before a bare number at the end of a clause that gives an age
/// ("She was 94.", "he is 7,").
pub const AGE_SUBJECTS: &[&str] = &["he", "she", "who"];
/// Verbs of [`AGE_SUBJECTS`].
pub const AGE_VERBS: &[&str] = &["was", "is", "turned", "turns"];

/// Words after which an ordinal word with "a"/"an" is a fraction ("a third of", "a fifth
/// faster"); any other word after it makes it an ordinal ("a seventh straight session"),
/// unless a qualifier comes first ("about a third").
pub const FRACTION_AFTER_A_ORDINAL: &[&str] = &[
    "of", "more", "less", "fewer", "faster", "slower", "higher", "lower", "bigger", "smaller",
    "larger", "cheaper", "greater", "longer", "shorter", "above", "below", "better", "worse",
    "heavier", "lighter", "richer", "poorer", "stronger", "weaker",
];

/// Words after a [`SERVICE_NUMBERS`] number that make it the service.
pub const SERVICE_CONTEXT: &[&str] = &[
    "call",
    "calls",
    "caller",
    "callers",
    "dispatch",
    "dispatcher",
    "dispatchers",
    "operator",
    "operators",
    "center",
    "centre",
    "line",
    "system",
    "emergency",
    "service",
    "services",
];

/// Qualifiers that mean "during" before a span of years ("stole $318,000 over five years").
pub const PERIOD_NOT_QUALIFIER: &[&str] = &["over"];

/// Words after a number that make it a radio frequency ("89.3 FM").
pub const FREQUENCY_BANDS: &[&str] = &["fm", "am"];

/// Words right before a number that make it an identifier or a reference, not a quantity
/// ("Unit 61398", "No. 5", "route 9", "case 12"). Compared lower-cased.
pub const IDENTIFIER_PREFIXES: &[&str] = &[
    "unit",
    "no",
    "nos",
    "number",
    "num",
    "route",
    "highway",
    "interstate",
    "exit",
    "district",
    "ward",
    "precinct",
    "case",
    "docket",
    "measure",
    "proposition",
    "prop",
    "program",
    "programme",
    "version",
    "v",
    "ver",
    "windows",
    "ios",
    "android",
    "room",
    "suite",
    "gate",
    "platform",
    "flight",
    "section",
    "sec",
    "chapter",
    "article",
    "clause",
    "paragraph",
    "page",
    "pp",
    "figure",
    "fig",
    "table",
    "phase",
    "bill",
    "apollo",
    "boeing",
    "airbus",
    "cfda",
    "iso",
    "rfc",
    "doi",
    "isbn",
    "issn",
    "id",
    "zip",
    "po",
    "apt",
    "psalm",
    "verse",
    "area",
    "amendment",
    "covid",
    "sars",
    "h1n1",
    "box",
    // Galleries and slides: "Image 4 of 5".
    "image",
    "photo",
    "slide",
    "picture",
];

/// Words that may stand capitalised right before a number without making it an
/// identifier (sentence openers, qualifiers, connectors).
pub const CAPITAL_OK_BEFORE: &[&str] = &[
    "about",
    "around",
    "over",
    "under",
    "nearly",
    "almost",
    "some",
    "roughly",
    "only",
    "just",
    "and",
    "but",
    "or",
    "the",
    "of",
    "at",
    "in",
    "on",
    "by",
    "for",
    "with",
    "from",
    "to",
    "than",
    "all",
    "another",
    "those",
    "these",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "every",
    "each",
    "maybe",
    "perhaps",
    "approximately",
    "estimated",
    "average",
    "least",
    "most",
    "than",
    "i",
    "we",
    "they",
    "he",
    "she",
    "it",
    "you",
    "who",
    "that",
    "down",
    "up",
    "off",
    "nearly",
    "just",
    "more",
    "less",
    "fewer",
    "was",
    "is",
    "were",
];

/// Street suffixes: "12 Main Street" is an address.
pub const STREET_SUFFIXES: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "way",
    "place",
    "pl",
    "court",
    "ct",
    "terrace",
    "parkway",
    "highway",
    "hwy",
    "square",
    "crescent",
    "close",
    "row",
    "strasse",
    "straße",
    "rue",
];

/// Words before a bare number that make it an age ("aged 16", "the age of 14").
pub const AGE_PREFIXES: &[&[&str]] = &[&["age", "of"], &["aged"], &["age"], &["ages"]];

/// Words that end a count's noun phrase: function words, auxiliaries and common verbs.
pub const NOUN_STOP: &[&str] = &[
    // Function words of pt/es/fr/de/it: a counted noun never runs past them.
    "e",
    "o",
    "os",
    "as",
    "y",
    "de",
    "do",
    "da",
    "dos",
    "das",
    "del",
    "la",
    "las",
    "los",
    "el",
    "em",
    "en",
    "no",
    "na",
    "nos",
    "nas",
    "com",
    "con",
    "para",
    "por",
    "que",
    "um",
    "uma",
    "et",
    "le",
    "les",
    "des",
    "du",
    "und",
    "der",
    "die",
    "den",
    "dem",
    "mit",
    "für",
    "von",
    "di",
    "il",
    "ou",
    "se",
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "nor",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "this",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "shall",
    "said",
    "says",
    "say",
    "told",
    "more",
    "less",
    "fewer",
    "most",
    "least",
    "each",
    "per",
    "every",
    "into",
    "onto",
    "over",
    "under",
    "about",
    "after",
    "before",
    "since",
    "until",
    "during",
    "between",
    "through",
    "across",
    "against",
    "among",
    "around",
    "behind",
    "near",
    "if",
    "so",
    "because",
    "while",
    "when",
    "where",
    "why",
    "how",
    "not",
    "no",
    "also",
    "just",
    "only",
    "even",
    "still",
    "then",
    "there",
    "here",
    "now",
    "ago",
    "later",
    "earlier",
    "apart",
    "away",
    "back",
    "out",
    "up",
    "down",
    "off",
    "all",
    "both",
    "either",
    "neither",
    "it",
    "its",
    "they",
    "their",
    "them",
    "he",
    "his",
    "him",
    "she",
    "her",
    "we",
    "our",
    "us",
    "you",
    "your",
    "i",
    "me",
    "my",
    "what",
    "or",
    "plus",
    "minus",
    "times",
    "percent",
    "like",
    "including",
    "compared",
    "against",
    "within",
    "without",
    "among",
    "too",
    "very",
    "last",
    "next",
    "own",
    "such",
    "again",
    "already",
    "yet",
    "ever",
    "never",
    "always",
    "get",
    "got",
    "gets",
    "make",
    "made",
    "makes",
    "take",
    "took",
    "went",
    "go",
    "goes",
    "came",
    "come",
    "comes",
    "see",
    "saw",
    "seen",
    "s",
    "according",
    "via",
    "vs",
    "versus",
    "out",
    "than",
    "toward",
    "towards",
    "whereas",
    "although",
    "though",
    "unless",
    // Common verbs (irregular pasts and plain presents) that follow a counted noun.
    "lost",
    "won",
    "drew",
    "took",
    "gave",
    "left",
    "fell",
    "rose",
    "grew",
    "paid",
    "sold",
    "bought",
    "spent",
    "met",
    "ran",
    "hit",
    "put",
    "set",
    "cut",
    "kept",
    "held",
    "found",
    "became",
    "began",
    "brought",
    "built",
    "caught",
    "chose",
    "fought",
    "felt",
    "led",
    "meant",
    "sent",
    "stood",
    "struck",
    "thought",
    "wrote",
    "knew",
    "spoke",
    "died",
    "live",
    "lived",
    "work",
    "worked",
    "remain",
    "remained",
    "include",
    "includes",
    "need",
    "needed",
    "want",
    "wanted",
    "die",
    "face",
    "faced",
    "reported",
    "showed",
    "show",
    "attended",
];

/// Words before "half" that make it a period, not a fraction ("the second half").
pub const HALF_PERIOD_BEFORE: &[&str] = &[
    "first", "second", "latter", "other", "final", "back", "front", "better", "bottom", "top",
    "upper", "lower",
];

/// Words after "half" that make it something else ("half-time", "halfway" is one word).
pub const HALF_NOT_FRACTION_AFTER: &[&str] = &["time", "term", "brother", "sister", "life", "back"];

/// Qualifiers that open the lower end of a range closed by an upper one ("greater than 30
/// and less than 40").
pub const LOWER_BOUND_QUALIFIERS: &[&str] = &["more than", "at least", "above", "over"];

/// Qualifiers that close a range opened by a lower one.
pub const UPPER_BOUND_QUALIFIERS: &[&str] = &[
    "less than",
    "fewer than",
    "at most",
    "under",
    "below",
    "up to",
];

/// Which rule decided about a number: how a figure was read, or why a number was not
/// taken. Each has a row in [`FIGURE_RULES`] with its name and an example, so
/// `newsdb extract --explain` can say which rule decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureRule {
    // How a figure was read.
    /// A unit after the number.
    Unit,
    /// A currency symbol, code or name.
    Money,
    /// The noun phrase the number counts.
    CountedNoun,
    /// "N of M": the total goes with the figure.
    OfTotal,
    /// "one in four": a ratio read as a fraction.
    Ratio,
    /// A hyphen compound names what is counted.
    Compound,
    /// Two numbers joined by "to", "-" or "between … and".
    Range,
    /// A lower and an upper bound make a range.
    BoundPair,
    /// A bare number that gives an age.
    Age,
    /// A bare decimal level of a market index, in points.
    IndexLevel,
    /// A multiplier word counts times.
    Multiplier,
    /// A rank: an ordinal with or without its noun.
    Rank,
    /// A fraction with nothing after it.
    Fraction,
    /// A number with no unit: what it counts is implied.
    Bare,
    // Why a number was not taken.
    /// A number word hyphenated onto a word.
    HyphenName,
    /// A capitalised number word before a capitalised word.
    CapitalisedName,
    /// A word that names an identifier before the number.
    IdentifierPrefix,
    /// A number opening a quoted title-case phrase.
    QuotedTitle,
    /// A quoted slogan of two parallel counts.
    Slogan,
    /// A thing named by a count ("a seven-seater", "an 18-wheeler").
    CountName,
    /// A slash pair that is not a proper fraction.
    SlashPair,
    /// A display resolution or a network generation.
    DisplayFormat,
    /// Letters or symbols glued to the number.
    GluedIdentifier,
    /// A citation or a verse reference.
    Reference,
    /// A clock time.
    ClockTime,
    /// An emergency service number.
    ServiceNumber,
    /// An ordinal naming a calendar period.
    OrdinalPeriod,
    /// An ordinal inside an idiom.
    OrdinalIdiom,
    /// An ordinal in a proper name.
    OrdinalName,
    /// A number inside a product name.
    ProductName,
    /// A surround-sound channel layout.
    ChannelLayout,
    /// A street address.
    Address,
    /// A telephone number.
    PhoneNumber,
    /// A radio frequency.
    Frequency,
    /// A date.
    Date,
    /// A list item number.
    ListNumber,
    /// A number after a capitalised name.
    NameBefore,
    /// A calendar year.
    CalendarYear,
    /// A year range or a score written with a hyphen.
    ScoreOrYears,
    /// "one" as a pronoun or an article.
    PronounOne,
    /// A clause-opening "one" + noun that names an unnamed source.
    UnnamedSource,
    /// "one day" as "someday".
    OneDayAdverb,
    /// "one-day", "zero-depth": a compound adjective.
    OneCompound,
    /// A compound right after another number.
    CompoundAfterNumber,
    /// "zero in on".
    ZeroVerb,
    /// "half" as a period or in a compound.
    HalfPeriod,
    /// "a"/"an" with nothing it counts.
    LoneArticle,
}

/// One row of [`FIGURE_RULES`].
pub struct FigureRuleDoc {
    /// The rule.
    pub rule: FigureRule,
    /// Its name, as `--explain` prints it.
    pub name: &'static str,
    /// Whether the number is taken as a figure.
    pub taken: bool,
    /// An example of text the rule decides.
    pub example: &'static str,
}

const fn doc(
    rule: FigureRule,
    name: &'static str,
    taken: bool,
    example: &'static str,
) -> FigureRuleDoc {
    FigureRuleDoc {
        rule,
        name,
        taken,
        example,
    }
}

/// Every figure rule with its name and an example.
pub const FIGURE_RULES: &[FigureRuleDoc] = {
    use FigureRule::*;
    &[
        doc(Unit, "unit", true, "4.5 km, 8-inch, 60fps"),
        doc(Money, "money", true, "$250,000, 5 million euros, 71 cents"),
        doc(
            CountedNoun,
            "counted-noun",
            true,
            "some 200 U.S. military personnel",
        ),
        doc(OfTotal, "of-total", true, "98 of 102 precincts"),
        doc(Ratio, "ratio", true, "one in four families"),
        doc(Compound, "compound", true, "a 412-page report"),
        doc(
            Range,
            "range",
            true,
            "between 20 and 30 people, $40-50 billion",
        ),
        doc(
            BoundPair,
            "bound-pair",
            true,
            "greater than 30 and less than 40",
        ),
        doc(Age, "age", true, "aged 16; Parise, 35, had; She was 94."),
        doc(
            IndexLevel,
            "index-level",
            true,
            "the Dow fell 102.2 points to 27,934.02",
        ),
        doc(Multiplier, "multiplier", true, "Ramsey scored twice"),
        doc(
            Rank,
            "rank",
            true,
            "its 10th appearance, the second hearing",
        ),
        doc(Fraction, "fraction", true, "about half, two-thirds"),
        doc(Bare, "bare", true, "up from 11"),
        doc(HyphenName, "hyphen-name", false, "Take-Two"),
        doc(
            CapitalisedName,
            "capitalised-name",
            false,
            "the Three Amigos",
        ),
        doc(
            IdentifierPrefix,
            "identifier-prefix",
            false,
            "Unit 61398, No. 5, chapter two",
        ),
        doc(QuotedTitle, "quoted-title", false, "“10 Things in Tech”"),
        doc(
            Slogan,
            "slogan",
            false,
            "the “one country, two systems” formula",
        ),
        doc(
            CountName,
            "count-name",
            false,
            "a seven-seater, an 18-wheeler, a three-pointer",
        ),
        doc(SlashPair, "slash-pair", false, "24/7, the 2022/23 season"),
        doc(
            DisplayFormat,
            "display-format",
            false,
            "4K streaming, 5G, a 4x4",
        ),
        doc(
            GluedIdentifier,
            "glued-identifier",
            false,
            "COVID-19, F-35, 777F, 1960s",
        ),
        doc(Reference, "reference", false, "14(3): 211–229, John 3:16"),
        doc(ClockTime, "clock-time", false, "7 p.m., at 13.40"),
        doc(ServiceNumber, "service-number", false, "called 911"),
        doc(OrdinalPeriod, "ordinal-period", false, "the 14th century"),
        doc(
            OrdinalIdiom,
            "ordinal-idiom",
            false,
            "third-party vendors, third-hand",
        ),
        doc(OrdinalName, "ordinal-name", false, "the 25th Amendment"),
        doc(
            ProductName,
            "product-name",
            false,
            "the 11 Pro Max, iPhone 11, NBC 5",
        ),
        doc(ChannelLayout, "channel-layout", false, "5.1 surround sound"),
        doc(Address, "address", false, "12 Main Street, Fourth Street"),
        doc(PhoneNumber, "phone-number", false, "(555) 123-4567"),
        doc(Frequency, "frequency", false, "89.3 FM"),
        doc(Date, "date", false, "May 4, the 4th of July"),
        doc(ListNumber, "list-number", false, "1. Open the door first."),
        doc(NameBefore, "name-before", false, "Samsung Galaxy Note 10"),
        doc(CalendarYear, "calendar-year", false, "It opened in 2019."),
        doc(
            ScoreOrYears,
            "score-or-years",
            false,
            "won 78-71, 1995-2001",
        ),
        doc(
            PronounOne,
            "pronoun-one",
            false,
            "one of the most, one example",
        ),
        doc(
            OneDayAdverb,
            "one-day-adverb",
            false,
            "would love to one day buy",
        ),
        doc(
            OneCompound,
            "one-compound",
            false,
            "their biggest one-day gain, a one-off",
        ),
        doc(
            CompoundAfterNumber,
            "compound-after-number",
            false,
            "six three-point attempts",
        ),
        doc(ZeroVerb, "zero-verb", false, "They zero in on costs."),
        doc(
            HalfPeriod,
            "half-period",
            false,
            "the second half, half-time",
        ),
        doc(
            UnnamedSource,
            "unnamed-source",
            false,
            "One mother said the fees were too high.",
        ),
        doc(LoneArticle, "lone-article", false, "He left a year ago."),
    ]
};

impl FigureRule {
    /// The row of [`FIGURE_RULES`] for this rule.
    pub fn doc(self) -> &'static FigureRuleDoc {
        FIGURE_RULES
            .iter()
            .find(|d| d.rule == self)
            .unwrap_or(&FIGURE_RULES[0])
    }

    /// The rule's name.
    pub fn name(self) -> &'static str {
        self.doc().name
    }
}
