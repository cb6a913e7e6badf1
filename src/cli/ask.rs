//! The question commands: `search`, `quotes --by`, `conflicts`, `schema` and
//! `datasette-metadata`. Each runs SQL from [`super::dictionary`] over the
//! documented views through a read-only [`Reader`], and prints it like `query`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use crate::config::Config;
use crate::store::{QueryOutput, Reader};

use super::dictionary::{self, CONFLICTS, QUOTES_BY, SEARCH};
use super::Format;

/// Prints `output` in `format` to stdout, and says on stderr if the row cap cut it.
pub fn print(output: &QueryOutput, format: Format, config: &Config) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = crate::render::write_all(output, format, &mut out).and_then(|()| out.flush());
    match written {
        // The reader stopped early (`newsdb query … | head`): not an error.
        Err(e) if broken_pipe(&e) => return Ok(()),
        r => r?,
    }
    if output.truncated {
        eprintln!(
            "newsdb: output cut at {} rows (query.max_rows)",
            config.query.max_rows
        );
    }
    Ok(())
}

/// Whether `e` is a write to a pipe whose reader has gone (the CSV writer wraps that
/// I/O error in its own, which names no source).
pub(super) fn broken_pipe(e: &std::io::Error) -> bool {
    let inner = e.get_ref().and_then(|i| i.downcast_ref::<csv::Error>());
    let io = match inner.map(csv::Error::kind) {
        Some(csv::ErrorKind::Io(io)) => io,
        _ => e,
    };
    io.kind() == std::io::ErrorKind::BrokenPipe
}

fn run(
    reader: &Reader,
    config: &Config,
    sql: &str,
    params: &[(&str, String)],
) -> anyhow::Result<QueryOutput> {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    Ok(reader.query_with(
        sql,
        &params,
        config.query.max_rows,
        Duration::from_millis(config.query.timeout_ms),
    )?)
}

/// Words as an FTS5 query that matches them all, in any order, taken literally
/// (each word a quoted string, so `U.S.` or `-` are not query syntax).
pub fn literal_match(text: &str) -> String {
    text.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `newsdb search`: articles and quotes matching `text`, best first, with snippets.
pub fn search(
    reader: &Reader,
    config: &Config,
    text: &str,
    raw: bool,
    limit: u32,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let query = if raw {
        text.to_owned()
    } else {
        literal_match(text)
    };
    let output = run(
        reader,
        config,
        SEARCH.sql,
        &[("query", query), ("limit", limit.to_string())],
    )?;
    print(&output, format, config)?;
    Ok(found(&output))
}

/// `newsdb quotes --by NAME`.
pub fn quotes_by(
    reader: &Reader,
    config: &Config,
    name: &str,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let output = run(
        reader,
        config,
        QUOTES_BY.sql,
        &[("name", name.trim().to_owned())],
    )?;
    print(&output, format, config)?;
    Ok(found(&output))
}

/// `newsdb conflicts`.
pub fn conflicts(reader: &Reader, config: &Config, format: Format) -> anyhow::Result<ExitCode> {
    let output = run(reader, config, CONFLICTS.sql, &[])?;
    print(&output, format, config)?;
    Ok(ExitCode::SUCCESS)
}

/// Exit 1 when nothing was found, as grep does.
fn found(output: &QueryOutput) -> ExitCode {
    if output.rows.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Tables and views of the database, user-facing first (name, kind, columns).
fn objects(reader: &Reader) -> anyhow::Result<Vec<(String, String, String)>> {
    let out = reader.query(
        "SELECT m.name, m.type, group_concat(c.name, ', ')
         FROM sqlite_master m, pragma_table_xinfo(m.name) c
         WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' AND c.hidden <> 1
           AND m.name NOT LIKE '%_fts_%'
         GROUP BY m.name ORDER BY m.name",
        0,
        Duration::ZERO,
    )?;
    Ok(out
        .rows
        .into_iter()
        .map(|r| {
            let s = |i: usize| r.get(i).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            (s(0), s(1), s(2))
        })
        .collect())
}

/// The tables no user needs to read (storage, link indexes, migrations).
pub fn internal_tables(reader: &Reader) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = objects(reader)?
        .into_iter()
        .map(|(name, ..)| name)
        .filter(|n| dictionary::describe(n).is_none() && !n.ends_with("_fts"))
        .collect();
    // The full-text indexes' own tables are Datasette's to hide; list them anyway.
    for fts in ["articles_fts", "quotes_fts"] {
        for part in ["data", "idx", "docsize", "config"] {
            names.push(format!("{fts}_{part}"));
        }
    }
    Ok(names)
}

/// `newsdb schema [NAME]`: every table and view with what it is for; with a name,
/// its columns and what they mean.
pub fn schema(
    reader: &Reader,
    config: &Config,
    name: Option<&str>,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let objects = objects(reader)?;
    let output = match name {
        Some(name) => {
            let Some((.., columns)) = objects.iter().find(|(n, ..)| n == name) else {
                anyhow::bail!("no table or view named {name} (`newsdb schema` lists them)");
            };
            let entry = dictionary::describe(name);
            let rows = columns
                .split(", ")
                .filter(|c| !c.is_empty())
                .map(|c| {
                    let meaning = entry
                        .and_then(|e| e.columns.iter().find(|(n, _)| *n == c))
                        .map_or("", |(_, d)| d);
                    vec![c.into(), meaning.into()]
                })
                .collect();
            QueryOutput {
                columns: vec!["column".into(), "meaning".into()],
                rows,
                truncated: false,
            }
        }
        None => {
            let mut rows = Vec::new();
            for e in dictionary::ENTRIES {
                if let Some((n, kind, columns)) = objects.iter().find(|(n, ..)| n == e.name) {
                    rows.push(vec![
                        n.as_str().into(),
                        kind.as_str().into(),
                        e.description.into(),
                        columns.as_str().into(),
                    ]);
                }
            }
            for (n, kind, columns) in &objects {
                if dictionary::describe(n).is_none() {
                    let what = dictionary::internal_note(n);
                    rows.push(vec![
                        n.as_str().into(),
                        kind.as_str().into(),
                        what.into(),
                        columns.as_str().into(),
                    ]);
                }
            }
            QueryOutput {
                columns: vec![
                    "name".into(),
                    "kind".into(),
                    "what".into(),
                    "columns".into(),
                ],
                rows,
                truncated: false,
            }
        }
    };
    print(&output, format, config)?;
    Ok(ExitCode::SUCCESS)
}

/// `newsdb datasette-metadata`: the metadata file for `datasette DB -m FILE`.
pub fn datasette_metadata(reader: &Reader, db_name: &str) -> anyhow::Result<ExitCode> {
    let metadata = dictionary::datasette_metadata(db_name, &internal_tables(reader)?);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, &metadata)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_taken_literally() {
        assert_eq!(literal_match("U.S.  cyber"), "\"U.S.\" \"cyber\"");
        assert_eq!(literal_match("say \"hi\""), "\"say\" \"\"\"hi\"\"\"");
    }
}
