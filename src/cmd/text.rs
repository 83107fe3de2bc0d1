//! `report text`: the normalized text that evidence offsets point into.
//!
//! Usage: report text [--markers] [-o FILE [--force]] FILE
//!
//! Pages are separated by a form feed (`\f`), as `pdftotext` does; evidence
//! `start`/`end` are char offsets into exactly this output. `--markers` prints a
//! visible `=== page N ===` line before each page instead, for reading, with what
//! the diagnostics say of the page (`(no text)`, `(garbled)`, `(not decoded)`);
//! `-v` adds a line of the document's diagnostics on stderr.

use super::{Failure, write};
use crate::pipeline;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(about = "Print the normalized text of a report (pages separated by form feeds)")]
pub struct Args {
    /// The report: a PDF or a text file; `-` reads stdin
    pub file: PathBuf,
    /// Print a visible `=== page N ===` line before each page instead of form feeds, with a
    /// page's diagnostics: `(no text)`, `(garbled)`, `(not decoded)`
    #[arg(long)]
    pub markers: bool,
    /// Write to this file (atomically) instead of stdout
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overwrite the --output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, options: &pipeline::Options) -> Result<(), Failure> {
    let doc = pipeline::read(&args.file, options)?;
    super::warn_failed_pages(&doc);
    let d = &doc.diagnostics;
    if super::settings().verbose {
        super::say(&format!(
            "report: {}: {} pages, {} with no text, {} garbled, {:.2}% replacement and {:.2}% private-use characters, {:.0} usable characters a page",
            doc.path,
            doc.pages.len(),
            d.empty_pages.len(),
            d.garbled_pages.len(),
            d.replacement_ratio * 100.0,
            d.private_use_ratio * 100.0,
            d.chars_per_page
        ));
    }
    write::emit(args.output.as_deref(), args.force, |out| {
        if args.markers {
            for (number, text) in doc.page_texts() {
                // what the diagnostics say of the page
                let note = if doc.failed_pages.contains(&number) {
                    " (not decoded)"
                } else if d.empty_pages.contains(&number) {
                    " (no text)"
                } else if d.garbled_pages.contains(&number) {
                    " (garbled)"
                } else {
                    ""
                };
                writeln!(out, "=== page {number}{note} ===")?;
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
