//! The seed's generated `token::TokenProvider`: caching until shortly before expiry,
//! refresh, one request in flight for any number of concurrent callers, shared errors,
//! cancellation, message ids; over the generated `HttpClient` with a real server on
//! 127.0.0.1, and over an in-memory fake.

use oasbind_runtime::{ClientError, ScopeRequestError};
mod common;

use common::{
    client, envelope, metadata, token_body, ManualClock, Reply, Scope, Server, CLIENT_SECRET,
};
use oasbind_runtime::{new_message_id, TokenProvider, TokenRequest, DEFAULT_SKEW};
use partner_auth::{
    parse_request_access_token_response, validate_request_access_token, AccessTokenRequest,
    AccessTokenResponse, Client, ErrorResponse, RequestAccessTokenParams,
};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Every test is bounded.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("finished in time")
}

fn provider(server: &Server) -> TokenProvider<partner_auth::http::HttpClient> {
    TokenProvider::new(
        client(server),
        &[Scope::Accounts, Scope::FxRates],
        metadata(),
    )
    .expect("valid scopes")
}

/// Answers the `n`th token request with `TOKEN-n`, valid for `expires_in` seconds.
async fn numbered_tokens(expires_in: i64, delay: Duration) -> Server {
    Server::start(move |_, n| {
        Reply::json(200, token_body(&format!("TOKEN-{n}"), expires_in)).after(delay)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_cause_one_token_request() {
    bounded(async {
        let server = numbered_tokens(3600, Duration::from_millis(300)).await;
        let provider = Arc::new(provider(&server));
        let barrier = Arc::new(tokio::sync::Barrier::new(50));
        let callers: Vec<_> = (0..50)
            .map(|_| {
                let (provider, barrier) = (provider.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    provider.token().await
                })
            })
            .collect();
        for caller in callers {
            let token = caller.await.unwrap().expect("a token");
            assert_eq!(token.access_token.expose(), "TOKEN-0");
            assert_eq!(token.scope, "accounts fx-rates");
        }
        assert_eq!(server.hits(), 1, "exactly one token request");
        // And later callers are served from the cache.
        provider.token().await.unwrap();
        assert_eq!(server.hits(), 1);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_cached_until_shortly_before_expiry_then_refreshed() {
    bounded(async {
        let server = numbered_tokens(100, Duration::ZERO).await;
        let clock = ManualClock::new();
        let c = clock.clone();
        let provider = provider(&server)
            .skew(Duration::from_secs(10))
            .clock(move || c.now());

        let first = provider.token().await.unwrap();
        assert_eq!(first.access_token.expose(), "TOKEN-0");
        assert_eq!(first.expires_at, clock.now() + Duration::from_secs(100));

        clock.advance(Duration::from_secs(89));
        assert_eq!(
            provider.token().await.unwrap().access_token.expose(),
            "TOKEN-0"
        );
        assert_eq!(server.hits(), 1, "still cached 11 s before expiry");

        clock.advance(Duration::from_secs(2)); // 9 s before expiry: inside the skew
        let second = provider.token().await.unwrap();
        assert_eq!(second.access_token.expose(), "TOKEN-1");
        assert_eq!(server.hits(), 2);

        clock.advance(Duration::from_secs(500)); // long expired
        assert_eq!(
            provider.token().await.unwrap().access_token.expose(),
            "TOKEN-2"
        );
        assert_eq!(server.hits(), 3);

        // Every request had its own message id.
        let ids: HashSet<String> = server
            .received()
            .iter()
            .map(|r| r.header("msgid").unwrap().to_owned())
            .collect();
        assert_eq!(ids.len(), 3);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_skew_is_at_most_half_the_lifetime() {
    bounded(async {
        // A 20 s token with the default 30 s skew is served for 10 s, not never.
        let server = numbered_tokens(20, Duration::ZERO).await;
        let clock = ManualClock::new();
        let c = clock.clone();
        let provider = provider(&server).clock(move || c.now());
        assert_eq!(DEFAULT_SKEW, Duration::from_secs(30));
        provider.token().await.unwrap();
        clock.advance(Duration::from_secs(9));
        provider.token().await.unwrap();
        assert_eq!(server.hits(), 1);
        clock.advance(Duration::from_secs(1));
        provider.token().await.unwrap();
        assert_eq!(server.hits(), 2);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_with_no_lifetime_left_is_served_once_and_not_cached() {
    bounded(async {
        for expires_in in [0, -1, -3600, i64::MIN] {
            let server = numbered_tokens(expires_in, Duration::ZERO).await;
            let clock = ManualClock::new();
            let c = clock.clone();
            let provider = provider(&server).clock(move || c.now());
            let first = provider.token().await.unwrap();
            assert_eq!(first.access_token.expose(), "TOKEN-0");
            assert_eq!(
                first.expires_at,
                clock.now(),
                "expires_in {expires_in}: expired on arrival"
            );
            // At the same instant, the next caller gets a new one.
            assert_eq!(
                provider.token().await.unwrap().access_token.expose(),
                "TOKEN-1",
                "expires_in {expires_in}"
            );
            assert_eq!(server.hits(), 2, "expires_in {expires_in}");
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_lifetime_is_capped_at_a_year_and_still_refreshed() {
    bounded(async {
        const YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);
        let server = numbered_tokens(i64::MAX, Duration::ZERO).await;
        let clock = ManualClock::new();
        let c = clock.clone();
        let provider = provider(&server).clock(move || c.now());
        let first = provider.token().await.unwrap();
        assert_eq!(first.expires_at, clock.now() + YEAR);
        // Served until the default skew before the capped expiry, then refreshed.
        clock.advance(YEAR - DEFAULT_SKEW - Duration::from_secs(1));
        assert_eq!(
            provider.token().await.unwrap().access_token.expose(),
            "TOKEN-0"
        );
        assert_eq!(server.hits(), 1);
        clock.advance(Duration::from_secs(2));
        let second = provider.token().await.unwrap();
        assert_eq!(second.access_token.expose(), "TOKEN-1");
        assert_eq!(second.expires_at, clock.now() + YEAR);
        assert_eq!(server.hits(), 2);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalidate_forces_a_new_request() {
    bounded(async {
        let server = numbered_tokens(3600, Duration::ZERO).await;
        let provider = provider(&server);
        assert_eq!(
            provider.token().await.unwrap().access_token.expose(),
            "TOKEN-0"
        );
        provider.invalidate();
        assert_eq!(
            provider.token().await.unwrap().access_token.expose(),
            "TOKEN-1"
        );
        assert_eq!(server.hits(), 2);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failure_is_shared_by_its_waiters_then_retried() {
    bounded(async {
        // The first request fails (slowly, so that everyone waits for it); the next succeeds.
        let server = Server::start(|_, n| match n {
            0 => Reply::json(401, envelope(401, "AUTH01")).after(Duration::from_millis(300)),
            _ => Reply::json(200, token_body("TOKEN-OK", 3600)),
        })
        .await;
        let provider = Arc::new(provider(&server));
        let callers: Vec<_> = (0..10)
            .map(|_| {
                let provider = provider.clone();
                tokio::spawn(async move { provider.token().await })
            })
            .collect();
        for caller in callers {
            let err = caller.await.unwrap().unwrap_err();
            match err.client_error().expect("a call of the token operation") {
                ClientError::Api { status: 401, body } => {
                    assert_eq!(
                        body.downcast_ref::<ErrorResponse>().unwrap().response_code,
                        "AUTH01"
                    )
                }
                other => panic!("{other:?}"),
            }
            assert!(err.to_string().contains("401"), "{err}");
            assert!(std::error::Error::source(&err).is_some());
        }
        assert_eq!(server.hits(), 1, "one failed request for all ten callers");
        // A failure is not cached.
        assert_eq!(
            provider.token().await.unwrap().access_token.expose(),
            "TOKEN-OK"
        );
        assert_eq!(server.hits(), 2);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancelled_request_is_taken_over_by_a_waiter() {
    bounded(async {
        let server = Server::start(|_, n| match n {
            0 => Reply::json(200, token_body("NEVER-SEEN", 3600)).after(Duration::from_secs(5)),
            n => Reply::json(200, token_body(&format!("TOKEN-{n}"), 3600)),
        })
        .await;
        let provider = Arc::new(provider(&server));
        // The first caller sends the request, then gives up.
        let leader = {
            let provider = provider.clone();
            tokio::spawn(async move {
                tokio::time::timeout(Duration::from_millis(300), provider.token()).await
            })
        };
        while server.hits() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // A second caller waits for that request...
        let waiter = {
            let provider = provider.clone();
            tokio::spawn(async move { provider.token().await })
        };
        assert!(leader.await.unwrap().is_err(), "the first caller timed out");
        // ...and, once it is abandoned, sends its own.
        let token = waiter.await.unwrap().unwrap();
        assert_eq!(token.access_token.expose(), "TOKEN-1");
        assert_eq!(server.hits(), 2);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn message_ids_are_fresh_per_request_and_overridable() {
    bounded(async {
        let server = numbered_tokens(3600, Duration::ZERO).await;
        let counter = Arc::new(AtomicUsize::new(0));
        let c = counter.clone();
        let provider = provider(&server)
            .message_id(move || format!("custom-{}", c.fetch_add(1, Ordering::SeqCst)));
        provider.token().await.unwrap();
        provider.invalidate();
        provider.token().await.unwrap();
        let ids: Vec<String> = server
            .received()
            .iter()
            .map(|r| r.header("msgid").unwrap().to_owned())
            .collect();
        assert_eq!(ids, ["custom-0", "custom-1"]);
    })
    .await
}

#[test]
fn default_message_ids_are_unique_and_shaped_like_uuid_v4() {
    let ids: Vec<String> = (0..2000).map(|_| new_message_id()).collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    // Across threads too.
    let more: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| (0..500).map(|_| new_message_id()).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let all: HashSet<&String> = ids.iter().chain(&more).collect();
    assert_eq!(all.len(), 4000);
    for id in ids.iter().chain(&more) {
        let b = id.as_bytes();
        assert_eq!(b.len(), 36, "{id}");
        for (i, c) in id.char_indices() {
            match i {
                8 | 13 | 18 | 23 => assert_eq!(c, '-', "{id}"),
                14 => assert_eq!(c, '4', "{id}"),
                19 => assert!("89ab".contains(c), "{id}"),
                _ => assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{id}"),
            }
        }
    }
}

#[test]
fn scopes_are_checked_when_the_provider_is_made() {
    let fake = Fake::new(200, &token_body("T", 60));
    match TokenProvider::new(fake, &[Scope::Accounts], None) {
        Err(ScopeRequestError::MissingMetadata(m)) => {
            assert_eq!(m.missing, [("accounts", "account_id")])
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
    let provider = TokenProvider::new(Fake::new(200, "{}"), &[Scope::FxRates], None).unwrap();
    assert_eq!(provider.scope(), "fx-rates");
}

/// An in-memory `Client`: the provider is generic, not tied to HTTP.
struct Fake {
    calls: AtomicUsize,
    answer: (u16, String),
    seen: Mutex<Vec<String>>,
}

impl Fake {
    fn new(status: u16, body: &str) -> Fake {
        Fake {
            calls: AtomicUsize::new(0),
            answer: (status, body.to_owned()),
            seen: Mutex::new(Vec::new()),
        }
    }
}

impl Client for Fake {
    fn request_access_token<'a>(
        &'a self,
        params: &'a RequestAccessTokenParams,
        body: &'a AccessTokenRequest,
    ) -> oasbind_runtime::BoxFuture<'a, Result<AccessTokenResponse, ClientError>> {
        Box::pin(async move {
            validate_request_access_token(params, body)?;
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.seen.lock().unwrap().push(body.scope.clone());
            parse_request_access_token_response(&oasbind_runtime::Response::new(
                self.answer.0,
                &self.answer.1,
            ))
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_provider_works_over_an_in_memory_fake() {
    bounded(async {
        let clock = ManualClock::new();
        let c = clock.clone();
        let provider = Arc::new(
            TokenProvider::new(
                Fake::new(200, &token_body("FAKE-TOKEN", 60)),
                &[Scope::FxRates],
                None,
            )
            .unwrap()
            .clock(move || c.now()),
        );
        let callers: Vec<_> = (0..20)
            .map(|_| {
                let provider = provider.clone();
                tokio::spawn(async move { provider.token().await.unwrap() })
            })
            .collect();
        for caller in callers {
            assert_eq!(caller.await.unwrap().access_token.expose(), "FAKE-TOKEN");
        }
        assert_eq!(provider.client().calls.load(Ordering::SeqCst), 1);
        clock.advance(Duration::from_secs(61));
        provider.token().await.unwrap();
        assert_eq!(provider.client().calls.load(Ordering::SeqCst), 2);
        assert_eq!(
            *provider.client().seen.lock().unwrap(),
            ["fx-rates", "fx-rates"]
        );
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neither_the_token_nor_the_secret_ever_shows() {
    bounded(async {
        let server = Server::start(|_, n| match n {
            0 => Reply::json(200, token_body("ACCESS-TOKEN-XYZ", 3600)),
            _ => Reply::json(401, envelope(401, "AUTH01")),
        })
        .await;
        let provider = provider(&server);
        let token = provider.token().await.unwrap();
        assert_eq!(token.access_token.expose(), "ACCESS-TOKEN-XYZ");
        let mut shown = vec![
            format!("{token:?}"),
            format!("{provider:?}"),
            format!("{:?}", token.access_token),
        ];
        provider.invalidate();
        let err = provider.token().await.unwrap_err();
        shown.push(format!("{err} {err:?}"));
        let broken = TokenProvider::for_request(
            client(&server),
            AccessTokenRequest {
                scope: String::new(),
                ..AccessTokenRequest::for_scopes(&[Scope::FxRates], None).unwrap()
            },
        );
        let err = broken.token().await.unwrap_err();
        assert!(matches!(
            err.client_error(),
            Some(ClientError::InvalidRequest(_))
        ));
        shown.push(format!("{err} {err:?} {broken:?}"));
        for text in &shown {
            assert!(
                !text.contains("ACCESS-TOKEN-XYZ"),
                "the token shows in {text}"
            );
            assert!(!text.contains(CLIENT_SECRET), "the secret shows in {text}");
        }
        assert!(shown[1].contains("accounts fx-rates"), "{}", shown[1]);
    })
    .await
}
