//! Objects that allow undeclared properties: read as plain serde reads them (the types
//! implement `Deserialize` without buffering), checked as `from_json` checks them.

use oasbind_runtime::Validate;
use oasbind_tests::composition as c;

#[test]
fn undeclared_properties_are_kept_and_written_back() {
    let text = r#"{"message":"no such pet","trace":{"id":7},"hint":["a","b"]}"#;
    let found: c::NotFound = serde_json::from_str(text).unwrap();
    assert_eq!(found.message, "no such pet");
    assert_eq!(found.additional_properties["trace"]["id"], 7);
    assert_eq!(found.additional_properties.len(), 2);
    let back: serde_json::Value = serde_json::to_value(&found).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
    // The same through `from_json`, and from a `Value`.
    assert_eq!(c::NotFound::from_json(text).unwrap(), found);
    assert_eq!(serde_json::from_value::<c::NotFound>(back).unwrap(), found);
}

#[test]
fn a_missing_required_property_is_an_error() {
    let e = serde_json::from_str::<c::NotFound>(r#"{"trace":1}"#).unwrap_err();
    assert!(e.to_string().contains("missing field `message`"), "{e}");
    assert!(c::NotFound::from_json(r#"{"trace":1}"#)
        .unwrap_err()
        .contains("", "required"));
}

#[test]
fn a_repeated_declared_property_is_an_error() {
    let e = serde_json::from_str::<c::NotFound>(r#"{"message":"a","message":"b"}"#).unwrap_err();
    assert!(e.to_string().contains("duplicate field `message`"), "{e}");
}

#[test]
fn escaped_property_names_are_read_as_their_text() {
    let found: c::NotFound =
        serde_json::from_str(r#"{"mess\u0061ge":"x","tr\u00e9s":true}"#).unwrap();
    assert_eq!(found.message, "x");
    assert_eq!(found.additional_properties["trés"], true);
}

#[test]
fn an_absent_optional_property_is_none_and_a_declared_type_still_applies() {
    let p: c::Profile = serde_json::from_str(r#"{"extra":1}"#).unwrap();
    assert_eq!((p.nickname, p.motto), (None, None));
    assert!(serde_json::from_str::<c::Profile>(r#"{"motto":5}"#).is_err());
    assert!(c::Profile::from_json(r#"{"motto":5}"#)
        .unwrap_err()
        .contains("/motto", "type"));
    assert!(serde_json::from_str::<c::Profile>("[]").is_err());
}
