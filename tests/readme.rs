//! README's examples are run and compared with what they show, so they cannot
//! drift: each fenced block whose first line is `$ COMMAND` runs COMMAND (with
//! `report` the binary under test) in a directory holding the fixtures and the
//! expectation files the examples name, and its stdout must be the lines that
//! follow, exactly; a last line `…` means the output goes on past what is shown.

mod common;

use std::path::{Path, PathBuf};

struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
    /// The block ends with `…`: the expected lines are the output's first ones.
    prefix: bool,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let lines: Vec<&str> = readme.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] == "```" && lines.get(i + 1).is_some_and(|l| l.starts_with("$ ")) {
            let mut j = i + 1;
            while j < lines.len() && lines[j] != "```" {
                if let Some(command) = lines[j].strip_prefix("$ ") {
                    let mut expected = Vec::new();
                    let mut k = j + 1;
                    while k < lines.len() && lines[k] != "```" && !lines[k].starts_with("$ ") {
                        expected.push(lines[k].to_string());
                        k += 1;
                    }
                    let prefix = expected.last().is_some_and(|l| l == "…");
                    if prefix {
                        expected.pop();
                    }
                    out.push(Example { line: j + 1, command: command.to_string(), expected, prefix });
                    j = k;
                } else {
                    j += 1;
                }
            }
            i = j;
        }
        i += 1;
    }
    out
}

/// The directory the examples run in: the fixtures, and the expectation files
/// README's `check` examples name (made here from the fixture's own expectation).
fn workdir(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root.join("fixtures"), dir.path().join("fixtures")).unwrap();
    std::fs::write(dir.path().join("expect.json"), common::ROBOTICS_PARTLY_WRONG).unwrap();
    let (all_but_one, _) = common::robotics_all_but_one();
    std::fs::write(dir.path().join("all-but-one.json"), serde_json::to_vec(&all_but_one).unwrap()).unwrap();
    dir
}

fn has(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn readme_examples_print_what_they_show() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let all = examples(&readme);
    assert!(all.len() >= 8, "README has {} examples", all.len());
    let bin_dir = assert_cmd::cargo::cargo_bin("report").parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let dir = workdir(&root);
    let mut failures = Vec::new();
    for ex in &all {
        if ex.command.contains("| jq") && !has("jq") {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "SKIPPED README line {}: jq is not installed", ex.line);
            continue;
        }
        let out = std::process::Command::new("sh")
            .args(["-c", &ex.command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            // the tables at their natural width, as README shows them
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let got: Vec<&str> = stdout.lines().collect();
        let same = if ex.prefix {
            got.len() >= ex.expected.len() && got[..ex.expected.len()] == ex.expected[..]
        } else {
            got == ex.expected
        };
        if !same {
            failures.push(format!(
                "README line {}: $ {}\n--- shown\n{}\n--- printed\n{}",
                ex.line,
                ex.command,
                ex.expected.join("\n"),
                got.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
