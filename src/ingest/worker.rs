//! Containment: the `report` binary decodes a PDF in child processes of itself,
//! under a memory limit, each PDF under a time limit: `report __pdf-pages --serve`
//! answers one request after another on its stdin, each the PDF's bytes (no copy
//! of the input is ever written to disk) and an engine: our own text layer, then
//! pdf-extract on the pages it gave nothing usable (all where our layer could not
//! open the file). A PDF that makes an engine overflow its stack, abort, hang or
//! eat memory costs that PDF only: its worker dies or is killed, and the next PDF
//! gets a new one; a crash of the fallback keeps the pages of the first, and the
//! user gets one line saying so, never a crash. A worker that is not busy is kept
//! for the next PDF of any thread (a batch on two threads keeps two), and
//! [`shut_down`] ends them. `report __pdf-pages [--fallback PAGES] FILE` answers
//! once, for a person's own checks.
//!
//! The library decodes in-process unless its caller gives a [`Worker`]: a program
//! that links `report` as a library has no `__pdf-pages` command to run.

use super::pdf::{Pages, PdfError, PdfText, chain, layer_pages, pdf_extract_pages, pdf_pages_spread};
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

/// The pages of the PDF in `bytes`: in contained children of `worker`, else here;
/// on all cores from two pages on when `spread` (see [`super::pdf_pages_spread`]).
pub fn pdf_pages_contained(
    bytes: &[u8],
    password: Option<&str>,
    worker: Option<&Worker>,
    spread: bool,
) -> Result<PdfText, PdfError> {
    let Some(worker) = worker else { return pdf_pages_spread(bytes, password, spread) };
    let ask = |fallback: &str| ask(worker, Request { fallback, password, spread, bytes });
    chain(
        || ask(""),
        |only| {
            let pages = only
                .map_or_else(|| "all".to_string(), |o| o.iter().map(usize::to_string).collect::<Vec<_>>().join(","));
            ask(&pages).map(|r| r.0)
        },
    )
}

/// The child's side: `[--fallback PAGES] FILE`, or `--serve`. Decodes the file (`-`:
/// the bytes on stdin) with our layer, or with pdf-extract on PAGES (0-based,
/// comma-separated, or `all`), and writes the result on stdout: its pages in the
/// binary form of `answer` (below), or why there are none as a JSON object.
/// `--serve` answers one [`request`] after another on stdin, until it ends.
pub fn child_main(args: &[std::ffi::OsString]) -> i32 {
    limit_own_memory();
    if let [flag] = args
        && flag == "--serve"
    {
        return serve();
    }
    let password = std::env::var(PASSWORD_VAR).ok();
    let (fallback, path) = match args {
        [path] => (String::new(), path),
        [flag, pages, path] if flag == "--fallback" => (pages.to_string_lossy().into_owned(), path),
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
            decode(&Request { fallback: &fallback, password: password.as_deref(), spread: false, bytes: &bytes })
        }
        Err(e) => refusal(&PdfError::Damaged(e.to_string())),
    };
    let Some(reply) = reply else { return 1 };
    let mut out = std::io::stdout().lock();
    if out.write_all(&reply).and_then(|()| out.flush()).is_ok() { 0 } else { 1 }
}

/// What a worker is asked to do with a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Request<'a> {
    /// Our layer (empty), or pdf-extract on these pages (as for `--fallback`).
    fallback: &'a str,
    password: Option<&'a str>,
    /// The pages on all cores from two on (see [`super::pdf_pages_spread`]).
    spread: bool,
    bytes: &'a [u8],
}

/// What a worker answers to `r`: the PDF's pages in the binary form of `answer`,
/// or why there are none as a JSON object; `None` for pages that cannot be written
/// (a page of 4 GiB).
fn decode(r: &Request) -> Option<Vec<u8>> {
    let (bytes, spread) = (r.bytes, r.spread);
    let result = match r.fallback {
        "" => layer_pages(bytes, r.password, spread),
        "all" => pdf_extract_pages(bytes, None, spread).map(|p| Pages(p, Vec::new(), Vec::new())),
        list => {
            let only: Vec<usize> = list.split(',').filter_map(|n| n.parse().ok()).collect();
            pdf_extract_pages(bytes, Some(&only), spread).map(|p| Pages(p, Vec::new(), Vec::new()))
        }
    };
    match result {
        Ok(Pages(pages, words, boxes)) => {
            let mut out = Vec::with_capacity(1 << 16);
            answer::write(&mut out, &pages, &words, &boxes).ok().map(|()| out)
        }
        Err(e) => refusal(&e),
    }
}

/// Why a worker has no pages, as it says so: a JSON object.
fn refusal(e: &PdfError) -> Option<Vec<u8>> {
    let reply = match e {
        PdfError::Encrypted => serde_json::json!({"error": "encrypted"}),
        PdfError::Damaged(reason) => serde_json::json!({"error": "damaged", "reason": reason}),
        PdfError::Killed(signal) => serde_json::json!({"error": "damaged", "reason": signal}),
    };
    serde_json::to_vec(&reply).ok()
}

/// A worker kept for more PDFs (`report __pdf-pages --serve`) retires once its peak
/// resident memory passes this: it never gives memory back, and what one PDF made
/// it take should not weigh on all the PDFs after it.
const RETIRE_RSS: u64 = 256 << 20;

/// The worker's side of `--serve`: reads a request, answers it, and again, until its
/// stdin ends (exit 0). A request it cannot read exits 2; an answer it cannot write,
/// 1. After an answer past [`RETIRE_RSS`] it says it retires, and exits.
fn serve() -> i32 {
    let mut input = std::io::stdin().lock();
    let mut out = answers_out();
    loop {
        let asked = match request::read(&mut input) {
            Ok(Some(r)) => r,
            Ok(None) => return 0,
            Err(_) => return 2,
        };
        let Some(reply) = decode(&asked.request()) else { return 1 };
        drop(asked);
        let retire = peak_rss().is_some_and(|rss| rss > RETIRE_RSS);
        let head = [[u8::from(retire)].as_slice(), &(reply.len() as u64).to_le_bytes()].concat();
        if out.write_all(&head).and_then(|()| out.write_all(&reply)).and_then(|()| out.flush()).is_err() {
            return 1;
        }
        if retire {
            return 0;
        }
    }
}

/// Where `--serve` writes its answers: what was its stdout, which now goes to
/// /dev/null, so that nothing else printed there (a library's stray line) can
/// break an answer in two.
fn answers_out() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::{AsRawFd, FromRawFd};
        // SAFETY: dup(2) of this process's own stdout, which stays open.
        let fd = unsafe { libc::dup(libc::STDOUT_FILENO) };
        if fd >= 0 {
            if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
                // SAFETY: dup2(2) onto stdout, whose old pipe lives on in `fd`.
                unsafe { libc::dup2(null.as_raw_fd(), libc::STDOUT_FILENO) };
            }
            // SAFETY: `fd` is ours alone, open, and owned by the File from here on.
            return Box::new(unsafe { std::fs::File::from_raw_fd(fd) });
        }
    }
    Box::new(std::io::stdout())
}

/// This process's peak resident memory, in bytes.
fn peak_rss() -> Option<u64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage writes the struct it is given and nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0;
        // (Linux counts ru_maxrss in KiB)
        ok.then(|| u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024)
    }
    #[cfg(not(unix))]
    None
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

/// A worker (`report __pdf-pages --serve`) kept between PDFs: one process serves
/// the PDFs of one thread after another, instead of one process started per engine
/// per PDF (each start maps the binary and faults in a fresh heap).
struct Live {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::process::ChildStdout,
    /// the worker it was started for (its executable and memory limit)
    exe: PathBuf,
    memory_limit: u64,
}

/// The workers started and not busy: a thread takes one for a PDF and puts it back
/// when the PDF is done; [`shut_down`] ends them.
static IDLE: std::sync::Mutex<Vec<Live>> = std::sync::Mutex::new(Vec::new());

fn idle() -> std::sync::MutexGuard<'static, Vec<Live>> {
    IDLE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Ends the workers kept for more PDFs, and waits for them: what a program does
/// before it exits, so that their CPU time is counted as its children's and no
/// process outlives it. (Each ends by itself when its input closes.)
pub fn shut_down() {
    let workers = std::mem::take(&mut *idle());
    for live in workers {
        live.end();
    }
}

/// Makes the pipe of `end` hold [`PIPE_BYTES`] where the system lets it (Linux): a
/// PDF of megabytes goes to the worker, and its pages come back, in a few writes, not
/// in one of 64 KiB (the default) for each wake-up of the other side. (A batch of the
/// 14 corpus reports on one thread waited on the other side about 1,600 times; with
/// pipes widened, about 260.)
#[cfg(target_os = "linux")]
fn widen(end: &impl std::os::fd::AsRawFd) {
    // SAFETY: fcntl(2) on a pipe this process holds; a refusal leaves it as it was.
    unsafe { libc::fcntl(end.as_raw_fd(), libc::F_SETPIPE_SZ, PIPE_BYTES) };
}

/// What a worker's pipes are widened to: 1 MiB, the most an unprivileged process may
/// ask for by default (`/proc/sys/fs/pipe-max-size`).
#[cfg(target_os = "linux")]
const PIPE_BYTES: libc::c_int = 1 << 20;

impl Live {
    fn start(worker: &Worker) -> Result<Live, PdfError> {
        let mut cmd = Command::new(&worker.exe);
        cmd.arg(COMMAND).arg("--serve").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
        cmd.env_remove(PASSWORD_VAR).env_remove(SIZE_VAR).env(MEMORY_VAR, worker.memory_limit.to_string());
        let mut child = cmd.spawn().map_err(|e| PdfError::Damaged(format!("cannot start the PDF worker: {e}")))?;
        let pid = child.id();
        crate::interrupt::child_started(pid);
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            Live::reap(child);
            return Err(PdfError::Damaged("the PDF worker has no input or output".into()));
        };
        #[cfg(target_os = "linux")]
        {
            widen(&stdin);
            widen(&stdout);
        }
        Ok(Live { child, stdin, stdout, exe: worker.exe.clone(), memory_limit: worker.memory_limit })
    }

    /// An idle worker started for `worker` and still running, or a new one.
    fn take(worker: &Worker) -> Result<Live, PdfError> {
        let found = {
            let mut idle = idle();
            let at = idle.iter().position(|l| l.exe == worker.exe && l.memory_limit == worker.memory_limit);
            at.map(|i| idle.swap_remove(i))
        };
        match found {
            Some(mut live) => match live.child.try_wait() {
                Ok(None) => Ok(live),
                // one that died while idle (killed from outside) is reaped, not blamed
                _ => {
                    live.end();
                    Live::start(worker)
                }
            },
            None => Live::start(worker),
        }
    }

    /// Waits for the worker to exit once its input is closed.
    fn end(self) -> Option<std::process::ExitStatus> {
        let Live { child, stdin, .. } = self;
        drop(stdin);
        Live::reap(child)
    }

    fn reap(mut child: std::process::Child) -> Option<std::process::ExitStatus> {
        let status = child.wait().ok();
        crate::interrupt::child_finished(child.id());
        status
    }
}

/// Decodes `r` in a worker under the time limit: the PDF's pages, `None` for a page
/// it failed on, and their positioned words (none from pdf-extract). The worker is
/// kept for the next PDF unless it failed or retired.
fn ask(worker: &Worker, r: Request) -> Result<Pages, PdfError> {
    let damaged = |why: &str| PdfError::Damaged(why.to_string());
    let mut live = Live::take(worker)?;
    // the exchange on this thread, the watchdog killing the worker past the limit
    // (no deadline for a limit past the clock's range)
    let watched = match std::time::Instant::now().checked_add(worker.time_limit) {
        Some(deadline) => match watchdog::watch(live.child.id(), deadline) {
            Some(guard) => Some(guard),
            None => {
                idle().push(live);
                return Err(damaged("cannot start the thread that times the PDF worker"));
            }
        },
        None => None,
    };
    let exchanged = request::exchange(&mut live.stdin, &mut live.stdout, &r);
    // (finished before the worker is reaped: no signal goes to a pid reaped)
    let late = watched.is_some_and(watchdog::Guard::finish);
    let outcome = if late { None } else { Some(exchanged) };
    let out = match outcome {
        Some(Ok((retire, out))) => {
            match retire {
                true => drop(live.end()),
                false => idle().push(live),
            }
            out
        }
        // the worker died before it had answered: its status says why
        Some(Err(_)) => {
            let status = live.end();
            if let Some(signal) = status.as_ref().and_then(killed_from_outside) {
                return Err(PdfError::Killed(signal));
            }
            if status.is_some_and(|s| s.success()) {
                return Err(damaged("the PDF worker gave no answer"));
            }
            return Err(damaged("the PDF engine crashed on it (a stack overflow, an abort, or over 3 GiB of memory)"));
        }
        None => {
            live.end();
            return Err(damaged(&format!("the PDF engine did not finish within {} s", worker.time_limit.as_secs())));
        }
    };
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

/// Kills a worker that is past its time limit while a thread of this process talks
/// to it: one thread for the process, started with its first PDF, asleep until the
/// earliest deadline. (A thread of its own for each exchange, which the asking
/// thread waited for, cost a thread's start and two wake-ups more for every PDF.)
mod watchdog {
    use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
    use std::time::Instant;

    /// A worker's pid names its watch: a worker is asked by one thread at a time,
    /// and not reaped while watched, so no two watches share one.
    struct Watched {
        pid: u32,
        deadline: Instant,
        killed: bool,
    }

    static WATCHING: Mutex<Vec<Watched>> = Mutex::new(Vec::new());
    /// Tells the watchdog of a new deadline.
    static WAKE: Condvar = Condvar::new();

    fn watching() -> MutexGuard<'static, Vec<Watched>> {
        WATCHING.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A worker watched until [`Guard::finish`] (or the guard's drop).
    pub struct Guard {
        pid: u32,
        deadline: Instant,
    }

    /// Watches the worker `pid`, to be killed (SIGKILL) once `deadline` passes; `None`
    /// if no thread could be started to watch it.
    pub fn watch(pid: u32, deadline: Instant) -> Option<Guard> {
        static STARTED: OnceLock<bool> = OnceLock::new();
        let started =
            STARTED.get_or_init(|| std::thread::Builder::new().name("report-watchdog".into()).spawn(run).is_ok());
        if !started {
            return None;
        }
        watching().push(Watched { pid, deadline, killed: false });
        WAKE.notify_one();
        Some(Guard { pid, deadline })
    }

    impl Guard {
        /// Ends the watch: was the worker late (killed, or past its deadline now)?
        /// Once this returns, no signal is sent to it.
        pub fn finish(mut self) -> bool {
            let late = self.end();
            // the watch is ended: the drop would look for it again
            std::mem::forget(self);
            late
        }

        fn end(&mut self) -> bool {
            let mut w = watching();
            let killed = match w.iter().position(|x| x.pid == self.pid) {
                Some(at) => w.swap_remove(at).killed,
                None => false,
            };
            killed || Instant::now() >= self.deadline
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            self.end();
        }
    }

    /// The watchdog: kills each worker past its deadline, then sleeps until the next.
    fn run() {
        let mut w = watching();
        loop {
            let now = Instant::now();
            for x in w.iter_mut().filter(|x| !x.killed && x.deadline <= now) {
                #[cfg(unix)]
                // SAFETY: kill(2) on the pid of a child of ours, not reaped: it is
                // watched until its asker finishes the watch, before it reaps it.
                unsafe {
                    libc::kill(x.pid as libc::pid_t, libc::SIGKILL);
                }
                x.killed = true;
            }
            let next = w.iter().filter(|x| !x.killed).map(|x| x.deadline).min();
            w = match next {
                None => WAKE.wait(w).unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(now);
                    WAKE.wait_timeout(w, wait).unwrap_or_else(PoisonError::into_inner).0
                }
            };
        }
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

    /// A pipe widened holds a MiB (the kernel's default is 64 KiB).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_is_widened_to_a_mebibyte() {
        use std::os::fd::AsRawFd;
        let (reader, writer) = std::io::pipe().unwrap();
        // SAFETY: F_GETPIPE_SZ reads the size of a pipe this test holds.
        let size = |fd: i32| unsafe { libc::fcntl(fd, libc::F_GETPIPE_SZ) };
        super::widen(&writer);
        assert_eq!(size(writer.as_raw_fd()), 1 << 20);
        assert_eq!(size(reader.as_raw_fd()), 1 << 20);
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

/// A request to a worker kept for more PDFs (`--serve`), on its stdin: `RPQ1`; a
/// byte, 1 to spread the pages over the cores; the engine (empty for our layer,
/// else the pages for pdf-extract, as for `--fallback`) and the password
/// (`u32::MAX` for none), each as a length (u32) and UTF-8; the PDF's length (u64)
/// and bytes, all little-endian. The answer, on its stdout: a byte (1: the worker
/// retires after it), the answer's length (u64) and the answer as the one-shot
/// worker writes it.
mod request {
    use super::Request;
    use std::io::{self, Read, Write};

    const MAGIC: &[u8] = b"RPQ1";
    /// Bytes read ahead of knowing how many there are: a length that lies is read
    /// as far as the bytes go.
    const AHEAD: u64 = 64 << 20;

    fn put_text(out: &mut Vec<u8>, text: Option<&str>) -> io::Result<()> {
        match text {
            Some(t) => {
                let len =
                    u32::try_from(t.len()).ok().filter(|&n| n < u32::MAX).ok_or_else(|| io::Error::other("long"))?;
                out.extend(len.to_le_bytes());
                out.extend(t.as_bytes());
            }
            None => out.extend(u32::MAX.to_le_bytes()),
        }
        Ok(())
    }

    /// Up to `len` bytes from `input`: fewer is an error.
    fn take(input: &mut impl Read, len: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(len.min(AHEAD) as usize);
        input.take(len).read_to_end(&mut bytes)?;
        match bytes.len() as u64 == len {
            true => Ok(bytes),
            false => Err(io::ErrorKind::UnexpectedEof.into()),
        }
    }

    fn byte_of(input: &mut impl Read) -> io::Result<u8> {
        let mut b = [0; 1];
        input.read_exact(&mut b)?;
        Ok(b[0])
    }

    fn u32_of(input: &mut impl Read) -> io::Result<u32> {
        let mut b = [0; 4];
        input.read_exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn u64_of(input: &mut impl Read) -> io::Result<u64> {
        let mut b = [0; 8];
        input.read_exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn text_of(input: &mut impl Read) -> io::Result<Option<String>> {
        match u32_of(input)? {
            u32::MAX => Ok(None),
            len => String::from_utf8(take(input, u64::from(len))?).map(Some).map_err(io::Error::other),
        }
    }

    /// The parent's side: sends the request, reads the answer (and whether the
    /// worker retires after it).
    pub fn exchange(stdin: &mut impl Write, stdout: &mut impl Read, r: &Request) -> io::Result<(bool, Vec<u8>)> {
        let mut head = MAGIC.to_vec();
        head.push(u8::from(r.spread));
        put_text(&mut head, Some(r.fallback))?;
        put_text(&mut head, r.password)?;
        head.extend((r.bytes.len() as u64).to_le_bytes());
        stdin.write_all(&head)?;
        stdin.write_all(r.bytes)?;
        stdin.flush()?;
        let retire = byte_of(stdout)?;
        let len = u64_of(stdout)?;
        Ok((retire == 1, take(stdout, len)?))
    }

    /// A request as the worker reads it, owning what it holds.
    #[derive(Debug)]
    pub struct Asked {
        fallback: String,
        password: Option<String>,
        spread: bool,
        bytes: Vec<u8>,
    }

    impl Asked {
        pub fn request(&self) -> Request<'_> {
            Request {
                fallback: &self.fallback,
                password: self.password.as_deref(),
                spread: self.spread,
                bytes: &self.bytes,
            }
        }
    }

    /// The worker's side: the next request; `None` where the input ended before it.
    pub fn read(input: &mut impl Read) -> io::Result<Option<Asked>> {
        let mut magic = [0; 4];
        match input.read(&mut magic[..1])? {
            0 => return Ok(None),
            _ => input.read_exact(&mut magic[1..])?,
        }
        if magic != MAGIC {
            return Err(io::Error::other("not a request"));
        }
        let spread = match byte_of(input)? {
            0 => false,
            1 => true,
            _ => return Err(io::Error::other("not a request")),
        };
        let fallback = text_of(input)?.unwrap_or_default();
        let password = text_of(input)?;
        let len = u64_of(input)?;
        Ok(Some(Asked { fallback, password, spread, bytes: take(input, len)? }))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn ask<'a>(fallback: &'a str, password: Option<&'a str>, spread: bool, bytes: &'a [u8]) -> Request<'a> {
            Request { fallback, password, spread, bytes }
        }

        /// A request reads back as sent, one after another, then the end; a request
        /// cut anywhere is an error, not a shorter PDF.
        #[test]
        fn requests_read_back_as_sent() {
            let mut sent = Vec::new();
            // (the worker's answers, for exchange to read: retire, then the answer)
            let mut answers: Vec<u8> = [[0u8].as_slice(), &3u64.to_le_bytes(), b"abc"].concat();
            answers.extend([[1u8].as_slice(), &0u64.to_le_bytes()].concat());
            let mut from_worker = answers.as_slice();
            let one = exchange(&mut sent, &mut from_worker, &ask("", None, false, b"%PDF-1.7 x")).unwrap();
            let two = exchange(&mut sent, &mut from_worker, &ask("0,3", Some("秘密"), true, b"")).unwrap();
            assert_eq!(one, (false, b"abc".to_vec()));
            assert_eq!(two, (true, Vec::new()));
            let mut input = sent.as_slice();
            let first = read(&mut input).unwrap().unwrap();
            assert_eq!(first.request(), ask("", None, false, b"%PDF-1.7 x"));
            let second = read(&mut input).unwrap().unwrap();
            assert_eq!(second.request(), ask("0,3", Some("秘密"), true, b""));
            assert!(read(&mut input).unwrap().is_none());
            let first_len = sent.len() - (4 + 1 + 4 + 3 + 4 + 6 + 8);
            for cut in 1..first_len {
                assert!(read(&mut &sent[..cut]).is_err(), "cut at {cut}");
            }
            // a spread byte other than 0 or 1 is no request
            let mut bad = sent.clone();
            bad[4] = 2;
            assert!(read(&mut bad.as_slice()).is_err());
            // an answer cut short, or longer than the bytes that come, is an error
            let none = ask("", None, false, b"");
            assert!(exchange(&mut Vec::new(), &mut &answers[..10], &none).is_err());
            let lying = [[0u8].as_slice(), &u64::MAX.to_le_bytes(), b"abc"].concat();
            assert!(exchange(&mut Vec::new(), &mut lying.as_slice(), &none).is_err());
        }
    }
}
