//! The `report` binary: argument parsing and exit codes live in `report::cmd`.

/// mimalloc: the pipeline allocates a great many small vectors (a line's chars,
/// a sentence's tokens); the system allocator spent a third of a 10 MB run in
/// page faults and frees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3 alike): how long freed memory
/// stays committed before mimalloc returns it. Its default (10 ms, a hundred times
/// that for arenas) held twice a long document's working set resident; 0 returns it
/// at once (issue 7: peak memory within 64 MiB + 4 × the input).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // SAFETY: sets one of mimalloc's own options, a plain integer, before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    std::process::exit(report::cmd::main());
}
