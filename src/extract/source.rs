//! `source`: data-source attributions (`数据来源：`, `资料来源：`, `图片来源：`, `来源：`).

use super::Evidence;
use super::Found;
use super::context::{Context, Sentence};
use super::registry::{Cell, Column, Fact, Part};
use crate::quantity::{self, Value};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The columns of a data source, in the order the views show them.
pub static COLUMNS: &[Column<Source>] = &[
    Column::brief("name", |s| Cell::Text(s.name.clone())),
    Column::brief("date", |s| Cell::text(&s.date)),
    Column::full("text", |s| Cell::Text(s.text.clone())),
    Column::full("names", |s| Cell::List(s.names.clone())),
];

/// The part's data sources: found before the parts are read (the other kinds bind to them).
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    part.sources.iter().map(|f| Found { at: f.at, span: f.span.clone(), fact: Fact::Source(f.fact.clone()) }).collect()
}

/// A data-source attribution (`数据来源：...`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who the data is attributed to, generic words dropped (`赛迪智库`).
    pub name: String,
    /// Its date, ISO 8601 (`2025-03`).
    #[schemars(regex(pattern = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"))]
    pub date: Option<String>,
    /// The attribution as written, after its label.
    pub text: String,
    /// Each body the attribution lists, as `name` joins them (`["IDC", "中泰证券研究所"]`).
    pub names: Vec<String>,
    pub evidence: Evidence,
}

/// Parts of an attribution that name no one (`网络公开资料`).
const GENERIC: &[&str] = &["网络公开资料", "公开资料", "网络资料", "公开信息", "网络", "互联网"];
/// What an attribution adds after the name of who made it (`赛迪智库整理`, `易观分析测算`:
/// 分析 stays, being part of names as often as a method).
const SUFFIXES: &[&str] = &["整理", "绘制", "制图", "制作", "统计", "测算", "预测", "汇总", "自主研究", "研究预测"];
/// Notes beside the bodies (`仅供参考`, `具体方法详见前期报告《…》`): no body.
const NOTES: &[&str] = &["仅供参考", "请参考", "请参阅", "详见", "参见", "注："];

/// An attribution in running text at a line's head: `数据来源基于某数据库，截至…`,
/// `资料来源于某协会。` (the body up to the clause's end).
/// The bytes of the body: 2 to 40 chars up to the first of `，,。；;（(` (at most 40),
/// after `数据来源` or `资料来源` and one of `基于 于 自 为`. (Read by hand: as a
/// pattern, `^(?:数据|资料)来源(?:基于|于|自|为)([^，,。；;（(]{2,40})`, its forty
/// copies of a class of all but seven chars cost more to compile than all the lines
/// of a report cost to read.)
fn running(line: &str) -> Option<std::ops::Range<usize>> {
    let rest = line.strip_prefix("数据").or_else(|| line.strip_prefix("资料"))?.strip_prefix("来源")?;
    let rest = ["基于", "于", "自", "为"].iter().find_map(|verb| rest.strip_prefix(verb))?;
    let start = line.len() - rest.len();
    let body =
        rest.char_indices().take(40).take_while(|&(_, c)| !matches!(c, '，' | ',' | '。' | '；' | ';' | '（' | '('));
    let (chars, end) = body.fold((0, start), |(n, _), (i, c)| (n + 1, start + i + c.len_utf8()));
    (chars >= 2).then_some(start..end)
}

/// An attribution in brackets inside a line: `图 | 安全多方计算的历程（来源：CB Insights 中国）`.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"[（(](?:{})[ \t]*[:：][ \t]*([^（）()]+)[）)]", crate::data::source_labels())).unwrap()
});

pub(crate) fn extract(ctx: &Context) -> Vec<Found<Source>> {
    let _stage = crate::timing::start(crate::timing::Stage::Extract);
    let text = &ctx.doc.text;
    let mut out = Vec::new();
    // a label, a running attribution and one in brackets all hold 来源: the lines
    // read are those a search of the part for it meets, each once
    // (lines end at the breaks of chars::breaks: line and page breaks)
    let part = &text.as_bytes()[ctx.range.clone()];
    // (where the last line read ends, in `part`: a break, which the search back from
    // the next line's 来源 stops at, so that each byte is searched once however long
    // the lines)
    let mut last_end: Option<usize> = None;
    for at in memchr::memmem::find_iter(part, "来源".as_bytes()) {
        if last_end.is_some_and(|e| at < e) {
            continue;
        }
        let from = last_end.unwrap_or(0);
        let start = ctx.range.start + memchr::memrchr2(b'\n', b'\x0c', &part[from..at]).map_or(from, |i| from + i + 1);
        let end_in_part = memchr::memchr2(b'\n', b'\x0c', &part[at..]).map_or(part.len(), |i| at + i);
        last_end = Some(end_in_part);
        let end = ctx.range.start + end_in_part;
        let line = &text[start..end];
        let body_start = start + (line.len() - line.trim_start_matches(['•', ' ']).len());
        // the line from its body on (a bullet and spaces before it left out)
        let from_body = &text[body_start..end];
        let found = |from: usize, to: usize, body: &str| {
            let span = Sentence { start: from, end: to, line_start: start, page: ctx.doc.page_of(from) };
            Found { at: from, span: from..to, fact: parse(body, super::evidence(ctx, &span)) }
        };
        if let Some(label_len) = crate::data::source_label(from_body) {
            let whole = from_body.trim_end();
            let mut body = whole.get(label_len..).unwrap_or("").trim();
            if text[body_start..body_start + label_len].contains(['（', '(']) {
                body = body.strip_suffix(['）', ')']).unwrap_or(body);
            }
            if !body.is_empty() {
                out.push(found(body_start, body_start + whole.len(), body));
            }
        } else if let Some(body) = running(from_body) {
            out.push(found(body_start, body_start + body.end, from_body[body].trim()));
        } else if line.contains("来源") {
            for c in INLINE.captures_iter(line) {
                let (m, body) = (c.get(0).unwrap(), c[1].trim());
                if !body.is_empty() {
                    out.push(found(start + m.start(), start + m.end(), body));
                }
            }
        }
    }
    out
}

fn parse(body: &str, evidence: super::Evidence) -> Source {
    let quantities = quantity::scan(body);
    let date = quantities.iter().rev().find(|q| matches!(q.value, Value::Date { .. }));
    let mut rest = body.to_string();
    if let Some(d) = date {
        rest.replace_range(d.start..d.end, "");
    }
    // `某研究院根据公开资料、专家访谈研究绘制`: the body is who works from the material
    if let Some(i) = rest.find("根据").filter(|&i| i > 0) {
        rest.truncate(i);
    }
    // split at listing marks outside 《》 (a title may hold a comma)
    let mut pieces = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in rest.char_indices() {
        match c {
            '《' => depth += 1,
            '》' => depth -= 1,
            '，' | ',' | '；' | ';' | '、' | '及' if depth <= 0 => {
                pieces.push(&rest[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&rest[from..]);
    let names: Vec<String> = pieces
        .into_iter()
        .map(|p| strip_suffixes(p.trim().trim_end_matches(['。', '.'])))
        .filter(|p| !p.is_empty() && !GENERIC.contains(&p.as_str()) && !NOTES.iter().any(|n| p.contains(n)))
        .collect();
    let name = if names.is_empty() {
        rest.trim_matches(|c: char| c.is_whitespace() || "，,。".contains(c)).to_string()
    } else {
        names.join("、")
    };
    let names = if names.is_empty() && !name.is_empty() { vec![name.clone()] } else { names };
    Source { name, date: date.and_then(|d| d.value.iso_date()), text: body.to_string(), names, evidence }
}

fn strip_suffixes(part: &str) -> String {
    let mut s = part;
    while let Some(stripped) = SUFFIXES.iter().find_map(|suf| s.strip_suffix(suf)) {
        if stripped.chars().count() < 2 {
            break;
        }
        s = stripped.trim_end();
    }
    s.to_string()
}

/// The latest date among the attributions: the report's own date, as a year-month.
pub(crate) fn latest_date(sources: &[Found<Source>]) -> Option<(i32, u32)> {
    sources
        .iter()
        .filter_map(|s| s.fact.date.as_deref())
        .filter_map(|d| Some((d.get(0..4)?.parse().ok()?, d.get(5..7)?.parse().ok()?)))
        .max()
}

/// Bodies whose data covers one region (`data/source_scopes.tsv`): (name, or the end
/// of a name where the row starts with `*`; is a suffix; region).
static SCOPES: LazyLock<Vec<(&'static str, bool, &'static str)>> = LazyLock::new(|| {
    crate::data::pairs(include_str!("../../data/source_scopes.tsv"))
        .map(|(body, region)| match body.strip_prefix('*') {
            Some(end) => (end, true, region),
            None => (body, false, region),
        })
        .collect()
});

/// The region a body's data is confined to, if it is (`国家统计局` → CN).
fn scope(body: &str) -> Option<&'static str> {
    SCOPES.iter().find(|(b, suffix, _)| if *suffix { body.ends_with(b) } else { body == *b }).map(|s| s.2)
}

/// The part of attribution `name` a fact of `region` can come from: the bodies of
/// `国家统计局、某研究院` whose data is not confined to another region (a global market
/// is no figure of 国家统计局: `某研究院`); none when no body is left.
pub(crate) fn for_region(name: &str, region: Option<&str>) -> Option<String> {
    let Some(region) = region else { return Some(name.to_string()) };
    // a province, a city or an economic region (`广东省`, `长三角`) is in China
    let region = if region.chars().any(crate::chars::is_han) { "CN" } else { region };
    let bodies: Vec<&str> = name.split(['、', '，', ',', '；', ';']).map(str::trim).collect();
    let kept: Vec<&str> = bodies.iter().copied().filter(|b| scope(b).is_none_or(|s| s == region)).collect();
    match kept.len() {
        0 => None,
        n if n == bodies.len() => Some(name.to_string()),
        _ => Some(kept.join("、")),
    }
}

/// The attributions of a document ordered by where they stand, to find the one
/// nearest a fact by a binary search rather than a scan of all of them per fact.
pub(crate) struct Nearest<'s> {
    sources: &'s [Found<Source>],
    /// Indices into `sources`, by the start of their text.
    by_start: Vec<usize>,
}

/// How many attributions on each side of a fact's position are compared: the
/// nearest is among the first few, since attributions do not nest.
const NEAREST_WINDOW: usize = 8;

impl<'s> Nearest<'s> {
    pub(crate) fn new(sources: &'s [Found<Source>]) -> Nearest<'s> {
        let mut by_start: Vec<usize> = (0..sources.len()).collect();
        by_start.sort_by_key(|&i| (sources[i].span.start, i));
        Nearest { sources, by_start }
    }

    /// The name of the attribution nearest to the sentence at bytes `span`, on the
    /// same page: the one with the smallest gap between its text and the sentence
    /// (the first in document order where two are as near).
    pub(crate) fn name(&self, ctx: &Context, span: std::ops::Range<usize>) -> Option<String> {
        let page = ctx.doc.page_of(span.start);
        let gap = |s: &Found<Source>| {
            if s.span.end <= span.start { span.start - s.span.end } else { s.span.start.saturating_sub(span.end) }
        };
        let p = self.by_start.partition_point(|&i| self.sources[i].span.start < span.start);
        let window = &self.by_start[p.saturating_sub(NEAREST_WINDOW)..(p + NEAREST_WINDOW).min(self.by_start.len())];
        window
            .iter()
            .map(|&i| (i, &self.sources[i]))
            .filter(|(_, s)| s.fact.evidence.page == page)
            .min_by_key(|(i, s)| (gap(s), *i))
            .map(|(_, s)| s.fact.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::{Regex, for_region, running};

    /// The body read by hand is the pattern's: over 5000 random lines of the heads,
    /// verbs, stops and bodies of every length (none, one char, forty, more).
    #[test]
    fn a_running_attribution_is_read_as_the_pattern_reads_it() {
        let pattern = Regex::new(r"^(?:数据|资料)来源(?:基于|于|自|为)([^，,。；;（(]{2,40})").unwrap();
        let long = "x".repeat(39);
        let pieces = [
            "数据",
            "资料",
            "来源",
            "基于",
            "于",
            "自",
            "为",
            "某协会",
            "A",
            "统计局",
            "，",
            ",",
            "。",
            "；",
            "(",
            "（",
            "）",
            " ",
            &long,
        ];
        let mut next = crate::random::xorshift(0x50_c0de);
        let mut bodies = 0;
        for _ in 0..5000 {
            // a head, 来源 and a verb most of the time (each piece of them at random else)
            let mut line = String::new();
            for head in [["数据", "资料"], ["来源", "来"], ["于", "基于"]] {
                line.push_str(if next().is_multiple_of(8) {
                    pieces[(next() % 7) as usize]
                } else {
                    head[(next() % 2) as usize]
                });
            }
            line.extend((0..next() % 9).map(|_| pieces[(next() % pieces.len() as u64) as usize]));
            let theirs = pattern.captures(&line).map(|c| c.get(1).unwrap().range());
            assert_eq!(running(&line), theirs, "{line:?}");
            bodies += usize::from(theirs.is_some());
        }
        assert!(bodies > 100, "{bodies} bodies");
        // `某咨询公司`: five chars of three bytes after the head's fifteen
        assert_eq!(running("数据来源于某咨询公司，2025年"), Some(15..30));
    }

    #[test]
    fn a_body_of_one_region_binds_its_facts_only() {
        assert_eq!(for_region("国家统计局、某研究院", Some("global")).as_deref(), Some("某研究院"));
        assert_eq!(for_region("国家统计局、某研究院", Some("CN")).as_deref(), Some("国家统计局、某研究院"));
        assert_eq!(for_region("国家统计局", Some("浙江省")).as_deref(), Some("国家统计局"));
        assert_eq!(for_region("某省统计局", Some("US")), None);
        assert_eq!(for_region("国家统计局", None).as_deref(), Some("国家统计局"));
        assert_eq!(for_region("某咨询公司", Some("global")).as_deref(), Some("某咨询公司"));
    }
}
