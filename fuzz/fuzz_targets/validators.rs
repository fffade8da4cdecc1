//! The generated validators differentially against the jsonschema crate. `build.rs` generates
//! the validators of the fixed schemas in `fuzz/schemas/` (every keyword the validators
//! implement); each input is a JSON instance, read by serde_json, that goes through every
//! schema's `validate_json` (parse, validate, convert to the Rust type) and through
//! `jsonschema`. The verdicts, and where both reject the failing pointers, must agree, by the
//! comparison of tests/hostile's differential test (`tests/hostile/src/schema_differential.rs`,
//! included here); a disagreement panics with the schema's name, the instance and both
//! answers. Built with `--features validators`.
#![no_main]

#[path = "../../tests/hostile/src/schema_differential.rs"]
mod schema_differential;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

/// One schema of `fuzz/schemas/`.
pub struct Schema {
    name: &'static str,
    text: &'static str,
    /// The generated `validate_json` of the schema's root definition: `None` when valid,
    /// else each violation's pointer and keyword.
    validate: fn(&str) -> Option<Result<(), Vec<(String, String)>>>,
}

include!(concat!(env!("OUT_DIR"), "/validators.rs"));

/// Each schema, read, with its jsonschema validator (built once).
fn references() -> &'static [(Value, jsonschema::Validator)] {
    static REFERENCES: OnceLock<Vec<(Value, jsonschema::Validator)>> = OnceLock::new();
    REFERENCES.get_or_init(|| {
        SCHEMAS
            .iter()
            .map(|s| {
                let schema: Value = serde_json::from_str(s.text)
                    .unwrap_or_else(|e| panic!("fuzz/schemas/{}.json: {e}", s.name));
                let validator = schema_differential::validator(&schema, true).unwrap_or_else(|e| {
                    panic!("jsonschema refuses fuzz/schemas/{}.json: {e}", s.name)
                });
                (schema, validator)
            })
            .collect()
    })
}

/// Whether `value` holds a number of magnitude 2^53 or more, beyond which an `f64` no longer
/// holds every integer: where the open disagreements of
/// `fuzz/regressions/validators/README.md` lie (bounds, `multipleOf`, `uniqueItems`).
fn beyond_f64(value: &Value) -> bool {
    match value {
        Value::Number(n) => n
            .as_f64()
            .is_some_and(|f| f.abs() >= 9_007_199_254_740_992.0),
        Value::Array(items) => items.iter().any(beyond_f64),
        Value::Object(members) => members.values().any(beyond_f64),
        _ => false,
    }
}

/// `OASBIND_FUZZ_SKIP_BIG_NUMBERS=1` (set by `fuzz/ci.sh`, so that CI does not stop on the
/// open disagreements): instances with such numbers are skipped.
fn skip_big_numbers() -> bool {
    static SKIP: OnceLock<bool> = OnceLock::new();
    *SKIP
        .get_or_init(|| std::env::var_os("OASBIND_FUZZ_SKIP_BIG_NUMBERS").is_some_and(|v| v == "1"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(instance) = serde_json::from_str::<Value>(text) else {
        return;
    };
    if skip_big_numbers() && beyond_f64(&instance) {
        return;
    }
    for (s, (schema, validator)) in SCHEMAS.iter().zip(references()) {
        let ours = (s.validate)(text)
            .expect("the schema's root is a definition")
            .err();
        if let Err(disagreement) = schema_differential::compare(schema, validator, &instance, ours)
        {
            panic!("schema {}: {disagreement}\ntext {text:?}", s.name);
        }
    }
});
