//! `server`: the definition served (`Config::server`), gated by `#[cfg(feature = "server")]`
//! in the generated code. What every definition shares (routing, parameter styles, body
//! limits, credentials, the envelope of rejections, checked answers) is the runtime's
//! `server` module; here are the `Server` trait, each operation's answer enum and handler,
//! the router's table, and the sandbox that answers from the definition's examples.
//!
//! A handler reads the request with the same types and checks as the client writes it:
//! the parameters struct, the body's `Validate` (or its validator), and the parameter
//! checks of `validate_<op>`, so that the two sides cannot disagree.

use super::client::{operation_doc, param_checks};
use super::http::{separator, style_value};
use super::operations::{answer_type, qualify, OpPlan};
use super::{docs, ident, rust_type, Context};
use crate::ir::{JsonType, Location, Operation, SecurityKind, StatusCode, Style};
use crate::model::client::{AnswerBody, RequestBody};
use crate::model::server::{ServerOp, ServerVariant};
use crate::model::validators::has_lean_path;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `server` module, or nothing when the option is off.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let rt = cx.rt();
    let server_ops = &cx.model.server;
    let secured = cx.api.operations.iter().any(|op| !op.security.is_empty());
    // The hook's name, unless an operation has it.
    let hook = ["authorize", "authorize_request", "authorize_call"]
        .into_iter()
        .find(|h| ops.iter().all(|p| p.method != h))
        .map(ident)
        .unwrap_or_else(|| ident("__authorize"));

    let mut trait_methods = Vec::new();
    let mut enums = Vec::new();
    let mut routes = Vec::new();
    let mut handlers = Vec::new();
    let mut sandbox = Vec::new();
    for ((op, plan), sop) in cx.api.operations.iter().zip(ops).zip(server_ops) {
        let answer = ident(&sop.answer);
        let (params_arg, body_arg) = arguments(cx, op, plan, false);
        let doc = docs::text(&operation_doc(op));
        let method = &plan.method;
        // `impl Future`, so that an implementation writes `async fn`. The client's methods
        // are boxed instead (`BoxFuture`: rustc checks each `impl Future` method against
        // every other one); a server is written by hand, a client mostly generated.
        trait_methods.push(quote! {
            #doc
            fn #method(&self, #params_arg #body_arg) -> impl ::core::future::Future<Output = ::core::result::Result<#answer, #rt::server::Failure>> + Send;
        });
        enums.push(answer_enum(cx, op, sop));
        let handler = format_ident!("handle_{}", crate::naming::unraw(&method.to_string()));
        let http_method =
            proc_macro2::Ident::new(op.method.as_str(), proc_macro2::Span::call_site());
        let path = &op.path;
        routes.push(
            quote! { .route(#rt::server::axum::http::Method::#http_method, #path, #handler::<S>) },
        );
        handlers.push(handler_fn(cx, op, plan, &handler, &hook));
        sandbox.push(sandbox_method(cx, op, plan, sop));
    }

    let hook_items = secured.then(|| {
        quote! {
            /// Checks the credentials a request presented for an operation with a security
            /// requirement (`operation` is the trait method's name), before anything else of
            /// the request is read: `Err(Denied::unauthorized(..))` answers `401`,
            /// `Denied::forbidden` `403`. A request without the credentials of any of the
            /// requirement's alternatives is answered `401` before this is called.
            fn #hook(&self, operation: &'static str, credentials: &#rt::server::Presented) -> impl ::core::future::Future<Output = ::core::result::Result<(), #rt::server::Denied>> + Send;
        }
    });
    let sandbox_hook = secured.then(|| {
        quote! {
            /// Any credentials presented will do.
            async fn #hook(&self, _operation: &'static str, _credentials: &#rt::server::Presented) -> ::core::result::Result<(), #rt::server::Denied> {
                ::core::result::Result::Ok(())
            }
        }
    });
    let envelope = match (&cx.model.envelope, &cx.settings.shared_envelope) {
        (Some(e), _) => {
            let name = ident(&cx.types.def(e.ty).name);
            Some(quote! { .envelope::<super::#name>() })
        }
        // The base crate's, in a split.
        (None, Some(path)) => path
            .parse::<TokenStream>()
            .ok()
            .map(|path| quote! { .envelope::<#path>() }),
        (None, None) => None,
    };
    let base_path = cx
        .api
        .servers
        .first()
        .map(|s| url_path(&s.url))
        .unwrap_or_default();
    let info = &cx.api.info;
    let title = if info.title.is_empty() {
        "the API"
    } else {
        &info.title
    };
    let trait_doc = docs::text(&format!(
        " The operations of {title} as a server implements them: each gets a request that fits\n the definition (parameters and body read and checked by [`router`]) and returns one of\n the answers the definition documents. An implementation that cannot answer returns a\n `Failure` (a `500` in the API's error envelope)."
    ));

    quote! {
        /// The server side: the [`Server`](server::Server) trait, [`router`](server::router)
        /// (on the runtime's axum router) and [`sandbox`](server::sandbox). Compiled only
        /// with the `server` Cargo feature, which the crate including these bindings
        /// declares as `server = ["oasbind-runtime/server"]`.
        #[cfg(feature = "server")]
        pub mod server {
            #[allow(unused_imports)]
            use #rt::server::Style;

            /// The path of the definition's default server URL, under which [`sandbox`]
            /// serves the operations.
            pub const BASE_PATH: &str = #base_path;

            #trait_doc
            pub trait Server: Send + Sync + 'static {
                #hook_items
                #(#trait_methods)*
            }

            #(#enums)*

            /// The operations routed to `server`: set its base path, body limit and answer
            /// checks, then serve it (`into_axum`, `spawn`, `serve`).
            #[allow(dead_code)]
            pub fn router<S: Server>(server: S) -> #rt::server::Router<S> {
                #rt::server::Router::new(server) #envelope #(#routes)*
            }

            #(#handlers)*

            /// An implementation that answers every operation with its first documented
            /// success, made of the definition's examples (or values made to fit the
            /// schemas), whatever the request: what [`sandbox`] serves.
            #[derive(Clone, Copy, Debug, Default)]
            pub struct Sandbox;

            impl Server for Sandbox {
                #sandbox_hook
                #(#sandbox)*
            }

            /// The sandbox: [`Sandbox`] routed under [`BASE_PATH`]. `sandbox().spawn().await`
            /// serves it on a free port of 127.0.0.1 for a test; point the client at its
            /// `url()`.
            #[allow(dead_code)]
            pub fn sandbox() -> #rt::server::Router<Sandbox> {
                router(Sandbox).base_path(BASE_PATH)
            }
        }
    }
}

/// The path of a server URL (`https://host/v1` → `/v1`), without variables' braces.
fn url_path(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    rest.trim_end_matches('/').to_owned()
}

/// The trait method's parameters and body arguments (owned; an optional body an `Option`);
/// `unused` names them `_params` and `_body`.
fn arguments(
    cx: &Context,
    op: &Operation,
    plan: &OpPlan,
    unused: bool,
) -> (TokenStream, TokenStream) {
    let (params, body) = match unused {
        true => (ident("_params"), ident("_body")),
        false => (ident("params"), ident("body")),
    };
    let params = plan
        .params
        .as_ref()
        .map(|p| quote! { #params: super::#p, })
        .unwrap_or_default();
    let body = match body_type(cx, plan) {
        Some(ty) if op.body.as_ref().is_some_and(|b| b.required) => quote! { #body: #ty, },
        Some(ty) => quote! { #body: ::core::option::Option<#ty>, },
        None => TokenStream::new(),
    };
    (params, body)
}

/// The owned type a handler reads the body into.
fn body_type(cx: &Context, plan: &OpPlan) -> Option<TokenStream> {
    let rt = cx.rt();
    Some(match plan.model.body.as_ref()? {
        RequestBody::Typed(t) => qualify(&rust_type(cx, t)),
        RequestBody::Text => quote! { ::std::string::String },
        // Multipart forms arrive unparsed, as bytes with their media type.
        RequestBody::Multipart(_) | RequestBody::Bytes => quote! { #rt::server::RawBody },
    })
}

fn status_doc(status: StatusCode) -> String {
    match status {
        StatusCode::Exact(c) => format!("`{c}`"),
        StatusCode::Range(d) => format!("`{d}XX` (the status is the first field)"),
        StatusCode::Default => "any other status (the first field)".to_owned(),
    }
}

/// Whether a variant carries the status it is sent with.
fn carries_status(v: &ServerVariant) -> bool {
    !matches!(v.status, StatusCode::Exact(_))
}

/// `head(a, b)` of the parts given, or `head` alone: a variant with its status (range and
/// `default` variants) and its payload, as a type, a pattern or a value.
fn tuple(head: TokenStream, parts: impl Iterator<Item = TokenStream>) -> TokenStream {
    let parts: Vec<TokenStream> = parts.collect();
    match parts.is_empty() {
        true => head,
        false => quote! { #head(#(#parts),*) },
    }
}

fn answer_enum(cx: &Context, op: &Operation, sop: &ServerOp) -> TokenStream {
    let rt = cx.rt();
    let name = ident(&sop.answer);
    let variants = sop.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let description = op
            .responses
            .iter()
            .find(|r| r.status == v.status)
            .and_then(|r| r.description.as_deref())
            .filter(|d| !d.trim().is_empty());
        let mut doc = status_doc(v.status);
        if let Some(d) = description {
            doc.push_str(": ");
            doc.push_str(d);
        }
        let doc = docs::text(&doc);
        let payload = match v.answer.body {
            AnswerBody::Unit if v.answer.headers.is_none() => None,
            _ => Some(qualify(&answer_type(cx, &v.answer))),
        };
        let fields = carries_status(v)
            .then(|| quote! { u16 })
            .into_iter()
            .chain(payload);
        let variant = tuple(quote! { #variant }, fields);
        quote! { #doc #variant, }
    });
    let arms = sop.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let status = match v.status {
            StatusCode::Exact(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(c);
                quote! { #c }
            }
            _ => quote! { status },
        };
        let with_headers = v.answer.headers.is_some();
        let value = if with_headers {
            quote! { answer.body }
        } else {
            quote! { answer }
        };
        let media = &v.media_type;
        let mut reply = match &v.answer.body {
            AnswerBody::Unit => quote! { #rt::server::Reply::empty(#status) },
            AnswerBody::Json(_) => {
                let check = v.schema.and_then(|s| {
                    if has_lean_path(cx.types, s) {
                        let ty = qualify(&rust_type(cx, cx.types.type_of(s)));
                        Some(quote! { .checked_as::<#ty>() })
                    } else {
                        cx.validators
                            .name(s)
                            .map(|f| quote! { .checked(super::#f) })
                    }
                });
                quote! { #rt::server::Reply::json(#status, #media, &#value) #check }
            }
            AnswerBody::Text => quote! { #rt::server::Reply::text(#status, #media, #value) },
            AnswerBody::Bytes => quote! { #rt::server::Reply::bytes(#status, #media, #value) },
        };
        if let Some(headers) = &v.answer.headers {
            let sets = headers.fields.iter().map(|f| {
                let (wire, field) = (&f.wire, ident(&f.field));
                quote! { .header(#wire, &answer.headers.#field) }
            });
            reply = quote! { #reply #(#sets)* };
        }
        let bound = match (&v.answer.body, with_headers) {
            (AnswerBody::Unit, false) => None,
            _ => Some(quote! { answer }),
        };
        let status = carries_status(v).then(|| quote! { status });
        let pattern = tuple(quote! { #name::#variant }, status.into_iter().chain(bound));
        quote! { #pattern => #reply, }
    });
    let doc = docs::text(&format!(
        "The answers `{} {}` documents, as a [`Server`] gives them.",
        op.method.as_str(),
        op.path
    ));
    quote! {
        #doc
        // An implementation constructs the variants it answers with; the others stay unused.
        #[allow(dead_code)]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #rt::server::IntoReply for #name {
            fn into_reply(self) -> #rt::server::Reply {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The security requirement's alternatives as the runtime's `Scheme`s.
fn alternatives(cx: &Context, op: &Operation) -> TokenStream {
    let rt = cx.rt();
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|name| {
            let scheme = cx.api.security_schemes.iter().find(|s| &s.name == name)?;
            Some(match &scheme.kind {
                SecurityKind::ApiKey {
                    location,
                    parameter,
                } => {
                    let at = match location {
                        Location::Query => quote! { Query },
                        Location::Cookie => quote! { Cookie },
                        Location::Header | Location::Path => quote! { Header },
                    };
                    quote! { #rt::server::Scheme::ApiKey { scheme: #name, location: #rt::server::In::#at, name: #parameter } }
                }
                SecurityKind::HttpBasic => quote! { #rt::server::Scheme::Basic { scheme: #name } },
                SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. } => {
                    quote! { #rt::server::Scheme::Bearer { scheme: #name } }
                }
            })
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { &[#(#alternatives),*] }
}

fn handler_fn(
    cx: &Context,
    op: &Operation,
    plan: &OpPlan,
    handler: &proc_macro2::Ident,
    hook: &proc_macro2::Ident,
) -> TokenStream {
    let rt = cx.rt();
    let method = &plan.method;
    let name = crate::naming::unraw(&method.to_string()).to_owned();
    let mut steps = Vec::new();
    if !op.security.is_empty() {
        let alternatives = alternatives(cx, op);
        steps.push(quote! {
            let ::core::option::Option::Some(__credentials) = __request.credentials(#alternatives) else {
                return __request.reject();
            };
            if let ::core::result::Result::Err(denied) = __server.#hook(#name, &__credentials).await {
                return __request.denied(denied);
            }
        });
    }
    // Each parameter into a local of its own type (an `Option`: absent, or not read).
    let mut locals = Vec::new();
    for (p, field) in op.parameters.iter().zip(&plan.param_fields) {
        let local = field.clone();
        let ty = qualify(&rust_type(cx, cx.types.type_of(p.schema)));
        let wire = &p.name;
        let required = p.required;
        let read = match p.location {
            Location::Path => {
                let style = style_value(p.style);
                quote! { __request.path::<#ty>(#wire, #style) }
            }
            // An object written exploded: its properties are the pairs no other parameter names.
            Location::Query
                if p.style == Style::Exploded
                    && cx.types.holds_only(
                        cx.types.type_of(p.schema),
                        &[JsonType::Object, JsonType::Null],
                    ) =>
            {
                let others = op
                    .parameters
                    .iter()
                    .filter(|o| o.location == Location::Query && o.name != p.name)
                    .map(|o| o.name.as_str());
                quote! { __request.query_object::<#ty>(#wire, &[#(#others),*], #required) }
            }
            Location::Query => {
                let style = style_value(p.style);
                quote! { __request.query::<#ty>(#wire, #style, #required) }
            }
            Location::Header => {
                let style = style_value(p.style);
                quote! { __request.header::<#ty>(#wire, #style, #required) }
            }
            Location::Cookie => {
                let sep = separator(p.style);
                quote! { __request.cookie::<#ty>(#wire, #sep, #required) }
            }
        };
        steps.push(quote! { let #local = #read; });
        locals.push((local, required));
    }
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    let body = plan.model.body.as_ref().map(|kind| {
        let schema = op.body.as_ref().and_then(|b| b.schema);
        let read = match kind {
            RequestBody::Typed(t) if op.body.as_ref().is_some_and(|b| b.is_form()) => {
                let ty = qualify(&rust_type(cx, t));
                let check = match schema.and_then(|s| cx.validators.name(s)) {
                    Some(f) => quote! { ::core::option::Option::Some(super::#f) },
                    None => quote! { ::core::option::Option::None },
                };
                quote! { __request.form::<#ty>(#check, #body_required) }
            }
            RequestBody::Typed(t) => {
                let ty = qualify(&rust_type(cx, t));
                match schema {
                    Some(s) if has_lean_path(cx.types, s) => quote! { __request.json::<#ty>(#body_required) },
                    _ => match schema.and_then(|s| cx.validators.name(s)) {
                        Some(f) => quote! { __request.json_with::<#ty>(super::#f, #body_required) },
                        None => quote! { __request.json_with::<#ty>(super::check::accept, #body_required) },
                    },
                }
            }
            RequestBody::Text => quote! { __request.text(#body_required) },
            RequestBody::Multipart(_) | RequestBody::Bytes => quote! { __request.bytes(#body_required) },
        };
        steps.push(quote! { let __body = #read; });
    });
    // The required parts are there (else a violation says so), and their checks.
    let mut required: Vec<TokenStream> = locals
        .iter()
        .filter(|(_, r)| *r)
        .map(|(l, _)| l.clone())
        .map(|l| quote! { #l })
        .collect();
    let mut patterns: Vec<TokenStream> = required
        .iter()
        .map(|l| quote! { ::core::option::Option::Some(#l) })
        .collect();
    if body.is_some() && body_required {
        required.push(quote! { __body });
        patterns.push(quote! { ::core::option::Option::Some(__body) });
    }
    if !required.is_empty() {
        steps.push(quote! {
            let (#(#patterns,)*) = (#(#required,)*) else {
                return __request.reject();
            };
        });
    }
    let mut call_args = Vec::new();
    if let Some(params) = &plan.params {
        let fields = locals.iter().map(|(l, _)| l);
        steps.push(quote! { let params = super::#params { #(#fields),* }; });
        let checks = param_checks(cx, op, plan, &quote! { super:: });
        if !checks.is_empty() {
            steps.push(quote! { __request.check(|out| { #(#checks)* }); });
        }
        call_args.push(quote! { params });
    }
    if body.is_some() {
        call_args.push(quote! { __body });
    }
    quote! {
        fn #handler<S: Server>(__server: ::std::sync::Arc<S>, mut __request: #rt::server::Incoming) -> #rt::server::Handled {
            ::std::boxed::Box::pin(async move {
                #(#steps)*
                if !__request.is_valid() {
                    return __request.reject();
                }
                #rt::server::answer(__server.#method(#(#call_args),*).await)
            })
        }
    }
}

/// The sandbox's method for an operation: its chosen answer, made of examples.
fn sandbox_method(cx: &Context, op: &Operation, plan: &OpPlan, sop: &ServerOp) -> TokenStream {
    let rt = cx.rt();
    let (params_arg, body_arg) = arguments(cx, op, plan, true);
    let method = &plan.method;
    let answer = ident(&sop.answer);
    let chosen = &sop.variants[sop.sandbox.variant];
    let variant = ident(&chosen.name);
    let json = |value: &serde_json::Value| -> TokenStream {
        let text = value.to_string();
        quote! { #rt::server::example(#text)? }
    };
    let body = match (&chosen.answer.body, &sop.sandbox.body) {
        // The definition's example when it fits the type, else the made-up value.
        (AnswerBody::Json(_), Some(value)) => Some(match &sop.sandbox.given {
            Some(given) => {
                let (given, made) = (given.to_string(), value.to_string());
                quote! { #rt::server::example_or(#given, #made)? }
            }
            None => json(value),
        }),
        // Text: the definition's example, else the made-up one.
        (AnswerBody::Text, made) => {
            let text = match (&sop.sandbox.given, made) {
                (Some(serde_json::Value::String(text)), _)
                | (_, Some(serde_json::Value::String(text))) => text.as_str(),
                _ => "",
            };
            Some(quote! { ::std::string::String::from(#text) })
        }
        (AnswerBody::Bytes, _) => Some(quote! { ::std::vec::Vec::new() }),
        _ => None,
    };
    let payload = match &chosen.answer.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            let fields = headers
                .fields
                .iter()
                .zip(&sop.sandbox.headers)
                .map(|(f, value)| {
                    let field = ident(&f.field);
                    let value = json(value);
                    quote! { #field: #value, }
                });
            let body = body.unwrap_or_else(|| quote! { () });
            Some(quote! { #rt::WithHeaders { body: #body, headers: super::#name { #(#fields)* } } })
        }
        None => body,
    };
    let status = proc_macro2::Literal::u16_unsuffixed(sop.sandbox.status);
    let status = carries_status(chosen).then(|| quote! { #status });
    let value = tuple(
        quote! { #answer::#variant },
        status.into_iter().chain(payload),
    );
    quote! {
        async fn #method(&self, #params_arg #body_arg) -> ::core::result::Result<#answer, #rt::server::Failure> {
            ::core::result::Result::Ok(#value)
        }
    }
}
