//! `http::HttpClient`: the client trait implemented on `reqwest` (rustls TLS), emitted with
//! `Config::http(true)` and gated by `#[cfg(feature = "http")]` in the generated code, so
//! consumers that bring their own transport pay nothing.
//!
//! Per operation it checks the request with `validate_<op>` (an invalid request is never
//! sent), fills in path, query, header and cookie parameters (path segments
//! percent-encoded), the security requirement's credentials (API keys in a header, query
//! parameter or cookie; basic; bearer), the body, and reads the answer with
//! `parse_<op>_response`. Credentials go in headers marked sensitive; an API key in the
//! query string is stripped, with the whole URL, from every transport error.

use super::client::OpPlan;
use super::token::{param_fields, qualify};
use super::{docs, ident, Context};
use crate::ir::{Location, Operation, SecurityKind, StatusCode, Style};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// The fields of `Credentials` for each security scheme, by scheme name (the naming
/// `client::credentials` uses).
fn credential_fields<'a>(cx: &Context<'a>) -> Vec<(&'a str, Vec<proc_macro2::Ident>)> {
    let mut names = naming::Scope::default();
    cx.api
        .security_schemes
        .iter()
        .map(|scheme| {
            let base = naming::unraw(&naming::snake(&scheme.name, "credential")).to_owned();
            let suffixes: &[&str] = match &scheme.kind {
                SecurityKind::ApiKey { .. } => &[""],
                SecurityKind::HttpBasic => &["_username", "_password"],
                SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. } => &["_token"],
            };
            let fields = suffixes.iter().map(|s| ident(&names.claim(&naming::keyword_safe(&format!("{base}{s}"))))).collect();
            (scheme.name.as_str(), fields)
        })
        .collect()
}

/// The `http` module, or nothing when the option is off or there is no client trait.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let has_credentials = !cx.api.security_schemes.is_empty();
    let credentials = credential_fields(cx);
    let key_in_query = cx.api.security_schemes.iter().any(|s| {
        matches!(&s.kind, SecurityKind::ApiKey { location: Location::Query, .. })
            && cx.api.operations.iter().any(|op| op.security.iter().find(|r| !r.is_empty()).is_some_and(|r| r.contains(&s.name)))
    });
    let methods = cx.api.operations.iter().zip(ops).map(|(op, plan)| method(cx, op, plan, &credentials));

    let servers: Vec<&str> = cx.api.servers.iter().map(|s| s.url.as_str()).collect();
    let mut servers_doc = String::from(" The servers the definition declares, the default first.");
    if servers.is_empty() {
        servers_doc.push_str("\n\n None: set [`HttpClientBuilder::base_url`].");
    }
    for s in &cx.api.servers {
        servers_doc.push_str(&format!("\n - `{}`", s.url.replace('`', "'")));
        if let Some(d) = s.description.as_deref().filter(|d| !d.trim().is_empty()) {
            servers_doc.push_str(": ");
            servers_doc.push_str(&d.replace(['\n', '\r'], " "));
        }
    }
    let servers_doc = docs::text(&servers_doc);

    let key_doc = if key_in_query {
        " This API takes an API key in the query string: transport errors are stripped of\n their URL (`reqwest::Error::without_url`), so that the key never shows in a message."
    } else {
        ""
    };
    let client_doc = docs::text(&format!(
        " The [`Client`](super::Client) over HTTP, on `reqwest` with rustls TLS.\n\n Each call checks the request with its `validate_*` function first (an invalid request\n is never sent), sends the credentials of the operation's security requirement in\n headers marked sensitive, and reads the answer with its `parse_*_response` function.\n Transport failures and timeouts are [`ClientError::Transport`](super::ClientError::Transport).\n\n Cheap to clone: clones share one connection pool.{}{key_doc}",
        if key_doc.is_empty() { "" } else { "\n\n" }
    ));

    let (cred_field, cred_builder_field, cred_param, cred_arg, cred_init, cred_debug, cred_move) = if has_credentials {
        (
            quote! { credentials: super::Credentials, },
            quote! { credentials: super::Credentials, },
            quote! { credentials: super::Credentials },
            quote! { credentials },
            quote! { credentials, },
            quote! { .field("credentials", &self.credentials) },
            quote! { credentials: self.credentials, },
        )
    } else {
        let e = TokenStream::new();
        (e.clone(), e.clone(), e.clone(), e.clone(), e.clone(), e.clone(), e)
    };
    let new_doc = if has_credentials {
        " A client for the default server with `credentials`, default timeouts and user agent."
    } else {
        " A client for the default server, with default timeouts and user agent."
    };

    quote! {
        /// The [`Client`] over HTTP: [`HttpClient`](http::HttpClient), on
        /// `reqwest` with rustls TLS. Compiled only with the `http` Cargo feature, which the
        /// crate including these bindings declares as `http = ["dep:reqwest"]`.
        #[cfg(feature = "http")]
        pub mod http {
            #servers_doc
            pub const SERVERS: &[&str] = &[#(#servers),*];

            /// How long connecting may take unless configured: 10 seconds.
            pub const DEFAULT_CONNECT_TIMEOUT: ::core::time::Duration = ::core::time::Duration::from_secs(10);

            /// How long a whole call (connect, send, read the answer) may take unless
            /// configured: 30 seconds.
            pub const DEFAULT_TIMEOUT: ::core::time::Duration = ::core::time::Duration::from_secs(30);

            /// The largest answer body read unless configured: 16 MiB. A larger one is a
            /// [`ResponseTooLarge`] transport error, so that a faulty or hostile server cannot
            /// exhaust memory.
            pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

            /// The answer body was larger than the client accepts (see
            /// [`HttpClientBuilder::max_response_bytes`]); it arrives as
            /// [`ClientError::Transport`](super::ClientError::Transport).
            #[derive(Debug)]
            pub struct ResponseTooLarge {
                /// The HTTP status of the answer.
                pub status: u16,
                /// The limit that was exceeded, in bytes.
                pub limit: usize,
            }

            impl ::core::fmt::Display for ResponseTooLarge {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, "the answer (status {}) is larger than {} bytes", self.status, self.limit)
                }
            }

            impl ::std::error::Error for ResponseTooLarge {}

            /// The `User-Agent` sent unless configured: the including crate's name and version.
            pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

            /// Why an [`HttpClient`] could not be built.
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum BuildError {
                /// No base URL was set and the definition declares no server.
                NoBaseUrl,
                /// The base URL is unusable (the URL itself is not repeated: it could hold a
                /// credential).
                InvalidBaseUrl(&'static str),
                /// The user agent is not a valid header value.
                InvalidUserAgent,
                /// `reqwest` could not build its client.
                Reqwest(::reqwest::Error),
            }

            impl ::core::fmt::Display for BuildError {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self {
                        BuildError::NoBaseUrl => f.write_str("no base URL: the definition declares no server and none was set"),
                        BuildError::InvalidBaseUrl(why) => write!(f, "invalid base URL: {why}"),
                        BuildError::InvalidUserAgent => f.write_str("the user agent is not a valid header value"),
                        BuildError::Reqwest(e) => write!(f, "cannot build the HTTP client: {e}"),
                    }
                }
            }

            impl ::std::error::Error for BuildError {
                fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                    match self {
                        BuildError::Reqwest(e) => ::core::option::Option::Some(e),
                        _ => ::core::option::Option::None,
                    }
                }
            }

            #client_doc
            #[derive(Clone)]
            pub struct HttpClient {
                http: ::reqwest::Client,
                base: ::reqwest::Url,
                #cred_field
                timeout: ::core::option::Option<::core::time::Duration>,
                user_agent: ::core::option::Option<::reqwest::header::HeaderValue>,
                max_response_bytes: usize,
            }

            impl ::core::fmt::Debug for HttpClient {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct("HttpClient")
                        .field("base_url", &self.base.as_str())
                        .field("timeout", &self.timeout)
                        #cred_debug
                        .finish_non_exhaustive()
                }
            }

            impl HttpClient {
                #[doc = #new_doc]
                pub fn new(#cred_param) -> ::core::result::Result<HttpClient, BuildError> {
                    HttpClient::builder(#cred_arg).build()
                }

                /// Configure a client: base URL, timeouts, user agent, or an existing
                /// `reqwest::Client`.
                pub fn builder(#cred_param) -> HttpClientBuilder {
                    HttpClientBuilder {
                        #cred_init
                        base_url: ::core::option::Option::None,
                        connect_timeout: ::core::option::Option::None,
                        timeout: ::core::option::Option::None,
                        user_agent: ::core::option::Option::None,
                        max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                        client: ::core::option::Option::None,
                    }
                }

                /// The base URL requests go to (operation paths are appended to it).
                pub fn base_url(&self) -> &str {
                    self.base.as_str()
                }

                /// The `reqwest` client underneath.
                pub fn reqwest_client(&self) -> &::reqwest::Client {
                    &self.http
                }
            }

            /// Settings of an [`HttpClient`]; every one has a default.
            #[derive(Clone, Debug)]
            pub struct HttpClientBuilder {
                #cred_builder_field
                base_url: ::core::option::Option<::std::string::String>,
                connect_timeout: ::core::option::Option<::core::time::Duration>,
                timeout: ::core::option::Option<::core::time::Duration>,
                user_agent: ::core::option::Option<::std::string::String>,
                max_response_bytes: usize,
                client: ::core::option::Option<::reqwest::Client>,
            }

            impl HttpClientBuilder {
                /// The base URL, including the base path (default: the first of [`SERVERS`]).
                /// It must be an absolute `http` or `https` URL without credentials, query or
                /// fragment.
                pub fn base_url(mut self, url: impl ::core::convert::Into<::std::string::String>) -> Self {
                    self.base_url = ::core::option::Option::Some(url.into());
                    self
                }

                /// How long connecting may take (default: [`DEFAULT_CONNECT_TIMEOUT`]). Not
                /// applied to a client given with [`reqwest_client`](Self::reqwest_client).
                pub fn connect_timeout(mut self, timeout: ::core::time::Duration) -> Self {
                    self.connect_timeout = ::core::option::Option::Some(timeout);
                    self
                }

                /// How long a whole call may take, reading the answer included (default:
                /// [`DEFAULT_TIMEOUT`]; with [`reqwest_client`](Self::reqwest_client), that
                /// client's own unless set here).
                pub fn timeout(mut self, timeout: ::core::time::Duration) -> Self {
                    self.timeout = ::core::option::Option::Some(timeout);
                    self
                }

                /// The `User-Agent` header (default: [`DEFAULT_USER_AGENT`]; with
                /// [`reqwest_client`](Self::reqwest_client), that client's own unless set here).
                pub fn user_agent(mut self, user_agent: impl ::core::convert::Into<::std::string::String>) -> Self {
                    self.user_agent = ::core::option::Option::Some(user_agent.into());
                    self
                }

                /// The largest answer body to read, in bytes (default:
                /// [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger answer is a [`ResponseTooLarge`]
                /// transport error, detected from `Content-Length` or while reading.
                pub fn max_response_bytes(mut self, limit: usize) -> Self {
                    self.max_response_bytes = limit;
                    self
                }

                /// Send through an existing `reqwest` client (its pool, proxy and TLS settings).
                /// The client built otherwise follows no redirects, so that credentials in
                /// headers never go to another host: configure this one likewise.
                pub fn reqwest_client(mut self, client: ::reqwest::Client) -> Self {
                    self.client = ::core::option::Option::Some(client);
                    self
                }

                /// Builds the client.
                pub fn build(self) -> ::core::result::Result<HttpClient, BuildError> {
                    let url = match &self.base_url {
                        ::core::option::Option::Some(url) => url.as_str(),
                        ::core::option::Option::None => SERVERS.first().copied().ok_or(BuildError::NoBaseUrl)?,
                    };
                    let mut base = ::reqwest::Url::parse(url).map_err(|_| BuildError::InvalidBaseUrl("not an absolute URL"))?;
                    if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
                        return Err(BuildError::InvalidBaseUrl("the scheme must be http or https"));
                    }
                    if !base.username().is_empty() || base.password().is_some() {
                        return Err(BuildError::InvalidBaseUrl("credentials do not belong in the URL"));
                    }
                    if base.query().is_some() || base.fragment().is_some() {
                        return Err(BuildError::InvalidBaseUrl("a base URL has no query or fragment"));
                    }
                    let path = base.path().trim_end_matches('/').to_owned();
                    base.set_path(&path);
                    let own = self.client.is_none();
                    let user_agent = match (&self.user_agent, own) {
                        (::core::option::Option::Some(agent), _) => ::core::option::Option::Some(agent.as_str()),
                        (::core::option::Option::None, true) => ::core::option::Option::Some(DEFAULT_USER_AGENT),
                        (::core::option::Option::None, false) => ::core::option::Option::None,
                    };
                    let user_agent = match user_agent {
                        ::core::option::Option::Some(agent) => ::core::option::Option::Some(
                            ::reqwest::header::HeaderValue::from_str(agent).map_err(|_| BuildError::InvalidUserAgent)?,
                        ),
                        ::core::option::Option::None => ::core::option::Option::None,
                    };
                    let timeout = match (self.timeout, own) {
                        (::core::option::Option::None, true) => ::core::option::Option::Some(DEFAULT_TIMEOUT),
                        (timeout, _) => timeout,
                    };
                    let http = match self.client {
                        ::core::option::Option::Some(client) => client,
                        ::core::option::Option::None => ::reqwest::Client::builder()
                            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                            .redirect(::reqwest::redirect::Policy::none())
                            .build()
                            .map_err(BuildError::Reqwest)?,
                    };
                    Ok(HttpClient { http, base, #cred_move timeout, user_agent, max_response_bytes: self.max_response_bytes })
                }
            }

            impl super::Client for HttpClient {
                #(#methods)*
            }

            #[allow(dead_code)]
            /// How a parameter holding an array or an object is written (the definition's
            /// `style`/`explode`, or Swagger 2.0 `collectionFormat`).
            #[derive(Clone, Copy)]
            enum Style {
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
            fn scalar(v: &::serde_json::Value) -> ::std::string::String {
                match v {
                    ::serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                }
            }

            /// Text of a parameter value outside the query: scalars as they are; an array's
            /// items, or an object's keys and values, joined by `sep`; nothing for `null`.
            #[allow(dead_code)]
            fn text<T: ::serde::Serialize + ?Sized>(value: &T, sep: &str) -> ::core::option::Option<::std::string::String> {
                match ::serde_json::to_value(value) {
                    Ok(::serde_json::Value::Null) | Err(_) => ::core::option::Option::None,
                    Ok(::serde_json::Value::Array(items)) => {
                        let items: ::std::vec::Vec<::std::string::String> = items.iter().filter(|v| !v.is_null()).map(scalar).collect();
                        (!items.is_empty()).then(|| items.join(sep))
                    }
                    Ok(::serde_json::Value::Object(map)) => {
                        let parts: ::std::vec::Vec<::std::string::String> =
                            map.iter().filter(|(_, v)| !v.is_null()).flat_map(|(k, v)| [k.clone(), scalar(v)]).collect();
                        (!parts.is_empty()).then(|| parts.join(sep))
                    }
                    Ok(other) => ::core::option::Option::Some(scalar(&other)),
                }
            }

            /// A path or header parameter as RFC 6570 expands it for its style (`simple`,
            /// `label` or `matrix`); `percent` encodes every name, key and value, not the
            /// separators (for a path). `None` for `null`, an empty array or object.
            fn expand<T: ::serde::Serialize + ?Sized>(name: &str, value: &T, style: Style, percent: bool) -> ::core::option::Option<::std::string::String> {
                let text = |s: &str| if percent { encode(s, "%20") } else { s.to_owned() };
                let (prefix, named, explode, sep) = match style {
                    Style::Label(explode) => (".", false, explode, if explode { "." } else { "," }),
                    Style::Matrix(explode) => (";", true, explode, if explode { ";" } else { "," }),
                    Style::Exploded => ("", false, true, ","),
                    Style::Delimited(sep) => ("", false, false, sep),
                    Style::DeepObject => ("", false, false, ","),
                };
                // `name=value`, or `name` alone for an empty value where the style names it.
                let assign = |key: &str, value: &str| if value.is_empty() && named { text(key) } else { format!("{}={value}", text(key)) };
                let value = ::serde_json::to_value(value).ok()?;
                // Exploded, each item is complete (named where the style names items);
                // otherwise they make one value.
                let (items, complete): (::std::vec::Vec<::std::string::String>, bool) = match &value {
                    ::serde_json::Value::Null => return ::core::option::Option::None,
                    ::serde_json::Value::Array(items) => {
                        let items = items.iter().filter(|v| !v.is_null()).map(|v| text(&scalar(v)));
                        match (explode, named) {
                            (true, true) => (items.map(|item| assign(name, &item)).collect(), true),
                            _ => (items.collect(), explode),
                        }
                    }
                    ::serde_json::Value::Object(map) => {
                        let pairs = map.iter().filter(|(_, v)| !v.is_null());
                        if explode {
                            (pairs.map(|(k, v)| assign(k, &text(&scalar(v)))).collect(), true)
                        } else {
                            (pairs.flat_map(|(k, v)| [text(k), text(&scalar(v))]).collect(), false)
                        }
                    }
                    other => (::std::vec![text(&scalar(other))], false),
                };
                if items.is_empty() {
                    return ::core::option::Option::None;
                }
                let joined = items.join(sep);
                ::core::option::Option::Some(if named && !complete { format!("{prefix}{}", assign(name, &joined)) } else { format!("{prefix}{joined}") })
            }

            /// The `name=value` pairs of a query parameter, as its style writes them.
            fn query_pairs<T: ::serde::Serialize + ?Sized>(name: &str, value: &T, style: Style) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
                fn deep(key: ::std::string::String, v: &::serde_json::Value, out: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>) {
                    match v {
                        ::serde_json::Value::Null => {}
                        ::serde_json::Value::Object(map) => {
                            for (k, x) in map {
                                deep(format!("{key}[{k}]"), x, out);
                            }
                        }
                        ::serde_json::Value::Array(items) => {
                            for x in items {
                                deep(format!("{key}[]"), x, out);
                            }
                        }
                        other => out.push((key, scalar(other))),
                    }
                }
                let value = match ::serde_json::to_value(value) {
                    Ok(value) => value,
                    Err(_) => return ::std::vec::Vec::new(),
                };
                let mut out = ::std::vec::Vec::new();
                match (style, &value) {
                    (_, ::serde_json::Value::Null) => {}
                    (Style::DeepObject, _) => deep(name.to_owned(), &value, &mut out),
                    (Style::Exploded, ::serde_json::Value::Array(items)) => {
                        out.extend(items.iter().filter(|v| !v.is_null()).map(|v| (name.to_owned(), scalar(v))));
                    }
                    (Style::Exploded, ::serde_json::Value::Object(map)) => {
                        out.extend(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), scalar(v))));
                    }
                    (Style::Delimited(sep), _) => out.extend(text(&value, sep).map(|text| (name.to_owned(), text))),
                    // A scalar; `label` and `matrix` are path styles, not given to the query.
                    _ => out.extend(text(&value, ",").map(|text| (name.to_owned(), text))),
                }
                out
            }

            #[allow(dead_code)]
            /// Percent-encodes everything but unreserved characters (RFC 3986); `space` is
            /// what a space becomes.
            fn encode(text: &str, space: &str) -> ::std::string::String {
                let mut out = ::std::string::String::with_capacity(text.len());
                for b in text.bytes() {
                    match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(char::from(b)),
                        b' ' => out.push_str(space),
                        _ => out.push_str(&format!("%{b:02X}")),
                    }
                }
                out
            }

            #[allow(dead_code)]
            enum Auth {
                Basic(::std::string::String, super::Secret),
                Bearer(super::Secret),
            }

            /// A request being put together. Problems are collected and reported together
            /// as [`ClientError::InvalidRequest`](super::ClientError::InvalidRequest), before
            /// anything is sent.
            #[allow(dead_code)]
            struct Call {
                url: ::reqwest::Url,
                path: ::std::string::String,
                headers: ::reqwest::header::HeaderMap,
                cookies: ::std::vec::Vec<::std::string::String>,
                secret_cookie: bool,
                secret_in_url: bool,
                auth: ::core::option::Option<Auth>,
                body: ::core::option::Option<::std::vec::Vec<u8>>,
                violations: ::std::vec::Vec<super::Violation>,
            }

            #[allow(dead_code)]
            impl Call {
                fn new(client: &HttpClient, accept: &str) -> Call {
                    let mut headers = ::reqwest::header::HeaderMap::new();
                    if let ::core::option::Option::Some(agent) = &client.user_agent {
                        headers.insert(::reqwest::header::USER_AGENT, agent.clone());
                    }
                    let mut call = Call {
                        url: client.base.clone(),
                        path: client.base.path().trim_end_matches('/').to_owned(),
                        headers,
                        cookies: ::std::vec::Vec::new(),
                        secret_cookie: false,
                        secret_in_url: false,
                        auth: ::core::option::Option::None,
                        body: ::core::option::Option::None,
                        violations: ::std::vec::Vec::new(),
                    };
                    call.header_value("accept", accept, false);
                    call
                }

                fn violation(&mut self, pointer: ::std::string::String, keyword: &'static str, message: &str) {
                    self.violations.push(super::Violation { pointer, keyword, message: message.to_owned() });
                }

                /// Literal text of the path template.
                fn path(&mut self, literal: &str) {
                    self.path.push_str(literal);
                }

                /// A path parameter, percent-encoded: it stays one segment whatever it holds.
                fn path_param<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style) {
                    let text = expand(name, value, style, true).unwrap_or_default();
                    if text.is_empty() || text == "." || text == ".." {
                        self.violation(format!("/path/{name}"), "path", "cannot be sent as a path segment (empty, `.` or `..`)");
                        return;
                    }
                    self.path.push_str(&text);
                }

                fn query<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style) {
                    let items = query_pairs(name, value, style);
                    if !items.is_empty() {
                        let mut pairs = self.url.query_pairs_mut();
                        for (key, item) in &items {
                            pairs.append_pair(key, item);
                        }
                    }
                }

                fn header_value(&mut self, name: &str, text: &str, sensitive: bool) {
                    let header = match ::reqwest::header::HeaderName::from_bytes(name.as_bytes()) {
                        Ok(header) => header,
                        Err(_) => return self.violation(format!("/header/{name}"), "header", "not a valid HTTP header name"),
                    };
                    match ::reqwest::header::HeaderValue::from_str(text) {
                        Ok(mut value) => {
                            value.set_sensitive(sensitive);
                            self.headers.insert(header, value);
                        }
                        Err(_) if sensitive => self.violation(format!("/header/{name}"), "credential", "the credential is not a valid HTTP header value"),
                        Err(_) => self.violation(format!("/header/{name}"), "header", "not a valid HTTP header value"),
                    }
                }

                /// A header parameter; a `sensitive` one (a secret) is marked so.
                fn header<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, sensitive: bool) {
                    if let ::core::option::Option::Some(text) = expand(name, value, style, false) {
                        self.header_value(name, &text, sensitive);
                    }
                }

                fn cookie<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, sep: &str) {
                    if let ::core::option::Option::Some(text) = text(value, sep) {
                        self.cookies.push(format!("{name}={}", encode(&text, "%20")));
                    }
                }

                fn key_header(&mut self, name: &str, key: &super::Secret) {
                    self.header_value(name, key.expose(), true);
                }

                fn key_query(&mut self, name: &str, key: &super::Secret) {
                    self.secret_in_url = true;
                    self.url.query_pairs_mut().append_pair(name, key.expose());
                }

                fn key_cookie(&mut self, name: &str, key: &super::Secret) {
                    self.secret_cookie = true;
                    self.cookies.push(format!("{name}={}", encode(key.expose(), "%20")));
                }

                fn basic(&mut self, user: &str, password: &super::Secret) {
                    self.auth = ::core::option::Option::Some(Auth::Basic(user.to_owned(), password.clone()));
                }

                fn bearer(&mut self, token: &super::Secret) {
                    self.auth = ::core::option::Option::Some(Auth::Bearer(token.clone()));
                }

                fn content_type(&mut self, media_type: &str) {
                    self.header_value("content-type", media_type, false);
                }

                fn json<T: ::serde::Serialize + ?Sized>(&mut self, media_type: &str, body: &T) {
                    match ::serde_json::to_vec(body) {
                        Ok(bytes) => self.body = ::core::option::Option::Some(bytes),
                        Err(e) => self.violation(::std::string::String::new(), "type", &super::check::serde_message(&e)),
                    }
                    self.content_type(media_type);
                }

                fn form<T: ::serde::Serialize + ?Sized>(&mut self, body: &T) {
                    let mut pairs = ::std::vec::Vec::new();
                    match ::serde_json::to_value(body) {
                        Ok(::serde_json::Value::Object(fields)) => {
                            // Fields are written as `form` style, exploded (OpenAPI's default).
                            for (name, value) in &fields {
                                for (key, item) in query_pairs(name, value, Style::Exploded) {
                                    pairs.push(format!("{}={}", encode(&key, "+"), encode(&item, "+")));
                                }
                            }
                        }
                        _ => self.violation(::std::string::String::new(), "type", "a form body must be an object"),
                    }
                    self.body = ::core::option::Option::Some(pairs.join("&").into_bytes());
                    self.content_type("application/x-www-form-urlencoded");
                }

                fn bytes(&mut self, media_type: &str, body: &[u8]) {
                    self.body = ::core::option::Option::Some(body.to_vec());
                    self.content_type(media_type);
                }

                async fn send<T, E>(
                    self,
                    client: &HttpClient,
                    method: ::reqwest::Method,
                    parse: fn(u16, &str) -> ::core::result::Result<T, super::ClientError<E>>,
                ) -> ::core::result::Result<T, super::ClientError<E>> {
                    let Call { mut url, path, mut headers, cookies, secret_cookie, secret_in_url, auth, body, violations } = self;
                    if !violations.is_empty() {
                        return Err(super::ClientError::InvalidRequest(super::Violations(violations)));
                    }
                    url.set_path(&path);
                    if !cookies.is_empty() {
                        // Names come from the definition, values are percent-encoded: valid.
                        if let Ok(mut value) = ::reqwest::header::HeaderValue::from_str(&cookies.join("; ")) {
                            value.set_sensitive(secret_cookie);
                            headers.insert(::reqwest::header::COOKIE, value);
                        }
                    }
                    let mut request = client.http.request(method, url).headers(headers);
                    if let ::core::option::Option::Some(timeout) = client.timeout {
                        request = request.timeout(timeout);
                    }
                    request = match auth {
                        ::core::option::Option::Some(Auth::Basic(user, password)) => request.basic_auth(user, ::core::option::Option::Some(password.expose())),
                        ::core::option::Option::Some(Auth::Bearer(token)) => request.bearer_auth(token.expose()),
                        ::core::option::Option::None => request,
                    };
                    if let ::core::option::Option::Some(body) = body {
                        request = request.body(body);
                    }
                    let transport = |e: ::reqwest::Error| {
                        super::ClientError::Transport(::std::boxed::Box::new(if secret_in_url { e.without_url() } else { e }))
                    };
                    let mut response = request.send().await.map_err(transport)?;
                    let status = response.status().as_u16();
                    let limit = client.max_response_bytes;
                    let too_large = || super::ClientError::Transport(::std::boxed::Box::new(ResponseTooLarge { status, limit }));
                    if response.content_length().is_some_and(|n| n > limit as u64) {
                        return Err(too_large());
                    }
                    let mut body: ::std::vec::Vec<u8> = ::std::vec::Vec::new();
                    while let ::core::option::Option::Some(chunk) = response.chunk().await.map_err(transport)? {
                        if body.len() + chunk.len() > limit {
                            return Err(too_large());
                        }
                        body.extend_from_slice(&chunk);
                    }
                    // JSON is UTF-8 (RFC 8259); anything else is read as reqwest's `text()` would.
                    let text = ::std::string::String::from_utf8_lossy(&body);
                    parse(status, &text)
                }
            }
        }
    }
}

/// The generated `Style` value of a parameter's style.
fn style_value(style: Style) -> TokenStream {
    match style {
        Style::Exploded => quote! { Style::Exploded },
        Style::Delimited(c) => {
            let sep = c.to_string();
            quote! { Style::Delimited(#sep) }
        }
        Style::DeepObject => quote! { Style::DeepObject },
        Style::Label { explode } => quote! { Style::Label(#explode) },
        Style::Matrix { explode } => quote! { Style::Matrix(#explode) },
    }
}

/// What joins the items of an array (or an object's keys and values) in a cookie, which
/// holds one value whatever the style.
fn separator(style: Style) -> String {
    match style {
        Style::Delimited(c) => c.to_string(),
        _ => ",".to_owned(),
    }
}

/// A pair of `{` `}` in a path template is a parameter; the rest is literal.
enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

fn method(cx: &Context, op: &Operation, plan: &OpPlan, credentials: &[(&str, Vec<proc_macro2::Ident>)]) -> TokenStream {
    let (name, validate_fn, parse_fn) = (&plan.method, &plan.validate_fn, &plan.parse_fn);
    let success = qualify(&plan.success.ty);
    let error = qualify(&plan.error.ty);
    let fields = param_fields(op);
    let params_arg = plan.params.as_ref().map(|p| quote! { params: &super::#p, });
    let body_arg = plan.body.as_ref().map(|b| {
        let b = qualify(b);
        quote! { body: &#b, }
    });
    let validate_args = match (plan.params.is_some(), plan.body.is_some()) {
        (true, true) => quote! { params, body },
        (true, false) => quote! { params },
        (false, true) => quote! { body },
        (false, false) => TokenStream::new(),
    };
    let field_of = |location: Location, wire: &str| {
        op.parameters.iter().zip(&fields).find(|(p, _)| p.location == location && p.name == wire).map(|(p, f)| (f, style_value(p.style)))
    };

    // The answer's media type.
    let accept = op
        .responses
        .iter()
        .find(|r| matches!(r.status, StatusCode::Exact(200..=299) | StatusCode::Range(2)))
        .and_then(|r| r.body.as_ref())
        .filter(|b| !b.is_json() && !b.media_type.trim().is_empty())
        .map(|b| b.media_type.clone())
        .unwrap_or_else(|| "application/json".to_owned());

    let mut steps = Vec::new();
    // A secret parameter (see `crate::secret`) in the path or the query keeps the URL out
    // of errors, in a cookie makes the cookie header sensitive; in a header, that header.
    let secret = |p: &crate::ir::Parameter| cx.is_secret_value(&p.name, p.schema);
    if op.parameters.iter().any(|p| matches!(p.location, Location::Path | Location::Query) && secret(p)) {
        steps.push(quote! { call.secret_in_url = true; });
    }
    if op.parameters.iter().any(|p| p.location == Location::Cookie && secret(p)) {
        steps.push(quote! { call.secret_cookie = true; });
    }
    for piece in pieces(&op.path) {
        match piece {
            Piece::Literal(text) => steps.push(quote! { call.path(#text); }),
            Piece::Param(wire) => match field_of(Location::Path, wire) {
                Some((f, style)) => steps.push(quote! { call.path_param(#wire, &params.#f, #style); }),
                // Not a declared parameter: the template text as it is.
                None => {
                    let text = format!("{{{wire}}}");
                    steps.push(quote! { call.path(#text); });
                }
            },
        }
    }
    // The body first: a `Content-Type` parameter overrides its media type.
    if let (Some(b), Some(_)) = (&op.body, &plan.body) {
        if b.is_typed() && b.is_form() {
            steps.push(quote! { call.form(body); });
        } else if b.is_typed() {
            let media = if b.media_type.contains('*') { "application/json".to_owned() } else { b.media_type.clone() };
            steps.push(quote! { call.json(#media, body); });
        } else {
            let media = if b.media_type.trim().is_empty() { "application/octet-stream".to_owned() } else { b.media_type.clone() };
            steps.push(quote! { call.bytes(#media, body); });
        }
    }
    for (p, f) in op.parameters.iter().zip(&fields) {
        let wire = &p.name;
        match p.location {
            Location::Path => {}
            Location::Query => {
                let style = style_value(p.style);
                steps.push(quote! { call.query(#wire, &params.#f, #style); })
            }
            Location::Header => {
                let style = style_value(p.style);
                let sensitive = secret(p);
                steps.push(quote! { call.header(#wire, &params.#f, #style, #sensitive); })
            }
            Location::Cookie => {
                let sep = separator(p.style);
                steps.push(quote! { call.cookie(#wire, &params.#f, #sep); })
            }
        }
    }
    // Credentials last: no parameter can replace them. `Credentials` holds every scheme,
    // so the first alternative that asks for any is sent (an empty one means "optional").
    let requirement = op.security.iter().find(|r| !r.is_empty());
    if let Some(requirement) = requirement {
        for scheme_name in requirement {
            let Some(scheme) = cx.api.security_schemes.iter().find(|s| &s.name == scheme_name) else { continue };
            let Some((_, f)) = credentials.iter().find(|(n, _)| n == scheme_name) else { continue };
            steps.push(match (&scheme.kind, f.as_slice()) {
                (SecurityKind::ApiKey { location: Location::Header, parameter }, [key]) => {
                    quote! { call.key_header(#parameter, &self.credentials.#key); }
                }
                (SecurityKind::ApiKey { location: Location::Query, parameter }, [key]) => {
                    quote! { call.key_query(#parameter, &self.credentials.#key); }
                }
                (SecurityKind::ApiKey { location: Location::Cookie, parameter }, [key]) => {
                    quote! { call.key_cookie(#parameter, &self.credentials.#key); }
                }
                (SecurityKind::HttpBasic, [user, password]) => {
                    quote! { call.basic(&self.credentials.#user, &self.credentials.#password); }
                }
                (SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. }, [token]) => {
                    quote! { call.bearer(&self.credentials.#token); }
                }
                _ => continue,
            });
        }
    }
    let http_method = proc_macro2::Ident::new(op.method.as_str(), proc_macro2::Span::call_site());
    quote! {
        async fn #name(&self, #params_arg #body_arg) -> ::core::result::Result<#success, super::ClientError<#error>> {
            super::#validate_fn(#validate_args)?;
            let mut call = Call::new(self, #accept);
            #(#steps)*
            call.send(self, ::reqwest::Method::#http_method, super::#parse_fn).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{pieces, Piece};

    fn show(template: &str) -> Vec<String> {
        pieces(template)
            .into_iter()
            .map(|p| match p {
                Piece::Literal(l) => format!("L{l}"),
                Piece::Param(p) => format!("P{p}"),
            })
            .collect()
    }

    #[test]
    fn path_templates_split_into_literals_and_parameters() {
        assert_eq!(show("/partner_auth/token"), ["L/partner_auth/token"]);
        assert_eq!(show("/items/{id}/notes/{note}"), ["L/items/", "Pid", "L/notes/", "Pnote"]);
        assert_eq!(show("/{a}.{b}"), ["L/", "Pa", "L.", "Pb"]);
        // An unclosed brace is literal text.
        assert_eq!(show("/x/{y"), ["L/x/{y"]);
        assert!(show("").is_empty());
    }
}
