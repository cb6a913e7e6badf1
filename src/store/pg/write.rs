//! Writing batches into PostgreSQL: the same rows `store/write.rs` writes into
//! SQLite, by a writer that may share the database with others.
//!
//! A batch is one transaction. Articles go through a temporary staging table
//! (binary `COPY`), then `INSERT … SELECT … ON CONFLICT (content_hash) DO NOTHING`:
//! exactly-once by content hash, whichever writer commits first; a writer whose
//! article another writer stored gets [`WriteResult::Duplicate`], as for a second
//! path in SQLite. Their paragraphs, quotes, figures, images and removed-line runs go
//! straight into the tables by binary `COPY` (the article ids are new, nothing can
//! conflict). Shared rows (removed-line texts and blocks, template-line counts, files)
//! are upserted sorted by key, and in the same table order by every writer, so two
//! writers never wait on each other in a cycle; a deadlock or a row deleted under a
//! writer's feet still rolls its batch back, and the batch is retried whole.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::Transaction;

use super::PgStore;
use crate::model::Removed;
use crate::normalize::template::{self, TemplateSet};
use crate::store::prepared::PreparedArticle;
use crate::store::write::{
    cut_blocks as cut_removed_blocks, hash8, opt_usize, runs_of, sentence_columns, warnings_note,
    BlockLine, Spans, TemplateCounts,
};
use crate::store::{FileMeta, FileState, FileStatus, PreparedFile, StoreError, WriteResult};

/// Times a batch is tried when it fails for a reason a retry cures (a deadlock, a
/// serialization failure, a row another writer deleted meanwhile).
const ATTEMPTS: u32 = 4;

/// The staging table for a batch's articles (per connection, emptied at commit).
const STAGE_ARTICLES: &str = "CREATE TEMP TABLE IF NOT EXISTS newsdb_stage_articles (
    content_hash TEXT NOT NULL, title TEXT, subtitle TEXT, outlet TEXT, byline TEXT,
    published TEXT, language TEXT NOT NULL, body TEXT NOT NULL, word_count BIGINT NOT NULL,
    encoding TEXT NOT NULL, ingested_at TEXT NOT NULL) ON COMMIT DELETE ROWS";

/// A `files` row as the batch sees it: (content hash, article id, status).
type FileRow = (Option<String>, Option<i64>, FileStatus);

/// A `files` row to write: (content hash, article id, status, error).
type NewFileRow = (Option<String>, Option<i64>, FileStatus, Option<String>);

/// What one batch did, for after its commit.
struct Committed {
    results: Vec<WriteResult>,
    /// Articles stored by this batch, in id order.
    new_articles: Vec<i64>,
    /// Template lines that reached [`template::MIN_ARTICLES`] in this batch.
    qualified: Vec<(String, i64)>,
}

impl PgStore {
    /// What the database knows about `path`.
    pub fn file_state(&mut self, path: &str) -> Result<Option<FileState>, StoreError> {
        let row = self.client.query_opt(
            "SELECT content_hash, size, modified_at, status FROM files WHERE path = $1",
            &[&path],
        )?;
        row.map(|r| {
            Ok(FileState {
                content_hash: r.get(0),
                size: r.get::<_, i64>(1).max(0) as u64,
                modified_at: r.get(2),
                status: status_of(r.get(3))?,
            })
        })
        .transpose()
    }

    /// Writes a batch of files in one transaction (retried whole when a concurrent
    /// writer made it fail in a way a retry cures), then hands the new articles to
    /// linking.
    pub fn write_batch(
        &mut self,
        files: &[PreparedFile],
        now: &str,
    ) -> Result<Vec<WriteResult>, StoreError> {
        let mut attempt = 1;
        let done = loop {
            match self.write_batch_once(files, now) {
                Ok(done) => break done,
                Err(e) if attempt < ATTEMPTS && retryable(&e) => {
                    tracing::warn!(error = %e, attempt, "batch rolled back by a concurrent writer; retrying");
                    std::thread::sleep(std::time::Duration::from_millis(20 << attempt));
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        if let Some((set, _)) = self
            .templates
            .as_mut()
            .filter(|_| !done.qualified.is_empty())
        {
            Arc::make_mut(set).extend(done.qualified);
        }
        self.after_commit(&done.new_articles)?;
        Ok(done.results)
    }

    /// The linking seam: after a committed batch, the linker (if installed and
    /// linking is on) links what is pending.
    fn after_commit(&mut self, new_articles: &[i64]) -> Result<(), StoreError> {
        if !self.link || new_articles.is_empty() {
            return Ok(());
        }
        match &mut self.linker {
            Some(linker) => linker.link_pending(&mut self.client, new_articles),
            None => {
                if !self.said_unlinked {
                    tracing::warn!(
                        "cross-source linking is not available on PostgreSQL in this build: \
                         articles are stored unlinked"
                    );
                    self.said_unlinked = true;
                }
                Ok(())
            }
        }
    }

    fn write_batch_once(
        &mut self,
        files: &[PreparedFile],
        now: &str,
    ) -> Result<Committed, StoreError> {
        self.client.batch_execute(STAGE_ARTICLES)?;
        let mut tx = self.client.transaction()?;
        // Files in path order (a repeated path keeps its versions' order): the order
        // every writer locks `files` rows in.
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by(|&a, &b| files[a].path().cmp(files[b].path()));
        let mut state = previous_rows(&mut tx, files)?;
        let unchanged = unchanged_files(files, &order, &state);
        let to_store: Vec<&PreparedArticle> = order
            .iter()
            .filter(|&&i| !unchanged[i])
            .filter_map(|&i| files[i].prepared().ok())
            .collect();
        let (ids, mut new_ids) = store_articles(&mut tx, &to_store, now)?;
        let new: Vec<(i64, &PreparedArticle)> = unique_new(&to_store, &ids, &new_ids);
        insert_rows(&mut tx, &new)?;
        store_removed(&mut tx, &new)?;
        let mut counts = TemplateCounts::default();
        for (_, a) in &new {
            counts.add(&a.extracted, &a.line_hashes.template);
        }
        let qualified = flush_templates(&mut tx, counts)?;
        let mut results = vec![WriteResult::Unchanged; files.len()];
        let mut to_drop = Vec::new();
        let mut claimed: HashSet<i64> = HashSet::new();
        for &i in &order {
            let file = &files[i];
            results[i] = if unchanged[i] {
                touch_file(&mut tx, file)?;
                WriteResult::Unchanged
            } else {
                let previous = state.get(file.path()).cloned();
                let (result, row) = file_row(file, previous.as_ref(), &ids, &new_ids, &mut claimed);
                upsert_file(&mut tx, file, &row, now)?;
                if let Some((_, Some(old), _)) = previous {
                    if Some(old) != row.1 {
                        to_drop.push(old);
                    }
                }
                state.insert(file.path().to_owned(), (row.0.clone(), row.1, row.2));
                result
            };
        }
        drop_unheld(&mut tx, &mut to_drop)?;
        tx.commit()?;
        new_ids.retain(|id| claimed.contains(id));
        let mut new_articles: Vec<i64> = new_ids.into_iter().collect();
        new_articles.sort_unstable();
        Ok(Committed {
            results,
            new_articles,
            qualified,
        })
    }

    /// Records that `path` disappeared from the watched folder. Its article stays.
    pub fn mark_deleted(&mut self, path: &str, now: &str) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE files SET status = 'deleted', updated_at = $2
             WHERE path = $1 AND status <> 'deleted'",
            &[&path, &now],
        )?;
        Ok(n > 0)
    }

    /// The learned template lines: read from the table, then kept up to date with
    /// this writer's batches and reread every [`super::TEMPLATE_REFRESH`] (other
    /// writers' articles count too).
    pub fn templates(&mut self) -> Result<Arc<TemplateSet>, StoreError> {
        if let Some((set, read_at)) = &self.templates {
            if read_at.elapsed() < super::TEMPLATE_REFRESH {
                return Ok(Arc::clone(set));
            }
        }
        let rows = self.client.query(
            "SELECT publisher, line_hash FROM template_lines WHERE articles >= $1",
            &[&template::MIN_ARTICLES],
        )?;
        let set = Arc::new(TemplateSet::from_pairs(
            rows.iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1))),
        ));
        self.templates = Some((Arc::clone(&set), Instant::now()));
        Ok(set)
    }

    /// Paths the database holds as present (ingested or rejected).
    pub fn present_paths(&mut self) -> Result<Vec<String>, StoreError> {
        let rows = self
            .client
            .query("SELECT path FROM files WHERE status <> 'deleted'", &[])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

/// Whether a failed batch should simply be tried again: a deadlock or serialization
/// failure, or a foreign key that broke because another writer deleted the article
/// (or the connection was not the problem: those errors are returned).
fn retryable(e: &StoreError) -> bool {
    let StoreError::Postgres(e) = e else {
        return false;
    };
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::FOREIGN_KEY_VIOLATION
            || *c == SqlState::UNIQUE_VIOLATION
    )
}

fn status_of(s: String) -> Result<FileStatus, StoreError> {
    match s.as_str() {
        "ingested" => Ok(FileStatus::Ingested),
        "rejected" => Ok(FileStatus::Rejected),
        "deleted" => Ok(FileStatus::Deleted),
        other => Err(StoreError::Refused(format!(
            "unknown file status {other:?}"
        ))),
    }
}

/// The `files` rows of the batch's paths, as stored before it.
fn previous_rows(
    tx: &mut Transaction,
    files: &[PreparedFile],
) -> Result<HashMap<String, FileRow>, StoreError> {
    let paths: Vec<&str> = files.iter().map(PreparedFile::path).collect();
    let rows = tx.query(
        "SELECT path, content_hash, article_id, status FROM files WHERE path = ANY($1)",
        &[&paths],
    )?;
    rows.into_iter()
        .map(|r| Ok((r.get(0), (r.get(1), r.get(2), status_of(r.get(3))?))))
        .collect()
}

/// Per file (by index): its bytes are exactly what its path holds (earlier in the
/// batch, or before it) and the path is not marked deleted.
fn unchanged_files(
    files: &[PreparedFile],
    order: &[usize],
    previous: &HashMap<String, FileRow>,
) -> Vec<bool> {
    let mut hashes: HashMap<&str, (Option<&str>, bool)> = previous
        .iter()
        .map(|(p, (h, _, s))| (p.as_str(), (h.as_deref(), *s == FileStatus::Deleted)))
        .collect();
    let mut unchanged = vec![false; files.len()];
    for &i in order {
        let f = &files[i];
        if let (Some((Some(old), false)), Some(new)) = (hashes.get(f.path()), f.content_hash()) {
            unchanged[i] = *old == new;
        }
        if !unchanged[i] {
            hashes.insert(f.path(), (f.content_hash(), false));
        }
    }
    unchanged
}

/// Stores the articles not stored yet (sorted by content hash, the order every
/// writer takes them in): returns every content hash's article id, and the ids this
/// batch created.
fn store_articles(
    tx: &mut Transaction,
    articles: &[&PreparedArticle],
    now: &str,
) -> Result<(HashMap<String, i64>, HashSet<i64>), StoreError> {
    if articles.is_empty() {
        return Ok(Default::default());
    }
    let mut sorted: Vec<&PreparedArticle> = articles.to_vec();
    sorted.sort_by(|a, b| a.content_hash.cmp(&b.content_hash));
    sorted.dedup_by(|a, b| a.content_hash == b.content_hash);
    let sink = tx.copy_in(
        "COPY newsdb_stage_articles (content_hash, title, subtitle, outlet, byline, published,
             language, body, word_count, encoding, ingested_at) FROM STDIN (FORMAT binary)",
    )?;
    let text = Type::TEXT;
    let types = [
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        Type::INT8,
        text.clone(),
        text,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for p in &sorted {
        let a = &p.extracted.article;
        let body = a.body.join("\n\n");
        let words = opt_usize(body.split_whitespace().count());
        w.write(&[
            &p.content_hash,
            &a.title,
            &a.subtitle,
            &a.publisher,
            &a.byline,
            &a.published,
            &a.language,
            &body,
            &words,
            &p.extracted.encoding,
            &now,
        ])?;
    }
    w.finish()?;
    let inserted = tx.query(
        "INSERT INTO articles (content_hash, title, subtitle, outlet, byline, published,
             language, body, word_count, encoding, ingested_at)
         SELECT content_hash, title, subtitle, outlet, byline, published, language, body,
             word_count, encoding, ingested_at
         FROM newsdb_stage_articles ORDER BY content_hash
         ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash",
        &[],
    )?;
    tx.execute("TRUNCATE newsdb_stage_articles", &[])?;
    let mut ids: HashMap<String, i64> = HashMap::with_capacity(sorted.len());
    let mut new = HashSet::with_capacity(inserted.len());
    for r in &inserted {
        ids.insert(r.get(1), r.get(0));
        new.insert(r.get(0));
    }
    let missing: Vec<&str> = sorted
        .iter()
        .map(|p| p.content_hash.as_str())
        .filter(|h| !ids.contains_key(*h))
        .collect();
    if !missing.is_empty() {
        // Stored before, or by a writer that committed while this one waited.
        for r in tx.query(
            "SELECT id, content_hash FROM articles WHERE content_hash = ANY($1)",
            &[&missing],
        )? {
            ids.insert(r.get(1), r.get(0));
        }
    }
    Ok((ids, new))
}

/// The batch's new articles with their ids, once each, in id order.
fn unique_new<'a>(
    articles: &[&'a PreparedArticle],
    ids: &HashMap<String, i64>,
    new_ids: &HashSet<i64>,
) -> Vec<(i64, &'a PreparedArticle)> {
    let mut seen = HashSet::new();
    let mut out: Vec<(i64, &PreparedArticle)> = articles
        .iter()
        .filter_map(|a| ids.get(&a.content_hash).map(|&id| (id, *a)))
        .filter(|(id, _)| new_ids.contains(id) && seen.insert(*id))
        .collect();
    out.sort_unstable_by_key(|(id, _)| *id);
    out
}

/// A binary `COPY` of `rows` into `table (columns)`.
fn copy_rows(
    tx: &mut Transaction,
    table: &str,
    columns: &str,
    types: &[Type],
    rows: &[Vec<Box<dyn ToSql + Sync>>],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let sink = tx.copy_in(&format!(
        "COPY {table} ({columns}) FROM STDIN (FORMAT binary)"
    ))?;
    let mut w = BinaryCopyInWriter::new(sink, types);
    for row in rows {
        let refs: Vec<&(dyn ToSql + Sync)> = row.iter().map(|b| b.as_ref()).collect();
        w.write(&refs)?;
    }
    w.finish()?;
    Ok(())
}

/// One `COPY` row: boxed values.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(Box::new($v) as Box<dyn ToSql + Sync>),*] };
}

/// The new articles' paragraph spans, quotes, figures and images (as
/// `store/write.rs` `insert_article` writes them). Paragraph spans go first: the
/// quote rows' full-text trigger reads quote texts back through them.
fn insert_rows(tx: &mut Transaction, new: &[(i64, &PreparedArticle)]) -> Result<(), StoreError> {
    let (mut spans, mut quotes, mut figures, mut images) = (vec![], vec![], vec![], vec![]);
    for &(id, p) in new {
        let x = &p.extracted;
        let body = &x.article.body;
        let mut start = 0;
        for (i, para) in body.iter().enumerate() {
            let length = para.chars().count();
            spans.push(row![id, opt_usize(i), opt_usize(start), opt_usize(length)]);
            start += length + 2;
        }
        let at = Spans::new(body);
        for (i, q) in x.quotes.iter().enumerate() {
            let at_span = at.holds(&q.text, q.paragraph, q.start, q.end);
            quotes.push(row![
                id,
                opt_usize(i),
                if at_span {
                    String::new()
                } else {
                    q.text.clone()
                },
                q.speaker.clone(),
                q.role.clone(),
                q.cue.clone(),
                q.kind.as_str().to_owned(),
                opt_usize(q.paragraph),
                opt_usize(q.start),
                opt_usize(q.end),
                at_span.then_some(1i64),
                q.rule.clone(),
            ]);
        }
        for (i, f) in x.figures.iter().enumerate() {
            figures.push(figure_row(id, i, f, &at));
        }
        for (i, im) in x.article.images.iter().enumerate() {
            images.push(row![
                id,
                opt_usize(i),
                im.caption.clone(),
                im.credit.clone()
            ]);
        }
    }
    let (i8, t, f8) = (Type::INT8, Type::TEXT, Type::FLOAT8);
    copy_rows(
        tx,
        "paragraph_spans",
        "article_id, idx, start, length",
        &[i8.clone(), i8.clone(), i8.clone(), i8.clone()],
        &spans,
    )?;
    copy_rows(
        tx,
        "quote_rows",
        "article_id, idx, text, speaker, role, cue, kind, paragraph, span_start, span_end, \
         text_at_span, rule",
        &[
            i8.clone(),
            i8.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            t.clone(),
        ],
        &quotes,
    )?;
    copy_rows(
        tx,
        "figure_rows",
        "article_id, idx, raw, value, low, high, unit, qualifier, kind, rate, paragraph, \
         span_start, span_end, sentence_start, sentence_end, sentence_text, raw_at_span, rule",
        &[
            i8.clone(),
            i8.clone(),
            t.clone(),
            f8.clone(),
            f8.clone(),
            f8,
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            i8.clone(),
            t.clone(),
            i8.clone(),
            t.clone(),
        ],
        &figures,
    )?;
    copy_rows(
        tx,
        "images",
        "article_id, idx, caption, credit",
        &[i8.clone(), i8, t.clone(), t],
        &images,
    )
}

/// A `figure_rows` row, as `store/write.rs` writes it.
fn figure_row(
    id: i64,
    i: usize,
    f: &crate::model::Figure,
    at: &Spans,
) -> Vec<Box<dyn ToSql + Sync>> {
    let (sentence_start, sentence_end, sentence_text) = sentence_columns(f);
    let sentence_text = sentence_text.map(str::to_owned);
    let raw_at_span = at.holds(&f.raw, f.paragraph, f.start, f.end);
    row![
        id,
        opt_usize(i),
        if raw_at_span {
            String::new()
        } else {
            f.raw.clone()
        },
        f.value,
        f.low,
        f.high,
        f.unit.clone(),
        f.qualifier.clone(),
        f.kind.as_str().to_owned(),
        f.rate.clone(),
        opt_usize(f.paragraph),
        opt_usize(f.start),
        opt_usize(f.end),
        sentence_start,
        sentence_end,
        sentence_text,
        raw_at_span.then_some(1i64),
        f.rule.clone(),
    ]
}

/// Inserts the distinct `(hash, text)` pairs into `table (hash, <column>)` unless
/// their hash is stored (sorted by hash), and returns every hash's stored id and
/// text.
fn upsert_hashed(
    tx: &mut Transaction,
    table: &str,
    column: &str,
    mut pairs: Vec<(i64, &str)>,
) -> Result<HashMap<i64, (i64, String)>, StoreError> {
    if pairs.is_empty() {
        return Ok(HashMap::new());
    }
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let hashes: Vec<i64> = pairs.iter().map(|p| p.0).collect();
    let texts: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    tx.execute(
        &format!(
            "INSERT INTO {table} (hash, {column})
             SELECT * FROM unnest($1::bigint[], $2::text[]) ORDER BY 1
             ON CONFLICT (hash) DO NOTHING"
        ),
        &[&hashes, &texts],
    )?;
    let rows = tx.query(
        &format!("SELECT hash, id, {column} FROM {table} WHERE hash = ANY($1)"),
        &[&hashes],
    )?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect())
}

/// The new articles' removed lines, stored as `store/write.rs` `store_removed` does:
/// each distinct text once in `removed_text`, the lines cut into blocks stored once
/// in `removed_blocks`, and a `removed_runs` row per article.
fn store_removed(tx: &mut Transaction, new: &[(i64, &PreparedArticle)]) -> Result<(), StoreError> {
    let lines: Vec<(i64, &str)> = new
        .iter()
        .flat_map(|(_, p)| {
            let removed = &p.extracted.article.removed;
            p.line_hashes
                .removed
                .iter()
                .copied()
                .zip(removed.iter().map(|r| r.text.as_str()))
        })
        .collect();
    let texts = upsert_hashed(tx, "removed_text", "text", lines)?;
    let mut per_article: Vec<(i64, Vec<Vec<BlockLine>>)> = Vec::with_capacity(new.len());
    for &(id, p) in new {
        let blocks = cut_blocks(&p.extracted.article.removed, &p.line_hashes.removed, &texts);
        if !blocks.is_empty() {
            per_article.push((id, blocks));
        }
    }
    let runs_of_blocks: Vec<Vec<String>> = per_article
        .iter()
        .map(|(_, blocks)| {
            blocks
                .iter()
                .map(|b| {
                    let base = b.first().map_or(0, |l| l.0);
                    serde_json::to_string(&runs_of(b, base)).unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let block_pairs: Vec<(i64, &str)> = runs_of_blocks
        .iter()
        .flatten()
        .map(|r| (hash8(r), r.as_str()))
        .collect();
    let block_ids = upsert_hashed(tx, "removed_blocks", "runs", block_pairs)?;
    let mut rows = Vec::with_capacity(per_article.len());
    for ((id, blocks), runs) in per_article.iter().zip(&runs_of_blocks) {
        let mut elements: Vec<serde_json::Value> = Vec::with_capacity(blocks.len());
        for (block, runs) in blocks.iter().zip(runs) {
            let base = block.first().map_or(0, |l| l.0);
            match block_ids.get(&hash8(runs)) {
                Some((block_id, stored)) if stored == runs => {
                    elements.push(serde_json::json!([base, block_id]))
                }
                _ => elements.extend(runs_of(block, 0).into_iter().map(|r| serde_json::json!(r))),
            }
        }
        let json = serde_json::to_string(&elements).unwrap_or_else(|_| "[]".to_owned());
        rows.push(row![*id, json]);
    }
    copy_rows(
        tx,
        "removed_runs",
        "article_id, runs",
        &[Type::INT8, Type::TEXT],
        &rows,
    )
}

/// Cuts an article's removed lines into blocks (`store::write::cut_blocks`): an item
/// is the text's `removed_text` id, or the text when another text holds its hash.
fn cut_blocks<'t>(
    removed: &'t [Removed],
    hashes: &[i64],
    texts: &HashMap<i64, (i64, String)>,
) -> Vec<Vec<BlockLine<'t>>> {
    let item = |r: &Removed, hash| {
        Ok::<_, std::convert::Infallible>(match texts.get(&hash) {
            Some((id, stored)) if *stored == r.text => serde_json::Value::from(*id),
            _ => serde_json::Value::from(r.text.as_str()),
        })
    };
    match cut_removed_blocks(removed, hashes, item) {
        Ok(blocks) => blocks,
        Err(never) => match never {},
    }
}

/// Adds the batch's template-line counts (sorted by publisher and hash); returns the
/// lines that reached [`template::MIN_ARTICLES`] with this batch.
fn flush_templates(
    tx: &mut Transaction,
    mut counts: TemplateCounts,
) -> Result<Vec<(String, i64)>, StoreError> {
    let lines = counts.drain();
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let publishers: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
    let hashes: Vec<i64> = lines.iter().map(|l| l.1).collect();
    let ns: Vec<i64> = lines.iter().map(|l| l.2).collect();
    let samples: Vec<&str> = lines.iter().map(|l| l.3.as_str()).collect();
    let rows = tx.query(
        "INSERT INTO template_lines (publisher, line_hash, articles, sample)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) ORDER BY 1, 2
         ON CONFLICT (publisher, line_hash)
             DO UPDATE SET articles = template_lines.articles + excluded.articles
         RETURNING publisher, line_hash, articles",
        &[&publishers, &hashes, &ns, &samples],
    )?;
    let added: HashMap<(&str, i64), i64> =
        lines.iter().map(|l| ((l.0.as_str(), l.1), l.2)).collect();
    let mut qualified = Vec::new();
    for r in &rows {
        let (publisher, hash, articles): (String, i64, i64) = (r.get(0), r.get(1), r.get(2));
        let n = added.get(&(publisher.as_str(), hash)).copied().unwrap_or(0);
        if articles >= template::MIN_ARTICLES && articles - n < template::MIN_ARTICLES {
            qualified.push((publisher, hash));
        }
    }
    Ok(qualified)
}

/// Updates the size and mtime of a file whose bytes did not change.
fn touch_file(tx: &mut Transaction, file: &PreparedFile) -> Result<(), StoreError> {
    let size = i64::try_from(file.meta().size).unwrap_or(i64::MAX);
    tx.execute(
        "UPDATE files SET size = $2, modified_at = $3 WHERE path = $1",
        &[&file.path(), &size, &file.meta().modified_at],
    )?;
    Ok(())
}

/// A changed file's outcome and new `files` row: (content hash, article, status,
/// error), as `store/write.rs` `write_one` decides it. The first file of the batch
/// with a new article's id gets [`WriteResult::New`], later ones `Duplicate`.
fn file_row(
    file: &PreparedFile,
    previous: Option<&FileRow>,
    ids: &HashMap<String, i64>,
    new_ids: &HashSet<i64>,
    claimed: &mut HashSet<i64>,
) -> (WriteResult, NewFileRow) {
    let hash = file.content_hash().map(str::to_owned);
    match file.prepared() {
        Ok(article) => match ids.get(&article.content_hash) {
            Some(&id) => {
                let result = if new_ids.contains(&id) && claimed.insert(id) {
                    WriteResult::New(id)
                } else {
                    WriteResult::Duplicate(id)
                };
                let note = warnings_note(&article.extracted);
                (result, (hash, Some(id), FileStatus::Ingested, note))
            }
            // Not reachable: every staged article has an id. Recorded, not lost.
            None => (
                WriteResult::Rejected,
                (
                    hash,
                    None,
                    FileStatus::Rejected,
                    Some("article not stored".into()),
                ),
            ),
        },
        Err(why) => {
            // A file that became empty or unreadable keeps its earlier article.
            let kept = previous.and_then(|(_, article, _)| *article);
            let error = match kept {
                Some(_) => format!("{why} (the article from its earlier content is kept)"),
                None => why.to_string(),
            };
            (
                WriteResult::Rejected,
                (hash, kept, FileStatus::Rejected, Some(error)),
            )
        }
    }
}

/// Inserts or replaces the `files` row of `file`.
fn upsert_file(
    tx: &mut Transaction,
    file: &PreparedFile,
    row: &NewFileRow,
    now: &str,
) -> Result<(), StoreError> {
    let FileMeta { size, modified_at } = file.meta();
    let size = i64::try_from(*size).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (path) DO UPDATE SET content_hash = excluded.content_hash,
             size = excluded.size, modified_at = excluded.modified_at, status = excluded.status,
             error = excluded.error, article_id = excluded.article_id,
             updated_at = excluded.updated_at",
        &[
            &file.path(),
            &row.0,
            &size,
            modified_at,
            &row.2.as_str(),
            &row.3,
            &row.1,
            &now,
        ],
    )?;
    Ok(())
}

/// Deletes the articles files no longer hold (unless another path still holds the
/// same bytes), in id order.
fn drop_unheld(tx: &mut Transaction, ids: &mut Vec<i64>) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    ids.sort_unstable();
    ids.dedup();
    tx.execute(
        "DELETE FROM articles WHERE id IN (
             SELECT id FROM unnest($1::bigint[]) AS u(id)
             WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.article_id = u.id)
             ORDER BY id)",
        &[&*ids],
    )?;
    Ok(())
}
