//! The stages run in order: ingest → normalize → (segment, quantity) → extract.

use crate::error::ReportError;
use crate::extract::{self, Fact};
use crate::ingest;
use crate::normalize::Document;
use std::path::Path;

/// Reads and normalizes `path` (`-` for stdin). The input's bytes are given up
/// before normalization (a text's become its raw text), so that the raw pages and
/// the normalized text are all a document holds at its peak.
pub fn read(path: &Path) -> Result<Document, ReportError> {
    let bytes = ingest::read_input(path)?;
    let (raw, sha256) = if ingest::is_pdf(&bytes) {
        // a PDF is decoded in place while a second thread hashes it
        std::thread::scope(|scope| {
            let hash = scope.spawn(|| ingest::sha256_hex(&bytes));
            let raw = ingest::decode(path, &bytes);
            (raw, hash.join().expect("hashing does not panic"))
        })
    } else {
        // a text's bytes become its text, not a copy of it: hashed first
        let sha256 = ingest::sha256_hex(&bytes);
        (ingest::decode_owned(path, bytes), sha256)
    };
    let mut doc = Document::from_raw(raw?);
    doc.sha256 = sha256;
    Ok(doc)
}

/// A document, the facts found in it, and whether they add up.
pub struct Analysis {
    pub document: Document,
    pub facts: Vec<Fact>,
    pub checks: Vec<crate::check::Check>,
}

/// Reads `path` and extracts its facts. The segmenter's dictionary is built on a
/// second thread while the document is read.
pub fn analyze(path: &Path) -> Result<Analysis, ReportError> {
    crate::segment::prewarm();
    let document = read(path)?;
    let extract::Extraction { facts, checks } = extract::extract_document(&document);
    Ok(Analysis { document, facts, checks })
}
