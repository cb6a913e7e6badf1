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
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use tracing::{debug, info, warn};

use crate::config::Config;
use crate::ingest::{self, Tally};
use crate::store::{FileStatus, Store};
use crate::watch::{self, EventSource, Hint, Ready, Settler};

/// How often the loop wakes to check the settler and the flags.
const TICK: Duration = Duration::from_millis(50);

/// How often the heartbeat in the lock file is refreshed.
const HEARTBEAT: Duration = Duration::from_secs(2);

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
    let dir = std::path::absolute(&config.watch.dir)
        .with_context(|| format!("watch.dir {}", config.watch.dir.display()))?;
    if !dir.is_dir() {
        anyhow::bail!("watch.dir {} is not a folder", dir.display());
    }
    let mut store = Store::open(
        &config.database.path,
        Duration::from_millis(config.database.busy_timeout_ms),
    )?;
    store.set_linking(config.link.enabled);
    let (mut source, mut hints) = EventSource::start(&dir, config)?;
    info!(dir = %dir.display(), db = %config.database.path.display(), poll = config.watch.poll, "watching");

    let mut daemon = Daemon {
        config: config.clone(),
        dir,
        store: &mut store,
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
            Ok(hint) => daemon.hint(hint)?,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                warn!("event source stopped; rescanning");
                daemon.scan()?;
            }
        }
        while let Ok(hint) = hints.try_recv() {
            daemon.hint(hint)?;
        }
        let rescan = daemon.config.watch.rescan_secs;
        if rescan > 0 && last_scan.elapsed() >= Duration::from_secs(rescan) {
            daemon.scan()?;
            last_scan = Instant::now();
        }
        daemon.drain_ready(Instant::now(), &mut observe)?;
        if daemon.settler.len() != last_backlog {
            last_backlog = daemon.settler.len();
            observe(Event::Backlog(last_backlog));
        }
        if last_beat.elapsed() >= HEARTBEAT {
            daemon.heartbeat();
            last_beat = Instant::now();
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

/// Writes the heartbeat note into the lock file (`newsdb status` shows it).
fn heartbeat(store: &Store, dir: &std::path::Path, backlog: usize, tally: Tally) {
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
    dir: PathBuf,
    store: &'a mut Store,
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
        if new.database.path != self.config.database.path {
            warn!("database.path changed: restart the daemon to use the new database");
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
        self.dir = dir;
        info!(dir = %self.dir.display(), "config reloaded");
        self.scan()?;
        Ok(source)
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
                    if !p.starts_with(&self.dir) {
                        continue;
                    }
                    // A new folder: files written into it before the recursive watch
                    // covered it produced no events, so walk it.
                    if self.config.watch.recursive && p.is_dir() {
                        for f in watch::scan(&p, &self.config) {
                            let stamp = watch::stamp(&f);
                            self.settler.touch(f, now, stamp);
                        }
                        continue;
                    }
                    if self.config.wants(&p) {
                        debug!(path = %p.display(), "event");
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
        let prefix = self.dir.to_string_lossy().into_owned();
        let mut gone = 0;
        for key in self.store.present_paths()? {
            if key.starts_with(&prefix) && std::fs::symlink_metadata(&key).is_err() {
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
                        info!(path = %p.display(), "deleted");
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
