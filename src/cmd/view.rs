//! `report view`: one HTML page to check every fact against its page.
//!
//! Usage: report view FILE -o view.html [--force]
//!        report view FILE... --output-dir DIR [--force]
//!
//! The page is self-contained (no network, no external scripts, fonts or styles)
//! and inert to the report's own text ([`crate::output::html`]): the facts on the
//! left, by kind, with a filter and kind toggles; the pages on the right, a PDF's
//! drawn from its positioned words. Click a fact to see its quote highlighted on
//! its page, click a highlight to find its fact, step with the arrow keys.
//! With `--output-dir`, each input's page is `DIR/NAME.html` (`-2`, `-3`... where
//! names repeat), written as soon as it is ready; a bad input is said on stderr
//! and the others go on; the exit code is the first failure's.

use super::Failure;
use crate::output::Format;
use crate::pipeline;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(about = "Write an HTML page to check every fact against its page")]
pub struct Args {
    /// The reports: PDFs or text files; `-` reads stdin (one file without --output-dir)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the page to this file (atomically) instead of stdout
    #[arg(short, long, conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write one page per input in this directory, as NAME.html
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
    /// Overwrite output files that exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, options: &pipeline::Options) -> Result<(), Failure> {
    // (extract's writers, in the html format)
    let plain = crate::output::Options::default();
    if let Some(dir) = &args.output_dir {
        return super::extract::write_each(dir, args.force, Format::Html, plain, &args.files, options);
    }
    let [file] = args.files.as_slice() else {
        return Err(Failure::Usage("several inputs make several pages: give --output-dir DIR".into()));
    };
    if args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::Other("an HTML page is for a browser: write it with -o FILE.html".into()));
    }
    super::extract::write_one(file, args.output.as_deref(), args.force, Format::Html, plain, options)
}
