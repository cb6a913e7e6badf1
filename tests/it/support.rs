//! Shared test helpers: temp folders, waiting with a deadline, reading the DB.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdb::store::Reader;

/// The repo's `seeds/` folder.
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

/// One integer from a read-only query, or None if the DB is not there yet.
pub fn count(db: &Path, sql: &str) -> Option<i64> {
    let reader = Reader::open(db, Duration::from_secs(5)).ok()?;
    let out = reader.query(sql, 0, Duration::ZERO).ok()?;
    out.rows.first()?.first()?.as_i64()
}

/// All values of the first column of a query.
pub fn column(db: &Path, sql: &str) -> Vec<serde_json::Value> {
    let reader = Reader::open(db, Duration::from_secs(5)).expect("open reader");
    let out = reader.query(sql, 0, Duration::ZERO).expect("query");
    out.rows
        .into_iter()
        .filter_map(|r| r.into_iter().next())
        .collect()
}
