//! Table-driven corpus for normalization: raw page text → normalized text.

mod common;

use report::ingest::{Format, RawDocument};
use report::normalize::Document;

fn doc(pages: &[&str]) -> Document {
    Document::from_raw(RawDocument {
        path: "t".into(),
        sha256: String::new(),
        format: Format::Text,
        encoding: Some("utf-8"),
        pages: pages.iter().map(|p| p.to_string()).collect(),
        words: vec![],
        failed_pages: vec![],
        page_boxes: vec![],
        diagnostics: Default::default(),
    })
}

fn normalize(raw: &str) -> String {
    doc(&[raw]).text
}

#[test]
fn corpus() {
    let cases: &[(&str, &str)] = &[
        // width folding
        ("年复合增长率达到79.8％。", "年复合增长率达到79.8%。"),
        ("１６．５亿元", "16.5亿元"),
        ("１，１００．９亿元", "1,100.9亿元"),
        ("你好，世界．", "你好，世界．"),
        ("增长10，2024年", "增长10，2024年"),
        ("ＡＩ大模型", "AI大模型"),
        ("全角\u{3000}空格", "全角 空格"),
        // line rejoining
        ("年复合\n增长率达到79.8％。", "年复合增长率达到79.8%。"),
        ("Business\nResearch INSIGHTS", "Business Research INSIGHTS"),
        ("2024-\n2026年", "2024-2026年"),
        ("第一句。\n第二句", "第一句。\n第二句"),
        ("规模达到\n\n1,200亿元", "规模达到1,200亿元"),
        ("预计达到3.5万亿元，\n\n年均增长", "预计达到3.5万亿元，年均增长"),
        ("建立完善\n\n的数据标准", "建立完善的数据标准"),
        ("数据质量大幅提升\n\n跨领域数据融合加快", "数据质量大幅提升\n\n跨领域数据融合加快"),
        // a full line ending in a verb a figure follows goes on past a blank line into
        // the figure; a short one, or a line ending otherwise, does not
        (
            "2023年全国智能网联汽车销售额达到1.2万亿元，比上年增长\n\n21.5%，增速加快3.1个百分点。",
            "2023年全国智能网联汽车销售额达到1.2万亿元，比上年增长21.5%，增速加快3.1个百分点。",
        ),
        ("比上年增长\n\n21.5%，增速加快。", "比上年增长\n\n21.5%，增速加快。"),
        (
            "2023年全国智能网联汽车销售额达到1.2万亿元，规模持续扩大\n\n2024.05 政策发布",
            "2023年全国智能网联汽车销售额达到1.2万亿元，规模持续扩大\n\n2024.05 政策发布",
        ),
        // a numbered title keeps its line: the paragraph after it is its body, not
        // its continuation; a short fragment after it is the rest of the title
        (
            "（二）夯实数字基础设施根基，打通信息“大动脉”\n\n加快建设高速泛在、天地一体、云网融合、智能敏捷、绿色低碳、安全可控的\n\n数字基础设施。",
            "（二）夯实数字基础设施根基，打通信息“大动脉”\n\n加快建设高速泛在、天地一体、云网融合、智能敏捷、绿色低碳、安全可控的数字基础设施。",
        ),
        ("（一）完善治理体系\n加强监管。", "（一）完善治理体系\n加强监管。"),
        ("1. AI 技术深度融\n入生产核心环节", "1. AI 技术深度融入生产核心环节"),
        ("• 第一项\n• 第二项", "• 第一项\n• 第二项"),
        ("数据来源：IDC\n全球市场", "数据来源：IDC\n全球市场"),
        ("规模达到\n1.5万亿元", "规模达到1.5万亿元"),
        ("01\n02", "01\n02"),
        // bullets
        ("p 近年来，全球", "• 近年来，全球"),
        ("n 高效注意力机制", "• 高效注意力机制"),
        ("Ø 从数据看", "• 从数据看"),
        ("u 2024年9月创刊", "• 2024年9月创刊"),
        ("l 人才", "• 人才"),
        ("•异构计算", "• 异构计算"),
        ("pandas 很好", "pandas 很好"),
        ("p value", "p value"),
        // spaces
        ("与 海 洋 的 宣 言 》 （ 即", "与海洋的宣言》（即"),
        ("文件名称 印发日期 主要内容", "文件名称 印发日期 主要内容"),
        ("总计 2000 亿欧元", "总计 2000亿欧元"),
        ("Invest AI 计划", "Invest AI 计划"),
        // page numbers
        ("赛迪智库整理，2025年3月5", "赛迪智库整理，2025年3月\n5"),
        ("赛迪智库整理，2025年3月", "赛迪智库整理，2025年3月"),
        ("3.绿色制造与可\n持续发展  13", "3.绿色制造与可持续发展\n13"),
        ("智能\n10\n二核心技术", "智能\n10\n二核心技术"),
        // control characters
        ("a\r\nb", "a b"),
        // between two figures a control char kept apart, they stay apart
        ("2021\u{0}2035年", "2021 2035年"),
        ("第3\u{7}章", "第3章"),
    ];
    common::table(cases, normalize);
}

#[test]
fn pages_are_joined_by_form_feeds_and_lone_numbers_at_page_edges_stay_apart() {
    let d = doc(&["第一页内容\n3", "12\n第二页内容"]);
    assert_eq!(d.text, "第一页内容\n3\u{c}12\n第二页内容");
    assert_eq!(d.pages.len(), 2);
    assert_eq!((d.pages[1].number, d.page_of(d.pages[1].start)), (2, 2));
    assert_eq!(d.page_of(0), 1);
}

#[test]
fn offsets_map_back_to_the_raw_text() {
    // raw: 年 复 合 \n 增 ...; normalized: 年复合增长率 — 增 (char 3) came from raw char 4.
    let d = doc(&["年复合\n增长率１６％"]);
    assert_eq!(d.text, "年复合增长率16%");
    assert_eq!(d.original_offset(2), Some(2));
    assert_eq!(d.original_offset(3), Some(4));
    assert_eq!(d.original_offset(6), Some(7));
    // on page 2, offsets continue after page 1 and its form feed
    let d = doc(&["甲", "乙"]);
    assert_eq!(d.original_offset(2), Some(2));
}

#[test]
fn char_offsets_are_exact_across_checkpoints() {
    // Long mixed-width text: byte → char conversion must agree with a plain count.
    let text: String = (0..3000).map(|i| if i % 3 == 0 { "市场规模a\n" } else { "ab，" }).collect();
    let d = doc(&[&text]);
    for (b, _) in d.text.char_indices().step_by(97) {
        assert_eq!(d.char_offset(b), d.text[..b].chars().count(), "byte {b}");
    }
    assert_eq!(d.char_offset(d.text.len()), d.text.chars().count());
}
