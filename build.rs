//! Unpacks jieba's dictionary (data/jieba_dict.txt.gz) into OUT_DIR once per build,
//! with our domain words (data/domain_dict.txt) merged in, so that no run of
//! `report` spends its first milliseconds gunzipping or merging it (src/segment.rs
//! includes the text). Merged as jieba-rs's `add_word` would add them one by one
//! after loading the dictionary: a word it has takes the domain word's frequency in
//! its place and keeps its tag; a word it lacks comes after, in the order listed; a
//! word listed twice, its last frequency.
use std::collections::HashMap;
use std::io::Read;

fn main() {
    let packed = "data/jieba_dict.txt.gz";
    let domain = "data/domain_dict.txt";
    println!("cargo::rerun-if-changed={packed}");
    println!("cargo::rerun-if-changed={domain}");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(packed).expect("data/jieba_dict.txt.gz is in the tree"))
        .read_to_string(&mut text)
        .expect("data/jieba_dict.txt.gz gunzips to UTF-8");
    let domain = std::fs::read_to_string(domain).expect("data/domain_dict.txt is in the tree");
    // (word, frequency, tag) of each domain word, the last listing winning
    let mut ours: Vec<(&str, u64, &str)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for line in domain.lines() {
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        // jieba would guess a missing frequency from the whole dictionary: the cut
        // dictionary (segment::for_document) could not
        let freq: u64 = parts
            .next()
            .and_then(|f| f.parse().ok())
            .unwrap_or_else(|| panic!("data/domain_dict.txt: {word} needs a frequency"));
        let tag = parts.next().unwrap_or("");
        match at.get(word) {
            Some(&i) => ours[i].1 = freq,
            None => {
                at.insert(word, ours.len());
                ours.push((word, freq, tag));
            }
        }
    }
    let mut merged = String::with_capacity(text.len() + domain.len());
    let mut placed = vec![false; ours.len()];
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        match parts.next().and_then(|w| at.get(w).map(|&i| (w, i))) {
            Some((word, i)) => {
                let _freq = parts.next();
                let tag = parts.next().unwrap_or("");
                merged.push_str(&format!("{word} {} {tag}\n", ours[i].1));
                placed[i] = true;
            }
            None => {
                merged.push_str(line);
                merged.push('\n');
            }
        }
    }
    for (&(word, freq, tag), placed) in ours.iter().zip(placed) {
        if !placed {
            merged.push_str(&format!("{word} {freq} {tag}\n"));
        }
    }
    // the sum of its frequencies, jieba's total (what segment::for_document keeps)
    let total: u64 = merged.lines().filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok()).sum();
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba_dict.txt"), &merged).expect("OUT_DIR is writable");
    std::fs::write(out.join("jieba_total.rs"), format!("{total}")).expect("OUT_DIR is writable");
    // its runs of lines that start with the same char, as (char, first byte, end byte):
    // a document's segmenter (segment::for_document) reads only the runs of the chars
    // the document holds, not every line
    let mut runs = String::from("&[\n");
    let mut run: Option<(char, usize)> = None;
    let mut at = 0;
    for line in merged.split_inclusive('\n') {
        let first = line.chars().next().unwrap_or('\0');
        if run.is_some_and(|(c, _)| c != first) {
            let (c, start) = run.take().expect("a run");
            runs.push_str(&format!("({}, {start}, {at}),\n", c as u32));
        }
        run.get_or_insert((first, at));
        at += line.len();
    }
    if let Some((c, start)) = run {
        runs.push_str(&format!("({}, {start}, {at}),\n", c as u32));
    }
    runs.push(']');
    std::fs::write(out.join("jieba_runs.rs"), runs).expect("OUT_DIR is writable");
    // its lines as (first byte, end of the word), in the order of their words' bytes:
    // the words that stand in a short text are found by binary search
    // (segment::standing_in), not by reading the runs of its chars
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for line in merged.split_inclusive('\n') {
        let word = line.split(' ').next().unwrap_or("").trim_end_matches('\n');
        if !word.is_empty() {
            words.push((at, at + word.len()));
        }
        at += line.len();
    }
    words.sort_by(|a, b| merged[a.0..a.1].cmp(&merged[b.0..b.1]).then(a.0.cmp(&b.0)));
    let mut sorted = String::from("&[\n");
    for (start, end) in words {
        sorted.push_str(&format!("({start}, {end}),\n"));
    }
    sorted.push(']');
    std::fs::write(out.join("jieba_sorted.rs"), sorted).expect("OUT_DIR is writable");
}
