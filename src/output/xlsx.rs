//! XLSX: one sheet per fact kind ([`crate::extract::registry`]): the document, the
//! kind's columns and the evidence; numbers as numbers, flags as booleans.

use super::{DocumentInfo, neutralize};
use crate::extract::registry::{Cell, EVIDENCE_COLUMNS, evidence_cells};
use crate::extract::{Fact, KINDS};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Number(d) => {
            let n = d.to_f64();
            if n.is_finite() {
                sheet.write_number(row, col, n)?;
            }
        }
        Cell::Int(i) => {
            sheet.write_number(row, col, *i as f64)?;
        }
        Cell::Flag(b, _, _) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Cell::Code(c) => {
            sheet.write_string(row, col, *c)?;
        }
        Cell::Text(_) | Cell::List(_) => {
            sheet.write_string(row, col, neutralize(&cell.data()))?;
        }
    }
    Ok(())
}

/// A workbook of the facts of `docs`: a sheet per kind, in the registry's order.
pub fn workbook<'a>(docs: impl Iterator<Item = (DocumentInfo, &'a [Fact])>) -> Result<Vec<u8>, XlsxError> {
    let docs: Vec<(DocumentInfo, &[Fact])> = docs.collect();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for kind in KINDS {
        let sheet = book.add_worksheet();
        sheet.set_name(kind.name)?;
        let names: Vec<&str> = std::iter::once("document")
            .chain((kind.headers)().iter().map(|h| h.name))
            .chain(EVIDENCE_COLUMNS.iter().copied())
            .collect();
        for (c, name) in names.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *name, &bold)?;
        }
        let mut row = 1u32;
        for (doc, facts) in &docs {
            for fact in facts.iter().filter(|f| f.kind() == kind.name) {
                sheet.write_string(row, 0, neutralize(&doc.path))?;
                let cells = fact.cells().into_iter().chain(evidence_cells(fact.evidence()));
                for (c, cell) in cells.enumerate() {
                    write_cell(sheet, row, c as u16 + 1, &cell)?;
                }
                row += 1;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}
