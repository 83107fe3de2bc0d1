//! Output: facts to table, JSON, JSON Lines or CSV. Printers only: no extraction here.

mod markdown;
pub(crate) mod table;
mod xlsx;

use crate::check::Check;
use crate::extract::Fact;
use crate::normalize::Document;
use serde::Serialize;
use std::io::Write;

pub use markdown::write_markdown;
pub use table::write_table;
pub use xlsx::workbook;

/// A text cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return)
/// would be read as a formula by a spreadsheet: a hostile report could plant one in
/// an analyst's sheet. Such cells get a leading apostrophe. Numbers are not text.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Text made safe for a terminal: control characters (C0 but newline and tab, DEL,
/// C1: `ESC [ 2 J` would clear the screen) and bidirectional controls (U+202E turns
/// what follows around) are written as visible escapes, `\u{1b}`, `\u{202e}`.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The version of the JSON, JSONL and CSV shapes. Bumped on any change to a
/// field name, a field's meaning, or an exit code.
pub const SCHEMA_VERSION: u32 = 1;

/// The `document` block: what was read.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInfo {
    pub path: String,
    pub sha256: String,
    pub pages: usize,
    pub format: crate::ingest::Format,
    pub encoding: Option<&'static str>,
    /// 1-based numbers of PDF pages whose text could not be decoded (empty if none).
    pub failed_pages: Vec<usize>,
    /// Empty and garbled pages, unmapped glyphs, likely scanned.
    pub diagnostics: crate::ingest::Diagnostics,
}

impl DocumentInfo {
    pub fn of(doc: &Document) -> DocumentInfo {
        DocumentInfo {
            path: doc.path.clone(),
            sha256: doc.sha256.clone(),
            pages: doc.pages.len(),
            format: doc.format,
            encoding: doc.encoding,
            failed_pages: doc.failed_pages.clone(),
            diagnostics: doc.diagnostics.clone(),
        }
    }
}

/// The output formats of `report extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    /// Excel workbook: one sheet per fact kind (binary: not to a terminal)
    Xlsx,
    /// Markdown tables, for reports and pull requests
    Md,
}

/// Options for the spreadsheet formats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Start CSV with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
}

/// The JSON output of one document, as `report schema` describes it.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentOutput<'a> {
    pub schema_version: u32,
    pub document: &'a DocumentInfo,
    pub facts: &'a [Fact],
    pub checks: &'a [Check],
}

/// A document of a batch.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchDocument<'a> {
    pub document: DocumentInfo,
    pub facts: &'a [Fact],
    pub checks: &'a [Check],
}

/// An input of a batch that failed.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchError {
    pub path: String,
    pub error: String,
    pub exit_code: i32,
}

/// The JSON output of several documents.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchOutput<'a> {
    pub schema_version: u32,
    pub documents: Vec<BatchDocument<'a>>,
    pub errors: Vec<BatchError>,
}

/// What `report extract --format json` prints: one document, or a batch.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(untagged)]
#[schemars(title = "report extract --format json")]
pub enum JsonOutput<'a> {
    Document(DocumentOutput<'a>),
    Batch(BatchOutput<'a>),
}

/// The JSON Schema of `extract --format json` (schema_version 1).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(JsonOutput<'static>)).unwrap_or_default()
}

#[derive(Serialize)]
struct JsonLine<'a> {
    document: &'a str,
    #[serde(flatten)]
    fact: &'a Fact,
}

/// Writes `facts` of `doc`, and its consistency `checks`, in `format` (JSON Lines
/// and CSV carry facts only).
pub fn write(
    out: &mut dyn Write,
    format: Format,
    doc: &DocumentInfo,
    facts: &[Fact],
    checks: &[Check],
) -> std::io::Result<()> {
    write_with(out, format, Options::default(), doc, facts, checks)
}

/// [`write`] with options (`--bom`).
pub fn write_with(
    out: &mut dyn Write,
    format: Format,
    options: Options,
    doc: &DocumentInfo,
    facts: &[Fact],
    checks: &[Check],
) -> std::io::Result<()> {
    match format {
        Format::Xlsx => {
            let bytes = workbook(std::iter::once((doc.clone(), facts))).map_err(std::io::Error::other)?;
            out.write_all(&bytes)
        }
        Format::Md => write_markdown(out, doc, facts, checks),
        Format::Csv => write_csv_many(out, options, std::iter::once((doc.clone(), facts))),
        Format::Table => write_table(out, doc, facts, checks),
        Format::Json => {
            let report = DocumentOutput { schema_version: SCHEMA_VERSION, document: doc, facts, checks };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for fact in facts {
                serde_json::to_writer(&mut *out, &JsonLine { document: &doc.path, fact })?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

/// The CSV columns, in their fixed order.
pub const CSV_COLUMNS: &[&str] = &[
    "document",
    "kind",
    "subject",
    "region",
    "year",
    "value",
    "currency",
    "approx",
    "qualifier",
    "forecast",
    "rate",
    "from_year",
    "to_year",
    "name",
    "date",
    "source",
    "page",
    "start",
    "end",
    "quote",
    "actor",
    "actor_inferred_from",
    "program",
    "converted_value",
    "converted_currency",
    "horizon_years",
    "deadline_year",
    "purpose",
    "title",
    "issuer",
    "period_from",
    "period_to",
    "focus",
    "section",
    "points",
];

/// The CSV columns that hold text (the others hold numbers, booleans or codes).
const CSV_TEXT_COLUMNS: &[&str] = &[
    "document", "subject", "region", "name", "source", "quote", "program", "purpose", "title", "issuer", "focus",
    "section", "points",
];

/// One CSV for many documents: one header, then every document's rows; text cells
/// that would be formulas are neutralized.
pub fn write_csv_many<'a>(
    out: &mut dyn Write,
    options: Options,
    docs: impl Iterator<Item = (DocumentInfo, &'a [Fact])>,
) -> std::io::Result<()> {
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for (doc, facts) in docs {
        for fact in facts {
            let row = csv_row(&doc.path, fact);
            w.write_record(CSV_COLUMNS.iter().map(|c| {
                let cell = row.iter().find(|(k, _)| k == c).map_or("", |(_, v)| v.as_str());
                if CSV_TEXT_COLUMNS.contains(c) { neutralize(cell).into_owned() } else { cell.to_string() }
            }))?;
        }
    }
    w.flush()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(String::new, T::to_string)
}

fn qualifier(q: &Option<crate::quantity::Qualifier>) -> String {
    q.map(|q| serde_json::to_value(q).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
        .unwrap_or_default()
}

/// One fact as (column, cell) pairs; numbers as exact decimals.
fn csv_row(document: &str, fact: &Fact) -> Vec<(&'static str, String)> {
    let e = fact.evidence();
    let mut row = vec![
        ("document", document.to_string()),
        ("kind", fact.kind().to_string()),
        ("page", e.page.to_string()),
        ("start", e.start.to_string()),
        ("end", e.end.to_string()),
        ("quote", e.quote.clone()),
    ];
    match fact {
        Fact::MarketSize(m) => row.extend([
            ("subject", opt(&m.subject)),
            ("region", opt(&m.region)),
            ("year", opt(&m.year)),
            ("value", m.value.to_string()),
            ("currency", m.currency.to_string()),
            ("approx", m.approx.to_string()),
            ("qualifier", qualifier(&m.qualifier)),
            ("forecast", m.forecast.to_string()),
            ("source", opt(&m.source)),
        ]),
        Fact::Cagr(c) => row.extend([
            ("subject", opt(&c.subject)),
            ("region", opt(&c.region)),
            ("rate", c.rate.to_string()),
            ("from_year", opt(&c.from_year)),
            ("to_year", opt(&c.to_year)),
            ("source", opt(&c.source)),
        ]),
        Fact::Source(s) => row.extend([("name", s.name.clone()), ("date", opt(&s.date))]),
        Fact::Policy(p) => row.extend([
            ("title", p.title.clone()),
            ("region", opt(&p.region)),
            ("issuer", opt(&p.issuer)),
            ("date", opt(&p.date)),
            ("period_from", opt(&p.period_from)),
            ("period_to", opt(&p.period_to)),
            ("focus", opt(&p.focus)),
        ]),
        Fact::Investment(i) => row.extend([
            ("actor", opt(&i.actor)),
            ("actor_inferred_from", opt(&i.actor_inferred_from)),
            ("program", opt(&i.program)),
            ("value", i.value.to_string()),
            ("currency", i.currency.to_string()),
            ("qualifier", qualifier(&i.qualifier)),
            ("converted_value", i.converted.as_ref().map_or_else(String::new, |m| m.value.to_string())),
            ("converted_currency", i.converted.as_ref().map_or_else(String::new, |m| m.currency.to_string())),
            ("horizon_years", opt(&i.horizon_years)),
            ("deadline_year", opt(&i.deadline_year)),
            ("purpose", opt(&i.purpose)),
            ("source", opt(&i.source)),
        ]),
        Fact::Trend(o) | Fact::Challenge(o) => row.extend([
            ("title", o.title.clone()),
            ("section", opt(&o.section)),
            // one point a line: a spreadsheet shows them as lines of one cell
            ("points", o.points.join("\n")),
        ]),
    }
    row
}
