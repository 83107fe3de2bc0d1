//! Segment: Chinese word segmentation with jieba-rs and a domain dictionary
//! (`data/domain_dict.txt`), with quantities kept whole.
//!
//! Building jieba's dictionary costs about 10–20 ms (its frequent words only; the
//! full one 60–200 ms), so it is built once per process, only when something asks
//! for segmentation, and [`prewarm`] can start it on a background thread (a batch's).
//!
//! A process that reads one document can say so ([`for_document`]): its segmenter
//! then holds only the dictionary's words that the document's characters can spell,
//! a third of them in a typical report, none in a scanned one. It segments exactly
//! as the whole dictionary does: a word none of whose characters are missing is
//! kept with its frequency, and the frequencies of the words left out are carried by
//! one word of a character the document lacks, so jieba's total, on which every
//! route's score depends, is the same. Text with a character outside the document's
//! goes to the whole dictionary.

use crate::quantity::Quantity;
use jieba_rs::Jieba;
use std::sync::OnceLock;

static JIEBA: OnceLock<Jieba> = OnceLock::new();
static DOCUMENT: OnceLock<Restricted> = OnceLock::new();

/// jieba's dictionary, its words of frequency 20 or more (`data/make_jieba_dict.sh`):
/// a third of the build time of the full one, and the same facts; with our domain
/// words (`data/domain_dict.txt`) merged in. (Gunzipped and merged by build.rs: at
/// build time, not at every run.)
static DICT: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba_dict.txt"));
/// The sum of its words' frequencies (by build.rs).
const DICT_TOTAL: usize = include!(concat!(env!("OUT_DIR"), "/jieba_total.rs"));
/// Its runs of lines that start with the same char, in order, as (char, first byte,
/// end byte) (by build.rs): the runs of a char a document lacks spell none of its words.
static DICT_RUNS: &[(u32, usize, usize)] = include!(concat!(env!("OUT_DIR"), "/jieba_runs.rs"));

fn build() -> Jieba {
    let _stage = crate::timing::start(crate::timing::Stage::Segment);
    Jieba::with_dict(&mut DICT.as_bytes()).unwrap_or_else(|_| Jieba::new())
}

/// The process's segmenter over the whole dictionary, built on first use.
fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(build)
}

/// The characters of the Basic Multilingual Plane a document holds, one bit each.
struct CharSet(Box<[u64; 1024]>);

impl CharSet {
    fn of(text: &str) -> CharSet {
        let mut bits = Box::new([0u64; 1024]);
        for c in text.chars() {
            let c = c as usize;
            if c < 0x10000 {
                bits[c >> 6] |= 1 << (c & 63);
            }
        }
        CharSet(bits)
    }

    fn has(&self, c: char) -> bool {
        let c = c as usize;
        c < 0x10000 && self.0[c >> 6] & (1 << (c & 63)) != 0
    }

    fn spells(&self, text: &str) -> bool {
        text.chars().all(|c| self.has(c))
    }
}

/// A segmenter cut to one document's characters (see the module's note).
struct Restricted {
    chars: CharSet,
    jieba: OnceLock<Jieba>,
}

impl Restricted {
    /// The dictionary's lines whose words the document's chars spell, in order, and
    /// the sum of their frequencies: read in the runs of the chars it holds alone.
    fn kept(&self) -> (String, usize) {
        let mut kept = String::new();
        let mut kept_total = 0usize;
        for &(first, start, end) in DICT_RUNS {
            if !char::from_u32(first).is_some_and(|c| self.chars.has(c)) {
                continue;
            }
            for line in DICT[start..end].split_terminator('\n') {
                let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
                if !word.is_empty() && self.chars.spells(word) {
                    kept.push_str(line);
                    kept.push('\n');
                    kept_total += rest.split_whitespace().next().and_then(|f| f.parse::<usize>().ok()).unwrap_or(0);
                }
            }
        }
        (kept, kept_total)
    }

    fn build(&self) -> Jieba {
        let _stage = crate::timing::start(crate::timing::Stage::Segment);
        let (mut kept, kept_total) = self.kept();
        // the frequencies of the words left out
        let left_out = DICT_TOTAL.saturating_sub(kept_total);
        // the word that carries them: a character the document does not hold
        if left_out > 0 {
            let absent = ('\u{E000}'..='\u{F8FF}').find(|&c| !self.chars.has(c)).unwrap_or('\u{FFFF}');
            kept.push_str(&format!("{absent} {left_out} x\n"));
        }
        Jieba::with_dict(&mut kept.as_bytes()).unwrap_or_else(|_| Jieba::new())
    }
}

/// Says that this process segments one document, `text`: the segmenter is cut to
/// the words its characters can spell, built when first needed. The first call
/// holds. (A batch does not call it: one whole dictionary serves all its documents,
/// built ahead by [`prewarm`].)
pub fn for_document(text: &str) {
    let _ = DOCUMENT.set(Restricted { chars: CharSet::of(text), jieba: OnceLock::new() });
}

/// The segmenter for `text`: the document's when there is one and it spells `text`.
pub fn segmenter(text: &str) -> &'static Jieba {
    match DOCUMENT.get() {
        Some(doc) if doc.chars.spells(text) => doc.jieba.get_or_init(|| doc.build()),
        _ => jieba(),
    }
}

/// Starts building the whole dictionary's segmenter on a background thread, if
/// nobody has yet.
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
    let jieba = segmenter(text);
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

#[cfg(test)]
mod tests {
    use super::*;

    // (a document of our own: a few sentences, one with a word jieba does not know)
    const DOC: &str = "海外储能电站装机容量快速增长，国内光伏逆变器出货量居首。\n\
                       氢燃料电池重卡的示范运营城市群扩至五个。\n\
                       钙钛矿叠层组件仍处在中试线阶段。";

    /// Reading only the runs of a document's first chars keeps the lines, in order,
    /// and the total that reading every line of the dictionary keeps: for our
    /// document, one of a domain word's chars, ASCII alone, and none.
    #[test]
    fn the_runs_of_a_documents_chars_keep_what_every_line_keeps() {
        let every_line = |chars: &CharSet| {
            let mut kept = String::new();
            let mut total = 0usize;
            for line in DICT.split_terminator('\n') {
                let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
                if !word.is_empty() && chars.spells(word) {
                    kept.push_str(line);
                    kept.push('\n');
                    total += rest.split_whitespace().next().and_then(|f| f.parse::<usize>().ok()).unwrap_or(0);
                }
            }
            (kept, total)
        };
        assert_eq!(DICT_RUNS.first().map(|r| r.1), Some(0));
        assert_eq!(DICT_RUNS.last().map(|r| r.2), Some(DICT.len()));
        assert!(DICT_RUNS.windows(2).all(|w| w[0].2 == w[1].1 && w[0].0 != w[1].0), "runs tile the dictionary");
        for text in [DOC, "大模型算力", "abc 123", ""] {
            let doc = Restricted { chars: CharSet::of(text), jieba: OnceLock::new() };
            assert_eq!(doc.kept(), every_line(&doc.chars), "{text:?}");
        }
        let kept_of = |text: &str| Restricted { chars: CharSet::of(text), jieba: OnceLock::new() }.kept().0;
        assert!(kept_of("").is_empty());
        assert!(kept_of(DOC).lines().any(|l| l.starts_with("储能 ")) && !kept_of(DOC).contains("\n大模型 "));
    }

    #[test]
    fn a_dictionary_cut_to_a_document_segments_it_as_the_whole_one() {
        let cut = Restricted { chars: CharSet::of(DOC), jieba: OnceLock::new() }.build();
        let whole = jieba();
        assert!(!cut.has_word("我们"), "a word the document cannot spell is left out");
        assert!(cut.has_word("出货量") && cut.has_word("城市群") && cut.has_word("储能"));
        assert!(!cut.has_word("大模型") && whole.has_word("大模型"), "nor a domain word");
        for sentence in DOC.lines().chain(["储能电站", "中试线阶段", "城市群"]) {
            let ours: Vec<(&str, &str)> = cut.tag(sentence, true).iter().map(|t| (t.word, t.tag)).collect();
            let theirs: Vec<(&str, &str)> = whole.tag(sentence, true).iter().map(|t| (t.word, t.tag)).collect();
            assert_eq!(ours, theirs, "{sentence}");
            assert_eq!(cut.cut(sentence, false), whole.cut(sentence, false), "{sentence}");
        }
    }

    #[test]
    fn a_character_set_knows_its_characters() {
        let set = CharSet::of("储能a，");
        assert!(set.spells("能储a") && set.spells("") && set.spells("，"));
        assert!(!set.spells("储能b") && !set.spells("𠀀"));
    }
}
