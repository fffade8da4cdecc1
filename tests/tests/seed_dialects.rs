//! The seed written in Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 gives bindings that behave
//! the same: one set of assertions runs against all three.

macro_rules! seed_behaviour {
    ($dialect:ident) => {
        mod $dialect {
            use oasbind_runtime::{ClientError, Validate, Violations};
            use oasbind_tests::$dialect::*;
            use std::future::Future;

            fn keywords(v: &Violations) -> Vec<(String, &'static str)> {
                let mut found: Vec<_> = v.iter().map(|v| (v.pointer.clone(), v.keyword)).collect();
                found.sort();
                found
            }

            fn request(scope: &str) -> String {
                format!(r#"{{"grant_type":"client_credentials","scope":"{scope}"}}"#)
            }

            #[test]
            fn valid_requests_round_trip() {
                let json = r#"{"grant_type":"client_credentials","scope":"a b","oauth_metadata":{"account_id":"1","extra":[1]}}"#;
                let r = AccessTokenRequest::from_json(json).unwrap();
                assert_eq!(r.grant_type, GrantType::ClientCredentials);
                assert_eq!(serde_json::to_string(&r).unwrap(), json);
            }

            #[test]
            fn scope_lengths_count_code_points() {
                assert!(AccessTokenRequest::from_json(&request(&"é".repeat(500))).is_ok());
                let long = AccessTokenRequest::from_json(&request(&"a".repeat(501))).unwrap_err();
                assert_eq!(keywords(&long), [("/scope".to_owned(), "maxLength")]);
                let empty = AccessTokenRequest::from_json(&request("")).unwrap_err();
                assert_eq!(keywords(&empty), [("/scope".to_owned(), "minLength")]);
            }

            #[test]
            fn every_violation_is_reported() {
                let v = AccessTokenRequest::from_json(r#"{"grant_type":"password","scope":"","x":1}"#).unwrap_err();
                assert_eq!(
                    keywords(&v),
                    [
                        ("/grant_type".to_owned(), "enum"),
                        ("/scope".to_owned(), "minLength"),
                        ("/x".to_owned(), "additionalProperties"),
                    ]
                );
            }

            #[test]
            fn open_objects_keep_unknown_fields_and_closed_ones_reject_them() {
                let token = r#"{"token_type":"bearer","access_token":"t","expires_in":60,"scope":"a","extra":true}"#;
                let parsed = AccessTokenResponse::from_json(token).unwrap();
                assert_eq!(serde_json::to_string(&parsed).unwrap(), token);
                let error = r#"{"status":"400","response_code":"E","response_message":"m","extra":1}"#;
                let v = ErrorResponse::from_json(error).unwrap_err();
                assert_eq!(keywords(&v), [("/extra".to_owned(), "additionalProperties")]);
                let v = AccessTokenResponse::from_json(r#"{"token_type":"bearer"}"#).unwrap_err();
                assert_eq!(v.iter().filter(|v| v.keyword == "required").count(), 3);
            }

            struct Fake;

            impl Client for Fake {
                fn request_access_token<'a>(
                    &'a self,
                    params: &'a RequestAccessTokenParams,
                    body: &'a AccessTokenRequest,
                ) -> oasbind_runtime::BoxFuture<'a, Result<AccessTokenResponse, ClientError>> {
                    Box::pin(async move {
                        validate_request_access_token(params, body)?;
                        parse_request_access_token_response(&oasbind_runtime::Response::new(200, r#"{"token_type":"bearer","access_token":"t","expires_in":60,"scope":"a"}"#))
                    })
                }
            }

            #[test]
            fn the_client_trait_checks_and_parses() {
                let params = RequestAccessTokenParams { msg_id: "m".into(), content_type: None, accept: None };
                let body = AccessTokenRequest { grant_type: GrantType::ClientCredentials, scope: "a".into(), oauth_metadata: None };
                let mut future = std::pin::pin!(Fake.request_access_token(&params, &body));
                let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
                let std::task::Poll::Ready(token) = future.as_mut().poll(&mut cx) else { panic!("the fake answers at once") };
                assert_eq!(token.unwrap().expires_in, 60);
                let bad = AccessTokenRequest { scope: String::new(), ..body.clone() };
                assert!(matches!(validate_request_access_token(&params, &bad), Err(v) if v.contains("/scope", "minLength")));
                let envelopes: Vec<ErrorResponse> = (&validate_request_access_token(&params, &bad).unwrap_err()).into();
                assert_eq!(envelopes[0].property.as_deref(), Some("/scope"));
                let credentials = Credentials::new("id", "SECRET");
                assert!(!format!("{credentials:?}").contains("SECRET"));
            }
        }
    };
}

seed_behaviour!(partner_auth);
seed_behaviour!(partner_auth_oas30);
seed_behaviour!(partner_auth_oas31);
