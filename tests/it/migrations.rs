//! Migrations over time: for every `tests/data/migrations/V<n>_fill.sql`, build a
//! database at schema version n, fill it with rows written in that version's shape,
//! upgrade it to the latest schema, and check that nothing was lost and the new
//! code can still ingest into it. Every future migration is thus tested against
//! old data; a new migration that changes tables adds its own fill file.

use std::path::Path;
use std::time::Duration;

use newsdb::config::Config;
use newsdb::ingest::{expand_paths, ingest_files};
use newsdb::store::Store;

use crate::support::{column, count, seeds_dir};

const TABLES: &[&str] = &[
    "articles",
    "paragraphs",
    "quotes",
    "figures",
    "images",
    "removed",
    "files",
];

#[test]
fn every_old_schema_upgrades_to_the_latest_without_losing_rows() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/migrations");
    let versions = Store::migration_versions();
    let latest = *versions.last().expect("migrations");
    let mut fills = 0;
    for v in &versions {
        let fill = dir.join(format!("V{v}_fill.sql"));
        let Ok(sql) = std::fs::read_to_string(&fill) else {
            continue;
        };
        fills += 1;
        let tmp = tempfile::tempdir().expect("tempdir");
        let db = tmp.path().join("old.db");
        Store::migrate_to_version(&db, *v).expect("old schema");
        rusqlite::Connection::open(&db)
            .and_then(|c| c.execute_batch(&sql))
            .expect("fill old schema");
        let before: Vec<Option<i64>> = TABLES
            .iter()
            .map(|t| count(&db, &format!("SELECT count(*) FROM {t}")))
            .collect();

        let before_text = (
            column(
                &db,
                "SELECT text FROM paragraphs WHERE article_id = 1 ORDER BY idx",
            ),
            column(&db, "SELECT sentence FROM figures ORDER BY id"),
            column(
                &db,
                "SELECT line || reason || text FROM removed ORDER BY article_id, line",
            ),
            count(
                &db,
                "SELECT count(*) FROM story_figures s JOIN figures f ON f.id = s.figure_id",
            ),
        );
        assert!(!before_text.1.is_empty() && !before_text.2.is_empty());
        let mut store = Store::open(&db, Duration::from_secs(5)).expect("upgrade");
        assert_eq!(store.schema_version().expect("version"), i64::from(latest));
        let after: Vec<Option<i64>> = TABLES
            .iter()
            .map(|t| count(&db, &format!("SELECT count(*) FROM {t}")))
            .collect();
        assert_eq!(before, after, "rows lost upgrading from V{v}");
        assert_eq!(
            column(&db, "SELECT a.title FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH 'ferry'"),
            vec![serde_json::json!("Harbour council approves ferry plan")],
            "old article not searchable after upgrading from V{v}"
        );
        // The text reads back the same through the views of today's schema.
        assert_eq!(
            column(
                &db,
                "SELECT text FROM paragraphs WHERE article_id = 1 ORDER BY idx"
            ),
            before_text.0,
            "paragraphs changed upgrading from V{v}"
        );
        assert_eq!(
            column(&db, "SELECT sentence FROM figures ORDER BY id"),
            before_text.1,
            "figure sentences changed upgrading from V{v}"
        );
        assert_eq!(
            column(
                &db,
                "SELECT line || reason || text FROM removed ORDER BY article_id, line"
            ),
            before_text.2,
            "removed lines changed upgrading from V{v}"
        );
        // Signatures and band keys written before V5 are cut to their low 32 bits;
        // quote and figure texts found at their spans are no longer stored twice.
        if *v == 4 {
            assert_eq!(
                column(&db, "SELECT text || '|' || text_at_span FROM quote_rows"),
                vec![serde_json::json!("|1")]
            );
            assert_eq!(
                column(&db, "SELECT text FROM quotes"),
                vec![serde_json::json!("We waited long enough")]
            );
            assert_eq!(
                column(&db, "SELECT raw || '|' || raw_at_span FROM figure_rows"),
                vec![serde_json::json!("|1")]
            );
            assert_eq!(
                column(&db, "SELECT raw FROM figures_view"),
                vec![serde_json::json!("2.5 million euros")]
            );
            assert_eq!(
                column(
                    &db,
                    "SELECT hex(minhash) FROM article_signatures WHERE article_id = 1"
                ),
                vec![serde_json::json!("01020304".repeat(64))]
            );
            assert_eq!(
                column(
                    &db,
                    "SELECT key FROM lsh_bands WHERE article_id = 1 ORDER BY band"
                ),
                serde_json::json!([67305985, -1, -1, -2147483648])
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            );
        }
        if *v == 11 {
            v11_names_changed_and_old_names_kept(&db);
        }
        // Link rows that point at figures survive the figures table's move (V3).
        let linked = "SELECT count(*) FROM story_figures s JOIN figures f ON f.id = s.figure_id";
        if let Some(n) = before_text.3 {
            assert_eq!(count(&db, linked), Some(n), "story figures lost from V{v}");
        }
        // Today's code writes into the upgraded database.
        let config = Config::default();
        let files = expand_paths(&[seeds_dir()], &config);
        let t = ingest_files(&mut store, &files, &config, |_| {}).expect("ingest after upgrade");
        assert_eq!(t.new, 5);
        assert_eq!(
            count(&db, "SELECT count(*) FROM articles"),
            Some(before[0].unwrap_or(0) + 5)
        );
        // Link lookups written since (V6: band rows without a foreign key, cluster
        // story counts kept by the writer; V7: new band rows staged in
        // `lsh_bands_recent`) agree with the rows they index.
        let bands = "(SELECT * FROM lsh_bands UNION ALL SELECT * FROM lsh_bands_recent)";
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(*) FROM {bands} WHERE article_id NOT IN (SELECT id FROM articles)")
            ),
            Some(0)
        );
        assert_eq!(
            count(
                &db,
                &format!("SELECT count(DISTINCT article_id) FROM {bands}")
            ),
            count(&db, "SELECT count(*) FROM article_signatures")
        );
        assert_eq!(
            count(
                &db,
                "SELECT count(DISTINCT article_id) FROM lsh_bands_recent"
            ),
            Some(5),
            "the new articles' band rows are staged"
        );
        let fresh = "SELECT m.cluster_id, sa.story_id, count(*) FROM quote_cluster_members m
                     JOIN story_articles sa ON sa.article_id = m.article_id GROUP BY 1, 2";
        let kept = "SELECT cluster_id, story_id, quotes FROM quote_cluster_stories";
        assert!(count(&db, "SELECT count(*) FROM quote_cluster_stories").unwrap_or(0) > 0);
        for (a, b) in [(fresh, kept), (kept, fresh)] {
            assert_eq!(
                count(&db, &format!("SELECT count(*) FROM ({a} EXCEPT {b})")),
                Some(0),
                "cluster story counts out of step after upgrading from V{v}"
            );
        }
    }
    assert!(fills >= 2, "no fill files in {}", dir.display());
}

/// V12: `articles.publisher` is now `outlet`; the user-facing views name a person,
/// an outlet and a pointed-to row the same way; the old names still answer.
fn v11_names_changed_and_old_names_kept(db: &Path) {
    let outlets = serde_json::json!(["Kessling Courant", "Harbour Post"]);
    let col = |sql: &str| serde_json::Value::Array(column(db, sql));
    assert_eq!(col("SELECT outlet FROM articles ORDER BY id"), outlets);
    assert_eq!(col("SELECT publisher FROM articles ORDER BY id"), outlets);
    // The new names, in every user-facing view.
    assert_eq!(
        col("SELECT outlet || ': ' || text FROM quote_details ORDER BY id"),
        serde_json::json!([
            "Kessling Courant: We waited long enough",
            "Harbour Post: We waited long enough"
        ])
    );
    assert_eq!(
        count(db, "SELECT count(*) FROM quote_details WHERE text = ''"),
        Some(0)
    );
    assert_eq!(
        col("SELECT raw_a || '|' || outlet_a || '|' || article_id_a || '|' || figure_id_b || '|' || outlet_b FROM figure_conflicts"),
        serde_json::json!(["2.5 million euros|Kessling Courant|1|8|Harbour Post"])
    );
    assert_eq!(
        col("SELECT DISTINCT speaker_id || ' ' || speaker_name FROM quote_outlets"),
        serde_json::json!(["5 Ole Dahl"])
    );
    assert_eq!(
        col("SELECT speaker_name || '/' || spelling FROM speaker_spellings ORDER BY spelling"),
        serde_json::json!(["Ole Dahl/Dahl", "Ole Dahl/Ole Dahl"])
    );
    // The old names, kept for one release.
    assert_eq!(
        col("SELECT outlet || ': ' || text FROM quotes_view ORDER BY quote_id"),
        col("SELECT outlet || ': ' || text FROM quote_details ORDER BY id")
    );
    assert_eq!(
        col("SELECT raw || '|' || outlet FROM figures_view ORDER BY figure_id"),
        serde_json::json!([
            "2.5 million euros|Kessling Courant",
            "2.7 million euros|Harbour Post"
        ])
    );
    assert_eq!(
        col("SELECT article_a || '/' || article_b FROM figure_conflicts"),
        serde_json::json!(["1/2"])
    );
    assert_eq!(
        col("SELECT DISTINCT name || '|' || speaker FROM speaker_spellings, quote_outlets"),
        serde_json::json!(["Ole Dahl|Ole Dahl"])
    );
    assert_eq!(
        count(
            db,
            "SELECT count(*) FROM articles WHERE publisher = 'Harbour Post'"
        ),
        Some(1)
    );
}
