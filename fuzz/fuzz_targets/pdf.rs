//! PDF bytes through our text layer (in-process: the binary contains each PDF
//! engine in a worker; here the layer itself must hold) and then the pipeline.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    report::fuzzing::pdf(data);
});
