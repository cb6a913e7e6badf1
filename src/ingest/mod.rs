//! Files into the store. Bulk `ingest` ([`ingest_files`]) and the daemon both run
//! [`write_batches`]: each file is *staged* (read under the file policy of
//! `files.rs`, hashed, decoded, normalized), then *finished* on its batch's turn (the
//! learned templates applied, quotes and figures extracted, linking's pure work
//! done) into a [`PreparedFile`], and the writer stores each batch in one
//! transaction and keeps the [`Tally`] the CLI prints. The engine in `overlap.rs`
//! runs the three steps at once on consecutive batches.
//!
//! The types a file passes through: a path, a `Staged` (read and normalized, or
//! already settled), a `Prepared` (a [`PreparedFile`] for the writer, or nothing to
//! write), a [`WriteResult`].

mod files;
mod keys;
mod overlap;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use tracing::{info, warn};

use files::with_sizes;
pub use files::{file_meta, read_input};
pub use keys::{key_path, path_key};

use crate::config::Config;
use crate::normalize::template::TemplateSet;
use crate::normalize::NormalizeOptions;
use crate::pipeline;
use crate::store::{FileMeta, PreparedFile, Rejection, StoreError, WriteResult, Writer};

/// Files per transaction for `ingest` (the daemon's is `watch.batch_files`, by
/// default the same). Each commit writes every page the batch changed to the WAL, and
/// linking's index rows land on scattered pages: 256 files per transaction wrote 47%
/// fewer WAL bytes than 64 on 3,000 generated pages (`bench/link_cost.sh`'s corpus,
/// strace of pwrite64), for more files held in memory (three batches at once;
/// [`BATCH_BYTES`] bounds them).
pub const BULK_BATCH_SIZE: usize = 256;
/// Input bytes per batch, at most (past it only by its last file): a batch's pages,
/// their extractions and its transaction's full-text rows are held in memory, and
/// `ingest` holds three batches at once (written, prepared, staged). Real pages
/// (the bench sets' HTML: median 128 KB, mean 177 KB) fill 256 files before
/// this; a folder of pages near `watch.max_file_size` (20 MB) gets batches of a few.
pub const BATCH_BYTES: u64 = 64 << 20;

/// The next batch of `sized` paths ([`with_sizes`]): files up to `max_files`,
/// ending early with the file that brings their sizes to `max_bytes`.
fn next_batch(
    sized: &mut impl Iterator<Item = (PathBuf, u64)>,
    max_files: usize,
    max_bytes: u64,
) -> Vec<PathBuf> {
    let mut batch = Vec::new();
    let mut bytes = 0u64;
    while batch.len() < max_files && bytes < max_bytes {
        let Some((path, size)) = sized.next() else {
            break;
        };
        bytes = bytes.saturating_add(size);
        batch.push(path);
    }
    batch
}

/// A file made ready to write, or why there is nothing to write.
#[derive(Debug)]
enum Prepared {
    /// Ready to write (an article, or rejected with a reason).
    File(Box<PreparedFile>),
    /// Not a file we ingest (gone, a folder, not a watched extension); nothing to record.
    Skip(&'static str),
    /// The file changed while we read it; try again after it settles.
    Unsettled,
}

/// Running totals of an ingest run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// New articles stored.
    pub new: usize,
    /// Files whose bytes were already stored (another path, or the same file again).
    pub duplicate: usize,
    /// Files unchanged since last time.
    pub unchanged: usize,
    /// Files recorded as rejected.
    pub rejected: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.new += other.new;
        self.duplicate += other.duplicate;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
    }
}

impl Tally {
    fn add(&mut self, r: &WriteResult) {
        match r {
            WriteResult::New(_) => self.new += 1,
            WriteResult::Duplicate(_) => self.duplicate += 1,
            WriteResult::Unchanged => self.unchanged += 1,
            WriteResult::Rejected => self.rejected += 1,
        }
    }
}

/// The current time as RFC 3339 UTC (seconds).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// A file read, checked, hashed and normalized: everything that does not depend on
/// what is stored, so it can be done ahead of the batch's turn ([`Staged::finish`]
/// does the rest).
#[derive(Debug)]
enum Staged {
    /// Nothing is left to do (skipped, unsettled, or rejected before decoding).
    Done(Prepared),
    /// Decoded (or failed to decode) and normalized; waits for the templates.
    Page(Box<StagedPage>),
}

/// See [`Staged::Page`].
#[derive(Debug)]
struct StagedPage {
    key: String,
    meta: FileMeta,
    hash: String,
    normalized: Result<pipeline::NormalizedPage, Rejection>,
}

impl Staged {
    /// Applies `templates`, extracts, and computes what the writer needs (linking's
    /// pure work, line hashes): here, on the preparing threads, not in the writer.
    fn finish(self, templates: &TemplateSet) -> Prepared {
        let page = match self {
            Staged::Done(p) => return p,
            Staged::Page(page) => *page,
        };
        let file = match page.normalized {
            Ok(n) => PreparedFile::article(page.key, page.meta, page.hash, n.finish(templates)),
            Err(why) => PreparedFile::rejected(page.key, page.meta, Some(page.hash), why),
        };
        Prepared::File(Box::new(file))
    }
}

/// Reads, checks and normalizes one file: see [`Staged`]. `root` is the watched
/// folder, if any: symlinks that lead outside it are rejected unless
/// `watch.follow_symlinks` is set.
fn stage(path: &Path, root: Option<&Path>, config: &Config, recheck: bool) -> Staged {
    let (key, meta, bytes) = match files::read_checked(path, root, config, recheck) {
        Ok(read) => read,
        Err(done) => return Staged::Done(done),
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let normalized =
        pipeline::normalize_page(&bytes, &NormalizeOptions::default()).map_err(Rejection::from);
    Staged::Page(Box::new(StagedPage {
        key,
        meta,
        hash,
        normalized,
    }))
}

/// Writes prepared files and keeps the tally.
struct Ingester<'a> {
    store: &'a mut dyn Writer,
    /// Totals so far.
    tally: Tally,
}

impl<'a> Ingester<'a> {
    /// Wraps the writer.
    fn new(store: &'a mut dyn Writer) -> Self {
        Ingester {
            store,
            tally: Tally::default(),
        }
    }

    /// Writes one batch in one transaction and logs a line per file; while the
    /// store waits for a WAL checkpoint ([`Writer::checkpoint_pending`]) it calls
    /// `help`, which does one piece of other work (false once it has none).
    fn write(
        &mut self,
        files: Vec<PreparedFile>,
        help: &mut dyn FnMut() -> bool,
    ) -> Result<(), StoreError> {
        if files.is_empty() {
            return Ok(());
        }
        while self.store.checkpoint_pending() && help() {}
        let started = std::time::Instant::now();
        let results = self.store.write_batch(&files, &now_rfc3339())?;
        let batch_ms = started.elapsed().as_millis() as u64;
        for (file, r) in files.iter().zip(&results) {
            self.tally.add(r);
            log_written(file, r, batch_ms);
        }
        // Freeing a batch's pages and extractions is work the single writer need not
        // do: a pool thread does it.
        rayon::spawn(move || drop(files));
        Ok(())
    }
}

/// Logs what writing `file` did.
fn log_written(file: &PreparedFile, r: &WriteResult, batch_ms: u64) {
    let path = file.path().escape_debug();
    match (r, file.result()) {
        (WriteResult::New(id), Ok(x)) => {
            page_warnings(file, x);
            info!(
                path = %path, article_id = id, paragraphs = x.article.body.len(),
                quotes = x.quotes.len(), figures = x.figures.len(), batch_ms, "ingested"
            )
        }
        (WriteResult::Duplicate(id), result) => {
            if let Ok(x) = result {
                page_warnings(file, x);
            }
            info!(path = %path, article_id = id, "same content as a stored article")
        }
        (WriteResult::Unchanged, _) => tracing::debug!(path = %path, "unchanged"),
        (WriteResult::Rejected, Err(why)) => warn!(path = %path, reason = %why, "rejected"),
        (WriteResult::New(_), Err(_)) | (WriteResult::Rejected, Ok(_)) => {}
    }
}

/// Logs an ingested page's warnings (a cut page, repaired bytes).
fn page_warnings(file: &PreparedFile, x: &pipeline::Extracted) {
    for w in &x.article.warnings {
        warn!(path = %file.path().escape_debug(), warning = %w, "page warning");
    }
}

/// The [`overlap`] engine's sink: the [`Ingester`], with the learned templates as
/// what finishing a batch needs, and the caller's progress callback.
struct StoreSink<'a, F> {
    ingester: Ingester<'a>,
    keep_going: F,
}

impl<F: FnMut(Progress<'_>) -> bool> overlap::Sink for StoreSink<'_, F> {
    type Item = PreparedFile;
    type Context = std::sync::Arc<TemplateSet>;
    type Error = StoreError;

    fn context(&mut self) -> Result<Self::Context, StoreError> {
        self.ingester.store.templates()
    }

    fn write(
        &mut self,
        batch: Vec<PreparedFile>,
        help: &mut dyn FnMut() -> bool,
    ) -> Result<(), StoreError> {
        self.ingester.write(batch, help)
    }

    fn keep_going(&mut self, files: usize) -> bool {
        (self.keep_going)(Progress {
            files,
            tally: self.ingester.tally,
            store: self.ingester.store,
        })
    }
}

/// Expands files and folders into the files to ingest, sorted, skipping other
/// extensions inside folders (a file named explicitly is always taken). Lazy: a
/// folder is walked as the paths are consumed, so a backfill of any size never holds
/// its whole path list.
pub fn walk_paths<'a>(
    paths: &'a [PathBuf],
    config: &'a Config,
) -> impl Iterator<Item = PathBuf> + Send + 'a {
    paths
        .iter()
        .flat_map(move |p| -> Box<dyn Iterator<Item = PathBuf> + Send + 'a> {
            if p.is_dir() {
                Box::new(
                    walkdir::WalkDir::new(p)
                        .follow_links(false)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(crate::watch::walk_entry)
                        .filter(move |entry| {
                            // FIFOs and devices too: preparing records why they are
                            // not read.
                            !entry.file_type().is_dir() && config.wants(entry.path())
                        })
                        .map(walkdir::DirEntry::into_path),
                )
            } else {
                Box::new(std::iter::once(p.clone()))
            }
        })
}

/// [`walk_paths`], collected.
pub fn expand_paths(paths: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    walk_paths(paths, config).collect()
}

/// Prepares `paths` on the worker pool and writes them in batches of
/// [`BULK_BATCH_SIZE`] files or [`BATCH_BYTES`] ([`next_batch`]); `progress` is
/// called after each batch with the count done.
/// Paths are taken from the iterator one batch at a time.
///
/// The stages overlap: while one batch is written (one transaction, on the calling
/// thread, so the writer's memory stays in one allocator arena), the pool prepares
/// the next, then stages (reads and normalizes) the one after until the write is
/// done. Template lines learned from a batch apply from the batch after next, as if
/// no file were staged early: templates are applied when a batch is prepared. The
/// pool has one thread fewer than the machine has cores, so the writer (the one stage
/// that cannot be split) always has a core of its own; once a batch is written, the
/// calling thread prepares the rest of the next batch with the pool.
pub fn ingest_files<I>(
    store: &mut dyn Writer,
    paths: I,
    config: &Config,
    progress: impl FnMut(usize),
) -> Result<Tally, StoreError>
where
    I: IntoIterator,
    I::IntoIter: Send,
    I::Item: AsRef<Path>,
{
    // Walking the folders and reading each file's size (for [`next_batch`]) would
    // block the writer on directory and inode reads when they are not cached: a
    // thread of its own does it, a few batches ahead, and starts each file's read.
    let paths = Mutex::new(paths.into_iter());
    let paths = &paths;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(2 * BULK_BATCH_SIZE);
        let walker = std::thread::Builder::new()
            .name("newsdb-walk".to_owned())
            .spawn_scoped(scope, move || {
                let mut paths = paths.lock().unwrap_or_else(PoisonError::into_inner);
                let max = config.watch.max_file_size;
                for sized in with_sizes(paths.by_ref(), max) {
                    // Closed: the ingest stopped early.
                    if tx.send(sized).is_err() {
                        return;
                    }
                }
            });
        match walker {
            // The receiver is dropped before the scope joins the thread, so a
            // walker blocked on a full channel then stops.
            Ok(_) => bulk(store, rx.into_iter(), config, progress),
            Err(e) => {
                warn!(error = %e, "cannot start the walking thread; walking on the writer's");
                drop(rx);
                let mut paths = paths.lock().unwrap_or_else(PoisonError::into_inner);
                let max = config.watch.max_file_size;
                bulk(store, with_sizes(paths.by_ref(), max), config, progress)
            }
        }
    })
}

/// [`write_batches`] as `ingest` runs it.
fn bulk(
    store: &mut dyn Writer,
    mut sized: impl Iterator<Item = (PathBuf, u64)>,
    config: &Config,
    mut progress: impl FnMut(usize),
) -> Result<Tally, StoreError> {
    let how = BatchOptions {
        root: None,
        recheck: false,
        batch_files: BULK_BATCH_SIZE,
        warn_skips: true,
    };
    let written = write_batches(store, &mut sized, config, &how, |p| {
        progress(p.files);
        true
    })?;
    Ok(written.tally)
}

/// How [`write_batches`] reads and groups its files: bulk `ingest` and the daemon
/// differ only here.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions<'a> {
    /// The watched folder, if any (see [`stage`]).
    pub root: Option<&'a Path>,
    /// Re-stat each file after reading it: one that changed is set aside as
    /// unsettled ([`Written::unsettled`]) instead of written.
    pub recheck: bool,
    /// Files per transaction, at most ([`next_batch`], with [`BATCH_BYTES`]).
    pub batch_files: usize,
    /// Log skipped files (gone, not a watched kind) as warnings, not debug lines.
    pub warn_skips: bool,
}

/// Where a [`write_batches`] run stands after a batch.
#[derive(Clone, Copy)]
pub struct Progress<'a> {
    /// Files taken so far (written, or skipped and set aside).
    pub files: usize,
    /// What was written so far.
    pub tally: Tally,
    /// The store, between transactions (for the daemon's heartbeat).
    pub store: &'a dyn Writer,
}

/// What [`write_batches`] did.
#[derive(Debug, Default)]
pub struct Written {
    /// What was written.
    pub tally: Tally,
    /// Files that changed while they were read (only with [`BatchOptions::recheck`]).
    pub unsettled: Vec<PathBuf>,
    /// Files of the batch staged ahead when the run was told to stop; the files the
    /// iterator still holds were not taken either.
    pub unwritten: Vec<PathBuf>,
}

/// Prepares and writes `sized` (paths with their sizes, [`with_sizes`]) in batches,
/// one transaction each. After each batch `keep_going` is told the [`Progress`]; when
/// it returns false the batch already prepared is written and the run stops.
///
/// The stages overlap: while batch k is written the pool prepares k + 1 (with the
/// templates stored before k) and stages k + 2 (see [`overlap`]).
pub fn write_batches(
    store: &mut dyn Writer,
    sized: &mut impl Iterator<Item = (PathBuf, u64)>,
    config: &Config,
    how: &BatchOptions<'_>,
    keep_going: impl FnMut(Progress<'_>) -> bool,
) -> Result<Written, StoreError> {
    let pool = overlap::PrepPool::new();
    let unsettled = Mutex::new(Vec::new());
    let stage_one = |p: &Path| stage(p, how.root, config, how.recheck);
    let finish_one =
        |p: &Path, staged: Staged, templates: &std::sync::Arc<TemplateSet>| match staged
            .finish(templates)
        {
            Prepared::File(file) => Some(*file),
            Prepared::Skip(why) if how.warn_skips => {
                warn!(path = %p.display().to_string().escape_debug(), why, "skipped");
                None
            }
            Prepared::Skip(why) => {
                tracing::debug!(path = %p.display().to_string().escape_debug(), why, "skipped");
                None
            }
            Prepared::Unsettled => {
                unsettled
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(p.to_owned());
                None
            }
        };
    let mut sink = StoreSink {
        ingester: Ingester::new(store),
        keep_going,
    };
    let unwritten = overlap::run(
        &pool,
        || next_batch(sized, how.batch_files, BATCH_BYTES),
        stage_one,
        finish_one,
        &mut sink,
    )?;
    Ok(Written {
        tally: sink.ingester.tally,
        unsettled: unsettled
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner),
        unwritten,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_ends_at_its_file_count_or_once_its_files_reach_the_byte_cap() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = |name: &str, size: usize| {
            let p = tmp.path().join(name);
            std::fs::write(&p, vec![b'x'; size]).expect("write");
            p
        };
        let mut all = vec![
            file("a", 10),
            file("b", 10),
            file("c", 10),
            file("d", 10),
            file("e", 100),
            file("f", 10),
        ];
        // Unreadable: counts as empty, and its batch still takes it.
        all.insert(5, tmp.path().join("missing"));
        let names = |b: Vec<PathBuf>| -> Vec<String> {
            b.iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect()
        };
        let mut it = with_sizes(all.iter(), 0);
        // 10 + 10 + 10 + 10 reaches 35: the batch ends with the fourth file.
        assert_eq!(names(next_batch(&mut it, 256, 35)), ["a", "b", "c", "d"]);
        // A file past the cap on its own is a batch of one.
        assert_eq!(names(next_batch(&mut it, 256, 35)), ["e"]);
        assert_eq!(names(next_batch(&mut it, 256, 35)), ["missing", "f"]);
        assert!(next_batch(&mut it, 256, 35).is_empty());
        // The file count ends a batch too.
        let mut it = with_sizes(all.iter(), 0);
        assert_eq!(names(next_batch(&mut it, 3, u64::MAX)), ["a", "b", "c"]);
    }

    #[test]
    fn a_run_told_to_stop_writes_the_prepared_batch_and_hands_back_the_staged_one() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("in");
        std::fs::create_dir(&dir).expect("mkdir");
        let mut paths: Vec<PathBuf> = (0..10)
            .map(|i| {
                let p = dir.join(format!("p{i:02}.txt"));
                let text = format!(
                    "Headline number {i}\n\nThe council said on Monday that it would spend {i} million on roads.\n"
                );
                std::fs::write(&p, text).expect("write");
                p
            })
            .collect();
        // Gone before it is read: skipped, neither written nor handed back.
        paths.insert(1, dir.join("gone.txt"));
        let db = tmp.path().join("db.sqlite");
        let mut store =
            crate::store::Store::open(&db, std::time::Duration::from_secs(5)).expect("store");
        let how = BatchOptions {
            root: Some(&dir),
            recheck: true,
            batch_files: 3,
            warn_skips: false,
        };
        let config = Config::default();
        let total = |t: Tally| t.new + t.duplicate + t.unchanged + t.rejected;
        let mut sized = with_sizes(paths.clone().into_iter(), 0);
        let mut calls = Vec::new();
        let written = write_batches(&mut store, &mut sized, &config, &how, |p| {
            calls.push(p.files);
            false
        })
        .expect("write");
        // Batch 1 (p00, gone, p01) is written while batch 2 is prepared and batch 3
        // staged; told to stop, the run writes batch 2 and hands back batch 3.
        assert_eq!(calls, [3, 6]);
        assert_eq!(total(written.tally), 5);
        assert_eq!(written.unwritten, paths[6..9]);
        assert!(written.unsettled.is_empty());
        let rest: Vec<PathBuf> = sized.map(|(p, _)| p).collect();
        assert_eq!(rest, paths[9..]);
        // What was handed back and what the iterator held go in on the next run,
        // all of it new to the store.
        let again = written.unwritten.into_iter().chain(rest);
        let written = write_batches(&mut store, &mut with_sizes(again, 0), &config, &how, |_| {
            true
        })
        .expect("write the rest");
        assert_eq!(total(written.tally), 5);
        assert_eq!(written.tally.unchanged, 0);
        assert!(written.unwritten.is_empty());
    }
}
