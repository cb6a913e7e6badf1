//! The read-only side: `query` and `status`.
//!
//! A [`Reader`] opens the database with `SQLITE_OPEN_READ_ONLY` and installs an
//! authorizer that allows only reads: no writes, no ATTACH/DETACH, no pragma that
//! changes anything, no extension loading. A progress handler enforces the query
//! time limit and the caller's row cap stops reading early. In a folder it cannot
//! write to, a reader opens the database `immutable=1` (see [`Reader::open`]).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{schema_version, StoreError};

/// Pragmas a reader may run: all of them only report.
const READ_ONLY_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "database_list",
    "collation_list",
    "function_list",
    "module_list",
    "pragma_list",
    "compile_options",
    "integrity_check",
    "quick_check",
    "user_version",
    "schema_version",
    "page_count",
    "page_size",
    "freelist_count",
    "journal_mode",
    "foreign_keys",
    "data_version",
];

/// Functions a reader may not call.
const DENIED_FUNCTIONS: &[&str] = &["load_extension", "readfile", "writefile", "edit"];

/// Rows of a query, as JSON values so every output format can use them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryOutput {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<serde_json::Value>>,
    /// True when the row cap cut the result.
    pub truncated: bool,
}

/// Where [`Reader::query_each`] puts a query's columns and rows.
pub trait RowSink {
    /// The column names, once, before any row.
    fn columns(&mut self, columns: &[String]) -> std::io::Result<()>;
    /// One row, as long as the columns.
    fn row(&mut self, row: Vec<serde_json::Value>) -> std::io::Result<()>;
}

impl RowSink for QueryOutput {
    fn columns(&mut self, columns: &[String]) -> std::io::Result<()> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, row: Vec<serde_json::Value>) -> std::io::Result<()> {
        self.rows.push(row);
        Ok(())
    }
}

/// How much a query may return and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// At most this many rows (0 = all).
    pub max_rows: u64,
    /// Interrupt the query, printing included, after this long (zero = no limit).
    pub timeout: Duration,
}

/// How a streamed query ended (see [`Reader::query_each`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueryEnd {
    /// Rows handed out.
    pub rows: u64,
    /// True when the row cap stopped the query.
    pub truncated: bool,
}

/// Counts and health of a database, for `newsdb status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Highest applied migration.
    pub schema_version: i64,
    /// Stored articles.
    pub articles: i64,
    /// Stored quotes.
    pub quotes: i64,
    /// Stored figures.
    pub figures: i64,
    /// Files ingested.
    pub files_ingested: i64,
    /// Files rejected.
    pub files_rejected: i64,
    /// Files deleted from the folder since ingest.
    pub files_deleted: i64,
    /// When the last file was written.
    pub last_ingest: Option<String>,
    /// The most recent rejected files and why (at most 20).
    pub rejected: Vec<(String, String)>,
    /// What cross-source linking found.
    pub links: LinkFindings,
}

/// What cross-source linking found, in plain numbers (`newsdb status`). An outlet
/// is an article's publisher; articles without one count as no outlet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkFindings {
    /// Stories of more than one article.
    pub stories_with_several_articles: i64,
    /// Stories whose articles name at least two different outlets.
    pub stories_with_several_outlets: i64,
    /// Quote clusters carried by more than one article.
    pub quotes_in_several_articles: i64,
    /// Quote clusters carried by at least two different outlets.
    pub quotes_in_several_outlets: i64,
    /// Figure disagreements (always between two articles of one story).
    pub figure_disagreements: i64,
    /// Of those, between two named, different outlets.
    pub figure_disagreements_between_outlets: i64,
}

impl std::fmt::Display for LinkFindings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} multi-article stories ({} with several outlets), {} quotes in several \
             articles ({} in several outlets), {} figure disagreements ({} between \
             different outlets)",
            self.stories_with_several_articles,
            self.stories_with_several_outlets,
            self.quotes_in_several_articles,
            self.quotes_in_several_outlets,
            self.figure_disagreements,
            self.figure_disagreements_between_outlets
        )
    }
}

/// Counts [`LinkFindings`] (one pass over story members, cluster members and
/// disagreements).
fn link_findings(conn: &Connection) -> Result<LinkFindings, StoreError> {
    Ok(conn.query_row(
        "SELECT
             (SELECT count(*) FROM (SELECT 1 FROM story_articles GROUP BY story_id
                                    HAVING count(*) > 1)),
             (SELECT count(*) FROM (SELECT 1 FROM story_articles sa
                                    JOIN articles a ON a.id = sa.article_id
                                    GROUP BY sa.story_id
                                    HAVING count(DISTINCT lower(a.outlet)) > 1)),
             (SELECT count(*) FROM (SELECT 1 FROM quote_cluster_members GROUP BY cluster_id
                                    HAVING count(DISTINCT article_id) > 1)),
             (SELECT count(*) FROM (SELECT 1 FROM quote_cluster_members m
                                    JOIN articles a ON a.id = m.article_id
                                    GROUP BY m.cluster_id
                                    HAVING count(DISTINCT lower(a.outlet)) > 1)),
             (SELECT count(*) FROM figure_disagreements),
             (SELECT count(*) FROM figure_disagreements WHERE outlets = 'different')",
        [],
        |r| {
            Ok(LinkFindings {
                stories_with_several_articles: r.get(0)?,
                stories_with_several_outlets: r.get(1)?,
                quotes_in_several_articles: r.get(2)?,
                quotes_in_several_outlets: r.get(3)?,
                figure_disagreements: r.get(4)?,
                figure_disagreements_between_outlets: r.get(5)?,
            })
        },
    )?)
}

/// A read-only connection.
pub struct Reader {
    conn: Connection,
    /// The cap set by [`Reader::open_capped`].
    temp_cap: Option<TempCap>,
}

/// A cap on a reader's temporary storage, which SQLite keeps in memory: a query
/// stops once this process holds more than `bytes` beyond `baseline`.
#[derive(Debug, Clone, Copy)]
struct TempCap {
    bytes: u64,
    baseline: u64,
}

impl TempCap {
    fn exceeded(&self) -> bool {
        resident_bytes().is_some_and(|now| now.saturating_sub(self.baseline) > self.bytes)
    }
}

/// This process's resident memory (`VmRSS` of `/proc/self/status`), where there is one.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kib: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}

fn authorize(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => {
            Authorization::Allow
        }
        AuthAction::Function { function_name } => {
            if DENIED_FUNCTIONS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(function_name))
            {
                Authorization::Deny
            } else {
                Authorization::Allow
            }
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let reads = READ_ONLY_PRAGMAS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(pragma_name));
            // A value is an argument for the table_info family but a write for the rest.
            let takes_arg = pragma_name.to_ascii_lowercase().ends_with("info")
                || pragma_name.eq_ignore_ascii_case("index_list")
                || pragma_name.eq_ignore_ascii_case("foreign_key_list")
                || pragma_name.eq_ignore_ascii_case("integrity_check")
                || pragma_name.eq_ignore_ascii_case("quick_check");
            if reads && (pragma_value.is_none() || takes_arg) {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        _ => Authorization::Deny,
    }
}

impl Reader {
    /// Opens `path` read-only. Fails if the database does not exist.
    ///
    /// A database in WAL mode needs its `-shm` file, which a reader creates when it
    /// is missing; in a folder the reader cannot write to (`SQLITE_READONLY_DIRECTORY`,
    /// "unable to open database file") and with no writer holding the lock, the
    /// database is opened `immutable=1` instead: SQLite then reads the main file
    /// only, so commits still in a `-wal` file (left by a writer that was killed)
    /// are not seen, and a warning says so.
    pub fn open(path: &Path, busy_timeout: Duration) -> Result<Reader, StoreError> {
        Reader::open_capped(path, busy_timeout, None)
    }

    /// [`Reader::open`] with a cap of `temp_limit` bytes on SQLite's temporary
    /// storage (sorts, DISTINCT, GROUP BY, materialised subqueries): it is kept in
    /// memory instead of temporary files, and a query during which this process
    /// grows by more than the cap stops with [`StoreError::TempStorage`], so a
    /// runaway query can neither fill the disk nor the memory. Where the process's
    /// memory cannot be measured (no `/proc/self/status`), temporary storage stays
    /// in files, uncapped.
    pub fn open_capped(
        path: &Path,
        busy_timeout: Duration,
        temp_limit: Option<u64>,
    ) -> Result<Reader, StoreError> {
        let cap = temp_limit.and_then(|bytes| {
            let baseline = resident_bytes();
            if baseline.is_none() {
                tracing::debug!("cannot measure this process's memory: temporary storage stays in files, uncapped");
            }
            baseline.map(|baseline| TempCap { bytes, baseline })
        });
        let mut reader = Reader::open_either(path, busy_timeout, cap.is_some()).map_err(damage)?;
        reader.temp_cap = cap;
        Ok(reader)
    }

    fn open_either(
        path: &Path,
        busy_timeout: Duration,
        temp_in_memory: bool,
    ) -> Result<Reader, StoreError> {
        match Reader::open_with(path, busy_timeout, false, temp_in_memory) {
            Err(StoreError::Sqlite(e)) if cannot_share(&e) && !super::writer_running(path) => {
                let wal = wal_path(path);
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    tracing::warn!(
                        wal = %wal.display(),
                        "the folder is read-only: reading the database without its WAL file, whose last commits are not seen"
                    );
                }
                Reader::open_with(path, busy_timeout, true, temp_in_memory)
            }
            other => other,
        }
    }

    fn open_with(
        path: &Path,
        busy_timeout: Duration,
        immutable: bool,
        temp_in_memory: bool,
    ) -> Result<Reader, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)?
        } else {
            Connection::open_with_flags(path, flags)?
        };
        conn.busy_timeout(busy_timeout)?;
        // Opening is lazy: the first read is what finds an unusable folder.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        if temp_in_memory {
            conn.pragma_update(None, "temp_store", "MEMORY")?;
        }
        conn.pragma_update(None, "query_only", "ON")?;
        conn.authorizer(Some(authorize));
        Ok(Reader {
            conn,
            temp_cap: None,
        })
    }

    /// Runs one read-only statement, returning at most `max_rows` rows (0 = all)
    /// and failing after `timeout` (zero = no limit).
    pub fn query(
        &self,
        sql: &str,
        max_rows: u64,
        timeout: Duration,
    ) -> Result<QueryOutput, StoreError> {
        self.query_with(sql, &[], max_rows, timeout)
    }

    /// [`Reader::query`] with named parameters (`:name`, `@name` or `$name` in the
    /// SQL, `name` in `params`): a value that reads as an integer is bound as one,
    /// anything else as text. Every parameter must be given, and used.
    pub fn query_with(
        &self,
        sql: &str,
        params: &[(String, String)],
        max_rows: u64,
        timeout: Duration,
    ) -> Result<QueryOutput, StoreError> {
        let mut output = QueryOutput {
            columns: Vec::new(),
            rows: Vec::new(),
            truncated: false,
        };
        let end = self.query_each(sql, params, QueryLimits { max_rows, timeout }, &mut output)?;
        output.truncated = end.truncated;
        Ok(output)
    }

    /// Runs one read-only statement and hands each row to `sink` as it comes,
    /// nothing collected. The time limit covers what the sink does (printing), not
    /// only SQLite's work: past it the query stops with [`StoreError::Timeout`]. An
    /// error from the sink stops the query and is returned as [`StoreError::Output`].
    pub fn query_each(
        &self,
        sql: &str,
        params: &[(String, String)],
        limits: QueryLimits,
        sink: &mut impl RowSink,
    ) -> Result<QueryEnd, StoreError> {
        let sql = sql.trim();
        let mut stmt = self.conn.prepare(sql).map_err(refusal)?;
        if !stmt.readonly() {
            return Err(StoreError::Refused(
                "the query command is read-only (INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH … are not allowed)"
                    .into(),
            ));
        }
        bind(&mut stmt, params)?;
        let columns: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let timeout = limits.timeout;
        let deadline = (!timeout.is_zero()).then(|| Instant::now() + timeout);
        let cap = self.temp_cap;
        let over_cap = Arc::new(AtomicBool::new(false));
        if deadline.is_some() || cap.is_some() {
            let flag = Arc::clone(&over_cap);
            let mut calls: u32 = 0;
            // Every 10,000 steps: the clock; every 80,000: the memory held.
            self.conn.progress_handler(
                10_000,
                Some(move || {
                    if deadline.is_some_and(|d| Instant::now() > d) {
                        return true;
                    }
                    calls = calls.wrapping_add(1);
                    let over = calls.is_multiple_of(8) && cap.is_some_and(|c| c.exceeded());
                    flag.store(over, Ordering::Relaxed);
                    over
                }),
            );
        }
        let result = (|| {
            sink.columns(&columns).map_err(StoreError::Output)?;
            let mut end = QueryEnd::default();
            let mut rows = stmt.raw_query();
            let failed = |e| failure(e, timeout, &over_cap, cap);
            while let Some(row) = rows.next().map_err(failed)? {
                if limits.max_rows > 0 && end.rows >= limits.max_rows {
                    end.truncated = true;
                    break;
                }
                let mut values = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    values.push(to_json(row.get_ref(i)?));
                }
                sink.row(values).map_err(StoreError::Output)?;
                end.rows += 1;
                if deadline.is_some_and(|d| Instant::now() > d) {
                    return Err(StoreError::Timeout(millis(timeout)));
                }
            }
            Ok(end)
        })();
        self.conn.progress_handler(0, None::<fn() -> bool>);
        result
    }

    /// Of the files stored under `paths` (path keys), those rejected and why.
    pub fn rejected_among(&self, paths: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        let keys = serde_json::to_string(paths).unwrap_or_else(|_| "[]".to_owned());
        let mut stmt = self.conn.prepare(
            "SELECT path, coalesce(error, '') FROM files
             WHERE status = 'rejected' AND path IN (SELECT value FROM json_each(?1))
             ORDER BY path",
        )?;
        let rows = stmt
            .query_map([keys], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// SQLite's `quick_check` of every page: fails with [`StoreError::Damaged`]
    /// and the first problems found when the database is damaged.
    pub fn check(&self) -> Result<(), StoreError> {
        let found: Result<Vec<String>, rusqlite::Error> = self
            .conn
            .prepare("PRAGMA quick_check(5)")
            .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
        match found {
            Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(()),
            Ok(lines) => Err(StoreError::Damaged(lines.join("; "))),
            Err(e) => Err(damage(e.into())),
        }
    }

    /// Counts, last ingest and recent rejects.
    pub fn status(&self) -> Result<Status, StoreError> {
        let count = |sql: &str| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        let mut stmt = self.conn.prepare(
            "SELECT path, coalesce(error, '') FROM files WHERE status = 'rejected'
             ORDER BY updated_at DESC LIMIT 20",
        )?;
        let rejected = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Status {
            schema_version: schema_version(&self.conn)?,
            articles: count("SELECT count(*) FROM articles")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            figures: count("SELECT count(*) FROM figures")?,
            files_ingested: count("SELECT count(*) FROM files WHERE status = 'ingested'")?,
            files_rejected: count("SELECT count(*) FROM files WHERE status = 'rejected'")?,
            files_deleted: count("SELECT count(*) FROM files WHERE status = 'deleted'")?,
            last_ingest: self.conn.query_row(
                "SELECT max(updated_at) FROM files WHERE status <> 'deleted'",
                [],
                |r| r.get(0),
            )?,
            rejected,
            links: link_findings(&self.conn)?,
        })
    }
}

/// SQLite's "malformed" and "not a database" as [`StoreError::Damaged`].
fn damage(e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, message))
            if f.code == rusqlite::ErrorCode::DatabaseCorrupt
                || f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            StoreError::Damaged(message.unwrap_or_else(|| f.to_string()))
        }
        other => other,
    }
}

/// Whether opening failed because SQLite could not create the files it shares
/// with other connections (`-shm`) beside the database.
fn cannot_share(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    )
}

fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// `file:<path>?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Binds `params` by name; says which one is missing or unknown.
fn bind(stmt: &mut rusqlite::Statement<'_>, params: &[(String, String)]) -> Result<(), StoreError> {
    let mut bound = vec![false; stmt.parameter_count()];
    for (name, value) in params {
        let index = [':', '@', '$']
            .iter()
            .find_map(|p| stmt.parameter_index(&format!("{p}{name}")).ok().flatten())
            .ok_or_else(|| StoreError::Refused(format!("the query has no parameter :{name}")))?;
        match value.parse::<i64>() {
            Ok(n) if n.to_string() == *value => stmt.raw_bind_parameter(index, n)?,
            _ => stmt.raw_bind_parameter(index, value.as_str())?,
        }
        bound[index - 1] = true;
    }
    if let Some(i) = bound.iter().position(|b| !b) {
        let name = stmt.parameter_name(i + 1).unwrap_or("?").to_owned();
        return Err(StoreError::Refused(format!(
            "no value for {name} (pass -p {}=VALUE)",
            name.trim_start_matches([':', '@', '$'])
        )));
    }
    Ok(())
}

fn refusal(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::AuthorizationForStatementDenied => {
            StoreError::Refused(
                "not allowed on a read-only query connection (writes, ATTACH, pragmas that change state, extensions)".into(),
            )
        }
        rusqlite::Error::MultipleStatement => {
            StoreError::Refused("one statement at a time".into())
        }
        _ => StoreError::Sqlite(e),
    }
}

/// What a failure while stepping means: the time limit, the temporary-storage
/// cap, or something SQLite says.
fn failure(
    e: rusqlite::Error,
    timeout: Duration,
    over_cap: &AtomicBool,
    cap: Option<TempCap>,
) -> StoreError {
    match (&e, cap) {
        (rusqlite::Error::SqliteFailure(f, _), Some(cap))
            if f.code == rusqlite::ErrorCode::OperationInterrupted
                && over_cap.load(Ordering::Relaxed) =>
        {
            StoreError::TempStorage(cap.bytes >> 20)
        }
        (rusqlite::Error::SqliteFailure(f, _), _)
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            StoreError::Timeout(millis(timeout))
        }
        _ => StoreError::Sqlite(e),
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn to_json(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => format!("<{} bytes>", b.len()).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts rows and takes `per_row` of wall time on each, as slow printing would.
    struct SlowSink {
        rows: usize,
        per_row: Duration,
    }

    impl RowSink for SlowSink {
        fn columns(&mut self, _: &[String]) -> std::io::Result<()> {
            Ok(())
        }

        fn row(&mut self, _: Vec<serde_json::Value>) -> std::io::Result<()> {
            let until = Instant::now() + self.per_row;
            while Instant::now() < until {
                std::hint::spin_loop();
            }
            self.rows += 1;
            Ok(())
        }
    }

    #[test]
    fn the_time_limit_covers_printing_the_rows() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = tmp.path().join("n.db");
        Connection::open(&db)
            .and_then(|c| {
                c.execute_batch(
                    "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3), (4), (5), (6);",
                )
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let reader = Reader::open(&db, Duration::from_secs(1)).unwrap_or_else(|e| panic!("{e}"));
        let mut sink = SlowSink {
            rows: 0,
            per_row: Duration::from_millis(40),
        };
        let limits = QueryLimits {
            max_rows: 0,
            timeout: Duration::from_millis(100),
        };
        // Too few steps for SQLite's progress handler to fire: only the row loop can stop it.
        let result = reader.query_each("SELECT x FROM t", &[], limits, &mut sink);
        assert!(
            matches!(result, Err(StoreError::Timeout(100))),
            "{result:?}"
        );
        assert!(sink.rows < 6, "{} rows printed", sink.rows);
    }

    #[test]
    fn immutable_uri_escapes_what_uris_reserve() {
        assert_eq!(
            immutable_uri(Path::new("/data/news #1?.db")),
            "file:/data/news %231%3F.db?immutable=1"
        );
        assert_eq!(
            immutable_uri(Path::new("a%b.db")),
            "file:a%25b.db?immutable=1"
        );
    }
}
