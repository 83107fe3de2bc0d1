//! An exact decimal: the digits as written and a power of ten, so that
//! `15.9亿` is exactly 1 590 000 000 and never 1 590 000 000.000 000 2.

use serde::{Serialize, Serializer};
use std::fmt;

/// `digits × 10^exp`, with a sign. `digits` has no leading zeros ("0" for zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: String,
    exp: i32,
}

impl Decimal {
    /// Parses ASCII `[+-]?digits[.digits]`, ignoring `,` group separators.
    pub fn parse(s: &str) -> Option<Decimal> {
        let (negative, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let mut digits = String::with_capacity(body.len());
        let mut exp = 0i32;
        let mut seen_point = false;
        for c in body.chars() {
            match c {
                '0'..='9' => {
                    digits.push(c);
                    if seen_point {
                        exp -= 1;
                    }
                }
                '.' if !seen_point => seen_point = true,
                ',' if !seen_point => {}
                _ => return None,
            }
        }
        if digits.is_empty() {
            return None;
        }
        Some(Decimal::new(negative, digits, exp))
    }

    /// `±digits × 10^exp`; `digits` are ASCII digits.
    pub fn from_parts(negative: bool, digits: &str, exp: i32) -> Decimal {
        Decimal::new(negative, digits.to_string(), exp)
    }

    /// Significant digits as written, trailing zeros of the mantissa aside.
    pub fn significant_digits(&self) -> usize {
        self.digits.len()
    }

    /// Rounded half away from zero to `n` significant digits, exactly.
    pub fn round_significant(&self, n: usize) -> Decimal {
        let n = n.max(1);
        if self.digits.len() <= n {
            return self.clone();
        }
        let drop = self.digits.len() - n;
        let mut kept: Vec<u8> = self.digits.as_bytes()[..n].to_vec();
        if self.digits.as_bytes()[n] >= b'5' {
            let mut i = n;
            loop {
                if i == 0 {
                    kept.insert(0, b'1');
                    break;
                }
                i -= 1;
                if kept[i] == b'9' {
                    kept[i] = b'0';
                } else {
                    kept[i] += 1;
                    break;
                }
            }
        }
        let digits = String::from_utf8(kept).unwrap_or_default();
        Decimal::new(self.negative, digits, self.exp + drop as i32)
    }

    /// Whether the value is negative.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    fn new(negative: bool, digits: String, exp: i32) -> Decimal {
        let trimmed = digits.trim_start_matches('0');
        let mut digits = if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() };
        let mut exp = exp;
        while digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
            exp += 1;
        }
        let negative = negative && digits != "0";
        Decimal { negative, digits, exp }
    }

    /// This value times 10^`power`.
    pub fn scale(&self, power: i32) -> Decimal {
        Decimal::new(self.negative, self.digits.clone(), self.exp.saturating_add(power))
    }

    /// The nearest double.
    pub fn to_f64(&self) -> f64 {
        let sign = if self.negative { "-" } else { "" };
        format!("{sign}{}e{}", self.digits, self.exp).parse().unwrap_or(f64::NAN)
    }

    /// The value as an integer, when it is one and fits an i64.
    pub fn to_i64(&self) -> Option<i64> {
        if self.exp < 0 || self.exp > 18 {
            return None;
        }
        let magnitude: i64 = format!("{}{}", self.digits, "0".repeat(self.exp as usize)).parse().ok()?;
        Some(if self.negative { -magnitude } else { magnitude })
    }

    /// As JSON: an integer where the value is one a double holds exactly, else a
    /// number where the double prints back as the same decimal, else a string.
    pub fn to_json(&self) -> serde_json::Value {
        if let Some(i) = self.to_i64().filter(|i| i.unsigned_abs() <= 1 << 53) {
            return serde_json::Value::from(i);
        }
        let f = self.to_f64();
        match Decimal::parse(&format!("{f}")) {
            Some(back) if back == *self && f.is_finite() => serde_json::Value::from(f),
            _ => serde_json::Value::from(self.to_string()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        if self.exp >= 0 {
            write!(f, "{}{}", self.digits, "0".repeat(self.exp as usize))
        } else {
            let point = self.digits.len() as i64 + self.exp as i64;
            if point > 0 {
                let (a, b) = self.digits.split_at(point as usize);
                write!(f, "{a}.{b}")
            } else {
                write!(f, "0.{}{}", "0".repeat((-point) as usize), self.digits)
            }
        }
    }
}

/// In JSON a decimal is a number where a double holds it exactly, else its exact
/// decimal text.
impl schemars::JsonSchema for Decimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact decimal: a JSON number written with all its digits (read it as a decimal to keep them)",
            "type": "number"
        })
    }
}

/// A JSON number with the exact decimal digits, however many (JSON numbers have no
/// precision limit): `1590000000`, `79.8`, `123456789012345678901234567890`. Readers
/// that want every digit read it as a decimal (DuckDB: `DECIMAL(38, 6)`; Python:
/// `json.loads(s, parse_float=decimal.Decimal)`).
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match serde_json::value::RawValue::from_string(self.to_string()) {
            Ok(raw) => raw.serialize(s),
            Err(_) => self.to_json().serialize(s),
        }
    }
}
