//! Table-driven corpus for the consistency checks: a text → the checks it yields,
//! as `check status stated implied`.

mod common;

use report::check::{Status, run};
use report::ingest::from_bytes;
use report::normalize::Document;

fn checks(text: &str) -> Vec<String> {
    let raw = from_bytes(std::path::Path::new("case.txt"), text.as_bytes()).unwrap();
    let doc = Document::from_raw(raw);
    let facts = report::extract::extract(&doc);
    run(&facts)
        .iter()
        .map(|c| {
            let status = if c.status == Status::Ok { "ok" } else { "warning" };
            let num = |x: Option<f64>| x.map_or("-".to_string(), |v| v.to_string());
            format!("{} {status} {} {}", c.check, num(c.stated), num(c.implied))
        })
        .collect()
}

#[test]
fn corpus() {
    let cases: &[(&str, &[&str])] = &[
        // a stated CAGR far from the one its values imply (the seed's global figures)
        (
            "全球某市场规模在2023年约为15.9亿美元，预计到2032年将达到840.1亿美元，年复合增长率达到79.8%。",
            &["cagr warning 79.8 55.4"],
        ),
        // within rounding: 165 → 624 over four years is 39.45%
        ("2024年中国某市场规模达到165亿元，预计到2028年将达到624亿元，复合增长率为40%。", &["cagr ok 40 39.45"]),
        // no values to compare with: nothing checked
        ("全球某市场将以25%的年复合增长率增长。", &[]),
        // a stated conversion in range (153.8 JPY per USD), and one out of it
        ("将提供至少10兆日元（约650亿美元）支持产业发展。", &["conversion ok 153.8462 -"]),
        ("将提供至少10兆日元（约6500亿美元）支持产业发展。", &["conversion warning 15.3846 -"]),
        ("投入1000亿元（约合140亿美元）。", &["conversion ok 7.1429 -"]),
        // a market size restated: its own conversion (0.1389 USD per CNY)
        ("2024年全球储能市场规模达到500亿美元（约合3600亿元人民币）。", &["conversion ok 0.1389 -"]),
        // the checks read facts: a restatement in a sentence that states none is not checked
        ("该项目的年收入为500万美元（约3600万元）。", &[]),
        // the same market and year with two values
        (
            "2024年中国储能市场规模达到165亿元。\u{c}2024年中国储能市场规模达到180亿元。",
            &["conflict warning 16500000000 18000000000"],
        ),
        // one figure, rounded once: no conflict
        ("2021年我国数字产业化规模达到8.4万亿元。\u{c}2021年我国数字产业化规模为8.35万亿元。", &[]),
        (
            "2021年我国数字产业化规模达到8.4万亿元。\u{c}2021年我国数字产业化规模为8.25万亿元。",
            &["conflict warning 8400000000000 8250000000000"],
        ),
        // the same statement twice (a summary and a chapter): no conflict
        ("2024年中国储能市场规模达到165亿元。\u{c}2024年中国储能市场规模达到165亿元。", &[]),
    ];
    common::table(cases, checks);
}

/// The seed report's own figures: its global CAGR is flagged, its China CAGR and its
/// yen conversion are not (where ../shared is present).
#[test]
fn seed_report_checks() {
    let Some(seed) = common::shared_file("seed_report_checks", "seeds/000_36ad174dc4a18480.txt") else { return };
    let analysis = report::pipeline::analyze(&seed, &Default::default()).unwrap();
    let got: Vec<(&str, Status, Option<f64>, Option<f64>)> =
        analysis.checks.iter().map(|c| (c.check, c.status, c.stated, c.implied)).collect();
    assert_eq!(
        got,
        [
            ("cagr", Status::Warning, Some(79.8), Some(55.4)),
            ("cagr", Status::Ok, Some(40.0), Some(39.45)),
            ("conversion", Status::Ok, Some(153.8462), None),
        ]
    );
}
