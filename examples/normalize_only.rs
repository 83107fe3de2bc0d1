//! Normalizes one input, for profiling: cargo run --release --example normalize_only -- FILE
fn main() {
    let p = std::env::args().nth(1).expect("FILE");
    let raw = report::ingest::load(std::path::Path::new(&p)).unwrap();
    let doc = report::normalize::Document::from_raw(raw);
    println!("{}", doc.text.len());
}
