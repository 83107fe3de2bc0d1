//! Facts from tables ([`crate::tables`]): a row whose label names a market's size
//! (`全球交换机市场规模（亿美元）`, `服务器PCB市场空间（亿美元）`), in a unit of money
//! the label, the title or the header label gives, is a market size a period column;
//! a column headed by a span and CAGR (`2022-2027E CAGR`) is a CAGR a row. Rates,
//! shares and changes (`YOY`, `毛利率`, `渗透率`, `占比`), counts (`万台`) and prices
//! (`价值量（美元）`: no market word) give none.

use super::Evidence;
use super::context::{market_keywords, region_in};
use crate::quantity::{Decimal, Value};
use crate::tables::{Cell, Table};
use regex::Regex;
use std::sync::LazyLock;

/// A market size read from a table cell: its row's subject and region, the column's
/// year and mark, the value in currency units, and where it stands.
pub(crate) struct TableMarket {
    pub subject: Option<String>,
    /// What the row measures (`market_size`, `output_value`, …).
    pub measure: &'static str,
    pub region: Option<String>,
    pub year: i32,
    /// The column is marked as an estimate (`2024E`, `2025F`, `预测`).
    pub estimated: bool,
    pub value: Decimal,
    pub currency: &'static str,
    pub at: usize,
    /// Where the table's own attribution stands, if it has one.
    pub source_at: Option<usize>,
    pub evidence: Evidence,
}

/// A CAGR read from a table: its row, the span its column names, the rate.
pub(crate) struct TableCagr {
    pub subject: Option<String>,
    pub region: Option<String>,
    pub from_year: i32,
    pub to_year: i32,
    pub rate: Decimal,
    pub at: usize,
    /// Where the table's own attribution stands, if it has one.
    pub source_at: Option<usize>,
    pub evidence: Evidence,
}

/// Measures of an industry's output that are a market size where the table is about
/// a market or an industry, not a firm (`全球PCB产值`, `行业销售额`; not a company's
/// `营业收入` in its `会计年度` accounts).
const OUTPUT_WORDS: &[&str] = &["产值", "销售额", "交易额", "零售额", "出货额", "营收", "收入"];
/// What says a table is about a market or an industry.
const INDUSTRY_WORDS: &[&str] = &["市场", "行业", "产业", "全球", "中国", "国内", "全国", "领域"];
/// What says a table holds a firm's accounts.
const FIRM_WORDS: &[&str] = &["公司", "会计年度", "利润表", "资产负债表", "现金流量表", "主营", "营业收入", "归母"];

/// Does `text` name a market's size: a market word, or an output word in a table
/// about an industry (`context`: the label, the title and the header's label)?
fn names_a_market(text: &str, context: &str) -> bool {
    if !market_keywords(text).is_empty() {
        return true;
    }
    OUTPUT_WORDS.iter().any(|w| text.contains(w))
        && INDUSTRY_WORDS.iter().any(|w| context.contains(w))
        && !FIRM_WORDS.iter().any(|w| context.contains(w))
}

/// Words of a label that make it a rate, a share or a change, not an amount.
const NOT_AN_AMOUNT: &[&str] = &["率", "占比", "比重", "同比", "增速", "增长", "yoy", "YOY", "YoY", "CAGR", "%"];

/// Words of a label that make it an amount of a business, not of a market: its
/// profit, its costs, its prices (`毛利`, `销售成本`, `系统均价`).
const NOT_A_MARKET: &[&str] = &["毛利", "利润", "净利", "成本", "费用", "均价", "单价", "价格", "税"];

/// A span header: `2022-2027E CAGR`, `2021-2025年复合增长率`.
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d{2})[EeFfAaPp]?\s*[-–~至]\s*((?:19|20)?\d{2})[EeFfAaPp]?年?\s*(?:CAGR|复合增长率|年复合增速|年均复合增长率)").unwrap()
});

/// The year of a period header cell and whether it is an estimate.
fn period(header: &str) -> Option<(i32, bool)> {
    let year: i32 = header.get(..4)?.parse().ok()?;
    if !(1900..=2100).contains(&year) || SPAN.is_match(header) || crate::tables::is_span(header) {
        return None;
    }
    let rest = &header[4..];
    let estimated = rest.starts_with(['E', 'e', 'F', 'f', 'P', 'p']) || rest.contains("预测") || rest.contains("预计");
    Some((year, estimated))
}

/// The money one unit of `unit` is (`亿美元` → 10^8 USD), if it is money.
fn money_unit(unit: &str) -> Option<(Decimal, &'static str)> {
    money_cell(&format!("1{unit}"))
}

/// The subject a row label names: its `其中：`, its unit and its market word dropped
/// (`其中：AI服务器PCB市场空间（亿美元）` → `AI服务器PCB`).
fn subject(label: &str) -> Option<String> {
    let mut s = label.trim();
    for lead in ["其中：", "其中:", "其中"] {
        s = s.strip_prefix(lead).unwrap_or(s);
    }
    let cut = s.find(['（', '(']).unwrap_or(s.len());
    let mut s = s[..cut].trim();
    for tail in ["市场空间", "市场规模", "市场容量", "产业规模", "行业规模", "规模", "市场"] {
        s = s.strip_suffix(tail).unwrap_or(s);
    }
    (s.chars().count() >= 2).then(|| s.to_string())
}

/// `100000000` → 8: a unit's scale (亿, 百万, 千) is a power of ten.
fn power_of_ten(d: &Decimal) -> Option<i32> {
    let s = d.to_string();
    let zeros = s.strip_prefix('1')?;
    zeros.chars().all(|c| c == '0').then_some(zeros.len() as i32)
}

/// The subject of a row: a segment of the title's measure (`全球储能变流器` and
/// `电网侧`; a total is the measure's own), else what its label names.
fn row_subject(title: &str, label: &str, segment: bool) -> Option<String> {
    if !segment {
        // a label that is only the measure (`市场规模（亿元）`) is the title's subject's
        return subject(label).or_else(|| title_subject(title));
    }
    match (title_subject(title), TOTALS.contains(&label)) {
        (Some(w), true) => Some(w),
        (Some(w), false) => Some(format!("{w}{label}")),
        (None, _) => Some(label.to_string()),
    }
}

/// Does the title or the header of `t` name the measure its rows are segments of
/// (`…在不同领域产值（百万美元）`, `2023 产值`)?
fn measured(t: &Table) -> bool {
    let head = header(t);
    let title = t.title.as_deref().unwrap_or("");
    names_a_market(title, &format!("{title} {}", head[0]))
        || head[1..].iter().any(|h| period(h).is_some() && names_a_market(&h[4..], title))
}

/// A cell that is an amount of money whole (`165亿元`, `$3.2bn`): its value and currency.
fn money_cell(text: &str) -> Option<(Decimal, &'static str)> {
    let t = text.trim();
    crate::quantity::scan(t).into_iter().find_map(|q| match q.value {
        Value::Money { value, currency } if q.start == 0 && q.end == t.len() => Some((value, currency)),
        _ => None,
    })
}

/// A row with a unit of its own (`价值量（美元）`) says itself what it measures: it is
/// no segment of the table's measure.
fn own_unit(label: &str) -> bool {
    crate::tables::unit_in(label).is_some() || label.contains(['（', '('])
}

/// What tells what a row of `t` is about: its label, the title, the header's label.
fn context(t: &Table, label: &str) -> String {
    format!("{label} {} {}", t.title.as_deref().unwrap_or(""), header(t)[0])
}

/// Row labels that are the sum of the rows above.
const TOTALS: &[&str] = &["合计", "总计", "总体", "整体", "全部", "总和"];

/// What a table's title measures, its unit and measure words dropped:
/// `全球储能变流器在不同应用领域产值（百万美元）` → `全球储能变流器`.
fn title_subject(title: &str) -> Option<String> {
    let t = title.split(['：', ':']).next_back().unwrap_or(title);
    let cut = ["在", "按", "分", "各", "不同", "（", "("].iter().filter_map(|w| t.find(w)).min().unwrap_or(t.len());
    let mut s = t[..cut].trim();
    for tail in OUTPUT_WORDS.iter().chain(["市场空间", "市场规模", "规模", "市场"].iter()) {
        s = s.strip_suffix(tail).unwrap_or(s);
    }
    (s.chars().count() >= 2).then(|| s.to_string())
}

fn figure(text: &str) -> Option<Decimal> {
    let t: String = text.trim().chars().filter(|&c| c != ',').collect();
    if t.is_empty() || t.ends_with(['%', '％']) {
        return None;
    }
    Decimal::parse(&t)
}

fn percent(text: &str) -> Option<Decimal> {
    let t = text.trim();
    Decimal::parse(t.strip_suffix(['%', '％'])?.trim())
}

/// Evidence of a table cell: its page and box, its bytes, and a quote that reads as
/// the row, the column and the cell: `全球交换机市场规模（亿美元） 2020: 344`. None where
/// the cell's words could not be placed in the normalized text (no fact without
/// evidence).
fn evidence(
    doc: &crate::normalize::Document,
    t: &Table,
    label: &str,
    header: &str,
    cell: &Cell,
) -> Option<(usize, Evidence)> {
    let span = cell.span.clone().filter(|s| !s.is_empty())?;
    let at_span = doc.text[span.clone()].to_string();
    let evidence = Evidence {
        page: t.page,
        start: doc.char_offset(span.start),
        end: doc.char_offset(span.end),
        quote: format!("{label} {header}: {at_span}"),
        cell: Some(at_span),
        // a text's boxes are made up (a monospaced page): only a PDF's are on a page
        bbox: (doc.format == crate::ingest::Format::Pdf).then_some(cell.bbox),
    };
    Some((span.start, evidence))
}

/// The bytes of the normalized text each row of `tables` spans (its first cell to
/// its last): what the extractors of running text leave to the tables, so that a
/// row of a text input is not read twice.
fn row_spans(tables: &[Table]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = tables
        .iter()
        .flat_map(|t| t.cells.iter())
        .filter_map(|row| {
            let spans: Vec<&std::ops::Range<usize>> = row.iter().flatten().filter_map(|c| c.span.as_ref()).collect();
            Some(spans.iter().map(|s| s.start).min()?..spans.iter().map(|s| s.end).max()?)
        })
        .collect();
    out.sort_by_key(|r| r.start);
    out
}

/// `found` without the facts of running text anchored in a row of `tables`: a table's
/// facts are read from the table.
pub(crate) fn drop_in_rows<T>(found: &mut Vec<super::Found<T>>, tables: &[Table]) {
    let rows = row_spans(tables);
    found.retain(|f| !in_rows(&rows, f.at));
}

/// Does byte `at` fall in one of `rows` ([`row_spans`])?
fn in_rows(rows: &[std::ops::Range<usize>], at: usize) -> bool {
    let k = rows.partition_point(|r| r.start <= at);
    k > 0 && rows[..k].iter().rev().take(4).any(|r| r.contains(&at))
}

/// A measured series of a table: its label, and its cells with their periods (a
/// column's header after the merged cell over it: `2025 预测`).
struct Series<'t> {
    label: &'t str,
    points: Vec<(String, &'t Cell)>,
}

/// The header of column `k` of `t`, after the merged header cell over it, if any
/// (the nearest one at or left of it in a header row above: `预测` over 2025 and 2026).
fn column_header(t: &Table, k: usize) -> String {
    let head = &header(t)[k];
    let over = t.rows[..t.header_rows - 1].iter().filter_map(|r| r[1..=k].iter().rev().find(|c| !c.is_empty()));
    over.fold(head.clone(), |h, m| format!("{h} {m}"))
}

/// The series of `t`: each row under a header of periods, or each column over a
/// first column of periods.
fn series(t: &Table) -> Vec<Series<'_>> {
    let head = header(t);
    let body = t.header_rows..t.rows.len();
    if t.periods == "rows" {
        return (1..head.len())
            .map(|k| Series {
                label: &head[k],
                points: body
                    .clone()
                    .filter_map(|r| Some((t.rows[r][0].clone(), t.cells[r].get(k)?.as_ref()?)))
                    .collect(),
            })
            .collect();
    }
    body.map(|r| Series {
        label: &t.rows[r][0],
        points: (1..head.len()).filter_map(|k| Some((column_header(t, k), t.cells[r].get(k)?.as_ref()?))).collect(),
    })
    .collect()
}

/// The header row of `t`: its cells' texts.
fn header(t: &Table) -> &[String] {
    &t.rows[t.header_rows - 1]
}

/// The market sizes of the tables `tables` of `doc`.
pub(crate) fn markets(doc: &crate::normalize::Document, tables: &[Table]) -> Vec<TableMarket> {
    let mut out = Vec::new();
    for t in tables {
        let head = header(t);
        let table_unit = t.unit.clone().or_else(|| crate::tables::unit_in(&head[0]));
        let title = t.title.as_deref().unwrap_or("");
        // the title or the header names the measure: then each row is a segment of it
        let measured = measured(t);
        for Series { label, points } in series(t) {
            let context = context(t, label);
            let segment = measured && !own_unit(label);
            if label.is_empty()
                || !(names_a_market(label, &context) || segment)
                || NOT_AN_AMOUNT.iter().chain(NOT_A_MARKET).any(|w| label.contains(w))
            {
                continue;
            }
            // the unit of the row (its label's, else the table's); or none, where each cell
            // writes its own (`165亿元`)
            let unit = crate::tables::unit_in(label).or_else(|| table_unit.clone()).and_then(|u| money_unit(&u));
            if unit.is_none() && !points.iter().any(|(_, c)| money_cell(&c.text).is_some()) {
                continue;
            }
            let subject = row_subject(title, label, segment && !names_a_market(label, &context));
            // the label's measure word, else the title's or the header's (`2023 产值`), else a market's size
            let heads = head.join(" ");
            let measure = [label, title, heads.as_str()]
                .iter()
                .find_map(|t| super::context::measure_keywords(t).first().map(|(_, m)| *m))
                .unwrap_or(super::market_size::MARKET_SIZE);
            let region = region_in(label).or_else(|| t.title.as_deref().and_then(region_in)).map(str::to_string);
            for (h, cell) in points {
                let Some((year, estimated)) = period(&h) else { continue };
                // a column of changes (`2023 同比`) holds no amounts
                if NOT_AN_AMOUNT.iter().any(|w| h.contains(w)) {
                    continue;
                }
                let amount = match &unit {
                    Some((scale, currency)) => {
                        figure(&cell.text).zip(power_of_ten(scale)).map(|(v, p)| (v.scale(p), *currency))
                    }
                    None => money_cell(&cell.text),
                };
                let Some((value, currency)) = amount else { continue };
                let Some((at, evidence)) = evidence(doc, t, label, &h, cell) else { continue };
                out.push(TableMarket {
                    subject: subject.clone(),
                    measure,
                    region: region.clone(),
                    year,
                    estimated,
                    value,
                    currency,
                    at,
                    source_at: t.source_at,
                    evidence,
                });
            }
        }
    }
    out
}

/// A span in a growth row's label: `复合增长率（2021-2025）`, `2021-25年CAGR`.
static LABEL_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})[EeFfAa]?\s*[-–~至]\s*((?:19|20)?\d{2})(?:\D|$)").unwrap());

/// The span `from`-`to` (two-digit `to` in `from`'s century); none unless it rises.
fn span_years(from: &str, to: &str) -> Option<(i32, i32)> {
    let from: i32 = from.parse().ok()?;
    let to: i32 = match to.len() {
        2 => from / 100 * 100 + to.parse::<i32>().ok()?,
        _ => to.parse().ok()?,
    };
    (to > from).then_some((from, to))
}

/// The CAGRs of the tables `tables` of `doc`: a span column's rates, a row each; a
/// growth row's rates under a header of measures, a column each.
pub(crate) fn cagrs(doc: &crate::normalize::Document, tables: &[Table]) -> Vec<TableCagr> {
    let mut out = Vec::new();
    for t in tables.iter().filter(|t| t.periods == "rows") {
        let head = header(t);
        for (r, row) in t.rows.iter().enumerate().skip(t.header_rows) {
            let label = &row[0];
            let Some(c) =
                LABEL_SPAN.captures(label).filter(|_| crate::tables::GROWTH_LABEL.iter().any(|w| label.contains(w)))
            else {
                continue;
            };
            let Some((from_year, to_year)) = span_years(&c[1], &c[2]) else { continue };
            for (k, measure) in head.iter().enumerate().skip(1) {
                let Some(Some(cell)) = t.cells[r].get(k) else { continue };
                let Some(rate) = percent(&cell.text) else { continue };
                let Some((at, evidence)) = evidence(doc, t, label, measure, cell) else { continue };
                out.push(TableCagr {
                    subject: subject(measure).or_else(|| t.title.as_deref().and_then(title_subject)),
                    region: region_in(measure).or_else(|| t.title.as_deref().and_then(region_in)).map(str::to_string),
                    from_year,
                    to_year,
                    rate,
                    at,
                    source_at: t.source_at,
                    evidence,
                });
            }
        }
    }
    for t in tables.iter().filter(|t| t.periods == "columns") {
        let head = header(t);
        for (k, h) in head.iter().enumerate().skip(1) {
            let Some(c) = SPAN.captures(h) else { continue };
            let Some((from, to)) = span_years(&c[1], &c[2]) else { continue };
            let title = t.title.as_deref().unwrap_or("");
            let measured = measured(t);
            for (r, row) in t.rows.iter().enumerate().skip(t.header_rows) {
                let label = &row[0];
                let Some(Some(cell)) = t.cells[r].get(k) else { continue };
                let Some(rate) = percent(&cell.text) else { continue };
                let Some((at, evidence)) = evidence(doc, t, label, h, cell) else { continue };
                let segment = measured && !own_unit(label) && !names_a_market(label, &context(t, label));
                out.push(TableCagr {
                    subject: row_subject(title, label, segment),
                    region: region_in(label).or_else(|| t.title.as_deref().and_then(region_in)).map(str::to_string),
                    from_year: from,
                    to_year: to,
                    rate,
                    at,
                    source_at: t.source_at,
                    evidence,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_units_and_periods() {
        assert_eq!(subject("其中：AI服务器PCB市场空间（亿美元）").as_deref(), Some("AI服务器PCB"));
        assert_eq!(subject("全球交换机市场规模（亿美元）").as_deref(), Some("全球交换机"));
        assert_eq!(money_unit("亿美元").map(|(v, c)| (v.to_string(), c)), Some(("100000000".to_string(), "USD")));
        assert_eq!(money_unit("百万美元").map(|(v, c)| (v.to_string(), c)), Some(("1000000".to_string(), "USD")));
        assert_eq!(money_unit("万台"), None);
        assert_eq!(period("2024E"), Some((2024, true)));
        assert_eq!(period("2021"), Some((2021, false)));
        assert_eq!(period("2023A"), Some((2023, false)));
        assert_eq!(period("2022-2027E CAGR"), None);
        assert!(SPAN.is_match("2022-2027E CAGR"));
        assert_eq!(figure("1,067").map(|d| d.to_string()).as_deref(), Some("1067"));
        assert_eq!(figure("9.32%"), None);
    }
}
