//! The store: migrations, exactly-once ingest, replace on change, duplicate content,
//! rejected input. The ingest tests run on both backends (`sqlite::…`, `postgres::…`).

use std::path::Path;

use newsdb::config::Config;
use newsdb::ingest::ingest_files;
use newsdb::store::Store;

use crate::support::{column, count, ingest_summary, seeds_dir, Backend, TestDb};

crate::both_backends!(
    reingesting_the_same_bytes_changes_nothing,
    a_changed_file_replaces_its_article,
    the_same_bytes_under_a_second_path_are_one_article,
    bad_inputs_are_recorded_as_rejected_with_a_reason,
    stored_text_reads_back_exactly_as_extracted,
);

fn open(db: &Path) -> Store {
    Store::open(db, std::time::Duration::from_secs(5)).expect("open store")
}

fn config() -> Config {
    Config::default()
}

#[test]
fn migrations_apply_to_an_empty_database() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let latest = i64::from(*Store::migration_versions().last().expect("migrations"));
    let store = open(&db);
    assert_eq!(store.schema_version().expect("version"), latest);
    drop(store);
    let tables = column(
        &db,
        "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name",
    );
    for t in [
        "articles",
        "files",
        "paragraphs",
        "quotes",
        "figures",
        "images",
        "removed",
        "articles_fts",
        "quotes_fts",
        "quotes_view",
        "figures_view",
    ] {
        assert!(tables.iter().any(|v| v == t), "missing {t} in {tables:?}");
    }
    // Opening again applies nothing new and keeps the version.
    assert_eq!(open(&db).schema_version().expect("version"), latest);
}

fn reingesting_the_same_bytes_changes_nothing(b: Backend) {
    let db = TestDb::new(b);
    let files = newsdb::ingest::expand_paths(&[seeds_dir()], &config());
    assert_eq!(files.len(), 5);
    let first = ingest_summary(&db, None, &files);
    assert_eq!(first.new, 5);
    let snapshot = |db: &TestDb| {
        [
            "articles",
            "paragraphs",
            "quotes",
            "figures",
            "removed",
            "files",
        ]
        .map(|t| count(db, &format!("SELECT count(*) FROM {t}")).unwrap_or(-1))
    };
    let before = snapshot(&db);
    let second = ingest_summary(&db, None, &files);
    assert_eq!((second.new, second.unchanged), (0, 5));
    assert_eq!(snapshot(&db), before);
}

fn a_changed_file_replaces_its_article(b: Backend) {
    let db = TestDb::new(b);
    let page = db.dir().join("page.txt");
    std::fs::write(
        &page,
        "First headline\n\nThe council voted on Tuesday to close the old bridge for repairs.\n",
    )
    .expect("write");
    ingest_summary(&db, None, std::slice::from_ref(&page));
    std::fs::write(&page, "Second headline\n\nThe council voted on Wednesday to reopen the old bridge after repairs.\n").expect("write");
    let t = ingest_summary(&db, None, std::slice::from_ref(&page));
    assert_eq!(t.new, 1);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(1));
    assert_eq!(count(&db, "SELECT count(*) FROM files"), Some(1));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM paragraphs WHERE text LIKE '%Tuesday%'"
        ),
        Some(0)
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM paragraphs WHERE text LIKE '%Wednesday%'"
        ),
        Some(1)
    );
    if let Some(path) = db.sqlite_path() {
        assert_eq!(
            count(
                &path,
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Tuesday'"
            ),
            Some(0)
        );
    }
}

fn the_same_bytes_under_a_second_path_are_one_article(backend: Backend) {
    let db = TestDb::new(backend);
    let a = db.dir().join("a.txt");
    let b = db.dir().join("b.txt");
    let src = seeds_dir().join("001_b63bf07646f23cc8.txt");
    std::fs::copy(&src, &a).expect("copy");
    std::fs::copy(&src, &b).expect("copy");
    let t = ingest_summary(&db, None, &[a, b]);
    assert_eq!((t.new, t.duplicate), (1, 1));
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(1));
    assert_eq!(
        count(&db, "SELECT count(DISTINCT article_id) FROM files"),
        Some(1)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM files"), Some(2));
}

fn bad_inputs_are_recorded_as_rejected_with_a_reason(b: Backend) {
    let db = TestDb::new(b);
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary"),
        (
            "latin.txt",
            b"caf\x81\x8d \x8f\x90\x9d not text",
            "not text",
        ),
        ("utf16.txt", b"\xff\xfeh\0i\0", "UTF-16"),
    ];
    let mut paths = Vec::new();
    for (name, bytes, _) in cases {
        let p = db.dir().join(name);
        std::fs::write(&p, bytes).expect("write");
        paths.push(p);
    }
    let t = ingest_summary(&db, None, &paths);
    assert_eq!(t.rejected, 4);
    for (name, _, reason) in cases {
        let errors = column(
            &db,
            &format!("SELECT error FROM files WHERE path LIKE '%/{name}' AND status = 'rejected'"),
        );
        assert_eq!(errors.len(), 1, "{name}");
        let e = errors[0].as_str().unwrap_or_default();
        assert!(e.contains(reason), "{name}: {e}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(0));
}

/// The compact tables behind `paragraphs`, `figures` and `removed` (V3) give back
/// exactly what the pipeline extracted: every paragraph, every figure's sentence and
/// every removed line with its number and reason.
fn stored_text_reads_back_exactly_as_extracted(b: Backend) {
    let db = TestDb::new(b);
    let files = newsdb::ingest::expand_paths(&[seeds_dir()], &config());
    ingest_summary(&db, None, &files);
    let json = |sql: String| serde_json::Value::Array(column(&db, &sql));
    for file in &files {
        let bytes = std::fs::read(file).expect("read");
        let x = newsdb::pipeline::process(&bytes, &Default::default()).expect("process");
        let hash = blake3::hash(&bytes).to_hex().to_string();
        let id = count(
            &db,
            &format!("SELECT id FROM articles WHERE content_hash = '{hash}'"),
        )
        .expect("article stored");
        assert_eq!(
            json(format!(
                "SELECT text FROM paragraphs WHERE article_id = {id} ORDER BY idx"
            )),
            serde_json::json!(x.article.body),
            "{}",
            file.display()
        );
        let sentences: Vec<&str> = x.figures.iter().map(|f| f.sentence.as_str()).collect();
        assert!(!sentences.is_empty(), "{} has figures", file.display());
        assert_eq!(
            json(format!(
                "SELECT sentence FROM figures WHERE article_id = {id} ORDER BY idx"
            )),
            serde_json::json!(sentences)
        );
        let removed: Vec<String> = x
            .article
            .removed
            .iter()
            .map(|r| format!("{}|{}|{}", r.line, r.reason.as_str(), r.text))
            .collect();
        assert!(!removed.is_empty(), "{} has cruft", file.display());
        assert_eq!(
            json(format!(
                "SELECT line || '|' || reason || '|' || text FROM removed WHERE article_id = {id} ORDER BY line"
            )),
            serde_json::json!(removed)
        );
    }
    // Cruft shared by several pages is stored once.
    assert!(
        count(&db, "SELECT count(*) FROM removed_text")
            < count(&db, "SELECT count(*) FROM removed"),
        "removed lines are deduplicated"
    );
}

/// FTS5 with external content: the writer indexes the values it stored, and the delete
/// triggers remove what the `articles` table and `quotes` view give back. If the two
/// ever differ, `integrity-check` (with rank 1, which compares against the content)
/// fails, and a later delete would corrupt the index.
#[test]
fn full_text_indexes_match_their_content_after_changes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let dir = tmp.path().join("pages");
    std::fs::create_dir(&dir).expect("mkdir");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(seeds_dir()).expect("seeds") {
        let path = entry.expect("entry").path();
        let to = dir.join(path.file_name().expect("name"));
        std::fs::copy(&path, &to).expect("copy");
        pages.push(to);
    }
    pages.sort();
    let mut store = open(&db);
    ingest_files(&mut store, &pages, &config(), |_| {}).expect("ingest");
    // Change two pages (their articles and quotes are deleted and replaced) and ingest
    // again, with an unchanged page in the same batch.
    for (i, page) in pages[..2].iter().enumerate() {
        let text = format!(
            "Town {i} keeps the bridge open\n\nThe council voted on Tuesday to keep bridge {i} \
             open during repairs.\n\n\"We will not stop now,\" said Maria Lopez, the mayor of \
             the town.\n\nWork is due to finish in May.\n"
        );
        std::fs::write(page, text).expect("write");
    }
    let t = ingest_files(&mut store, &pages, &config(), |_| {}).expect("ingest");
    assert_eq!((t.new, t.unchanged), (2, pages.len() - 2));
    drop(store);
    let conn = rusqlite::Connection::open(&db).expect("open");
    for table in ["articles_fts", "quotes_fts"] {
        conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{table} does not match its content: {e}"));
    }
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM quotes_fts", [], |r| r.get(0))
        .expect("count");
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM quotes", [], |r| r.get(0))
        .expect("count");
    assert!(stored > 10, "the seeds hold quotes: {stored}");
    assert_eq!(indexed, stored);
    // Every attributed quote records the attribution rule that named its speaker.
    let ruleless: i64 = conn
        .query_row(
            "SELECT count(*) FROM quotes WHERE speaker IS NOT NULL AND rule IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(ruleless, 0);
    // Every figure records the figure rule that read it, in the views users query.
    let (figures, with_rule): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(rule) FROM figure_details",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count");
    assert!(figures > 0, "the pages hold figures");
    assert_eq!(with_rule, figures);
    let mayor: i64 = conn
        .query_row(
            "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'text:stop AND speaker:Lopez'",
            [],
            |r| r.get(0),
        )
        .expect("match");
    assert_eq!(mayor, 2, "the new quote is indexed once per changed page");
}

#[test]
fn a_failed_batch_ends_a_bulk_ingest_with_its_error_and_stores_nothing_of_it() {
    // More files than the walking thread keeps ahead, so it is blocked on a full
    // queue when the first write fails: the ingest must still return the error.
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let dir = tmp.path().join("pages");
    std::fs::create_dir(&dir).expect("mkdir");
    for i in 0..2_000 {
        let p = dir.join(format!("{i:05}.txt"));
        std::fs::write(&p, format!("Page {i}\n\nThe council met on day {i}.\n")).expect("write");
    }
    let mut store = open(&db);
    // Another connection makes every write of a `files` row fail.
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON files BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .expect("trigger");
    let err = ingest_files(
        &mut store,
        newsdb::ingest::walk_paths(&[dir], &config()),
        &config(),
        |_| {},
    )
    .expect_err("the first batch fails");
    assert!(err.to_string().contains("refused"), "{err}");
    drop(store);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), Some(0));
}
