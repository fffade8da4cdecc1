//! The seed's generated `http::HttpClient` against a real server on 127.0.0.1: what the
//! server receives, how each answer is read, timeouts, refused connections, and that the
//! client secret never shows in a message.

use oasbind_runtime::ClientError;
mod common;

use common::{
    client, credentials, envelope, refused_addr, token_body, Reply, Scope, Server, CLIENT_ID,
    CLIENT_SECRET,
};
use oasbind_runtime::http::{reqwest, BuildError, ResponseTooLarge, DEFAULT_MAX_RESPONSE_BYTES};
use oasbind_runtime::TokenRequest;
use partner_auth::http::{HttpClient, SERVERS};
use partner_auth::{
    AccessTokenRequest, Client, Credentials, ErrorResponse, GrantType, OauthMetadata,
    RequestAccessTokenParams,
};
use std::time::{Duration, Instant};

fn params(msg_id: &str) -> RequestAccessTokenParams {
    RequestAccessTokenParams {
        msg_id: msg_id.into(),
        content_type: None,
        accept: None,
    }
}

fn request() -> AccessTokenRequest {
    let metadata = OauthMetadata {
        account_id: Some("0188000049916".into()),
        ..OauthMetadata::default()
    };
    AccessTokenRequest::for_scopes(&[Scope::Accounts, Scope::FxRates], Some(metadata))
        .expect("a valid request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn success_sends_what_the_definition_declares() {
    let server = Server::always(200, &token_body("ACCESS-TOKEN-1", 3600)).await;
    let api = client(&server);
    let token = api
        .request_access_token(&params("msg-0001"), &request())
        .await
        .expect("a token");
    assert_eq!(token.access_token, "ACCESS-TOKEN-1");
    assert_eq!(token.expires_in, 3600);

    assert_eq!(server.hits(), 1);
    let got = server.last();
    assert_eq!(got.method, "POST");
    assert_eq!(got.uri.path(), "/sb/api/v1/partner_auth/token");
    assert_eq!(got.uri.query(), None);
    assert_eq!(got.header("x-ibm-client-id"), Some(CLIENT_ID));
    assert_eq!(got.header("x-ibm-client-secret"), Some(CLIENT_SECRET));
    assert_eq!(got.header("msgid"), Some("msg-0001"));
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(got.header("accept"), Some("application/json"));
    assert!(
        got.header("user-agent")
            .is_some_and(|ua| ua.starts_with("partner-auth/")),
        "{:?}",
        got.header("user-agent")
    );
    assert_eq!(
        got.json(),
        serde_json::json!({
            "grant_type": "client_credentials",
            "scope": "accounts fx-rates",
            "oauth_metadata": { "account_id": "0188000049916" }
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_parameters_override_the_defaults() {
    let server = Server::always(200, &token_body("T", 60)).await;
    let params = RequestAccessTokenParams {
        msg_id: "m".into(),
        content_type: Some("application/json; charset=utf-8".into()),
        accept: Some("application/json, */*".into()),
    };
    client(&server)
        .request_access_token(&params, &request())
        .await
        .unwrap();
    let got = server.last();
    assert_eq!(
        got.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(got.header("accept"), Some("application/json, */*"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_error_status_carries_its_envelope() {
    for (status, code) in [
        (400, "BAD01"),
        (401, "AUTH01"),
        (403, "FORB01"),
        (500, "SRV01"),
    ] {
        let server = Server::always(status, &envelope(status, code)).await;
        match client(&server)
            .request_access_token(&params("m"), &request())
            .await
        {
            Err(ClientError::Api { status: got, body }) => {
                assert_eq!(got, status);
                assert_eq!(
                    body.downcast_ref::<ErrorResponse>(),
                    Some(&ErrorResponse {
                        status: status.to_string(),
                        response_code: code.into(),
                        property: None,
                        response_message: "refused".into(),
                        description: Some("see code".into()),
                    })
                );
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_envelope_that_does_not_parse_keeps_status_and_body() {
    let server = Server::always(502, "<html>bad gateway</html>").await;
    match client(&server)
        .request_access_token(&params("m"), &request())
        .await
    {
        Err(ClientError::InvalidResponse {
            status,
            body,
            violations,
        }) => {
            assert_eq!(status, 502);
            assert_eq!(body, "<html>bad gateway</html>");
            assert_eq!(violations.0[0].keyword, "json");
        }
        other => panic!("{other:?}"),
    }
    // JSON, but not the envelope: the violations name what is missing.
    let server = Server::always(401, r#"{"status":"401","unexpected":true}"#).await;
    match client(&server)
        .request_access_token(&params("m"), &request())
        .await
    {
        Err(ClientError::InvalidResponse {
            status,
            body,
            violations,
        }) => {
            assert_eq!(status, 401);
            assert_eq!(body, r#"{"status":"401","unexpected":true}"#);
            assert!(
                violations.iter().any(|v| v.keyword == "required"),
                "{violations}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_success_that_breaks_the_schema_names_the_pointer() {
    let body = r#"{"token_type":"mac","access_token":"ACCESS-TOKEN-2","expires_in":60,"scope":"accounts"}"#;
    let server = Server::always(200, body).await;
    match client(&server)
        .request_access_token(&params("m"), &request())
        .await
    {
        Err(e @ ClientError::InvalidResponse { .. }) => {
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("ACCESS-TOKEN-2"), "{shown}");
            let ClientError::InvalidResponse {
                status, violations, ..
            } = e
            else {
                unreachable!()
            };
            assert_eq!(status, 200);
            assert!(violations.contains("/token_type", "enum"), "{violations}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_request_is_never_sent() {
    let server = Server::always(200, &token_body("T", 60)).await;
    let api = client(&server);
    let bad = AccessTokenRequest {
        grant_type: GrantType::ClientCredentials,
        scope: String::new(),
        oauth_metadata: None,
    };
    match api.request_access_token(&params("m"), &bad).await {
        Err(ClientError::InvalidRequest(v)) => assert!(v.contains("/scope", "minLength"), "{v}"),
        other => panic!("{other:?}"),
    }
    // A header parameter that cannot be a header value.
    match api
        .request_access_token(&params("line\nbreak"), &request())
        .await
    {
        Err(ClientError::InvalidRequest(v)) => {
            assert!(v.contains("/header/MsgId", "header"), "{v}")
        }
        other => panic!("{other:?}"),
    }
    // A secret that cannot be a header value: refused, and not repeated.
    let broken = HttpClient::builder(Credentials::new(CLIENT_ID, "SECRET\r\nX-Injected: 1"))
        .base_url(server.base_url())
        .build()
        .unwrap();
    match broken.request_access_token(&params("m"), &request()).await {
        Err(e @ ClientError::InvalidRequest(_)) => {
            let shown = format!("{e} {e:?}");
            assert!(shown.contains("/header/X-IBM-Client-Secret"), "{shown}");
            assert!(
                !shown.contains("SECRET") && !shown.contains("Injected"),
                "{shown}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 0, "nothing reaches the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_server_is_a_timeout() {
    let server =
        Server::start(|_, _| Reply::json(200, token_body("T", 60)).after(Duration::from_secs(10)))
            .await;
    let api = HttpClient::builder(credentials())
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = api
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    match &err {
        ClientError::Transport(e) => {
            let e = e.downcast_ref::<reqwest::Error>().expect("a reqwest error");
            assert!(e.is_timeout(), "{e:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!format!("{err} {err:?}").contains(CLIENT_SECRET));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_a_transport_error() {
    let addr = refused_addr();
    let api = HttpClient::builder(credentials())
        .base_url(format!("http://{addr}/v1"))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = api
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    match &err {
        ClientError::Transport(e) => {
            let e = e.downcast_ref::<reqwest::Error>().expect("a reqwest error");
            assert!(e.is_connect(), "{e:?}");
        }
        other => panic!("{other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(CLIENT_SECRET) && !shown.contains(CLIENT_ID),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_not_followed() {
    // A redirect to another host would carry the secret headers along: not followed.
    let elsewhere = Server::always(200, &token_body("T", 60)).await;
    let target = format!("http://{}/steal", elsewhere.addr);
    let server =
        Server::start(move |_, _| Reply::text(307, "").header("location", target.clone())).await;
    match client(&server)
        .request_access_token(&params("m"), &request())
        .await
    {
        Err(
            ClientError::InvalidResponse { status, .. }
            | ClientError::UnexpectedStatus { status, .. },
        ) => assert_eq!(status, 307),
        other => panic!("{other:?}"),
    }
    assert_eq!(elsewhere.hits(), 0);
}

#[test]
fn the_base_url_defaults_to_the_first_server() {
    assert_eq!(SERVERS, ["https://sandboxapi.rakbank.ae/sb/api/v1"]);
    let api = HttpClient::new(credentials()).unwrap();
    assert_eq!(
        api.transport().base_url(),
        "https://sandboxapi.rakbank.ae/sb/api/v1"
    );
    // A trailing slash is not doubled.
    let api = HttpClient::builder(credentials())
        .base_url("http://127.0.0.1:9/base/")
        .build()
        .unwrap();
    assert_eq!(api.transport().base_url(), "http://127.0.0.1:9/base");
}

#[test]
fn unusable_base_urls_are_refused_without_repeating_them() {
    for (url, why) in [
        ("sandboxapi.rakbank.ae/v1", "not an absolute URL"),
        ("ftp://127.0.0.1/v1", "scheme"),
        ("https://user:PASSWORD-IN-URL@127.0.0.1/v1", "credentials"),
        ("https://127.0.0.1/v1?key=PASSWORD-IN-URL", "query"),
    ] {
        let err = HttpClient::builder(credentials())
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl(_)),
            "{url}: {err:?}"
        );
        let shown = format!("{err} {err:?}");
        assert!(shown.contains(why), "{shown}");
        assert!(!shown.contains("PASSWORD-IN-URL"), "{shown}");
    }
    let err = HttpClient::builder(credentials())
        .user_agent("bad\nagent")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidUserAgent));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_reqwest_client_can_be_used() {
    let server = Server::always(200, &token_body("T", 60)).await;
    let http = reqwest::Client::builder()
        .user_agent("their-agent/1")
        .build()
        .unwrap();
    let api = HttpClient::builder(credentials())
        .base_url(server.base_url())
        .reqwest_client(http)
        .build()
        .unwrap();
    api.request_access_token(&params("m"), &request())
        .await
        .unwrap();
    assert_eq!(server.last().header("user-agent"), Some("their-agent/1"));
    assert_eq!(
        server.last().header("x-ibm-client-secret"),
        Some(CLIENT_SECRET)
    );

    // Set explicitly, the user agent wins over the given client's.
    let http = reqwest::Client::builder()
        .user_agent("their-agent/1")
        .build()
        .unwrap();
    let api = HttpClient::builder(credentials())
        .base_url(server.base_url())
        .reqwest_client(http)
        .user_agent("ours/2")
        .build()
        .unwrap();
    api.request_access_token(&params("m"), &request())
        .await
        .unwrap();
    assert_eq!(server.last().header("user-agent"), Some("ours/2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secret_never_shows_in_any_message() {
    let mut shown = Vec::new();
    let creds = credentials();
    shown.push(format!("{creds:?}"));
    let builder = HttpClient::builder(creds.clone()).timeout(Duration::from_millis(300));
    shown.push(format!("{builder:?}"));
    let api = builder
        .clone()
        .base_url(format!("http://{}/v1", refused_addr()))
        .build()
        .unwrap();
    shown.push(format!("{api:?}"));

    // Every failure this client can produce.
    let err = api
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    shown.push(format!("{err} {err:?}"));
    if let ClientError::Transport(e) = &err {
        let mut source: Option<&dyn std::error::Error> = Some(&**e);
        while let Some(s) = source {
            shown.push(format!("{s} {s:?}"));
            source = s.source();
        }
    }
    let bad = AccessTokenRequest {
        grant_type: GrantType::ClientCredentials,
        scope: String::new(),
        oauth_metadata: None,
    };
    let err = api
        .request_access_token(&params("m"), &bad)
        .await
        .unwrap_err();
    shown.push(format!("{err} {err:?}"));
    for status in [200, 401, 500] {
        let body = if status == 200 {
            token_body("", 1)
        } else {
            envelope(status, "E")
        };
        let server = Server::always(status, &body).await;
        let api = builder.clone().base_url(server.base_url()).build().unwrap();
        let err = api
            .request_access_token(&params("m"), &request())
            .await
            .unwrap_err();
        shown.push(format!("{err} {err:?}"));
    }
    let slow =
        Server::start(|_, _| Reply::json(200, token_body("T", 60)).after(Duration::from_secs(10)))
            .await;
    let api = builder.clone().base_url(slow.base_url()).build().unwrap();
    let err = api
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    shown.push(format!("{err} {err:?}"));

    for text in &shown {
        assert!(!text.contains(CLIENT_SECRET), "the secret shows in {text}");
        assert!(!text.contains(CLIENT_ID), "the client id shows in {text}");
    }
}

/// The answer of a transport error that is [`ResponseTooLarge`].
fn too_large(err: &ClientError) -> &ResponseTooLarge {
    match err {
        ClientError::Transport(e) => e
            .downcast_ref::<ResponseTooLarge>()
            .expect("ResponseTooLarge"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_over_the_size_limit_is_refused() {
    assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 16 * 1024 * 1024);
    // A valid token answer, padded by a long token: 64 KiB.
    let big = token_body(&"A".repeat(64 * 1024), 60);
    let server = Server::always(200, &big).await;
    let small = HttpClient::builder(credentials())
        .base_url(server.base_url())
        .max_response_bytes(16 * 1024)
        .build()
        .unwrap();
    let err = small
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    let e = too_large(&err);
    assert_eq!((e.status, e.limit), (200, 16 * 1024));
    assert!(err.to_string().contains("larger than 16384 bytes"), "{err}");
    assert!(!format!("{err:?}").contains(CLIENT_SECRET));
    // At the limit it is read (and then judged by the schema: the token is too long).
    let exact = HttpClient::builder(credentials())
        .base_url(server.base_url())
        .max_response_bytes(big.len())
        .build()
        .unwrap();
    let err = exact
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::InvalidResponse { .. }),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_answer_without_length_is_cut_at_the_limit() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A server that answers with an endless chunked body and no Content-Length.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 1024, " ".repeat(1024));
        // Stops when the client hangs up.
        while socket.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let api = HttpClient::builder(credentials())
        .base_url(format!("http://{addr}/v1"))
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = api
        .request_access_token(&params("m"), &request())
        .await
        .unwrap_err();
    assert_eq!(too_large(&err).limit, 64 * 1024);
}
