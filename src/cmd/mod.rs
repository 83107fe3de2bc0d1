//! The command line: one file per subcommand, each with its usage at the top and
//! a `run` function. `main.rs` only calls [`main`].

mod check;
mod extract;
mod quantities;
mod text;
mod write;

use crate::error::{EXIT_INTERNAL, EXIT_USAGE, ReportError};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "report", version, about = "Reads industry reports (PDF or text) and prints typed, sourced facts")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::Args),
    Check(check::Args),
    Text(text::Args),
    Quantities(quantities::Args),
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
}

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Self {
        Failure::Input(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Other(e.to_string())
    }
}

/// Warns on stderr, in one line, about pages whose text is missing.
fn warn_failed_pages(doc: &crate::normalize::Document) {
    if doc.failed_pages.is_empty() {
        return;
    }
    let list: Vec<String> = doc.failed_pages.iter().map(usize::to_string).collect();
    eprintln!(
        "report: {}: warning: the text of {} of {} pages could not be decoded (pages {})",
        doc.path,
        doc.failed_pages.len(),
        doc.pages.len(),
        list.join(", ")
    );
}

/// Parses the arguments, runs the command, prints any error as one line on
/// stderr, and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match cli.command {
        Command::Check(args) => match check::run(args) {
            Ok(code) => return code,
            // an input or expectation that cannot be read is an error: exit 2, as grep
            Err(e) => {
                report_failure(&e);
                return EXIT_USAGE;
            }
        },
        Command::Extract(args) => extract::run(args),
        Command::Text(args) => text::run(args),
        Command::Quantities(args) => quantities::run(args),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            report_failure(&e);
            match e {
                Failure::Input(e) => e.exit_code(),
                Failure::Other(_) => EXIT_INTERNAL,
                Failure::Quiet(code) => code,
            }
        }
    }
}

fn report_failure(e: &Failure) {
    match e {
        Failure::Input(e) => eprintln!("report: {e}"),
        Failure::Other(msg) => eprintln!("report: {msg}"),
        Failure::Quiet(_) => {}
    }
}
