//! The read-only side: `query` and `status`.
//!
//! A [`Reader`] opens the database with `SQLITE_OPEN_READ_ONLY` and installs an
//! authorizer that allows only reads: no writes, no ATTACH/DETACH, no pragma that
//! changes anything, no extension loading. A progress handler enforces the query
//! time limit and the caller's row cap stops reading early. In a folder it cannot
//! write to, a reader opens the database `immutable=1` (see [`Reader::open`]).

use std::path::Path;
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
        match Reader::open_with(path, busy_timeout, false) {
            Err(StoreError::Sqlite(e)) if cannot_share(&e) && !super::writer_running(path) => {
                let wal = wal_path(path);
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    tracing::warn!(
                        wal = %wal.display(),
                        "the folder is read-only: reading the database without its WAL file, whose last commits are not seen"
                    );
                }
                Reader::open_with(path, busy_timeout, true)
            }
            other => other,
        }
    }

    fn open_with(
        path: &Path,
        busy_timeout: Duration,
        immutable: bool,
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
        conn.pragma_update(None, "query_only", "ON")?;
        conn.authorizer(Some(authorize));
        Ok(Reader { conn })
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
        if !timeout.is_zero() {
            let deadline = Instant::now() + timeout;
            self.conn
                .progress_handler(10_000, Some(move || Instant::now() > deadline));
        }
        let mut rows_out = Vec::new();
        let mut truncated = false;
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next().map_err(|e| interrupted(e, timeout))? {
            if max_rows > 0 && rows_out.len() as u64 >= max_rows {
                truncated = true;
                break;
            }
            let mut values = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                values.push(to_json(row.get_ref(i)?));
            }
            rows_out.push(values);
        }
        drop(rows);
        self.conn.progress_handler(0, None::<fn() -> bool>);
        Ok(QueryOutput {
            columns,
            rows: rows_out,
            truncated,
        })
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

fn interrupted(e: rusqlite::Error, timeout: Duration) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            StoreError::Timeout(u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX))
        }
        _ => StoreError::Sqlite(e),
    }
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
