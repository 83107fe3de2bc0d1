//! Containment: the `report` binary decodes a PDF in child processes of itself,
//! each with a time limit and a memory limit: `report __pdf-pages -` runs our
//! own text layer on the PDF's bytes, handed to it on its stdin (no copy of the
//! input is ever written to disk), then `report __pdf-pages --fallback PAGES -` runs
//! pdf-extract on the pages it gave nothing usable (`all` where our layer could
//! not open the file). A PDF that makes an engine overflow its stack, abort, hang
//! or eat memory costs that child only: a crash of the fallback keeps the pages
//! of the first, and the user gets one line saying so, never a crash.
//!
//! The library decodes in-process unless [`enable`] was called: a program that
//! links `report` as a library has no `__pdf-pages` command to run.

use super::pdf::{Pages, PdfError, PdfText, chain, layer_pages, pdf_extract_pages, pdf_pages};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The hidden subcommand a worker runs: `report __pdf-pages …`.
pub const COMMAND: &str = "__pdf-pages";

/// How long one PDF may take to decode.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
/// How much memory (data segment and private mappings) the child may use.
pub const MEMORY_LIMIT: u64 = 3 << 30;

/// PDFs decoded in child processes running `exe` (this executable: `report
/// __pdf-pages`), each killed past `time_limit` and refused memory past `memory_limit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub exe: PathBuf,
    pub time_limit: Duration,
    /// Bytes of data segment and private mappings.
    pub memory_limit: u64,
}

impl Worker {
    /// Children running `exe` under the default limits ([`TIME_LIMIT`], [`MEMORY_LIMIT`]).
    pub fn new(exe: PathBuf) -> Worker {
        Worker { exe, time_limit: TIME_LIMIT, memory_limit: MEMORY_LIMIT }
    }
}

/// The environment variable that hands the child the PDF password (an argument
/// would show in the process list).
const PASSWORD_VAR: &str = "REPORT_PDF_PASSWORD";
/// The environment variable that tells the child how many bytes come on its stdin.
const SIZE_VAR: &str = "REPORT_PDF_BYTES";

/// The pages of the PDF in `bytes`: in contained children of `worker`, else here.
pub fn pdf_pages_contained(bytes: &[u8], password: Option<&str>, worker: Option<&Worker>) -> Result<PdfText, PdfError> {
    let Some(worker) = worker else { return pdf_pages(bytes, password) };
    chain(
        || run_child(worker, &["-".as_ref()], bytes, password),
        |only| {
            let pages = only
                .map_or_else(|| "all".to_string(), |o| o.iter().map(usize::to_string).collect::<Vec<_>>().join(","));
            run_child(worker, &["--fallback".as_ref(), pages.as_ref(), "-".as_ref()], bytes, password).map(|r| r.0)
        },
    )
}

/// The child's side: `[--fallback PAGES] FILE`. Decodes the file (`-`: the bytes on
/// stdin) with our layer, or with pdf-extract on PAGES (0-based, comma-separated, or
/// `all`), and writes the result as JSON on stdout.
pub fn child_main(args: &[std::ffi::OsString]) -> i32 {
    let password = std::env::var(PASSWORD_VAR).ok();
    let (fallback, path) = match args {
        [path] => (None, path),
        [flag, pages, path] if flag == "--fallback" => (Some(pages.to_string_lossy().into_owned()), path),
        _ => return 2,
    };
    let read = if path == "-" {
        // sized from the start by the parent's word (a buffer doubled as it fills
        // faults in fresh pages for every copy)
        let size: usize = std::env::var(SIZE_VAR).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut bytes = Vec::with_capacity(size.min(MEMORY_LIMIT as usize / 2) + 1);
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    let reply = match read {
        Ok(bytes) => {
            let result = match fallback.as_deref() {
                None => layer_pages(&bytes, password.as_deref()),
                Some("all") => pdf_extract_pages(&bytes, None).map(|p| Pages(p, Vec::new())),
                Some(list) => {
                    let only: Vec<usize> = list.split(',').filter_map(|n| n.parse().ok()).collect();
                    pdf_extract_pages(&bytes, Some(&only)).map(|p| Pages(p, Vec::new()))
                }
            };
            match result {
                Ok(Pages(pages, words)) => {
                    // written as it stands, not built as a JSON value first
                    #[derive(serde::Serialize)]
                    struct Answer<'a> {
                        pages: &'a [Option<String>],
                        words: &'a [Vec<super::Word>],
                    }
                    let mut out = std::io::stdout().lock();
                    let written = serde_json::to_writer(&mut out, &Answer { pages: &pages, words: &words }).is_ok()
                        && out.flush().is_ok();
                    return if written { 0 } else { 1 };
                }
                Err(PdfError::Encrypted) => serde_json::json!({"error": "encrypted"}),
                Err(PdfError::Damaged(reason)) => serde_json::json!({"error": "damaged", "reason": reason}),
                Err(PdfError::Killed(signal)) => serde_json::json!({"error": "damaged", "reason": signal}),
            }
        }
        Err(e) => serde_json::json!({"error": "damaged", "reason": e.to_string()}),
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &reply).is_ok() && out.flush().is_ok();
    if written { 0 } else { 1 }
}

fn limit_memory(cmd: &mut Command, limit: u64) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe and touches no memory of the parent.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
                libc::setrlimit(libc::RLIMIT_DATA, &lim);
                Ok(())
            });
        }
    }
}

/// Runs `report __pdf-pages ARGS` under the limits: its pages, `None` for a page
/// it failed on, and their positioned words (none from pdf-extract).
fn run_child(
    worker: &Worker,
    args: &[&std::ffi::OsStr],
    bytes: &[u8],
    password: Option<&str>,
) -> Result<Pages, PdfError> {
    let damaged = |why: &str| PdfError::Damaged(why.to_string());
    let mut cmd = Command::new(&worker.exe);
    cmd.arg(COMMAND).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
    cmd.env_remove(PASSWORD_VAR).env(SIZE_VAR, bytes.len().to_string());
    if let Some(p) = password {
        cmd.env(PASSWORD_VAR, p);
    }
    limit_memory(&mut cmd, worker.memory_limit);
    let mut child = cmd.spawn().map_err(|e| damaged(&format!("cannot start the PDF worker: {e}")))?;
    let pid = child.id();
    crate::interrupt::child_started(pid);
    let _forget = Forget(pid);
    let mut stdout = child.stdout.take().ok_or_else(|| damaged("the PDF worker has no output"))?;
    let mut stdin = child.stdin.take().ok_or_else(|| damaged("the PDF worker has no input"))?;
    let out = std::thread::scope(|scope| {
        // the bytes go in on one thread while the answer is read on another: a child
        // that answers before reading all of its input cannot deadlock us
        scope.spawn(move || {
            // a child that died early closed its end: its status says why
            let _ = stdin.write_all(bytes);
        });
        let reader = scope.spawn(move || {
            // room for the answer from the start (a guess, grown if short): a buffer
            // doubled as it fills faults in fresh pages for every copy
            let mut buf = Vec::with_capacity(bytes.len().clamp(1 << 20, 64 << 20));
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        wait_limited(child, pid, worker.time_limit).map(|status| (status, reader.join().unwrap_or_default()))
    });
    let (status, out) = out?;
    if let Some(signal) = killed_from_outside(&status) {
        return Err(PdfError::Killed(signal));
    }
    if !status.success() {
        return Err(damaged("the PDF engine crashed on it (a stack overflow, an abort, or over 3 GiB of memory)"));
    }
    /// The worker's answer: its pages and their words, or why there are none.
    #[derive(serde::Deserialize)]
    struct Reply {
        pages: Option<Vec<Option<String>>>,
        #[serde(default)]
        words: Vec<Vec<super::Word>>,
        error: Option<String>,
        reason: Option<String>,
    }
    let reply: Reply = serde_json::from_slice(&out).map_err(|_| damaged("the PDF worker gave no answer"))?;
    match reply.error.as_deref() {
        Some("encrypted") => Err(PdfError::Encrypted),
        Some(_) => Err(PdfError::Damaged(reply.reason.unwrap_or_else(|| "unknown".to_string()))),
        None => {
            let pages = reply.pages.ok_or_else(|| damaged("the PDF worker gave no pages"))?;
            let mut words = reply.words;
            // a word's text is its page's at its bytes (not sent twice)
            for (page, ws) in pages.iter().zip(words.iter_mut()) {
                let text = page.as_deref().unwrap_or("");
                ws.retain_mut(|w| match text.get(w.start as usize..w.end as usize) {
                    Some(t) => {
                        w.text = t.to_string();
                        true
                    }
                    None => false,
                });
            }
            Ok(Pages(pages, words))
        }
    }
}

/// Takes a finished worker off the list of those an interrupt kills.
struct Forget(u32);

impl Drop for Forget {
    fn drop(&mut self) {
        crate::interrupt::child_finished(self.0);
    }
}

/// A worker that died of a signal we did not send and that no crash raises
/// (SIGKILL from the out-of-memory killer or a user, SIGTERM, SIGINT, SIGHUP): the
/// signal's name. The PDF is not to blame for it.
fn killed_from_outside(status: &std::process::ExitStatus) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        match status.signal()? {
            libc::SIGKILL => Some("SIGKILL"),
            libc::SIGTERM => Some("SIGTERM"),
            libc::SIGINT => Some("SIGINT"),
            libc::SIGHUP => Some("SIGHUP"),
            _ => None,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        None
    }
}

/// Waits for `child` up to `limit`, then kills it.
fn wait_limited(
    mut child: std::process::Child,
    pid: u32,
    limit: Duration,
) -> Result<std::process::ExitStatus, PdfError> {
    let damaged = |why: &str| PdfError::Damaged(why.to_string());
    // a thread waits on the child; this one waits on that thread, up to the limit
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(status)) => Ok(status),
        Ok(Err(e)) => Err(damaged(&format!("lost the PDF worker: {e}"))),
        Err(_) => {
            #[cfg(unix)]
            // SAFETY: kill(2) on the pid of our own child, which has not been reaped
            // (the waiting thread has not returned).
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
            let _ = rx.recv();
            Err(damaged(&format!("the PDF engine did not finish within {} s", limit.as_secs())))
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::killed_from_outside;
    use std::process::Command;

    fn status_of(script: &str) -> std::process::ExitStatus {
        Command::new("sh").args(["-c", script]).status().unwrap()
    }

    /// A worker killed by SIGKILL or SIGTERM was killed from outside; one that aborts
    /// or faults crashed on its input; one that exits failed on its own.
    #[test]
    fn a_signal_from_outside_is_told_from_a_crash() {
        assert_eq!(killed_from_outside(&status_of("kill -KILL $$")), Some("SIGKILL"));
        assert_eq!(killed_from_outside(&status_of("kill -TERM $$")), Some("SIGTERM"));
        assert_eq!(killed_from_outside(&status_of("kill -ABRT $$")), None);
        assert_eq!(killed_from_outside(&status_of("kill -SEGV $$")), None);
        assert_eq!(killed_from_outside(&status_of("exit 3")), None);
    }
}
