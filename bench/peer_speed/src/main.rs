//! Times rs-trafilatura (the Rust peer extractor) on a folder of HTML pages,
//! the way `examples/perf.rs stages` times newsdb's normalizer: one untimed
//! pass, then every page `REPS` times, by this thread's CPU time.
//!
//! Usage: `peer_speed DIR [EXT] [REPS]`; prints `pages_per_cpu_s N`.

use std::path::{Path, PathBuf};
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: peer_speed DIR [EXT] [REPS]");
        std::process::exit(2);
    };
    let ext = args.get(2).map_or("html", String::as_str);
    let reps: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let pages: Vec<String> = files(Path::new(dir), ext)
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    for p in &pages {
        std::hint::black_box(rs_trafilatura::extract(p).ok());
    }
    let start = thread_cpu();
    for _ in 0..reps.max(1) {
        for p in &pages {
            std::hint::black_box(rs_trafilatura::extract(p).ok());
        }
    }
    let cpu = thread_cpu().saturating_sub(start).as_secs_f64();
    let n = (pages.len() * reps.max(1)) as f64;
    println!("pages {n} cpu_s {cpu:.3} pages_per_cpu_s {:.0}", n / cpu.max(1e-9));
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !name.contains(".gold.") && p.extension().and_then(|x| x.to_str()) == Some(ext)
    });
    v.sort();
    v
}

/// This thread's CPU time, from `/proc/thread-self/schedstat` (zero elsewhere).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}
