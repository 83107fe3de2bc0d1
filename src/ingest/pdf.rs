//! The PDF text layer, behind one narrow function: bytes in, pages of text out.
//!
//! Today the engine is pdf-extract (on lopdf). It panics on some inputs, so the
//! document load and every page run inside `catch_unwind` with a quiet panic hook:
//! a page that panics comes back empty and the other pages are kept.

use rayon::prelude::*;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// Why a PDF could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// Encrypted, and the empty user password does not open it.
    Encrypted,
    /// Not parseable as a PDF; the reason in a few words.
    Damaged(String),
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent while this thread is inside
/// the PDF engine and defers to the previous hook otherwise.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `None` without printing anything.
fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.ok()
}

/// The pages of a PDF: the text of each, and which pages the engine failed on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfText {
    /// One string per page, in order; empty for a page that failed.
    pub pages: Vec<String>,
    /// 1-based numbers of the pages the engine could not decode (it panicked or
    /// returned an error): their text is missing, not absent.
    pub failed: Vec<usize>,
}

/// Extracts the text of each page of the PDF in `bytes`, in page order.
pub fn pdf_pages(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let loaded = contained(|| pdf_extract::Document::load_mem(bytes))
        .ok_or_else(|| PdfError::Damaged("the PDF parser failed on this file".into()))?;
    let mut doc = loaded.map_err(|e| PdfError::Damaged(e.to_string()))?;
    if doc.is_encrypted() {
        match contained(|| doc.decrypt("")) {
            Some(Ok(())) => {}
            _ => return Err(PdfError::Encrypted),
        }
    }
    let page_count = doc.get_pages().len() as u32;
    // Pages are independent: decode them on all cores, keeping their order.
    let pages: Vec<Option<String>> = (1..=page_count)
        .into_par_iter()
        .map(|n| {
            contained(|| {
                let mut s = String::new();
                let mut out = pdf_extract::PlainTextOutput::new(&mut s);
                pdf_extract::output_doc_page(&doc, &mut out, n).map(|_| s)
            })
            .and_then(Result::ok)
        })
        .collect();
    let mut text = PdfText::default();
    for (i, page) in pages.into_iter().enumerate() {
        if page.is_none() {
            text.failed.push(i + 1);
        }
        text.pages.push(page.unwrap_or_default());
    }
    Ok(text)
}
