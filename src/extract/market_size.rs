//! `market_size`: an amount of money that a sentence about a market's size gives
//! for a year (`2024年中国AI大模型市场规模达到165亿元`).
//!
//! An amount counts when a market keyword (`data/keywords.tsv`: 市场规模, 市场空间, ...)
//! governs it: earlier in the sentence, or later in its own clause. Amounts in a
//! clause about investment (投资, 斥资, ...) and restatements in brackets
//! (`（约650亿美元）`) do not.

use super::context::{Context, Role, clauses, has_keyword, keywords, region_in, subject_before};
use super::{Found, MarketSize, evidence};
use crate::quantity::{Quantity, Value};
use std::ops::Range;

pub(crate) fn extract(ctx: &Context, report_date: Option<(i32, u32)>) -> Vec<Found<MarketSize>> {
    let mut out: Vec<Found<MarketSize>> = Vec::new();
    for s in &ctx.sentences {
        let text = ctx.text(s.start..s.end);
        let kws: Vec<Range<usize>> =
            keywords(text, Role::Market).into_iter().map(|k| s.start + k.start..s.start + k.end).collect();
        if kws.is_empty() {
            continue;
        }
        let qs = ctx.quantities_in(s.start..s.end);
        if !qs.iter().any(|q| matches!(q.value, Value::Money { .. })) {
            continue;
        }
        let clauses = clauses(&ctx.doc.text, s.start..s.end);
        let clause_of =
            |at: usize| clauses.iter().find(|c| c.contains(&at) || c.end == at).cloned().unwrap_or(s.start..s.end);
        let first_in_sentence = out.len();
        for (qi, q) in qs.iter().enumerate() {
            let Value::Money { value, currency } = &q.value else { continue };
            if qi > 0 && is_restatement(ctx, &qs[qi - 1], q) {
                continue;
            }
            let clause = clause_of(q.start);
            let ctext = ctx.text(clause.clone());
            if has_keyword(ctext, Role::Investment) {
                continue;
            }
            let governing = kws
                .iter()
                .rfind(|k| k.end <= q.start)
                .or_else(|| kws.iter().find(|k| k.start >= q.end && k.end <= clause.end));
            let Some(kw) = governing else { continue };
            let previous = out[first_in_sentence..].last().or_else(|| {
                out.last().filter(|f| ctx.doc.text[..f.at].rfind('\n').map_or(0, |i| i + 1) == s.line_start)
            });
            let own_subject = subject_before(&ctx.doc.text, clause_of(kw.start).start..kw.start);
            let inherited = own_subject.is_none();
            let subject = own_subject.or_else(|| previous.and_then(|p| p.fact.subject.clone()));
            let region = subject
                .as_deref()
                .and_then(region_in)
                .map(str::to_string)
                .or_else(|| previous.filter(|_| inherited).and_then(|p| p.fact.region.clone()))
                .or_else(|| {
                    [ctext, ctx.text(s.start..q.start), ctx.text(s.line_start..s.start)]
                        .into_iter()
                        .find_map(region_in)
                        .map(str::to_string)
                });
            let year = year_for(qs, qi, &clause, s.start);
            let lead = ctx.text(clause.start..q.start);
            let after_report = matches!((year, report_date), (Some(y), Some((ry, _))) if y > ry);
            let forecast = has_keyword(lead, Role::Forecast) || after_report;
            out.push(Found {
                at: q.start,
                fact: MarketSize {
                    subject,
                    region,
                    year,
                    value: value.clone(),
                    currency,
                    approx: q.qualifier.is_some(),
                    qualifier: q.qualifier,
                    forecast,
                    source: None,
                    evidence: evidence(ctx, s),
                },
            });
        }
    }
    out
}

/// `10兆日元（约650亿美元）`: the second amount restates the first.
fn is_restatement(ctx: &Context, prev: &Quantity, q: &Quantity) -> bool {
    if !matches!(prev.value, Value::Money { .. }) || prev.end > q.start {
        return false;
    }
    let gap = ctx.text(prev.end..q.start).trim();
    gap.chars().count() <= 4 && (gap.starts_with(['（', '(']) || gap.contains('合'))
}

/// The year of the amount `qs[qi]`: the last year before it in its clause, else
/// the first after it in its clause, else the last before it in the sentence.
pub(crate) fn year_for(qs: &[Quantity], qi: usize, clause: &Range<usize>, sentence_start: usize) -> Option<i32> {
    let q = &qs[qi];
    let year = |x: &Quantity| x.value.year();
    qs[..qi]
        .iter()
        .rev()
        .filter(|x| x.start >= clause.start)
        .find_map(year)
        .or_else(|| qs[qi + 1..].iter().filter(|x| x.end <= clause.end).find_map(year))
        .or_else(|| qs[..qi].iter().rev().filter(|x| x.start >= sentence_start && x.end <= q.start).find_map(year))
}
