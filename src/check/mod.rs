//! Check: do the facts of a document add up? Each check reports what it compared,
//! with status `ok` or `warning`.
//!
//! - `cagr`: a stated CAGR against the one implied by the start and end values of
//!   the same market (same subject, region and currency) over the same years.
//! - `conversion`: a market size's or an investment's amount restated in another
//!   currency (`10兆日元（约650亿美元）`) against a sanity range of units per US dollar
//!   (`data/fx_ranges.tsv`).
//! - `conflict`: the same market, region and year given two different values (not
//!   two roundings of one figure: `8.35万亿` and `8.4万亿` agree).

use crate::extract::{Fact, MarketSize, Money};
use crate::quantity::Decimal;
use serde::Serialize;
use std::collections::HashMap;
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

impl Status {
    /// As JSON writes it: `ok`, `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
        }
    }
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
    #[schemars(range(min = 1))]
    pub page: usize,
}

/// All checks over a document's `facts`: what they are given is all they read.
pub fn run(facts: &[Fact]) -> Vec<Check> {
    let _stage = crate::timing::start(crate::timing::Stage::Check);
    let mut out = cagr_checks(facts);
    out.extend(conversion_checks(facts));
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

/// The market sizes of `facts` by (page, year), in fact order: what a CAGR of a page
/// is checked against, found without a scan of every fact per CAGR.
fn markets_by_page_year(facts: &[Fact]) -> HashMap<(usize, i32), Vec<(usize, &MarketSize)>> {
    let mut by: HashMap<(usize, i32), Vec<(usize, &MarketSize)>> = HashMap::new();
    for (i, m) in markets(facts) {
        if let Some(year) = m.year {
            by.entry((m.evidence.page, year)).or_default().push((i, m));
        }
    }
    by
}

fn cagr_checks(facts: &[Fact]) -> Vec<Check> {
    let mut out = Vec::new();
    let by = markets_by_page_year(facts);
    for (ci, fact) in facts.iter().enumerate() {
        let Fact::Cagr(c) = fact else { continue };
        let (Some(from), Some(to)) = (c.from_year, c.to_year) else { continue };
        if to <= from {
            continue;
        }
        let page = c.evidence.page;
        let same = |m: &MarketSize| m.subject == c.subject && m.region == c.region;
        let of_year = |year: i32| by.get(&(page, year)).map_or(&[][..], Vec::as_slice);
        let start = of_year(from).iter().find(|(_, m)| same(m));
        let Some(&(si, s)) = start else { continue };
        let end = of_year(to).iter().find(|(_, m)| same(m) && m.currency == s.currency);
        let Some(&(ei, e)) = end else { continue };
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

/// The amount a fact states and the same amount restated in another currency.
fn restatement(fact: &Fact) -> Option<(&Decimal, &'static str, &Money)> {
    match fact {
        Fact::MarketSize(m) => m.converted.as_ref().map(|c| (&m.value, m.currency, c)),
        Fact::Investment(i) => i.converted.as_ref().map(|c| (&i.value, i.currency, c)),
        _ => None,
    }
}

/// `10兆日元（约650亿美元）`: a fact's amount restated in brackets in another currency.
fn conversion_checks(facts: &[Fact]) -> Vec<Check> {
    let mut out = Vec::new();
    for (i, fact) in facts.iter().enumerate() {
        let Some((va, ca, Money { value: vb, currency: cb })) = restatement(fact) else { continue };
        if ca == *cb {
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
            facts: vec![i],
            stated: Some(round(rate, 4)),
            implied: None,
            page: fact.evidence().page,
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

/// At most this many distinct values of one market and year are compared pair by
/// pair; past it, each further value is compared with the first only, so that a
/// document repeating a figure, or giving thousands, costs a linear number of checks.
const CONFLICT_PAIRS_UP_TO: usize = 16;

fn conflict_checks(facts: &[Fact]) -> Vec<Check> {
    // the market sizes that can conflict, grouped by what makes them the same market
    // and year; in each group, one fact per distinct value (its first mention)
    type Key<'f> = (i32, &'f str, Option<&'f str>, &'static str, bool);
    let mut groups: HashMap<Key, Vec<(usize, &MarketSize)>> = HashMap::new();
    let mut order: Vec<Key> = Vec::new();
    for (i, m) in markets(facts) {
        let (Some(year), Some(subject)) = (m.year, m.subject.as_deref()) else { continue };
        let key = (year, subject, m.region.as_deref(), m.currency, m.forecast);
        let group = groups.entry(key).or_insert_with(|| {
            order.push(key);
            Vec::new()
        });
        if !group.iter().any(|(_, g)| g.value == m.value) {
            group.push((i, m));
        }
    }
    let mut pairs: Vec<(usize, &MarketSize, usize, &MarketSize)> = Vec::new();
    for key in &order {
        let group = &groups[key];
        for (n, &(j, b)) in group.iter().enumerate() {
            let earlier = if n < CONFLICT_PAIRS_UP_TO { &group[..n] } else { &group[..1] };
            for &(i, a) in earlier {
                if !same_when_rounded(&a.value, &b.value) {
                    pairs.push((i, a, j, b));
                }
            }
        }
    }
    // in the order of the facts concerned, as before: by the first, then the second
    pairs.sort_by_key(|p| (p.0, p.2));
    pairs
        .into_iter()
        .map(|(i, a, j, b)| Check {
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
            stated: Some(a.value.to_f64()),
            implied: Some(b.value.to_f64()),
            page: b.evidence.page,
        })
        .collect()
}
