//! Markdown: a table per fact kind, for reports and pull requests.

use super::DocumentInfo;
use crate::check::{Check, Status};
use crate::extract::Fact;
use std::io::Write;

/// A table cell: pipes escaped, line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "-".to_string(), |x| cell(&x.to_string()))
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
    let (mut markets, mut cagrs, mut sources, mut investments) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut policies = Vec::new();
    let (mut trends, mut challenges) = (Vec::new(), Vec::new());
    for f in facts {
        let page = f.evidence().page.to_string();
        match f {
            Fact::MarketSize(m) => markets.push(vec![
                opt(&m.year),
                opt(&m.region),
                opt(&m.subject),
                super::table::grouped(&m.value),
                m.currency.to_string(),
                if m.approx { "approx" } else { "exact" }.to_string(),
                if m.forecast { "forecast" } else { "actual" }.to_string(),
                opt(&m.source),
                page,
            ]),
            Fact::Cagr(c) => cagrs.push(vec![
                format!("{}%", c.rate),
                opt(&c.from_year),
                opt(&c.to_year),
                opt(&c.subject),
                opt(&c.region),
                opt(&c.source),
                page,
            ]),
            Fact::Source(s) => sources.push(vec![cell(&s.name), opt(&s.date), page]),
            Fact::Policy(p) => policies.push(vec![cell(&p.title), opt(&p.region), opt(&p.date), page]),
            Fact::Trend(o) | Fact::Challenge(o) => {
                let row = vec![cell(&o.title), opt(&o.section), o.points.len().to_string(), page];
                if f.kind() == "trend" { trends.push(row) } else { challenges.push(row) }
            }
            Fact::Investment(i) => investments.push(vec![
                opt(&i.actor),
                opt(&i.program),
                super::table::grouped(&i.value),
                i.currency.to_string(),
                opt(&i.deadline_year),
                opt(&i.purpose),
                page,
            ]),
        }
    }
    table(
        out,
        "market_size",
        &["year", "region", "subject", "value", "currency", "approx", "forecast", "source", "page"],
        &markets,
    )?;
    table(out, "cagr", &["rate", "from", "to", "subject", "region", "source", "page"], &cagrs)?;
    table(out, "investment", &["actor", "program", "value", "currency", "deadline", "purpose", "page"], &investments)?;
    table(out, "policy", &["title", "region", "date", "page"], &policies)?;
    table(out, "source", &["name", "date", "page"], &sources)?;
    table(out, "trend", &["title", "section", "points", "page"], &trends)?;
    table(out, "challenge", &["title", "section", "points", "page"], &challenges)?;
    let warnings: Vec<&Check> = checks.iter().filter(|c| c.status == Status::Warning).collect();
    if !warnings.is_empty() {
        writeln!(out, "\n### warnings\n")?;
        for c in warnings {
            writeln!(out, "- page {}: {}", c.page, cell(&c.message))?;
        }
    }
    Ok(())
}
