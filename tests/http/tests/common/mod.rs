//! A real HTTP server on 127.0.0.1 (an ephemeral port) that records every request it
//! receives and answers as each test tells it to.

#![allow(dead_code)]

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("an ASCII header"))
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// What the server answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub content_type: &'static str,
    pub delay: Duration,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            body: body.into(),
            content_type: "application/json",
            delay: Duration::ZERO,
            headers: Vec::new(),
        }
    }

    pub fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            content_type: "text/plain",
            ..Reply::json(status, body)
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Answer = dyn Fn(&Received, usize) -> Reply + Send + Sync;

/// A running server; it stops with the test's runtime.
#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    hits: Arc<AtomicUsize>,
    task: tokio::task::AbortHandle,
}

impl Server {
    /// Starts a server whose answer to the `n`th request (from 0) is `answer(request, n)`.
    pub async fn start(
        answer: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        Server::serve(listener, answer).await
    }

    /// A server on `listener`, answering as [`start`](Self::start)'s does.
    pub async fn serve(
        listener: tokio::net::TcpListener,
        answer: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let addr = listener.local_addr().unwrap();
        assert!(addr.ip().is_loopback());
        let received = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(AtomicUsize::new(0));
        let answer: Arc<Answer> = Arc::new(answer);
        let (r, h) = (received.clone(), hits.clone());
        let handler = move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let (received, hits, answer) = (r.clone(), h.clone(), answer.clone());
            async move {
                let request = Received {
                    method,
                    uri,
                    headers,
                    body,
                };
                let n = hits.fetch_add(1, Ordering::SeqCst);
                received.lock().unwrap().push(request.clone());
                let reply = answer(&request, n);
                if !reply.delay.is_zero() {
                    tokio::time::sleep(reply.delay).await;
                }
                let status = StatusCode::from_u16(reply.status).unwrap();
                let mut response = (
                    status,
                    [(axum::http::header::CONTENT_TYPE, reply.content_type)],
                    reply.body,
                )
                    .into_response();
                for (name, value) in reply.headers {
                    response.headers_mut().insert(name, value.parse().unwrap());
                }
                response
            }
        };
        let app = axum::Router::new().fallback(handler);
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        })
        .abort_handle();
        Server {
            addr,
            received,
            hits,
            task,
        }
    }

    /// Answers every request alike.
    pub async fn always(status: u16, body: &str) -> Server {
        let body = body.to_owned();
        Server::start(move |_, _| Reply::json(status, body.clone())).await
    }

    /// The base URL of the seed's API on this server.
    pub fn base_url(&self) -> String {
        format!("http://{}/sb/api/v1", self.addr)
    }

    /// Stops accepting (connections end as their clients close them).
    pub fn stop(&self) {
        self.task.abort();
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn last(&self) -> Received {
        self.received().pop().expect("a request arrived")
    }
}

/// An address nothing listens on: bound, then released.
pub fn refused_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

/// Scopes of the seed API, written by hand (what `#[oasbind_derive::scopes]` generates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Accounts,
    FxRates,
}

impl oasbind_runtime::OAuthScope for Scope {
    type Metadata = partner_auth::OauthMetadata;
    const ALL: &'static [Self] = &[Scope::Accounts, Scope::FxRates];

    fn as_str(&self) -> &'static str {
        match self {
            Scope::Accounts => "accounts",
            Scope::FxRates => "fx-rates",
        }
    }

    fn required_metadata(&self) -> &'static [&'static str] {
        match self {
            Scope::Accounts => &["account_id"],
            Scope::FxRates => &[],
        }
    }

    fn missing_metadata(
        &self,
        metadata: Option<&partner_auth::OauthMetadata>,
    ) -> Vec<&'static str> {
        use oasbind_runtime::MetadataField;
        self.required_metadata()
            .iter()
            .copied()
            .filter(|field| match *field {
                "account_id" => !metadata.is_some_and(|m| m.account_id.is_present()),
                _ => false,
            })
            .collect()
    }
}

pub const CLIENT_ID: &str = "client-id-5f1e";
pub const CLIENT_SECRET: &str = "TOP-SECRET-c0ffee";

pub fn credentials() -> partner_auth::Credentials {
    partner_auth::Credentials::new(CLIENT_ID, CLIENT_SECRET)
}

/// A seed client for `server`, with a short total timeout.
pub fn client(server: &Server) -> partner_auth::http::HttpClient {
    partner_auth::http::HttpClient::builder(credentials())
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a client")
}

/// Metadata with the account id the `accounts` scope requires.
pub fn metadata() -> Option<partner_auth::OauthMetadata> {
    Some(partner_auth::OauthMetadata {
        account_id: Some("0188000049916".into()),
        ..partner_auth::OauthMetadata::default()
    })
}

/// A token answer for `token`, valid for `expires_in` seconds.
pub fn token_body(token: &str, expires_in: i64) -> String {
    serde_json::json!({ "token_type": "bearer", "access_token": token, "expires_in": expires_in, "scope": "accounts fx-rates" })
        .to_string()
}

/// The seed's error envelope.
pub fn envelope(status: u16, code: &str) -> String {
    serde_json::json!({ "status": status.to_string(), "response_code": code, "response_message": "refused", "description": "see code" })
        .to_string()
}

/// The `kinds` fixture's `get_note` parameters for item 1's note `note`, nothing optional.
pub fn note_params(note: &str) -> oasbind_http_tests::kinds::GetNoteParams {
    oasbind_http_tests::kinds::GetNoteParams {
        item_id: "1".into(),
        note: note.into(),
        tag: None,
        limit: None,
        x_trace: None,
        theme: None,
    }
}

/// A transfer of 5 from `a` to `b` (the `accounts` fixture).
pub fn transfer() -> oasbind_http_tests::accounts::Transfer {
    oasbind_http_tests::accounts::Transfer {
        id: None,
        from: "a".into(),
        to: "b".into(),
        amount: 5.0,
    }
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct ManualClock(Arc<Mutex<std::time::Instant>>);

impl ManualClock {
    pub fn new() -> ManualClock {
        ManualClock(Arc::new(Mutex::new(std::time::Instant::now())))
    }

    pub fn now(&self) -> std::time::Instant {
        *self.0.lock().unwrap()
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

/// The document the download serves: `len` bytes of a repeating pattern, made as it is
/// sent, so that the server holds no more of it than the client does.
pub fn pattern(offset: usize, len: usize) -> Vec<u8> {
    (offset..offset + len).map(|i| (i % 251) as u8).collect()
}

/// A body of `len` bytes of [`pattern`], sent in 64 KiB pieces made as they are sent.
pub fn streamed(len: usize) -> axum::body::Body {
    const PIECE: usize = 64 * 1024;
    let pieces = (0..len.div_ceil(PIECE)).map(move |i| {
        let start = i * PIECE;
        Ok::<_, std::io::Error>(Bytes::from(pattern(start, PIECE.min(len - start))))
    });
    axum::body::Body::new(Pieces(pieces))
}

/// A body sent piece by piece as an iterator makes them.
struct Pieces<I>(I);

impl<I> http_body::Body for Pieces<I>
where
    I: Iterator<Item = Result<Bytes, std::io::Error>> + Unpin,
{
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        std::task::Poll::Ready(self.0.next().map(|r| r.map(http_body::Frame::data)))
    }
}
