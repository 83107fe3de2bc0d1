//! `trend` and `challenge`: the titled items of a section about trends
//! (`核心技术迭代演进`, `发展趋势`) or challenges (`重大挑战`, `面临的问题`), one fact
//! per item with its title, its section and the bullet points under it.
//!
//! A block of such a section says which of its lines are titles in one of these
//! ways, tried in this order (the first that finds any wins for the block):
//! 1. numbered items: `1.异构计算深度融合 2.边缘计算持续拓展`, `（一）...`;
//! 2. a column or row of markers (`01 02 03`, `1` `2` `3`) and as many short lines
//!    standing alone;
//! 3. heading bullets: two or more short bullets, each followed by longer ones;
//! 4. lead-in bullets: two or more bullets that open with a short sentence
//!    (`• 混合架构创新。将 Transformer ...`);
//! 5. two or more short lines standing alone;
//! 6. in the first block of a section only, plain one-sentence bullets.
//!
//! Points: the bullets under a heading bullet, the rest of a lead-in bullet, and
//! for titles on lines of their own the bullets beside them: after them where
//! bullets follow the last title, else before them; a run of titles shares the
//! bullets evenly where their count allows, and gets none where it does not.

use super::context::Context;
use super::registry::{Cell, Column, Fact, Part};
use super::{Evidence, Found};
use crate::structure::{self, Block, LineKind, Topic, title_like};
use serde::Serialize;
use std::ops::Range;

/// The columns of a trend or a challenge, in the order the views show them.
pub static COLUMNS: &[Column<OutlineItem>] = &[
    Column::brief("section", |o| Cell::text(&o.section)),
    Column::brief("title", |o| Cell::Text(o.title.clone())),
    Column::brief("points", |o| Cell::List(o.points.clone())),
];

/// The trends and the challenges of a part, found together.
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    let (trends, challenges) = extract(part.ctx);
    let trends = trends.into_iter().map(|f| Found { at: f.at, span: f.span, fact: Fact::Trend(f.fact) });
    trends
        .chain(challenges.into_iter().map(|f| Found { at: f.at, span: f.span, fact: Fact::Challenge(f.fact) }))
        .collect()
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

/// The longest title, in characters.
const TITLE_MAX: usize = 24;

/// Trends and challenges, in text order.
pub(crate) fn extract(ctx: &Context) -> (Vec<Found<OutlineItem>>, Vec<Found<OutlineItem>>) {
    let st = &ctx.structure;
    let mut trends = Vec::new();
    let mut challenges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // the first and last item numbers of each block (`1.…`): an item alone in its
    // block is one of a list where the section's next or last block goes on counting
    // (a page break between `1.费率偏高` and `2.部署链较少`)
    // (what each section is about, once a section, not once a block; a block of a
    // section of neither has no items and its numbers are needed by none)
    let topics: Vec<Topic> = st.sections.iter().map(|s| structure::topic(&s.title)).collect();
    let topic_of = |b: &Block| b.section.map_or(Topic::Other, |i| topics[i]);
    let numbers: Vec<Option<(u32, u32)>> =
        st.blocks.iter().map(|b| if topic_of(b) == Topic::Other { None } else { item_numbers(ctx, b) }).collect();
    for (bi, block) in st.blocks.iter().enumerate() {
        let Some(section) = st.section_title(block) else { continue };
        let same_section = |j: usize| st.blocks.get(j).is_some_and(|b| b.section == block.section);
        let counted = numbers[bi].is_some_and(|(first, last)| {
            let before = bi.checked_sub(1).filter(|&j| same_section(j)).and_then(|j| numbers[j]);
            let after = Some(bi + 1).filter(|&j| same_section(j)).and_then(|j| numbers[j]);
            before.is_some_and(|(_, l)| l + 1 == first) || after.is_some_and(|(f, _)| last + 1 == f)
        });
        let out = match topic_of(block) {
            Topic::Trend => &mut trends,
            Topic::Challenge => &mut challenges,
            Topic::Other => continue,
        };
        let found = items(ctx, block, counted);
        let tails: Vec<Option<Range<usize>>> = found.iter().map(|(t, _)| wrapped_tail(ctx, t)).collect();
        // a title's wrapped end is no point of any item
        let tail_texts: Vec<&str> = tails.iter().flatten().map(|t| ctx.text(t.clone())).collect();
        for ((title, points), tail) in found.into_iter().zip(tails) {
            let points: Vec<String> = points.into_iter().filter(|p| !tail_texts.contains(&p.as_str())).collect();
            let (text, title) = match tail {
                Some(tail) => (format!("{}{}", ctx.text(title.clone()), ctx.text(tail.clone())), title.start..tail.end),
                None => (ctx.text(title.clone()).to_string(), title),
            };
            let quote = ctx.text(title.clone());
            if !seen.insert((section, text.clone())) {
                continue;
            }
            let evidence = Evidence {
                page: ctx.doc.page_of(title.start),
                start: ctx.doc.char_offset(title.start),
                end: ctx.doc.char_offset(title.end),
                quote: quote.to_string(),
                cell: None,
                bbox: None,
            };
            let fact = OutlineItem { title: text, section: Some(section.to_string()), points, evidence };
            out.push(Found { at: title.start, span: title, fact });
        }
    }
    (trends, challenges)
}

/// A unit of a block: a bullet with its continuation lines, or a line.
struct Unit {
    /// The byte range of its text.
    span: Range<usize>,
    kind: LineKind,
}

/// The units of a block, blank lines, headings and markers left out.
fn units(ctx: &Context, block: &Block) -> Vec<Unit> {
    let st = &ctx.structure;
    let mut out: Vec<Unit> = Vec::new();
    for i in block.lines.clone() {
        let l = &st.lines[i];
        match l.kind {
            LineKind::Bullet => {
                let start = l.start + ctx.text(l.start..l.end).find(|c: char| c != '•' && c != ' ').unwrap_or(0);
                out.push(Unit { span: start..l.end, kind: LineKind::Bullet });
            }
            LineKind::Text => {
                let t = ctx.text(l.start..l.end);
                // a bullet broken over lines goes on in a line that is no title
                if let Some(prev) = out.last_mut().filter(|u| u.kind == LineKind::Bullet)
                    && !ctx.text(prev.span.clone()).ends_with(['。', '！', '？', '；', '.', '!', '?'])
                    && !title_like(t, TITLE_MAX)
                {
                    prev.span.end = l.end;
                    continue;
                }
                out.push(Unit { span: l.start..l.end, kind: LineKind::Text });
            }
            LineKind::Numbered => out.push(Unit { span: l.start..l.end, kind: LineKind::Numbered }),
            _ => {}
        }
    }
    out
}

/// A title and the points under it.
type Item = (Range<usize>, Vec<String>);

/// The end of a title wrapped onto a short line of its own after a blank line (`（九）…
/// 营造健康安全的发展` / `环境`), perhaps past a page break and its number: a few Han
/// characters, no more than six, with body text or nothing after them.
fn wrapped_tail(ctx: &Context, title: &Range<usize>) -> Option<Range<usize>> {
    let st = &ctx.structure;
    let ends_open = ctx.text(title.clone()).chars().last().is_some_and(crate::chars::is_han);
    let at = st.lines.partition_point(|l| l.start < title.end);
    // (past a page number or a running line, where a page breaks the title)
    let mut next =
        st.lines[at..].iter().filter(|l| !matches!(l.kind, LineKind::Blank | LineKind::Number | LineKind::Furniture));
    let (Some(tail), after) = (next.next(), next.next()) else { return None };
    let t = ctx.text(tail.start..tail.end);
    let short = (1..=6).contains(&t.chars().count()) && t.chars().all(crate::chars::is_han);
    let body_after = after.is_none_or(|l| {
        let t = ctx.text(l.start..l.end);
        l.kind == LineKind::Text && (t.chars().count() > 12 || t.contains(['，', '。']))
    });
    (ends_open && short && tail.kind == LineKind::Text && body_after).then_some(tail.start..tail.end)
}

/// The numbers of the first and the last numbered line of a block (`1.` … `2.`).
fn item_numbers(ctx: &Context, block: &Block) -> Option<(u32, u32)> {
    let st = &ctx.structure;
    let mut found = block.lines.clone().filter(|&i| st.lines[i].kind == LineKind::Numbered).filter_map(|i| {
        let t = ctx.text(st.lines[i].start..st.lines[i].end);
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<u32>().ok()
    });
    let first = found.next()?;
    Some((first, found.next_back().unwrap_or(first)))
}

/// The titled items of a block; `counted`: its numbered items go on a list of the
/// blocks beside it, so one alone is an item too.
fn items(ctx: &Context, block: &Block, counted: bool) -> Vec<Item> {
    let units = units(ctx, block);
    let text = |r: &Range<usize>| ctx.text(r.clone());
    let standalone: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let t = text(&units[i].span);
            units[i].kind == LineKind::Text && title_like(t, TITLE_MAX) && !structure::is_source_line(t)
        })
        .collect();
    // 1. numbered items
    let mut numbered: Vec<(usize, Range<usize>)> = Vec::new();
    let mut bracketed = false;
    for (i, u) in units.iter().enumerate().filter(|(_, u)| u.kind == LineKind::Numbered) {
        for r in structure::numbered_items(text(&u.span)) {
            let r = u.span.start + r.start..u.span.start + r.end;
            if numbered_title(text(&r)) {
                bracketed |= text(&u.span).starts_with('（');
                numbered.push((i, r));
            }
        }
    }
    // two or more; or one `（一）` item, a form that is structure, not prose; or one of
    // a list the blocks beside go on
    if numbered.len() >= 2 || bracketed || (counted && numbered.len() == 1) {
        return beside(ctx, &units, numbered);
    }
    // 2. markers and as many lines standing alone
    let markers = markers(ctx, block);
    if markers >= 2 && standalone.len() == markers {
        return beside(ctx, &units, standalone.iter().map(|&i| (i, units[i].span.clone())).collect());
    }
    // 3. heading bullets
    let bullets: Vec<usize> = (0..units.len()).filter(|&i| units[i].kind == LineKind::Bullet).collect();
    let short = |i: usize| title_like(text(&units[i].span).trim_end_matches('。'), TITLE_MAX);
    let headings: Vec<usize> = bullets
        .iter()
        .enumerate()
        .filter(|&(k, &i)| short(i) && bullets.get(k + 1).is_some_and(|&next| !short(next)))
        .map(|(_, &i)| i)
        .collect();
    if headings.len() >= 2 {
        return headings
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let until = headings.get(k + 1).copied().unwrap_or(units.len());
                let points = bullets.iter().filter(|&&b| b > i && b < until).map(|&b| flat(text(&units[b].span)));
                (trim_stop(ctx, units[i].span.clone()), points.collect())
            })
            .collect();
    }
    // 4. lead-in bullets
    let lead_ins: Vec<(Range<usize>, String)> = bullets
        .iter()
        .filter_map(|&i| {
            let span = &units[i].span;
            let t = text(span);
            let stop = t.find('。')?;
            let rest = t[stop + '。'.len_utf8()..].trim();
            let head = span.start..span.start + stop;
            (title_like(text(&head), 20) && !rest.is_empty()).then(|| (head, flat(rest)))
        })
        .collect();
    if lead_ins.len() >= 2 && lead_ins.len() * 2 >= bullets.len() {
        return lead_ins.into_iter().map(|(head, rest)| (head, vec![rest])).collect();
    }
    // 5. lines standing alone
    if standalone.len() >= 2 {
        return beside(ctx, &units, standalone.iter().map(|&i| (i, units[i].span.clone())).collect());
    }
    // 6. plain one-sentence bullets opening a section
    if block.first_in_section && bullets.len() >= 2 {
        let plain = |i: usize| {
            let t = text(&units[i].span).trim_end_matches('。');
            t.chars().count() <= 40 && !t.contains(['。', '；', '：', ':'])
        };
        if bullets.iter().all(|&i| plain(i)) {
            return bullets.iter().map(|&i| (trim_stop(ctx, units[i].span.clone()), Vec::new())).collect();
        }
    }
    Vec::new()
}

/// The text of a bullet broken over lines, as one line: Chinese joins with no
/// space, two Latin words or numbers with one.
fn flat(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for piece in t.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(out.chars().last()) && latin(piece.chars().next()) {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// The text of a numbered item is a title: short, and prose-free but for one
/// comma between two halves (`完善数字安全和治理体系，营造健康安全的发展环境`).
fn numbered_title(t: &str) -> bool {
    match t.split_once('，') {
        Some((a, b)) => t.chars().count() <= TITLE_MAX && title_like(a, TITLE_MAX) && title_like(b, TITLE_MAX),
        None => title_like(t, TITLE_MAX),
    }
}

/// A span without its final `。`.
fn trim_stop(ctx: &Context, r: Range<usize>) -> Range<usize> {
    let t = ctx.text(r.clone());
    let kept = t.trim_end_matches(['。', '.']).trim_end();
    r.start..r.start + kept.len()
}

/// How many enumerator markers the block has: a row `01 02 03`, or a column.
fn markers(ctx: &Context, block: &Block) -> usize {
    let st = &ctx.structure;
    let is_number = |j: &usize| st.lines[*j].kind == LineKind::Number;
    let in_rows = st.lines[block.lines.clone()].iter().filter_map(|l| match l.kind {
        LineKind::Markers(n) => Some(n),
        _ => None,
    });
    // the columns that hold a number of the block (they are in order), counted whole
    let first = st.columns.partition_point(|c| c.end <= block.lines.start);
    let in_columns = st.columns[first..]
        .iter()
        .take_while(|c| c.start < block.lines.end)
        .filter(|c| (c.start.max(block.lines.start)..c.end.min(block.lines.end)).any(|j| is_number(&j)))
        .map(|c| c.clone().filter(is_number).count());
    in_rows.chain(in_columns).max().unwrap_or(0)
}

/// Titles on lines of their own (`titles`: unit index and title span, in order),
/// with the bullets beside them as points (see the module notes).
fn beside(ctx: &Context, units: &[Unit], titles: Vec<(usize, Range<usize>)>) -> Vec<Item> {
    let title_units: std::collections::HashSet<usize> = titles.iter().map(|(u, _)| *u).collect();
    let has_bullets = units.iter().any(|u| u.kind == LineKind::Bullet);
    let is_point = |i: usize| {
        !title_units.contains(&i)
            && if has_bullets { units[i].kind == LineKind::Bullet } else { units[i].kind == LineKind::Text }
    };
    // runs of titles with no point between them
    let mut runs: Vec<(usize, usize, Vec<Range<usize>>)> = Vec::new(); // (first unit, last unit, titles)
    for (u, r) in titles {
        match runs.last_mut() {
            Some(run) if (run.1..=u).all(|i| !is_point(i)) => {
                run.1 = u;
                run.2.push(r);
            }
            _ => runs.push((u, u, vec![r])),
        }
    }
    let last = runs.last().map_or(0, |r| r.1);
    let first = runs.first().map_or(0, |r| r.0);
    // points after their titles where some follow the last title, or none come before
    // the first (the last title's points on the next page)
    let leading = (last + 1..units.len()).any(is_point) || !(0..first).any(is_point);
    let mut out = Vec::new();
    for (k, (first, end, run)) in runs.iter().enumerate() {
        let range = if leading {
            end + 1..runs.get(k + 1).map_or(units.len(), |r| r.0)
        } else {
            (if k == 0 { 0 } else { runs[k - 1].1 + 1 })..*first
        };
        let points: Vec<String> =
            range.filter(|&i| is_point(i)).map(|i| flat(ctx.text(units[i].span.clone()))).collect();
        let share = if points.len().is_multiple_of(run.len()) { points.len() / run.len() } else { 0 };
        for (j, title) in run.iter().enumerate() {
            let mine = if share == 0 { Vec::new() } else { points[j * share..(j + 1) * share].to_vec() };
            out.push((title.clone(), mine));
        }
    }
    out
}
