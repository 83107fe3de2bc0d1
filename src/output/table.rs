//! The table view for a person at a terminal: one table per fact kind, of its
//! brief columns ([`crate::extract::registry`]) and its page.

use super::DocumentInfo;
use crate::check::{Check, Status};
use crate::extract::{Fact, KINDS};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(header.to_vec());
    t
}

/// The tables of one document, with everything from the document (its path, its
/// text) made [`super::terminal_safe`].
pub fn write_table(out: &mut dyn Write, doc: &DocumentInfo, facts: &[Fact], checks: &[Check]) -> std::io::Result<()> {
    let mut rendered = Vec::new();
    render_table(&mut rendered, doc, facts, checks)?;
    out.write_all(super::terminal_safe(&String::from_utf8_lossy(&rendered)).as_bytes())
}

fn render_table(out: &mut dyn Write, doc: &DocumentInfo, facts: &[Fact], checks: &[Check]) -> std::io::Result<()> {
    writeln!(out, "{} ({} pages, {} facts)", doc.path, doc.pages, facts.len())?;
    for kind in KINDS {
        let headers = (kind.headers)();
        let brief: Vec<bool> = headers.iter().map(|h| h.brief).collect();
        let mut names: Vec<&str> = headers.iter().filter(|h| h.brief).map(|h| h.name).collect();
        names.push("page");
        let mut t = table(&names);
        let mut count = 0;
        for fact in facts.iter().filter(|f| f.kind() == kind.name) {
            count += 1;
            let mut row: Vec<String> =
                fact.cells().iter().zip(&brief).filter(|(_, b)| **b).map(|(c, _)| c.human(true)).collect();
            row.push(fact.evidence().page.to_string());
            t.add_row(row);
        }
        writeln!(out, "\n{} ({count})", kind.name)?;
        if count > 0 {
            writeln!(out, "{t}")?;
        }
    }
    let warnings: Vec<&Check> = checks.iter().filter(|c| c.status == Status::Warning).collect();
    writeln!(out, "\nchecks ({} run, {} warnings)", checks.len(), warnings.len())?;
    for c in warnings {
        writeln!(out, "warning: page {}: {}", c.page, c.message)?;
    }
    Ok(())
}
