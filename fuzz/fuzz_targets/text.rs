//! Text bytes through the whole pipeline: decode, normalize, structure, quantities,
//! every extractor, the checks and the JSON output. Any panic, overflow or hang is
//! a finding; so is a fact whose quote is not the text at its span.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    report::fuzzing::text(data);
});
