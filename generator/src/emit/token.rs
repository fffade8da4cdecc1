//! The token operation as the runtime's `TokenProvider` calls it: an implementation of
//! `TokenCall` on the token request body, for every client of the API's `Client` trait (the
//! `http` one or an in-memory fake).
//!
//! Emitted when the API has a token operation and a client trait, and the operation can be
//! called with nothing but the request (the model decides both: [`crate::model::token`]).

use super::client::OpPlan;
use super::{ident, Context};
use crate::ir::Operation;
use crate::model::token::Integer;
use crate::model::types::TypeKind;
use crate::naming;
use proc_macro2::{Group, TokenStream, TokenTree};
use quote::quote;

/// Rust field names of an operation's parameters struct, in parameter order (the naming
/// `client::operation_items` uses).
pub fn param_fields(op: &Operation) -> Vec<proc_macro2::Ident> {
    let mut names = naming::Scope::default();
    op.parameters
        .iter()
        .map(|p| ident(&names.claim(&naming::snake(&p.name, "param"))))
        .collect()
}

/// `impl TokenCall<C> for <TokenRequest>`, or nothing when the API has no callable token
/// operation.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let Some(endpoint) = &cx.model.token else {
        return TokenStream::new();
    };
    let Ok(call) = &endpoint.call else {
        return TokenStream::new();
    };
    let (op, plan) = (
        &cx.api.operations[endpoint.operation],
        &ops[endpoint.operation],
    );
    let TypeKind::Struct(answer) = &cx.types.def(call.answer).kind else {
        return TokenStream::new();
    };
    let token = ident(&answer.fields[call.access_token].rust);
    let (expires, integer) = call.expires_in;
    let name = ident(&answer.fields[expires].rust);
    let expires = match integer {
        Integer::I64 => quote! { response.#name },
        Integer::I32 => quote! { i64::from(response.#name) },
        Integer::OptionalI64 => quote! { response.#name.unwrap_or(0) },
        Integer::OptionalI32 => quote! { response.#name.map(i64::from).unwrap_or(0) },
    };
    let scope = match call.scope {
        Some((i, false)) => {
            let name = ident(&answer.fields[i].rust);
            quote! { ::core::option::Option::Some(response.#name) }
        }
        Some((i, true)) => {
            let name = ident(&answer.fields[i].rust);
            quote! { response.#name }
        }
        None => quote! { ::core::option::Option::None },
    };
    let message_id = call.message_id;
    let rt = cx.rt();
    let fields = param_fields(op);
    let inits = fields.iter().enumerate().map(|(i, name)| {
        if Some(i) == message_id {
            quote! { #name: message_id, }
        } else {
            quote! { #name: ::core::option::Option::None, }
        }
    });
    let (params, args) = match &plan.params {
        Some(p) => (
            quote! { let params = #p { #(#inits)* }; },
            quote! { &params, },
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let unused = message_id.is_none().then(|| quote! { let _ = message_id; });
    let (method, request) = (&plan.method, ident(&cx.types.def(endpoint.request).name));
    quote! {
        impl<__C: Client + ::core::marker::Sync> #rt::TokenCall<__C> for #request {
            fn call<'a>(&'a self, client: &'a __C, message_id: ::std::string::String) -> #rt::TokenCallFuture<'a> {
                #unused
                ::std::boxed::Box::pin(async move {
                    #params
                    let response = client.#method(#args self).await?;
                    ::core::result::Result::Ok(#rt::IssuedToken {
                        access_token: #rt::Secret::new(response.#token),
                        expires_in: #expires,
                        scope: #scope,
                    })
                })
            }
        }
    }
}

/// A type as seen from a nested module: generated names get `super::`.
///
/// A path that starts with a name (not `::`, a primitive or a keyword) is one of the
/// generated types: `Vec<Pet>` has no such path at its start (`::std::vec::Vec`), its
/// argument does.
pub fn qualify(ty: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut after_path = false;
    for tree in ty.clone() {
        match tree {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), qualify(&g.stream()));
                group.set_span(g.span());
                out.extend([TokenTree::Group(group)]);
                after_path = false;
            }
            TokenTree::Ident(ref i) => {
                let name = i.to_string();
                if !after_path
                    && !PRIMITIVES.contains(&name.as_str())
                    && !NOT_TYPES.contains(&name.as_str())
                {
                    out.extend(quote! { super:: });
                }
                out.extend([tree]);
                after_path = false;
            }
            TokenTree::Punct(ref p) => {
                // `::` (the second colon) and `'` (a lifetime's name follows)
                after_path = p.as_char() == ':' || p.as_char() == '\'';
                out.extend([tree]);
            }
            TokenTree::Literal(_) => {
                out.extend([tree]);
                after_path = false;
            }
        }
    }
    out
}

const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64",
];

/// Words that start no path to a generated type.
const NOT_TYPES: &[&str] = &[
    "dyn", "impl", "mut", "Self", "self", "super", "crate", "as", "for",
];
