//! The writer's seam: what `ingest` and the daemon ask of a database
//! ([`Writer`]), implemented by [`super::Store`] (SQLite) and [`super::PgStore`]
//! (PostgreSQL), and [`open_writer`], which picks one from the config.

use std::sync::Arc;
use std::time::Duration;

use super::{FileState, PreparedFile, StoreError, WriteResult};
use crate::config::{Backend, DatabaseConfig};
use crate::normalize::template::TemplateSet;

/// A database the ingest engine writes into, one batch per transaction.
pub trait Writer: Send {
    /// What the database knows about `path`.
    fn file_state(&mut self, path: &str) -> Result<Option<FileState>, StoreError>;
    /// Writes a batch of files in one transaction.
    fn write_batch(
        &mut self,
        files: &[PreparedFile],
        now: &str,
    ) -> Result<Vec<WriteResult>, StoreError>;
    /// Records that `path` disappeared from the watched folder; its article stays.
    fn mark_deleted(&mut self, path: &str, now: &str) -> Result<bool, StoreError>;
    /// The learned template lines.
    fn templates(&mut self) -> Result<Arc<TemplateSet>, StoreError>;
    /// Paths the database holds as present (ingested or rejected).
    fn present_paths(&mut self) -> Result<Vec<String>, StoreError>;
    /// Whether the next batch would wait for housekeeping (SQLite's WAL checkpoint);
    /// a caller with other work does it while this is true.
    fn checkpoint_pending(&mut self) -> bool;
    /// Writes the daemon's heartbeat where `status` finds it (a no-op where there is
    /// nowhere to put it).
    fn write_note(&self, text: &str) -> std::io::Result<()>;
    /// Turns cross-source linking at ingest on or off.
    fn set_linking(&mut self, on: bool);
    /// The highest applied migration version.
    fn schema_version(&mut self) -> Result<i64, StoreError>;
}

impl Writer for super::Store {
    fn file_state(&mut self, path: &str) -> Result<Option<FileState>, StoreError> {
        super::Store::file_state(self, path)
    }
    fn write_batch(
        &mut self,
        files: &[PreparedFile],
        now: &str,
    ) -> Result<Vec<WriteResult>, StoreError> {
        super::Store::write_batch(self, files, now)
    }
    fn mark_deleted(&mut self, path: &str, now: &str) -> Result<bool, StoreError> {
        super::Store::mark_deleted(self, path, now)
    }
    fn templates(&mut self) -> Result<Arc<TemplateSet>, StoreError> {
        super::Store::templates(self)
    }
    fn present_paths(&mut self) -> Result<Vec<String>, StoreError> {
        super::Store::present_paths(self)
    }
    fn checkpoint_pending(&mut self) -> bool {
        super::Store::checkpoint_pending(self)
    }
    fn write_note(&self, text: &str) -> std::io::Result<()> {
        super::Store::write_note(self, text)
    }
    fn set_linking(&mut self, on: bool) {
        super::Store::set_linking(self, on)
    }
    fn schema_version(&mut self) -> Result<i64, StoreError> {
        super::Store::schema_version(self)
    }
}

impl Writer for super::PgStore {
    fn file_state(&mut self, path: &str) -> Result<Option<FileState>, StoreError> {
        super::PgStore::file_state(self, path)
    }
    fn write_batch(
        &mut self,
        files: &[PreparedFile],
        now: &str,
    ) -> Result<Vec<WriteResult>, StoreError> {
        super::PgStore::write_batch(self, files, now)
    }
    fn mark_deleted(&mut self, path: &str, now: &str) -> Result<bool, StoreError> {
        super::PgStore::mark_deleted(self, path, now)
    }
    fn templates(&mut self) -> Result<Arc<TemplateSet>, StoreError> {
        super::PgStore::templates(self)
    }
    fn present_paths(&mut self) -> Result<Vec<String>, StoreError> {
        super::PgStore::present_paths(self)
    }
    fn checkpoint_pending(&mut self) -> bool {
        false
    }
    fn write_note(&self, _text: &str) -> std::io::Result<()> {
        // No lock file: several writers may share the database.
        Ok(())
    }
    fn set_linking(&mut self, on: bool) {
        super::PgStore::set_linking(self, on)
    }
    fn schema_version(&mut self) -> Result<i64, StoreError> {
        super::PgStore::schema_version(self)
    }
}

/// Opens the writer `config` selects: the SQLite file (taking its writer lock) or
/// the PostgreSQL database (no lock: several writers may share it). Migrations are
/// applied either way.
pub fn open_writer(config: &DatabaseConfig) -> Result<Box<dyn Writer>, StoreError> {
    let backend = config
        .backend()
        .map_err(|e| StoreError::Refused(e.to_string()))?;
    Ok(match backend {
        Backend::Sqlite(path) => Box::new(super::Store::open(
            &path,
            Duration::from_millis(config.busy_timeout_ms),
        )?),
        Backend::Postgres(url) => Box::new(super::PgStore::open(&url)?),
    })
}
