//! Ingest: a file, or stdin, in; pages of raw text out.
//!
//! PDFs are recognised by their `%PDF-` header, whatever their name; everything
//! else is read as text (UTF-8, UTF-16 with a BOM, or GB18030/GBK, detected).
//! In text, a form feed (`\f`, as `pdftotext` writes) separates pages.

pub mod content;
pub mod diagnose;
pub mod layer;
mod pdf;
mod text;
pub mod worker;

use crate::error::ReportError;
pub use diagnose::Diagnostics;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use pdf::{Pages, PdfError, PdfText, layer_pages, pdf_extract_pages, pdf_pages, pdf_pages_spread};

/// What kind of input a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Pdf,
    Text,
}

impl Format {
    /// As JSON writes it: `pdf`, `text`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Text => "text",
        }
    }
}

/// A document as read: its raw pages, before normalization.
#[derive(Debug, Clone)]
pub struct RawDocument {
    /// The path as the user gave it (`-` for stdin).
    pub path: String,
    /// Hex SHA-256 of the input bytes.
    pub sha256: String,
    pub format: Format,
    /// The text encoding detected (`utf-8`, `utf-16le`, `utf-16be`, `gb18030`); `None` for PDF.
    pub encoding: Option<&'static str>,
    /// One string per page, in order.
    pub pages: Vec<String>,
    /// The positioned pieces of text of each page, where the PDF layer read it
    /// (empty for a text input and for a page pdf-extract read).
    pub words: Vec<Vec<Word>>,
    /// 1-based numbers of PDF pages whose text could not be decoded (their string is empty).
    pub failed_pages: Vec<usize>,
    /// Each PDF page's MediaBox, `[x0, y0, x1, y1]` in points, where our layer read
    /// the file (empty for a text input).
    pub page_boxes: Vec<Option<[f32; 4]>>,
    /// What the text layer looks like: empty and garbled pages, unmapped glyphs.
    pub diagnostics: Diagnostics,
}

/// A piece of text drawn on a PDF page: its box in PDF user space (points, origin at
/// the bottom left, `y` up), its font size, its text and where that stands in the
/// page's raw text (bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub size: f32,
    /// The page's text at `start..end` (not sent between processes: see `worker`).
    pub text: String,
    pub start: u32,
    pub end: u32,
}

/// Reads `path` (or stdin when `path` is `-`) into pages of raw text.
pub fn load(path: &Path) -> Result<RawDocument, ReportError> {
    let bytes = read_input(path)?;
    from_bytes(path, &bytes)
}

/// How PDFs are opened and decoded. The default: the empty password, in this process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Opens encrypted PDFs (`--password`); without one, the empty password is tried.
    pub password: Option<String>,
    /// Decode PDFs in contained child processes (what the binary does); none: here.
    pub worker: Option<worker::Worker>,
    /// Read a PDF's pages on all cores however few they are: for a batch's last
    /// inputs, whose cores would idle otherwise (a document alone reads its pages
    /// on one core below [`crate::parallel::PAGES`]: threads cost more CPU than
    /// they save on short work).
    pub spread: bool,
}

/// The bytes of `path`, or of stdin when `path` is `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>, ReportError> {
    let pb = || path.to_path_buf();
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| ReportError::Unreadable { path: pb(), reason: e.to_string() })?;
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReportError::NotFound { path: pb() },
        _ => ReportError::Unreadable { path: pb(), reason: e.to_string() },
    })?;
    if meta.is_dir() {
        return Err(ReportError::IsDirectory { path: pb() });
    }
    std::fs::read(path).map_err(|e| ReportError::Unreadable { path: pb(), reason: e.to_string() })
}

/// Turns the bytes of a document into pages of raw text. `path` names it in
/// errors and decides nothing but the "named .pdf but is not one" error.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<RawDocument, ReportError> {
    let mut raw = decode(path, bytes)?;
    raw.sha256 = sha256_hex(bytes);
    Ok(raw)
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// [`from_bytes`] without the hash: `sha256` is left empty for the caller to fill
/// (the pipeline hashes on another core meanwhile).
pub fn decode(path: &Path, bytes: &[u8]) -> Result<RawDocument, ReportError> {
    decode_with(path, bytes, &Options::default())
}

/// [`decode`] with `options` (a password, contained workers).
pub fn decode_with(path: &Path, bytes: &[u8], options: &Options) -> Result<RawDocument, ReportError> {
    let pb = || path.to_path_buf();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReportError::Empty { path: pb() });
    }
    if is_pdf(bytes) {
        let password = options.password.as_deref();
        let text = worker::pdf_pages_contained(bytes, password, options.worker.as_ref(), options.spread)
            .map_err(|e| pdf_error(pb(), e, password.is_some()))?;
        return pdf_document(path, text);
    }
    if has_pdf_extension(path) {
        return Err(ReportError::NotPdf { path: pb() });
    }
    let decoded = text::decode(bytes).map_err(|reason| ReportError::NotText { path: pb(), reason })?;
    Ok(text_document(path, decoded))
}

/// [`decode`] of bytes the caller gives up: a UTF-8 text becomes the document's
/// text without a copy (the bytes of a 1 GB report are not held twice).
pub fn decode_owned(path: &Path, bytes: Vec<u8>, options: &Options) -> Result<RawDocument, ReportError> {
    if is_pdf(&bytes) || has_pdf_extension(path) || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return decode_with(path, &bytes, options);
    }
    let decoded =
        text::decode_owned(bytes).map_err(|reason| ReportError::NotText { path: path.to_path_buf(), reason })?;
    Ok(text_document(path, decoded))
}

/// A page of text longer than this gets no words: a table is a page's, not a book's.
const COLUMN_PAGE: usize = 1 << 20;

/// The words of a page of text whose lines keep columns (`pdftotext -layout`, a
/// table typed with spaces or tabs): every line's cells, split at runs of two or
/// more spaces or at tabs, placed where a monospaced page would put them (a char 5
/// points wide, a line 12 points below the one before; the cells of a tabbed line
/// centered in columns as wide as their widest cell), so that [`crate::tables`] reads them as it reads a PDF's. A
/// CJK char is one column wide (as `pdftotext -layout` counts) or two (as an editor
/// shows it): whichever lines the cells up better. A page with no line of three
/// or more cells gets none.
pub fn column_words(page: &str) -> Vec<Word> {
    let narrow = column_words_with(page, false);
    if narrow.is_empty() {
        return narrow;
    }
    let wide = column_words_with(page, true);
    // the fewer distinct right edges the cells of many-celled lines have, the better aligned
    let edges = |words: &[Word]| {
        let mut by_line: std::collections::HashMap<i32, Vec<f32>> = std::collections::HashMap::new();
        for w in words {
            by_line.entry(w.y0 as i32).or_default().push(w.x1);
        }
        let mut edges: Vec<i32> =
            by_line.values().filter(|v| v.len() >= 3).flat_map(|v| v[1..].iter().map(|x| (x / 5.0) as i32)).collect();
        edges.sort_unstable();
        edges.dedup();
        edges.len()
    };
    if edges(&wide) < edges(&narrow) { wide } else { narrow }
}

fn column_words_with(page: &str, wide_cjk: bool) -> Vec<Word> {
    let cells_of = |line: &str| -> Vec<(usize, usize)> {
        // (byte start, byte end) of each cell of the line
        // (a cell of other whitespace alone, `\u{b}`, trims to nothing: an empty cell,
        // never an end before its start)
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut spaces = 0;
        for (i, c) in line.char_indices() {
            if c == '\t' || c == ' ' || c == '\u{3000}' {
                spaces += if c == '\t' { 2 } else { 1 };
                if spaces >= 2
                    && let Some(s) = start.take()
                {
                    let end = line[..i].trim_end().len().max(s);
                    out.push((s, end));
                }
            } else {
                spaces = 0;
                if start.is_none() {
                    start = Some(i);
                }
            }
        }
        if let Some(s) = start {
            out.push((s, line.trim_end().len().max(s)));
        }
        out
    };
    if page.len() > COLUMN_PAGE || !page.lines().any(|l| cells_of(l).len() >= 3) {
        return Vec::new();
    }
    let width = |s: &str| s.chars().map(|c| if wide_cjk && crate::chars::is_wide(c) { 10.0 } else { 5.0 }).sum::<f32>();
    // the cells of a tabbed line: split at tabs only, in the column their tabs say
    // (`a\t\tb`: b in the third); a column is as wide as its widest cell on the page
    let tab_cells = |line: &str| {
        let mut at = 0;
        line.split('\t')
            .map(|cell| {
                let s = at + (cell.len() - cell.trim_start().len());
                at += cell.len() + 1;
                (s, s + cell.trim().len())
            })
            .collect::<Vec<_>>()
    };
    let mut widest: Vec<f32> = Vec::new();
    for line in page.split('\n').filter(|l| l.contains('\t')) {
        for (k, (s, e)) in tab_cells(line).into_iter().enumerate() {
            let w = width(&line[s..e]);
            match widest.get_mut(k) {
                Some(x) => *x = x.max(w),
                None => widest.push(w),
            }
        }
    }
    let column_x: Vec<f32> = std::iter::once(0.0)
        .chain(widest.iter().scan(0.0, |x, w| {
            *x += w + 20.0;
            Some(*x)
        }))
        .collect();
    let mut words = Vec::new();
    let mut offset = 0usize;
    for (n, line) in page.split('\n').enumerate() {
        let baseline = 800.0 - n as f32 * 12.0;
        let tabbed = line.contains('\t');
        let cells = if tabbed { tab_cells(line) } else { cells_of(line) };
        for (k, (s, e)) in cells.into_iter().enumerate() {
            if s == e {
                continue;
            }
            let text = &line[s..e];
            // centered in its column: cells and their header line up by their centers
            let x0 = if tabbed { column_x[k] + (widest[k] - width(text)) / 2.0 } else { width(&line[..s]) };
            words.push(Word {
                x0,
                y0: baseline - 2.0,
                x1: x0 + width(text),
                y1: baseline + 8.0,
                size: 10.0,
                text: text.to_string(),
                start: (offset + s) as u32,
                end: (offset + e) as u32,
            });
        }
        offset += line.len() + 1;
    }
    words
}

/// A decoded text as a document: its pages (split at form feeds) and diagnostics.
fn text_document(path: &Path, decoded: text::Decoded) -> RawDocument {
    // a text with no form feed is one page: moved, not copied
    let pages: Vec<String> = if memchr::memchr(0x0c, decoded.text.as_bytes()).is_some() {
        decoded.text.split('\u{c}').map(str::to_string).collect()
    } else {
        vec![decoded.text]
    };
    let mut diagnostics = diagnose::diagnose(&pages);
    if let Some((count, first)) = decoded.invalid {
        diagnostics.invalid_bytes = count;
        diagnostics.first_invalid_byte = Some(first);
    }
    let encoding = decoded.encoding;
    let words = pages.iter().map(|p| column_words(p)).collect::<Vec<_>>();
    let words = if words.iter().all(Vec::is_empty) { Vec::new() } else { words };
    RawDocument {
        path: path.display().to_string(),
        sha256: String::new(),
        format: Format::Text,
        encoding: Some(encoding),
        pages,
        words,
        failed_pages: vec![],
        page_boxes: vec![],
        diagnostics,
    }
}

/// The pages a PDF engine gave, as a document, or the reason there is none to read
/// (no pages, no text layer, garbled, almost no text).
pub fn pdf_document(path: &Path, text: PdfText) -> Result<RawDocument, ReportError> {
    let pb = || path.to_path_buf();
    let PdfText { pages, failed, words, boxes } = text;
    let diagnostics = diagnose::diagnose(&pages);
    let no_text = diagnostics.empty_pages.len() == pages.len();
    if no_text && !failed.is_empty() {
        return Err(ReportError::Undecodable { path: pb(), failed: failed.len(), pages: pages.len() });
    }
    if no_text {
        return Err(ReportError::NoText { path: pb(), pages: pages.len() });
    }
    if diagnostics.chars_per_page == 0.0 {
        return Err(ReportError::Garbled { path: pb(), pages: pages.len() });
    }
    // most pages empty or garbled and a few words on the rest (a running
    // title, page numbers): nothing to read, though not nothing at all
    let (empty, garbled) = (diagnostics.empty_pages.len(), diagnostics.garbled_pages.len());
    if pages.len() >= 3 && (empty + garbled) * 2 >= pages.len() && diagnostics.chars_per_page < 20.0 {
        if garbled > empty {
            return Err(ReportError::Garbled { path: pb(), pages: pages.len() });
        }
        let usable = (diagnostics.chars_per_page * pages.len() as f64).round() as usize;
        return Err(ReportError::LittleText { path: pb(), pages: pages.len(), chars: usable });
    }
    Ok(RawDocument {
        path: path.display().to_string(),
        sha256: String::new(),
        format: Format::Pdf,
        encoding: None,
        pages,
        words,
        failed_pages: failed,
        page_boxes: boxes,
        diagnostics,
    })
}

fn pdf_error(path: PathBuf, e: PdfError, password_given: bool) -> ReportError {
    match e {
        PdfError::Encrypted if password_given => ReportError::WrongPassword { path },
        PdfError::Encrypted => ReportError::Encrypted { path },
        PdfError::Damaged(reason) => ReportError::BadPdf { path, reason },
        PdfError::Killed(signal) => ReportError::WorkerKilled { path, signal },
    }
}

/// A PDF starts with `%PDF-` within its first 1024 bytes (leading junk is allowed by readers).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

fn has_pdf_extension(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
