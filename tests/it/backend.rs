//! The backend parameter of the suite: one test body, run against SQLite and
//! PostgreSQL. [`TestDb`] is a fresh database of either kind (a file in a temp
//! folder, or a PostgreSQL database created with a unique name and dropped after);
//! tests name it with [`TestDb::target`] (what `--db` takes) and read rows back
//! through [`crate::support::count`] / [`crate::support::column`], which go through
//! `newsdb query --format json` for PostgreSQL.
//!
//! PostgreSQL tests need `NEWSDB_TEST_PG_URL` (a server where the URL's user may
//! create databases; `.ci/pg start DIR` prints one). Without it they print that
//! they were skipped and pass, unless `CI` is set: then they fail, so CI always
//! runs them. [`both_backends!`] turns `fn name(b: Backend)` bodies into
//! `sqlite::name` and `postgres::name` tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A database on the server `NEWSDB_TEST_PG_URL` names.
    Postgres,
}

/// `sqlite::NAME` and `postgres::NAME` tests for each `fn NAME(b: Backend)` named.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name($crate::backend::Backend::Sqlite)
            })+
        }
        mod postgres {
            $(#[test]
            fn $name() {
                if $crate::backend::pg_available(concat!(module_path!(), "::", stringify!($name))) {
                    super::$name($crate::backend::Backend::Postgres)
                }
            })+
        }
    };
}

/// The admin URL of the test server, if one is configured.
pub fn pg_url() -> Option<String> {
    std::env::var("NEWSDB_TEST_PG_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Whether CI asks for every suite (`CI` set to anything but empty, 0 or false).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Whether a PostgreSQL test can run; without a server it says so on the
/// terminal (past the test harness's capture) and returns false, or fails under CI.
pub fn pg_available(test: &str) -> bool {
    if pg_url().is_some() {
        return true;
    }
    assert!(
        !in_ci(),
        "{test}: CI is set but NEWSDB_TEST_PG_URL is not: the PostgreSQL suite must run in CI (.ci/pg start DIR prints a URL)"
    );
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test} (PostgreSQL: set NEWSDB_TEST_PG_URL, e.g. from .ci/pg start DIR)"
    );
    false
}

/// `url` with its database name replaced by `name` (query parameters kept).
pub fn with_database(url: &str, name: &str) -> String {
    let rest_at = url.find("://").map_or(0, |i| i + 3);
    let (head, rest) = url.split_at(rest_at);
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let query = tail.find('?').map_or("", |i| &tail[i..]);
    format!("{head}{authority}/{name}{query}")
}

/// Runs one statement on the test server's admin database with `psql`.
pub fn pg_admin(sql: &str) {
    let url = pg_url().expect("NEWSDB_TEST_PG_URL");
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", &url, "-c", sql])
        .output()
        .expect("psql (postgresql-client) on PATH");
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh database for one test, removed when dropped.
pub struct TestDb {
    /// Its kind.
    pub backend: Backend,
    target: String,
    pg_name: Option<String>,
    dir: tempfile::TempDir,
}

impl TestDb {
    /// A new empty database of kind `backend` (for PostgreSQL, a new database on
    /// the test server; call only when [`pg_available`] said yes).
    pub fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        match backend {
            Backend::Sqlite => TestDb {
                backend,
                target: dir.path().join("n.db").to_string_lossy().into_owned(),
                pg_name: None,
                dir,
            },
            Backend::Postgres => {
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                let name = format!(
                    "newsdb_t{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::SeqCst)
                );
                pg_admin(&format!("CREATE DATABASE {name}"));
                let url = pg_url().expect("NEWSDB_TEST_PG_URL");
                TestDb {
                    backend,
                    target: with_database(&url, &name),
                    pg_name: Some(name),
                    dir,
                }
            }
        }
    }

    /// What `--db` takes: the file's path or the database's URL.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// A temp folder the test may use for inputs and configs (removed on drop).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The SQLite file (None for PostgreSQL).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        (self.backend == Backend::Sqlite).then(|| PathBuf::from(&self.target))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            // FORCE ends the connections a killed writer may have left behind.
            pg_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The ingest summary line's counts: new, duplicate content, unchanged, rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub new: u64,
    pub duplicate: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

/// Reads "N files in Ts: A new, B duplicate content, C unchanged, D rejected".
pub fn parse_summary(stderr: &str) -> Option<Summary> {
    let line = stderr.lines().rev().find(|l| l.contains(" new, "))?;
    let (_, counts) = line.split_once(": ")?;
    let mut n = counts
        .split(", ")
        .map(|part| part.split_whitespace().next()?.parse::<u64>().ok());
    Some(Summary {
        new: n.next()??,
        duplicate: n.next()??,
        unchanged: n.next()??,
        rejected: n.next()??,
    })
}

#[test]
fn urls_get_the_test_database_name() {
    assert_eq!(
        with_database("postgres://u@127.0.0.1:5/postgres", "t1"),
        "postgres://u@127.0.0.1:5/t1"
    );
    assert_eq!(
        with_database("postgresql://u:p@h/db?sslmode=disable", "t2"),
        "postgresql://u:p@h/t2?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h:5", "t3"), "postgres://h:5/t3");
    assert_eq!(
        parse_summary("x\n5 files in 0.11s: 5 new, 1 duplicate content, 2 unchanged, 3 rejected\n"),
        Some(Summary {
            new: 5,
            duplicate: 1,
            unchanged: 2,
            rejected: 3
        })
    );
}
