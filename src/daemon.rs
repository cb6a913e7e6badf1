//! The long-running `watch` loop.
//!
//! [`run`] gets everything from outside passed in: the config (folder, database,
//! windows), the shutdown flag (set by SIGTERM/SIGINT in `main`, by the test in
//! tests) and a callback for "ready" (after migrations and the catch-up scan). It
//! takes the writer lock, starts the event source *before* the catch-up scan (so
//! nothing dropped during the scan is missed), then loops: collect hints, settle,
//! ingest ready files in one transaction per batch, rescan on overflow and
//! periodically. Shutdown is checked between batches, so a transaction in progress
//! always completes.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;
use tracing::{debug, info, warn};

use crate::config::Config;
use crate::ingest::{self, Ingester, Prepared, Tally};
use crate::store::{FileOutcome, Store};
use crate::watch::{self, EventSource, Hint, Ready, Settler};

/// How often the loop wakes to check the settler and the shutdown flag.
const TICK: Duration = Duration::from_millis(50);

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

/// Runs the daemon until `shutdown` is set. `on_ready` is called once, after the
/// database is open and migrated and the catch-up scan has been ingested.
pub fn run(
    config: &Config,
    shutdown: &AtomicBool,
    on_ready: impl FnOnce(),
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
    let (_source, hints) = EventSource::start(&dir, config)?;
    info!(dir = %dir.display(), db = %config.database.path.display(), poll = config.watch.poll, "watching");

    let mut daemon = Daemon {
        config,
        dir: dir.clone(),
        store: &mut store,
        settler: Settler::new(config.settle_window()),
        report: DaemonReport::default(),
    };
    daemon.scan()?;
    // The catch-up: files found by the first scan go in before "ready". Files still
    // being written are given a few settle windows, then left to the main loop.
    let catch_up_until = Instant::now() + config.settle_window() * 3 + TICK;
    loop {
        daemon.drain_ready(Instant::now())?;
        if daemon.settler.is_empty()
            || shutdown.load(Ordering::SeqCst)
            || Instant::now() >= catch_up_until
        {
            break;
        }
        std::thread::sleep(TICK);
    }
    on_ready();

    let rescan_every =
        (config.watch.rescan_secs > 0).then(|| Duration::from_secs(config.watch.rescan_secs));
    let mut last_scan = Instant::now();
    while !shutdown.load(Ordering::SeqCst) {
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
        if rescan_every.is_some_and(|every| last_scan.elapsed() >= every) {
            daemon.scan()?;
            last_scan = Instant::now();
        }
        daemon.drain_ready(Instant::now())?;
    }
    info!(
        new = daemon.report.tally.new,
        rejected = daemon.report.tally.rejected,
        pending = daemon.settler.len(),
        "shutting down"
    );
    Ok(daemon.report)
}

struct Daemon<'a> {
    config: &'a Config,
    dir: PathBuf,
    store: &'a mut Store,
    settler: Settler,
    report: DaemonReport,
}

impl Daemon<'_> {
    fn hint(&mut self, hint: Hint) -> anyhow::Result<()> {
        match hint {
            Hint::Rescan => self.scan()?,
            Hint::Changed(paths) => {
                let now = Instant::now();
                for p in paths {
                    if p.starts_with(&self.dir) && self.config.wants(&p) {
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
        let mut queued = 0;
        for path in watch::scan(&self.dir, self.config) {
            let key = ingest::path_key(&path);
            let meta = std::fs::metadata(&path).ok();
            let known = self.store.file_state(&key)?;
            if let (Some(meta), Some(known)) = (&meta, &known) {
                let seen = ingest::file_meta(meta);
                if known.status != "deleted"
                    && known.size == seen.size
                    && known.modified_at == seen.modified_at
                {
                    continue;
                }
            }
            // Files not modified within the settle window are already stable.
            let stable = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= self.config.settle_window());
            let start = if stable {
                now.checked_sub(self.config.settle_window()).unwrap_or(now)
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

    fn drain_ready(&mut self, now: Instant) -> anyhow::Result<()> {
        let ready = self.settler.poll(now, watch::stamp);
        if ready.is_empty() {
            return Ok(());
        }
        let mut present = Vec::new();
        for r in ready {
            match r {
                Ready::Present(p) => present.push(p),
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
        for chunk in present.chunks(ingest::BATCH_SIZE) {
            let prepared: Vec<(PathBuf, Prepared)> = chunk
                .par_iter()
                .map(|p| {
                    (
                        p.clone(),
                        ingest::prepare(p, Some(&self.dir), self.config, true),
                    )
                })
                .collect();
            let mut outcomes: Vec<FileOutcome> = Vec::new();
            for (path, prep) in prepared {
                match prep {
                    Prepared::Outcome(o) => outcomes.push(*o),
                    Prepared::Skip(why) => debug!(path = %path.display(), why, "skipped"),
                    Prepared::Unsettled => {
                        let stamp = watch::stamp(&path);
                        self.settler.touch(path, Instant::now(), stamp);
                    }
                }
            }
            let mut ingester = Ingester::new(self.store);
            ingester.write(outcomes)?;
            let t = ingester.tally;
            self.report.tally.new += t.new;
            self.report.tally.duplicate += t.duplicate;
            self.report.tally.unchanged += t.unchanged;
            self.report.tally.rejected += t.rejected;
        }
        Ok(())
    }
}
