//! Prints the page texts that pdf-extract alone gives (the second engine), in
//! this process: `cargo run --release --example pdf_extract -- FILE`.
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path)?;
    let pages = report::ingest::pdf_extract_pages(&bytes, None, false).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    for (i, p) in pages.iter().enumerate() {
        println!("=== page {} ===\n{}", i + 1, p.as_deref().unwrap_or("<unreadable>"));
    }
    Ok(())
}
