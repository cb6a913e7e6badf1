//! Criterion benchmarks of the pipeline stages, one page at a time on one thread:
//! decode, normalize (text pages and HTML pages apart), quotes, figures, the body
//! signature used for linking, and the store
//! (one batch of extracted pages written into a fresh in-memory database, with and
//! without linking). Throughput is in pages. `bench/perf.sh` measures the whole process.
//!
//! Inputs: the seeds, plus the bench pages under `$BENCH` (default `../shared/bench`)
//! when that folder exists: `pages/*.txt`, `extraction/*.txt`, `extraction/*.html`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsdb::normalize::{normalize, NormalizeOptions};
use newsdb::pipeline::{self, Extracted};
use newsdb::store::{FileMeta, PreparedFile, Store};

fn bench_dir() -> PathBuf {
    std::env::var_os("BENCH").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"),
        PathBuf::from,
    )
}

/// Every file in `dir` whose name ends in `.ext` (never gold files), read whole.
fn pages(dir: &Path, ext: &str) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.contains(".gold.") && p.extension().and_then(|x| x.to_str()) == Some(ext)
        })
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn sets() -> Vec<(&'static str, Vec<Vec<u8>>)> {
    let bench = bench_dir();
    let mut text = pages(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"), "txt");
    text.extend(pages(&bench.join("pages"), "txt"));
    let mut sets = vec![("text", text)];
    let long = pages(&bench.join("extraction"), "txt");
    if !long.is_empty() {
        sets.push(("text-12k", long));
    }
    let html = pages(&bench.join("extraction"), "html");
    if !html.is_empty() {
        sets.push(("html", html));
    }
    sets
}

fn stages(c: &mut Criterion) {
    let opts = NormalizeOptions::default();
    for (name, raw) in sets() {
        let mut g = c.benchmark_group(format!("stages/{name}"));
        g.throughput(Throughput::Elements(raw.len() as u64));
        g.bench_function("decode", |b| {
            b.iter(|| {
                for bytes in &raw {
                    std::hint::black_box(newsdb::decode::decode(bytes).ok());
                }
            })
        });
        let texts: Vec<String> = raw
            .iter()
            .filter_map(|b| newsdb::decode::decode(b).ok())
            .map(|d| d.text)
            .collect();
        g.bench_function("normalize", |b| {
            b.iter(|| {
                for t in &texts {
                    std::hint::black_box(normalize(t, &opts));
                }
            })
        });
        let articles: Vec<_> = texts.iter().map(|t| normalize(t, &opts)).collect();
        g.bench_function("quotes", |b| {
            b.iter(|| {
                for a in &articles {
                    std::hint::black_box(newsdb::extract::quotes::extract_quotes(&a.body));
                }
            })
        });
        g.bench_function("figures", |b| {
            b.iter(|| {
                for a in &articles {
                    std::hint::black_box(newsdb::extract::figures::extract_figures_in(
                        &a.body,
                        &a.language,
                    ));
                }
            })
        });
        g.bench_function("link-signature", |b| {
            b.iter(|| {
                for a in &articles {
                    std::hint::black_box(newsdb::link::minhash::Signature::of_body(&a.body));
                }
            })
        });
        let extracted: Vec<Extracted> = raw
            .iter()
            .filter_map(|b| pipeline::process(b, &opts).ok())
            .collect();
        for link in [false, true] {
            let label = if link { "store+link" } else { "store" };
            g.bench_function(label, |b| {
                b.iter_batched(
                    || {
                        let mut store = Store::open_in_memory().expect("in-memory store");
                        store.set_linking(link);
                        (store, outcomes(&extracted))
                    },
                    |(mut store, batch)| {
                        store
                            .write_batch(&batch, "2026-01-01T00:00:00Z")
                            .expect("write");
                        store
                    },
                    BatchSize::LargeInput,
                )
            });
        }
        g.finish();
    }
}

fn outcomes(extracted: &[Extracted]) -> Vec<PreparedFile> {
    extracted
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let meta = FileMeta {
                size: 1,
                modified_at: None,
            };
            PreparedFile::article(
                format!("/bench/{i}.txt"),
                meta,
                format!("bench-{i}"),
                x.clone(),
            )
        })
        .collect()
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
