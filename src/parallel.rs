//! Work shared among the cores, or not.

/// Text work of fewer bytes than this runs on one thread (normalization batches,
/// quantity chunks)…
pub(crate) const BYTES: usize = 1 << 20;
/// …and a PDF of fewer pages (about a millisecond a page), unless cores would idle
/// otherwise (a batch's last PDFs: see `ingest::Options::spread`).
pub(crate) const PAGES: usize = 100;

/// The pages a PDF needs for them to be read on all cores: [`PAGES`], or any two
/// when `spread`.
pub(crate) fn pages_from(spread: bool) -> usize {
    if spread { 2 } else { PAGES }
}

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

/// `vecs` joined in order into one vector, sized once: `into_iter().flatten().collect()`
/// grows its vector by doubling (a flattening tells no length), and a long text's
/// quantities or a part's facts are megabytes, copied at each doubling.
pub(crate) fn joined<T>(vecs: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(vecs.iter().map(Vec::len).sum());
    for v in vecs {
        all.extend(v);
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn joined_keeps_the_order_and_sizes_once() {
        let all = super::joined(vec![vec!["a", "b"], vec![], vec!["c"]]);
        assert_eq!(all, ["a", "b", "c"]);
        assert_eq!(all.capacity(), 3);
        assert!(super::joined(Vec::<Vec<u8>>::new()).is_empty());
    }
}
