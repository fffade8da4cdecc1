//! Parsing of the macro's own attributes: the `#[scopes(...)]` arguments and each variant's
//! `#[scope(...)]`.
//!
//! Parsing records everything it sees, duplicates included, together with the syntax errors
//! it hit; deciding what is wrong beyond syntax (a missing `metadata`, a second token, a
//! duplicate field, ...) is `valid`'s job. After an error, parsing skips to the next
//! top-level comma and goes on, so one typo does not hide the next mistake.

use proc_macro2::{TokenStream, TokenTree};
use syn::ext::IdentExt as _;
use syn::parse::{ParseStream, Parser as _};
use syn::{Attribute, Error, Ident, Lit, LitStr, Meta, Path, Token};

/// The name of the per-variant attribute.
pub(crate) const SCOPE: &str = "scope";

/// `#[scopes(metadata = <path>, crate = <path>)]`.
pub(crate) struct Args {
    /// Every `metadata = <path>`, in order.
    pub metadata: Vec<Keyed>,
    /// Every `crate = <path>`, in order.
    pub krate: Vec<Keyed>,
    /// Every known key seen, even one whose value did not parse.
    pub keys: Vec<Ident>,
    /// Syntax errors and unknown keys.
    pub errors: Vec<Error>,
}

/// One `key = <path>` of `#[scopes(...)]`.
pub(crate) struct Keyed {
    /// The key as written.
    pub key: Ident,
    /// The path after `=`.
    pub path: Path,
}

/// One `#[scope(...)]` on a variant.
pub(crate) struct Scope<'a> {
    /// The attribute as written.
    pub original: &'a Attribute,
    /// Every string literal given (exactly one is valid).
    pub tokens: Vec<LitStr>,
    /// Every `requires(...)` given (at most one is valid).
    pub requires: Vec<Requires>,
    /// Syntax errors and unknown keys.
    pub errors: Vec<Error>,
}

/// One `requires(field, ...)`.
pub(crate) struct Requires {
    /// The `requires` keyword.
    pub keyword: Ident,
    /// The field idents, in order, as written (raw idents keep their `r#`).
    pub fields: Vec<Ident>,
}

/// Whether `attr` is our per-variant attribute.
pub(crate) fn is_scope(attr: &Attribute) -> bool {
    attr.path().is_ident(SCOPE)
}

/// Parses the arguments of `#[scopes(...)]`.
pub(crate) fn parse_args(tokens: TokenStream) -> Args {
    let mut args = Args {
        metadata: Vec::new(),
        krate: Vec::new(),
        keys: Vec::new(),
        errors: Vec::new(),
    };
    let mut errors = Vec::new();
    let parser = |input: ParseStream| -> syn::Result<()> {
        comma_separated(input, &mut errors, |input, _| parse_arg(input, &mut args));
        Ok(())
    };
    if let Err(err) = parser.parse2(tokens) {
        errors.push(err);
    }
    args.errors = errors;
    args
}

fn parse_arg(input: ParseStream, args: &mut Args) -> syn::Result<()> {
    let expected = "expected `metadata = <path>` or `crate = <path>` in `#[scopes(...)]`";
    if !input.peek(Ident::peek_any) {
        return Err(Error::new(input.span(), expected));
    }
    let key = input.call(Ident::parse_any)?;
    let slot = match key.to_string().as_str() {
        "metadata" => &mut args.metadata,
        "crate" => &mut args.krate,
        _ => {
            return Err(Error::new(
                key.span(),
                format!(
                    "unknown key `{key}` in `#[scopes(...)]`; expected `metadata = <path>` \
                     or `crate = <path>`"
                ),
            ));
        }
    };
    args.keys.push(key.clone());
    if !input.peek(Token![=]) {
        let span = if input.is_empty() {
            key.span()
        } else {
            input.span()
        };
        return Err(Error::new(
            span,
            format!("expected `=` after `{key}`, as in `{key} = <path>`"),
        ));
    }
    input.parse::<Token![=]>()?;
    let example = if key == "metadata" {
        "partner_auth::OauthMetadata"
    } else {
        "partner_auth"
    };
    let path = input.parse::<Path>().map_err(|err| {
        let span = if input.is_empty() {
            key.span()
        } else {
            err.span()
        };
        Error::new(
            span,
            format!("expected a path after `{key} =`, e.g. `{key} = {example}`"),
        )
    })?;
    slot.push(Keyed { key, path });
    Ok(())
}

/// Parses one `#[scope(...)]`.
pub(crate) fn parse_scope(attr: &Attribute) -> Scope<'_> {
    let mut scope = Scope {
        original: attr,
        tokens: Vec::new(),
        requires: Vec::new(),
        errors: Vec::new(),
    };
    let list = match &attr.meta {
        // `#[scope]`: no token; `valid` reports it as missing.
        Meta::Path(_) => return scope,
        Meta::NameValue(nv) => {
            scope.errors.push(Error::new(
                nv.eq_token.span,
                "expected `#[scope(\"token\")]` or `#[scope(\"token\", requires(field, ...))]`, \
                 not `#[scope = ...]`",
            ));
            return scope;
        }
        Meta::List(list) => list,
    };
    let mut errors = Vec::new();
    let parser = |input: ParseStream| -> syn::Result<()> {
        comma_separated(input, &mut errors, |input, errors| {
            parse_scope_item(input, &mut scope.tokens, &mut scope.requires, errors)
        });
        Ok(())
    };
    if let Err(err) = parser.parse2(list.tokens.clone()) {
        errors.push(err);
    }
    scope.errors = errors;
    scope
}

fn parse_scope_item(
    input: ParseStream,
    tokens: &mut Vec<LitStr>,
    requires: &mut Vec<Requires>,
    errors: &mut Vec<Error>,
) -> syn::Result<()> {
    if input.peek(LitStr) {
        tokens.push(input.parse()?);
        return Ok(());
    }
    if input.peek(Lit) {
        let lit: Lit = input.parse()?;
        return Err(Error::new(
            lit.span(),
            "a scope token must be a string literal, e.g. `#[scope(\"accounts\")]`",
        ));
    }
    let expected = "expected a scope token string or `requires(field, ...)` in `#[scope(...)]`";
    if !input.peek(Ident::peek_any) {
        return Err(Error::new(input.span(), expected));
    }
    let key = input.call(Ident::parse_any)?;
    if key != "requires" && tokens.is_empty() && (input.is_empty() || input.peek(Token![,])) {
        return Err(Error::new(
            key.span(),
            format!("a scope token is a string literal: write `\"{key}\"`"),
        ));
    }
    if key != "requires" {
        return Err(Error::new(
            key.span(),
            format!(
                "unknown key `{key}` in `#[scope(...)]`; expected a scope token string or \
                 `requires(field, ...)`"
            ),
        ));
    }
    if !input.peek(syn::token::Paren) {
        let span = if input.is_empty() {
            key.span()
        } else {
            input.span()
        };
        return Err(Error::new(span, "expected `requires(field, ...)`"));
    }
    let content;
    syn::parenthesized!(content in input);
    let mut fields = Vec::new();
    comma_separated(&content, errors, |input, _| {
        if input.peek(Ident) {
            fields.push(input.parse::<Ident>()?);
            Ok(())
        } else if input.peek(Ident::peek_any) {
            let keyword = input.call(Ident::parse_any)?;
            Err(Error::new(
                keyword.span(),
                format!("`{keyword}` is a keyword; name the field `r#{keyword}`"),
            ))
        } else {
            Err(Error::new(
                input.span(),
                "expected a field name of the metadata type in `requires(...)`",
            ))
        }
    });
    requires.push(Requires {
        keyword: key,
        fields,
    });
    Ok(())
}

/// Runs `item` for each comma-separated item of `input`. An error is recorded and parsing
/// goes on after the next top-level comma.
fn comma_separated(
    input: ParseStream,
    errors: &mut Vec<Error>,
    mut item: impl FnMut(ParseStream, &mut Vec<Error>) -> syn::Result<()>,
) {
    while !input.is_empty() {
        if let Err(err) = item(input, errors) {
            errors.push(err);
            skip_to_comma(input);
        }
        if input.is_empty() {
            break;
        }
        if input.peek(Token![,]) {
            let _: Option<Token![,]> = input.parse().ok();
        } else {
            errors.push(Error::new(input.span(), "expected `,`"));
            skip_to_comma(input);
            let _: Option<Token![,]> = input.parse().ok();
        }
    }
}

/// Skips token trees up to (not including) the next top-level comma.
fn skip_to_comma(input: ParseStream) {
    let skipped = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    });
    // `step` only fails if the closure does, which it never does.
    let _ = skipped;
}
