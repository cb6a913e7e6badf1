//! Template learning across files: a line that recurs in many articles of one
//! publisher leaves the body of later articles (reason `template`), never the body
//! of another publisher, and the first articles keep it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use newsdb::config::Config;
use newsdb::ingest::{ingest_files, BULK_BATCH_SIZE};
use newsdb::store::Store;

use crate::support::{column, count};

const SIGNOFF: &str =
    "The Valley Herald is an independent newspaper owned by its readers and staff since 1921.";

const TOPICS: &[&str] = &[
    "bridge", "library", "school", "harbour", "park", "market", "clinic", "museum", "station",
];

fn page(dir: &Path, publisher: &str, i: usize) -> PathBuf {
    let topic = TOPICS[i % TOPICS.len()];
    let text = format!(
        "{publisher}\n\nHome | News | Sport | Opinion\n\nCouncil approves {topic} plan\n\nBy Mara Quill\n\n\
         The council met on Monday to discuss the new {topic}, and members spoke at length about its cost of {} thousand.\n\n\
         Members voted {} to 2 in favour of the {topic} after a long debate that ran late into the evening.\n\n\
         Work on the {topic} is expected to begin in the spring, the council's engineer told reporters.\n\n\
         {SIGNOFF}\n\n© 2024 {publisher}\n",
        100 + i,
        5 + i
    );
    let path = dir.join(format!("{}_{i}.txt", publisher.replace(' ', "_")));
    std::fs::write(&path, text).expect("write page");
    path
}

#[test]
fn a_line_recurring_across_a_publishers_articles_is_learned_as_template() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let mut store = Store::open(&db, Duration::from_secs(5)).expect("open");
    let config = Config::default();
    for i in 0..7 {
        let p = page(tmp.path(), "Valley Herald", i);
        ingest_files(&mut store, &[p], &config, |_| {}).expect("ingest");
    }
    let other = page(tmp.path(), "Coast Gazette", 8);
    ingest_files(&mut store, &[other], &config, |_| {}).expect("ingest");

    let with_signoff = |publisher: &str| {
        count(
            &db,
            &format!(
                "SELECT count(*) FROM articles WHERE publisher = '{publisher}' AND body LIKE '%independent newspaper%'"
            ),
        )
    };
    // Learned after five articles: the first five keep the line, the next two lose it.
    assert_eq!(with_signoff("Valley Herald"), Some(5));
    assert_eq!(
        column(
            &db,
            "SELECT DISTINCT text FROM removed WHERE reason = 'template'"
        ),
        vec![serde_json::json!(SIGNOFF)]
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM removed WHERE reason = 'template'"
        ),
        Some(2)
    );
    // Another publisher's articles are untouched.
    assert_eq!(with_signoff("Coast Gazette"), Some(1));
    // Only the recurring line was learned; each article's own prose stays body.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM template_lines WHERE articles >= 5"
        ),
        Some(1)
    );
    assert_eq!(
        count(
            &db,
            "SELECT min(word_count) FROM articles WHERE publisher = 'Valley Herald'"
        )
        .map(|n| n > 40),
        Some(true)
    );
}

#[test]
fn in_one_bulk_ingest_templates_learned_from_a_batch_apply_two_batches_later() {
    // Batch k is written while batch k + 1 is prepared and k + 2 is staged:
    // the templates stored after batch k apply from batch k + 2, staged or not.
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let dir = tmp.path().join("pages");
    std::fs::create_dir(&dir).expect("mkdir");
    let mut store = Store::open(&db, Duration::from_secs(5)).expect("open");
    let n = BULK_BATCH_SIZE * 4 + 10;
    // Sorted names, so the batches hold the files in this order.
    // Every prose line is the page's own; only the sign-off recurs.
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let path = dir.join(format!("{i:05}.txt"));
            let text = format!(
                "Valley Herald\n\nCouncil approves plan number {i}\n\nBy Mara Quill\n\n\
                 The council met on Monday to discuss plan {i}, and members spoke at length about its cost.\n\n\
                 Members voted in favour of plan {i} after a long debate that ran late into the evening.\n\n\
                 Work on plan {i} is expected to begin in the spring, the council's engineer told reporters.\n\n\
                 Residents who spoke at the meeting about plan {i} asked for regular updates on its progress.\n\n\
                 {SIGNOFF}\n"
            );
            std::fs::write(&path, text).expect("write page");
            path
        })
        .collect();
    let tally = ingest_files(&mut store, &files, &Config::default(), |_| {}).expect("ingest");
    assert_eq!(tally.new, n);
    let kept = count(
        &db,
        "SELECT count(*) FROM articles WHERE body LIKE '%independent newspaper%'",
    );
    assert_eq!(kept, Some(2 * BULK_BATCH_SIZE as i64));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM removed WHERE reason = 'template'"
        ),
        Some((n - 2 * BULK_BATCH_SIZE) as i64)
    );
}

#[test]
fn a_batch_that_takes_a_line_past_the_threshold_teaches_it_to_the_next_batch() {
    // Counts are added per batch: a batch of four takes the sign-off from three
    // articles to seven (past five without landing on it), and the next batch
    // loses the line; the table counts each article once.
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("n.db");
    let mut store = Store::open(&db, Duration::from_secs(5)).expect("open");
    let config = Config::default();
    let batches: [&[usize]; 3] = [&[0, 1, 2], &[3, 4, 5, 6], &[7]];
    for batch in batches {
        let files: Vec<PathBuf> = batch
            .iter()
            .map(|&i| page(tmp.path(), "Valley Herald", i))
            .collect();
        ingest_files(&mut store, &files, &config, |_| {}).expect("ingest");
    }
    let signoff_count = format!("SELECT articles FROM template_lines WHERE sample = '{SIGNOFF}'");
    assert_eq!(count(&db, &signoff_count), Some(8));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM articles WHERE body LIKE '%independent newspaper%'"
        ),
        Some(7)
    );
    assert_eq!(
        column(
            &db,
            "SELECT DISTINCT text FROM removed WHERE reason = 'template'"
        ),
        vec![serde_json::json!(SIGNOFF)]
    );
}
