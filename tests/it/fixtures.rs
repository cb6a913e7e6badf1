//! Data-driven pipeline tests: every `tests/data/extract/*.txt` runs through
//! `pipeline::process` and must equal the `.expected.json` beside it.
//! `UPDATE_EXPECT=1 cargo test` rewrites the expected files; review the diff.

use std::path::Path;

use newsdb::normalize::NormalizeOptions;

fn check(input: &Path) -> Option<String> {
    let bytes = std::fs::read(input).expect("read fixture");
    let expected_path = input.with_extension("expected.json");
    let actual = match newsdb::pipeline::process(&bytes, &NormalizeOptions::default()) {
        Ok(x) => serde_json::to_string_pretty(&x).expect("json"),
        Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
    } + "\n";
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).expect("write expected");
        return None;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{} differs from {}",
            input.display(),
            expected_path.display()
        )
    })
}

#[test]
fn extract_fixtures_match_their_expected_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/extract");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/extract")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 5,
        "expected the seed fixtures in {}",
        dir.display()
    );
    let failures: Vec<String> = inputs.iter().filter_map(|p| check(p)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
