//! Table-driven corpus for the quantity layer: `input → expected quantities`.
//! Each row lists every quantity the scanner must find in the input, in order,
//! written as `kind value [unit] [qualifier]`; dates as ISO text, ranges as `from-to`.

mod common;

use report::quantity::{Quantity, Value, scan};

fn render(q: &Quantity) -> String {
    let mut base = match &q.value {
        Value::Number { value } => format!("number {value}"),
        Value::Money { value, currency } => format!("money {value} {currency}"),
        Value::Percent { value } => format!("percent {value}"),
        Value::PercentagePoints { value } => format!("pp {value}"),
        Value::Year { year } => format!("year {year}"),
        Value::YearRange { from, to } => format!("years {from}-{to}"),
        v @ Value::Date { .. } => format!("date {}", v.iso_date().unwrap()),
        Value::PartOfYear { year, part, of } => {
            format!("part {}{}/{of}", year.map_or(String::new(), |y| format!("{y} ")), part)
        }
        Value::Years { years, relative } => format!("years {years}{}", relative.map_or("", |_| " relative")),
    };
    if let Some(upper) = &q.upper {
        base = format!("{base}..{upper}");
    }
    match q.qualifier {
        Some(qual) => format!("{base} {}", serde_json::to_value(qual).unwrap().as_str().unwrap()),
        None => base,
    }
}

fn check(cases: &[(&str, &[&str])]) {
    common::table(cases, |input: &str| scan(input).iter().map(render).collect::<Vec<String>>());
}

#[test]
fn money_with_scale_words() {
    check(&[
        ("价值约为15.9亿美元", &["money 1590000000 USD approx"]),
        // a span glued to the rate it spans is a span, not a name
        ("2022-2025CAGR约为5%", &["years 2022-2025", "percent 5 approx"]),
        // a section scale counted with 个: the spoken 3个亿 is 3亿
        ("投资人民币3个亿建设工厂", &["money 300000000 CNY"]),
        ("两个亿元的订单", &["money 200000000 CNY"]),
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
        ("未来10年", &["years 10 relative"]),
        ("1,100.9", &["number 1100.9"]),
        ("建设200兆瓦光伏", &["number 200"]),
        ("2023 2032", &["number 2023", "number 2032"]),
        ("四川", &[]),
        // 三角 is 0.3 yuan, but not in 长三角, 珠三角, 长江三角洲
        ("长三角人工智能产业", &[]),
        ("珠三角地区", &[]),
        ("长江三角洲", &[]),
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
    assert_eq!(&text[q.start..q.end], "10年");
}

#[test]
fn chinese_numerals() {
    check(&[
        ("一万五千亿元", &["money 1500000000000 CNY"]),
        ("三十七个城市", &["number 37"]),
        ("一千零八十", &["number 1080"]),
        ("两千三百万", &["number 23000000"]),
        ("十二", &["number 12"]),
        ("一百二", &["number 120"]),
        ("三万五", &["number 35000"]),
        ("七十九点八", &["number 79.8"]),
        ("三点一四一五", &["number 3.1415"]),
        ("零点零五", &["number 0.05"]),
        ("两千三点五", &["number 2300.5"]),
        ("一万亿", &["number 1000000000000"]),
        ("五亿三千万", &["number 530000000"]),
        ("四万万", &["number 400000000"]),
        ("廿三", &["number 23"]),
        ("卅六", &["number 36"]),
        ("负十五", &["number -15"]),
        // financial and traditional forms
        ("贰佰叁拾肆", &["number 234"]),
        ("壹仟零伍拾", &["number 1050"]),
        ("兩萬五千", &["number 25000"]),
        ("參億", &["number 300000000"]),
        // digit by digit
        ("二零二三", &["number 2023"]),
        ("二〇二四年", &["year 2024"]),
        // spaced
        ("八千 三百 八十五 万", &["number 83850000"]),
        ("一 百 二 十", &["number 120"]),
    ]);
}

#[test]
fn mixed_numerals() {
    check(&[
        ("1.5万亿元", &["money 1500000000000 CNY"]),
        ("3千万", &["number 30000000"]),
        ("200亿零四千230", &["number 20000004230"]),
        ("1万600", &["number 10600"]),
        ("100万三千", &["number 1003000"]),
        ("12万 3千", &["number 123000"]),
        ("-10.1万", &["number -101000"]),
        ("1,100.9亿", &["number 110090000000"]),
        ("２．５万", &["number 25000"]),
    ]);
}

#[test]
fn fractions_and_powers() {
    check(&[
        ("四分之三", &["number 0.75"]),
        ("十分之一", &["number 0.1"]),
        ("８分之100", &["number 12.5"]),
        ("一千分之五", &["number 0.005"]),
        ("二又四分之一", &["number 2.25"]),
        // exact or none: a third has no finite decimal, so no part of it is a number
        ("三分之一", &[]),
        ("约有七分之二的企业", &[]),
        ("三又三分之一", &[]),
        ("7/4", &["number 1.75"]),
        ("-1/8", &["number -0.125"]),
        ("2 1/4", &["number 2.25"]),
        ("3^4", &["number 81"]),
        ("10^-2", &["number 0.01"]),
        ("4.5e3", &["number 4500"]),
    ]);
}

#[test]
fn approximations() {
    check(&[
        ("二十余万人", &["number 200000 over"]),
        ("三千多万", &["number 30000000 over"]),
        ("七百多", &["number 700 over"]),
        ("三十几亿", &["number 3000000000 over"]),
        ("800余亿元", &["money 80000000000 CNY over"]),
        ("二三十家", &["number 20..30"]),
        ("三五百", &["number 300..500"]),
    ]);
}

#[test]
fn chinese_percent_forms() {
    check(&[
        ("百分之七十九点八", &["percent 79.8"]),
        ("百分之十二", &["percent 12"]),
        ("千分之五", &["percent 0.5"]),
        ("万分之三", &["percent 0.03"]),
        ("百 分 之 12.5", &["percent 12.5"]),
        ("六成", &["percent 60"]),
        ("四成半", &["percent 45"]),
        ("8.5成", &["percent 85"]),
        ("打八折", &["percent 80"]),
        ("85折", &["percent 85"]),
        ("打对折", &["percent 50"]),
        ("二点五个百分点", &["pp 2.5"]),
        ("1.2 个百分点", &["pp 1.2"]),
        // spans of percent are no single value
        ("百分之三四十", &[]),
        ("三四十个百分点", &[]),
        // 成 and 折 in words
        ("成为行业龙头", &[]),
        ("折合人民币", &[]),
    ]);
}

#[test]
fn chinese_money() {
    check(&[
        ("五百元", &["money 500 CNY"]),
        ("三十美元", &["money 30 USD"]),
        ("十二元五角", &["money 12.5 CNY"]),
        ("8元3角5分", &["money 8.35 CNY"]),
        ("三毛五", &["money 0.35 CNY"]),
        ("一块五", &["money 1.5 CNY"]),
        ("九角", &["money 0.9 CNY"]),
        ("两美元又五美分", &["money 2.05 USD"]),
        ("人民币100亿元", &["money 10000000000 CNY"]),
        ("港币二十", &["money 20 HKD"]),
        ("5000万欧元", &["money 50000000 EUR"]),
        ("300亿日元", &["money 30000000000 JPY"]),
        ("2亿韩元", &["money 200000000 KRW"]),
        // 元, 角, 块, 分 in words that are not money
        ("元宇宙", &[]),
        ("三元锂电池与铁锂并行", &[]),
        ("二元结构", &[]),
        ("一元化管理", &[]),
        ("五元。", &["money 5 CNY"]),
        ("五角星", &[]),
        ("三块屏幕", &["number 3"]),
        ("五分钟", &[]),
        ("第三季度", &["part 3/4"]),
    ]);
}

#[test]
fn words_that_look_like_numbers() {
    check(&[
        ("四川省", &["number 0"; 0]),
        ("一切正常", &[]),
        ("一些企业", &[]),
        ("统一大市场", &[]),
        ("万一发生", &[]),
        ("三星电子", &[]),
        ("十分重要", &[]),
        ("登陆火星", &[]),
        ("九九归一", &[]),
        ("万元", &[]),
        // a lone numeral after 是 is a word like any other; one standing alone is a number
        ("答案是七", &[]),
        ("“三”", &["number 3"]),
        // 份 is a classifier: two copies, not the Cantonese fraction 二份一 = 1/2
        ("签署二份一揽子协议", &["number 2"]),
    ]);
}

#[test]
fn named_periods_and_urls() {
    check(&[
        ("2024年上半年", &["part 2024 1/2"]),
        ("下半年", &["part 2/2"]),
        ("2025Q3", &["part 2025 3/4"]),
        ("第四季度", &["part 4/4"]),
        ("2023H1", &["part 2023 1/2"]),
        ("未来四年", &["years 4 relative"]),
        ("近五年", &["years -5 relative"]),
        ("三年", &["years 3"]),
        ("2019-2025 CAGR", &["years 2019-2025"]),
        ("2022-2027E", &["years 2022-2027"]),
        ("5-20%", &["percent 5..20"]),
        ("10%-15%", &["percent 10..15"]),
        // digits inside identifiers are no quantities
        ("USB3.0 Q1W 5G", &[]),
        ("十四五期间", &["years 2021-2025"]),
        ("“十三五”时期", &["years 2016-2020"]),
        ("详见 https://example.com/report?id=2024&p=30%", &[]),
    ]);
}

#[test]
fn hostile_input_gives_an_answer_or_none() {
    let long = "7".repeat(10_000);
    let q = scan(&long);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].value, Value::Number { value: report::quantity::Decimal::parse(&long).unwrap() });
    assert_eq!((q[0].start, q[0].end), (0, 10_000));
    for text in [
        "亿亿亿亿亿",
        "九".repeat(300).as_str(),
        "零".repeat(500).as_str(),
        "万万万万万万",
        "2^999",
        "1e9999",
        "0分之1",
    ] {
        let _ = scan(text);
    }
    assert!(scan("亿亿亿亿亿").is_empty());
    assert!(scan(&"九".repeat(300)).is_empty());
}

#[test]
fn decimal_rounding_is_exact() {
    use report::quantity::Decimal;
    let d = |s: &str| Decimal::parse(s).unwrap();
    assert_eq!(d("8350000000000").round_significant(2), d("8400000000000"));
    assert_eq!(d("8.35").round_significant(2).to_string(), "8.4");
    assert_eq!(d("8.349").round_significant(2).to_string(), "8.3");
    assert_eq!(d("999.5").round_significant(3).to_string(), "1000");
    assert_eq!(d("-2.55").round_significant(2).to_string(), "-2.6");
    assert_eq!(d("84000000000").significant_digits(), 2);
}
