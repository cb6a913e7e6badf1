//! The commands of the `newsdb` binary. `main.rs` parses [`Args`] and calls [`run`];
//! each command is a function here that returns the process exit code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use crate::normalize::NormalizeOptions;
use crate::pipeline;

/// newsdb: turns scraped news pages into a queryable SQLite database.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// Config file (default: ./config.toml if present, else built-in defaults).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Database file (overrides the config).
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest files or folders once, then exit.
    Ingest {
        /// Files or folders to ingest.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Run as a daemon: catch-up scan, then watch the folder until SIGTERM/SIGINT.
    Watch {
        /// Folder to watch (overrides `watch.dir` in the config).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Run a read-only SQL query.
    Query {
        /// The SQL statement.
        sql: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print what would be stored for each file, as JSON Lines; no database.
    Extract {
        /// Files to read.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The input is already article text: skip boilerplate removal.
        #[arg(long)]
        assume_clean: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Show counts, last ingest, rejected files and schema version.
    Status,
    /// Apply database migrations (also done on open).
    Migrate,
}

/// Output format of `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text table.
    Table,
    /// A JSON array of objects.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Runs one command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Extract {
            paths,
            assume_clean,
            pretty,
        } => extract(&paths, NormalizeOptions { assume_clean }, pretty),
        _ => anyhow::bail!("not implemented yet"),
    }
}

/// `newsdb extract`: one JSON object per input file.
fn extract(paths: &[PathBuf], options: NormalizeOptions, pretty: bool) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in paths {
        let value = match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| pipeline::process(&bytes, &options).map_err(|e| e.to_string()))
        {
            Ok(extracted) => {
                let mut v = serde_json::to_value(&extracted).context("serializing")?;
                if let Some(obj) = v.as_object_mut() {
                    obj.shift_insert(0, "path".into(), path.display().to_string().into());
                }
                v
            }
            Err(error) => {
                failed = true;
                serde_json::json!({"path": path.display().to_string(), "error": error})
            }
        };
        if pretty {
            serde_json::to_writer_pretty(&mut out, &value)?;
        } else {
            serde_json::to_writer(&mut out, &value)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
