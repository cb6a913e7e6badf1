//! newsdb: turns a folder of scraped news pages into a clean, queryable SQLite database.
//!
//! The pipeline is `decode → normalize → extract → link → store`. The first four
//! stages are pure functions (no I/O, no clock); [`pipeline::process`] runs decode,
//! normalize and extract on one page. [`store`] is the only module that touches
//! SQLite, [`ingest`] moves files into the store in batches, [`watch`] turns
//! filesystem events into ready paths and [`daemon`] runs the long-lived loop.
//! [`cli`] holds the command implementations `main.rs` calls. ARCHITECTURE.md is
//! the map.

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
