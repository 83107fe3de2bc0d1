//! What every extractor reads: the sentences of the document, the quantities in
//! them, the keyword and region lexicons, and the subject of a statement.

use crate::normalize::Document;
use crate::quantity::{self, Quantity};
use crate::segment;
use crate::structure::Structure;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A sentence: a byte range of the normalized text that ends at `。！？；` or a line end.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Where its line (paragraph, after rejoining) starts.
    pub line_start: usize,
    pub page: usize,
}

/// The document with its sentences and quantities, shared by all extractors: of
/// the whole document, or of a part of it (`range`), for a long one read a part at
/// a time. Extractors read the sentences, quantities and structure of the part;
/// the text around it is all there to look at.
pub struct Context<'d> {
    pub doc: &'d Document,
    /// The bytes of the normalized text this context covers.
    pub range: Range<usize>,
    pub sentences: Vec<Sentence>,
    /// Every quantity in the text, in order.
    pub quantities: Vec<Quantity>,
    /// Its layout: headings, sections, blocks, bullets, numbered items.
    pub structure: Structure,
}

impl<'d> Context<'d> {
    pub fn new(doc: &'d Document) -> Context<'d> {
        Context::over(doc, 0..doc.text.len(), &crate::structure::Layout::of(doc))
    }

    /// Bytes `range` of `doc` with no sentences, quantities or structure: enough for
    /// what reads lines alone (the data sources).
    pub fn lines_only(doc: &'d Document, range: Range<usize>) -> Context<'d> {
        Context { doc, range, sentences: vec![], quantities: vec![], structure: Structure::default() }
    }

    /// The context of bytes `range` of `doc` (whole lines), with the document's `layout`.
    pub fn over(doc: &'d Document, range: Range<usize>, layout: &crate::structure::Layout) -> Context<'d> {
        let mut quantities = quantity::scan(&doc.text[range.clone()]);
        for q in &mut quantities {
            q.start += range.start;
            q.end += range.start;
        }
        Context {
            doc,
            sentences: sentences(doc, range.clone()),
            quantities,
            structure: Structure::build_in(doc, range.clone(), layout),
            range,
        }
    }

    pub fn text(&self, r: Range<usize>) -> &'d str {
        &self.doc.text[r]
    }

    /// The sentence before sentence `i` when it is in the same line (paragraph), else "".
    pub fn previous_sentence_text(&self, i: usize) -> &'d str {
        match i.checked_sub(1).map(|p| (&self.sentences[p], &self.sentences[i])) {
            Some((prev, cur)) if prev.line_start == cur.line_start => self.text(prev.start..prev.end),
            _ => "",
        }
    }

    /// `10兆日元（约650亿美元）`: amount `q` restates amount `prev` right before it, in
    /// brackets or after 约合/折合.
    pub fn is_restatement(&self, prev: &Quantity, q: &Quantity) -> bool {
        use crate::quantity::Value;
        if !matches!(prev.value, Value::Money { .. }) || !matches!(q.value, Value::Money { .. }) || prev.end > q.start {
            return false;
        }
        let gap = self.text(prev.end..q.start).trim();
        gap.chars().count() <= 4 && (gap.starts_with(['（', '(']) || gap.contains('合'))
    }

    /// `（十亿美元）`, `(亿元)`: an amount written without a digit, alone in brackets,
    /// is a caption's or a header's unit, not an amount.
    pub fn is_unit_label(&self, q: &Quantity) -> bool {
        let text = &self.doc.text;
        !text[q.start..q.end].contains(|c: char| c.is_ascii_digit())
            && text[..q.start].trim_end_matches(' ').ends_with(['（', '('])
            && text[q.end..].trim_start_matches(' ').starts_with(['）', ')'])
    }

    /// The amount `qs[qi]` restated in another currency right after it
    /// (`10兆日元（约650亿美元）`).
    pub fn restated(&self, qs: &[Quantity], qi: usize) -> Option<super::Money> {
        let next = qs.get(qi + 1).filter(|next| self.is_restatement(&qs[qi], next))?;
        match &next.value {
            crate::quantity::Value::Money { value, currency } => Some(super::Money { value: value.clone(), currency }),
            _ => None,
        }
    }

    /// The quantities that lie wholly inside `r`.
    pub fn quantities_in(&self, r: Range<usize>) -> &[Quantity] {
        let from = self.quantities.partition_point(|q| q.start < r.start);
        let to = self.quantities.partition_point(|q| q.start < r.end);
        let slice = &self.quantities[from..to];
        let keep = slice.iter().take_while(|q| q.end <= r.end).count();
        &slice[..keep]
    }
}

fn sentences(doc: &Document, range: Range<usize>) -> Vec<Sentence> {
    let text = &doc.text[..range.end];
    let mut out = Vec::new();
    let mut start = range.start;
    let mut line_start = range.start;
    let push = |from: usize, to: usize, line_start: usize, out: &mut Vec<Sentence>| {
        let s = &text[from..to];
        let body = s.trim_start_matches(['•', ' ']);
        let from = to - body.len();
        let body = body.trim_end();
        if !body.is_empty() {
            out.push(Sentence { start: from, end: from + body.len(), line_start, page: doc.page_of(from) });
        }
    };
    for (i, c) in text[range.start..].char_indices() {
        let i = i + range.start;
        match c {
            '\n' | '\u{c}' => {
                push(start, i, line_start, &mut out);
                start = i + 1;
                line_start = i + 1;
            }
            '。' | '！' | '？' | '!' | '?' | '；' | ';' => {
                let end = i + c.len_utf8();
                push(start, end, line_start, &mut out);
                start = end;
            }
            _ => {}
        }
    }
    push(start, text.len(), line_start, &mut out);
    out
}

/// The clauses of `r`: split at `，,：:` outside brackets. Byte ranges.
pub fn clauses(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = r.start;
    for (i, c) in text[r.clone()].char_indices() {
        let at = r.start + i;
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            '，' | ',' | '：' | ':' if depth == 0 => {
                out.push(start..at);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(start..r.end);
    out
}

const ALL_ROLES: [Role; 12] = [
    Role::Share,
    Role::Company,
    Role::Impact,
    Role::Commitment,
    Role::Market,
    Role::NotMarketBefore,
    Role::NotMarketAfter,
    Role::NotHead,
    Role::Link,
    Role::Cagr,
    Role::Forecast,
    Role::Investment,
];

/// The role a keyword plays (`data/keywords.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Market,
    NotMarketBefore,
    NotMarketAfter,
    NotHead,
    Link,
    Cagr,
    Forecast,
    Investment,
    Commitment,
    Impact,
    /// A firm: an investor that is no country (`某车企`, `头部企业`, `公司`).
    Company,
    /// A share of a market (`市场份额`, `市占率`).
    Share,
}

/// `data/keywords.tsv`: (word, role name), read once.
static KEYWORD_ROWS: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| crate::data::pairs(include_str!("../../data/keywords.tsv")).collect());

static KEYWORDS: LazyLock<Vec<(Role, Regex)>> = LazyLock::new(|| {
    let rows = &*KEYWORD_ROWS;
    ALL_ROLES
        .into_iter()
        .map(|role| (role_name(role), role))
        .map(|(name, role)| {
            let mut words: Vec<&str> = rows.iter().filter(|r| r.1 == name).map(|r| r.0).collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            let alternation = words.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|");
            (role, Regex::new(&alternation).expect("keyword pattern"))
        })
        .collect()
});

/// Byte ranges (relative to `s`) of the keywords of `role` in `s`, longest match first.
pub fn keywords(s: &str, role: Role) -> Vec<Range<usize>> {
    let re = &KEYWORDS.iter().find(|(r, _)| *r == role).expect("every role has a pattern").1;
    re.find_iter(s).map(|m| m.range()).collect()
}

pub fn has_keyword(s: &str, role: Role) -> bool {
    !keywords(s, role).is_empty()
}

fn words(role: Role) -> Vec<&'static str> {
    KEYWORD_ROWS.iter().filter(|(_, r)| *r == role_name(role)).map(|(w, _)| *w).collect()
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Market => "market",
        Role::NotMarketBefore => "not_market_before",
        Role::NotMarketAfter => "not_market_after",
        Role::NotHead => "not_head",
        Role::Link => "link",
        Role::Cagr => "cagr",
        Role::Forecast => "forecast",
        Role::Investment => "investment",
        Role::Commitment => "commitment",
        Role::Impact => "impact",
        Role::Company => "company",
        Role::Share => "share",
    }
}

static NOT_BEFORE: LazyLock<Vec<&'static str>> = LazyLock::new(|| words(Role::NotMarketBefore));
static NOT_AFTER: LazyLock<Vec<&'static str>> = LazyLock::new(|| words(Role::NotMarketAfter));
static NOT_HEAD: LazyLock<Vec<&'static str>> = LazyLock::new(|| words(Role::NotHead));
static LINKS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut w = words(Role::Link);
    w.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    w
});

/// `data/measures.tsv`: words other than market words that measure an industry's
/// size (`产值`, `零售额`), longest first, and the measure each names.
static MEASURES: LazyLock<(Regex, Vec<(&'static str, &'static str)>)> = LazyLock::new(|| {
    let mut rows: Vec<(&str, &str)> = crate::data::pairs(include_str!("../../data/measures.tsv")).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0.chars().count()));
    let alternation = rows.iter().map(|r| regex::escape(r.0)).collect::<Vec<_>>().join("|");
    (Regex::new(&alternation).expect("measure pattern"), rows)
});

/// The measure words in `s` (relative ranges) and the measure each names
/// (`网上零售额` → `retail_sales`).
pub fn measure_keywords(s: &str) -> Vec<(Range<usize>, &'static str)> {
    let (re, rows) = &*MEASURES;
    re.find_iter(s).filter_map(|m| rows.iter().find(|r| r.0 == m.as_str()).map(|r| (m.range(), r.1))).collect()
}

/// Market keywords in `s` (relative ranges), without those that name no market
/// (`资产规模`, `大规模`, `规模以上`).
pub fn market_keywords(s: &str) -> Vec<Range<usize>> {
    keywords(s, Role::Market)
        .into_iter()
        .filter(|k| {
            let before = &s[..k.start];
            let after = &s[k.end..];
            !NOT_BEFORE.iter().any(|w| before.ends_with(w)) && !NOT_AFTER.iter().any(|w| after.starts_with(w))
        })
        .collect()
}

/// Whether `lead`, with the quantities in it removed, holds only link words: then the
/// amount after it belongs to the market word before it.
pub fn only_links(lead: &str) -> bool {
    let qs = quantity::scan(lead);
    let mut rest = String::with_capacity(lead.len());
    let mut pos = 0;
    for q in &qs {
        rest.push_str(&lead[pos..q.start]);
        pos = q.end;
    }
    rest.push_str(&lead[pos..]);
    let mut s = rest.as_str();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || "（）()".contains(c));
        if s.is_empty() {
            return true;
        }
        match LINKS.iter().find(|w| s.starts_with(**w)) {
            Some(w) => s = &s[w.len()..],
            None => return false,
        }
    }
}

static REGIONS: LazyLock<(Regex, Vec<(&'static str, &'static str)>)> = LazyLock::new(|| {
    let mut rows: Vec<(&str, &str)> = crate::data::pairs(include_str!("../../data/regions.tsv")).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0.chars().count()));
    let alternation = rows.iter().map(|r| regex::escape(r.0)).collect::<Vec<_>>().join("|");
    (Regex::new(&alternation).expect("region pattern"), rows)
});

/// The region named first in `s`: `global`, an ISO 3166 code, `EU`, or a province.
pub fn region_in(s: &str) -> Option<&'static str> {
    let (re, rows) = &*REGIONS;
    let m = re.find(s)?;
    rows.iter().find(|r| r.0 == m.as_str()).map(|r| r.1)
}

/// What stands before a market word as its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A noun phrase: `2024年中国AI大模型` → `中国AI大模型`.
    Found(String),
    /// No words of its own (`预计到2028年市场规模`): it may take the subject before it.
    Empty,
    /// Words that make no noun phrase (`带动经济增长规模`): no subject, and none to borrow.
    Unclear,
}

impl Subject {
    pub fn found(self) -> Option<String> {
        match self {
            Subject::Found(s) => Some(s),
            _ => None,
        }
    }
}

/// The noun phrase that ends where `text[before]` ends: the subject of a keyword
/// such as 市场规模 (`2024年中国AI大模型` → `中国AI大模型`). Segmented with jieba;
/// stops at a verb, preposition, conjunction, adverb, number or time word.
pub fn subject_before(text: &str, before: Range<usize>) -> Subject {
    let piece = &text[before];
    let qs = quantity::scan(piece);
    let tokens = segment::tag(piece, &qs);
    let mut end = tokens.len();
    // Words between a subject and what is said of it: `全球服务机器人市场将以`.
    while end > 0
        && matches!(
            tokens[end - 1].word,
            "的" | "之"
                | " "
                | "在"
                | "市场"
                | "整体"
                | "总体"
                | "将"
                | "以"
                | "会"
                | "将会"
                | "有望"
                | "预计"
                | "仍"
                | "按"
        )
    {
        end -= 1;
    }
    // The head of the phrase is a noun: `知识图谱技术带动经济增长` ends in a verb.
    if end > 0 && (tokens[end - 1].tag.starts_with('v') || NOT_HEAD.contains(&tokens[end - 1].word)) {
        return Subject::Unclear;
    }
    let mut start = end;
    // a verb before a one-char noun or classifier is a noun with it (`充电` + `桩`)
    if end >= 2
        && tokens[end - 1].word.chars().count() == 1
        && matches!(tokens[end - 1].tag, "n" | "ng" | "q")
        && tokens[end - 2].tag.starts_with('v')
        && tokens[end - 2].word.chars().count() == 2
    {
        start = end - 2;
    }
    while start > 0 {
        let t = &tokens[start - 1];
        if !subject_token(t.word, t.tag) {
            break;
        }
        start -= 1;
    }
    let words: String = tokens[start..end].iter().map(|t| t.word).collect();
    let words = words.trim_matches(|c: char| c.is_whitespace() || "，,、：:".contains(c));
    if words.chars().count() >= 2 {
        Subject::Found(words.to_string())
    } else if tokens[..end].iter().any(|t| t.tag.starts_with('n')) {
        Subject::Unclear
    } else {
        Subject::Empty
    }
}

fn subject_token(word: &str, tag: &str) -> bool {
    if word.chars().all(|c| "（）()《》“”&+/-·".contains(c)) {
        return true;
    }
    if matches!(tag, "eng" | "vn" | "an") || matches!(word, "我国" | "全国") {
        return true;
    }
    // v verb, p preposition, c conjunction, d adverb, m number, t time, u auxiliary,
    // x punctuation, r pronoun, f locality, q classifier, y/e particles, z state.
    // Verbal and adjectival nouns (服务, 计算) are nouns here.
    let first = tag.chars().next().unwrap_or('x');
    !matches!(first, 'v' | 'p' | 'c' | 'd' | 'm' | 't' | 'u' | 'x' | 'r' | 'f' | 'q' | 'y' | 'z' | 'e')
}
