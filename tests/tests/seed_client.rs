//! The client trait, implemented without any HTTP library by an in-memory fake that
//! checks what it receives the way the API would.

use oasbind_runtime::{ClientError, Validate, Violations};
use partner_auth::{
    parse_request_access_token_response, validate_request_access_token, AccessTokenRequest,
    AccessTokenResponse, Client, Credentials, ErrorResponse, GrantType, RequestAccessTokenParams,
};
use std::future::Future;
use std::sync::Mutex;

/// Runs a future that never waits on I/O (the fake answers at once).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// A fake token endpoint: validates requests, answers with JSON text like a server.
struct FakeApi {
    received: Mutex<Vec<String>>,
    answer: (u16, String),
}

impl Client for FakeApi {
    fn request_access_token<'a>(
        &'a self,
        params: &'a RequestAccessTokenParams,
        body: &'a AccessTokenRequest,
    ) -> oasbind_runtime::BoxFuture<'a, Result<AccessTokenResponse, ClientError>> {
        Box::pin(async move {
            validate_request_access_token(params, body)?;
            self.received.lock().unwrap().push(params.msg_id.clone());
            let (status, body) = &self.answer;
            parse_request_access_token_response(&oasbind_runtime::Response::new(*status, body))
        })
    }
}

fn params(msg_id: &str) -> RequestAccessTokenParams {
    RequestAccessTokenParams {
        msg_id: msg_id.into(),
        content_type: None,
        accept: None,
    }
}

fn request(scope: &str) -> AccessTokenRequest {
    AccessTokenRequest {
        grant_type: GrantType::ClientCredentials,
        scope: scope.into(),
        oauth_metadata: None,
    }
}

fn fake(status: u16, body: &str) -> FakeApi {
    FakeApi {
        received: Mutex::new(Vec::new()),
        answer: (status, body.to_owned()),
    }
}

#[test]
fn success_returns_the_typed_token() {
    let api = fake(
        200,
        r#"{"token_type":"bearer","access_token":"abc","expires_in":3600,"scope":"accounts"}"#,
    );
    let token = block_on(api.request_access_token(&params("m-1"), &request("accounts"))).unwrap();
    assert_eq!(token.access_token, "abc");
    assert_eq!(token.expires_in, 3600);
    assert_eq!(*api.received.lock().unwrap(), ["m-1"]);
}

#[test]
fn any_implementation_is_held_behind_dyn_client() {
    // The trait is object-safe: a program holds its client as `Arc<dyn Client>` and a
    // test swaps in a fake without a type parameter anywhere.
    let api: std::sync::Arc<dyn Client + Send + Sync> = std::sync::Arc::new(fake(
        200,
        r#"{"token_type":"bearer","access_token":"abc","expires_in":60,"scope":"a"}"#,
    ));
    let token = block_on(api.request_access_token(&params("m-2"), &request("a"))).unwrap();
    assert_eq!(token.expires_in, 60);
    let err = block_on(api.request_access_token(&params("m-3"), &request(""))).unwrap_err();
    assert!(matches!(err, ClientError::InvalidRequest(_)), "{err:?}");
}

#[test]
fn an_invalid_request_is_not_sent() {
    let api = fake(200, "{}");
    let err = block_on(api.request_access_token(&params("m-1"), &request(""))).unwrap_err();
    match err {
        ClientError::InvalidRequest(v) => assert!(v.contains("/scope", "minLength")),
        other => panic!("{other:?}"),
    }
    assert!(api.received.lock().unwrap().is_empty());
}

#[test]
fn an_api_error_carries_status_and_envelope() {
    let api = fake(
        401,
        r#"{"status":"401","response_code":"AUTH01","response_message":"unauthorised"}"#,
    );
    match block_on(api.request_access_token(&params("m"), &request("a"))).unwrap_err() {
        ClientError::Api { status, body } => {
            assert_eq!(status, 401);
            assert_eq!(
                body.downcast_ref::<ErrorResponse>().unwrap().response_code,
                "AUTH01"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_success_body_that_breaks_the_schema_is_an_error_naming_the_pointer() {
    let api = fake(
        200,
        r#"{"token_type":"mac","access_token":"abc","expires_in":1,"scope":"a"}"#,
    );
    match block_on(api.request_access_token(&params("m"), &request("a"))).unwrap_err() {
        ClientError::InvalidResponse {
            status, violations, ..
        } => {
            assert_eq!(status, 200);
            assert!(violations.contains("/token_type", "enum"), "{violations}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn answers_are_read_as_from_json_reads_them() {
    // Every violation, not only the first, whichever path reads the answer.
    let body = r#"{"token_type":"mac","access_token":"","expires_in":1,"scope":"a","extra":true}"#;
    let ClientError::InvalidResponse { violations, .. } =
        parse_request_access_token_response(&oasbind_runtime::Response::new(200, body))
            .unwrap_err()
    else {
        panic!("an invalid response");
    };
    let expected = AccessTokenResponse::from_json(body).unwrap_err();
    assert_eq!(violations.to_string(), expected.to_string());
    assert!(
        violations.contains("/token_type", "enum")
            && violations.contains("/access_token", "minLength"),
        "{violations}"
    );
    // `3600.0` is an integer to JSON Schema, and so to the typed answer.
    let token = parse_request_access_token_response(&oasbind_runtime::Response::new(
        200,
        r#"{"token_type":"bearer","access_token":"t","expires_in":3600.0,"scope":"a"}"#,
    ))
    .expect("a valid answer");
    assert_eq!(token.expires_in, 3600);
    // Unknown properties of the open token response survive.
    let token = parse_request_access_token_response(&oasbind_runtime::Response::new(
        200,
        r#"{"token_type":"bearer","access_token":"t","expires_in":1,"scope":"a","issued_at":"x"}"#,
    ))
    .expect("a valid answer");
    assert_eq!(token.additional_properties["issued_at"], "x");
}

#[test]
fn an_error_body_that_is_not_the_envelope_keeps_status_and_body() {
    let api = fake(503, "<html>maintenance</html>");
    match block_on(api.request_access_token(&params("m"), &request("a"))).unwrap_err() {
        ClientError::InvalidResponse {
            status,
            body,
            violations,
        } => {
            assert_eq!(status, 503);
            assert_eq!(body, "<html>maintenance</html>");
            assert_eq!(violations.0[0].keyword, "json");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn parameters_are_checked_too() {
    let params = RequestAccessTokenParams {
        msg_id: "m".into(),
        content_type: Some("application/json".into()),
        accept: None,
    };
    validate_request_access_token(&params, &request("a")).unwrap();
}

#[test]
fn credentials_never_show_the_secret() {
    let credentials = Credentials::new("client-id", "TOP-SECRET");
    let shown = format!("{credentials:?}");
    assert!(!shown.contains("TOP-SECRET"), "{shown}");
    assert_eq!(credentials.client_secret_header.expose(), "TOP-SECRET");
    let err: ClientError = ClientError::InvalidResponse {
        status: 200,
        body: r#"{"access_token":"TOKEN-IN-BODY"}"#.into(),
        violations: Violations(vec![]),
    };
    assert!(!format!("{err} {err:?}").contains("TOKEN-IN-BODY"));
}
