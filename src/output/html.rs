//! The review page (`report view`): one self-contained HTML file to check every
//! fact against its page.
//!
//! Left, the facts grouped by kind in the table view's columns (amounts as the
//! report writes them, `15.9亿`), with a filter box, a toggle per kind and the
//! warnings of the checks under the facts they concern. Right, the pages: a PDF
//! page is drawn from its positioned words, each at its box on a sheet of the
//! page's size, so that a table looks like a table; a text page is its normalized
//! text. Every fact's quote is wrapped in `<mark data-fact="N">` (the first piece
//! also `id="m-N"`, N the fact's index in the JSON output's `facts`); clicking a
//! fact scrolls to its mark, clicking a mark selects its fact, the arrow keys step
//! through the facts.
//!
//! Report text is text: everything that comes from the document is escaped, the
//! page loads nothing (no network, fonts, images or external scripts or styles),
//! and a Content-Security-Policy allows nothing but its own script and styles, by
//! their hashes. The page is well-formed XML too (every element closed, attributes
//! quoted, only XML's entities), so that a test can parse it strictly.
//!
//! A PDF page's sheet is its MediaBox (rotation aside), or where the layer did not
//! read the file, the extent of its words with margins as wide as those left and
//! below them.

use super::DocumentInfo;
use crate::check::{Check, Status};
use crate::extract::{Fact, KINDS};
use crate::normalize::Document;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;

/// The page's fixed style.
const STYLE: &str = include_str!("view.css");
/// The page's script: selection, filter, toggles, keys, and the self-test that the
/// browser test runs (`#selftest`).
const SCRIPT: &str = include_str!("view.js");

/// `s` escaped for text and for quoted attribute values. C0 controls but tab and
/// line feed are left out (neither HTML nor XML carries them).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) => {}
            // (noncharacters XML does not allow)
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// `'sha256-…'` of `text`, as a Content-Security-Policy source.
fn csp_hash(text: &str) -> String {
    use base64_lite::encode;
    format!("'sha256-{}'", encode(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 (the CSP hash's alphabet), for 32 bytes.
mod base64_lite {
    pub fn encode(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// A fact's quote in the document's text, bytes.
struct Span {
    fact: usize,
    kind: &'static str,
    bytes: Range<usize>,
}

/// The text of `text[range]`, escaped, with every span that meets it marked:
/// cut where any span starts or ends, each piece inside the `<mark>`s of the spans
/// over it. A fact's first piece anywhere carries its id.
fn marked(
    out: &mut String,
    text: &str,
    range: Range<usize>,
    spans: &[&Span],
    named: &mut HashSet<usize>,
    newline: &str,
) {
    let mut cuts = vec![range.start, range.end];
    for s in spans {
        for b in [s.bytes.start, s.bytes.end] {
            if b > range.start && b < range.end && text.is_char_boundary(b) {
                cuts.push(b);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let over: Vec<&&Span> =
            spans.iter().filter(|s| s.bytes.start <= a && s.bytes.end >= b && s.bytes.start < s.bytes.end).collect();
        for s in &over {
            let (f, k) = (s.fact, s.kind);
            if named.insert(f) {
                let _ = write!(out, "<mark class=\"m\" data-kind=\"{k}\" data-fact=\"{f}\" id=\"m-{f}\">");
            } else {
                let _ = write!(out, "<mark class=\"m\" data-kind=\"{k}\" data-fact=\"{f}\">");
            }
        }
        let piece = &text[a..b];
        if newline == "\n" {
            escape_into(out, piece);
        } else {
            escape_into(out, &piece.replace('\n', newline));
        }
        for _ in &over {
            out.push_str("</mark>");
        }
    }
}

/// The left pane: facts by kind, warnings against their facts.
fn facts_pane(out: &mut String, info: &DocumentInfo, facts: &[Fact], checks: &[Check]) {
    let warnings: Vec<&Check> = checks.iter().filter(|c| c.status == Status::Warning).collect();
    let _ = write!(
        out,
        "<header><h1>{}</h1><p>{} pages, {} facts, {} checks, {} warnings</p>\
         <input id=\"filter\" type=\"search\" placeholder=\"filter facts\" autocomplete=\"off\" />\
         <div id=\"kinds\">",
        escape(&info.path),
        info.pages,
        facts.len(),
        checks.len(),
        warnings.len()
    );
    for kind in KINDS {
        let n = facts.iter().filter(|f| f.kind() == kind.name).count();
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" checked=\"checked\" data-kind=\"{k}\" /> {k} ({n})</label>",
            k = kind.name
        );
    }
    out.push_str("</div></header>");
    for kind in KINDS {
        let listed: Vec<(usize, &Fact)> = facts.iter().enumerate().filter(|(_, f)| f.kind() == kind.name).collect();
        let headers = (kind.headers)();
        let names: Vec<&str> = headers.iter().filter(|h| h.brief).map(|h| h.name).collect();
        let _ = write!(out, "<section class=\"kind\" data-kind=\"{k}\"><h2>{k} ({})</h2>", listed.len(), k = kind.name);
        if listed.is_empty() {
            out.push_str("</section>");
            continue;
        }
        out.push_str("<table><thead><tr><th>#</th>");
        for n in &names {
            let _ = write!(out, "<th>{n}</th>");
        }
        out.push_str("<th>page</th></tr></thead><tbody>");
        for (i, fact) in listed {
            let cells = fact.cells();
            let concern: Vec<&&Check> = warnings.iter().filter(|c| c.facts.contains(&i)).collect();
            let class = if concern.is_empty() { "fact" } else { "fact warned" };
            let page = fact.evidence().page;
            let _ = write!(
                out,
                "<tr class=\"{class}\" id=\"f-{i}\" data-fact=\"{i}\" data-page=\"{page}\" tabindex=\"0\"><td>{i}</td>"
            );
            for (h, c) in headers.iter().zip(&cells).filter(|(h, _)| h.brief) {
                let _ = write!(out, "<td>{}</td>", escape(&super::table::shown(h.name, c)));
            }
            let _ = write!(out, "<td>{page}</td></tr>");
            for c in concern {
                let _ = write!(
                    out,
                    "<tr class=\"warning\" data-fact=\"{i}\"><td></td><td colspan=\"{}\">warning ({}): {}</td></tr>",
                    names.len() + 1,
                    escape(c.check),
                    escape(&c.message)
                );
            }
        }
        out.push_str("</tbody></table></section>");
    }
    let _ = write!(
        out,
        "<section class=\"checks\"><h2>checks ({} run, {} warnings)</h2><ul>",
        checks.len(),
        warnings.len()
    );
    for c in &warnings {
        let _ = write!(out, "<li>page {}: {}</li>", c.page, escape(&c.message));
    }
    out.push_str("</ul></section>");
}

/// The sheet a PDF page's words are drawn on: its size and the point of PDF user
/// space at its top left.
struct Sheet {
    width: f32,
    height: f32,
    left: f32,
    top: f32,
}

/// The page's MediaBox where the layer read one; else the extent of its words with
/// margins as wide as those left and below them.
fn sheet_of(media: Option<[f32; 4]>, words: &[crate::normalize::PlacedWord]) -> Sheet {
    if let Some([x0, y0, x1, y1]) = media {
        return Sheet { width: x1 - x0, height: y1 - y0, left: x0, top: y1 };
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, 0f32, 0f32);
    for w in words {
        let w = &w.word;
        if [w.x0, w.y0, w.x1, w.y1].iter().all(|v| v.is_finite()) {
            x0 = x0.min(w.x0);
            y0 = y0.min(w.y0);
            x1 = x1.max(w.x1);
            y1 = y1.max(w.y1);
        }
    }
    let (width, height) = match x0 > x1 {
        true => (595.0, 842.0),
        false => ((x1 + x0.max(0.0)).max(100.0), (y1 + y0.max(0.0)).max(100.0)),
    };
    Sheet { width, height, left: 0.0, top: height }
}

/// The right pane, and the style rules that place the PDF pages' words.
fn pages_pane(out: &mut String, places: &mut String, doc: &Document, spans: &[Span]) {
    let mut named = HashSet::new();
    for (index, page) in doc.pages.iter().enumerate() {
        let number = page.number;
        let on_page: Vec<&Span> =
            spans.iter().filter(|s| s.bytes.start < page.end.max(page.start + 1) && s.bytes.end > page.start).collect();
        let _ =
            write!(out, "<section class=\"page\" id=\"page-{number}\" data-page=\"{number}\"><h3>page {number}</h3>");
        let words = doc.words.get(index).map(Vec::as_slice).unwrap_or_default();
        let body = &doc.text[page.start..page.end];
        if body.trim().is_empty() {
            let why = if doc.failed_pages.contains(&number) {
                "This page could not be decoded."
            } else {
                "This page has no text (a scan, or a picture of text: run OCR first)."
            };
            let _ = write!(out, "<p class=\"empty\">{why}</p></section>");
            continue;
        }
        // a PDF page is drawn from its words where every fact on it meets one of them
        // (a text's words are laid out by us, for its tables: it is shown as text)
        let placed: Vec<&crate::normalize::PlacedWord> = words.iter().filter(|w| w.span.is_some()).collect();
        let drawn = doc.format == crate::ingest::Format::Pdf
            && !placed.is_empty()
            && on_page.iter().all(|s| {
                placed.iter().any(|w| w.span.as_ref().is_some_and(|r| r.start < s.bytes.end && r.end > s.bytes.start))
            });
        if drawn {
            let sheet = sheet_of(doc.page_boxes.get(index).copied().flatten(), words);
            let _ = write!(places, "#s{number}{{width:{:.1}pt;height:{:.1}pt}}", sheet.width, sheet.height);
            let _ = write!(out, "<div class=\"sheet\" id=\"s{number}\" data-width=\"{:.1}\">", sheet.width);
            for (k, w) in words.iter().enumerate() {
                let b = &w.word;
                if ![b.x0, b.y0, b.x1, b.y1, b.size].iter().all(|v| v.is_finite()) {
                    continue;
                }
                let size = if b.size > 0.5 { b.size } else { (b.y1 - b.y0).max(4.0) };
                let _ = write!(
                    places,
                    "#w{number}-{k}{{left:{:.1}pt;top:{:.1}pt;font-size:{:.1}pt}}",
                    b.x0 - sheet.left,
                    sheet.top - b.y1,
                    size
                );
                let _ = write!(out, "<span class=\"w\" id=\"w{number}-{k}\">");
                match &w.span {
                    Some(r) if doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end) => {
                        let meets: Vec<&Span> = on_page
                            .iter()
                            .copied()
                            .filter(|s| s.bytes.start < r.end && s.bytes.end > r.start)
                            .collect();
                        marked(out, &doc.text, r.clone(), &meets, &mut named, " ");
                    }
                    _ => escape_into(out, &b.text.replace('\n', " ")),
                }
                out.push_str("</span>");
            }
            out.push_str("</div></section>");
        } else {
            out.push_str("<pre class=\"text\">");
            marked(out, &doc.text, page.start..page.end, &on_page, &mut named, "\n");
            out.push_str("</pre></section>");
        }
    }
}

/// The review page of one document.
pub fn write_html(out: &mut dyn Write, doc: &Document, facts: &[Fact], checks: &[Check]) -> std::io::Result<()> {
    let info = DocumentInfo::of(doc);
    let spans: Vec<Span> = facts
        .iter()
        .enumerate()
        .map(|(fact, f)| {
            let e = f.evidence();
            Span { fact, kind: f.kind(), bytes: doc.byte_offset(e.start)..doc.byte_offset(e.end) }
        })
        .collect();
    let mut left = String::new();
    facts_pane(&mut left, &info, facts, checks);
    let mut right = String::new();
    let mut places = String::new();
    pages_pane(&mut right, &mut places, doc, &spans);
    for kind in KINDS {
        // a kind toggled off leaves its marks unpainted
        let _ = write!(places, "body.no-{k} mark[data-kind=\"{k}\"]{{background:none;outline:none}}", k = kind.name);
    }
    let style = format!("{STYLE}{places}");
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(&style)
    );
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\" />\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\" />\
         <meta name=\"viewport\" content=\"width=device-width\" /><title>{title} — report view</title>\
         <style>{style}</style></head><body><div id=\"facts\">{left}</div><div id=\"pages\">{right}</div>\
         <script>{SCRIPT}</script></body></html>\n",
        title = escape(&info.path),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_text_is_escaped() {
        assert_eq!(escape("<img src=x onerror=\"a&b\">'"), "&lt;img src=x onerror=&quot;a&amp;b&quot;&gt;&#39;");
        assert_eq!(escape("a\u{0}b\u{1b}[31m\u{85}c\nd\te\u{ffff}"), "ab[31mc\nd\te");
    }

    #[test]
    fn the_policy_hash_is_base64_of_sha256() {
        // (sha256 of the empty string, as browsers and `openssl dgst -binary | base64` give it)
        assert_eq!(csp_hash(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
        assert_eq!(base64_lite::encode(b"ab"), "YWI=");
        assert_eq!(base64_lite::encode(b"abcd"), "YWJjZA==");
    }

    #[test]
    fn overlapping_quotes_nest_their_marks() {
        let text = "甲乙丙丁戊";
        // 乙丙丁 is fact 0's, 丙丁戊 fact 1's (3 bytes a char)
        let a = Span { fact: 0, kind: "cagr", bytes: 3..12 };
        let b = Span { fact: 1, kind: "policy", bytes: 6..15 };
        let mut out = String::new();
        let mut named = HashSet::new();
        marked(&mut out, text, 0..15, &[&a, &b], &mut named, "\n");
        assert_eq!(
            out,
            "甲<mark class=\"m\" data-kind=\"cagr\" data-fact=\"0\" id=\"m-0\">乙</mark>\
             <mark class=\"m\" data-kind=\"cagr\" data-fact=\"0\">\
             <mark class=\"m\" data-kind=\"policy\" data-fact=\"1\" id=\"m-1\">丙丁</mark></mark>\
             <mark class=\"m\" data-kind=\"policy\" data-fact=\"1\">戊</mark>"
        );
    }
}
