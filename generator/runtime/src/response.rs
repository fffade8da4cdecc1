//! [`Response`]: an answer as a transport received it, which a generated
//! `parse_*_response` function reads; [`WithHeaders`]: a body and the response headers
//! its definition documents.

use crate::{ClientError, Violation, Violations};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::fmt;

/// An answer as received: status, headers and the whole body. Transports build one and
/// hand it to the operation's `parse_*_response` function; so do test fakes:
///
/// ```
/// use oasbind_runtime::Response;
/// let answer = Response::new(200, r#"{"ok":true}"#).with_header("X-Rate-Limit", "99");
/// assert_eq!(answer.header("x-rate-limit"), Some("99"));
/// ```
///
/// `Debug` shows the status, the header names and the body's length, never a value: a
/// header or a body may carry a token.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Response {
    status: u16,
    /// Names in lower case, in the order received.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    /// An answer with `status` and `body` (text or bytes), and no headers.
    pub fn new(status: u16, body: impl AsRef<[u8]>) -> Response {
        Response::from_bytes(status, body.as_ref().to_vec())
    }

    /// An answer with `status` and `body`, and no headers, without a copy.
    pub fn from_bytes(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header (names are case-insensitive; a repeated name adds a value).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.push_header(name, value.into());
        self
    }

    /// Adds a header.
    pub fn push_header(&mut self, name: &str, value: String) {
        self.headers.push((name.to_ascii_lowercase(), value));
    }

    /// Replaces the body.
    pub fn set_body(&mut self, body: Vec<u8>) {
        self.body = body;
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, by case-insensitive name, in the order received.
    pub fn headers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body's bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, invalid UTF-8 replaced (for messages and undocumented answers).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body, taken out.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A documented answer whose definition also documents response headers: the body and
/// those headers, read into a generated `…Headers` struct.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WithHeaders<B, H> {
    /// The body.
    pub body: B,
    /// The documented headers.
    pub headers: H,
}

impl<B, H> WithHeaders<B, H> {
    /// The body, without the headers.
    pub fn into_body(self) -> B {
        self.body
    }
}

/// Reads a header's value into `T`: strings as they are, numbers and booleans from their
/// text, arrays from comma-separated items, objects from `key,value,…` or `key=value,…`
/// (OpenAPI's `simple` style, the only one headers have).
pub fn header_value<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    crate::text::value(text.trim(), ",")
}

/// Reads a documented header of `response`; a value of the wrong type is a violation at
/// `/headers/<name>`, an absent one `None`.
pub fn header<T: DeserializeOwned>(
    response: &Response,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    let text = response.header(name)?;
    match header_value(text) {
        Ok(value) => Some(value),
        Err(message) => {
            // serde's own messages may quote the value (`unknown variant "…"`), and any
            // header may carry a credential.
            let message = match text.trim().is_empty() || !message.contains(text.trim()) {
                true => message,
                false => "not a value of the header's type".to_owned(),
            };
            out.push(Violation {
                pointer: format!("/headers/{}", pointer_token(name)),
                keyword: "type",
                message,
            });
            None
        }
    }
}

/// Reads a header the definition requires: as [`header`], and a violation when absent.
pub fn required_header<T: DeserializeOwned>(
    response: &Response,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<T> {
    if response.header(name).is_none() {
        out.push(Violation {
            pointer: format!("/headers/{}", pointer_token(name)),
            keyword: "required",
            message: "the required header is missing".to_owned(),
        });
        return None;
    }
    header(response, name, out)
}

/// A body and its documented headers, read: the body's error first.
pub fn with_headers<B, H>(
    body: Result<B, ClientError>,
    headers: Result<H, ClientError>,
) -> Result<WithHeaders<B, H>, ClientError> {
    Ok(WithHeaders {
        body: body?,
        headers: headers?,
    })
}

/// The error of an answer whose documented headers are wrong.
pub fn invalid_headers(response: &Response, violations: Vec<Violation>) -> ClientError {
    crate::client::invalid_response(response, Violations(violations))
}

fn pointer_token(name: &str) -> String {
    name.to_ascii_lowercase()
        .replace('~', "~0")
        .replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn header_text_reads_into_its_type() {
        assert_eq!(header_value::<i32>(" 42 "), Ok(42));
        assert_eq!(header_value::<u64>("7"), Ok(7));
        assert_eq!(header_value::<f64>("0.5"), Ok(0.5));
        assert_eq!(header_value::<bool>("true"), Ok(true));
        assert_eq!(header_value::<String>("a, b"), Ok("a, b".to_owned()));
        assert_eq!(
            header_value::<Vec<i64>>("1, 2,3"),
            Ok(vec![1, 2, 3]),
            "arrays are comma-separated"
        );
        let map: BTreeMap<String, i32> = header_value("R=100,G=200").unwrap();
        assert_eq!(map["G"], 200);
        let map: BTreeMap<String, i32> = header_value("R,100,G,200").unwrap();
        assert_eq!(map["R"], 100);
        assert_eq!(header_value::<serde_json::Value>("x"), Ok("x".into()));
        assert_eq!(
            header_value::<i32>("ten"),
            Err("expected an integer".to_owned()),
            "the value is not quoted: it may be a credential"
        );
        assert!(header_value::<u32>("-1").is_err());
    }

    #[test]
    fn header_violations_name_the_header() {
        let answer = Response::new(200, "").with_header("X-Rate-Limit", "many");
        let mut out = Vec::new();
        assert_eq!(header::<i32>(&answer, "x-rate-limit", &mut out), None);
        assert_eq!(required_header::<i32>(&answer, "X-Next", &mut out), None);
        assert_eq!(out[0].pointer, "/headers/x-rate-limit");
        assert_eq!(out[0].keyword, "type");
        assert_eq!(out[1].pointer, "/headers/x-next");
        assert_eq!(out[1].keyword, "required");
    }

    #[test]
    fn violations_quote_no_value() {
        #[derive(Debug, serde::Deserialize)]
        enum Kind {
            #[allow(dead_code)]
            Basic,
        }
        let answer = Response::new(200, "").with_header("X-Kind", "TOP-SECRET");
        let mut out = Vec::new();
        assert!(header::<Kind>(&answer, "x-kind", &mut out).is_none());
        assert_eq!(out[0].message, "not a value of the header's type");
    }

    #[test]
    fn debug_shows_no_value() {
        let answer = Response::new(200, "{\"token\":\"TOP-SECRET\"}")
            .with_header("Set-Cookie", "session=TOP-SECRET");
        let shown = format!("{answer:?}");
        assert!(!shown.contains("TOP-SECRET"), "{shown}");
        assert!(shown.contains("set-cookie"), "{shown}");
    }
}
