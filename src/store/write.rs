//! Writing files into the database. A batch of [`FileOutcome`]s goes in one
//! transaction; each file's content hash is written together with its rows, so a
//! file is in the database whole or not at all and re-ingesting changes nothing.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{Store, StoreError};
use crate::model::Reason;
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
    /// ingested, rejected or deleted.
    pub status: String,
}

/// One file's result from the pure pipeline, ready to store.
#[derive(Debug)]
pub struct FileOutcome {
    /// The path as given (stored as the file's key).
    pub path: String,
    /// Size and mtime.
    pub meta: FileMeta,
    /// blake3 of the bytes, when they could be read.
    pub content_hash: Option<String>,
    /// The extraction, or why the file is rejected.
    pub result: Result<Extracted, String>,
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
    /// The file was recorded as rejected with this reason.
    Rejected(String),
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

    /// Writes a batch of files in one transaction.
    pub fn write_batch(
        &mut self,
        outcomes: &[FileOutcome],
        now: &str,
    ) -> Result<Vec<WriteResult>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut results = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            results.push(write_one(&tx, outcome, now, self.link)?);
        }
        tx.commit()?;
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

    /// The learned template lines (see `normalize::template`).
    pub fn templates(&self) -> Result<TemplateSet, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT publisher, line_hash FROM template_lines WHERE articles >= ?1",
        )?;
        let rows = stmt.query_map([template::MIN_ARTICLES], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(TemplateSet::from_pairs(
            rows.collect::<Result<Vec<_>, _>>()?,
        ))
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

fn write_one(
    tx: &Transaction,
    outcome: &FileOutcome,
    now: &str,
    link: bool,
) -> Result<WriteResult, StoreError> {
    let previous: Option<(Option<String>, Option<i64>, String)> = tx
        .prepare_cached("SELECT content_hash, article_id, status FROM files WHERE path = ?1")?
        .query_row([&outcome.path], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let size = i64::try_from(outcome.meta.size).unwrap_or(i64::MAX);
    if let (Some((Some(old_hash), _, status)), Some(hash)) = (&previous, &outcome.content_hash) {
        if old_hash == hash && status != "deleted" {
            tx.prepare_cached("UPDATE files SET size = ?2, modified_at = ?3 WHERE path = ?1")?
                .execute(params![outcome.path, size, outcome.meta.modified_at])?;
            return Ok(WriteResult::Unchanged);
        }
    }
    let (result, article_id, status, error) = match (&outcome.result, &outcome.content_hash) {
        (Ok(extracted), Some(hash)) => {
            let existing: Option<i64> = tx
                .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
                .query_row([hash], |r| r.get(0))
                .optional()?;
            match existing {
                Some(id) => (WriteResult::Duplicate(id), Some(id), "ingested", None),
                None => {
                    let id = insert_article(tx, hash, extracted, now)?;
                    if link {
                        super::link::link_article(tx, id, extracted, now)?;
                    }
                    (WriteResult::New(id), Some(id), "ingested", None)
                }
            }
        }
        (Ok(_), None) => {
            let reason = "internal: extracted file has no content hash".to_owned();
            (
                WriteResult::Rejected(reason.clone()),
                None,
                "rejected",
                Some(reason),
            )
        }
        (Err(reason), _) => (
            WriteResult::Rejected(reason.clone()),
            None,
            "rejected",
            Some(reason.clone()),
        ),
    };
    tx.prepare_cached(
        "INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash,
             size = excluded.size, modified_at = excluded.modified_at, status = excluded.status,
             error = excluded.error, article_id = excluded.article_id,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        outcome.path,
        outcome.content_hash,
        size,
        outcome.meta.modified_at,
        status,
        error,
        article_id,
        now
    ])?;
    if let Some((_, Some(old_article), _)) = previous {
        if Some(old_article) != article_id {
            // The file's old content is gone; drop its article unless another
            // path still holds the same bytes.
            tx.prepare_cached(
                "DELETE FROM articles WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM files WHERE article_id = ?1)",
            )?
            .execute([old_article])?;
        }
    }
    Ok(result)
}

/// Counts the new article's short body lines (and the lines it lost to templates,
/// so a learned line stays learned) under its publisher.
fn learn_templates(tx: &Transaction, x: &Extracted) -> Result<(), StoreError> {
    let Some(publisher) = template::publisher_key(&x.article) else {
        return Ok(());
    };
    let lines = x.article.body.iter().map(String::as_str).chain(
        x.article
            .removed
            .iter()
            .filter(|r| r.reason == Reason::Template)
            .map(|r| r.text.as_str()),
    );
    let mut seen = std::collections::HashSet::new();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO template_lines (publisher, line_hash, articles, sample) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (publisher, line_hash) DO UPDATE SET articles = articles + 1",
    )?;
    for line in lines.filter(|l| template::eligible(l)) {
        let h = template::line_hash(line);
        if seen.insert(h) {
            stmt.execute(params![publisher, h, line])?;
        }
    }
    Ok(())
}

fn opt_usize(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn insert_article(
    tx: &Transaction,
    hash: &str,
    x: &Extracted,
    now: &str,
) -> Result<i64, StoreError> {
    let a = &x.article;
    let body = a.body.join("\n\n");
    let words = body.split_whitespace().count();
    tx.prepare_cached(
        "INSERT INTO articles (content_hash, title, subtitle, publisher, byline, published,
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
    let mut stmt =
        tx.prepare_cached("INSERT INTO paragraphs (article_id, idx, text) VALUES (?1, ?2, ?3)")?;
    for (i, p) in a.body.iter().enumerate() {
        stmt.execute(params![id, opt_usize(i), p])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO quotes (article_id, idx, text, speaker, role, cue, kind, paragraph,
             span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, q) in x.quotes.iter().enumerate() {
        stmt.execute(params![
            id,
            opt_usize(i),
            q.text,
            q.speaker,
            q.role,
            q.cue,
            q.kind.as_str(),
            opt_usize(q.paragraph),
            opt_usize(q.start),
            opt_usize(q.end)
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO figures (article_id, idx, raw, value, low, high, unit, qualifier, kind,
             rate, paragraph, span_start, span_end, sentence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, f) in x.figures.iter().enumerate() {
        stmt.execute(params![
            id,
            opt_usize(i),
            f.raw,
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
            f.sentence
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO images (article_id, idx, caption, credit) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, im) in a.images.iter().enumerate() {
        stmt.execute(params![id, opt_usize(i), im.caption, im.credit])?;
    }
    learn_templates(tx, x)?;
    if !a.removed.is_empty() {
        let lines: Vec<(usize, &str, &str)> = a
            .removed
            .iter()
            .map(|r| (r.line, r.reason.as_str(), r.text.as_str()))
            .collect();
        let json = serde_json::to_string(&lines).unwrap_or_else(|_| "[]".to_owned());
        tx.prepare_cached("INSERT INTO removed_lines (article_id, lines) VALUES (?1, ?2)")?
            .execute(params![id, json])?;
    }
    Ok(id)
}
