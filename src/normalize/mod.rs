//! Normalize: raw pages in, one normalized text out, with a map back to the raw offsets.
//!
//! What it does, line by line, then across lines:
//! - folds full-width digits, letters and `％` to ASCII, and `．` `，` inside numbers;
//!   ideographic and no-break spaces become plain spaces; `\r` and `\t` go;
//! - recognises the bullet glyphs PDF extraction leaves (`p`, `n`, `u`, `l`, `q`, `v`,
//!   `Ø`, `•`, `●`, ...) at the start of a line and writes them as `• `;
//! - drops single spaces between CJK characters and between a number and its unit
//!   (`2000 亿欧元` → `2000亿欧元`);
//! - puts page numbers glued to text on a line of their own (`2025年3月5` → `2025年3月` + `5`);
//! - rejoins lines broken inside a sentence (`年复合` + `增长率`; ASCII words get a space).
//!
//! The normalized text is the pages joined by a form feed (`\f`): the text that
//! `report text` prints, and that evidence offsets index.

mod lines;

use crate::ingest::{Format, RawDocument};
use rayon::prelude::*;

/// One page of the normalized text: its 1-based number and byte range in [`Document::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub number: usize,
    pub start: usize,
    pub end: usize,
}

/// A normalized document: the text every later stage reads.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub sha256: String,
    pub format: Format,
    pub encoding: Option<&'static str>,
    /// Normalized text, pages separated by `\f`.
    pub text: String,
    pub pages: Vec<Page>,
    /// 1-based numbers of PDF pages whose text could not be decoded.
    pub failed_pages: Vec<usize>,
    /// What the text layer looked like before normalization.
    pub diagnostics: crate::ingest::Diagnostics,
    /// For each char of `text`, the char offset it came from in the raw text
    /// (the raw pages joined by `\f`).
    origin: Vec<u32>,
    /// (byte, char) offsets of a char boundary every `CHECKPOINT` bytes of `text`.
    checkpoints: Vec<(u32, u32)>,
}

const CHECKPOINT: usize = 4096;

impl Document {
    /// Normalizes the raw pages of `raw`.
    pub fn from_raw(raw: RawDocument) -> Document {
        let many_pages = raw.pages.len() > 1;
        // Each page's raw text starts after the pages before it and their form feeds.
        let mut raw_offsets = Vec::with_capacity(raw.pages.len());
        let mut raw_offset: u32 = 0;
        for page in &raw.pages {
            raw_offsets.push(raw_offset);
            raw_offset += page.chars().count() as u32 + 1;
        }
        // Pages normalize independently: on all cores, then joined in order.
        let normalized: Vec<(String, Vec<u32>)> = raw
            .pages
            .par_iter()
            .zip(raw_offsets.par_iter())
            .map(|(page, &offset)| {
                let mut text = String::with_capacity(page.len());
                let mut origin = Vec::with_capacity(page.len() / 2);
                lines::normalize_page(page, offset, many_pages, &mut text, &mut origin);
                (text, origin)
            })
            .collect();
        let total: usize = normalized.iter().map(|(t, _)| t.len() + 1).sum();
        let mut text = String::with_capacity(total);
        let mut origin: Vec<u32> = Vec::with_capacity(normalized.iter().map(|(_, o)| o.len() + 1).sum());
        let mut pages = Vec::with_capacity(normalized.len());
        for (i, (page_text, page_origin)) in normalized.into_iter().enumerate() {
            if i > 0 {
                text.push('\u{c}');
                origin.push(raw_offsets[i] - 1);
            }
            let start = text.len();
            text.push_str(&page_text);
            origin.extend(page_origin);
            pages.push(Page { number: i + 1, start, end: text.len() });
        }
        let checkpoints = build_checkpoints(&text);
        Document {
            path: raw.path,
            sha256: raw.sha256,
            format: raw.format,
            encoding: raw.encoding,
            text,
            pages,
            failed_pages: raw.failed_pages,
            diagnostics: raw.diagnostics,
            origin,
            checkpoints,
        }
    }

    /// The char offset of byte offset `byte` of the normalized text.
    pub fn char_offset(&self, byte: usize) -> usize {
        let (base, chars) = self.checkpoints[byte / CHECKPOINT];
        chars as usize + self.text[base as usize..byte].chars().count()
    }

    /// The 1-based page that byte offset `byte` of the normalized text falls on.
    pub fn page_of(&self, byte: usize) -> usize {
        let idx = self.pages.partition_point(|p| p.start <= byte);
        self.pages[idx.saturating_sub(1)].number
    }

    /// The char offset in the raw text that normalized char `char_offset` came from.
    pub fn original_offset(&self, char_offset: usize) -> Option<usize> {
        self.origin.get(char_offset).map(|&o| o as usize)
    }

    /// Pages as (number, text) pairs.
    pub fn page_texts(&self) -> impl Iterator<Item = (usize, &str)> {
        self.pages.iter().map(|p| (p.number, &self.text[p.start..p.end]))
    }
}

/// Slot `k` holds (byte, chars) for the last char boundary at or before byte
/// `k * CHECKPOINT`, so counting can resume there for any later offset.
fn build_checkpoints(text: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(text.len() / CHECKPOINT + 1);
    let mut last = (0u32, 0u32);
    let mut slot = 0usize;
    let boundaries = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    for (count, b) in boundaries.enumerate() {
        while slot < b {
            out.push(last);
            slot += CHECKPOINT;
        }
        last = (b as u32, count as u32);
        if slot == b {
            out.push(last);
            slot += CHECKPOINT;
        }
    }
    out
}
