//! The quantity lexicons, kept as data in `data/*.tsv` and compiled in.

use std::sync::LazyLock;

/// A currency word, its ISO 4217 code, and whether it comes before the number.
pub struct Currency {
    pub word: &'static str,
    pub code: &'static str,
    pub prefix: bool,
}

/// How a qualifier word bounds the quantity it stands beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// 约, 近, 左右: about.
    Approx,
    /// 超过, 逾, 以上: more than.
    Over,
    /// 至少, 不低于: at least.
    AtLeast,
    /// 不到, 低于, 以下: less than.
    Under,
    /// 不超过, 以内: at most.
    AtMost,
}

pub struct QualifierWord {
    pub word: &'static str,
    pub before: bool,
    pub meaning: Qualifier,
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect::<Vec<_>>())
}

/// Longest words first, so that alternations and prefix checks prefer them.
fn by_length_desc<T>(mut v: Vec<T>, word: impl Fn(&T) -> &str) -> Vec<T> {
    v.sort_by_key(|t| std::cmp::Reverse(word(t).chars().count()));
    v
}

pub static CURRENCIES: LazyLock<Vec<Currency>> = LazyLock::new(|| {
    let v = rows(include_str!("../../data/currencies.tsv"))
        .map(|r| Currency { word: r[0], code: r[1], prefix: r[2] == "prefix" })
        .collect();
    by_length_desc(v, |c| c.word)
});

pub static SCALES: LazyLock<Vec<(&'static str, i32)>> = LazyLock::new(|| {
    let v = rows(include_str!("../../data/scales.tsv"))
        .map(|r| (r[0], r[1].parse().expect("data/scales.tsv: bad power")))
        .collect();
    by_length_desc(v, |s| s.0)
});

pub static QUALIFIERS: LazyLock<Vec<QualifierWord>> = LazyLock::new(|| {
    let v = rows(include_str!("../../data/qualifiers.tsv"))
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

pub fn currency_code(word: &str, prefix: bool) -> Option<&'static str> {
    CURRENCIES.iter().find(|c| c.word == word && c.prefix == prefix).map(|c| c.code)
}

pub fn scale_power(word: &str) -> Option<i32> {
    SCALES.iter().find(|s| s.0 == word).map(|s| s.1)
}

/// A regex alternation of `words`, escaped, in the order given.
pub fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words.map(regex::escape).collect::<Vec<_>>().join("|")
}
