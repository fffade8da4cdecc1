//! The token provider: access tokens from the API's token operation, cached until shortly
//! before they expire and shared by concurrent callers with one request in flight.
//!
//! Emitted (as `mod token`) when the bindings carry the scopes seam (see
//! [`super::scopes`]) and the client trait, and the token operation can be called with
//! nothing but the request: its success body has `access_token` and `expires_in`, and its
//! only required parameter, if any, is a message id header the provider fills in itself.
//!
//! The code is runtime-agnostic and std-only: single flight is a `std::sync::Mutex`
//! state machine with a waker list, generic over the `Client` trait, so it works over the
//! `http` client and over an in-memory fake alike.

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

/// The token provider module, or nothing when the API has no callable token operation.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let Some(req) = super::scopes::find(cx) else { return TokenStream::new() };
    // The operation whose body is the token request.
    let Some((op, plan)) = cx.api.operations.iter().zip(ops).find(|(op, _)| {
        op.body
            .as_ref()
            .filter(|b| b.is_typed())
            .and_then(|b| b.schema)
            .and_then(|s| cx.types.named(s))
            .is_some_and(|id| cx.types.def(id).name == req.def.name)
    }) else {
        return TokenStream::new();
    };
    // Its success body: `access_token` (a string) and `expires_in` (an integer).
    let Some(success) = op
        .responses
        .iter()
        .find(|r| matches!(r.status, crate::ir::StatusCode::Exact(200..=299) | crate::ir::StatusCode::Range(2)))
        .and_then(|r| r.body.as_ref().filter(|b| b.is_json())?.schema)
        .and_then(|s| cx.types.named(s))
    else {
        return TokenStream::new();
    };
    let TypeKind::Struct(st) = &cx.types.def(success).kind else { return TokenStream::new() };
    if plan.success.variants.is_some() {
        // Several success bodies: no one place to read the token from.
        return TokenStream::new();
    }
    let field = |wire: &str| st.fields.iter().find(|f| f.wire == wire);
    let Some(token_field) = field("access_token").filter(|f| f.ty == TypeRef::String) else {
        return TokenStream::new();
    };
    let token_field = ident(&token_field.rust);
    let expires = match field("expires_in") {
        Some(f) => {
            let name = ident(&f.rust);
            match &f.ty {
                TypeRef::I64 => quote! { response.#name },
                TypeRef::I32 => quote! { i64::from(response.#name) },
                TypeRef::Option(inner) if **inner == TypeRef::I64 => quote! { response.#name.unwrap_or(0) },
                TypeRef::Option(inner) if **inner == TypeRef::I32 => quote! { response.#name.map(i64::from).unwrap_or(0) },
                _ => return TokenStream::new(),
            }
        }
        None => return TokenStream::new(),
    };
    let request_scope = ident(&req.scope.rust);
    let granted_scope = match field("scope") {
        Some(f) if f.ty == TypeRef::String => {
            let name = ident(&f.rust);
            quote! { response.#name }
        }
        Some(f) if matches!(&f.ty, TypeRef::Option(inner) if **inner == TypeRef::String) => {
            let name = ident(&f.rust);
            quote! { response.#name.unwrap_or_else(|| self.request.#request_scope.clone()) }
        }
        _ => quote! { self.request.#request_scope.clone() },
    };

    // The parameters: a message id the provider generates; every other one must be optional.
    let mut message_id = None;
    let mut inits = Vec::new();
    for (p, name) in op.parameters.iter().zip(param_fields(op)) {
        if p.required && message_id.is_none() && is_message_id(cx, p) {
            message_id = Some(p.name.clone());
            inits.push(quote! { #name: (self.msg_id)(), });
        } else if p.required {
            return TokenStream::new();
        } else {
            inits.push(quote! { #name: ::core::option::Option::None, });
        }
    }
    let params = plan.params.as_ref().map(|p| quote! { &super::#p { #(#inits)* }, });
    let (method, error, request, meta) = (&plan.method, &plan.error.ty, ident(&req.def.name), &req.metadata_type);
    let error = qualify(error);
    let meta = qualify(meta);
    let method_name = naming::unraw(&method.to_string()).to_owned();
    let module_doc = super::docs::text(&format!(
        " Access tokens from [`Client::{method_name}`], cached until shortly before they expire\n and shared by concurrent callers: one request in flight at a time\n ([`TokenProvider`](token::TokenProvider)).\n\n Runtime-agnostic (std only): works over any [`Client`] implementation, the `http` one\n or an in-memory fake."
    ));
    let new_doc = super::docs::text(&format!(
        "A provider of tokens for `scopes`, with `metadata`: the request is built (and\nchecked) once, by [`for_scopes`](super::{}::for_scopes).",
        req.def.name
    ));
    let msg_id_items = message_id.as_ref().map(|wire| {
        let doc = super::docs::text(&format!(" Sets how the `{wire}` header of each token request is made (default: [`new_msg_id`])."));
        quote! {
            #doc
            pub fn msg_id(mut self, generate: impl Fn() -> ::std::string::String + Send + Sync + 'static) -> Self {
                self.msg_id = ::std::sync::Arc::new(generate);
                self
            }
        }
    });
    let (msg_id_field, msg_id_init) = match &message_id {
        Some(_) => (
            quote! { msg_id: ::std::sync::Arc<dyn Fn() -> ::std::string::String + Send + Sync>, },
            quote! { msg_id: ::std::sync::Arc::new(new_msg_id), },
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let msg_id_fn_doc = super::docs::text(&match &message_id {
        Some(wire) => format!(" A fresh message id for the `{wire}` header: a UUID-v4-shaped string from std entropy\n (a per-call `RandomState`, the time and a process-wide counter), unique per call."),
        None => " A fresh UUID-v4-shaped id from std entropy (a per-call `RandomState`, the time and a\n process-wide counter), unique per call.".to_owned(),
    });

    quote! {
        #module_doc
        pub mod token {
            /// Refresh this long before a token expires, unless the token lives less than twice
            /// as long (then at half its lifetime).
            pub const DEFAULT_SKEW: ::core::time::Duration = ::core::time::Duration::from_secs(30);

            /// Lifetimes beyond this (a year) are capped, so that expiry times cannot overflow.
            const MAX_LIFETIME: u64 = 365 * 24 * 60 * 60;

            /// An access token from a [`TokenProvider`]. `Debug` never shows the token itself.
            #[derive(Clone, Debug)]
            pub struct AccessToken {
                /// The token; send it as `Authorization: Bearer <token>`.
                pub access_token: super::Secret,
                /// The scope it was granted for.
                pub scope: ::std::string::String,
                /// When it expires, by the provider's clock, counted from when it was requested.
                pub expires_at: ::std::time::Instant,
            }

            /// Why a token could not be obtained. Every caller that waited for the same request
            /// gets the same error.
            #[derive(Clone)]
            pub struct TokenError(::std::sync::Arc<super::ClientError<#error>>);

            impl TokenError {
                /// What the token request failed with.
                pub fn client_error(&self) -> &super::ClientError<#error> {
                    &self.0
                }
            }

            impl ::core::fmt::Debug for TokenError {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_tuple("TokenError").field(&*self.0).finish()
                }
            }

            impl ::core::fmt::Display for TokenError {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, "no access token: {}", self.0)
                }
            }

            impl ::std::error::Error for TokenError {
                fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                    ::core::option::Option::Some(&*self.0)
                }
            }

            #msg_id_fn_doc
            pub fn new_msg_id() -> ::std::string::String {
                use ::std::hash::{BuildHasher, Hasher};
                static COUNTER: ::std::sync::atomic::AtomicU64 = ::std::sync::atomic::AtomicU64::new(0);
                let count = COUNTER.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed);
                let nanos = ::std::time::SystemTime::now()
                    .duration_since(::std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or_default();
                let word = |half: u8| {
                    let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
                    hasher.write_u64(count);
                    hasher.write_u128(nanos);
                    hasher.write_u8(half);
                    hasher.finish()
                };
                let (high, low) = (word(0), word(1));
                // Version 4, variant 10xx, as UUIDs from random bits are.
                let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
                let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
                format!(
                    "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                    high >> 32,
                    (high >> 16) & 0xffff,
                    high & 0xffff,
                    low >> 48,
                    low & 0xffff_ffff_ffff
                )
            }

            type Outcome = ::core::result::Result<AccessToken, TokenError>;

            /// The shared state: the cached token, the request in flight, who waits for it.
            #[derive(Default)]
            struct State {
                /// The token and when to stop serving it.
                cached: ::core::option::Option<(AccessToken, ::std::time::Instant)>,
                /// The request in flight.
                in_flight: ::core::option::Option<u64>,
                /// Requests started so far.
                flights: u64,
                /// The outcome of the last request that finished, for those who waited for it.
                last: ::core::option::Option<(u64, Outcome)>,
                /// Waiting callers, by ticket.
                waiters: ::std::vec::Vec<(u64, ::core::task::Waker)>,
                /// Tickets handed out so far.
                tickets: u64,
            }

            enum Step {
                Ready(AccessToken),
                Lead(u64),
                Wait(u64, u64),
            }

            /// Access tokens for one set of scopes, cached until shortly before they expire
            /// (see [`TokenProvider::skew`]), refreshed afterwards, and shared: concurrent
            /// callers wait for one request instead of each sending their own.
            ///
            /// Neither `Debug` nor any error shows the token or a credential.
            pub struct TokenProvider<C> {
                client: C,
                request: super::#request,
                skew: ::core::time::Duration,
                clock: ::std::sync::Arc<dyn Fn() -> ::std::time::Instant + Send + Sync>,
                #msg_id_field
                state: ::std::sync::Mutex<State>,
            }

            impl<C> ::core::fmt::Debug for TokenProvider<C> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let cached_until = self.lock().cached.as_ref().map(|(token, _)| token.expires_at);
                    f.debug_struct("TokenProvider")
                        .field("scope", &self.request.#request_scope)
                        .field("skew", &self.skew)
                        .field("cached_until", &cached_until)
                        .finish_non_exhaustive()
                }
            }

            impl<C: super::Client> TokenProvider<C> {
                #new_doc
                pub fn new<S: super::OAuthScope<Metadata = #meta>>(
                    client: C,
                    scopes: &[S],
                    metadata: ::core::option::Option<#meta>,
                ) -> ::core::result::Result<Self, super::ScopeRequestError> {
                    Ok(Self::for_request(client, super::#request::for_scopes(scopes, metadata)?))
                }

                /// A provider that sends `request` as it is (it is checked when sent).
                pub fn for_request(client: C, request: super::#request) -> Self {
                    TokenProvider {
                        client,
                        request,
                        skew: DEFAULT_SKEW,
                        clock: ::std::sync::Arc::new(::std::time::Instant::now),
                        #msg_id_init
                        state: ::std::sync::Mutex::default(),
                    }
                }

                /// Stop serving a token this long before it expires (default: [`DEFAULT_SKEW`]);
                /// at most half its lifetime.
                pub fn skew(mut self, skew: ::core::time::Duration) -> Self {
                    self.skew = skew;
                    self
                }

                /// Sets the clock expiry is measured by (default: `Instant::now`); for tests.
                pub fn clock(mut self, now: impl Fn() -> ::std::time::Instant + Send + Sync + 'static) -> Self {
                    self.clock = ::std::sync::Arc::new(now);
                    self
                }

                #msg_id_items

                /// The client the requests go through.
                pub fn client(&self) -> &C {
                    &self.client
                }

                /// The scope requested, as sent.
                pub fn scope(&self) -> &str {
                    &self.request.#request_scope
                }

                /// Forgets the cached token (say, after the API rejected it): the next call asks
                /// for a new one.
                pub fn invalidate(&self) {
                    self.lock().cached = ::core::option::Option::None;
                }

                /// A token valid for at least the skew: the cached one, or a new one. While a
                /// request is in flight, callers wait for it rather than send their own; if the
                /// caller that sent it is cancelled, a waiting caller sends the next one.
                pub async fn token(&self) -> ::core::result::Result<AccessToken, TokenError> {
                    loop {
                        match self.begin() {
                            Step::Ready(token) => return Ok(token),
                            Step::Lead(flight) => return self.fetch(flight).await,
                            Step::Wait(flight, ticket) => {
                                let wait = Wait { provider: self, flight, ticket };
                                if let ::core::option::Option::Some(outcome) = wait.await {
                                    return outcome;
                                }
                                // The request was abandoned: start over.
                            }
                        }
                    }
                }

                fn begin(&self) -> Step {
                    let now = (self.clock)();
                    let mut state = self.lock();
                    if let ::core::option::Option::Some((token, refresh_at)) = &state.cached {
                        if now < *refresh_at {
                            return Step::Ready(token.clone());
                        }
                        state.cached = ::core::option::Option::None;
                    }
                    if let ::core::option::Option::Some(flight) = state.in_flight {
                        state.tickets += 1;
                        return Step::Wait(flight, state.tickets);
                    }
                    state.flights += 1;
                    let flight = state.flights;
                    state.in_flight = ::core::option::Option::Some(flight);
                    Step::Lead(flight)
                }

                async fn fetch(&self, flight: u64) -> Outcome {
                    let mut guard = Flight { provider: self, flight, finished: ::core::option::Option::None };
                    let sent = (self.clock)();
                    let outcome = match self.client.#method(#params &self.request).await {
                        Ok(response) => {
                            // No lifetime left (0 or negative): expired on arrival, so the
                            // next call asks again; beyond a year: a year.
                            let lifetime = ::core::time::Duration::from_secs(u64::try_from(#expires).unwrap_or(0).min(MAX_LIFETIME));
                            let expires_at = sent + lifetime;
                            let refresh_at = expires_at - self.skew.min(lifetime / 2);
                            let token = AccessToken {
                                access_token: super::Secret::new(response.#token_field),
                                scope: #granted_scope,
                                expires_at,
                            };
                            guard.finished = ::core::option::Option::Some((Ok(token.clone()), refresh_at));
                            Ok(token)
                        }
                        Err(e) => {
                            let error = TokenError(::std::sync::Arc::new(e));
                            guard.finished = ::core::option::Option::Some((Err(error.clone()), sent));
                            Err(error)
                        }
                    };
                    drop(guard);
                    outcome
                }
            }

            impl<C> TokenProvider<C> {
                fn lock(&self) -> ::std::sync::MutexGuard<'_, State> {
                    // Every critical section leaves the state consistent: a panic elsewhere
                    // does not make it unusable.
                    self.state.lock().unwrap_or_else(::std::sync::PoisonError::into_inner)
                }
            }

            /// The request in flight. Dropped when it finishes, or when its caller is
            /// cancelled: either way the waiting callers are woken.
            struct Flight<'a, C> {
                provider: &'a TokenProvider<C>,
                flight: u64,
                finished: ::core::option::Option<(Outcome, ::std::time::Instant)>,
            }

            impl<C> Drop for Flight<'_, C> {
                fn drop(&mut self) {
                    let waiters = {
                        let mut state = self.provider.lock();
                        if state.in_flight == ::core::option::Option::Some(self.flight) {
                            state.in_flight = ::core::option::Option::None;
                        }
                        if let ::core::option::Option::Some((outcome, refresh_at)) = self.finished.take() {
                            if let Ok(token) = &outcome {
                                state.cached = ::core::option::Option::Some((token.clone(), refresh_at));
                            }
                            state.last = ::core::option::Option::Some((self.flight, outcome));
                        }
                        ::core::mem::take(&mut state.waiters)
                    };
                    for (_, waker) in waiters {
                        waker.wake();
                    }
                }
            }

            /// A caller waiting for the request in flight: its outcome, or `None` when that
            /// request was abandoned.
            struct Wait<'a, C> {
                provider: &'a TokenProvider<C>,
                flight: u64,
                ticket: u64,
            }

            impl<C> ::core::future::Future for Wait<'_, C> {
                type Output = ::core::option::Option<Outcome>;

                fn poll(self: ::core::pin::Pin<&mut Self>, cx: &mut ::core::task::Context<'_>) -> ::core::task::Poll<Self::Output> {
                    let mut state = self.provider.lock();
                    if let ::core::option::Option::Some((id, outcome)) = &state.last {
                        if *id >= self.flight {
                            return ::core::task::Poll::Ready(::core::option::Option::Some(outcome.clone()));
                        }
                    }
                    if state.in_flight != ::core::option::Option::Some(self.flight) {
                        return ::core::task::Poll::Ready(::core::option::Option::None);
                    }
                    match state.waiters.iter_mut().find(|(ticket, _)| *ticket == self.ticket) {
                        ::core::option::Option::Some((_, waker)) => {
                            if !waker.will_wake(cx.waker()) {
                                waker.clone_from(cx.waker());
                            }
                        }
                        ::core::option::Option::None => state.waiters.push((self.ticket, cx.waker().clone())),
                    }
                    ::core::task::Poll::Pending
                }
            }

            impl<C> Drop for Wait<'_, C> {
                fn drop(&mut self) {
                    let ticket = self.ticket;
                    self.provider.lock().waiters.retain(|(t, _)| *t != ticket);
                }
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
