//! `quantities --jsonl` lines: any bytes as one batch input, each line answered.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    report::fuzzing::quantities_lines(data);
});
