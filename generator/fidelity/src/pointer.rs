//! JSON pointers (RFC 6901) as the checker builds them while walking two documents side by
//! side; resolving one is `serde_json::Value::pointer`.

/// `base` extended by one reference token, escaped.
pub fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// `base` extended by an array index.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}

/// The JSON pointer of a `$ref` fragment (`/definitions/a%20b`), percent-decoded; `None`
/// when the fragment is not a pointer (a plain-name anchor) or not UTF-8 once decoded.
pub fn from_fragment(fragment: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(fragment.len());
    let mut rest = fragment.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    let decoded = String::from_utf8(bytes).ok()?;
    (decoded.is_empty() || decoded.starts_with('/')).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_fragments_decoded() {
        assert_eq!(join("/definitions", "a/b~c"), "/definitions/a~1b~0c");
        assert_eq!(index("/allOf", 2), "/allOf/2");
        assert_eq!(
            from_fragment("/definitions/a%20b").as_deref(),
            Some("/definitions/a b")
        );
        assert_eq!(from_fragment("anchor"), None);
        assert_eq!(from_fragment("/bad%2"), None);
        assert_eq!(from_fragment("").as_deref(), Some(""));
    }
}
