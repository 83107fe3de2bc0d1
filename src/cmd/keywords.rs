//! `report keywords`: the top terms of a report (TF-IDF over jieba-rs's IDF table,
//! with a domain stop list, `data/stopwords.txt`).
//!
//! Usage: report keywords [-n 20] [-f table|jsonl] FILE

use super::{Failure, write};
use crate::pipeline;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeywordFormat {
    Table,
    Jsonl,
}

#[derive(clap::Args)]
#[command(about = "List the top terms of a report (TF-IDF)")]
pub struct Args {
    /// The report: a PDF or a text file; `-` reads stdin
    pub file: PathBuf,
    /// How many terms
    #[arg(short = 'n', long, default_value_t = 20)]
    pub top: usize,
    /// Output format
    #[arg(short, long, value_enum, default_value = "table")]
    pub format: KeywordFormat,
}

pub fn run(args: Args, options: &pipeline::Options) -> Result<(), Failure> {
    crate::segment::prewarm();
    let doc = pipeline::read(&args.file, options)?;
    super::warn_failed_pages(&doc);
    let terms = crate::segment::keywords(&doc.text, args.top);
    write::emit(None, false, |out| match args.format {
        KeywordFormat::Jsonl => {
            for (rank, (term, weight)) in terms.iter().enumerate() {
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({"rank": rank + 1, "keyword": term, "weight": weight}),
                )?;
                writeln!(out)?;
            }
            Ok(())
        }
        KeywordFormat::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED).set_header(vec!["rank", "keyword", "weight"]);
            for (rank, (term, weight)) in terms.iter().enumerate() {
                t.add_row(vec![(rank + 1).to_string(), term.clone(), format!("{weight:.4}")]);
            }
            writeln!(out, "{} (top {} terms)", doc.path, terms.len())?;
            writeln!(out, "{t}")
        }
    })
}
