//! The only module that touches SQLite.
//!
//! [`Store`] is the single writer: it holds the writer lock (`<db>.lock`), applies the
//! embedded refinery migrations on open and sets the connection pragmas. `write.rs`
//! puts whole files into the database, one transaction per batch, with the content
//! hash written in the same transaction as the rows (exactly-once). `read.rs` is the
//! read-only side used by `query` and `status`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use thiserror::Error;

mod backend;
mod bands;
mod checkpoint;
pub mod copy;
mod link;
mod pack;
mod pg;
mod prepared;
mod read;
mod retemplate;
mod write;

pub use backend::{open_writer, Writer};
pub use pg::{PgLinker, PgReader, PgStore};
pub use prepared::{PreparedFile, Rejection};
pub use read::{LinkFindings, QueryEnd, QueryLimits, QueryOutput, Reader, RowSink, Status};
pub use write::{FileMeta, FileState, FileStatus, WriteResult};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// What can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL said no (or could not be reached).
    #[error("PostgreSQL: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migration(#[from] refinery::Error),
    /// Another process holds the writer lock.
    #[error("another newsdb process is writing {0} (lock {1} is held); stop it first")]
    Locked(PathBuf, PathBuf),
    /// The lock file could not be created.
    #[error("cannot create lock file {0}: {1}")]
    LockFile(PathBuf, std::io::Error),
    /// The query is not read-only or is not allowed.
    #[error("refused: {0}")]
    Refused(String),
    /// The query ran past its time limit.
    #[error("query interrupted after {0} ms (query.timeout_ms)")]
    Timeout(u64),
    /// The query needed more temporary storage than the cap allows.
    #[error(
        "the query needs more than {0} MiB of temporary storage (query.max_temp_mb): \
         add a LIMIT, a narrower WHERE, or raise the cap"
    )]
    TempStorage(u64),
    /// `quick_check` found damage.
    #[error("the database is damaged ({0}); restore it from a backup, or move it aside and ingest the folder again")]
    Damaged(String),
    /// Writing a query's rows out failed (a closed pipe, a full disk).
    #[error("writing the query's output: {0}")]
    Output(std::io::Error),
    /// The path names no file SQLite would keep (empty, `:memory:`, a URI).
    #[error("database path {0:?} names no file: nothing written there would be kept")]
    NotAFile(PathBuf),
}

/// A PostgreSQL error with the server's message, detail and hint when it sent
/// them (the client's own `Display` says only "db error").
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_owned();
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; hint: {hint}"));
            }
            text
        }
        None => e.to_string(),
    }
}

/// The writer lock: an exclusive OS file lock on `<db>.lock`, released on drop
/// (also when the process dies, so a crash never leaves a stale lock).
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    path: PathBuf,
}

impl WriterLock {
    /// Takes the lock for `db`, or says who holds it.
    pub fn acquire(db: &Path) -> Result<WriterLock, StoreError> {
        let path = lock_path(db);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::LockFile(path.clone(), e))?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(db.to_owned(), path)),
            Err(std::fs::TryLockError::Error(e)) => Err(StoreError::LockFile(path, e)),
        }
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the lock file's contents with `text` (the daemon's heartbeat, which
    /// `status` shows). The lock itself does not depend on the contents.
    pub fn write_note(&self, text: &str) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        self.file.set_len(0)?;
        self.file.write_all_at(text.as_bytes(), 0)
    }
}

/// What the writer last wrote into its lock file, if a writer holds the lock.
pub fn writer_note(db: &Path) -> Option<String> {
    if !writer_running(db) {
        return None;
    }
    std::fs::read_to_string(lock_path(db)).ok()
}

/// `<db>.lock` beside the database file that `db` resolves to (symlinks followed,
/// so two names for one database share one lock).
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = resolved(db).into_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

/// The database file `db` names, with symlinks (of the file and its folders)
/// resolved; a file not created yet is resolved through its folder.
pub fn resolved(db: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(db) {
        return p;
    }
    let (Some(parent), Some(name)) = (db.parent(), db.file_name()) else {
        return db.to_owned();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::canonicalize(parent).map_or_else(|_| db.to_owned(), |p| p.join(name))
}

/// Refuses paths SQLite would not treat as a file of its own: empty (a temporary
/// database), `:memory:` and `file:` URIs.
fn check_file_path(path: &Path) -> Result<(), StoreError> {
    let s = path.to_string_lossy();
    if s.trim().is_empty() || s == ":memory:" || s.starts_with("file:") {
        return Err(StoreError::NotAFile(path.to_owned()));
    }
    Ok(())
}

/// Whether some process holds the writer lock of `db` right now.
pub fn writer_running(db: &Path) -> bool {
    let path = lock_path(db);
    let Ok(file) = std::fs::OpenOptions::new().read(true).open(&path) else {
        return false;
    };
    matches!(
        file.try_lock_shared(),
        Err(std::fs::TryLockError::WouldBlock)
    )
}

/// The single writer connection.
pub struct Store {
    pub(crate) conn: Connection,
    /// Checkpoints the WAL on its own thread (none for in-memory stores, or if the
    /// thread could not start: then SQLite's automatic checkpoints stay on). Dropped
    /// after `conn`, so its connection closes last and removes the WAL.
    checkpointer: Option<checkpoint::Checkpointer>,
    /// The checkpoint the next transaction waits for, if any.
    checkpoint_wait: checkpoint::Wait,
    _lock: Option<WriterLock>,
    /// Cross-source linking at ingest (`link.enabled`; on unless set otherwise).
    pub(crate) link: bool,
    /// Ids of removed-line texts and blocks known to be stored (see `write.rs`).
    pub(crate) removed_text_ids: write::RemovedCache,
    /// The learned template lines, loaded on first use and then kept up to date by
    /// the writer (see `write.rs`), so no batch rereads the table.
    pub(crate) templates: Option<std::sync::Arc<crate::normalize::template::TemplateSet>>,
    /// What linking remembers between articles (see `link.rs`).
    pub(crate) link_cache: link::LinkCache,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for writing: takes the writer
    /// lock, sets pragmas and applies migrations.
    pub fn open(path: &Path, busy_timeout: Duration) -> Result<Store, StoreError> {
        check_file_path(path)?;
        let path = &resolved(path);
        let lock = WriterLock::acquire(path)?;
        let mut conn = Connection::open(path)?;
        configure(&conn, busy_timeout)?;
        embedded::migrations::runner().run(&mut conn)?;
        let checkpointer = match checkpoint::Checkpointer::start(path, busy_timeout) {
            Ok(c) => {
                conn.pragma_update(None, "wal_autocheckpoint", 0)?;
                Some(c)
            }
            Err(e) => {
                tracing::warn!(error = %e, "checkpointing on the writer thread");
                None
            }
        };
        Ok(Store {
            conn,
            checkpointer,
            checkpoint_wait: Default::default(),
            _lock: Some(lock),
            link: true,
            removed_text_ids: Default::default(),
            templates: None,
            link_cache: Default::default(),
        })
    }

    /// A private in-memory database with the full schema, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn, Duration::from_secs(1))?;
        embedded::migrations::runner().run(&mut conn)?;
        Ok(Store {
            conn,
            checkpointer: None,
            checkpoint_wait: Default::default(),
            _lock: None,
            link: true,
            removed_text_ids: Default::default(),
            templates: None,
            link_cache: Default::default(),
        })
    }

    /// Turns cross-source linking at ingest on or off for this writer (on by
    /// default; the commands set it from `link.enabled`).
    pub fn set_linking(&mut self, on: bool) {
        self.link = on;
    }

    /// Whether this writer links the articles it stores.
    pub fn linking(&self) -> bool {
        self.link
    }

    /// Writes the daemon's heartbeat into the lock file (no-op for in-memory stores).
    pub fn write_note(&self, text: &str) -> std::io::Result<()> {
        match &self._lock {
            Some(lock) => lock.write_note(text),
            None => Ok(()),
        }
    }

    /// Creates or upgrades `path` to exactly migration `version` and nothing later,
    /// without the writer lock. For upgrade tests, which build an old database,
    /// fill it, then open it with [`Store::open`] to migrate it to the latest.
    pub fn migrate_to_version(path: &Path, version: u32) -> Result<(), StoreError> {
        let mut conn = Connection::open(path)?;
        configure(&conn, Duration::from_secs(5))?;
        embedded::migrations::runner()
            .set_target(refinery::Target::Version(
                i32::try_from(version).unwrap_or(i32::MAX),
            ))
            .run(&mut conn)?;
        Ok(())
    }

    /// Versions of the embedded migrations, ascending.
    pub fn migration_versions() -> Vec<u32> {
        let mut v: Vec<u32> = embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| m.version() as u32)
            .collect();
        v.sort_unstable();
        v
    }

    /// After a commit: lets the checkpoint thread copy the WAL into the database.
    pub(crate) fn committed(&self) {
        if let Some(c) = &self.checkpointer {
            c.nudge(&self.conn);
        }
    }

    /// Whether the next [`Store::write_batch`] would wait for a WAL checkpoint
    /// first (asking for one when the WAL has grown; see `checkpoint.rs`). A caller
    /// with other work does it while this is true.
    pub fn checkpoint_pending(&mut self) -> bool {
        match &self.checkpointer {
            Some(c) => c.poll(&self.conn, &mut self.checkpoint_wait),
            None => false,
        }
    }

    /// Before a transaction: lets the WAL restart when it has grown (see
    /// `checkpoint.rs`).
    pub(crate) fn before_transaction(&mut self) {
        if let Some(c) = &self.checkpointer {
            c.before_transaction(&self.conn, &mut self.checkpoint_wait);
        }
    }

    /// The highest applied migration version.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema_version(&self.conn)
    }
}

/// Pragmas, set on every writer connection (never in migrations):
/// * WAL so readers never block the writer and the writer never blocks readers;
/// * `synchronous = NORMAL`: in WAL mode a commit survives a process crash or
///   SIGKILL; only a power loss can drop the last commits, and the files they came
///   from are still in the watched folder, so the next scan re-ingests them;
/// * foreign keys on, so deleting an article cascades to its rows;
/// * a busy timeout so a reader's checkpoint never surfaces as "database is locked";
/// * a 24 MiB page cache and room for the write path's cached statements;
/// * statement journals in memory (`temp_store = MEMORY`).
///
/// [`Store::open`] then turns SQLite's automatic checkpoints off for the writer and
/// checkpoints on its own thread instead (`checkpoint.rs`). Public so the store-only
/// limit loop (`examples/perf.rs`) writes with the same settings.
pub fn configure(conn: &Connection, busy_timeout: Duration) -> Result<(), StoreError> {
    conn.busy_timeout(busy_timeout)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Statement journals (multi-row statements inside the batch transaction) in memory:
    // as temporary files they cost a write system call per journalled page.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Linking probes several indexes per article; a 24 MiB page cache keeps the hot
    // parts in memory (with 64 MiB and 256-file batches the process passed 150 MB
    // RSS at 10,000 articles; with mimalloc, 32 MiB peaked at 147 MB at 100,000 and
    // 24 MiB at 138 MB, and no slower in the one run that compared them).
    conn.pragma_update(None, "cache_size", -24_576)?;
    // The write path (store/write.rs + store/link.rs) uses ~30 cached statements,
    // plus up to 16 forms of the LSH band lookup (one per number of keys read).
    conn.set_prepared_statement_cache_capacity(96);
    Ok(())
}

fn schema_version(conn: &Connection) -> Result<i64, StoreError> {
    let v: Option<i64> = conn.query_row(
        "SELECT max(version) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )?;
    Ok(v.unwrap_or(0))
}
