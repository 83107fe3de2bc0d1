//! Resident memory after each pipeline stage on one input:
//! cargo run --release --example memory -- FILE
fn rss() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get =
        |k: &str| s.lines().find(|l| l.starts_with(k)).map(|l| l[k.len()..].trim().to_string()).unwrap_or_default();
    format!("rss {} peak {}", get("VmRSS:"), get("VmHWM:"))
}
fn main() {
    let p = std::env::args().nth(1).expect("FILE");
    eprintln!("start          {}", rss());
    let bytes = report::ingest::read_input(std::path::Path::new(&p)).unwrap();
    eprintln!("bytes          {}", rss());
    let raw = report::ingest::decode_owned(std::path::Path::new(&p), bytes, &Default::default()).unwrap();
    eprintln!("raw            {}", rss());
    let doc = report::normalize::Document::from_raw(raw);
    eprintln!("normalized     {} (text {} bytes)", rss(), doc.text.len());
    let layout = report::structure::Layout::of(&doc);
    eprintln!("layout         {}", rss());
    drop(layout);
    let facts = report::extract::extract_document(&doc);
    let checks = report::check::run(&facts);
    eprintln!("extracted      {} ({} facts, {} checks)", rss(), facts.len(), checks.len());
}
