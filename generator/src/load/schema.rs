//! JSON Schema objects → [`ir::Schema`](crate::ir::Schema) nodes, with `$ref` resolution.
//!
//! Sub-schemas are queued rather than converted recursively, and every location is
//! converted once (memoised by file and pointer), so recursive and deeply chained
//! definitions cost neither stack nor repeated work.

use super::pointer;
use super::source::{self, Document};
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{Bound, Conditional, Discriminator, Docs, JsonType, Origin, Schema, SchemaId, Schemas};
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

/// A location in one of the documents being loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index of the document (0 is the one the user named).
    pub doc: usize,
    /// JSON pointer inside it.
    pub pointer: String,
}

impl Place {
    /// A location in the main document.
    pub fn main(pointer: impl Into<String>) -> Place {
        Place { doc: 0, pointer: pointer.into() }
    }

    /// The location of a child.
    pub fn join(&self, token: &str) -> Place {
        Place { doc: self.doc, pointer: pointer::join(&self.pointer, token) }
    }

    /// The location of an array element.
    pub fn index(&self, i: usize) -> Place {
        Place { doc: self.doc, pointer: pointer::index(&self.pointer, i) }
    }
}

/// The JSON Schema dialect of a document's schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Draft 4 with the OpenAPI additions (`nullable`, `discriminator`, `readOnly`, …):
    /// Swagger 2.0 and OpenAPI 3.0. `$ref` replaces its siblings.
    Draft4,
    /// Draft 2020-12: OpenAPI 3.1. `$ref` applies beside its siblings; booleans are schemas.
    Draft2020,
}

/// Keywords that oasbind knows but does not enforce: using them is reported, never
/// silently ignored.
const UNSUPPORTED: &[&str] = &[
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];

/// Converts the schemas of one or more documents into the IR arena.
pub struct SchemaLoader {
    docs: Vec<Document>,
    dialect: Dialect,
    infer_object: bool,
    schemas: Schemas,
    memo: HashMap<(usize, String), SchemaId>,
    /// Schemas that are not written as such (a Swagger 2.0 parameter is its own schema,
    /// less `name`, `in` and `required`), keyed by where they stand.
    overlays: HashMap<(usize, String), Value>,
    queue: VecDeque<(usize, String, SchemaId)>,
    /// Problems that do not stop generation (unsupported keywords).
    pub warnings: Vec<Diagnostic>,
}

impl SchemaLoader {
    /// A loader over `main`, the document the user named.
    ///
    /// `infer_object`: treat a schema without `type` that has object keywords
    /// (`properties`, `required`, …) as an object, as OpenAPI tooling does.
    pub fn new(main: Document, dialect: Dialect, infer_object: bool) -> SchemaLoader {
        SchemaLoader {
            docs: vec![main],
            dialect,
            infer_object,
            schemas: Schemas::default(),
            memo: HashMap::new(),
            overlays: HashMap::new(),
            queue: VecDeque::new(),
            warnings: Vec::new(),
        }
    }

    /// The main document.
    pub fn main(&self) -> &Document {
        &self.docs[0]
    }

    /// Every file read so far.
    pub fn files(&self) -> Vec<PathBuf> {
        self.docs.iter().map(|d| PathBuf::from(&d.file)).collect()
    }

    /// The schema at `pointer` of the main document (converted by [`SchemaLoader::finish`]).
    pub fn schema_at(&mut self, pointer: &str) -> Result<SchemaId> {
        self.location(0, pointer.to_owned())
    }

    /// The schema at `pointer` of document `doc` (a [`Place`]'s document).
    pub fn schema_in(&mut self, place: &Place) -> Result<SchemaId> {
        self.location(place.doc, place.pointer.clone())
    }

    /// Registers `value` as the schema standing at `place` (for schema-like objects that
    /// are not schemas themselves, such as Swagger 2.0 parameters).
    pub fn schema_with(&mut self, place: &Place, value: Value) -> Result<SchemaId> {
        self.overlays.insert((place.doc, place.pointer.clone()), value);
        self.location(place.doc, place.pointer.clone())
    }

    /// Adds a schema that the definition implies but does not write (the object a set of
    /// form fields makes up).
    pub fn synthesize(&mut self, schema: Schema) -> SchemaId {
        let id = self.schemas.reserve(schema.origin.clone());
        self.schemas.set(id, schema);
        id
    }

    /// The object at `place`, following `$ref`s (to other files too) until one is not a
    /// reference: shared parameters, responses, request bodies, path items.
    pub fn deref(&mut self, place: &Place) -> Result<(Place, Value)> {
        let (mut doc, mut ptr) = (place.doc, place.pointer.clone());
        let mut seen = Vec::new();
        loop {
            let value = self.value(doc, &ptr)?;
            let Some(target) = value.get("$ref") else { return Ok((Place { doc, pointer: ptr }, value.clone())) };
            let Some(target) = target.as_str().map(str::to_owned) else {
                return Err(self.err(doc, &pointer::join(&ptr, "$ref"), "`$ref` must be a string"));
            };
            seen.push((doc, ptr.clone()));
            (doc, ptr) = self.resolve_ref(doc, &ptr, &target)?;
            if seen.contains(&(doc, ptr.clone())) {
                return Err(self.err(doc, &ptr, "`$ref` cycle that never reaches an object"));
            }
        }
    }

    /// A diagnostic at `place`.
    pub fn error_at(&self, place: &Place, message: impl Into<String>) -> Error {
        self.err(place.doc, &place.pointer, message)
    }

    /// Converts everything queued and hands over the arena.
    pub fn finish(mut self) -> Result<(Schemas, Vec<Diagnostic>, Vec<PathBuf>)> {
        while let Some((doc, ptr, id)) = self.queue.pop_front() {
            let schema = self.convert(doc, &ptr)?;
            self.schemas.set(id, schema);
        }
        let files = self.files();
        Ok((self.schemas, self.warnings, files))
    }

    fn err(&self, doc: usize, ptr: &str, message: impl Into<String>) -> Error {
        Diagnostic::new(&self.docs[doc].file, ptr, message).into()
    }

    /// The id of the schema at a location, following `$ref` chains first.
    fn location(&mut self, doc: usize, ptr: String) -> Result<SchemaId> {
        let (doc, ptr) = self.follow_refs(doc, ptr)?;
        if let Some(id) = self.memo.get(&(doc, ptr.clone())) {
            return Ok(*id);
        }
        let origin = Origin { file: self.docs[doc].file.clone(), pointer: ptr.clone() };
        let id = self.schemas.reserve(origin);
        self.memo.insert((doc, ptr.clone()), id);
        self.queue.push_back((doc, ptr, id));
        Ok(id)
    }

    /// Resolves a location that holds a schema made only of a `$ref` (or, in draft 4,
    /// any schema with a `$ref`) to the schema it stands for.
    fn follow_refs(&mut self, mut doc: usize, mut ptr: String) -> Result<(usize, String)> {
        let mut seen: Vec<(usize, String)> = Vec::new();
        loop {
            let value = self.value(doc, &ptr)?;
            let Some(target) = value.get("$ref") else { return Ok((doc, ptr)) };
            let Some(target) = target.as_str() else {
                return Err(self.err(doc, &pointer::join(&ptr, "$ref"), "`$ref` must be a string"));
            };
            let replaces = self.dialect == Dialect::Draft4
                || value.as_object().is_some_and(|m| m.keys().all(|k| k == "$ref" || is_annotation(k)));
            if !replaces {
                return Ok((doc, ptr));
            }
            let target = target.to_owned();
            seen.push((doc, ptr.clone()));
            (doc, ptr) = self.resolve_ref(doc, &ptr, &target)?;
            if seen.contains(&(doc, ptr.clone())) {
                let chain: Vec<String> = seen.iter().map(|(_, p)| p.clone()).collect();
                return Err(self.err(
                    doc,
                    &ptr,
                    format!("`$ref` cycle that never reaches a schema: {} → {ptr}", chain.join(" → ")),
                ));
            }
        }
    }

    /// Where a `$ref` written at `(doc, at)` points.
    fn resolve_ref(&mut self, doc: usize, at: &str, reference: &str) -> Result<(usize, String)> {
        let at_ref = pointer::join(at, "$ref");
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_doc = if file.is_empty() {
            doc
        } else if file.contains("://") {
            return Err(self.err(doc, &at_ref, format!("remote `$ref` {reference:?} is not supported (only local files)")));
        } else {
            self.document(doc, &at_ref, file)?
        };
        let Some(target) = pointer::from_fragment(fragment) else {
            return Err(self.err(doc, &at_ref, format!("`$ref` {reference:?}: only JSON-pointer fragments are supported")));
        };
        if pointer::resolve(&self.docs[target_doc].root, &target).is_none() {
            return Err(self.err(doc, &at_ref, format!("`$ref` {reference:?} points at nothing")));
        }
        Ok((target_doc, target))
    }

    /// Loads (once) a file named by a `$ref`, relative to the referring document.
    fn document(&mut self, from: usize, at: &str, file: &str) -> Result<usize> {
        let base = Path::new(&self.docs[from].file).parent().unwrap_or(Path::new(""));
        let path = base.join(file);
        let name = path.display().to_string();
        if let Some(i) = self.docs.iter().position(|d| d.file == name) {
            return Ok(i);
        }
        if !path.is_file() {
            return Err(self.err(from, at, format!("`$ref` file {} does not exist", path.display())));
        }
        let doc = source::read(&path)?;
        self.docs.push(doc);
        Ok(self.docs.len() - 1)
    }

    fn value(&self, doc: usize, ptr: &str) -> Result<&Value> {
        if let Some(v) = self.overlays.get(&(doc, ptr.to_owned())) {
            return Ok(v);
        }
        pointer::resolve(&self.docs[doc].root, ptr)
            .ok_or_else(|| self.err(doc, ptr, "expected a schema here, found nothing"))
    }

    /// A sub-schema; `allow_bool` for positions where draft 4 accepts `true`/`false`.
    fn child(&mut self, doc: usize, ptr: String, allow_bool: bool) -> Result<SchemaId> {
        let value = self.value(doc, &ptr)?;
        match value {
            Value::Object(_) => self.location(doc, ptr),
            Value::Bool(_) if allow_bool || self.dialect == Dialect::Draft2020 => self.location(doc, ptr),
            other => Err(self.err(doc, &ptr, format!("expected a schema (an object), found {}", kind(other)))),
        }
    }

    fn children(&mut self, doc: usize, ptr: &str, map: &Map<String, Value>, key: &str) -> Result<Vec<SchemaId>> {
        let Some(v) = map.get(key) else { return Ok(Vec::new()) };
        let at = pointer::join(ptr, key);
        let items = v
            .as_array()
            .ok_or_else(|| self.err(doc, &at, format!("`{key}` must be an array of schemas")))?;
        (0..items.len()).map(|i| self.child(doc, pointer::index(&at, i), false)).collect()
    }

    fn named_children(&mut self, doc: usize, ptr: &str, map: &Map<String, Value>, key: &str) -> Result<Vec<(String, SchemaId)>> {
        let Some(v) = map.get(key) else { return Ok(Vec::new()) };
        let at = pointer::join(ptr, key);
        let entries = v
            .as_object()
            .ok_or_else(|| self.err(doc, &at, format!("`{key}` must be an object of schemas")))?;
        let names: Vec<String> = entries.keys().cloned().collect();
        names
            .into_iter()
            .map(|name| {
                let child = pointer::join(&at, &name);
                Ok((name, self.child(doc, child, false)?))
            })
            .collect()
    }

    fn optional_child(&mut self, doc: usize, ptr: &str, map: &Map<String, Value>, key: &str, allow_bool: bool) -> Result<Option<SchemaId>> {
        if !map.contains_key(key) {
            return Ok(None);
        }
        self.child(doc, pointer::join(ptr, key), allow_bool).map(Some)
    }

    fn convert(&mut self, doc: usize, ptr: &str) -> Result<Schema> {
        let origin = Origin { file: self.docs[doc].file.clone(), pointer: ptr.to_owned() };
        let value = self.value(doc, ptr)?.clone();
        let mut s = Schema::new(origin);
        let map = match value {
            Value::Bool(b) => {
                s.always = Some(b);
                return Ok(s);
            }
            Value::Object(map) => map,
            other => return Err(self.err(doc, ptr, format!("expected a schema (an object), found {}", kind(&other)))),
        };
        let num = |this: &Self, key: &str| -> Result<Option<u64>> {
            match map.get(key) {
                None => Ok(None),
                Some(v) => non_negative(v)
                    .map(Some)
                    .ok_or_else(|| this.err(doc, &pointer::join(ptr, key), format!("`{key}` must be a non-negative integer"))),
            }
        };
        let string = |this: &Self, key: &str| -> Result<Option<String>> {
            match map.get(key) {
                None => Ok(None),
                Some(Value::String(v)) => Ok(Some(v.clone())),
                Some(_) => Err(this.err(doc, &pointer::join(ptr, key), format!("`{key}` must be a string"))),
            }
        };
        let flag = |this: &Self, key: &str| -> Result<bool> {
            match map.get(key) {
                None => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(_) => Err(this.err(doc, &pointer::join(ptr, key), format!("`{key}` must be a boolean"))),
            }
        };

        for key in map.keys() {
            if UNSUPPORTED.contains(&key.as_str()) {
                self.warnings.push(Diagnostic::new(
                    &self.docs[doc].file,
                    &pointer::join(ptr, key),
                    format!("keyword `{key}` is not supported and is not enforced"),
                ));
            }
        }

        // In 2020-12 a `$ref` with siblings applies beside them (pure references were
        // already followed by `location`).
        if map.contains_key("$ref") {
            let target = map["$ref"].as_str().unwrap_or_default().to_owned();
            let (tdoc, tptr) = self.resolve_ref(doc, ptr, &target)?;
            s.reference = Some(self.location(tdoc, tptr)?);
        }

        s.docs = Docs {
            title: string(self, "title")?,
            description: string(self, "description")?,
            examples: {
                let mut ex: Vec<Value> = map.get("example").cloned().into_iter().collect();
                if let Some(Value::Array(more)) = map.get("examples") {
                    ex.extend(more.iter().cloned());
                }
                ex
            },
            default: map.get("default").cloned(),
            deprecated: flag(self, "deprecated")?,
        };
        s.format = string(self, "format")?;
        s.read_only = flag(self, "readOnly")?;
        s.write_only = flag(self, "writeOnly")?;
        s.nullable = flag(self, "nullable")? || flag(self, "x-nullable")?;

        if let Some(t) = map.get("type") {
            s.types = Some(self.types(doc, &pointer::join(ptr, "type"), t)?);
        }
        if let Some(e) = map.get("enum") {
            let values = e
                .as_array()
                .ok_or_else(|| self.err(doc, &pointer::join(ptr, "enum"), "`enum` must be an array"))?;
            s.enum_values = Some(values.clone());
        }
        if self.dialect == Dialect::Draft2020 {
            s.const_value = map.get("const").cloned();
        }

        s.min_length = num(self, "minLength")?;
        s.max_length = num(self, "maxLength")?;
        s.pattern = string(self, "pattern")?;

        s.minimum = self.bound(doc, ptr, &map, "minimum", "exclusiveMinimum", true)?;
        s.maximum = self.bound(doc, ptr, &map, "maximum", "exclusiveMaximum", false)?;
        if let Some(m) = map.get("multipleOf") {
            match m {
                Value::Number(n) if n.as_f64().is_some_and(|f| f > 0.0) => s.multiple_of = Some(n.clone()),
                _ => return Err(self.err(doc, &pointer::join(ptr, "multipleOf"), "`multipleOf` must be a number greater than 0")),
            }
        }

        s.properties = self.named_children(doc, ptr, &map, "properties")?;
        if let Some(r) = map.get("required") {
            s.required = self.strings(doc, &pointer::join(ptr, "required"), r, "required")?;
        }
        s.additional_properties = self.optional_child(doc, ptr, &map, "additionalProperties", true)?;
        s.pattern_properties = self.named_children(doc, ptr, &map, "patternProperties")?;
        s.property_names = self.optional_child(doc, ptr, &map, "propertyNames", false)?;
        s.min_properties = num(self, "minProperties")?;
        s.max_properties = num(self, "maxProperties")?;
        self.dependencies(doc, ptr, &map, &mut s)?;

        self.items(doc, ptr, &map, &mut s)?;
        s.contains = self.optional_child(doc, ptr, &map, "contains", false)?;
        s.min_contains = num(self, "minContains")?;
        s.max_contains = num(self, "maxContains")?;
        s.min_items = num(self, "minItems")?;
        s.max_items = num(self, "maxItems")?;
        s.unique_items = flag(self, "uniqueItems")?;

        s.all_of = self.children(doc, ptr, &map, "allOf")?;
        s.any_of = self.children(doc, ptr, &map, "anyOf")?;
        s.one_of = self.children(doc, ptr, &map, "oneOf")?;
        s.not = self.optional_child(doc, ptr, &map, "not", false)?;
        if self.dialect == Dialect::Draft2020 {
            if let Some(condition) = self.optional_child(doc, ptr, &map, "if", false)? {
                s.conditional = Some(Conditional {
                    condition,
                    then: self.optional_child(doc, ptr, &map, "then", false)?,
                    otherwise: self.optional_child(doc, ptr, &map, "else", false)?,
                });
            }
        }
        s.discriminator = self.discriminator(doc, ptr, &map)?;

        if self.infer_object && s.types.is_none() && s.has_object_keywords() && !s.has_composition() {
            s.types = Some(vec![JsonType::Object]);
        }
        Ok(s)
    }

    fn types(&self, doc: usize, ptr: &str, t: &Value) -> Result<Vec<JsonType>> {
        let parse = |v: &Value, at: &str| -> Result<JsonType> {
            v.as_str()
                .and_then(JsonType::parse)
                .ok_or_else(|| self.err(doc, at, format!("unknown type {v}")))
        };
        match t {
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| parse(v, &pointer::index(ptr, i))).collect(),
            other => Ok(vec![parse(other, ptr)?]),
        }
    }

    fn strings(&self, doc: usize, ptr: &str, v: &Value, key: &str) -> Result<Vec<String>> {
        v.as_array()
            .and_then(|items| items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
            .ok_or_else(|| self.err(doc, ptr, format!("`{key}` must be an array of strings")))
    }

    fn bound(&self, doc: usize, ptr: &str, map: &Map<String, Value>, key: &str, exclusive_key: &str, lower: bool) -> Result<Option<Bound>> {
        let number = |k: &str| -> Result<Option<Number>> {
            match map.get(k) {
                None => Ok(None),
                Some(Value::Number(n)) => Ok(Some(n.clone())),
                Some(_) => Err(self.err(doc, &pointer::join(ptr, k), format!("`{k}` must be a number"))),
            }
        };
        let inclusive = number(key)?.map(|value| Bound { value, exclusive: false });
        match map.get(exclusive_key) {
            None => Ok(inclusive),
            // Draft 4: a boolean that makes `minimum`/`maximum` exclusive.
            Some(Value::Bool(b)) => Ok(inclusive.map(|bound| Bound { exclusive: *b, ..bound })),
            Some(Value::Number(n)) => {
                let exclusive = Bound { value: n.clone(), exclusive: true };
                Ok(Some(match inclusive {
                    None => exclusive,
                    Some(inclusive) => stricter(inclusive, exclusive, lower),
                }))
            }
            Some(_) => Err(self.err(doc, &pointer::join(ptr, exclusive_key), format!("`{exclusive_key}` must be a number or a boolean"))),
        }
    }

    fn dependencies(&mut self, doc: usize, ptr: &str, map: &Map<String, Value>, s: &mut Schema) -> Result<()> {
        for key in ["dependencies", "dependentRequired", "dependentSchemas"] {
            let Some(v) = map.get(key) else { continue };
            let at = pointer::join(ptr, key);
            let entries = v
                .as_object()
                .ok_or_else(|| self.err(doc, &at, format!("`{key}` must be an object")))?;
            for (name, dep) in entries {
                let dep_at = pointer::join(&at, name);
                match (key, dep) {
                    ("dependencies" | "dependentRequired", Value::Array(_)) => {
                        let names = self.strings(doc, &dep_at, dep, key)?;
                        s.dependent_required.push((name.clone(), names));
                    }
                    ("dependencies" | "dependentSchemas", Value::Object(_) | Value::Bool(_)) => {
                        let id = self.child(doc, dep_at, true)?;
                        s.dependent_schemas.push((name.clone(), id));
                    }
                    _ => return Err(self.err(doc, &dep_at, format!("`{key}` entries must be {}", if key == "dependentRequired" { "arrays of strings" } else { "schemas" }))),
                }
            }
        }
        Ok(())
    }

    fn items(&mut self, doc: usize, ptr: &str, map: &Map<String, Value>, s: &mut Schema) -> Result<()> {
        match (self.dialect, map.get("items")) {
            (Dialect::Draft4, Some(Value::Array(_))) => {
                s.prefix_items = self.children(doc, ptr, map, "items")?;
                s.items = self.optional_child(doc, ptr, map, "additionalItems", true)?;
            }
            (_, Some(_)) => s.items = self.optional_child(doc, ptr, map, "items", false)?,
            (_, None) => {}
        }
        if self.dialect == Dialect::Draft2020 {
            s.prefix_items = self.children(doc, ptr, map, "prefixItems")?;
        }
        Ok(())
    }

    fn discriminator(&mut self, doc: usize, ptr: &str, map: &Map<String, Value>) -> Result<Option<Discriminator>> {
        let at = pointer::join(ptr, "discriminator");
        match map.get("discriminator") {
            None => Ok(None),
            // Swagger 2.0: the property name alone.
            Some(Value::String(property)) => Ok(Some(Discriminator { property: property.clone(), mapping: Vec::new() })),
            Some(Value::Object(d)) => {
                let Some(property) = d.get("propertyName").and_then(Value::as_str) else {
                    return Err(self.err(doc, &at, "`discriminator` needs a string `propertyName`"));
                };
                let mut mapping = Vec::new();
                if let Some(m) = d.get("mapping").and_then(Value::as_object) {
                    let entries: Vec<(String, Value)> = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    for (tag, target) in entries {
                        let Some(target) = target.as_str() else { continue };
                        // A bare name means a schema of the same document's components.
                        let reference = if target.contains('#') || target.contains('/') {
                            target.to_owned()
                        } else {
                            format!("#/components/schemas/{target}")
                        };
                        let (tdoc, tptr) = self.resolve_ref(doc, &pointer::join(&at, "mapping"), &reference)?;
                        mapping.push((tag, self.location(tdoc, tptr)?));
                    }
                }
                Ok(Some(Discriminator { property: property.to_owned(), mapping }))
            }
            Some(_) => Err(self.err(doc, &at, "`discriminator` must be a string or an object")),
        }
    }
}

/// The stricter of an inclusive and an exclusive bound on the same side.
fn stricter(inclusive: Bound, exclusive: Bound, lower: bool) -> Bound {
    let (a, b) = (inclusive.value.as_f64().unwrap_or(0.0), exclusive.value.as_f64().unwrap_or(0.0));
    let exclusive_wins = if lower { b >= a } else { b <= a };
    if exclusive_wins {
        exclusive
    } else {
        inclusive
    }
}

fn non_negative(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f <= u64::MAX as f64).map(|f| f as u64)
        }),
        _ => None,
    }
}

/// Keywords that carry no validation: a `$ref` beside only these is a plain reference.
fn is_annotation(key: &str) -> bool {
    matches!(key, "description" | "title" | "example" | "examples" | "deprecated" | "$comment") || key.starts_with("x-")
}

/// The JSON type of a value, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
