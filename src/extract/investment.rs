//! `investment`: money committed, raised or spent by a country, bloc or organisation
//! (`将斥资逾3亿欧元新建两座氢能示范园区`).
//!
//! An amount counts when an investment word (`data/keywords.tsv`: 投资, 斥资, 筹集,
//! 提供, 建设价值, ...) stands before it in its own clause, and that clause is no
//! market size's. The actor is
//! a country or bloc named in the sentence; where a table lost it, it is inferred
//! from a place (`在美国各地` → US) or the currency (日元 → JP, 英镑 → GB, 欧元 → EU),
//! and `actor_inferred_from` says which. The program is a quoted name or a short
//! line ending in 计划/项目/... on the same line or within two lines around; a
//! restatement in brackets (`（约650亿美元）`) is kept as `converted`.

use super::Evidence;
use super::context::{Context, Role, clauses, has_keyword, market_keywords, region_in};
use super::registry::{Cell, Column, Fact, Part};
use super::{Found, Money, evidence};
use crate::quantity::{Decimal, Qualifier};
use crate::quantity::{Relative, Value};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The columns of an investment, in the order the views show them.
pub static COLUMNS: &[Column<Investment>] = &[
    Column::brief("actor", |i| Cell::text(&i.actor)),
    Column::brief("actor_inferred_from", |i| Cell::code(i.actor_inferred_from)),
    Column::brief("program", |i| Cell::text(&i.program)),
    Column::brief("value", |i| Cell::Number(i.value.clone())),
    Column::brief("currency", |i| Cell::Code(i.currency)),
    Column::brief("qualifier", |i| Cell::qualifier(i.qualifier)),
    Column::brief("converted_value", |i| i.converted.as_ref().map_or(Cell::Empty, |m| Cell::Number(m.value.clone()))),
    Column::brief("converted_currency", |i| Cell::code(i.converted.as_ref().map(|m| m.currency))),
    Column::full("horizon_years", |i| Cell::int(i.horizon_years)),
    Column::brief("deadline_year", |i| Cell::int(i.deadline_year)),
    Column::brief("purpose", |i| Cell::text(&i.purpose)),
    Column::full("source", |i| Cell::text(&i.source)),
];

/// The investments of a part, each bound to its nearest data source.
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    extract(part.ctx)
        .into_iter()
        .map(|mut f| {
            f.fact.source = part.source_of(f.span.clone());
            Found { at: f.at, span: f.span, fact: Fact::Investment(f.fact) }
        })
        .collect()
}

/// Money committed, raised or spent by a country, bloc or organisation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Investment {
    /// Who commits it: an ISO 3166 code, `EU`, or null.
    pub actor: Option<String>,
    /// How the actor was found where the text does not name it: `currency` or
    /// `place name`; null when the text names it.
    pub actor_inferred_from: Option<&'static str>,
    /// The program's name (`星际之门`, `人工智能机遇行动计划`).
    pub program: Option<String>,
    pub value: Decimal,
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: &'static str,
    /// at_least (至少), over (逾, 超过), approx (约), ...
    pub qualifier: Option<Qualifier>,
    /// The same amount restated in another currency (`（约650亿美元）`).
    pub converted: Option<Money>,
    /// Over how many years from now (`未来四年` → 4).
    pub horizon_years: Option<i32>,
    /// The year it is due by (`2030财年前` → 2030).
    pub deadline_year: Option<i32>,
    /// What it is for, as written.
    pub purpose: Option<String>,
    pub source: Option<String>,
    pub evidence: Evidence,
}

/// A program's name: in Chinese quotes, or a short line ending in a program word.
static PROGRAM_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.{0,12}“(?P<q>[^”]{2,20})”.{0,12}|(?P<l>.{2,24}(?:计划|项目|行动计划|倡议|战略|法案|基金|工程)))$")
        .unwrap()
});
/// A program word ending the text before an amount on the same line.
static PROGRAM_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<p>.{2,24}(?:计划|项目|倡议|战略|法案|基金|工程))\s").unwrap());

/// Currencies that name the one economy that issues them.
fn actor_of_currency(code: &str, sentence: &str) -> Option<&'static str> {
    Some(match code {
        "JPY" => "JP",
        "GBP" => "GB",
        "CNY" => "CN",
        "KRW" => "KR",
        "INR" => "IN",
        "EUR" if sentence.contains("欧洲") || sentence.contains("欧盟") => "EU",
        "EUR" => "EU",
        _ => return None,
    })
}

pub(crate) fn extract(ctx: &Context) -> Vec<Found<Investment>> {
    let mut out = Vec::new();
    // the last program looked for, by its line and whether the sentence opened the line
    // (all that it depends on): looked for once a line, not once an amount (a line of
    // megabytes holding thousands of amounts was read through at each)
    let mut last_program: Option<((usize, bool), Option<String>)> = None;
    for (si, s) in ctx.sentences.iter().enumerate() {
        let qs = ctx.sentence_quantities(si);
        // (no amount of money: no investment, whatever its words; no pattern need read it)
        if !qs.iter().any(|q| matches!(q.value, Value::Money { .. })) {
            continue;
        }
        let text = ctx.text(s.start..s.end);
        let invests = |t: &str| has_keyword(t, Role::Investment) || has_keyword(t, Role::Commitment);
        if !invests(text) {
            continue;
        }
        let clauses = clauses(&ctx.doc.text, s.start..s.end);
        for (qi, q) in qs.iter().enumerate() {
            let Value::Money { value, currency } = &q.value else { continue };
            if ctx.restates(qs, qi).is_some() {
                continue;
            }
            let Some(clause) = clauses.iter().find(|c| c.contains(&q.start)).cloned() else { continue };
            // the investment word stands in the amount's clause, or in a clause before
            // it; an amount in a clause about a market's size, with no investment word
            // of its own, is that market's size
            let ctext = ctx.text(clause.clone());
            // `每投入1元带动3元产出`: a ratio per unit, not an amount
            if ctx.text(clause.start..q.start).contains('每') {
                continue;
            }
            // the investment word governs the amount: in its clause, before it (`投入产出`
            // is an input-output table, not investing); a price per unit is no amount
            let lead = ctx.text(clause.start..q.start).replace("投入产出", "");
            let per_unit = ctx.text(q.end..s.end).starts_with(['/', '每']);
            if !invests(&lead) || per_unit || (!market_keywords(ctext).is_empty() && !invests(ctext)) {
                continue;
            }
            let converted = ctx.restated(qs, qi);
            let (actor, inferred) = actor(text, ctx.text(s.start..q.start), currency);
            let key = (s.line_start, s.start == s.line_start);
            let program = match &last_program {
                Some((k, p)) if *k == key => p.clone(),
                _ => last_program.insert((key, program(ctx, s.start, s.line_start))).1.clone(),
            };
            let horizon_years = qs.iter().find_map(|x| match x.value {
                Value::Years { years, relative: Some(Relative::Future) } => Some(years),
                _ => None,
            });
            let deadline_year = qs.iter().find_map(|x| match x.value {
                Value::Year { year } if ctx.text(x.end..s.end).trim_start().starts_with(['前', '之']) => Some(year),
                Value::Year { year } if ctx.text(s.start..x.start).ends_with('到') => Some(year),
                _ => None,
            });
            let after = qs.get(qi + 1).filter(|n| ctx.is_restatement(q, n)).map_or(q.end, |n| n.end);
            // up to the clause of the next amount, if any
            let next_money = qs[qi + 1..].iter().find(|x| x.start >= after && matches!(x.value, Value::Money { .. }));
            let until = next_money
                .and_then(|n| clauses.iter().find(|c| c.contains(&n.start)).map(|c| c.start))
                .filter(|&c| c > after)
                .unwrap_or(s.end);
            let purpose = purpose(ctx.text(after..until));
            out.push(Found {
                at: q.start,
                span: s.start..s.end,
                fact: Investment {
                    actor: actor.map(str::to_string),
                    actor_inferred_from: inferred,
                    program,
                    value: value.clone(),
                    currency,
                    qualifier: q.qualifier,
                    converted,
                    horizon_years,
                    deadline_year,
                    purpose,
                    source: None,
                    evidence: evidence(ctx, s),
                },
            });
        }
    }
    out
}

/// The actor: a place the money goes to (`在美国各地`: inferred from a place name),
/// a country or bloc named before the amount (`法国公布…，投资1亿欧元`: stated), else
/// the economy of the currency (inferred from the currency) unless a firm invests
/// (`某车企宣布投资500亿元`: no country), else none.
fn actor(sentence: &str, before: &str, currency: &str) -> (Option<&'static str>, Option<&'static str>) {
    let is_actor = |code: &&str| code.len() == 2 || *code == "EU";
    if let Some(m) = PLACE.captures(sentence)
        && let Some(code) = region_in(&m[1]).filter(is_actor)
    {
        return (Some(code), Some("place name"));
    }
    if let Some(code) = region_in(before).filter(is_actor) {
        return (Some(code), None);
    }
    // a firm invests in a currency, not for the economy that issues it
    if has_keyword(before, Role::Company) {
        return (None, None);
    }
    match actor_of_currency(currency, sentence) {
        Some(code) => (Some(code), Some("currency")),
        None => (None, None),
    }
}

/// `在美国各地`, `在日本`: a place where the money goes.
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[在于]([^，。在于]{2,6}?)(?:各地|境内|全国|国内)").unwrap());

/// A program named on the sentence's line, or on a line within two lines around it
/// that holds no amount of its own.
fn program(ctx: &Context, sentence_start: usize, line_start: usize) -> Option<String> {
    let text = &ctx.doc.text;
    let line_end = text[line_start..].find(['\n', '\u{c}']).map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    if sentence_start == line_start
        && let Some(c) = PROGRAM_PREFIX.captures(line)
    {
        return Some(c["p"].trim().to_string());
    }
    let page = ctx.doc.page_of(line_start);
    let page_range = ctx.doc.pages.iter().find(|p| p.number == page).map_or(0..text.len(), |p| p.start..p.end);
    let before: Vec<&str> =
        text[page_range.start..line_start].lines().rev().filter(|l| !l.trim().is_empty()).take(2).collect();
    let after: Vec<&str> =
        text[line_end.min(page_range.end)..page_range.end].lines().filter(|l| !l.trim().is_empty()).take(2).collect();
    let usable = |l: &&str| !crate::quantity::scan(l).iter().any(|q| matches!(q.value, Value::Money { .. }));
    for l in before.iter().take(1).chain(after.iter().take(1)).chain(before.iter().skip(1)).chain(after.iter().skip(1))
    {
        // (the pattern first: it reads a short line's head, where the scan reads all
        // of a long line)
        if let Some(c) = PROGRAM_LINE.captures(l.trim())
            && usable(l)
        {
            let name = c.name("q").or(c.name("l")).map(|m| m.as_str().trim().to_string());
            if name.is_some() {
                return name;
            }
        }
    }
    None
}

/// What the money is for: the words after the amount, connectives (`的`, `用于`) trimmed.
fn purpose(after: &str) -> Option<String> {
    let p = after.trim_start_matches(|c: char| c.is_whitespace() || "，,、的）)".contains(c));
    let p = ["用于", "用来", "以"].iter().find_map(|w| p.strip_prefix(w)).unwrap_or(p);
    let p = p.trim_end_matches(|c: char| c.is_whitespace() || "。；;，,".contains(c));
    (p.chars().count() >= 2).then(|| p.to_string())
}
