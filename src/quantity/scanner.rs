//! The scanner: finds quantities in text, left to right, longest first.
//!
//! Two passes. A regex (a DFA, fast) finds years, dates and year ranges; a lexer
//! then reads every other number with what stands around it: a currency before
//! or after, a scale word, %, 个百分点, 成, 折, 分之, qualifiers. Both read the
//! text folded char for char (full-width to ASCII, traditional and financial
//! numerals to plain ones), so spans map straight back to the input.

use super::chinese::{self, Num, Numeral};
use super::lexicon::{self, Qualifier};
use super::{Decimal, Quantity, Value};
use crate::chars::CharSet;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A stretch of the input folded char for char, with the byte offset of each char in
/// the input.
struct Folded<'a> {
    /// The whole input (qualifiers are read in it either side of a quantity).
    original: &'a str,
    chars: Vec<char>,
    /// Byte offset in `original` of char `i`; one more entry for the end.
    bytes: Vec<u32>,
    /// Some char folded to another: regexes must read the folded text.
    changed: bool,
    /// Some char folded to one of [`DATE_CHARS`]: [`DATES`] must read the folded text
    /// (else it matches the input where it matches the folded text).
    changed_for_dates: bool,
}

/// Every char [`DATES`] matches. A char folded to none of them fails every atom of the
/// pattern folded or not, as does `～` folded to `~` (both stand in one class only).
const DATE_CHARS: &str = "0123456789 \t年月日号度财季第上下半一二三四至到EAFQqH-—–~～./";

/// Is `c` one of [`DATE_CHARS`]? (Looked up in a set of them: a search of the list
/// costs more.)
fn is_date_char(c: char) -> bool {
    static SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(DATE_CHARS.chars()));
    SET.contains(c)
}

impl<'a> Folded<'a> {
    /// The bytes `from..to` of `original` (char boundaries).
    fn new(original: &'a str, from: usize, to: usize) -> Folded<'a> {
        // (the fold reserves the room it needs)
        let mut f = Folded { original, chars: Vec::new(), bytes: Vec::new(), changed: false, changed_for_dates: false };
        f.fold(from, to);
        f
    }

    /// Folds the bytes `from..to` of `original` (char boundaries) in place of the
    /// stretch it held, in its buffers (a text's stretches are folded one by one
    /// into the same two).
    fn refold(&mut self, from: usize, to: usize) {
        self.chars.clear();
        self.bytes.clear();
        self.fold(from, to);
    }

    fn fold(&mut self, from: usize, to: usize) {
        let original = self.original;
        let (mut changed, mut changed_for_dates) = (false, false);
        let set = lexicon::Chars::new();
        let b = &original.as_bytes()[..to];
        let decode3 = |x: u8, y: u8, z: u8| {
            let code = (u32::from(x) & 0x0F) << 12 | (u32::from(y) & 0x3F) << 6 | u32::from(z) & 0x3F;
            char::from_u32(code).expect("UTF-8 of three bytes is a scalar value")
        };
        // room for a char at every byte (there are no more) and for the end: each
        // char is written into the room, not pushed (asked for room at every char)
        self.chars.reserve(to - from);
        self.bytes.reserve(to - from + 1);
        let (chars_before, bytes_before) = (self.chars.len(), self.bytes.len());
        let (chars, bytes) = (self.chars.spare_capacity_mut(), self.bytes.spare_capacity_mut());
        let mut n = 0;
        let mut i = from;
        while i < to {
            // a run of common Han, none of them `～`, decoded without asking what
            // each char is
            while let [x @ 0xE4..=0xE9, y, z, ..] = b[i..] {
                let c = decode3(x, y, z);
                let folded = set.fold(c);
                if folded != c {
                    changed = true;
                    changed_for_dates |= is_date_char(folded);
                }
                chars[n].write(folded);
                bytes[n].write(i as u32);
                n += 1;
                i += 3;
            }
            if i >= to {
                break;
            }
            // ASCII folds to itself; another char of three bytes is decoded here, the
            // others by `str::chars`
            let (c, len) = match b[i..] {
                [x, ..] if x < 0x80 => (x as char, 1),
                [x @ 0xE0..0xF0, y, z, ..] => (decode3(x, y, z), 3),
                _ => {
                    let c = original[i..].chars().next().expect("a char starts here");
                    (c, c.len_utf8())
                }
            };
            let folded = if len == 1 { c } else { set.fold(c) };
            if folded != c {
                changed = true;
                changed_for_dates |= c != '～' && is_date_char(folded);
            }
            chars[n].write(folded);
            bytes[n].write(i as u32);
            n += 1;
            i += len;
        }
        bytes[n].write(to as u32);
        // SAFETY: the `n` slots of room after the chars there were, and `n + 1` after
        // the offsets, were each written above (through indices into that room, so
        // within the vectors' capacity).
        unsafe {
            self.chars.set_len(chars_before + n);
            self.bytes.set_len(bytes_before + n + 1);
        }
        self.changed = changed;
        self.changed_for_dates = changed_for_dates;
    }

    /// The input's bytes this stretch covers.
    fn text(&self) -> &'a str {
        &self.original[self.bytes[0] as usize..self.bytes[self.chars.len()] as usize]
    }

    /// Runs `re` over the folded text (over the input where `folded` is false: the
    /// two match alike), calling `each` with every match as (start char, end char,
    /// its text).
    fn each_match(&self, re: &Regex, folded: bool, mut each: impl FnMut(usize, usize, &str)) {
        self.searched(folded, |hay, char_of| {
            for m in re.find_iter(hay) {
                each(char_of(m.start()), char_of(m.end()), m.as_str());
            }
        });
    }

    /// Calls `search` with the text a pattern reads (the folded text, or the input
    /// where `folded` is false) and the map from its byte offsets to the chars of the
    /// stretch.
    fn searched(&self, folded: bool, search: impl FnOnce(&str, &dyn Fn(usize) -> usize)) {
        // the text the regex reads, the offset of each of its chars, and the offset
        // of the text's first byte in those
        let owned: (String, Vec<u32>);
        let (hay, offsets, base): (&str, &[u32], usize) = if folded {
            let mut text = String::with_capacity(self.text().len());
            let mut offsets = Vec::with_capacity(self.chars.len() + 1);
            for &c in &self.chars {
                offsets.push(text.len() as u32);
                text.push(c);
            }
            offsets.push(text.len() as u32);
            owned = (text, offsets);
            (&owned.0, &owned.1, 0)
        } else {
            (self.text(), &self.bytes, self.bytes[0] as usize)
        };
        search(hay, &|b: usize| offsets.partition_point(|&o| (o as usize) < base + b));
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        word.chars().enumerate().all(|(n, w)| self.chars.get(i + n) == Some(&w))
    }

    /// `word` at `i`, allowing spaces before it and between its chars
    /// (`百 分 之`, `个 百 分点`): the index just past it.
    fn spaced(&self, i: usize, word: &str) -> Option<usize> {
        let mut k = i;
        for (n, w) in word.chars().enumerate() {
            let limit = if n == 0 { 4 } else { 2 };
            let mut spaces = 0;
            while self.char_at(k) == Some(' ') && spaces < limit {
                k += 1;
                spaces += 1;
            }
            if self.char_at(k) != Some(w) {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Skips one space at `i`.
    fn skip_space(&self, i: usize) -> usize {
        if self.char_at(i) == Some(' ') { i + 1 } else { i }
    }
}

/// The years, dates, quarters, halves and year ranges [`dates`] reads.
fn dates_pattern() -> String {
    let year = "(?:19|20)[0-9]{2}";
    format!(
        r"(?P<range>(?P<ry1>{year})[ \t]*年?[ \t]*[-—–~～至到][ \t]*(?P<ry2>(?:19|20)?[0-9]{{2}})[ \t]*年)|(?P<bare>(?P<by1>{year})[EAF]?[ \t]*[-—–~～][ \t]*(?P<by2>{year})[EAF]?)|(?P<date>(?P<dy>{year})[ \t]*年[ \t]*(?P<dm>1[0-2]|0?[1-9])[ \t]*月(?:[ \t]*(?P<dd>3[01]|[12][0-9]|0?[1-9])[ \t]*[日号])?)|(?P<quarter>(?:(?P<qy>{year})[ \t]*年?[ \t]*)?(?:[Qq](?P<qn>[1-4])|第(?P<qc>[一二三四1-4])季度))|(?P<half>(?:(?P<hy>{year})[ \t]*年?[ \t]*)?(?P<hw>上半年|下半年|H1|H2))|(?P<dot>(?P<oy>{year})[./](?P<om>0[1-9]|1[0-2]))|(?P<year>(?P<yy>{year})(?P<ys>财年|年度|年|[EAF]))"
    )
}

/// [`dates_pattern`] anchored at the start of the text it reads: tried only where a
/// date may open ([`date_matches`]). (Anchoring adds no group: its groups are the
/// pattern's.)
static DATES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\A(?:{})", dates_pattern())).expect("date pattern"));

/// The strings a match of [`DATES`] opens with: each branch of the pattern opens with
/// a year (`19` or `20`, then two ASCII digits), a quarter (`Q1`, `第`), or a half
/// (`上半年`, `H1`), and the pattern has no look-around. Found by SIMD search.
static DATE_OPENINGS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(["19", "20", "Q1", "Q2", "Q3", "Q4", "q1", "q2", "q3", "q4", "H1", "H2", "第", "上半年", "下半年"])
        .expect("date openings")
});

/// How many of [`DATE_OPENINGS`]' strings, first in its list, open a year: a match
/// opens at one only where two ASCII digits follow it.
const YEAR_OPENINGS: usize = 2;

/// The matches of [`dates_pattern`] in `hay`, in order, as its `find_iter` finds them: the
/// pattern is tried, anchored, only where one of [`DATE_OPENINGS`] is (where none is,
/// the leftmost match starts at none of the bytes passed over), in place of a scan of
/// every byte by the regex's automaton.
fn date_matches(hay: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = hay.as_bytes();
    let mut p = 0;
    std::iter::from_fn(move || {
        while p < b.len() {
            let opening = DATE_OPENINGS.find(aho_corasick::Input::new(b).span(p..b.len()))?;
            let a = opening.start();
            // (an opening starts at a char: after one that opens nothing, the search
            // goes on from its next byte, without cutting the text there)
            p = a + 1;
            let digit = |k: usize| b.get(a + k).is_some_and(u8::is_ascii_digit);
            if (opening.pattern().as_usize() >= YEAR_OPENINGS || digit(2) && digit(3))
                && let Some(m) = DATES.find(&hay[a..])
            {
                p = a + m.end();
                return Some(a..p);
            }
        }
        None
    })
}

/// Years, dates and year ranges, as (start char, end char, value).
fn dates(f: &Folded) -> Vec<(usize, usize, Value)> {
    let mut out = Vec::new();
    // (made at the first match that needs the regex's groups: most stretches have none)
    let mut read: Option<regex::CaptureLocations> = None;
    // each match is found where one may open; groups are captured only within it,
    // where it is more than a year and its suffix
    f.searched(f.changed_for_dates, |hay, char_of| {
        for r in date_matches(hay) {
            let (start, end, m) = (char_of(r.start), char_of(r.end), &hay[r]);
            let g = if let Some(spans) = simple_groups(m) {
                Groups::Spans(spans)
            } else if let read = read.get_or_insert_with(|| DATES.capture_locations())
                && DATES.captures_read(read, m).is_some()
            {
                Groups::Read(read)
            } else {
                continue;
            };
            out.extend(date(f, start, end, m, &g));
        }
    });
    out
}

/// Where [`DATES`]'s groups stand in a match.
enum Groups<'g> {
    /// A match of one of the simple shapes of [`simple_groups`]: its groups' spans.
    Spans(Spans),
    /// Read by the regex.
    Read(&'g regex::CaptureLocations),
}

/// The groups a match of a simple shape has, each as (its index in [`DATES`], start
/// byte, end byte); the others have none.
type Spans = [(usize, usize, usize); 3];

/// The groups of a match `m` of [`DATES`] that has one of the simple shapes most
/// matches have, read from its bytes (the regex's captures cost more than the rest
/// of the match's reading), where each shape can only be the branch named:
/// - a year and its suffix (`2024年`, `2025E`, `2023财年`): `year` (yy, ys), since every
///   branch before it needs more after the year;
/// - a year, `.` or `/` and a month (`2024.05`): `dot` (oy, om), since only it reads a
///   `.` or a `/`;
/// - a year, 年, a month and 月 (`2024年5月`): `date` (dy, dm), since the branches before
///   it need a dash or 至 after the year's 年, and those after it a Q, 第, 上, 下 or H;
/// - a year, 年 perhaps, a dash, 至 or 到, two or four digits and 年 (`2024-2026年`):
///   `range` (ry1, ry2), the first branch.
///
/// A year is four digits from 1900 to 2099; a month 1 to 12, with a 0 before one digit
/// perhaps (`dm`) or always (`om`).
fn simple_groups(m: &str) -> Option<Spans> {
    let b = m.as_bytes();
    let year = b.len() >= 5 && (b.starts_with(b"19") || b.starts_with(b"20")) && b[2..4].iter().all(u8::is_ascii_digit);
    if !year {
        return None;
    }
    let [range, ry1, ry2, date, dy, dm, _, dot, oy, om, yy, ys, ..] = *DATE_GROUPS;
    let none = (usize::MAX, 0, 0);
    let rest = &m[4..];
    if matches!(rest, "财年" | "年度" | "年" | "E" | "A" | "F") {
        return Some([(yy, 0, 4), (ys, 4, m.len()), none]);
    }
    if let [b'.' | b'/', x, y] = b[4..]
        && (x == b'0' && (b'1'..=b'9').contains(&y) || x == b'1' && (b'0'..=b'2').contains(&y))
    {
        return Some([(dot, 0, 7), (oy, 0, 4), (om, 5, 7)]);
    }
    let digits = |t: &str| t.bytes().all(|c| c.is_ascii_digit());
    if let Some(month) = rest.strip_prefix('年').and_then(|r| r.strip_suffix('月'))
        && digits(month)
        && matches!(month.parse::<u32>(), Ok(1..=12))
        && (month.len() == 1 || month.len() == 2 && (month.starts_with('0') || month.starts_with('1')))
    {
        let from = 4 + '年'.len_utf8();
        return Some([(date, 0, m.len()), (dy, 0, 4), (dm, from, from + month.len())]);
    }
    let after = rest.strip_prefix('年').unwrap_or(rest);
    let sep = after.chars().next().filter(|c| matches!(c, '-' | '—' | '–' | '~' | '～' | '至' | '到'))?;
    let to = after[sep.len_utf8()..].strip_suffix('年')?;
    let to_ok = digits(to) && (to.len() == 2 || to.len() == 4 && (to.starts_with("19") || to.starts_with("20")));
    if to_ok {
        let from = m.len() - '年'.len_utf8() - to.len();
        return Some([(range, 0, m.len()), (ry1, 0, 4), (ry2, from, from + to.len())]);
    }
    None
}

/// The text of group `i` of [`DATES`] in its match `m`.
fn group<'m>(g: &Groups, m: &'m str, i: usize) -> Option<&'m str> {
    match g {
        Groups::Spans(spans) => spans.iter().find(|s| s.0 == i).map(|&(_, s, e)| &m[s..e]),
        Groups::Read(read) => read.get(i).map(|(s, e)| &m[s..e]),
    }
}

/// The indices of [`DATES`]'s named groups, in the order [`date`] names them.
static DATE_GROUPS: LazyLock<[usize; 22]> = LazyLock::new(|| {
    let names: Vec<Option<&str>> = DATES.capture_names().collect();
    let idx = |name: &str| names.iter().position(|n| *n == Some(name)).expect("named group");
    [
        "range", "ry1", "ry2", "date", "dy", "dm", "dd", "dot", "oy", "om", "yy", "ys", "bare", "by1", "by2",
        "quarter", "qy", "qn", "qc", "half", "hy", "hw",
    ]
    .map(idx)
});

/// The date [`DATES`] matched at chars `start..end`, text `m`, groups `g` (none where
/// what stands around it makes it no date).
fn date(f: &Folded, start: usize, mut end: usize, m: &str, g: &Groups) -> Option<(usize, usize, Value)> {
    let [range, ry1, ry2, date, dy, dm, dd, dot, oy, om, yy, ys, bare, by1, by2, quarter, qy, qn, qc, half, hy, hw] =
        *DATE_GROUPS;
    let get = |i: usize| group(g, m, i);
    let num = |i: usize| get(i).and_then(|x| x.parse::<i32>().ok()).unwrap_or(0);
    let before_digit = start > 0 && f.chars[start - 1].is_ascii_digit();
    let after = f.char_at(end);
    let letters_around =
        start > 0 && f.chars[start - 1].is_ascii_alphabetic() || after.is_some_and(|a| a.is_ascii_alphanumeric());
    // a digit may follow a year ended by 年 (`从2021年12.4亿元增至`), never a bare figure
    let ends_in_han = get(yy).is_some() && get(ys).is_some_and(|s| s.ends_with(['年', '度']));
    if before_digit || (after.is_some_and(|a| a.is_ascii_digit()) && !ends_in_han) {
        return None;
    }
    // `2021-2025CAGR`: a span glued to the rate it spans is no name
    let rate_after = ["CAGR", "cagr", "YoY", "YOY"].iter().any(|w| f.starts_with(end, w));
    let value = if get(bare).is_some() {
        // `2019-2025` with no 年: two years of this century joined by a dash
        let (from, to) = (num(by1), num(by2));
        if to <= from || after.is_some_and(lexicon::continues_number) || (letters_around && !rate_after) {
            return None;
        }
        Value::YearRange { from, to }
    } else if get(quarter).is_some() {
        if get(qn).is_some() && letters_around {
            return None;
        }
        let part = get(qn).or(get(qc)).map_or(0, |p| match p {
            "一" | "1" => 1,
            "二" | "2" => 2,
            "三" | "3" => 3,
            _ => 4,
        });
        Value::PartOfYear { year: get(qy).and_then(|y| y.parse().ok()), part, of: 4 }
    } else if get(half).is_some() {
        let w = get(hw).unwrap_or("");
        if w.starts_with('H') && letters_around {
            return None;
        }
        let part = if matches!(w, "上半年" | "H1") { 1 } else { 2 };
        Value::PartOfYear { year: get(hy).and_then(|y| y.parse().ok()), part, of: 2 }
    } else if get(range).is_some() {
        let from = num(ry1);
        let two = get(ry2).unwrap_or("");
        let to = if two.len() == 2 { from / 100 * 100 + num(ry2) } else { num(ry2) };
        if to < from {
            return None;
        }
        Value::YearRange { from, to }
    } else if get(date).is_some() {
        Value::Date { year: num(dy), month: num(dm) as u32, day: get(dd).and_then(|d| d.parse().ok()) }
    } else if get(dot).is_some() {
        // `2024.05` is a month, unless a unit or scale makes it a number (`2024.05亿`)
        if after.is_some_and(lexicon::continues_number) {
            return None;
        }
        Value::Date { year: num(oy), month: num(om) as u32, day: None }
    } else {
        let suffix = get(ys).unwrap_or("");
        if matches!(suffix, "E" | "A" | "F") && after.is_some_and(|a| a.is_ascii_alphanumeric()) {
            return None;
        }
        if suffix == "年度" {
            end -= 1;
        }
        Value::Year { year: num(yy) }
    };
    Some((start, end, value))
}

/// What every match of [`URL`] holds, one or the other: a stretch with neither has no
/// URL, and the pattern need not read it.
static URL_MARKS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    LazyLock::new(|| [memchr::memmem::Finder::new("://"), memchr::memmem::Finder::new("www.")]);

static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:https?://|www\.)[!-~]+").expect("url pattern"));

/// Finds every quantity in `text`, in order. Numbers inside a URL are none.
pub fn scan(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut windows = windows(text).into_iter();
    let Some((from, to)) = windows.next() else { return out };
    // one folded stretch, sized by the first window and refilled for each, and one
    // vector of what is found
    let mut f = Folded::new(text, from, to);
    scan_stretch_into(&f, &mut out);
    for (from, to) in windows {
        f.refold(from, to);
        scan_stretch_into(&f, &mut out);
    }
    out
}

/// The stretches of `text` that may hold a quantity, as byte ranges in order: runs of
/// lines that hold a char a quantity or a date may start with. No quantity crosses a
/// line break, so the lines between hold none. Each stretch takes the line break
/// before its first line and the first char after its last, so that a quantity's
/// neighbours read as they do in the whole text (a lone `三` after a line break is a
/// word, where at the start of the text it stands alone).
fn windows(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let set = lexicon::Chars::new();
    let mut start = 0;
    while start < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
        if text[start..end].chars().any(|c| set.may_begin(c)) {
            // a line starts at the text's start or after a line break (one byte)
            let from = start.saturating_sub(1);
            let to = text[end..].chars().next().map_or(end, |c| end + c.len_utf8());
            match out.last_mut() {
                Some(last) if last.1 >= from => last.1 = to,
                _ => out.push((from, to)),
            }
        }
        start = end;
    }
    out
}

/// The quantities of one stretch.
#[cfg(test)]
fn scan_stretch(f: &Folded) -> Vec<Quantity> {
    let mut out = Vec::new();
    scan_stretch_into(f, &mut out);
    out
}

/// Appends the quantities of one stretch to `out`.
fn scan_stretch_into(f: &Folded, out: &mut Vec<Quantity>) {
    let mut dates = dates(f);
    let text = f.text();
    if URL_MARKS.iter().any(|m| m.find(text.as_bytes()).is_some()) {
        let urls = urls(f);
        dates.retain(|d| !urls.iter().any(|u| u.0 <= d.0 && d.0 < u.1));
        return scan_with(f, &dates, &urls, out);
    }
    scan_with(f, &dates, &[], out)
}

/// URL spans, as (start char, end char).
fn urls(f: &Folded) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    f.each_match(&URL, f.changed, |s, e, _| out.push((s, e)));
    out
}

fn scan_with(f: &Folded, dates: &[(usize, usize, Value)], urls: &[(usize, usize)], out: &mut Vec<Quantity>) {
    let set = lexicon::Chars::new();
    let mut next_date = 0;
    let mut i = 0;
    let mut next_url = 0;
    while i < f.chars.len() {
        if let Some(&(us, ue)) = urls.get(next_url)
            && i >= us
        {
            if i < ue {
                i = ue;
                continue;
            }
            next_url += 1;
            continue;
        }
        if let Some((start, end, value)) = dates.get(next_date) {
            if *start == i {
                out.push(quantity(f, "date", *start, *end, value.clone(), None, None));
                i = *end;
                next_date += 1;
                continue;
            }
            if *start < i {
                next_date += 1;
                continue;
            }
        }
        let limit =
            dates.get(next_date).map_or(f.chars.len(), |d| d.0).min(urls.get(next_url).map_or(usize::MAX, |u| u.0));
        let c = f.chars[i];
        if !set.may_start(c) {
            // on to the next char a quantity may start at, short of the next date or URL
            i += 1;
            while i < limit && !set.may_start(f.chars[i]) {
                i += 1;
            }
            continue;
        }
        if let Some(skip) = lexicon::not_number_at(&f.chars, i) {
            i += skip;
            continue;
        }
        if let Some((len, from, to)) = lexicon::period_at(&f.chars, i) {
            out.push(quantity(f, "named_period", i, i + len, Value::YearRange { from, to }, None, None));
            i += len;
            continue;
        }
        // digits glued to Latin letters are part of a name: USB3.0, iPhone15, 5G, A100
        if c.is_ascii_digit() && i > 0 && f.chars[i - 1].is_ascii_alphabetic() {
            i += 1;
            while i < f.chars.len() && (f.chars[i].is_ascii_alphanumeric() || f.chars[i] == '.') {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_digit() && glued_letter_after(f, i) {
            while i < f.chars.len() && (f.chars[i].is_ascii_alphanumeric() || f.chars[i] == '.') {
                i += 1;
            }
            continue;
        }
        if let Some((q, end)) = long_number(f, i) {
            out.push(q);
            i = end;
            continue;
        }
        match read(f, i, Nesting::Top) {
            Some(found) if found.end <= limit => {
                i = found.end.max(i + 1);
                out.extend(found.quantity);
            }
            // not a quantity here: skip the whole numeral run, so that no tail of it
            // (`统一二` → 一二, the last 36 digits of a long run) is read as one
            _ if !numeral_char(f.chars[i]) => i += 1,
            _ => {
                let mut k = i + 1;
                while k < limit
                    && f.chars[k].is_ascii_digit() == f.chars[i].is_ascii_digit()
                    && numeral_char(f.chars[k])
                {
                    k += 1;
                }
                i = k;
            }
        }
    }
}

/// What was read at a position: a quantity, or `None` for text that looks like one
/// but is not (`二三十个百分点`), to be skipped whole.
/// `5G`, `3D`, `4K`-like names: digits followed by a letter that is no scale
/// (k, M, e for an exponent) and no estimate mark (2024E).
fn glued_letter_after(f: &Folded, i: usize) -> bool {
    let mut k = i;
    while f.char_at(k).is_some_and(|c| c.is_ascii_digit()) {
        k += 1;
    }
    match f.char_at(k) {
        Some(c) if c.is_ascii_alphabetic() => {
            let next_alnum = f.char_at(k + 1).is_some_and(|n| n.is_ascii_alphanumeric());
            let scale_or_exp = matches!(c, 'k' | 'K' | 'M' | 'e' | 'E') && !next_alnum;
            let exponent =
                matches!(c, 'e' | 'E') && f.char_at(k + 1).is_some_and(|n| n.is_ascii_digit() || n == '-' || n == '+');
            !(scale_or_exp || exponent || (c == 'b' || c == 'm' || c == 't') && f.char_at(k + 1) == Some('n'))
        }
        _ => false,
    }
}

fn numeral_char(c: char) -> bool {
    chinese::starts_numeral(c) || matches!(c, ',' | '.' | '点')
}

/// A run of more digits than exact integer arithmetic holds (over 36): kept as its
/// exact decimal string, times a scale word after it (`1…0亿`).
fn long_number(f: &Folded, i: usize) -> Option<(Quantity, usize)> {
    let chars = &f.chars;
    if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
        return None;
    }
    let mut k = i;
    while chars.get(k).is_some_and(char::is_ascii_digit) {
        k += 1;
    }
    if k - i <= 36 {
        return None;
    }
    let mut text: String = chars[i..k].iter().collect();
    if chars.get(k) == Some(&'.') && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
        text.push('.');
        k += 1;
        while chars.get(k).is_some_and(char::is_ascii_digit) {
            text.push(chars[k]);
            k += 1;
        }
    }
    let mut value = Decimal::parse(&text)?;
    while let Some(p) = chars.get(k).and_then(|&c| chinese::big(c)) {
        value = value.scale(p);
        k += 1;
    }
    let (value, end) = match lexicon::currency_suffix_at(chars, k) {
        Some((len, code)) => (Value::Money { value, currency: code }, k + len),
        None if chars.get(k) == Some(&'%') => (Value::Percent { value }, k + 1),
        None => (Value::Number { value }, k),
    };
    Some((quantity(f, "long_number", i, end, value, None, None), end))
}

#[derive(Debug, PartialEq)]
struct Read {
    quantity: Option<Quantity>,
    end: usize,
}

impl Read {
    fn of(quantity: Quantity, end: usize) -> Option<Read> {
        Some(Read { quantity: Some(quantity), end })
    }
}

fn quantity(
    f: &Folded,
    rule: &'static str,
    start: usize,
    end: usize,
    value: Value,
    qualifier: Option<Qualifier>,
    upper: Option<Decimal>,
) -> Quantity {
    let (bs, be) = (f.bytes[start] as usize, f.bytes[end] as usize);
    let is_dated = matches!(
        value,
        Value::Year { .. }
            | Value::YearRange { .. }
            | Value::Date { .. }
            | Value::PartOfYear { .. }
            | Value::Years { .. }
    );
    let qualifier = if is_dated {
        None
    } else {
        qualifier
            .or_else(|| lexicon::qualifier_before(&f.original[..bs]))
            .or_else(|| lexicon::qualifier_after(&f.original[be..]))
    };
    Quantity { value, start: bs, end: be, qualifier, upper, rule }
}

fn dec(n: Num) -> Option<Decimal> {
    n.to_decimal()
}

/// Denominators written as words before 分之 that make a percent (`百分之`, `千分之`,
/// `百万分之`): the power of ten that takes "parts of" to percent.
const PER: &[(&str, i32)] = &[
    ("百万万分之", -8),
    ("百万分之", -4),
    ("千万分之", -5),
    ("万万分之", -6),
    ("十万分之", -3),
    ("亿分之", -6),
    ("百分之", 0),
    ("千分之", -1),
    ("万分之", -2),
];

/// Whether a read may go on into a second amount after `又` (`三又二分之一`,
/// `两美元又三美分`). The amount after `又` is read with [`Nesting::Inner`], which
/// does not: so no input makes the reader recurse deeper than one level, whatever
/// its length (`三又三又三又…`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nesting {
    Top,
    Inner,
}

/// Reads the quantity that starts at char `i`, if any (none at or past the end).
fn read(f: &Folded, i: usize, nesting: Nesting) -> Option<Read> {
    let chars = &f.chars;
    if i >= chars.len() {
        return None;
    }
    let prefix = lexicon::currency_prefix_at(chars, i);
    // where the scanner reads (at a char a quantity may start with), a char that
    // only a prefix currency starts with starts nothing else: no percent in words,
    // no quantity word, no sign and no numeral (人 of 人工, the N of NLP)
    if prefix.is_none() && nesting == Nesting::Top && !lexicon::may_start_unpriced(chars[i]) {
        return None;
    }
    read_after(f, i, nesting, prefix)
}

/// [`read`] at char `i`, where `prefix` is the currency written at `i`, if any.
fn read_after(f: &Folded, i: usize, nesting: Nesting, prefix: Option<(usize, &'static str)>) -> Option<Read> {
    let chars = &f.chars;
    // a currency written before the amount: `$84.01 billion`, `RMB 16.5bn`, `港币3.14`
    if let Some((word_len, code)) = prefix {
        let k = f.skip_space(i + word_len);
        if chars.get(k).is_some_and(|&c| chinese::starts_numeral(c)) {
            let (n, end) = amount(f, k)?;
            let (value, end) = english_scale(f, n.value, end);
            let (value, end) = counted_scale(f, value, end);
            let (value, end) = match lexicon::currency_suffix_at(chars, f.skip_space(end)) {
                // `人民币100亿元`: the suffix names the same currency again
                Some((len, _)) => (value, f.skip_space(end) + len),
                None => (value, end),
            };
            let (value, end) = counted_scale(f, value, end);
            let q = quantity(
                f,
                "currency_before",
                i,
                end,
                Value::Money { value: dec(value)?, currency: code },
                more(&n),
                None,
            );
            return Read::of(q, end);
        }
    }
    // `百分之七十九点八`, `千分之三`, `百 分 之 2.4`, `百万分之五`
    if !(i > 0 && chinese::starts_numeral(chars[i - 1])) {
        for (word, shift) in PER {
            if let Some(after) = f.spaced(i, word) {
                let k = after + (0..3).take_while(|d| f.char_at(after + d) == Some(' ')).count();
                let (n, end) = amount(f, k)?;
                if n.upper.is_some() {
                    return Some(Read { quantity: None, end });
                }
                let (v, end) = english_scale(f, n.value, end);
                let value = Value::Percent { value: dec(v.pow10(*shift)?)? };
                return Read::of(quantity(f, "percent_words", i, end, value, more(&n), None), end);
            }
        }
    }
    // a quantity word (`data/quantity_words.tsv`): `对折`, `一半`, `半成`
    if let Some((len, percent, value)) = lexicon::quantity_word_at(chars, i) {
        let value = if percent { Value::Percent { value } } else { Value::Number { value } };
        return Read::of(quantity(f, "quantity_word", i, i + len, value, None, None), i + len);
    }
    // a sign: `负1.5`, `负 1,200,000`, `-2.5%`; a hyphen after a number, a word or a unit is no sign
    let (negative, start_num) = match chars[i] {
        '负' => (true, f.skip_space(i + 1)),
        '-' | '+' => {
            let glued = i > 0 && (chars[i - 1].is_ascii_alphanumeric() || lexicon::continues_number(chars[i - 1]));
            if glued {
                return None;
            }
            (chars[i] == '-', f.skip_space(i + 1))
        }
        _ => (false, i),
    };
    if start_num != i && !chars.get(start_num).is_some_and(|&c| chinese::starts_numeral(c) || c == '.') {
        return None;
    }
    // `.5` starts a number; the dots of `...9` or `2.2.2` do not
    if chars[start_num] == '.'
        && (start_num > 0 && (chars[start_num - 1] == '.' || chars[start_num - 1].is_ascii_digit()))
    {
        return None;
    }
    // `第三`: an ordinal
    if i > 0 && chars[i - 1] == '第' {
        return None;
    }
    let (n, mut end) = amount(f, start_num)?;
    let sign = |v: Num| if negative { Num { m: -v.m, e: v.e } } else { v };
    let mut value = sign(n.value);
    let upper = n.upper.map(sign);
    let qualifier = more(&n);

    // `五分之一`, `１６分之2225`, `-3/2`
    if let Some(r) = fraction(f, i, &n, negative, end) {
        return Some(r);
    }
    // `1 3/5` = 1.6: a whole number and a fraction after one space
    if !n.chinese
        && n.value.e == 0
        && chars.get(end) == Some(&' ')
        && chars.get(end + 1).is_some_and(char::is_ascii_digit)
        && let Some((a, ae)) = chinese::arabic(chars, end + 1)
        && chars.get(ae) == Some(&'/')
        && a.e == 0
        && let Some((b, be)) = chinese::arabic(chars, ae + 1)
        && let Some(total) = (b.e == 0).then(|| a.div(b)).flatten().and_then(|fr| n.value.add(fr))
    {
        return Read::of(
            quantity(f, "mixed_fraction", i, be, Value::Number { value: dec(sign(total))? }, None, None),
            be,
        );
    }
    // `三又二分之一` = 3.5, `3又一千分之23`, `一又十分一`
    if nesting == Nesting::Top && chars.get(end) == Some(&'又') {
        if let Some((x, xe)) = amount(f, end + 1)
            && chars.get(xe) == Some(&'分')
            && chars.get(xe + 1).is_some_and(|&c| chinese::digit(c).is_some())
            && let Some((y, ye)) = amount(f, xe + 1)
            && let Some(total) = y.value.div(x.value).and_then(|fr| n.value.add(fr))
        {
            return Read::of(
                quantity(f, "you_fraction", i, ye, Value::Number { value: dec(sign(total))? }, None, None),
                ye,
            );
        }
        if let Some(Read { quantity: Some(q), end: fe }) = read(f, end + 1, Nesting::Inner)
            && let Value::Number { value: frac } = &q.value
        {
            let frac = frac.to_string();
            let (whole, part) = (n.value, Decimal::parse(&frac).and_then(|d| num_of(&d)));
            if let Some(total) = part.and_then(|p| whole.add(p)) {
                let v = Value::Number { value: dec(sign(total))? };
                return Read::of(quantity(f, "you_sum", i, fe, v, None, None), fe);
            }
        }
    }
    // `2^5`, `2.5^-1`
    if chars.get(end) == Some(&'^')
        && !n.chinese
        && let Some((p, pe)) = power(f, end + 1)
        && let Some(v) = raise(value, p)
    {
        return Read::of(quantity(f, "power", i, pe, Value::Number { value: dec(v)? }, None, None), pe);
    }
    // `84.01 billion`, `3M`, `12k`; `3个亿`
    let scaled;
    (value, scaled) = {
        let (v, e) = english_scale(f, value, end);
        let (v, e) = counted_scale(f, v, e);
        let scaled = e != end;
        end = e;
        (v, scaled)
    };
    let k = end + (0..3).take_while(|d| f.char_at(end + d) == Some(' ')).count();
    // `5-20%`, `10%-15%`: a span of percent, from the first to the second
    if matches!(chars.get(end), Some('-' | '~' | '～' | '至' | '到'))
        || (chars.get(end) == Some(&'%') && chars.get(end + 1) == Some(&'-'))
    {
        let dash = if chars[end] == '%' { end + 1 } else { end };
        if chars.get(dash + 1).is_some_and(|c| c.is_ascii_digit())
            && !negative
            && let Some((hi, he)) = chinese::arabic(chars, dash + 1)
            && chars.get(he) == Some(&'%')
        {
            let q = quantity(f, "percent_span", i, he + 1, Value::Percent { value: dec(value)? }, qualifier, dec(hi));
            return Read::of(q, he + 1);
        }
    }
    // `两年`, `未来四年`, `近五年`: a number of years
    if n.run <= 1 && chars.get(end) == Some(&'年') && n.value.e == 0 && n.value.m > 0 && n.value.m < 100 && !n.scaled {
        let lead: String = chars[i.saturating_sub(2)..i].iter().collect();
        let relative = if lead.ends_with("未来") || lead.ends_with('后') {
            Some(super::Relative::Future)
        } else if lead.ends_with("过去") || lead.ends_with('近') || lead.ends_with('前') {
            Some(super::Relative::Past)
        } else {
            None
        };
        let years = n.value.m as i32;
        let years = if relative == Some(super::Relative::Past) { -years } else { years };
        let q = quantity(f, "years", i, end + 1, Value::Years { years, relative }, None, None);
        return Read::of(q, end + 1);
    }
    // percent signs
    if let Some(&c) = chars.get(end) {
        let percent = match c {
            '%' => Some(value),
            '‰' => value.pow10(-1),
            _ => None,
        };
        if let Some(p) = percent {
            let up = upper.and_then(dec);
            let q = quantity(f, "percent_sign", i, end + 1, Value::Percent { value: dec(p)? }, qualifier, up);
            return Read::of(q, end + 1);
        }
    }
    // `3个百分点`, `3百分点`, `六   个 百 分点`
    for word in ["个百分点", "百分点"] {
        if let Some(e) = f.spaced(end, word) {
            if n.upper.is_some() {
                return Some(Read { quantity: None, end: e });
            }
            let q =
                quantity(f, "percentage_points", i, e, Value::PercentagePoints { value: dec(value)? }, qualifier, None);
            return Read::of(q, e);
        }
    }
    // `三成`, `三成半`, `9.5成`: tenths; `75折`, `三八折`, `九 九 折`: a price's percent
    if let Some(r) = tenths(f, i, &n, value, k) {
        return Some(r);
    }
    // money: a currency after the amount, then jiao and fen
    if let Some(r) = money_after(f, i, &n, value, f.skip_space(end), qualifier, nesting) {
        return Some(r);
    }
    // `二〇二四年`: a year written digit by digit
    if n.run == 4 && !negative && chars.get(end) == Some(&'年') && (1900..=2100).contains(&n.value.m) && n.value.e == 0
    {
        let q = quantity(f, "year_digits", i, end + 1, Value::Year { year: n.value.m as i32 }, None, None);
        return Read::of(q, end + 1);
    }
    // Two digits read one by one (`九九`, `两两`) are a word unless a unit follows.
    if n.chinese && n.run == 2 && !scaled && !chars.get(k).copied().is_some_and(lexicon::is_classifier) {
        return None;
    }
    // A lone one-char Chinese numeral is a word (一切, 四川, 统一) unless a classifier
    // follows (三个, 两双) or it stands alone (`“一”`, a cell of its own).
    if n.chinese && n.len == 1 && !scaled {
        let next = chars.get(end).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let apart = |c: Option<char>| c.is_none_or(|c| c == ' ' || "“”\"'（）()《》「」".contains(c));
        let classified = chars.get(k).copied().is_some_and(lexicon::is_classifier);
        let alone = apart(prev) && apart(next);
        if !(classified || alone) {
            return None;
        }
    }
    let q = quantity(f, "number", i, end, Value::Number { value: dec(value)? }, qualifier, upper.and_then(dec));
    Read::of(q, end)
}

/// A [`Decimal`] back as a [`Num`], where it fits.
fn num_of(d: &Decimal) -> Option<Num> {
    let s = d.to_string();
    let (neg, s) = s.strip_prefix('-').map_or((false, s.as_str()), |r| (true, r));
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let m: i128 = format!("{int}{frac}").parse().ok()?;
    Some(Num { m: if neg { -m } else { m }, e: -(frac.len() as i32) })
}

/// The exponent after `^`: an optional sign and up to three digits.
fn power(f: &Folded, i: usize) -> Option<(i32, usize)> {
    chinese::signed_digits(&f.chars, i, 3)
}

/// `value ^ p`, exact where it terminates.
fn raise(value: Num, p: i32) -> Option<Num> {
    let mut v = Num::int(1);
    for _ in 0..p.unsigned_abs() {
        v = v.mul(value)?;
    }
    if p < 0 { Num::int(1).div(v) } else { Some(v) }
}

fn more(n: &Numeral) -> Option<Qualifier> {
    n.more.then_some(Qualifier::Over)
}

/// A numeral at `k`, or a big Arabic number kept exact: (numeral, end).
fn amount(f: &Folded, k: usize) -> Option<(Numeral, usize)> {
    let n = chinese::numeral(&f.chars, k)?;
    if n.only_big {
        return None;
    }
    let end = n.end;
    Some((n, end))
}

/// `3个亿`: a section scale counted with 个, the spoken way of writing `3亿`.
fn counted_scale(f: &Folded, value: Num, end: usize) -> (Num, usize) {
    if f.char_at(end) == Some('个')
        && let Some(power) = f.char_at(end + 1).and_then(chinese::big)
        && let Some(v) = value.pow10(power)
    {
        return (v, end + 2);
    }
    (value, end)
}

/// `84.01 billion`, `16.5bn`, `3M`, `12k`: English scale words after a number.
fn english_scale(f: &Folded, value: Num, end: usize) -> (Num, usize) {
    let k = f.skip_space(end);
    for (word, power, _) in lexicon::SCALES.iter().filter(|s| s.2 == lexicon::ScaleUse::Word) {
        if f.starts_with(k, word)
            && !f.char_at(k + word.len()).is_some_and(|c| c.is_ascii_alphabetic())
            && let Some(v) = value.pow10(*power)
        {
            return (v, k + word.len());
        }
    }
    // one letter after the digits: 3M, 12k, `52.5 k` (not 5G, not 3D)
    if k <= end + 1 {
        let power = match f.char_at(k) {
            Some('k' | 'K') => 3,
            Some('M') => 6,
            _ => return (value, end),
        };
        if !f.char_at(k + 1).is_some_and(|c| c.is_ascii_alphanumeric())
            && let Some(v) = value.pow10(power)
        {
            return (v, k + 1);
        }
    }
    (value, end)
}

/// `五分之一` = 0.2, `１６分之2225`, `三又二分之一` = 3.5, `-3/2`; `三分之一` none (no finite decimal).
fn fraction(f: &Folded, i: usize, n: &Numeral, negative: bool, end: usize) -> Option<Read> {
    let chars = &f.chars;
    let mut k = f.skip_space(end);
    let slash = chars.get(end) == Some(&'/') && !n.chinese && n.value.e == 0;
    let (first, second_start) = if f.starts_with(k, "分") {
        k = f.skip_space(k + 1);
        if chars.get(k) != Some(&'之') {
            return None;
        }
        (n.value, f.skip_space(k + 1))
    } else if slash {
        (n.value, end + 1)
    } else {
        return None;
    };
    let (second, num_end) = amount(f, second_start)?;
    if slash && (second.chinese || second.value.e != 0) {
        return None;
    }
    // X分之Y is Y/X; a/b is a over b
    let (num, den) = if slash { (first, second.value) } else { (second.value, first) };
    let num = Numeral { value: num, ..second };
    // a fraction that no finite decimal holds (`三分之一`) is no quantity: exact or none,
    // and the whole span is skipped so that no part of it is read as one
    let Some(mut v) = num.value.div(den) else {
        return Some(Read { quantity: None, end: num_end });
    };
    if negative {
        v.m = -v.m;
    }
    Read::of(quantity(f, "fraction", i, num_end, Value::Number { value: v.to_decimal()? }, None, None), num_end)
}

/// `三成` = 30%, `三成半` = 35%, `75折` = 75%, `三八折` = 38%, `八折` = 80%.
fn tenths(f: &Folded, i: usize, n: &Numeral, value: Num, k: usize) -> Option<Read> {
    let chars = &f.chars;
    let c = *chars.get(k)?;
    let next = chars.get(k + 1).copied();
    if c == '成' {
        // 成 starts many words: 成为, 成本, 成功, 成果 ... (data/guards.tsv)
        if lexicon::guarded('成', lexicon::Side::After, next) || n.upper.is_some() {
            return None;
        }
        let mut v = value.mul(Num::int(10))?;
        let mut end = k + 1;
        if next == Some('半') {
            v = v.add(Num::int(5))?;
            end += 1;
        } else if let Some((d, de)) = small_digit(f, f.skip_space(k + 1)) {
            // `七成六` = 76%
            if d.lt(Num::int(10)) && !chars.get(de).is_some_and(|&x| chinese::starts_numeral(x) || x == '成') {
                v = v.add(d)?;
                end = de;
            }
        }
        let q = quantity(f, "tenths_cheng", i, end, Value::Percent { value: v.to_decimal()? }, None, None);
        return Read::of(q, end);
    }
    if c == '折' {
        if lexicon::guarded('折', lexicon::Side::After, next) || n.upper.is_some() {
            return None;
        }
        // under ten is tenths (八折 = 80%, 9.5折 = 95%); else the percent (75折, 三八折)
        let v = if value.lt(Num::int(10)) { value.mul(Num::int(10))? } else { value };
        if !v.lt(Num::int(100)) || value == Num::int(10) {
            return None;
        }
        let q = quantity(f, "discount_zhe", i, k + 1, Value::Percent { value: v.to_decimal()? }, None, None);
        return Read::of(q, k + 1);
    }
    None
}

/// Money with the currency after the amount (`15.9亿美元`, `五元三毛`, `两毛五`, `50元6角三分`).
fn money_after(
    f: &Folded,
    i: usize,
    n: &Numeral,
    value: Num,
    k: usize,
    qualifier: Option<Qualifier>,
    nesting: Nesting,
) -> Option<Read> {
    let chars = &f.chars;
    if let Some((len, code)) = lexicon::currency_suffix_at(chars, k) {
        // `三元锂电池`, `二元结构`, `一元化`: a lone numeral and 元 before a word are a word
        let next = chars.get(k + len).copied();
        let lone = n.chinese && n.len == 1 && len == 1 && chars[k] == '元' && k == n.end;
        if lone
            && next.is_some_and(|c| crate::chars::is_han(c) && chinese::digit(c).is_none() && !"角毛分钱整".contains(c))
        {
            return None;
        }
        let mut end = k + len;
        let mut total = value;
        // cents: `三美分` is 0.03 USD
        if f.starts_with(k, "美分") {
            total = total.pow10(-2)?;
        }
        // 元 and 块 may go on in jiao and fen: `五元三毛`, `50元6角三分`, `一块二`
        if code == "CNY" && matches!(chars[k], '元' | '块' | '圆') {
            (total, end) = cents(f, total, end);
        }
        // `两美元又三美分`
        if nesting == Nesting::Top
            && chars.get(end) == Some(&'又')
            && let Some(Read { quantity: Some(q), end: e }) = read(f, end + 1, Nesting::Inner)
            && let Value::Money { value: more_money, currency } = &q.value
            && *currency == code
            && let Some(t) = Decimal::parse(&more_money.to_string()).and_then(|d| num_of(&d)).and_then(|m| total.add(m))
        {
            total = t;
            end = e;
        }
        let q = quantity(
            f,
            "currency_after",
            i,
            end,
            Value::Money { value: total.to_decimal()?, currency: code },
            qualifier,
            None,
        );
        return Read::of(q, end);
    }
    // jiao (角, 毛) and fen (分) on their own: `两毛五`, `两角五分`, `二十五分`
    let c = *chars.get(k)?;
    let next = chars.get(k + 1).copied();
    if !matches!(c, '毛' | '角' | '分') {
        return None;
    }
    // 长三角, 珠三角, 金三角: regions, not 0.3 yuan (data/guards.tsv)
    if lexicon::guarded(c, lexicon::Side::Before, i.checked_sub(1).map(|p| chars[p])) {
        return None;
    }
    // a lone 十, 百, 千 is no amount of jiao or fen (`千分比`)
    if n.chinese && n.len == 1 && chinese::digit(chars[i]).is_none() {
        return None;
    }
    if lexicon::guarded(c, lexicon::Side::After, next)
        || (c == '分' && next.is_some_and(|x| x.is_ascii_digit()))
        || n.scaled
        || n.upper.is_some()
    {
        return None;
    }
    let mut total = match c {
        '毛' | '角' => value.pow10(-1)?,
        _ => value.pow10(-2)?,
    };
    let mut end = k + 1;
    if matches!(c, '毛' | '角') {
        // `两角五分`; `两毛五`: a lone digit after 毛 is fen
        if let Some((fen, fe)) = small_digit(f, end) {
            if chars.get(fe) == Some(&'分') {
                total = total.add(fen.pow10(-2)?)?;
                end = fe + 1;
            } else if !chars.get(fe).is_some_and(|x| chinese::starts_numeral(*x)) {
                total = total.add(fen.pow10(-2)?)?;
                end = fe;
            }
        }
    }
    let q =
        quantity(f, "jiao_fen", i, end, Value::Money { value: total.to_decimal()?, currency: "CNY" }, qualifier, None);
    Read::of(q, end)
}

/// After 元 or 块: `三毛`, `6角三分`, `二` (`一块二` = 1.2). Returns (total, end).
fn cents(f: &Folded, total: Num, end: usize) -> (Num, usize) {
    let chars = &f.chars;
    let mut t = total;
    let mut e = end;
    if let Some((d, de)) = small_digit(f, e) {
        match chars.get(de) {
            Some('角' | '毛') => {
                if let Some(v) = d.pow10(-1).and_then(|x| t.add(x)) {
                    t = v;
                    e = de + 1;
                    // `五毛四`: a lone digit after 毛 is cents
                    if let Some((c, ce)) = small_digit(f, e)
                        && !chars.get(ce).is_some_and(|&x| chinese::starts_numeral(x) || x == '分')
                        && let Some(v2) = c.pow10(-2).and_then(|x| t.add(x))
                    {
                        return (v2, ce);
                    }
                }
            }
            Some('分') => {
                if let Some(v) = d.pow10(-2).and_then(|x| t.add(x)) {
                    return (v, de + 1);
                }
            }
            // `一块二`: a lone digit after 块 is jiao
            _ if chars[end - 1] == '块' && !chars.get(de).is_some_and(|x| chinese::starts_numeral(*x)) => {
                if let Some(v) = d.pow10(-1).and_then(|x| t.add(x)) {
                    return (v, de);
                }
            }
            _ => return (t, e),
        }
    }
    if let Some((d, de)) = small_digit(f, e)
        && chars.get(de) == Some(&'分')
        && let Some(v) = d.pow10(-2).and_then(|x| t.add(x))
    {
        return (v, de + 1);
    }
    (t, e)
}

/// One digit (Chinese or Arabic) at `i`, possibly two Arabic ones: (value, end).
fn small_digit(f: &Folded, i: usize) -> Option<(Num, usize)> {
    let c = f.char_at(i)?;
    if let Some(d) = chinese::digit(c) {
        return Some((Num::int(d), i + 1));
    }
    if c.is_ascii_digit() {
        let mut e = i;
        while f.char_at(e).is_some_and(|x| x.is_ascii_digit()) && e - i < 2 {
            e += 1;
        }
        let v: i128 = f.chars[i..e].iter().collect::<String>().parse().ok()?;
        return Some((Num::int(v), e));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Folded, Nesting, lexicon, read, read_after, scan, scan_stretch, windows};

    /// The whole text scanned as one stretch: what [`scan`] did before it skipped the
    /// lines that hold no quantity.
    fn scan_whole(text: &str) -> Vec<super::Quantity> {
        scan_stretch(&Folded::new(text, 0, text.len()))
    }

    /// The dates found where one may open are the matches of the whole pattern, over
    /// random texts of the chars and pieces dates are made of and chars that are not.
    #[test]
    fn dates_tried_where_they_open_are_the_pattern_s_matches() {
        // (pieces between bars)
        let pieces: Vec<&str> = "19|20|2|1|0|9|5|年|月|日|号|度|财|季|第|上|下|半|一|四|五|至|到|E|A|F|Q|q|H|-|—|~|～|.|/| |\t|上半年|第三季度|H2|2024|1998|规|é|𠀀|\n"
            .split('|')
            .collect();
        let unanchored = regex::Regex::new(&super::dates_pattern()).unwrap();
        let mut rng = crate::random::xorshift(0xda7e_0001);
        let mut matched = 0;
        for _ in 0..20_000 {
            let len = (rng() % 16) as usize;
            let text: String = (0..len).map(|_| pieces[(rng() % pieces.len() as u64) as usize]).collect();
            let by_pattern: Vec<_> = unanchored.find_iter(&text).map(|m| m.range()).collect();
            matched += by_pattern.len();
            assert_eq!(super::date_matches(&text).collect::<Vec<_>>(), by_pattern, "{text:?}");
        }
        // (the texts hold dates of every shape, not only none)
        assert!(matched > 5_000, "{matched}");
    }

    /// [`super::is_date_char`]'s set is [`super::DATE_CHARS`], over every char of the
    /// Basic Multilingual Plane.
    #[test]
    fn date_chars_by_set_are_the_list() {
        for c in (0..0x10000).filter_map(char::from_u32) {
            assert_eq!(super::is_date_char(c), super::DATE_CHARS.contains(c), "{c:?}");
        }
    }

    /// A stretch folded byte by byte is the stretch folded char by char (`str::char_indices`),
    /// over random texts of chars of one to four bytes, folding and not.
    #[test]
    fn folded_by_bytes_is_folded_by_chars() {
        let alphabet: Vec<char> = "a1 ～~年二壹贰萬億２０％．é¥€𠀀规。\n\t".chars().collect();
        let mut rng = crate::random::xorshift(0xf01d_0001);
        let (mut folding, mut for_dates_seen) = (0, 0);
        for _ in 0..3000 {
            let len = (rng() % 24) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            // a stretch from a random char to a random char after it
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let a = bounds[(rng() % bounds.len() as u64) as usize];
            let b = bounds[(rng() % bounds.len() as u64) as usize];
            let (from, to) = (a.min(b), a.max(b));
            let f = Folded::new(&text, from, to);
            let (mut chars, mut bytes, mut changed, mut for_dates) = (vec![], vec![], false, false);
            for (i, c) in text[from..to].char_indices() {
                let folded = lexicon::fold(c);
                changed |= folded != c;
                for_dates |= folded != c && c != '～' && super::DATE_CHARS.contains(folded);
                chars.push(folded);
                bytes.push((from + i) as u32);
            }
            bytes.push(to as u32);
            folding += usize::from(changed);
            for_dates_seen += usize::from(for_dates);
            assert_eq!(
                (f.chars, f.bytes, f.changed, f.changed_for_dates),
                (chars, bytes, changed, for_dates),
                "{text:?}"
            );
        }
        // (the texts fold, for dates too, often)
        assert!(folding > 1000 && for_dates_seen > 500, "{folding} {for_dates_seen}");
    }

    /// A match of a simple shape has the groups the regex reads in it: years with their
    /// suffixes, years and months with a dot or with 年 and 月, and year ranges, among
    /// random texts of their pieces and near misses.
    #[test]
    fn a_simple_match_has_the_groups_the_regex_reads() {
        let pieces = [
            "2024",
            "1998",
            "2030",
            "2126",
            "20",
            "24",
            "26",
            "0",
            "1",
            "12",
            "13",
            "05",
            "年",
            "年",
            "年度",
            "财年",
            "E",
            "A",
            "F",
            "月",
            "月",
            "日",
            "3",
            "-",
            "—",
            "～",
            "至",
            "到",
            " ",
            "Q",
            "H",
            "第一季度",
            "上半年",
            ".",
            "/",
            "的",
            "2024.05",
            "2019/12",
            "2024.13",
            "2023年7月",
            "2023年07月",
            "2024年10月",
            "2024年13月",
            "2024年0月",
            "2024-2026年",
            "2025—27年",
            "2024年至2026年",
            "2024-2126年",
            "2020～2030年",
        ];
        let mut next = crate::random::xorshift(0x9ea2_0001);
        let mut read = super::DATES.capture_locations();
        let names = ["yy", "oy", "dy", "ry1"];
        let names_of = super::DATES.capture_names().collect::<Vec<_>>();
        let mut seen = [0; 4];
        let mut others = 0;
        for _ in 0..20000 {
            let mut t = String::new();
            for _ in 0..next() % 10 {
                t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            for r in super::date_matches(&t) {
                let m = &t[r];
                assert!(super::DATES.captures_read(&mut read, m).is_some(), "{m:?}");
                let Some(spans) = super::simple_groups(m) else {
                    others += 1;
                    continue;
                };
                let (fast, regex) = (super::Groups::Spans(spans), super::Groups::Read(&read));
                for &i in super::DATE_GROUPS.iter() {
                    assert_eq!(super::group(&fast, m, i), super::group(&regex, m, i), "{m:?} group {i}");
                }
                let shape = names.iter().position(|n| spans.iter().any(|s| names_of.get(s.0) == Some(&Some(*n))));
                seen[shape.expect("a shape")] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n > 100) && others > 1000, "{seen:?} simple, {others} others");
    }

    /// [`lexicon::Chars`] folds and starts as [`lexicon::fold`] and [`lexicon::may_start`]
    /// do, char for char.
    #[test]
    fn the_looked_up_sets_answer_as_the_functions() {
        let set = lexicon::Chars::new();
        let wrong: Vec<char> = (0..0x11000u32)
            .filter_map(char::from_u32)
            .filter(|&c| set.fold(c) != lexicon::fold(c) || set.may_start(c) != lexicon::may_start(c))
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
        assert_eq!(set.fold('３'), '3');
        assert_eq!(set.fold('貳'), '二');
    }

    /// A char begins a quantity as written where its folded form does.
    #[test]
    fn may_begin_is_may_start_after_folding() {
        let set = lexicon::Chars::new();
        let wrong: Vec<char> = (0..0x11000u32)
            .filter_map(char::from_u32)
            .filter(|&c| {
                let f = lexicon::fold(c);
                set.may_begin(c) != (lexicon::may_start(f) || "12QqH第上下".contains(f))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
        for c in ['３', '一', '壹', '第', '上', 'Ｑ', '$', '￥', '十'] {
            assert!(set.may_begin(c), "{c}");
        }
        for c in ['的', '市', '场', '，', '\n', ' ', '\u{3000}', 'x'] {
            assert!(!set.may_begin(c), "{c:?}");
        }
    }

    /// Stretches: the lines with a char a quantity may start with, each from the line
    /// break before it to the first char after its own; neighbours merge.
    #[test]
    fn stretches_are_the_lines_that_may_hold_a_quantity() {
        let text = "市场\n规模3亿\n增长\n\n稳定\n第二\n共计\n";
        // 规模3亿 (bytes 7..18) from the break before it (6) to 增 (18 + 3)
        assert_eq!(windows(text), [(6, 21), (32, 43)]);
        assert_eq!(&text[6..21], "\n规模3亿\n增");
        assert_eq!(&text[32..43], "\n第二\n共");
        assert_eq!(windows("3亿\n4亿"), [(0, 9)]);
        assert_eq!(windows("没有数字\n也没有"), []);
    }

    /// On texts of lines built from numerals, units, dates, qualifiers, URLs and plain
    /// words, the stretches give what the whole text gives, quantity for quantity.
    #[test]
    fn stretches_find_what_the_whole_text_holds() {
        let pieces = [
            "三",
            "一",
            "十",
            "两",
            "第",
            "上半年",
            "Q3",
            "H1",
            "2024",
            "2024年",
            "12月",
            "年",
            "亿元",
            "万",
            "美元",
            "%",
            "个百分点",
            "约",
            "左右",
            "超过",
            "未来",
            "近",
            "成",
            "折",
            "分之",
            "百分之",
            "又",
            "人民币",
            "$",
            "3.5",
            "-",
            "～",
            "至",
            "https://x.cn/",
            "www.",
            "  ",
            " ",
            "\u{3000}",
            "\n",
            "\n",
            "\n\n",
            "的",
            "市场",
            "规模",
            "（",
            "）",
            "“",
            "”",
            "，",
            "。",
            "ＡＩ",
            "５Ｇ",
            "贰",
            "〇",
            "季度",
            "个",
            "块",
            "毛",
            "角",
            "长",
            "达",
        ];
        let mut next = crate::random::xorshift(0x5ca7_7e15);
        let (mut found, mut skipped) = (0, 0);
        for _ in 0..4000 {
            let mut t = String::new();
            for _ in 0..next() % 24 {
                t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let whole = scan_whole(&t);
            assert_eq!(scan(&t), whole, "{t:?}");
            found += whole.len();
            skipped += t.len() - windows(&t).iter().map(|w| w.1 - w.0).sum::<usize>().min(t.len());
        }
        assert!(found > 4000 && skipped > 4000, "{found} quantities, {skipped} bytes skipped");
    }

    /// Where the scanner reads, [`read`] turning down a char that only a prefix
    /// currency starts with is [`read_after`] reading there in full: over random texts
    /// of every char a quantity may start with (the currencies' first chars among
    /// them, with and without the rest of their words) and the chars that follow one.
    #[test]
    fn a_prefix_char_alone_starts_nothing() {
        let set = lexicon::Chars::new();
        let starts: Vec<String> =
            (0..0x10000u32).filter_map(char::from_u32).filter(|&c| set.may_start(c)).map(String::from).collect();
        let only_prefix = starts.iter().filter(|c| !lexicon::may_start_unpriced(c.chars().next().unwrap())).count();
        assert!(only_prefix >= 10, "{only_prefix} chars start only a prefix currency");
        let others = [
            "人民币",
            "RMB",
            "NT$",
            "HK$",
            "US$",
            "美元",
            "元",
            "亿",
            "万",
            "分之",
            "又",
            "个",
            "成",
            "折",
            "%",
            "年",
            "几",
            "余",
            "多",
            "数",
            "廿",
            "工",
            "民",
            " ",
            "  ",
            "3",
            "12",
            ".5",
            "第",
            "/",
            "^",
            "-",
            "至",
            "百分点",
            "（",
            "“",
        ];
        let pieces: Vec<&str> = starts.iter().map(String::as_str).chain(others).collect();
        let mut next = crate::random::xorshift(0x9c1c_0001);
        let (mut turned_down, mut read_some) = (0, 0);
        for _ in 0..20_000 {
            let t: String = (0..1 + next() % 8).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            let f = Folded::new(&t, 0, t.len());
            for i in (0..f.chars.len()).filter(|&i| set.may_start(f.chars[i])) {
                let full = read_after(&f, i, Nesting::Top, lexicon::currency_prefix_at(&f.chars, i));
                assert_eq!(read(&f, i, Nesting::Top), full, "{t:?} at {i}");
                let c = f.chars[i];
                if !lexicon::may_start_unpriced(c) && lexicon::currency_prefix_at(&f.chars, i).is_none() {
                    turned_down += 1;
                }
                read_some += usize::from(full.is_some_and(|r| r.quantity.is_some()));
            }
        }
        assert!(turned_down > 8_000 && read_some > 20_000, "{turned_down} turned down, {read_some} read");
    }
}
