//! The seed's generated server (`partner_auth::server`) on 127.0.0.1, called by the seed's
//! generated `HttpClient` and by hand: the sandbox answers from the definition's examples,
//! an implementation's `authorize` hook sees the credentials, and every kind of bad input
//! gets a 4xx in the API's error envelope, never a 500 or a panic.

mod common;

use common::{credentials, Scope, CLIENT_ID, CLIENT_SECRET};
use oasbind_runtime::http::reqwest;
use oasbind_runtime::server::{Denied, Failure, Presented};
use oasbind_runtime::{ClientError, TokenRequest};
use partner_auth::http::HttpClient;
use partner_auth::server::{self, RequestAccessTokenAnswer, Server};
use partner_auth::{
    AccessTokenRequest, AccessTokenResponse, Client, ErrorResponse, OauthMetadata,
    RequestAccessTokenParams, TokenType,
};

fn client(url: &str) -> HttpClient {
    HttpClient::builder(credentials())
        .base_url(url)
        .build()
        .expect("a client")
}

fn request() -> AccessTokenRequest {
    let metadata = OauthMetadata {
        account_id: Some("0188000049916".into()),
        ..OauthMetadata::default()
    };
    AccessTokenRequest::for_scopes(&[Scope::Accounts], Some(metadata)).expect("a valid request")
}

/// A bank that knows one client secret and issues tokens for the scope requested.
struct Bank;

impl Server for Bank {
    async fn authorize(
        &self,
        operation: &'static str,
        credentials: &Presented,
    ) -> Result<(), Denied> {
        assert_eq!(operation, "request_access_token");
        match credentials.api_key("clientSecretHeader") {
            Some(secret) if secret.expose() == CLIENT_SECRET => Ok(()),
            _ => Err(Denied::unauthorized("unknown client")),
        }
    }

    async fn request_access_token(
        &self,
        params: RequestAccessTokenParams,
        body: AccessTokenRequest,
    ) -> Result<RequestAccessTokenAnswer, Failure> {
        if params.msg_id == "break-the-answer" {
            // An answer that breaks the definition (`access_token` has `minLength: 1`).
            return Ok(RequestAccessTokenAnswer::Status200(
                AccessTokenResponse::new(TokenType::Bearer, "", 60, body.scope),
            ));
        }
        Ok(RequestAccessTokenAnswer::Status200(
            AccessTokenResponse::new(
                TokenType::Bearer,
                format!("token-for-{}", params.msg_id),
                3600,
                body.scope,
            ),
        ))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_gets_the_sandbox_example() {
    let sandbox = server::sandbox().spawn().await.expect("the sandbox starts");
    assert!(
        sandbox.url().ends_with(server::BASE_PATH),
        "{}",
        sandbox.url()
    );
    let params = RequestAccessTokenParams::new("msg-1");
    let token = client(sandbox.url())
        .request_access_token(&params, &request())
        .await
        .expect("the sandbox answers");
    assert_eq!(token.token_type, TokenType::Bearer);
    assert!(!token.access_token.is_empty());
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_implementation_gets_typed_parameters_and_checked_credentials() {
    let bank = server::router(Bank).base_path("/v1").spawn().await.unwrap();
    let token = client(bank.url())
        .request_access_token(&RequestAccessTokenParams::new("m-7"), &request())
        .await
        .expect("a token");
    assert_eq!(token.access_token, "token-for-m-7");
    assert_eq!(token.scope, "accounts");

    // A wrong secret: the hook's 401, in the API's envelope, read by the client as the
    // documented error.
    let stranger = HttpClient::builder(partner_auth::Credentials::new(CLIENT_ID, "wrong"))
        .base_url(bank.url())
        .build()
        .unwrap();
    let err = stranger
        .request_access_token(&RequestAccessTokenParams::new("m-8"), &request())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    let envelope = err.api_body::<ErrorResponse>().expect("the envelope");
    assert_eq!(envelope.status, "401");
    assert_eq!(envelope.response_code, "security");
    assert!(
        !format!("{err:?}").contains("wrong"),
        "no secret in the error"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_breaks_the_definition_is_a_500_in_debug_builds() {
    let bank = server::router(Bank)
        .check_answers(true)
        .spawn()
        .await
        .unwrap();
    let err = client(bank.url())
        .request_access_token(
            &RequestAccessTokenParams::new("break-the-answer"),
            &request(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    let envelope = err.api_body::<ErrorResponse>().expect("the envelope");
    assert_eq!(envelope.property.as_deref(), Some("/access_token"));
    assert_eq!(envelope.response_code, "minLength");
}

/// A request sent by hand, and the envelope that answers it.
async fn send(
    url: &str,
    method: reqwest::Method,
    headers: &[(&str, &str)],
    body: impl Into<reqwest::Body>,
) -> (u16, Option<ErrorResponse>, reqwest::header::HeaderMap) {
    let mut request = reqwest::Client::new().request(method, format!("{url}/partner_auth/token"));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let answer = request.body(body).send().await.expect("an answer");
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).ok(), headers)
}

/// What is sent (its name, headers and body) and the answer: status, the envelope's
/// pointer and keyword.
type Case<'a> = (
    &'a str,
    Vec<(&'a str, &'a str)>,
    Vec<u8>,
    u16,
    &'a str,
    &'a str,
);

const GOOD: &[(&str, &str)] = &[
    ("X-IBM-Client-Id", CLIENT_ID),
    ("X-IBM-Client-Secret", CLIENT_SECRET),
    ("MsgId", "m-1"),
    ("Content-Type", "application/json"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_the_envelope_and_a_4xx() {
    let bank = server::router(Bank).body_limit(1024).spawn().await.unwrap();
    let url = bank.url();
    let valid = r#"{"grant_type":"client_credentials","scope":"accounts"}"#;
    let post = reqwest::Method::POST;
    let without = |name: &str| -> Vec<(&str, &str)> {
        GOOD.iter().copied().filter(|(k, _)| *k != name).collect()
    };
    let with_type = |media: &'static str| -> Vec<(&'static str, &'static str)> {
        let mut h = without("Content-Type");
        h.push(("Content-Type", media));
        h
    };

    let (status, _, _) = send(url, post.clone(), GOOD, valid).await;
    assert_eq!(status, 200, "the valid request");

    // Each case: headers, body, status, the envelope's pointer and keyword.
    let big = format!(
        r#"{{"grant_type":"client_credentials","scope":"{}"}}"#,
        "a".repeat(2000)
    );
    let cases: Vec<Case> = vec![
        (
            "malformed JSON",
            GOOD.to_vec(),
            b"{\"scope\":".to_vec(),
            400,
            "",
            "json",
        ),
        (
            "not JSON at all",
            GOOD.to_vec(),
            b"scope=accounts".to_vec(),
            400,
            "",
            "json",
        ),
        (
            "non-UTF-8",
            GOOD.to_vec(),
            vec![b'"', 0xff, 0xfe, b'"'],
            400,
            "",
            "json",
        ),
        (
            "wrong content type",
            with_type("text/plain"),
            valid.into(),
            415,
            "/header/content-type",
            "contentType",
        ),
        (
            "no content type",
            without("Content-Type"),
            valid.into(),
            415,
            "/header/content-type",
            "contentType",
        ),
        (
            "oversized",
            GOOD.to_vec(),
            big.into_bytes(),
            413,
            "",
            "maxLength",
        ),
        ("empty body", GOOD.to_vec(), Vec::new(), 400, "", "required"),
        (
            "no client secret",
            without("X-IBM-Client-Secret"),
            valid.into(),
            401,
            "/header/X-IBM-Client-Secret",
            "security",
        ),
        (
            "no credentials",
            without("X-IBM-Client-Id"),
            valid.into(),
            401,
            "/header/X-IBM-Client-Id",
            "security",
        ),
        (
            "no MsgId",
            without("MsgId"),
            valid.into(),
            400,
            "/header/MsgId",
            "required",
        ),
        (
            "empty scope",
            GOOD.to_vec(),
            br#"{"grant_type":"client_credentials","scope":""}"#.to_vec(),
            400,
            "/scope",
            "minLength",
        ),
        (
            "unknown property",
            GOOD.to_vec(),
            br#"{"grant_type":"client_credentials","scope":"a","x":1}"#.to_vec(),
            400,
            "/x",
            "additionalProperties",
        ),
    ];
    let total = cases.len();
    for (what, headers, body, status, pointer, keyword) in cases {
        let (got, envelope, _) = send(url, post.clone(), &headers, body).await;
        assert_eq!(got, status, "{what}");
        let envelope = envelope.unwrap_or_else(|| panic!("{what}: the answer is the envelope"));
        assert_eq!(envelope.status, status.to_string(), "{what}");
        assert_eq!(envelope.property.as_deref(), Some(pointer), "{what}");
        assert_eq!(envelope.response_code, keyword, "{what}");
        assert!(
            !envelope
                .description
                .unwrap_or_default()
                .contains(CLIENT_SECRET),
            "{what}"
        );
    }
    assert_eq!(total, 12);

    // Another method on the path: 405 naming the allowed one; another path: 404.
    let (status, envelope, headers) = send(url, reqwest::Method::GET, GOOD, "").await;
    assert_eq!(status, 405);
    assert_eq!(headers.get("allow").unwrap(), "POST");
    assert_eq!(envelope.unwrap().response_code, "method");
    let answer = reqwest::get(format!("{url}/elsewhere")).await.unwrap();
    assert_eq!(answer.status(), 404);
    let envelope: ErrorResponse = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
    assert_eq!(envelope.status, "404");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_implementation_is_a_500_in_the_envelope() {
    struct Down;
    impl Server for Down {
        async fn authorize(&self, _: &'static str, _: &Presented) -> Result<(), Denied> {
            Ok(())
        }
        async fn request_access_token(
            &self,
            _: RequestAccessTokenParams,
            _: AccessTokenRequest,
        ) -> Result<RequestAccessTokenAnswer, Failure> {
            Err(Failure::new("the token store is down"))
        }
    }
    let down = server::router(Down).spawn().await.unwrap();
    let err = client(down.url())
        .request_access_token(&RequestAccessTokenParams::new("m"), &request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Api { status: 500, .. }),
        "{err:?}"
    );
    let envelope = err.api_body::<ErrorResponse>().unwrap();
    assert_eq!(
        envelope.description.as_deref(),
        Some("the token store is down")
    );
}
