//! Benchmark of the quantity scanner alone: `quantity::scan` over a text file
//! (benches/quantities.sh makes ~10 MB of report text). Prints MB/s, best of 3.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: bench_quantities FILE");
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..3 {
        let t = Instant::now();
        found = report::quantity::scan(&text).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mb = text.len() as f64 / 1e6;
    println!("quantity scan: {mb:.1} MB in {best:.3} s = {:.1} MB/s ({found} quantities)", mb / best);
}
