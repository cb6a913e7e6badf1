//! The story decision: given what a new article shares with each candidate story,
//! join the best-scoring story or start a new one.
//!
//! Score = body + quotes + speakers + figures, each capped:
//! * body: `BODY_WEIGHT × min(1, similarity / BODY_STRONG)` — a near-duplicate body
//!   alone is enough;
//! * shared quote clusters: [`QUOTE_WEIGHT`] each, at most [`QUOTE_CAP`];
//! * shared named speakers: [`SPEAKER_WEIGHT`] each, at most [`SPEAKER_CAP`];
//! * shared figures: [`FIGURE_WEIGHT`] each, at most [`FIGURE_CAP`].
//!
//! A story is joined at [`JOIN_SCORE`]. Speakers and figures together stay below it,
//! so two articles quoting the same politician about different things never merge
//! without a shared quote or a similar body. Stories whose dates are more than
//! [`MAX_DAYS`] from the article's are not joined.
//!
//! Body evidence needs a body: an article with fewer than [`MIN_BODY_WORDS`] words
//! (the normalizer found no article, or only a stub) neither looks up nor offers its
//! signature, since empty bodies have identical signatures; and a body similarity
//! below [`BODY_FLOOR`] (shared boilerplate) adds nothing. Quotes count only when
//! they are evidence (`quotes::MIN_EVIDENCE_WORDS`), so a shared "No." joins nothing.

/// Estimated body Jaccard at which the body alone joins a story.
pub const BODY_STRONG: f64 = 0.5;
/// Body similarity below this adds nothing (shared boilerplate, common phrases).
/// Measured with exact 4-shingle Jaccard over every pair of the 811 public pages
/// plus seeds (`bench/link_quality.sh`): different outlets' write-ups of one event
/// score 0.056–0.090 (seeds, the duvet-lung reports), so body similarity is no help
/// there; pairs above 0.05 that are *not* one event are one site's pages sharing
/// boilerplate (an "About us" block, promo terms) at 0.06–0.24. At 0.3 (about four
/// standard deviations of a 64-value estimate above 0.24 … 0.1) boilerplate adds
/// nothing, while reprints and light rewrites (0.5 and more) still count in full.
pub const BODY_FLOOR: f64 = 0.3;
/// Bodies with fewer words than this are not compared at all. Measured on the same
/// pages: the 31 bodies under 50 words are extraction failures (17 empty), cookie or
/// "Tags" stubs and landing-page blurbs; the shortest news body is 65 words. Two of
/// the empty bodies joined each other with a body score of 3.0 before this rule.
pub const MIN_BODY_WORDS: usize = 50;
/// Weight of a body at [`BODY_STRONG`] or above.
pub const BODY_WEIGHT: f64 = 3.0;
/// Weight of each shared quote cluster.
pub const QUOTE_WEIGHT: f64 = 2.0;
/// Most the quotes can add.
pub const QUOTE_CAP: f64 = 4.0;
/// Weight of each shared named speaker: one shared quote cluster and one shared
/// named speaker reach [`JOIN_SCORE`]. Measured with `bench/link_quality.sh`: at 0.75
/// two reports of one event that carried one researcher's quote and named him (the
/// Europa plumes, the duvet-lung case) stayed apart (2.75); no pair of different
/// events among the public pages shares both a quote cluster and a named speaker.
pub const SPEAKER_WEIGHT: f64 = 1.0;
/// Most the speakers can add.
pub const SPEAKER_CAP: f64 = 1.5;
/// Weight of each shared figure.
pub const FIGURE_WEIGHT: f64 = 0.5;
/// Most the figures can add.
pub const FIGURE_CAP: f64 = 1.0;
/// Score needed to join a story.
pub const JOIN_SCORE: f64 = 3.0;
/// An article is not joined to a story whose publication dates are further away.
pub const MAX_DAYS: i64 = 14;

/// What a new article shares with one candidate story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// The story.
    pub story_id: i64,
    /// Best estimated body similarity to an article of the story.
    pub body: f64,
    /// Quote clusters the article shares with the story.
    pub quotes: usize,
    /// Named speakers the article shares with the story.
    pub speakers: usize,
    /// Figures the article shares with the story.
    pub figures: usize,
    /// Days between the article's date and the story's date range (0 inside it),
    /// None when either is unknown.
    pub days_apart: Option<i64>,
}

/// Whether a body of `words` words is long enough to be compared.
pub fn body_comparable(words: usize) -> bool {
    words >= MIN_BODY_WORDS
}

/// The evidence's score.
pub fn score(e: &Evidence) -> f64 {
    let body = if e.body < BODY_FLOOR {
        0.0
    } else {
        BODY_WEIGHT * (e.body / BODY_STRONG).min(1.0)
    };
    body + (e.quotes as f64 * QUOTE_WEIGHT).min(QUOTE_CAP)
        + (e.speakers as f64 * SPEAKER_WEIGHT).min(SPEAKER_CAP)
        + (e.figures as f64 * FIGURE_WEIGHT).min(FIGURE_CAP)
}

/// The story to join: the best score at or above [`JOIN_SCORE`] among stories within
/// [`MAX_DAYS`] (ties: the older story). None means start a new story.
pub fn choose(candidates: &[Evidence]) -> Option<(i64, f64)> {
    candidates
        .iter()
        .filter(|e| e.days_apart.is_none_or(|d| d <= MAX_DAYS))
        .map(|e| (e.story_id, score(e)))
        .filter(|(_, s)| *s >= JOIN_SCORE)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Stories that can still be chosen once up to `remaining` more score is added to
/// each (the caps of the evidence not gathered yet): within [`MAX_DAYS`] and able to
/// reach both [`JOIN_SCORE`] and the best current score. Gathering the remaining
/// evidence for these stories only gives the same [`choose`] result as gathering it
/// for all, so costly evidence (speakers, figures) is looked up for one or two
/// stories instead of every candidate.
pub fn still_possible(candidates: &[Evidence], remaining: f64) -> Vec<i64> {
    let live = || {
        candidates
            .iter()
            .filter(|e| e.days_apart.is_none_or(|d| d <= MAX_DAYS))
    };
    let best = live().map(score).fold(JOIN_SCORE, f64::max);
    live()
        .filter(|e| score(e) + remaining >= best)
        .map(|e| e.story_id)
        .collect()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, None if it is not one.
pub fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Days between `date` and the range `first..=last` (0 inside), None if unknown.
pub fn days_apart(date: Option<&str>, first: Option<&str>, last: Option<&str>) -> Option<i64> {
    let d = day_number(date?)?;
    let lo = first.and_then(day_number);
    let hi = last.and_then(day_number);
    match (lo, hi) {
        (Some(lo), Some(_)) if d < lo => Some(lo - d),
        (Some(_), Some(hi)) if d > hi => Some(d - hi),
        (Some(_), Some(_)) => Some(0),
        (Some(x), None) | (None, Some(x)) => Some((d - x).abs()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: i64) -> Evidence {
        Evidence {
            story_id: id,
            ..Evidence::default()
        }
    }

    #[test]
    fn near_duplicate_body_joins() {
        let e = Evidence { body: 0.6, ..ev(1) };
        assert_eq!(choose(&[e]).map(|c| c.0), Some(1));
    }

    #[test]
    fn shared_quote_and_speaker_join() {
        let e = Evidence {
            quotes: 1,
            speakers: 2,
            ..ev(7)
        };
        assert_eq!(choose(&[e]), Some((7, 3.5)));
    }

    #[test]
    fn one_quote_and_its_named_speaker_join() {
        let e = Evidence {
            quotes: 1,
            speakers: 1,
            ..ev(4)
        };
        assert_eq!(choose(&[e]), Some((4, JOIN_SCORE)));
    }

    #[test]
    fn speakers_and_figures_alone_do_not_join() {
        let e = Evidence {
            speakers: 5,
            figures: 5,
            body: 0.05,
            ..ev(1)
        };
        assert!(score(&e) < JOIN_SCORE);
        assert_eq!(choose(&[e]), None);
        let one_quote = Evidence { quotes: 1, ..ev(2) };
        assert_eq!(
            choose(&[one_quote]),
            None,
            "a famous line alone is not enough"
        );
    }

    #[test]
    fn boilerplate_and_stub_bodies_do_not_join() {
        let boilerplate = Evidence {
            body: 0.25,
            speakers: 2,
            ..ev(3)
        };
        assert_eq!(choose(&[boilerplate]), None);
        assert!(!body_comparable(0));
        assert!(!body_comparable(MIN_BODY_WORDS - 1));
        assert!(body_comparable(MIN_BODY_WORDS));
    }

    #[test]
    fn best_story_wins_and_dates_gate() {
        let weak = Evidence {
            quotes: 1,
            speakers: 2,
            ..ev(1)
        };
        let strong = Evidence {
            quotes: 2,
            speakers: 2,
            ..ev(2)
        };
        assert_eq!(
            choose(&[weak.clone(), strong.clone()]).map(|c| c.0),
            Some(2)
        );
        let old = Evidence {
            days_apart: Some(60),
            ..strong
        };
        assert_eq!(choose(&[weak, old]).map(|c| c.0), Some(1));
    }

    #[test]
    fn pruning_keeps_the_choice() {
        let near_dup = Evidence {
            body: 0.8,
            quotes: 1,
            ..ev(1)
        };
        let quote_only = Evidence { quotes: 1, ..ev(2) };
        let two_quotes = Evidence { quotes: 2, ..ev(3) };
        let old = Evidence {
            body: 0.9,
            days_apart: Some(30),
            ..ev(4)
        };
        let all = [near_dup, quote_only, two_quotes, old];
        // Speakers and figures can add 2.5: story 2 (2.0) cannot reach story 1 (5.0).
        assert_eq!(still_possible(&all, SPEAKER_CAP + FIGURE_CAP), [1, 3]);
        // Story 3 (4.0) can still tie story 1 (5.0) with figures: kept.
        assert_eq!(still_possible(&all, FIGURE_CAP), [1, 3]);
        assert_eq!(still_possible(&all, 0.5), [1]);
        // Alone, a one-quote story can still reach the join score with speakers.
        assert_eq!(still_possible(&all[1..2], SPEAKER_CAP), [2]);
        assert!(still_possible(&all[1..2], 0.5).is_empty());
        // Whatever the pruned stories would have gained, the choice is the same.
        let mut full = all.to_vec();
        for e in &mut full {
            e.speakers = 2;
            e.figures = 2;
        }
        let kept = still_possible(&all, SPEAKER_CAP + FIGURE_CAP);
        let pruned: Vec<Evidence> = full
            .iter()
            .map(|e| {
                if kept.contains(&e.story_id) {
                    e.clone()
                } else {
                    all.iter()
                        .find(|a| a.story_id == e.story_id)
                        .cloned()
                        .unwrap_or_default()
                }
            })
            .collect();
        assert_eq!(choose(&full), choose(&pruned));
    }

    #[test]
    fn dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2013-03-12"), Some(15_776));
        assert_eq!(day_number("2013-13-01"), None);
        assert_eq!(day_number("bad"), None);
        assert_eq!(
            days_apart(Some("2013-03-20"), Some("2013-03-10"), Some("2013-03-12")),
            Some(8)
        );
        assert_eq!(
            days_apart(Some("2013-03-11"), Some("2013-03-10"), Some("2013-03-12")),
            Some(0)
        );
        assert_eq!(days_apart(None, Some("2013-03-10"), None), None);
    }
}
