//! Front ends: definition files → [`Api`](crate::ir::Api).
//!
//! `source` reads JSON or YAML, `schema` turns JSON Schema into IR nodes and resolves
//! `$ref`s, and one module per dialect reads the rest of the document. `position` finds
//! the line and column of a diagnostic's JSON pointer when it is shown.

pub mod front;
pub mod json_schema;
pub mod openapi3;
pub mod pointer;
pub mod position;
pub mod schema;
pub mod source;
pub mod swagger2;

use crate::error::{Diagnostic, Result};
use crate::ir::Api;
use serde_json::Value;
use std::path::Path;

/// The dialects oasbind recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Swagger 2.0
    Swagger2,
    /// OpenAPI 3.0.x
    OpenApi30,
    /// OpenAPI 3.1.x
    OpenApi31,
    /// A JSON Schema document (no `swagger`/`openapi` field).
    JsonSchema,
}

/// How front ends read a definition.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Give a schema without `type` but with `properties` (or other object keywords) the
    /// Rust type of an object, as OpenAPI tools do (the model decides; validation follows
    /// the schema as written). On by default.
    pub infer_object_type: bool,
    /// Read the document as a JSON Schema (`Some`), with this dialect when it has no
    /// `$schema` (`Some(None)`: 2020-12), instead of detecting what it is.
    pub json_schema: Option<Option<schema::Dialect>>,
    /// URI prefixes served from folders, for `$ref`s to remote schemas (JSON Schema input).
    pub remotes: Vec<(String, std::path::PathBuf)>,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            infer_object_type: true,
            json_schema: None,
            remotes: Vec::new(),
        }
    }
}

/// Loads the definition at `path`.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Api> {
    let doc = source::read(path)?;
    load_document(doc, options)
}

/// Loads a definition from text; `file` names it in diagnostics (and `$ref`s to other
/// files are resolved relative to it).
pub fn load_str(file: &str, text: &str, options: &LoadOptions) -> Result<Api> {
    let root = source::parse(file, text)?;
    load_document(
        source::Document {
            file: file.to_owned(),
            root: root.into(),
        },
        options,
    )
}

fn load_document(doc: source::Document, options: &LoadOptions) -> Result<Api> {
    let root = std::sync::Arc::clone(&doc.root);
    let api = load_dialect(doc, options);
    release(root);
    api
}

/// Frees a document's tree on another thread when nothing else holds it: freeing a large
/// definition's tree costs as much as a tenth of loading it, and the model stage that
/// follows uses one core. (If no thread can start, it is freed here.)
fn release(root: std::sync::Arc<Value>) {
    if std::sync::Arc::strong_count(&root) == 1 {
        let _ = std::thread::Builder::new().spawn(move || drop(root));
    }
}

fn load_dialect(doc: source::Document, options: &LoadOptions) -> Result<Api> {
    if let Some(draft) = options.json_schema {
        return json_schema::load(doc, draft, options);
    }
    match dialect(&doc.file, &doc.root)? {
        Dialect::Swagger2 => swagger2::load(doc),
        Dialect::OpenApi30 => openapi3::load(doc, schema::Dialect::Draft4),
        Dialect::OpenApi31 => openapi3::load(doc, schema::Dialect::Draft2020),
        Dialect::JsonSchema => json_schema::load(doc, None, options),
    }
}

/// Detects the dialect from the `swagger` / `openapi` field; a document without either
/// that uses JSON Schema keywords is a JSON Schema.
pub fn dialect(file: &str, root: &Value) -> Result<Dialect> {
    let Some(map) = root.as_object() else {
        return Err(Diagnostic::new(
            file,
            "",
            format!(
                "a definition must be an object, found {}",
                schema::kind(root)
            ),
        )
        .into());
    };
    if let Some(v) = map.get("swagger") {
        return match v.as_str() {
            Some("2.0") => Ok(Dialect::Swagger2),
            _ => Err(Diagnostic::new(
                file,
                "/swagger",
                format!("unsupported Swagger version {v}; only \"2.0\" exists"),
            )
            .into()),
        };
    }
    if let Some(v) = map.get("openapi") {
        return match v.as_str() {
            Some(s) if s.starts_with("3.0") => Ok(Dialect::OpenApi30),
            Some(s) if s.starts_with("3.1") => Ok(Dialect::OpenApi31),
            _ => Err(
                Diagnostic::new(file, "/openapi", format!("unsupported OpenAPI version {v}"))
                    .into(),
            ),
        };
    }
    if json_schema::looks_like_schema(root) {
        return Ok(Dialect::JsonSchema);
    }
    Err(Diagnostic::new(file, "", "not a Swagger 2.0 or OpenAPI 3 definition: no `swagger` or `openapi` field (nor a JSON Schema)").into())
}
