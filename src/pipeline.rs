//! The stages run in order: ingest → normalize → (segment, quantity) → extract.

use crate::error::ReportError;
use crate::extract::{self, Fact};
use crate::ingest;
use crate::normalize::Document;
use std::path::Path;

/// Reads and normalizes `path` (`-` for stdin). The input is hashed on a second
/// thread while it is decoded; its bytes are dropped before normalization, so that
/// the raw pages and the normalized text are all a document holds at its peak.
pub fn read(path: &Path) -> Result<Document, ReportError> {
    let bytes = ingest::read_input(path)?;
    let (raw, sha256) = std::thread::scope(|scope| {
        let hash = scope.spawn(|| ingest::sha256_hex(&bytes));
        let raw = ingest::decode(path, &bytes);
        (raw, hash.join().expect("hashing does not panic"))
    });
    drop(bytes);
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
    let ctx = extract::context::Context::new(&document);
    let facts = extract::extract_in(&ctx);
    let checks = crate::check::run(&ctx, &facts);
    drop(ctx);
    Ok(Analysis { document, facts, checks })
}
