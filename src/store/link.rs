//! The SQLite side of cross-source linking. [`link_article`] runs inside the
//! transaction that inserted the article: it stores the body signature and its LSH
//! band keys, clusters the article's quotes, picks its story, resolves its speakers
//! and records figure disagreements. Every candidate comes from an index lookup
//! (LSH bands, quote trigram keys, speaker name keys, per-story figure values), each
//! capped, so adding an article never scans the database. The decisions themselves
//! are the pure functions in `crate::link`.
//!
//! Deletion needs no code here: link rows cascade from articles, quotes and figures,
//! and triggers in `V2__links.sql` drop stories, clusters and speakers left empty.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, OptionalExtension, Transaction};

use super::StoreError;
use crate::link::figures::{self, FigureKey};
use crate::link::minhash::Signature;
use crate::link::quotes::{self, QuoteShape};
use crate::link::speakers::{self, SpeakerRef};
use crate::link::story::{self, Evidence};
use crate::pipeline::Extracted;

/// Articles read per LSH band key (most recent first).
const BAND_CANDIDATES: usize = 32;
/// Candidate articles compared by signature, at most.
const MAX_CANDIDATE_ARTICLES: usize = 64;
/// Clusters read per quote key.
const KEY_CANDIDATES: usize = 32;
/// Clusters compared per quote (those sharing the most keys).
const MAX_CANDIDATE_CLUSTERS: usize = 8;
/// Stories read per matched quote cluster.
const STORIES_PER_CLUSTER: usize = 16;
/// Speakers read per name key.
const SPEAKERS_PER_KEY: usize = 32;
/// Figure values read per (story, head, rate, kind) lookup.
const FIGURE_VALUES: usize = 32;
/// Disagreement rows recorded per new figure, at most (a story citing a count many
/// different ways gets a sample, not every pair).
const MAX_DISAGREEMENTS: usize = 4;
/// Quotes of one article that are clustered, at most (bounds work on huge pages;
/// further quotes get no cluster).
const MAX_LINKED_QUOTES: usize = 512;
/// Distinct comparable figures of one article that are linked, at most.
const MAX_LINKED_FIGURES: usize = 256;
/// Recent members of a matched quote cluster whose stories count as evidence.
const MEMBERS_PER_CLUSTER: usize = 64;

/// Environment variable that turns linking off (`0`, `off`, `false`); used to
/// measure what linking costs. Read once when the store opens.
pub const LINK_ENV: &str = "NEWSDB_LINK";

/// Whether linking is enabled by the environment.
pub fn enabled_by_env() -> bool {
    !matches!(
        std::env::var(LINK_ENV)
            .ok()
            .as_deref()
            .map(str::to_lowercase)
            .as_deref(),
        Some("0" | "off" | "false" | "no")
    )
}

struct QuoteRow {
    id: i64,
    shape: QuoteShape,
    speaker: Option<(String, SpeakerRef, Option<String>)>,
    cluster: i64,
    similarity: f64,
}

/// Links the freshly inserted article `article_id` (whose pipeline output is `x`).
pub(crate) fn link_article(
    tx: &Transaction,
    article_id: i64,
    x: &Extracted,
    now: &str,
) -> Result<(), StoreError> {
    let a = &x.article;
    // 1. Body signature and LSH candidates.
    let sig = Signature::of_body(&a.body);
    tx.prepare_cached("INSERT INTO article_signatures (article_id, minhash) VALUES (?1, ?2)")?
        .execute(params![article_id, sig.to_bytes()])?;
    let mut cand_articles: BTreeSet<i64> = BTreeSet::new();
    {
        let mut find = tx.prepare_cached(&format!(
            "SELECT article_id FROM lsh_bands WHERE band = ?1 AND key = ?2
             ORDER BY article_id DESC LIMIT {BAND_CANDIDATES}"
        ))?;
        let mut ins = tx.prepare_cached(
            "INSERT OR IGNORE INTO lsh_bands (band, key, article_id) VALUES (?1, ?2, ?3)",
        )?;
        for (band, key) in sig.band_keys() {
            if cand_articles.len() < MAX_CANDIDATE_ARTICLES {
                let rows = find.query_map(params![band, key], |r| r.get(0))?;
                for id in rows {
                    cand_articles.insert(id?);
                }
            }
            ins.execute(params![band, key, article_id])?;
        }
    }
    let mut evidence: BTreeMap<i64, Evidence> = BTreeMap::new();
    {
        let mut get = tx.prepare_cached(
            "SELECT s.minhash, sa.story_id FROM article_signatures s
             JOIN story_articles sa ON sa.article_id = s.article_id WHERE s.article_id = ?1",
        )?;
        for id in cand_articles.iter().take(MAX_CANDIDATE_ARTICLES) {
            let row: Option<(Vec<u8>, i64)> = get
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((bytes, story_id)) = row {
                if let Some(other) = Signature::from_bytes(&bytes) {
                    let e = evidence.entry(story_id).or_default();
                    e.story_id = story_id;
                    e.body = e.body.max(sig.similarity(&other));
                }
            }
        }
    }

    // 2. Quote clusters (independent of the story).
    let mut rows = Vec::with_capacity(x.quotes.len());
    {
        let mut ids =
            tx.prepare_cached("SELECT id FROM quotes WHERE article_id = ?1 AND idx = ?2")?;
        let mut by_key = tx.prepare_cached(&format!(
            "SELECT cluster_id FROM quote_keys WHERE key = ?1 LIMIT {KEY_CANDIDATES}"
        ))?;
        let mut canon =
            tx.prepare_cached("SELECT canonical_text FROM quote_clusters WHERE id = ?1")?;
        // Identical quotes within the article share one lookup.
        let mut seen: HashMap<String, Option<(i64, f64)>> = HashMap::new();
        for (i, q) in x.quotes.iter().enumerate().take(MAX_LINKED_QUOTES) {
            let id: i64 = ids.query_row(params![article_id, i as i64], |r| r.get(0))?;
            let shape = QuoteShape::new(&q.text);
            let speaker = q.speaker.as_ref().map(|name| {
                (
                    name.clone(),
                    SpeakerRef::new(name, q.role.as_deref()),
                    q.role.clone(),
                )
            });
            if let Some(matched) = seen.get(&shape.normalized()) {
                let matched = *matched;
                rows.push(QuoteRow {
                    id,
                    shape,
                    speaker,
                    cluster: matched.map_or(-1, |m| m.0),
                    similarity: matched.map_or(1.0, |m| m.1),
                });
                continue;
            }
            let mut hits: HashMap<i64, usize> = HashMap::new();
            for key in shape.lookup_keys() {
                let found = by_key.query_map(params![key], |r| r.get(0))?;
                for c in found {
                    *hits.entry(c?).or_default() += 1;
                }
            }
            let mut ranked: Vec<(i64, usize)> = hits.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(MAX_CANDIDATE_CLUSTERS);
            let mut shapes = Vec::with_capacity(ranked.len());
            for (cid, _) in ranked {
                let text: Option<String> = canon.query_row([cid], |r| r.get(0)).optional()?;
                if let Some(t) = text {
                    shapes.push((cid, QuoteShape::new(&t)));
                }
            }
            let matched = quotes::best_match(&shape, shapes.iter().map(|(c, s)| (*c, s)));
            seen.insert(shape.normalized(), matched);
            rows.push(QuoteRow {
                id,
                shape,
                speaker,
                cluster: matched.map_or(0, |m| m.0),
                similarity: matched.map_or(1.0, |m| m.1),
            });
        }
    }
    // Stories of the matched clusters.
    {
        let mut stories = tx.prepare_cached(&format!(
            "SELECT DISTINCT sa.story_id FROM
                 (SELECT article_id FROM quote_cluster_members WHERE cluster_id = ?1
                  ORDER BY quote_id DESC LIMIT {MEMBERS_PER_CLUSTER}) m
             JOIN story_articles sa ON sa.article_id = m.article_id
             LIMIT {STORIES_PER_CLUSTER}"
        ))?;
        let clusters: BTreeSet<i64> = rows.iter().map(|r| r.cluster).filter(|c| *c > 0).collect();
        for c in clusters {
            let found = stories.query_map(params![c], |r| r.get(0))?;
            for s in found {
                let s: i64 = s?;
                let e = evidence.entry(s).or_default();
                e.story_id = s;
                e.quotes += 1;
            }
        }
    }

    // 3. Speaker candidates (by name words) for story evidence and resolution.
    let mut speaker_cands: HashMap<String, Vec<(i64, SpeakerRef)>> = HashMap::new();
    {
        let mut by_key = tx.prepare_cached(&format!(
            "SELECT speaker_id FROM speaker_keys WHERE key = ?1 LIMIT {SPEAKERS_PER_KEY}"
        ))?;
        let mut aliases = tx.prepare_cached(
            "SELECT al.alias, s.role FROM speaker_aliases al JOIN speakers s ON s.id = al.speaker_id
             WHERE al.speaker_id = ?1 LIMIT 16",
        )?;
        for r in &rows {
            let Some((name, sref, _)) = &r.speaker else {
                continue;
            };
            if speaker_cands.contains_key(name) {
                continue;
            }
            let mut ids = BTreeSet::new();
            for key in sref.index_keys() {
                let found = by_key.query_map(params![key], |r| r.get(0))?;
                for id in found {
                    ids.insert(id?);
                }
            }
            let mut cands = Vec::new();
            for id in ids {
                let spellings = aliases.query_map([id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
                })?;
                for sp in spellings {
                    let (alias, role) = sp?;
                    cands.push((id, SpeakerRef::new(&alias, role.as_deref())));
                }
            }
            speaker_cands.insert(name.clone(), cands);
        }
    }
    {
        let mut in_story = tx.prepare_cached(
            "SELECT 1 FROM story_speakers WHERE story_id = ?1 AND speaker_id = ?2",
        )?;
        let persons: BTreeMap<&str, &SpeakerRef> = rows
            .iter()
            .filter_map(|r| r.speaker.as_ref())
            .filter(|(_, s, _)| s.is_person)
            .map(|(n, s, _)| (n.as_str(), s))
            .collect();
        let story_ids: Vec<i64> = evidence.keys().copied().collect();
        for sid in story_ids {
            let mut shared = 0;
            for (name, sref) in &persons {
                let cands = speaker_cands.get(*name).map(Vec::as_slice).unwrap_or(&[]);
                let mut hit = false;
                for (id, known) in cands {
                    if speakers::names_close(sref, known) && in_story.exists(params![sid, id])? {
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
    }

    // 4. Figures as story evidence.
    let keys: Vec<(i64, FigureKey)> = {
        let mut ids =
            tx.prepare_cached("SELECT id FROM figures WHERE article_id = ?1 AND idx = ?2")?;
        let mut out = Vec::new();
        // Distinct (head, rate, kind, value) only: repeats add nothing.
        let mut seen: BTreeSet<(String, String, &'static str, u64)> = BTreeSet::new();
        for (i, f) in x.figures.iter().enumerate() {
            if out.len() >= MAX_LINKED_FIGURES {
                break;
            }
            if let Some(k) =
                figures::figure_key(f.kind, f.value, f.unit.as_deref(), f.rate.as_deref()).filter(
                    |k| seen.insert((k.head.clone(), k.rate.clone(), k.kind, k.value.to_bits())),
                )
            {
                let id: i64 = ids.query_row(params![article_id, i as i64], |r| r.get(0))?;
                out.push((id, k));
            }
        }
        out
    };
    let mut values = tx.prepare_cached(&format!(
        "SELECT head, value, figure_id FROM story_figures
         WHERE story_id = ?1 AND rate = ?2 AND kind = ?3 AND rhead >= ?4 AND rhead < ?5
         LIMIT {FIGURE_VALUES}"
    ))?;
    let story_ids: Vec<i64> = evidence.keys().copied().collect();
    let mut range =
        tx.prepare_cached("SELECT first_published, last_published FROM stories WHERE id = ?1")?;
    for sid in story_ids {
        let mut shared = 0;
        for (_, k) in &keys {
            if story_values(&mut values, sid, k)?
                .iter()
                .any(|(other, _)| figures::shared(k, other))
            {
                shared += 1;
            }
        }
        let (first, last): (Option<String>, Option<String>) =
            range.query_row([sid], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if let Some(e) = evidence.get_mut(&sid) {
            e.figures = shared;
            e.days_apart =
                story::days_apart(a.published.as_deref(), first.as_deref(), last.as_deref());
        }
    }

    // 5. The story.
    let cands: Vec<Evidence> = evidence.into_values().collect();
    let story_id = match story::choose(&cands) {
        Some((sid, score)) => {
            tx.prepare_cached(
                "INSERT INTO story_articles (article_id, story_id, score) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![article_id, sid, score])?;
            tx.prepare_cached(
                "UPDATE stories SET
                     first_published = CASE WHEN first_published IS NULL OR ?2 < first_published THEN ?2 ELSE first_published END,
                     last_published = CASE WHEN last_published IS NULL OR ?2 > last_published THEN ?2 ELSE last_published END
                 WHERE id = ?1 AND ?2 IS NOT NULL",
            )?
            .execute(params![sid, a.published])?;
            sid
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO stories (label, first_published, last_published, created_at)
                 VALUES (?1, ?2, ?2, ?3)",
            )?
            .execute(params![a.title, a.published, now])?;
            let sid = tx.last_insert_rowid();
            tx.prepare_cached(
                "INSERT INTO story_articles (article_id, story_id, score) VALUES (?1, ?2, 0)",
            )?
            .execute(params![article_id, sid])?;
            sid
        }
    };

    // 6. Speakers, then cluster members.
    let mut resolved: HashMap<String, i64> = HashMap::new();
    {
        let mut in_story = tx.prepare_cached(
            "SELECT 1 FROM story_speakers WHERE story_id = ?1 AND speaker_id = ?2",
        )?;
        let mut new_speaker =
            tx.prepare_cached("INSERT INTO speakers (name, role) VALUES (?1, ?2)")?;
        let mut alias = tx.prepare_cached(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?1, ?2)",
        )?;
        let mut key = tx.prepare_cached(
            "INSERT OR IGNORE INTO speaker_keys (key, speaker_id) VALUES (?1, ?2)",
        )?;
        let mut story_sp = tx.prepare_cached(
            "INSERT OR IGNORE INTO story_speakers (story_id, speaker_id) VALUES (?1, ?2)",
        )?;
        for r in &rows {
            let Some((name, sref, role)) = &r.speaker else {
                continue;
            };
            if resolved.contains_key(name) {
                continue;
            }
            let mut found = None;
            let cands = speaker_cands.get(name).map(Vec::as_slice).unwrap_or(&[]);
            // Exact spellings first, then variants.
            for exact in [true, false] {
                for (id, known) in cands {
                    if (known.name == sref.name) != exact {
                        continue;
                    }
                    let same_story = in_story.exists(params![story_id, id])?;
                    if speakers::same_speaker(sref, known, same_story) {
                        found = Some(*id);
                        break;
                    }
                }
                if found.is_some() {
                    break;
                }
            }
            let id = match found {
                Some(id) => id,
                None => {
                    new_speaker.execute(params![name, role])?;
                    tx.last_insert_rowid()
                }
            };
            alias.execute(params![id, name])?;
            for k in sref.index_keys() {
                key.execute(params![k, id])?;
            }
            story_sp.execute(params![story_id, id])?;
            resolved.insert(name.clone(), id);
        }
    }
    {
        let mut new_cluster = tx.prepare_cached(
            "INSERT INTO quote_clusters (canonical_text, canonical_quote_id, speaker_id) VALUES (?1, ?2, ?3)",
        )?;
        let mut key = tx
            .prepare_cached("INSERT OR IGNORE INTO quote_keys (key, cluster_id) VALUES (?1, ?2)")?;
        let mut member = tx.prepare_cached(
            "INSERT INTO quote_cluster_members (quote_id, cluster_id, article_id, speaker_id, spelling, similarity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut text = tx.prepare_cached("SELECT text FROM quotes WHERE id = ?1")?;
        // Clusters started by this article, by normalised text (for its repeats).
        let mut created: HashMap<String, i64> = HashMap::new();
        for r in &mut rows {
            let spelling = r.speaker.as_ref().map(|s| s.0.clone());
            let speaker_id = spelling.as_ref().and_then(|s| resolved.get(s).copied());
            if r.cluster < 0 {
                match created.get(&r.shape.normalized()) {
                    Some(c) => r.cluster = *c,
                    None => r.cluster = 0,
                }
            }
            if r.cluster == 0 {
                let t: String = text.query_row([r.id], |row| row.get(0))?;
                new_cluster.execute(params![t, r.id, speaker_id])?;
                r.cluster = tx.last_insert_rowid();
                for k in r.shape.stored_keys() {
                    key.execute(params![k, r.cluster])?;
                }
                created.insert(r.shape.normalized(), r.cluster);
            }
            member.execute(params![
                r.id,
                r.cluster,
                article_id,
                speaker_id,
                spelling,
                r.similarity
            ])?;
        }
    }

    // 7. Figure disagreements within the story, then this article's values.
    let mut disagree = tx.prepare_cached(
        "INSERT OR IGNORE INTO figure_disagreements (story_id, figure_a, figure_b, head, rate, rel_diff)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut add_value = tx.prepare_cached(
        "INSERT OR IGNORE INTO story_figures (story_id, head, rhead, rate, kind, value, figure_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (fid, k) in &keys {
        let mut recorded = 0;
        for (other, other_id) in story_values(&mut values, story_id, k)? {
            if recorded < MAX_DISAGREEMENTS && other_id != *fid && figures::disagree(&other, k) {
                recorded += 1;
                let head = if other.head.len() <= k.head.len() {
                    &other.head
                } else {
                    &k.head
                };
                disagree.execute(params![
                    story_id,
                    other_id,
                    fid,
                    head,
                    k.rate,
                    figures::rel_diff(other.value, k.value)
                ])?;
            }
        }
        let rhead: String = k.head.chars().rev().collect();
        add_value.execute(params![
            story_id, k.head, rhead, k.rate, k.kind, k.value, fid
        ])?;
    }
    Ok(())
}

/// Distinct values the story holds for figures comparable in head/rate/kind to `k`:
/// stored heads ending in `k.head` (one prefix range over the reversed heads), and
/// stored heads that are suffixes of `k.head` (one exact lookup per suffix).
fn story_values(
    values: &mut rusqlite::CachedStatement<'_>,
    story_id: i64,
    k: &FigureKey,
) -> Result<Vec<(FigureKey, i64)>, StoreError> {
    let rev: Vec<char> = k.head.chars().rev().collect();
    let whole: String = rev.iter().collect();
    let mut ranges = vec![(whole.clone(), format!("{whole}\u{10FFFF}"))];
    for len in figures::MIN_HEAD..rev.len() {
        let suffix: String = rev[..len].iter().collect();
        ranges.push((suffix.clone(), format!("{suffix}\u{0}")));
    }
    let mut out = Vec::new();
    for (lo, hi) in ranges {
        let found = values.query_map(params![story_id, k.rate, k.kind, lo, hi], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in found {
            let (head, value, fid) = row?;
            out.push((
                FigureKey {
                    head,
                    rate: k.rate.clone(),
                    kind: k.kind,
                    value,
                },
                fid,
            ));
        }
    }
    Ok(out)
}
