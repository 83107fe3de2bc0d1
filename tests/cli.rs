//! The `report` binary end to end: each output format, `text`, stdin, `--output`,
//! and each error case with its exit code and one-line message.

mod common;

use common::{fixture, report};
use predicates::prelude::*;
use std::fs;

fn stdout_of(args: &[&str]) -> String {
    let out = report().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_has_schema_version_document_and_facts() {
    let path = fixture("robotics-2025.txt");
    let out = stdout_of(&["extract", "--format", "json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["document"]["pages"], 1);
    assert_eq!(v["document"]["format"], "text");
    assert_eq!(v["document"]["encoding"], "utf-8");
    assert_eq!(v["document"]["sha256"].as_str().unwrap().len(), 64);
    let facts = v["facts"].as_array().unwrap();
    // a source, three market sizes, two CAGRs, two trends
    assert_eq!(facts.len(), 8);
    let m = &facts[1];
    assert_eq!(m["kind"], "market_size");
    assert_eq!(m["value"], 2760000000u64);
    assert_eq!(m["currency"], "CNY");
    assert_eq!(m["year"], 2024);
    assert_eq!(m["approx"], true);
    assert_eq!(m["forecast"], false);
    assert_eq!(m["evidence"]["page"], 1);
    let c = &facts[3];
    assert_eq!((c["kind"].as_str(), c["rate"].as_f64()), (Some("cagr"), Some(54.8)));
    assert_eq!((c["from_year"].as_i64(), c["to_year"].as_i64()), (Some(2024), Some(2030)));
}

#[test]
fn jsonl_is_one_fact_a_line_with_the_document_path() {
    let path = fixture("nev-market-gbk.txt");
    let out = stdout_of(&["extract", "-f", "jsonl", path.to_str().unwrap()]);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // a source, three market sizes, a CAGR, an investment, a policy named in the text,
    // then the check of the CAGR against the market sizes it spans, by their ids
    assert_eq!(lines.len(), 7 + 1);
    assert!(lines.iter().all(|l| l["document"] == path.to_str().unwrap()));
    assert_eq!(lines[2]["value"], 1200000000000u64);
    assert_eq!(lines[2]["id"], "f3");
    assert_eq!(lines[4]["kind"], "cagr");
    assert_eq!(lines[7]["kind"], "check");
    assert_eq!(lines[7]["check"], "cagr");
    assert_eq!(lines[7]["facts"], serde_json::json!(["f3", "f4", "f5"]));
    assert!(lines.iter().all(|l| l.get("repeat_of").is_none()));
}

/// JSON Lines is the whole result: a batch's failed inputs are records too, and a
/// figure stated again on another page is marked as the repeat of the first.
#[test]
fn jsonl_holds_errors_and_marks_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let twice = dir.path().join("twice.txt");
    fs::write(
        &twice,
        "2024年全球储能温控市场规模约为120亿美元。\n\u{c}正如前文所述，2024年全球储能温控市场规模约为120亿美元。\n",
    )
    .unwrap();
    let broken = dir.path().join("broken.pdf");
    fs::write(&broken, b"%PDF-1.4 not really").unwrap();
    let out = report().args(["extract", "-f", "jsonl"]).arg(&twice).arg(&broken).assert().code(5);
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.get_output().stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["market_size", "market_size", "error"]);
    assert_eq!((&lines[0]["id"], &lines[1]["id"], &lines[1]["repeat_of"]), (&"f1".into(), &"f2".into(), &"f1".into()));
    assert_eq!(lines[1]["evidence"]["page"], 2);
    assert!(lines[2]["document"].as_str().unwrap().ends_with("broken.pdf"));
    assert_eq!(lines[2]["exit_code"], 5);
}

#[test]
fn csv_has_fixed_columns_and_one_row_a_fact() {
    let path = fixture("nev-market-gbk.txt");
    let out = stdout_of(&["extract", "-f", "csv", path.to_str().unwrap()]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    // the released columns in their order (added since schema_version 1: a source's
    // text, market_share's holder and share, a market size's measure, a source's names)
    let v1 = "document kind subject region year value currency approx qualifier forecast rate from_year to_year \
              name date source page start end quote actor actor_inferred_from program converted_value \
              converted_currency horizon_years deadline_year purpose title issuer period_from period_to focus \
              section points text holder share measure names";
    assert_eq!(headers.iter().collect::<Vec<_>>(), v1.split_whitespace().collect::<Vec<_>>());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(
        (&rows[5][col("kind")], &rows[5][col("actor")], &rows[5][col("purpose")]),
        // 某车企: a firm's investment names no country
        ("investment", "", "建设电池工厂")
    );
    assert_eq!(&rows[3][col("value")], "3500000000000");
    assert_eq!(&rows[3][col("forecast")], "true");
    assert_eq!(&rows[0][col("name")], "中国汽车工业协会");
    assert_eq!(&rows[0][col("names")], "中国汽车工业协会");
    assert_eq!(&rows[4][col("rate")], "19.5");
}

#[test]
fn table_prints_one_table_per_kind() {
    let path = fixture("ai-compute-2025.pdf");
    let out = stdout_of(&["extract", path.to_str().unwrap()]);
    assert!(out.starts_with(&format!("{} (3 pages, 13 facts)", path.display())), "{out}");
    for title in ["market_size (5)", "cagr (2)", "investment (3)", "source (3)"] {
        assert!(out.contains(title), "missing {title}: {out}");
    }
    // amounts as the report writes them
    assert!(out.contains(" 280亿 "), "{out}");
    assert!(out.contains("全球智能算力"));
}

/// The columns a line takes in a terminal: a CJK or full-width character two.
fn columns_of(l: &str) -> usize {
    l.chars()
        .map(|c| if ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c) { 2 } else { 1 })
        .sum()
}

/// At 80 and 120 columns (`COLUMNS`, honoured in a pipe too) every line fits, amounts
/// stay whole and right-aligned, and at 80 the currency goes beside its amount.
#[test]
fn the_table_fits_its_width() {
    let path = fixture("robotics-2025.txt");
    for columns in ["80", "120"] {
        let out = report().env("COLUMNS", columns).args(["extract", path.to_str().unwrap()]).assert().success();
        let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        let widest = out.lines().map(columns_of).max().unwrap();
        assert!(widest <= columns.parse().unwrap(), "{columns}: {widest}\n{out}");
        if columns == "80" {
            assert!(out.contains(" 27.6亿 CNY "), "{out}");
            assert!(out.contains("┆  380亿 CNY ┆"), "{out}");
        } else {
            assert!(out.contains("┆ 27.6亿 ┆ CNY "), "{out}");
        }
    }
}

/// `--markers` says what the diagnostics say of a page; `-v` sums them up.
#[test]
fn text_markers_carry_page_diagnostics() {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for content in [&b"BT /F1 12 Tf 72 700 Td (Market size) Tj ET"[..], b""] {
        let c = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        kids.push(Object::from(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } }, "Contents" => c,
        })));
    }
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 2 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-pages.pdf");
    doc.save(&path).unwrap();
    let out = report().args(["-v", "text", "--markers"]).arg(&path).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text, "=== page 1 ===\nMarket size\n=== page 2 (no text) ===\n\n");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("2 pages, 1 with no text, 0 garbled, 0.00% replacement"), "{err}");
}

#[test]
fn text_prints_normalized_pages_separated_by_form_feeds() {
    let path = fixture("ai-compute-2025.txt");
    let out = stdout_of(&["text", path.to_str().unwrap()]);
    assert_eq!(out.matches('\u{c}').count(), 2);
    assert!(out.contains("年复合增长率达到36.2%。"));
    let marked = stdout_of(&["text", "--markers", path.to_str().unwrap()]);
    assert!(marked.starts_with("=== page 1 ===\n"));
    assert!(marked.contains("=== page 3 ===\n"));
    assert!(!marked.contains('\u{c}'));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = fs::read(fixture("robotics-2025.txt")).unwrap();
    let out = report().args(["extract", "-f", "jsonl", "-"]).write_stdin(text).assert().success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(out.lines().count(), 8 + 1);
    assert!(out.lines().all(|l| l.starts_with(r#"{"document":"-","#)));
}

#[test]
fn output_file_is_written_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("facts.json");
    let src = fixture("robotics-2025.txt");
    let args = ["extract", "-f", "json", "-o", dest.to_str().unwrap(), src.to_str().unwrap()];
    report().args(args).assert().success().stdout("");
    let first = fs::read_to_string(&dest).unwrap();
    assert!(first.contains("\"schema_version\": 1"));
    fs::write(&dest, "keep me").unwrap();
    report().args(args).assert().code(1).stderr(predicate::str::contains("already exists (use --force to overwrite)"));
    assert_eq!(fs::read_to_string(&dest).unwrap(), "keep me");
    report().args(args).arg("--force").assert().success();
    assert_eq!(fs::read_to_string(&dest).unwrap(), first);
    // no temp files left behind
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Runs `report extract` on `path` and checks the exit code and the single stderr line.
fn fails(path: &std::path::Path, code: i32, reason: &str) {
    let out = report().args(["extract", path.to_str().unwrap()]).assert().code(code).stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with(&format!("report: {}: ", path.display())), "{err}");
    assert!(err.contains(reason), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_file() {
    fails(&fixture("no-such-report.pdf"), 3, "no such file");
}

#[test]
fn directory() {
    // `text` reads one report: a directory is an error
    let dir = fixture("");
    let out = report().args(["text", dir.to_str().unwrap()]).assert().code(3).stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains("is a directory, not a file"), "{err}");
    // `extract` reads the reports in a directory, and says so when there are none
    let empty = tempfile::tempdir().unwrap();
    fails(empty.path(), 3, "no reports (.pdf, .txt, .md) in this directory");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.txt");
    fs::write(&p, "  \n").unwrap();
    fails(&p, 4, "file is empty");
}

#[test]
fn not_a_pdf_though_named_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.pdf");
    fs::write(&p, "<html>not a pdf</html>").unwrap();
    fails(&p, 5, "not a PDF");
}

#[test]
fn damaged_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.pdf");
    let bytes = fs::read(fixture("robotics-2025.pdf")).unwrap();
    fs::write(&p, &bytes[..200]).unwrap();
    fails(&p, 5, "PDF is damaged");
}

#[test]
fn pdf_without_text_layer() {
    fails(
        &fixture("scanned-no-text.pdf"),
        6,
        "PDF has no text layer (1 page, no extractable text); it is probably scanned: run OCR first",
    );
}

/// A typed cover and three pages of drawings: not nothing, but nothing to read.
#[test]
fn pdf_with_almost_no_text_layer() {
    fails(
        &fixture("mostly-scanned.pdf"),
        6,
        "PDF has almost no text layer (4 pages, 6 usable characters): it is probably scanned, or its fonts have no Unicode map; run OCR first",
    );
}

/// The document block carries the text layer's diagnostics.
#[test]
fn json_document_has_diagnostics() {
    let out = stdout_of(&["extract", "-f", "json", fixture("smart-manufacturing-2025.pdf").to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v["document"]["diagnostics"];
    assert_eq!(d["empty_pages"], serde_json::json!([]));
    assert_eq!(d["garbled_pages"], serde_json::json!([]));
    assert_eq!(d["replacement_ratio"], 0.0);
    assert_eq!(d["likely_scanned"], false);
    assert!(d["chars_per_page"].as_f64().unwrap() > 100.0, "{d}");
}

#[test]
fn binary_file_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("blob.bin");
    fs::write(&p, [0u8, 159, 146, 150, 0, 1]).unwrap();
    fails(&p, 5, "not a text file");
}

#[test]
fn gbk_text_is_detected() {
    let path = fixture("nev-market-gbk.txt");
    let out = stdout_of(&["extract", "-f", "json", path.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["document"]["encoding"], "gb18030");
    assert_eq!(v["facts"][0]["name"], "中国汽车工业协会");
}

#[test]
fn usage_error_exits_2() {
    report().args(["extract", "--format", "yaml", "x.txt"]).assert().code(2);
    report().assert().code(2);
}

#[test]
fn pdf_whose_text_cannot_be_decoded() {
    // A content stream that neither engine parses: not mistaken for a scan, and
    // no panic reaches the user.
    fails(
        &fixture("unparsable-content.pdf"),
        8,
        "no text could be decoded from the PDF (the PDF engines failed on 1 of 1 pages",
    );
}

/// AES-256: the empty user password is tried; another one comes with --password.
#[test]
fn encrypted_pdfs_and_passwords() {
    let empty = fixture("encrypted-empty-password.pdf");
    assert_eq!(stdout_of(&["text", empty.to_str().unwrap()]), "市场规模\n");
    let locked = fixture("encrypted-password-secret.pdf");
    fails(&locked, 7, "PDF is encrypted and needs a password (give it with --password)");
    let out = report().args(["extract", "--password", "wrong"]).arg(&locked).assert().code(7);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.ends_with("PDF is encrypted and the password given does not open it\n"), "{err}");
    assert_eq!(stdout_of(&["text", "--password", "secret", locked.to_str().unwrap()]), "市场规模\n");
}

/// A font with the predefined CJK CMap UniGB-UCS2-H (no ToUnicode map): its
/// codes are UTF-16. pdf-extract panicked on it; our layer reads it.
#[test]
fn predefined_cjk_cmap_is_decoded() {
    assert_eq!(stdout_of(&["text", fixture("predefined-cmap-unigb.pdf").to_str().unwrap()]), "市场规模\n");
}

#[test]
fn quantities_batch_mode_answers_each_line_in_order() {
    let input = concat!(
        r#"{"id": "a", "input": "市场规模约为１５.９亿美元，年复合增长率79.8％"}"#,
        "\n",
        r#"{"id": 2, "input": "四川一切正常"}"#,
        "\n",
        "not json\n",
        r#"{"id": "c", "input": "提高3个百分点，占比百分之七十"}"#,
        "\n",
    );
    // the line that is not JSON is answered, the stream goes on, and the exit code says so
    let out = report().args(["quantities", "--jsonl"]).write_stdin(input).assert().code(5);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0],
        serde_json::json!({"id": "a", "found": [
            {"kind": "money", "text": "１５.９亿美元", "value": 1590000000, "unit": "USD", "qualifier": "approx"},
            {"kind": "percent", "text": "79.8％", "value": 79.8}
        ]})
    );
    assert_eq!(lines[1], serde_json::json!({"id": 2, "found": []}));
    assert_eq!(lines[2]["id"], serde_json::Value::Null);
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["error"].as_str().unwrap().starts_with("not JSON"));
    assert_eq!(
        lines[3]["found"],
        serde_json::json!([
            {"kind": "percent", "text": "3个百分点", "value": 3, "points": true},
            {"kind": "percent", "text": "百分之七十", "value": 70}
        ])
    );
}

#[test]
fn quantities_of_a_file_carry_page_and_span() {
    let path = fixture("ai-compute-2025.txt");
    let out = stdout_of(&["quantities", "-f", "jsonl", path.to_str().unwrap()]);
    let text = stdout_of(&["text", path.to_str().unwrap()]);
    let chars: Vec<char> = text.chars().collect();
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let money: Vec<&serde_json::Value> = rows.iter().filter(|r| r["kind"] == "money").collect();
    assert_eq!(money[0]["value"], 28000000000u64);
    assert_eq!(money[0]["page"], 1);
    for r in &rows {
        let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), r["text"].as_str().unwrap());
    }
    let table = stdout_of(&["quantities", path.to_str().unwrap()]);
    assert!(table.contains("percentage_points"), "{table}");
}

#[test]
fn check_passes_on_the_fixtures_text_and_pdf() {
    let expect = fixture("expect/ai-compute-2025.json");
    let out = report()
        .args(["check", "--expect", expect.to_str().unwrap()])
        .arg(fixture("ai-compute-2025.txt"))
        .arg(fixture("ai-compute-2025.pdf"))
        .assert()
        .code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("ai-compute-2025.txt: ok, 13 of 13 expected facts matched"), "{text}");
    assert!(text.contains("ai-compute-2025.pdf: ok, 13 of 13 expected facts matched"), "{text}");
}

#[test]
fn check_exact_fails_on_a_fact_not_expected() {
    let dir = tempfile::tempdir().unwrap();
    let expect = dir.path().join("expect.json");
    let path = fixture("robotics-2025.txt");
    report().args(["check", "--update", "--expect"]).arg(&expect).arg(&path).assert().success();
    // the full expectation passes with --exact; drop one fact and it fails, naming it
    report().args(["check", "--exact", "--expect"]).arg(&expect).arg(&path).assert().success();
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&expect).unwrap()).unwrap();
    let dropped = v["facts"].as_array_mut().unwrap().remove(6);
    assert_eq!(dropped["kind"], "trend");
    fs::write(&expect, serde_json::to_vec(&v).unwrap()).unwrap();
    report().args(["check", "--expect"]).arg(&expect).arg(&path).assert().success();
    let out = report().args(["check", "--exact", "--expect"]).arg(&expect).arg(&path).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let name = path.display().to_string();
    assert_eq!(
        text,
        format!(
            "{name}: FAILED, 7 of 7 expected facts matched, 1 fact not expected\n  not expected: #6 on page 1: {}\n",
            serde_json::to_string(&dropped).unwrap()
        )
    );
}

#[test]
fn check_fails_with_a_readable_diff() {
    let dir = tempfile::tempdir().unwrap();
    let expect = dir.path().join("expect.json");
    fs::write(&expect, common::ROBOTICS_PARTLY_WRONG).unwrap();
    let out = report()
        .args(["check", "--expect", expect.to_str().unwrap()])
        .arg(fixture("robotics-2025.txt"))
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let name = fixture("robotics-2025.txt").display().to_string();
    assert!(text.starts_with(&format!("{name}: FAILED, 2 of 3 expected facts matched\n")), "{text}");
    assert!(
        text.contains(
            r#"  missing: {"kind":"market_size","subject":"中国人形机器人","value":39000000000,"year":2030}"#
        ),
        "{text}"
    );
    assert!(
        text.contains("    nearest: market_size #2 on page 1: value is 38000000000 (expected 39000000000)"),
        "{text}"
    );
}

#[test]
fn check_update_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let expect = dir.path().join("nev.json");
    let src = fixture("nev-market-gbk.txt");
    report().args(["check", "--update", "--expect", expect.to_str().unwrap(), src.to_str().unwrap()]).assert().code(0);
    let written: serde_json::Value = serde_json::from_str(&fs::read_to_string(&expect).unwrap()).unwrap();
    assert_eq!(written["schema_version"], 1);
    assert_eq!(written["facts"].as_array().unwrap().len(), 7);
    assert_eq!(written["facts"][1]["evidence"], serde_json::json!({"page": 1}));
    // the expectation written from the text holds for the PDF too
    report()
        .args(["check", "--expect", expect.to_str().unwrap()])
        .arg(&src)
        .arg(fixture("nev-market-gbk.pdf"))
        .assert()
        .code(0);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn check_fails_on_warnings_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let report_file = dir.path().join("r.txt");
    fs::write(
        &report_file,
        "全球某软件市场规模在2023年约为15.9亿美元，预计到2032年将达到840.1亿美元，年复合增长率达到79.8%。",
    )
    .unwrap();
    let expect = dir.path().join("e.json");
    fs::write(&expect, r#"{"facts": [{"kind": "cagr", "rate": 79.8, "from_year": 2023, "to_year": 2032}]}"#).unwrap();
    let args = ["check", "--expect", expect.to_str().unwrap(), report_file.to_str().unwrap()];
    let out = report().args(args).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("ok, 1 of 1 expected facts matched, 1 warning"), "{text}");
    assert!(text.contains("does not match its values: 1590000000 → 84010000000 USD implies 55.4%"), "{text}");
    report().args(args).args(["--fail-on", "warning"]).assert().code(1);
}

#[test]
fn check_errors_exit_2() {
    let expect = fixture("expect/robotics-2025.json");
    report()
        .args(["check", "--expect", expect.to_str().unwrap()])
        .arg(fixture("no-such.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such.pdf: no such file"));
    report()
        .args(["check", "--expect", "/nonexistent/e.json"])
        .arg(fixture("robotics-2025.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read expectations"));
}

/// A directory of reports with one broken file among good ones.
fn batch_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["robotics-2025.txt", "nev-market-gbk.pdf"] {
        fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::copy(fixture("ai-compute-2025.txt"), dir.path().join("sub/ai-compute-2025.txt")).unwrap();
    fs::write(dir.path().join("broken.pdf"), "not a pdf").unwrap();
    fs::write(dir.path().join("notes.docx"), "ignored: not a report type").unwrap();
    dir
}

#[test]
fn batch_goes_on_past_a_bad_file() {
    let dir = batch_dir();
    let out = report().args(["extract", "-f", "json"]).arg(dir.path()).assert().code(5);
    let output = out.get_output();
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let docs: Vec<&str> =
        v["documents"].as_array().unwrap().iter().map(|d| d["document"]["path"].as_str().unwrap()).collect();
    assert_eq!(docs.len(), 3);
    assert!(docs[0].ends_with("nev-market-gbk.pdf") && docs[1].ends_with("robotics-2025.txt"), "{docs:?}");
    assert!(docs[2].ends_with("sub/ai-compute-2025.txt"), "{docs:?}");
    assert_eq!(v["documents"][2]["facts"].as_array().unwrap().len(), 13);
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
    assert!(v["errors"][0]["path"].as_str().unwrap().ends_with("broken.pdf"));
    assert_eq!(v["errors"][0]["exit_code"], 5);
    let err = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("broken.pdf: not a PDF"), "{err}");
}

#[test]
fn batch_reads_a_list_of_paths() {
    let list = format!("{}\n\n{}\n", fixture("robotics-2025.txt").display(), fixture("nev-market-gbk.txt").display());
    let out = report().args(["extract", "-f", "jsonl", "--files-from", "-"]).write_stdin(list).assert().success();
    let lines = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // each document's facts and its check
    assert_eq!(lines.lines().count(), (8 + 1) + (7 + 1));
}

#[test]
fn batch_output_dir_writes_each_and_overwrites_nothing() {
    let dir = batch_dir();
    let out_dir = tempfile::tempdir().unwrap();
    let run = |force: bool| {
        let mut cmd = report();
        cmd.args(["extract", "-f", "csv", "--output-dir"]).arg(out_dir.path()).arg(dir.path());
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    run(false).code(5);
    let mut names: Vec<String> =
        fs::read_dir(out_dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["ai-compute-2025.txt.csv", "nev-market-gbk.pdf.csv", "robotics-2025.txt.csv"]);
    let csv = fs::read_to_string(out_dir.path().join("robotics-2025.txt.csv")).unwrap();
    assert_eq!(csv.lines().count(), 9);
    // a second run without --force touches nothing and says so
    fs::write(out_dir.path().join("robotics-2025.txt.csv"), "mine").unwrap();
    run(false).code(5).stderr(predicate::str::contains("robotics-2025.txt.csv: already exists"));
    assert_eq!(fs::read_to_string(out_dir.path().join("robotics-2025.txt.csv")).unwrap(), "mine");
    run(true).code(5);
    assert_eq!(fs::read_to_string(out_dir.path().join("robotics-2025.txt.csv")).unwrap(), csv);
}

/// A report whose attribution would be a formula in a spreadsheet.
fn hostile_report() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hostile.txt");
    fs::write(&p, "数据来源：=HYPERLINK(\"http://evil.example\")\n全球某软件市场规模为100亿美元。\n").unwrap();
    (dir, p)
}

#[test]
fn csv_with_and_without_bom_reads_back() {
    let path = fixture("robotics-2025.txt");
    for bom in [false, true] {
        let mut cmd = report();
        cmd.args(["extract", "-f", "csv", path.to_str().unwrap()]);
        if bom {
            cmd.arg("--bom");
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        assert_eq!(out.starts_with("\u{feff}".as_bytes()), bom);
        let body = if bom { &out[3..] } else { &out[..] };
        let mut rdr = csv::Reader::from_reader(body);
        assert_eq!(rdr.headers().unwrap().get(0), Some("document"));
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 8);
        assert_eq!(&rows[1][2], "中国人形机器人");
        assert_eq!(&rows[1][5], "2760000000");
    }
}

#[test]
fn formula_cells_are_neutralized_in_csv() {
    let (_dir, p) = hostile_report();
    let out = stdout_of(&["extract", "-f", "csv", p.to_str().unwrap()]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let name = headers.iter().position(|h| h == "name").unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][name], "'=HYPERLINK(\"http://evil.example\")");
    // numbers stay numbers
    let value = headers.iter().position(|h| h == "value").unwrap();
    assert_eq!(&rows[1][value], "10000000000");
}

#[test]
fn xlsx_reads_back_with_numbers_as_numbers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("facts.xlsx");
    let (_h, hostile) = hostile_report();
    report()
        .args(["extract", "-f", "xlsx", "-o", dest.to_str().unwrap()])
        .arg(fixture("robotics-2025.txt"))
        .arg(&hostile)
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(&dest).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "market_size",
            "cagr",
            "market_share",
            "investment",
            "policy",
            "source",
            "trend",
            "challenge",
            "checks",
            "documents"
        ]
    );
    let markets = book.worksheet_range("market_size").unwrap();
    let header: Vec<String> = markets.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    // every field of the JSON, then the evidence
    assert_eq!(
        header,
        [
            "document",
            "year",
            "region",
            "subject",
            "value",
            "currency",
            "approx",
            "qualifier",
            "forecast",
            "source",
            "converted_value",
            "converted_currency",
            "measure",
            "page",
            "start",
            "end",
            "quote"
        ]
    );
    let first = markets.rows().nth(1).unwrap();
    assert_eq!(first[1], Data::Float(2024.0));
    assert_eq!(first[4], Data::Float(2760000000.0));
    assert_eq!(first[3], Data::String("中国人形机器人".into()));
    assert_eq!(markets.rows().count(), 1 + 3 + 1);
    // flags are booleans (COUNTIF(…, TRUE) finds them)
    assert_eq!(first[6], Data::Bool(true));
    assert_eq!(first[8], Data::Bool(false));
    // a string cell is no formula: the text is written as it is, no guard
    let sources = book.worksheet_range("source").unwrap();
    let names: Vec<String> = sources.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert!(names.contains(&"=HYPERLINK(\"http://evil.example\")".to_string()), "{names:?}");
    let formulas = book.worksheet_formula("source").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    // the documents read, a row each
    let documents = book.worksheet_range("documents").unwrap();
    let header: Vec<String> = documents.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[..5], ["document", "sha256", "format", "encoding", "pages"]);
    assert_eq!(documents.rows().count(), 1 + 2);
    assert_eq!(documents.rows().nth(1).unwrap()[2], Data::String("text".into()));
    let trends = book.worksheet_range("trend").unwrap();
    let header: Vec<String> = trends.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["document", "section", "title", "points", "page", "start", "end", "quote"]);
    let titles: Vec<String> = trends.rows().skip(1).map(|r| r[2].to_string()).collect();
    let investments = book.worksheet_range("investment").unwrap();
    let header: Vec<String> = investments.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[6..9], ["qualifier", "converted_value", "converted_currency"]);
    assert_eq!(titles, ["具身智能加速落地，人形机器人进入量产元年", "核心零部件国产化率持续提升"]);

    // what the sheet shows, from the workbook's own XML: amounts grouped by thousands,
    // the header frozen under an autofilter, columns fitted to their content, text
    // wrapped and top-aligned
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let styles = read("xl/styles.xml");
    assert!(styles.contains(r##"formatCode="#,##0""##), "{styles}");
    assert!(styles.contains(r#"wrapText="1""#) && styles.contains(r#"vertical="top""#), "{styles}");
    let sheet = read("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter ref=\"A1:"), "{sheet}");
    assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
    // the subject column (D) is as wide as 中国人形机器人 (7 CJK characters: 14), the
    // quote column at most 60 wide
    let widths: Vec<f64> = sheet
        .split("<col ")
        .skip(1)
        .map(|c| c.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
        .collect();
    assert!((15.0..=17.0).contains(&widths[3]), "{widths:?}");
    assert!(widths.iter().all(|&w| w <= 62.0), "{widths:?}");
}

/// A text longer than a cell holds is cut with a visible mark, the workbook is
/// still written, and stderr says so.
#[test]
fn xlsx_cuts_a_text_too_long_for_a_cell() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.txt");
    let sentence = "某储能系统集成商的项目经验持续积累，".repeat(2000);
    std::fs::write(&long, format!("2024年全球储能温控市场规模约为120亿美元，{sentence}。\n")).unwrap();
    let dest = dir.path().join("long.xlsx");
    let out = report().args(["extract", "-f", "xlsx", "-o", dest.to_str().unwrap()]).arg(&long).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("cut to 32767"), "{stderr}");
    let mut book: Xlsx<_> = open_workbook(&dest).unwrap();
    let markets = book.worksheet_range("market_size").unwrap();
    let quote = markets.rows().nth(1).unwrap().last().unwrap().to_string();
    assert_eq!(quote.chars().count(), 32_767);
    assert!(quote.ends_with("…[cut]"));
}

#[test]
fn markdown_tables() {
    let out = stdout_of(&["extract", "-f", "md", fixture("robotics-2025.txt").to_str().unwrap()]);
    assert!(out.contains("### market_size (3)\n\n| year | region | subject | value |"), "{out}");
    assert!(out.contains("| 2024 | CN | 中国人形机器人 | 2,760,000,000 | CNY | approx | actual |"), "{out}");
}

#[test]
fn json_output_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&stdout_of(&["schema"])).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut outputs = Vec::new();
    for name in ["ai-compute-2025.txt", "nev-market-gbk.pdf", "robotics-2025.pdf"] {
        outputs.push(stdout_of(&["extract", "-f", "json", fixture(name).to_str().unwrap()]));
    }
    let dir = batch_dir();
    let batch = report().args(["extract", "-f", "json"]).arg(dir.path()).assert().code(5);
    outputs.push(String::from_utf8(batch.get_output().stdout.clone()).unwrap());
    for out in &outputs {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    // and the schema is no rubber stamp
    let mut v: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    v["facts"][1]["value"] = serde_json::json!(true);
    assert!(!validator.is_valid(&v));
    let mut v: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    v["facts"][1]["kind"] = serde_json::json!("market_sizes");
    assert!(!validator.is_valid(&v));
    let mut v: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    v["facts"][1].as_object_mut().unwrap().remove("evidence");
    assert!(!validator.is_valid(&v));
    let mut v: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    v["document"]["extra"] = serde_json::json!(1);
    assert!(!validator.is_valid(&v));
    // tight where a reader relies on it: ISO 4217 currencies, pages from 1, this
    // schema_version only, ISO 8601 dates, values as numbers
    let first = |v: &serde_json::Value, field: &str| -> usize {
        v["facts"].as_array().unwrap().iter().position(|f| !f[field].is_null()).unwrap()
    };
    let original: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    assert!(validator.is_valid(&original));
    type Change<'a> = Box<dyn Fn(&mut serde_json::Value) + 'a>;
    let broken: [(&str, Change); 5] = [
        (
            "a lower-case currency",
            Box::new(|v| {
                let i = first(v, "currency");
                v["facts"][i]["currency"] = "usd".into()
            }),
        ),
        ("page 0", Box::new(|v| v["facts"][0]["evidence"]["page"] = 0.into())),
        ("another schema_version", Box::new(|v| v["schema_version"] = 2.into())),
        (
            "a month by name",
            Box::new(|v| {
                let i = first(v, "date");
                v["facts"][i]["date"] = "March".into()
            }),
        ),
        (
            "a value as a string",
            Box::new(|v| {
                let i = first(v, "value");
                v["facts"][i]["value"] = "1590000000".into()
            }),
        ),
    ];
    for (what, change) in broken {
        let mut v = original.clone();
        change(&mut v);
        assert!(!validator.is_valid(&v), "{what} passes the schema");
    }
}

/// A value no double holds is a JSON number with all its digits: a reader that wants
/// them reads a decimal; the schema takes it.
#[test]
fn exact_values_are_json_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    fs::write(&p, "2024年全球某市场规模为1234567890123456789.5亿美元。\n").unwrap();
    let out = stdout_of(&["extract", "-f", "jsonl", p.to_str().unwrap()]);
    assert!(out.contains(r#""value":123456789012345678950000000,"#), "{out}");
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(v["value"].is_number());
}

#[test]
fn color_quiet_verbose_and_completions() {
    let expect = fixture("expect/robotics-2025.json");
    let src = fixture("robotics-2025.txt");
    let check = |extra: &[&str], env_no_color: bool| {
        let mut cmd = report();
        cmd.args(["check", "--expect", expect.to_str().unwrap(), src.to_str().unwrap()]).args(extra);
        if env_no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8(cmd.assert().code(0).get_output().stdout.clone()).unwrap()
    };
    assert!(check(&["--color", "always"], false).contains("\u{1b}[32mok\u{1b}[0m"));
    assert!(!check(&["--color", "never"], false).contains('\u{1b}'));
    // auto: not a terminal here, and NO_COLOR is honoured either way
    assert!(!check(&[], true).contains('\u{1b}'));
    // -v: a line per document on stderr; -q and -v together are a usage error
    let out = report().args(["-v", "extract", "-f", "jsonl", src.to_str().unwrap()]).assert().success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.starts_with(&format!("report: {}: 1 pages, 8 facts, 1 checks (0 warnings) in ", src.display())),
        "{err}"
    );
    report().args(["-q", "-v", "extract", src.to_str().unwrap()]).assert().code(2);
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("_report()") && bash.contains("extract") && bash.contains("--files-from"), "{bash}");
}

#[test]
fn a_pdf_that_crashes_the_engine_is_contained() {
    // The form draws itself. Our layer refuses to follow it and finds no text;
    // pdf-extract, the second engine for such a page, overflows its stack on it.
    // It runs in a worker process, so that costs the worker only: the user gets
    // one line (the page has no text), not an abort.
    fails(&fixture("recursive-form.pdf"), 6, "PDF has no text layer (1 page, no extractable text)");
    // and a batch goes on past it
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("recursive-form.pdf"), dir.path().join("a-recursive.pdf")).unwrap();
    fs::copy(fixture("robotics-2025.pdf"), dir.path().join("b-robotics.pdf")).unwrap();
    let out = report().args(["extract", "-f", "jsonl"]).arg(dir.path()).assert().code(6);
    let lines = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // the robotics report's facts and check, and the failed input's record
    assert_eq!(lines.lines().count(), 8 + 1 + 1);
    assert!(lines.lines().last().unwrap().contains(r#""kind":"error""#));
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("a-recursive.pdf: PDF has no text layer"), "{err}");
}

#[test]
fn keywords_are_domain_terms() {
    let out = stdout_of(&["keywords", "-n", "5", "-f", "jsonl", fixture("ai-compute-2025.txt").to_str().unwrap()]);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["keyword"], "智能算力");
    assert_eq!(rows[0]["rank"], 1);
    let words: Vec<&str> = rows.iter().map(|r| r["keyword"].as_str().unwrap()).collect();
    assert!(words.contains(&"市场规模"), "{words:?}");
    // stop words and figures are left out
    assert!(words.iter().all(|w| !["发展", "我国", "技术"].contains(w) && !w.chars().any(|c| c.is_ascii_digit())));
}

/// The table fixture's two tables, cell by cell, from its PDF and from its text
/// (typed with spaces, as `pdftotext -layout` writes): the same rows, a wrapped
/// label joined, the unit from the title, the source under each.
#[test]
fn tables_of_a_pdf_and_of_its_text() {
    // the PDF, the text it was made from, and the PDF's text as `report text` writes it
    let dir = tempfile::tempdir().unwrap();
    let text_of_pdf = dir.path().join("text-of-pdf.txt");
    fs::write(&text_of_pdf, stdout_of(&["text", fixture("storage-tables-2025.pdf").to_str().unwrap()])).unwrap();
    let inputs = [fixture("storage-tables-2025.pdf"), fixture("storage-tables-2025.txt"), text_of_pdf];
    for path in &inputs {
        let name = path.file_name().unwrap().to_str().unwrap();
        let out = stdout_of(&["tables", path.to_str().unwrap()]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["schema_version"], 1);
        let tables = v["tables"].as_array().unwrap();
        assert_eq!(tables.len(), 5, "{name}");
        let rows = |t: &serde_json::Value| -> Vec<Vec<String>> {
            t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect())
                .collect()
        };
        let t = &tables[0];
        assert_eq!((t["page"].as_u64(), t["index"].as_u64(), t["header_rows"].as_u64()), (Some(1), Some(1), Some(1)));
        assert_eq!(t["title"], "表1：中国储能电池市场规模预测（单位：亿元）", "{name}");
        assert_eq!(t["unit"], "亿元");
        assert_eq!(t["source"], "某储能研究中心测算");
        assert_eq!(
            rows(t),
            [
                vec!["指标", "2022", "2023", "2024", "2025E", "2026E", "2024-2026E CAGR"],
                vec!["储能电池市场规模", "850", "1120", "1480", "1890", "2360", "26.3%"],
                vec!["其中：电网侧储能电池市场规模", "310", "420", "560", "720", "910", "27.5%"],
                vec!["YOY", "45%", "32%", "32%", "28%", "25%", ""],
                vec!["电池出货量（GWh）", "130", "190", "260", "340", "430", ""],
            ],
            "{name}"
        );
        let t = &tables[1];
        assert_eq!((t["page"].as_u64(), t["unit"].as_str()), (Some(2), None));
        assert_eq!(t["source"], "某咨询机构，2025年3月");
        assert_eq!(
            rows(t),
            [
                vec!["项目", "2023", "2024", "2025E", "2026E"],
                vec!["全球储能系统市场规模（亿美元）", "420", "560", "730", "910"],
                vec!["系统均价（美元/kWh）", "280", "240", "210", "190"],
                vec!["集成商毛利率", "18%", "16%", "15%", "15%"],
            ],
            "{name}"
        );
        // the measure in the title and the header (产值), a column of changes, a span column
        let t = &tables[2];
        assert_eq!((t["page"].as_u64(), t["index"].as_u64()), (Some(2), Some(2)));
        assert_eq!((t["unit"].as_str(), t["source"].as_str()), (Some("百万美元"), Some("某咨询机构")));
        assert_eq!(
            rows(t),
            [
                vec!["应用领域", "2023 产值", "2024 产值", "2024 同比", "2028E 产值", "2024-2028E CAGR"],
                vec!["电网侧", "820", "1050", "28.0%", "2300", "21.7%"],
                vec!["用户侧", "310", "420", "35.5%", "980", "23.6%"],
                vec!["合计", "1130", "1470", "30.1%", "3280", "22.2%"],
            ],
            "{name}"
        );
        // the periods in a first column, under a header of measures
        let t = &tables[3];
        assert_eq!((t["page"].as_u64(), t["periods"].as_str()), (Some(3), Some("rows")));
        assert_eq!(tables[0]["periods"], "columns");
        assert_eq!(
            rows(t),
            [
                vec!["年份", "市场规模（亿元）", "同比增速"],
                vec!["2021", "85", "-"],
                vec!["2022", "130", "52.9%"],
                vec!["2023", "190", "46.2%"],
                vec!["2024E", "260", "36.8%"],
            ],
            "{name}"
        );
        // a header in two lines: the measure under each period joins it
        assert_eq!(
            rows(&tables[4])[0],
            ["领域", "2023 产值", "2024 产值", "2024 同比", "2027E 产值", "2024-2027E CAGR"],
            "{name}"
        );
    }
    // from the PDF, a box for every fact; a cell for every fact read from a table
    let out = stdout_of(&["extract", "-f", "json", fixture("storage-tables-2025.pdf").to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let facts = v["facts"].as_array().unwrap();
    assert!(facts.iter().all(|f| f["evidence"]["bbox"].as_array().is_some_and(|b| b.len() == 4)));
    let from_tables = facts.iter().filter(|f| f["evidence"]["cell"].is_string()).count();
    // 14 market sizes and 2 CAGRs from tables 1 and 2, 9 and 3 from table 3, 4 from table 4, 6 and 2 from 5
    assert_eq!(from_tables, 14 + 2 + 9 + 3 + 4 + 6 + 2);
}

/// Table shapes of `fixtures/charging-tables-2025`, from the PDF and from its text:
/// periods in rows under measures in two lines with a growth row; the unit in the
/// header's label (`单位：亿元`); merged cells over the periods (`实际`, `预测`).
#[test]
fn tables_of_periods_in_rows_and_merged_header_cells() {
    for name in ["charging-tables-2025.pdf", "charging-tables-2025.txt"] {
        let out = stdout_of(&["tables", fixture(name).to_str().unwrap()]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let tables = v["tables"].as_array().unwrap();
        assert_eq!(tables.len(), 5, "{name}");
        let rows = |t: &serde_json::Value| -> Vec<Vec<String>> { serde_json::from_value(t["rows"].clone()).unwrap() };
        let t = &tables[0];
        assert_eq!((t["periods"].as_str(), t["header_rows"].as_u64()), (Some("rows"), Some(1)), "{name}");
        assert_eq!(
            (t["title"].as_str(), t["source"].as_str()),
            (Some("表1：充电与换电市场规模测算"), Some("某充电产业研究院测算"))
        );
        assert_eq!(
            rows(t),
            [
                vec!["", "中国充电桩市场规模（亿元）", "全球充电桩市场规模（亿美元）", "中国换电站市场规模（亿元）"],
                vec!["2022年", "420", "180", "65"],
                vec!["2025E", "980", "390", "210"],
                vec!["复合增长率（2022-2025）", "32.6%", "29.4%", "47.8%"],
            ],
            "{name}"
        );
        assert_eq!((tables[1]["unit"].as_str(), tables[1]["periods"].as_str()), (Some("亿元"), Some("columns")));
        let t = &tables[2];
        assert_eq!((t["page"].as_u64(), t["header_rows"].as_u64()), (Some(2), Some(2)), "{name}");
        assert_eq!(t["title"], "表3：欧洲充电运营市场规模");
        assert_eq!(rows(t)[..2], [vec!["", "实际", "", "预测", ""], vec!["区域", "2023", "2024", "2025", "2026"]]);
        // two tables side by side, each with a row that heads the rows under it and
        // negatives written in brackets
        for (t, title, rows_of) in [
            (
                &tables[3],
                "表4：中国充电服务市场规模（亿元）",
                [["公共充电服务", "210", "265", "330"], ["毛利", "(12)", "8", "21"]],
            ),
            (
                &tables[4],
                "表5：中国换电服务市场规模（亿元）",
                [["乘用车换电", "48", "66", "90"], ["毛利", "(5)", "(2)", "6"]],
            ),
        ] {
            assert_eq!((t["page"].as_u64(), t["title"].as_str()), (Some(2), Some(title)), "{name}");
            let r = rows(t);
            assert_eq!(r.len(), 5, "{name}");
            assert_eq!(r[0], ["指标", "2023", "2024", "2025E"]);
            assert_eq!(r[2], ["增长率：", "", "", ""]);
            assert_eq!([r[1].clone(), r[4].clone()], rows_of.map(|row| row.map(String::from).to_vec()));
        }
        assert!(tables[3]["bbox"][2].as_f64() < tables[4]["bbox"][0].as_f64(), "{name}");
    }
}

/// `report text` of a PDF writes a table a row to a line, its cells tab-separated:
/// a label wrapped in its cell joined, a header in two lines as one row, an empty
/// cell where a column has none (a trailing one dropped), the title and source on
/// lines of their own.
#[test]
fn text_keeps_a_table_row_on_one_line() {
    let out = stdout_of(&["text", fixture("storage-tables-2025.pdf").to_str().unwrap()]);
    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    let at = lines.iter().position(|l| l.starts_with("指标\t")).unwrap();
    assert_eq!(lines[at - 1], "表1：中国储能电池市场规模预测（单位：亿元）");
    assert_eq!(
        lines[at..at + 6],
        [
            "指标\t2022\t2023\t2024\t2025E\t2026E\t2024-2026E CAGR",
            "储能电池市场规模\t850\t1120\t1480\t1890\t2360\t26.3%",
            "其中：电网侧储能电池市场规模\t310\t420\t560\t720\t910\t27.5%",
            "YOY\t45%\t32%\t32%\t28%\t25%",
            "电池出货量（GWh）\t130\t190\t260\t340\t430",
            "资料来源：某储能研究中心测算",
        ]
    );
    assert!(lines.contains(&"领域\t2023 产值\t2024 产值\t2024 同比\t2027E 产值\t2024-2027E CAGR"));
    assert!(lines.contains(&"2021\t85\t-"));
    // prose stays prose
    assert!(lines.contains(&"随着装机需求持续释放，储能系统集成环节的竞争明显加剧。"));
    // tables 1 to 5: header and rows by the tabs of each (rows ending in an empty cell one fewer)
    assert_eq!(out.matches('\t').count(), (6 * 3 + 5 * 2) + 4 * 4 + 5 * 4 + 2 * 5 + 5 * 3);
}

/// `tables -f csv --output-dir`: a file a table, named by page and index, its rows
/// only; an existing file is not overwritten without --force.
#[test]
fn tables_to_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let run = |force: bool| {
        let mut cmd = report();
        cmd.args(["tables", "-f", "csv", "--output-dir", out.to_str().unwrap()]);
        if force {
            cmd.arg("--force");
        }
        cmd.arg(fixture("storage-tables-2025.pdf")).assert()
    };
    run(false).success();
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "storage-tables-2025-p1-t1.csv",
            "storage-tables-2025-p2-t1.csv",
            "storage-tables-2025-p2-t2.csv",
            "storage-tables-2025-p3-t1.csv",
            "storage-tables-2025-p3-t2.csv"
        ]
    );
    let t4 = std::fs::read_to_string(out.join("storage-tables-2025-p3-t1.csv")).unwrap();
    assert_eq!(t4, "年份,市场规模（亿元）,同比增速\n2021,85,-\n2022,130,52.9%\n2023,190,46.2%\n2024E,260,36.8%\n");
    run(false).failure().stderr(predicates::str::contains("already exists"));
    run(true).success();
    // JSON goes to stdout or a file, not a directory
    report()
        .args(["tables", "--output-dir", out.to_str().unwrap()])
        .arg(fixture("storage-tables-2025.pdf"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("--format csv"));
}

/// `-o`'s extension names the format when `-f` is not given; a `-f` that contradicts
/// it is a usage error (exit 2) and writes nothing.
#[test]
fn the_output_extension_names_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("robotics-2025.txt");
    for (name, head) in
        [("a.xlsx", &b"PK"[..]), ("a.json", b"{"), ("a.jsonl", b"{\"document\""), ("a.csv", b"document,kind")]
    {
        let dest = dir.path().join(name);
        report().args(["extract", "-o", dest.to_str().unwrap()]).arg(&input).assert().success();
        let bytes = std::fs::read(&dest).unwrap();
        assert!(bytes.starts_with(head), "{name}: {:?}", String::from_utf8_lossy(&bytes[..20.min(bytes.len())]));
    }
    let md = dir.path().join("a.md");
    report().args(["extract", "-o", md.to_str().unwrap()]).arg(&input).assert().success();
    assert!(std::fs::read_to_string(&md).unwrap().contains("### market_size (3)"));
    // agreeing is fine; contradicting is refused, and no file is made
    let csv = dir.path().join("b.csv");
    report().args(["extract", "-f", "csv", "-o", csv.to_str().unwrap()]).arg(&input).assert().success();
    let wrong = dir.path().join("c.xlsx");
    report()
        .args(["extract", "-f", "json", "-o", wrong.to_str().unwrap()])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("-f json contradicts -o"));
    assert!(!wrong.exists());
    // an extension that names no format leaves the table
    let txt = dir.path().join("a.txt");
    report().args(["extract", "-o", txt.to_str().unwrap()]).arg(&input).assert().success();
    assert!(std::fs::read_to_string(&txt).unwrap().contains("market_size (3)"));
}

/// Report text in Markdown is text: parsed as GitHub Markdown (tables on), it makes
/// no HTML, no emphasis, no link and no code, and reads back as written.
#[test]
fn markdown_keeps_report_text_inert() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let dir = tempfile::tempdir().unwrap();
    let hostile =
        "<script>alert(1)</script> *强调* [链接](javascript:alert(1)) `代码` a_b|c <img src=x onerror=alert(1)>";
    let p = dir.path().join("h.txt");
    fs::write(&p, format!("数据来源：{hostile}\n全球某软件市场规模为100亿美元。\n")).unwrap();
    let md = stdout_of(&["extract", "-f", "md", p.to_str().unwrap()]);
    let mut texts = Vec::new();
    let mut cell = String::new();
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in the output: {h}"),
            Event::Code(c) => panic!("code in the output: {c}"),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("markup in the output: {event:?}")
            }
            Event::Text(t) => cell.push_str(&t),
            Event::End(pulldown_cmark::TagEnd::TableCell) => texts.push(std::mem::take(&mut cell)),
            _ => {}
        }
    }
    assert!(texts.iter().any(|t| t == hostile), "{texts:?}");
}

/// Through a pseudo-terminal (util-linux `script`, where it is installed) the table
/// takes the terminal's width: at 80 and 120 columns every line fits.
#[test]
fn the_table_fits_a_terminal() {
    if !std::process::Command::new("sh").args(["-c", "command -v script"]).output().is_ok_and(|o| o.status.success()) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED the_table_fits_a_terminal: script is not installed");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("report");
    let path = fixture("robotics-2025.txt");
    for cols in [80usize, 120] {
        let inner =
            format!("stty cols {cols} rows 50; env -u COLUMNS '{}' extract '{}'", bin.display(), path.display());
        let out = std::process::Command::new("script").args(["-qec", &inner, "/dev/null"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
        assert!(text.contains("market_size (3)"), "{text}");
        let widest = text.lines().map(columns_of).max().unwrap();
        assert!(widest <= cols, "{cols}: {widest}\n{text}");
        assert!(text.contains("27.6亿"), "{text}");
    }
}

/// `--color always` colors the table of `extract` too (kind titles bold), piped or not;
/// `never` and the default in a pipe color nothing.
#[test]
fn extract_colors_its_table_when_asked() {
    let src = fixture("robotics-2025.txt");
    let run = |extra: &[&str]| stdout_of(&[extra, &["extract", src.to_str().unwrap()]].concat());
    assert!(run(&["--color", "always"]).contains("\u{1b}[1mmarket_size (3)\u{1b}[0m"));
    assert!(!run(&["--color", "never"]).contains('\u{1b}'));
    assert!(!run(&[]).contains('\u{1b}'));
}
