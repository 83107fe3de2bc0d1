//! No input may crash `report`, stop a stream or lose finished work: one test per
//! class of failure found by fuzzing, with exact expected behaviour; and a bounded
//! random-input run of the fuzz targets' entry points (`report::fuzzing`) from a
//! seed corpus made of the fixtures, so that CI fuzzes a little on every build.

mod common;

use common::{fixture, report};
use report::quantity::{self, Value};
use std::io::Read;
use std::process::Stdio;

fn numbers(text: &str) -> Vec<(String, String)> {
    quantity::scan(text)
        .iter()
        .map(|q| {
            let v = match &q.value {
                Value::Number { value } => value.to_string(),
                Value::Money { value, currency } => format!("{value} {currency}"),
                other => format!("{other:?}"),
            };
            (text[q.start..q.end].to_string(), v)
        })
        .collect()
}

#[test]
fn a_numeral_and_you_at_the_end_of_the_input() {
    // 又 promises a second amount that never comes: the reader stops at the end
    assert_eq!(numbers("5又"), vec![("5".to_string(), "5".to_string())]);
    assert_eq!(numbers("三又"), vec![]);
    assert_eq!(numbers("两美元又"), vec![("两美元".to_string(), "2 USD".to_string())]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.txt");
    std::fs::write(&path, "三又").unwrap();
    report().args(["extract", "-f", "jsonl"]).arg(&path).assert().success().stdout("");
}

/// A cell of a column-laid text that holds only whitespace no separator is (a vertical
/// tab, found by fuzzing `report::fuzzing::text`) is an empty cell, in the middle of a
/// row or at its end: it once trimmed to an end before its start and panicked.
#[test]
fn a_cell_of_other_whitespace_is_an_empty_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cells.txt");
    let text = "表1：各地区储能装机（单位：GW）\n地区      2023      2024      2025E\n华东      12.5      18.2      25.0\n华南      8.1       \u{b}         11.4\n华中      7.7       10.2      \u{b}\n";
    std::fs::write(&path, text).unwrap();
    let out = report().args(["tables", "-f", "json"]).arg(&path).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        json["tables"][0]["rows"],
        serde_json::json!([
            ["地区", "2023", "2024", "2025E"],
            ["华东", "12.5", "18.2", "25.0"],
            ["华南", "8.1", "", "11.4"],
            ["华中", "7.7", "10.2", ""]
        ])
    );
    report().args(["extract", "-f", "jsonl"]).arg(&path).assert().success();
}

/// A header of periods on a page's first line, with words under each period on the
/// line below that make every header cell more than a period (`2023 销量 吨`, found
/// by fuzzing `report::fuzzing::text`): one header row, the periods' own. The count
/// was once read again from the cells' texts, came to two, and reached for a line
/// above the page's first: a panic.
#[test]
fn a_header_of_periods_with_words_under_them_is_one_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("header.txt");
    std::fs::write(&path, "车型  2023    2026E   2029E\n      销量 吨  销量 吨  销量 吨\n纯电  620     910     1240\n")
        .unwrap();
    let out = report().args(["tables", "-f", "json"]).arg(&path).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["tables"][0]["header_rows"], 1);
    assert_eq!(json["tables"][0]["title"], serde_json::Value::Null);
    assert_eq!(
        json["tables"][0]["rows"],
        serde_json::json!([["车型", "2023 销量 吨", "2026E 销量 吨", "2029E 销量 吨"], ["纯电", "620", "910", "1240"]])
    );
    report().args(["extract", "-f", "jsonl"]).arg(&path).assert().success();
}

#[test]
fn thousands_of_you_do_not_overflow_the_stack() {
    // a run of 三又 reads one level deep at each position: on a 64 KiB stack too,
    // smaller than any thread of a batch
    let text = format!("{}四分之一", "三又".repeat(5000));
    let found = std::thread::Builder::new().stack_size(64 * 1024).spawn(move || numbers(&text)).unwrap().join();
    assert_eq!(found.unwrap(), vec![("三又四分之一".to_string(), "3.25".to_string())]);
    assert_eq!(
        numbers("三又二分之一，两美元又三美分"),
        vec![("三又二分之一".to_string(), "3.5".to_string()), ("两美元又三美分".to_string(), "2.03 USD".to_string())]
    );
}

#[test]
fn quantities_stream_answers_a_line_that_is_not_utf8_and_goes_on() {
    let mut input = r#"{"id":1,"input":"约3亿元"}"#.as_bytes().to_vec();
    input.extend_from_slice(b"\n{\"id\":2,\"input\":\"\xff\xfe\"}\n");
    input.extend_from_slice(br#"{"id":3}"#);
    input.extend_from_slice(b"\n\n");
    input.extend_from_slice(r#"{"id":4,"input":"五成"}"#.as_bytes());
    let out = report().args(["quantities", "--jsonl"]).write_stdin(input).assert().code(5);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["found"][0]["value"], 300000000);
    assert_eq!(lines[1], serde_json::json!({"id": null, "line": 2, "error": "not UTF-8 (invalid byte at column 18)"}));
    assert_eq!(lines[2], serde_json::json!({"id": 3, "line": 3, "error": "no \"input\" string"}));
    assert_eq!(lines[3]["id"], 4);
    assert_eq!(lines[3]["found"][0]["value"], 50);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr, "report: quantities --jsonl: 2 input lines had errors (see their records)\n");
}

/// Runs `report ARGS` with its stdout closed before it writes: exit code and stderr.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("report"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let seed = fixture("smart-manufacturing-2025.txt");
    let seed = seed.to_str().unwrap();
    for args in [
        vec!["completions", "bash"],
        vec!["extract", "--format", "csv", seed],
        vec!["extract", "--format", "table", seed],
        vec!["extract", "--format", "json", seed],
        vec!["text", seed],
        vec!["quantities", seed],
        vec!["check", seed, "--expect", "fixtures/expect/smart-manufacturing-2025.json"],
    ] {
        assert_eq!(with_closed_stdout(&args), (Some(0), String::new()), "report {}", args.join(" "));
    }
}

#[test]
fn utf8_with_a_stray_byte_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let good = "2024年中国储能市场规模约为120亿元。";
    let mut bytes = good.as_bytes().to_vec();
    bytes.insert(7, 0xff); // after 2024年
    let stray = dir.path().join("stray.txt");
    std::fs::write(&stray, &bytes).unwrap();
    let out = report().args(["extract", "-f", "jsonl"]).arg(&stray).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let fact: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(fact["value"], 12000000000u64);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr,
        format!(
            "report: {}: warning: 1 invalid UTF-8 sequence read as U+FFFD (the first at byte 7)\n",
            stray.display()
        )
    );
    // a last character cut in half
    let cut = dir.path().join("cut.txt");
    std::fs::write(&cut, &good.as_bytes()[..good.len() - 2]).unwrap();
    let out = report().args(["extract", "-f", "json"]).arg(&cut).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["document"]["diagnostics"]["invalid_bytes"], 1);
    assert_eq!(v["document"]["diagnostics"]["first_invalid_byte"], good.len() - 3);
    assert_eq!(v["facts"][0]["value"], 12000000000u64);
    // binary stays refused
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"\x00\x01\x02\xff\xfe").unwrap();
    report().arg("extract").arg(&binary).assert().code(5);
}

#[test]
fn file_names_and_report_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "r\u{1b}[2J\u{202e}txt.exe.txt";
    let missing = dir.path().join(name);
    let out = report().arg("extract").arg(&missing).assert().code(3);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'), "{stderr:?}");
    assert!(stderr.ends_with("r\\u{1b}[2J\\u{202e}txt.exe.txt: no such file\n"), "{stderr:?}");
    assert_eq!(stderr.lines().count(), 1);
    // a real file of that name, whose text hides an override too, in the table
    let path = dir.path().join(name);
    std::fs::write(&path, "2024年全球\u{202e}储能市场规模约为120亿美元。").unwrap();
    let out = report().arg("extract").arg(&path).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'));
    assert!(stdout.contains("\\u{202e}"), "{stdout}");
}

#[test]
fn sigterm_in_a_batch_keeps_finished_outputs_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    let outputs = dir.path().join("out");
    std::fs::create_dir(&inputs).unwrap();
    // inputs slow enough that the batch is still running when the signal comes
    let text = std::fs::read_to_string(fixture("ai-compute-2025.txt")).unwrap().repeat(400);
    for i in 0..40 {
        std::fs::write(inputs.join(format!("r{i:02}.txt")), &text).unwrap();
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("report"))
        .args(["extract", "-q", "-f", "json", "--output-dir"])
        .arg(&outputs)
        .arg(&inputs)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // wait for the first finished output, then interrupt
    let finished = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .map_or(0, |e| e.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".json")).count())
    };
    let started = std::time::Instant::now();
    while finished(&outputs) == 0 && started.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: kill(2) on our own child, not yet reaped.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    let names: Vec<String> =
        std::fs::read_dir(&outputs).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    if names.len() < 40 {
        assert_eq!(status.code(), Some(143), "{stderr}");
        assert_eq!(
            stderr,
            "report: interrupted (SIGTERM): outputs already written are kept, unfinished ones removed\n"
        );
    }
    assert!(!names.is_empty());
    for name in &names {
        assert!(name.ends_with(".txt.json"), "a stray file: {name}");
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(outputs.join(name)).unwrap()).unwrap();
        // the fixture's 3 pages, 400 times, joined at a page's end: 801 pages
        assert_eq!(v["document"]["pages"], 801);
    }
}

#[test]
fn pdf_work_leaves_nothing_in_the_temp_directory() {
    let tmp = tempfile::tempdir().unwrap();
    report().env("TMPDIR", tmp.path()).arg("extract").arg(fixture("robotics-2025.pdf")).assert().success();
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// A little fuzzing on every test run: each fixture, and mutations of it (bytes
/// flipped, cut, spliced with numerals and connectors), through the fuzz targets'
/// entry points. A fixed seed: the same inputs every run. `cargo fuzz` runs them
/// unbounded (README, "Fuzzing").
#[test]
fn mutated_fixtures_through_every_entry_point() {
    let tokens: [&[u8]; 12] = [
        "又".as_bytes(),
        "分之".as_bytes(),
        "亿".as_bytes(),
        "万".as_bytes(),
        "点".as_bytes(),
        b"%",
        "十".as_bytes(),
        "年".as_bytes(),
        b"\n",
        b"\x0c",
        "（".as_bytes(),
        "《".as_bytes(),
    ];
    let mut next = report::random::xorshift(0x9e37_79b9_7f4a_7c15);
    let mut texts = Vec::new();
    let mut pdfs = Vec::new();
    for entry in std::fs::read_dir(fixture("")).unwrap().flatten() {
        let p = entry.path();
        match p.extension().and_then(|e| e.to_str()) {
            Some("txt") => texts.push(std::fs::read(&p).unwrap()),
            Some("pdf") if p.file_name().unwrap() != "recursive-form.pdf" => pdfs.push(std::fs::read(&p).unwrap()),
            _ => {}
        }
    }
    let mut mutate = |seed: &[u8]| {
        let mut v = seed.to_vec();
        for _ in 0..1 + next() % 8 {
            let at = (next() as usize) % (v.len() + 1);
            match next() % 4 {
                0 if at < v.len() => v[at] ^= 1 << (next() % 8),
                1 => v.splice(at..at, tokens[(next() as usize) % tokens.len()].iter().copied()).for_each(drop),
                2 => v.truncate(at),
                _ => {
                    let t = tokens[(next() as usize) % tokens.len()];
                    for _ in 0..next() % 200 {
                        v.splice(at..at, t.iter().copied()).for_each(drop);
                    }
                }
            }
        }
        v
    };
    for seed in &texts {
        report::fuzzing::text(seed);
        report::fuzzing::quantities_lines(seed);
        for _ in 0..25 {
            let m = mutate(seed);
            report::fuzzing::text(&m);
            report::fuzzing::quantities_lines(&m);
        }
    }
    for seed in &pdfs {
        report::fuzzing::pdf(seed);
        for _ in 0..5 {
            report::fuzzing::pdf(&mutate(seed));
        }
    }
}
