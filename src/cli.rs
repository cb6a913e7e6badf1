//! The commands of the `newsdb` binary. `main.rs` parses [`Args`] and calls [`run`];
//! each command is a function here that returns the process exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Config, LogFormat};
use crate::normalize::NormalizeOptions;
use crate::store::{self, Reader, Store};
use crate::{daemon, ingest, pipeline, render};

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
        /// Instead of JSON, show every line of the page marked kept (+) or removed
        /// (-) with the reason: for tuning and debugging the normalizer.
        #[arg(long, conflicts_with = "pretty")]
        explain: bool,
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
    let mut config = Config::load(args.config.as_deref())?;
    let db_override = args.db.clone();
    if let Some(db) = args.db {
        config.database.path = db;
    }
    init_tracing(&config);
    match args.command {
        Command::Extract {
            paths,
            assume_clean,
            explain: true,
            ..
        } => explain(&paths, NormalizeOptions { assume_clean }),
        Command::Extract {
            paths,
            assume_clean,
            pretty,
            ..
        } => extract(&paths, NormalizeOptions { assume_clean }, pretty),
        Command::Ingest { paths } => ingest(&config, &paths),
        Command::Watch { dir } => {
            if let Some(dir) = &dir {
                config.watch.dir = dir.clone();
            }
            watch(&config, args.config.as_deref(), dir, db_override)
        }
        Command::Query { sql, format } => query(&config, &sql, format),
        Command::Status => status(&config),
        Command::Migrate => {
            let store = open_store(&config)?;
            println!(
                "{}: schema version {}",
                config.database.path.display(),
                store.schema_version()?
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Logs go to stderr, as text or JSON; RUST_LOG wins over `log.level`.
fn init_tracing(config: &Config) {
    // A bare level applies to newsdb; dependencies only speak up with warnings.
    let level = &config.log.level;
    let directives = if level.contains('=') || level.contains(',') {
        level.clone()
    } else {
        format!("warn,newsdb={level}")
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&directives))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

fn open_store(config: &Config) -> anyhow::Result<Store> {
    let mut store = Store::open(
        &config.database.path,
        Duration::from_millis(config.database.busy_timeout_ms),
    )
    .with_context(|| format!("opening {}", config.database.path.display()))?;
    store.set_linking(config.link.enabled);
    Ok(store)
}

fn open_reader(config: &Config) -> anyhow::Result<Reader> {
    let path = &config.database.path;
    if !path.exists() {
        anyhow::bail!(
            "no database at {} (run `newsdb ingest` or `newsdb migrate` first)",
            path.display()
        );
    }
    Reader::open(path, Duration::from_millis(config.database.busy_timeout_ms))
        .with_context(|| format!("opening {} read-only", path.display()))
}

/// `newsdb ingest`: files and folders once, progress bar on a terminal, summary.
fn ingest(config: &Config, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut missing = 0;
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            eprintln!("newsdb: {}: no such file or folder", p.display());
            missing += 1;
        }
    }
    let mut store = open_store(config)?;
    let started = Instant::now();
    // Paths are walked lazily; only a progress bar needs their count first.
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(ingest::walk_paths(paths, config).count() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files {per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let mut files = 0;
    let tally = ingest::ingest_files(
        &mut store,
        ingest::walk_paths(paths, config),
        config,
        |done| {
            files = done;
            if let Some(bar) = &bar {
                bar.set_position(done as u64);
            }
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} files in {:.2}s: {} new, {} duplicate content, {} unchanged, {} rejected{}",
        files,
        secs,
        tally.new,
        tally.duplicate,
        tally.unchanged,
        tally.rejected,
        if missing > 0 {
            format!(", {missing} missing")
        } else {
            String::new()
        }
    );
    if tally.rejected > 0 {
        eprintln!("see rejected files and reasons: newsdb status");
    }
    Ok(if tally.rejected + missing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `newsdb watch`: the daemon until SIGTERM/SIGINT; SIGHUP reloads the config.
/// Under systemd (`Type=notify`) it reports READY, STATUS (backlog) and STOPPING.
fn watch(
    config: &Config,
    config_path: Option<&std::path::Path>,
    dir_override: Option<PathBuf>,
    db_override: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let control = daemon::Control::default();
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&control.shutdown))
            .context("installing signal handler")?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&control.reload))
        .context("installing signal handler")?;
    let loader = || -> anyhow::Result<Config> {
        let mut c = Config::load(config_path)?;
        if let Some(d) = &dir_override {
            c.watch.dir = d.clone();
        }
        if let Some(db) = &db_override {
            c.database.path = db.clone();
        }
        Ok(c)
    };
    let result = daemon::run(config, &control, loader, |event| {
        let state = match &event {
            daemon::Event::Ready => vec![sd_notify::NotifyState::Ready],
            daemon::Event::Backlog(n) => {
                let _ =
                    sd_notify::notify(&[sd_notify::NotifyState::Status(&format!("backlog {n}"))]);
                vec![]
            }
            daemon::Event::Writing { left, .. } => {
                // A catch-up can outlast the start timeout: each batch buys a minute.
                let status = format!("writing: {left} files to go");
                let _ = sd_notify::notify(&[
                    sd_notify::NotifyState::Status(&status),
                    sd_notify::NotifyState::ExtendTimeoutUsec(60_000_000),
                ]);
                vec![]
            }
            daemon::Event::Reloaded => vec![sd_notify::NotifyState::Status("config reloaded")],
            daemon::Event::Stopping => vec![sd_notify::NotifyState::Stopping],
        };
        if !state.is_empty() {
            let _ = sd_notify::notify(&state);
        }
    });
    let report = result?;
    tracing::info!(
        new = report.tally.new,
        duplicate = report.tally.duplicate,
        rejected = report.tally.rejected,
        deleted = report.deleted,
        scans = report.scans,
        "stopped"
    );
    Ok(ExitCode::SUCCESS)
}

/// `newsdb query`: one read-only statement.
fn query(config: &Config, sql: &str, format: Format) -> anyhow::Result<ExitCode> {
    let reader = open_reader(config)?;
    let output = reader.query(
        sql,
        config.query.max_rows,
        Duration::from_millis(config.query.timeout_ms),
    )?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Table => render::table(&output, &mut out)?,
        Format::Json => render::json(&output, &mut out)?,
        Format::Csv => render::csv(&output, &mut out)?,
    }
    out.flush()?;
    if output.truncated {
        eprintln!(
            "newsdb: output cut at {} rows (query.max_rows)",
            config.query.max_rows
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `newsdb status`.
fn status(config: &Config) -> anyhow::Result<ExitCode> {
    let reader = open_reader(config)?;
    let s = reader.status()?;
    let writer = store::writer_note(&config.database.path);
    println!("database        {}", config.database.path.display());
    println!("schema version  {}", s.schema_version);
    match writer {
        Some(note) if !note.trim().is_empty() => println!("writer running  yes: {}", note.trim()),
        Some(_) => println!("writer running  yes"),
        None => println!("writer running  no"),
    }
    println!("articles        {}", s.articles);
    println!("quotes          {}", s.quotes);
    println!("figures         {}", s.figures);
    println!(
        "files           {} ingested, {} rejected, {} deleted",
        s.files_ingested, s.files_rejected, s.files_deleted
    );
    println!(
        "last ingest     {}",
        s.last_ingest.as_deref().unwrap_or("never")
    );
    for (path, error) in &s.rejected {
        println!("rejected        {path}: {error}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `newsdb extract --explain`: the page line by line, kept or removed and why.
fn explain(paths: &[PathBuf], options: NormalizeOptions) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in paths {
        writeln!(out, "== {}", path.display())?;
        let decoded = match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| crate::decode::decode(&b).map_err(|e| e.to_string()))
        {
            Ok(d) => d,
            Err(e) => {
                failed = true;
                writeln!(out, "error: {e}")?;
                continue;
            }
        };
        let x = pipeline::process_text(&decoded.text, decoded.encoding, &options);
        let a = &x.article;
        for (field, value) in [
            ("title", &a.title),
            ("subtitle", &a.subtitle),
            ("publisher", &a.publisher),
            ("byline", &a.byline),
            ("published", &a.published),
        ] {
            writeln!(out, "{field:>10}: {}", value.as_deref().unwrap_or("-"))?;
        }
        writeln!(
            out,
            "{:>10}: {}, {} body paragraphs, {} quotes, {} figures",
            "language",
            a.language,
            a.body.len(),
            x.quotes.len(),
            x.figures.len()
        )?;
        let by_line: std::collections::HashMap<usize, &crate::model::Removed> = a
            .removed
            .iter()
            .filter(|r| r.line > 0)
            .map(|r| (r.line, r))
            .collect();
        if by_line.is_empty() {
            // No line numbers (HTML): list what was cut, then the body.
            for r in &a.removed {
                writeln!(out, "- {:<14} {}", r.reason.as_str(), r.text)?;
            }
            for p in &a.body {
                writeln!(out, "+ {:<14} {p}", "body")?;
            }
            continue;
        }
        for (i, line) in decoded.text.lines().enumerate() {
            let text = crate::normalize::trim_line(line);
            if text.is_empty() {
                continue;
            }
            match by_line.get(&(i + 1)) {
                Some(r) => writeln!(out, "{:>5} - {:<14} {text}", i + 1, r.reason.as_str())?,
                None => writeln!(out, "{:>5} + {:<14} {text}", i + 1, "body")?,
            }
        }
        for w in &a.warnings {
            writeln!(out, "warning: {w}")?;
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
