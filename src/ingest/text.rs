//! Text decoding: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030
//! (a superset of GBK and GB2312). UTF-8 with a few invalid bytes (a stray byte, a
//! last character cut in half) is read with U+FFFD in their place, and says how many
//! and where. Anything else that is none of these, or holds NUL bytes without a
//! UTF-16 BOM, is not text.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// Decoded text.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Invalid UTF-8 sequences replaced by U+FFFD, and the byte offset of the first.
    pub invalid: Option<(usize, usize)>,
}

fn clean(text: String, encoding: &'static str) -> Decoded {
    Decoded { text, encoding, invalid: None }
}

/// [`decode`] of bytes the caller gives up: valid UTF-8 with no BOM and no NUL
/// becomes the text without a copy; anything else is [`decode`]d.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, String> {
    match String::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{feff}') && memchr::memchr(0, text.as_bytes()).is_none() => {
            Ok(clean(text, "utf-8"))
        }
        Ok(text) => decode(text.as_bytes()),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes `bytes` and names the encoding found.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3).ok_or_else(|| "invalid UTF-8 after a UTF-8 byte-order mark".to_string());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, UTF_16LE, "utf-16le");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, UTF_16BE, "utf-16be");
    }
    if bytes.contains(&0) {
        return Err("binary data (NUL bytes)".into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(clean(s.to_string(), "utf-8"));
    }
    // mostly UTF-8: a few bad bytes among many good multi-byte characters. GBK text
    // read as UTF-8 fails at nearly every Han character, so it does not pass.
    if let Some(d) = utf8(bytes, 0) {
        return Ok(d);
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok(clean(s.into_owned(), "gb18030")),
        None => Err("neither UTF-8 nor GB18030/GBK text".into()),
    }
}

/// `bytes` as UTF-8 (starting `base` bytes into the file) when its valid multi-byte
/// characters outnumber its invalid sequences four to one: each bad sequence becomes
/// U+FFFD. (GBK read as UTF-8 has about one valid multi-byte character to five
/// invalid sequences: it does not pass.)
fn utf8(bytes: &[u8], base: usize) -> Option<Decoded> {
    let (mut invalid, mut first, mut multibyte) = (0usize, None, 0usize);
    let mut text = String::with_capacity(bytes.len());
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first.get_or_insert(base + at);
            text.push('\u{fffd}');
            at += chunk.invalid().len();
        }
    }
    (multibyte >= 4 * invalid).then(|| Decoded { text, encoding: "utf-8", invalid: first.map(|f| (invalid, f)) })
}

fn utf16(bytes: &[u8], enc: &'static encoding_rs::Encoding, name: &'static str) -> Result<Decoded, String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| clean(s.into_owned(), name))
        .ok_or_else(|| format!("invalid {name} text"))
}
