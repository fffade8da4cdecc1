//! The `tracing` span of a call (feature `tracing`): one `oasbind.call` span (INFO) per call
//! and one `oasbind.attempt` event (DEBUG) per attempt, target `oasbind_runtime::http`.
//!
//! They name the request by what the definition says (operationId, method, path template)
//! and the outcome by numbers and kinds (status, attempts, milliseconds, `connect` /
//! `timeout` / `body` ...): never a URL, a query or header value, a body or an error's
//! text, any of which can hold a credential. Without the feature every item here is empty
//! and costs nothing.

#![cfg_attr(not(feature = "tracing"), allow(unused_variables))]

use crate::ClientError;
use std::future::Future;
use std::time::Duration;

/// What names a call in its span: the operationId and the path template (`/pets/{petId}`,
/// never the path as sent).
#[derive(Default)]
pub(crate) struct Label {
    #[cfg(feature = "tracing")]
    operation: Option<&'static str>,
    #[cfg(feature = "tracing")]
    template: String,
}

impl Label {
    pub(crate) fn operation(&mut self, id: &'static str) {
        #[cfg(feature = "tracing")]
        {
            self.operation = Some(id);
        }
    }

    /// Literal text of the path template.
    pub(crate) fn literal(&mut self, text: &str) {
        #[cfg(feature = "tracing")]
        self.template.push_str(text);
    }

    /// A path parameter, by name.
    pub(crate) fn param(&mut self, name: &str) {
        #[cfg(feature = "tracing")]
        {
            self.template.push('{');
            self.template.push_str(name);
            self.template.push('}');
        }
    }

    /// The span of a call of `method` (the status, attempts and duration are recorded
    /// when it ends).
    pub(crate) fn span(&self, method: &reqwest::Method) -> CallSpan {
        CallSpan {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                target: "oasbind_runtime::http",
                "oasbind.call",
                operation = self.operation,
                method = method.as_str(),
                path = self.template.as_str(),
                status = tracing::field::Empty,
                attempts = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
                error = tracing::field::Empty,
            ),
        }
    }
}

/// What follows an attempt.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) enum Next {
    /// Its outcome is the call's.
    Done,
    /// Another attempt, after this wait.
    Retry(Duration),
    /// Another attempt with a fresh token (the first was refused with `401`).
    Refresh,
}

/// The span of one call.
pub(crate) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

#[cfg(feature = "tracing")]
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl CallSpan {
    /// Runs the call's `future` inside the span (the attempts' events and reqwest's own are
    /// its children), and records the kind of the error it ends with.
    pub(crate) async fn run<T>(
        &self,
        future: impl Future<Output = Result<T, ClientError>>,
    ) -> Result<T, ClientError> {
        #[cfg(feature = "tracing")]
        let future = tracing::Instrument::instrument(future, self.span.clone());
        let result = future.await;
        if let Err(e) = &result {
            self.failed(e);
        }
        result
    }

    /// Attempt `number` answered `status` or failed with an error of `kind` after `took`.
    pub(crate) fn attempt(
        &self,
        number: u32,
        outcome: Result<u16, &'static str>,
        took: Duration,
        next: Next,
    ) {
        #[cfg(feature = "tracing")]
        {
            let (next, backoff_ms) = match next {
                Next::Done => ("done", None),
                Next::Retry(wait) => ("retry", Some(millis(wait))),
                Next::Refresh => ("refresh", None),
            };
            tracing::event!(
                name: "oasbind.attempt",
                target: "oasbind_runtime::http",
                parent: &self.span,
                tracing::Level::DEBUG,
                attempt = number,
                status = outcome.ok(),
                error = outcome.err(),
                duration_ms = millis(took),
                next,
                backoff_ms,
            );
        }
    }

    /// The call ended after `attempts` in `took`, with the last answer's `status` if one
    /// came.
    pub(crate) fn finish(&self, attempts: u32, took: Duration, status: Option<u16>) {
        #[cfg(feature = "tracing")]
        {
            self.span.record("attempts", attempts);
            self.span.record("duration_ms", millis(took));
            if let Some(status) = status {
                self.span.record("status", status);
            }
        }
    }

    /// The call failed with `error` (its kind is recorded, not its text).
    fn failed(&self, error: &ClientError) {
        #[cfg(feature = "tracing")]
        self.span.record("error", super::retry::error_kind(error));
    }
}
