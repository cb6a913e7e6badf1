//! Hostile input and hostile environments (issue 27): markup that would take
//! gigabytes, files that are not files, names that are not UTF-8, a stored file
//! truncated to nothing, damaged UTF-8, config values out of range, a second
//! writer through a symlink. Each test is named after what used to go wrong.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use newsdb::normalize::{normalize, NormalizeOptions};

use crate::support::{column, count, newsdb};

/// Runs the binary; kills it (by its id) and fails if it outlives `limit`.
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn ingest(db: &Path, what: &Path) -> Output {
    let mut c = newsdb();
    c.arg("--db").arg(db).arg("ingest").arg(what);
    run_within(c, Duration::from_secs(120))
}

const GOOD: &str = "Council approves new homes\n\nThe council said on Monday that 42 new homes would be built next year, and the mayor welcomed the plan.\n\nBuilding starts in the spring, officials said.\n";

#[test]
fn unclosed_formatting_tags_are_cut_at_the_node_budget_not_parsed_into_gigabytes() {
    // 100,000 paragraphs, each reopening the unclosed <i>: millions of nodes unbounded.
    let page = format!("<html><body>{}", "<p><i>x".repeat(100_000));
    let article = normalize(&page, &NormalizeOptions::default());
    assert!(
        article.warnings.iter().any(|w| w.contains("DOM nodes")),
        "{:?}",
        article.warnings
    );
    // What was kept is bounded by the budget, not by the input.
    assert!(article.body.len() < 100_000, "{}", article.body.len());
}

#[test]
fn a_page_cut_at_its_budget_is_stored_with_the_reason_recorded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let page = tmp.path().join("huge.html");
    let para = "<p>The minister said growth would reach two percent next year.</p>\n";
    std::fs::write(&page, format!("<html><body>{}", para.repeat(120_000))).expect("write");
    let db = tmp.path().join("n.db");
    let out = ingest(&db, &page);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let errors = column(&db, "SELECT error FROM files WHERE status = 'ingested'");
    assert!(
        errors[0].as_str().is_some_and(|e| e.contains("DOM nodes")),
        "{errors:?}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("page warning"));
}

#[test]
fn extract_refuses_a_fifo_dev_zero_and_a_file_past_the_size_cap_instead_of_hanging() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fifo = tmp.path().join("fifo.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let zero = tmp.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let big = tmp.path().join("big.txt");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(200 << 20))
        .expect("sparse file");
    let good = tmp.path().join("good.txt");
    std::fs::write(&good, GOOD).expect("write");
    let mut c = newsdb();
    c.arg("extract").args([&fifo, &zero, &big, &good]);
    let out = run_within(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 4);
    let error = |i: usize| lines[i]["error"].as_str().unwrap_or("").to_owned();
    assert!(error(0).contains("FIFO"), "{}", error(0));
    assert!(error(1).contains("device"), "{}", error(1));
    assert!(error(2).contains("too large"), "{}", error(2));
    assert!(lines[3]["body"].is_array());
}

#[test]
fn a_fifo_in_the_folder_gets_a_files_row_saying_why_it_was_not_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("good.txt"), GOOD).expect("write");
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe.txt"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let db = tmp.path().join("n.db");
    let out = ingest(&db, &dir);
    assert_eq!(out.status.code(), Some(1), "one file rejected");
    let errors = column(
        &db,
        "SELECT error FROM files WHERE path LIKE '%pipe.txt' AND status = 'rejected'",
    );
    assert!(
        errors
            .first()
            .and_then(|e| e.as_str())
            .is_some_and(|e| e.contains("FIFO")),
        "{errors:?}"
    );
}

#[test]
fn names_that_are_not_utf8_do_not_collide_and_survive_a_restart() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    for (i, name) in [&b"bad\xff.txt"[..], b"bad\xfe.txt", b"bad\xef\xbf\xbd.txt"]
        .iter()
        .enumerate()
    {
        let text = GOOD.replace("42", &format!("{}", 50 + i));
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), text).expect("write");
    }
    let db = tmp.path().join("n.db");
    assert!(ingest(&db, &dir).status.success());
    assert_eq!(count(&db, "SELECT count(*) FROM files"), Some(3));
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(3));
    // The daemon's catch-up scan finds every stored path still there.
    let mut config = newsdb::config::Config::default();
    config.watch.dir = dir.clone();
    config.database.path = db.clone();
    config.watch.settle_ms = 20;
    let daemon = crate::support::start_daemon(config.clone(), config);
    daemon.wait_event(newsdb::daemon::Event::Ready, Duration::from_secs(60));
    let report = daemon.stop();
    assert_eq!(report.deleted, 0);
    assert_eq!(report.tally.new, 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'"),
        Some(3)
    );
}

#[test]
fn a_stored_file_truncated_to_zero_bytes_keeps_its_article_until_restored() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("page.txt");
    std::fs::write(&file, GOOD).expect("write");
    let db = tmp.path().join("n.db");
    assert!(ingest(&db, &file).status.success());
    let id = count(&db, "SELECT id FROM articles");
    assert!(id.is_some());

    std::fs::write(&file, b"").expect("truncate");
    assert_eq!(ingest(&db, &file).status.code(), Some(1));
    assert_eq!(count(&db, "SELECT id FROM articles"), id, "article kept");
    let error = column(&db, "SELECT error FROM files WHERE status = 'rejected'");
    assert!(
        error[0].as_str().is_some_and(|e| e.contains("kept")),
        "{error:?}"
    );

    std::fs::write(&file, GOOD).expect("restore");
    assert!(ingest(&db, &file).status.success());
    assert_eq!(count(&db, "SELECT id FROM articles"), id, "same article");
    assert_eq!(
        count(
            &db,
            "SELECT article_id FROM files WHERE status = 'ingested'"
        ),
        id
    );
}

#[test]
fn mostly_utf8_with_one_invalid_byte_is_stored_as_utf8_not_mojibake() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("page.txt");
    let mut bytes = GOOD
        .replace("the mayor", "the mayor, Jos\u{e9} M\u{fc}ller,")
        .replace("officials said.", "\u{201c}soon\u{201d}, officials said.")
        .into_bytes();
    bytes.extend_from_slice(b"\nA broken \xff byte.\n");
    std::fs::write(&file, bytes).expect("write");
    let db = tmp.path().join("n.db");
    assert!(ingest(&db, &file).status.success());
    let body = column(
        &db,
        "SELECT coalesce(subtitle, '') || ' ' || body FROM articles",
    );
    let body = body[0].as_str().unwrap_or("");
    assert!(body.contains("Jos\u{e9} M\u{fc}ller"), "{body}");
    let note = column(&db, "SELECT error FROM files");
    assert!(
        note[0]
            .as_str()
            .is_some_and(|e| e.contains("invalid UTF-8")),
        "{note:?}"
    );
}

#[test]
fn an_empty_database_path_is_refused_instead_of_writing_into_a_temporary_database() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("page.txt");
    std::fs::write(&file, GOOD).expect("write");
    let config = tmp.path().join("c.toml");
    std::fs::write(&config, "[database]\npath = \"\"\n").expect("write");
    let mut c = newsdb();
    c.arg("--config").arg(&config).arg("ingest").arg(&file);
    let out = run_within(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("database.path"));
    let mut c = newsdb();
    c.args(["--db", ":memory:", "ingest"]).arg(&file);
    let out = run_within(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_second_writer_through_a_symlinked_database_path_is_stopped_by_the_lock() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let link = tmp.path().join("link.db");
    let _first = newsdb::store::Store::open(&db, Duration::from_secs(1)).expect("open");
    std::os::unix::fs::symlink(&db, &link).expect("symlink");
    let second = newsdb::store::Store::open(&link, Duration::from_secs(1));
    assert!(
        matches!(second, Err(newsdb::store::StoreError::Locked(..))),
        "second writer not stopped"
    );
    // A symlinked folder leads to the same lock too.
    let dir_link = tmp.path().join("dirlink");
    std::os::unix::fs::symlink(tmp.path(), &dir_link).expect("symlink");
    assert!(newsdb::store::writer_running(&dir_link.join("n.db")));
}

#[test]
fn config_values_out_of_range_are_refused_instead_of_panicking() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("c.toml");
    std::fs::write(&config, "[database]\nbusy_timeout_ms = 2147483648\n").expect("write");
    let mut c = newsdb();
    c.arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(tmp.path().join("n.db"))
        .arg("status");
    let out = run_within(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2), "exit 2, not a panic (101)");
    assert!(String::from_utf8_lossy(&out.stderr).contains("busy_timeout_ms"));
}

fn daemon_config(dir: &Path, db: &Path) -> newsdb::config::Config {
    let mut config = newsdb::config::Config::default();
    config.watch.dir = dir.to_owned();
    config.database.path = db.to_owned();
    config.watch.settle_ms = 20;
    config.watch.rescan_secs = 0;
    config
}

#[test]
fn a_watched_folder_removed_and_recreated_is_watched_again_without_a_rescan() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    let db = tmp.path().join("n.db");
    let config = daemon_config(&dir, &db);
    let daemon = crate::support::start_daemon(config.clone(), config);
    daemon.wait_event(newsdb::daemon::Event::Ready, Duration::from_secs(60));
    std::fs::remove_dir(&dir).expect("rmdir");
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::create_dir(&dir).expect("mkdir again");
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::write(dir.join("after.txt"), GOOD).expect("write");
    crate::support::wait_for("the new file stored", Duration::from_secs(30), || {
        count(&db, "SELECT count(*) FROM files WHERE status = 'ingested'").filter(|&n| n == 1)
    });
    daemon.stop();
}

#[test]
fn a_directory_symlink_loop_is_not_followed_by_the_daemon() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("a.txt"), GOOD).expect("write");
    std::os::unix::fs::symlink(".", dir.join("loopdir")).expect("symlink");
    let db = tmp.path().join("n.db");
    let config = daemon_config(&dir, &db);
    let daemon = crate::support::start_daemon(config.clone(), config);
    daemon.wait_event(newsdb::daemon::Event::Ready, Duration::from_secs(60));
    // Events: a new file, and a new loop made while the daemon runs.
    std::os::unix::fs::symlink(".", dir.join("loop2")).expect("symlink");
    std::fs::write(dir.join("b.txt"), GOOD.replace("42", "43")).expect("write");
    std::fs::write(dir.join("a.txt"), GOOD.replace("42", "44")).expect("rewrite");
    crate::support::wait_for("b stored", Duration::from_secs(30), || {
        count(&db, "SELECT count(*) FROM files WHERE path LIKE '%/b.txt'").filter(|&n| n >= 1)
    });
    std::thread::sleep(Duration::from_millis(500));
    daemon.stop();
    assert_eq!(count(&db, "SELECT count(*) FROM files"), Some(2));
    assert_eq!(
        count(&db, "SELECT count(*) FROM files WHERE path LIKE '%loop%'"),
        Some(0)
    );
}

#[test]
fn a_newline_in_a_file_name_is_escaped_in_the_log_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("two\nlines.txt"), GOOD).expect("write");
    let db = tmp.path().join("n.db");
    let out = ingest(&db, &dir);
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    let line = log
        .lines()
        .find(|l| l.contains(" ingested "))
        .unwrap_or_default();
    assert!(line.contains("two\\nlines.txt"), "{log}");
}

/// An empty database and a config file with `[query]` settings for it.
fn query_setup(query: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let out = newsdb()
        .arg("--db")
        .arg(&db)
        .arg("migrate")
        .output()
        .expect("migrate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = tmp.path().join("c.toml");
    std::fs::write(
        &config,
        format!(
            "[database]\npath = {:?}\n[query]\n{query}\n",
            db.display().to_string()
        ),
    )
    .expect("write");
    (tmp, config)
}

/// `newsdb query` (its output read as it comes; `timeout_ms` in the config bounds it).
fn query(config: &Path, args: &[&str]) -> Output {
    newsdb()
        .arg("--config")
        .arg(config)
        .arg("query")
        .args(args)
        .output()
        .expect("query")
}

#[test]
fn a_table_cell_of_megabytes_is_cut_with_a_mark_instead_of_formatted_whole() {
    let (_tmp, config) = query_setup("timeout_ms = 60000");
    // Six megabytes of words in one value, and a short second column.
    let sql = "SELECT replace(hex(zeroblob(2000000)), '00', 'ab ') AS body, 'end' AS tail";
    let out = query(&config, &[sql]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 200, "a line of {widest} characters");
    assert!(text.contains("ab ab ab") && text.contains('…'), "{text}");
    assert!(text.contains("end"), "{text}");
    assert!(text.trim_end().ends_with("(1 row)"), "{text}");
    // The other formats give the value whole.
    let out = query(&config, &["--format", "csv", sql]);
    assert_eq!(
        out.stdout.len(),
        "body,tail\n".len() + 6_000_000 + ",end\n".len()
    );
}

#[test]
fn every_row_is_written_when_max_rows_is_zero() {
    let (_tmp, config) = query_setup("max_rows = 0");
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
               SELECT i, 'row ' || i AS label FROM n";
    let out = query(&config, &[sql]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end().ends_with("(300000 rows)"),
        "{}",
        &text[text.len().saturating_sub(200)..]
    );
    assert!(
        text.contains("│ 299999  row 299999"),
        "widths fixed from the first rows still fit"
    );
    let out = query(&config, &["--format", "json", sql]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(300_000));
}

#[test]
fn a_query_sorting_an_endless_recursion_stops_at_the_temp_storage_cap_instead_of_filling_the_disk()
{
    let (tmp, config) = query_setup("max_temp_mb = 16\ntimeout_ms = 100000");
    let sql = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c)
               SELECT i, randomblob(200) AS b FROM c ORDER BY b";
    // Where SQLite would put its temporary files: none may be written.
    let temp = tmp.path().join("sqlite-temp");
    std::fs::create_dir(&temp).expect("mkdir");
    let mut c = newsdb();
    c.env("SQLITE_TMPDIR", &temp)
        .arg("--config")
        .arg(&config)
        .arg("query")
        .arg(sql);
    let out = run_within(c, Duration::from_secs(90));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("more than 16 MiB of temporary storage (query.max_temp_mb)"),
        "{err}"
    );
    assert!(
        !err.contains("interrupted"),
        "the cap, not the timeout, stopped it: {err}"
    );
}

#[test]
fn status_on_a_database_damaged_in_the_middle_fails_and_says_so() {
    // Large enough that the damage misses the schema, and small enough that it
    // reaches the schema (then opening fails): both say "damaged".
    for files in [60, 8] {
        status_on_a_damaged_database(files);
    }
}

fn status_on_a_damaged_database(files: usize) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    crate::support::make_corpus(&dir, files);
    let db = tmp.path().join("n.db");
    crate::support::ingest_ok(&db, &dir);
    let healthy = newsdb()
        .arg("--db")
        .arg(&db)
        .arg("status")
        .output()
        .expect("status");
    assert!(
        healthy.status.success(),
        "{}",
        String::from_utf8_lossy(&healthy.stderr)
    );
    // Overwrite the middle fifth of the file, whole pages, with garbage.
    let mut bytes = std::fs::read(&db).expect("read");
    let page = 4096;
    let pages = bytes.len() / page;
    for b in &mut bytes[(pages * 2 / 5) * page..(pages * 3 / 5) * page] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).expect("write");
    let out = newsdb()
        .arg("--db")
        .arg(&db)
        .arg("status")
        .output()
        .expect("status");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(err.contains("damaged"), "{err}");
    let words: Vec<&str> = err.split(": ").collect();
    for w in &words {
        assert_eq!(
            words.iter().filter(|x| *x == w).count(),
            1,
            "said twice: {err}"
        );
    }
}

#[test]
fn an_unreadable_sub_folder_is_skipped_with_a_reason_instead_of_stopping_watch() {
    use crate::support::{sigterm, stderr_lines};
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let (inbox, bad) = (root.join("in"), root.join("in").join("bad"));
    std::fs::create_dir_all(inbox.join("good")).expect("mkdir");
    std::fs::create_dir(&bad).expect("mkdir");
    std::fs::write(inbox.join("good").join("a.txt"), GOOD).expect("write");
    let db = root.join("n.db");
    let mut cmd = newsdb();
    // Root reads every folder: run as nobody, owning all but the bad folder.
    if std::fs::metadata(root).expect("stat").uid() == 0 {
        for p in [
            root.to_owned(),
            inbox.clone(),
            inbox.join("good"),
            inbox.join("good").join("a.txt"),
        ] {
            let status = Command::new("chown")
                .arg("65534")
                .arg(&p)
                .status()
                .expect("chown");
            assert!(status.success());
        }
        cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_newsdb"))
            .env_remove("RUST_LOG");
    }
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut child = cmd
        .args(["watch", "--dir"])
        .arg(&inbox)
        .arg("--db")
        .arg(&db)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn watch");
    let rx = stderr_lines(&mut child);
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !log.iter().any(|l: &String| l.contains("ready")) {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => log.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("watch never got ready: {log:#?}");
            }
        }
    }
    sigterm(&child);
    let exit = child.wait().expect("wait");
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert!(exit.success(), "{exit:?}: {log:#?}");
    assert!(
        log.iter()
            .any(|l| l.contains("cannot watch this folder; skipping it") && l.contains("bad")),
        "{log:#?}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(1));
}
