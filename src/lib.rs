//! `report`: reads industry reports, mostly Chinese, and turns them into typed,
//! sourced facts.
//!
//! The pipeline runs one way, a module a stage:
//! [`ingest`] → [`normalize`] → [`segment`] → [`quantity`] → [`extract`] → [`output`].
//! The `report` binary is a thin layer over [`cmd`].

pub mod cmd;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod quantity;
pub mod segment;
