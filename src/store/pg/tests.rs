//! PostgreSQL store tests. They need a server: `NEWSDB_TEST_PG_URL` names a database
//! on it whose user may create databases (each test makes a fresh one); unset, each
//! test prints that it was skipped and passes (and fails when `CI` is set).

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{PgReader, PgStore};
use crate::store::{FileMeta, PreparedFile, QueryLimits, QueryOutput, StoreError, WriteResult};

/// A fresh, empty database on the test server, as a URL; `None` (after printing
/// why) when `NEWSDB_TEST_PG_URL` is unset.
pub(crate) fn fresh_database(test: &str) -> Option<String> {
    let Ok(base) = std::env::var("NEWSDB_TEST_PG_URL") else {
        let in_ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
        assert!(
            !in_ci,
            "{test}: CI is set but NEWSDB_TEST_PG_URL is not: the PostgreSQL suite must run in CI"
        );
        eprintln!("{test}: skipped (set NEWSDB_TEST_PG_URL to run the PostgreSQL tests)");
        return None;
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "newsdb_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    // One at a time: CREATE DATABASE copies template1 and fails while another
    // session uses it.
    static CREATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = CREATING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut admin = super::connect(&base).expect("connect to NEWSDB_TEST_PG_URL");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop an old test database");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create the test database");
    Some(with_database(&base, &name))
}

/// `url` naming database `name` instead of its own.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let query = tail.find('?').map_or("", |i| &tail[i..]);
    format!("{scheme}://{authority}/{name}{query}")
}

fn page(title: &str, n: usize) -> Vec<u8> {
    format!(
        "{title}\n\nThe council said on Monday that it would spend {n} million on new roads.\n\n\
         \u{201c}We have waited long enough,\u{201d} said Mayor Jane Doe.\n"
    )
    .into_bytes()
}

fn prepared(path: &str, bytes: &[u8]) -> PreparedFile {
    let meta = FileMeta {
        size: bytes.len() as u64,
        modified_at: None,
    };
    let hash = blake3::hash(bytes).to_hex().to_string();
    match crate::pipeline::process(bytes, &Default::default()) {
        Ok(x) => PreparedFile::article(path.into(), meta, hash, x),
        Err(e) => PreparedFile::rejected(path.into(), meta, Some(hash), e.into()),
    }
}

fn count(store: &mut PgStore, sql: &str) -> i64 {
    store.client.query_one(sql, &[]).expect(sql).get(0)
}

const NOW: &str = "2026-12-08T00:00:00Z";

#[test]
fn a_batch_is_stored_once_and_again_is_unchanged_or_a_duplicate() {
    let Some(url) = fresh_database("a_batch_is_stored_once") else {
        return;
    };
    let mut store = PgStore::open(&url).expect("open");
    let files = [
        prepared("/a.txt", &page("Roads", 5)),
        prepared("/b.txt", &page("Bridges", 7)),
    ];
    let first = store.write_batch(&files, NOW).expect("write");
    assert!(
        matches!(first.as_slice(), [WriteResult::New(_), WriteResult::New(_)]),
        "{first:?}"
    );
    assert_eq!(count(&mut store, "SELECT count(*) FROM articles"), 2);
    assert_eq!(
        count(&mut store, "SELECT count(*) FROM quote_rows"),
        count(&mut store, "SELECT count(*) FROM quotes_fts")
    );
    assert!(count(&mut store, "SELECT count(*) FROM paragraph_spans") >= 4);
    // The same files again: unchanged; the same bytes under a new path: a duplicate.
    let again = store.write_batch(&files, NOW).expect("again");
    assert_eq!(again, [WriteResult::Unchanged, WriteResult::Unchanged]);
    let copy = store
        .write_batch(&[prepared("/c.txt", &page("Roads", 5))], NOW)
        .expect("copy");
    assert_eq!(copy, [WriteResult::Duplicate(first_id(&first[0]))]);
    assert_eq!(count(&mut store, "SELECT count(*) FROM articles"), 2);
    assert_eq!(count(&mut store, "SELECT count(*) FROM files"), 3);
    // The quote text is read back from its span through the view: what extraction gave.
    let x = crate::pipeline::process(&page("Roads", 5), &Default::default()).expect("page");
    let quote = x.quotes.first().expect("a quote");
    let text: String = store
        .client
        .query_one("SELECT text FROM quotes ORDER BY id LIMIT 1", &[])
        .expect("quote")
        .get(0);
    assert_eq!(text, quote.text);
    assert_eq!(
        count(
            &mut store,
            "SELECT count(*) FROM quote_rows WHERE text_at_span = 1"
        ),
        2
    );
}

fn first_id(r: &WriteResult) -> i64 {
    match r {
        WriteResult::New(id) | WriteResult::Duplicate(id) => *id,
        other => panic!("no article: {other:?}"),
    }
}

#[test]
fn two_writers_storing_the_same_bytes_at_once_store_one_article() {
    let Some(url) = fresh_database("two_writers_storing_the_same_bytes") else {
        return;
    };
    PgStore::open(&url).expect("migrate");
    let results: Vec<Vec<WriteResult>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|w| {
                let url = url.clone();
                s.spawn(move || {
                    let mut store = PgStore::open(&url).expect("open");
                    let files: Vec<PreparedFile> = (0..20)
                        .map(|i| {
                            prepared(&format!("/w{w}/p{i}.txt"), &page(&format!("Story {i}"), i))
                        })
                        .collect();
                    store.write_batch(&files, NOW).expect("write")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("writer"))
            .collect()
    });
    let new = results
        .iter()
        .flatten()
        .filter(|r| matches!(r, WriteResult::New(_)))
        .count();
    let dup = results
        .iter()
        .flatten()
        .filter(|r| matches!(r, WriteResult::Duplicate(_)))
        .count();
    assert_eq!((new, dup), (20, 20), "{results:?}");
    let mut store = PgStore::open(&url).expect("open");
    assert_eq!(count(&mut store, "SELECT count(*) FROM articles"), 20);
    assert_eq!(count(&mut store, "SELECT count(*) FROM files"), 40);
    assert_eq!(
        count(&mut store, "SELECT count(DISTINCT article_id) FROM files"),
        20
    );
}

#[test]
fn a_file_that_turns_unreadable_keeps_its_article_and_a_changed_one_replaces_it() {
    let Some(url) = fresh_database("a_file_that_turns_unreadable") else {
        return;
    };
    let mut store = PgStore::open(&url).expect("open");
    let first = store
        .write_batch(&[prepared("/a.txt", &page("Roads", 5))], NOW)
        .expect("write");
    let id = first_id(&first[0]);
    let empty = store
        .write_batch(&[prepared("/a.txt", b"")], NOW)
        .expect("empty");
    assert_eq!(empty, [WriteResult::Rejected]);
    let state = store.file_state("/a.txt").expect("state").expect("row");
    assert_eq!(state.status, crate::store::FileStatus::Rejected);
    assert_eq!(count(&mut store, "SELECT count(*) FROM articles"), 1);
    let changed = store
        .write_batch(&[prepared("/a.txt", &page("Roads again", 6))], NOW)
        .expect("changed");
    assert!(
        matches!(changed[0], WriteResult::New(n) if n != id),
        "{changed:?}"
    );
    // The old article, held by no file any more, is gone with its rows.
    assert_eq!(count(&mut store, "SELECT count(*) FROM articles"), 1);
    assert_eq!(
        count(
            &mut store,
            "SELECT count(*) FROM quote_rows WHERE article_id = 1"
        ),
        0
    );
    assert!(store.mark_deleted("/a.txt", NOW).expect("delete"));
    assert!(store.present_paths().expect("paths").is_empty());
}

#[test]
fn the_reader_refuses_writes_and_stops_at_the_row_cap() {
    let Some(url) = fresh_database("the_reader_refuses_writes") else {
        return;
    };
    let mut store = PgStore::open(&url).expect("open");
    let files: Vec<PreparedFile> = (0..3)
        .map(|i| prepared(&format!("/p{i}.txt"), &page(&format!("Story {i}"), i)))
        .collect();
    store.write_batch(&files, NOW).expect("write");
    let mut reader = PgReader::open(&url).expect("reader");
    let limits = QueryLimits {
        max_rows: 2,
        timeout: std::time::Duration::from_secs(5),
    };
    let mut out = QueryOutput {
        columns: vec![],
        rows: vec![],
        truncated: false,
    };
    let end = reader
        .query_each(
            "SELECT id, title FROM articles ORDER BY id",
            &[],
            limits,
            &mut out,
        )
        .expect("query");
    assert!(end.truncated);
    assert_eq!(out.columns, ["id", "title"]);
    assert_eq!(out.rows.len(), 2);
    assert_eq!(out.rows[0][0], serde_json::json!(1));
    for sql in ["DELETE FROM articles", "SELECT nextval('articles_id_seq')"] {
        let err = reader
            .query_each(sql, &[], limits, &mut out)
            .expect_err(sql);
        assert!(matches!(err, StoreError::Refused(_)), "{sql}: {err}");
    }
    let slow = QueryLimits {
        max_rows: 0,
        timeout: std::time::Duration::from_millis(200),
    };
    let err = reader
        .query_each("SELECT pg_sleep(5)", &[], slow, &mut out)
        .expect_err("timeout");
    assert!(matches!(err, StoreError::Timeout(200)), "{err}");
    let status = reader.status().expect("status");
    assert_eq!((status.articles, status.files_ingested), (3, 3));
}

#[test]
fn urls_get_the_test_database_name() {
    assert_eq!(
        with_database("postgres://u@h:5432/postgres?sslmode=disable", "t1"),
        "postgres://u@h:5432/t1?sslmode=disable"
    );
    assert_eq!(with_database("postgres://u@h", "t2"), "postgres://u@h/t2");
}
