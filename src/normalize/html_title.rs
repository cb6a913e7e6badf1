//! The headline of an HTML page: the machine fields (JSON-LD `headline`,
//! `og:title`, …) or the visible `<h1>` just above the body. Fields are often
//! written for search results ("Best Hiking Boots 2025 | Tested"), stale
//! ("… in 2024" above a page that says 2025) or the site's own name, while
//! the `<h1>` above the body is what the reader sees. Each rule is named here
//! so `extract --explain` can say which one gave the title.

use super::metadata::title::match_key;

/// Rule names, each with an example of what it decides.
pub mod rule {
    /// Field "Solar installation: a guide", `<h1>` "Solar installation in 4
    /// steps: a guide": the `<h1>` above the body, a variant of the field.
    pub const VISIBLE_HEADLINE: &str = "headline above the body";
    /// Field "The Valley Ledger" (the outlet), `<h1>` "Bridge reopens".
    pub const FIELD_NAMES_SITE: &str = "headline above the body, the field names the site";
}

/// Words of a headline at most; a longer `<h1>` is a paragraph in heading markup.
const MAX_HEADLINE_WORDS: usize = 30;

/// Share of the `<h1>`'s content words the field must also hold for the two to
/// be one headline in two wordings. Example: "Best laptops 2026: budget and
/// gaming" against "These are the 9 best laptops" share "best", "laptops".
const MIN_SHARED_WORDS: f64 = 0.3;

/// Which rule, if any, makes the visible `<h1>` text `h1` the title instead of
/// the field title `field`. `outlets` are the site's names (publisher field,
/// `<title>` suffix).
pub fn visible_wins(field: &str, h1: &str, outlets: &[&str]) -> Option<&'static str> {
    let h1_key = match_key(h1);
    let words = h1.split_whitespace().count();
    if h1_key.is_empty() || words > MAX_HEADLINE_WORDS || h1_key == match_key(field) {
        return None;
    }
    let names_outlet = |key: &str| {
        outlets
            .iter()
            .map(|o| match_key(o))
            .any(|o| !o.is_empty() && (o == key || o.contains(key) || key.contains(&o)))
    };
    if names_outlet(&h1_key) {
        return None;
    }
    let field_key = match_key(field);
    if field_key.is_empty() {
        return Some(rule::VISIBLE_HEADLINE);
    }
    if names_outlet(&field_key) {
        return (words >= 2).then_some(rule::FIELD_NAMES_SITE);
    }
    (words >= 2 && shared_share(h1, field) >= MIN_SHARED_WORDS).then_some(rule::VISIBLE_HEADLINE)
}

/// Share of `a`'s content words (four letters or more, or numbers) found in `b`.
fn shared_share(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 || w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() {
        return 0.0;
    }
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    shared as f64 / wa.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reworded_headline_above_the_body_wins() {
        assert_eq!(
            visible_wins(
                "Ferry timetable changes: what to know",
                "Ferry timetable changes for the winter season: what riders need to know",
                &["Harbour Post"],
            ),
            Some(rule::VISIBLE_HEADLINE)
        );
    }

    #[test]
    fn a_field_that_names_the_site_gives_way() {
        assert_eq!(
            visible_wins(
                "Harbour Post",
                "Ferry fares rise in March",
                &["Harbour Post"]
            ),
            Some(rule::FIELD_NAMES_SITE)
        );
    }

    #[test]
    fn unrelated_or_site_headings_do_not_win() {
        let outlets = ["Harbour Post"];
        let field = "Ferry fares rise in March";
        assert_eq!(visible_wins(field, "Harbour Post", &outlets), None);
        assert_eq!(visible_wins(field, "Latest stories", &outlets), None);
        assert_eq!(
            visible_wins(field, "Ferry fares rise in March", &outlets),
            None
        );
        assert_eq!(visible_wins(field, "Blog", &outlets), None);
    }
}
