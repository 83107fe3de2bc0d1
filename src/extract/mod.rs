//! Extract: typed facts from a normalized document, one module per fact kind.
//! Every fact carries [`Evidence`]: the page, the char span and the sentence it
//! came from.

pub mod cagr;
pub mod context;
pub mod investment;
pub mod market_size;
pub mod outline;
pub mod policy;
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

/// An amount of money in a currency.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub value: Decimal,
    pub currency: &'static str,
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

/// A policy: a plan, measures or a notice issued by a government body.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The full official name as written (《》 inside kept).
    pub title: String,
    /// The issuing province or city by its full name, `CN` for central bodies, or null.
    pub region: Option<String>,
    /// The issuing office, where the title names it (`上海市人民政府办公厅`).
    pub issuer: Option<String>,
    /// When it was issued, ISO 8601 (`2024-05`).
    pub date: Option<String>,
    /// The years it covers (`（2024-2026年）`).
    pub period_from: Option<i32>,
    pub period_to: Option<i32>,
    /// Its focus: the key application scenarios, as written.
    pub focus: Option<String>,
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

/// A titled item of a section about trends or challenges (`trend`, `challenge`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutlineItem {
    /// The item's title as written, its number or bullet dropped (`异构计算深度融合`).
    pub title: String,
    /// The heading of the section it is in (`核心技术迭代演进`).
    pub section: Option<String>,
    /// The texts of the bullets under it (empty where the layout does not say which).
    pub points: Vec<String>,
    /// Evidence of the title itself: `quote` is the title.
    pub evidence: Evidence,
}

/// A fact, tagged by `kind` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    MarketSize(MarketSize),
    Cagr(Cagr),
    Investment(Investment),
    Policy(Policy),
    Source(Source),
    Trend(OutlineItem),
    Challenge(OutlineItem),
}

impl Fact {
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::MarketSize(_) => "market_size",
            Fact::Cagr(_) => "cagr",
            Fact::Investment(_) => "investment",
            Fact::Policy(_) => "policy",
            Fact::Source(_) => "source",
            Fact::Trend(_) => "trend",
            Fact::Challenge(_) => "challenge",
        }
    }

    /// The item of a `trend` or `challenge` fact.
    pub fn outline(&self) -> Option<&OutlineItem> {
        match self {
            Fact::Trend(f) | Fact::Challenge(f) => Some(f),
            _ => None,
        }
    }

    pub fn evidence(&self) -> &Evidence {
        match self {
            Fact::MarketSize(f) => &f.evidence,
            Fact::Cagr(f) => &f.evidence,
            Fact::Investment(f) => &f.evidence,
            Fact::Policy(f) => &f.evidence,
            Fact::Source(f) => &f.evidence,
            Fact::Trend(f) | Fact::Challenge(f) => &f.evidence,
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
    extract_in(&Context::new(doc))
}

/// All the facts of the document of `ctx` (its sentences and quantities, found once
/// and shared with the consistency checks).
pub fn extract_in(ctx: &Context) -> Vec<Fact> {
    let sources = source::extract(ctx);
    let report_date = source::latest_date(&sources).or_else(|| first_page_date(ctx));
    let mut markets = market_size::extract(ctx, report_date);
    let mut cagrs = cagr::extract(ctx, &markets);
    let mut investments = investment::extract(ctx);
    let nearest = source::Nearest::new(&sources);
    for f in &mut investments {
        f.fact.source = nearest.name(ctx, f.span.clone());
    }
    for m in &mut markets {
        m.fact.source = nearest.name(ctx, m.span.clone());
    }
    for c in &mut cagrs {
        c.fact.source = nearest.name(ctx, c.span.clone());
    }
    drop(nearest);
    let mut all: Vec<(usize, u8, Fact)> = Vec::new();
    all.extend(sources.into_iter().map(|f| (f.at, 0, Fact::Source(f.fact))));
    all.extend(markets.into_iter().map(|f| (f.at, 1, Fact::MarketSize(f.fact))));
    all.extend(cagrs.into_iter().map(|f| (f.at, 2, Fact::Cagr(f.fact))));
    all.extend(investments.into_iter().map(|f| (f.at, 3, Fact::Investment(f.fact))));
    let mut policies = policy::extract(ctx);
    policies.extend(policy::declarations(ctx));
    let named = policy::mentions(ctx, &policies);
    all.extend(policies.into_iter().chain(named).map(|f| (f.at, 4, Fact::Policy(f.fact))));
    let (trends, challenges) = outline::extract(ctx);
    all.extend(trends.into_iter().map(|f| (f.at, 5, Fact::Trend(f.fact))));
    all.extend(challenges.into_iter().map(|f| (f.at, 6, Fact::Challenge(f.fact))));
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
