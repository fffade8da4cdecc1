//! JSON pointers (RFC 6901): building them while walking a document, and resolving them.

use serde_json::Value;

/// `base` extended by one reference token, escaped.
pub fn join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// `base` extended by an array index.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}

/// Decodes the fragment of a `$ref` (`#/definitions/a%20b`) into a JSON pointer.
pub fn from_fragment(fragment: &str) -> Option<String> {
    let decoded = percent_decode(fragment)?;
    if decoded.is_empty() || decoded.starts_with('/') {
        Some(decoded)
    } else {
        None
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The value at `pointer` in `root`, if there is one.
pub fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut current = root;
    for token in tokens(pointer.strip_prefix('/')?) {
        current = match current {
            Value::Object(map) => member(map, &token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The reference tokens of a pointer without its leading `/` (as `split('/')` cuts them),
/// unescaped. The tokens are short: finding each `/` byte by byte costs less than
/// `split`'s searcher, which loading spends much of its time in.
pub fn tokens(path: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let path = rest?;
        let mut escaped = false;
        let end = path.bytes().position(|b| {
            escaped |= b == b'~';
            b == b'/'
        });
        let token = &path[..end.unwrap_or(path.len())];
        rest = end.map(|end| &path[end + 1..]);
        // Most tokens have no escapes: only unescape (and allocate) when needed.
        Some(if escaped {
            token.replace("~1", "/").replace("~0", "~").into()
        } else {
            token.into()
        })
    })
}

/// The member `key` of an object. Most objects on a pointer's way are small (a schema, an
/// operation, a response), and comparing a few keys costs less than hashing one; the keys
/// of an object are distinct, so the first key that is equal is the one.
pub fn member<'a>(map: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= 8 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_and_resolves() {
        let doc = json!({"a/b": {"c~d": [1, 2]}});
        let p = index(&join(&join("", "a/b"), "c~d"), 1);
        assert_eq!(p, "/a~1b/c~0d/1");
        assert_eq!(resolve(&doc, &p), Some(&json!(2)));
        assert_eq!(resolve(&doc, "/missing"), None);
        let cut = |p: &str| tokens(p).map(|t| t.into_owned()).collect::<Vec<_>>();
        for p in ["", "a", "a/", "/", "a//b/", "a~1b/c~0d~01/~", "~~1/x"] {
            let split: Vec<String> = p
                .split('/')
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect();
            assert_eq!(cut(p), split, "{p:?}");
        }
        assert_eq!(
            from_fragment("/definitions/a%20b").as_deref(),
            Some("/definitions/a b")
        );
        assert_eq!(from_fragment("anchor"), None);
    }
}
