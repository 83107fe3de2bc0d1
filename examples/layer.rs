//! Prints the page texts of our own PDF text layer (`src/ingest/layer.rs`):
//! `cargo run --release --example layer -- FILE [PAGE]`.
use report::ingest::layer;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let only: Option<u32> = args.next().and_then(|p| p.parse().ok());
    let bytes = std::fs::read(&path)?;
    let doc = layer::open(&bytes, None).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let fonts = layer::Fonts::default();
    for (n, id) in doc.get_pages() {
        if only.is_none_or(|p| p == n) {
            println!(
                "=== page {n} ===\n{}",
                layer::page_text(&doc, &fonts, id).map_or_else(|| "<unreadable>".to_string(), |p| p.0)
            );
        }
    }
    Ok(())
}
