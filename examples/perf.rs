//! Performance probes used by `bench/perf.sh` (not part of the product):
//!
//! * `perf stages DIR [EXT] [REPS]` — per-stage cost (decode, normalize, quotes, figures)
//!   over every file in DIR (only names ending in `.EXT` when given, never `*.gold.*`),
//!   in memory, single thread, REPS passes (default 1); prints pages/s per stage.
//! * `perf limit SRC_DB DST_DB [all|articles]` — the store-only limit: the rows of SRC_DB
//!   re-inserted into a fresh DB with the same schema, indexes, triggers and FTS by a
//!   minimal rusqlite loop (`ingest::BULK_BATCH_SIZE` articles per transaction, full-text
//!   rows added in bulk per transaction as the writer does, foreign keys checked, the
//!   writer's page cache; SQLite's own checkpoints, in the loop's thread).
//!   `all` (the default) copies every table the product writes, links and templates
//!   included; `articles` only the articles and their own rows (spans, quotes, figures,
//!   images, removed text, files): no linking or template rows.
//!   Prints articles/s, and on stderr where the time went (tables, FTS, commits).
//! * `perf latency BIN DIR DB N SETTLE_MS` — watch latency: starts `BIN watch`, renames
//!   N pages into DIR one at a time and times until each is visible to a reader.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use newsdb::normalize::{normalize, NormalizeOptions};

/// The allocator the `newsdb` binary uses, so the limit and the stages are measured
/// as the product runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("stages") => stages(
            Path::new(&args[2]),
            args.get(3).map(String::as_str),
            args.get(4).map_or(Ok(1), |r| r.parse())?,
        ),
        Some("limit") => limit(
            Path::new(&args[2]),
            Path::new(&args[3]),
            match args.get(4).map(String::as_str) {
                None | Some("all") => LimitRows::All,
                Some("articles") => LimitRows::Articles,
                Some(other) => anyhow::bail!("limit rows: `all` or `articles`, not `{other}`"),
            },
        ),
        Some("latency") => latency(
            Path::new(&args[2]),
            Path::new(&args[3]),
            Path::new(&args[4]),
            args[5].parse()?,
            args[6].parse()?,
        ),
        _ => {
            anyhow::bail!(
                "usage: perf stages DIR | limit SRC DST [all|articles] | latency BIN DIR DB N SETTLE_MS"
            )
        }
    }
}

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    Ok(v)
}

fn stages(dir: &Path, ext: Option<&str>, reps: usize) -> anyhow::Result<()> {
    let keep = |p: &PathBuf| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !name.contains(".gold.")
            && ext.is_none_or(|e| p.extension().and_then(|x| x.to_str()) == Some(e))
    };
    let one: Vec<Vec<u8>> = files(dir)?
        .iter()
        .filter(|p| keep(p))
        .map(std::fs::read)
        .collect::<Result<_, _>>()?;
    // One untimed pass compiles the lazily built regexes and tables.
    for bytes in &one {
        if let Ok(d) = newsdb::decode::decode(bytes) {
            std::hint::black_box(normalize(&d.text, &NormalizeOptions::default()));
        }
    }
    let inputs: Vec<&Vec<u8>> = (0..reps.max(1)).flat_map(|_| one.iter()).collect();
    let n = inputs.len() as f64;
    let opts = NormalizeOptions::default();
    // Each stage runs over every page in turn, timed by wall clock and by this
    // thread's CPU time (the machine is shared; CPU time is the steadier one).
    let mut rows = Vec::new();
    let clock = Clock::start();
    let texts: Vec<String> = inputs
        .iter()
        .filter_map(|b| newsdb::decode::decode(b).ok())
        .map(|d| d.text)
        .collect();
    rows.push(("decode", clock.stop()));
    let clock = Clock::start();
    let articles: Vec<_> = texts.iter().map(|t| normalize(t, &opts)).collect();
    rows.push(("normalize", clock.stop()));
    let clock = Clock::start();
    for a in &articles {
        std::hint::black_box(newsdb::extract::quotes::extract_quotes(&a.body));
    }
    rows.push(("quotes", clock.stop()));
    let clock = Clock::start();
    for a in &articles {
        std::hint::black_box(newsdb::extract::figures::extract_figures(&a.body));
    }
    rows.push(("figures", clock.stop()));
    println!("stage      wall_ms   cpu_ms  pages_per_wall_s  pages_per_cpu_s  ({n} pages)");
    for (name, (wall, cpu)) in rows {
        let rate = |d: Duration| {
            let s = d.as_secs_f64();
            if s > 0.0 {
                n / s
            } else {
                f64::INFINITY
            }
        };
        println!(
            "{name:<10} {:>7.1}  {:>7.1}  {:>16.0}  {:>15.0}",
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3,
            rate(wall),
            rate(cpu)
        );
    }
    Ok(())
}

/// Wall clock plus this thread's CPU time (from `/proc/thread-self/schedstat`;
/// zero where that file does not exist).
struct Clock {
    wall: Instant,
    cpu: Duration,
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: thread_cpu(),
        }
    }

    /// (wall, cpu) since `start`.
    fn stop(self) -> (Duration, Duration) {
        (self.wall.elapsed(), thread_cpu().saturating_sub(self.cpu))
    }
}

fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Which rows the store-only limit writes.
#[derive(Clone, Copy, PartialEq)]
enum LimitRows {
    /// Every row of every table the product stores (links and templates included),
    /// plus the full-text rows.
    All,
    /// Article rows and their children (spans, quotes, figures, images, removed text,
    /// files) plus the full-text rows: no link or template tables.
    Articles,
}

/// Tables of the article rows set (`LimitRows::Articles`), besides `articles`.
const ARTICLE_TABLES: &[&str] = &[
    "paragraph_spans",
    "quote_rows",
    "figure_rows",
    "images",
    "removed_runs",
    "files",
    "removed_text",
    "removed_blocks",
];

fn limit(src: &Path, dst: &Path, which: LimitRows) -> anyhow::Result<()> {
    use rusqlite::types::Value;
    use rusqlite::{params_from_iter, Connection};
    type Rows = Vec<Vec<Value>>;
    fn rows(c: &Connection, sql: &str) -> anyhow::Result<Rows> {
        let mut stmt = c.prepare(sql)?;
        let n = stmt.column_count();
        let out = stmt
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<Result<_, _>>()?;
        Ok(out)
    }
    fn strings(c: &Connection, sql: &str) -> anyhow::Result<Vec<(String, String, String)>> {
        Ok(rows(c, sql)?
            .into_iter()
            .map(|r| {
                let s = |v: Option<&Value>| match v {
                    Some(Value::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                (s(r.first()), s(r.get(1)), s(r.get(2)))
            })
            .collect())
    }
    // Rows as the product stored them, each written in the batch of the article it
    // belongs to, so foreign keys (checked: the bundled SQLite turns them on) hold:
    // * a table with an `article_id` column goes with that article;
    // * a table with a foreign key into such a table (figure disagreements, story
    //   figures) goes with the latest article it refers to;
    // * a table other tables refer to (stories, speakers, quote clusters) is written in
    //   the first batch: a few thousand rows at 100,000 pages;
    // * the rest (templates, removed-line texts, keys, aliases) is spread evenly;
    // tables in foreign-key order within a batch. Full-text tables are rebuilt per
    // batch as the writer does.
    let from = Connection::open(src)?;
    let mut tables: Vec<String> = strings(
        &from,
        "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'
           AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> 'refinery_schema_history'
           AND m.sql NOT LIKE 'CREATE VIRTUAL%'
           AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table'
               AND v.sql LIKE 'CREATE VIRTUAL%' AND m.name LIKE v.name || '\\_%' ESCAPE '\\')
         ORDER BY m.name",
    )?
    .into_iter()
    .map(|(t, ..)| t)
    .filter(|t| which == LimitRows::All || t == "articles" || ARTICLE_TABLES.contains(&t.as_str()))
    .collect();
    // (table, from column, referenced table, referenced column) of every foreign key.
    let mut fks: Vec<(String, String, String, String)> = Vec::new();
    let mut columns = std::collections::HashMap::new();
    for t in &tables {
        for (parent, col, to) in strings(
            &from,
            &format!("SELECT \"table\", \"from\", coalesce(\"to\", 'id') FROM pragma_foreign_key_list('{t}')"),
        )? {
            if &parent != t && tables.contains(&parent) {
                fks.push((t.clone(), col, parent, to));
            }
        }
        // Stored columns only (generated ones are `hidden` 2 or 3).
        let cols: Vec<String> = strings(
            &from,
            &format!("SELECT name FROM pragma_table_xinfo('{t}') WHERE hidden = 0"),
        )?
        .into_iter()
        .map(|(c, ..)| c)
        .collect();
        columns.insert(t.clone(), cols);
    }
    // Parents before children.
    let mut ordered: Vec<String> = Vec::new();
    while !tables.is_empty() {
        let ready = tables
            .iter()
            .position(|t| {
                !fks.iter()
                    .any(|(c, _, p, _)| c == t && !ordered.contains(p))
            })
            .context("foreign keys form a cycle")?;
        ordered.push(tables.remove(ready));
    }
    let per_article = |t: &str| t == "articles" || columns[t].iter().any(|c| c == "article_id");
    enum Place {
        /// Rows lead with the article id they go with.
        Keyed(Rows),
        First(Rows),
        Spread(Rows),
    }
    let mut plan: Vec<(String, String, Place)> = Vec::new();
    for t in &ordered {
        let cols = &columns[t];
        let list = cols
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!(
            "INSERT INTO \"{t}\" ({list}) VALUES ({})",
            vec!["?"; cols.len()].join(", ")
        );
        let key = if t == "articles" {
            Some("id".to_string())
        } else if per_article(t) {
            Some("article_id".to_string())
        } else {
            let refs: Vec<String> = fks
                .iter()
                .filter(|(c, _, p, _)| c == t && per_article(p))
                .map(|(_, col, p, to)| {
                    let id = if p == "articles" { "id" } else { "article_id" };
                    format!(
                        "(SELECT \"{id}\" FROM \"{p}\" WHERE \"{p}\".\"{to}\" = \"{t}\".\"{col}\")"
                    )
                })
                .collect();
            match refs.len() {
                0 => None,
                1 => refs.into_iter().next(),
                _ => Some(format!("max({})", refs.join(", "))),
            }
        };
        let place = match key {
            Some(key) => {
                let mut rs = rows(
                    &from,
                    &format!("SELECT {key}, {list} FROM \"{t}\" ORDER BY 1"),
                )?;
                // Rows of no article (rejected files) are spread.
                let orphans = rs.partition_point(|r| r[0] == Value::Null);
                let spread: Rows = rs.drain(..orphans).map(|mut r| r.split_off(1)).collect();
                plan.push((t.clone(), insert.clone(), Place::Spread(spread)));
                Place::Keyed(rs)
            }
            None => {
                let rs = rows(&from, &format!("SELECT {list} FROM \"{t}\""))?;
                if fks.iter().any(|(_, _, p, _)| p == t) {
                    Place::First(rs)
                } else {
                    Place::Spread(rs)
                }
            }
        };
        plan.push((t.clone(), insert, place));
    }
    drop(from);
    let ids: Vec<Value> = plan
        .iter()
        .find_map(|(t, _, p)| match p {
            Place::Keyed(rs) if t == "articles" => Some(rs.iter().map(|r| r[0].clone()).collect()),
            _ => None,
        })
        .unwrap_or_default();
    let articles = ids.len();
    // Same schema: let the product create it, then write with a bare loop.
    drop(newsdb::store::Store::open(dst, Duration::from_secs(5)).context("schema")?);
    let mut db = Connection::open(dst)?;
    // The writer's connection settings. Checkpoints stay SQLite's own, in the
    // committing thread: a bare loop has no checkpoint thread.
    newsdb::store::configure(&db, Duration::from_secs(5))?;
    let started = Instant::now();
    let batch = newsdb::ingest::BULK_BATCH_SIZE;
    let chunks = articles.div_ceil(batch).max(1);
    let mut next = vec![0usize; plan.len()];
    let mut spent = vec![Duration::ZERO; plan.len()];
    let (mut fts, mut commit) = (Duration::ZERO, Duration::ZERO);
    for k in 0..chunks {
        let tx = db.transaction()?;
        let first_id = ids.get(k * batch);
        let last_id = ids.get(((k + 1) * batch).min(articles).saturating_sub(1));
        for (((_, sql, place), at), spent) in plan.iter().zip(next.iter_mut()).zip(&mut spent) {
            let timer = Instant::now();
            // This batch's rows, and how many leading columns are only there to key them.
            let (share, key_columns): (&[Vec<Value>], usize) = match place {
                Place::First(rs) if k == 0 => (rs, 0),
                Place::First(_) => (&[], 0),
                // Each spread table's k-th share, so every table grows through the run.
                Place::Spread(rs) => (&rs[k * rs.len() / chunks..(k + 1) * rs.len() / chunks], 0),
                Place::Keyed(rs) => {
                    let end = *at
                        + rs[*at..].partition_point(|r| {
                            last_id.is_some_and(|l| !cmp_values(&r[0], l).is_gt())
                        });
                    let mine = &rs[*at..end];
                    *at = end;
                    (mine, 1)
                }
            };
            for r in share {
                tx.prepare_cached(sql)?
                    .execute(params_from_iter(&r[key_columns..]))?;
            }
            *spent += timer.elapsed();
        }
        // Full-text rows in bulk at the end of the batch, as the writer does.
        let timer = Instant::now();
        tx.execute(
            "INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles WHERE id BETWEEN ?1 AND ?2",
            [first_id, last_id],
        )?;
        tx.execute(
            "INSERT INTO quotes_fts (rowid, text, speaker) SELECT id, text, speaker FROM quotes WHERE article_id BETWEEN ?1 AND ?2",
            [first_id, last_id],
        )?;
        fts += timer.elapsed();
        let timer = Instant::now();
        tx.commit()?;
        commit += timer.elapsed();
    }
    let s = started.elapsed().as_secs_f64();
    // Where the time went, on stderr (perf.sh reads the last stdout line).
    let mut by_table: std::collections::BTreeMap<&str, Duration> = Default::default();
    for ((t, ..), d) in plan.iter().zip(&spent) {
        *by_table.entry(t.as_str()).or_default() += *d;
    }
    by_table.insert("(full-text statements)", fts);
    by_table.insert("(commit)", commit);
    let mut by_table: Vec<_> = by_table.into_iter().collect();
    by_table.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
    let top: Vec<String> = by_table
        .iter()
        .take(10)
        .map(|(t, d)| format!("{t} {:.1}s", d.as_secs_f64()))
        .collect();
    eprintln!("limit time by table: {}", top.join(", "));
    println!(
        "store-only limit ({}): {articles} articles in {s:.2}s = {:.0} articles/s",
        match which {
            LimitRows::All => "all rows",
            LimitRows::Articles => "article rows",
        },
        articles as f64 / s
    );
    Ok(())
}

fn cmp_values(a: &rusqlite::types::Value, b: &rusqlite::types::Value) -> std::cmp::Ordering {
    use rusqlite::types::Value::Integer;
    match (a, b) {
        (Integer(x), Integer(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

fn latency(bin: &Path, dir: &Path, db: &Path, n: usize, settle_ms: u64) -> anyhow::Result<()> {
    let staging = dir.with_extension("staging");
    std::fs::create_dir_all(&staging)?;
    std::fs::create_dir_all(dir)?;
    let cfg = dir.with_extension("toml");
    std::fs::write(&cfg, format!("[watch]\nsettle_ms = {settle_ms}\n"))?;
    let mut child = std::process::Command::new(bin)
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(db)
        .args(["watch", "--dir"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let reader = loop {
        if let Ok(r) = newsdb::store::Reader::open(db, Duration::from_secs(5)) {
            if r.query("SELECT count(*) FROM files", 0, Duration::ZERO)
                .is_ok()
            {
                break r;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::thread::sleep(Duration::from_millis(500));
    let mut lat = Vec::new();
    for i in 0..n {
        let name = format!("lat_{i:05}.txt");
        let body = format!("Latency probe {i}\n\nThe council said on Monday that {i} new homes would be built across {} districts next year.\n", i % 17 + 2);
        std::fs::write(staging.join(&name), body)?;
        let t0 = Instant::now();
        std::fs::rename(staging.join(&name), dir.join(&name))?;
        let sql = format!(
            "SELECT count(*) FROM files WHERE path LIKE '%/{name}' AND status = 'ingested'"
        );
        loop {
            let out = reader.query(&sql, 0, Duration::ZERO)?;
            if out
                .rows
                .first()
                .and_then(|r| r.first())
                .and_then(|v| v.as_i64())
                == Some(1)
            {
                break;
            }
            anyhow::ensure!(
                t0.elapsed() < Duration::from_secs(30),
                "file {name} never appeared"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        lat.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    lat.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
    println!("watch latency over {n} files (settle {settle_ms} ms): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms", pct(0.5), pct(0.99), pct(1.0));
    Ok(())
}
