//! Filesystem events to ready paths.
//!
//! Events are hints: [`scan`] walks the folder and compares each file's size and
//! mtime with what the store last saw; [`EventSource`] wraps notify (OS events, or
//! polling for NFS/Docker/WSL folders) behind notify-debouncer-full, which also
//! reports when the OS dropped events so the daemon rescans. [`Settler`] holds a path
//! back until its size and mtime have been stable for the settle window. The clock
//! and the stat function are passed in, so the settle logic is tested without sleeps.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant, SystemTime};

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, FileIdCache, NoCache, RecommendedCache,
};
use thiserror::Error;

use crate::config::Config;

/// A file's size and mtime: what "settled" compares.
pub type Stamp = (u64, Option<SystemTime>);

/// Stat that follows symlinks; a broken or looping symlink is stamped by the link
/// itself (it is there, and `ingest` will say why it cannot be read); None when the
/// path is gone.
pub fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path)
        .or_else(|_| std::fs::symlink_metadata(path))
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// The stamp of metadata already read.
pub fn stamp_of(meta: Option<&std::fs::Metadata>) -> Option<Stamp> {
    meta.map(|m| (m.len(), m.modified().ok()))
}

/// A path the settler lets through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ready {
    /// Stable for the settle window: read it. With its size at the last stat, for
    /// the batch byte cap.
    Present(PathBuf, u64),
    /// Gone from the folder.
    Gone(PathBuf),
}

#[derive(Debug)]
struct Pending {
    last: Option<Stamp>,
    stable_since: Instant,
}

/// Waits for files to stop changing.
#[derive(Debug)]
pub struct Settler {
    window: Duration,
    pending: HashMap<PathBuf, Pending>,
}

impl Settler {
    /// A settler with the given settle window.
    pub fn new(window: Duration) -> Self {
        Settler {
            window,
            pending: HashMap::new(),
        }
    }

    /// Something happened to `path`: (re)start its settle window.
    pub fn touch(&mut self, path: PathBuf, now: Instant, current: Option<Stamp>) {
        self.pending.insert(
            path,
            Pending {
                last: current,
                stable_since: now,
            },
        );
    }

    /// Paths waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Checks every pending path; returns those stable for the whole window.
    pub fn poll(&mut self, now: Instant, stat: impl Fn(&Path) -> Option<Stamp>) -> Vec<Ready> {
        let mut ready = Vec::new();
        self.pending.retain(|path, p| {
            let current = stat(path);
            if current != p.last {
                p.last = current;
                p.stable_since = now;
                return true;
            }
            if now.duration_since(p.stable_since) < self.window {
                return true;
            }
            ready.push(match current {
                Some((size, _)) => Ready::Present(path.clone(), size),
                None => Ready::Gone(path.clone()),
            });
            false
        });
        ready.sort_by(|a, b| key(a).cmp(key(b)));
        ready
    }
}

fn key(r: &Ready) -> &Path {
    match r {
        Ready::Present(p, _) | Ready::Gone(p) => p,
    }
}

/// Every file under `dir` with a watched extension (symlinks included, not followed
/// into folders; loops cannot trap the walk).
pub fn scan(dir: &Path, config: &Config) -> Vec<PathBuf> {
    let mut walk = walkdir::WalkDir::new(dir).follow_links(false);
    if !config.watch.recursive {
        walk = walk.max_depth(1);
    }
    let mut out: Vec<PathBuf> = walk
        .into_iter()
        .filter_map(walk_entry)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .filter(|p| config.wants(p))
        .collect();
    out.sort();
    out
}

/// Whether `path` lies under `root` through a symlinked folder (`root/loop/a.txt`
/// with `loop -> .`): such paths name files already reached by their real path.
pub fn through_symlinked_folder(root: &Path, path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    let mut parts = rest.components().peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            break; // the file itself may be a symlink; ingest checks it
        }
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
    }
    false
}

/// A walked entry, or None with the reason logged (an unreadable sub-folder is
/// skipped, and the walk goes on).
pub fn walk_entry(entry: walkdir::Result<walkdir::DirEntry>) -> Option<walkdir::DirEntry> {
    match entry {
        Ok(e) => Some(e),
        Err(e) => {
            let path = e
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            tracing::warn!(path = %path.escape_debug(), error = %e, "cannot read; skipped");
            None
        }
    }
}

/// Why the event source could not start.
#[derive(Debug, Error)]
pub enum WatchError {
    /// notify failed to set up the watch.
    #[error("cannot watch {0}: {1}")]
    Notify(PathBuf, notify::Error),
}

/// What the event source tells the daemon.
#[derive(Debug)]
pub enum Hint {
    /// These paths changed (created, modified, renamed into or out of the folder).
    Changed(Vec<PathBuf>),
    /// Events were lost (queue overflow); rescan the folder.
    Rescan,
}

/// Held only to keep the watcher alive; dropping it stops watching.
#[allow(dead_code)]
enum Inner {
    Os(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
    /// No watcher: the sender is kept so the receiver waits instead of reporting
    /// a disconnect.
    Idle(Sender<Hint>),
}

/// OS events or polling, debounced; dropping it stops watching.
pub struct EventSource {
    _inner: Inner,
}

impl EventSource {
    /// A source that reports nothing and never disconnects: what the daemon holds
    /// while the folder cannot be watched, so its loop waits its tick instead of
    /// spinning on a closed channel.
    pub fn idle() -> (EventSource, Receiver<Hint>) {
        let (tx, rx) = std::sync::mpsc::channel();
        (
            EventSource {
                _inner: Inner::Idle(tx),
            },
            rx,
        )
    }

    /// Starts watching `dir`; hints arrive on the returned receiver.
    pub fn start(dir: &Path, config: &Config) -> Result<(EventSource, Receiver<Hint>), WatchError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let handler = move |result: DebounceEventResult| forward(&tx, result);
        let debounce = Duration::from_millis(50);
        let mode = if config.watch.recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        let err = |e| WatchError::Notify(dir.to_owned(), e);
        // Symlinked folders are not followed (a `loop -> .` would be watched, and
        // its files reported, twice); the walks do not follow them either.
        let base = notify::Config::default().with_follow_symlinks(false);
        let inner = if config.watch.poll {
            let notify_config =
                base.with_poll_interval(Duration::from_millis(config.watch.poll_interval_ms));
            let mut d = new_debouncer_opt::<_, PollWatcher, NoCache>(
                debounce,
                None,
                handler,
                NoCache,
                notify_config,
            )
            .map_err(err)?;
            watch_tree(&mut d, dir, mode).map_err(err)?;
            Inner::Poll(d)
        } else {
            let mut d = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                debounce,
                None,
                handler,
                RecommendedCache::new(),
                base,
            )
            .map_err(err)?;
            watch_tree(&mut d, dir, mode).map_err(err)?;
            Inner::Os(d)
        };
        Ok((EventSource { _inner: inner }, rx))
    }
}

/// Watches `dir`. When a recursive watch fails below `dir` (a sub-folder this
/// process may not read), each sub-folder is watched on its own instead, the
/// ones that cannot be are skipped with a warning saying why, and the rest of the
/// tree is watched: one bad folder does not stop the daemon (the walks skip it
/// the same way). Only `dir` itself failing is an error.
fn watch_tree<W: notify::Watcher, C: FileIdCache>(
    d: &mut Debouncer<W, C>,
    dir: &Path,
    mode: RecursiveMode,
) -> notify::Result<()> {
    let failed = match d.watch(dir, mode) {
        Ok(()) => return Ok(()),
        Err(e) if mode == RecursiveMode::NonRecursive => return Err(e),
        Err(e) => e,
    };
    // The folder itself must be readable; below it, watch what can be.
    let entries = std::fs::read_dir(dir).map_err(|_| failed)?;
    d.watch(dir, RecursiveMode::NonRecursive)?;
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir {
            continue;
        }
        let sub = entry.path();
        if let Err(e) = watch_tree(d, &sub, RecursiveMode::Recursive) {
            tracing::warn!(path = %sub.display().to_string().escape_debug(), error = %e, "cannot watch this folder; skipping it");
        }
    }
    Ok(())
}

fn forward(tx: &Sender<Hint>, result: DebounceEventResult) {
    match result {
        Ok(events) => {
            if events.iter().any(|e| e.need_rescan()) {
                let _ = tx.send(Hint::Rescan);
            }
            // Access events (open, read, close-without-write) change nothing, and
            // our own scans and reads cause them: following them would loop.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(Hint::Changed(paths));
            }
        }
        Err(errors) => {
            for e in errors {
                tracing::warn!(error = %e, "watch error; rescanning");
            }
            let _ = tx.send(Hint::Rescan);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn an_idle_source_waits_instead_of_disconnecting() {
        let (_source, rx) = EventSource::idle();
        assert!(matches!(
            rx.recv_timeout(Duration::from_millis(1)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        ));
    }

    #[test]
    fn a_growing_file_waits_until_it_is_stable_for_the_window() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let size = RefCell::new(10u64);
        let stat = |_: &Path| Some((*size.borrow(), None));
        let mut s = Settler::new(ms(500));
        s.touch(PathBuf::from("a.txt"), t0, Some((10, None)));
        assert!(s.poll(t0 + ms(300), stat).is_empty());
        *size.borrow_mut() = 20; // still being written
        assert!(s.poll(t0 + ms(600), stat).is_empty());
        assert!(s.poll(t0 + ms(1000), stat).is_empty());
        assert_eq!(
            s.poll(t0 + ms(1100), stat),
            vec![Ready::Present(PathBuf::from("a.txt"), 20)]
        );
        assert!(s.is_empty());
    }

    #[test]
    fn paths_through_a_symlinked_folder_are_recognised() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        std::fs::create_dir(root.join("real")).expect("mkdir");
        std::os::unix::fs::symlink(root, root.join("loop")).expect("symlink");
        std::os::unix::fs::symlink(root.join("real"), root.join("alias")).expect("symlink");
        assert!(through_symlinked_folder(root, &root.join("loop/a.txt")));
        assert!(through_symlinked_folder(root, &root.join("alias/a.txt")));
        assert!(through_symlinked_folder(
            root,
            &root.join("loop/real/a.txt")
        ));
        assert!(!through_symlinked_folder(root, &root.join("real/a.txt")));
        assert!(!through_symlinked_folder(root, &root.join("loop")));
    }

    #[test]
    fn a_vanished_file_is_reported_gone() {
        let t0 = Instant::now();
        let mut s = Settler::new(Duration::from_millis(100));
        s.touch(PathBuf::from("b.txt"), t0, None);
        assert_eq!(
            s.poll(t0 + Duration::from_millis(100), |_| None),
            vec![Ready::Gone(PathBuf::from("b.txt"))]
        );
    }
}
