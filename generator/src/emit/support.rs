//! The support items every generated module carries: the violation types, the
//! `Validate` trait, `Secret`, and the keyword checks the per-schema validators call.
//!
//! They are emitted into each module rather than shipped in a runtime crate, so that
//! consumers depend on serde and serde_json only.

use proc_macro2::TokenStream;
use quote::quote;

/// Names the support items take in the generated module; generated types avoid them.
pub const RESERVED: &[&str] = &[
    "Violation", "Violations", "Validate", "Secret", "Client", "ClientError", "Credentials",
    "Value", "Map", "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err",
    "BTreeMap", "Send", "Sync", "Future", "OAuthScope", "MetadataField", "MissingMetadata",
    "UnknownScope", "ScopeRequestError",
];

/// The violation types, the `Validate` trait and `Secret`.
pub fn items(uses_patterns: bool) -> TokenStream {
    let pattern = if uses_patterns { pattern_check() } else { TokenStream::new() };
    quote! {
        /// One way a value breaks the definition.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Violation {
            /// JSON pointer (RFC 6901) of the offending value; `""` is the document itself.
            pub pointer: ::std::string::String,
            /// The schema keyword that is violated (`minLength`, `required`, …), or `json`
            /// when the text is not JSON at all.
            pub keyword: &'static str,
            /// What is wrong. Never contains the offending value, which may be a secret.
            pub message: ::std::string::String,
        }

        impl ::core::fmt::Display for Violation {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
                write!(f, "{}: {} ({})", pointer, self.message, self.keyword)
            }
        }

        /// Every violation found in a value, in document order; never empty.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Violations(pub ::std::vec::Vec<Violation>);

        impl Violations {
            /// The violations.
            pub fn iter(&self) -> ::core::slice::Iter<'_, Violation> {
                self.0.iter()
            }

            /// Whether some violation is at `pointer` for `keyword`.
            pub fn contains(&self, pointer: &str, keyword: &str) -> bool {
                self.0.iter().any(|v| v.pointer == pointer && v.keyword == keyword)
            }

            fn one(pointer: ::std::string::String, keyword: &'static str, message: ::std::string::String) -> Violations {
                Violations(vec![Violation { pointer, keyword, message }])
            }
        }

        impl ::core::fmt::Display for Violations {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{} violation(s) of the definition", self.0.len())?;
                for v in &self.0 {
                    write!(f, "; {v}")?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for Violations {}

        impl<'a> ::core::iter::IntoIterator for &'a Violations {
            type Item = &'a Violation;
            type IntoIter = ::core::slice::Iter<'a, Violation>;
            fn into_iter(self) -> Self::IntoIter {
                self.0.iter()
            }
        }

        /// A type generated from a schema, checked against that schema.
        pub trait Validate: ::serde::Serialize + ::serde::de::DeserializeOwned {
            /// Checks a JSON value against the schema, appending every violation found;
            /// `pointer` is where `value` sits in the document.
            fn check_value(
                value: &::serde_json::Value,
                pointer: &mut ::std::string::String,
                out: &mut ::std::vec::Vec<Violation>,
            );

            /// Checks this value against its schema, as it would be sent on the wire.
            fn validate(&self) -> ::core::result::Result<(), Violations> {
                let value = ::serde_json::to_value(self).map_err(|e| {
                    Violations::one(::std::string::String::new(), "type", e.to_string())
                })?;
                let mut out = ::std::vec::Vec::new();
                Self::check_value(&value, &mut ::std::string::String::new(), &mut out);
                if out.is_empty() { Ok(()) } else { Err(Violations(out)) }
            }

            /// Parses JSON text and checks it in one step; every violation is reported
            /// with its pointer, type and shape errors included.
            fn from_json(json: &str) -> ::core::result::Result<Self, Violations> {
                let value: ::serde_json::Value = ::serde_json::from_str(json).map_err(|e| {
                    Violations::one(::std::string::String::new(), "json", e.to_string())
                })?;
                Self::from_value(value)
            }

            /// Checks a JSON value and converts it.
            fn from_value(value: ::serde_json::Value) -> ::core::result::Result<Self, Violations> {
                let mut out = ::std::vec::Vec::new();
                Self::check_value(&value, &mut ::std::string::String::new(), &mut out);
                if !out.is_empty() {
                    return Err(Violations(out));
                }
                <Self as ::serde::Deserialize>::deserialize(&value).map_err(|e| {
                    Violations::one(::std::string::String::new(), "type", e.to_string())
                })
            }
        }

        /// A credential: readable by code, never shown by `Debug` or `Display`.
        #[derive(Clone, PartialEq, Eq)]
        pub struct Secret(::std::string::String);

        impl Secret {
            /// Wraps a credential.
            pub fn new(value: impl ::core::convert::Into<::std::string::String>) -> Secret {
                Secret(value.into())
            }

            /// The credential itself, for the transport that sends it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl ::core::fmt::Debug for Secret {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("Secret(<redacted>)")
            }
        }

        /// Keyword checks shared by the validators of this module.
        #[allow(dead_code)]
        mod check {
            use super::Violation;
            use ::serde_json::Value;

            pub(super) fn push(p: &mut ::std::string::String, token: &str) -> usize {
                let len = p.len();
                p.push('/');
                for c in token.chars() {
                    match c {
                        '~' => p.push_str("~0"),
                        '/' => p.push_str("~1"),
                        c => p.push(c),
                    }
                }
                len
            }

            pub(super) fn push_index(p: &mut ::std::string::String, i: usize) -> usize {
                let len = p.len();
                p.push('/');
                p.push_str(&i.to_string());
                len
            }

            pub(super) fn fail(out: &mut ::std::vec::Vec<Violation>, p: &str, keyword: &'static str, message: ::std::string::String) {
                out.push(Violation { pointer: p.to_owned(), keyword, message });
            }

            pub(super) fn type_name(v: &Value) -> &'static str {
                match v {
                    Value::Null => "null",
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if is_integer(n) => "integer",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                }
            }

            pub(super) fn is_integer(n: &::serde_json::Number) -> bool {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }

            /// `type`: whether `v` is one of `types`; reports and returns false otherwise.
            pub(super) fn types(v: &Value, types: &[&str], p: &str, out: &mut ::std::vec::Vec<Violation>) -> bool {
                let actual = type_name(v);
                let ok = types.iter().any(|t| *t == actual || (*t == "number" && actual == "integer"));
                if !ok {
                    fail(out, p, "type", format!("expected {}, found {}", types.join(" or "), actual));
                }
                ok
            }

            /// JSON equality: numbers compare by value (`1` equals `1.0`).
            pub(super) fn equal(a: &Value, b: &Value) -> bool {
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
                        (Some(x), Some(y)) => x == y,
                        _ => match (x.as_u64(), y.as_u64()) {
                            (Some(x), Some(y)) => x == y,
                            _ => x.as_f64() == y.as_f64(),
                        },
                    },
                    (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b)),
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| equal(a, b)))
                    }
                    _ => a == b,
                }
            }

            pub(super) fn one_of_strings(s: &str, allowed: &[&str], p: &str, out: &mut ::std::vec::Vec<Violation>) {
                if !allowed.contains(&s) {
                    fail(out, p, "enum", format!("must be one of {:?}", allowed));
                }
            }

            pub(super) fn one_of_values(v: &Value, allowed: &[Value], p: &str, out: &mut ::std::vec::Vec<Violation>) {
                if !allowed.iter().any(|a| equal(v, a)) {
                    fail(out, p, "enum", format!("must be one of {}", Value::Array(allowed.to_vec())));
                }
            }

            pub(super) fn constant(v: &Value, expected: &Value, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                if !equal(v, expected) {
                    fail(out, p, "const", format!("must be {expected}"));
                }
            }

            /// `minLength`, in Unicode code points.
            pub(super) fn min_length(s: &str, min: u64, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                if (s.chars().count() as u64) < min {
                    fail(out, p, "minLength", format!("must be at least {min} characters long"));
                }
            }

            /// `maxLength`, in Unicode code points.
            pub(super) fn max_length(s: &str, max: u64, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                // Byte length bounds the code point count: skip counting when it cannot fail.
                if s.len() as u64 > max && s.chars().count() as u64 > max {
                    fail(out, p, "maxLength", format!("must be at most {max} characters long"));
                }
            }

            pub(super) fn minimum(n: &::serde_json::Number, min: f64, exclusive: bool, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if exclusive && x <= min {
                    fail(out, p, "exclusiveMinimum", format!("must be greater than {min}"));
                } else if !exclusive && x < min {
                    fail(out, p, "minimum", format!("must be at least {min}"));
                }
            }

            pub(super) fn maximum(n: &::serde_json::Number, max: f64, exclusive: bool, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if exclusive && x >= max {
                    fail(out, p, "exclusiveMaximum", format!("must be less than {max}"));
                } else if !exclusive && x > max {
                    fail(out, p, "maximum", format!("must be at most {max}"));
                }
            }

            /// `multipleOf`: exact for integers; for fractions, the quotient must be an
            /// integer up to the rounding error of one division.
            pub(super) fn multiple_of(n: &::serde_json::Number, m: f64, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                let ok = match (n.as_i64(), m.fract() == 0.0 && m.abs() < 9.0e15) {
                    (Some(i), true) => i % (m as i64) == 0,
                    _ => {
                        let x = n.as_f64().unwrap_or(f64::NAN);
                        let q = x / m;
                        q.is_finite() && (q - q.round()).abs() <= q.abs().max(1.0) * f64::EPSILON * 4.0
                    }
                };
                if !ok {
                    fail(out, p, "multipleOf", format!("must be a multiple of {m}"));
                }
            }

            pub(super) fn required(o: &::serde_json::Map<::std::string::String, Value>, names: &[&str], p: &str, out: &mut ::std::vec::Vec<Violation>) {
                for name in names {
                    if !o.contains_key(*name) {
                        fail(out, p, "required", format!("missing required property {name:?}"));
                    }
                }
            }

            pub(super) fn count(len: usize, min: Option<u64>, max: Option<u64>, keywords: [&'static str; 2], what: &str, p: &str, out: &mut ::std::vec::Vec<Violation>) {
                let len = len as u64;
                if let Some(min) = min.filter(|m| len < *m) {
                    fail(out, p, keywords[0], format!("must have at least {min} {what}"));
                }
                if let Some(max) = max.filter(|m| len > *m) {
                    fail(out, p, keywords[1], format!("must have at most {max} {what}"));
                }
            }

            pub(super) fn unique(items: &[Value], p: &str, out: &mut ::std::vec::Vec<Violation>) {
                for (i, a) in items.iter().enumerate() {
                    if items[..i].iter().any(|b| equal(a, b)) {
                        fail(out, p, "uniqueItems", format!("item {i} repeats an earlier item"));
                        return;
                    }
                }
            }

            /// The signature of every validator.
            pub(super) type Validator = fn(&Value, &mut ::std::string::String, &mut ::std::vec::Vec<Violation>);

            /// The validator of a schema that accepts everything.
            pub(super) fn accept(_: &Value, _: &mut ::std::string::String, _: &mut ::std::vec::Vec<Violation>) {}

            /// Runs a validator into a scratch list: whether it passed.
            pub(super) fn passes(v: &Value, p: &mut ::std::string::String, f: Validator) -> bool {
                let mut scratch = ::std::vec::Vec::new();
                f(v, p, &mut scratch);
                scratch.is_empty()
            }

            #pattern
        }
    }
}

fn pattern_check() -> TokenStream {
    quote! {
        /// `pattern`: an ECMA-262 regular expression, matched anywhere in the string.
        pub(super) fn pattern(s: &str, re: &::regress::Regex, source: &str, p: &str, out: &mut ::std::vec::Vec<Violation>) {
            if re.find(s).is_none() {
                fail(out, p, "pattern", format!("must match the pattern {source:?}"));
            }
        }
    }
}
