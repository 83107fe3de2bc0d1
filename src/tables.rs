//! Tables: the text tables of a PDF page, rebuilt from its positioned words (the
//! way pdfplumber's text strategy and Camelot's and Tabula's stream modes do it:
//! words → lines by baseline → cells by gaps → columns by alignment).
//!
//! A table here is a header row of periods (`2020 2021 2022E 2023E`, `2022 产值`,
//! `2022-2027E CAGR`: three or more) and the rows under it whose cells stand under
//! those columns; the cells left of the first column are the row's label (a label
//! that wraps onto the next line is joined). Its title is the line right above the
//! header, its unit the one a label, the title or a `单位：` line writes in brackets,
//! its source the attribution right under it. Charts' data labels have no header
//! of periods and stay out.

use crate::normalize::{Document, PlacedWord};
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// A cell of a table: its text, its box, and the bytes of the normalized text it
/// came from (its first and last word's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    pub bbox: [f32; 4],
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Its words (indices into the page's words) in reading order, each with whether
    /// a space goes before it: `text` is theirs so joined.
    #[serde(skip)]
    pub words: Vec<(usize, bool)>,
}

impl Cell {
    /// `other` joined to this cell, after `sep`: its text, box and bytes too.
    fn absorb(&mut self, sep: &str, other: &Cell) {
        self.text.push_str(sep);
        self.text.push_str(&other.text);
        let at = self.words.len();
        self.words.extend(&other.words);
        if let Some(w) = self.words.get_mut(at) {
            w.1 = !sep.is_empty();
        }
        for i in 0..2 {
            self.bbox[i] = self.bbox[i].min(other.bbox[i]);
            self.bbox[i + 2] = self.bbox[i + 2].max(other.bbox[i + 2]);
        }
        if let (Some(a), Some(b)) = (&self.span, &other.span) {
            self.span = Some(a.start.min(b.start)..a.end.max(b.end));
        } else if self.span.is_none() {
            self.span = other.span.clone();
        }
    }

    /// Cells joined into one, after `sep` each (`None` for none).
    fn joined<'c>(mut cells: impl Iterator<Item = &'c Cell>, sep: &str) -> Option<Cell> {
        let mut first = cells.next()?.clone();
        for c in cells {
            first.absorb(sep, c);
        }
        Some(first)
    }
}

/// A table of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// 1-based page.
    pub page: usize,
    /// 1-based, on its page, top to bottom.
    pub index: usize,
    /// Its box in PDF user space: x0, y0, x1, y1 (points, y up).
    pub bbox: [f32; 4],
    pub title: Option<String>,
    /// The unit its title or a `单位` line gives, as written (`亿美元`).
    pub unit: Option<String>,
    /// How many of `rows` are header rows (the first ones).
    pub header_rows: usize,
    /// Where its periods stand: `columns` (a header of years) or `rows` (a first
    /// column of years under a header of measures).
    pub periods: &'static str,
    /// The rows, header first; each row's first cell is its label (empty where it has none).
    pub rows: Vec<Vec<String>>,
    /// The attribution under it (`来源：…`), after its label.
    pub source: Option<String>,
    /// The cells behind `rows` (none where a row has no cell in a column).
    #[serde(skip)]
    pub cells: Vec<Vec<Option<Cell>>>,
}

/// A period in a header cell: `2022`, `2022E`, `2023年`, `2022 产值`, `2022-2027E CAGR`.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:19|20)\d{2}(?:[EeFfAaPp]|年[EeFf]?)?(?:\s*[-–~至](?:19|20)?\d{2}[EeFfAaPp]?年?)?(?:\s*\S{0,8})?$")
        .unwrap()
});
static YEARISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d{2}").unwrap());
/// A figure: `344`, `13.73`, `-2.5`, `9.32%`, `1,200`, or a dash for none.
static FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-+]?[\d,]*\.?\d+\s*[%％]?|[-—–]{1,2}|N/?A)$").unwrap());
/// A unit in brackets: `（亿美元）`, `(百万美元)`, `单位：亿元`.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[（(]\s*(?:单位[:：]\s*)?([^（）()]{1,8}?)\s*[）)]|单位[:：]\s*(\S{1,8}))").unwrap()
});

/// One line of a page: its cells, left to right, and its baseline.
#[derive(Debug, Clone)]
struct Line {
    cells: Vec<Cell>,
    baseline: f32,
    size: f32,
}

impl Line {
    /// The line's text: its cells joined, a space where the gap between two is one.
    fn text(&self) -> String {
        let mut out = String::new();
        for (i, c) in self.cells.iter().enumerate() {
            if i > 0 && spaced(&self.cells[i - 1].text, &c.text, c.bbox[0] - self.cells[i - 1].bbox[2], self.size) {
                out.push(' ');
            }
            out.push_str(&c.text);
        }
        out
    }
}

/// Is a gap of `gap` points between `before` and `after` a space, as the text layer
/// judges it: an em between CJK chars, a quarter em beside Latin text?
fn spaced(before: &str, after: &str, gap: f32, size: f32) -> bool {
    let (a, b) = (before.chars().last().unwrap_or(' '), after.chars().next().unwrap_or(' '));
    crate::chars::gap_is_space(a, b, gap, size)
}

/// Every table of `doc`, in page order.
pub fn tables(doc: &Document) -> Vec<Table> {
    let mut out = Vec::new();
    for (i, words) in doc.words.iter().enumerate() {
        out.extend(page_tables(i + 1, words));
    }
    out
}

/// A line of words as [`lines`] groups them: its baseline, its size, and its cells
/// left to right, each a run of words with, for each, whether a space goes before it.
struct Group<'w> {
    baseline: f32,
    size: f32,
    cells: Vec<Vec<(usize, &'w PlacedWord, bool)>>,
}

/// The words of a page clustered by baseline, top to bottom; in each line, words
/// closer than about an em are one cell (a figure is a cell of its own unless it
/// touches another figure).
fn groups(words: &[PlacedWord]) -> Vec<Group<'_>> {
    let mut ws: Vec<(usize, &PlacedWord)> = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.word.x1 > w.word.x0 && w.word.size > 0.0 && !w.word.text.trim().is_empty())
        .collect();
    let baseline = |w: &PlacedWord| w.word.y0 + w.word.size * 0.2;
    ws.sort_by(|(_, a), (_, b)| baseline(b).total_cmp(&baseline(a)).then(a.word.x0.total_cmp(&b.word.x0)));
    // baseline, size, words (with their index)
    type Row<'w> = (f32, f32, Vec<(usize, &'w PlacedWord)>);
    let mut rows: Vec<Row> = Vec::new();
    for (k, w) in ws {
        let b = baseline(w);
        match rows.last_mut() {
            Some((rb, size, row)) if (*rb - b).abs() <= size.min(w.word.size) * 0.4 => row.push((k, w)),
            _ => rows.push((b, w.word.size, vec![(k, w)])),
        }
    }
    rows.into_iter()
        .map(|(baseline, size, mut row)| {
            row.sort_by(|(_, a), (_, b)| a.word.x0.total_cmp(&b.word.x0));
            let mut cells: Vec<Vec<(usize, &PlacedWord, bool)>> = Vec::new();
            let mut last_x1 = f32::MIN;
            // the last word ended in a space (`2023 ` then `产值`): the cell keeps it
            let mut space_after = false;
            for (k, w) in row {
                let gap = w.word.x0 - last_x1;
                // labels and figures stand apart however they are kerned
                let figure = numeric(&w.word.text);
                let joins = |before: &PlacedWord| match (figure, numeric(&before.word.text)) {
                    (true, true) => gap < w.word.size * 0.25,
                    // a word right after a figure goes with it (`2023` `产值`: a header cell);
                    // a figure after a word stands apart (a label, then its values)
                    (false, true) => gap < w.word.size * 0.5,
                    (true, false) => false,
                    (false, false) => gap < w.word.size * 0.8,
                };
                match cells.last_mut() {
                    Some(c) if joins(c.last().unwrap().1) => {
                        let before = c.last().unwrap().1;
                        c.push((k, w, space_after || spaced(&before.word.text, &w.word.text, gap, w.word.size)));
                    }
                    _ => cells.push(vec![(k, w, false)]),
                }
                last_x1 = last_x1.max(w.word.x1);
                space_after = w.word.text.ends_with(char::is_whitespace);
            }
            Group { baseline, size, cells }
        })
        .collect()
}

/// The lines of a page's words ([`groups`]), their cells built.
fn lines(words: &[PlacedWord]) -> Vec<Line> {
    groups(words)
        .into_iter()
        .map(|g| {
            let cells = g
                .cells
                .iter()
                .map(|ws| {
                    let first = &ws[0].1.word;
                    let mut cell = Cell {
                        text: String::new(),
                        bbox: [first.x0, first.y0, first.x1, first.y1],
                        span: ws[0].1.span.clone(),
                        words: ws.iter().map(|&(k, _, space)| (k, space)).collect(),
                    };
                    for (_, w, space) in ws {
                        if *space {
                            cell.text.push(' ');
                        }
                        cell.text.push_str(w.word.text.trim());
                        cell.bbox[1] = cell.bbox[1].min(w.word.y0);
                        cell.bbox[2] = cell.bbox[2].max(w.word.x1);
                        cell.bbox[3] = cell.bbox[3].max(w.word.y1);
                        if let (Some(a), Some(b)) = (&cell.span, &w.span) {
                            cell.span = Some(a.start.min(b.start)..a.end.max(b.end));
                        }
                    }
                    cell
                })
                .collect();
            Line { cells, baseline: g.baseline, size: g.size }
        })
        .filter(|l| !l.cells.is_empty())
        .collect()
}

/// A table as the page text writes it: rows of cells of words (see [`text_blocks`]).
pub type TextBlock = Vec<Vec<Vec<(usize, bool)>>>;

/// How the page text should read the tables among `words` (a page's, in any
/// order): for each table, its rows, header first; each row's cells, the label
/// first and an empty one where a column has none; each cell's words (indices into
/// `words`) in reading order with whether a space goes before each. The text layer
/// writes a table this way, a row to a line and its cells tab-separated, so that the
/// text reads as the table does (each cell as the table's text has it); words in a
/// table's box that are none of its cells (a page number beside it) are not the table's.
pub fn text_blocks(words: &[crate::ingest::Word]) -> Vec<TextBlock> {
    // no table without three years on the page
    if words.iter().filter(|w| YEARISH.is_match(w.text.trim_start())).nth(2).is_none() {
        return Vec::new();
    }
    let placed: Vec<PlacedWord> = words.iter().map(|w| PlacedWord { word: w.clone(), span: None }).collect();
    page_tables(1, &placed)
        .into_iter()
        .map(|t| {
            t.cells
                .into_iter()
                .map(|row| row.into_iter().map(|c| c.map(|c| c.words).unwrap_or_default()).collect())
                .collect()
        })
        .collect()
}

/// A period that is a span (`2024-2026E CAGR`, `2021至2025年`): its year is no column's.
pub fn is_span(t: &str) -> bool {
    t.get(4..).is_some_and(|r| r.trim_start().starts_with(['-', '–', '~', '至']))
}

/// Columns under the centers of their header cells: a cell is the nearest one's
/// where it stands within 0.6 of the columns' pitch (`single`: a lone column's).
struct Columns {
    centers: Vec<f32>,
    width: f32,
}

impl Columns {
    fn under<'c>(header: impl Iterator<Item = &'c Cell>, single: f32) -> Columns {
        let centers: Vec<f32> = header.map(|c| (c.bbox[0] + c.bbox[2]) / 2.0).collect();
        let width = if centers.len() > 1 { (centers[1] - centers[0]).abs() } else { single };
        Columns { centers, width }
    }

    fn of(&self, cell: &Cell) -> Option<usize> {
        let center = (cell.bbox[0] + cell.bbox[2]) / 2.0;
        let (k, d) =
            self.centers.iter().enumerate().map(|(k, c)| (k, (c - center).abs())).min_by(|a, b| a.1.total_cmp(&b.1))?;
        (d <= self.width * 0.6).then_some(k)
    }
}

/// The title of a table whose header is `lines[i]`: the line right above it, near
/// enough and no header itself (`图表：` dropped).
fn title_above(lines: &[Line], i: usize) -> Option<String> {
    let header = &lines[i];
    (i > 0)
        .then(|| &lines[i - 1])
        .filter(|l| l.baseline - header.baseline <= header.size * 6.0 && header_columns(l).is_none())
        .map(|l| l.text())
        .map(|t| t.trim_start_matches("图表").trim_start_matches(['：', ':', ' ']).to_string())
}

/// A table of `rows` (header first) on `page`: its box, its title and unit, its texts.
fn table(
    page: usize,
    index: usize,
    lines: &[Line],
    header_at: usize,
    periods: &'static str,
    rows: Vec<Vec<Option<Cell>>>,
    source: Option<String>,
) -> Table {
    let title = title_above(lines, header_at);
    let unit = title.as_deref().and_then(unit_in);
    let all: Vec<&Cell> = rows.iter().flatten().flatten().collect();
    let bbox = [
        all.iter().map(|c| c.bbox[0]).fold(f32::MAX, f32::min),
        all.iter().map(|c| c.bbox[1]).fold(f32::MAX, f32::min),
        all.iter().map(|c| c.bbox[2]).fold(f32::MIN, f32::max),
        all.iter().map(|c| c.bbox[3]).fold(f32::MIN, f32::max),
    ];
    let texts =
        rows.iter().map(|r| r.iter().map(|c| c.as_ref().map_or(String::new(), |c| c.text.clone())).collect()).collect();
    Table { page, index, bbox, title, unit, header_rows: 1, periods, rows: texts, source, cells: rows }
}

/// A header row: three or more cells that are periods, their years rising (`1900
/// 1900 1900` is a row of figures), and no cell after them that is not one (a label
/// may come first).
fn header_columns(line: &Line) -> Option<usize> {
    let first = line.cells.iter().position(|c| PERIOD.is_match(&c.text) && YEARISH.is_match(&c.text))?;
    let cells = &line.cells[first..];
    if cells.len() < 3 || !cells.iter().all(|c| PERIOD.is_match(&c.text)) {
        return None;
    }
    // the years of the periods; a span (`2024-2026E CAGR`) stands where it will
    let years: Vec<u32> =
        cells.iter().filter(|c| !is_span(&c.text)).filter_map(|c| c.text.get(..4)?.parse().ok()).collect();
    let rising = years.windows(2).all(|w| w[1] >= w[0]) && years.first() < years.last();
    rising.then_some(first)
}

/// Digits and what figures are written with (`13.`, `,200`, `%`): a piece of a figure.
fn numeric(t: &str) -> bool {
    let t = t.trim();
    t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || ",.%％-+".contains(c))
}

/// A value of a cell: a figure, or a quantity written whole (`165亿元`, `3.2万台`).
fn is_value(t: &str) -> bool {
    let t = t.trim();
    is_figure(t)
        || (t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && crate::quantity::scan(t).first().is_some_and(|q| q.start == 0 && q.end == t.len()))
}

/// A figure (`344`, `-2.5%`, `1,200`) or a dash for none: no formula, whatever its sign.
pub fn is_figure(t: &str) -> bool {
    FIGURE.is_match(t.trim())
}

fn page_tables(page: usize, words: &[PlacedWord]) -> Vec<Table> {
    let lines = lines(words);
    let mut out: Vec<Table> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = header_columns(&lines[i]) else {
            match periods_in_rows(page, &lines, i, out.iter().filter(|t| t.page == page).count() + 1) {
                Some((table, next)) => {
                    out.push(table);
                    i = next;
                }
                None => i += 1,
            }
            continue;
        };
        let header = &lines[i];
        let columns: Vec<Cell> = header.cells[first..].to_vec();
        // a column spans from halfway to its left neighbour to halfway to its right one
        let grid = Columns::under(columns.iter(), header.size * 4.0);
        let column_of = |cell: &Cell| grid.of(cell);
        let label_edge = columns[0].bbox[0] - header.size * 0.5;
        let mut rows: Vec<Vec<Option<Cell>>> = Vec::new();
        let mut header_row: Vec<Option<Cell>> = vec![Cell::joined(header.cells[..first].iter(), " ")];
        header_row.extend(columns.iter().cloned().map(Some));
        let mut j = i + 1;
        let mut last_baseline = header.baseline;
        // a header in two lines (`2022` over `产值`, `2022-2027E` over `CAGR`): the second
        // line's words, under the columns and with no figure, join the periods above
        if let Some(next) = lines.get(j)
            && header.baseline - next.baseline <= header.size * 2.0
            && next.cells.iter().all(|c| !numeric(&c.text) && !is_value(&c.text) && c.text.chars().count() <= 8)
            && next.cells.iter().filter(|c| column_of(c).is_some()).count() * 2 >= columns.len()
        {
            for c in &next.cells {
                if let Some(k) = column_of(c)
                    && let Some(Some(h)) = header_row.get_mut(k + 1)
                {
                    h.absorb(" ", c);
                }
            }
            last_baseline = next.baseline;
            j += 1;
        }
        rows.push(header_row);
        let mut pending: Option<Cell> = None;
        let mut gap_unit = header.size * 1.5;
        let mut source = None;
        while j < lines.len() {
            let line = &lines[j];
            let text = line.text();
            if let Some(n) = crate::data::source_label(&text) {
                source = Some(text[n..].trim().to_string());
                break;
            }
            if header_columns(line).is_some() {
                break;
            }
            let drop = last_baseline - line.baseline;
            if drop > gap_unit * 3.5 + line.size {
                break;
            }
            let (label_cells, value_cells): (Vec<&Cell>, Vec<&Cell>) = line
                .cells
                .iter()
                .partition(|c| c.bbox[2] <= label_edge || (c.bbox[0] < label_edge && !is_value(&c.text)));
            let placed: Vec<(usize, &Cell)> =
                value_cells.iter().filter_map(|c| column_of(c).map(|k| (k, *c))).collect();
            let figures = placed.iter().filter(|(_, c)| is_value(&c.text)).count();
            let own = Cell::joined(label_cells.iter().copied(), "");
            let label_chars = own.as_ref().map_or(0, |c| c.text.chars().count());
            if figures == 0 {
                // a label alone: the first line of a label that wraps; else prose, the end
                if let Some(own) = own.filter(|_| value_cells.is_empty() && label_chars <= 30) {
                    pending = Some(match pending.take() {
                        Some(mut p) => {
                            p.absorb("", &own);
                            p
                        }
                        None => own,
                    });
                    last_baseline = line.baseline;
                    j += 1;
                    continue;
                }
                break;
            }
            let mut row: Vec<Option<Cell>> = vec![None; columns.len() + 1];
            row[0] = match (pending.take(), own) {
                (Some(mut p), Some(o)) => {
                    p.absorb("", &o);
                    Some(p)
                }
                (p, o) => p.or(o),
            };
            for (k, c) in placed {
                row[k + 1] = Some(c.clone());
            }
            rows.push(row);
            gap_unit = gap_unit.min(drop.max(line.size));
            last_baseline = line.baseline;
            j += 1;
        }
        // a header over nothing but a page number is a chart's axis
        let body_rows = rows[1..].iter().filter(|r| r[0].is_some() && r[1..].iter().flatten().count() >= 2).count();
        if body_rows >= 1 {
            let index = out.iter().filter(|t| t.page == page).count() + 1;
            out.push(table(page, index, &lines, i, "columns", rows, source));
        }
        i = j.max(i + 1);
    }
    out
}

/// Is `t` a period that starts a row (`2024`, `2025E`, not a span)?
fn row_period(t: &str) -> bool {
    PERIOD.is_match(t) && YEARISH.is_match(t) && !is_span(t)
}

/// A table of periods in rows at line `i`: a header of two or more measures (no
/// figures), then three or more lines that each open with a period, in the header's
/// first column, and hold figures under its other cells. The table, and the line
/// after it.
fn periods_in_rows(page: usize, lines: &[Line], i: usize, index: usize) -> Option<(Table, usize)> {
    let header = &lines[i];
    if header.cells.len() < 2
        || header.cells.iter().any(|c| numeric(&c.text) || row_period(&c.text) || c.text.chars().count() > 24)
    {
        return None;
    }
    let x0 = header.cells[0].bbox[0];
    let grid = Columns::under(header.cells[1..].iter(), header.size * 6.0);
    let column_of = |c: &Cell| grid.of(c);
    let mut rows: Vec<Vec<Option<Cell>>> = vec![header.cells.iter().cloned().map(Some).collect()];
    let mut j = i + 1;
    let mut source = None;
    while j < lines.len() {
        let line = &lines[j];
        let text = line.text();
        if let Some(n) = crate::data::source_label(&text) {
            source = Some(text[n..].trim().to_string());
            break;
        }
        let first = &line.cells[0];
        if !row_period(&first.text) || (first.bbox[0] - x0).abs() > header.size * 1.5 {
            break;
        }
        let mut row: Vec<Option<Cell>> = vec![None; header.cells.len()];
        row[0] = Some(first.clone());
        for c in &line.cells[1..] {
            if let Some(k) = column_of(c) {
                row[k + 1] = Some(c.clone());
            }
        }
        if !row[1..].iter().flatten().any(|c| is_value(&c.text)) {
            break;
        }
        rows.push(row);
        j += 1;
    }
    let years: Vec<u32> = rows[1..].iter().filter_map(|r| r[0].as_ref()?.text.get(..4)?.parse().ok()).collect();
    let monotonic = years.windows(2).all(|w| w[1] > w[0]) || years.windows(2).all(|w| w[1] < w[0]);
    if rows.len() < 4 || !monotonic {
        return None;
    }
    let table = table(page, index, lines, i, "rows", rows, source);
    Some((table, j))
}

/// The unit a text writes in brackets or after `单位：` (`服务器PCB市场空间（亿美元）` → `亿美元`).
pub fn unit_in(text: &str) -> Option<String> {
    UNIT.captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).map(|m| m.as_str().trim().to_string()))
        .filter(|u| crate::quantity::scan(&format!("1{u}")).iter().any(|q| q.end == format!("1{u}").len()))
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Word;

    fn word(x0: f32, baseline: f32, text: &str) -> PlacedWord {
        let size = 10.0;
        let width = text.chars().map(|c| if c.is_ascii() { 5.0 } else { 10.0 }).sum::<f32>();
        PlacedWord {
            word: Word {
                x0,
                y0: baseline - size * 0.2,
                x1: x0 + width,
                y1: baseline + size * 0.8,
                size,
                text: text.to_string(),
                start: 0,
                end: 0,
            },
            span: None,
        }
    }

    /// A title, a header of years, rows with labels (one wrapped onto a second line),
    /// a row with a gap, and the source under it.
    #[test]
    fn a_table_of_years_is_read_cell_by_cell() {
        let cols = [200.0, 250.0, 300.0, 350.0];
        let mut ws = vec![word(100.0, 700.0, "图表：全球储能电池市场（亿美元）")];
        ws.push(word(60.0, 680.0, "指标"));
        for (x, y) in cols.iter().zip(["2022", "2023", "2024E", "2025E"]) {
            ws.push(word(*x, 680.0, y));
        }
        ws.push(word(60.0, 665.0, "储能电池市场规模（亿美元）"));
        for (x, v) in cols.iter().zip(["120", "150", "190", "240"]) {
            ws.push(word(*x, 665.0, v));
        }
        ws.push(word(60.0, 650.0, "其中：户用储能市"));
        ws.push(word(60.0, 638.0, "场规模（亿美元）"));
        for (x, v) in cols.iter().skip(1).zip(["30", "42", "55"]) {
            ws.push(word(*x, 638.0, v));
        }
        ws.push(word(60.0, 623.0, "YOY"));
        for (x, v) in cols.iter().zip(["10%", "25%", "27%", "26%"]) {
            ws.push(word(*x, 623.0, v));
        }
        ws.push(word(60.0, 600.0, "来源：某研究院"));
        let t = page_tables(3, &ws);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!((t.page, t.index, t.header_rows), (3, 1, 1));
        assert_eq!(t.title.as_deref(), Some("全球储能电池市场（亿美元）"));
        assert_eq!(t.unit.as_deref(), Some("亿美元"));
        assert_eq!(t.source.as_deref(), Some("某研究院"));
        assert_eq!(
            t.rows,
            [
                ["指标", "2022", "2023", "2024E", "2025E"],
                ["储能电池市场规模（亿美元）", "120", "150", "190", "240"],
                ["其中：户用储能市场规模（亿美元）", "", "30", "42", "55"],
                ["YOY", "10%", "25%", "27%", "26%"],
            ]
        );
    }

    #[test]
    fn a_unit_is_a_currency_or_a_scale() {
        assert_eq!(unit_in("服务器PCB市场空间（亿美元）").as_deref(), Some("亿美元"));
        assert_eq!(unit_in("全球PCB产值（百万美元）").as_deref(), Some("百万美元"));
        assert_eq!(unit_in("单位：亿元").as_deref(), Some("亿元"));
        assert_eq!(unit_in("服务器出货数量（万台）"), None);
        assert_eq!(unit_in("PCIe5.0渗透率"), None);
    }
}
