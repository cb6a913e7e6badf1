//! Template lines decided on the writer, in the order a batch was given: a line is
//! removed from an article when at least [`template::MIN_ARTICLES`] articles of its
//! publisher stored before it (earlier batches, or earlier in this batch) had it.
//!
//! The preparing threads template a batch with the lines learned before the batch
//! ahead of it was written, and counts were only added at the end of a batch, so the
//! articles that lost a line depended on where batches began, and on where a killed
//! writer had stopped. Here each new article's template lines are checked against
//! the exact counts; the few whose answer changed are templated and extracted again
//! (`pipeline::retemplate`), from the body as normalized. The order is the batch's
//! (the sorted walk for `ingest`), never the packing order it is written in.

use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};

use super::prepared::PreparedArticle;
use super::write::{FileStatus, LineHashes};
use super::{PreparedFile, StoreError};
use crate::link::LinkPrep;
use crate::normalize::template::{self, TemplateSet};

/// For each file of the batch, its article templated again when the exact counts
/// remove other lines than the preparing threads did; None for the rest.
pub(super) fn redo(
    tx: &Transaction,
    files: &[PreparedFile],
    known: &TemplateSet,
) -> Result<Vec<Option<PreparedArticle>>, StoreError> {
    let mut out: Vec<Option<PreparedArticle>> = files.iter().map(|_| None).collect();
    let mut counts = Counts {
        tx,
        known,
        batch: FxHashMap::default(),
        stored: FxHashMap::default(),
    };
    let mut seen = FxHashSet::default();
    for (i, file) in files.iter().enumerate() {
        let Ok(a) = file.prepared() else { continue };
        if !seen.insert(a.content_hash.as_str()) || !is_new(tx, file, a)? {
            continue;
        }
        let Some(publisher) = template::publisher_key(&a.extracted.article) else {
            continue;
        };
        let hashes = a.line_hashes.template_hashes();
        let mut exact = Vec::new();
        for &h in hashes {
            if counts.is_template(&publisher, h)? {
                exact.push(h);
            }
        }
        exact.sort_unstable();
        exact.dedup();
        if a.extracted.templating.applies && exact != a.extracted.templating.templates {
            if let Some(x) =
                crate::pipeline::retemplate(&a.extracted, |h| exact.binary_search(&h).is_ok())
            {
                tracing::debug!(path = file.path(), "template lines decided again");
                out[i] = Some(PreparedArticle {
                    content_hash: a.content_hash.clone(),
                    link: LinkPrep::of(&x),
                    line_hashes: LineHashes::of(&x),
                    extracted: x,
                });
            }
        }
        counts.add(publisher, hashes);
    }
    Ok(out)
}

/// Whether writing `file` stores a new article (the checks `write_one` and
/// `store_article` make, before the batch's writes).
fn is_new(tx: &Transaction, file: &PreparedFile, a: &PreparedArticle) -> Result<bool, StoreError> {
    let previous: Option<(Option<String>, FileStatus)> = tx
        .prepare_cached("SELECT content_hash, status FROM files WHERE path = ?1")?
        .query_row([file.path()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((Some(old), status)) = previous {
        if old == a.content_hash && status != FileStatus::Deleted {
            return Ok(false);
        }
    }
    let stored: Option<i64> = tx
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row([&a.content_hash], |r| r.get(0))
        .optional()?;
    Ok(stored.is_none())
}

/// Articles per (publisher, line) so far: learned lines, this batch's earlier
/// articles, and the stored count of a line the batch repeats.
struct Counts<'a, 't> {
    tx: &'a Transaction<'t>,
    known: &'a TemplateSet,
    /// Articles of this batch, before the current one, per line.
    batch: FxHashMap<(String, i64), i64>,
    /// Stored counts read so far.
    stored: FxHashMap<(String, i64), i64>,
}

impl Counts<'_, '_> {
    /// Whether at least [`template::MIN_ARTICLES`] articles before this one had
    /// the line.
    fn is_template(&mut self, publisher: &str, h: i64) -> Result<bool, StoreError> {
        if self.known.contains(publisher, h) {
            return Ok(true);
        }
        let key = (publisher.to_owned(), h);
        let Some(&in_batch) = self.batch.get(&key) else {
            // Not learned and not seen in this batch: fewer than the minimum stored.
            return Ok(false);
        };
        let stored = match self.stored.get(&key) {
            Some(&n) => n,
            None => {
                let n: i64 = self
                    .tx
                    .prepare_cached(
                        "SELECT articles FROM template_lines WHERE publisher = ?1 AND line_hash = ?2",
                    )?
                    .query_row(params![publisher, h], |r| r.get(0))
                    .optional()?
                    .unwrap_or(0);
                self.stored.insert(key, n);
                n
            }
        };
        Ok(stored + in_batch >= template::MIN_ARTICLES)
    }

    /// Counts an article's lines, each once.
    fn add(&mut self, publisher: String, hashes: &[i64]) {
        let mut once = FxHashSet::default();
        for &h in hashes {
            if once.insert(h) {
                *self.batch.entry((publisher.clone(), h)).or_default() += 1;
            }
        }
    }
}
