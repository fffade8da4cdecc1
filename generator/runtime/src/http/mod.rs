//! The HTTP transport of generated `HttpClient`s (feature `http`): reqwest with rustls TLS.
//!
//! A generated `HttpClient` is its definition's operations over a [`Transport`]: its
//! builder is [`Builder`], whose settings every API shares (base URL, timeouts, user
//! agent, the response size limit, a `reqwest::Client` of your own, the [`TokenSource`] of
//! bearer- and OAuth 2.0-secured operations). Each operation fills in a [`Call`] and sends
//! it.
//!
//! What the transport guarantees for every API:
//! - credentials travel in headers marked sensitive (an API key in the query string strips
//!   the URL from every transport error), and the client built here follows no redirects,
//!   so that they never go to another host;
//! - answers larger than the limit are refused ([`ResponseTooLarge`]), from
//!   `Content-Length` or while reading;
//! - parameters are written in their definition's style and percent-encoded, so that a
//!   path parameter stays one segment whatever it holds;
//! - a failed attempt is made again only where that cannot act twice ([`RetryPolicy`]: on by
//!   default for idempotent methods, never after a `POST` or `PATCH` body may have been
//!   sent), and a `401` to a bearer token gets one fresh token and one more attempt;
//! - with the `tracing` feature, each call is an `oasbind.call` span that names the
//!   operation, method and path template and records status, attempts and duration, and
//!   nothing that could hold a credential (docs/resilience.md).

mod call;
mod client_credentials;
mod retry;
mod trace;

pub use crate::params::Style;
pub use call::{Call, Download};
pub use client_credentials::{ClientAuth, ClientCredentials, TokenEndpointError};
/// reqwest, which the transport is built on (to configure a client of your own).
pub use reqwest;
pub use reqwest::Method;
pub use retry::RetryPolicy;

use crate::token::{SharedTokenSource, TokenSource};
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

/// How long connecting may take unless configured: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole call (connect, send, read the answer) may take unless
/// configured: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer body read unless configured: 16 MiB. A larger one is a
/// [`ResponseTooLarge`] transport error, so that a faulty or hostile server cannot
/// exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The answer body was larger than the client accepts (see
/// [`Builder::max_response_bytes`]); it arrives as
/// [`ClientError::Transport`](crate::ClientError::Transport).
#[derive(Debug)]
pub struct ResponseTooLarge {
    /// The HTTP status of the answer.
    pub status: u16,
    /// The limit that was exceeded, in bytes.
    pub limit: usize,
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the answer (status {}) is larger than {} bytes",
            self.status, self.limit
        )
    }
}

impl std::error::Error for ResponseTooLarge {}

/// Why an `HttpClient` could not be built.
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
    Reqwest(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoBaseUrl => {
                f.write_str("no base URL: the definition declares no server and none was set")
            }
            BuildError::InvalidBaseUrl(why) => write!(f, "invalid base URL: {why}"),
            BuildError::InvalidUserAgent => {
                f.write_str("the user agent is not a valid header value")
            }
            BuildError::Reqwest(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Reqwest(e) => Some(e),
            _ => None,
        }
    }
}

/// A generated `HttpClient`, as its [`Builder`] sees it. For generated code.
pub trait Api: Sized {
    /// The API's `Credentials` (`()` when its definition declares no API key or basic
    /// authentication).
    type Credentials: Clone + fmt::Debug;
    /// The servers the definition declares, the default first.
    const SERVERS: &'static [&'static str];
    /// The `User-Agent` sent unless configured: the name and version of the crate that
    /// includes the bindings.
    const USER_AGENT: &'static str;
    /// The client from its parts.
    fn from_parts(transport: Transport, credentials: Self::Credentials) -> Self;
}

/// What every generated `HttpClient` holds besides its credentials: the `reqwest` client,
/// the base URL, the settings and the token source. Cheap to clone: clones share one
/// connection pool and one token source.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base: reqwest::Url,
    timeout: Option<Duration>,
    user_agent: Option<reqwest::header::HeaderValue>,
    max_response_bytes: usize,
    token_source: Option<SharedTokenSource>,
    retry: RetryPolicy,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base.as_str())
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("token_source", &self.token_source.is_some())
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// The base URL requests go to (operation paths are appended to it).
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// The `reqwest` client underneath.
    pub fn reqwest_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// A request to this transport's server that accepts `accept` (for generated code).
    pub fn call(&self, accept: &str) -> Call<'_> {
        Call::new(self, accept)
    }
}

/// Settings of a generated `HttpClient` (its `HttpClientBuilder`); every one has a
/// default.
pub struct Builder<A: Api> {
    credentials: A::Credentials,
    base_url: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    max_response_bytes: usize,
    client: Option<reqwest::Client>,
    token_source: Option<SharedTokenSource>,
    retry: RetryPolicy,
    api: PhantomData<fn() -> A>,
}

impl<A: Api> Clone for Builder<A> {
    fn clone(&self) -> Self {
        Builder {
            credentials: self.credentials.clone(),
            base_url: self.base_url.clone(),
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            user_agent: self.user_agent.clone(),
            max_response_bytes: self.max_response_bytes,
            client: self.client.clone(),
            token_source: self.token_source.clone(),
            retry: self.retry.clone(),
            api: PhantomData,
        }
    }
}

impl<A: Api> fmt::Debug for Builder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("token_source", &self.token_source.is_some())
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<A: Api> Builder<A> {
    /// Default settings with `credentials`.
    pub fn new(credentials: A::Credentials) -> Self {
        Builder {
            credentials,
            base_url: None,
            connect_timeout: None,
            timeout: None,
            user_agent: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            client: None,
            token_source: None,
            retry: RetryPolicy::default(),
            api: PhantomData,
        }
    }

    /// The base URL, including the base path (default: the first of the servers the
    /// definition declares). It must be an absolute `http` or `https` URL without
    /// credentials, query or fragment.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// How long connecting may take (default: [`DEFAULT_CONNECT_TIMEOUT`]). Not
    /// applied to a client given with [`reqwest_client`](Self::reqwest_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt of a call may take, reading the answer included (default:
    /// [`DEFAULT_TIMEOUT`]; with [`reqwest_client`](Self::reqwest_client), that
    /// client's own unless set here). The [`RetryPolicy`] caps the call's attempts together.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default: the name and version of the crate that includes
    /// the bindings; with [`reqwest_client`](Self::reqwest_client), that client's own
    /// unless set here).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
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
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Where the bearer tokens of the operations secured by HTTP bearer or OAuth 2.0 come
    /// from: a [`TokenProvider`](crate::TokenProvider) of the API that issues them (in an
    /// `Arc`, to share it), [`ClientCredentials`], or a fixed [`Secret`](crate::Secret).
    /// Without one, such operations fail before sending.
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.token_source = Some(SharedTokenSource::new(source));
        self
    }

    /// When failed attempts are made again (default: [`RetryPolicy::default`]: idempotent
    /// methods after a failure to connect, a timeout or a `408`/`429`/`502`/`503`/`504`,
    /// other methods only after a failure to connect; 3 attempts, 60 s in all).
    /// [`RetryPolicy::none`] makes one attempt.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<A, BuildError> {
        let url = match &self.base_url {
            Some(url) => url.as_str(),
            None => A::SERVERS.first().copied().ok_or(BuildError::NoBaseUrl)?,
        };
        let mut base = reqwest::Url::parse(url)
            .map_err(|_| BuildError::InvalidBaseUrl("not an absolute URL"))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(BuildError::InvalidBaseUrl(
                "the scheme must be http or https",
            ));
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(BuildError::InvalidBaseUrl(
                "credentials do not belong in the URL",
            ));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(BuildError::InvalidBaseUrl(
                "a base URL has no query or fragment",
            ));
        }
        let path = base.path().trim_end_matches('/').to_owned();
        base.set_path(&path);
        let own = self.client.is_none();
        let user_agent = match (&self.user_agent, own) {
            (Some(agent), _) => Some(agent.as_str()),
            (None, true) => Some(A::USER_AGENT),
            (None, false) => None,
        };
        let user_agent = match user_agent {
            Some(agent) => Some(
                reqwest::header::HeaderValue::from_str(agent)
                    .map_err(|_| BuildError::InvalidUserAgent)?,
            ),
            None => None,
        };
        let timeout = match (self.timeout, own) {
            (None, true) => Some(DEFAULT_TIMEOUT),
            (timeout, _) => timeout,
        };
        let http = match self.client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(BuildError::Reqwest)?,
        };
        let transport = Transport {
            http,
            base,
            timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes,
            token_source: self.token_source,
            retry: self.retry,
        };
        Ok(A::from_parts(transport, self.credentials))
    }
}
