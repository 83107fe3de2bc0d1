//! `report quantities`: every number, amount of money, percentage and date in a report.
//!
//! Usage: report quantities [--format table|jsonl] FILE
//!        report quantities --jsonl < CASES.jsonl
//!
//! With FILE, lists what the quantity layer finds in the normalized text (kind,
//! text, value, unit, qualifier, page, char span). With `--jsonl`, reads JSON Lines
//! `{"id": ..., "input": ...}` on stdin and writes, for each line in order,
//! `{"id": ..., "found": [{"kind", "text", "value", "unit"}]}`: the batch mode for
//! scripts and for the conformance scorer.

use super::{Failure, write};
use crate::pipeline;
use crate::quantity::{self, Quantity, Value};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Map, Value as Json, json};
use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QuantityFormat {
    Table,
    Jsonl,
}

#[derive(clap::Args)]
#[command(about = "List the numbers, money, percentages and dates in a report, or score-ready JSON Lines")]
pub struct Args {
    /// The report: a PDF or a text file; `-` reads stdin (not with --jsonl)
    #[arg(required_unless_present = "jsonl")]
    pub file: Option<PathBuf>,
    /// Batch mode: read {"id", "input"} lines on stdin, write {"id", "found"} lines
    #[arg(long, conflicts_with = "file")]
    pub jsonl: bool,
    /// Output format for FILE
    #[arg(short, long, value_enum, default_value = "table")]
    pub format: QuantityFormat,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

/// The kind, value and unit of a quantity as the batch format names them:
/// number, percent (percentage points too, with `"points": true`), money (unit:
/// ISO 4217), and year, year_range, date.
pub fn item(text: &str, q: &Quantity) -> Json {
    let mut m = Map::new();
    let (kind, value, unit) = match &q.value {
        Value::Number { value } => ("number", value.to_json(), None),
        Value::Money { value, currency } => ("money", value.to_json(), Some(*currency)),
        Value::Percent { value } => ("percent", value.to_json(), None),
        Value::PercentagePoints { value } => ("percent", value.to_json(), None),
        Value::Year { year } => ("year", json!(year), None),
        Value::YearRange { from, to } => ("year_range", json!([from, to]), None),
        v @ Value::Date { .. } => ("date", json!(v.iso_date()), None),
        Value::PartOfYear { year, part, of } => {
            let name = if *of == 4 { format!("Q{part}") } else { format!("H{part}") };
            ("part_of_year", json!(year.map_or(name.clone(), |y| format!("{y}-{name}"))), None)
        }
        Value::Years { years, .. } => ("years", json!(years), None),
    };
    m.insert("kind".into(), json!(kind));
    m.insert("text".into(), json!(&text[q.start..q.end]));
    m.insert("value".into(), value);
    if let Some(u) = unit {
        m.insert("unit".into(), json!(u));
    }
    if matches!(q.value, Value::PercentagePoints { .. }) {
        m.insert("points".into(), json!(true));
    }
    if let Some(qual) = q.qualifier {
        m.insert("qualifier".into(), serde_json::to_value(qual).unwrap_or(Json::Null));
    }
    if let Some(upper) = &q.upper {
        m.insert("upper".into(), upper.to_json());
    }
    Json::Object(m)
}

pub fn run(args: Args) -> Result<(), Failure> {
    if args.jsonl {
        return write::emit(args.output.as_deref(), args.force, batch);
    }
    let path = args.file.expect("clap requires FILE without --jsonl");
    let doc = pipeline::read(&path)?;
    super::warn_failed_pages(&doc);
    let found = quantity::scan(&doc.text);
    write::emit(args.output.as_deref(), args.force, |out| {
        let rows = found.iter().map(|q| {
            let mut v = item(&doc.text, q);
            if let Json::Object(m) = &mut v {
                m.insert("page".into(), json!(doc.page_of(q.start)));
                m.insert("start".into(), json!(doc.char_offset(q.start)));
                m.insert("end".into(), json!(doc.char_offset(q.end)));
            }
            v
        });
        match args.format {
            QuantityFormat::Jsonl => {
                for row in rows {
                    serde_json::to_writer(&mut *out, &row)?;
                    writeln!(out)?;
                }
                Ok(())
            }
            QuantityFormat::Table => {
                let mut t = Table::new();
                t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
                    "kind",
                    "text",
                    "value",
                    "unit",
                    "qualifier",
                    "page",
                    "start",
                    "end",
                ]);
                let cell = |v: &Json, k: &str| match v.get(k) {
                    None | Some(Json::Null) => "-".to_string(),
                    Some(Json::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                };
                let mut n = 0;
                for row in rows {
                    n += 1;
                    let kind =
                        if row.get("points").is_some() { "percentage_points".to_string() } else { cell(&row, "kind") };
                    t.add_row(vec![
                        kind,
                        cell(&row, "text"),
                        cell(&row, "value"),
                        cell(&row, "unit"),
                        cell(&row, "qualifier"),
                        cell(&row, "page"),
                        cell(&row, "start"),
                        cell(&row, "end"),
                    ]);
                }
                writeln!(out, "{} ({} quantities)", doc.path, n)?;
                writeln!(out, "{t}")
            }
        }
    })
}

/// `{"id", "input"}` lines in, `{"id", "found"}` lines out, in order. A line that is
/// not such an object gets `{"id": null, "error": "..."}` and the batch goes on.
fn batch(out: &mut dyn Write) -> std::io::Result<()> {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Result<Json, _> = serde_json::from_str(&line);
        let reply = match parsed {
            Ok(v) => match v.get("input").and_then(Json::as_str) {
                Some(input) => {
                    let found: Vec<Json> = quantity::scan(input).iter().map(|q| item(input, q)).collect();
                    json!({"id": v.get("id").cloned().unwrap_or(Json::Null), "found": found})
                }
                None => json!({"id": v.get("id").cloned().unwrap_or(Json::Null), "error": "no \"input\" string"}),
            },
            Err(e) => json!({"id": null, "error": format!("not JSON: {e}")}),
        };
        serde_json::to_writer(&mut *out, &reply)?;
        writeln!(out)?;
    }
    Ok(())
}
