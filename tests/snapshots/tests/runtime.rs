//! A few of the snapshots' types at run time, so that the snapshots are exercised and not
//! only compiled: a valid and an invalid document through `Validate::from_json`, an open
//! enum's unknown value, and the derives and attributes the settings add.

use oasbind_runtime::Validate;
use oasbind_snapshots::{attributes, composition, open_enums, partner_auth, recursive};

#[test]
fn the_seed_reads_a_valid_token_request_and_reports_an_invalid_one() {
    let json = r#"{"grant_type":"client_credentials","scope":"accounts","oauth_metadata":{"account_id":"0188000049916"}}"#;
    let request = partner_auth::AccessTokenRequest::from_json(json).expect("valid");
    assert_eq!(
        request.grant_type,
        partner_auth::GrantType::ClientCredentials
    );
    assert_eq!(request.scope, "accounts");
    let metadata = request
        .oauth_metadata
        .as_ref()
        .and_then(|m| m.typed())
        .expect("present, an object");
    assert_eq!(metadata.account_id.as_deref(), Some("0188000049916"));
    assert_eq!(serde_json::to_string(&request).expect("serializes"), json);

    // An empty scope, a grant the enum does not list and an undeclared property.
    let json = r#"{"grant_type":"password","scope":"","extra":1}"#;
    let violations = partner_auth::AccessTokenRequest::from_json(json).unwrap_err();
    assert!(violations.contains("/scope", "minLength"), "{violations}");
    assert!(violations.contains("/grant_type", "enum"), "{violations}");
    assert!(
        violations.contains("/extra", "additionalProperties"),
        "{violations}"
    );
}

#[test]
fn validation_follows_the_recursion() {
    let json = r#"{"name":"root","parent":{"name":"up"},"children":[{"name":"c"}]}"#;
    let node = recursive::Node::from_json(json).expect("valid");
    assert_eq!(node.parent.as_deref().map(|p| p.name.as_str()), Some("up"));
    let json = r#"{"name":"root","children":[{"name":"a","parent":{"name":""}}]}"#;
    let violations = recursive::Node::from_json(json).unwrap_err();
    assert!(
        violations.contains("/children/0/parent/name", "minLength"),
        "{violations}"
    );
}

#[test]
fn an_open_enum_keeps_a_value_it_does_not_list() {
    let status = open_enums::Status::from_json(r#""closed""#).expect("an open enum");
    assert_eq!(status, open_enums::Status::Unknown("closed".to_owned()));
    assert_eq!(
        serde_json::to_string(&status).expect("serializes"),
        r#""closed""#
    );
    assert_eq!(
        open_enums::Status::from_json(r#""active""#).expect("listed"),
        open_enums::Status::Active
    );
}

#[test]
fn the_settings_add_derives_and_attributes() {
    // `Hash, Eq` on every type, `PartialOrd, Ord` on the colour.
    let points: std::collections::HashSet<attributes::Point> = [
        r#"{"x":1,"y":2,"label":"a"}"#,
        r#"{"x":1,"y":2,"name":"a"}"#,
    ]
    .into_iter()
    .map(|json| attributes::Point::from_json(json).expect("valid"))
    .collect();
    // The field attribute: `name` is an alias of `label`, so both are the same point.
    assert_eq!(points.len(), 1, "{points:?}");
    assert!(attributes::Colour::Red < attributes::Colour::Green);
    // A serde attribute on a union: serde's derive writes it, and reads the attribute.
    let err = serde_json::from_str::<attributes::Size>("true").expect_err("neither");
    assert!(
        err.to_string().starts_with("a size: a number or a name"),
        "{err}"
    );
    assert_eq!(
        serde_json::from_str::<attributes::Size>(r#""large""#).expect("a name"),
        attributes::Size::String("large".to_owned())
    );
}

#[test]
fn unions_read_and_write_their_alternative() {
    use composition::IdOrName;
    assert_eq!(
        serde_json::from_str::<IdOrName>("7").expect("a number"),
        IdOrName::Integer(7)
    );
    let name = serde_json::from_str::<IdOrName>(r#""rex""#).expect("a name");
    assert_eq!(serde_json::to_string(&name).expect("JSON"), r#""rex""#);
    let err = serde_json::from_str::<IdOrName>("[]").expect_err("neither");
    assert!(
        err.to_string()
            .starts_with("data did not match any variant of untagged enum IdOrName"),
        "{err}"
    );
}
