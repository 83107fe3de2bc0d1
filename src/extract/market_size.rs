//! `market_size`: an amount of money that a sentence about a market's size gives
//! for a year (`2024年中国AI大模型市场规模达到165亿元`).
//!
//! An amount counts when a market keyword (`data/keywords.tsv`: 市场规模, 市场空间, ...)
//! governs it: earlier in the sentence, or later in its own clause. Amounts in a
//! clause about investment (投资, 斥资, ...) and restatements in brackets
//! (`（约650亿美元）`) do not.

use super::context::{
    Context, Role, Subject, clauses, has_keyword, listed_regions_in, market_keywords, measure_fits, measure_keywords,
    only_links, region_in, subject_before, without_leading_place,
};
use super::registry::{Cell, Column, Fact, Part};
use super::{Evidence, Money};
use super::{Found, evidence};
use crate::quantity::{Decimal, Qualifier};
use crate::quantity::{Quantity, Value};
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// The columns of a market size, in the order the views show them.
pub static COLUMNS: &[Column<MarketSize>] = &[
    Column::brief("year", |m| Cell::int(m.year)),
    Column::brief("region", |m| Cell::text(&m.region)),
    Column::brief("subject", |m| Cell::text(&m.subject)),
    Column::brief("value", |m| Cell::Number(m.value.clone())),
    Column::brief("currency", |m| Cell::Code(m.currency)),
    Column::full("approx", |m| Cell::Flag(m.approx, "approx", "exact")),
    Column::brief("qualifier", |m| Cell::qualifier(m.qualifier)),
    Column::brief("forecast", |m| Cell::Flag(m.forecast, "forecast", "actual")),
    Column::brief("source", |m| Cell::text(&m.source)),
    Column::full("converted_value", |m| m.converted.as_ref().map_or(Cell::Empty, |c| Cell::Number(c.value.clone()))),
    Column::full("converted_currency", |m| Cell::code(m.converted.as_ref().map(|c| c.currency))),
    Column::full("measure", |m| Cell::Code(m.measure)),
];

/// The market sizes of a part, from its text and from its tables (but those a
/// sentence of the page gives too), each bound to its nearest data source.
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    let mut found = extract(part.ctx, part.report_date);
    super::from_tables::drop_in_rows(&mut found, part.tables);
    for t in super::from_tables::markets(part.ctx.doc, part.tables) {
        // the figure a sentence of its page already gives (the text above a table)
        let said = |m: &MarketSize| {
            m.value == t.value
                && m.currency == t.currency
                && m.year == Some(t.year)
                && m.evidence.page == t.evidence.page
        };
        if found.iter().any(|f| f.fact.evidence.cell.is_none() && said(&f.fact)) {
            continue;
        }
        let forecast = t.estimated || part.report_date.is_some_and(|(y, _)| t.year > y);
        // the table's own attribution, else (below) the nearest one
        let source = t.source_at.and_then(|s| part.source_for(s..s + 1, t.region.as_deref()));
        found.push(Found {
            at: t.at,
            span: t.at..t.at + 1,
            fact: MarketSize {
                subject: t.subject,
                measure: t.measure,
                region: t.region,
                year: Some(t.year),
                value: t.value,
                currency: t.currency,
                approx: false,
                qualifier: None,
                forecast,
                source,
                converted: None,
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
            Found { at: f.at, span: f.span, fact: Fact::MarketSize(f.fact) }
        })
        .collect()
}

/// The size of a market in a year.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketSize {
    /// The market as written (`大型语言模型（LLM）`, `中国AI大模型`).
    pub subject: Option<String>,
    /// What the amount measures: `market_size` (市场规模, 市场空间, …) or another
    /// measure of the industry's size (`data/measures.tsv`): `output_value` (产值),
    /// `revenue` (营收, 业务收入), `sales` (销售额), `transaction_value` (交易额),
    /// `retail_sales` (零售额), `shipment_value` (出货额), `ad_revenue` (广告收入).
    pub measure: &'static str,
    /// `global`, an ISO 3166 code (`CN`), `EU`, or a province (`广东省`).
    pub region: Option<String>,
    pub year: Option<i32>,
    /// The absolute amount in currency units: `15.9亿美元` → 1590000000.
    pub value: Decimal,
    /// ISO 4217.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: &'static str,
    /// A qualifier stands beside the amount (约, 近, 超过, ...).
    pub approx: bool,
    /// Which qualifier: approx, over, at_least, under, at_most.
    pub qualifier: Option<Qualifier>,
    /// A forecast (预计, 将达到, 有望, or a year after the report's own date).
    pub forecast: bool,
    /// The data source bound to it: the nearest attribution on the same page.
    pub source: Option<String>,
    /// The same amount restated in another currency (`（约合3600亿元）`).
    pub converted: Option<Money>,
    pub evidence: Evidence,
}

/// The measure of a market word's amount.
pub(crate) const MARKET_SIZE: &str = "market_size";

/// Entities counted before the market word: `16个省市区`, `5家企业`.
static COUNTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+\s*(?:个|家|座|项|所)").unwrap());

pub(crate) fn extract(ctx: &Context, report_date: Option<(i32, u32)>) -> Vec<Found<MarketSize>> {
    let mut out: Vec<Found<MarketSize>> = Vec::new();
    for (si, s) in ctx.sentences.iter().enumerate() {
        let written = ctx.sentence_quantities(si);
        // (no amount: no market size, whatever its words; no pattern need read it)
        if written.is_empty() {
            continue;
        }
        let text = ctx.text(s.start..s.end);
        // market words (`市场规模`) and measure words (`产值`, `零售额`), the longer where
        // they overlap (`交易规模`), each with what it measures
        let measures = measure_keywords(text);
        let mut found_kws: Vec<(Range<usize>, &'static str)> = market_keywords(text)
            .into_iter()
            .filter(|k| !measures.iter().any(|(m, _)| m.start < k.end && k.start < m.end))
            .map(|k| (k, MARKET_SIZE))
            .chain(measures.clone())
            .map(|(k, m)| (s.start + k.start..s.start + k.end, m))
            .collect();
        found_kws.sort_by_key(|(k, _)| k.start);
        if found_kws.is_empty() {
            continue;
        }
        let qs = &with_implied_money(ctx, si, written);
        if !qs.iter().any(|q| matches!(q.value, Value::Money { .. })) {
            continue;
        }
        let clauses = clauses(&ctx.doc.text, s.start..s.end);
        let clause_of =
            |at: usize| clauses.iter().find(|c| c.contains(&at) || c.end == at).cloned().unwrap_or(s.start..s.end);
        // a measure word after a market word in its clause restates it (`市场规模2024年的产值为`)
        let markets_at: Vec<Range<usize>> =
            found_kws.iter().filter(|(_, m)| *m == MARKET_SIZE).map(|(k, _)| k.clone()).collect();
        found_kws.retain(|(k, m)| {
            *m == MARKET_SIZE
                || !markets_at.iter().any(|w| w.end <= k.start && clause_of(w.start) == clause_of(k.start))
        });
        let kws: Vec<Range<usize>> = found_kws.iter().map(|(k, _)| k.clone()).collect();
        let measure_of = |k: &Range<usize>| found_kws.iter().find(|(r, _)| r == k).map_or(MARKET_SIZE, |(_, m)| *m);
        let first_in_sentence = out.len();
        for (qi, q) in qs.iter().enumerate() {
            let Value::Money { value, currency } = &q.value else { continue };
            // (money only by the sentence's money words: `突破8000亿`)
            let implied = !matches!(written[qi].value, Value::Money { .. });
            if ctx.restates(qs, qi).is_some() || ctx.is_unit_label(q) {
                continue;
            }
            let clause = clause_of(q.start);
            let ctext = ctx.text(clause.clone());
            if has_keyword(ctext, Role::Investment) {
                continue;
            }
            let before = kws.iter().rfind(|k| k.end <= q.start);
            let after = kws.iter().find(|k| k.start >= q.end && k.end <= clause.end);
            let Some(kw) = before.or(after) else { continue };
            // money without its unit only for a word that is money (`市场规模`, `收入`), not
            // a bare 规模 (`网民规模达10.9亿`)
            if implied && measure_of(kw) == MARKET_SIZE && ctx.text(kw.clone()) == "规模" {
                let head = ctx.text(s.start..kw.start);
                if !["市场", "产业", "行业"].iter().any(|w| head.ends_with(w)) {
                    continue;
                }
            }
            // What stands between the market word (or the start of a later clause) and
            // the amount must only link them: else the amount is of something else.
            if before.is_some() {
                let lead_start = if kw.start >= clause.start { kw.end } else { clause.start };
                if !only_links(ctx.text(lead_start..q.start)) {
                    continue;
                }
            }
            // `带动经济增长规模`: an effect, not a market; `16个省市区数字经济规模突破1万亿元`:
            // how many pass a threshold, not a market's size
            let head = ctx.text(clause_of(kw.start).start..kw.start);
            if has_keyword(head, Role::Impact) || COUNTED.is_match(head) {
                continue;
            }
            // A subject is borrowed only within the sentence, and only by a market word
            // with no words of its own before it (`预计到2028年市场规模将达到624亿元`).
            let previous = out[first_in_sentence..].last();
            let own_subject = subject_before(&ctx.doc.text, clause_of(kw.start).start..kw.start);
            let inherited = own_subject == Subject::Empty;
            let subject = match own_subject {
                Subject::Found(s) => Some(s),
                Subject::Empty => previous.and_then(|p| p.fact.subject.clone()),
                Subject::Unclear => None,
            };
            // a measure word (`营业收入`) counts for an industry or an economy the clause
            // names, never for a firm (`公司营业收入`, `头部企业销售额`) nor per head (`人均`)
            let measure = measure_of(kw);
            // (a measure said again of the subject just sized by it: `2022年大陆AI服务器
            // 销售额为72.55亿美元，预计到2027年销售额将达到163.99亿美元`)
            let same_measure_again = inherited && previous.is_some_and(|p| p.fact.measure == measure);
            if measure != MARKET_SIZE
                && (subject.is_none()
                    || (inherited && !same_measure_again)
                    || has_keyword(head, Role::Company)
                    || subject.as_deref().is_some_and(|s| has_keyword(s, Role::Company))
                    || head.contains("人均")
                    || subject.as_deref().is_some_and(|s| !measure_fits(ctx.text(kw.clone()), s)))
            {
                continue;
            }
            // `中美两国…市场规模分别为56、46亿美元`: one region to each amount
            let respectively = if text.contains("分别") || text.contains("依次") {
                let (at, of) = ctx.list_position(qs, qi);
                let regions = listed_regions_in(ctx.text(clause_of(kw.start).start..kw.start));
                (of > 1 && regions.len() == of).then(|| regions[at].map(str::to_string))
            } else {
                None
            };
            let subject = match &respectively {
                Some(_) => subject.map(|s| without_leading_place(&s).to_string()),
                None => subject,
            };
            let region = respectively.unwrap_or_else(|| {
                subject
                    .as_deref()
                    .and_then(region_in)
                    .map(str::to_string)
                    .or_else(|| subject.as_deref().and_then(place_word))
                    .or_else(|| previous.filter(|_| inherited).and_then(|p| p.fact.region.clone()))
                    .or_else(|| {
                        [ctext, ctx.text(s.start..q.start), ctx.previous_sentence_text(si)]
                            .into_iter()
                            .find_map(region_in)
                            .map(str::to_string)
                    })
            });
            let year = listed_year(ctx, qs, qi, s.start, text)
                .or_else(|| year_for(qs, qi, &clause, s.start, |x| x.value.year().or_else(|| ctx.two_digit_year(x))))
                .or_else(|| year_from_range(qs, qi, s.start))
                .or_else(|| year_across_semicolon(ctx, si, qs, qi));
            let lead = ctx.text(clause.start..q.start);
            let after_report = matches!((year, report_date), (Some(y), Some((ry, _))) if y > ry);
            let forecast = has_keyword(lead, Role::Forecast) || after_report;
            out.push(Found {
                at: q.start,
                span: s.start..s.end,
                fact: MarketSize {
                    subject,
                    measure,
                    region,
                    year,
                    value: value.clone(),
                    currency,
                    approx: q.qualifier.is_some(),
                    qualifier: q.qualifier,
                    forecast,
                    source: None,
                    converted: ctx.restated(qs, qi),
                    evidence: evidence(ctx, s),
                },
            });
        }
    }
    out
}

/// `行业规模在2023年突破8000亿`, `收入超过千亿`: in a sentence that sizes a market, a figure
/// written with 亿 and no unit after it is money, in the currency the sentence (or the
/// one before it in its paragraph) writes money in, else yuan.
fn with_implied_money(ctx: &Context, si: usize, qs: &[Quantity]) -> Vec<Quantity> {
    let text = &ctx.doc.text;
    let written_in = |qs: &[Quantity]| {
        qs.iter().find_map(|q| match q.value {
            Value::Money { currency, .. } => Some(currency),
            _ => None,
        })
    };
    let previous = ctx.previous_sentence(si);
    let currency = written_in(qs)
        .or_else(|| previous.and_then(|p| written_in(ctx.quantities_in(p.start..p.end))))
        .unwrap_or("CNY");
    qs.iter()
        .map(|q| {
            let mut q = q.clone();
            if let Value::Number { value } = &q.value {
                let after = text[q.end..].trim_start_matches(' ').chars().next();
                let bare_after = after.is_none_or(|c| !crate::chars::is_han(c) || "左以的".contains(c));
                if text[q.start..q.end].ends_with('亿') && bare_after && !value.is_negative() {
                    q.value = Value::Money { value: value.clone(), currency };
                }
            }
            q
        })
        .collect()
}

/// The year a sentence ended by `；` states, for the amount `qs[qi]` of the next one in
/// its paragraph, which states none (`2024年A市场规模约2.3万亿元；B市场规模达1.1万亿元`:
/// one sentence split at `；`). A range there, or two years (`2017年到2021年，…；…由5.5万亿
/// 增长至9.5万亿元`), gives its first year to the sentence's first amount, its last to the
/// second; one year goes only to a sentence of one amount.
fn year_across_semicolon(ctx: &Context, si: usize, qs: &[Quantity], qi: usize) -> Option<i32> {
    // (in its paragraph only: a year does not cross a paragraph's end)
    let prev = ctx.previous_sentence(si)?;
    if !ctx.text(prev.start..prev.end).trim_end().ends_with(['；', ';']) {
        return year_of_previous_figure(ctx, prev, qs);
    }
    let nth = qs[..qi].iter().filter(|x| matches!(x.value, Value::Money { .. })).count();
    let before = ctx.quantities_in(prev.start..prev.end);
    // a range, or two years written apart (`2017年到 2021年`), else one year
    let range = before.iter().rev().find_map(|q| match q.value {
        Value::YearRange { from, to } => Some((from, to)),
        _ => None,
    });
    let years: Vec<i32> = before
        .iter()
        .filter_map(|q| match q.value {
            Value::Year { year } | Value::Date { year, .. } => Some(year),
            _ => None,
        })
        .collect();
    let span = range.or_else(|| {
        (years.len() >= 2 && years[0] < years[years.len() - 1]).then(|| (years[0], years[years.len() - 1]))
    });
    match (span, years.last()) {
        (Some((from, to)), _) => match nth {
            0 => Some(from),
            1 => Some(to),
            _ => None,
        },
        // one year for one amount: a pair of amounts (`由X增长至Y`) wants two years
        (None, Some(&year)) if qs.iter().filter(|x| matches!(x.value, Value::Money { .. })).count() == 1 => Some(year),
        _ => None,
    }
}

/// `2022年和2023年…销售额分别为3100、3500亿元`: years listed before amounts listed as many,
/// given 分别 (respectively), one to each.
fn listed_year(ctx: &Context, qs: &[Quantity], qi: usize, sentence_start: usize, sentence: &str) -> Option<i32> {
    if !sentence.contains("分别") && !sentence.contains("依次") {
        return None;
    }
    let (at, of) = ctx.list_position(qs, qi);
    let first_amount = qi - at;
    // the years right before the list, joined by 和 、 与 及
    let mut years = Vec::new();
    let mut j = first_amount;
    while let Some(k) = j.checked_sub(1) {
        let q = &qs[k];
        if q.start < sentence_start {
            break;
        }
        match q.value {
            Value::Year { year } => {
                let joined = years.is_empty() || {
                    let gap = ctx.text(q.end..qs[j].start).trim();
                    ["和", "、", "与", "及", "/"].contains(&gap)
                };
                if !joined {
                    break;
                }
                years.push(year);
            }
            _ if years.is_empty() => {}
            _ => break,
        }
        j = k;
    }
    years.reverse();
    (of > 1 && years.len() == of).then(|| years[at])
}

/// `2021年全国农村网络零售额达2.05万亿元，…。全国农产品网络零售额达4221亿元`: a sentence
/// of one amount and no year of its own, right after a sentence of its paragraph that
/// gives money for one year and no other, is of that year.
fn year_of_previous_figure(ctx: &Context, prev: &super::context::Sentence, qs: &[Quantity]) -> Option<i32> {
    let money = |q: &&Quantity| matches!(q.value, Value::Money { .. });
    if qs.iter().filter(money).count() != 1 || qs.iter().any(|q| q.value.year().is_some()) {
        return None;
    }
    let before = ctx.quantities_in(prev.start..prev.end);
    if !before.iter().any(|q| money(&q)) || before.iter().any(|q| matches!(q.value, Value::YearRange { .. })) {
        return None;
    }
    let mut years: Vec<i32> = before.iter().filter_map(|q| q.value.year()).collect();
    years.dedup();
    match years.as_slice() {
        [year] => Some(*year),
        _ => None,
    }
}

/// A place the regions table does not hold, by jieba's tag for place names (`ns`)
/// at the head of a subject (`济南市人工智能` → `济南市`): kept as written.
fn place_word(subject: &str) -> Option<String> {
    let tokens = crate::segment::tag(subject, &[]);
    let first = tokens.first()?;
    let han = first.word.chars().count() >= 2 && first.word.chars().all(crate::chars::is_han);
    (first.tag == "ns" && han).then(|| first.word.to_string())
}

/// `2017年到2021年，规模从27.2万亿增至45.5万亿元`: the first amount after a year range is
/// for its first year, the second for its last.
fn year_from_range(qs: &[Quantity], qi: usize, sentence_start: usize) -> Option<i32> {
    let (ri, from, to) =
        qs[..qi].iter().enumerate().rev().filter(|(_, x)| x.start >= sentence_start).find_map(|(i, x)| {
            match x.value {
                Value::YearRange { from, to } => Some((i, from, to)),
                _ => None,
            }
        })?;
    let nth = qs[ri + 1..qi].iter().filter(|x| matches!(x.value, Value::Money { .. })).count();
    match nth {
        0 => Some(from),
        1 => Some(to),
        _ => None,
    }
}

/// The year of the amount `qs[qi]`: the last year before it in its clause, else
/// the first after it in its clause, else the last before it in the sentence (a year
/// as `year` reads it).
fn year_for(
    qs: &[Quantity],
    qi: usize,
    clause: &Range<usize>,
    sentence_start: usize,
    year: impl Fn(&Quantity) -> Option<i32>,
) -> Option<i32> {
    let q = &qs[qi];
    qs[..qi]
        .iter()
        .rev()
        .filter(|x| x.start >= clause.start)
        .find_map(&year)
        .or_else(|| qs[qi + 1..].iter().filter(|x| x.end <= clause.end).find_map(&year))
        .or_else(|| qs[..qi].iter().rev().filter(|x| x.start >= sentence_start && x.end <= q.start).find_map(&year))
}
