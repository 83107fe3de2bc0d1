//! Errors that reach the user, each with a documented exit code.
//!
//! The exit codes are a contract (README, "Exit codes"); change them only with a
//! `schema_version` bump.

use std::path::PathBuf;
use thiserror::Error;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for an internal or output error (e.g. writing stdout failed).
pub const EXIT_INTERNAL: i32 = 1;
/// Exit code for a usage error (bad flags; clap uses it too).
pub const EXIT_USAGE: i32 = 2;
/// Exit code for input that is not a valid document (and for `quantities --jsonl`
/// input with lines that are not UTF-8 JSON objects with an `input`).
pub const EXIT_BAD_INPUT: i32 = 5;

/// Everything that can go wrong with one input document.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    #[error("{path}: is a directory, not a file")]
    IsDirectory { path: PathBuf },
    #[error("{path}: no reports (.pdf, .txt, .md) in this directory")]
    NoReports { path: PathBuf },
    #[error("{path}: cannot read: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path}: file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: not a PDF (no %PDF- header) although named .pdf")]
    NotPdf { path: PathBuf },
    #[error("{path}: PDF is damaged and cannot be read: {reason}")]
    BadPdf { path: PathBuf, reason: String },
    #[error("{path}: PDF is encrypted and needs a password (give it with --password)")]
    Encrypted { path: PathBuf },
    #[error("{path}: PDF is encrypted and the password given does not open it")]
    WrongPassword { path: PathBuf },
    #[error("{path}: {}", no_text(*pages))]
    NoText { path: PathBuf, pages: usize },
    #[error(
        "{path}: no text could be decoded from the PDF (the PDF engines failed on {failed} of {pages} pages: content or fonts they cannot read; the other pages hold no text)"
    )]
    Undecodable { path: PathBuf, failed: usize, pages: usize },
    #[error(
        "{path}: PDF has almost no text layer ({pages} pages, {chars} usable characters): it is probably scanned, or its fonts have no Unicode map; run OCR first"
    )]
    LittleText { path: PathBuf, pages: usize, chars: usize },
    #[error(
        "{path}: the PDF's text is garbled ({pages} pages, mostly glyphs without a Unicode map, too few readable characters); run OCR first"
    )]
    Garbled { path: PathBuf, pages: usize },
    #[error("{path}: not a text file ({reason})")]
    NotText { path: PathBuf, reason: String },
    #[error(
        "{path}: the PDF worker was killed by {signal} from outside report (the out-of-memory killer, or a user), not by the PDF; run it again"
    )]
    WorkerKilled { path: PathBuf, signal: &'static str },
}

fn no_text(pages: usize) -> String {
    match pages {
        0 => "PDF has no pages".to_string(),
        1 => "PDF has no text layer (1 page, no extractable text); it is probably scanned: run OCR first".to_string(),
        n => format!("PDF has no text layer ({n} pages, no extractable text); it is probably scanned: run OCR first"),
    }
}

impl ReportError {
    /// The process exit code for this error (see README, "Exit codes").
    pub fn exit_code(&self) -> i32 {
        match self {
            ReportError::WorkerKilled { .. } => EXIT_INTERNAL,
            ReportError::NotFound { .. }
            | ReportError::IsDirectory { .. }
            | ReportError::NoReports { .. }
            | ReportError::Unreadable { .. } => 3,
            ReportError::Empty { .. } => 4,
            ReportError::NotPdf { .. } | ReportError::BadPdf { .. } | ReportError::NotText { .. } => 5,
            ReportError::NoText { .. } | ReportError::LittleText { .. } => 6,
            ReportError::Encrypted { .. } | ReportError::WrongPassword { .. } => 7,
            ReportError::Undecodable { .. } | ReportError::Garbled { .. } => 8,
        }
    }
}
