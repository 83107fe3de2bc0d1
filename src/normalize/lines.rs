//! The line-level work of normalization: folding, bullets, spaces, page numbers, rejoining.

use super::Origin;
use crate::chars::is_cjk;
use regex::Regex;
use std::sync::LazyLock;

/// A char of normalized text and the raw char offset it came from.
type Ch = (char, u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Text,
    /// Starts with a bullet glyph (written as `• `).
    Bullet,
    /// Starts with an item number: `1.`, `一、`, `（2）`, `01 `.
    Numbered,
    /// Only a number: a page number, a slide counter or a table cell.
    Number,
    /// A data-source attribution (`数据来源：...`): never joined to its neighbours.
    Source,
    /// A table's row, its cells tab-separated: never joined either.
    Row,
}

/// A line's text: a raw line cleaning leaves as it is (most are), borrowed with the
/// raw offset of its first char and its length in chars; else its chars one by one.
enum Body<'p> {
    Raw(&'p str, u32, u32),
    /// A bullet item whose text cleaning leaves as it is: `• ` (both from the raw
    /// offset of the glyph, the first `u32`), then its text as in `Raw`.
    Bullet(u32, &'p str, u32, u32),
    Chars(Vec<Ch>),
}

struct Line<'p> {
    body: Body<'p>,
    kind: Kind,
    /// Raw offset of the line break that ended this line.
    newline: u32,
    /// Display width of the last physical line in `chars` (CJK counts 2).
    width: usize,
    /// The widest line near the last physical line: the text's measure there.
    measure: usize,
}

/// How many lines on each side of a line give its measure (the width of the text there).
pub(super) const WINDOW: usize = 10;

impl Line<'_> {
    fn first_char(&self) -> Option<char> {
        match &self.body {
            Body::Raw(s, ..) => s.chars().next(),
            Body::Bullet(..) => Some('•'),
            Body::Chars(chars) => chars.first().map(|&(c, _)| c),
        }
    }

    fn last_char(&self) -> Option<char> {
        match &self.body {
            Body::Raw(s, ..) | Body::Bullet(_, s, ..) => s.chars().next_back(),
            Body::Chars(chars) => chars.last().map(|&(c, _)| c),
        }
    }

    /// Its length in chars.
    fn len(&self) -> usize {
        match &self.body {
            Body::Raw(_, _, n) => *n as usize,
            Body::Bullet(.., n) => 2 + *n as usize,
            Body::Chars(chars) => chars.len(),
        }
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.body {
            Body::Raw(s, ..) => std::borrow::Cow::Borrowed(*s),
            Body::Bullet(_, s, ..) => std::borrow::Cow::Owned(format!("• {s}")),
            Body::Chars(chars) => std::borrow::Cow::Owned(chars.iter().map(|&(c, _)| c).collect()),
        }
    }
}

fn text_width(l: &Line) -> usize {
    if matches!(l.kind, Kind::Text | Kind::Bullet | Kind::Numbered) { l.width } else { 0 }
}

/// The rejoining widths of the lines raw `text` cleans to.
fn widths(text: &str) -> Vec<usize> {
    clean_lines(text, 0).iter().map(text_width).collect()
}

/// What a piece of a page needs of the page around it: the widths of the [`WINDOW`]
/// lines before and after it, which give the measure of the lines near its ends.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Context {
    before: Vec<usize>,
    after: Vec<usize>,
}

/// The widths of a piece's first and last [`WINDOW`] lines (all of them, both, where
/// it has fewer): what the pieces beside it on its page need of it.
#[derive(Debug, Default)]
pub(super) struct Edges {
    first: Vec<usize>,
    last: Vec<usize>,
}

impl Edges {
    /// The edges of raw piece `text`, from its first and last [`WINDOW`] raw lines
    /// cleaned (each cleans to a line or two), or from all of it, cleaned once, where it
    /// has fewer than twice that: linear in the piece however long its lines.
    pub(super) fn of(text: &str) -> Edges {
        let head = memchr::memchr_iter(b'\n', text.as_bytes()).nth(WINDOW - 1);
        let tail = memchr::memrchr_iter(b'\n', text.as_bytes()).nth(WINDOW - 1);
        match (head, tail) {
            (Some(head), Some(tail)) if head < tail => {
                let mut first = widths(&text[..head]);
                first.truncate(WINDOW);
                let mut last = widths(&text[tail + 1..]);
                last = last.split_off(last.len().saturating_sub(WINDOW));
                Edges { first, last }
            }
            _ => {
                let all = widths(text);
                let first = all[..all.len().min(WINDOW)].to_vec();
                let last = all[all.len().saturating_sub(WINDOW)..].to_vec();
                Edges { first, last }
            }
        }
    }
}

impl Context {
    /// The context of a piece from the edges of the pieces beside it on its page:
    /// `before`, nearest first; `after`, nearest first. Where the page was cut at line
    /// breaks, these are the lines cleaning the page whole has there.
    pub(super) fn around<'e>(
        before: impl Iterator<Item = &'e Edges>,
        after: impl Iterator<Item = &'e Edges>,
    ) -> Context {
        let mut back: Vec<usize> = Vec::with_capacity(WINDOW);
        for piece in before {
            back.extend(piece.last.iter().rev().take(WINDOW - back.len()));
            // (a piece of fewer lines than the window: the one before it too)
            if back.len() == WINDOW {
                break;
            }
        }
        back.reverse();
        let mut ahead: Vec<usize> = Vec::with_capacity(WINDOW);
        for piece in after {
            ahead.extend(piece.first.iter().take(WINDOW - ahead.len()));
            if ahead.len() == WINDOW {
                break;
            }
        }
        Context { before: back, after: ahead }
    }

    /// The context of a piece between raw text `before` and `after` on its page, by
    /// cleaning the [`WINDOW`] lines on each side: what [`Context::around`] gives where
    /// the page was cut at line breaks.
    #[cfg(test)]
    pub(super) fn of(before: &str, after: &str) -> Context {
        // (no text, no line: `clean_lines` makes one blank line of it, of width 0,
        // which measures nothing, as the window is padded with zeros)
        let widths = |text: &str| if text.is_empty() { vec![] } else { widths(text) };
        // the line break between `before` and the piece is neither's
        let before = before.strip_suffix('\n').unwrap_or(before);
        // the last WINDOW + 1 lines before, the first after
        let start = before.rmatch_indices('\n').nth(WINDOW).map_or(0, |(i, _)| i + 1);
        let end = after.match_indices('\n').nth(WINDOW).map_or(after.len(), |(i, _)| i);
        let mut before = widths(&before[start..]);
        before = before.split_off(before.len().saturating_sub(WINDOW));
        let mut after = widths(&after[..end]);
        after.truncate(WINDOW);
        Context { before, after }
    }
}

/// Normalizes one raw page, or a piece of one (see [`super::Document::from_raw`]),
/// appending its text to `out` and the origin of each char to `origin`. A lone
/// number as its first line (`first_line_of_page`) or its last is a page number.
pub(super) fn normalize_page(
    page: &str,
    raw_offset: u32,
    (first_line_of_page, last_line_of_page): (bool, bool),
    context: &Context,
    out: &mut String,
    origin: &mut Origin,
) {
    let mut lines = clean_lines(page, raw_offset);
    mark_page_number_lines(&mut lines, first_line_of_page, last_line_of_page);
    join_emit(lines, context, out, origin);
}

/// Where a long page may be cut into pieces that normalize as it would whole: after
/// a line that ends a sentence (no rejoining crosses it), else after any line, else
/// after a sentence mark inside a line, else anywhere. `(cut, newline)`: the byte
/// where the next piece starts, and whether a line break lies between (dropped from
/// both pieces and written between them).
pub(super) fn cut_near(page: &str, target: usize) -> (usize, bool) {
    let boundary = |mut at: usize| {
        at = at.min(page.len());
        while !page.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let base = boundary(target);
    let window = &page[base..boundary(target + target / 2)];
    let mut any_line = None;
    for (i, _) in window.match_indices('\n') {
        let line_end = page[..base + i].trim_end_matches([' ', '\t', '\r']);
        if line_end.chars().next_back().is_some_and(|c| "。！？!?；;".contains(c)) {
            return (base + i + 1, true);
        }
        any_line.get_or_insert(base + i + 1);
    }
    if let Some(cut) = any_line {
        return (cut, true);
    }
    if let Some((i, m)) = window.match_indices(['。', '！', '？', '；']).next() {
        return (base + i + m.len(), false);
    }
    (base, false)
}

/// Splits a page into raw lines and cleans each; `raw_offset` is the page's first char.
fn clean_lines(page: &str, raw_offset: u32) -> Vec<Line<'_>> {
    // (a raw line may become two: a page number glued to its end goes on its own)
    let raw_lines = memchr::memchr_iter(b'\n', page.as_bytes()).count() + 1;
    let mut lines = Vec::with_capacity(raw_lines + raw_lines / 8 + 4);
    let mut offset = raw_offset;
    for raw_line in crate::chars::split_at_byte(page, b'\n') {
        if let Some((chars, width)) = unchanged(raw_line) {
            let kind = kind_of(classify_text(raw_line));
            let body = Body::Raw(raw_line, offset, chars);
            offset += chars;
            lines.push(Line { body, kind, newline: offset, width, measure: 0 });
        } else if let Some((head, (chars, width))) =
            bullet_head(raw_line).and_then(|h| Some((h, unchanged(&raw_line[h.0..])?)))
        {
            // `•` and the spaces after it (`head.1` chars) become `• `
            let body = Body::Bullet(offset, &raw_line[head.0..], offset + head.1, chars);
            offset += head.1 + chars;
            lines.push(Line { body, kind: Kind::Bullet, newline: offset, width: 3 + width, measure: 0 });
        } else {
            offset = clean_chars(raw_line, offset, &mut lines);
        }
        offset += 1;
    }
    lines
}

/// Cleans raw line `raw_line`, its first char at raw offset `offset`, char by char
/// into `out`; the raw offset after it.
fn clean_chars(raw_line: &str, mut offset: u32, out: &mut Vec<Line>) -> u32 {
    // one allocation per line, of the line's chars
    let mut chars: Vec<Ch> = Vec::with_capacity(raw_line.chars().count());
    let mut it = raw_line.chars().peekable();
    while let Some(c) = it.next() {
        if !c.is_control() || c == '\t' {
            chars.push((c, offset));
        } else if chars.last().is_some_and(|l| l.0.is_ascii_digit()) && it.peek().is_some_and(char::is_ascii_digit) {
            // a control char between two figures kept them apart (`2021\u{0}2035年`): a space
            chars.push((' ', offset));
        }
        offset += 1;
    }
    clean_line(chars, offset, out);
    offset
}

/// A raw line that [`clean_line`] would leave as it is, as its length in chars and
/// its width: no control char, nothing [`fold`] or [`fold_group_commas`] changes, no
/// space at either end, no bullet glyph first, no space [`collapse_spaces`] drops and
/// no page number glued to its end. (Conservative: a line it turns down is cleaned
/// char by char, to the same result where nothing changes.)
fn unchanged(line: &str) -> Option<(u32, usize)> {
    let b = line.as_bytes();
    let (mut chars, mut wide) = (0u32, 0usize);
    let mut prev_digit = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            // C0 controls and DEL (a tab too: a row's cells)
            if c < 0x20 || c == 0x7f {
                return None;
            }
            prev_digit = c.is_ascii_digit();
            chars += 1;
            i += 1;
            continue;
        }
        // a run of common Han: none folds, each one wide
        let han = crate::chars::common_han_run(b, i);
        if han > 0 {
            chars += han as u32;
            wide += han;
            i += 3 * han;
            prev_digit = false;
            continue;
        }
        let (c1, c2) = (b.get(i + 1).copied().unwrap_or(0), b.get(i + 2).copied().unwrap_or(0));
        let folded = match c {
            // C1 controls (U+0080–U+009F) and the no-break space (U+00A0)
            0xC2 => c1 <= 0xA0,
            // U+2002–U+200A: spaces
            0xE2 => c1 == 0x80 && (0x82..=0x8A).contains(&c2),
            // U+3000: the ideographic space
            0xE3 => c1 == 0x80 && c2 == 0x80,
            // full-width ％ ＋ － ． digits and letters; ，after a digit
            0xEF => match (c1, c2) {
                (0xBC, 0x85 | 0x8B | 0x8D | 0x8E | 0x90..=0x99 | 0xA1..=0xBA) | (0xBD, 0x81..=0x9A) => true,
                (0xBC, 0x8C) => prev_digit,
                _ => false,
            },
            _ => false,
        };
        if folded {
            return None;
        }
        prev_digit = false;
        chars += 1;
        wide += 1;
        i += match c {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
    }
    let (Some(first), Some(last)) = (line.chars().next(), line.chars().next_back()) else {
        // an empty line: blank
        return Some((0, 0));
    };
    if first.is_whitespace() || last.is_whitespace() {
        return None;
    }
    let second = line[first.len_utf8()..].chars().next();
    if is_symbol_bullet(first)
        || ('\u{F000}'..='\u{F0FF}').contains(&first)
        || (is_letter_bullet(first) && second == Some(' '))
    {
        return None;
    }
    for at in memchr::memchr_iter(b' ', line.as_bytes()) {
        let mut before = line[..at].chars().rev();
        let mut after = line[at + 1..].chars();
        if let (Some(a), Some(c)) = (before.next(), after.next())
            && a != ' '
            && c != ' '
            && drops_space(before.next(), a, c, after.next())
        {
            return None;
        }
    }
    if last.is_ascii_digit() && (GLUED_AFTER_MONTH.is_match(line) || TRAILING_NUMBER.is_match(line)) {
        return None;
    }
    Some((chars, chars as usize + wide))
}

/// A symbol bullet and the spaces after it opening raw line `line`, with text after
/// them, as (bytes, chars) they take: what [`bullet_len`] takes of the line where
/// cleaning changes nothing before it.
fn bullet_head(line: &str) -> Option<(usize, u32)> {
    let first = line.chars().next()?;
    if !is_symbol_bullet(first) && !('\u{F000}'..='\u{F0FF}').contains(&first) {
        return None;
    }
    let rest = &line[first.len_utf8()..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces < rest.len()).then_some((first.len_utf8() + spaces, 1 + spaces as u32))
}

fn is_digit_any(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Chars that may follow a number as its unit or scale: a space between is dropped.
fn is_unit_start(c: char) -> bool {
    matches!(
        c,
        '亿' | '万'
            | '千'
            | '百'
            | '元'
            | '角'
            | '分'
            | '%'
            | '年'
            | '月'
            | '日'
            | '个'
            | '倍'
            | '兆'
            | '美'
            | '欧'
            | '英'
            | '港'
            | '台'
            | '韩'
            | '卢'
            | '瑞'
            | '人'
            | '家'
            | '项'
            | '座'
    )
}

/// Full-width and space folding, with the neighbouring raw chars as context.
fn fold(c: char, prev: Option<char>, next: Option<char>) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '．' if is_digit_any(prev) && is_digit_any(next) => '.',
        '＋' | '－' if is_digit_any(next) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' | '\u{2002}'..='\u{200A}' => ' ',
        _ => c,
    }
}

/// Folds `，` between digits to `,` only where it groups thousands (`1，100.9`).
fn fold_group_commas(chars: &mut [Ch]) {
    for i in 1..chars.len() {
        if chars[i].0 != '，' || !chars[i - 1].0.is_ascii_digit() {
            continue;
        }
        let digits = chars[i + 1..].iter().take_while(|(c, _)| c.is_ascii_digit()).count();
        if digits == 3 {
            chars[i].0 = ',';
        }
    }
}

/// A symbol that opens a bullet item.
fn is_symbol_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '●'
            | '▪'
            | '■'
            | '◆'
            | '◇'
            | '○'
            | '◦'
            | 'Ø'
            | '➢'
            | '➤'
            | '►'
            | '▶'
            | '√'
            | '✓'
            | '§'
            | '·'
    )
}

/// A letter a symbol font's bullet comes out as (`p`, `n`, `u`: a bullet where a
/// space follows).
fn is_letter_bullet(c: char) -> bool {
    matches!(c, 'p' | 'n' | 'u' | 'l' | 'q' | 'v' | 'ü')
}

/// If the line starts with a bullet glyph, returns how many chars it and its spaces take.
fn bullet_len(chars: &[Ch]) -> Option<usize> {
    let first = chars.first()?.0;
    let spaces = chars[1..].iter().take_while(|(c, _)| *c == ' ').count();
    let after = chars.get(1 + spaces).map(|&(c, _)| c);
    let symbol = is_symbol_bullet(first) || ('\u{F000}'..='\u{F0FF}').contains(&first);
    if symbol && after.is_some() {
        return Some(1 + spaces);
    }
    let letter = is_letter_bullet(first) && spaces > 0;
    if letter && after.is_some_and(|c| !c.is_ascii() || c.is_ascii_digit()) {
        return Some(1 + spaces);
    }
    None
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,2}[.、)）][^0-9]|0[0-9](?:[ \t]|$)|[一二三四五六七八九十]{1,3}、|[（(](?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[）)]|第[一二三四五六七八九十0-9]{1,3}[章节部分])").unwrap()
});
/// A table's or a figure's caption: `表1：`, `图 5 `, `图表48：`. It opens a line of
/// its own: no caption runs into the one before (`表4：…` `表5：…` side by side).
static CAPTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:图表|图|表)\s*\d{1,3}\s*[：:．.、\s]").unwrap());
/// A page number glued after a year-month at the end of a line: `2025年3月5`.
static GLUED_AFTER_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9])[0-9]{4}年[0-9]{1,2}月([0-9]{1,3})$").unwrap());
/// A number set off by two or more spaces at the end of a line: `持续发展  13`.
static TRAILING_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^ ] {2,}([0-9]{1,3})$").unwrap());

/// A line of one to four ASCII digits.
fn only_number(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Cleans one raw line into `out`; a page number glued to its end becomes a second line.
fn clean_line(mut chars: Vec<Ch>, newline: u32, out: &mut Vec<Line>) {
    let mut prev = None;
    for i in 0..chars.len() {
        let c = chars[i].0;
        let next = chars.get(i + 1).map(|&(c, _)| c);
        chars[i].0 = fold(c, prev, next);
        prev = Some(c);
    }
    fold_group_commas(&mut chars);
    let mut start = chars.iter().take_while(|(c, _)| c.is_whitespace()).count();
    if chars[start..].iter().any(|&(c, _)| c == '\t') {
        // a row whose first cells are empty keeps the tabs that stand for them
        start = chars[..start].iter().position(|&(c, _)| c == '\t').unwrap_or(start);
    }
    chars.drain(..start);
    while chars.last().is_some_and(|(c, _)| c.is_whitespace()) {
        chars.pop();
    }
    let mut kind = Kind::Text;
    if let Some(n) = bullet_len(&chars) {
        let glyph = chars[0].1;
        chars.splice(..n, [('•', glyph), (' ', glyph)]);
        kind = Kind::Bullet;
    }
    if chars.iter().any(|&(c, _)| c == '\t') {
        // cells apart: no space beside a tab (the nearest other char on either side of
        // a run of spaces is one), found in one pass each way
        let mut beside = vec![false; chars.len()];
        let mut tab_before = false;
        for (i, &(c, _)) in chars.iter().enumerate() {
            if c != ' ' {
                tab_before = c == '\t';
            } else if tab_before {
                beside[i] = true;
            }
        }
        let mut tab_after = false;
        for (i, &(c, _)) in chars.iter().enumerate().rev() {
            if c != ' ' {
                tab_after = c == '\t';
            } else if tab_after {
                beside[i] = true;
            }
        }
        let mut at = 0;
        chars.retain(|_| {
            at += 1;
            !beside[at - 1]
        });
        if kind == Kind::Text {
            kind = Kind::Row;
        }
    }
    if chars.iter().any(|&(c, _)| c == ' ') {
        chars = collapse_spaces(chars);
    }
    let text = || chars.iter().map(|&(c, _)| c).collect::<String>();
    let split = if kind != Kind::Row && chars.last().is_some_and(|(c, _)| c.is_ascii_digit()) {
        let s = text();
        GLUED_AFTER_MONTH
            .captures(&s)
            .or_else(|| TRAILING_NUMBER.captures(&s))
            .map(|m| s[..m.get(1).unwrap().start()].chars().count())
    } else {
        None
    };
    if kind == Kind::Text {
        kind = kind_of(classify_text(&text()));
    }
    if let Some(at) = split {
        let tail = chars.split_off(at);
        while chars.last().is_some_and(|(c, _)| *c == ' ') {
            chars.pop();
        }
        let newline_before = tail[0].1;
        out.push(Line { width: width(&chars), measure: 0, body: Body::Chars(chars), kind, newline: newline_before });
        out.push(Line { width: width(&tail), measure: 0, body: Body::Chars(tail), kind: Kind::Number, newline });
        return;
    }
    out.push(Line { width: width(&chars), measure: 0, body: Body::Chars(chars), kind, newline });
}

fn width(chars: &[Ch]) -> usize {
    chars.iter().map(|&(c, _)| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// What a line is by its own text, once: the classification normalization rejoins
/// lines by and [`crate::structure`] starts from (it adds what takes the whole
/// document to tell: headings, running furniture, tables of contents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineClass {
    /// Nothing but spaces.
    Blank,
    /// A table's row: cells apart, tab-separated.
    Row,
    /// Only a number (up to four digits): a page number, a slide counter, a cell.
    Number,
    /// Enumerator markers in a row: `01 02 03` (the count).
    Markers(usize),
    /// A bullet item (`• ` after normalization).
    Bullet,
    /// A data-source attribution ([`crate::data::source_label`]).
    Source,
    /// A numbered item: `1.异构计算`, `1、`, `（一）`, `(2)` (not a decimal, `1.5亿`).
    Numbered,
    /// A line an item or a chapter number opens, that is no numbered item:
    /// `一、市场规模`, `第二章`, `01 发展趋势`, `3) …`, `2. 2024年…`; a caption (`表1：`).
    Opener,
    Text,
}

static MARKERS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\s+\d{1,2})+$").unwrap());
/// A numbered item's head, but not a decimal (`1.5亿`).
static NUMBERED_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}[.．、]\s*[^\d\s.．%％]|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)])").unwrap()
});

/// Does `t` open with a numbered item's head (`1.`, `（一）`), not a decimal?
pub fn is_numbered_item(t: &str) -> bool {
    // (it opens with a bracket, or with digits and a mark: no regex for the other lines)
    let head = |c: char| matches!(c, '.' | '．' | '、');
    (t.starts_with(['（', '(']) || t.starts_with(char::is_numeric) && digits_then(t, head)) && NUMBERED_ITEM.is_match(t)
}

/// Can `t`, opening with a digit, go on with a char `mark` takes after its first one
/// or two (`\d{1,2}` then `mark`)? Where it cannot, no pattern that opens so matches `t`,
/// and none need read it. (`char::is_numeric` holds of every char `\d` matches.)
fn digits_then(t: &str, mark: impl Fn(char) -> bool) -> bool {
    let mut chars = t.chars().skip(1);
    let (second, third) = (chars.next(), chars.next());
    second.is_some_and(&mark) || (second.is_some_and(char::is_numeric) && third.is_some_and(&mark))
}

/// Can `t`, opening with an ASCII digit, match [`NUMBERED`]? Its digit branches:
/// one or two digits then `.、)）`, or `0` and a digit.
fn may_be_numbered_digits(t: &str) -> bool {
    let mark = |c: char| matches!(c, '.' | '、' | ')' | '）');
    let mut chars = t.chars();
    let first = chars.next();
    let (second, third) = (chars.next(), chars.next());
    second.is_some_and(mark)
        || (second.is_some_and(|c| c.is_ascii_digit()) && (third.is_some_and(mark) || first == Some('0')))
}

/// Is one of the first eight chars of `t` a `来` (of `来源`, which every source label
/// holds)? Its last byte looked for in the bytes eight chars take at most, with
/// memchr, not the chars decoded one by one: most lines have none there.
fn lai_in_first_eight(t: &str) -> bool {
    const LAI: &[u8] = "来".as_bytes();
    let head = &t.as_bytes()[..t.len().min(8 * 4)];
    memchr::memchr_iter(LAI[2], head)
        .filter(|&end| end >= 2 && head[end - 2..=end] == *LAI)
        .any(|end| t[..end - 2].chars().count() < 8)
}

/// The class of the (trimmed) line `t`.
pub fn classify_text(t: &str) -> LineClass {
    let Some(first) = t.chars().next() else { return LineClass::Blank };
    if memchr::memchr(b'\t', t.as_bytes()).is_some() {
        return LineClass::Row;
    }
    if t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return LineClass::Number;
    }
    if first.is_ascii_digit() && digits_then(t, char::is_whitespace) && MARKERS.is_match(t) {
        return LineClass::Markers(t.split_whitespace().count());
    }
    if first == '•' {
        return LineClass::Bullet;
    }
    if lai_in_first_eight(t) && crate::data::source_label(t).is_some() {
        return LineClass::Source;
    }
    let may_be_numbered = first.is_ascii_digit()
        || matches!(first, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '（' | '(' | '第');
    if matches!(first, '图' | '表') && CAPTION.is_match(t) {
        LineClass::Opener
    } else if may_be_numbered && is_numbered_item(t) {
        LineClass::Numbered
    } else if may_be_numbered && (!first.is_ascii_digit() || may_be_numbered_digits(t)) && NUMBERED.is_match(t) {
        LineClass::Opener
    } else {
        LineClass::Text
    }
}

/// The rejoining kind of a class: what opens a paragraph (an item, a chapter, a
/// row of markers) is numbered; a source stands alone; a number is a page number.
fn kind_of(class: LineClass) -> Kind {
    match class {
        LineClass::Blank => Kind::Blank,
        LineClass::Row => Kind::Row,
        LineClass::Number => Kind::Number,
        LineClass::Markers(_) | LineClass::Numbered | LineClass::Opener => Kind::Numbered,
        LineClass::Bullet => Kind::Bullet,
        LineClass::Source => Kind::Source,
        LineClass::Text => Kind::Text,
    }
}

/// Drops a single space inside letter-spaced CJK (`与 地 球 的 声 明`: a word of one
/// char on either side) and between a digit and its unit (`2000 亿`). A space between
/// two CJK words of several chars is kept: it is often a table's column gap.
fn collapse_spaces(chars: Vec<Ch>) -> Vec<Ch> {
    let single_space =
        |i: usize| chars[i].0 == ' ' && i > 0 && i + 1 < chars.len() && chars[i + 1].0 != ' ' && chars[i - 1].0 != ' ';
    let mut out: Vec<Ch> = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        if single_space(i) {
            let beyond = |j: Option<usize>| j.and_then(|j| chars.get(j)).map(|&(c, _)| c);
            if drops_space(beyond(i.checked_sub(2)), chars[i - 1].0, chars[i + 1].0, beyond(Some(i + 2))) {
                continue;
            }
        }
        out.push(chars[i]);
    }
    out
}

/// Whether [`collapse_spaces`] drops a single space between `a` and `b`; `a2` and `b2`
/// are the chars beyond them (none at the line's ends).
fn drops_space(a2: Option<char>, a: char, b: char, b2: Option<char>) -> bool {
    let bullet_gap = a2.is_none() && a == '•';
    let word_is_one_char = a2.is_none_or(|c| c == ' ') || b2.is_none_or(|c| c == ' ');
    let letter_spaced = is_cjk(a) && is_cjk(b) && word_is_one_char;
    !bullet_gap && (letter_spaced || (a.is_ascii_digit() && is_unit_start(b)))
}

/// On a page of several, a lone number as the first or last line is a page number.
fn mark_page_number_lines(lines: &mut [Line], first_of_page: bool, last_of_page: bool) {
    let first = lines.iter().position(|l| l.kind != Kind::Blank).filter(|_| first_of_page);
    let last = lines.iter().rposition(|l| l.kind != Kind::Blank).filter(|_| last_of_page);
    for idx in [first, last].into_iter().flatten() {
        if only_number(&lines[idx].text()) {
            lines[idx].kind = Kind::Number;
        }
    }
}

/// A line that ends like this (its last two chars) goes on in the next one, blank line or not.
fn ends_open(tail: &[Option<char>; 2]) -> bool {
    const WORDS: &[&str] =
        &["的", "达到", "达", "为", "和", "与", "及", "在", "将", "约", "是", "至", "从", "对", "以", "由"];
    let Some(last) = tail[1] else { return false };
    if matches!(last, '，' | '、' | '（' | '《' | '“' | '—' | ',' | '(') {
        return true;
    }
    let tail: String = tail.iter().flatten().collect();
    WORDS.iter().any(|w| tail.ends_with(w))
}

/// A full line ending in a verb a figure follows (`比上年增长` / `11.3%，…`) goes on in
/// the line after a blank one that opens with the figure.
fn ends_before_figure(tail: &[Option<char>; 2]) -> bool {
    const VERBS: &[&str] = &["增长", "下降", "提高", "提升", "增加", "减少", "超过", "突破", "高达", "增速"];
    let tail: String = tail.iter().flatten().collect();
    VERBS.iter().any(|w| tail.ends_with(w))
}

/// A line that starts like this continues the one before.
fn starts_open(line: &Line) -> bool {
    line.first_char().is_some_and(|c| matches!(c, '，' | '。' | '、' | '）' | '》' | '”' | '；' | '：' | '%' | '的'))
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '：' | ':' | '…')
}

/// The widest of `widths[i - radius ..= i + radius]` (cut at the ends) for each `i`:
/// van Herk and Gil-Werman's running maximum, in blocks of the window's length
/// (`radius` zeros padded on each side, which no width is less than, make every
/// window whole). Two maxima per width, not a window's worth of them.
fn window_max(widths: &[usize], radius: usize) -> Vec<usize> {
    let k = 2 * radius + 1;
    // the maximum from its block's start to each padded width, and from it to its
    // block's end
    let mut ahead: Vec<usize> =
        std::iter::repeat_n(0, radius).chain(widths.iter().copied()).chain(std::iter::repeat_n(0, radius)).collect();
    let mut behind = ahead.clone();
    for block in (0..ahead.len()).step_by(k) {
        let end = (block + k).min(ahead.len());
        for i in block + 1..end {
            ahead[i] = ahead[i].max(ahead[i - 1]);
        }
        for i in (block..end - 1).rev() {
            behind[i] = behind[i].max(behind[i + 1]);
        }
    }
    // window `i` is the padded widths `i..i + k`: from `i` to its block's end, then on to `i + k - 1`
    (0..widths.len()).map(|i| behind[i].max(ahead[i + k - 1])).collect()
}

/// Joins each line to the next where the break falls inside a sentence, writing the
/// result to `out` (and each char's raw offset to `origin`) as it goes: the line
/// before does not end a sentence and the next one is plain text. Across one blank
/// line too (extractors double-space), where the line before fills the measure of
/// the lines around it, ends open (`，`, `达到`) or the next starts closed (`的`, `）`).
fn join_emit(mut lines: Vec<Line>, context: &Context, out: &mut String, origin: &mut Origin) {
    // the widths of the lines around each line, those of the page beyond the piece too
    let mut widths: Vec<usize> = context.before.clone();
    widths.extend(lines.iter().map(text_width));
    widths.extend(&context.after);
    let skip = context.before.len();
    let measures = window_max(&widths, WINDOW);
    for (line, measure) in lines.iter_mut().zip(&measures[skip..]) {
        line.measure = *measure;
    }
    /// What the join needs to know of an output line (a group of joined lines).
    #[derive(Clone, Copy)]
    struct Group {
        kind: Kind,
        /// Its last two chars.
        tail: [Option<char>; 2],
        /// Width and measure of its last physical line, and that line's break.
        width: usize,
        measure: usize,
        newline: u32,
        /// Lengths of `out` and `origin` before the break that starts it.
        out_len: usize,
        origin_len: usize,
    }
    let is_open = |g: &Group| {
        matches!(g.kind, Kind::Text | Kind::Bullet | Kind::Numbered) && g.tail[1].is_some_and(|c| !ends_sentence(c))
    };
    let is_full = |g: &Group| g.width >= 24 && g.width * 10 >= g.measure * 8;
    // a numbered line (`（二）夯实数字基础设施根基，打通信息“大动脉”`, `一、市场规模`) is
    // mostly a title: text goes on it only where it fills the measure (a wrapped
    // numbered paragraph) or ends open
    let title_line = |g: &Group| {
        g.kind == Kind::Numbered && !(g.width >= 24 && g.width * 100 >= g.measure * 95) && !ends_open(&g.tail)
    };
    let push_chars = |g: &mut Group, line: &Line, out: &mut String, origin: &mut Origin| match &line.body {
        Body::Raw(s, raw, chars) => {
            out.push_str(s);
            origin.push_run(*raw, *chars);
            let mut back = s.chars().rev();
            match (back.next(), back.next()) {
                (Some(last), Some(before)) => g.tail = [Some(before), Some(last)],
                (Some(last), None) => g.tail = [g.tail[1], Some(last)],
                (None, _) => {}
            }
        }
        Body::Bullet(glyph, s, raw, chars) => {
            out.push_str("• ");
            origin.push(*glyph);
            origin.push(*glyph);
            out.push_str(s);
            origin.push_run(*raw, *chars);
            let mut back = s.chars().rev();
            g.tail = match (back.next(), back.next()) {
                (Some(last), Some(before)) => [Some(before), Some(last)],
                (last, _) => [Some(' '), last],
            };
        }
        Body::Chars(chars) => {
            for &(c, o) in chars {
                out.push(c);
                origin.push(o);
                g.tail = [g.tail[1], Some(c)];
            }
        }
    };
    out.reserve(lines.iter().map(|l| l.len() * 3 + 1).sum());
    let mut prev: Option<Group> = None;
    let mut prev2: Option<Group> = None;
    for line in lines {
        if line.kind == Kind::Text {
            if let (Some(p), Some(p2)) = (prev, prev2) {
                // a line that starts with a figure after a blank is a new cell (`2025.08`)
                // unless the line before clearly goes on (`规模达到`, a full `比上年增长`)
                let starts_with_figure = line.first_char().is_some_and(|c| c.is_ascii_digit());
                let across_blank = p.kind == Kind::Blank
                    && is_open(&p2)
                    && ((is_full(&p2) && !starts_with_figure && !title_line(&p2))
                        || (is_full(&p2) && starts_with_figure && ends_before_figure(&p2.tail))
                        || ends_open(&p2.tail)
                        || starts_open(&line));
                if across_blank {
                    out.truncate(p.out_len);
                    origin.truncate(p.origin_len);
                    prev = Some(p2);
                    prev2 = None;
                }
            }
            // a title broken in its box goes on in a short fragment (`1. AI 技术深度融` /
            // `入生产核心环节`); a sentence or a long line after a title is its body
            let body = line.width >= 32 || line.last_char().is_some_and(ends_sentence);
            if let Some(mut g) = prev.filter(|g| is_open(g) && (!title_line(g) || !body || starts_open(&line))) {
                let a = g.tail[1].unwrap_or(' ');
                let b = line.first_char().unwrap_or(' ');
                if a.is_ascii_graphic() && !matches!(a, '-' | '/') && b.is_ascii_alphanumeric() {
                    out.push(' ');
                    origin.push(g.newline);
                    g.tail = [g.tail[1], Some(' ')];
                }
                push_chars(&mut g, &line, out, origin);
                g.width = line.width;
                g.measure = line.measure;
                g.newline = line.newline;
                prev = Some(g);
                continue;
            }
        }
        let mut g = Group {
            kind: line.kind,
            tail: [None, None],
            width: line.width,
            measure: line.measure,
            newline: line.newline,
            out_len: out.len(),
            origin_len: origin.len as usize,
        };
        if let Some(p) = prev {
            out.push('\n');
            origin.push(p.newline);
        }
        push_chars(&mut g, &line, out, origin);
        prev2 = prev;
        prev = Some(g);
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, Kind, LineClass, bullet_head, classify_text, clean_chars, kind_of, unchanged};

    /// The running maximum is each window's maximum, cut at the ends, for every
    /// length of widths up to five windows and more and radii from 0.
    #[test]
    fn window_max_is_each_windows_max() {
        let mut next = crate::random::xorshift(0x3ea5_0e1d);
        for radius in [0usize, 1, 2, 3, 10] {
            for len in 0..5 * (2 * radius + 1) + 3 {
                let widths: Vec<usize> = (0..len).map(|_| (next() % 60) as usize).collect();
                let naive: Vec<usize> = (0..len)
                    .map(|i| {
                        widths[i.saturating_sub(radius)..(i + radius + 1).min(len)].iter().copied().max().unwrap_or(0)
                    })
                    .collect();
                assert_eq!(super::window_max(&widths, radius), naive, "{widths:?} radius {radius}");
            }
        }
        assert_eq!(super::window_max(&[3, 9, 1, 0, 0, 7, 2], 1), [9, 9, 9, 1, 7, 7, 7]);
    }

    /// The heads looked at before a regex is run never turn down a line the regex
    /// matches: over random lines of digits, marks, spaces and words.
    #[test]
    fn the_heads_looked_at_first_turn_down_no_match() {
        let pieces = [
            "1", "2", "0", "12", "３", "٣", ".", "．", "、", ")", "）", "（", "(", " ", "\u{3000}", "\t", "一", "五",
            "第", "章", "亿", "%", "市场", "a",
        ];
        let mut next = crate::random::xorshift(0xc1a5_5e5d);
        let (mut markers, mut items, mut numbered) = (0, 0, 0);
        for _ in 0..60000 {
            let mut t = String::new();
            for _ in 0..1 + next() % 6 {
                t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let first = t.chars().next().unwrap_or(' ');
            if first.is_ascii_digit() && super::MARKERS.is_match(&t) {
                markers += 1;
                assert!(super::digits_then(&t, char::is_whitespace), "{t:?}");
            }
            let plain =
                t.starts_with(|c: char| c.is_numeric() || c == '（' || c == '(') && super::NUMBERED_ITEM.is_match(&t);
            items += usize::from(plain);
            assert_eq!(super::is_numbered_item(&t), plain, "{t:?}");
            if first.is_ascii_digit() && super::NUMBERED.is_match(&t) {
                numbered += 1;
                assert!(super::may_be_numbered_digits(&t), "{t:?}");
            }
        }
        assert!(markers > 80 && items > 600 && numbered > 700, "{markers} {items} {numbered}");
    }

    /// A line the fast path keeps as it is comes out of the char-by-char cleaning
    /// the same: same chars from consecutive raw offsets, same width and kind. Over
    /// lines that show each thing cleaning changes, and random mutations of them.
    #[test]
    fn a_line_kept_as_it_is_is_what_cleaning_gives() {
        let lines = [
            "",
            "全球储能市场规模达到1200亿元，同比增长35%。",
            "2000 亿欧元的投资计划",
            "AI 大模型 应用 场景",
            "燃 料 电 池",
            "营收1，250.5亿元",
            "营收1，25亿元",
            "规模为１２亿元",
            "增速为12．5％",
            "２０２４年３月５",
            "报告发布于2025年3月5",
            "持续发展  13",
            "持续发展 13",
            "• 行业集中度提升",
            "p 产能扩张",
            "ü 需求回暖",
            "pn 技术",
            "\u{F0A7} 政策支持",
            " 首尾有空格 ",
            "\u{3000}缩进的段落",
            "中间\u{a0}不换行空格",
            "出货量\t120\t150",
            "控制\u{1}字符",
            "2021\u{0}2035年",
            "12",
            "一、行业概况",
            "数据来源：某研究院",
            "（二）海外市场",
            "Ø 趋势",
            "•产能",
            "●  两个空格之后",
            "• 中 国",
            "• 报告发布于2025年3月5",
            "•",
            "• ",
            "• •x",
            "▪ 12 亿元",
            "E2E 测试 a b",
            "¼ 的份额",
            "5 亿 元",
            "约 5个 项目",
        ];
        let mut rng = crate::random::xorshift(0x5eed_1234_abcd_0001);
        let pieces: Vec<&str> = vec![
            " ",
            "  ",
            "，",
            "1",
            "亿",
            "年",
            "\t",
            "\u{3000}",
            "•",
            "p",
            "a",
            "中",
            "％",
            "．",
            "2025年3月",
            "\u{a0}",
        ];
        let mut cases: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..4000 {
            let base = lines[(rng() % lines.len() as u64) as usize];
            let mut chars: Vec<String> = base.chars().map(String::from).collect();
            for _ in 0..1 + rng() % 3 {
                let at = (rng() % (chars.len() as u64 + 1)) as usize;
                let piece = pieces[(rng() % pieces.len() as u64) as usize];
                if rng().is_multiple_of(3) && at < chars.len() {
                    chars.remove(at);
                } else {
                    chars.insert(at, piece.to_string());
                }
            }
            cases.push(chars.concat());
        }
        let mut kept = 0;
        let mut bullets = 0;
        for line in &cases {
            // a bullet item: `• ` from the glyph's offset, then its text as it is
            if let Some((head, (chars, width))) = bullet_head(line).and_then(|h| Some((h, unchanged(&line[h.0..])?))) {
                bullets += 1;
                let mut out = Vec::new();
                let end = clean_chars(line, 100, &mut out);
                assert_eq!(out.len(), 1, "{line:?}");
                let Body::Chars(cleaned) = &out[0].body else { unreachable!() };
                let text: Vec<(char, u32)> = line[head.0..].chars().zip(100 + head.1..).collect();
                let expected: Vec<(char, u32)> = [('•', 100), (' ', 100)].into_iter().chain(text).collect();
                assert_eq!(cleaned, &expected, "{line:?}");
                assert_eq!(
                    (out[0].kind, out[0].width, end),
                    (Kind::Bullet, 3 + width, 100 + head.1 + chars),
                    "{line:?}"
                );
            }
            let Some((chars, width)) = unchanged(line) else { continue };
            kept += 1;
            let mut out = Vec::new();
            let end = clean_chars(line, 100, &mut out);
            assert_eq!(out.len(), 1, "{line:?}");
            let Body::Chars(cleaned) = &out[0].body else { unreachable!() };
            let raw: Vec<(char, u32)> = line.chars().zip(100..).collect();
            assert_eq!(cleaned, &raw, "{line:?}");
            assert_eq!((chars, width, end), (raw.len() as u32, out[0].width, 100 + raw.len() as u32), "{line:?}");
            assert_eq!(kind_of(classify_text(line)), out[0].kind, "{line:?}");
        }
        // the fast path does take most lines, and turns down the rest
        assert!(kept > 500 && kept < cases.len() - 1000, "{kept} of {}", cases.len());
        assert!(bullets > 100, "{bullets} bullet items");
    }

    /// The look for `来` by bytes is the look at the first eight chars, over random
    /// lines of chars of one to four bytes, some ending in `来`'s last byte (`严`, `å`).
    #[test]
    fn lai_by_bytes_is_lai_by_chars() {
        let alphabet: Vec<char> = "来源严åa 。𠀀\u{10ffff}".chars().collect();
        let mut rng = crate::random::xorshift(0x1a1_0001);
        let mut seen = 0;
        for _ in 0..3000 {
            let len = (rng() % 14) as usize;
            let t: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            let by_chars = t.chars().take(8).any(|c| c == '来');
            assert_eq!(super::lai_in_first_eight(&t), by_chars, "{t:?}");
            seen += usize::from(by_chars);
        }
        assert!(seen > 500, "{seen}");
    }

    #[test]
    fn a_line_is_classified_once() {
        let cases: &[(&str, LineClass)] = &[
            ("", LineClass::Blank),
            ("12", LineClass::Number),
            ("出货量\t120\t150", LineClass::Row),
            ("01 02 03", LineClass::Markers(3)),
            ("• 产能持续扩张", LineClass::Bullet),
            ("数据来源：某协会，2024年", LineClass::Source),
            ("来源于企业调研", LineClass::Text),
            ("1.储能系统集成", LineClass::Numbered),
            ("（二）海外市场拓展", LineClass::Numbered),
            ("1.5亿元的订单", LineClass::Text),
            ("一、行业概况", LineClass::Opener),
            ("表3：全球储能系统出货量", LineClass::Opener),
            ("图 12 各地区装机占比", LineClass::Opener),
            ("表面处理工艺持续改进", LineClass::Text),
            ("第三章 竞争格局", LineClass::Opener),
            ("01 发展趋势", LineClass::Opener),
            ("2. 2024年的装机量", LineClass::Opener),
            ("行业规模稳步扩大。", LineClass::Text),
        ];
        for (t, class) in cases {
            assert_eq!(classify_text(t), *class, "{t}");
        }
    }
}
