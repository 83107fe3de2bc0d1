//! Entry points for the fuzz targets (`fuzz/`, cargo-fuzz) and for the bounded
//! random-input test (`tests/robustness.rs`): each runs one kind of input through
//! the library the way the `report` binary does, and asserts what must hold for
//! any input. A panic here is a finding. Not part of the library's API.

use crate::output::{self, DocumentInfo, Format};
use std::path::Path;

/// Every fact's quote is the normalized text at its char span, on a real page.
fn assert_evidence(doc: &crate::normalize::Document, facts: &[crate::extract::Fact]) {
    let chars: Vec<char> = doc.text.chars().collect();
    for f in facts {
        let e = f.evidence();
        assert!(e.start <= e.end && e.end <= chars.len(), "span {}..{} out of the text", e.start, e.end);
        let at_span: String = chars[e.start..e.end].iter().collect();
        match &e.cell {
            // a table's fact: the span holds its cell, which ends the quote
            Some(cell) => {
                assert_eq!(&at_span, cell, "cell is not the text at its span");
                assert!(e.quote.ends_with(cell.as_str()), "quote {:?} does not end with its cell", e.quote);
            }
            None => assert_eq!(at_span, e.quote, "quote is not the text at its span"),
        }
        assert!(e.page >= 1 && e.page <= doc.pages.len().max(1), "page {} of {}", e.page, doc.pages.len());
    }
}

/// The pipeline on a decoded document: extract, check, render every format.
fn analyze(raw: crate::ingest::RawDocument) {
    let doc = crate::normalize::Document::from_raw(raw);
    let facts = crate::extract::extract_document(&doc);
    let checks = crate::check::run(&facts);
    assert_evidence(&doc, &facts);
    let info = DocumentInfo::of(&doc);
    for format in [Format::Json, Format::Jsonl, Format::Csv, Format::Table, Format::Md] {
        let mut sink = Vec::new();
        output::write(&mut sink, format, &info, &facts, &checks).expect("rendering to memory does not fail");
    }
}

/// Text bytes: decoded as a `.txt` file (or refused with an error), then analyzed.
pub fn text(data: &[u8]) {
    if let Ok(raw) = crate::ingest::from_bytes(Path::new("fuzz.txt"), data) {
        analyze(raw);
    }
}

/// Bytes as `quantities --jsonl` input: every line is answered, in order, with one
/// JSON line, and errors are counted.
pub fn quantities_lines(data: &[u8]) {
    let mut out = Vec::new();
    let mut errors = 0;
    crate::cmd::quantities::batch(&mut &data[..], &mut out, &mut errors).expect("writing to memory does not fail");
    let answers = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    let nonblank =
        data.split(|&b| b == b'\n').filter(|l| std::str::from_utf8(l).map_or(true, |s| !s.trim().is_empty()));
    assert_eq!(answers, nonblank.count(), "one answer per non-blank line");
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("every answer is JSON");
    }
    // and the scanner on the whole input read as text
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for q in crate::quantity::scan(&text) {
        assert!(q.start >= last && q.start < q.end && q.end <= text.len(), "spans in order, inside the text");
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        last = q.end;
    }
}

/// PDF bytes through our own text layer, in-process, then what ingest makes of its
/// pages (a document, or the reason there is none), then analyzed.
pub fn pdf(data: &[u8]) {
    let Ok(pages) = crate::ingest::layer_pages(data, None, false) else { return };
    let text = crate::ingest::PdfText::from_pages(pages.0);
    if let Ok(raw) = crate::ingest::pdf_document(Path::new("fuzz.pdf"), text) {
        analyze(raw);
    }
}

/// Bytes as a page's content stream: where the content lexer reads them at all, it
/// reads the operations lopdf's parser reads.
pub fn content(data: &[u8]) {
    if let Some(fast) = crate::ingest::content::lexed(data) {
        assert_eq!(Some(fast), crate::ingest::content::lopdf_operations(data), "the lexer reads what lopdf reads");
    }
}
