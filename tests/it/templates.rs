//! Template learning across files: a line that recurs in many articles of one
//! publisher leaves the body of later articles (reason `template`), never the body
//! of another publisher, and the first articles keep it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use newsdb::config::Config;
use newsdb::ingest::{ingest_files, write_batches, BatchOptions, BULK_BATCH_SIZE};
use newsdb::normalize::template;
use newsdb::store::Store;

use crate::support::{bodies, column, count, template_corpus};

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
fn in_one_bulk_ingest_a_line_learned_in_a_batch_applies_from_the_next_article() {
    // Batch k is written while batch k + 1 is prepared and k + 2 is staged, so the
    // preparing threads template with lines learned two batches back; the writer
    // decides each article's template lines again from the exact counts.
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
    assert_eq!(kept, Some(template::MIN_ARTICLES));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM removed WHERE reason = 'template'"
        ),
        Some(n as i64 - template::MIN_ARTICLES)
    );
}

#[test]
fn a_line_that_reaches_the_threshold_inside_a_batch_leaves_the_rest_of_that_batch() {
    // A batch of four takes the sign-off from three articles to seven: its fifth
    // article is the last to keep the line, and the sixth and seventh, in the same
    // batch, lose it; the table counts each article once.
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
        Some(5)
    );
    assert_eq!(
        column(
            &db,
            "SELECT DISTINCT text FROM removed WHERE reason = 'template'"
        ),
        vec![serde_json::json!(SIGNOFF)]
    );
}

/// `ingest_files` over `paths` into `db`, in one run per chunk.
fn ingest_in_runs(db: &Path, chunks: &[&[PathBuf]]) {
    let mut store = Store::open(db, Duration::from_secs(5)).expect("open");
    for chunk in chunks {
        ingest_files(&mut store, *chunk, &Config::default(), |_| {}).expect("ingest");
    }
}

#[test]
fn the_same_files_give_the_same_bodies_whatever_the_runs_and_batches() {
    // A line leaves an article once five earlier articles of its publisher had it:
    // earlier in the run's order, whether in an earlier run, an earlier batch or
    // earlier in the same batch, and whether or not the batch ahead was still being
    // written when this one was prepared.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("pages");
    let files = template_corpus(&dir, 60);
    let one = tmp.path().join("one.db");
    ingest_in_runs(&one, &[&files]);
    let expected = bodies(&one);
    assert_eq!(expected.len(), 60);
    for (name, splits) in [
        ("runs", vec![0, 7, 23, 24, 60]),
        ("runs2", vec![0, 1, 5, 6, 36, 60]),
    ] {
        let db = tmp.path().join(format!("{name}.db"));
        let chunks: Vec<&[PathBuf]> = splits.windows(2).map(|w| &files[w[0]..w[1]]).collect();
        ingest_in_runs(&db, &chunks);
        assert_eq!(bodies(&db), expected, "{name}: {splits:?}");
    }
    for batch_files in [1, 3, 4] {
        let db = tmp.path().join(format!("b{batch_files}.db"));
        let mut store = Store::open(&db, Duration::from_secs(5)).expect("open");
        let how = BatchOptions {
            root: None,
            recheck: false,
            batch_files,
            warn_skips: false,
        };
        let mut sized = files.iter().map(|p| (p.clone(), 1_u64));
        write_batches(&mut store, &mut sized, &Config::default(), &how, |_| true).expect("write");
        assert_eq!(bodies(&db), expected, "batches of {batch_files}");
    }
    // The rule, on the one-run database: the first five pages with a line keep it
    // (pages 0, 7, 14, 21, 28 for the every-seventh line), later ones lose it unless
    // the page's learned lines are more than 30% of its body (a short page, or the
    // every-third line learned as well). Counted by hand from the corpus: the
    // sign-off stays on 29 pages, the every-seventh line on 9, and 32 lines go.
    let kept = |needle: &str| {
        count(
            &one,
            &format!("SELECT count(*) FROM articles WHERE body LIKE '%{needle}%'"),
        )
    };
    assert_eq!(kept("independent newspaper"), Some(29));
    assert_eq!(kept("Corrections are printed"), Some(9));
    assert_eq!(
        count(
            &one,
            "SELECT count(*) FROM removed WHERE reason = 'template'"
        ),
        Some(32)
    );
}
