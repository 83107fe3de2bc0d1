//! The numeral grammar: Arabic digits, Chinese numerals and the two mixed
//! (`1万600`, `200亿零四千230`, `35.1亿`), with exact arithmetic.
//!
//! Works on folded chars (traditional and financial forms already mapped to
//! 万 亿 一 二 ... by `data/numeral_chars.tsv`), from a start index, and returns
//! the longest numeral there. Its scales (十 百 千, 万 亿 兆) are read from
//! `data/scales.tsv`.

use super::lexicon::ScaleUse;
use std::sync::LazyLock;

/// An exact value `m × 10^e`, for the arithmetic of numerals. Overflow gives `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Num {
    pub m: i128,
    pub e: i32,
}

impl Num {
    pub const ZERO: Num = Num { m: 0, e: 0 };

    pub fn int(v: i128) -> Num {
        Num { m: v, e: 0 }
    }

    fn align(self, other: Num) -> Option<(i128, i128, i32)> {
        let e = self.e.min(other.e);
        let a = self.m.checked_mul(10i128.checked_pow((self.e - e) as u32)?)?;
        let b = other.m.checked_mul(10i128.checked_pow((other.e - e) as u32)?)?;
        Some((a, b, e))
    }

    pub fn add(self, other: Num) -> Option<Num> {
        let (a, b, e) = self.align(other)?;
        Some(Num { m: a.checked_add(b)?, e })
    }

    pub fn mul(self, other: Num) -> Option<Num> {
        Some(Num { m: self.m.checked_mul(other.m)?, e: self.e.checked_add(other.e)? })
    }

    pub fn pow10(self, p: i32) -> Option<Num> {
        Some(Num { m: self.m, e: self.e.checked_add(p)? })
    }

    pub fn is_zero(self) -> bool {
        self.m == 0
    }

    pub fn lt(self, other: Num) -> bool {
        self.align(other).is_some_and(|(a, b, _)| a < b)
    }

    /// `self / other` when the quotient is a terminating decimal (at most 30 places).
    pub fn div(self, other: Num) -> Option<Num> {
        if other.m == 0 {
            return None;
        }
        let (mut a, b, _) = self.align(other)?;
        let mut e = 0;
        while a % b != 0 {
            a = a.checked_mul(10)?;
            e -= 1;
            if e < -30 {
                return None;
            }
        }
        Some(Num { m: a / b, e })
    }

    /// Exact decimal text, for [`super::Decimal::parse`].
    pub fn to_decimal(self) -> Option<super::Decimal> {
        let neg = self.m < 0;
        let digits = self.m.unsigned_abs().to_string();
        Some(super::Decimal::from_parts(neg, &digits, self.e))
    }
}

pub fn digit(c: char) -> Option<i128> {
    Some(match c {
        '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The units (十 百 千) and the section scales (万 亿 兆) of `data/scales.tsv`.
static UNITS: LazyLock<Vec<(char, i32)>> = LazyLock::new(|| super::lexicon::chinese_scales(ScaleUse::Unit));
static SECTIONS: LazyLock<Vec<(char, i32)>> = LazyLock::new(|| super::lexicon::chinese_scales(ScaleUse::Section));

fn unit(c: char) -> Option<i32> {
    UNITS.iter().find(|u| u.0 == c).map(|u| u.1)
}

/// A section scale: `万` → 4.
pub fn big(c: char) -> Option<i32> {
    SECTIONS.iter().find(|u| u.0 == c).map(|u| u.1)
}

/// Can a numeral start with `c`?
pub fn starts_numeral(c: char) -> bool {
    c.is_ascii_digit() || digit(c).is_some() || unit(c).is_some() || big(c).is_some() || matches!(c, '廿' | '卅' | '卌')
}

/// A numeral found: its value, where it ends, and what it says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numeral {
    pub value: Num,
    /// Char index just past the numeral.
    pub end: usize,
    /// Written with a Chinese numeral character (not only Arabic digits).
    pub chinese: bool,
    /// Chars of numeral text (spaces not counted).
    pub len: usize,
    /// 多, 余, 几: the value is a lower bound.
    pub more: bool,
    /// `二三十`: the value is `value` to `upper`.
    pub upper: Option<Num>,
    /// Ends with a big unit (万, 亿, 兆): `35.1亿`.
    pub scaled: bool,
    /// The digits were read one by one (`一七二零` = 1720, `三八` = 38).
    pub digit_by_digit: bool,
    /// Only big units, no digit (`万`, `万万`): a word, not an amount.
    pub only_big: bool,
    /// How many digits were read one by one.
    pub run: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Last {
    None,
    Digit,
    Zero,
    Arabic,
    Unit,
    Big,
    More,
}

/// Reads the Arabic number at `i`: `1,100.9`, `2.7890e-1`, `16`. Returns (value, end).
pub fn arabic(chars: &[char], i: usize) -> Option<(Num, usize)> {
    let mut j = i;
    let mut digits = String::new();
    while j < chars.len() && chars[j].is_ascii_digit() {
        digits.push(chars[j]);
        j += 1;
    }
    // `.5`: a leading point
    let leading_point =
        digits.is_empty() && chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(char::is_ascii_digit);
    if digits.is_empty() && !leading_point {
        return None;
    }
    // thousands groups: `1,100` (exactly three digits after each comma)
    while chars.get(j) == Some(&',')
        && chars.len() >= j + 4
        && chars[j + 1..j + 4].iter().all(char::is_ascii_digit)
        && !chars.get(j + 4).is_some_and(char::is_ascii_digit)
    {
        digits.extend(&chars[j + 1..j + 4]);
        j += 4;
    }
    let mut e: i32 = 0;
    if chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        let mut k = j + 1;
        let mut frac = String::new();
        while k < chars.len() && chars[k].is_ascii_digit() {
            frac.push(chars[k]);
            k += 1;
        }
        // `2222.2222.22222`, `192.168.1.1`: dots that separate, not a decimal point
        let dotted = chars.get(k) == Some(&'.') && chars.get(k + 1).is_some_and(char::is_ascii_digit);
        if !dotted || digits.is_empty() {
            e -= frac.len() as i32;
            digits.push_str(&frac);
            j = k;
        }
    }
    // exponent: `2e5`, `-12e-1`; exponents beyond two digits are no report's numbers
    if matches!(chars.get(j), Some('e' | 'E'))
        && let Some((x, k)) = signed_digits(chars, j + 1, 2)
        && !chars.get(k).is_some_and(|c| c.is_ascii_alphanumeric())
    {
        e += x;
        j = k;
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 36 {
        // beyond i128: the caller keeps the exact digits another way
        return None;
    }
    let m: i128 = if trimmed.is_empty() { 0 } else { trimmed.parse().ok()? };
    Some((Num { m, e }, j))
}

/// An optional sign and one to `max` ASCII digits at `i`: (value, end).
pub fn signed_digits(chars: &[char], i: usize, max: usize) -> Option<(i32, usize)> {
    let (neg, start) = match chars.get(i) {
        Some('-') => (true, i + 1),
        Some('+') => (false, i + 1),
        _ => (false, i),
    };
    let mut k = start;
    while chars.get(k).is_some_and(char::is_ascii_digit) && k - start < max {
        k += 1;
    }
    if k == start || chars.get(k).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let v: i32 = chars[start..k].iter().collect::<String>().parse().ok()?;
    Some((if neg { -v } else { v }, k))
}

/// The longest numeral starting at `i`, if any.
pub fn numeral(chars: &[char], i: usize) -> Option<Numeral> {
    let mut stack: Vec<(Num, i32)> = Vec::new();
    let mut section = Num::ZERO;
    let mut number = Num::ZERO;
    let mut has_number = false;
    let mut last = Last::None;
    let mut last_unit: i32 = 0;
    let mut zero_since_unit = false;
    let mut chinese = false;
    let mut more = false;
    let mut len = 0usize;
    let mut digit_run: Vec<i128> = Vec::new();
    let mut upper_delta: Option<Num> = None;
    let mut j = i;
    let mut end = i;
    let mut any_unit = false;
    let mut any_value = false;
    // A unit (十百千) or a big unit (万亿兆) was read at `k`: the number before it is
    // spent, and the numeral goes on after it.
    macro_rules! after_unit {
        ($kind:expr, $unit:expr, $at:expr) => {{
            number = Num::ZERO;
            has_number = false;
            last = $kind;
            last_unit = $unit;
            any_unit = true;
            zero_since_unit = false;
            digit_run.clear();
            j = $at + 1;
            end = j;
            len += 1;
        }};
    }

    loop {
        // spaces between two numeral tokens: `一百 二 十 几亿`, `十 余 万`, `1000  万`
        let mut k = j;
        if j > i {
            while k < chars.len() && chars[k] == ' ' && k - j < 3 {
                k += 1;
            }
        }
        let Some(&c) = chars.get(k) else { break };
        let spaced = k > j;
        if c.is_ascii_digit() || (c == '.' && last == Last::None && chars.get(k + 1).is_some_and(char::is_ascii_digit))
        {
            if matches!(last, Last::Digit | Last::Arabic) {
                break;
            }
            let Some((v, e)) = arabic(chars, k) else { break };
            // after a space an Arabic number goes on the numeral only as a smaller group
            // with its own unit (`7万 5千`); else it is a number of its own (`2023 2024`)
            if spaced
                && !(matches!(last, Last::Big | Last::Unit)
                    && chars.get(e).is_some_and(|&u| unit(u).or(big(u)).is_some_and(|p| p < last_unit)))
            {
                break;
            }
            number = v;
            has_number = true;
            last = Last::Arabic;
            len += e - k;
            j = e;
            end = j;
            digit_run.clear();
            continue;
        }
        if let Some(d) = digit(c) {
            chinese = true;
            if matches!(last, Last::Arabic) {
                break;
            }
            if d == 0 {
                zero_since_unit = true;
                if last == Last::Digit {
                    // digit by digit: `一七二零` = 1720
                    number = number.mul(Num::int(10))?;
                    digit_run.push(0);
                } else {
                    last = Last::Zero;
                    j = k + 1;
                    end = j;
                    len += 1;
                    continue;
                }
            } else if last == Last::Digit {
                number = number.mul(Num::int(10))?.add(Num::int(d))?;
                digit_run.push(d);
            } else {
                number = Num::int(d);
                digit_run = vec![d];
            }
            has_number = true;
            last = Last::Digit;
            j = k + 1;
            end = j;
            len += 1;
            continue;
        }
        if c == '几' && matches!(last, Last::Unit | Last::Zero | Last::Big) {
            // `二十几万`, `一百零几万`: an unknown digit; the value is its floor
            more = true;
            chinese = true;
            number = Num::ZERO;
            has_number = true;
            last = Last::Digit;
            digit_run.clear();
            j = k + 1;
            end = j;
            len += 1;
            continue;
        }
        if matches!(c, '廿' | '卅' | '卌') {
            if matches!(last, Last::Digit | Last::Arabic) {
                break;
            }
            chinese = true;
            let tens = match c {
                '廿' => 20,
                '卅' => 30,
                _ => 40,
            };
            section = section.add(Num::int(tens))?;
            last = Last::Unit;
            last_unit = 1;
            any_unit = true;
            zero_since_unit = false;
            j = k + 1;
            end = j;
            len += 1;
            continue;
        }
        if let Some(u) = unit(c) {
            if matches!(last, Last::Unit) && u >= last_unit && !has_number {
                break;
            }
            chinese = true;
            // `二三十`, `三五百`: two close digits before a unit give a span, 20 to 30
            if digit_run.len() == 2 && digit_run[1] > digit_run[0] && digit_run[1] - digit_run[0] <= 2 {
                let lo = Num::int(digit_run[0]).pow10(u)?;
                upper_delta = Some(Num::int(digit_run[1] - digit_run[0]).pow10(u)?);
                section = section.add(lo)?;
            } else {
                let n = if has_number { number } else { Num::int(1) };
                section = section.add(n.pow10(u)?)?;
            }
            after_unit!(Last::Unit, u, k);
            continue;
        }
        if let Some(b) = big(c) {
            if spaced && matches!(last, Last::Digit) && !any_unit {
                break;
            }
            // `200兆瓦` is 200 megawatts: 兆 before a unit is the prefix mega, not 10^12
            if c == '兆' && chars.get(k + 1).is_some_and(|&n| "瓦赫字帕焦欧比位吨".contains(n)) {
                break;
            }
            // `四万万` = 4 亿: 万 twice multiplies
            if last == Last::Big && b == 4 && stack.last().is_some_and(|s| s.1 == 4) {
                let (v, _) = stack.pop()?;
                stack.push((v.pow10(4)?, 8));
                last_unit = 8;
                j = k + 1;
                end = j;
                len += 1;
                continue;
            }
            if matches!(last, Last::Big) && stack.last().is_none_or(|s| s.1 >= b) {
                break;
            }
            // `百二萬` = 120万: a lone digit after a small unit counts in the unit below
            if last == Last::Digit && digit_run.len() == 1 && (1..=3).contains(&last_unit) && !zero_since_unit {
                number = number.pow10(last_unit - 1)?;
            }
            chinese |= last != Last::Arabic || !stack.is_empty();
            let mut cur = section.add(number)?;
            if cur.is_zero() && stack.is_empty() && last == Last::None {
                cur = Num::int(1);
            }
            while stack.last().is_some_and(|s| s.1 < b) {
                cur = cur.add(stack.pop()?.0)?;
            }
            stack.push((cur.pow10(b)?, b));
            section = Num::ZERO;
            after_unit!(Last::Big, b, k);
            continue;
        }
        if matches!(c, '多' | '余') && matches!(last, Last::Unit | Last::Big | Last::Arabic) && !more {
            // `十余万`, `一千多万`, `四百多`, `500余万`
            more = true;
            last = Last::More;
            j = k + 1;
            // 多/余 is part of the numeral only when a unit follows; else it ends it
            let next = chars.get(j).copied();
            if next.is_some_and(|n| big(n).is_some() || unit(n).is_some()) {
                end = j;
                len += 1;
            }
            continue;
        }
        if c == '点'
            && matches!(last, Last::Digit | Last::Unit | Last::Big | Last::Zero)
            && has_decimal_after(chars, k + 1)
        {
            // `两千三点一` = 2300.1: the lone digit before 点 counts in the unit below
            if last == Last::Digit && digit_run.len() == 1 && any_unit && !zero_since_unit && last_unit >= 1 {
                number = number.pow10(last_unit - 1)?;
            }
            // `七十九点八`, `一百点123`, `四百 点 五`: digits after 点 are read one by one
            let mut m = k + 1;
            while chars.get(m) == Some(&' ') && m - k <= 3 {
                m += 1;
            }
            let mut frac = String::new();
            while let Some(&ch) = chars.get(m) {
                if let Some(d) = digit(ch) {
                    frac.push(char::from(b'0' + d as u8));
                } else if ch.is_ascii_digit() {
                    frac.push(ch);
                } else {
                    break;
                }
                m += 1;
            }
            let f = Num { m: frac.parse().ok()?, e: -(frac.len() as i32) };
            number = number.add(f)?;
            has_number = true;
            chinese = true;
            last = Last::Arabic;
            len += m - k;
            j = m;
            end = j;
            digit_run.clear();
            continue;
        }
        break;
    }
    if len == 0 {
        return None;
    }
    any_value |= chars[i..end].iter().any(|&c| {
        c.is_ascii_digit() || digit(c).is_some() || unit(c).is_some() || matches!(c, '廿' | '卅' | '卌' | '几')
    });
    // `一千二` = 1200, `三万五` = 35000, `万九` = 19000: a last lone digit right after a
    // unit counts in the next unit down.
    let digit_by_digit = digit_run.len() > 1 && !any_unit;
    if last == Last::Digit && digit_run.len() == 1 && any_unit && !zero_since_unit && last_unit >= 1 && !more {
        number = number.pow10(last_unit - 1)?;
    }
    let mut total = section.add(number)?;
    for (v, _) in stack {
        total = total.add(v)?;
    }
    let upper = match upper_delta {
        Some(delta) => Some(total.add(delta)?),
        None => None,
    };
    Some(Numeral {
        value: total,
        end,
        chinese,
        len,
        more,
        upper,
        scaled: matches!(last, Last::Big)
            || (last == Last::More && any_unit && end > 0 && big(chars[end - 1]).is_some()),
        digit_by_digit,
        only_big: !any_value,
        run: if any_unit { 0 } else { digit_run.len() },
    })
}

/// A digit after 点 (two is 二 there, never 两: `两百点两` is two numbers).
fn has_decimal_after(chars: &[char], i: usize) -> bool {
    let mut i = i;
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    chars.get(i).is_some_and(|&c| (digit(c).is_some() && c != '两') || c.is_ascii_digit())
}
