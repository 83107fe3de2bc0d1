//! Extract: typed facts from a normalized document, one module per fact kind.
//! Every fact carries [`Evidence`]: the page, the char span and the sentence it
//! came from.

pub mod cagr;
pub mod context;
pub mod market_size;
pub mod source;

use crate::normalize::Document;
use crate::quantity::{Decimal, Qualifier};
use context::{Context, Sentence};
use serde::Serialize;

/// Where a fact came from. `start`/`end` are char offsets (Unicode scalar values)
/// into the normalized text that `report text` prints; `quote` is that slice.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// 1-based page number.
    pub page: usize,
    pub start: usize,
    pub end: usize,
    pub quote: String,
}

/// The size of a market in a year.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketSize {
    /// The market as written (`大型语言模型（LLM）`, `中国AI大模型`).
    pub subject: Option<String>,
    /// `global`, an ISO 3166 code (`CN`), `EU`, or a province (`广东省`).
    pub region: Option<String>,
    pub year: Option<i32>,
    /// The absolute amount in currency units: `15.9亿美元` → 1590000000.
    pub value: Decimal,
    /// ISO 4217.
    pub currency: &'static str,
    /// A qualifier stands beside the amount (约, 近, 超过, ...).
    pub approx: bool,
    /// Which qualifier: approx, over, at_least, under, at_most.
    pub qualifier: Option<Qualifier>,
    /// A forecast (预计, 将达到, 有望, or a year after the report's own date).
    pub forecast: bool,
    /// The data source bound to it: the nearest attribution on the same page.
    pub source: Option<String>,
    pub evidence: Evidence,
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

/// A data-source attribution (`数据来源：...`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who the data is attributed to, generic words dropped (`赛迪智库`).
    pub name: String,
    /// Its date, ISO 8601 (`2025-03`).
    pub date: Option<String>,
    /// The attribution as written, after its label.
    pub text: String,
    pub evidence: Evidence,
}

/// A fact, tagged by `kind` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    MarketSize(MarketSize),
    Cagr(Cagr),
    Source(Source),
}

impl Fact {
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::MarketSize(_) => "market_size",
            Fact::Cagr(_) => "cagr",
            Fact::Source(_) => "source",
        }
    }

    pub fn evidence(&self) -> &Evidence {
        match self {
            Fact::MarketSize(f) => &f.evidence,
            Fact::Cagr(f) => &f.evidence,
            Fact::Source(f) => &f.evidence,
        }
    }
}

/// A fact found at a byte position of the normalized text (for ordering and binding).
pub(crate) struct Found<T> {
    /// Where the fact is anchored (its amount, keyword or label): orders the output.
    pub at: usize,
    /// The bytes of its evidence: binds it to the nearest source.
    pub span: std::ops::Range<usize>,
    pub fact: T,
}

/// All the facts in `doc`, in the order they appear.
pub fn extract(doc: &Document) -> Vec<Fact> {
    let ctx = Context::new(doc);
    let sources = source::extract(&ctx);
    let report_date = source::latest_date(&sources).or_else(|| first_page_date(&ctx));
    let mut markets = market_size::extract(&ctx, report_date);
    let mut cagrs = cagr::extract(&ctx, &markets);
    for m in &mut markets {
        m.fact.source = source::nearest(&ctx, &sources, m.span.clone());
    }
    for c in &mut cagrs {
        c.fact.source = source::nearest(&ctx, &sources, c.span.clone());
    }
    let mut all: Vec<(usize, u8, Fact)> = Vec::new();
    all.extend(sources.into_iter().map(|f| (f.at, 0, Fact::Source(f.fact))));
    all.extend(markets.into_iter().map(|f| (f.at, 1, Fact::MarketSize(f.fact))));
    all.extend(cagrs.into_iter().map(|f| (f.at, 2, Fact::Cagr(f.fact))));
    all.sort_by_key(|(at, rank, _)| (*at, *rank));
    all.into_iter().map(|(_, _, f)| f).collect()
}

/// The first year-month on page 1: a report's cover date, where no source is dated.
fn first_page_date(ctx: &Context) -> Option<(i32, u32)> {
    let page = ctx.doc.pages.first()?;
    ctx.quantities_in(page.start..page.end).iter().find_map(|q| match q.value {
        crate::quantity::Value::Date { year, month, .. } => Some((year, month)),
        _ => None,
    })
}

/// Evidence for a sentence.
pub(crate) fn evidence(ctx: &Context, s: &Sentence) -> Evidence {
    Evidence {
        page: s.page,
        start: ctx.doc.char_offset(s.start),
        end: ctx.doc.char_offset(s.end),
        quote: ctx.text(s.start..s.end).to_string(),
    }
}
