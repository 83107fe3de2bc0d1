//! Our own PDF text layer, on lopdf: walks each page's content stream with the
//! text and graphics state, decodes strings by each font's ToUnicode map, its
//! simple encoding, or a predefined CJK CMap by its character set (GBK-EUC-H is
//! GBK, UniGB-UCS2-H is UTF-16, 90ms-RKSJ is Shift_JIS, B5pc is Big5), and
//! rebuilds lines from positions: a line break where the baseline moves, no space
//! between Han characters, a space where Latin words stand apart, overprinted
//! duplicates (fake bold) dropped, vertical writing read column by column.
//!
//! Bounded: content streams decompress to at most 64 MiB a page, forms nest at
//! most 12 deep and never into themselves, a page does at most 4 million
//! operations.

use super::content::Operand;
use crate::chars::is_wide;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// The maps of a page's walk, looked up at every glyph and font change: foldhash, not
/// SipHash (a tenth of a worker's instructions went to hashing), with a fixed seed
/// (keys come from the PDF, but none is ever iterated in order).
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type Set<K> = HashSet<K, foldhash::fast::FixedState>;

/// The most a page's content may decompress to.
const MAX_CONTENT: usize = 64 << 20;
/// How deep forms may nest.
const MAX_FORM_DEPTH: usize = 12;
/// The most operations a page may do (forms included).
const MAX_OPS: usize = 4_000_000;
/// How deep `q` may nest.
const MAX_STACK: usize = 256;

/// Opens `bytes` as a PDF, decrypting it with `password` (the empty one first
/// when none is given).
pub fn open(bytes: &[u8], password: Option<&str>) -> Result<Document, LoadError> {
    let doc = match password {
        Some(p) => Document::load_mem_with_options(bytes, lopdf::LoadOptions::with_password(p)),
        None => Document::load_mem(bytes),
    };
    match doc {
        Ok(d) if d.is_encrypted() => Err(LoadError::Encrypted),
        Ok(d) => Ok(d),
        Err(lopdf::Error::Decryption(_)) | Err(lopdf::Error::InvalidPassword) => Err(LoadError::Encrypted),
        Err(e) => Err(LoadError::Damaged(e.to_string())),
    }
}

/// Why a PDF could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Encrypted,
    Damaged(String),
}

/// The page's MediaBox, its own or the nearest parent's, as `[x0, y0, x1, y1]`
/// (ordered, in points); `None` where there is none that reads as four numbers.
pub fn media_box(doc: &Document, page_id: ObjectId) -> Option<[f32; 4]> {
    let resolve = |o: &'_ Object| -> Option<Object> {
        match o {
            Object::Reference(r) => doc.get_object(*r).ok().cloned(),
            o => Some(o.clone()),
        }
    };
    let mut id = page_id;
    // (a parent chain deeper than this is a loop)
    for _ in 0..64 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(found) = dict.get(b"MediaBox") {
            let Object::Array(items) = resolve(found)? else { return None };
            let v: Vec<f32> = items.iter().filter_map(|o| resolve(o)?.as_float().ok()).collect();
            let [a, b, c, d] = v.as_slice() else { return None };
            let r = [a.min(*c), b.min(*d), a.max(*c), b.max(*d)];
            return (r.iter().all(|x| x.is_finite()) && r[2] > r[0] && r[3] > r[1]).then_some(r);
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// The text of the page `page_id` of `doc` and its positioned words, or `None` when
/// the page cannot be read (a content stream that does not parse or is too big).
pub fn page_text<'a>(doc: &'a Document, fonts: &'a Fonts<'a>, page_id: ObjectId) -> Option<(String, Vec<super::Word>)> {
    let content = doc.get_page_content_with_limit(page_id, MAX_CONTENT).ok()?;
    let resources = page_resources(doc, page_id);
    let mut walker =
        Walker { doc, pieces: Vec::new(), ops: 0, shared: fonts, fonts: Map::default(), forms: Set::default() };
    let mut gs = Graphics::default();
    walker.run(&content, &resources, &mut gs, 0)?;
    Some(layout(walker.pieces))
}

/// The fonts and XObjects a page can use, its own and inherited.
fn page_resources(doc: &Document, page_id: ObjectId) -> Resources<'_> {
    let mut res = Resources::default();
    if let Ok((own, inherited)) = doc.get_page_resources(page_id) {
        let dicts = own.into_iter().chain(inherited.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        // the nearest definition wins: own first, then the ancestors in order
        for d in dicts {
            res.add(doc, d);
        }
    }
    res
}

/// Font dictionaries and form XObjects by resource name.
#[derive(Default, Clone)]
struct Resources<'a> {
    fonts: Map<Vec<u8>, &'a Dictionary>,
    xobjects: Map<Vec<u8>, ObjectId>,
}

impl<'a> Resources<'a> {
    fn add(&mut self, doc: &'a Document, res: &'a Dictionary) {
        if let Ok(fonts) = res.get(b"Font").and_then(|o| deref_dict(doc, o)) {
            for (name, v) in fonts.iter() {
                let Ok(font) = deref_dict(doc, v) else { continue };
                self.fonts.entry(name.clone()).or_insert(font);
            }
        }
        if let Ok(xobjects) = res.get(b"XObject").and_then(|o| deref_dict(doc, o)) {
            for (name, v) in xobjects.iter() {
                if let Object::Reference(id) = v {
                    self.xobjects.entry(name.clone()).or_insert(*id);
                }
            }
        }
    }
}

fn deref_dict<'a>(doc: &'a Document, o: &'a Object) -> lopdf::Result<&'a Dictionary> {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id),
        Object::Dictionary(d) => Ok(d),
        _ => Err(lopdf::Error::DictType { expected: "Dictionary", found: String::new() }),
    }
}

/// A 2-D affine matrix `[a b c d e f]`.
#[derive(Clone, Copy, Debug)]
struct Matrix([f32; 6]);

impl Default for Matrix {
    fn default() -> Self {
        Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    }
}

impl Matrix {
    /// `self × other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// How much the matrix scales a vertical length.
    fn scale_y(&self) -> f32 {
        let [_, _, c, d, _, _] = self.0;
        (c * c + d * d).sqrt()
    }
}

/// The graphics and text state.
#[derive(Clone, Default)]
struct Graphics {
    ctm: Matrix,
    font: Option<Vec<u8>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// Horizontal scaling, 1.0 for 100%.
    scaling: f32,
    leading: f32,
    tm: Matrix,
    tlm: Matrix,
}

/// A string shown on the page: where it starts and ends (in user space), its
/// size, and its text.
#[derive(Debug, Clone)]
struct Piece {
    x: f32,
    y: f32,
    /// Where it ends along its line.
    end: f32,
    size: f32,
    vertical: bool,
    text: String,
}

/// How a font turns string bytes into text and widths.
struct Font<'a> {
    decode: Decode<'a>,
    /// Two-byte codes (a composite font) or one-byte ones.
    two_byte: bool,
    /// For GBK, Shift_JIS, Big5 and EUC: a lead byte at or above this starts a two-byte code.
    lead_from: Option<u8>,
    vertical: bool,
    /// Widths in thousandths of an em, by code.
    widths: Map<u32, f32>,
    default_width: f32,
}

enum Decode<'a> {
    Lopdf(Encoding<'a>),
    Charset(&'static encoding_rs::Encoding),
    /// CIDs of one of Adobe's CJK collections, through its table (`data/cid/`).
    Collection(&'static [u8]),
    /// Nothing maps the codes to Unicode (Identity-H without ToUnicode).
    None,
}

impl Font<'_> {
    /// The codes of `bytes`.
    fn codes(&self, bytes: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let two = if self.two_byte && self.lead_from.is_none() {
                true
            } else {
                self.lead_from.is_some_and(|lead| bytes[i] >= lead)
            };
            if two && i + 1 < bytes.len() {
                out.push(((u32::from(bytes[i]) << 8) | u32::from(bytes[i + 1]), 2));
                i += 2;
            } else {
                out.push((u32::from(bytes[i]), 1));
                i += 1;
            }
        }
        out
    }

    /// The text of `bytes`, whose codes are `codes` (see [`Font::codes`]).
    fn text(&self, bytes: &[u8], codes: &[(u32, usize)]) -> String {
        match &self.decode {
            Decode::Lopdf(enc) => enc.bytes_to_string(bytes).unwrap_or_default(),
            Decode::Charset(cs) => cs.decode_without_bom_handling(bytes).0.into_owned(),
            Decode::Collection(table) => codes
                .iter()
                .filter_map(|&(cid, _)| {
                    let i = cid as usize * 2;
                    let unit = u16::from_le_bytes([*table.get(i)?, *table.get(i + 1)?]);
                    char::from_u32(u32::from(unit)).filter(|_| unit != 0)
                })
                .collect(),
            Decode::None => String::new(),
        }
    }

    fn width(&self, code: u32) -> f32 {
        self.widths.get(&code).copied().unwrap_or(self.default_width)
    }
}

/// The character set of a predefined CJK CMap, by its name.
fn predefined(name: &[u8]) -> Option<(&'static encoding_rs::Encoding, Option<u8>)> {
    let name = std::str::from_utf8(name).ok()?;
    let utf16 = [
        "UniGB-UCS2",
        "UniGB-UTF16",
        "UniCNS-UCS2",
        "UniCNS-UTF16",
        "UniJIS-UCS2",
        "UniJIS-UTF16",
        "UniKS-UCS2",
        "UniKS-UTF16",
    ];
    if utf16.iter().any(|p| name.starts_with(p)) {
        return Some((encoding_rs::UTF_16BE, None));
    }
    let table: &[(&str, &'static encoding_rs::Encoding)] = &[
        ("GBK-EUC", encoding_rs::GBK),
        ("GBKp-EUC", encoding_rs::GBK),
        ("GBK2K", encoding_rs::GB18030),
        ("GB-EUC", encoding_rs::GBK),
        ("GBpc-EUC", encoding_rs::GBK),
        ("90ms-RKSJ", encoding_rs::SHIFT_JIS),
        ("90msp-RKSJ", encoding_rs::SHIFT_JIS),
        ("83pv-RKSJ", encoding_rs::SHIFT_JIS),
        ("90pv-RKSJ", encoding_rs::SHIFT_JIS),
        ("B5pc", encoding_rs::BIG5),
        ("ETen-B5", encoding_rs::BIG5),
        ("HKscs-B5", encoding_rs::BIG5),
        ("KSC-EUC", encoding_rs::EUC_KR),
        ("KSCms-UHC", encoding_rs::EUC_KR),
        ("EUC", encoding_rs::EUC_JP),
    ];
    table.iter().find(|(p, _)| name.starts_with(p)).map(|(_, e)| (*e, Some(0x81)))
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Reads a font dictionary.
fn load_font<'a>(doc: &'a Document, dict: &'a Dictionary) -> Font<'a> {
    let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
    let composite = subtype == b"Type0";
    let encoding_name = dict.get_deref(b"Encoding", doc).and_then(Object::as_name).ok();
    let vertical = encoding_name.is_some_and(|n| n.ends_with(b"-V"));
    let has_to_unicode = dict.get_deref(b"ToUnicode", doc).and_then(Object::as_stream).is_ok();
    let mut lead_from = None;
    let decode = if has_to_unicode {
        match dict.get_font_encoding_with_limit(doc, MAX_CONTENT) {
            // a composite font with a ToUnicode map: lopdf prefers /Encoding, so
            // read the map directly for a predefined CMap
            Ok(Encoding::SimpleEncoding(_)) | Err(_) => to_unicode(doc, dict).map_or(Decode::None, Decode::Lopdf),
            Ok(e) => Decode::Lopdf(e),
        }
    } else if let Some((cs, lead)) = encoding_name.and_then(predefined) {
        lead_from = lead;
        Decode::Charset(cs)
    } else if composite {
        // Identity-H/V without a ToUnicode map: the codes are CIDs of the
        // collection the descendant font names
        collection(doc, dict).map_or(Decode::None, Decode::Collection)
    } else {
        match dict.get_font_encoding_with_limit(doc, MAX_CONTENT) {
            Ok(Encoding::SimpleEncoding(_)) | Err(_) => Decode::Charset(encoding_rs::WINDOWS_1252),
            Ok(e) => Decode::Lopdf(e),
        }
    };
    if has_to_unicode && let Some((_, lead)) = encoding_name.and_then(predefined) {
        lead_from = lead;
    }
    let (widths, default_width) = if composite { cid_widths(doc, dict) } else { simple_widths(doc, dict) };
    Font { decode, two_byte: composite, lead_from, vertical, widths, default_width }
}

/// The CID-to-Unicode table of the collection (Adobe-GB1, -CNS1, -Japan1,
/// -Korea1) that a composite font's descendant names.
fn collection(doc: &Document, dict: &Dictionary) -> Option<&'static [u8]> {
    let desc = descendant(doc, dict)?;
    let info = desc.get(b"CIDSystemInfo").ok().and_then(|o| deref_dict(doc, o).ok())?;
    let ordering = info.get(b"Ordering").ok().and_then(|o| o.as_str().ok())?;
    match ordering {
        b"GB1" => Some(include_bytes!("../../data/cid/GB1.u16")),
        b"CNS1" => Some(include_bytes!("../../data/cid/CNS1.u16")),
        b"Japan1" => Some(include_bytes!("../../data/cid/Japan1.u16")),
        b"Korea1" => Some(include_bytes!("../../data/cid/Korea1.u16")),
        _ => None,
    }
}

/// The descendant CID font of a composite font.
fn descendant<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let fonts = dict.get_deref(b"DescendantFonts", doc).ok()?.as_array().ok()?;
    deref_dict(doc, fonts.first()?).ok()
}

/// A ToUnicode map read on its own.
fn to_unicode<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<Encoding<'a>> {
    // lopdf reads the map when /Encoding is Identity-H; make it do so for any CMap
    let mut copy = dict.clone();
    copy.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    let enc = copy.get_font_encoding_with_limit(doc, MAX_CONTENT).ok()?;
    match enc {
        Encoding::UnicodeMapEncoding(map) => Some(Encoding::UnicodeMapEncoding(map)),
        _ => None,
    }
}

fn simple_widths(doc: &Document, dict: &Dictionary) -> (Map<u32, f32>, f32) {
    let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
    let mut widths = Map::default();
    if let Ok(Object::Array(ws)) = dict.get_deref(b"Widths", doc) {
        for (i, w) in ws.iter().enumerate() {
            if let Some(w) = number(w) {
                widths.insert(first + i as u32, w);
            }
        }
    }
    (widths, 500.0)
}

fn cid_widths(doc: &Document, dict: &Dictionary) -> (Map<u32, f32>, f32) {
    let mut widths = Map::default();
    let Some(desc) = descendant(doc, dict) else {
        return (widths, 1000.0);
    };
    let default = desc.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
    if let Ok(Object::Array(w)) = desc.get_deref(b"W", doc) {
        let mut i = 0;
        while i < w.len() && widths.len() < 65_536 {
            let Some(c0) = number(&w[i]) else { break };
            match w.get(i + 1) {
                Some(Object::Array(list)) => {
                    for (k, x) in list.iter().enumerate() {
                        if let Some(x) = number(x) {
                            widths.insert(c0 as u32 + k as u32, x);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let (Some(c1), Some(x)) = (number(o), w.get(i + 2).and_then(number)) else { break };
                    for c in (c0 as u32)..=(c1 as u32).min(c0 as u32 + 65_535) {
                        widths.insert(c, x);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }
    (widths, default)
}

/// The fonts of a document, each read once for all its pages (a report's pages
/// share a handful of fonts, and reading a ToUnicode map is most of a page's
/// cost): by the address of the font's dictionary in the document. Pages read on
/// several threads share it; a font is read by the first page that needs it.
#[derive(Default)]
pub struct Fonts<'a>(Mutex<Map<usize, Arc<OnceLock<Font<'a>>>>>);

impl<'a> Fonts<'a> {
    /// The font `dict`, whose key is `key` (see [`Walker::font`]).
    fn get(&self, doc: &'a Document, dict: &'a Dictionary, key: usize) -> Arc<OnceLock<Font<'a>>> {
        // a page that panicked while the map was locked left it whole: nothing in
        // the lock can panic but the allocation of an entry
        let cell = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).entry(key).or_default().clone();
        // read outside the lock, so that pages reading other fonts go on
        cell.get_or_init(|| load_font(doc, dict));
        cell
    }
}

struct Walker<'a> {
    doc: &'a Document,
    pieces: Vec<Piece>,
    ops: usize,
    shared: &'a Fonts<'a>,
    /// The fonts this page used, by the key of [`Walker::font`].
    fonts: Map<usize, Arc<OnceLock<Font<'a>>>>,
    /// The forms being drawn, to refuse a form that draws itself.
    forms: Set<ObjectId>,
}

impl<'a> Walker<'a> {
    /// The font `name` of `res`, read once per dictionary: its key in `self.fonts`.
    fn font(&mut self, res: &Resources<'a>, name: &[u8]) -> Option<usize> {
        let dict: &'a Dictionary = res.fonts.get(name)?;
        let key = dict as *const Dictionary as usize;
        if !self.fonts.contains_key(&key) {
            let font = self.shared.get(self.doc, dict, key);
            self.fonts.insert(key, font);
        }
        Some(key)
    }

    /// Runs a content stream. `None` when it does not parse or goes over a bound.
    fn run(&mut self, content: &[u8], res: &Resources<'a>, gs: &mut Graphics, depth: usize) -> Option<()> {
        let ops = super::content::operations(content)?;
        let mut stack: Vec<Graphics> = Vec::new();
        let mut font_key: Option<usize> = gs.font.as_ref().and_then(|f| self.font(res, f));
        for (operator, operands) in ops.iter() {
            self.ops += 1;
            if self.ops > MAX_OPS {
                return Some(());
            }
            let n = |i: usize| operands.get(i).and_then(Operand::number).unwrap_or(0.0);
            match operator {
                "q" if stack.len() < MAX_STACK => stack.push(gs.clone()),
                "Q" => {
                    if let Some(prev) = stack.pop() {
                        *gs = prev;
                        font_key = gs.font.as_ref().and_then(|f| self.font(res, f));
                    }
                }
                "cm" => gs.ctm = Matrix([n(0), n(1), n(2), n(3), n(4), n(5)]).then(gs.ctm),
                "BT" => {
                    gs.tm = Matrix::default();
                    gs.tlm = Matrix::default();
                }
                "Tf" => {
                    gs.font = operands.first().and_then(Operand::name).map(<[u8]>::to_vec);
                    gs.size = n(1);
                    font_key = gs.font.as_ref().and_then(|f| self.font(res, f));
                }
                "Tc" => gs.char_spacing = n(0),
                "Tw" => gs.word_spacing = n(0),
                "Tz" => gs.scaling = n(0) / 100.0,
                "TL" => gs.leading = n(0),
                "Td" => next_line(gs, n(0), n(1)),
                "TD" => {
                    gs.leading = -n(1);
                    next_line(gs, n(0), n(1));
                }
                "Tm" => {
                    gs.tm = Matrix([n(0), n(1), n(2), n(3), n(4), n(5)]);
                    gs.tlm = gs.tm;
                }
                "T*" => next_line(gs, 0.0, -gs.leading),
                "Tj" => self.show(gs, font_key, operands.first()),
                "'" => {
                    next_line(gs, 0.0, -gs.leading);
                    self.show(gs, font_key, operands.first());
                }
                "\"" => {
                    gs.word_spacing = n(0);
                    gs.char_spacing = n(1);
                    next_line(gs, 0.0, -gs.leading);
                    self.show(gs, font_key, operands.get(2));
                }
                "TJ" => self.show_array(gs, font_key, operands),
                "Do" if depth < MAX_FORM_DEPTH => {
                    let name = operands.first().and_then(Operand::name)?;
                    self.form(res, name, gs, depth);
                }
                _ => {}
            }
        }
        Some(())
    }

    /// Draws form XObject `name`, if it is one and is not being drawn already.
    fn form(&mut self, res: &Resources<'a>, name: &[u8], gs: &Graphics, depth: usize) {
        let Some(&id) = res.xobjects.get(name) else { return };
        if self.forms.contains(&id) {
            return;
        }
        let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else { return };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let Ok(content) = stream
            .decompressed_content_with_limit(MAX_CONTENT)
            .or_else(|_| if stream.dict.has(b"Filter") { Err(()) } else { Ok(stream.content.clone()) })
        else {
            return;
        };
        let mut inner = res.clone();
        if let Ok(own) = stream.dict.get(b"Resources").and_then(|o| deref_dict(self.doc, o)) {
            let mut mine = Resources::default();
            mine.add(self.doc, own);
            for (k, v) in inner.fonts.drain() {
                mine.fonts.entry(k).or_insert(v);
            }
            for (k, v) in inner.xobjects.drain() {
                mine.xobjects.entry(k).or_insert(v);
            }
            inner = mine;
        }
        let mut g = gs.clone();
        if let Ok(Object::Array(m)) = stream.dict.get(b"Matrix")
            && m.len() == 6
        {
            let v: Vec<f32> = m.iter().map(|o| number(o).unwrap_or(0.0)).collect();
            g.ctm = Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]).then(g.ctm);
        }
        self.forms.insert(id);
        let _ = self.run(&content, &inner, &mut g, depth + 1);
        self.forms.remove(&id);
    }

    fn show_array(&mut self, gs: &mut Graphics, font_key: Option<usize>, operands: &[Operand]) {
        let Some(Operand::Array(items)) = operands.first() else { return };
        for item in items {
            match item {
                Operand::Str(_) => self.show(gs, font_key, Some(item)),
                o => {
                    if let Some(adj) = o.number() {
                        let vertical = font_key.and_then(|k| self.fonts.get(&k)?.get()).is_some_and(|f| f.vertical);
                        let t = -adj / 1000.0 * gs.size * if vertical { 1.0 } else { scaling(gs) };
                        gs.tm =
                            if vertical { Matrix::translate(0.0, t) } else { Matrix::translate(t, 0.0) }.then(gs.tm);
                    }
                }
            }
        }
    }

    /// Shows one string: records a piece and moves the text matrix past it.
    fn show(&mut self, gs: &mut Graphics, font_key: Option<usize>, operand: Option<&Operand>) {
        let Some(Operand::Str(bytes)) = operand else { return };
        let Some(font) = font_key.and_then(|k| self.fonts.get(&k)?.get()) else { return };
        let trm = Matrix([gs.size * scaling(gs), 0.0, 0.0, gs.size, 0.0, 0.0]).then(gs.tm).then(gs.ctm);
        let (x, y) = (trm.0[4], trm.0[5]);
        let size = trm.scale_y().max(0.1);
        let codes = font.codes(bytes);
        let mut advance = 0.0;
        for &(code, len) in &codes {
            let w = font.width(code) / 1000.0 * gs.size;
            let space = if len == 1 && code == 32 { gs.word_spacing } else { 0.0 };
            advance += w + gs.char_spacing + space;
        }
        let text = font.text(bytes, &codes);
        let vertical = font.vertical;
        if vertical {
            gs.tm = Matrix::translate(0.0, -advance).then(gs.tm);
        } else {
            gs.tm = Matrix::translate(advance * scaling(gs), 0.0).then(gs.tm);
        }
        let after = Matrix::default().then(gs.tm).then(gs.ctm);
        let end = if vertical { after.0[5] } else { after.0[4] };
        if !text.is_empty() && self.pieces.len() < 2_000_000 {
            self.pieces.push(Piece { x, y, end, size, vertical, text });
        }
    }
}

fn scaling(gs: &Graphics) -> f32 {
    if gs.scaling == 0.0 { 1.0 } else { gs.scaling }
}

fn next_line(gs: &mut Graphics, tx: f32, ty: f32) {
    gs.tlm = Matrix::translate(tx, ty).then(gs.tlm);
    gs.tm = gs.tlm;
}

/// Single CJK characters drawn one under the other, an em or so apart, by a
/// horizontal font: vertical writing set by hand (`0 -1 TD` before each).
fn stacked(q: &Piece, p: &Piece) -> bool {
    let one_cjk = |t: &str| {
        let mut cs = t.chars();
        cs.next().is_some_and(is_wide) && cs.next().is_none()
    };
    let down = q.y - p.y;
    !p.vertical
        && !q.vertical
        && one_cjk(&q.text)
        && one_cjk(&p.text)
        && (p.x - q.x).abs() < p.size * 0.2
        && down > p.size * 0.5
        && down < p.size * 1.6
}

/// The page's text and words: its pieces laid out in the order the page draws them
/// ([`flow`]), except its tables ([`crate::tables::text_blocks`]), which read a row
/// to a line, their cells apart (tab-separated), where the table's first piece is drawn.
fn layout(pieces: Vec<Piece>) -> (String, Vec<super::Word>) {
    let pieces = drop_redrawn(pieces);
    let (text, words, from) = flow(&pieces, &[], &[]);
    let blocks = crate::tables::text_blocks(&words);
    if blocks.is_empty() {
        return (text, words);
    }
    // each piece's block, and each block's text and words
    let mut block_of = vec![None; pieces.len()];
    for (b, block) in blocks.iter().enumerate() {
        for &(k, _) in block.iter().flatten().flatten() {
            block_of[from[k]] = Some(b);
        }
    }
    let texts: Vec<(String, Vec<super::Word>)> = blocks
        .iter()
        .map(|block| {
            let mut out = String::new();
            let mut ws = Vec::new();
            for (l, line) in block.iter().enumerate() {
                // a row to a line, no blank line between: the table reads as one
                if l > 0 {
                    out.push('\n');
                }
                for (c, cell) in line.iter().enumerate() {
                    if c > 0 {
                        out.push('\t');
                    }
                    for &(k, space) in cell {
                        if space && !out.ends_with(char::is_whitespace) {
                            out.push(' ');
                        }
                        let w = &words[k];
                        let start = out.len() as u32;
                        out.push_str(&w.text);
                        ws.push(super::Word { start, end: out.len() as u32, ..w.clone() });
                    }
                }
            }
            (out, ws)
        })
        .collect();
    let (text, words, _) = flow(&pieces, &block_of, &texts);
    (text, words)
}

/// The pieces but those drawn again where they already stand (fake bold), exactly
/// or a little off (bold set by drawing twice, offset by a fraction of an em).
fn drop_redrawn(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut keep = vec![false; pieces.len()];
    // (each piece's text borrowed, not copied: a page draws thousands)
    let mut seen: Set<(&str, i32, i32)> = Set::with_capacity_and_hasher(pieces.len(), Default::default());
    let mut recent: std::collections::VecDeque<(&str, f32, f32)> = std::collections::VecDeque::with_capacity(17);
    for (p, keep) in pieces.iter().zip(&mut keep) {
        let key = (p.text.as_str(), (p.x * 2.0).round() as i32, (p.y * 2.0).round() as i32);
        let near = p.size * 0.25;
        let again = recent.iter().any(|(t, x, y)| *t == p.text && (x - p.x).abs() < near && (y - p.y).abs() < near);
        if !seen.insert(key) || again {
            continue;
        }
        recent.push_back((&p.text, p.x, p.y));
        if recent.len() > 16 {
            recent.pop_front();
        }
        *keep = true;
    }
    drop((seen, recent));
    pieces.into_iter().zip(keep).filter_map(|(p, keep)| keep.then_some(p)).collect()
}

/// Lines from pieces, in the order the page draws them: a new line where the
/// baseline moves by more than half the text size (or, in vertical writing, the
/// column moves) or the next piece stands over three ems away, words apart where
/// the gap between pieces says so. A piece of a block (`block_of`) is not written:
/// the block's text (`blocks`) is, on lines of its own, where its first piece is drawn.
/// The text, its words, and each word's piece.
fn flow(
    pieces: &[Piece],
    block_of: &[Option<usize>],
    blocks: &[(String, Vec<super::Word>)],
) -> (String, Vec<super::Word>, Vec<usize>) {
    let mut out = String::new();
    let mut words = Vec::new();
    let mut from = Vec::new();
    let mut written = vec![false; blocks.len()];
    let mut prev: Option<&Piece> = None;
    // a block was written last: what follows starts a line
    let mut after_block = false;
    for (i, p) in pieces.iter().enumerate() {
        // a block goes where its first piece is drawn
        let block = block_of.get(i).copied().flatten();
        if let Some(b) = block.filter(|&b| !written[b]) {
            written[b] = true;
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            let base = out.len() as u32;
            out.push_str(&blocks[b].0);
            words.extend(blocks[b].1.iter().map(|w| super::Word {
                start: w.start + base,
                end: w.end + base,
                ..w.clone()
            }));
            from.extend(std::iter::repeat_n(i, blocks[b].1.len()));
            prev = None;
            after_block = true;
        }
        if block.is_some() {
            continue;
        }
        if p.text.chars().all(char::is_whitespace) && prev.is_none() {
            continue;
        }
        match prev {
            None if after_block => out.push_str("\n\n"),
            None => {}
            Some(q) => {
                let (along, across) = if p.vertical { (q.y - p.y, p.x - q.x) } else { (p.x - q.x, p.y - q.y) };
                let tol = q.size.max(p.size) * 0.5;
                let same_line =
                    (p.vertical == q.vertical && across.abs() <= tol && along > -tol * 2.0) || stacked(q, p);
                let gap = if p.vertical { q.end - p.y } else { p.x - q.end };
                // far apart on one baseline: separate blocks (a footer and its page
                // number, columns), as pdftotext reads them
                if same_line && gap <= p.size * 3.0 {
                    let a = out.chars().last().unwrap_or(' ');
                    let b = p.text.chars().next().unwrap_or(' ');
                    // no space between Han characters unless they stand an em apart;
                    // beside Latin text a quarter em is a space
                    if crate::chars::gap_is_space(a, b, gap, p.size) && !a.is_whitespace() && !b.is_whitespace() {
                        out.push(' ');
                    }
                } else {
                    // pdf-extract writes a blank line between lines; so do we, so
                    // that normalization reads both engines alike
                    out.push_str("\n\n");
                }
            }
        }
        after_block = false;
        let start = out.len() as u32;
        out.push_str(&p.text);
        if !p.vertical && !p.text.trim().is_empty() {
            // the box: from the baseline a fifth of the size down to four fifths up
            words.push(super::Word {
                x0: p.x,
                y0: p.y - p.size * 0.2,
                x1: p.end.max(p.x),
                y1: p.y + p.size * 0.8,
                size: p.size,
                text: p.text.clone(),
                start,
                end: out.len() as u32,
            });
            from.push(i);
        }
        prev = Some(p);
    }
    (out, words, from)
}

#[cfg(test)]
mod tests {
    use super::{Piece, drop_redrawn};

    fn piece(text: &str, x: f32, y: f32) -> Piece {
        Piece { x, y, end: x + 10.0, size: 10.0, vertical: false, text: text.to_string() }
    }

    /// A piece drawn again at its place (to the half point) or within a quarter em of
    /// one of the last 16 kept goes; the same text elsewhere, or another text at the
    /// same place, stays.
    #[test]
    fn a_piece_drawn_again_where_it_stands_goes() {
        let mut pieces = vec![
            piece("储能", 100.0, 200.0),
            piece("储能", 100.1, 200.2), // same place to the half point
            piece("储能", 102.0, 201.0), // a quarter em off: bold by a second drawing
            piece("储能", 103.0, 200.0), // 3 points off: another drawing
            piece("电站", 100.0, 200.0), // another text where the first stands
            piece("储能", 300.0, 200.0), // elsewhere on the line
        ];
        // 16 more, then the first again at its place: the set of places still knows it
        pieces.extend((0..16).map(|i| piece("字", 10.0 * i as f32, 500.0)));
        pieces.push(piece("储能", 100.0, 200.0));
        // and one a quarter em off a piece that is no longer among the last 16: kept
        pieces.push(piece("电站", 101.0, 201.0));
        let kept: Vec<(String, f32, f32)> = drop_redrawn(pieces).into_iter().map(|p| (p.text, p.x, p.y)).collect();
        let mut want = vec![
            ("储能".to_string(), 100.0, 200.0),
            ("储能".to_string(), 103.0, 200.0),
            ("电站".to_string(), 100.0, 200.0),
            ("储能".to_string(), 300.0, 200.0),
        ];
        want.extend((0..16).map(|i| ("字".to_string(), 10.0 * i as f32, 500.0)));
        want.push(("电站".to_string(), 101.0, 201.0));
        assert_eq!(kept, want);
    }
}
