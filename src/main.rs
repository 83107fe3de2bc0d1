//! The `report` binary: argument parsing and exit codes live in `report::cmd`.

/// mimalloc: the pipeline allocates a great many small vectors (a line's chars,
/// a sentence's tokens); the system allocator spent a third of a 10 MB run in
/// page faults and frees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3 alike): how long freed memory
/// stays committed before mimalloc gives it back to the system, in milliseconds
/// (-1: never). Giving it back at once (0) held peak memory lowest but cost more than
/// half of a PDF's CPU time in page faults, zeroing and TLB flushes (issue 14: the
/// same pages given back and faulted in again a thousand times a second).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// The main process gives freed memory back after 10 ms (mimalloc v2's default; v3,
/// which we link, waits 1 s): at once (0) a third of a long text's CPU went to the
/// kernel zeroing the pages it faulted in again; 10 ms holds a long text's peak
/// within issue 7's bar (64 MiB + 4 × the input: 86 MiB for 10 MB, where 100 ms
/// reached the bar).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

fn main() {
    // a PDF worker serves PDF after PDF under a memory limit of its own, and retires
    // past a peak of its own (`report::ingest::worker`): it never gives memory back
    let worker = std::env::args_os().nth(1).is_some_and(|a| a == report::ingest::worker::COMMAND);
    let delay = if worker { -1 } else { PURGE_DELAY_MS };
    // SAFETY: sets one of mimalloc's own options, a plain integer, before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    std::process::exit(report::cmd::main());
}

#[cfg(test)]
mod tests {
    /// The option number names the option meant: in a process that has set none, it
    /// reads its default (mimalloc's options.c), and so do its neighbours, whose
    /// defaults an enum shifted by one would read instead.
    #[test]
    fn the_mimalloc_option_set_is_the_one_meant() {
        // SAFETY: reads options of the allocator this binary links.
        let get = |o| unsafe { libmimalloc_sys::mi_option_get(o) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(super::MI_OPTION_PURGE_DELAY), 1000);
            assert_eq!(get(super::MI_OPTION_PURGE_DELAY - 1), 1, "deprecated_eager_commit_delay");
            assert_eq!(get(super::MI_OPTION_PURGE_DELAY + 1), 0, "use_numa_nodes");
        }
    }
}
