//! The split layout (`oasbind generate --split`): `tests/split/` is the checked-in workspace
//! of `fixtures/tagged.yaml`, a member of this workspace, and these tests use it as a
//! consumer would: the shared types at the facade's root, each tag's part behind its
//! feature (all on here, `full`).

use oasbind_runtime::{Validate, Violations};
use std::path::Path;

fn violations<T: Validate + std::fmt::Debug>(json: &str) -> Vec<(String, &'static str)> {
    match T::from_json(json) {
        Ok(v) => panic!("expected violations, parsed {v:?}"),
        Err(Violations(all)) => all.into_iter().map(|v| (v.pointer, v.keyword)).collect(),
    }
}

/// The part crates use the base's types, not copies: an order's pet is the root's `Pet`.
#[test]
fn parts_share_the_base_types() {
    let json = r#"{"pet":{"id":7,"name":"Rex","category":{"name":"dog"}},"quantity":2}"#;
    let order = tagged::store::Order::from_json(json).expect("valid");
    let pet: &tagged::Pet = &order.pet;
    assert_eq!(pet.name, "Rex");
    let category: Option<&tagged::Category> = pet.category.as_ref();
    assert_eq!(category.map(|c| c.name), Some(tagged::Name::Dog));
    assert_eq!(serde_json::to_string(&order).unwrap(), json);
    let event = tagged::definitions::PetEvent::from_json(
        r#"{"kind":"sold","pet":{"id":7,"name":"Rex"},"note":{"text":"paid"}}"#,
    )
    .expect("valid");
    let _: &tagged::Pet = &event.pet;
}

/// A part checks the base's values it holds against their schemas, at their pointers.
#[test]
fn a_part_reports_violations_inside_base_types() {
    let found = violations::<tagged::store::Order>(
        r#"{"pet":{"id":0,"name":"","category":{"name":"fish"}},"quantity":0}"#,
    );
    assert_eq!(
        found,
        [
            ("/pet/id".to_owned(), "minimum"),
            ("/pet/name".to_owned(), "minLength"),
            ("/pet/category/name".to_owned(), "enum"),
            ("/quantity".to_owned(), "minimum"),
        ]
    );
    // Caught by the typed (lean) path as well: the document reads into the types.
    assert_eq!(
        violations::<tagged::store::Order>(r#"{"pet":{"id":1,"name":""},"quantity":1}"#),
        [("/pet/name".to_owned(), "minLength")]
    );
    assert_eq!(
        violations::<tagged::definitions::PetEvent>(
            r#"{"kind":"added","pet":{"id":1,"name":"a"},"note":{"text":"x"},"extra":1}"#
                .replace("\"x\"", &format!("{:?}", "x".repeat(141)))
                .as_str()
        ),
        [("/note/text".to_owned(), "maxLength")]
    );
}

/// What a part alone uses stays in it: `NewPet` is the `pets` part's, and it forbids what
/// its schema forbids.
#[test]
fn a_tags_own_definitions_live_in_its_part() {
    let new = tagged::pets::NewPet::from_json(r#"{"name":"Tom","category":{"name":"cat"}}"#)
        .expect("valid");
    assert_eq!(new.name, "Tom");
    assert_eq!(
        violations::<tagged::pets::NewPet>(r#"{"name":"Tom","id":3}"#),
        [("/id".to_owned(), "additionalProperties")]
    );
}

/// Each tag's part has its own client trait with its operations; `store.admin` is part
/// of `store`; untagged operations have a part of their own.
#[test]
fn each_part_has_a_client_for_its_operations() {
    // Type-checked, never called: each trait has these methods with these arguments.
    #![allow(dead_code)]
    async fn store<C: tagged::store::Client>(client: &C) {
        let order = tagged::store::Order::new(tagged::Pet::new(1u64, "Rex"), 1);
        let _ = client.place_order(&order).await;
        let _ = client
            .delete_order(&tagged::store::DeleteOrderParams::new("0a1b2c3d"))
            .await;
    }
    async fn pets<C: tagged::pets::Client>(client: &C) {
        let _ = client
            .list_pets(&tagged::pets::ListPetsParams::default())
            .await;
    }
    async fn untagged<C: tagged::untagged::Client>(client: &C) {
        let _ = client.health().await;
    }
    assert!(
        tagged::store::validate_delete_order(&tagged::store::DeleteOrderParams::new("not-hex"))
            .is_err()
    );
}

/// The error envelope, found among the operations' error bodies, is the base's: a request
/// violation converts into it whichever part the operation is in.
#[test]
fn the_error_envelope_is_the_bases() {
    let v = oasbind_runtime::Violation {
        pointer: "/quantity".into(),
        keyword: "minimum",
        message: "below 1".into(),
    };
    let problem = tagged::Problem::from(&v);
    assert_eq!(problem.pointer.as_deref(), Some("/quantity"));
    assert_eq!(problem.code, "minimum");
}

/// Secrets stay redacted in a part's types.
#[test]
fn secrets_are_redacted_in_parts() {
    let order = tagged::store::Order {
        card_number: Some("4111111111111111".into()),
        ..tagged::store::Order::new(tagged::Pet::new(1u64, "Rex"), 1)
    };
    let shown = format!("{order:?}");
    assert!(!shown.contains("4111"), "{shown}");
}

/// `tests/split/` is what the CLI writes now:
/// `oasbind generate tests/fixtures/tagged.yaml --split tests/split --crate-name tagged
/// --runtime-dir ../../generator/runtime --member` (`OASBIND_BLESS=1` rewrites it).
#[test]
fn the_split_example_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let definition = oasbind::load_file(root.join("fixtures/tagged.yaml"), &oasbind::Config::new())
        .expect("the fixture loads");
    let workspace = oasbind::generate_split(&definition, &oasbind::Config::new(), "tagged")
        .expect("the fixture splits");
    assert!(workspace.warnings.is_empty(), "{:?}", workspace.warnings);
    let options = oasbind::WriteOptions::new(
        oasbind::RuntimeSource::Path("../../generator/runtime".into()),
        false,
    );
    let dir = root.join("split");
    let mut stale = Vec::new();
    for (path, content) in workspace.files(&options) {
        let file = dir.join(&path);
        if std::fs::read_to_string(&file).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if std::env::var_os("OASBIND_BLESS").is_some() {
            oasbind::write_if_changed(&file, &content).unwrap();
        } else {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "tests/split is stale ({stale:?}); run\n  cargo run -p oasbind-cli -- generate tests/fixtures/tagged.yaml --split tests/split --crate-name tagged --runtime-dir ../../generator/runtime --member\nand commit the result"
    );
    let crates: Vec<&str> = workspace
        .parts
        .iter()
        .map(|p| p.crate_name.as_str())
        .collect();
    assert_eq!(
        crates,
        [
            "tagged-base",
            "tagged-pets",
            "tagged-store",
            "tagged-untagged",
            "tagged-definitions"
        ]
    );
}

/// `oasbind generate --crate DIR`: a crate of its own whose manifest turns on the runtime
/// features its format types need, and whose `lib.rs` includes the bindings.
#[test]
fn a_crate_of_its_own_asks_for_the_runtime_features_it_needs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated =
        oasbind::generate_file(root.join("fixtures/formats.yaml"), &oasbind::Config::new())
            .expect("the fixture generates");
    let files = oasbind::crate_files(&generated, "formats", &oasbind::WriteOptions::default());
    let file = |name: &str| {
        files
            .iter()
            .find(|(path, _)| path == Path::new(name))
            .map(|(_, content)| content.as_str())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let manifest = file("Cargo.toml");
    assert!(
        manifest.contains(
            r#"oasbind-runtime = { version = "0.1", features = ["base64", "chrono", "uuid"] }"#
        ),
        "{manifest}"
    );
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    assert!(file("src/lib.rs").contains("include!(\"generated.rs\");"));
    assert_eq!(file("src/generated.rs"), generated.code);
}

/// A base schema's discriminator names its subtypes, but using the base does not use them
/// (Microsoft Graph's `entity` maps to 1,544): a tag takes the subtypes its operations
/// use, whether filtered (`--tag`) or split.
#[test]
fn a_discriminator_mapping_does_not_pull_in_every_subtype() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("fixtures/subtypes.yaml");
    let types = |config: &oasbind::Config| -> Vec<String> {
        let generated = oasbind::generate_file(&fixture, config).expect("the fixture generates");
        generated.types.into_iter().map(|t| t.name).collect()
    };
    assert_eq!(
        types(oasbind::Config::new().tag("users")),
        ["Entity", "User"]
    );

    let definition = oasbind::load_file(&fixture, &oasbind::Config::new()).expect("it loads");
    let workspace = oasbind::generate_split(&definition, &oasbind::Config::new(), "directory")
        .expect("it splits");
    let holds = |feature: &str| -> Vec<String> {
        let part = workspace
            .parts
            .iter()
            .find(|p| p.feature == feature)
            .unwrap();
        part.generated
            .types
            .iter()
            .map(|t| t.name.clone())
            .collect()
    };
    // `User` is the groups part's too (a group's members), so it is shared; `Group` is
    // only the groups part's.
    assert_eq!(holds("base"), ["Entity", "User"]);
    assert_eq!(holds("groups"), ["Group"]);
    assert!(holds("users").is_empty());
}

/// The base compiles a type, and a validator, only when a part that uses it is on: its
/// items carry the parts' features, each part turns on its own in the base, and the error
/// envelope, which every part's server answers in, is always on. (`.ci/run` checks the facade with each
/// feature alone.)
#[test]
fn the_base_gates_each_type_by_the_parts_that_use_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("split/crates");
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let base = read("base/src/generated.rs");
    // The lines of attributes and docs above an item.
    let above = |item: &str| -> Vec<&str> {
        let at = base.find(item).unwrap_or_else(|| panic!("no {item}"));
        base[..at]
            .lines()
            .rev()
            .take_while(|l| !l.is_empty())
            .collect()
    };
    let gate = r#"#[cfg(any(feature = "pets", feature = "store", feature = "definitions"))]"#;
    assert!(above("pub struct Pet {").contains(&gate), "{base}");
    assert!(above("impl ::oasbind_runtime::Validate for Pet {").contains(&gate));
    // `validate_json`'s table entry.
    assert!(above("check::validate_as::<Pet>")
        .iter()
        .any(|l| l.trim().starts_with(gate)));
    assert!(!above("pub struct Problem {")
        .iter()
        .any(|l| l.starts_with("#[cfg(")));
    // The validators too: a part's own validators call the base's.
    assert!(above("pub fn check_pet(").contains(&gate));
    assert!(!above("pub fn check_problem(")
        .iter()
        .any(|l| l.starts_with("#[cfg(")));
    assert!(read("base/Cargo.toml").contains("\npets = []\n"));
    assert!(read("store/Cargo.toml")
        .contains(r#"tagged-base = { path = "../base", features = ["store"] }"#));
}
