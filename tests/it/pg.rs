//! What only PostgreSQL has: linking there equal to a single SQLite writer's,
//! `newsdb copy` SQLite → PostgreSQL → SQLite keeping every table, and several
//! writers (one of them SIGKILLed again and again) sharing one database. Skipped
//! (with a line saying so) without `NEWSDB_TEST_PG_URL`, failing under `CI`.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::backend::pg_available;
use crate::support::{count, fast_config, ingest_summary, make_corpus, newsdb, seeds_dir, Backend};
use crate::support::{wait_for, TestDb};
use crate::tables::{exact, natural, natural_ordered};

fn link_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/link")
}

/// The seeds, the linking pages and near-copies of the seeds, in one folder.
fn corpus(dir: &Path, copies: usize) -> Vec<PathBuf> {
    let mut files = make_corpus(dir, copies);
    for src in [seeds_dir(), link_data()] {
        for e in std::fs::read_dir(src).expect("dir").flatten() {
            let to = dir.join(e.file_name());
            std::fs::copy(e.path(), &to).expect("copy");
            files.push(to);
        }
    }
    files.sort();
    files
}

#[test]
fn linking_on_postgres_equals_a_single_sqlite_writer() {
    if !pg_available("pg::linking_on_postgres_equals_a_single_sqlite_writer") {
        return;
    }
    let pg = TestDb::new(Backend::Postgres);
    let files = corpus(&pg.dir().join("in"), 25);
    let sqlite = pg.dir().join("ref.db");
    // One file per run, so both number (and link) the articles in one order.
    for f in &files {
        ingest_summary(&sqlite, None, std::slice::from_ref(f));
        ingest_summary(&pg, None, std::slice::from_ref(f));
    }
    assert!(count(&pg, "SELECT count(*) FROM stories").unwrap_or(0) > 5);
    assert_eq!(natural_ordered(&pg), natural_ordered(&sqlite));
}

/// `newsdb copy SRC DST` with its exit code and stderr.
fn copy(src: &str, dst: &str, force: bool) -> (Option<i32>, String) {
    let mut cmd = newsdb();
    cmd.args(["copy", src, dst]);
    if force {
        cmd.arg("--force");
    }
    let out = cmd.output().expect("copy");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn copy_to_postgres_and_back_keeps_every_table() {
    if !pg_available("pg::copy_to_postgres_and_back_keeps_every_table") {
        return;
    }
    let pg = TestDb::new(Backend::Postgres);
    let files = corpus(&pg.dir().join("in"), 30);
    let original = pg.dir().join("original.db");
    ingest_summary(&original, None, &files);
    let (code, err) = copy(&original.to_string_lossy(), pg.target(), false);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(natural_ordered(&pg), natural_ordered(&original));
    // A non-empty destination is refused, and left as it was.
    let (code, err) = copy(&original.to_string_lossy(), pg.target(), false);
    assert_eq!(code, Some(2));
    assert!(err.contains("not empty"), "{err}");
    let back = pg.dir().join("back.db");
    let (code, err) = copy(pg.target(), &back.to_string_lossy(), false);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(exact(&back), exact(&original));
    // The full-text index was rebuilt from the copied rows.
    let fts = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Mandiant'";
    assert!(count(&back, fts).unwrap_or(0) > 0);
    assert_eq!(count(&back, fts), count(&original, fts));
    // New ids on PostgreSQL continue after the copied ones.
    let extra = pg.dir().join("extra.txt");
    std::fs::write(
        &extra,
        "Ferry resumes\n\nThe harbour ferry resumed service on Monday after a two-week repair.\n",
    )
    .expect("write");
    assert_eq!(ingest_summary(&pg, None, &[extra]).new, 1);
    assert_eq!(
        count(&pg, "SELECT count(*) FROM articles"),
        count(&original, "SELECT count(*) + 1 FROM articles")
    );
}

fn spawn_watch(config: &Path, dir: &Path, db: &TestDb) -> Child {
    newsdb()
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db.target())
        .args(["watch", "--dir"])
        .arg(dir)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn watch")
}

fn signal(child: &Child, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

/// Two writers on overlapping folders (a third of the files in both), the second
/// SIGKILLed and restarted again and again: each distinct file is stored once, and
/// the tables equal a single SQLite ingest of the same files (ids aside).
#[test]
fn two_writers_one_killed_repeatedly_store_each_file_once() {
    if !pg_available("pg::two_writers_one_killed_repeatedly_store_each_file_once") {
        return;
    }
    const FILES: usize = 300;
    let pg = TestDb::new(Backend::Postgres);
    let all = pg.dir().join("all");
    let files = make_corpus(&all, FILES);
    let (a, b) = (pg.dir().join("a"), pg.dir().join("b"));
    for d in [&a, &b] {
        std::fs::create_dir(d).expect("mkdir");
    }
    for (i, f) in files.iter().enumerate() {
        let name = f.file_name().expect("name");
        if i < FILES * 2 / 3 {
            std::fs::copy(f, a.join(name)).expect("copy");
        }
        if i >= FILES / 3 {
            std::fs::copy(f, b.join(name)).expect("copy");
        }
    }
    let reference = pg.dir().join("ref.db");
    ingest_summary(&reference, None, &[a.clone(), b.clone()]);
    let config = fast_config(pg.dir());
    let mut steady = spawn_watch(&config, &a, &pg);
    let mut kills = 0;
    let mut progress = Vec::new();
    let mut seed = 0x9e37_79b9_u64;
    let deadline = Instant::now() + Duration::from_secs(240);
    while kills < 12 && Instant::now() < deadline {
        let victim = spawn_watch(&config, &b, &pg);
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        std::thread::sleep(Duration::from_millis(300 + (seed >> 33) % 700));
        signal(&victim, "-KILL");
        let mut victim = victim;
        assert!(!victim.wait().expect("wait").success());
        kills += 1;
        progress.push(count(&pg, "SELECT count(*) FROM files").unwrap_or(0));
    }
    eprintln!("files stored after each kill: {progress:?}");
    let mut last = spawn_watch(&config, &b, &pg);
    let paths = FILES as i64 + FILES as i64 / 3;
    wait_for("every file", Duration::from_secs(240), || {
        count(&pg, "SELECT count(*) FROM files WHERE status = 'ingested'").filter(|&n| n == paths)
    });
    // Let both finish what they hold, then stop them.
    wait_for("linking", Duration::from_secs(120), || {
        count(&pg, "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id)")
            .filter(|&n| n == 0)
    });
    for child in [&mut steady, &mut last] {
        signal(child, "-TERM");
        assert!(child.wait().expect("wait").success());
    }
    assert_eq!(
        count(&pg, "SELECT count(*) FROM articles"),
        Some(FILES as i64)
    );
    assert_eq!(
        count(&pg, "SELECT count(DISTINCT content_hash) FROM files"),
        Some(FILES as i64)
    );
    assert_eq!(natural(&pg), natural(&reference));
}
