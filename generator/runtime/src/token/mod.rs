//! Access tokens: the [`TokenSource`] every generated `HttpClient` takes for its bearer- and
//! OAuth 2.0-secured operations, the [`TokenProvider`] that gets them from an API's own
//! token operation, and what they share.
//!
//! Runtime-agnostic (std only): a token source is an `async fn` and its single flight is a
//! `std::sync::Mutex` state machine with a list of wakers, so it works under any executor.

mod flight;
mod provider;

pub use provider::{TokenCall, TokenCallFuture, TokenProvider};

use crate::{ClientError, Secret};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

/// Refresh this long before a token expires, unless the token lives less than twice
/// as long (then at half its lifetime).
pub const DEFAULT_SKEW: std::time::Duration = std::time::Duration::from_secs(30);

/// Where the access tokens of bearer- and OAuth 2.0-secured operations come from.
///
/// Generated `HttpClient`s take one (`HttpClient::builder(..).token_source(source)`) and send
/// `Authorization: Bearer <token>` with every operation that asks for it. Implemented by the
/// [`TokenProvider`] of an API's token operation, by the RFC 6749 client-credentials source
/// (`http::ClientCredentials`, feature `http`), by a fixed [`Secret`], and by `Arc<T>` of a
/// source, so that one source feeds the clients of several APIs.
pub trait TokenSource: Send + Sync + 'static {
    /// The access token to send now: a cached one, or a new one.
    fn token(&self) -> impl Future<Output = Result<Secret, TokenError>> + Send;

    /// Forgets the current token (the API rejected it): the next [`token`](Self::token)
    /// gets a new one.
    fn invalidate(&self);

    /// A token in place of `refused`, which the API answered `401` to: what the transport
    /// sends its one more attempt with. Sources that cache should make callers that
    /// present the same refused token share one request, and share its failure when it
    /// failed after `refused` was issued (the runtime's sources do); by default, it
    /// forgets the current token and gets one.
    fn refresh(&self, refused: &Secret) -> impl Future<Output = Result<Secret, TokenError>> + Send {
        let _ = refused;
        self.invalidate();
        self.token()
    }
}

/// A fixed token, never refreshed.
impl TokenSource for Secret {
    fn token(&self) -> impl Future<Output = Result<Secret, TokenError>> + Send {
        std::future::ready(Ok(self.clone()))
    }

    fn invalidate(&self) {}

    fn refresh(&self, _: &Secret) -> impl Future<Output = Result<Secret, TokenError>> + Send {
        std::future::ready(Ok(self.clone()))
    }
}

impl<T: TokenSource> TokenSource for Arc<T> {
    fn token(&self) -> impl Future<Output = Result<Secret, TokenError>> + Send {
        (**self).token()
    }

    fn invalidate(&self) {
        (**self).invalidate();
    }

    fn refresh(&self, refused: &Secret) -> impl Future<Output = Result<Secret, TokenError>> + Send {
        (**self).refresh(refused)
    }
}

/// A token source behind a pointer, as clients keep it (any [`TokenSource`]).
#[derive(Clone)]
pub struct SharedTokenSource(Arc<dyn ErasedSource>);

/// [`TokenSource`] made object-safe.
trait ErasedSource: Send + Sync {
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<Secret, TokenError>> + Send + '_>>;
    fn invalidate(&self);
    fn refresh<'a>(
        &'a self,
        refused: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Secret, TokenError>> + Send + 'a>>;
}

impl<T: TokenSource> ErasedSource for T {
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<Secret, TokenError>> + Send + '_>> {
        Box::pin(TokenSource::token(self))
    }

    fn invalidate(&self) {
        TokenSource::invalidate(self);
    }

    fn refresh<'a>(
        &'a self,
        refused: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Secret, TokenError>> + Send + 'a>> {
        Box::pin(TokenSource::refresh(self, refused))
    }
}

impl SharedTokenSource {
    /// Shares `source`.
    pub fn new(source: impl TokenSource) -> SharedTokenSource {
        SharedTokenSource(Arc::new(source))
    }

    /// The current token of the source.
    pub async fn token(&self) -> Result<Secret, TokenError> {
        self.0.token().await
    }

    /// Forgets the source's current token.
    pub fn invalidate(&self) {
        self.0.invalidate();
    }

    /// A token in place of `refused` (see [`TokenSource::refresh`]).
    pub async fn refresh(&self, refused: &Secret) -> Result<Secret, TokenError> {
        self.0.refresh(refused).await
    }
}

impl fmt::Debug for SharedTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSource")
    }
}

/// An access token from a [`TokenProvider`] (or the client-credentials source). `Debug`
/// never shows the token itself.
#[derive(Clone, Debug)]
pub struct AccessToken {
    /// The token; send it as `Authorization: Bearer <token>`.
    pub access_token: Secret,
    /// The scope it was granted for.
    pub scope: String,
    /// When it expires, by the provider's clock, counted from when it was requested.
    pub expires_at: Instant,
}

/// What a token endpoint answered: the fields of RFC 6749 §5.1 a provider needs.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    /// The access token.
    pub access_token: Secret,
    /// Its lifetime in seconds from the request (`0` or less: do not cache it).
    pub expires_in: i64,
    /// The scope granted, when the answer says (else the scope requested).
    pub scope: Option<String>,
}

/// Why a token could not be obtained. Every caller that waited for the same request
/// gets the same error.
#[derive(Clone)]
pub struct TokenError(Arc<dyn std::error::Error + Send + Sync>);

impl TokenError {
    /// A token error caused by `error`.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> TokenError {
        TokenError(Arc::new(error))
    }

    /// What the token request failed with, when it was a call of a generated API.
    pub fn client_error(&self) -> Option<&ClientError> {
        self.0.downcast_ref()
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TokenError").field(&self.0).finish()
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no access token: {}", self.0)
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// A fresh message id (for a token operation's `MsgId`-like header): a UUID-v4-shaped
/// string from std entropy (a per-call `RandomState`, the time and a process-wide
/// counter), unique per call.
pub fn new_message_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let word = |half: u8| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_u8(half);
        hasher.finish()
    };
    let (high, low) = (word(0), word(1));
    // Version 4, variant RFC 4122.
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

pub(crate) use flight::Flights;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_unique_uuids() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_message_id()).collect();
        assert_eq!(ids.len(), 1000);
        for id in ids.iter().take(10) {
            assert_eq!(id.len(), 36);
            assert_eq!(&id[14..15], "4");
        }
    }

    #[test]
    fn token_errors_say_why_and_keep_the_client_error() {
        let error = TokenError::new(ClientError::UnexpectedStatus {
            status: 500,
            body: "x".into(),
        });
        assert_eq!(
            error.to_string(),
            "no access token: undocumented HTTP status 500 (1 bytes of body)"
        );
        assert!(matches!(
            error.client_error(),
            Some(ClientError::UnexpectedStatus { status: 500, .. })
        ));
    }
}
