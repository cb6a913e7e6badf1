//! Figure extraction speed: `extract_figures_in` over real sentences, in sentences per
//! second, and over whole news pages, in pages per second.
//!
//! The corpus is the figures dev set (`bench/figures/dev.jsonl`, one body per case) and
//! real news bodies (`bench/extraction/*.gold.txt` and the `body` of
//! `bench/pages/*.gold.json`), read from `$NEWSDB_BENCH` (alone when set), `../shared/bench`
//! or `/work/shared/bench`. When none is there the bench falls back to the repo's `seeds/`
//! pages (normalised to their bodies) and a small embedded sample, so it never fails.
//! Sentences are counted with the crate's own
//! splitter over every paragraph.
//!
//! * `cargo bench --bench figures` — criterion, throughput in sentences
//!   (`Throughput::Elements`).
//! * `cargo bench --bench figures -- --cpu [RUNS]` — no criterion: RUNS timed passes, each
//!   over the whole corpus (repeated to last about a second), on this thread's CPU time;
//!   prints sentences per CPU-second per run and the median; then the same over the
//!   news page bodies alone (not the dev sentences) in pages per CPU-second (both used
//!   by `bench/figures_speed.sh`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput};
use newsdb::extract::{figures::extract_figures_in, sentences};

/// One body to extract from: its paragraphs, language, and whether it is a whole page.
type Body = (Vec<String>, &'static str, bool);

/// A few sentences kept in the binary for when neither the bench data nor `seeds/` exist.
const EMBEDDED: &[&str] = &[
    "China faces more than 140,000 cyber attacks a month, the ministry said on Tuesday.",
    "It saw an average of 144,000 cyberattacks per month, up from 120,000 a year earlier.",
    "The council voted 31 to 12 to remove the 2,400 scooters by 1 July.",
    "Shares rose 4.5 per cent to $67.20 after the company raised C$1.1 billion.",
    "Almost two-thirds of the 800 students were inside when the fire started.",
    "The mayor, 58, said the plan would cost between $20 million and $30 million.",
    "Temperatures fell to minus 22 degrees Fahrenheit overnight.",
    "Nobody expected the announcement, which came late on Friday evening.",
    "He said the team would keep working with partners across the region.",
    "A 60-year-old man was taken to hospital with minor injuries.",
];

/// The bench data folder: `$NEWSDB_BENCH` when set (only it, so a missing one exercises
/// the fallback), else the first of the usual places that holds the figures dev set.
fn bench_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = match std::env::var_os("NEWSDB_BENCH") {
        Some(d) => vec![PathBuf::from(d)],
        None => vec![
            manifest.join("../shared/bench"),
            manifest.join("../../shared/bench"),
            PathBuf::from("/work/shared/bench"),
        ],
    };
    candidates
        .into_iter()
        .find(|d| d.join("figures/dev.jsonl").is_file())
}

fn sorted_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    v.sort();
    v
}

/// Paragraphs of a plain-text body: non-blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn corpus() -> (Vec<Body>, &'static str) {
    let mut bodies: Vec<Body> = Vec::new();
    if let Some(dir) = bench_dir() {
        if let Ok(dev) = std::fs::read_to_string(dir.join("figures/dev.jsonl")) {
            for line in dev.lines() {
                let rec: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                if let Some(t) = rec.get("text").and_then(|t| t.as_str()) {
                    bodies.push((vec![t.replace('\n', " ")], "en", false));
                }
            }
        }
        for p in sorted_files(&dir.join("extraction"), ".gold.txt") {
            if let Ok(t) = std::fs::read_to_string(&p) {
                bodies.push((paragraphs(&t), "en", true));
            }
        }
        for p in sorted_files(&dir.join("pages"), ".gold.json") {
            let gold: serde_json::Value = std::fs::read_to_string(&p)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            if let Some(body) = gold.get("body").and_then(|b| b.as_array()) {
                let paras = body
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect();
                bodies.push((paras, "en", true));
            }
        }
        if !bodies.is_empty() {
            return (bodies, "bench dev.jsonl + gold news bodies");
        }
    }
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for p in sorted_files(&seeds, ".txt") {
        if let Ok(t) = std::fs::read_to_string(&p) {
            let art = newsdb::normalize::normalize(&t, &Default::default());
            bodies.push((art.body, "en", true));
        }
    }
    bodies.push((
        EMBEDDED.iter().map(|s| s.to_string()).collect(),
        "en",
        false,
    ));
    (bodies, "fallback: seeds/ bodies + embedded sample")
}

fn count_sentences(bodies: &[Body]) -> u64 {
    bodies
        .iter()
        .flat_map(|(paras, _, _)| paras)
        .map(|p| {
            let chars: Vec<char> = p.chars().collect();
            if chars.iter().all(|c| c.is_whitespace()) {
                0
            } else {
                sentences::sentence_spans(&chars).len() as u64
            }
        })
        .sum()
}

fn pass(bodies: &[Body]) -> usize {
    let mut n = 0;
    for (paras, lang, _) in bodies {
        n += black_box(extract_figures_in(black_box(paras), lang)).len();
    }
    n
}

/// This thread's CPU time (Linux; zero elsewhere, which the caller reports).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Median items per CPU-second of `runs` timed runs over `bodies` (`items` per pass),
/// each run repeated to last about a second; prints each run as `run NAME RATE`.
fn cpu_rate(bodies: &[Body], items: u64, runs: usize, name: &str) -> (f64, usize) {
    pass(bodies); // warm-up: lazily built tables
    let t0 = thread_cpu();
    pass(bodies);
    let one = (thread_cpu() - t0).as_secs_f64().max(1e-6);
    let reps = ((1.0 / one).ceil() as usize).clamp(1, 10_000);
    let mut rates = Vec::new();
    for _ in 0..runs.max(1) {
        let t0 = thread_cpu();
        for _ in 0..reps {
            pass(bodies);
        }
        let cpu = (thread_cpu() - t0).as_secs_f64();
        let rate = if cpu > 0.0 {
            (items * reps as u64) as f64 / cpu
        } else {
            f64::NAN
        };
        println!("run {name} {rate:.0}");
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    (rates[rates.len() / 2], reps)
}

/// Sentences per CPU-second over the whole corpus, then pages per CPU-second over the
/// page bodies alone.
fn cpu_rates(bodies: &[Body], sentences: u64, runs: usize) {
    let figures = pass(bodies);
    let (median, reps) = cpu_rate(bodies, sentences, runs, "sentences_per_cpu_s");
    println!(
        "figures: {sentences} sentences, {figures} figures per pass, {reps} passes per run; \
         median sentences_per_cpu_s {median:.0}"
    );
    let pages: Vec<Body> = bodies.iter().filter(|b| b.2).cloned().collect();
    if pages.is_empty() {
        return;
    }
    let (median, reps) = cpu_rate(&pages, pages.len() as u64, runs, "pages_per_cpu_s");
    println!(
        "figures: {} pages, {reps} passes per run; median pages_per_cpu_s {median:.0}",
        pages.len()
    );
}

fn main() {
    let (bodies, source) = corpus();
    let sentences = count_sentences(&bodies);
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--cpu") {
        eprintln!("corpus: {source}");
        let runs = args.get(k + 1).and_then(|r| r.parse().ok()).unwrap_or(5);
        cpu_rates(&bodies, sentences, runs);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("figures");
    group.throughput(Throughput::Elements(sentences));
    group.bench_function("extract_figures_in", |b| b.iter(|| pass(&bodies)));
    group.finish();
    c.final_summary();
}
