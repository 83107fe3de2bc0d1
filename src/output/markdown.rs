//! Markdown: a table per fact kind (its brief columns and its page), for reports
//! and pull requests.

use super::DocumentInfo;
use crate::check::{Check, Status};
use crate::extract::{Fact, KINDS};
use std::io::Write;

/// Report text as Markdown text, never markup: HTML's `<`, `>` and `&` as entities
/// (`<script>` stays text), the punctuation that makes emphasis, links, code, headings
/// and tables backslash-escaped (`*…*`, `[…](…)`, backticks, `|`), line breaks as spaces.
pub(crate) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '*' | '_' | '[' | ']' | '(' | ')' | '`' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn table(out: &mut dyn Write, title: &str, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    writeln!(out, "\n### {title} ({})\n", rows.len())?;
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(header.len()))?;
    for r in rows {
        writeln!(out, "| {} |", r.join(" | "))?;
    }
    Ok(())
}

pub fn write_markdown(
    out: &mut dyn Write,
    doc: &DocumentInfo,
    facts: &[Fact],
    checks: &[Check],
) -> std::io::Result<()> {
    writeln!(out, "## {} ({} pages, {} facts)", cell(&doc.path), doc.pages, facts.len())?;
    for kind in KINDS {
        let headers = (kind.headers)();
        let brief: Vec<bool> = headers.iter().map(|h| h.brief).collect();
        let mut names: Vec<&str> = headers.iter().filter(|h| h.brief).map(|h| h.name).collect();
        names.push("page");
        let rows: Vec<Vec<String>> = facts
            .iter()
            .filter(|f| f.kind() == kind.name)
            .map(|f| {
                let mut row: Vec<String> =
                    f.cells().iter().zip(&brief).filter(|(_, b)| **b).map(|(c, _)| cell(&c.human(true))).collect();
                row.push(f.evidence().page.to_string());
                row
            })
            .collect();
        table(out, kind.name, &names, &rows)?;
    }
    let warnings: Vec<&Check> = checks.iter().filter(|c| c.status == Status::Warning).collect();
    if !warnings.is_empty() {
        writeln!(out, "\n### warnings\n")?;
        for c in warnings {
            writeln!(out, "- page {}: {}", c.page, cell(&c.message))?;
        }
    }
    Ok(())
}
