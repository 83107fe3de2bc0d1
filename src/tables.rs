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
    /// For each of `words`: its left and right edge, and its bytes in `text`.
    #[serde(skip)]
    parts: Vec<(f32, f32, Range<usize>)>,
}

impl Cell {
    /// `other` joined to this cell, after `sep`: its text, box and bytes too.
    fn absorb(&mut self, sep: &str, other: &Cell) {
        self.text.push_str(sep);
        self.text.push_str(&other.text);
        let at = self.words.len();
        self.words.extend(&other.words);
        let base = self.text.len() - other.text.len();
        self.parts.extend(other.parts.iter().map(|(x0, x1, r)| (*x0, *x1, r.start + base..r.end + base)));
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

    /// The cell cut where its words stand under different columns of `grid` (a line of
    /// a header whose cells stand close): each piece with its column, or none where a
    /// word stands under no column.
    fn split_under(&self, grid: &Columns) -> Option<Vec<(usize, Cell)>> {
        let mut out: Vec<(usize, Cell)> = Vec::new();
        for (i, (x0, x1, r)) in self.parts.iter().enumerate() {
            let k = grid.at((x0 + x1) / 2.0)?;
            let piece = Cell {
                text: self.text[r.clone()].to_string(),
                bbox: [*x0, self.bbox[1], *x1, self.bbox[3]],
                span: self.span.clone(),
                words: vec![self.words[i]],
                parts: vec![(*x0, *x1, 0..r.len())],
            };
            match out.last_mut() {
                Some((last, c)) if *last == k => c.absorb(if self.words[i].1 { " " } else { "" }, &piece),
                _ => out.push((k, piece)),
            }
        }
        Some(out)
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
    /// Where that attribution stands in the normalized text (its line's first byte).
    #[serde(skip)]
    pub source_at: Option<usize>,
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
/// A figure: `344`, `13.73`, `-2.5`, `9.32%`, `1,200`, `(309,070)` (a negative, as
/// accounts write it), or a dash for none.
static FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-+]?[\d,]*\.?\d+\s*[%％]?|\([\d,]*\.?\d+\)|[-—–]{1,2}|N/?A)$").unwrap());
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
    let _stage = crate::timing::start(crate::timing::Stage::Structure);
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
                        parts: Vec::with_capacity(ws.len()),
                    };
                    for (_, w, space) in ws {
                        if *space {
                            cell.text.push(' ');
                        }
                        let at = cell.text.len();
                        cell.text.push_str(w.word.text.trim());
                        cell.parts.push((w.word.x0, w.word.x1, at..cell.text.len()));
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
        self.at((cell.bbox[0] + cell.bbox[2]) / 2.0)
    }

    /// The column under which `center` stands.
    fn at(&self, center: f32) -> Option<usize> {
        let (k, d) =
            self.centers.iter().enumerate().map(|(k, c)| (k, (c - center).abs())).min_by(|a, b| a.1.total_cmp(&b.1))?;
        (d <= self.width * 0.6).then_some(k)
    }
}

/// The title of a table whose header is `lines[i]`: the line right above it, near
/// enough and no header itself (`图表：` dropped). A table that stands right of `left`
/// (beside a chart) takes the text of the nearest line above with text there.
fn title_above(lines: &[Line], i: usize, left: f32) -> Option<String> {
    let header = &lines[i];
    let text = |l: &Line| {
        let cells: Vec<&Cell> =
            l.cells.iter().filter(|c| c.bbox[2] > left && !numeric(&c.text) && !is_figure(&c.text)).collect();
        (!cells.is_empty()).then(|| Line { cells: cells.into_iter().cloned().collect(), ..*l }.text())
    };
    let reach = if left > f32::MIN { 5 } else { 1 };
    lines[i.saturating_sub(reach)..i]
        .iter()
        .rev()
        .take_while(|l| l.baseline - header.baseline <= header.size * 6.0 * reach as f32)
        .filter(|l| header_columns(l).is_none())
        .find_map(|l| if left > f32::MIN { text(l) } else { Some(l.text()) })
        .map(|t| t.trim_start_matches("图表").trim_start_matches(['：', ':', ' ']).to_string())
}

/// A table of `rows` (its `header_rows` header rows first, the last of them on line
/// `header_at` of `lines`) on `page`: its box, its title and unit, its texts.
fn table(
    page: usize,
    index: usize,
    lines: &[Line],
    (header_at, left): (usize, f32),
    (periods, header_rows): (&'static str, usize),
    rows: Vec<Vec<Option<Cell>>>,
    source: Option<(String, Option<usize>)>,
) -> Table {
    let (source, source_at) = source.map_or((None, None), |(s, at)| (Some(s), at));
    // (a header row of merged cells over the periods, `实际` `预测`, stands on the line
    // above the periods, between them and the title)
    let title = title_above(lines, header_at + 1 - header_rows, left);
    // the title's unit, else the header's label's (`单位：亿元`)
    let head_label = rows.get(header_rows - 1).and_then(|r| r.first()).cloned().flatten();
    let unit = title.as_deref().and_then(unit_in).or_else(|| head_label.and_then(|c| unit_in(&c.text)));
    let all: Vec<&Cell> = rows.iter().flatten().flatten().collect();
    let bbox = [
        all.iter().map(|c| c.bbox[0]).fold(f32::MAX, f32::min),
        all.iter().map(|c| c.bbox[1]).fold(f32::MAX, f32::min),
        all.iter().map(|c| c.bbox[2]).fold(f32::MIN, f32::max),
        all.iter().map(|c| c.bbox[3]).fold(f32::MIN, f32::max),
    ];
    let texts =
        rows.iter().map(|r| r.iter().map(|c| c.as_ref().map_or(String::new(), |c| c.text.clone())).collect()).collect();
    Table { page, index, bbox, title, unit, header_rows, periods, rows: texts, source, source_at, cells: rows }
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
    t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || ",.%％-+()".contains(c))
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

/// Where tables stand side by side: from a header line with a second (third, …) run
/// of periods after a label (`会计年度 2023 … 2027E 会计年度 2023 …`) down to the
/// first line across the cuts. The zone's top and bottom (baselines, a title's room
/// above) and the left edges of the labels that open the runs.
fn side_by_side(lines: &[Line]) -> Option<(f32, f32, Vec<f32>)> {
    let is_period = |c: &Cell| row_period(&c.text);
    for (i, l) in lines.iter().enumerate() {
        // the line cut before each label that follows a period
        let mut segments: Vec<&[Cell]> = Vec::new();
        let mut start = 0;
        for k in 1..l.cells.len() {
            if !is_period(&l.cells[k]) && is_period(&l.cells[k - 1]) {
                segments.push(&l.cells[start..k]);
                start = k;
            }
        }
        segments.push(&l.cells[start..]);
        if segments.len() < 2 || !segments.iter().all(|s| s.iter().filter(|c| is_period(c)).count() >= 3) {
            continue;
        }
        let cuts: Vec<f32> = segments[1..].iter().map(|s| s[0].bbox[0]).collect();
        let across =
            |l: &Line| l.cells.iter().any(|c| cuts.iter().any(|&x| c.bbox[0] < x - 1.0 && c.bbox[2] > x + 1.0));
        let bottom = lines[i + 1..].iter().find(|l| across(l)).map_or(f32::MIN, |l| l.baseline + l.size * 0.5);
        return Some((l.baseline + l.size * 4.5, bottom, cuts));
    }
    None
}

/// The tables of a page's words: of each band of tables side by side, and of the
/// page around them.
fn page_tables(page: usize, words: &[PlacedWord]) -> Vec<Table> {
    let all = lines(words);
    let Some((top, bottom, cuts)) = side_by_side(&all) else {
        return tables_of_lines(page, &all);
    };
    let baseline = |w: &PlacedWord| w.word.y0 + w.word.size * 0.2;
    let center = |w: &PlacedWord| (w.word.x0 + w.word.x1) / 2.0;
    let mut edges = vec![f32::MIN];
    edges.extend(cuts.iter().map(|x| x - 0.5));
    edges.push(f32::MAX);
    // the page around the zone (None), then each band of it (its left and right edges)
    let parts = std::iter::once(None).chain(edges.windows(2).map(|b| Some((b[0], b[1]))));
    let mut out: Vec<Table> = Vec::new();
    for part in parts {
        let inside = |w: &PlacedWord| match part {
            None => baseline(w) > top || baseline(w) < bottom,
            Some((l, r)) => baseline(w) <= top && baseline(w) >= bottom && center(w) >= l && center(w) < r,
        };
        // the part's words, and where each stands among the page's
        let (at, part_words): (Vec<usize>, Vec<PlacedWord>) =
            words.iter().enumerate().filter(|(_, w)| inside(w)).map(|(k, w)| (k, w.clone())).unzip();
        for mut t in tables_of_lines(page, &lines(&part_words)) {
            for c in t.cells.iter_mut().flatten().flatten() {
                for w in &mut c.words {
                    w.0 = at[w.0];
                }
            }
            out.push(t);
        }
    }
    // numbered top to bottom, then left to right
    out.sort_by(|a, b| b.bbox[3].total_cmp(&a.bbox[3]).then(a.bbox[0].total_cmp(&b.bbox[0])));
    for (i, t) in out.iter_mut().enumerate() {
        t.index = i + 1;
    }
    out
}

/// The tables of a page's lines (or of a band of them).
fn tables_of_lines(page: usize, lines: &[Line]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = header_columns(&lines[i]) else {
            match periods_in_rows(page, lines, i, out.iter().filter(|t| t.page == page).count() + 1) {
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
        // merged cells over the periods in the line above (`实际` over 2023 and 2024, `预测`
        // over 2025E and 2026E): a header row of its own, each in the first column under it
        if let Some(above) = (i > 0).then(|| &lines[i - 1]).filter(|l| {
            l.baseline - header.baseline <= header.size * 2.0
                && l.cells.len() < columns.len()
                && l.cells.iter().all(|c| {
                    c.bbox[0] >= label_edge
                        && c.text.chars().count() <= 6
                        && !numeric(&c.text)
                        && !PERIOD.is_match(&c.text)
                })
        }) {
            let mut merged: Vec<Option<Cell>> = vec![None; columns.len() + 1];
            let mut fits = true;
            for c in &above.cells {
                let first = grid.centers.iter().position(|&x| x >= c.bbox[0] - grid.width * 0.5);
                match first {
                    Some(k) if merged[k + 1].is_none() => merged[k + 1] = Some(c.clone()),
                    _ => fits = false,
                }
            }
            if fits {
                rows.push(merged);
            }
        }
        rows.push(header_row);
        let head_at = rows.len() - 1;
        let mut pending: Option<Cell> = None;
        let mut gap_unit = header.size * 1.5;
        let mut source = None;
        while j < lines.len() {
            let line = &lines[j];
            let text = line.text();
            if let Some(n) = crate::data::source_label(&text) {
                source = Some((text[n..].trim().to_string(), line.cells[0].span.as_ref().map(|s| s.start)));
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
                // a label alone that closes a bracket or a colon heads the rows under it
                // (`增长率 (%)`, `盈利能力比率 (%)`): a row of its own
                if let Some(own) = own.as_ref().filter(|c| {
                    value_cells.is_empty()
                        && pending.is_none()
                        && label_chars <= 16
                        && c.text.ends_with([')', '）', '：', ':'])
                }) {
                    let mut row: Vec<Option<Cell>> = vec![None; columns.len() + 1];
                    row[0] = Some(own.clone());
                    rows.push(row);
                    last_baseline = line.baseline;
                    j += 1;
                    continue;
                }
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
        let body_rows =
            rows[head_at + 1..].iter().filter(|r| r[0].is_some() && r[1..].iter().flatten().count() >= 2).count();
        if body_rows >= 1 {
            let index = out.iter().filter(|t| t.page == page).count() + 1;
            // (the header rows: the periods', and the merged cells' row above it if any)
            out.push(table(page, index, lines, (i, f32::MIN), ("columns", head_at + 1), rows, source));
        }
        i = j.max(i + 1);
    }
    out
}

/// Is `t` a period that starts a row (`2024`, `2025E`, not a span)?
fn row_period(t: &str) -> bool {
    PERIOD.is_match(t) && YEARISH.is_match(t) && !is_span(t)
}

/// Words that make a row's label a growth rate over a span (`复合增长率（2021-2025）`).
pub(crate) const GROWTH_LABEL: &[&str] = &["复合增长率", "复合增速", "CAGR", "年均增速", "年均增长率"];

/// A table of periods in rows with its header at line `i`: a header of measures (no
/// figures; in one line or two), then lines that each open with a period, one under
/// the other, and hold values under the measures; perhaps a growth row after them
/// (`复合增长率` over its rates, its span under them). Three periods, or two where
/// two or more measures have values in both. Cells left of the first period are
/// not the table's (a chart beside it). The table, and the line after it.
fn periods_in_rows(page: usize, lines: &[Line], i: usize, index: usize) -> Option<(Table, usize)> {
    let header = &lines[i];
    let size = header.size;
    // the first row: a period with two or more values right of it, a few lines down
    let (first_row, period) = (i + 1..(i + 5).min(lines.len())).find_map(|j| {
        let l = &lines[j];
        let k = l.cells.iter().position(|c| row_period(&c.text))?;
        (l.cells[k + 1..].iter().filter(|c| is_value(&c.text)).count() >= 2).then(|| (j, l.cells[k].clone()))
    })?;
    let left = period.bbox[0] - size;
    let right_of = |l: &'_ Line| l.cells.iter().filter(|c| c.bbox[0] >= left).cloned().collect::<Vec<Cell>>();
    let heads = right_of(header);
    if heads.is_empty() || heads.iter().any(|c| numeric(&c.text) || row_period(&c.text) || c.text.chars().count() > 24)
    {
        return None;
    }
    // a header cell over the periods heads them (`年份`); else the measures start at once
    let over_periods = heads[0].bbox[0] < period.bbox[2];
    let mut measures: Vec<Cell> = heads[usize::from(over_periods)..].to_vec();
    if measures.is_empty() || (!over_periods && heads.len() < 2) {
        return None;
    }
    let grid = Columns::under(measures.iter(), size * 6.0);
    // the lines between header and first row: the header's second line, or nothing of the table's
    for l in &lines[i + 1..first_row] {
        for c in right_of(l) {
            if numeric(&c.text) || is_value(&c.text) || row_period(&c.text) {
                return None;
            }
            for (k, piece) in c.split_under(&grid)? {
                measures[k].absorb("", &piece);
            }
        }
    }
    let mut head_row: Vec<Option<Cell>> = vec![over_periods.then(|| heads[0].clone())];
    head_row.extend(measures.iter().cloned().map(Some));
    let mut rows = vec![head_row];
    let place = |row: &mut Vec<Option<Cell>>, cells: &[Cell]| {
        for c in cells {
            if let Some(k) = grid.of(c) {
                row[k + 1] = Some(c.clone());
            }
        }
    };
    let mut periods = 0;
    let mut j = first_row;
    let mut last_baseline = lines[first_row].baseline;
    let mut source = None;
    while j < lines.len() {
        let line = &lines[j];
        let text = line.text();
        if let Some(n) = crate::data::source_label(&text) {
            source = Some((text[n..].trim().to_string(), line.cells[0].span.as_ref().map(|s| s.start)));
            break;
        }
        let cells = right_of(line);
        if last_baseline - line.baseline > size * 6.0 {
            break;
        }
        // a label's words end over the periods' column (they may start left of it)
        let label_part = |c: &&Cell| c.bbox[2] > period.bbox[0] - size * 2.0 && c.bbox[2] < measures[0].bbox[0];
        if cells.is_empty() && !line.cells.iter().any(|c| label_part(&c)) {
            // a line of the chart beside
            j += 1;
            continue;
        }
        let first = cells.first().unwrap_or(&line.cells[0]);
        let mut row: Vec<Option<Cell>> = vec![None; measures.len() + 1];
        if row_period(&first.text) && (first.bbox[0] - period.bbox[0]).abs() <= size * 1.5 {
            row[0] = Some(first.clone());
            place(&mut row, &cells[1..]);
            if !row[1..].iter().flatten().any(|c| is_value(&c.text)) {
                break;
            }
            rows.push(row);
            periods += 1;
            last_baseline = line.baseline;
            j += 1;
            continue;
        }
        // a growth row: its label (`复合增长率` / `（2021-2025）`, perhaps in lines
        // around its rates), its rates on one line
        if periods >= 2 {
            let mut label: Option<Cell> = None;
            let mut rates: Vec<Cell> = Vec::new();
            let mut next = j;
            while next < lines.len() && line.baseline - lines[next].baseline <= size * 3.0 {
                let words: Vec<Cell> = lines[next].cells.iter().filter(label_part).cloned().collect();
                let values: Vec<Cell> =
                    right_of(&lines[next]).into_iter().filter(|c| c.bbox[2] >= measures[0].bbox[0]).collect();
                if !values.is_empty() && !rates.is_empty() {
                    break;
                }
                // after the rates, only the rest of a span (`2025）`)
                let tail = !rates.is_empty();
                let span_part = |t: &str| {
                    t.chars().count() <= 12 && t.chars().all(|c| c.is_ascii_digit() || "（）()-–~至年EeFf".contains(c))
                };
                if tail && (words.is_empty() || !words.iter().all(|c| span_part(&c.text))) {
                    break;
                }
                if !values.is_empty() {
                    rates = values;
                }
                for c in words {
                    match &mut label {
                        Some(l) => l.absorb("", &c),
                        None => label = Some(c),
                    }
                }
                next += 1;
            }
            let growth = label.as_ref().is_some_and(|l| GROWTH_LABEL.iter().any(|w| l.text.contains(w)));
            if growth && !rates.is_empty() && rates.iter().all(|c| is_figure(&c.text) && c.text.ends_with(['%', '％']))
            {
                row[0] = label;
                place(&mut row, &rates);
                rows.push(row);
                j = next;
                // the source under it, perhaps
                continue;
            }
        }
        break;
    }
    let years: Vec<u32> =
        rows[1..1 + periods].iter().filter_map(|r| r[0].as_ref()?.text.get(..4)?.parse().ok()).collect();
    let monotonic = years.windows(2).all(|w| w[1] > w[0]) || years.windows(2).all(|w| w[1] < w[0]);
    let filled = |k: usize| rows[1..1 + periods].iter().all(|r| r[k].as_ref().is_some_and(|c| is_value(&c.text)));
    let two_full = measures.len() >= 2 && (1..=measures.len()).filter(|&k| filled(k)).count() >= 2;
    if !monotonic || !(periods >= 3 || (periods == 2 && two_full)) {
        return None;
    }
    let table = table(page, index, lines, (i, if over_periods { f32::MIN } else { left }), ("rows", 1), rows, source);
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

    /// Words at `xs` on the baseline `y`.
    fn push_row(ws: &mut Vec<PlacedWord>, xs: &[f32], y: f32, texts: &[&str]) {
        ws.extend(xs.iter().zip(texts).map(|(x, t)| word(*x, y, t)));
    }

    /// Periods in rows beside a chart: the chart's axis labels share the rows'
    /// baselines on the left; each measure's header is in two lines (the second line's
    /// cells close together); a growth row's label stands over its rates and its span
    /// under them, starting left of the periods.
    #[test]
    fn periods_in_rows_beside_a_chart() {
        let cols = [300.0, 400.0, 500.0];
        let mut ws = vec![word(300.0, 760.0, "图表：储能变流器规模测算")];
        push_row(&mut ws, &cols, 740.0, &["中国储能变流器", "全球储能变流器", "中国储能系统"]);
        ws.push(word(40.0, 740.0, "80%"));
        // the second line's cells stand closer than a column gap: one cell in lines()
        ws.push(word(300.0, 728.0, "市场规模（亿元）"));
        ws.push(word(382.0, 728.0, "市场规模（亿美元）"));
        ws.push(word(473.0, 728.0, "市场规模（亿元）"));
        ws.push(word(40.0, 710.0, "60%"));
        ws.push(word(200.0, 710.0, "2023年"));
        push_row(&mut ws, &cols, 710.0, &["120", "55", "800"]);
        ws.push(word(80.0, 690.0, "35%"));
        ws.push(word(200.0, 680.0, "2026年"));
        push_row(&mut ws, &cols, 680.0, &["240", "100", "1600"]);
        ws.push(word(40.0, 665.0, "20%"));
        ws.push(word(192.0, 665.0, "复合增长率"));
        push_row(&mut ws, &cols, 660.0, &["26%", "22%", "26%"]);
        ws.push(word(186.0, 654.0, "（"));
        ws.push(word(196.0, 654.0, "2023-2026）"));
        ws.push(word(40.0, 620.0, "来源：某研究院"));
        let t = page_tables(1, &ws);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!((t.periods, t.header_rows), ("rows", 1));
        assert_eq!(t.title.as_deref(), Some("储能变流器规模测算"));
        assert_eq!(t.source.as_deref(), Some("某研究院"));
        assert_eq!(
            t.rows,
            [
                [
                    "",
                    "中国储能变流器市场规模（亿元）",
                    "全球储能变流器市场规模（亿美元）",
                    "中国储能系统市场规模（亿元）"
                ],
                ["2023年", "120", "55", "800"],
                ["2026年", "240", "100", "1600"],
                ["复合增长率（2023-2026）", "26%", "22%", "26%"],
            ]
        );
    }

    /// Merged cells over the periods (`实际` over two years, `预测` over two): a header
    /// row of their own, each in the first column under it; the title is above them.
    #[test]
    fn merged_cells_over_the_periods() {
        let cols = [200.0, 250.0, 300.0, 350.0];
        let mut ws = vec![word(60.0, 715.0, "表：某市场（亿元）")];
        ws.push(word(205.0, 698.0, "实际"));
        ws.push(word(305.0, 698.0, "预测"));
        ws.push(word(60.0, 685.0, "指标"));
        push_row(&mut ws, &cols, 685.0, &["2023", "2024", "2025", "2026"]);
        ws.push(word(60.0, 670.0, "市场规模"));
        push_row(&mut ws, &cols, 670.0, &["10", "12", "15", "19"]);
        let t = page_tables(1, &ws);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].header_rows, t[0].title.as_deref()), (2, Some("表：某市场（亿元）")));
        assert_eq!(
            t[0].rows,
            [
                ["", "实际", "", "预测", ""],
                ["指标", "2023", "2024", "2025", "2026"],
                ["市场规模", "10", "12", "15", "19"],
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
