//! Cross-source linking on PostgreSQL: [`PgIndex`] is the second implementation
//! of [`LinkIndex`] (the first is `store::link::SqliteIndex`), so the same
//! [`Linker`] decides stories, quote clusters, speakers and figure disagreements.
//!
//! Several writers share one database, and linking is serial (each article is
//! compared with the ones linked before it). [`PgLinkQueue`] therefore links after
//! each committed batch, in a transaction of its own that first takes a
//! transaction-level advisory lock ([`LINK_LOCK`]): one linker at a time. It links
//! the articles that have no story yet (whoever stored them), lowest id first, up
//! to [`LINK_BATCH`] per transaction, reading each back from the database (body,
//! quotes, figures) exactly as the pipeline gave them. A writer that finds the
//! lock taken waits for it and then links what is left, usually nothing: so when
//! its `link_pending` returns, its own articles are linked. A linker killed midway
//! loses its transaction (and the lock with it); the next one links the same
//! articles again from the start.
//!
//! Band rows go to `lsh_bands`; lookups also read `lsh_bands_recent`, where a
//! database copied from SQLite may hold staged rows.
//!
//! Text ordering that decides results uses `COLLATE "C"` (byte order, as SQLite's
//! `BINARY`), so a database's locale cannot change what is linked.

use std::sync::{Arc, LazyLock};

use postgres::{Client, Statement, Transaction};
use rustc_hash::FxHashMap;

use super::PgLinker;
use crate::link::figures::{Claim, FigureKey};
use crate::link::index::{
    Disagreement, FigureSource, LinkIndex, LinkedArticle, Member, Placement, StoryChoice,
    StoryDates, StoryValues, BAND_CANDIDATES, CANONICAL_SOURCES, CANONICAL_SPELLINGS,
    KEY_CANDIDATES, SPEAKERS_PER_KEY, STORIES_PER_CLUSTER,
};
use crate::link::linker::{Linker, NewArticle};
use crate::link::minhash::StoredSignature;
use crate::link::quotes::QuoteShape;
use crate::link::speakers::SpeakerRef;
use crate::link::LinkPrep;
use crate::model::{Article, Figure, FigureKind, Quote, QuoteKind};
use crate::normalize::template::Undo;
use crate::pipeline::Extracted;
use crate::store::StoreError;

/// The advisory lock key of the linker ("nwslink" in ASCII).
pub const LINK_LOCK: i64 = 0x006e_7773_6c69_6e6b;
/// Most articles linked in one transaction (a killed linker redoes at most these).
pub const LINK_BATCH: i64 = 256;

/// Prepared statements of one connection, by their text (valid across
/// transactions of the connection that prepared them).
#[derive(Default)]
pub struct Statements(FxHashMap<&'static str, Statement>);

impl Statements {
    /// The statement for `sql`, prepared on first use.
    fn get(&mut self, tx: &mut Transaction, sql: &'static str) -> Result<Statement, StoreError> {
        if let Some(s) = self.0.get(sql) {
            return Ok(s.clone());
        }
        let s = tx.prepare(sql)?;
        self.0.insert(sql, s.clone());
        Ok(s)
    }
}

/// A statement text built once from the lookup caps.
fn sql(cell: &'static LazyLock<String>) -> &'static str {
    cell.as_str()
}

static BANDS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT l.article_id FROM unnest($1::bigint[], $2::bigint[]) AS b(band, key)
         CROSS JOIN LATERAL (
             (SELECT article_id FROM lsh_bands WHERE band = b.band AND key = b.key
              ORDER BY article_id DESC LIMIT {BAND_CANDIDATES})
             UNION ALL
             (SELECT article_id FROM lsh_bands_recent WHERE band = b.band AND key = b.key
              ORDER BY article_id DESC LIMIT {BAND_CANDIDATES})
             ORDER BY article_id DESC LIMIT {BAND_CANDIDATES}) l"
    )
});
static KEYS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT q.cluster_id FROM unnest($1::bigint[]) AS k(key)
         CROSS JOIN LATERAL (SELECT cluster_id FROM quote_keys WHERE key = k.key
             ORDER BY cluster_id LIMIT {KEY_CANDIDATES}) q"
    )
});
static CLUSTER_STORIES_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT story_id FROM quote_cluster_stories WHERE cluster_id = $1
         ORDER BY story_id DESC LIMIT {STORIES_PER_CLUSTER}"
    )
});
static SPEAKERS_KEYED_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT speaker_id FROM speaker_keys WHERE key = $1
         ORDER BY speaker_id LIMIT {SPEAKERS_PER_KEY}"
    )
});
static SPELLINGS_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT alias FROM speaker_aliases WHERE speaker_id = $1
         ORDER BY alias COLLATE \"C\" LIMIT {CANONICAL_SPELLINGS}"
    )
});
static SOURCES_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT DISTINCT coalesce(c.root, m.article_id) FROM
             (SELECT article_id FROM quote_cluster_members
              WHERE speaker_id = $1 AND spelling = $2
              ORDER BY quote_id LIMIT {CANONICAL_SOURCES}) m
         LEFT JOIN article_copies c ON c.article_id = m.article_id"
    )
});

/// [`LinkIndex`] over one linking transaction. Only a story's figure values are
/// remembered (for the transaction: it holds [`LINK_LOCK`], so no other linker
/// adds to them).
pub struct PgIndex<'a, 't> {
    tx: &'a mut Transaction<'t>,
    stmts: &'a mut Statements,
    story_figures: FxHashMap<i64, StoryValues>,
}

impl<'a, 't> PgIndex<'a, 't> {
    /// An index over `tx`, preparing statements into `stmts`.
    pub fn new(tx: &'a mut Transaction<'t>, stmts: &'a mut Statements) -> Self {
        PgIndex {
            tx,
            stmts,
            story_figures: FxHashMap::default(),
        }
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, StoreError> {
        let s = self.stmts.get(self.tx, sql)?;
        Ok(self.tx.query(&s, params)?)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Option<postgres::Row>, StoreError> {
        let s = self.stmts.get(self.tx, sql)?;
        Ok(self.tx.query_opt(&s, params)?)
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let s = self.stmts.get(self.tx, sql)?;
        Ok(self.tx.execute(&s, params)?)
    }

    fn ids(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<i64>, StoreError> {
        Ok(self.query(sql, params)?.iter().map(|r| r.get(0)).collect())
    }

    /// Story `id`'s figure values, read once per transaction.
    fn story_values(&mut self, id: i64) -> Result<&mut StoryValues, StoreError> {
        if !self.story_figures.contains_key(&id) {
            let rows = self.query(
                "SELECT rate, kind, rhead, head, value, figure_id FROM story_figures
                 WHERE story_id = $1",
                &[&id],
            )?;
            let mut stored = StoryValues::default();
            for r in &rows {
                stored.push_read(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
            }
            stored.sort();
            self.story_figures.insert(id, stored);
        }
        Ok(self.story_figures.entry(id).or_default())
    }

    /// Puts the article in story `id` (chosen with `score`), widening its dates.
    fn join_story(&mut self, p: &Placement, id: i64, score: f64) -> Result<i64, StoreError> {
        self.execute(
            "INSERT INTO story_articles (article_id, story_id, score) VALUES ($1, $2, $3)",
            &[&p.article, &id, &score],
        )?;
        self.execute(
            "UPDATE stories SET
                 first_published = CASE WHEN first_published IS NULL
                     OR $2::text < first_published COLLATE \"C\" THEN $2 ELSE first_published END,
                 last_published = CASE WHEN last_published IS NULL
                     OR $2::text > last_published COLLATE \"C\" THEN $2 ELSE last_published END
             WHERE id = $1 AND $2::text IS NOT NULL",
            &[&id, &p.published],
        )?;
        Ok(id)
    }

    /// Starts a story labelled `label` with the article in it.
    fn new_story(&mut self, p: &Placement, label: Option<&str>) -> Result<i64, StoreError> {
        let row = self.query(
            "INSERT INTO stories (label, first_published, last_published, created_at)
             VALUES ($1, $2, $2, $3) RETURNING id",
            &[&label, &p.published, &p.now],
        )?;
        let sid: i64 = row.first().map(|r| r.get(0)).unwrap_or_default();
        self.execute(
            "INSERT INTO story_articles (article_id, story_id, score) VALUES ($1, $2, 0)",
            &[&p.article, &sid],
        )?;
        Ok(sid)
    }
}

/// Counts each id of `ids`.
fn tally(ids: Vec<i64>) -> FxHashMap<i64, usize> {
    let mut out: FxHashMap<i64, usize> = FxHashMap::default();
    for id in ids {
        *out.entry(id).or_default() += 1;
    }
    out
}

impl LinkIndex for PgIndex<'_, '_> {
    type Error = StoreError;

    fn add_bands(
        &mut self,
        article: i64,
        bands: &[(i64, i64)],
    ) -> Result<FxHashMap<i64, usize>, StoreError> {
        let (b, k): (Vec<i64>, Vec<i64>) = bands.iter().copied().unzip();
        let found = self.ids(sql(&BANDS_SQL), &[&b, &k])?;
        self.execute(
            "INSERT INTO lsh_bands (band, key, article_id)
             SELECT band, key, $3 FROM unnest($1::bigint[], $2::bigint[]) AS b(band, key)
             ON CONFLICT DO NOTHING",
            &[&b, &k, &article],
        )?;
        Ok(tally(found))
    }

    fn article(&mut self, id: i64) -> Result<Option<Arc<LinkedArticle>>, StoreError> {
        let row = self.query_opt(
            "SELECT s.minhash, sa.story_id, coalesce(c.root, s.article_id)
             FROM article_signatures s
             JOIN story_articles sa ON sa.article_id = s.article_id
             LEFT JOIN article_copies c ON c.article_id = s.article_id
             WHERE s.article_id = $1",
            &[&id],
        )?;
        Ok(row.and_then(|r| {
            let bytes: Vec<u8> = r.get(0);
            Some(Arc::new(LinkedArticle {
                signature: StoredSignature::from_bytes(&bytes)?,
                story: r.get(1),
                root: r.get(2),
            }))
        }))
    }

    fn clusters_under(&mut self, keys: &[i64]) -> Result<FxHashMap<i64, usize>, StoreError> {
        Ok(tally(self.ids(sql(&KEYS_SQL), &[&keys])?))
    }

    fn cluster_shape(&mut self, cluster: i64) -> Result<Option<Arc<QuoteShape>>, StoreError> {
        let row = self.query_opt(
            "SELECT canonical_text FROM quote_clusters WHERE id = $1",
            &[&cluster],
        )?;
        Ok(row.map(|r| Arc::new(QuoteShape::new(r.get::<_, &str>(0)))))
    }

    fn cluster_stories(&mut self, cluster: i64) -> Result<Vec<i64>, StoreError> {
        self.ids(sql(&CLUSTER_STORIES_SQL), &[&cluster])
    }

    fn story_dates(&mut self, story: i64) -> Result<StoryDates, StoreError> {
        let row = self.query_opt(
            "SELECT first_published, last_published FROM stories WHERE id = $1",
            &[&story],
        )?;
        Ok(row.map_or((None, None), |r| (r.get(0), r.get(1))))
    }

    fn speakers_keyed(&mut self, key: &str) -> Result<Vec<i64>, StoreError> {
        self.ids(sql(&SPEAKERS_KEYED_SQL), &[&key])
    }

    fn spellings(&mut self, speaker: i64) -> Result<Arc<Vec<(String, SpeakerRef)>>, StoreError> {
        let rows = self.query(
            "SELECT al.alias, s.role FROM speakers s
             JOIN speaker_aliases al ON al.speaker_id = s.id
             WHERE s.id = $1 ORDER BY al.alias COLLATE \"C\"",
            &[&speaker],
        )?;
        let list = rows
            .iter()
            .map(|r| {
                let (alias, role): (String, Option<String>) = (r.get(0), r.get(1));
                let known = SpeakerRef::new(&alias, role.as_deref());
                (alias, known)
            })
            .collect();
        Ok(Arc::new(list))
    }

    fn story_has_speaker(&mut self, story: i64, speaker: i64) -> Result<bool, StoreError> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM story_speakers WHERE story_id = $1 AND speaker_id = $2",
                &[&story, &speaker],
            )?
            .is_some())
    }

    fn nearest_values(
        &mut self,
        story: i64,
        k: &FigureKey,
    ) -> Result<Vec<(FigureKey, i64)>, StoreError> {
        Ok(self.story_values(story)?.nearest(k))
    }

    fn place_article(&mut self, p: &Placement) -> Result<i64, StoreError> {
        self.execute(
            "INSERT INTO article_signatures (article_id, minhash) VALUES ($1, $2)",
            &[&p.article, &p.signature.to_bytes()],
        )?;
        self.execute(
            "INSERT INTO article_copies (article_id, root) VALUES ($1, $2)
             ON CONFLICT (article_id) DO UPDATE SET root = excluded.root",
            &[&p.article, &p.root],
        )?;
        match p.story {
            StoryChoice::Join { id, score } => self.join_story(p, id, score),
            StoryChoice::New { label } => self.new_story(p, label),
        }
    }

    fn add_speaker(&mut self, name: &str, role: Option<&str>) -> Result<i64, StoreError> {
        let rows = self.query(
            "INSERT INTO speakers (name, role) VALUES ($1, $2) RETURNING id",
            &[&name, &role],
        )?;
        Ok(rows.first().map(|r| r.get(0)).unwrap_or_default())
    }

    fn speaker_used(
        &mut self,
        speaker: i64,
        spelling: &str,
        keys: &[String],
        story: i64,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO speaker_aliases (speaker_id, alias) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
            &[&speaker, &spelling],
        )?;
        if !keys.is_empty() {
            self.execute(
                "INSERT INTO speaker_keys (key, speaker_id)
                 SELECT DISTINCT k, $2::bigint FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING",
                &[&keys, &speaker],
            )?;
        }
        self.execute(
            "INSERT INTO story_speakers (story_id, speaker_id) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
            &[&story, &speaker],
        )?;
        Ok(())
    }

    fn add_cluster(
        &mut self,
        text: &str,
        quote: i64,
        speaker: Option<i64>,
        keys: &[i64],
    ) -> Result<i64, StoreError> {
        let rows = self.query(
            "INSERT INTO quote_clusters (canonical_text, canonical_quote_id, speaker_id)
             VALUES ($1, $2, $3) RETURNING id",
            &[&text, &quote, &speaker],
        )?;
        let cluster: i64 = rows.first().map(|r| r.get(0)).unwrap_or_default();
        if !keys.is_empty() {
            self.execute(
                "INSERT INTO quote_keys (key, cluster_id)
                 SELECT DISTINCT k, $2::bigint FROM unnest($1::bigint[]) AS k ON CONFLICT DO NOTHING",
                &[&keys, &cluster],
            )?;
        }
        Ok(cluster)
    }

    fn add_member(&mut self, m: &Member) -> Result<(), StoreError> {
        let (speaker, spelling) = (m.speaker.map(|s| s.0), m.speaker.map(|s| s.1));
        self.execute(
            "INSERT INTO quote_cluster_members
                 (quote_id, cluster_id, article_id, speaker_id, spelling, similarity)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &m.quote,
                &m.cluster,
                &m.article,
                &speaker,
                &spelling,
                &m.similarity,
            ],
        )?;
        Ok(())
    }

    fn cluster_in_story(
        &mut self,
        cluster: i64,
        story: i64,
        quotes: i64,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO quote_cluster_stories (cluster_id, story_id, quotes) VALUES ($1, $2, $3)
             ON CONFLICT (cluster_id, story_id)
             DO UPDATE SET quotes = quote_cluster_stories.quotes + excluded.quotes",
            &[&cluster, &story, &quotes],
        )?;
        Ok(())
    }

    fn figure_source(&mut self, figure: i64) -> Result<Option<FigureSource>, StoreError> {
        let row = self.query_opt(
            "SELECT f.qualifier, a.outlet, f.value, f.low, f.high FROM figure_rows f
             JOIN articles a ON a.id = f.article_id WHERE f.id = $1",
            &[&figure],
        )?;
        Ok(row.map(|r| FigureSource {
            qualifier: r.get(0),
            outlet: r.get(1),
            claim: Claim::of(r.get(2), r.get(3), r.get(4)),
        }))
    }

    fn add_disagreement(&mut self, d: &Disagreement) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO figure_disagreements
                 (story_id, figure_a, figure_b, head, rate, rel_diff, outlets)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            &[
                &d.story,
                &d.figure_a,
                &d.figure_b,
                &d.head,
                &d.rate,
                &d.rel_diff,
                &d.outlets.as_str(),
            ],
        )?;
        Ok(())
    }

    fn add_story_value(
        &mut self,
        story: i64,
        k: &FigureKey,
        figure: i64,
    ) -> Result<(), StoreError> {
        let rhead: String = k.head.chars().rev().collect();
        self.execute(
            "INSERT INTO story_figures (story_id, head, rhead, rate, kind, value, figure_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            &[&story, &k.head, &rhead, &k.rate, &k.kind, &k.value, &figure],
        )?;
        if let Some(stored) = self.story_figures.get_mut(&story) {
            stored.add(k, figure);
        }
        Ok(())
    }

    fn speaker_name(&mut self, speaker: i64) -> Result<String, StoreError> {
        let row = self.query_opt("SELECT name FROM speakers WHERE id = $1", &[&speaker])?;
        Ok(row.map(|r| r.get(0)).unwrap_or_default())
    }

    fn speaker_spellings(&mut self, speaker: i64) -> Result<Vec<String>, StoreError> {
        let rows = self.query(sql(&SPELLINGS_SQL), &[&speaker])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn spelling_sources(
        &mut self,
        speaker: i64,
        spelling: &str,
        cap: usize,
    ) -> Result<Vec<i64>, StoreError> {
        let mut roots = self.ids(sql(&SOURCES_SQL), &[&speaker, &spelling])?;
        roots.truncate(cap);
        Ok(roots)
    }

    fn rename_speaker(&mut self, speaker: i64, name: &str) -> Result<(), StoreError> {
        self.execute(
            "UPDATE speakers SET name = $2 WHERE id = $1",
            &[&speaker, &name],
        )?;
        Ok(())
    }
}

/// A stored figure kind's name back as the kind.
fn figure_kind(name: &str) -> Option<FigureKind> {
    [
        FigureKind::Count,
        FigureKind::Money,
        FigureKind::Percent,
        FigureKind::Fraction,
        FigureKind::Measure,
        FigureKind::Ordinal,
        FigureKind::Duration,
    ]
    .into_iter()
    .find(|k| k.as_str() == name)
}

/// A stored article as linking reads it: what the pipeline extracted (the
/// fields linking uses), its quotes' and figures' ids in their order.
struct StoredArticle {
    extracted: Extracted,
    quote_ids: Vec<i64>,
    figure_ids: Vec<i64>,
}

/// Reads article `id` back; None if it is gone.
fn load_article(
    tx: &mut Transaction,
    stmts: &mut Statements,
    id: i64,
) -> Result<Option<StoredArticle>, StoreError> {
    let s = stmts.get(
        tx,
        "SELECT title, outlet, published, language FROM articles WHERE id = $1",
    )?;
    let Some(a) = tx.query_opt(&s, &[&id])? else {
        return Ok(None);
    };
    let s = stmts.get(
        tx,
        "SELECT text FROM paragraphs WHERE article_id = $1 ORDER BY idx",
    )?;
    let body = tx.query(&s, &[&id])?.iter().map(|r| r.get(0)).collect();
    let article = Article {
        title: a.get(0),
        publisher: a.get(1),
        published: a.get(2),
        language: a.get(3),
        body,
        ..Article::default()
    };
    let s = stmts.get(
        tx,
        "SELECT id, text, speaker, role FROM quotes WHERE article_id = $1 ORDER BY idx",
    )?;
    let (mut quotes, mut quote_ids) = (Vec::new(), Vec::new());
    for r in tx.query(&s, &[&id])? {
        quote_ids.push(r.get(0));
        quotes.push(Quote {
            text: r.get(1),
            speaker: r.get(2),
            role: r.get(3),
            cue: None,
            kind: QuoteKind::Direct,
            paragraph: 0,
            start: 0,
            end: 0,
            rule: None,
        });
    }
    let s = stmts.get(
        tx,
        "SELECT id, value, unit, qualifier, kind, rate, low, high FROM figure_rows
         WHERE article_id = $1 ORDER BY idx",
    )?;
    let (mut figures, mut figure_ids) = (Vec::new(), Vec::new());
    for r in tx.query(&s, &[&id])? {
        let kind: &str = r.get(4);
        figure_ids.push(r.get(0));
        figures.push(Figure {
            raw: String::new(),
            value: r.get(1),
            low: r.get(6),
            high: r.get(7),
            unit: r.get(2),
            qualifier: r.get(3),
            kind: figure_kind(kind).unwrap_or(FigureKind::Count),
            rate: r.get(5),
            paragraph: 0,
            start: 0,
            end: 0,
            sentence: String::new(),
            sentence_start: 0,
            sentence_end: 0,
            rule: None,
        });
    }
    let extracted = Extracted {
        article,
        quotes,
        figures,
        encoding: "utf-8",
        templating: Undo::default(),
    };
    Ok(Some(StoredArticle {
        extracted,
        quote_ids,
        figure_ids,
    }))
}

/// Links the articles without a story, lowest id first, in transactions of
/// [`LINK_BATCH`], each under [`LINK_LOCK`]. Returns how many it linked.
pub fn link_unlinked(client: &mut Client, stmts: &mut Statements) -> Result<usize, StoreError> {
    let mut linked = 0;
    loop {
        let mut tx = client.transaction()?;
        // Waits while another process links; held until this transaction ends.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LINK_LOCK])?;
        let s = stmts.get(
            &mut tx,
            "SELECT a.id FROM articles a
             WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)
             ORDER BY a.id LIMIT $1",
        )?;
        let ids: Vec<i64> = tx
            .query(&s, &[&LINK_BATCH])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if ids.is_empty() {
            return Ok(linked);
        }
        let now = crate::ingest::now_rfc3339();
        link_ids(&mut tx, stmts, &ids, &now)?;
        tx.commit()?;
        linked += ids.len();
        if (ids.len() as i64) < LINK_BATCH {
            return Ok(linked);
        }
    }
}

/// Links `ids` in order inside `tx`.
fn link_ids(
    tx: &mut Transaction,
    stmts: &mut Statements,
    ids: &[i64],
    now: &str,
) -> Result<(), StoreError> {
    let mut story_figures = FxHashMap::default();
    for &id in ids {
        let Some(stored) = load_article(tx, stmts, id)? else {
            continue;
        };
        let prep = LinkPrep::of(&stored.extracted);
        let article = NewArticle {
            id,
            extracted: &stored.extracted,
            prep: &prep,
            quote_ids: &stored.quote_ids,
            figure_ids: &stored.figure_ids,
            now,
        };
        let mut index = PgIndex::new(tx, stmts);
        index.story_figures = story_figures;
        Linker::new(&mut index).link(&article)?;
        story_figures = index.story_figures;
    }
    Ok(())
}

/// The linker a PostgreSQL writer runs after each committed batch.
#[derive(Default)]
pub struct PgLinkQueue {
    stmts: Statements,
}

impl PgLinker for PgLinkQueue {
    fn link_pending(
        &mut self,
        client: &mut Client,
        new_articles: &[i64],
    ) -> Result<(), StoreError> {
        let started = std::time::Instant::now();
        let linked = link_unlinked(client, &mut self.stmts)?;
        tracing::debug!(
            linked,
            stored = new_articles.len(),
            ms = started.elapsed().as_millis() as u64,
            "linked"
        );
        Ok(())
    }
}
