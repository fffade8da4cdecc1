//! The HTTP client generated in this crate's build script from `fixtures/kinds.json`:
//! every kind of parameter, credential and body, as a real server on 127.0.0.1 receives it.

use oasbind_runtime::ClientError;
mod common;

use common::{refused_addr, Reply, Server};
use oasbind_http_tests::kinds::http::HttpClient;
use oasbind_http_tests::kinds::{
    Client, Credentials, GetNoteParams, Login, Note, Problem, SessionInfoParams,
};
use oasbind_runtime::http::reqwest;
use oasbind_runtime::Secret;
use std::time::Duration;

const QUERY_KEY: &str = "QUERY-KEY-7a1";
const COOKIE_KEY: &str = "COOKIE-KEY-3b2";
const PASSWORD: &str = "PASSWORD-c4d";
const BEARER: &str = "BEARER-TOKEN-e5f";
const HEADER_KEY: &str = "HEADER-KEY-06a";

fn credentials() -> Credentials {
    Credentials::new(QUERY_KEY, COOKIE_KEY, "alice", PASSWORD, HEADER_KEY)
}

/// A client with every credential: the keys and the password in `Credentials`, the bearer
/// token from a fixed token source.
fn client(base_url: String) -> HttpClient {
    HttpClient::builder(credentials())
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .token_source(Secret::new(BEARER))
        .build()
        .unwrap()
}

fn note_json() -> String {
    r#"{"id":"n1","text":"hello"}"#.to_owned()
}

fn get_note(item_id: &str, note: &str) -> GetNoteParams {
    GetNoteParams {
        item_id: item_id.into(),
        note: note.into(),
        tag: Some(vec!["x".into(), "y z".into()]),
        limit: Some(5),
        x_trace: Some("trace-1".into()),
        theme: Some("dark mode".into()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_query_header_and_cookie_parameters_and_a_query_key() {
    let server = Server::always(200, &note_json()).await;
    let api = client(format!("http://{}/api", server.addr));
    let note = api.get_note(&get_note("a/b c", "é?#")).await.unwrap();
    assert_eq!(note.id, "n1");
    let got = server.last();
    assert_eq!(got.method, "GET");
    // Each path parameter stays one segment, whatever it holds.
    assert_eq!(got.uri.path(), "/api/items/a%2Fb%20c/notes/%C3%A9%3F%23");
    assert_eq!(
        got.uri.query(),
        Some("tag=x&tag=y+z&limit=5&api_key=QUERY-KEY-7a1")
    );
    assert_eq!(got.header("x-trace"), Some("trace-1"));
    assert_eq!(got.header("cookie"), Some("theme=dark%20mode"));
    assert_eq!(got.header("accept"), Some("application/json"));
    assert_eq!(got.header("content-type"), None);
    assert!(got.body.is_empty());

    // Optional parameters left out are not sent.
    let params = GetNoteParams {
        tag: None,
        limit: None,
        x_trace: None,
        theme: None,
        ..get_note("1", "2")
    };
    api.get_note(&params).await.unwrap();
    let got = server.last();
    assert_eq!(got.uri.path(), "/api/items/1/notes/2");
    assert_eq!(got.uri.query(), Some("api_key=QUERY-KEY-7a1"));
    assert_eq!(got.header("x-trace"), None);
    assert_eq!(got.header("cookie"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_that_cannot_be_sent_are_not() {
    let server = Server::always(200, &note_json()).await;
    let api = client(format!("http://{}/api", server.addr));
    for segment in ["", ".", ".."] {
        match api.get_note(&get_note(segment, "n")).await {
            Err(ClientError::InvalidRequest(v)) => {
                assert!(v.contains("/path/item_id", "path"), "{v}")
            }
            other => panic!("{segment:?}: {other:?}"),
        }
    }
    let params = GetNoteParams {
        limit: Some(500),
        ..get_note("1", "2")
    };
    match api.get_note(&params).await {
        Err(ClientError::InvalidRequest(v)) => {
            assert!(v.contains("/query/limit", "maximum"), "{v}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_in_the_query_never_shows_in_a_transport_error() {
    let api = client(format!("http://{}/api", refused_addr()));
    let err = api.get_note(&get_note("1", "2")).await.unwrap_err();
    let ClientError::Transport(e) = &err else {
        panic!("{err:?}")
    };
    let mut shown = vec![format!("{err}"), format!("{err:?}")];
    let mut source: Option<&dyn std::error::Error> = Some(&**e);
    while let Some(s) = source {
        shown.push(format!("{s} {s:?}"));
        source = s.source();
    }
    assert!(
        e.downcast_ref::<reqwest::Error>()
            .is_some_and(|e| e.url().is_none()),
        "the URL is stripped"
    );
    for text in &shown {
        assert!(
            !text.contains(QUERY_KEY) && !text.contains("api_key"),
            "{text}"
        );
    }

    // Operations without a key in the URL keep it in their errors, for diagnosis.
    let err = api.who_am_i().await.unwrap_err();
    let ClientError::Transport(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e
        .downcast_ref::<reqwest::Error>()
        .is_some_and(|e| e.url().is_some()));
    assert!(!format!("{err} {err:?}").contains(BEARER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_authentication_and_a_json_body() {
    let server = Server::always(201, &note_json()).await;
    let api = client(format!("http://{}/api/", server.addr));
    let body = Note {
        id: "n2".into(),
        text: "new".into(),
        additional_properties: Default::default(),
    };
    let created = api.create_item(&body).await.unwrap();
    assert_eq!(created.text, "hello");
    let got = server.last();
    assert_eq!(got.method, "POST");
    assert_eq!(got.uri.path(), "/api/items");
    // base64("alice:PASSWORD-c4d")
    assert_eq!(
        got.header("authorization"),
        Some("Basic YWxpY2U6UEFTU1dPUkQtYzRk")
    );
    assert_eq!(got.header("content-type"), Some("application/json"));
    assert_eq!(got.json(), serde_json::json!({ "id": "n2", "text": "new" }));

    // A documented error body for a non-2xx answer.
    let server = Server::always(409, r#"{"message":"exists"}"#).await;
    match client(format!("http://{}/api", server.addr))
        .create_item(&body)
        .await
    {
        Err(ClientError::Api { status: 409, body }) => {
            assert_eq!(body.downcast_ref::<Problem>().unwrap().message, "exists")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_in_a_cookie_beside_cookie_parameters() {
    let server = Server::always(200, &note_json()).await;
    let api = client(format!("http://{}/api", server.addr));
    api.session_info(&SessionInfoParams {
        theme: Some("light".into()),
    })
    .await
    .unwrap();
    assert_eq!(
        server.last().header("cookie"),
        Some("theme=light; session=COOKIE-KEY-3b2")
    );
    api.session_info(&SessionInfoParams { theme: None })
        .await
        .unwrap();
    assert_eq!(
        server.last().header("cookie"),
        Some("session=COOKIE-KEY-3b2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bearer_token() {
    let server = Server::always(200, &note_json()).await;
    client(format!("http://{}/api", server.addr))
        .who_am_i()
        .await
        .unwrap();
    let got = server.last();
    assert_eq!(got.uri.path(), "/api/me");
    assert_eq!(got.header("authorization"), Some("Bearer BEARER-TOKEN-e5f"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_body_and_a_key_in_a_header() {
    let server = Server::start(|_, _| Reply::text(204, "")).await;
    let api = client(format!("http://{}/api", server.addr));
    let login = Login {
        user: "bob & co".into(),
        remember: Some(true),
        additional_properties: Default::default(),
    };
    api.log_in(&login).await.unwrap();
    let got = server.last();
    assert_eq!(
        got.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(got.header("x-key"), Some(HEADER_KEY));
    // Field order follows serde_json's map (sorted, or declaration order with `preserve_order`).
    let mut pairs: Vec<&str> = std::str::from_utf8(&got.body).unwrap().split('&').collect();
    pairs.sort_unstable();
    assert_eq!(pairs, ["remember=true", "user=bob+%26+co"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_byte_body_and_a_text_answer() {
    let server = Server::start(|_, _| Reply::text(200, "stored 3 bytes")).await;
    let api = client(format!("http://{}/api", server.addr));
    let answer = api.upload(&[0, 159, 255]).await.unwrap();
    assert_eq!(answer, "stored 3 bytes");
    let got = server.last();
    assert_eq!(got.method, "PUT");
    assert_eq!(got.header("content-type"), Some("application/octet-stream"));
    assert_eq!(got.header("accept"), Some("text/plain"));
    assert_eq!(&got.body[..], [0, 159, 255]);
    assert_eq!(
        got.header("authorization"),
        None,
        "no security requirement, no credentials"
    );
}

#[test]
fn debug_shows_no_credential() {
    let api = client("http://127.0.0.1:9/api".into());
    let shown = format!(
        "{api:?} {:?} {:?}",
        credentials(),
        HttpClient::builder(credentials())
    );
    for secret in [QUERY_KEY, COOKIE_KEY, PASSWORD, BEARER, HEADER_KEY] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
