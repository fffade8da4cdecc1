//! JSON Schema input: the front end, `$id`/`$anchor`/remote references, format assertion,
//! and what happens to keywords oasbind does not enforce (a warning naming file and
//! pointer; an error in strict mode; the CLI's side of it is in `cli/tests/cli.rs`).

fn scratch(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("oasbind-json-schema-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// `$recursiveRef` is 2019-09's: in a 2020-12 document it is reported, not enforced.
const DYNAMIC: &str = r##"{
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": { "children": { "type": "array", "items": { "$recursiveRef": "#" } } }
}"##;

#[test]
fn a_schema_document_becomes_its_root_and_defs() {
    let text = r##"{
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "order",
        "type": "object",
        "required": ["id"],
        "properties": { "id": { "type": "integer" }, "item": { "$ref": "#item" } },
        "$defs": { "line": { "$anchor": "item", "type": "string", "format": "uuid" } }
    }"##;
    let out = oasbind::generate_str(
        "order.json",
        text,
        oasbind::Config::new().assert_formats(true),
    )
    .unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert!(out.code.contains("pub struct Order"), "{}", out.code);
    assert!(
        out.code
            .contains("pub const DEFINITIONS: &[&str] = &[\"order\", \"line\"];"),
        "{}",
        out.code
    );
    assert!(out.code.contains("pub fn validate_json("));
    assert!(out.code.contains("check::format(s, \"uuid\", p, out)"));
}

#[test]
fn unsupported_keywords_are_warnings_with_file_and_pointer() {
    let out = oasbind::generate_str("tree.json", DYNAMIC, &oasbind::Config::new()).unwrap();
    let warnings: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("tree.json: /properties/children/items/$recursiveRef: keyword `$recursiveRef` is not supported")),
        "{warnings:?}"
    );
    let strict = oasbind::generate_str("tree.json", DYNAMIC, oasbind::Config::new().strict(true))
        .unwrap_err();
    assert!(matches!(strict, oasbind::Error::Unsupported(_)), "{strict}");
}

#[test]
fn unknown_formats_are_reported_when_formats_are_asserted() {
    let text = r#"{"type": "string", "format": "isbn"}"#;
    let quiet = oasbind::generate_str("isbn.json", text, &oasbind::Config::new()).unwrap();
    assert!(
        quiet.warnings.is_empty(),
        "an annotation by default: {:?}",
        quiet.warnings
    );
    let out = oasbind::generate_str(
        "isbn.json",
        text,
        oasbind::Config::new().assert_formats(true),
    )
    .unwrap();
    assert_eq!(out.warnings.len(), 1);
    assert!(
        out.warnings[0]
            .to_string()
            .starts_with("isbn.json: /format: format \"isbn\" is not supported"),
        "{}",
        out.warnings[0]
    );
}

#[test]
fn remote_references_are_served_from_a_folder() {
    let dir = scratch("remote");
    std::fs::create_dir_all(dir.join("remote/defs")).unwrap();
    std::fs::write(
        dir.join("remote/defs/name.json"),
        r#"{"$defs": {"name": {"type": "string", "maxLength": 3}}}"#,
    )
    .unwrap();
    let text = r#"{"$id": "http://example.test/root.json", "type": "object", "properties": {"n": {"$ref": "defs/name.json#/$defs/name"}}}"#;
    let err = oasbind::generate_str("root.json", text, &oasbind::Config::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("oasbind reads no network"), "{err}");
    let out = oasbind::generate_str(
        "root.json",
        text,
        oasbind::Config::new().remote("http://example.test/", dir.join("remote")),
    )
    .unwrap();
    assert!(
        out.code.contains("check::max_length(s, 3u64, p, out)"),
        "{}",
        out.code
    );
}

#[test]
fn validators_named_after_odd_formats_are_snake_case() {
    // Real definitions put patterns in `format`; the shared validator is named by it.
    let text = r#"{"type": "object", "properties": {
        "day": {"type": "integer", "format": "[1-7]"}, "weekday": {"type": "integer", "format": "[1-7]"},
        "minute": {"type": "integer", "format": "[0-59]"}, "second": {"type": "integer", "format": "[0-59]"}}}"#;
    let out = oasbind::generate_str("schedule.json", text, &oasbind::Config::new()).unwrap();
    assert!(out.code.contains("fn check_integer_1_7("), "{}", out.code);
    assert!(out.code.contains("fn check_integer_0_59("), "{}", out.code);
    assert!(
        !out.code.contains("fn check_integer__"),
        "a double underscore is not snake case"
    );
}
