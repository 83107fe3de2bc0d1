//! `report`: reads industry reports, mostly Chinese, and turns them into typed,
//! sourced facts.
//!
//! The pipeline runs one way, a module a stage:
//! [`ingest`] → [`normalize`] → [`segment`] → [`quantity`] → [`extract`] → [`check`] → [`output`].
//! The `report` binary is a thin layer over [`cmd`].
//!
//! ```
//! use report::extract::{Fact, extract};
//! use report::{ingest, normalize::Document};
//!
//! let text = "2024年中国AI大模型市场规模达到165亿元，预计到2028年将达到624亿元。";
//! let raw = ingest::from_bytes(std::path::Path::new("example.txt"), text.as_bytes()).unwrap();
//! let facts = extract(&Document::from_raw(raw));
//! let Fact::MarketSize(m) = &facts[1] else { panic!("expected a market size") };
//! assert_eq!((m.year, m.value.to_string().as_str(), m.currency, m.forecast), (Some(2028), "62400000000", "CNY", true));
//! assert_eq!(m.subject.as_deref(), Some("中国AI大模型"));
//! ```

pub mod chars;
pub mod check;
#[cfg(feature = "cli")]
pub mod cmd;
pub mod data;
pub mod error;
pub mod expect;
pub mod extract;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod interrupt;
pub mod normalize;
pub mod output;
mod parallel;
pub mod pipeline;
pub mod quantity;
#[cfg(any(test, feature = "cli"))]
#[doc(hidden)]
pub mod random;
pub mod segment;
pub mod structure;
pub mod tables;
pub mod timing;
