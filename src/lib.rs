//! newsdb: turns a folder of scraped news pages into a clean, queryable SQLite database.
//!
//! The pipeline is `decode → normalize → extract → store`. The first three stages are
//! pure functions (no I/O, no clock); [`pipeline::process`] runs them on one page.
//! [`store`] is the only module that touches SQLite, [`ingest`] moves one file into
//! the store, [`watch`] turns filesystem events into ready paths and [`daemon`] runs
//! the long-lived loop. [`cli`] holds the command implementations `main.rs` calls.

pub mod cli;
pub mod config;
pub mod daemon;
pub mod decode;
pub mod extract;
pub mod ingest;
pub mod link;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod render;
pub mod store;
pub mod watch;
