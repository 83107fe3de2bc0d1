//! `policy`: policies listed in a table that PDF extraction flattened line by line
//! (a header such as `文件名称 印发日期 主要内容`, then for each policy its title,
//! perhaps broken over lines, a date `2024.05`, and its focus).
//!
//! The title is kept as written (《》 inside kept); the region is the province or
//! city it names (`CN` for a central body); the issuer is the office that issues
//! it where the title names one (`上海市人民政府办公厅`); the period comes from
//! `（2024-2026年）`.

use super::Evidence;
use super::context::{Context, Sentence, region_in};
use super::registry::{Cell, Column, Fact, Part};
use super::{Found, evidence};
use crate::quantity::{self, Value};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The columns of a policy, in the order the views show them.
pub static COLUMNS: &[Column<Policy>] = &[
    Column::brief("title", |p| Cell::Text(p.title.clone())),
    Column::brief("region", |p| Cell::text(&p.region)),
    Column::brief("issuer", |p| Cell::text(&p.issuer)),
    Column::brief("date", |p| Cell::text(&p.date)),
    Column::brief("period_from", |p| Cell::int(p.period_from)),
    Column::brief("period_to", |p| Cell::int(p.period_to)),
    Column::full("focus", |p| Cell::text(&p.focus)),
];

/// The policies of a part: titled ones, declarations, and those named again.
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    let mut policies = extract(part.ctx);
    policies.extend(declarations(part.ctx));
    let named = mentions(part.ctx, part.policy_names, &policies);
    policies.into_iter().chain(named).map(|f| Found { at: f.at, span: f.span, fact: Fact::Policy(f.fact) }).collect()
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
    /// When it was issued, ISO 8601 (`2024-05`, or a year alone: `2016`).
    #[schemars(regex(pattern = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"))]
    pub date: Option<String>,
    /// The years it covers (`（2024-2026年）`).
    pub period_from: Option<i32>,
    pub period_to: Option<i32>,
    /// Its focus: the key application scenarios, as written.
    pub focus: Option<String>,
    pub evidence: Evidence,
}

/// A table header that lists policies: a policy column and a date column.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\S{2,6}\s+)?(?:政策名称|政策文件|文件名称|法律法规|法规名称|法律名称|政策)\s*.*(?:发布时间|发布日期|印发时间|生效时间|实施时间|施行时间|时间)")
        .unwrap()
});
/// A table header that names its columns in any order, a policy column and a date
/// column among them (`序号 发布时间 发布部门 政策名称`).
static ROW_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\S+\s+)*(?:政策名称|文件名称|政策文件)(?:\s+\S+)*$|^(?:\S+\s+)*(?:发布时间|发布日期|印发时间)(?:\s+\S+)*$")
        .unwrap()
});
/// Words one of which every [`HEADER`] and [`ROW_HEADER`] holds: a line with none is
/// no header, and no regex need read it.
const HEADER_WORDS: &[&str] =
    &["政策", "文件名称", "法律法规", "法规名称", "法律名称", "发布时间", "发布日期", "印发时间"];

/// Does `t` hold one of [`HEADER_WORDS`]? (A look for the bytes of their first chars
/// first, 政 文 法 发 印: most lines have none.)
fn has_header_word(t: &str) -> bool {
    let first_char = |w: &[u8]| {
        matches!(
            w,
            [0xE6, 0x94, 0xBF] | [0xE6, 0x96, 0x87] | [0xE6, 0xB3, 0x95] | [0xE5, 0x8F, 0x91] | [0xE5, 0x8D, 0xB0]
        )
    };
    t.as_bytes().windows(3).any(first_char) && HEADER_WORDS.iter().any(|w| t.contains(w))
}

/// [`HEADER_WORDS`] as one pattern, for [`worded_lines`].
static HEADER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&HEADER_WORDS.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|")).unwrap());

/// For each of `lines` (byte ranges of `text`, in order, none overlapping), whether
/// [`has_header_word`] holds of it (trimmed): one search of all their text for the
/// words, not a look through every line. A line that holds a word meets a match of
/// the search (that one, or one overlapping it); a line a match lies wholly in holds
/// it; a line a match only overlaps is looked through as before.
fn worded_lines(text: &str, lines: &[(usize, usize)]) -> Vec<bool> {
    let mut worded = vec![false; lines.len()];
    let (Some(&(from, _)), Some(&(_, to))) = (lines.first(), lines.last()) else { return worded };
    for m in HEADER_WORD.find_iter(&text[from..to]) {
        let (start, end) = (from + m.start(), from + m.end());
        // the lines the match meets: from the first that ends after its start
        let mut k = lines.partition_point(|&(_, e)| e <= start);
        while k < lines.len() && lines[k].0 < end {
            let (s, e) = lines[k];
            worded[k] = worded[k] || (s <= start && end <= e) || has_header_word(crate::chars::trim(&text[s..e]));
            k += 1;
        }
    }
    worded
}

/// An international declaration on a line of its own, perhaps with the name it is
/// known by: `《关于共同推进海洋塑料污染治理的联合声明》（即《里斯本海洋宣言》）`.
static DECLARATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^《([^《》]{4,60}?(?:宣言|声明|公约|倡议|共识|宪章))》((?:（即《[^《》]{2,40}》）)?)$").unwrap()
});
/// Regions that are blocs of nations, which a declaration may be the policy of.
const BLOCS: &[&str] = &["EU"];

/// A cell that names the office that issued a policy.
static ISSUER_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S{2,20}(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|管理局|厅|部|局|委|院)$").unwrap()
});
/// A line that is a policy's title (or ends one).
static TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:方案|措施|计划|通知|意见|规划|办法|条例|纲要|指南|决定|行动|政策|细则|规定|若干措施|法|法案|指令)(?:（[^）]*）)?(?:的通知)?》?$").unwrap()
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
    // lines with their byte ranges (a line's text is trimmed: a blank one is empty)
    let lines: Vec<(usize, usize)> = ctx.structure.lines.iter().map(|l| (l.start, l.end)).collect();
    // which lines hold a word every header needs (cells joined hold one where a cell does)
    let worded = worded_lines(text, &lines);
    // the first line from each on that has text (past the last: none)
    let mut next_filled = vec![lines.len(); lines.len() + 1];
    for k in (0..lines.len()).rev() {
        let (s, e) = lines[k];
        next_filled[k] = if s == e { next_filled[k + 1] } else { k };
    }
    let mut i = 0;
    while i < lines.len() {
        let (s, e) = lines[i];
        let mut header = std::borrow::Cow::Borrowed(&text[s..e]);
        let mut header_worded = worded[i];
        // a header flattened a cell to a line (`国家/地区` / `法律法规` / `生效时间`)
        let mut cells = 1;
        if !(header_worded && HEADER.is_match(&header)) && header.chars().nth(8).is_none() {
            // the next two lines with text, while short
            let (mut next, mut taken) = ([("", false); 2], 0);
            let mut j = i + 1;
            while taken < 2 && next_filled[j] < lines.len() {
                let k = next_filled[j];
                let (s, e) = lines[k];
                let l = &text[s..e];
                if l.chars().nth(8).is_some() {
                    break;
                }
                next[taken] = (l, worded[k]);
                taken += 1;
                j = k + 1;
            }
            let next = &next[..taken];
            for n in 1..=next.len() {
                if !header_worded && !next[..n].iter().any(|&(_, w)| w) {
                    continue;
                }
                let joined = std::iter::once(&*header).chain(next[..n].iter().map(|&(l, _)| l)).collect::<Vec<_>>();
                let joined = joined.join(" ");
                if HEADER.is_match(&joined) {
                    header = joined.into();
                    header_worded = true;
                    cells = 1 + n;
                    break;
                }
            }
        }
        let header = &*header;
        let is_header = header_worded && HEADER.is_match(header);
        let columns = header_worded && ROW_HEADER.is_match(header);
        if !is_header && !columns {
            i += 1;
            continue;
        }
        let page = ctx.doc.page_of(s);
        i += 1;
        // past the header's other lines
        let mut more = cells - 1;
        while more > 0 && i < lines.len() {
            if lines[i].0 < lines[i].1 {
                more -= 1;
            }
            i += 1;
        }
        // a table whose rows are lines: `1 2024.03 工业和信息化部 《...》`
        let first = lines[i..].iter().copied().find(|&(s, e)| s < e);
        if first.and_then(|(s, e)| row(ctx, s, e)).is_some() {
            while let Some(&(s, e)) = lines.get(i) {
                if ctx.doc.page_of(s) != page || is_source(&text[s..e]) {
                    break;
                }
                i += 1;
                out.extend(row(ctx, s, e));
            }
            continue;
        }
        if !is_header {
            continue;
        }
        let mut current: Option<(usize, String, usize, usize)> = None; // (title start, title, end, date line)
        let mut date: Option<String> = None;
        // a region cell over the policies after it (`欧洲` / `《…指令》` / `1998.10`)
        let mut group: Option<&'static str> = None;
        let mut group_from = out.len();
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
            let line = &text[s..e];
            if ctx.doc.page_of(s) != page || is_source(line) {
                break;
            }
            i += 1;
            if line.is_empty() {
                continue;
            }
            if line.chars().nth(6).is_none()
                && !line.contains('《')
                && region_in(line).is_some_and(|_| current.is_none() || date.is_some())
            {
                flush(&mut current, &mut date, &mut focus, focus_end, &mut out);
                for f in &mut out[group_from..] {
                    f.fact.region = f.fact.region.take().or(group.map(str::to_string));
                }
                group = region_in(line);
                group_from = out.len();
                continue;
            }
            // a date at the head of a line: `2024.05 加快...` (a date opens with its year)
            let year_first = line.chars().next().map(quantity::folded).is_some_and(|c| c == '1' || c == '2');
            let qs = if year_first { quantity::scan(line) } else { Vec::new() };
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
            if TITLE_END.is_match(line) && (date.is_some() || current.is_none()) && line.chars().nth(60).is_none() {
                flush(&mut current, &mut date, &mut focus, focus_end, &mut out);
                current = Some((s, line.to_string(), e, 0));
                focus_end = e;
                continue;
            }
            if current.is_none() && line.chars().nth(40).is_none() {
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
        for f in &mut out[group_from..] {
            f.fact.region = f.fact.region.take().or(group.map(str::to_string));
        }
    }
    out
}

/// International declarations: policies of no nation (a summit's declaration is not
/// its host city's country's policy: 巴黎 names where it was signed), so their region
/// is a bloc their name or alias names (欧盟 → EU), or null.
pub(crate) fn declarations(ctx: &Context) -> Vec<Found<Policy>> {
    let mut out = Vec::new();
    for l in &ctx.structure.lines {
        let text = ctx.text(l.start..l.end);
        let t = text.trim_start_matches(['•', ' ']);
        let Some(c) = t.starts_with('《').then(|| DECLARATION.captures(t)).flatten() else { continue };
        let title = format!("{}{}", &c[1], &c[2]);
        let start = l.end - t.len();
        let span = Sentence { start, end: l.end, line_start: start, page: ctx.doc.page_of(start) };
        let region = region_in(&c[2]).or_else(|| region_in(&c[1])).filter(|r| BLOCS.contains(r)).map(str::to_string);
        let fact = fact(title, region, None, None, None, evidence(ctx, &span));
        out.push(Found { at: start, span: start..l.end, fact });
    }
    out
}

/// The endings of a 《》 name that is a policy's: a plan, measures, a regulation or a law.
const POLICY_ENDINGS: [&str; 23] = [
    "规划", "纲要", "计划", "方案", "意见", "通知", "办法", "条例", "规定", "指南", "决定", "措施", "政策", "细则",
    "导则", "法", "法案", "法典", "指令", "指引", "规则", "战略", "行动",
];
/// The endings that make a name a policy by themselves, verb or none (`受德国《可再生能源法》
/// 刺激`, a caption `图5：《…发展规划》主要目标`): laws, regulations, plans, opinions, notices
/// and directives. The other endings (方案, 指南, 战略, 行动…) name solutions, guides and
/// books as often, and count in a clause that issues, adopts or cites them.
const STRONG_ENDINGS: [&str; 13] =
    ["规划", "纲要", "意见", "通知", "办法", "条例", "规定", "决定", "细则", "法", "法案", "法典", "指令"];

/// The policy names in 《》 of `text`, in order, each as (the bytes of `《…》`, the name):
/// a name of 2 to 80 chars and a policy ending, perhaps with a note of 2 to 20 chars in
/// brackets after it (`《…办法（试行）》`). A name holds no 《 or 》, so the name a 《
/// opens is what stands before the next 》, if no 《 comes first. (The reading of
/// `《([^《》]{2,80}?(?:规划|…|行动)(?:（[^（）《》]{2,20}）)?)》`, a pattern that cost more
/// to compile than a report's reading of it; a test holds the two alike.)
fn policy_names(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('《') {
        let body = from + i + '《'.len_utf8();
        let Some(j) = text[body..].find(['《', '》']) else { break };
        let name = &text[body..body + j];
        if text[body + j..].starts_with('》') && ends_as(name, &POLICY_ENDINGS, 2..=80) {
            let end = body + j + '》'.len_utf8();
            out.push((from + i..end, name));
            from = end;
        } else {
            from = body;
        }
    }
    out
}

/// Does `name` end in one of `endings` with `before` chars before it, either at its
/// end or before a note in brackets of 2 to 20 chars, none of （）《》?
fn ends_as(name: &str, endings: &[&str], before: std::ops::RangeInclusive<usize>) -> bool {
    let ends =
        |head: &str| endings.iter().any(|e| head.strip_suffix(e).is_some_and(|x| before.contains(&x.chars().count())));
    ends(name) || without_note(name).is_some_and(ends)
}

/// `name` without the note in brackets at its end (`（试行）`: 2 to 20 chars, none of （）《》).
fn without_note(name: &str) -> Option<&str> {
    let inner = name.strip_suffix('）')?;
    let open = inner.rfind('（')?;
    let note = &inner[open + '（'.len_utf8()..];
    let fits = (2..=20).contains(&note.chars().count()) && !note.contains(['）', '《', '》']);
    fits.then(|| &name[..open])
}

/// `《中国制造 2025》`: a short name ending in a year, a plan or strategy where a clause
/// issues or adopts it (not a yearbook, index or report: those end in their own words).
static YEAR_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《((?:[“”\p{Han}]\s?){2,10}(?:19|20)\d{2})》").unwrap());

/// Technical guides and rules (`《纯电池动力船舶检验指南》`, `《…设计导则》`): standards,
/// not policies.
static TECHNICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:检验|检测|测试|技术|设计|施工|评价|评估)(?:指南|导则|规则|规范|细则)$").unwrap());

/// A name given to a policy just named (`（以下简称“《个保法》”）`, `（下称《数安法》）`): the
/// same policy, never a second one.
static ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"》\s*[（(]\s*(?:以下|下文)?(?:简称|称|下称)[为：:]?\s*[“"]?《([^《》]{1,20})》[”"]?\s*[）)]"#)
        .unwrap()
});

/// A sentence of a disclaimer or a copyright notice, wherever it stands (`未经授权的使用
/// 都将违反《…著作权法》`, `本报告的分发须遵守《…条例》`): the laws it cites are no
/// policies the report discusses.
static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"未经(?:授权|许可|书面)|版权所有|转载|追究.{0,6}责任|本报告.{0,8}分发|不构成.{0,8}(?:建议|要约)|免责")
        .unwrap()
});

/// What a clause does with a policy it names: issues, adopts or cites it.
static POLICY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"印发|发布|出台|颁布|制定|实施|推出|部署|通过|施行|修订|公布|提出|明确|指出|要求|强调|签署|批复|下发|落实|生效|审议|起草|规定|确立|刺激|推动|根据|依据",
    )
    .unwrap()
});

/// A heading that opens a report's legal notice (`免责声明`, `重要声明`, `分析师声明`,
/// `一般声明及披露`, `版权声明`, `华西证券免责声明`, with a page number perhaps).
static LEGAL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\S{0,6}(?:免责声明|免责条款|重要声明|法律声明|特别声明|版权声明|分析师声明|一般声明及披露|评级说明)[\s\d\-–—]*$")
        .unwrap()
});

/// Where a report's legal notice starts: its first heading in the last third of the
/// text. The laws it cites (`《证券及期货条例》`, `《著作权法》`) are no policies the
/// report discusses.
fn legal_notice_from(text: &str) -> usize {
    let from = crate::chars::floor_boundary(text, text.len() / 3 * 2);
    // every heading word holds 声, 款 or 说: the first heading is the first of the
    // first lines that hold each and are a heading, each line looked at once a char
    let region = &text[from..];
    let bytes = region.as_bytes();
    let first_with = |c: &str| {
        let mut looked_to = 0;
        for at in memchr::memmem::find_iter(bytes, c.as_bytes()) {
            if at < looked_to {
                continue;
            }
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            looked_to = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
            if LEGAL_HEADING.is_match(region[start..looked_to].trim()) {
                return Some(start);
            }
        }
        None
    };
    ["声", "款", "说"].into_iter().filter_map(first_with).min().map_or(text.len(), |start| from + start)
}

/// [`legal_notice_from`] as it read the text: line by line.
#[cfg(test)]
fn legal_notice_from_lines(text: &str) -> usize {
    let from = crate::chars::floor_boundary(text, text.len() / 3 * 2);
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        if line.contains(['声', '款', '说']) && LEGAL_HEADING.is_match(line.trim()) {
            return at;
        }
        at += line.len();
    }
    text.len()
}

/// What naming policies in running text needs of the whole document, found once for
/// all its parts: where its legal notice starts, and the keys of the names it gives
/// policies (`《…》（以下简称《…》）`) before it.
pub(crate) struct Named {
    legal: usize,
    aliases: std::collections::HashSet<String>,
}

impl Named {
    pub(crate) fn of(doc: &crate::normalize::Document) -> Named {
        let legal = legal_notice_from(&doc.text);
        Named { legal, aliases: ALIAS.captures_iter(&doc.text[..legal]).map(|c| key(&c[1])).collect() }
    }
}

/// What makes two titles one policy: a law is named with and without its country
/// (`中华人民共和国数据安全法`, `数据安全法`), a title with and without a space a line
/// break left.
pub(crate) fn key(title: &str) -> String {
    title.trim_start_matches("中华人民共和国").chars().filter(|c| !c.is_whitespace()).collect()
}

/// Policies named in running text (`农业农村部印发《智慧农机推广应用行动方案（2024-2026年）》`):
/// a 《》 name that ends as policies do, in a clause that issues, adopts or cites
/// it. One fact per name, at its first mention; a name inside a policy already
/// found (a table row, a declaration) is not repeated. The issuer is what stands
/// before the verb in the clause, the region its place (or `CN` for a central
/// body), the date a year and month before the name in the clause (else in the
/// sentence before the clause). None in the report's legal notice.
pub(crate) fn mentions(ctx: &Context, document: &Named, known: &[Found<Policy>]) -> Vec<Found<Policy>> {
    let text = &ctx.doc.text;
    let mut out: Vec<Found<Policy>> = Vec::new();
    let mut seen: std::collections::HashSet<String> = known.iter().map(|f| key(&f.fact.title)).collect();
    let legal = document.legal;
    // the known titles, each once (a long text names the same ones again and again)
    let mut known_titles: Vec<&str> = known.iter().map(|k| k.fact.title.as_str()).collect();
    known_titles.sort_unstable();
    known_titles.dedup();
    // the sentences that hold a 《, found by one search of the part: one without
    // names no policy
    let part = &text.as_bytes()[ctx.range.clone()];
    let open = "《".len();
    let opens = memchr::memmem::find_iter(part, "《".as_bytes()).map(|i| ctx.range.start + i);
    let with_open = ctx.sentences_holding(opens.map(|at| at..at + open));
    for (s, _) in ctx.sentences.iter().zip(&with_open).filter(|(_, with)| **with) {
        let sentence = &text[s.start..s.end];
        if s.start >= legal || DISCLAIMER.is_match(sentence) {
            continue;
        }
        for clause in super::context::clauses(text, s.start..s.end) {
            let ctext = &text[clause.clone()];
            let verb = POLICY_VERB.is_match(ctext);
            let names = policy_names(ctext)
                .into_iter()
                .filter(|(_, name)| verb || ends_as(name, &STRONG_ENDINGS, 0..=usize::MAX))
                .map(|(whole, name)| (whole, name.to_string()))
                .chain(YEAR_NAME.captures_iter(ctext).filter(|_| verb).map(|c| {
                    let whole = c.get(0).expect("a match");
                    (whole.start()..whole.end(), c[1].to_string())
                }))
                .collect::<Vec<_>>();
            for (whole, title) in names {
                let at = clause.start + whole.start;
                let inside_known =
                    known.iter().any(|k| k.span.contains(&at)) || known_titles.iter().any(|k| k.contains(&title));
                if inside_known || TECHNICAL.is_match(&title) {
                    continue;
                }
                let lead = &ctext[..whole.start];
                let verb = POLICY_VERB.find_iter(lead).last();
                let issuer = verb
                    .map(|v| lead[..v.start()].trim_end_matches(['、', ' ']))
                    .map(|i| i.rsplit(['，', ',', '：']).next().unwrap_or(i).trim())
                    .and_then(issuer_of);
                // the issuer's place, else the title's, else the clause's (`德国政府提出`), and
                // only then a central body's shape in the title (`国家…`)
                let region = issuer
                    .as_deref()
                    .and_then(issuer_region)
                    .or_else(|| region_in(&title).map(str::to_string))
                    .or_else(|| region_in(lead).map(str::to_string))
                    .or_else(|| issuer_region(&title));
                // the date nearest before the name in its clause, else in its sentence
                // (`到 2016 年，欧洲议会正式通过《…》`)
                // (not a year inside a title: `《…和2035年远景目标纲要》`)
                let in_title = |at: usize| {
                    let before = &text[s.start..at];
                    before.rfind('《').is_some_and(|o| before.rfind('》').is_none_or(|c| c < o))
                };
                // (nor a date right after another title: that one's, `《A》2019.01《B》`)
                let after_title = |at: usize| text[s.start..at].trim_end().ends_with('》');
                let date_in = |r: std::ops::Range<usize>| {
                    ctx.quantities_in(r).iter().rev().filter(|q| !in_title(q.start) && !after_title(q.start)).find_map(
                        |q| match q.value {
                            Value::Date { .. } => q.value.iso_date(),
                            // a year alone is a date of ISO 8601 too (`1995`)
                            Value::Year { year } => Some(format!("{year:04}")),
                            _ => None,
                        },
                    )
                };
                let date = date_in(clause.start..at).or_else(|| date_in(s.start..clause.start));
                // named again: one policy, dated by the mention that dates it (`…以《通用数据
                // 保护条例》为线索…` then `到2016年，…正式通过《通用数据保护条例》`)
                let k = key(&title);
                // (an alias is its policy's: named again, it is no new policy)
                if document.aliases.contains(&k) || !seen.insert(k.clone()) {
                    if let Some(first) = out.iter_mut().find(|f| key(&f.fact.title) == k)
                        && first.fact.date.is_none()
                    {
                        first.fact.date = date;
                    }
                    continue;
                }
                let fact = fact(title, region, issuer, date, None, evidence(ctx, s));
                out.push(Found { at, span: s.start..s.end, fact });
            }
        }
    }
    out
}

/// The issuing body in the words before a verb: its last few words when they
/// name an office or a government (`2021年7月工业和信息化部` → `工业和信息化部`).
fn issuer_of(lead: &str) -> Option<String> {
    // not the date before it (`2021年 7月工业和信息化部`)
    let from = lead
        .rfind(|c: char| c.is_ascii_digit() || c.is_whitespace() || "年月日".contains(c))
        .map_or(0, |i| i + lead[i..].chars().next().map_or(1, char::len_utf8));
    issuer_name(&lead[from..]).map(str::to_string)
}

/// The endings of an office's name (`…人民政府`, `…委员会`, `…部`): up to 16 Han chars
/// stand before one.
const OFFICE_ENDINGS: [&str; 15] = [
    "人民政府办公厅",
    "人民政府办公室",
    "人民政府",
    "办公厅",
    "委员会",
    "管理局",
    "网信办",
    "发展改革委",
    "发改委",
    "部",
    "厅",
    "局",
    "委",
    "院",
    "办",
];
/// Bodies named in full.
const BODIES: [&str; 8] = ["党中央", "中共中央", "国务院", "中办", "国办", "欧盟", "全国人大", "全国人大常委会"];

/// The offices and governments that end `lead`, a list of them perhaps (`中办、国办`,
/// `工业和信息化部与国家发展改革委`), from the first char they can start at: `lead` from
/// the first char where the rest of it is a name, then `、`, `和`, `与` or `及` and a
/// name, and so on. A name is one of [`BODIES`] or up to 16 Han chars and one of
/// [`OFFICE_ENDINGS`]. (The reading of `{one}(?:[、和与及]{one})*$`, `one` being
/// `(?:\p{Han}{0,16}?(?:人民政府办公厅|…|办)|党中央|…|全国人大(?:常委会)?)`, found from the
/// left: a pattern that cost more to compile than a report's reading of it. A test
/// holds the two alike.)
fn issuer_name(lead: &str) -> Option<&str> {
    let at: Vec<usize> = lead.char_indices().map(|(i, _)| i).chain([lead.len()]).collect();
    let n = at.len() - 1;
    let is_name = |s: &str| {
        BODIES.contains(&s)
            || OFFICE_ENDINGS.iter().any(|e| {
                s.strip_suffix(e).is_some_and(|x| x.chars().count() <= 16 && x.chars().all(crate::chars::is_han_script))
            })
    };
    // names[k]: the text from char k on is a list of names; a name is at most 16 Han
    // chars and an ending, or a body, of up to 7
    let mut names = vec![false; n + 1];
    for k in (0..n).rev() {
        names[k] = (k + 1..=n.min(k + 16 + 7)).any(|m| {
            let rest_is_list = m == n || matches!(&lead[at[m]..at[m + 1]], "、" | "和" | "与" | "及") && names[m + 1];
            rest_is_list && is_name(&lead[at[k]..at[m]])
        });
    }
    (0..n).find(|&k| names[k]).map(|k| &lead[at[k]..])
}

fn is_source(line: &str) -> bool {
    crate::data::source_label(line).is_some() || is_caption(line)
}

/// A table's caption under it (`表 | 主要国家/地区的隐私相关法律法规（来源：…）`, `表3：…`):
/// the end of the table, like a source line (it is no row's focus).
fn is_caption(line: &str) -> bool {
    let rest = line.strip_prefix("图表").or_else(|| line.strip_prefix('表')).or_else(|| line.strip_prefix('图'));
    rest.is_some_and(|r| r.starts_with([' ', '|', '：', ':', '丨']) || r.starts_with(|c: char| c.is_ascii_digit()))
}

/// A row of a table whose rows are lines: cells split at spaces, a sequence
/// number first if any; the date is the cell that is one, the title the cell in
/// 《》 or that ends as a title does, the issuer a cell that names an office, and
/// the focus what is left.
fn row(ctx: &Context, s: usize, e: usize) -> Option<Found<Policy>> {
    let line = &ctx.doc.text[s..e];
    let mut date = None;
    let mut title: Option<(usize, &str)> = None;
    let mut issuer = None;
    let mut rest = Vec::new();
    let mut at = 0;
    for cell in line.split_whitespace() {
        let offset = at + line[at..].find(cell).unwrap_or(0);
        at = offset + cell.len();
        // (a date opens with its year's first digit: other cells need no scan)
        let year_first = cell.chars().next().map(quantity::folded).is_some_and(|c| c == '1' || c == '2');
        let whole_date = (if year_first { quantity::scan(cell) } else { Vec::new() })
            .first()
            .filter(|q| q.start == 0 && q.end == cell.len())
            .and_then(|q| matches!(q.value, Value::Date { .. }).then(|| q.value.iso_date()).flatten());
        if let Some(d) = whole_date.filter(|_| date.is_none()) {
            date = Some(d);
        } else if title.is_none() && (cell.starts_with('《') || TITLE_END.is_match(cell)) {
            title = Some((offset, cell));
        } else if issuer.is_none() && ISSUER_CELL.is_match(cell) {
            issuer = Some(cell.to_string());
        } else if !(rest.is_empty() && cell.bytes().all(|b| b.is_ascii_digit())) {
            rest.push(cell);
        }
    }
    let (offset, title) = title?;
    date.as_ref()?;
    let mut found = policy(ctx, s + offset, s + offset + title.len(), title.to_string(), date, rest.join(" "));
    if issuer.is_some() {
        if found.fact.region.is_none() {
            found.fact.region = issuer.as_deref().and_then(issuer_region);
        }
        found.fact.issuer = issuer;
    }
    found.fact.evidence = evidence(ctx, &Sentence { start: s, end: e, line_start: s, page: ctx.doc.page_of(s) });
    Some(found)
}

/// The region of an issuing office (or of a title that names its issuer): `CN`
/// for a central body, else the place it names.
fn issuer_region(issuer: &str) -> Option<String> {
    if CENTRAL.iter().any(|c| issuer.starts_with(c)) {
        return Some("CN".to_string());
    }
    region_in(issuer).map(str::to_string).or_else(|| CENTRAL_BODY.is_match(issuer).then(|| "CN".to_string()))
}

/// A central body by its shape, where it names no place: `国家能源局`, `住房和城乡建设部`,
/// `市场监管总局`.
static CENTRAL_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:国家|国务院|中共中央|党中央|中办|国办|全国人大)|^[\p{Han}、]{2,12}(?:部|总局)$").unwrap()
});

/// A policy fact: its period read from its title (`（2024-2026年）`, `“十四五”`).
fn fact(
    title: String,
    region: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    focus: Option<String>,
    evidence: super::Evidence,
) -> Policy {
    let period = match quantity::may_hold_year_range(&title) {
        true => quantity::scan(&title).into_iter().find_map(|q| match q.value {
            Value::YearRange { from, to } => Some((from, to)),
            _ => None,
        }),
        false => None,
    };
    Policy {
        title,
        region,
        issuer,
        date,
        period_from: period.map(|p| p.0),
        period_to: period.map(|p| p.1),
        focus,
        evidence,
    }
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
    let issuer = ISSUER.captures(&title).map(|c| c[1].to_string());
    let region = issuer_region(&title);
    let span = Sentence { start, end, line_start: start, page: ctx.doc.page_of(start) };
    let focus = (!focus.is_empty()).then_some(focus);
    Found { at: start, span: start..end, fact: fact(title, region, issuer, date, focus, evidence(ctx, &span)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random texts of the chars and words policy names are made of, with runs long
    /// enough to cross the bounds of 2, 20 and 80 chars.
    fn random_texts(seed: u64, n: usize, pieces: &[&str]) -> Vec<String> {
        let mut rng = crate::random::xorshift(seed);
        (0..n)
            .map(|_| {
                let len = (rng() % 14) as usize;
                (0..len)
                    .map(|_| {
                        let p = pieces[(rng() % pieces.len() as u64) as usize];
                        // a run of one char, 1 to 90 long, now and then
                        if rng().is_multiple_of(5) { p.repeat(1 + (rng() % 90) as usize) } else { p.to_string() }
                    })
                    .collect::<String>()
            })
            .collect()
    }

    /// The offices found by hand are the pattern's matches, found from the left and
    /// ending the text: on 30,000 random texts of office words, separators, Han and not.
    #[test]
    fn issuer_names_are_the_patterns_matches() {
        let one = r"(?:[\p{Han}]{0,16}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|委员会|管理局|网信办|发展改革委|发改委|部|厅|局|委|院|办)|党中央|中共中央|国务院|中办|国办|欧盟|全国人大(?:常委会)?)";
        let pattern = Regex::new(&format!("{one}(?:[、和与及]{one})*$")).unwrap();
        let pieces = [
            "部",
            "委",
            "办",
            "院",
            "厅",
            "局",
            "人民政府",
            "办公厅",
            "委员会",
            "发改委",
            "国务院",
            "中办",
            "国办",
            "全国人大",
            "常委会",
            "欧盟",
            "、",
            "和",
            "与",
            "及",
            "工业",
            "信息化",
            "国家",
            "〇",
            "々",
            "a",
            "1",
            " ",
            "，",
            "省",
        ];
        let mut found = 0;
        for text in random_texts(0x1553_0001, 30_000, &pieces) {
            let want = pattern.find(&text).filter(|m| m.end() == text.len()).map(|m| m.as_str());
            assert_eq!(issuer_name(&text), want, "{text:?}");
            found += usize::from(want.is_some());
        }
        assert!(found > 5_000, "{found}");
        // (the reach of one name in `issuer_name`: 16 Han chars and an ending, or a body, of 7 at most)
        assert_eq!(OFFICE_ENDINGS.iter().chain(&BODIES).map(|w| w.chars().count()).max(), Some(7));
        assert_eq!(issuer_name("据悉，工业和信息化部与国家发展改革委"), Some("工业和信息化部与国家发展改革委"));
        assert_eq!(issuer_name("据悉工业和信息化部"), Some("据悉工业和信息化部"), "any Han before an ending");
        assert_eq!(issuer_name("中办、国办"), Some("中办、国办"));
        assert_eq!(issuer_name("中办、"), None);
    }

    /// The names found by hand are the pattern's matches and first groups, and the
    /// strong endings are its strong pattern's: on 30,000 random texts.
    #[test]
    fn policy_names_are_the_patterns_matches() {
        let names = Regex::new(r"《([^《》]{2,80}?(?:规划|纲要|计划|方案|意见|通知|办法|条例|规定|指南|决定|措施|政策|细则|导则|法|法案|法典|指令|指引|规则|战略|行动)(?:（[^（）《》]{2,20}）)?)》").unwrap();
        let strong = Regex::new(
            r"(?:规划|纲要|意见|通知|办法|条例|规定|决定|细则|法|法案|法典|指令)(?:（[^（）《》]{2,20}）)?$",
        )
        .unwrap();
        let pieces = [
            "《",
            "》",
            "（",
            "）",
            "法",
            "案",
            "典",
            "规划",
            "办法",
            "行动",
            "指",
            "令",
            "计划",
            "（试行）",
            "数据",
            "安全",
            "a",
            "1",
            " ",
            "\n",
            "，",
            "》》",
            "《《",
            "法》",
            "规划》",
            "行动》",
            "（试行）》",
            "（十四五）》",
            "《数据",
            "《关于",
        ];
        let mut found = 0;
        for text in random_texts(0x9011_0001, 30_000, &pieces) {
            let want: Vec<(std::ops::Range<usize>, &str)> =
                names.captures_iter(&text).map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().as_str())).collect();
            assert_eq!(policy_names(&text), want, "{text:?}");
            found += want.len();
            for (_, name) in want {
                assert_eq!(ends_as(name, &STRONG_ENDINGS, 0..=usize::MAX), strong.is_match(name), "{name:?}");
            }
            assert_eq!(ends_as(&text, &STRONG_ENDINGS, 0..=usize::MAX), strong.is_match(&text), "{text:?}");
        }
        assert!(found > 3_000, "{found}");
        assert_eq!(
            policy_names("依据《数据安全法》和《个人信息保护法（草案）》、《关于x》"),
            vec![(6..27, "数据安全法"), (30..69, "个人信息保护法（草案）")]
        );
    }

    /// The legal notice starts where reading the last third line by line finds its
    /// heading: over random texts of headings, their parts, page numbers and words.
    #[test]
    fn the_legal_notice_starts_where_the_lines_say() {
        let pieces = [
            "免责声明",
            "重要声明",
            "评级说明",
            "免责条款",
            "声明",
            "说明",
            "款",
            "声",
            "说",
            "华西证券",
            " ",
            "12",
            "\n",
            "\n",
            "市场规模",
            "本报告",
            "—",
            "小说",
            "款项",
        ];
        let mut next = crate::random::xorshift(0x1e6a_1000);
        let mut found = 0;
        for _ in 0..4000 {
            let text: String = (0..next() % 30).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            let at = legal_notice_from(&text);
            assert_eq!(at, legal_notice_from_lines(&text), "{text:?}");
            found += usize::from(at < text.len());
        }
        assert!(found > 500, "{found} notices");
    }

    /// One search over the lines marks the lines that looking through each marks: in
    /// texts of header words, their parts and overlaps (`法律法规名称`), spaces, and
    /// lines that abut with no break between them, 3000 of them at random.
    #[test]
    fn worded_lines_are_the_lines_with_a_header_word() {
        let pieces = [
            "政策",
            "文件名称",
            "法律法规名称",
            "发布",
            "日期",
            "印发时间",
            "法",
            "名称",
            "政",
            " ",
            "\t",
            "规模",
            "\n",
            "2025",
        ];
        let mut next = crate::random::xorshift(0x5eed_1234);
        let mut marked = 0;
        for _ in 0..3000 {
            let text: String = (0..next() % 12).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            // cut into lines at random char boundaries, some with a byte between
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mut cuts: Vec<usize> = bounds.iter().copied().filter(|_| next().is_multiple_of(3)).collect();
            cuts.push(text.len());
            let mut lines = Vec::new();
            let mut start = 0;
            for &cut in &cuts {
                if cut >= start {
                    lines.push((start, cut));
                    // the next line starts at the cut, or a char after it
                    start = if next().is_multiple_of(2) {
                        cut
                    } else {
                        bounds.iter().copied().find(|&b| b > cut).unwrap_or(cut)
                    };
                }
            }
            let expected: Vec<bool> = lines.iter().map(|&(s, e)| has_header_word(text[s..e].trim())).collect();
            assert_eq!(worded_lines(&text, &lines), expected, "{text:?} {lines:?}");
            marked += expected.iter().filter(|&&w| w).count();
        }
        assert!(marked > 500, "{marked} lines marked");
        assert_eq!(worded_lines("", &[]), Vec::<bool>::new());
    }
}
