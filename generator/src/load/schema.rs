//! JSON Schema objects → [`ir::Schema`](crate::ir::Schema) nodes, with `$ref` resolution.
//!
//! Sub-schemas are queued rather than converted recursively, and every location is
//! converted once (memoised by file and pointer), so recursive and deeply chained
//! definitions cost neither stack nor repeated work.
//!
//! References are resolved as the drafts say: every document has a base URI (its file,
//! or the URI it was fetched as), `$id` (`id` in draft 4) changes it for the schemas
//! below it, `$anchor` (and the draft 4–7 `"$id": "#name"`) names a location, and a
//! `$ref` is resolved against the base in effect where it is written. A document that no
//! `$id` names is read from disk: relative file names, `file:` URIs, and URIs under a
//! prefix mapped to a folder ([`SchemaLoader::remote`]); the meta-schemas of every draft
//! are bundled.
//!
//! `$dynamicRef` (2020-12) and `$recursiveRef` (2019-09) are resolved here too, against the
//! dynamic scope a location is reached through ([`dynamic`]): the same location reached
//! through scopes that resolve a `$dynamicRef` below it differently becomes one schema
//! per scope.

mod dynamic;

use super::pointer;
use super::source::{self, Document};
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{
    Bound, Conditional, Discriminator, Docs, JsonType, Origin, Schema, SchemaId, Schemas,
};
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
        Place {
            doc: 0,
            pointer: pointer.into(),
        }
    }

    /// The location of a child.
    pub fn join(&self, token: &str) -> Place {
        Place {
            doc: self.doc,
            pointer: pointer::join(&self.pointer, token),
        }
    }

    /// The location of an array element.
    pub fn index(&self, i: usize) -> Place {
        Place {
            doc: self.doc,
            pointer: pointer::index(&self.pointer, i),
        }
    }
}

/// The JSON Schema dialect of a document's schemas, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    /// Draft 4 with the OpenAPI additions (`nullable`, `discriminator`, `readOnly`, …):
    /// Swagger 2.0 and OpenAPI 3.0. `$ref` replaces its siblings; `id`.
    Draft4,
    /// Draft 6: boolean schemas, `const`, `contains`, `propertyNames`, numeric
    /// `exclusiveMinimum`/`exclusiveMaximum`, `$id`.
    Draft6,
    /// Draft 7: `if`/`then`/`else`.
    Draft7,
    /// Draft 2019-09: `$ref` beside other keywords, `$anchor`, `$defs`,
    /// `dependentRequired`/`dependentSchemas`, `minContains`/`maxContains`.
    Draft2019,
    /// Draft 2020-12 (OpenAPI 3.1): `prefixItems`, and `items` for the rest.
    Draft2020,
}

impl Dialect {
    /// The dialect a `$schema` URI names, if oasbind knows it.
    pub fn from_schema_uri(uri: &str) -> Option<Dialect> {
        let uri = uri.trim_end_matches('#');
        let uri = uri
            .strip_prefix("http://")
            .or_else(|| uri.strip_prefix("https://"))?;
        Some(match uri {
            "json-schema.org/draft-04/schema" => Dialect::Draft4,
            "json-schema.org/draft-06/schema" => Dialect::Draft6,
            "json-schema.org/draft-07/schema" => Dialect::Draft7,
            "json-schema.org/draft/2019-09/schema" => Dialect::Draft2019,
            "json-schema.org/draft/2020-12/schema" => Dialect::Draft2020,
            _ => return None,
        })
    }

    /// The dialect a short name names: `draft4`, `draft6`, `draft7`, `draft2019-09`,
    /// `draft2020-12` (also `4`, `2020-12`, …).
    pub fn from_name(name: &str) -> Option<Dialect> {
        Some(
            match name.trim_start_matches("draft").trim_start_matches('-') {
                "4" | "04" => Dialect::Draft4,
                "6" | "06" => Dialect::Draft6,
                "7" | "07" => Dialect::Draft7,
                "2019-09" | "2019" => Dialect::Draft2019,
                "2020-12" | "2020" => Dialect::Draft2020,
                _ => return None,
            },
        )
    }

    /// Whether `$ref` replaces the keywords beside it (draft 7 and before).
    fn ref_replaces_siblings(self) -> bool {
        self <= Dialect::Draft7
    }

    /// The keyword that sets a schema's URI.
    fn id_keyword(self) -> &'static str {
        if self == Dialect::Draft4 {
            "id"
        } else {
            "$id"
        }
    }
}

/// Keywords of an older draft that a newer one dropped, which oasbind does not enforce
/// there: using them is reported, never silently ignored. (keyword, first draft without
/// it, what replaced it.)
const DROPPED: &[(&str, Dialect, &str)] = &[(
    "$recursiveRef",
    Dialect::Draft2020,
    "2020-12, which replaced it with `$dynamicRef`",
)];

/// What a keyword holds, for walks that must tell schemas from data (`enum` values and
/// property names are not schemas, even when they look like one).
enum Holds {
    /// One schema.
    One,
    /// An object of schemas.
    Map,
    /// An array of schemas.
    List,
    /// `items`: a schema, or an array of schemas.
    Items,
    /// `dependencies`: schemas or arrays of names.
    Dependencies,
    /// Data, or a keyword oasbind does not know.
    Data,
}

fn holds(key: &str) -> Holds {
    match key {
        "additionalProperties"
        | "propertyNames"
        | "not"
        | "contains"
        | "if"
        | "then"
        | "else"
        | "additionalItems"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "contentSchema" => Holds::One,
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
            Holds::Map
        }
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Holds::List,
        "items" => Holds::Items,
        "dependencies" => Holds::Dependencies,
        _ => Holds::Data,
    }
}

/// How a walk down a pointer sees the node it reached.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A schema.
    Schema,
    /// An object whose values are schemas.
    Map,
    /// An array whose elements are schemas.
    List,
    /// `dependencies`: values are schemas when they are objects or booleans.
    Dependencies,
    /// An API document's own structure (paths, components, …).
    Container,
    /// Data inside a schema.
    Data,
}

/// What the loader knows about a document beyond its content.
struct Meta {
    /// Its URI, without fragment.
    uri: String,
    /// Its dialect (its `$schema`, else the loader's).
    dialect: Dialect,
    /// Whether the root is a schema (a JSON Schema document) rather than an API document.
    schema_root: bool,
    /// Whether the validation vocabulary applies: false when the document's `$schema` is a
    /// meta-schema whose `$vocabulary` leaves it out.
    validation: bool,
}

/// A value inside a loaded document, held through a shared handle on the document: a
/// front end reads it while it keeps using the loader, and nothing is copied.
pub struct Resolved {
    document: std::rc::Rc<Document>,
    pointer: String,
}

impl std::ops::Deref for Resolved {
    type Target = Value;

    fn deref(&self) -> &Value {
        static NULL: Value = Value::Null;
        // `deref` found it there; the document does not change.
        pointer::resolve(&self.document.root, &self.pointer).unwrap_or(&NULL)
    }
}

/// Converts the schemas of one or more documents into the IR arena.
pub struct SchemaLoader {
    /// Shared, so that converting a schema can borrow its document while `self` changes.
    docs: Vec<std::rc::Rc<Document>>,
    meta: Vec<Meta>,
    dialect: Dialect,
    remotes: Vec<(String, PathBuf)>,
    /// `$id` URI (no fragment) → where that resource is.
    resources: HashMap<String, (usize, String)>,
    /// `uri#anchor` → where the anchor is.
    anchors: HashMap<String, (usize, String)>,
    schemas: Schemas,
    memo: HashMap<(usize, String), SchemaId>,
    /// Names schemas are declared under.
    declared: HashMap<SchemaId, String>,
    /// Schemas that are not written as such (a Swagger 2.0 parameter is its own schema,
    /// less `name`, `in` and `required`), by document and then where they stand.
    overlays: HashMap<usize, HashMap<String, Value>>,
    /// Schemas to convert: where, their slot, and their dynamic scope (0: none).
    queue: VecDeque<(usize, String, SchemaId, u32)>,
    /// Dynamic anchors, the dynamic scopes met and the schemas converted in one.
    dynamic: dynamic::Dynamic,
    /// The dynamic scope of the schema being converted (0: none).
    scope: u32,
    /// Problems that do not stop generation (unsupported keywords).
    pub warnings: Vec<Diagnostic>,
}

impl SchemaLoader {
    /// A loader over `main`, the API document the user named.
    pub fn new(main: Document, dialect: Dialect) -> SchemaLoader {
        let mut loader = SchemaLoader::empty(dialect);
        let uri = file_uri(Path::new(&main.file));
        loader.add(main, uri, false);
        loader
    }

    /// A loader over `main`, a document that is itself a schema (JSON Schema input).
    /// Its dialect is its `$schema` when it names one, else `dialect`.
    pub fn for_schema(
        main: Document,
        dialect: Dialect,
        remotes: Vec<(String, PathBuf)>,
    ) -> SchemaLoader {
        let mut loader = SchemaLoader::empty(dialect);
        loader.remotes = remotes;
        let uri = file_uri(Path::new(&main.file));
        loader.add(main, uri, true);
        loader
    }

    fn empty(dialect: Dialect) -> SchemaLoader {
        SchemaLoader {
            docs: Vec::new(),
            meta: Vec::new(),
            dialect,
            remotes: Vec::new(),
            resources: HashMap::new(),
            anchors: HashMap::new(),
            schemas: Schemas::default(),
            memo: HashMap::new(),
            overlays: HashMap::new(),
            declared: HashMap::new(),
            queue: VecDeque::new(),
            dynamic: dynamic::Dynamic::default(),
            scope: 0,
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
        self.overlays
            .entry(place.doc)
            .or_default()
            .insert(place.pointer.clone(), value);
        self.location(place.doc, place.pointer.clone())
    }

    /// Records that schema `id` also stands for an equal object at another place.
    pub fn also_elsewhere(&mut self, id: SchemaId) {
        self.schemas.also_elsewhere(id);
    }

    /// Adds a schema that the definition implies but does not write (the object a set of
    /// form fields makes up).
    pub fn synthesize(&mut self, schema: Schema) -> SchemaId {
        let id = self.schemas.reserve(schema.origin.clone());
        self.schemas.set(id, schema);
        id
    }

    /// The object at `place`, following `$ref`s (to other files too) until one is not a
    /// reference: shared parameters, responses, request bodies, path items. It is read from
    /// the document as written (a parameter that is also a schema is still a parameter).
    pub fn deref(&mut self, place: &Place) -> Result<(Place, Resolved)> {
        let (mut doc, mut ptr) = (place.doc, place.pointer.clone());
        let mut seen = Vec::new();
        loop {
            let value = pointer::resolve(&self.docs[doc].root, &ptr)
                .ok_or_else(|| self.err(doc, &ptr, "expected an object here, found nothing"))?;
            let Some(target) = value.get("$ref") else {
                let resolved = Resolved {
                    document: std::rc::Rc::clone(&self.docs[doc]),
                    pointer: ptr.clone(),
                };
                return Ok((Place { doc, pointer: ptr }, resolved));
            };
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

    /// A warning at `place`: something in the definition that is not honoured.
    pub fn warn_at(&mut self, place: &Place, message: impl Into<String>) {
        self.warn(place.doc, &place.pointer, message);
    }

    /// Records the name a schema is declared under (`definitions`, `components.schemas`).
    pub fn declare_name(&mut self, id: SchemaId, name: &str) {
        self.declared.entry(id).or_insert_with(|| name.to_owned());
    }

    /// Converts everything queued and hands over the arena.
    pub fn finish(mut self) -> Result<(Schemas, Vec<Diagnostic>, Vec<PathBuf>)> {
        while let Some((doc, ptr, id, scope)) = self.queue.pop_front() {
            self.scope = scope;
            let converted = self.convert(doc, &ptr);
            self.scope = 0;
            let mut schema = converted?;
            schema.declared_name = self.declared.get(&id).cloned();
            self.schemas.set(id, schema);
        }
        self.schemas.spread_places();
        let files = self.files();
        Ok((self.schemas, self.warnings, files))
    }

    fn err(&self, doc: usize, ptr: &str, message: impl Into<String>) -> Error {
        Diagnostic::new(&self.docs[doc].file, ptr, message).into()
    }

    fn malformed(&self, doc: usize, ptr: &str, message: impl Into<String>) -> Malformed {
        let message = message.into();
        Malformed(Diagnostic::new(
            &self.docs[doc].file,
            ptr,
            format!("{message}: the keyword is left out of this schema and not enforced"),
        ))
    }

    /// Adds a document and indexes the `$id`s and anchors in it.
    fn add(&mut self, doc: Document, uri: String, schema_root: bool) -> usize {
        let dialect = if schema_root {
            doc.root
                .get("$schema")
                .and_then(Value::as_str)
                .and_then(Dialect::from_schema_uri)
                .unwrap_or(self.dialect)
        } else {
            self.dialect
        };
        let validation = !schema_root || self.validation_vocabulary(&doc.root);
        self.docs.push(std::rc::Rc::new(doc));
        self.meta.push(Meta {
            uri: uri.clone(),
            dialect,
            schema_root,
            validation,
        });
        let i = self.docs.len() - 1;
        self.resources
            .entry(uri.clone())
            .or_insert((i, String::new()));
        self.index(i, uri);
        i
    }

    /// Whether a schema document's meta-schema (its `$schema`, when that is a custom one
    /// oasbind can read: bundled or under a `Config::remote` folder) keeps the validation
    /// vocabulary. A meta-schema without `$vocabulary`, or one that cannot be read, keeps
    /// the standard vocabularies.
    fn validation_vocabulary(&self, root: &Value) -> bool {
        let Some(uri) = root.get("$schema").and_then(Value::as_str) else {
            return true;
        };
        if Dialect::from_schema_uri(uri).is_some() {
            return true;
        }
        let uri = uri.split('#').next().unwrap_or(uri);
        let meta = match metaschema(uri) {
            Some(text) => source::parse(uri, text).ok(),
            None => self
                .remote_path(uri)
                .and_then(|path| source::read(&path).ok())
                .map(|d| std::sync::Arc::unwrap_or_clone(d.root)),
        };
        let Some(Value::Object(vocabulary)) = meta.as_ref().and_then(|m| m.get("$vocabulary"))
        else {
            return true;
        };
        vocabulary.keys().any(|k| k.ends_with("/vocab/validation"))
    }

    /// The file a URI names under a `Config::remote` folder, or a `file://` URI's path.
    fn remote_path(&self, absolute: &str) -> Option<PathBuf> {
        self.remotes
            .iter()
            .find_map(|(prefix, dir)| {
                absolute
                    .strip_prefix(prefix.as_str())
                    .map(|rest| dir.join(uri::decode(rest)))
            })
            .or_else(|| {
                absolute
                    .strip_prefix("file://")
                    .map(|p| PathBuf::from(uri::decode(p)))
            })
    }

    /// Records every `$id` and anchor of document `doc` (schemas only, never data).
    fn index(&mut self, doc: usize, uri: String) {
        let dialect = self.meta[doc].dialect;
        let start = if self.meta[doc].schema_root {
            Mode::Schema
        } else {
            Mode::Container
        };
        let mut found: Vec<(bool, String, String)> = Vec::new(); // (is_anchor, key, pointer)
        let mut dynamic_found: Vec<(String, String, String)> = Vec::new(); // (resource, name, pointer)
        let mut stack: Vec<(&Value, String, String, Mode)> =
            vec![(&self.docs[doc].root, String::new(), uri, start)];
        while let Some((value, ptr, base, mode)) = stack.pop() {
            match mode {
                Mode::Schema => {
                    let Some(map) = value.as_object() else {
                        continue;
                    };
                    let (base, anchor) = schema_base(dialect, map, &base);
                    if let Some(id) =
                        pointer::member(map, dialect.id_keyword()).and_then(Value::as_str)
                    {
                        let void = dialect.ref_replaces_siblings()
                            && pointer::member(map, "$ref").is_some();
                        if !void && !id.starts_with('#') {
                            found.push((false, base.clone(), ptr.clone()));
                        }
                    }
                    if let Some(a) = anchor {
                        found.push((true, format!("{base}#{a}"), ptr.clone()));
                    }
                    for key in ["$anchor", "$dynamicAnchor"] {
                        if let Some(a) = map
                            .get(key)
                            .and_then(Value::as_str)
                            .filter(|_| dialect >= Dialect::Draft2019)
                        {
                            found.push((true, format!("{base}#{a}"), ptr.clone()));
                        }
                    }
                    if let Some(name) = dynamic::anchor(dialect, map, &ptr) {
                        dynamic_found.push((base.clone(), name, ptr.clone()));
                    }
                    for (key, child) in map {
                        let mode = match holds(key) {
                            Holds::One => Mode::Schema,
                            Holds::Map => Mode::Map,
                            Holds::List => Mode::List,
                            Holds::Items if child.is_array() => Mode::List,
                            Holds::Items => Mode::Schema,
                            Holds::Dependencies => Mode::Dependencies,
                            Holds::Data => continue,
                        };
                        stack.push((child, pointer::join(&ptr, key), base.clone(), mode));
                    }
                }
                Mode::Map | Mode::Dependencies => {
                    let Some(map) = value.as_object() else {
                        continue;
                    };
                    for (key, child) in map {
                        if mode == Mode::Map || child.is_object() {
                            stack.push((
                                child,
                                pointer::join(&ptr, key),
                                base.clone(),
                                Mode::Schema,
                            ));
                        }
                    }
                }
                Mode::List => {
                    let Some(items) = value.as_array() else {
                        continue;
                    };
                    for (i, child) in items.iter().enumerate() {
                        stack.push((child, pointer::index(&ptr, i), base.clone(), Mode::Schema));
                    }
                }
                Mode::Container => {
                    let Some(map) = value.as_object() else {
                        continue;
                    };
                    for (key, child) in map {
                        let mode = container_child(key);
                        stack.push((child, pointer::join(&ptr, key), base.clone(), mode));
                    }
                }
                Mode::Data => {}
            }
        }
        for (is_anchor, key, ptr) in found {
            let table = if is_anchor {
                &mut self.anchors
            } else {
                &mut self.resources
            };
            table.entry(key).or_insert((doc, ptr));
        }
        for (resource, name, ptr) in dynamic_found {
            self.dynamic.declare(resource, name, (doc, ptr));
        }
    }

    /// The base URI in effect for the schema at `(doc, ptr)` (including its own `$id`).
    fn base_at(&self, doc: usize, ptr: &str) -> String {
        let dialect = self.meta[doc].dialect;
        let mut base = self.meta[doc].uri.clone();
        let mut mode = if self.meta[doc].schema_root {
            Mode::Schema
        } else {
            Mode::Container
        };
        let mut value: &Value = &self.docs[doc].root;
        let tokens = (!ptr.is_empty()).then(|| pointer::tokens(ptr.trim_start_matches('/')));
        for token in tokens.into_iter().flatten().map(Some).chain([None]) {
            if mode == Mode::Schema {
                if let Some(map) = value.as_object() {
                    base = schema_base(dialect, map, &base).0;
                }
            }
            let Some(token) = token else { break };
            let next = match value {
                Value::Object(m) => pointer::member(m, &token),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            let Some(next) = next else { break };
            mode = match mode {
                Mode::Schema => match holds(&token) {
                    Holds::One => Mode::Schema,
                    Holds::Map => Mode::Map,
                    Holds::List => Mode::List,
                    Holds::Items if next.is_array() => Mode::List,
                    Holds::Items => Mode::Schema,
                    Holds::Dependencies => Mode::Dependencies,
                    Holds::Data => Mode::Data,
                },
                Mode::Map | Mode::List | Mode::Dependencies => Mode::Schema,
                Mode::Container => container_child(&token),
                Mode::Data => Mode::Data,
            };
            value = next;
        }
        base
    }

    /// The id of the schema at a location reached from outside any schema (a definition,
    /// a parameter), following `$ref` chains first.
    fn location(&mut self, doc: usize, ptr: String) -> Result<SchemaId> {
        self.location_in(doc, ptr, dynamic::Scope::default())
    }

    /// The id of the schema at a location that the schema being converted holds or refers to.
    fn inner(&mut self, doc: usize, ptr: String) -> Result<SchemaId> {
        let scope = self.dynamic.scope(self.scope).clone();
        self.location_in(doc, ptr, scope)
    }

    /// The id of the schema at a location reached through the dynamic scope `scope`,
    /// following `$ref` chains first. A location is converted once, unless a
    /// `$dynamicRef`/`$recursiveRef` below it resolves differently in different scopes: then
    /// once per scope that makes a difference (never without `$dynamicAnchor`s, whose scopes
    /// are all empty).
    fn location_in(&mut self, doc: usize, ptr: String, scope: dynamic::Scope) -> Result<SchemaId> {
        let (doc, ptr, scope) = self.follow_refs(doc, ptr, scope)?;
        let scope = self.relevant_scope(doc, &ptr, scope)?;
        if scope == 0 {
            if let Some(id) = self.memo.get(&(doc, ptr.clone())) {
                return Ok(*id);
            }
        } else if let Some(id) = self.scoped(doc, &ptr, scope)? {
            return Ok(id);
        }
        let origin = Origin {
            file: self.docs[doc].file.clone(),
            pointer: ptr.clone(),
        };
        let id = self.schemas.reserve(origin);
        if scope == 0 {
            self.memo.insert((doc, ptr.clone()), id);
        } else {
            self.dynamic.memo.insert((doc, ptr.clone(), scope), id);
        }
        self.queue.push_back((doc, ptr, id, scope));
        Ok(id)
    }

    /// Resolves a location that holds a schema made only of a `$ref` (or, up to draft 7,
    /// any schema with a `$ref`), or only of a `$dynamicRef`/`$recursiveRef`, to the schema
    /// it stands for. The resources on the way join the dynamic scope.
    fn follow_refs(
        &mut self,
        mut doc: usize,
        mut ptr: String,
        mut scope: dynamic::Scope,
    ) -> Result<(usize, String, dynamic::Scope)> {
        let mut seen: Vec<(usize, String, dynamic::Scope)> = Vec::new();
        loop {
            self.enter(&mut scope, doc, &ptr);
            if seen
                .iter()
                .any(|(d, p, s)| *d == doc && *p == ptr && *s == scope)
            {
                let chain: Vec<String> = seen.iter().map(|(_, p, _)| p.clone()).collect();
                return Err(self.err(
                    doc,
                    &ptr,
                    format!(
                        "`$ref` cycle that never reaches a schema: {} → {ptr}",
                        chain.join(" → ")
                    ),
                ));
            }
            let value = self.value(doc, &ptr)?;
            let dialect = self.meta[doc].dialect;
            let keyword = match (value.get("$ref"), dynamic::keyword(dialect)) {
                (Some(_), _) => "$ref",
                (None, Some(k)) if value.get(k).is_some() => k,
                _ => return Ok((doc, ptr, scope)),
            };
            let target = value.get("$ref").map(|t| t.as_str().map(str::to_owned));
            if let Some(None) = target {
                return Err(self.err(doc, &pointer::join(&ptr, "$ref"), "`$ref` must be a string"));
            }
            let replaces = keyword == "$ref" && dialect.ref_replaces_siblings()
                || value
                    .as_object()
                    .is_some_and(|m| m.keys().all(|k| k == keyword || is_annotation(k)));
            if !replaces {
                return Ok((doc, ptr, scope));
            }
            seen.push((doc, ptr.clone(), scope.clone()));
            (doc, ptr) = match target {
                Some(Some(target)) => self.resolve_ref(doc, &ptr, &target)?,
                _ => self.resolve_dynamic(doc, &ptr, &scope)?,
            };
        }
    }

    /// Where a `$ref` written in the schema at `(doc, at)` points.
    fn resolve_ref(&mut self, doc: usize, at: &str, reference: &str) -> Result<(usize, String)> {
        self.resolve_keyword(doc, at, "$ref", reference)
    }

    /// Where a reference written in the schema at `(doc, at)` as `keyword` (`$ref`, or
    /// `$dynamicRef`/`$recursiveRef` before the dynamic scope is consulted) points.
    fn resolve_keyword(
        &mut self,
        doc: usize,
        at: &str,
        keyword: &str,
        reference: &str,
    ) -> Result<(usize, String)> {
        let at_ref = pointer::join(at, keyword);
        let base = self.base_at(doc, at);
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        // A relative file name in a document whose base is its own file: read it beside
        // the referring file, named as the user would name it.
        let (target_doc, resource) = if !file.is_empty()
            && !uri::has_scheme(file)
            && base == self.meta[doc].uri
            && base.starts_with("file:")
        {
            (self.document(doc, &at_ref, file)?, String::new())
        } else {
            let absolute = uri::resolve(&base, file);
            match self.resources.get(&absolute) {
                Some((d, p)) => (*d, p.clone()),
                None => {
                    let d = self.fetch(doc, &at_ref, &absolute, reference)?;
                    let p = self
                        .resources
                        .get(&absolute)
                        .map(|(_, p)| p.clone())
                        .unwrap_or_default();
                    (d, p)
                }
            }
        };
        let target = if fragment.is_empty() || fragment.starts_with('/') {
            let Some(inner) = pointer::from_fragment(fragment) else {
                return Err(self.err(
                    doc,
                    &at_ref,
                    format!("`$ref` {reference:?}: invalid fragment"),
                ));
            };
            format!("{resource}{inner}")
        } else {
            let resource_uri = self.base_at(target_doc, &resource);
            let key = format!("{resource_uri}#{fragment}");
            return match self.anchors.get(&key) {
                Some((d, p)) => Ok((*d, p.clone())),
                None => Err(self.err(
                    doc,
                    &at_ref,
                    format!("`$ref` {reference:?}: no anchor {fragment:?} in {resource_uri}"),
                )),
            };
        };
        if pointer::resolve(&self.docs[target_doc].root, &target).is_none() {
            return Err(self.err(
                doc,
                &at_ref,
                format!("`$ref` {reference:?} points at nothing"),
            ));
        }
        Ok((target_doc, target))
    }

    /// Reads the document an absolute URI names: a `file:` URI, or a URI under a prefix
    /// given to [`SchemaLoader::remote`].
    fn fetch(&mut self, from: usize, at: &str, absolute: &str, reference: &str) -> Result<usize> {
        if let Some(i) = self.meta.iter().position(|m| m.uri == absolute) {
            return Ok(i);
        }
        if let Some(text) = metaschema(absolute) {
            let root = source::parse(absolute, text)?;
            return Ok(self.add(
                Document {
                    file: absolute.to_owned(),
                    root: root.into(),
                },
                absolute.to_owned(),
                true,
            ));
        }
        let Some(path) = self.remote_path(absolute) else {
            return Err(self.err(
                from,
                at,
                format!("`$ref` {reference:?}: no schema has the `$id` {absolute:?}, and oasbind reads no network (map a URI prefix to a folder with `Config::remote`)"),
            ));
        };
        if !path.is_file() {
            return Err(self.err(
                from,
                at,
                format!(
                    "`$ref` {reference:?}: file {} does not exist",
                    path.display()
                ),
            ));
        }
        let doc = source::read(&path)?;
        Ok(self.add(doc, absolute.to_owned(), true))
    }

    /// Loads (once) a file named by a `$ref`, relative to the referring document.
    fn document(&mut self, from: usize, at: &str, file: &str) -> Result<usize> {
        let base = Path::new(&self.docs[from].file)
            .parent()
            .unwrap_or(Path::new(""));
        let path = base.join(uri::decode(file));
        let name = path.display().to_string();
        if let Some(i) = self.docs.iter().position(|d| d.file == name) {
            return Ok(i);
        }
        if !path.is_file() {
            return Err(self.err(
                from,
                at,
                format!("`$ref` file {} does not exist", path.display()),
            ));
        }
        let uri = file_uri(&path);
        if let Some(i) = self.meta.iter().position(|m| m.uri == uri) {
            return Ok(i);
        }
        let doc = source::read(&path)?;
        let schema_root = !doc.root.as_object().is_some_and(|m| {
            m.contains_key("swagger") || m.contains_key("openapi") || m.contains_key("paths")
        });
        Ok(self.add(doc, uri, schema_root))
    }

    fn overlay(&self, doc: usize, ptr: &str) -> Option<&Value> {
        self.overlays.get(&doc)?.get(ptr)
    }

    fn value(&self, doc: usize, ptr: &str) -> Result<&Value> {
        if let Some(v) = self.overlay(doc, ptr) {
            return Ok(v);
        }
        pointer::resolve(&self.docs[doc].root, ptr)
            .ok_or_else(|| self.err(doc, ptr, "expected a schema here, found nothing"))
    }

    /// A sub-schema; `allow_bool` for positions where draft 4 accepts `true`/`false`.
    fn child(&mut self, doc: usize, ptr: String, allow_bool: bool) -> Result<SchemaId> {
        let value = self.value(doc, &ptr)?;
        match value {
            Value::Object(_) => self.inner(doc, ptr),
            Value::Bool(_) if allow_bool || self.meta[doc].dialect >= Dialect::Draft6 => {
                self.inner(doc, ptr)
            }
            other => Err(self.err(
                doc,
                &ptr,
                format!("expected a schema (an object), found {}", kind(other)),
            )),
        }
    }

    fn children(
        &mut self,
        doc: usize,
        ptr: &str,
        map: &Map<String, Value>,
        key: &str,
    ) -> Result<Vec<SchemaId>> {
        let Some(v) = pointer::member(map, key) else {
            return Ok(Vec::new());
        };
        let at = pointer::join(ptr, key);
        let items = v
            .as_array()
            .ok_or_else(|| self.err(doc, &at, format!("`{key}` must be an array of schemas")))?;
        (0..items.len())
            .map(|i| self.child(doc, pointer::index(&at, i), false))
            .collect()
    }

    fn named_children(
        &mut self,
        doc: usize,
        ptr: &str,
        map: &Map<String, Value>,
        key: &str,
    ) -> Result<Vec<(String, SchemaId)>> {
        let Some(v) = pointer::member(map, key) else {
            return Ok(Vec::new());
        };
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

    fn optional_child(
        &mut self,
        doc: usize,
        ptr: &str,
        map: &Map<String, Value>,
        key: &str,
        allow_bool: bool,
    ) -> Result<Option<SchemaId>> {
        if pointer::member(map, key).is_none() {
            return Ok(None);
        }
        self.child(doc, pointer::join(ptr, key), allow_bool)
            .map(Some)
    }

    fn warn(&mut self, doc: usize, ptr: &str, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::new(&self.docs[doc].file, ptr, message));
    }

    fn convert(&mut self, doc: usize, ptr: &str) -> Result<Schema> {
        let origin = Origin {
            file: self.docs[doc].file.clone(),
            pointer: ptr.to_owned(),
        };
        let dialect = self.meta[doc].dialect;
        // Borrow the schema from a shared handle on its document: cloning it would copy
        // every sub-schema again at every level (quadratic on deep definitions).
        let document = std::rc::Rc::clone(&self.docs[doc]);
        let overlay = self.overlay(doc, ptr).cloned();
        let value = match &overlay {
            Some(v) => v,
            None => pointer::resolve(&document.root, ptr)
                .ok_or_else(|| self.err(doc, ptr, "expected a schema here, found nothing"))?,
        };
        let mut s = Schema::new(origin);
        let map = match value {
            Value::Bool(b) => {
                s.always = Some(*b);
                return Ok(s);
            }
            Value::Object(map) => map,
            other => {
                return Err(self.err(
                    doc,
                    ptr,
                    format!("expected a schema (an object), found {}", kind(other)),
                ))
            }
        };
        // A keyword whose value has the wrong shape is left out of this schema with a
        // warning (an error under `Config::strict`): one bad value in a large definition
        // should not sink the rest.
        let dropped = std::cell::RefCell::new(Vec::new());
        let num = |this: &Self, key: &str| -> Option<u64> {
            keep(
                &dropped,
                match pointer::member(map, key) {
                    None => Ok(None),
                    Some(v) => non_negative(v).map(Some).ok_or_else(|| {
                        this.malformed(
                            doc,
                            &pointer::join(ptr, key),
                            format!("`{key}` must be a non-negative integer"),
                        )
                    }),
                },
            )
        };
        let string = |this: &Self, key: &str| -> Option<String> {
            keep(
                &dropped,
                match pointer::member(map, key) {
                    None => Ok(None),
                    Some(Value::String(v)) => Ok(Some(v.clone())),
                    Some(_) => Err(this.malformed(
                        doc,
                        &pointer::join(ptr, key),
                        format!("`{key}` must be a string"),
                    )),
                },
            )
        };
        let flag = |this: &Self, key: &str| -> Option<bool> {
            keep(
                &dropped,
                match pointer::member(map, key) {
                    None => Ok(None),
                    Some(Value::Bool(b)) => Ok(Some(*b)),
                    Some(_) => Err(this.malformed(
                        doc,
                        &pointer::join(ptr, key),
                        format!("`{key}` must be a boolean"),
                    )),
                },
            )
        };

        let replaced = dialect.ref_replaces_siblings() && pointer::member(map, "$ref").is_some();
        for key in map.keys() {
            if let Some((_, since, why)) = DROPPED.iter().find(|(k, ..)| k == key) {
                if dialect >= *since && !replaced {
                    self.warn(
                        doc,
                        &pointer::join(ptr, key),
                        format!(
                            "keyword `{key}` is not supported in this draft ({why}) and is not enforced"
                        ),
                    );
                }
            }
        }
        // The bundled meta-schemas list the standard vocabularies, which apply anyway.
        if let Some(Value::Object(vocabulary)) = pointer::member(map, "$vocabulary") {
            if vocabulary.values().any(|v| v == &Value::Bool(true))
                && dialect >= Dialect::Draft2019
                && metaschema(&self.meta[doc].uri).is_none()
            {
                self.warn(
                    doc,
                    &pointer::join(ptr, "$vocabulary"),
                    "`$vocabulary` is not supported: the standard vocabularies apply",
                );
            }
        }

        // A `$ref` with siblings applies beside them from 2019-09 on (pure references
        // were already followed by `location`); so does a `$dynamicRef` (2020-12) or
        // `$recursiveRef` (2019-09), resolved in the dynamic scope this schema is converted
        // for. Both in one schema: the dynamic one joins `allOf`.
        if pointer::member(map, "$ref").is_some() {
            let target = map["$ref"].as_str().unwrap_or_default().to_owned();
            let (tdoc, tptr) = self.resolve_ref(doc, ptr, &target)?;
            s.reference = Some(self.inner(tdoc, tptr)?);
        }
        let mut dynamic_part = None;
        if dynamic::keyword(dialect).is_some_and(|k| pointer::member(map, k).is_some()) {
            let scope = self.dynamic.scope(self.scope).clone();
            let (tdoc, tptr) = self.resolve_dynamic(doc, ptr, &scope)?;
            let id = self.inner(tdoc, tptr)?;
            match s.reference {
                None => s.reference = Some(id),
                Some(_) => dynamic_part = Some(id),
            }
        }

        s.docs = Docs {
            title: string(self, "title"),
            description: string(self, "description"),
            examples: {
                let mut ex: Vec<Value> = pointer::member(map, "example")
                    .cloned()
                    .into_iter()
                    .collect();
                if let Some(Value::Array(more)) = pointer::member(map, "examples") {
                    ex.extend(more.iter().cloned());
                }
                ex
            },
            default: pointer::member(map, "default").cloned(),
            deprecated: flag(self, "deprecated").unwrap_or(false),
        };
        s.format = string(self, "format");
        s.read_only = flag(self, "readOnly").unwrap_or(false);
        s.write_only = flag(self, "writeOnly").unwrap_or(false);
        // oasbind's own marker of a secret (or, `false`, of a name that only looks like one).
        s.secret = flag(self, "x-oasbind-secret");
        s.rust_type = keep(
            &dropped,
            match pointer::member(map, "x-rust-type") {
                None => Ok(None),
                Some(v) => rust_type(v).map(Some).ok_or_else(|| {
                    self.malformed(
                        doc,
                        &pointer::join(ptr, "x-rust-type"),
                        "`x-rust-type` must be an object with `crate`, `version` and `path` strings, `path` a Rust path",
                    )
                }),
            },
        );
        s.nullable =
            flag(self, "nullable").unwrap_or(false) | flag(self, "x-nullable").unwrap_or(false);

        if let Some(t) = pointer::member(map, "type") {
            s.types = keep(
                &dropped,
                self.types(doc, &pointer::join(ptr, "type"), t).map(Some),
            );
        }
        if let Some(e) = pointer::member(map, "enum") {
            s.enum_values = keep(
                &dropped,
                match e {
                    Value::Array(values) => Ok(Some(values.clone())),
                    _ => Err(self.malformed(
                        doc,
                        &pointer::join(ptr, "enum"),
                        "`enum` must be an array",
                    )),
                },
            );
        }
        if dialect >= Dialect::Draft6 {
            s.const_value = pointer::member(map, "const").cloned();
        }

        s.min_length = num(self, "minLength");
        s.max_length = num(self, "maxLength");
        s.pattern = string(self, "pattern");

        s.minimum = keep(
            &dropped,
            self.bound(doc, ptr, map, "minimum", "exclusiveMinimum", true),
        );
        s.maximum = keep(
            &dropped,
            self.bound(doc, ptr, map, "maximum", "exclusiveMaximum", false),
        );
        s.multiple_of = keep(
            &dropped,
            match pointer::member(map, "multipleOf") {
                None => Ok(None),
                Some(Value::Number(n)) if n.as_f64().is_some_and(|f| f > 0.0) => {
                    Ok(Some(n.clone()))
                }
                Some(_) => Err(self.malformed(
                    doc,
                    &pointer::join(ptr, "multipleOf"),
                    "`multipleOf` must be a number greater than 0",
                )),
            },
        );

        s.properties = self.named_children(doc, ptr, map, "properties")?;
        if let Some(r) = pointer::member(map, "required") {
            s.required = keep(
                &dropped,
                self.strings(doc, &pointer::join(ptr, "required"), r, "required"),
            );
        }
        s.additional_properties =
            self.optional_child(doc, ptr, map, "additionalProperties", true)?;
        s.pattern_properties = self.named_children(doc, ptr, map, "patternProperties")?;
        if dialect >= Dialect::Draft6 {
            s.property_names = self.optional_child(doc, ptr, map, "propertyNames", false)?;
        }
        s.min_properties = num(self, "minProperties");
        s.max_properties = num(self, "maxProperties");
        self.dependencies(doc, ptr, dialect, map, &mut s)?;

        self.items(doc, ptr, dialect, map, &mut s)?;
        if dialect >= Dialect::Draft6 {
            s.contains = self.optional_child(doc, ptr, map, "contains", false)?;
        }
        if dialect >= Dialect::Draft2019 {
            s.min_contains = num(self, "minContains");
            s.max_contains = num(self, "maxContains");
        }
        s.min_items = num(self, "minItems");
        s.max_items = num(self, "maxItems");
        s.unique_items = flag(self, "uniqueItems").unwrap_or(false);
        if dialect >= Dialect::Draft2019 {
            s.unevaluated_properties =
                self.optional_child(doc, ptr, map, "unevaluatedProperties", false)?;
            s.unevaluated_items = self.optional_child(doc, ptr, map, "unevaluatedItems", false)?;
        }

        s.all_of = self.children(doc, ptr, map, "allOf")?;
        s.all_of.extend(dynamic_part);
        s.any_of = self.children(doc, ptr, map, "anyOf")?;
        s.one_of = self.children(doc, ptr, map, "oneOf")?;
        s.not = self.optional_child(doc, ptr, map, "not", false)?;
        if dialect >= Dialect::Draft7 {
            if let Some(condition) = self.optional_child(doc, ptr, map, "if", false)? {
                s.conditional = Some(Conditional {
                    condition,
                    then: self.optional_child(doc, ptr, map, "then", false)?,
                    otherwise: self.optional_child(doc, ptr, map, "else", false)?,
                });
            }
        }
        s.discriminator = self.discriminator(doc, ptr, map)?;

        if !self.meta[doc].validation {
            without_validation_vocabulary(&mut s);
        }
        self.warnings.extend(dropped.into_inner());
        Ok(s)
    }

    fn types(
        &self,
        doc: usize,
        ptr: &str,
        t: &Value,
    ) -> std::result::Result<Vec<JsonType>, Malformed> {
        let parse = |v: &Value, at: &str| -> std::result::Result<JsonType, Malformed> {
            v.as_str()
                .and_then(JsonType::parse)
                .ok_or_else(|| self.malformed(doc, at, format!("unknown type {v}")))
        };
        match t {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| parse(v, &pointer::index(ptr, i)))
                .collect(),
            other => Ok(vec![parse(other, ptr)?]),
        }
    }

    fn strings(
        &self,
        doc: usize,
        ptr: &str,
        v: &Value,
        key: &str,
    ) -> std::result::Result<Vec<String>, Malformed> {
        v.as_array()
            .and_then(|items| {
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or_else(|| self.malformed(doc, ptr, format!("`{key}` must be an array of strings")))
    }

    fn bound(
        &self,
        doc: usize,
        ptr: &str,
        map: &Map<String, Value>,
        key: &str,
        exclusive_key: &str,
        lower: bool,
    ) -> std::result::Result<Option<Bound>, Malformed> {
        let number = |k: &str| -> std::result::Result<Option<Number>, Malformed> {
            match pointer::member(map, k) {
                None => Ok(None),
                Some(Value::Number(n)) => Ok(Some(n.clone())),
                Some(_) => Err(self.malformed(
                    doc,
                    &pointer::join(ptr, k),
                    format!("`{k}` must be a number"),
                )),
            }
        };
        let inclusive = number(key)?.map(|value| Bound {
            value,
            exclusive: false,
        });
        match pointer::member(map, exclusive_key) {
            None => Ok(inclusive),
            // Draft 4: a boolean that makes `minimum`/`maximum` exclusive.
            Some(Value::Bool(b)) => Ok(inclusive.map(|bound| Bound {
                exclusive: *b,
                ..bound
            })),
            Some(Value::Number(n)) => {
                let exclusive = Bound {
                    value: n.clone(),
                    exclusive: true,
                };
                Ok(Some(match inclusive {
                    None => exclusive,
                    Some(inclusive) => stricter(inclusive, exclusive, lower),
                }))
            }
            Some(_) => Err(self.malformed(
                doc,
                &pointer::join(ptr, exclusive_key),
                format!("`{exclusive_key}` must be a number or a boolean"),
            )),
        }
    }

    fn dependencies(
        &mut self,
        doc: usize,
        ptr: &str,
        dialect: Dialect,
        map: &Map<String, Value>,
        s: &mut Schema,
    ) -> Result<()> {
        let keys: &[&str] = if dialect >= Dialect::Draft2019 {
            &["dependentRequired", "dependentSchemas"]
        } else {
            &["dependencies"]
        };
        for key in keys {
            let key = *key;
            let Some(v) = pointer::member(map, key) else {
                continue;
            };
            let at = pointer::join(ptr, key);
            let entries = v
                .as_object()
                .ok_or_else(|| self.err(doc, &at, format!("`{key}` must be an object")))?;
            for (name, dep) in entries {
                let dep_at = pointer::join(&at, name);
                match (key, dep) {
                    ("dependencies" | "dependentRequired", Value::Array(_)) => {
                        let names = self
                            .strings(doc, &dep_at, dep, key)
                            .map_err(|Malformed(d)| Error::from(d))?;
                        s.dependent_required.push((name.clone(), names));
                    }
                    ("dependencies" | "dependentSchemas", Value::Object(_) | Value::Bool(_)) => {
                        let id = self.child(doc, dep_at, true)?;
                        s.dependent_schemas.push((name.clone(), id));
                    }
                    _ => {
                        return Err(self.err(
                            doc,
                            &dep_at,
                            format!(
                                "`{key}` entries must be {}",
                                if key == "dependentRequired" {
                                    "arrays of strings"
                                } else {
                                    "schemas"
                                }
                            ),
                        ))
                    }
                }
            }
        }
        Ok(())
    }

    fn items(
        &mut self,
        doc: usize,
        ptr: &str,
        dialect: Dialect,
        map: &Map<String, Value>,
        s: &mut Schema,
    ) -> Result<()> {
        match (dialect, pointer::member(map, "items")) {
            (d, Some(Value::Array(_))) if d < Dialect::Draft2020 => {
                s.prefix_items = self.children(doc, ptr, map, "items")?;
                s.items = self.optional_child(doc, ptr, map, "additionalItems", true)?;
            }
            (_, Some(_)) => s.items = self.optional_child(doc, ptr, map, "items", false)?,
            (_, None) => {}
        }
        if dialect == Dialect::Draft2020 {
            s.prefix_items = self.children(doc, ptr, map, "prefixItems")?;
        }
        Ok(())
    }

    fn discriminator(
        &mut self,
        doc: usize,
        ptr: &str,
        map: &Map<String, Value>,
    ) -> Result<Option<Discriminator>> {
        let at = pointer::join(ptr, "discriminator");
        match pointer::member(map, "discriminator") {
            None => Ok(None),
            // Swagger 2.0: the property name alone.
            Some(Value::String(property)) => Ok(Some(Discriminator {
                property: property.clone(),
                mapping: Vec::new(),
            })),
            Some(Value::Object(d)) => {
                let Some(property) = d.get("propertyName").and_then(Value::as_str) else {
                    return Err(self.err(
                        doc,
                        &at,
                        "`discriminator` needs a string `propertyName`",
                    ));
                };
                let mut mapping = Vec::new();
                if let Some(m) = d.get("mapping").and_then(Value::as_object) {
                    let entries: Vec<(String, Value)> =
                        m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    for (tag, target) in entries {
                        let Some(target) = target.as_str() else {
                            continue;
                        };
                        let reference = mapping_reference(target);
                        // The mapping only names the tag of an alternative `oneOf`/`anyOf`
                        // lists anyway: one that leads nowhere is left out, not fatal.
                        let entry = pointer::join(&pointer::join(&at, "mapping"), &tag);
                        match self
                            .resolve_ref(doc, &entry, &reference)
                            .and_then(|(tdoc, tptr)| self.inner(tdoc, tptr))
                        {
                            Ok(schema) => mapping.push((tag, schema)),
                            Err(e) => {
                                // The warning names the place; the error's own words say why.
                                let why = match &e {
                                    Error::Definition(d) => d.message.clone(),
                                    other => other.to_string(),
                                };
                                self.warn(
                                    doc,
                                    &entry,
                                    format!("discriminator mapping {tag:?} is left out: {why}"),
                                );
                            }
                        }
                    }
                }
                Ok(Some(Discriminator {
                    property: property.to_owned(),
                    mapping,
                }))
            }
            Some(_) => Err(self.err(doc, &at, "`discriminator` must be a string or an object")),
        }
    }
}

/// The reference a `discriminator` mapping's value stands for: a bare name means a schema
/// of the same document's components.
fn mapping_reference(target: &str) -> String {
    if target.contains('#') || target.contains('/') {
        target.to_owned()
    } else {
        format!("#/components/schemas/{target}")
    }
}

/// Leaves out the keywords of the validation vocabulary, which the document's meta-schema
/// does not use (2019-09 and 2020-12 `$vocabulary`).
fn without_validation_vocabulary(s: &mut Schema) {
    s.types = None;
    s.enum_values = None;
    s.const_value = None;
    s.multiple_of = None;
    s.minimum = None;
    s.maximum = None;
    s.min_length = None;
    s.max_length = None;
    s.pattern = None;
    s.min_items = None;
    s.max_items = None;
    s.unique_items = false;
    s.min_contains = None;
    s.max_contains = None;
    s.min_properties = None;
    s.max_properties = None;
    s.required = Vec::new();
    s.dependent_required = Vec::new();
}

/// A keyword value of the wrong shape (`"type": {}`, `"pattern": 5`), reported as a
/// warning once the keyword is dropped.
struct Malformed(Diagnostic);

/// The value read, or (the keyword dropped) its default with the warning kept in `dropped`.
fn keep<T: Default>(
    dropped: &std::cell::RefCell<Vec<Diagnostic>>,
    read: std::result::Result<T, Malformed>,
) -> T {
    read.unwrap_or_else(|Malformed(d)| {
        dropped.borrow_mut().push(d);
        T::default()
    })
}

/// The base URI a schema object sets for itself and below (its `$id` resolved against
/// `base`), and the anchor a draft 4–7 `$id` with a fragment names.
fn schema_base(dialect: Dialect, map: &Map<String, Value>, base: &str) -> (String, Option<String>) {
    let Some(id) = pointer::member(map, dialect.id_keyword()).and_then(Value::as_str) else {
        return (base.to_owned(), None);
    };
    // Up to draft 7, `$ref` makes every sibling, `$id` included, void.
    if dialect.ref_replaces_siblings() && pointer::member(map, "$ref").is_some() {
        return (base.to_owned(), None);
    }
    let resolved = uri::resolve(base, id);
    let (uri, fragment) = match resolved.split_once('#') {
        Some((u, f)) => (u.to_owned(), Some(f.to_owned())),
        None => (resolved, None),
    };
    let anchor =
        fragment.filter(|f| !f.is_empty() && !f.starts_with('/') && dialect < Dialect::Draft2019);
    (uri, anchor)
}

/// How a walk sees the child `key` of an API document's own structure.
fn container_child(key: &str) -> Mode {
    match key {
        "schema" => Mode::Schema,
        "schemas" | "definitions" => Mode::Map,
        _ => Mode::Container,
    }
}

/// `file://` URI of a path (made absolute against the working directory).
fn file_uri(path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_owned())
    };
    let mut out = String::from("file://");
    let text = absolute.display().to_string().replace('\\', "/");
    if !text.starts_with('/') {
        out.push('/');
    }
    for c in text.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// The stricter of an inclusive and an exclusive bound on the same side.
fn stricter(inclusive: Bound, exclusive: Bound, lower: bool) -> Bound {
    let (a, b) = (
        inclusive.value.as_f64().unwrap_or(0.0),
        exclusive.value.as_f64().unwrap_or(0.0),
    );
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
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f <= u64::MAX as f64)
                .map(|f| f as u64)
        }),
        _ => None,
    }
}

/// `x-rust-type` as typify writes it: `{"crate": "rust_decimal", "version": "1", "path":
/// "rust_decimal::Decimal"}`.
fn rust_type(v: &Value) -> Option<crate::ir::RustType> {
    let field = |key: &str| v.get(key)?.as_str().map(str::to_owned);
    let path = field("path").filter(|p| crate::naming::is_path(p))?;
    Some(crate::ir::RustType {
        krate: field("crate")?,
        version: field("version")?,
        path,
    })
}

/// Keywords that carry no validation: a `$ref` beside only these is a plain reference.
/// Not `x-oasbind-secret` or `x-rust-type`: beside a `$ref` they mark this place, not the
/// schema referred to.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "description"
            | "title"
            | "example"
            | "examples"
            | "deprecated"
            | "$comment"
            | "$schema"
            | "$defs"
            | "definitions"
    ) || key.starts_with("x-") && key != "x-oasbind-secret" && key != "x-rust-type"
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

/// URI references (RFC 3986): enough to resolve `$id` and `$ref` against a base.
pub(crate) mod uri {
    /// The parts of a URI reference.
    struct Parts<'a> {
        scheme: Option<&'a str>,
        authority: Option<&'a str>,
        path: &'a str,
        query: Option<&'a str>,
        fragment: Option<&'a str>,
    }

    fn parse(s: &str) -> Parts<'_> {
        let (rest, fragment) = match s.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (s, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (scheme, rest) = match scheme_len(rest) {
            Some(n) => (Some(&rest[..n]), &rest[n + 1..]),
            None => (None, rest),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(r) => {
                let end = r.find('/').unwrap_or(r.len());
                (Some(&r[..end]), &r[end..])
            }
            None => (None, rest),
        };
        Parts {
            scheme,
            authority,
            path,
            query,
            fragment,
        }
    }

    fn scheme_len(s: &str) -> Option<usize> {
        let colon = s.find(':')?;
        let scheme = &s[..colon];
        let mut chars = scheme.chars();
        let first = chars.next()?;
        (first.is_ascii_alphabetic()
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(colon)
    }

    /// Whether a reference is absolute (has a scheme).
    pub fn has_scheme(s: &str) -> bool {
        scheme_len(s).is_some()
    }

    /// `reference` resolved against `base` (RFC 3986 §5.2), with an empty fragment dropped.
    pub fn resolve(base: &str, reference: &str) -> String {
        let r = parse(reference);
        let b = parse(base);
        let (scheme, authority, path, query);
        if r.scheme.is_some() {
            scheme = r.scheme;
            authority = r.authority;
            path = remove_dots(r.path);
            query = r.query;
        } else {
            scheme = b.scheme;
            if r.authority.is_some() {
                authority = r.authority;
                path = remove_dots(r.path);
                query = r.query;
            } else {
                authority = b.authority;
                if r.path.is_empty() {
                    path = b.path.to_owned();
                    query = r.query.or(b.query);
                } else {
                    path = if r.path.starts_with('/') {
                        remove_dots(r.path)
                    } else {
                        let merged = if b.authority.is_some() && b.path.is_empty() {
                            format!("/{}", r.path)
                        } else {
                            match b.path.rfind('/') {
                                Some(i) => format!("{}{}", &b.path[..=i], r.path),
                                None => r.path.to_owned(),
                            }
                        };
                        remove_dots(&merged)
                    };
                    query = r.query;
                }
            }
        }
        let mut out = String::new();
        if let Some(s) = scheme {
            out.push_str(s);
            out.push(':');
        }
        if let Some(a) = authority {
            out.push_str("//");
            out.push_str(a);
        }
        out.push_str(&path);
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        if let Some(f) = r.fragment.filter(|f| !f.is_empty()) {
            out.push('#');
            out.push_str(f);
        }
        out
    }

    fn remove_dots(path: &str) -> String {
        let mut out: Vec<&str> = Vec::new();
        let absolute = path.starts_with('/');
        let segments: Vec<&str> = path.split('/').collect();
        for (i, seg) in segments.iter().enumerate() {
            if i == 0 && absolute {
                continue;
            }
            match *seg {
                "." => {
                    if i == segments.len() - 1 {
                        out.push("");
                    }
                }
                ".." => {
                    out.pop();
                    if i == segments.len() - 1 {
                        out.push("");
                    }
                }
                s => out.push(s),
            }
        }
        let joined = out.join("/");
        if absolute {
            format!("/{joined}")
        } else {
            joined
        }
    }

    /// Percent-decoding (invalid escapes are kept as written).
    pub fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                if let Some(b) = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[cfg(test)]
    mod tests {
        use super::resolve;

        #[test]
        fn rfc3986_examples() {
            let base = "http://a/b/c/d;p?q";
            for (r, expected) in [
                ("g", "http://a/b/c/g"),
                ("./g", "http://a/b/c/g"),
                ("g/", "http://a/b/c/g/"),
                ("/g", "http://a/g"),
                ("//g", "http://g"),
                ("?y", "http://a/b/c/d;p?y"),
                ("#s", "http://a/b/c/d;p?q#s"),
                ("", "http://a/b/c/d;p?q"),
                ("..", "http://a/b/"),
                ("../g", "http://a/b/g"),
                ("../../g", "http://a/g"),
                ("../../../g", "http://a/g"),
            ] {
                assert_eq!(resolve(base, r), expected, "{r}");
            }
            assert_eq!(
                resolve("urn:uuid:deadbeef", "#/$defs/bar"),
                "urn:uuid:deadbeef#/$defs/bar"
            );
            assert_eq!(
                resolve("http://localhost:1234/", "baseUriChange/"),
                "http://localhost:1234/baseUriChange/"
            );
        }
    }
}

/// The meta-schemas, which definitions reference for "any schema"
/// (`$ref: http://json-schema.org/draft-07/schema#`), by URI (without scheme): those of
/// drafts 4, 6 and 7, and those of 2019-09 and 2020-12 with their vocabularies'
/// (`meta/core`, …), which are built on `$recursiveRef`/`$dynamicRef`. Bundled because
/// oasbind reads no network; a text is parsed only when a `$ref` names it.
const METASCHEMAS: &[(&str, &str)] = &[
    (
        "json-schema.org/draft-04/schema",
        include_str!("metaschemas/draft-04.json"),
    ),
    (
        "json-schema.org/draft-06/schema",
        include_str!("metaschemas/draft-06.json"),
    ),
    (
        "json-schema.org/draft-07/schema",
        include_str!("metaschemas/draft-07.json"),
    ),
    (
        "json-schema.org/draft/2019-09/schema",
        include_str!("metaschemas/draft2019-09/schema.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/applicator",
        include_str!("metaschemas/draft2019-09/meta/applicator.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/content",
        include_str!("metaschemas/draft2019-09/meta/content.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/core",
        include_str!("metaschemas/draft2019-09/meta/core.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/format",
        include_str!("metaschemas/draft2019-09/meta/format.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/meta-data",
        include_str!("metaschemas/draft2019-09/meta/meta-data.json"),
    ),
    (
        "json-schema.org/draft/2019-09/meta/validation",
        include_str!("metaschemas/draft2019-09/meta/validation.json"),
    ),
    (
        "json-schema.org/draft/2020-12/schema",
        include_str!("metaschemas/draft2020-12/schema.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/applicator",
        include_str!("metaschemas/draft2020-12/meta/applicator.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/content",
        include_str!("metaschemas/draft2020-12/meta/content.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/core",
        include_str!("metaschemas/draft2020-12/meta/core.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/format-annotation",
        include_str!("metaschemas/draft2020-12/meta/format-annotation.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/format-assertion",
        include_str!("metaschemas/draft2020-12/meta/format-assertion.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/meta-data",
        include_str!("metaschemas/draft2020-12/meta/meta-data.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/unevaluated",
        include_str!("metaschemas/draft2020-12/meta/unevaluated.json"),
    ),
    (
        "json-schema.org/draft/2020-12/meta/validation",
        include_str!("metaschemas/draft2020-12/meta/validation.json"),
    ),
];

/// The bundled meta-schema a URI names (`http:` or `https:`), if any.
fn metaschema(uri: &str) -> Option<&'static str> {
    let uri = uri.trim_end_matches('#');
    let uri = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))?;
    METASCHEMAS
        .iter()
        .find(|(known, _)| *known == uri)
        .map(|(_, text)| *text)
}
