//! Table-driven corpus for document structure and the trend and challenge
//! extractors: report text (pages split at form feeds) → the sections and line
//! kinds `structure` finds, and → the items `extract` reports. Many cases are
//! double-spaced, as PDF extraction writes lines: normalization rejoins a single
//! break after an open line.

use report::extract::{Fact, extract};
use report::ingest::{Format, RawDocument};
use report::normalize::Document;
use report::structure::{LineKind, Structure};

fn doc(text: &str) -> Document {
    Document::from_raw(RawDocument {
        path: "t".into(),
        sha256: String::new(),
        format: Format::Text,
        encoding: Some("utf-8"),
        pages: text.split('\u{c}').map(str::to_string).collect(),
        words: vec![],
        failed_pages: vec![],
        page_boxes: vec![],
        diagnostics: Default::default(),
    })
}

/// Each non-blank line as `kind: text`; a heading as `H(section title)`.
fn lines(text: &str) -> Vec<String> {
    let d = doc(text);
    let st = Structure::build(&d);
    st.lines
        .iter()
        .filter(|l| l.kind != LineKind::Blank)
        .map(|l| {
            let t = &d.text[l.start..l.end];
            match l.kind {
                LineKind::Heading(i) => format!("H({}): {t}", st.sections[i].title),
                LineKind::Markers(n) => format!("M{n}: {t}"),
                k => format!("{k:?}: {t}"),
            }
        })
        .collect()
}

#[test]
fn structure_corpus() {
    let cases: &[(&str, &[&str])] = &[
        // a Chinese-numbered heading, and a sentence after it (no numbered item: 1.5
        // is a decimal)
        ("一、市场规模\n1.5亿元的市场。", &["H(市场规模): 一、市场规模", "Text: 1.5亿元的市场。"]),
        // a colon may split a numbered heading
        ("二、算力：AI底层土壤", &["H(算力：AI底层土壤): 二、算力：AI底层土壤"]),
        // a numbered line is a heading only when its short text ends with a section word
        ("2. 发展趋势\n\n2.产业生态协同创新加速", &["H(发展趋势): 2. 发展趋势", "Numbered: 2.产业生态协同创新加速"]),
        // a running header (twice on its own) is a heading; a glyph that all headers
        // share and jieba cuts off is dropped from the title
        (
            "二核心技术演进\n\n正文。\n\n二应用趋势\n\n正文。\n\n二核心技术演进\n\n二应用趋势",
            &[
                "H(核心技术演进): 二核心技术演进",
                "Text: 正文。",
                "H(应用趋势): 二应用趋势",
                "Text: 正文。",
                "H(核心技术演进): 二核心技术演进",
                "H(应用趋势): 二应用趋势",
            ],
        ),
        // ... and a known header glued to the end of a line is split off it
        (
            "二核心技术演进\n\n正文。\n\n二应用趋势\n\n正文。\n\n二核心技术演进\n\n数据安全加强二应用趋势\n\n二应用趋势",
            &[
                "H(核心技术演进): 二核心技术演进",
                "Text: 正文。",
                "H(应用趋势): 二应用趋势",
                "Text: 正文。",
                "H(核心技术演进): 二核心技术演进",
                "Text: 数据安全加强",
                "H(应用趋势): 二应用趋势",
                "H(应用趋势): 二应用趋势",
            ],
        ),
        // 中 of 中国 is a word's first character, not a glyph: titles keep it
        (
            "中国数字经济\n\n正文。\n\n中国信息通信研究院\n\n正文。\n\n中国数字经济\n\n中国信息通信研究院",
            &[
                "H(中国数字经济): 中国数字经济",
                "Text: 正文。",
                "H(中国信息通信研究院): 中国信息通信研究院",
                "Text: 正文。",
                "H(中国数字经济): 中国数字经济",
                "H(中国信息通信研究院): 中国信息通信研究院",
            ],
        ),
        // three headings in a row are a table of contents
        (
            "目录\n一、产业链梳理\n二、市场测算\n三、投资建议\n正文。",
            &[
                "Text: 目录",
                "Contents: 一、产业链梳理",
                "Contents: 二、市场测算",
                "Contents: 三、投资建议",
                "Text: 正文。",
            ],
        ),
        // a line on most pages of a longer document is furniture
        (
            "某证券研究报告\n\n一。\u{c}某证券研究报告\n\n二。\u{c}某证券研究报告\n\n三。\u{c}四。",
            &[
                "Furniture: 某证券研究报告",
                "Text: 一。",
                "Furniture: 某证券研究报告",
                "Text: 二。",
                "Furniture: 某证券研究报告",
                "Text: 三。",
                "Text: 四。",
            ],
        ),
        // markers in a row, a column of numbers, bullets, numbered items
        (
            "01 02 03\n1\n\n2\n• 要点。\n（一）标题",
            &["M3: 01 02 03", "Number: 1", "Number: 2", "Bullet: • 要点。", "Numbered: （一）标题"],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(lines(text), *expected, "{text:?}");
    }
}

/// The trend and challenge facts of `text`: `kind | section | title | points`.
fn items(text: &str) -> Vec<String> {
    extract(&doc(text))
        .iter()
        .filter_map(|f| match f {
            Fact::Trend(o) | Fact::Challenge(o) => Some(format!(
                "{} | {} | {} | {}",
                f.kind(),
                o.section.as_deref().unwrap_or("-"),
                o.title,
                o.points.join(" / ")
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn outline_corpus() {
    let cases: &[(&str, &[&str])] = &[
        // 1. numbered items in a row after the bullets they head, three columns of
        //    two: the bullets divide evenly
        (
            "一、技术趋势\n• 甲一，说明。\n• 甲二，说明。\n• 乙一，说明。\n• 乙二，说明。\n• 丙一，说明。\n• 丙二，说明。\n1.异构计算深度融合 2.边缘计算持续拓展 3.量子计算加快崛起",
            &[
                "trend | 技术趋势 | 异构计算深度融合 | 甲一，说明。 / 甲二，说明。",
                "trend | 技术趋势 | 边缘计算持续拓展 | 乙一，说明。 / 乙二，说明。",
                "trend | 技术趋势 | 量子计算加快崛起 | 丙一，说明。 / 丙二，说明。",
            ],
        ),
        // ... `（一）` items with the paragraph after each; one comma between halves
        (
            "三、发展展望\n（一）完善治理体系，营造安全环境\n加强监管，健全数字治理规则，营造安全有序的发展环境。\n（二）深化国际合作\n搭建平台。",
            &[
                "trend | 发展展望 | 完善治理体系，营造安全环境 | 加强监管，健全数字治理规则，营造安全有序的发展环境。",
                "trend | 发展展望 | 深化国际合作 | 搭建平台。",
            ],
        ),
        // 2. short lines beside a column of markers, as many as the markers
        (
            "四、面临的挑战\n1\n\n2\n\n数据瓶颈仍然突出\n\n人才供需矛盾加剧",
            &["challenge | 面临的挑战 | 数据瓶颈仍然突出 | ", "challenge | 面临的挑战 | 人才供需矛盾加剧 | "],
        ),
        // 3. heading bullets, each with the longer bullets under it
        (
            "二、技术趋势\n• 联邦学习算法持续优化\n• 会有更先进的算法被开发出来，用于非独立同分布数据。\n• 具身智能感知与控制技术革新。\n• 感知层面，传感器技术将持续升级。",
            &[
                "trend | 技术趋势 | 联邦学习算法持续优化 | 会有更先进的算法被开发出来，用于非独立同分布数据。",
                "trend | 技术趋势 | 具身智能感知与控制技术革新 | 感知层面，传感器技术将持续升级。",
            ],
        ),
        // 4. lead-in bullets, one broken over a blank line
        (
            "二、技术趋势\n• 混合架构创新。将 Transformer 架构与其他如CNN\n\nRNN等架构相结合。\n• 模型压缩加快。量化技术将不断发展。",
            &[
                "trend | 技术趋势 | 混合架构创新 | 将 Transformer 架构与其他如CNN RNN等架构相结合。",
                "trend | 技术趋势 | 模型压缩加快 | 量化技术将不断发展。",
            ],
        ),
        // 5. short lines after the paragraphs they head
        (
            "二、数据趋势\n\n数据质量管理成重点，建立评估体系。\n\n打破数据壁垒，实现多领域数据融合。\n\n数据质量大幅提升\n\n跨领域数据融合加快",
            &[
                "trend | 数据趋势 | 数据质量大幅提升 | 数据质量管理成重点，建立评估体系。",
                "trend | 数据趋势 | 跨领域数据融合加快 | 打破数据壁垒，实现多领域数据融合。",
            ],
        ),
        // 6. plain bullets opening a section; not in a later block of it (after a
        //    page number)
        (
            "2. 发展趋势\n• 具身智能加速落地，人形机器人进入量产元年。\n• 核心零部件国产化率持续提升。\n7\n• 2024年9月创刊，突出理论性。\n• 面向广大读者。",
            &[
                "trend | 发展趋势 | 具身智能加速落地，人形机器人进入量产元年 | ",
                "trend | 发展趋势 | 核心零部件国产化率持续提升 | ",
            ],
        ),
        // one numbered item a page, the list counting on across the break
        (
            "6.主要风险\n\n1.成本偏高\n\n虽然新一代产品价格有所下降，但与传统方案相比仍然偏高。\n\u{c}2.渠道有限\n\n目前产品只在少数地区销售，覆盖面窄。",
            &[
                "challenge | 主要风险 | 成本偏高 | 虽然新一代产品价格有所下降，但与传统方案相比仍然偏高。",
                "challenge | 主要风险 | 渠道有限 | 目前产品只在少数地区销售，覆盖面窄。",
            ],
        ),
        // but one numbered line alone a page is no list
        ("6.主要风险\n\n1.成本偏高，但与传统方案相比仍有优势。\n\u{c}产品只在少数地区销售。", &[]),
        // a title wrapped onto a short line of its own (past a page break and its
        // number): one title; a block that opens with a title has its points after
        // its titles
        (
            "三、形势与展望\n\n（一）加快新型基础设施建设，夯实数字经济发展\n\n底座\n\n坚持适度超前部署，推动网络设施和算力设施协同建设，提高覆盖水平。\n\n（二）推进产业数字化转型，携手构建\n\u{c}12\n\n协同创新体系\n\n支持龙头企业开放平台，带动中小企业数字化改造，形成发展合力。",
            &[
                "trend | 形势与展望 | 加快新型基础设施建设，夯实数字经济发展底座 | 坚持适度超前部署，推动网络设施和算力设施协同建设，提高覆盖水平。",
                // (its paragraph is the next page's: no point of this page's block)
                "trend | 形势与展望 | 推进产业数字化转型，携手构建协同创新体系 | ",
            ],
        ),
        // a section about something else gives nothing; nor does a table of contents
        ("一、市场规模\n1.市场快速增长 2.结构持续优化", &[]),
        ("目录\n一、发展趋势\n二、面临的挑战\n三、投资建议\n1.市场快速增长 2.结构持续优化", &[]),
        // the same title twice in a section is one fact
        (
            "一、发展趋势\n1.市场快速增长 2.结构持续优化\n8\n1.市场快速增长 2.结构持续优化",
            &["trend | 发展趋势 | 市场快速增长 | ", "trend | 发展趋势 | 结构持续优化 | "],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(items(text), *expected, "{text:?}");
    }
}
