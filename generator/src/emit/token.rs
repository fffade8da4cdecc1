//! The token operation as the runtime's `TokenProvider` calls it: an implementation of
//! `TokenCall` on the token request body, for every client of the API's `Client` trait (the
//! `http` one or an in-memory fake).
//!
//! Emitted when the API has a token operation (see [`super::scopes`]) and a client trait,
//! and the operation can be called with nothing but the request: its success body has
//! `access_token` and `expires_in` (RFC 6749 §5.1), and its only required parameter, if
//! any, is a message-id header the provider fills in itself.

use super::client::OpPlan;
use super::{ident, Context};
use crate::ir::types::{TypeKind, TypeRef};
use crate::ir::{Location, Operation};
use crate::naming;
use proc_macro2::{Group, TokenStream, TokenTree};
use quote::quote;

/// Rust field names of an operation's parameters struct, in parameter order (the naming
/// `client::operation_items` uses).
pub fn param_fields(op: &Operation) -> Vec<proc_macro2::Ident> {
    let mut names = naming::Scope::default();
    op.parameters.iter().map(|p| ident(&names.claim(&naming::snake(&p.name, "param")))).collect()
}

/// Whether a parameter is a per-request message id the provider can generate.
fn is_message_id(cx: &Context, p: &crate::ir::Parameter) -> bool {
    let name: String = p.name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    p.location == Location::Header
        && *cx.types.type_of(p.schema) == TypeRef::String
        && matches!(
            name.as_str(),
            "msgid" | "messageid" | "xmsgid" | "xmessageid" | "requestid" | "xrequestid" | "correlationid" | "xcorrelationid"
        )
}

/// How a token operation is called and its answer read.
pub(super) struct CallShape {
    /// `access_token`'s field in the success body.
    token: proc_macro2::Ident,
    /// `expires_in` as an `i64` expression over `response`.
    expires: TokenStream,
    /// `scope` as an `Option<String>` expression over `response`.
    scope: TokenStream,
    /// The index of the message-id parameter, if the operation has one.
    message_id: Option<usize>,
}

/// How a token provider calls `op`, or why it cannot.
pub(super) fn call_shape(cx: &Context, op: &Operation) -> Result<CallShape, &'static str> {
    let success = op
        .responses
        .iter()
        .filter(|r| matches!(r.status, crate::ir::StatusCode::Exact(200..=299) | crate::ir::StatusCode::Range(2)))
        .collect::<Vec<_>>();
    let [success] = success.as_slice() else { return Err("it has not exactly one success answer") };
    let body = success.body.as_ref().filter(|b| b.is_json()).and_then(|b| b.schema).and_then(|s| cx.types.named(s));
    let body = body.ok_or("its success answer is not a named JSON object")?;
    let TypeKind::Struct(st) = &cx.types.def(body).kind else { return Err("its success answer is not an object") };
    let field = |wire: &str| st.fields.iter().find(|f| f.wire == wire);
    let token = field("access_token").filter(|f| f.ty == TypeRef::String).ok_or("its answer has no `access_token` string")?;
    let token = ident(&token.rust);
    let expires = field("expires_in").ok_or("its answer has no `expires_in`")?;
    let name = ident(&expires.rust);
    let expires = match &expires.ty {
        TypeRef::I64 => quote! { response.#name },
        TypeRef::I32 => quote! { i64::from(response.#name) },
        TypeRef::Option(inner) if **inner == TypeRef::I64 => quote! { response.#name.unwrap_or(0) },
        TypeRef::Option(inner) if **inner == TypeRef::I32 => quote! { response.#name.map(i64::from).unwrap_or(0) },
        _ => return Err("its `expires_in` is not an integer"),
    };
    let scope = match field("scope") {
        Some(f) if f.ty == TypeRef::String => {
            let name = ident(&f.rust);
            quote! { ::core::option::Option::Some(response.#name) }
        }
        Some(f) if matches!(&f.ty, TypeRef::Option(inner) if **inner == TypeRef::String) => {
            let name = ident(&f.rust);
            quote! { response.#name }
        }
        _ => quote! { ::core::option::Option::None },
    };
    // The parameters: a message id the provider generates; every other one must be optional.
    let mut message_id = None;
    for (i, p) in op.parameters.iter().enumerate() {
        if p.required && message_id.is_none() && is_message_id(cx, p) {
            message_id = Some(i);
        } else if p.required {
            return Err("it has a required parameter that is not a message-id header");
        }
    }
    Ok(CallShape { token, expires, scope, message_id })
}

/// `impl TokenCall<C> for <TokenRequest>`, or nothing when the API has no callable token
/// operation.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let Some(req) = super::scopes::find(cx) else { return TokenStream::new() };
    let Some((op, plan)) = cx.api.operations.iter().zip(ops).find(|(op, _)| std::ptr::eq(*op, req.op)) else {
        return TokenStream::new();
    };
    let Ok(shape) = call_shape(cx, op) else { return TokenStream::new() };
    let rt = cx.rt();
    let CallShape { token, expires, scope, message_id } = shape;
    let fields = param_fields(op);
    let inits = fields.iter().enumerate().map(|(i, name)| {
        if Some(i) == message_id {
            quote! { #name: message_id, }
        } else {
            quote! { #name: ::core::option::Option::None, }
        }
    });
    let (params, args) = match &plan.params {
        Some(p) => (quote! { let params = #p { #(#inits)* }; }, quote! { &params, }),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let unused = message_id.is_none().then(|| quote! { let _ = message_id; });
    let (method, request) = (&plan.method, ident(&req.def.name));
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
                if !after_path && !PRIMITIVES.contains(&name.as_str()) && !NOT_TYPES.contains(&name.as_str()) {
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

const PRIMITIVES: &[&str] =
    &["bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64"];

/// Words that start no path to a generated type.
const NOT_TYPES: &[&str] = &["dyn", "impl", "mut", "Self", "self", "super", "crate", "as", "for"];
