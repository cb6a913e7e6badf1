//! Configuration: the TOML file (`config.toml`, every key documented there) parsed
//! into [`Config`]. Unknown keys are an error; every key has a default so the program
//! runs with no file at all. [`Config::validate`] checks values once at startup.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

/// Why a config could not be loaded.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The config file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not valid TOML for this schema.
    #[error("invalid config {path}: {source}")]
    Parse {
        /// The config file.
        path: PathBuf,
        /// What the parser said.
        source: Box<toml::de::Error>,
    },
    /// A value is out of range.
    #[error("invalid config: {0}")]
    Invalid(String),
}

/// All settings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Database settings.
    pub database: DatabaseConfig,
    /// Watched folder settings.
    pub watch: WatchConfig,
    /// Logging settings.
    pub log: LogConfig,
    /// Read-only query settings.
    pub query: QueryConfig,
    /// Cross-source linking settings.
    pub link: LinkConfig,
}

/// `[database]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// SQLite file (used unless `url` is set).
    pub path: PathBuf,
    /// A PostgreSQL connection URL (`postgres://user@host/db`): when set, the
    /// PostgreSQL backend is used instead of the SQLite file at `path`.
    pub url: Option<String>,
    /// How long a connection waits on a lock before failing, in milliseconds.
    pub busy_timeout_ms: u64,
}

/// `[watch]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WatchConfig {
    /// Folder to watch.
    pub dir: PathBuf,
    /// File extensions to ingest (without the dot, case-insensitive).
    pub extensions: Vec<String>,
    /// Watch sub-folders too.
    pub recursive: bool,
    /// A file must keep the same size and mtime this long before it is read, in ms.
    pub settle_ms: u64,
    /// Full rescan of the folder every this many seconds (0 = never).
    pub rescan_secs: u64,
    /// Poll the folder instead of relying on OS events (NFS, Docker volumes, WSL).
    pub poll: bool,
    /// Poll interval when `poll = true`, in ms.
    pub poll_interval_ms: u64,
    /// Files larger than this are rejected without being read, in bytes.
    pub max_file_size: u64,
    /// Follow symlinks that point outside the watched folder.
    pub follow_symlinks: bool,
    /// Files per transaction when the daemon writes a backlog, at most (a batch also
    /// ends past 64 MB). Fewer: a backlog's first files are queryable a little
    /// sooner; more: fewer commits, so fewer WAL bytes and faster catch-up.
    pub batch_files: usize,
}

/// `[log]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// tracing filter: error, warn, info, debug, trace, or a directive list.
    pub level: String,
    /// Output format.
    pub format: LogFormat,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// `[query]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueryConfig {
    /// A query running longer than this is interrupted, in ms (0 = no limit).
    pub timeout_ms: u64,
    /// At most this many rows are printed (0 = no limit).
    pub max_rows: u64,
    /// SQLite's temporary storage for one query (sorts, DISTINCT, GROUP BY,
    /// materialised subqueries), in MiB, kept in memory and capped; a query that
    /// needs more fails (0 = no cap, temporary files on disk).
    pub max_temp_mb: u64,
}

/// The largest value each bounded setting takes.
#[derive(Debug, Clone, Copy)]
pub struct Ranges {
    /// SQLite takes the busy timeout as a C int of milliseconds (about 24 days).
    pub busy_timeout_ms: u64,
    /// A day.
    pub settle_ms: u64,
    /// A year.
    pub rescan_secs: u64,
    /// An hour.
    pub poll_interval_ms: u64,
    /// 1 GiB: a page is read whole, and the memory bounds in the README assume
    /// the default of 20 MiB.
    pub max_file_size: u64,
    /// Files per transaction.
    pub batch_files: u64,
    /// A day.
    pub timeout_ms: u64,
    /// 64 GiB.
    pub max_temp_mb: u64,
}

/// See [`Ranges`].
pub const RANGES: Ranges = Ranges {
    busy_timeout_ms: i32::MAX as u64,
    settle_ms: 86_400_000,
    rescan_secs: 365 * 86_400,
    poll_interval_ms: 3_600_000,
    max_file_size: 1 << 30,
    batch_files: 65_536,
    timeout_ms: 86_400_000,
    max_temp_mb: 65_536,
};

/// Log levels `log.level` takes alone; a list (`newsdb=debug,rusqlite=warn`) is
/// checked directive by directive.
const LOG_LEVELS: &[&str] = &["off", "error", "warn", "info", "debug", "trace"];

fn check_log_level(level: &str) -> Result<(), ConfigError> {
    let bad = || {
        ConfigError::Invalid(format!(
            "log.level = {level:?}: use one of {} or directives like \"newsdb=debug,warn\"",
            LOG_LEVELS.join(", ")
        ))
    };
    let is_level = |l: &str| LOG_LEVELS.iter().any(|k| k.eq_ignore_ascii_case(l.trim()));
    if !level.contains(['=', ',']) {
        return if is_level(level) { Ok(()) } else { Err(bad()) };
    }
    for directive in level.split(',').filter(|d| !d.trim().is_empty()) {
        let ok = match directive.split_once('=') {
            Some((target, l)) => !target.trim().is_empty() && is_level(l),
            None => is_level(directive),
        };
        if !ok {
            return Err(bad());
        }
    }
    Ok(())
}

/// `[link]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinkConfig {
    /// Link each stored article to its story, quote clusters, speakers and figure
    /// disagreements. Off: articles are stored without link rows (faster ingest).
    pub enabled: bool,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig { enabled: true }
    }
}

/// Which database the commands use: a SQLite file, or a PostgreSQL server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// `database.path` (SQLite).
    Sqlite(PathBuf),
    /// `database.url` (PostgreSQL), checked to parse as a connection URL.
    Postgres(String),
}

/// Whether `s` is a PostgreSQL URL (`postgres://` or `postgresql://`), so `--db`
/// takes it as `database.url` rather than as a file name.
pub fn is_postgres_url(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

impl DatabaseConfig {
    /// The backend these settings select: `url` when set (it must be a PostgreSQL
    /// URL the client accepts), else the SQLite file `path`.
    pub fn backend(&self) -> Result<Backend, ConfigError> {
        let Some(url) = &self.url else {
            return Ok(Backend::Sqlite(self.path.clone()));
        };
        if !is_postgres_url(url) {
            return Err(ConfigError::Invalid(
                "database.url must start with postgres:// or postgresql:// \
                 (for a SQLite file, set database.path instead)"
                    .into(),
            ));
        }
        match url.parse::<postgres::Config>() {
            Ok(_) => Ok(Backend::Postgres(url.clone())),
            // The parser's message never repeats the URL, so no password is printed.
            Err(e) => Err(ConfigError::Invalid(format!(
                "database.url is not a valid PostgreSQL URL: {e}"
            ))),
        }
    }

    /// Where the data is, for messages: the file, or the URL without its password.
    pub fn display(&self) -> String {
        match &self.url {
            Some(url) => redact_password(url),
            None => self.path.display().to_string(),
        }
    }
}

/// `url` with the password (if any) replaced by `***`.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{scheme}://{name}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            path: PathBuf::from("newsdb.db"),
            url: None,
            busy_timeout_ms: 5_000,
        }
    }
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            dir: PathBuf::from("seeds"),
            extensions: vec!["txt".into(), "html".into(), "htm".into()],
            recursive: true,
            settle_ms: 500,
            rescan_secs: 300,
            poll: false,
            poll_interval_ms: 1_000,
            max_file_size: 20 * 1024 * 1024,
            follow_symlinks: false,
            batch_files: 256,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            level: "info".into(),
            format: LogFormat::Text,
        }
    }
}

impl Default for QueryConfig {
    fn default() -> Self {
        QueryConfig {
            timeout_ms: 30_000,
            max_rows: 10_000,
            max_temp_mb: 256,
        }
    }
}

impl Config {
    /// Loads `path`, or `./config.toml` when `path` is None and that file exists,
    /// or the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let default_path = Path::new("config.toml");
        let path = match path {
            Some(p) => p,
            None if default_path.is_file() => default_path,
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let config = Config::parse(&text).map_err(|source| ConfigError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Parses TOML text (no validation).
    pub fn parse(text: &str) -> Result<Config, toml::de::Error> {
        toml::from_str(text)
    }

    /// Checks that values make sense together and lie in their ranges
    /// ([`RANGES`]).
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.database.backend()?;
        if self.database.path.as_os_str().is_empty() {
            // SQLite would open a private temporary database: nothing would be kept.
            return Err(ConfigError::Invalid(
                "database.path is empty; name the database file".into(),
            ));
        }
        if self.watch.extensions.is_empty() {
            return Err(ConfigError::Invalid("watch.extensions is empty".into()));
        }
        for ext in &self.watch.extensions {
            if ext.is_empty() || ext.contains(['.', '*', '?', '/', '\\']) {
                return Err(ConfigError::Invalid(format!(
                    "watch.extensions: {ext:?} is not an extension; write it without the dot or wildcards, as in \"txt\""
                )));
            }
        }
        for (key, value, max) in self.ranged() {
            if value > max {
                return Err(ConfigError::Invalid(format!(
                    "{key} = {value} is too large (at most {max})"
                )));
            }
        }
        check_log_level(&self.log.level)?;
        if self.watch.poll && self.watch.poll_interval_ms == 0 {
            return Err(ConfigError::Invalid(
                "watch.poll_interval_ms must be > 0".into(),
            ));
        }
        if self.watch.max_file_size == 0 {
            return Err(ConfigError::Invalid(
                "watch.max_file_size must be > 0".into(),
            ));
        }
        if self.watch.batch_files == 0 {
            return Err(ConfigError::Invalid("watch.batch_files must be > 0".into()));
        }
        Ok(())
    }

    /// Every bounded number with its key and largest allowed value.
    fn ranged(&self) -> [(&'static str, u64, u64); 9] {
        let w = &self.watch;
        [
            (
                "database.busy_timeout_ms",
                self.database.busy_timeout_ms,
                RANGES.busy_timeout_ms,
            ),
            ("watch.settle_ms", w.settle_ms, RANGES.settle_ms),
            ("watch.rescan_secs", w.rescan_secs, RANGES.rescan_secs),
            (
                "watch.poll_interval_ms",
                w.poll_interval_ms,
                RANGES.poll_interval_ms,
            ),
            ("watch.max_file_size", w.max_file_size, RANGES.max_file_size),
            (
                "watch.batch_files",
                w.batch_files as u64,
                RANGES.batch_files,
            ),
            ("query.timeout_ms", self.query.timeout_ms, RANGES.timeout_ms),
            ("query.max_rows", self.query.max_rows, u64::MAX),
            (
                "query.max_temp_mb",
                self.query.max_temp_mb,
                RANGES.max_temp_mb,
            ),
        ]
    }

    /// The settle window as a Duration.
    pub fn settle_window(&self) -> Duration {
        Duration::from_millis(self.watch.settle_ms)
    }

    /// Whether `path` has one of the watched extensions.
    pub fn wants(&self, path: &Path) -> bool {
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            self.watch
                .extensions
                .iter()
                .any(|w| w.eq_ignore_ascii_case(e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_config_file_is_the_default() {
        let text = include_str!("../config.toml");
        let parsed = Config::parse(text).expect("config.toml parses");
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn a_postgres_url_selects_postgres_and_a_path_sqlite() {
        let c = Config::parse("[database]\nurl = \"postgres://u:pw@db.example/news\"\n")
            .expect("parses");
        assert_eq!(
            c.database.backend().expect("valid"),
            Backend::Postgres("postgres://u:pw@db.example/news".into())
        );
        assert_eq!(c.database.display(), "postgres://u:***@db.example/news");
        let c = Config::default();
        assert_eq!(
            c.database.backend().expect("valid"),
            Backend::Sqlite(PathBuf::from("newsdb.db"))
        );
        assert!(is_postgres_url("PostgreSQL://h/db"));
        assert!(!is_postgres_url("data/postgres.db"));
        assert_eq!(redact_password("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = Config::parse("[watch]\nsettle = 3\n").expect_err("unknown key");
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn zero_sizes_and_counts_are_refused_with_the_key_named() {
        for (text, key) in [
            ("[watch]\nmax_file_size = 0\n", "watch.max_file_size"),
            ("[watch]\nbatch_files = 0\n", "watch.batch_files"),
            (
                "[watch]\npoll = true\npoll_interval_ms = 0\n",
                "watch.poll_interval_ms",
            ),
        ] {
            let config = Config::parse(text).expect("parses");
            let err = config.validate().expect_err("refused");
            assert!(err.to_string().contains(key), "{text}: {err}");
        }
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn values_out_of_range_and_meaningless_settings_are_refused_with_the_key_named() {
        for (text, key) in [
            (
                "[database]\nbusy_timeout_ms = 2147483648\n",
                "database.busy_timeout_ms",
            ),
            ("[database]\npath = \"\"\n", "database.path"),
            ("[database]\nurl = \"mysql://x/y\"\n", "database.url"),
            (
                "[database]\nurl = \"postgres://u@h:notaport/db\"\n",
                "database.url",
            ),
            (
                "[watch]\nsettle_ms = 18446744073709551615\n",
                "watch.settle_ms",
            ),
            (
                "[watch]\nmax_file_size = 4294967296\n",
                "watch.max_file_size",
            ),
            (
                "[query]\ntimeout_ms = 18446744073709551615\n",
                "query.timeout_ms",
            ),
            ("[watch]\nextensions = [\".txt\"]\n", "watch.extensions"),
            ("[watch]\nextensions = [\"*\"]\n", "watch.extensions"),
            ("[watch]\nextensions = [\"\"]\n", "watch.extensions"),
            ("[log]\nlevel = \"bogus\"\n", "log.level"),
            ("[log]\nlevel = \"newsdb=loud\"\n", "log.level"),
        ] {
            let config = Config::parse(text).expect("parses");
            let err = config.validate().expect_err(text);
            assert!(err.to_string().contains(key), "{text}: {err}");
        }
        for level in ["debug", "WARN", "newsdb=debug,warn", "newsdb::daemon=trace"] {
            let mut c = Config::default();
            c.log.level = level.into();
            assert!(c.validate().is_ok(), "{level}");
        }
        let mut c = Config::default();
        c.database.busy_timeout_ms = i32::MAX as u64;
        assert!(c.validate().is_ok());
    }

    #[test]
    fn linking_is_a_boolean_key_on_by_default() {
        assert!(Config::default().link.enabled);
        let off = Config::parse("[link]\nenabled = false\n").expect("parses");
        assert!(!off.link.enabled);
        for text in ["[link]\nenabled = 0\n", "[link]\nenabled = \"off\"\n"] {
            let err = Config::parse(text).expect_err("not a boolean");
            assert!(err.to_string().contains("enabled"), "{text}: {err}");
        }
    }
}
