//! What a char is, asked the same way by every stage.

/// The byte offsets of the line breaks (`\n`) and page breaks (form feeds) of `text`,
/// in order.
pub fn breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\x0c', text.as_bytes())
}

/// `text` split at ASCII byte `b`, as `str::split(b as char)` splits it.
pub fn split_at_byte(text: &str, b: u8) -> impl Iterator<Item = &str> + '_ {
    debug_assert!(b.is_ascii());
    let mut start = 0;
    memchr::memchr_iter(b, text.as_bytes()).chain(std::iter::once(text.len())).map(move |end| {
        let piece = &text[start..end];
        start = end + 1;
        piece
    })
}

/// How many chars of U+4000–U+9FFF (first bytes 0xE4–0xE9: the common Han) stand one
/// after another in UTF-8 `bytes` from byte `at`, a char's first. None of them is a
/// space, a control, a private-use char or U+FFFD, and none folds: passes char by
/// char can step over such a run three bytes at a time.
#[inline]
pub fn common_han_run(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < bytes.len() && (0xE4..=0xE9).contains(&bytes[i]) {
        i += 3;
    }
    (i - at) / 3
}

/// The lines of `text`, split at line and page breaks, as `str::split(['\n', '\u{c}'])`
/// gives them.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut start = 0;
    breaks(text).chain(std::iter::once(text.len())).map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// A Han character: the CJK Unified Ideographs, Extension A, the compatibility
/// ideographs and the supplementary planes' extensions (B onwards).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Is `c` of the Han script: Unicode's Script=Han as the regex crate reads `\p{Han}`
/// (its tables, through regex-syntax), which holds 〇, 々, the radicals and the
/// compatibility ideographs besides the chars of [`is_han`].
pub fn is_han_script(c: char) -> bool {
    static HAN: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(|| {
        use regex_syntax::hir::{Class, HirKind};
        match regex_syntax::parse(r"\p{Han}").map(|h| h.into_kind()) {
            Ok(HirKind::Class(Class::Unicode(class))) => class.ranges().iter().map(|r| (r.start(), r.end())).collect(),
            _ => unreachable!("the Han script is a class of Unicode chars"),
        }
    });
    HAN.binary_search_by(|&(from, to)| {
        if to < c {
            std::cmp::Ordering::Less
        } else if from > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
}

/// A Han character or the punctuation set with Han text (。，《》（）“” …, full-width forms).
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{2018}'..='\u{201F}' | '\u{2014}' | '\u{2026}')
}

/// A char drawn a full em wide in CJK type: radicals, kana, Han, compatibility
/// ideographs, full-width forms (what a glyph's gap is measured against).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Does a gap of `gap` points between chars `a` and `b`, in type of `size`, stand for
/// a space? Between two CJK chars only an em apart; between Latin ones 0.15 em;
/// beside Latin text a quarter em.
pub fn gap_is_space(a: char, b: char, gap: f32, size: f32) -> bool {
    let threshold = match (is_wide(a), is_wide(b)) {
        (true, true) => size,
        (false, false) => size * 0.15,
        _ => size * 0.25,
    };
    gap > threshold
}

/// The last char boundary of `s` at or before byte `at` (`str::floor_char_boundary`,
/// newer than this crate's minimum Rust).
pub fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The bytes of `s` that `str::trim` keeps, as a range of `s`. Most lines have no
/// space at either end, told by the bytes there: the UTF-8 of the white-space chars,
/// U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
/// U+202F, U+205F and U+3000.
#[inline]
pub fn trimmed(s: &str) -> std::ops::Range<usize> {
    let b = s.as_bytes();
    let opens = matches!(
        b,
        [b'\t'..=b'\r' | b' ', ..]
            | [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    );
    let ends = matches!(
        b,
        [.., b'\t'..=b'\r' | b' ']
            | [.., 0xC2, 0x85 | 0xA0]
            | [.., 0xE1, 0x9A, 0x80]
            | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
            | [.., 0xE2, 0x81, 0x9F]
            | [.., 0xE3, 0x80, 0x80]
    );
    if !opens && !ends {
        return 0..s.len();
    }
    let rest = s.trim_start();
    let start = s.len() - rest.len();
    start..start + rest.trim_end().len()
}

/// `s.trim()`, by [`trimmed`].
#[inline]
pub fn trim(s: &str) -> &str {
    &s[trimmed(s)]
}

/// One bit per char of the Basic Multilingual Plane: a constant-time set (of a fixed
/// length: a lookup needs no check of the index, which a char of the plane keeps in it).
/// Chars beyond the plane are in none.
pub(crate) struct CharSet(Box<[u64; 1024]>);

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut bits = Box::new([0u64; 1024]);
        for c in chars {
            Self::insert(&mut bits, c);
        }
        CharSet(bits)
    }

    /// Sets `c`'s bit (none for a char beyond the plane).
    #[inline]
    fn insert(bits: &mut [u64; 1024], c: char) {
        let c = c as usize;
        if c < 0x10000 {
            bits[c >> 6] |= 1 << (c & 63);
        }
    }

    /// The chars of `text`. (By bytes: a char of three bytes, the Han, is looked up by
    /// its first two for its word of bits and by its last for the bit.)
    pub fn of(text: &str) -> CharSet {
        let mut bits = Box::new([0u64; 1024]);
        let mut rest = text.as_bytes();
        while !rest.is_empty() {
            // a run of chars of three bytes (U+0800–U+FFFF): the word of bits is the
            // char's top ten bits, the first byte's low four and the second's six
            while let [x @ 0xE0..0xF0, y, z, tail @ ..] = rest {
                bits[usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F)] |= 1 << (z & 0x3F);
                rest = tail;
            }
            // (`rest` starts at a char of `text`: it was cut after whole chars)
            let at = text.len() - rest.len();
            let Some(c) = text[at..].chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            Self::insert(&mut bits, c);
        }
        CharSet(bits)
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let c = c as u32;
        c < 0x10000 && self.0[(c >> 6) as usize] & (1 << (c & 63)) != 0
    }

    /// Does the set hold every char of `text`?
    pub fn spells(&self, text: &str) -> bool {
        text.chars().all(|c| self.contains(c))
    }

    /// Its chars, in order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.0.iter().enumerate().filter(|w| *w.1 != 0).flat_map(|(w, &word)| {
            (0..64).filter(move |b| word & (1 << b) != 0).filter_map(move |b| char::from_u32((w as u32) << 6 | b))
        })
    }
}

#[cfg(test)]
mod tests {

    /// The Han script is what the regex crate reads as `\p{Han}`, for every char.
    #[test]
    fn the_han_script_is_the_regex_crates() {
        let han = regex::Regex::new(r"^\p{Han}$").unwrap();
        let mut buf = [0u8; 4];
        let mut count = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(super::is_han_script(c), han.is_match(c.encode_utf8(&mut buf)), "{c:?}");
            count += usize::from(super::is_han_script(c));
        }
        assert!(count > 90_000, "{count}");
        assert!(super::is_han_script('〇') && super::is_han_script('々') && !super::is_han_script('、'));
    }
    #[test]
    fn lines_split_as_the_standard_library_splits() {
        for text in ["", "\n", "a", "规模\n\u{c}增长\n", "\u{c}\u{c}x\ny", "末行无换行"] {
            let ours: Vec<&str> = super::lines(text).collect();
            let std: Vec<&str> = text.split(['\n', '\u{c}']).collect();
            assert_eq!(ours, std, "{text:?}");
        }
        assert_eq!(super::breaks("a\nb\u{c}c\n").collect::<Vec<_>>(), [1, 3, 5]);
        // 规 模 (U+89C4, U+6A21) are common Han; 、 (U+3001), 　 (U+3000) and 가 (U+AC00) are not
        for (text, at, run) in [
            ("规模、增长", 0, 2),
            ("规模、增长", 6, 0),
            ("规模、增长", 9, 2),
            ("a规", 1, 1),
            ("", 0, 0),
            ("规", 3, 0),
            ("模　가", 0, 1),
        ] {
            assert_eq!(super::common_han_run(text.as_bytes(), at), run, "{text:?} {at}");
        }
        for text in ["", "\n", "规模\n增长\n\n", "末行"] {
            assert_eq!(super::split_at_byte(text, b'\n').collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>());
        }
    }

    use super::*;

    /// `trimmed` trims as `str::trim` does: every white-space char, at either end
    /// and both, among chars whose UTF-8 opens or ends with the same bytes.
    #[test]
    fn trims_as_the_standard_library_trims() {
        let spaces: Vec<char> = (0..=0x3000u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        assert_eq!(spaces.len(), 25);
        // chars whose UTF-8 shares first or last bytes with the spaces
        let others = [
            'a', '。', '《', '、', '”', '‥', '\u{204a}', 'ぁ', 'Ā', '规', '\u{2060}', '\u{1681}', '𠀀', '\u{84}',
            '\u{200b}', '‰', '¡', '\u{205e}', '\u{3001}',
        ];
        let alphabet: Vec<char> = spaces.iter().chain(&others).copied().collect();
        for &a in &alphabet {
            for &b in &alphabet {
                for s in [format!("{a}"), format!("{a}{b}"), format!("{a}x{b}"), format!("{a}规模{b}")] {
                    assert_eq!(trim(&s), s.trim(), "{s:?}");
                    let r = trimmed(&s);
                    assert_eq!(&s[r.clone()], s.trim(), "{s:?}");
                    assert_eq!(r.start, s.len() - s.trim_start().len(), "{s:?}");
                }
            }
        }
        assert_eq!(trimmed(""), 0..0);
        assert_eq!(trimmed("  "), 2..2);
    }

    #[test]
    fn han_cjk_and_wide() {
        for c in ['中', '㐀', '豈', '𠀀'] {
            assert!(is_han(c) && is_cjk(c) && is_wide(c), "{c}");
        }
        for c in ['。', '《', '“', '（'] {
            assert!(!is_han(c) && is_cjk(c), "{c}");
        }
        assert!(is_wide('あ') && !is_han('あ'));
        for c in ['a', '1', ' ', '-'] {
            assert!(!is_han(c) && !is_cjk(c) && !is_wide(c), "{c}");
        }
    }

    #[test]
    fn a_character_set_knows_its_characters() {
        let set = CharSet::of("储能a，");
        assert!(set.spells("能储a") && set.spells("") && set.spells("，"));
        assert!(!set.spells("储能b") && !set.spells("𠀀"));
        assert_eq!(set.chars().collect::<String>(), "a储能，");
        assert_eq!(CharSet::new("储能a，".chars()).chars().collect::<String>(), "a储能，");
    }

    /// The set read by bytes holds the chars of the text, read char by char: over
    /// random texts of chars of one to four bytes, at the edges of each length.
    #[test]
    fn a_character_set_by_bytes_is_the_set_by_chars() {
        let alphabet: Vec<char> =
            "\0\u{7f}a~é\u{7ff}\u{800}储能\u{ffff}\u{10000}𠀀\u{10ffff}，\u{3000}\u{e000}".chars().collect();
        let mut rng = crate::random::xorshift(0x5e7_0001);
        for _ in 0..500 {
            let len = (rng() % 12) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            let set = CharSet::of(&text);
            for &c in &alphabet {
                let expected = c < '\u{10000}' && text.contains(c);
                assert_eq!(set.contains(c), expected, "{c:?} in {text:?}");
            }
        }
    }
}
