//! Extract: typed facts from a normalized document, one module per fact kind.
//! Every fact carries [`Evidence`]: the page, the char span and the sentence it
//! came from.

pub mod cagr;
pub mod context;
pub(crate) mod from_tables;
pub mod investment;
pub mod market_share;
pub mod market_size;
pub mod outline;
pub mod policy;
pub mod registry;
pub mod source;

pub use cagr::Cagr;
pub use investment::Investment;
pub use market_share::MarketShare;
pub use market_size::MarketSize;
pub use outline::OutlineItem;
pub use policy::Policy;
pub use registry::{Fact, KINDS};
pub use source::Source;

use crate::normalize::Document;
use crate::quantity::Decimal;
use context::{Context, Sentence};
use registry::Part;
use serde::Serialize;

/// Where a fact came from. `start`/`end` are char offsets (Unicode scalar values)
/// into the normalized text that `report text` prints; `quote` is that slice.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// 1-based page number.
    #[schemars(range(min = 1))]
    pub page: usize,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    /// For a fact from a table: the cell's text, which is what `start`..`end` hold
    /// (`quote` then reads as its row, column and cell); absent for running text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Where the fact stands on its PDF page: the box of the words of its evidence
    /// (a table cell's own), x0, y0, x1, y1 in PDF user space (points, y up); absent
    /// for a text input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

/// An amount of money in a currency.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub value: Decimal,
    /// ISO 4217.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: &'static str,
}

/// A fact found at a byte position of the normalized text (for ordering and binding).
pub(crate) struct Found<T> {
    /// Where the fact is anchored (its amount, keyword or label): orders the output.
    pub at: usize,
    /// The bytes of its evidence: binds it to the nearest source.
    pub span: std::ops::Range<usize>,
    pub fact: T,
}

/// All the facts in `doc`, in the order they appear.
pub fn extract(doc: &Document) -> Vec<Fact> {
    extract_in(&Context::new(doc))
}

/// All the facts of the document of `ctx` (its sentences and quantities, found once
/// and shared with the consistency checks).
pub fn extract_in(ctx: &Context) -> Vec<Fact> {
    let sources = source::extract(ctx);
    let report_date = source::latest_date(&sources).or_else(|| first_page_date(ctx.doc));
    let nearest = source::Nearest::new(&sources);
    let tables = crate::tables::tables(ctx.doc);
    let named = policy::Named::of(ctx.doc);
    extract_part(ctx, &tables, &sources, &nearest, report_date, &named)
}

/// The tables of the part at bytes `range` of `doc`'s text: those of the pages that
/// begin in it (a page cut between parts is its first part's).
fn tables_of<'t>(
    doc: &Document,
    tables: &'t [crate::tables::Table],
    range: &std::ops::Range<usize>,
) -> &'t [crate::tables::Table] {
    let begins_here = |t: &crate::tables::Table| doc.pages.get(t.page - 1).is_some_and(|p| p.start >= range.start);
    let from = tables.partition_point(|t| !begins_here(t));
    let to = tables.partition_point(|t| doc.pages.get(t.page - 1).is_some_and(|p| p.start < range.end));
    &tables[from..to.max(from)]
}

/// The facts of the part of a document that `ctx` covers: `sources` are the part's
/// own attributions (reported), `nearest` binds facts to those of the whole document.
fn extract_part(
    ctx: &Context,
    tables: &[crate::tables::Table],
    sources: &[Found<Source>],
    nearest: &source::Nearest,
    report_date: Option<(i32, u32)>,
    named: &policy::Named,
) -> Vec<Fact> {
    let _stage = crate::timing::start(crate::timing::Stage::Extract);
    let mut part = Part { ctx, sources, nearest, report_date, tables, policy_names: named, found: Vec::new() };
    for kind in KINDS {
        if let Some(extract) = kind.extract {
            let found = extract(&part);
            part.found.push(found);
        }
    }
    let mut all = crate::parallel::joined(part.found);
    // every fact of a PDF gets the box of its evidence on its page (a table's, its cell's)
    if ctx.doc.format == crate::ingest::Format::Pdf {
        for f in &mut all {
            if f.fact.evidence().bbox.is_none() {
                f.fact.evidence_mut().bbox = ctx.doc.bbox_of(f.span.clone());
            }
        }
    }
    // in text order; at one place, in the order of the kinds
    all.sort_by_cached_key(|f| (f.at, registry::rank(f.fact.kind())));
    all.into_iter().map(|f| f.fact).collect()
}

/// A part of a long document is at most this many bytes of normalized text, or
/// this many lines: what a part holds (its sentences, quantities and lines) is then
/// bounded, whatever the document's length. Real reports are one part.
pub const PART_BYTES: usize = 4 << 20;
pub const PART_LINES: usize = 1 << 17;

/// The facts of `doc`, in text order. A document longer than one part ([`PART_BYTES`],
/// [`PART_LINES`]) is read a part at a time, cut at a page break, else at the end
/// of a sentence's line: only the facts of the parts read stay, not their
/// sentences and quantities. What needs the whole document comes first: its
/// running headers and furniture ([`crate::structure::Layout`]), its data sources
/// (for the report's date and to bind facts to). A policy or an outline item
/// already found in an earlier part is not repeated.
pub fn extract_document(doc: &Document) -> Vec<Fact> {
    extract_in_parts(doc, PART_BYTES, PART_LINES)
}

/// [`extract_document`] with parts of at most `part_bytes` bytes and `part_lines` lines.
pub fn extract_in_parts(doc: &Document, part_bytes: usize, part_lines: usize) -> Vec<Fact> {
    let layout = crate::structure::Layout::of(doc);
    let parts = parts(doc, part_bytes, part_lines);
    if parts.len() == 1 {
        let ctx = Context::over(doc, parts[0].clone(), &layout);
        return extract_in(&ctx);
    }
    // the sources of all parts, in order, and where each part's begin
    let mut sources: Vec<Found<Source>> = Vec::new();
    let mut firsts = Vec::with_capacity(parts.len() + 1);
    for r in &parts {
        firsts.push(sources.len());
        sources.extend(source::extract(&Context::lines_only(doc, r.clone())));
    }
    firsts.push(sources.len());
    let report_date = source::latest_date(&sources).or_else(|| first_page_date(doc));
    let nearest = source::Nearest::new(&sources);
    let tables = crate::tables::tables(doc);
    let named = policy::Named::of(doc);
    let mut facts = Vec::new();
    let mut seen_policies = std::collections::HashSet::new();
    let mut seen_items = std::collections::HashSet::new();
    for (range, own) in parts.into_iter().zip(firsts.windows(2).map(|w| &sources[w[0]..w[1]])) {
        let part_tables = tables_of(doc, &tables, &range);
        let ctx = Context::over(doc, range, &layout);
        // within a part as in a whole document; across parts, the first mention only
        let (mut policies, mut items) = (Vec::new(), Vec::new());
        let found = extract_part(&ctx, part_tables, own, &nearest, report_date, &named);
        // (room for the part's facts at once, not a doubling at each push)
        facts.reserve(found.len());
        for f in found {
            let earlier = match &f {
                Fact::Policy(p) => {
                    let key = policy::key(&p.title);
                    let seen = seen_policies.contains(&key);
                    policies.push(key);
                    seen
                }
                Fact::Trend(t) | Fact::Challenge(t) => {
                    let key = (f.kind(), t.section.clone(), t.title.clone());
                    let seen = seen_items.contains(&key);
                    items.push(key);
                    seen
                }
                _ => false,
            };
            if !earlier {
                facts.push(f);
            }
        }
        seen_policies.extend(policies);
        seen_items.extend(items);
    }
    facts
}

/// The parts of `doc` (byte ranges of its normalized text, whole lines): one for a
/// document of up to `part_bytes` and `part_lines`.
pub fn parts(doc: &Document, part_bytes: usize, part_lines: usize) -> Vec<std::ops::Range<usize>> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let rest = &text[start..];
        let limit = crate::chars::floor_boundary(rest, part_bytes.max(1));
        // the byte where the part is full, by bytes or by lines
        let full = memchr::memchr_iter(b'\n', &rest.as_bytes()[..limit]).nth(part_lines).unwrap_or(limit);
        if full >= rest.len() {
            out.push(start..text.len());
            return out;
        }
        let (cut, skip) = part_cut(rest, full);
        out.push(start..start + cut);
        start += cut + skip;
    }
}

/// Where to end a part that is full at byte `full` of `rest`: at the last page break
/// in the second half of it, else the last line break after a sentence's end, else
/// the last line break, else at `full` (a line with no break). The cut, and the
/// length of the break there, which belongs to neither part.
fn part_cut(rest: &str, full: usize) -> (usize, usize) {
    let from = crate::chars::floor_boundary(rest, full / 2);
    let window = &rest[from..full];
    if let Some(i) = window.rfind('\u{c}') {
        return (from + i, 1);
    }
    let ends_sentence = |i: usize| {
        rest[..from + i].trim_end_matches(' ').chars().next_back().is_some_and(|c| "。！？!?；;".contains(c))
    };
    let breaks = || window.rmatch_indices('\n').map(|(i, _)| i);
    if let Some(i) = breaks().take(4096).find(|&i| ends_sentence(i)) {
        return (from + i, 1);
    }
    match breaks().next() {
        Some(i) => (from + i, 1),
        None => (full, 0),
    }
}

/// The first year-month on page 1: a report's cover date, where no source is dated.
fn first_page_date(doc: &Document) -> Option<(i32, u32)> {
    let page = doc.pages.first()?;
    let text = &doc.text[page.start..page.end];
    crate::quantity::first_date(&text[..crate::chars::floor_boundary(text, 1 << 20)])
}

/// Evidence for a sentence.
pub(crate) fn evidence(ctx: &Context, s: &Sentence) -> Evidence {
    Evidence {
        page: s.page,
        start: ctx.doc.char_offset(s.start),
        end: ctx.doc.char_offset(s.end),
        quote: ctx.text(s.start..s.end).to_string(),
        cell: None,
        bbox: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let raw = crate::ingest::from_bytes(std::path::Path::new("t.txt"), text.as_bytes()).unwrap();
        Document::from_raw(raw)
    }

    fn render(f: &Fact) -> String {
        serde_json::to_string(f).unwrap()
    }

    /// A document read in parts gives the facts of the document read whole, evidence
    /// and all, but for a policy named again in a later part: reported once.
    #[test]
    fn a_document_in_parts_is_the_document_whole() {
        let unit = "来源：某咨询公司，2025年6月\n2024年全球储能电池市场规模约为320亿美元，预计2030年将达到910亿美元，年复合增长率约19%。\n工信部印发《新型储能制造业高质量发展行动方案》。\n各地发布《促进条例》。\n\n";
        // a name given a policy in the first part is that policy's in every part
        let text = "国务院印发《数据要素流通促进条例》（以下简称《促进条例》）。\n\n".to_string() + &unit.repeat(40);
        let d = doc(&text);
        assert_eq!(parts(&d, PART_BYTES, PART_LINES).len(), 1);
        let small = parts(&d, 900, 1000);
        assert!(small.len() >= 5, "{} parts", small.len());
        // whole lines, in order, nothing between them but the line break cut at
        for w in small.windows(2) {
            assert_eq!(w[1].start, w[0].end + 1);
            assert!(matches!(&d.text[w[0].end..w[1].start], "\n" | "\u{c}"));
        }
        let whole = extract_document(&d);
        let parted = extract_in_parts(&d, 900, 1000);
        let policies = |e: &[Fact]| e.iter().filter(|f| matches!(f, Fact::Policy(_))).count();
        assert_eq!(policies(&whole), 2);
        assert_eq!(policies(&parted), 2);
        let others = |e: &[Fact]| e.iter().filter(|f| !matches!(f, Fact::Policy(_))).map(render).collect::<Vec<_>>();
        // a source, two market sizes and a CAGR a unit
        assert_eq!(others(&whole).len(), 40 * 4);
        assert_eq!(others(&whole), others(&parted));
        assert_eq!(crate::check::run(&whole), crate::check::run(&parted));
    }

    #[test]
    fn a_line_longer_than_a_part_is_cut_at_a_char() {
        let text = "规模".repeat(1000);
        let d = doc(&text);
        let p = parts(&d, 100, 10);
        assert_eq!(p.first().map(|r| r.start), Some(0));
        assert_eq!(p.last().map(|r| r.end), Some(text.len()));
        for w in p.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        assert!(p.iter().all(|r| d.text.is_char_boundary(r.start) && r.len() <= 100));
    }
}
