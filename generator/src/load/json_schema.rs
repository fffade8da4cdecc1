//! The JSON Schema front end: a document that *is* a schema (no `swagger`/`openapi`
//! field) → an [`Api`] with one definition for the root (pointer `""`, named after the
//! file) and one per entry of its `definitions` / `$defs`.
//!
//! The dialect is the document's `$schema` when it names a known draft, else the one the
//! caller chose ([`LoadOptions::json_schema`](super::LoadOptions::json_schema)), else 2020-12.

use super::schema::{Dialect, Place, SchemaLoader};
use super::source::Document;
use super::LoadOptions;
use crate::error::Result;
use crate::ir::{Api, Definition, Info};
use serde_json::Value;

/// Loads a JSON Schema document; `dialect` applies when it has no `$schema`.
pub fn load(doc: Document, dialect: Option<Dialect>, options: &LoadOptions) -> Result<Api> {
    let source = doc.file.clone();
    let root = doc.root.clone();
    let mut loader = SchemaLoader::for_schema(
        doc,
        dialect.unwrap_or(Dialect::Draft2020),
        options.remotes.clone(),
    );
    let name = root_name(&source);
    let mut api = Api {
        source,
        ..Api::default()
    };
    api.info = Info {
        title: root
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or(&name)
            .to_owned(),
        version: String::new(),
        description: root
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    let schema = loader.schema_at("")?;
    api.definitions.push(Definition { name, schema });
    for key in ["definitions", "$defs"] {
        let Some(Value::Object(defs)) = root.get(key) else {
            continue;
        };
        let place = Place::main("").join(key);
        for name in defs.keys() {
            let schema = loader.schema_in(&place.join(name))?;
            api.definitions.push(Definition {
                name: name.clone(),
                schema,
            });
        }
    }
    let (schemas, warnings, files) = loader.finish()?;
    api.schemas = schemas;
    api.warnings = warnings;
    api.files = files;
    Ok(api)
}

/// The root definition's name: the file name without its extension(s).
pub fn root_name(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    if stem.is_empty() {
        "schema".to_owned()
    } else {
        stem.to_owned()
    }
}

/// Whether a document without `swagger`/`openapi` looks like a schema: it names a
/// `$schema`, or uses at least one JSON Schema keyword.
pub fn looks_like_schema(root: &Value) -> bool {
    const KEYWORDS: &[&str] = &[
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "definitions",
        "type",
        "properties",
        "items",
        "prefixItems",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "enum",
        "const",
        "required",
        "additionalProperties",
        "patternProperties",
        "if",
    ];
    root.as_object()
        .is_some_and(|m| KEYWORDS.iter().any(|k| m.contains_key(*k)))
}
