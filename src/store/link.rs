//! The SQLite side of cross-source linking: [`SqliteIndex`] is the
//! [`LinkIndex`] that `crate::link::linker::Linker` links against, inside the
//! transaction that inserted the article ([`link`]). Every candidate comes from an
//! index lookup (LSH bands, quote trigram keys, speaker name keys, per-story figure
//! values), each capped, so adding an article never scans the database.
//!
//! [`LinkCache`] remembers what the lookups read between articles, so most are
//! answered without SQL; the stories carrying a quote cluster come from
//! `quote_cluster_stories` (one range scan, V4), and a story's figure values are
//! read once per story into a [`StoryValues`].
//!
//! Deletion needs no code here: link rows cascade from articles, quotes and figures
//! (LSH band rows go by trigger, V6), and triggers in `V2__links.sql` and
//! `V4__link_speed.sql` drop stories, clusters and speakers left empty and take
//! deleted members off the per-story cluster counts (which
//! [`LinkIndex::cluster_in_story`] adds to).

use std::borrow::Cow;
use std::hash::Hash;
use std::sync::{Arc, LazyLock};

use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};

use super::bands::{band_key, BandIndex, Known};
use super::StoreError;
use crate::link::figures::{Claim, FigureKey};
use crate::link::index::{
    Disagreement, FigureSource, LinkIndex, LinkedArticle, Member, Placement, StoryChoice,
    StoryDates, StoryValues, BAND_CANDIDATES, CANONICAL_SOURCES, CANONICAL_SPELLINGS,
    KEY_CANDIDATES, SPEAKERS_PER_KEY, STORIES_PER_CLUSTER,
};
use crate::link::linker::{Linker, NewArticle};
use crate::link::minhash::{StoredSignature, BANDS};
use crate::link::quotes::QuoteShape;
use crate::link::speakers::SpeakerRef;
use crate::link::LinkPrep;
use crate::pipeline::Extracted;

/// Most cluster shapes [`LinkCache`] keeps; it is emptied when full, so memory stays
/// bounded (a miss costs one primary-key read and one [`QuoteShape::new`]).
const SHAPE_CACHE: usize = 2048;
/// Most speakers [`LinkCache`] keeps, emptied likewise.
const SPEAKER_CACHE: usize = 4096;
/// Most quote keys [`LinkCache`] keeps, emptied likewise.
const QUOTE_KEY_CACHE: usize = 32_768;
/// Most article signatures [`LinkCache`] keeps (about 200 bytes each), emptied likewise.
const ARTICLE_CACHE: usize = 16_384;
/// Most clusters whose stories [`LinkCache`] keeps, emptied likewise.
const CLUSTER_STORIES_CACHE: usize = 16_384;
/// Most stories whose dates [`LinkCache`] keeps, emptied likewise.
const STORY_DATES_CACHE: usize = 16_384;
/// Most stories whose figure values [`LinkCache`] keeps, emptied likewise.
const STORY_FIGURES_CACHE: usize = 4096;
/// Most speaker name keys [`LinkCache`] keeps, emptied likewise.
const SPEAKER_KEY_CACHE: usize = 16_384;
/// Most stories whose speakers [`LinkCache`] keeps, emptied likewise.
const STORY_SPEAKERS_CACHE: usize = 4096;
/// Most copy roots [`LinkCache`] keeps for speakers' spellings, over all of them
/// (at most [`CANONICAL_SOURCES`] each); emptied likewise.
const SPELLING_ROOTS_CACHE: usize = 131_072;

/// What the writer remembers between articles to spare repeated reads: the
/// clusters under recently read quote keys, the [`QuoteShape`] of recently matched
/// clusters' canonical texts, the spellings of
/// recently read speakers and the speakers under recently read name keys, the
/// signature, story and copy root of recent articles, the stories carrying recently
/// matched clusters, and recent stories' dates, speakers and figure values. Only the
/// writer changes these rows; what linking adds is applied to what is remembered (a
/// speaker's new spelling drops its entry instead), and otherwise they change only
/// when an article is deleted,
/// so the store empties the cache before any delete and after a failed batch (whose
/// rolled-back ids will be handed out again). Each map is emptied when full, so
/// memory stays bounded.
#[derive(Debug, Default)]
pub(crate) struct LinkCache {
    shapes: FxHashMap<i64, Arc<QuoteShape>>,
    /// Recently linked or read articles: signature, story and copy root (none of
    /// which changes while the article exists).
    articles: FxHashMap<i64, Arc<LinkedArticle>>,
    /// Recently read quote keys: the clusters a lookup returns (the lowest
    /// [`KEY_CANDIDATES`] cluster ids stored under the key).
    quote_keys: FxHashMap<i64, Vec<i64>>,
    /// Each recently read speaker's spellings (in alias order) as [`SpeakerRef`]s.
    /// A speaker's role never changes once stored; a new spelling drops its entry.
    speakers: FxHashMap<i64, Arc<Vec<(String, SpeakerRef)>>>,
    /// Recently matched clusters: the stories carrying them, as the
    /// `quote_cluster_stories` lookup returns them (highest [`STORIES_PER_CLUSTER`]
    /// story ids, descending).
    cluster_stories: FxHashMap<i64, Vec<i64>>,
    /// Recently read or linked stories' first and last publication dates.
    story_dates: FxHashMap<i64, StoryDates>,
    /// Recently read or linked stories' `story_figures` rows.
    story_figures: FxHashMap<i64, StoryValues>,
    /// Recently read speaker name keys: the speakers a lookup returns (the lowest
    /// [`SPEAKERS_PER_KEY`] speaker ids stored under the key, ascending).
    speaker_keys: FxHashMap<String, Vec<i64>>,
    /// Recently read or linked stories' speakers (`story_speakers`).
    story_speakers: FxHashMap<i64, FxHashSet<i64>>,
    /// Recently read speakers' spellings: the sources of each, as
    /// [`update_canonical`] counts them ([`SpellingSources`]), kept up to date as
    /// members are added.
    spelling_sources: FxHashMap<i64, FxHashMap<String, SpellingSources>>,
    /// Copy roots held in `spelling_sources`.
    spelling_roots: usize,
    /// Band keys known absent (a filter of every stored one, kept when the rest is
    /// emptied) and recently used band keys' articles.
    bands: BandIndex,
}

impl LinkCache {
    /// Writes what linking holds back until the transaction's end (the LSH band
    /// rows, [`BandIndex::flush`]). Call it before a commit and before a delete.
    pub(crate) fn flush(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        self.bands.flush(tx)
    }

    /// Forgets everything, dropping what [`LinkCache::flush`] did not write (after
    /// a rolled-back batch; before a delete, flush first). The band filter stays.
    pub(crate) fn clear(&mut self) {
        self.shapes.clear();
        self.speakers.clear();
        self.articles.clear();
        self.quote_keys.clear();
        self.cluster_stories.clear();
        self.story_dates.clear();
        self.story_figures.clear();
        self.speaker_keys.clear();
        self.story_speakers.clear();
        self.spelling_sources.clear();
        self.spelling_roots = 0;
        self.bands.forget();
    }

    fn remember_key(&mut self, key: i64, clusters: Vec<i64>) {
        remember(&mut self.quote_keys, QUOTE_KEY_CACHE, key, clusters);
    }

    /// A new cluster stored `keys`: remembered lists that are not full gain it (its
    /// id is the highest, so a full list of the lowest ids stays as it is).
    fn cluster_keyed(&mut self, cluster: i64, keys: &[i64]) {
        for k in keys {
            if let Some(list) = self.quote_keys.get_mut(k) {
                if list.len() < KEY_CANDIDATES {
                    list.push(cluster);
                }
            }
        }
    }

    fn remember_article(&mut self, id: i64, known: LinkedArticle) -> Arc<LinkedArticle> {
        let known = Arc::new(known);
        remember(&mut self.articles, ARTICLE_CACHE, id, Arc::clone(&known));
        known
    }

    /// The stories carrying `cluster` (the most recent [`STORIES_PER_CLUSTER`],
    /// descending), read (and remembered) when not known.
    fn cluster_stories(&mut self, tx: &Transaction, cluster: i64) -> Result<Vec<i64>, StoreError> {
        if let Some(known) = self.cluster_stories.get(&cluster) {
            return Ok(known.clone());
        }
        let ids: Vec<i64> = tx
            .prepare_cached(&format!(
                "SELECT story_id FROM quote_cluster_stories WHERE cluster_id = ?1
                 ORDER BY story_id DESC LIMIT {STORIES_PER_CLUSTER}"
            ))?
            .query_map([cluster], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        remember(
            &mut self.cluster_stories,
            CLUSTER_STORIES_CACHE,
            cluster,
            ids.clone(),
        );
        Ok(ids)
    }

    /// `story` now carries `cluster`: a remembered list gains it in its place.
    fn cluster_carried(&mut self, cluster: i64, story: i64) {
        if let Some(list) = self.cluster_stories.get_mut(&cluster) {
            insert_capped(list, story, STORIES_PER_CLUSTER, |a, b| b.cmp(a));
        }
    }

    /// Story `id`'s dates, read (and remembered) when not known; a story that does
    /// not exist has none.
    fn story_dates(&mut self, tx: &Transaction, id: i64) -> Result<StoryDates, StoreError> {
        if let Some(known) = self.story_dates.get(&id) {
            return Ok(known.clone());
        }
        let dates: StoryDates = tx
            .prepare_cached("SELECT first_published, last_published FROM stories WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((None, None));
        remember(&mut self.story_dates, STORY_DATES_CACHE, id, dates.clone());
        Ok(dates)
    }

    /// Story `id` gained an article published on `published`: its remembered dates
    /// widen as [`SqliteIndex::place_article`] widens the stored ones.
    fn story_published(&mut self, id: i64, published: Option<&str>) {
        let (Some(p), Some((first, last))) = (published, self.story_dates.get_mut(&id)) else {
            return;
        };
        if first.as_deref().is_none_or(|f| p < f) {
            *first = Some(p.to_owned());
        }
        if last.as_deref().is_none_or(|l| p > l) {
            *last = Some(p.to_owned());
        }
    }

    /// Story `id`'s figure values, read (and remembered) when not known.
    fn story_figures(&mut self, tx: &Transaction, id: i64) -> Result<&StoryValues, StoreError> {
        if !self.story_figures.contains_key(&id) {
            let mut stored = StoryValues::default();
            let mut stmt = tx.prepare_cached(
                "SELECT rate, kind, rhead, head, value, figure_id FROM story_figures
                 WHERE story_id = ?1",
            )?;
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let (rate, kind, rhead, head): (String, String, String, String) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                stored.push_read(&rate, &kind, &rhead, &head, r.get(4)?, r.get(5)?);
            }
            stored.sort();
            remember(&mut self.story_figures, STORY_FIGURES_CACHE, id, stored);
        }
        Ok(self.story_figures.entry(id).or_default())
    }

    /// Whether story `id`'s remembered `story_figures` rows hold `k`'s value under
    /// its key (the row's primary key).
    fn story_value_known(&self, id: i64, k: &FigureKey) -> bool {
        self.story_figures.get(&id).is_some_and(|v| v.holds(k))
    }

    /// Story `id` gained a `story_figures` row (`INSERT OR IGNORE`: a value already
    /// stored under the key keeps its figure).
    fn story_value_added(&mut self, id: i64, k: &FigureKey, figure: i64) {
        if let Some(stored) = self.story_figures.get_mut(&id) {
            stored.add(k, figure);
        }
    }

    /// The speakers stored under name key `key` (the lowest [`SPEAKERS_PER_KEY`]
    /// ids, ascending), read (and remembered) when not known.
    fn speakers_keyed(&mut self, tx: &Transaction, key: &str) -> Result<Vec<i64>, StoreError> {
        if let Some(known) = self.speaker_keys.get(key) {
            return Ok(known.clone());
        }
        let ids: Vec<i64> = tx
            .prepare_cached(&format!(
                "SELECT speaker_id FROM speaker_keys WHERE key = ?1
                 ORDER BY speaker_id LIMIT {SPEAKERS_PER_KEY}"
            ))?
            .query_map([key], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        remember(
            &mut self.speaker_keys,
            SPEAKER_KEY_CACHE,
            key.to_owned(),
            ids.clone(),
        );
        Ok(ids)
    }

    /// Speaker `id` is now stored under name key `key`: a remembered list gains it
    /// in its place.
    fn speaker_keyed(&mut self, key: &str, id: i64) {
        if let Some(list) = self.speaker_keys.get_mut(key) {
            insert_capped(list, id, SPEAKERS_PER_KEY, i64::cmp);
        }
    }

    /// Whether story `story` has quoted speaker `speaker`; the story's speakers are
    /// read (and remembered) when not known.
    fn story_has_speaker(
        &mut self,
        tx: &Transaction,
        story: i64,
        speaker: i64,
    ) -> Result<bool, StoreError> {
        if !self.story_speakers.contains_key(&story) {
            let ids: FxHashSet<i64> = tx
                .prepare_cached("SELECT speaker_id FROM story_speakers WHERE story_id = ?1")?
                .query_map([story], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            remember(&mut self.story_speakers, STORY_SPEAKERS_CACHE, story, ids);
        }
        Ok(self
            .story_speakers
            .get(&story)
            .is_some_and(|s| s.contains(&speaker)))
    }

    /// Whether speaker `id` is remembered to have the spelling `alias` (a
    /// `speaker_aliases` row); false when not remembered.
    fn remembers_spelling(&self, id: i64, alias: &str) -> bool {
        self.speakers
            .get(&id)
            .is_some_and(|list| list.iter().any(|(a, _)| a == alias))
    }

    /// Whether speaker `id` is remembered under name key `key` (a `speaker_keys`
    /// row); false when not remembered.
    fn remembers_key(&self, key: &str, id: i64) -> bool {
        self.speaker_keys
            .get(key)
            .is_some_and(|list| list.binary_search(&id).is_ok())
    }

    /// Whether story `story` is remembered to have speaker `speaker` (a
    /// `story_speakers` row); false when not remembered.
    fn remembers_story_speaker(&self, story: i64, speaker: i64) -> bool {
        self.story_speakers
            .get(&story)
            .is_some_and(|ids| ids.contains(&speaker))
    }

    /// Story `story` now has speaker `speaker` (a `story_speakers` row).
    fn story_speaker_added(&mut self, story: i64, speaker: i64) {
        if let Some(ids) = self.story_speakers.get_mut(&story) {
            ids.insert(speaker);
        }
    }

    /// Up to `cap` of the distinct sources of speaker `id`'s `spelling`
    /// ([`SpellingSources`]), read (and remembered) when not known.
    fn spelling_sources(
        &mut self,
        tx: &Transaction,
        id: i64,
        spelling: &str,
        cap: usize,
    ) -> Result<Vec<i64>, StoreError> {
        let known = self
            .spelling_sources
            .get(&id)
            .is_some_and(|m| m.contains_key(spelling));
        if !known {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT coalesce(c.root, m.article_id) FROM
                     (SELECT article_id FROM quote_cluster_members WHERE speaker_id = ?1 AND spelling = ?2
                      LIMIT {CANONICAL_SOURCES}) m
                 LEFT JOIN article_copies c ON c.article_id = m.article_id"
            ))?;
            let mut read = SpellingSources::default();
            let mut rows = stmt.query(params![id, spelling])?;
            while let Some(r) = rows.next()? {
                read.members += 1;
                read.roots.insert(r.get(0)?);
            }
            if self.spelling_roots + read.roots.len() > SPELLING_ROOTS_CACHE {
                self.spelling_sources.clear();
                self.spelling_roots = 0;
            }
            self.spelling_roots += read.roots.len();
            self.spelling_sources
                .entry(id)
                .or_default()
                .insert(spelling.to_owned(), read);
        }
        Ok(self
            .spelling_sources
            .get(&id)
            .and_then(|m| m.get(spelling))
            .map(|s| s.roots.iter().copied().take(cap).collect())
            .unwrap_or_default())
    }

    /// A member quoting speaker `id` as `spelling` was stored, from an article of
    /// copy root `root`: a remembered spelling not yet at [`CANONICAL_SOURCES`]
    /// members gains it (its quote id is the highest, so it sorts last).
    fn spelling_used(&mut self, id: i64, spelling: &str, root: i64) {
        if let Some(s) = self
            .spelling_sources
            .get_mut(&id)
            .and_then(|m| m.get_mut(spelling))
        {
            if s.members < CANONICAL_SOURCES {
                s.members += 1;
                if s.roots.insert(root) {
                    self.spelling_roots += 1;
                }
            }
        }
    }

    /// Speaker `id`'s spellings, read (and remembered) when not known.
    fn spellings(
        &mut self,
        tx: &Transaction,
        id: i64,
    ) -> Result<Arc<Vec<(String, SpeakerRef)>>, StoreError> {
        if let Some(known) = self.speakers.get(&id) {
            return Ok(Arc::clone(known));
        }
        let mut stmt = tx.prepare_cached(
            "SELECT al.alias, s.role FROM speakers s
             JOIN speaker_aliases al ON al.speaker_id = s.id
             WHERE s.id = ?1 ORDER BY al.alias",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut list = Vec::new();
        for row in rows {
            let (alias, role) = row?;
            let known = SpeakerRef::new(&alias, role.as_deref());
            list.push((alias, known));
        }
        let list = Arc::new(list);
        remember(&mut self.speakers, SPEAKER_CACHE, id, Arc::clone(&list));
        Ok(list)
    }
}

/// What choosing a canonical spelling counts for one spelling of a speaker: the
/// distinct copy roots (`article_copies`) of its first [`CANONICAL_SOURCES`] member
/// quotes, in quote order, and how many members those were.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct SpellingSources {
    members: usize,
    roots: FxHashSet<i64>,
}

/// Inserts into one of [`LinkCache`]'s maps, emptying it first when it holds `cap`.
fn remember<K: Hash + Eq, V>(map: &mut FxHashMap<K, V>, cap: usize, key: K, value: V) {
    if map.len() >= cap {
        map.clear();
    }
    map.insert(key, value);
}

/// Adds `id` to `list` (sorted by `order`, at most `cap` long, as a capped lookup
/// returns it) unless it is there; an id sorting after a full list's last is dropped.
fn insert_capped(
    list: &mut Vec<i64>,
    id: i64,
    cap: usize,
    order: impl Fn(&i64, &i64) -> std::cmp::Ordering,
) {
    if let Err(at) = list.binary_search_by(|x| order(x, &id)) {
        list.insert(at, id);
        list.truncate(cap);
    }
}

/// The row ids the writer gave an article's quotes and figures, in their order.
#[derive(Debug, Default)]
pub(crate) struct RowIds {
    /// `quote_rows.id` of each quote.
    pub quotes: Vec<i64>,
    /// `figure_rows.id` of each figure.
    pub figures: Vec<i64>,
}

/// Links the freshly inserted article `article_id` (whose pipeline output is `x`, its
/// quotes' and figures' rows `ids`, its [`LinkPrep`] computed on the preparing pool)
/// with a [`Linker`] over this transaction.
pub(crate) fn link(
    tx: &Transaction,
    article_id: i64,
    ids: &RowIds,
    x: &Extracted,
    prep: &LinkPrep,
    now: &str,
    cache: &mut LinkCache,
) -> Result<(), StoreError> {
    let article = NewArticle {
        id: article_id,
        extracted: x,
        prep,
        quote_ids: &ids.quotes,
        figure_ids: &ids.figures,
        now,
    };
    let mut index = SqliteIndex { tx, cache };
    Linker::new(&mut index).link(&article)?;
    Ok(())
}

/// [`LinkIndex`] over the writer's transaction, reading through its [`LinkCache`]
/// and keeping the cache up to date with what it writes.
pub(crate) struct SqliteIndex<'t, 'c> {
    tx: &'t Transaction<'t>,
    cache: &'c mut LinkCache,
}

impl LinkIndex for SqliteIndex<'_, '_> {
    type Error = StoreError;

    fn add_bands(
        &mut self,
        article: i64,
        bands: &[(i64, i64)],
    ) -> Result<FxHashMap<i64, usize>, StoreError> {
        band_candidates(self.tx, &mut self.cache.bands, bands, article)
    }

    fn article(&mut self, id: i64) -> Result<Option<Arc<LinkedArticle>>, StoreError> {
        if let Some(known) = self.cache.articles.get(&id) {
            return Ok(Some(Arc::clone(known)));
        }
        let row: Option<(Vec<u8>, i64, i64)> = self
            .tx
            .prepare_cached(
                "SELECT s.minhash, sa.story_id, coalesce(c.root, s.article_id)
                 FROM article_signatures s
                 JOIN story_articles sa ON sa.article_id = s.article_id
                 LEFT JOIN article_copies c ON c.article_id = s.article_id
                 WHERE s.article_id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let known = row.and_then(|(bytes, story, root)| {
            let signature = StoredSignature::from_bytes(&bytes)?;
            Some(LinkedArticle {
                signature,
                story,
                root,
            })
        });
        Ok(known.map(|k| self.cache.remember_article(id, k)))
    }

    fn clusters_under(&mut self, keys: &[i64]) -> Result<FxHashMap<i64, usize>, StoreError> {
        let mut hits: FxHashMap<i64, usize> = FxHashMap::default();
        // Keys whose clusters the cache knows are not read again.
        let mut missing = Vec::new();
        for k in keys {
            match self.cache.quote_keys.get(k) {
                Some(ids) => {
                    for c in ids {
                        *hits.entry(*c).or_default() += 1;
                    }
                }
                None => missing.push(*k),
            }
        }
        if missing.is_empty() {
            return Ok(hits);
        }
        // All of the keys in one statement (each still capped at KEY_CANDIDATES
        // clusters): one statement per key cost more than the seeks.
        let mut by_key = self.tx.prepare_cached(&format!(
            "SELECT (SELECT group_concat(cluster_id) FROM
                 (SELECT cluster_id FROM quote_keys WHERE key = j.value LIMIT {KEY_CANDIDATES}))
             FROM json_each(?1) j"
        ))?;
        let json = serde_json::to_string(&missing).unwrap_or_default();
        let found = by_key.query_map(params![json], |r| r.get::<_, Option<String>>(0))?;
        // One row per key, in the array's order.
        for (k, list) in missing.iter().zip(found) {
            let ids: Vec<i64> = list?
                .iter()
                .flat_map(|l| l.split(','))
                .filter_map(|c| c.parse::<i64>().ok())
                .collect();
            for c in &ids {
                *hits.entry(*c).or_default() += 1;
            }
            self.cache.remember_key(*k, ids);
        }
        Ok(hits)
    }

    fn cluster_shape(&mut self, cluster: i64) -> Result<Option<Arc<QuoteShape>>, StoreError> {
        if let Some(shape) = self.cache.shapes.get(&cluster) {
            return Ok(Some(Arc::clone(shape)));
        }
        let text: Option<String> = self
            .tx
            .prepare_cached("SELECT canonical_text FROM quote_clusters WHERE id = ?1")?
            .query_row([cluster], |r| r.get(0))
            .optional()?;
        Ok(text.map(|t| {
            let shape = Arc::new(QuoteShape::new(&t));
            remember(
                &mut self.cache.shapes,
                SHAPE_CACHE,
                cluster,
                Arc::clone(&shape),
            );
            shape
        }))
    }

    fn cluster_stories(&mut self, cluster: i64) -> Result<Vec<i64>, StoreError> {
        self.cache.cluster_stories(self.tx, cluster)
    }

    fn story_dates(&mut self, story: i64) -> Result<StoryDates, StoreError> {
        self.cache.story_dates(self.tx, story)
    }

    fn speakers_keyed(&mut self, key: &str) -> Result<Vec<i64>, StoreError> {
        self.cache.speakers_keyed(self.tx, key)
    }

    fn spellings(&mut self, speaker: i64) -> Result<Arc<Vec<(String, SpeakerRef)>>, StoreError> {
        self.cache.spellings(self.tx, speaker)
    }

    fn story_has_speaker(&mut self, story: i64, speaker: i64) -> Result<bool, StoreError> {
        self.cache.story_has_speaker(self.tx, story, speaker)
    }

    fn nearest_values(
        &mut self,
        story: i64,
        k: &FigureKey,
    ) -> Result<Vec<(FigureKey, i64)>, StoreError> {
        Ok(self.cache.story_figures(self.tx, story)?.nearest(k))
    }

    fn place_article(&mut self, p: &Placement) -> Result<i64, StoreError> {
        let tx = self.tx;
        tx.prepare_cached("INSERT INTO article_signatures (article_id, minhash) VALUES (?1, ?2)")?
            .execute(params![p.article, p.signature.to_bytes()])?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO article_copies (article_id, root) VALUES (?1, ?2)",
        )?
        .execute(params![p.article, p.root])?;
        let story = match p.story {
            StoryChoice::Join { id, score } => self.join_story(p, id, score)?,
            StoryChoice::New { label } => self.new_story(p, label)?,
        };
        let linked = LinkedArticle {
            signature: StoredSignature::of(p.signature),
            story,
            root: p.root,
        };
        self.cache.remember_article(p.article, linked);
        Ok(story)
    }

    fn add_speaker(&mut self, name: &str, role: Option<&str>) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached("INSERT INTO speakers (name, role) VALUES (?1, ?2)")?
            .execute(params![name, role])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn speaker_used(
        &mut self,
        speaker: i64,
        spelling: &str,
        keys: &[String],
        story: i64,
    ) -> Result<(), StoreError> {
        let (tx, cache) = (self.tx, &mut *self.cache);
        // Rows the cache shows are stored already are not inserted again.
        if !cache.remembers_spelling(speaker, spelling)
            && tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?1, ?2)",
                )?
                .execute(params![speaker, spelling])?
                > 0
        {
            // A new spelling: the remembered list is out of date.
            cache.speakers.remove(&speaker);
        }
        for k in keys {
            if !cache.remembers_key(k, speaker) {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO speaker_keys (key, speaker_id) VALUES (?1, ?2)",
                )?
                .execute(params![k, speaker])?;
                cache.speaker_keyed(k, speaker);
            }
        }
        if !cache.remembers_story_speaker(story, speaker) {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO story_speakers (story_id, speaker_id) VALUES (?1, ?2)",
            )?
            .execute(params![story, speaker])?;
            cache.story_speaker_added(story, speaker);
        }
        Ok(())
    }

    fn add_cluster(
        &mut self,
        text: &str,
        quote: i64,
        speaker: Option<i64>,
        keys: &[i64],
    ) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO quote_clusters (canonical_text, canonical_quote_id, speaker_id)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![text, quote, speaker])?;
        let cluster = self.tx.last_insert_rowid();
        if !keys.is_empty() {
            let json = serde_json::to_string(keys).unwrap_or_default();
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO quote_keys (key, cluster_id)
                     SELECT value, ?2 FROM json_each(?1)",
                )?
                .execute(params![json, cluster])?;
            self.cache.cluster_keyed(cluster, keys);
        }
        Ok(cluster)
    }

    fn add_member(&mut self, m: &Member) -> Result<(), StoreError> {
        let (speaker, spelling) = (m.speaker.map(|s| s.0), m.speaker.map(|s| s.1));
        self.tx
            .prepare_cached(
                "INSERT INTO quote_cluster_members
                     (quote_id, cluster_id, article_id, speaker_id, spelling, similarity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                m.quote,
                m.cluster,
                m.article,
                speaker,
                spelling,
                m.similarity
            ])?;
        if let Some((id, sp)) = m.speaker {
            self.cache.spelling_used(id, sp, m.root);
        }
        Ok(())
    }

    fn cluster_in_story(
        &mut self,
        cluster: i64,
        story: i64,
        quotes: i64,
    ) -> Result<(), StoreError> {
        // Schema V6: no trigger per member; one upsert per cluster with this
        // article's count.
        self.tx
            .prepare_cached(
                "INSERT INTO quote_cluster_stories (cluster_id, story_id, quotes) VALUES (?1, ?2, ?3)
                 ON CONFLICT (cluster_id, story_id) DO UPDATE SET quotes = quotes + excluded.quotes",
            )?
            .execute(params![cluster, story, quotes])?;
        self.cache.cluster_carried(cluster, story);
        Ok(())
    }

    fn figure_source(&mut self, figure: i64) -> Result<Option<FigureSource>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT f.qualifier, a.outlet, f.value, f.low, f.high FROM figure_rows f
                 JOIN articles a ON a.id = f.article_id WHERE f.id = ?1",
            )?
            .query_row([figure], |r| {
                Ok(FigureSource {
                    qualifier: r.get(0)?,
                    outlet: r.get(1)?,
                    claim: Claim::of(r.get(2)?, r.get(3)?, r.get(4)?),
                })
            })
            .optional()?)
    }

    fn add_disagreement(&mut self, d: &Disagreement) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO figure_disagreements
                     (story_id, figure_a, figure_b, head, rate, rel_diff, outlets)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                d.story,
                d.figure_a,
                d.figure_b,
                d.head,
                d.rate,
                d.rel_diff,
                d.outlets.as_str()
            ])?;
        Ok(())
    }

    fn add_story_value(
        &mut self,
        story: i64,
        k: &FigureKey,
        figure: i64,
    ) -> Result<(), StoreError> {
        // A value the remembered rows hold already would be ignored by the insert.
        if self.cache.story_value_known(story, k) {
            return Ok(());
        }
        let rhead: String = k.head.chars().rev().collect();
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO story_figures
                     (story_id, head, rhead, rate, kind, value, figure_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                story, k.head, rhead, k.rate, k.kind, k.value, figure
            ])?;
        self.cache.story_value_added(story, k, figure);
        Ok(())
    }

    fn speaker_name(&mut self, speaker: i64) -> Result<String, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT name FROM speakers WHERE id = ?1")?
            .query_row([speaker], |r| r.get(0))?)
    }

    fn speaker_spellings(&mut self, speaker: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT alias FROM speaker_aliases WHERE speaker_id = ?1 LIMIT {CANONICAL_SPELLINGS}"
        ))?;
        let spellings = stmt
            .query_map([speaker], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(spellings)
    }

    fn spelling_sources(
        &mut self,
        speaker: i64,
        spelling: &str,
        cap: usize,
    ) -> Result<Vec<i64>, StoreError> {
        self.cache.spelling_sources(self.tx, speaker, spelling, cap)
    }

    fn rename_speaker(&mut self, speaker: i64, name: &str) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("UPDATE speakers SET name = ?2 WHERE id = ?1")?
            .execute(params![speaker, name])?;
        Ok(())
    }
}

impl SqliteIndex<'_, '_> {
    /// Puts the article in story `id` (chosen with `score`), widening its dates.
    fn join_story(&mut self, p: &Placement, id: i64, score: f64) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO story_articles (article_id, story_id, score) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![p.article, id, score])?;
        // Dates the story is known to cover already change nothing.
        let covered = |(first, last): &StoryDates| match (p.published, first, last) {
            (None, _, _) => true,
            (Some(d), Some(f), Some(l)) => f.as_str() <= d && d <= l.as_str(),
            _ => false,
        };
        if self.cache.story_dates.get(&id).is_some_and(covered) {
            return Ok(id);
        }
        self.tx
            .prepare_cached(
                "UPDATE stories SET
                     first_published = CASE WHEN first_published IS NULL OR ?2 < first_published THEN ?2 ELSE first_published END,
                     last_published = CASE WHEN last_published IS NULL OR ?2 > last_published THEN ?2 ELSE last_published END
                 WHERE id = ?1 AND ?2 IS NOT NULL",
            )?
            .execute(params![id, p.published])?;
        self.cache.story_published(id, p.published);
        Ok(id)
    }

    /// Starts a story labelled `label` with the article in it.
    fn new_story(&mut self, p: &Placement, label: Option<&str>) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO stories (label, first_published, last_published, created_at)
                 VALUES (?1, ?2, ?2, ?3)",
            )?
            .execute(params![label, p.published, p.now])?;
        let sid = self.tx.last_insert_rowid();
        let cache = &mut *self.cache;
        let dates = (
            p.published.map(str::to_owned),
            p.published.map(str::to_owned),
        );
        remember(&mut cache.story_dates, STORY_DATES_CACHE, sid, dates);
        let no_values = StoryValues::default();
        remember(
            &mut cache.story_figures,
            STORY_FIGURES_CACHE,
            sid,
            no_values,
        );
        let no_speakers = FxHashSet::default();
        remember(
            &mut cache.story_speakers,
            STORY_SPEAKERS_CACHE,
            sid,
            no_speakers,
        );
        self.tx
            .prepare_cached(
                "INSERT INTO story_articles (article_id, story_id, score) VALUES (?1, ?2, 0)",
            )?
            .execute(params![p.article, sid])?;
        Ok(sid)
    }
}

/// Stores article `article_id`'s LSH `bands` and returns the earlier articles sharing
/// them, each with the number of bands it shares (the LSH estimate of similarity).
/// Per band key, the most recent [`BAND_CANDIDATES`] articles count. Keys the
/// [`BandIndex`] can answer are not read; the others are read in one statement, keys
/// bound as integers. The rows are written when the transaction ends
/// ([`LinkCache::flush`]).
fn band_candidates(
    tx: &Transaction,
    index: &mut BandIndex,
    bands: &[(i64, i64)],
    article_id: i64,
) -> Result<FxHashMap<i64, usize>, StoreError> {
    index.load(tx)?;
    // Per band: the articles stored under its key before this one (None: not known).
    let mut before: Vec<Option<Vec<i64>>> = bands
        .iter()
        .map(|&(b, k)| match index.lookup(band_key(b, k)) {
            Known::Ids(ids) => Some(ids.to_vec()),
            Known::Unknown => None,
        })
        .collect();
    let unknown: Vec<usize> = (0..bands.len()).filter(|&i| before[i].is_none()).collect();
    if !unknown.is_empty() {
        let flat: Vec<i64> = unknown
            .iter()
            .flat_map(|&i| [bands[i].0, bands[i].1])
            .collect();
        let sql = BAND_LOOKUP_SQL.get(unknown.len()).map_or_else(
            || Cow::Owned(band_lookup_sql(unknown.len())),
            |s| Cow::Borrowed(s.as_str()),
        );
        let mut find = tx.prepare_cached(&sql)?;
        // What each unknown key's arm of the statement read.
        let mut read: Vec<Vec<i64>> = vec![Vec::new(); unknown.len()];
        let found = find.query_map(rusqlite::params_from_iter(&flat), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in found {
            let (arm, id) = row?;
            if let Some(ids) = usize::try_from(arm).ok().and_then(|a| read.get_mut(a)) {
                ids.push(id);
            }
        }
        // Rows held for this transaction come first (they are the most recent).
        for (&i, mut ids) in unknown.iter().zip(read) {
            ids.sort_unstable_by(|a, b| b.cmp(a));
            let (b, k) = bands[i];
            let mut all: Vec<i64> = index.pending_under(band_key(b, k)).collect();
            all.extend(ids);
            all.truncate(BAND_CANDIDATES);
            before[i] = Some(all);
        }
    }
    let mut shared: FxHashMap<i64, usize> = FxHashMap::default();
    for ids in before.iter().flatten() {
        for &id in ids {
            *shared.entry(id).or_default() += 1;
        }
    }
    for (&(b, k), ids) in bands.iter().zip(&before) {
        index.store(
            b,
            k,
            article_id,
            ids.as_deref().unwrap_or_default(),
            BAND_CANDIDATES,
        );
    }
    Ok(shared)
}

/// [`band_lookup_sql`] for 0 to [`BANDS`] band keys, built once.
static BAND_LOOKUP_SQL: LazyLock<Vec<String>> =
    LazyLock::new(|| (0..=BANDS).map(band_lookup_sql).collect());
/// One statement reading up to [`BAND_CANDIDATES`] articles (most recent first) for
/// each of `n` (band, key) pairs bound as `?1, ?2, …`: rows of (pair's position,
/// article id). Each pair reads `lsh_bands` and the rows staged in
/// `lsh_bands_recent` (`bands.rs`), merged in id order.
fn band_lookup_sql(n: usize) -> String {
    (0..n)
        .map(|i| {
            let (b, k) = (2 * i + 1, 2 * i + 2);
            format!(
                "SELECT {i}, article_id FROM (
                 SELECT article_id FROM lsh_bands_recent WHERE band = ?{b} AND key = ?{k}
                 UNION ALL SELECT article_id FROM lsh_bands WHERE band = ?{b} AND key = ?{k}
                 ORDER BY article_id DESC LIMIT {BAND_CANDIDATES})"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// The indexed lookup that [`StoryValues::nearest`] over a remembered story replaced
/// (kept as the tests' reference): its statement for `n` heads. Parameters: ?1
/// story, ?2 rate, ?3 kind, ?4..?7 the bounds of the downward (?4..?5) and upward
/// (?6..?7) ranges, ?8..?9 the compound heads' reversed range, then the `n` reversed
/// heads. Rows: (arm, value, figure_id, head): arm `i` < `n` is head `i` (down, then
/// up), arm `n` the compounds (with their head), in that order.
#[cfg(test)]
fn nearest_sql(n: usize) -> String {
    use crate::link::index::{COMPOUND_VALUES, NEAREST_VALUES};
    let range = |arm: usize, param: usize, lo: usize, hi: usize, order: &str| {
        format!(
            "SELECT * FROM (SELECT {arm}, value, figure_id, NULL FROM story_figures
             WHERE story_id = ?1 AND rate = ?2 AND kind = ?3 AND rhead = ?{param}
               AND value >= ?{lo} AND value <= ?{hi}
             ORDER BY value {order} LIMIT {NEAREST_VALUES})"
        )
    };
    let mut arms: Vec<String> = (0..n)
        .flat_map(|i| {
            [
                range(i, 10 + i, 4, 5, "DESC"),
                range(i, 10 + i, 6, 7, "ASC"),
            ]
        })
        .collect();
    arms.push(format!(
        "SELECT * FROM (SELECT {n}, value, figure_id, head FROM story_figures
         WHERE story_id = ?1 AND rate = ?2 AND kind = ?3 AND rhead > ?8 AND rhead < ?9
         LIMIT {COMPOUND_VALUES})"
    ));
    arms.join(" UNION ALL ")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{FileMeta, PreparedFile, Store};
    use super::*;
    use crate::link::figures;
    use crate::normalize::NormalizeOptions;

    /// [`StoryValues::nearest`] as the indexed statement computes it: every head and
    /// suffix of `k`'s, and the compound range.
    fn nearest_by_sql(tx: &Transaction, story_id: i64, k: &FigureKey) -> Vec<(FigureKey, i64)> {
        let (far_lo, far_hi) = figures::window(k.value, figures::MAX_REL_DIFF);
        let (tol_lo, tol_hi) = figures::window(k.value, figures::TOLERANCE);
        let rev: Vec<char> = k.head.chars().rev().collect();
        let heads: Vec<usize> = std::iter::once(rev.len())
            .chain(figures::MIN_HEAD..rev.len())
            .collect();
        let (longer_lo, longer_hi) = if rev.len() >= figures::MIN_HEAD {
            let whole: String = rev.iter().collect();
            let hi = format!("{whole}\u{10FFFF}");
            (whole, hi)
        } else {
            (String::new(), String::new())
        };
        let mut bound: Vec<rusqlite::types::Value> = vec![
            story_id.into(),
            k.rate.clone().into(),
            k.kind.to_owned().into(),
            far_lo.into(),
            tol_hi.into(),
            tol_lo.into(),
            far_hi.into(),
            longer_lo.into(),
            longer_hi.into(),
        ];
        bound.extend(
            heads
                .iter()
                .map(|&len| rusqlite::types::Value::from(rev[..len].iter().collect::<String>())),
        );
        let mut stmt = tx.prepare(&nearest_sql(heads.len())).expect("statement");
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&bound))
            .expect("query");
        let mut out = Vec::new();
        while let Some(r) = rows.next().expect("row") {
            let (arm, value, fid): (usize, f64, i64) = (
                r.get(0).expect("arm"),
                r.get(1).expect("value"),
                r.get(2).expect("id"),
            );
            let head = match heads.get(arm) {
                Some(&len) => rev[..len].iter().rev().collect(),
                None if value < far_lo || value > far_hi => continue,
                None => r.get(3).expect("head"),
            };
            let key = FigureKey {
                head,
                rate: k.rate.clone(),
                kind: k.kind,
                value,
            };
            out.push((key, fid));
        }
        out
    }

    /// A small deterministic generator: `next(n)` is in `0..n`.
    fn lcg(mut x: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % n
        }
    }

    #[test]
    fn remembered_lists_stay_equal_to_their_lookups() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch(
            "CREATE TABLE quote_cluster_stories (cluster_id INTEGER NOT NULL,
                 story_id INTEGER NOT NULL, quotes INTEGER NOT NULL,
                 PRIMARY KEY (cluster_id, story_id)) STRICT, WITHOUT ROWID;
             CREATE TABLE speaker_keys (key TEXT NOT NULL, speaker_id INTEGER NOT NULL,
                 PRIMARY KEY (key, speaker_id)) STRICT, WITHOUT ROWID;",
        )
        .expect("schema");
        let tx = conn.transaction().expect("tx");
        let mut cache = LinkCache::default();
        let mut next = lcg(11);
        // Few clusters and keys, many stories and speakers in random order: lists
        // fill past their caps and gain ids below and above the ones they hold.
        for round in 0..3000 {
            let (cluster, story) = (next(4) as i64, next(60) as i64);
            tx.execute(
                "INSERT INTO quote_cluster_stories VALUES (?1, ?2, 1)
                 ON CONFLICT DO UPDATE SET quotes = quotes + 1",
                params![cluster, story],
            )
            .expect("upsert");
            cache.cluster_carried(cluster, story);
            let (key, speaker) = (format!("k{}", next(4)), next(80) as i64);
            tx.execute(
                "INSERT OR IGNORE INTO speaker_keys VALUES (?1, ?2)",
                params![key, speaker],
            )
            .expect("insert");
            cache.speaker_keyed(&key, speaker);
            if round % 7 == 0 {
                let c = next(4) as i64;
                cache.cluster_stories(&tx, c).expect("read");
                cache
                    .speakers_keyed(&tx, &format!("k{}", next(4)))
                    .expect("read");
            }
        }
        let mut fresh = LinkCache::default();
        for c in 0..4 {
            let remembered = cache.cluster_stories.get(&c).cloned();
            let read = fresh.cluster_stories(&tx, c).expect("read");
            assert_eq!(remembered, Some(read), "cluster {c}");
            let key = format!("k{c}");
            let remembered = cache.speaker_keys.get(&key).cloned();
            let read = fresh.speakers_keyed(&tx, &key).expect("read");
            assert_eq!(remembered, Some(read), "key {key}");
        }
    }

    #[test]
    fn remembered_spelling_sources_stay_equal_to_their_lookups() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch(
            "CREATE TABLE quote_cluster_members (quote_id INTEGER PRIMARY KEY,
                 article_id INTEGER NOT NULL, speaker_id INTEGER, spelling TEXT) STRICT;
             CREATE INDEX quote_cluster_members_speaker ON quote_cluster_members(speaker_id, spelling);
             CREATE TABLE article_copies (article_id INTEGER PRIMARY KEY, root INTEGER NOT NULL) STRICT;",
        )
        .expect("schema");
        let tx = conn.transaction().expect("tx");
        let mut cache = LinkCache::default();
        let mut next = lcg(3);
        let spellings = ["Ann Obeng", "Ann Obenga", "A. Obeng"];
        // Half of the members go to one pair, which passes CANONICAL_SOURCES; copies
        // share roots, so roots repeat.
        for quote in 0..6000_i64 {
            let article = quote / 2;
            let root = if next(3) == 0 {
                next(50) as i64
            } else {
                article
            };
            tx.execute(
                "INSERT OR IGNORE INTO article_copies VALUES (?1, ?2)",
                params![article, root],
            )
            .expect("copy");
            let root: i64 = tx
                .query_row(
                    "SELECT root FROM article_copies WHERE article_id = ?1",
                    [article],
                    |r| r.get(0),
                )
                .expect("root");
            let (speaker, spelling) = if next(2) == 0 {
                (1, spellings[0])
            } else {
                (next(3) as i64, spellings[next(3) as usize])
            };
            tx.execute(
                "INSERT INTO quote_cluster_members VALUES (?1, ?2, ?3, ?4)",
                params![quote, article, speaker, spelling],
            )
            .expect("member");
            cache.spelling_used(speaker, spelling, root);
            if quote % 97 == 0 {
                let sp = spellings[next(3) as usize];
                cache
                    .spelling_sources(&tx, next(3) as i64, sp, usize::MAX)
                    .expect("read");
            }
        }
        let mut fresh = LinkCache::default();
        let mut full = 0;
        for speaker in 0..3 {
            for sp in spellings {
                let remembered = cache
                    .spelling_sources
                    .get(&speaker)
                    .and_then(|m| m.get(sp))
                    .cloned();
                fresh
                    .spelling_sources(&tx, speaker, sp, usize::MAX)
                    .expect("read");
                let read = fresh.spelling_sources[&speaker][sp].clone();
                full += usize::from(read.members == CANONICAL_SOURCES);
                assert_eq!(remembered, Some(read), "speaker {speaker} as {sp}");
            }
        }
        assert_eq!(full, 1, "one spelling is past the cap");
        // A count capped below the distinct sources gives that many.
        let few = fresh
            .spelling_sources(&tx, 1, spellings[0], 3)
            .expect("read");
        assert_eq!(few.len(), 3);
    }

    #[test]
    fn band_candidates_match_a_model_of_every_stored_row() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch(crate::store::bands::TEST_SCHEMA)
            .expect("schema");
        let mut next = lcg(5);
        // Every (band, key) → article ids stored, the reference.
        let mut model: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
        // Rows stored before the index exists (it reads them through its filter).
        {
            let tx = conn.transaction().expect("tx");
            for id in 1..=200i64 {
                let (b, k) = (next(BANDS as u64) as i64, next(2) as i64 - 1);
                tx.execute(
                    "INSERT OR IGNORE INTO lsh_bands VALUES (?1, ?2, ?3)",
                    [b, k, id],
                )
                .expect("insert");
                model.entry((b, k)).or_default().push(id);
            }
            tx.commit().expect("commit");
        }
        // Staged rows move into `lsh_bands` every few batches (up to 960 rows each).
        let mut index = BandIndex::with_merge_rows(1_500);
        let mut id = 200i64;
        for _batch in 0..60 {
            let batch_start = id;
            let tx = conn.transaction().expect("tx");
            for _ in 0..next(60) {
                id += 1;
                // Keys from a small range (lists pass BAND_CANDIDATES) and a wide one
                // (mostly unseen keys, answered by the filter).
                let bands: Vec<(i64, i64)> = (0..BANDS as i64)
                    .map(|b| {
                        let k = if next(2) == 0 {
                            next(2) as i64 - 1
                        } else {
                            next(1 << 31) as i64
                        };
                        (b, k)
                    })
                    .collect();
                let mut want: FxHashMap<i64, usize> = FxHashMap::default();
                for bk in &bands {
                    let ids = model.get(bk).map(Vec::as_slice).unwrap_or_default();
                    for a in ids.iter().rev().take(BAND_CANDIDATES) {
                        *want.entry(*a).or_default() += 1;
                    }
                }
                let got = band_candidates(&tx, &mut index, &bands, id).expect("bands");
                assert_eq!(got, want, "article {id}");
                for bk in bands {
                    model.entry(bk).or_default().push(id);
                }
                if next(5) == 0 {
                    // As a full cache does, rows of this batch still pending.
                    index.forget_lists();
                } else if next(25) == 0 {
                    // As before a delete: written, then forgotten.
                    index.flush(&tx).expect("flush");
                    index.forget();
                }
            }
            if next(8) == 0 {
                // A failed batch: its rows are rolled back and dropped.
                // Its ids will be handed out again.
                index.forget();
                drop(tx);
                for ids in model.values_mut() {
                    ids.retain(|&a| a <= batch_start);
                }
                id = batch_start;
            } else {
                index.flush(&tx).expect("flush");
                tx.commit().expect("commit");
            }
        }
        let count = |sql: &str| -> usize {
            let n: i64 = conn.query_row(sql, [], |r| r.get(0)).expect("count");
            usize::try_from(n).expect("count")
        };
        let (merged, staged) = (
            count("SELECT count(*) FROM lsh_bands"),
            count("SELECT count(*) FROM lsh_bands_recent"),
        );
        assert_eq!(merged + staged, model.values().map(Vec::len).sum::<usize>());
        // Both tables were read: rows were moved, and some are still staged.
        assert!(
            merged > 200 && staged > 0,
            "{merged} moved, {staged} staged"
        );
        assert!(staged < 1_500, "{staged} staged");
    }

    #[test]
    fn nearest_values_match_the_indexed_lookup() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch(
            "CREATE TABLE story_figures (
                 story_id INTEGER NOT NULL, rate TEXT NOT NULL, kind TEXT NOT NULL,
                 rhead TEXT NOT NULL, value REAL NOT NULL, head TEXT NOT NULL,
                 figure_id INTEGER NOT NULL,
                 PRIMARY KEY (story_id, rate, kind, rhead, value)) STRICT, WITHOUT ROWID;",
        )
        .expect("schema");
        // Heads with suffixes and compounds of each other; values from a small set
        // (repeats are ignored, as the writer's INSERT OR IGNORE does), with signs.
        let heads = [
            "attack",
            "cyberattack",
            "tack",
            "stack",
            "report",
            "case",
            "cases",
            "percent",
        ];
        let rates = ["", "month"];
        let kinds = ["count", "measure"];
        let mut next = lcg(7);
        let value = |r: u64| (r as f64 - 40.0) * 12.5;
        let tx = conn.transaction().expect("tx");
        let mut cache = LinkCache::default();
        for fid in 0..600 {
            let story = 1 + next(3) as i64;
            let head = heads[next(heads.len() as u64) as usize];
            let (rate, kind, v) = (
                rates[next(2) as usize],
                kinds[next(2) as usize],
                value(next(100)),
            );
            let rhead: String = head.chars().rev().collect();
            tx.execute(
                "INSERT OR IGNORE INTO story_figures VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![story, rate, kind, rhead, v, head, fid],
            )
            .expect("insert");
            // Stories 1 and 2 are read before half their rows exist and then kept
            // up to date as the writer does; story 3 is read at the end.
            if fid == 300 {
                cache.story_figures(&tx, 1).expect("read");
                cache.story_figures(&tx, 2).expect("read");
            }
            if fid >= 300 {
                let k = FigureKey {
                    head: head.to_owned(),
                    rate: rate.to_owned(),
                    kind,
                    value: v,
                };
                cache.story_value_added(story, &k, fid);
            }
        }
        let mut compared = 0;
        for _ in 0..2000 {
            let story = 1 + next(3) as i64;
            let k = FigureKey {
                head: heads[next(heads.len() as u64) as usize].to_owned(),
                rate: rates[next(2) as usize].to_owned(),
                kind: kinds[next(2) as usize],
                value: value(next(100)) + [0.0, 0.01, -3.0][next(3) as usize],
            };
            let want = nearest_by_sql(&tx, story, &k);
            let got = cache.story_figures(&tx, story).expect("read").nearest(&k);
            assert_eq!(got, want, "story {story}, {k:?}");
            compared += usize::from(!want.is_empty());
        }
        assert!(compared > 1000, "only {compared} lookups found values");
    }

    /// The seeds, three near-copies of each (a unique paragraph added), and the
    /// unrelated link test pages: repeated quotes, speakers and bodies, so every
    /// cache is read many times.
    fn inputs() -> Vec<(String, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["seeds", "tests/data/link"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .expect("dir")
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f).expect("read");
                let name = f.to_string_lossy().into_owned();
                if dir == "seeds" {
                    for copy in 0..3 {
                        let extra = format!(
                            "\n\nCopy {copy}: officials said {} more reports came in.\n",
                            100 + copy
                        );
                        out.push((
                            format!("{name}.copy{copy}"),
                            format!("{text}{extra}").into(),
                        ));
                    }
                }
                out.push((name, text.into_bytes()));
            }
        }
        out
    }

    fn outcome(path: &str, bytes: &[u8]) -> PreparedFile {
        let meta = FileMeta {
            size: bytes.len() as u64,
            modified_at: None,
        };
        let hash = blake3::hash(bytes).to_hex().to_string();
        match crate::pipeline::process(bytes, &NormalizeOptions::default()) {
            Ok(x) => PreparedFile::article(path.to_owned(), meta, hash, x),
            Err(e) => PreparedFile::rejected(path.to_owned(), meta, Some(hash), e.into()),
        }
    }

    /// Every row of the link tables, as text.
    fn link_rows(store: &Store) -> Vec<String> {
        let mut out = Vec::new();
        for table in [
            "stories",
            "story_articles",
            "quote_clusters",
            "quote_cluster_members",
            "quote_cluster_stories",
            "speakers",
            "speaker_aliases",
            "story_speakers",
            "article_copies",
            "story_figures",
            "figure_disagreements",
        ] {
            let mut stmt = store
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
                .expect("prepare");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                                .unwrap_or_default()
                        })
                        .collect();
                    Ok(format!("{table}: {}", cells.join(" | ")))
                })
                .expect("query");
            out.extend(rows.map(|r| r.expect("row")));
        }
        out
    }

    #[test]
    fn remembered_and_reread_link_state_give_the_same_links() {
        let inputs = inputs();
        let mut warm = Store::open_in_memory().expect("store");
        let mut cold = Store::open_in_memory().expect("store");
        let now = "2026-01-01T00:00:00Z";
        let write = |store: &mut Store, path: &str, bytes: &[u8], forget: bool| {
            if forget {
                store.link_cache.clear();
            }
            store
                .write_batch(&[outcome(path, bytes)], now)
                .expect("write");
        };
        // The last page is kept for the end.
        let (last, page) = &inputs[inputs.len() - 1];
        let inputs = &inputs[..inputs.len() - 1];
        for (i, (path, bytes)) in inputs.iter().enumerate() {
            write(&mut warm, path, bytes, false);
            write(&mut cold, path, bytes, true);
            // Halfway, one path changes content: its article is deleted (the cache
            // must not outlive that) and the new content linked.
            if i == inputs.len() / 2 {
                let (first, other) = (&inputs[0].0, &inputs[inputs.len() - 1].1);
                write(&mut warm, first, other, false);
                write(&mut cold, first, other, true);
            }
        }
        // The caches were used.
        assert!(!warm.link_cache.quote_keys.is_empty());
        assert!(!warm.link_cache.articles.is_empty());
        assert!(!warm.link_cache.speakers.is_empty());
        assert!(!warm.link_cache.cluster_stories.is_empty());
        assert!(!warm.link_cache.story_dates.is_empty());
        assert!(!warm.link_cache.story_figures.values().all(|f| f.is_empty()));
        assert!(!warm.link_cache.speaker_keys.is_empty());
        assert!(!warm
            .link_cache
            .story_speakers
            .values()
            .all(|s| s.is_empty()));
        // A new page and a near-copy (whose quotes join the page's clusters, so
        // their shapes are remembered) both change, which deletes both articles and
        // those clusters; then the page's bytes come back under a third path.
        let copy = [page.as_slice(), b"\n\nA closing paragraph of this copy.\n"].concat();
        let other = &inputs[0].1;
        for (path, bytes) in [
            (format!("{last}.a"), page),
            (format!("{last}.b"), &copy),
            (format!("{last}.a"), other),
            (format!("{last}.b"), other),
            (format!("{last}.c"), page),
        ] {
            write(&mut warm, &path, bytes, false);
            write(&mut cold, &path, bytes, true);
        }
        let (a, b) = (link_rows(&warm), link_rows(&cold));
        assert!(a.len() > 100, "{}", a.len());
        assert_eq!(a, b);
    }
}
