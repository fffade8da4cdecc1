//! The token operation as the runtime's `TokenProvider` calls it: an implementation of
//! `TokenCall` on the token request body, for every client of the API's `Client` trait (the
//! `http` one or an in-memory fake).
//!
//! Emitted when the API has a token operation and a client trait, and the operation can be
//! called with nothing but the request (the model decides both: [`crate::model::token`]).

use super::operations::OpPlan;
use super::{ident, Context};
use crate::model::token::Integer;
use crate::model::types::TypeKind;
use proc_macro2::TokenStream;
use quote::quote;

/// `impl TokenCall<C> for <TokenRequest>`, or nothing when the API has no callable token
/// operation.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let Some(endpoint) = &cx.model.token else {
        return TokenStream::new();
    };
    let Ok(call) = &endpoint.call else {
        return TokenStream::new();
    };
    let plan = &ops[endpoint.operation];
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
        Integer::U32 => quote! { i64::from(response.#name) },
        // Past `i64::MAX` seconds is forever; the provider caps lifetimes anyway.
        Integer::U64 => quote! { i64::try_from(response.#name).unwrap_or(i64::MAX) },
        Integer::OptionalU32 => quote! { response.#name.map(i64::from).unwrap_or(0) },
        Integer::OptionalU64 => {
            quote! { response.#name.map_or(0, |x| i64::try_from(x).unwrap_or(i64::MAX)) }
        }
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
    let fields = &plan.param_fields;
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
    // A token answer with documented headers is a `WithHeaders`: the token is its body.
    let body = call.with_headers.then(|| quote! { .body });
    let unused = message_id.is_none().then(|| quote! { let _ = message_id; });
    let (method, request) = (&plan.method, ident(&cx.types.def(endpoint.request).name));
    quote! {
        impl<__C: Client + ::core::marker::Sync> #rt::TokenCall<__C> for #request {
            fn call<'a>(&'a self, client: &'a __C, message_id: ::std::string::String) -> #rt::TokenCallFuture<'a> {
                #unused
                ::std::boxed::Box::pin(async move {
                    #params
                    let response = client.#method(#args self).await? #body;
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
