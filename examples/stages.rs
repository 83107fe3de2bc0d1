//! Times each pipeline stage on one input: cargo run --release --example stages -- FILE
use std::time::Instant;
fn main() {
    let p = std::env::args().nth(1).expect("FILE");
    let t = Instant::now();
    let raw = report::ingest::load(std::path::Path::new(&p)).unwrap();
    eprintln!("ingest     {:?}", t.elapsed());
    let t = Instant::now();
    let doc = report::normalize::Document::from_raw(raw);
    eprintln!("normalize  {:?}", t.elapsed());
    let t = Instant::now();
    let q = report::quantity::scan(&doc.text);
    eprintln!("quantity   {:?} ({} found)", t.elapsed(), q.len());
    let t = Instant::now();
    report::segment::jieba();
    eprintln!("jieba init {:?}", t.elapsed());
    let t = Instant::now();
    let ctx = report::extract::context::Context::new(&doc);
    eprintln!("context    {:?} ({} sentences)", t.elapsed(), ctx.sentences.len());
    let t = Instant::now();
    let facts = report::extract::extract(&doc);
    eprintln!("extract    {:?} ({} facts)", t.elapsed(), facts.len());
}
