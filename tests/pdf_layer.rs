//! Table-driven corpus for our PDF text layer: small PDFs made here with lopdf,
//! one per font path and layout rule, → the page text the PDF layer gives.

use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use report::ingest::pdf_pages;

/// A one-page PDF drawing `content` with font `/F1` = `font` (its ToUnicode map,
/// if any, in `to_unicode`).
fn pdf(font: Dictionary, to_unicode: Option<&str>, content: &str) -> Vec<u8> {
    pdf_bytes(font, to_unicode, content.as_bytes())
}

fn pdf_bytes(mut font: Dictionary, to_unicode: Option<&str>, content: &[u8]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    if let Some(cmap) = to_unicode {
        let id = doc.add_object(Stream::new(dictionary! {}, cmap.as_bytes().to_vec()));
        font.set("ToUnicode", id);
    }
    let font_id = doc.add_object(font);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let pages_id = doc.new_object_id();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

/// A composite font with encoding `cmap` (Identity-H, GBK-EUC-H, ...).
fn type0(cmap: &str) -> Dictionary {
    dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light", "Encoding" => cmap,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light", "DW" => 1000,
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"), "Supplement" => 4 },
        })],
    }
}

/// A ToUnicode map of 2-byte codes 1, 2, 3, ... to `text`'s characters.
fn to_unicode(text: &str) -> String {
    let entries: Vec<String> =
        text.chars().enumerate().map(|(i, c)| format!("<{:04X}> <{:04X}>", i + 1, c as u32)).collect();
    format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n{} beginbfchar\n{}\nendbfchar\n\
         endcmap CMapName currentdict /CMap defineresource pop end end",
        entries.len(),
        entries.join("\n")
    )
}

fn text_of(bytes: &[u8]) -> String {
    let t = pdf_pages(bytes, None).expect("the PDF opens");
    assert_eq!(t.failed, Vec::<usize>::new());
    t.pages.join("\u{c}")
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[test]
fn font_paths() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("simple font, WinAnsi", pdf(helvetica(), None, "BT /F1 12 Tf 72 700 Td (Market 2024) Tj ET"), "Market 2024"),
        (
            "simple font with Differences",
            pdf(
                dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
                "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                    "Differences" => vec![65.into(), "Euro".into()] } },
                None,
                "BT /F1 12 Tf 72 700 Td (AB) Tj ET",
            ),
            "€B",
        ),
        (
            "Identity-H with a ToUnicode map",
            pdf(type0("Identity-H"), Some(&to_unicode("市场规模")), "BT /F1 12 Tf 72 700 Td <0001000200030004> Tj ET"),
            "市场规模",
        ),
        (
            "predefined CMap UniGB-UCS2-H: the codes are UTF-16",
            pdf(type0("UniGB-UCS2-H"), None, "BT /F1 12 Tf 72 700 Td <5E02573A> Tj ET"),
            "市场",
        ),
        (
            "predefined CMap GBK-EUC-H: the codes are GBK, ASCII one byte",
            pdf(type0("GBK-EUC-H"), None, &format!("BT /F1 12 Tf 72 700 Td <{}> Tj ET", hex(&gbk("AI大模型")))),
            "AI大模型",
        ),
        (
            "Identity-H with no ToUnicode map: CIDs of Adobe-GB1, through its table",
            pdf(type0("Identity-H"), None, "BT /F1 12 Tf 72 700 Td <0D6704C6> Tj ET"),
            "市场",
        ),
        (
            "vertical writing (Identity-V): a column a line, right to left as drawn",
            pdf(
                type0("Identity-V"),
                Some(&to_unicode("市场规模")),
                "BT /F1 12 Tf 1 0 0 1 300 700 Tm <00010002> Tj 1 0 0 1 280 700 Tm <00030004> Tj ET",
            ),
            "市场\n\n规模",
        ),
    ];
    for (what, bytes, expected) in cases {
        assert_eq!(text_of(&bytes), expected, "{what}");
    }
}

#[test]
fn layout_rules() {
    let han = || type0("UniGB-UCS2-H");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // a new line where the baseline moves
        ("line break", pdf(helvetica(), None, "BT /F1 12 Tf 72 700 Td (one) Tj 0 -14 Td (two) Tj ET"), "one\n\ntwo"),
        // Latin words apart get a space; Han characters close together do not
        (
            "Latin gap",
            pdf(helvetica(), None, "BT /F1 12 Tf 72 700 Td (Market) Tj 1 0 0 1 120 700 Tm (size) Tj ET"),
            "Market size",
        ),
        (
            "Han, no gap",
            pdf(han(), None, "BT /F1 12 Tf 1 0 0 1 72 700 Tm <5E02> Tj 1 0 0 1 85 700 Tm <573A> Tj ET"),
            "市场",
        ),
        // far apart on one baseline: separate blocks (a footer and its page number)
        (
            "far apart",
            pdf(helvetica(), None, "BT /F1 12 Tf 1 0 0 1 72 40 Tm (Source: IDC) Tj 1 0 0 1 500 40 Tm (26) Tj ET"),
            "Source: IDC\n\n26",
        ),
        // single Han characters stacked by a horizontal font: one vertical line
        (
            "stacked",
            pdf(han(), None, "BT /F1 1 Tf 8 0 0 8 300 700 Tm <7B2C> Tj 0 -1.1 TD <4E8C> Tj T* <6761> Tj ET"),
            "第二条",
        ),
        // the same text drawn again where it stands (fake bold) is kept once
        (
            "overprint",
            pdf(helvetica(), None, "BT /F1 12 Tf 1 0 0 1 72 700 Tm (Bold) Tj 1 0 0 1 72.8 700.6 Tm (Bold) Tj ET"),
            "Bold",
        ),
        // TJ: kerning within a word, a wide gap between words
        ("TJ", pdf(helvetica(), None, "BT /F1 12 Tf 72 700 Td [(Mar) 20 (ket) -600 (size)] TJ ET"), "Market size"),
        // text in a transformed graphics state still lines up
        ("cm", pdf(helvetica(), None, "q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 350 Td (scaled) Tj ET Q"), "scaled"),
    ];
    for (what, bytes, expected) in cases {
        assert_eq!(text_of(&bytes), expected, "{what}");
    }
}

/// Forms: drawn with their own resources, and never into themselves.
#[test]
fn forms() {
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(helvetica());
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F9" => font }, "XObject" => dictionary! { "X0" => form_id } } },
        b"BT /F9 12 Tf 72 700 Td (inside the form) Tj ET /X0 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let content = doc.add_object(Stream::new(dictionary! {}, b"q /X0 Do Q".to_vec()));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "X0" => form_id } }, "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert_eq!(text_of(&bytes), "inside the form");
}
