//! Data-driven stage tests: every input under `tests/data/<stage>/` runs through its
//! stage and must equal the `.expected.json` beside it (compared as JSON values).
//! `UPDATE_EXPECT=1 cargo test fixtures` rewrites the expected files; review the diff.
//!
//! | folder | input | stage |
//! |---|---|---|
//! | `extract/` | whole page `.txt` | `pipeline::process` (the `newsdb extract` object) |
//! | `normalize/` | page `.txt` | `normalize` → `Article` |
//! | `normalize_html/` | page `.html` | `normalize` → `Article` |
//! | `quotes/` | one paragraph per line | `extract_quotes` |
//! | `figures/` | one paragraph per line | `extract_figures` |

use std::path::{Path, PathBuf};

use newsdb::normalize::{normalize, NormalizeOptions};
use serde_json::Value;

fn data(stage: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(stage)
}

fn inputs(stage: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data(stage))
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no fixtures in {stage}");
    v
}

fn paragraphs(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("read fixture")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn without_warnings(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("warnings");
    }
    v
}

/// Runs `stage` on every input and compares with the expected JSON.
fn check(stage: &str, ext: &str, run: impl Fn(&Path) -> Value) {
    let mut failures = Vec::new();
    for input in inputs(stage, ext) {
        let expected_path = input.with_extension("expected.json");
        let actual = run(&input);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let text = serde_json::to_string_pretty(&actual).expect("json") + "\n";
            std::fs::write(&expected_path, text).expect("write expected");
            continue;
        }
        let expected: Value = std::fs::read_to_string(&expected_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        if expected != actual {
            failures.push(format!(
                "{}: output differs from {}\n  actual: {}",
                input.display(),
                expected_path.display(),
                serde_json::to_string(&actual).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn extract_fixtures() {
    check("extract", "txt", |p| {
        let bytes = std::fs::read(p).expect("read");
        match newsdb::pipeline::process(&bytes, &NormalizeOptions::default()) {
            Ok(x) => without_warnings(serde_json::to_value(&x).expect("json")),
            Err(e) => serde_json::json!({ "error": e.to_string() }),
        }
    });
}

fn normalized(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).expect("read");
    without_warnings(
        serde_json::to_value(normalize(&text, &NormalizeOptions::default())).expect("json"),
    )
}

#[test]
fn normalize_text_fixtures() {
    check("normalize", "txt", normalized);
}

#[test]
fn normalize_html_fixtures() {
    check("normalize_html", "html", normalized);
}

#[test]
fn quote_fixtures() {
    check("quotes", "txt", |p| {
        serde_json::to_value(newsdb::extract::quotes::extract_quotes(&paragraphs(p))).expect("json")
    });
}

#[test]
fn figure_fixtures() {
    check("figures", "txt", |p| {
        serde_json::to_value(newsdb::extract::figures::extract_figures(&paragraphs(p)))
            .expect("json")
    });
}
