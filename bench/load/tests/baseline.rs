//! The hand-written baseline answers like the seed says, and the load generator counts
//! exactly what it sends: the load test's numbers are only worth something if both hold.

use std::net::SocketAddr;

use hyper::Method;
use oasbind_load::{baseline, fetch, serve, valid_request, Load, Template};
use serde_json::Value;

/// The status and the JSON body of one request.
async fn answer(addr: SocketAddr, request: &Template) -> (u16, Value) {
    let (status, body) = fetch(addr, request).await.expect("an answer");
    let body = serde_json::from_slice(&body).expect("a JSON answer");
    (status.as_u16(), body)
}

/// The valid request with another body.
fn with_body(body: &'static str) -> Template {
    Template {
        body: body.into(),
        ..valid_request()
    }
}

#[tokio::test]
async fn valid_request_gets_a_token_for_its_scope() {
    let (addr, _server) = serve(baseline::router()).await;
    let (status, body) = answer(addr, &valid_request()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scope"], "accounts");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn empty_scope_is_a_400_naming_the_property() {
    let (addr, _server) = serve(baseline::router()).await;
    let request = with_body(r#"{"grant_type":"client_credentials","scope":""}"#);
    let (status, body) = answer(addr, &request).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["status"], "400");
    assert_eq!(body["property"], "/scope");
    assert_eq!(body["response_code"], "minLength");
    assert_eq!(
        body["response_message"],
        "request does not match the definition"
    );
}

#[tokio::test]
async fn unknown_property_and_nested_ref_are_checked() {
    let (addr, _server) = serve(baseline::router()).await;
    let extra = with_body(r#"{"grant_type":"client_credentials","scope":"a","x":1}"#);
    let (status, body) = answer(addr, &extra).await;
    assert_eq!(
        (status, &body["response_code"]),
        (400, &"additionalProperties".into())
    );
    // Through the `$ref` to `oauth_metadata`.
    let nested = with_body(
        r#"{"grant_type":"client_credentials","scope":"a","oauth_metadata":{"account_id":1}}"#,
    );
    let (status, body) = answer(addr, &nested).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["property"], "/oauth_metadata/account_id");
    assert_eq!(body["response_code"], "type");
}

#[tokio::test]
async fn missing_secret_is_a_401() {
    let (addr, _server) = serve(baseline::router()).await;
    let mut request = valid_request();
    request.headers.remove("X-IBM-Client-Secret");
    let (status, body) = answer(addr, &request).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["status"], "401");
}

#[tokio::test]
async fn missing_msg_id_is_a_400() {
    let (addr, _server) = serve(baseline::router()).await;
    let mut request = valid_request();
    request.headers.remove("MsgId");
    let (status, _) = answer(addr, &request).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let (addr, _server) = serve(baseline::router()).await;
    let (status, body) = answer(addr, &with_body(r#"{"grant_type":"#)).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["response_code"], "invalid_json");
}

#[tokio::test]
async fn wrong_content_type_is_a_415() {
    let (addr, _server) = serve(baseline::router()).await;
    let mut request = valid_request();
    request
        .headers
        .insert("Content-Type", "text/plain".parse().unwrap());
    let (status, _) = answer(addr, &request).await;
    assert_eq!(status, 415);
}

#[tokio::test]
async fn wrong_method_is_not_served() {
    let (addr, _server) = serve(baseline::router()).await;
    let request = Template {
        method: Method::GET,
        ..valid_request()
    };
    let (status, _) = fetch(addr, &request).await.expect("an answer");
    assert_eq!(status.as_u16(), 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_sends_exactly_the_requests_asked_for() {
    let (addr, _server) = serve(baseline::router()).await;
    let report = Load::new(200, 4).run(addr, &valid_request()).await;
    assert_eq!(report.requests, 200);
    assert_eq!(report.errors, 0);
    assert_eq!(report.statuses.get(&200), Some(&200));
    assert_eq!(report.statuses.len(), 1);
    assert!(report.all(200));
}

#[tokio::test]
async fn run_counts_what_it_cannot_send_as_errors() {
    // A port nobody listens on: bound, then released.
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let report = Load::new(10, 3).run(addr, &valid_request()).await;
    assert_eq!(report.errors, 10);
    assert!(report.statuses.is_empty());
    assert!(!report.all(200));
}
