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

pub use lines::{LineClass, classify_text, is_numbered_item};

use crate::ingest::{Format, RawDocument};

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
    /// Each PDF page's MediaBox, `[x0, y0, x1, y1]` in points, where the layer read
    /// it (by index: `page_boxes[0]` is page 1); empty for a text.
    pub page_boxes: Vec<Option<[f32; 4]>>,
    /// What the text layer looked like before normalization.
    pub diagnostics: crate::ingest::Diagnostics,
    /// The positioned words of each page (by index: `words[0]` is page 1), where the
    /// PDF layer read them: their boxes, and where their text landed in `text`.
    pub words: Vec<Vec<PlacedWord>>,
    /// For each char of `text`, the char offset it came from in the raw text
    /// (the raw pages joined by `\f`).
    origin: Origin,
    /// (byte, char) offsets of a char boundary every `CHECKPOINT` bytes of `text`.
    checkpoints: Vec<(u32, u32)>,
}

/// Where each char of the normalized text came from, kept as runs: within a run,
/// consecutive chars come from consecutive raw chars. Most text is copied as it
/// is, so a document holds a few runs a line, not four bytes a char.
#[derive(Debug, Clone, Default)]
struct Origin {
    /// The normalized char offset where each run starts, ascending.
    starts: Vec<u32>,
    /// The raw char offset of each run's first char.
    raws: Vec<u32>,
    /// Chars mapped so far.
    len: u32,
}

impl Origin {
    fn push(&mut self, raw: u32) {
        let continues = match (self.starts.last(), self.raws.last()) {
            (Some(&s), Some(&r)) => u64::from(r) + u64::from(self.len - s) == u64::from(raw),
            _ => false,
        };
        if !continues {
            self.starts.push(self.len);
            self.raws.push(raw);
        }
        self.len += 1;
    }

    /// Maps the next `n` chars to `n` consecutive raw chars from `raw` on.
    fn push_run(&mut self, raw: u32, n: u32) {
        if n == 0 {
            return;
        }
        self.push(raw);
        self.len += n - 1;
    }

    /// Unmaps the chars from `len` on.
    fn truncate(&mut self, len: usize) {
        if len >= self.len as usize {
            return;
        }
        let keep = self.starts.partition_point(|&s| (s as usize) < len);
        self.starts.truncate(keep);
        self.raws.truncate(keep);
        self.len = len as u32;
    }

    /// Maps the next chars as `other` maps its chars `range`.
    fn append(&mut self, other: &Origin, range: std::ops::Range<usize>) {
        let end = range.end.min(other.len as usize);
        let mut at = range.start;
        let mut k = other.starts.partition_point(|&s| s as usize <= at);
        while at < end {
            // the run that holds char `at`, and where it ends
            let (start, raw) = (other.starts[k - 1] as usize, other.raws[k - 1]);
            let run_end = other.starts.get(k).map_or(other.len as usize, |&s| s as usize).min(end);
            self.push_run(raw + (at - start) as u32, (run_end - at) as u32);
            at = run_end;
            k += 1;
        }
    }

    /// The first normalized char that comes from raw char `raw` or after it (the
    /// map runs forward: normalization keeps the order of what it keeps).
    fn first_from(&self, raw: usize) -> Option<usize> {
        let k = self.raws.partition_point(|&r| (r as usize) <= raw);
        if k > 0 {
            let start = self.starts[k - 1] as usize;
            let len = self.starts.get(k).map_or(self.len as usize, |&s| s as usize) - start;
            let off = raw - self.raws[k - 1] as usize;
            if off < len {
                return Some(start + off);
            }
        }
        self.starts.get(k).map(|&s| s as usize)
    }

    /// Unmaps the last char.
    fn pop(&mut self) {
        if self.len == 0 {
            return;
        }
        self.len -= 1;
        if self.starts.last() == Some(&self.len) {
            self.starts.pop();
            self.raws.pop();
        }
    }

    fn get(&self, char_offset: usize) -> Option<usize> {
        if char_offset >= self.len as usize {
            return None;
        }
        let k = self.starts.partition_point(|&s| s as usize <= char_offset) - 1;
        Some(self.raws[k] as usize + (char_offset - self.starts[k] as usize))
    }
}

/// A page longer than this (a text without form feeds) is normalized in pieces of
/// about [`PIECE`] bytes, cut where no rejoining crosses (`lines::cut_near`), on
/// all cores, so that normalizing holds a piece's work, not the page's.
const LONG_PAGE: usize = 512 << 10;
const PIECE: usize = 256 << 10;
/// Pieces are normalized this many bytes of them at a time (on all cores from
/// [`crate::parallel::BYTES`]).
const BATCH: usize = 2 << 20;

/// A piece of a raw page to normalize: its page, its bytes, its first raw char, and
/// how it stands in its page.
struct Piece<'r> {
    page: usize,
    text: &'r str,
    raw_offset: u32,
    /// Its length in chars.
    chars: u32,
    first_of_page: bool,
    last_of_page: bool,
    /// A line break of the raw text comes right after it (cut there, written back).
    newline_after: bool,
}

/// The pieces of `raw`'s pages, in order: a page whole, or a long page cut.
fn pieces(raw: &RawDocument) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut raw_offset: u32 = 0;
    for (n, page) in raw.pages.iter().enumerate() {
        let mut at = 0;
        loop {
            let rest = &page[at..];
            let (end, next, newline) = if rest.len() > LONG_PAGE {
                let (cut, newline) = lines::cut_near(rest, PIECE);
                (if newline { cut - 1 } else { cut }, cut, newline)
            } else {
                (rest.len(), rest.len(), false)
            };
            let text = &rest[..end];
            let chars = text.chars().count() as u32;
            out.push(Piece {
                page: n,
                text,
                raw_offset,
                chars,
                first_of_page: at == 0,
                last_of_page: next == rest.len(),
                newline_after: newline,
            });
            raw_offset += chars + u32::from(newline);
            at += next;
            if at >= page.len() {
                break;
            }
        }
        // the form feed after the page
        raw_offset += 1;
    }
    out
}

const CHECKPOINT: usize = 1024;

/// The words of a page that have a box, in reading order.
fn drawn_in_order(words: &[crate::ingest::Word]) -> Vec<&crate::ingest::Word> {
    let mut v: Vec<_> = words.iter().filter(|w| w.x1 > w.x0 && w.size > 0.0).collect();
    v.sort_by_key(|w| w.start);
    v
}

/// How many bytes at the head of a page's text (`next`) end a sentence the page before
/// broke off (`before`, the text so far): by the geometry of both pages, the last line
/// before spans most of the column and ends inside a sentence, and the first line after
/// is body text that opens flush left, no indent, no bigger type. The bytes run to the
/// sentence's end (`。！？`) on that line, else the whole line; none where the pages have
/// no positioned words (a text input), so the surface alone never joins pages.
fn carried_over(
    before: &str,
    next: &str,
    prev: Option<&[crate::ingest::Word]>,
    this: Option<&[crate::ingest::Word]>,
) -> usize {
    let (Some(prev), Some(this)) = (prev, this) else { return 0 };
    let last = before.trim_end_matches('\n').rsplit(['\n', '\u{c}']).next().unwrap_or("").trim_end_matches(' ');
    let first = next.split('\n').next().unwrap_or("");
    let ends_inside = last
        .chars()
        .last()
        .is_some_and(|c| crate::chars::is_han(c) || c.is_ascii_alphanumeric() || "，、“（".contains(c));
    let body_line = |t: &str| matches!(classify_text(t), LineClass::Text);
    let opens_body = first.chars().next().is_some_and(|c| crate::chars::is_han(c) || c.is_ascii_alphanumeric());
    // (the line broken off may be an item's: `• …`, `1. …`)
    let item_or_body = matches!(classify_text(last), LineClass::Text | LineClass::Bullet | LineClass::Numbered);
    if last.chars().count() < 12 || !ends_inside || !item_or_body || !opens_body || !body_line(first) {
        return 0;
    }
    let (prev, this) = (drawn_in_order(prev), drawn_in_order(this));
    let (Some(&tail), Some(&head)) = (prev.last(), this.first()) else { return 0 };
    // the last line: the words level with the last one read
    let same_line = |a: &crate::ingest::Word, b: &crate::ingest::Word| a.y0 < b.y1 && b.y0 < a.y1;
    let line = || prev.iter().filter(|w| same_line(w, tail));
    let (line_left, right) =
        (line().map(|w| w.x0).fold(f32::MAX, f32::min), line().map(|w| w.x1).fold(f32::MIN, f32::max));
    let margin = prev.iter().map(|w| w.x1).fold(f32::MIN, f32::max);
    let column_left = prev.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
    // the column's left edge, on either page (a page of one line has no other)
    let left = this.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
    let mut sizes: Vec<f32> = this.iter().map(|w| w.size).collect();
    sizes.sort_by(f32::total_cmp);
    let body_size = sizes[sizes.len() / 2];
    // most of the column's width: a line a paragraph goes on from (ragged right where
    // Latin runs and figures wrap whole), not a short last line or a heading
    let full = right - line_left >= 0.6 * (margin - column_left) && line_left - column_left <= 3.0 * tail.size;
    let flush = head.x0 - left.min(column_left) <= 0.8 * head.size;
    if !full || !flush || head.size > 1.15 * body_size {
        return 0;
    }
    first.find(['。', '！', '？']).map_or(first.len(), |i| i + first[i..].chars().next().map_or(0, char::len_utf8))
}

impl Document {
    /// Normalizes the raw pages of `raw`, a batch of pieces at a time on all cores.
    pub fn from_raw(mut raw: RawDocument) -> Document {
        let _stage = crate::timing::start(crate::timing::Stage::Normalize);
        let many_pages = raw.pages.len() > 1;
        let pieces = pieces(&raw);
        let mut text = String::with_capacity(raw.pages.iter().map(|p| p.len() + 1).sum());
        let mut origin = Origin::default();
        let mut pages: Vec<Page> = Vec::with_capacity(raw.pages.len());
        // what the pieces of a page cut in pieces need of each other: their first and
        // last lines' widths (a page whole needs none). On this thread: a few lines a
        // piece (all of one of long lines), too little for threads to pay for their heaps
        let edges: Vec<lines::Edges> = pieces
            .iter()
            .map(|p| match p.first_of_page && p.last_of_page {
                true => lines::Edges::default(),
                false => lines::Edges::of(p.text),
            })
            .collect();
        let mut from = 0;
        while from < pieces.len() {
            let mut to = from;
            let mut bytes = 0;
            while to < pieces.len() && (to == from || bytes + pieces[to].text.len() <= BATCH) {
                bytes += pieces[to].text.len();
                to += 1;
            }
            let normalize = |k: usize| {
                let p = &pieces[k];
                // (on whichever thread runs it)
                let _stage = crate::timing::start(crate::timing::Stage::Normalize);
                // (with room for what cleaning adds: `• ` for a glyph, a space between
                // words rejoined; a piece that outgrows its buffer copies it whole)
                let mut out = String::with_capacity(p.text.len() + p.text.len() / 8 + 64);
                let mut origin = Origin::default();
                let marks = (p.first_of_page && many_pages, p.last_of_page && many_pages);
                let same_page = |j: &usize| pieces[*j].page == p.page;
                let before = (0..k).rev().take_while(same_page).map(|j| &edges[j]);
                let after = (k + 1..pieces.len()).take_while(same_page).map(|j| &edges[j]);
                let context = lines::Context::around(before, after);
                lines::normalize_page(p.text, p.raw_offset, marks, &context, &mut out, &mut origin);
                (out, origin)
            };
            let normalized = crate::parallel::map(to - from, bytes >= crate::parallel::BYTES, |i| normalize(from + i));
            for (piece, (piece_text, piece_origin)) in pieces[from..to].iter().zip(normalized) {
                let mut body = piece_text.as_str();
                // the chars of `piece_origin` that `body` starts at
                let mut body_char = 0;
                if piece.first_of_page {
                    if piece.page > 0 {
                        // a paragraph going on from the page before: the page break
                        // after the rest of its sentence (`…复合` / `增长率为40%。`)
                        let carried = carried_over(
                            &text,
                            body,
                            raw.words.get(piece.page - 1).map(Vec::as_slice),
                            raw.words.get(piece.page).map(Vec::as_slice),
                        );
                        if carried > 0 {
                            // the line break that ended the page goes: the line goes on
                            if text.ends_with('\n') {
                                text.pop();
                                origin.pop();
                            }
                            let chars = body[..carried].chars().count();
                            text.push_str(&body[..carried]);
                            origin.append(&piece_origin, 0..chars);
                            if let Some(page) = pages.last_mut() {
                                page.end = text.len();
                            }
                            body = &body[carried..];
                            body_char = chars;
                        }
                        text.push('\u{c}');
                        // (the map runs forward: a break carried on maps where the text
                        // after it comes from)
                        origin.push(if carried > 0 {
                            piece_origin.get(body_char).map_or(piece.raw_offset + piece.chars, |o| o as u32)
                        } else {
                            piece.raw_offset - 1
                        });
                    }
                    pages.push(Page { number: piece.page + 1, start: text.len(), end: text.len() });
                }
                text.push_str(body);
                origin.append(&piece_origin, body_char..piece_origin.len as usize);
                if piece.newline_after {
                    text.push('\n');
                    origin.push(piece.raw_offset + piece.chars);
                }
                if let Some(page) = pages.last_mut() {
                    page.end = text.len();
                }
            }
            from = to;
        }
        drop(pieces);
        let checkpoints = build_checkpoints(&text);
        let raw_words = std::mem::take(&mut raw.words);
        let words = place_words(&raw, raw_words, &origin, &text, &checkpoints);
        Document {
            path: raw.path,
            sha256: raw.sha256,
            format: raw.format,
            encoding: raw.encoding,
            text,
            pages,
            failed_pages: raw.failed_pages,
            diagnostics: raw.diagnostics,
            page_boxes: raw.page_boxes,
            words,
            origin,
            checkpoints,
        }
    }

    /// The box on its page of the text at bytes `bytes` of the normalized text: the
    /// union of the boxes of the words of its page that became part of it (a PDF's;
    /// none for a text, or where no word did).
    pub fn bbox_of(&self, bytes: std::ops::Range<usize>) -> Option<[f32; 4]> {
        let page = self.page_of(bytes.start);
        let words = self.words.get(page.checked_sub(1)?)?;
        let mut out: Option<[f32; 4]> = None;
        for w in words {
            let Some(span) = &w.span else { continue };
            if span.start < bytes.end && bytes.start < span.end {
                let b = [w.word.x0, w.word.y0, w.word.x1, w.word.y1];
                out = Some(match out {
                    None => b,
                    Some(o) => [o[0].min(b[0]), o[1].min(b[1]), o[2].max(b[2]), o[3].max(b[3])],
                });
            }
        }
        out
    }

    /// The byte offset of char offset `chars` of the normalized text.
    pub fn byte_offset(&self, chars: usize) -> usize {
        byte_of_char(&self.text, &self.checkpoints, chars)
    }

    /// The char offset of byte offset `byte` of the normalized text.
    pub fn char_offset(&self, byte: usize) -> usize {
        let (base, chars) = self.checkpoints[byte / CHECKPOINT];
        chars as usize + self.text[base as usize..byte].chars().count()
    }

    /// The 1-based page that byte offset `byte` of the normalized text falls on.
    pub fn page_of(&self, byte: usize) -> usize {
        let idx = self.pages.partition_point(|p| p.start <= byte);
        // a document of no pages (made by hand: ingest refuses them) is one blank page
        self.pages.get(idx.saturating_sub(1)).map_or(1, |p| p.number)
    }

    /// The char offset in the raw text that normalized char `char_offset` came from.
    pub fn original_offset(&self, char_offset: usize) -> Option<usize> {
        self.origin.get(char_offset)
    }

    /// Pages as (number, text) pairs.
    pub fn page_texts(&self) -> impl Iterator<Item = (usize, &str)> {
        self.pages.iter().map(|p| (p.number, &self.text[p.start..p.end]))
    }
}

/// A word of a PDF page and the bytes of the normalized text its text became (none
/// where normalization dropped it all).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedWord {
    pub word: crate::ingest::Word,
    pub span: Option<std::ops::Range<usize>>,
}

fn byte_of_char(text: &str, checkpoints: &[(u32, u32)], chars: usize) -> usize {
    let k = checkpoints.partition_point(|&(_, c)| c as usize <= chars).saturating_sub(1);
    let (base, counted) = checkpoints.get(k).copied().unwrap_or((0, 0));
    let rest = chars - counted as usize;
    text[base as usize..].char_indices().nth(rest).map_or(text.len(), |(i, _)| base as usize + i)
}

/// Where each word of each page landed in the normalized text.
fn place_words(
    raw: &RawDocument,
    raw_words: Vec<Vec<crate::ingest::Word>>,
    origin: &Origin,
    text: &str,
    checkpoints: &[(u32, u32)],
) -> Vec<Vec<PlacedWord>> {
    if raw_words.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    let pages_with_words = raw_words.len();
    let mut raw_words = raw_words.into_iter();
    let mut out = Vec::with_capacity(pages_with_words);
    let mut page_start = 0usize;
    // normalized char → byte, walking forward as the words go (back through a checkpoint)
    let (mut cur_char, mut cur_byte) = (0usize, 0usize);
    let mut byte_of = |chars: usize| {
        if chars < cur_char || chars - cur_char > CHECKPOINT {
            cur_byte = byte_of_char(text, checkpoints, chars);
            cur_char = chars;
            return cur_byte;
        }
        let step = text[cur_byte..].char_indices().nth(chars - cur_char).map_or(text.len() - cur_byte, |(i, _)| i);
        cur_byte += step;
        cur_char = chars;
        cur_byte
    };
    for (n, page) in raw.pages.iter().enumerate() {
        let words = raw_words.next().unwrap_or_default();
        let mut placed = Vec::with_capacity(words.len());
        // chars of the page before a byte, counted forward as the words go
        let (mut at_byte, mut at_char) = (0usize, 0usize);
        let mut char_of = |byte: usize| {
            let byte = byte.min(page.len());
            if byte < at_byte {
                (at_byte, at_char) = (0, 0);
            }
            at_char += page.get(at_byte..byte).map_or(0, |s| s.chars().count());
            at_byte = byte;
            at_char
        };
        for w in words {
            let (s, e) = (char_of(w.start as usize), char_of(w.end as usize));
            let span = (e > s)
                .then(|| {
                    let from = origin.first_from(page_start + s)?;
                    let to = origin.first_from(page_start + e).unwrap_or(origin.len as usize);
                    (to > from).then(|| byte_of(from)..byte_of(to))
                })
                .flatten();
            placed.push(PlacedWord { word: w, span });
        }
        if n < pages_with_words {
            out.push(placed);
        }
        page_start += page.chars().count() + 1;
    }
    out
}

/// Slot `k` holds (byte, chars) for the last char boundary at or before byte
/// `k * CHECKPOINT`, so counting can resume there for any later offset.
fn build_checkpoints(text: &str) -> Vec<(u32, u32)> {
    // for each slot of CHECKPOINT bytes, the last char boundary at or before it and
    // the chars before that boundary (counted a block at a time, not char by char)
    let mut out = Vec::with_capacity(text.len() / CHECKPOINT + 1);
    let (mut at, mut count) = (0usize, 0usize);
    for slot in (0..=text.len()).step_by(CHECKPOINT) {
        let b = crate::chars::floor_boundary(text, slot);
        count += text[at..b].chars().count();
        at = b;
        out.push((b as u32, count as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`build_checkpoints`] as it read the text: char by char.
    fn checkpoints_by_char(text: &str) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
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

    /// Checkpoints counted a block at a time are those counted char by char: on
    /// texts of one-, two-, three- and four-byte chars, some a checkpoint long exactly.
    #[test]
    fn checkpoints_are_counted_as_char_by_char() {
        let mut next = crate::random::xorshift(0xc4ec_4017);
        let pieces = ["a", "é", "中", "😀", "\n", "市场规模"];
        for n in [0, 1, 4095, 4096, 4097, 8192, 20000] {
            let mut t = "a".repeat(n);
            assert_eq!(build_checkpoints(&t), checkpoints_by_char(&t), "{n} bytes of a");
            while t.len() < n + 9000 {
                t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            assert_eq!(build_checkpoints(&t), checkpoints_by_char(&t), "{n} then mixed");
        }
        assert_eq!(build_checkpoints(""), [(0, 0)]);
    }

    fn raw(pages: Vec<String>) -> RawDocument {
        RawDocument {
            path: "t.txt".into(),
            sha256: String::new(),
            format: Format::Text,
            encoding: Some("utf-8"),
            pages,
            words: vec![],
            failed_pages: vec![],
            page_boxes: vec![],
            diagnostics: Default::default(),
        }
    }

    /// A page longer than LONG_PAGE, normalized in pieces, gives the text and the
    /// origins that normalizing it whole gives: lines rejoined across a wrap and a
    /// blank line, numbers, bullets, short title lines, all on both sides of the cuts.
    #[test]
    fn a_long_page_in_pieces_is_the_page_whole() {
        let units = [
            "p 储能电池出货量持续增长，预计到2030年全球市场规模将达\n到3000亿元，年复合增长率约为25％。\n\n工业机器人 服务机器人 特种机器人\n\n行业格局\n• 来源：某研究院，2025年3月\n12\n龙头企业份额超过三成，中小企业加速出清，竞争\n\n格局趋于稳定。\n",
            // full-width figures, a rate broken after 年复, a page number glued to a source
            // line, letter-spaced CJK
            "p 全球氢燃料电池市场规模在2024年约为１２.６亿美元，预计到2031年将达到96.2亿美元，年复\n合增长率达到33.6％。\n\n• 数据来源：某咨询公司，2025年4月7\n燃 料 电 池 的 展 望\n\n",
        ];
        for unit in units {
            long_page_of(unit);
        }
    }

    fn long_page_of(unit: &str) {
        let page = unit.repeat(LONG_PAGE / unit.len() + 200);
        let doc = Document::from_raw(raw(vec![page.clone()]));
        let (mut whole, mut origin) = (String::new(), Origin::default());
        lines::normalize_page(&page, 0, (false, false), &lines::Context::default(), &mut whole, &mut origin);
        assert!(pieces(&raw(vec![page])).len() >= 2);
        assert_eq!(doc.text.len(), whole.len());
        assert!(doc.text == whole, "the pieces' text differs from the whole page's");
        assert_eq!(doc.origin.len, origin.len);
        for i in (0..origin.len as usize).step_by(997) {
            assert_eq!(doc.original_offset(i), origin.get(i), "char {i}");
        }
        assert_eq!(doc.original_offset(origin.len as usize), None);
    }

    /// Each piece of a long page cut at line breaks is rejoined among the widths of
    /// the lines its neighbours' edges give: those that cleaning the raw text around it
    /// gives, near the cuts and across pieces of fewer lines than the window (long
    /// lines, one with a page number glued to its end, which cleans to two).
    #[test]
    fn a_pieces_context_is_its_neighbours_lines() {
        let short = "龙头企业份额超过三成，中小企业加速出清\n\n格局趋于稳定，\n2023年3月5\n• 来源：某研究院\n";
        let long = "储能电池出货量持续增长，需求旺盛".repeat(2000);
        let longs = format!("{long}\n{long}2025年3月5\n").repeat(20);
        for page in [short.repeat(3 * LONG_PAGE / short.len()), longs] {
            let doc = raw(vec![page]);
            let (all, page) = (pieces(&doc), &doc.pages[0]);
            assert!(all.len() >= 3 && all.iter().all(|p| p.last_of_page || p.newline_after));
            let edges: Vec<_> = all.iter().map(|p| lines::Edges::of(p.text)).collect();
            for (k, p) in all.iter().enumerate() {
                let start = p.text.as_ptr() as usize - page.as_ptr() as usize;
                let end = (start + p.text.len() + usize::from(p.newline_after)).min(page.len());
                let around = lines::Context::around(edges[..k].iter().rev(), edges[k + 1..].iter());
                assert_eq!(around, lines::Context::of(&page[..start], &page[end..]), "piece {k}");
            }
        }
    }

    /// A page of one long line is cut after sentence marks, and its pieces give the
    /// text and origins of the line normalized whole.
    #[test]
    fn a_page_of_one_line_in_pieces_is_the_page_whole() {
        long_page_of("全球氢燃料电池市场规模约为１２.６亿美元，年复合增长率达到33.6％。燃 料 电 池 的 展 望；");
    }

    /// Words of a page laid out one line per text line, each line a word, from `left`
    /// (10pt type, 15pt apart from the top): the first line indented by `indent`, the
    /// last `last_width` wide, the others 300pt.
    fn laid_out(page: &str, indent: f32, last_width: f32) -> Vec<crate::ingest::Word> {
        let lines: Vec<&str> = page.split('\n').filter(|l| !l.is_empty()).collect();
        let mut at = 0;
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let start = page[at..].find(line).unwrap() + at;
            at = start + line.len();
            let x0 = 100.0 + if i == 0 { indent } else { 0.0 };
            let width = if i + 1 == lines.len() { last_width } else { 300.0 };
            let y1 = 800.0 - 15.0 * i as f32;
            let text = line.to_string();
            out.push(crate::ingest::Word {
                x0,
                y0: y1 - 10.0,
                x1: x0 + width,
                y1,
                size: 10.0,
                text,
                start: start as u32,
                end: at as u32,
            });
        }
        out
    }

    fn pdf(pages: Vec<String>, words: Vec<Vec<crate::ingest::Word>>) -> RawDocument {
        RawDocument { format: Format::Pdf, encoding: None, words, ..raw(pages) }
    }

    /// A sentence a page breaks off goes on at the head of the next: by the geometry
    /// (a last line across most of the column, ending inside a sentence; a first line
    /// flush left), the page break comes after the rest of the sentence, and every
    /// char still maps to where it came from.
    #[test]
    fn a_sentence_broken_off_by_a_page_goes_on() {
        let one =
            "全球储能变流器市场需求旺盛。\n预计到2030年中国储能变流器市场规模将达到1200亿元，年复合\n".to_string();
        let two = "增长率约为18%。新的段落从这里开始。\n".to_string();
        let words = vec![laid_out(&one, 20.0, 290.0), laid_out(&two, 0.0, 200.0)];
        let doc = Document::from_raw(pdf(vec![one.clone(), two.clone()], words));
        assert_eq!(
            doc.text,
            "全球储能变流器市场需求旺盛。\n预计到2030年中国储能变流器市场规模将达到1200亿元，年复合增长率约为18%。\u{c}新的段落从这里开始。\n"
        );
        assert_eq!(doc.page_of(doc.text.find("增长率").unwrap()), 1);
        assert_eq!(doc.page_of(doc.text.find("新的").unwrap()), 2);
        // 增 is the first char of raw page 2 (after page 1 and its form feed)
        let raw_two = one.chars().count() + 1;
        assert_eq!(doc.original_offset(doc.char_offset(doc.text.find("增长率").unwrap())), Some(raw_two));
        assert_eq!(doc.original_offset(doc.char_offset(doc.text.find("新的").unwrap())), Some(raw_two + 9));
        // the words of page 2 still land on their text
        let new = doc.words[1].iter().find_map(|w| w.span.clone()).unwrap();
        assert_eq!(&doc.text[new.clone()][..9], "增长率");

        // an indented first line opens a paragraph; a short last line ends one; a
        // text input has no geometry: the page break stays where it is
        for (indent, last, words) in [(20.0, 290.0, true), (0.0, 120.0, true), (0.0, 290.0, false)] {
            let pages = vec![one.clone(), two.clone()];
            let w = if words { vec![laid_out(&one, 20.0, last), laid_out(&two, indent, 200.0)] } else { vec![] };
            let doc = Document::from_raw(pdf(pages, w));
            assert!(doc.text.contains("年复合\n\u{c}增长率"), "{indent} {last} {words}: {:?}", doc.text);
        }
    }

    /// A table's row (cells tab-separated) is a line of its own: the open line before
    /// it does not run into it, nor it into the next; its empty first cells keep their
    /// tabs, spaces beside a tab go, and a last figure is no page number.
    #[test]
    fn a_tabbed_row_stays_a_line() {
        let page = "逐年变化如下，其中\n\t2023\t2024 \t 2025E\n出货量\t120\t150\t 180\n合计\n".to_string();
        let doc = Document::from_raw(raw(vec![page.clone(), "下一页".into()]));
        assert_eq!(doc.text, "逐年变化如下，其中\n\t2023\t2024\t2025E\n出货量\t120\t150\t180\n合计\n\u{c}下一页");
        // the tab after 出货量 is the raw text's
        let at = doc.text.find("\t120").unwrap();
        assert_eq!(doc.original_offset(doc.char_offset(at)), Some(page.chars().position(|c| c == '量').unwrap() + 1));
    }

    /// A bullet glyph and the spaces after it become `• `, both from the glyph; the
    /// item's text maps to its own chars.
    #[test]
    fn a_bullet_maps_to_its_glyph() {
        let doc = Document::from_raw(raw(vec!["概述\n●  产能扩张\n•需求回暖\n".to_string()]));
        assert_eq!(doc.text, "概述\n• 产能扩张\n• 需求回暖\n");
        let origins: Vec<Option<usize>> = (0..doc.text.chars().count()).map(|i| doc.original_offset(i)).collect();
        let expected = [0, 1, 2, 3, 3, 6, 7, 8, 9, 10, 11, 11, 12, 13, 14, 15, 16];
        assert_eq!(origins, expected.map(Some));
    }

    #[test]
    fn origin_runs_map_every_char() {
        let mut o = Origin::default();
        for raw in [0, 1, 2, 5, 6, 9, 3, 4] {
            o.push(raw);
        }
        let got: Vec<Option<usize>> = (0..9).map(|i| o.get(i)).collect();
        assert_eq!(got, vec![Some(0), Some(1), Some(2), Some(5), Some(6), Some(9), Some(3), Some(4), None]);
        assert_eq!(o.starts, vec![0, 3, 5, 6]);
        // a run pushed whole maps as its chars pushed one by one
        let mut whole = Origin::default();
        for (raw, n) in [(0, 3), (5, 2), (9, 1), (3, 2), (5, 0)] {
            whole.push_run(raw, n);
        }
        assert_eq!((&whole.starts, &whole.raws, whole.len), (&o.starts, &o.raws, o.len));
        // a run that goes on from the last one joins it
        whole.push_run(5, 3);
        assert_eq!((whole.starts.len(), whole.len, whole.get(10)), (4, 11, Some(7)));
        // cut inside a run, then at a run's start
        whole.truncate(7);
        assert_eq!((whole.starts.len(), whole.len, whole.get(6), whole.get(7)), (4, 7, Some(3), None));
        whole.truncate(6);
        assert_eq!((&whole.starts, whole.len), (&vec![0, 3, 5], 6));
        // chars 1..7 of `o` appended after one char of its own
        let mut part = Origin::default();
        part.push(40);
        part.append(&o, 1..7);
        let got: Vec<Option<usize>> = (0..8).map(|i| part.get(i)).collect();
        assert_eq!(got, vec![Some(40), Some(1), Some(2), Some(5), Some(6), Some(9), Some(3), None]);
        part.append(&o, 7..20);
        assert_eq!((part.len, part.get(7)), (8, Some(4)));
    }
}
