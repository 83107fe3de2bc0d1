//! The command line: one file per subcommand, each with its usage at the top and
//! a `run` function. `main.rs` only calls [`main`].

mod check;
mod completions;
mod extract;
mod keywords;
pub(crate) mod quantities;
mod schema;
mod tables;
mod text;
mod view;
mod write;

use crate::error::{EXIT_INTERNAL, EXIT_USAGE, ReportError};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "report", version, about = "Reads industry reports (PDF or text) and prints typed, sourced facts")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to color the output: auto (a terminal, and NO_COLOR unset), always, never
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print only errors on stderr: no warnings, no progress
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print a line per document on stderr: pages, facts, warnings, time
    #[arg(short, long, global = true)]
    verbose: bool,
    /// The password of encrypted PDFs (without it the empty password is tried)
    #[arg(long, global = true, value_name = "PASSWORD")]
    password: Option<String>,
    /// At the end, print the CPU time of each pipeline stage on stderr
    #[arg(long, global = true)]
    timings: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The settings every subcommand shares (`--color`, `-q`, `-v`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
}

static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();

/// The settings of this run.
pub fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// `text` in an ANSI color (31 red, 32 green, 33 yellow) when color is on.
pub fn paint(text: &str, code: u8) -> String {
    if settings().color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}

/// A warning line on stderr, unless `-q`.
pub fn warn(line: &str) {
    if !settings().quiet {
        say(line);
    }
}

/// One line on stderr, made terminal-safe (a file name with `ESC` or U+202E in it is
/// escaped). A stderr that cannot be written (closed) is no reason to fail.
pub fn say(line: &str) {
    use std::io::Write;
    if crate::interrupt::interrupted() {
        return;
    }
    let line = crate::output::terminal_safe(line);
    let write = || {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    };
    // above the progress bar, as it happens, while one is drawn
    match BAR.lock().ok().and_then(|b| b.clone()) {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// The progress bar being drawn on stderr, if any: lines said meanwhile go above it.
static BAR: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

/// Draws `bar` until [`end_progress`]: lines said meanwhile print above it.
pub fn start_progress(bar: &indicatif::ProgressBar) {
    if let Ok(mut b) = BAR.lock() {
        *b = Some(bar.clone());
    }
}

/// Clears the progress bar.
pub fn end_progress() {
    if let Some(bar) = BAR.lock().ok().and_then(|mut b| b.take()) {
        bar.finish_and_clear();
    }
}

/// With `-v`, one line on stderr about a document read.
pub fn verbose(analysis: &crate::pipeline::Analysis, took: std::time::Duration) {
    if settings().verbose {
        let warnings = analysis.checks.iter().filter(|c| c.status == crate::check::Status::Warning).count();
        say(&format!(
            "report: {}: {} pages, {} facts, {} checks ({} warnings) in {:.3} s",
            analysis.document.path,
            analysis.document.pages.len(),
            analysis.facts.len(),
            analysis.checks.len(),
            warnings,
            took.as_secs_f64()
        ));
    }
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::Args),
    Check(check::Args),
    Text(text::Args),
    Tables(tables::Args),
    Quantities(quantities::Args),
    Keywords(keywords::Args),
    View(view::Args),
    Schema(schema::Args),
    Completions(completions::Args),
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The input could not be read; its exit code is documented.
    Input(ReportError),
    /// Anything else (an output that could not be written, ...): exit 1.
    Other(String),
    /// Already reported on stderr, line by line: exit with this code.
    Quiet(i32),
    /// Options that contradict each other: exit 2, as clap's own usage errors.
    Usage(String),
}

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Self {
        Failure::Input(e)
    }
}

impl From<std::io::Error> for Failure {
    /// A closed stdout (`report … | head`) ends the command quietly with exit 0.
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe { Failure::Quiet(0) } else { Failure::Other(e.to_string()) }
    }
}

/// Warns on stderr, a line each, about pages whose text is missing or garbled,
/// and about a document that looks scanned.
fn warn_failed_pages(doc: &crate::normalize::Document) {
    warn_failed_info(&crate::output::DocumentInfo::of(doc));
}

/// [`warn_failed_pages`] of a document already reduced to its `document` block.
fn warn_failed_info(doc: &crate::output::DocumentInfo) {
    let list = |pages: &[usize]| pages.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    let n = doc.pages;
    if !doc.failed_pages.is_empty() {
        warn(&format!(
            "report: {}: warning: the text of {} of {n} pages could not be decoded (pages {})",
            doc.path,
            doc.failed_pages.len(),
            list(&doc.failed_pages)
        ));
    }
    let d = &doc.diagnostics;
    if let Some(first) = d.first_invalid_byte {
        let n = d.invalid_bytes;
        warn(&format!(
            "report: {}: warning: {n} invalid UTF-8 sequence{} read as U+FFFD (the first at byte {first})",
            doc.path,
            if n == 1 { "" } else { "s" }
        ));
    }
    if !d.garbled_pages.is_empty() {
        warn(&format!(
            "report: {}: warning: {} of {n} pages look garbled, glyphs without a Unicode map (pages {})",
            doc.path,
            d.garbled_pages.len(),
            list(&d.garbled_pages)
        ));
    }
    if d.likely_scanned {
        warn(&format!(
            "report: {}: warning: {} of {n} pages have no text: they are probably scanned; OCR them for their facts",
            doc.path,
            d.empty_pages.len()
        ));
    }
}

/// Parses the arguments, runs the command, prints any error as one line on
/// stderr, and returns the exit code.
pub fn main() -> i32 {
    // The PDF worker: `report __pdf-pages [--fallback PAGES] FILE` (see ingest::worker), run by this
    // very binary to contain the PDF engine. Not a user command.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv.len() >= 3 && argv[1] == crate::ingest::worker::COMMAND {
        return crate::ingest::worker::child_main(&argv[2..]);
    }
    crate::interrupt::install();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    use std::io::IsTerminal;
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let _ = SETTINGS.set(Settings { color, quiet: cli.quiet, verbose: cli.verbose });
    if cli.timings {
        crate::timing::enable();
    }
    let code = run(cli);
    // the PDF workers kept for more PDFs end before this process does (their CPU
    // counted as its children's below, and none outlives it)
    crate::ingest::worker::shut_down();
    if crate::timing::enabled() {
        print_timings();
    }
    code
}

/// CPU time by stage (`--timings`), on stderr: the stages, the PDF workers (this
/// process's children), what the stages do not cover (start-up, threads waiting
/// for work), and the total.
fn print_timings() {
    let stages = crate::timing::totals();
    let (own, children) = crate::timing::process_cpu();
    let counted: f64 = stages.iter().map(|s| s.1).sum();
    let mut lines = vec!["report: CPU seconds by stage".to_string()];
    for (stage, secs) in &stages {
        lines.push(format!("  {:<12}{secs:>8.3}", stage.name()));
    }
    lines.push(format!("  {:<12}{children:>8.3}", "pdf workers"));
    lines.push(format!("  {:<12}{:>8.3}", "other", (own - counted).max(0.0)));
    lines.push(format!("  {:<12}{:>8.3}", "total", own + children));
    say(&lines.join("\n"));
}

fn run(cli: Cli) -> i32 {
    // PDFs are decoded in children running this very binary, contained (ingest::worker)
    let worker = std::env::current_exe().ok().map(crate::ingest::worker::Worker::new);
    let options = crate::pipeline::Options {
        ingest: crate::ingest::Options { password: cli.password.clone(), worker, spread: false },
        ..crate::pipeline::Options::default()
    };
    let result = match cli.command {
        Command::Completions(args) => completions::run::<Cli>(args),
        Command::Check(args) => match check::run(args, &options) {
            Ok(code) => return code,
            // an input or expectation that cannot be read is an error: exit 2, as grep
            Err(Failure::Quiet(code)) => return code,
            Err(e) => {
                report_failure(&e);
                return EXIT_USAGE;
            }
        },
        Command::Extract(args) => extract::run(args, &options),
        Command::Text(args) => text::run(args, &options),
        Command::Tables(args) => tables::run(args, &options),
        Command::Quantities(args) => quantities::run(args, &options),
        Command::Keywords(args) => keywords::run(args, &options),
        Command::View(args) => view::run(args, &options),
        Command::Schema(args) => schema::run(args),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            report_failure(&e);
            match e {
                Failure::Input(e) => e.exit_code(),
                Failure::Other(_) => EXIT_INTERNAL,
                Failure::Quiet(code) => code,
                Failure::Usage(_) => EXIT_USAGE,
            }
        }
    }
}

fn report_failure(e: &Failure) {
    match e {
        Failure::Input(e) => say(&format!("report: {e}")),
        Failure::Other(msg) | Failure::Usage(msg) => say(&format!("report: {msg}")),
        Failure::Quiet(_) => {}
    }
}
