//! The long-running `watch` loop.
//!
//! [`run`] gets everything from outside passed in: the config, a [`Control`] whose
//! flags are set by SIGTERM/SIGINT (shutdown) and SIGHUP (reload) in `cli` or by a
//! test, a loader that re-reads the config on reload, and an observer that receives
//! [`Event`]s (`cli` turns them into systemd notifications; tests wait on them). It
//! takes the writer lock, starts the event source *before* the catch-up scan (so
//! nothing dropped during the scan is missed), then loops: collect hints, settle,
//! ingest ready files in one transaction per batch, rescan on overflow and
//! periodically. Shutdown is checked between batches, so a transaction in progress
//! always completes and nothing is half-written.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use tracing::{debug, info, warn};

use crate::config::Config;
use crate::ingest::{self, Tally};
use crate::store::{FileStatus, Writer};
use crate::watch::{self, EventSource, Hint, Ready, Settler};

/// How often the loop wakes to check the settler and the flags.
const TICK: Duration = Duration::from_millis(50);

/// How often the heartbeat in the lock file is refreshed.
const HEARTBEAT: Duration = Duration::from_secs(2);

/// How often the watched folder's identity is checked: a folder removed and
/// created again is a new inode, which the OS watch no longer covers.
const ROOT_CHECK: Duration = Duration::from_millis(500);

/// The watched folder's device and inode, or None when it is not there.
fn root_id(dir: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir)
        .ok()
        .filter(std::fs::Metadata::is_dir)
        .map(|m| (m.dev(), m.ino()))
}

/// Flags the outside world sets to steer a running daemon (shared with signal
/// handlers, hence the `Arc`s).
#[derive(Debug, Default, Clone)]
pub struct Control {
    /// Finish the current batch and return.
    pub shutdown: Arc<AtomicBool>,
    /// Re-read the config (SIGHUP).
    pub reload: Arc<AtomicBool>,
}

impl Control {
    fn stopping(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }
}

/// What the daemon tells its observer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Migrations applied and the catch-up scan ingested: the service is up.
    Ready,
    /// Files waiting to settle or be written.
    Backlog(usize),
    /// A batch of the files being written was committed: files done so far in this
    /// run of writes, and files of it still to go (a long catch-up reports here, so
    /// a service manager can extend its start timeout).
    Writing {
        /// Files of this run done (written, or set aside).
        done: usize,
        /// Files of this run not done yet.
        left: usize,
    },
    /// The config was reloaded.
    Reloaded,
    /// Writes failed for lack of space or an I/O error: paused, files kept
    /// queued, retried later.
    Paused,
    /// Shutdown has begun.
    Stopping,
}

/// What the daemon did before it stopped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaemonReport {
    /// Totals over the whole run.
    pub tally: Tally,
    /// Files marked deleted.
    pub deleted: usize,
    /// Full scans done (catch-up, overflow, periodic).
    pub scans: usize,
}

/// Runs the daemon until `control.shutdown` is set. `reload_config` is called when
/// `control.reload` is set; `observe` receives [`Event`]s.
pub fn run(
    config: &Config,
    control: &Control,
    reload_config: impl Fn() -> anyhow::Result<Config>,
    mut observe: impl FnMut(Event),
) -> anyhow::Result<DaemonReport> {
    config.validate()?;
    let dir = std::path::absolute(&config.watch.dir)
        .with_context(|| format!("watch.dir {}", config.watch.dir.display()))?;
    if !dir.is_dir() {
        anyhow::bail!("watch.dir {} is not a folder", dir.display());
    }
    let mut store = crate::store::open_writer(&config.database)?;
    store.set_linking(config.link.enabled);
    let (mut source, mut hints) = EventSource::start(&dir, config)?;
    info!(dir = %dir.display(), db = %config.database.display(), poll = config.watch.poll, "watching");

    let mut daemon = Daemon {
        config: config.clone(),
        root: root_id(&dir),
        dir,
        store: &mut *store,
        settler: Settler::new(config.settle_window()),
        report: DaemonReport::default(),
        control,
    };
    daemon.scan()?;
    // The catch-up: files found by the first scan go in before "ready". Files still
    // being written get a few settle windows, then are left to the main loop.
    let catch_up_until = Instant::now() + config.settle_window() * 3 + TICK;
    loop {
        daemon.drain_ready(Instant::now(), &mut observe)?;
        if daemon.settler.is_empty() || control.stopping() || Instant::now() >= catch_up_until {
            break;
        }
        std::thread::sleep(TICK);
    }
    daemon.heartbeat();
    observe(Event::Ready);
    info!(
        new = daemon.report.tally.new,
        backlog = daemon.settler.len(),
        "ready"
    );

    let mut last_scan = Instant::now();
    let mut last_beat = Instant::now();
    let mut last_backlog = usize::MAX;
    let mut last_root_check = Instant::now();
    // Set while writes are paused (disk full, I/O error): until when.
    let mut paused: Option<Instant> = None;
    let mut was_paused = false;
    while !control.stopping() {
        if control.reload.swap(false, Ordering::SeqCst) {
            match reload_config().and_then(|c| daemon.reload(c)) {
                Ok(Some((s, h))) => {
                    (source, hints) = (s, h);
                    observe(Event::Reloaded);
                }
                Ok(None) => observe(Event::Reloaded),
                Err(e) => {
                    warn!(error = %format!("{e:#}"), "config reload failed; keeping the old config")
                }
            }
        }
        match hints.recv_timeout(TICK) {
            Ok(hint) => {
                if let Err(e) = daemon.hint(hint) {
                    pause_on(e, &mut paused)?;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                (source, hints) = daemon.restart_source();
                if let Err(e) = daemon.scan() {
                    pause_on(e, &mut paused)?;
                }
            }
        }
        while let Ok(hint) = hints.try_recv() {
            if let Err(e) = daemon.hint(hint) {
                pause_on(e, &mut paused)?;
            }
        }
        match paused {
            Some(until) if Instant::now() < until => {}
            _ => {
                let rescan = daemon.config.watch.rescan_secs;
                let due = rescan > 0 && last_scan.elapsed() >= Duration::from_secs(rescan);
                // After a pause, files taken from the settler for a failed batch
                // are found again by a scan.
                let resuming = paused.take().is_some();
                if resuming {
                    info!("retrying the writes that failed");
                }
                let step = if due || resuming {
                    last_scan = Instant::now();
                    daemon.scan()
                } else {
                    Ok(())
                }
                .and_then(|()| daemon.drain_ready(Instant::now(), &mut observe));
                if let Err(e) = step {
                    pause_on(e, &mut paused)?;
                }
            }
        }
        if paused.is_some() && !was_paused {
            observe(Event::Paused);
        }
        was_paused = paused.is_some();
        if daemon.settler.len() != last_backlog {
            last_backlog = daemon.settler.len();
            observe(Event::Backlog(last_backlog));
        }
        if last_beat.elapsed() >= HEARTBEAT {
            daemon.heartbeat();
            last_beat = Instant::now();
        }
        if last_root_check.elapsed() >= ROOT_CHECK {
            match daemon.check_root() {
                Ok(Some((s, h))) => (source, hints) = (s, h),
                Ok(None) => {}
                Err(e) => pause_on(e, &mut paused)?,
            }
            last_root_check = Instant::now();
        }
    }
    observe(Event::Stopping);
    info!(
        new = daemon.report.tally.new,
        rejected = daemon.report.tally.rejected,
        pending = daemon.settler.len(),
        "shutting down"
    );
    drop(source);
    Ok(daemon.report)
}

/// How long writes pause after the disk filled or an I/O error, before a retry.
const PAUSE: Duration = Duration::from_secs(10);

/// An error the daemon waits out instead of exiting: the disk is full, an I/O
/// error, or the database is busy or cannot be opened for now. Anything else is
/// returned (the daemon stops, the service manager restarts it).
pub fn is_storage_trouble(e: &anyhow::Error) -> bool {
    use rusqlite::ErrorCode as C;
    e.chain()
        .any(|c| match c.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, _)) => matches!(
                f.code,
                C::DiskFull
                    | C::SystemIoFailure
                    | C::DatabaseBusy
                    | C::DatabaseLocked
                    | C::CannotOpen
            ),
            _ => c
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.raw_os_error() == Some(28)), // ENOSPC
        })
}

/// Pauses writes for [`PAUSE`] on storage trouble (logged), or returns the error.
fn pause_on(e: anyhow::Error, paused: &mut Option<Instant>) -> anyhow::Result<()> {
    if !is_storage_trouble(&e) {
        return Err(e);
    }
    warn!(error = %format!("{e:#}"), retry_in_s = PAUSE.as_secs(), "cannot write; pausing, files stay queued");
    *paused = Some(Instant::now() + PAUSE);
    Ok(())
}

/// Writes the heartbeat note into the lock file (`newsdb status` shows it).
fn heartbeat(store: &dyn Writer, dir: &std::path::Path, backlog: usize, tally: Tally) {
    let note = serde_json::json!({
        "pid": std::process::id(),
        "backlog": backlog,
        "heartbeat": ingest::now_rfc3339(),
        "new": tally.new,
        "rejected": tally.rejected,
        "dir": dir.display().to_string(),
    });
    if let Err(e) = store.write_note(&note.to_string()) {
        debug!(error = %e, "cannot write heartbeat");
    }
}

struct Daemon<'a> {
    config: Config,
    /// The watched folder's identity when its watch was set up ([`root_id`]).
    root: Option<(u64, u64)>,
    dir: PathBuf,
    store: &'a mut dyn Writer,
    settler: Settler,
    report: DaemonReport,
    control: &'a Control,
}

impl Daemon<'_> {
    /// Applies a new config. Settle, rescan, size, extension, symlink and linking
    /// settings take effect at once; a changed folder, recursion or polling mode
    /// restarts the event source (returned); a changed database path needs a restart.
    fn reload(
        &mut self,
        new: Config,
    ) -> anyhow::Result<Option<(EventSource, std::sync::mpsc::Receiver<Hint>)>> {
        new.validate()?;
        if new.database.path != self.config.database.path
            || new.database.url != self.config.database.url
        {
            warn!(
                "database.path or database.url changed: restart the daemon to use the new database"
            );
        }
        let dir = std::path::absolute(&new.watch.dir)?;
        let restart = dir != self.dir
            || new.watch.recursive != self.config.watch.recursive
            || new.watch.poll != self.config.watch.poll
            || new.watch.poll_interval_ms != self.config.watch.poll_interval_ms;
        let source = if restart {
            if !dir.is_dir() {
                anyhow::bail!("watch.dir {} is not a folder", dir.display());
            }
            Some(EventSource::start(&dir, &new)?)
        } else {
            None
        };
        let mut settler = Settler::new(new.settle_window());
        std::mem::swap(&mut settler, &mut self.settler);
        self.store.set_linking(new.link.enabled);
        self.config = new;
        if restart {
            self.root = root_id(&dir);
        }
        self.dir = dir;
        info!(dir = %self.dir.display(), "config reloaded");
        self.scan()?;
        Ok(source)
    }

    /// Re-arms the watch when the watched folder was removed and created again (the
    /// OS watch died with the old folder), and says so; a folder that is gone is
    /// logged once and checked again until it is back.
    fn check_root(&mut self) -> anyhow::Result<Option<(EventSource, Receiver<Hint>)>> {
        let now = root_id(&self.dir);
        if now == self.root {
            return Ok(None);
        }
        let Some(_) = now else {
            warn!(dir = %self.dir.display(), "watched folder is gone; waiting for it to come back");
            self.root = None;
            return Ok(None);
        };
        let started = match EventSource::start(&self.dir, &self.config) {
            Ok(s) => s,
            Err(e) => {
                warn!(dir = %self.dir.display(), error = %e, "cannot watch the recreated folder yet; retrying");
                return Ok(None);
            }
        };
        self.root = now;
        info!(dir = %self.dir.display(), "watched folder was recreated; watching it again");
        self.scan()?;
        Ok(Some(started))
    }

    /// A new event source after the old one stopped (its channel closed, which
    /// every later receive would report at once: the loop would spin). When the
    /// folder cannot be watched now, an idle source keeps the loop to its tick and
    /// the next root check tries again.
    fn restart_source(&mut self) -> (EventSource, Receiver<Hint>) {
        match EventSource::start(&self.dir, &self.config) {
            Ok(started) => {
                warn!(dir = %self.dir.display(), "event source stopped; watching again and rescanning");
                started
            }
            Err(e) => {
                warn!(dir = %self.dir.display(), error = %e, "event source stopped and cannot restart; retrying at the next folder check");
                self.root = None;
                EventSource::idle()
            }
        }
    }

    fn heartbeat(&self) {
        heartbeat(self.store, &self.dir, self.settler.len(), self.report.tally);
    }

    fn hint(&mut self, hint: Hint) -> anyhow::Result<()> {
        match hint {
            Hint::Rescan => self.scan()?,
            Hint::Changed(paths) => {
                let now = Instant::now();
                for p in paths {
                    if !p.starts_with(&self.dir) || watch::through_symlinked_folder(&self.dir, &p) {
                        continue;
                    }
                    // A new folder: files written into it before the recursive watch
                    // covered it produced no events, so walk it.
                    let is_dir = std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir());
                    if self.config.watch.recursive && is_dir {
                        for f in watch::scan(&p, &self.config) {
                            let stamp = watch::stamp(&f);
                            self.settler.touch(f, now, stamp);
                        }
                        continue;
                    }
                    if self.config.wants(&p) {
                        debug!(path = %p.display().to_string().escape_debug(), "event");
                        let stamp = watch::stamp(&p);
                        self.settler.touch(p, now, stamp);
                    }
                }
            }
        }
        Ok(())
    }

    /// Finds files that are new or changed since the store last saw them, and
    /// files the store holds that are gone.
    fn scan(&mut self) -> anyhow::Result<()> {
        self.report.scans += 1;
        let now = Instant::now();
        let window = self.config.settle_window();
        let mut queued = 0;
        for path in watch::scan(&self.dir, &self.config) {
            let key = ingest::path_key(&path);
            let meta = std::fs::metadata(&path)
                .or_else(|_| std::fs::symlink_metadata(&path))
                .ok();
            let known = self.store.file_state(&key)?;
            if let (Some(meta), Some(known)) = (&meta, &known) {
                let seen = ingest::file_meta(meta);
                if known.status != FileStatus::Deleted
                    && known.size == seen.size
                    && known.modified_at == seen.modified_at
                {
                    continue;
                }
            }
            // A file not modified within the settle window is already stable.
            let stable = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= window);
            let start = if stable {
                now.checked_sub(window).unwrap_or(now)
            } else {
                now
            };
            self.settler
                .touch(path, start, watch::stamp_of(meta.as_ref()));
            queued += 1;
        }
        let prefix = format!("{}/", ingest::path_key(&self.dir).trim_end_matches('/'));
        let mut gone = 0;
        for key in self.store.present_paths()? {
            if key.starts_with(&prefix)
                && std::fs::symlink_metadata(ingest::key_path(&key))
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            {
                self.store.mark_deleted(&key, &ingest::now_rfc3339())?;
                gone += 1;
            }
        }
        self.report.deleted += gone;
        info!(queued, gone, "scan");
        Ok(())
    }

    /// Writes every settled file, one transaction per batch, stopping between
    /// batches when shutdown is requested (unwritten paths stay pending). After each
    /// batch `observe` gets [`Event::Writing`], and the heartbeat is kept fresh.
    fn drain_ready(&mut self, now: Instant, observe: &mut dyn FnMut(Event)) -> anyhow::Result<()> {
        let ready = self.settler.poll(now, watch::stamp);
        if ready.is_empty() {
            return Ok(());
        }
        let mut present = Vec::new();
        for r in ready {
            match r {
                Ready::Present(p, size) => present.push((p, size)),
                Ready::Gone(p) => {
                    if self
                        .store
                        .mark_deleted(&ingest::path_key(&p), &ingest::now_rfc3339())?
                    {
                        info!(path = %p.display().to_string().escape_debug(), "deleted");
                        self.report.deleted += 1;
                    }
                }
            }
        }
        // Sizes from the settler's last stat: the file has not changed since. Batches
        // go through the same overlapping stages as `ingest` (batch k written while
        // k + 1 is prepared and k + 2 staged), so a backlog goes in nearly as fast as
        // with `ingest`.
        let mut pending = present.into_iter();
        let how = ingest::BatchOptions {
            root: Some(&self.dir),
            recheck: true,
            batch_files: self.config.watch.batch_files,
            warn_skips: false,
        };
        let total = pending.len();
        let (control, dir, settler, before) =
            (self.control, &self.dir, &self.settler, self.report.tally);
        let mut last_beat = Instant::now();
        let written = ingest::write_batches(self.store, &mut pending, &self.config, &how, |p| {
            let left = total.saturating_sub(p.files);
            observe(Event::Writing {
                done: p.files,
                left,
            });
            if last_beat.elapsed() >= HEARTBEAT {
                let mut tally = before;
                tally += p.tally;
                heartbeat(p.store, dir, settler.len() + left, tally);
                last_beat = Instant::now();
            }
            !control.stopping()
        })?;
        self.report.tally += written.tally;
        // Files that changed while read wait to settle again.
        for p in written.unsettled {
            let stamp = watch::stamp(&p);
            self.settler.touch(p, Instant::now(), stamp);
        }
        // Whatever was not written goes back to wait for the next run or loop.
        let later = Instant::now();
        for p in written.unwritten.into_iter().chain(pending.map(|(p, _)| p)) {
            let stamp = watch::stamp(&p);
            self.settler.touch(p, later, stamp);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_pauses_the_daemon_and_other_errors_stop_it() {
        let sqlite = |code| {
            anyhow::Error::from(crate::store::StoreError::from(
                rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(code),
                    Some("database or disk is full".into()),
                ),
            ))
        };
        assert!(is_storage_trouble(&sqlite(rusqlite::ffi::SQLITE_FULL)));
        assert!(is_storage_trouble(&sqlite(rusqlite::ffi::SQLITE_IOERR)));
        assert!(!is_storage_trouble(&sqlite(rusqlite::ffi::SQLITE_CORRUPT)));
        let enospc = anyhow::Error::from(std::io::Error::from_raw_os_error(28));
        assert!(is_storage_trouble(&enospc));
        let mut paused = None;
        assert!(pause_on(sqlite(rusqlite::ffi::SQLITE_FULL), &mut paused).is_ok());
        assert!(paused.is_some());
        let mut paused = None;
        assert!(pause_on(sqlite(rusqlite::ffi::SQLITE_CORRUPT), &mut paused).is_err());
        assert!(paused.is_none());
    }
}
