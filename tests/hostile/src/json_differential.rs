//! The runtime's JSON reader against serde_json, on one text: the tree the diagnosing
//! validators walk (`Json::parse`) reads exactly what `serde_json` reads, with the same
//! value, and the lean reader of `from_json`, whenever it reads a value (it may give up,
//! leaving the diagnosing path to decide), reads what `serde_json` reads from that text.
//!
//! Shared by the bounded property test (`tests/json_reader.rs`, in `cargo test` and CI) and
//! the cargo-fuzz target `fuzz/fuzz_targets/json_reader.rs`, which includes this file.

use oasbind_runtime::__private::check::{lean, Json};
use serde::Deserialize;
use serde_json::Value;

/// A typed target with the shapes the lean reader treats on its own: integers of several
/// widths, floats, strings (with escapes), booleans, `Option`s that may be `null`, lists,
/// maps and a nested struct.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Typed {
    a: Option<i64>,
    b: Option<String>,
    c: Option<Vec<f64>>,
    d: Option<bool>,
    e: Option<Box<Typed>>,
    f: Option<u8>,
    g: Option<std::collections::BTreeMap<String, u64>>,
}

/// The properties of [`Typed`] where `null` stands for `None`.
const NULLABLE: &[&str] = &["a", "b", "c", "d", "e", "f", "g"];

/// The tree as a `serde_json::Value`.
fn to_value(json: &Json<'_>) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.clone()),
        Json::String(s) => Value::String(s.to_string()),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_owned(), to_value(v)))
                .collect(),
        ),
    }
}

/// Equal as values and as text (so that `-0.0` and `0`, `1.0` and `1` differ).
fn same(a: &Value, b: &Value) -> bool {
    let (a_text, b_text) = (a.to_string(), b.to_string());
    a == b && a_text == b_text
}

/// Where the readers disagree with `serde_json` on `text`, if they do.
///
/// # Errors
/// A description of the disagreement, with the text.
pub fn compare(text: &str) -> Result<(), String> {
    let expected = serde_json::from_str::<Value>(text);
    match (&expected, Json::parse(text)) {
        (Ok(value), Ok(tree)) => {
            let tree = to_value(&tree);
            if !same(value, &tree) {
                return Err(format!(
                    "the tree reads {tree}, serde_json {value}, from {text:?}"
                ));
            }
        }
        (Err(_), Err(_)) => {}
        (Ok(value), Err(e)) => {
            return Err(format!(
                "the tree refuses ({e}) what serde_json reads as {value}: {text:?}"
            ))
        }
        (Err(e), Ok(tree)) => {
            return Err(format!(
                "the tree reads {} where serde_json refuses ({e}): {text:?}",
                to_value(&tree)
            ));
        }
    }
    if let Some(lean) = lean::<Value>(text, &[]) {
        match &expected {
            Ok(value) if same(value, &lean) => {}
            Ok(value) => {
                return Err(format!(
                    "the lean reader reads {lean}, serde_json {value}, from {text:?}"
                ))
            }
            Err(e) => {
                return Err(format!(
                    "the lean reader reads {lean} where serde_json refuses ({e}): {text:?}"
                ))
            }
        }
    }
    if let Some(lean) = lean::<Typed>(text, NULLABLE) {
        match serde_json::from_str::<Typed>(text) {
            Ok(typed) if typed == lean => {}
            Ok(typed) => {
                return Err(format!(
                    "the lean reader reads {lean:?}, serde_json {typed:?}, from {text:?}"
                ))
            }
            Err(e) => {
                return Err(format!(
                    "the lean reader reads {lean:?} where serde_json refuses ({e}): {text:?}"
                ))
            }
        }
    }
    if let Some(lean) = lean::<String>(text, &[]) {
        match serde_json::from_str::<String>(text) {
            Ok(s) if s == lean => {}
            other => {
                return Err(format!(
                "the lean reader reads the string {lean:?}, serde_json {other:?}, from {text:?}"
            ))
            }
        }
    }
    Ok(())
}
