//! Violations → the API's own error envelope (which one, and the role of each field, the
//! model decides: [`crate::model::envelope`]).

use super::{ident, Context};
use crate::model::envelope::Role;
use crate::model::types::{TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl From<&Violation> for <Envelope>` (the runtime's `Violation`) when the definition has a usable envelope.
pub fn items(cx: &Context) -> TokenStream {
    let Some(envelope) = &cx.model.envelope else {
        return TokenStream::new();
    };
    let def = cx.types.def(envelope.ty);
    let TypeKind::Struct(st) = &def.kind else {
        return TokenStream::new();
    };
    let name = ident(&def.name);
    let fields = st.fields.iter().zip(&envelope.roles).map(|(f, role)| {
        let fname = ident(&f.rust);
        let string = |value: TokenStream| -> TokenStream {
            match &f.ty {
                TypeRef::Option(_) => quote! { ::core::option::Option::Some(#value) },
                _ => value,
            }
        };
        let value = match role {
            Some(Role::Status) => string(quote! { status.to_string() }),
            Some(Role::Code) => string(quote! { v.keyword.to_owned() }),
            Some(Role::Pointer) => string(quote! { v.pointer.clone() }),
            Some(Role::Message) => string(quote! { summary.to_owned() }),
            Some(Role::Detail) => string(quote! { v.message.clone() }),
            None => quote! { ::core::option::Option::None },
        };
        quote! { #fname: #value, }
    });
    let extra = match &st.extra {
        crate::model::types::Extra::Keep { field, .. } => {
            let f = ident(field);
            quote! { #f: ::core::default::Default::default(), }
        }
        crate::model::types::Extra::Deny => TokenStream::new(),
    };
    let rt = cx.rt();
    // `Vec<#name>` from `&Violations` comes with the runtime, for every envelope type.
    quote! {
        /// The envelope of a violation: `property` is its JSON pointer, the code its
        /// keyword, the description its message; the status and message are the answer's.
        impl #rt::ErrorEnvelope for #name {
            fn envelope(status: u16, summary: &str, v: &#rt::Violation) -> Self {
                let _ = (status, summary);
                Self { #(#fields)* #extra }
            }
        }

        /// One envelope per violation of a request, with status 400.
        impl ::core::convert::From<&#rt::Violation> for #name {
            fn from(v: &#rt::Violation) -> Self {
                <Self as #rt::ErrorEnvelope>::envelope(400, "request does not match the definition", v)
            }
        }
    }
}
