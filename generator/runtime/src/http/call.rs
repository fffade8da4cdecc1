//! [`Call`]: one request being put together by a generated operation, then sent and its
//! answer read (within the size limit) and handed to the operation's parser.

use super::params::{encode, expand, query_pairs, text, Style};
use super::{ResponseTooLarge, Transport};
use crate::check::serde_message;
use crate::{ClientError, Secret, Violation, Violations};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

/// The credential of a call that goes in the `Authorization` header.
enum Auth {
    Basic(String, Secret),
    /// A token of the client's token source.
    Bearer,
}

/// A request being put together. Problems are collected and reported together as
/// [`ClientError::InvalidRequest`], before anything is sent. For generated code: each
/// operation of an `HttpClient` fills one in, in the order of its definition, and sends it.
pub struct Call<'t> {
    transport: &'t Transport,
    url: reqwest::Url,
    path: String,
    headers: HeaderMap,
    cookies: Vec<String>,
    secret_cookie: bool,
    secret_in_url: bool,
    auth: Option<Auth>,
    body: Option<Vec<u8>>,
    violations: Vec<Violation>,
}

impl<'t> Call<'t> {
    /// A request through `transport` that accepts `accept`.
    pub(crate) fn new(transport: &'t Transport, accept: &str) -> Call<'t> {
        let mut headers = HeaderMap::new();
        if let Some(agent) = &transport.user_agent {
            headers.insert(reqwest::header::USER_AGENT, agent.clone());
        }
        let mut call = Call {
            transport,
            url: transport.base.clone(),
            path: transport.base.path().trim_end_matches('/').to_owned(),
            headers,
            cookies: Vec::new(),
            secret_cookie: false,
            secret_in_url: false,
            auth: None,
            body: None,
            violations: Vec::new(),
        };
        call.header_value("accept", accept, false);
        call
    }

    fn violation(&mut self, pointer: String, keyword: &'static str, message: &str) {
        self.violations.push(Violation {
            pointer,
            keyword,
            message: message.to_owned(),
        });
    }

    /// Literal text of the path template.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// A path parameter, percent-encoded: it stays one segment whatever it holds.
    pub fn path_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style) {
        let text = expand(name, value, style, true).unwrap_or_default();
        if text.is_empty() || text == "." || text == ".." {
            self.violation(
                format!("/path/{name}"),
                "path",
                "cannot be sent as a path segment (empty, `.` or `..`)",
            );
            return;
        }
        self.path.push_str(&text);
    }

    /// A query parameter.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style) {
        let items = query_pairs(name, value, style);
        if !items.is_empty() {
            let mut pairs = self.url.query_pairs_mut();
            for (key, item) in &items {
                pairs.append_pair(key, item);
            }
        }
    }

    fn header_value(&mut self, name: &str, text: &str, sensitive: bool) {
        let header = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header) => header,
            Err(_) => {
                return self.violation(
                    format!("/header/{name}"),
                    "header",
                    "not a valid HTTP header name",
                )
            }
        };
        match HeaderValue::from_str(text) {
            Ok(mut value) => {
                value.set_sensitive(sensitive);
                self.headers.insert(header, value);
            }
            Err(_) if sensitive => self.violation(
                format!("/header/{name}"),
                "credential",
                "the credential is not a valid HTTP header value",
            ),
            Err(_) => self.violation(
                format!("/header/{name}"),
                "header",
                "not a valid HTTP header value",
            ),
        }
    }

    /// A header parameter; a `sensitive` one (a secret) is marked so.
    pub fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        sensitive: bool,
    ) {
        if let Some(text) = expand(name, value, style, false) {
            self.header_value(name, &text, sensitive);
        }
    }

    /// A cookie parameter, its items joined by `sep`.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, sep: &str) {
        if let Some(text) = text(value, sep) {
            self.cookies
                .push(format!("{name}={}", encode(&text, "%20")));
        }
    }

    /// A secret path or query parameter: transport errors lose their URL.
    pub fn secret_in_url(&mut self) {
        self.secret_in_url = true;
    }

    /// A secret cookie parameter: the cookie header is marked sensitive.
    pub fn secret_cookie(&mut self) {
        self.secret_cookie = true;
    }

    /// An API key in a header, marked sensitive.
    pub fn key_header(&mut self, name: &str, key: &Secret) {
        self.header_value(name, key.expose(), true);
    }

    /// An API key in the query string: transport errors lose their URL.
    pub fn key_query(&mut self, name: &str, key: &Secret) {
        self.secret_in_url = true;
        self.url.query_pairs_mut().append_pair(name, key.expose());
    }

    /// An API key in a cookie: the cookie header is marked sensitive.
    pub fn key_cookie(&mut self, name: &str, key: &Secret) {
        self.secret_cookie = true;
        self.cookies
            .push(format!("{name}={}", encode(key.expose(), "%20")));
    }

    /// HTTP basic authentication.
    pub fn basic(&mut self, user: &str, password: &Secret) {
        self.auth = Some(Auth::Basic(user.to_owned(), password.clone()));
    }

    /// A bearer token from the client's token source (HTTP bearer and OAuth 2.0 schemes).
    pub fn bearer(&mut self) {
        self.auth = Some(Auth::Bearer);
    }

    fn content_type(&mut self, media_type: &str) {
        self.header_value("content-type", media_type, false);
    }

    /// A JSON body of media type `media_type`.
    pub fn json<T: Serialize + ?Sized>(&mut self, media_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.violation(String::new(), "type", &serde_message(&e)),
        }
        self.content_type(media_type);
    }

    /// A form body (`application/x-www-form-urlencoded`).
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        let mut pairs = Vec::new();
        match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => {
                // Fields are written as `form` style, exploded (OpenAPI's default).
                for (name, value) in &fields {
                    for (key, item) in query_pairs(name, value, Style::Exploded) {
                        pairs.push(format!("{}={}", encode(&key, "+"), encode(&item, "+")));
                    }
                }
            }
            _ => self.violation(String::new(), "type", "a form body must be an object"),
        }
        self.body = Some(pairs.join("&").into_bytes());
        self.content_type("application/x-www-form-urlencoded");
    }

    /// A body of bytes of media type `media_type`.
    pub fn bytes(&mut self, media_type: &str, body: &[u8]) {
        self.body = Some(body.to_vec());
        self.content_type(media_type);
    }

    /// Sends the request with `method` and reads the answer with `parse` (the operation's
    /// `parse_*_response`): nothing is sent when a part was invalid.
    pub async fn send<T>(
        self,
        method: reqwest::Method,
        parse: fn(u16, &str) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let Call {
            transport,
            mut url,
            path,
            mut headers,
            cookies,
            secret_cookie,
            secret_in_url,
            auth,
            body,
            violations,
        } = self;
        if !violations.is_empty() {
            return Err(ClientError::InvalidRequest(Violations(violations)));
        }
        url.set_path(&path);
        if !cookies.is_empty() {
            // Names come from the definition, values are percent-encoded: valid.
            if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
                value.set_sensitive(secret_cookie);
                headers.insert(reqwest::header::COOKIE, value);
            }
        }
        let mut request = transport.http.request(method, url).headers(headers);
        if let Some(timeout) = transport.timeout {
            request = request.timeout(timeout);
        }
        let bearer = matches!(auth, Some(Auth::Bearer));
        request = match auth {
            // reqwest marks both `Authorization` headers sensitive.
            Some(Auth::Basic(user, password)) => request.basic_auth(user, Some(password.expose())),
            Some(Auth::Bearer) => {
                let Some(source) = &transport.token_source else {
                    return Err(ClientError::InvalidRequest(Violations::one(
                        String::new(),
                        "credential",
                        "no token source for the bearer token: set one with `token_source`".into(),
                    )));
                };
                let token = source
                    .token()
                    .await
                    .map_err(|e| ClientError::Transport(Box::new(e)))?;
                request.bearer_auth(token.expose())
            }
            None => request,
        };
        if let Some(body) = body {
            request = request.body(body);
        }
        let lost = |e: reqwest::Error| {
            ClientError::Transport(Box::new(if secret_in_url { e.without_url() } else { e }))
        };
        let mut response = request.send().await.map_err(lost)?;
        let status = response.status().as_u16();
        if bearer && status == 401 {
            // The token was refused: the next call asks the source for a new one.
            if let Some(source) = &transport.token_source {
                source.invalidate();
            }
        }
        let limit = transport.max_response_bytes;
        let too_large = || ClientError::Transport(Box::new(ResponseTooLarge { status, limit }));
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body: Vec<u8> = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(lost)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&body);
        parse(status, &text)
    }
}
