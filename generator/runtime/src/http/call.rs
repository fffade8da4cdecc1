//! [`Call`]: one request being put together by a generated operation, then sent (again,
//! as its [`RetryPolicy`](super::RetryPolicy) allows, and once more with a fresh token after
//! a `401`), its answer read (within the size limit) and handed to the operation's parser.

use super::retry::{error_kind, is_idempotent, Retries};
use super::trace::{CallSpan, Label, Next};
use super::{ResponseTooLarge, Transport};
use crate::check::serde_message;
use crate::multipart::Form;
use crate::params::{encode, expand, query_pairs, text, Style};
use crate::{ClientError, Response, Secret, Violation, Violations};
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use std::future::Future;
use std::time::Instant;

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
    /// Sent again as it is on a retry (a cheap clone, not serialised again).
    body: Option<Bytes>,
    violations: Vec<Violation>,
    label: Label,
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
            label: Label::default(),
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

    /// The operation's `operationId`, for its `tracing` span (feature `tracing`).
    pub fn operation(&mut self, id: &'static str) {
        self.label.operation(id);
    }

    /// Literal text of the path template.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
        self.label.literal(literal);
    }

    /// A path parameter, percent-encoded: it stays one segment whatever it holds.
    pub fn path_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style) {
        self.label.param(name);
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
            Ok(bytes) => self.body = Some(bytes.into()),
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
        self.body = Some(pairs.join("&").into_bytes().into());
        self.content_type("application/x-www-form-urlencoded");
    }

    /// A body of bytes of media type `media_type`.
    pub fn bytes(&mut self, media_type: &str, body: &[u8]) {
        self.body = Some(Bytes::copy_from_slice(body));
        self.content_type(media_type);
    }

    /// A text body of media type `media_type` (`text/plain`).
    pub fn text(&mut self, media_type: &str, body: &str) {
        self.bytes(media_type, body.as_bytes());
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, form: &Form) {
        let (content_type, body) = form.encode();
        self.body = Some(body.into());
        self.content_type(&content_type);
    }

    /// Sends the request with `method` and reads the answer with `parse` (the operation's
    /// `parse_*_response`): nothing is sent when a part was invalid.
    pub async fn send<T>(
        self,
        method: reqwest::Method,
        parse: fn(&Response) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let span = self.label.span(&method);
        let call = async {
            let answer = self.perform(method, &span, read).await?;
            parse(&answer)
        };
        span.run(call).await
    }

    /// Sends the request as [`send`](Self::send) does, and hands back a success answer's
    /// body as a [`Download`] to read piece by piece, whatever its size: for large files.
    /// Other answers are read whole (within the size limit) by `parse`, which makes them
    /// the operation's errors.
    pub async fn download<T>(
        self,
        method: reqwest::Method,
        parse: fn(&Response) -> Result<T, ClientError>,
    ) -> Result<Download, ClientError> {
        let span = self.label.span(&method);
        let call = async {
            let answer = self.perform(method, &span, download_or_read).await?;
            let answer = match answer {
                Ok(download) => return Ok(download),
                Err(answer) => answer,
            };
            // A non-success status that `parse` accepts is documented as an answer, but
            // not as one to download.
            parse(&answer).and_then(|_| {
                Err(ClientError::UnexpectedStatus {
                    status: answer.status(),
                    body: answer.text().into_owned(),
                })
            })
        };
        span.run(call).await
    }

    /// Sends the request until an attempt's answer is to be kept (see
    /// [`RetryPolicy`](super::RetryPolicy)), and hands that answer to `finish`, which
    /// reads it (a timeout while reading is retried as one before the answer).
    async fn perform<A, F>(
        self,
        method: reqwest::Method,
        span: &CallSpan,
        finish: impl Fn(reqwest::Response, Reading) -> F,
    ) -> Result<A, ClientError>
    where
        F: Future<Output = Result<A, ClientError>>,
    {
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
            label: _,
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
        let source = match auth {
            Some(Auth::Bearer) => match &transport.token_source {
                Some(source) => Some(source),
                None => {
                    return Err(ClientError::InvalidRequest(Violations::one(
                        String::new(),
                        "credential",
                        "no token source for the bearer token: set one with `token_source`".into(),
                    )))
                }
            },
            _ => None,
        };
        let token_error = |e: crate::TokenError| ClientError::Transport(Box::new(e));
        let mut token = match source {
            Some(source) => Some(source.token().await.map_err(token_error)?),
            None => None,
        };
        let reading = Reading {
            secret_in_url,
            limit: transport.max_response_bytes,
        };
        let idempotent = is_idempotent(&method);
        let mut retries = Retries::new(&transport.retry);
        let mut refreshed = false;
        let mut last_status = None;
        let result = loop {
            let number = retries.begin();
            let started = Instant::now();
            let mut request = transport
                .http
                .request(method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(timeout) = retries.attempt_timeout(transport.timeout) {
                request = request.timeout(timeout);
            }
            // reqwest marks both `Authorization` headers sensitive.
            if let Some(Auth::Basic(user, password)) = &auth {
                request = request.basic_auth(user, Some(password.expose()));
            }
            if let Some(token) = &token {
                request = request.bearer_auth(token.expose());
            }
            if let Some(body) = &body {
                request = request.body(body.clone());
            }
            let error = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    last_status = Some(status);
                    let time_left = retries.left() != Some(std::time::Duration::ZERO);
                    if let (Some(source), Some(refused), 401, false, true) =
                        (source, &token, status, refreshed, time_left)
                    {
                        // The token was refused, so the request was not processed: once
                        // more with a fresh one, whatever the method.
                        span.attempt(number, Ok(status), started.elapsed(), Next::Refresh);
                        refreshed = true;
                        drop(response);
                        match source.refresh(refused).await {
                            Ok(fresh) => token = Some(fresh),
                            Err(e) => break Err(token_error(e)),
                        }
                        continue;
                    }
                    let retry_after = response.headers().get(reqwest::header::RETRY_AFTER);
                    let retry_after = retry_after.map(HeaderValue::as_bytes);
                    if let Some(wait) = retries.after_answer(status, idempotent, retry_after) {
                        span.attempt(number, Ok(status), started.elapsed(), Next::Retry(wait));
                        drop(response);
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    match finish(response, reading).await {
                        Ok(answer) => {
                            span.attempt(number, Ok(status), started.elapsed(), Next::Done);
                            break Ok(answer);
                        }
                        Err(e) => e,
                    }
                }
                Err(e) => reading.error(e),
            };
            let kind = error_kind(&error);
            match retries.after_error(&error, idempotent) {
                Some(wait) => {
                    span.attempt(number, Err(kind), started.elapsed(), Next::Retry(wait));
                    tokio::time::sleep(wait).await;
                }
                None => {
                    span.attempt(number, Err(kind), started.elapsed(), Next::Done);
                    break Err(error);
                }
            }
        };
        span.finish(retries.made(), retries.elapsed(), last_status);
        result
    }
}

/// What reading an answer needs to know about its call.
#[derive(Clone, Copy)]
struct Reading {
    /// A credential is in the URL: errors lose it.
    secret_in_url: bool,
    /// The largest body read whole.
    limit: usize,
}

impl Reading {
    fn error(self, e: reqwest::Error) -> ClientError {
        transport_error(e, self.secret_in_url)
    }
}

fn transport_error(e: reqwest::Error, secret_in_url: bool) -> ClientError {
    ClientError::Transport(Box::new(if secret_in_url { e.without_url() } else { e }))
}

/// A response's status and headers, without its body; a header value that is not UTF-8
/// has its invalid bytes replaced.
fn head_of(response: &reqwest::Response) -> Response {
    let mut head = Response::from_bytes(response.status().as_u16(), Vec::new());
    for (name, value) in response.headers() {
        head.push_header(
            name.as_str(),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        );
    }
    head
}

/// A success answer as a [`Download`]; another answer read whole.
async fn download_or_read(
    response: reqwest::Response,
    reading: Reading,
) -> Result<Result<Download, Response>, ClientError> {
    if response.status().is_success() {
        return Ok(Ok(Download {
            head: head_of(&response),
            response,
            secret_in_url: reading.secret_in_url,
        }));
    }
    read(response, reading).await.map(Err)
}

/// Reads a whole answer, refusing one over the size limit (from `Content-Length`, or
/// while reading).
async fn read(mut response: reqwest::Response, reading: Reading) -> Result<Response, ClientError> {
    let status = response.status().as_u16();
    let limit = reading.limit;
    let too_large = || ClientError::Transport(Box::new(ResponseTooLarge { status, limit }));
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut answer = head_of(&response);
    // Its announced length (checked against the limit above) at once, not by doublings.
    let mut body: Vec<u8> = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await.map_err(|e| reading.error(e))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    answer.set_body(body);
    Ok(answer)
}

/// A success answer whose body is read piece by piece ([`Call::download`]): memory stays
/// at one piece, whatever the size, and the client's size limit does not apply. The
/// client's timeout still covers the whole call, reading included.
pub struct Download {
    /// Status and headers (the body is read from `response`).
    head: Response,
    response: reqwest::Response,
    secret_in_url: bool,
}

impl Download {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.head.status()
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.header(name)
    }

    /// The announced length of the body (`Content-Length`), if any.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, ClientError> {
        match self.response.chunk().await {
            Ok(chunk) => Ok(chunk.map(|c| c.to_vec())),
            Err(e) => Err(transport_error(e, self.secret_in_url)),
        }
    }

    /// Writes the whole body to `out`, piece by piece; the number of bytes written.
    pub async fn copy_to(&mut self, out: &mut impl std::io::Write) -> Result<u64, ClientError> {
        let mut written = 0;
        while let Some(chunk) = self.chunk().await? {
            out.write_all(&chunk)
                .map_err(|e| ClientError::Transport(Box::new(e)))?;
            written += chunk.len() as u64;
        }
        Ok(written)
    }
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("head", &self.head)
            .finish_non_exhaustive()
    }
}
