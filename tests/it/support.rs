//! Shared test helpers: temp folders, waiting with a deadline, reading the DB.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use newsdb::store::Reader;

pub use crate::backend::{Backend, TestDb};

/// The binary under test, with the caller's `RUST_LOG` removed so logs are the defaults.
pub fn newsdb() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsdb"));
    c.env_remove("RUST_LOG");
    c
}

/// A clean single `newsdb ingest DIR` into `db`; panics with its stderr if it fails.
pub fn ingest_ok(db: &(impl Db + ?Sized), dir: &Path) {
    let out = newsdb()
        .arg("--db")
        .arg(db.target())
        .arg("ingest")
        .arg(dir)
        .output()
        .expect("ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `newsdb --db DB ingest PATHS...` with the config `config` (if any); returns its
/// summary's counts. Panics on an error exit (2); exit 1 (files rejected) is fine.
pub fn ingest_summary(
    db: &(impl Db + ?Sized),
    config: Option<&Path>,
    paths: &[PathBuf],
) -> crate::backend::Summary {
    let mut cmd = newsdb();
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    let out = cmd
        .arg("--db")
        .arg(db.target())
        .arg("ingest")
        .args(paths)
        .output()
        .expect("ingest");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    crate::backend::parse_summary(&stderr).unwrap_or_else(|| panic!("no summary: {stderr}"))
}

/// The repo's `seeds/` folder.
/// The child's stderr lines as they come, read on a thread that keeps draining the
/// pipe after the receiver is gone (so the child never blocks on a full pipe).
pub fn stderr_lines(child: &mut Child) -> Receiver<String> {
    let stderr = child.stderr.take().expect("stderr piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

/// Sends SIGTERM to `child`.
pub fn sigterm(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Polls `check` until it returns Some or the deadline passes.
pub fn wait_for<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A database a test reads back: a SQLite path (read in-process) or a
/// [`TestDb`] of either backend (PostgreSQL through `newsdb query --format json`).
pub trait Db {
    /// What `--db` takes.
    fn target(&self) -> std::ffi::OsString;
    /// The rows of one read-only query, each in column order; None if the query
    /// failed (the database is not there yet, the table is missing).
    fn rows(&self, sql: &str) -> Option<Vec<Vec<serde_json::Value>>>;
}

impl Db for Path {
    fn target(&self) -> std::ffi::OsString {
        self.as_os_str().to_owned()
    }
    fn rows(&self, sql: &str) -> Option<Vec<Vec<serde_json::Value>>> {
        let reader = Reader::open(self, Duration::from_secs(5)).ok()?;
        Some(reader.query(sql, 0, Duration::ZERO).ok()?.rows)
    }
}

impl Db for PathBuf {
    fn target(&self) -> std::ffi::OsString {
        self.as_path().target()
    }
    fn rows(&self, sql: &str) -> Option<Vec<Vec<serde_json::Value>>> {
        self.as_path().rows(sql)
    }
}

impl<T: Db + ?Sized> Db for &T {
    fn target(&self) -> std::ffi::OsString {
        (**self).target()
    }
    fn rows(&self, sql: &str) -> Option<Vec<Vec<serde_json::Value>>> {
        (**self).rows(sql)
    }
}

impl Db for TestDb {
    fn target(&self) -> std::ffi::OsString {
        self.target().into()
    }
    fn rows(&self, sql: &str) -> Option<Vec<Vec<serde_json::Value>>> {
        if let Some(path) = self.sqlite_path() {
            return path.rows(sql);
        }
        query_json(self.target().as_ref(), sql)
    }
}

/// The rows of `newsdb --db TARGET query SQL --format json` (no row cap),
/// each object's values in column order; None if the command failed.
pub fn query_json(target: &std::ffi::OsStr, sql: &str) -> Option<Vec<Vec<serde_json::Value>>> {
    static CONFIG: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = CONFIG.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let body = "[query]\nmax_rows = 0\ntimeout_ms = 120000\n";
        std::fs::write(dir.path().join("query.toml"), body).expect("write config");
        dir
    });
    let out = newsdb()
        .arg("--config")
        .arg(dir.path().join("query.toml"))
        .arg("--db")
        .arg(target)
        .args(["query", "--format", "json", "--", sql])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&out.stdout).ok()?;
    Some(
        rows.into_iter()
            .map(|r| r.into_iter().map(|(_, v)| v).collect())
            .collect(),
    )
}

/// One integer from a read-only query, or None if the DB is not there yet.
pub fn count(db: &(impl Db + ?Sized), sql: &str) -> Option<i64> {
    db.rows(sql)?.first()?.first()?.as_i64()
}

/// All values of the first column of a query.
pub fn column(db: &(impl Db + ?Sized), sql: &str) -> Vec<serde_json::Value> {
    db.rows(sql)
        .unwrap_or_else(|| panic!("query failed: {sql}"))
        .into_iter()
        .filter_map(|r| r.into_iter().next())
        .collect()
}

/// Writes `n` distinct pages into `dir` (the seeds, each with a unique paragraph
/// added so every content hash differs) and returns their paths.
pub fn make_corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    seeds.sort();
    let texts: Vec<String> = seeds
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("seed")).into_owned())
        .collect();
    std::fs::create_dir_all(dir).expect("mkdir");
    (0..n)
        .map(|i| {
            let base = &texts[i % texts.len()];
            // Insert the unique paragraph after the first body-looking line.
            let extra = format!(
                "Officials said on Friday that {} further reports, numbered {i}, were under review by the panel.",
                i * 7 + 3
            );
            let mut lines: Vec<&str> = base.lines().collect();
            let at = lines.len().min(8);
            lines.insert(at, "");
            lines.insert(at + 1, &extra);
            let path = dir.join(format!("page_{i:05}.txt"));
            std::fs::write(&path, lines.join("\n")).expect("write corpus");
            path
        })
        .collect()
}

/// A config file for the binary with a short settle window, and batches of 8 files
/// so that a backlog of a few hundred takes many commits (crash tests kill between
/// and inside them).
pub fn fast_config(dir: &Path) -> PathBuf {
    let path = dir.join("fast.toml");
    std::fs::write(
        &path,
        "[watch]\nsettle_ms = 50\nrescan_secs = 1\nbatch_files = 8\n",
    )
    .expect("write config");
    path
}

/// The counts that must match between two databases holding the same files.
pub fn snapshot(db: &(impl Db + ?Sized)) -> Vec<(String, i64)> {
    [
        "SELECT count(*) FROM articles",
        "SELECT count(*) FROM paragraphs",
        "SELECT count(*) FROM quotes",
        "SELECT count(*) FROM figures",
        "SELECT count(*) FROM images",
        "SELECT count(*) FROM removed",
        "SELECT count(*) FROM files WHERE status = 'ingested'",
        "SELECT count(DISTINCT content_hash) FROM files",
        "SELECT count(*) FROM articles_fts",
    ]
    .iter()
    .map(|q| (q.to_string(), count(db, q).unwrap_or(-1)))
    .collect()
}

/// A daemon running in-process on its own thread, steered through its `Control`.
pub struct Daemon {
    /// The flags the test sets (shutdown, reload).
    pub control: newsdb::daemon::Control,
    events: std::sync::mpsc::Receiver<newsdb::daemon::Event>,
    handle: Option<std::thread::JoinHandle<anyhow::Result<newsdb::daemon::DaemonReport>>>,
}

/// Starts `daemon::run(config)` on a thread; a reload loads `reload`.
pub fn start_daemon(config: newsdb::config::Config, reload: newsdb::config::Config) -> Daemon {
    let control = newsdb::daemon::Control::default();
    let (tx, events) = std::sync::mpsc::channel();
    let c = control.clone();
    let handle = std::thread::spawn(move || {
        newsdb::daemon::run(
            &config,
            &c,
            move || Ok(reload.clone()),
            move |e| {
                let _ = tx.send(e);
            },
        )
    });
    Daemon {
        control,
        events,
        handle: Some(handle),
    }
}

impl Daemon {
    /// Waits until the daemon reports `event` (earlier events are skipped).
    pub fn wait_event(&self, event: newsdb::daemon::Event, timeout: Duration) {
        wait_for(&format!("{event:?}"), timeout, || {
            self.events.try_iter().any(|e| e == event).then_some(())
        });
    }

    /// Sets the shutdown flag and returns the daemon's report.
    pub fn stop(mut self) -> newsdb::daemon::DaemonReport {
        self.control
            .shutdown
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let handle = self.handle.take().expect("running");
        handle.join().expect("daemon thread").expect("daemon ok")
    }
}

/// Writes `n` pages of one publisher into `dir`, `tpl_00000.txt` on: each has its
/// own prose and sign-off lines that recur at different rates (every page, every
/// third, every seventh), and every fifth page is short, so a learned line can be
/// too large a share of it. Template learning decides differently on almost every
/// page, so the stored bodies show where it depended on batching.
pub fn template_corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("mkdir");
    (0..n)
        .map(|i| {
            let mut text = format!(
                "Valley Herald\n\nCouncil weighs plan number {i}\n\nBy Mara Quill\n\n\
                 The council met on Monday to discuss plan {i}, and members spoke at length about its cost.\n\n\
                 Members voted in favour of plan {i} after a long debate that ran late into the evening.\n\n"
            );
            if i % 5 != 0 {
                text.push_str(&format!(
                    "Work on plan {i} is expected to begin in the spring, the council's engineer told reporters.\n\n\
                     Residents who spoke at the meeting about plan {i} asked for regular updates on its progress.\n\n"
                ));
            }
            text.push_str("The Valley Herald is an independent newspaper owned by its readers since 1921.\n\n");
            if i % 3 == 0 {
                text.push_str("Our reporters visit every ward of the town at least once a month.\n\n");
            }
            if i % 7 == 0 {
                text.push_str("Corrections are printed on page two of the Saturday edition each week.\n\n");
            }
            let path = dir.join(format!("tpl_{i:05}.txt"));
            std::fs::write(&path, text).expect("write page");
            path
        })
        .collect()
}

/// Each stored file's name (its last path part) with its article's body and the
/// lines removed from it as template lines, sorted by name.
pub fn bodies(db: &Path) -> Vec<serde_json::Value> {
    column(
        db,
        "SELECT json_array(replace(f.path, rtrim(f.path, replace(f.path, '/', '')), ''), a.body,
                (SELECT group_concat(x, ' | ') FROM (SELECT r.line || ':' || r.text AS x
                 FROM removed r WHERE r.article_id = a.id AND r.reason = 'template'
                 ORDER BY r.line, r.text)))
         FROM files f JOIN articles a ON a.id = f.article_id ORDER BY 1",
    )
}

/// A tmpfs mounted for one test, unmounted when dropped.
pub struct SmallDisk(pub std::path::PathBuf);

impl SmallDisk {
    /// Mounts a tmpfs of `size` at `at`; None where mounting is not permitted
    /// (not root; CI runs as root, where this test always runs).
    pub fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).expect("mkdir");
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_owned()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system holding `path` by writing `path` until it is full.
pub fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).expect("create filler");
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}
