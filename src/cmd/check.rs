//! `report check`: do reports still give the facts you expect?
//!
//! Usage: report check FILE... --expect EXPECT.json [--exact] [--fail-on warning] [--update]
//!
//! EXPECT.json has the shape of `extract --format json` (a `facts` array) and may
//! list only some facts and only some fields of each. Every FILE is checked against
//! it. Exit codes as grep's: 0 every expected fact matched, 1 a mismatch (a fact
//! the expectation does not list, with `--exact`; a consistency warning with
//! `--fail-on warning`), 2 an error. `--update` writes the
//! current facts of the one FILE given as the new expectation (atomically; evidence
//! reduced to its page, so it holds for a report's text and PDF alike).

use super::{Failure, write};
use crate::check::Status;
use crate::expect::{self, Outcome};
use crate::output::SCHEMA_VERSION;
use crate::pipeline;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Fail on consistency warnings too
    Warning,
}

#[derive(clap::Args)]
#[command(about = "Check reports against expected facts (exit 0 all matched, 1 a mismatch, 2 an error)")]
pub struct Args {
    /// The reports to check
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The expected facts (the shape of `extract --format json`)
    #[arg(long, value_name = "EXPECT.json")]
    pub expect: PathBuf,
    /// Also fail on consistency warnings
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Also fail when a report gives a fact the expectation does not list
    #[arg(long)]
    pub exact: bool,
    /// Write the current facts of FILE as the new expectation
    #[arg(long)]
    pub update: bool,
}

/// The exit status of `check` (0, 1 or 2), apart from a run that could not start.
pub fn run(args: Args, options: &pipeline::Options) -> Result<i32, Failure> {
    if args.update {
        return update(&args, options).map(|_| 0);
    }
    let text = std::fs::read_to_string(&args.expect)
        .map_err(|e| Failure::Other(format!("{}: cannot read expectations: {e}", args.expect.display())))?;
    let expectation: Value =
        serde_json::from_str(&text).map_err(|e| Failure::Other(format!("{}: not JSON: {e}", args.expect.display())))?;
    let expected = expect::facts_of(&expectation)
        .ok_or_else(|| Failure::Other(format!("{}: no \"facts\" array", args.expect.display())))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut status = 0;
    let one = pipeline::Options { one_document: args.files.len() == 1, ..options.clone() };
    for file in &args.files {
        let started = std::time::Instant::now();
        let analysis = match pipeline::analyze(file, &one) {
            Ok(a) => {
                super::verbose(&a, started.elapsed());
                a
            }
            Err(e) => {
                super::say(&format!("report: {e}"));
                status = 2;
                continue;
            }
        };
        let got: Vec<Value> = analysis.facts.iter().map(|f| serde_json::to_value(f).unwrap_or(Value::Null)).collect();
        let outcome = expect::compare(expected, &got);
        let warnings: Vec<_> = analysis.checks.iter().filter(|c| c.status == Status::Warning).collect();
        let failed = !outcome.missing.is_empty()
            || (args.exact && !outcome.extra.is_empty())
            || (args.fail_on == Some(FailOn::Warning) && !warnings.is_empty());
        report(&mut out, &file.display().to_string(), &outcome, &got, warnings.len(), failed, args.exact)?;
        for w in &warnings {
            writeln!(out, "  {}: page {}: {}", super::paint("warning", 33), w.page, w.message)?;
        }
        if failed && status == 0 {
            status = 1;
        }
    }
    Ok(status)
}

fn report(
    out: &mut dyn Write,
    path: &str,
    o: &Outcome,
    got: &[Value],
    warnings: usize,
    failed: bool,
    exact: bool,
) -> std::io::Result<()> {
    let verdict = if failed { super::paint("FAILED", 31) } else { super::paint("ok", 32) };
    let w = match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    let extra = match (exact, o.extra.len()) {
        (false, _) | (true, 0) => String::new(),
        (true, 1) => ", 1 fact not expected".to_string(),
        (true, n) => format!(", {n} facts not expected"),
    };
    writeln!(out, "{path}: {verdict}, {} of {} expected facts matched{extra}{w}", o.matched, o.expected)?;
    for m in &o.missing {
        writeln!(out, "  missing: {}", serde_json::to_string(&m.expected).unwrap_or_default())?;
        match &m.nearest {
            Some((i, diffs)) => {
                let kind = got[*i].get("kind").and_then(Value::as_str).unwrap_or("fact");
                let page = got[*i].pointer("/evidence/page").cloned().unwrap_or(Value::Null);
                let fields: Vec<String> =
                    diffs.iter().map(|d| format!("{} is {} (expected {})", d.field, d.got, d.expected)).collect();
                writeln!(out, "    nearest: {kind} #{i} on page {page}: {}", fields.join(", "))?;
            }
            None => writeln!(out, "    nearest: no fact of that kind")?,
        }
    }
    if exact {
        // each as `--update` would write it, so that it can be pasted into the expectation
        for &i in &o.extra {
            let page = got[i].pointer("/evidence/page").cloned().unwrap_or(Value::Null);
            let fact = serde_json::to_string(&expect::as_expectation(&got[i])).unwrap_or_default();
            writeln!(out, "  not expected: #{i} on page {page}: {fact}")?;
        }
    }
    Ok(())
}

fn update(args: &Args, options: &pipeline::Options) -> Result<(), Failure> {
    let [file] = args.files.as_slice() else {
        return Err(Failure::Other("--update takes exactly one FILE".into()));
    };
    let analysis = pipeline::analyze(file, options)?;
    let facts: Vec<Value> = analysis
        .facts
        .iter()
        .map(|f| expect::as_expectation(&serde_json::to_value(f).unwrap_or(Value::Null)))
        .collect();
    let doc = json!({"schema_version": SCHEMA_VERSION, "facts": facts});
    write::emit(Some(&args.expect), true, |out| {
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    })?;
    super::say(&format!("report: {}: wrote {} expected facts", args.expect.display(), facts.len()));
    Ok(())
}
