//! Image captions and credits from single lines: splitting "… Photo: X" into
//! caption and credit. Patterns are data (credit markers). Dates and bylines
//! live in [`super::metadata`].

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

/// Caption and credit markers. Each regex yields `cap` (may be empty) and `credit`.
static CREDIT_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // "… (Photo credit: Asia Society)", "(INA Photo/Dario B.)", "(Gazette file photo by X)"
        r"(?i)^(?P<cap>.*?)\s*\((?P<credit>[^()]*\b(?:photo|photograph|image|picture|foto|credit|crédito)s?\b[^()]*)\)\s*$",
        // "… Photo: X", "Photograph: X", "Image: X", "Credit: X"
        r"(?i)^(?P<cap>.*?)\s*\b(?:photo(?:graph)?s?|images?|pictures?|illustration|credit|photo credit|foto|crédito)\s*:\s*(?P<credit>\S.*)$",
        // "Chinese flag image via Shutterstock", "Photo by X"
        r"(?i)^(?P<cap>.*?)\b(?:photo|image|picture|illustration|graphic)s?\s+(?:via|by|courtesy of)\s+(?P<credit>\S.*)$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static regex"))
    .collect()
});

/// Credit-like endings only trusted near the headline: "… Name Name/ORG" and
/// "… (Harborview Zoo)".
static LOOSE_CREDIT_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?P<cap>.*[.!?])\s+(?P<credit>\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}\s*/\s*\p{Lu}[\p{L}&. -]{1,40})$",
        r"^(?P<cap>.*[.!?])\s*\((?P<credit>\p{Lu}[^()]{1,60})\)$",
        // "… via Getty Images" and agency stamps at the end of a caption.
        r"(?i)^(?P<cap>.*?)[\s.,(]*(?P<credit>(?:\S+\s+){0,3}(?:getty images|shutterstock|istock(?:photo)?|afp|reuters|associated press|ap photo\S*|epa)\b[^.]*?)\)?\s*$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("static regex"))
    .collect()
});

/// ASCII cores of the words every [`CREDIT_RES`] pattern needs ("dito" stands
/// for "crédito"); a line without one cannot match, so the regexes are skipped.
const CREDIT_WORDS: &[&[u8]] = &[
    b"photo",
    b"image",
    b"picture",
    b"illustration",
    b"graphic",
    b"credit",
    b"foto",
    b"dito",
];

/// [`CREDIT_WORDS`] as one automaton, ignoring ASCII case.
static CREDIT_WORD_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(CREDIT_WORDS)
        .expect("static automaton")
});

/// Whether `line` contains one of [`CREDIT_WORDS`], ignoring ASCII case.
fn has_credit_word(line: &str) -> bool {
    CREDIT_WORD_AC.is_match(line)
}

/// Splits a caption line into caption and credit; `loose` also accepts the
/// weaker endings used near the headline.
pub fn split_credit(line: &str, loose: bool) -> Option<(Option<String>, String)> {
    let line = drop_file_prefix(line);
    // Every credit form has one of these marks; skip the regexes otherwise.
    let marked = line.contains([':', '(', '/']) || line.contains(" via ") || line.contains(" by ");
    if !loose && (!marked || !has_credit_word(line)) {
        return None;
    }
    let strict = CREDIT_RES.iter();
    let extra = LOOSE_CREDIT_RES.iter().filter(|_| loose);
    for re in strict.chain(extra) {
        // `is_match` runs on the DFA; captures only when there is one.
        if !re.is_match(line) {
            continue;
        }
        let Some(c) = re.captures(line) else { continue };
        let credit = c.name("credit").map_or("", |m| m.as_str()).trim();
        let credit = credit
            .rsplit_once(" by ")
            .map_or(credit, |(_, who)| who)
            .trim();
        let credit = credit.split_once(": ").map_or(credit, |(_, who)| who);
        let credit = credit.trim_end_matches(['.', ')']).trim();
        if credit.is_empty() || credit.split_whitespace().count() > 10 {
            continue;
        }
        let cap = c.name("cap").map_or("", |m| m.as_str()).trim();
        let cap = (!cap.is_empty()).then(|| cap.to_owned());
        return Some((cap, credit.to_owned()));
    }
    None
}

/// Drops a wire photo's "FILE - " prefix.
pub fn drop_file_prefix(line: &str) -> &str {
    for p in ["FILE - ", "FILE – ", "FILE — ", "FILE: ", "FILE -"] {
        if let Some(rest) = line.strip_prefix(p) {
            return rest.trim_start();
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_static_pattern_compiles() {
        assert!(!CREDIT_RES.is_empty() && !LOOSE_CREDIT_RES.is_empty());
    }

    #[test]
    fn credits() {
        assert_eq!(
            split_credit(
                "Tom Donilon Asia Society (Photo credit: Asia Society)",
                false
            ),
            Some((
                Some("Tom Donilon Asia Society".into()),
                "Asia Society".into()
            ))
        );
        assert_eq!(
            split_credit(
                "FILE - The dam stands dry. (INA Photo/Dario Belvedere)",
                false
            ),
            Some((
                Some("The dam stands dry.".into()),
                "INA Photo/Dario Belvedere".into()
            ))
        );
        assert_eq!(
            split_credit(
                "Teodora at home in Cassar. Photo: Bruno Teixeira-Lamont",
                false
            ),
            Some((
                Some("Teodora at home in Cassar.".into()),
                "Bruno Teixeira-Lamont".into()
            ))
        );
        assert_eq!(
            split_credit("Chinese flag image via Shutterstock", false).map(|c| c.1),
            Some("Shutterstock".into())
        );
        assert_eq!(
            split_credit(
                "Bees checks a frame near Calder Falls. Odette Sowande-Lyle/UPR",
                true
            )
            .map(|c| c.1),
            Some("Odette Sowande-Lyle/UPR".into())
        );
        assert_eq!(split_credit("The council met on Tuesday.", true), None);
        assert!(has_credit_word("Foo (PHOTO: Bar)"));
        assert!(has_credit_word("Crédito: Bar"));
        assert!(!has_credit_word("The council (in session): Bar"));
    }
}
