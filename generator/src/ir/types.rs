//! The Rust shape of every schema: which schemas become named types, what each field's
//! type is, and where recursion needs a `Box`.
//!
//! The rule is that a type must accept every instance its schema accepts (so that a
//! validated document always deserializes); whatever the type cannot express, the
//! validator enforces. A schema no Rust type describes faithfully becomes
//! `serde_json::Value`.

use super::schema::{Docs, JsonType, Schema, SchemaId, Schemas};
use super::Api;
use crate::naming::{self, Scope};
use std::collections::BTreeMap;

/// Index of a named type in [`TypeSpace`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The Rust type of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// A generated type.
    Named(TypeId),
    /// `String`
    String,
    /// `i32` (`format: int32`)
    I32,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `serde_json::Value`: any JSON.
    Json,
    /// `Vec<T>`
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef>),
    /// `Option<T>`
    Option(Box<TypeRef>),
    /// `Box<T>`, to break a cycle.
    Boxed(Box<TypeRef>),
}

/// A generated type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Its Rust name, unique in the module.
    pub name: String,
    /// The schema it stands for.
    pub schema: SchemaId,
    /// Its documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of generated type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enumeration.
    StringEnum(Vec<Variant>),
    /// A `pub type` alias for a named schema that is not an object or enum.
    Alias(TypeRef),
}

/// A struct for an object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The declared properties, in document order.
    pub fields: Vec<Field>,
    /// What happens to properties that are not declared.
    pub extra: Extra,
}

/// Properties beyond the declared ones.
#[derive(Clone, Debug, PartialEq)]
pub enum Extra {
    /// `additionalProperties: false`: rejected on deserialize.
    Deny,
    /// Kept in a flattened map so they survive a round trip.
    Keep {
        /// Rust name of the map field.
        field: String,
        /// Type of the map's values.
        value: TypeRef,
    },
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The wire name.
    pub wire: String,
    /// The Rust name.
    pub rust: String,
    /// Its type (`Option<_>` when not required).
    pub ty: TypeRef,
    /// Whether the property is required.
    pub required: bool,
    /// The property's schema.
    pub schema: SchemaId,
    /// Its documentation.
    pub docs: Docs,
}

/// A variant of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The wire value.
    pub wire: String,
    /// The Rust name.
    pub rust: String,
}

/// Every generated type, in a deterministic order, and the type of every schema.
#[derive(Clone, Debug, Default)]
pub struct TypeSpace {
    /// The named types, in the order they are emitted.
    pub defs: Vec<TypeDef>,
    by_schema: BTreeMap<SchemaId, TypeId>,
    shapes: BTreeMap<SchemaId, TypeRef>,
}

impl TypeSpace {
    /// Decides the Rust types of an API. `reserved` are names the emitters use themselves.
    pub fn build(api: &Api, reserved: &[&str]) -> TypeSpace {
        let mut builder = Builder {
            schemas: &api.schemas,
            space: TypeSpace::default(),
            names: Scope::with_reserved(reserved),
            pending: Vec::new(),
        };
        // Definitions claim their names first, so inline schemas never steal them.
        for def in &api.definitions {
            builder.declare(def.schema, &naming::camel(&def.name, "T", "Type"));
        }
        for def in &api.definitions {
            builder.type_of(def.schema, &def.name, None);
        }
        for op in &api.operations {
            let base = op.operation_id.clone().unwrap_or_else(|| {
                format!("{} {}", op.method.as_str().to_lowercase(), op.path)
            });
            for p in &op.parameters {
                builder.type_of(p.schema, &format!("{base} {}", p.name), None);
            }
            if let Some(schema) = op.body.as_ref().and_then(|b| b.schema) {
                builder.type_of(schema, &format!("{base} request"), None);
            }
            for r in &op.responses {
                if let Some(schema) = r.body.as_ref().and_then(|b| b.schema) {
                    builder.type_of(schema, &format!("{base} response"), None);
                }
            }
        }
        builder.finish()
    }

    /// The Rust type of a schema that [`TypeSpace::build`] visited.
    pub fn type_of(&self, schema: SchemaId) -> &TypeRef {
        self.shapes.get(&schema).unwrap_or(&TypeRef::Json)
    }

    /// The named type generated for a schema, if any.
    pub fn named(&self, schema: SchemaId) -> Option<TypeId> {
        self.by_schema.get(&schema).copied()
    }

    /// A named type.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

struct Builder<'a> {
    schemas: &'a Schemas,
    space: TypeSpace,
    names: Scope,
    /// Named types whose bodies are still to be built (breadth-first, no deep recursion).
    pending: Vec<TypeId>,
}

/// What a schema looks like as a Rust type, before names are handed out.
enum Shape {
    Struct,
    StringEnum(Vec<String>),
    Plain(TypeRef),
    Array(Option<SchemaId>),
    Map(Option<SchemaId>),
    Nullable(JsonType),
}

impl Builder<'_> {
    fn declare(&mut self, schema: SchemaId, name: &str) -> TypeId {
        if let Some(id) = self.space.by_schema.get(&schema) {
            return *id;
        }
        let id = TypeId(self.space.defs.len());
        let s = self.schemas.get(schema);
        self.space.defs.push(TypeDef {
            name: self.names.claim(name),
            schema,
            docs: s.docs.clone(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        self.space.by_schema.insert(schema, id);
        self.pending.push(id);
        id
    }

    /// The type of `schema`; `hint` names it if it needs a name of its own (the
    /// property name first, then parent + property when that is taken).
    fn type_of(&mut self, schema: SchemaId, hint: &str, parent: Option<&str>) -> TypeRef {
        if let Some(t) = self.space.shapes.get(&schema) {
            return t.clone();
        }
        // Mark as visiting so that a cycle through plain types terminates.
        self.space.shapes.insert(schema, TypeRef::Json);
        let s = self.schemas.get(schema);
        let declared = self.space.by_schema.get(&schema).copied();
        let named = |b: &mut Self| {
            declared.unwrap_or_else(|| {
                let short = naming::camel(hint, "T", "Type");
                let name = match parent {
                    Some(p) if !b.names.is_free(&short) => format!("{p}{short}"),
                    _ => short,
                };
                b.declare(schema, &name)
            })
        };
        let t = match shape(s) {
            Shape::Struct | Shape::StringEnum(_) => TypeRef::Named(named(self)),
            Shape::Plain(t) => t,
            Shape::Array(items) => {
                let item = match items {
                    Some(i) => self.type_of(i, &format!("{hint} item"), parent),
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            Shape::Map(values) => {
                let value = match values {
                    Some(v) => self.type_of(v, &format!("{hint} value"), parent),
                    None => TypeRef::Json,
                };
                TypeRef::Map(Box::new(value))
            }
            Shape::Nullable(t) => TypeRef::Option(Box::new(primitive(t, s))),
        };
        let t = match (declared, &t) {
            // A named definition that is a plain type becomes an alias.
            (Some(id), _) if !matches!(t, TypeRef::Named(_)) => {
                self.space.defs[id.0].kind = TypeKind::Alias(t);
                TypeRef::Named(id)
            }
            _ => t,
        };
        self.space.shapes.insert(schema, t.clone());
        self.drain();
        t
    }

    fn drain(&mut self) {
        while let Some(id) = self.pending.pop() {
            let def = &self.space.defs[id.0];
            let (schema, name) = (def.schema, def.name.clone());
            let s = self.schemas.get(schema);
            let kind = match shape(s) {
                Shape::Struct => TypeKind::Struct(self.structure(s, &name)),
                Shape::StringEnum(values) => TypeKind::StringEnum(variants(&values)),
                // Aliases are filled in by `type_of`.
                _ => continue,
            };
            self.space.defs[id.0].kind = kind;
        }
    }

    fn structure(&mut self, s: &Schema, parent: &str) -> Struct {
        let mut names = Scope::default();
        let mut fields = Vec::with_capacity(s.properties.len());
        for (wire, sid) in &s.properties {
            let required = s.required.contains(wire);
            let ty = self.type_of(*sid, wire, Some(parent));
            let ty = if required || matches!(ty, TypeRef::Option(_)) {
                ty
            } else {
                TypeRef::Option(Box::new(ty))
            };
            fields.push(Field {
                wire: wire.clone(),
                rust: names.claim(&naming::snake(wire, "field")),
                ty,
                required,
                schema: *sid,
                docs: self.schemas.get(*sid).docs.clone(),
            });
        }
        let closed = s
            .additional_properties
            .is_some_and(|a| self.schemas.get(a).always == Some(false));
        let extra = if closed && s.pattern_properties.is_empty() {
            Extra::Deny
        } else {
            let value = match s.additional_properties {
                Some(a) if s.pattern_properties.is_empty() => {
                    self.type_of(a, "additional property", Some(parent))
                }
                _ => TypeRef::Json,
            };
            Extra::Keep { field: names.claim("additional_properties"), value }
        };
        Struct { fields, extra }
    }

    fn finish(mut self) -> TypeSpace {
        self.drain();
        box_cycles(&mut self.space);
        self.space
    }
}

fn primitive(t: JsonType, s: &Schema) -> TypeRef {
    match t {
        JsonType::String => TypeRef::String,
        JsonType::Integer if s.format.as_deref() == Some("int32") => TypeRef::I32,
        JsonType::Integer => TypeRef::I64,
        JsonType::Number => TypeRef::F64,
        JsonType::Boolean => TypeRef::Bool,
        JsonType::Null | JsonType::Object | JsonType::Array => TypeRef::Json,
    }
}

fn shape(s: &Schema) -> Shape {
    if s.always.is_some() || s.has_composition() || s.const_value.is_some() {
        return Shape::Plain(TypeRef::Json);
    }
    let types: Vec<JsonType> = match &s.types {
        Some(ts) => ts.iter().copied().filter(|t| *t != JsonType::Null).collect(),
        None => Vec::new(),
    };
    let nullable = s.nullable || s.types.as_ref().is_some_and(|t| t.contains(&JsonType::Null));
    if let Some(values) = &s.enum_values {
        let strings: Option<Vec<String>> =
            values.iter().map(|v| v.as_str().map(str::to_owned)).collect();
        match strings {
            Some(strings)
                if !strings.is_empty()
                    && !nullable
                    && (s.types.is_none() || types == [JsonType::String]) =>
            {
                return Shape::StringEnum(strings)
            }
            _ => return Shape::Plain(TypeRef::Json),
        }
    }
    match types.as_slice() {
        [t] if nullable => match t {
            JsonType::Object | JsonType::Array => Shape::Plain(TypeRef::Json),
            t => Shape::Nullable(*t),
        },
        [JsonType::Object] => {
            let open_map = s.properties.is_empty() && s.pattern_properties.is_empty();
            if open_map && s.required.is_empty() {
                Shape::Map(s.additional_properties)
            } else {
                Shape::Struct
            }
        }
        [JsonType::Array] if s.prefix_items.is_empty() => Shape::Array(s.items),
        [JsonType::Array] => Shape::Plain(TypeRef::Json),
        [t] => Shape::Plain(primitive(*t, s)),
        _ => Shape::Plain(TypeRef::Json),
    }
}

fn variants(values: &[String]) -> Vec<Variant> {
    let mut names = Scope::default();
    let mut seen = std::collections::BTreeSet::new();
    values
        .iter()
        // A value listed twice is one variant.
        .filter(|wire| seen.insert(wire.as_str()))
        .map(|wire| Variant {
            wire: wire.clone(),
            rust: names.claim(&naming::camel(wire, "V", "Empty")),
        })
        .collect()
}

/// Boxes every by-value link that closes a cycle of named types, so that recursive
/// schemas give types of finite size. Links through `Vec`/`BTreeMap` already allocate.
fn box_cycles(space: &mut TypeSpace) {
    let n = space.defs.len();
    let edges: Vec<Vec<usize>> = space
        .defs
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            match &d.kind {
                TypeKind::Struct(st) => {
                    for f in &st.fields {
                        by_value_targets(&f.ty, &mut out);
                    }
                }
                TypeKind::Alias(t) => by_value_targets(t, &mut out),
                TypeKind::StringEnum(_) => {}
            }
            out
        })
        .collect();
    let component = strongly_connected(n, &edges);
    for i in 0..n {
        let def = &mut space.defs[i];
        if let TypeKind::Struct(st) = &mut def.kind {
            for f in &mut st.fields {
                box_within(&mut f.ty, i, &component);
            }
        }
        if let TypeKind::Alias(t) = &mut def.kind {
            box_within(t, i, &component);
        }
    }
}

fn by_value_targets(t: &TypeRef, out: &mut Vec<usize>) {
    match t {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Option(inner) => by_value_targets(inner, out),
        _ => {}
    }
}

fn box_within(t: &mut TypeRef, from: usize, component: &[usize]) {
    match t {
        TypeRef::Named(id) if component[id.0] == component[from] => {
            *t = TypeRef::Boxed(Box::new(TypeRef::Named(*id)));
        }
        TypeRef::Option(inner) => box_within(inner, from, component),
        _ => {}
    }
}

/// Kosaraju's algorithm, iterative so that long chains cannot overflow the stack.
/// Returns the component of each node; a self-loop counts as a cycle because the
/// caller compares components of both ends of an edge.
fn strongly_connected(n: usize, edges: &[Vec<usize>]) -> Vec<usize> {
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&to) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    for (c, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = c;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = c;
                    stack.push(from);
                }
            }
        }
    }
    // Nodes in a component of their own without a self-loop are not cycles: give them a
    // component no edge can match.
    let mut size = vec![0usize; n];
    for &c in &component {
        size[c] += 1;
    }
    for (i, tos) in edges.iter().enumerate() {
        if size[component[i]] == 1 && !tos.contains(&i) {
            component[i] = usize::MAX - i;
        }
    }
    component
}
