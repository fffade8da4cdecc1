//! The load generator: a fixed number of identical requests over a fixed number of
//! keep-alive connections.
//!
//! A bare hyper 1 client, not reqwest or a pooled client: a pool, retries or redirects would
//! be measured along with the server, and the point is to measure the server. Each
//! connection is one task sending its share sequentially (one request in flight per
//! connection, like a real keep-alive client without pipelining), so `concurrency` is
//! exactly the number of requests in flight.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderMap, HeaderName, HeaderValue, HOST};
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Any failure of one exchange: connect, send, read, or the per-request timeout.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The one request sent over and over: everything but the `Host` header, which [`Load::run`]
/// adds from the address (HTTP/1.1 requires it and only the run knows the port).
#[derive(Clone, Debug)]
pub struct Template {
    pub method: Method,
    /// Origin form: path and query, no scheme or authority.
    pub path: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Template {
    /// A request with a body and no headers.
    ///
    /// # Panics
    /// When `path` is not a valid origin-form URI: a template is written by hand, so a
    /// typo is a bug in the caller, not a runtime condition.
    pub fn new(method: Method, path: &str, body: impl Into<Bytes>) -> Self {
        Template {
            method,
            path: path.parse().expect("an origin-form request target"),
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }

    /// The template with one more header.
    ///
    /// # Panics
    /// When the name or value is not a valid header (a typo in the caller, as above).
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            HeaderValue::from_str(value).expect("a header value"),
        );
        self
    }

    /// A fresh request for `addr`. Requests are consumed by sending, so every send builds
    /// one; cloning `Bytes` is a reference count, the header map a few small copies.
    fn request(&self, host: &HeaderValue) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.path.clone();
        *request.headers_mut() = self.headers.clone();
        request.headers_mut().insert(HOST, host.clone());
        request
    }
}

/// How much load: bounded by a request count, not a duration, so two servers get exactly
/// the same work and a run's cost is known before it starts.
#[derive(Clone, Debug)]
pub struct Load {
    /// Requests in total, over all connections.
    pub requests: u64,
    /// Keep-alive connections, each with one request in flight.
    pub concurrency: usize,
    /// Longest wait for one answer; past it the request counts as an error and its
    /// connection is dropped, so a stuck server ends the run instead of hanging it.
    pub timeout: Duration,
}

impl Load {
    /// `requests` over `concurrency` connections, ten seconds per answer at most.
    pub fn new(requests: u64, concurrency: usize) -> Self {
        Load {
            requests,
            concurrency,
            timeout: Duration::from_secs(10),
        }
    }

    /// Sends exactly `self.requests` copies of `request` to `addr` and reads every answer
    /// in full.
    ///
    /// A failed exchange counts in `errors`, drops its connection, and the connection's
    /// next request opens a new one: every request is attempted, so
    /// `statuses` + `errors` always add up to `requests`.
    pub async fn run(&self, addr: SocketAddr, request: &Template) -> Report {
        let connections = self.concurrency.max(1) as u64;
        let (share, rest) = (self.requests / connections, self.requests % connections);
        let host = HeaderValue::from_str(&addr.to_string()).expect("an address is a valid Host");
        let started = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..connections {
            let count = share + u64::from(i < rest);
            if count == 0 {
                continue;
            }
            let (request, host, timeout) = (request.clone(), host.clone(), self.timeout);
            let task =
                tokio::spawn(
                    async move { connection(addr, &request, &host, count, timeout).await },
                );
            tasks.push((count, task));
        }
        let mut tally = Tally::default();
        for (count, task) in tasks {
            match task.await {
                Ok(part) => tally.merge(part),
                // A panicked task: its requests are unaccounted for, so all are errors.
                Err(_) => tally.errors += count,
            }
        }
        let elapsed = started.elapsed();
        Report {
            requests: self.requests,
            elapsed,
            per_second: self.requests as f64 / elapsed.as_secs_f64(),
            statuses: tally.statuses,
            errors: tally.errors,
        }
    }
}

/// What a run measured.
#[derive(Clone, Debug)]
pub struct Report {
    /// Requests attempted (always the `Load`'s count).
    pub requests: u64,
    /// Wall time from the first connect to the last answer.
    pub elapsed: Duration,
    /// `requests / elapsed`.
    pub per_second: f64,
    /// Answers by status code.
    pub statuses: BTreeMap<u16, u64>,
    /// Exchanges that got no complete answer.
    pub errors: u64,
}

impl Report {
    /// Whether every request was answered with `status`: the only outcome under which the
    /// numbers measure what they claim to.
    pub fn all(&self, status: u16) -> bool {
        self.errors == 0
            && self.statuses.keys().all(|s| *s == status)
            && self.statuses.values().sum::<u64>() == self.requests
    }
}

/// One connection's counts.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, u64>,
    errors: u64,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.errors += other.errors;
    }
}

/// One connection's share: `count` requests, one after the other.
async fn connection(
    addr: SocketAddr,
    request: &Template,
    host: &HeaderValue,
    count: u64,
    timeout: Duration,
) -> Tally {
    let mut tally = Tally::default();
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    for _ in 0..count {
        let outcome = tokio::time::timeout(timeout, async {
            if sender.as_ref().is_none_or(|s| s.is_closed()) {
                sender = Some(connect(addr).await?);
            }
            let s = sender.as_mut().expect("connected above");
            exchange(s, request.request(host)).await
        })
        .await;
        match outcome {
            Ok(Ok((status, _))) => *tally.statuses.entry(status.as_u16()).or_default() += 1,
            Ok(Err(_)) | Err(_) => {
                tally.errors += 1;
                sender = None;
            }
        }
    }
    tally
}

/// A new HTTP/1.1 connection; its I/O driver runs as its own task until the sender drops.
async fn connect(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>, Error> {
    let stream = TcpStream::connect(addr).await?;
    // Request and body leave in one write anyway; no-delay keeps Nagle out of the picture
    // should that ever change.
    stream.set_nodelay(true)?;
    let (sender, driver) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        // The error, if any, also reaches the pending request, which counts it.
        let _ = driver.await;
    });
    Ok(sender)
}

/// One request, its answer read to the end (an unread body would stall keep-alive, and
/// reading it is part of the work a real client does).
async fn exchange(
    sender: &mut SendRequest<Full<Bytes>>,
    request: Request<Full<Bytes>>,
) -> Result<(StatusCode, Bytes), Error> {
    sender.ready().await?;
    let response = sender.send_request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

/// One request on a connection of its own, for checks rather than load: the status and
/// the whole body.
pub async fn fetch(addr: SocketAddr, request: &Template) -> Result<(StatusCode, Bytes), Error> {
    let host = HeaderValue::from_str(&addr.to_string())?;
    let mut sender = connect(addr).await?;
    exchange(&mut sender, request.request(&host)).await
}
