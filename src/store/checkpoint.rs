//! WAL checkpoints off the writer's thread. With SQLite's automatic checkpoints the
//! writer itself copies the WAL back into the database file (and syncs it) after the
//! commit that crosses 1,000 pages; at 10,000 generated articles with linking on that
//! was 6% of the writer thread's samples, on the thread that bounds bulk throughput.
//! [`Checkpointer`] runs `PRAGMA wal_checkpoint(PASSIVE)` on a thread with its own
//! connection whenever the writer [`nudge`](Checkpointer::nudge)s it after a commit;
//! a passive checkpoint never waits for the writer or for readers, and the writer
//! restarts the WAL from its beginning once a checkpoint has copied all of it.
//!
//! A busy writer starts its next transaction before the checkpoint of its last one
//! has finished, so the WAL would never be wholly copied and never restart: it grew
//! to 280 MB over 10,000 articles. So when the last checkpoint found more than
//! [`RESTART_FRAMES`] frames, the writer waits, before its next transaction, for one
//! checkpoint that starts after its last commit (most frames are already copied by
//! then); that transaction then writes the WAL from its beginning again.
//!
//! Nudges coalesce (at most one pending), and if the thread is gone the writer
//! checkpoints itself, so the WAL cannot grow without bound.

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;
use tracing::{debug, warn};

use super::StoreError;

/// WAL frames (4 KiB pages by default) past which the writer waits for a whole
/// checkpoint before its next transaction, so the WAL restarts (about 32 MiB).
pub(crate) const RESTART_FRAMES: i64 = 8192;

/// A request to the thread: checkpoint, and when a reply channel is given, say so
/// once that checkpoint is done.
type Request = Option<SyncSender<()>>;

/// The writer's wait for a checkpoint before its next transaction.
#[derive(Debug, Default)]
pub(crate) enum Wait {
    /// Nothing asked for (the WAL is small, or the last wait is over).
    #[default]
    Idle,
    /// A checkpoint was asked for; it says so on this channel when done.
    Pending(Receiver<()>),
    /// The checkpoint asked for is done; the next transaction restarts the WAL.
    Done,
}

/// The checkpointing thread and its wake-up channel.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    wake: Option<SyncSender<Request>>,
    thread: Option<JoinHandle<()>>,
    /// Frames in the WAL at the last checkpoint.
    frames: Arc<AtomicI64>,
}

impl Checkpointer {
    /// Opens a second connection to `path` and starts the thread.
    pub(crate) fn start(path: &Path, busy_timeout: Duration) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(busy_timeout)?;
        let (wake, woken) = sync_channel::<Request>(1);
        let frames = Arc::new(AtomicI64::new(0));
        let seen = Arc::clone(&frames);
        let thread = std::thread::Builder::new()
            .name("newsdb-checkpoint".to_owned())
            .spawn(move || {
                while let Ok(reply) = woken.recv() {
                    match checkpoint(&conn) {
                        Ok(n) => seen.store(n, Ordering::Relaxed),
                        Err(e) => warn!(error = %e, "WAL checkpoint failed"),
                    }
                    if let Some(reply) = reply {
                        // The writer may have given up waiting; nothing to do then.
                        let _ = reply.send(());
                    }
                }
            })
            .map_err(|e| StoreError::Refused(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
            frames,
        })
    }

    /// Whether the writer should wait before its next transaction: when the WAL has
    /// grown past [`RESTART_FRAMES`], asks (once) for a checkpoint that starts now,
    /// so that transaction restarts the WAL, and says whether it is still running.
    /// The writer may do other work while it is; [`Checkpointer::before_transaction`]
    /// waits for the rest.
    pub(crate) fn poll(&self, writer: &Connection, wait: &mut Wait) -> bool {
        if matches!(wait, Wait::Idle) {
            *wait = self.request(writer);
        }
        let Wait::Pending(done) = wait else {
            return false;
        };
        match done.try_recv() {
            Err(TryRecvError::Empty) => return true,
            Ok(()) => {}
            Err(TryRecvError::Disconnected) => self.checkpoint_on(writer),
        }
        *wait = Wait::Done;
        false
    }

    /// Before a transaction: waits for the checkpoint [`Checkpointer::poll`] asked
    /// for (asking for it now if nobody polled), checkpointing on `writer` if the
    /// thread has stopped.
    pub(crate) fn before_transaction(&self, writer: &Connection, wait: &mut Wait) {
        let wait = match std::mem::take(wait) {
            Wait::Idle => self.request(writer),
            other => other,
        };
        if let Wait::Pending(done) = wait {
            if done.recv().is_err() {
                self.checkpoint_on(writer);
            }
        }
    }

    /// Asks the thread for a checkpoint when the WAL has grown past
    /// [`RESTART_FRAMES`] (or checkpoints on `writer` if the thread has stopped).
    fn request(&self, writer: &Connection) -> Wait {
        if self.frames.load(Ordering::Relaxed) <= RESTART_FRAMES {
            return Wait::Idle;
        }
        let Some(wake) = &self.wake else {
            return Wait::Idle;
        };
        let (reply, done) = sync_channel(1);
        if wake.send(Some(reply)).is_ok() {
            return Wait::Pending(done);
        }
        self.checkpoint_on(writer);
        Wait::Done
    }

    /// Checkpoints on the writer's own connection.
    fn checkpoint_on(&self, writer: &Connection) {
        match checkpoint(writer) {
            Ok(n) => self.frames.store(n, Ordering::Relaxed),
            Err(e) => warn!(error = %e, "WAL checkpoint failed"),
        }
    }

    /// Asks for a checkpoint after a commit; checkpoints on `writer` if the thread
    /// has stopped.
    pub(crate) fn nudge(&self, writer: &Connection) {
        let Some(wake) = &self.wake else { return };
        match wake.try_send(None) {
            Ok(()) | Err(TrySendError::Full(_)) => {}
            Err(TrySendError::Disconnected(_)) => self.checkpoint_on(writer),
        }
    }
}

impl Drop for Checkpointer {
    /// Stops the thread after its pending checkpoint; its connection, closed last,
    /// checkpoints what is left and removes the WAL.
    fn drop(&mut self) {
        self.wake.take();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                warn!("the checkpoint thread panicked");
            }
        }
    }
}

/// WAL frames (about 256 MB) past which a checkpoint that cannot copy them all is
/// logged: a reader holding one read transaction through a long ingest keeps the
/// WAL from restarting (SQLite's design), and it grows until the reader ends.
const STUCK_WARN_FRAMES: i64 = 65_536;

/// The WAL size last warned about; the next warning waits for it to double.
static WARNED_FRAMES: AtomicI64 = AtomicI64::new(0);

fn warn_if_stuck(frames: i64, copied: i64) {
    let (warn, warned) = stuck(frames, copied, WARNED_FRAMES.load(Ordering::Relaxed));
    WARNED_FRAMES.store(warned, Ordering::Relaxed);
    if warn {
        warn!(
            frames,
            copied,
            "the WAL cannot be checkpointed: a reader holds an old snapshot (a long query or \
             open read transaction); it grows until that reader ends"
        );
    }
}

/// Whether a checkpoint that copied `copied` of the WAL's `frames` is worth a
/// warning, given the WAL size last warned about (`warned`, 0 for none), and the
/// size to remember: a stuck WAL past [`STUCK_WARN_FRAMES`] warns, then again each
/// time it doubles; a checkpoint that copies everything resets it.
fn stuck(frames: i64, copied: i64, warned: i64) -> (bool, i64) {
    if copied >= frames {
        return (false, 0);
    }
    if frames >= 2 * warned.max(STUCK_WARN_FRAMES / 2) {
        (true, frames)
    } else {
        (false, warned)
    }
}

/// One passive checkpoint; the frames in the WAL.
fn checkpoint(conn: &Connection) -> Result<i64, rusqlite::Error> {
    let (busy, frames, copied): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    debug!(busy, frames, copied, "WAL checkpoint");
    warn_if_stuck(frames, copied);
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames in `path`'s WAL now, read through a checkpoint on a fresh connection.
    fn wal_frames(path: &Path) -> i64 {
        let conn = Connection::open(path).expect("open");
        checkpoint(&conn).expect("checkpoint")
    }

    #[test]
    fn a_stuck_wal_warns_past_the_limit_then_each_time_it_doubles() {
        let limit = STUCK_WARN_FRAMES;
        // Small, or wholly copied: no warning.
        assert_eq!(stuck(limit - 1, 0, 0), (false, 0));
        assert_eq!(stuck(limit * 4, limit * 4, 0), (false, 0));
        // Stuck past the limit: one warning, not repeated until the WAL doubles.
        let (warn, warned) = stuck(limit, 10, 0);
        assert!(warn);
        assert_eq!(stuck(limit + 1000, 10, warned), (false, warned));
        assert_eq!(stuck(2 * limit, 10, warned), (true, 2 * limit));
        // Once a checkpoint copies everything, the next stuck WAL warns again.
        let (_, reset) = stuck(3 * limit, 3 * limit, 2 * limit);
        assert_eq!(stuck(limit, 10, reset), (true, limit));
    }

    #[test]
    fn a_grown_wal_restarts_once_the_writer_has_waited_for_a_checkpoint() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.db");
        let writer = Connection::open(&path).expect("open");
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
                 CREATE TABLE t (x BLOB);",
            )
            .expect("setup");
        let c = Checkpointer::start(&path, Duration::from_secs(5)).expect("start");
        // 200 commits nobody checkpoints: the WAL holds them all.
        for _ in 0..200 {
            writer
                .execute("INSERT INTO t VALUES (zeroblob(8000))", [])
                .expect("insert");
        }
        // Past the limit, the writer waits for a whole checkpoint, so its next
        // transaction writes the WAL from the start (else it would append to the
        // 400-odd frames).
        c.frames.store(RESTART_FRAMES + 1, Ordering::Relaxed);
        // The writer may work while the checkpoint runs, and it still waits once
        // that work is done.
        let mut wait = Wait::Idle;
        let mut polls = 0;
        while polls < 3 && c.poll(&writer, &mut wait) {
            polls += 1;
        }
        assert!(!matches!(wait, Wait::Idle), "a checkpoint was asked for");
        c.before_transaction(&writer, &mut wait);
        assert!(matches!(wait, Wait::Idle));
        writer
            .execute("INSERT INTO t VALUES (zeroblob(8000))", [])
            .expect("insert");
        let frames = wal_frames(&path);
        assert!(frames < 10, "{frames}");
        drop(c);
        let rows: i64 = writer
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 201);
    }
}
