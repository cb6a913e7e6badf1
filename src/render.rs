//! Query results as an aligned table, a JSON array of objects, or CSV, written
//! row by row as they come ([`RowWriter`]): nothing is collected, so memory does
//! not grow with the number of rows.
//!
//! The table is for people: each cell shows at most [`CELL_WIDTH`] columns of
//! text (longer values end in `…`; `--format csv` or `json` give them whole),
//! control characters are shown as symbols so a row stays one line, and column
//! widths come from the first [`LOOKAHEAD`] rows (a later, wider cell widens its
//! column for the rows after it). Formatting a row costs time in proportion to its shown width, not
//! to the size of its values.

use std::io::Write;

use unicode_width::UnicodeWidthChar;

use crate::cli::Format;
use crate::store::{QueryEnd, QueryOutput, RowSink};

/// The most a table cell shows, in terminal columns.
pub const CELL_WIDTH: usize = 80;

/// Rows read before a table's column widths are fixed.
pub const LOOKAHEAD: usize = 100;

/// The mark at the end of a cut cell.
const CUT: char = '…';

/// Writes rows in one format as they come: [`RowWriter::columns`] once, then
/// [`RowWriter::row`] per row, then [`RowWriter::finish`].
pub enum RowWriter<W: Write> {
    /// An aligned table.
    Table(TableWriter<W>),
    /// A JSON array of objects keyed by column name.
    Json(JsonWriter<W>),
    /// CSV with a header row.
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RowWriter<W> {
    /// A writer of `format` onto `w`.
    pub fn new(format: Format, w: W) -> RowWriter<W> {
        match format {
            Format::Table => RowWriter::Table(TableWriter::new(w)),
            Format::Json => RowWriter::Json(JsonWriter {
                w,
                columns: Vec::new(),
                rows: 0,
            }),
            Format::Csv => RowWriter::Csv(Box::new(csv::Writer::from_writer(w))),
        }
    }

    /// The column names (before any row).
    pub fn columns(&mut self, columns: &[String]) -> std::io::Result<()> {
        match self {
            RowWriter::Table(t) => {
                t.header = columns.iter().map(|c| shown(c, CELL_WIDTH)).collect();
                Ok(())
            }
            RowWriter::Json(j) => {
                j.columns = columns.to_vec();
                Ok(())
            }
            RowWriter::Csv(c) => Ok(c.write_record(columns)?),
        }
    }

    /// One row, as long as the columns.
    pub fn row(&mut self, row: &[serde_json::Value]) -> std::io::Result<()> {
        match self {
            RowWriter::Table(t) => t.row(row),
            RowWriter::Json(j) => j.row(row),
            RowWriter::Csv(c) => Ok(c.write_record(row.iter().map(|v| cell(v).into_owned()))?),
        }
    }

    /// Ends the output (a table's bottom border and row count, JSON's `]`).
    pub fn finish(self, end: QueryEnd) -> std::io::Result<()> {
        match self {
            RowWriter::Table(t) => t.finish(end),
            RowWriter::Json(mut j) => {
                if j.rows == 0 {
                    writeln!(j.w, "[]")?;
                } else {
                    writeln!(j.w, "\n]")?;
                }
                j.w.flush()
            }
            RowWriter::Csv(mut c) => c.flush(),
        }
    }
}

impl<W: Write> RowSink for RowWriter<W> {
    fn columns(&mut self, columns: &[String]) -> std::io::Result<()> {
        RowWriter::columns(self, columns)
    }

    fn row(&mut self, row: Vec<serde_json::Value>) -> std::io::Result<()> {
        RowWriter::row(self, &row)
    }
}

/// Writes `out` whole in `format`.
pub fn write_all(out: &QueryOutput, format: Format, w: impl Write) -> std::io::Result<()> {
    let mut writer = RowWriter::new(format, w);
    writer.columns(&out.columns)?;
    for row in &out.rows {
        writer.row(row)?;
    }
    writer.finish(QueryEnd {
        rows: out.rows.len() as u64,
        truncated: out.truncated,
    })
}

/// A value as CSV or table text.
fn cell(v: &serde_json::Value) -> std::borrow::Cow<'_, str> {
    match v {
        serde_json::Value::Null => "".into(),
        serde_json::Value::String(s) => s.as_str().into(),
        other => other.to_string().into(),
    }
}

/// `text` as one table line of at most `width` columns: control characters as
/// symbols, and a cut at the width marked with `…`. Reads no more of `text` than
/// it shows.
fn shown(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\n' => '↵',
            '\t' => '→',
            c if c.is_control() => '�',
            c => c,
        };
        let w = c.width().unwrap_or(0);
        let room = if chars.peek().is_some() {
            width.saturating_sub(1)
        } else {
            width
        };
        if used + w > room {
            out.push(CUT);
            return out;
        }
        out.push(c);
        used += w;
    }
    out
}

fn width_of(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The table format: rows are held until [`LOOKAHEAD`] of them fix the column
/// widths, then written one by one.
pub struct TableWriter<W: Write> {
    w: W,
    header: Vec<String>,
    /// Shown rows waiting for the widths.
    pending: Vec<Vec<String>>,
    /// Column widths, once fixed.
    widths: Option<Vec<usize>>,
}

impl<W: Write> TableWriter<W> {
    fn new(w: W) -> TableWriter<W> {
        TableWriter {
            w,
            header: Vec::new(),
            pending: Vec::new(),
            widths: None,
        }
    }

    fn row(&mut self, row: &[serde_json::Value]) -> std::io::Result<()> {
        let shown_row: Vec<String> = row.iter().map(|v| shown(&cell(v), CELL_WIDTH)).collect();
        match &mut self.widths {
            Some(widths) => {
                // A wider cell widens its column from here on (never past the cap).
                for (w, c) in widths.iter_mut().zip(&shown_row) {
                    *w = (*w).max(width_of(c));
                }
                let line = fitted(&shown_row, widths);
                self.line(&line)
            }
            None => {
                self.pending.push(shown_row);
                if self.pending.len() >= LOOKAHEAD {
                    self.start()?;
                }
                Ok(())
            }
        }
    }

    /// Fixes the widths and writes the header and the rows held so far.
    fn start(&mut self) -> std::io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| width_of(h)).collect();
        for row in &self.pending {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(width_of(c));
            }
        }
        let inner: usize = widths.iter().map(|w| w + 2).sum();
        writeln!(self.w, "┌{}┐", "─".repeat(inner))?;
        let header = fitted(&self.header, &widths);
        self.line(&header)?;
        writeln!(self.w, "╞{}╡", "═".repeat(inner))?;
        for row in std::mem::take(&mut self.pending) {
            let line = fitted(&row, &widths);
            self.line(&line)?;
        }
        self.widths = Some(widths);
        Ok(())
    }

    fn line(&mut self, cells: &[String]) -> std::io::Result<()> {
        writeln!(self.w, "│ {} │", cells.join("  "))
    }

    fn finish(mut self, end: QueryEnd) -> std::io::Result<()> {
        if self.widths.is_none() {
            self.start()?;
        }
        let inner: usize = self.widths.iter().flatten().map(|w| w + 2).sum();
        writeln!(self.w, "└{}┘", "─".repeat(inner))?;
        writeln!(
            self.w,
            "({} row{})",
            end.rows,
            if end.rows == 1 { "" } else { "s" }
        )?;
        self.w.flush()
    }
}

/// Each cell padded to its column's width.
fn fitted(row: &[String], widths: &[usize]) -> Vec<String> {
    row.iter()
        .zip(widths)
        .map(|(c, &w)| format!("{c}{}", " ".repeat(w.saturating_sub(width_of(c)))))
        .collect()
}

/// The JSON format: `[`, objects separated by commas as they come, `]`, laid
/// out as `serde_json`'s pretty printer lays out the whole array.
pub struct JsonWriter<W: Write> {
    w: W,
    columns: Vec<String>,
    rows: u64,
}

impl<W: Write> JsonWriter<W> {
    fn row(&mut self, row: &[serde_json::Value]) -> std::io::Result<()> {
        let object: serde_json::Map<String, serde_json::Value> = self
            .columns
            .iter()
            .cloned()
            .zip(row.iter().cloned())
            .collect();
        let text = serde_json::to_string_pretty(&object)?;
        self.w
            .write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                self.w.write_all(b"\n")?;
            }
            write!(self.w, "  {line}")?;
        }
        self.rows += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(format: Format, columns: &[&str], rows: &[Vec<serde_json::Value>]) -> String {
        let out = QueryOutput {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows.to_vec(),
            truncated: false,
        };
        let mut buf = Vec::new();
        write_all(&out, format, &mut buf).unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&buf).into_owned()
    }

    #[test]
    fn json_matches_the_pretty_printer() {
        let rows = vec![
            vec![json!(1), json!("a\n\"b\"")],
            vec![json!(null), json!(2.5)],
        ];
        let whole: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| json!({"id": r[0], "v": r[1]}))
            .collect();
        let expected = serde_json::to_string_pretty(&whole).unwrap_or_default() + "\n";
        assert_eq!(render(Format::Json, &["id", "v"], &rows), expected);
        assert_eq!(render(Format::Json, &["id"], &[]), "[]\n");
    }

    #[test]
    fn a_table_is_aligned_and_counts_its_rows() {
        let text = render(
            Format::Table,
            &["id", "title"],
            &[
                vec![json!(1), json!("Rates rise")],
                vec![json!(22), json!(null)],
            ],
        );
        assert_eq!(
            text,
            "┌────────────────┐\n\
             │ id  title      │\n\
             ╞════════════════╡\n\
             │ 1   Rates rise │\n\
             │ 22             │\n\
             └────────────────┘\n\
             (2 rows)\n"
        );
    }

    #[test]
    fn a_long_cell_is_cut_with_a_mark() {
        let long = "word ".repeat(10_000);
        let text = render(Format::Table, &["body"], &[vec![json!(long)]]);
        let row = text.lines().nth(3).unwrap_or_default();
        assert!(row.ends_with("… │"), "{row}");
        assert_eq!(width_of(row), CELL_WIDTH + 4);
    }

    #[test]
    fn a_row_stays_one_line() {
        assert_eq!(shown("a\nb\tc\u{7}", 80), "a↵b→c�");
        assert_eq!(shown("abcdef", 4), "abc…");
        assert_eq!(shown("abcd", 4), "abcd");
        assert_eq!(shown("日本語です", 5), "日本…");
    }

    #[test]
    fn a_wider_cell_after_the_lookahead_widens_its_column_from_there_on() {
        let mut rows: Vec<Vec<serde_json::Value>> =
            (0..LOOKAHEAD).map(|_| vec![json!("ab")]).collect();
        rows.push(vec![json!("abcdefgh")]);
        rows.push(vec![json!("ab")]);
        let text = render(Format::Table, &["c"], &rows);
        let tail = "│ ab │\n│ abcdefgh │\n│ ab       │\n└──────────┘\n";
        assert!(text.contains(tail), "{text}");
    }
}
