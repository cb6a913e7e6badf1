//! A [`LinkIndex`] over plain maps, for the linker's tests: every lookup reads
//! everything stored and applies the cap its constant describes, so it is the
//! trait's contract written out, with no cache to keep in step.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::figures::FigureKey;
use super::index::{
    Disagreement, FigureSource, LinkIndex, LinkedArticle, Member, Placement, StoryChoice,
    StoryDates, StoryValues, BAND_CANDIDATES, CANONICAL_SOURCES, CANONICAL_SPELLINGS,
    KEY_CANDIDATES, SPEAKERS_PER_KEY, STORIES_PER_CLUSTER,
};
use super::minhash::StoredSignature;
use super::quotes::QuoteShape;
use super::speakers::SpeakerRef;

/// One stored story.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MemoryStory {
    /// Its label.
    pub label: Option<String>,
    /// Its dates.
    pub dates: StoryDates,
    /// Its articles with the score that joined each (0 for the first).
    pub articles: Vec<(i64, f64)>,
}

/// One stored speaker.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MemorySpeaker {
    /// Its canonical name.
    pub name: String,
    /// Its role when first seen.
    pub role: Option<String>,
    /// Every spelling.
    pub aliases: BTreeSet<String>,
}

/// One stored cluster member.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryMember {
    /// The quote.
    pub quote: i64,
    /// Its cluster.
    pub cluster: i64,
    /// Its article.
    pub article: i64,
    /// The article's copy root.
    pub root: i64,
    /// Its speaker and spelling.
    pub speaker: Option<(i64, String)>,
}

/// See the module docs. Fields are public so tests can look at what was stored.
#[derive(Debug, Default)]
pub struct MemoryIndex {
    /// Articles under each (band, key), ascending.
    pub bands: HashMap<(i64, i64), Vec<i64>>,
    /// Placed articles.
    pub articles: HashMap<i64, LinkedArticle>,
    /// Clusters under each quote key.
    pub quote_keys: HashMap<i64, BTreeSet<i64>>,
    /// Clusters' canonical texts.
    pub clusters: BTreeMap<i64, String>,
    /// Cluster members, in the order stored.
    pub members: Vec<MemoryMember>,
    /// Per cluster, the stories carrying it with their quote counts.
    pub cluster_stories: HashMap<i64, BTreeMap<i64, i64>>,
    /// Stories by id.
    pub stories: BTreeMap<i64, MemoryStory>,
    /// Speakers by id.
    pub speakers: BTreeMap<i64, MemorySpeaker>,
    /// Speakers under each name key.
    pub speaker_keys: HashMap<String, BTreeSet<i64>>,
    /// Speakers each story quoted.
    pub story_speakers: HashMap<i64, BTreeSet<i64>>,
    /// Each story's figure values.
    pub values: HashMap<i64, StoryValues>,
    /// Stored figures' qualifiers and outlets (what the writer stores before
    /// linking: tests fill it).
    pub figures: HashMap<i64, FigureSource>,
    /// Disagreements as (story, figure_a, figure_b, head, outlets).
    pub disagreements: Vec<(i64, i64, i64, String, &'static str)>,
}

/// The next id of a map keyed by ids from 1.
fn next_id<V>(map: &BTreeMap<i64, V>) -> i64 {
    map.keys().next_back().map_or(1, |k| k + 1)
}

impl LinkIndex for MemoryIndex {
    type Error = Infallible;

    fn add_bands(
        &mut self,
        article: i64,
        bands: &[(i64, i64)],
    ) -> Result<FxHashMap<i64, usize>, Infallible> {
        let mut shared = FxHashMap::default();
        for bk in bands {
            let ids = self.bands.entry(*bk).or_default();
            for id in ids.iter().rev().take(BAND_CANDIDATES) {
                *shared.entry(*id).or_default() += 1;
            }
            ids.push(article);
        }
        Ok(shared)
    }

    fn article(&mut self, id: i64) -> Result<Option<Arc<LinkedArticle>>, Infallible> {
        Ok(self.articles.get(&id).cloned().map(Arc::new))
    }

    fn clusters_under(&mut self, keys: &[i64]) -> Result<FxHashMap<i64, usize>, Infallible> {
        let mut hits = FxHashMap::default();
        for k in keys {
            for c in self
                .quote_keys
                .get(k)
                .into_iter()
                .flatten()
                .take(KEY_CANDIDATES)
            {
                *hits.entry(*c).or_default() += 1;
            }
        }
        Ok(hits)
    }

    fn cluster_shape(&mut self, cluster: i64) -> Result<Option<Arc<QuoteShape>>, Infallible> {
        Ok(self
            .clusters
            .get(&cluster)
            .map(|t| Arc::new(QuoteShape::new(t))))
    }

    fn cluster_stories(&mut self, cluster: i64) -> Result<Vec<i64>, Infallible> {
        let stories = self.cluster_stories.get(&cluster).into_iter().flatten();
        Ok(stories
            .rev()
            .take(STORIES_PER_CLUSTER)
            .map(|(s, _)| *s)
            .collect())
    }

    fn story_dates(&mut self, story: i64) -> Result<StoryDates, Infallible> {
        Ok(self
            .stories
            .get(&story)
            .map(|s| s.dates.clone())
            .unwrap_or_default())
    }

    fn speakers_keyed(&mut self, key: &str) -> Result<Vec<i64>, Infallible> {
        let ids = self.speaker_keys.get(key).into_iter().flatten();
        Ok(ids.take(SPEAKERS_PER_KEY).copied().collect())
    }

    fn spellings(&mut self, speaker: i64) -> Result<Arc<Vec<(String, SpeakerRef)>>, Infallible> {
        let Some(s) = self.speakers.get(&speaker) else {
            return Ok(Arc::default());
        };
        let role = s.role.as_deref();
        let list = s
            .aliases
            .iter()
            .map(|a| (a.clone(), SpeakerRef::new(a, role)));
        Ok(Arc::new(list.collect()))
    }

    fn story_has_speaker(&mut self, story: i64, speaker: i64) -> Result<bool, Infallible> {
        Ok(self
            .story_speakers
            .get(&story)
            .is_some_and(|s| s.contains(&speaker)))
    }

    fn nearest_values(
        &mut self,
        story: i64,
        k: &FigureKey,
    ) -> Result<Vec<(FigureKey, i64)>, Infallible> {
        Ok(self
            .values
            .get(&story)
            .map(|v| v.nearest(k))
            .unwrap_or_default())
    }

    fn place_article(&mut self, p: &Placement) -> Result<i64, Infallible> {
        let story = match p.story {
            StoryChoice::Join { id, score } => {
                let s = self.stories.entry(id).or_default();
                s.articles.push((p.article, score));
                if let Some(d) = p.published {
                    let (first, last) = &mut s.dates;
                    if first.as_deref().is_none_or(|f| d < f) {
                        *first = Some(d.to_owned());
                    }
                    if last.as_deref().is_none_or(|l| d > l) {
                        *last = Some(d.to_owned());
                    }
                }
                id
            }
            StoryChoice::New { label } => {
                let id = next_id(&self.stories);
                let date = p.published.map(str::to_owned);
                let story = MemoryStory {
                    label: label.map(str::to_owned),
                    dates: (date.clone(), date),
                    articles: vec![(p.article, 0.0)],
                };
                self.stories.insert(id, story);
                id
            }
        };
        let linked = LinkedArticle {
            signature: StoredSignature::of(p.signature),
            story,
            root: p.root,
        };
        self.articles.insert(p.article, linked);
        Ok(story)
    }

    fn add_speaker(&mut self, name: &str, role: Option<&str>) -> Result<i64, Infallible> {
        let id = next_id(&self.speakers);
        let speaker = MemorySpeaker {
            name: name.to_owned(),
            role: role.map(str::to_owned),
            aliases: BTreeSet::new(),
        };
        self.speakers.insert(id, speaker);
        Ok(id)
    }

    fn speaker_used(
        &mut self,
        speaker: i64,
        spelling: &str,
        keys: &[String],
        story: i64,
    ) -> Result<(), Infallible> {
        if let Some(s) = self.speakers.get_mut(&speaker) {
            s.aliases.insert(spelling.to_owned());
        }
        for k in keys {
            self.speaker_keys
                .entry(k.clone())
                .or_default()
                .insert(speaker);
        }
        self.story_speakers
            .entry(story)
            .or_default()
            .insert(speaker);
        Ok(())
    }

    fn add_cluster(
        &mut self,
        text: &str,
        _quote: i64,
        _speaker: Option<i64>,
        keys: &[i64],
    ) -> Result<i64, Infallible> {
        let id = next_id(&self.clusters);
        self.clusters.insert(id, text.to_owned());
        for k in keys {
            self.quote_keys.entry(*k).or_default().insert(id);
        }
        Ok(id)
    }

    fn add_member(&mut self, m: &Member) -> Result<(), Infallible> {
        self.members.push(MemoryMember {
            quote: m.quote,
            cluster: m.cluster,
            article: m.article,
            root: m.root,
            speaker: m.speaker.map(|(id, s)| (id, s.to_owned())),
        });
        Ok(())
    }

    fn cluster_in_story(
        &mut self,
        cluster: i64,
        story: i64,
        quotes: i64,
    ) -> Result<(), Infallible> {
        let stories = self.cluster_stories.entry(cluster).or_default();
        *stories.entry(story).or_default() += quotes;
        Ok(())
    }

    fn figure_source(&mut self, figure: i64) -> Result<Option<FigureSource>, Infallible> {
        Ok(self.figures.get(&figure).cloned())
    }

    fn add_disagreement(&mut self, d: &Disagreement) -> Result<(), Infallible> {
        let row = (
            d.story,
            d.figure_a,
            d.figure_b,
            d.head.to_owned(),
            d.outlets.as_str(),
        );
        if !self.disagreements.contains(&row) {
            self.disagreements.push(row);
        }
        Ok(())
    }

    fn add_story_value(
        &mut self,
        story: i64,
        k: &FigureKey,
        figure: i64,
    ) -> Result<(), Infallible> {
        self.values.entry(story).or_default().add(k, figure);
        Ok(())
    }

    fn speaker_name(&mut self, speaker: i64) -> Result<String, Infallible> {
        Ok(self
            .speakers
            .get(&speaker)
            .map(|s| s.name.clone())
            .unwrap_or_default())
    }

    fn speaker_spellings(&mut self, speaker: i64) -> Result<Vec<String>, Infallible> {
        let aliases = self.speakers.get(&speaker).map(|s| &s.aliases).into_iter();
        Ok(aliases
            .flatten()
            .take(CANONICAL_SPELLINGS)
            .cloned()
            .collect())
    }

    fn spelling_sources(
        &mut self,
        speaker: i64,
        spelling: &str,
        cap: usize,
    ) -> Result<Vec<i64>, Infallible> {
        let mut members: Vec<&MemoryMember> = self
            .members
            .iter()
            .filter(|m| {
                m.speaker
                    .as_ref()
                    .is_some_and(|(id, s)| *id == speaker && s == spelling)
            })
            .collect();
        members.sort_by_key(|m| m.quote);
        let roots: BTreeSet<i64> = members
            .iter()
            .take(CANONICAL_SOURCES)
            .map(|m| m.root)
            .collect();
        Ok(roots.into_iter().take(cap).collect())
    }

    fn rename_speaker(&mut self, speaker: i64, name: &str) -> Result<(), Infallible> {
        if let Some(s) = self.speakers.get_mut(&speaker) {
            s.name = name.to_owned();
        }
        Ok(())
    }
}
