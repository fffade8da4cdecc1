//! The comparison of a generated validator's verdict with the `jsonschema` crate's, and the
//! conventions in which the two differ: 1 and 2 in `docs/differential.md`, 1's
//! `propertyNames` case, 3 and 4 in `docs/reliability.md` ("Fuzzing at scale"), where the
//! cargo-fuzz target `validators` found them.
//!
//! Shared by the differential test (`tests/differential.rs`, random schemas compiled into a
//! scratch crate) and the cargo-fuzz target `fuzz/fuzz_targets/validators.rs` (fixed
//! schemas, arbitrary instances), which both include this file by path: it needs the
//! `jsonschema` crate, a dev-dependency of this crate, so the library does not declare it.

use serde_json::Value;
use std::collections::BTreeSet;

/// Whether a (schema, instance) pair is a known `jsonschema` mistake.
pub type Known = fn(&Value, &Value) -> bool;

/// Disagreements where `jsonschema` is wrong (see `docs/differential.md`): a predicate on
/// (schema, instance) and the reason.
pub const KNOWN: &[(Known, &str)] = &[];

/// The draft 2020-12 validator of `schema`, with `format` asserted when `formats` is set (as
/// oasbind's `Config::assert_formats` does; both treat it as an annotation otherwise).
///
/// # Errors
/// jsonschema's reason for refusing the schema.
///
/// jsonschema is given [`ascii_word_boundaries`]' copy of `schema`: its one known mistake
/// (`docs/differential.md`, "Where jsonschema is wrong") is corrected in what it reads, so
/// that such instances are still compared rather than skipped.
pub fn validator(schema: &Value, formats: bool) -> Result<jsonschema::Validator, String> {
    jsonschema::draft202012::options()
        .should_validate_formats(formats)
        .build(&ascii_word_boundaries(schema))
        .map_err(|e| e.to_string())
}

/// `schema` with `\b` and `\B` in every `pattern` and `patternProperties` name spelled out
/// as the lookarounds ECMA-262 means by them.
///
/// ECMA-262's word characters are `[A-Za-z0-9_]` (the JSON Schema Test Suite's
/// `optional/ecmascript-regex.json`: `\w` does not match `é`), and `\b` is the boundary
/// between one of them and anything else. jsonschema 0.61 rewrites `\w` to that class but
/// leaves `\b` to its engine, whose boundary is Unicode-aware: to it there is no boundary
/// between `a` and `\u{19a0}`, where ECMA-262, and oasbind, see one.
pub fn ascii_word_boundaries(schema: &Value) -> Value {
    match schema {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| match (key.as_str(), value) {
                    ("pattern", Value::String(pattern)) => {
                        (key.clone(), Value::String(spell_out_boundaries(pattern)))
                    }
                    ("patternProperties", Value::Object(patterns)) => (
                        key.clone(),
                        Value::Object(
                            patterns
                                .iter()
                                .map(|(p, s)| (spell_out_boundaries(p), ascii_word_boundaries(s)))
                                .collect(),
                        ),
                    ),
                    // These hold values, not schemas.
                    ("enum" | "const" | "examples" | "default", _) => (key.clone(), value.clone()),
                    _ => (key.clone(), ascii_word_boundaries(value)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(ascii_word_boundaries).collect()),
        other => other.clone(),
    }
}

/// `pattern` with each `\b` and `\B` outside a character class (where `[\b]` is a
/// backspace) replaced by its ECMA-262 meaning.
fn spell_out_boundaries(pattern: &str) -> String {
    const BOUNDARY: &str =
        "(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))";
    const NOT_BOUNDARY: &str =
        "(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<![A-Za-z0-9_])(?![A-Za-z0-9_]))";
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if !in_class => out.push_str(BOUNDARY),
                Some('B') if !in_class => out.push_str(NOT_BOUNDARY),
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Where jsonschema reports what oasbind reports at `pointer` for `keyword`: one of the
/// conventions in which they differ (convention 1) is that an unexpected property
/// (`additionalProperties: false`) and a property name that fails `propertyNames` are the
/// object's errors to jsonschema, and are pointed at by oasbind.
pub fn jsonschema_location(pointer: String, keyword: &str) -> String {
    if keyword == "additionalProperties" || keyword == "propertyNames" {
        if let Some((parent, _)) = pointer.rsplit_once('/') {
            return parent.to_owned();
        }
    }
    pointer
}

/// jsonschema's answer: `None` when valid, else the pointers of its errors, and where it
/// reported a failed `unevaluatedProperties` or `unevaluatedItems`.
///
/// Convention 2 (docs/differential.md): when a schema's
/// own `type` fails, oasbind checks none of that schema's other keywords (the value has
/// the wrong shape for them), while jsonschema goes on. Errors of those other keywords
/// (schema path under a schema whose `type` failed) are left out here.
pub fn reference(validator: &jsonschema::Validator, instance: &Value) -> Option<Reference> {
    if validator.is_valid(instance) {
        return None;
    }
    let mut unevaluated = Vec::new();
    let errors: Vec<(String, String)> = validator
        .iter_errors(instance)
        .map(|e| {
            let at = e.instance_path().as_str().to_owned();
            match e.kind() {
                jsonschema::error::ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    unevaluated.push((at.clone(), Some(unexpected.clone())));
                }
                jsonschema::error::ValidationErrorKind::UnevaluatedItems { .. } => {
                    unevaluated.push((at.clone(), None));
                }
                _ => {}
            }
            (at, e.schema_path().as_str().to_owned())
        })
        .collect();
    // (schema, instance location) of every failed `type`.
    let wrong_type: Vec<(String, &str)> = errors
        .iter()
        .filter_map(|(at, schema)| {
            Some((format!("{}/", schema.strip_suffix("/type")?), at.as_str()))
        })
        .collect();
    let pointers = errors
        .iter()
        .filter(|(at, schema)| {
            !wrong_type.iter().any(|(s, p)| {
                schema.starts_with(s.as_str()) && *schema != format!("{s}type") && below(at, p)
            })
        })
        .map(|(pointer, _)| pointer.clone())
        .collect();
    Some(Reference {
        pointers,
        unevaluated,
    })
}

/// Whether the JSON pointer `at` is `p` or below it.
fn below(at: &str, p: &str) -> bool {
    at == p || at.strip_prefix(p).is_some_and(|rest| rest.starts_with('/'))
}

/// jsonschema's errors on an instance it rejects.
#[derive(Debug)]
pub struct Reference {
    /// The pointers of its errors (see [`reference`] for those left out).
    pub pointers: BTreeSet<String>,
    /// Where an `unevaluatedProperties` (with the unexpected properties' names) or an
    /// `unevaluatedItems` failed.
    pub unevaluated: Vec<(String, Option<Vec<String>>)>,
}

/// Convention 3 (docs/reliability.md, "Fuzzing at scale"): jsonschema reports an unevaluated property
/// or item that fails `unevaluatedProperties` / `unevaluatedItems` at the object or array,
/// and names the properties (not the items); oasbind reports it at the value, with the
/// keyword that failed (`unevaluatedProperties` when it is `false`, else the keyword of
/// that schema, at the value or below it). A pointer of oasbind's below such an object (at
/// one of the named properties) or array (at any item) that jsonschema does not report
/// itself is moved to the object or array.
fn unevaluated_location(pointer: String, reference: &Reference) -> String {
    if reference.pointers.contains(&pointer) {
        return pointer;
    }
    for (at, names) in &reference.unevaluated {
        let Some(rest) = pointer
            .strip_prefix(at.as_str())
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let child = rest.split('/').next().unwrap_or_default();
        let named = match names {
            Some(names) => names
                .iter()
                .any(|n| n.replace('~', "~0").replace('/', "~1") == child),
            None => true,
        };
        if named {
            return at.clone();
        }
    }
    pointer
}

/// Convention 4 (docs/reliability.md, "Fuzzing at scale"): an integer outside `i64` (the Rust type of
/// `type: integer`; an integral float only from 9e18 in magnitude, below which the runtime
/// reads it as an `i64`) is one the generated type cannot hold, and oasbind reports it as
/// a `type` violation at its pointer once every keyword has passed; jsonschema, which has
/// no Rust type to fill, accepts it. Such violations are left out, unless jsonschema
/// reports an error where they are located (after conventions 1 and 3) too.
fn beyond_i64(instance: &Value, pointer: &str, keyword: &str) -> bool {
    keyword == "type"
        && instance
            .pointer(pointer)
            .and_then(Value::as_number)
            .is_some_and(|n| {
                // The runtime reads an integral float as an integer below 9e18 in magnitude.
                n.is_u64() && n.as_i64().is_none()
                    || !n.is_i64()
                        && n.as_f64()
                            .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.0e18)
            })
}

/// Compares oasbind's answer on `instance` (`None` when valid, else each violation's
/// pointer and keyword) with `validator`'s, built from `schema`: the verdicts must be the
/// same and, where both reject, so must the sets of failing pointers, once oasbind's are
/// located as jsonschema locates them ([`jsonschema_location`], [`reference`],
/// [`unevaluated_location`]). Pairs that [`KNOWN`] lists pass.
///
/// # Errors
/// The disagreement: schema, instance and both answers.
pub fn compare(
    schema: &Value,
    validator: &jsonschema::Validator,
    instance: &Value,
    ours: Option<Vec<(String, String)>>,
) -> Result<(), String> {
    let expected = reference(validator, instance);
    let violations = format!("{ours:?}");
    let got = ours
        .map(|ours| {
            ours.into_iter()
                .filter_map(|(p, k)| {
                    let at = jsonschema_location(p.clone(), &k);
                    let at = match &expected {
                        Some(r) => unevaluated_location(at, r),
                        None => at,
                    };
                    let reported = expected.as_ref().is_some_and(|r| r.pointers.contains(&at));
                    (reported || !beyond_i64(instance, &p, &k)).then_some(at)
                })
                .collect::<BTreeSet<_>>()
        })
        .filter(|got| !got.is_empty());
    let expected = expected.map(|r| r.pointers);
    let agree = match (&got, &expected) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    if agree || KNOWN.iter().any(|(known, _)| known(schema, instance)) {
        return Ok(());
    }
    Err(format!(
        "schema {schema}\ninstance {instance}\noasbind: {got:?}\njsonschema: {expected:?}\noasbind's violations (pointer, keyword): {violations}"
    ))
}
