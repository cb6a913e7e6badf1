//! The commands of the `newsdb` binary. `main.rs` parses [`Args`] and calls [`run`];
//! each command is a function here that returns the process exit code.
//! `logging` holds what is printed besides results (logs, progress, errors).

mod ask;
mod copy;
mod dictionary;
mod logging;

pub use logging::{one_line, report, ColorWhen};

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::normalize::NormalizeOptions;
use crate::store::{self, Reader, Store};
use crate::{daemon, ingest, pipeline};

/// newsdb: turns scraped news pages into a queryable SQLite database.
#[derive(Debug, Parser)]
#[command(version, about, after_help = EXAMPLES)]
pub struct Args {
    /// Config file (default: ./config.toml if present, else built-in defaults).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Database file (overrides the config).
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    /// Colour log lines: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Errors only: no progress bar, no log lines below error.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More log lines: -v debug, -vv trace (RUST_LOG wins over both).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Start with:
  newsdb ingest seeds                 pages into newsdb.db
  newsdb search 'cyber attacks'       articles and quotes, with snippets
  newsdb quotes --by 'Hua Chunying'   everything one person said, every spelling
  newsdb conflicts                    figures that disagree within a story
  newsdb schema                       tables and views, what each is for
  newsdb query 'SELECT outlet, title FROM articles'
  datasette newsdb.db -m <(newsdb datasette-metadata)

Views: quote_details, figure_details, figure_conflicts, speaker_spellings,
quote_outlets, story_articles_view (README: Data dictionary).";

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
        /// The SQL statement; `-` reads it from standard input.
        sql: String,
        /// A named parameter: `-p name=value` binds `:name` (repeatable).
        #[arg(short = 'p', long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Full-text search over articles and quotes, best matches first, with snippets.
    /// Exits 1 when nothing matches.
    Search {
        /// Words that must all occur (taken literally unless --fts).
        #[arg(required = true)]
        words: Vec<String>,
        /// The words are an FTS5 query (AND, OR, NOT, "phrases", prefix*, NEAR).
        #[arg(long)]
        fts: bool,
        /// At most this many articles and this many quotes.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Quotes by one person under every spelling of the name, with outlets and dates
    /// (the quote_details view). Exits 1 when there are none.
    Quotes {
        /// The speaker, as any article spelled the name.
        #[arg(long)]
        by: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Figures that disagree within a story (the figure_conflicts view).
    Conflicts {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Tables and views with what each is for; with a name, its columns.
    Schema {
        /// A table or view.
        name: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print a Datasette metadata file: descriptions, facets, full-text search on the
    /// views, canned queries, internal tables hidden (`datasette DB -m FILE`).
    DatasetteMetadata {
        /// The database's name in Datasette (default: the file name without extension).
        #[arg(long)]
        name: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Print what would be stored for each file, as JSON Lines; no database.
    Extract {
        /// Files or folders to read (folders: the files `ingest` would take).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The input is already article text: skip boilerplate removal.
        #[arg(long)]
        assume_clean: bool,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
        /// Instead of JSON, show every line of the page marked kept (+) or removed
        /// (-) with the reason, then every number of the body taken as a figure (#) or
        /// left out (x) with the rule that decided, then every quote with the
        /// attribution rule that gave its speaker and the candidates it passed over:
        /// for tuning and debugging.
        #[arg(long, conflicts_with = "pretty")]
        explain: bool,
    },
    /// Show counts, last ingest, rejected files and schema version.
    Status,
    /// Apply database migrations (also done on open).
    Migrate,
    /// Copy a database between SQLite and PostgreSQL (ids kept, row counts checked).
    Copy {
        /// The source: a SQLite file or a postgres:// URL.
        src: String,
        /// The destination (the other backend), migrated first; must hold no rows.
        dst: String,
        /// Copy even when the destination holds rows (rows with the same ids fail).
        #[arg(long)]
        force: bool,
    },
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
        set_db(&mut config, db);
    }
    config.validate()?;
    let verbosity = logging::Verbosity::from_flags(args.quiet, args.verbose);
    // On a terminal, `ingest` shows a progress bar instead of a line per file.
    let bar = matches!(args.command, Command::Ingest { .. })
        && verbosity != logging::Verbosity::Quiet
        && std::io::stderr().is_terminal();
    logging::init(&config, verbosity, args.color, bar);
    match args.command {
        Command::Extract {
            paths,
            assume_clean,
            explain: true,
            ..
        } => explain(
            &ingest::expand_paths(&paths, &config),
            NormalizeOptions { assume_clean },
            &config,
        ),
        Command::Extract {
            paths,
            assume_clean,
            pretty,
            ..
        } => extract(
            &ingest::expand_paths(&paths, &config),
            NormalizeOptions { assume_clean },
            pretty,
            &config,
        ),
        Command::Ingest { paths } => ingest(&config, &paths, bar, verbosity),
        Command::Watch { dir } => {
            if let Some(dir) = &dir {
                config.watch.dir = dir.clone();
            }
            watch(&config, args.config.as_deref(), dir, db_override)
        }
        Command::Query {
            sql,
            params,
            format,
        } => query(&config, &sql, &params, format),
        Command::Search {
            words,
            fts,
            limit,
            format,
        } => ask::search(
            &open_reader(&config)?,
            &config,
            &words.join(" "),
            fts,
            limit,
            format,
        ),
        Command::Quotes { by, format } => {
            ask::quotes_by(&open_reader(&config)?, &config, &by, format)
        }
        Command::Conflicts { format } => ask::conflicts(&open_reader(&config)?, &config, format),
        Command::Schema { name, format } => {
            ask::schema(&open_reader(&config)?, &config, name.as_deref(), format)
        }
        Command::DatasetteMetadata { name } => {
            let stem = config
                .database
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            let name = name.or(stem).unwrap_or_else(|| "newsdb".to_owned());
            ask::datasette_metadata(&open_reader(&config)?, &name)
        }
        Command::Completions { shell } => {
            let mut command = <Args as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "newsdb", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let command = <Args as clap::CommandFactory>::command();
            clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status => status(&config),
        Command::Copy { src, dst, force } => copy::run(&src, &dst, force, args.quiet),
        Command::Migrate if config.database.url.is_some() => migrate_postgres(&config),
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

/// `--db`: a PostgreSQL URL becomes `database.url`, anything else the SQLite file
/// (and then no URL from the config file applies).
fn set_db(config: &mut Config, db: PathBuf) {
    match db.to_str() {
        Some(url) if crate::config::is_postgres_url(url) => {
            config.database.url = Some(url.to_owned())
        }
        _ => {
            config.database.path = db;
            config.database.url = None;
        }
    }
}

/// `newsdb migrate` on PostgreSQL.
fn migrate_postgres(config: &Config) -> anyhow::Result<ExitCode> {
    let where_ = config.database.display();
    let url = config.database.url.as_deref().unwrap_or_default();
    let mut store = store::PgStore::open(url).with_context(|| format!("opening {where_}"))?;
    println!("{where_}: schema version {}", store.schema_version()?);
    Ok(ExitCode::SUCCESS)
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
    if config.database.url.is_some() {
        anyhow::bail!(
            "this command reads SQLite databases only; on PostgreSQL use `newsdb query`, \
             `newsdb status`, or psql"
        );
    }
    let path = &config.database.path;
    if !path.exists() {
        anyhow::bail!(
            "no database at {} (run `newsdb ingest` or `newsdb migrate` first)",
            path.display()
        );
    }
    tracing::debug!(db = %path.display(), "opening read-only");
    let temp_limit = (config.query.max_temp_mb > 0).then_some(config.query.max_temp_mb << 20);
    Reader::open_capped(
        path,
        Duration::from_millis(config.database.busy_timeout_ms),
        temp_limit,
    )
    .with_context(|| format!("opening {} read-only", path.display()))
}

/// `newsdb ingest`: files and folders once, progress bar on a terminal, summary.
/// Exits 1 when a path is missing or a file it names is rejected, also when the
/// file was rejected by an earlier run and is unchanged.
fn ingest(
    config: &Config,
    paths: &[PathBuf],
    show_bar: bool,
    verbosity: logging::Verbosity,
) -> anyhow::Result<ExitCode> {
    let mut missing = 0;
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            eprintln!("newsdb: {}: no such file or folder", p.display());
            missing += 1;
        }
    }
    let mut store = store::open_writer(&config.database)
        .with_context(|| format!("opening {}", config.database.display()))?;
    store.set_linking(config.link.enabled);
    let started = Instant::now();
    // Paths are walked lazily; only a progress bar needs their count first.
    let bar = show_bar.then(|| progress_bar(ingest::walk_paths(paths, config).count()));
    if let Some(bar) = &bar {
        logging::show_bar(bar.clone());
    }
    let keys = Arc::new(std::sync::Mutex::new(Vec::new()));
    let walked = {
        let keys = Arc::clone(&keys);
        ingest::walk_paths(paths, config).inspect(move |p| {
            if let Ok(mut k) = keys.lock() {
                k.push(ingest::path_key(p));
            }
        })
    };
    let mut files = 0;
    let tally = ingest::ingest_files(&mut *store, walked, config, |done| {
        files = done;
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    });
    logging::hide_bar();
    let tally = tally?;
    drop(store);
    let keys = std::mem::take(&mut *keys.lock().unwrap_or_else(|e| e.into_inner()));
    let rejected = match &config.database.url {
        Some(url) => store::PgReader::open(url)?.rejected_among(&keys)?,
        None => open_reader(config)?.rejected_among(&keys)?,
    };
    let earlier = rejected.len().saturating_sub(tally.rejected);
    let secs = started.elapsed().as_secs_f64();
    let mut summary = format!(
        "{} files in {:.2}s: {} new, {} duplicate content, {} unchanged, {} rejected",
        files, secs, tally.new, tally.duplicate, tally.unchanged, tally.rejected
    );
    if earlier > 0 {
        summary.push_str(&format!(", {earlier} still rejected from an earlier run"));
    }
    if missing > 0 {
        summary.push_str(&format!(", {missing} missing"));
    }
    let failed = !rejected.is_empty() || missing > 0;
    if verbosity != logging::Verbosity::Quiet || failed {
        eprintln!("{summary}");
    }
    for (path, error) in rejected.iter().take(5) {
        eprintln!("rejected: {path}: {error}");
    }
    if rejected.len() > 5 {
        eprintln!("… {} more: newsdb status", rejected.len() - 5);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Files done of `len`, the rate as whole files a second, and the time left.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {rate} eta {eta}")
    {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        ));
    }
    bar
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
            set_db(&mut c, db.clone());
        }
        Ok(c)
    };
    if config.database.url.is_some() {
        // No lock file (several writers may share the database), so no heartbeat to
        // watch: systemd's watchdog is not fed.
        if sd_notify::watchdog_enabled().is_some() {
            tracing::warn!("WatchdogSec= is not supported with database.url; not pinging");
        }
    } else if let Some(interval) = sd_notify::watchdog_enabled() {
        watchdog(store::lock_path(&config.database.path), interval);
    }
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
            daemon::Event::Paused => vec![sd_notify::NotifyState::Status(
                "writes paused (disk full or I/O error); retrying",
            )],
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

/// Under systemd's watchdog (`WatchdogSec=`): pings `WATCHDOG=1` twice per
/// interval while the daemon's loop is alive, which it shows by refreshing its
/// heartbeat in the lock file every 2 s. A loop that hangs stops the pings and
/// systemd restarts the service.
fn watchdog(lock: PathBuf, interval: Duration) {
    let spawned = std::thread::Builder::new()
        .name("watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(interval / 2);
            let fresh = std::fs::metadata(&lock)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age < interval);
            if fresh {
                let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
            } else {
                tracing::warn!(lock = %lock.display(), "no heartbeat: not pinging the watchdog");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the watchdog thread");
    }
}

/// `newsdb query`: one read-only statement, from the argument or standard input.
fn query(
    config: &Config,
    sql: &str,
    params: &[(String, String)],
    format: Format,
) -> anyhow::Result<ExitCode> {
    let sql = if sql == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading SQL from standard input")?
    } else {
        sql.to_owned()
    };
    let stdout = std::io::stdout();
    let mut rows = crate::render::RowWriter::new(format, std::io::BufWriter::new(stdout.lock()));
    let limits = store::QueryLimits {
        max_rows: config.query.max_rows,
        timeout: Duration::from_millis(config.query.timeout_ms),
    };
    let ran = match &config.database.url {
        Some(url) => store::PgReader::open(url)
            .and_then(|mut r| r.query_each(&sql, params, limits, &mut rows)),
        None => open_reader(config)?.query_each(&sql, params, limits, &mut rows),
    };
    let end = match ran {
        Ok(end) => end,
        // The reader of the output went away (`| head`): nothing more to say.
        Err(store::StoreError::Output(e)) if ask::broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e.into()),
    };
    match rows.finish(end) {
        Err(e) if ask::broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        other => other.context("writing the query's output")?,
    }
    if end.truncated {
        eprintln!(
            "newsdb: output cut at {} rows (query.max_rows)",
            config.query.max_rows
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `name=value` from `-p`.
fn parse_param(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((
            name.trim().trim_start_matches([':', '@', '$']).to_owned(),
            value.to_owned(),
        )),
        _ => Err(format!("expected NAME=VALUE, got {arg:?}")),
    }
}

/// `newsdb status`.
fn status(config: &Config) -> anyhow::Result<ExitCode> {
    let s = match &config.database.url {
        Some(url) => store::PgReader::open(url)
            .and_then(|mut r| r.status())
            .with_context(|| format!("reading {}", config.database.display()))?,
        None => {
            let reader = open_reader(config)?;
            reader.check()?;
            reader.status()?
        }
    };
    println!("database        {}", config.database.display());
    println!("schema version  {}", s.schema_version);
    if config.database.url.is_some() {
        println!("writer running  (PostgreSQL: several writers may run; no lock file)");
    } else {
        match store::writer_note(&config.database.path) {
            Some(note) => println!("writer running  {}", writer_line(&note)),
            None => println!("writer running  no"),
        }
    }
    println!("articles        {}", s.articles);
    println!("quotes          {}", s.quotes);
    println!("figures         {}", s.figures);
    println!(
        "files           {} ingested, {} rejected, {} deleted",
        s.files_ingested, s.files_rejected, s.files_deleted
    );
    println!("links           {}", s.links);
    println!(
        "last ingest     {}",
        s.last_ingest.as_deref().unwrap_or("never")
    );
    for (path, error) in &s.rejected {
        println!("rejected        {path}: {error}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The daemon's heartbeat note (JSON) as one readable line.
fn writer_line(note: &str) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(note.trim()) else {
        return if note.trim().is_empty() {
            "yes".to_owned()
        } else {
            format!("yes: {}", note.trim())
        };
    };
    let field = |k: &str| match fields.get(k) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "?".to_owned(),
    };
    format!(
        "yes, pid {}, watching {}: {} waiting, {} new and {} rejected since start (heartbeat {})",
        field("pid"),
        field("dir"),
        field("backlog"),
        field("new"),
        field("rejected"),
        field("heartbeat")
    )
}

/// `newsdb extract --explain`: the page line by line, kept or removed and why.
fn explain(
    paths: &[PathBuf],
    options: NormalizeOptions,
    config: &Config,
) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in paths {
        writeln!(out, "== {}", path.display())?;
        let decoded = match ingest::read_input(path, config.watch.max_file_size)
            .and_then(|b| crate::decode::decode(&b).map_err(Into::into))
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
        let src = &a.sources;
        for (field, value, from) in [
            ("title", &a.title, src.title),
            ("subtitle", &a.subtitle, None),
            ("publisher", &a.publisher, src.publisher),
            ("byline", &a.byline, src.byline),
            ("published", &a.published, src.published),
        ] {
            let value = value.as_deref().unwrap_or("-");
            match from {
                Some(from) => writeln!(out, "{field:>10}: {value}   [from {from}]")?,
                None => writeln!(out, "{field:>10}: {value}")?,
            }
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
            explain_figures(&mut out, a)?;
            explain_quotes(&mut out, &a.body)?;
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
        explain_figures(&mut out, a)?;
        explain_quotes(&mut out, &a.body)?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The figure part of `extract --explain`: every number of the body, taken as a figure
/// (`#`) or left out (`x`), with the rule that decided (`extract::figure_rules`).
fn explain_figures(out: &mut impl Write, a: &crate::model::Article) -> std::io::Result<()> {
    for d in crate::extract::figures::explain_figures_in(&a.body, &a.language) {
        let mark = if d.taken { '#' } else { 'x' };
        writeln!(
            out,
            "{mark} {:<22} p{} {}",
            d.rule.name(),
            d.paragraph,
            d.raw
        )?;
    }
    Ok(())
}

/// The quotes of a body for `--explain`: each with its speaker, role, cue, the
/// attribution rule that named the speaker and the candidates it passed over.
fn explain_quotes(out: &mut impl Write, body: &[String]) -> std::io::Result<()> {
    let (quotes, dropped) = crate::extract::quotes::explain_all(body);
    writeln!(out, "quotes ({}):", quotes.len())?;
    for e in &quotes {
        let q = &e.quote;
        let text: String = q.text.chars().take(70).collect();
        let more = if q.text.chars().count() > 70 {
            "…"
        } else {
            ""
        };
        writeln!(
            out,
            "  [{}] {} \"{text}{more}\"",
            q.paragraph,
            q.kind.as_str()
        )?;
        writeln!(
            out,
            "      speaker: {} | role: {} | cue: {} | rule: {}",
            q.speaker.as_deref().unwrap_or("-"),
            q.role.as_deref().unwrap_or("-"),
            q.cue.as_deref().unwrap_or("-"),
            q.rule.as_deref().unwrap_or("-"),
        )?;
        for r in &e.rejected {
            writeln!(out, "      rejected: {} ({})", r.candidate, r.why.as_str())?;
        }
    }
    writeln!(out, "dropped quote spans ({}):", dropped.len())?;
    for d in &dropped {
        let text: String = d.text.chars().take(70).collect();
        writeln!(out, "  [{}] \"{text}\" ({})", d.paragraph, d.why.name())?;
    }
    Ok(())
}

/// `newsdb extract`: one JSON object per input file.
fn extract(
    paths: &[PathBuf],
    options: NormalizeOptions,
    pretty: bool,
    config: &Config,
) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in paths {
        let value = match ingest::read_input(path, config.watch.max_file_size)
            .and_then(|bytes| pipeline::process(&bytes, &options).map_err(Into::into))
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
                serde_json::json!({"path": path.display().to_string(), "error": error.to_string()})
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_heartbeat_reads_as_a_sentence() {
        let note = r#"{"pid":7,"backlog":3,"heartbeat":"2026-01-01T00:00:00Z","new":5,"rejected":1,"dir":"/in"}"#;
        assert_eq!(
            writer_line(note),
            "yes, pid 7, watching /in: 3 waiting, 5 new and 1 rejected since start \
             (heartbeat 2026-01-01T00:00:00Z)"
        );
        assert_eq!(writer_line(""), "yes");
        assert_eq!(writer_line("not json"), "yes: not json");
    }

    #[test]
    fn parameters_are_name_equals_value() {
        assert_eq!(
            parse_param(":name=Hua Chunying=x"),
            Ok(("name".to_owned(), "Hua Chunying=x".to_owned()))
        );
        assert!(parse_param("=1").is_err());
        assert!(parse_param("novalue").is_err());
    }
}
