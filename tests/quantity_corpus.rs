//! Table-driven corpus for the quantity layer: `input → expected quantities`.
//! Each row lists every quantity the scanner must find in the input, in order,
//! written as `kind value [unit] [qualifier]`; dates as ISO text, ranges as `from-to`.

use report::quantity::{Quantity, Value, scan};

fn render(q: &Quantity) -> String {
    let base = match &q.value {
        Value::Number { value } => format!("number {value}"),
        Value::Money { value, currency } => format!("money {value} {currency}"),
        Value::Percent { value } => format!("percent {value}"),
        Value::PercentagePoints { value } => format!("pp {value}"),
        Value::Year { year } => format!("year {year}"),
        Value::YearRange { from, to } => format!("years {from}-{to}"),
        v @ Value::Date { .. } => format!("date {}", v.iso_date().unwrap()),
    };
    match q.qualifier {
        Some(qual) => format!("{base} {}", serde_json::to_value(qual).unwrap().as_str().unwrap()),
        None => base,
    }
}

fn check(cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got: Vec<String> = scan(input).iter().map(render).collect();
        if got != *expected {
            failures.push(format!("{input:?}\n  expected {expected:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn money_with_scale_words() {
    check(&[
        ("价值约为15.9亿美元", &["money 1590000000 USD approx"]),
        ("将达到840.1亿美元", &["money 84010000000 USD"]),
        ("市场规模达到165亿元", &["money 16500000000 CNY"]),
        ("总计 2000亿欧元", &["money 200000000000 EUR"]),
        ("斥资逾1亿英镑", &["money 100000000 GBP over"]),
        ("至少10兆日元（约650亿美元）", &["money 10000000000000 JPY at_least", "money 65000000000 USD approx"]),
        ("营收1,100.9亿元人民币", &["money 110090000000 CNY"]),
        ("规模达1.5万亿元", &["money 1500000000000 CNY"]),
        ("投资3千万元", &["money 30000000 CNY"]),
        ("超过300多亿元", &["money 30000000000 CNY over"]),
        ("300多亿元", &["money 30000000000 CNY over"]),
        ("$84.01 billion", &["money 84010000000 USD"]),
        ("USD 5 billion", &["money 5000000000 USD"]),
        ("RMB 16.5bn", &["money 16500000000 CNY"]),
        ("融资5000万美元左右", &["money 50000000 USD approx"]),
        ("收入不到2亿港元", &["money 200000000 HKD under"]),
        // the currency written once for a series
        ("规模从27.2万亿增至45.5万亿元", &["money 27200000000000 CNY", "money 45500000000000 CNY"]),
        ("营收3亿-5亿美元", &["money 300000000 USD", "money 500000000 USD"]),
        ("用户从3亿增至5亿人", &["number 300000000", "number 500000000"]),
    ]);
}

#[test]
fn percentages_and_points() {
    check(&[
        ("年复合增长率达到79.8%", &["percent 79.8"]),
        ("复合增长率为40%。", &["percent 40"]),
        ("增长超过了30%", &["percent 30 over"]),
        ("占比25%以上", &["percent 25 over"]),
        ("提高3个百分点", &["pp 3"]),
        ("下降-2.5%", &["percent -2.5"]),
        ("千分比3‰", &["percent 0.3"]),
    ]);
}

#[test]
fn years_ranges_and_dates() {
    check(&[
        ("2024年中国AI大模型市场", &["year 2024"]),
        ("（2024-2026年）", &["years 2024-2026"]),
        ("（2024—2026年）", &["years 2024-2026"]),
        ("2021-23年", &["years 2021-2023"]),
        ("2023年-2032年", &["years 2023-2032"]),
        ("2024.05 加快", &["date 2024-05"]),
        ("赛迪智库整理，2025年3月", &["date 2025-03"]),
        ("2024年5月3日发布", &["date 2024-05-03"]),
        ("将在2030财年前", &["year 2030"]),
        ("2024E 收入", &["year 2024"]),
        ("2023A", &["year 2023"]),
    ]);
}

#[test]
fn plain_numbers_and_non_quantities() {
    check(&[
        ("8大门类", &["number 8"]),
        ("未来10年", &["number 10"]),
        ("1,100.9", &["number 1100.9"]),
        ("建设200兆瓦光伏", &["number 200"]),
        ("2023 2032", &["number 2023", "number 2032"]),
        ("四川", &[]),
        ("一切", &[]),
    ]);
}

#[test]
fn spans_cover_the_quantity_only() {
    let text = "约为15.9亿美元，";
    let q = &scan(text)[0];
    assert_eq!(&text[q.start..q.end], "15.9亿美元");
    let text = "2023年的价值";
    let q = &scan(text)[0];
    assert_eq!(&text[q.start..q.end], "2023年");
    let text = "未来10年";
    let q = &scan(text)[0];
    assert_eq!(&text[q.start..q.end], "10");
}
