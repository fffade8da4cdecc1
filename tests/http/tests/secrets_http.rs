//! Secrets over HTTP (`../fixtures/secrets.yaml` with the generated `HttpClient`): a real
//! server on 127.0.0.1 answers with bodies that carry secrets, declared and not, and no
//! error, `Display` or `Debug` output of the client shows them, nor the secrets the request
//! carried (an API key header, a one-time password in the query, a password in the body).
//! Writes its count of cases to stderr.

use oasbind_runtime::ClientError;
mod common;

use common::{refused_addr, Reply, Server};
use oasbind_http_tests::secrets::http::HttpClient;
use oasbind_http_tests::secrets::{Client, Login, LoginParams};
use std::io::Write;
use std::time::Duration;

/// The request's secrets: valid values (they match the definition's patterns), so that
/// the request is sent.
const API_KEY: &str = "LITERAL-KEY";
const OTP: &str = "LITERAL-OTP";
const PASSWORD: &str = "LITERAL-PW";

fn params() -> LoginParams {
    LoginParams {
        x_api_key: API_KEY.into(),
        otp: Some(OTP.into()),
        token_type_hint: Some("LITERAL-HINT".into()),
    }
}

fn login() -> Login {
    Login {
        username: "LITERAL-U".into(),
        password: PASSWORD.into(),
        pin: Some("4321".into()),
    }
}

fn client(base_url: String) -> HttpClient {
    HttpClient::builder()
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// `Display`, `Debug` and pretty `Debug` of an error.
fn shown(e: &ClientError) -> [(String, &'static str); 3] {
    [
        (e.to_string(), "Display"),
        (format!("{e:?}"), "Debug"),
        (format!("{e:#?}"), "pretty Debug"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_answer_and_no_error_shows_a_secret() {
    let mut cases = 0;
    let mut hidden = |text: &str, value: &str, place: &str| {
        assert!(!text.contains(value), "{value:?} shows in {place}:\n{text}");
        cases += 1;
    };
    let request_secrets = [API_KEY, OTP, PASSWORD];

    // A documented error that echoes secrets, declared and not, at any depth.
    let problem = serde_json::json!({
        "message": "VISIBLE-MESSAGE", "rejected_token": "S3CR3T-H1", "apiKey": "S3CR3T-H2",
        "trace": { "request": { "password": "S3CR3T-H3" } },
    });
    // A success that breaks the definition (the token breaks its pattern).
    let broken = serde_json::json!({ "access_token": "S3CR3T-H4", "token_type": "LITERAL-TT", "sessionSecret": "S3CR3T-H5" });
    // An undocumented status.
    let undocumented =
        serde_json::json!({ "access_token": "S3CR3T-H6", "client_secret": "S3CR3T-H7" });
    let answers = [
        (
            Reply::json(401, problem.to_string()),
            vec!["S3CR3T-H1", "S3CR3T-H2", "S3CR3T-H3"],
            "VISIBLE-MESSAGE",
        ),
        (
            Reply::json(200, broken.to_string()),
            vec!["S3CR3T-H4", "S3CR3T-H5"],
            "access_token",
        ),
        (
            Reply::json(500, undocumented.to_string()),
            vec!["S3CR3T-H6", "S3CR3T-H7"],
            "500",
        ),
    ];
    for (reply, secrets, visible) in answers {
        let server = Server::start({
            let reply = std::sync::Mutex::new(Some(reply));
            move |_, _| reply.lock().unwrap().take().expect("one request")
        })
        .await;
        let api = client(format!("http://{}", server.addr));
        let e = api.login(&params(), &login()).await.unwrap_err();
        // The request went out with its secrets.
        assert_eq!(server.hits(), 1, "{e:?}");
        let got = server.last();
        assert_eq!(got.header("x-api-key"), Some(API_KEY));
        assert!(got.uri.query().is_some_and(|q| q.contains(OTP)));
        for (text, how) in shown(&e) {
            for value in secrets.iter().chain(&request_secrets) {
                hidden(&text, value, &format!("{how} of {e}"));
            }
            assert!(
                text.contains(visible),
                "{visible:?} does not show in {how}:\n{text}"
            );
        }
    }

    // A valid answer: its secrets are secrets still.
    let session = serde_json::json!({ "access_token": "LITERAL-AT", "token_type": "LITERAL-TT", "sessionSecret": "S3CR3T-H8" });
    let server = Server::always(200, &session.to_string()).await;
    let session = client(format!("http://{}", server.addr))
        .login(&params(), &login())
        .await
        .unwrap();
    assert_eq!(session.access_token, "LITERAL-AT");
    for text in [format!("{session:?}"), format!("{session:#?}")] {
        for value in ["LITERAL-AT", "S3CR3T-H8"] {
            hidden(&text, value, "Debug of the session");
        }
        assert!(text.contains("LITERAL-TT"), "{text}");
    }

    // An invalid request is not sent, and its error quotes none of it.
    let params = LoginParams {
        x_api_key: "S3CR3T-H9".into(),
        ..params()
    };
    let e = client(format!("http://{}", server.addr))
        .login(&params, &login())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ClientError::InvalidRequest(v) if v.contains("/header/X-API-Key", "pattern")),
        "{e:?}"
    );
    assert_eq!(server.hits(), 1, "the invalid request was not sent");
    for (text, how) in shown(&e) {
        for value in ["S3CR3T-H9", "LITERAL-KEY", OTP, PASSWORD] {
            hidden(&text, value, how);
        }
    }

    // Transport errors name no URL: the one-time password travels in the query.
    let refused = client(format!("http://{}", refused_addr()))
        .login(&self::params(), &login())
        .await
        .unwrap_err();
    let slow = Server::start(|_, _| Reply::json(200, "{}").after(Duration::from_secs(3))).await;
    let timed_out = HttpClient::builder()
        .base_url(format!("http://{}", slow.addr))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .login(&self::params(), &login())
        .await
        .unwrap_err();
    for e in [refused, timed_out] {
        assert!(matches!(e, ClientError::Transport(_)), "{e:?}");
        for (text, how) in shown(&e) {
            for value in request_secrets {
                hidden(&text, value, &format!("{how} of a transport error"));
            }
        }
    }
    let _ = writeln!(std::io::stderr(), "secrets over HTTP: {cases} cases");
}
