//! Unpacks jieba's dictionary (data/jieba_dict.txt.gz) into OUT_DIR once per build,
//! so that no run of `report` spends its first milliseconds gunzipping it
//! (src/segment.rs includes the text).
use std::io::Read;

fn main() {
    let packed = "data/jieba_dict.txt.gz";
    println!("cargo::rerun-if-changed={packed}");
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(packed).expect("data/jieba_dict.txt.gz is in the tree"))
        .read_to_end(&mut text)
        .expect("data/jieba_dict.txt.gz gunzips");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba_dict.txt"), text).expect("OUT_DIR is writable");
}
