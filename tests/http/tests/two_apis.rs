//! One application, two generated APIs: the seed (the partner authentication API, from
//! `partner-auth`) issues the tokens, and `accounts` (`tests/fixtures/accounts.yaml`, every
//! operation bearer-secured) takes them. Both share one `ClientError`, one `Secret` and one
//! token source: the seed's `TokenProvider`, given to the accounts client with
//! `token_source`, against a real server on 127.0.0.1. The client-credentials source of the
//! runtime (RFC 6749 §4.4) feeds the operation its OAuth 2.0 scheme secures.

mod common;

use common::{client, metadata, token_body, transfer, Reply, Scope, Server, CLIENT_SECRET};
use oasbind_http_tests::accounts::{self, Client as _};
use oasbind_runtime::http::{ClientAuth, ClientCredentials};
use oasbind_runtime::{ClientError, Secret, TokenError, TokenProvider};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Every test is bounded.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("finished in time")
}

const ACCOUNT: &str = "0188000049916";

/// One error handler for the errors of both APIs (and of the token source in between).
fn describe(error: &ClientError) -> String {
    match error {
        ClientError::InvalidRequest(violations) => format!(
            "not sent: {}",
            violations.iter().next().map_or("", |v| v.keyword)
        ),
        ClientError::Api { status, .. } => {
            if let Some(problem) = error.api_body::<accounts::Problem>() {
                format!("accounts said {status}: {}", problem.code)
            } else if let Some(envelope) = error.api_body::<partner_auth::ErrorResponse>() {
                format!("partner auth said {status}: {}", envelope.response_code)
            } else {
                format!("an API said {status}")
            }
        }
        ClientError::Transport(e) => match e
            .downcast_ref::<TokenError>()
            .and_then(TokenError::client_error)
        {
            Some(cause) => format!("no token: {}", describe(cause)),
            None => format!("transport: {e}"),
        },
        other => other.to_string(),
    }
}

/// The accounts API of `server`, with its tokens from `source`.
fn accounts_client(
    server: &Server,
    source: impl oasbind_runtime::TokenSource,
) -> accounts::http::HttpClient {
    accounts::http::HttpClient::builder()
        .base_url(format!("http://{}/accounts/v1", server.addr))
        .timeout(Duration::from_secs(5))
        .token_source(source)
        .build()
        .expect("a client")
}

fn balance_params(account: &str) -> accounts::GetBalanceParams {
    accounts::GetBalanceParams {
        account_id: account.into(),
    }
}

/// Token requests answered so far, and the route of each request.
#[derive(Clone, Default)]
struct Counts {
    tokens: Arc<AtomicUsize>,
}

/// A server for both APIs: `TOKEN-n` for the `n`th token request, a balance for a bearer
/// token that `accepted` takes, a 401 otherwise, a 404 for another account.
async fn bank(counts: &Counts, accepted: fn(&str) -> bool, token: fn(usize) -> Reply) -> Server {
    let tokens = counts.tokens.clone();
    Server::start(
        move |request, _| match (request.method.as_str(), request.uri.path()) {
            ("POST", "/sb/api/v1/partner_auth/token") => {
                token(tokens.fetch_add(1, Ordering::SeqCst))
            }
            ("GET", path) if path.starts_with("/accounts/v1/accounts/") => {
                let bearer = request
                    .header("authorization")
                    .and_then(|a| a.strip_prefix("Bearer "))
                    .unwrap_or("");
                if !accepted(bearer) {
                    Reply::json(401, r#"{"code":"TOKEN_REFUSED","message":"refused"}"#)
                } else if path == format!("/accounts/v1/accounts/{ACCOUNT}/balance") {
                    Reply::json(
                        200,
                        format!(
                            r#"{{"account_id":"{ACCOUNT}","available":12.5,"currency":"AED"}}"#
                        ),
                    )
                } else {
                    Reply::json(404, r#"{"code":"NO_ACCOUNT","message":"no such account"}"#)
                }
            }
            _ => Reply::json(404, r#"{"code":"NO_ROUTE","message":"no such route"}"#),
        },
    )
    .await
}

fn numbered(n: usize) -> Reply {
    Reply::json(200, token_body(&format!("TOKEN-{n}"), 3600))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seeds_token_provider_feeds_the_other_api() {
    bounded(async {
        let counts = Counts::default();
        let server = bank(&counts, |t| t.starts_with("TOKEN-"), numbered).await;
        let tokens = Arc::new(
            TokenProvider::new(
                client(&server),
                &[Scope::Accounts, Scope::FxRates],
                metadata(),
            )
            .unwrap(),
        );
        let api = accounts_client(&server, tokens.clone());

        for _ in 0..3 {
            let balance = api.get_balance(&balance_params(ACCOUNT)).await.unwrap();
            assert_eq!(
                (balance.available, balance.currency.as_str()),
                (12.5, "AED")
            );
        }
        let sent: Vec<_> = server
            .received()
            .into_iter()
            .filter(|r| r.uri.path().contains("/balance"))
            .collect();
        assert_eq!(sent.len(), 3);
        for request in &sent {
            assert_eq!(request.header("authorization"), Some("Bearer TOKEN-0"));
        }
        assert_eq!(
            counts.tokens.load(Ordering::SeqCst),
            1,
            "one token request for three calls"
        );
        // The provider's cache is the one the other API used.
        assert_eq!(
            tokens.token().await.unwrap().access_token.expose(),
            "TOKEN-0"
        );
        assert_eq!(counts.tokens.load(Ordering::SeqCst), 1);
        // The token request itself carried the seed's credentials.
        let token_request = server
            .received()
            .into_iter()
            .find(|r| r.uri.path().ends_with("/token"))
            .unwrap();
        assert_eq!(
            token_request.header("x-ibm-client-secret"),
            Some(CLIENT_SECRET)
        );
        // No credential or token in any `Debug` output.
        let shown = format!("{api:?} {tokens:?}");
        assert!(
            !shown.contains("TOKEN-0") && !shown.contains(CLIENT_SECRET),
            "{shown}"
        );
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_handler_takes_the_errors_of_both_apis() {
    bounded(async {
        let counts = Counts::default();
        let server = bank(&counts, |t| t.starts_with("TOKEN-"), numbered).await;
        let tokens =
            Arc::new(TokenProvider::new(client(&server), &[Scope::FxRates], None).unwrap());
        let api = accounts_client(&server, tokens);

        // The accounts API's own error envelope.
        let missing = api
            .get_balance(&balance_params("0000000000000"))
            .await
            .unwrap_err();
        // An invalid request of the accounts API, never sent.
        let invalid = api.get_balance(&balance_params("12")).await.unwrap_err();
        // An error of the seed: its token operation refuses, with the seed's envelope.
        let refusing = Server::always(401, &common::envelope(401, "AUTH01")).await;
        let seed = partner_auth::parse_request_access_token_response(
            &oasbind_runtime::Response::new(401, common::envelope(401, "AUTH01")),
        )
        .unwrap_err();
        let unauthorised = TokenProvider::new(client(&refusing), &[Scope::FxRates], None).unwrap();
        let no_token = accounts_client(&server, unauthorised)
            .get_balance(&balance_params(ACCOUNT))
            .await
            .unwrap_err();

        let errors: Vec<ClientError> = vec![missing, invalid, seed, no_token];
        let described: Vec<String> = errors.iter().map(describe).collect();
        assert_eq!(
            described,
            [
                "accounts said 404: NO_ACCOUNT",
                "not sent: pattern",
                "partner auth said 401: AUTH01",
                "no token: partner auth said 401: AUTH01",
            ]
        );
        for error in &errors {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(CLIENT_SECRET), "{shown}");
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_replaced_and_the_call_made_once_more() {
    bounded(async {
        let counts = Counts::default();
        // The accounts API takes only the second token.
        let server = bank(&counts, |t| t == "TOKEN-1", numbered).await;
        let tokens =
            Arc::new(TokenProvider::new(client(&server), &[Scope::FxRates], None).unwrap());
        let api = accounts_client(&server, tokens);
        // The 401 made the source get a new token, and the call went once more with it.
        api.get_balance(&balance_params(ACCOUNT)).await.unwrap();
        assert_eq!(counts.tokens.load(Ordering::SeqCst), 2);
        api.get_balance(&balance_params(ACCOUNT)).await.unwrap();
        assert_eq!(counts.tokens.load(Ordering::SeqCst), 2);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_token_source_nothing_is_sent() {
    let server = Server::always(200, "{}").await;
    let api = accounts::http::HttpClient::builder()
        .base_url(format!("http://{}/accounts/v1", server.addr))
        .build()
        .unwrap();
    let error = api.get_balance(&balance_params(ACCOUNT)).await.unwrap_err();
    assert!(
        matches!(&error, ClientError::InvalidRequest(v) if v.contains("", "credential")),
        "{error:?}"
    );
    assert_eq!(server.hits(), 0);
    // A fixed token is a token source too.
    let api = accounts_client(&server, Secret::new("FIXED"));
    let _ = api.get_balance(&balance_params(ACCOUNT)).await;
    assert_eq!(server.last().header("authorization"), Some("Bearer FIXED"));
}

/// A token endpoint of the client-credentials grant: `CC-n` for the `n`th request that
/// authenticates as `partner` with `S3CR3T-CC` and asks for `payments`.
async fn authorization_server(body_auth: bool) -> Server {
    Server::start(move |request, n| match request.uri.path() {
        "/oauth/token" => {
            let body = std::str::from_utf8(&request.body).unwrap().to_owned();
            let authenticated = if body_auth {
                body.contains("client_id=partner") && body.contains("client_secret=S3CR3T-CC") && request.header("authorization").is_none()
            } else {
                // base64("partner:S3CR3T-CC")
                request.header("authorization") == Some("Basic cGFydG5lcjpTM0NSM1QtQ0M=")
            };
            if request.header("content-type") != Some("application/x-www-form-urlencoded") || !body.starts_with("grant_type=client_credentials&scope=payments") {
                Reply::json(400, r#"{"error":"invalid_request"}"#)
            } else if authenticated {
                Reply::json(200, format!(r#"{{"access_token":"CC-{n}","token_type":"Bearer","expires_in":3600,"scope":"payments"}}"#))
            } else {
                Reply::json(401, r#"{"error":"invalid_client","error_description":"unknown client"}"#)
            }
        }
        "/accounts/v1/transfers" => Reply::json(201, r#"{"id":"t1","from":"a","to":"b","amount":5}"#),
        _ => Reply::json(404, r#"{"code":"NO_ROUTE","message":"no such route"}"#),
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_credentials_grant_feeds_the_oauth_operation() {
    bounded(async {
        for body_auth in [false, true] {
            let server = authorization_server(body_auth).await;
            let auth = if body_auth {
                ClientAuth::Body
            } else {
                ClientAuth::Basic
            };
            let source = ClientCredentials::new(
                &format!("http://{}/oauth/token", server.addr),
                "partner",
                "S3CR3T-CC",
            )
            .unwrap()
            .scope("payments")
            .client_auth(auth);
            assert!(!format!("{source:?}").contains("S3CR3T-CC"));
            let api = accounts_client(&server, source);
            for _ in 0..2 {
                let created = api.create_transfer(&transfer()).await.unwrap();
                assert_eq!(created.id.as_deref(), Some("t1"));
            }
            let received = server.received();
            assert_eq!(
                received
                    .iter()
                    .filter(|r| r.uri.path() == "/oauth/token")
                    .count(),
                1,
                "cached"
            );
            let transfers: Vec<_> = received
                .iter()
                .filter(|r| r.uri.path() == "/accounts/v1/transfers")
                .collect();
            assert!(transfers
                .iter()
                .all(|r| r.header("authorization") == Some("Bearer CC-0")));
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_client_says_why_without_its_secret() {
    bounded(async {
        let server = authorization_server(false).await;
        let source = ClientCredentials::new(
            &format!("http://{}/oauth/token", server.addr),
            "partner",
            "WRONG-SECRET",
        )
        .unwrap()
        .scope("payments");
        let error = source.token().await.unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(
            shown.contains("invalid_client") && shown.contains("unknown client"),
            "{shown}"
        );
        assert!(!shown.contains("WRONG-SECRET"), "{shown}");
        let api = accounts_client(&server, source);
        let error = api.create_transfer(&transfer()).await.unwrap_err();
        assert!(
            describe(&error).starts_with("transport: no access token"),
            "{}",
            describe(&error)
        );
    })
    .await
}
