//! The tag of a word outside the dictionary, as jieba-rs 0.11 guesses it: digits
//! `m`, other ASCII letters and digits `eng`, a word with a Han char by its
//! part-of-speech HMM (the tag of the longest word the HMM finds in it), else `x`.
//!
//! jieba-rs parses its model from text (gunzipped and parsed: 30 ms) in each
//! process the first time it meets such a word; build.rs parses the same model
//! (`data/jieba_posseg.txt.gz`) once per build into tables read here in place.
//! Tests hold every tag to jieba-rs's own on random words.

include!(concat!(env!("OUT_DIR"), "/posseg.rs"));

/// The tables (see build.rs's `posseg` for their layout).
static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/posseg.bin"));

const MIN_FLOAT: f64 = -3.14e100;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = 4 * NUM_TAGS;
/// Positions that may come before each position (B=0 after E or S, M=1 and E=2 after
/// B or M, S=3 after E or S): the only pairs the transitions hold.
const PREV_POS: [[usize; 2]; 4] = [[2, 3], [0, 1], [0, 1], [2, 3]];

const START_AT: usize = 0;
const TRANS_AT: usize = START_AT + NUM_STATES * 8;
const ROWS_AT: usize = TRANS_AT + NUM_STATES * NUM_STATES * 8;
const STATES_AT: usize = ROWS_AT + ROWS * 14;
const EMITS_AT: usize = STATES_AT + STATES * 2;
const INDEX_AT: usize = EMITS_AT + STATES * 8;
const EXTRA_AT: usize = INDEX_AT + 0x1_0000 * 2;
const _: () = assert!(EXTRA_AT + EXTRA * 6 == DATA.len());

fn bytes<const N: usize>(at: usize) -> [u8; N] {
    DATA[at..at + N].try_into().expect("within the tables")
}

fn f64_at(at: usize) -> f64 {
    f64::from_le_bytes(bytes(at))
}

fn u16_at(at: usize) -> u16 {
    u16::from_le_bytes(bytes(at))
}

fn u32_at(at: usize) -> u32 {
    u32::from_le_bytes(bytes(at))
}

fn start_prob(s: usize) -> f64 {
    f64_at(START_AT + s * 8)
}

fn trans_prob(to: usize, from: usize) -> f64 {
    f64_at(TRANS_AT + (to * NUM_STATES + from) * 8)
}

/// The states a char may take: indices `first + bounds[p]..first + bounds[p + 1]` of
/// the states (ascending) are those of position `p`.
#[derive(Clone, Copy)]
struct Row {
    first: usize,
    bounds: [u16; 5],
}

impl Row {
    fn of(ch: char) -> Row {
        let c = u32::from(ch);
        let n = match c {
            0..0x1_0000 => u16_at(INDEX_AT + c as usize * 2),
            _ => {
                let (mut lo, mut hi) = (0, EXTRA);
                let mut found = 0;
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    match u32_at(EXTRA_AT + mid * 6).cmp(&c) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => {
                            found = u16_at(EXTRA_AT + mid * 6 + 4);
                            break;
                        }
                    }
                }
                found
            }
        };
        let at = ROWS_AT + usize::from(n) * 14;
        let bounds = std::array::from_fn(|i| u16_at(at + 4 + i * 2));
        Row { first: u32_at(at) as usize, bounds }
    }

    /// Its states of positions `from..to`, each with its emission log-prob.
    fn states(self, from: usize, to: usize) -> impl Iterator<Item = (usize, f64)> {
        let (a, b) = (self.first + usize::from(self.bounds[from]), self.first + usize::from(self.bounds[to]));
        (a..b).map(|i| (usize::from(u16_at(STATES_AT + i * 2)), f64_at(EMITS_AT + i * 8)))
    }
}

/// The bounds of each position's states in `live` (ascending by state).
fn pos_bounds(live: &[(usize, f64)]) -> [usize; 5] {
    let mut bounds = [0; 5];
    for pos in 0..4 {
        bounds[pos + 1] = live.partition_point(|&(s, _)| s / NUM_TAGS <= pos);
    }
    bounds
}

/// The words the HMM finds in `text`, as (start byte, end byte, tag), in order:
/// jieba-rs's `viterbi_posseg`, step for step (its ties broken alike).
fn spans(text: &str, mut emit: impl FnMut(usize, usize, &'static str)) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let Some(&(last_at, last)) = chars.last() else { return };
    let end = last_at + last.len_utf8();
    let n = chars.len();
    let tag_of = |s: usize| TAGS[s % NUM_TAGS];
    if n == 1 {
        let mut best: Option<(f64, usize)> = None;
        for (s, em) in Row::of(chars[0].1).states(3, 4) {
            let prob = start_prob(s) + em;
            if prob > MIN_FLOAT && best.is_none_or(|(bp, _)| prob >= bp) {
                best = Some((prob, s));
            }
        }
        emit(0, end, best.map_or("x", |(_, s)| tag_of(s)));
        return;
    }
    let mut live: Vec<(usize, f64)> = Vec::new();
    for (s, em) in Row::of(chars[0].1).states(0, 4) {
        let prob = start_prob(s) + em;
        if prob > MIN_FLOAT {
            live.push((s, prob));
        }
    }
    if live.is_empty() {
        emit(0, end, "x");
        return;
    }
    let mut bounds = pos_bounds(&live);
    let mut prev = vec![u16::MAX; n * NUM_STATES];
    let mut next: Vec<(usize, f64)> = Vec::new();
    for t in 1..n {
        next.clear();
        for (s, em) in Row::of(chars[t].1).states(0, 4) {
            let (mut best_prob, mut best_prev) = (MIN_FLOAT, u16::MAX);
            for &pp in &PREV_POS[s / NUM_TAGS] {
                for &(ps, pv) in &live[bounds[pp]..bounds[pp + 1]] {
                    let tp = trans_prob(s, ps);
                    if tp <= MIN_FLOAT {
                        continue;
                    }
                    let prob = pv + tp + em;
                    if prob > best_prob {
                        best_prob = prob;
                        best_prev = ps as u16;
                    }
                }
            }
            prev[t * NUM_STATES + s] = best_prev;
            if best_prob > MIN_FLOAT {
                next.push((s, best_prob));
            }
        }
        std::mem::swap(&mut live, &mut next);
        if live.is_empty() {
            emit(0, end, "x");
            return;
        }
        bounds = pos_bounds(&live);
    }
    // the best state that ends a word (E or S) at the last char
    let (mut best_prob, mut best_state) = (MIN_FLOAT, usize::MAX);
    for pos in [2, 3] {
        for &(s, score) in &live[bounds[pos]..bounds[pos + 1]] {
            if score > best_prob {
                best_prob = score;
                best_state = s;
            }
        }
    }
    if best_state == usize::MAX || best_prob <= MIN_FLOAT {
        emit(0, end, "x");
        return;
    }
    let mut path = vec![0usize; n];
    path[n - 1] = best_state;
    for t in (1..n).rev() {
        path[t - 1] = usize::from(prev[t * NUM_STATES + path[t]]);
    }
    let (mut word_start, mut last_end) = (0, None);
    for t in 0..n {
        let s = path[t];
        let after = if t + 1 < n { chars[t + 1].0 } else { end };
        match s / NUM_TAGS {
            0 => word_start = chars[t].0,
            2 => {
                emit(word_start, after, tag_of(s));
                last_end = Some(after);
            }
            3 => {
                emit(chars[t].0, after, tag_of(s));
                last_end = Some(after);
            }
            _ => {}
        }
    }
    match last_end {
        None => emit(0, end, "x"),
        Some(e) if e < end => emit(e, end, "x"),
        Some(_) => {}
    }
}

/// jieba-rs's `is_cjk`: the CJK Unified Ideographs, their extensions and the
/// compatibility ideographs.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// The tag jieba-rs gives `word`, a word its dictionary lacks (its `guess_tag`).
pub(super) fn guess_tag(word: &str) -> &'static str {
    let (mut eng, mut m) = (0, 0);
    for c in word.chars().filter(char::is_ascii_alphanumeric) {
        eng += 1;
        m += usize::from(c.is_ascii_digit());
    }
    if eng > 0 {
        return if eng == m { "m" } else { "eng" };
    }
    if !word.chars().any(is_cjk) {
        return "x";
    }
    // the longest word the HMM finds, the last of the longest
    let mut best: Option<(usize, &'static str)> = None;
    spans(word, |start, end, tag| {
        if best.is_none_or(|(len, _)| end - start >= len) {
            best = Some((end - start, tag));
        }
    });
    best.map_or("x", |(_, tag)| tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random words of Han chars (common, rare, outside the model, above U+FFFF),
    /// with letters, digits and other chars among them.
    fn words(n: usize, seed: u64) -> Vec<String> {
        let pool: Vec<char> = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龘齉㐀㐁丟乂𠀀𠀁"
            .chars()
            .collect();
        let other: Vec<char> = "AZaz09 ·—、".chars().collect();
        let mut rng = crate::random::xorshift(seed);
        (0..n)
            .map(|_| {
                let len = 1 + (rng() % 9) as usize;
                (0..len)
                    .map(|_| match rng() % 12 {
                        0 => other[(rng() % other.len() as u64) as usize],
                        _ => pool[(rng() % pool.len() as u64) as usize],
                    })
                    .collect()
            })
            .collect()
    }

    /// jieba-rs with no dictionary tags every word it finds by its guess: each of
    /// those words gets the same tag here, over thousands of random texts (words
    /// of one to tens of chars, runs the HMM cuts and runs it cannot).
    #[test]
    fn guesses_are_jieba_rs_guesses() {
        let jieba = jieba_rs::Jieba::empty();
        let mut seen = std::collections::HashSet::new();
        let mut texts = words(6000, 0x9055_e601);
        texts.extend(["张尧", "小明硕士毕业于中国科学院计算所", "云计算", "我", "龘齉"].map(String::from));
        for text in &texts {
            for t in jieba.tag(text, true) {
                assert_eq!(guess_tag(t.word), t.tag, "{:?} in {text:?}", t.word);
                seen.insert(t.tag);
            }
        }
        // the guesses were of many kinds: names, places, verbs, nouns, numbers, letters
        for tag in ["nr", "ns", "v", "n", "m", "eng", "x"] {
            assert!(seen.contains(tag), "{tag} in {seen:?}");
        }
        assert_eq!(guess_tag(""), "x");
    }
}
