//! The keyword checks the generated validators call, one function per JSON Schema keyword
//! (or group of keywords), each appending a [`Violation`] per failure. Messages never quote
//! the value checked; [`secret`] and [`undeclared`] also keep the schema's literals out.
//!
//! For generated code: reached as `oasbind_runtime::__private::check`.

mod backtrack;
mod format;
#[cfg(feature = "idn")]
mod idn;
mod pattern;
mod redact;

pub use crate::json::lean::from_str as lean;
pub use crate::json::{Json, Key, Object, Path};
pub use backtrack::{Inst, Program, STEP_LIMIT};
pub use format::{format, is_format};
pub use pattern::{key_matches, pattern, Pattern};
pub use redact::{redact, secret, serde_message, undeclared, Kept};

use crate::{Loose, Violation, Violations};
use serde_json::Value;

/// The lean path of `validate_json` for an array definition (`Vec<T>`): its items read one
/// at a time, each checked by `each` and dropped ([`crate::json::lean::items`]); how many
/// there are. `V` is the definition's type, which names the item type.
#[inline]
pub fn lean_items<V: Items, F: FnMut(&V::Item) -> bool>(
    json: &str,
    nullable: &'static [&'static str],
    each: F,
) -> Option<usize>
where
    V::Item: serde::de::DeserializeOwned,
{
    crate::json::lean::items(json, nullable, each)
}

/// A definition's type that is an array: what [`lean_items`] reads its items as.
pub trait Items {
    /// The type of an item.
    type Item;
}

impl<T> Items for Vec<T> {
    type Item = T;
}

// The lean checks of values inside others, as function values: generated code writes
// `field.as_ref().is_none_or(check::typed(lean_pet))` where it would otherwise write a
// closure, and each closure is a body of its own for the compiler to check and keep
// (Kubernetes' bindings had 938 of them).

/// The lean check `f` of a value read leniently (see [`Loose`]): `false` when the value
/// did not read as its type.
#[inline(always)]
pub fn typed<T>(f: impl Fn(&T) -> bool) -> impl Fn(&Loose<T>) -> bool {
    move |y| y.typed().is_some_and(&f)
}

/// The lean check `f` of an optional value, when it is there.
#[inline(always)]
pub fn none_or<T>(f: impl Fn(&T) -> bool) -> impl Fn(&Option<T>) -> bool {
    move |y| y.as_ref().is_none_or(&f)
}

/// The lean check `f` of every item of an array.
#[inline(always)]
pub fn each<T>(f: impl Fn(&T) -> bool) -> impl Fn(&Vec<T>) -> bool {
    move |y| y.iter().all(&f)
}

/// The result of a request's `validate_*` function: the violations its checks found.
#[inline]
pub fn result(violations: Vec<Violation>) -> Result<(), Violations> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Violations(violations))
    }
}

/// Reports a violation of `keyword` at `p`.
#[inline]
pub fn fail(out: &mut Vec<Violation>, p: &Path<'_>, keyword: &'static str, message: String) {
    fail_with(out, p, keyword, move || message);
}

/// Reports a violation of `keyword` at `p`, its message made only when it is shown: under
/// [`passes`], which asks only whether there is one, neither message nor pointer is written.
/// Out of line, so that the checks that call it stay small enough to inline.
#[cold]
#[inline(never)]
pub fn fail_with(
    out: &mut Vec<Violation>,
    p: &Path<'_>,
    keyword: &'static str,
    message: impl FnOnce() -> String,
) {
    if quiet() {
        out.push(Violation {
            pointer: String::new(),
            keyword,
            message: String::new(),
        });
        return;
    }
    if out.capacity() == 0 {
        // Room for a few at once, without the growth path of a first `push`.
        *out = Vec::with_capacity(4);
    }
    out.push(Violation {
        pointer: p.pointer(),
        keyword,
        message: message(),
    });
}

thread_local! {
    /// Whether the violations being found are only counted ([`passes`]).
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the violations being found are only counted.
#[inline]
fn quiet() -> bool {
    // After the thread's storage is gone (a destructor checking a value): never quiet.
    QUIET.try_with(std::cell::Cell::get).unwrap_or(false)
}

/// Puts back the quiet setting that was in force before [`passes`], also on unwinding.
struct Restore(bool);

impl Drop for Restore {
    #[inline]
    fn drop(&mut self) {
        let _ = QUIET.try_with(|q| q.set(self.0));
    }
}

// The JSON types, as bits of a set (`type: [..]`); `NUMBER` includes integers.
/// `null`, as a bit of a set of JSON types.
pub const NULL: u8 = 1;
/// `boolean`, as a bit of a set of JSON types.
pub const BOOLEAN: u8 = 2;
/// `integer`, as a bit of a set of JSON types.
pub const INTEGER: u8 = 4;
/// `number` (integers included), as a bit of a set of JSON types.
pub const NUMBER: u8 = 8;
/// `string`, as a bit of a set of JSON types.
pub const STRING: u8 = 16;
/// `array`, as a bit of a set of JSON types.
pub const ARRAY: u8 = 32;
/// `object`, as a bit of a set of JSON types.
pub const OBJECT: u8 = 64;
const TYPE_NAMES: [(u8, &str); 7] = [
    (NULL, "null"),
    (BOOLEAN, "boolean"),
    (INTEGER, "integer"),
    (NUMBER, "number"),
    (STRING, "string"),
    (ARRAY, "array"),
    (OBJECT, "object"),
];

#[inline]
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

/// The JSON type of `v`, as a schema names it.
#[inline]
pub fn type_name(v: &Json<'_>) -> &'static str {
    let t = type_of(v);
    TYPE_NAMES
        .iter()
        .find(|(bit, _)| *bit == t)
        .map_or("", |(_, name)| name)
}

/// Whether a number is an integer to JSON Schema (`1.0` is).
#[inline]
pub fn is_integer(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
}

/// `type`: whether `v` is of one of the `types` (a set of the bits above);
/// reports and returns false otherwise.
#[inline]
pub fn types(v: &Json<'_>, types: u8, p: &Path<'_>, out: &mut Vec<Violation>) -> bool {
    let actual = type_of(v);
    let ok = types & actual != 0 || (actual == INTEGER && types & NUMBER != 0);
    if !ok {
        type_failure(v, types, p, out);
    }
    ok
}

/// Reports a `type` violation (out of line: `types` is on every value's path).
#[cold]
#[inline(never)]
fn type_failure(v: &Json<'_>, types: u8, p: &Path<'_>, out: &mut Vec<Violation>) {
    if quiet() {
        fail(out, p, "type", String::new());
    } else {
        let one = TYPE_NAMES.get(types.trailing_zeros() as usize);
        if let Some((_, expected)) = one.filter(|_| types.is_power_of_two()) {
            // One type, the usual case: the message in one allocation of its size.
            let message = words(&["expected ", expected, ", found ", type_name(v)]);
            fail(out, p, "type", message);
            return;
        }
        // One allocation: long enough for every list of type names but the longest.
        let mut message = String::with_capacity(64);
        message.push_str("expected ");
        for (i, (_, name)) in TYPE_NAMES
            .iter()
            .filter(|(bit, _)| types & bit != 0)
            .enumerate()
        {
            if i > 0 {
                message.push_str(" or ");
            }
            message.push_str(name);
        }
        message.push_str(", found ");
        message.push_str(type_name(v));
        fail(out, p, "type", message);
    }
}

/// JSON equality: numbers compare by value (`1` equals `1.0`).
pub fn equal(a: &Json<'_>, b: &Json<'_>) -> bool {
    match (a, b) {
        (Json::Null, Json::Null) => true,
        (Json::Bool(x), Json::Bool(y)) => x == y,
        (Json::String(x), Json::String(y)) => x == y,
        (Json::Number(x), Json::Number(y)) => numbers_equal(x, y),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Json::Object(x), Json::Object(y)) if x.len() != y.len() => false,
        (Json::Object(x), Json::Object(y)) if x.len() <= 16 => {
            x.iter().all(|(k, a)| y.get(k).is_some_and(|b| equal(a, b)))
        }
        (Json::Object(x), Json::Object(y)) => {
            // Large objects: compare sorted, not by a search per name.
            let mut xs: Vec<(&str, &Json<'_>)> = x.iter().collect();
            let mut ys: Vec<(&str, &Json<'_>)> = y.iter().collect();
            xs.sort_unstable_by_key(|(k, _)| *k);
            ys.sort_unstable_by_key(|(k, _)| *k);
            xs.iter()
                .zip(&ys)
                .all(|((ka, a), (kb, b))| ka == kb && equal(a, b))
        }
        _ => false,
    }
}

/// Numbers by value, exactly: an integer equals a float only when the float is that very
/// integer (the integer 2^53 + 1 is not the float 2^53, which it rounds to as an `f64`).
fn numbers_equal(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    let integer = |n: &serde_json::Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    // Every integral `f64` below 2^127 in magnitude converts to `i128` exactly.
    let is = |f: Option<f64>, i: i128| {
        f.is_some_and(|f| f.fract() == 0.0 && f.abs() < 2f64.powi(127) && f as i128 == i)
    };
    match (integer(x), integer(y)) {
        (Some(a), Some(b)) => a == b,
        (Some(a), None) => is(y.as_f64(), a),
        (None, Some(b)) => is(x.as_f64(), b),
        (None, None) => x.as_f64() == y.as_f64(),
    }
}

/// `enum` of strings, for a string: `s` must be one of `allowed`.
#[inline]
pub fn one_of_strings(s: &str, allowed: &[&str], p: &Path<'_>, out: &mut Vec<Violation>) {
    if !allowed.contains(&s) {
        fail_with(out, p, "enum", || one_of_message(allowed));
    }
}

/// `enum` of strings: `v` must be one of `allowed` (or null, when `null_ok`).
#[inline]
pub fn string_enum(
    v: &Json<'_>,
    allowed: &[&str],
    null_ok: bool,
    p: &Path<'_>,
    out: &mut Vec<Violation>,
) {
    match v {
        Json::String(s) => one_of_strings(s, allowed, p, out),
        Json::Null if null_ok => {}
        _ => fail_with(out, p, "enum", || one_of_message(allowed)),
    }
}

fn one_of_message(allowed: &[&str]) -> String {
    let mut message =
        String::with_capacity(18 + allowed.iter().map(|a| a.len() + 4).sum::<usize>());
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

/// The words joined in one allocation of the right size (the messages with numbers, without
/// the formatting machinery).
fn words(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// A number in decimal, as `{}` writes it (on the stack).
fn decimal_u64(n: u64) -> Decimal {
    let mut digits = [0u8; 20];
    let (mut n, mut at) = (n, digits.len());
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    Decimal(digits, at)
}

/// The digits of a number, from `.1` on.
struct Decimal([u8; 20], usize);

impl std::ops::Deref for Decimal {
    type Target = str;
    fn deref(&self) -> &str {
        std::str::from_utf8(&self.0[self.1..]).unwrap_or("")
    }
}

/// Whether `s` is printable ASCII without a quote or a backslash: what `{:?}` writes as it
/// is. Eight bytes at a time (a byte's high bit is set where it is not ASCII, is below 0x21
/// after flipping its bit 1, a control character or the quote, or is zero after the XOR
/// with the backslash or DEL; only whether there is one matters, so the false ones a
/// borrow may set above a true one do not).
fn printable_ascii(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let quote_or_control = (x ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
        let backslash = (x ^ (ONES * 0x5c)).wrapping_sub(ONES);
        let del = (x ^ (ONES * 0x7f)).wrapping_sub(ONES);
        if ((quote_or_control | backslash | del) & !x | x) & HIGH != 0 {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|&b| b != b'"' && b != b'\\' && (b' '..0x7f).contains(&b))
}

/// Appends `s` as a Rust string literal (as `{:?}` writes it, without its cost
/// for the usual plain names).
fn quote(out: &mut String, s: &str) {
    if printable_ascii(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{s:?}");
    }
}

/// `enum`: `v` must equal one of the values in the JSON array `allowed`.
pub fn one_of_values(v: &Json<'_>, allowed: &'static str, p: &Path<'_>, out: &mut Vec<Violation>) {
    let found = match Json::parse(allowed) {
        Ok(Json::Array(values)) => values.iter().any(|a| equal(v, a)),
        _ => false,
    };
    if !found {
        fail_with(out, p, "enum", || format!("must be one of {allowed}"));
    }
}

/// `const`: `v` must equal the JSON value `expected`.
pub fn constant(v: &Json<'_>, expected: &'static str, p: &Path<'_>, out: &mut Vec<Violation>) {
    if !Json::parse(expected).is_ok_and(|e| equal(v, &e)) {
        fail_with(out, p, "const", || format!("must be {expected}"));
    }
}

/// `minLength`, in Unicode code points.
#[inline]
pub fn min_length(s: &str, min: u64, p: &Path<'_>, out: &mut Vec<Violation>) {
    if (s.chars().count() as u64) < min {
        fail_with(out, p, "minLength", || {
            words(&["must be at least ", &decimal_u64(min), " characters long"])
        });
    }
}

/// `maxLength`, in Unicode code points.
#[inline]
pub fn max_length(s: &str, max: u64, p: &Path<'_>, out: &mut Vec<Violation>) {
    // Byte length bounds the code point count: skip counting when it cannot fail.
    if s.len() as u64 > max && s.chars().count() as u64 > max {
        fail_with(out, p, "maxLength", || {
            words(&["must be at most ", &decimal_u64(max), " characters long"])
        });
    }
}

/// How a number compares with a bound: exactly when both are integers.
#[inline]
fn compare(n: &serde_json::Number, bound: f64) -> Option<std::cmp::Ordering> {
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
#[inline]
pub fn length_within(s: &str, min: u64, max: u64) -> bool {
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

/// Whether `n` meets `minimum` (or `exclusiveMinimum`, when `exclusive`).
#[inline]
pub fn at_least(n: &serde_json::Number, min: f64, exclusive: bool) -> bool {
    use std::cmp::Ordering::{Equal, Greater};
    let order = compare(n, min);
    if exclusive {
        order == Some(Greater)
    } else {
        matches!(order, Some(Greater | Equal))
    }
}

/// Whether `n` meets `maximum` (or `exclusiveMaximum`, when `exclusive`).
#[inline]
pub fn at_most(n: &serde_json::Number, max: f64, exclusive: bool) -> bool {
    use std::cmp::Ordering::{Equal, Less};
    let order = compare(n, max);
    if exclusive {
        order == Some(Less)
    } else {
        matches!(order, Some(Less | Equal))
    }
}

/// Whether a number is of one of the `types` (a set of the bits above), as `types` decides
/// for a number: for the lean path's typed numbers.
#[inline]
pub fn number_is(n: &serde_json::Number, types: u8) -> bool {
    let actual = if is_integer(n) { INTEGER } else { NUMBER };
    types & actual != 0 || (actual == INTEGER && types & NUMBER != 0)
}

/// `minimum` (or `exclusiveMinimum`, when `exclusive`).
#[inline]
pub fn minimum(
    n: &serde_json::Number,
    min: f64,
    exclusive: bool,
    p: &Path<'_>,
    out: &mut Vec<Violation>,
) {
    if at_least(n, min, exclusive) {
        return;
    }
    if exclusive {
        fail_with(out, p, "exclusiveMinimum", || {
            format!("must be greater than {min}")
        });
    } else {
        fail_with(out, p, "minimum", || format!("must be at least {min}"));
    }
}

/// `maximum` (or `exclusiveMaximum`, when `exclusive`).
#[inline]
pub fn maximum(
    n: &serde_json::Number,
    max: f64,
    exclusive: bool,
    p: &Path<'_>,
    out: &mut Vec<Violation>,
) {
    if at_most(n, max, exclusive) {
        return;
    }
    if exclusive {
        fail_with(out, p, "exclusiveMaximum", || {
            format!("must be less than {max}")
        });
    } else {
        fail_with(out, p, "maximum", || format!("must be at most {max}"));
    }
}

/// A decimal number as `mantissa × 10^exponent`, if the mantissa fits.
fn decimal(text: &str) -> Option<(u128, i64)> {
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let number = number.trim_start_matches('-');
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    let mantissa = if digits.is_empty() {
        0
    } else {
        digits.parse::<u128>().ok()?
    };
    Some((mantissa, exponent - fraction.len() as i64))
}

/// Whether a number is a 32-bit integer (`format: int32`); `1.0` is one, as JSON Schema
/// counts integers by value.
pub fn is_int32(n: &serde_json::Number) -> bool {
    // 1e20 is an integer too, but not a 32-bit one: the bounds decide.
    match n.as_i64() {
        Some(i) => i32::try_from(i).is_ok(),
        None => n.as_f64().is_some_and(|f| {
            f.fract() == 0.0 && f >= f64::from(i32::MIN) && f <= f64::from(i32::MAX)
        }),
    }
}

/// `multipleOf`: exact in decimal (`0.0075` is a multiple of `0.0001`), as the
/// numbers are written; in binary floating point only when they are too long.
pub fn multiple_of(
    n: &serde_json::Number,
    m: f64,
    m_text: &str,
    p: &Path<'_>,
    out: &mut Vec<Violation>,
) {
    if !is_multiple(n, m, m_text) {
        fail_with(out, p, "multipleOf", || {
            format!("must be a multiple of {m}")
        });
    }
}

/// Whether `n` is a multiple of `m` (`multipleOf`, written `m_text`): exact in decimal, as
/// [`multiple_of`] decides.
pub fn is_multiple(n: &serde_json::Number, m: f64, m_text: &str) -> bool {
    let exact = match (n.as_i64(), m.fract() == 0.0 && m.abs() < 9.0e15) {
        (Some(i), true) => Some(i % (m as i64) == 0),
        _ => decimal(&n.to_string())
            .zip(decimal(m_text))
            .and_then(|((a, ea), (b, eb))| {
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
    exact.unwrap_or_else(|| {
        let x = n.as_f64().unwrap_or(f64::NAN);
        if m.fract() == 0.0 {
            x % m == 0.0
        } else {
            let q = x / m;
            q.is_finite() && q.fract() == 0.0
        }
    })
}

/// An entry of `validate_json`'s table: checks JSON text against one definition.
pub type ValidateJson = fn(&str) -> Result<(), Violations>;

/// `validate_json` for a definition whose type is `T`: `T::from_json`, the value dropped.
/// A table entry as `validate_as::<T>`, so that the generated code holds a name and a
/// function value per definition instead of a `match` arm with a call.
#[inline]
pub fn validate_as<T: crate::Validate>(json: &str) -> Result<(), Violations> {
    T::from_json(json).map(drop)
}

/// Looks `name` up in `validate_json`'s table (sorted by name) and checks `json` with its
/// entry; `None` when no definition has that name.
pub fn validate_named(
    table: &[(&str, ValidateJson)],
    name: &str,
    json: &str,
) -> Option<Result<(), Violations>> {
    let found = table
        .binary_search_by(|(entry, _)| (*entry).cmp(name))
        .ok()?;
    Some((table[found].1)(json))
}

/// Parses, checks and converts JSON text with a validator: what `from_json`
/// does for a definition that has no `Validate` type (an alias).
pub fn parse<T: serde::de::DeserializeOwned>(json: &str, f: Validator) -> Result<T, Violations> {
    let syntax = |e: serde_json::Error| Violations::one(String::new(), "json", e.to_string());
    let tree = Json::parse(json).map_err(syntax)?;
    let mut out = Vec::new();
    f(&tree, &Path::Root(""), &mut out);
    if !out.is_empty() {
        return Err(Violations(out));
    }
    // A valid document the lean path did not take: convert through `Value`.
    convert(serde_json::from_str(json).map_err(syntax)?)
}

/// Checks a `serde_json::Value` with a validator; `pointer` is where it sits.
#[inline]
pub fn value(value: &Value, pointer: &str, out: &mut Vec<Violation>, f: Validator) {
    f(&Json::from_value(value), &Path::Root(pointer), out);
}

/// Whether a `serde_json::Value` passes a validator.
#[inline]
pub fn passes_value(value: &Value, f: Validator) -> bool {
    passes(&Json::from_value(value), &Path::Root(""), f)
}

/// Converts a checked value to its Rust type. A number with a zero fraction
/// (`1.0`) is an integer to JSON Schema: when the first attempt fails, such
/// numbers are read as integers.
pub fn convert<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Violations> {
    // Both attempts track where they are, so that every generated type's `Deserialize` is
    // compiled for one deserializer here, not two (a plain `&Value` first, as before, made
    // a third copy of each beside the lean reader's). The tracking costs only this
    // diagnosing path, which runs after the lean one declined.
    fn tracked<T: serde::de::DeserializeOwned>(
        value: &Value,
    ) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
        serde_path_to_error::deserialize(value)
    }
    tracked(&value).or_else(|_| {
        let mut value = value;
        integral(&mut value);
        // Read again: the violation names the value the type cannot hold
        // (`/items/0/count`, an integer beyond `i64`), not the document.
        tracked(&value)
            .map_err(|e| Violations::one(pointer_of(e.path()), "type", serde_message(e.inner())))
    })
}

/// A serde path (`items[0].count`) as a JSON pointer (`/items/0/count`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            // An enum's variant or a step serde does not name: the pointer stops here.
            Segment::Enum { .. } | Segment::Unknown => break,
        }
    }
    out
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
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, item| integral(item) | any),
        Value::Object(map) => map
            .values_mut()
            .fold(false, |any, item| integral(item) | any),
        _ => false,
    }
}

/// `required`: every one of `names` is a member of `o`.
#[inline]
pub fn required(o: &Object<'_>, names: &[&str], p: &Path<'_>, out: &mut Vec<Violation>) {
    for name in names {
        if !o.contains_key(name) {
            missing(name, p, out);
        }
    }
}

/// Reports a missing required property (out of line: `required` is on every object's path).
#[cold]
#[inline(never)]
fn missing(name: &str, p: &Path<'_>, out: &mut Vec<Violation>) {
    if quiet() {
        fail(out, p, "required", String::new());
        return;
    }
    let mut message = String::with_capacity(28 + name.len());
    message.push_str("missing required property ");
    quote(&mut message, name);
    fail(out, p, "required", message);
}

/// `minItems`/`maxItems` or `minProperties`/`maxProperties` (`keywords`), over `len` `what`.
#[inline]
pub fn count(
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    keywords: [&'static str; 2],
    what: &str,
    p: &Path<'_>,
    out: &mut Vec<Violation>,
) {
    let len = len as u64;
    if let Some(min) = min.filter(|m| len < *m) {
        fail_with(out, p, keywords[0], || {
            words(&["must have at least ", &decimal_u64(min), " ", what])
        });
    }
    if let Some(max) = max.filter(|m| len > *m) {
        fail_with(out, p, keywords[1], || {
            words(&["must have at most ", &decimal_u64(max), " ", what])
        });
    }
}

/// `uniqueItems`: no item equals an earlier one (numbers by value, objects whatever their order).
pub fn unique(items: &[Json<'_>], p: &Path<'_>, out: &mut Vec<Violation>) {
    // Short arrays: compare pairwise, no allocation.
    if items.len() <= 16 {
        for (i, a) in items.iter().enumerate() {
            if items[..i].iter().any(|b| equal(a, b)) {
                fail_with(out, p, "uniqueItems", || {
                    words(&["item ", &decimal_u64(i as u64), " repeats an earlier item"])
                });
                return;
            }
        }
        return;
    }
    // Items are compared only with earlier items of the same hash (which equal
    // items share), so that a long array costs linear time, not quadratic.
    let mut seen: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    for (i, a) in items.iter().enumerate() {
        let same = seen.entry(hash(a)).or_default();
        if same.iter().any(|&j| equal(a, &items[j])) {
            fail_with(out, p, "uniqueItems", || {
                words(&["item ", &decimal_u64(i as u64), " repeats an earlier item"])
            });
            return;
        }
        same.push(i);
    }
}

/// A hash that values `equal` calls equal share: numbers by their `f64` value,
/// objects whatever the order of their properties.
fn hash(v: &Json<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    match v {
        Json::Null => 0u8.hash(&mut h),
        Json::Bool(b) => (1u8, b).hash(&mut h),
        Json::Number(n) => (
            2u8,
            n.as_f64()
                .map_or(0, |f| if f == 0.0 { 0 } else { f.to_bits() }),
        )
            .hash(&mut h),
        Json::String(s) => (3u8, &**s).hash(&mut h),
        Json::Array(items) => {
            (4u8, items.len()).hash(&mut h);
            for item in items {
                hash(item).hash(&mut h);
            }
        }
        Json::Object(map) => {
            let entries = map.iter().fold(0u64, |sum, (k, v)| {
                let mut e = std::hash::DefaultHasher::new();
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
pub struct Evaluated {
    /// Every property.
    pub all_props: bool,
    /// These properties.
    pub props: Vec<String>,
    /// Every item.
    pub all_items: bool,
    /// The first `prefix` items.
    pub prefix: usize,
    /// These items.
    pub items: Vec<usize>,
}

impl Evaluated {
    /// Adds what `other` evaluated.
    #[inline]
    pub fn merge(&mut self, other: Evaluated) {
        self.all_props |= other.all_props;
        self.props.extend(other.props);
        self.all_items |= other.all_items;
        self.prefix = self.prefix.max(other.prefix);
        self.items.extend(other.items);
    }
}

/// The signature of every validator.
pub type Validator = fn(&Json<'_>, &Path<'_>, &mut Vec<Violation>);

/// The typed checks of a type whose Rust type holds all its schema says.
#[inline]
pub fn always<T>(_: &T) -> bool {
    true
}

/// The validator of a schema that accepts everything.
#[inline]
pub fn accept(_: &Json<'_>, _: &Path<'_>, _: &mut Vec<Violation>) {}

/// Runs a validator into a scratch list: whether it passed.
#[inline]
pub fn passes(v: &Json<'_>, p: &Path<'_>, f: Validator) -> bool {
    // Only whether there is a violation matters: none is written out (`fail_with`).
    let _restore = Restore(QUIET.try_with(|q| q.replace(true)).unwrap_or(false));
    let mut scratch = Vec::new();
    f(v, p, &mut scratch);
    scratch.is_empty()
}

/// Whether `v` passes one of the `alternatives` of an `anyOf`, each checked as [`passes`]
/// does (in order, until one passes).
pub fn passes_any(v: &Json<'_>, p: &Path<'_>, alternatives: &[Validator]) -> bool {
    alternatives.iter().any(|f| passes(v, p, *f))
}

/// How many of the `alternatives` of a `oneOf` `v` passes, each checked as [`passes`] does.
pub fn passing(v: &Json<'_>, p: &Path<'_>, alternatives: &[Validator]) -> usize {
    alternatives.iter().filter(|f| passes(v, p, **f)).count()
}

#[cfg(test)]
mod tests {
    use super::is_int32;

    #[test]
    fn validate_json_finds_each_definition_by_name() {
        use super::{validate_named, ValidateJson, Violations};
        fn any(_: &str) -> Result<(), Violations> {
            Ok(())
        }
        fn none(_: &str) -> Result<(), Violations> {
            Err(Violations::one(
                String::new(),
                "not",
                "never valid".to_owned(),
            ))
        }
        let table: &[(&str, ValidateJson)] =
            &[("A", any), ("Pet", none), ("Pet.Tag", any), ("a", none)];
        assert_eq!(validate_named(table, "A", "1"), Some(Ok(())));
        assert!(matches!(validate_named(table, "Pet", "1"), Some(Err(_))));
        assert_eq!(validate_named(table, "Pet.Tag", "1"), Some(Ok(())));
        assert!(matches!(validate_named(table, "a", "1"), Some(Err(_))));
        for unknown in ["", "B", "Pe", "Pet.", "b", "Á"] {
            assert_eq!(validate_named(table, unknown, "1"), None, "{unknown}");
        }
        assert_eq!(validate_named(&[], "A", "1"), None);
    }

    #[test]
    fn numbers_are_equal_by_exact_value() {
        use super::{equal, Json};
        let eq = |a: &str, b: &str| equal(&Json::parse(a).unwrap(), &Json::parse(b).unwrap());
        assert!(eq("1", "1.0"));
        assert!(eq("-3", "-3.0"));
        assert!(eq("18446744073709551615", "18446744073709551615"));
        assert!(eq("9007199254740992", "9007199254740992.0"));
        // 2^53 + 1 rounds to the float 2^53, but is another number (found by fuzzing).
        assert!(!eq("9007199254740993", "9007199254740992.0"));
        assert!(!eq("[9007199254740993]", "[9007199254740992.0]"));
        assert!(!eq("1", "1.5"));
        assert!(eq("0.5", "0.5"));
    }

    #[test]
    fn a_value_its_type_cannot_hold_is_located() {
        let value = serde_json::json!({"items": [{"count": 1}, {"count": 1e20}]});
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            count: i64,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct List {
            items: Vec<Item>,
        }
        let violations = super::convert::<List>(value).unwrap_err();
        assert_eq!(violations.0[0].pointer, "/items/1/count");
        assert_eq!(violations.0[0].keyword, "type");
        let ok = super::convert::<List>(serde_json::json!({"items": [{"count": 2.0}]}));
        assert_eq!(
            ok.unwrap().items[0].count,
            2,
            "an integral float is an integer"
        );
    }

    #[test]
    fn printable_ascii_is_what_debug_writes_as_is() {
        for s in [
            "",
            "grant_type",
            "client_credentials",
            "a\"b",
            "a\\b",
            "tab\there",
            "del\u{7f}",
            "caf\u{e9}",
            "01234567\"",
            "0123456789abcdef",
            "0123456789abcdef\n",
            "~/!#[]{}",
            " 0123456 ",
        ] {
            let debug = format!("{s:?}");
            assert_eq!(
                super::printable_ascii(s),
                s.is_ascii() && debug == format!("\"{s}\""),
                "{s:?}"
            );
        }
    }

    #[test]
    fn int32_counts_integers_by_value() {
        let n = |text: &str| serde_json::from_str::<serde_json::Number>(text).unwrap();
        assert!(is_int32(&n("1")));
        assert!(is_int32(&n("1.0")), "an integer written with a fraction");
        assert!(is_int32(&n("-2147483648")));
        assert!(!is_int32(&n("2147483648")));
        assert!(!is_int32(&n("1.5")));
        assert!(!is_int32(&n("1e20")));
    }
}
