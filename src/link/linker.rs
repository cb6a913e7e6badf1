//! [`Linker`] links one newly stored article against a [`LinkIndex`], in phases:
//!
//! 1. body: candidate articles sharing LSH bands, compared by signature
//!    ([`Linker::body_evidence`]); the nearest copy gives the copy root;
//! 2. quotes: each quote's best cluster among those sharing its keys
//!    ([`Linker::match_quotes`]), and the stories carrying those clusters;
//! 3. speakers: known speakers whose names are close, and the speakers candidate
//!    stories share ([`Linker::speaker_evidence`]);
//! 4. figures: values the candidate stories share ([`Linker::figure_evidence`]);
//! 5. the story ([`story::choose`]) and the article's place in it;
//! 6. speakers resolved or created, then cluster members ([`Linker::store_members`]);
//! 7. figure disagreements with other articles of the story
//!    ([`Linker::record_figures`]);
//! 8. canonical spellings of speakers quoted under several names.
//!
//! Speaker and figure evidence, the costly parts, are gathered only for the stories
//! that can still be chosen ([`story::still_possible`]). Every lookup is capped
//! (the constants of [`super::index`] and below), so linking one article never
//! scans what is stored. The decisions are the pure functions of the sibling
//! modules; this module only gathers their inputs and records their outputs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::figures::{self, Claim, FigureKey};
use super::index::{
    Disagreement, LinkIndex, Member, Placement, StoryChoice, CANONICAL_SOURCES, SPEAKERS_PER_KEY,
};
use super::quotes;
use super::speakers::{self, SpeakerRef};
use super::story::{self, Evidence};
use super::{LinkPrep, PreparedQuote};
use crate::pipeline::Extracted;

/// Candidate articles compared by signature, at most (those sharing the most bands).
pub const MAX_CANDIDATE_ARTICLES: usize = 16;
/// Clusters compared per quote, at most (those sharing the most keys).
pub const MAX_CANDIDATE_CLUSTERS: usize = 8;
/// Spellings weighed per name key, at most (over its speakers).
pub const SPELLINGS_PER_KEY: usize = SPEAKERS_PER_KEY * 16;
/// Distinct comparable figures of one article that are linked, at most.
pub const MAX_LINKED_FIGURES: usize = 256;

/// A newly stored article, as linking reads it.
#[derive(Debug, Clone, Copy)]
pub struct NewArticle<'a> {
    /// Its id.
    pub id: i64,
    /// What the pipeline extracted.
    pub extracted: &'a Extracted,
    /// Its [`LinkPrep`].
    pub prep: &'a LinkPrep,
    /// The stored ids of its quotes, in their order.
    pub quote_ids: &'a [i64],
    /// The stored ids of its figures, in their order.
    pub figure_ids: &'a [i64],
    /// The time of linking.
    pub now: &'a str,
}

/// Links articles against an index; see the module docs.
pub struct Linker<'i, I: LinkIndex> {
    index: &'i mut I,
}

/// A spelling as written, its speaker, the speaker's name keys and role.
type Spoken<'p> = (&'p str, &'p SpeakerRef, &'p [String], Option<&'p str>);

/// One quote of the article being linked.
struct QuoteRow<'p> {
    id: i64,
    text: &'p str,
    prep: &'p PreparedQuote,
    speaker: Option<Spoken<'p>>,
    /// Its cluster: an id, 0 for a new one, -1 for one started by an earlier
    /// quote of this article with the same text (or a new one).
    cluster: i64,
    similarity: f64,
}

/// Known speakers whose names are close to each spelling of the article, and every
/// spelling read of each candidate speaker.
#[derive(Default)]
struct SpeakerCandidates {
    by_name: FxHashMap<String, Vec<(i64, SpeakerRef)>>,
    aliases: FxHashMap<i64, BTreeSet<String>>,
}

impl SpeakerCandidates {
    fn of(&self, name: &str) -> &[(i64, SpeakerRef)] {
        self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// One comparable figure of the article being linked.
struct ArticleFigure<'p> {
    id: i64,
    /// Its key, with the claim's lowest value.
    key: &'p FigureKey,
    /// What it states: a value or a closed range.
    claim: Claim,
    qualifier: Option<&'p str>,
}

/// Values near each of the article's figures, per (story, figure index), looked up
/// for story evidence and reused for the disagreements.
type NearValues = FxHashMap<(i64, usize), Vec<(FigureKey, i64)>>;

impl<'i, I: LinkIndex> Linker<'i, I> {
    /// A linker over `index`.
    pub fn new(index: &'i mut I) -> Self {
        Linker { index }
    }

    /// Links `a`: see the module docs. Returns its story.
    pub fn link(&mut self, a: &NewArticle) -> Result<i64, I::Error> {
        let x = a.extracted;
        let (mut evidence, root) = self.body_evidence(a)?;
        let mut rows = self.match_quotes(a)?;
        self.quote_evidence(&rows, &mut evidence)?;
        for (sid, e) in evidence.iter_mut() {
            let (first, last) = self.index.story_dates(*sid)?;
            let published = x.article.published.as_deref();
            e.days_apart = story::days_apart(published, first.as_deref(), last.as_deref());
        }
        let cands = self.speaker_candidates(&rows)?;
        self.speaker_evidence(&rows, &cands, &mut evidence)?;
        let figures = article_figures(a);
        let near = self.figure_evidence(&figures, &mut evidence)?;
        let story_id = self.place(a, evidence, root)?;
        let resolved = self.resolve_speakers(&rows, &cands, story_id)?;
        self.store_members(a, &mut rows, &resolved, story_id, root)?;
        let outlet = x.article.publisher.as_deref();
        self.record_figures(story_id, &figures, near, outlet)?;
        self.update_canonicals(&resolved, cands.aliases)?;
        Ok(story_id)
    }

    /// Phase 1: the stories of the articles whose bodies are most alike (body
    /// evidence), and the copy root (the root of the candidate this body most
    /// nearly duplicates, at [`story::BODY_STRONG`] or above; else the article).
    /// A body too short to compare (empty, a stub) neither looks up nor stores band
    /// keys: empty bodies share one signature.
    fn body_evidence(
        &mut self,
        a: &NewArticle,
    ) -> Result<(BTreeMap<i64, Evidence>, i64), I::Error> {
        let sig = &a.prep.signature;
        let shared = if story::body_comparable(a.prep.body_words) {
            self.index.add_bands(a.id, &sig.band_keys())?
        } else {
            FxHashMap::default()
        };
        let mut ranked: Vec<(i64, usize)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        ranked.truncate(MAX_CANDIDATE_ARTICLES);
        let candidates: BTreeSet<i64> = ranked.into_iter().map(|(id, _)| id).collect();
        let mut evidence: BTreeMap<i64, Evidence> = BTreeMap::new();
        let mut copy_of: Option<(f64, i64)> = None;
        for id in candidates {
            let Some(other) = self.index.article(id)? else {
                continue;
            };
            let sim = other.signature.similarity(sig);
            let e = evidence.entry(other.story).or_default();
            e.story_id = other.story;
            e.body = e.body.max(sim);
            if sim >= story::BODY_STRONG && copy_of.is_none_or(|c| sim > c.0) {
                copy_of = Some((sim, other.root));
            }
        }
        Ok((evidence, copy_of.map_or(a.id, |c| c.1)))
    }

    /// Phase 2: each quote's cluster. A quote too short or generic to be evidence
    /// starts a cluster of its own (repeats within the article share it); identical
    /// quotes within the article share one lookup.
    fn match_quotes<'a>(&mut self, a: &NewArticle<'a>) -> Result<Vec<QuoteRow<'a>>, I::Error> {
        let x = a.extracted;
        let mut rows = Vec::with_capacity(x.quotes.len());
        let mut seen: FxHashMap<&str, Option<(i64, f64)>> = FxHashMap::default();
        for (i, (q, p)) in x.quotes.iter().zip(&a.prep.quotes).enumerate() {
            let Some(&id) = a.quote_ids.get(i) else {
                continue;
            };
            let speaker = match (q.speaker.as_deref(), &p.speaker) {
                (Some(name), Some(sref)) => {
                    Some((name, sref, p.speaker_keys.as_slice(), q.role.as_deref()))
                }
                _ => None,
            };
            let (cluster, similarity) = if !p.evidence {
                (-1, 1.0)
            } else if let Some(matched) = seen.get(p.normalized.as_str()) {
                (matched.map_or(-1, |m| m.0), matched.map_or(1.0, |m| m.1))
            } else {
                let matched = self.best_cluster(p)?;
                seen.insert(&p.normalized, matched);
                (matched.map_or(0, |m| m.0), matched.map_or(1.0, |m| m.1))
            };
            rows.push(QuoteRow {
                id,
                text: &q.text,
                prep: p,
                speaker,
                cluster,
                similarity,
            });
        }
        Ok(rows)
    }

    /// The stored cluster quote `p` belongs to, with its similarity: the best match
    /// among the [`MAX_CANDIDATE_CLUSTERS`] clusters sharing the most keys.
    fn best_cluster(&mut self, p: &PreparedQuote) -> Result<Option<(i64, f64)>, I::Error> {
        let hits = self.index.clusters_under(p.lookup_keys())?;
        let mut ranked: Vec<(i64, usize)> = hits.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(MAX_CANDIDATE_CLUSTERS);
        let mut shapes = Vec::with_capacity(ranked.len());
        for (cid, _) in ranked {
            if let Some(shape) = self.index.cluster_shape(cid)? {
                shapes.push((cid, shape));
            }
        }
        let candidates = shapes.iter().map(|(c, s)| (*c, Arc::as_ref(s)));
        Ok(quotes::best_match(&p.shape, candidates))
    }

    /// Phase 2 as evidence: every story carrying a matched cluster gains a quote.
    fn quote_evidence(
        &mut self,
        rows: &[QuoteRow],
        evidence: &mut BTreeMap<i64, Evidence>,
    ) -> Result<(), I::Error> {
        let clusters: BTreeSet<i64> = rows.iter().map(|r| r.cluster).filter(|c| *c > 0).collect();
        for c in clusters {
            for s in self.index.cluster_stories(c)? {
                let e = evidence.entry(s).or_default();
                e.story_id = s;
                e.quotes += 1;
            }
        }
        Ok(())
    }

    /// Phase 3: per spelling of the article, the known speakers under its name keys
    /// whose names are close (only those can be the same speaker,
    /// [`speakers::same_speaker`] needs [`speakers::names_close`]); at most
    /// [`SPELLINGS_PER_KEY`] spellings are weighed per key.
    fn speaker_candidates(&mut self, rows: &[QuoteRow]) -> Result<SpeakerCandidates, I::Error> {
        let mut out = SpeakerCandidates::default();
        for (name, sref, keys, _) in rows.iter().filter_map(|r| r.speaker) {
            if out.by_name.contains_key(name) {
                continue;
            }
            // (speaker, position in its spellings): a speaker's spellings are the
            // same list each time they are read here.
            let mut seen: FxHashSet<(i64, usize)> = FxHashSet::default();
            let mut cands = Vec::new();
            for key in keys {
                let mut spellings_read = 0;
                'ids: for id in self.index.speakers_keyed(key)? {
                    for (at, (alias, known)) in self.index.spellings(id)?.iter().enumerate() {
                        if spellings_read == SPELLINGS_PER_KEY {
                            break 'ids;
                        }
                        spellings_read += 1;
                        if !seen.insert((id, at)) {
                            continue;
                        }
                        let aliases = out.aliases.entry(id).or_default();
                        if !aliases.contains(alias) {
                            aliases.insert(alias.clone());
                        }
                        if speakers::names_close(sref, known) {
                            cands.push((id, known.clone()));
                        }
                    }
                }
            }
            out.by_name.insert(name.to_owned(), cands);
        }
        Ok(out)
    }

    /// Phase 3 as evidence: per story that can still be chosen, the article's named
    /// persons the story has quoted.
    fn speaker_evidence(
        &mut self,
        rows: &[QuoteRow],
        cands: &SpeakerCandidates,
        evidence: &mut BTreeMap<i64, Evidence>,
    ) -> Result<(), I::Error> {
        let persons: BTreeMap<&str, &SpeakerRef> = rows
            .iter()
            .filter_map(|r| r.speaker)
            .filter(|(_, s, _, _)| s.is_person)
            .map(|(n, s, _, _)| (n, s))
            .collect();
        let all: Vec<Evidence> = evidence.values().cloned().collect();
        for sid in story::still_possible(&all, story::SPEAKER_CAP + story::FIGURE_CAP) {
            let mut shared = 0;
            for (name, sref) in &persons {
                let mut hit = false;
                for (id, known) in cands.of(name) {
                    if speakers::names_close(sref, known)
                        && self.index.story_has_speaker(sid, *id)?
                    {
                        hit = true;
                        break;
                    }
                }
                shared += usize::from(hit);
            }
            if let Some(e) = evidence.get_mut(&sid) {
                e.speakers = shared;
            }
        }
        Ok(())
    }

    /// Phase 4: per story that can still be chosen, the article's figures it shares.
    fn figure_evidence(
        &mut self,
        figures: &[ArticleFigure],
        evidence: &mut BTreeMap<i64, Evidence>,
    ) -> Result<NearValues, I::Error> {
        let mut near = NearValues::default();
        if figures.is_empty() {
            return Ok(near);
        }
        let all: Vec<Evidence> = evidence.values().cloned().collect();
        for sid in story::still_possible(&all, story::FIGURE_CAP) {
            let mut shared = 0;
            for (i, f) in figures.iter().enumerate() {
                let values = self.index.nearest_values(sid, f.key)?;
                let hit = values
                    .iter()
                    .any(|(other, _)| figures::shared(f.key, other));
                shared += usize::from(hit);
                near.insert((sid, i), values);
            }
            if let Some(e) = evidence.get_mut(&sid) {
                e.figures = shared;
            }
        }
        Ok(near)
    }

    /// Phase 5: the story ([`story::choose`]), and the article placed in it.
    fn place(
        &mut self,
        a: &NewArticle,
        evidence: BTreeMap<i64, Evidence>,
        root: i64,
    ) -> Result<i64, I::Error> {
        let cands: Vec<Evidence> = evidence.into_values().collect();
        let article = &a.extracted.article;
        let story = match story::choose(&cands) {
            Some((id, score)) => StoryChoice::Join { id, score },
            None => StoryChoice::New {
                label: article.title.as_deref(),
            },
        };
        self.index.place_article(&Placement {
            article: a.id,
            signature: &a.prep.signature,
            root,
            story,
            published: article.published.as_deref(),
            now: a.now,
        })
    }

    /// Phase 6: each spelling's speaker, a known one ([`speakers::same_speaker`],
    /// exact spellings first) or a new one, recorded as quoted in `story_id`.
    fn resolve_speakers(
        &mut self,
        rows: &[QuoteRow],
        cands: &SpeakerCandidates,
        story_id: i64,
    ) -> Result<FxHashMap<String, i64>, I::Error> {
        let mut resolved: FxHashMap<String, i64> = FxHashMap::default();
        for (name, sref, keys, role) in rows.iter().filter_map(|r| r.speaker) {
            if resolved.contains_key(name) {
                continue;
            }
            let id = match self.known_speaker(sref, cands.of(name), story_id)? {
                Some(id) => id,
                None => self.index.add_speaker(name, role)?,
            };
            self.index.speaker_used(id, name, keys, story_id)?;
            resolved.insert(name.to_owned(), id);
        }
        Ok(resolved)
    }

    /// The first of `cands` that is `sref`'s speaker, exact spellings first.
    fn known_speaker(
        &mut self,
        sref: &SpeakerRef,
        cands: &[(i64, SpeakerRef)],
        story_id: i64,
    ) -> Result<Option<i64>, I::Error> {
        for exact in [true, false] {
            for (id, known) in cands {
                if (known.name == sref.name) != exact {
                    continue;
                }
                let same_story = self.index.story_has_speaker(story_id, *id)?;
                if speakers::same_speaker(sref, known, same_story) {
                    return Ok(Some(*id));
                }
            }
        }
        Ok(None)
    }

    /// Phase 6: the quotes' clusters (new ones started, evidence filed under its
    /// keys) and memberships, then the story's count of each cluster.
    fn store_members(
        &mut self,
        a: &NewArticle,
        rows: &mut [QuoteRow],
        resolved: &FxHashMap<String, i64>,
        story_id: i64,
        root: i64,
    ) -> Result<(), I::Error> {
        // Clusters started by this article, by normalised text (for its repeats).
        let mut created: FxHashMap<&str, i64> = FxHashMap::default();
        for r in rows.iter_mut() {
            let spelling = r.speaker.map(|s| s.0);
            let speaker_id = spelling.and_then(|s| resolved.get(s).copied());
            if r.cluster < 0 {
                r.cluster = created
                    .get(r.prep.normalized.as_str())
                    .copied()
                    .unwrap_or(0);
            }
            if r.cluster == 0 {
                let keys = if r.prep.evidence {
                    r.prep.stored_keys()
                } else {
                    &[]
                };
                r.cluster = self.index.add_cluster(r.text, r.id, speaker_id, keys)?;
                created.insert(&r.prep.normalized, r.cluster);
            }
            self.index.add_member(&Member {
                quote: r.id,
                cluster: r.cluster,
                article: a.id,
                root,
                speaker: speaker_id.zip(spelling),
                similarity: r.similarity,
            })?;
        }
        let mut per_cluster: BTreeMap<i64, i64> = BTreeMap::new();
        for r in rows.iter() {
            *per_cluster.entry(r.cluster).or_default() += 1;
        }
        for (cluster, quotes) in per_cluster {
            self.index.cluster_in_story(cluster, story_id, quotes)?;
        }
        Ok(())
    }

    /// Phase 7: disagreements of the article's figures with other articles' figures
    /// in the story (values `near`, looked up for evidence, are reused), then the
    /// article's values added to the story's. Only other articles' figures are
    /// partners ([`figures::partners`]), qualifiers bounding opposite sides are no
    /// contradiction ([`figures::qualifiers_comparable`]), and each row records
    /// whether the two outlets differ ([`figures::Outlets`]). A closed range is
    /// looked up and stored under each of its ends, and disagrees only with what
    /// lies outside it ([`figures::claims_disagree`]).
    fn record_figures(
        &mut self,
        story_id: i64,
        figures: &[ArticleFigure],
        mut near: NearValues,
        outlet: Option<&str>,
    ) -> Result<(), I::Error> {
        // This article's figures added to the story so far: never partners.
        let mut own: FxHashSet<i64> = FxHashSet::default();
        for (i, f) in figures.iter().enumerate() {
            let ends = f.claim.index_values();
            // Each partner once, with the end of `f` it was found near.
            let mut found: Vec<(FigureKey, FigureKey, i64)> = Vec::new();
            for (at, &end) in ends.iter().enumerate() {
                let key = with_value(f.key, end);
                let values = match (at, near.remove(&(story_id, i))) {
                    (0, Some(v)) => v,
                    _ => self.index.nearest_values(story_id, &key)?,
                };
                let values: Vec<(FigureKey, i64)> = values
                    .into_iter()
                    .filter(|(_, id)| *id != f.id && !own.contains(id))
                    .collect();
                for other_id in figures::partners(&key, &values) {
                    let known = found.iter().any(|(_, _, id)| *id == other_id);
                    let other = values.iter().find(|(_, id)| *id == other_id);
                    if let (false, Some((other, _))) = (known, other) {
                        found.push((key.clone(), other.clone(), other_id));
                    }
                }
            }
            for (key, other, other_id) in &found {
                self.disagree(story_id, f, key, other, *other_id, outlet)?;
            }
            for end in ends {
                self.index
                    .add_story_value(story_id, &with_value(f.key, end), f.id)?;
            }
            own.insert(f.id);
        }
        Ok(())
    }

    /// Records that figure `f` (near its end `k`) disagrees with `other` (figure
    /// `other_id`) unless their qualifiers make it no contradiction or their claims
    /// agree (a value inside a range).
    fn disagree(
        &mut self,
        story_id: i64,
        f: &ArticleFigure,
        k: &FigureKey,
        other: &FigureKey,
        other_id: i64,
        outlet: Option<&str>,
    ) -> Result<(), I::Error> {
        let Some(source) = self.index.figure_source(other_id)? else {
            return Ok(());
        };
        if !figures::qualifiers_comparable(f.qualifier, source.qualifier.as_deref()) {
            return Ok(());
        }
        let other_claim = source.claim.unwrap_or(Claim::Value(other.value));
        if !figures::claims_disagree(f.claim, other_claim) {
            return Ok(());
        }
        let head = if other.head.len() <= k.head.len() {
            &other.head
        } else {
            &k.head
        };
        self.index.add_disagreement(&Disagreement {
            story: story_id,
            figure_a: other_id,
            figure_b: f.id,
            head,
            rate: &k.rate,
            rel_diff: figures::rel_diff(other.value, k.value),
            outlets: figures::Outlets::of(source.outlet.as_deref(), outlet),
        })
    }

    /// Phase 8: the canonical spelling of each speaker this article quoted, when it
    /// has several spellings (known or added now).
    fn update_canonicals(
        &mut self,
        resolved: &FxHashMap<String, i64>,
        mut aliases: FxHashMap<i64, BTreeSet<String>>,
    ) -> Result<(), I::Error> {
        let ids: BTreeSet<i64> = resolved.values().copied().collect();
        for id in ids {
            let used: Vec<&str> = resolved
                .iter()
                .filter(|(_, i)| **i == id)
                .map(|(n, _)| n.as_str())
                .collect();
            let mut spellings = aliases.remove(&id).unwrap_or_default();
            spellings.extend(used.iter().map(|n| n.to_string()));
            if spellings.len() >= 2 {
                self.update_canonical(id, &used)?;
            }
        }
        Ok(())
    }

    /// Re-chooses speaker `id`'s name among its spellings ([`speakers::canonical`]);
    /// sources are near-duplicate groups. `used`: the spellings the new article
    /// used. When it used only the current name, that name only gained a source,
    /// so it stays the choice and nothing is read. Otherwise the other spellings'
    /// sources are counted first and the current name's only up to one more than
    /// the best of them (a popular name needs no full count to keep it).
    fn update_canonical(&mut self, id: i64, used: &[&str]) -> Result<(), I::Error> {
        let current = self.index.speaker_name(id)?;
        if used.iter().all(|u| *u == current) {
            return Ok(());
        }
        let mut spellings = self.index.speaker_spellings(id)?;
        if spellings.len() < 2 {
            return Ok(());
        }
        // The current name last: it is counted only up to one more than the best other.
        spellings.sort_by_key(|s| *s == current);
        let mut uses = Vec::with_capacity(spellings.len());
        let mut best_other = 0;
        for sp in spellings {
            let cap = if sp == current {
                best_other + 1
            } else {
                CANONICAL_SOURCES
            };
            let distinct = self.index.spelling_sources(id, &sp, cap)?;
            if sp != current {
                best_other = best_other.max(distinct.len());
            }
            uses.push((sp, distinct));
        }
        match speakers::canonical(&uses, &current) {
            Some(best) if best != current => self.index.rename_speaker(id, best),
            _ => Ok(()),
        }
    }
}

/// The article's distinct comparable figures (repeats add nothing), at most
/// [`MAX_LINKED_FIGURES`].
fn article_figures<'a>(a: &NewArticle<'a>) -> Vec<ArticleFigure<'a>> {
    let x = a.extracted;
    let mut out = Vec::new();
    let mut seen: FxHashSet<(&str, &str, &'static str, u64, u64)> = FxHashSet::default();
    for (i, k) in a.prep.figure_keys.iter().enumerate() {
        if out.len() >= MAX_LINKED_FIGURES {
            break;
        }
        let Some((k, claim)) = k else {
            continue;
        };
        let (low, high) = claim.ends();
        if seen.insert((&k.head, &k.rate, k.kind, low.to_bits(), high.to_bits())) {
            if let (Some(&id), Some(f)) = (a.figure_ids.get(i), x.figures.get(i)) {
                out.push(ArticleFigure {
                    id,
                    key: k,
                    claim: *claim,
                    qualifier: f.qualifier.as_deref(),
                });
            }
        }
    }
    out
}

/// `k` with another value.
fn with_value(k: &FigureKey, value: f64) -> FigureKey {
    FigureKey { value, ..k.clone() }
}

#[cfg(test)]
mod tests {
    use super::super::index::FigureSource;
    use super::super::memory::MemoryIndex;
    use super::*;
    use crate::model::{Article, Figure, FigureKind, Quote, QuoteKind};

    /// One page as the tests write it: body paragraphs, quotes (text, speaker,
    /// role) and figures (value, unit, rate, qualifier).
    #[derive(Default, Clone)]
    struct Page {
        outlet: Option<&'static str>,
        body: Vec<String>,
        quotes: Vec<(&'static str, Option<&'static str>, Option<&'static str>)>,
        figures: Vec<(
            f64,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
        )>,
        /// Closed ranges (low, high, unit), after the figures.
        ranges: Vec<(f64, f64, &'static str)>,
    }

    fn extracted(p: &Page) -> Extracted {
        let quotes = p.quotes.iter().map(|(text, speaker, role)| Quote {
            text: (*text).to_owned(),
            speaker: speaker.map(str::to_owned),
            role: role.map(str::to_owned),
            cue: Some("said".to_owned()),
            kind: QuoteKind::Direct,
            paragraph: 0,
            start: 0,
            end: 0,
            rule: None,
        });
        let figures = p
            .figures
            .iter()
            .map(|(value, unit, rate, qualifier)| Figure {
                raw: format!("{value} {unit}"),
                value: Some(*value),
                low: None,
                high: None,
                unit: Some((*unit).to_owned()),
                qualifier: qualifier.map(str::to_owned),
                kind: FigureKind::Count,
                rate: rate.map(str::to_owned),
                paragraph: 0,
                start: 0,
                end: 0,
                sentence: String::new(),
                sentence_start: 0,
                sentence_end: 0,
                rule: None,
            });
        let ranges = p.ranges.iter().map(|(low, high, unit)| Figure {
            raw: format!("{low} to {high} {unit}"),
            value: None,
            low: Some(*low),
            high: Some(*high),
            unit: Some((*unit).to_owned()),
            qualifier: None,
            kind: FigureKind::Count,
            rate: None,
            paragraph: 0,
            start: 0,
            end: 0,
            sentence: String::new(),
            sentence_start: 0,
            sentence_end: 0,
            rule: None,
        });
        Extracted {
            article: Article {
                title: Some("A title".to_owned()),
                publisher: p.outlet.map(str::to_owned),
                body: p.body.clone(),
                ..Article::default()
            },
            quotes: quotes.collect(),
            figures: figures.chain(ranges).collect(),
            encoding: "utf-8",
            templating: Default::default(),
        }
    }

    /// Links pages into one [`MemoryIndex`], handing out ids as the writer does.
    #[derive(Default)]
    struct Harness {
        index: MemoryIndex,
        articles: i64,
        quotes: i64,
        figures: i64,
    }

    impl Harness {
        /// Links `p` and returns (article id, story id).
        fn link(&mut self, p: &Page) -> (i64, i64) {
            let x = extracted(p);
            self.articles += 1;
            let quote_ids: Vec<i64> = (0..x.quotes.len())
                .map(|_| {
                    self.quotes += 1;
                    self.quotes
                })
                .collect();
            let mut figure_ids = Vec::new();
            for f in &x.figures {
                self.figures += 1;
                figure_ids.push(self.figures);
                let source = FigureSource {
                    qualifier: f.qualifier.clone(),
                    outlet: p.outlet.map(str::to_owned),
                    claim: Claim::of(f.value, f.low, f.high),
                };
                self.index.figures.insert(self.figures, source);
            }
            let prep = LinkPrep::of(&x);
            let article = NewArticle {
                id: self.articles,
                extracted: &x,
                prep: &prep,
                quote_ids: &quote_ids,
                figure_ids: &figure_ids,
                now: "2026-01-01T00:00:00Z",
            };
            match Linker::new(&mut self.index).link(&article) {
                Ok(story) => (self.articles, story),
                Err(never) => match never {},
            }
        }

        /// The clusters of the quotes of `article`, in their order.
        fn clusters_of(&self, article: i64) -> Vec<i64> {
            let members = self.index.members.iter().filter(|m| m.article == article);
            members.map(|m| m.cluster).collect()
        }
    }

    /// A body of 90 made-up words, the same for the same topic and unlike any
    /// other topic's.
    fn body(topic: &str) -> Vec<String> {
        let syllables = [
            "ka", "lo", "mi", "ten", "ra", "vu", "sel", "do", "pra", "ni", "go", "tur", "fa",
            "bel", "os", "qui",
        ];
        let mut x = topic
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let mut next = move || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            syllables[usize::try_from(x >> 60).unwrap_or(0)]
        };
        (0..3)
            .map(|_| {
                let words: Vec<String> = (0..30).map(|_| format!("{}{}", next(), next())).collect();
                format!("{topic}: {}.", words.join(" "))
            })
            .collect()
    }

    const QUOTE: &str = "We will reopen the eastern bridge to lorries before the harvest begins";

    #[test]
    fn reprints_join_one_story_and_share_a_copy_root() {
        let mut h = Harness::default();
        let original = Page {
            body: body("flood"),
            ..Page::default()
        };
        let mut reprint = original.clone();
        reprint
            .body
            .push("Reporting by a second outlet.".to_owned());
        let other = Page {
            body: body("election"),
            ..Page::default()
        };
        let (a, story) = h.link(&original);
        let (b, again) = h.link(&reprint);
        let (_, elsewhere) = h.link(&other);
        assert_eq!(again, story);
        assert_ne!(elsewhere, story);
        assert_eq!(h.index.articles[&b].root, a, "the reprint's copy root");
        assert_eq!(h.index.stories[&story].articles.len(), 2);
    }

    #[test]
    fn a_shared_quote_and_named_speaker_join_different_bodies() {
        let mut h = Harness::default();
        let speaker = (QUOTE, Some("Maria Olsen"), Some("the mayor"));
        let first = Page {
            body: body("bridge"),
            quotes: vec![speaker],
            ..Page::default()
        };
        let second = Page {
            body: body("harvest"),
            quotes: vec![speaker],
            ..Page::default()
        };
        // The same speaker saying something else is not enough on its own.
        let third = Page {
            body: body("museum"),
            quotes: vec![(
                "The museum will charge no entry fee to pupils next spring",
                Some("Maria Olsen"),
                Some("the mayor"),
            )],
            ..Page::default()
        };
        let (a, story) = h.link(&first);
        let (b, joined) = h.link(&second);
        let (c, apart) = h.link(&third);
        assert_eq!(joined, story);
        assert_ne!(apart, story);
        assert_eq!(h.clusters_of(a), h.clusters_of(b));
        assert_ne!(h.clusters_of(a), h.clusters_of(c));
        assert_eq!(h.index.speakers.len(), 1, "one Maria Olsen");
        assert_eq!(h.index.stories[&story].articles[1], (b, story::JOIN_SCORE));
    }

    #[test]
    fn trivial_quotes_join_no_cluster() {
        let mut h = Harness::default();
        let page = |topic| Page {
            body: body(topic),
            quotes: vec![("No", None, None), ("No", None, None)],
            ..Page::default()
        };
        let (a, _) = h.link(&page("tariff"));
        let (b, _) = h.link(&page("drought"));
        let (ca, cb) = (h.clusters_of(a), h.clusters_of(b));
        assert_eq!(ca[0], ca[1], "repeats within an article share a cluster");
        assert_ne!(ca[0], cb[0]);
        assert!(h.index.quote_keys.is_empty(), "no keys stored for them");
    }

    #[test]
    fn figures_disagree_only_between_articles() {
        let month = Some("month");
        let first = Page {
            outlet: Some("The Daily"),
            body: body("attacks"),
            figures: vec![
                (140_000.0, "attacks", month, Some("up to")),
                (150_000.0, "attacks", month, None),
            ],
            ..Page::default()
        };
        let mut second = first.clone();
        second.outlet = Some("The Weekly");
        second.body.push("This outlet's own paragraph.".to_owned());
        second.figures = vec![(144_000.0, "cyber attacks", month, None)];
        // Bounds on opposite sides are no contradiction; the same value without
        // its bound does contradict "up to 140,000".
        let mut third = first.clone();
        third.outlet = Some("The Monthly");
        third.body.push("A third outlet's paragraph.".to_owned());
        third.figures = vec![(120_000.0, "attacks", month, Some("more than"))];
        let mut unbounded = third.clone();
        unbounded.figures[0].3 = None;
        let (mut h, mut control) = (Harness::default(), Harness::default());
        for (harness, last) in [(&mut h, &third), (&mut control, &unbounded)] {
            harness.link(&first);
            harness.link(&second);
            harness.link(last);
        }
        let against = |h: &Harness, figure: i64| -> Vec<i64> {
            let rows = h.index.disagreements.iter().filter(|d| d.2 == figure);
            rows.map(|d| d.1).collect()
        };
        // The first article's own two values never disagree with each other.
        assert!(against(&h, 2).is_empty());
        assert!(
            !against(&h, 3).is_empty(),
            "144,000 against the first outlet's"
        );
        for (_, a, b, head, outlets) in h.index.disagreements.iter().filter(|d| d.2 == 3) {
            assert!(*a <= 2, "{a} vs {b}: one figure of each article");
            assert_eq!((head.as_str(), *outlets), ("attack", "different"));
        }
        assert!(!against(&h, 4).contains(&1), "{:?}", h.index.disagreements);
        assert!(
            against(&control, 4).contains(&1),
            "{:?}",
            control.index.disagreements
        );
    }

    /// The disagreements of figure `figure` in `h`: (the earlier figure, outlets).
    fn disagreements_of(h: &Harness, figure: i64) -> Vec<(i64, &'static str)> {
        let rows = h.index.disagreements.iter().filter(|d| d.2 == figure);
        rows.map(|d| (d.1, d.4)).collect()
    }

    #[test]
    fn a_range_disagrees_only_with_values_outside_it() {
        let outlet = |name, topic: &str| Page {
            outlet: Some(name),
            body: [
                body("plant"),
                vec![format!("{topic} wrote this paragraph.")],
            ]
            .concat(),
            ..Page::default()
        };
        let range = Page {
            ranges: vec![(10_000.0, 12_000.0, "jobs")],
            ..outlet("The Herald", "The Herald")
        };
        let inside = Page {
            figures: vec![(11_000.0, "jobs", None, None)],
            ..outlet("The Courier", "The Courier")
        };
        let outside = Page {
            figures: vec![(20_000.0, "jobs", None, None)],
            ..outlet("The Gazette", "The Gazette")
        };
        let at_end = Page {
            figures: vec![(12_000.0, "new jobs", None, None)],
            ..outlet("The Post", "The Post")
        };
        // The range first, then values: figure 1 is the range.
        let mut h = Harness::default();
        for p in [&range, &inside, &outside, &at_end] {
            h.link(p);
        }
        assert_eq!(h.index.stories.len(), 1);
        assert!(disagreements_of(&h, 2).is_empty(), "11,000 lies inside");
        assert_eq!(disagreements_of(&h, 3), [(1, "different")], "20,000");
        assert!(disagreements_of(&h, 4).is_empty(), "12,000 is its end");
        // Values first, then the range: it disagrees with 20,000 only.
        let mut h = Harness::default();
        for p in [&inside, &outside, &range] {
            h.link(p);
        }
        let rows = disagreements_of(&h, 3);
        assert_eq!(rows, [(2, "different")], "{:?}", h.index.disagreements);
        // Without the range, 11,000 and 20,000 are two values that disagree.
        assert_eq!(disagreements_of(&h, 2), [(1, "different")]);
    }

    #[test]
    fn spellings_of_one_speaker_merge_and_the_commonest_is_its_name() {
        let mut h = Harness::default();
        let role = Some("Foreign Ministry spokeswoman");
        let page = |topic, name| Page {
            body: body(topic),
            quotes: vec![(QUOTE, Some(name), role)],
            ..Page::default()
        };
        let (_, story) = h.link(&page("ministry", "Hua Chuying"));
        let (_, s2) = h.link(&page("dialogue", "Hua Chunying"));
        let (_, s3) = h.link(&page("hackers", "Hua Chunying"));
        assert_eq!((s2, s3), (story, story));
        assert_eq!(h.index.speakers.len(), 1, "{:?}", h.index.speakers);
        let speaker = &h.index.speakers[&1];
        assert_eq!(speaker.aliases.len(), 2);
        assert_eq!(speaker.name, "Hua Chunying");
    }
}
