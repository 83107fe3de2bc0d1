//! Quantity: numbers, money, percentages, years, year ranges and dates in
//! normalized text, with exact values. Every number a fact carries comes from
//! here: there is no second number parser in the crate.
//!
//! The lexicons (currencies, scale words, qualifiers) are data in `data/`.

mod decimal;
mod lexicon;

pub use decimal::Decimal;
pub use lexicon::Qualifier;

use regex::{Captures, Regex};
use serde::Serialize;
use std::sync::LazyLock;

/// What a quantity is, with its normalized value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// A plain number: `8`, `1,100.9`, `3千万` (3e7).
    Number { value: Decimal },
    /// An amount of money in the currency's main unit: `15.9亿美元` → 1590000000 USD.
    Money { value: Decimal, currency: &'static str },
    /// A percentage, as the percent figure: `79.8%` → 79.8.
    Percent { value: Decimal },
    /// Percentage points (`3个百分点`), kept apart from percent.
    PercentagePoints { value: Decimal },
    /// A calendar year: `2024年`, `2024E`, `2030财年`.
    Year { year: i32 },
    /// A span of years: `2024-2026年`, `2021-23年`.
    YearRange { from: i32, to: i32 },
    /// A month or a day: `2024.05`, `2025年3月`, `2024年5月3日`.
    Date { year: i32, month: u32, day: Option<u32> },
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    #[serde(flatten)]
    pub value: Value,
    /// Byte offsets of the quantity in the scanned text (qualifiers not included).
    pub start: usize,
    pub end: usize,
    /// A qualifier beside it: 约 → approx, 超过 → over, 至少 → at_least, ...
    pub qualifier: Option<Qualifier>,
}

impl Value {
    /// The date as ISO 8601 text: `2024-05` or `2024-05-03`.
    pub fn iso_date(&self) -> Option<String> {
        match *self {
            Value::Date { year, month, day: None } => Some(format!("{year:04}-{month:02}")),
            Value::Date { year, month, day: Some(d) } => Some(format!("{year:04}-{month:02}-{d:02}")),
            _ => None,
        }
    }

    /// The year a year or date names.
    pub fn year(&self) -> Option<i32> {
        match *self {
            Value::Year { year } | Value::Date { year, .. } => Some(year),
            _ => None,
        }
    }
}

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let prefixes = lexicon::alternation(lexicon::CURRENCIES.iter().filter(|c| c.prefix).map(|c| c.word));
    let suffixes = lexicon::alternation(lexicon::CURRENCIES.iter().filter(|c| !c.prefix).map(|c| c.word));
    let scales = lexicon::SCALES
        .iter()
        .map(|(w, _)| if w.is_ascii() { format!(r"{}(?-u:\b)", regex::escape(w)) } else { regex::escape(w) })
        .collect::<Vec<_>>()
        .join("|");
    let year = r"(?:19|20)[0-9]{2}";
    let pattern = format!(
        r"(?P<range>(?P<ry1>{year})[ \t]*年?[ \t]*[-—–~～至到][ \t]*(?P<ry2>(?:19|20)?[0-9]{{2}})[ \t]*年)|(?P<date>(?P<dy>{year})[ \t]*年[ \t]*(?P<dm>1[0-2]|0?[1-9])[ \t]*月(?:[ \t]*(?P<dd>3[01]|[12][0-9]|0?[1-9])[ \t]*日)?)|(?P<num>(?:(?P<pre>{prefixes})[ \t]?)?(?P<n>[+-]?(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?)(?P<more>多|余)?(?:[ \t]?(?P<sc>{scales}))?(?:[ \t]?(?P<cur>{suffixes}))?(?P<suf>%|％|‰|个百分点|财年|年)?)"
    );
    Regex::new(&pattern).expect("quantity pattern")
});

/// Chars after a scale word that make it a unit prefix (兆瓦 is megawatt, not 1e12).
const PHYSICAL_UNITS: &str = "瓦米克赫帕焦伏安字位";

/// Finds every quantity in `text`, in order.
///
/// The fast search (a DFA) finds each match; groups are then captured only within
/// the match, where the slower capturing engine has a few bytes to read.
pub fn scan(text: &str) -> Vec<Quantity> {
    let mut found: Vec<Quantity> = PATTERN
        .find_iter(text)
        .filter_map(|m| {
            let c = PATTERN.captures(m.as_str())?;
            classify(text, m.start(), &c)
        })
        .collect();
    share_currency(text, &mut found);
    found
}

/// Words between two amounts that make them one series (`27.2万亿增至45.5万亿元`).
const SERIES_LINKS: &[&str] = &[
    "增长至",
    "增长到",
    "增加至",
    "增加到",
    "提升至",
    "提高至",
    "扩大至",
    "上升至",
    "下降至",
    "减少至",
    "增至",
    "降至",
    "到",
    "至",
    "-",
    "~",
    "～",
    "—",
    "–",
    "、",
    "和",
    "与",
    "及",
];

/// `从27.2万亿增至45.5万亿元`: an amount with a scale word but no currency, linked to
/// the money right after it, is money in that currency (the unit is written once).
fn share_currency(text: &str, found: &mut [Quantity]) {
    for i in (0..found.len().saturating_sub(1)).rev() {
        let (head, tail) = found.split_at_mut(i + 1);
        let (q, next) = (&mut head[i], &tail[0]);
        let Value::Money { currency, .. } = next.value else { continue };
        let Value::Number { value } = &q.value else { continue };
        let scaled = text[..q.end].ends_with(|c: char| "亿万千百兆".contains(c));
        let gap = text[q.end..next.start].trim();
        if scaled && q.end <= next.start && SERIES_LINKS.contains(&gap) {
            q.value = Value::Money { value: value.clone(), currency };
        }
    }
}

/// Byte range of group `name` in `text` (the captures are relative to `base`).
fn group(c: &Captures, base: usize, name: &str) -> Option<std::ops::Range<usize>> {
    c.name(name).map(|m| base + m.start()..base + m.end())
}

fn classify(text: &str, base: usize, c: &Captures) -> Option<Quantity> {
    let whole = c.get(0)?;
    let (start, end) = (base + whole.start(), base + whole.end());
    if c.name("range").is_some() {
        let from: i32 = c["ry1"].parse().ok()?;
        let to = expand_year(from, &c["ry2"])?;
        return (to >= from).then(|| quantity(Value::YearRange { from, to }, start, end, None));
    }
    if c.name("date").is_some() {
        let value = Value::Date {
            year: c["dy"].parse().ok()?,
            month: c["dm"].parse().ok()?,
            day: c.name("dd").and_then(|d| d.as_str().parse().ok()),
        };
        return Some(quantity(value, start, end, None));
    }
    number(text, base, c)
}

fn number(text: &str, base: usize, c: &Captures) -> Option<Quantity> {
    let n = group(c, base, "n")?;
    let mut digits = &text[n.clone()];
    let mut start = base + c.get(0)?.start();
    // A sign glued to a number, a word or a unit before it is a hyphen: `2024-2026`, `3亿-5亿`.
    if digits.starts_with(['-', '+'])
        && text[..n.start]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_alphanumeric() || "亿万千百兆元%％".contains(p))
    {
        digits = &digits[1..];
        start = n.start + 1;
    }
    let raw = Decimal::parse(digits)?;
    let mut end = base + c.get(0)?.end();
    let prefix = c.name("pre").and_then(|p| lexicon::currency_code(p.as_str(), true));
    let mut scale = c.name("sc").map(|s| (s.as_str(), base + s.start(), base + s.end()));
    let mut currency = c.name("cur").and_then(|p| lexicon::currency_code(p.as_str(), false)).or(prefix);
    let suffix = c.name("suf").map(|s| s.as_str());
    let more = c.name("more");

    // `200兆瓦`, `5千米`: the scale word is a unit prefix, and the unit is not ours.
    let after_scale = scale.and_then(|(_, _, e)| text[e..].chars().next());
    if currency.is_none() && after_scale.is_some_and(|ch| PHYSICAL_UNITS.contains(ch)) {
        end = scale.take().map_or(end, |(_, s, _)| s);
    }
    let value = scale.map_or(raw.clone(), |(word, _, _)| raw.scale(lexicon::scale_power(word).unwrap_or(0)));

    let whole_digits = !digits.contains(['.', ',', '-', '+']);
    let is_year_like = whole_digits && digits.len() == 4 && (1900..=2100).contains(&digits.parse::<i32>().ok()?);
    let value = match suffix {
        Some("%" | "％") => Value::Percent { value },
        Some("‰") => Value::Percent { value: value.scale(-1) },
        Some("个百分点") => Value::PercentagePoints { value },
        Some("年" | "财年") if is_year_like && scale.is_none() && currency.is_none() => {
            Value::Year { year: digits.parse().ok()? }
        }
        Some(s) => {
            // `10年` is a duration: the number without its 年.
            end -= s.len();
            currency.take().map_or(Value::Number { value: value.clone() }, |cur| Value::Money { value, currency: cur })
        }
        None => match currency {
            Some(cur) => Value::Money { value, currency: cur },
            None if scale.is_none() && more.is_none() => {
                if let Some(v) = date_like(digits) {
                    v
                } else if is_year_like && estimate_mark(&text[end..]) {
                    end += 1;
                    Value::Year { year: digits.parse().ok()? }
                } else {
                    Value::Number { value }
                }
            }
            None => Value::Number { value },
        },
    };
    let mut qualifier = qualifier_before(&text[..start]).or_else(|| qualifier_after(&text[end..]));
    if more.is_some() && qualifier.is_none() {
        qualifier = Some(Qualifier::Over);
    }
    if matches!(value, Value::Year { .. } | Value::YearRange { .. } | Value::Date { .. }) {
        qualifier = None;
    }
    Some(quantity(value, start, end, qualifier))
}

fn quantity(value: Value, start: usize, end: usize, qualifier: Option<Qualifier>) -> Quantity {
    Quantity { value, start, end, qualifier }
}

/// `2021` + `23` → 2023; `2024` + `2026` → 2026.
fn expand_year(from: i32, to: &str) -> Option<i32> {
    let n: i32 = to.parse().ok()?;
    Some(if to.len() == 2 { from / 100 * 100 + n } else { n })
}

/// `2024.05` is May 2024 in a report, not the number 2024.05.
fn date_like(digits: &str) -> Option<Value> {
    let (y, m) = digits.split_once('.')?;
    let year: i32 = y.parse().ok()?;
    let month: u32 = m.parse().ok()?;
    (y.len() == 4 && m.len() == 2 && (1900..=2100).contains(&year) && (1..=12).contains(&month))
        .then_some(Value::Date { year, month, day: None })
}

/// `2024E` (estimate), `2023A` (actual), `2025F` (forecast) in broker tables.
fn estimate_mark(after: &str) -> bool {
    let mut it = after.chars();
    matches!(it.next(), Some('E' | 'A' | 'F')) && !it.next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn qualifier_before(before: &str) -> Option<Qualifier> {
    let before = before.trim_end();
    let before = before.strip_suffix('了').unwrap_or(before);
    lexicon::QUALIFIERS.iter().find(|q| q.before && before.ends_with(q.word)).map(|q| q.meaning)
}

fn qualifier_after(after: &str) -> Option<Qualifier> {
    let after = after.trim_start();
    lexicon::QUALIFIERS.iter().find(|q| !q.before && after.starts_with(q.word)).map(|q| q.meaning)
}
