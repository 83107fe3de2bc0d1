//! Reproducible pseudo-random numbers for the bounded random-input tests (the
//! content lexer's unit test, `tests/robustness.rs`). Not part of the library's API.

/// A xorshift64 generator from `seed` (not zero): the same mutations on every run.
pub fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
