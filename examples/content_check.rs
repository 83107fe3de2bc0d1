//! Checks the content lexer (`src/ingest/content.rs`) against lopdf on every page
//! and form of the PDFs given: the operations of each stream it reads must be
//! lopdf's. `cargo run --release --example content_check -- [--dump DIR] FILE…`
//! (`--dump`: also writes each stream to DIR, a seed corpus for `fuzz/`).
use report::ingest::content;

fn main() {
    let (mut streams, mut lexed, mut differ) = (0, 0, 0);
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let dump = match args.first().map(String::as_str) {
        Some("--dump") if args.len() > 1 => {
            let dir = args[1].clone();
            args.drain(..2);
            Some(dir)
        }
        _ => None,
    };
    for path in args {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(Ok(doc)) = std::panic::catch_unwind(|| lopdf::Document::load_mem(&bytes)) else { continue };
        let mut all: Vec<Vec<u8>> = doc.get_pages().values().map(|&id| doc.get_page_content(id)).collect();
        // forms, too
        for object in doc.objects.values() {
            if let Ok(s) = object.as_stream()
                && s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Form")
                && let Ok(c) = s.decompressed_content()
            {
                all.push(c);
            }
        }
        for c in &all {
            streams += 1;
            if let Some(dir) = &dump {
                let name = std::path::Path::new(&path).file_stem().unwrap_or_default().to_string_lossy().into_owned();
                std::fs::write(format!("{dir}/{name}-{streams}"), c).expect("the dump directory is writable");
            }
            if let Some(fast) = content::lexed(c) {
                lexed += 1;
                if Some(&fast) != content::lopdf_operations(c).as_ref() {
                    differ += 1;
                    println!("DIFFERS: {path}");
                }
            }
        }
    }
    println!("{streams} streams, {lexed} lexed, {differ} read otherwise than lopdf");
}
