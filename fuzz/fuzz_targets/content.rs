//! A content stream: the lexer of `src/ingest/content.rs` against lopdf's parser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    report::fuzzing::content(data);
});
