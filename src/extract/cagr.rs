//! `cagr`: compound annual growth rates (年复合增长率, CAGR, ...) and the years they span.
//!
//! The rate is the percentage after the keyword in its clause (or before it:
//! `以40%的年复合增长率`). The span is a year range in that clause (or earlier in the
//! sentence), else a number of years before the keyword (`两年复合增长率`) ending at
//! the sentence's last year, else the first and last years of the market sizes in
//! the same sentence, else of the years in it. All of them are quantities.

use super::Evidence;
use super::context::{
    Context, Role, clauses, has_keyword, keywords, listed_regions_in, region_in, subject_before, without_leading_place,
};
use super::registry::{Cell, Column, Fact, Part};
use super::{Found, MarketSize, evidence};
use crate::quantity::Decimal;
use crate::quantity::Value;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The columns of a CAGR, in the order the views show them.
pub static COLUMNS: &[Column<Cagr>] = &[
    Column::brief("rate", |c| Cell::Number(c.rate.clone())),
    Column::brief("from_year", |c| Cell::int(c.from_year)),
    Column::brief("to_year", |c| Cell::int(c.to_year)),
    Column::brief("subject", |c| Cell::text(&c.subject)),
    Column::brief("region", |c| Cell::text(&c.region)),
    Column::brief("source", |c| Cell::text(&c.source)),
];

/// The CAGRs of a part (their subjects from the market sizes found before them in
/// a sentence) and of its tables (but those a sentence of the page gives too), each
/// bound to its nearest data source.
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    let markets: Vec<Found<MarketSize>> = part
        .found
        .iter()
        .flatten()
        .filter_map(|f| match &f.fact {
            Fact::MarketSize(m) => Some(Found { at: f.at, span: f.span.clone(), fact: m.clone() }),
            _ => None,
        })
        .collect();
    let mut found = extract(part.ctx, &markets);
    super::from_tables::drop_in_rows(&mut found, part.tables);
    for t in super::from_tables::cagrs(part.ctx.doc, part.tables) {
        // the rate a sentence of its page already gives for the span
        let said = |c: &Cagr| {
            c.evidence.cell.is_none()
                && c.rate == t.rate
                && c.from_year == Some(t.from_year)
                && c.to_year == Some(t.to_year)
                && c.evidence.page == t.evidence.page
        };
        if found.iter().any(|f| said(&f.fact)) {
            continue;
        }
        // the table's own attribution, else (below) the nearest one
        let source = t.source_at.and_then(|s| part.source_for(s..s + 1, t.region.as_deref()));
        found.push(Found {
            at: t.at,
            span: t.at..t.at + 1,
            fact: Cagr {
                rate: t.rate,
                from_year: Some(t.from_year),
                to_year: Some(t.to_year),
                subject: t.subject,
                region: t.region,
                source,
                evidence: t.evidence,
            },
        });
    }
    found
        .into_iter()
        .map(|mut f| {
            if f.fact.source.is_none() {
                f.fact.source = part.source_for(f.span.clone(), f.fact.region.as_deref());
            }
            Found { at: f.at, span: f.span, fact: Fact::Cagr(f.fact) }
        })
        .collect()
}

/// A compound annual growth rate.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cagr {
    /// The rate as a percent figure: 79.8 for 79.8%.
    pub rate: Decimal,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub subject: Option<String>,
    pub region: Option<String>,
    pub source: Option<String>,
    pub evidence: Evidence,
}

pub(crate) fn extract(ctx: &Context, markets: &[Found<MarketSize>]) -> Vec<Found<Cagr>> {
    let mut out = Vec::new();
    for (si, s) in ctx.sentences.iter().enumerate() {
        let qs = ctx.sentence_quantities(si);
        // (no percentage: no rate, whatever its words; no pattern need read it)
        if !qs.iter().any(|q| matches!(q.value, Value::Percent { .. })) {
            continue;
        }
        let text = ctx.text(s.start..s.end);
        let kws = keywords(text, Role::Cagr);
        if kws.is_empty() {
            continue;
        }
        let clauses = clauses(&ctx.doc.text, s.start..s.end);
        let in_sentence: Vec<&MarketSize> =
            markets.iter().filter(|m| (s.start..s.end).contains(&m.at)).map(|m| &m.fact).collect();
        for kw in kws {
            let kw = s.start + kw.start..s.start + kw.end;
            let Some(clause) = clauses.iter().find(|c| c.contains(&kw.start)).cloned() else { continue };
            let percent = |q: &&crate::quantity::Quantity| matches!(q.value, Value::Percent { .. });
            let rate = qs
                .iter()
                .filter(|q| q.start >= kw.end && q.end <= clause.end)
                .find(percent)
                .or_else(|| qs.iter().rev().filter(|q| q.start >= clause.start && q.end <= kw.start).find(percent));
            let Some(rate_q) = rate else { continue };
            // `公司研发费用…年复合增长率达45%`, `营收、归母净利润的复合增速`: one firm's accounts
            if has_keyword(ctx.text(s.start..kw.start), Role::FirmAccounts) {
                continue;
            }
            // `CAGR分别为51.9%/37.9%`: every rate of the list after the keyword, one region
            // of the subject's list (`海外/国内`) to each
            let ri = qs.iter().position(|q| std::ptr::eq(q, rate_q)).unwrap_or(0);
            let (at, of) = ctx.list_position(qs, ri);
            let rates: Vec<&crate::quantity::Quantity> =
                if at == 0 && rate_q.start >= kw.end { qs[ri..ri + of].iter().collect() } else { vec![rate_q] };
            let year_range = |q: &crate::quantity::Quantity| match q.value {
                Value::YearRange { from, to } => Some((from, to)),
                _ => None,
            };
            // A range in the keyword's clause, else the nearest one before it in the sentence.
            let range = qs
                .iter()
                .filter(|q| q.start >= clause.start && q.end <= clause.end)
                .find_map(year_range)
                .or_else(|| qs.iter().rev().filter(|q| q.end <= kw.start).find_map(year_range));
            let sentence_years =
                || qs.iter().filter(|q| matches!(q.value, Value::Year { .. })).filter_map(|q| q.value.year());
            let span = range
                .or_else(|| short_span(ctx.text(clause.start..kw.start)))
                .or_else(|| duration(qs, &kw).zip(sentence_years().max()).map(|(n, to)| (to - n, to)))
                .or_else(|| span_of(in_sentence.iter().filter_map(|m| m.year)))
                .or_else(|| span_of(sentence_years()));
            let (subject, region) = match in_sentence.first() {
                Some(m) => (m.subject.clone(), m.region.clone()),
                None => {
                    // `全球服务机器人市场将以25%的年复合增长率`: the subject stands before the rate.
                    // (or before the span: `储能新增装机2023-2027年CAGR`)
                    let span_at = qs
                        .iter()
                        .rfind(|q| q.start >= clause.start && q.end <= kw.start && year_range(q).is_some())
                        .map(|q| q.start);
                    let subject = subject_before(&ctx.doc.text, clause.start..kw.start)
                        .found()
                        .or_else(|| {
                            (rate_q.end <= kw.start)
                                .then(|| subject_before(&ctx.doc.text, clause.start..rate_q.start).found())
                                .flatten()
                        })
                        .or_else(|| span_at.and_then(|at| subject_before(&ctx.doc.text, clause.start..at).found()));
                    let region = subject
                        .as_deref()
                        .and_then(region_in)
                        .or_else(|| region_in(text))
                        .or_else(|| region_in(ctx.text(s.line_start..s.start)))
                        .map(str::to_string);
                    (subject, region)
                }
            };
            let regions = listed_regions_in(ctx.text(clause.start..kw.start));
            for (i, r) in rates.iter().enumerate() {
                let Value::Percent { value } = &r.value else { continue };
                let listed = rates.len() > 1 && regions.len() == rates.len();
                let region = if listed { regions[i].map(str::to_string) } else { region.clone() };
                let subject = if listed {
                    subject.as_deref().map(|s| without_leading_place(s).to_string())
                } else {
                    subject.clone()
                };
                out.push(Found {
                    at: kw.start,
                    span: s.start..s.end,
                    fact: Cagr {
                        rate: value.clone(),
                        from_year: span.map(|s| s.0),
                        to_year: span.map(|s| s.1),
                        subject,
                        region,
                        source: None,
                        evidence: evidence(ctx, s),
                    },
                });
            }
        }
    }
    out
}

/// A span of two-digit years right before the keyword (`22-28年CAGR`, `23~28年的复合增长率`):
/// 2022 to 2028 (years from 2015 on). Read only here, where a rate's span is due:
/// elsewhere, and after 未来/近/过去, `15-20年` is a number of years.
static SHORT_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])(\d{2})\s*[-–~至]\s*(\d{2})\s*年(?:的|间)?\s*$").unwrap());

fn short_span(before: &str) -> Option<(i32, i32)> {
    let c = SHORT_SPAN.captures(before)?;
    let (a, b): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    // `未来10-20年`, `近15-20年`: a number of years ahead or back
    let lead = before[..c.get(1).map_or(0, |m| m.start())].trim_end();
    let ahead_or_back = ["未来", "近", "过去", "此后"].iter().any(|w| lead.ends_with(w));
    (15 <= a && a < b && b <= 60 && !ahead_or_back).then_some((2000 + a, 2000 + b))
}

/// The number of years a rate is stated over, right before its keyword: `两年复合增长率`
/// (the quantity `两年` may share its 年 with the keyword), `近5年CAGR`.
fn duration(qs: &[crate::quantity::Quantity], kw: &std::ops::Range<usize>) -> Option<i32> {
    qs.iter().find_map(|q| match q.value {
        Value::Years { years, .. } if q.start < kw.start && q.end + 1 >= kw.start && q.end <= kw.start + 3 => {
            Some(years.abs())
        }
        _ => None,
    })
}

/// The first and last of `years`, when they differ.
fn span_of(years: impl Iterator<Item = i32>) -> Option<(i32, i32)> {
    let years: Vec<i32> = years.collect();
    let (min, max) = (*years.iter().min()?, *years.iter().max()?);
    (min < max).then_some((min, max))
}
