//! Sentence splitting for one paragraph, so each figure can carry the sentence it stands in.
//!
//! A sentence ends at `.`, `!` or `?` (plus any closing quotes or brackets) followed by
//! white space, unless the period closes an abbreviation ("Mr.", "No.", "U.S."), an
//! initial ("J. Smith") or sits inside a number ("1.2"). The abbreviations are data.

/// Abbreviations (lower case, without the final period) after which a period does not
/// end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col",
    "sgt", "capt", "cmdr", "adm", "maj", "pres", "supt", "insp", "det", "rev", "hon", "mt", "ft",
    "inc", "corp", "co", "ltd", "plc", "llc", "bros", "no", "nos", "vs", "v", "etc", "approx",
    "est", "dept", "univ", "assn", "ave", "blvd", "rd", "fig", "vol", "pp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m",
    "u.s", "u.k", "u.n", "d.c",
];

/// Characters that close a sentence after its final mark.
const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

/// Char spans `[start, end)` of the sentences in `chars`, covering all non-blank text.
pub fn sentence_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?') && ends_sentence(chars, i) {
            let mut end = i + 1;
            while end < n && CLOSERS.contains(&chars[end]) {
                end += 1;
            }
            push_trimmed(chars, start, end, &mut spans);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, start, n, &mut spans);
    if spans.is_empty() {
        spans.push((0, n));
    }
    spans
}

/// The char span `[a, b)` of the sentence holding char offset `pos` (the whole text
/// when no span does).
pub fn span_at(chars: &[char], spans: &[(usize, usize)], pos: usize) -> (usize, usize) {
    // Spans are sorted: the last one starting at or before `pos` holds it.
    let k = spans.partition_point(|&(a, _)| a <= pos);
    let (a, b) = spans
        .get(k.saturating_sub(1))
        .copied()
        .unwrap_or((0, chars.len()));
    let b = b.min(chars.len());
    (a.min(b), b)
}

/// The text of the sentence holding char offset `pos`.
pub fn sentence_at(chars: &[char], spans: &[(usize, usize)], pos: usize) -> String {
    let (a, b) = span_at(chars, spans, pos);
    chars[a..b].iter().collect()
}

fn push_trimmed(chars: &[char], mut a: usize, mut b: usize, spans: &mut Vec<(usize, usize)>) {
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if a < b {
        spans.push((a, b));
    }
}

fn ends_sentence(chars: &[char], i: usize) -> bool {
    let n = chars.len();
    let mut j = i + 1;
    while j < n && (CLOSERS.contains(&chars[j]) || matches!(chars[j], '.' | '!' | '?')) {
        j += 1;
    }
    if j < n && !chars[j].is_whitespace() {
        return false; // "1.2", "U.S.-led", "example.com"
    }
    if chars[i] != '.' {
        return true;
    }
    // The word the period closes.
    let mut w = i;
    while w > 0 && (chars[w - 1].is_alphanumeric() || chars[w - 1] == '.') {
        w -= 1;
    }
    // Short ASCII words (nearly all) are lower-cased on the stack.
    let mut buf = [0u8; 16];
    if let Some(dst) = buf.get_mut(..i - w) {
        if chars[w..i].iter().all(char::is_ascii) {
            for (d, c) in dst.iter_mut().zip(&chars[w..i]) {
                *d = (*c as u8).to_ascii_lowercase();
            }
            return std::str::from_utf8(dst).map_or(true, |word| !abbreviation(word));
        }
    }
    let word: String = chars[w..i].iter().flat_map(|c| c.to_lowercase()).collect();
    !abbreviation(&word)
}

/// Whether a lower-cased word closed by a period is an abbreviation, an initial or a dotted
/// initialism, so the period does not end the sentence.
fn abbreviation(word: &str) -> bool {
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return true; // an initial: "J. Smith"
    }
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    // "U.S." and other dotted initialisms.
    word.split('.').all(|p| p.chars().count() <= 1) && word.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        sentence_spans(&chars)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn abbreviations_ascii_and_not() {
        assert!(abbreviation("mr") && abbreviation("u.s") && abbreviation("j"));
        assert!(!abbreviation("smith") && !abbreviation("1"));
        assert_eq!(split("Ask Dr. Ö. Yılmaz. Done.").len(), 2);
        assert_eq!(split("It costs 5 EUR. ÉTÉ. Yes.").len(), 3);
    }

    #[test]
    fn splits_on_terminators() {
        assert_eq!(
            split("It rose 1.2 percent. Then it fell!"),
            vec!["It rose 1.2 percent.", "Then it fell!"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split("Mr. Smith met Dr. J. Doe in the U.S. on Monday. No. 5 won.").len(),
            2
        );
        assert_eq!(
            split("He said, \"It is done.\" She left."),
            vec!["He said, \"It is done.\"", "She left."]
        );
    }
}
