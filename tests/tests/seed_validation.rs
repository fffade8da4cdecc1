//! The seed API's constraints, checked by running the checked-in generated bindings.

use oasbind_runtime::{Validate, Violations};
use partner_auth::{
    AccessTokenRequest, AccessTokenResponse, ErrorResponse, GrantType, OauthMetadata, TokenType,
};

fn violations<T: Validate + std::fmt::Debug>(json: &str) -> Violations {
    match T::from_json(json) {
        Ok(v) => panic!("expected violations, parsed {v:?}"),
        Err(v) => v,
    }
}

fn pointers(v: &Violations) -> Vec<(String, &'static str)> {
    v.iter().map(|v| (v.pointer.clone(), v.keyword)).collect()
}

#[test]
fn a_valid_request_round_trips() {
    let json = r#"{"grant_type":"client_credentials","scope":"accounts kyc","oauth_metadata":{"account_id":"0188000049916"}}"#;
    let request = AccessTokenRequest::from_json(json).expect("valid");
    assert_eq!(request.grant_type, GrantType::ClientCredentials);
    assert_eq!(request.scope, "accounts kyc");
    assert_eq!(
        request
            .oauth_metadata
            .as_ref()
            .and_then(|m| m.typed())
            .and_then(|m| m.account_id.as_deref()),
        Some("0188000049916")
    );
    let back = serde_json::to_string(&request).unwrap();
    assert_eq!(back, json);
    request.validate().expect("still valid");
}

#[test]
fn absent_optional_fields_are_not_written_as_null() {
    let request = AccessTokenRequest {
        grant_type: GrantType::ClientCredentials,
        scope: "accounts".into(),
        oauth_metadata: None,
    };
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"grant_type":"client_credentials","scope":"accounts"}"#
    );
}

#[test]
fn grant_type_is_an_enum_of_its_wire_values() {
    assert_eq!(
        serde_json::to_string(&GrantType::ClientCredentials).unwrap(),
        r#""client_credentials""#
    );
    assert_eq!(GrantType::ClientCredentials.as_str(), "client_credentials");
    assert_eq!(TokenType::Bearer.to_string(), "bearer");
}

#[test]
fn empty_scope_violates_min_length() {
    let v = violations::<AccessTokenRequest>(r#"{"grant_type":"client_credentials","scope":""}"#);
    assert_eq!(pointers(&v), [("/scope".to_owned(), "minLength")]);
}

#[test]
fn scope_of_501_characters_violates_max_length() {
    let json = format!(
        r#"{{"grant_type":"client_credentials","scope":"{}"}}"#,
        "a".repeat(501)
    );
    let v = violations::<AccessTokenRequest>(&json);
    assert_eq!(pointers(&v), [("/scope".to_owned(), "maxLength")]);
    let json = format!(
        r#"{{"grant_type":"client_credentials","scope":"{}"}}"#,
        "a".repeat(500)
    );
    AccessTokenRequest::from_json(&json).expect("500 characters are allowed");
}

#[test]
fn lengths_count_code_points_not_bytes() {
    let json = format!(
        r#"{{"grant_type":"client_credentials","scope":"{}"}}"#,
        "é".repeat(500)
    );
    let request = AccessTokenRequest::from_json(&json).expect("500 × é is 500 characters");
    assert_eq!(request.scope.len(), 1000);
    let json = format!(
        r#"{{"grant_type":"client_credentials","scope":"{}"}}"#,
        "é".repeat(501)
    );
    assert!(violations::<AccessTokenRequest>(&json).contains("/scope", "maxLength"));
}

#[test]
fn unknown_grant_type_violates_enum() {
    let v = violations::<AccessTokenRequest>(r#"{"grant_type":"password","scope":"a"}"#);
    assert_eq!(pointers(&v), [("/grant_type".to_owned(), "enum")]);
}

#[test]
fn unknown_request_field_is_rejected_with_its_pointer() {
    let v = violations::<AccessTokenRequest>(
        r#"{"grant_type":"client_credentials","scope":"a","extra":1}"#,
    );
    assert_eq!(
        pointers(&v),
        [("/extra".to_owned(), "additionalProperties")]
    );
    // The Rust type rejects it too, whichever way it is parsed, with serde's words.
    let e = serde_json::from_str::<AccessTokenRequest>(
        r#"{"grant_type":"client_credentials","scope":"a","extra":1}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with(
            "unknown field `extra`, expected one of `grant_type`, `scope`, `oauth_metadata`"
        ),
        "{e}"
    );
}

#[test]
fn the_request_is_read_from_an_object_only() {
    // serde's derive would also read a struct from an array of its fields.
    let e = serde_json::from_str::<AccessTokenRequest>(r#"["client_credentials","a",null]"#)
        .unwrap_err();
    assert!(e.to_string().contains("expected an object"), "{e}");
    let v = violations::<AccessTokenRequest>(r#"["client_credentials","a",null]"#);
    assert_eq!(pointers(&v), [(String::new(), "type")]);
}

#[test]
fn every_violation_is_reported() {
    let v =
        violations::<AccessTokenRequest>(r#"{"grant_type":"password","scope":"","extra":true}"#);
    let mut found = pointers(&v);
    found.sort();
    assert_eq!(
        found,
        [
            ("/extra".to_owned(), "additionalProperties"),
            ("/grant_type".to_owned(), "enum"),
            ("/scope".to_owned(), "minLength"),
        ]
    );
}

#[test]
fn type_errors_are_reported_with_their_pointer() {
    let v = violations::<AccessTokenRequest>(
        r#"{"grant_type":"client_credentials","scope":5,"oauth_metadata":{"account_id":7}}"#,
    );
    assert_eq!(
        pointers(&v),
        [
            ("/scope".to_owned(), "type"),
            ("/oauth_metadata/account_id".to_owned(), "type")
        ]
    );
    let v = violations::<AccessTokenRequest>("[]");
    assert_eq!(pointers(&v), [(String::new(), "type")]);
    let v = violations::<AccessTokenRequest>("{not json");
    assert_eq!(pointers(&v), [(String::new(), "json")]);
}

#[test]
fn unknown_metadata_fields_survive_a_round_trip() {
    let json = r#"{"account_id":"1","branch":{"code":"DXB","open":true},"tier":3}"#;
    let metadata = OauthMetadata::from_json(json).unwrap();
    assert_eq!(metadata.additional_properties["tier"], 3);
    assert_eq!(serde_json::to_string(&metadata).unwrap(), json);
}

#[test]
fn unknown_token_response_fields_survive_a_round_trip() {
    let json = r#"{"token_type":"bearer","access_token":"t0k3n","expires_in":3600,"scope":"accounts","refresh_expires_in":0,"issued_at":"2026-11-26"}"#;
    let response = AccessTokenResponse::from_json(json).unwrap();
    assert_eq!(response.expires_in, 3600);
    assert_eq!(serde_json::to_string(&response).unwrap(), json);
}

#[test]
fn an_error_response_with_an_unknown_field_is_rejected() {
    let v = violations::<ErrorResponse>(
        r#"{"status":"400","response_code":"E1","response_message":"bad","trace":"x"}"#,
    );
    assert_eq!(
        pointers(&v),
        [("/trace".to_owned(), "additionalProperties")]
    );
    ErrorResponse::from_json(r#"{"status":"400","response_code":"E1","response_message":"bad"}"#)
        .unwrap();
}

#[test]
fn the_error_schema_is_an_object_although_it_has_no_type() {
    let v = violations::<ErrorResponse>(r#""a string""#);
    assert_eq!(pointers(&v), [(String::new(), "type")]);
}

#[test]
fn a_token_response_missing_fields_reports_each() {
    let v = violations::<AccessTokenResponse>(r#"{"token_type":"bearer"}"#);
    let missing: Vec<&str> = v.iter().map(|v| v.message.as_str()).collect();
    assert!(
        v.iter()
            .all(|v| v.keyword == "required" && v.pointer.is_empty()),
        "{v:?}"
    );
    for field in ["access_token", "expires_in", "scope"] {
        assert!(
            missing.iter().any(|m| m.contains(field)),
            "{field} not reported: {missing:?}"
        );
    }
    assert_eq!(v.0.len(), 3);
}

#[test]
fn violations_convert_into_the_api_error_envelope() {
    let v = violations::<AccessTokenRequest>(r#"{"grant_type":"client_credentials","scope":""}"#);
    let envelopes: Vec<ErrorResponse> = (&v).into();
    assert_eq!(envelopes.len(), 1);
    let e = &envelopes[0];
    assert_eq!(e.status, "400");
    assert_eq!(e.property.as_deref(), Some("/scope"));
    assert_eq!(e.response_code, "minLength");
    assert!(e.description.as_deref().unwrap().contains("at least 1"));
    // The envelope itself is valid against its schema.
    e.validate().unwrap();
}

#[test]
fn token_values_never_appear_in_debug_or_errors() {
    let response = AccessTokenResponse::from_json(
        r#"{"token_type":"bearer","access_token":"SECRET-TOKEN-VALUE","expires_in":1,"scope":"a"}"#,
    )
    .unwrap();
    assert!(!format!("{response:?}").contains("SECRET-TOKEN-VALUE"));
    let long = format!(
        r#"{{"token_type":"bearer","access_token":"{}","expires_in":1,"scope":"a"}}"#,
        "S".repeat(5001)
    );
    let v = violations::<AccessTokenResponse>(&long);
    assert!(v.contains("/access_token", "maxLength"));
    assert!(!format!("{v} {v:?}").contains("SSSS"));
}
