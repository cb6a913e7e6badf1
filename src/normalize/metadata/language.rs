//! The page language, for both front ends: a declared code (`<html lang>`,
//! `og:locale`) read by [`declared`], and identification from the text by the
//! `whatlang` crate (trigrams and scripts) in [`identify`]. Codes are ISO 639-1.

/// Bytes of text handed to the identifier at most: enough for a stable guess,
/// small enough to keep it a few microseconds a page.
pub const SAMPLE_BYTES: usize = 600;

/// ISO 639-3 (whatlang) → ISO 639-1. Example: "por" → "pt".
const ISO_639_1: &[(&str, &str)] = &[
    ("eng", "en"),
    ("por", "pt"),
    ("spa", "es"),
    ("fra", "fr"),
    ("deu", "de"),
    ("ita", "it"),
    ("nld", "nl"),
    ("ind", "id"),
    ("jpn", "ja"),
    ("cmn", "zh"),
    ("kor", "ko"),
    ("rus", "ru"),
    ("ukr", "uk"),
    ("ara", "ar"),
    ("ell", "el"),
    ("heb", "he"),
    ("hin", "hi"),
    ("tur", "tr"),
    ("pol", "pl"),
    ("ces", "cs"),
    ("slk", "sk"),
    ("swe", "sv"),
    ("dan", "da"),
    ("nob", "no"),
    ("fin", "fi"),
    ("hun", "hu"),
    ("ron", "ro"),
    ("bul", "bg"),
    ("hrv", "hr"),
    ("srp", "sr"),
    ("slv", "sl"),
    ("cat", "ca"),
    ("vie", "vi"),
    ("tha", "th"),
    ("pes", "fa"),
    ("urd", "ur"),
    ("ben", "bn"),
    ("tam", "ta"),
    ("tgl", "tl"),
    ("afr", "af"),
    ("lit", "lt"),
    ("lav", "lv"),
    ("est", "et"),
    ("bel", "be"),
    ("mkd", "mk"),
    ("kat", "ka"),
    ("hye", "hy"),
    ("aze", "az"),
    ("uzb", "uz"),
    ("epo", "eo"),
    ("lat", "la"),
    ("cym", "cy"),
    ("jav", "jv"),
    ("mar", "mr"),
    ("kan", "kn"),
    ("tel", "te"),
    ("mal", "ml"),
    ("guj", "gu"),
    ("pan", "pa"),
    ("nep", "ne"),
    ("sin", "si"),
    ("khm", "km"),
    ("mya", "my"),
    ("amh", "am"),
    ("zul", "zu"),
    ("sna", "sn"),
    ("yid", "yi"),
];

/// The ISO 639-1 code of the language `text` is written in, if the identifier
/// is confident enough. Reads at most [`SAMPLE_BYTES`].
pub fn identify(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(text.get(..end)?)?;
    // Short or mixed samples give low confidence; a non-Latin script is still
    // a safe tell (kana, hangul, Cyrillic).
    let latin = info.script() == whatlang::Script::Latin;
    if latin && info.confidence() < 0.2 {
        return None;
    }
    let code = info.lang().code();
    ISO_639_1
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

/// Joins lines into a sample for [`identify`]: prose-length lines first, up to
/// [`SAMPLE_BYTES`].
pub fn sample<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::with_capacity(SAMPLE_BYTES + 200);
    for line in lines {
        if out.len() >= SAMPLE_BYTES {
            break;
        }
        if line.chars().count() < 40 {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// "en-US" → "en"; None for anything that is not a 2–3 letter code.
pub fn declared(s: &str) -> Option<String> {
    let code: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (2..=3).contains(&code.len()).then_some(code)
}

/// The page language: the declared code unless the text is plainly in another
/// script (a Japanese page marked `lang="en"` by its template), else the
/// identified one, else "en".
pub fn choose(declared: Option<String>, text: &str) -> String {
    let found = identify(text);
    match (declared, found) {
        (Some(d), Some(f)) if d != f && !is_latin_language(f) => f.to_owned(),
        (Some(d), _) => d,
        (None, Some(f)) => f.to_owned(),
        (None, None) => "en".to_owned(),
    }
}

/// Whether a language is written in the Latin script (so a template's wrong
/// declaration cannot be told from the text's script alone).
fn is_latin_language(code: &str) -> bool {
    !matches!(
        code,
        "ja" | "zh"
            | "ko"
            | "ru"
            | "uk"
            | "ar"
            | "el"
            | "he"
            | "hi"
            | "bg"
            | "sr"
            | "mk"
            | "be"
            | "ka"
            | "hy"
            | "th"
            | "fa"
            | "ur"
            | "bn"
            | "ta"
            | "mr"
            | "kn"
            | "te"
            | "ml"
            | "gu"
            | "pa"
            | "ne"
            | "si"
            | "km"
            | "my"
            | "am"
            | "yi"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_pages() {
        assert_eq!(
            identify("The council met on Tuesday and agreed to repair the bridge before the winter storms arrive in the valley."),
            Some("en")
        );
        assert_eq!(
            identify("A prefeitura anunciou nesta terça-feira que as obras da ponte começam em março e devem durar seis meses."),
            Some("pt")
        );
        assert_eq!(
            identify("市議会は火曜日に橋の修理を決めました。工事は三月に始まり、半年ほど続く見込みです。"),
            Some("ja")
        );
    }

    #[test]
    fn script_overrides_a_wrong_declaration() {
        let ja =
            "市議会は火曜日に橋の修理を決めました。工事は三月に始まり、半年ほど続く見込みです。";
        assert_eq!(choose(Some("en".into()), ja), "ja");
        assert_eq!(
            choose(Some("pt".into()), "The council met on Tuesday."),
            "pt"
        );
        assert_eq!(choose(None, ""), "en");
        assert_eq!(declared("en-US").as_deref(), Some("en"));
    }
}
