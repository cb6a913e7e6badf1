//! `newsdb copy SRC DST`: moves a database between SQLite and PostgreSQL
//! (`store::copy`), printing each table's rows as it is copied.

use std::process::ExitCode;

use anyhow::Context;

use crate::config::redact_password;
use crate::store::copy::{copy, Endpoint};

/// Copies `src` into `dst`; `force` allows a destination that holds rows.
pub fn run(src: &str, dst: &str, force: bool, quiet: bool) -> anyhow::Result<ExitCode> {
    let (from, to) = (Endpoint::parse(src), Endpoint::parse(dst));
    let started = std::time::Instant::now();
    let report = copy(&from, &to, force, |table, rows| {
        if !quiet {
            eprintln!("{table}: {rows} rows");
        }
    })
    .with_context(|| {
        format!(
            "copying {} to {}",
            redact_password(src),
            redact_password(dst)
        )
    })?;
    let rows: u64 = report.tables.iter().map(|(_, n)| n).sum();
    println!(
        "copied {} tables, {rows} rows, in {:.1}s; row counts verified",
        report.tables.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
