//! The overlap engine: batches of files go through three steps that run at once on
//! different batches. While the [`Sink`] writes batch k on the calling thread, the
//! [`PrepPool`] *finishes* batch k + 1 (with what the sink knew before writing k,
//! [`Sink::context`]) and then *stages* batch k + 2 (the work that does not depend on
//! the sink). What a step does to a file is given by the caller: this module knows
//! nothing of files, templates or the store.
//!
//! The pool has one thread fewer than the machine has cores, so the writer (the one
//! step that cannot be split) always has a core of its own; once a batch is written,
//! the calling thread finishes the rest of the next batch with the pool.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use tracing::warn;

/// Where the engine hands its batches: the single writer.
pub(crate) trait Sink {
    /// What a batch is finished into, one per file kept.
    type Item: Send;
    /// What finishing a batch needs from the sink, read before the batch written
    /// ahead of it (the learned templates).
    type Context: Sync;
    /// Why writing failed.
    type Error;
    /// The context for the next batch to finish.
    fn context(&mut self) -> Result<Self::Context, Self::Error>;
    /// Writes a batch. `help` finishes or stages one more file of the next batches
    /// (false once none is left), for when the writer would otherwise wait.
    fn write(
        &mut self,
        batch: Vec<Self::Item>,
        help: &mut dyn FnMut() -> bool,
    ) -> Result<(), Self::Error>;
    /// Called after each batch with the files taken so far; false stops the run
    /// (the batch already finished is still written).
    fn keep_going(&mut self, files: usize) -> bool;
}

/// Runs every batch `next_batch` gives (until an empty one) through `stage`,
/// `finish` and `sink`, overlapped (see the module doc). Returns the paths of the
/// batch staged ahead when the sink said stop (the batches not yet taken stay with
/// `next_batch`'s source).
pub(crate) fn run<S: Send, K: Sink>(
    pool: &PrepPool,
    mut next_batch: impl FnMut() -> Vec<PathBuf>,
    stage: impl Fn(&Path) -> S + Sync,
    finish: impl Fn(&Path, S, &K::Context) -> Option<K::Item> + Sync,
    sink: &mut K,
) -> Result<Vec<PathBuf>, K::Error> {
    let mut next_chunk = || Chunk::new(next_batch());
    let first = next_chunk();
    if first.paths.is_empty() {
        return Ok(Vec::new());
    }
    let context = sink.context()?;
    let mut upcoming = next_chunk();
    let none = Chunk::new(Vec::new());
    let ((), prepared) =
        pool.prepare_while(&first, &none, &stage, |p, s| finish(p, s, &context), |_| ());
    let mut ready = (first.paths.len(), prepared);
    let mut done = 0;
    // Batch k is written while k + 1 is finished (with the context read before k
    // is written) and k + 2 is staged.
    while !upcoming.paths.is_empty() {
        let ahead = next_chunk();
        let context = sink.context()?;
        let batch = std::mem::take(&mut ready.1);
        let (written, next) = pool.prepare_while(
            &upcoming,
            &ahead,
            &stage,
            |p, s| finish(p, s, &context),
            |help| sink.write(batch, help),
        );
        written?;
        done += ready.0;
        ready = (upcoming.paths.len(), next);
        upcoming = ahead;
        if !sink.keep_going(done) {
            sink.write(ready.1, &mut || false)?;
            sink.keep_going(done + ready.0);
            return Ok(upcoming.paths);
        }
    }
    sink.write(ready.1, &mut || false)?;
    sink.keep_going(done + ready.0);
    Ok(Vec::new())
}

/// The threads that prepare files: one fewer than the cores (at
/// least one), with the calling thread joining in once its own work is done.
///
/// Preparing is spread file by file: every thread takes the next file not yet taken.
/// With a pool as wide as the machine the writer had to share its core with the
/// preparing threads, and since the writer's batch is the longest single task, the
/// whole run waited on it; with a core of its own it finishes sooner, then helps.
pub(crate) struct PrepPool {
    /// None when the threads could not be started: the calling thread prepares alone.
    pool: Option<rayon::ThreadPool>,
}

impl PrepPool {
    /// Starts the threads.
    pub(crate) fn new() -> PrepPool {
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
    fn prepare_while<S: Send, T: Send, R>(
        &self,
        chunk: &Chunk<S>,
        ahead: &Chunk<S>,
        stage: impl Fn(&Path) -> S + Sync,
        finish: impl Fn(&Path, S) -> Option<T> + Sync,
        work: impl FnOnce(&mut dyn FnMut() -> bool) -> R,
    ) -> (R, Vec<T>) {
        let next = AtomicUsize::new(0);
        let next_ahead = AtomicUsize::new(0);
        let work_done = AtomicBool::new(false);
        let prepared: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(chunk.paths.len()));
        // Prepares the next file not taken yet into `mine`; false when none is left.
        let take_one = |mine: &mut Vec<(usize, T)>| {
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
        let keep = |mine: Vec<(usize, T)>| {
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

/// One batch's paths, and the files of it already staged: while the writer writes
/// batch k and the pool prepares k + 1, idle pool threads stage k + 2.
struct Chunk<S> {
    paths: Vec<PathBuf>,
    staged: Vec<Mutex<Option<S>>>,
}

impl<S> Chunk<S> {
    fn new(paths: Vec<PathBuf>) -> Chunk<S> {
        let staged = paths.iter().map(|_| Mutex::new(None)).collect();
        Chunk { paths, staged }
    }

    fn take_staged(&self, i: usize) -> Option<S> {
        self.staged[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    fn put_staged(&self, i: usize, staged: S) {
        *self.staged[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(staged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(range: std::ops::Range<usize>) -> Vec<PathBuf> {
        range.map(|i| PathBuf::from(format!("f{i}"))).collect()
    }

    /// A file's number.
    fn stage_file(p: &Path) -> usize {
        p.display().to_string()[1..].parse().expect("number")
    }

    /// Every third file is dropped.
    fn finish_file(_: &Path, n: usize) -> Option<String> {
        (!n.is_multiple_of(3)).then(|| format!("f{n}"))
    }

    fn kept(range: std::ops::Range<usize>) -> Vec<String> {
        range
            .filter(|n: &usize| !n.is_multiple_of(3))
            .map(|n| format!("f{n}"))
            .collect()
    }

    #[test]
    fn prepared_files_come_back_in_order_with_the_work_done() {
        let pool = PrepPool::new();
        let chunk = Chunk::new(paths(0..500));
        let none: Chunk<usize> = Chunk::new(Vec::new());
        let (sum, prepared) = pool.prepare_while(&chunk, &none, stage_file, finish_file, |_| {
            (1..=100).sum::<u32>()
        });
        assert_eq!(sum, 5050);
        assert_eq!(prepared, kept(0..500));
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
            assert_eq!(prepared, kept(0..500));
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
        let finish = |p: &Path, s: usize| {
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
        assert_eq!(prepared, kept(0..100));
        // Staged, not finished: the templates are applied on the chunk's own turn.
        assert_eq!(staged.lock().expect("lock").len(), 200);
        assert_eq!(finished.lock().expect("lock").len(), 100);
        assert!(ahead
            .staged
            .iter()
            .all(|s| s.lock().expect("lock").is_some()));
        let none: Chunk<usize> = Chunk::new(Vec::new());
        let ((), prepared) = pool.prepare_while(&ahead, &none, stage, finish, |_| ());
        assert_eq!(prepared, kept(100..200));
        assert_eq!(
            staged.lock().expect("lock").len(),
            200,
            "nothing is staged twice"
        );
        assert_eq!(finished.lock().expect("lock").len(), 200);
    }

    /// Records what it is given; its context is the number of batches written.
    #[derive(Default)]
    struct Recorder {
        written: Vec<Vec<(String, usize)>>,
        stop_after: Option<usize>,
        told: Vec<usize>,
    }

    impl Sink for Recorder {
        type Item = (String, usize);
        type Context = usize;
        type Error = ();

        fn context(&mut self) -> Result<usize, ()> {
            Ok(self.written.len())
        }

        fn write(
            &mut self,
            batch: Vec<(String, usize)>,
            _help: &mut dyn FnMut() -> bool,
        ) -> Result<(), ()> {
            self.written.push(batch);
            Ok(())
        }

        fn keep_going(&mut self, files: usize) -> bool {
            self.told.push(files);
            self.stop_after != Some(self.told.len())
        }
    }

    fn batches_of_ten(upto: usize) -> impl FnMut() -> Vec<PathBuf> {
        let mut next = 0;
        move || {
            let batch = paths(next..(next + 10).min(upto));
            next = (next + 10).min(upto);
            batch
        }
    }

    #[test]
    fn batches_are_written_in_order_each_finished_with_the_context_before_the_last_write() {
        let pool = PrepPool::new();
        let mut sink = Recorder::default();
        let finish = |p: &Path, n: usize, ctx: &usize| finish_file(p, n).map(|f| (f, *ctx));
        let unwritten = run(&pool, batches_of_ten(35), stage_file, finish, &mut sink);
        assert_eq!(unwritten, Ok(Vec::new()));
        let names: Vec<String> = sink.written.iter().flatten().map(|f| f.0.clone()).collect();
        assert_eq!(names, kept(0..35));
        // Batch k is finished while k - 1 is written: with the context read before
        // k - 1 was written, so what batch k - 2 taught reaches batch k.
        let contexts: Vec<Vec<usize>> = sink
            .written
            .iter()
            .map(|b| b.iter().map(|f| f.1).collect::<Vec<_>>())
            .map(|mut c| {
                c.dedup();
                c
            })
            .collect();
        assert_eq!(contexts, [vec![0], vec![0], vec![1], vec![2]]);
        assert_eq!(sink.told, [10, 20, 30, 35]);
    }

    #[test]
    fn a_sink_that_says_stop_gets_the_finished_batch_and_the_staged_one_is_handed_back() {
        let pool = PrepPool::new();
        let mut sink = Recorder {
            stop_after: Some(1),
            ..Recorder::default()
        };
        let finish = |p: &Path, n: usize, ctx: &usize| finish_file(p, n).map(|f| (f, *ctx));
        let unwritten = run(&pool, batches_of_ten(100), stage_file, finish, &mut sink);
        assert_eq!(unwritten, Ok(paths(20..30)));
        assert_eq!(sink.written.len(), 2);
        assert_eq!(sink.told, [10, 20]);
    }
}
