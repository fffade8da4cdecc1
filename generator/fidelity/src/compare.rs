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
//!   has object keywords and no composition is an object, as the generator reads it;
//! - `nullable` lets `null` through an `enum` as well (as the validator reads it);
//! - keywords that only constrain types the `type` excludes (`minLength` beside
//!   `type: integer`, ...) are dropped, and so are `then`/`else` without `if` and `if`
//!   without them;
//! - an `allOf` whose parts (`$ref`s resolved, themselves flattened) make one object is
//!   that object, on both sides (see `merge_parts` for when they do: the merge must say
//!   exactly what the parts say together, else the `allOf` stays);
//! - an `anyOf` of `enum`s (and `{"type": "null"}`) is the `enum` of all their values, and
//!   so is a `oneOf` of `enum`s whose values differ (`Option` of a string enum,
//!   `anyOf: [{"$ref": ...}, {"type": "null"}]`, is its nullable `enum`). Otherwise `anyOf`
//!   and `oneOf` stay apart: the generator's `oneOf` enums say `oneOf` (see
//!   `emit::schemars`), and an `anyOf` derived for a `oneOf` is a difference, since it
//!   allows a value that matches several alternatives;
//! - at the root of a type only, a `null` the definition allows and the derived schema does
//!   not (in `type`, `enum`, or as an alternative) is reported as [`Site::NullableType`] and
//!   taken out, the rest being compared.

use crate::pointer;
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
    /// Where the difference stands, when that is known to explain it.
    pub site: Site,
}

/// What the comparison knows about the place of a difference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Site {
    /// Nothing in particular.
    #[default]
    Plain,
    /// The root of the type, where the definition also allows `null`: the type is the
    /// non-null part (the `null` is on the `Option`s that hold it).
    NullableType,
    /// Under a property that several merged `allOf` parts declare, and not there when the
    /// first declaration alone is compared: the struct's field follows the first.
    Redeclared,
    /// At a node whose `allOf` does not flatten (its parts cannot be one object) while the
    /// derived schema is one object: the parts' own keywords are missing, the merged
    /// struct's are extra.
    Unmerged,
    /// `additionalProperties: true` (an open struct's) where the definition has none, in
    /// the scope of an `unevaluatedProperties`.
    OpenUnderUnevaluated,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
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
        Options {
            draft4: false,
            infer_object_type: true,
            opaque: BTreeSet::new(),
        }
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
            let dir = std::path::Path::new(base)
                .parent()
                .unwrap_or(std::path::Path::new(""));
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
pub fn compare(
    type_name: &str,
    source: &Value,
    derived: &Value,
    options: &Options,
) -> Vec<Difference> {
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
    let mut walker = Walker {
        docs,
        derived_root: derived,
        options,
        type_name,
        out: Vec::new(),
        seen: HashSet::new(),
    };
    match docs.get(file).and_then(|root| root.pointer(pointer)) {
        Some(source) => walker.node(source, (file, pointer), derived, String::new(), 0, false),
        None => walker.out.push(Difference {
            type_name: type_name.to_owned(),
            pointer: String::new(),
            keyword: "$ref".to_owned(),
            source: Some(Value::from(format!("{file}#{pointer}"))),
            derived: None,
            opaque: false,
            site: Site::Plain,
        }),
    }
    walker
        .out
        .sort_by(|a, b| (&a.pointer, &a.keyword).cmp(&(&b.pointer, &b.keyword)));
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
/// Keywords whose subschemas apply to the same value, whose annotations
/// `unevaluatedProperties` sees.
const IN_PLACE: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "if",
    "then",
    "else",
    "dependentSchemas",
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
    "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32", "uint64",
    "uint128", "float", "double",
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
/// Keywords that constrain only values of some types (any other value passes them).
const TYPED_KEYWORDS: &[(&[&str], &[&str])] = &[
    (&["string"], &["minLength", "maxLength", "pattern"]),
    (
        &["number", "integer"],
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    (
        &["array"],
        &[
            "items",
            "prefixItems",
            "contains",
            "minContains",
            "maxContains",
            "minItems",
            "maxItems",
            "uniqueItems",
            "unevaluatedItems",
        ],
    ),
    (&["object"], OBJECT_KEYWORDS),
    (&["object"], &["unevaluatedProperties"]),
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
    /// `derived`; `path` is the pointer inside the type's schema. `scope`: an
    /// `unevaluatedProperties` around applies to what this node evaluates.
    fn node(
        &mut self,
        source: &Value,
        at: (&str, &str),
        derived: &Value,
        path: String,
        depth: usize,
        scope: bool,
    ) {
        if depth > 64 {
            return;
        }
        let src = self.resolve_source(source, at.0, at.1);
        let here = src.pointer.clone();
        let src_file = src.file.clone();
        let opaque_at = |p: &str| {
            self.options
                .opaque
                .contains(&(src_file.clone(), p.to_owned()))
        };
        let node_opaque = opaque_at(&here)
            || self
                .options
                .opaque
                .contains(&(at.0.to_owned(), at.1.to_owned()));
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
        let mut src = src;
        let start = self.out.len();
        // A property several `allOf` parts declare: what the first declaration alone gives
        // is what the struct's field can say.
        let first_only: Option<BTreeSet<(String, String)>> = match src.map.remove(REDECLARED) {
            Some(_) => src
                .map
                .get("allOf")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .map(|first| {
                    let mut alone = Walker {
                        docs: self.docs,
                        derived_root: self.derived_root,
                        options: self.options,
                        type_name: self.type_name,
                        out: Vec::new(),
                        seen: self.seen.clone(),
                    };
                    alone.node(
                        first,
                        (&src.file, &src.pointer),
                        derived,
                        path.clone(),
                        depth,
                        scope,
                    );
                    alone
                        .out
                        .into_iter()
                        .map(|d| (d.pointer, d.keyword))
                        .collect()
                }),
            None => None,
        };
        let (file, pointer) = (src.file.clone(), src.pointer.clone());
        // Under `unevaluatedProperties`, `additionalProperties: true` is not the same as no
        // `additionalProperties`: it evaluates every property, which `unevaluatedProperties`
        // then lets through. There it is kept (and `allOf`s, whose parts' annotations the
        // merge would change, stay).
        let open = |m: &Map<String, Value>| m.get("additionalProperties").is_some_and(is_true);
        let unevaluated =
            |m: &Map<String, Value>| m.get("unevaluatedProperties").is_some_and(|v| !is_true(v));
        let scope = scope || unevaluated(&src.map) || unevaluated(&der.map);
        let (src_open, der_open) = (open(&src.map), open(&der.map));
        let (mut s, uncovered) = self.normal(src, Side::Source, depth, scope);
        let (mut d, _) = self.normal(der, Side::Derived, depth, scope);
        for (m, open) in [(&mut s, src_open), (&mut d, der_open)] {
            if scope && open {
                m.insert("additionalProperties".to_owned(), Value::Bool(true));
            }
        }
        if depth == 0 {
            self.strip_null(&mut s, &d, (&file, &pointer), &path);
        }
        // The generator merged into one struct what does not make one object.
        let unmerged = uncovered
            && !d.contains_key("allOf")
            && d.get("type")
                .map(strings)
                .is_some_and(|t| t.contains("object"));
        // One-sided keywords, reported after the subschemas (the order is sorted at the end).
        let mut pending: Vec<Difference> = Vec::new();
        let docs = self.docs;
        let diff = |path: &str,
                    keyword: &str,
                    source: Option<&Value>,
                    derived: Option<&Value>,
                    opaque: bool| Difference {
            type_name: self.type_name.to_owned(),
            pointer: path.to_owned(),
            keyword: keyword.to_owned(),
            source: source.map(|v| shown(docs, v, 0)),
            derived: derived.cloned(),
            opaque,
            site: if unmerged && (keyword == "allOf" || source.is_none()) {
                Site::Unmerged
            } else if scope
                && keyword == "additionalProperties"
                && source.is_none()
                && derived == Some(&Value::Bool(true))
            {
                Site::OpenUnderUnevaluated
            } else {
                Site::Plain
            },
        };
        // Where a source subschema stands: a merged `allOf` says so, else it is `child` here.
        let opaque_of = |x: Option<&Value>, child: &str| match x.and_then(marked) {
            Some(at) => self.options.opaque.contains(&at),
            None => opaque_at(child),
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
                        (Some(x), Some(y)) => self.node(
                            x,
                            (&src_file, &child),
                            y,
                            inner,
                            depth + 1,
                            scope && IN_PLACE.contains(&k),
                        ),
                        (x, y) => {
                            pending.push(diff(&inner, k, x, y, node_opaque || opaque_of(x, &child)))
                        }
                    }
                }
            } else if SCHEMAS.contains(&k) {
                let child = pointer::join(&here, k);
                match (a, b) {
                    (Some(x), Some(y)) => self.node(
                        x,
                        (&src_file, &child),
                        y,
                        pointer::join(&path, k),
                        depth + 1,
                        scope && IN_PLACE.contains(&k),
                    ),
                    (x, y) => {
                        pending.push(diff(&path, k, x, y, node_opaque || opaque_of(x, &child)))
                    }
                }
            } else if SCHEMA_LISTS.contains(&k) {
                match (a.and_then(Value::as_array), b.and_then(Value::as_array)) {
                    (Some(x), Some(y)) if x.len() == y.len() => {
                        for (i, (x, y)) in x.iter().zip(y).enumerate() {
                            let child = pointer::index(&pointer::join(&here, k), i);
                            let scope = scope && IN_PLACE.contains(&k);
                            self.node(
                                x,
                                (&src_file, &child),
                                y,
                                pointer::index(&pointer::join(&path, k), i),
                                depth + 1,
                                scope,
                            );
                        }
                    }
                    _ => pending.push(diff(&path, k, a, b, node_opaque)),
                }
            } else if !matches!((a, b), (Some(x), Some(y)) if same(x, y)) {
                pending.push(diff(&path, k, a, b, node_opaque));
            }
        }
        self.out.extend(pending);
        if let Some(first_only) = first_only {
            for d in &mut self.out[start..] {
                if d.site == Site::Plain
                    && !first_only.contains(&(d.pointer.clone(), d.keyword.clone()))
                {
                    d.site = Site::Redeclared;
                }
            }
        }
    }

    /// At the root of a type: when the definition allows `null` there (in `type`, `enum` or
    /// a `null` alternative) and the derived schema does not, reports that (as
    /// [`Site::NullableType`]) and takes the `null` out of `s`.
    fn strip_null(
        &mut self,
        s: &mut Map<String, Value>,
        d: &Map<String, Value>,
        at: (&str, &str),
        path: &str,
    ) {
        // `null` in a `type` list is the string, in an `enum` the value.
        let null = |k: &str, v: &Value| {
            if k == "type" {
                v == "null"
            } else {
                v.is_null()
            }
        };
        let has_null = |m: &Map<String, Value>, k: &str| {
            m.get(k)
                .and_then(Value::as_array)
                .is_some_and(|a| a.len() > 1 && a.iter().any(|v| null(k, v)))
        };
        let mut stripped = s.clone();
        for k in ["type", "enum"] {
            if has_null(s, k) && !has_null(d, k) {
                if let Some(Value::Array(a)) = stripped.get_mut(k) {
                    a.retain(|v| !null(k, v));
                }
            }
        }
        for k in ["anyOf", "oneOf"] {
            let Some(alternatives) = s.get(k).and_then(Value::as_array) else {
                continue;
            };
            let null = |side: Side, v: &Value, i: usize| {
                let r = match side {
                    Side::Source => {
                        self.resolve_source(v, at.0, &pointer::index(&pointer::join(at.1, k), i))
                    }
                    Side::Derived => self.resolve_derived(v),
                };
                let opts = (side == Side::Source).then_some(self.options);
                is_null_schema(&normalise(r.map, opts))
            };
            let derived_null = d
                .get(k)
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().enumerate().any(|(i, v)| null(Side::Derived, v, i)));
            if derived_null || alternatives.len() < 2 {
                continue;
            }
            let kept: Vec<Value> = alternatives
                .iter()
                .enumerate()
                .filter(|(i, v)| !null(Side::Source, v, *i))
                .map(|(i, v)| {
                    locate(
                        self.docs,
                        v,
                        at.0,
                        &pointer::index(&pointer::join(at.1, k), i),
                    )
                })
                .collect();
            if kept.len() < alternatives.len() && !kept.is_empty() {
                stripped.insert(k.to_owned(), Value::Array(kept));
            }
        }
        let keys: BTreeSet<&String> = s.keys().chain(stripped.keys()).collect();
        for k in keys {
            if s.get(k) != stripped.get(k) {
                self.out.push(Difference {
                    type_name: self.type_name.to_owned(),
                    pointer: path.to_owned(),
                    keyword: k.clone(),
                    source: s.get(k).map(|v| shown(self.docs, v, 0)),
                    derived: d.get(k).cloned(),
                    opaque: false,
                    site: Site::NullableType,
                });
            }
        }
        *s = stripped;
    }

    fn push(
        &mut self,
        path: &str,
        keyword: &str,
        source: Option<Value>,
        derived: Option<Value>,
        opaque: bool,
    ) {
        self.out.push(Difference {
            type_name: self.type_name.to_owned(),
            pointer: path.to_owned(),
            keyword: keyword.to_owned(),
            source,
            derived,
            opaque,
            site: Site::Plain,
        });
    }

    fn resolve_source(&self, v: &Value, file: &str, at: &str) -> Resolved {
        let mut current = as_map(v);
        let mut file = file.to_owned();
        let mut here = at.to_owned();
        let mut target = None;
        // A subschema of a merged `allOf` stands where its marker says.
        if let Some((f, p)) = marked(v) {
            let Some(value) = self.docs.get(&f).and_then(|root| root.pointer(&p)) else {
                return Resolved {
                    map: Map::new(),
                    file,
                    pointer: here,
                    target,
                    broken: Some(format!("{f}#{p}")),
                };
            };
            current = as_map(value);
            file = f;
            here = p;
        }
        for _ in 0..32 {
            let Some(Value::String(r)) = current.get("$ref").cloned() else {
                break;
            };
            let found = self.docs.target(&file, &r).and_then(|(f, p)| {
                Some((self.docs.get(&f).and_then(|root| root.pointer(&p))?, f, p))
            });
            let Some((value, f, p)) = found else {
                return Resolved {
                    map: Map::new(),
                    file,
                    pointer: here,
                    target,
                    broken: Some(r),
                };
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
        Resolved {
            map: current,
            file,
            pointer: here,
            target,
            broken: None,
        }
    }

    fn resolve_derived(&self, v: &Value) -> Resolved {
        let mut current = as_map(v);
        let mut target = None;
        for _ in 0..32 {
            let Some(Value::String(r)) = current.get("$ref").cloned() else {
                break;
            };
            let p = r.strip_prefix('#').and_then(pointer::from_fragment);
            let Some(value) = p.as_deref().and_then(|p| self.derived_root.pointer(p)) else {
                return Resolved {
                    map: Map::new(),
                    file: String::new(),
                    pointer: String::new(),
                    target,
                    broken: Some(r),
                };
            };
            target = Some(r.clone());
            let mut next = as_map(value);
            current.remove("$ref");
            merge(&mut next, current);
            current = next;
        }
        Resolved {
            map: current,
            file: String::new(),
            pointer: String::new(),
            target,
            broken: None,
        }
    }
}

/// Which side of the comparison a schema is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The definition: `$ref`s resolve against [`Documents`], normalised with [`Options`].
    Source,
    /// The derived schema: `$ref`s resolve against its root.
    Derived,
}

impl Walker<'_> {
    /// The normal form of a resolved node, with its `allOf` flattened when the parts merge
    /// (see [`merge_parts`]); as it is, normalised, when they do not.
    /// Also says whether an `allOf` stays because a part's `additionalProperties` reaches
    /// another part's properties.
    fn normal(
        &self,
        node: Resolved,
        side: Side,
        depth: usize,
        scope: bool,
    ) -> (Map<String, Value>, bool) {
        let options = (side == Side::Source).then_some(self.options);
        let mut node = node;
        node.map.remove(REDECLARED);
        let (file, pointer) = (node.file.clone(), node.pointer.clone());
        let flat = if node.map.contains_key("allOf") && depth <= 64 && !scope {
            self.flatten(&node, side, &mut Vec::new(), 0)
        } else {
            Err(Unmerged::Other)
        };
        let uncovered = flat == Err(Unmerged::Uncovered);
        let mut m = flat.unwrap_or_else(|_| normalise(node.map, options));
        // An `anyOf` of `enum`s is the `enum` of all their values; a `oneOf` of `enum`s
        // whose values differ, too (a value is in exactly one). `{"type": "null"}` is
        // `{"enum": [null]}`. (So `Option` of a string enum, `anyOf: [{$ref}, {type: null}]`,
        // is the nullable `enum` it stands for.)
        for k in ["anyOf", "oneOf"] {
            let Some(Value::Array(alternatives)) = m.get(k) else {
                continue;
            };
            let mut values: Vec<Value> = Vec::new();
            let mut disjoint = true;
            for (i, alternative) in alternatives.iter().enumerate() {
                let r = match side {
                    Side::Source => self.resolve_source(
                        alternative,
                        &file,
                        &pointer::index(&pointer::join(&pointer, k), i),
                    ),
                    Side::Derived => self.resolve_derived(alternative),
                };
                if r.broken.is_some() {
                    values.clear();
                    break;
                }
                let alt = normalise(r.map, options);
                let Some(these) = enum_only(&alt) else {
                    values.clear();
                    break;
                };
                for v in these {
                    if values.iter().any(|w| same(w, &v)) {
                        disjoint = false;
                    } else {
                        values.push(v);
                    }
                }
            }
            if values.is_empty() || (k == "oneOf" && !disjoint) {
                continue;
            }
            m.remove(k);
            let values = match m.remove("enum") {
                Some(Value::Array(old)) => old
                    .into_iter()
                    .filter(|v| values.iter().any(|w| same(v, w)))
                    .collect(),
                _ => values,
            };
            m.insert("enum".to_owned(), Value::Array(values));
            m = normalise(
                m,
                options
                    .map(|o| Options {
                        infer_object_type: false,
                        ..o.clone()
                    })
                    .as_ref(),
            );
        }
        (m, uncovered)
    }

    /// `node` with its `allOf` parts (resolved, themselves flattened) merged into it, or
    /// why they cannot be merged. On the source side every subschema of the result
    /// is a marker of where it stands, since the parts come from different places.
    fn flatten(
        &self,
        node: &Resolved,
        side: Side,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Map<String, Value>, Unmerged> {
        if depth > 32 {
            return Err(Unmerged::Other);
        }
        let options = (side == Side::Source).then_some(self.options);
        let mut parent = node.map.clone();
        if side == Side::Source {
            mark(&mut parent, self.docs, &node.file, &node.pointer);
        }
        let mut parent = normalise(parent, options);
        let Some(Value::Array(all)) = parent.remove("allOf") else {
            return Ok(parent);
        };
        let mut parts = vec![parent];
        for part in &all {
            let resolved = match side {
                Side::Source => self.resolve_source(part, &node.file, &node.pointer),
                Side::Derived => self.resolve_derived(part),
            };
            if resolved.broken.is_some() {
                return Err(Unmerged::Other);
            }
            // A part that (through `$ref`s) contains this node: a cycle, not a merge. (Parts
            // written inline nest finitely; `depth` bounds them anyway.)
            let key = resolved.target.clone();
            if key.as_ref().is_some_and(|k| stack.contains(k)) {
                return Err(Unmerged::Other);
            }
            stack.extend(key.clone());
            let flat = self.flatten(&resolved, side, stack, depth + 1);
            if key.is_some() {
                stack.pop();
            }
            parts.push(flat?);
        }
        let merged = merge_parts(parts)?;
        // Each part had its object type inferred as the loader does; the merge adds nothing.
        let options = options.map(|o| Options {
            infer_object_type: false,
            ..o.clone()
        });
        Ok(normalise(merged, options.as_ref()))
    }
}

/// Why the parts of an `allOf` do not merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unmerged {
    /// A part's `additionalProperties` would reach properties that other parts declare.
    Uncovered,
    /// Anything else: parts that conflict, keywords that cannot be combined, a cycle.
    Other,
}

/// Marks the `allOf` of the declarations of one property by several merged parts
/// (internal to the walker).
const REDECLARED: &str = "$oasbind-fidelity-redeclared";

/// The values a normalised schema allows when it is only an `enum` (or only `null`).
fn enum_only(m: &Map<String, Value>) -> Option<Vec<Value>> {
    if m.len() != 1 {
        return None;
    }
    match (m.get("enum"), m.get("type")) {
        (Some(Value::Array(values)), _) => Some(values.clone()),
        (_, Some(t)) if t == &serde_json::json!(["null"]) => Some(vec![Value::Null]),
        _ => None,
    }
}

/// Whether a normalised schema allows `null` only.
fn is_null_schema(m: &Map<String, Value>) -> bool {
    enum_only(m).is_some_and(|values| values == [Value::Null])
}

/// `v`, which stands at `at` in `file`, as a marker of that place when that verifiably holds
/// it (see [`mark`]).
fn locate(docs: &Documents, v: &Value, file: &str, at: &str) -> Value {
    let plain = v.as_object().is_some_and(|o| !o.is_empty()) && marked(v).is_none();
    let there = docs.get(file).and_then(|root| root.pointer(at));
    if plain && there.is_some_and(|found| found == v) {
        marker(file, at)
    } else {
        v.clone()
    }
}

/// Where a subschema of a merged `allOf` stands in the definition (internal to the walker).
const AT: &str = "$oasbind-fidelity-at";

fn marker(file: &str, pointer: &str) -> Value {
    let mut m = Map::new();
    m.insert(AT.to_owned(), Value::from(vec![file, pointer]));
    Value::Object(m)
}

/// The location a marker names (file, pointer).
fn marked(v: &Value) -> Option<(String, String)> {
    let m = v.as_object().filter(|m| m.len() == 1)?;
    let at = m.get(AT)?.as_array()?;
    Some((
        at.first()?.as_str()?.to_owned(),
        at.get(1)?.as_str()?.to_owned(),
    ))
}

/// Replaces the subschemas of a source node that stands at `here` in `file` by markers of
/// their location, so that they can be moved into another node (a merged `allOf`) and still
/// resolve their `$ref`s from where they are. A subschema is marked only when its location
/// verifiably holds it (a sibling that `$ref` resolution moved here stays as it is), and
/// `true` / `{}` stay as they are, so that normalisation still drops them.
fn mark(m: &mut Map<String, Value>, docs: &Documents, file: &str, here: &str) {
    let wrap = |v: &mut Value, at: String| *v = locate(docs, v, file, &at);
    for (k, v) in m.iter_mut() {
        let base = pointer::join(here, k);
        let k = k.as_str();
        match v {
            Value::Object(children) if SCHEMA_MAPS.contains(&k) || k == "dependencies" => {
                for (name, child) in children.iter_mut() {
                    wrap(child, pointer::join(&base, name));
                }
            }
            Value::Array(children) if SCHEMA_LISTS.contains(&k) || k == "items" => {
                for (i, child) in children.iter_mut().enumerate() {
                    wrap(child, pointer::index(&base, i));
                }
            }
            v if SCHEMAS.contains(&k) || k == "additionalItems" => wrap(v, base),
            _ => {}
        }
    }
}

/// A source value as the definition spells it: markers replaced by what they point at.
fn shown(docs: &Documents, v: &Value, depth: usize) -> Value {
    if let Some((file, at)) = marked(v) {
        return docs
            .get(&file)
            .and_then(|root| root.pointer(&at))
            .cloned()
            .unwrap_or(Value::Null);
    }
    match v {
        _ if depth > 64 => v.clone(),
        Value::Array(a) => Value::Array(a.iter().map(|v| shown(docs, v, depth + 1)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), shown(docs, v, depth + 1)))
                .collect(),
        ),
        _ => v.clone(),
    }
}

/// Lower bounds: the conjunction of two is the larger.
const LOWER_BOUNDS: &[&str] = &[
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
];
/// Upper bounds: the conjunction of two is the smaller.
const UPPER_BOUNDS: &[&str] = &[
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
];
/// Keywords each of which constrains every value it applies to on its own, so that the
/// conjunction of two is the `allOf` of both.
const CONJUNCTIVE_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];

/// One node equivalent to all of `parts` (normalised schemas) at once, if there is one
/// that this normal form can spell, else `None` (the `allOf` stays). The conjunction of the
/// keywords of different schemas is their union, except where a keyword's meaning depends
/// on its siblings or where two parts have the same keyword:
///
/// - `type`s intersect (an `integer` is a `number`), `enum`s intersect, `required` and
///   `dependentRequired` unite, bounds take the strictest;
/// - a property (pattern property, dependent schema) declared by several parts gets the
///   `allOf` of its schemas, which is normalised (and flattened) when visited;
/// - `additionalProperties` applies to the properties its own schema does not declare, so a
///   part that has it merges only when every other part declares no property (and no
///   pattern) that it does not; `items` beside `prefixItems`, `contains` with its counts and
///   `if`/`then`/`else` are groups that merge only when one part has them or all agree;
///   `items` without `prefixItems` and `propertyNames` conjoin as `allOf`;
/// - `unevaluatedProperties`/`unevaluatedItems` (which see what other subschemas
///   evaluated), an `allOf` that did not flatten, and a `$ref` left unresolved never merge;
/// - any other keyword in several parts must be the same in all, else the parts conflict.
fn merge_parts(parts: Vec<Map<String, Value>>) -> Result<Map<String, Value>, Unmerged> {
    let never = [
        "unevaluatedProperties",
        "unevaluatedItems",
        "allOf",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
    ];
    if parts
        .iter()
        .any(|p| never.iter().any(|k| p.contains_key(*k)))
    {
        return Err(Unmerged::Other);
    }
    let names = |p: &Map<String, Value>, k: &str| -> BTreeSet<String> {
        p.get(k)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    for (i, p) in parts.iter().enumerate() {
        if !p.contains_key("additionalProperties") {
            continue;
        }
        let (props, patterns) = (names(p, "properties"), names(p, "patternProperties"));
        let covered = parts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .all(|(_, q)| {
                names(q, "properties").is_subset(&props)
                    && names(q, "patternProperties").is_subset(&patterns)
            });
        if !covered {
            return Err(Unmerged::Uncovered);
        }
    }
    let groups: [&[&str]; 6] = [
        &["prefixItems", "items"],
        &["contains", "minContains", "maxContains"],
        &["if", "then", "else"],
        &["anyOf"],
        &["oneOf"],
        &["not"],
    ];
    for group in groups {
        let with: Vec<Vec<Option<&Value>>> = parts
            .iter()
            .filter(|p| group.iter().any(|k| p.contains_key(*k)))
            .map(|p| group.iter().map(|k| p.get(*k)).collect())
            .collect();
        // `items` alone (every item) conjoins; beside `prefixItems` it is "the other items".
        let items_alone = group[0] == "prefixItems" && with.iter().all(|g| g[0].is_none());
        let agree = with.windows(2).all(|w| {
            w[0].iter().zip(&w[1]).all(|(a, b)| {
                matches!((a, b), (None, None)) || matches!((a, b), (Some(a), Some(b)) if same(a, b))
            })
        });
        if with.len() > 1 && !items_alone && !agree {
            return Err(Unmerged::Other);
        }
    }
    let mut out: Map<String, Value> = Map::new();
    let mut all: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for part in parts {
        for (k, v) in part {
            match k.as_str() {
                "type" => {
                    let types = match out.get("type") {
                        Some(t) => intersect_types(t, &v).ok_or(Unmerged::Other)?,
                        None => v,
                    };
                    out.insert(k, types);
                }
                "enum" => {
                    let values = match out.get("enum").and_then(Value::as_array) {
                        Some(old) => Value::Array(
                            old.iter()
                                .filter(|x| {
                                    v.as_array().is_some_and(|a| a.iter().any(|y| same(x, y)))
                                })
                                .cloned()
                                .collect(),
                        ),
                        None => v,
                    };
                    out.insert(k, values);
                }
                "required" => {
                    let mut names: BTreeSet<String> =
                        out.get("required").map(strings).unwrap_or_default();
                    names.extend(strings(&v));
                    out.insert(k, Value::from(names.into_iter().collect::<Vec<_>>()));
                }
                "dependentRequired" => {
                    let entry = out.entry(k).or_insert_with(|| Value::Object(Map::new()));
                    if let (Value::Object(into), Value::Object(from)) = (entry, v) {
                        for (name, list) in from {
                            let mut names: BTreeSet<String> =
                                into.get(&name).map(strings).unwrap_or_default();
                            names.extend(strings(&list));
                            into.insert(name, Value::from(names.into_iter().collect::<Vec<_>>()));
                        }
                    }
                }
                k if CONJUNCTIVE_MAPS.contains(&k) => {
                    let Value::Object(from) = v else {
                        return Err(Unmerged::Other);
                    };
                    for (name, schema) in from {
                        all.entry(format!("{k}/{name}")).or_default().push(schema);
                    }
                }
                "additionalProperties" | "propertyNames" | "items" => {
                    all.entry(k).or_default().push(v)
                }
                k if LOWER_BOUNDS.contains(&k) || UPPER_BOUNDS.contains(&k) => {
                    let value = match out.get(k) {
                        Some(old) => {
                            let (a, b) = (
                                old.as_f64().ok_or(Unmerged::Other)?,
                                v.as_f64().ok_or(Unmerged::Other)?,
                            );
                            let lower = LOWER_BOUNDS.contains(&k);
                            if (a >= b) == lower {
                                old.clone()
                            } else {
                                v
                            }
                        }
                        None => v,
                    };
                    out.insert(k.to_owned(), value);
                }
                _ => match out.get(&k) {
                    Some(old) if !same(old, &v) => return Err(Unmerged::Other),
                    _ => {
                        out.insert(k, v);
                    }
                },
            }
        }
    }
    for (key, mut schemas) in all {
        schemas.dedup_by(|a, b| same(a, b));
        let schema = if schemas.len() == 1 {
            schemas.remove(0)
        } else if key.starts_with("properties/") {
            serde_json::json!({ "allOf": schemas, REDECLARED: true })
        } else {
            serde_json::json!({ "allOf": schemas })
        };
        match key.split_once('/') {
            Some((map, name)) => {
                let entry = out.entry(map).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = entry {
                    m.insert(name.to_owned(), schema);
                }
            }
            None => {
                out.insert(key, schema);
            }
        }
    }
    if out
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
        || out
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
    {
        // Nothing satisfies the parts together: say so with the `allOf` as written.
        return Err(Unmerged::Other);
    }
    Ok(out)
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The types two (normalised, sorted) `type` lists both allow.
fn intersect_types(a: &Value, b: &Value) -> Option<Value> {
    let (a, b) = (strings(a), strings(b));
    let mut out: BTreeSet<String> = a.intersection(&b).cloned().collect();
    let integer =
        |x: &BTreeSet<String>, y: &BTreeSet<String>| x.contains("integer") && y.contains("number");
    if integer(&a, &b) || integer(&b, &a) {
        out.insert("integer".to_owned());
    }
    if out.contains("number") {
        out.remove("integer");
    }
    Some(Value::from(out.into_iter().collect::<Vec<_>>()))
}

/// `$ref` siblings over the target: annotations replace, assertions that clash go to `allOf`.
fn merge(target: &mut Map<String, Value>, siblings: Map<String, Value>) {
    for (k, v) in siblings {
        match target.get(&k) {
            Some(existing) if !same(existing, &v) && !ANNOTATIONS.contains(&k.as_str()) => {
                let mut extra = Map::new();
                extra.insert(k, v);
                let all = target
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
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

/// `true` or `{}`: the schema that allows everything.
fn is_true(v: &Value) -> bool {
    v == &Value::Bool(true) || v.as_object().is_some_and(Map::is_empty)
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
        for (bound, exclusive) in [
            ("minimum", "exclusiveMinimum"),
            ("maximum", "exclusiveMaximum"),
        ] {
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
    let nullable = [m.remove("nullable"), m.remove("x-nullable")]
        .iter()
        .any(|v| v == &Some(Value::Bool(true)));
    m.retain(|k, _| !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"));
    // `nullable` lets `null` through the `enum` too, as the generator reads it (the validator
    // accepts `null` for a nullable enum); without `type` or `enum` it adds nothing
    // (OpenAPI 3.0.3).
    if nullable {
        if let Some(Value::Array(values)) = m.get_mut("enum") {
            values.push(Value::Null);
        }
    }

    // `type`: a sorted set.
    if let Some(t) = m.remove("type") {
        let mut types: BTreeSet<String> = match t {
            Value::String(s) => [s].into(),
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => BTreeSet::new(),
        };
        if nullable {
            types.insert("null".to_owned());
        }
        if types.contains("number") {
            types.remove("integer");
        }
        m.insert(
            "type".to_owned(),
            Value::from(types.into_iter().collect::<Vec<_>>()),
        );
    }
    let infer = source.is_some_and(|o| o.infer_object_type);
    if infer
        && !m.contains_key("type")
        && OBJECT_KEYWORDS.iter().any(|k| m.contains_key(*k))
        && !COMPOSITION.iter().any(|k| m.contains_key(*k))
    {
        m.insert("type".to_owned(), Value::from(vec!["object"]));
    }

    // `then`/`else` without `if` say nothing, nor does `if` without them.
    if !m.contains_key("if") {
        m.remove("then");
        m.remove("else");
    } else if !m.contains_key("then") && !m.contains_key("else") {
        m.remove("if");
    }
    // Keywords that apply only to types the `type` excludes say nothing.
    if let Some(types) = m.get("type").map(strings) {
        for (applies_to, keywords) in TYPED_KEYWORDS {
            if !applies_to.iter().any(|t| types.contains(*t)) {
                for k in *keywords {
                    m.remove(*k);
                }
            }
        }
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
        let types: Option<Vec<String>> = m.get("type").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
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
        let mut names: Vec<String> = required
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
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
    for k in [
        "additionalProperties",
        "items",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
    ] {
        if matches!(m.get(k), Some(Value::Bool(true)))
            || m.get(k)
                .and_then(Value::as_object)
                .is_some_and(Map::is_empty)
        {
            m.remove(k);
        }
    }
    for k in [
        "properties",
        "patternProperties",
        "dependentRequired",
        "dependentSchemas",
    ] {
        if m.get(k)
            .and_then(Value::as_object)
            .is_some_and(Map::is_empty)
        {
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
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| format!("{f:e}")),
        _ => v.to_string(),
    }
}

/// JSON equality with numbers compared by value (`1` = `1.0`).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
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
        d.iter()
            .map(|d| (d.pointer.clone(), d.keyword.clone()))
            .collect()
    }

    fn draft4() -> Options {
        Options {
            draft4: true,
            ..Options::default()
        }
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
        assert_eq!(
            keywords(&compare("T", &source, &plain, &draft4())),
            [("".to_owned(), "type".to_owned())]
        );
    }

    #[test]
    fn integer_formats_and_open_objects_are_unified() {
        let source = json!({"type": "object", "properties": {"n": {"type": "integer"}}});
        let derived = json!({"type": "object", "properties": {"n": {"type": "integer", "format": "int64"}}, "additionalProperties": true});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
        // A string format is a difference.
        let source = json!({"type": "string", "format": "date-time"});
        let derived = json!({"type": "string"});
        assert_eq!(
            keywords(&compare("T", &source, &derived, &Options::default())),
            [("".to_owned(), "format".to_owned())]
        );
    }

    #[test]
    fn closed_objects_must_stay_closed() {
        let source = json!({"type": "object", "properties": {}, "additionalProperties": false});
        let derived = json!({"type": "object", "additionalProperties": true});
        let d = compare("T", &source, &derived, &Options::default());
        assert_eq!(
            keywords(&d),
            [("".to_owned(), "additionalProperties".to_owned())]
        );
        assert_eq!(d[0].source, Some(json!(false)));
        assert_eq!(d[0].derived, None);
    }

    #[test]
    fn draft4_exclusive_bounds_and_tuples() {
        let source = json!({"type": "number", "minimum": 1, "exclusiveMinimum": true, "maximum": 5, "exclusiveMaximum": false});
        let derived =
            json!({"type": "number", "format": "double", "exclusiveMinimum": 1.0, "maximum": 5});
        assert!(compare("T", &source, &derived, &draft4()).is_empty());
        let source =
            json!({"type": "array", "items": [{"type": "string"}], "additionalItems": false});
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
        let plain = Options {
            infer_object_type: false,
            ..Options::default()
        };
        assert_eq!(
            keywords(&compare("T", &source, &derived, &plain)),
            [("".to_owned(), "type".to_owned())]
        );
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
        assert_eq!(
            d[2].to_string(),
            "Req /properties/scope: `maxLength`: definition 500, derived 50"
        );
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

    fn sites(d: &[Difference]) -> Vec<(String, String, Site)> {
        d.iter()
            .map(|d| (d.pointer.clone(), d.keyword.clone(), d.site))
            .collect()
    }

    #[test]
    fn merged_all_of_is_the_object_it_makes() {
        // discriminators.yaml's `Dog`: a `$ref` part and an inline part, merged by the
        // generator into one struct.
        let source = json!({
            "$ref": "#/definitions/Dog",
            "definitions": {
                "Pet": {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string"}}},
                "Dog": {"title": "Woof", "allOf": [
                    {"$ref": "#/definitions/Pet"},
                    {"type": "object", "properties": {"bark": {"type": "boolean"}, "breed": {"type": "string", "enum": ["Dingo", "Husky"]}}}
                ]}
            }
        });
        let derived = json!({
            "type": "object",
            "additionalProperties": true,
            "required": ["pet_type"],
            "properties": {"pet_type": {"type": "string"}, "bark": {"type": "boolean"}, "breed": {"$ref": "#/$defs/Breed"}},
            "$defs": {"Breed": {"type": "string", "enum": ["Husky", "Dingo"]}}
        });
        assert!(compare("Dog", &source, &derived, &draft4()).is_empty());
        // A constraint the merge lost is still a difference, named where it is.
        let loose = json!({"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string"}, "bark": {"type": "boolean"}, "breed": {"type": "string"}}});
        let d = compare("Dog", &source, &loose, &draft4());
        // (An `enum` implies its `type`, which the normal form drops.)
        assert_eq!(
            keywords(&d),
            [
                ("/properties/breed".to_owned(), "enum".to_owned()),
                ("/properties/breed".to_owned(), "type".to_owned())
            ]
        );
        assert_eq!(d[0].source, Some(json!(["Dingo", "Husky"])));
        // Nested `allOf`s flatten too, on both sides, and `required` and `type` combine.
        let source = json!({"allOf": [{"allOf": [{"required": ["a"]}, {"type": ["object", "null"]}]}, {"type": "object", "properties": {"a": {"type": "integer"}}}]});
        let derived = json!({"allOf": [{"type": "object"}, {"required": ["a"], "properties": {"a": {"type": "integer", "format": "int64"}}}]});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
    }

    #[test]
    fn merged_parts_keep_their_place() {
        // A part in another file: its properties' `$ref`s resolve in that file, and what
        // differs is shown as that file spells it.
        let mut docs = Documents::default();
        docs.insert("api.json", json!({"schemas": {"T": {"allOf": [{"$ref": "base.json#/Base"}, {"properties": {"b": {"type": "boolean"}}}]}}}));
        docs.insert("base.json", json!({"Base": {"type": "object", "properties": {"x": {"$ref": "#/defs/X"}}}, "defs": {"X": {"type": "string", "maxLength": 2}}}));
        let derived = json!({"type": "object", "properties": {"x": {"type": "string", "maxLength": 2}, "b": {"type": "boolean"}}});
        assert!(compare_in(
            "T",
            &docs,
            "api.json",
            "/schemas/T",
            &derived,
            &Options::default()
        )
        .is_empty());
        let derived = json!({"type": "object", "properties": {"b": {"type": "boolean"}}});
        let d = compare_in(
            "T",
            &docs,
            "api.json",
            "/schemas/T",
            &derived,
            &Options::default(),
        );
        assert_eq!(
            keywords(&d),
            [("/properties/x".to_owned(), "properties".to_owned())]
        );
        assert_eq!(d[0].source, Some(json!({"$ref": "#/defs/X"})));
        // Where a merged property's type is `serde_json::Value`, its differences say so.
        let mut options = Options::default();
        options
            .opaque
            .insert(("base.json".to_owned(), "/Base/properties/x".to_owned()));
        assert!(compare_in("T", &docs, "api.json", "/schemas/T", &derived, &options)[0].opaque);
    }

    #[test]
    fn a_property_declared_twice_is_the_all_of_of_its_declarations() {
        let source = json!({"allOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"a": {"maxLength": 3}}, "required": ["a"]}
        ]});
        let both = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "maxLength": 3}}});
        assert!(compare("T", &source, &both, &Options::default()).is_empty());
        // The struct's field follows the first declaration: the second one's constraint is
        // a difference, explained as such.
        let first =
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}});
        let d = compare("T", &source, &first, &Options::default());
        assert_eq!(
            sites(&d),
            [(
                "/properties/a".to_owned(),
                "maxLength".to_owned(),
                Site::Redeclared
            )]
        );
        // What the first declaration does not say either is not explained by that.
        let wrong =
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}});
        let d = compare("T", &source, &wrong, &Options::default());
        assert_eq!(
            sites(&d),
            [
                (
                    "/properties/a".to_owned(),
                    "maxLength".to_owned(),
                    Site::Redeclared
                ),
                ("/properties/a".to_owned(), "type".to_owned(), Site::Plain),
            ]
        );
    }

    #[test]
    fn conflicting_all_of_parts_stay_an_all_of() {
        let merged = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
        // `additionalProperties: false` in one part forbids the other part's property: the
        // parts do not make the merged object, whatever the generator's struct says.
        let source = json!({"allOf": [
            {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": "string"}}}
        ]});
        let d = compare("T", &source, &merged, &Options::default());
        assert_eq!(
            sites(&d),
            [
                ("".to_owned(), "allOf".to_owned(), Site::Unmerged),
                ("".to_owned(), "type".to_owned(), Site::Unmerged),
                (
                    "/properties/a".to_owned(),
                    "properties".to_owned(),
                    Site::Unmerged
                ),
                (
                    "/properties/b".to_owned(),
                    "properties".to_owned(),
                    Site::Unmerged
                ),
            ]
        );
        // When the closed part declares every property of the others, they merge.
        let source = json!({"allOf": [
            {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}, "b": {}}},
            {"type": "object", "properties": {"b": {"type": "string"}}}
        ]});
        let closed = json!({"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
        assert!(compare("T", &source, &closed, &Options::default()).is_empty());
        assert_eq!(
            keywords(&compare("T", &source, &merged, &Options::default())),
            [("".to_owned(), "additionalProperties".to_owned())]
        );
        // Two patterns cannot be one `pattern`; disjoint types are nothing at all: the
        // `allOf` stays, and differs from one part.
        for source in [
            json!({"allOf": [{"type": "string", "pattern": "^a"}, {"pattern": "b$"}]}),
            json!({"allOf": [{"type": "string", "pattern": "^a"}, {"type": "integer"}]}),
        ] {
            let d = compare(
                "T",
                &source,
                &json!({"type": "string", "pattern": "^a"}),
                &Options::default(),
            );
            assert!(
                d.iter()
                    .any(|d| d.keyword == "allOf" && d.site == Site::Plain),
                "{d:?}"
            );
        }
        // `unevaluatedProperties` sees what the parts evaluate: never merged.
        let source = json!({"allOf": [{"properties": {"a": {}}}], "unevaluatedProperties": false});
        let d = compare(
            "T",
            &source,
            &json!({"type": "object", "properties": {"a": {}}, "unevaluatedProperties": false}),
            &Options::default(),
        );
        assert!(d.iter().any(|d| d.keyword == "allOf"), "{d:?}");
        // Bounds take the strictest, `enum`s intersect.
        let source = json!({"allOf": [{"type": "string", "maxLength": 5, "enum": ["a", "b"]}, {"maxLength": 3, "enum": ["b", "c"]}]});
        assert!(compare(
            "T",
            &source,
            &json!({"enum": ["b"], "maxLength": 3}),
            &Options::default()
        )
        .is_empty());
    }

    #[test]
    fn one_of_and_any_of_differ_unless_they_are_enums() {
        let source = json!({"oneOf": [{"type": "string"}, {"type": "object"}]});
        let any = json!({"anyOf": [{"type": "string"}, {"type": "object"}]});
        let one = json!({"oneOf": [{"type": "string"}, {"type": "object"}]});
        assert!(compare("T", &source, &one, &Options::default()).is_empty());
        // `anyOf` allows what matches several alternatives: a difference.
        let d = compare("T", &source, &any, &Options::default());
        assert_eq!(
            keywords(&d),
            [
                ("".to_owned(), "anyOf".to_owned()),
                ("".to_owned(), "oneOf".to_owned())
            ]
        );
        // Alternatives that are `enum`s are one `enum`; a nullable string enum is the
        // `Option` of the enum's type.
        let source = json!({"type": "string", "enum": ["a", "b"], "nullable": true});
        let option = json!({"anyOf": [{"$ref": "#/$defs/E"}, {"type": "null"}], "$defs": {"E": {"type": "string", "enum": ["b", "a"]}}});
        assert!(compare("T", &source, &option, &draft4()).is_empty());
        // A `oneOf` of overlapping enums is not their union (`a` matches both: rejected).
        let source = json!({"oneOf": [{"enum": ["a", "b"]}, {"enum": ["a", "c"]}]});
        assert!(!compare(
            "T",
            &source,
            &json!({"enum": ["a", "b", "c"]}),
            &Options::default()
        )
        .is_empty());
        let source = json!({"anyOf": [{"enum": ["a", "b"]}, {"enum": ["a", "c"]}]});
        assert!(compare(
            "T",
            &source,
            &json!({"enum": ["a", "b", "c"]}),
            &Options::default()
        )
        .is_empty());
    }

    #[test]
    fn the_null_of_a_nullable_type_is_reported_apart() {
        let source = json!({"type": ["object", "null"], "properties": {"a": {"type": "string"}}});
        let derived = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let d = compare("T", &source, &derived, &Options::default());
        assert_eq!(
            sites(&d),
            [("".to_owned(), "type".to_owned(), Site::NullableType)]
        );
        // A `null` alternative too; the other alternatives are still compared.
        let source = json!({"oneOf": [{"$ref": "#/$defs/A"}, {"type": "string"}, {"type": "null"}], "$defs": {"A": {"type": "integer"}}});
        let derived = json!({"oneOf": [{"type": "integer", "format": "int64"}, {"type": "string", "maxLength": 2}]});
        let d = compare("T", &source, &derived, &Options::default());
        assert_eq!(
            sites(&d),
            [
                ("".to_owned(), "oneOf".to_owned(), Site::NullableType),
                ("/oneOf/1".to_owned(), "maxLength".to_owned(), Site::Plain)
            ]
        );
        // Below the root, `null` is the property's business: a plain difference.
        let source = json!({"type": "object", "properties": {"a": {"type": ["string", "null"]}}});
        let derived = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert_eq!(
            sites(&compare("T", &source, &derived, &Options::default())),
            [("/properties/a".to_owned(), "type".to_owned(), Site::Plain)]
        );
    }

    #[test]
    fn open_objects_differ_under_unevaluated_properties() {
        // Alone, `additionalProperties: true` is no `additionalProperties`.
        let card = json!({"type": "object", "properties": {"cvc": {"type": "integer"}}});
        let open = json!({"type": "object", "properties": {"cvc": {"type": "integer"}}, "additionalProperties": true});
        assert!(compare("T", &card, &open, &Options::default()).is_empty());
        // Under `unevaluatedProperties` it evaluates every property: a difference.
        let source = json!({"anyOf": [card, {"type": "string"}], "unevaluatedProperties": false});
        let derived = json!({"anyOf": [open, {"type": "string"}], "unevaluatedProperties": false});
        let d = compare("T", &source, &derived, &Options::default());
        assert_eq!(
            sites(&d),
            [(
                "/anyOf/0".to_owned(),
                "additionalProperties".to_owned(),
                Site::OpenUnderUnevaluated
            )]
        );
        // Not below a property (another value).
        let source = json!({"properties": {"a": card}, "unevaluatedProperties": false});
        let derived =
            json!({"type": "object", "properties": {"a": open}, "unevaluatedProperties": false});
        assert!(compare("T", &source, &derived, &Options::default()).is_empty());
    }

    #[test]
    fn keywords_that_cannot_apply_say_nothing() {
        // train-travel.yaml's `cvc`: string lengths on an integer.
        let source = json!({"type": "integer", "minLength": 3, "maxLength": 4});
        assert!(compare(
            "T",
            &source,
            &json!({"type": "integer", "format": "int64"}),
            &Options::default()
        )
        .is_empty());
        let source = json!({"then": {"const": 0}});
        assert!(compare("T", &source, &json!({}), &Options::default()).is_empty());
        // They still count where they apply.
        let source = json!({"type": ["integer", "string"], "minLength": 3});
        assert_eq!(
            keywords(&compare(
                "T",
                &source,
                &json!({"type": ["integer", "string"]}),
                &Options::default()
            )),
            [("".to_owned(), "minLength".to_owned())]
        );
    }

    #[test]
    fn opaque_locations_mark_differences() {
        let source = json!({"type": "object", "properties": {"v": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}});
        let derived = json!({"type": "object", "properties": {"v": true}});
        let mut options = Options::default();
        assert!(!compare("T", &source, &derived, &options)[0].opaque);
        options
            .opaque
            .insert((String::new(), "/properties/v".to_owned()));
        let d = compare("T", &source, &derived, &options);
        assert_eq!(
            keywords(&d),
            [("/properties/v".to_owned(), "oneOf".to_owned())]
        );
        assert!(d[0].opaque);
    }
}
