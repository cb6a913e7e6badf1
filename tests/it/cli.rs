//! The binary: `watch` under signals and the writer lock, read-only `query`,
//! `ingest` exit codes, `extract` JSON Lines.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::{
    column, count, ingest_ok, newsdb, seeds_dir, sigterm, stderr_lines, wait_for,
};

/// Starts `watch` and returns once it logged "ready".
fn start_watch(dir: &Path, db: &Path) -> Child {
    let mut child = newsdb()
        .args(["watch", "--dir"])
        .arg(dir)
        .arg("--db")
        .arg(db)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn watch");
    let lines = stderr_lines(&mut child);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if lines
            .recv_timeout(left)
            .expect("watch ready")
            .contains("ready")
        {
            break;
        }
    }
    child
}

#[test]
fn watch_exits_cleanly_on_sigterm_and_a_second_writer_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    let db = tmp.path().join("n.db");
    let mut child = start_watch(&dir, &db);

    let second = newsdb()
        .args(["watch", "--dir"])
        .arg(&dir)
        .arg("--db")
        .arg(&db)
        .output()
        .expect("second watch");
    assert!(!second.status.success());
    let msg = String::from_utf8_lossy(&second.stderr);
    assert!(msg.contains("another newsdb process"), "{msg}");

    std::fs::copy(
        seeds_dir().join("002_af2bfa08f6d4c670.txt"),
        dir.join("a.txt"),
    )
    .expect("copy");
    wait_for("ingest", Duration::from_secs(10), || {
        count(&db, "SELECT count(*) FROM articles").filter(|&n| n == 1)
    });
    sigterm(&child);
    let status = wait_for("exit", Duration::from_secs(10), || {
        child.try_wait().ok().flatten()
    });
    assert!(status.success(), "{status:?}");
    let check = newsdb()
        .arg("--db")
        .arg(&db)
        .args(["query", "PRAGMA integrity_check", "--format", "csv"])
        .output()
        .expect("query");
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "integrity_check\nok\n"
    );
}

#[test]
fn query_refuses_writes_attach_and_state_changing_pragmas() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let ok = newsdb()
        .arg("--db")
        .arg(&db)
        .args(["ingest"])
        .arg(seeds_dir())
        .output()
        .expect("ingest");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    for sql in [
        "DELETE FROM articles",
        "DROP TABLE quotes",
        "INSERT INTO files(path, size, status, updated_at) VALUES ('x', 0, 'ingested', 'now')",
        "UPDATE articles SET title = 'x'",
        "ATTACH DATABASE 'other.db' AS other",
        "PRAGMA journal_mode = DELETE",
        "SELECT load_extension('x')",
        "CREATE TABLE t(x)",
    ] {
        let out = newsdb()
            .arg("--db")
            .arg(&db)
            .args(["query", sql])
            .output()
            .expect("query");
        assert!(!out.status.success(), "{sql} was allowed");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("refused") || err.contains("not authorized"),
            "{sql}: {err}"
        );
    }
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(5));
    let json = newsdb()
        .arg("--db")
        .arg(&db)
        .args([
            "query",
            "SELECT count(*) AS n FROM articles",
            "--format",
            "json",
        ])
        .output()
        .expect("query");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v, serde_json::json!([{"n": 5}]));
}

#[test]
fn extract_prints_one_json_object_per_file_and_fails_on_bad_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, b"").expect("write");
    let out = newsdb()
        .arg("extract")
        .arg(seeds_dir().join("001_b63bf07646f23cc8.txt"))
        .arg(&bad)
        .output()
        .expect("extract");
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for key in [
        "path",
        "title",
        "publisher",
        "published",
        "byline",
        "language",
        "body",
        "quotes",
        "figures",
        "images",
        "removed",
    ] {
        assert!(lines[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(lines[1]["error"], "empty file");
}

#[test]
fn extract_explain_marks_every_line_kept_or_removed_with_a_reason() {
    let page = seeds_dir().join("004_c7bed5cdc093ebdf.txt");
    let out = newsdb()
        .args(["extract", "--explain"])
        .arg(&page)
        .output()
        .expect("explain");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let marked: Vec<&str> = text
        .lines()
        .filter(|l| l.get(6..8).is_some_and(|m| m == "+ " || m == "- "))
        .collect();
    let source = std::fs::read_to_string(&page).expect("read");
    let non_empty = source
        .lines()
        .filter(|l| !newsdb::normalize::trim_line(l).is_empty())
        .count();
    assert_eq!(marked.len(), non_empty, "{text}");
    assert!(text.contains("- advertisement  Advertisement"), "{text}");
    assert!(text.contains("- poll"), "{text}");
    assert!(
        text.contains("+ body           Last month, US security firm Mandiant"),
        "{text}"
    );
}

#[test]
fn watch_tells_systemd_ready_watchdog_and_stopping() {
    use std::os::unix::net::UnixDatagram;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).expect("mkdir");
    let socket_path = tmp.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut child = newsdb()
        .env("NOTIFY_SOCKET", &socket_path)
        .env("WATCHDOG_USEC", "3000000")
        .env_remove("WATCHDOG_PID")
        .args(["watch", "--dir"])
        .arg(&dir)
        .arg("--db")
        .arg(tmp.path().join("n.db"))
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut buf = [0u8; 512];
    let mut seen = String::new();
    while !seen.contains("READY=1") {
        let n = socket.recv(&mut buf).expect("notification");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    // WatchdogSec=3: the idle daemon's heartbeat keeps the pings coming.
    while !seen.contains("WATCHDOG=1") {
        let n = socket.recv(&mut buf).expect("watchdog ping");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    sigterm(&child);
    while !seen.contains("STOPPING=1") {
        let n = socket.recv(&mut buf).expect("notification");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(child.wait().expect("wait").success());
}

/// A database ingested from the seeds by the binary, in `dir`.
fn seed_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("seed.db");
    ingest_ok(&db, &seeds_dir());
    db
}

#[test]
fn full_text_indexes_are_declared_the_way_datasette_detects_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    // Datasette's and sqlite-utils' detection: `content="<table>"` or `content=[<table>]`.
    for (table, fts) in [("articles", "articles_fts"), ("quotes", "quotes_fts")] {
        let found = column(
            &db,
            &format!(
                "SELECT name FROM sqlite_master WHERE rootpage = 0
                 AND (sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"{table}\"%'
                      OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[{table}]%')"
            ),
        );
        assert_eq!(found, vec![serde_json::json!(fts)], "{table}");
    }
    // The rebuilt indexes find what the rows hold.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'speaker:Hua'"
        ),
        count(
            &db,
            "SELECT count(*) FROM quotes WHERE speaker LIKE 'Hua %'"
        )
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'hackers'"
        ),
        count(
            &db,
            "SELECT count(*) FROM articles WHERE body LIKE '%hackers%'"
        )
    );
}

/// Runs the binary with `args` while `dir` is read-only: as root (whom permission
/// bits do not stop) inside a private mount namespace where `dir` is bound
/// read-only, otherwise with the folder's write bits removed. Checks first that
/// nothing can be created in `dir`.
fn run_in_read_only_folder(dir: &Path, args: &[&str]) -> std::process::Output {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if root {
        let script = r#"d="$1"; shift
            mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" || exit 97
            touch "$d/probe" 2>/dev/null && exit 98
            exec "$@""#;
        let out = Command::new("unshare")
            .args(["-m", "sh", "-c", script, "sh"])
            .arg(dir)
            .arg(env!("CARGO_BIN_EXE_newsdb"))
            .args(args)
            .env_remove("RUST_LOG")
            .output()
            .expect("unshare");
        assert!(
            !matches!(out.status.code(), Some(97 | 98)),
            "could not make {} read-only: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        return out;
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    assert!(
        std::fs::write(dir.join("probe"), "x").is_err(),
        "folder still writable"
    );
    let out = newsdb().args(args).output().expect("run");
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    out
}

#[test]
fn query_reads_a_stopped_database_in_a_read_only_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let folder = tmp.path().join("readonly");
    std::fs::create_dir(&folder).expect("mkdir");
    let copy = folder.join("copy.db");
    std::fs::copy(&db, &copy).expect("copy");
    // Still in WAL mode, without the `-shm` file a reader would have to create.
    assert!(!folder.join("copy.db-shm").exists());
    let db_arg = copy.to_string_lossy().into_owned();
    let out = run_in_read_only_folder(
        &folder,
        &[
            "--db",
            &db_arg,
            "query",
            "SELECT count(*) AS n FROM articles",
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v, serde_json::json!([{"n": 5}]));
}

#[test]
fn ingest_exits_1_while_rejected_files_remain_also_on_a_rerun() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("bad.txt"), b"\x00\x01binary").expect("write");
    std::fs::copy(
        seeds_dir().join("000_caabadb9bf70e95a.txt"),
        dir.join("ok.txt"),
    )
    .expect("copy");
    let db = tmp.path().join("n.db");
    for run in ["first", "second"] {
        let out = newsdb()
            .arg("--db")
            .arg(&db)
            .arg("ingest")
            .arg(&dir)
            .output()
            .expect("ingest");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{run} run: {err}");
        assert!(err.contains("bad.txt: binary content"), "{run} run: {err}");
        // Redirected: no colour codes in the log.
        assert!(!err.contains('\u{1b}'), "{run} run: {err}");
    }
    std::fs::remove_file(dir.join("bad.txt")).expect("rm");
    let out = newsdb()
        .arg("--db")
        .arg(&db)
        .args(["-q", "ingest"])
        .arg(&dir)
        .output()
        .expect("ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "-q: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn errors_are_printed_once_with_a_hint_and_colour_only_when_asked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let out = newsdb()
        .arg("--db")
        .arg(&db)
        .args(["query", "SELEC 1"])
        .output()
        .expect("query");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err.matches("syntax error").count(), 1, "{err}");
    assert!(!err.contains("Error code"), "{err}");
    let out = newsdb()
        .arg("--db")
        .arg(&db)
        .args(["query", "SELECT * FROM quote"])
        .output()
        .expect("query");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no such table: quote\nhint: `newsdb schema`"),
        "{err}"
    );
    // Log colour: never by default into a pipe, always on request, never with NO_COLOR.
    let status = |extra: &[&str], no_color: bool| {
        let mut c = newsdb();
        c.arg("--db").arg(&db).args(extra).args(["-v", "status"]);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        let out = c.output().expect("status");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(!status(&[], false).contains('\u{1b}'));
    let forced = status(&["--color", "always"], false);
    assert!(forced.contains('\u{1b}'), "{forced}");
    assert!(!status(&["--color", "auto"], true).contains('\u{1b}'));
}

#[test]
fn extract_takes_folders_like_ingest() {
    let out = newsdb()
        .arg("extract")
        .arg(seeds_dir())
        .output()
        .expect("extract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(lines, 5);
}

/// Runs the binary on `db` with `args` and `stdin`, expecting `code`; returns stdout.
fn run_on(db: &Path, args: &[&str], stdin: Option<&str>, code: i32) -> String {
    use std::io::Write as _;
    let mut child = newsdb()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_rows(text: &str) -> Vec<serde_json::Value> {
    match serde_json::from_str(text).expect("json") {
        serde_json::Value::Array(rows) => rows,
        other => panic!("not an array: {other}"),
    }
}

#[test]
fn search_finds_articles_and_quotes_with_snippets() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let rows = json_rows(&run_on(
        &db,
        &["search", "cyberspace", "--format", "json"],
        None,
        0,
    ));
    let hits: Vec<&str> = rows.iter().filter_map(|r| r["hit"].as_str()).collect();
    assert!(
        hits.contains(&"article") && hits.contains(&"quote"),
        "{rows:?}"
    );
    for r in &rows {
        let snippet = r["snippet"].as_str().expect("snippet").to_lowercase();
        assert!(snippet.contains("[cyberspace]"), "{r}");
    }
    // Words are literal: "U.S." is not FTS syntax. Nothing found exits 1.
    run_on(&db, &["search", "U.S.", "--format", "csv"], None, 0);
    let none = run_on(&db, &["search", "zyxwvut", "--format", "json"], None, 1);
    assert!(json_rows(&none).is_empty());
}

#[test]
fn quotes_by_merges_every_spelling_of_a_speaker() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    // The seeds spell the spokeswoman two ways; asking by either finds all of them.
    let all = count(
        &db,
        "SELECT count(*) FROM quotes WHERE speaker LIKE 'Hua Chu%ying'",
    );
    assert!(all.is_some_and(|n| n > 4), "{all:?}");
    for name in ["Hua Chunying", "hua chuying"] {
        let rows = json_rows(&run_on(
            &db,
            &["quotes", "--by", name, "--format", "json"],
            None,
            0,
        ));
        assert_eq!(Some(rows.len() as i64), all, "{name}");
        let spellings: std::collections::BTreeSet<&str> =
            rows.iter().filter_map(|r| r["speaker"].as_str()).collect();
        assert_eq!(spellings.len(), 2, "{name}: {spellings:?}");
        assert!(
            rows.iter().any(|r| r["outlet"].is_string()),
            "{name}: no outlet"
        );
    }
    run_on(&db, &["quotes", "--by", "Nobody Atall"], None, 1);
}

#[test]
fn conflicts_lists_figures_that_disagree_per_story() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let rows = json_rows(&run_on(&db, &["conflicts", "--format", "json"], None, 0));
    assert_eq!(
        Some(rows.len() as i64),
        count(&db, "SELECT count(*) FROM figure_disagreements")
    );
    assert!(
        rows.iter().any(
            |r| r["raw_a"].as_str().is_some_and(|s| s.contains("140,000"))
                && r["raw_b"].as_str().is_some_and(|s| s.contains("144,000"))
        ),
        "{rows:?}"
    );
}

#[test]
fn schema_describes_user_facing_views_before_internal_tables() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let rows = json_rows(&run_on(&db, &["schema", "--format", "json"], None, 0));
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    let at = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("{n} missing"))
    };
    assert!(at("quote_details") < at("lsh_bands") && at("articles") < at("quote_rows"));
    assert!(rows[at("lsh_bands")]["what"]
        .as_str()
        .is_some_and(|w| w.starts_with("internal")));
    let articles = rows[at("articles")]["columns"].as_str().expect("columns");
    assert!(articles.contains("outlet"), "{articles}");
    let columns = json_rows(&run_on(
        &db,
        &["schema", "quote_details", "--format", "json"],
        None,
        0,
    ));
    assert!(columns.iter().any(
        |c| c["column"] == "speaker_id" && c["meaning"].as_str().is_some_and(|m| !m.is_empty())
    ));
    run_on(&db, &["schema", "no_such_view"], None, 2);
}

#[test]
fn query_binds_parameters_and_reads_sql_from_stdin() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let sql =
        "SELECT count(*) AS n FROM quote_details WHERE outlet = :outlet AND article_id > :min";
    let rows = json_rows(&run_on(
        &db,
        &[
            "query",
            "-",
            "-p",
            "outlet=GlobalPost",
            "-p",
            "min=0",
            "--format",
            "json",
        ],
        Some(sql),
        0,
    ));
    assert_eq!(
        rows[0]["n"].as_i64(),
        count(
            &db,
            "SELECT count(*) FROM quotes_view WHERE outlet = 'GlobalPost'"
        )
    );
    // A parameter left out, or one the SQL does not have, is an error.
    run_on(&db, &["query", sql, "-p", "outlet=x"], None, 2);
    run_on(&db, &["query", "SELECT 1", "-p", "nope=1"], None, 2);
}

#[test]
fn datasette_metadata_hides_internal_tables_and_carries_the_questions() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    let v: serde_json::Value =
        serde_json::from_str(&run_on(&db, &["datasette-metadata"], None, 0)).expect("json");
    let seed = &v["databases"]["seed"];
    assert_eq!(seed["tables"]["lsh_bands"]["hidden"], true);
    assert_eq!(seed["tables"]["quote_rows"]["hidden"], true);
    assert_eq!(seed["tables"]["quote_details"]["fts_table"], "quotes_fts");
    assert!(seed["tables"]["articles"]["hidden"].is_null());
    // Every canned query runs on the database (blank parameters, as Datasette sends them).
    for (name, q) in seed["queries"].as_object().expect("queries") {
        let sql = q["sql"].as_str().expect("sql");
        let mut args = vec!["query", sql, "--format", "json"];
        let mut params = Vec::new();
        for p in ["name", "query", "limit"] {
            if sql.contains(&format!(":{p}")) {
                params.push(match p {
                    "name" => "name=Tom Donilon",
                    "query" => "query=cyber",
                    _ => "limit=",
                });
            }
        }
        for p in &params {
            args.extend(["-p", p]);
        }
        let rows = json_rows(&run_on(&db, &args, None, 0));
        assert!(!rows.is_empty(), "{name} found nothing");
    }
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("none.db");
    let bash = run_on(&db, &["completions", "bash"], None, 0);
    assert!(
        bash.contains("datasette-metadata") && bash.contains("--format"),
        "{bash}"
    );
    let man = run_on(&db, &["man"], None, 0);
    assert!(man.starts_with(".ie") || man.contains(".TH"), "{man}");
    assert!(man.contains("quotes"), "{man}");
}

/// `newsdb query … | head`: a reader that stops early ends the output quietly, as
/// grep and sqlite3 do, instead of an error about a broken pipe.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = seed_db(tmp.path());
    // 5,000 rows of 500 characters: far more than a pipe holds.
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 5000)
               SELECT i, printf('%0500d', i) AS wide FROM n";
    for format in ["table", "csv", "json"] {
        let mut child = newsdb()
            .arg("--db")
            .arg(&db)
            .args(["query", sql, "--format", format])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
