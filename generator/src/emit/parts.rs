//! The structs an operation adds for what is not JSON: its `multipart/form-data` form
//! (fields and file parts, written as the runtime's `multipart::Form`) and the response
//! headers its answers document (read from the runtime's `Response`).

use super::{constructor, docs, ident, rust_type, Context};
use crate::model::client::{FormPlan, HeadersPlan};
use crate::model::types::TypeRef;
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A field of a generated struct, as its `Debug` shows it.
pub struct Shown {
    /// The field.
    pub field: Ident,
    /// Whether it holds a secret: `Debug` shows `<redacted>`.
    pub secret: bool,
}

/// `Debug` for a struct: derived when no field is secret (returned as the derive to add),
/// else an impl that redacts the secret ones (returned as an item).
pub fn debug(name: &Ident, fields: &[Shown]) -> (TokenStream, TokenStream) {
    if !fields.iter().any(|f| f.secret) {
        return (quote! { Debug, }, TokenStream::new());
    }
    let label = name.to_string();
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

/// The form struct of a `multipart/form-data` body, with its constructor and `to_form`.
pub fn form(cx: &Context, form: &FormPlan, method: &Ident) -> TokenStream {
    let rt = cx.rt();
    let name = ident(&form.name);
    let mut shown = Vec::new();
    let mut decls = Vec::new();
    let mut writes = Vec::new();
    let mut typed = Vec::new();
    for f in &form.fields {
        let (field, wire) = (ident(&f.field), &f.wire);
        let schema = cx.api.schemas.get(f.schema);
        let mut doc = format!("`{wire}`");
        match schema.docs.description.as_deref() {
            Some(d) if !d.trim().is_empty() => doc.push_str(&format!(": {d}")),
            _ => doc.push('.'),
        }
        let doc = docs::text(&doc);
        let ty = rust_type(cx, &f.ty);
        decls.push(quote! { #doc pub #field: #ty, });
        // Files as they are; values (an absent `Option` adds nothing) in OpenAPI's default
        // encoding.
        let (optional, inner) = match &f.ty {
            TypeRef::Option(inner) => (true, &**inner),
            t => (false, t),
        };
        let value = if optional {
            quote! { value }
        } else {
            quote! { &self.#field }
        };
        let write = match inner {
            TypeRef::File => quote! { form.file(#wire, #value); },
            TypeRef::Vec(t) if **t == TypeRef::File => quote! { form.files(#wire, #value); },
            _ => quote! { form.value(#wire, &self.#field); },
        };
        writes.push(match (optional, f.is_file()) {
            (true, true) => quote! {
                if let ::core::option::Option::Some(value) = &self.#field {
                    #write
                }
            },
            _ => write,
        });
        shown.push(Shown {
            field: field.clone(),
            secret: cx.is_secret_value(wire, f.schema),
        });
        typed.push((field, &f.ty));
    }
    let (debug, debug_impl) = debug(&name, &shown);
    let default = typed
        .iter()
        .all(|(_, t)| matches!(t, TypeRef::Option(_)))
        .then(|| quote! { Default, });
    let doc = docs::text(&format!(
        "The `multipart/form-data` body of [`Client::{}`]: a part per field, files as their \
         bytes with their name and content type.",
        naming::unraw(&method.to_string())
    ));
    let ctor = constructor(cx, &name, &typed, None);
    quote! {
        #doc
        #[derive(Clone, #debug #default PartialEq)]
        pub struct #name {
            #(#decls)*
        }

        #ctor
        #debug_impl

        impl #name {
            /// The form's parts, in the definition's order.
            pub fn to_form(&self) -> #rt::multipart::Form {
                let mut form = #rt::multipart::Form::new();
                #(#writes)*
                form
            }
        }
    }
}

/// The struct of an answer's documented headers, and its `read`.
pub fn headers(cx: &Context, headers: &HeadersPlan, what: &str) -> TokenStream {
    let rt = cx.rt();
    let name = ident(&headers.name);
    let mut shown = Vec::new();
    let mut decls = Vec::new();
    let mut reads = Vec::new();
    let mut patterns = Vec::new();
    for h in &headers.fields {
        let (field, wire) = (ident(&h.field), &h.wire);
        let lower = wire.to_ascii_lowercase();
        let mut doc = format!("`{wire}`");
        if h.required {
            doc.push_str(" (required)");
        }
        let description =
            h.description
                .as_deref()
                .or(cx.api.schemas.get(h.schema).docs.description.as_deref());
        match description {
            Some(d) if !d.trim().is_empty() => doc.push_str(&format!(": {d}")),
            _ => doc.push('.'),
        }
        let doc = docs::text(&doc);
        let ty = match &h.ty {
            TypeRef::Option(_) => h.ty.clone(),
            t if !h.required => TypeRef::Option(Box::new(t.clone())),
            t => t.clone(),
        };
        let ty = rust_type(cx, &ty);
        decls.push(quote! { #doc pub #field: #ty, });
        if h.required && !matches!(h.ty, TypeRef::Option(_)) {
            reads.push(quote! { check::required_header(response, #lower, &mut out) });
            patterns.push(quote! { ::core::option::Option::Some(#field) });
        } else {
            reads.push(quote! { check::header(response, #lower, &mut out) });
            patterns.push(quote! { #field });
        }
        shown.push(Shown {
            field,
            // Cookies carry sessions, whatever their header's schema says.
            secret: cx.is_secret_value(wire, h.schema)
                || ["set-cookie", "cookie"].contains(&lower.as_str()),
        });
    }
    let (debug, debug_impl) = debug(&name, &shown);
    // Every header read in turn, then the struct when every required one is present and
    // nothing is wrong. The fields are bound only in the pattern, so that a header named
    // `out` or `response` shadows nothing the reads use.
    let fields = shown.iter().map(|f| &f.field);
    let result = quote! {
        match (#(#reads,)* out.is_empty()) {
            (#(#patterns,)* true) => ::core::result::Result::Ok(#name { #(#fields),* }),
            _ => ::core::result::Result::Err(check::invalid_headers(response, out)),
        }
    };
    let doc = docs::text(&format!(
        "The headers of {what} that the definition documents."
    ));
    quote! {
        #doc
        #[derive(Clone, #debug PartialEq)]
        pub struct #name {
            #(#decls)*
        }

        #debug_impl

        impl #name {
            /// Reads them from an answer: a value of the wrong type, or a required header
            /// that is missing, is a violation at `/headers/<name>`.
            pub fn read(response: &#rt::Response) -> ::core::result::Result<Self, #rt::ClientError> {
                let mut out = ::std::vec::Vec::new();
                #result
            }
        }
    }
}
