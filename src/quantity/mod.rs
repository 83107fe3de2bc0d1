//! Quantity: numbers, money, percentages, years, year ranges and dates in text,
//! with exact values. Every number a fact carries comes from here: there is no
//! second number parser in the crate.
//!
//! Arabic, Chinese (一万五千亿, 七十九点八, 壹佰) and mixed (1.5万亿, 200亿零四千230)
//! numerals; scale words; currencies before or after the amount, and 元角分;
//! percent in all its forms (79.8%, 百分之七十九点八, 千分之三, 三成, 75折) and
//! percentage points (个百分点) apart; fractions (五分之一); approximations
//! (十余万, 四百多, 二三十); qualifiers (约, 超过, 以上); years, ranges and dates.
//! The lexicons are data in `data/`: currencies, scales, qualifiers, numeral
//! character forms, classifiers, words that are not numbers, named periods.

mod chinese;
mod decimal;
mod lexicon;
mod scanner;

pub use decimal::Decimal;
pub use lexicon::Qualifier;

use serde::Serialize;

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
    /// Part of a year: a quarter (`Q1`, `2024年第三季度`: part 1..4 of 4) or a half
    /// (`上半年`, `2024H2`: part 1..2 of 2). The year where the text gives it.
    PartOfYear { year: Option<i32>, part: u32, of: u32 },
    /// A number of years from now or back to now: `未来四年` (+4), `近五年` (-5), `两年` (2).
    Years { years: i32, relative: Option<Relative> },
}

/// Which way a span of years runs from the present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relative {
    Future,
    Past,
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
    /// The top of a span written as one quantity: `二三十` is 20 (value) to 30.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<Decimal>,
    /// The scanner's rule that read it ([`RULES`]): what `report quantities -v` shows.
    #[serde(skip)]
    pub rule: &'static str,
}

/// The scanner's rules, by name, each with examples of what it reads: every
/// example is one quantity, read by its rule (a test holds them to it).
pub const RULES: &[(&str, &[&str])] = &[
    ("date", &["2025年3月", "2024.05", "2024年", "上半年"]),
    ("named_period", &["十四五"]),
    ("long_number", &["1234567890123456789012345678901234567890"]),
    ("currency_before", &["$84.01 billion", "人民币100亿元", "港币3.14"]),
    ("percent_words", &["百分之七十九点八", "千分之三"]),
    ("quantity_word", &["打对折", "一半", "半成"]),
    ("mixed_fraction", &["1 3/5"]),
    ("you_fraction", &["一又十分一"]),
    ("you_sum", &["三又二分之一", "一又零点五"]),
    ("power", &["2^5"]),
    ("percent_span", &["5-20%", "10%-15%"]),
    ("years", &["未来四年", "近五年"]),
    ("percent_sign", &["79.8%", "5‰"]),
    ("percentage_points", &["3个百分点"]),
    ("year_digits", &["二〇二四年"]),
    ("number", &["一千二百", "十余万", "3个亿"]),
    ("fraction", &["五分之一", "3/2"]),
    ("tenths_cheng", &["三成", "三成半"]),
    ("discount_zhe", &["八折", "75折"]),
    ("currency_after", &["15.9亿美元", "五元三毛", "两美元又三美分"]),
    ("jiao_fen", &["两毛五", "二十五分"]),
];

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
            Value::PartOfYear { year, .. } => year,
            _ => None,
        }
    }
}

/// The char the scanner reads `c` as: full-width forms and traditional and financial
/// numerals folded to plain ones.
pub fn folded(c: char) -> char {
    lexicon::fold(c)
}

/// Could [`scan`] find a span of years ([`Value::YearRange`]) in `text`? Only where,
/// folded, it holds an ASCII digit (a range of years is written in them: `2021-2025年`)
/// or 十 (every named period opens with it: `十四五`); a text with neither holds none,
/// and need not be scanned for one.
pub fn may_hold_year_range(text: &str) -> bool {
    text.chars().map(lexicon::fold).any(|c| c.is_ascii_digit() || c == '十')
}

/// Finds every quantity in `text`, in order. Any text gives an answer or none:
/// values too large for exact arithmetic are left out, never wrapped.
pub fn scan(text: &str) -> Vec<Quantity> {
    let _stage = crate::timing::start(crate::timing::Stage::Quantity);
    let mut found = if text.len() > CHUNK { scan_chunks(text) } else { scanner::scan(text) };
    share_currency(text, &mut found);
    found
}

/// Chunk size for long texts: chunks end at a line break (no quantity crosses
/// one), are scanned on all cores, and keep the scanner's buffers small.
const CHUNK: usize = 256 * 1024;

/// The first date [`scan`] finds in `text`, as (year, month): found a chunk at a time,
/// in the chunks `scan` reads, up to the first that holds one (what `scan` does after
/// reading its chunks, sharing a currency, makes no date).
pub fn first_date(text: &str) -> Option<(i32, u32)> {
    let _stage = crate::timing::start(crate::timing::Stage::Quantity);
    let date = |qs: Vec<Quantity>| {
        qs.into_iter().find_map(|q| match q.value {
            Value::Date { year, month, .. } => Some((year, month)),
            _ => None,
        })
    };
    chunk_bounds(text).windows(2).find_map(|w| date(scanner::scan(&text[w[0]..w[1]])))
}

/// Where [`scan_chunks`] cuts `text`: 0, the line break after each CHUNK bytes, the end
/// (a text of CHUNK bytes or fewer is one chunk; an empty one none).
fn chunk_bounds(text: &str) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut at = 0;
    while text.len() - at > CHUNK {
        let target = at + CHUNK;
        // a newline byte is always a char boundary
        let cut = text.as_bytes()[target..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| target + i + 1);
        bounds.push(cut);
        at = cut;
    }
    if *bounds.last().unwrap_or(&0) != text.len() {
        bounds.push(text.len());
    }
    bounds
}

fn scan_chunks(text: &str) -> Vec<Quantity> {
    let bounds = chunk_bounds(text);
    let chunk = |w: &[usize]| {
        // (on whichever thread runs it)
        let _stage = crate::timing::start(crate::timing::Stage::Quantity);
        let mut qs = scanner::scan(&text[w[0]..w[1]]);
        for q in &mut qs {
            q.start += w[0];
            q.end += w[0];
        }
        qs
    };
    let parts =
        crate::parallel::map(bounds.len() - 1, text.len() >= crate::parallel::BYTES, |i| chunk(&bounds[i..i + 2]));
    crate::parallel::joined(parts)
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

/// Listing marks between bare figures that share the scale and the currency written
/// once after the last (`56、46亿美元`, `51.2/48.7亿元`).
const LIST_MARKS: &[&str] = &["、", "/", "／"];

/// `从27.2万亿增至45.5万亿元`: an amount with a scale word but no currency, linked to
/// the money right after it, is money in that currency (the unit is written once).
/// A bare figure listed before a scaled amount (`56、46亿美元`) takes its scale too.
fn share_currency(text: &str, found: &mut [Quantity]) {
    // the scale the amount after `i` was written with, or took from a list (`56、46、30亿美元`)
    let mut next_power: Option<i32> = None;
    for i in (0..found.len().saturating_sub(1)).rev() {
        let power_after = next_power.take();
        let (head, tail) = found.split_at_mut(i + 1);
        let (q, next) = (&mut head[i], &tail[0]);
        let Value::Money { currency, value: next_value } = &next.value else { continue };
        let Value::Number { value } = &q.value else { continue };
        if q.end > next.start {
            continue;
        }
        let currency = *currency;
        let scaled = text[..q.end].ends_with(|c: char| "亿万千百兆".contains(c));
        let gap = text[q.end..next.start].trim();
        if scaled && SERIES_LINKS.contains(&gap) {
            q.value = Value::Money { value: value.clone(), currency };
            continue;
        }
        let bare = text[q.start..q.end].bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
        if bare
            && LIST_MARKS.contains(&gap)
            && !next_value.is_negative()
            && let Some(power) = written_scale(&text[next.start..next.end]).or(power_after)
        {
            q.value = Value::Money { value: value.scale(power), currency };
            next_power = Some(power);
        }
    }
}

/// The power of ten of the Chinese scale words right after the Arabic figure that
/// opens `amount` (`46亿美元` → 8, `1.2万亿元` → 12, `5美元` → 0); none for an amount
/// not written with an Arabic figure.
fn written_scale(amount: &str) -> Option<i32> {
    let rest = amount.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    if rest.len() == amount.len() || rest.is_empty() {
        return None;
    }
    let scales = lexicon::chinese_scales(lexicon::ScaleUse::Section)
        .into_iter()
        .chain(lexicon::chinese_scales(lexicon::ScaleUse::Unit))
        .collect::<Vec<_>>();
    let power: i32 = rest.chars().map_while(|c| scales.iter().find(|s| s.0 == c).map(|s| s.1)).sum();
    Some(power)
}

#[cfg(test)]
mod tests {
    /// The quantities of `text`, each in a few words: `year 2022`, `date 2022-12`,
    /// `360000000 CNY`, `3`.
    fn shown(text: &str) -> Vec<String> {
        super::scan(text)
            .iter()
            .map(|q| match &q.value {
                super::Value::Year { year } => format!("year {year}"),
                super::Value::Date { year, month, .. } => format!("date {year}-{month}"),
                super::Value::Money { value, currency } => format!("{value} {currency}"),
                super::Value::Number { value } => format!("{value}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    /// The first date found a chunk at a time is the first of the whole scan's: in
    /// the first chunk, in a later one (a date cut at no chunk's end, the lines before
    /// it holding years and amounts but no date), in none, and in a short text.
    #[test]
    fn the_first_date_is_the_whole_scans_first() {
        let first_of_scan = |t: &str| {
            super::scan(t).iter().find_map(|q| match q.value {
                super::Value::Date { year, month, .. } => Some((year, month)),
                _ => None,
            })
        };
        let filler = "2021年出货量约为35亿元，同比增长12%，\n".repeat(super::CHUNK / 40);
        let texts = [
            "封面\n2024年11月\n".to_string(),
            format!("发布于2023年6月\n{filler}{filler}"),
            format!("{filler}{filler}{filler}截至2025年3月底\n{filler}"),
            format!("{filler}{filler}"),
            "无日期的短文本\n".to_string(),
        ];
        let expected = [Some((2024, 11)), Some((2023, 6)), Some((2025, 3)), None, None];
        for (t, e) in texts.iter().zip(expected) {
            assert_eq!(super::first_date(t), e, "{} bytes", t.len());
            assert_eq!(super::first_date(t), first_of_scan(t), "{} bytes", t.len());
        }
        assert!(super::chunk_bounds(&texts[2]).len() > 4);
    }

    /// A text [`super::may_hold_year_range`] turns down holds no span of years, over
    /// random texts of the pieces spans of years are made of (full-width digits and
    /// 拾 among them) and others; and the texts it lets through hold some.
    #[test]
    fn a_text_with_no_digit_or_ten_holds_no_span_of_years() {
        let pieces: Vec<&str> =
            "2021|2025|-|～|至|年|十|拾|四|五|三|２０２６|２０３０|十四五|拾三五|规划|期间|一|二〇二一|E|\n"
                .split('|')
                .collect();
        let mut rng = crate::random::xorshift(0x7ea5_0001);
        let (mut spans, mut turned_down) = (0, 0);
        for _ in 0..5000 {
            let len = (rng() % 8) as usize;
            let text: String = (0..len).map(|_| pieces[(rng() % pieces.len() as u64) as usize]).collect();
            let has = super::scan(&text).iter().any(|q| matches!(q.value, super::Value::YearRange { .. }));
            spans += usize::from(has);
            if !super::may_hold_year_range(&text) {
                turned_down += 1;
                assert!(!has, "{text:?}");
            }
        }
        assert!(spans > 300 && turned_down > 300, "{spans} {turned_down}");
    }

    /// A year ended by 年 is a year though a figure follows it.
    #[test]
    fn a_year_before_a_figure() {
        assert_eq!(shown("从2022年3.6亿元增至"), ["year 2022", "360000000 CNY"]);
        assert_eq!(shown("2022年12月"), ["date 2022-12"]);
    }

    /// Dates read through folded chars: a full-width dot (`．`) and a financial numeral
    /// (`貳`) fold to chars the date pattern reads, a full-width bracket or comma to none.
    #[test]
    fn dates_read_through_folded_chars() {
        assert_eq!(shown("发布于2024．05，"), ["date 2024-5"]);
        assert_eq!(shown("（2024.05）"), ["date 2024-5"]);
        let q = super::scan("第貳季度");
        assert_eq!(q[0].value, super::Value::PartOfYear { year: None, part: 2, of: 4 });
        assert_eq!(shown("2021～2025年（预测）"), ["YearRange { from: 2021, to: 2025 }"]);
    }

    /// The scale and currency written once after a list of figures are each figure's.
    #[test]
    fn listed_figures_share_the_scale() {
        assert_eq!(shown("分别为56、46亿美元"), ["5600000000 USD", "4600000000 USD"]);
        assert_eq!(shown("约71、38、9.5万亿元"), ["71000000000000 CNY", "38000000000000 CNY", "9500000000000 CNY"]);
        assert_eq!(shown("依次为12.5/8.25亿元"), ["1250000000 CNY", "825000000 CNY"]);
        // no scale written: the figure is the currency's units, as written
        assert_eq!(shown("单价3、5美元"), ["3 USD", "5 USD"]);
        // not a list: a figure joined by other words keeps its own reading
        assert_eq!(shown("增长3，46亿美元"), ["3", "4600000000 USD"]);
    }

    /// Each rule's examples are one quantity each, read by that rule; no rule name
    /// is written twice.
    #[test]
    fn every_rule_reads_its_examples() {
        let mut wrong = Vec::new();
        for (rule, examples) in super::RULES {
            for example in *examples {
                let found: Vec<&str> = super::scan(example).iter().map(|q| q.rule).collect();
                if found != [*rule] {
                    wrong.push(format!("{example}: {found:?}, not [{rule}]"));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let mut names: Vec<&str> = super::RULES.iter().map(|r| r.0).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), super::RULES.len());
    }
}
