//! `report extract`: typed, sourced facts from one report.
//!
//! Usage: report extract [--format table|json|jsonl|csv] [-o FILE [--force]] FILE
//!
//! FILE is a PDF or a text file (UTF-8, UTF-16 with BOM, GB18030/GBK); `-` reads stdin.
//! The facts are market sizes, CAGRs and data sources, each with its evidence.

use super::{Failure, write};
use crate::output::{self, DocumentInfo, Format};
use crate::pipeline;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(about = "Extract market sizes, CAGRs and data sources from a report, with evidence")]
pub struct Args {
    /// The report: a PDF or a text file; `-` reads stdin
    pub file: PathBuf,
    /// Output format
    #[arg(short, long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let analysis = pipeline::analyze(&args.file)?;
    super::warn_failed_pages(&analysis.document);
    let info = DocumentInfo::of(&analysis.document);
    write::emit(args.output.as_deref(), args.force, |out| {
        output::write(out, args.format, &info, &analysis.facts, &analysis.checks)
    })
}
