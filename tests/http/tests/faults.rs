//! Fault injection: a loopback server that misbehaves at the byte level (written by hand
//! with `tokio::net`), and a token endpoint that fails under a storm of refreshes. Every
//! call ends in a typed error within the configured timeouts (a test that hangs fails),
//! and no file descriptor is left open once the client is dropped.
//!
//! The tests run one at a time (they count the process's descriptors): each takes `ONE`
//! before it builds its runtime.

use oasbind_runtime::ClientError;
mod common;

use common::{note_params, token_body};
use oasbind_http_tests::kinds::http::HttpClient;
use oasbind_http_tests::kinds::{Client, Credentials};
use oasbind_runtime::http::reqwest;
use oasbind_runtime::http::ClientCredentials;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

static ONE: Mutex<()> = Mutex::new(());

/// The per-attempt timeout of every client here.
const TIMEOUT: Duration = Duration::from_millis(400);

/// The open file descriptors of this process.
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

/// Runs `test` alone, on a runtime of its own, within a minute; then checks that the
/// descriptors open before it are all that is open once it is done (the runtime is given
/// up to five seconds to close what it dropped).
fn isolated<F: Future<Output = ()>>(test: impl FnOnce() -> F) {
    let _one = ONE.lock().unwrap_or_else(PoisonError::into_inner);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let before = open_fds();
        tokio::time::timeout(Duration::from_secs(60), test())
            .await
            .expect("no hang: the test finished within a minute");
        let settled = Instant::now();
        let mut after = open_fds();
        while after != before && settled.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(50)).await;
            after = open_fds();
        }
        eprintln!("  open file descriptors: {before} before, {after} after");
        assert_eq!(after, before, "file descriptors before and after");
    });
}

/// A server that hands every connection to `serve`; it counts connections, and closes
/// them all when stopped.
struct Raw {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl Raw {
    async fn start<F>(serve: fn(TcpStream, usize) -> F) -> Raw
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let count = connections.clone();
        let task = tokio::spawn(async move {
            let mut open = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                let n = count.fetch_add(1, Ordering::SeqCst);
                open.spawn(serve(stream, n));
            }
        });
        Raw {
            addr,
            connections,
            task,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Stops accepting and closes every connection (the tasks holding them are dropped).
    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// Reads a request's head (the `GET`s here have no body).
async fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

/// Writes `bytes`, ignoring a client that went away.
async fn write(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes).await;
    let _ = stream.flush().await;
}

fn client(base_url: String) -> HttpClient {
    HttpClient::builder(Credentials::new("QK", "CK", "alice", "PW", "HK"))
        .base_url(base_url)
        .connect_timeout(TIMEOUT)
        .timeout(TIMEOUT)
        .build()
        .unwrap()
}

/// The reqwest error inside a transport error, or the test fails.
fn reqwest_error(err: &ClientError) -> &reqwest::Error {
    match err {
        ClientError::Transport(e) => e
            .downcast_ref::<reqwest::Error>()
            .unwrap_or_else(|| panic!("not a reqwest error: {e:?}")),
        other => panic!("not a transport error: {other:?}"),
    }
}

/// One `GET` against a server that serves each connection with `serve`: the error, what
/// kind it is, how many connections were made, how long it took.
async fn fault<F>(name: &str, serve: fn(TcpStream, usize) -> F, check: fn(&reqwest::Error) -> bool)
where
    F: Future<Output = ()> + Send + 'static,
{
    let server = Raw::start(serve).await;
    let api = client(server.base_url());
    let started = Instant::now();
    let err = api.get_note(&note_params("2")).await.unwrap_err();
    let took = started.elapsed();
    let e = reqwest_error(&err);
    assert!(check(e), "{name}: {e:?}");
    let kind = [
        ("connect", e.is_connect()),
        ("timeout", e.is_timeout()),
        ("body", e.is_body()),
        ("decode", e.is_decode()),
        ("request", e.is_request()),
    ]
    .iter()
    .filter(|(_, is)| *is)
    .map(|(kind, _)| *kind)
    .collect::<Vec<_>>()
    .join("+");
    eprintln!(
        "fault: {name} -> ClientError::Transport(reqwest: {kind}), {} connection(s), {took:?}",
        server.connections()
    );
    // Within the attempts' timeouts and the waits between them (3 attempts at most).
    assert!(
        took < 3 * TIMEOUT + Duration::from_secs(1),
        "{name}: {took:?}"
    );
    drop(api);
    server.stop().await;
}

const JSON_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

#[test]
fn an_answer_that_stalls_after_its_headers_times_out() {
    isolated(|| {
        fault(
            "stall after headers",
            |mut stream, _| async move {
                read_head(&mut stream).await;
                write(
                    &mut stream,
                    format!("{JSON_HEAD}Content-Length: 26\r\n\r\n").as_bytes(),
                )
                .await;
                std::future::pending::<()>().await;
            },
            // A `GET`: retried on timeouts, so each attempt timed out.
            reqwest::Error::is_timeout,
        )
    });
}

#[test]
fn a_truncated_body_is_a_body_error() {
    isolated(|| {
        fault(
            "truncated body",
            |mut stream, _| async move {
                read_head(&mut stream).await;
                let head = format!("{JSON_HEAD}Content-Length: 100\r\n\r\n{{\"id\":");
                write(&mut stream, head.as_bytes()).await;
            },
            |e| e.is_body() || e.is_decode(),
        )
    });
}

#[test]
fn invalid_chunked_encoding_is_a_body_error() {
    isolated(|| {
        fault(
            "invalid chunked encoding",
            |mut stream, _| async move {
                read_head(&mut stream).await;
                let head = format!("{JSON_HEAD}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n");
                write(&mut stream, head.as_bytes()).await;
                std::future::pending::<()>().await;
            },
            |e| e.is_body() || e.is_decode(),
        )
    });
}

#[test]
fn a_megabyte_of_headers_is_refused() {
    isolated(|| {
        fault(
            "1 MB of headers",
            |mut stream, _| async move {
                read_head(&mut stream).await;
                let mut head = format!("{JSON_HEAD}X-Big: ").into_bytes();
                head.resize(head.len() + 1024 * 1024, b'a');
                head.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}");
                write(&mut stream, &head).await;
                std::future::pending::<()>().await;
            },
            // hyper's limit on a head: not a timeout, not retried.
            |e| !e.is_timeout() && !e.is_connect(),
        )
    });
}

#[test]
fn a_reset_in_the_middle_of_the_body_is_a_body_error() {
    isolated(|| {
        fault(
            "reset mid-body",
            |mut stream, _| async move {
                read_head(&mut stream).await;
                let head = format!("{JSON_HEAD}Content-Length: 100\r\n\r\n{{\"id\":\"n1\",");
                write(&mut stream, head.as_bytes()).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
                // SO_LINGER 0: closing sends a reset, not a FIN.
                stream.set_zero_linger().unwrap();
                drop(stream);
            },
            |e| e.is_body() || e.is_decode(),
        )
    });
}

#[test]
fn a_server_that_never_answers_times_out() {
    isolated(|| {
        fault(
            "accepts, never answers",
            |mut stream, _| async move {
                read_head(&mut stream).await;
                std::future::pending::<()>().await;
            },
            reqwest::Error::is_timeout,
        )
    });
}

#[test]
fn a_stalled_post_is_not_sent_again() {
    isolated(|| async {
        let server = Raw::start(|mut stream, _| async move {
            read_head(&mut stream).await;
            std::future::pending::<()>().await;
        })
        .await;
        let api = client(server.base_url());
        let note = oasbind_http_tests::kinds::Note {
            id: "n".into(),
            text: "t".into(),
            additional_properties: Default::default(),
        };
        let started = Instant::now();
        let err = api.create_item(&note).await.unwrap_err();
        let took = started.elapsed();
        assert!(reqwest_error(&err).is_timeout(), "{err:?}");
        assert_eq!(server.connections(), 1);
        eprintln!("fault: a POST accepted, never answered -> ClientError::Transport(reqwest: timeout), 1 connection, {took:?}");
        assert!(took < TIMEOUT + Duration::from_secs(1), "{took:?}");
        drop(api);
        server.stop().await;
    });
}

/// How the token endpoint fails, after it issued the first token.
#[derive(Clone, Copy, Debug)]
enum Broken {
    /// It answers 500.
    Status500,
    /// It resets every connection.
    Reset,
}

/// A token endpoint that issues `TOKEN-0` on its first connection and resets every later
/// one; its URL.
async fn resetting_token_endpoint() -> Raw {
    Raw::start(|mut stream, n| async move {
        read_head(&mut stream).await;
        if n == 0 {
            let body = token_body("TOKEN-0", 3600);
            let answer = format!(
                "{JSON_HEAD}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            write(&mut stream, answer.as_bytes()).await;
        } else {
            stream.set_zero_linger().unwrap();
        }
    })
    .await
}

const CALLS: usize = 100;

/// The API of the storm, and its token endpoint: `/token` issues `TOKEN-0` once, then
/// answers 500; every other request is answered 401, once all `CALLS` have arrived (so
/// that every call is refused with the token it started with). Token and API requests
/// are counted in `counts`.
async fn storm_server(counts: [Arc<AtomicUsize>; 2]) -> (SocketAddr, tokio::task::AbortHandle) {
    use axum::http::{header::CONTENT_TYPE, StatusCode, Uri};
    use axum::response::IntoResponse;
    let barrier = Arc::new(tokio::sync::Barrier::new(CALLS));
    let handler = move |uri: Uri| {
        let ([tokens, api], barrier) = (counts.clone(), barrier.clone());
        async move {
            let (status, body) = if uri.path() == "/token" {
                match tokens.fetch_add(1, Ordering::SeqCst) {
                    0 => (StatusCode::OK, token_body("TOKEN-0", 3600)),
                    _ => (StatusCode::INTERNAL_SERVER_ERROR, "{}".to_owned()),
                }
            } else {
                api.fetch_add(1, Ordering::SeqCst);
                barrier.wait().await;
                let refused = r#"{"code":"TOKEN_REFUSED","message":"refused"}"#;
                (StatusCode::UNAUTHORIZED, refused.to_owned())
            };
            (status, [(CONTENT_TYPE, "application/json")], body).into_response()
        }
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(handler);
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, task.abort_handle())
}

/// 100 concurrent calls whose token the API refuses while the token endpoint fails
/// (`broken`): each ends in a typed error, and the refresh they all need is one request.
async fn refresh_storm(broken: Broken) {
    let tokens = Arc::new(AtomicUsize::new(0));
    let api_hits = Arc::new(AtomicUsize::new(0));
    let (api_addr, api_server) = storm_server([tokens.clone(), api_hits.clone()]).await;
    let resetting = match broken {
        Broken::Status500 => None,
        Broken::Reset => Some(resetting_token_endpoint().await),
    };
    let token_url = match &resetting {
        None => format!("http://{api_addr}/token"),
        Some(raw) => format!("http://{}/token", raw.addr),
    };
    let source = Arc::new(
        ClientCredentials::new(&token_url, "id", "secret")
            .unwrap()
            .timeout(TIMEOUT),
    );
    // The token every call starts with.
    source.token().await.unwrap();
    let api = oasbind_http_tests::accounts::http::HttpClient::builder()
        .base_url(format!("http://{api_addr}/accounts/v1"))
        .connect_timeout(TIMEOUT)
        // Room for all the calls to arrive: the server answers none before.
        .timeout(Duration::from_secs(10))
        .token_source(source.clone())
        .build()
        .unwrap();
    let started = Instant::now();
    let calls: Vec<_> = (0..CALLS)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move {
                use oasbind_http_tests::accounts::Client as _;
                let params = oasbind_http_tests::accounts::GetBalanceParams {
                    account_id: "0188000049916".into(),
                };
                api.get_balance(&params).await
            })
        })
        .collect();
    for call in calls {
        let err = call.await.unwrap().unwrap_err();
        match &err {
            ClientError::Transport(e) => {
                let e = e
                    .downcast_ref::<oasbind_runtime::TokenError>()
                    .unwrap_or_else(|| panic!("{err:?}"));
                assert!(e.to_string().starts_with("no access token"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    let took = started.elapsed();
    let hits = match &resetting {
        None => tokens.load(Ordering::SeqCst),
        Some(raw) => raw.connections(),
    };
    let api_hits = api_hits.load(Ordering::SeqCst);
    eprintln!(
        "fault: 100 calls refreshing while the token endpoint fails ({broken:?}) -> ClientError::Transport(TokenError), token endpoint hit {hits} times (1 before the calls), API {api_hits} times, {took:?}"
    );
    // The first token, then one refresh for all 100; each call was sent once.
    assert_eq!(hits, 2);
    assert_eq!(api_hits, CALLS);
    drop(api);
    drop(source);
    api_server.abort();
    if let Some(raw) = resetting {
        raw.stop().await;
    }
}

#[test]
fn a_hundred_refreshes_against_a_token_endpoint_answering_500_make_one_request() {
    isolated(|| refresh_storm(Broken::Status500));
}

#[test]
fn a_hundred_refreshes_against_a_token_endpoint_that_resets_make_one_request() {
    isolated(|| refresh_storm(Broken::Reset));
}
