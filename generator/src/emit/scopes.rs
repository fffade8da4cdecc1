//! The token operation: which operation issues access tokens ([`Config::token_operation`],
//! or, by default, a guess that a warning reports), and its request body's implementations
//! of the runtime's `TokenRequest` and `TokenMetadata`, which `#[scopes]` enums and the
//! `TokenProvider` build on.
//!
//! [`Config::token_operation`]: crate::Config::token_operation

use super::{ident, Context};
use crate::config::TokenOperation;
use crate::error::Diagnostic;
use crate::ir::types::{Extra, Field, Struct, TypeDef, TypeId, TypeKind, TypeRef};
use crate::ir::Operation;
use proc_macro2::TokenStream;
use quote::quote;

/// The token request of the API: the operation, its body type, the body's `scope` field and
/// its metadata field.
pub(super) struct TokenRequest<'a> {
    pub(super) op: &'a Operation,
    pub(super) def: &'a TypeDef,
    pub(super) st: &'a Struct,
    pub(super) scope: &'a Field,
    pub(super) metadata: &'a Field,
    pub(super) metadata_type: TypeId,
}

/// Whether `op` is the operation `name` (its `operationId`, or `METHOD /path`).
fn is_named(op: &Operation, name: &str) -> bool {
    op.operation_id.as_deref() == Some(name) || format!("{} {}", op.method.as_str(), op.path).eq_ignore_ascii_case(name)
}

/// The token request of `op`, or why its body is not one. `guess` takes the metadata field
/// only by its name (`*metadata*`); named explicitly, the one optional object is enough.
fn request_of<'a>(cx: &'a Context, op: &'a Operation, guess: bool) -> Result<TokenRequest<'a>, &'static str> {
    let schema = op.body.as_ref().filter(|b| b.is_typed()).and_then(|b| b.schema).ok_or("it has no JSON request body")?;
    let def = cx.types.def(cx.types.named(schema).ok_or("its request body is not a named object")?);
    let TypeKind::Struct(st) = &def.kind else { return Err("its request body is not an object") };
    let scope = st.fields.iter().find(|f| f.wire == "scope" && f.ty == TypeRef::String).ok_or("its request body has no `scope` string")?;
    let object = |f: &&Field| match &f.ty {
        TypeRef::Option(inner) => match **inner {
            TypeRef::Named(id) => matches!(cx.types.def(id).kind, TypeKind::Struct(_)),
            _ => false,
        },
        _ => false,
    };
    let named: Vec<&Field> = st.fields.iter().filter(object).filter(|f| f.wire.contains("metadata")).collect();
    let metadata = match named.as_slice() {
        [one] => *one,
        _ if guess => return Err("its request body has no optional `*metadata*` object"),
        _ => {
            let objects: Vec<&Field> = st.fields.iter().filter(object).collect();
            match objects.as_slice() {
                [one] => *one,
                _ => return Err("its request body has no single optional metadata object"),
            }
        }
    };
    let TypeRef::Option(inner) = &metadata.ty else { return Err("its metadata is required") };
    let TypeRef::Named(metadata_type) = **inner else { return Err("its metadata is not a named object") };
    // Every other required field must have one possible value (`grant_type`).
    if !st.fields.iter().filter(|f| f.required && f.wire != "scope").all(|f| single_variant(cx, &f.ty)) {
        return Err("its request body has a required property other than `scope` with more than one possible value");
    }
    Ok(TokenRequest { op, def, st, scope, metadata, metadata_type })
}

fn single_variant(cx: &Context, t: &TypeRef) -> bool {
    match t {
        TypeRef::Named(id) => matches!(&cx.types.def(*id).kind, TypeKind::StringEnum(v) if v.len() == 1),
        _ => false,
    }
}

/// The token request of the API, as the settings say (or as guessed).
pub(super) fn find<'a>(cx: &'a Context) -> Option<TokenRequest<'a>> {
    match &cx.settings.token_operation {
        TokenOperation::Off => None,
        TokenOperation::Named(name) => cx.api.operations.iter().find(|op| is_named(op, name)).and_then(|op| request_of(cx, op, false).ok()),
        TokenOperation::Guess => cx.api.operations.iter().find_map(|op| request_of(cx, op, true).ok()),
    }
}

/// What to tell the user about the token operation: which one was guessed (and how to say
/// so), or why the one they named cannot be used.
pub fn diagnostics(cx: &Context) -> Vec<Diagnostic> {
    let file = &cx.api.source;
    let route = |op: &Operation| format!("{} {}", op.method.as_str(), op.path);
    let id = |op: &Operation| op.operation_id.clone().unwrap_or_else(|| route(op));
    match &cx.settings.token_operation {
        TokenOperation::Off => Vec::new(),
        TokenOperation::Guess => match find(cx) {
            Some(request) => {
                let op = request.op;
                vec![Diagnostic::new(
                    file,
                    &op.pointer,
                    format!(
                        "guessed that operation `{}` ({}) issues access tokens, as its body has `scope` and `{}`: say so with `Config::token_operation({:?})` (`--token-operation {:?}`), or `Config::no_token_operation()` (`--no-token-operation`)",
                        id(op),
                        route(op),
                        request.metadata.wire,
                        id(op),
                        id(op)
                    ),
                )]
            }
            None => Vec::new(),
        },
        TokenOperation::Named(name) => match cx.api.operations.iter().find(|op| is_named(op, name)) {
            None => vec![Diagnostic::new(file, "", format!("token operation `{name}`: no operation has this `operationId` or `METHOD /path`"))],
            Some(op) => match request_of(cx, op, false) {
                Err(why) => vec![Diagnostic::new(file, &op.pointer, format!("token operation `{name}` cannot issue tokens: {why}"))],
                Ok(_) => match super::token::call_shape(cx, op) {
                    Err(why) => vec![Diagnostic::new(
                        file,
                        &op.pointer,
                        format!("token operation `{name}`: a token provider cannot call it, as {why}"),
                    )],
                    Ok(_) => Vec::new(),
                },
            },
        },
    }
}

/// `TokenRequest` for the token request body, `TokenMetadata` for its metadata type, and
/// `MetadataField` for the types of the metadata's fields, when the API has a token
/// operation.
pub fn items(cx: &Context) -> TokenStream {
    let Some(req) = find(cx) else { return TokenStream::new() };
    let rt = cx.rt();
    let request = ident(&req.def.name);
    let meta = ident(&cx.types.def(req.metadata_type).name);
    let scope_field = ident(&req.scope.rust);
    let meta_field = ident(&req.metadata.rust);
    let meta_wire = &req.metadata.wire;
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
    // The metadata's field types that are generated types: `#[scopes]` asks each field
    // whether it is present.
    let mut present: Vec<TypeId> = Vec::new();
    if let TypeKind::Struct(st) = &cx.types.def(req.metadata_type).kind {
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
                Self { #scope_field: joined_scope, #meta_field: metadata_value, #(#others)* #extra }
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
