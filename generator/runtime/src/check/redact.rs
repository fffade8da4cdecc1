//! Keeping secrets out of violations and `Debug` output: the checks of secret values and of
//! undeclared properties (as secrets when their names say so), the redaction of their
//! messages, serde errors without the values they quote, and the `Debug` of the properties
//! an open struct keeps.

use super::{Json, Path, Validator};
use crate::secret::is_secret_name;
use crate::Violation;

pub use shown::Kept;

/// Checks a secret with `f`: its violations keep their pointer and keyword but
/// say nothing of what the value must be (see `redact`).
#[inline]
pub fn secret(v: &Json<'_>, p: &Path<'_>, out: &mut Vec<Violation>, f: Validator) {
    let from = out.len();
    f(v, p, out);
    redact(out, from);
}

/// Checks an undeclared property with `f`; as a secret when its name is one.
#[inline]
pub fn undeclared(key: &str, v: &Json<'_>, p: &Path<'_>, out: &mut Vec<Violation>, f: Validator) {
    let from = out.len();
    f(v, p, out);
    if out.len() > from && is_secret_name(key) {
        redact(out, from);
    }
}

/// Rewrites the messages of the violations from `from` on so that none quotes
/// the value or a literal of the schema that could be it (enum and const
/// values, the pattern, bounds); pointers and keywords stay.
pub fn redact(out: &mut [Violation], from: usize) {
    // The messages of these name types, properties, counts or positions, never a value.
    const QUOTE_NOTHING: &[&str] = &[
        "type",
        "required",
        "additionalProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "propertyNames",
        "items",
        "false",
        "anyOf",
        "oneOf",
        "not",
        "uniqueItems",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "contains",
        "minContains",
        "maxContains",
    ];
    for v in out.iter_mut().skip(from) {
        if QUOTE_NOTHING.contains(&v.keyword) {
            continue;
        }
        let message = match v.keyword {
            "enum" => "must be one of the allowed values",
            "const" => "must be the allowed value",
            "pattern" => "must match its pattern",
            "minLength" => "is shorter than allowed",
            "maxLength" => "is longer than allowed",
            "format" => "does not match its format",
            "minimum" | "exclusiveMinimum" => "is below the allowed range",
            "maximum" | "exclusiveMaximum" => "is above the allowed range",
            "multipleOf" => "is not a multiple of the allowed step",
            _ => "does not match the definition",
        };
        v.message = message.to_owned();
    }
}

/// A serde error as a violation message: the kind of error and what was
/// expected, without what it quotes (`invalid type: string "…", expected u32`
/// quotes the value, which may be a secret).
pub fn serde_message(e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    let quoted = text.find([':', '`', '"']);
    let head = quoted.map_or(text.as_str(), |i| text[..i].trim_end());
    match text.rfind(", expected ") {
        Some(i) => format!("{head}{}", &text[i..]),
        None if quoted.is_none() => text,
        None => head.to_owned(),
    }
}

/// `Debug` of what open structs keep without declaring it.
mod shown {
    use crate::secret::is_secret_name;
    use serde_json::{Map, Value};
    use std::collections::BTreeMap;
    use std::fmt::{Debug, Formatter, Result};

    /// `Debug` of the properties an open struct keeps without declaring them:
    /// a map whose values under a secret's name (at any depth of JSON) show as
    /// `"<redacted>"`.
    pub struct Kept<M>(pub M);

    impl Debug for Kept<&Map<String, Value>> {
        fn fmt(&self, f: &mut Formatter<'_>) -> Result {
            f.debug_map()
                .entries(self.0.iter().map(|(k, v)| (k, Shown::under(k, v))))
                .finish()
        }
    }

    impl<T: Debug> Debug for Kept<&BTreeMap<String, T>> {
        fn fmt(&self, f: &mut Formatter<'_>) -> Result {
            let shown = self.0.iter().map(|(k, v)| {
                let v: &dyn Debug = if is_secret_name(k) { &Hidden } else { v };
                (k, v)
            });
            f.debug_map().entries(shown).finish()
        }
    }

    /// A redacted value.
    struct Hidden;

    impl Debug for Hidden {
        fn fmt(&self, f: &mut Formatter<'_>) -> Result {
            f.write_str("\"<redacted>\"")
        }
    }

    /// A JSON value as `serde_json` writes it in `Debug`, with the values under a
    /// secret's name redacted; `None` is a redacted value.
    struct Shown<'a>(Option<&'a Value>);

    impl<'a> Shown<'a> {
        fn under(key: &str, v: &'a Value) -> Shown<'a> {
            Shown((!is_secret_name(key)).then_some(v))
        }
    }

    impl Debug for Shown<'_> {
        fn fmt(&self, f: &mut Formatter<'_>) -> Result {
            match self.0 {
                None => Hidden.fmt(f),
                Some(Value::Object(map)) => {
                    f.write_str("Object ")?;
                    f.debug_map()
                        .entries(map.iter().map(|(k, v)| (k, Shown::under(k, v))))
                        .finish()
                }
                Some(Value::Array(items)) => {
                    f.write_str("Array ")?;
                    f.debug_list()
                        .entries(items.iter().map(|v| Shown(Some(v))))
                        .finish()
                }
                Some(other) => other.fmt(f),
            }
        }
    }
}
