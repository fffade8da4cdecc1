//! The token operation's request body as the runtime's `TokenRequest` and `TokenMetadata`,
//! which `#[scopes]` enums and the `TokenProvider` build on (which operation that is, the
//! model decides: [`crate::model::token`]).

use super::{ident, Context};
use crate::model::types::{Extra, TypeId, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `TokenRequest` for the token request body, `TokenMetadata` for its metadata type, and
/// `MetadataField` for the types of the metadata's fields, when the API has a token
/// operation.
pub fn items(cx: &Context) -> TokenStream {
    let Some(endpoint) = &cx.model.token else {
        return TokenStream::new();
    };
    let st = endpoint.request_struct(cx.types);
    let (scope, metadata) = (&st.fields[endpoint.scope], &st.fields[endpoint.metadata]);
    let rt = cx.rt();
    let request = ident(&cx.types.def(endpoint.request).name);
    let meta = ident(&cx.types.def(endpoint.metadata_type).name);
    let scope_field = ident(&scope.rust);
    let meta_field = ident(&metadata.rust);
    let meta_wire = &metadata.wire;
    // A metadata schema without `type` is a `Loose` member: the struct goes in as its object.
    let wrap =
        matches!(&metadata.ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Loose(_)))
            .then(|| quote! { .map(::core::convert::Into::into) });
    let others = st
        .fields
        .iter()
        .filter(|f| f.rust != scope.rust && f.rust != metadata.rust)
        .map(|f| {
            let name = ident(&f.rust);
            quote! { #name: ::core::default::Default::default(), }
        });
    let extra = match &st.extra {
        Extra::Keep { field, .. } => {
            let f = ident(field);
            quote! { #f: ::core::default::Default::default(), }
        }
        Extra::Deny => TokenStream::new(),
    };
    // The metadata's field types that are generated types: `#[scopes]` asks each field
    // whether it is present.
    let mut present: Vec<TypeId> = Vec::new();
    if let TypeKind::Struct(st) = &cx.types.def(endpoint.metadata_type).kind {
        for f in &st.fields {
            let mut t = &f.ty;
            while let TypeRef::Option(inner) | TypeRef::Boxed(inner) = t {
                t = inner;
            }
            if let TypeRef::Named(id) = t {
                if !matches!(cx.types.def(*id).kind, TypeKind::Alias(_)) && !present.contains(id) {
                    present.push(*id);
                }
            }
        }
    }
    let present = present.into_iter().map(|id| {
        let name = ident(&cx.types.def(id).name);
        quote! {
            impl #rt::MetadataField for #name {
                fn is_present(&self) -> bool {
                    true
                }
            }
        }
    });
    quote! {
        impl #rt::TokenRequest for #request {
            type Metadata = #meta;
            const METADATA_PROPERTY: &'static str = #meta_wire;
            fn with_scope(joined_scope: ::std::string::String, metadata_value: ::core::option::Option<#meta>) -> Self {
                Self { #scope_field: joined_scope, #meta_field: metadata_value #wrap, #(#others)* #extra }
            }
            fn scope(&self) -> &str {
                &self.#scope_field
            }
        }

        impl #rt::TokenMetadata for #meta {
            type Request = #request;
        }

        #(#present)*
    }
}
