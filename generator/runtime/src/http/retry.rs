//! [`RetryPolicy`]: when a call is sent again, and how long it waits first.

use super::ResponseTooLarge;
use crate::ClientError;
use reqwest::Method;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime};

/// When a failed attempt of a call is made again ([`Builder::retry`](super::Builder::retry)).
///
/// The rule, from what the server may have done with the request:
/// - an idempotent request (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`: sending it
///   twice does what sending it once does) is sent again after a failure to connect, a
///   timeout, or an answer `408`, `429`, `502`, `503` or `504`;
/// - any other request (`POST`, `PATCH`) is sent again only after a failure to connect:
///   nothing was sent then. Once its body may have left, it is never sent twice, whatever
///   comes back (a `503` or a timeout included): the server may have acted on it;
/// - a `401` to a bearer token is not a retry: the token source gives a fresh token and the
///   request goes once more, whatever its method (the server did not process it). A second
///   `401` is the answer.
///
/// Waits grow exponentially from `initial_backoff` to `max_backoff`, with full jitter (a
/// random wait up to the bound, so that many clients that failed together do not come back
/// together). A `429` or `503` with `Retry-After` (seconds, or an HTTP date) waits that long
/// instead. Nothing is retried once `max_elapsed` (counted from the first attempt) would be
/// passed: a wait that would end after it returns the answer or error at hand, and each
/// attempt's timeout is cut to the time left.
///
/// Defaults ([`RetryPolicy::default`]): 3 attempts, waits from 100 ms up to 5 s, 60 s in
/// all. [`RetryPolicy::none`] makes one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Some(Duration::from_secs(60)),
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried (a `401` to a bearer token still gets its one fresh
    /// token), and no cap beyond the per-attempt timeout.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            max_elapsed: None,
            ..RetryPolicy::default()
        }
    }

    /// How many attempts at most, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The bound of the first wait; each further wait's bound doubles.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The largest wait chosen by backoff (a server's `Retry-After` is not capped by it).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// How long a call may take in all, its attempts and waits included.
    pub fn max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = Some(total);
        self
    }

    /// The number of attempts at most.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// Whether sending `method` twice does what sending it once does (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// What went wrong with an attempt, as a name that holds nothing of the request: spans
/// record it and retries decide on it (a reqwest error's `Display` can hold the URL, and
/// with it an API key).
pub(crate) fn error_kind(error: &ClientError) -> &'static str {
    match error {
        ClientError::InvalidRequest(_) => "invalid_request",
        ClientError::Api { .. } => "api",
        ClientError::UnexpectedStatus { .. } => "unexpected_status",
        ClientError::InvalidResponse { .. } => "invalid_response",
        ClientError::Transport(e) => {
            if let Some(e) = e.downcast_ref::<reqwest::Error>() {
                if e.is_connect() {
                    "connect"
                } else if e.is_timeout() {
                    "timeout"
                } else if e.is_body() || e.is_decode() {
                    // reqwest reports a body that breaks off while read as `decode`.
                    "body"
                } else if e.is_request() {
                    "request"
                } else {
                    "transport"
                }
            } else if e.is::<ResponseTooLarge>() {
                "too_large"
            } else if e.is::<crate::TokenError>() {
                "token"
            } else {
                "transport"
            }
        }
    }
}

/// The attempts of one call so far, against its policy.
pub(crate) struct Retries<'p> {
    policy: &'p RetryPolicy,
    started: Instant,
    made: u32,
}

impl<'p> Retries<'p> {
    pub(crate) fn new(policy: &'p RetryPolicy) -> Self {
        Retries {
            policy,
            started: Instant::now(),
            made: 0,
        }
    }

    /// Counts an attempt about to be made; its number, from 1.
    pub(crate) fn begin(&mut self) -> u32 {
        self.made += 1;
        self.made
    }

    /// The attempts made so far.
    pub(crate) fn made(&self) -> u32 {
        self.made
    }

    /// Since the first attempt.
    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The time left before `max_elapsed`, if the policy has one.
    pub(crate) fn left(&self) -> Option<Duration> {
        self.policy
            .max_elapsed
            .map(|total| total.saturating_sub(self.elapsed()))
    }

    /// The timeout of the next attempt: the per-attempt one, cut to the time left.
    pub(crate) fn attempt_timeout(&self, per_attempt: Option<Duration>) -> Option<Duration> {
        match (per_attempt, self.left()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The wait before the next attempt after an answer with `status`, or `None` to keep
    /// the answer. `retry_after` is the answer's `Retry-After` header.
    pub(crate) fn after_answer(
        &self,
        status: u16,
        idempotent: bool,
        retry_after: Option<&[u8]>,
    ) -> Option<Duration> {
        if !idempotent || !matches!(status, 408 | 429 | 502 | 503 | 504) {
            return None;
        }
        let asked = match status {
            429 | 503 => retry_after
                .and_then(|v| std::str::from_utf8(v).ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now())),
            _ => None,
        };
        self.wait(asked)
    }

    /// The wait before the next attempt after `error`, or `None` to return it.
    pub(crate) fn after_error(&self, error: &ClientError, idempotent: bool) -> Option<Duration> {
        match error_kind(error) {
            // Nothing was sent: safe for every method.
            "connect" => self.wait(None),
            "timeout" if idempotent => self.wait(None),
            _ => None,
        }
    }

    /// `asked` (a server's `Retry-After`) or a backoff, if another attempt is allowed and
    /// the wait ends before `max_elapsed`.
    fn wait(&self, asked: Option<Duration>) -> Option<Duration> {
        if self.made >= self.policy.max_attempts {
            return None;
        }
        let wait = asked.unwrap_or_else(|| self.backoff());
        match self.left() {
            Some(left) if wait >= left => None,
            _ => Some(wait),
        }
    }

    /// Full jitter: a random wait up to `initial × 2^(retry − 1)`, capped by `max_backoff`.
    fn backoff(&self) -> Duration {
        let doublings = self.made.saturating_sub(1).min(31);
        let bound = self
            .policy
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.policy.max_backoff);
        bound.mul_f64(random_fraction())
    }
}

/// A number in `[0, 1)` from std's per-instance random hasher keys (no `rand` needed: jitter
/// wants spread, not cryptographic strength).
fn random_fraction() -> f64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP date (the wait until then,
/// none if past). `None` when it is neither.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Beyond u64 seconds: longer than any call may wait, so as good as the maximum.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(http_date(value)?);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Seconds since the Unix epoch of an HTTP date (RFC 9110 §5.6.7) in any of its three
/// forms: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
fn http_date(text: &str) -> Option<u64> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let (day, month, year, time) = match fields.as_slice() {
        [weekday, day, month, year, time, "GMT"] if weekday.ends_with(',') => {
            (*day, *month, year.parse().ok()?, *time)
        }
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            if year.len() != 2 || parts.next().is_some() {
                return None;
            }
            // Two-digit years: 70–99 are 19xx, the rest 20xx (dates this old or this far
            // ahead mean "now" to a retry either way).
            let year: u64 = year.parse().ok()?;
            (
                day,
                month,
                if year >= 70 { 1900 } else { 2000 } + year,
                *time,
            )
        }
        [_weekday, month, day, time, year] => (*day, *month, year.parse().ok()?, *time),
        _ => return None,
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let day: u64 = day.parse().ok()?;
    let mut hms = time.split(':').map(|n| n.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`), for dates from 1970 on.
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let y = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).checked_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOV_6_1994: u64 = 784_111_777;

    #[test]
    fn http_dates_in_all_three_forms() {
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(http_date(text), Some(NOV_6_1994), "{text}");
        }
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400)
        );
        for text in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "soon",
        ] {
            assert_eq!(http_date(text), None, "{text}");
        }
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(NOV_6_1994);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        // A date in the past: retry at once.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for text in ["-1", "1.5", "", "later"] {
            assert_eq!(parse_retry_after(text, now), None, "{text}");
        }
    }

    #[test]
    fn only_idempotent_methods_are_retried_after_an_answer() {
        let policy = RetryPolicy::default();
        let mut retries = Retries::new(&policy);
        retries.begin();
        for status in [408, 429, 502, 503, 504] {
            assert!(
                retries.after_answer(status, true, None).is_some(),
                "{status}"
            );
            assert!(
                retries.after_answer(status, false, None).is_none(),
                "{status}"
            );
        }
        for status in [200, 400, 401, 404, 500, 501] {
            assert!(
                retries.after_answer(status, true, None).is_none(),
                "{status}"
            );
        }
        assert_eq!(
            retries.after_answer(503, true, Some(b"2")),
            Some(Duration::from_secs(2))
        );
        // `Retry-After` is read on 429 and 503 only.
        assert!(retries.after_answer(502, true, Some(b"30")).unwrap() < Duration::from_secs(1));
        // A wait past `max_elapsed` keeps the answer.
        assert_eq!(retries.after_answer(503, true, Some(b"61")), None);
    }

    #[test]
    fn attempts_and_waits_are_bounded() {
        let policy = RetryPolicy::default()
            .max_attempts(4)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(250));
        let mut retries = Retries::new(&policy);
        let mut waits = Vec::new();
        loop {
            retries.begin();
            match retries.after_answer(503, true, None) {
                Some(wait) => waits.push(wait),
                None => break,
            }
        }
        assert_eq!(retries.made(), 4);
        for (wait, bound) in waits.iter().zip([100, 200, 250]) {
            assert!(
                *wait <= Duration::from_millis(bound),
                "{wait:?} > {bound} ms"
            );
        }
        let none = RetryPolicy::none();
        let mut retries = Retries::new(&none);
        retries.begin();
        assert_eq!(retries.after_answer(503, true, None), None);
        assert_eq!(
            retries.attempt_timeout(Some(Duration::from_secs(3))),
            Some(Duration::from_secs(3))
        );
        let capped = RetryPolicy::default().max_elapsed(Duration::from_secs(1));
        let retries = Retries::new(&capped);
        assert!(
            retries
                .attempt_timeout(Some(Duration::from_secs(3)))
                .unwrap()
                <= Duration::from_secs(1)
        );
    }

    #[test]
    fn jitter_spreads() {
        let samples: Vec<f64> = (0..64).map(|_| random_fraction()).collect();
        assert!(samples.iter().all(|f| (0.0..1.0).contains(f)));
        assert!(samples.iter().any(|f| *f < 0.5) && samples.iter().any(|f| *f >= 0.5));
    }
}
