//! A `401` to a bearer token: the transport gets a fresh token from its source and sends the
//! request once more, for every method; a second `401` is the answer. Token requests and
//! API requests are counted by the server.

use oasbind_runtime::ClientError;
mod common;

use common::{token_body, transfer, Reply, Server};
use oasbind_http_tests::accounts;
use oasbind_http_tests::accounts::Client;
use oasbind_runtime::http::ClientCredentials;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const ACCOUNT: &str = "0188000049916";

/// Token requests and API requests so far.
#[derive(Clone, Default)]
struct Counts {
    tokens: Arc<AtomicUsize>,
    api: Arc<AtomicUsize>,
}

/// `/token` issues `TOKEN-n` for its `n`th request; the API answers 200 to a token that
/// `accepted` takes, 401 otherwise.
async fn bank(counts: &Counts, accepted: fn(&str) -> bool) -> Server {
    let counts = counts.clone();
    Server::start(move |request, _| {
        if request.uri.path() == "/token" {
            let n = counts.tokens.fetch_add(1, Ordering::SeqCst);
            return Reply::json(200, token_body(&format!("TOKEN-{n}"), 3600));
        }
        counts.api.fetch_add(1, Ordering::SeqCst);
        let bearer = request
            .header("authorization")
            .and_then(|a| a.strip_prefix("Bearer "))
            .unwrap_or("");
        match (accepted(bearer), request.method.as_str()) {
            (false, _) => Reply::json(401, r#"{"code":"TOKEN_REFUSED","message":"refused"}"#),
            (true, "POST") => Reply::json(201, r#"{"id":"t1","from":"a","to":"b","amount":5}"#),
            (true, _) => Reply::json(
                200,
                format!(r#"{{"account_id":"{ACCOUNT}","available":12.5,"currency":"AED"}}"#),
            ),
        }
    })
    .await
}

fn api(server: &Server) -> accounts::http::HttpClient {
    let tokens =
        ClientCredentials::new(&format!("http://{}/token", server.addr), "id", "secret").unwrap();
    accounts::http::HttpClient::builder()
        .base_url(format!("http://{}/accounts/v1", server.addr))
        .timeout(Duration::from_secs(5))
        .token_source(tokens)
        .build()
        .unwrap()
}

fn balance() -> accounts::GetBalanceParams {
    accounts::GetBalanceParams {
        account_id: ACCOUNT.into(),
    }
}

async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("finished in time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_replaced_and_the_get_sent_once_more() {
    bounded(async {
        let counts = Counts::default();
        let server = bank(&counts, |t| t == "TOKEN-1").await;
        let api = api(&server);
        let answer = api.get_balance(&balance()).await.unwrap();
        assert_eq!(answer.account_id, ACCOUNT);
        assert_eq!(counts.tokens.load(Ordering::SeqCst), 2);
        assert_eq!(counts.api.load(Ordering::SeqCst), 2);
        // The fresh token is kept.
        api.get_balance(&balance()).await.unwrap();
        assert_eq!(counts.tokens.load(Ordering::SeqCst), 2);
        assert_eq!(counts.api.load(Ordering::SeqCst), 3);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_refused_for_its_token_is_sent_once_more_too() {
    bounded(async {
        let counts = Counts::default();
        let server = bank(&counts, |t| t == "TOKEN-1").await;
        let created = api(&server).create_transfer(&transfer()).await.unwrap();
        assert_eq!(created.id.as_deref(), Some("t1"));
        assert_eq!(counts.tokens.load(Ordering::SeqCst), 2);
        assert_eq!(counts.api.load(Ordering::SeqCst), 2);
        // The same body both times.
        let bodies: Vec<_> = server
            .received()
            .into_iter()
            .filter(|r| r.method == "POST" && r.uri.path() != "/token")
            .map(|r| r.body)
            .collect();
        assert_eq!(bodies.len(), 2);
        assert_eq!(bodies[0], bodies[1]);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_401_is_the_answer() {
    bounded(async {
        let counts = Counts::default();
        let server = bank(&counts, |_| false).await;
        for call in 0..2 {
            let err = match call {
                0 => api(&server).get_balance(&balance()).await.unwrap_err(),
                _ => api(&server)
                    .create_transfer(&transfer())
                    .await
                    .map(|_| ())
                    .unwrap_err(),
            };
            assert_eq!(err.status(), Some(401), "{err:?}");
            assert!(
                matches!(
                    &err,
                    ClientError::Api { .. } | ClientError::UnexpectedStatus { .. }
                ),
                "{err:?}"
            );
            // One token, one refresh; two attempts.
            assert_eq!(counts.tokens.load(Ordering::SeqCst), 2 * (call + 1));
            assert_eq!(counts.api.load(Ordering::SeqCst), 2 * (call + 1));
        }
    })
    .await
}
