//! The model's operation plans in tokens: what the client, token and HTTP emitters all
//! render from. Built inside the client's job (tokens stay on one thread), then handed to
//! each emitter: they share this, not each other.

use super::{ident, rust_type, Context};
use crate::ir::StatusCode;
use crate::model::client::{self as model, RequestBody};
use crate::model::types::TypeRef;
use proc_macro2::{Group, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// What the emitters need to know about one operation.
pub struct OpPlan<'a> {
    /// The model's plan, for what has no tokens of its own (forms, headers).
    pub model: &'a model::OperationPlan,
    /// The trait method's name (`request_access_token`).
    pub method: proc_macro2::Ident,
    /// The parameters struct, if the operation has parameters.
    pub params: Option<proc_macro2::Ident>,
    /// Its fields, in parameter order.
    pub param_fields: Vec<proc_macro2::Ident>,
    /// The body type as borrowed by the methods (`[T]` for arrays), if there is a body.
    pub body: Option<TokenStream>,
    /// The success type.
    pub success: Answers,
    /// The error body type.
    pub error: Answers,
    /// `validate_<method>`
    pub validate_fn: proc_macro2::Ident,
    /// `parse_<method>_response`
    pub parse_fn: proc_macro2::Ident,
    /// `<method>_download`, when the success answer is bytes.
    pub download: Option<proc_macro2::Ident>,
}

/// The plan of each of `operations` (decided by the model: [`crate::model::client`]) in
/// tokens: all of the model's, or a run of them for a job that emits only those.
pub fn plan<'a>(cx: &Context<'a>, operations: &'a [model::OperationPlan]) -> Vec<OpPlan<'a>> {
    operations
        .iter()
        .map(|o| OpPlan {
            model: o,
            method: ident(&o.method),
            params: o.params.as_deref().map(ident),
            param_fields: o.param_fields.iter().map(|f| ident(f)).collect(),
            body: o.body.as_ref().map(|b| match b {
                RequestBody::Typed(t) => borrowed_type(cx, t),
                RequestBody::Multipart(Some(form)) => {
                    let name = ident(&form.name);
                    quote! { #name }
                }
                RequestBody::Multipart(None) => {
                    let rt = cx.rt();
                    quote! { #rt::multipart::Form<'_> }
                }
                RequestBody::Text => quote! { str },
                RequestBody::Bytes => quote! { [u8] },
            }),
            success: answers(cx, &o.success),
            error: answers(cx, &o.error),
            validate_fn: format_ident!("{}", o.validate_fn),
            parse_fn: format_ident!("{}", o.parse_fn),
            download: o.download.as_deref().map(ident),
        })
        .collect()
}

/// The type behind a `&` argument: slices rather than `Vec`/`String` (clippy::ptr_arg).
fn borrowed_type(cx: &Context, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Vec(inner) => {
            let inner = rust_type(cx, inner);
            quote! { [#inner] }
        }
        TypeRef::String => quote! { str },
        other => rust_type(cx, other),
    }
}

/// How the success or the error answers of an operation are typed, in tokens.
pub struct Answers {
    /// The type (`()` when nothing is documented).
    pub ty: TokenStream,
    /// The enum, when the documented bodies differ: its name and its variants.
    pub variants: Option<(proc_macro2::Ident, Vec<AnswerVariant>)>,
}

/// A variant of an answers enum: its name, body type and the status it stands for.
pub type AnswerVariant = (proc_macro2::Ident, TokenStream, StatusCode);

fn answers(cx: &Context, answers: &model::Answers) -> Answers {
    match answers {
        model::Answers::One(answer) => Answers {
            ty: answer_type(cx, answer),
            variants: None,
        },
        model::Answers::ByStatus(name, variants) => {
            let name = format_ident!("{}", name);
            let variants = variants
                .iter()
                .map(|v| {
                    (
                        format_ident!("{}", v.name),
                        answer_type(cx, &v.answer),
                        v.status,
                    )
                })
                .collect();
            Answers {
                ty: quote! { #name },
                variants: Some((name, variants)),
            }
        }
    }
}

/// The Rust type of an answer: its body's, with its headers `WithHeaders` of both.
pub fn answer_type(cx: &Context, answer: &model::Answer) -> TokenStream {
    let body = match &answer.body {
        model::AnswerBody::Unit => quote! { () },
        model::AnswerBody::Json(t) => rust_type(cx, t),
        model::AnswerBody::Text => quote! { ::std::string::String },
        model::AnswerBody::Bytes => quote! { ::std::vec::Vec<u8> },
    };
    match &answer.headers {
        Some(headers) => {
            let (rt, headers) = (cx.rt(), ident(&headers.name));
            quote! { #rt::WithHeaders<#body, #headers> }
        }
        None => body,
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
