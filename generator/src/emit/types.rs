//! Rust types: a struct per object schema, an enum per string enum, an alias otherwise.

use super::{construction, debug, docs, ident, rust_type, Context, Shown};
use crate::model::types::{Extra, Field, Struct, TypeDef, TypeKind, TypeRef, Union, Variant};
use proc_macro2::TokenStream;
use quote::quote;

/// The item(s) for one generated type.
pub fn item(cx: &Context, def: &TypeDef) -> TokenStream {
    let doc = docs::attrs(
        &def.docs,
        &format!("Generated from `{}`.", cx.origin(def.schema)),
    );
    let schema_attrs = super::schemars::container(cx, def);
    let user = attributes(&def.attributes);
    let derives = extra_derives(cx, def);
    let doc = quote! { #doc #schema_attrs #derives };
    // A user's attributes follow the type's own derive: a serde attribute is that derive's
    // helper, which may not come before it.
    let doc = Attrs { doc, user };
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(st) => structure(cx, def, st, doc),
        TypeKind::StringEnum(variants) if cx.model.is_open_enum(cx.api.schemas.get(def.schema)) => {
            open_enum(&name, variants, doc)
        }
        TypeKind::StringEnum(variants) => string_enum(&name, variants, doc),
        TypeKind::Union(union) => union_enum(cx, &name, union, doc),
        TypeKind::Alias(t) => {
            let t = rust_type(cx, t);
            let Attrs { doc, .. } = doc;
            quote! { #doc pub type #name = #t; }
        }
    }
}

/// A type's outer attributes: its docs, schemars' and the settings' derives (`doc`), then
/// the settings' attributes (`user`), which go after the type's own derive.
struct Attrs {
    doc: TokenStream,
    user: TokenStream,
}

/// An enum over the alternatives of a `oneOf`/`anyOf`. Serialized as the alternative
/// itself; read by its discriminator when there is one, else as the first alternative
/// that accepts the value (the validator has already checked which ones match).
fn union_enum(cx: &Context, name: &proc_macro2::Ident, union: &Union, doc: Attrs) -> TokenStream {
    let Attrs { doc, user } = doc;
    let variants = union.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = rust_type(cx, &v.ty);
        let vdoc = match v.tags.first() {
            Some(tag) => format!(" Tagged `{}`.", tag.escape_debug()),
            None => format!(" The `{}` alternative.", v.name),
        };
        quote! { #[doc = #vdoc] #vname(#ty), }
    });
    // Dispatch on the discriminator only when every alternative has a tag.
    let tagged = union
        .discriminator
        .as_ref()
        .filter(|_| union.variants.iter().all(|v| !v.tags.is_empty()));
    // serde's derive when a user's serde attribute is on the enum; else the runtime's
    // `__untagged!` (the attribute stays for schemars, which reads it).
    let derived = union.serde_derived;
    let untagged = serde_attr(cx, derived, quote! { untagged });
    let serialize = if derived {
        TokenStream::new()
    } else {
        let rt = cx.rt();
        let alternatives = union.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let ty = rust_type(cx, &v.ty);
            quote! { #vname(#ty) }
        });
        quote! { #rt::__untagged!(#name #(, #alternatives)*); }
    };
    let Some(property) = tagged else {
        let derives = if derived {
            quote! { #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)] }
        } else {
            quote! { #[derive(Clone, Debug, PartialEq)] }
        };
        return quote! {
            #doc
            #derives
            #user
            #untagged
            #[allow(clippy::large_enum_variant)]
            pub enum #name { #(#variants)* }

            #serialize
        };
    };
    // A tag selects the first variant it names: a definition that lists an alternative
    // twice (both mapped from the same tags) must not make an unreachable arm.
    let mut seen: Vec<&String> = Vec::new();
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .filter_map(|v| {
            let tags: Vec<&String> = v.tags.iter().filter(|t| !seen.contains(t)).collect();
            seen.extend(&tags);
            if tags.is_empty() {
                return None;
            }
            let vname = ident(&v.name);
            Some(quote! {
                ::core::option::Option::Some(#(#tags)|*) => ::serde_json::from_value(value).map(Self::#vname).map_err(::serde::de::Error::custom),
            })
        })
        .collect();
    let missing = format!("missing or unknown discriminator {property:?}");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #user
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#variants)* }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.get(#property).and_then(::serde_json::Value::as_str) {
                    #(#arms)*
                    _ => ::core::result::Result::Err(::serde::de::Error::custom(#missing)),
                }
            }
        }
    }
}

fn structure(cx: &Context, def: &TypeDef, st: &Struct, doc: Attrs) -> TokenStream {
    let Attrs { doc, user } = doc;
    let name = ident(&def.name);
    // serde's traits and `Debug` come from the runtime's `__struct!`, unless the model
    // chose the derive (for a user's serde attributes); the serde attributes are then for
    // schemars alone, which reads them.
    let derived = st.serde_derived;
    let fields = st.fields.iter().map(|f| field(cx, f, derived));
    let deny = match &st.extra {
        Extra::Deny => serde_attr(cx, derived, quote! { deny_unknown_fields }),
        Extra::Keep { .. } => TokenStream::new(),
    };
    let extra_field = match &st.extra {
        Extra::Deny => TokenStream::new(),
        Extra::Keep { field, value } => {
            let fname = ident(field);
            let t = rust_type(cx, &TypeRef::Map(Box::new(value.clone())));
            let flatten = serde_attr(cx, derived, quote! { flatten });
            quote! {
                /// Properties the definition does not declare; kept so they survive a round trip.
                #flatten
                pub #fname: #t,
            }
        }
    };
    let complex = st
        .fields
        .iter()
        .any(|f| depth(&f.ty) > 3)
        .then(|| quote! { #[allow(clippy::type_complexity)] });
    // `Debug` never shows a secret: `__struct!`'s redacts secret fields and the undeclared
    // properties whose names are secrets'; a derived struct with secret fields has its own.
    let (debug_derive, serde_derives, impls) = if derived {
        let shown: Vec<Shown> = st
            .fields
            .iter()
            .map(|f| Shown {
                field: ident(&f.rust),
                secret: cx.is_secret(f),
            })
            .collect();
        let (debug_derive, debug_impl) = debug(&name, &shown);
        let serde_derives = quote! { ::serde::Serialize, ::serde::Deserialize, };
        (debug_derive, serde_derives, debug_impl)
    } else {
        let none = TokenStream::new;
        (none(), none(), struct_macro(cx, def, st))
    };
    let idents: Vec<(proc_macro2::Ident, &TypeRef)> =
        st.fields.iter().map(|f| (ident(&f.rust), &f.ty)).collect();
    let rest = match &st.extra {
        Extra::Keep { field, .. } => Some(ident(field)),
        Extra::Deny => None,
    };
    let (default, constructor) = construction(cx, &name, &idents, rest.as_ref());
    quote! {
        #doc
        #[derive(Clone, #debug_derive #default PartialEq, #serde_derives)]
        #user
        #deny
        #complex
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        #constructor
        #impls
    }
}

/// `Serialize`, `Deserialize` and `Debug` of a struct: one invocation of the runtime's
/// `__struct!` macro, a line per field. Large definitions have thousands of structs; the
/// derives' bodies (and, with `#[serde(flatten)]`, a buffer of the whole object) cost the
/// compiler and the reader several times what the macro's do, and written out, each impl
/// grew GitHub's bindings by a third.
fn struct_macro(cx: &Context, def: &TypeDef, st: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let extra = match &st.extra {
        Extra::Keep { field, .. } => {
            let field = ident(field);
            quote! { keep #field }
        }
        Extra::Deny => quote! { deny },
    };
    let fields = st.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let read = if f.absent_or_null {
            quote! { read_present }
        } else {
            quote! { read_field }
        };
        // As the derive: an absent `Option` is `None`, anything else is missing; an
        // optional property is not written when `None`, a required one always.
        let build = match (&f.ty, skips_none(f)) {
            (_, true) => quote! { optional_field },
            (TypeRef::Option(_), false) => quote! { nullable_field },
            _ => quote! { required_field },
        };
        let secret = cx.is_secret(f).then(|| quote! { , secret });
        quote! { #field(#wire, #read, #build #secret) }
    });
    let rt = cx.rt();
    quote! { #rt::__struct!(#name, #extra #(, #fields)*); }
}

/// Whether a field is left out when `None`: an optional property (the `None` of one that
/// may be `null` is its absence).
fn skips_none(f: &Field) -> bool {
    f.absent_or_null || matches!(f.ty, TypeRef::Option(_)) && !f.required
}

/// A serde attribute: as it is where serde's traits are derived, else only for schemars's
/// derive (when the bindings have it), which reads serde's attributes.
fn serde_attr(cx: &Context, derived: bool, items: TokenStream) -> TokenStream {
    if derived {
        quote! { #[serde(#items)] }
    } else if cx.settings.schemars {
        quote! { #[cfg_attr(feature = "schemars", serde(#items))] }
    } else {
        TokenStream::new()
    }
}

fn field(cx: &Context, f: &Field, derived: bool) -> TokenStream {
    let doc = docs::attrs(&f.docs, &format!("The `{}` property.", f.wire));
    let name = ident(&f.rust);
    let ty = rust_type(cx, &f.ty);
    let schema_attrs = super::schemars::field(cx, f);
    let rename = if crate::naming::unraw(&f.rust) != f.wire {
        let wire = &f.wire;
        serde_attr(cx, derived, quote! { rename = #wire })
    } else {
        TokenStream::new()
    };
    let optional = if f.absent_or_null && derived {
        quote! { #[serde(default, skip_serializing_if = "::core::option::Option::is_none", deserialize_with = "check::deserialize_present")] }
    } else if skips_none(f) {
        serde_attr(
            cx,
            derived,
            quote! { default, skip_serializing_if = "::core::option::Option::is_none" },
        )
    } else {
        TokenStream::new()
    };
    let user = attributes(&f.attributes);
    quote! {
        #doc
        #rename
        #optional
        #schema_attrs
        #user
        pub #name: #ty,
    }
}

/// `#[derive(..)]` of the traits the settings add ([`crate::Config::derive`]) that the
/// type does not have already (derived, or implemented by hand).
fn extra_derives(cx: &Context, def: &TypeDef) -> TokenStream {
    const ALWAYS: [&str; 5] = ["Clone", "Debug", "PartialEq", "Serialize", "Deserialize"];
    let own: Vec<&str> = match &def.kind {
        TypeKind::Alias(_) => return TokenStream::new(),
        TypeKind::Struct(st) if st.fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_))) => {
            [&ALWAYS[..], &["Default"]].concat()
        }
        TypeKind::StringEnum(variants) => {
            let open = cx.model.is_open_enum(cx.api.schemas.get(def.schema));
            let mut own = [&ALWAYS[..], &["Eq", "Hash", "PartialOrd", "Ord"]].concat();
            if !open {
                own.push("Copy");
                if variants.len() == 1 {
                    own.push("Default");
                }
            }
            own
        }
        TypeKind::Struct(_) | TypeKind::Union(_) => ALWAYS.to_vec(),
    };
    let name = |path: &str| path.rsplit("::").next().unwrap_or(path).to_owned();
    let extra: Vec<TokenStream> = def
        .derives
        .iter()
        .filter(|t| !own.contains(&name(t).as_str()))
        .filter_map(|t| t.parse().ok())
        .collect();
    if extra.is_empty() {
        return TokenStream::new();
    }
    quote! { #[derive(#(#extra),*)] }
}

/// The settings' attributes (checked to be attributes by [`crate::generate`]).
fn attributes(attributes: &[String]) -> TokenStream {
    attributes
        .iter()
        .filter_map(|a| a.parse::<TokenStream>().ok())
        .collect()
}

fn string_enum(name: &proc_macro2::Ident, variants: &[Variant], doc: Attrs) -> TokenStream {
    let Attrs { doc, user } = doc;
    let default = if variants.len() == 1 {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let decls = variants.iter().enumerate().map(|(i, v)| {
        let vname = ident(&v.rust);
        let vdoc = format!(" `{}`", v.wire.escape_debug());
        let default_attr = if variants.len() == 1 && i == 0 {
            quote! { #[default] }
        } else {
            TokenStream::new()
        };
        quote! {
            #[doc = #vdoc]
            #default_attr
            #vname,
        }
    });
    let arms = to_wire_arms(variants);
    let label = crate::naming::unraw(&name.to_string()).to_owned();
    let wires = variants.iter().map(|v| &v.wire);
    let all = variants.iter().map(|v| {
        let vname = ident(&v.rust);
        quote! { Self::#vname }
    });
    // serde's derive writes a field visitor and an enum visitor per enum; these impls do
    // what it does (`serialize_unit_variant`, `deserialize_enum` with the same errors)
    // through the runtime's `unit_variant`, which is compiled once per deserializer.
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, #default PartialEq, Hash, PartialOrd, Ord)]
        #user
        pub enum #name {
            #(#decls)*
        }

        // `Eq` by hand: the derive adds a body that asserts each field is `Eq`, which the
        // compiler checks and keeps for every enum.
        impl ::core::cmp::Eq for #name {}

        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_unit_variant(#label, *self as u32, self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                check::unit_variant(deserializer, #label, &[#(#wires),*], &[#(#all),*])
            }
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// `Enum::Variant => "wire",` for each variant: the arms of `as_str`.
fn to_wire_arms(variants: &[Variant]) -> Vec<TokenStream> {
    variants
        .iter()
        .map(|v| {
            let vname = ident(&v.rust);
            let wire = &v.wire;
            quote! { Self::#vname => #wire, }
        })
        .collect()
}

/// A forward-compatible string enum (`Config::open_enums`): the listed values as unit
/// variants and `Unknown(String)` for any other string, which round-trips as written.
/// serde's `#[serde(other)]` keeps no value, hence the hand-written serde impls.
fn open_enum(name: &proc_macro2::Ident, variants: &[Variant], doc: Attrs) -> TokenStream {
    let Attrs { doc, user } = doc;
    let decls = variants.iter().map(|v| {
        let vname = ident(&v.rust);
        let vdoc = format!(" `{}`", v.wire.escape_debug());
        quote! { #[doc = #vdoc] #vname, }
    });
    let mut names = crate::naming::Scope::with_reserved(&[]);
    for v in variants {
        names.claim(&v.rust);
    }
    let unknown = ident(&names.claim("Unknown"));
    let to_wire = to_wire_arms(variants);
    let from_wire = variants.iter().map(|v| {
        let vname = ident(&v.rust);
        let wire = &v.wire;
        quote! { #wire => Self::#vname, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Hash, PartialOrd, Ord)]
        #user
        pub enum #name {
            #(#decls)*
            /// A value the definition does not list (a newer server may send one).
            #unknown(::std::string::String),
        }

        // `Eq` by hand: the derive adds a body that asserts each field is `Eq`, which the
        // compiler checks and keeps for every enum.
        impl ::core::cmp::Eq for #name {}

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#unknown(other) => other,
                }
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(wire: &str) -> Self {
                match wire {
                    #(#from_wire)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                check::deserialize_wire(deserializer)
            }
        }
    }
}

/// How deeply generic types nest (`Option<Vec<Vec<T>>>` is 3).
fn depth(t: &TypeRef) -> usize {
    match t {
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Boxed(i) => 1 + depth(i),
        _ => 0,
    }
}
