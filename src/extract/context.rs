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
    /// For each sentence, the indices in `quantities` of those wholly inside it.
    sentence_quantities: Vec<Range<usize>>,
}

impl<'d> Context<'d> {
    pub fn new(doc: &'d Document) -> Context<'d> {
        Context::over(doc, 0..doc.text.len(), &crate::structure::Layout::of(doc))
    }

    /// Bytes `range` of `doc` with no sentences, quantities or structure: enough for
    /// what reads lines alone (the data sources).
    pub fn lines_only(doc: &'d Document, range: Range<usize>) -> Context<'d> {
        Context {
            doc,
            range,
            sentences: vec![],
            quantities: vec![],
            structure: Structure::default(),
            sentence_quantities: vec![],
        }
    }

    /// The context of bytes `range` of `doc` (whole lines), with the document's `layout`.
    pub fn over(doc: &'d Document, range: Range<usize>, layout: &crate::structure::Layout) -> Context<'d> {
        let mut quantities = quantity::scan(&doc.text[range.clone()]);
        for q in &mut quantities {
            q.start += range.start;
            q.end += range.start;
        }
        let sentences = sentences(doc, range.clone());
        let sentence_quantities = wholly_inside(&sentences, &quantities);
        Context {
            doc,
            sentences,
            quantities,
            structure: Structure::build_in(doc, range.clone(), layout),
            range,
            sentence_quantities,
        }
    }

    /// The quantities wholly inside sentence `i`: [`Context::quantities_in`] its bytes.
    pub fn sentence_quantities(&self, i: usize) -> &[Quantity] {
        &self.quantities[self.sentence_quantities[i].clone()]
    }

    pub fn text(&self, r: Range<usize>) -> &'d str {
        &self.doc.text[r]
    }

    /// The sentence before sentence `i` when it is in the same line (paragraph).
    pub fn previous_sentence(&self, i: usize) -> Option<&Sentence> {
        let prev = &self.sentences[i.checked_sub(1)?];
        (prev.line_start == self.sentences[i].line_start).then_some(prev)
    }

    /// The text of [`Context::previous_sentence`], else "".
    pub fn previous_sentence_text(&self, i: usize) -> &'d str {
        self.previous_sentence(i).map_or("", |prev| self.text(prev.start..prev.end))
    }

    /// `10兆日元（约650亿美元）`: amount `q` restates amount `prev` right before it, in
    /// brackets or after 约合/折合 (`178亿美元（约合人民币1,246亿元）`).
    pub fn is_restatement(&self, prev: &Quantity, q: &Quantity) -> bool {
        use crate::quantity::Value;
        if !matches!(prev.value, Value::Money { .. }) || !matches!(q.value, Value::Money { .. }) || prev.end > q.start {
            return false;
        }
        let gap = self.text(prev.end..q.start).trim();
        let bracket = gap.starts_with(['（', '(']);
        let mut rest = gap.trim_start_matches(['（', '(', '，', ',', ' ']);
        let mut converts = false;
        while let Some(w) = CONVERSION_WORDS.iter().find(|w| rest.starts_with(**w)) {
            converts |= w.contains('合') || *w == "相当于";
            rest = rest[w.len()..].trim_start();
        }
        rest.is_empty() && (bracket || converts)
    }

    /// Where `qs[qi]` stands in the list of like quantities it is written in (`56、46亿美元`,
    /// `51.9%/37.9%`), as (position, length); (0, 1) alone.
    pub fn list_position(&self, qs: &[Quantity], qi: usize) -> (usize, usize) {
        let listed = |a: &Quantity, b: &Quantity| {
            std::mem::discriminant(&a.value) == std::mem::discriminant(&b.value)
                && a.end <= b.start
                && AMOUNT_LIST_MARKS.contains(&self.text(a.end..b.start).trim())
        };
        let mut first = qi;
        while first > 0 && listed(&qs[first - 1], &qs[first]) {
            first -= 1;
        }
        let mut last = qi;
        while last + 1 < qs.len() && listed(&qs[last], &qs[last + 1]) {
            last += 1;
        }
        (qi - first, last + 1 - first)
    }

    /// The amount that amount `qs[qi]` restates, when it is one (`（约合392、322亿元）`
    /// after `56、46亿美元`: the first in the brackets restates the first listed, the
    /// second the second); `Some(None)` for a restatement of no one amount.
    pub fn restates(&self, qs: &[Quantity], qi: usize) -> Option<Option<usize>> {
        // the group in brackets, from its first amount right after the restated one's list
        let (at, group) = self.list_position(qs, qi);
        let first = qi - at;
        if first == 0 || !self.is_restatement(&qs[first - 1], &qs[first]) {
            return None;
        }
        let (list_at, list) = self.list_position(qs, first - 1);
        let head = first - 1 - list_at;
        Some(match (group, at) {
            (1, 0) => Some(first - 1),
            (g, at) if g == list => Some(head + at),
            _ => None,
        })
    }

    /// `预计26年市场规模为48.2亿元`: two digits and 年 after a word that dates (到, 在,
    /// 预计) or at a clause's start name a year of this century (2015 to 2050), not a
    /// number of years (`近26年`, `26年来`).
    pub fn two_digit_year(&self, q: &Quantity) -> Option<i32> {
        let crate::quantity::Value::Years { years, relative: None } = q.value else { return None };
        let written = self.text(q.start..q.end);
        let two =
            written.len() == 5 && written.as_bytes()[..2].iter().all(u8::is_ascii_digit) && written.ends_with('年');
        if !two || !(15..=50).contains(&years) {
            return None;
        }
        let after = self.doc.text[q.end..].chars().next();
        if after.is_some_and(|c| "来间内后前里中".contains(c)) {
            return None;
        }
        let before = self.doc.text[..q.start].trim_end_matches(' ');
        let dates = before.is_empty()
            || before.ends_with(['，', ',', '；', '。', '（', '(', '\n', '：'])
            || ["预计", "预测", "有望", "到", "至", "于", "在", "截至", "截止"].iter().any(|w| before.ends_with(w));
        dates.then_some(2000 + years)
    }

    /// `（十亿美元）`, `(亿元)`: an amount written without a digit, alone in brackets,
    /// is a caption's or a header's unit, not an amount.
    pub fn is_unit_label(&self, q: &Quantity) -> bool {
        let text = &self.doc.text;
        !text[q.start..q.end].contains(|c: char| c.is_ascii_digit())
            && text[..q.start].trim_end_matches(' ').ends_with(['（', '('])
            && text[q.end..].trim_start_matches(' ').starts_with(['）', ')'])
    }

    /// The amount `qs[qi]` restated in another currency after it
    /// (`10兆日元（约650亿美元）`; in a list, its counterpart in the brackets).
    pub fn restated(&self, qs: &[Quantity], qi: usize) -> Option<super::Money> {
        let next = (qi + 1..qs.len().min(qi + 8))
            .map(|j| &qs[j])
            .zip(qi + 1..)
            .find_map(|(q, j)| (self.restates(qs, j) == Some(Some(qi))).then_some(q))?;
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

/// For each of `sentences` (in order, none overlapping), the range of `quantities`
/// (in order of start) that [`Context::quantities_in`] gives for its bytes: found in
/// one pass over both, not two binary searches a sentence.
fn wholly_inside(sentences: &[Sentence], quantities: &[Quantity]) -> Vec<Range<usize>> {
    let mut from = 0;
    sentences
        .iter()
        .map(|s| {
            while from < quantities.len() && quantities[from].start < s.start {
                from += 1;
            }
            let to = from + quantities[from..].iter().take_while(|q| q.start < s.end).count();
            let keep = quantities[from..to].iter().take_while(|q| q.end <= s.end).count();
            from..from + keep
        })
        .collect()
}

/// How far [`sentences`] steps over a byte that begins none of the chars it breaks
/// at, by the byte: 0 for the first bytes of those chars (`\n`, `\u{c}`, `!`, `?`, `;`
/// and the lead bytes of `。` (E3) and of `！`, `？`, `；` (EF)), looked up before its
/// match of them; 3 for the first byte of a common Han char (E4–E9), stepped over
/// whole; else 1.
const SENTENCE_STEP: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0xe4;
    while b <= 0xe9 {
        t[b] = 3;
        b += 1;
    }
    let leads = [b'\n', 0x0c, b'!', b'?', b';', 0xe3, 0xef];
    let mut k = 0;
    while k < leads.len() {
        t[leads[k] as usize] = 0;
        k += 1;
    }
    t
};

fn sentences(doc: &Document, range: Range<usize>) -> Vec<Sentence> {
    let _stage = crate::timing::start(crate::timing::Stage::Segment);
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
    // by bytes: a break or a sentence mark is a char of its own (UTF-8 lead bytes
    // and ASCII are never inside another char), found by its first bytes
    let b = text.as_bytes();
    let mut i = range.start;
    while i < b.len() {
        let step = SENTENCE_STEP[b[i] as usize];
        if step > 0 {
            i += usize::from(step);
            continue;
        }
        let (len, breaks_line) = match b[i] {
            b'\n' | 0x0c => (1, true),
            b'!' | b'?' | b';' => (1, false),
            // 。
            0xe3 if b[i + 1..i + 3] == [0x80, 0x82] => (3, false),
            // ！ ？ ；
            0xef if b[i + 1] == 0xbc && matches!(b[i + 2], 0x81 | 0x9f | 0x9b) => (3, false),
            _ => {
                i += 1;
                continue;
            }
        };
        if breaks_line {
            push(start, i, line_start, &mut out);
            line_start = i + 1;
        } else {
            push(start, i + len, line_start, &mut out);
        }
        i += len;
        start = i;
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

const ALL_ROLES: [Role; 13] = [
    Role::FirmAccounts,
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
    /// One firm's accounts (`公司`, `归母净利润`, `研发费用`, `人均`): a rate of them is no
    /// market's.
    FirmAccounts,
}

/// `data/keywords.tsv`: (word, role name), read once.
static KEYWORD_ROWS: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| crate::data::pairs(include_str!("../../data/keywords.tsv")).collect());

/// Each role's pattern, compiled when first looked for: a report whose sentences need
/// no role's words (an investment's, with no amount of money) compiles none of them.
static KEYWORDS: [std::sync::OnceLock<Regex>; ALL_ROLES.len()] =
    [const { std::sync::OnceLock::new() }; ALL_ROLES.len()];

/// The alternation of `role`'s words, longest first.
fn keyword_pattern(role: Role) -> Regex {
    let mut words = words(role);
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let alternation = words.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|");
    Regex::new(&alternation).expect("keyword pattern")
}

/// Byte ranges (relative to `s`) of the keywords of `role` in `s`, longest match first.
pub fn keywords(s: &str, role: Role) -> Vec<Range<usize>> {
    pattern(role).find_iter(s).map(|m| m.range()).collect()
}

impl Context<'_> {
    /// For each sentence, whether it holds a keyword of `role`: one search of the
    /// context's text, not one of each sentence. The same, since no keyword holds a
    /// char that ends a sentence or opens or ends with one a sentence is trimmed of
    /// (a test holds them to that): a match is inside one sentence or none.
    pub fn sentences_with(&self, role: Role) -> Vec<bool> {
        let at = self.range.start;
        self.sentences_holding(
            pattern(role).find_iter(&self.doc.text[self.range.clone()]).map(|m| at + m.start()..at + m.end()),
        )
    }

    /// For each sentence, whether one of `spans` (byte ranges of the text, in order)
    /// lies wholly inside it.
    pub fn sentences_holding(&self, spans: impl Iterator<Item = Range<usize>>) -> Vec<bool> {
        let mut with = vec![false; self.sentences.len()];
        for span in spans {
            let i = self.sentences.partition_point(|s| s.end < span.end);
            if let Some(s) = self.sentences.get(i)
                && s.start <= span.start
            {
                with[i] = true;
            }
        }
        with
    }
}

pub fn has_keyword(s: &str, role: Role) -> bool {
    pattern(role).is_match(s)
}

fn pattern(role: Role) -> &'static Regex {
    let i = ALL_ROLES.iter().position(|r| *r == role).expect("every role is one of ALL_ROLES");
    KEYWORDS[i].get_or_init(|| keyword_pattern(role))
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
        Role::FirmAccounts => "firm_accounts",
    }
}

static NOT_BEFORE: LazyLock<Vec<&'static str>> = LazyLock::new(|| words(Role::NotMarketBefore));
static NOT_AFTER: LazyLock<Vec<&'static str>> = LazyLock::new(|| words(Role::NotMarketAfter));
static NOT_HEAD: LazyLock<Vec<&'static str>> = LazyLock::new(|| words(Role::NotHead));
/// Words between an amount and its restatement in another currency (`（约合人民币`).
const CONVERSION_WORDS: &[&str] = &["约合", "折合", "相当于", "人民币", "约为", "约", "合", "即", "为"];

/// What joins the amounts of a list (`56、46亿美元`, `392和322亿元`).
const AMOUNT_LIST_MARKS: &[&str] = &["、", "/", "／", "和", "与"];

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

/// Measure words that count only for a subject naming an industry or opening with a
/// place (`data/measures.tsv`, third column `industry`: `收入`).
static INDUSTRY_ONLY: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::data::rows(include_str!("../../data/measures.tsv"))
        .filter(|r| r.get(2).is_some_and(|c| c.trim() == "industry"))
        .map(|r| r[0])
        .collect()
});

/// Whether the measure word `word` may size the market `subject`: any subject for most
/// words; for `收入` and its like one that names an industry (`光伏行业`, `软件业`) or opens
/// with a place (`国内云游戏`), never an average (`平均`).
pub fn measure_fits(word: &str, subject: &str) -> bool {
    if !INDUSTRY_ONLY.contains(&word) {
        return true;
    }
    let industry = ["行业", "产业", "市场", "领域", "板块", "赛道", "业"].iter().any(|w| subject.ends_with(w));
    let place = REGIONS.0.find(subject).is_some_and(|m| m.start() == 0);
    (industry || place) && !subject.contains("平均")
}

/// The measure words in `s` (relative ranges) and the measure each names
/// (`网上零售额` → `retail_sales`).
pub fn measure_keywords(s: &str) -> Vec<(Range<usize>, &'static str)> {
    let (re, rows) = &*MEASURES;
    re.find_iter(s)
        .filter(|m| !NOT_BEFORE.iter().any(|w| s[..m.start()].ends_with(w)))
        .filter_map(|m| rows.iter().find(|r| r.0 == m.as_str()).map(|r| (m.range(), r.1)))
        .collect()
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
        if q.start < pos {
            continue;
        }
        rest.push_str(&lead[pos..q.start]);
        pos = q.end;
        // and the mark that lists it with the next (`分别为56、46亿美元`)
        let after = lead[pos..].trim_start();
        if let Some(mark) = AMOUNT_LIST_MARKS.iter().find(|m| after.starts_with(**m)) {
            pos = lead.len() - after.len() + mark.len();
        }
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

/// `data/region_lists.tsv`: (one-character names with their codes, words for abroad).
type RegionLists = (Vec<(char, &'static str)>, Vec<&'static str>);

static REGION_LISTS: LazyLock<RegionLists> = LazyLock::new(|| {
    let mut initials = Vec::new();
    let mut abroad = Vec::new();
    for r in crate::data::rows(include_str!("../../data/region_lists.tsv")) {
        match (r[0], r.get(1), r.get(2)) {
            ("initial", Some(c), Some(code)) => initials.push((c.chars().next().expect("an initial"), code.trim())),
            ("abroad", Some(w), _) => abroad.push(w.trim()),
            _ => panic!("data/region_lists.tsv: bad row {r:?}"),
        }
    }
    (initials, abroad)
});

/// What joins the places of a list (`海外/国内`, `中国、美国和欧洲`).
const PLACE_LIST_MARKS: [char; 6] = ['/', '／', '、', '和', '与', '及'];

/// Whether `c` is a one-character place name that runs with others (`中` of `中美两国`).
fn is_place_initial(c: char) -> bool {
    REGION_LISTS.0.iter().any(|i| i.0 == c)
}

/// The regions a subject lists, in order, for the figures it gives 分别 (respectively):
/// `中美两国智能眼镜` → CN, US; `海外/国内储能` → none (abroad), CN; `中国、美国和欧洲` →
/// CN, US, EU. Empty when the subject lists no regions.
pub fn listed_regions(subject: &str) -> Vec<Option<&'static str>> {
    let (initials, abroad) = &*REGION_LISTS;
    // one-character names run together, then not another such character (`中美两国`)
    let run: Vec<&'static str> =
        subject.chars().map_while(|c| initials.iter().find(|i| i.0 == c).map(|i| i.1)).collect();
    let mut codes = run.clone();
    codes.sort_unstable();
    codes.dedup();
    if run.len() >= 2 && codes.len() == run.len() {
        return run.into_iter().map(Some).collect();
    }
    // names joined by listing marks, each piece but the last a place and nothing else
    let pieces: Vec<&str> = subject.split(PLACE_LIST_MARKS).collect();
    if pieces.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        let place = |w: &str| if last { piece.starts_with(w) } else { *piece == w };
        if abroad.iter().any(|w| place(w)) {
            out.push(None);
            continue;
        }
        match region_in(piece) {
            Some(code) if REGIONS.1.iter().any(|r| r.1 == code && place(r.0)) => out.push(Some(code)),
            _ => return Vec::new(),
        }
    }
    out
}

/// The regions listed from the first place named in `text` on (`预计2023-2030年中国、美国
/// 和欧洲氢能…` → CN, US, EU; `2024年中美两国…` → CN, US).
pub fn listed_regions_in(text: &str) -> Vec<Option<&'static str>> {
    let abroad = &REGION_LISTS.1;
    let region_at = REGIONS.0.find(text).map(|m| m.start());
    let abroad_at = abroad.iter().filter_map(|w| text.find(w)).min();
    // a run of one-character names only at the start or after a year (`2024年中美两国`)
    let initial_at = text.char_indices().find_map(|(i, c)| {
        let after_year = i == 0 || text[..i].ends_with('年') || text[..i].ends_with(|c: char| !crate::chars::is_han(c));
        (after_year && is_place_initial(c)).then_some(i)
    });
    let Some(at) = [region_at, abroad_at, initial_at].into_iter().flatten().min() else { return Vec::new() };
    listed_regions(&text[at..])
}

/// `subject` without the places it opens with, for figures given one to each place:
/// `欧洲氢能市场规模` → `氢能市场规模`, `海外/国内光伏逆变器` → `光伏逆变器`, `中美两国智能眼镜`
/// → `智能眼镜`.
pub fn without_leading_place(subject: &str) -> &str {
    let abroad = &REGION_LISTS.1;
    let keep = |rest: &'_ str| rest.chars().count() >= 2;
    let run: usize = subject.chars().take_while(|&c| is_place_initial(c)).map(char::len_utf8).sum();
    if run > 3 {
        let rest = subject[run..].trim_start_matches(['两', '三', '四', '五']).trim_start_matches(['国', '地']);
        if keep(rest) {
            return rest;
        }
    }
    let last = subject.rsplit(PLACE_LIST_MARKS).next().unwrap_or(subject);
    if let Some(w) = abroad.iter().find(|w| last.starts_with(**w)) {
        return if keep(&last[w.len()..]) { &last[w.len()..] } else { subject };
    }
    match REGIONS.0.find(last) {
        Some(m) if m.start() == 0 && keep(&last[m.end()..]) => &last[m.end()..],
        _ => subject,
    }
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
        // (and so within the phrase: `光伏逆变` + `器出货量`)
        let verb_of_noun = start < end
            && t.tag.starts_with('v')
            && t.word.chars().count() == 2
            && tokens[start].word.chars().count() == 1
            && matches!(tokens[start].tag, "n" | "ng" | "q");
        // (and one-character place names run together: `中` + `韩两国`)
        let is_initial = |w: &str| w.chars().next().is_some_and(is_place_initial);
        let initials =
            start < end && t.word.chars().count() == 1 && is_initial(t.word) && is_initial(tokens[start].word);
        if !subject_token(t.word, t.tag) && !verb_of_noun && !initials {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let raw = crate::ingest::from_bytes(std::path::Path::new("t.txt"), text.as_bytes()).unwrap();
        Document::from_raw(raw)
    }

    /// A random text of up to `max - 1` of `pieces` after `起` (an empty text is no
    /// document).
    fn random_text(rng: &mut impl FnMut() -> u64, pieces: &[&str], max: u64) -> String {
        let len = rng() % max;
        std::iter::once("起").chain((0..len).map(|_| pieces[(rng() % pieces.len() as u64) as usize])).collect()
    }

    /// The one pass gives each sentence the quantities the two binary searches give:
    /// none, one, several, at a sentence's first and last byte, in a list, in lines
    /// with no end mark, over every fixture text.
    #[test]
    fn sentence_quantities_are_the_quantities_in_its_bytes() {
        let mut texts = vec![
            "无数字。\n\n12亿元。3%；5%、6%及7%\n“约40亿美元”？增长9.5个百分点！\n末行8,000万元".to_string(),
            "2023年\n2024年收入30亿元，同比增长15%。；；\n•  产能达到120GWh\n".repeat(30),
        ];
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let bytes = std::fs::read(&path).unwrap();
                if let Ok(text) = String::from_utf8(bytes) {
                    texts.push(text);
                }
            }
        }
        let mut seen = 0;
        for text in &texts {
            let d = doc(text);
            let ctx = Context::new(&d);
            assert_eq!(ctx.sentence_quantities.len(), ctx.sentences.len());
            for (i, s) in ctx.sentences.iter().enumerate() {
                let ours = ctx.sentence_quantities(i);
                assert_eq!(ours.as_ptr_range(), ctx.quantities_in(s.start..s.end).as_ptr_range(), "{text:?} {i}");
                seen += ours.len();
            }
        }
        assert!(seen > 100, "{seen} quantities");
    }

    /// What [`Context::sentences_with`] needs of the keywords: none holds a char that
    /// ends a sentence, and none opens or ends with a char a sentence is trimmed of.
    #[test]
    fn no_keyword_crosses_a_sentence() {
        for (w, _) in KEYWORD_ROWS.iter() {
            assert!(!w.contains(['\n', '\u{c}', '。', '！', '？', '!', '?', '；', ';']), "{w:?}");
            assert!(!w.starts_with(['•', ' ']) && w.trim_end() == *w, "{w:?}");
        }
    }

    /// One search of the text marks the sentences a search of each marks, over random
    /// texts of share keywords, other words and the marks that end and trim sentences.
    #[test]
    fn sentences_with_a_keyword_are_those_a_search_of_each_finds() {
        let pieces =
            ["市场份额", "市占率", "份额", "占比", "市场", "规模", "30%", "。", "；", "\n", " ", "•", "，", "!", "a"];
        let mut rng = crate::random::xorshift(0x5e47_0001);
        let mut marked = 0;
        for _ in 0..400 {
            let text = random_text(&mut rng, &pieces, 30);
            let d = doc(&text);
            let ctx = Context::new(&d);
            let each: Vec<bool> =
                ctx.sentences.iter().map(|s| !keywords(ctx.text(s.start..s.end), Role::Share).is_empty()).collect();
            assert_eq!(ctx.sentences_with(Role::Share), each, "{text:?}");
            marked += each.iter().filter(|&&b| b).count();
        }
        assert!(marked > 200, "{marked}");
    }

    /// The sentences found by bytes are those found char by char, over random texts of
    /// every mark, the chars whose UTF-8 shares their first bytes (`、`, `〇`, `，`, `：`,
    /// `｝`) and parts that start and end inside the text.
    #[test]
    fn sentences_by_bytes_are_sentences_by_chars() {
        fn by_chars(doc: &Document, range: Range<usize>) -> Vec<(usize, usize, usize)> {
            let text = &doc.text[..range.end];
            let (mut out, mut start, mut line_start) = (Vec::new(), range.start, range.start);
            let mut push = |from: usize, to: usize, line_start: usize| {
                let body = text[from..to].trim_start_matches(['•', ' ']);
                let from = to - body.len();
                let body = body.trim_end();
                if !body.is_empty() {
                    out.push((from, from + body.len(), line_start));
                }
            };
            for (i, c) in text[range.start..].char_indices() {
                let i = i + range.start;
                match c {
                    '\n' | '\u{c}' => {
                        push(start, i, line_start);
                        (start, line_start) = (i + 1, i + 1);
                    }
                    '。' | '！' | '？' | '!' | '?' | '；' | ';' => {
                        push(start, i + c.len_utf8(), line_start);
                        start = i + c.len_utf8();
                    }
                    _ => {}
                }
            }
            push(start, text.len(), line_start);
            out
        }
        let pieces = [
            "。", "！", "？", "!", "?", "；", ";", "\n", "\u{c}", "、", "〇", "，", "：", "｝", "（", " ", "•", "规模",
            "a", "3",
        ];
        let mut rng = crate::random::xorshift(0x5e47_0002);
        let mut found = 0;
        for _ in 0..3000 {
            let d = doc(&random_text(&mut rng, &pieces, 24));
            let mut from = (rng() as usize) % (d.text.len() + 1);
            while !d.text.is_char_boundary(from) {
                from -= 1;
            }
            let mut to = from + (rng() as usize) % (d.text.len() - from + 1);
            while !d.text.is_char_boundary(to) {
                to += 1;
            }
            for range in [0..d.text.len(), from..d.text.len(), from..to] {
                let got: Vec<_> = sentences(&d, range.clone()).iter().map(|s| (s.start, s.end, s.line_start)).collect();
                assert_eq!(got, by_chars(&d, range), "{:?}", d.text);
                found += got.len();
            }
        }
        assert!(found > 10000, "{found}");
    }
}
