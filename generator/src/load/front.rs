//! What the Swagger 2.0 and OpenAPI 3 front ends share: typed access to the document
//! with located errors, `info`, security requirements, statuses and media types.

use super::schema::{kind, Place, Resolved, SchemaLoader};
use crate::error::{Error, Result};
use crate::ir::{Info, SchemaId, SecurityRequirement, StatusCode};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A path, where its item stands, and the item.
pub type PathItem = (String, Place, Resolved);

/// A front end's view of the documents being loaded.
pub struct Front {
    /// Documents and schemas.
    pub loader: SchemaLoader,
    /// Schemas made from schema-like objects, by key and then by object (see
    /// [`Front::schema_like`]).
    made: HashMap<String, Vec<Made>>,
}

/// A schema made from a schema-like object, and where that object stands.
struct Made {
    object: Map<String, Value>,
    schema: SchemaId,
    place: Place,
}

impl Front {
    /// A front end over `loader`'s documents.
    pub fn new(loader: SchemaLoader) -> Front {
        Front {
            loader,
            made: HashMap::new(),
        }
    }

    /// The schema of `object`, a schema-like object at `place` that is not a schema itself
    /// (a Swagger 2.0 parameter), as `make` turns it into one. Definitions repeat the same
    /// inline parameter on every path (Kubernetes' 5,098 parameters are 95 distinct
    /// objects): an object equal to one met before under the same `key`, in the same file,
    /// gets its schema, as [`crate::ir::Schemas::classes`] would have merged the two anyway.
    /// (In another file, the same relative `$ref` may name another schema.)
    pub fn schema_like(
        &mut self,
        key: &str,
        object: &Map<String, Value>,
        place: &Place,
        make: impl FnOnce(&Map<String, Value>) -> Value,
    ) -> Result<SchemaId> {
        let known = self.made.get(key).and_then(|made| {
            made.iter()
                .find(|m| m.place.doc == place.doc && m.object == *object)
        });
        if let Some(m) = known {
            // A shared declaration (`$ref: '#/parameters/limit'`) is one place, read again.
            if m.place != *place {
                self.loader.also_elsewhere(m.schema);
            }
            return Ok(m.schema);
        }
        let schema = self.loader.schema_with(place, make(object))?;
        self.made.entry(key.to_owned()).or_default().push(Made {
            object: object.clone(),
            schema,
            place: place.clone(),
        });
        Ok(schema)
    }

    /// Checks the top-level fields `dialect` requires: a warning for each of `required`
    /// that `root` lacks, and an error when it has none of `content`, where operations and
    /// schemas are declared (generating it would give an empty module).
    pub fn required_fields(
        &mut self,
        root: &Map<String, Value>,
        dialect: &str,
        required: &[&str],
        content: &[&str],
    ) -> Result<()> {
        let place = Place::main("");
        if !content.iter().any(|k| root.contains_key(*k)) {
            let fields: Vec<String> = content.iter().map(|k| format!("`{k}`")).collect();
            let fields = match fields.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            return Err(self.err(
                &place,
                format!("nothing to generate: the definition has no {fields} ({dialect})"),
            ));
        }
        for key in required.iter().filter(|k| !root.contains_key(**k)) {
            self.loader.warn_at(
                &place,
                format!("`{key}` is missing, and {dialect} requires it"),
            );
        }
        Ok(())
    }

    /// A diagnostic at `place`.
    pub fn err(&self, place: &Place, message: impl Into<String>) -> Error {
        self.loader.error_at(place, message)
    }

    /// `v` as an object.
    pub fn object<'v>(&self, v: &'v Value, place: &Place) -> Result<&'v Map<String, Value>> {
        v.as_object()
            .ok_or_else(|| self.err(place, format!("expected an object, found {}", kind(v))))
    }

    /// An optional string field.
    pub fn string(
        &self,
        map: &Map<String, Value>,
        place: &Place,
        key: &str,
    ) -> Result<Option<String>> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.err(
                &place.join(key),
                format!("`{key}` must be a string, found {}", kind(other)),
            )),
        }
    }

    /// A required string field.
    pub fn required_string(
        &self,
        map: &Map<String, Value>,
        place: &Place,
        key: &str,
        what: &str,
    ) -> Result<String> {
        self.string(map, place, key)?
            .ok_or_else(|| self.err(place, format!("{what} needs `{key}`")))
    }

    /// An optional boolean field.
    pub fn flag(&self, map: &Map<String, Value>, place: &Place, key: &str) -> Result<Option<bool>> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.err(
                &place.join(key),
                format!("`{key}` must be a boolean, found {}", kind(other)),
            )),
        }
    }

    /// An optional array of strings (`tags`, `consumes`).
    pub fn strings(
        &self,
        map: &Map<String, Value>,
        place: &Place,
        key: &str,
    ) -> Result<Vec<String>> {
        match map.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| self.err(&place.join(key).index(i), "expected a string"))
                })
                .collect(),
            Some(other) => Err(self.err(
                &place.join(key),
                format!("`{key}` must be an array, found {}", kind(other)),
            )),
        }
    }

    /// The path items of `paths` (extensions skipped, `$ref`s followed), in document
    /// order: each path, where its item stands, and the item.
    pub fn path_items(&mut self, paths: &Value) -> Result<Vec<PathItem>> {
        let paths_place = Place::main("/paths");
        let keys: Vec<String> = self
            .object(paths, &paths_place)?
            .keys()
            .filter(|p| !p.starts_with("x-"))
            .cloned()
            .collect();
        keys.into_iter()
            .map(|path| {
                let (place, item) = self.loader.deref(&paths_place.join(&path))?;
                self.object(&item, &place)?;
                Ok((path, place, item))
            })
            .collect()
    }

    /// `info`.
    pub fn info(&self, root: &Map<String, Value>) -> Result<Info> {
        let Some(info) = root.get("info") else {
            return Ok(Info::default());
        };
        let place = Place::main("/info");
        let info = self.object(info, &place)?;
        Ok(Info {
            title: self.string(info, &place, "title")?.unwrap_or_default(),
            version: match info.get("version") {
                // Versions written as numbers (`version: 1.0`) are common.
                Some(Value::Number(n)) => n.to_string(),
                _ => self.string(info, &place, "version")?.unwrap_or_default(),
            },
            description: self.string(info, &place, "description")?,
        })
    }

    /// A `security` array: alternatives, each a set of schemes used together.
    pub fn security(&self, v: &Value, place: &Place) -> Result<Vec<SecurityRequirement>> {
        let items = v
            .as_array()
            .ok_or_else(|| self.err(place, "`security` must be an array"))?;
        items
            .iter()
            .enumerate()
            .map(|(i, req)| Ok(self.object(req, &place.index(i))?.keys().cloned().collect()))
            .collect()
    }
}

/// A response key: `200`, `4XX`, `default`.
pub fn parse_status(s: &str) -> Option<StatusCode> {
    if s == "default" {
        return Some(StatusCode::Default);
    }
    if s.len() == 3 && (s.ends_with("XX") || s.ends_with("xx")) {
        return s[..1]
            .parse()
            .ok()
            .filter(|d| (1..=5).contains(d))
            .map(StatusCode::Range);
    }
    s.parse()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(StatusCode::Exact)
}

pub use crate::ir::is_json_media as is_json;
