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
