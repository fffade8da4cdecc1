//! `schemars::JsonSchema` for the generated types ([`Config::schemars`](crate::Config::schemars)).
//!
//! Everything here is behind `#[cfg_attr(feature = "schemars", ...)]`: the crate that
//! includes the bindings declares `schemars = ["oasbind-runtime/schemars"]`, and pays
//! nothing while the feature is off; the derives name schemars through the runtime. The attributes carry the definition into the derived schema:
//!
//! - documentation: `title`, `description` (always given, so that the doc comments, which
//!   also hold examples and fallbacks, never become the description), `example`, and
//!   `default`, `deprecated`, `readOnly`, `writeOnly` through `extend`;
//! - constraints, natively where schemars has an attribute (`length` for string lengths and
//!   array sizes, `range` for inclusive bounds, `regex(pattern = ...)`, `inner(...)` for
//!   array items), through `extend("keyword" = value)` otherwise (exclusive bounds,
//!   `multipleOf`, `format`, `uniqueItems`, object sizes, and every keyword of a schema
//!   whose Rust type is `serde_json::Value`);
//! - shape: a string enum is described as `{"type": "string", "enum": [...]}` (`with` +
//!   `extend`), an optional property that is not nullable as its inner type (`with`), a
//!   required nullable one as required (`required` + `extend("type" = [..., "null"])`, and
//!   the `enum` with `null` for a string enum); nullable is what the validator accepts
//!   (`nullable` without `type` or `enum` adds nothing);
//! - unions: the keywords beside the alternatives through `extend`, and a `transform`
//!   function emitted beside the enum that writes the alternatives whose constraints a
//!   variant's Rust type does not carry as literal JSON and relabels schemars' `anyOf` as
//!   the definition's `oneOf` (see [`union_transform`]).
//!
//! Required properties, `additionalProperties: false` (`deny_unknown_fields`) and the open
//! map of undeclared properties (`flatten`) come from the serde attributes, which schemars
//! reads. What no attribute can carry is listed in `docs/fidelity.md`, written by the
//! fidelity checker (`oasbind fidelity`).

use super::rust_type;
use super::Context;
use crate::ir::schema::{Bound, Docs, JsonType, Schema, SchemaId};
use crate::model::types::{is_untyped_object, Extra, Field, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Number, Value};

/// The derive and the container attributes of a generated type (nothing for aliases, which
/// cannot carry attributes, or when the option is off). For an enum of alternatives whose
/// schema needs amending, they start with an item (see [`union_transform`]), and so end the
/// doc attributes in front of them: they must come right after the type's doc attributes,
/// before its other attributes.
pub fn container(cx: &Context, def: &TypeDef) -> TokenStream {
    if !cx.settings.schemars {
        return TokenStream::new();
    }
    let s = cx.api.schemas.get(def.schema);
    let mut a = Attrs::default();
    let mut transform = TokenStream::new();
    match &def.kind {
        TypeKind::Alias(_) => return TokenStream::new(),
        TypeKind::Union(union) => {
            a.docs(&def.docs);
            // The keywords beside the alternatives (`type`, `format`, bounds): the enum's
            // schema is the alternatives only. Its `null`, if any, is on the `Option`s that
            // hold the enum.
            for (k, v) in local_keywords(s, false) {
                let v = match (k.as_str(), v) {
                    ("type", Value::String(t)) if t == "null" => continue,
                    ("type", Value::Array(types)) => {
                        let mut types: Vec<Value> =
                            types.into_iter().filter(|t| t != "null").collect();
                        match types.len() {
                            0 => continue,
                            1 => types.remove(0),
                            _ => Value::Array(types),
                        }
                    }
                    (_, v) => v,
                };
                a.extend(&k, &v);
            }
            for (k, id) in [
                ("unevaluatedProperties", s.unevaluated_properties),
                ("unevaluatedItems", s.unevaluated_items),
            ] {
                if let Some(v) = id.and_then(|id| render(cx, id, 1)) {
                    a.extend(k, &v);
                }
            }
            if let Some(item) = union_transform(cx, def, union, s) {
                transform = item;
                let name = super::ident(&def.name);
                a.items
                    .push(quote! { transform = #name::schemars_alternatives });
            }
        }
        TypeKind::Struct(st) => {
            a.docs(&def.docs);
            a.annotations(s);
            object_sizes(s, &mut a);
            // A required property the definition does not declare is no field: say it anyway.
            if s.required
                .iter()
                .any(|r| !st.fields.iter().any(|f| &f.wire == r))
            {
                a.extend("required", &Value::from(s.required.clone()));
            }
            if let (Extra::Keep { value, .. }, Some(values)) = (&st.extra, s.additional_properties)
            {
                let value_schema = cx.api.schemas.get(values);
                if s.pattern_properties.is_empty() {
                    if let Some(local) = local_schema(cx, value, value_schema) {
                        if Some(&local)
                            != local_schema(cx, value, &Schema::new(value_schema.origin.clone()))
                                .as_ref()
                        {
                            a.extend("additionalProperties", &local);
                        }
                    }
                }
            }
            dependent_required(s, &mut a);
            side_subschemas(cx, s, &mut a);
            if !s.pattern_properties.is_empty() {
                // The undeclared properties are one map of JSON: say what the patterns say.
                let rendered: Option<Map<String, Value>> = s
                    .pattern_properties
                    .iter()
                    .map(|(k, id)| Some((k.clone(), render(cx, *id, 1)?)))
                    .collect();
                let extra = s.additional_properties.map(|id| render(cx, id, 1));
                match (rendered, extra) {
                    (Some(patterns), None) => {
                        a.extend("patternProperties", &Value::Object(patterns))
                    }
                    (Some(patterns), Some(Some(extra))) => {
                        a.extend("patternProperties", &Value::Object(patterns));
                        a.extend("additionalProperties", &extra);
                    }
                    _ => {}
                }
            }
        }
        TypeKind::StringEnum(variants) => {
            // Unit variants with doc comments would become a `oneOf` of `const`s: describe
            // the enum as the string it is on the wire.
            a.items.push(quote! { with = "::std::string::String" });
            let values: Vec<Value> = variants
                .iter()
                .map(|v| Value::from(v.wire.clone()))
                .collect();
            a.docs(&def.docs);
            a.annotations(s);
            a.extend("enum", &Value::Array(values));
            string_keywords(s, &mut a, false);
        }
    }
    let attr = a.attribute();
    // The derive names schemars through the runtime, which re-exports it: the consumer needs
    // no schemars dependency of its own.
    let rt = cx.rt();
    let path = format!("{}::schemars", cx.settings.runtime_path);
    quote! {
        #transform
        #[cfg_attr(feature = "schemars", derive(#rt::schemars::JsonSchema), schemars(crate = #path))]
        #attr
    }
}

/// For the enum of a `oneOf`/`anyOf`, when schemars' schema of it needs amending: the
/// function its `transform` names, then the type's doc attributes again. schemars describes
/// an untagged enum as the `anyOf` of its variants' types: the function writes the
/// alternatives whose constraints a variant's type does not carry (a `String` variant for
/// `{"type": "string", "pattern": ...}`) as literal JSON, and relabels the list `oneOf`
/// when the definition says `oneOf` (the validator checks that exactly one alternative
/// matches; the discriminator, when there is one, selects it).
///
/// The function has to be an item: schemars' derive parses `transform = ...` without syn's
/// `full` feature, so a closure there does not compile. It is an associated function in an
/// `impl` block emitted here, in front of the enum's attributes: the doc attributes already
/// written before them document that block (rustdoc does not show it, its only item being
/// private), and are written again for the enum.
fn union_transform(cx: &Context, def: &TypeDef, union: &Union, s: &Schema) -> Option<TokenStream> {
    let one_of = !s.one_of.is_empty();
    let listed = if one_of { &s.one_of } else { &s.any_of };
    // The enum's variants are the alternatives that are not `null` (see `ir::types`).
    let alternatives: Vec<SchemaId> = listed
        .iter()
        .copied()
        .filter(|id| {
            let a = cx.api.schemas.get(*id);
            !(a.types.as_deref() == Some(&[JsonType::Null][..])
                && !a.has_composition()
                && a.enum_values.is_none())
        })
        .collect();
    let mut replace = Vec::new();
    if alternatives.len() == union.variants.len() {
        for (i, (variant, id)) in union.variants.iter().zip(&alternatives).enumerate() {
            let alt = cx.api.schemas.get(*id);
            // Literal JSON for a plain type (its keywords), or for `serde_json::Value` (all of
            // its schema, when that names no generated type).
            let local = match &variant.ty {
                TypeRef::Json if has_subschemas(alt) || alt.always == Some(false) => {
                    render(cx, *id, 0)
                }
                ty => local_schema(cx, ty, alt),
            };
            let Some(local) = local else { continue };
            if Some(&local)
                != local_schema(cx, &variant.ty, &Schema::new(alt.origin.clone())).as_ref()
            {
                let json = json(&local);
                replace.push(quote! {
                    if let ::core::option::Option::Some(slot) = alternatives.get_mut(#i) {
                        *slot = ::serde_json::json!(#json);
                    }
                });
            }
        }
    }
    if replace.is_empty() && !one_of {
        return None;
    }
    let replace = (!replace.is_empty()).then(|| {
        quote! {
            if let ::core::option::Option::Some(::serde_json::Value::Array(alternatives)) = schema.get_mut("anyOf") {
                #(#replace)*
            }
        }
    });
    let relabel = one_of.then(|| {
        quote! {
            if let ::core::option::Option::Some(alternatives) = schema.remove("anyOf") {
                schema.insert("oneOf".into(), alternatives);
            }
        }
    });
    let name = super::ident(&def.name);
    let doc = super::docs::attrs(
        &def.docs,
        &format!("Generated from `{}`.", cx.origin(def.schema)),
    );
    let rt = cx.rt();
    Some(quote! {
        #[cfg(feature = "schemars")]
        impl #name {
            /// Amends the alternatives schemars derives for this enum to the definition's.
            fn schemars_alternatives(schema: &mut #rt::schemars::Schema) {
                #replace
                #relabel
            }
        }
        #doc
    })
}

/// The attributes of a struct field.
pub fn field(cx: &Context, f: &Field) -> TokenStream {
    if !cx.settings.schemars {
        return TokenStream::new();
    }
    let s = cx.api.schemas.get(f.schema);
    let mut a = Attrs::default();
    let nullable = accepts_null(cx, s);
    let ty = match &f.ty {
        // Optional, not nullable: `None` is never written, so describe the inner type (also
        // when the type is an `Option` for a `nullable` that the validator does not apply).
        TypeRef::Option(inner) if !nullable => {
            let inner = non_null(inner);
            let with = type_string(cx, inner);
            a.items.push(quote! { with = #with });
            inner
        }
        // Required and nullable: schemars would make an `Option` optional.
        TypeRef::Option(inner) if f.required => {
            a.items.push(quote! { required });
            if let Some(t) = json_type_of(cx, inner) {
                a.extend("type", &Value::from(vec![t, "null"]));
            }
            // A string enum's `enum` must let the `null` through too.
            if let Some(mut values) = enum_values_of(cx, inner) {
                values.push(Value::Null);
                a.extend("enum", &Value::Array(values));
            }
            &**inner
        }
        TypeRef::Option(inner) => inner,
        t => t,
    };
    a.docs(&f.docs);
    a.annotations(s);
    constraints(cx, ty, f.schema, &mut a, nullable);
    a.attribute()
}

/// Whether the validator accepts `null` for schema `s`: `null` among its types, `nullable`
/// beside a `type` or an `enum` (OpenAPI 3.0.3: `nullable` without `type` adds nothing, and
/// the validator reads it so), or a `null` alternative of its `anyOf`/`oneOf`.
fn accepts_null(cx: &Context, s: &Schema) -> bool {
    let null_alternative = s.any_of.iter().chain(&s.one_of).any(|id| {
        let a = cx.api.schemas.get(*id);
        a.types.as_deref() == Some(&[JsonType::Null][..])
            && !a.has_composition()
            && a.enum_values.is_none()
    });
    s.types
        .as_ref()
        .is_some_and(|t| t.contains(&JsonType::Null))
        || (s.nullable && (s.types.is_some() || s.enum_values.is_some()))
        || null_alternative
}

/// A type without its `Option`s.
fn non_null(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Option(inner) => non_null(inner),
        t => t,
    }
}

/// The attribute items being collected for one item.
#[derive(Default)]
struct Attrs {
    items: Vec<TokenStream>,
    extensions: Vec<TokenStream>,
}

impl Attrs {
    fn extend(&mut self, keyword: &str, value: &Value) {
        let value = json(value);
        self.extensions.push(quote! { #keyword = #value });
    }

    /// `title` and `description` always, so that schemars never reads the doc comments.
    fn docs(&mut self, docs: &Docs) {
        let description = docs.description.as_deref().unwrap_or_default();
        let title = docs.title.as_deref().unwrap_or_default();
        if !title.is_empty() || description.trim_start().starts_with('#') {
            self.items.push(quote! { title = #title });
        }
        self.items.push(quote! { description = #description });
        for example in &docs.examples {
            let example = json(example);
            self.items
                .push(quote! { example = ::serde_json::json!(#example) });
        }
        if let Some(default) = &docs.default {
            self.extend("default", default);
        }
        if docs.deprecated {
            self.extend("deprecated", &Value::Bool(true));
        }
    }

    fn annotations(&mut self, s: &Schema) {
        if s.read_only {
            self.extend("readOnly", &Value::Bool(true));
        }
        if s.write_only {
            self.extend("writeOnly", &Value::Bool(true));
        }
    }

    fn attribute(mut self) -> TokenStream {
        if !self.extensions.is_empty() {
            let ext = &self.extensions;
            self.items.push(quote! { extend(#(#ext),*) });
        }
        if self.items.is_empty() {
            return TokenStream::new();
        }
        let items = &self.items;
        quote! { #[cfg_attr(feature = "schemars", schemars(#(#items),*))] }
    }
}

/// The constraints of schema `s`, whose Rust type is `ty`.
fn constraints(cx: &Context, ty: &TypeRef, id: SchemaId, a: &mut Attrs, nullable: bool) {
    let s = cx.api.schemas.get(id);
    match ty {
        TypeRef::Boxed(inner) | TypeRef::Loose(inner) => constraints(cx, inner, id, a, nullable),
        TypeRef::Named(named) => match &cx.types.def(*named).kind {
            // A type alias carries nothing: its user does (schemars sees through the alias).
            TypeKind::Alias(t) => constraints(cx, t, id, a, nullable),
            // Structs and enums carry their own.
            TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::Union(_) => {}
        },
        // So does the user's type (its `JsonSchema`).
        TypeRef::External(_) | TypeRef::File => {}
        // A format's own type states the format in its schema; the rest is as for a string.
        TypeRef::String | TypeRef::Format(_) => string_keywords(s, a, true),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 => {
            let (min, max) = (inclusive(&s.minimum), inclusive(&s.maximum));
            if min.is_some() || max.is_some() {
                let bounds = [
                    min.map(|m| quote! { min = #m }),
                    max.map(|m| quote! { max = #m }),
                ];
                let bounds = bounds.into_iter().flatten();
                a.items.push(quote! { range(#(#bounds),*) });
            }
            if let Some(b) = s.minimum.as_ref().filter(|b| b.exclusive) {
                a.extend("exclusiveMinimum", &Value::Number(b.value.clone()));
            }
            if let Some(b) = s.maximum.as_ref().filter(|b| b.exclusive) {
                a.extend("exclusiveMaximum", &Value::Number(b.value.clone()));
            }
            if let Some(m) = &s.multiple_of {
                a.extend("multipleOf", &Value::Number(m.clone()));
            }
            // The format schemars writes for the Rust type, replaced by the definition's.
            let native = match ty {
                TypeRef::I32 => "int32",
                TypeRef::I64 => "int64",
                TypeRef::U32 => "uint32",
                TypeRef::U64 => "uint64",
                TypeRef::F32 => "float",
                _ => "double",
            };
            if let Some(format) = s.format.as_deref().filter(|f| *f != native) {
                a.extend("format", &Value::from(format));
            }
        }
        TypeRef::Bool => {}
        TypeRef::Vec(inner) => {
            if let Some(length) = length(s.min_items, s.max_items) {
                a.items.push(length);
            }
            if s.unique_items {
                a.extend("uniqueItems", &Value::Bool(true));
            }
            side_subschemas(cx, s, a);
            if let Some(items) = s.items {
                let item_schema = cx.api.schemas.get(items);
                let local = (!inner_suffices(cx, inner, item_schema))
                    .then(|| local_schema(cx, inner, item_schema))
                    .flatten();
                if let Some(local) = local {
                    a.extend("items", &local);
                } else {
                    let nested = inner_items(cx, inner, item_schema);
                    if !nested.is_empty() {
                        a.items.push(quote! { inner(#(#nested),*) });
                    }
                }
            }
        }
        TypeRef::Map(inner) => {
            object_sizes(s, a);
            dependent_required(s, a);
            side_subschemas(cx, s, a);
            if let Some(values) = s.additional_properties {
                let value_schema = cx.api.schemas.get(values);
                if let Some(local) = local_schema(cx, inner, value_schema) {
                    if Some(&local)
                        != local_schema(cx, inner, &Schema::new(value_schema.origin.clone()))
                            .as_ref()
                    {
                        a.extend("additionalProperties", &local);
                    }
                }
            }
        }
        TypeRef::Json => match render(cx, id, 0) {
            Some(Value::Object(m)) if has_subschemas(s) => {
                for (k, v) in m {
                    a.extend(&k, &v);
                }
            }
            // The `false` schema: nothing is allowed.
            Some(Value::Bool(false)) => a.extend("not", &Value::Object(Map::new())),
            _ => json_keywords(s, a, nullable),
        },
        TypeRef::Option(inner) => constraints(cx, inner, id, a, nullable),
    }
}

/// What `inner(...)` can say about array items: lengths, inclusive ranges and patterns.
fn inner_items(cx: &Context, ty: &TypeRef, s: &Schema) -> Vec<TokenStream> {
    let mut out = Vec::new();
    match ty {
        TypeRef::Boxed(inner) | TypeRef::Loose(inner) | TypeRef::Option(inner) => {
            return inner_items(cx, inner, s)
        }
        TypeRef::External(_) | TypeRef::File => {}
        TypeRef::Named(id) => {
            if let TypeKind::Alias(t) = &cx.types.def(*id).kind {
                return inner_items(cx, t, s);
            }
        }
        TypeRef::String | TypeRef::Format(_) => {
            out.extend(length(s.min_length, s.max_length));
            if let Some(p) = &s.pattern {
                out.push(quote! { regex(pattern = #p) });
            }
        }
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 => {
            let (min, max) = (inclusive(&s.minimum), inclusive(&s.maximum));
            if min.is_some() || max.is_some() {
                let bounds = [
                    min.map(|m| quote! { min = #m }),
                    max.map(|m| quote! { max = #m }),
                ];
                let bounds = bounds.into_iter().flatten();
                out.push(quote! { range(#(#bounds),*) });
            }
        }
        TypeRef::Vec(inner) => {
            out.extend(length(s.min_items, s.max_items));
            if let Some(items) = s.items {
                let nested = inner_items(cx, inner, cx.api.schemas.get(items));
                if !nested.is_empty() {
                    out.push(quote! { inner(#(#nested),*) });
                }
            }
        }
        TypeRef::Bool | TypeRef::Map(_) | TypeRef::Json => {}
    }
    out
}

fn string_keywords(s: &Schema, a: &mut Attrs, native: bool) {
    if native {
        a.items.extend(length(s.min_length, s.max_length));
        if let Some(p) = &s.pattern {
            a.items.push(quote! { regex(pattern = #p) });
        }
    } else {
        if let Some(n) = s.min_length {
            a.extend("minLength", &Value::from(n));
        }
        if let Some(n) = s.max_length {
            a.extend("maxLength", &Value::from(n));
        }
        if let Some(p) = &s.pattern {
            a.extend("pattern", &Value::from(p.clone()));
        }
    }
    if let Some(format) = &s.format {
        a.extend("format", &Value::from(format.clone()));
    }
}

fn dependent_required(s: &Schema, a: &mut Attrs) {
    if !s.dependent_required.is_empty() {
        let map: Map<String, Value> = s
            .dependent_required
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect();
        a.extend("dependentRequired", &Value::Object(map));
    }
}

fn object_sizes(s: &Schema, a: &mut Attrs) {
    if let Some(n) = s.min_properties {
        a.extend("minProperties", &Value::from(n));
    }
    if let Some(n) = s.max_properties {
        a.extend("maxProperties", &Value::from(n));
    }
}

/// A schema whose Rust type is `serde_json::Value` (any JSON to schemars): every keyword
/// that holds no subschema, spelled out.
fn json_keywords(s: &Schema, a: &mut Attrs, nullable: bool) {
    for (k, v) in local_keywords(s, nullable) {
        a.extend(&k, &v);
    }
}

/// The keywords of `s` that hold no subschema, as JSON.
fn local_keywords(s: &Schema, nullable: bool) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(types) = &s.types {
        let mut names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
        if nullable && !names.contains(&"null") {
            names.push("null");
        }
        let value = if names.len() == 1 {
            Value::from(names[0])
        } else {
            Value::from(names)
        };
        m.insert("type".into(), value);
    }
    if let Some(values) = &s.enum_values {
        m.insert("enum".into(), Value::Array(values.clone()));
    }
    if let Some(c) = &s.const_value {
        m.insert("const".into(), c.clone());
    }
    let counts = [
        ("minLength", s.min_length),
        ("maxLength", s.max_length),
        ("minItems", s.min_items),
        ("maxItems", s.max_items),
        ("minProperties", s.min_properties),
        ("maxProperties", s.max_properties),
    ];
    for (keyword, n) in counts {
        if let Some(n) = n {
            m.insert(keyword.into(), Value::from(n));
        }
    }
    if let Some(p) = &s.pattern {
        m.insert("pattern".into(), Value::from(p.clone()));
    }
    if let Some(b) = &s.minimum {
        m.insert(
            if b.exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            }
            .into(),
            Value::Number(b.value.clone()),
        );
    }
    if let Some(b) = &s.maximum {
        m.insert(
            if b.exclusive {
                "exclusiveMaximum"
            } else {
                "maximum"
            }
            .into(),
            Value::Number(b.value.clone()),
        );
    }
    if let Some(n) = &s.multiple_of {
        m.insert("multipleOf".into(), Value::Number(n.clone()));
    }
    if s.unique_items {
        m.insert("uniqueItems".into(), Value::Bool(true));
    }
    if !s.required.is_empty() {
        m.insert("required".into(), Value::from(s.required.clone()));
    }
    if !s.dependent_required.is_empty() {
        let map: Map<String, Value> = s
            .dependent_required
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect();
        m.insert("dependentRequired".into(), Value::Object(map));
    }
    if let Some(format) = &s.format {
        m.insert("format".into(), Value::from(format.clone()));
    }
    m
}

/// The whole of schema `id` as literal JSON, subschemas included, when none of it is a
/// generated type (which would need a `$ref` into `$defs`), a `$ref`, or deeper than 16.
fn render(cx: &Context, id: SchemaId, depth: usize) -> Option<Value> {
    let s = cx.api.schemas.get(id);
    if let Some(b) = s.always {
        return Some(Value::Bool(b));
    }
    if depth > 16 || s.reference.is_some() || (depth > 0 && cx.types.named(id).is_some()) {
        return None;
    }
    let nullable = s.nullable && s.types.is_some();
    let mut m = local_keywords(s, nullable);
    // The object the model reads a schema with object keywords and no `type` as
    // (`Config::infer_object_type`), as the Rust types' own schemas say it.
    if cx.settings.infers_object_type() && is_untyped_object(s) {
        m.insert("type".into(), Value::from("object"));
    }
    let one = |k: &str, sub: Option<SchemaId>, m: &mut Map<String, Value>| -> Option<()> {
        if let Some(sub) = sub {
            m.insert(k.into(), render(cx, sub, depth + 1)?);
        }
        Some(())
    };
    let map = |k: &str, subs: &[(String, SchemaId)], m: &mut Map<String, Value>| -> Option<()> {
        if !subs.is_empty() {
            let mut out = Map::new();
            for (name, sub) in subs {
                out.insert(name.clone(), render(cx, *sub, depth + 1)?);
            }
            m.insert(k.into(), Value::Object(out));
        }
        Some(())
    };
    let list = |k: &str, subs: &[SchemaId], m: &mut Map<String, Value>| -> Option<()> {
        if !subs.is_empty() {
            let items = subs
                .iter()
                .map(|sub| render(cx, *sub, depth + 1))
                .collect::<Option<Vec<_>>>()?;
            m.insert(k.into(), Value::Array(items));
        }
        Some(())
    };
    map("properties", &s.properties, &mut m)?;
    map("patternProperties", &s.pattern_properties, &mut m)?;
    map("dependentSchemas", &s.dependent_schemas, &mut m)?;
    one("additionalProperties", s.additional_properties, &mut m)?;
    one("propertyNames", s.property_names, &mut m)?;
    list("prefixItems", &s.prefix_items, &mut m)?;
    one("items", s.items, &mut m)?;
    one("contains", s.contains, &mut m)?;
    if let Some(n) = s.min_contains {
        m.insert("minContains".into(), Value::from(n));
    }
    if let Some(n) = s.max_contains {
        m.insert("maxContains".into(), Value::from(n));
    }
    list("allOf", &s.all_of, &mut m)?;
    list("anyOf", &s.any_of, &mut m)?;
    list("oneOf", &s.one_of, &mut m)?;
    one("unevaluatedProperties", s.unevaluated_properties, &mut m)?;
    one("unevaluatedItems", s.unevaluated_items, &mut m)?;
    one("not", s.not, &mut m)?;
    if let Some(c) = &s.conditional {
        one("if", Some(c.condition), &mut m)?;
        one("then", c.then, &mut m)?;
        one("else", c.otherwise, &mut m)?;
    }
    Some(Value::Object(m))
}

/// The keywords of `s` that hold subschemas but that its Rust type (a struct, map or `Vec`)
/// does not describe, as `extend`s, when they render as literal JSON.
fn side_subschemas(cx: &Context, s: &Schema, a: &mut Attrs) {
    let mut pick = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            a.extend(k, &v);
        }
    };
    if !s.dependent_schemas.is_empty() {
        let rendered: Option<Map<String, Value>> = s
            .dependent_schemas
            .iter()
            .map(|(k, id)| Some((k.clone(), render(cx, *id, 1)?)))
            .collect();
        pick("dependentSchemas", rendered.map(Value::Object));
    }
    if let Some(id) = s.property_names {
        pick("propertyNames", render(cx, id, 1));
    }
    if let Some(id) = s.contains {
        pick("contains", render(cx, id, 1));
        if let Some(n) = s.min_contains {
            a.extend("minContains", &Value::from(n));
        }
        if let Some(n) = s.max_contains {
            a.extend("maxContains", &Value::from(n));
        }
    }
}

/// Whether a schema has keywords that hold subschemas (a discriminator's mapping names
/// alternatives that `oneOf` holds).
fn has_subschemas(s: &Schema) -> bool {
    s.keywords()
        .any(|k| k.holds_schemas() && k != crate::ir::Keyword::Discriminator)
}

/// The whole schema schemars should give a value of type `ty` with schema `s`, when it is
/// plain JSON (no `$ref` to a generated type): for `extend("items" = ...)` and
/// `extend("additionalProperties" = ...)`, where no native attribute reaches.
fn local_schema(cx: &Context, ty: &TypeRef, s: &Schema) -> Option<Value> {
    if s.always == Some(false) {
        return Some(Value::Bool(false));
    }
    let nullable = s.nullable
        || s.types
            .as_ref()
            .is_some_and(|t| t.contains(&JsonType::Null));
    let mut m = match ty {
        TypeRef::Boxed(inner) | TypeRef::Loose(inner) | TypeRef::Option(inner) => {
            return local_schema(cx, inner, s)
        }
        TypeRef::Named(id) => match &cx.types.def(*id).kind {
            TypeKind::Alias(t) => return local_schema(cx, t, s),
            _ => return None,
        },
        TypeRef::Json if has_subschemas(s) => return None,
        TypeRef::Json => return Some(Value::Object(local_keywords(s, nullable))),
        TypeRef::String
        | TypeRef::Format(_)
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Bool => local_keywords(s, nullable),
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::External(_) | TypeRef::File => return None,
    };
    let (t, format) = match ty {
        TypeRef::String | TypeRef::Format(_) => ("string", None),
        TypeRef::I32 => ("integer", Some("int32")),
        TypeRef::I64 => ("integer", Some("int64")),
        TypeRef::U32 => ("integer", Some("uint32")),
        TypeRef::U64 => ("integer", Some("uint64")),
        TypeRef::F32 => ("number", Some("float")),
        TypeRef::F64 => ("number", Some("double")),
        _ => ("boolean", None),
    };
    m.insert(
        "type".into(),
        if nullable {
            Value::from(vec![t, "null"])
        } else {
            Value::from(t)
        },
    );
    if let Some(f) = format {
        m.entry("format").or_insert_with(|| Value::from(f));
    }
    Some(Value::Object(m))
}

/// Whether `inner(...)` says everything about items of type `ty` with schema `s`.
fn inner_suffices(cx: &Context, ty: &TypeRef, s: &Schema) -> bool {
    match ty {
        TypeRef::Boxed(inner) | TypeRef::Loose(inner) | TypeRef::Option(inner) => {
            inner_suffices(cx, inner, s)
        }
        TypeRef::External(_) | TypeRef::File => true,
        TypeRef::Named(id) => match &cx.types.def(*id).kind {
            TypeKind::Alias(t) => inner_suffices(cx, t, s),
            _ => true,
        },
        TypeRef::String => s.format.is_none(),
        // The type's own schema states the format.
        TypeRef::Format(_) => true,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 => {
            s.multiple_of.is_none()
                && !s.minimum.as_ref().is_some_and(|b| b.exclusive)
                && !s.maximum.as_ref().is_some_and(|b| b.exclusive)
                && s.format
                    .as_deref()
                    .is_none_or(|f| matches!(f, "int32" | "int64" | "double"))
        }
        TypeRef::Bool => true,
        TypeRef::Vec(inner) => {
            !s.unique_items
                && s.items
                    .is_none_or(|i| inner_suffices(cx, inner, cx.api.schemas.get(i)))
        }
        TypeRef::Map(_) => s.min_properties.is_none() && s.max_properties.is_none(),
        TypeRef::Json => local_keywords(s, false).is_empty() || has_subschemas(s),
    }
}

fn length(min: Option<u64>, max: Option<u64>) -> Option<TokenStream> {
    if min.is_none() && max.is_none() {
        return None;
    }
    let min = min.map(|n| {
        let n = Literal::u64_unsuffixed(n);
        quote! { min = #n }
    });
    let max = max.map(|n| {
        let n = Literal::u64_unsuffixed(n);
        quote! { max = #n }
    });
    let items = [min, max].into_iter().flatten();
    Some(quote! { length(#(#items),*) })
}

fn inclusive(bound: &Option<Bound>) -> Option<TokenStream> {
    bound
        .as_ref()
        .filter(|b| !b.exclusive)
        .map(|b| number(&b.value))
}

/// The JSON type schemars gives a primitive Rust type, for a nullable `type` array.
fn json_type_of(cx: &Context, t: &TypeRef) -> Option<&'static str> {
    match t {
        TypeRef::String | TypeRef::Format(_) => Some("string"),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => Some("integer"),
        TypeRef::F32 | TypeRef::F64 => Some("number"),
        TypeRef::Bool => Some("boolean"),
        TypeRef::Vec(_) => Some("array"),
        TypeRef::Map(_) => Some("object"),
        TypeRef::Boxed(inner) | TypeRef::Loose(inner) | TypeRef::Option(inner) => {
            json_type_of(cx, inner)
        }
        TypeRef::External(_) | TypeRef::File => None,
        TypeRef::Named(id) => match &cx.types.def(*id).kind {
            TypeKind::Alias(t) => json_type_of(cx, t),
            TypeKind::Struct(_) => Some("object"),
            TypeKind::StringEnum(_) => Some("string"),
            TypeKind::Union(_) => None,
        },
        TypeRef::Json => None,
    }
}

/// The values of a string enum type.
fn enum_values_of(cx: &Context, t: &TypeRef) -> Option<Vec<Value>> {
    match t {
        TypeRef::Boxed(inner) | TypeRef::Loose(inner) | TypeRef::Option(inner) => {
            enum_values_of(cx, inner)
        }
        TypeRef::Named(id) => match &cx.types.def(*id).kind {
            TypeKind::Alias(t) => enum_values_of(cx, t),
            TypeKind::StringEnum(variants) => Some(
                variants
                    .iter()
                    .map(|v| Value::from(v.wire.clone()))
                    .collect(),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// A type as the string literal `with = "..."` takes.
fn type_string(cx: &Context, t: &TypeRef) -> String {
    rust_type(cx, t).to_string().replace(' ', "")
}

/// A number as a typed literal (`1u64`, `-2i64`, `0.5f64`), so that no value overflows the
/// `i32` an unsuffixed literal would be.
fn number(n: &Number) -> TokenStream {
    if let Some(u) = n.as_u64() {
        let lit = Literal::u64_suffixed(u);
        quote! { #lit }
    } else if let Some(i) = n.as_i64() {
        if i == i64::MIN {
            quote! { i64::MIN }
        } else {
            let lit = Literal::i64_suffixed(-i);
            quote! { -#lit }
        }
    } else {
        let f = n.as_f64().unwrap_or_default();
        if f < 0.0 {
            let lit = Literal::f64_suffixed(-f);
            quote! { -#lit }
        } else {
            let lit = Literal::f64_suffixed(f);
            quote! { #lit }
        }
    }
}

/// A JSON value as the tokens `serde_json::json!` (and schemars' `extend`) take.
fn json(v: &Value) -> TokenStream {
    match v {
        Value::Null => quote! { null },
        Value::Bool(b) => quote! { #b },
        Value::Number(n) => number(n),
        Value::String(s) => quote! { #s },
        Value::Array(items) => {
            let items = items.iter().map(json);
            quote! { [#(#items),*] }
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json(v);
                quote! { #k: #v }
            });
            quote! { { #(#entries),* } }
        }
    }
}
