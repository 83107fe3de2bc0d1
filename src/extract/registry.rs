//! The registry of fact kinds: each kind's name, its place in the output, its
//! columns and its extractor, written once (in [`kinds!`] below and in the kind's
//! own module) and read by every renderer (table, JSON, JSON Lines, CSV, XLSX,
//! Markdown) and by the tests' one-line rendering. Adding a field is one edit to
//! the kind's `COLUMNS`; adding a kind is its module and one line here.
//!
//! A kind's module defines its fact (a struct with an `evidence`), its `COLUMNS`
//! (one per field of the fact's JSON, in the order the views show them) and its
//! `extract` over a [`Part`] of the document.

use super::context::Context;
use super::{Cagr, Investment, MarketShare, MarketSize, OutlineItem, Policy, Source};
use super::{Evidence, Found, cagr, investment, market_share, market_size, outline, policy, source};
use crate::quantity::{Decimal, Qualifier};
use serde::Serialize;

/// A cell of a fact's row, typed: each renderer writes it its way (a number as a
/// number in XLSX, grouped `1,590,000,000` in the table, exact in CSV).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text from the document (neutralized in spreadsheets).
    Text(String),
    /// A code or a closed word: an ISO code, a currency, a qualifier.
    Code(&'static str),
    Number(Decimal),
    Int(i64),
    /// A flag, and the words the views for people show for true and for false.
    Flag(bool, &'static str, &'static str),
    /// Texts, one a line in a spreadsheet's cell; their count in the views for people.
    List(Vec<String>),
}

impl Cell {
    pub fn text(v: &Option<String>) -> Cell {
        v.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }

    pub fn code(v: Option<&'static str>) -> Cell {
        v.map_or(Cell::Empty, Cell::Code)
    }

    pub fn int(v: Option<i32>) -> Cell {
        v.map_or(Cell::Empty, |x| Cell::Int(i64::from(x)))
    }

    pub fn qualifier(q: Option<Qualifier>) -> Cell {
        q.map_or(Cell::Empty, |q| Cell::Code(q.name()))
    }

    /// The cell as data (CSV): exact numbers, `true`/`false`, lines; empty for none.
    pub fn data(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Code(s) => s.to_string(),
            Cell::Number(d) => d.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Flag(b, _, _) => b.to_string(),
            Cell::List(v) => v.join("\n"),
        }
    }

    /// The cell for a person: `-` for none, a flag's word, a list's count; numbers
    /// grouped by thousands when `grouped`.
    pub fn human(&self, grouped: bool) -> String {
        match self {
            Cell::Empty => "-".to_string(),
            Cell::Number(d) if grouped => crate::output::grouped(d),
            Cell::Flag(b, yes, no) => if *b { yes } else { no }.to_string(),
            Cell::List(v) => v.len().to_string(),
            other => other.data(),
        }
    }
}

/// A column of a kind: its name (the JSON field's; CSV and XLSX headers), whether
/// the views for people (table, Markdown) show it, and how to read it from a fact.
pub struct Column<T> {
    pub name: &'static str,
    pub brief: bool,
    pub get: fn(&T) -> Cell,
}

impl<T> Column<T> {
    /// A column the table and Markdown views show.
    pub const fn brief(name: &'static str, get: fn(&T) -> Cell) -> Column<T> {
        Column { name, brief: true, get }
    }

    /// A column of the data formats only (CSV, XLSX, JSON).
    pub const fn full(name: &'static str, get: fn(&T) -> Cell) -> Column<T> {
        Column { name, brief: false, get }
    }
}

/// A column's name and whether it is brief, whatever its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub name: &'static str,
    pub brief: bool,
}

/// The columns every fact has after its kind's: its evidence.
pub const EVIDENCE_COLUMNS: &[&str] = &["page", "start", "end", "quote"];

/// The evidence cells, in [`EVIDENCE_COLUMNS`] order.
pub fn evidence_cells(e: &Evidence) -> [Cell; 4] {
    [Cell::Int(e.page as i64), Cell::Int(e.start as i64), Cell::Int(e.end as i64), Cell::Text(e.quote.clone())]
}

/// What a kind's extractor is given: a part of the document (the whole of a short
/// one) and the facts the kinds before it found there.
pub(crate) struct Part<'a> {
    pub ctx: &'a Context<'a>,
    /// The part's own data sources (found before the parts are read).
    pub sources: &'a [Found<Source>],
    /// Binds a fact to the nearest source of the whole document.
    pub nearest: &'a source::Nearest<'a>,
    /// The report's date (year, month): later years are forecasts.
    pub report_date: Option<(i32, u32)>,
    /// The tables of the part's pages ([`crate::tables`]).
    pub tables: &'a [crate::tables::Table],
    /// What naming policies in running text needs of the whole document.
    pub policy_names: &'a super::policy::Named,
    /// The facts found so far, by the kinds before in [`KINDS`], a vector a kind (each
    /// kept as its kind gave it, and all joined once at the end, not copied into one
    /// growing vector kind by kind).
    pub found: Vec<Vec<Found<Fact>>>,
}

impl Part<'_> {
    /// The name of the data source nearest to the bytes `span`, on their page.
    pub fn source_of(&self, span: std::ops::Range<usize>) -> Option<String> {
        self.nearest.name(self.ctx, span)
    }

    /// [`Part::source_of`] for a fact of `region`: without the bodies whose data
    /// covers another region only (`data/source_scopes.tsv`: 国家统计局 is China's).
    pub fn source_for(&self, span: std::ops::Range<usize>, region: Option<&str>) -> Option<String> {
        self.source_of(span).and_then(|name| source::for_region(&name, region))
    }
}

/// What finds the facts of a kind in a part.
pub(crate) type Extractor = fn(&Part) -> Vec<Found<Fact>>;

/// A kind's entry: its name, its columns, and what finds its facts (none where
/// another kind's extractor finds them too: trends with challenges).
pub struct Kind {
    pub name: &'static str,
    pub headers: fn() -> Vec<Header>,
    pub(crate) extract: Option<Extractor>,
}

fn headers<T>(columns: &[Column<T>]) -> Vec<Header> {
    columns.iter().map(|c| Header { name: c.name, brief: c.brief }).collect()
}

fn cells<T>(columns: &[Column<T>], fact: &T) -> Vec<Cell> {
    columns.iter().map(|c| (c.get)(fact)).collect()
}

/// The kinds: the variant of [`Fact`], its fact's type, its name, its module.
/// Their order is the order of the views (tables, sheets) and the order in which
/// they are extracted: a kind may read the facts of those before it.
macro_rules! kinds {
    ($($variant:ident($ty:ty) = $name:literal in $module:ident $(, extracted by $by:literal)?;)*) => {
        /// A fact, tagged by `kind` in JSON.
        #[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Fact {
            $($variant($ty),)*
        }

        /// Every kind, in order.
        pub static KINDS: &[Kind] = &[
            $(Kind {
                name: $name,
                headers: || headers($module::COLUMNS),
                extract: kinds!(@extract $module $(, $by)?),
            },)*
        ];

        impl Fact {
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Fact::$variant(_) => $name,)*
                }
            }

            pub fn evidence(&self) -> &Evidence {
                match self {
                    $(Fact::$variant(f) => &f.evidence,)*
                }
            }

            pub(crate) fn evidence_mut(&mut self) -> &mut Evidence {
                match self {
                    $(Fact::$variant(f) => &mut f.evidence,)*
                }
            }

            /// The fact's cells, one per column of its kind ([`Kind::headers`]).
            pub fn cells(&self) -> Vec<Cell> {
                match self {
                    $(Fact::$variant(f) => cells($module::COLUMNS, f),)*
                }
            }
        }
    };
    (@extract $module:ident) => { Some($module::extract_part as Extractor) };
    (@extract $module:ident, $by:literal) => { None };
}

kinds! {
    MarketSize(MarketSize) = "market_size" in market_size;
    Cagr(Cagr) = "cagr" in cagr;
    MarketShare(MarketShare) = "market_share" in market_share;
    Investment(Investment) = "investment" in investment;
    Policy(Policy) = "policy" in policy;
    Source(Source) = "source" in source;
    Trend(OutlineItem) = "trend" in outline;
    Challenge(OutlineItem) = "challenge" in outline, extracted by "trend";
}

impl Fact {
    /// The item of a `trend` or `challenge` fact.
    pub fn outline(&self) -> Option<&OutlineItem> {
        match self {
            Fact::Trend(f) | Fact::Challenge(f) => Some(f),
            _ => None,
        }
    }

    /// This fact's entry in [`KINDS`].
    pub fn entry(&self) -> &'static Kind {
        kind(self.kind()).expect("every variant is registered")
    }
}

/// The entry of the kind named `name`.
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The position of kind `name` in [`KINDS`]: orders facts found at one place.
pub(crate) fn rank(name: &str) -> usize {
    KINDS.iter().position(|k| k.name == name).unwrap_or(KINDS.len())
}

/// `kind p{page} | cell | ...`: a fact on one line, its brief columns as the table
/// shows them but with exact numbers (what tests compare).
pub fn line(fact: &Fact) -> String {
    let mut out = format!("{} p{}", fact.kind(), fact.evidence().page);
    let headers = (fact.entry().headers)();
    for (h, c) in headers.iter().zip(fact.cells()) {
        if h.brief {
            out.push_str(" | ");
            out.push_str(&c.human(false));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON keys of a fact of every kind, but for its `kind` and `evidence`, and a
    /// `converted` object's fields as `converted_value`, `converted_currency`.
    fn json_keys(fact: &Fact) -> Vec<String> {
        let serde_json::Value::Object(o) = serde_json::to_value(fact).unwrap() else { panic!("an object") };
        let mut keys = Vec::new();
        for (k, v) in o {
            match (k.as_str(), v) {
                ("kind" | "evidence", _) => {}
                (_, serde_json::Value::Object(inner)) => keys.extend(inner.keys().map(|i| format!("{k}_{i}"))),
                ("converted", _) => keys.extend(["converted_value".to_string(), "converted_currency".to_string()]),
                _ => keys.push(k),
            }
        }
        keys.sort();
        keys
    }

    fn facts() -> Vec<Fact> {
        let text = "来源：某研究院，2025年3月\n2024年全球工业软件市场规模约为5200亿美元，2020-2024年复合增长率约为6%。\n日本政府计划投入10兆日元（约650亿美元）发展半导体。\n某企业占全球市场份额的12%。\n工信部发布《数字化转型实施方案（2025-2027年）》。\n";
        let raw = crate::ingest::from_bytes(std::path::Path::new("t.txt"), text.as_bytes()).unwrap();
        super::super::extract(&crate::normalize::Document::from_raw(raw))
    }

    /// Every JSON field of a fact has its column, and every column is a JSON field:
    /// the views cannot miss a field or show one the JSON lacks.
    #[test]
    fn the_columns_are_the_json_fields() {
        let facts = facts();
        let kinds: Vec<&str> = facts.iter().map(Fact::kind).collect();
        for k in ["source", "market_size", "cagr", "market_share", "investment", "policy"] {
            assert!(kinds.contains(&k), "no {k} in {kinds:?}");
        }
        for f in &facts {
            let mut columns: Vec<String> = (f.entry().headers)().iter().map(|h| h.name.to_string()).collect();
            columns.sort();
            assert_eq!(columns, json_keys(f), "{}", f.kind());
            assert_eq!(f.cells().len(), columns.len());
        }
    }

    /// The names here are the names serde tags the variants with.
    #[test]
    fn kind_names_are_the_json_tags() {
        for f in facts() {
            assert_eq!(serde_json::to_value(&f).unwrap()["kind"], f.kind());
        }
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        assert_eq!(
            names,
            ["market_size", "cagr", "market_share", "investment", "policy", "source", "trend", "challenge"]
        );
    }

    #[test]
    fn a_line_shows_the_brief_columns() {
        let facts = facts();
        let lines: Vec<String> = facts.iter().map(line).collect();
        assert_eq!(
            lines,
            [
                "source p1 | 某研究院 | 2025-03",
                "market_size p1 | 2024 | global | 全球工业软件 | 520000000000 | USD | approx | actual | 某研究院",
                "cagr p1 | 6 | 2020 | 2024 | 全球工业软件 | global | 某研究院",
                "investment p1 | JP | - | - | 10000000000000 | JPY | - | 65000000000 | USD | - | 发展半导体",
                "market_share p1 | - | global | 某企业 | 12 | 某研究院",
                "policy p1 | 数字化转型实施方案（2025-2027年） | CN | 工信部 | - | 2025 | 2027",
            ]
        );
    }
}
