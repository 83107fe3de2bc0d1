//! The table view for a person at a terminal: one table per fact kind.

use super::DocumentInfo;
use crate::check::{Check, Status};
use crate::extract::Fact;
use crate::quantity::Decimal;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(header.to_vec());
    t
}

fn or_dash<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "-".to_string(), T::to_string)
}

/// `1590000000` → `1,590,000,000`; decimals keep their fraction.
pub fn grouped(d: &Decimal) -> String {
    let s = d.to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
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
    let mut markets =
        table(&["year", "region", "subject", "value", "currency", "approx", "forecast", "source", "page"]);
    let mut cagrs = table(&["rate %", "from", "to", "subject", "region", "source", "page"]);
    let mut sources = table(&["name", "date", "page", "attribution"]);
    let mut investments = table(&["actor", "program", "value", "currency", "qualifier", "deadline", "purpose", "page"]);
    let mut policies = table(&["title", "region", "date", "period", "focus", "page"]);
    let mut trends = table(&["section", "title", "points", "page"]);
    let mut challenges = table(&["section", "title", "points", "page"]);
    let mut counts = [0usize; 7];
    for fact in facts {
        let page = fact.evidence().page.to_string();
        match fact {
            Fact::MarketSize(m) => {
                counts[0] += 1;
                let approx = m.qualifier.map_or("-".to_string(), |q| {
                    serde_json::to_value(q).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                });
                markets.add_row(vec![
                    or_dash(&m.year),
                    or_dash(&m.region),
                    or_dash(&m.subject),
                    grouped(&m.value),
                    m.currency.to_string(),
                    approx,
                    if m.forecast { "forecast" } else { "actual" }.to_string(),
                    or_dash(&m.source),
                    page,
                ]);
            }
            Fact::Cagr(c) => {
                counts[1] += 1;
                cagrs.add_row(vec![
                    c.rate.to_string(),
                    or_dash(&c.from_year),
                    or_dash(&c.to_year),
                    or_dash(&c.subject),
                    or_dash(&c.region),
                    or_dash(&c.source),
                    page,
                ]);
            }
            Fact::Policy(p) => {
                counts[4] += 1;
                let period = match (p.period_from, p.period_to) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => "-".to_string(),
                };
                let focus: String = p.focus.as_deref().unwrap_or("-").chars().take(40).collect();
                policies.add_row(vec![p.title.clone(), or_dash(&p.region), or_dash(&p.date), period, focus, page]);
            }
            Fact::Investment(i) => {
                counts[3] += 1;
                let actor = match (&i.actor, i.actor_inferred_from) {
                    (Some(a), Some(from)) => format!("{a} (from {from})"),
                    (Some(a), None) => a.clone(),
                    _ => "-".to_string(),
                };
                let qual = i.qualifier.map_or("-".to_string(), |q| {
                    serde_json::to_value(q).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                });
                let value = match &i.converted {
                    Some(m) => format!("{} (≈ {} {})", grouped(&i.value), grouped(&m.value), m.currency),
                    None => grouped(&i.value),
                };
                investments.add_row(vec![
                    actor,
                    or_dash(&i.program),
                    value,
                    i.currency.to_string(),
                    qual,
                    or_dash(&i.deadline_year),
                    or_dash(&i.purpose),
                    page,
                ]);
            }
            Fact::Trend(o) | Fact::Challenge(o) => {
                let (i, t) = if fact.kind() == "trend" { (5, &mut trends) } else { (6, &mut challenges) };
                counts[i] += 1;
                t.add_row(vec![or_dash(&o.section), o.title.clone(), o.points.len().to_string(), page]);
            }
            Fact::Source(s) => {
                counts[2] += 1;
                sources.add_row(vec![s.name.clone(), or_dash(&s.date), page, s.text.clone()]);
            }
        }
    }
    for (title, count, t) in [
        ("market_size", counts[0], markets),
        ("cagr", counts[1], cagrs),
        ("investment", counts[3], investments),
        ("policy", counts[4], policies),
        ("source", counts[2], sources),
        ("trend", counts[5], trends),
        ("challenge", counts[6], challenges),
    ] {
        writeln!(out, "\n{title} ({count})")?;
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
