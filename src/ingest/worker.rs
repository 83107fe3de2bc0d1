//! Containment: the `report` binary decodes a PDF in a child process of itself
//! (`report __pdf-pages FILE`), with a time limit and a memory limit. A PDF that
//! makes the engine overflow its stack, abort, hang or eat memory then costs that
//! child, and the user gets one line saying so, never a crash.
//!
//! The library decodes in-process unless [`enable`] was called: a program that
//! links `report` as a library has no `__pdf-pages` command to run.

use super::pdf::{PdfError, PdfText, pdf_pages};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// How long one PDF may take to decode.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
/// How much memory (data segment and private mappings) the child may use.
pub const MEMORY_LIMIT: u64 = 3 << 30;

static WORKER: OnceLock<PathBuf> = OnceLock::new();

/// Decode PDFs in a child process running this executable (`report __pdf-pages`).
pub fn enable(exe: PathBuf) {
    let _ = WORKER.set(exe);
}

/// The pages of the PDF in `bytes`: in a contained child where enabled, else here.
pub fn pdf_pages_contained(bytes: &[u8]) -> Result<PdfText, PdfError> {
    match WORKER.get() {
        Some(exe) => run_child(exe, bytes),
        None => pdf_pages(bytes),
    }
}

/// The child's side: decode `path` and write the result as JSON on stdout.
pub fn child_main(path: &Path) -> i32 {
    let reply = match std::fs::read(path) {
        Ok(bytes) => match pdf_pages(&bytes) {
            Ok(t) => serde_json::json!({"pages": t.pages, "failed": t.failed}),
            Err(PdfError::Encrypted) => serde_json::json!({"error": "encrypted"}),
            Err(PdfError::Damaged(reason)) => serde_json::json!({"error": "damaged", "reason": reason}),
        },
        Err(e) => serde_json::json!({"error": "damaged", "reason": e.to_string()}),
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &reply).is_ok() && out.flush().is_ok();
    if written { 0 } else { 1 }
}

fn limit_memory(cmd: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe and touches no memory of the parent.
        unsafe {
            cmd.pre_exec(|| {
                let lim =
                    libc::rlimit { rlim_cur: MEMORY_LIMIT as libc::rlim_t, rlim_max: MEMORY_LIMIT as libc::rlim_t };
                libc::setrlimit(libc::RLIMIT_DATA, &lim);
                Ok(())
            });
        }
    }
}

fn run_child(exe: &Path, bytes: &[u8]) -> Result<PdfText, PdfError> {
    let damaged = |why: &str| PdfError::Damaged(why.to_string());
    let mut file = tempfile::NamedTempFile::new().map_err(|e| damaged(&format!("cannot stage the PDF: {e}")))?;
    file.write_all(bytes).map_err(|e| damaged(&format!("cannot stage the PDF: {e}")))?;
    let mut cmd = Command::new(exe);
    cmd.arg("__pdf-pages").arg(file.path()).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    limit_memory(&mut cmd);
    let mut child = cmd.spawn().map_err(|e| damaged(&format!("cannot start the PDF worker: {e}")))?;
    let mut stdout = child.stdout.take().ok_or_else(|| damaged("the PDF worker has no output"))?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    // a thread waits on the child; this one waits on that thread, up to the limit
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = match rx.recv_timeout(TIME_LIMIT) {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => return Err(damaged(&format!("lost the PDF worker: {e}"))),
        Err(_) => {
            #[cfg(unix)]
            // SAFETY: kill(2) on the pid of our own child, which has not been reaped
            // (the waiting thread has not returned).
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
            let _ = rx.recv();
            return Err(damaged(&format!("the PDF engine did not finish within {} s", TIME_LIMIT.as_secs())));
        }
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(damaged("the PDF engine crashed on it (a stack overflow, an abort, or over 3 GiB of memory)"));
    }
    let reply: serde_json::Value =
        serde_json::from_slice(&out).map_err(|_| damaged("the PDF worker gave no answer"))?;
    match reply.get("error").and_then(|e| e.as_str()) {
        Some("encrypted") => Err(PdfError::Encrypted),
        Some(_) => {
            Err(PdfError::Damaged(reply.get("reason").and_then(|r| r.as_str()).unwrap_or("unknown").to_string()))
        }
        None => {
            let pages = reply.get("pages").and_then(|p| serde_json::from_value(p.clone()).ok()).unwrap_or_default();
            let failed = reply.get("failed").and_then(|p| serde_json::from_value(p.clone()).ok()).unwrap_or_default();
            Ok(PdfText { pages, failed })
        }
    }
}
