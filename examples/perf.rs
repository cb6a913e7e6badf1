//! Performance probes used by `bench/perf.sh` (not part of the product):
//!
//! * `perf stages DIR [EXT] [REPS]` — per-stage cost (decode, normalize, quotes, figures)
//!   over every file in DIR (only names ending in `.EXT` when given, never `*.gold.*`),
//!   in memory, single thread, REPS passes (default 1); prints pages/s per stage.
//! * `perf limit SRC_DB DST_DB` — the store-only limit: every row of SRC_DB re-inserted
//!   into a fresh DB with the same schema, indexes and FTS by a minimal rusqlite loop
//!   (64 articles per transaction); prints articles/s.
//! * `perf latency BIN DIR DB N SETTLE_MS` — watch latency: starts `BIN watch`, renames
//!   N pages into DIR one at a time and times until each is visible to a reader.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use newsdb::normalize::{normalize, NormalizeOptions};

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
    use rusqlite::{params, Connection};
    let from = Connection::open(src)?;
    type Art = (String, Option<String>, Option<String>, String, String, i64);
    let arts: Vec<(i64, Art)> = from
        .prepare(
            "SELECT id, content_hash, title, publisher, language, body, word_count FROM articles",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
            ))
        })?
        .collect::<Result<_, _>>()?;
    let paras: Vec<(i64, i64, String)> = from
        .prepare("SELECT article_id, idx, text FROM paragraphs ORDER BY article_id, idx")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let quotes: Vec<(i64, i64, String, Option<String>)> = from
        .prepare("SELECT article_id, idx, text, speaker FROM quotes")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let figs: Vec<(i64, i64, String, Option<f64>, String)> = from
        .prepare("SELECT article_id, idx, raw, value, sentence FROM figures")?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let removed: Vec<(i64, String)> = from
        .prepare("SELECT article_id, lines FROM removed_lines")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    drop(from);
    // Same schema: let the product create it, then write with a bare loop.
    drop(newsdb::store::Store::open(dst, Duration::from_secs(5)).context("schema")?);
    let mut db = Connection::open(dst)?;
    db.pragma_update(None, "journal_mode", "WAL")?;
    db.pragma_update(None, "synchronous", "NORMAL")?;
    let started = Instant::now();
    let mut pi = 0;
    let mut qi = 0;
    let mut fi = 0;
    let mut ri = 0;
    let mut quotes = quotes;
    quotes.sort_by_key(|q| q.0);
    let mut figs = figs;
    figs.sort_by_key(|f| f.0);
    let mut removed = removed;
    removed.sort_by_key(|r| r.0);
    let mut arts = arts;
    arts.sort_by_key(|a| a.0);
    for chunk in arts.chunks(64) {
        let tx = db.transaction()?;
        for (old_id, a) in chunk {
            tx.prepare_cached("INSERT INTO articles (content_hash, title, publisher, language, body, word_count, encoding, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'utf-8', 'now')")?
                .execute(params![a.0, a.1, a.2, a.3, a.4, a.5])?;
            let id = tx.last_insert_rowid();
            while pi < paras.len() && paras[pi].0 == *old_id {
                tx.prepare_cached("INSERT INTO paragraphs VALUES (?1, ?2, ?3)")?
                    .execute(params![id, paras[pi].1, paras[pi].2])?;
                pi += 1;
            }
            while qi < quotes.len() && quotes[qi].0 == *old_id {
                tx.prepare_cached("INSERT INTO quotes (article_id, idx, text, speaker, kind, paragraph, span_start, span_end) VALUES (?1, ?2, ?3, ?4, 'direct', 0, 0, 0)")?
                    .execute(params![id, quotes[qi].1, quotes[qi].2, quotes[qi].3])?;
                qi += 1;
            }
            while fi < figs.len() && figs[fi].0 == *old_id {
                tx.prepare_cached("INSERT INTO figures (article_id, idx, raw, value, kind, paragraph, span_start, span_end, sentence) VALUES (?1, ?2, ?3, ?4, 'count', 0, 0, 0, ?5)")?
                    .execute(params![id, figs[fi].1, figs[fi].2, figs[fi].3, figs[fi].4])?;
                fi += 1;
            }
            while ri < removed.len() && removed[ri].0 == *old_id {
                tx.prepare_cached("INSERT INTO removed_lines VALUES (?1, ?2)")?
                    .execute(params![id, removed[ri].1])?;
                ri += 1;
            }
            tx.prepare_cached("INSERT INTO files (path, content_hash, size, status, article_id, updated_at) VALUES (?1, ?1, 0, 'ingested', ?2, 'now')")?
                .execute(params![a.0, id])?;
        }
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
