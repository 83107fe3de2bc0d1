//! XLSX: one sheet per fact kind, numbers as numbers, with the quote and page.

use super::{DocumentInfo, neutralize};
use crate::extract::Fact;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

type Getter = fn(&Fact) -> Cell;

enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

fn text<T: ToString>(v: &Option<T>) -> Cell {
    v.as_ref().map_or(Cell::Empty, |x| Cell::Text(x.to_string()))
}

fn int(v: Option<i32>) -> Cell {
    v.map_or(Cell::Empty, |x| Cell::Number(f64::from(x)))
}

/// The columns of a kind's sheet after `document`: (header, getter).
fn columns(kind: &str) -> Vec<(&'static str, Getter)> {
    let page: (&str, Getter) = ("page", |f| Cell::Number(f.evidence().page as f64));
    let quote: (&str, Getter) = ("quote", |f| Cell::Text(f.evidence().quote.clone()));
    let mut cols: Vec<(&'static str, Getter)> = match kind {
        "market_size" => vec![
            ("year", |f| if let Fact::MarketSize(m) = f { int(m.year) } else { Cell::Empty }),
            ("region", |f| if let Fact::MarketSize(m) = f { text(&m.region) } else { Cell::Empty }),
            ("subject", |f| if let Fact::MarketSize(m) = f { text(&m.subject) } else { Cell::Empty }),
            ("value", |f| if let Fact::MarketSize(m) = f { Cell::Number(m.value.to_f64()) } else { Cell::Empty }),
            (
                "currency",
                |f| if let Fact::MarketSize(m) = f { Cell::Text(m.currency.to_string()) } else { Cell::Empty },
            ),
            ("approx", |f| if let Fact::MarketSize(m) = f { Cell::Text(m.approx.to_string()) } else { Cell::Empty }),
            (
                "forecast",
                |f| if let Fact::MarketSize(m) = f { Cell::Text(m.forecast.to_string()) } else { Cell::Empty },
            ),
            ("source", |f| if let Fact::MarketSize(m) = f { text(&m.source) } else { Cell::Empty }),
        ],
        "cagr" => vec![
            ("rate", |f| if let Fact::Cagr(c) = f { Cell::Number(c.rate.to_f64()) } else { Cell::Empty }),
            ("from_year", |f| if let Fact::Cagr(c) = f { int(c.from_year) } else { Cell::Empty }),
            ("to_year", |f| if let Fact::Cagr(c) = f { int(c.to_year) } else { Cell::Empty }),
            ("subject", |f| if let Fact::Cagr(c) = f { text(&c.subject) } else { Cell::Empty }),
            ("region", |f| if let Fact::Cagr(c) = f { text(&c.region) } else { Cell::Empty }),
            ("source", |f| if let Fact::Cagr(c) = f { text(&c.source) } else { Cell::Empty }),
        ],
        "policy" => vec![
            ("title", |f| if let Fact::Policy(p) = f { Cell::Text(p.title.clone()) } else { Cell::Empty }),
            ("region", |f| if let Fact::Policy(p) = f { text(&p.region) } else { Cell::Empty }),
            ("issuer", |f| if let Fact::Policy(p) = f { text(&p.issuer) } else { Cell::Empty }),
            ("date", |f| if let Fact::Policy(p) = f { text(&p.date) } else { Cell::Empty }),
            ("period_from", |f| if let Fact::Policy(p) = f { int(p.period_from) } else { Cell::Empty }),
            ("period_to", |f| if let Fact::Policy(p) = f { int(p.period_to) } else { Cell::Empty }),
            ("focus", |f| if let Fact::Policy(p) = f { text(&p.focus) } else { Cell::Empty }),
        ],
        "investment" => vec![
            ("actor", |f| if let Fact::Investment(i) = f { text(&i.actor) } else { Cell::Empty }),
            ("program", |f| if let Fact::Investment(i) = f { text(&i.program) } else { Cell::Empty }),
            ("value", |f| if let Fact::Investment(i) = f { Cell::Number(i.value.to_f64()) } else { Cell::Empty }),
            (
                "currency",
                |f| if let Fact::Investment(i) = f { Cell::Text(i.currency.to_string()) } else { Cell::Empty },
            ),
            ("deadline_year", |f| if let Fact::Investment(i) = f { int(i.deadline_year) } else { Cell::Empty }),
            ("purpose", |f| if let Fact::Investment(i) = f { text(&i.purpose) } else { Cell::Empty }),
        ],
        "trend" | "challenge" => vec![
            ("title", |f| f.outline().map_or(Cell::Empty, |o| Cell::Text(o.title.clone()))),
            ("section", |f| f.outline().map_or(Cell::Empty, |o| text(&o.section))),
            ("points", |f| f.outline().map_or(Cell::Empty, |o| Cell::Text(o.points.join("\n")))),
        ],
        _ => vec![
            ("name", |f| if let Fact::Source(s) = f { Cell::Text(s.name.clone()) } else { Cell::Empty }),
            ("date", |f| if let Fact::Source(s) = f { text(&s.date) } else { Cell::Empty }),
            ("attribution", |f| if let Fact::Source(s) = f { Cell::Text(s.text.clone()) } else { Cell::Empty }),
        ],
    };
    cols.push(page);
    cols.push(quote);
    cols
}

/// A workbook of the facts of `docs`: sheets `market_size`, `cagr`, `investment`, `policy`, `source`, `trend`, `challenge`.
pub fn workbook<'a>(docs: impl Iterator<Item = (DocumentInfo, &'a [Fact])>) -> Result<Vec<u8>, XlsxError> {
    let docs: Vec<(DocumentInfo, &[Fact])> = docs.collect();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for kind in ["market_size", "cagr", "investment", "policy", "source", "trend", "challenge"] {
        let sheet = book.add_worksheet();
        sheet.set_name(kind)?;
        let cols = columns(kind);
        sheet.write_string_with_format(0, 0, "document", &bold)?;
        for (c, (header, _)) in cols.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16 + 1, *header, &bold)?;
        }
        let mut row = 1u32;
        for (doc, facts) in &docs {
            for fact in facts.iter().filter(|f| f.kind() == kind) {
                sheet.write_string(row, 0, neutralize(&doc.path))?;
                for (c, (_, get)) in cols.iter().enumerate() {
                    let col = c as u16 + 1;
                    match get(fact) {
                        Cell::Text(t) => {
                            sheet.write_string(row, col, neutralize(&t))?;
                        }
                        Cell::Number(n) if n.is_finite() => {
                            sheet.write_number(row, col, n)?;
                        }
                        _ => {}
                    }
                }
                row += 1;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}
