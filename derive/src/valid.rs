//! Every check of the input. Errors are collected, in source order, and combined into one
//! [`syn::Error`], so that three mistakes give three errors.
//!
//! The one check done elsewhere is that each required field exists on the metadata type:
//! the expansion accesses the field with the span of its name in `requires(...)`, so rustc
//! reports a typo at that name (with its own "a field with a similar name exists" hint).

use crate::ast::{Enum, Variant};
use proc_macro2::Span;
use std::collections::HashMap;
use syn::ext::IdentExt as _;
use syn::{Error, Fields, LitStr};

/// Collected errors.
#[derive(Default)]
pub(crate) struct Errors(Option<Error>);

impl Errors {
    /// Adds `error` after the others.
    pub(crate) fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// `Ok` if nothing was collected.
    pub(crate) fn finish(self) -> Result<(), Error> {
        match self.0 {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// Checks `input`, returning every mistake found.
pub(crate) fn check(input: &Enum) -> Result<(), Error> {
    let mut errors = Errors::default();
    check_enum(input, &mut errors);
    let mut seen_tokens: HashMap<String, &Variant> = HashMap::new();
    for variant in &input.variants {
        check_variant(variant, &mut seen_tokens, &mut errors);
    }
    errors.finish()
}

fn check_enum(input: &Enum, errors: &mut Errors) {
    for error in &input.args.errors {
        errors.push(error.clone());
    }
    if !input.args.keys.iter().any(|key| key == "metadata") {
        errors.push(Error::new(
            Span::call_site(),
            "missing `metadata = <path>` in `#[scopes(...)]`, e.g. \
             `#[scopes(metadata = partner_auth::OauthMetadata)]`",
        ));
    }
    for list in [&input.args.metadata, &input.args.krate] {
        for keyed in list.iter().skip(1) {
            let key = &keyed.key;
            errors.push(Error::new(
                key.span(),
                format!("duplicate `{key}` in `#[scopes(...)]`"),
            ));
        }
    }
    let generics = &input.original.generics;
    if !generics.params.is_empty() {
        errors.push(Error::new_spanned(
            generics,
            "a `#[scopes]` enum cannot have generic parameters",
        ));
    }
    for attr in &input.misplaced {
        errors.push(Error::new_spanned(
            attr,
            "`#[scope(...)]` belongs on a variant; the enum itself takes \
             `#[scopes(metadata = <path>)]`",
        ));
    }
    for path in input.conflicting_derives() {
        let name = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        errors.push(Error::new_spanned(
            path,
            format!("`#[scopes]` already implements `{name}`; remove it from `#[derive(...)]`"),
        ));
    }
}

fn check_variant<'a>(
    variant: &'a Variant<'a>,
    seen_tokens: &mut HashMap<String, &'a Variant<'a>>,
    errors: &mut Errors,
) {
    let ident = variant.ident();
    match &variant.original.fields {
        Fields::Unit => {}
        fields @ (Fields::Named(_) | Fields::Unnamed(_)) => errors.push(Error::new_spanned(
            fields,
            format!("scope variants must be unit variants; remove the fields of `{ident}`"),
        )),
    }
    let Some(scope) = variant.scopes.first() else {
        errors.push(Error::new(
            ident.span(),
            format!(
                "variant `{ident}` has no `#[scope(...)]`; give it its token, e.g. \
                 `#[scope(\"token\")]`"
            ),
        ));
        return;
    };
    for extra in variant.scopes.iter().skip(1) {
        errors.push(Error::new_spanned(
            extra.original,
            format!("duplicate `#[scope(...)]` on `{ident}`; a variant is one scope"),
        ));
    }
    for error in &scope.errors {
        errors.push(error.clone());
    }

    match scope.tokens.first() {
        Some(token) => {
            if let Err(error) = check_token(token) {
                errors.push(error);
            } else if let Some(first) = seen_tokens.get(&token.value()) {
                errors.push(Error::new(
                    token.span(),
                    format!(
                        "duplicate scope token {}: variant `{}` already has it",
                        quoted(token),
                        first.ident()
                    ),
                ));
            } else {
                seen_tokens.insert(token.value(), variant);
            }
        }
        // A syntax error may have eaten the token; don't pile on.
        None if !scope.errors.is_empty() => {}
        None => errors.push(Error::new_spanned(
            scope.original,
            "missing scope token; expected `#[scope(\"token\")]` or \
             `#[scope(\"token\", requires(field, ...))]`",
        )),
    }
    for extra in scope.tokens.iter().skip(1) {
        errors.push(Error::new(
            extra.span(),
            format!(
                "a variant has one scope token; remove {} (or declare another variant for it)",
                quoted(extra)
            ),
        ));
    }

    for extra in scope.requires.iter().skip(1) {
        errors.push(Error::new(
            extra.keyword.span(),
            "duplicate `requires(...)`; list every field in one `requires(field, ...)`",
        ));
    }
    let mut seen_fields = Vec::new();
    for field in scope.requires.iter().flat_map(|requires| &requires.fields) {
        let name = field.unraw().to_string();
        if seen_fields.contains(&name) {
            errors.push(Error::new(
                field.span(),
                format!("`{field}` is already listed in `requires(...)`"),
            ));
        } else {
            seen_fields.push(name);
        }
    }
}

/// Checks that `token` is an RFC 6749 `scope-token`: `1*( %x21 / %x23-5B / %x5D-7E )`.
fn check_token(token: &LitStr) -> Result<(), Error> {
    const RFC: &str = "which RFC 6749 does not allow in a scope token \
                       (`scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`)";
    let value = token.value();
    let problem = if value.is_empty() {
        Some("it is empty; a scope token has at least one character".to_owned())
    } else {
        value.chars().find_map(|c| match c {
            '\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e' => None,
            ' ' => Some(
                "it contains a space, which separates scopes in a request; declare each scope \
                 as its own variant"
                    .to_owned(),
            ),
            '"' | '\\' => Some(format!("it contains `{c}`, {RFC}")),
            c if c.is_ascii() => Some(format!(
                "it contains the control character `{}`, {RFC}",
                c.escape_default()
            )),
            c => Some(format!("it contains the non-ASCII character `{c}`, {RFC}")),
        })
    };
    match problem {
        Some(why) => Err(Error::new(
            token.span(),
            format!("invalid scope token {}: {why}", quoted(token)),
        )),
        None => Ok(()),
    }
}

/// `token` as the user wrote it, e.g. `` `"fx-rates"` ``.
fn quoted(token: &LitStr) -> String {
    format!("`{}`", token.token())
}
