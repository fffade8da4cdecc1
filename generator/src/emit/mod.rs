//! Emitters: IR → Rust tokens → formatted source (in parallel, see [`format`]).
//!
//! Architecture invariant: emitters read only the [`Model`] (the IR, the [`TypeSpace`] and
//! the decisions made on them) and the [`Config`]; they never look at the raw document. Everything is emitted in IR order
//! (document order), never by iterating a hash map, so the output is deterministic.
//!
//! Bindings may be included in a private module (`mod api { include!(...) }`), where rustc
//! reports every item nothing calls: the entry points a consumer may leave unused
//! (`DEFINITIONS`, `validate_json`, `Credentials::new`, each operation's `validate_*` and
//! `parse_*_response`, the `HttpClient` constructors) carry `#[allow(dead_code)]`, and
//! everything else is used by what the operations use.

mod client;
mod docs;
mod envelope;
mod format;
mod gate;
mod http;
mod operations;
mod parts;
mod printer;
mod runtime;
mod schemars;
mod scopes;
mod server;
mod token;
mod types;
mod validate;

use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::ir::{Api, SchemaId};
use crate::model::types::{Field, TypeId, TypeRef, TypeSpace};
use crate::model::Model;
use crate::naming;
use format::Sink;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use runtime::{RESERVED, RUNTIME_VERSION};

/// Everything an emitter may read: the model, and short names for its parts.
pub struct Context<'a> {
    /// What the model stage decided.
    pub model: &'a Model<'a>,
    /// The API.
    pub api: &'a Api,
    /// The Rust shape of its schemas.
    pub types: &'a TypeSpace,
    /// What the user asked for.
    pub settings: &'a Config,
    /// The validator functions (the model's plan, rendered).
    pub validators: validate::Validators<'a>,
}

impl Context<'_> {
    /// `file: /pointer` of a schema, for docs and messages.
    pub fn origin(&self, schema: SchemaId) -> String {
        let o = &self.api.schemas.get(schema).origin;
        format!("{}#{}", file_name(&o.file), o.pointer)
    }

    /// Whether a struct field holds a secret that no `Debug` output or violation may show
    /// (see [`crate::model::secret`]).
    pub fn is_secret(&self, f: &Field) -> bool {
        f.secret
    }

    /// The path of the runtime crate, as every reference of generated code starts
    /// ([`Config::runtime_path`]; checked to be a path by [`crate::generate`]).
    pub fn rt(&self) -> proc_macro2::TokenStream {
        self.settings
            .runtime_path
            .parse()
            .unwrap_or_else(|_| quote::quote! { ::oasbind_runtime })
    }

    /// Whether the property or parameter `wire`, of schema `schema`, holds a secret.
    pub fn is_secret_value(&self, wire: &str, schema: SchemaId) -> bool {
        self.model.is_secret(wire, schema)
    }

    /// The `#[cfg(..)]` that turns the type `id` on, if it is gated (the split layout's
    /// base, [`Model::gates`]).
    pub fn gate(&self, id: TypeId) -> Option<proc_macro2::TokenStream> {
        self.model.gate(id).map(gate::attribute)
    }

    /// `#[allow(lints)]` when some items are behind features ([`Model::gated`]): what they
    /// share may then go unused.
    pub fn allow_when_gated(&self, lints: TokenStream) -> Option<TokenStream> {
        self.model.gated().then(|| quote! { #[allow(#lints)] })
    }

    /// `items`, each behind the type `id`'s gate if it has one.
    pub fn gated(&self, id: TypeId, items: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
        match self.gate(id) {
            Some(attr) => gate::each_item(&attr, items),
            None => items,
        }
    }
}

/// Only the file name: output must not depend on where the definition sits on disk.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The Rust spelling of a type reference.
pub fn rust_type(cx: &Context, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Named(id) => {
            let name = ident(&cx.types.def(*id).name);
            quote! { #name }
        }
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::U32 => quote! { u32 },
        TypeRef::U64 => quote! { u64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Bool => quote! { bool },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::Vec(inner) => {
            let inner = rust_type(cx, inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        TypeRef::Map(inner) if **inner == TypeRef::Json => {
            quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(cx, inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(cx, inner);
            quote! { ::core::option::Option<#inner> }
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(cx, inner);
            quote! { ::std::boxed::Box<#inner> }
        }
        TypeRef::Loose(inner) => {
            let (rt, inner) = (cx.rt(), rust_type(cx, inner));
            quote! { #rt::Loose<#inner> }
        }
        TypeRef::Format(format) => {
            let rt = cx.rt();
            let name = ident(format.type_name());
            match format.module(cx.settings.time_crate) {
                Some(module) => {
                    let module = ident(module);
                    quote! { #rt::formats::#module::#name }
                }
                None => quote! { #rt::formats::#name },
            }
        }
        TypeRef::File => {
            let rt = cx.rt();
            quote! { #rt::multipart::FilePart }
        }
        // A path (checked by `crate::generate` and the loader).
        TypeRef::External(path) => path
            .parse()
            .unwrap_or_else(|_| quote! { ::serde_json::Value }),
    }
}

/// How a generated struct is built: `Default` (a derive to add) when every field is an
/// `Option`, else `impl Name { pub fn new(..) }` (an item) whose arguments are the other
/// fields, in order, each `impl Into<T>` (so that `"text"` fills a `String`); the `Option`
/// fields start as `None` and `rest` (the undeclared properties) empty.
pub fn construction(
    cx: &Context,
    name: &Ident,
    fields: &[(Ident, &TypeRef)],
    rest: Option<&Ident>,
) -> (TokenStream, TokenStream) {
    let required: Vec<(&Ident, TokenStream)> = fields
        .iter()
        .filter(|(_, t)| !matches!(t, TypeRef::Option(_)))
        .map(|(f, t)| (f, rust_type(cx, t)))
        .collect();
    if required.is_empty() {
        return (quote! { Default, }, TokenStream::new());
    }
    let args = required
        .iter()
        .map(|(f, t)| quote! { #f: impl ::core::convert::Into<#t> });
    let inits = fields.iter().map(|(f, t)| match t {
        TypeRef::Option(_) => quote! { #f: ::core::option::Option::None, },
        _ => quote! { #f: #f.into(), },
    });
    let rest = rest.map(|r| quote! { #r: ::core::default::Default::default(), });
    let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = docs::text(&format!(
        "Builds `{name}` from its required fields; the optional ones are `None` (set them \
         with `{name} {{ field: Some(..), ..{name}::new(..) }}`)."
    ));
    // A convenience: bindings kept in a private module need not use it.
    let item = quote! {
        impl #name {
            #doc
            #many
            #[allow(dead_code)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #rest }
            }
        }
    };
    (TokenStream::new(), item)
}

/// A field of a generated struct, as its `Debug` shows it.
pub struct Shown {
    /// The field.
    pub field: Ident,
    /// Whether it holds a secret: `Debug` shows `<redacted>`.
    pub secret: bool,
}

/// `Debug` for a struct: derived when no field is secret (a derive to add), else an impl
/// (an item) that shows the secret ones as `"<redacted>"` and the others as the derive
/// would.
pub fn debug(name: &Ident, fields: &[Shown]) -> (TokenStream, TokenStream) {
    if !fields.iter().any(|f| f.secret) {
        return (quote! { Debug, }, TokenStream::new());
    }
    let label = naming::unraw(&name.to_string()).to_owned();
    let shown = fields.iter().map(|f| {
        let field = &f.field;
        let label = naming::unraw(&field.to_string()).to_owned();
        if f.secret {
            quote! { .field(#label, &"<redacted>") }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    let item = quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label) #(#shown)* .finish()
            }
        }
    };
    (TokenStream::new(), item)
}

/// An identifier from a name the naming module produced (`r#type` → raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Emits the items of a generated module into `sink`, in output order; returns the
/// warnings met while emitting them.
pub fn items(model: &Model, sink: &mut Sink) -> Vec<Diagnostic> {
    let (api, settings, types) = (model.api, model.settings, &model.types);
    let validators = validate::Validators::new(&model.validators);
    let context = Context {
        model,
        api,
        types,
        settings,
        validators,
    };
    let cx = &context;

    // The module's parts in output order, each a job for whichever thread is free.
    let mut warnings = model.warnings.clone();
    let mut jobs: Vec<Job> = vec![Box::new(|sink| sink.push(runtime::head(cx)))];
    for (chunk, defs) in types.defs.chunks(CHUNK).enumerate() {
        jobs.push(Box::new(move |sink| {
            for (i, def) in defs.iter().enumerate() {
                let id = TypeId(chunk * CHUNK + i);
                sink.push(cx.gated(id, types::item(cx, def)));
            }
        }));
    }
    // The largest jobs start first: these impls (the typed checks of all types are
    // planned at once) and the client's trait.
    let impls = jobs.len();
    jobs.push(Box::new(|sink| validate::impls(cx, &cx.validators, sink)));
    jobs.push(Box::new(|sink| {
        sink.push(envelope::items(cx));
        sink.push(scopes::items(cx));
    }));
    // The client: its operations' items in runs of `OPERATIONS` (each job plans its own
    // run: a plan holds tokens, which stay on one thread), then the trait and what follows
    // it, one job that plans them all again (planning is cheap beside emitting).
    let mut client = None;
    if settings.client && !api.operations.is_empty() {
        let plans = &model.operations[..];
        let ops = api
            .operations
            .chunks(OPERATIONS)
            .zip(plans.chunks(OPERATIONS));
        for (i, (ops, plans)) in ops.enumerate() {
            jobs.push(Box::new(move |sink| {
                if i == 0 {
                    sink.push(client::head(cx));
                }
                for (op, plan) in ops.iter().zip(&operations::plan(cx, plans)) {
                    sink.push(client::operation_items(cx, op, plan));
                }
            }));
        }
        client = Some(jobs.len());
        jobs.push(Box::new(move |sink| {
            let ops = operations::plan(cx, plans);
            sink.push(client::client_trait(cx, &ops));
            sink.push(token::items(cx, &ops));
            if settings.http {
                sink.push(http::items(cx, &ops));
            }
            if settings.server {
                sink.push(server::items(cx, &ops));
            }
        }));
    }
    // Last, the validators the other parts call (the plan says which), in runs.
    let count = cx.validators.count();
    for start in (0..count.max(1)).step_by(CHUNK) {
        let end = (start + CHUNK).min(count);
        jobs.push(Box::new(move |sink| {
            sink.push(cx.validators.items(cx, start..end))
        }));
    }
    run(jobs, &[Some(impls), client], sink);
    cx.validators.verify(cx);
    warnings.extend(model.validators.warnings.iter().cloned());
    warnings
}

/// One part of the output, emitted into a sink of its own.
type Job<'a> = Box<dyn FnOnce(&mut Sink) + Send + 'a>;

/// Type definitions per job: small enough that two threads finish together, large
/// enough that handing jobs out costs nothing.
const CHUNK: usize = 64;

/// Operations per job, for the same reasons.
const OPERATIONS: usize = 64;

/// Runs `jobs` on every core, those at `early` first and then the others in order, each
/// into its own part of `sink`: the output is the same whatever thread ran what.
fn run(jobs: Vec<Job>, early: &[Option<usize>], sink: &mut Sink) {
    let mut queue: Vec<Option<(Job, Sink)>> = jobs
        .into_iter()
        .map(|job| Some((job, sink.split())))
        .collect();
    let mut order: Vec<(Job, Sink)> = early
        .iter()
        .filter_map(|&i| queue.get_mut(i?)?.take())
        .collect();
    order.extend(queue.into_iter().flatten());
    let queue = std::sync::Mutex::new(order.into_iter());
    let next = || queue.lock().unwrap_or_else(|e| e.into_inner()).next();
    let work = || {
        while let Some((job, mut part)) = next() {
            job(&mut part);
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
}

/// Emits and formats a source file with the `@generated` header; returns it with the
/// warnings met while emitting.
pub fn source(model: &Model) -> Result<(String, Vec<Diagnostic>)> {
    let api = model.api;
    let title = if api.info.title.is_empty() {
        "an API"
    } else {
        &api.info.title
    };
    let head = format!(
        "// @generated by oasbind {} from {} ({} {}).\n// Do not edit by hand: change the definition and regenerate.\n\n",
        env!("CARGO_PKG_VERSION"),
        file_name(&api.source),
        docs::one_line(title),
        docs::one_line(&api.info.version),
    );
    let (warnings, code) =
        format::pipeline(&head, model.settings.formatter, |sink| items(model, sink))?;
    Ok((code, warnings))
}
