//! `report view`: the review page of a fixture, parsed strictly (as XML): every
//! fact has its row and its mark, ids are unique, the page holds one script and
//! nothing active, the policy's hashes are those of its script and style, and a
//! report full of markup stays text. (The browser check, `tests/browser/view.sh`,
//! loads the same pages in Chromium.)

mod common;

use assert_cmd::Command;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The page `report view` writes for `fixture`, and the number of facts
/// `report extract -f json` finds in it.
fn view(fixture: &str) -> (String, usize) {
    let dir = tempfile_dir(fixture);
    let out = dir.join("view.html");
    Command::cargo_bin("report")
        .unwrap()
        .args(["-q", "view"])
        .arg(common::fixture(fixture))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    let json = Command::cargo_bin("report")
        .unwrap()
        .args(["-q", "extract", "-f", "json"])
        .arg(common::fixture(fixture))
        .output()
        .unwrap()
        .stdout;
    let facts: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let n = facts["facts"].as_array().unwrap().len();
    std::fs::remove_dir_all(&dir).unwrap();
    (html, n)
}

fn tempfile_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("report-view-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// What a page must be, whatever the document.
fn check_page(html: &str, facts: usize) -> roxmltree::Document<'_> {
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("an HTML5 doctype");
    let doc = roxmltree::Document::parse(body).expect("the page is well-formed");
    let mut ids = HashSet::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(id) = node.attribute("id") {
            assert!(ids.insert(id.to_string()), "id {id} twice");
        }
        for a in node.attributes() {
            assert!(!a.name().starts_with("on"), "an event attribute: {}", a.name());
            assert!(!a.value().trim_start().to_lowercase().starts_with("javascript:"), "a javascript: value");
        }
        let name = node.tag_name().name();
        assert!(!["img", "iframe", "object", "embed", "a", "link", "base", "form"].contains(&name), "a <{name}>");
    }
    for i in 0..facts {
        let row = doc.descendants().find(|n| n.attribute("id") == Some(&format!("f-{i}"))).expect("a row per fact");
        assert_eq!(row.tag_name().name(), "tr");
        let mark = doc.descendants().find(|n| n.attribute("id") == Some(&format!("m-{i}")));
        let mark = mark.unwrap_or_else(|| panic!("fact {i} has no mark"));
        assert_eq!((mark.tag_name().name(), mark.attribute("data-fact")), ("mark", Some(i.to_string().as_str())));
    }
    assert!(!ids.contains(&format!("f-{facts}")), "no more rows than facts");
    let scripts: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("script")).collect();
    assert_eq!(scripts.len(), 1, "the page's own script only");
    let styles: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("style")).collect();
    assert_eq!(styles.len(), 1);
    let policy = doc
        .descendants()
        .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|n| n.attribute("content"))
        .expect("a Content-Security-Policy");
    let hash = |node: &roxmltree::Node| base64(&Sha256::digest(node.text().unwrap_or("").as_bytes()));
    assert!(policy.starts_with("default-src 'none'; "), "{policy}");
    assert!(policy.contains(&format!("script-src 'sha256-{}';", hash(&scripts[0]))), "{policy}");
    assert!(policy.contains(&format!("style-src 'sha256-{}';", hash(&styles[0]))), "{policy}");
    doc
}

/// The text of the element with `id`.
fn text_of(doc: &roxmltree::Document, id: &str) -> String {
    let node = doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap();
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect()
}

#[test]
fn a_pdf_with_tables_has_every_fact_marked_on_its_drawn_page() {
    let (html, n) = view("charging-tables-2025.pdf");
    assert_eq!(n, 31);
    let doc = check_page(&html, n);
    // drawn: a sheet of positioned words per page, placed by the style
    let sheets = doc.descendants().filter(|n| n.attribute("class") == Some("sheet")).count();
    assert_eq!(sheets, 2);
    let style: String = doc.descendants().find(|n| n.has_tag_name("style")).unwrap().text().unwrap().into();
    assert!(style.contains("#s1{width:") && style.contains("#w1-0{left:"));
    // a table cell's fact marks that cell: fact 1 is 2022's global 180亿美元 of the
    // first table
    let mark = doc.descendants().find(|n| n.attribute("id") == Some("m-1")).unwrap();
    assert_eq!(mark.text(), Some("180"));
    // the amounts in the left pane read as the report writes them
    let row = text_of(&doc, "f-1");
    assert!(row.contains("180亿") && row.contains("USD") && row.contains("2022"), "{row}");
}

#[test]
fn a_text_report_is_its_pages_of_normalized_text() {
    let (html, n) = view("charging-tables-2025.txt");
    let doc = check_page(&html, n);
    assert!(doc.descendants().any(|n| n.attribute("class") == Some("text")));
    assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("page")).count(), 2);
}

#[test]
fn a_report_full_of_markup_stays_text() {
    for fixture in ["hostile-markup-2025.txt", "hostile-markup-2025.pdf"] {
        let (html, n) = view(fixture);
        assert_eq!(n, 2, "{fixture}");
        let doc = check_page(&html, n);
        let page = text_of(&doc, "page-1");
        for written in [
            "<script>alert(\"储能\")</script>",
            "<img src=x onerror=alert(1)>",
            "javascript:alert(2)",
            "</style></script><!-- 注释 -->",
        ] {
            assert!(page.contains(written), "{fixture}: {written} is not shown as text in {page}");
        }
        // (a PDF's quote is in pieces, a word each: all of them marked)
        let marked: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("mark") && n.attribute("data-fact") == Some("0"))
            .flat_map(|m| m.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()))
            .collect();
        assert!(marked.contains("2024年中国储能电池市场规模达到350亿元"), "{fixture}: {marked}");
        assert!(!html.contains("<img") && !html.contains("<a "), "{fixture}");
    }
}

#[test]
fn several_reports_need_a_directory_and_get_a_page_each() {
    Command::cargo_bin("report")
        .unwrap()
        .args(["view"])
        .arg(common::fixture("robotics-2025.txt"))
        .arg(common::fixture("robotics-2025.pdf"))
        .assert()
        .code(2);
    let dir = tempfile_dir("batch");
    Command::cargo_bin("report")
        .unwrap()
        .args(["-q", "view", "--output-dir"])
        .arg(&dir)
        .arg(common::fixture("robotics-2025.txt"))
        .arg(common::fixture("no-such-report.pdf"))
        .arg(common::fixture("robotics-2025.pdf"))
        .assert()
        .code(3);
    let mut written: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, ["robotics-2025.pdf.html", "robotics-2025.txt.html"]);
    // and never over a page that is there, unless --force
    Command::cargo_bin("report")
        .unwrap()
        .args(["-q", "view", "--output-dir"])
        .arg(&dir)
        .arg(common::fixture("robotics-2025.txt"))
        .assert()
        .failure();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn extract_writes_the_same_page_as_html() {
    let dir = tempfile_dir("extract");
    let (by_view, by_extract) = (dir.join("a.html"), dir.join("b.html"));
    let run = |args: &[&str], out: &std::path::Path| {
        Command::cargo_bin("report")
            .unwrap()
            .args(args)
            .arg(common::fixture("robotics-2025.pdf"))
            .arg("-o")
            .arg(out)
            .assert()
            .success();
    };
    run(&["-q", "view"], &by_view);
    // (the format named by -o's extension)
    run(&["-q", "extract"], &by_extract);
    assert_eq!(std::fs::read(&by_view).unwrap(), std::fs::read(&by_extract).unwrap());
    // one page is one report's
    Command::cargo_bin("report")
        .unwrap()
        .args(["extract", "-f", "html"])
        .arg(common::fixture("robotics-2025.txt"))
        .arg(common::fixture("robotics-2025.pdf"))
        .assert()
        .code(2)
        .stdout("");
    std::fs::remove_dir_all(&dir).unwrap();
}
