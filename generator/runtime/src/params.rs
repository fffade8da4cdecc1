//! Parameters as text: OpenAPI `style`/`explode` (RFC 6570 expansion) and Swagger 2.0
//! `collectionFormat` for path, query, header and cookie parameters, and percent-encoding
//! (RFC 3986) that keeps every value inside its segment, pair or cookie.

/// How a parameter holding an array or an object is written (the definition's
/// `style`/`explode`, or Swagger 2.0 `collectionFormat`).
#[derive(Clone, Copy)]
pub enum Style {
    /// Query: `name=a&name=b`, an object's properties as `key=value` pairs.
    /// Path and headers: `a,b`, an object as `key=value,key=value`.
    Exploded,
    /// `a,b` with this separator; an object as `key,value,key,value`.
    Delimited(&'static str),
    /// Query: an object as `name[key]=value` pairs (nested: `name[a][b]`,
    /// arrays `name[a][]`).
    DeepObject,
    /// Path: `.a,b`; exploded (`true`), `.a.b` and `.key=value.key=value`.
    Label(bool),
    /// Path: `;name=a,b`; exploded, `;name=a;name=b` and `;key=value;key=value`.
    Matrix(bool),
}

/// A value as parameter text: strings as they are, other JSON as JSON text.
fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Text of a parameter value outside the query: scalars as they are; an array's
/// items, or an object's keys and values, joined by `sep`; nothing for `null`.
pub(crate) fn text<T: serde::Serialize + ?Sized>(value: &T, sep: &str) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => None,
        Ok(serde_json::Value::Array(items)) => {
            let items: Vec<String> = items.iter().filter(|v| !v.is_null()).map(scalar).collect();
            (!items.is_empty()).then(|| items.join(sep))
        }
        Ok(serde_json::Value::Object(map)) => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .flat_map(|(k, v)| [k.clone(), scalar(v)])
                .collect();
            (!parts.is_empty()).then(|| parts.join(sep))
        }
        Ok(other) => Some(scalar(&other)),
    }
}

/// A path or header parameter as RFC 6570 expands it for its style (`simple`,
/// `label` or `matrix`); `percent` encodes every name, key and value, not the
/// separators (for a path). `None` for `null`, an empty array or object.
pub(crate) fn expand<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    percent: bool,
) -> Option<String> {
    let text = |s: &str| {
        if percent {
            encode(s, "%20")
        } else {
            s.to_owned()
        }
    };
    let (prefix, named, explode, sep) = match style {
        Style::Label(explode) => (".", false, explode, if explode { "." } else { "," }),
        Style::Matrix(explode) => (";", true, explode, if explode { ";" } else { "," }),
        Style::Exploded => ("", false, true, ","),
        Style::Delimited(sep) => ("", false, false, sep),
        Style::DeepObject => ("", false, false, ","),
    };
    // `name=value`, or `name` alone for an empty value where the style names it.
    let assign = |key: &str, value: &str| {
        if value.is_empty() && named {
            text(key)
        } else {
            format!("{}={value}", text(key))
        }
    };
    let value = serde_json::to_value(value).ok()?;
    // Exploded, each item is complete (named where the style names items);
    // otherwise they make one value.
    let (items, complete): (Vec<String>, bool) = match &value {
        serde_json::Value::Null => return None,
        serde_json::Value::Array(items) => {
            let items = items
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| text(&scalar(v)));
            match (explode, named) {
                (true, true) => (items.map(|item| assign(name, &item)).collect(), true),
                _ => (items.collect(), explode),
            }
        }
        serde_json::Value::Object(map) => {
            let pairs = map.iter().filter(|(_, v)| !v.is_null());
            if explode {
                (
                    pairs.map(|(k, v)| assign(k, &text(&scalar(v)))).collect(),
                    true,
                )
            } else {
                (
                    pairs
                        .flat_map(|(k, v)| [text(k), text(&scalar(v))])
                        .collect(),
                    false,
                )
            }
        }
        other => (vec![text(&scalar(other))], false),
    };
    if items.is_empty() {
        return None;
    }
    let joined = items.join(sep);
    Some(if named && !complete {
        format!("{prefix}{}", assign(name, &joined))
    } else {
        format!("{prefix}{joined}")
    })
}

/// The `name=value` pairs of a query parameter, as its style writes them.
pub(crate) fn query_pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
) -> Vec<(String, String)> {
    fn deep(key: String, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::Object(map) => {
                for (k, x) in map {
                    deep(format!("{key}[{k}]"), x, out);
                }
            }
            serde_json::Value::Array(items) => {
                for x in items {
                    deep(format!("{key}[]"), x, out);
                }
            }
            other => out.push((key, scalar(other))),
        }
    }
    let value = match serde_json::to_value(value) {
        Ok(value) => value,
        Err(_) => return Vec::new(),
    };
    let mut out = Vec::new();
    match (style, &value) {
        (_, serde_json::Value::Null) => {}
        (Style::DeepObject, _) => deep(name.to_owned(), &value, &mut out),
        (Style::Exploded, serde_json::Value::Array(items)) => {
            out.extend(
                items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| (name.to_owned(), scalar(v))),
            );
        }
        (Style::Exploded, serde_json::Value::Object(map)) => {
            out.extend(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), scalar(v))),
            );
        }
        (Style::Delimited(sep), _) => {
            out.extend(text(&value, sep).map(|text| (name.to_owned(), text)))
        }
        // A scalar; `label` and `matrix` are path styles, not given to the query.
        _ => out.extend(text(&value, ",").map(|text| (name.to_owned(), text))),
    }
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986); `space` is
/// what a space becomes.
pub(crate) fn encode(text: &str, space: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push_str(space),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-decodes (RFC 3986); with `plus`, `+` is a space (form encoding). `None` when a
/// `%` is not followed by two hex digits or the bytes are not UTF-8.
pub(crate) fn decode(text: &str, plus: bool) -> Option<String> {
    if !text.contains(['%', '+']) {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_styles_expand_as_rfc_6570_says() {
        let list = json!(["a", "b c"]);
        let object = json!({"x": 1, "y": "z/w"});
        assert_eq!(
            expand("id", &list, Style::Delimited(","), true).unwrap(),
            "a,b%20c"
        );
        assert_eq!(
            expand("id", &list, Style::Label(false), true).unwrap(),
            ".a,b%20c"
        );
        assert_eq!(
            expand("id", &list, Style::Label(true), true).unwrap(),
            ".a.b%20c"
        );
        assert_eq!(
            expand("id", &list, Style::Matrix(false), true).unwrap(),
            ";id=a,b%20c"
        );
        assert_eq!(
            expand("id", &list, Style::Matrix(true), true).unwrap(),
            ";id=a;id=b%20c"
        );
        assert_eq!(
            expand("id", &object, Style::Exploded, true).unwrap(),
            "x=1,y=z%2Fw"
        );
        assert_eq!(
            expand("id", &object, Style::Delimited(","), false).unwrap(),
            "x,1,y,z/w"
        );
        assert_eq!(expand("id", &json!(null), Style::Exploded, true), None);
        assert_eq!(expand("id", &json!([]), Style::Exploded, true), None);
    }

    #[test]
    fn query_styles_make_pairs() {
        let pairs = |value: serde_json::Value, style| query_pairs("q", &value, style);
        assert_eq!(
            pairs(json!(["a", "b"]), Style::Exploded),
            [("q".into(), "a".into()), ("q".into(), "b".into())]
        );
        assert_eq!(
            pairs(json!(["a", "b"]), Style::Delimited("|")),
            [("q".into(), "a|b".into())]
        );
        assert_eq!(
            pairs(json!({"a": {"b": 1}, "c": [2]}), Style::DeepObject),
            [
                ("q[a][b]".into(), "1".into()),
                ("q[c][]".into(), "2".into())
            ]
        );
    }

    #[test]
    fn decoding_undoes_encoding() {
        let text = "a b/c?d#é~+";
        assert_eq!(decode(&encode(text, "%20"), false).as_deref(), Some(text));
        assert_eq!(decode(&encode(text, "+"), true).as_deref(), Some(text));
        assert_eq!(decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(decode("%zz", false), None);
        assert_eq!(decode("%ff", false), None, "not UTF-8");
        assert_eq!(decode("%4", false), None);
    }

    #[test]
    fn encoding_keeps_only_unreserved_characters() {
        assert_eq!(encode("a b/c?d#é~", "%20"), "a%20b%2Fc%3Fd%23%C3%A9~");
        assert_eq!(encode("a b&c", "+"), "a+b%26c");
    }
}
