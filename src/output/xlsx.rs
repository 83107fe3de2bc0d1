//! XLSX: one sheet per fact kind ([`crate::extract::registry`]): the document, the
//! kind's columns (the same the CSV has) and the evidence; then a sheet of the
//! consistency checks, one of the documents read and, in a batch, one of the inputs
//! that failed.
//!
//! What a spreadsheet shows is what the data means: amounts as numbers grouped by
//! thousands (`#,##0`, with the decimals the value has), flags as booleans, text as
//! it is (an XLSX string cell is never a formula: no guard), columns as wide as their
//! content (a CJK character counts two), long text wrapped and top-aligned, the header
//! row frozen under an autofilter.

use super::{BatchError, DocumentInfo};
use crate::check::Check;
use crate::extract::registry::{Cell, EVIDENCE_COLUMNS, evidence_cells};
use crate::extract::{Fact, KINDS};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The most characters an XLSX cell holds.
pub const CELL_MAX: usize = 32_767;

/// What ends a text cut to fit a cell.
const CUT_MARK: &str = "…[cut]";

/// The widest a column is made, in character widths; longer text wraps.
const WIDTH_MAX: f64 = 60.0;

/// One document of a workbook: what was read, its facts and its checks.
pub struct Book<'a> {
    pub info: DocumentInfo,
    pub facts: &'a [Fact],
    pub checks: &'a [Check],
}

/// The workbook's bytes and what it had to change to be one (a text cut to fit a
/// cell), a line each for stderr.
pub struct Written {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// How many columns a text takes in a sheet's default font: a CJK (wide) character
/// two, another one; the widest of its lines.
fn display_width(s: &str) -> f64 {
    s.lines()
        .map(|l| l.chars().map(|c| if crate::chars::is_wide(c) { 2.0 } else { 1.0 }).sum::<f64>())
        .fold(0.0, f64::max)
}

/// The decimals a number is written with (`12.5` → 1, `1590000000` → 0), at most 6.
fn decimals(d: &crate::quantity::Decimal) -> usize {
    d.to_string().split_once('.').map_or(0, |(_, f)| f.len().min(6))
}

/// A sheet being written: its formats, its columns' widths, what was cut.
struct Sheet<'s> {
    sheet: &'s mut Worksheet,
    numbers: Vec<Format>,
    wrap: Format,
    widths: Vec<f64>,
    /// The texts written, as (row, column, widest line, lines): row heights follow
    /// from them once the columns' widths are known (spreadsheets do not all fit rows
    /// to wrapped text on opening).
    texts: Vec<(u32, u16, f64, usize)>,
    flag: Format,
    /// Integers (years, pages) and codes: as they are, top-aligned like the rest.
    plain: Format,
    warnings: &'s mut Vec<String>,
    name: &'static str,
}

impl<'s> Sheet<'s> {
    fn new(
        sheet: &'s mut Worksheet,
        name: &'static str,
        headers: &[&str],
        warnings: &'s mut Vec<String>,
    ) -> Result<Sheet<'s>, XlsxError> {
        sheet.set_name(name)?;
        let bold = Format::new().set_bold();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        let numbers = (0..=6)
            .map(|d| {
                let pattern = if d == 0 { "#,##0".to_string() } else { format!("#,##0.{}", "0".repeat(d)) };
                Format::new().set_num_format(&pattern).set_align(FormatAlign::Top)
            })
            .collect();
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        // TRUE and FALSE as words in every spreadsheet (Calc shows a bare boolean as 1)
        let flag = Format::new().set_num_format("\"TRUE\";\"TRUE\";\"FALSE\"").set_align(FormatAlign::Top);
        // the header's width, with room for the autofilter's button
        let widths = headers.iter().map(|h| display_width(h) + 3.0).collect();
        let plain = Format::new().set_align(FormatAlign::Top);
        Ok(Sheet { sheet, numbers, wrap, widths, texts: Vec::new(), flag, plain, warnings, name })
    }

    fn fit(&mut self, col: u16, width: f64) {
        let w = &mut self.widths[col as usize];
        *w = w.max(width);
    }

    fn text(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        let cut: String;
        let s = if s.chars().count() > CELL_MAX {
            self.warnings.push(format!(
                "xlsx: sheet {}, row {}: a text of {} characters cut to {CELL_MAX} (it ends with {CUT_MARK})",
                self.name,
                row + 1,
                s.chars().count()
            ));
            cut = s.chars().take(CELL_MAX - CUT_MARK.chars().count()).chain(CUT_MARK.chars()).collect();
            cut.as_str()
        } else {
            s
        };
        self.fit(col, display_width(s));
        self.texts.push((row, col, display_width(s), s.lines().count().max(1)));
        self.sheet.write_string_with_format(row, col, s, &self.wrap)?;
        Ok(())
    }

    fn cell(&mut self, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
        match cell {
            Cell::Empty => {}
            Cell::Number(d) => {
                let n = d.to_f64();
                if n.is_finite() {
                    let f = &self.numbers[decimals(d)];
                    self.sheet.write_number_with_format(row, col, n, f)?;
                    let shown = super::grouped(d);
                    self.fit(col, shown.len() as f64 + 1.0);
                }
            }
            Cell::Int(i) => {
                self.sheet.write_number_with_format(row, col, *i as f64, &self.plain)?;
                self.fit(col, i.to_string().len() as f64 + 1.0);
            }
            Cell::Flag(b, _, _) => {
                self.sheet.write_boolean_with_format(row, col, *b, &self.flag)?;
                self.fit(col, 6.0);
            }
            Cell::Code(c) => {
                self.sheet.write_string_with_format(row, col, *c, &self.plain)?;
                self.fit(col, display_width(c));
            }
            Cell::Text(_) | Cell::List(_) => self.text(row, col, &cell.data())?,
        }
        Ok(())
    }

    fn finish(self, rows: u32) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.sheet.set_column_width(c as u16, w.min(WIDTH_MAX) + 1.0)?;
        }
        // each row as tall as its most wrapped text (at most 15 lines)
        let mut lines: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
        for &(row, col, width, breaks) in &self.texts {
            let column = self.widths[col as usize].min(WIDTH_MAX);
            let wrapped = ((width / column).ceil() as usize).max(breaks);
            let n = lines.entry(row).or_insert(1);
            *n = (*n).max(wrapped);
        }
        for (row, n) in lines.into_iter().filter(|&(_, n)| n > 1) {
            self.sheet.set_row_height(row, 15.0 * n.min(15) as f64)?;
        }
        self.sheet.set_freeze_panes(1, 0)?;
        // printed (or exported to PDF): landscape, every column on the page's width,
        // the header on every page
        self.sheet.set_landscape();
        self.sheet.set_print_fit_to_pages(1, 0);
        self.sheet.set_repeat_rows(0, 0)?;
        if !self.widths.is_empty() {
            self.sheet.autofilter(0, 0, rows.max(1) - 1, self.widths.len() as u16 - 1)?;
        }
        Ok(())
    }
}

/// A workbook of the facts of `docs`: a sheet per kind, in the registry's order, then
/// `checks`, `documents` and (when any failed) `errors`.
pub fn workbook<'a>(docs: impl Iterator<Item = Book<'a>>, errors: &[BatchError]) -> Result<Written, XlsxError> {
    let docs: Vec<Book> = docs.collect();
    let mut book = Workbook::new();
    let mut warnings = Vec::new();
    for kind in KINDS {
        let names: Vec<&str> = std::iter::once("document")
            .chain((kind.headers)().iter().map(|h| h.name))
            .chain(EVIDENCE_COLUMNS.iter().copied())
            .collect();
        let mut sheet = Sheet::new(book.add_worksheet(), kind.name, &names, &mut warnings)?;
        let mut row = 1u32;
        for doc in &docs {
            for fact in doc.facts.iter().filter(|f| f.kind() == kind.name) {
                sheet.text(row, 0, &doc.info.path)?;
                let cells = fact.cells().into_iter().chain(evidence_cells(fact.evidence()));
                for (c, cell) in cells.enumerate() {
                    sheet.cell(row, c as u16 + 1, &cell)?;
                }
                row += 1;
            }
        }
        sheet.finish(row)?;
    }
    // the consistency checks, each with the facts it compared (row numbers of the
    // document's facts, 1-based as `report extract -f json` lists them)
    let headers = ["document", "check", "status", "message", "stated", "implied", "page", "facts"];
    let mut sheet = Sheet::new(book.add_worksheet(), "checks", &headers, &mut warnings)?;
    let mut row = 1u32;
    for doc in &docs {
        for c in doc.checks {
            sheet.text(row, 0, &doc.info.path)?;
            sheet.cell(row, 1, &Cell::Code(c.check))?;
            sheet.cell(row, 2, &Cell::Code(c.status.name()))?;
            sheet.text(row, 3, &c.message)?;
            for (col, v) in [(4u16, c.stated), (5, c.implied)] {
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    sheet.sheet.write_number(row, col, v)?;
                    sheet.fit(col, format!("{v}").len() as f64);
                }
            }
            sheet.cell(row, 6, &Cell::Int(c.page as i64))?;
            let facts: Vec<String> = c.facts.iter().map(|i| (i + 1).to_string()).collect();
            sheet.text(row, 7, &facts.join(", "))?;
            row += 1;
        }
    }
    sheet.finish(row)?;
    // the documents read
    let headers = [
        "document",
        "sha256",
        "format",
        "encoding",
        "pages",
        "failed_pages",
        "empty_pages",
        "garbled_pages",
        "likely_scanned",
        "facts",
    ];
    let mut sheet = Sheet::new(book.add_worksheet(), "documents", &headers, &mut warnings)?;
    let mut row = 1u32;
    let pages = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    for doc in &docs {
        let d = &doc.info;
        sheet.text(row, 0, &d.path)?;
        sheet.cell(row, 1, &Cell::Text(d.sha256.clone()))?;
        sheet.cell(row, 2, &Cell::Code(d.format.name()))?;
        if let Some(e) = d.encoding {
            sheet.cell(row, 3, &Cell::Code(e))?;
        }
        sheet.cell(row, 4, &Cell::Int(d.pages as i64))?;
        sheet.text(row, 5, &pages(&d.failed_pages))?;
        sheet.text(row, 6, &pages(&d.diagnostics.empty_pages))?;
        sheet.text(row, 7, &pages(&d.diagnostics.garbled_pages))?;
        sheet.cell(row, 8, &Cell::Flag(d.diagnostics.likely_scanned, "", ""))?;
        sheet.cell(row, 9, &Cell::Int(doc.facts.len() as i64))?;
        row += 1;
    }
    sheet.finish(row)?;
    if !errors.is_empty() {
        let mut sheet = Sheet::new(book.add_worksheet(), "errors", &["document", "error", "exit_code"], &mut warnings)?;
        for (i, e) in errors.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.text(row, 0, &e.path)?;
            sheet.text(row, 1, &e.error)?;
            sheet.cell(row, 2, &Cell::Int(i64::from(e.exit_code)))?;
        }
        sheet.finish(errors.len() as u32 + 1)?;
    }
    Ok(Written { bytes: book.save_to_buffer()?, warnings })
}
