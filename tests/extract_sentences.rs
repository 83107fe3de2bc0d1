//! Table-driven corpus for the extraction rules, sentence by sentence: a short text
//! → exactly the facts it holds. Each case is a pattern seen in real reports,
//! written afresh for this repo.

mod common;

use common::render;
use report::extract::extract;
use report::ingest::from_bytes;
use report::normalize::Document;

fn facts(text: &str) -> Vec<String> {
    let raw = from_bytes(std::path::Path::new("case.txt"), text.as_bytes()).unwrap();
    extract(&Document::from_raw(raw)).iter().map(render).collect()
}

fn check(cases: &[(&str, &[&str])]) {
    common::table(cases, facts);
}

#[test]
fn market_sizes() {
    check(&[
        // a noun restating what the amount measures may stand between (价值, 产值, 总额)
        (
            "全球智能手表的市场规模在2022年的总值约为800亿美元。",
            &["market_size p1 | 2022 | global | 全球智能手表 | 80000000000 | USD | approx | actual | -"],
        ),
        // the year of a sentence ended by ； goes on into the next (one sentence cut at ；):
        // one year to one amount, a range's years to a pair
        (
            "2024年甲地光伏市场规模约3.1万亿元；乙地光伏市场规模达1.4万亿元。",
            &[
                "market_size p1 | 2024 | - | 甲地光伏 | 3100000000000 | CNY | approx | actual | -",
                "market_size p1 | 2024 | - | 乙地光伏 | 1400000000000 | CNY | - | actual | -",
            ],
        ),
        (
            "2019年到2023年，全国风电装备产值由2.1万亿增长至3.4万亿元；全国光伏装备产值由1.2万亿增长至2.5万亿元。",
            &[
                "market_size p1 | 2019 | CN | 全国风电装备 | 2100000000000 | CNY | - | actual | -",
                "market_size p1 | 2023 | CN | 全国风电装备 | 3400000000000 | CNY | - | actual | -",
                "market_size p1 | 2019 | CN | 全国光伏装备 | 1200000000000 | CNY | - | actual | -",
                "market_size p1 | 2023 | CN | 全国光伏装备 | 2500000000000 | CNY | - | actual | -",
            ],
        ),
        (
            "我国工业机器人市场规模2024年的产值为960亿元。",
            &["market_size p1 | 2024 | CN | 我国工业机器人 | 96000000000 | CNY | - | actual | -"],
        ),
        (
            "2024年中国AI大模型市场规模达到165亿元，预计到2028年市场规模将达到624亿元。",
            &[
                "market_size p1 | 2024 | CN | 中国AI大模型 | 16500000000 | CNY | - | actual | -",
                "market_size p1 | 2028 | CN | 中国AI大模型 | 62400000000 | CNY | - | forecast | -",
            ],
        ),
        // one currency for a series; the years come from the range before it
        (
            "2018年到2022年，我国云计算产业规模从960亿增至4550亿元。",
            &[
                "market_size p1 | 2018 | CN | 我国云计算产业 | 96000000000 | CNY | - | actual | -",
                "market_size p1 | 2022 | CN | 我国云计算产业 | 455000000000 | CNY | - | actual | -",
            ],
        ),
        // a later clause about another metric is not the market's size
        (
            "2023年我国算力产业规模达到2.6万亿元，直接带动经济总产出2.2万亿元，每投入1元带动3元产出。",
            &["market_size p1 | 2023 | CN | 我国算力产业 | 2600000000000 | CNY | - | actual | -"],
        ),
        // a later clause that only goes on (years, 预计, 将) keeps the market
        (
            "全球工业软件市场规模约为4500亿美元，预计2027年将超过6000亿美元。",
            &[
                "market_size p1 | - | global | 全球工业软件 | 450000000000 | USD | approx | actual | -",
                "market_size p1 | 2027 | global | 全球工业软件 | 600000000000 | USD | over | forecast | -",
            ],
        ),
        // region from the sentence before, in the same paragraph
        (
            "全球储能需求持续旺盛。据统计，储能电池的市场规模在2023年约为300亿美元。",
            &["market_size p1 | 2023 | global | 储能电池 | 30000000000 | USD | approx | actual | -"],
        ),
        // a subject whose head is a verb is no subject
        (
            "2023年人工智能赋能制造业产生的市场规模超过300亿元。",
            &["market_size p1 | 2023 | - | - | 30000000000 | CNY | over | actual | -"],
        ),
        // a bare 市场 is a market word too, with its own subject
        (
            "2021年全球AI服务器CPU市场规模约为25亿美元，中国市场约为56亿元。",
            &[
                "market_size p1 | 2021 | global | 全球AI服务器CPU | 2500000000 | USD | approx | actual | -",
                "market_size p1 | 2021 | CN | 中国 | 5600000000 | CNY | approx | actual | -",
            ],
        ),
        (
            "预计2025年服务器PCB市场达到159亿美元。",
            &["market_size p1 | 2025 | - | 服务器PCB | 15900000000 | USD | - | forecast | -"],
        ),
        // but not the amount of another metric in a market (销售额)
        ("公司在中国市场销售额达到100亿元。", &[]),
        // not market sizes
        // 规模以上 is no market word; an industry's 营收 is its size (measure `revenue`)
        (
            "其中，全国规模以上电子信息制造业营收达15.1万亿元。",
            &["market_size p1 | - | CN | 电子信息制造业 | 15100000000000 | CNY | - | actual | -"],
        ),
        ("该企业资产规模达到500亿元。", &[]),
        ("两地IT支出规模超过2300亿元。", &[]),
        // an effect on something else (带动, 拉动), not a market's size
        ("2022年数字孪生技术带动相关产业增长规模约86.5亿元。", &[]),
        // how many pass a threshold, not a market's size
        ("2021年有16个省市区数字经济规模突破1万亿元。", &[]),
        // a place the regions table does not hold, by jieba's place-name tag; economic
        // regions from the table, as written
        (
            "2024年济南市人工智能产业规模达到500亿元。",
            &["market_size p1 | 2024 | 济南市 | 济南市人工智能产业 | 50000000000 | CNY | - | actual | -"],
        ),
        (
            "2024年粤港澳大湾区数字经济规模达到2万亿元。",
            &["market_size p1 | 2024 | 粤港澳大湾区 | 粤港澳大湾区数字经济 | 2000000000000 | CNY | - | actual | -"],
        ),
        // figures listed with the unit written once (`18、12亿美元`), one to each place
        // listed, each with its own conversion in the brackets (see `conversions` below)
        (
            "2025年中韩两国储能逆变器市场规模分别为18、12亿美元（约合130、86亿元）。",
            &[
                "market_size p1 | 2025 | CN | 储能逆变器 | 1800000000 | USD | - | actual | -",
                "market_size p1 | 2025 | KR | 储能逆变器 | 1200000000 | USD | - | actual | -",
            ],
        ),
        // each amount after its own year, the year's 年 right before the figure
        (
            "国内钠电池出货额从2022年3.6亿元增至2026年58.5亿元。",
            &[
                "market_size p1 | 2022 | CN | 国内钠电池 | 360000000 | CNY | - | actual | -",
                "market_size p1 | 2026 | CN | 国内钠电池 | 5850000000 | CNY | - | actual | -",
            ],
        ),
        // two digits and 年 after a dating word or at a clause's start are a year; a
        // number of years (近…年来) is none
        (
            "预计27年固态电池市场规模为61.3亿元。",
            &["market_size p1 | 2027 | - | 固态电池 | 6130000000 | CNY | - | forecast | -"],
        ),
        (
            "近20年来，我国风电市场规模增长至800亿元。",
            &["market_size p1 | - | CN | 我国风电 | 80000000000 | CNY | - | actual | -"],
        ),
        // money without its unit where a money word governs it (市场规模, 行业规模, 收入),
        // in yuan unless the sentence writes money in another currency; never for a bare
        // 规模 of people or things
        (
            "储能温控行业规模在2024年突破600亿。",
            &["market_size p1 | 2024 | - | 储能温控行业 | 60000000000 | CNY | over | actual | -"],
        ),
        (
            "2024年国内短剧收入超过千亿。",
            &["market_size p1 | 2024 | CN | 国内短剧 | 100000000000 | CNY | over | actual | -"],
        ),
        ("2024年我国网民规模达11.1亿。", &[]),
        // 收入 alone sizes an industry or a place's market, never a household or a firm
        ("2024年全国居民人均可支配收入4.1万元。", &[]),
        ("该协议累计实现手续费收入3.2亿美元。", &[]),
        // a sentence of one amount and no year, after a sentence of its paragraph that
        // gives money for one year, is of that year; after one of two years, of none
        // (years listed before amounts listed, given 分别, go one to each)
        (
            "2023年全国光伏组件销售额达到3500亿元，比上年增长12%。全国光伏支架销售额达820亿元，同比增长5%。",
            &[
                "market_size p1 | 2023 | CN | 全国光伏组件 | 350000000000 | CNY | - | actual | -",
                "market_size p1 | 2023 | CN | 全国光伏支架 | 82000000000 | CNY | - | actual | -",
            ],
        ),
        // (in its paragraph only)
        (
            "2023年全国光伏组件销售额达到3500亿元。\n全国光伏支架销售额达820亿元。",
            &[
                "market_size p1 | 2023 | CN | 全国光伏组件 | 350000000000 | CNY | - | actual | -",
                "market_size p1 | - | CN | 全国光伏支架 | 82000000000 | CNY | - | actual | -",
            ],
        ),
        (
            "2022年和2023年全国光伏组件销售额分别为3100、3500亿元。全国光伏支架销售额达820亿元。",
            &[
                "market_size p1 | 2022 | CN | 全国光伏组件 | 310000000000 | CNY | - | actual | -",
                "market_size p1 | 2023 | CN | 全国光伏组件 | 350000000000 | CNY | - | actual | -",
                "market_size p1 | - | CN | 全国光伏支架 | 82000000000 | CNY | - | actual | -",
            ],
        ),
        // a measure said again with no subject of its own is of the subject it sized just
        // before; another measure borrows no subject
        (
            "2023年国内储能电池销售额为820亿元，预计到2027年销售额将达到2100亿元。",
            &[
                "market_size p1 | 2023 | CN | 国内储能电池 | 82000000000 | CNY | - | actual | -",
                "market_size p1 | 2027 | CN | 国内储能电池 | 210000000000 | CNY | - | forecast | -",
            ],
        ),
        (
            "2023年国内储能电池市场规模为820亿元，预计到2027年销售额将达到2100亿元。",
            &["market_size p1 | 2023 | CN | 国内储能电池 | 82000000000 | CNY | - | actual | -"],
        ),
        // 累计, 完成, 实现 link a measure to its amount
        (
            "2024年，全国软件业务收入累计实现13.7万亿元，同比增长10%。",
            &["market_size p1 | 2024 | CN | 全国软件 | 13700000000000 | CNY | - | actual | -"],
        ),
        // 大陆 is mainland China
        (
            "2021年大陆服务器市场规模达到251亿美元。",
            &["market_size p1 | 2021 | CN | 大陆服务器 | 25100000000 | USD | - | actual | -"],
        ),
    ]);
}

#[test]
fn investments() {
    check(&[
        // money to be spent is an investment; 元 names its economy
        ("大规模部署需要投入100亿元。", &["investment p1 | CN | currency | - | 10000000000 | CNY | - | - | - | - | -"]),
        // what a verb of building builds, worth the amount (建设, 兴建, 新建, 建造, 投建 价值)
        (
            "计划三年内兴建价值120亿美元的数据中心。",
            &["investment p1 | - | - | - | 12000000000 | USD | - | - | - | - | 数据中心"],
        ),
        (
            "拟新建价值45亿元的储能电站。",
            &["investment p1 | CN | currency | - | 4500000000 | CNY | - | - | - | - | 储能电站"],
        ),
        // a firm's money names no country, whatever its currency
        (
            "在市场规模快速扩大的同时，头部企业投资超过300亿元建设工厂。",
            &["investment p1 | - | - | - | 30000000000 | CNY | over | - | - | - | 建设工厂"],
        ),
        (
            "某汽车集团计划投入80亿元扩建电池产线。",
            &["investment p1 | - | - | - | 8000000000 | CNY | - | - | - | - | 扩建电池产线"],
        ),
        // USD names no country; 某国 names none either
        (
            "某国宣布将投资5000亿美元建设数据中心。",
            &["investment p1 | - | - | - | 500000000000 | USD | - | - | - | - | 建设数据中心"],
        ),
        // a country at the head of the sentence is stated, not inferred
        (
            "美国政府宣布投资5000亿美元建设数据中心。",
            &["investment p1 | US | - | - | 500000000000 | USD | - | - | - | - | 建设数据中心"],
        ),
        // a place the money goes to
        (
            "三年内在德国各地建设价值800亿欧元的算力中心",
            &["investment p1 | DE | place name | - | 80000000000 | EUR | - | - | - | - | 算力中心"],
        ),
        // the currency's economy; the restatement in brackets is the same investment
        (
            "将在2028财年前提供至少3兆日元（约200亿美元）扶持电池产业。",
            &[
                "investment p1 | JP | currency | - | 3000000000000 | JPY | at_least | 20000000000 | USD | 2028 | 扶持电池产业",
            ],
        ),
        (
            "数字技能提升计划 将斥资逾2亿英镑培训工程师",
            &["investment p1 | GB | currency | 数字技能提升计划 | 200000000 | GBP | over | - | - | - | 培训工程师"],
        ),
        // a program in quotes on the line before
        (
            "“星际之门”AI投资项目\n\n在美国各地建设价值5000亿美元的数据中心",
            &["investment p1 | US | place name | 星际之门 | 500000000000 | USD | - | - | - | - | 数据中心"],
        ),
        // 提供 alone is an investment word, whatever follows it
        (
            "省财政将提供30亿元用于支持氢能产业。",
            &["investment p1 | CN | currency | - | 3000000000 | CNY | - | - | - | - | 支持氢能产业"],
        ),
        (
            "政府将提供100亿元支持人工智能产业发展。",
            &["investment p1 | CN | currency | - | 10000000000 | CNY | - | - | - | - | 支持人工智能产业发展"],
        ),
        // a ratio per unit is no amount
        ("每投入1元带动3元产出。", &[]),
    ]);
}

#[test]
fn growth_rates() {
    check(&[
        // span from the market sizes in the sentence
        (
            "全球市场规模将从2023年的100亿美元增长至2030年的500亿美元，年复合增长率为25.8%。",
            &[
                "market_size p1 | 2023 | global | 全球 | 10000000000 | USD | - | actual | -",
                "market_size p1 | 2030 | global | 全球 | 50000000000 | USD | - | actual | -",
                "cagr p1 | 25.8 | 2023 | 2030 | 全球 | global | -",
            ],
        ),
        // a range before the keyword, with or without 年
        (
            "2024-2028年我国智能网联汽车市场复合增长率为21.5%。",
            &["cagr p1 | 21.5 | 2024 | 2028 | 我国智能网联汽车 | CN | -"],
        ),
        ("2020-2026E CAGR 25.3%", &["cagr p1 | 25.3 | 2020 | 2026 | - | - | -"]),
        // a range earlier in the sentence
        ("2019-2025年全国储能电站装机从3GW增至80GW，年复合增长率达73%。", &["cagr p1 | 73 | 2019 | 2025 | - | CN | -"]),
        // one firm's accounts grow at no market's rate
        ("2018-2024年公司研发费用从12.5亿元增至96.4亿元，年复合增长率达41%。", &[]),
        ("2021-2024年某电池厂营收、归母净利润的复合增速分别为30%/42%。", &[]),
        // rates listed after the keyword, one to each place listed (海外 is of no one region),
        // the places taken off the subject
        (
            "海外/国内光伏逆变器出货量2024-29年CAGR分别为18.2%/12.6%。",
            &[
                "cagr p1 | 18.2 | 2024 | 2029 | 光伏逆变器出货量 | - | -",
                "cagr p1 | 12.6 | 2024 | 2029 | 光伏逆变器出货量 | CN | -",
            ],
        ),
        (
            "预计2025-2030年中国、美国和欧洲氢能重卡市场规模的CAGR分别为33%、27%和19%。",
            &[
                "cagr p1 | 33 | 2025 | 2030 | 氢能重卡市场规模 | CN | -",
                "cagr p1 | 27 | 2025 | 2030 | 氢能重卡市场规模 | US | -",
                "cagr p1 | 19 | 2025 | 2030 | 氢能重卡市场规模 | EU | -",
            ],
        ),
        // a span of two-digit years right before the keyword; a number of years ahead is none
        ("预计储能变流器23-28年CAGR约为21%。", &["cagr p1 | 21 | 2023 | 2028 | - | - | -"]),
        ("预计未来15-20年复合增长率约为5%。", &["cagr p1 | 5 | - | - | - | - | -"]),
        // a span in years, ending at the year stated
        // (an industry's 业务收入 is a market size, measure `revenue`, and the rate's subject)
        (
            "2022年，全国软件业务收入10.8万亿元，三年复合增长率为14.5%。",
            &[
                "market_size p1 | 2022 | CN | 全国软件 | 10800000000000 | CNY | - | actual | -",
                "cagr p1 | 14.5 | 2019 | 2022 | 全国软件 | CN | -",
            ],
        ),
        // the rate before its keyword
        ("全球服务机器人市场将以25%的年复合增长率增长。", &["cagr p1 | 25 | - | - | 全球服务机器人 | global | -"]),
        // a year-on-year growth is no CAGR
        ("2023年市场规模同比增长15%。", &[]),
    ]);
}

#[test]
fn sources() {
    check(&[
        ("数据来源：网络公开资料，赛迪智库整理，2025年3月", &["source p1 | 赛迪智库 | 2025-03"]),
        ("资料来源：Wind，华泰研究", &["source p1 | Wind、华泰研究 | -"]),
        ("来源：高工机器人产业研究所（GGII）", &["source p1 | 高工机器人产业研究所（GGII） | -"]),
        ("（数据来源：IDC）", &["source p1 | IDC | -"]),
        ("图 | 隐私计算的研究历程（来源：某研究院整理）", &["source p1 | 某研究院 | -"]),
        ("数据来源方与数据需求方之间需要信任。", &[]),
        // the name kept whole (分析 is part of names), method words and notes dropped,
        // a body's own pages kept as the attribution lists them
        ("资料来源：易观分析测算，仅供参考", &["source p1 | 易观分析 | -"]),
        (
            "资料来源：各公司官网及年报，某证券研究所整理测算，具体测算方法详见前期报告《储能，下一个万亿赛道》",
            &["source p1 | 各公司官网、年报、某证券研究所 | -"],
        ),
        ("来源：某咨询研究院根据公开资料、专家访谈自主研究绘制。", &["source p1 | 某咨询研究院 | -"]),
        // an attribution in running text at a line's head
        ("数据来源基于某企业数据库，截至2024年6月，由某研究院采集。", &["source p1 | 某企业数据库 | -"]),
    ]);
}

/// A source's bodies as a list, in the order written.
#[test]
fn source_names_as_a_list() {
    let raw = from_bytes(std::path::Path::new("case.txt"), "资料来源：IDC，Wind，某证券研究所整理".as_bytes()).unwrap();
    let names: Vec<Vec<String>> = extract(&Document::from_raw(raw))
        .iter()
        .filter_map(|f| match f {
            report::extract::Fact::Source(s) => Some(s.names.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(names, [["IDC", "Wind", "某证券研究所"]]);
}

#[test]
fn facts_bind_to_the_nearest_source_on_their_page() {
    let text = "数据来源：甲研究院\n全球A市场规模为100亿美元。\n\n\n\n数据来源：乙咨询\n\u{c}中国B市场规模为200亿元。";
    assert_eq!(
        facts(text),
        [
            "source p1 | 甲研究院 | -",
            "market_size p1 | - | global | 全球A | 10000000000 | USD | - | actual | 甲研究院",
            "source p1 | 乙咨询 | -",
            "market_size p2 | - | CN | 中国B | 20000000000 | CNY | - | actual | -",
        ]
    );
}

#[test]
fn investment_fields() {
    let text = "将在2029财年前提供至少4兆日元（约270亿美元），扶持储能和氢能产业发展。\n\n在未来五年内在美国各地建设价值900亿美元的芯片工厂";
    let raw = from_bytes(std::path::Path::new("case.txt"), text.as_bytes()).unwrap();
    let facts = extract(&Document::from_raw(raw));
    let v: Vec<serde_json::Value> = facts.iter().map(|f| serde_json::to_value(f).unwrap()).collect();
    assert_eq!(v[0]["converted"], serde_json::json!({"value": 27000000000u64, "currency": "USD"}));
    assert_eq!(v[0]["deadline_year"], 2029);
    assert_eq!(v[0]["purpose"], "扶持储能和氢能产业发展");
    assert_eq!(v[0]["qualifier"], "at_least");
    assert_eq!(v[1]["horizon_years"], 5);
    assert_eq!(v[1]["purpose"], "芯片工厂");
    assert_eq!(v[1]["actor_inferred_from"], "place name");
}

#[test]
fn policy_tables() {
    check(&[
        // other columns, a title broken over two lines, a central body, a date on its own line
        (
            "文件名称 印发时间 主要内容\n\n浙江省人工智能产业发展\n行动方案（2023-2027年）\n\n2023.08 推动算力基础设施建设。\n\n国务院关于深入实施“人工智能+”行动的意见\n\n2025.08\n\n加快人工智能与经济社会各领域融合。\n\n资料来源：某研究院",
            &[
                "policy p1 | 浙江省人工智能产业发展行动方案（2023-2027年） | 浙江省 | - | 2023-08 | 2023 | 2027",
                "policy p1 | 国务院关于深入实施“人工智能+”行动的意见 | CN | - | 2025-08 | - | -",
                "source p1 | 某研究院 | -",
            ],
        ),
        // a table flattened a cell to a line, its header too, a region cell over the
        // policies after it, each policy's date on the line after it
        (
            "地区\n\n法规名称\n\n实施时间\n\n中国\n\n《电子商务法》\n\n2019.01\n\n《数据出境安全评估办法》\n\n2022.09\n\n欧洲\n\n《数字市场法》\n\n2023.05\n\n资料来源：某研究院",
            &[
                "policy p1 | 电子商务法 | CN | - | 2019-01 | - | -",
                "policy p1 | 数据出境安全评估办法 | CN | - | 2022-09 | - | -",
                "policy p1 | 数字市场法 | EU | - | 2023-05 | - | -",
                "source p1 | 某研究院 | -",
            ],
        ),
        // in running text a date right after a title is that title's, not the next one's
        (
            "近年来先后实施《电子商务法》2019.01、《数据出境安全评估办法》2022.09。",
            &["policy p1 | 电子商务法 | - | - | - | - | -", "policy p1 | 数据出境安全评估办法 | - | - | - | - | -"],
        ),
        // an international declaration on its own line is a policy
        ("《布莱奇利宣言》", &["policy p1 | 布莱奇利宣言 | - | - | - | - | -"]),
        // of no nation: the city it is named after is where it was made, not whose policy
        // it is; a bloc it names is its region
        (
            "• 《东京人工智能倡议》（即《东京倡议》）",
            &["policy p1 | 东京人工智能倡议（即《东京倡议》） | - | - | - | - | -"],
        ),
        ("《欧盟数字治理共识》", &["policy p1 | 欧盟数字治理共识 | EU | - | - | - | -"]),
        // a policy named in running text: a 《》 name that ends as policies do, in a
        // clause that issues, adopts or cites it; its issuer, place and date from
        // the clause
        (
            "《新能源汽车产业发展规划（2021—2035年）》提出，到2025年新能源汽车新车销量占比达到20%左右。",
            &["policy p1 | 新能源汽车产业发展规划（2021—2035年） | - | - | - | 2021 | 2035"],
        ),
        (
            "2024年3月农业农村部印发《智慧农机推广应用行动方案（2024-2026年）》。",
            &["policy p1 | 智慧农机推广应用行动方案（2024-2026年） | CN | 农业农村部 | 2024-03 | 2024 | 2026"],
        ),
        // a list: each name a policy, once, whatever the mentions; 十四五 is 2021-2025
        (
            "中办、国办印发《数字经济发展战略纲要》《“十四五”国家信息化规划》。深圳市推出《深圳市数据条例》，落实《数字经济发展战略纲要》。",
            &[
                "policy p1 | 数字经济发展战略纲要 | CN | 中办、国办 | - | - | -",
                "policy p1 | “十四五”国家信息化规划 | CN | 中办、国办 | - | 2021 | 2025",
                "policy p1 | 深圳市数据条例 | 深圳市 | - | - | - | -",
            ],
        ),
        // a law named with and without its country is one policy
        (
            "2021年6月通过的《中华人民共和国数据安全法》规定了数据安全。随着《数据安全法》出台，监管加强。",
            &["policy p1 | 中华人民共和国数据安全法 | CN | - | 2021-06 | - | -"],
        ),
        // not policies: a report, a book, a law cited in a disclaimer with no such verb
        ("IDC与浪潮联合发布的《2020全球计算力指数评估报告》给出了指标体系。", &[]),
        ("任何未经授权的使用都将违反《中华人民共和国著作权法》。", &[]),
        // a directive, adopted; its date a year in the clause before; a bloc its region
        (
            "早在2001年，欧盟就通过了《数据共享指令》，明确规定了数据使用的底线。",
            &["policy p1 | 数据共享指令 | EU | - | 2001 | - | -"],
        ),
        // laws that came into force, each dated by the year or month nearest before it
        (
            "在我国，相关法律主要有两部：分别为2016年生效的《电子签名法》、2020年3月生效的《数据出境管理办法》。",
            &[
                "policy p1 | 电子签名法 | - | - | 2016 | - | -",
                "policy p1 | 数据出境管理办法 | - | - | 2020-03 | - | -",
            ],
        ),
        // a year inside a title dates nothing
        (
            "2023年发布的《海洋经济和2035年远景目标纲要》与《沿海数字经济规划》推动转型。",
            &[
                "policy p1 | 海洋经济和2035年远景目标纲要 | - | - | 2023 | - | -",
                "policy p1 | 沿海数字经济规划 | - | - | 2023 | - | -",
            ],
        ),
    ]);
}

/// The laws a report's legal notice cites (after its heading, in the last third of
/// the text) are no policies the report discusses; a policy before it is one.
#[test]
fn no_policies_in_a_legal_notice() {
    check(&[(
        "储能行业持续扩张，产业链上下游协同推进，企业研发投入显著增加，示范项目陆续落地。\n\n2024年某省发布了《某省储能产业发展规划》，提出完善储能价格机制。\n\n各地加快新型电力系统建设，源网荷储一体化项目不断涌现，市场化交易机制逐步完善。\n\n免责声明\n\n本报告的分发须遵守《证券及期货条例》的规定。\n",
        &["policy p1 | 某省储能产业发展规划 | - | - | 2024 | - | -"],
    )]);
}

#[test]
fn market_shares() {
    check(&[
        // a holder before 占, the market's region after it
        ("2024年，某企业占全球储能电池市场份额的37%。", &["market_share p1 | 2024 | global | 某企业 | 37 | -"]),
        // link words between the keyword and the percent; 的 between holder and keyword
        ("国产芯片的市场占有率已提升至18%。", &["market_share p1 | - | - | 国产芯片 | 18 | -"]),
        // the percent before the keyword
        ("该公司以25%的市场份额位居第一。", &["market_share p1 | - | - | 该公司 | 25 | -"]),
        // holder and market split at 在
        ("中国企业在全球光伏组件市场的份额超过80%。", &["market_share p1 | - | global | 中国企业 | 80 | -"]),
        // a count stays in the holder, 合计 goes; the region from an earlier clause
        ("前五家厂商合计市场份额约为60%。", &["market_share p1 | - | - | 前五家厂商 | 60 | -"]),
        ("在国内市场，该品牌的市占率为12.5%。", &["market_share p1 | - | CN | 该品牌 | 12.5 | -"]),
        // shares listed, one to each holder listed
        (
            "美国、德国和日本在全球工业机器人市场的份额分别为22%、15%和12%。",
            &[
                "market_share p1 | - | global | 美国 | 22 | -",
                "market_share p1 | - | global | 德国 | 15 | -",
                "market_share p1 | - | global | 日本 | 12 | -",
            ],
        ),
        // a list of shares with no list of holders is left unread
        ("前三家企业的市场份额分别为30%、20%和10%。", &[]),
        // a share that changes by a percent is no share; a region alone holds nothing
        ("其份额提升了5%。", &[]),
        ("全球市场份额为30%。", &["market_share p1 | - | global | - | 30 | -"]),
        // bound to its data source like every kind
        (
            "数据来源：某咨询公司，2025年6月\n2024年某车企的国内市场份额达到31.2%。",
            &["source p1 | 某咨询公司 | 2025-06", "market_share p1 | 2024 | CN | 某车企 | 31.2 | 某咨询公司"],
        ),
    ]);
}

#[test]
fn tables_typed_in_columns() {
    check(&[
        // cells that write their own unit; a row of rates gives nothing
        (
            "表：全国数据中心市场规模\n\n指标          2022        2023        2024E\n市场规模      1900亿元     2400亿元     3000亿元\n增速          20%         26%         25%\n",
            &[
                "market_size p1 | 2022 | CN | 全国数据中心 | 190000000000 | CNY | - | actual | -",
                "market_size p1 | 2023 | CN | 全国数据中心 | 240000000000 | CNY | - | actual | -",
                "market_size p1 | 2024 | CN | 全国数据中心 | 300000000000 | CNY | - | forecast | -",
            ],
        ),
        // the unit in the label; a count (万台) and a price (美元/台) are no market sizes
        (
            "智能手表市场（亿美元）      2023      2024      2025E\n全球智能手表市场规模（亿美元）   410       455       500\n全球出货量（万台）            16500     17800     19000\n",
            &[
                "market_size p1 | 2023 | global | 全球智能手表 | 41000000000 | USD | - | actual | -",
                "market_size p1 | 2024 | global | 全球智能手表 | 45500000000 | USD | - | actual | -",
                "market_size p1 | 2025 | global | 全球智能手表 | 50000000000 | USD | - | forecast | -",
            ],
        ),
        // cells tab-separated (as `report text` writes a PDF's table): two tabs are an
        // empty cell, so 95 stands under 2024 and 130 under 2025E
        (
            "表：中国充电桩市场规模（亿元）\n\n指标\t2023\t2024\t2025E\n公共充电桩市场规模\t\t95\t130\n",
            &[
                "market_size p1 | 2024 | CN | 公共充电桩 | 9500000000 | CNY | - | actual | -",
                "market_size p1 | 2025 | CN | 公共充电桩 | 13000000000 | CNY | - | forecast | -",
            ],
        ),
    ]);
}

/// What a market size measures: a market word's `market_size`, another measure word's
/// own (`data/measures.tsv`); a firm's or a per-head amount is no market size.
#[test]
fn measures_of_market_sizes() {
    let measures = |text: &str| -> Vec<String> {
        let raw = from_bytes(std::path::Path::new("case.txt"), text.as_bytes()).unwrap();
        extract(&Document::from_raw(raw))
            .iter()
            .filter_map(|f| match f {
                report::extract::Fact::MarketSize(m) => Some(format!("{} {}", m.measure, m.value)),
                _ => None,
            })
            .collect()
    };
    common::table(
        &[
            ("2023年全省海洋产业总产值达到1.2万亿元。", &["output_value 1200000000000"][..]),
            ("2024年全国跨境电商交易额为2.6万亿元。", &["transaction_value 2600000000000"]),
            ("2024年全国网上零售额达到15.5万亿元。", &["retail_sales 15500000000000"]),
            ("2024年全球短视频广告收入约为820亿美元。", &["ad_revenue 82000000000"]),
            ("2024年中国储能电池市场规模为980亿元。", &["market_size 98000000000"]),
            // a firm's revenue, a per-head income: no market size
            ("2024年公司营业收入为35亿元。", &[]),
            ("2024年头部企业销售额为120亿元。", &[]),
            ("2024年城镇居民人均销售收入为3.2万元。", &[]),
        ],
        measures,
    );
}

/// An amount restated in another currency is one fact with its conversion, never a
/// second fact; in a list, each takes its counterpart in the brackets.
#[test]
fn conversions() {
    let conversions = |text: &str| -> Vec<(String, String)> {
        let raw = from_bytes(std::path::Path::new("case.txt"), text.as_bytes()).unwrap();
        extract(&Document::from_raw(raw))
            .iter()
            .filter_map(|f| match f {
                report::extract::Fact::MarketSize(m) => Some((
                    format!("{} {}", m.value, m.currency),
                    m.converted.as_ref().map_or("-".to_string(), |c| format!("{} {}", c.value, c.currency)),
                )),
                _ => None,
            })
            .collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        conversions("2030年全球氢燃料电池市场规模预计为95亿美元（约合人民币680亿元）。"),
        [pair("9500000000 USD", "68000000000 CNY")]
    );
    assert_eq!(
        conversions("2025年中韩两国储能逆变器市场规模分别为18、12亿美元（约合130、86亿元）。"),
        [pair("1800000000 USD", "13000000000 CNY"), pair("1200000000 USD", "8600000000 CNY")]
    );
    // brackets of one amount after a list restate none of it, and are no fact
    assert_eq!(
        conversions("2025年中韩两国储能逆变器市场规模分别为18、12亿美元（合计约216亿元）。"),
        [pair("1800000000 USD", "-"), pair("1200000000 USD", "-")]
    );
}

/// A policy table flattened to a cell a line, blank lines between: the header's three
/// cells make one header, a region cell stands over the policies after it.
#[test]
fn a_policy_table_of_one_cell_a_line() {
    check(&[(
        "各经济体的立法进展\n\n国家/地区\n\n法律法规\n\n生效时间\n\n欧盟\n\n《通用数据保护条例》\n\n2018.05\n\n中国\n\n《中华人民共和国数据安全法》\n\n2021.09\n",
        &[
            "policy p1 | 通用数据保护条例 | EU | - | 2018-05 | - | -",
            "policy p1 | 中华人民共和国数据安全法 | CN | - | 2021-09 | - | -",
        ],
    )]);
}

/// Policies named in running text and captions: laws, regulations, plans and
/// directives by their names alone, other endings where a clause issues or adopts
/// them; an alias is its policy's.
#[test]
fn policies_named_in_passing() {
    check(&[
        // no verb issues it: its ending says it is a law
        ("受法国《能源转型法》推动，热泵装机快速增长。", &["policy p1 | 能源转型法 | FR | - | - | - | -"]),
        // a figure's caption
        (
            "图3：《“十四五”现代能源体系规划》重点任务",
            &["policy p1 | “十四五”现代能源体系规划 | - | - | - | 2021 | 2025"],
        ),
        // the alias named at once and later is the same policy, dated by the mention
        (
            "2022年4月，《中华人民共和国期货和衍生品法》（以下简称“《期货法》”）审议通过。《期货法》明确了交易规则。",
            &["policy p1 | 中华人民共和国期货和衍生品法 | CN | - | 2022-04 | - | -"],
        ),
        // a short name ending in a year, where a clause adopts it; its space kept as written
        ("德国政府提出《国家工业战略 2030》。", &["policy p1 | 国家工业战略 2030 | DE | - | - | - | -"]),
        // named first undated, then dated: one policy with the date
        (
            "各国立法多以《数字市场法》为参照。到2022年，欧洲议会正式通过《数字市场法》。",
            &["policy p1 | 数字市场法 | - | - | 2022 | - | -"],
        ),
        // not policies: a report, a standard, a technical guide, a solution named with no verb
        ("2020年，该企业通过了船级社《电动船舶检验指南》认可。", &[]),
        ("《2024年光伏产业发展报告》显示，组件价格持续下降。", &[]),
        ("《信息安全技术 数据出境安全评估规范》对此作了细化。", &[]),
        ("《智慧工厂解决方案》覆盖了十个场景。", &[]),
    ]);
}
