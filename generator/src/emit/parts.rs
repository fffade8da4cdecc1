//! The structs an operation adds for what is not JSON: its `multipart/form-data` form
//! (fields and file parts, written as the runtime's `multipart::Form`) and the response
//! headers its answers document (read from the runtime's `Response`).

use super::{construction, debug, docs, ident, rust_type, Context, Shown};
use crate::model::client::{FormPlan, HeadersPlan};
use crate::model::types::TypeRef;
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

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
        let description = cx.api.schemas.get(f.schema).docs.description.as_deref();
        let doc = field_doc(&format!("`{wire}`"), description);
        let ty = rust_type(cx, &f.ty);
        decls.push(quote! { #doc pub #field: #ty, });
        // Files as they are (an absent one adds nothing); values in OpenAPI's default
        // encoding (the runtime leaves out an absent `Option`).
        let some = quote! { ::core::option::Option::Some };
        writes.push(match &f.ty {
            _ if !f.is_file() => quote! { form.value(#wire, &self.#field); },
            TypeRef::File => quote! { form.file(#wire, &self.#field); },
            TypeRef::Vec(_) => quote! { form.files(#wire, &self.#field); },
            TypeRef::Option(inner) if **inner == TypeRef::File => quote! {
                if let #some(value) = &self.#field {
                    form.file(#wire, value);
                }
            },
            _ => quote! {
                if let #some(value) = &self.#field {
                    form.files(#wire, value);
                }
            },
        });
        shown.push(Shown {
            field: field.clone(),
            secret: cx.is_secret_value(wire, f.schema),
        });
        typed.push((field, &f.ty));
    }
    let (debug, debug_impl) = debug(&name, &shown);
    let (default, ctor) = construction(cx, &name, &typed, None);
    let doc = docs::text(&format!(
        "The `multipart/form-data` body of [`Client::{}`]: a part per field, files as their \
         bytes with their name and content type.",
        naming::unraw(&method.to_string())
    ));
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
            pub fn to_form(&self) -> #rt::multipart::Form<'_> {
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
        let label = match h.required {
            true => format!("`{wire}` (required)"),
            false => format!("`{wire}`"),
        };
        let doc = field_doc(&label, h.description.as_deref());
        let ty = rust_type(cx, &h.ty);
        decls.push(quote! { #doc pub #field: #ty, });
        if h.required {
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

/// A field's doc: its label, then its description when it has one.
fn field_doc(label: &str, description: Option<&str>) -> TokenStream {
    match description {
        Some(d) if !d.trim().is_empty() => docs::text(&format!("{label}: {d}")),
        _ => docs::text(&format!("{label}.")),
    }
}
