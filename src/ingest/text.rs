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
    // (validated by simdutf8, some ten times the standard library's speed on Han text)
    if simdutf8::basic::from_utf8(&bytes).is_err()
        || bytes.starts_with(b"\xEF\xBB\xBF")
        || memchr::memchr(0, &bytes).is_some()
    {
        return decode(&bytes);
    }
    // SAFETY: `bytes` is valid UTF-8, checked just above
    Ok(clean(unsafe { String::from_utf8_unchecked(bytes) }, "utf-8"))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes given up decode as bytes lent do: valid UTF-8 (Han, ASCII, empty), with a
    /// BOM, with a NUL, with stray and cut bytes, GB18030, UTF-16 with a BOM.
    #[test]
    fn owned_bytes_decode_as_borrowed_bytes() {
        let gbk = GB18030.encode("储能市场规模约120亿元").0.into_owned();
        let utf16: Vec<u8> =
            b"\xFF\xFE".iter().copied().chain("规模".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let inputs: Vec<Vec<u8>> = vec![
            "2025年储能装机42GW。\n".into(),
            b"plain ascii".to_vec(),
            vec![],
            b"\xEF\xBB\xBF\xE8\xA7\x84\xE6\xA8\xA1".to_vec(),
            b"a\0b".to_vec(),
            b"\xE8\xA7\x84\xFF\xE6\xA8".to_vec(),
            gbk,
            utf16,
        ];
        for bytes in inputs {
            let lent = decode(&bytes).map(|d| (d.text, d.encoding, d.invalid));
            let given = decode_owned(bytes.clone()).map(|d| (d.text, d.encoding, d.invalid));
            assert_eq!(given, lent, "{bytes:?}");
        }
        assert_eq!(decode_owned("规模".into()).unwrap().text, "规模");
    }
}
