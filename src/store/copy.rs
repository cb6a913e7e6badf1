//! `newsdb copy SRC DST`: a database moved from one backend to the other (SQLite →
//! PostgreSQL and back) without ingesting again.
//!
//! Every table both schemas have is copied with its ids, in dependency order
//! ([`ORDER`]), columns the two share (generated ones left to the destination),
//! rows streamed: `COPY … FROM STDIN (FORMAT binary)` into PostgreSQL, `COPY (…)
//! TO STDOUT (FORMAT binary)` out of it, prepared inserts into SQLite. The source is
//! read in one snapshot (a read transaction); the destination is written in one
//! transaction, so a failed copy leaves it as it was. The destination is migrated
//! to the latest schema first and must hold no rows unless `force` is given. At
//! the end the destination's identity sequences move past the copied ids
//! (PostgreSQL), its full-text indexes are rebuilt (SQLite), and every table's row
//! count is compared with the source's.

use std::path::{Path, PathBuf};

use postgres::binary_copy::{BinaryCopyInWriter, BinaryCopyOutIter};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use rusqlite::types::{Value, ValueRef};
use thiserror::Error;

use super::pg::PgStore;
use super::{Store, StoreError};

/// Tables in the order rows can be inserted (a row's references before it); other
/// tables both schemas have follow, by name.
pub const ORDER: &[&str] = &[
    "articles",
    "files",
    "paragraph_spans",
    "quote_rows",
    "figure_rows",
    "images",
    "removed_lines",
    "removed_text",
    "removed_runs",
    "removed_blocks",
    "template_lines",
    "stories",
    "story_articles",
    "article_signatures",
    "article_copies",
    "speakers",
    "speaker_aliases",
    "speaker_keys",
    "story_speakers",
    "quote_clusters",
    "quote_cluster_members",
    "quote_keys",
    "quote_cluster_stories",
    "story_figures",
    "figure_disagreements",
    "lsh_bands",
    "lsh_bands_recent",
];

/// Tables never copied: the migration history (each backend has its own) and
/// PostgreSQL's `quotes_fts`, which a trigger fills as quote rows arrive.
const NOT_COPIED: &[&str] = &["refinery_schema_history", "quotes_fts"];

/// One side of a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl Endpoint {
    /// A `postgres://` or `postgresql://` URL, else a SQLite file path.
    pub fn parse(s: &str) -> Endpoint {
        if crate::config::is_postgres_url(s) {
            Endpoint::Postgres(s.to_owned())
        } else {
            Endpoint::Sqlite(PathBuf::from(s))
        }
    }
}

/// Why a copy did not happen.
#[derive(Debug, Error)]
pub enum CopyError {
    /// The store said no.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// SQLite to SQLite or PostgreSQL to PostgreSQL.
    #[error("copy moves a database between SQLite and PostgreSQL; for the same backend use its own tools (cp of a stopped database, pg_dump)")]
    SameBackend,
    /// The source file does not exist.
    #[error("no database at {0}")]
    NoSource(PathBuf),
    /// The destination holds rows already.
    #[error("the destination is not empty ({0} holds {1} rows); copy into a new database, or pass --force to add to it")]
    NotEmpty(String, u64),
    /// A table's row count differs after the copy.
    #[error("table {table}: {read} rows in the source, {copied} in the destination")]
    Count {
        /// The table.
        table: String,
        /// Rows read.
        read: u64,
        /// Rows found in the destination.
        copied: u64,
    },
    /// A value that does not fit the destination's column.
    #[error("table {0}, column {1}: {2}")]
    Value(String, String, String),
}

impl From<rusqlite::Error> for CopyError {
    fn from(e: rusqlite::Error) -> Self {
        CopyError::Store(StoreError::from(e))
    }
}

impl From<postgres::Error> for CopyError {
    fn from(e: postgres::Error) -> Self {
        CopyError::Store(StoreError::from(e))
    }
}

/// A column's kind as the copy converts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int4,
    Int8,
    Float,
    Text,
    Bytes,
}

impl Kind {
    fn of(pg_type: &str) -> Option<Kind> {
        Some(match pg_type {
            "integer" => Kind::Int4,
            "bigint" => Kind::Int8,
            "double precision" => Kind::Float,
            "text" | "character varying" => Kind::Text,
            "bytea" => Kind::Bytes,
            _ => return None,
        })
    }

    fn pg_type(self) -> Type {
        match self {
            Kind::Int4 => Type::INT4,
            Kind::Int8 => Type::INT8,
            Kind::Float => Type::FLOAT8,
            Kind::Text => Type::TEXT,
            Kind::Bytes => Type::BYTEA,
        }
    }
}

/// One table to copy: its shared columns with their kinds.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
}

impl Table {
    fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|(c, _)| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a copy did: each table with its rows, in copy order.
#[derive(Debug, Default)]
pub struct CopyReport {
    /// (table, rows copied).
    pub tables: Vec<(String, u64)>,
}

/// Copies `src` into `dst` (see the module docs); `progress` hears each table
/// as it is done.
pub fn copy(
    src: &Endpoint,
    dst: &Endpoint,
    force: bool,
    mut progress: impl FnMut(&str, u64),
) -> Result<CopyReport, CopyError> {
    match (src, dst) {
        (Endpoint::Sqlite(from), Endpoint::Postgres(to)) => {
            sqlite_to_pg(from, to, force, &mut progress)
        }
        (Endpoint::Postgres(from), Endpoint::Sqlite(to)) => {
            pg_to_sqlite(from, to, force, &mut progress)
        }
        _ => Err(CopyError::SameBackend),
    }
}

/// The PostgreSQL tables (not views) with their copyable columns: generated
/// columns and columns of a type the copy does not know are left out.
fn pg_tables(tx: &mut postgres::Transaction) -> Result<Vec<Table>, CopyError> {
    let rows = tx.query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_generated::text
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
         ORDER BY c.table_name, c.ordinal_position",
        &[],
    )?;
    let mut tables: Vec<Table> = Vec::new();
    for r in rows {
        let (table, column, ty, generated): (String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        if generated != "NEVER" {
            continue;
        }
        let Some(kind) = Kind::of(&ty) else {
            tracing::warn!(table, column, ty, "column of an unknown type not copied");
            continue;
        };
        match tables.last_mut() {
            Some(t) if t.name == table => t.columns.push((column, kind)),
            _ => tables.push(Table {
                name: table,
                columns: vec![(column, kind)],
            }),
        }
    }
    Ok(tables)
}

/// The SQLite tables (virtual tables and their shadow tables aside) with their
/// stored columns (generated ones aside).
fn sqlite_tables(conn: &rusqlite::Connection) -> Result<Vec<(String, Vec<String>)>, CopyError> {
    let mut names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
               AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // FTS5 shadow tables: `<virtual table>_data`, `_idx`, `_docsize`, `_config`, `_content`.
    let virtuals: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    names.retain(|n| !virtuals.iter().any(|v| n.starts_with(&format!("{v}_"))));
    let mut out = Vec::new();
    for name in names {
        let cols: Vec<String> = conn
            .prepare(&format!(
                "SELECT name, hidden FROM pragma_table_xinfo('{name}')"
            ))?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .filter_map(|c| c.ok().filter(|(_, hidden)| *hidden == 0).map(|(n, _)| n))
            .collect();
        out.push((name, cols));
    }
    Ok(out)
}

/// The tables both sides have, each with the columns both have (the PostgreSQL
/// kinds), in [`ORDER`] then by name. Columns only one side has are logged.
fn shared_tables(pg: Vec<Table>, sqlite: &[(String, Vec<String>)]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for mut t in pg {
        if NOT_COPIED.contains(&t.name.as_str()) {
            continue;
        }
        let Some((_, cols)) = sqlite.iter().find(|(n, _)| *n == t.name) else {
            tracing::warn!(table = t.name, "table only PostgreSQL has: not copied");
            continue;
        };
        t.columns.retain(|(c, _)| {
            let shared = cols.contains(c);
            if !shared {
                tracing::warn!(table = t.name, column = c, "column only PostgreSQL has");
            }
            shared
        });
        for c in cols {
            if !t.columns.iter().any(|(p, _)| p == c) {
                tracing::warn!(
                    table = t.name,
                    column = c,
                    "column only SQLite has: not copied"
                );
            }
        }
        out.push(t);
    }
    for (name, _) in sqlite {
        if name != "refinery_schema_history" && !out.iter().any(|t| t.name == *name) {
            tracing::warn!(table = name, "table only SQLite has: not copied");
        }
    }
    let rank = |n: &str| ORDER.iter().position(|o| *o == n).unwrap_or(ORDER.len());
    out.sort_by(|a, b| (rank(&a.name), &a.name).cmp(&(rank(&b.name), &b.name)));
    out
}

/// Opens the SQLite source read-only, in one read transaction.
fn open_sqlite_source(path: &Path) -> Result<rusqlite::Connection, CopyError> {
    if !path.is_file() {
        return Err(CopyError::NoSource(path.to_owned()));
    }
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

fn sqlite_to_pg(
    from: &Path,
    to: &str,
    force: bool,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<CopyReport, CopyError> {
    let mut src = open_sqlite_source(from)?;
    let snapshot = src.transaction()?;
    let mut store = PgStore::open(to)?;
    let mut tx = store.client.transaction()?;
    let tables = shared_tables(pg_tables(&mut tx)?, &sqlite_tables(&snapshot)?);
    if !force {
        for t in &tables {
            let n: i64 = tx
                .query_one(&format!("SELECT count(*) FROM \"{}\"", t.name), &[])?
                .get(0);
            if n > 0 {
                return Err(CopyError::NotEmpty(t.name.clone(), n as u64));
            }
        }
    }
    let mut report = CopyReport::default();
    for t in &tables {
        let n = copy_table_into_pg(&snapshot, &mut tx, t)?;
        progress(&t.name, n);
        report.tables.push((t.name.clone(), n));
    }
    for t in &tables {
        move_sequence(&mut tx, t)?;
        let copied: i64 = tx
            .query_one(&format!("SELECT count(*) FROM \"{}\"", t.name), &[])?
            .get(0);
        let source: i64 =
            snapshot.query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                r.get(0)
            })?;
        check_count(t, source, copied, force)?;
    }
    tx.commit()?;
    Ok(report)
}

/// The row counts agree (with `force`, the destination may hold more).
fn check_count(t: &Table, source: i64, copied: i64, force: bool) -> Result<(), CopyError> {
    if copied == source || (force && copied > source) {
        return Ok(());
    }
    Err(CopyError::Count {
        table: t.name.clone(),
        read: source as u64,
        copied: copied as u64,
    })
}

/// Streams one table's rows from SQLite into a binary COPY; returns the rows.
fn copy_table_into_pg(
    src: &rusqlite::Connection,
    tx: &mut postgres::Transaction,
    t: &Table,
) -> Result<u64, CopyError> {
    let cols = t.column_list();
    let types: Vec<Type> = t.columns.iter().map(|(_, k)| k.pg_type()).collect();
    let sink = tx.copy_in(&format!(
        "COPY \"{}\" ({cols}) FROM STDIN (FORMAT binary)",
        t.name
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut stmt = src.prepare(&format!("SELECT {cols} FROM \"{}\"", t.name))?;
    let mut rows = stmt.query([])?;
    let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(t.columns.len());
    while let Some(r) = rows.next()? {
        values.clear();
        for (i, (name, kind)) in t.columns.iter().enumerate() {
            let v = to_pg(r.get_ref(i)?, *kind)
                .map_err(|e| CopyError::Value(t.name.clone(), name.clone(), e))?;
            values.push(v);
        }
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
        writer.write(&refs)?;
    }
    Ok(writer.finish()?)
}

/// A SQLite value as the PostgreSQL column's kind wants it.
fn to_pg(v: ValueRef, kind: Kind) -> Result<Box<dyn ToSql + Sync>, String> {
    let bad = |what: &str| Err(format!("a {what} value where {kind:?} was expected"));
    Ok(match (v, kind) {
        (ValueRef::Null, Kind::Int4) => Box::new(None::<i32>),
        (ValueRef::Null, Kind::Int8) => Box::new(None::<i64>),
        (ValueRef::Null, Kind::Float) => Box::new(None::<f64>),
        (ValueRef::Null, Kind::Text) => Box::new(None::<String>),
        (ValueRef::Null, Kind::Bytes) => Box::new(None::<Vec<u8>>),
        (ValueRef::Integer(i), Kind::Int4) => {
            Box::new(i32::try_from(i).map_err(|e| e.to_string())?)
        }
        (ValueRef::Integer(i), Kind::Int8) => Box::new(i),
        (ValueRef::Integer(i), Kind::Float) => Box::new(i as f64),
        (ValueRef::Integer(i), Kind::Text) => Box::new(i.to_string()),
        (ValueRef::Real(f), Kind::Float) => Box::new(f),
        (ValueRef::Real(f), Kind::Text) => Box::new(f.to_string()),
        (ValueRef::Text(s), Kind::Text) => Box::new(String::from_utf8_lossy(s).into_owned()),
        (ValueRef::Blob(b), Kind::Bytes) => Box::new(b.to_vec()),
        (ValueRef::Text(s), Kind::Bytes) => Box::new(s.to_vec()),
        (ValueRef::Real(_), _) => return bad("real"),
        (ValueRef::Text(_), _) => return bad("text"),
        (ValueRef::Blob(_), _) => return bad("blob"),
        (ValueRef::Integer(_), Kind::Bytes) => return bad("integer"),
    })
}

/// Moves an identity column's sequence past the highest id copied.
fn move_sequence(tx: &mut postgres::Transaction, t: &Table) -> Result<(), CopyError> {
    let identity: Option<String> = tx
        .query_opt(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
            &[&t.name],
        )?
        .map(|r| r.get(0));
    let Some(col) = identity else {
        return Ok(());
    };
    tx.execute(
        &format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), max(\"{col}\")) FROM \"{}\"
             HAVING max(\"{col}\") IS NOT NULL",
            t.name
        ),
        &[&t.name, &col],
    )?;
    Ok(())
}

fn pg_to_sqlite(
    from: &str,
    to: &Path,
    force: bool,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<CopyReport, CopyError> {
    let mut client = super::pg::connect(from)?;
    let mut snapshot = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let mut store = Store::open(to, std::time::Duration::from_secs(30))?;
    let tx = store.conn.transaction()?;
    let tables = shared_tables(pg_tables(&mut snapshot)?, &sqlite_tables(&tx)?);
    if !force {
        for t in &tables {
            let n: i64 =
                tx.query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                    r.get(0)
                })?;
            if n > 0 {
                return Err(CopyError::NotEmpty(t.name.clone(), n as u64));
            }
        }
    }
    let mut report = CopyReport::default();
    for t in &tables {
        let n = copy_table_from_pg(&mut snapshot, &tx, t)?;
        progress(&t.name, n);
        report.tables.push((t.name.clone(), n));
    }
    // The FTS5 indexes are external-content: rebuilt from the copied rows.
    tx.execute_batch(
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
         INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');",
    )?;
    for t in &tables {
        let copied: i64 =
            tx.query_row(&format!("SELECT count(*) FROM \"{}\"", t.name), [], |r| {
                r.get(0)
            })?;
        let source: i64 = snapshot
            .query_one(&format!("SELECT count(*) FROM \"{}\"", t.name), &[])?
            .get(0);
        check_count(t, source, copied, force)?;
    }
    tx.commit()?;
    Ok(report)
}

/// Streams one table's rows out of PostgreSQL (binary COPY) into SQLite.
fn copy_table_from_pg(
    src: &mut postgres::Transaction,
    tx: &rusqlite::Transaction,
    t: &Table,
) -> Result<u64, CopyError> {
    let cols = t.column_list();
    let types: Vec<Type> = t.columns.iter().map(|(_, k)| k.pg_type()).collect();
    let placeholders = vec!["?"; t.columns.len()].join(", ");
    let mut insert = tx.prepare(&format!(
        "INSERT INTO \"{}\" ({cols}) VALUES ({placeholders})",
        t.name
    ))?;
    let reader = src.copy_out(&format!(
        "COPY (SELECT {cols} FROM \"{}\") TO STDOUT (FORMAT binary)",
        t.name
    ))?;
    let mut rows = BinaryCopyOutIter::new(reader, &types);
    let mut n = 0;
    let mut values: Vec<Value> = Vec::with_capacity(t.columns.len());
    while let Some(r) = rows.next()? {
        values.clear();
        for (i, (_, kind)) in t.columns.iter().enumerate() {
            values.push(match kind {
                Kind::Int4 => r
                    .try_get::<Option<i32>>(i)?
                    .map_or(Value::Null, |v| Value::Integer(v.into())),
                Kind::Int8 => r
                    .try_get::<Option<i64>>(i)?
                    .map_or(Value::Null, Value::Integer),
                Kind::Float => r
                    .try_get::<Option<f64>>(i)?
                    .map_or(Value::Null, Value::Real),
                Kind::Text => r
                    .try_get::<Option<String>>(i)?
                    .map_or(Value::Null, Value::Text),
                Kind::Bytes => r
                    .try_get::<Option<Vec<u8>>>(i)?
                    .map_or(Value::Null, Value::Blob),
            });
        }
        insert.execute(rusqlite::params_from_iter(&values))?;
        n += 1;
    }
    Ok(n)
}
