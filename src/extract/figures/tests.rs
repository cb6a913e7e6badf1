//! Unit tests of the figure scanner on sentences written for them.

use super::*;

fn figs(text: &str) -> Vec<Figure> {
    extract_figures(&[text.to_string()])
}

fn one(text: &str) -> Figure {
    let f = figs(text);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    f.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn seed_counts_with_unit_and_rate() {
    let f = one("China faces more than 140,000 cyber attacks a month, it said.");
    assert_eq!(f.raw, "more than 140,000 cyber attacks");
    assert_eq!(f.value, Some(140000.0));
    assert_eq!(f.unit.as_deref(), Some("cyber attacks"));
    assert_eq!(f.qualifier.as_deref(), Some("more than"));
    assert_eq!(f.rate.as_deref(), Some("month"));
    let f = one("It saw an average of 144,000 cyberattacks per month.");
    assert_eq!(f.value, Some(144000.0));
    assert_eq!(f.qualifier.as_deref(), Some("average"));
    assert_eq!(f.rate.as_deref(), Some("month"));
}

#[test]
fn fractions() {
    let f = one("almost two-thirds of the invasions");
    assert!((f.value.unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(f.kind, FigureKind::Fraction);
    assert_eq!(one("roughly one in four nights").value, Some(0.25));
    assert_eq!(one("about a third of students").value, Some(1.0 / 3.0));
}

#[test]
fn money_and_percent() {
    let f = one("It cost C$1.1 billion.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(1.1e9), Some("CAD")));
    let f = one("a fee of 71 cents");
    assert_eq!((f.value, f.unit.as_deref()), (Some(0.71), Some("USD")));
    let f = one("around CHF 9'800 each");
    assert_eq!((f.value, f.unit.as_deref()), (Some(9800.0), Some("CHF")));
    let f = one("about 70 per cent");
    assert_eq!(
        (f.value, f.unit.as_deref(), f.kind),
        (Some(70.0), Some("%"), FigureKind::Percent)
    );
    assert_eq!(one("a budget of $67k").value, Some(67000.0));
}

#[test]
fn ranges_and_changes() {
    let f = one("between 20 and 30 percent");
    assert_eq!((f.value, f.low, f.high), (None, Some(20.0), Some(30.0)));
    let f = one("€2.5m to €3m");
    assert_eq!(
        (f.low, f.high, f.unit.as_deref()),
        (Some(2.5e6), Some(3e6), Some("EUR"))
    );
    assert_eq!(figs("fares rose from $2.75 to $2.90").len(), 2);
    let f = one("10 to 12 cents a share");
    assert_eq!((f.low, f.high), (Some(0.1), Some(0.12)));
}

#[test]
fn measures_durations_ordinals() {
    let f = one("It was minus 22 degrees Fahrenheit.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(-22.0), Some("°F")));
    let f = one("a 60-year-old man");
    assert_eq!((f.value, f.kind), (Some(60.0), FigureKind::Duration));
    assert_eq!(one("the 13th edition").kind, FigureKind::Ordinal);
    assert_eq!(one("12'400 metres").value, Some(12400.0));
}

#[test]
fn not_figures() {
    for text in [
        "Unit 61398 is known as APT1.",
        "It runs Windows 10 now.",
        "In 2015 they met.",
        "Call 555-123-4567 today.",
        "The show starts at 7 p.m. on May 4.",
        "No. 5 was sold.",
        "Which one do you prefer?",
        "Hundreds of people came.",
        "Tune in to 89.3 FM tonight.",
        "See doi:10.1038/nature123 for details.",
        "It was in the 1930s.",
    ] {
        assert!(figs(text).is_empty(), "{text}: {:?}", figs(text));
    }
}

#[test]
fn real_news_constructions() {
    let f = one("Two major Chinese military websites were hacked.");
    assert_eq!(f.unit.as_deref(), Some("major Chinese military websites"));
    let f = one("Some 200 U.S. military personnel remain.");
    assert_eq!(f.unit.as_deref(), Some("U.S. military personnel"));
    assert_eq!(f.qualifier.as_deref(), Some("some"));
    let f = one("Police pinned 800 students inside the campus.");
    assert_eq!(f.raw, "800 students");
    let f = one("It could raise at least 88 billion Hong Kong dollars.");
    assert_eq!(
        (f.kind, f.unit.as_deref()),
        (FigureKind::Money, Some("HKD"))
    );
    assert_eq!(f.value, Some(88e9));
    let f = one("They need the $40-50 billion in purchases.");
    assert_eq!((f.low, f.high, f.value), (Some(40e9), Some(50e9), None));
    assert_eq!(f.unit.as_deref(), Some("USD"));
    let f = one("He expects between four to six services.");
    assert_eq!((f.low, f.high), (Some(4.0), Some(6.0)));
    assert_eq!(f.unit.as_deref(), Some("services"));
    let f = one("Parise, 35, had scored just once.");
    assert_eq!(
        (f.kind, f.unit.as_deref()),
        (FigureKind::Duration, Some("years"))
    );
    let f = one("She was 94.");
    assert_eq!((f.kind, f.value), (FigureKind::Duration, Some(94.0)));
    let f = one("He left after five-and-a-half years.");
    assert_eq!(f.value, Some(5.5));
    let f = one("It covers a 13.8-billion-year period.");
    assert_eq!((f.value, f.kind), (Some(13.8e9), FigureKind::Duration));
    let f = one("Oil fell for a seventh straight session.");
    assert_eq!((f.kind, f.value), (FigureKind::Ordinal, Some(7.0)));
    let f = one("It is about a third faster.");
    assert_eq!(f.kind, FigureKind::Fraction);
    let f = one("He has spent Rs 24 lakh.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(2.4e6), Some("INR")));
    let f = one("The engine makes 306 HP.");
    assert_eq!(
        (f.kind, f.unit.as_deref()),
        (FigureKind::Measure, Some("hp"))
    );
    let f = one("Eu trabalhei 25 anos aqui.");
    assert_eq!(
        (f.kind, f.unit.as_deref()),
        (FigureKind::Duration, Some("years"))
    );
    let f = one("The index hit 40,816.38 in the morning.");
    assert_eq!(f.value, Some(40816.38));
}

#[test]
fn real_news_not_figures() {
    for text in [
        "Apple impressed with the iPhone 11's camera.",
        "He joined Take-Two last year.",
        "NBC 5 has edited the video.",
        "A friend called 911.",
        "He said \"Three Amigos\" was a joke.",
        "The seats are called Zero Gravity Seats now.",
        "It streams at 4K resolution.",
        "The store is open 24/7.",
        "Image 4 of 5",
        "The doctor tried to zero in on the cause.",
        "Subscribe to \"10 Things in Tech\" today.",
    ] {
        assert!(figs(text).is_empty(), "{text}: {:?}", figs(text));
    }
}

#[test]
fn powers_and_scientific_notation() {
    let f = one("-1.1^+23");
    assert!((f.value.unwrap_or(0.0) + 8.954_302_432_552_39).abs() < 1e-9);
    assert_eq!(one("1.3x10^6").value, Some(1.3e6));
    let f = one("a width of 2 × 10^-3 m");
    assert_eq!((f.value, f.unit.as_deref()), (Some(0.002), Some("m")));
    // "10" without a power after the sign is no scientific notation.
    let f = figs("a 2 x 10 m room");
    assert_eq!(f.first().and_then(|f| f.value), Some(2.0));
}

#[test]
fn upper_case_si_scales() {
    assert_eq!(one("1,674.5 G").value, Some(1.6745e12));
    assert_eq!(one("1,674,200.5 M").value, Some(1.674_200_5e12));
    let f = one("It has 300M users.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(3e8), Some("users")));
    // Lower case stays metres and grams; "5G" is a network generation.
    let f = one("The 48m yacht");
    assert_eq!((f.value, f.unit.as_deref()), (Some(48.0), Some("m")));
    let f = one("It weighs 5 g.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(5.0), Some("g")));
    assert!(figs("The 5G rollout beat 4G.").is_empty());
}

#[test]
fn compound_denominators() {
    assert_eq!(one("three twenty firsts").value, Some(3.0 / 21.0));
    assert_eq!(one("one hundred thirty fifths").value, Some(100.0 / 35.0));
    assert_eq!(one("one hundred thirty-fifths").value, Some(100.0 / 35.0));
    // Nothing left for a numerator: the tens word is the numerator.
    assert_eq!(one("twenty fifths").value, Some(4.0));
    assert_eq!(one("one hundred thirty two fifths").value, Some(26.4));
    // "seconds" after a tens word is time.
    let f = one("It took one hundred twenty seconds.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(120.0), Some("seconds")));
}

#[test]
fn sub_unit_money_takes_no_cents() {
    let f = one("Egg prices averaged 64.2 cents a dozen.");
    assert_eq!(
        (f.raw.as_str(), f.value, f.rate.as_deref()),
        ("64.2 cents", Some(0.642), Some("dozen"))
    );
    assert_eq!(
        one("It cost thirteen dollars forty-five cents.").value,
        Some(13.45)
    );
}

#[test]
fn prefilter_keeps_every_figure_start() {
    assert!(INDEX.number_words.keys().all(|w| w.len() <= 16));
    for text in [
        "It rose 4%.",
        "about a week",
        "Two-thirds of them",
        "HALF the town",
        "It took a Decade.",
        "It costs ½ as much.",
        "Eu trabalhei muitos Anos aqui.",
        "the Seventh time",
    ] {
        assert!(may_hold_figure(text), "{text}");
    }
    for text in [
        "Nobody came to the meeting.",
        "The week's news",
        "Weekly meetings, weekday plans and someone's seconds-long speech.",
        "",
    ] {
        assert!(!may_hold_figure(text), "{text}");
        assert!(figs(text).is_empty(), "{text}");
    }
}

#[test]
fn locale_decimal_comma() {
    let body = ["O Brasil tem 4.800 escolas e 2,5 milhões de alunos.".to_string()];
    let pt = extract_figures_in(&body, "pt");
    let vals: Vec<_> = pt.iter().map(|f| (f.value, f.unit.clone())).collect();
    assert_eq!(
        vals,
        vec![
            (Some(4800.0), Some("escolas".to_string())),
            (Some(2.5e6), None)
        ]
    );
    let en = extract_figures_in(&body, "en");
    assert_eq!(en.first().and_then(|f| f.value), Some(4.8));
    // A mislabelled English page keeps its thousands.
    let de = extract_figures_in(&["It costs $6,000.".to_string()], "de");
    assert_eq!(de.first().and_then(|f| f.value), Some(6000.0));
    assert_eq!(
        extract_figures_in(&body, "pt-BR")
            .first()
            .and_then(|f| f.value),
        Some(4800.0)
    );
}

#[test]
fn every_rule_decides_its_own_example() {
    for row in rules::FIGURE_RULES {
        let decisions = explain_figures_in(&[row.example.to_string()], "en");
        assert!(
            decisions
                .iter()
                .any(|d| d.rule == row.rule && d.taken == row.taken),
            "{}: {:?} gave {:?}",
            row.name,
            row.example,
            decisions
        );
    }
}

#[test]
fn explain_lists_figures_and_vetoed_numbers_in_order() {
    let body = ["In 2019 the 25th Amendment was cited 14 times by 3 senators.".to_string()];
    let got: Vec<(String, bool, &str)> = explain_figures_in(&body, "en")
        .into_iter()
        .map(|d| (d.raw, d.taken, d.rule.name()))
        .collect();
    assert_eq!(
        got,
        [
            ("2019".to_string(), false, "calendar-year"),
            ("25th".to_string(), false, "ordinal-name"),
            ("14 times".to_string(), true, "unit"),
            ("3 senators".to_string(), true, "counted-noun"),
        ]
    );
}

#[test]
fn spelled_units_share_the_tables_name_for_comparison() {
    let spelled = one("The trail runs 12 kilometres along the coast.");
    assert_eq!(spelled.unit.as_deref(), Some("kilometres"));
    assert_eq!(canonical_unit("kilometres"), "km");
    assert_eq!(canonical_unit("Metric Tons"), "t");
    assert_eq!(canonical_unit("square-feet"), "sq ft");
    assert_eq!(canonical_unit("inches"), "in");
    // Counted nouns, codes and symbols are their own name.
    assert_eq!(canonical_unit("cyber attacks"), "cyber attacks");
    assert_eq!(canonical_unit("USD"), "USD");
    assert_eq!(canonical_unit("km"), "km");
    // Linking compares "12 km" with "13 kilometres" and "12 miles" with neither.
    let key = |text: &str| {
        let f = one(text);
        crate::link::figures::figure_key(f.kind, f.value, f.unit.as_deref(), None)
    };
    let (km, spelled, miles) = (
        key("The trail runs 12 km along the coast."),
        key("The trail runs 13 kilometres along the coast."),
        key("The trail runs 12 miles along the coast."),
    );
    let (Some(km), Some(spelled), Some(miles)) = (km, spelled, miles) else {
        panic!("measures with a unit are comparable");
    };
    assert!(crate::link::figures::comparable(&km, &spelled));
    assert!(!crate::link::figures::comparable(&km, &miles));
}

#[test]
fn one_counts_its_noun_unless_a_pronoun_or_idiom() {
    let f = one("Add the juice of one lime to the pan.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(1.0), Some("lime")));
    assert_eq!(f.rule.as_deref(), Some("counted-noun"));
    for text in [
        "At one point the road was shut.",
        "Any one driver may appeal.",
        "They moved from one flat to another.",
        "One thing is clear.",
        "The more one looks, the less one sees.",
        "One can't park here.",
        "The Xbox One console is old.",
    ] {
        assert!(figs(text).is_empty(), "{text}: {:?}", figs(text));
    }
    // After a count of one, a plural-looking last word is the verb.
    assert_eq!(
        one("Only one ferry sails today.").unit.as_deref(),
        Some("ferry")
    );
}

#[test]
fn a_single_counts_only_after_only_or_just() {
    let f = one("The box holds just a single battery.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(1.0), Some("battery")));
    assert!(figs("He fell in a single moment of doubt.").is_empty());
    assert!(figs("Only a single mother would know.").is_empty());
}

#[test]
fn slogans_count_names_and_glued_multiples() {
    assert!(figs("Crowds chanted “one people, one flag” all night.").is_empty());
    assert!(figs("They drove a nine-seater and a 4x4 to the coast.").is_empty());
    let f = one("The lens has a 30x zoom.");
    assert_eq!((f.value, f.unit.as_deref()), (Some(30.0), Some("times")));
    // Two counts listed without quotes are counts.
    assert_eq!(
        figs("She keeps two dogs, three cats and a parrot.").len(),
        2
    );
}

#[test]
fn partitive_nouns_run_on_through_of() {
    let f = one("He admitted four counts of theft.");
    assert_eq!(f.unit.as_deref(), Some("counts of theft"));
    let f = one("She packed two pairs of walking boots.");
    assert_eq!(f.unit.as_deref(), Some("pairs of walking boots"));
}
