//! The pure half of the fidelity checker: two JSON Schemas, normalised, compared keyword
//! by keyword. No compiler, no files: every input is a `serde_json::Value`.
//!
//! Normalisation makes equivalent spellings equal before anything is compared:
//!
//! - `$ref`s are resolved (draft 4 / OpenAPI 3.0: the target replaces its siblings;
//!   2020-12: the siblings apply beside the target), so `{"$ref": "#/$defs/A"}` and the
//!   definition it points at are the same schema; recursion is compared once per pair of
//!   targets;
//! - annotations that validate nothing are dropped: `title`, `description`, `example(s)`,
//!   `default`, `deprecated`, `readOnly`, `writeOnly`, `$comment`, `$schema`, `$id`,
//!   `discriminator`, `xml`, `externalDocs`, `content*`, `x-*`;
//! - `true` ≡ `{}`, `false` ≡ `{"not": {}}`; `additionalProperties`, `items`,
//!   `propertyNames` and `unevaluated*` that are `true` are dropped (absent means the same);
//! - `type` becomes a sorted list, `nullable: true` / `x-nullable: true` add `"null"` to it,
//!   `integer` beside `number` is dropped; a `type` every `enum` value already satisfies is
//!   dropped; `const: x` is `enum: [x]`; `enum` and `required` are compared as sets;
//! - integer and number `format`s (`int32`, `int64`, `uint8`, `float`, `double`, …) are
//!   dropped: they describe the width of the Rust type oasbind picked, not the JSON;
//! - draft 4 forms become 2020-12 ones: boolean `exclusiveMinimum`/`exclusiveMaximum`,
//!   array `items` (→ `prefixItems`) with `additionalItems` (→ `items`), `dependencies`;
//! - keywords at their default (`minLength: 0`, `minItems: 0`, `minProperties: 0`,
//!   `uniqueItems: false`, `required: []`, `properties: {}`) are dropped;
//! - with `infer_object_type` (the generator's default), a source schema without `type` that
//!   has object keywords and no composition is an object, as the generator reads it.

use crate::load::pointer;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One way the derived schema of a type differs from its definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The generated type.
    pub type_name: String,
    /// JSON pointer of the schema node inside the type's schema (`""`: the type itself,
    /// `/properties/scope`: its `scope` property).
    pub pointer: String,
    /// The keyword that differs.
    pub keyword: String,
    /// The keyword's value in the (normalised) definition, if it has the keyword.
    pub source: Option<Value>,
    /// The keyword's value in the (normalised) derived schema, if it has the keyword.
    pub derived: Option<Value>,
    /// Whether the Rust type there (at the node, or at the subschema the keyword holds) is
    /// `serde_json::Value`, whose schema says nothing by itself.
    pub opaque: bool,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        let show = |v: &Option<Value>| match v {
            Some(v) => short(v),
            None => "(absent)".to_owned(),
        };
        write!(
            f,
            "{} {}: `{}`: definition {}, derived {}",
            self.type_name,
            pointer,
            self.keyword,
            show(&self.source),
            show(&self.derived)
        )
    }
}

/// A JSON value on one line, cut to 120 characters.
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// How to read the source schema.
#[derive(Clone, Debug)]
pub struct Options {
    /// The definition is draft 4 (Swagger 2.0, OpenAPI 3.0): `$ref` replaces its siblings,
    /// `exclusiveMinimum` is a boolean, `nullable` is a keyword.
    pub draft4: bool,
    /// A schema without `type` that has object keywords is an object (the generator's
    /// `Config::infer_object_type`, on by default).
    pub infer_object_type: bool,
    /// Where the definition has schemas whose Rust type is `serde_json::Value` (file, JSON
    /// pointer): differences there are explained by that.
    pub opaque: BTreeSet<(String, String)>,
}

impl Default for Options {
    fn default() -> Options {
        Options { draft4: false, infer_object_type: true, opaque: BTreeSet::new() }
    }
}

/// The documents `$ref`s of a source schema may point into, by file name as the refs'
/// base is spelled.
#[derive(Clone, Debug, Default)]
pub struct Documents {
    files: BTreeMap<String, Value>,
}

impl Documents {
    /// One document.
    pub fn single(file: &str, root: Value) -> Documents {
        let mut d = Documents::default();
        d.insert(file, root);
        d
    }

    /// Adds a document.
    pub fn insert(&mut self, file: &str, root: Value) {
        self.files.insert(file.to_owned(), root);
    }

    /// The document of a file.
    pub fn get(&self, file: &str) -> Option<&Value> {
        self.files.get(file)
    }

    /// The file a `$ref` from `base` names, and the JSON pointer inside it.
    fn target(&self, base: &str, reference: &str) -> Option<(String, String)> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() {
            base.to_owned()
        } else {
            let dir = std::path::Path::new(base).parent().unwrap_or(std::path::Path::new(""));
            let joined = dir.join(file).to_string_lossy().into_owned();
            if self.files.contains_key(&joined) {
                joined
            } else {
                file.to_owned()
            }
        };
        Some((file, pointer::from_fragment(fragment)?))
    }
}

/// Compares the schema schemars derived for `type_name` (`derived`, a root schema as
/// `schema_for!` returns it, with its `$defs`) with its definition (`source`, a root schema
/// whose `$ref`s resolve against itself). Returns every difference left after normalisation.
pub fn compare(type_name: &str, source: &Value, derived: &Value, options: &Options) -> Vec<Difference> {
    let docs = Documents::single("", source.clone());
    compare_in(type_name, &docs, "", "", derived, options)
}

/// [`compare`] for a source schema at `pointer` in `file` among `docs` (refs may cross files).
pub fn compare_in(
    type_name: &str,
    docs: &Documents,
    file: &str,
    pointer: &str,
    derived: &Value,
    options: &Options,
) -> Vec<Difference> {
    let mut walker = Walker { docs, derived_root: derived, options, type_name, out: Vec::new(), seen: HashSet::new() };
    match docs.get(file).and_then(|root| pointer::resolve(root, pointer)) {
        Some(source) => walker.node(source, (file, pointer), derived, String::new(), 0),
        None => walker.out.push(Difference {
            type_name: type_name.to_owned(),
            pointer: String::new(),
            keyword: "$ref".to_owned(),
            source: Some(Value::from(format!("{file}#{pointer}"))),
            derived: None,
            opaque: false,
        }),
    }
    walker.out.sort_by(|a, b| (&a.pointer, &a.keyword).cmp(&(&b.pointer, &b.keyword)));
    walker.out
}

/// Keywords whose value is a map of subschemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];
/// Keywords whose value is one subschema.
const SCHEMAS: &[&str] = &[
    "additionalProperties",
    "items",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
/// Keywords whose value is a list of subschemas.
const SCHEMA_LISTS: &[&str] = &["prefixItems", "allOf", "anyOf", "oneOf"];
/// Keywords that annotate and validate nothing.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$defs",
    "definitions",
    "$vocabulary",
    "discriminator",
    "xml",
    "externalDocs",
    "contentEncoding",
    "contentMediaType",
];
/// `format`s that name a width of number, which the Rust type picks.
const NUMERIC_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32", "uint64", "uint128", "float",
    "double",
];
/// Object keywords that make a source schema without `type` an object (see
/// `Config::infer_object_type`).
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
];
const COMPOSITION: &[&str] = &["allOf", "anyOf", "oneOf", "not", "if", "$ref"];

struct Walker<'a> {
    docs: &'a Documents,
    derived_root: &'a Value,
    options: &'a Options,
    type_name: &'a str,
    out: Vec<Difference>,
    /// Pairs of `$ref` targets already compared (recursion).
    seen: HashSet<(String, String)>,
}

/// A schema node with its `$ref`s resolved.
struct Resolved {
    map: Map<String, Value>,
    /// The file its subschemas' `$ref`s are relative to.
    file: String,
    /// Where it stands in that file (the last `$ref` target).
    pointer: String,
    /// The last `$ref` target followed, if any.
    target: Option<String>,
    /// A `$ref` that could not be followed.
    broken: Option<String>,
}

impl Walker<'_> {
    /// Compares `source` (which stands at `at` in the definition: file, pointer) with
    /// `derived`; `path` is the pointer inside the type's schema.
    fn node(&mut self, source: &Value, at: (&str, &str), derived: &Value, path: String, depth: usize) {
        if depth > 64 {
            return;
        }
        let src = self.resolve_source(source, at.0, at.1);
        let here = src.pointer.clone();
        let opaque_at = |p: &str| self.options.opaque.contains(&(src.file.clone(), p.to_owned()));
        let node_opaque = opaque_at(&here) || self.options.opaque.contains(&(at.0.to_owned(), at.1.to_owned()));
        let der = self.resolve_derived(derived);
        if let (Some(a), Some(b)) = (&src.target, &der.target) {
            if !self.seen.insert((a.clone(), b.clone())) {
                return;
            }
        }
        if let Some(r) = &src.broken {
            self.push(&path, "$ref", Some(Value::from(r.clone())), None, false);
            return;
        }
        let s = normalise(src.map, Some(self.options));
        let d = normalise(der.map, None);
        // One-sided keywords, reported after the subschemas (the order is sorted at the end).
        let mut pending: Vec<Difference> = Vec::new();
        let diff = |path: &str, keyword: &str, source: Option<&Value>, derived: Option<&Value>, opaque: bool| Difference {
            type_name: self.type_name.to_owned(),
            pointer: path.to_owned(),
            keyword: keyword.to_owned(),
            source: source.cloned(),
            derived: derived.cloned(),
            opaque,
        };
        let keys: BTreeSet<&String> = s.keys().chain(d.keys()).collect();
        for key in keys {
            let k = key.as_str();
            let (a, b) = (s.get(k), d.get(k));
            if SCHEMA_MAPS.contains(&k) {
                let empty = Map::new();
                let am = a.and_then(Value::as_object).unwrap_or(&empty);
                let bm = b.and_then(Value::as_object).unwrap_or(&empty);
                let names: BTreeSet<&String> = am.keys().chain(bm.keys()).collect();
                for name in names {
                    let inner = pointer::join(&pointer::join(&path, k), name);
                    let child = pointer::join(&pointer::join(&here, k), name);
                    match (am.get(name), bm.get(name)) {
                        (Some(x), Some(y)) => self.node(x, (&src.file, &child), y, inner, depth + 1),
                        (x, y) => pending.push(diff(&inner, k, x, y, node_opaque || opaque_at(&child))),
                    }
                }
            } else if SCHEMAS.contains(&k) {
                let child = pointer::join(&here, k);
                match (a, b) {
                    (Some(x), Some(y)) => self.node(x, (&src.file, &child), y, pointer::join(&path, k), depth + 1),
                    (x, y) => pending.push(diff(&path, k, x, y, node_opaque || opaque_at(&child))),
                }
            } else if SCHEMA_LISTS.contains(&k) {
                match (a.and_then(Value::as_array), b.and_then(Value::as_array)) {
                    (Some(x), Some(y)) if x.len() == y.len() => {
                        for (i, (x, y)) in x.iter().zip(y).enumerate() {
                            let child = pointer::index(&pointer::join(&here, k), i);
                            self.node(x, (&src.file, &child), y, pointer::index(&pointer::join(&path, k), i), depth + 1);
                        }
                    }
                    _ => pending.push(diff(&path, k, a, b, node_opaque)),
                }
            } else if !matches!((a, b), (Some(x), Some(y)) if same(x, y)) {
                pending.push(diff(&path, k, a, b, node_opaque));
            }
        }
        self.out.extend(pending);
    }

    fn push(&mut self, path: &str, keyword: &str, source: Option<Value>, derived: Option<Value>, opaque: bool) {
        self.out.push(Difference {
            type_name: self.type_name.to_owned(),
            pointer: path.to_owned(),
            keyword: keyword.to_owned(),
            source,
            derived,
            opaque,
        });
    }

    fn resolve_source(&self, v: &Value, file: &str, at: &str) -> Resolved {
        let mut current = as_map(v);
        let mut file = file.to_owned();
        let mut here = at.to_owned();
        let mut target = None;
        for _ in 0..32 {
            let Some(Value::String(r)) = current.get("$ref").cloned() else { break };
            let found = self
                .docs
                .target(&file, &r)
                .and_then(|(f, p)| Some((self.docs.get(&f).and_then(|root| pointer::resolve(root, &p))?, f, p)));
            let Some((value, f, p)) = found else {
                return Resolved { map: Map::new(), file, pointer: here, target, broken: Some(r) };
            };
            target = Some(format!("{f}#{p}"));
            here = p;
            let mut next = as_map(value);
            if !self.options.draft4 {
                current.remove("$ref");
                merge(&mut next, current);
            }
            current = next;
            file = f;
        }
        Resolved { map: current, file, pointer: here, target, broken: None }
    }

    fn resolve_derived(&self, v: &Value) -> Resolved {
        let mut current = as_map(v);
        let mut target = None;
        for _ in 0..32 {
            let Some(Value::String(r)) = current.get("$ref").cloned() else { break };
            let p = r.strip_prefix('#').and_then(pointer::from_fragment);
            let Some(value) = p.as_deref().and_then(|p| pointer::resolve(self.derived_root, p)) else {
                return Resolved { map: Map::new(), file: String::new(), pointer: String::new(), target, broken: Some(r) };
            };
            target = Some(r.clone());
            let mut next = as_map(value);
            current.remove("$ref");
            merge(&mut next, current);
            current = next;
        }
        Resolved { map: current, file: String::new(), pointer: String::new(), target, broken: None }
    }
}

/// `$ref` siblings over the target: annotations replace, assertions that clash go to `allOf`.
fn merge(target: &mut Map<String, Value>, siblings: Map<String, Value>) {
    for (k, v) in siblings {
        match target.get(&k) {
            Some(existing) if !same(existing, &v) && !ANNOTATIONS.contains(&k.as_str()) => {
                let mut extra = Map::new();
                extra.insert(k, v);
                let all = target.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(a) = all {
                    a.push(Value::Object(extra));
                }
            }
            _ => {
                target.insert(k, v);
            }
        }
    }
}

fn as_map(v: &Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m.clone(),
        Value::Bool(false) => {
            let mut m = Map::new();
            m.insert("not".to_owned(), Value::Object(Map::new()));
            m
        }
        _ => Map::new(),
    }
}

/// The normal form of one schema node (its subschemas are normalised when visited).
/// `source`: the options of the definition side; `None` for the derived side.
pub fn normalise(mut m: Map<String, Value>, source: Option<&Options>) -> Map<String, Value> {
    let draft4 = source.is_some_and(|o| o.draft4);
    if draft4 {
        for (bound, exclusive) in [("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")] {
            if let Some(Value::Bool(b)) = m.get(exclusive).cloned() {
                m.remove(exclusive);
                if b {
                    if let Some(v) = m.remove(bound) {
                        m.insert(exclusive.to_owned(), v);
                    }
                }
            }
        }
        if let Some(Value::Array(items)) = m.get("items").cloned() {
            m.remove("items");
            m.insert("prefixItems".to_owned(), Value::Array(items));
            if let Some(more) = m.remove("additionalItems") {
                m.insert("items".to_owned(), more);
            }
        } else {
            m.remove("additionalItems");
        }
    }
    if let Some(Value::Object(deps)) = m.remove("dependencies") {
        let (mut required, mut schemas) = (Map::new(), Map::new());
        for (k, v) in deps {
            if v.is_array() {
                required.insert(k, v);
            } else {
                schemas.insert(k, v);
            }
        }
        if !required.is_empty() {
            m.insert("dependentRequired".to_owned(), Value::Object(required));
        }
        if !schemas.is_empty() {
            m.insert("dependentSchemas".to_owned(), Value::Object(schemas));
        }
    }
    let nullable = [m.remove("nullable"), m.remove("x-nullable")].iter().any(|v| v == &Some(Value::Bool(true)));
    m.retain(|k, _| !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"));

    // `type`: a sorted set.
    if let Some(t) = m.remove("type") {
        let mut types: BTreeSet<String> = match t {
            Value::String(s) => [s].into(),
            Value::Array(a) => a.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            _ => BTreeSet::new(),
        };
        if nullable {
            types.insert("null".to_owned());
        }
        if types.contains("number") {
            types.remove("integer");
        }
        m.insert("type".to_owned(), Value::from(types.into_iter().collect::<Vec<_>>()));
    }
    let infer = source.is_some_and(|o| o.infer_object_type);
    if infer
        && !m.contains_key("type")
        && OBJECT_KEYWORDS.iter().any(|k| m.contains_key(*k))
        && !COMPOSITION.iter().any(|k| m.contains_key(*k))
    {
        m.insert("type".to_owned(), Value::from(vec!["object"]));
    }

    // `const` is a one-value `enum`; an `enum` is a set; a `type` it implies is dropped.
    if let Some(c) = m.remove("const") {
        let merged = match m.remove("enum") {
            Some(Value::Array(e)) => e.into_iter().filter(|v| same(v, &c)).collect(),
            _ => vec![c],
        };
        m.insert("enum".to_owned(), Value::Array(merged));
    }
    if let Some(Value::Array(values)) = m.remove("enum") {
        let types: Option<Vec<String>> = m
            .get("type")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect());
        let mut values: Vec<Value> = match &types {
            Some(types) => values.into_iter().filter(|v| allows(types, v)).collect(),
            None => values,
        };
        values.sort_by_key(canonical);
        values.dedup_by(|a, b| same(a, b));
        m.remove("type");
        m.insert("enum".to_owned(), Value::Array(values));
    }

    if let Some(Value::String(f)) = m.get("format") {
        if NUMERIC_FORMATS.contains(&f.as_str()) {
            m.remove("format");
        }
    }
    if let Some(Value::Array(required)) = m.remove("required") {
        let mut names: Vec<String> = required.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            m.insert("required".to_owned(), Value::from(names));
        }
    }
    for (k, default) in [("minLength", 0u64), ("minItems", 0), ("minProperties", 0)] {
        if m.get(k).and_then(Value::as_f64) == Some(default as f64) {
            m.remove(k);
        }
    }
    if m.get("uniqueItems") == Some(&Value::Bool(false)) {
        m.remove("uniqueItems");
    }
    for k in ["additionalProperties", "items", "propertyNames", "unevaluatedProperties", "unevaluatedItems"] {
        if matches!(m.get(k), Some(Value::Bool(true))) || m.get(k).and_then(Value::as_object).is_some_and(Map::is_empty) {
            m.remove(k);
        }
    }
    for k in ["properties", "patternProperties", "dependentRequired", "dependentSchemas"] {
        if m.get(k).and_then(Value::as_object).is_some_and(Map::is_empty) {
            m.remove(k);
        }
    }
    m
}

/// Whether a value is of one of the JSON types.
fn allows(types: &[String], v: &Value) -> bool {
    let t = match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(n) => {
            let integral = n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0);
            if integral && types.iter().any(|t| t == "integer") {
                return true;
            }
            "number"
        }
    };
    types.iter().any(|x| x == t)
}

fn canonical(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f:e}")),
        _ => v.to_string(),
    }
}

/// JSON equality with numbers compared by value (`1` = `1.0`).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keywords(d: &[Difference]) -> Vec<(String, String)> {
        d.iter().map(|d| (d.pointer.clone(), d.keyword.clone())).collect()
    }

    fn draft4() -> Options {
        Options { draft4: true, ..Options::default() }
    }

    #[test]
    fn equal_schemas_have_no_difference() {
        let s = json!({"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}, "required": ["a"]});
        assert!(compare("T", &s, &s, &Options::default()).is_empty());
    }

    #[test]
    fn refs_are_resolved_on_both_sides() {
        let source = json!({
            "type": "object",
            "properties": {"grant": {"$ref": "#/definitions/grant"}},
            "definitions": {"grant": {"type": "string", "enum": ["client_credentials"]}}
        });
        let derived = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "T",
            "type": "object",
            "properties": {"grant": {"description": "doc", "$ref": "#/$defs/Grant"}},
            "$defs": {"Grant": {"type": "string", "enum": ["client_credentials"]}}
        });
        assert!(compare("T", &source, &derived, &draft4()).is_empty());
    }

    #[test]
    fn annotations_are_dropped() {
        let source = json!({"type": "string", "description": "a", "example": "x", "default": "y", "x-foo": 1, "readOnly": true});
        let derived = json!({"type": "string", "title": "T", "examples": ["z"]});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
    }

    #[test]
    fn nullable_is_a_null_type() {
        let source = json!({"type": "string", "nullable": true, "maxLength": 3});
        let derived = json!({"type": ["string", "null"], "maxLength": 3});
        assert!(compare("T", &source, &derived, &draft4()).is_empty());
        let plain = json!({"type": "string", "maxLength": 3});
        assert_eq!(keywords(&compare("T", &source, &plain, &draft4())), [("".to_owned(), "type".to_owned())]);
    }

    #[test]
    fn integer_formats_and_open_objects_are_unified() {
        let source = json!({"type": "object", "properties": {"n": {"type": "integer"}}});
        let derived = json!({"type": "object", "properties": {"n": {"type": "integer", "format": "int64"}}, "additionalProperties": true});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
        // A string format is a difference.
        let source = json!({"type": "string", "format": "date-time"});
        let derived = json!({"type": "string"});
        assert_eq!(keywords(&compare("T", &source, &derived, &Options::default())), [("".to_owned(), "format".to_owned())]);
    }

    #[test]
    fn closed_objects_must_stay_closed() {
        let source = json!({"type": "object", "properties": {}, "additionalProperties": false});
        let derived = json!({"type": "object", "additionalProperties": true});
        let d = compare("T", &source, &derived, &Options::default());
        assert_eq!(keywords(&d), [("".to_owned(), "additionalProperties".to_owned())]);
        assert_eq!(d[0].source, Some(json!(false)));
        assert_eq!(d[0].derived, None);
    }

    #[test]
    fn draft4_exclusive_bounds_and_tuples() {
        let source = json!({"type": "number", "minimum": 1, "exclusiveMinimum": true, "maximum": 5, "exclusiveMaximum": false});
        let derived = json!({"type": "number", "format": "double", "exclusiveMinimum": 1.0, "maximum": 5});
        assert!(compare("T", &source, &derived, &draft4()).is_empty());
        let source = json!({"type": "array", "items": [{"type": "string"}], "additionalItems": false});
        let derived = json!({"type": "array", "prefixItems": [{"type": "string"}], "items": false});
        assert!(compare("T", &source, &derived, &draft4()).is_empty());
    }

    #[test]
    fn enums_are_sets_and_imply_their_type() {
        let source = json!({"enum": ["b", "a", "a"]});
        let derived = json!({"type": "string", "enum": ["a", "b"]});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
        let source = json!({"const": 1});
        let derived = json!({"enum": [1.0]});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
    }

    #[test]
    fn object_type_is_inferred_as_the_generator_does() {
        let source = json!({"properties": {"a": {"type": "string"}}});
        let derived = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
        let plain = Options { infer_object_type: false, ..Options::default() };
        assert_eq!(keywords(&compare("T", &source, &derived, &plain)), [("".to_owned(), "type".to_owned())]);
    }

    #[test]
    fn differences_name_the_pointer_and_keyword() {
        let source = json!({"type": "object", "properties": {"scope": {"type": "string", "minLength": 1, "maxLength": 500}}, "required": ["scope"]});
        let derived = json!({"type": "object", "properties": {"scope": {"type": "string", "maxLength": 50}, "extra": {}}});
        let d = compare("Req", &source, &derived, &Options::default());
        assert_eq!(
            keywords(&d),
            [
                ("".to_owned(), "required".to_owned()),
                ("/properties/extra".to_owned(), "properties".to_owned()),
                ("/properties/scope".to_owned(), "maxLength".to_owned()),
                ("/properties/scope".to_owned(), "minLength".to_owned()),
            ]
        );
        assert_eq!(d[2].to_string(), "Req /properties/scope: `maxLength`: definition 500, derived 50");
    }

    #[test]
    fn recursion_terminates() {
        let source = json!({
            "$ref": "#/definitions/node",
            "definitions": {"node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/node"}}}}
        });
        let derived = json!({
            "$ref": "#/$defs/Node",
            "$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}}
        });
        assert!(compare("Node", &source, &derived, &draft4()).is_empty());
    }

    #[test]
    fn opaque_locations_mark_differences() {
        let source = json!({"type": "object", "properties": {"v": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}});
        let derived = json!({"type": "object", "properties": {"v": true}});
        let mut options = Options::default();
        assert!(!compare("T", &source, &derived, &options)[0].opaque);
        options.opaque.insert((String::new(), "/properties/v".to_owned()));
        let d = compare("T", &source, &derived, &options);
        assert_eq!(keywords(&d), [("/properties/v".to_owned(), "oneOf".to_owned())]);
        assert!(d[0].opaque);
    }
}
