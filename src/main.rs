//! The `report` binary: argument parsing and exit codes live in `report::cmd`.

/// mimalloc: the pipeline allocates a great many small vectors (a line's chars,
/// a sentence's tokens); the system allocator spent a third of a 10 MB run in
/// page faults and frees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(report::cmd::main());
}
