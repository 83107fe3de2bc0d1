//! Text decoding: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030
//! (a superset of GBK and GB2312). Anything that is none of these, or holds NUL
//! bytes without a UTF-16 BOM, is not text.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// Decodes `bytes` and names the encoding found.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
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
        return Ok((s.to_string(), "utf-8"));
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((s.into_owned(), "gb18030")),
        None => Err("neither UTF-8 nor GB18030/GBK text".into()),
    }
}

fn utf8(bytes: &[u8]) -> Result<(String, &'static str), String> {
    std::str::from_utf8(bytes)
        .map(|s| (s.to_string(), "utf-8"))
        .map_err(|e| format!("invalid UTF-8 after a UTF-8 byte-order mark: {e}"))
}

fn utf16(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
    name: &'static str,
) -> Result<(String, &'static str), String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), name))
        .ok_or_else(|| format!("invalid {name} text"))
}
