//! What linking reads and writes, as a trait: [`LinkIndex`] answers the capped
//! candidate lookups (articles under LSH band keys, clusters under quote keys,
//! speakers under name keys, a story's figure values near a value) and records what
//! [`super::linker::Linker`] decided (the article's story, quote clusters and their
//! members, speakers, figure disagreements).
//!
//! The trait is shaped by what linking needs, not by a database: `store` implements
//! it over SQLite (with its cache), and the linker's tests over maps. Every lookup is
//! capped by one of the constants below; an implementation returns exactly the ids
//! the constant's doc describes (the choice among more candidates changes results),
//! and in the order given where the order is stated.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::figures::{self, FigureKey};
use super::minhash::{Signature, StoredSignature};
use super::quotes::QuoteShape;
use super::speakers::SpeakerRef;

/// Articles counted per LSH band key: the most recent (highest ids).
pub const BAND_CANDIDATES: usize = 32;
/// Clusters returned per quote key: the lowest ids stored under it.
pub const KEY_CANDIDATES: usize = 32;
/// Stories returned per quote cluster: the highest ids carrying it.
pub const STORIES_PER_CLUSTER: usize = 16;
/// Speakers returned per name key: the lowest ids, ascending.
pub const SPEAKERS_PER_KEY: usize = 32;
/// Members of one spelling read when counting its sources (the first, by quote id).
pub const CANONICAL_SOURCES: usize = 1000;
/// Spellings of one speaker weighed for the canonical spelling (the first by text).
pub const CANONICAL_SPELLINGS: usize = 16;
/// Story values returned per direction (below / above) per exact head.
pub const NEAREST_VALUES: usize = 2;
/// Values read for heads that are longer compounds of a figure's head
/// ("cyberattack" for "attack"): the first, in head then value order, then
/// filtered by value.
pub const COMPOUND_VALUES: usize = 32;

/// An article already linked, as candidates are compared with it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedArticle {
    /// Its body signature.
    pub signature: StoredSignature,
    /// Its story.
    pub story: i64,
    /// The root of its group of near-copies (itself when it copies none).
    pub root: i64,
}

/// A story's first and last publication dates (`YYYY-MM-DD`), when known.
pub type StoryDates = (Option<String>, Option<String>);

/// Where an article goes: an existing story (with the score that chose it) or a new
/// one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StoryChoice<'a> {
    /// Join a story.
    Join {
        /// The story.
        id: i64,
        /// The score that chose it ([`super::story::score`]).
        score: f64,
    },
    /// Start a story.
    New {
        /// Its label (the article's title).
        label: Option<&'a str>,
    },
}

/// The article's place once linking has decided it.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// The article.
    pub article: i64,
    /// Its body signature.
    pub signature: &'a Signature,
    /// Its copy root ([`LinkedArticle::root`]).
    pub root: i64,
    /// Its story.
    pub story: StoryChoice<'a>,
    /// Its publication date, which widens the story's dates.
    pub published: Option<&'a str>,
    /// The time of linking (a new story's `created_at`).
    pub now: &'a str,
}

/// One quote's membership of a cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member<'a> {
    /// The quote.
    pub quote: i64,
    /// Its cluster.
    pub cluster: i64,
    /// Its article.
    pub article: i64,
    /// The article's copy root.
    pub root: i64,
    /// Its resolved speaker and the spelling the article used.
    pub speaker: Option<(i64, &'a str)>,
    /// Similarity to the cluster's canonical text.
    pub similarity: f64,
}

/// A stored figure's qualifier and its article's outlet, as disagreements need them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureSource {
    /// "about", "more than", … when stated.
    pub qualifier: Option<String>,
    /// The article's publisher.
    pub outlet: Option<String>,
    /// What the figure states ([`figures::Claim::of`] its value, low and high):
    /// a closed range disagrees only with what lies outside it. None reads as the
    /// single value it is stored under.
    pub claim: Option<figures::Claim>,
}

/// Two figures of different articles in one story that disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement<'a> {
    /// The story.
    pub story: i64,
    /// The earlier figure.
    pub figure_a: i64,
    /// The new article's figure.
    pub figure_b: i64,
    /// The shorter of the two heads.
    pub head: &'a str,
    /// Their rate.
    pub rate: &'a str,
    /// [`figures::rel_diff`] of the values.
    pub rel_diff: f64,
    /// Whether the outlets differ.
    pub outlets: figures::Outlets,
}

/// See the module docs. Methods are grouped by the phase that calls them.
pub trait LinkIndex {
    /// What a failed read or write reports.
    type Error;

    /// Records `article` under its LSH `bands` and returns the earlier articles
    /// under them, each with the number of bands it shares; per band only the
    /// [`BAND_CANDIDATES`] most recent count.
    fn add_bands(
        &mut self,
        article: i64,
        bands: &[(i64, i64)],
    ) -> Result<FxHashMap<i64, usize>, Self::Error>;
    /// A linked article's signature, story and copy root; None if it is gone.
    fn article(&mut self, id: i64) -> Result<Option<Arc<LinkedArticle>>, Self::Error>;
    /// The clusters stored under `keys`, each with the number of keys it is under;
    /// per key only the [`KEY_CANDIDATES`] lowest ids count.
    fn clusters_under(&mut self, keys: &[i64]) -> Result<FxHashMap<i64, usize>, Self::Error>;
    /// The shape of a cluster's canonical text; None if it is gone.
    fn cluster_shape(&mut self, cluster: i64) -> Result<Option<Arc<QuoteShape>>, Self::Error>;
    /// The stories carrying a cluster ([`STORIES_PER_CLUSTER`] highest ids).
    fn cluster_stories(&mut self, cluster: i64) -> Result<Vec<i64>, Self::Error>;
    /// A story's dates; none for a story that does not exist.
    fn story_dates(&mut self, story: i64) -> Result<StoryDates, Self::Error>;
    /// The speakers under a name key ([`SPEAKERS_PER_KEY`] lowest ids, ascending).
    fn speakers_keyed(&mut self, key: &str) -> Result<Vec<i64>, Self::Error>;
    /// A speaker's spellings, by text, each read with the speaker's role.
    fn spellings(&mut self, speaker: i64) -> Result<Arc<Vec<(String, SpeakerRef)>>, Self::Error>;
    /// Whether a story has quoted a speaker.
    fn story_has_speaker(&mut self, story: i64, speaker: i64) -> Result<bool, Self::Error>;
    /// A story's values comparable to `k`: see [`StoryValues::nearest`].
    fn nearest_values(
        &mut self,
        story: i64,
        k: &FigureKey,
    ) -> Result<Vec<(FigureKey, i64)>, Self::Error>;

    /// Stores the article's signature and copy root and puts it in its story;
    /// returns the story's id.
    fn place_article(&mut self, p: &Placement) -> Result<i64, Self::Error>;
    /// Stores a new speaker and returns its id.
    fn add_speaker(&mut self, name: &str, role: Option<&str>) -> Result<i64, Self::Error>;
    /// Speaker `speaker` was quoted as `spelling` (name keys `keys`) in `story`.
    fn speaker_used(
        &mut self,
        speaker: i64,
        spelling: &str,
        keys: &[String],
        story: i64,
    ) -> Result<(), Self::Error>;
    /// Stores a new cluster whose canonical text is quote `quote`'s and, when
    /// `keys` is not empty, files it under those quote keys; returns its id.
    fn add_cluster(
        &mut self,
        text: &str,
        quote: i64,
        speaker: Option<i64>,
        keys: &[i64],
    ) -> Result<i64, Self::Error>;
    /// Stores a cluster member.
    fn add_member(&mut self, m: &Member) -> Result<(), Self::Error>;
    /// Story `story` gained `quotes` quotes of cluster `cluster`.
    fn cluster_in_story(
        &mut self,
        cluster: i64,
        story: i64,
        quotes: i64,
    ) -> Result<(), Self::Error>;
    /// A stored figure's qualifier and outlet; None if it is gone.
    fn figure_source(&mut self, figure: i64) -> Result<Option<FigureSource>, Self::Error>;
    /// Stores a disagreement (a repeat of a stored pair is ignored).
    fn add_disagreement(&mut self, d: &Disagreement) -> Result<(), Self::Error>;
    /// Adds figure `figure`'s value to its story's (a value already stored under
    /// the same key keeps its figure).
    fn add_story_value(
        &mut self,
        story: i64,
        k: &FigureKey,
        figure: i64,
    ) -> Result<(), Self::Error>;
    /// A speaker's current name.
    fn speaker_name(&mut self, speaker: i64) -> Result<String, Self::Error>;
    /// A speaker's first [`CANONICAL_SPELLINGS`] spellings, by text.
    fn speaker_spellings(&mut self, speaker: i64) -> Result<Vec<String>, Self::Error>;
    /// Up to `cap` of the distinct copy roots of the articles of the first
    /// [`CANONICAL_SOURCES`] members quoting `speaker` as `spelling`; which
    /// of them fill the cap does not matter (only their number is used).
    fn spelling_sources(
        &mut self,
        speaker: i64,
        spelling: &str,
        cap: usize,
    ) -> Result<Vec<i64>, Self::Error>;
    /// Renames a speaker.
    fn rename_speaker(&mut self, speaker: i64, name: &str) -> Result<(), Self::Error>;
}

/// One story's figure values: under each (rate, kind, reversed head) as a
/// [`head_key`], the head and the values (ascending, distinct) with their figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryValues(BTreeMap<String, (String, Vec<(f64, i64)>)>);

/// A (rate, kind, reversed head) as one string, ordered as those columns are, so
/// the heads of one rate and kind that begin with a prefix form a range.
pub fn head_key(rate: &str, kind: &str, rhead: &str) -> String {
    format!("{rate}\u{0}{kind}\u{0}{rhead}")
}

impl StoryValues {
    /// A stored value read back: `rhead` is the reversed head. Values may come in
    /// any order; call [`StoryValues::sort`] after the last.
    pub fn push_read(&mut self, rate: &str, kind: &str, rhead: &str, head: &str, v: f64, id: i64) {
        let (h, values) = self
            .0
            .entry(head_key(rate, kind, rhead))
            .or_insert_with(|| (String::new(), Vec::new()));
        if h.is_empty() {
            *h = head.to_owned();
        }
        values.push((v, id));
    }

    /// Sorts the values read by [`StoryValues::push_read`].
    pub fn sort(&mut self) {
        for (_, values) in self.0.values_mut() {
            values.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
    }

    /// Adds figure `id`'s value unless the value is stored under its key already.
    pub fn add(&mut self, k: &FigureKey, id: i64) {
        let rhead: String = k.head.chars().rev().collect();
        let (_, values) = self
            .0
            .entry(head_key(&k.rate, k.kind, &rhead))
            .or_insert_with(|| (k.head.clone(), Vec::new()));
        let at = values.partition_point(|(v, _)| *v < k.value);
        if values.get(at).is_none_or(|(v, _)| *v != k.value) {
            values.insert(at, (k.value, id));
        }
    }

    /// Whether `k`'s value is stored under its key (so [`StoryValues::add`] would
    /// change nothing).
    pub fn holds(&self, k: &FigureKey) -> bool {
        let rhead: String = k.head.chars().rev().collect();
        self.0
            .get(&head_key(&k.rate, k.kind, &rhead))
            .is_some_and(|(_, values)| {
                values
                    .binary_search_by(|(v, _)| v.total_cmp(&k.value))
                    .is_ok()
            })
    }

    /// Whether no value is stored.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values comparable to `k` (same rate and kind, matching head) nearest to
    /// `k.value` within [`figures::MAX_REL_DIFF`]: for `k`'s head and each of its
    /// suffixes of [`figures::MIN_HEAD`]+ letters, the [`NEAREST_VALUES`] closest
    /// values at or below the agreement window's top and at or above its bottom,
    /// plus the first [`COMPOUND_VALUES`] values (in head, then value order) of
    /// heads that are longer compounds of `k`'s, those in the window kept. Enough
    /// for [`figures::shared`], agreement and [`figures::partners`].
    pub fn nearest(&self, k: &FigureKey) -> Vec<(FigureKey, i64)> {
        let rev: Vec<char> = k.head.chars().rev().collect();
        let prefix = head_key(&k.rate, k.kind, "");
        let mut out = self.nearest_exact(k, &rev, &prefix);
        if rev.len() >= figures::MIN_HEAD {
            out.extend(self.nearest_compounds(k, &rev, &prefix));
        }
        out
    }

    /// [`StoryValues::nearest`] for `k`'s head and the stored heads that are its
    /// suffixes.
    fn nearest_exact(&self, k: &FigureKey, rev: &[char], prefix: &str) -> Vec<(FigureKey, i64)> {
        let (far_lo, far_hi) = figures::window(k.value, figures::MAX_REL_DIFF);
        let (tol_lo, tol_hi) = figures::window(k.value, figures::TOLERANCE);
        let mut out = Vec::new();
        let mut probe = prefix.to_owned();
        for len in std::iter::once(rev.len()).chain(figures::MIN_HEAD..rev.len()) {
            probe.truncate(prefix.len());
            probe.extend(&rev[..len]);
            let Some((_, values)) = self.0.get(&probe) else {
                continue;
            };
            let head: String = rev[..len].iter().rev().collect();
            // Down from the agreement window's top, then up from its bottom.
            let top = values.partition_point(|(v, _)| *v <= tol_hi);
            let down = values[..top].iter().rev().take_while(|(v, _)| *v >= far_lo);
            let bottom = values.partition_point(|(v, _)| *v < tol_lo);
            let up = values[bottom..].iter().take_while(|(v, _)| *v <= far_hi);
            for &(value, fid) in down.take(NEAREST_VALUES).chain(up.take(NEAREST_VALUES)) {
                out.push((with_value(k, &head, value), fid));
            }
        }
        out
    }

    /// [`StoryValues::nearest`] for stored heads ending in `k`'s head
    /// ("cyberattack" for "attack"): reversed, a prefix range.
    fn nearest_compounds(
        &self,
        k: &FigureKey,
        rev: &[char],
        prefix: &str,
    ) -> Vec<(FigureKey, i64)> {
        let (far_lo, far_hi) = figures::window(k.value, figures::MAX_REL_DIFF);
        let whole: String = prefix.chars().chain(rev.iter().copied()).collect();
        let hi = format!("{whole}\u{10FFFF}");
        let range = self.0.range::<str, _>((
            Bound::Excluded(whole.as_str()),
            Bound::Excluded(hi.as_str()),
        ));
        let rows = range.flat_map(|(_, (head, values))| values.iter().map(move |v| (head, v)));
        rows.take(COMPOUND_VALUES)
            .filter(|(_, &(value, _))| value >= far_lo && value <= far_hi)
            .map(|(head, &(value, fid))| (with_value(k, head, value), fid))
            .collect()
    }
}

/// `k`'s rate and kind with another head and value.
fn with_value(k: &FigureKey, head: &str, value: f64) -> FigureKey {
    FigureKey {
        head: head.to_owned(),
        rate: k.rate.clone(),
        kind: k.kind,
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_add_stored() {
        let key = |head: &str, value: f64| FigureKey {
            head: head.to_owned(),
            rate: "month".to_owned(),
            kind: "count",
            value,
        };
        let mut values = StoryValues::default();
        values.add(&key("attack", 140_000.0), 1);
        values.add(&key("attack", 90_000.0), 2);
        assert!(values.holds(&key("attack", 140_000.0)));
        assert!(values.holds(&key("attack", 90_000.0)));
        assert!(!values.holds(&key("attack", 144_000.0)), "another value");
        assert!(!values.holds(&key("victim", 140_000.0)), "another head");
        let mut yearly = key("attack", 140_000.0);
        yearly.rate = "year".to_owned();
        assert!(!values.holds(&yearly), "another rate");
    }
}
