//! Per-table row hashes, the idea of `bench/tables_hash.py` as test helpers:
//! [`exact`] hashes every stored table of a SQLite file with its ids (a copy that
//! keeps ids must give the same), [`natural`] hashes what two databases holding the
//! same files must agree on whatever ids their writers handed out, through queries
//! that run on both backends: rows keyed by the article's content hash, and links
//! as partitions (a story is the set of its articles, a quote cluster the set of
//! its quotes, a speaker the set of quotes attributed to it).

use std::path::Path;

use serde_json::Value;

use crate::support::Db;

/// (table, rows, hash of the sorted rendered rows).
pub type Hashes = Vec<(String, usize, String)>;

/// A value rendered the same whichever backend returned it (a float with no
/// fraction as an integer).
fn render(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => format!("{}", f as i64),
            Some(f) => format!("{f:?}"),
            None => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Rows rendered, sorted and hashed. (Every column of the queries below has a
/// name of its own: `newsdb query --format json` gives objects, where a repeated
/// name would keep one value.)
fn hash_rows(rows: Vec<Vec<Value>>) -> (usize, String) {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|r| r.iter().map(render).collect::<Vec<_>>().join("\u{1f}"))
        .collect();
    lines.sort();
    let mut h = blake3::Hasher::new();
    for l in &lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    (lines.len(), h.finalize().to_hex()[..16].to_string())
}

/// Every ordinary table of a SQLite file (virtual tables, their shadow tables and
/// the migration history aside), all columns but the wall clock (`*_at` except
/// `modified_at`), ids kept.
pub fn exact(db: &Path) -> Hashes {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%'
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%'
               AND name <> 'refinery_schema_history' ORDER BY name",
        )
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let cols: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .expect("columns")
            .query_map([], |r| r.get(0))
            .expect("columns")
            .collect::<Result<Vec<String>, _>>()
            .expect("columns")
            .into_iter()
            .filter(|c| !c.ends_with("_at") || c == "modified_at")
            .map(|c| format!("\"{c}\""))
            .collect();
        let sql = format!("SELECT {} FROM \"{t}\"", cols.join(", "));
        let (n, h) = hash_rows(db.rows(&sql).expect("read table"));
        out.push((t, n, h));
    }
    out
}

/// The story of article `a` as the smallest content hash among its articles.
const STORY_KEY: &str = "(SELECT min(a2.content_hash) FROM story_articles s2
     JOIN articles a2 ON a2.id = s2.article_id WHERE s2.story_id = sa.story_id)";

/// What two databases holding the same files agree on, ids aside (see the module
/// docs). Order-dependent link values (a story's label, a cluster's canonical text,
/// a speaker's chosen name, which figure of equal values a disagreement cites) are
/// left out: they depend on which article was linked first (the test below checks
/// that what is left does not).
pub fn natural(db: &impl Db) -> Hashes {
    let article = "(SELECT content_hash FROM articles a WHERE a.id = x.article_id)";
    let quote_key = "(SELECT a.content_hash || ':' || q.idx FROM quotes q
         JOIN articles a ON a.id = q.article_id WHERE q.id = m2.quote_id)";
    let queries = [
        ("articles", "SELECT content_hash, title, subtitle, outlet, byline, published, language, body, word_count, encoding FROM articles".to_string()),
        ("files", "SELECT path, content_hash, size, modified_at, status, error, (SELECT content_hash FROM articles a WHERE a.id = f.article_id) AS article FROM files f".to_string()),
        ("paragraphs", format!("SELECT {article} AS article, idx, text FROM paragraphs x")),
        ("quotes", format!("SELECT {article} AS article, idx, text, speaker, role, cue, kind, paragraph, span_start, span_end, rule FROM quotes x")),
        ("figures", format!("SELECT {article} AS article, idx, raw, value, low, high, unit, qualifier, kind, rate, paragraph, span_start, span_end, sentence, rule FROM figures x")),
        ("images", format!("SELECT {article} AS article, idx, caption, credit FROM images x")),
        ("removed", format!("SELECT {article} AS article, line, reason, text FROM removed x")),
        ("stories", format!("SELECT a.content_hash, {STORY_KEY} AS story FROM story_articles sa JOIN articles a ON a.id = sa.article_id")),
        ("quote_clusters", format!(
            "SELECT a.content_hash || ':' || q.idx AS quote, (SELECT min({quote_key}) FROM quote_cluster_members m2 WHERE m2.cluster_id = m.cluster_id) AS cluster
             FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id JOIN articles a ON a.id = q.article_id")),
        ("speakers", format!(
            "SELECT a.content_hash || ':' || q.idx AS quote, m.spelling, (SELECT min({quote_key}) FROM quote_cluster_members m2 WHERE m2.speaker_id = m.speaker_id) AS speaker
             FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id JOIN articles a ON a.id = q.article_id
             WHERE m.speaker_id IS NOT NULL")),
        // Which figures disagree depends on the order (a story keeps the first
        // figure of each value, and compares with the nearest few): what about.
        ("figure_disagreements", "SELECT DISTINCT head, rate FROM figure_disagreements".to_string()),
    ];
    hash_queries(db, &queries)
}

/// [`natural`] and what depends on the order articles were linked in: story
/// labels and dates, canonical texts and quotes, speaker names, copy roots, every
/// figure disagreement and story value, the quote counts per story, the LSH band
/// rows. Equal for two databases whose articles were linked in the same order.
pub fn natural_ordered(db: &impl Db) -> Hashes {
    let quote = |col: &str| {
        format!("(SELECT a.content_hash || ':' || q.idx FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = {col})")
    };
    let figure = |col: &str| {
        format!("(SELECT a.content_hash || ':' || f.idx FROM figure_rows f JOIN articles a ON a.id = f.article_id WHERE f.id = {col})")
    };
    let story = |col: &str| {
        format!("(SELECT min(a2.content_hash) FROM story_articles s2 JOIN articles a2 ON a2.id = s2.article_id WHERE s2.story_id = {col})")
    };
    let hash = |col: &str| format!("(SELECT content_hash FROM articles a WHERE a.id = {col})");
    let queries = [
        ("story_labels", format!("SELECT {} AS story, label, first_published, last_published FROM stories s", story("s.id"))),
        ("story_scores", format!("SELECT {} AS article, score FROM story_articles x", hash("x.article_id"))),
        ("cluster_canonicals", format!("SELECT {} AS quote, canonical_text, {} AS canonical FROM quote_clusters c JOIN quote_cluster_members m ON m.cluster_id = c.id", quote("m.quote_id"), quote("c.canonical_quote_id"))),
        ("member_similarity", format!("SELECT {} AS quote, similarity FROM quote_cluster_members m", quote("m.quote_id"))),
        ("speaker_names", format!("SELECT {} AS quote, s.name, s.role FROM quote_cluster_members m JOIN speakers s ON s.id = m.speaker_id", quote("m.quote_id"))),
        ("cluster_stories", format!("SELECT {} AS cluster, {} AS story, quotes FROM quote_cluster_stories x JOIN quote_clusters c ON c.id = x.cluster_id", quote("c.canonical_quote_id"), story("x.story_id"))),
        ("figure_disagreements", format!("SELECT {} AS story, {} AS figure_a, {} AS figure_b, head, rate, rel_diff, outlets FROM figure_disagreements d", story("d.story_id"), figure("d.figure_a"), figure("d.figure_b"))),
        ("story_figures", format!("SELECT {} AS story, rate, kind, rhead, value, head, {} AS figure FROM story_figures x", story("x.story_id"), figure("x.figure_id"))),
        ("article_copies", format!("SELECT {} AS article, {} AS root FROM article_copies x", hash("x.article_id"), hash("x.root"))),
        ("lsh_bands", format!("SELECT band, key, {} AS article FROM (SELECT band, key, article_id FROM lsh_bands UNION ALL SELECT band, key, article_id FROM lsh_bands_recent) x", hash("x.article_id"))),
    ];
    let mut out = natural(db);
    out.extend(hash_queries(db, &queries));
    out
}

/// Each query's rows hashed, under its name.
fn hash_queries(db: &impl Db, queries: &[(&str, String)]) -> Hashes {
    queries
        .iter()
        .map(|(name, sql)| {
            let rows = db
                .rows(sql)
                .unwrap_or_else(|| panic!("{name}: query failed: {sql}"));
            let (n, h) = hash_rows(rows);
            (name.to_string(), n, h)
        })
        .collect()
}

#[test]
fn natural_hashes_do_not_depend_on_the_ingest_order_and_the_rest_is_deterministic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    let mut files = crate::support::make_corpus(&dir, 60);
    let (forward, backward) = (tmp.path().join("f.db"), tmp.path().join("b.db"));
    crate::support::ingest_summary(&forward, None, &files);
    // The same order again: every table equal, ids included.
    let again = tmp.path().join("again.db");
    crate::support::ingest_summary(&again, None, &files);
    assert_eq!(exact(&forward), exact(&again));
    assert_eq!(natural_ordered(&forward), natural_ordered(&again));
    files.reverse();
    for f in &files {
        crate::support::ingest_summary(&backward, None, std::slice::from_ref(f));
    }
    assert_eq!(natural(&forward), natural(&backward));
}
