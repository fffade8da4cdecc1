//! Violations → the API's own error envelope, so that a server (or a test fake) built on
//! the bindings answers invalid requests in the API's format.
//!
//! The envelope is the error schema the operations document, or the one the settings
//! name; its fields are matched to roles by their wire names.

use super::{ident, Context};
use crate::ir::types::{Struct, TypeKind, TypeRef};
use crate::ir::StatusCode;
use proc_macro2::TokenStream;
use quote::quote;

/// What a violation fills in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Status,
    Code,
    Pointer,
    Message,
    Detail,
}

fn role(wire: &str) -> Option<Role> {
    Some(match wire {
        "status" | "status_code" | "statusCode" => Role::Status,
        "response_code" | "code" | "error_code" | "errorCode" => Role::Code,
        "property" | "pointer" | "field" | "path" => Role::Pointer,
        "response_message" | "message" | "error" | "title" => Role::Message,
        "description" | "detail" | "details" => Role::Detail,
        _ => return None,
    })
}

/// `impl From<&Violation> for <Envelope>` (the runtime's `Violation`) when the definition has a usable envelope.
pub fn items(cx: &Context) -> TokenStream {
    let Some((def, st)) = find(cx) else { return TokenStream::new() };
    let name = ident(&def);
    let fields = st.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let string = |value: TokenStream| -> TokenStream {
            match &f.ty {
                TypeRef::Option(_) => quote! { ::core::option::Option::Some(#value) },
                _ => value,
            }
        };
        let value = match role(&f.wire) {
            Some(Role::Status) => string(quote! { "400".to_owned() }),
            Some(Role::Code) => string(quote! { v.keyword.to_owned() }),
            Some(Role::Pointer) => string(quote! { v.pointer.clone() }),
            Some(Role::Message) => string(quote! { "request does not match the definition".to_owned() }),
            Some(Role::Detail) => string(quote! { v.message.clone() }),
            None => quote! { ::core::option::Option::None },
        };
        quote! { #fname: #value, }
    });
    let extra = match &st.extra {
        crate::ir::types::Extra::Keep { field, .. } => {
            let f = ident(field);
            quote! { #f: ::core::default::Default::default(), }
        }
        crate::ir::types::Extra::Deny => TokenStream::new(),
    };
    let rt = cx.rt();
    // `Vec<#name>` from `&Violations` comes with the runtime, for every envelope type.
    quote! {
        /// One envelope per violation: `property` is its JSON pointer, the code its
        /// keyword, the description its message, with status 400.
        impl ::core::convert::From<&#rt::Violation> for #name {
            fn from(v: &#rt::Violation) -> Self {
                Self { #(#fields)* #extra }
            }
        }
    }
}

/// The envelope type: the settings' choice, else the first error body of an operation
/// whose string fields cover a pointer and a message and every required field.
fn find<'a>(cx: &'a Context) -> Option<(String, &'a Struct)> {
    let named = |schema| {
        let id = cx.types.named(schema)?;
        let def = cx.types.def(id);
        match &def.kind {
            TypeKind::Struct(st) => Some((def.name.clone(), st)),
            _ => None,
        }
    };
    if let Some(wanted) = &cx.settings.error_envelope {
        let def = cx.api.definitions.iter().find(|d| &d.name == wanted)?;
        return named(def.schema).filter(|(_, st)| usable(st));
    }
    cx.api
        .operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| !matches!(r.status, StatusCode::Exact(100..=399) | StatusCode::Range(1..=3)))
        .filter_map(|r| r.body.as_ref()?.schema)
        .filter_map(named)
        .find(|(_, st)| usable(st))
}

fn usable(st: &Struct) -> bool {
    let is_string = |t: &TypeRef| match t {
        TypeRef::String => true,
        TypeRef::Option(inner) => **inner == TypeRef::String,
        _ => false,
    };
    let has = |r: Role| st.fields.iter().any(|f| role(&f.wire) == Some(r));
    has(Role::Pointer)
        && has(Role::Message)
        && st.fields.iter().all(|f| match role(&f.wire) {
            Some(_) => is_string(&f.ty),
            None => !f.required,
        })
}
