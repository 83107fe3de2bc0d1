//! Unpacks jieba's dictionary (data/jieba_dict.txt.gz) into OUT_DIR once per build,
//! with our domain words (data/domain_dict.txt) merged in, so that no run of
//! `report` spends its first milliseconds gunzipping or merging it (src/segment.rs
//! includes the text). Merged as jieba-rs's `add_word` would add them one by one
//! after loading the dictionary: a word it has takes the domain word's frequency in
//! its place and keeps its tag; a word it lacks comes after, in the order listed; a
//! word listed twice, its last frequency.
//!
//! Also turns jieba's part-of-speech HMM (data/jieba_posseg.txt.gz) into tables
//! that src/segment/posseg.rs reads in place ([`posseg`]).
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
    posseg(&out);
}

/// jieba-rs 0.11's part-of-speech HMM, parsed as its `posseg::parse_posseg_data`
/// parses it, written as `posseg.bin` (all little-endian): the start log-probs of
/// the 256 states (f64); the transition log-probs, `[to][from]` (f64); each row
/// (a char's states) as its first state's index (u32) and the bounds of its four
/// position groups (5 × u16); the states (u16) and their emission log-probs (f64);
/// the row of each char below U+10000 (u16, 0 for none); the chars above, sorted,
/// with their rows (u32, u16). `posseg.rs` gives the counts and the 64 tags.
fn posseg(out: &std::path::Path) {
    const MIN_FLOAT: f64 = -3.14e100;
    const NUM_TAGS: usize = 64;
    const NUM_STATES: usize = 4 * NUM_TAGS;
    let packed = "data/jieba_posseg.txt.gz";
    println!("cargo::rerun-if-changed={packed}");
    let mut data = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(packed).expect("data/jieba_posseg.txt.gz is in the tree"))
        .read_to_string(&mut data)
        .expect("data/jieba_posseg.txt.gz gunzips to UTF-8");
    let state = |pos: &str, tag: &str| -> usize {
        let (pos, tag): (usize, usize) = (pos.parse().expect("a position"), tag.parse().expect("a tag"));
        pos * NUM_TAGS + tag
    };
    let mut tags: Vec<String> = Vec::new();
    let mut start = [MIN_FLOAT; NUM_STATES];
    let mut trans = vec![[MIN_FLOAT; NUM_STATES]; NUM_STATES];
    // (as jieba-rs keeps them: a char's emissions in the order first met, a later
    // one of the same state in place of the earlier; a char's state list replaced
    // by a later one, and dropped by an empty one)
    let mut emit: Vec<(char, Vec<(u16, f64)>)> = Vec::new();
    let mut emit_at: HashMap<char, usize> = HashMap::new();
    let mut char_states: HashMap<char, Vec<u16>> = HashMap::new();
    let mut section = "";
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('@') {
            section = line;
            continue;
        }
        match section {
            "@TAGS" => tags = line.split(',').map(|s| s.trim().to_string()).collect(),
            "@START" => {
                let mut parts = line.splitn(3, ',');
                let (pos, tag, prob) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
                start[state(pos, tag)] = prob.parse().expect("a log-prob");
            }
            "@TRANS" => {
                let mut segments = line.split('|');
                let mut from = segments.next().unwrap().splitn(2, ',');
                let from = state(from.next().unwrap(), from.next().unwrap());
                for seg in segments.map(str::trim).filter(|s| !s.is_empty()) {
                    let mut parts = seg.splitn(3, ',');
                    let to = state(parts.next().unwrap(), parts.next().unwrap());
                    trans[to][from] = parts.next().unwrap().parse().expect("a log-prob");
                }
            }
            "@EMIT" => {
                let mut segments = line.split('|');
                let mut at = segments.next().unwrap().splitn(2, ',');
                let si = state(at.next().unwrap(), at.next().unwrap()) as u16;
                for seg in segments.map(str::trim).filter(|s| !s.is_empty()) {
                    let mut parts = seg.rsplitn(2, ',');
                    let prob: f64 = parts.next().unwrap().parse().expect("a log-prob");
                    let ch = parts.next().unwrap().chars().next().expect("a char");
                    let i = *emit_at.entry(ch).or_insert_with(|| {
                        emit.push((ch, Vec::new()));
                        emit.len() - 1
                    });
                    match emit[i].1.iter_mut().find(|(s, _)| *s == si) {
                        Some(entry) => entry.1 = prob,
                        None => emit[i].1.push((si, prob)),
                    }
                }
            }
            "@CHAR_STATE" => {
                let mut segments = line.split('|');
                let ch = segments.next().unwrap().chars().next().expect("a char");
                let states: Vec<u16> = segments
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|seg| {
                        let mut parts = seg.splitn(2, ',');
                        state(parts.next().unwrap(), parts.next().unwrap()) as u16
                    })
                    .collect();
                match states.is_empty() {
                    true => char_states.remove(&ch),
                    false => char_states.insert(ch, states),
                };
            }
            _ => {}
        }
    }
    assert_eq!(tags.len(), NUM_TAGS, "64 tags");
    // each char's row: its listed states with their emissions (MIN_FLOAT for none),
    // else the states it has emissions for; sorted by state
    let mut rows: Vec<(char, Vec<(u16, f64)>)> = Vec::new();
    for (ch, emits) in &emit {
        let states = match char_states.get(ch) {
            Some(list) => list
                .iter()
                .map(|&s| (s, emits.iter().find(|(es, _)| *es == s).map_or(MIN_FLOAT, |&(_, p)| p)))
                .collect(),
            None => emits.clone(),
        };
        rows.push((*ch, states));
    }
    let mut listed_only: Vec<_> = char_states.iter().filter(|(ch, _)| !emit_at.contains_key(ch)).collect();
    listed_only.sort();
    for (&ch, list) in listed_only {
        rows.push((ch, list.iter().map(|&s| (s, MIN_FLOAT)).collect()));
    }
    let mut bin: Vec<u8> = Vec::new();
    for p in start {
        bin.extend(p.to_le_bytes());
    }
    for row in &trans {
        for p in row {
            bin.extend(p.to_le_bytes());
        }
    }
    // row 0: the empty row, of the chars the model has never seen
    let mut states: Vec<(u16, f64)> = Vec::new();
    let mut heads: Vec<(u32, [u16; 5])> = vec![(0, [0; 5])];
    let mut index = vec![0u16; 0x1_0000];
    let mut extra: Vec<(u32, u16)> = Vec::new();
    for (ch, mut row) in rows {
        row.sort_by_key(|&(s, _)| s);
        let mut bounds = [0u16; 5];
        for pos in 0..4 {
            bounds[pos + 1] = row.partition_point(|&(s, _)| usize::from(s) / NUM_TAGS <= pos) as u16;
        }
        let n = u16::try_from(heads.len()).expect("fewer than 65,536 rows");
        heads.push((states.len() as u32, bounds));
        states.extend(row);
        match u32::from(ch) {
            c @ 0..0x1_0000 => index[c as usize] = n,
            c => extra.push((c, n)),
        }
    }
    extra.sort();
    for (first, bounds) in &heads {
        bin.extend(first.to_le_bytes());
        for b in bounds {
            bin.extend(b.to_le_bytes());
        }
    }
    for (s, _) in &states {
        bin.extend(s.to_le_bytes());
    }
    for (_, p) in &states {
        bin.extend(p.to_le_bytes());
    }
    for r in &index {
        bin.extend(r.to_le_bytes());
    }
    for (c, r) in &extra {
        bin.extend(c.to_le_bytes());
        bin.extend(r.to_le_bytes());
    }
    std::fs::write(out.join("posseg.bin"), bin).expect("OUT_DIR is writable");
    let tags: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
    let sizes = format!(
        "/// Rows, states and chars above U+FFFF in `posseg.bin`, and the tags by index.\n\
         const ROWS: usize = {};\nconst STATES: usize = {};\nconst EXTRA: usize = {};\n\
         const TAGS: [&str; 64] = [{}];\n",
        heads.len(),
        states.len(),
        extra.len(),
        tags.join(", ")
    );
    std::fs::write(out.join("posseg.rs"), sizes).expect("OUT_DIR is writable");
}
