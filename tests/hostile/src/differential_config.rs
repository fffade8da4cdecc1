//! The settings with which both differential harnesses generate validators to compare with
//! the jsonschema crate: `tests/differential.rs` and the build script of the cargo-fuzz
//! target `validators` (`fuzz/build.rs`), which include this file by path.

/// JSON Schema 2020-12 documents, no client, strict, and no format types (the jsonschema
/// crate takes `format` as an annotation unless told otherwise: so do these bindings).
pub fn config() -> oasbind::Config {
    let mut config = oasbind::Config::new();
    config
        .client(false)
        .infer_object_type(false)
        .strict(true)
        .json_schema(Some(oasbind::Draft::Draft2020_12))
        .format_types(false);
    config
}
