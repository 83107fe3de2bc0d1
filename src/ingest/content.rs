//! The operations of a page's content stream, for the text layer (`layer.rs`).
//!
//! lopdf's content parser builds an owned `Object` for every operand of every
//! operation (the path and colour operators of a chart included) and was a third of
//! a PDF's decoding time. This lexer reads the common shape of a content stream in
//! one pass, borrowing the input, and gives up on anything it does not know to read
//! exactly as lopdf does (a comment, an inline image, a `#` in a name, a number
//! such as `0.00-41`, nesting past a few levels, a token it cannot classify). Then
//! the whole stream goes to lopdf's `Content::decode`, whose operations are
//! converted, so that every stream reads to the same operations either way: where
//! lopdf stops at a token it cannot parse, or refuses the stream, so does this.

use lopdf::Object;
use lopdf::content::Content;
use std::borrow::Cow;
use std::ops::Range;

/// An operand, as much of it as the text layer reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    /// An integer (as `f32`, the way the layer uses it) or a real.
    Number(f32),
    Name(Cow<'a, [u8]>),
    /// A string's bytes, escapes resolved.
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// A boolean, null, dictionary or reference: read past, never used.
    Other,
}

impl Operand<'_> {
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }
}

/// The operations of a stream: operators, each with its range of `operands`.
#[derive(Debug, Default, PartialEq)]
pub struct Operations<'a> {
    ops: Vec<(Cow<'a, str>, Range<u32>)>,
    operands: Vec<Operand<'a>>,
}

impl<'a> Operations<'a> {
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Each operation: its operator and its operands.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Operand<'a>])> {
        self.ops.iter().map(|(op, r)| (op.as_ref(), &self.operands[r.start as usize..r.end as usize]))
    }

    fn push(&mut self, operator: Cow<'a, str>, from: usize) {
        self.ops.push((operator, from as u32..self.operands.len() as u32));
    }
}

/// The operations of `content`, `None` where lopdf refuses the stream.
pub fn operations(content: &[u8]) -> Option<Operations<'_>> {
    // (the operand ranges are u32)
    lexed(content).map_or_else(|| lopdf_operations(content), Some)
}

/// The same by the lexer alone: `None` where it leaves the stream to lopdf.
pub fn lexed(content: &[u8]) -> Option<Operations<'_>> {
    if content.len() >= u32::MAX as usize {
        return None;
    }
    (Lexer { input: content, at: 0 }).run()
}

/// The same by lopdf's parser alone.
pub fn lopdf_operations(content: &[u8]) -> Option<Operations<'static>> {
    let decoded = Content::decode(content).ok()?;
    let mut ops = Operations::default();
    for op in decoded.operations {
        let from = ops.operands.len();
        ops.operands.extend(op.operands.into_iter().map(from_object));
        ops.push(Cow::Owned(op.operator), from);
    }
    Some(ops)
}

fn from_object(o: Object) -> Operand<'static> {
    match o {
        Object::Integer(i) => Operand::Number(i as f32),
        Object::Real(r) => Operand::Number(r),
        Object::Name(n) => Operand::Name(Cow::Owned(n)),
        Object::String(s, _) => Operand::Str(Cow::Owned(s)),
        Object::Array(items) => Operand::Array(items.into_iter().map(from_object).collect()),
        _ => Operand::Other,
    }
}

/// How deep arrays and dictionaries may nest, and strings' parentheses, before the
/// lexer leaves the stream to lopdf (whose own limits then apply).
const MAX_DEPTH: usize = 8;

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

/// `None` everywhere below: not sure to read it as lopdf does (the caller falls back).
struct Lexer<'a> {
    input: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn white(&mut self) {
        while self.peek().is_some_and(is_white) {
            self.at += 1;
        }
    }

    /// A run of regular characters.
    fn token(&mut self) -> &'a [u8] {
        let from = self.at;
        while self.peek().is_some_and(is_regular) {
            self.at += 1;
        }
        &self.input[from..self.at]
    }

    fn run(mut self) -> Option<Operations<'a>> {
        // room for what a stream this long holds, at most a million of each: the
        // corpus reports' streams hold 0.03–0.10 operations and 0.07–0.15 operands a
        // byte (grown by doubling, the two vectors were a twentieth of a worker's work)
        let room = |per: usize| (self.input.len() / per).min(1 << 20);
        let mut ops = Operations { ops: Vec::with_capacity(room(8)), operands: Vec::with_capacity(room(6)) };
        self.white();
        loop {
            let from = ops.operands.len();
            // operands, then the operator
            loop {
                let Some(c) = self.peek() else {
                    // operands with no operator at the end are dropped, as lopdf does
                    ops.operands.truncate(from);
                    return Some(ops);
                };
                if is_regular(c) && !matches!(c, b'0'..=b'9' | b'+' | b'-' | b'.') {
                    let token = self.token();
                    if token.starts_with(b"BI") {
                        return None;
                    }
                    if matches!(token, b"true" | b"false" | b"null") {
                        ops.operands.push(Operand::Other);
                        self.white();
                        continue;
                    }
                    if token.starts_with(b"true") || token.starts_with(b"false") || token.starts_with(b"null") {
                        return None;
                    }
                    if !token.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'\'' | b'"')) {
                        return None;
                    }
                    // SAFETY: every byte is ASCII, checked just above, so the bytes are UTF-8
                    let operator = unsafe { std::str::from_utf8_unchecked(token) };
                    ops.push(Cow::Borrowed(operator), from);
                    self.white();
                    break;
                }
                let operand = self.object(0, false)?;
                ops.operands.push(operand);
                self.white();
            }
        }
    }

    /// An operand (`in_container`: an element of an array or a dictionary value,
    /// where lopdf also reads references).
    fn object(&mut self, depth: usize, in_container: bool) -> Option<Operand<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let token = self.token();
                let n = number(token)?;
                if in_container && token.iter().all(u8::is_ascii_digit) {
                    // `1 0 R`: a reference, which lopdf tries before a number
                    let save = self.at;
                    self.white();
                    let second = self.token();
                    if !second.is_empty() && second.iter().all(u8::is_ascii_digit) {
                        self.white();
                        match self.token() {
                            // (an object number past u32 or a generation past u16 is
                            // no reference to lopdf)
                            b"R" if fits::<u32>(token) && fits::<u16>(second) => return Some(Operand::Other),
                            b"" => {}
                            _ => return None,
                        }
                    }
                    self.at = save;
                }
                Some(Operand::Number(n))
            }
            b'/' => {
                self.at += 1;
                let name = self.token();
                if name.contains(&b'#') {
                    return None;
                }
                Some(Operand::Name(Cow::Borrowed(name)))
            }
            b'(' => self.literal().map(Operand::Str),
            b'<' if self.input.get(self.at + 1) == Some(&b'<') => self.dictionary(depth),
            b'<' => self.hex().map(|s| Operand::Str(Cow::Owned(s))),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.white();
                    match self.peek()? {
                        b']' => {
                            self.at += 1;
                            return Some(Operand::Array(items));
                        }
                        b'%' => return None,
                        c if is_regular(c) && !matches!(c, b'0'..=b'9' | b'+' | b'-' | b'.') => {
                            let token = self.token();
                            if !matches!(token, b"true" | b"false" | b"null") {
                                return None;
                            }
                            items.push(Operand::Other);
                        }
                        _ => items.push(self.object(depth + 1, true)?),
                    }
                }
            }
            _ => None,
        }
    }

    /// `<< /Key value … >>`, read past.
    fn dictionary(&mut self, depth: usize) -> Option<Operand<'a>> {
        self.at += 2;
        loop {
            self.white();
            match self.peek()? {
                b'>' if self.input.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    return Some(Operand::Other);
                }
                b'/' => {
                    self.object(depth + 1, true)?;
                    self.white();
                    match self.peek()? {
                        c if is_regular(c) && !matches!(c, b'0'..=b'9' | b'+' | b'-' | b'.') => {
                            if !matches!(self.token(), b"true" | b"false" | b"null") {
                                return None;
                            }
                        }
                        _ => {
                            self.object(depth + 1, true)?;
                        }
                    }
                }
                _ => return None,
            }
        }
    }

    /// `(…)`: escapes resolved, an end of line read as `\n`, balanced parentheses kept.
    fn literal(&mut self) -> Option<Cow<'a, [u8]>> {
        self.at += 1;
        let from = self.at;
        // the common case: no escape, no end of line, no nested parentheses
        while let Some(c) = self.peek() {
            match c {
                b')' => {
                    self.at += 1;
                    return Some(Cow::Borrowed(&self.input[from..self.at - 1]));
                }
                b'(' | b'\\' | b'\r' | b'\n' => break,
                _ => self.at += 1,
            }
        }
        let mut out = self.input[from..self.at].to_vec();
        let mut depth = 0usize;
        loop {
            let c = self.peek()?;
            self.at += 1;
            match c {
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    out.push(c);
                }
                b')' if depth == 0 => return Some(Cow::Owned(out)),
                b')' => {
                    depth -= 1;
                    out.push(c);
                }
                b'\r' => {
                    if self.peek() == Some(b'\n') {
                        self.at += 1;
                    }
                    out.push(b'\n');
                }
                b'\n' => out.push(b'\n'),
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match e {
                        b'0'..=b'7' => {
                            let mut v = u16::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u16::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// `<4E6F>`: white space between the digits skipped, an odd last digit read as
    /// its high half.
    fn hex(&mut self) -> Option<Vec<u8>> {
        self.at += 1;
        let mut out = Vec::new();
        let mut high = true;
        loop {
            self.white();
            let c = self.peek()?;
            self.at += 1;
            if c == b'>' {
                return Some(out);
            }
            let v = (c as char).to_digit(16)? as u8;
            if high {
                out.push(v << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= v;
            }
            high = !high;
        }
    }
}

fn fits<T: std::str::FromStr>(digits: &[u8]) -> bool {
    std::str::from_utf8(digits).is_ok_and(|d| d.parse::<T>().is_ok())
}

/// A number token as lopdf reads it: a real (`[+-]` then `1.5`, `1.` or `.5`) by
/// `f32::from_str`, else an integer (`[+-]` digits, within `i64`) cast to `f32`.
/// `None` for anything else (`1.2.3`, `0.00-41`, `12Tf`, a lone sign).
fn number(token: &[u8]) -> Option<f32> {
    let digits = token.strip_prefix(b"+").or_else(|| token.strip_prefix(b"-")).unwrap_or(token);
    let dot = digits.iter().position(|&b| b == b'.');
    let (int, frac) = match dot {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, &b""[..]),
    };
    if !int.iter().all(u8::is_ascii_digit) || !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let negative = token.first() == Some(&b'-');
    // the digits as one integer, and how many stand after the dot (a content stream's
    // numbers are short: `0 0 1 rg`, `12.48 0 Td`)
    let mut m: u64 = 0;
    for &d in int.iter().chain(frac) {
        m = m * 10 + u64::from(d - b'0');
        if m > 1 << 24 {
            return parsed(token, dot.is_some());
        }
    }
    match dot {
        // an integer of up to 2^24: exact as an i64 and as an f32, either sign
        None => Some(if negative { -(m as i64) as f32 } else { m as f32 }),
        // m / 10^k with both exact in f32 (m up to 2^24, 10^k up to 10^10): one
        // division, correctly rounded, which is what `f32::from_str` returns (Clinger's
        // fast path); the sign after, so that `-0.0` keeps it
        Some(_) if frac.len() <= 10 => {
            let v = m as f32 / POWERS_OF_TEN[frac.len()];
            Some(if negative { -v } else { v })
        }
        Some(_) => parsed(token, true),
    }
}

/// 10^0 … 10^10, each exact in f32 (10^10 is 5^10 · 2^10, and 5^10 < 2^24).
const POWERS_OF_TEN: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// A number token (a sign, digits, a dot if `real`) read by the standard library: a
/// real by `f32::from_str`, an integer within `i64` cast to `f32`.
fn parsed(token: &[u8], real: bool) -> Option<f32> {
    // SAFETY: the token is a sign, digits and a dot (checked by `number`): ASCII, UTF-8
    let text = unsafe { std::str::from_utf8_unchecked(token) };
    match real {
        true => text.parse::<f32>().ok(),
        false => text.parse::<i64>().ok().map(|i| i as f32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number of a token by the standard library alone, as lopdf reads it.
    fn by_std(token: &[u8]) -> Option<f32> {
        let text = std::str::from_utf8(token).ok()?;
        let digits = text.trim_start_matches(['+', '-']);
        if digits.len() + 1 < text.len() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        match digits.matches('.').count() {
            0 if !digits.is_empty() => text.parse::<i64>().ok().map(|i| i as f32),
            1 if digits.len() > 1 => text.parse::<f32>().ok(),
            _ => None,
        }
    }

    /// Read at once where digits and dot allow (up to 2^24, up to 10 places), else by
    /// the standard library: the same bits either way, over random tokens of every
    /// sign, length and dot place, and the edges of the quick reading.
    #[test]
    fn numbers_read_at_once_are_the_standard_librarys() {
        let mut rng = crate::random::xorshift(0xc0de_0001);
        let mut tokens: Vec<String> = [
            "0",
            "-0",
            "+0",
            "-0.0",
            "-.0",
            ".0",
            "0.",
            "1.",
            ".5",
            "-",
            "+",
            ".",
            "+.",
            "1.2.3",
            "16777216",
            "16777217",
            "-16777216",
            "1677721.6",
            "1677721.7",
            "0.0000000001",
            "0.00000000001",
            "12345678901234567890",
            "999999999999999999",
            "3.4028235e38",
            "0.1",
            "0.3",
            "2.675",
            "-12.48",
            "007",
            "00.70",
        ]
        .map(String::from)
        .to_vec();
        for _ in 0..200_000 {
            let sign = ["", "+", "-"][(rng() % 3) as usize];
            let digits = |n: u64, rng: &mut dyn FnMut() -> u64| {
                (0..n).map(|_| char::from(b'0' + (rng() % 10) as u8)).collect::<String>()
            };
            let int = digits(rng() % 10, &mut rng);
            let token = if rng().is_multiple_of(4) {
                format!("{sign}{int}")
            } else {
                let frac = digits(rng() % 13, &mut rng);
                format!("{sign}{int}.{frac}")
            };
            tokens.push(token);
        }
        let mut quick = 0;
        for t in &tokens {
            let (ours, theirs) = (number(t.as_bytes()), by_std(t.as_bytes()));
            assert_eq!(ours.map(f32::to_bits), theirs.map(f32::to_bits), "{t:?}: {ours:?} against {theirs:?}");
            quick += usize::from(t.len() <= 8 && ours.is_some());
        }
        assert!(quick > 20_000, "{quick}");
        assert_eq!(number(b"-0.0").map(f32::to_bits), Some((-0.0f32).to_bits()));
        assert_eq!(number(b"-0").map(f32::to_bits), Some(0.0f32.to_bits()));
    }

    /// What the lexer reads, and that lopdf reads the same.
    fn both(content: &[u8]) -> Operations<'_> {
        let fast = Lexer { input: content, at: 0 }.run().expect("the lexer reads it");
        assert_eq!(
            Some(&fast),
            lopdf_operations(content).as_ref(),
            "lopdf reads {:?} alike",
            String::from_utf8_lossy(content)
        );
        fast
    }

    fn fallback(content: &[u8]) {
        assert!(
            Lexer { input: content, at: 0 }.run().is_none(),
            "{:?} is left to lopdf",
            String::from_utf8_lossy(content)
        );
    }

    #[test]
    fn text_operators_read_as_lopdf_reads_them() {
        let ops = both(b"BT /F1 12 Tf 72 700.5 Td (Hello \\(world\\)\\101\\n) Tj [(A) -120 (B)] TJ ET");
        let read: Vec<_> = ops.iter().map(|(op, args)| (op.to_string(), args.to_vec())).collect();
        assert_eq!(read[1], ("Tf".into(), vec![Operand::Name(Cow::Borrowed(b"F1")), Operand::Number(12.0)]));
        assert_eq!(read[2].1, vec![Operand::Number(72.0), Operand::Number(700.5)]);
        assert_eq!(read[3].1, vec![Operand::Str(Cow::Owned(b"Hello (world)A\n".to_vec()))]);
        assert_eq!(
            read[4].1,
            vec![Operand::Array(vec![
                Operand::Str(Cow::Borrowed(b"A")),
                Operand::Number(-120.0),
                Operand::Str(Cow::Borrowed(b"B"))
            ])]
        );
        assert_eq!(ops.len(), 6);
    }

    #[test]
    fn the_shapes_of_real_streams_read_alike() {
        both(b"q 1 0 0 1 0 0 cm 0.5 g 10 10 m 20 20 l S Q");
        both(b"/Span <</MCID 3 /ActualText (x) /K [1 2] /P 5 0 R>> BDC EMC");
        both(b"<4e6f 7>Tj <>Tj (a(b)c)Tj (line\r\nbreak\\\nhere)Tj");
        both(b"1. .5 +3 -0 d0 T* ' \" 12 TL true false null x");
        both(b"0 0 1 rg 5 6 ");
        both(b"");
        both(b"[(a)-1(b)]TJ(next)Tj");
    }

    #[test]
    fn what_it_is_unsure_of_goes_to_lopdf() {
        fallback(b"% a comment\nBT ET");
        fallback(b"BI /W 1 /H 1 /CS /G /BPC 8 ID x EI");
        fallback(b"/A#20B Tf");
        fallback(b"0.00-41 Tc");
        fallback(b"1.2.3 Tc");
        fallback(b"12Tf");
        fallback(b"(unclosed Tj");
        fallback(b"{ 1 } x");
        fallback(b"[[[[[[[[[[1]]]]]]]]]] x");
        // and lopdf reads them as it always has
        assert_eq!(operations(b"1.2.3 Tc").unwrap(), lopdf_operations(b"1.2.3 Tc").unwrap());
    }

    /// Streams cut, flipped and spliced with the tokens of the grammar: the lexer
    /// reads each as lopdf does, or leaves it to lopdf.
    #[test]
    fn mutated_streams_read_alike() {
        let seeds: [&[u8]; 4] = [
            b"BT /F2 9.5 Tf 1 0 0 1 56.7 612 Tm [(\\245)-250(x)] TJ T* (y) ' ET",
            b"q 0.2 0 0 0.2 0 0 cm /Im0 Do Q /Artifact <</Type /Pagination /Bbox [0 0 1 1]>> BDC EMC",
            b"BT 3 Tr 10 TL 0 -12 TD <00410042> Tj 1 2 (z) \" ET [3 2] 0 d 5 w",
            b"BT /F1 1 Tf 12 0 0 12 0 0 Tm (a\r\nb\\)\\051)Tj ET",
        ];
        let tokens: [&[u8]; 24] = [
            b" ", b"\n", b"\r\n", b"(", b")", b"\\", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"%", b"#", b"-",
            b".", b"0", b"7", b"R", b"BI", b"true", b"Tj", b"\x80",
        ];
        let mut next = crate::random::xorshift(0x2545_f491_4f6c_dd1d);
        let mut read = 0;
        for round in 0..20_000 {
            let mut v = seeds[round % seeds.len()].to_vec();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % (v.len() + 1);
                match next() % 3 {
                    0 if at < v.len() => v[at] ^= 1 << (next() % 8),
                    1 => v.truncate(at),
                    _ => v.splice(at..at, tokens[(next() as usize) % tokens.len()].iter().copied()).for_each(drop),
                }
            }
            if let Some(fast) = lexed(&v) {
                read += 1;
                assert_eq!(Some(fast), lopdf_operations(&v), "{:?}", String::from_utf8_lossy(&v));
            }
        }
        // a good part of the mutants are still streams the lexer reads (7111 when written)
        assert!(read > 5_000, "{read} of 20000 lexed");
    }
}
