//! The table view for a person at a terminal: one table per fact kind, of its
//! brief columns ([`crate::extract::registry`]) and its page.
//!
//! Amounts read as Chinese reports write them (`15.9亿`, `840.1亿`, `1.65万亿`; the
//! currency in its column beside), right-aligned and never broken, like every
//! figure; the text columns (subject, source, title) take the width left and wrap.
//! The width is `COLUMNS` where it is set (a pipe into `less` too), else the
//! terminal's, else unbounded.

use super::DocumentInfo;
use crate::check::{Check, Status};
use crate::extract::registry::Cell;
use crate::extract::{Fact, KINDS};
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

/// Columns of figures and codes: never wrapped; figures right-aligned.
const FIGURES: &[&str] =
    &["value", "rate", "share", "year", "from_year", "to_year", "period_from", "period_to", "page"];
const CODES: &[&str] = &["region", "currency", "qualifier", "forecast", "date", "actor", "points"];

/// Below this width the tables put a currency beside its amount and shorten headers.
const NARROW: u16 = 110;

/// A header as a narrow table shows it.
fn short(name: &str) -> &str {
    match name {
        "qualifier" => "qual.",
        "forecast" => "fcst.",
        "from_year" | "period_from" => "from",
        "to_year" | "period_to" => "to",
        "region" => "reg.",
        "issuer" => "issuer",
        other => other,
    }
}

/// The width to lay the tables out in: `COLUMNS`, else the terminal's, else none.
fn width() -> Option<u16> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|&c| c >= 20);
    columns.or_else(|| Table::new().width())
}

/// `1590000000` → `15.9亿`, `1650000000000` → `1.65万亿`, `35000` → `3.5万`, `950` → `950`:
/// the scale word a report would use, at most four decimals.
pub fn chinese_amount(d: &crate::quantity::Decimal) -> String {
    let v = d.to_f64();
    let (scaled, word) = match v.abs() {
        a if a >= 1e12 => (v / 1e12, "万亿"),
        a if a >= 1e8 => (v / 1e8, "亿"),
        a if a >= 1e4 => (v / 1e4, "万"),
        _ => return super::grouped(d),
    };
    let s = format!("{scaled:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{word}")
}

fn table(header: &[&str], width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(header.to_vec());
    if let Some(w) = width {
        t.set_width(w);
    }
    t
}

/// The tables of one document, with everything from the document (its path, its
/// text) made [`super::terminal_safe`].
pub fn write_table(
    out: &mut dyn Write,
    doc: &DocumentInfo,
    facts: &[Fact],
    checks: &[Check],
    color: bool,
) -> std::io::Result<()> {
    let mut rendered = Vec::new();
    render_table(&mut rendered, doc, facts, checks, width())?;
    let safe = super::terminal_safe(&String::from_utf8_lossy(&rendered)).into_owned();
    if !color {
        return out.write_all(safe.as_bytes());
    }
    // (colored after the text is made safe: these escapes are ours)
    for line in safe.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let titled = KINDS.iter().any(|k| body.starts_with(k.name) && body.ends_with(')'));
        if titled || body.starts_with("checks (") {
            write!(out, "\x1b[1m{body}\x1b[0m")?;
        } else if body.starts_with("warning:") || body.starts_with("  ") && !body.trim().is_empty() {
            write!(out, "\x1b[33m{body}\x1b[0m")?;
        } else {
            write!(out, "{body}")?;
        }
        if line.ends_with('\n') {
            writeln!(out)?;
        }
    }
    Ok(())
}

/// A cell as the table (and the review page) shows it: amounts in the report's
/// scale words.
pub(crate) fn shown(name: &str, cell: &Cell) -> String {
    match cell {
        Cell::Number(d) if name == "value" => chinese_amount(d),
        other => other.human(true),
    }
}

/// `line` broken into lines of at most `width` columns (a CJK character counts two).
fn wrap(line: &str, width: Option<u16>) -> Vec<String> {
    let Some(width) = width.map(usize::from) else { return vec![line.to_string()] };
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in line.chars() {
        let w = if crate::chars::is_wide(c) { 2 } else { 1 };
        if used + w > width && used > 0 {
            out.push("  ".to_string());
            used = 2;
        }
        out.last_mut().expect("a line").push(c);
        used += w;
    }
    out
}

fn render_table(
    out: &mut dyn Write,
    doc: &DocumentInfo,
    facts: &[Fact],
    checks: &[Check],
    width: Option<u16>,
) -> std::io::Result<()> {
    writeln!(out, "{} ({} pages, {} facts)", doc.path, doc.pages, facts.len())?;
    for kind in KINDS {
        let headers = (kind.headers)();
        // narrow: the currency beside its amount in one cell, short headers
        let narrow = width.is_some_and(|w| w < NARROW);
        let has_value = headers.iter().any(|h| h.brief && h.name == "value");
        let keep = |name: &str| !(narrow && has_value && name == "currency");
        let mut names: Vec<&str> = headers.iter().filter(|h| h.brief && keep(h.name)).map(|h| h.name).collect();
        names.push("page");
        let shown_names: Vec<&str> = names.iter().map(|n| if narrow { short(n) } else { n }).collect();
        let mut t = table(&shown_names, width);
        let mut count = 0;
        for fact in facts.iter().filter(|f| f.kind() == kind.name) {
            count += 1;
            let cells = fact.cells();
            let currency = headers.iter().zip(&cells).find(|(h, _)| h.name == "currency").map(|(_, c)| c.human(true));
            let mut row: Vec<String> = headers
                .iter()
                .zip(&cells)
                .filter(|(h, _)| h.brief && keep(h.name))
                .map(|(h, c)| match (h.name, &currency) {
                    ("value", Some(cur)) if narrow && !matches!(c, Cell::Empty) => {
                        format!("{} {cur}", shown(h.name, c))
                    }
                    _ => shown(h.name, c),
                })
                .collect();
            row.push(fact.evidence().page.to_string());
            t.add_row(row);
        }
        for (i, name) in names.iter().enumerate() {
            let Some(column) = t.column_mut(i) else { continue };
            if FIGURES.contains(name) {
                column.set_cell_alignment(CellAlignment::Right);
            }
            if FIGURES.contains(name) || CODES.contains(name) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        writeln!(out, "\n{} ({count})", kind.name)?;
        if count > 0 {
            writeln!(out, "{t}")?;
        }
    }
    let warnings: Vec<&Check> = checks.iter().filter(|c| c.status == Status::Warning).collect();
    writeln!(out, "\nchecks ({} run, {} warnings)", checks.len(), warnings.len())?;
    for c in warnings {
        for line in wrap(&format!("warning: page {}: {}", c.page, c.message), width) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::chinese_amount;
    use crate::quantity::Decimal;

    #[test]
    fn amounts_in_the_reports_scale_words() {
        let shown = |s: &str| chinese_amount(&Decimal::parse(s).unwrap());
        assert_eq!(shown("1590000000"), "15.9亿");
        assert_eq!(shown("84010000000"), "840.1亿");
        assert_eq!(shown("1650000000000"), "1.65万亿");
        assert_eq!(shown("35000"), "3.5万");
        assert_eq!(shown("950"), "950");
        assert_eq!(shown("-250000000"), "-2.5亿");
        assert_eq!(shown("123456789"), "1.2346亿");
    }
}
