//! Writing files into the database. A batch of [`PreparedFile`]s goes in one
//! transaction; each file's content hash is written together with its rows, so a
//! file is in the database whole or not at all and re-ingesting changes nothing.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, OptionalExtension, Transaction};

use super::prepared::PreparedArticle;
use super::{PreparedFile, Store, StoreError};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Reason, Removed};
use crate::normalize::template::{self, TemplateSet};
use crate::pipeline::Extracted;

/// Size and mtime of a file as seen on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// Bytes.
    pub size: u64,
    /// mtime as RFC 3339 UTC, when the OS gives one.
    pub modified_at: Option<String>,
}

/// What the database knows about a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// blake3 of the bytes last ingested or rejected.
    pub content_hash: Option<String>,
    /// Size when last seen.
    pub size: u64,
    /// mtime when last seen.
    pub modified_at: Option<String>,
    /// Stored, rejected or gone.
    pub status: FileStatus,
}

/// A `files` row's status: the values the column's CHECK constraint allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// The file's article is stored (its own, or the same content under another path).
    Ingested,
    /// The file was read and refused; `files.error` says why.
    Rejected,
    /// The file is gone from the watched folder; its article was removed.
    Deleted,
}

impl FileStatus {
    /// The value stored in `files.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ingested => "ingested",
            FileStatus::Rejected => "rejected",
            FileStatus::Deleted => "deleted",
        }
    }
}

impl ToSql for FileStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for FileStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "ingested" => Ok(FileStatus::Ingested),
            "rejected" => Ok(FileStatus::Rejected),
            "deleted" => Ok(FileStatus::Deleted),
            other => Err(FromSqlError::Other(
                format!("unknown file status {other:?}").into(),
            )),
        }
    }
}

/// Hashes of an extracted article's lines that writing it needs: pure work, so a
/// caller with a worker pool computes them there ([`LineHashes::of`]) rather than
/// on the single writer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LineHashes {
    /// [`hash8`] of each removed line's text, in `removed` order.
    pub(super) removed: Vec<i64>,
    /// [`template::line_hash`] of each of [`template_lines`], in order.
    pub(super) template: Vec<i64>,
}

impl LineHashes {
    /// The hashes of `x`'s lines.
    pub(crate) fn of(x: &Extracted) -> LineHashes {
        LineHashes {
            removed: x.article.removed.iter().map(|r| hash8(&r.text)).collect(),
            template: template_lines(x).map(template::line_hash).collect(),
        }
    }

    /// The hashes of its template-counted lines ([`template_lines`]), in order.
    pub(super) fn template_hashes(&self) -> &[i64] {
        &self.template
    }
}

/// The lines of `x` that count towards its publisher's template lines: its
/// paragraphs and the lines already removed as template, those [`template::eligible`].
fn template_lines(x: &Extracted) -> impl Iterator<Item = &str> {
    let removed = x
        .article
        .removed
        .iter()
        .filter(|r| r.reason == Reason::Template)
        .map(|r| r.text.as_str());
    x.article
        .body
        .iter()
        .map(String::as_str)
        .chain(removed)
        .filter(|l| template::eligible(l))
}

/// What writing one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteResult {
    /// A new article was stored.
    New(i64),
    /// The bytes were already stored as this article (same file again, or the same
    /// content under a second path); only the `files` row changed.
    Duplicate(i64),
    /// The file's bytes are exactly what was stored last time; nothing changed.
    Unchanged,
    /// The file was recorded as rejected (its [`PreparedFile::result`] says why).
    Rejected,
}

impl Store {
    /// What the database knows about `path`.
    pub fn file_state(&self, path: &str) -> Result<Option<FileState>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT content_hash, size, modified_at, status FROM files WHERE path = ?1",
        )?;
        let state = stmt
            .query_row([path], |r| {
                Ok(FileState {
                    content_hash: r.get(0)?,
                    size: r.get::<_, i64>(1)?.max(0) as u64,
                    modified_at: r.get(2)?,
                    status: r.get(3)?,
                })
            })
            .optional()?;
        Ok(state)
    }

    /// Writes a batch of files in one transaction (after waiting for a WAL
    /// checkpoint when the WAL has grown: see [`Store::checkpoint_pending`]).
    pub fn write_batch(
        &mut self,
        files: &[PreparedFile],
        now: &str,
    ) -> Result<Vec<WriteResult>, StoreError> {
        let mut qualified = Vec::new();
        self.before_transaction();
        let written = self.write_batch_inner(files, now, &mut qualified);
        match &written {
            // Ids handed out inside the rolled-back transaction do not exist.
            Err(_) => {
                self.removed_text_ids.clear();
                self.link_cache.clear();
            }
            Ok(_) => {
                self.committed();
                if let Some(set) = self.templates.as_mut().filter(|_| !qualified.is_empty()) {
                    std::sync::Arc::make_mut(set).extend(qualified);
                }
            }
        }
        written
    }

    fn write_batch_inner(
        &mut self,
        files: &[PreparedFile],
        now: &str,
        qualified: &mut Vec<(String, i64)>,
    ) -> Result<Vec<WriteResult>, StoreError> {
        let known = self.templates()?;
        let mut batch = Batch {
            tx: self.conn.transaction()?,
            link: self.link,
            unindexed: Vec::new(),
            unindexed_quotes: Vec::new(),
            removed_text_ids: &mut self.removed_text_ids,
            qualified,
            template_counts: TemplateCounts::default(),
            link_cache: &mut self.link_cache,
        };
        let page_size: i64 = batch.tx.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let redone = super::retemplate::redo(&batch.tx, files, &known)?;
        let mut results = vec![WriteResult::Unchanged; files.len()];
        for i in write_order(files, now, usize::try_from(page_size).unwrap_or(4096)) {
            results[i] = batch.write_one(&files[i], redone[i].as_ref(), now)?;
        }
        batch.index_text()?;
        batch.link_cache.flush(&batch.tx)?;
        batch.template_counts.flush(&batch.tx, batch.qualified)?;
        batch.tx.commit()?;
        Ok(results)
    }

    /// Records that `path` disappeared from the watched folder. Its article stays.
    pub fn mark_deleted(&mut self, path: &str, now: &str) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE files SET status = 'deleted', updated_at = ?2
             WHERE path = ?1 AND status <> 'deleted'",
            params![path, now],
        )?;
        Ok(n > 0)
    }

    /// The learned template lines (see `normalize::template`): read from the table
    /// once, then kept up to date by [`Store::write_batch`].
    pub fn templates(&mut self) -> Result<Arc<TemplateSet>, StoreError> {
        if let Some(set) = &self.templates {
            return Ok(Arc::clone(set));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT publisher, line_hash FROM template_lines WHERE articles >= ?1",
        )?;
        let rows = stmt.query_map([template::MIN_ARTICLES], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let set = Arc::new(TemplateSet::from_pairs(
            rows.collect::<Result<Vec<_>, _>>()?,
        ));
        self.templates = Some(Arc::clone(&set));
        Ok(set)
    }

    /// Paths the database holds as present (ingested or rejected).
    pub fn present_paths(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT path FROM files WHERE status <> 'deleted'")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The order to write a batch in: its articles' rows packed into pages (see
/// `store::pack`), unless a path occurs twice (then its versions must be written in the
/// order given, so the batch keeps its order).
fn write_order(files: &[PreparedFile], now: &str, page_size: usize) -> Vec<usize> {
    let mut paths = std::collections::HashSet::with_capacity(files.len());
    if !files.iter().all(|f| paths.insert(f.path())) {
        return (0..files.len()).collect();
    }
    let cells: Vec<usize> = files
        .iter()
        .map(|f| match f.prepared() {
            Ok(a) => super::pack::leaf_cell_size(
                article_record_size(&a.extracted, a.content_hash.len(), now.len()),
                page_size,
            ),
            // No article row (the file is rejected).
            Err(_) => 0,
        })
        .collect();
    super::pack::packing_order(&cells, page_size)
}

/// About the bytes of the `articles` record [`insert_article`] writes for `x`: the
/// text columns, the word count, and a byte of record header per column.
fn article_record_size(x: &Extracted, hash_len: usize, now_len: usize) -> usize {
    let a = &x.article;
    let body: usize =
        a.body.iter().map(String::len).sum::<usize>() + 2 * a.body.len().saturating_sub(1);
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let header = 12 + 2; // one byte a column, two more for long text lengths
    header
        + hash_len
        + opt(&a.title)
        + opt(&a.subtitle)
        + opt(&a.publisher)
        + opt(&a.byline)
        + opt(&a.published)
        + a.language.len()
        + body
        + 4
        + x.encoding.len()
        + now_len
}

/// Most distinct removed-line texts (and, apart, blocks) whose ids the writer
/// remembers; a map is cleared when full (a miss costs one indexed lookup), so memory
/// stays bounded.
pub(crate) const REMOVED_TEXT_CACHE: usize = 28_672;

/// Ids of stored removed-line texts and blocks, by hash (see [`store_removed`]).
#[derive(Debug, Default)]
pub(crate) struct RemovedCache {
    /// blake3-derived hash → `removed_text.id`.
    pub(crate) texts: HashMap<i64, i64>,
    /// blake3-derived hash → `removed_blocks.id`.
    pub(crate) blocks: HashMap<i64, i64>,
}

impl RemovedCache {
    /// Forgets every id (after a rolled-back transaction).
    pub(crate) fn clear(&mut self) {
        self.texts.clear();
        self.blocks.clear();
    }
}

/// One batch's transaction and what it still owes the full-text indexes.
struct Batch<'a> {
    tx: Transaction<'a>,
    link: bool,
    /// Articles stored in this batch whose text is not yet in `articles_fts` /
    /// `quotes_fts`: indexing them in one statement each at the end writes one FTS5
    /// segment per batch instead of one per article.
    unindexed: Vec<i64>,
    /// Those articles' quotes as (id, text, speaker), indexed from these values: read
    /// back through the `quotes` view, each text costs a character-offset `substr` of
    /// its article's body (about 37 µs a quote, a third of a batch's FTS time).
    unindexed_quotes: Vec<(i64, String, Option<String>)>,
    /// Ids of removed-line texts and blocks known to be stored.
    removed_text_ids: &'a mut RemovedCache,
    /// Template lines that reached [`template::MIN_ARTICLES`] in this batch.
    qualified: &'a mut Vec<(String, i64)>,
    /// Template-line counts not yet written.
    template_counts: TemplateCounts,
    /// What linking remembers between articles; emptied before any delete.
    link_cache: &'a mut super::link::LinkCache,
}

impl Batch<'_> {
    /// Adds the articles stored since the last call (and their quotes) to the
    /// full-text indexes. Runs before any article is deleted (the delete triggers
    /// must only remove rows that were indexed) and at the end of the batch.
    fn index_text(&mut self) -> Result<(), StoreError> {
        if self.unindexed.is_empty() {
            return Ok(());
        }
        let ids = serde_json::to_string(&self.unindexed).unwrap_or_else(|_| "[]".to_owned());
        self.tx
            .prepare_cached(
                "INSERT INTO articles_fts (rowid, title, body)
                 SELECT id, title, body FROM articles WHERE id IN (SELECT value FROM json_each(?1))",
            )?
            .execute([&ids])?;
        if !self.unindexed_quotes.is_empty() {
            // The same values the `quotes` view gives back (external content: the delete
            // trigger must remove exactly what was indexed).
            let quotes =
                serde_json::to_string(&self.unindexed_quotes).unwrap_or_else(|_| "[]".to_owned());
            self.tx
                .prepare_cached(
                    "INSERT INTO quotes_fts (rowid, text, speaker)
                     SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?1) j",
                )?
                .execute([&quotes])?;
        }
        self.unindexed.clear();
        self.unindexed_quotes.clear();
        Ok(())
    }

    /// Writes one file: its `files` row, and its article unless the bytes are
    /// already stored (this path unchanged, or the same content under another path).
    /// `redone` replaces its article when the writer templated it again.
    fn write_one(
        &mut self,
        file: &PreparedFile,
        redone: Option<&PreparedArticle>,
        now: &str,
    ) -> Result<WriteResult, StoreError> {
        let previous: Option<(Option<String>, Option<i64>, FileStatus)> = self
            .tx
            .prepare_cached("SELECT content_hash, article_id, status FROM files WHERE path = ?1")?
            .query_row([file.path()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let size = i64::try_from(file.meta().size).unwrap_or(i64::MAX);
        if let (Some((Some(old_hash), _, status)), Some(hash)) = (&previous, file.content_hash()) {
            if old_hash == hash && *status != FileStatus::Deleted {
                self.tx
                    .prepare_cached("UPDATE files SET size = ?2, modified_at = ?3 WHERE path = ?1")?
                    .execute(params![file.path(), size, file.meta().modified_at])?;
                return Ok(WriteResult::Unchanged);
            }
        }
        let (result, article_id, status, error) = match redone.map(Ok).unwrap_or(file.prepared()) {
            Ok(article) => {
                let result = self.store_article(article, now)?;
                let id = match result {
                    WriteResult::New(id) | WriteResult::Duplicate(id) => Some(id),
                    WriteResult::Unchanged | WriteResult::Rejected => None,
                };
                let note = warnings_note(&article.extracted);
                (result, id, FileStatus::Ingested, note)
            }
            Err(why) => {
                // A file that became empty or unreadable (a failed re-download) must
                // not destroy what was stored from it: its article stays linked.
                let kept = previous.as_ref().and_then(|(_, article, _)| *article);
                let error = match kept {
                    Some(_) => format!("{why} (the article from its earlier content is kept)"),
                    None => why.to_string(),
                };
                (
                    WriteResult::Rejected,
                    kept,
                    FileStatus::Rejected,
                    Some(error),
                )
            }
        };
        self.tx
            .prepare_cached(
                "INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash,
                     size = excluded.size, modified_at = excluded.modified_at, status = excluded.status,
                     error = excluded.error, article_id = excluded.article_id,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![
                file.path(),
                file.content_hash(),
                size,
                file.meta().modified_at,
                status,
                error,
                article_id,
                now
            ])?;
        if let Some((_, Some(old_article), _)) = previous {
            if Some(old_article) != article_id {
                self.drop_article_unless_held(old_article)?;
            }
        }
        Ok(result)
    }

    /// Stores `article` as a new article (its rows, removed lines, template counts
    /// and links), or finds the stored article with the same bytes.
    fn store_article(
        &mut self,
        article: &PreparedArticle,
        now: &str,
    ) -> Result<WriteResult, StoreError> {
        let tx = &self.tx;
        let x = &article.extracted;
        let existing: Option<i64> = tx
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
            .query_row([&article.content_hash], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
            return Ok(WriteResult::Duplicate(id));
        }
        let (id, rows) = insert_article(
            tx,
            &article.content_hash,
            x,
            now,
            &mut self.unindexed_quotes,
        )?;
        let hashes = &article.line_hashes;
        self.template_counts.add(x, &hashes.template);
        store_removed(
            tx,
            id,
            &x.article.removed,
            &hashes.removed,
            self.removed_text_ids,
        )?;
        self.unindexed.push(id);
        if self.link {
            super::link::link(tx, id, &rows, x, &article.link, now, self.link_cache)?;
        }
        Ok(WriteResult::New(id))
    }

    /// Deletes the article a file held before, unless another path still holds
    /// the same bytes.
    fn drop_article_unless_held(&mut self, article_id: i64) -> Result<(), StoreError> {
        self.index_text()?;
        self.link_cache.flush(&self.tx)?;
        self.link_cache.clear();
        self.tx
            .prepare_cached(
                "DELETE FROM articles WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM files WHERE article_id = ?1)",
            )?
            .execute([article_id])?;
        Ok(())
    }
}

/// An ingested page's warnings (a cut page, repaired bytes) for `files.error`.
pub(super) fn warnings_note(x: &Extracted) -> Option<String> {
    let w = &x.article.warnings;
    (!w.is_empty()).then(|| format!("warning: {}", w.join("; ")))
}

/// Template-line counts a batch adds ([`TemplateCounts::add`]), written once per
/// distinct line at the end of the batch ([`TemplateCounts::flush`]): a publisher's
/// recurring lines recur within a batch, and one upsert per article and line cost
/// the writer more than any other statement the store-only limit does not have.
#[derive(Debug, Default)]
pub(super) struct TemplateCounts {
    /// Publisher key → line hash → (articles in this batch, the line as first seen).
    by_publisher: FxHashMap<String, FxHashMap<i64, (i64, String)>>,
}

impl TemplateCounts {
    /// Counts the new article's short body lines (and the lines it lost to templates,
    /// so a learned line stays learned) under its publisher, once per article.
    pub(super) fn add(&mut self, x: &Extracted, hashes: &[i64]) {
        let Some(publisher) = template::publisher_key(&x.article) else {
            return;
        };
        let lines = self.by_publisher.entry(publisher).or_default();
        let mut seen = FxHashSet::default();
        for (line, &h) in template_lines(x).zip(hashes) {
            if seen.insert(h) {
                lines.entry(h).or_insert_with(|| (0, line.to_owned())).0 += 1;
            }
        }
    }

    /// The counts, taken out: (publisher key, line hash, articles, the line), sorted
    /// by publisher and hash (the PostgreSQL writer upserts them in that order).
    pub(super) fn drain(&mut self) -> Vec<(String, i64, i64, String)> {
        let mut out: Vec<_> = self
            .by_publisher
            .drain()
            .flat_map(|(p, lines)| {
                lines
                    .into_iter()
                    .map(move |(h, (n, line))| (p.clone(), h, n, line))
            })
            .collect();
        out.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        out
    }

    /// Adds the counts to `template_lines`; lines that reach
    /// [`template::MIN_ARTICLES`] are added to `qualified`.
    fn flush(
        &mut self,
        tx: &Transaction,
        qualified: &mut Vec<(String, i64)>,
    ) -> Result<(), StoreError> {
        if self.by_publisher.is_empty() {
            return Ok(());
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO template_lines (publisher, line_hash, articles, sample) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (publisher, line_hash) DO UPDATE SET articles = articles + excluded.articles
             RETURNING articles",
        )?;
        for (publisher, lines) in self.by_publisher.drain() {
            for (h, (n, line)) in lines {
                let articles: i64 = stmt.query_row(params![publisher, h, n, line], |r| r.get(0))?;
                if articles >= template::MIN_ARTICLES && articles - n < template::MIN_ARTICLES {
                    qualified.push((publisher.clone(), h));
                }
            }
        }
        Ok(())
    }
}

/// Characters between the byte offsets [`Spans`] remembers.
const SPAN_STEP: usize = 256;
/// Texts are read back from their span only in paragraphs that end within this many
/// characters of the body: the views cut the paragraph out of the body and the text out
/// of the paragraph per row, work that grows with the paragraph's end offset.
const SPAN_MAX_END: usize = 1 << 16;

/// Finds character spans of an article's paragraphs in bounded time: the byte offset
/// of every [`SPAN_STEP`]th character of each paragraph, so a lookup walks at most
/// that many characters (a page may be one 10 MB paragraph with 100,000 figures).
pub(super) struct Spans<'a> {
    body: &'a [String],
    /// Per paragraph, the byte offset of characters 0, SPAN_STEP, 2·SPAN_STEP, …
    /// (empty for paragraphs ending past [`SPAN_MAX_END`]).
    steps: Vec<Vec<usize>>,
}

impl<'a> Spans<'a> {
    pub(super) fn new(body: &'a [String]) -> Spans<'a> {
        let mut start = 0;
        let mut steps = Vec::with_capacity(body.len());
        for p in body {
            if start >= SPAN_MAX_END {
                break;
            }
            let end = start + p.chars().take(SPAN_MAX_END + 1).count();
            steps.push(if end <= SPAN_MAX_END {
                p.char_indices()
                    .step_by(SPAN_STEP)
                    .map(|(b, _)| b)
                    .collect()
            } else {
                Vec::new()
            });
            start = end + 2; // the blank line joining paragraphs in `body`
        }
        Spans { body, steps }
    }

    /// Whether `text` (non-empty) is exactly characters `start..end` of paragraph
    /// `paragraph`, so the views can cut it from the body instead of storing it.
    pub(super) fn holds(&self, text: &str, paragraph: usize, start: usize, end: usize) -> bool {
        let (Some(p), Some(steps)) = (self.body.get(paragraph), self.steps.get(paragraph)) else {
            return false;
        };
        let Some(n) = end.checked_sub(start) else {
            return false;
        };
        let Some(from) = steps.get(start / SPAN_STEP) else {
            return false;
        };
        !text.is_empty()
            && p.get(*from..).is_some_and(|rest| {
                rest.chars()
                    .skip(start % SPAN_STEP)
                    .take(n)
                    .eq(text.chars())
            })
    }
}

/// A figure's sentence columns: its span in the body when the extractor cut the
/// sentence there, else (a figure that did not come from it, the span not matching
/// the text's length) the sentence's own text.
pub(super) fn sentence_columns(
    f: &crate::model::Figure,
) -> (Option<i64>, Option<i64>, Option<&str>) {
    let spanned = !f.sentence.is_empty()
        && f.sentence_end.checked_sub(f.sentence_start) == Some(f.sentence.chars().count());
    if spanned {
        (
            Some(opt_usize(f.sentence_start)),
            Some(opt_usize(f.sentence_end)),
            None,
        )
    } else {
        (None, None, Some(f.sentence.as_str()))
    }
}

pub(super) fn opt_usize(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn insert_article(
    tx: &Transaction,
    hash: &str,
    x: &Extracted,
    now: &str,
    unindexed_quotes: &mut Vec<(i64, String, Option<String>)>,
) -> Result<(i64, super::link::RowIds), StoreError> {
    let a = &x.article;
    let body = a.body.join("\n\n");
    let words = body.split_whitespace().count();
    tx.prepare_cached(
        "INSERT INTO articles (content_hash, title, subtitle, outlet, byline, published,
             language, body, word_count, encoding, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        hash,
        a.title,
        a.subtitle,
        a.publisher,
        a.byline,
        a.published,
        a.language,
        body,
        opt_usize(words),
        x.encoding,
        now
    ])?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO paragraph_spans (article_id, idx, start, length) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut start = 0;
    for (i, p) in a.body.iter().enumerate() {
        let length = p.chars().count();
        stmt.execute(params![
            id,
            opt_usize(i),
            opt_usize(start),
            opt_usize(length)
        ])?;
        start += length + 2; // the blank line joining paragraphs in `body`
    }
    let spans = Spans::new(&a.body);
    let mut rows = super::link::RowIds::default();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO quote_rows (article_id, idx, text, speaker, role, cue, kind, paragraph,
             span_start, span_end, text_at_span, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (i, q) in x.quotes.iter().enumerate() {
        // A quote that is exactly its span of its paragraph is read back from the body
        // by the `quotes` view (migration V5); others keep their text.
        let at_span = spans.holds(&q.text, q.paragraph, q.start, q.end);
        stmt.execute(params![
            id,
            opt_usize(i),
            if at_span { "" } else { q.text.as_str() },
            q.speaker,
            q.role,
            q.cue,
            q.kind.as_str(),
            opt_usize(q.paragraph),
            opt_usize(q.start),
            opt_usize(q.end),
            at_span.then_some(1),
            q.rule
        ])?;
        let quote_id = tx.last_insert_rowid();
        rows.quotes.push(quote_id);
        unindexed_quotes.push((quote_id, q.text.clone(), q.speaker.clone()));
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO figure_rows (article_id, idx, raw, value, low, high, unit, qualifier, kind,
             rate, paragraph, span_start, span_end, sentence_start, sentence_end, sentence_text,
             raw_at_span, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (i, f) in x.figures.iter().enumerate() {
        let (sentence_start, sentence_end, sentence_text) = sentence_columns(f);
        // `raw` is read back from the body when it is exactly its span (migration V5).
        let raw_at_span = spans.holds(&f.raw, f.paragraph, f.start, f.end);
        stmt.execute(params![
            id,
            opt_usize(i),
            if raw_at_span { "" } else { f.raw.as_str() },
            f.value,
            f.low,
            f.high,
            f.unit,
            f.qualifier,
            f.kind.as_str(),
            f.rate,
            opt_usize(f.paragraph),
            opt_usize(f.start),
            opt_usize(f.end),
            sentence_start,
            sentence_end,
            sentence_text,
            raw_at_span.then_some(1),
            f.rule
        ])?;
        rows.figures.push(tx.last_insert_rowid());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO images (article_id, idx, caption, credit) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, im) in a.images.iter().enumerate() {
        stmt.execute(params![id, opt_usize(i), im.caption, im.credit])?;
    }
    Ok((id, rows))
}

/// Removed lines per stored block at most (see [`block_ends_after`]).
pub(super) const BLOCK_MAX_LINES: usize = 64;
/// A block ends after a line whose text hash is 0 modulo this (content-defined cuts:
/// a line inserted or dropped in a repeated stretch changes only its own block).
const BLOCK_CUT_MODULUS: i64 = 16;
/// A block ends where the next removed line is more than this many lines further
/// (a kept line lies between; pages put blank lines between text lines).
pub(super) const BLOCK_MAX_GAP: usize = 2;

/// Whether a block ends after a line whose text has `hash`.
pub(super) fn block_ends_after(hash: i64) -> bool {
    hash.rem_euclid(BLOCK_CUT_MODULUS) == 0
}

/// A run of removed lines, [first line, reason, step, items]: item k is line
/// `first + step * k`; an item is a `removed_text` id, or the text itself.
pub(super) type Run<'t> = (usize, &'t str, usize, Vec<serde_json::Value>);

/// Groups removed lines (line, reason, item) into runs of one reason and a fixed line
/// step, line numbers counted from `base`. Pages put blank lines between text lines,
/// so a step of 2 keeps runs long.
pub(super) fn runs_of<'t>(
    lines: &[(usize, &'t str, serde_json::Value)],
    base: usize,
) -> Vec<Run<'t>> {
    let mut runs: Vec<Run> = Vec::new();
    for (line, reason, item) in lines {
        let line = line.saturating_sub(base);
        if let Some((first, run_reason, step, items)) = runs.last_mut() {
            if run_reason == reason {
                let gap = line.checked_sub(*first);
                if items.len() == 1 && matches!(gap, Some(1 | 2)) {
                    *step = gap.unwrap_or(1);
                }
                if gap == Some(*step * items.len()) {
                    items.push(item.clone());
                    continue;
                }
            }
        }
        runs.push((line, reason, 1, vec![item.clone()]));
    }
    runs
}

/// One removed line in a block: (line, reason, item), the item being the text's
/// `removed_text` id or the text itself.
pub(super) type BlockLine<'t> = (usize, &'t str, serde_json::Value);

/// Cuts an article's removed lines into blocks: a block goes on while the lines are
/// at most [`BLOCK_MAX_GAP`] apart, under [`BLOCK_MAX_LINES`], and its last line's
/// hash does not end it (`block_ends_after`). `item` gives each line's item.
pub(super) fn cut_blocks<'t, E>(
    removed: &'t [Removed],
    hashes: &[i64],
    mut item: impl FnMut(&'t Removed, i64) -> Result<serde_json::Value, E>,
) -> Result<Vec<Vec<BlockLine<'t>>>, E> {
    let mut blocks: Vec<Vec<BlockLine>> = Vec::new();
    let mut open = false;
    let mut last_line = 0;
    for (r, &hash) in removed.iter().zip(hashes) {
        let line = (r.line, r.reason.as_str(), item(r, hash)?);
        match blocks.last_mut() {
            Some(block)
                if open
                    && block.len() < BLOCK_MAX_LINES
                    && r.line
                        .checked_sub(last_line)
                        .is_some_and(|g| g <= BLOCK_MAX_GAP) =>
            {
                block.push(line)
            }
            _ => blocks.push(vec![line]),
        }
        open = !block_ends_after(hash);
        last_line = r.line;
    }
    Ok(blocks)
}

/// The article's removed lines: each distinct text stored once in `removed_text`
/// (V3), the lines cut into blocks of runs each stored once in `removed_blocks`, and
/// the article's row listing its blocks (see migration V5).
fn store_removed(
    tx: &Transaction,
    id: i64,
    removed: &[Removed],
    hashes: &[i64],
    cache: &mut RemovedCache,
) -> Result<(), StoreError> {
    if removed.is_empty() {
        return Ok(());
    }
    let blocks = cut_blocks(removed, hashes, |r, hash| {
        Ok::<_, StoreError>(
            match removed_text_id(tx, &r.text, hash, &mut cache.texts)? {
                Some(text_id) => serde_json::Value::from(text_id),
                None => serde_json::Value::from(r.text.as_str()),
            },
        )
    })?;
    // The article's row: a [first line, block id] per block, or the block's runs
    // themselves (absolute lines) when another block holds its hash.
    let mut elements: Vec<serde_json::Value> = Vec::with_capacity(blocks.len());
    for block in &blocks {
        let base = block.first().map_or(0, |l| l.0);
        let runs = serde_json::to_string(&runs_of(block, base)).unwrap_or_default();
        match removed_block_id(tx, &runs, &mut cache.blocks)? {
            Some(block_id) => elements.push(serde_json::json!([base, block_id])),
            None => elements.extend(
                runs_of(block, 0)
                    .into_iter()
                    .map(|run| serde_json::json!(run)),
            ),
        }
    }
    let json = serde_json::to_string(&elements).unwrap_or_else(|_| "[]".to_owned());
    tx.prepare_cached("INSERT INTO removed_runs (article_id, runs) VALUES (?1, ?2)")?
        .execute(params![id, json])?;
    Ok(())
}

/// The first 8 bytes of blake3(`text`), as stored in `removed_text.hash` and
/// `removed_blocks.hash`.
pub(super) fn hash8(text: &str) -> i64 {
    let digest = blake3::hash(text.as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest.as_bytes()[..8]);
    i64::from_le_bytes(head)
}

/// Remembers `hash → id` in a bounded map (cleared when full: a miss costs one
/// indexed lookup, so memory stays bounded).
fn remember(ids: &mut HashMap<i64, i64>, hash: i64, id: i64) {
    if ids.len() >= REMOVED_TEXT_CACHE {
        ids.clear();
    }
    ids.insert(hash, id);
}

/// The id of a block's runs (JSON) in `removed_blocks`, storing it when new; `None`
/// when another block already holds its hash (the caller then stores the runs inline).
fn removed_block_id(
    tx: &Transaction,
    runs: &str,
    ids: &mut HashMap<i64, i64>,
) -> Result<Option<i64>, StoreError> {
    let hash = hash8(runs);
    if let Some(id) = ids.get(&hash) {
        return Ok(Some(*id));
    }
    let found: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, runs FROM removed_blocks WHERE hash = ?1")?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let id = match found {
        Some((id, stored)) if stored == runs => id,
        Some(_) => return Ok(None),
        None => {
            tx.prepare_cached("INSERT INTO removed_blocks (hash, runs) VALUES (?1, ?2)")?
                .execute(params![hash, runs])?;
            tx.last_insert_rowid()
        }
    };
    remember(ids, hash, id);
    Ok(Some(id))
}

/// The hash of `text` and its id in `removed_text`, storing it when new; the id is
/// `None` when another text already holds its hash (the caller then stores the text
/// inline).
fn removed_text_id(
    tx: &Transaction,
    text: &str,
    hash: i64,
    ids: &mut HashMap<i64, i64>,
) -> Result<Option<i64>, StoreError> {
    if let Some(id) = ids.get(&hash) {
        return Ok(Some(*id));
    }
    let found: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, text FROM removed_text WHERE hash = ?1")?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let id = match found {
        Some((id, stored)) if stored == text => id,
        Some(_) => return Ok(None),
        None => {
            tx.prepare_cached("INSERT INTO removed_text (hash, text) VALUES (?1, ?2)")?
                .execute(params![hash, text])?;
            tx.last_insert_rowid()
        }
    };
    remember(ids, hash, id);
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_statuses_round_trip_and_an_unknown_one_is_an_error() {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        for status in [
            FileStatus::Ingested,
            FileStatus::Rejected,
            FileStatus::Deleted,
        ] {
            let back: FileStatus = conn
                .query_row("SELECT ?1", [status], |r| r.get(0))
                .expect("round trip");
            assert_eq!(back, status);
        }
        let unknown = conn.query_row("SELECT 'pending'", [], |r| r.get::<_, FileStatus>(0));
        assert!(unknown.is_err(), "{unknown:?}");
    }

    fn body() -> Vec<String> {
        vec![
            "First paragraph.".to_owned(),
            "“Wir haben gewartet,” sagte er. It cost €5 million.".to_owned(),
        ]
    }

    #[test]
    fn text_at_its_span_is_recognised_in_characters() {
        let b = body();
        let spans = Spans::new(&b);
        assert!(spans.holds("Wir haben gewartet,", 1, 1, 20));
        assert!(spans.holds("€5 million", 1, 40, 50));
        assert!(spans.holds("First", 0, 0, 5));
        // Not at the span, empty, past the end, or no such paragraph.
        assert!(!spans.holds("Wir haben gewartet", 1, 0, 18));
        assert!(!spans.holds("", 0, 0, 0));
        assert!(!spans.holds("First", 2, 0, 5));
        assert!(!spans.holds("First", 0, 5, 0));
        assert!(!spans.holds("First", 0, 900, 905));
    }

    #[test]
    fn spans_in_a_long_paragraph_are_found_past_the_remembered_offsets() {
        let p = "é12 ".repeat(1000); // 4,000 characters, 2-byte é
        let b = vec![p];
        let spans = Spans::new(&b);
        for k in [0, 63, 64, 500, 999] {
            assert!(spans.holds("é12", 0, 4 * k, 4 * k + 3), "{k}");
            assert!(!spans.holds("12 ", 0, 4 * k, 4 * k + 3), "{k}");
        }
        assert!(spans.holds("12 é", 0, 4 * 700 + 1, 4 * 700 + 5));
    }

    #[test]
    fn texts_far_into_a_huge_body_keep_their_text() {
        let b = vec![
            "a".repeat(SPAN_MAX_END - 4),
            "bb cc".to_owned(),
            "dd".to_owned(),
        ];
        let spans = Spans::new(&b);
        assert!(spans.holds("aaa", 0, 5, 8));
        assert!(!spans.holds("bb", 1, 0, 2)); // ends past SPAN_MAX_END
        assert!(!spans.holds("dd", 2, 0, 2));
        let huge = vec!["x".repeat(SPAN_MAX_END + 1)];
        assert!(!Spans::new(&huge).holds("xx", 0, 0, 2));
    }

    #[test]
    fn runs_count_lines_from_the_block_start() {
        use serde_json::json;
        let lines = vec![
            (10, "navigation", json!(1)),
            (12, "navigation", json!(2)),
            (14, "navigation", json!(3)),
            (15, "footer", json!(4)),
            (16, "footer", json!("inline")),
        ];
        let runs = serde_json::to_string(&runs_of(&lines, 10)).unwrap_or_default();
        assert_eq!(
            runs,
            r#"[[0,"navigation",2,[1,2,3]],[5,"footer",1,[4,"inline"]]]"#
        );
        // Absolute lines when stored inline.
        let runs = serde_json::to_string(&runs_of(&lines[3..], 0)).unwrap_or_default();
        assert_eq!(runs, r#"[[15,"footer",1,[4,"inline"]]]"#);
    }

    #[test]
    fn blocks_end_on_content_not_position() {
        assert!(block_ends_after(0));
        assert!(block_ends_after(-16));
        assert!(block_ends_after(32));
        assert!(!block_ends_after(1));
        assert!(!block_ends_after(-1));
    }
}
