//! The server a careful engineer writes by hand for the seed API without oasbind: axum,
//! serde_json and the jsonschema crate, validating against the seed's own definitions.
//!
//! It is the yardstick for a generated server, so it does the same work one must do: the
//! security headers, the required `MsgId` header, the content type, a bounded body, the
//! whole `access_token_request` schema (enum, lengths, no unknown properties, the nested
//! `oauth_metadata`), and an `error_response` naming the offending property. It is not
//! made slow on purpose: the schema compiles once, the body is read once, headers are
//! checked before the body is read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use jsonschema::Validator;
use serde_json::{json, Value};

/// The seed document: the schema is the seed's, not a copy that could drift from it.
const SEED: &str = include_str!("../../../schemas/rakbank/partner_auth.json");

/// The operation's path under the seed's `basePath` (`/v1`).
pub const PATH: &str = "/v1/partner_auth/token";

/// Largest body read: a valid request is a few hundred bytes (`scope` is at most 500
/// characters), so a mebibyte is generous and still bounds what a caller can make us hold.
pub const BODY_LIMIT: usize = 1 << 20;

/// The API-key headers of the seed's `securityDefinitions`, both required.
const KEYS: [&str; 2] = ["X-IBM-Client-Id", "X-IBM-Client-Secret"];

/// The hand-written server: `POST /v1/partner_auth/token`.
///
/// # Panics
/// When the seed's schema does not compile, which is a bug caught by the first test.
pub fn router() -> Router {
    Router::new()
        .route(PATH, post(token))
        .with_state(Arc::new(validator()))
}

/// `access_token_request` as a draft-4 document (Swagger 2.0 schemas are a draft-4
/// dialect) carrying all the seed's `definitions`, so its `$ref` to `oauth_metadata`
/// resolves. Compiled once, at startup: compiling per request would dwarf validating.
fn validator() -> Validator {
    let seed: Value = serde_json::from_str(SEED).expect("the seed is JSON");
    let schema = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "definitions": seed["definitions"],
        "$ref": "#/definitions/access_token_request",
    });
    jsonschema::draft4::new(&schema).expect("the seed's access_token_request compiles")
}

/// The handler. Takes the raw request so that headers are checked before the body is read:
/// a caller without keys should not get to make us buffer a mebibyte.
async fn token(State(validator): State<Arc<Validator>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(refused) = check_headers(&parts.headers) {
        return refused;
    }
    let bytes = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            let message = format!("the body is larger than {BODY_LIMIT} bytes");
            return error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", &message);
        }
        Err(e) => return error(StatusCode::BAD_REQUEST, "body", &e.to_string()),
    };
    let request: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(e) => return error(StatusCode::BAD_REQUEST, "invalid_json", &e.to_string()),
    };
    if let Err(violation) = validator.validate(&request) {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({
                "status": "400",
                "response_code": violation.kind().keyword(),
                "response_message": "request does not match the definition",
                "property": violation.instance_path().as_str(),
                "description": violation.to_string(),
            }),
        );
    }
    // Valid, so `scope` is a string of 1..=500 characters.
    let scope = request["scope"].as_str().unwrap_or_default();
    json_response(
        StatusCode::OK,
        &json!({
            "token_type": "bearer",
            "access_token": access_token(),
            "expires_in": 3600,
            "scope": scope,
        }),
    )
}

/// The keys (401), `MsgId` (400), then the content type (415); `None` when all are fine.
/// Keys first: a caller that is not a partner learns nothing about the request's shape.
fn check_headers(headers: &HeaderMap) -> Option<Response> {
    if let Some(key) = KEYS.iter().find(|key| !headers.contains_key(**key)) {
        let message = format!("missing API key header {key}");
        return Some(error(StatusCode::UNAUTHORIZED, "unauthorized", &message));
    }
    if !headers.contains_key("MsgId") {
        let message = "missing required header MsgId";
        return Some(error(StatusCode::BAD_REQUEST, "missing_header", message));
    }
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(is_json);
    if !json {
        let message = "Content-Type must be application/json";
        return Some(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            message,
        ));
    }
    None
}

/// `application/json` or a `+json` type, parameters (`; charset=utf-8`) ignored.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// A stand-in token, opaque and unique per answer. Issuing real tokens (signing, storage)
/// is the same work for any server and would only blur the comparison.
fn access_token() -> String {
    static ISSUED: AtomicU64 = AtomicU64::new(0);
    format!("sandbox-{:016x}", ISSUED.fetch_add(1, Ordering::Relaxed))
}

/// An `error_response` without a property.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({
            "status": status.as_str(),
            "response_code": code,
            "response_message": message,
        }),
    )
}

/// A JSON answer. By hand rather than axum's `Json`: the `json` feature would pull in
/// serde_path_to_error for extraction, which this server does not use.
fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).expect("a Value serializes");
    let content_type = [(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    (status, content_type, Body::from(bytes)).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/jsonx"));
    }
}
