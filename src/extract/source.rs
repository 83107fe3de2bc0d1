//! `source`: data-source attributions (`数据来源：`, `资料来源：`, `图片来源：`, `来源：`).

use super::context::{Context, Sentence};
use super::{Found, Source};
use crate::quantity::{self, Value};
use regex::Regex;
use std::sync::LazyLock;

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:•\s*)?[（(]?(?:数据来源|资料来源|图片来源|信息来源|来源)\s*[:：]\s*").unwrap());

/// Parts of an attribution that name no one (`网络公开资料`).
const GENERIC: &[&str] =
    &["网络公开资料", "公开资料", "网络资料", "公开信息", "网络", "互联网", "官网", "各公司官网", "公司公告"];
/// What an attribution adds after the name of who made it (`赛迪智库整理`).
const SUFFIXES: &[&str] = &["整理", "绘制", "制图", "制作", "统计", "测算", "预测", "研究", "分析", "汇总"];

pub(crate) fn extract(ctx: &Context) -> Vec<Found<Source>> {
    let mut out = Vec::new();
    let mut line_start = usize::MAX;
    for s in &ctx.sentences {
        // An attribution is the first sentence of its line.
        if s.line_start == line_start {
            continue;
        }
        line_start = s.line_start;
        let line = line_range(ctx, s);
        let text = ctx.text(line.clone());
        let Some(label) = LABEL.find(text) else { continue };
        let mut body = text[label.end()..].trim();
        if label.as_str().contains(['（', '(']) {
            body = body.strip_suffix(['）', ')']).unwrap_or(body);
        }
        if body.is_empty() {
            continue;
        }
        let line_sentence = Sentence { start: line.start, end: line.end, line_start: line.start, page: s.page };
        out.push(Found { at: line.start, fact: parse(body, super::evidence(ctx, &line_sentence)) });
    }
    out
}

/// The whole line a sentence starts (an attribution may hold `；` or `。`).
fn line_range(ctx: &Context, s: &Sentence) -> std::ops::Range<usize> {
    let text = &ctx.doc.text;
    let end = text[s.line_start..].find(['\n', '\u{c}']).map_or(text.len(), |i| s.line_start + i);
    s.start..end.max(s.end)
}

fn parse(body: &str, evidence: super::Evidence) -> Source {
    let quantities = quantity::scan(body);
    let date = quantities.iter().rev().find(|q| matches!(q.value, Value::Date { .. }));
    let mut rest = body.to_string();
    if let Some(d) = date {
        rest.replace_range(d.start..d.end, "");
    }
    let names: Vec<String> = rest
        .split(['，', ',', '；', ';', '、'])
        .map(|p| strip_suffixes(p.trim().trim_end_matches(['。', '.'])))
        .filter(|p| !p.is_empty() && !GENERIC.contains(&p.as_str()))
        .collect();
    let name = if names.is_empty() {
        rest.trim_matches(|c: char| c.is_whitespace() || "，,。".contains(c)).to_string()
    } else {
        names.join("、")
    };
    Source { name, date: date.and_then(|d| d.value.iso_date()), text: body.to_string(), evidence }
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

/// The name of the attribution nearest to byte `at`, on the same page.
pub(crate) fn nearest(ctx: &Context, sources: &[Found<Source>], at: usize) -> Option<String> {
    let page = ctx.doc.page_of(at);
    sources
        .iter()
        .filter(|s| s.fact.evidence.page == page)
        .min_by_key(|s| s.at.abs_diff(at))
        .map(|s| s.fact.name.clone())
}
