//! Work shared among the cores, or not.

/// Text work of fewer bytes than this runs on one thread (normalization batches,
/// quantity chunks)…
pub(crate) const BYTES: usize = 1 << 20;
/// …and a PDF of fewer pages (about a millisecond a page).
pub(crate) const PAGES: usize = 100;

/// `f(0)`, …, `f(n - 1)`, in order: on all cores when `parallel`, else on this
/// thread. On two cores a thread and its heap cost more CPU than they save time on
/// short work (fresh pages faulted in per thread, frees across threads, TLB
/// shootdowns), so each caller asks for threads only past a size of its own.
pub(crate) fn map<R: Send>(n: usize, parallel: bool, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    match parallel {
        true => (0..n).into_par_iter().map(f).collect(),
        false => (0..n).map(f).collect(),
    }
}
