//! The PostgreSQL backend: a second implementation of the store's seams, chosen by
//! `database.url = "postgres://…"` (see [`crate::config::Backend`]).
//!
//! [`PgStore`] writes batches of [`super::PreparedFile`]s like [`super::Store`] does
//! (one transaction per batch, a file's rows never split, exactly-once by content
//! hash), but several writers may share one database: no lock file, conflict-tolerant
//! inserts, and locks always taken in one order (see `write.rs`). [`PgReader`] is the
//! read-only side of `query` and `status`. Migrations live in
//! `postgres-migrations/` (outside `migrations/`, which refinery reads recursively for SQLite) and are applied on open, under an advisory lock so writers
//! starting together do not race.

use std::sync::Arc;
use std::time::Instant;

use postgres::{Client, NoTls};

pub mod link;

use super::StoreError;
use crate::normalize::template::TemplateSet;

mod read;
#[cfg(test)]
pub(crate) mod tests;
mod write;

pub use read::PgReader;

mod embedded {
    refinery::embed_migrations!("postgres-migrations");
}

/// The advisory lock key held while migrations run ("newsdb" in ASCII).
const MIGRATION_LOCK: i64 = 0x6e65_7773_6462;

/// What the writer hands to linking after each committed batch: the seam between
/// the PostgreSQL store and the PostgreSQL linker (which implements
/// [`crate::link::index::LinkIndex`] over this database).
pub trait PgLinker: Send {
    /// Links what is still unlinked, or returns at once when another process is
    /// linking. `new_articles` are the ids this writer stored in the batch just
    /// committed (the linker may link others' too). Runs outside the batch's
    /// transaction, on the writer's connection.
    fn link_pending(&mut self, client: &mut Client, new_articles: &[i64])
        -> Result<(), StoreError>;
}

/// A writer connection to a PostgreSQL database.
pub struct PgStore {
    pub(crate) client: Client,
    /// Cross-source linking at ingest (`link.enabled`).
    link: bool,
    /// The linker called after each batch, once one is installed.
    linker: Option<Box<dyn PgLinker>>,
    /// Whether the "linking is off" line was logged.
    said_unlinked: bool,
    /// The learned template lines and when they were read (other writers add to
    /// them, so the set is reread now and then: [`TEMPLATE_REFRESH`]).
    templates: Option<(Arc<TemplateSet>, Instant)>,
}

/// How long a writer uses the learned template lines it read before reading them
/// again (other writers' articles count towards them too).
const TEMPLATE_REFRESH: std::time::Duration = std::time::Duration::from_secs(10);

/// Connects to `url` (no TLS).
pub(crate) fn connect(url: &str) -> Result<Client, StoreError> {
    Ok(Client::connect(url, NoTls)?)
}

impl PgStore {
    /// Connects to `url` and applies the migrations.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let mut client = connect(url)?;
        migrate(&mut client)?;
        Ok(PgStore {
            client,
            link: true,
            linker: Some(Box::new(link::PgLinkQueue::default())),
            said_unlinked: false,
            templates: None,
        })
    }

    /// Installs the linker that [`PgStore::write_batch`] calls after each commit.
    pub fn set_linker(&mut self, linker: Box<dyn PgLinker>) {
        self.linker = Some(linker);
    }

    /// Turns cross-source linking at ingest on or off.
    pub fn set_linking(&mut self, on: bool) {
        self.link = on;
        // Linking on: first link what earlier writers left unlinked (a killed
        // writer's last batches), so nothing waits for the next new article.
        if let (true, Some(linker)) = (on, &mut self.linker) {
            if let Err(e) = linker.link_pending(&mut self.client, &[]) {
                tracing::warn!(error = %e, "linking what earlier writers left unlinked");
            }
        }
    }

    /// The highest applied migration version.
    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        schema_version(&mut self.client)
    }

    /// Versions of the embedded PostgreSQL migrations, ascending.
    pub fn migration_versions() -> Vec<u32> {
        let mut v: Vec<u32> = embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| m.version() as u32)
            .collect();
        v.sort_unstable();
        v
    }
}

/// Applies the embedded migrations, one process at a time (an advisory lock).
fn migrate(client: &mut Client) -> Result<(), StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = embedded::migrations::runner().run(client);
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    result?;
    Ok(())
}

fn schema_version(client: &mut Client) -> Result<i64, StoreError> {
    let row = client.query_one(
        "SELECT max(version)::bigint FROM refinery_schema_history",
        &[],
    )?;
    Ok(row.get::<_, Option<i64>>(0).unwrap_or(0))
}
