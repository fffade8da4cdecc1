//! Single flight: one token request at a time, whose outcome every caller that waited for
//! it shares, and the token cached until shortly before it expires.
//!
//! A `std::sync::Mutex` over the state and a list of wakers: no executor, no timer. The
//! caller that finds no token and no request in flight sends one (it *leads*); the others
//! wait for its outcome. If the leader is cancelled (its future dropped), its request is
//! abandoned and a waiting caller leads the next one.
//!
//! A refresh (the API refused a token) is the same, with two more rules, so that many calls
//! refused together cause one request: a token other than the refused one is served, and a
//! request that failed after the refused token was issued is not sent again, its failure is
//! shared.

use super::{AccessToken, IssuedToken, TokenError};
use crate::Secret;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// Lifetimes beyond this (a year) are capped, so that expiry times cannot overflow.
const MAX_LIFETIME: u64 = 365 * 24 * 60 * 60;

type Outcome = Result<AccessToken, TokenError>;

/// The cached token and the request in flight of one token source.
#[derive(Default)]
pub(crate) struct Flights {
    state: Mutex<State>,
}

/// The shared state: the cached token, the request in flight, who waits for it.
#[derive(Default)]
struct State {
    /// The token and when to stop serving it.
    cached: Option<(AccessToken, Instant)>,
    /// The request in flight.
    in_flight: Option<u64>,
    /// Requests started so far.
    flights: u64,
    /// The outcome of the last request that finished, for those who waited for it.
    last: Option<(u64, Outcome)>,
    /// The last token issued and the request that got it (kept after the cache is
    /// emptied), to tell whether a failure came after a refused token.
    issued: Option<(Secret, u64)>,
    /// Waiting callers, by ticket.
    waiters: Vec<(u64, Waker)>,
    /// Tickets handed out so far.
    tickets: u64,
}

enum Step {
    Ready(AccessToken),
    Failed(TokenError),
    Lead(u64),
    Wait(u64, u64),
}

impl Flights {
    /// A token valid for at least the skew (at most half its lifetime), by `now`: the
    /// cached one, or the outcome of `fetch` (sent by this caller, or by the caller whose
    /// request was in flight). `scope` is the scope requested, for answers that do not
    /// say which they granted.
    pub(crate) async fn token<F: Future<Output = Result<IssuedToken, TokenError>>>(
        &self,
        now: &(dyn Fn() -> Instant + Send + Sync),
        skew: Duration,
        scope: &str,
        fetch: impl FnOnce() -> F,
    ) -> Outcome {
        self.run(None, now, skew, scope, fetch).await
    }

    /// A token in place of `refused`, which the API refused: another token if one is
    /// cached, the outcome of the request in flight, the failure of a request made after
    /// `refused` was issued, or else the outcome of `fetch`.
    pub(crate) async fn refresh<F: Future<Output = Result<IssuedToken, TokenError>>>(
        &self,
        refused: &Secret,
        now: &(dyn Fn() -> Instant + Send + Sync),
        skew: Duration,
        scope: &str,
        fetch: impl FnOnce() -> F,
    ) -> Outcome {
        self.run(Some(refused), now, skew, scope, fetch).await
    }

    async fn run<F: Future<Output = Result<IssuedToken, TokenError>>>(
        &self,
        refused: Option<&Secret>,
        now: &(dyn Fn() -> Instant + Send + Sync),
        skew: Duration,
        scope: &str,
        fetch: impl FnOnce() -> F,
    ) -> Outcome {
        loop {
            match self.begin(now(), refused) {
                Step::Ready(token) => return Ok(token),
                Step::Failed(error) => return Err(error),
                Step::Lead(flight) => return self.lead(flight, now, skew, scope, fetch()).await,
                Step::Wait(flight, ticket) => {
                    if let Some(outcome) = self.wait(flight, ticket).await {
                        return outcome;
                    }
                }
            }
        }
    }

    /// Forgets the cached token.
    pub(crate) fn invalidate(&self) {
        self.lock().cached = None;
    }

    /// When the cached token expires, if there is one.
    pub(crate) fn cached_until(&self) -> Option<Instant> {
        self.lock()
            .cached
            .as_ref()
            .map(|(token, _)| token.expires_at)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn begin(&self, now: Instant, refused: Option<&Secret>) -> Step {
        let is_refused = |token: &Secret| refused.is_some_and(|r| r.expose() == token.expose());
        let mut state = self.lock();
        if let Some((token, refresh_at)) = &state.cached {
            if now < *refresh_at && !is_refused(&token.access_token) {
                return Step::Ready(token.clone());
            }
            state.cached = None;
        }
        if let Some(flight) = state.in_flight {
            state.tickets += 1;
            return Step::Wait(flight, state.tickets);
        }
        if let (Some((issued, by)), Some((last, Err(error)))) = (&state.issued, &state.last) {
            if is_refused(issued) && by < last {
                return Step::Failed(error.clone());
            }
        }
        state.flights += 1;
        let flight = state.flights;
        state.in_flight = Some(flight);
        Step::Lead(flight)
    }

    async fn lead(
        &self,
        flight: u64,
        now: &(dyn Fn() -> Instant + Send + Sync),
        skew: Duration,
        scope: &str,
        fetch: impl Future<Output = Result<IssuedToken, TokenError>>,
    ) -> Outcome {
        let mut guard = Flight {
            flights: self,
            flight,
            finished: None,
        };
        let sent = now();
        let outcome = match fetch.await {
            Ok(issued) => {
                // A lifetime of zero or less (or none) is served once and not cached.
                let lifetime = Duration::from_secs(
                    u64::try_from(issued.expires_in)
                        .unwrap_or(0)
                        .min(MAX_LIFETIME),
                );
                let expires_at = sent + lifetime;
                let refresh_at = expires_at - skew.min(lifetime / 2);
                let token = AccessToken {
                    access_token: issued.access_token,
                    scope: issued.scope.unwrap_or_else(|| scope.to_owned()),
                    expires_at,
                };
                guard.finished = Some((Ok(token.clone()), refresh_at));
                Ok(token)
            }
            Err(error) => {
                guard.finished = Some((Err(error.clone()), sent));
                Err(error)
            }
        };
        drop(guard);
        outcome
    }

    fn wait(&self, flight: u64, ticket: u64) -> Wait<'_> {
        Wait {
            flights: self,
            flight,
            ticket,
        }
    }
}

/// The request in flight. Dropped when it finishes, or when its caller is
/// cancelled: either way the waiting callers are woken.
struct Flight<'a> {
    flights: &'a Flights,
    flight: u64,
    finished: Option<(Outcome, Instant)>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        let waiters = {
            let mut state = self.flights.lock();
            if state.in_flight == Some(self.flight) {
                state.in_flight = None;
            }
            if let Some((outcome, refresh_at)) = self.finished.take() {
                if let Ok(token) = &outcome {
                    state.cached = Some((token.clone(), refresh_at));
                    state.issued = Some((token.access_token.clone(), self.flight));
                }
                state.last = Some((self.flight, outcome));
            }
            std::mem::take(&mut state.waiters)
        };
        for (_, waker) in waiters {
            waker.wake();
        }
    }
}

/// A caller waiting for the request in flight: its outcome, or `None` when that
/// request was abandoned.
struct Wait<'a> {
    flights: &'a Flights,
    flight: u64,
    ticket: u64,
}

impl Future for Wait<'_> {
    type Output = Option<Outcome>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.flights.lock();
        if let Some((id, outcome)) = &state.last {
            if *id >= self.flight {
                return Poll::Ready(Some(outcome.clone()));
            }
        }
        if state.in_flight != Some(self.flight) {
            return Poll::Ready(None);
        }
        match state
            .waiters
            .iter_mut()
            .find(|(ticket, _)| *ticket == self.ticket)
        {
            Some((_, waker)) => {
                if !waker.will_wake(cx.waker()) {
                    waker.clone_from(cx.waker());
                }
            }
            None => state.waiters.push((self.ticket, cx.waker().clone())),
        }
        Poll::Pending
    }
}

impl Drop for Wait<'_> {
    fn drop(&mut self) {
        let ticket = self.ticket;
        self.flights.lock().waiters.retain(|(t, _)| *t != ticket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    const SKEW: Duration = Duration::from_secs(30);

    fn now() -> Instant {
        Instant::now()
    }

    fn issued(token: &str) -> Result<IssuedToken, TokenError> {
        Ok(IssuedToken {
            access_token: Secret::new(token),
            expires_in: 3600,
            scope: None,
        })
    }

    fn failed() -> Result<IssuedToken, TokenError> {
        Err(TokenError::new(std::io::Error::other("down")))
    }

    /// A fetch that must not happen.
    fn unreachable() -> std::future::Ready<Result<IssuedToken, TokenError>> {
        panic!("no request was due")
    }

    #[tokio::test]
    async fn refreshes_share_a_failure_and_serve_a_newer_token() {
        let flights = Flights::default();
        let t1 = flights
            .token(&now, SKEW, "", || async { issued("T1") })
            .await
            .unwrap()
            .access_token;
        // T1 refused, the refresh fails.
        let refresh = flights.refresh(&t1, &now, SKEW, "", || async { failed() });
        assert!(refresh.await.is_err());
        // Another call refused with T1 shares that failure: no second request.
        let shared = flights.refresh(&t1, &now, SKEW, "", unreachable).await;
        assert_eq!(shared.unwrap_err().to_string(), "no access token: down");
        // A call asking for a token (not refreshing) tries again.
        let t2 = flights
            .token(&now, SKEW, "", || async { issued("T2") })
            .await
            .unwrap()
            .access_token;
        assert_eq!(t2.expose(), "T2");
        // A call still refused with T1 gets T2, which is newer: no request.
        let served = flights.refresh(&t1, &now, SKEW, "", unreachable).await;
        assert_eq!(served.unwrap().access_token.expose(), "T2");
        // T2 refused: a new request, whose token is then cached.
        let t3 = flights
            .refresh(&t2, &now, SKEW, "", || async { issued("T3") })
            .await
            .unwrap();
        assert_eq!(t3.access_token.expose(), "T3");
        let cached = flights.token(&now, SKEW, "", unreachable).await;
        assert_eq!(cached.unwrap().access_token.expose(), "T3");
    }
}
