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
    "UnknownScope", "ScopeRequestError", "Json", "Pointer", "Found",
];

/// The violation types, the `Validate` trait and `Secret`.
pub fn items(uses_patterns: bool, uses_formats: bool) -> TokenStream {
    let tree = super::tree::items();
    let lean = super::lean::items();
    let pattern = if uses_patterns { pattern_check() } else { TokenStream::new() };
    let formats = if uses_formats { format_checks(uses_patterns) } else { TokenStream::new() };
    let rule = crate::secret::runtime();
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
            fn check_value(value: &::serde_json::Value, pointer: &str, out: &mut ::std::vec::Vec<Violation>);

            /// Checks this value against its schema, as it would be sent on the wire.
            fn validate(&self) -> ::core::result::Result<(), Violations> {
                let value = ::serde_json::to_value(self).map_err(|e| {
                    Violations::one(::std::string::String::new(), "type", check::serde_message(&e))
                })?;
                let mut out = ::std::vec::Vec::new();
                Self::check_value(&value, "", &mut out);
                if out.is_empty() { Ok(()) } else { Err(Violations(out)) }
            }

            /// Parses JSON text and checks it in one step; every violation is reported
            /// with its pointer, type and shape errors included.
            fn from_json(json: &str) -> ::core::result::Result<Self, Violations> {
                match Self::parse_lean(json) {
                    Some(value) => Ok(value),
                    None => Self::diagnose(json),
                }
            }

            /// The lean path of `from_json`: the text straight into `Self`, then typed
            /// checks of what the type does not express; `None` sends the text down the
            /// fully diagnosing path (`diagnose`), which decides. Types whose schema the
            /// typed checks cannot cover have none.
            #[doc(hidden)]
            fn parse_lean(json: &str) -> ::core::option::Option<Self> {
                let _ = json;
                None
            }

            /// The fully diagnosing path of `from_json`: the text into a JSON tree, every
            /// keyword checked, every violation reported; the value when there is none.
            #[doc(hidden)]
            fn diagnose(json: &str) -> ::core::result::Result<Self, Violations>;

            /// Checks a JSON value and converts it.
            fn from_value(value: ::serde_json::Value) -> ::core::result::Result<Self, Violations> {
                let mut out = ::std::vec::Vec::new();
                Self::check_value(&value, "", &mut out);
                if !out.is_empty() {
                    return Err(Violations(out));
                }
                check::convert(value)
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

        #lean

        /// Keyword checks shared by the validators of this module.
        #[allow(dead_code)]
        mod check {
            use super::Violation;
            use ::serde_json::Value;

            #tree

            pub(super) fn fail(out: &mut ::std::vec::Vec<Violation>, p: &Path<'_>, keyword: &'static str, message: ::std::string::String) {
                out.push(Violation { pointer: p.pointer(), keyword, message });
            }

            /// The JSON types, as bits of a set (`type: [..]`); `NUMBER` includes integers.
            pub(super) const NULL: u8 = 1;
            pub(super) const BOOLEAN: u8 = 2;
            pub(super) const INTEGER: u8 = 4;
            pub(super) const NUMBER: u8 = 8;
            pub(super) const STRING: u8 = 16;
            pub(super) const ARRAY: u8 = 32;
            pub(super) const OBJECT: u8 = 64;
            const TYPE_NAMES: [(u8, &str); 7] = [(NULL, "null"), (BOOLEAN, "boolean"), (INTEGER, "integer"), (NUMBER, "number"), (STRING, "string"), (ARRAY, "array"), (OBJECT, "object")];

            fn type_of(v: &Json<'_>) -> u8 {
                match v {
                    Json::Null => NULL,
                    Json::Bool(_) => BOOLEAN,
                    Json::Number(n) if is_integer(n) => INTEGER,
                    Json::Number(_) => NUMBER,
                    Json::String(_) => STRING,
                    Json::Array(_) => ARRAY,
                    Json::Object(_) => OBJECT,
                }
            }

            pub(super) fn type_name(v: &Json<'_>) -> &'static str {
                let t = type_of(v);
                TYPE_NAMES.iter().find(|(bit, _)| *bit == t).map_or("", |(_, name)| name)
            }

            pub(super) fn is_integer(n: &::serde_json::Number) -> bool {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }

            /// `type`: whether `v` is of one of the `types` (a set of the bits above);
            /// reports and returns false otherwise.
            pub(super) fn types(v: &Json<'_>, types: u8, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) -> bool {
                let actual = type_of(v);
                let ok = types & actual != 0 || (actual == INTEGER && types & NUMBER != 0);
                if !ok {
                    // One allocation: long enough for every list of type names but the longest.
                    let mut message = ::std::string::String::with_capacity(64);
                    message.push_str("expected ");
                    for (i, (_, name)) in TYPE_NAMES.iter().filter(|(bit, _)| types & bit != 0).enumerate() {
                        if i > 0 {
                            message.push_str(" or ");
                        }
                        message.push_str(name);
                    }
                    message.push_str(", found ");
                    message.push_str(type_name(v));
                    fail(out, p, "type", message);
                }
                ok
            }

            /// JSON equality: numbers compare by value (`1` equals `1.0`).
            pub(super) fn equal(a: &Json<'_>, b: &Json<'_>) -> bool {
                match (a, b) {
                    (Json::Null, Json::Null) => true,
                    (Json::Bool(x), Json::Bool(y)) => x == y,
                    (Json::String(x), Json::String(y)) => x == y,
                    (Json::Number(x), Json::Number(y)) => match (x.as_i64(), y.as_i64()) {
                        (Some(x), Some(y)) => x == y,
                        _ => match (x.as_u64(), y.as_u64()) {
                            (Some(x), Some(y)) => x == y,
                            _ => x.as_f64() == y.as_f64(),
                        },
                    },
                    (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b)),
                    (Json::Object(x), Json::Object(y)) if x.len() != y.len() => false,
                    (Json::Object(x), Json::Object(y)) if x.len() <= 16 => x.iter().all(|(k, a)| y.get(k).is_some_and(|b| equal(a, b))),
                    (Json::Object(x), Json::Object(y)) => {
                        // Large objects: compare sorted, not by a search per name.
                        let mut xs: ::std::vec::Vec<(&str, &Json<'_>)> = x.iter().collect();
                        let mut ys: ::std::vec::Vec<(&str, &Json<'_>)> = y.iter().collect();
                        xs.sort_unstable_by_key(|(k, _)| *k);
                        ys.sort_unstable_by_key(|(k, _)| *k);
                        xs.iter().zip(&ys).all(|((ka, a), (kb, b))| ka == kb && equal(a, b))
                    }
                    _ => false,
                }
            }

            pub(super) fn one_of_strings(s: &str, allowed: &[&str], p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                if !allowed.contains(&s) {
                    fail(out, p, "enum", one_of_message(allowed));
                }
            }

            /// `enum` of strings: `v` must be one of `allowed` (or null, when `null_ok`).
            pub(super) fn string_enum(v: &Json<'_>, allowed: &[&str], null_ok: bool, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                match v {
                    Json::String(s) => one_of_strings(s, allowed, p, out),
                    Json::Null if null_ok => {}
                    _ => fail(out, p, "enum", one_of_message(allowed)),
                }
            }

            fn one_of_message(allowed: &[&str]) -> ::std::string::String {
                let mut message = ::std::string::String::with_capacity(18 + allowed.iter().map(|a| a.len() + 4).sum::<usize>());
                message.push_str("must be one of [");
                for (i, a) in allowed.iter().enumerate() {
                    if i > 0 {
                        message.push_str(", ");
                    }
                    quote(&mut message, a);
                }
                message.push(']');
                message
            }

            /// Appends `s` as a Rust string literal (as `{:?}` writes it, without its cost
            /// for the usual plain names).
            fn quote(out: &mut ::std::string::String, s: &str) {
                if s.bytes().all(|b| b != b'"' && b != b'\\' && (b' '..0x7f).contains(&b)) {
                    out.push('"');
                    out.push_str(s);
                    out.push('"');
                } else {
                    use ::core::fmt::Write;
                    let _ = write!(out, "{s:?}");
                }
            }

            /// `enum`: `v` must equal one of the values in the JSON array `allowed`.
            pub(super) fn one_of_values(v: &Json<'_>, allowed: &'static str, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                let found = match Json::parse(allowed) {
                    Ok(Json::Array(values)) => values.iter().any(|a| equal(v, a)),
                    _ => false,
                };
                if !found {
                    fail(out, p, "enum", format!("must be one of {allowed}"));
                }
            }

            /// `const`: `v` must equal the JSON value `expected`.
            pub(super) fn constant(v: &Json<'_>, expected: &'static str, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                if !Json::parse(expected).is_ok_and(|e| equal(v, &e)) {
                    fail(out, p, "const", format!("must be {expected}"));
                }
            }

            /// `minLength`, in Unicode code points.
            pub(super) fn min_length(s: &str, min: u64, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                if (s.chars().count() as u64) < min {
                    fail(out, p, "minLength", format!("must be at least {min} characters long"));
                }
            }

            /// `maxLength`, in Unicode code points.
            pub(super) fn max_length(s: &str, max: u64, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                // Byte length bounds the code point count: skip counting when it cannot fail.
                if s.len() as u64 > max && s.chars().count() as u64 > max {
                    fail(out, p, "maxLength", format!("must be at most {max} characters long"));
                }
            }

            /// How a number compares with a bound: exactly when both are integers.
            fn compare(n: &::serde_json::Number, bound: f64) -> ::core::option::Option<::core::cmp::Ordering> {
                if bound.fract() == 0.0 && bound.abs() < 1.0e19 {
                    if let Some(i) = n.as_i64() {
                        return Some(i128::from(i).cmp(&(bound as i128)));
                    }
                    if let Some(u) = n.as_u64() {
                        return Some(i128::from(u).cmp(&(bound as i128)));
                    }
                }
                n.as_f64()?.partial_cmp(&bound)
            }

            /// Whether a string's length in code points is within `min..=max`.
            pub(super) fn length_within(s: &str, min: u64, max: u64) -> bool {
                let bytes = s.len() as u64;
                // Bytes bound code points from above, and from below by a factor of 4.
                if bytes < min || bytes / 4 > max {
                    return false;
                }
                if bytes <= max && bytes / 4 >= min {
                    return true;
                }
                (min..=max).contains(&(s.chars().count() as u64))
            }

            pub(super) fn minimum(n: &::serde_json::Number, min: f64, exclusive: bool, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                use ::core::cmp::Ordering::{Equal, Greater};
                let order = compare(n, min);
                if exclusive && order != Some(Greater) {
                    fail(out, p, "exclusiveMinimum", format!("must be greater than {min}"));
                } else if !exclusive && !matches!(order, Some(Greater | Equal)) {
                    fail(out, p, "minimum", format!("must be at least {min}"));
                }
            }

            pub(super) fn maximum(n: &::serde_json::Number, max: f64, exclusive: bool, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                use ::core::cmp::Ordering::{Equal, Less};
                let order = compare(n, max);
                if exclusive && order != Some(Less) {
                    fail(out, p, "exclusiveMaximum", format!("must be less than {max}"));
                } else if !exclusive && !matches!(order, Some(Less | Equal)) {
                    fail(out, p, "maximum", format!("must be at most {max}"));
                }
            }

            /// A decimal number as `mantissa × 10^exponent`, if the mantissa fits.
            fn decimal(text: &str) -> ::core::option::Option<(u128, i64)> {
                let (number, exponent) = match text.find(['e', 'E']) {
                    Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
                    None => (text, 0),
                };
                let number = number.trim_start_matches('-');
                let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
                let digits = format!("{whole}{fraction}");
                let digits = digits.trim_start_matches('0');
                let mantissa = if digits.is_empty() { 0 } else { digits.parse::<u128>().ok()? };
                Some((mantissa, exponent - fraction.len() as i64))
            }

            /// `multipleOf`: exact in decimal (`0.0075` is a multiple of `0.0001`), as the
            /// numbers are written; in binary floating point only when they are too long.
            pub(super) fn multiple_of(n: &::serde_json::Number, m: f64, m_text: &str, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                let exact = match (n.as_i64(), m.fract() == 0.0 && m.abs() < 9.0e15) {
                    (Some(i), true) => Some(i % (m as i64) == 0),
                    _ => decimal(&n.to_string()).zip(decimal(m_text)).and_then(|((a, ea), (b, eb))| {
                        if b == 0 {
                            return None;
                        }
                        if a == 0 {
                            return Some(true);
                        }
                        // a·10^ea / (b·10^eb) is an integer?
                        let shift = u32::try_from((ea - eb).unsigned_abs()).ok()?;
                        let scale = 10u128.checked_pow(shift)?;
                        if ea >= eb {
                            Some(a.checked_mul(scale)? % b == 0)
                        } else {
                            Some(a % b.checked_mul(scale)? == 0)
                        }
                    }),
                };
                let ok = exact.unwrap_or_else(|| {
                    let x = n.as_f64().unwrap_or(f64::NAN);
                    if m.fract() == 0.0 {
                        x % m == 0.0
                    } else {
                        let q = x / m;
                        q.is_finite() && q.fract() == 0.0
                    }
                });
                if !ok {
                    fail(out, p, "multipleOf", format!("must be a multiple of {m}"));
                }
            }

            /// Parses, checks and converts JSON text with a validator: what `from_json`
            /// does for a definition that has no `Validate` type (an alias).
            pub(super) fn parse<T: ::serde::de::DeserializeOwned>(json: &str, f: Validator) -> ::core::result::Result<T, super::Violations> {
                let syntax = |e: ::serde_json::Error| super::Violations::one(::std::string::String::new(), "json", e.to_string());
                let tree = Json::parse(json).map_err(syntax)?;
                let mut out = ::std::vec::Vec::new();
                f(&tree, &Path::Root(""), &mut out);
                if !out.is_empty() {
                    return Err(super::Violations(out));
                }
                // A valid document the lean path did not take: convert through `Value`.
                convert(::serde_json::from_str(json).map_err(syntax)?)
            }

            /// Checks a `serde_json::Value` with a validator; `pointer` is where it sits.
            pub(super) fn value(value: &Value, pointer: &str, out: &mut ::std::vec::Vec<Violation>, f: Validator) {
                f(&Json::from_value(value), &Path::Root(pointer), out);
            }

            /// Whether a `serde_json::Value` passes a validator.
            pub(super) fn passes_value(value: &Value, f: Validator) -> bool {
                passes(&Json::from_value(value), &Path::Root(""), f)
            }

            /// Converts a checked value to its Rust type. A number with a zero fraction
            /// (`1.0`) is an integer to JSON Schema: when the first attempt fails, such
            /// numbers are read as integers.
            pub(super) fn convert<T: ::serde::de::DeserializeOwned>(value: Value) -> ::core::result::Result<T, super::Violations> {
                <T as ::serde::Deserialize>::deserialize(&value).or_else(|e| {
                    let mut value = value;
                    if integral(&mut value) {
                        <T as ::serde::Deserialize>::deserialize(&value).map_err(|e| super::Violations::one(::std::string::String::new(), "type", serde_message(&e)))
                    } else {
                        Err(super::Violations::one(::std::string::String::new(), "type", serde_message(&e)))
                    }
                })
            }

            /// Rewrites integral floats (`1.0`) as integers; whether any was found.
            fn integral(v: &mut Value) -> bool {
                match v {
                    Value::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
                        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => {
                            *v = Value::from(f as i64);
                            true
                        }
                        _ => false,
                    },
                    Value::Array(items) => items.iter_mut().fold(false, |any, item| integral(item) | any),
                    Value::Object(map) => map.values_mut().fold(false, |any, item| integral(item) | any),
                    _ => false,
                }
            }

            pub(super) fn required(o: &Object<'_>, names: &[&str], p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                for name in names {
                    if !o.contains_key(name) {
                        let mut message = ::std::string::String::with_capacity(28 + name.len());
                        message.push_str("missing required property ");
                        quote(&mut message, name);
                        fail(out, p, "required", message);
                    }
                }
            }

            pub(super) fn count(len: usize, min: Option<u64>, max: Option<u64>, keywords: [&'static str; 2], what: &str, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                let len = len as u64;
                if let Some(min) = min.filter(|m| len < *m) {
                    fail(out, p, keywords[0], format!("must have at least {min} {what}"));
                }
                if let Some(max) = max.filter(|m| len > *m) {
                    fail(out, p, keywords[1], format!("must have at most {max} {what}"));
                }
            }

            pub(super) fn unique(items: &[Json<'_>], p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
                // Short arrays: compare pairwise, no allocation.
                if items.len() <= 16 {
                    for (i, a) in items.iter().enumerate() {
                        if items[..i].iter().any(|b| equal(a, b)) {
                            fail(out, p, "uniqueItems", format!("item {i} repeats an earlier item"));
                            return;
                        }
                    }
                    return;
                }
                // Items are compared only with earlier items of the same hash (which equal
                // items share), so that a long array costs linear time, not quadratic.
                let mut seen: ::std::collections::HashMap<u64, ::std::vec::Vec<usize>> = ::std::collections::HashMap::new();
                for (i, a) in items.iter().enumerate() {
                    let same = seen.entry(hash(a)).or_default();
                    if same.iter().any(|&j| equal(a, &items[j])) {
                        fail(out, p, "uniqueItems", format!("item {i} repeats an earlier item"));
                        return;
                    }
                    same.push(i);
                }
            }

            /// A hash that values `equal` calls equal share: numbers by their `f64` value,
            /// objects whatever the order of their properties.
            fn hash(v: &Json<'_>) -> u64 {
                use ::std::hash::{Hash, Hasher};
                let mut h = ::std::hash::DefaultHasher::new();
                match v {
                    Json::Null => 0u8.hash(&mut h),
                    Json::Bool(b) => (1u8, b).hash(&mut h),
                    Json::Number(n) => (2u8, n.as_f64().map_or(0, |f| if f == 0.0 { 0 } else { f.to_bits() })).hash(&mut h),
                    Json::String(s) => (3u8, &**s).hash(&mut h),
                    Json::Array(items) => {
                        (4u8, items.len()).hash(&mut h);
                        for item in items {
                            hash(item).hash(&mut h);
                        }
                    }
                    Json::Object(map) => {
                        let entries = map.iter().fold(0u64, |sum, (k, v)| {
                            let mut e = ::std::hash::DefaultHasher::new();
                            (k, hash(v)).hash(&mut e);
                            sum.wrapping_add(e.finish())
                        });
                        (5u8, map.len(), entries).hash(&mut h);
                    }
                }
                h.finish()
            }

            /// What a schema evaluated in a value (for `unevaluatedProperties`/`Items`).
            #[derive(Default)]
            pub(super) struct Evaluated {
                /// Every property.
                pub(super) all_props: bool,
                /// These properties.
                pub(super) props: ::std::vec::Vec<::std::string::String>,
                /// Every item.
                pub(super) all_items: bool,
                /// The first `prefix` items.
                pub(super) prefix: usize,
                /// These items.
                pub(super) items: ::std::vec::Vec<usize>,
            }

            impl Evaluated {
                pub(super) fn merge(&mut self, other: Evaluated) {
                    self.all_props |= other.all_props;
                    self.props.extend(other.props);
                    self.all_items |= other.all_items;
                    self.prefix = self.prefix.max(other.prefix);
                    self.items.extend(other.items);
                }
            }

            /// The signature of every validator.
            pub(super) type Validator = fn(&Json<'_>, &Path<'_>, &mut ::std::vec::Vec<Violation>);

            /// The validator of a schema that accepts everything.
            pub(super) fn accept(_: &Json<'_>, _: &Path<'_>, _: &mut ::std::vec::Vec<Violation>) {}

            /// Runs a validator into a scratch list: whether it passed.
            pub(super) fn passes(v: &Json<'_>, p: &Path<'_>, f: Validator) -> bool {
                let mut scratch = ::std::vec::Vec::new();
                f(v, p, &mut scratch);
                scratch.is_empty()
            }

            /// The secret-name rule (the generator's `secret/rule.rs`, emitted as it is
            /// compiled there): for the properties an open object keeps without declaring them.
            mod secret {
                #rule
            }

            /// Checks a secret with `f`: its violations keep their pointer and keyword but
            /// say nothing of what the value must be (see `redact`).
            pub(super) fn secret(v: &Json<'_>, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>, f: Validator) {
                let from = out.len();
                f(v, p, out);
                redact(out, from);
            }

            /// Checks an undeclared property with `f`; as a secret when its name is one.
            pub(super) fn undeclared(key: &str, v: &Json<'_>, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>, f: Validator) {
                let from = out.len();
                f(v, p, out);
                if out.len() > from && secret::is_secret_name(key) {
                    redact(out, from);
                }
            }

            /// Rewrites the messages of the violations from `from` on so that none quotes
            /// the value or a literal of the schema that could be it (enum and const
            /// values, the pattern, bounds); pointers and keywords stay.
            pub(super) fn redact(out: &mut [Violation], from: usize) {
                // The messages of these name types, properties, counts or positions, never a value.
                const QUOTE_NOTHING: &[&str] = &[
                    "type", "required", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "items", "false",
                    "anyOf", "oneOf", "not", "uniqueItems", "minItems", "maxItems", "minProperties", "maxProperties", "contains", "minContains",
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
            pub(super) fn serde_message(e: &dyn ::core::fmt::Display) -> ::std::string::String {
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
            pub(super) mod shown {
                use super::secret::is_secret_name;
                use ::core::fmt::{Debug, Formatter, Result};
                use ::serde_json::{Map, Value};
                use ::std::collections::BTreeMap;

                /// `Debug` of the properties an open struct keeps without declaring them:
                /// a map whose values under a secret's name (at any depth of JSON) show as
                /// `"<redacted>"`.
                pub(crate) struct Kept<M>(pub(crate) M);

                impl Debug for Kept<&Map<String, Value>> {
                    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
                        f.debug_map().entries(self.0.iter().map(|(k, v)| (k, Shown::under(k, v)))).finish()
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
                                f.debug_map().entries(map.iter().map(|(k, v)| (k, Shown::under(k, v)))).finish()
                            }
                            Some(Value::Array(items)) => {
                                f.write_str("Array ")?;
                                f.debug_list().entries(items.iter().map(|v| Shown(Some(v)))).finish()
                            }
                            Some(other) => other.fmt(f),
                        }
                    }
                }
            }

            #pattern
            #formats
        }
    }
}

fn pattern_check() -> TokenStream {
    quote! {
        /// `pattern`: an ECMA-262 regular expression, matched anywhere in the string.
        pub(super) fn pattern(s: &str, re: &::regress::Regex, source: &str, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
            if re.find(s).is_none() {
                fail(out, p, "pattern", format!("must match the pattern {source:?}"));
            }
        }
    }
}

/// The `format` checks (emitted when a definition asserts formats): RFC 3339 dates and
/// times, RFC 5321 addresses, RFC 1123 host names (A-labels must be valid Punycode),
/// IP addresses, RFC 3986/3987 URIs and IRIs, UUIDs, JSON pointers, URI templates; and
/// `regex` when the module links `regress`.
fn format_checks(regex: bool) -> TokenStream {
    let regex = if regex {
        quote! {
            "regex" => ::regress::Regex::with_flags(s, "u").is_ok(),
        }
    } else {
        TokenStream::new()
    };
    quote! {
        /// `format`: whether `s` is a `name`; unknown formats pass.
        pub(super) fn format(s: &str, name: &str, p: &Path<'_>, out: &mut ::std::vec::Vec<Violation>) {
            if !is_format(s, name) {
                fail(out, p, "format", format!("must be a valid {name}"));
            }
        }

        pub(super) fn is_format(s: &str, name: &str) -> bool {
            match name {
                "date-time" => s.len() > 11 && matches!(s.as_bytes()[10], b'T' | b't') && s.is_char_boundary(10) && is_date(&s[..10]) && is_time(&s[11..]),
                "date" => is_date(s),
                "time" => is_time(s),
                "duration" => is_duration(s),
                "email" => is_email(s, false),
                "idn-email" => is_email(s, true),
                "hostname" => is_hostname(s),
                "ipv4" => is_ipv4(s),
                "ipv6" => is_ipv6(s),
                "uri" => is_uri(s, false, false),
                "uri-reference" => is_uri(s, true, false),
                "iri" => is_uri(s, false, true),
                "iri-reference" => is_uri(s, true, true),
                "uuid" => is_uuid(s),
                "json-pointer" => is_json_pointer(s),
                "relative-json-pointer" => is_relative_json_pointer(s),
                "uri-template" => is_uri_template(s),
                #regex
                _ => true,
            }
        }

        fn digits(s: &str, n: usize) -> ::core::option::Option<u32> {
            (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
        }

        fn is_date(s: &str) -> bool {
            let b = s.as_bytes();
            if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !s.is_char_boundary(4) || !s.is_char_boundary(8) {
                return false;
            }
            let (Some(y), Some(m), Some(d)) = (digits(&s[..4], 4), digits(&s[5..7], 2), digits(&s[8..], 2)) else { return false };
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&d)
        }

        fn is_time(s: &str) -> bool {
            if !s.is_ascii() || s.len() < 9 {
                return false;
            }
            let b = s.as_bytes();
            if b[2] != b':' || b[5] != b':' {
                return false;
            }
            let (Some(h), Some(m), Some(sec)) = (digits(&s[..2], 2), digits(&s[3..5], 2), digits(&s[6..8], 2)) else { return false };
            let mut rest = &s[8..];
            if let Some(fraction) = rest.strip_prefix('.') {
                let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    return false;
                }
                rest = &fraction[n..];
            }
            let offset: i32 = match rest.as_bytes() {
                [b'Z' | b'z'] => 0,
                [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                    let (Some(oh), Some(om)) = (digits(&rest[1..3], 2), digits(&rest[4..], 2)) else { return false };
                    if oh > 23 || om > 59 {
                        return false;
                    }
                    let minutes = (oh * 60 + om) as i32;
                    if *sign == b'+' { minutes } else { -minutes }
                }
                _ => return false,
            };
            if h > 23 || m > 59 || sec > 60 {
                return false;
            }
            // A leap second is 23:59:60 in UTC.
            sec < 60 || ((h * 60 + m) as i32 - offset).rem_euclid(24 * 60) == 23 * 60 + 59
        }

        fn is_duration(s: &str) -> bool {
            let Some(rest) = s.strip_prefix('P') else { return false };
            let (date, time) = match rest.split_once('T') {
                Some((d, t)) => (d, Some(t)),
                None => (rest, None),
            };
            fn units(s: &str) -> ::core::option::Option<::std::vec::Vec<u8>> {
                let mut out = ::std::vec::Vec::new();
                let mut n = 0;
                for b in s.bytes() {
                    if b.is_ascii_digit() {
                        n += 1;
                    } else if n > 0 && b.is_ascii_uppercase() {
                        out.push(b);
                        n = 0;
                    } else {
                        return None;
                    }
                }
                (n == 0).then_some(out)
            }
            fn in_order(units: &[u8], order: &[u8]) -> bool {
                // A run of consecutive units of `order`.
                match order.iter().position(|u| Some(u) == units.first()) {
                    Some(start) => order[start..].starts_with(units),
                    None => units.is_empty(),
                }
            }
            let (Some(d), t) = (units(date), time.map(units)) else { return false };
            match t {
                None if d == [b'W'] => true,
                None => !d.is_empty() && in_order(&d, b"YMD"),
                Some(None) => false,
                Some(Some(t)) => !t.is_empty() && in_order(&t, b"HMS") && in_order(&d, b"YMD"),
            }
        }

        fn is_email(s: &str, international: bool) -> bool {
            let Some(at) = s.rfind('@') else { return false };
            let (local, domain) = (&s[..at], &s[at + 1..]);
            let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || (international && !c.is_ascii());
            let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
                let inner = &local[1..local.len() - 1];
                let mut escaped = false;
                inner.chars().all(|c| {
                    if escaped {
                        escaped = false;
                        return true;
                    }
                    if c == '\\' {
                        escaped = true;
                        return true;
                    }
                    c != '"' && (c == ' ' || c.is_ascii_graphic() || (international && !c.is_ascii()))
                }) && !escaped
            } else {
                !local.is_empty() && local.split('.').all(|part| !part.is_empty() && part.chars().all(atext))
            };
            if !local_ok {
                return false;
            }
            if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
                return match literal.strip_prefix("IPv6:") {
                    Some(v6) => is_ipv6(v6),
                    None => is_ipv4(literal),
                };
            }
            if international {
                !domain.is_empty() && domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
            } else {
                is_hostname(domain)
            }
        }

        fn is_hostname(s: &str) -> bool {
            if s.is_empty() || s.len() > 253 {
                return false;
            }
            s.split('.').all(|label| {
                let b = label.as_bytes();
                if b.is_empty() || b.len() > 63 || b[0] == b'-' || b[b.len() - 1] == b'-' {
                    return false;
                }
                if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
                    return false;
                }
                if b.len() >= 4 && &b[2..4] == b"--" {
                    return label[..2].eq_ignore_ascii_case("xn") && punycode_decodes(&label[4..]);
                }
                true
            })
        }

        /// Whether an A-label's Punycode (RFC 3492) decodes to a non-ASCII label.
        fn punycode_decodes(input: &str) -> bool {
            let (basic, encoded) = match input.rfind('-') {
                Some(i) => (&input[..i], &input[i + 1..]),
                None => ("", input),
            };
            if encoded.is_empty() {
                return false;
            }
            let (base, tmin, tmax, skew, damp) = (36u32, 1u32, 26u32, 38u32, 700u32);
            let mut n = 128u32;
            let mut i = 0u32;
            let mut bias = 72u32;
            let mut len = basic.chars().count() as u32;
            let mut bytes = encoded.bytes().peekable();
            while bytes.peek().is_some() {
                let old = i;
                let mut w = 1u32;
                let mut k = base;
                loop {
                    let Some(c) = bytes.next() else { return false };
                    let digit = match c {
                        b'a'..=b'z' => c - b'a',
                        b'A'..=b'Z' => c - b'A',
                        b'0'..=b'9' => c - b'0' + 26,
                        _ => return false,
                    } as u32;
                    let Some(step) = digit.checked_mul(w).and_then(|d| i.checked_add(d)) else { return false };
                    i = step;
                    let t = if k <= bias { tmin } else if k >= bias + tmax { tmax } else { k - bias };
                    if digit < t {
                        break;
                    }
                    let Some(next) = w.checked_mul(base - t) else { return false };
                    w = next;
                    k += base;
                }
                len += 1;
                let mut delta = if old == 0 { (i - old) / damp } else { (i - old) / 2 };
                delta += delta / len;
                let mut k = 0;
                while delta > ((base - tmin) * tmax) / 2 {
                    delta /= base - tmin;
                    k += base;
                }
                bias = k + (base - tmin + 1) * delta / (delta + skew);
                let Some(next) = n.checked_add(i / len) else { return false };
                n = next;
                i %= len;
                if char::from_u32(n).is_none() || n < 128 {
                    return false;
                }
                i += 1;
            }
            true
        }

        fn is_ipv4(s: &str) -> bool {
            let parts: ::std::vec::Vec<&str> = s.split('.').collect();
            parts.len() == 4
                && parts.iter().all(|p| {
                    !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')) && p.parse::<u16>().is_ok_and(|n| n <= 255)
                })
        }

        fn is_ipv6(s: &str) -> bool {
            let (head, v4) = match s.rfind(':') {
                Some(i) if s[i + 1..].contains('.') => (&s[..=i], Some(&s[i + 1..])),
                _ => (s, None),
            };
            if v4.is_some_and(|v| !is_ipv4(v)) {
                return false;
            }
            let groups_needed = if v4.is_some() { 6 } else { 8 };
            // With an IPv4 tail, `head` ends in ':' (doubled when compressed).
            let head = match v4 {
                Some(_) if head.ends_with("::") => head,
                Some(_) => &head[..head.len() - 1],
                None => head,
            };
            let hex = |g: &str| !g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit());
            match head.split_once("::") {
                Some((a, b)) => {
                    if b.contains("::") {
                        return false;
                    }
                    let left: ::std::vec::Vec<&str> = if a.is_empty() { ::std::vec::Vec::new() } else { a.split(':').collect() };
                    let right: ::std::vec::Vec<&str> = if b.is_empty() { ::std::vec::Vec::new() } else { b.split(':').collect() };
                    left.iter().chain(&right).all(|g| hex(g)) && left.len() + right.len() < groups_needed
                }
                None => {
                    if head.is_empty() {
                        return false;
                    }
                    let groups: ::std::vec::Vec<&str> = head.split(':').collect();
                    groups.len() == groups_needed && groups.iter().all(|g| hex(g))
                }
            }
        }

        fn is_uuid(s: &str) -> bool {
            let b = s.as_bytes();
            b.len() == 36
                && b.iter().enumerate().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
        }

        fn is_json_pointer(s: &str) -> bool {
            (s.is_empty() || s.starts_with('/')) && {
                let b = s.as_bytes();
                b.iter().enumerate().all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
            }
        }

        fn is_relative_json_pointer(s: &str) -> bool {
            let n = s.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 || (n > 1 && s.starts_with('0')) {
                return false;
            }
            let rest = &s[n..];
            rest == "#" || is_json_pointer(rest)
        }

        /// RFC 6570: literals and `{op varspec,...}` expressions.
        fn is_uri_template(s: &str) -> bool {
            let pct = |b: &[u8], i: usize| b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
            let b = s.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'{' => {
                        let Some(len) = s[i + 1..].find('}') else { return false };
                        let mut expr = &s[i + 1..i + 1 + len];
                        if expr.starts_with(['+', '#', '.', '/', ';', '?', '&']) {
                            expr = &expr[1..];
                        }
                        let varspec_ok = |v: &str| {
                            let (name, modifier) = match v.find([':', '*']) {
                                Some(j) => (&v[..j], &v[j..]),
                                None => (v, ""),
                            };
                            let modifier_ok = modifier.is_empty()
                                || modifier == "*"
                                || modifier.strip_prefix(':').is_some_and(|n| (1..=4).contains(&n.len()) && !n.starts_with('0') && n.bytes().all(|c| c.is_ascii_digit()));
                            let nb = name.as_bytes();
                            let mut j = 0;
                            let mut last_dot = true;
                            while j < nb.len() {
                                if nb[j] == b'%' && pct(nb, j) {
                                    j += 3;
                                    last_dot = false;
                                    continue;
                                }
                                if nb[j] == b'.' && !last_dot {
                                    last_dot = true;
                                } else if nb[j].is_ascii_alphanumeric() || nb[j] == b'_' {
                                    last_dot = false;
                                } else {
                                    return false;
                                }
                                j += 1;
                            }
                            !nb.is_empty() && !last_dot && modifier_ok
                        };
                        if !expr.split(',').all(varspec_ok) {
                            return false;
                        }
                        i += len + 2;
                    }
                    b'%' if pct(b, i) => i += 3,
                    c if c <= b' ' || c == 0x7f || b"\"%<>\\^`|}".contains(&c) => return false,
                    _ => i += 1,
                }
            }
            true
        }

        /// RFC 3986 (RFC 3987 when `iri`): a URI, or with `reference` a URI reference.
        fn is_uri(s: &str, reference: bool, iri: bool) -> bool {
            let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c) || (iri && !c.is_ascii() && !c.is_control());
            let sub_delim = |c: char| "!$&'()*+,;=".contains(c);
            let valid = |part: &str, extra: &str| {
                let b = part.as_bytes();
                let mut i = 0;
                for (at, c) in part.char_indices() {
                    if at < i {
                        continue;
                    }
                    if c == '%' {
                        if !(b.len() > at + 2 && b[at + 1].is_ascii_hexdigit() && b[at + 2].is_ascii_hexdigit()) {
                            return false;
                        }
                        i = at + 3;
                    } else if !(unreserved(c) || sub_delim(c) || extra.contains(c)) {
                        return false;
                    }
                }
                true
            };
            let (rest, fragment) = match s.split_once('#') {
                Some((r, f)) => (r, Some(f)),
                None => (s, None),
            };
            let (rest, query) = match rest.split_once('?') {
                Some((r, q)) => (r, Some(q)),
                None => (rest, None),
            };
            if fragment.is_some_and(|f| !valid(f, ":@/?")) || query.is_some_and(|q| !valid(q, ":@/?")) {
                return false;
            }
            let scheme_end = rest.find(':').filter(|i| !rest[..*i].contains('/'));
            let rest = match scheme_end {
                Some(i) => {
                    let scheme = &rest[..i];
                    let mut chars = scheme.chars();
                    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
                        return false;
                    }
                    &rest[i + 1..]
                }
                None if reference => rest,
                None => return false,
            };
            let path = match rest.strip_prefix("//") {
                Some(r) => {
                    let end = r.find('/').unwrap_or(r.len());
                    let authority = &r[..end];
                    let (userinfo, hostport) = match authority.rsplit_once('@') {
                        Some((u, h)) => (Some(u), h),
                        None => (None, authority),
                    };
                    if userinfo.is_some_and(|u| !valid(u, ":")) {
                        return false;
                    }
                    let (host, port) = if let Some(literal) = hostport.strip_prefix('[') {
                        let Some((inner, after)) = literal.split_once(']') else { return false };
                        let ok = is_ipv6(inner) || (inner.len() > 3 && (inner.starts_with('v') || inner.starts_with('V')) && inner[1..].split_once('.').is_some_and(|(v, a)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_hexdigit()) && !a.is_empty() && valid(a, ":")));
                        if !ok {
                            return false;
                        }
                        (None, if after.is_empty() { None } else { match after.strip_prefix(':') { Some(p) => Some(p), None => return false } })
                    } else {
                        match hostport.split_once(':') {
                            Some((h, p)) => (Some(h), Some(p)),
                            None => (Some(hostport), None),
                        }
                    };
                    if host.is_some_and(|h| !valid(h, "")) || port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
                        return false;
                    }
                    &r[end..]
                }
                None => {
                    // A relative path's first segment has no ':'.
                    if scheme_end.is_none() && rest.split('/').next().is_some_and(|first| first.contains(':')) {
                        return false;
                    }
                    rest
                }
            };
            valid(path, ":@/")
        }
    }
}
