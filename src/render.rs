//! Query results as an aligned table, a JSON array of objects, or CSV.

use std::io::Write;

use crate::store::QueryOutput;

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A table with a header row, for people.
pub fn table(out: &QueryOutput, w: &mut impl Write) -> std::io::Result<()> {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.set_header(&out.columns);
    for row in &out.rows {
        t.add_row(row.iter().map(cell));
    }
    writeln!(w, "{t}")?;
    writeln!(
        w,
        "({} row{})",
        out.rows.len(),
        if out.rows.len() == 1 { "" } else { "s" }
    )
}

/// A JSON array of objects keyed by column name.
pub fn json(out: &QueryOutput, w: &mut impl Write) -> std::io::Result<()> {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = out
        .rows
        .iter()
        .map(|r| out.columns.iter().cloned().zip(r.iter().cloned()).collect())
        .collect();
    serde_json::to_writer_pretty(&mut *w, &rows)?;
    writeln!(w)
}

/// CSV with a header row.
pub fn csv(out: &QueryOutput, w: &mut impl Write) -> std::io::Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    wr.write_record(&out.columns)?;
    for row in &out.rows {
        wr.write_record(row.iter().map(cell))?;
    }
    wr.flush()
}
