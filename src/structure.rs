//! Structure: the layout of a normalized document, read once and queried by the
//! extractors: lines and what they are (a heading, a bullet, a numbered item, a
//! row of enumerator markers `01 02 03`, a stray page number), the sections that
//! headings open, and the blocks (a slide, a page, or the part of one between two
//! headings) that hold the lines.
//!
//! Headings are found four ways:
//! - `一、市场规模`, `第二章 发展趋势`;
//! - a short line that stands alone more than once (a slide's running header);
//! - where such headers share a leading glyph that PDF extraction left
//!   (`二核心技术迭代演进`, `二融合应用发展趋势`), any short line that starts with it,
//!   and a known header glued to the end of the line before it;
//! - a numbered line whose short text ends with a section word (`2. 发展趋势`).
//!
//! Blocks end at a heading, a page break, and a bare number line (a page number);
//! a block keeps the section of the heading before it.

use crate::chars::is_han;
use crate::normalize::Document;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing but spaces.
    Blank,
    /// A bare number: a page number, or one enumerator marker of a column of them.
    Number,
    /// Enumerator markers in a row: `01 02 03` (the count).
    Markers(usize),
    /// A heading: opens section `.0` of [`Structure::sections`].
    Heading(usize),
    /// A numbered item, or several in a row: `1.异构计算深度融合 2.边缘计算持续拓展`.
    Numbered,
    /// A bullet item (`• ` at its head after normalization).
    Bullet,
    /// A line repeated on most pages: a running title or a disclaimer.
    Furniture,
    /// A heading in a table of contents (three or more headings in a row): it
    /// opens no section.
    Contents,
    /// A table's row, its cells tab-separated.
    Row,
    /// Anything else.
    Text,
}

/// A line of the document: the byte range of its text, trimmed (for a bullet, after
/// the `• ` marker), its page and its kind.
#[derive(Debug, Clone)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub page: usize,
    pub kind: LineKind,
}

/// A section: its title as written (a leading glyph shared by all headers dropped).
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
}

/// Lines that belong together: a slide, a page, or the part of one between headings.
#[derive(Debug, Clone)]
pub struct Block {
    /// The section it is in, if a heading came before it.
    pub section: Option<usize>,
    /// Its lines: indexes into [`Structure::lines`], headings and page numbers excluded.
    pub lines: Range<usize>,
    /// It is the first block of its section.
    pub first_in_section: bool,
}

/// The layout of a document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub lines: Vec<Line>,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    /// The [`marker_column`]s, each once, in order (indexes into `lines`).
    pub columns: Vec<Range<usize>>,
}

/// Sentence punctuation: a line with any of these is prose, not a title.
const PROSE: &[char] = &['，', '。', '；', '：', '！', '？', ',', ';', ':', '!', '?'];

/// `一、市场规模`, `第二章 发展趋势`, `第三部分：应用`.
static CHINESE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[章节部分篇][\s：:]*)\s*(\S.{0,24})$")
        .unwrap()
});
/// The heading of back matter: `附件`, `附录 1`, `参考文献`, `免责声明`.
static BACK_MATTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:附件|附录|附表|参考文献|免责声明|法律声明|致谢|后记)\s*\d{0,2}$").unwrap());
/// One numbered item: `1.`, `01.`, `1、`, `(1)`, `（一）`, then its text up to the next item.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:\d{1,2}[.．、](?:\s*)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]\s*)(\S(?:.*?\S)?)\s*(?:$|\s(?:\d{1,2}[.．、]|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]))").unwrap()
});

/// Is `t` short and free of sentence punctuation: the shape of a title?
pub fn title_like(t: &str, max_chars: usize) -> bool {
    // (more bytes than `max_chars` chars of four bytes hold: more chars)
    if t.len() > 4 * max_chars || t.starts_with(['（', '(', '《', '“', '"']) {
        return false;
    }
    // its chars, its Han and its punctuation, in one pass
    let (mut chars, mut han) = (0, 0);
    for c in t.chars() {
        if is_prose_mark(c) {
            return false;
        }
        chars += 1;
        han += usize::from(is_han(c));
    }
    (2..=max_chars).contains(&chars) && han >= 2
}

/// Is `c` one of [`PROSE`]? (A match: a search of the list costs more.)
fn is_prose_mark(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?')
}

/// A data-source line or a note under a chart (`数据来源：`, `注：`).
pub fn is_source_line(t: &str) -> bool {
    crate::data::source_label(t).is_some() || t.starts_with("注：") || t.starts_with("注:")
}

/// The byte ranges of the texts of the numbered items of line `t` (relative to it).
pub fn numbered_items(t: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < t.len() {
        let Some(c) = ITEM.captures_at(t, at) else { break };
        let m = c.get(1).expect("an item has a text");
        out.push(m.range());
        at = m.end();
    }
    out
}

/// What is known of a document's lines only from all of them: running headers
/// (short title-like lines that stand alone more than once) and furniture (those
/// on most pages of a longer document: a running title, a disclaimer). Found in one
/// pass that keeps only such lines, so that the structure of a long document can
/// then be built a part at a time.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    furniture: std::collections::HashSet<String>,
    /// Sorted.
    headers: Vec<String>,
    glyph: Option<char>,
}

impl Layout {
    pub fn of(doc: &Document) -> Layout {
        let _stage = crate::timing::start(crate::timing::Stage::Structure);
        let text = doc.text.as_str();
        let mut seen: HashMap<&str, Vec<usize>, foldhash::fast::FixedState> = HashMap::default();
        for (s, e, page) in raw_lines(doc, 0..text.len()) {
            let t = &text[s..e];
            if title_like(t, 20) && !t.starts_with('•') && !crate::normalize::is_numbered_item(t) && !is_source_line(t)
            {
                let pages = seen.entry(t).or_default();
                // a page once is enough to count pages; more than three mentions, to count as repeated
                if pages.len() < 3 || pages.last() != Some(&page) {
                    pages.push(page);
                }
            }
        }
        let pages = doc.pages.len();
        let on_most_pages = |p: &[usize]| {
            let mut p = p.to_vec();
            p.dedup();
            pages >= 4 && p.len() * 2 > pages
        };
        let furniture = seen.iter().filter(|(_, p)| on_most_pages(p)).map(|(t, _)| t.to_string()).collect();
        let mut headers: Vec<String> =
            seen.iter().filter(|(_, p)| p.len() >= 2 && !on_most_pages(p)).map(|(t, _)| t.to_string()).collect();
        headers.sort_unstable();
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let glyph = shared_glyph(&refs);
        Layout { furniture, headers, glyph }
    }
}

impl Structure {
    /// The structure of the whole document.
    pub fn build(doc: &Document) -> Structure {
        Structure::build_in(doc, 0..doc.text.len(), &Layout::of(doc))
    }

    /// The structure of the lines in bytes `range` of the document (whole lines),
    /// with what `layout` knows of all of them.
    pub fn build_in(doc: &Document, range: Range<usize>, layout: &Layout) -> Structure {
        let _stage = crate::timing::start(crate::timing::Stage::Structure);
        let text = doc.text.as_str();
        let raw = raw_lines(doc, range.clone());
        let headers = Headers::of(&layout.headers);
        let glyph = layout.glyph;
        let furniture = &layout.furniture;
        let mut st = Structure::default();
        // room for a line at each line break, and a few more (one in 64) for page
        // breaks and running headers cut off the ends of lines: sized once, not grown
        // (a long part's lines are megabytes, copied at every doubling)
        let lines = memchr::memchr_iter(b'\n', &text.as_bytes()[range.clone()]).count() + 1;
        st.lines.reserve(lines + lines / 64);
        let mut section_of: HashMap<String, usize> = HashMap::new();
        for (s, e, page) in raw {
            let t = &text[s..e];
            // a known header glued to the end of a line
            let glued = headers.glued_to(t).or_else(|| glyph.and_then(|g| glued_with_glyph(t, g)));
            let parts = match glued {
                Some(cut) => [(s, s + cut), (s + cut, e)].into_iter().take(2),
                None => [(s, e), (e, e)].into_iter().take(1),
            };
            for (s, e) in parts {
                let kept = crate::chars::trimmed(&text[s..e]);
                let (s, e) = (s + kept.start, s + kept.end);
                let t = &text[s..e];
                if !furniture.is_empty() && furniture.contains(t) {
                    st.lines.push(Line { start: s, end: e, page, kind: LineKind::Furniture });
                    continue;
                }
                let kind = match heading_title(t, &headers, glyph) {
                    Some(title_at) => {
                        let title = &t[title_at..];
                        let n = st.sections.len();
                        let id = *section_of.entry(title.to_string()).or_insert(n);
                        if id == n {
                            st.sections.push(Section { title: title.to_string() });
                        }
                        LineKind::Heading(id)
                    }
                    None => classify(t),
                };
                st.lines.push(Line { start: s, end: e, page, kind });
            }
        }
        mark_contents(&mut st.lines);
        st.columns = marker_columns(&st.lines, text);
        st.blocks = blocks(&st.lines, &st.columns);
        st
    }

    /// The title of the section of `block`, if any.
    pub fn section_title(&self, block: &Block) -> Option<&str> {
        block.section.map(|i| self.sections[i].title.as_str())
    }
}

/// A layout's running headers, looked up by text and by length.
struct Headers<'l> {
    set: std::collections::HashSet<&'l str, foldhash::fast::FixedState>,
    /// Their byte lengths and their last chars, each once, in order.
    lengths: Vec<usize>,
    last_chars: Vec<char>,
}

impl<'l> Headers<'l> {
    fn of(headers: &'l [String]) -> Headers<'l> {
        let mut lengths: Vec<usize> = headers.iter().map(String::len).collect();
        lengths.sort_unstable();
        lengths.dedup();
        let mut last_chars: Vec<char> = headers.iter().filter_map(|h| h.chars().next_back()).collect();
        last_chars.sort_unstable();
        last_chars.dedup();
        Headers { set: headers.iter().map(String::as_str).collect(), lengths, last_chars }
    }

    fn contains(&self, t: &str) -> bool {
        self.lengths.binary_search(&t.len()).is_ok() && self.set.contains(t)
    }

    /// Where the first header (in text order) that ends `t`, and is not all of it,
    /// starts in it.
    fn glued_to(&self, t: &str) -> Option<usize> {
        if t.chars().next_back().is_none_or(|c| self.last_chars.binary_search(&c).is_err()) {
            return None;
        }
        // (one header of each length can end `t`: the first of those in order)
        let tails = self.lengths.iter().take_while(|&&n| n < t.len()).map(|&n| t.len() - n);
        tails.filter(|&at| t.is_char_boundary(at) && self.set.contains(&t[at..])).min_by_key(|&at| &t[at..])
    }
}

/// (start, end, page) of every line in bytes `range` (whole lines), trimmed of spaces.
fn raw_lines(doc: &Document, range: Range<usize>) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut start = range.start;
    crate::chars::lines(&doc.text[range]).map(move |piece| {
        let kept = crate::chars::trimmed(piece);
        let line = (start + kept.start, start + kept.end, doc.page_of(start));
        start += piece.len() + 1;
        line
    })
}

/// A Han character that every running header starts with, where there are at least
/// two of them and it is a word of its own in each (`二核心技术迭代演进`: jieba cuts
/// `二` off; not `中国...`, not `二、`): a glyph of the layout.
fn shared_glyph(headers: &[&str]) -> Option<char> {
    let first = headers.first()?.chars().next()?;
    let all = headers.len() >= 2
        && is_han(first)
        && headers.iter().all(|h| h.starts_with(first) && !h[first.len_utf8()..].starts_with(['、', ' ']))
        && headers.iter().all(|h| {
            let segmenter = crate::segment::segmenter(h);
            let words = segmenter.cut(h, false);
            words.first().is_some_and(|w| w.word.chars().count() == 1)
        });
    all.then_some(first)
}

/// Where a header that starts with the layout glyph `g` begins at the end of `t`
/// (`产能持续扩张，价格竞争加剧二发展机遇` → the byte of `二`).
fn glued_with_glyph(t: &str, g: char) -> Option<usize> {
    let at = t.rfind(g)?;
    let tail = &t[at + g.len_utf8()..];
    (at > 0 && title_like(tail, 12) && tail.chars().all(is_han)).then_some(at)
}

/// Where the title of the heading `t` starts in it, if `t` is one.
fn heading_title(t: &str, headers: &Headers, glyph: Option<char>) -> Option<usize> {
    // (each pattern is looked at only for a line that opens as its matches do)
    let first = t.chars().next();
    // back matter: an appendix, references, a disclaimer end what came before
    if first.is_some_and(|c| matches!(c, '附' | '参' | '免' | '法' | '致' | '后')) && BACK_MATTER.is_match(t) {
        return Some(0);
    }
    let heading_first = |c| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '第');
    if let Some(c) = first.filter(|&c| heading_first(c)).and_then(|_| CHINESE_HEADING.captures(t)) {
        let title = c.get(1).expect("a heading has a title");
        // `二、算力：AI底层土壤核心受益`: a colon may split a numbered heading
        let halves = title.as_str().split(['：', ':']).collect::<Vec<_>>();
        let ok = halves.len() <= 2 && halves.iter().all(|h| !h.contains(PROSE)) && title_like(&halves.concat(), 24);
        return ok.then_some(title.start());
    }
    let strip = |t: &str| glyph.filter(|g| t.starts_with(*g)).map_or(0, |g| g.len_utf8());
    if headers.contains(t) {
        return Some(strip(t));
    }
    if let Some(g) = glyph
        && t.starts_with(g)
        && title_like(&t[g.len_utf8()..], 16)
        && t[g.len_utf8()..].chars().all(is_han)
    {
        return Some(g.len_utf8());
    }
    section_item(t)
}

/// `2. 发展趋势`: a lone numbered item whose short text (8 chars at most) ends with a
/// section word; where its text starts. A line of more than 18 chars but spaces is
/// none, and its items are not looked for: the one item of a numbered line runs from
/// its head (5 chars at most: `（十二）`) to the line's end, or to a last head with
/// nothing after it.
fn section_item(t: &str) -> Option<usize> {
    if !crate::normalize::is_numbered_item(t) || t.chars().filter(|c| !c.is_whitespace()).nth(18).is_some() {
        return None;
    }
    // (an item's text is some of the line's: a line with no section word has no item
    // that ends with one, and its items need not be looked for)
    if !SECTION_WORD_SEARCH.is_match(t) {
        return None;
    }
    let items = numbered_items(t);
    let [item] = items.as_slice() else { return None };
    let title = &t[item.clone()];
    (title.chars().count() <= 8 && title_like(title, 8) && ends_with_section_word(title)).then_some(item.start)
}

/// What a section is about, by the words of its title (`data/sections.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Trend,
    Challenge,
    Other,
}

static SECTION_WORDS: LazyLock<Vec<(&'static str, Topic)>> = LazyLock::new(|| {
    crate::data::pairs(include_str!("../data/sections.tsv"))
        .filter_map(|(w, role)| match role {
            "trend" => Some((w, Topic::Trend)),
            "challenge" => Some((w, Topic::Challenge)),
            "section" => Some((w, Topic::Other)),
            _ => None,
        })
        .collect()
});

/// Does a text hold any of [`SECTION_WORDS`]? One search for all of them, in place of
/// a search of the text for each.
/// (A non-contiguous NFA and no prefilter: the quickest to build, and the lines searched
/// are short.)
static SECTION_WORD_SEARCH: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .prefilter(false)
        .build(SECTION_WORDS.iter().map(|w| w.0))
        .expect("section words")
});

/// The topic of a section title: the first trend or challenge word in it, else Other.
pub fn topic(title: &str) -> Topic {
    let hit = |topic: Topic| SECTION_WORDS.iter().any(|&(w, t)| t == topic && title.contains(w));
    if hit(Topic::Challenge) {
        Topic::Challenge
    } else if hit(Topic::Trend) {
        Topic::Trend
    } else {
        Topic::Other
    }
}

fn ends_with_section_word(title: &str) -> bool {
    SECTION_WORDS.iter().any(|(w, _)| title.ends_with(w))
}

/// A line's kind from its class, as normalization classified it
/// ([`crate::normalize::classify_text`]); what needs the document (headings,
/// furniture) is decided before.
fn classify(t: &str) -> LineKind {
    use crate::normalize::LineClass;
    match crate::normalize::classify_text(t) {
        LineClass::Blank => LineKind::Blank,
        LineClass::Row => LineKind::Row,
        LineClass::Number => LineKind::Number,
        LineClass::Markers(n) => LineKind::Markers(n),
        LineClass::Bullet => LineKind::Bullet,
        LineClass::Numbered => LineKind::Numbered,
        LineClass::Source | LineClass::Opener | LineClass::Text => LineKind::Text,
    }
}

/// Three or more headings with nothing between them but blank lines, page numbers
/// and furniture are a table of contents (or a chapter divider listing all
/// chapters): they become [`LineKind::Contents`].
fn mark_contents(lines: &mut [Line]) {
    let quiet = |k: LineKind| matches!(k, LineKind::Blank | LineKind::Number | LineKind::Furniture);
    let mut i = 0;
    while i < lines.len() {
        if !matches!(lines[i].kind, LineKind::Heading(_)) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        while j < lines.len() && (quiet(lines[j].kind) || matches!(lines[j].kind, LineKind::Heading(_))) {
            if matches!(lines[j].kind, LineKind::Heading(_)) {
                run.push(j);
            }
            j += 1;
        }
        if run.len() >= 3 {
            for k in run {
                lines[k].kind = LineKind::Contents;
            }
        }
        i = j;
    }
}

/// Splits the lines into blocks: at headings, page breaks and lone page numbers.
fn blocks(lines: &[Line], columns: &[Range<usize>]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut section = None;
    let mut first = true;
    let mut start = 0;
    let close = |from: usize, to: usize, section: Option<usize>, first: &mut bool, out: &mut Vec<Block>| {
        let has_content = lines[from..to].iter().any(|l| l.kind != LineKind::Blank);
        if has_content {
            out.push(Block { section, lines: from..to, first_in_section: *first });
            *first = false;
        }
    };
    let mut in_column = vec![false; lines.len()];
    for col in columns {
        in_column[col.clone()].iter_mut().for_each(|b| *b = true);
    }
    for (i, line) in lines.iter().enumerate() {
        let page_break = i > 0 && lines[i - 1].page != line.page;
        let lone_number = line.kind == LineKind::Number && !in_column[i];
        match line.kind {
            LineKind::Heading(id) => {
                close(start, i, section, &mut first, &mut out);
                if section != Some(id) {
                    first = true;
                }
                section = Some(id);
                start = i + 1;
            }
            LineKind::Contents => {
                close(start, i, section, &mut first, &mut out);
                section = None;
                first = true;
                start = i + 1;
            }
            _ if lone_number => {
                close(start, i, section, &mut first, &mut out);
                start = i + 1;
            }
            _ if page_break => {
                close(start, i, section, &mut first, &mut out);
                start = i;
            }
            _ => {}
        }
    }
    close(start, lines.len(), section, &mut first, &mut out);
    out
}

/// Every [`marker_column`] of `lines`, each walked once: columns do not overlap (a
/// line's column is the one chain of numbers counting up by one that holds it).
fn marker_columns(lines: &[Line], text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind == LineKind::Number
            && let Some(col) = marker_column(lines, text, i)
        {
            i = col.end;
            out.push(col);
            continue;
        }
        i += 1;
    }
    out
}

/// The lines of the column of bare numbers counting up by one (`1`, `2`, `3` on
/// lines of their own, blank lines between) that holds line `i`.
fn marker_column(lines: &[Line], text: &str, i: usize) -> Option<Range<usize>> {
    let value = |j: usize| -> Option<u32> {
        (lines[j].kind == LineKind::Number).then(|| text[lines[j].start..lines[j].end].parse().ok())?
    };
    let v = value(i)?;
    let neighbour = |from: usize, step: isize| {
        let mut j = from as isize + step;
        while j >= 0 && (j as usize) < lines.len() && lines[j as usize].kind == LineKind::Blank {
            j += step;
        }
        (j >= 0 && (j as usize) < lines.len()).then_some(j as usize)
    };
    let (mut from, mut lo) = (i, v);
    while let Some(j) = neighbour(from, -1).filter(|&j| value(j).is_some_and(|p| p + 1 == lo)) {
        from = j;
        lo -= 1;
    }
    let (mut to, mut hi) = (i, v);
    while let Some(j) = neighbour(to, 1).filter(|&j| value(j) == Some(hi + 1)) {
        to = j;
        hi += 1;
    }
    (to > from).then_some(from..to + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one search for section words finds a word where a search for each finds
    /// one, over random texts of the words' own chars (halves of words among them).
    #[test]
    fn one_search_for_section_words_is_a_search_for_each() {
        let chars: Vec<char> = SECTION_WORDS.iter().flat_map(|w| w.0.chars()).chain(['1', '.', ' ', '规']).collect();
        let mut rng = crate::random::xorshift(0x5ec7_0001);
        let (mut with, mut without) = (0, 0);
        for _ in 0..20_000 {
            let len = (rng() % 7) as usize;
            let t: String = (0..len).map(|_| chars[(rng() % chars.len() as u64) as usize]).collect();
            let each = SECTION_WORDS.iter().any(|(w, _)| t.contains(w));
            assert_eq!(SECTION_WORD_SEARCH.is_match(&t), each, "{t:?}");
            (with, without) = if each { (with + 1, without) } else { (with, without + 1) };
        }
        assert!(with > 100 && without > 100, "{with} {without}");
    }

    /// `title_like` (its byte bound, its one pass) is its three looks counting chars,
    /// over random lines of chars of one to four bytes, every mark of prose among
    /// them, around every bound.
    #[test]
    fn title_like_by_bytes_is_title_like_by_chars() {
        let by_chars = |t: &str, max: usize| {
            let n = t.chars().take(max + 1).count();
            (2..=max).contains(&n)
                && !t.contains(PROSE)
                && t.chars().filter(|c| is_han(*c)).count() >= 2
                && !t.starts_with(['（', '(', '《', '“', '"'])
        };
        let alphabet = ['规', '模', 'a', '1', ' ', 'é', '𠀀', '，', '（', '。', '(', '《', '“', '"'];
        let han = ['规', '模', '产', '业', '发', '展', '趋', '势', '市', '场', '增', '长'];
        let alphabet: Vec<char> = alphabet.into_iter().chain(han).chain(han).chain(PROSE.iter().copied()).collect();
        assert!(PROSE.iter().all(|&c| is_prose_mark(c)));
        let mut rng = crate::random::xorshift(0x717e_0001);
        let (mut titles, mut not) = (0, 0);
        for _ in 0..20000 {
            let len = (rng() % 40) as usize;
            let t: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            for max in [0, 1, 2, 8, 12, 16, 20, 24] {
                let expected = by_chars(&t, max);
                assert_eq!(title_like(&t, max), expected, "{t:?} {max}");
                if expected { titles += 1 } else { not += 1 }
            }
        }
        assert!(titles > 1000 && not > 1000, "{titles} {not}");
    }

    /// Passing over long lines, and lines with no section word, loses no section item:
    /// over 4000 random numbered lines of heads, section words, spaces and text, the
    /// answer is the items' own.
    #[test]
    fn long_lines_hold_no_section_item() {
        let heads = ["1.", "12、", "（十二）", "(3)", "２．", "（一）"];
        let pieces =
            ["发展趋势", "挑战", "与", "主要", "市场", " ", "  ", "9.5亿", "数据中心", "2.", "（二）", "分析", "a"];
        let reference = |t: &str| {
            let items = numbered_items(t);
            let [item] = items.as_slice() else { return None };
            let title = &t[item.clone()];
            (title.chars().count() <= 8 && title_like(title, 8) && ends_with_section_word(title)).then_some(item.start)
        };
        let mut next = crate::random::xorshift(0x17e4_5ec7);
        let (mut numbered, mut found) = (0, 0);
        for _ in 0..4000 {
            let mut t = heads[(next() % heads.len() as u64) as usize].to_string();
            for _ in 0..next() % 7 {
                t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let t = t.trim();
            if crate::normalize::is_numbered_item(t) {
                numbered += 1;
                assert_eq!(section_item(t), reference(t), "{t:?}");
                found += usize::from(reference(t).is_some());
            }
        }
        assert!(numbered > 2000 && found > 100, "{numbered} numbered, {found} section items");
        assert_eq!(section_item("3. 发展趋势"), Some(3));
    }

    /// A line's text is trimmed (what reads lines, a policy table's, takes a blank
    /// line for an empty one): over random documents of spaces of every width, a
    /// running header glued to a line's end, bullets and text.
    #[test]
    fn every_line_is_trimmed() {
        let pieces =
            ["规模", " ", "\u{3000}", "\u{a0}", "\t", "\n", "\n\n", "\u{c}", "• ", "一、发展趋势", "2.", "年", "市场"];
        let mut rng = crate::random::xorshift(0x7e1a_0001);
        let (mut lines, mut blank) = (0, 0);
        for _ in 0..600 {
            let mut text = String::from("起\n");
            for _ in 0..rng() % 40 {
                text.push_str(pieces[(rng() % pieces.len() as u64) as usize]);
            }
            // a header on three pages, glued to the end of a line on one
            text.push_str("\n核心技术\n\u{c}核心技术\n正文一行\u{3000}核心技术\n\u{c}核心技术\n末");
            let raw = crate::ingest::from_bytes(std::path::Path::new("t.txt"), text.as_bytes()).unwrap();
            let doc = Document::from_raw(raw);
            for l in &Structure::build(&doc).lines {
                let t = &doc.text[l.start..l.end];
                assert_eq!(t, crate::chars::trim(t), "{text:?}");
                lines += 1;
                blank += usize::from(t.is_empty());
            }
        }
        assert!(lines > 6000 && blank > 300, "{lines} lines, {blank} blank");
    }
}
