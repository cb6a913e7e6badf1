//! Figures across outlets: two figures in one story are *comparable* when they count
//! the same thing (same unit head noun after normalisation, e.g. "cyber attacks",
//! "cyberattacks" and "hacking attacks" all count `attack`s), over the same rate
//! ("a month"), and are of the same kind. Comparable figures whose values differ by
//! more than [`TOLERANCE`] disagree — unless they differ so much ([`MAX_REL_DIFF`])
//! that they are more likely about different things.
//!
//! Disagreements are bounded per story: a new figure whose value some earlier
//! citation in the story already gives (within [`TOLERANCE`]) adds no row (that
//! value's disagreements are recorded); otherwise it is recorded against its
//! nearest disagreeing values below and above ([`partners`]), so a story holds at
//! most two rows per distinct value however many outlets repeat it, and the rows
//! chain every distinct value of a quantity to its neighbours.

//!
//! A disagreement is between figures of *different* articles (an article's own
//! figures are different quantities far more often than a correction: a recipe's
//! 30 g and 25 g), whose qualifiers do not bound opposite sides ("more than 100" and
//! "up to 120" do not contradict; [`qualifiers_comparable`]). Each row says whether
//! the two articles are from different outlets, one outlet (an update against its
//! original, a reprint) or unknown ([`Outlets`]).
//!
//! A closed range ("10,000 to 12,000 jobs") is a [`Claim`] of its own: it disagrees
//! with a value outside it or a disjoint range about the same quantity, never with a
//! value inside it or one of its own ends ([`claims_disagree`]).

use super::text::tokens;
use crate::extract::figures::canonical_unit;
use crate::model::FigureKind;

/// Values within this relative difference agree (rounding: "about 1.2 million").
pub const TOLERANCE: f64 = 0.01;
/// Values further apart than this (relative) are taken to be different quantities,
/// not a disagreement ("140 companies" vs "2,000 companies").
pub const MAX_REL_DIFF: f64 = 0.5;
/// Values within this relative difference count as the same figure when weighing
/// story evidence (two outlets citing "about 140,000 attacks a month").
pub const SHARED_REL_DIFF: f64 = 0.1;
/// Counts below this are too common to compare ("two countries", "three things").
pub const MIN_VALUE: f64 = 10.0;
/// A closed compound matches its head ("cyberattack" ends with "attack") only when
/// the head has at least this many letters.
pub const MIN_HEAD: usize = 4;

/// Which side of the value a qualifier bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The true value is at or above ("more than 100").
    Lower,
    /// The true value is at or below ("up to 100").
    Upper,
}

/// Qualifiers that bound one side, by the extractor's qualifier names: a figure
/// "more than 100" and one "up to 120" do not contradict each other.
pub const BOUND_QUALIFIERS: &[(&str, Bound)] = &[
    ("more than", Bound::Lower),
    ("at least", Bound::Lower),
    ("over", Bound::Lower),
    ("above", Bound::Lower),
    ("just over", Bound::Lower),
    ("minimum", Bound::Lower),
    ("as little as", Bound::Lower),
    ("up to", Bound::Upper),
    ("less than", Bound::Upper),
    ("fewer than", Bound::Upper),
    ("under", Bound::Upper),
    ("below", Bound::Upper),
    ("at most", Bound::Upper),
    ("maximum", Bound::Upper),
    ("within", Bound::Upper),
    ("as many as", Bound::Upper),
    ("as much as", Bound::Upper),
];

/// The side a qualifier bounds, None for an exact or approximate value.
pub fn bound(qualifier: Option<&str>) -> Option<Bound> {
    let q = qualifier?.trim().to_lowercase();
    BOUND_QUALIFIERS
        .iter()
        .find(|(name, _)| *name == q)
        .map(|(_, b)| *b)
}

/// Whether figures with these qualifiers can contradict each other: not when they
/// bound opposite sides ("more than 100" / "up to 120").
pub fn qualifiers_comparable(a: Option<&str>, b: Option<&str>) -> bool {
    !matches!(
        (bound(a), bound(b)),
        (Some(Bound::Lower), Some(Bound::Upper)) | (Some(Bound::Upper), Some(Bound::Lower))
    )
}

/// Whose figures a disagreement sets against each other, by the articles' publishers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlets {
    /// Two named, different publishers.
    Different,
    /// One publisher (an update against its original, a reprint under one name).
    Same,
    /// A publisher is missing.
    Unknown,
}

impl Outlets {
    /// Compares two articles' publishers (letters and digits only, case folded, so
    /// "The Inquirer" and "the inquirer" are one).
    pub fn of(a: Option<&str>, b: Option<&str>) -> Outlets {
        let fold = |p: &str| -> String {
            p.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        match (a.map(fold), b.map(fold)) {
            (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                if a == b {
                    Outlets::Same
                } else {
                    Outlets::Different
                }
            }
            _ => Outlets::Unknown,
        }
    }

    /// The name stored in `figure_disagreements.outlets`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outlets::Different => "different",
            Outlets::Same => "same",
            Outlets::Unknown => "unknown",
        }
    }
}

/// A figure reduced to what comparison needs.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureKey {
    /// Head noun of the unit, singular, lower case ("attack", "cyberattack").
    pub head: String,
    /// Rate ("month"), empty when none.
    pub rate: String,
    /// Kind name ("count", "measure").
    pub kind: &'static str,
    /// The value.
    pub value: f64,
}

/// Singular of an English plural noun (regular forms only).
fn singular(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.chars().count() >= 2 {
            return format!("{stem}y");
        }
    }
    for suf in ["sses", "shes", "ches", "xes"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && w.chars().count() > 3 {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

/// The head noun of a unit phrase: its last word (hyphens split), singular.
/// None when the unit has no word ("%", "").
pub fn unit_head(unit: &str) -> Option<String> {
    let last = tokens(unit)
        .into_iter()
        .rev()
        .find(|w| w.chars().all(char::is_alphabetic))?;
    Some(singular(&last))
}

/// The comparison key of a figure, or None when it is not comparable at all: only
/// counts and measures with a worded unit and a single value of at least
/// [`MIN_VALUE`] (percentages and money say too little about *what* they measure).
pub fn figure_key(
    kind: FigureKind,
    value: Option<f64>,
    unit: Option<&str>,
    rate: Option<&str>,
) -> Option<FigureKey> {
    if !matches!(kind, FigureKind::Count | FigureKind::Measure) {
        return None;
    }
    let value = value.filter(|v| v.is_finite() && v.abs() >= MIN_VALUE)?;
    // Spelled-out units are stored as written: "5 kilometres" compares with "5 km".
    let head = unit_head(&canonical_unit(unit?))?;
    Some(FigureKey {
        head,
        rate: rate.unwrap_or("").to_lowercase(),
        kind: kind.as_str(),
        value,
    })
}

/// The comparison key and [`Claim`] of a figure with a value or a closed range
/// (`low`, `high`; the extractor leaves `value` empty for one): the key is
/// [`figure_key`]'s with the claim's lowest value (a range is looked up and stored
/// under each of its ends, [`Claim::index_values`]). None as for [`figure_key`].
pub fn claim_key(
    kind: FigureKind,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    unit: Option<&str>,
    rate: Option<&str>,
) -> Option<(FigureKey, Claim)> {
    let claim = Claim::of(value, low, high)?;
    let key = figure_key(kind, Some(claim.ends().0), unit, rate)?;
    Some((key, claim))
}

/// Whether two heads name the same thing: equal, or one is a closed compound
/// ending in the other ("cyberattack" / "attack").
pub fn heads_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.chars().count() >= MIN_HEAD && long.ends_with(short))
}

/// Whether two figures count the same thing over the same rate.
pub fn comparable(a: &FigureKey, b: &FigureKey) -> bool {
    a.kind == b.kind && a.rate == b.rate && heads_match(&a.head, &b.head)
}

/// Relative difference |a − b| / max(|a|, |b|).
pub fn rel_diff(a: f64, b: f64) -> f64 {
    let m = a.abs().max(b.abs());
    if m == 0.0 {
        0.0
    } else {
        (a - b).abs() / m
    }
}

/// Whether comparable figures disagree: values more than [`TOLERANCE`] apart but
/// within [`MAX_REL_DIFF`].
pub fn disagree(a: &FigureKey, b: &FigureKey) -> bool {
    let d = rel_diff(a.value, b.value);
    comparable(a, b) && d > TOLERANCE && d <= MAX_REL_DIFF
}

/// What a figure says about a quantity: one value, or a closed range. An open bound
/// ("more than 140,000") is a value: outlets round a figure up or down with such
/// words, and opposite bounds are judged by [`qualifiers_comparable`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Claim {
    /// A single value.
    Value(f64),
    /// A closed range `low..=high`, `low < high` ("between 10,000 and 12,000 jobs").
    Range(f64, f64),
}

impl Claim {
    /// The claim of a stored figure (its `value`, or `low` and `high` for a closed
    /// range, where the extractor leaves `value` empty); None when it has no finite
    /// value or its magnitude is under [`MIN_VALUE`].
    pub fn of(value: Option<f64>, low: Option<f64>, high: Option<f64>) -> Option<Claim> {
        let claim = match (value, low, high) {
            (None, Some(l), Some(h)) if l.is_finite() && h.is_finite() && l != h => {
                Claim::Range(l.min(h), l.max(h))
            }
            (Some(v), ..) | (None, Some(v), None) | (None, None, Some(v)) if v.is_finite() => {
                Claim::Value(v)
            }
            (None, Some(v), Some(_)) if v.is_finite() => Claim::Value(v),
            _ => return None,
        };
        let (lo, hi) = claim.ends();
        (lo.abs().max(hi.abs()) >= MIN_VALUE).then_some(claim)
    }

    /// Its lowest and highest value (both the value for a single one).
    pub fn ends(self) -> (f64, f64) {
        match self {
            Claim::Value(v) => (v, v),
            Claim::Range(l, h) => (l, h),
        }
    }

    /// The values a story's index holds for it, so lookups by value find it: the
    /// value, or both ends of a range.
    pub fn index_values(self) -> Vec<f64> {
        match self {
            Claim::Value(v) => vec![v],
            Claim::Range(l, h) => vec![l, h],
        }
    }
}

/// Whether two claims about one quantity (figures [`comparable`] by their keys)
/// contradict. Two values: more than [`TOLERANCE`] apart but within
/// [`MAX_REL_DIFF`] ([`disagree`]). A range and a value: the value lies outside the
/// range (by more than [`TOLERANCE`] of its nearest end) but within [`MAX_REL_DIFF`]
/// of that end; a value inside it, or one of its own ends, agrees. Two ranges: they
/// are disjoint and their nearest ends differ as two values would; overlapping
/// ranges agree.
pub fn claims_disagree(a: Claim, b: Claim) -> bool {
    let ((a_lo, a_hi), (b_lo, b_hi)) = (a.ends(), b.ends());
    // The nearest ends of the two claims: equal or overlapping claims have none apart.
    let (below, above) = if a_hi < b_lo {
        (a_hi, b_lo)
    } else if b_hi < a_lo {
        (b_hi, a_lo)
    } else {
        return false;
    };
    let d = rel_diff(below, above);
    d > TOLERANCE && d <= MAX_REL_DIFF
}

/// The values `b` of `v`'s sign with [`rel_diff`]`(v, b) ≤ d`, as `(low, high)`
/// (infinite high end for `d ≥ 1`); index lookups use it, exact tests follow.
pub fn window(v: f64, d: f64) -> (f64, f64) {
    let near = v * (1.0 - d);
    let far = if d >= 1.0 {
        f64::INFINITY.copysign(v)
    } else {
        v / (1.0 - d)
    };
    (near.min(far), near.max(far))
}

/// The earlier figures a new figure `k` is recorded as disagreeing with, from the
/// story's values `near` (comparable candidates around `k.value`): none when one of
/// them agrees with `k` (the value is already cited), else the nearest disagreeing
/// value below and the nearest above. Returns their figure ids.
pub fn partners(k: &FigureKey, near: &[(FigureKey, i64)]) -> Vec<i64> {
    if near
        .iter()
        .any(|(o, _)| comparable(k, o) && rel_diff(k.value, o.value) <= TOLERANCE)
    {
        return Vec::new();
    }
    let mut below: Option<&(FigureKey, i64)> = None;
    let mut above: Option<&(FigureKey, i64)> = None;
    for c in near.iter().filter(|(o, _)| disagree(k, o)) {
        let slot = if c.0.value < k.value {
            &mut below
        } else {
            &mut above
        };
        let closer = slot.is_none_or(|s| {
            (c.0.value - k.value).abs() < (s.0.value - k.value).abs()
                || ((c.0.value - k.value).abs() == (s.0.value - k.value).abs() && c.1 < s.1)
        });
        if closer {
            *slot = Some(c);
        }
    }
    below.into_iter().chain(above).map(|c| c.1).collect()
}

/// Whether two figures are (nearly) the same citation: story evidence.
pub fn shared(a: &FigureKey, b: &FigureKey) -> bool {
    comparable(a, b) && rel_diff(a.value, b.value) <= SHARED_REL_DIFF
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(v: f64, unit: &str, rate: Option<&str>) -> FigureKey {
        figure_key(FigureKind::Count, Some(v), Some(unit), rate).expect("comparable")
    }

    #[test]
    fn heads_normalise() {
        assert_eq!(unit_head("cyber attacks").as_deref(), Some("attack"));
        assert_eq!(unit_head("cyberattacks").as_deref(), Some("cyberattack"));
        assert_eq!(unit_head("offensive cyber-teams").as_deref(), Some("team"));
        assert_eq!(
            unit_head("mostly American companies").as_deref(),
            Some("company")
        );
        assert_eq!(unit_head("boxes").as_deref(), Some("box"));
        assert_eq!(unit_head("cases").as_deref(), Some("case"));
        assert_eq!(unit_head("%"), None);
    }

    #[test]
    fn attacks_per_month_disagree() {
        let a = key(140_000.0, "cyber attacks", Some("month"));
        let b = key(144_000.0, "cyberattacks", Some("month"));
        let c = key(140_000.0, "hacking attacks", Some("month"));
        assert!(comparable(&a, &b) && comparable(&b, &c));
        assert!(disagree(&a, &b));
        assert!(disagree(&c, &b));
        assert!(!disagree(&a, &c), "same value");
        assert!(shared(&a, &b));
    }

    #[test]
    fn windows_bound_the_lookup() {
        assert_eq!(window(100.0, 0.5), (50.0, 200.0));
        assert_eq!(window(-100.0, 0.5), (-200.0, -50.0));
        let (lo, hi) = window(140_000.0, SHARED_REL_DIFF);
        assert!(lo <= 126_000.0 && hi >= 155_555.0, "{lo} {hi}");
        assert_eq!(window(10.0, 1.0).1, f64::INFINITY);
    }

    #[test]
    fn partners_are_nearest_or_none() {
        let k = key(144_000.0, "cyberattacks", Some("month"));
        let at = |v: f64, id: i64| (key(v, "cyber attacks", Some("month")), id);
        // Nearest disagreeing value on each side, not every disagreeing value.
        let near = [
            at(100_000.0, 1),
            at(140_000.0, 2),
            at(150_000.0, 3),
            at(190_000.0, 4),
        ];
        assert_eq!(partners(&k, &near), [2, 3]);
        // A value already cited (within 1%) adds no rows.
        let cited = [at(140_000.0, 2), at(144_500.0, 5)];
        assert!(partners(&k, &cited).is_empty());
        // Too far apart, or about something else: no partner.
        let far = [
            at(50_000.0, 6),
            (key(140_000.0, "victims", Some("month")), 7),
        ];
        assert!(partners(&k, &far).is_empty());
        assert!(partners(&k, &[]).is_empty());
    }

    #[test]
    fn opposite_bounds_do_not_contradict() {
        assert!(!qualifiers_comparable(Some("more than"), Some("up to")));
        assert!(!qualifiers_comparable(Some("Under"), Some("at least")));
        assert!(qualifiers_comparable(Some("more than"), Some("average")));
        assert!(qualifiers_comparable(Some("about"), None));
        assert!(qualifiers_comparable(Some("up to"), Some("less than")));
        assert_eq!(bound(Some("nearly")), None);
    }

    #[test]
    fn outlets_by_publisher() {
        assert_eq!(
            Outlets::of(Some("The Inquirer"), Some("the inquirer")),
            Outlets::Same
        );
        assert_eq!(
            Outlets::of(Some("VentureBeat"), Some("GlobalPost")),
            Outlets::Different
        );
        assert_eq!(Outlets::of(None, Some("GlobalPost")), Outlets::Unknown);
        assert_eq!(Outlets::of(Some(" "), Some("GlobalPost")), Outlets::Unknown);
    }

    #[test]
    fn ranges_disagree_only_with_what_lies_outside_them() {
        let range = Claim::of(None, Some(10_000.0), Some(12_000.0)).expect("range");
        assert_eq!(range, Claim::Range(10_000.0, 12_000.0));
        let v = |x: f64| Claim::Value(x);
        // Outside the range, near enough to be one quantity: a disagreement.
        assert!(claims_disagree(range, v(9_000.0)));
        assert!(claims_disagree(v(13_000.0), range));
        // Inside it, or one of its own ends (within rounding): no disagreement.
        for inside in [11_000.0, 10_000.0, 12_000.0, 12_050.0, 9_950.0] {
            assert!(!claims_disagree(range, v(inside)), "{inside}");
        }
        // Too far from the range to be the same quantity.
        assert!(!claims_disagree(range, v(30_000.0)));
        // Two ranges: disjoint ones disagree, overlapping or nested ones do not.
        let r = |l: f64, h: f64| Claim::Range(l, h);
        assert!(claims_disagree(range, r(13_000.0, 15_000.0)));
        assert!(!claims_disagree(range, r(11_500.0, 15_000.0)));
        assert!(!claims_disagree(range, r(10_500.0, 11_000.0)));
        assert!(!claims_disagree(range, r(12_000.0, 14_000.0)), "shared end");
        // Two values behave as before.
        assert!(claims_disagree(v(140_000.0), v(144_000.0)));
        assert!(!claims_disagree(v(140_000.0), v(140_500.0)));
        assert_eq!(range.index_values(), [10_000.0, 12_000.0]);
    }

    #[test]
    fn claims_of_stored_figures() {
        assert_eq!(
            Claim::of(Some(140_000.0), None, None),
            Some(Claim::Value(140_000.0))
        );
        // Reversed ends are put in order; a degenerate range is its value.
        assert_eq!(
            Claim::of(None, Some(12.0), Some(10.0)),
            Some(Claim::Range(10.0, 12.0))
        );
        assert_eq!(
            Claim::of(None, Some(15.0), Some(15.0)),
            Some(Claim::Value(15.0))
        );
        // Open range with its finite bound as the value.
        assert_eq!(
            Claim::of(Some(100.0), Some(100.0), None),
            Some(Claim::Value(100.0))
        );
        assert_eq!(Claim::of(None, Some(2.0), Some(5.0)), None, "too small");
        assert_eq!(Claim::of(None, None, None), None);
        assert_eq!(Claim::of(Some(f64::NAN), None, None), None);
        assert_eq!(Claim::of(None, Some(f64::INFINITY), Some(20.0)), None);
    }

    #[test]
    fn not_comparable() {
        let month = key(140_000.0, "cyber attacks", Some("month"));
        let year = key(144_000.0, "cyber attacks", Some("year"));
        assert!(!comparable(&month, &year), "different rate");
        let victims = key(144_000.0, "victims", Some("month"));
        assert!(!comparable(&month, &victims), "different head");
        assert!(
            !heads_match("cat", "bobcat"),
            "head too short for compounds"
        );
        let far = key(2_000.0, "companies", None);
        let near = key(140.0, "companies", None);
        assert!(!disagree(&far, &near), "too far apart to be one quantity");
        assert!(figure_key(FigureKind::Count, Some(2.0), Some("countries"), None).is_none());
        assert!(figure_key(FigureKind::Percent, Some(45.0), Some("%"), None).is_none());
        assert!(figure_key(FigureKind::Count, None, Some("people"), None).is_none());
    }
}
