//! The input of `#[scopes]` as a typed model that keeps every span.

use crate::attr::{self, Args, Scope};
use proc_macro2::TokenStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, Data, DeriveInput, Error, Ident, LitStr, Path, Token};

/// Traits `#[scopes]` implements itself, by the last segment of their path; the user must not
/// derive them too.
pub(crate) const IMPLEMENTED: &[&str] = &[
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Serialize",
    "Deserialize",
];

/// An enum under `#[scopes(...)]`.
pub(crate) struct Enum<'a> {
    /// The item as written.
    pub original: &'a DeriveInput,
    /// The `#[scopes(...)]` arguments.
    pub args: Args,
    /// `#[scope(...)]` attributes put on the enum itself rather than on a variant.
    pub misplaced: Vec<&'a Attribute>,
    /// Every path in the user's `#[derive(...)]` attributes.
    pub derives: Vec<Path>,
    /// The variants, in declaration order.
    pub variants: Vec<Variant<'a>>,
}

/// One variant.
pub(crate) struct Variant<'a> {
    /// The variant as written.
    pub original: &'a syn::Variant,
    /// Its `#[scope(...)]` attributes (exactly one is valid).
    pub scopes: Vec<Scope<'a>>,
    /// Its `#[cfg(...)]` attributes, repeated on everything generated for it.
    pub cfgs: Vec<&'a Attribute>,
}

impl<'a> Enum<'a> {
    /// The model of `node` under `#[scopes(args)]`, or why `node` cannot have one.
    pub(crate) fn from_syn(node: &'a DeriveInput, args: TokenStream) -> Result<Self, Error> {
        let data = match &node.data {
            Data::Enum(data) => data,
            Data::Struct(data) => {
                return Err(not_an_enum(&data.struct_token, &node.ident, "a struct"))
            }
            Data::Union(data) => {
                return Err(not_an_enum(&data.union_token, &node.ident, "a union"))
            }
        };
        let derives = node
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("derive"))
            .filter_map(|attr| {
                attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                    .ok()
            })
            .flatten()
            .collect();
        Ok(Enum {
            original: node,
            args: attr::parse_args(args),
            misplaced: node
                .attrs
                .iter()
                .filter(|attr| attr::is_scope(attr))
                .collect(),
            derives,
            variants: data.variants.iter().map(Variant::from_syn).collect(),
        })
    }

    /// The enum's name.
    pub(crate) fn ident(&self) -> &'a Ident {
        &self.original.ident
    }

    /// The metadata type (the first `metadata = <path>`).
    pub(crate) fn metadata(&self) -> Option<&Path> {
        self.args.metadata.first().map(|keyed| &keyed.path)
    }

    /// The path of oasbind-runtime, which declares the seam (the first `crate = <path>`),
    /// if given.
    pub(crate) fn krate(&self) -> Option<&Path> {
        self.args.krate.first().map(|keyed| &keyed.path)
    }

    /// The user's derives of traits `#[scopes]` implements itself.
    pub(crate) fn conflicting_derives(&self) -> impl Iterator<Item = &Path> {
        self.derives.iter().filter(|path| {
            path.segments
                .last()
                .is_some_and(|segment| IMPLEMENTED.iter().any(|name| segment.ident == name))
        })
    }
}

impl<'a> Variant<'a> {
    fn from_syn(node: &'a syn::Variant) -> Self {
        Variant {
            original: node,
            scopes: node
                .attrs
                .iter()
                .filter(|attr| attr::is_scope(attr))
                .map(attr::parse_scope)
                .collect(),
            cfgs: node
                .attrs
                .iter()
                .filter(|attr| attr.path().is_ident("cfg"))
                .collect(),
        }
    }

    /// The variant's name.
    pub(crate) fn ident(&self) -> &'a Ident {
        &self.original.ident
    }

    /// The scope token (the first one given).
    pub(crate) fn token(&self) -> Option<&LitStr> {
        self.scopes.first().and_then(|scope| scope.tokens.first())
    }

    /// The required metadata fields, in order, as written.
    pub(crate) fn requires(&self) -> impl Iterator<Item = &Ident> {
        self.scopes
            .first()
            .into_iter()
            .flat_map(|scope| scope.requires.iter())
            .flat_map(|requires| requires.fields.iter())
    }
}

fn not_an_enum(keyword: &dyn quote::ToTokens, ident: &Ident, what: &str) -> Error {
    Error::new_spanned(
        quote::quote!(#keyword #ident),
        format!("`#[scopes]` can only be applied to an enum, not to {what}"),
    )
}
