//! Segment: Chinese word segmentation with jieba-rs and a domain dictionary
//! (`data/domain_dict.txt`), with quantities kept whole.
//!
//! Building jieba's dictionary costs about 10–20 ms (its frequent words only; the
//! full one 60–200 ms), so it is built once per process, only when something asks
//! for segmentation, and [`prewarm`] can start it on a background thread (`report
//! keywords`, which reads a whole text with it).
//!
//! A process that reads one document can say so ([`for_document`]): its segmenter
//! then holds only the dictionary's words that the document's characters can spell,
//! a third of them in a typical report, none in a scanned one. It segments exactly
//! as the whole dictionary does: a word none of whose characters are missing is
//! kept with its frequency, and the frequencies of the words left out are carried by
//! one word of a character the document lacks, so jieba's total, on which every
//! route's score depends, is the same. Text with a character outside the document's
//! goes to the whole dictionary.
//!
//! Most reports segment a few dozen short pieces (the words before 市场规模), where
//! building the document's dictionary was a fifth of the main process's work. So the
//! first [`OWN_TEXTS`] pieces each get a segmenter of their own, of the words that
//! stand in the piece ([`for_text`], found by binary search in the dictionary's words
//! sorted by build.rs), with the same total; it segments the piece as the whole
//! dictionary does, since jieba reads only the words that stand in a text. A document
//! that asks for more gets its dictionary, built once. A batch, with no one document,
//! does the same for its first [`BATCH_OWN_TEXTS`] pieces, then builds the whole
//! dictionary (some 100 M instructions: four fifths of a batch of two small reports).

mod posseg;

use crate::chars::CharSet;
use crate::quantity::Quantity;
use jieba_rs::Jieba;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

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
/// Its words as (first byte of the line, end byte of the word), in the order of the
/// words' bytes (by build.rs): the words with a prefix in common stand together.
static DICT_SORTED: &[(u32, u32)] = include!(concat!(env!("OUT_DIR"), "/jieba_sorted.rs"));

/// The word of an entry of [`DICT_SORTED`], as bytes.
fn sorted_word(&(start, end): &(u32, u32)) -> &'static [u8] {
    &DICT.as_bytes()[start as usize..end as usize]
}

fn build() -> Jieba {
    let _stage = crate::timing::start(crate::timing::Stage::Segment);
    Jieba::with_dict(&mut DICT.as_bytes()).unwrap_or_else(|_| Jieba::new())
}

/// The process's segmenter over the whole dictionary, built on first use.
fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(build)
}

/// A segmenter cut to one document's characters (see the module's note).
struct Restricted {
    chars: CharSet,
    jieba: OnceLock<Jieba>,
}

/// Lines of the dictionary kept for a segmenter, in order, and the sum of their
/// frequencies.
#[derive(Debug, Default, PartialEq)]
struct Kept {
    lines: String,
    total: usize,
}

impl Kept {
    /// Keeps `line` (`word frequency tag`).
    fn push(&mut self, line: &str) {
        self.lines.push_str(line);
        self.lines.push('\n');
        let rest = line.split_once(' ').map_or("", |(_, rest)| rest);
        self.total += rest.split_whitespace().next().and_then(|f| f.parse::<usize>().ok()).unwrap_or(0);
    }

    /// A segmenter of these lines and of one more word that carries the frequencies
    /// of the lines left out (so that jieba's total is the whole dictionary's): a
    /// character `holds` says the text to segment lacks.
    fn carried(mut self, holds: impl Fn(char) -> bool) -> Jieba {
        let left_out = DICT_TOTAL.saturating_sub(self.total);
        if left_out > 0 {
            let absent = ('\u{E000}'..='\u{F8FF}').find(|&c| !holds(c)).unwrap_or('\u{FFFF}');
            self.lines.push_str(&format!("{absent} {left_out} x\n"));
        }
        Jieba::with_dict(&mut self.lines.as_bytes()).unwrap_or_else(|_| Jieba::new())
    }
}

/// The word of a dictionary line, if it has one.
fn word_of(line: &str) -> Option<&str> {
    line.split(' ').next().filter(|w| !w.is_empty())
}

impl Restricted {
    /// The dictionary's lines whose words the document's chars spell: read in the
    /// runs of the chars it holds alone.
    fn kept(&self) -> Kept {
        let mut kept = Kept::default();
        for &(first, start, end) in DICT_RUNS {
            if !char::from_u32(first).is_some_and(|c| self.chars.contains(c)) {
                continue;
            }
            for line in DICT[start..end].split_terminator('\n') {
                if word_of(line).is_some_and(|word| self.chars.spells(word)) {
                    kept.push(line);
                }
            }
        }
        kept
    }

    fn build(&self) -> Jieba {
        let _stage = crate::timing::start(crate::timing::Stage::Segment);
        self.kept().carried(|c| self.chars.contains(c))
    }
}

/// The dictionary's lines whose words stand in `text` (each once, in the dictionary's
/// order): at each char, the words that go on as the text goes on, narrowed char by
/// char in [`DICT_SORTED`].
fn standing_in(text: &str) -> Kept {
    let bytes = text.as_bytes();
    let ends: Vec<usize> = text.char_indices().skip(1).map(|(i, _)| i).chain([text.len()]).collect();
    let mut lines: Vec<u32> = Vec::new();
    for (k, (from, _)) in text.char_indices().enumerate() {
        let (mut lo, mut hi) = (0, DICT_SORTED.len());
        for &to in &ends[k..] {
            let prefix = &bytes[from..to];
            // the words from `prefix` on, and of them those that start with it
            lo += DICT_SORTED[lo..hi].partition_point(|w| sorted_word(w) < prefix);
            hi = lo + DICT_SORTED[lo..hi].partition_point(|w| sorted_word(w).starts_with(prefix));
            if lo == hi {
                break;
            }
            if sorted_word(&DICT_SORTED[lo]) == prefix {
                lines.push(DICT_SORTED[lo].0);
            }
        }
    }
    lines.sort_unstable();
    lines.dedup();
    let mut kept = Kept::default();
    for start in lines {
        kept.push(DICT[start as usize..].split('\n').next().unwrap_or(""));
    }
    kept
}

/// A segmenter of `text` alone: the words that stand in it, with the whole
/// dictionary's total. jieba reads no other word of a text (its routes are made of
/// the dictionary's words in the text; a word's tag and whether a run of chars is a
/// word are looked up for words of the text), so it segments `text` as the whole
/// dictionary does.
fn for_text(text: &str) -> Jieba {
    let _stage = crate::timing::start(crate::timing::Stage::Segment);
    standing_in(text).carried(|c| text.contains(c))
}

/// How many texts of a document get a segmenter of their own ([`for_text`]: some
/// 0.1 M instructions for the dozen chars before a 市场规模) before the document's is
/// built (50–70 M): the 0 to 45 of each corpus report, not the thousands of a book.
const OWN_TEXTS: usize = 64;
/// How many texts of a process with no one document (a batch's) get a segmenter of
/// their own before the whole dictionary is built: about as many as cost what it does.
const BATCH_OWN_TEXTS: usize = 1000;
/// How many have had one.
static OWN_BUILT: AtomicUsize = AtomicUsize::new(0);

/// A segmenter: the process's, or one of a text's own.
pub enum Segmenter {
    Shared(&'static Jieba),
    Own(Box<Jieba>),
}

impl std::ops::Deref for Segmenter {
    type Target = Jieba;
    fn deref(&self) -> &Jieba {
        match self {
            Segmenter::Shared(j) => j,
            Segmenter::Own(j) => j,
        }
    }
}

/// The tag of `word` in the dictionary, as jieba reads it off the word's line (the
/// third field); `None` for a word the dictionary lacks.
fn dict_tag(word: &str) -> Option<&'static str> {
    let at = DICT_SORTED.partition_point(|w| sorted_word(w) < word.as_bytes());
    let &(_, end) = DICT_SORTED.get(at).filter(|w| sorted_word(w) == word.as_bytes())?;
    let rest = DICT[end as usize..].split('\n').next().unwrap_or("");
    Some(rest.split_whitespace().nth(1).unwrap_or(""))
}

/// The tag jieba gives `word` (a word it cut): the dictionary's, else its guess
/// ([`posseg::guess_tag`]). Every segmenter here holds, of the dictionary's words,
/// at least those that stand in the text it cuts, so a word it cut is in the
/// dictionary exactly when it is in the segmenter's.
fn tag_of(word: &str) -> &'static str {
    dict_tag(word).unwrap_or_else(|| posseg::guess_tag(word))
}

/// Says that this process segments one document, `text`: the segmenter is cut to
/// the words its characters can spell, built when first needed. The first call
/// holds. (A batch does not call it: one whole dictionary serves all its documents,
/// once they have segmented more than [`BATCH_OWN_TEXTS`] texts.)
pub fn for_document(text: &str) {
    let _ = DOCUMENT.set(Restricted { chars: CharSet::of(text), jieba: OnceLock::new() });
}

/// The segmenter for `text`: where there is a document and it spells `text`, one of
/// the text's own for the document's first [`OWN_TEXTS`] texts, then the document's;
/// else one of the text's own for the process's first [`BATCH_OWN_TEXTS`], then the
/// whole dictionary's. All segment `text` alike.
pub fn segmenter(text: &str) -> Segmenter {
    // one of the text's own while the shared one is not built and fewer than `limit`
    // texts have had one
    let own = |shared_built: bool, limit: usize| {
        (!shared_built && OWN_BUILT.fetch_add(1, Ordering::Relaxed) < limit)
            .then(|| Segmenter::Own(Box::new(for_text(text))))
    };
    match DOCUMENT.get() {
        Some(doc) if doc.chars.spells(text) => own(doc.jieba.get().is_some(), OWN_TEXTS)
            .unwrap_or_else(|| Segmenter::Shared(doc.jieba.get_or_init(|| doc.build()))),
        _ => own(JIEBA.get().is_some(), BATCH_OWN_TEXTS).unwrap_or_else(|| Segmenter::Shared(jieba())),
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
    tag_with(&segmenter(text), text, quantities)
}

/// [`tag`] by `jieba`, a segmenter that spells `text`.
fn tag_with<'a>(jieba: &Segmenter, text: &'a str, quantities: &[Quantity]) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let cut = |from: usize, to: usize, out: &mut Vec<Token<'a>>| {
        let piece = &text[from..to];
        let mut offset = from;
        let mut push = |len: usize, tag: &'a str| {
            out.push(Token { word: &text[offset..offset + len], start: offset, end: offset + len, tag });
            offset += len;
        };
        // (cut, then tagged here: jieba-rs's own guess of a word its dictionary
        // lacks parses its model from text first, 30 ms in each process)
        jieba.cut(piece, true).iter().for_each(|t| push(t.word.len(), tag_of(t.word)));
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

    /// The dictionary's lines whose words `keep` keeps, read one by one, and the sum
    /// of their frequencies.
    fn lines_whose_words(keep: impl Fn(&str) -> bool) -> Kept {
        let mut kept = Kept::default();
        for line in DICT.split_terminator('\n') {
            if word_of(line).is_some_and(&keep) {
                kept.push(line);
            }
        }
        kept
    }

    /// Reading only the runs of a document's first chars keeps the lines, in order,
    /// and the total that reading every line of the dictionary keeps: for our
    /// document, one of a domain word's chars, ASCII alone, and none.
    #[test]
    fn the_runs_of_a_documents_chars_keep_what_every_line_keeps() {
        let every_line = |chars: &CharSet| lines_whose_words(|word| chars.spells(word));
        assert_eq!(DICT_RUNS.first().map(|r| r.1), Some(0));
        assert_eq!(DICT_RUNS.last().map(|r| r.2), Some(DICT.len()));
        assert!(DICT_RUNS.windows(2).all(|w| w[0].2 == w[1].1 && w[0].0 != w[1].0), "runs tile the dictionary");
        for text in [DOC, "大模型算力", "abc 123", ""] {
            let doc = Restricted { chars: CharSet::of(text), jieba: OnceLock::new() };
            assert_eq!(doc.kept(), every_line(&doc.chars), "{text:?}");
        }
        let kept_of = |text: &str| Restricted { chars: CharSet::of(text), jieba: OnceLock::new() }.kept().lines;
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

    /// The words found by binary search are the dictionary's lines whose words stand
    /// in the text, read line by line: for our document, a domain word, a text that
    /// ends inside a longer word, ASCII alone and nothing.
    #[test]
    fn the_words_standing_in_a_text_are_found_by_search() {
        let sorted = DICT_SORTED.windows(2).all(|w| sorted_word(&w[0]) < sorted_word(&w[1]));
        assert!(sorted, "the words are sorted and none is listed twice");
        assert_eq!(DICT_SORTED.len(), DICT.lines().filter(|l| !l.starts_with(' ')).count());
        let line_by_line = |text: &str| lines_whose_words(|word| text.contains(word));
        for text in [DOC, "大模型算力", "城市群扩至五", "abc 123", ""] {
            assert_eq!(standing_in(text), line_by_line(text), "{text:?}");
        }
        let kept = standing_in("城市群扩至五").lines;
        let words: Vec<&str> = kept.lines().filter_map(word_of).collect();
        assert!(words.contains(&"城市群") && words.contains(&"城市") && words.contains(&"五"), "{words:?}");
        assert!(!words.contains(&"五个"), "a word the text ends inside of is none of its words");
        assert_eq!(standing_in(""), Kept::default());
    }

    /// A text's own segmenter tags and cuts it as the whole dictionary does: the lines
    /// of our document, stretches of it cut at random chars, and texts with letters,
    /// digits, a quantity kept whole and the private-use chars the carried word uses.
    #[test]
    fn a_texts_own_segmenter_segments_it_as_the_whole_dictionary() {
        let whole = jieba();
        let chars: Vec<(usize, char)> = DOC.char_indices().collect();
        let mut rng = crate::random::xorshift(0x5e6_0001);
        let mut texts: Vec<String> = DOC.lines().map(str::to_string).collect();
        for _ in 0..60 {
            let a = (rng() % chars.len() as u64) as usize;
            let b = (a + 1 + (rng() % 24) as usize).min(chars.len());
            let end = chars.get(b).map_or(DOC.len(), |c| c.0);
            texts.push(DOC[chars[a].0..end].to_string());
        }
        texts.extend(
            ["大模型算力规模", "中国AI大模型市场", "5G基站3.5万个", "\u{E000}储能\u{E001}电站", "", "a"]
                .map(String::from),
        );
        for text in &texts {
            let own = for_text(text);
            let ours: Vec<(&str, &str)> = own.tag(text, true).iter().map(|t| (t.word, t.tag)).collect();
            let theirs: Vec<(&str, &str)> = whole.tag(text, true).iter().map(|t| (t.word, t.tag)).collect();
            assert_eq!(ours, theirs, "{text:?}");
            assert_eq!(own.cut(text, false), whole.cut(text, false), "{text:?}");
            assert_eq!(own.cut(text, true), whole.cut(text, true), "{text:?}");
        }
        // and through `tag`, with a quantity's span kept whole
        let text = "预计储能电站装机达到3.5万台";
        let q = crate::quantity::scan(text);
        let by = |s: &Segmenter| tag_with(s, text, &q);
        assert_eq!(by(&Segmenter::Own(Box::new(for_text(text)))), by(&Segmenter::Shared(whole)));
        assert!(by(&Segmenter::Shared(whole)).iter().any(|t| t.word == "3.5万" && t.tag == "m"));
    }

    /// Cut, then tagged from the dictionary's lines and the guess of `posseg`, a text
    /// is tagged as jieba-rs tags it with the whole dictionary, through a text's own
    /// segmenter, a document's and the whole one: our document's lines and random
    /// texts of common and rare Han chars, letters, digits and punctuation (words
    /// the dictionary lacks, by the hundred), and a sentence with a quantity (its
    /// span not masked: jieba-rs cannot be told of it).
    #[test]
    fn tags_are_jieba_rs_tags() {
        let whole = jieba();
        let pool: Vec<char> = "储能电站装机容量国内光伏逆变器出货量氢燃料池重卡示范运营城市群钙钛矿叠层组件中试线阶段张尧鑫淼犇骉龘齉丟乂㐀 AI5G3.5%，。、（）".chars().collect();
        let mut rng = crate::random::xorshift(0x7a6_0001);
        let mut texts: Vec<String> = DOC.lines().map(str::to_string).collect();
        for _ in 0..400 {
            let len = 1 + (rng() % 30) as usize;
            texts.push((0..len).map(|_| pool[(rng() % pool.len() as u64) as usize]).collect());
        }
        texts.push("预计储能电站装机达到3.5万台".to_string());
        let doc = Segmenter::Shared(Box::leak(Box::new(
            Restricted { chars: CharSet::of(&texts.concat()), jieba: OnceLock::new() }.build(),
        )));
        let mut guessed = 0;
        for text in &texts {
            let theirs: Vec<(&str, &str)> = whole.tag(text, true).iter().map(|t| (t.word, t.tag)).collect();
            guessed += theirs.iter().filter(|(w, _)| !whole.has_word(w)).count();
            let own = Segmenter::Own(Box::new(for_text(text)));
            for by in [&own, &doc, &Segmenter::Shared(whole)] {
                let ours: Vec<(&str, &str)> = tag_with(by, text, &[]).iter().map(|t| (t.word, t.tag)).collect();
                assert_eq!(ours, theirs, "{text:?}");
            }
        }
        assert!(guessed > 300, "{guessed} words guessed");
    }
}
