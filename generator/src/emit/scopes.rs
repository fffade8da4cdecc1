//! The seam between the bindings and `#[oasbind_derive::scopes]` enums.
//!
//! For an OAuth token request (a request body with a string `scope` property and a
//! metadata object), the bindings carry the traits the macro implements and a
//! `for_scopes` constructor that joins scope tokens, checks each scope's required
//! metadata and runs the schema validators before anything is sent. Living in the
//! generated code, the seam needs no runtime crate.

use super::{ident, Context};
use crate::ir::types::{Extra, Field, Struct, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The token request shape: the body type, its `scope` field and its metadata field.
pub(super) struct TokenRequest<'a> {
    pub(super) def: &'a TypeDef,
    pub(super) st: &'a Struct,
    pub(super) scope: &'a Field,
    pub(super) metadata: &'a Field,
    pub(super) metadata_type: TokenStream,
}

/// The token request of the API, if it has one (`token.rs` emits its provider).
pub(super) fn find<'a>(cx: &'a Context) -> Option<TokenRequest<'a>> {
    cx.api.operations.iter().filter_map(|op| op.body.as_ref()?.schema).find_map(|schema| {
        let def = cx.types.def(cx.types.named(schema)?);
        let TypeKind::Struct(st) = &def.kind else { return None };
        let scope = st.fields.iter().find(|f| f.wire == "scope" && f.ty == TypeRef::String)?;
        let metadata = st.fields.iter().find(|f| {
            f.wire.contains("metadata") && matches!(&f.ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Named(_)))
        })?;
        let TypeRef::Option(inner) = &metadata.ty else { return None };
        let TypeRef::Named(meta_id) = **inner else { return None };
        if !matches!(cx.types.def(meta_id).kind, TypeKind::Struct(_)) {
            return None;
        }
        // Every other required field must have one possible value (`grant_type`).
        let fillable = st.fields.iter().filter(|f| f.required && f.wire != "scope").all(|f| single_variant(cx, &f.ty));
        fillable.then(|| TokenRequest {
            def,
            st,
            scope,
            metadata,
            metadata_type: super::types::rust_type(cx, inner),
        })
    })
}

fn single_variant(cx: &Context, t: &TypeRef) -> bool {
    match t {
        TypeRef::Named(id) => matches!(&cx.types.def(*id).kind, TypeKind::StringEnum(v) if v.len() == 1),
        _ => false,
    }
}

/// The traits, error types and `for_scopes` constructor, when the API has a token request.
pub fn items(cx: &Context) -> TokenStream {
    let Some(req) = find(cx) else { return TokenStream::new() };
    let request = ident(&req.def.name);
    let meta_ty = &req.metadata_type;
    let scope_field = ident(&req.scope.rust);
    let meta_field = ident(&req.metadata.rust);
    let meta_wire = &req.metadata.wire;
    // The wire name goes into the format string itself, its braces escaped.
    let message = format!("scope {{:?}} requires {}.{{}}", meta_wire.replace('{', "{{").replace('}', "}}"));
    let others = req.st.fields.iter().filter(|f| f.rust != req.scope.rust && f.rust != req.metadata.rust).map(|f| {
        let name = ident(&f.rust);
        quote! { #name: ::core::default::Default::default(), }
    });
    let extra = match &req.st.extra {
        Extra::Keep { field, .. } => {
            let f = ident(field);
            quote! { #f: ::core::default::Default::default(), }
        }
        Extra::Deny => TokenStream::new(),
    };
    let present_impls = cx.types.defs.iter().filter(|d| !matches!(d.kind, TypeKind::Alias(_))).map(|d| {
        let name = ident(&d.name);
        quote! { impl MetadataField for #name { fn is_present(&self) -> bool { true } } }
    });
    let for_scopes_doc = super::docs::text(&format!(
        " A request for `scopes`, joined with single spaces, carrying `metadata` in `{meta_wire}`.\n\n Before anything is sent it checks that the metadata has every field each scope requires\n (the union of their requirements) and that the request matches the definition\n (for example, the joined scope must still fit `maxLength`)."
    ));
    quote! {
        /// An OAuth 2.0 scope of this API. Implemented by enums annotated with
        /// `#[oasbind_derive::scopes(metadata = ...)]`, which declare each scope's wire
        /// token and the metadata fields it requires.
        pub trait OAuthScope: ::core::marker::Copy + 'static {
            /// The metadata type whose fields scopes require.
            type Metadata;
            /// Every scope, in declaration order.
            const ALL: &'static [Self];
            /// The scope token on the wire.
            fn as_str(&self) -> &'static str;
            /// Wire names of the metadata fields this scope requires.
            fn required_metadata(&self) -> &'static [&'static str];
            /// The required fields `metadata` lacks (unset or empty), by wire name.
            fn missing_metadata(&self, metadata: ::core::option::Option<&Self::Metadata>) -> ::std::vec::Vec<&'static str>;
        }

        /// Whether a metadata field counts as present: set, and not empty.
        pub trait MetadataField {
            /// `false` for `None`, `""`, empty lists and maps, and JSON `null`.
            fn is_present(&self) -> bool;
        }

        impl MetadataField for ::std::string::String {
            fn is_present(&self) -> bool { !self.is_empty() }
        }
        impl<T: MetadataField> MetadataField for ::core::option::Option<T> {
            fn is_present(&self) -> bool { self.as_ref().is_some_and(MetadataField::is_present) }
        }
        impl<T: MetadataField + ?Sized> MetadataField for ::std::boxed::Box<T> {
            fn is_present(&self) -> bool { (**self).is_present() }
        }
        impl<T> MetadataField for ::std::vec::Vec<T> {
            fn is_present(&self) -> bool { !self.is_empty() }
        }
        impl<K, V> MetadataField for ::std::collections::BTreeMap<K, V> {
            fn is_present(&self) -> bool { !self.is_empty() }
        }
        impl MetadataField for ::serde_json::Map<::std::string::String, ::serde_json::Value> {
            fn is_present(&self) -> bool { !self.is_empty() }
        }
        impl MetadataField for ::serde_json::Value {
            fn is_present(&self) -> bool {
                match self {
                    ::serde_json::Value::Null => false,
                    ::serde_json::Value::String(s) => !s.is_empty(),
                    ::serde_json::Value::Array(a) => !a.is_empty(),
                    ::serde_json::Value::Object(o) => !o.is_empty(),
                    _ => true,
                }
            }
        }
        impl MetadataField for bool { fn is_present(&self) -> bool { true } }
        impl MetadataField for i32 { fn is_present(&self) -> bool { true } }
        impl MetadataField for i64 { fn is_present(&self) -> bool { true } }
        impl MetadataField for f64 { fn is_present(&self) -> bool { true } }
        #(#present_impls)*

        /// Scopes whose required metadata is missing: each `(scope, field)` pair, by wire name.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct MissingMetadata {
            /// `(scope token, metadata field)` for every missing requirement.
            pub missing: ::std::vec::Vec<(&'static str, &'static str)>,
        }

        impl ::core::fmt::Display for MissingMetadata {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("missing metadata: ")?;
                for (i, (scope, field)) in self.missing.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, #message, scope, field)?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for MissingMetadata {}

        /// A scope token that no variant of the scope enum declares.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct UnknownScope {
            /// The token as given.
            pub token: ::std::string::String,
        }

        impl ::core::fmt::Display for UnknownScope {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "unknown scope {:?}", self.token)
            }
        }

        impl ::std::error::Error for UnknownScope {}

        /// Checks `metadata` against the union of the requirements of `scopes`.
        pub fn check_scopes<S: OAuthScope>(scopes: &[S], metadata: ::core::option::Option<&S::Metadata>) -> ::core::result::Result<(), MissingMetadata> {
            let mut missing = ::std::vec::Vec::new();
            for scope in scopes {
                for field in scope.missing_metadata(metadata) {
                    if !missing.iter().any(|(_, f)| *f == field) {
                        missing.push((scope.as_str(), field));
                    }
                }
            }
            if missing.is_empty() { Ok(()) } else { Err(MissingMetadata { missing }) }
        }

        /// Why a token request could not be built.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum ScopeRequestError {
            /// A scope's required metadata is missing.
            MissingMetadata(MissingMetadata),
            /// The request breaks the definition.
            Invalid(Violations),
        }

        impl ::core::fmt::Display for ScopeRequestError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    ScopeRequestError::MissingMetadata(m) => m.fmt(f),
                    ScopeRequestError::Invalid(v) => v.fmt(f),
                }
            }
        }

        impl ::std::error::Error for ScopeRequestError {}

        impl #request {
            #for_scopes_doc
            pub fn for_scopes<S: OAuthScope<Metadata = #meta_ty>>(
                scopes: &[S],
                metadata: ::core::option::Option<#meta_ty>,
            ) -> ::core::result::Result<Self, ScopeRequestError> {
                check_scopes(scopes, metadata.as_ref()).map_err(ScopeRequestError::MissingMetadata)?;
                let request = #request {
                    #scope_field: scopes.iter().map(OAuthScope::as_str).collect::<::std::vec::Vec<_>>().join(" "),
                    #meta_field: metadata,
                    #(#others)*
                    #extra
                };
                Validate::validate(&request).map_err(ScopeRequestError::Invalid)?;
                Ok(request)
            }
        }
    }
}
