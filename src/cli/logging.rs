//! What the binary prints besides results: the log subscriber (level from the config,
//! `-q`/`-v` and `RUST_LOG`; colour from `--color`, `NO_COLOR` and whether stderr is a
//! terminal), the progress bar the log lines give way to, and the final error report.

use std::io::Write;
use std::sync::{Mutex, PoisonError};

use clap::ValueEnum;

use crate::config::{Config, LogFormat};

/// When to colour log lines (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` asks for it).
    Auto,
    /// Always, also into files and pipes.
    Always,
    /// Never.
    Never,
}

/// How much to log, from `-q` and `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// `-q`: errors only, no progress bar.
    Quiet,
    /// The config's `log.level`.
    Normal,
    /// `-v`: debug.
    Debug,
    /// `-vv` and more: trace.
    Trace,
}

impl Verbosity {
    /// From the flags; `quiet` and `verbose` exclude each other on the command line.
    pub fn from_flags(quiet: bool, verbose: u8) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Normal,
            (false, 1) => Verbosity::Debug,
            (false, _) => Verbosity::Trace,
        }
    }
}

/// The progress bar on screen, if any: log lines are written above it.
static BAR: Mutex<Option<indicatif::ProgressBar>> = Mutex::new(None);

/// Shows `bar` until [`hide_bar`]; log lines meanwhile suspend it to print.
pub fn show_bar(bar: indicatif::ProgressBar) {
    *BAR.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar);
}

/// Clears the bar from the screen.
pub fn hide_bar() {
    if let Some(bar) = BAR.lock().unwrap_or_else(PoisonError::into_inner).take() {
        bar.finish_and_clear();
    }
}

/// stderr, writing each log line above the progress bar when one is shown.
struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bar = BAR.lock().unwrap_or_else(PoisonError::into_inner).clone();
        match bar {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The filter directives: a bare `log.level` applies to newsdb only, dependencies
/// log errors only (html5ever warns about every page it repairs); `-q`/`-v` override
/// the level; `quiet_files` hides the per-file lines (a progress bar shows them).
pub fn directives(level: &str, verbosity: Verbosity, quiet_files: bool) -> String {
    let level = match verbosity {
        Verbosity::Quiet => "error",
        Verbosity::Normal => level,
        Verbosity::Debug => "debug",
        Verbosity::Trace => "trace",
    };
    let mut d = if level.contains('=') || level.contains(',') {
        level.to_owned()
    } else {
        format!("error,newsdb={level}")
    };
    if quiet_files && verbosity == Verbosity::Normal {
        d.push_str(",newsdb::ingest=warn");
    }
    d
}

/// Whether stderr gets colour.
pub fn colour(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
        }
    }
}

/// Logs go to stderr, as text or JSON; `RUST_LOG` wins over the config and the flags.
pub fn init(config: &Config, verbosity: Verbosity, when: ColorWhen, quiet_files: bool) {
    let directives = directives(&config.log.level, verbosity, quiet_files);
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&directives))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error,newsdb=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour(when))
        .with_writer(|| LogWriter);
    let _ = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// The error as one line per distinct cause: `anyhow`'s chain repeats SQLite's
/// message (the store's error, rusqlite's, then SQLite's own code), so a cause
/// already said by the one before it is left out. Ends with a hint where one helps.
pub fn report(err: &anyhow::Error) -> String {
    let mut out = format!("newsdb: error: {}", one_line(err));
    if let Some(hint) = hint(&out) {
        out.push_str("\nhint: ");
        out.push_str(hint);
    }
    out
}

/// The error's causes, each said once, joined by ": " (see [`report`]); for log
/// lines, where `{:#}` would repeat SQLite's message two or three times.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut said: Vec<String> = Vec::new();
    for cause in err.chain() {
        if cause.downcast_ref::<rusqlite::ffi::Error>().is_some() {
            continue; // "Error code 1: SQL error or missing database": said above.
        }
        let text = cause.to_string();
        if said.iter().any(|s| s.contains(&text)) {
            continue;
        }
        said.push(text);
    }
    said.join(": ")
}

fn hint(message: &str) -> Option<&'static str> {
    if message.contains("no such table") || message.contains("no such column") {
        Some("`newsdb schema` lists the tables and views and their columns")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_level_leaves_dependencies_at_error() {
        assert_eq!(
            directives("info", Verbosity::Normal, false),
            "error,newsdb=info"
        );
        assert_eq!(
            directives("info", Verbosity::Normal, true),
            "error,newsdb=info,newsdb::ingest=warn"
        );
        assert_eq!(
            directives("info", Verbosity::Quiet, true),
            "error,newsdb=error"
        );
        assert_eq!(
            directives("info", Verbosity::Debug, true),
            "error,newsdb=debug"
        );
        assert_eq!(
            directives("warn,newsdb=trace", Verbosity::Normal, false),
            "warn,newsdb=trace"
        );
    }

    #[test]
    fn the_report_says_each_cause_once_with_a_hint() {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let Err(sqlite) = conn.prepare("SELEC 1") else {
            panic!("SELEC parsed");
        };
        let err = anyhow::Error::new(crate::store::StoreError::Sqlite(sqlite));
        let report = report(&err);
        assert_eq!(report.matches("syntax error").count(), 1, "{report}");
        assert!(!report.contains("Error code"), "{report}");
        let Err(missing) = conn.prepare("SELECT * FROM nope") else {
            panic!("table nope found");
        };
        let report = super::report(&anyhow::Error::new(missing).context("running the query"));
        assert!(
            report.starts_with("newsdb: error: running the query: no such table: nope"),
            "{report}"
        );
        assert!(report.contains("hint: `newsdb schema`"), "{report}");
    }

    #[test]
    fn a_full_disk_in_a_log_line_is_said_once() {
        // What the daemon logs when it pauses: the store's error over rusqlite's
        // over SQLite's code, each of which says the database is full.
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let err = anyhow::Error::new(crate::store::StoreError::Sqlite(full))
            .context("writing a batch of 8 files");
        let chained = format!("{err:#}");
        assert!(
            chained.matches("database is full").count() > 1,
            "anyhow's own chain no longer repeats it: {chained}"
        );
        let line = one_line(&err);
        assert_eq!(line.matches("database is full").count(), 1, "{line}");
        assert!(
            line.starts_with("writing a batch of 8 files: database error: "),
            "{line}"
        );
    }
}
