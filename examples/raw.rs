//! Prints the raw page text that ingest gives, before normalization:
//! `cargo run --release --example raw -- FILE [PAGE]`.
fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let page: Option<usize> = args.next().and_then(|p| p.parse().ok());
    let raw = report::ingest::load(std::path::Path::new(&path))?;
    for (i, p) in raw.pages.iter().enumerate() {
        if page.is_none_or(|n| n == i + 1) {
            println!("=== page {} ===\n{p}", i + 1);
        }
    }
    Ok(())
}
