//! [`ClientCredentials`]: access tokens by the OAuth 2.0 client-credentials grant
//! (RFC 6749 §4.4), for definitions whose `oauth2` security scheme declares a
//! `clientCredentials` flow with a `tokenUrl`.

use super::{BuildError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
use crate::token::{AccessToken, Flights, IssuedToken, TokenError, TokenSource, DEFAULT_SKEW};
use crate::{OAuthScope, Secret};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the client authenticates to the token endpoint (RFC 6749 §2.3.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP basic authentication with the form-encoded client id and secret: what every
    /// authorization server must support.
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the request body.
    Body,
}

/// A [`TokenSource`] that requests tokens from an OAuth 2.0 token endpoint with the
/// client-credentials grant (RFC 6749 §4.4): a form-encoded `POST` of
/// `grant_type=client_credentials` (and the scope, when set), authenticated with the client
/// id and secret; it reads `access_token`, `token_type` (which must be `Bearer`),
/// `expires_in` and `scope` from the answer (§5.1).
///
/// Tokens are cached until shortly before they expire and shared by concurrent callers,
/// one request in flight, as [`TokenProvider`](crate::TokenProvider)'s are. An answer
/// without `expires_in` is used once and not cached. Neither `Debug` nor any error shows
/// the client secret or a token.
pub struct ClientCredentials {
    http: reqwest::Client,
    token_url: reqwest::Url,
    client_id: String,
    client_secret: Secret,
    scope: Option<String>,
    auth: ClientAuth,
    timeout: Duration,
    skew: Duration,
    clock: Arc<dyn Fn() -> Instant + Send + Sync>,
    flights: Flights,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scope", &self.scope)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// Tokens from `token_url` (the flow's `tokenUrl`, an absolute `http` or `https` URL)
    /// for the client `client_id` with `client_secret`.
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Result<ClientCredentials, BuildError> {
        let token_url = reqwest::Url::parse(token_url)
            .map_err(|_| BuildError::InvalidBaseUrl("the token URL is not an absolute URL"))?;
        if !matches!(token_url.scheme(), "http" | "https") {
            return Err(BuildError::InvalidBaseUrl(
                "the token URL's scheme must be http or https",
            ));
        }
        if !token_url.username().is_empty() || token_url.password().is_some() {
            return Err(BuildError::InvalidBaseUrl(
                "credentials do not belong in the URL",
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(BuildError::Reqwest)?;
        Ok(ClientCredentials {
            http,
            token_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: None,
            auth: ClientAuth::default(),
            timeout: DEFAULT_TIMEOUT,
            skew: DEFAULT_SKEW,
            clock: Arc::new(Instant::now),
            flights: Flights::default(),
        })
    }

    /// The scope to request, as scope tokens joined with spaces (default: none, the
    /// server's default scope).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// The scope to request, from a scope enum.
    pub fn scopes<S: OAuthScope>(self, scopes: &[S]) -> Self {
        let joined = scopes
            .iter()
            .map(OAuthScope::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        self.scope(joined)
    }

    /// How the client authenticates (default: [`ClientAuth::Basic`]).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.auth = auth;
        self
    }

    /// How long one token request may take (default: 30 seconds).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Stop serving a token this long before it expires (default:
    /// [`DEFAULT_SKEW`](crate::DEFAULT_SKEW)); at most half its lifetime.
    pub fn skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// Sets the clock expiry is measured by (default: `Instant::now`); for tests.
    pub fn clock(mut self, now: impl Fn() -> Instant + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// Send through an existing `reqwest` client; configure it to follow no redirects.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    /// A token valid for at least the skew: the cached one, or a new one.
    pub async fn token(&self) -> Result<AccessToken, TokenError> {
        let scope = self.scope.as_deref().unwrap_or_default();
        let fetch = || async { self.request().await.map_err(TokenError::new) };
        self.flights
            .token(&*self.clock, self.skew, scope, fetch)
            .await
    }

    /// A token in place of `refused`, which the API answered `401` to: the cached one if
    /// it is another, else a new one. Callers refused together share one request, and its
    /// failure: a request that failed after `refused` was issued is not sent again.
    pub async fn refresh(&self, refused: &Secret) -> Result<AccessToken, TokenError> {
        let scope = self.scope.as_deref().unwrap_or_default();
        let fetch = || async { self.request().await.map_err(TokenError::new) };
        self.flights
            .refresh(refused, &*self.clock, self.skew, scope, fetch)
            .await
    }

    /// Forgets the cached token: the next call asks for a new one.
    pub fn invalidate(&self) {
        self.flights.invalidate();
    }

    async fn request(&self) -> Result<IssuedToken, TokenEndpointError> {
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(scope) = &self.scope {
            form.push(("scope", scope));
        }
        let mut request = self
            .http
            .post(self.token_url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(self.timeout);
        match self.auth {
            ClientAuth::Basic => {
                // RFC 6749 §2.3.1: both are form-encoded before they are joined.
                let id = crate::params::encode(&self.client_id, "+");
                let secret = crate::params::encode(self.client_secret.expose(), "+");
                request = request.basic_auth(id, Some(secret));
            }
            ClientAuth::Body => {
                form.push(("client_id", &self.client_id));
                form.push(("client_secret", self.client_secret.expose()));
            }
        }
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::params::encode(v, "+")))
            .collect::<Vec<_>>()
            .join("&");
        let request = request
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body);
        let mut response = request
            .send()
            .await
            .map_err(TokenEndpointError::Transport)?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(TokenEndpointError::Transport)?
        {
            if body.len() + chunk.len() > DEFAULT_MAX_RESPONSE_BYTES {
                return Err(TokenEndpointError::Invalid {
                    status,
                    why: "the answer is too large",
                });
            }
            body.extend_from_slice(&chunk);
        }
        if !(200..300).contains(&status) {
            let refusal: Refusal = serde_json::from_slice(&body).unwrap_or_default();
            return Err(TokenEndpointError::Refused {
                status,
                error: refusal.error,
                description: refusal.error_description,
            });
        }
        let answer: Answer =
            serde_json::from_slice(&body).map_err(|_| TokenEndpointError::Invalid {
                status,
                why: "the answer is not a token response (RFC 6749 §5.1)",
            })?;
        if !answer.token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenEndpointError::Invalid {
                status,
                why: "the token type is not `Bearer`",
            });
        }
        Ok(IssuedToken {
            access_token: Secret::new(answer.access_token),
            expires_in: answer.expires_in.unwrap_or(0),
            scope: answer.scope,
        })
    }
}

impl TokenSource for ClientCredentials {
    async fn token(&self) -> Result<Secret, TokenError> {
        ClientCredentials::token(self)
            .await
            .map(|token| token.access_token)
    }

    fn invalidate(&self) {
        ClientCredentials::invalidate(self);
    }

    async fn refresh(&self, refused: &Secret) -> Result<Secret, TokenError> {
        ClientCredentials::refresh(self, refused)
            .await
            .map(|token| token.access_token)
    }
}

/// A successful answer (RFC 6749 §5.1).
#[derive(serde::Deserialize)]
struct Answer {
    access_token: String,
    token_type: String,
    expires_in: Option<i64>,
    scope: Option<String>,
}

/// An error answer (RFC 6749 §5.2).
#[derive(Default, serde::Deserialize)]
struct Refusal {
    error: Option<String>,
    error_description: Option<String>,
}

/// Why the token endpoint gave no token (inside a [`TokenError`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenEndpointError {
    /// The request could not be sent, or no answer came back.
    Transport(reqwest::Error),
    /// The endpoint refused, with its RFC 6749 §5.2 error code and description.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The error code (`invalid_client`, `invalid_scope`, ...), when the answer has one.
        error: Option<String>,
        /// The human-readable description, when the answer has one.
        description: Option<String>,
    },
    /// The answer is not a bearer token response.
    Invalid {
        /// The HTTP status.
        status: u16,
        /// What is wrong with it.
        why: &'static str,
    },
}

impl fmt::Display for TokenEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenEndpointError::Transport(e) => write!(f, "token request failed: {e}"),
            TokenEndpointError::Refused {
                status,
                error,
                description,
            } => {
                write!(f, "the token endpoint refused (status {status}")?;
                if let Some(error) = error {
                    write!(f, ", {error}")?;
                }
                if let Some(description) = description {
                    write!(f, ": {description}")?;
                }
                f.write_str(")")
            }
            TokenEndpointError::Invalid { status, why } => write!(f, "status {status}: {why}"),
        }
    }
}

impl std::error::Error for TokenEndpointError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenEndpointError::Transport(e) => Some(e),
            _ => None,
        }
    }
}
