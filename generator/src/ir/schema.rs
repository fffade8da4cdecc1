//! The validation model: one [`Schema`] per JSON Schema node, dialect-independent.
//!
//! Front ends translate their dialect (draft 4 for Swagger 2.0 and OpenAPI 3.0, 2020-12 for
//! OpenAPI 3.1) into this keyword model; `$ref`s are already resolved into [`SchemaId`]
//! links, so recursive schemas are plain cycles in the arena.

use serde_json::{Number, Value};

/// Index of a schema in [`Schemas`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaId(pub usize);

/// Every schema of a document, in the order the loader met them.
///
/// Stored in chunks of a fixed size: a schema is large, and a large definition has tens
/// of thousands, which one growing vector would copy again at every doubling.
#[derive(Clone, Debug, Default)]
pub struct Schemas {
    chunks: Vec<Vec<Schema>>,
    len: usize,
    /// Places beyond its origin that a schema stands for (see [`Schemas::places`]).
    elsewhere: std::collections::HashMap<SchemaId, usize>,
}

/// Schemas per chunk of [`Schemas`].
const CHUNK: usize = 512;

impl Schemas {
    /// Reserves a slot so that a `$ref` cycle can point at a schema before it is built.
    pub fn reserve(&mut self, origin: Origin) -> SchemaId {
        if self.len % CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(Schema::new(origin));
        }
        self.len += 1;
        SchemaId(self.len - 1)
    }

    /// Fills a reserved slot.
    pub fn set(&mut self, id: SchemaId, schema: Schema) {
        self.chunks[id.0 / CHUNK][id.0 % CHUNK] = schema;
    }

    /// The schema a chain of bare `$ref`s ends at (itself when it is no reference); a
    /// cycle of references, which has no end, stops anywhere along it.
    pub fn resolve(&self, mut id: SchemaId) -> SchemaId {
        for _ in 0..64 {
            match self.get(id).reference {
                Some(target) => id = target,
                None => break,
            }
        }
        id
    }

    /// The schema behind an id.
    pub fn get(&self, id: SchemaId) -> &Schema {
        &self.chunks[id.0 / CHUNK][id.0 % CHUNK]
    }

    /// All schemas with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (SchemaId, &Schema)> {
        self.chunks
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, s)| (SchemaId(i), s))
    }

    /// Records that `id` also stands for an equal object at another place (the loader
    /// reads repeated Swagger 2.0 parameters once); [`Schemas::spread_places`] passes the
    /// count on to its inline subschemas.
    pub fn also_elsewhere(&mut self, id: SchemaId) {
        *self.elsewhere.entry(id).or_default() += 1;
    }

    /// How many places of the definition `id` stands for: 1, unless the loader read equal
    /// objects as one schema. Names chosen for a single place would mislead at the others.
    pub fn places(&self, id: SchemaId) -> usize {
        1 + self.elsewhere.get(&id).copied().unwrap_or(0)
    }

    /// Spreads [`Schemas::also_elsewhere`] from each schema to the subschemas written
    /// inside it (their origin lies under its own), once every schema is built.
    pub fn spread_places(&mut self) {
        let mut roots: Vec<(SchemaId, usize)> =
            self.elsewhere.iter().map(|(&id, &n)| (id, n)).collect();
        roots.sort_unstable();
        for (root, n) in roots {
            let origin = self.get(root).origin.clone();
            let inside = |o: &Origin| {
                o.file == origin.file
                    && o.pointer
                        .strip_prefix(origin.pointer.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            };
            let mut stack = self.get(root).children();
            let mut seen = std::collections::HashSet::new();
            while let Some(id) = stack.pop() {
                if seen.insert(id) && inside(&self.get(id).origin) {
                    *self.elsewhere.entry(id).or_default() += n;
                    stack.extend(self.get(id).children());
                }
            }
        }
    }

    /// Classes of equivalent schemas, for every schema reachable from `roots`: two schemas
    /// share a class when their validation keywords are equal and their children share
    /// classes. A schema on a `$ref` cycle is in a class of its own (its key names it), so
    /// sharing a class always means checking the same. Schemas for which `opaque` holds
    /// (another crate's types, in a split) are not walked: each is a class of its own.
    pub fn classes(
        &self,
        roots: &[SchemaId],
        opaque: impl Fn(SchemaId) -> bool,
    ) -> std::collections::HashMap<SchemaId, usize> {
        use std::collections::{HashMap, HashSet};
        let mut class: HashMap<SchemaId, usize> = HashMap::new();
        let mut interned: HashMap<ClassKey, usize> = HashMap::new();
        // Classes are numbered in the order they are met; opaque schemas and schemas on a
        // cycle take a number of their own.
        let mut count = 0;
        let mut fresh = || {
            count += 1;
            count - 1
        };
        let mut on_stack: HashSet<SchemaId> = HashSet::new();
        for &root in roots {
            // Iterative post-order: deep schemas must not exhaust the stack.
            let mut stack = vec![(root, false)];
            while let Some((id, expanded)) = stack.pop() {
                if class.contains_key(&id) {
                    continue;
                }
                if opaque(id) {
                    class.insert(id, fresh());
                    continue;
                }
                let s = self.get(id);
                if !expanded {
                    if !on_stack.insert(id) {
                        continue;
                    }
                    stack.push((id, true));
                    for child in s.children() {
                        if !class.contains_key(&child) && !on_stack.contains(&child) {
                            stack.push((child, false));
                        }
                    }
                    continue;
                }
                on_stack.remove(&id);
                let children: Option<Vec<usize>> = s
                    .children()
                    .iter()
                    .map(|child| class.get(child).copied())
                    .collect();
                let c = match children {
                    Some(children) => {
                        let key = ClassKey {
                            schema: s,
                            children,
                        };
                        match interned.get(&key) {
                            Some(&c) => c,
                            None => {
                                let c = fresh();
                                interned.insert(key, c);
                                c
                            }
                        }
                    }
                    None => fresh(),
                };
                class.insert(id, c);
            }
        }
        class
    }
}

/// The key of a class of [`Schemas::classes`]: a schema's validation part (see
/// [`Schema::validation_part`]) with its links replaced by their classes, compared and
/// hashed in place rather than cloned and written out. Equal exactly when the validation
/// parts' `Debug` texts are equal (the key the classes once had): JSON values compare
/// strictly, members in order and `-0.0` apart from `0.0`.
struct ClassKey<'a> {
    schema: &'a Schema,
    /// The classes of its links, in [`Schema::children`] order.
    children: Vec<usize>,
}

impl PartialEq for ClassKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.children == other.children && self.schema.same_shape(other.schema)
    }
}

impl Eq for ClassKey<'_> {}

impl std::hash::Hash for ClassKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.children.hash(h);
        self.schema.hash_shape(h);
    }
}

/// `a` and `b` are the same JSON text: unlike `Value`'s `==`, members in the same order
/// and numbers of the same representation (`Debug` tells them apart).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_json(va, vb))
        }
        (a, b) => a == b,
    }
}

/// `==` but for `0.0` and `-0.0`, which it calls equal.
fn same_number(a: &Number, b: &Number) -> bool {
    a == b && a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits)
}

/// Hashes what [`same_json`] compares (members in order).
fn hash_json<H: std::hash::Hasher>(v: &Value, h: &mut H) {
    use std::hash::Hash;
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Null => {}
        Value::Bool(b) => b.hash(h),
        Value::Number(n) => n.hash(h),
        Value::String(s) => s.hash(h),
        Value::Array(a) => {
            a.len().hash(h);
            a.iter().for_each(|v| hash_json(v, h));
        }
        Value::Object(m) => {
            m.len().hash(h);
            for (k, v) in m {
                k.hash(h);
                hash_json(v, h);
            }
        }
    }
}

/// Where a schema was written: the file and the JSON pointer inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user named it.
    pub file: String,
    /// JSON pointer of the schema inside the file.
    pub pointer: String,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            self.file,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            }
        )
    }
}

/// The JSON types of the `type` keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `object`
    Object,
    /// `array`
    Array,
    /// `number` (includes integers)
    Number,
    /// `integer`
    Integer,
    /// `string`
    String,
}

impl JsonType {
    /// The keyword spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::String => "string",
        }
    }

    /// Parses the keyword spelling.
    pub fn parse(s: &str) -> Option<JsonType> {
        Some(match s {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "string" => JsonType::String,
            _ => return None,
        })
    }
}

/// A numeric bound (`minimum`/`maximum`, in either the draft-4 or the 2020-12 form).
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// The limit as written.
    pub value: Number,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// Documentation carried into the generated code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    /// `title`
    pub title: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `example` / `examples`
    pub examples: Vec<Value>,
    /// `default`
    pub default: Option<Value>,
    /// `deprecated`
    pub deprecated: bool,
}

/// `if` / `then` / `else`.
#[derive(Clone, Debug, PartialEq)]
pub struct Conditional {
    /// `if`
    pub condition: SchemaId,
    /// `then`
    pub then: Option<SchemaId>,
    /// `else`
    pub otherwise: Option<SchemaId>,
}

/// `x-rust-type` (typify's extension): an existing Rust type that stands for the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct RustType {
    /// The crate that defines it (`rust_decimal`).
    pub krate: String,
    /// The crate's version requirement (`1`).
    pub version: String,
    /// The type's path (`rust_decimal::Decimal`).
    pub path: String,
}

/// `discriminator` (OpenAPI): the property naming the variant of a `oneOf`/`anyOf`.
#[derive(Clone, Debug, PartialEq)]
pub struct Discriminator {
    /// The tag property.
    pub property: String,
    /// Explicit tag value → schema mapping, in document order.
    pub mapping: Vec<(String, SchemaId)>,
}

/// One JSON Schema node, every keyword of every supported dialect.
///
/// Absent keywords are `None`/empty; a boolean schema is [`Schema::always`].
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// Where it was written.
    pub origin: Origin,
    /// The name it was declared under (`definitions`/`components.schemas` key), if any.
    pub declared_name: Option<String>,
    /// Documentation.
    pub docs: Docs,
    /// `Some(b)` for the boolean schemas `true`/`false`.
    pub always: Option<bool>,

    /// `type`; `None` means any type.
    pub types: Option<Vec<JsonType>>,
    /// OpenAPI 3.0 `nullable: true`.
    pub nullable: bool,
    /// `enum`
    pub enum_values: Option<Vec<Value>>,
    /// `const`
    pub const_value: Option<Value>,
    /// `format`
    pub format: Option<String>,
    /// `readOnly` (OpenAPI: only in responses).
    pub read_only: bool,
    /// `writeOnly` (OpenAPI: only in requests). It also marks the value as a secret (see
    /// `secret`).
    pub write_only: bool,
    /// The vendor extension `x-oasbind-secret`: `Some(true)` marks the value as a secret
    /// (never shown by `Debug` or in a violation), `Some(false)` says it is not one
    /// whatever its name. `None` when absent: then `format: password`, `writeOnly` and the
    /// name decide.
    pub secret: Option<bool>,

    /// `minLength` (Unicode code points)
    pub min_length: Option<u64>,
    /// `maxLength` (Unicode code points)
    pub max_length: Option<u64>,
    /// `pattern` (ECMA-262)
    pub pattern: Option<String>,

    /// `minimum` / `exclusiveMinimum`
    pub minimum: Option<Bound>,
    /// `maximum` / `exclusiveMaximum`
    pub maximum: Option<Bound>,
    /// `multipleOf`
    pub multiple_of: Option<Number>,

    /// `properties`, in document order.
    pub properties: Vec<(String, SchemaId)>,
    /// `required`
    pub required: Vec<String>,
    /// `additionalProperties`; `None` when absent (anything allowed).
    pub additional_properties: Option<SchemaId>,
    /// `patternProperties`
    pub pattern_properties: Vec<(String, SchemaId)>,
    /// `propertyNames`
    pub property_names: Option<SchemaId>,
    /// `minProperties`
    pub min_properties: Option<u64>,
    /// `maxProperties`
    pub max_properties: Option<u64>,
    /// `dependentRequired` (and the array form of draft-4 `dependencies`)
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas` (and the schema form of draft-4 `dependencies`)
    pub dependent_schemas: Vec<(String, SchemaId)>,

    /// `prefixItems` (and the array form of draft-4 `items`)
    pub prefix_items: Vec<SchemaId>,
    /// `items` for the elements after `prefix_items` (draft-4 `additionalItems` in tuple form)
    pub items: Option<SchemaId>,
    /// `contains`
    pub contains: Option<SchemaId>,
    /// `minContains`
    pub min_contains: Option<u64>,
    /// `maxContains`
    pub max_contains: Option<u64>,
    /// `minItems`
    pub min_items: Option<u64>,
    /// `maxItems`
    pub max_items: Option<u64>,
    /// `uniqueItems`
    pub unique_items: bool,
    /// `unevaluatedProperties` (2019-09 on)
    pub unevaluated_properties: Option<SchemaId>,
    /// `unevaluatedItems` (2019-09 on)
    pub unevaluated_items: Option<SchemaId>,

    /// `$ref` beside other keywords (2020-12 applies both; draft 4 never sets this).
    pub reference: Option<SchemaId>,
    /// `allOf`
    pub all_of: Vec<SchemaId>,
    /// `anyOf`
    pub any_of: Vec<SchemaId>,
    /// `oneOf`
    pub one_of: Vec<SchemaId>,
    /// `not`
    pub not: Option<SchemaId>,
    /// `if` / `then` / `else`
    pub conditional: Option<Conditional>,
    /// OpenAPI `discriminator`
    pub discriminator: Option<Discriminator>,
    /// `x-rust-type`
    pub rust_type: Option<RustType>,
}

impl Schema {
    /// A schema with no keywords (accepts everything).
    pub fn new(origin: Origin) -> Schema {
        Schema {
            origin,
            declared_name: None,
            docs: Docs::default(),
            always: None,
            types: None,
            nullable: false,
            enum_values: None,
            const_value: None,
            format: None,
            read_only: false,
            write_only: false,
            secret: None,
            min_length: None,
            max_length: None,
            pattern: None,
            minimum: None,
            maximum: None,
            multiple_of: None,
            properties: Vec::new(),
            required: Vec::new(),
            additional_properties: None,
            pattern_properties: Vec::new(),
            property_names: None,
            min_properties: None,
            max_properties: None,
            dependent_required: Vec::new(),
            dependent_schemas: Vec::new(),
            prefix_items: Vec::new(),
            items: None,
            contains: None,
            min_contains: None,
            max_contains: None,
            min_items: None,
            max_items: None,
            unique_items: false,
            unevaluated_properties: None,
            unevaluated_items: None,
            reference: None,
            all_of: Vec::new(),
            any_of: Vec::new(),
            one_of: Vec::new(),
            not: None,
            conditional: None,
            discriminator: None,
            rust_type: None,
        }
    }

    /// Every schema this one links to, in keyword order (what [`Schema::map_children`]
    /// visits, read without cloning the schema: the model asks for every schema's).
    pub fn children(&self) -> Vec<SchemaId> {
        self.links(true)
    }

    /// The schemas a value of this one is built from or checked against: [`Schema::children`]
    /// without a discriminator's mapping. A mapping only names alternatives that `oneOf` or
    /// `anyOf` list already, or, on a base schema without them (Microsoft Graph's `entity`,
    /// with 1,544 subtypes), subtypes whose extra properties a value of the base keeps as
    /// undeclared ones. What an operation uses is reached through these: through the
    /// mapping, one Graph operation would reach nearly every definition.
    pub fn uses(&self) -> Vec<SchemaId> {
        self.links(false)
    }

    fn links(&self, mapping: bool) -> Vec<SchemaId> {
        let mut ids = Vec::new();
        // No `..`: a new keyword must say here whether it links to schemas.
        let Schema {
            origin: _,
            declared_name: _,
            docs: _,
            always: _,
            types: _,
            nullable: _,
            enum_values: _,
            const_value: _,
            format: _,
            read_only: _,
            write_only: _,
            secret: _,
            min_length: _,
            max_length: _,
            pattern: _,
            minimum: _,
            maximum: _,
            multiple_of: _,
            properties,
            required: _,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties: _,
            max_properties: _,
            dependent_required: _,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains: _,
            max_contains: _,
            min_items: _,
            max_items: _,
            unique_items: _,
            unevaluated_properties,
            unevaluated_items,
            reference,
            all_of,
            any_of,
            one_of,
            not,
            conditional,
            discriminator,
            rust_type: _,
        } = self;
        let mut one = |id: &SchemaId| ids.push(*id);
        for (_, id) in properties {
            one(id);
        }
        for id in additional_properties.iter() {
            one(id);
        }
        for (_, id) in pattern_properties {
            one(id);
        }
        for id in property_names.iter() {
            one(id);
        }
        for (_, id) in dependent_schemas {
            one(id);
        }
        for id in prefix_items
            .iter()
            .chain(items.iter())
            .chain(contains.iter())
            .chain(reference.iter())
        {
            one(id);
        }
        for id in unevaluated_properties
            .iter()
            .chain(unevaluated_items.iter())
        {
            one(id);
        }
        for id in all_of
            .iter()
            .chain(any_of.iter())
            .chain(one_of.iter())
            .chain(not.iter())
        {
            one(id);
        }
        if let Some(c) = conditional {
            one(&c.condition);
            for id in c.then.iter().chain(c.otherwise.iter()) {
                one(id);
            }
        }
        if let Some(d) = discriminator.as_ref().filter(|_| mapping) {
            for (_, id) in &d.mapping {
                one(id);
            }
        }
        ids
    }

    /// Replaces every link to another schema by `f(link)`, in keyword order (the tests'
    /// reference classes use it).
    #[cfg(test)]
    pub fn map_children(&mut self, mut f: impl FnMut(SchemaId) -> SchemaId) {
        // No `..`: a new keyword must say here whether it links to schemas.
        let Schema {
            origin: _,
            declared_name: _,
            docs: _,
            always: _,
            types: _,
            nullable: _,
            enum_values: _,
            const_value: _,
            format: _,
            read_only: _,
            write_only: _,
            secret: _,
            min_length: _,
            max_length: _,
            pattern: _,
            minimum: _,
            maximum: _,
            multiple_of: _,
            properties,
            required: _,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties: _,
            max_properties: _,
            dependent_required: _,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains: _,
            max_contains: _,
            min_items: _,
            max_items: _,
            unique_items: _,
            unevaluated_properties,
            unevaluated_items,
            reference,
            all_of,
            any_of,
            one_of,
            not,
            conditional,
            discriminator,
            rust_type: _,
        } = self;
        let mut one = |id: &mut SchemaId| *id = f(*id);
        for (_, id) in properties {
            one(id);
        }
        for id in additional_properties.iter_mut() {
            one(id);
        }
        for (_, id) in pattern_properties {
            one(id);
        }
        for id in property_names.iter_mut() {
            one(id);
        }
        for (_, id) in dependent_schemas {
            one(id);
        }
        for id in prefix_items
            .iter_mut()
            .chain(items.iter_mut())
            .chain(contains.iter_mut())
            .chain(reference.iter_mut())
        {
            one(id);
        }
        for id in unevaluated_properties
            .iter_mut()
            .chain(unevaluated_items.iter_mut())
        {
            one(id);
        }
        for id in all_of
            .iter_mut()
            .chain(any_of.iter_mut())
            .chain(one_of.iter_mut())
            .chain(not.iter_mut())
        {
            one(id);
        }
        if let Some(c) = conditional {
            one(&mut c.condition);
            for id in c.then.iter_mut().chain(c.otherwise.iter_mut()) {
                one(id);
            }
        }
        if let Some(d) = discriminator {
            for (_, id) in &mut d.mapping {
                one(id);
            }
        }
    }

    /// The schema without what carries no validation (where it was written, its name and
    /// docs): two schemas with equal validation parts check the same. What marks a value
    /// as a secret (`writeOnly`, `secret`) stays: a secret's type shows it redacted and its
    /// violations do not quote the schema, so it may not share a type or a validator with
    /// a schema that is otherwise equal. (The key of [`Schemas::classes`] compares it in
    /// place; the tests compare that with this.)
    #[cfg(test)]
    pub fn validation_part(&self) -> Schema {
        let mut s = self.clone();
        s.origin = Origin::default();
        s.declared_name = None;
        s.docs = Docs::default();
        s.read_only = false;
        s
    }

    /// The validation parts of `self` and `other` are equal but for where their links
    /// go (what [`ClassKey`] compares apart).
    fn same_shape(&self, other: &Schema) -> bool {
        // No `..`: a new keyword must say here whether it validates.
        let Schema {
            origin: _,
            declared_name: _,
            docs: _,
            always,
            types,
            nullable,
            enum_values,
            const_value,
            format,
            read_only: _,
            write_only,
            secret,
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            multiple_of,
            properties,
            required,
            additional_properties,
            pattern_properties,
            property_names,
            min_properties,
            max_properties,
            dependent_required,
            dependent_schemas,
            prefix_items,
            items,
            contains,
            min_contains,
            max_contains,
            min_items,
            max_items,
            unique_items,
            unevaluated_properties,
            unevaluated_items,
            reference,
            all_of,
            any_of,
            one_of,
            not,
            conditional,
            discriminator,
            rust_type,
        } = self;
        let o = other;
        let values = |a: &Option<Vec<Value>>, b: &Option<Vec<Value>>| match (a, b) {
            (Some(a), Some(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
            }
            (a, b) => a.is_none() && b.is_none(),
        };
        let value = |a: &Option<Value>, b: &Option<Value>| match (a, b) {
            (Some(a), Some(b)) => same_json(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        let bound = |a: &Option<Bound>, b: &Option<Bound>| match (a, b) {
            (Some(a), Some(b)) => a.exclusive == b.exclusive && same_number(&a.value, &b.value),
            (a, b) => a.is_none() && b.is_none(),
        };
        let names = |a: &[(String, SchemaId)], b: &[(String, SchemaId)]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.0 == b.0)
        };
        let link = |a: &Option<SchemaId>, b: &Option<SchemaId>| a.is_some() == b.is_some();
        *always == o.always
            && *types == o.types
            && *nullable == o.nullable
            && values(enum_values, &o.enum_values)
            && value(const_value, &o.const_value)
            && *format == o.format
            && *write_only == o.write_only
            && *secret == o.secret
            && *min_length == o.min_length
            && *max_length == o.max_length
            && *pattern == o.pattern
            && bound(minimum, &o.minimum)
            && bound(maximum, &o.maximum)
            && match (multiple_of, &o.multiple_of) {
                (Some(a), Some(b)) => same_number(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && names(properties, &o.properties)
            && *required == o.required
            && link(additional_properties, &o.additional_properties)
            && names(pattern_properties, &o.pattern_properties)
            && link(property_names, &o.property_names)
            && *min_properties == o.min_properties
            && *max_properties == o.max_properties
            && *dependent_required == o.dependent_required
            && names(dependent_schemas, &o.dependent_schemas)
            && prefix_items.len() == o.prefix_items.len()
            && link(items, &o.items)
            && link(contains, &o.contains)
            && *min_contains == o.min_contains
            && *max_contains == o.max_contains
            && *min_items == o.min_items
            && *max_items == o.max_items
            && *unique_items == o.unique_items
            && link(unevaluated_properties, &o.unevaluated_properties)
            && link(unevaluated_items, &o.unevaluated_items)
            && link(reference, &o.reference)
            && all_of.len() == o.all_of.len()
            && any_of.len() == o.any_of.len()
            && one_of.len() == o.one_of.len()
            && link(not, &o.not)
            && match (conditional, &o.conditional) {
                (Some(a), Some(b)) => {
                    a.then.is_some() == b.then.is_some()
                        && a.otherwise.is_some() == b.otherwise.is_some()
                }
                (a, b) => a.is_none() && b.is_none(),
            }
            && match (discriminator, &o.discriminator) {
                (Some(a), Some(b)) => a.property == b.property && names(&a.mapping, &b.mapping),
                (a, b) => a.is_none() && b.is_none(),
            }
            && *rust_type == o.rust_type
    }

    /// Hashes what [`Schema::same_shape`] compares (a part of it: enough to spread keys).
    fn hash_shape<H: std::hash::Hasher>(&self, h: &mut H) {
        use std::hash::Hash;
        self.always.hash(h);
        self.types.hash(h);
        self.nullable.hash(h);
        if let Some(values) = &self.enum_values {
            values.len().hash(h);
            values.iter().for_each(|v| hash_json(v, h));
        }
        if let Some(v) = &self.const_value {
            hash_json(v, h);
        }
        self.format.hash(h);
        self.write_only.hash(h);
        self.secret.hash(h);
        (self.min_length, self.max_length).hash(h);
        self.pattern.hash(h);
        for b in [&self.minimum, &self.maximum] {
            b.as_ref().map(|b| (&b.value, b.exclusive)).hash(h);
        }
        self.multiple_of.hash(h);
        self.properties.len().hash(h);
        self.properties.iter().for_each(|(name, _)| name.hash(h));
        self.required.hash(h);
        (self.min_items, self.max_items, self.unique_items).hash(h);
        (self.all_of.len(), self.any_of.len(), self.one_of.len()).hash(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The classes as they were first computed: keyed by the `Debug` text of each
    /// validation part, its links replaced by their classes.
    fn classes_by_debug(schemas: &Schemas, roots: &[SchemaId]) -> HashMap<SchemaId, usize> {
        let mut class: HashMap<SchemaId, usize> = HashMap::new();
        let mut interned: HashMap<String, usize> = HashMap::new();
        let mut on_stack = std::collections::HashSet::new();
        for &root in roots {
            let mut stack = vec![(root, false)];
            while let Some((id, expanded)) = stack.pop() {
                if class.contains_key(&id) {
                    continue;
                }
                let s = schemas.get(id);
                if !expanded {
                    if !on_stack.insert(id) {
                        continue;
                    }
                    stack.push((id, true));
                    for child in s.children() {
                        if !class.contains_key(&child) && !on_stack.contains(&child) {
                            stack.push((child, false));
                        }
                    }
                    continue;
                }
                on_stack.remove(&id);
                let mut cyclic = false;
                let mut part = s.validation_part();
                part.map_children(|child| match class.get(&child) {
                    Some(c) => SchemaId(*c),
                    None => {
                        cyclic = true;
                        SchemaId(usize::MAX)
                    }
                });
                let mut key = format!("{part:?}");
                if cyclic {
                    key.push_str(&format!("#{}", id.0));
                }
                let next = interned.len();
                class.insert(id, *interned.entry(key).or_insert(next));
            }
        }
        class
    }

    #[test]
    fn classes_are_those_of_the_debug_text() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut files: Vec<String> = std::fs::read_dir(format!("{root}/tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .filter(|p| p.ends_with(".json") || p.ends_with(".yaml"))
            .collect();
        files.push(format!("{root}/schemas/rakbank/partner_auth.json"));
        files.push(format!("{root}/tests/http/fixtures/styles.yaml"));
        files.sort();
        assert!(files.len() > 10);
        for file in files {
            let options = crate::load::LoadOptions::default();
            let api = crate::load::load(std::path::Path::new(&file), &options)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let roots: Vec<SchemaId> = api.schemas.iter().map(|(id, _)| id).collect();
            assert_eq!(
                api.schemas.classes(&roots, |_| false),
                classes_by_debug(&api.schemas, &roots),
                "{file}"
            );
        }
    }

    /// `Debug` tells `0.0` from `-0.0` and an object's members in another order apart,
    /// which `Value`'s `==` does not: the classes do too.
    #[test]
    fn classes_compare_json_as_written() {
        let mut schemas = Schemas::default();
        let mut add = |f: &dyn Fn(&mut Schema)| {
            let id = schemas.reserve(Origin::default());
            let mut s = Schema::new(Origin::default());
            f(&mut s);
            schemas.set(id, s);
            id
        };
        let zero = add(&|s| s.const_value = Some(serde_json::json!(0.0)));
        let minus_zero = add(&|s| s.const_value = Some(serde_json::json!(-0.0)));
        let ab = add(&|s| s.enum_values = Some(vec![serde_json::json!({"a": 1, "b": 2})]));
        let ba = add(&|s| s.enum_values = Some(vec![serde_json::json!({"b": 2, "a": 1})]));
        let ab2 = add(&|s| {
            s.enum_values = Some(vec![serde_json::json!({"a": 1, "b": 2})]);
            s.docs.description = Some("other docs".into());
        });
        let roots = [zero, minus_zero, ab, ba, ab2];
        let classes = schemas.classes(&roots, |_| false);
        assert_eq!(classes, classes_by_debug(&schemas, &roots));
        assert_ne!(classes[&zero], classes[&minus_zero]);
        assert_ne!(classes[&ab], classes[&ba]);
        assert_eq!(classes[&ab], classes[&ab2]);
    }
}
