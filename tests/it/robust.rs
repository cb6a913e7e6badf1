//! Faults, not hope: SIGKILL at random moments, SIGTERM mid-batch, readers during
//! ingest, and a corpus of bad input. Counts are compared with a clean single run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use newsdb::config::Config;
use newsdb::daemon::Event;
use newsdb::store::{Reader, StoreError};

use crate::support::{
    bodies, column, count, fast_config, fill, ingest_ok, make_corpus, newsdb, snapshot,
    start_daemon, template_corpus, wait_for, Backend, Db, SmallDisk, TestDb,
};

/// Files in the crash-test corpus (the issue asks for at least 1,000).
const CORPUS: usize = 1000;
/// Pages of one publisher added to it, on which template learning decides.
const TEMPLATE_PAGES: usize = 120;

crate::both_backends!(sigkill_at_random_moments_loses_and_duplicates_nothing);

fn spawn_watch(config: &Path, dir: &Path, db: &impl Db) -> (Child, mpsc::Receiver<()>) {
    let mut child = newsdb()
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db.target())
        .args(["watch", "--dir"])
        .arg(dir)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn watch");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains(" ready") {
                let _ = tx.send(());
            }
        }
    });
    (child, rx)
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

/// A clean single `ingest` of `dir` into `db`.
fn reference(dir: &Path, db: &Path) {
    ingest_ok(db, dir);
}

/// Small deterministic generator for kill delays (seed printed for replay).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn sigkill_at_random_moments_loses_and_duplicates_nothing(b: Backend) {
    let db = TestDb::new(b);
    let tmp = db.dir();
    let dir = tmp.join("inbox");
    // Template learning decides on the writer in input order (issue 27, item 18) on
    // SQLite; the PostgreSQL writer still learns from what is stored when a page is
    // prepared, so its run leaves the template pages out.
    let templates = if b == Backend::Sqlite {
        TEMPLATE_PAGES
    } else {
        0
    };
    make_corpus(&dir, CORPUS - templates);
    template_corpus(&dir, templates);
    let config = fast_config(tmp);
    let ref_db = tmp.join("reference.db");
    reference(&dir, &ref_db);
    let mut expected = snapshot(&ref_db);
    if b == Backend::Postgres {
        // No FTS5 table there (full-text search is a tsvector column).
        expected.retain(|(q, _)| !q.contains("_fts"));
    }
    let expected_bodies = bodies(&ref_db);
    assert_eq!(
        count(&ref_db, "SELECT count(*) FROM articles"),
        Some(CORPUS as i64)
    );
    assert!(
        count(
            &ref_db,
            "SELECT count(*) FROM removed WHERE reason = 'template'"
        )
        .is_some_and(|n| templates == 0 || n > 50),
        "the corpus must exercise template learning"
    );

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    eprintln!("crash test seed {seed}");
    let mut rng = Lcg(seed);
    let mut kills = 0;
    let mut progress = Vec::new();
    let mut last = 0;
    while kills < 20 {
        let (mut child, _ready) = spawn_watch(&config, &dir, &db);
        // Kill while ingesting: once a new batch is committed (or the corpus is done),
        // then after a random 0-60 ms, so the kill lands inside a later batch.
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let n = count(&db, "SELECT count(*) FROM files").unwrap_or(0);
            if n > last || n == CORPUS as i64 {
                break;
            }
            // A PostgreSQL read is a `newsdb query` process: poll less often.
            let poll = if b == Backend::Postgres { 20 } else { 2 };
            std::thread::sleep(Duration::from_millis(poll));
        }
        std::thread::sleep(Duration::from_millis(rng.next(60)));
        signal(&child, "-KILL");
        let status = child.wait().expect("wait");
        assert!(!status.success());
        kills += 1;
        last = count(&db, "SELECT count(*) FROM files").unwrap_or(0);
        progress.push(last);
    }
    eprintln!("files stored after each kill: {progress:?}");
    let mid_ingest = progress
        .iter()
        .filter(|&&n| n > 0 && n < CORPUS as i64)
        .count();
    assert!(
        mid_ingest >= 10,
        "only {mid_ingest} of 20 kills landed while ingesting: {progress:?}"
    );
    let (mut child, ready) = spawn_watch(&config, &dir, &db);
    ready
        .recv_timeout(Duration::from_secs(120))
        .expect("ready after kills");
    wait_for("all files", Duration::from_secs(120), || {
        count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'")
            .filter(|&n| n == CORPUS as i64)
    });
    signal(&child, "-TERM");
    assert!(child.wait().expect("wait").success());
    let mut got = snapshot(&db);
    got.retain(|(q, _)| expected.iter().any(|(e, _)| e == q));
    assert_eq!(got, expected, "counts differ from a clean run");
    if let Some(path) = db.sqlite_path() {
        assert_eq!(
            bodies(&path),
            expected_bodies,
            "bodies differ from a clean run"
        );
        assert_eq!(
            column(&path, "PRAGMA integrity_check"),
            vec![serde_json::json!("ok")]
        );
    }
}

#[test]
fn sigterm_during_a_batch_exits_cleanly_with_nothing_half_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    make_corpus(&dir, CORPUS);
    let config = fast_config(tmp.path());
    let db = tmp.path().join("term.db");
    let (mut child, _ready) = spawn_watch(&config, &dir, &db);
    wait_for("first batch", Duration::from_secs(60), || {
        count(&db, "SELECT count(*) FROM files").filter(|&n| n > 0)
    });
    signal(&child, "-TERM");
    let status = wait_for("exit", Duration::from_secs(30), || {
        child.try_wait().ok().flatten()
    });
    assert!(status.success(), "{status:?}");
    // Every file row that says ingested has its whole article.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM files f WHERE status = 'ingested' AND NOT EXISTS
             (SELECT 1 FROM paragraphs p WHERE p.article_id = f.article_id)"
        ),
        Some(0)
    );
    assert_eq!(
        column(&db, "PRAGMA integrity_check"),
        vec![serde_json::json!("ok")]
    );
}

#[test]
fn readers_never_see_lock_errors_and_long_queries_time_out_without_stalling_ingest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let db = tmp.path().join("n.db");
    let mut config = Config::default();
    config.watch.dir = dir.clone();
    config.database.path = db.clone();
    config.watch.settle_ms = 50;
    let daemon = start_daemon(config.clone(), config);
    daemon.wait_event(Event::Ready, Duration::from_secs(20));
    make_corpus(&dir.join("drop"), 400);

    let done = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicUsize::new(0));
    let queries = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..4)
        .map(|i| {
            let (db, done, errors, queries) =
                (db.clone(), done.clone(), errors.clone(), queries.clone());
            std::thread::spawn(move || {
                let sql = [
                    "SELECT count(*) FROM articles",
                    "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'China'",
                    "SELECT outlet, count(*) FROM quotes_view GROUP BY outlet",
                    "SELECT count(*) FROM figures_view WHERE value > 10",
                ][i];
                let reader = Reader::open(&db, Duration::from_secs(5)).expect("reader");
                while !done.load(Ordering::SeqCst) {
                    match reader.query(sql, 100, Duration::from_secs(10)) {
                        Ok(_) => queries.fetch_add(1, Ordering::SeqCst),
                        Err(e) => {
                            eprintln!("reader {i}: {e}");
                            errors.fetch_add(1, Ordering::SeqCst)
                        }
                    };
                }
            })
        })
        .collect();

    // A runaway query is interrupted, and ingest moves on while it runs.
    let reader = Reader::open(&db, Duration::from_secs(5)).expect("reader");
    let before = count(&db, "SELECT count(*) FROM files").unwrap_or(0);
    let started = Instant::now();
    let long = reader.query(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        0,
        Duration::from_millis(300),
    );
    assert!(matches!(long, Err(StoreError::Timeout(300))), "{long:?}");
    assert!(started.elapsed() < Duration::from_secs(5));

    wait_for("all 400 files", Duration::from_secs(120), || {
        count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'").filter(|&n| n == 400)
    });
    let after = count(&db, "SELECT count(*) FROM files").unwrap_or(0);
    assert!(after > before);
    done.store(true, Ordering::SeqCst);
    for r in readers {
        r.join().expect("reader thread");
    }
    daemon.stop();
    assert_eq!(errors.load(Ordering::SeqCst), 0, "readers saw errors");
    assert!(queries.load(Ordering::SeqCst) > 0);
}

/// One bad-input case: a file name and how to make it.
struct Case {
    name: PathBuf,
    make: Box<dyn Fn(&Path)>,
}

fn case(name: impl Into<PathBuf>, make: impl Fn(&Path) + 'static) -> Case {
    Case {
        name: name.into(),
        make: Box::new(make),
    }
}

#[test]
fn every_bad_input_is_ingested_or_rejected_with_a_reason_and_the_daemon_keeps_going() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let outside = tmp.path().join("outside.txt");
    std::fs::write(
        &outside,
        "A page outside the watched folder.\n\nIt has a sentence or two of text in it.",
    )
    .expect("write");
    let good = "Headline of a good page\n\nThe council said on Monday that 42 new homes would be built next year.\n";
    let deep: PathBuf = (0..40).map(|i| format!("d{i}")).collect();
    let cases = vec![
        case("empty.txt", |p| std::fs::write(p, b"").expect("w")),
        case("blank.txt", |p| {
            std::fs::write(p, b" \n\t\n  \r\n").expect("w")
        }),
        case("png.txt", |p| {
            std::fs::write(p, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").expect("w")
        }),
        case("elf.txt", |p| {
            std::fs::write(p, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").expect("w")
        }),
        case("nul.txt", |p| {
            std::fs::write(p, b"text with a \0 NUL byte in it").expect("w")
        }),
        case("invalid.txt", |p| {
            std::fs::write(p, b"\x81\x8d\x8f\x90\x9d broken").expect("w")
        }),
        case("utf16.txt", |p| {
            std::fs::write(p, b"\xff\xfeH\0e\0l\0l\0o\0").expect("w")
        }),
        case("huge.txt", |p| {
            // 100 MB, sparse: generated here, never committed; rejected unread.
            let f = std::fs::File::create(p).expect("create");
            f.set_len(100 * 1024 * 1024).expect("set_len");
        }),
        case("one_line.txt", |p| {
            let sentence = "The committee reviewed 12 proposals and said it would decide soon. ";
            std::fs::write(p, sentence.repeat(10 * 1024 * 1024 / sentence.len())).expect("w")
        }),
        case("no_perm.txt", move |p| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::write(p, good).expect("w");
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        }),
        case("loop_a.txt", |p| {
            let dir = p.parent().expect("dir");
            std::os::unix::fs::symlink(dir.join("loop_b.txt"), p).expect("symlink");
            std::os::unix::fs::symlink(p, dir.join("loop_b.txt")).expect("symlink");
        }),
        case("escape.txt", move |p| {
            std::os::unix::fs::symlink(&outside, p).expect("symlink")
        }),
        case("name with spaces.txt", move |p| {
            std::fs::write(p, good.replace("42", "43")).expect("w")
        }),
        case("name\nwith\nnewlines.txt", move |p| {
            std::fs::write(p, good.replace("42", "44")).expect("w")
        }),
        case(
            PathBuf::from(std::ffi::OsStr::from_bytes(b"latin1_\xe9t\xe9.txt")),
            move |p| std::fs::write(p, good.replace("42", "45")).expect("w"),
        ),
        case(deep.join("deep.txt"), move |p| {
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, good.replace("42", "46")).expect("w")
        }),
    ];
    for c in &cases {
        (c.make)(&dir.join(&c.name));
    }
    // A file deleted between its event and the read.
    std::fs::write(dir.join("vanishing.txt"), good).expect("w");
    std::fs::remove_file(dir.join("vanishing.txt")).expect("rm");

    let db = tmp.path().join("n.db");
    let mut config = Config::default();
    config.watch.dir = dir.clone();
    config.database.path = db.clone();
    config.watch.settle_ms = 50;
    let daemon = start_daemon(config.clone(), config);
    daemon.wait_event(Event::Ready, Duration::from_secs(300));
    // Every case has a files row: ingested, or rejected with a reason.
    for c in &cases {
        let key = newsdb::ingest::path_key(&dir.join(&c.name)).replace('\'', "''");
        let rows = wait_for(&format!("{:?}", c.name), Duration::from_secs(300), || {
            let reader = Reader::open(&db, Duration::from_secs(5)).ok()?;
            let out = reader
                .query(
                    &format!("SELECT status, coalesce(error, '') FROM files WHERE path = '{key}'"),
                    0,
                    Duration::ZERO,
                )
                .ok()?;
            out.rows.first().cloned()
        });
        let (status, error) = (
            rows[0].as_str().unwrap_or(""),
            rows[1].as_str().unwrap_or(""),
        );
        assert!(
            status == "ingested" || (status == "rejected" && !error.is_empty()),
            "{:?}: {status} {error}",
            c.name
        );
    }
    let rejected = |name: &str| {
        column(
            &db,
            &format!("SELECT error FROM files WHERE path LIKE '%/{name}' AND status = 'rejected'"),
        )
    };
    assert!(rejected("huge.txt")[0]
        .as_str()
        .unwrap_or("")
        .contains("too large"));
    assert!(rejected("escape.txt")[0]
        .as_str()
        .unwrap_or("")
        .contains("outside the watched folder"));
    assert!(rejected("loop_a.txt")[0]
        .as_str()
        .unwrap_or("")
        .contains("symlink"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM files WHERE path LIKE '%vanishing%' AND status = 'ingested'"
        ),
        Some(0)
    );

    // A file truncated and rewritten replaces its article; the daemon is still going.
    let rewrite = dir.join("rewrite.txt");
    std::fs::write(&rewrite, good).expect("w");
    wait_for("rewrite v1", Duration::from_secs(20), || {
        count(
            &db,
            "SELECT count(*) FROM articles WHERE body LIKE '%42 new homes%'",
        )
        .filter(|&n| n > 0)
    });
    std::fs::write(&rewrite, b"").expect("truncate");
    std::fs::write(&rewrite, good.replace("42 new homes", "99 new homes")).expect("rewrite");
    wait_for("rewrite v2", Duration::from_secs(20), || {
        count(
            &db,
            "SELECT count(*) FROM articles WHERE body LIKE '%99 new homes%'",
        )
        .filter(|&n| n > 0)
    });
    daemon.stop();
}

/// Copies every file of `from` into `to` (created if missing), names as they are.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from)
        .expect("read_dir")
        .map_while(Result::ok)
    {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// Writes two pages whose names are not UTF-8 and differ only in that byte.
fn non_utf8_names(dir: &Path) {
    use std::os::unix::ffi::OsStrExt;
    for (byte, what) in [(0xff_u8, "ferry"), (0xfe, "tunnel")] {
        let bytes = [b'b', b'a', b'd', byte, b'.', b't', b'x', b't'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        let text = format!(
            "Harbour News\n\nThe {what} reopens\n\nThe {what} across the harbour reopened on Tuesday after a month of repairs, the port said.\n\n\
             Engineers replaced 40 metres of cable on the {what} and tested it for three days before the reopening.\n"
        );
        std::fs::write(dir.join(name), text).expect("write");
    }
}

/// A count snapshot with `paragraphs` and `removed` replaced by their sum: every
/// line of a page, kept or removed.
fn lines_accounted(snapshot: Vec<(String, i64)>) -> Vec<(String, i64)> {
    let is_line = |q: &str| q.ends_with("FROM paragraphs") || q.ends_with("FROM removed");
    let lines: i64 = snapshot
        .iter()
        .filter(|(q, _)| is_line(q))
        .map(|(_, n)| n)
        .sum();
    let mut out: Vec<(String, i64)> = snapshot.into_iter().filter(|(q, _)| !is_line(q)).collect();
    out.push(("paragraphs + removed".to_owned(), lines));
    out
}

#[test]
fn sigkill_while_files_and_the_folder_change_and_the_disk_fills_loses_nothing() {
    // The crash test with a hostile environment: names that are not UTF-8, files
    // truncated to nothing and restored, the watched folder deleted and made again,
    // and (as root) the database's disk filled and freed, all between and during
    // SIGKILLs. At the end the database must hold what one clean run stores.
    let tmp = tempfile::tempdir().expect("tempdir");
    let master = tmp.path().join("master");
    make_corpus(&master, 240);
    template_corpus(&master, 60);
    non_utf8_names(&master);
    let total = count_files(&master);
    let ref_db = tmp.path().join("reference.db");
    reference(&master, &ref_db);
    let dir = tmp.path().join("inbox");
    copy_files(&master, &dir);
    let disk = SmallDisk::mount(&tmp.path().join("disk"), "48m");
    if disk.is_none() {
        eprintln!("cannot mount a tmpfs here (not root): the disk-full part is skipped");
    }
    let db = disk
        .as_ref()
        .map_or(tmp.path(), |d| d.0.as_path())
        .join("crash.db");
    let filler = disk.as_ref().map(|d| d.0.join("filler"));
    let config = fast_config(tmp.path());
    let mut truncated: Vec<PathBuf> = Vec::new();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    eprintln!("hostile crash test seed {seed}");
    let mut rng = Lcg(seed);
    let mut last = 0;
    let mut progress = Vec::new();
    for round in 0..16 {
        let (mut child, _ready) = spawn_watch(&config, &dir, &db);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let n = count(&db, "SELECT count(*) FROM files").unwrap_or(0);
            if n > last || n >= total {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        match round {
            1 => {
                // Stored files only: the case is a stored file that a failed
                // re-download empties.
                truncated = column(
                    &db,
                    "SELECT path FROM files WHERE status = 'ingested' AND path LIKE '%/page_%'",
                )
                .into_iter()
                .filter_map(|v| v.as_str().map(PathBuf::from))
                .step_by(9)
                .collect();
                for p in &truncated {
                    std::fs::File::create(p).expect("truncate");
                }
            }
            4 => copy_files(&master, &dir),
            8 => {
                // Deleted and made again while the daemon watches it.
                std::thread::sleep(Duration::from_millis(300));
                std::fs::remove_dir_all(&dir).expect("remove folder");
                std::thread::sleep(Duration::from_millis(300));
                copy_files(&master, &dir);
            }
            10 => {
                if let Some(f) = &filler {
                    fill(f);
                }
            }
            13 => {
                if let Some(f) = &filler {
                    std::fs::remove_file(f).expect("free space");
                }
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(rng.next(200)));
        let _ = child.kill();
        let _ = child.wait();
        last = count(&db, "SELECT count(*) FROM files").unwrap_or(0);
        let stored = count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'");
        progress.push((last, stored.unwrap_or(0)));
    }
    eprintln!("files known, ingested after each kill: {progress:?}");
    assert!(
        !truncated.is_empty(),
        "no file was stored before the first kill"
    );
    let (mut child, ready) = spawn_watch(&config, &dir, &db);
    ready
        .recv_timeout(Duration::from_secs(120))
        .expect("ready after kills");
    wait_for("every file stored", Duration::from_secs(120), || {
        count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'").filter(|&n| n == total)
    });
    signal(&child, "-TERM");
    assert!(child.wait().expect("wait").success());
    // Every line of every page is stored once, as a paragraph or a removed line. A
    // stored file truncated and restored comes back later in the input order, which
    // template learning follows (README), so a line may move between the two (seen
    // once in CI: 1 of 2,568 removed lines); the plain crash test, with no files
    // changing under it, compares bodies exactly.
    let (got, want) = (
        lines_accounted(snapshot(&db)),
        lines_accounted(snapshot(&ref_db)),
    );
    assert_eq!(got, want, "counts differ from a clean run");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM files WHERE path LIKE '%/bad%.txt'"
        ),
        Some(2),
        "two names that differ in a byte that is not UTF-8 are two files"
    );
    assert_eq!(
        column(&db, "PRAGMA integrity_check"),
        vec![serde_json::json!("ok")]
    );
}

/// Files directly in `dir`.
fn count_files(dir: &Path) -> i64 {
    std::fs::read_dir(dir).expect("read_dir").count() as i64
}
