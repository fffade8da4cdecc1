//! What a handler answers: [`Reply`] (status, headers, body), and what an implementation
//! returns instead of an answer ([`Failure`], [`Denied`]).

use crate::check::Validator;
use crate::{Validate, Violation, Violations};
use serde::Serialize;
use std::fmt;

/// An answer on its way out: status, headers and body, and the validator its JSON body is
/// checked with when answers are checked ([`Router::check_answers`](super::Router::check_answers)).
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) media_type: Option<String>,
    pub(crate) body: Vec<u8>,
    pub(crate) check: Option<Check>,
    /// A rejection or failure, which the router writes in the API's error envelope.
    pub(crate) problem: Option<(&'static str, Violation)>,
}

impl Reply {
    /// An answer without a body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            media_type: None,
            body: Vec::new(),
            check: None,
            problem: None,
        }
    }

    /// A JSON answer (`media_type` as the definition documents it).
    pub fn json<T: Serialize + ?Sized>(status: u16, media_type: &str, body: &T) -> Reply {
        match serde_json::to_vec(body) {
            Ok(body) => Reply {
                media_type: Some(media_type.to_owned()),
                body,
                ..Reply::empty(status)
            },
            // A map with non-string keys, a float that is not finite: the implementation's
            // value cannot be JSON.
            Err(e) => Reply::failure(&Failure::new(format!("the answer is not JSON: {e}"))),
        }
    }

    /// A text answer.
    pub fn text(status: u16, media_type: &str, body: String) -> Reply {
        Reply {
            media_type: Some(media_type.to_owned()),
            body: body.into_bytes(),
            ..Reply::empty(status)
        }
    }

    /// A binary answer.
    pub fn bytes(status: u16, media_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            media_type: Some(media_type.to_owned()),
            body,
            ..Reply::empty(status)
        }
    }

    /// Adds a header, its value written as the client reads it (`simple` style: scalars as
    /// text, array items joined by `,`); `None` adds nothing.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Reply {
        if let Some(text) = crate::params::text(value, ",") {
            self.headers.push((name, text));
        }
        self
    }

    /// The validator of the body's schema, for checked answers.
    pub fn checked(mut self, check: Validator) -> Reply {
        self.check = Some(Check::Tree(check));
        self
    }

    /// Checks the body as `T`'s schema, for checked answers.
    pub fn checked_as<T: Validate>(mut self) -> Reply {
        self.check = Some(Check::Value(T::check_value));
        self
    }

    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// A rejection (or failure): `status`, and `violation` in the API's error envelope
    /// with `summary` as its message.
    pub(crate) fn problem(status: u16, summary: &'static str, violation: Violation) -> Reply {
        Reply {
            problem: Some((summary, violation)),
            ..Reply::empty(status)
        }
    }

    /// A 500 answer for a failure.
    pub(crate) fn failure(failure: &Failure) -> Reply {
        Reply::problem(500, "the server failed", failure.violation())
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies and header values may carry tokens.
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field(
                "headers",
                &self.headers.iter().map(|h| h.0).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// How an answer's body is checked against its schema.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// A schema's validator over the parsed tree.
    Tree(Validator),
    /// A type's `Validate::check_value`.
    Value(fn(&serde_json::Value, &str, &mut Vec<Violation>)),
}

/// An answer type of the bindings (each operation's answer enum): how it is written.
pub trait IntoReply {
    /// The answer as status, headers and body.
    fn into_reply(self) -> Reply;
}

/// Why an implementation could not answer: a 500 in the API's error envelope. Its message
/// is the envelope's detail: keep secrets out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    message: String,
}

impl Failure {
    /// A failure with this message.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
        }
    }

    pub(crate) fn violation(&self) -> Violation {
        Violation {
            pointer: String::new(),
            keyword: "server",
            message: self.message.clone(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

impl From<Violations> for Failure {
    fn from(violations: Violations) -> Failure {
        Failure::new(format!("the answer breaks the definition: {violations}"))
    }
}

/// Why the implementation's security hook refused a request's credentials: `401` (not
/// valid) or `403` (valid, but not for this operation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denied {
    pub(crate) status: u16,
    pub(crate) reason: String,
}

impl Denied {
    /// The credentials are not valid (`401 Unauthorized`).
    pub fn unauthorized(reason: impl Into<String>) -> Denied {
        Denied {
            status: 401,
            reason: reason.into(),
        }
    }

    /// The credentials are valid but do not allow the operation (`403 Forbidden`).
    pub fn forbidden(reason: impl Into<String>) -> Denied {
        Denied {
            status: 403,
            reason: reason.into(),
        }
    }
}

/// The error envelope of a definition that documents none: RFC 9457 problem details, with
/// the violation's pointer and keyword.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// A summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What is wrong (the violation's message).
    pub detail: String,
    /// The JSON pointer of the offending value (`/query/limit`, `/scope`).
    pub pointer: String,
    /// The violated keyword (`minLength`, `required`, `json`, `security`).
    pub keyword: &'static str,
}

impl Problem {
    /// The problem a violation makes.
    pub fn new(status: u16, title: &str, violation: &Violation) -> Problem {
        Problem {
            title: title.to_owned(),
            status,
            detail: violation.message.clone(),
            pointer: violation.pointer.clone(),
            keyword: violation.keyword,
        }
    }
}
