//! Property tests (the fuzzing of issue 7): arbitrary bytes and news-like text
//! through every pure stage. No panic, and every span points into the body.
//! Longer runs: `PROPTEST_CASES=200000 cargo test --release --test tests fuzz`.

use newsdb::normalize::{normalize, NormalizeOptions};
use newsdb::pipeline::{process, Extracted};
use proptest::prelude::*;

/// Pieces that exercise quotes, numbers, units, cruft rules and odd characters.
const PIECES: &[&str] = &[
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "\u{2019}",
    "\"",
    "'",
    "\u{ab}",
    "\u{bb}",
    " said ",
    " told Reuters: ",
    " according to ",
    "Hua Chunying",
    " she said",
    "Dr. ",
    "U.S.",
    "$",
    "\u{20ac}",
    "\u{a3}",
    "CHF ",
    "140,000",
    "1.2",
    " million",
    "two-thirds",
    "45%",
    " per cent",
    " a month",
    "more than ",
    "between 20 and 30",
    "13th",
    "60-year-old",
    " km",
    "\u{b0}C",
    "12'400",
    "4\u{bd}",
    "Unit 61398",
    "2013",
    "Advertisement",
    "Share this:",
    "Leave a Reply",
    "By Jane Doe",
    "\n",
    "\n\n",
    " ",
    ".",
    ",",
    "\u{a0}",
    "\u{2014}",
    "\u{2026}",
    "caf\u{e9}",
    "\u{4e2d}\u{6587}",
    "\u{1f600}",
    "\t",
    "(",
    ")",
    ":",
    ";",
    "?",
    "!",
];

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(str::to_owned),
            "[A-Za-z]{1,12}",
            "[0-9]{1,7}",
        ],
        0..200,
    )
    .prop_map(|v| v.concat())
}

fn check_spans(x: &Extracted) -> Result<(), TestCaseError> {
    let body = &x.article.body;
    for f in &x.figures {
        prop_assert!(f.paragraph < body.len(), "figure paragraph out of range");
        let chars: Vec<char> = body[f.paragraph].chars().collect();
        prop_assert!(
            f.start <= f.end && f.end <= chars.len(),
            "figure span out of range"
        );
        let slice: String = chars[f.start..f.end].iter().collect();
        prop_assert_eq!(&slice, &f.raw, "figure raw is not its span");
    }
    for q in &x.quotes {
        prop_assert!(q.paragraph < body.len(), "quote paragraph out of range");
        prop_assert!(!q.text.is_empty(), "empty quote");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_decoded_or_rejected_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(x) = process(&bytes, &NormalizeOptions::default()) {
            check_spans(&x)?;
        }
    }

    #[test]
    fn news_like_pages_keep_every_span_inside_the_body(text in news_text()) {
        for assume_clean in [false, true] {
            let x = newsdb::pipeline::process_text(&text, "utf-8", &NormalizeOptions { assume_clean });
            check_spans(&x)?;
        }
    }

    #[test]
    fn normalize_never_invents_body_text(text in news_text()) {
        let article = normalize(&text, &NormalizeOptions::default());
        for p in &article.body {
            // Every body paragraph comes from the page (trimmed, end marks removed).
            let probe: String = p.chars().take(20).collect();
            prop_assert!(text.contains(&probe), "body paragraph not in the page: {:?}", p);
        }
    }
}
