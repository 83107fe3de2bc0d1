//! `report text`: the normalized text that evidence offsets point into.
//!
//! Usage: report text [--markers] [-o FILE [--force]] FILE
//!
//! Pages are separated by a form feed (`\f`), as `pdftotext` does; evidence
//! `start`/`end` are char offsets into exactly this output. `--markers` prints a
//! visible `=== page N ===` line before each page instead, for reading.

use super::{Failure, write};
use crate::pipeline;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(about = "Print the normalized text of a report (pages separated by form feeds)")]
pub struct Args {
    /// The report: a PDF or a text file; `-` reads stdin
    pub file: PathBuf,
    /// Print a visible `=== page N ===` line before each page instead of form feeds
    #[arg(long)]
    pub markers: bool,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let doc = pipeline::read(&args.file)?;
    super::warn_failed_pages(&doc);
    write::emit(args.output.as_deref(), args.force, |out| {
        if args.markers {
            for (number, text) in doc.page_texts() {
                writeln!(out, "=== page {number} ===")?;
                writeln!(out, "{text}")?;
            }
            Ok(())
        } else {
            out.write_all(doc.text.as_bytes())?;
            if !doc.text.ends_with('\n') {
                writeln!(out)?;
            }
            Ok(())
        }
    })
}
