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
    /// Bytes of data segment and private mappings (set by the child on itself as it
    /// starts, so what its allocator reserved before, up to its first arena, counts
    /// toward the limit but is never refused: a limit under a few hundred MiB holds
    /// less tightly than it says).
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
/// The environment variable that gives the child its memory limit, in bytes.
const MEMORY_VAR: &str = "REPORT_PDF_MEMORY";

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
/// `all`), and writes the result on stdout: its pages in the binary form of
/// `answer` (below), or why there are none as a JSON object.
pub fn child_main(args: &[std::ffi::OsString]) -> i32 {
    limit_own_memory();
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
                Some("all") => pdf_extract_pages(&bytes, None).map(|p| Pages(p, Vec::new(), Vec::new())),
                Some(list) => {
                    let only: Vec<usize> = list.split(',').filter_map(|n| n.parse().ok()).collect();
                    pdf_extract_pages(&bytes, Some(&only)).map(|p| Pages(p, Vec::new(), Vec::new()))
                }
            };
            match result {
                Ok(Pages(pages, words, boxes)) => {
                    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                    let written = answer::write(&mut out, &pages, &words, &boxes).is_ok() && out.flush().is_ok();
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

/// Limits this process's data segment and private mappings to `REPORT_PDF_MEMORY`
/// bytes, if the parent set it: what a worker does first. (The child limits itself
/// rather than the parent between fork and exec: a `pre_exec` hook makes the
/// standard library fork the whole parent instead of spawning, and the parent then
/// pays for copying its pages on write until the child has exec'ed.)
fn limit_own_memory() {
    #[cfg(unix)]
    if let Some(limit) = std::env::var(MEMORY_VAR).ok().and_then(|v| v.parse::<u64>().ok()) {
        let lim = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
        // SAFETY: setrlimit reads the struct it is given and nothing else.
        unsafe { libc::setrlimit(libc::RLIMIT_DATA, &lim) };
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
    cmd.env(MEMORY_VAR, worker.memory_limit.to_string());
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
    if out.starts_with(answer::MAGIC) {
        return answer::read(&out).ok_or_else(|| damaged("the PDF worker gave no answer"));
    }
    /// Why the worker has no pages.
    #[derive(serde::Deserialize)]
    struct Refusal {
        error: String,
        reason: Option<String>,
    }
    let refusal: Refusal = serde_json::from_slice(&out).map_err(|_| damaged("the PDF worker gave no answer"))?;
    match refusal.error.as_str() {
        "encrypted" => Err(PdfError::Encrypted),
        _ => Err(PdfError::Damaged(refusal.reason.unwrap_or_else(|| "unknown".to_string()))),
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

/// The worker's answer when it has pages (a refusal is a JSON object): `RPW2`, the
/// number of pages, each page's length in bytes (`u32::MAX` for a page it failed on)
/// and its UTF-8 text, the number of pages of words, and for each their number and
/// the words, as `x0 y0 x1 y1 size` (f32) and `start end` (u32, bytes of the page's
/// text), then the number of page boxes and each as a byte (1 if there is one) and
/// `x0 y0 x1 y1` (f32), all little-endian. No text is sent twice: a word's is its page's at
/// `start..end`, and a word whose bytes are not in its page is dropped.
mod answer {
    use super::super::Word;
    use super::Pages;
    use std::io::Write;

    pub const MAGIC: &[u8] = b"RPW2";

    pub fn write(
        out: &mut impl Write,
        pages: &[Option<String>],
        words: &[Vec<Word>],
        boxes: &[Option<[f32; 4]>],
    ) -> std::io::Result<()> {
        let n = |len: usize| u32::try_from(len).map_err(|_| std::io::Error::other("too long")).map(u32::to_le_bytes);
        out.write_all(MAGIC)?;
        out.write_all(&n(pages.len())?)?;
        for page in pages {
            match page {
                // (u32::MAX is kept for a missing page)
                Some(text) if text.len() < u32::MAX as usize => {
                    out.write_all(&n(text.len())?)?;
                    out.write_all(text.as_bytes())?;
                }
                Some(_) => return Err(std::io::Error::other("a page too long")),
                None => out.write_all(&u32::MAX.to_le_bytes())?,
            }
        }
        out.write_all(&n(words.len())?)?;
        for page in words {
            out.write_all(&n(page.len())?)?;
            for w in page {
                for v in [w.x0, w.y0, w.x1, w.y1, w.size] {
                    out.write_all(&v.to_le_bytes())?;
                }
                out.write_all(&w.start.to_le_bytes())?;
                out.write_all(&w.end.to_le_bytes())?;
            }
        }
        out.write_all(&n(boxes.len())?)?;
        for b in boxes {
            out.write_all(&[u8::from(b.is_some())])?;
            for v in b.unwrap_or_default() {
                out.write_all(&v.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Bytes read off the front of an answer.
    struct Reader<'a>(&'a [u8]);

    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            let (head, rest) = (self.0.get(..n)?, self.0.get(n..)?);
            self.0 = rest;
            Some(head)
        }

        fn u32(&mut self) -> Option<u32> {
            Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
        }

        fn f32(&mut self) -> Option<f32> {
            Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
        }
    }

    /// The pages and words of an answer; `None` for anything short, long or not UTF-8.
    pub fn read(bytes: &[u8]) -> Option<Pages> {
        let mut r = Reader(bytes.strip_prefix(MAGIC)?);
        let count = r.u32()? as usize;
        // (a count is at most what the bytes left could hold)
        let mut pages = Vec::with_capacity(count.min(r.0.len() / 4));
        for _ in 0..count {
            pages.push(match r.u32()? {
                u32::MAX => None,
                len => Some(std::str::from_utf8(r.take(len as usize)?).ok()?.to_string()),
            });
        }
        let count = r.u32()? as usize;
        let mut words = Vec::with_capacity(count.min(r.0.len() / 4));
        for i in 0..count {
            let n = r.u32()? as usize;
            let text = pages.get(i).and_then(Option::as_deref).unwrap_or("");
            let mut ws = Vec::with_capacity(n.min(r.0.len() / 28));
            for _ in 0..n {
                let (x0, y0, x1, y1, size) = (r.f32()?, r.f32()?, r.f32()?, r.f32()?, r.f32()?);
                let (start, end) = (r.u32()?, r.u32()?);
                if let Some(t) = text.get(start as usize..end as usize) {
                    ws.push(Word { x0, y0, x1, y1, size, text: t.to_string(), start, end });
                }
            }
            words.push(ws);
        }
        let count = r.u32()? as usize;
        let mut boxes = Vec::with_capacity(count.min(r.0.len() / 17));
        for _ in 0..count {
            let present = r.take(1)?[0];
            let b = [r.f32()?, r.f32()?, r.f32()?, r.f32()?];
            boxes.push(match present {
                0 => None,
                1 => Some(b),
                _ => return None,
            });
        }
        r.0.is_empty().then_some(Pages(pages, words, boxes))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn word(x0: f32, start: u32, end: u32) -> Word {
            Word { x0, y0: 700.25, x1: x0 + 24.0, y1: 712.5, size: 12.0, text: String::new(), start, end }
        }

        #[test]
        fn an_answer_reads_back_as_written() {
            let pages = vec![Some("储能 2025".to_string()), None, Some(String::new())];
            let words = vec![vec![word(72.0, 0, 6), word(0.1, 7, 11), word(9.0, 7, 99)], vec![], vec![]];
            let boxes = vec![Some([0.0, 0.0, 595.5, 842.0]), None, Some([-10.0, 5.0, 400.0, 300.25])];
            let mut bytes = Vec::new();
            write(&mut bytes, &pages, &words, &boxes).unwrap();
            let Pages(got_pages, got_words, got_boxes) = read(&bytes).unwrap();
            assert_eq!(got_pages, pages);
            assert_eq!(got_boxes, boxes);
            // texts from the page; the word past its page's end is dropped
            let texts: Vec<&str> = got_words[0].iter().map(|w| w.text.as_str()).collect();
            assert_eq!(texts, ["储能", "2025"]);
            assert_eq!((got_words[0][1].x0, got_words[0][1].y0, got_words[0][1].end), (0.1, 700.25, 11));
            assert_eq!(got_words.len(), 3);
            // cut anywhere, or with a byte more, it is no answer
            for cut in 0..bytes.len() {
                assert!(read(&bytes[..cut]).is_none(), "cut at {cut}");
            }
            bytes.push(0);
            assert!(read(&bytes).is_none());
        }

        #[test]
        fn a_page_that_is_not_utf8_is_no_answer() {
            let mut bytes = MAGIC.to_vec();
            bytes.extend(1u32.to_le_bytes());
            bytes.extend(2u32.to_le_bytes());
            bytes.extend([0xE5, 0x82]);
            bytes.extend(0u32.to_le_bytes());
            assert!(read(&bytes).is_none());
        }
    }
}
