//! `market_share`: the share of a market that a firm, a country or a product holds
//! (`某企业占全球市场份额的35%`, `国产芯片的市场占有率已提升至18%`).
//!
//! A share counts where a share keyword (`data/keywords.tsv`, role `share`: 市场份额,
//! 市场占有率, 市占率, ...) and a percent stand in one clause with only link words
//! between them (`份额达到`, `份额为`; `以35%的份额`): a share that changes by a
//! percent (`份额提升了5%`) is no share. The holder is what the clause says before
//! 占 or 在 (else before the keyword), years and connectives trimmed; the region is the
//! market's (`全球`, `中国`), else the first the sentence names before it.

use super::context::{Context, Role, clauses, keywords, only_links, region_in};
use super::registry::{Cell, Column, Fact, Part};
use super::{Evidence, Found, evidence};
use crate::quantity::{Decimal, Value};
use serde::Serialize;

/// A share of a market, in percent.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketShare {
    /// Who or what holds the share, as written (`某企业`, `国产芯片`), or null.
    pub holder: Option<String>,
    /// The market's region: `global`, an ISO 3166 code, a province, or null.
    pub region: Option<String>,
    pub year: Option<i32>,
    /// The share as a percent figure: 35 for 35%.
    pub share: Decimal,
    /// The data source bound to it: the nearest attribution on the same page.
    pub source: Option<String>,
    pub evidence: Evidence,
}

/// The columns of a market share, in the order the views show them.
pub static COLUMNS: &[Column<MarketShare>] = &[
    Column::brief("year", |m| Cell::int(m.year)),
    Column::brief("region", |m| Cell::text(&m.region)),
    Column::brief("holder", |m| Cell::text(&m.holder)),
    Column::brief("share", |m| Cell::Number(m.share.clone())),
    Column::brief("source", |m| Cell::text(&m.source)),
];

/// Words between the holder and its market: `某企业占全球市场份额`, `中国企业在全球市场的份额`.
const HOLDS: &[&str] = &["占据", "占有", "占", "在"];

/// The market shares of a part, each bound to its nearest data source.
pub(crate) fn extract_part(part: &Part) -> Vec<Found<Fact>> {
    extract(part.ctx)
        .into_iter()
        .map(|mut f| {
            f.fact.source = part.source_for(f.span.clone(), f.fact.region.as_deref());
            Found { at: f.at, span: f.span, fact: Fact::MarketShare(f.fact) }
        })
        .collect()
}

fn extract(ctx: &Context) -> Vec<Found<MarketShare>> {
    let text = &ctx.doc.text;
    let mut out = Vec::new();
    let with_share = ctx.sentences_with(Role::Share);
    for (si, s) in ctx.sentences.iter().enumerate() {
        if !with_share[si] {
            continue;
        }
        let qs = ctx.sentence_quantities(si);
        for clause in clauses(text, s.start..s.end) {
            let ctext = &text[clause.clone()];
            let Some(kw) = keywords(ctext, Role::Share).first().map(|k| clause.start + k.start..clause.start + k.end)
            else {
                continue;
            };
            let percent =
                |q: &&crate::quantity::Quantity| matches!(q.value, Value::Percent { .. }) && q.upper.is_none();
            let in_clause = || qs.iter().filter(|q| q.start >= clause.start && q.end <= clause.end);
            // after the keyword with links between (`份额达到35%`), else right before it (`35%的份额`)
            let q = in_clause()
                .filter(|q| q.start >= kw.end)
                .find(percent)
                .filter(|q| only_links(&text[kw.end..q.start]))
                .or_else(|| {
                    in_clause()
                        .filter(|q| q.end <= kw.start)
                        .rfind(percent)
                        .filter(|q| only_links(&text[q.end..kw.start]))
                });
            let Some(q) = q else { continue };
            if !matches!(q.value, Value::Percent { .. }) {
                continue;
            }
            let lead_end = kw.start.min(q.start);
            let lead = &text[clause.start..lead_end];
            let (holder_part, market_part) =
                match HOLDS.iter().filter_map(|w| lead.rfind(w).map(|i| (i, w.len()))).max() {
                    Some((i, len)) => (&lead[..i], &lead[i + len..]),
                    None => (lead, ""),
                };
            let region = region_in(market_part)
                .or_else(|| region_in(&text[kw.start..clause.end]))
                .or_else(|| region_in(lead))
                .or_else(|| region_in(&text[s.start..clause.start]))
                .map(str::to_string);
            let year = in_clause().chain(qs.iter().filter(|x| x.end <= clause.start)).find_map(|x| x.value.year());
            // `美国、中国、欧洲在全球算力中的份额分别为36%、31%和11%`: a share to each holder
            // listed; a list of shares with no list of as many holders is left unread
            let qi = qs.iter().position(|x| std::ptr::eq(x, q)).unwrap_or(0);
            let (_, of) = ctx.list_position(qs, qi);
            let holders: Vec<Option<String>> = if of > 1 {
                let listed = listed_holders(holder_part);
                if listed.len() != of {
                    continue;
                }
                listed.into_iter().map(Some).collect()
            } else {
                vec![holder(holder_part)]
            };
            for (holder, share) in holders.into_iter().zip(&qs[qi..qi + of]) {
                let Value::Percent { value } = &share.value else { continue };
                out.push(Found {
                    at: share.start,
                    span: s.start..s.end,
                    fact: MarketShare {
                        holder,
                        region: region.clone(),
                        year,
                        share: value.clone(),
                        source: None,
                        evidence: evidence(ctx, s),
                    },
                });
            }
        }
    }
    out
}

/// The holders a lead lists (`美国、中国、欧洲和日本` after a year or a topic word), as
/// written; none when it lists fewer than two.
fn listed_holders(lead: &str) -> Vec<String> {
    let qs = crate::quantity::scan(lead);
    let from = qs.iter().rev().find(|q| q.value.year().is_some()).map_or(0, |q| q.end);
    // the list is the last phrase before the holding word (`算力水平方面，美国、中国`)
    let phrase = lead[from..].rsplit(['，', ',', '：', ':']).next().unwrap_or("");
    let pieces: Vec<&str> = phrase.split(['、', '和', '与', '及', '/']).map(str::trim).collect();
    if pieces.len() < 2 || pieces.iter().any(|p| p.is_empty() || p.chars().count() > 12) {
        return Vec::new();
    }
    pieces.into_iter().map(str::to_string).collect()
}

/// The holder as written: years, connectives and the words that link it to its
/// share trimmed; none when nothing but a region or a pronoun is left.
fn holder(lead: &str) -> Option<String> {
    let qs = crate::quantity::scan(lead);
    // what follows the last year or date (`2024年某企业`); a count stays (`前五家厂商`)
    let from = qs.iter().rev().find(|q| q.value.year().is_some()).map_or(0, |q| q.end);
    let mut h = lead[from..].trim_matches(|c: char| c.is_whitespace() || "，,、。；;：:".contains(c));
    for w in ["其中", "同时", "目前", "截至", "此外", "而"] {
        h = h.strip_prefix(w).unwrap_or(h);
    }
    const TAIL: &[&str] = &["的", "在", "已", "将", "以", "拥有", "合计", "共计", "累计", "整体", "全球", "国内"];
    while let Some(rest) = TAIL.iter().find_map(|w| h.strip_suffix(w)) {
        h = rest;
    }
    let h = h.trim();
    let n = h.chars().count();
    // a region alone names the market, not who holds a share of it
    let bare_region = region_in(h).is_some_and(|r| r == h || n <= 3);
    ((2..=24).contains(&n) && !bare_region && !matches!(h, "其" | "我们" | "它们" | "其份额")).then(|| h.to_string())
}
