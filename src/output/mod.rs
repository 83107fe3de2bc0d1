//! Output: facts to table, JSON, JSON Lines or CSV. Printers only: no extraction here.

#[cfg(feature = "cli")]
pub mod html;
mod markdown;
#[cfg(feature = "cli")]
pub(crate) mod table;
mod xlsx;

use crate::check::Check;
use crate::extract::Fact;
use crate::normalize::Document;
use serde::Serialize;
use std::io::Write;

pub use markdown::write_markdown;
#[cfg(feature = "cli")]
pub use table::write_table;
pub use xlsx::{Book, CELL_MAX, Written, workbook};

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

/// `1590000000` → `1,590,000,000`; decimals keep their fraction.
pub fn grouped(d: &crate::quantity::Decimal) -> String {
    let s = d.to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// One table per fact kind, for a terminal (with the `cli` feature: comfy-table)
    #[cfg(feature = "cli")]
    Table,
    /// One JSON object: the document, its facts and its checks
    Json,
    /// JSON Lines: one fact a line, each naming its document
    Jsonl,
    /// One row a fact under one fixed header for every kind
    Csv,
    /// Excel workbook: one sheet per fact kind (binary: not to a terminal)
    Xlsx,
    /// Markdown tables, for reports and pull requests
    Md,
    /// The review page (`report view`): one report's facts against its pages, for a browser
    #[cfg(feature = "cli")]
    Html,
}

impl Format {
    /// As `--format` names it.
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "cli")]
            Format::Table => "table",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Md => "md",
            #[cfg(feature = "cli")]
            Format::Html => "html",
        }
    }
}

/// Options for the spreadsheet formats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Start CSV with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
    /// Color the table for a terminal (`--color`): kind titles bold, warnings yellow.
    pub color: bool,
}

/// The JSON output of one document, as `report schema` describes it.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentOutput<'a> {
    #[schemars(extend("const" = 1))]
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
    #[schemars(extend("const" = 1))]
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

/// A fact's line of JSON Lines: its document, its id (`f1`, `f2`, … in the document's
/// order), the fact, and the id of an earlier fact it repeats (the same fields on
/// another page), so that a sum can count each figure once.
#[derive(Serialize)]
struct JsonLine<'a> {
    document: &'a str,
    id: String,
    #[serde(flatten)]
    fact: &'a Fact,
    #[serde(skip_serializing_if = "Option::is_none")]
    repeat_of: Option<String>,
}

/// A consistency check's line of JSON Lines (`kind: "check"`), naming the facts it
/// compared by their ids.
#[derive(Serialize)]
struct CheckLine<'a> {
    document: &'a str,
    kind: &'static str,
    check: &'static str,
    status: crate::check::Status,
    message: &'a str,
    facts: Vec<String>,
    stated: Option<f64>,
    implied: Option<f64>,
    page: usize,
}

/// A failed input's line of JSON Lines (`kind: "error"`).
#[derive(Serialize)]
struct ErrorLine<'a> {
    document: &'a str,
    kind: &'static str,
    error: &'a str,
    exit_code: i32,
}

fn fact_id(i: usize) -> String {
    format!("f{}", i + 1)
}

/// The JSON Lines of a document: a line a fact, then a line a check.
pub fn write_jsonl(out: &mut dyn Write, doc: &DocumentInfo, facts: &[Fact], checks: &[Check]) -> std::io::Result<()> {
    // what a fact says, its evidence aside: the same figure on two pages says the same
    let said = |f: &Fact| {
        let mut v = serde_json::to_value(f).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("evidence");
        }
        v.to_string()
    };
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, fact) in facts.iter().enumerate() {
        let key = said(fact);
        let repeat_of = match first.get(&key) {
            Some(&j) => Some(fact_id(j)),
            None => {
                first.insert(key, i);
                None
            }
        };
        serde_json::to_writer(&mut *out, &JsonLine { document: &doc.path, id: fact_id(i), fact, repeat_of })?;
        writeln!(out)?;
    }
    for c in checks {
        let line = CheckLine {
            document: &doc.path,
            kind: "check",
            check: c.check,
            status: c.status,
            message: &c.message,
            facts: c.facts.iter().map(|&i| fact_id(i)).collect(),
            stated: c.stated,
            implied: c.implied,
            page: c.page,
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The JSON Lines of the inputs of a batch that failed, a line each.
pub fn write_jsonl_errors(out: &mut dyn Write, errors: &[BatchError]) -> std::io::Result<()> {
    for e in errors {
        let line = ErrorLine { document: &e.path, kind: "error", error: &e.error, exit_code: e.exit_code };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes `facts` of `doc`, and its consistency `checks`, in `format` (CSV carries
/// facts only).
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
    let _stage = crate::timing::start(crate::timing::Stage::Output);
    match format {
        Format::Xlsx => {
            let book = Book { info: doc.clone(), facts, checks };
            let written = workbook(std::iter::once(book), &[]).map_err(std::io::Error::other)?;
            report_cuts(&doc.path, &written.warnings);
            out.write_all(&written.bytes)
        }
        Format::Md => write_markdown(out, doc, facts, checks),
        Format::Csv => write_csv_many(out, options, std::iter::once((doc.clone(), facts))),
        #[cfg(feature = "cli")]
        Format::Table => write_table(out, doc, facts, checks, options.color),
        Format::Json => {
            let report = DocumentOutput { schema_version: SCHEMA_VERSION, document: doc, facts, checks };
            let mut out = buffered(out);
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
            out.flush()
        }
        Format::Jsonl => {
            let mut out = buffered(out);
            write_jsonl(&mut out, doc, facts, checks)?;
            out.flush()
        }
        // (drawn from the document's pages, which a DocumentInfo does not hold)
        #[cfg(feature = "cli")]
        Format::Html => Err(std::io::Error::other("the HTML view is written from the document: html::write_html")),
    }
}

/// `out` behind a buffer of its own: serde_json writes a token at a time, and each
/// write through `dyn Write` (and the sinks behind it) costs a call; 64 KiB at a time
/// costs one.
pub(crate) fn buffered(out: &mut dyn Write) -> std::io::BufWriter<&mut dyn Write> {
    std::io::BufWriter::with_capacity(64 << 10, out)
}

/// Says on stderr, a line each, what a workbook had to cut to hold a text.
pub fn report_cuts(path: &str, warnings: &[String]) {
    for w in warnings {
        eprintln!("report: {path}: {w}");
    }
}

/// The CSV columns released, in the order scripts may rely on: those of
/// schema_version 1, then those added since, each at the end. A column a new kind
/// or field brings comes after them, in the registry's order ([`csv_columns`]),
/// until a release adds it here.
const CSV_COLUMNS_V1: &[&str] = &[
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
    // added since schema_version 1 came out
    "text",
    "holder",
    "share",
    "measure",
];

/// The CSV header: `document`, `kind`, every kind's columns and the evidence, each
/// once, in the order of schema_version 1, then any added since in the kinds' order.
pub fn csv_columns() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = CSV_COLUMNS_V1.to_vec();
    for kind in crate::extract::KINDS {
        for h in (kind.headers)() {
            if !out.contains(&h.name) {
                out.push(h.name);
            }
        }
    }
    out
}

/// One CSV for many documents: one header, then every document's rows; text cells
/// that would be formulas are neutralized.
pub fn write_csv_many<'a>(
    out: &mut dyn Write,
    options: Options,
    docs: impl Iterator<Item = (DocumentInfo, &'a [Fact])>,
) -> std::io::Result<()> {
    use crate::extract::registry::{Cell, EVIDENCE_COLUMNS, evidence_cells};
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let columns = csv_columns();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&columns)?;
    for (doc, facts) in docs {
        for fact in facts {
            let headers = (fact.entry().headers)();
            let names = headers.iter().map(|h| h.name).chain(EVIDENCE_COLUMNS.iter().copied());
            let mut row: Vec<(&str, Cell)> =
                vec![("document", Cell::Text(doc.path.clone())), ("kind", Cell::Code(fact.kind()))];
            row.extend(names.zip(fact.cells().into_iter().chain(evidence_cells(fact.evidence()))));
            w.write_record(columns.iter().map(|c| match row.iter().find(|(k, _)| k == c) {
                Some((_, cell @ (Cell::Text(_) | Cell::List(_)))) => neutralize(&cell.data()).into_owned(),
                Some((_, cell)) => cell.data(),
                None => String::new(),
            }))?;
        }
    }
    w.flush()
}
