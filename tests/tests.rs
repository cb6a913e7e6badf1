//! The one integration-test binary. Each module is a chapter:
//!
//! * `backend`: the suite's backend parameter ([`backend::TestDb`], `both_backends!`):
//!   the store, daemon, crash and linking tests run as `sqlite::…` and `postgres::…`.
//! * `fixtures`: pipeline output for every file under `tests/data/extract/` checked
//!   against the expected JSON beside it (`UPDATE_EXPECT=1` rewrites them).
//! * `store`: migrations, idempotent re-ingest, changed files, duplicate content,
//!   rejected input.
//! * `daemon`: the watch loop driven in-process with a shutdown flag.
//! * `cli`: the binary itself: signals, the writer lock, read-only queries.
//! * `link`: cross-source linking on the seeds; unrelated pages; changed files.
//! * `fuzz`: property tests over the pure stages (no panic, spans inside the body).
//! * `migrations`: old schemas filled with old-shaped rows, upgraded to the latest.
//! * `templates`: template lines learned across a publisher's files.
//! * `hostile`: hostile input and environments: markup budgets, FIFOs, devices,
//!   names that are not UTF-8, truncated files, damaged UTF-8, config ranges.
//! * `pg`: PostgreSQL only: linking equal to SQLite's, `copy` there and back, two
//!   writers (one SIGKILLed repeatedly) on one database.
//! * `robust`: SIGKILL crash loop, SIGTERM mid-batch, readers during ingest, bad input.

#[path = "it/backend.rs"]
mod backend;
#[path = "it/cli.rs"]
mod cli;
#[path = "it/daemon.rs"]
mod daemon;
#[path = "it/fixtures.rs"]
mod fixtures;
#[path = "it/fuzz.rs"]
mod fuzz;
#[path = "it/hostile.rs"]
mod hostile;
#[path = "it/link.rs"]
mod link;
#[path = "it/migrations.rs"]
mod migrations;
#[path = "it/pg.rs"]
mod pg;
#[path = "it/robust.rs"]
mod robust;
#[path = "it/store.rs"]
mod store;
#[path = "it/support.rs"]
mod support;
#[path = "it/tables.rs"]
mod tables;
#[path = "it/templates.rs"]
mod templates;
