//! The pipeline: every stage in order, with the options that steer them.
//!
//! 1. [`ingest`]: the input's bytes (a file, or stdin for `-`) → pages of raw text
//!    (a PDF in contained workers where [`Options::ingest`] says so);
//! 2. [`normalize`]: width folding, line rejoining, offsets kept → a [`Document`];
//! 3. [`extract`], a part of the document at a time: [`crate::structure`] (lines,
//!    headings, sections), [`crate::segment`] and [`crate::quantity`] within each
//!    part, then each fact kind of the registry;
//! 4. [`check`]: do the facts add up?
//!
//! Output is the caller's: [`crate::output`] renders an [`Analysis`].

use crate::check::{self, Check};
use crate::error::ReportError;
use crate::extract::{self, Fact};
use crate::ingest;
use crate::normalize::{self, Document};
use std::path::Path;

/// What steers the stages. The default reads PDFs in this process with the empty
/// password, in parts of [`extract::PART_BYTES`] and [`extract::PART_LINES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The password and the PDF workers (`report` runs PDFs in children of its own).
    pub ingest: ingest::Options,
    /// A document longer than this many bytes of normalized text, or lines, is
    /// extracted a part at a time.
    pub part_bytes: usize,
    pub part_lines: usize,
    /// This process analyzes this one document and no other: its segmenter may hold
    /// only the words the document's characters spell ([`crate::segment::for_document`]:
    /// the same words found, a smaller dictionary built).
    pub one_document: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ingest: ingest::Options::default(),
            part_bytes: extract::PART_BYTES,
            part_lines: extract::PART_LINES,
            one_document: false,
        }
    }
}

/// A PDF of this many bytes or more is hashed on a thread of its own while it is
/// decoded (a shorter one hashes in a few milliseconds: a thread costs more CPU).
const HASH_APART: usize = 16 << 20;

/// Reads and normalizes `path` (`-` for stdin): stages 1 and 2. The input's bytes
/// are given up before normalization (a text's become its raw text), so that the
/// raw pages and the normalized text are all a document holds at its peak.
pub fn read(path: &Path, options: &Options) -> Result<Document, ReportError> {
    // (normalization, a stage of its own, is taken out of it)
    let _stage = crate::timing::start(crate::timing::Stage::Ingest);
    let bytes = ingest::read_input(path)?;
    let (raw, sha256) = if ingest::is_pdf(&bytes) && bytes.len() >= HASH_APART {
        // a long PDF is decoded in place while a second thread hashes it
        std::thread::scope(|scope| {
            let hash = scope.spawn(|| crate::timing::time(crate::timing::Stage::Ingest, || ingest::sha256_hex(&bytes)));
            let raw = ingest::decode_with(path, &bytes, &options.ingest);
            (raw, hash.join().expect("hashing does not panic"))
        })
    } else if ingest::is_pdf(&bytes) {
        let sha256 = ingest::sha256_hex(&bytes);
        (ingest::decode_with(path, &bytes, &options.ingest), sha256)
    } else {
        // a text's bytes become its text, not a copy of it: hashed first
        let sha256 = ingest::sha256_hex(&bytes);
        (ingest::decode_owned(path, bytes, &options.ingest), sha256)
    };
    let mut doc = normalize::Document::from_raw(raw?);
    doc.sha256 = sha256;
    Ok(doc)
}

/// A document, the facts found in it, and whether they add up.
pub struct Analysis {
    pub document: Document,
    pub facts: Vec<Fact>,
    pub checks: Vec<Check>,
}

/// Every stage over `path`. Segmenters are built when first needed (a text's own
/// for a document's first texts: [`crate::segment::segmenter`]).
pub fn analyze(path: &Path, options: &Options) -> Result<Analysis, ReportError> {
    let document = read(path, options)?;
    if options.one_document {
        // (built when first needed, on the thread that needs it: a thread of its
        // own costs more CPU than it saves time)
        crate::segment::for_document(&document.text);
    }
    let facts = extract::extract_in_parts(&document, options.part_bytes, options.part_lines);
    let checks = check::run(&facts);
    Ok(Analysis { document, facts, checks })
}
