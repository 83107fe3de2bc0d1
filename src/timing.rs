//! CPU time by stage, for `report --timings` and `benches/stages.sh`: off unless
//! [`enable`] was called, and then a clock read at each stage's start and end.
//!
//! A stage's time is its own: a stage inside another (quantities scanned, or text
//! segmented, while a fact kind is extracted) is taken out of the outer one. Times
//! are CPU time of the thread that ran the stage, summed over threads and over the
//! documents of a batch; the PDF workers' CPU time is the children's (`getrusage`).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The stages, in the pipeline's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the input and decoding it (in this process; a PDF's workers apart).
    Ingest,
    /// Width folding, line rejoining, page carry (`normalize`).
    Normalize,
    /// Lines classified, headings, sections, outline (`structure`), and tables.
    Structure,
    /// Sentences cut, jieba's dictionary built and its segmentation (`segment`).
    Segment,
    /// Quantities scanned (`quantity`).
    Quantity,
    /// The fact kinds of the registry (`extract`), less the stages they call.
    Extract,
    /// Consistency checks (`check`).
    Check,
    /// Rendering and writing the output (`output`).
    Output,
}

const STAGES: [Stage; 8] = [
    Stage::Ingest,
    Stage::Normalize,
    Stage::Structure,
    Stage::Segment,
    Stage::Quantity,
    Stage::Extract,
    Stage::Check,
    Stage::Output,
];

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Normalize => "normalize",
            Stage::Structure => "structure",
            Stage::Segment => "segment",
            Stage::Quantity => "quantity",
            Stage::Extract => "extract",
            Stage::Check => "check",
            Stage::Output => "output",
        }
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Nanoseconds by stage.
struct Totals([AtomicU64; 8]);

static TOTALS: Totals = Totals([const { AtomicU64::new(0) }; 8]);

thread_local! {
    /// The stages running on this thread, innermost last: each with the time its
    /// inner stages took.
    static RUNNING: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Starts counting.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether [`enable`] was called.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs `f` as `stage`.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let _running = start(stage);
    f()
}

/// Counts the time until the guard is dropped as `stage` (nothing when off): the
/// first line of a function that is a stage.
pub fn start(stage: Stage) -> Option<Running<'static>> {
    ENABLED.load(Ordering::Relaxed).then(|| Running::new(&TOTALS, stage))
}

/// A stage running on this thread, counted when dropped (a panic's unwinding too).
pub struct Running<'t> {
    totals: &'t Totals,
    stage: Stage,
    start: u64,
}

impl<'t> Running<'t> {
    fn new(totals: &'t Totals, stage: Stage) -> Running<'t> {
        RUNNING.with(|r| r.borrow_mut().push(0));
        Running { totals, stage, start: thread_cpu_ns() }
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        let took = thread_cpu_ns().saturating_sub(self.start);
        let inner = RUNNING.with(|r| {
            let mut r = r.borrow_mut();
            let inner = r.pop().unwrap_or(0);
            if let Some(outer) = r.last_mut() {
                *outer += took;
            }
            inner
        });
        self.totals.0[self.stage as usize].fetch_add(took.saturating_sub(inner), Ordering::Relaxed);
    }
}

/// Each stage's CPU seconds so far.
pub fn totals() -> Vec<(Stage, f64)> {
    seconds(&TOTALS)
}

fn seconds(totals: &Totals) -> Vec<(Stage, f64)> {
    STAGES.iter().map(|&s| (s, totals.0[s as usize].load(Ordering::Relaxed) as f64 / 1e9)).collect()
}

/// CPU seconds of this process (all threads) and of its finished children.
pub fn process_cpu() -> (f64, f64) {
    #[cfg(unix)]
    {
        let of = |who| {
            // SAFETY: getrusage writes the struct it is given and nothing else.
            let mut u: libc::rusage = unsafe { std::mem::zeroed() };
            unsafe { libc::getrusage(who, &mut u) };
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            secs(u.ru_utime) + secs(u.ru_stime)
        };
        (of(libc::RUSAGE_SELF), of(libc::RUSAGE_CHILDREN))
    }
    #[cfg(not(unix))]
    {
        (0.0, 0.0)
    }
}

fn thread_cpu_ns() -> u64 {
    #[cfg(unix)]
    {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime writes the timespec it is given.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
    }
    #[cfg(not(unix))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spin(ms: u64) {
        let start = thread_cpu_ns();
        while thread_cpu_ns() - start < ms * 1_000_000 {
            std::hint::black_box(0);
        }
    }

    /// An inner stage's time is its own, not its outer stage's too (CPU time of
    /// this thread: what other threads do is not counted).
    #[test]
    fn inner_stages_are_taken_out_of_outer_ones() {
        let totals = Totals([const { AtomicU64::new(0) }; 8]);
        {
            let _check = Running::new(&totals, Stage::Check);
            spin(20);
            let _output = Running::new(&totals, Stage::Output);
            spin(40);
        }
        let took = seconds(&totals);
        let (check, output) = (took[Stage::Check as usize].1, took[Stage::Output as usize].1);
        // the outer stage's own 20 ms, without the inner one's 40
        assert!((0.020..0.040).contains(&check), "check {check}");
        assert!(output >= 0.040 && output < 0.040 + check, "output {output}");
        assert_eq!(took.iter().filter(|t| t.1 > 0.0).count(), 2);
    }
}
