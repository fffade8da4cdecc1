//! [`Incoming`]: one request as a generated handler reads it. Each part (a parameter, the
//! body, the credentials) is read into its Rust type; what does not fit the definition is
//! a violation, collected, so that one answer names every problem.

use super::reply::{Denied, Reply};
use crate::check::{self, Validator};
use crate::params::{decode, Style};
use crate::{Secret, Validate, Violation};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

/// A request being read by a generated handler. Generated code calls its methods; an
/// implementation of the bindings' `Server` trait never sees it.
pub struct Incoming {
    head: Parts,
    path: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    body: axum::body::Bytes,
    violations: Vec<Violation>,
    /// The status of the rejection, when there is one: the first problem's.
    status: Option<(u16, &'static str)>,
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A security scheme, as an operation's requirement names it.
#[derive(Clone, Copy, Debug)]
pub enum Scheme {
    /// An API key (`type: apiKey`).
    ApiKey {
        /// The scheme's name in the definition.
        scheme: &'static str,
        /// Where the key travels.
        location: In,
        /// The header, query parameter or cookie.
        name: &'static str,
    },
    /// `Authorization: Basic`.
    Basic {
        /// The scheme's name in the definition.
        scheme: &'static str,
    },
    /// `Authorization: Bearer` (HTTP bearer, OAuth 2.0, OpenID Connect).
    Bearer {
        /// The scheme's name in the definition.
        scheme: &'static str,
    },
}

/// A credential a request presented.
#[derive(Clone, Debug)]
pub enum Credential {
    /// An API key.
    ApiKey {
        /// The scheme's name in the definition.
        scheme: &'static str,
        /// The key.
        key: Secret,
    },
    /// A user name and password.
    Basic {
        /// The scheme's name in the definition.
        scheme: &'static str,
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// A bearer token.
    Bearer {
        /// The scheme's name in the definition.
        scheme: &'static str,
        /// The token.
        token: Secret,
    },
}

impl Credential {
    /// The name of the scheme it satisfies.
    pub fn scheme(&self) -> &'static str {
        match self {
            Credential::ApiKey { scheme, .. }
            | Credential::Basic { scheme, .. }
            | Credential::Bearer { scheme, .. } => scheme,
        }
    }
}

/// The credentials of the first alternative of an operation's security requirement that a
/// request presented in full: what the `Server::authorize` hook checks. `Debug` shows no
/// secret.
#[derive(Clone, Debug, Default)]
pub struct Presented {
    credentials: Vec<Credential>,
}

impl Presented {
    /// Every credential presented.
    pub fn iter(&self) -> std::slice::Iter<'_, Credential> {
        self.credentials.iter()
    }

    /// Whether the operation asked for none (no requirement, or an optional one).
    pub fn is_empty(&self) -> bool {
        self.credentials.is_empty()
    }

    /// The API key of scheme `scheme`.
    pub fn api_key(&self, scheme: &str) -> Option<&Secret> {
        self.credentials.iter().find_map(|c| match c {
            Credential::ApiKey { scheme: s, key } if *s == scheme => Some(key),
            _ => None,
        })
    }

    /// The bearer token.
    pub fn bearer(&self) -> Option<&Secret> {
        self.credentials.iter().find_map(|c| match c {
            Credential::Bearer { token, .. } => Some(token),
            _ => None,
        })
    }

    /// The user name and password of basic authentication.
    pub fn basic(&self) -> Option<(&str, &Secret)> {
        self.credentials.iter().find_map(|c| match c {
            Credential::Basic {
                username, password, ..
            } => Some((username.as_str(), password)),
            _ => None,
        })
    }
}

/// The summaries of the rejections' statuses (the envelope's message).
const INVALID: (u16, &str) = (400, "request does not match the definition");
const UNSUPPORTED: (u16, &str) = (415, "unsupported content type");
const MISSING_CREDENTIALS: (u16, &str) = (401, "credentials are missing");

impl Incoming {
    pub(crate) fn new(
        head: Parts,
        path: Vec<(&'static str, String)>,
        body: axum::body::Bytes,
    ) -> Incoming {
        let mut incoming = Incoming {
            head,
            path,
            query: Vec::new(),
            body,
            violations: Vec::new(),
            status: None,
        };
        let raw = incoming.head.uri.query().unwrap_or("").to_owned();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match (decode(k, true), decode(v, true)) {
                (Some(k), Some(v)) => incoming.query.push((k, v)),
                _ => incoming.fail(
                    INVALID,
                    "/query".to_owned(),
                    "format",
                    "the query string is not percent-encoded UTF-8",
                ),
            }
        }
        incoming
    }

    fn fail(
        &mut self,
        status: (u16, &'static str),
        pointer: String,
        keyword: &'static str,
        message: &str,
    ) {
        self.status.get_or_insert(status);
        self.violations.push(Violation {
            pointer,
            keyword,
            message: message.to_owned(),
        });
    }

    /// The request's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// Reads a value's text into `T`, or a violation at `pointer`.
    fn read<T: DeserializeOwned>(
        &mut self,
        pointer: impl std::fmt::Display,
        read: impl FnOnce() -> Result<T, String>,
    ) -> Option<T> {
        match read() {
            Ok(value) => Some(value),
            Err(message) => {
                // serde's messages may quote the value (`unknown variant "…"`), and any
                // parameter may carry a credential: those say what was expected only.
                let message = match message.contains(['`', '"']) {
                    true => "not a value of the parameter's type",
                    false => message.as_str(),
                };
                self.fail(INVALID, pointer.to_string(), "type", message);
                None
            }
        }
    }

    fn missing(&mut self, pointer: &At, required: bool) -> Option<()> {
        if required {
            self.fail(
                INVALID,
                pointer.to_string(),
                "required",
                "the required parameter is missing",
            );
        }
        None
    }

    /// A path parameter, in its style.
    pub fn path<T: DeserializeOwned>(&mut self, name: &'static str, style: Style) -> Option<T> {
        let pointer = At("path", name);
        let raw = self.path.iter().find(|(n, _)| *n == name)?.1.clone();
        // Items are split before they are decoded: `a%2Cb,c` is two items.
        let (text, sep) = match style {
            Style::Label(explode) => (
                raw.strip_prefix('.').unwrap_or(&raw).to_owned(),
                if explode { "." } else { "," },
            ),
            Style::Matrix(explode) => {
                let prefix = format!(";{name}=");
                let text = match raw.strip_prefix(&prefix) {
                    Some(rest) => rest,
                    // `;name` alone: the empty value.
                    None if raw == format!(";{name}") => "",
                    None => raw.strip_prefix(';').unwrap_or(&raw),
                };
                if explode {
                    (text.replace(&prefix, ";"), ";")
                } else {
                    (text.to_owned(), ",")
                }
            }
            Style::Delimited(sep) => (raw, sep),
            Style::Exploded | Style::DeepObject => (raw, ","),
        };
        self.read(pointer, || crate::text::encoded(&text, sep))
    }

    /// A query parameter, in its style.
    pub fn query<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
        style: Style,
        required: bool,
    ) -> Option<T> {
        let pointer = At("query", name);
        if let Style::DeepObject = style {
            // `name[a][b]=v` (and `name[]=v`): the path after the name.
            let pairs: Vec<(Vec<String>, String)> = self
                .query
                .iter()
                .filter_map(|(k, v)| {
                    let inner = k.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')?;
                    let path = inner.split("][").map(str::to_owned).collect();
                    Some((path, v.clone()))
                })
                .collect();
            if pairs.is_empty() {
                self.missing(&pointer, required)?;
            }
            return self.read(pointer, || crate::text::tree(&pairs));
        }
        let items: Vec<String> = self
            .query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect();
        if items.is_empty() {
            self.missing(&pointer, required)?;
        }
        match (style, items.as_slice()) {
            (Style::Delimited(sep), [one]) => self.read(pointer, || crate::text::value(one, sep)),
            _ => self.read(pointer, || crate::text::values(&items)),
        }
    }

    /// An object query parameter written exploded (`form`): its properties are the pairs
    /// that no other parameter of the operation (`others`) names, alone or with brackets.
    pub fn query_object<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
        others: &[&str],
        required: bool,
    ) -> Option<T> {
        let pointer = At("query", name);
        let pairs: Vec<(Vec<String>, String)> = self
            .query
            .iter()
            .filter(|(k, _)| {
                // Another parameter's pair: its name, or its name and brackets (`deepObject`).
                let name = k.split('[').next().unwrap_or(k);
                !others.contains(&name)
            })
            .map(|(k, v)| (vec![k.clone()], v.clone()))
            .collect();
        if pairs.is_empty() {
            self.missing(&pointer, required)?;
        }
        self.read(pointer, || crate::text::tree(&pairs))
    }

    /// A header parameter (`simple` style; Swagger 2.0's `collectionFormat` may join items
    /// otherwise).
    pub fn header<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
        style: Style,
        required: bool,
    ) -> Option<T> {
        let pointer = At("header", name);
        let values: Vec<Option<String>> = self
            .head
            .headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8(v.as_bytes().to_vec()).ok())
            .collect();
        if values.is_empty() {
            self.missing(&pointer, required)?;
        }
        let sep = match style {
            Style::Delimited(sep) => sep,
            _ => ",",
        };
        let mut text = String::new();
        for value in values {
            let Some(value) = value else {
                self.fail(
                    INVALID,
                    pointer.to_string(),
                    "format",
                    "the header is not UTF-8 text",
                );
                return None;
            };
            if !text.is_empty() {
                text.push_str(sep);
            }
            text.push_str(&value);
        }
        self.read(pointer, || crate::text::value(text.trim(), sep))
    }

    /// A cookie parameter; `sep` joins an array's items.
    pub fn cookie<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
        sep: &'static str,
        required: bool,
    ) -> Option<T> {
        let pointer = At("cookie", name);
        let Some(raw) = self.cookie_text(name) else {
            self.missing(&pointer, required)?;
            return None;
        };
        let Some(text) = decode(&raw, false) else {
            self.fail(
                INVALID,
                pointer.to_string(),
                "format",
                "not percent-encoded UTF-8",
            );
            return None;
        };
        self.read(pointer, || crate::text::value(&text, sep))
    }

    fn cookie_text(&self, name: &str) -> Option<String> {
        self.head
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }

    /// The request's media type, without parameters, in lower case.
    fn media_type(&self) -> Option<String> {
        let value = self.head.headers.get(axum::http::header::CONTENT_TYPE)?;
        let value = value.to_str().ok()?;
        Some(value.split(';').next()?.trim().to_ascii_lowercase())
    }

    /// Whether a body was sent (bytes, or for text and bytes, a media type: an empty file
    /// is a body); a missing required one is a violation.
    fn has_body(&mut self, required: bool, empty_is_a_value: bool) -> bool {
        if !self.body.is_empty() {
            return true;
        }
        if empty_is_a_value
            && self
                .head
                .headers
                .contains_key(axum::http::header::CONTENT_TYPE)
        {
            return true;
        }
        if required {
            self.fail(
                INVALID,
                String::new(),
                "required",
                "the request body is required",
            );
        }
        false
    }

    /// Whether the body's media type is `accepts`'s; else a `415` violation.
    fn media_is(&mut self, accepts: impl Fn(&str) -> bool, expected: &str) -> bool {
        match self.media_type() {
            Some(media) if accepts(&media) => true,
            _ => {
                let message = format!("expected a body of type {expected}");
                self.fail(
                    UNSUPPORTED,
                    "/header/content-type".to_owned(),
                    "contentType",
                    &message,
                );
                false
            }
        }
    }

    fn utf8_body(&mut self) -> Option<String> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => Some(text.to_owned()),
            Err(_) => {
                self.fail(INVALID, String::new(), "json", "the body is not UTF-8");
                None
            }
        }
    }

    fn json_text(&mut self, required: bool) -> Option<String> {
        if !self.has_body(required, false) || !self.media_is(is_json, "application/json") {
            return None;
        }
        self.utf8_body()
    }

    /// A JSON body of a type with a `Validate` impl: parsed and checked in one step.
    pub fn json<T: Validate>(&mut self, required: bool) -> Option<T> {
        let text = self.json_text(required)?;
        self.checked(T::from_json(&text))
    }

    /// A JSON body checked by a schema's validator (a type without `Validate` of its own).
    pub fn json_with<T: DeserializeOwned>(&mut self, f: Validator, required: bool) -> Option<T> {
        let text = self.json_text(required)?;
        self.checked(check::parse(&text, f))
    }

    fn checked<T>(&mut self, read: Result<T, crate::Violations>) -> Option<T> {
        match read {
            Ok(value) => Some(value),
            Err(violations) => {
                self.status.get_or_insert(INVALID);
                self.violations.extend(violations.0);
                None
            }
        }
    }

    /// A URL-encoded form body, read into `T` and checked by `f` (its schema's validator).
    pub fn form<T: DeserializeOwned + serde::Serialize>(
        &mut self,
        f: Option<Validator>,
        required: bool,
    ) -> Option<T> {
        let form = "application/x-www-form-urlencoded";
        if !self.has_body(required, false) || !self.media_is(|m| m == form, form) {
            return None;
        }
        let text = self.utf8_body()?;
        let mut pairs = Vec::new();
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match (decode(k, true), decode(v, true)) {
                (Some(k), Some(v)) => pairs.push((k, v)),
                _ => {
                    self.fail(
                        INVALID,
                        String::new(),
                        "format",
                        "the form is not percent-encoded UTF-8",
                    );
                    return None;
                }
            }
        }
        // A key given more than once is an array (`tag=a&tag=b`, as the client writes one).
        let paths: Vec<(Vec<String>, String)> = pairs
            .iter()
            .map(|(k, v)| {
                let repeated = pairs.iter().filter(|(other, _)| other == k).count() > 1;
                let path = match repeated {
                    true => vec![k.clone(), String::new()],
                    false => vec![k.clone()],
                };
                (path, v.clone())
            })
            .collect();
        let value: T = self.read("", || crate::text::tree(&paths))?;
        if let Some(f) = f {
            let mut out = Vec::new();
            crate::client::check_part(Some(&value), "", f, &mut out);
            if !out.is_empty() {
                self.checked::<()>(Err(crate::Violations(out)));
                return None;
            }
        }
        Some(value)
    }

    /// A text body (`text/*`, XML): it must be UTF-8.
    pub fn text(&mut self, required: bool) -> Option<String> {
        if !self.has_body(required, true) {
            return None;
        }
        match std::str::from_utf8(&self.body) {
            Ok(text) => Some(text.to_owned()),
            Err(_) => {
                self.fail(
                    INVALID,
                    String::new(),
                    "format",
                    "the body is not UTF-8 text",
                );
                None
            }
        }
    }

    /// A body of any other media type: its bytes, and the media type it was sent as.
    pub fn bytes(&mut self, required: bool) -> Option<RawBody> {
        if !self.has_body(required, true) {
            return None;
        }
        let content_type = self
            .head
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Some(RawBody {
            content_type,
            bytes: Vec::from(std::mem::take(&mut self.body)),
        })
    }

    /// Runs the schema checks of the parts read (each appends its violations).
    pub fn check(&mut self, checks: impl FnOnce(&mut Vec<Violation>)) {
        let before = self.violations.len();
        checks(&mut self.violations);
        if self.violations.len() > before {
            self.status.get_or_insert(INVALID);
        }
    }

    /// Whether every part read so far fits the definition.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// The answer to a request that does not fit the definition: the first problem's
    /// status, the first violation in the API's envelope.
    pub fn reject(mut self) -> Reply {
        let (status, summary) = self.status.unwrap_or(INVALID);
        let violation = match self.violations.is_empty() {
            true => Violation {
                pointer: String::new(),
                keyword: "required",
                message: "the request is incomplete".to_owned(),
            },
            false => self.violations.swap_remove(0),
        };
        Reply::problem(status, summary, violation)
    }

    /// The answer to credentials the security hook refused.
    pub fn denied(self, denied: Denied) -> Reply {
        let summary = match denied.status {
            403 => "credentials do not allow this operation",
            _ => "credentials are not valid",
        };
        Reply::problem(
            denied.status,
            summary,
            Violation {
                pointer: String::new(),
                keyword: "security",
                message: denied.reason,
            },
        )
    }

    /// The credentials of the first alternative of `alternatives` that the request
    /// presents in full (an empty alternative asks for none); else a `401` violation
    /// naming what the first alternative needs.
    pub fn credentials(&mut self, alternatives: &[&[Scheme]]) -> Option<Presented> {
        if alternatives.is_empty() {
            return Some(Presented::default());
        }
        for alternative in alternatives {
            let found: Option<Vec<Credential>> =
                alternative.iter().map(|s| self.credential(s)).collect();
            if let Some(credentials) = found {
                return Some(Presented { credentials });
            }
        }
        let needed: Vec<String> = alternatives[0].iter().map(describe).collect();
        // The first credential the first alternative misses.
        let missing = alternatives[0]
            .iter()
            .find(|s| self.credential(s).is_none())
            .or(alternatives[0].first());
        let pointer = match missing {
            Some(Scheme::ApiKey { location, name, .. }) => {
                let at = match location {
                    In::Header => "header",
                    In::Query => "query",
                    In::Cookie => "cookie",
                };
                format!("/{at}/{}", token(name))
            }
            _ => "/header/authorization".to_owned(),
        };
        let message = format!("the operation needs {}", needed.join(" and "));
        self.fail(MISSING_CREDENTIALS, pointer, "security", &message);
        None
    }

    fn credential(&self, scheme: &Scheme) -> Option<Credential> {
        let authorization = || {
            let value = self.head.headers.get(axum::http::header::AUTHORIZATION)?;
            let (kind, rest) = value.to_str().ok()?.trim().split_once(' ')?;
            Some((kind.to_ascii_lowercase(), rest.trim().to_owned()))
        };
        match *scheme {
            Scheme::ApiKey {
                scheme,
                location,
                name,
            } => {
                let key = match location {
                    In::Header => {
                        String::from_utf8(self.head.headers.get(name)?.as_bytes().to_vec()).ok()?
                    }
                    In::Query => self.query.iter().find(|(k, _)| k == name)?.1.clone(),
                    In::Cookie => decode(&self.cookie_text(name)?, false)?,
                };
                Some(Credential::ApiKey {
                    scheme,
                    key: Secret::new(key),
                })
            }
            Scheme::Bearer { scheme } => match authorization()? {
                (kind, token) if kind == "bearer" && !token.is_empty() => {
                    Some(Credential::Bearer {
                        scheme,
                        token: Secret::new(token),
                    })
                }
                _ => None,
            },
            Scheme::Basic { scheme } => match authorization()? {
                (kind, encoded) if kind == "basic" => {
                    let decoded = base64_decode(&encoded)?;
                    let (username, password) = decoded.split_once(':')?;
                    Some(Credential::Basic {
                        scheme,
                        username: username.to_owned(),
                        password: Secret::new(password),
                    })
                }
                _ => None,
            },
        }
    }
}

/// A body that is not JSON, a form or text: its bytes as sent.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody {
    /// The request's `Content-Type` as sent, parameters (a multipart `boundary`) included.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for RawBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

fn describe(scheme: &Scheme) -> String {
    match scheme {
        Scheme::ApiKey { location, name, .. } => {
            let at = match location {
                In::Header => "header",
                In::Query => "query parameter",
                In::Cookie => "cookie",
            };
            format!("the API key {at} `{name}`")
        }
        Scheme::Basic { .. } => "basic authentication".to_owned(),
        Scheme::Bearer { .. } => "a bearer token".to_owned(),
    }
}

/// `application/json` and `*+json`.
fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// Where a parameter is (`/header/MsgId`), written out only when a violation needs it.
struct At(&'static str, &'static str);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}/{}", self.0, token(self.1))
    }
}

/// A JSON pointer token of a parameter name (lower case for headers is the caller's).
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Standard base64 (RFC 4648), as `Authorization: Basic` carries it.
fn base64_decode(text: &str) -> Option<String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_decode() {
        assert_eq!(base64_decode("dXNlcjpwYXNz").as_deref(), Some("user:pass"));
        assert_eq!(base64_decode("YTpi").as_deref(), Some("a:b"));
        assert_eq!(base64_decode("!!!!"), None);
    }
}
