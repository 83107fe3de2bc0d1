//! The PDF text layer, behind one narrow function: bytes in, pages of text out.
//!
//! Two engines: our own layer on lopdf 0.47 (`layer.rs`), then pdf-extract for
//! the pages ours gives nothing usable on. Both may panic on hostile input, so
//! the document load and every page run inside `catch_unwind` with a quiet panic
//! hook: a page that panics comes back empty and the other pages are kept.

use super::{diagnose, layer};
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
    /// A worker was killed by a signal from outside (named): not the PDF's fault.
    Killed(&'static str),
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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    /// One string per page, in order; empty for a page that failed.
    pub pages: Vec<String>,
    /// 1-based numbers of the pages the engine could not decode (it panicked or
    /// returned an error): their text is missing, not absent.
    pub failed: Vec<usize>,
    /// The positioned words of each page our layer read (empty where pdf-extract did).
    pub words: Vec<Vec<super::Word>>,
    /// Each page's MediaBox where our layer opened the file (`[x0, y0, x1, y1]`, points).
    pub boxes: Vec<Option<[f32; 4]>>,
}

/// Extracts the text of each page of the PDF in `bytes`, in page order: our own
/// text layer ([`super::layer`]) first; pdf-extract for the pages where it gives
/// nothing usable (no text, or garbled), and for the whole document where our
/// layer cannot open it. `password` opens an encrypted file (the empty one is
/// tried when it is `None`). All in this process: see `worker` for the same in
/// contained child processes.
pub fn pdf_pages(bytes: &[u8], password: Option<&str>) -> Result<PdfText, PdfError> {
    pdf_pages_spread(bytes, password, false)
}

/// [`pdf_pages`], each engine reading a document's pages on all cores from two
/// pages on when `spread` (else from [`crate::parallel::PAGES`]).
pub fn pdf_pages_spread(bytes: &[u8], password: Option<&str>, spread: bool) -> Result<PdfText, PdfError> {
    chain(|| layer_pages(bytes, password, spread), |only| pdf_extract_pages(bytes, only, spread))
}

/// The two engines in their order, however they are run (here, or in worker
/// processes): `first` our layer; `second(only)` pdf-extract on the 0-based
/// pages `only`, or on all of them. A page `first` gives nothing usable on is
/// taken from `second` where that has more usable text; a file `first` cannot
/// open goes to `second` whole. Where neither can, the reason that says the most
/// wins (an engine that crashed or hung says more than one that gave up).
pub fn chain(
    first: impl FnOnce() -> Result<Pages, PdfError>,
    second: impl FnOnce(Option<&[usize]>) -> Result<Vec<Option<String>>, PdfError>,
) -> Result<PdfText, PdfError> {
    match first() {
        Ok(first) => {
            let weak = first.weak();
            // a failure of the second engine keeps the first one's pages; a worker
            // killed from outside leaves the document unread
            let second = match weak.is_empty() {
                true => None,
                false => match second(Some(&weak)) {
                    Err(PdfError::Killed(signal)) => return Err(PdfError::Killed(signal)),
                    other => other.ok(),
                },
            };
            Ok(first.merge(second))
        }
        Err(PdfError::Encrypted) => Err(PdfError::Encrypted),
        Err(PdfError::Killed(signal)) => Err(PdfError::Killed(signal)),
        // a file our parser refuses may still open in pdf-extract's
        Err(PdfError::Damaged(why)) => match second(None) {
            Ok(pages) => Ok(PdfText::from_pages(pages)),
            Err(PdfError::Damaged(other)) if other.contains("crashed") || other.contains("did not finish") => {
                Err(PdfError::Damaged(if why.contains("crashed") { why } else { other }))
            }
            Err(e) => Err(e),
        },
    }
}

/// The pages by our own layer alone; a page it fails on is `None`. `spread`: on all
/// cores from two pages on (else from [`crate::parallel::PAGES`]).
pub fn layer_pages(bytes: &[u8], password: Option<&str>, spread: bool) -> Result<Pages, PdfError> {
    let own = match contained(|| layer::open(bytes, password)) {
        Some(Ok(doc)) => doc,
        Some(Err(layer::LoadError::Encrypted)) => return Err(PdfError::Encrypted),
        Some(Err(layer::LoadError::Damaged(why))) => return Err(PdfError::Damaged(why)),
        None => return Err(PdfError::Damaged("the PDF parser failed on this file".into())),
    };
    let ids: Vec<lopdf::ObjectId> = own.get_pages().into_values().collect();
    let fonts = layer::Fonts::default();
    let page = |&id: &lopdf::ObjectId| contained(|| layer::page_text(&own, &fonts, id)).flatten();
    let parallel = ids.len() >= crate::parallel::pages_from(spread);
    let read = crate::parallel::map(ids.len(), parallel, |i| page(&ids[i]));
    let (pages, words) =
        read.into_iter().map(|p| p.map_or((None, Vec::new()), |(text, words)| (Some(text), words))).unzip();
    let boxes = ids.iter().map(|&id| contained(|| layer::media_box(&own, id)).flatten()).collect();
    Ok(Pages(pages, words, boxes))
}

/// Page texts, `None` where an engine failed on the page, the positioned words of
/// each (empty where the engine gives none), and each page's MediaBox (none from
/// pdf-extract).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pages(pub Vec<Option<String>>, pub Vec<Vec<super::Word>>, pub Vec<Option<[f32; 4]>>);

impl Pages {
    /// The 0-based pages with nothing usable: for the second engine.
    pub fn weak(&self) -> Vec<usize> {
        (0..self.0.len()).filter(|&i| self.0[i].as_deref().is_none_or(|t| !diagnose::usable(t))).collect()
    }

    /// These pages, each replaced by the second engine's where that has more
    /// usable text.
    pub fn merge(self, second: Option<Vec<Option<String>>>) -> PdfText {
        let mut pages = self.0;
        let mut words = self.1;
        let boxes = self.2;
        words.resize(pages.len(), Vec::new());
        if let Some(second) = second {
            for (i, page) in pages.iter_mut().enumerate() {
                let better = match (&*page, second.get(i).and_then(Option::as_ref)) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(a), Some(b)) => diagnose::usable_chars(b) > diagnose::usable_chars(a),
                };
                if better {
                    *page = second[i].clone();
                    words[i].clear();
                }
            }
        }
        PdfText { words, boxes, ..PdfText::from_pages(pages) }
    }
}

impl PdfText {
    pub fn from_pages(pages: Vec<Option<String>>) -> PdfText {
        let mut text = PdfText::default();
        for (i, page) in pages.into_iter().enumerate() {
            if page.is_none() {
                text.failed.push(i + 1);
            }
            text.pages.push(page.unwrap_or_default());
        }
        text
    }
}

/// The pages of the PDF by pdf-extract: all of them, or those of `only` (0-based;
/// the others come back `None`); `spread` as for [`layer_pages`].
pub fn pdf_extract_pages(bytes: &[u8], only: Option<&[usize]>, spread: bool) -> Result<Vec<Option<String>>, PdfError> {
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
    let wanted = |n: u32| only.is_none_or(|o| o.contains(&(n as usize - 1)));
    let page = |n: u32| {
        if !wanted(n) {
            return None;
        }
        contained(|| {
            let mut s = String::new();
            let mut out = pdf_extract::PlainTextOutput::new(&mut s);
            pdf_extract::output_doc_page(&doc, &mut out, n).map(|_| s)
        })
        .and_then(Result::ok)
    };
    // Pages are independent: on all cores for a long document, keeping their order.
    let wanted_pages = (1..=page_count).filter(|&n| wanted(n)).count();
    let parallel = wanted_pages >= crate::parallel::pages_from(spread);
    let pages = crate::parallel::map(page_count as usize, parallel, |i| page(i as u32 + 1));
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A worker killed from outside leaves the document unread, whichever engine it
    /// ran; a crash of the second engine keeps the first one's pages.
    #[test]
    fn a_killed_worker_is_not_a_damaged_pdf() {
        let good =
            || Ok(Pages(vec![Some("可读的一页文字，足够长，足够多的字符可以读。".repeat(4)), None], vec![], vec![]));
        let killed = |_: Option<&[usize]>| Err(PdfError::Killed("SIGKILL"));
        assert_eq!(chain(|| Err(PdfError::Killed("SIGTERM")), killed).unwrap_err(), PdfError::Killed("SIGTERM"));
        assert_eq!(chain(good, killed).unwrap_err(), PdfError::Killed("SIGKILL"));
        let crashed = |_: Option<&[usize]>| Err(PdfError::Damaged("the PDF engine crashed on it".into()));
        let kept = chain(good, crashed).unwrap();
        assert_eq!(kept.pages.len(), 2);
        assert_eq!(kept.failed, vec![2]);
    }
}
