//! The quantity lexicons, kept as data in `data/*.tsv` and compiled in.

use crate::chars::CharSet;
use std::sync::LazyLock;

/// How a qualifier word bounds the quantity it stands beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// 约, 近, 左右: about.
    Approx,
    /// 超过, 逾, 以上, 多, 余: more than.
    Over,
    /// 至少, 不低于: at least.
    AtLeast,
    /// 不到, 低于, 以下: less than.
    Under,
    /// 不超过, 以内: at most.
    AtMost,
}

impl Qualifier {
    /// Its name in JSON and CSV (`at_least`).
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::Approx => "approx",
            Qualifier::Over => "over",
            Qualifier::AtLeast => "at_least",
            Qualifier::Under => "under",
            Qualifier::AtMost => "at_most",
        }
    }
}

pub struct QualifierWord {
    pub word: &'static str,
    pub before: bool,
    pub meaning: Qualifier,
}

/// Longest words first, so that the first match at a position is the longest.
fn by_length_desc<T>(mut v: Vec<T>, word: impl Fn(&T) -> &str) -> Vec<T> {
    v.sort_by_key(|t| std::cmp::Reverse(word(t).chars().count()));
    v
}

/// (word as chars, ISO code) for currencies before and after an amount.
type Currencies = Vec<(Vec<char>, &'static str)>;

static CURRENCIES: LazyLock<(Currencies, Currencies)> = LazyLock::new(|| {
    let all: Vec<(&str, &str, bool)> =
        crate::data::rows(include_str!("../../data/currencies.tsv")).map(|r| (r[0], r[1], r[2] == "prefix")).collect();
    let pick = |prefix: bool| {
        let v: Currencies =
            all.iter().filter(|c| c.2 == prefix).map(|c| (c.0.chars().map(fold).collect(), c.1)).collect();
        by_length_desc(v, |_| "").into_iter().collect::<Vec<_>>()
    };
    let mut pre = pick(true);
    let mut suf = pick(false);
    pre.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
    suf.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
    (pre, suf)
});

/// How a numeral uses a scale (`data/scales.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleUse {
    /// 十 百 千: multiplies the digit before it, within a section.
    Unit,
    /// 万 亿 兆: multiplies all of the numeral before it.
    Section,
    /// `billion`, `bn`: an English scale word after a number.
    Word,
}

/// Every scale (word, power of ten, use), longest words first.
pub static SCALES: LazyLock<Vec<(&'static str, i32, ScaleUse)>> = LazyLock::new(|| {
    let v = crate::data::rows(include_str!("../../data/scales.tsv"))
        .map(|r| {
            let power = r[1].parse().expect("data/scales.tsv: bad power");
            let use_ = match r.get(2).copied() {
                Some("unit") => ScaleUse::Unit,
                Some("section") => ScaleUse::Section,
                Some("word") => ScaleUse::Word,
                other => panic!("data/scales.tsv: unknown use {other:?}"),
            };
            (r[0], power, use_)
        })
        .collect();
    by_length_desc(v, |s| s.0)
});

/// The one-char Chinese scales of a use, as (char, power): what the numeral grammar reads.
pub fn chinese_scales(use_: ScaleUse) -> Vec<(char, i32)> {
    SCALES
        .iter()
        .filter(|s| s.2 == use_)
        .filter_map(|s| {
            let mut cs = s.0.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if !c.is_ascii() => Some((c, s.1)),
                _ => None,
            }
        })
        .collect()
}

/// Words that are quantities with no numeral of their own (`data/quantity_words.tsv`):
/// (word, is a percent, value), longest first.
pub static QUANTITY_WORDS: LazyLock<Vec<(Vec<char>, bool, crate::quantity::Decimal)>> = LazyLock::new(|| {
    let v: Vec<(Vec<char>, bool, crate::quantity::Decimal)> =
        crate::data::rows(include_str!("../../data/quantity_words.tsv"))
            .map(|r| {
                let percent = match r[1] {
                    "percent" => true,
                    "number" => false,
                    other => panic!("data/quantity_words.tsv: unknown kind {other}"),
                };
                let value = crate::quantity::Decimal::parse(r[2]).expect("data/quantity_words.tsv: bad value");
                (r[0].chars().collect(), percent, value)
            })
            .collect();
    let mut v = v;
    v.sort_by_key(|w| std::cmp::Reverse(w.0.len()));
    v
});

/// The quantity word at `i`: (its length in chars, is a percent, its value).
pub fn quantity_word_at(chars: &[char], i: usize) -> Option<(usize, bool, crate::quantity::Decimal)> {
    QUANTITY_WORDS.iter().find(|w| chars_at(chars, i, &w.0)).map(|w| (w.0.len(), w.1, w.2.clone()))
}

pub static QUALIFIERS: LazyLock<Vec<QualifierWord>> = LazyLock::new(|| {
    let v = crate::data::rows(include_str!("../../data/qualifiers.tsv"))
        .map(|r| QualifierWord {
            word: r[0],
            before: r[1] == "before",
            meaning: match r[2] {
                "approx" => Qualifier::Approx,
                "over" => Qualifier::Over,
                "at_least" => Qualifier::AtLeast,
                "under" => Qualifier::Under,
                "at_most" => Qualifier::AtMost,
                other => panic!("data/qualifiers.tsv: unknown meaning {other}"),
            },
        })
        .collect();
    by_length_desc(v, |q| q.word)
});

/// Sorted by the char folded, for a binary search.
static FOLDS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut v: Vec<(char, char)> = crate::data::rows(include_str!("../../data/numeral_chars.tsv"))
        .filter_map(|r| Some((r[0].chars().next()?, r[1].chars().next()?)))
        .collect();
    v.sort();
    v
});

static FOLDED: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(FOLDS.iter().map(|f| f.0)));

/// Folds one char for reading quantities: full-width ASCII to ASCII, the
/// ideographic space to a space, traditional and financial numerals to plain ones.
pub fn fold(c: char) -> char {
    match c {
        c if c.is_ascii() => c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' => ' ',
        c if !FOLDED.contains(c) => c,
        _ => FOLDS.binary_search_by_key(&c, |f| f.0).map_or(c, |i| FOLDS[i].1),
    }
}

/// Every char [`fold`] changes: those of FOLDS, full-width ASCII and the two wide spaces.
fn folding_chars() -> impl Iterator<Item = char> {
    FOLDS.iter().map(|f| f.0).chain('\u{FF01}'..='\u{FF5E}').chain(['\u{3000}', '\u{a0}'])
}

/// [`folding_chars`] as a set.
static CHANGING: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(folding_chars()));

/// [`fold`] and [`may_start`] for loops over many chars, their sets looked up once;
/// and whether a quantity or a date may start at a char as written (folded first).
#[derive(Clone, Copy)]
pub struct Chars {
    changing: &'static CharSet,
    begins: &'static CharSet,
    starts: &'static CharSet,
}

impl Chars {
    pub fn new() -> Chars {
        Chars { changing: &CHANGING, begins: &BEGINS, starts: &STARTS }
    }

    /// [`fold`]`(c)`.
    #[inline]
    pub fn fold(self, c: char) -> char {
        if c.is_ascii() || !self.changing.contains(c) { c } else { fold(c) }
    }

    /// [`may_start`]`(c)`: can a quantity start at `c` (folded)?
    #[inline]
    pub fn may_start(self, c: char) -> bool {
        self.starts.contains(c)
    }

    /// Can a quantity or a date start at `c` as written? A line with no such char
    /// holds no quantity.
    #[inline]
    pub fn may_begin(self, c: char) -> bool {
        self.begins.contains(c)
    }
}

/// The chars a quantity may start with (folded): numerals, signs, currency
/// symbols and the first chars of prefix currencies, named periods and quantity words.
static STARTS: LazyLock<CharSet> = LazyLock::new(|| {
    let prefixes = CURRENCIES.0.iter().filter_map(|(w, _)| w.first().copied());
    CharSet::new(unpriced_starts().chain(prefixes))
});

/// The chars of [`STARTS`] but the first chars of prefix currencies: numerals,
/// scales, signs, `.`, and the first chars of named periods and quantity words.
fn unpriced_starts() -> impl Iterator<Item = char> {
    let numerals = "0123456789零一二两三四五六七八九廿卅卌";
    let scales = [ScaleUse::Unit, ScaleUse::Section].into_iter().flat_map(chinese_scales).map(|s| s.0);
    let others = "负-+.";
    let periods = PERIODS.iter().filter_map(|p| p.0.first().copied());
    let words = QUANTITY_WORDS.iter().filter_map(|w| w.0.first().copied());
    numerals.chars().chain(scales).chain(others.chars()).chain(periods).chain(words)
}

/// [`unpriced_starts`] as a set.
static UNPRICED_STARTS: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(unpriced_starts()));

/// Can a quantity start at `c` (folded) with no currency written before it? A char
/// of [`may_start`] that is not is the first char of a prefix currency only (人, R, N).
pub fn may_start_unpriced(c: char) -> bool {
    UNPRICED_STARTS.contains(c)
}

/// Can a quantity start at `c` (folded)?
pub fn may_start(c: char) -> bool {
    STARTS.contains(c)
}

/// The chars a date of the scanner's pattern may start with (folded): a year's first
/// digit, `Q1`, `H1`, `第一季度`, `上半年`, `下半年`.
const DATE_STARTS: &str = "12QqH第上下";

/// Chars as written (before folding) that fold to a char a quantity or a date may
/// start with: a line with none of them holds no quantity.
static BEGINS: LazyLock<CharSet> = LazyLock::new(|| {
    let starts = |c: char| may_start(c) || DATE_STARTS.contains(c);
    let written = STARTS.chars().chain(DATE_STARTS.chars()).filter(|&c| fold(c) == c);
    // a char folds to another only if it is one of folding_chars
    CharSet::new(written.chain(folding_chars().filter(|&c| starts(fold(c)))))
});

/// Chars that carry on a number (`2024.05亿`, `3亿-5亿`): scale words and units.
pub fn continues_number(c: char) -> bool {
    "亿万千百兆元%".contains(c)
}

/// Does `word` stand at `i` in `chars`? (Its first char compared first: most words
/// of a list differ there.)
#[inline]
fn chars_at(chars: &[char], i: usize, word: &[char]) -> bool {
    match word.first() {
        None => i <= chars.len(),
        Some(first) => {
            chars.get(i) == Some(first) && chars.len() >= i + word.len() && chars[i..i + word.len()] == *word
        }
    }
}

static SUFFIX_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(CURRENCIES.1.iter().filter_map(|(w, _)| w.first().copied())));
static PREFIX_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(CURRENCIES.0.iter().filter_map(|(w, _)| w.first().copied())));

/// A currency written before an amount, at `i`: (length in chars, ISO code).
pub fn currency_prefix_at(chars: &[char], i: usize) -> Option<(usize, &'static str)> {
    if !PREFIX_FIRST.contains(*chars.get(i)?) {
        return None;
    }
    let (pre, _) = &*CURRENCIES;
    pre.iter().find(|(w, _)| chars_at(chars, i, w)).map(|(w, code)| (w.len(), *code))
}

/// A currency written after an amount, at `i`: (length in chars, ISO code). 元 and 块
/// in words that are not money (元素, 元年, 三块屏幕) are not currencies.
pub fn currency_suffix_at(chars: &[char], i: usize) -> Option<(usize, &'static str)> {
    if !SUFFIX_FIRST.contains(*chars.get(i)?) {
        return None;
    }
    let (_, suf) = &*CURRENCIES;
    let (w, code) = suf.iter().find(|(w, _)| chars_at(chars, i, w))?;
    let next = chars.get(i + w.len()).copied();
    match w.as_slice() {
        [c @ ('元' | '块')] if guarded(*c, Side::After, next) || guarded(*c, Side::AfterOnly, next) => None,
        _ => Some((w.len(), *code)),
    }
}

/// Where a guard looks (`data/guards.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The char right after the unit starts a word with it (成为, 毛利).
    After,
    /// The char right before the numeral makes a name of it (长三角).
    Before,
    /// A Han char after the unit must be one of these (三块钱, not 三块屏幕).
    AfterOnly,
}

static GUARDS: LazyLock<Vec<(char, Side, &'static str)>> = LazyLock::new(|| {
    crate::data::rows(include_str!("../../data/guards.tsv"))
        .map(|r| {
            let unit = r[0].chars().next().expect("data/guards.tsv: a unit");
            let side = match r[1] {
                "after" => Side::After,
                "before" => Side::Before,
                "after_only" => Side::AfterOnly,
                other => panic!("data/guards.tsv: unknown side {other}"),
            };
            (unit, side, r[2])
        })
        .collect()
});

/// Does the guard of `unit` on `side` hold for `c` (the char after the unit, or
/// before the numeral): then the unit is no unit there. An `AfterOnly` guard holds
/// for a Han char that is not a numeral and not one of its chars.
pub fn guarded(unit: char, side: Side, c: Option<char>) -> bool {
    let Some(c) = c else { return false };
    GUARDS.iter().filter(|g| g.0 == unit && g.1 == side).any(|g| match side {
        Side::AfterOnly => crate::chars::is_han(c) && !g.2.contains(c) && super::chinese::digit(c).is_none(),
        _ => g.2.contains(c),
    })
}

static CLASSIFIERS: LazyLock<Vec<char>> = LazyLock::new(|| {
    include_str!("../../data/classifiers.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.trim().chars().next())
        .collect()
});

/// A classifier that makes a lone numeral a number (`三个`, `两双`).
pub fn is_classifier(c: char) -> bool {
    CLASSIFIERS.contains(&c)
}

static NOT_NUMBERS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let v: Vec<Vec<char>> = include_str!("../../data/not_numbers.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().chars().map(fold).collect())
        .collect();
    let mut v = v;
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
});

/// The first two chars of each word that is not a number, for a quick reject.
static NOT_NUMBER_PAIRS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let mut v: Vec<(char, char)> = NOT_NUMBERS.iter().filter(|w| w.len() >= 2).map(|w| (w[0], w[1])).collect();
    v.sort();
    v.dedup();
    v
});

/// A word at `i` that starts with a numeral but is none (`一切`, `四川`): its length.
pub fn not_number_at(chars: &[char], i: usize) -> Option<usize> {
    let pair = (*chars.get(i)?, *chars.get(i + 1)?);
    NOT_NUMBER_PAIRS.binary_search(&pair).ok()?;
    NOT_NUMBERS.iter().find(|w| chars_at(chars, i, w)).and_then(|w| {
        // `十分之一` is a fraction, though 十分 is a word
        let fraction = w.last() == Some(&'分') && chars.get(i + w.len()) == Some(&'之');
        (!fraction).then_some(w.len())
    })
}

static PERIODS: LazyLock<Vec<(Vec<char>, i32, i32)>> = LazyLock::new(|| {
    crate::data::rows(include_str!("../../data/periods.tsv"))
        .filter_map(|r| Some((r[0].chars().collect(), r[1].parse().ok()?, r[2].parse().ok()?)))
        .collect()
});

/// A named period at `i` (`十四五`): (length, first year, last year).
pub fn period_at(chars: &[char], i: usize) -> Option<(usize, i32, i32)> {
    if chars.get(i) != Some(&'十') {
        return None;
    }
    PERIODS.iter().find(|p| chars_at(chars, i, &p.0)).map(|p| (p.0.len(), p.1, p.2))
}

/// A qualifier word right before a quantity (`约`, `超过了`).
pub fn qualifier_before(before: &str) -> Option<Qualifier> {
    let before = before.trim_end();
    let before = before.strip_suffix('了').unwrap_or(before);
    // (the last byte compared first: most words end otherwise)
    let last = before.as_bytes().last();
    QUALIFIERS
        .iter()
        .find(|q| q.before && (q.word.is_empty() || q.word.as_bytes().last() == last) && before.ends_with(q.word))
        .map(|q| q.meaning)
}

/// A qualifier word right after a quantity (`左右`, `以上`).
pub fn qualifier_after(after: &str) -> Option<Qualifier> {
    let after = after.trim_start();
    let first = after.as_bytes().first();
    QUALIFIERS
        .iter()
        .find(|q| !q.before && (q.word.is_empty() || q.word.as_bytes().first() == first) && after.starts_with(q.word))
        .map(|q| q.meaning)
}

#[cfg(test)]
mod tests {
    /// A word stands at a place as the plain slice comparison says, the empty word
    /// anywhere up to the end.
    #[test]
    fn chars_at_is_the_slice_comparison() {
        let chars: Vec<char> = "人民币3亿美元人民".chars().collect();
        let words: Vec<Vec<char>> = ["人民币", "人民", "美元", "元", "", "币3亿", "民币3亿美元人民x"]
            .iter()
            .map(|w| w.chars().collect())
            .collect();
        for w in &words {
            for i in 0..=chars.len() + 1 {
                let plain = chars.len() >= i + w.len() && chars[i..i + w.len()] == **w;
                assert_eq!(super::chars_at(&chars, i, w), plain, "{w:?} at {i}");
            }
        }
        assert!(super::chars_at(&chars, 7, &['人', '民']));
    }
}
