//! The canonical seed report (`../shared/seeds/`), where `../shared` is present:
//! exactly its facts. The only test file that holds the seed's own titles (its
//! policies, trends and challenges); every other test writes its sentences afresh.

mod common;

use common::render;
use report::pipeline;

/// The canonical seed report, where `../shared` is present (CI and developer
/// machines); the repo's own fixtures above cover the same rules without it.
#[test]
fn seed_report_gives_exactly_its_facts() {
    let Some(seed) = common::shared_file("seed_report_gives_exactly_its_facts", "seeds/000_36ad174dc4a18480.txt")
    else {
        return;
    };
    let facts = pipeline::analyze(&seed, &Default::default()).unwrap().facts;
    let got: Vec<String> = facts.iter().map(render).collect();
    let bri = "Business Research INSIGHTS";
    let frost = "Frost & Sullivan";
    let expected = [
        format!("source p1 | {bri} | -"),
        format!("market_size p1 | 2023 | global | 大型语言模型（LLM） | 1590000000 | USD | approx | actual | {bri}"),
        format!("market_size p1 | 2032 | global | 大型语言模型（LLM） | 84010000000 | USD | - | forecast | {bri}"),
        format!("cagr p1 | 79.8 | 2023 | 2032 | 大型语言模型（LLM） | global | {bri}"),
        // an international declaration in the table's first column: a policy of no
        // nation (Paris is where it was signed)
        "policy p1 | 关于发展包容、可持续的人工智能造福人类与地球的声明（即《巴黎人工智能宣言》） | - | - | - | - | -"
            .to_string(),
        // the national commitments: investments, not market sizes; the table lost the
        // countries, which come from a place name or the currency
        "investment p1 | US | place name | 星际之门 | 500000000000 | USD | - | - | - | - | 人工智能数据中心和绿色能源生产基地".to_string(),
        "investment p1 | GB | currency | 人工智能机遇行动计划 | 100000000 | GBP | over | - | - | - | 启动九个新的人工智能研究中心".to_string(),
        "investment p1 | EU | currency | Invest AI 计划 | 200000000000 | EUR | - | - | - | - | 建设四个AI超级工厂，支持欧洲AI初创企业及基础设施建设".to_string(),
        "source p1 | 赛迪智库 | 2025-03".to_string(),
        "investment p1 | JP | currency | - | 10000000000000 | JPY | at_least | 65000000000 | USD | 2030 | 支持半导体和人工智能产业发展".to_string(),
        format!("source p1 | {frost} | -"),
        format!("market_size p1 | 2024 | CN | 中国AI大模型 | 16500000000 | CNY | - | actual | {frost}"),
        format!("market_size p1 | 2028 | CN | 中国AI大模型 | 62400000000 | CNY | - | forecast | {frost}"),
        format!("cagr p1 | 40 | 2024 | 2028 | 中国AI大模型 | CN | {frost}"),
        // the provincial policy table, flattened line by line
        "policy p1 | 陕西省加快推动人工智能产业发展实施方案（2024-2026年） | 陕西省 | - | 2024-05 | 2024 | 2026".to_string(),
        "policy p1 | 广东省关于人工智能赋能千行百业若干措施 | 广东省 | - | 2024-05 | - | -".to_string(),
        "policy p1 | 湖南省人工智能产业发展三年行动计划（2024-2026年） | 湖南省 | - | 2024-09 | 2024 | 2026".to_string(),
        "policy p1 | 河南省人民政府办公厅关于印发河南省推动“人工智能+”行动计划（2024—2026年）的通知 | 河南省 | 河南省人民政府办公厅 | 2024-10 | 2024 | 2026"
            .to_string(),
        "policy p1 | 山东省人工智能产业科技创新行动计划（2025—2027年） | 山东省 | - | 2024-12 | 2025 | 2027".to_string(),
        "policy p1 | 上海市人民政府办公厅印发《关于人工智能“模塑申城”的实施方案》的通知 | 上海市 | 上海市人民政府办公厅 | 2024-12 | - | -".to_string(),
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
        // `热` / `点` broken over a blank line: a known failure, the title loses its
        // last character (see below)
        "融合应用发展趋势 | 个性化服务成为热点 | 0",
        "融合应用发展趋势 | 拓展服务场景 | 0",
    ];
    let challenges = [
        // three short lines beside the markers 1 2 3; the bullets around them do
        // not divide among them, so no points
        "重大挑战 | 大模型技术在数据-算法-算力领域尚存瓶颈 | 0",
        "重大挑战 | 大模型伦理安全仍是全球治理的重要挑战 | 0",
        "重大挑战 | 旺盛的大模型应用场景需求加剧人才供需矛盾 | 0",
    ];
    let mut expected: Vec<String> = expected
        .into_iter()
        .chain(trends.iter().map(|t| format!("trend p1 | {t}")))
        .chain(challenges.iter().map(|t| format!("challenge p1 | {t}")))
        .collect();
    // a law the data-trends text names in passing, with no verb issuing it (the EU's GDPR)
    let at = expected.iter().position(|f| f.ends_with("量子计算加快崛起 | 3")).expect("the trend") + 1;
    expected.insert(at, "policy p1 | 通用数据保护条例 | EU | - | - | - | -".to_string());
    let mut got = got;
    common::known_failures(
        "seed_report_gives_exactly_its_facts",
        &mut got,
        &[(
            "trend p1 | 融合应用发展趋势 | 个性化服务成为热点 | 0",
            "trend p1 | 融合应用发展趋势 | 个性化服务成为热 | 0",
        )],
    );
    assert_eq!(got, expected);
}
