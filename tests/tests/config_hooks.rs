//! The settings that shape generated types the way a user's code needs them: extra derives
//! and attributes per type and per field (`Config::derive`, `type_attribute`,
//! `field_attribute`), checked by using the types (`tests/build.rs` generates
//! `fixtures/attributes.yaml` with them).

use oasbind_tests::attributes::{Colour, Point};
use std::collections::{BTreeSet, HashSet};

#[test]
fn derives_added_to_every_type_are_usable() {
    // `Hash, Eq` on `*`: points go into a `HashSet`.
    let a = Point {
        x: 1,
        y: 2,
        label: None,
    };
    let set: HashSet<Point> = [
        a.clone(),
        a.clone(),
        Point {
            x: 1,
            y: 3,
            label: None,
        },
    ]
    .into_iter()
    .collect();
    assert_eq!(set.len(), 2);
    // `PartialOrd, Ord` on `colour` (named as in the definition), which string enums
    // derive already (so do they `Hash, Eq`): colours sort, and nothing is derived twice.
    let sorted: BTreeSet<Colour> = [Colour::Green, Colour::Red].into_iter().collect();
    assert_eq!(
        sorted.into_iter().collect::<Vec<_>>(),
        [Colour::Red, Colour::Green]
    );
}

#[test]
fn a_field_attribute_reaches_serde() {
    // `#[serde(alias = "name")]` on `Point.label`.
    let p: Point = serde_json::from_str(r#"{"x": 1, "y": 2, "name": "origin"}"#).unwrap();
    assert_eq!(p.label.as_deref(), Some("origin"));
}

const DEFINITION: &str = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
    "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}}"#;

#[test]
fn an_attribute_that_is_not_one_is_an_error() {
    for bad in [
        "derive(Hash)",
        "#[derive(Hash)",
        "#[derive(Hash)] fn f() {}",
        "",
    ] {
        let e = oasbind::generate_str(
            "t.json",
            DEFINITION,
            oasbind::Config::new().type_attribute("Pet", bad),
        )
        .unwrap_err();
        assert!(matches!(e, oasbind::Error::Config(_)), "{bad:?}: {e}");
    }
    for bad in ["Hash Eq", "", "#[Hash]"] {
        let config = oasbind::Config::new().derive("Pet", bad).clone();
        let e = oasbind::generate_str("t.json", DEFINITION, &config).unwrap_err();
        assert!(matches!(e, oasbind::Error::Config(_)), "{bad:?}: {e}");
    }
}

#[test]
fn a_path_that_names_nothing_is_a_warning() {
    let generated = oasbind::generate_str(
        "t.json",
        DEFINITION,
        oasbind::Config::new()
            .derive("Pett", "Hash")
            .field_attribute("Pet.nam", "#[doc(hidden)]"),
    )
    .unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("derive `Hash` for `Pett`: no generated type has this path"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("field attribute `#[doc(hidden)]` for `Pet.nam`"),
        "{warnings:?}"
    );
}

#[test]
fn a_serde_attribute_where_serde_derives_nothing_is_left_out_with_a_warning() {
    // `Pet` keeps undeclared properties and `Kind` is a string enum: their serde traits
    // come from the runtime, where a `#[serde(...)]` would be an unknown attribute.
    let definition = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "definitions": {
            "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Tag": {"type": "object", "additionalProperties": false,
                    "properties": {"name": {"type": "string"}}}}}"#;
    let generated = oasbind::generate_str(
        "t.json",
        definition,
        oasbind::Config::new()
            .type_attribute("*", "#[serde(default)]")
            .field_attribute("Pet.name", "#[serde(alias = \"n\")]")
            .field_attribute("Tag.name", "#[serde(alias = \"n\")]")
            .type_attribute("Pet", "#[doc(alias = \"animal\")]"),
    )
    .unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains(
            "type attribute `#[serde(default)]` for `*` is left out of 2 (`Pet`, `Kind`)"
        ) && warnings[0].contains("not serde's derive"),
        "{warnings:?}"
    );
    assert!(
        warnings[1]
            .contains("field attribute `#[serde(alias = \"n\")]` for `Pet.name` is left out"),
        "{warnings:?}"
    );
    let code = generated.code.replace(' ', "");
    // The closed struct, whose serde traits are derived, gets both.
    assert_eq!(
        code.matches("#[serde(default)]").count(),
        1,
        "{}",
        generated.code
    );
    assert_eq!(code.matches("#[serde(alias=\"n\")]").count(), 1);
    assert!(code.contains("#[doc(alias=\"animal\")]"));
}

mod replacements {
    use oasbind_runtime::Validate;
    use oasbind_tests::money::Money;
    use oasbind_tests::replacements::Payment;

    #[test]
    fn replaced_types_are_used_and_their_schemas_still_checked() {
        let p =
            Payment::from_json(r#"{"amount": "12.50", "rate": 0.5, "fees": ["0.10"]}"#).unwrap();
        // `Money` is this crate's type, `rate` the `x-rust-type` of an allowed crate.
        assert_eq!(p.amount, Money("12.50".to_owned()));
        assert_eq!(p.fees, Some(vec![Money("0.10".to_owned())]));
        let rate: &serde_json::Number = &p.rate;
        assert_eq!(rate.as_f64(), Some(0.5));
        // The schemas still apply, through the values' JSON form.
        let e =
            Payment::from_json(r#"{"amount": "12.5", "rate": 0.5, "fees": ["1"]}"#).unwrap_err();
        let found: Vec<(&str, &str)> = e.iter().map(|v| (v.pointer.as_str(), v.keyword)).collect();
        assert_eq!(found, [("/amount", "pattern"), ("/fees/0", "pattern")]);
        let e = Payment::from_json(r#"{"amount": "1.00", "rate": -1}"#).unwrap_err();
        assert_eq!(e.iter().map(|v| v.keyword).collect::<Vec<_>>(), ["minimum"]);
    }
}

#[test]
fn an_x_rust_type_of_a_crate_not_allowed_is_a_warning() {
    let definition = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "definitions": {"Amount": {"type": "string",
            "x-rust-type": {"crate": "rust_decimal", "version": "1", "path": "rust_decimal::Decimal"}}}}"#;
    let generated = oasbind::generate_str("t.json", definition, &oasbind::Config::new()).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("/definitions/Amount/x-rust-type"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("`Config::allow_crate(\"rust_decimal\")`"),
        "{warnings:?}"
    );
    assert!(
        generated
            .code
            .contains("pub type Amount = ::std::string::String;"),
        "{}",
        generated.code
    );
    // Allowed: the type is used, and nothing is generated for it.
    let generated = oasbind::generate_str(
        "t.json",
        definition,
        oasbind::Config::new().allow_crate("rust_decimal"),
    )
    .unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert!(
        !generated.code.contains("pub type Amount"),
        "{}",
        generated.code
    );
    // A replacement that is not a path is refused.
    let e = oasbind::generate_str(
        "t.json",
        definition,
        oasbind::Config::new().replace("Amount", "not a path"),
    )
    .unwrap_err();
    assert!(matches!(e, oasbind::Error::Config(_)), "{e}");
}
