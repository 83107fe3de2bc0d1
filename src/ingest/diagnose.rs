//! Diagnostics of a text layer, per page and for the document: pages with no
//! text, replacement and private-use characters (glyphs the engine could not map
//! to Unicode), pages that look garbled, and whether the document is likely a
//! scan (or its fonts have no Unicode map at all).

use serde::Serialize;

/// What the text layer of a document looks like.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostics {
    /// 1-based pages with no text at all.
    pub empty_pages: Vec<usize>,
    /// 1-based pages whose text looks garbled: at least 30% of their characters
    /// are U+FFFD, private-use or control characters, or letters in long runs that
    /// make no words (`qZgVjZnVeXuYnMmN9PdN9Po...`, fonts decoded without a map).
    pub garbled_pages: Vec<usize>,
    /// Share of U+FFFD among the non-space characters of the document (0 to 1).
    pub replacement_ratio: f64,
    /// Share of private-use characters (U+E000–U+F8FF) among them.
    pub private_use_ratio: f64,
    /// Non-space characters of usable text (garbled runs left out) per page.
    pub chars_per_page: f64,
    /// At least half the pages have no text: scanned pages, or fonts with no
    /// Unicode map. OCR them.
    pub likely_scanned: bool,
    /// Text input: invalid UTF-8 sequences read as U+FFFD (0 for valid text and PDFs).
    pub invalid_bytes: usize,
    /// The byte offset in the file of the first of them.
    pub first_invalid_byte: Option<usize>,
}

/// The characters of a page, by what they are.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    /// Non-space characters.
    chars: usize,
    replacement: usize,
    private_use: usize,
    control: usize,
    /// Characters in runs of ASCII letters and digits that make no words.
    gibberish: usize,
}

fn count(page: &str) -> Counts {
    let mut c = Counts::default();
    let b = page.as_bytes();
    // the byte where the run of ASCII letters and digits before byte `i` began
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii_alphanumeric() {
            c.chars += 1;
            i += 1;
            continue;
        }
        if i - run >= 24 && is_gibberish(&page[run..i]) {
            c.gibberish += i - run;
        }
        // ASCII other than a letter or a digit: a space, a control or a mark, by its byte
        if x < 0x80 {
            i += 1;
            run = i;
            match x {
                b' ' | b'\t'..=b'\r' => {}
                0..0x20 | 0x7F => {
                    c.chars += 1;
                    c.control += 1;
                }
                _ => c.chars += 1,
            }
            continue;
        }
        // a run of common Han: chars, none of them spaces, controls, private-use or U+FFFD
        let han = crate::chars::common_han_run(b, i);
        if han > 0 {
            c.chars += han;
            i += 3 * han;
            run = i;
            continue;
        }
        // the CJK marks and the full-width forms (first bytes E3 and EF: `，。、：`), the
        // commonest chars after the Han, told from their bytes: of the first, only
        // U+3000 is a space; of the second, U+F000–U+F8FF are private-use and EF BF BD
        // is U+FFFD
        if let [x @ (0xE3 | 0xEF), y, z, ..] = b[i..] {
            i += 3;
            run = i;
            if x == 0xE3 && (y, z) == (0x80, 0x80) {
                continue;
            }
            c.chars += 1;
            if x == 0xEF && y < 0xA4 {
                c.private_use += 1;
            } else if x == 0xEF && (y, z) == (0xBF, 0xBD) {
                c.replacement += 1;
            }
            continue;
        }
        // a char's length by its first byte (the text is UTF-8: `i` is at a char)
        let len = match x {
            0xF0.. => 4,
            0xE0.. => 3,
            0x80.. => 2,
            _ => 1,
        };
        run = i + len;
        // only chars of these first bytes are spaces, controls, private-use or U+FFFD
        let ch = match x {
            0x00..=0x7F | 0xC2 | 0xE1..=0xE3 | 0xEE | 0xEF => page[i..i + len].chars().next(),
            _ => None,
        };
        i += len;
        if ch.is_some_and(is_space) {
            continue;
        }
        c.chars += 1;
        match ch {
            Some('\u{fffd}') => c.replacement += 1,
            Some('\u{e000}'..='\u{f8ff}') => c.private_use += 1,
            Some(ch) if is_control(ch) => c.control += 1,
            _ => {}
        }
    }
    if b.len() - run >= 24 && is_gibberish(&page[run..]) {
        c.gibberish += b.len() - run;
    }
    c
}

/// `char::is_whitespace`, spelled out (its table cost more than the rest of the count).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t'..='\r' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// `char::is_control`, spelled out.
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

impl Counts {
    /// U+FFFD, private-use and control characters, and letters in runs that make no words.
    fn bad(&self) -> usize {
        self.replacement + self.private_use + self.control + self.gibberish
    }

    /// Text, 30% or more of it bad.
    fn garbled(&self) -> bool {
        self.chars > 0 && self.bad() * 10 >= self.chars * 3
    }
}

/// The non-space characters of `page` that are no U+FFFD, private-use or control
/// character, nor in a run of letters that makes no words.
pub fn usable_chars(page: &str) -> usize {
    let c = count(page);
    c.chars.saturating_sub(c.bad())
}

/// A page's text is usable: it has text, and it is not garbled.
pub fn usable(page: &str) -> bool {
    let c = count(page);
    c.chars > 0 && !c.garbled()
}

/// A run of 24 or more ASCII letters and digits with many capitals inside it
/// and no lowercase word shape: `qZgVjZnVeXuYnMmN9PdN9PoMqQnPnMlO`. A URL's host, a
/// hash in lowercase hex or a long English word has few inner capitals.
fn is_gibberish(run: &str) -> bool {
    if run.len() < 24 {
        return false;
    }
    let inner_upper = run.chars().skip(1).filter(char::is_ascii_uppercase).count();
    let lower = run.chars().filter(char::is_ascii_lowercase).count();
    inner_upper * 4 >= run.len() && lower * 4 >= run.len()
}

/// The diagnostics of a document of `pages`.
pub fn diagnose(pages: &[String]) -> Diagnostics {
    let counts: Vec<Counts> = pages.iter().map(|p| count(p)).collect();
    let total = counts.iter().fold(Counts::default(), |a, c| Counts {
        chars: a.chars + c.chars,
        replacement: a.replacement + c.replacement,
        private_use: a.private_use + c.private_use,
        control: a.control + c.control,
        gibberish: a.gibberish + c.gibberish,
    });
    let empty_pages: Vec<usize> = (0..pages.len()).filter(|&i| counts[i].chars == 0).map(|i| i + 1).collect();
    let garbled_pages: Vec<usize> = (0..pages.len()).filter(|&i| counts[i].garbled()).map(|i| i + 1).collect();
    let ratio = |n: usize| if total.chars == 0 { 0.0 } else { round4(n as f64 / total.chars as f64) };
    let usable = total.chars.saturating_sub(total.bad());
    let chars_per_page = if pages.is_empty() { 0.0 } else { round4(usable as f64 / pages.len() as f64) };
    let likely_scanned = pages.len() >= 2 && empty_pages.len() * 2 >= pages.len();
    Diagnostics {
        replacement_ratio: ratio(total.replacement),
        private_use_ratio: ratio(total.private_use),
        chars_per_page,
        likely_scanned,
        empty_pages,
        garbled_pages,
        invalid_bytes: 0,
        first_invalid_byte: None,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    /// The count in one pass over bytes is the count char by char, over random texts of
    /// letters, Han, spaces of every kind, controls, private-use chars and U+FFFD.
    #[test]
    fn counts_by_bytes_are_counts_by_chars() {
        fn by_chars(page: &str) -> (usize, usize, usize, usize, usize) {
            let mut c = (0, 0, 0, 0, 0);
            for ch in page.chars().filter(|ch| !ch.is_whitespace()) {
                c.0 += 1;
                match ch {
                    '\u{fffd}' => c.1 += 1,
                    '\u{e000}'..='\u{f8ff}' => c.2 += 1,
                    _ if ch.is_control() => c.3 += 1,
                    _ => {}
                }
            }
            c.4 =
                page.split(|ch: char| !ch.is_ascii_alphanumeric()).filter(|run| is_gibberish(run)).map(str::len).sum();
            c
        }
        let alphabet: Vec<String> = "aZq9Xy 规模、，。\u{f000}\u{ff5e}\t\n\u{85}\u{a0}\u{1680}\u{2003}\u{2028}\u{202f}\u{205f}\u{3000}\u{1}\u{7f}\u{9c}\u{e123}\u{f8ff}\u{fffd}\u{10348}é"
            .chars()
            .map(String::from)
            .chain(["qZgVjZnVeXuYnMmN9PdN9PoM".to_string()])
            .collect();
        let mut rng = crate::random::xorshift(0xd1a6_0001);
        let mut gibberish = 0;
        for _ in 0..3000 {
            let len = (rng() % 40) as usize;
            let page: String = (0..len).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize].as_str()).collect();
            let c = count(&page);
            assert_eq!((c.chars, c.replacement, c.private_use, c.control, c.gibberish), by_chars(&page), "{page:?}");
            gibberish += usize::from(c.gibberish > 0);
        }
        assert!(gibberish > 300, "{gibberish}");
    }

    #[test]
    fn spaces_and_controls_are_the_standard_library_s() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!((is_space(c), is_control(c)), (c.is_whitespace(), c.is_control()), "{:X}", c as u32);
        }
    }

    #[test]
    fn counts_and_flags() {
        let text = "2024年中国AI大模型市场规模达到165亿元，预计到2028年将达到624亿元。".repeat(2);
        let d = diagnose(&pages(&[&text, "", &text]));
        assert_eq!((d.empty_pages.clone(), d.garbled_pages.clone(), d.likely_scanned), (vec![2], vec![], false));
        assert_eq!(d.replacement_ratio, 0.0);
        // a page of replacement characters and private-use glyphs is garbled
        let d = diagnose(&pages(&[&text, "\u{fffd}\u{fffd}\u{e001}\u{e002}规模"]));
        assert_eq!(d.garbled_pages, vec![2]);
        assert!(d.replacement_ratio > 0.0 && d.private_use_ratio > 0.0, "{d:?}");
        // a run of letters that makes no words
        let d = diagnose(&pages(&["qZgVjZnVeXuYnMmN9PdN9PoMqQnPnMlOrRqMfQnMqObRmNtNwM"]));
        assert_eq!(d.garbled_pages, vec![1]);
        // such runs counted wherever they stand, each as long as it is
        let c = count("规模qZgVjZnVeXuYnMmN9PdN9PoM，\u{fffd}增长 rRqMfQnMqObRmNtNwMqZgVjZnVeX\u{e001}abc\u{1}");
        assert_eq!((c.chars, c.replacement, c.private_use, c.control, c.gibberish), (63, 1, 1, 1, 24 + 28));
        // ... but a long English word or a lowercase hash is no gibberish
        assert!(!is_gibberish("internationalizationandlocalization"));
        assert!(!is_gibberish("36ad174dc4a18480aa3a470fa1a73d22"));
        // most pages empty: likely scanned
        let d = diagnose(&pages(&["封面", "", "", ""]));
        assert!(d.likely_scanned);
        // a few words on every page: not scanned, only short
        let d = diagnose(&pages(&["Potato", "Potato", "Potato"]));
        assert!(!d.likely_scanned && d.chars_per_page == 6.0, "{d:?}");
    }
}
