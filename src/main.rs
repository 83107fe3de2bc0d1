//! The `report` binary: argument parsing and exit codes live in `report::cmd`.

fn main() {
    std::process::exit(report::cmd::main());
}
