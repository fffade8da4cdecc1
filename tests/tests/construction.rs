//! Building values as a user writes them: a constructor with the required fields
//! (`impl Into` each), `Default` when nothing is required, struct update syntax for the
//! optional fields, and undeclared properties that never have to be spelled out.

use oasbind_runtime::Validate;
use partner_auth::{
    AccessTokenRequest, AccessTokenResponse, ErrorResponse, GrantType, OauthMetadata,
    RequestAccessTokenParams, TokenType,
};

#[test]
fn a_constructor_takes_the_required_fields_and_leaves_the_rest_empty() {
    let request = AccessTokenRequest::new(GrantType::ClientCredentials, "accounts");
    assert_eq!(request.scope, "accounts");
    assert_eq!(request.oauth_metadata, None);
    // What it builds is valid, and reads back as itself.
    let text = serde_json::to_string(&request).unwrap();
    assert_eq!(
        text,
        r#"{"grant_type":"client_credentials","scope":"accounts"}"#
    );
    assert_eq!(AccessTokenRequest::from_json(&text).unwrap(), request);
}

#[test]
fn optional_fields_are_set_with_struct_update_syntax() {
    let metadata = OauthMetadata {
        account_id: Some("0123456789".into()),
        ..Default::default()
    };
    let request = AccessTokenRequest {
        // `oauth_metadata` has no `type`: any JSON value is valid there (`Loose`); a struct
        // goes in as its object.
        oauth_metadata: Some(metadata.clone().into()),
        ..AccessTokenRequest::new(GrantType::ClientCredentials, "accounts")
    };
    assert_eq!(
        request.oauth_metadata.as_ref().and_then(|m| m.typed()),
        Some(&metadata)
    );
    assert!(metadata.additional_properties.is_empty());
    assert_eq!(metadata.emirates_id, None);
}

#[test]
fn undeclared_properties_start_empty_and_are_not_written() {
    let answer = AccessTokenResponse::new(TokenType::Bearer, "t0k3n", 3600, "accounts");
    assert!(answer.additional_properties.is_empty());
    let value = serde_json::to_value(&answer).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"token_type": "bearer", "access_token": "t0k3n", "expires_in": 3600, "scope": "accounts"})
    );
    assert_eq!(AccessTokenResponse::from_value(value).unwrap(), answer);
}

#[test]
fn operation_parameters_have_a_constructor_too() {
    let params = RequestAccessTokenParams::new("msg-1");
    assert_eq!(params.msg_id, "msg-1");
    assert_eq!((params.content_type, params.accept), (None, None));
    let error = ErrorResponse::new("400", "E001", "bad request");
    assert_eq!(
        (error.property, error.description),
        (None, None),
        "optional fields start empty"
    );
}
