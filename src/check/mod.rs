//! Check: do the facts of a document add up? Each check reports what it compared,
//! with status `ok` or `warning`.
//!
//! - `cagr`: a stated CAGR against the one implied by the start and end values of
//!   the same market (same subject, region and currency) over the same years.
//! - `conversion`: a stated conversion (`10兆日元（约650亿美元）`) against a sanity
//!   range of units per US dollar (`data/fx_ranges.tsv`).
//! - `conflict`: the same market, region and year given two different values (not
//!   two roundings of one figure: `8.35万亿` and `8.4万亿` agree).

use crate::extract::context::Context;
use crate::extract::{Fact, MarketSize};
use crate::quantity::Value;
use serde::Serialize;
use std::sync::LazyLock;

/// How far a stated CAGR may be from the implied one, in percentage points, before
/// it is flagged: enough for rates and values rounded as reports round them.
pub const CAGR_TOLERANCE_POINTS: f64 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warning,
}

/// One consistency check and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// `cagr`, `conversion` or `conflict`.
    pub check: &'static str,
    pub status: Status,
    /// One line a person can read.
    pub message: String,
    /// Indices into the document's `facts` this check compared.
    pub facts: Vec<usize>,
    /// The stated figure (a CAGR in percent, a rate in units per USD, a value).
    pub stated: Option<f64>,
    /// The figure the other facts imply (or the other value, for a conflict).
    pub implied: Option<f64>,
    /// 1-based page of the statement checked.
    pub page: usize,
}

/// All checks over `facts` of the document of `ctx`, in the order of the facts they concern.
pub fn run(ctx: &Context, facts: &[Fact]) -> Vec<Check> {
    let mut out = cagr_checks(facts);
    out.extend(conversion_checks(ctx));
    out.extend(conflict_checks(facts));
    out
}

fn markets(facts: &[Fact]) -> impl Iterator<Item = (usize, &MarketSize)> {
    facts.iter().enumerate().filter_map(|(i, f)| match f {
        Fact::MarketSize(m) => Some((i, m)),
        _ => None,
    })
}

fn round(x: f64, places: i32) -> f64 {
    let p = 10f64.powi(places);
    (x * p).round() / p
}

fn cagr_checks(facts: &[Fact]) -> Vec<Check> {
    let mut out = Vec::new();
    for (ci, fact) in facts.iter().enumerate() {
        let Fact::Cagr(c) = fact else { continue };
        let (Some(from), Some(to)) = (c.from_year, c.to_year) else { continue };
        if to <= from {
            continue;
        }
        let same = |m: &MarketSize, year: i32| {
            m.year == Some(year) && m.subject == c.subject && m.region == c.region && m.evidence.page == c.evidence.page
        };
        let start = markets(facts).find(|(_, m)| same(m, from));
        let Some((si, s)) = start else { continue };
        let end = markets(facts).find(|(_, m)| same(m, to) && m.currency == s.currency);
        let Some((ei, e)) = end else { continue };
        let (v0, v1) = (s.value.to_f64(), e.value.to_f64());
        if v0 <= 0.0 || v1 <= 0.0 {
            continue;
        }
        let implied = ((v1 / v0).powf(1.0 / f64::from(to - from)) - 1.0) * 100.0;
        let stated = c.rate.to_f64();
        let agrees = (stated - implied).abs() <= CAGR_TOLERANCE_POINTS;
        let subject = c.subject.as_deref().unwrap_or("the market");
        let message = if agrees {
            format!("CAGR {stated}% for {subject} {from}–{to} agrees with the values ({:.1}% implied)", implied)
        } else {
            format!(
                "CAGR {stated}% for {subject} {from}–{to} does not match its values: {} → {} {} implies {:.1}%",
                s.value, e.value, s.currency, implied
            )
        };
        out.push(Check {
            check: "cagr",
            status: if agrees { Status::Ok } else { Status::Warning },
            message,
            facts: vec![si, ei, ci],
            stated: Some(stated),
            implied: Some(round(implied, 2)),
            page: c.evidence.page,
        });
    }
    out
}

static FX: LazyLock<Vec<(&'static str, f64, f64)>> = LazyLock::new(|| {
    crate::data::rows(include_str!("../../data/fx_ranges.tsv"))
        .filter_map(|r| Some((*r.first()?, r.get(1)?.parse().ok()?, r.get(2)?.parse().ok()?)))
        .collect()
});

fn per_usd(code: &str) -> Option<(f64, f64)> {
    FX.iter().find(|r| r.0 == code).map(|r| (r.1, r.2))
}

/// `10兆日元（约650亿美元）`: an amount restated in brackets in another currency.
fn conversion_checks(ctx: &Context) -> Vec<Check> {
    let qs = &ctx.quantities;
    let mut out = Vec::new();
    for w in qs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (Value::Money { value: va, currency: ca }, Value::Money { value: vb, currency: cb }) = (&a.value, &b.value)
        else {
            continue;
        };
        if ca == cb || !ctx.is_restatement(a, b) {
            continue;
        }
        // units of each currency per US dollar: a/b gives ca per cb
        let (x, y) = (va.to_f64(), vb.to_f64());
        if x <= 0.0 || y <= 0.0 {
            continue;
        }
        let (Some((alo, ahi)), Some((blo, bhi))) = (per_usd(ca), per_usd(cb)) else { continue };
        let rate = x / y;
        // the range of ca per cb: (ca per USD) / (cb per USD)
        let (lo, hi) = (alo / bhi, ahi / blo);
        let ok = rate >= lo && rate <= hi;
        out.push(Check {
            check: "conversion",
            status: if ok { Status::Ok } else { Status::Warning },
            message: format!(
                "{va} {ca} stated as {vb} {cb} implies {} {ca}/{cb}{}",
                round(rate, 4),
                if ok { String::new() } else { format!(", outside {}–{}", round(lo, 4), round(hi, 4)) }
            ),
            facts: vec![],
            stated: Some(round(rate, 4)),
            implied: None,
            page: ctx.doc.page_of(a.start),
        });
    }
    out
}

/// Two values are one figure when the more precise one, rounded to the other's
/// significant digits, is the other (`8.35万亿` and `8.4万亿`). Exact, on the digits.
fn same_when_rounded(a: &crate::quantity::Decimal, b: &crate::quantity::Decimal) -> bool {
    let digits = a.significant_digits().min(b.significant_digits());
    a.round_significant(digits) == b.round_significant(digits)
}

fn conflict_checks(facts: &[Fact]) -> Vec<Check> {
    let mut out = Vec::new();
    let all: Vec<(usize, &MarketSize)> = markets(facts).collect();
    for (n, &(i, a)) in all.iter().enumerate() {
        for &(j, b) in &all[n + 1..] {
            let same = a.year.is_some()
                && a.year == b.year
                && a.subject.is_some()
                && a.subject == b.subject
                && a.region == b.region
                && a.currency == b.currency
                && a.forecast == b.forecast;
            if !same {
                continue;
            }
            let (x, y) = (a.value.to_f64(), b.value.to_f64());
            if same_when_rounded(&a.value, &b.value) {
                continue;
            }
            out.push(Check {
                check: "conflict",
                status: Status::Warning,
                message: format!(
                    "{} {} {}: {} {} (page {}) and {} {} (page {})",
                    a.subject.as_deref().unwrap_or("-"),
                    a.region.as_deref().unwrap_or("-"),
                    a.year.map_or(String::new(), |y| y.to_string()),
                    a.value,
                    a.currency,
                    a.evidence.page,
                    b.value,
                    b.currency,
                    b.evidence.page
                ),
                facts: vec![i, j],
                stated: Some(x),
                implied: Some(y),
                page: b.evidence.page,
            });
        }
    }
    out
}
