//! Performance probes used by `bench/perf.sh` (not part of the product):
//!
//! * `perf stages DIR [EXT] [REPS]` — per-stage cost (decode, normalize, quotes, figures)
//!   over every file in DIR (only names ending in `.EXT` when given, never `*.gold.*`),
//!   in memory, single thread, REPS passes (default 1); prints pages/s per stage.
//! * `perf limit SRC_DB DST_DB` — the store-only limit: every row of SRC_DB re-inserted
//!   into a fresh DB with the same schema, indexes and FTS by a minimal rusqlite loop
//!   (`ingest::BULK_BATCH_SIZE` articles per transaction, full-text rows added in bulk per
//!   transaction as the writer does; link and template tables are not copied);
//!   prints articles/s.
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
        Some("limit") => limit(Path::new(&args[2]), Path::new(&args[3])),
        Some("latency") => latency(
            Path::new(&args[2]),
            Path::new(&args[3]),
            Path::new(&args[4]),
            args[5].parse()?,
            args[6].parse()?,
        ),
        _ => {
            anyhow::bail!("usage: perf stages DIR | limit SRC DST | latency BIN DIR DB N SETTLE_MS")
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

fn limit(src: &Path, dst: &Path) -> anyhow::Result<()> {
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
    // Rows as the product stored them, children sorted by article (first column).
    let from = Connection::open(src)?;
    let arts = rows(&from, "SELECT * FROM articles ORDER BY id")?;
    // (table, rows, leading columns that are only there to sort by article).
    let children: Vec<(&str, Rows, usize)> = [
        (
            "paragraph_spans",
            "SELECT * FROM paragraph_spans ORDER BY article_id, idx",
            0,
        ),
        (
            "quote_rows",
            "SELECT article_id, * FROM quote_rows ORDER BY article_id, idx",
            1,
        ),
        (
            "figure_rows",
            "SELECT article_id, * FROM figure_rows ORDER BY article_id, idx",
            1,
        ),
        ("images", "SELECT * FROM images ORDER BY article_id, idx", 0),
        (
            "removed_runs",
            "SELECT * FROM removed_runs ORDER BY article_id",
            0,
        ),
        (
            "files",
            "SELECT article_id, * FROM files WHERE article_id IS NOT NULL ORDER BY article_id",
            1,
        ),
    ]
    .into_iter()
    .map(|(t, sql, skip)| Ok((t, rows(&from, sql)?, skip)))
    .collect::<anyhow::Result<_>>()?;
    // Shared rows (removed-line texts and blocks), spread over the batches.
    let texts = rows(
        &from,
        "SELECT 'removed_text', * FROM removed_text
         UNION ALL SELECT 'removed_blocks', * FROM removed_blocks ORDER BY 1 DESC, 2",
    )?;
    drop(from);
    // Same schema: let the product create it, then write with a bare loop.
    drop(newsdb::store::Store::open(dst, Duration::from_secs(5)).context("schema")?);
    let mut db = Connection::open(dst)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "NORMAL")?;
    let insert = |t: &str, n: usize| {
        let marks = vec!["?"; n].join(", ");
        format!("INSERT INTO {t} VALUES ({marks})")
    };
    let started = Instant::now();
    let mut next = vec![0usize; children.len()];
    let chunks = arts.len().div_ceil(newsdb::ingest::BULK_BATCH_SIZE).max(1);
    let per_chunk = texts.len().div_ceil(chunks);
    let mut text_rows = texts.chunks(per_chunk.max(1));
    for chunk in arts.chunks(newsdb::ingest::BULK_BATCH_SIZE) {
        let tx = db.transaction()?;
        for t in text_rows.next().unwrap_or(&[]) {
            let table = match t.first() {
                Some(Value::Text(table)) => table.as_str(),
                _ => "removed_text",
            };
            tx.prepare_cached(&insert(table, t.len() - 1))?
                .execute(params_from_iter(&t[1..]))?;
        }
        let last_id = chunk.last().and_then(|a| a.first()).cloned();
        for a in chunk {
            tx.prepare_cached(&insert("articles", a.len()))?
                .execute(params_from_iter(a))?;
        }
        for ((table, rs, skip), at) in children.iter().zip(next.iter_mut()) {
            while let Some(r) = rs.get(*at) {
                if last_id
                    .as_ref()
                    .is_some_and(|l| cmp_values(&r[0], l).is_gt())
                {
                    break;
                }
                tx.prepare_cached(&insert(table, r.len() - skip))?
                    .execute(params_from_iter(&r[*skip..]))?;
                *at += 1;
            }
        }
        // Full-text rows in bulk at the end of the batch, as the writer does.
        let first_id = chunk.first().and_then(|a| a.first()).cloned();
        tx.execute(
            "INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles WHERE id BETWEEN ?1 AND ?2",
            [&first_id, &last_id],
        )?;
        tx.execute(
            "INSERT INTO quotes_fts (rowid, text, speaker) SELECT id, text, speaker FROM quotes WHERE article_id BETWEEN ?1 AND ?2",
            [&first_id, &last_id],
        )?;
        tx.commit()?;
    }
    let s = started.elapsed().as_secs_f64();
    println!(
        "store-only limit: {} articles in {:.2}s = {:.0} articles/s",
        arts.len(),
        s,
        arts.len() as f64 / s
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
