//! Code emission: the enum with its derives, and the scope impls against the seam the bindings
//! declare. On any error, a fallback instead: the `compile_error!`s beside the enum as written
//! (minus our attributes), so the user sees our errors and not a cascade of "cannot find
//! attribute `scope`" or "can't compare `Scope`" after them.

use crate::ast::{Enum, Variant};
use crate::attr;
use crate::valid;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Error, Fields, Ident, LitStr, Path};

/// `#[scopes(args)] input`.
pub(crate) fn scopes(args: TokenStream, input: TokenStream) -> TokenStream {
    let node: DeriveInput = match syn::parse2(input.clone()) {
        Ok(node) => node,
        Err(_) => return not_an_item(input),
    };
    let model = match Enum::from_syn(&node, args) {
        Ok(model) => model,
        Err(error) => return fallback(&node, None, &error),
    };
    match valid::check(&model).and_then(|()| emit(&model)) {
        Ok(tokens) => tokens,
        Err(error) => fallback(&node, Some(&model), &error),
    }
}

/// The derives every scope enum gets, less those `skip` names.
fn derives(skip: impl Fn(&str) -> bool) -> TokenStream {
    let all = [
        ("Clone", quote!(::core::clone::Clone)),
        ("Copy", quote!(::core::marker::Copy)),
        ("Debug", quote!(::core::fmt::Debug)),
        ("PartialEq", quote!(::core::cmp::PartialEq)),
        ("Eq", quote!(::core::cmp::Eq)),
        ("Hash", quote!(::core::hash::Hash)),
    ];
    let kept = all
        .into_iter()
        .filter(|(name, _)| !skip(name))
        .map(|(_, path)| path);
    quote!(#[derive(#(#kept),*)])
}

/// The item without our attributes.
fn strip(node: &DeriveInput) -> DeriveInput {
    let mut node = node.clone();
    node.attrs.retain(|attr| !attr::is_scope(attr));
    if let syn::Data::Enum(data) = &mut node.data {
        for variant in &mut data.variants {
            variant.attrs.retain(|attr| !attr::is_scope(attr));
        }
    }
    node
}

/// The errors beside the item as written minus our attributes. Our derives are kept when they
/// can compile (unit variants only; none the user derives too), so that the user's own derives
/// that build on them (`PartialOrd`, `Ord`, ...) don't fail as well.
fn fallback(node: &DeriveInput, model: Option<&Enum>, error: &Error) -> TokenStream {
    let errors = error.to_compile_error();
    let derives = model
        .filter(|model| {
            model
                .variants
                .iter()
                .all(|v| matches!(v.original.fields, Fields::Unit))
        })
        .map(|model| {
            derives(|name| {
                model
                    .conflicting_derives()
                    .any(|path| path.segments.last().is_some_and(|s| s.ident == name))
            })
        });
    let node = strip(node);
    quote!(#errors #derives #node)
}

/// The error for an item that is not a struct, enum or union, pointing at its first tokens
/// after any attributes and visibility (`fn main`, `impl Foo`, ...).
fn not_an_item(input: TokenStream) -> TokenStream {
    let mut trees = input.clone().into_iter().peekable();
    let mut blamed = TokenStream::new();
    while let Some(tree) = trees.next() {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                trees.next_if(|next| matches!(next, TokenTree::Group(_)));
            }
            TokenTree::Ident(ident) if ident == "pub" => {
                trees.next_if(|next| matches!(next, TokenTree::Group(_)));
            }
            _ => {
                blamed.extend([tree]);
                if let Some(next) = trees.next_if(|next| matches!(next, TokenTree::Ident(_))) {
                    blamed.extend([next]);
                }
                break;
            }
        }
    }
    let what = match blamed.clone().into_iter().next() {
        Some(TokenTree::Ident(keyword)) => match keyword.to_string().as_str() {
            "fn" | "async" | "unsafe" | "extern" => "a function",
            "const" => "a constant",
            "impl" => "an impl block",
            "mod" => "a module",
            "trait" => "a trait",
            "type" => "a type alias",
            "static" => "a static",
            "use" => "an import",
            _ => "this item",
        },
        _ => "this item",
    };
    let message = format!("`#[scopes]` can only be applied to an enum, not to {what}");
    let error = if blamed.is_empty() {
        Error::new(Span::call_site(), message)
    } else {
        Error::new_spanned(blamed, message)
    };
    let errors = error.to_compile_error();
    quote!(#errors #input)
}

/// The items of the seam the expansion uses.
const SEAM: &[&str] = &[
    "OAuthScope",
    "MetadataField",
    "MissingMetadata",
    "UnknownScope",
    "check_scopes",
];

/// Where the seam traits and types are: oasbind-runtime, at `::oasbind_runtime` or at the
/// path `crate = <path>` gives (a re-export, or any module with the same items). They are
/// imported once, under private aliases, so that a wrong path is one error, at that path.
struct Seam {
    module: Path,
    span: Span,
}

impl Seam {
    fn new(krate: Option<&Path>) -> Self {
        match krate {
            Some(path) => {
                let span = path
                    .segments
                    .last()
                    .map_or_else(|| path.span(), |s| s.ident.span());
                Seam {
                    module: path.clone(),
                    span,
                }
            }
            None => Seam {
                module: syn::parse_quote!(::oasbind_runtime),
                span: Span::call_site(),
            },
        }
    }

    /// The `use` of the seam items under their private aliases.
    fn imports(&self) -> TokenStream {
        let names = SEAM.iter().map(|name| Ident::new(name, self.span));
        let aliases = SEAM.iter().map(|name| Self::item(name, self.span));
        let module = &self.module;
        // Spanned at the path the user gave, where an unresolved import is reported.
        quote_spanned! {self.span=>
            #[allow(unused_imports)]
            use #module::{#(#names as #aliases),*};
        }
    }

    /// How the expansion names the seam item `name`, with `span`: by its private alias.
    fn item(name: &str, span: Span) -> Ident {
        if name.starts_with(char::is_lowercase) {
            Ident::new(&format!("__oasbind_{name}"), span)
        } else {
            Ident::new(&format!("__Oasbind{name}"), span)
        }
    }
}

/// A variant with what is generated for it.
struct Scope<'a> {
    ident: &'a Ident,
    cfgs: &'a [&'a syn::Attribute],
    token: &'a LitStr,
    /// `(field as written, wire name)`.
    fields: Vec<(&'a Ident, LitStr)>,
}

impl<'a> Scope<'a> {
    fn new(variant: &'a Variant<'a>) -> Result<Self, Error> {
        let ident = variant.ident();
        let token = variant.token().ok_or_else(|| {
            Error::new(
                ident.span(),
                format!("variant `{ident}` has no scope token"),
            )
        })?;
        let fields = variant
            .requires()
            .map(|field| (field, LitStr::new(&field.unraw().to_string(), field.span())))
            .collect();
        Ok(Scope {
            ident,
            cfgs: &variant.cfgs,
            token,
            fields,
        })
    }
}

/// The whole expansion of a valid input.
fn emit(input: &Enum) -> Result<TokenStream, Error> {
    let metadata = input.metadata().ok_or_else(|| {
        Error::new(
            Span::call_site(),
            "missing `metadata = <path>` in `#[scopes(...)]`",
        )
    })?;
    let seam = Seam::new(input.krate());
    let imports = seam.imports();
    let call_site = Span::call_site();
    let oauth_scope = Seam::item("OAuthScope", call_site);
    let missing_metadata = Seam::item("MissingMetadata", call_site);
    let unknown_scope = Seam::item("UnknownScope", call_site);
    let check_scopes = Seam::item("check_scopes", call_site);

    let scopes = input
        .variants
        .iter()
        .map(Scope::new)
        .collect::<Result<Vec<_>, _>>()?;
    let ident = input.ident();
    let variants = scopes.iter().map(|s| s.ident).collect::<Vec<_>>();
    let cfgs = scopes.iter().map(|s| s.cfgs).collect::<Vec<_>>();
    let tokens = scopes.iter().map(|s| s.token).collect::<Vec<_>>();
    let wire_names = scopes
        .iter()
        .map(|s| s.fields.iter().map(|(_, wire)| wire).collect::<Vec<_>>())
        .collect::<Vec<_>>();
    let missing = scopes.iter().map(|scope| {
        if scope.fields.is_empty() {
            return quote!(::std::vec::Vec::new());
        }
        let checks = scope.fields.iter().map(|(field, wire)| {
            // The field access carries the span of the field's name in `requires(...)`, so
            // a typo is reported there by rustc ("no field `acount_id` on type ..."), and so
            // does the call, for a field type that is not a `MetadataField`.
            let metadata_field = Seam::item("MetadataField", field.span());
            let present = quote_spanned!(field.span()=> #metadata_field::is_present(&(*m).#field));
            quote! {
                if !metadata.is_some_and(|m| #present) {
                    missing.push(#wire);
                }
            }
        });
        quote!({
            let mut missing = ::std::vec::Vec::new();
            #(#checks)*
            missing
        })
    });
    let metadata_unused = scopes
        .iter()
        .all(|s| s.fields.is_empty())
        .then(|| quote!(let _ = metadata;));
    let all_doc = format!("Every scope of [`{ident}`], in declaration order.");

    let node = strip(input.original);
    let derives = derives(|_| false);
    Ok(quote! {
        #derives
        #node

        const _: () = {
            #imports

            #[allow(deprecated, unreachable_pub)]
            impl #ident {
                #[doc = #all_doc]
                pub const ALL: &'static [Self] = &[#(#(#cfgs)* Self::#variants),*];

                /// The scope token on the wire.
                pub fn as_str(&self) -> &'static str {
                    match *self {
                        #(#(#cfgs)* Self::#variants => #tokens,)*
                    }
                }

                /// Wire names of the metadata fields this scope requires.
                pub fn required_metadata(&self) -> &'static [&'static str] {
                    match *self {
                        #(#(#cfgs)* Self::#variants => &[#(#wire_names),*],)*
                    }
                }

                /// The fields this scope requires that `metadata` lacks (unset or empty), by wire
                /// name; every required field when there is no metadata.
                pub fn missing_metadata(
                    &self,
                    metadata: ::core::option::Option<&#metadata>,
                ) -> ::std::vec::Vec<&'static str> {
                    #metadata_unused
                    match *self {
                        #(#(#cfgs)* Self::#variants => #missing,)*
                    }
                }

                /// Checks `metadata` against the union of the requirements of `scopes`; the error
                /// lists each missing field once, with the first scope that requires it.
                pub fn check_metadata(
                    scopes: &[Self],
                    metadata: ::core::option::Option<&#metadata>,
                ) -> ::core::result::Result<(), #missing_metadata> {
                    #check_scopes(scopes, metadata)
                }
            }

            #[automatically_derived]
            #[allow(deprecated)]
            impl #oauth_scope for #ident {
                type Metadata = #metadata;
                const ALL: &'static [Self] = #ident::ALL;
                fn as_str(&self) -> &'static str {
                    #ident::as_str(self)
                }
                fn required_metadata(&self) -> &'static [&'static str] {
                    #ident::required_metadata(self)
                }
                fn missing_metadata(
                    &self,
                    metadata: ::core::option::Option<&Self::Metadata>,
                ) -> ::std::vec::Vec<&'static str> {
                    #ident::missing_metadata(self, metadata)
                }
            }

            #[automatically_derived]
            #[allow(deprecated)]
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.pad(#ident::as_str(self))
                }
            }

            #[automatically_derived]
            #[allow(deprecated)]
            impl ::core::str::FromStr for #ident {
                type Err = #unknown_scope;
                fn from_str(token: &str) -> ::core::result::Result<Self, Self::Err> {
                    match token {
                        #(#(#cfgs)* #tokens => ::core::result::Result::Ok(Self::#variants),)*
                        _ => ::core::result::Result::Err(#unknown_scope {
                            token: ::std::string::ToString::to_string(token),
                        }),
                    }
                }
            }

            #[automatically_derived]
            #[allow(deprecated)]
            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(#ident::as_str(self))
                }
            }

            #[automatically_derived]
            #[allow(deprecated)]
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    struct __ScopeVisitor;
                    impl<'de> ::serde::de::Visitor<'de> for __ScopeVisitor {
                        type Value = #ident;
                        fn expecting(
                            &self,
                            f: &mut ::core::fmt::Formatter<'_>,
                        ) -> ::core::fmt::Result {
                            f.write_str("an OAuth scope token")
                        }
                        fn visit_str<E: ::serde::de::Error>(
                            self,
                            token: &str,
                        ) -> ::core::result::Result<#ident, E> {
                            <#ident as ::core::str::FromStr>::from_str(token).map_err(|_| {
                                let known = #ident::ALL
                                    .iter()
                                    .map(|scope| ::std::format!("{:?}", #ident::as_str(scope)))
                                    .collect::<::std::vec::Vec<_>>()
                                    .join(", ");
                                <E as ::serde::de::Error>::custom(::core::format_args!(
                                    "unknown scope {:?}; expected one of {}",
                                    token,
                                    known,
                                ))
                            })
                        }
                    }
                    deserializer.deserialize_str(__ScopeVisitor)
                }
            }
        };
    })
}
