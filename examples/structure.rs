//! Prints the sections and blocks that `structure` finds in a report:
//! `cargo run --release --example structure -- FILE`.
use report::{ingest, normalize::Document, structure::Structure};

fn main() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let doc = Document::from_raw(ingest::load(std::path::Path::new(&path))?);
        let st = Structure::build(&doc);
        for (i, s) in st.sections.iter().enumerate() {
            let blocks = st.blocks.iter().filter(|b| b.section == Some(i)).count();
            println!("section {i}: {} ({blocks} blocks, {:?})", s.title, report::structure::topic(&s.title));
        }
        println!("{} lines, {} blocks", st.lines.len(), st.blocks.len());
    }
    Ok(())
}
