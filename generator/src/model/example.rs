//! A value for a schema, for sandboxes that answer without an implementation: the
//! definition's own (`const`, `example`/`examples`, `default`, the first `enum` value) where
//! it gives one, else one made to fit the schema's keywords (type, format, length and
//! numeric bounds, required properties, `minItems`).
//!
//! A `pattern` without an example is not solved: the made-up string may not match it, and
//! a sandbox whose answers are checked then says so (a `500` naming the pattern).

use crate::ir::{Api, JsonType, Schema, SchemaId};
use serde_json::{json, Map, Number, Value};

/// How deep a made-up value nests; past it, objects are `{}` and arrays `[]`.
const DEPTH: usize = 8;

/// How many values one example may make up in all: past it, objects and arrays get no
/// more members. Members multiply with each level (a `minProperties` of millions, or
/// sixteen items of sixteen items of …), and an example is for reading, not for size.
const BUDGET: usize = 10_000;

/// A value of `schema`.
pub fn example(api: &Api, schema: SchemaId) -> Value {
    let mut budget = BUDGET;
    make(api, schema, 0, &mut budget)
}

fn make(api: &Api, id: SchemaId, depth: usize, budget: &mut usize) -> Value {
    *budget = budget.saturating_sub(1);
    let id = api.schemas.resolve(id);
    let s = api.schemas.get(id);
    if let Some(v) = given(s) {
        return v;
    }
    if let Some(r) = s.reference {
        return make(api, r, depth + 1, budget);
    }
    if let Some(first) = s.one_of.first().or(s.any_of.first()) {
        // The first alternative that is not just `null`.
        let alternatives = if s.one_of.is_empty() {
            &s.any_of
        } else {
            &s.one_of
        };
        let pick = alternatives
            .iter()
            .find(|a| !is_null_only(api.schemas.get(api.schemas.resolve(**a))))
            .unwrap_or(first);
        return make(api, *pick, depth + 1, budget);
    }
    let mut value = match kind(s) {
        Some(JsonType::Object) => object(api, s, depth, budget),
        Some(JsonType::Array) => array(api, s, depth, budget),
        Some(JsonType::String) => string(s),
        Some(JsonType::Integer) => integer(s),
        Some(JsonType::Number) => number(s),
        Some(JsonType::Boolean) => Value::Bool(true),
        Some(JsonType::Null) => Value::Null,
        None => Value::String("example".to_owned()),
    };
    // `allOf`: each part's object members join the value's.
    for part in &s.all_of {
        if let (Value::Object(own), Value::Object(more)) =
            (&mut value, make(api, *part, depth + 1, budget))
        {
            for (k, v) in more {
                own.entry(k).or_insert(v);
            }
        }
    }
    value
}

/// The definition's own value for the schema.
fn given(s: &Schema) -> Option<Value> {
    if let Some(v) = &s.const_value {
        return Some(v.clone());
    }
    if let Some(v) = s.docs.examples.first() {
        return Some(v.clone());
    }
    if let Some(v) = &s.docs.default {
        return Some(v.clone());
    }
    let values = s.enum_values.as_ref()?;
    values
        .iter()
        .find(|v| !v.is_null())
        .or(values.first())
        .cloned()
}

fn is_null_only(s: &Schema) -> bool {
    s.types.as_deref() == Some(&[JsonType::Null])
}

/// The type to make a value of: the first non-null one; objects where object keywords
/// stand without a `type`.
fn kind(s: &Schema) -> Option<JsonType> {
    match &s.types {
        Some(types) => types
            .iter()
            .copied()
            .find(|t| *t != JsonType::Null)
            .or(types.first().copied()),
        None if !s.properties.is_empty()
            || s.additional_properties.is_some()
            || !s.all_of.is_empty() =>
        {
            Some(JsonType::Object)
        }
        None if s.items.is_some() || !s.prefix_items.is_empty() => Some(JsonType::Array),
        None => None,
    }
}

fn object(api: &Api, s: &Schema, depth: usize, budget: &mut usize) -> Value {
    let mut out = Map::new();
    if depth >= DEPTH {
        return Value::Object(out);
    }
    let wanted = s.min_properties.unwrap_or(0) as usize;
    for (name, prop) in &s.properties {
        if *budget == 0 {
            return Value::Object(out);
        }
        if s.required.contains(name) || out.len() < wanted {
            out.insert(name.clone(), make(api, *prop, depth + 1, budget));
        }
    }
    // More members to reach `minProperties`, of the additional properties' schema.
    let mut n = 1;
    while out.len() < wanted && *budget > 0 {
        let name = format!("example{n}");
        n += 1;
        if out.contains_key(&name) || s.properties.iter().any(|(p, _)| *p == name) {
            continue;
        }
        let value = match s.additional_properties {
            Some(extra) if api.schemas.get(extra).always == Some(false) => break,
            Some(extra) => make(api, extra, depth + 1, budget),
            None => Value::String("example".to_owned()),
        };
        out.insert(name, value);
    }
    // Required names without a property schema: any value does.
    for name in &s.required {
        if *budget == 0 {
            break;
        }
        if !out.contains_key(name) {
            let value = match s.additional_properties {
                Some(extra) => make(api, extra, depth + 1, budget),
                None => Value::String("example".to_owned()),
            };
            out.insert(name.clone(), value);
        }
    }
    Value::Object(out)
}

fn array(api: &Api, s: &Schema, depth: usize, budget: &mut usize) -> Value {
    if depth >= DEPTH {
        return Value::Array(Vec::new());
    }
    let mut items: Vec<Value> = s
        .prefix_items
        .iter()
        .map(|p| make(api, *p, depth + 1, budget))
        .collect();
    let wanted = s.min_items.unwrap_or(0).min(16) as usize;
    while items.len() < wanted && *budget > 0 {
        match s.items {
            Some(item) => items.push(make(api, item, depth + 1, budget)),
            None => items.push(Value::String("example".to_owned())),
        }
    }
    Value::Array(items)
}

fn string(s: &Schema) -> Value {
    let base = match s.format.as_deref() {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("time") => "00:00:00Z",
        Some("duration") => "P1D",
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        Some("email" | "idn-email") => "user@example.com",
        Some("uri" | "iri" | "url") => "https://example.com/",
        Some("uri-reference" | "iri-reference") => "/example",
        Some("hostname" | "idn-hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("byte") => "ZXhhbXBsZQ==",
        Some("json-pointer") => "/example",
        Some("regex") => "^example$",
        _ => "example",
    };
    // A pattern that is a literal (`^LIVE-KEY$`) says the one value it allows; others are
    // not solved.
    let literal = s.pattern.as_deref().and_then(|p| {
        let inner = p.strip_prefix('^')?.strip_suffix('$')?;
        (!inner.contains([
            '\\', '.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '|', '^', '$',
        ]))
        .then_some(inner)
    });
    let mut text: Vec<char> = literal.unwrap_or(base).chars().collect();
    let min = s.min_length.unwrap_or(0).min(4096) as usize;
    let max = s.max_length.map(|m| m as usize);
    while text.len() < min {
        text.push('x');
    }
    if let Some(max) = max.filter(|max| text.len() > *max) {
        text.truncate(max);
    }
    Value::String(text.into_iter().collect())
}

/// The smallest integer the bounds and `multipleOf` allow, near 1.
fn integer(s: &Schema) -> Value {
    let bound = |b: &crate::ir::Bound, up: bool| -> Option<i64> {
        let v = b.value.as_f64()?;
        let v = if up { v.ceil() } else { v.floor() } as i64;
        Some(match (b.exclusive, up) {
            (true, true) if v as f64 == b.value.as_f64()? => v + 1,
            (true, false) if v as f64 == b.value.as_f64()? => v - 1,
            _ => v,
        })
    };
    let low = s.minimum.as_ref().and_then(|b| bound(b, true));
    let high = s.maximum.as_ref().and_then(|b| bound(b, false));
    let mut v: i64 = low.unwrap_or(1).max(match high {
        Some(h) => h.min(1),
        None => 1,
    });
    if let Some(h) = high {
        v = v.min(h);
    }
    if let Some(m) = s
        .multiple_of
        .as_ref()
        .and_then(Number::as_f64)
        .filter(|m| *m >= 1.0 && m.fract() == 0.0)
    {
        let m = m as i64;
        let up = (v + m - 1).div_euclid(m) * m;
        v = if high.is_some_and(|h| up > h) {
            up - m
        } else {
            up
        };
    }
    json!(v)
}

fn number(s: &Schema) -> Value {
    if s.multiple_of.is_some() || s.minimum.is_some() || s.maximum.is_some() {
        return integer(s);
    }
    json!(1)
}
