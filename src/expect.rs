//! Expectations: does a document's extraction still hold the facts a user expects?
//!
//! An expectation file has the shape of `extract --format json` (a `facts` array)
//! and may list only some facts, and only some fields of each. An expected fact is
//! matched by an extracted fact that agrees on every field it lists: numbers within
//! a relative 1e-6 (or the fact's own `tolerance`, also relative), objects field by
//! field, anything else exactly. Each extracted fact matches at most one expected one.

use serde_json::{Map, Value};

/// The relative tolerance for numbers when an expectation gives none.
pub const DEFAULT_TOLERANCE: f64 = 1e-6;

/// A field where the nearest candidate differs: its dotted path, and both values.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    pub field: String,
    pub expected: Value,
    pub got: Value,
}

/// An expected fact no extracted fact matched, with the nearest candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub expected: Value,
    /// Index of the nearest extracted fact of the same kind, and how it differs.
    pub nearest: Option<(usize, Vec<FieldDiff>)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub expected: usize,
    pub matched: usize,
    pub missing: Vec<Missing>,
    /// Indices of the extracted facts no expected fact matched (what `--exact` fails on).
    pub extra: Vec<usize>,
}

/// The facts of an expectation file: its `facts` array, or the file itself when it
/// is an array.
pub fn facts_of(expectation: &Value) -> Option<&Vec<Value>> {
    match expectation {
        Value::Array(a) => Some(a),
        Value::Object(o) => o.get("facts").and_then(Value::as_array),
        _ => None,
    }
}

/// Compares `expected` facts with the `got` facts (both as JSON).
pub fn compare(expected: &[Value], got: &[Value]) -> Outcome {
    let mut used = vec![false; got.len()];
    let mut outcome = Outcome { expected: expected.len(), ..Outcome::default() };
    for e in expected {
        let tolerance = e.get("tolerance").and_then(Value::as_f64).unwrap_or(DEFAULT_TOLERANCE);
        let hit = got.iter().enumerate().position(|(i, g)| !used[i] && diffs(e, g, tolerance, "").is_empty());
        match hit {
            Some(i) => {
                used[i] = true;
                outcome.matched += 1;
            }
            None => {
                let kind = e.get("kind");
                let nearest = got
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| kind.is_none() || g.get("kind") == kind)
                    .map(|(i, g)| (i, diffs(e, g, tolerance, "")))
                    .min_by_key(|(_, d)| d.len());
                outcome.missing.push(Missing { expected: e.clone(), nearest });
            }
        }
    }
    outcome.extra = (0..got.len()).filter(|&i| !used[i]).collect();
    outcome
}

/// The fields of `expected` that `got` does not agree with.
fn diffs(expected: &Value, got: &Value, tolerance: f64, path: &str) -> Vec<FieldDiff> {
    let Value::Object(e) = expected else {
        return if agrees(expected, got, tolerance) {
            vec![]
        } else {
            vec![FieldDiff { field: path.to_string(), expected: expected.clone(), got: got.clone() }]
        };
    };
    let empty = Map::new();
    let g = got.as_object().unwrap_or(&empty);
    let mut out = Vec::new();
    for (k, v) in e {
        if k == "tolerance" && path.is_empty() {
            continue;
        }
        let field = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
        let other = g.get(k).unwrap_or(&Value::Null);
        if v.is_object() {
            out.extend(diffs(v, other, tolerance, &field));
        } else if !agrees(v, other, tolerance) {
            out.push(FieldDiff { field, expected: v.clone(), got: other.clone() });
        }
    }
    out
}

/// Two JSON values agree: numbers (or decimal strings) within `tolerance`, relative.
fn agrees(a: &Value, b: &Value, tolerance: f64) -> bool {
    let num = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<f64>().ok(),
        _ => None,
    };
    match (a, b) {
        (Value::Number(_), _) | (_, Value::Number(_)) => match (num(a), num(b)) {
            (Some(x), Some(y)) => x == y || (x - y).abs() <= tolerance * x.abs().max(y.abs()),
            _ => false,
        },
        _ => a == b,
    }
}

/// A fact as an expectation: evidence reduced to its page, so the expectation
/// still holds when the same report comes as text or PDF.
pub fn as_expectation(fact: &Value) -> Value {
    let mut f = fact.clone();
    if let Some(ev) = f.get_mut("evidence").and_then(Value::as_object_mut) {
        ev.retain(|k, _| k == "page");
    }
    f
}
