//! [`ClientError`]: why a call of any generated API failed, one type for every API.

use crate::check::{self, Validator};
use crate::{Response, Validate, Violation, Violations};
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// What each method of a generated `Client` returns: its call, as a boxed future.
///
/// Boxed, so that the trait is object-safe (`Arc<dyn Client>` holds any implementation,
/// a fake in tests as well as the `HttpClient`), and so that a definition's thousand
/// operations cost the compiler a thousand methods: an `impl Future` per method makes
/// each a generic associated type, which rustc checks against every other method of the
/// trait (12 s of GitHub's `cargo check`, quadratic in the operations). The box is one
/// allocation per call, next to a network round trip.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a call failed. Every generated API returns this one type, so one handler serves
/// all of them; a documented error answer keeps its API's own type in [`ApiError`].
///
/// Neither `Debug` nor `Display` shows a body as received (it may carry a token) or a
/// credential: bodies show as their length, documented error bodies through their own
/// (redacting) `Debug`.
#[non_exhaustive]
pub enum ClientError {
    /// The request breaks the definition; it was not sent.
    InvalidRequest(Violations),
    /// The request could not be sent, or no complete response came back (timeouts,
    /// connection failures, an answer over the size limit, no access token).
    Transport(Box<dyn std::error::Error + Send + Sync>),
    /// The API answered with a documented error.
    Api {
        /// The HTTP status.
        status: u16,
        /// The parsed error body, of the operation's error type.
        body: ApiError,
    },
    /// The API answered with a status the definition does not document.
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The raw body.
        body: String,
    },
    /// The API answered with a documented status whose body breaks the definition.
    InvalidResponse {
        /// The HTTP status.
        status: u16,
        /// The raw body.
        body: String,
        /// What is wrong with it.
        violations: Violations,
    },
}

impl ClientError {
    /// The HTTP status of the answer, when one came.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. }
            | ClientError::UnexpectedStatus { status, .. }
            | ClientError::InvalidResponse { status, .. } => Some(*status),
            ClientError::InvalidRequest(_) | ClientError::Transport(_) => None,
        }
    }

    /// The documented error body, when the API answered with one of type `T` (the
    /// operation's error type: its error envelope, or the enum of its error answers).
    pub fn api_body<T: Any>(&self) -> Option<&T> {
        match self {
            ClientError::Api { body, .. } => body.downcast_ref(),
            _ => None,
        }
    }
}

impl fmt::Debug for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::InvalidRequest(v) => f.debug_tuple("InvalidRequest").field(v).finish(),
            ClientError::Transport(e) => f.debug_tuple("Transport").field(&e.to_string()).finish(),
            ClientError::Api { status, body } => f
                .debug_struct("Api")
                .field("status", status)
                .field("body", body)
                .finish(),
            ClientError::UnexpectedStatus { status, body } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("body_len", &body.len())
                .finish(),
            ClientError::InvalidResponse {
                status,
                body,
                violations,
            } => f
                .debug_struct("InvalidResponse")
                .field("status", status)
                .field("body_len", &body.len())
                .field("violations", violations)
                .finish(),
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::InvalidRequest(v) => write!(f, "request not sent: {v}"),
            ClientError::Transport(e) => write!(f, "transport error: {e}"),
            ClientError::Api { status, body } => write!(f, "API error {status}: {body:?}"),
            ClientError::UnexpectedStatus { status, body } => {
                write!(
                    f,
                    "undocumented HTTP status {status} ({} bytes of body)",
                    body.len()
                )
            }
            ClientError::InvalidResponse {
                status, violations, ..
            } => {
                write!(
                    f,
                    "HTTP {status} response breaks the definition: {violations}"
                )
            }
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::InvalidRequest(v) => Some(v),
            ClientError::Transport(e) => Some(&**e),
            ClientError::InvalidResponse { violations, .. } => Some(violations),
            ClientError::Api { .. } | ClientError::UnexpectedStatus { .. } => None,
        }
    }
}

impl From<Violations> for ClientError {
    fn from(v: Violations) -> Self {
        ClientError::InvalidRequest(v)
    }
}

/// A documented error answer, parsed into its API's type: the operation's error envelope,
/// or an enum with a variant per documented error status. [`downcast_ref`](Self::downcast_ref)
/// gives it back; `Debug` is that type's own, which redacts secrets.
pub struct ApiError {
    body: Box<dyn ErrorBody>,
}

/// What an error body can do once its type is erased.
trait ErrorBody: Any + Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn type_name(&self) -> &'static str;
}

impl<T: Any + fmt::Debug + Send + Sync> ErrorBody for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
}

impl ApiError {
    /// Wraps a parsed error body.
    pub fn new<T: Any + fmt::Debug + Send + Sync>(body: T) -> ApiError {
        ApiError {
            body: Box::new(body),
        }
    }

    /// The body, if it is a `T`.
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.body.as_any().downcast_ref()
    }

    /// The body itself, if it is a `T`; the error back otherwise.
    pub fn downcast<T: Any>(self) -> Result<T, ApiError> {
        if self.body.as_any().is::<T>() {
            match self.body.into_any().downcast::<T>() {
                Ok(body) => Ok(*body),
                Err(_) => unreachable!("checked by `is` above"),
            }
        } else {
            Err(self)
        }
    }

    /// Whether the body is a `T`.
    pub fn is<T: Any>(&self) -> bool {
        self.body.as_any().is::<T>()
    }

    /// The Rust type of the body (for messages; not stable across compilers).
    pub fn type_name(&self) -> &'static str {
        self.body.type_name()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.body.debug(f)
    }
}

/// An answer that breaks the definition.
pub(crate) fn invalid_response(response: &Response, violations: Violations) -> ClientError {
    ClientError::InvalidResponse {
        status: response.status(),
        body: response.text().into_owned(),
        violations,
    }
}

/// The body as text; a body that is not UTF-8 breaks every JSON or text answer.
fn utf8(response: &Response) -> Result<&str, ClientError> {
    std::str::from_utf8(response.body()).map_err(|_| {
        let not_text = Violations::one(String::new(), "type", "the body is not UTF-8".into());
        invalid_response(response, not_text)
    })
}

/// Reads a response body into a generated type: the lean path first (the text
/// straight into the type, then the checks its type does not express), the
/// diagnosing path when that does not succeed.
pub fn parse_typed<T: Validate>(response: &Response) -> Result<T, ClientError> {
    T::from_json(utf8(response)?).map_err(|violations| invalid_response(response, violations))
}

/// Reads a response body that must match a schema (one with no `Validate` type of its
/// own: an alias, a list); as `from_json` reads, `1.0` is an integer to JSON Schema.
pub fn parse_body<T: serde::de::DeserializeOwned>(
    response: &Response,
    check: Validator,
) -> Result<T, ClientError> {
    check::parse(utf8(response)?, check)
        .map_err(|violations| invalid_response(response, violations))
}

/// A text answer (`text/plain`, XML, …): its body must be UTF-8.
pub fn text_body(response: &Response) -> Result<String, ClientError> {
    utf8(response).map(str::to_owned)
}

/// A binary answer (`application/octet-stream`, images, …): its bytes.
pub fn bytes_body(response: &Response) -> Vec<u8> {
    response.body().to_vec()
}

/// A documented error answer: its parsed body, wrapped in the operation's error type.
pub fn api_error<T, E: Any + fmt::Debug + Send + Sync, S>(
    response: &Response,
    parsed: Result<T, ClientError>,
    wrap: fn(T) -> E,
) -> Result<S, ClientError> {
    Err(ClientError::Api {
        status: response.status(),
        body: ApiError::new(wrap(parsed?)),
    })
}

/// A documented error answer whose body is not parsed (none, or not JSON).
pub fn api_answer<E: Any + fmt::Debug + Send + Sync, S>(
    response: &Response,
    body: E,
) -> Result<S, ClientError> {
    Err(ClientError::Api {
        status: response.status(),
        body: ApiError::new(body),
    })
}

/// An answer with a status the definition does not document.
pub fn unexpected_status<S>(response: &Response) -> Result<S, ClientError> {
    Err(ClientError::UnexpectedStatus {
        status: response.status(),
        body: response.text().into_owned(),
    })
}

/// Checks one part of a request (a parameter, the body) as it will be sent.
pub fn check_part<T: serde::Serialize + ?Sized>(
    value: Option<&T>,
    pointer: &str,
    f: Validator,
    out: &mut Vec<Violation>,
) {
    if let Some(value) = value {
        let json = serde_json::to_value(value).unwrap_or_default();
        check::value(&json, pointer, out, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Envelope {
        code: String,
    }

    #[test]
    fn a_documented_error_keeps_its_type() {
        let error = ClientError::Api {
            status: 400,
            body: ApiError::new(Envelope { code: "E1".into() }),
        };
        assert_eq!(error.status(), Some(400));
        assert_eq!(
            error.api_body::<Envelope>(),
            Some(&Envelope { code: "E1".into() })
        );
        assert_eq!(error.api_body::<String>(), None);
        assert_eq!(
            error.to_string(),
            "API error 400: Envelope { code: \"E1\" }"
        );
        let ClientError::Api { body, .. } = error else {
            unreachable!()
        };
        assert!(body.is::<Envelope>());
        let body = body.downcast::<String>().unwrap_err();
        assert_eq!(body.downcast::<Envelope>().unwrap().code, "E1");
    }

    #[test]
    fn raw_bodies_are_never_shown() {
        let body = "{\"access_token\": \"TOP-SECRET\"}".to_owned();
        let unexpected = ClientError::UnexpectedStatus {
            status: 418,
            body: body.clone(),
        };
        let invalid = ClientError::InvalidResponse {
            status: 200,
            body,
            violations: Violations::one(
                "/x".into(),
                "type",
                "expected string, found number".into(),
            ),
        };
        for error in [unexpected, invalid] {
            for shown in [
                format!("{error:?}"),
                format!("{error:#?}"),
                error.to_string(),
            ] {
                assert!(!shown.contains("TOP-SECRET"), "{shown}");
            }
        }
    }
}
