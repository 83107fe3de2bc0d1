//! `policy`: policies listed in a table that PDF extraction flattened line by line
//! (a header such as `政策名称 发布时间 重点应用场景`, then for each policy its title,
//! perhaps broken over lines, a date `2024.05`, and its focus).
//!
//! The title is kept as written (《》 inside kept); the region is the province or
//! city it names (`CN` for a central body); the issuer is the office that issues
//! it where the title names one (`上海市人民政府办公厅`); the period comes from
//! `（2024-2026年）`.

use super::context::{Context, Sentence, region_in};
use super::{Found, Policy, evidence};
use crate::quantity::{self, Value};
use regex::Regex;
use std::sync::LazyLock;

/// A table header that lists policies: a policy column and a date column.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:政策名称|政策文件|文件名称|政策)\s*.*(?:发布时间|发布日期|印发时间|时间)").unwrap()
});
/// A line that is a policy's title (or ends one).
static TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:方案|措施|计划|通知|意见|规划|办法|条例|纲要|指南|决定|行动|政策|细则|规定|若干措施)(?:（[^）]*）)?(?:的通知)?$").unwrap()
});
/// The issuing office at the head of a title.
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{2,12}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|委员会|管理局|部))(?:关于|印发|发布)")
        .unwrap()
});
/// Central bodies: their policies are national.
const CENTRAL: &[&str] = &[
    "国务院",
    "中共中央",
    "工业和信息化部",
    "工信部",
    "国家发展改革委",
    "国家发展和改革委员会",
    "科技部",
    "国家网信办",
];

pub(crate) fn extract(ctx: &Context) -> Vec<Found<Policy>> {
    let text = &ctx.doc.text;
    let mut out = Vec::new();
    // lines with their byte ranges
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\u{c}' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, text.len()));
    let mut i = 0;
    while i < lines.len() {
        let (s, e) = lines[i];
        if !HEADER.is_match(text[s..e].trim()) {
            i += 1;
            continue;
        }
        let page = ctx.doc.page_of(s);
        i += 1;
        let mut current: Option<(usize, String, usize, usize)> = None; // (title start, title, end, date line)
        let mut date: Option<String> = None;
        let mut focus = String::new();
        let mut focus_end = 0;
        let flush = |cur: &mut Option<(usize, String, usize, usize)>,
                     date: &mut Option<String>,
                     focus: &mut String,
                     end: usize,
                     out: &mut Vec<Found<Policy>>| {
            if let Some((ts, title, _, _)) = cur.take() {
                out.push(policy(ctx, ts, end.max(ts), title, date.take(), std::mem::take(focus)));
            }
            date.take();
            focus.clear();
        };
        while i < lines.len() {
            let (s, e) = lines[i];
            let line = text[s..e].trim();
            if ctx.doc.page_of(s) != page
                || line.starts_with("数据来源")
                || line.starts_with("资料来源")
                || line.starts_with("来源")
            {
                break;
            }
            i += 1;
            if line.is_empty() {
                continue;
            }
            // a date at the head of a line: `2024.05 加快...`
            let qs = quantity::scan(line);
            let lead_date = qs.first().filter(|q| q.start == 0).and_then(|q| match q.value {
                Value::Date { .. } => q.value.iso_date().map(|d| (d, q.end)),
                _ => None,
            });
            if let Some((d, end)) = lead_date.filter(|_| current.is_some() && date.is_none()) {
                date = Some(d);
                let rest = line[end..].trim();
                focus.push_str(rest);
                focus_end = e;
                continue;
            }
            if current.is_some() && date.is_none() && !TITLE_END.is_match(current.as_ref().map_or("", |c| c.1.as_str()))
            {
                // a title broken over lines
                if let Some(c) = current.as_mut() {
                    c.1.push_str(line);
                    c.2 = e;
                }
                continue;
            }
            if TITLE_END.is_match(line) && (date.is_some() || current.is_none()) && line.chars().count() <= 60 {
                flush(&mut current, &mut date, &mut focus, focus_end, &mut out);
                current = Some((s, line.to_string(), e, 0));
                focus_end = e;
                continue;
            }
            if current.is_none() && line.chars().count() <= 40 {
                // the first line of a title that ends on the next
                current = Some((s, line.to_string(), e, 0));
                focus_end = e;
                continue;
            }
            if date.is_some() {
                focus.push_str(line);
                focus_end = e;
            }
        }
        flush(&mut current, &mut date, &mut focus, focus_end, &mut out);
    }
    out
}

fn policy(
    ctx: &Context,
    start: usize,
    end: usize,
    title: String,
    date: Option<String>,
    focus: String,
) -> Found<Policy> {
    let title = title.trim().to_string();
    let title = match (title.strip_prefix('《'), title.ends_with('》')) {
        (Some(inner), true) if !inner.contains('《') => inner.trim_end_matches('》').to_string(),
        _ => title,
    };
    let period = quantity::scan(&title).into_iter().find_map(|q| match q.value {
        Value::YearRange { from, to } => Some((from, to)),
        _ => None,
    });
    let issuer = ISSUER.captures(&title).map(|c| c[1].to_string());
    let region = if CENTRAL.iter().any(|c| title.starts_with(c)) {
        Some("CN".to_string())
    } else {
        region_in(&title).map(str::to_string)
    };
    let span = Sentence { start, end, line_start: start, page: ctx.doc.page_of(start) };
    Found {
        at: start,
        span: start..end,
        fact: Policy {
            title,
            region,
            issuer,
            date,
            period_from: period.map(|p| p.0),
            period_to: period.map(|p| p.1),
            focus: (!focus.is_empty()).then_some(focus),
            evidence: evidence(ctx, &span),
        },
    }
}
