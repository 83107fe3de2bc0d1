//! `report tables`: every text table of a report, cell by cell.
//!
//! Usage: report tables [--format json|csv|md] [-o FILE | --output-dir DIR] [--force] FILE
//!
//! A table is a header row of periods (`2020 2021 2022E`, `2022 产值`, `2022-2027E
//! CAGR`) and the rows under it, each with its label first. `json` gives
//! `{"schema_version", "document", "tables": [{"page", "index", "bbox", "title",
//! "unit", "header_rows", "rows", "source"}]}`; `csv` one table after another, each
//! opened by a `# page P table N: TITLE` row (with `--output-dir`, one file a
//! table, `NAME-pP-tN.csv`, its rows only); `md` a Markdown table each. Tables come
//! from a PDF's positioned words, or a text's columns.

use super::{Failure, write};
use crate::pipeline;
use crate::tables::{self, Table};
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TablesFormat {
    Json,
    Csv,
    Md,
}

#[derive(clap::Args)]
#[command(about = "Print the tables of a PDF report, cell by cell (json, csv, md)")]
pub struct Args {
    /// The report: a PDF; `-` reads stdin
    pub file: PathBuf,
    #[arg(short, long, value_enum, default_value = "json")]
    pub format: TablesFormat,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long, conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// CSV only: write each table to a file of its own in this directory,
    /// `NAME-pPAGE-tINDEX.csv` (NAME: the input's file name without its extension)
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, options: &pipeline::Options) -> Result<(), Failure> {
    let doc = pipeline::read(&args.file, options)?;
    super::warn_failed_pages(&doc);
    let found = tables::tables(&doc);
    if let Some(dir) = &args.output_dir {
        if args.format != TablesFormat::Csv {
            return Err(Failure::Other("--output-dir writes CSV files: use it with --format csv".into()));
        }
        std::fs::create_dir_all(dir).map_err(Failure::from)?;
        let stem = args.file.file_stem().map_or("stdin".into(), |s| s.to_string_lossy().into_owned());
        for t in &found {
            let path = dir.join(format!("{stem}-p{}-t{}.csv", t.page, t.index));
            write::emit(Some(&path), args.force, |out| {
                let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
                for row in &t.rows {
                    w.write_record(row.iter().map(|c| cell(c)))?;
                }
                w.flush()
            })?;
        }
        return Ok(());
    }
    let info = crate::output::DocumentInfo::of(&doc);
    write::emit(args.output.as_deref(), args.force, |out| match args.format {
        TablesFormat::Json => {
            let v = serde_json::json!({
                "schema_version": crate::output::SCHEMA_VERSION,
                "document": info,
                "tables": found,
            });
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)
        }
        TablesFormat::Csv => write_csv(out, &found),
        TablesFormat::Md => write_md(out, &found),
    })
}

/// A CSV cell: a text that a spreadsheet would read as a formula is neutralized; a
/// figure (`-2.5%`, `-`) stays a figure.
fn cell(c: &str) -> String {
    if tables::is_figure(c) { c.to_string() } else { crate::output::neutralize(c).into_owned() }
}

fn title(t: &Table) -> String {
    format!("page {} table {}{}", t.page, t.index, t.title.as_deref().map_or(String::new(), |s| format!(": {s}")))
}

fn write_csv(out: &mut dyn Write, found: &[Table]) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    for t in found {
        w.write_record([format!("# {}", title(t))])?;
        for row in &t.rows {
            w.write_record(row.iter().map(|c| cell(c)))?;
        }
        w.write_record([""])?;
    }
    w.flush()
}

fn write_md(out: &mut dyn Write, found: &[Table]) -> std::io::Result<()> {
    let cell = |s: &str| s.replace('|', "\\|");
    for t in found {
        writeln!(out, "### {}\n", cell(&title(t)))?;
        for (i, row) in t.rows.iter().enumerate() {
            writeln!(out, "| {} |", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))?;
            if i + 1 == t.header_rows {
                writeln!(out, "|{}", " --- |".repeat(row.len()))?;
            }
        }
        if let Some(s) = &t.source {
            writeln!(out, "\n来源：{}", cell(s))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
