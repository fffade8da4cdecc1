//! The client surface: credentials, per-operation parameter structs, request checks,
//! response parsing, and the transport-agnostic `Client` trait. Calls fail with the
//! runtime's `ClientError`, one type for every API.
//!
//! Everything a transport needs beyond moving bytes (what to check before sending, how to
//! read each documented status) is emitted here, so that the HTTP implementation and a
//! test fake share it.

use super::operations::{Answers, OpPlan};
use super::parts;
use super::rust_type;
use super::{construction, debug, Shown};
use super::{docs, ident, Context};
use crate::ir::{Location, Operation, Response, SchemaId, SecurityKind, StatusCode};
use crate::model::client::{self as model, is_success, RequestBody};
use crate::model::types::TypeRef;
use crate::model::validators::has_lean_path;
use crate::naming;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

fn answer_enum(op: &Operation, answers: &Answers, method: &proc_macro2::Ident) -> TokenStream {
    let Some((name, variants)) = &answers.variants else {
        return TokenStream::new();
    };
    let decls = variants.iter().map(|(v, t, status)| {
        let description = op
            .responses
            .iter()
            .find(|r| r.status == *status)
            .and_then(|r| r.description.clone())
            .unwrap_or_default();
        let doc = docs::text(&format!("`{}`: {}", status_label(*status), description));
        quote! { #doc #v(#t), }
    });
    let doc = docs::text(&format!(
        "The documented answers of [`Client::{}`], by status.",
        naming::unraw(&method.to_string())
    ));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name { #(#decls)* }
    }
}

fn status_label(status: StatusCode) -> String {
    match status {
        StatusCode::Exact(c) => c.to_string(),
        StatusCode::Range(d) => format!("{d}XX"),
        StatusCode::Default => "default".to_owned(),
    }
}

/// The client's first items: the credentials. Each operation's items follow
/// ([`operation_items`]), then the trait ([`client_trait`]).
pub fn head(cx: &Context) -> TokenStream {
    credentials(cx)
}

/// The `Client` trait: a method per operation.
pub fn client_trait(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let rt = cx.rt();
    let methods = cx
        .api
        .operations
        .iter()
        .zip(ops)
        .map(|(op, plan)| trait_method(op, plan, &rt));
    let info = &cx.api.info;
    let mut about = format!(
        "The operations of {}",
        if info.title.is_empty() {
            "the API"
        } else {
            &info.title
        }
    );
    if !info.version.is_empty() {
        about.push_str(&format!(" {}", info.version));
    }
    about.push_str(", independent of any HTTP library.\n\nImplementations check the request with the `validate_*` function of the operation before sending (an invalid request is never sent) and read the answer with its `parse_*_response` function. Each method returns its call boxed (`Box::pin(async move { .. })`), so the trait is object-safe: `Arc<dyn Client>` holds any implementation.");
    if let Some(d) = &info.description {
        about.push_str("\n\n");
        about.push_str(d);
    }
    let about = docs::text(&about);
    quote! {
        #about
        #[allow(clippy::type_complexity)]
        pub trait Client {
            #(#methods)*
        }
    }
}

fn credentials(cx: &Context) -> TokenStream {
    let schemes = &cx.api.security_schemes;
    if !cx.model.has_credentials() {
        return TokenStream::new();
    }
    let rt = cx.rt();
    let mut names = naming::Scope::default();
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for scheme in schemes {
        let base = naming::unraw(&naming::snake(&scheme.name, "credential")).to_owned();
        let (what, parts): (String, Vec<(&str, bool)>) = match &scheme.kind {
            SecurityKind::ApiKey {
                location,
                parameter,
            } => (
                format!(
                    "API key sent in {} `{}`",
                    location_phrase(*location),
                    parameter
                ),
                vec![("", true)],
            ),
            SecurityKind::HttpBasic => (
                "HTTP basic authentication".to_owned(),
                vec![("_username", false), ("_password", true)],
            ),
            // Bearer tokens come from the client's token source (the runtime's `TokenSource`).
            SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. } => continue,
        };
        for (suffix, secret) in parts {
            let name = ident(&names.claim(&naming::keyword_safe(&format!("{base}{suffix}"))));
            let mut doc = format!("{what} (security scheme `{}`).", scheme.name);
            if let Some(d) = &scheme.description {
                doc.push_str("\n\n");
                doc.push_str(d);
            }
            let doc = docs::text(&doc);
            let ty = if secret {
                quote! { #rt::Secret }
            } else {
                quote! { ::std::string::String }
            };
            let wrap = if secret {
                quote! { #rt::Secret::new(#name) }
            } else {
                quote! { #name.into() }
            };
            fields.push(quote! { #doc pub #name: #ty, });
            args.push(quote! { #name: impl ::core::convert::Into<::std::string::String> });
            inits.push(quote! { #name: #wrap, });
        }
    }
    let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        /// The credentials of every security scheme of the definition. Secrets are
        /// redacted from `Debug`.
        #[derive(Clone, Debug)]
        pub struct Credentials {
            #(#fields)*
        }

        impl Credentials {
            /// Credentials from their values, in the order the definition declares its schemes.
            #many
            #[allow(dead_code)]
            pub fn new(#(#args),*) -> Credentials {
                Credentials { #(#inits)* }
            }
        }
    }
}

fn location_phrase(l: Location) -> &'static str {
    match l {
        Location::Header => "header",
        Location::Query => "query parameter",
        Location::Cookie => "cookie",
        Location::Path => "path",
    }
}

pub fn operation_items(cx: &Context, op: &Operation, plan: &OpPlan) -> TokenStream {
    let method = &plan.method;
    let mut tokens = TokenStream::new();
    let mut checks = Vec::new();
    if let (Some(params), model::ParamsDecl::Alias(owner)) = (&plan.params, &plan.model.params_decl)
    {
        let owner = &cx.model.operations[*owner];
        let name = owner.params.as_deref().map(ident);
        let doc = docs::text(&format!(
            "Parameters of [`Client::{}`]: the same as [`Client::{}`]'s, so the same struct \
             (its `Debug` shows that struct's name).",
            naming::unraw(&method.to_string()),
            naming::unraw(&owner.method),
        ));
        tokens.extend(quote! {
            #doc
            pub type #params = #name;
        });
        checks.extend(param_checks(cx, op, plan, &TokenStream::new()));
    } else if let Some(params) = &plan.params {
        // Each parameter's field and type: optional ones are `Option`s.
        let typed: Vec<(proc_macro2::Ident, TypeRef)> = op
            .parameters
            .iter()
            .zip(&plan.param_fields)
            .map(|(p, name)| {
                let base = cx.types.type_of(p.schema).clone();
                let ty = if p.required {
                    base
                } else {
                    TypeRef::Option(Box::new(base))
                };
                (name.clone(), ty)
            })
            .collect();
        // A secret parameter (an API key, a one-time password) is never shown by `Debug`,
        // and its violations quote nothing.
        let mut shown = Vec::new();
        let fields = op.parameters.iter().zip(&typed).map(|(p, (name, ty))| {
            let secret = cx.is_secret_value(&p.name, p.schema);
            shown.push(Shown {
                field: name.clone(),
                secret,
            });
            let ty = rust_type(cx, ty);
            let mut doc = format!(
                "`{}` ({} parameter, {}).",
                p.name,
                p.location.as_str(),
                if p.required { "required" } else { "optional" }
            );
            if let Some(d) = p.description.as_deref().filter(|d| d.trim() != p.name) {
                doc.push_str("\n\n");
                doc.push_str(d);
            }
            let schema_docs = &cx.api.schemas.get(p.schema).docs;
            if let Some(default) = &schema_docs.default {
                doc.push_str(&format!(
                    "\n\nDefault: `{}`",
                    default.to_string().replace('`', "'")
                ));
            }
            let doc = docs::text(&doc);
            quote! { #doc pub #name: #ty, }
        });
        let fields: Vec<TokenStream> = fields.collect();
        checks.extend(param_checks(cx, op, plan, &TokenStream::new()));
        let mut doc = format!(
            "Parameters of [`Client::{}`]",
            naming::unraw(&method.to_string())
        );
        if let model::ParamsDecl::Shared(users) = &plan.model.params_decl {
            // A shape many operations share would list them all: the first few say what
            // it is.
            const LISTED: usize = 3;
            let listed: Vec<String> = users
                .iter()
                .take(LISTED)
                .map(|&i| {
                    format!(
                        "[`Client::{}`]",
                        naming::unraw(&cx.model.operations[i].method)
                    )
                })
                .collect();
            let more = users.len().saturating_sub(LISTED);
            let listed = match (listed.split_last(), more) {
                (Some((last, rest)), 0) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                (_, 0) => listed.join(", "),
                (_, more) => format!("{} and {more} more operations", listed.join(", ")),
            };
            doc.push_str(&format!(", and of {listed}, which name it by aliases"));
        }
        doc.push('.');
        let doc = docs::text(&doc);
        let (debug, debug_impl) = debug(params, &shown);
        let typed: Vec<(proc_macro2::Ident, &TypeRef)> =
            typed.iter().map(|(f, t)| (f.clone(), t)).collect();
        let (default, ctor) = construction(cx, params, &typed, None);
        tokens.extend(quote! {
            #doc
            #[derive(Clone, #debug #default PartialEq)]
            pub struct #params {
                #(#fields)*
            }
        });
        tokens.extend(ctor);
        tokens.extend(debug_impl);
    }
    let params_arg = plan.params.as_ref().map(|p| quote! { params: &#p, });
    let body_arg = plan.body.as_ref().map(|b| quote! { body: &#b, });
    let params_checked = !checks.is_empty();
    let body_checks_before = checks.len();
    match &plan.model.body {
        Some(RequestBody::Typed(_)) => {
            let f = op
                .body
                .as_ref()
                .and_then(|b| b.schema)
                .and_then(|s| cx.validators.name(s));
            if let Some(f) = f {
                checks.push(quote! { check::check_part(Some(body), "", #f, out); });
            }
        }
        Some(RequestBody::Multipart(Some(form))) => {
            tokens.extend(parts::form(cx, form, method));
            // The fields that are values (not files), each against its property's schema.
            for f in form.fields.iter().filter(|f| !f.is_file()) {
                let field = ident(&f.field);
                let access = match &f.ty {
                    TypeRef::Option(_) => quote! { body.#field.as_ref() },
                    _ => quote! { Some(&body.#field) },
                };
                let pointer = format!("/{}", pointer_token(&f.wire));
                let secret = cx.is_secret_value(&f.wire, f.schema);
                checks.extend(part_check(
                    cx,
                    access,
                    &pointer,
                    f.schema,
                    secret,
                    &TokenStream::new(),
                ));
            }
        }
        _ => {}
    }
    let body_checked = checks.len() > body_checks_before;
    for answers in [&plan.model.success, &plan.model.error] {
        for (answer, status) in answers_of(answers) {
            if let Some(headers) = &answer.headers {
                let what = match status {
                    Some(status) => format!(
                        "a `{}` answer of [`Client::{}`]",
                        status_label(status),
                        naming::unraw(&method.to_string())
                    ),
                    None => format!(
                        "[`Client::{}`]'s answer",
                        naming::unraw(&method.to_string())
                    ),
                };
                tokens.extend(parts::headers(cx, headers, &what));
            }
        }
    }
    let validate_fn = &plan.validate_fn;
    let rt = cx.rt();
    // The checks append to one list; the runtime makes it the result.
    let checked = if checks.is_empty() {
        quote! { Ok(()) }
    } else {
        quote! {
            let mut violations = ::std::vec::Vec::new();
            let out = &mut violations;
            #(#checks)*
            check::result(violations)
        }
    };
    let (ps, bs) = (
        if plan.params.is_some() && !params_checked {
            quote! { let _ = params; }
        } else {
            TokenStream::new()
        },
        if plan.body.is_some() && !body_checked {
            quote! { let _ = body; }
        } else {
            TokenStream::new()
        },
    );
    let vdoc = docs::text(&format!(
        "Checks a [`Client::{}`] request against the definition: parameters (pointers `/{{in}}/{{name}}`) and body (pointers into the body).",
        naming::unraw(&method.to_string())
    ));
    tokens.extend(match plan.model.validate_decl {
        model::FnDecl::Own => quote! {
            #vdoc
            #[allow(dead_code)]
            #[inline]
            pub fn #validate_fn(#params_arg #body_arg) -> ::core::result::Result<(), #rt::Violations> {
                #ps #bs
                #checked
            }
        },
        model::FnDecl::SameAs(owner) => {
            let owner = &cx.model.operations[owner];
            let lead = format!("Checks a [`Client::{}`] request against the definition", naming::unraw(&method.to_string()));
            same_function(&lead, validate_fn, &owner.validate_fn, &owner.method)
        }
    });
    tokens.extend(parse_fn(cx, op, plan));
    tokens
}

/// `name`, the function that `lead` describes, as a re-export of `owner_fn`, which does
/// the same for `owner_method` (see [`model::FnDecl`]).
fn same_function(
    lead: &str,
    name: &proc_macro2::Ident,
    owner_fn: &str,
    owner_method: &str,
) -> TokenStream {
    let owner_fn = ident(owner_fn);
    let doc = docs::text(&format!(
        "{lead}: the same as for [`Client::{}`], so the same function ([`{owner_fn}`]).",
        naming::unraw(owner_method),
    ));
    quote! {
        #doc
        #[doc(inline)]
        pub use self::#owner_fn as #name;
    }
}

/// A JSON pointer token (`~` and `/` escaped).
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Each answer of a side, with its status when the side has a variant per status.
fn answers_of(answers: &model::Answers) -> Vec<(&model::Answer, Option<StatusCode>)> {
    match answers {
        model::Answers::One(answer) => vec![(answer, None)],
        model::Answers::ByStatus(_, variants) => variants
            .iter()
            .map(|v| (&v.answer, Some(v.status)))
            .collect(),
    }
}

fn parse_fn(cx: &Context, op: &Operation, plan: &OpPlan) -> TokenStream {
    let (success, parse_fn) = (&plan.success.ty, &plan.parse_fn);
    let enums = [
        answer_enum(op, &plan.success, &plan.method),
        answer_enum(op, &plan.error, &plan.method),
    ];
    if let model::FnDecl::SameAs(owner) = plan.model.parse_decl {
        let owner = &cx.model.operations[owner];
        let lead = format!(
            "Reads the answer to a [`Client::{}`] call",
            naming::unraw(&plan.method.to_string())
        );
        let function = same_function(&lead, parse_fn, &owner.parse_fn, &owner.method);
        return quote! { #(#enums)* #function };
    }
    let rt = cx.rt();
    // The answer to one response: a parse (a `Result`) or a plain value.
    let value = |r: &Response| -> (TokenStream, bool) {
        let answer = plan.model.answer(r.status);
        let schema = r.body.as_ref().and_then(|b| b.schema);
        let (body, parsed) = match answer.body {
            model::AnswerBody::Json(_) if schema.is_some_and(|s| has_lean_path(cx.types, s)) => {
                (quote! { check::parse_typed(response) }, true)
            }
            model::AnswerBody::Json(_) => match schema.and_then(|s| cx.validators.name(s)) {
                Some(f) => (quote! { check::parse_body(response, #f) }, true),
                None => (quote! { check::parse_body(response, check::accept) }, true),
            },
            model::AnswerBody::Text => (quote! { check::text_body(response) }, true),
            model::AnswerBody::Bytes => (quote! { check::bytes_body(response) }, false),
            model::AnswerBody::Unit => (quote! { () }, false),
        };
        match &answer.headers {
            Some(headers) => {
                let headers = ident(&headers.name);
                let body = if parsed {
                    body
                } else {
                    quote! { Ok(#body) }
                };
                (
                    quote! { check::with_headers(#body, #headers::read(response)) },
                    true,
                )
            }
            None => (body, parsed),
        }
    };
    let wrap = |answers: &Answers, r: &Response, v: TokenStream| -> TokenStream {
        match &answers.variants {
            Some((name, variants)) => {
                let variant = variants
                    .iter()
                    .find(|(_, _, s)| *s == r.status)
                    .map(|(v, _, _)| v);
                quote! { #name::#variant(#v) }
            }
            None => v,
        }
    };
    // An arm's tokens, and whether they read the response.
    let arm = |r: &Response| -> (TokenStream, bool) {
        let (v, parsed) = value(r);
        if is_success(r.status) && parsed && plan.success.variants.is_none() {
            // The parse already has the function's type: `Ok(x?)` would be needless.
            return (v, true);
        }
        let answers = if is_success(r.status) {
            &plan.success
        } else {
            &plan.error
        };
        if parsed && !is_success(r.status) {
            // One line per documented error: parse, wrap, report.
            let (wrap, body) = match &answers.variants {
                Some((name, variants)) => {
                    let variant = variants
                        .iter()
                        .find(|(_, _, s)| *s == r.status)
                        .map(|(v, _, _)| v);
                    (quote! { #name::#variant }, quote! { _ })
                }
                // The body is the error type itself: say which (the error keeps it erased).
                None => (quote! { ::core::convert::identity }, answers.ty.clone()),
            };
            return (
                quote! { check::api_error::<#body, _, _>(response, #v, #wrap) },
                true,
            );
        }
        let v = if parsed {
            quote! { #v? }
        } else {
            v
        };
        let v = wrap(answers, r, v);
        if is_success(r.status) {
            (quote! { Ok(#v) }, parsed)
        } else {
            (quote! { check::api_answer(response, #v) }, true)
        }
    };
    let mut arms = Vec::new();
    for r in op
        .responses
        .iter()
        .filter(|r| r.status != StatusCode::Default)
    {
        let pattern = match r.status {
            StatusCode::Exact(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { #code }
            }
            StatusCode::Range(d) => {
                let (lo, hi) = (
                    Literal::u16_unsuffixed(d as u16 * 100),
                    Literal::u16_unsuffixed(d as u16 * 100 + 99),
                );
                quote! { #lo..=#hi }
            }
            StatusCode::Default => continue,
        };
        let (arm, _) = arm(r);
        arms.push(quote! { #pattern => #arm, });
    }
    let (fallback, fallback_reads) = match op
        .responses
        .iter()
        .find(|r| r.status == StatusCode::Default)
    {
        Some(r) => arm(r),
        None => (quote! { check::unexpected_status(response) }, true),
    };
    let dispatch = if arms.is_empty() {
        fallback
    } else {
        quote! { match response.status() { #(#arms)* _ => #fallback, } }
    };
    let ignore = (arms.is_empty() && !fallback_reads).then(|| quote! { let _ = response; });
    let doc = docs::text(&format!(
        "Reads the answer to a [`Client::{}`] call: the documented success body, a documented error, or why the answer does not match the definition.",
        naming::unraw(&plan.method.to_string())
    ));
    quote! {
        #(#enums)*
        #doc
        #[allow(dead_code, clippy::type_complexity)]
        #[inline]
        pub fn #parse_fn(response: &#rt::Response) -> ::core::result::Result<#success, #rt::ClientError> {
            #ignore
            #dispatch
        }
    }
}

fn trait_method(op: &Operation, plan: &OpPlan, rt: &TokenStream) -> TokenStream {
    let doc = docs::text(&operation_doc(op));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let (method, success) = (&plan.method, &plan.success.ty);
    let params = plan.params.as_ref().map(|p| quote! { params: &'a #p, });
    let body = plan.body.as_ref().map(|b| quote! { body: &'a #b, });
    let CallBorrows {
        generics,
        receiver,
        lifetime,
    } = CallBorrows::of(plan);
    quote! {
        #doc
        #deprecated
        fn #method #generics(#receiver, #params #body) -> #rt::BoxFuture<#lifetime, ::core::result::Result<#success, #rt::ClientError>>;
    }
}

/// What a client method's future borrows: the receiver and every argument (`'a`), or,
/// without arguments, the receiver alone (`'_`).
pub(super) struct CallBorrows {
    pub generics: TokenStream,
    pub receiver: TokenStream,
    pub lifetime: TokenStream,
}

impl CallBorrows {
    pub fn of(plan: &OpPlan) -> Self {
        if plan.params.is_none() && plan.body.is_none() {
            CallBorrows {
                generics: TokenStream::new(),
                receiver: quote! { &self },
                lifetime: quote! { '_ },
            }
        } else {
            CallBorrows {
                generics: quote! { <'a> },
                receiver: quote! { &'a self },
                lifetime: quote! { 'a },
            }
        }
    }
}

/// An operation's documentation: its summary, description, method and path.
pub(super) fn operation_doc(op: &Operation) -> String {
    let mut doc = String::new();
    if let Some(s) = &op.summary {
        doc.push_str(s);
    }
    if let Some(d) = &op.description {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(d);
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.method.as_str(), op.path));
    doc
}

/// The checks of an operation's parameters (in `params`) against their schemas, beyond
/// what their types hold; `scope` is the path of the bindings' module from where the
/// checks are (`super::` in a nested module).
pub(super) fn param_checks(
    cx: &Context,
    op: &Operation,
    plan: &OpPlan,
    scope: &TokenStream,
) -> Vec<TokenStream> {
    op.parameters
        .iter()
        .zip(&plan.param_fields)
        .filter_map(|(p, name)| {
            let pointer = format!("/{}/{}", p.location.as_str(), pointer_token(&p.name));
            let access = if p.required {
                quote! { Some(&params.#name) }
            } else {
                quote! { params.#name.as_ref() }
            };
            let secret = cx.is_secret_value(&p.name, p.schema);
            part_check(cx, access, &pointer, p.schema, secret, scope)
        })
        .collect()
}

/// The check of one part of a request (a parameter, a form field) whose value `access`
/// gives as an `Option<&T>`, against `schema` beyond what its type holds; nothing when
/// the type holds it all. A `secret` value's violations quote nothing.
fn part_check(
    cx: &Context,
    access: TokenStream,
    pointer: &str,
    schema: SchemaId,
    secret: bool,
    scope: &TokenStream,
) -> Option<TokenStream> {
    let f = cx.validators.name_beyond_type(
        cx.types.type_of(schema),
        cx.api.schemas.get(schema),
        schema,
    )?;
    let f = match secret {
        true => quote! { |v, p, out| #scope check::secret(v, p, out, #scope #f) },
        false => quote! { #scope #f },
    };
    Some(quote! { #scope check::check_part(#access, #pointer, #f, out); })
}
