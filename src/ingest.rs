//! Files into the store. [`stage`] reads a file (bounded by `max_file_size`,
//! symlinks checked against the watched root), hashes, decodes and normalizes it;
//! [`Staged::finish`] applies the learned templates, extracts and computes linking's
//! pure work; [`Ingester`] writes prepared files in batches, one transaction per
//! batch, and keeps the tallies the CLI prints; [`write_batches`] overlaps preparing
//! and writing, for `ingest` ([`ingest_files`]) and the daemon alike. Input files are
//! only ever read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use tracing::{info, warn};

use crate::config::Config;
use crate::link::LinkPrep;
use crate::normalize::template::TemplateSet;
use crate::normalize::NormalizeOptions;
use crate::pipeline;
use crate::store::{FileMeta, FileOutcome, LineHashes, Store, StoreError, WriteResult};

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

/// `paths` with their sizes, read as the iterator is consumed (a file that cannot
/// be read counts as empty: preparing it records why). Each regular file of at most
/// `read_ahead_max` bytes (0: none) is also given to the kernel to start reading
/// (`posix_fadvise(WILLNEED)`), for the walking thread: a backfill's files are
/// rarely in the page cache, and a preparing thread blocked on a disk read leaves
/// its core idle. The advice is only advice: a file that cannot be opened is left
/// to preparing. Opened non-blocking, so a FIFO swapped in after the stat cannot
/// hang the walk.
pub fn with_sizes<P: AsRef<Path>>(
    paths: impl Iterator<Item = P>,
    read_ahead_max: u64,
) -> impl Iterator<Item = (PathBuf, u64)> {
    paths.map(move |p| {
        let p = p.as_ref();
        let size = match std::fs::metadata(p) {
            Ok(m) if m.is_file() => {
                if (1..=read_ahead_max).contains(&m.len()) {
                    read_ahead(p, m.len());
                }
                m.len()
            }
            Ok(m) => m.len(),
            Err(_) => 0,
        };
        (p.to_path_buf(), size)
    })
}

/// Starts reading `len` bytes of `path` into the page cache without waiting.
#[cfg(target_os = "linux")]
fn read_ahead(path: &Path, len: u64) {
    use rustix::fs::{fadvise, open, Advice, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    if let Ok(fd) = open(path, flags, Mode::empty()) {
        // The fd is closed when dropped; advice that fails changes nothing.
        let _ = fadvise(&fd, 0, std::num::NonZeroU64::new(len), Advice::WillNeed);
    }
}

#[cfg(not(target_os = "linux"))]
fn read_ahead(_path: &Path, _len: u64) {}

/// The next batch of `sized` paths ([`with_sizes`]): files up to `max_files`,
/// ending early with the file that brings their sizes to `max_bytes`.
pub fn next_batch(
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
pub enum Prepared {
    /// Ready to write (ingested or rejected with a reason).
    Outcome(Box<FileOutcome>),
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
            WriteResult::Rejected(_) => self.rejected += 1,
        }
    }
}

/// The current time as RFC 3339 UTC (seconds).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Size and mtime of `meta`.
pub fn file_meta(meta: &std::fs::Metadata) -> FileMeta {
    FileMeta {
        size: meta.len(),
        modified_at: meta
            .modified()
            .ok()
            .map(|t| humantime::format_rfc3339_nanos(t).to_string()),
    }
}

/// The key a path is stored under: the absolute path (made absolute lexically, so a
/// symlink keeps its own name), so `ingest seeds` and `watch` agree. A name that is
/// not valid UTF-8 keeps its bytes: each byte of an invalid sequence becomes the
/// private-use character U+10FF00 + byte ([`ESCAPE_BASE`]), so `bad\xff.txt` and
/// `bad\xfe.txt` get different keys, and [`key_path`] turns a key back into the
/// exact path (the daemon checks stored paths for deletion by their keys).
pub fn path_key(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    match abs.to_str() {
        Some(s) if !s.chars().any(is_escape_char) => s.to_owned(),
        _ => escape_bytes(abs.as_os_str().as_encoded_bytes()),
    }
}

/// Start of the private-use block that stands for raw bytes in a [`path_key`].
pub const ESCAPE_BASE: u32 = 0x10_FF00;

/// Characters whose bytes a key spells out one by one (they could be read back as
/// escaped bytes otherwise): U+10FF80..=U+10FFFF.
fn is_escape_char(c: char) -> bool {
    (ESCAPE_BASE + 0x80..=ESCAPE_BASE + 0xFF).contains(&(c as u32))
}

fn escape_bytes(bytes: &[u8]) -> String {
    let mut key = String::with_capacity(bytes.len() + 8);
    let escape = |key: &mut String, b: u8| {
        key.push(char::from_u32(ESCAPE_BASE + u32::from(b)).unwrap_or('\u{fffd}'));
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_escape_char(c) {
                let mut buf = [0; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    escape(&mut key, b);
                }
            } else {
                key.push(c);
            }
        }
        for &b in chunk.invalid() {
            escape(&mut key, b);
        }
    }
    key
}

/// The path a [`path_key`] was made from.
pub fn key_path(key: &str) -> PathBuf {
    if !key.chars().any(is_escape_char) {
        return PathBuf::from(key);
    }
    let mut bytes = Vec::with_capacity(key.len());
    for c in key.chars() {
        if is_escape_char(c) {
            bytes.push((c as u32 - ESCAPE_BASE) as u8);
        } else {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// A file read, checked, hashed and normalized: everything that does not depend on
/// what is stored, so it can be done ahead of the batch's turn ([`Staged::finish`]
/// does the rest).
#[derive(Debug)]
pub enum Staged {
    /// Nothing is left to do (skipped, unsettled, or rejected before decoding).
    Done(Prepared),
    /// Decoded (or failed to decode) and normalized; waits for the templates.
    Page(Box<StagedPage>),
}

/// See [`Staged::Page`].
#[derive(Debug)]
pub struct StagedPage {
    key: String,
    meta: FileMeta,
    hash: String,
    normalized: Result<pipeline::Normalized, String>,
}

impl Staged {
    /// Applies `templates`, extracts and, when the store links (`link`), computes
    /// linking's pure work.
    pub fn finish(self, templates: &TemplateSet, link: bool) -> Prepared {
        let page = match self {
            Staged::Done(p) => return p,
            Staged::Page(page) => *page,
        };
        let result = page.normalized.map(|n| n.finish(templates));
        // Linking's pure work (body signature, quote shapes) and the line hashes the
        // store needs are computed here, on the pool, not in the writer.
        let link = match &result {
            Ok(x) if link => Some(LinkPrep::of(x)),
            _ => None,
        };
        let hashes = result.as_ref().ok().map(LineHashes::of);
        Prepared::Outcome(Box::new(FileOutcome {
            path: page.key,
            meta: page.meta,
            content_hash: Some(page.hash),
            result,
            link,
            hashes,
        }))
    }
}

/// Reads, checks and normalizes one file: see [`Staged`]. `root` is the watched
/// folder, if any: symlinks that lead outside it are rejected unless
/// `watch.follow_symlinks` is set.
pub fn stage(path: &Path, root: Option<&Path>, config: &Config, recheck: bool) -> Staged {
    let (key, meta, bytes) = match read_checked(path, root, config, recheck) {
        Ok(read) => read,
        Err(done) => return Staged::Done(done),
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let normalized =
        pipeline::normalize_page(&bytes, &NormalizeOptions::default()).map_err(|e| e.to_string());
    Staged::Page(Box::new(StagedPage {
        key,
        meta,
        hash,
        normalized,
    }))
}

/// Stats, checks and reads a file; what to record instead when it cannot be read.
fn read_checked(
    path: &Path,
    root: Option<&Path>,
    config: &Config,
    recheck: bool,
) -> Result<(String, FileMeta, Vec<u8>), Prepared> {
    let key = path_key(path);
    let link_meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Prepared::Skip("gone")),
        Err(e) => return Err(reject(key, None, format!("cannot stat: {e}"))),
    };
    if link_meta.file_type().is_symlink() {
        match std::fs::canonicalize(path) {
            Err(e) => {
                return Err(reject(
                    key,
                    Some(file_meta(&link_meta)),
                    format!("broken or looping symlink: {e}"),
                ))
            }
            Ok(target) => {
                let inside = root
                    .and_then(|r| std::fs::canonicalize(r).ok())
                    .is_some_and(|r| target.starts_with(r));
                if !inside && !config.watch.follow_symlinks && root.is_some() {
                    return Err(reject(
                        key,
                        Some(file_meta(&link_meta)),
                        format!(
                            "symlink to {} outside the watched folder (watch.follow_symlinks = false)",
                            target.display()
                        ),
                    ));
                }
            }
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Prepared::Skip("gone")),
        Err(e) => return Err(reject(key, None, format!("cannot stat: {e}"))),
    };
    if meta.is_dir() {
        return Err(Prepared::Skip("a folder"));
    }
    if let Some(kind) = not_regular(&meta) {
        // A FIFO, socket or device under a watched name: recorded, never opened.
        return Err(reject(key, Some(file_meta(&meta)), kind));
    }
    let fmeta = file_meta(&meta);
    let limit = config.watch.max_file_size;
    if meta.len() > limit {
        return Err(reject(
            key,
            Some(fmeta),
            format!(
                "file too large: {} bytes > watch.max_file_size {limit}",
                meta.len()
            ),
        ));
    }
    let bytes = match read_bounded(path, limit) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Prepared::Skip("gone")),
        Err(e) => return Err(reject(key, Some(fmeta), format!("cannot read: {e}"))),
    };
    if recheck {
        // A writer may still be appending: the bytes we read must match what the
        // file is now.
        match std::fs::metadata(path) {
            Ok(now) if file_meta(&now) == fmeta && now.len() == bytes.len() as u64 => {}
            Ok(_) => return Err(Prepared::Unsettled),
            Err(_) => return Err(Prepared::Skip("gone")),
        }
    }
    if bytes.len() as u64 > limit {
        return Err(reject(
            key,
            Some(fmeta),
            format!("file grew past watch.max_file_size {limit} while reading"),
        ));
    }
    Ok((key, fmeta, bytes))
}

/// Reads at most `limit + 1` bytes of `path`. Opened non-blocking and checked
/// again after opening, so a FIFO or device swapped in after the stat is refused
/// instead of blocking or read without end.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let nonblock = rustix::fs::OFlags::NONBLOCK.bits() | rustix::fs::OFlags::NOCTTY.bits();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblock as i32)
        .open(path)?;
    match not_regular(&file.metadata()?) {
        Some(kind) => Err(std::io::Error::other(kind)),
        None => Ok(file),
    }
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// What a path that is neither a folder nor a regular file is, as a reason.
fn not_regular(meta: &std::fs::Metadata) -> Option<String> {
    if meta.is_file() || meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        let kind = if t.is_fifo() {
            "a FIFO"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else {
            "not a regular file"
        };
        Some(format!("not a regular file ({kind}); not read"))
    }
    #[cfg(not(unix))]
    Some("not a regular file; not read".to_owned())
}

/// Reads a file named on the command line (`extract`) under the guards `ingest`
/// applies: a regular file (symlinks followed), at most `limit` bytes, never a FIFO
/// or device. The error says why, in words.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot stat: {e}"))?;
    if meta.is_dir() {
        return Err("a folder".to_owned());
    }
    if let Some(kind) = not_regular(&meta) {
        return Err(kind);
    }
    if meta.len() > limit {
        return Err(format!(
            "file too large: {} bytes > watch.max_file_size {limit}",
            meta.len()
        ));
    }
    let bytes = read_bounded(path, limit).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "file grew past watch.max_file_size {limit} while reading"
        ));
    }
    Ok(bytes)
}

fn reject(path: String, meta: Option<FileMeta>, reason: String) -> Prepared {
    Prepared::Outcome(Box::new(FileOutcome {
        path,
        meta: meta.unwrap_or(FileMeta {
            size: 0,
            modified_at: None,
        }),
        content_hash: None,
        result: Err(reason),
        link: None,
        hashes: None,
    }))
}

/// Writes prepared files and keeps the tally.
pub struct Ingester<'a> {
    store: &'a mut Store,
    /// Totals so far.
    pub tally: Tally,
}

impl<'a> Ingester<'a> {
    /// Wraps the writer.
    pub fn new(store: &'a mut Store) -> Self {
        Ingester {
            store,
            tally: Tally::default(),
        }
    }

    /// Writes one batch in one transaction and logs a line per file.
    pub fn write(&mut self, outcomes: Vec<FileOutcome>) -> Result<(), StoreError> {
        self.write_helping(outcomes, &mut || false)
    }

    /// [`Ingester::write`], calling `help` while the store waits for a WAL
    /// checkpoint ([`Store::write_batch_helping`]).
    pub fn write_helping(
        &mut self,
        outcomes: Vec<FileOutcome>,
        help: &mut dyn FnMut() -> bool,
    ) -> Result<(), StoreError> {
        if outcomes.is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let results = self
            .store
            .write_batch_helping(&outcomes, &now_rfc3339(), help)?;
        let ms = started.elapsed().as_millis();
        for (o, r) in outcomes.iter().zip(&results) {
            self.tally.add(r);
            if let (WriteResult::New(_) | WriteResult::Duplicate(_), Ok(x)) = (r, &o.result) {
                for w in &x.article.warnings {
                    warn!(path = %o.path.escape_debug(), warning = %w, "page warning");
                }
            }
            match (r, &o.result) {
                (WriteResult::New(id), Ok(x)) => info!(
                    path = %o.path.escape_debug(), article_id = id, paragraphs = x.article.body.len(),
                    quotes = x.quotes.len(), figures = x.figures.len(), batch_ms = ms as u64,
                    "ingested"
                ),
                (WriteResult::Duplicate(id), _) => {
                    info!(path = %o.path.escape_debug(), article_id = id, "same content as a stored article")
                }
                (WriteResult::Unchanged, _) => {
                    tracing::debug!(path = %o.path.escape_debug(), "unchanged")
                }
                (WriteResult::Rejected(reason), _) => {
                    warn!(path = %o.path.escape_debug(), reason = %reason, "rejected")
                }
                (WriteResult::New(_), Err(_)) => {}
            }
        }
        // Freeing a batch's pages and extractions is work the single writer need not
        // do: a pool thread does it.
        rayon::spawn(move || drop(outcomes));
        Ok(())
    }
}

/// The threads that prepare files for [`ingest_files`]: one fewer than the cores (at
/// least one), with the calling thread joining in once its own work is done.
///
/// Preparing is spread file by file: every thread takes the next file not yet taken.
/// With a pool as wide as the machine the writer had to share its core with the
/// preparing threads, and since the writer's batch is the longest single task, the
/// whole run waited on it; with a core of its own it finishes sooner, then helps.
struct PrepPool {
    /// None when the threads could not be started: the calling thread prepares alone.
    pool: Option<rayon::ThreadPool>,
}

impl PrepPool {
    fn new() -> PrepPool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .thread_name(|i| format!("newsdb-prepare-{i}"))
            .build();
        match pool {
            Ok(pool) => PrepPool { pool: Some(pool) },
            Err(e) => {
                warn!(error = %e, "cannot start preparing threads; preparing on the writer's thread");
                PrepPool { pool: None }
            }
        }
    }

    /// Runs `work` on the calling thread while the pool prepares `chunk` (`finish`
    /// on each file, after `stage` unless it was staged ahead), then stages files of
    /// `ahead` (the next chunk) until `work` is done; then the calling thread
    /// prepares what is left of `chunk`. `work` is given a helper that prepares one
    /// more file of `chunk`, or stages one of `ahead` once `chunk` is taken (false
    /// when neither is left), for when it would otherwise wait. Returns `work`'s
    /// result and the prepared files in `chunk`'s order.
    fn prepare_while<R>(
        &self,
        chunk: &Chunk,
        ahead: &Chunk,
        stage: impl Fn(&Path) -> Staged + Sync,
        finish: impl Fn(&Path, Staged) -> Option<FileOutcome> + Sync,
        work: impl FnOnce(&mut dyn FnMut() -> bool) -> R,
    ) -> (R, Vec<FileOutcome>) {
        let next = AtomicUsize::new(0);
        let next_ahead = AtomicUsize::new(0);
        let work_done = AtomicBool::new(false);
        let prepared: Mutex<Vec<(usize, FileOutcome)>> =
            Mutex::new(Vec::with_capacity(chunk.paths.len()));
        // Prepares the next file not taken yet into `mine`; false when none is left.
        let take_one = |mine: &mut Vec<(usize, FileOutcome)>| {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = chunk.paths.get(i) else {
                return false;
            };
            let staged = chunk.take_staged(i).unwrap_or_else(|| stage(path));
            if let Some(o) = finish(path, staged) {
                mine.push((i, o));
            }
            true
        };
        // Stages the next file of `ahead` while `work` runs; false when it is done
        // or no file is left.
        let stage_ahead = || {
            if work_done.load(Ordering::Acquire) {
                return false;
            }
            let i = next_ahead.fetch_add(1, Ordering::Relaxed);
            let Some(path) = ahead.paths.get(i) else {
                return false;
            };
            ahead.put_staged(i, stage(path));
            true
        };
        let keep = |mine: Vec<(usize, FileOutcome)>| {
            prepared
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(mine);
        };
        let take_files = || {
            let mut mine = Vec::new();
            while take_one(&mut mine) {}
            keep(mine);
        };
        let work_then_take = || {
            let mut helped = Vec::new();
            // While `work` waits it prepares this chunk, then stages the next.
            let result = work(&mut || take_one(&mut helped) || stage_ahead());
            work_done.store(true, Ordering::Release);
            keep(helped);
            take_files();
            result
        };
        let result = match &self.pool {
            Some(pool) => pool.in_place_scope(|scope| {
                for _ in 0..pool.current_num_threads() {
                    scope.spawn(|_| {
                        take_files();
                        while stage_ahead() {}
                    });
                }
                work_then_take()
            }),
            None => work_then_take(),
        };
        let mut prepared = prepared
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        prepared.sort_unstable_by_key(|(i, _)| *i);
        (result, prepared.into_iter().map(|(_, o)| o).collect())
    }
}

/// One batch's paths, and the files of it already staged ([`Staged`]): while the
/// writer writes batch k and the pool prepares k + 1, idle pool threads stage k + 2.
/// The templates are applied only when the batch's turn comes, so what is stored is
/// the same as when every file is prepared in one go.
struct Chunk {
    paths: Vec<PathBuf>,
    staged: Vec<Mutex<Option<Staged>>>,
}

impl Chunk {
    fn new(paths: Vec<PathBuf>) -> Chunk {
        let staged = paths.iter().map(|_| Mutex::new(None)).collect();
        Chunk { paths, staged }
    }

    fn take_staged(&self, i: usize) -> Option<Staged> {
        self.staged[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    fn put_staged(&self, i: usize, staged: Staged) {
        *self.staged[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(staged);
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
    store: &mut Store,
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
    store: &mut Store,
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
    pub store: &'a Store,
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
/// templates stored before k) and stages k + 2 (see [`ingest_files`]).
pub fn write_batches(
    store: &mut Store,
    sized: &mut impl Iterator<Item = (PathBuf, u64)>,
    config: &Config,
    how: &BatchOptions<'_>,
    mut keep_going: impl FnMut(Progress<'_>) -> bool,
) -> Result<Written, StoreError> {
    let pool = PrepPool::new();
    let link = store.linking();
    let unsettled = Mutex::new(Vec::new());
    let stage_one = |p: &Path| stage(p, how.root, config, how.recheck);
    let finish_one = |p: &Path, staged: Staged, templates: &TemplateSet| -> Option<FileOutcome> {
        match staged.finish(templates, link) {
            Prepared::Outcome(o) => Some(*o),
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
        }
    };
    let mut next_chunk =
        || -> Chunk { Chunk::new(next_batch(sized, how.batch_files, BATCH_BYTES)) };
    let mut ingester = Ingester::new(store);
    let first = next_chunk();
    if first.paths.is_empty() {
        return Ok(Written::default());
    }
    let templates = ingester.store.templates()?;
    let mut upcoming = next_chunk();
    let none = Chunk::new(Vec::new());
    let ((), prepared) = pool.prepare_while(
        &first,
        &none,
        stage_one,
        |p, s| finish_one(p, s, &templates),
        |_| (),
    );
    let mut ready = (first.paths.len(), prepared);
    let mut done = 0;
    let mut stopped = false;
    // Batch k is written while k + 1 is prepared (with the templates stored before
    // k) and k + 2 is staged.
    while !upcoming.paths.is_empty() {
        let ahead = next_chunk();
        let templates = ingester.store.templates()?;
        let batch = std::mem::take(&mut ready.1);
        let (written, next) = pool.prepare_while(
            &upcoming,
            &ahead,
            stage_one,
            |p, s| finish_one(p, s, &templates),
            |help| ingester.write_helping(batch, help),
        );
        written?;
        done += ready.0;
        ready = (upcoming.paths.len(), next);
        upcoming = ahead;
        let progress = Progress {
            files: done,
            tally: ingester.tally,
            store: ingester.store,
        };
        if !keep_going(progress) {
            stopped = true;
            break;
        }
    }
    ingester.write(ready.1)?;
    keep_going(Progress {
        files: done + ready.0,
        tally: ingester.tally,
        store: ingester.store,
    });
    Ok(Written {
        tally: ingester.tally,
        unsettled: unsettled
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner),
        unwritten: if stopped { upcoming.paths } else { Vec::new() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn path_keys_of_different_names_differ_and_lead_back_to_their_path(
            a in proptest::collection::vec(any::<u8>(), 1..24),
            b in proptest::collection::vec(any::<u8>(), 1..24),
        ) {
            use std::os::unix::ffi::OsStrExt;
            let clean = |v: &[u8]| -> Vec<u8> {
                v.iter().copied().filter(|c| !matches!(c, 0 | b'/' | b'.')).collect()
            };
            let (a, b) = (clean(&a), clean(&b));
            prop_assume!(!a.is_empty() && !b.is_empty());
            let pa = Path::new("/seeds").join(std::ffi::OsStr::from_bytes(&a));
            let pb = Path::new("/seeds").join(std::ffi::OsStr::from_bytes(&b));
            prop_assert_eq!(key_path(&path_key(&pa)), pa.clone());
            prop_assert_eq!(path_key(&pa) == path_key(&pb), a == b);
        }
    }

    #[test]
    fn names_that_are_not_utf8_get_distinct_keys_and_utf8_names_are_unchanged() {
        use std::os::unix::ffi::OsStrExt;
        let ff = Path::new(std::ffi::OsStr::from_bytes(b"/seeds/bad\xff.txt"));
        let fe = Path::new(std::ffi::OsStr::from_bytes(b"/seeds/bad\xfe.txt"));
        assert_ne!(path_key(ff), path_key(fe));
        assert_eq!(key_path(&path_key(ff)), ff);
        assert_eq!(
            path_key(Path::new("/seeds/caf\u{e9}.txt")),
            "/seeds/caf\u{e9}.txt"
        );
        // A valid name spelling an escape character is spelled out too.
        let odd = Path::new("/seeds/\u{10ffe9}.txt");
        assert_eq!(key_path(&path_key(odd)), odd);
    }
    use crate::store::FileMeta;

    fn outcome(path: &Path) -> FileOutcome {
        FileOutcome {
            path: path.display().to_string(),
            meta: FileMeta {
                size: 0,
                modified_at: None,
            },
            content_hash: None,
            result: Err("test".to_owned()),
            link: None,
            hashes: None,
        }
    }

    fn paths(range: std::ops::Range<usize>) -> Vec<PathBuf> {
        range.map(|i| PathBuf::from(format!("f{i}"))).collect()
    }

    /// Every third file is skipped.
    fn stage_file(p: &Path) -> Staged {
        let n: usize = p.display().to_string()[1..].parse().expect("number");
        Staged::Done(if n.is_multiple_of(3) {
            Prepared::Skip("test")
        } else {
            Prepared::Outcome(Box::new(outcome(p)))
        })
    }

    fn finish_file(_: &Path, s: Staged) -> Option<FileOutcome> {
        match s.finish(&TemplateSet::default(), false) {
            Prepared::Outcome(o) => Some(*o),
            _ => None,
        }
    }

    fn kept(range: std::ops::Range<usize>) -> Vec<String> {
        range
            .filter(|n: &usize| !n.is_multiple_of(3))
            .map(|n| format!("f{n}"))
            .collect()
    }

    fn names(prepared: Vec<FileOutcome>) -> Vec<String> {
        prepared.into_iter().map(|o| o.path).collect()
    }

    #[test]
    fn prepared_files_come_back_in_order_with_the_work_done() {
        let pool = PrepPool::new();
        let chunk = Chunk::new(paths(0..500));
        let none = Chunk::new(Vec::new());
        let (sum, prepared) = pool.prepare_while(&chunk, &none, stage_file, finish_file, |_| {
            (1..=100).sum::<u32>()
        });
        assert_eq!(sum, 5050);
        assert_eq!(names(prepared), kept(0..500));
        // Without preparing threads the calling thread does it all.
        let alone = PrepPool { pool: None };
        let small = Chunk::new(paths(0..10));
        let ((), prepared) = alone.prepare_while(&small, &none, stage_file, finish_file, |_| ());
        assert_eq!(prepared.len(), 6);
        // Files the work prepares through its helper come back in order too: here
        // it prepares 50 before it is done, then the rest are prepared as usual.
        for pool in [&alone, &pool] {
            let chunk = Chunk::new(paths(0..500));
            let ((), prepared) =
                pool.prepare_while(&chunk, &none, stage_file, finish_file, |help| {
                    (0..50).for_each(|_| {
                        help();
                    })
                });
            assert_eq!(names(prepared), kept(0..500));
        }
        // Without pool threads the helper takes the chunk's first files, in order.
        let nine = Chunk::new(paths(0..9));
        let (helped, prepared) =
            alone.prepare_while(&nine, &none, stage_file, finish_file, |help| {
                (0..20).filter(|_| help()).count()
            });
        assert_eq!(helped, 9, "the helper says when no file is left");
        assert_eq!(prepared.len(), 6);
    }

    #[test]
    fn the_next_chunk_is_staged_while_the_work_runs_and_finished_on_its_turn() {
        let pool = PrepPool::new();
        let chunk = Chunk::new(paths(0..100));
        let ahead = Chunk::new(paths(100..200));
        let staged = Mutex::new(Vec::new());
        let finished = Mutex::new(Vec::new());
        let (tx, rx) = std::sync::mpsc::channel();
        let tx = Mutex::new(tx);
        let stage = |p: &Path| {
            staged.lock().expect("lock").push(p.to_owned());
            let _ = tx.lock().expect("lock").send(());
            stage_file(p)
        };
        let finish = |p: &Path, s: Staged| {
            finished.lock().expect("lock").push(p.to_owned());
            finish_file(p, s)
        };
        // The work waits until the pool has staged both chunks (it never helps), so
        // the pool's thread is idle once `chunk` is prepared and stages `ahead`.
        let ((), prepared) = pool.prepare_while(&chunk, &ahead, stage, finish, |_| {
            for _ in 0..200 {
                rx.recv_timeout(std::time::Duration::from_secs(30))
                    .expect("the pool stages the next chunk while the work runs");
            }
        });
        assert_eq!(names(prepared), kept(0..100));
        // Staged, not finished: the templates are applied on the chunk's own turn.
        assert_eq!(staged.lock().expect("lock").len(), 200);
        assert_eq!(finished.lock().expect("lock").len(), 100);
        assert!(ahead
            .staged
            .iter()
            .all(|s| s.lock().expect("lock").is_some()));
        let none = Chunk::new(Vec::new());
        let ((), prepared) = pool.prepare_while(&ahead, &none, stage, finish, |_| ());
        assert_eq!(names(prepared), kept(100..200));
        assert_eq!(
            staged.lock().expect("lock").len(),
            200,
            "nothing is staged twice"
        );
        assert_eq!(finished.lock().expect("lock").len(), 200);
    }

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
        let mut store = Store::open(&db, std::time::Duration::from_secs(5)).expect("store");
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

    #[test]
    #[cfg(target_os = "linux")]
    fn reading_ahead_gives_the_same_sizes_and_never_blocks_on_a_fifo() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut paths = Vec::new();
        for (name, size) in [("small", 10), ("empty", 0), ("big", 5000)] {
            let p = tmp.path().join(name);
            std::fs::write(&p, vec![b'x'; size]).expect("write");
            paths.push(p);
        }
        paths.push(tmp.path().join("missing"));
        paths.push(tmp.path().to_path_buf());
        // Opening a FIFO for reading waits for a writer unless it is non-blocking.
        let fifo = tmp.path().join("fifo.html");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .expect("mkfifo");
        paths.push(fifo.clone());
        let plain: Vec<(PathBuf, u64)> = with_sizes(paths.iter(), 0).collect();
        assert_eq!(plain[0].1, 10);
        assert_eq!(plain[2].1, 5000);
        let (tx, rx) = std::sync::mpsc::channel();
        let ahead_paths = paths.clone();
        std::thread::spawn(move || {
            // A cap below "big": it is sized but not read ahead.
            let sized: Vec<(PathBuf, u64)> = with_sizes(ahead_paths.iter(), 100).collect();
            // The stat said FIFO, so it was never opened: open it as a swap would.
            read_ahead(&fifo, 1);
            let _ = tx.send(sized);
        });
        let sized = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading ahead blocked");
        assert_eq!(sized, plain);
    }
}
