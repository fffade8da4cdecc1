//! Generated code is hygienic against every definition name: `tests/fixtures/hygiene*.json`
//! name a definition after every capital letter (the type parameters generated code once
//! used, `A` and `D`, broke open structs), after every name in `oasbind::RESERVED`, and after
//! the names of the runtime's items and of the generated code's former local items
//! (`Fields`, `Wire`, `Visitor`, ...). That `src/lib.rs` compiles them under
//! `#![deny(warnings)]` is most of the proof; these tests read every one.

use oasbind_runtime::{TokenRequest, Validate};
use oasbind_tests::{hygiene, hygiene_enums, hygiene_unions};

/// The schemas of a fixture, by definition name.
fn schemas(fixture: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!("{}/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["components"]["schemas"].as_object().unwrap().clone()
}

/// The definition names of a fixture.
fn names(fixture: &str) -> Vec<String> {
    schemas(fixture).keys().cloned().collect()
}

#[test]
fn the_fixtures_name_every_letter_and_every_reserved_name() {
    for fixture in ["hygiene.json", "hygiene_unions.json", "hygiene_enums.json"] {
        let names = names(fixture);
        for letter in 'A'..='Z' {
            assert!(names.contains(&letter.to_string()), "{fixture}: {letter}");
        }
        for reserved in oasbind::RESERVED {
            assert!(
                names.iter().any(|n| n == reserved),
                "{fixture}: {reserved} (a name the generated code uses: add it)"
            );
        }
        for runtime in [
            "Validate",
            "Violations",
            "Secret",
            "ClientError",
            "TokenRequest",
            "Fields",
            "Wire",
            "Visitor",
            "Key",
        ] {
            assert!(names.iter().any(|n| n == runtime), "{fixture}: {runtime}");
        }
    }
}

#[test]
fn every_open_struct_keeps_undeclared_properties() {
    let schemas = schemas("hygiene.json");
    assert_eq!(hygiene::DEFINITIONS.len(), schemas.len());
    for name in hygiene::DEFINITIONS {
        let json = match *name {
            "C" => r#"{"scope":"accounts","extra":1}"#,
            "D" => r#"{"account_id":"0188","extra":1}"#,
            "E" => r#"{"access_token":"t","expires_in":60,"extra":1}"#,
            _ => r#"{"id":"1","extra":7}"#,
        };
        let checked = hygiene::validate_json(name, json).expect("a definition of the fixture");
        assert_eq!(checked, Ok(()), "{name}");
        // An undeclared property that breaks `additionalProperties` where it is a schema.
        if !["C", "D", "E"].contains(name) {
            let wrong = hygiene::validate_json(name, r#"{"id":"1","extra":"seven"}"#).unwrap();
            let integers = schemas[*name]["additionalProperties"].is_object();
            assert_eq!(wrong.is_err(), integers, "{name}");
        }
    }
}

#[test]
fn open_structs_named_like_type_parameters_round_trip() {
    let a = hygiene::A::from_json(r#"{"id":"a","access_token":"TOP-SECRET","x":[1]}"#).unwrap();
    assert_eq!(a.additional_properties["x"], serde_json::json!([1]));
    assert!(!format!("{a:?}").contains("TOP-SECRET"));
    let d =
        hygiene::D::from_json(r#"{"account_id":"1","detail":{"id":"x"},"extra":true}"#).unwrap();
    assert_eq!(d.detail.as_ref().map(|a| a.id.as_str()), Some("x"));
    let fields = hygiene::Fields::from_json(r#"{"id":"f","n":3}"#).unwrap();
    assert_eq!(
        fields.additional_properties.get("n"),
        Some(&serde_json::json!(3))
    );
    assert_eq!(
        serde_json::to_string(&fields).unwrap(),
        r#"{"id":"f","n":3}"#
    );
    let wire = hygiene::Wire::from_json(r#"{"id":"w","next":{"id":"a"}}"#).unwrap();
    assert_eq!(wire.next.unwrap().id, "a");
}

#[test]
fn the_token_request_named_c_takes_its_metadata_named_d() {
    assert_eq!(<hygiene::C as TokenRequest>::METADATA_PROPERTY, "metadata");
    let request = <hygiene::C as TokenRequest>::for_scopes::<Never>(&[], None).unwrap_err();
    // An empty scope breaks `minLength`: checked before anything is sent.
    assert!(
        matches!(request, oasbind_runtime::ScopeRequestError::Invalid(v) if v.contains("/scope", "minLength"))
    );
}

/// A scope enum with no scope, for the test above.
#[derive(Clone, Copy)]
enum Never {}

impl oasbind_runtime::OAuthScope for Never {
    type Metadata = hygiene::D;
    const ALL: &'static [Self] = &[];
    fn as_str(&self) -> &'static str {
        match *self {}
    }
    fn required_metadata(&self) -> &'static [&'static str] {
        match *self {}
    }
    fn missing_metadata(&self, _: Option<&hygiene::D>) -> Vec<&'static str> {
        match *self {}
    }
}

#[test]
fn every_union_is_chosen_by_its_discriminator() {
    assert_eq!(
        hygiene_unions::DEFINITIONS.len(),
        names("hygiene_unions.json").len()
    );
    for name in hygiene_unions::DEFINITIONS
        .iter()
        .filter(|n| !n.starts_with("Alt"))
    {
        assert_eq!(
            hygiene_unions::validate_json(name, r#"{"kind":"one","a":1}"#).unwrap(),
            Ok(()),
            "{name}"
        );
        assert_eq!(
            hygiene_unions::validate_json(name, r#"{"kind":"two","b":"x"}"#).unwrap(),
            Ok(()),
            "{name}"
        );
        assert!(
            hygiene_unions::validate_json(name, r#"{"kind":"three"}"#)
                .unwrap()
                .is_err(),
            "{name}"
        );
    }
    let d = hygiene_unions::D::from_json(r#"{"kind":"two","b":"x"}"#).unwrap();
    assert!(matches!(d, hygiene_unions::D::Two(ref two) if two.b.as_deref() == Some("x")));
}

#[test]
fn every_open_enum_keeps_unknown_values() {
    for name in hygiene_enums::DEFINITIONS {
        assert_eq!(
            hygiene_enums::validate_json(name, r#""x""#).unwrap(),
            Ok(()),
            "{name}"
        );
        assert_eq!(
            hygiene_enums::validate_json(name, r#""newer""#).unwrap(),
            Ok(()),
            "{name}"
        );
    }
    let e = hygiene_enums::E::from_json(r#""newer""#).unwrap();
    assert_eq!(e.as_str(), "newer");
    assert_eq!(
        serde_json::to_string(&hygiene_enums::S::X).unwrap(),
        r#""x""#
    );
}
