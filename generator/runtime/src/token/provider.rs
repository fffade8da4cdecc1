//! [`TokenProvider`]: access tokens from an API's own token operation, through any client of
//! that API (its generated `HttpClient`, or a fake in tests).

use super::{AccessToken, Flights, IssuedToken, TokenError, TokenSource, DEFAULT_SKEW};
use crate::scope::{OAuthScope, ScopeRequestError, TokenMetadata, TokenRequest};
use crate::{BoxFuture, ClientError, Secret};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A future of a token call.
pub type TokenCallFuture<'a> = BoxFuture<'a, Result<IssuedToken, ClientError>>;

/// How a client `C` of an API sends that API's token request. The bindings implement it
/// on their token request type for every client of their `Client` trait; what it reads
/// from the answer is RFC 6749 §5.1's `access_token`, `expires_in` and `scope`.
pub trait TokenCall<C: ?Sized>: TokenRequest {
    /// Sends this request through `client`. `message_id` fills the operation's required
    /// message-id header, when it has one.
    fn call<'a>(&'a self, client: &'a C, message_id: String) -> TokenCallFuture<'a>;
}

/// [`TokenCall`] without its generic methods, so that a provider can hold any request.
trait Request<C>: Send + Sync {
    fn scope(&self) -> &str;
    fn call<'a>(&'a self, client: &'a C, message_id: String) -> TokenCallFuture<'a>;
}

impl<C, R: TokenCall<C>> Request<C> for R {
    fn scope(&self) -> &str {
        TokenRequest::scope(self)
    }

    fn call<'a>(&'a self, client: &'a C, message_id: String) -> TokenCallFuture<'a> {
        TokenCall::call(self, client, message_id)
    }
}

/// Access tokens for one set of scopes from an API's token operation, cached until
/// shortly before they expire (see [`TokenProvider::skew`]), refreshed afterwards, and
/// shared: concurrent callers wait for one request instead of each sending their own.
///
/// It is a [`TokenSource`]: wrapped in an `Arc`, one provider feeds the `HttpClient`s of
/// every API that takes its tokens.
///
/// Neither `Debug` nor any error shows the token or a credential.
pub struct TokenProvider<C> {
    client: C,
    request: Box<dyn Request<C>>,
    skew: Duration,
    clock: Arc<dyn Fn() -> Instant + Send + Sync>,
    message_id: Arc<dyn Fn() -> String + Send + Sync>,
    flights: Flights,
}

impl<C> fmt::Debug for TokenProvider<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("scope", &self.request.scope())
            .field("skew", &self.skew)
            .field("cached_until", &self.flights.cached_until())
            .finish_non_exhaustive()
    }
}

impl<C> TokenProvider<C> {
    /// A provider of tokens for `scopes`, with `metadata`, through `client`: the request
    /// is built (and checked) once, by [`TokenRequest::for_scopes`].
    pub fn new<S>(
        client: C,
        scopes: &[S],
        metadata: Option<S::Metadata>,
    ) -> Result<Self, ScopeRequestError>
    where
        S: OAuthScope,
        S::Metadata: TokenMetadata,
        <S::Metadata as TokenMetadata>::Request: TokenCall<C>,
    {
        let request = <S::Metadata as TokenMetadata>::Request::for_scopes(scopes, metadata)?;
        Ok(Self::for_request(client, request))
    }

    /// A provider that sends `request` as it is (it is checked when sent).
    pub fn for_request(client: C, request: impl TokenCall<C>) -> Self {
        TokenProvider {
            client,
            request: Box::new(request),
            skew: DEFAULT_SKEW,
            clock: Arc::new(Instant::now),
            message_id: Arc::new(super::new_message_id),
            flights: Flights::default(),
        }
    }

    /// Stop serving a token this long before it expires (default: [`DEFAULT_SKEW`]);
    /// at most half its lifetime.
    pub fn skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// Sets the clock expiry is measured by (default: `Instant::now`); for tests.
    pub fn clock(mut self, now: impl Fn() -> Instant + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// Sets how the message id of each token request is made, for token operations that
    /// require one in a header (default: [`new_message_id`](super::new_message_id)).
    pub fn message_id(mut self, generate: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.message_id = Arc::new(generate);
        self
    }

    /// The client the requests go through.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The scope requested, as sent.
    pub fn scope(&self) -> &str {
        self.request.scope()
    }

    /// Forgets the cached token (say, after the API rejected it): the next call asks
    /// for a new one.
    pub fn invalidate(&self) {
        self.flights.invalidate();
    }

    /// A token valid for at least the skew: the cached one, or a new one. While a
    /// request is in flight, callers wait for it rather than send their own; if the
    /// caller that sent it is cancelled, a waiting caller sends the next one.
    pub async fn token(&self) -> Result<AccessToken, TokenError> {
        let scope = self.request.scope();
        let fetch = || self.fetch();
        self.flights
            .token(&*self.clock, self.skew, scope, fetch)
            .await
    }

    /// A token in place of `refused`, which the API answered `401` to: the cached one if
    /// it is another, else a new one. Callers refused together share one request, and its
    /// failure: a request that failed after `refused` was issued is not sent again.
    pub async fn refresh(&self, refused: &Secret) -> Result<AccessToken, TokenError> {
        let scope = self.request.scope();
        let fetch = || self.fetch();
        self.flights
            .refresh(refused, &*self.clock, self.skew, scope, fetch)
            .await
    }

    async fn fetch(&self) -> Result<crate::IssuedToken, TokenError> {
        let message_id = (self.message_id)();
        self.request
            .call(&self.client, message_id)
            .await
            .map_err(TokenError::new)
    }
}

impl<C: Send + Sync + 'static> TokenSource for TokenProvider<C> {
    async fn token(&self) -> Result<Secret, TokenError> {
        TokenProvider::token(self)
            .await
            .map(|token| token.access_token)
    }

    fn invalidate(&self) {
        TokenProvider::invalidate(self);
    }

    async fn refresh(&self, refused: &Secret) -> Result<Secret, TokenError> {
        TokenProvider::refresh(self, refused)
            .await
            .map(|token| token.access_token)
    }
}
