//! The Rust shape of every schema: which schemas become named types, what each field's
//! type is, and where recursion needs a `Box`.
//!
//! The rule is that a type must accept every instance its schema accepts (so that a
//! validated document always deserializes); whatever the type cannot express, the
//! validator enforces. A schema no Rust type describes faithfully becomes
//! `serde_json::Value`.

use crate::config::TimeCrate;
use crate::ir::{Api, Docs, JsonType, Schema, SchemaId, Schemas};
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
    /// `u32` (`format: int32` or `uint32` with `minimum` ≥ 0, [`crate::Config::format_types`])
    U32,
    /// `u64` (`format: int64` or `uint64` with `minimum` ≥ 0, [`crate::Config::format_types`])
    U64,
    /// `f32` (`format: float`, [`crate::Config::format_types`])
    F32,
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
    /// The runtime's `Loose<T>`: a member whose schema has object keywords but no `type`
    /// (its object as `T`, any other JSON value kept; [`crate::Config::infer_object_type`]).
    Loose(Box<TypeRef>),
    /// An existing Rust type, by path ([`crate::Config::replace`], `x-rust-type`).
    External(String),
    /// A string format's own type in the runtime ([`crate::Config::format_types`]).
    Format(FormatType),
    /// The runtime's `multipart::FilePart`: a file field of a `multipart/form-data` form.
    /// Operations only: no schema's type.
    File,
}

impl TypeRef {
    /// The generated type this one names, if any (`Option<Vec<Pet>>` → `Pet`).
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Vec(t)
            | TypeRef::Map(t)
            | TypeRef::Option(t)
            | TypeRef::Boxed(t)
            | TypeRef::Loose(t) => t.named(),
            TypeRef::String
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Bool
            | TypeRef::Json
            | TypeRef::External(_)
            | TypeRef::Format(_)
            | TypeRef::File => None,
        }
    }

    /// The type of a field that may be absent unless `required`: an `Option` of this one
    /// (a nullable type, already an `Option`, stays as it is).
    pub fn unless_required(self, required: bool) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            t if !required => TypeRef::Option(Box::new(t)),
            t => t,
        }
    }
}

/// A string format that becomes a type of the runtime's `formats` module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormatType {
    /// `date-time`: `formats::DateTime` (chrono) or `formats::jiff::DateTime`.
    DateTime,
    /// `date`: `formats::Date` (chrono) or `formats::jiff::Date`.
    Date,
    /// `time`: `formats::Time` (chrono) or `formats::jiff::Time`.
    Time,
    /// `duration`: `formats::Duration` (no crate) or `formats::jiff::Duration`.
    Duration,
    /// `uuid`: `formats::Uuid`.
    Uuid,
    /// OpenAPI's `byte`: `formats::Base64`.
    Bytes,
}

impl FormatType {
    /// The type of a string format, if it has one.
    pub fn of(format: &str) -> Option<FormatType> {
        Some(match format {
            "date-time" => FormatType::DateTime,
            "date" => FormatType::Date,
            "time" => FormatType::Time,
            "duration" => FormatType::Duration,
            "uuid" => FormatType::Uuid,
            "byte" => FormatType::Bytes,
            _ => return None,
        })
    }

    /// Its name in the runtime's `formats` module.
    pub fn type_name(self) -> &'static str {
        match self {
            FormatType::DateTime => "DateTime",
            FormatType::Date => "Date",
            FormatType::Time => "Time",
            FormatType::Duration => "Duration",
            FormatType::Uuid => "Uuid",
            FormatType::Bytes => "Base64",
        }
    }

    /// Whether its crate is the time crate of the settings.
    fn is_time(self) -> bool {
        matches!(
            self,
            FormatType::DateTime | FormatType::Date | FormatType::Time | FormatType::Duration
        )
    }

    /// The submodule of `formats` it is in, with `time` as the time crate.
    pub fn module(self, time: TimeCrate) -> Option<&'static str> {
        (self.is_time() && time == TimeCrate::Jiff).then_some("jiff")
    }

    /// The runtime feature it needs, with `time` as the time crate.
    pub fn feature(self, time: TimeCrate) -> Option<&'static str> {
        match (self, time) {
            // The runtime's own `Duration` needs no crate.
            (FormatType::Duration, TimeCrate::Chrono) => None,
            (_, TimeCrate::Jiff) if self.is_time() => Some("jiff"),
            (FormatType::Uuid, _) => Some("uuid"),
            (FormatType::Bytes, _) => Some("base64"),
            _ => Some("chrono"),
        }
    }
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
    /// Attributes the settings put on it ([`crate::Config::type_attribute`]), set by
    /// [`super::Model::build`].
    pub attributes: Vec<String>,
    /// Traits the settings derive on it ([`crate::Config::derive`]), each once, set by
    /// [`super::Model::build`].
    pub derives: Vec<String>,
}

/// The kinds of generated type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enumeration.
    StringEnum(Vec<Variant>),
    /// A `oneOf`/`anyOf` of alternatives: an enum with a variant per alternative.
    Union(Union),
    /// A `pub type` alias for a named schema that is not an object or enum.
    Alias(TypeRef),
}

impl TypeKind {
    /// The generated types this one names: its fields', variants' or alias's.
    pub fn uses(&self) -> Vec<TypeId> {
        match self {
            TypeKind::Struct(st) => {
                let extra = match &st.extra {
                    Extra::Keep { value, .. } => value.named(),
                    Extra::Deny => None,
                };
                st.fields
                    .iter()
                    .filter_map(|f| f.ty.named())
                    .chain(extra)
                    .collect()
            }
            TypeKind::StringEnum(_) => Vec::new(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.named()).collect(),
            TypeKind::Alias(t) => t.named().into_iter().collect(),
        }
    }
}

/// An enum over the alternatives of a `oneOf` / `anyOf`.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The alternatives, in document order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the alternative (OpenAPI `discriminator`); without
    /// one, the first alternative that accepts a value is taken.
    pub discriminator: Option<String>,
    /// Whether serde's derive writes its `Serialize` (and, untagged, its `Deserialize`):
    /// only when a user's `#[serde(...)]` attribute is put on it
    /// ([`attributes`](super::attributes)). Otherwise the runtime's `__untagged!` writes
    /// them, without the derive's buffering visitor, `const` block and closure per enum.
    pub serde_derived: bool,
}

/// One alternative of a [`Union`].
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The variant's Rust name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
}

/// A struct for an object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The declared properties, in document order.
    pub fields: Vec<Field>,
    /// What happens to properties that are not declared.
    pub extra: Extra,
    /// Whether serde's derive writes its `Serialize` and `Deserialize`: only for a closed
    /// struct that a user's `#[serde(...)]` attribute is put on
    /// ([`attributes`](super::attributes)), which the runtime's `__struct!` would not read.
    /// Otherwise `__struct!` writes them: it reads only an object, and the type checker
    /// goes through its expansion in a fraction of the derive's time.
    pub serde_derived: bool,
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
    /// Whether an optional property may also be `null`: its type is then
    /// `Option<Option<T>>`, so that absent (`None`) and null (`Some(None)`) differ.
    pub absent_or_null: bool,
    /// The property's schema.
    pub schema: SchemaId,
    /// Its documentation.
    pub docs: Docs,
    /// Whether it holds a secret ([`super::secret`]), set by [`super::Model::build`].
    pub secret: bool,
    /// Attributes the settings put on it ([`crate::Config::field_attribute`]), set by
    /// [`super::Model::build`].
    pub attributes: Vec<String>,
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
    /// Equivalence classes of every schema reachable from the API (see
    /// [`Schemas::classes`]); the validators share them.
    classes: std::collections::HashMap<SchemaId, usize>,
}

impl TypeSpace {
    /// The string formats whose own types the module uses (each needs a runtime feature).
    pub fn formats_used(&self) -> std::collections::BTreeSet<FormatType> {
        fn visit(t: &TypeRef, out: &mut std::collections::BTreeSet<FormatType>) {
            match t {
                TypeRef::Format(f) => {
                    out.insert(*f);
                }
                TypeRef::Vec(inner)
                | TypeRef::Map(inner)
                | TypeRef::Option(inner)
                | TypeRef::Boxed(inner) => visit(inner, out),
                _ => {}
            }
        }
        let mut out = std::collections::BTreeSet::new();
        for t in self.shapes.values() {
            visit(t, &mut out);
        }
        for def in &self.defs {
            match &def.kind {
                TypeKind::Alias(t) => visit(t, &mut out),
                TypeKind::Struct(st) => st.fields.iter().for_each(|f| visit(&f.ty, &mut out)),
                TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty, &mut out)),
                TypeKind::StringEnum(_) => {}
            }
        }
        out
    }

    /// Whether values of `t` are any JSON (`serde_json::Value`), through aliases, options
    /// and boxes.
    pub fn is_any_json(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Json => true,
            TypeRef::Named(id) => {
                matches!(&self.def(*id).kind, TypeKind::Alias(t) if self.is_any_json(t))
            }
            TypeRef::Option(inner) | TypeRef::Boxed(inner) => self.is_any_json(inner),
            _ => false,
        }
    }

    /// Decides the Rust types of an API. `reserved` are names the emitters use themselves.
    /// `replaced` are the schemas that existing Rust types stand for, by path;
    /// `format_types` gives string formats their own types.
    pub fn build(
        api: &Api,
        reserved: &[&str],
        replaced: &BTreeMap<SchemaId, String>,
        format_types: bool,
        infer_object: bool,
    ) -> TypeSpace {
        let mut roots: Vec<SchemaId> = api.definitions.iter().map(|d| d.schema).collect();
        for op in &api.operations {
            roots.extend(op.schemas());
        }
        let mut builder = Builder {
            schemas: &api.schemas,
            space: TypeSpace::default(),
            names: Scope::with_reserved(reserved),
            pending: Vec::new(),
            classes: api.schemas.classes(&roots, |id| replaced.contains_key(&id)),
            inline: std::collections::HashMap::new(),
            replaced,
            format_types,
            infer_object,
        };
        // Definitions claim their names first, so inline schemas never steal them.
        for def in api
            .definitions
            .iter()
            .filter(|d| !replaced.contains_key(&d.schema))
        {
            builder.declare(def.schema, &naming::camel(&def.name, "T", "Type"));
        }
        for def in &api.definitions {
            builder.type_of(def.schema, &def.name, None);
            builder.drain();
        }
        for op in &api.operations {
            let base = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {}", op.method.as_str().to_lowercase(), op.path));
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
                for h in &r.headers {
                    builder.type_of(h.schema, &format!("{base} {} header", h.name), None);
                }
            }
        }
        builder.finish()
    }

    /// The Rust type of a schema that [`TypeSpace::build`] visited.
    /// Every schema given a Rust type, with it, in schema order.
    pub fn shaped(&self) -> impl Iterator<Item = (SchemaId, &TypeRef)> {
        self.shapes.iter().map(|(id, t)| (*id, t))
    }

    pub fn type_of(&self, schema: SchemaId) -> &TypeRef {
        self.shapes.get(&schema).unwrap_or(&TypeRef::Json)
    }

    /// Every schema that has a named type, and the type.
    pub fn named_schemas(&self) -> impl Iterator<Item = (SchemaId, TypeId)> + '_ {
        self.by_schema.iter().map(|(s, t)| (*s, *t))
    }

    /// The named type generated for a schema, if any.
    pub fn named(&self, schema: SchemaId) -> Option<TypeId> {
        self.by_schema.get(&schema).copied()
    }

    /// The class of equivalent schemas `schema` belongs to, if it is reachable.
    pub fn class(&self, schema: SchemaId) -> Option<usize> {
        self.classes.get(&schema).copied()
    }

    /// A named type.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// Whether every JSON value that `t` can hold has one of `allowed` types (`integer`
    /// counts as a `number`). A schema's alternatives decide its Rust type, and its own
    /// `type` may admit less than they do (`{"type": "number", "anyOf": [{"type":
    /// "null"}, {"type": "object"}]}` is an `Option` of a map that no value may fill):
    /// only when this holds does the Rust type itself enforce the `type` keyword.
    pub fn holds_only(&self, t: &TypeRef, allowed: &[JsonType]) -> bool {
        let has = |want: JsonType| {
            allowed.contains(&want)
                || want == JsonType::Integer && allowed.contains(&JsonType::Number)
        };
        match t {
            TypeRef::String | TypeRef::Format(_) => has(JsonType::String),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => has(JsonType::Integer),
            TypeRef::F32 | TypeRef::F64 => has(JsonType::Number),
            TypeRef::Bool => has(JsonType::Boolean),
            // `Loose` holds any JSON value.
            TypeRef::Json | TypeRef::External(_) | TypeRef::File | TypeRef::Loose(_) => false,
            TypeRef::Vec(_) => has(JsonType::Array),
            TypeRef::Map(_) => has(JsonType::Object),
            TypeRef::Option(inner) => has(JsonType::Null) && self.holds_only(inner, allowed),
            TypeRef::Boxed(inner) => self.holds_only(inner, allowed),
            TypeRef::Named(id) => match &self.def(*id).kind {
                TypeKind::Struct(_) => has(JsonType::Object),
                TypeKind::StringEnum(_) => has(JsonType::String),
                TypeKind::Alias(inner) => self.holds_only(inner, allowed),
                TypeKind::Union(u) if u.discriminator.is_some() => has(JsonType::Object),
                TypeKind::Union(u) => u.variants.iter().all(|v| self.holds_only(&v.ty, allowed)),
            },
        }
    }
}

struct Builder<'a> {
    schemas: &'a Schemas,
    space: TypeSpace,
    names: Scope,
    /// Named types whose bodies are still to be built (breadth-first, no deep recursion).
    pending: Vec<TypeId>,
    /// Equivalence classes of schemas (see [`Schemas::classes`]).
    classes: std::collections::HashMap<SchemaId, usize>,
    /// The named type of each class of inline schemas: real definitions repeat the same
    /// inline object (an error body per operation) hundreds of times; one type serves.
    inline: std::collections::HashMap<usize, TypeId>,
    /// Schemas that existing Rust types stand for.
    replaced: &'a BTreeMap<SchemaId, String>,
    /// Whether string formats get their own types ([`crate::Config::format_types`]).
    format_types: bool,
    /// Whether a schema with object keywords but no `type` is an object in Rust
    /// ([`crate::Config::infer_object_type`]).
    infer_object: bool,
}

/// What a schema looks like as a Rust type, before names are handed out.
enum Shape {
    Struct,
    StringEnum(Vec<String>),
    Union(Vec<SchemaId>),
    Plain(TypeRef),
    Array(Option<SchemaId>),
    Map(Option<SchemaId>),
    /// `null` or the shape of the schema itself.
    Nullable(Box<Shape>),
    /// `null` or the schema alternative (`oneOf: [X, {type: null}]`).
    NullableOf(SchemaId),
}

impl Builder<'_> {
    /// The shape of `s`, with a string format's own type when the settings ask for it.
    fn shape(&self, s: &Schema) -> Shape {
        fn typed(shape: Shape, format: FormatType) -> Shape {
            match shape {
                Shape::Plain(TypeRef::String) => Shape::Plain(TypeRef::Format(format)),
                Shape::Nullable(inner) => Shape::Nullable(Box::new(typed(*inner, format))),
                shape => shape,
            }
        }
        /// `from` (maybe nullable) becomes `to`.
        fn numeric(shape: Shape, from: &[TypeRef], to: TypeRef) -> Shape {
            match shape {
                Shape::Plain(t) if from.contains(&t) => Shape::Plain(to),
                Shape::Nullable(inner) => Shape::Nullable(Box::new(numeric(*inner, from, to))),
                shape => shape,
            }
        }
        let shape = shape(self.schemas, s, self.infer_object);
        if !self.format_types {
            return shape;
        }
        if let Some(format) = s.format.as_deref().and_then(FormatType::of) {
            return typed(shape, format);
        }
        // Unsigned only where the bounds say so: no value below 0 is allowed.
        let unsigned = s
            .minimum
            .as_ref()
            .and_then(|b| b.value.as_f64())
            .is_some_and(|m| m >= 0.0);
        let integers = [TypeRef::I32, TypeRef::I64];
        match s.format.as_deref() {
            Some("int32" | "uint32") if unsigned => numeric(shape, &integers, TypeRef::U32),
            Some("int64" | "uint64") if unsigned => numeric(shape, &integers, TypeRef::U64),
            Some("float") => numeric(shape, &[TypeRef::F64], TypeRef::F32),
            _ => shape,
        }
    }

    /// The type of a member (a property, an item, a map's value) of schema `schema`:
    /// `Loose` when the schema describes an object without saying so, since JSON Schema
    /// accepts any value there.
    fn member(&self, schema: SchemaId, t: TypeRef) -> TypeRef {
        let s = self.schemas.get(self.schemas.resolve(schema));
        if !self.infer_object || !is_untyped_object(s) {
            return t;
        }
        match t {
            TypeRef::Named(_) | TypeRef::Map(_) => TypeRef::Loose(Box::new(t)),
            TypeRef::Option(inner) if matches!(*inner, TypeRef::Named(_) | TypeRef::Map(_)) => {
                TypeRef::Option(Box::new(TypeRef::Loose(inner)))
            }
            t => t,
        }
    }

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
            attributes: Vec::new(),
            derives: Vec::new(),
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
        if let Some(path) = self.replaced.get(&schema) {
            let t = TypeRef::External(path.clone());
            self.space.shapes.insert(schema, t.clone());
            return t;
        }
        // Mark as visiting so that a cycle through plain types terminates.
        self.space.shapes.insert(schema, TypeRef::Json);
        let s = self.schemas.get(schema);
        let declared = self.space.by_schema.get(&schema).copied();
        let named = |b: &mut Self| {
            if let Some(id) = declared {
                return id;
            }
            let class = b.classes.get(&schema).copied();
            if let Some(id) = class.and_then(|c| b.inline.get(&c)) {
                let id = *id;
                b.space.by_schema.insert(schema, id);
                return id;
            }
            let short = naming::camel(hint, "T", "Type");
            let name = match parent {
                Some(p) if !b.names.is_free(&short) => format!("{p}{short}"),
                _ => short,
            };
            let id = b.declare(schema, &name);
            if let Some(c) = class {
                b.inline.insert(c, id);
            }
            id
        };
        let t = self.shaped(self.shape(s), hint, parent, &named);
        let t = match (declared, &t) {
            // A named definition that is a plain type becomes an alias.
            (Some(id), _) if !matches!(t, TypeRef::Named(_)) && !refers_to(&t, id) => {
                self.space.defs[id.0].kind = TypeKind::Alias(t);
                TypeRef::Named(id)
            }
            _ => t,
        };
        self.space.shapes.insert(schema, t.clone());
        t
    }

    /// The type of a shape (`named` declares the schema's own named type).
    fn shaped(
        &mut self,
        shape: Shape,
        hint: &str,
        parent: Option<&str>,
        named: &dyn Fn(&mut Self) -> TypeId,
    ) -> TypeRef {
        match shape {
            Shape::Struct | Shape::StringEnum(_) | Shape::Union(_) => TypeRef::Named(named(self)),
            Shape::Plain(t) => t,
            Shape::Array(items) => {
                let item = match items {
                    Some(i) => {
                        let t = self.type_of(i, &format!("{hint} item"), parent);
                        self.member(i, t)
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            Shape::Map(values) => {
                let value = match values {
                    Some(v) => {
                        let t = self.type_of(v, &format!("{hint} value"), parent);
                        self.member(v, t)
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Map(Box::new(value))
            }
            Shape::Nullable(inner) => {
                let t = self.shaped(*inner, hint, parent, named);
                TypeRef::Option(Box::new(t))
            }
            Shape::NullableOf(alternative) => {
                let t = self.type_of(alternative, hint, parent);
                match t {
                    TypeRef::Option(_) | TypeRef::Json => t,
                    t => TypeRef::Option(Box::new(t)),
                }
            }
        }
    }

    fn drain(&mut self) {
        while let Some(id) = self.pending.pop() {
            let def = &self.space.defs[id.0];
            let (schema, name) = (def.schema, def.name.clone());
            let s = self.schemas.get(schema);
            let mut shape = self.shape(s);
            while let Shape::Nullable(inner) = shape {
                shape = *inner;
            }
            let kind = match shape {
                Shape::Struct => TypeKind::Struct(self.structure(schema, &name)),
                Shape::StringEnum(values) => TypeKind::StringEnum(variants(&values)),
                Shape::Union(alternatives) => TypeKind::Union(self.union(s, &alternatives, &name)),
                // Aliases are filled in by `type_of`.
                _ => continue,
            };
            self.space.defs[id.0].kind = kind;
        }
    }

    /// The struct of an object schema, with the properties of its `allOf` parts merged in
    /// (`required` is the union). A property several parts declare takes its type from
    /// the first declaration that gives it one: `{}` or a description alone says nothing
    /// about the Rust type, and the validator enforces every declaration anyway.
    fn structure(&mut self, schema: SchemaId, parent: &str) -> Struct {
        let parts = object_parts(self.schemas, schema);
        let mut names = Scope::default();
        let mut fields: Vec<Field> = Vec::new();
        let required: Vec<&String> = parts
            .iter()
            .flat_map(|p| &self.schemas.get(*p).required)
            .collect();
        let mut declared: Vec<(&String, Vec<SchemaId>)> = Vec::new();
        for part in &parts {
            for (wire, sid) in &self.schemas.get(*part).properties {
                match declared.iter_mut().find(|(w, _)| *w == wire) {
                    Some((_, sids)) => sids.push(*sid),
                    None => declared.push((wire, vec![*sid])),
                }
            }
        }
        for (wire, sids) in declared {
            let typed = |sid: &&SchemaId| {
                !matches!(
                    shape(self.schemas, self.schemas.get(**sid), self.infer_object),
                    Shape::Plain(TypeRef::Json)
                )
            };
            let sid = sids.iter().find(typed).unwrap_or(&sids[0]);
            let is_required = required.contains(&wire);
            let ty = self.type_of(*sid, wire, Some(parent));
            let ty = self.member(*sid, ty);
            // A `Loose` member keeps a `null` too: present, it is `Some(Loose::Other(null))`.
            let nullable = matches!(ty, TypeRef::Option(_) | TypeRef::Loose(_));
            let (ty, absent_or_null) = match (is_required, nullable) {
                (true, _) => (ty, false),
                (false, false) => (TypeRef::Option(Box::new(ty)), false),
                (false, true) => (TypeRef::Option(Box::new(ty)), true),
            };
            fields.push(Field {
                wire: wire.clone(),
                rust: names.claim(&naming::snake(wire, "field")),
                ty,
                required: is_required,
                absent_or_null,
                schema: *sid,
                docs: self.schemas.get(*sid).docs.clone(),
                secret: false,
                attributes: Vec::new(),
            });
        }
        let s = self.schemas.get(schema);
        let closed = parts.len() == 1
            && s.additional_properties
                .is_some_and(|a| self.schemas.get(a).always == Some(false));
        let extra = if closed && s.pattern_properties.is_empty() {
            Extra::Deny
        } else {
            let value = match s.additional_properties {
                Some(a) if parts.len() == 1 && s.pattern_properties.is_empty() => {
                    let t = self.type_of(a, "additional property", Some(parent));
                    self.member(a, t)
                }
                _ => TypeRef::Json,
            };
            Extra::Keep {
                field: names.claim("additional_properties"),
                value,
            }
        };
        Struct {
            fields,
            extra,
            serde_derived: false,
        }
    }

    /// The enum of a `oneOf`/`anyOf`.
    fn union(&mut self, s: &Schema, alternatives: &[SchemaId], parent: &str) -> Union {
        let mut names = Scope::default();
        let variants = alternatives
            .iter()
            .enumerate()
            .map(|(i, alt)| {
                let ty = self.type_of(*alt, &format!("{parent} option {}", i + 1), None);
                let alt_schema = self.schemas.get(*alt);
                let mut tags: Vec<String> = s
                    .discriminator
                    .iter()
                    .flat_map(|d| {
                        d.mapping
                            .iter()
                            .filter(|(_, target)| target == alt)
                            .map(|(tag, _)| tag.clone())
                    })
                    .collect();
                if tags.is_empty() && s.discriminator.is_some() {
                    // OpenAPI: without a mapping, the tag is the schema's name.
                    tags.extend(alt_schema.declared_name.clone());
                }
                let base = match (&ty, tags.first()) {
                    (_, Some(tag)) => naming::camel(tag, "V", "Variant"),
                    (TypeRef::Named(id), _) => self.space.defs[id.0].name.clone(),
                    (t, _) => kind_name(t).to_owned(),
                };
                UnionVariant {
                    name: names.claim(&base),
                    ty,
                    tags,
                }
            })
            .collect();
        Union {
            variants,
            discriminator: s.discriminator.as_ref().map(|d| d.property.clone()),
            serde_derived: false,
        }
    }

    fn finish(mut self) -> TypeSpace {
        self.drain();
        self.space.classes = std::mem::take(&mut self.classes);
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

/// Whether a schema describes an object without saying so: object keywords, no `type`, no
/// composition. Its Rust type is the object's when `Config::infer_object_type` is on; as a
/// member of another value it is then `Loose` (JSON Schema accepts any value there).
pub fn is_untyped_object(s: &Schema) -> bool {
    s.types.is_none() && s.has_object_keywords() && !s.has_composition()
}

fn shape(schemas: &Schemas, s: &Schema, infer_object: bool) -> Shape {
    if s.always.is_some() || s.const_value.is_some() || s.not.is_some() || s.conditional.is_some() {
        return Shape::Plain(TypeRef::Json);
    }
    let nullable = s.nullable
        || s.types
            .as_ref()
            .is_some_and(|t| t.contains(&JsonType::Null));
    let wrap = |shape: Shape| {
        if nullable {
            Shape::Nullable(Box::new(shape))
        } else {
            shape
        }
    };
    if s.has_composition() {
        return wrap(composed(schemas, s, infer_object));
    }
    let types: Vec<JsonType> = match &s.types {
        Some(ts) => ts
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect(),
        None if infer_object && is_untyped_object(s) => vec![JsonType::Object],
        None => Vec::new(),
    };
    if let Some(values) = &s.enum_values {
        let strings: Option<Vec<String>> = values
            .iter()
            .filter(|v| !(nullable && v.is_null()))
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        return match strings {
            Some(strings)
                if !strings.is_empty() && (s.types.is_none() || types == [JsonType::String]) =>
            {
                wrap(Shape::StringEnum(strings))
            }
            _ => Shape::Plain(TypeRef::Json),
        };
    }
    let base = match types.as_slice() {
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
        [] if nullable => return Shape::Plain(TypeRef::Json),
        _ => return Shape::Plain(TypeRef::Json),
    };
    wrap(base)
}

/// The shape of a schema with composition keywords: a merged struct for an `allOf` of
/// objects, an enum for a `oneOf`/`anyOf`, `Option` for "X or null", else any JSON.
fn composed(schemas: &Schemas, s: &Schema, infer_object: bool) -> Shape {
    let only = |all: bool, any: bool, one: bool| {
        (all || s.all_of.is_empty() && s.reference.is_none())
            && (any || s.any_of.is_empty())
            && (one || s.one_of.is_empty())
    };
    let own_keywords = s.enum_values.is_some()
        || s.min_length.is_some()
        || s.max_length.is_some()
        || s.pattern.is_some()
        || s.items.is_some()
        || !s.prefix_items.is_empty();
    if only(true, false, false) && !own_keywords {
        let objecty = s.types.as_ref().is_none_or(|t| {
            t.iter()
                .all(|t| matches!(t, JsonType::Object | JsonType::Null))
        });
        // Without `type: object` on the schema or a part, any other value passes too: the
        // struct only when objects are inferred.
        if objecty && mergeable(schemas, s, 0) && (infer_object || says_object(schemas, s, 0)) {
            return Shape::Struct;
        }
        return Shape::Plain(TypeRef::Json);
    }
    let alternatives = match (s.any_of.is_empty(), s.one_of.is_empty()) {
        (false, true) if only(false, true, false) => &s.any_of,
        (true, false) if only(false, false, true) => &s.one_of,
        _ => return Shape::Plain(TypeRef::Json),
    };
    if own_keywords
        || s.has_object_keywords()
        || s.types
            .as_ref()
            .is_some_and(|t| t.len() > 1 && !t.contains(&JsonType::Null))
    {
        return Shape::Plain(TypeRef::Json);
    }
    let is_null = |id: &SchemaId| {
        let a = schemas.get(*id);
        a.types.as_deref() == Some(&[JsonType::Null][..])
            && !a.has_composition()
            && a.enum_values.is_none()
    };
    let non_null: Vec<SchemaId> = alternatives
        .iter()
        .copied()
        .filter(|a| !is_null(a))
        .collect();
    match (non_null.len(), non_null.len() < alternatives.len()) {
        (0, _) => Shape::Plain(TypeRef::Json),
        (1, true) => Shape::NullableOf(non_null[0]),
        (_, true) => Shape::Nullable(Box::new(Shape::Union(non_null))),
        (_, false) => Shape::Union(non_null),
    }
}

/// Whether an `allOf` can be one struct: every part is an object schema (or another
/// such `allOf`), without alternatives or conditions of its own.
fn mergeable(schemas: &Schemas, s: &Schema, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    s.all_of.iter().chain(s.reference.iter()).all(|part| {
        let p = schemas.get(*part);
        let objecty = p.types.as_ref().is_none_or(|t| t == &[JsonType::Object]);
        objecty
            && p.always.is_none()
            && p.any_of.is_empty()
            && p.one_of.is_empty()
            && p.not.is_none()
            && p.conditional.is_none()
            && p.enum_values.is_none()
            && (p.has_object_keywords() || !p.all_of.is_empty() || p.reference.is_some())
            && mergeable(schemas, p, depth + 1)
    })
}

/// Whether `s` or one of its `allOf` parts (a mergeable `allOf`) says `type: object`.
fn says_object(schemas: &Schemas, s: &Schema, depth: usize) -> bool {
    s.types
        .as_ref()
        .is_some_and(|t| t.contains(&JsonType::Object))
        || depth <= 32
            && s.all_of
                .iter()
                .chain(s.reference.iter())
                .any(|part| says_object(schemas, schemas.get(*part), depth + 1))
}

/// The schema and its `allOf` parts (depth first, each once) whose properties make up
/// one struct.
fn object_parts(schemas: &Schemas, schema: SchemaId) -> Vec<SchemaId> {
    let mut out = Vec::new();
    let mut stack = vec![schema];
    while let Some(id) = stack.pop() {
        if out.contains(&id) {
            continue;
        }
        out.push(id);
        let s = schemas.get(id);
        // Reverse, so that the first part is visited first.
        stack.extend(s.all_of.iter().chain(s.reference.iter()).rev());
    }
    out
}

/// A variant name for an alternative that is not a generated type.
fn kind_name(t: &TypeRef) -> &'static str {
    match t {
        TypeRef::String => "String",
        TypeRef::Format(f) => f.type_name(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Bool => "Boolean",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) => "Object",
        TypeRef::Option(_) => "Nullable",
        TypeRef::Named(_)
        | TypeRef::Boxed(_)
        | TypeRef::Loose(_)
        | TypeRef::Json
        | TypeRef::External(_)
        | TypeRef::File => "Value",
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
                TypeKind::Union(u) => {
                    for v in &u.variants {
                        by_value_targets(&v.ty, &mut out);
                    }
                }
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
        if let TypeKind::Union(u) = &mut def.kind {
            for v in &mut u.variants {
                box_within(&mut v.ty, i, &component);
            }
        }
    }
}

fn by_value_targets(t: &TypeRef, out: &mut Vec<usize>) {
    match t {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Option(inner) | TypeRef::Loose(inner) => by_value_targets(inner, out),
        _ => {}
    }
}

fn box_within(t: &mut TypeRef, from: usize, component: &[usize]) {
    match t {
        TypeRef::Named(id) if component[id.0] == component[from] => {
            *t = TypeRef::Boxed(Box::new(TypeRef::Named(*id)));
        }
        TypeRef::Option(inner) | TypeRef::Loose(inner) => box_within(inner, from, component),
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

/// Whether a type is `id` behind `Option`s (a nullable named type refers to itself).
fn refers_to(t: &TypeRef, id: TypeId) -> bool {
    match t {
        TypeRef::Named(n) => *n == id,
        TypeRef::Option(inner) => refers_to(inner, id),
        _ => false,
    }
}
