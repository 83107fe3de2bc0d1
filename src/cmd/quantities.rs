//! `report quantities`: every number, amount of money, percentage and date in a report.
//!
//! Usage: report quantities [--format table|jsonl] FILE
//!        report quantities --jsonl < CASES.jsonl
//!
//! With FILE, lists what the quantity layer finds in the normalized text (kind,
//! text, value, unit, qualifier, page, char span). With `--jsonl`, reads JSON Lines
//! `{"id": ..., "input": ...}` on stdin and writes, for each line in order,
//! `{"id": ..., "found": [{"kind", "text", "value", "unit"}]}`: the batch mode for
//! scripts and for the conformance scorer. With `-v`, each quantity of FILE also
//! names the scanner's rule that read it (`rule`: `currency_after`, `tenths_cheng`, …).

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

pub fn run(args: Args, options: &pipeline::Options) -> Result<(), Failure> {
    if args.jsonl {
        let mut errors = 0;
        write::emit(args.output.as_deref(), args.force, |out| batch(&mut std::io::stdin().lock(), out, &mut errors))?;
        if errors > 0 {
            super::warn(&format!("report: quantities --jsonl: {errors} input lines had errors (see their records)"));
            return Err(Failure::Quiet(crate::error::EXIT_BAD_INPUT));
        }
        return Ok(());
    }
    let path = args.file.expect("clap requires FILE without --jsonl");
    let doc = pipeline::read(&path, options)?;
    super::warn_failed_pages(&doc);
    let found = quantity::scan(&doc.text);
    // -v: the scanner's rule that read each one (quantity::RULES)
    let verbose = super::settings().verbose;
    write::emit(args.output.as_deref(), args.force, |out| {
        let rows = found.iter().map(|q| {
            let mut v = item(&doc.text, q);
            if let Json::Object(m) = &mut v {
                m.insert("page".into(), json!(doc.page_of(q.start)));
                m.insert("start".into(), json!(doc.char_offset(q.start)));
                m.insert("end".into(), json!(doc.char_offset(q.end)));
                if verbose {
                    m.insert("rule".into(), json!(q.rule));
                }
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
                let mut header = vec!["kind", "text", "value", "unit", "qualifier", "page", "start", "end"];
                if verbose {
                    header.push("rule");
                }
                t.load_preset(UTF8_FULL_CONDENSED).set_header(header);
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
                    let mut cells = vec![
                        kind,
                        cell(&row, "text"),
                        cell(&row, "value"),
                        cell(&row, "unit"),
                        cell(&row, "qualifier"),
                        cell(&row, "page"),
                        cell(&row, "start"),
                        cell(&row, "end"),
                    ];
                    if verbose {
                        cells.push(cell(&row, "rule"));
                    }
                    t.add_row(cells);
                }
                writeln!(out, "{} ({} quantities)", doc.path, n)?;
                writeln!(out, "{t}")
            }
        }
    })
}

/// `{"id", "input"}` lines in, `{"id", "found"}` lines out, in order. A line that is
/// not UTF-8, not JSON or not such an object gets `{"id": …, "line": N, "error": "…"}`
/// (`id` null where the line has none) and the batch goes on; `errors` counts them.
/// Each found item is written as it is made, so a long line costs its quantities,
/// not their JSON.
pub(crate) fn batch(input: &mut dyn BufRead, out: &mut dyn Write, errors: &mut usize) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut number = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        number += 1;
        let error = |id: Json, why: String| json!({"id": id, "line": number, "error": why});
        let line = match std::str::from_utf8(&buf) {
            Ok(line) => line,
            Err(e) => {
                *errors += 1;
                let why = format!("not UTF-8 (invalid byte at column {})", e.valid_up_to() + 1);
                writeln!(out, "{}", error(Json::Null, why))?;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Json = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                *errors += 1;
                writeln!(out, "{}", error(Json::Null, format!("not JSON: {e}")))?;
                continue;
            }
        };
        let id = parsed.get("id").cloned().unwrap_or(Json::Null);
        let Some(input) = parsed.get("input").and_then(Json::as_str) else {
            *errors += 1;
            writeln!(out, "{}", error(id, "no \"input\" string".into()))?;
            continue;
        };
        // `{"found":[…],"id":…}`, keys in the order serde_json's map gives them
        out.write_all(b"{\"found\":[")?;
        for (n, q) in quantity::scan(input).iter().enumerate() {
            if n > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, &item(input, q))?;
        }
        out.write_all(b"],\"id\":")?;
        serde_json::to_writer(&mut *out, &id)?;
        out.write_all(b"}\n")?;
    }
}
