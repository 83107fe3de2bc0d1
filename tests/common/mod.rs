//! Helpers shared by the integration tests.
#![allow(dead_code)]

use report::extract::Fact;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// A fact as one line, its brief columns as the table shows them, numbers exact
/// and evidence left out but its page (offsets differ between a PDF and its text;
/// the page does not): the registry's own line,
/// `market_size p1 | 2024 | global | 全球智能算力 | 28000000000 | USD | approx | actual | IDC`.
pub fn render(f: &Fact) -> String {
    report::extract::registry::line(f)
}

/// Runs a table of cases: each `input` through `f`, compared with its expected
/// value; every case that differs is listed in one failure.
pub fn table<I: std::fmt::Debug + ?Sized, E: std::fmt::Debug + ?Sized, G: std::fmt::Debug + PartialEq<E>>(
    cases: &[(&I, &E)],
    f: impl Fn(&I) -> G,
) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = f(input);
        if got != **expected {
            failures.push(format!("{input:?}\n  expected {expected:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// A file of `../shared` (beside the repository), or `None` after saying loudly,
/// past the test harness's capture, that the test `name` was skipped without it.
pub fn shared_file(name: &str, relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    use std::io::Write;
    // libtest captures print! and eprint!, not writes to the stream itself
    let _ = writeln!(std::io::stderr(), "SKIPPED {name}: {} is not here", path.display());
    None
}

/// Known failures: (what is right, what `report` gives today). Each one found in
/// `got` is reported on the test output as a KNOWN FAILURE and replaced by what is
/// right, so that the test asserts what is right and any other change still fails
/// it; a known failure that has come right fails the test too, to be taken off the
/// list.
pub fn known_failures(test: &str, got: &mut [String], known: &[(&str, &str)]) {
    use std::io::Write;
    for (right, wrong) in known {
        assert!(!got.iter().any(|g| g == right), "{test}: a known failure now passes, take it off the list: {right}");
        if let Some(g) = got.iter_mut().find(|g| g == wrong) {
            let _ = writeln!(std::io::stderr(), "KNOWN FAILURE {test}: gives {wrong:?}, should give {right:?}");
            *g = right.to_string();
        }
    }
}

/// The `report` binary under test.
pub fn report() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("report").unwrap()
}

/// An expectation of three facts of `robotics-2025.txt`, two of them off (a value
/// and a rate): what README's and the CLI's `check` examples fail on.
pub const ROBOTICS_PARTLY_WRONG: &str = r#"{"facts": [
            {"kind": "market_size", "year": 2024, "value": 2760000000},
            {"kind": "market_size", "year": 2030, "value": 39000000000, "subject": "中国人形机器人"},
            {"kind": "cagr", "rate": 55, "tolerance": 0.01}
        ]}"#;

/// The fixture's full expectation for `robotics-2025.txt` without its 7th fact (a
/// trend), and that fact: what `check --exact` reports as not expected.
pub fn robotics_all_but_one() -> (serde_json::Value, serde_json::Value) {
    let full = std::fs::read(fixture("expect/robotics-2025.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&full).unwrap();
    let dropped = v["facts"].as_array_mut().unwrap().remove(6);
    (v, dropped)
}
