//! The whole flow: a `#[scopes]` enum → `AccessTokenRequest::for_scopes` → a `Client` (here an
//! in-memory fake of the partner authentication server) → a token.

use oasbind_runtime::{ClientError, MissingMetadata, ScopeRequestError, TokenRequest};
use partner_auth::{
    parse_request_access_token_response, validate_request_access_token, AccessTokenRequest,
    AccessTokenResponse, Client, ErrorResponse, OauthMetadata, RequestAccessTokenParams, TokenType,
};
use std::future::Future;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("kyc", requires(emirates_id))]
    Kyc,
    #[scope("payments", requires(account_id, emirates_id))]
    Payments,
    #[scope("fx-rates")]
    FxRates,
}

/// Drives `future` to completion on this thread.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::yield_now();
    }
}

/// The token endpoint, in memory: it checks what it receives against the definition and
/// against the scopes' requirements, as the real server would, and answers in JSON.
#[derive(Default)]
struct FakeServer {
    received: Mutex<Vec<(String, AccessTokenRequest)>>,
}

impl FakeServer {
    fn received(&self) -> Vec<(String, AccessTokenRequest)> {
        self.received.lock().unwrap().clone()
    }

    /// The HTTP status and body the server answers `body` with.
    fn answer(
        &self,
        params: &RequestAccessTokenParams,
        body: &AccessTokenRequest,
    ) -> (u16, String) {
        self.received
            .lock()
            .unwrap()
            .push((params.msg_id.clone(), body.clone()));
        let error = |code: &str, message: String| {
            let body = ErrorResponse {
                status: "400".into(),
                response_code: code.into(),
                property: Some("scope".into()),
                response_message: message,
                description: None,
            };
            (400, serde_json::to_string(&body).unwrap())
        };
        let mut scopes = Vec::new();
        for token in body.scope.split(' ') {
            match token.parse::<Scope>() {
                Ok(scope) => scopes.push(scope),
                Err(unknown) => return error("INVALID_SCOPE", unknown.to_string()),
            }
        }
        if let Err(mut missing) = Scope::check_metadata(
            &scopes,
            body.oauth_metadata.as_ref().and_then(|m| m.typed()),
        ) {
            // The server knows where the metadata sits in its request.
            missing.property = Some("oauth_metadata");
            return error("MISSING_METADATA", missing.to_string());
        }
        let token = serde_json::json!({
            "token_type": "bearer",
            "access_token": format!("token-for-{}", params.msg_id),
            "expires_in": 3600,
            "scope": body.scope,
        });
        (200, token.to_string())
    }
}

impl Client for FakeServer {
    // Each method returns its call boxed: `Box::pin(async move { .. })`.
    fn request_access_token<'a>(
        &'a self,
        params: &'a RequestAccessTokenParams,
        body: &'a AccessTokenRequest,
    ) -> oasbind_runtime::BoxFuture<'a, Result<AccessTokenResponse, ClientError>> {
        Box::pin(async move {
            // As the trait asks: an invalid request is never sent.
            validate_request_access_token(params, body)?;
            let (status, text) = self.answer(params, body);
            parse_request_access_token_response(&oasbind_runtime::Response::new(status, &text))
        })
    }
}

fn params(msg_id: &str) -> RequestAccessTokenParams {
    RequestAccessTokenParams {
        msg_id: msg_id.into(),
        content_type: Some("application/json".into()),
        accept: None,
    }
}

fn metadata() -> OauthMetadata {
    OauthMetadata {
        account_id: Some("0188000049916".into()),
        emirates_id: Some("500000000006190".into()),
        ..OauthMetadata::default()
    }
}

/// Requests a token for `scopes` the way an application would.
async fn token_for(
    client: &impl Client,
    msg_id: &str,
    scopes: &[Scope],
    metadata: Option<OauthMetadata>,
) -> Result<AccessTokenResponse, Box<dyn std::error::Error>> {
    let request = AccessTokenRequest::for_scopes(scopes, metadata)?;
    Ok(client
        .request_access_token(&params(msg_id), &request)
        .await?)
}

#[test]
fn scopes_to_token() {
    let server = FakeServer::default();
    let scopes = [Scope::Payments, Scope::FxRates];
    let token = block_on(token_for(&server, "msg-1", &scopes, Some(metadata()))).unwrap();

    assert_eq!(token.token_type, TokenType::Bearer);
    assert_eq!(token.access_token, "token-for-msg-1");
    assert_eq!(token.expires_in, 3600);
    assert_eq!(token.scope, "payments fx-rates");
    // The granted scopes read back into the enum.
    let granted = token
        .scope
        .split(' ')
        .map(str::parse)
        .collect::<Result<Vec<Scope>, _>>();
    assert_eq!(granted.unwrap(), scopes);
    assert!(
        !format!("{token:?}").contains("token-for-msg-1"),
        "the token is redacted"
    );

    let received = server.received();
    assert_eq!(received.len(), 1);
    let (msg_id, request) = &received[0];
    assert_eq!(msg_id, "msg-1");
    assert_eq!(request.scope, "payments fx-rates");
    assert_eq!(request.oauth_metadata, Some(metadata().into()));
    // On the wire: the scopes joined with spaces, and the metadata.
    let json = serde_json::to_value(request).unwrap();
    assert_eq!(json["scope"], "payments fx-rates");
    assert_eq!(json["grant_type"], "client_credentials");
    assert_eq!(json["oauth_metadata"]["emirates_id"], "500000000006190");
}

#[test]
fn every_scope_alone_gets_a_token() {
    let server = FakeServer::default();
    for (i, &scope) in Scope::ALL.iter().enumerate() {
        let msg_id = format!("msg-{i}");
        let token = block_on(token_for(&server, &msg_id, &[scope], Some(metadata()))).unwrap();
        assert_eq!(token.scope, scope.as_str());
    }
    assert_eq!(server.received().len(), Scope::ALL.len());
}

#[test]
fn missing_metadata_is_never_sent() {
    let server = FakeServer::default();
    let only_account = OauthMetadata {
        account_id: Some("0188000049916".into()),
        ..OauthMetadata::default()
    };
    let err = block_on(token_for(
        &server,
        "msg-2",
        &[Scope::Accounts, Scope::Kyc],
        Some(only_account),
    ))
    .unwrap_err();
    let err = err.downcast::<ScopeRequestError>().unwrap();
    assert_eq!(
        *err,
        ScopeRequestError::MissingMetadata(MissingMetadata {
            missing: vec![("kyc", "emirates_id")],
            property: Some("oauth_metadata"),
        })
    );
    assert!(server.received().is_empty());
}

#[test]
fn an_invalid_request_is_never_sent() {
    let server = FakeServer::default();
    // Built by hand, bypassing `for_scopes`: an empty scope breaks `minLength`.
    let request = AccessTokenRequest {
        grant_type: Default::default(),
        scope: String::new(),
        oauth_metadata: None,
    };
    match block_on(server.request_access_token(&params("msg-3"), &request)) {
        Err(ClientError::InvalidRequest(violations)) => {
            assert!(violations.contains("/scope", "minLength"), "{violations}");
        }
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert!(server.received().is_empty());
}

#[test]
fn the_server_rejects_what_the_enum_would_have_caught() {
    let server = FakeServer::default();
    // Built by hand, bypassing the enum: a scope the server doesn't know, and a scope whose
    // metadata is missing. Both reach the server, which answers with a documented error.
    let unknown = AccessTokenRequest {
        grant_type: Default::default(),
        scope: "accounts teleport".into(),
        oauth_metadata: Some(metadata().into()),
    };
    match block_on(server.request_access_token(&params("msg-4"), &unknown)) {
        Err(ClientError::Api { status: 400, body }) => {
            let body = body.downcast::<ErrorResponse>().unwrap();
            assert_eq!(body.response_code, "INVALID_SCOPE");
            assert_eq!(body.response_message, "unknown scope \"teleport\"");
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    let unchecked = AccessTokenRequest {
        grant_type: Default::default(),
        scope: "kyc".into(),
        oauth_metadata: None,
    };
    match block_on(server.request_access_token(&params("msg-5"), &unchecked)) {
        Err(ClientError::Api { status: 400, body }) => {
            let body = body.downcast::<ErrorResponse>().unwrap();
            assert_eq!(body.response_code, "MISSING_METADATA");
            assert_eq!(
                body.response_message,
                "missing metadata: scope \"kyc\" requires oauth_metadata.emirates_id"
            );
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(server.received().len(), 2);
}
