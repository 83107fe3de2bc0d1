//! Segment: Chinese word segmentation with jieba-rs and a domain dictionary
//! (`data/domain_dict.txt`), with quantities kept whole.
//!
//! Building jieba's dictionary costs about 20 ms (its frequent words only; the full
//! one 60–200 ms), so it is built once per process,
//! only when something asks for segmentation, and [`prewarm`] can start it on a
//! background thread while ingest and normalization run.

use crate::quantity::Quantity;
use jieba_rs::Jieba;
use std::sync::OnceLock;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// jieba's dictionary, its words of frequency 20 or more (`data/make_jieba_dict.sh`):
/// a third of the build time of the full one, and the same facts.
/// (Gunzipped by build.rs: at build time, not at every run.)
static DICT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_dict.txt"));

fn build() -> Jieba {
    let _stage = crate::timing::start(crate::timing::Stage::Segment);
    let mut reader = DICT;
    let mut jieba = Jieba::with_dict(&mut reader).unwrap_or_else(|_| Jieba::new());
    for line in include_str!("../data/domain_dict.txt").lines() {
        let mut parts = line.split_whitespace();
        if let Some(word) = parts.next() {
            let freq = parts.next().and_then(|f| f.parse().ok());
            jieba.add_word(word, freq, parts.next());
        }
    }
    jieba
}

/// The process's segmenter, built on first use.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(build)
}

/// Starts building the segmenter on a background thread, if nobody has yet.
pub fn prewarm() {
    if JIEBA.get().is_none() {
        std::thread::spawn(|| {
            jieba();
        });
    }
}

/// A word of segmented text: byte offsets into the segmented string and a POS tag
/// (`m` for a masked quantity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub start: usize,
    pub end: usize,
    pub tag: &'a str,
}

/// Segments `text` with POS tags (HMM on, so `79.8` and new words hold together).
/// The byte spans in `quantities` (relative to `text`) are emitted whole, as one
/// token each, and never cut.
pub fn tag<'a>(text: &'a str, quantities: &[Quantity]) -> Vec<Token<'a>> {
    let _stage = crate::timing::start(crate::timing::Stage::Segment);
    let jieba = jieba();
    let mut out = Vec::new();
    let mut pos = 0;
    let cut = |from: usize, to: usize, out: &mut Vec<Token<'a>>| {
        let piece = &text[from..to];
        let mut offset = from;
        for t in jieba.tag(piece, true) {
            out.push(Token { word: t.word, start: offset, end: offset + t.word.len(), tag: t.tag });
            offset += t.word.len();
        }
    };
    for q in quantities {
        if q.start < pos || q.end > text.len() {
            continue;
        }
        cut(pos, q.start, &mut out);
        out.push(Token { word: &text[q.start..q.end], start: q.start, end: q.end, tag: "m" });
        pos = q.end;
    }
    cut(pos, text.len(), &mut out);
    out
}

static STOPWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../data/stopwords.txt").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect()
});

/// The `top` terms of `text` by TF-IDF (jieba-rs's IDF table), nouns and names only,
/// leaving out the words in `data/stopwords.txt` and anything with a digit.
pub fn keywords(text: &str, top: usize) -> Vec<(String, f64)> {
    use jieba_rs::{KeywordExtract, TfIdf};
    let tfidf = TfIdf::default();
    let allowed = ["n", "nz", "nt", "ns", "nr", "vn", "eng"].map(String::from).to_vec();
    tfidf
        .extract_keywords(jieba(), text, top + STOPWORDS.len(), allowed)
        .into_iter()
        .filter(|k| !STOPWORDS.contains(k.keyword.as_str()) && !k.keyword.chars().any(|c| c.is_ascii_digit()))
        .take(top)
        .map(|k| (k.keyword, (k.weight * 1e4).round() / 1e4))
        .collect()
}
