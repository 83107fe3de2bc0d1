//! Table-driven corpus for the extractors: each fixture report (as text and as
//! PDF) → exactly the facts expected, in order. The fixtures are written for this
//! repo with known figures; `fixtures/make_pdfs.py` renders the PDFs.

mod common;

use common::{fixture, render};
use report::extract::Fact;
use report::pipeline;

const AI_COMPUTE: &[&str] = &[
    "source p1 | IDC | 2025-06",
    "market_size p1 | 2024 | global | 全球智能算力 | 28000000000 | USD | approx | actual | IDC",
    "market_size p1 | 2028 | global | 全球智能算力 | 96500000000 | USD | - | forecast | IDC",
    "cagr p1 | 36.2 | 2024 | 2028 | 全球智能算力 | global | IDC",
    // The clause about investment (投资超过300亿元) and the 1200亿美元 plan are not market
    // sizes: they are investments. 头部企业 are firms (元 names no actor for them), 某国
    // names no country, and USD names none either.
    "investment p1 | - | - | - | 30000000000 | CNY | over | - | - | - | 建设智算中心",
    "investment p1 | - | - | - | 120000000000 | USD | - | - | - | - | 建设算力基础设施",
    "investment p1 | - | - | - | 5000000000 | USD | at_least | - | - | - | 补贴",
    "source p2 | 中国信通院 | 2025-06",
    "market_size p2 | 2024 | CN | 我国智能算力 | 120000000000 | CNY | - | actual | 中国信通院",
    "market_size p2 | 2027 | CN | 我国智能算力 | 260000000000 | CNY | over | forecast | 中国信通院",
    "cagr p2 | 29.4 | 2024 | 2027 | 我国智能算力 | CN | 中国信通院",
    "source p2 | 中国信通院 | 2025-06",
    // 同比增长 is not a CAGR; 个百分点 is not a market size.
    "market_size p3 | 2024 | 广东省 | 广东省人工智能核心产业 | 220000000000 | CNY | - | actual | -",
];

const NEV: &[&str] = &[
    "source p1 | 中国汽车工业协会 | 2025-01",
    "market_size p1 | 2024 | global | 全球新能源汽车 | 580000000000 | USD | approx | actual | 中国汽车工业协会",
    "market_size p1 | 2024 | CN | 中国新能源汽车 | 1200000000000 | CNY | - | actual | 中国汽车工业协会",
    "market_size p1 | 2030 | CN | 中国新能源汽车 | 3500000000000 | CNY | - | forecast | 中国汽车工业协会",
    "cagr p1 | 19.5 | 2024 | 2030 | 中国新能源汽车 | CN | 中国汽车工业协会",
    // 某车企: a firm's investment has no country
    "investment p1 | - | - | - | 50000000000 | CNY | - | - | - | - | 建设电池工厂",
    // a plan named in running text (提出)
    "policy p1 | 新能源汽车产业发展规划（2021—2035年） | - | - | - | 2021 | 2035",
];

const ROBOTICS: &[&str] = &[
    "source p1 | 高工机器人产业研究所（GGII） | 2025-04",
    "market_size p1 | 2024 | CN | 中国人形机器人 | 2760000000 | CNY | approx | actual | 高工机器人产业研究所（GGII）",
    "market_size p1 | 2030 | CN | 中国人形机器人 | 38000000000 | CNY | approx | forecast | 高工机器人产业研究所（GGII）",
    "cagr p1 | 54.8 | 2024 | 2030 | 中国人形机器人 | CN | 高工机器人产业研究所（GGII）",
    // The rate stands before its keyword (以25%的年复合增长率) and no years frame it.
    "cagr p1 | 25 | - | - | 全球服务机器人 | global | 高工机器人产业研究所（GGII）",
    "market_size p1 | 2030 | global | 全球服务机器人 | 120000000000 | USD | - | forecast | 高工机器人产业研究所（GGII）",
    // a section numbered like an item (`2. 发展趋势`) whose items are plain bullets
    "trend p1 | 发展趋势 | 具身智能加速落地，人形机器人进入量产元年 | 0",
    "trend p1 | 发展趋势 | 核心零部件国产化率持续提升 | 0",
];

/// Other layouts: investments as sentences, a policy table whose rows are lines
/// with the columns in another order, a `（一）` trend list, numbered challenges.
const SMART: &[&str] = &[
    "source p1 | 国家统计局、某研究院 | 2025-05",
    "market_size p1 | 2024 | CN | 我国智能制造装备 | 3200000000000 | CNY | - | actual | 国家统计局、某研究院",
    "market_size p1 | 2027 | CN | 我国智能制造装备 | 4500000000000 | CNY | over | forecast | 国家统计局、某研究院",
    "cagr p1 | 12 | 2024 | 2027 | 我国智能制造装备 | CN | 国家统计局、某研究院",
    "market_size p1 | 2024 | global | 全球工业软件 | 510000000000 | USD | approx | actual | 某研究院",
    "investment p2 | FR | - | - | 109000000000 | EUR | - | - | - | - | 建设人工智能基础设施",
    "investment p2 | JP | - | - | 10000000000000 | JPY | at_least | 65000000000 | USD | 2030 | 支持半导体与人工智能产业",
    "investment p2 | - | - | - | 20000000000 | CNY | - | - | - | - | 建设智能工厂",
    "policy p3 | 关于推进智能制造高质量发展的指导意见 | CN | 工业和信息化部 | 2024-03 | - | -",
    "policy p3 | 江苏省制造业智能化改造和数字化转型三年行动计划（2025-2027年） | 江苏省 | 江苏省人民政府 | 2024-07 | 2025 | 2027",
    "policy p3 | 广东省智能制造生态合作伙伴行动计划 | 广东省 | 广东省工业和信息化厅 | 2024-11 | - | -",
    "source p3 | 各地政府网站、某研究院 | 2025-06",
    "trend p4 | 发展趋势 | 人工智能与制造深度融合 | 1",
    "trend p4 | 发展趋势 | 柔性制造成为主流 | 1",
    "trend p4 | 发展趋势 | 绿色低碳转型提速 | 1",
    "challenge p5 | 面临的挑战 | 核心工业软件依赖进口 | 1",
    "challenge p5 | 面临的挑战 | 复合型人才缺口较大 | 1",
    "challenge p5 | 面临的挑战 | 中小企业转型成本高 | 1",
];

fn facts(name: &str) -> Vec<Fact> {
    pipeline::analyze(&fixture(name), &Default::default()).unwrap_or_else(|e| panic!("{name}: {e}")).facts
}

fn check(name: &str, expected: &[&str]) {
    let got: Vec<String> = facts(name).iter().map(render).collect();
    assert_eq!(got, expected, "{name}: facts differ (left: got)");
}

#[test]
fn ai_compute_text() {
    check("ai-compute-2025.txt", AI_COMPUTE);
}

#[test]
fn ai_compute_pdf() {
    check("ai-compute-2025.pdf", AI_COMPUTE);
}

#[test]
fn nev_gbk_text() {
    check("nev-market-gbk.txt", NEV);
}

#[test]
fn nev_pdf() {
    check("nev-market-gbk.pdf", NEV);
}

#[test]
fn robotics_text() {
    check("robotics-2025.txt", ROBOTICS);
}

#[test]
fn robotics_pdf() {
    check("robotics-2025.pdf", ROBOTICS);
}

#[test]
fn smart_manufacturing_text() {
    check("smart-manufacturing-2025.txt", SMART);
}

#[test]
fn smart_manufacturing_pdf() {
    check("smart-manufacturing-2025.pdf", SMART);
}

/// Evidence offsets are char offsets into the text `report text` prints; the quote
/// is exactly that slice, and the page is the page the slice is on.
#[test]
fn evidence_points_into_the_normalized_text() {
    for name in [
        "ai-compute-2025.txt",
        "ai-compute-2025.pdf",
        "nev-market-gbk.txt",
        "robotics-2025.pdf",
        "smart-manufacturing-2025.txt",
        "smart-manufacturing-2025.pdf",
    ] {
        let analysis = pipeline::analyze(&fixture(name), &Default::default()).unwrap();
        let chars: Vec<char> = analysis.document.text.chars().collect();
        for fact in &analysis.facts {
            let e = fact.evidence();
            let slice: String = chars[e.start..e.end].iter().collect();
            assert_eq!(slice, e.quote, "{name}: {fact:?}");
            let form_feeds_before = chars[..e.start].iter().filter(|&&c| c == '\u{c}').count();
            assert_eq!(e.page, form_feeds_before + 1, "{name}: page of {:?}", e.quote);
        }
    }
}
