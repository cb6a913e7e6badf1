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
    UnitRule { phrase, unit, class, factor: 1.0, glued_only: false }
}
const fn g(phrase: &'static [&'static str], unit: &'static str, class: UnitClass) -> UnitRule {
    UnitRule { phrase, unit, class, factor: 1.0, glued_only: true }
}
const fn f(
    phrase: &'static [&'static str],
    unit: &'static str,
    class: UnitClass,
    factor: f64,
) -> UnitRule {
    UnitRule { phrase, unit, class, factor, glued_only: false }
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
    u(&["second"], "seconds", M),
    u(&["secs"], "seconds", M),
    u(&["milliseconds"], "ms", M),
    u(&["ms"], "ms", M),
    // Multipliers.
    u(&["times"], "times", X),
];

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

/// Currency names after the number, with the factor to whole units ("71 cents" = 0.71).
pub const CURRENCY_NAMES: &[(&[&str], &str, f64)] = &[
    (&["us", "dollars"], "USD", 1.0),
    (&["us", "dollar"], "USD", 1.0),
    (&["u", ".", "s", ".", "dollars"], "USD", 1.0),
    (&["canadian", "dollars"], "CAD", 1.0),
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
    (&["exactly"], "exactly"),
    (&["nearly", "half"], "nearly"),
];

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
];

/// Scale letters that only mean a multiple next to money ("€2.5m"; elsewhere "48m" is metres).
pub const MONEY_SCALES: &[(&str, f64)] = &[("m", 1e6), ("b", 1e9)];

/// Month and weekday names and abbreviations: a number next to one is a date.
pub const DATE_WORDS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
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

/// Words after a [`SERVICE_NUMBERS`] number that make it the service.
pub const SERVICE_CONTEXT: &[&str] = &[
    "call", "calls", "caller", "callers", "dispatch", "dispatcher", "dispatchers", "operator",
    "operators", "center", "centre", "line", "system", "emergency", "service", "services",
];

/// Qualifiers that mean "during" before a span of years ("stole $318,000 over five years").
pub const PERIOD_NOT_QUALIFIER: &[&str] = &["over"];

/// Words after a number that make it a radio frequency ("89.3 FM").
pub const FREQUENCY_BANDS: &[&str] = &["fm", "am"];

/// Words right before a number that make it an identifier or a reference, not a quantity
/// ("Unit 61398", "No. 5", "route 9", "case 12"). Compared lower-cased.
pub const IDENTIFIER_PREFIXES: &[&str] = &[
    "unit", "no", "nos", "number", "num", "route", "highway", "interstate", "exit", "district",
    "ward", "precinct", "case", "docket", "measure", "proposition", "prop", "program",
    "programme", "version", "v", "ver", "windows", "ios", "android", "room", "suite", "gate",
    "platform", "flight", "section", "sec", "chapter", "article", "clause", "paragraph", "page",
    "pp", "figure", "fig", "table", "phase", "bill", "apollo", "boeing", "airbus", "cfda",
    "iso", "rfc", "doi", "isbn", "issn", "id", "zip", "po", "apt", "psalm", "verse",
    "amendment", "covid", "sars", "h1n1", "box",
];

/// Words that may stand capitalised right before a number without making it an
/// identifier (sentence openers, qualifiers, connectors).
pub const CAPITAL_OK_BEFORE: &[&str] = &[
    "about", "around", "over", "under", "nearly", "almost", "some", "roughly", "only", "just",
    "and", "but", "or", "the", "of", "at", "in", "on", "by", "for", "with", "from", "to",
    "than", "all", "another", "those", "these", "its", "their", "his", "her", "our", "my",
    "your", "every", "each", "maybe", "perhaps", "approximately", "estimated", "average",
    "least", "most", "than", "i", "we", "they", "he", "she", "it", "you", "who", "that",
    "down", "up", "off", "nearly", "just", "more", "less", "fewer", "was", "is", "were",
];

/// Street suffixes: "12 Main Street" is an address.
pub const STREET_SUFFIXES: &[&str] = &[
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive",
    "dr", "way", "place", "pl", "court", "ct", "terrace", "parkway", "highway", "hwy",
    "square", "crescent", "close", "row", "strasse", "straße", "rue",
];

/// Words before a bare number that make it an age ("aged 16", "the age of 14").
pub const AGE_PREFIXES: &[&[&str]] = &[&["age", "of"], &["aged"], &["age"], &["ages"]];

/// Words that end a count's noun phrase: function words, auxiliaries and common verbs.
pub const NOUN_STOP: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "but", "nor", "as", "than", "that", "which", "who", "whom", "whose", "this", "these",
    "those", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do",
    "does", "did", "will", "would", "could", "should", "can", "may", "might", "must", "shall",
    "said", "says", "say", "told", "more", "less", "fewer", "most", "least", "each", "per",
    "every", "into", "onto", "over", "under", "about", "after", "before", "since", "until",
    "during", "between", "through", "across", "against", "among", "around", "behind", "near",
    "if", "so", "because", "while", "when", "where", "why", "how", "not", "no", "also", "just",
    "only", "even", "still", "then", "there", "here", "now", "ago", "later", "earlier", "apart",
    "away", "back", "out", "up", "down", "off", "all", "both", "either", "neither", "it",
    "its", "they", "their", "them", "he", "his", "him", "she", "her", "we", "our", "us", "you",
    "your", "i", "me", "my", "what", "or", "plus", "minus", "times", "percent", "like",
    "including", "compared", "against", "within", "without", "among", "too", "very", "last",
    "next", "own", "such", "again", "already", "yet", "ever", "never", "always",
    "get", "got", "gets", "make", "made", "makes", "take", "took", "went", "go", "goes",
    "came", "come", "comes", "see", "saw", "seen", "s", "according", "via", "vs", "versus",
    "out", "than", "toward", "towards", "whereas", "although", "though", "unless",
];

/// Words that may follow "one" as a pronoun, not a count ("one of", "one another").
pub const ONE_PRONOUN_AFTER: &[&str] = &[
    "of", "another", "in", "or", "and", "who", "that", "which", "is", "was", "day", "way",
    "thing", "time", "point", "side", "hand", "more", "less", "last", "final", "such",
];

/// Words before "one" that make it a pronoun ("no one", "that one", "the one").
pub const ONE_PRONOUN_BEFORE: &[&str] = &[
    "no", "the", "this", "that", "which", "any", "every", "each", "some", "someone",
    "anyone", "everyone", "a", "another", "only", "little", "big", "new", "old", "right",
    "wrong", "last", "next", "first", "other", "single", "such",
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
pub const UPPER_BOUND_QUALIFIERS: &[&str] =
    &["less than", "fewer than", "at most", "under", "below", "up to"];

/// Words before a scale word that make an amount vague ("a few thousand", "several hundred").
pub const VAGUE_BEFORE_SCALE: &[&str] =
    &["few", "several", "many", "some", "tens", "hundreds", "thousands", "millions"];
