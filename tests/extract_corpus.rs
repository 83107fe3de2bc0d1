//! Table-driven corpus for the extractors: each fixture report (as text and as
//! PDF) → exactly the facts expected, in order. The fixtures are written for this
//! repo with known figures; `fixtures/make_pdfs.py` renders the PDFs.

mod common;

use common::{fixture, render};
use report::extract::Fact;
use report::pipeline;

const AI_COMPUTE: &[&str] = &[
    "source p1 | IDC | 2025-06",
    "market_size p1 | 2024 | global | 全球智能算力 | 28000000000 USD | approx | actual | IDC",
    "market_size p1 | 2028 | global | 全球智能算力 | 96500000000 USD | exact | forecast | IDC",
    "cagr p1 | 36.2% | 2024-2028 | 全球智能算力 | global | IDC",
    // The clause about investment (投资超过300亿元) and the 1200亿美元 plan are not market
    // sizes: they are investments. 头部企业 are firms (元 names no actor for them), 某国
    // names no country, and USD names none either.
    "investment p1 | - | - | 30000000000 CNY | over | -",
    "investment p1 | - | - | 120000000000 USD | exact | -",
    "investment p1 | - | - | 5000000000 USD | at_least | -",
    "source p2 | 中国信通院 | 2025-06",
    "market_size p2 | 2024 | CN | 我国智能算力 | 120000000000 CNY | exact | actual | 中国信通院",
    "market_size p2 | 2027 | CN | 我国智能算力 | 260000000000 CNY | over | forecast | 中国信通院",
    "cagr p2 | 29.4% | 2024-2027 | 我国智能算力 | CN | 中国信通院",
    "source p2 | 中国信通院 | 2025-06",
    // 同比增长 is not a CAGR; 个百分点 is not a market size.
    "market_size p3 | 2024 | 广东省 | 广东省人工智能核心产业 | 220000000000 CNY | exact | actual | -",
];

const NEV: &[&str] = &[
    "source p1 | 中国汽车工业协会 | 2025-01",
    "market_size p1 | 2024 | global | 全球新能源汽车 | 580000000000 USD | approx | actual | 中国汽车工业协会",
    "market_size p1 | 2024 | CN | 中国新能源汽车 | 1200000000000 CNY | exact | actual | 中国汽车工业协会",
    "market_size p1 | 2030 | CN | 中国新能源汽车 | 3500000000000 CNY | exact | forecast | 中国汽车工业协会",
    "cagr p1 | 19.5% | 2024-2030 | 中国新能源汽车 | CN | 中国汽车工业协会",
    // 某车企: a firm's investment has no country
    "investment p1 | - | - | 50000000000 CNY | exact | -",
    // a plan named in running text (提出)
    "policy p1 | 新能源汽车产业发展规划（2021—2035年） | - | - | - | 2021-2035",
];

const ROBOTICS: &[&str] = &[
    "source p1 | 高工机器人产业研究所（GGII） | 2025-04",
    "market_size p1 | 2024 | CN | 中国人形机器人 | 2760000000 CNY | approx | actual | 高工机器人产业研究所（GGII）",
    "market_size p1 | 2030 | CN | 中国人形机器人 | 38000000000 CNY | approx | forecast | 高工机器人产业研究所（GGII）",
    "cagr p1 | 54.8% | 2024-2030 | 中国人形机器人 | CN | 高工机器人产业研究所（GGII）",
    // The rate stands before its keyword (以25%的年复合增长率) and no years frame it.
    "cagr p1 | 25% | --- | 全球服务机器人 | global | 高工机器人产业研究所（GGII）",
    "market_size p1 | 2030 | global | 全球服务机器人 | 120000000000 USD | exact | forecast | 高工机器人产业研究所（GGII）",
    // a section numbered like an item (`2. 发展趋势`) whose items are plain bullets
    "trend p1 | 发展趋势 | 具身智能加速落地，人形机器人进入量产元年 | 0 points",
    "trend p1 | 发展趋势 | 核心零部件国产化率持续提升 | 0 points",
];

/// Other layouts: investments as sentences, a policy table whose rows are lines
/// with the columns in another order, a `（一）` trend list, numbered challenges.
const SMART: &[&str] = &[
    "source p1 | 国家统计局、某研究院 | 2025-05",
    "market_size p1 | 2024 | CN | 我国智能制造装备 | 3200000000000 CNY | exact | actual | 国家统计局、某研究院",
    "market_size p1 | 2027 | CN | 我国智能制造装备 | 4500000000000 CNY | over | forecast | 国家统计局、某研究院",
    "cagr p1 | 12% | 2024-2027 | 我国智能制造装备 | CN | 国家统计局、某研究院",
    "market_size p1 | 2024 | global | 全球工业软件 | 510000000000 USD | approx | actual | 国家统计局、某研究院",
    "investment p2 | FR | - | 109000000000 EUR | exact | -",
    "investment p2 | JP | - | 10000000000000 JPY | at_least | -",
    "investment p2 | - | - | 20000000000 CNY | exact | -",
    "policy p3 | 关于推进智能制造高质量发展的指导意见 | CN | 工业和信息化部 | 2024-03 | ---",
    "policy p3 | 江苏省制造业智能化改造和数字化转型三年行动计划（2025-2027年） | 江苏省 | 江苏省人民政府 | 2024-07 | 2025-2027",
    "policy p3 | 广东省智能制造生态合作伙伴行动计划 | 广东省 | 广东省工业和信息化厅 | 2024-11 | ---",
    "source p3 | 各地政府网站、某研究院 | 2025-06",
    "trend p4 | 发展趋势 | 人工智能与制造深度融合 | 1 points",
    "trend p4 | 发展趋势 | 柔性制造成为主流 | 1 points",
    "trend p4 | 发展趋势 | 绿色低碳转型提速 | 1 points",
    "challenge p5 | 面临的挑战 | 核心工业软件依赖进口 | 1 points",
    "challenge p5 | 面临的挑战 | 复合型人才缺口较大 | 1 points",
    "challenge p5 | 面临的挑战 | 中小企业转型成本高 | 1 points",
];

fn facts(name: &str) -> Vec<Fact> {
    pipeline::analyze(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}")).facts
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
        let analysis = pipeline::analyze(&fixture(name)).unwrap();
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

/// The canonical seed report, where `../shared` is present (CI and developer
/// machines); the repo's own fixtures above cover the same rules without it.
#[test]
fn seed_report_gives_exactly_its_facts() {
    let Some(seed) = common::shared_file("seed_report_gives_exactly_its_facts", "seeds/000_36ad174dc4a18480.txt")
    else {
        return;
    };
    let facts = pipeline::analyze(&seed).unwrap().facts;
    let got: Vec<String> = facts.iter().map(render).collect();
    let bri = "Business Research INSIGHTS";
    let frost = "Frost & Sullivan";
    let expected = [
        format!("source p1 | {bri} | -"),
        format!("market_size p1 | 2023 | global | 大型语言模型（LLM） | 1590000000 USD | approx | actual | {bri}"),
        format!("market_size p1 | 2032 | global | 大型语言模型（LLM） | 84010000000 USD | exact | forecast | {bri}"),
        format!("cagr p1 | 79.8% | 2023-2032 | 大型语言模型（LLM） | global | {bri}"),
        // an international declaration in the table's first column: a policy of no
        // nation (Paris is where it was signed)
        "policy p1 | 关于发展包容、可持续的人工智能造福人类与地球的声明（即《巴黎人工智能宣言》） | - | - | - | ---"
            .to_string(),
        // the national commitments: investments, not market sizes; the table lost the
        // countries, which come from a place name or the currency
        "investment p1 | US | place name | 500000000000 USD | exact | 星际之门".to_string(),
        "investment p1 | GB | currency | 100000000 GBP | over | 人工智能机遇行动计划".to_string(),
        "investment p1 | EU | currency | 200000000000 EUR | exact | Invest AI 计划".to_string(),
        "source p1 | 赛迪智库 | 2025-03".to_string(),
        "investment p1 | JP | currency | 10000000000000 JPY | at_least | -".to_string(),
        format!("source p1 | {frost} | -"),
        format!("market_size p1 | 2024 | CN | 中国AI大模型 | 16500000000 CNY | exact | actual | {frost}"),
        format!("market_size p1 | 2028 | CN | 中国AI大模型 | 62400000000 CNY | exact | forecast | {frost}"),
        format!("cagr p1 | 40% | 2024-2028 | 中国AI大模型 | CN | {frost}"),
        // the provincial policy table, flattened line by line
        "policy p1 | 陕西省加快推动人工智能产业发展实施方案（2024-2026年） | 陕西省 | - | 2024-05 | 2024-2026".to_string(),
        "policy p1 | 广东省关于人工智能赋能千行百业若干措施 | 广东省 | - | 2024-05 | ---".to_string(),
        "policy p1 | 湖南省人工智能产业发展三年行动计划（2024-2026年） | 湖南省 | - | 2024-09 | 2024-2026".to_string(),
        "policy p1 | 河南省人民政府办公厅关于印发河南省推动“人工智能+”行动计划（2024—2026年）的通知 | 河南省 | 河南省人民政府办公厅 | 2024-10 | 2024-2026"
            .to_string(),
        "policy p1 | 山东省人工智能产业科技创新行动计划（2025—2027年） | 山东省 | - | 2024-12 | 2025-2027".to_string(),
        "policy p1 | 上海市人民政府办公厅印发《关于人工智能“模塑申城”的实施方案》的通知 | 上海市 | 上海市人民政府办公厅 | 2024-12 | ---".to_string(),
        "source p1 | 赛迪智库 | 2025-03".to_string(),
    ];
    let trends = [
        // 核心技术迭代演进: the 14 technology trends, in five layouts: a numbered row
        // under three columns of bullets, short lines beside a column of markers,
        // lead-in bullets, and heading bullets (twice)
        "核心技术迭代演进 | 异构计算深度融合 | 3",
        "核心技术迭代演进 | 边缘计算持续拓展 | 3",
        "核心技术迭代演进 | 量子计算加快崛起 | 3",
        "核心技术迭代演进 | 数据质量大幅提升 | 1",
        "核心技术迭代演进 | 跨领域数据融合加快 | 1",
        "核心技术迭代演进 | 合成数据应用增长 | 1",
        "核心技术迭代演进 | 数据安全与隐私保护加强 | 1",
        "核心技术迭代演进 | 高效注意力机制改进 | 1",
        "核心技术迭代演进 | 混合架构创新 | 1",
        "核心技术迭代演进 | 模型训练和优化技术进一步提升 | 1",
        "核心技术迭代演进 | 联邦学习算法持续优化 | 3",
        "核心技术迭代演进 | 认知架构与类脑智能模拟加快发展 | 3",
        "核心技术迭代演进 | 智能体的决策和学习机制将迎来显著变革 | 3",
        "核心技术迭代演进 | 具身智能感知与控制技术革新 | 3",
        // 融合应用发展趋势 is a trend section too: its numbered items
        "融合应用发展趋势 | AI 技术深度融入生产核心环节 | 2",
        "融合应用发展趋势 | 产业生态协同创新加速 | 2",
        "融合应用发展趋势 | 绿色制造与可持续发展 | 2",
        "融合应用发展趋势 | 智能交互全面升级 | 0",
        // `热` / `点` broken over a blank line: the title loses its last character
        "融合应用发展趋势 | 个性化服务成为热 | 0",
        "融合应用发展趋势 | 拓展服务场景 | 0",
    ];
    let challenges = [
        // three short lines beside the markers 1 2 3; the bullets around them do
        // not divide among them, so no points
        "重大挑战 | 大模型技术在数据-算法-算力领域尚存瓶颈 | 0",
        "重大挑战 | 大模型伦理安全仍是全球治理的重要挑战 | 0",
        "重大挑战 | 旺盛的大模型应用场景需求加剧人才供需矛盾 | 0",
    ];
    let expected: Vec<String> = expected
        .into_iter()
        .chain(trends.iter().map(|t| format!("trend p1 | {t} points")))
        .chain(challenges.iter().map(|t| format!("challenge p1 | {t} points")))
        .collect();
    assert_eq!(got, expected);
}
