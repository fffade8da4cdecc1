//! The attributes [`Config::type_attribute`] and [`Config::field_attribute`] put on
//! generated types and fields, matched to them by path.
//!
//! [`Config::type_attribute`]: crate::Config::type_attribute
//! [`Config::field_attribute`]: crate::Config::field_attribute

use super::types::{Extra, TypeKind, TypeSpace};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::ir::Api;
use crate::naming;

/// Gives each type and field the attributes whose paths name it; returns a warning for
/// each path that names nothing (a typo would otherwise go unnoticed).
pub fn assign(api: &Api, settings: &Config, types: &mut TypeSpace) -> Vec<Diagnostic> {
    let mut used_types = vec![false; settings.type_attributes.len()];
    let mut used_derives = vec![false; settings.derives.len()];
    let mut used_fields = vec![false; settings.field_attributes.len()];
    if used_types.is_empty() && used_derives.is_empty() && used_fields.is_empty() {
        return Vec::new();
    }
    // The types a `#[serde(...)]` setting was left out of, per setting.
    let mut no_serde_types = vec![Vec::new(); settings.type_attributes.len()];
    let mut no_serde_fields = vec![Vec::new(); settings.field_attributes.len()];
    // The first definition of a schema names it (reversed, so that it is inserted last).
    let definitions: std::collections::HashMap<_, _> = api
        .definitions
        .iter()
        .rev()
        .map(|d| (d.schema, d.name.as_str()))
        .collect();
    for def in &mut types.defs {
        // A type is named by its definition's name (as written) or its Rust name.
        let definition = definitions.get(&def.schema).copied();
        let names_type = |path: &str| path == "*" || path == def.name || Some(path) == definition;
        let is_alias = matches!(def.kind, TypeKind::Alias(_));
        let serde_derivable = serde_can_be_derived(&def.kind);
        // Whether a serde attribute was put on the type or one of its fields.
        let mut wants_serde = false;
        for (i, (path, attribute)) in settings.type_attributes.iter().enumerate() {
            if !is_alias && names_type(path) {
                used_types[i] = true;
                if !is_serde(attribute) {
                    def.attributes.push(attribute.clone());
                } else if serde_derivable {
                    wants_serde = true;
                    def.attributes.push(attribute.clone());
                } else {
                    no_serde_types[i].push(def.name.clone());
                }
            }
        }
        for (i, (path, traits)) in settings.derives.iter().enumerate() {
            if !is_alias && names_type(path) {
                for t in traits.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    if !def.derives.iter().any(|d| d == t) {
                        def.derives.push(t.to_owned());
                    }
                }
                used_derives[i] = true;
            }
        }
        let st = match &mut def.kind {
            TypeKind::Struct(st) => st,
            TypeKind::Union(union) => {
                union.serde_derived = wants_serde;
                continue;
            }
            _ => continue,
        };
        for f in &mut st.fields {
            for (i, (path, attribute)) in settings.field_attributes.iter().enumerate() {
                let Some((ty, field)) = path.rsplit_once('.') else {
                    continue;
                };
                if names_type(ty) && (field == f.wire || field == naming::unraw(&f.rust)) {
                    used_fields[i] = true;
                    if !is_serde(attribute) {
                        f.attributes.push(attribute.clone());
                    } else if serde_derivable {
                        wants_serde = true;
                        f.attributes.push(attribute.clone());
                    } else {
                        no_serde_fields[i].push(format!("{}.{}", def.name, naming::unraw(&f.rust)));
                    }
                }
            }
        }
        st.serde_derived = wants_serde;
    }
    // `label` names the setting, `what` the kind of item its path looks for.
    let unused = |all: &[(String, String)], used: &[bool], label: &str, what: &str| {
        all.iter()
            .zip(used)
            .filter(|(_, used)| !**used)
            .map(|((path, value), _)| {
                let message =
                    format!("{label} `{value}` for `{path}`: no generated {what} has this path");
                Diagnostic::new(&api.source, "", message)
            })
            .collect::<Vec<_>>()
    };
    let mut warnings = unused(
        &settings.type_attributes,
        &used_types,
        "type attribute",
        "type",
    );
    warnings.extend(unused(&settings.derives, &used_derives, "derive", "type"));
    warnings.extend(unused(
        &settings.field_attributes,
        &used_fields,
        "field attribute",
        "field",
    ));
    // A serde attribute where serde's derive is not used would be an unknown attribute
    // (a compile error), or, with schemars, read by schemars alone: it is left out.
    let left_out = |all: &[(String, String)], left: &[Vec<String>], label: &str| {
        all.iter()
            .zip(left)
            .filter(|(_, left)| !left.is_empty())
            .map(|((path, value), left)| {
                let shown = left
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("`, `");
                let more = if left.len() > 3 { ", …" } else { "" };
                let why = "serde's traits of a struct that keeps undeclared properties and of \
                           a string enum come from the runtime, not serde's derive, so nothing \
                           would read it";
                let message = match left.len() {
                    1 => format!("{label} `{value}` for `{path}` is left out: {why}"),
                    n => format!(
                        "{label} `{value}` for `{path}` is left out of {n} (`{shown}`{more}): {why}"
                    ),
                };
                Diagnostic::new(&api.source, "", message)
            })
            .collect::<Vec<_>>()
    };
    warnings.extend(left_out(
        &settings.type_attributes,
        &no_serde_types,
        "type attribute",
    ));
    warnings.extend(left_out(
        &settings.field_attributes,
        &no_serde_fields,
        "field attribute",
    ));
    warnings
}

/// Whether serde's derive can write the type's `Serialize` and `Deserialize`, so that a
/// serde attribute on it is read: a closed struct's derive is chosen for it
/// ([`Struct::serde_derived`](super::types::Struct::serde_derived)); a struct that keeps
/// undeclared properties gets them from the runtime's `__struct!` and a string enum from
/// its `unit_variant` and `deserialize_wire`, always; a union from `__untagged!`, unless
/// it is chosen ([`Union::serde_derived`](super::types::Union::serde_derived)).
fn serde_can_be_derived(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::Struct(st) => matches!(st.extra, Extra::Deny),
        TypeKind::StringEnum(_) => false,
        TypeKind::Union(_) | TypeKind::Alias(_) => true,
    }
}

/// Whether one of the outer attributes in `attribute` is serde's (`#[serde(...)]`).
fn is_serde(attribute: &str) -> bool {
    let Ok(tokens) = attribute.parse::<proc_macro2::TokenStream>() else {
        return false;
    };
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Bracket => {
            matches!(g.stream().into_iter().next(), Some(proc_macro2::TokenTree::Ident(i)) if i == "serde")
        }
        _ => false,
    })
}

/// Why `traits` is not a list of trait paths (`Hash, ::std::hash::Hash`), if it is not.
pub fn malformed_derive(traits: &str) -> Option<String> {
    let paths: Vec<&str> = traits
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    match paths.iter().find(|t| !naming::is_path(t)) {
        _ if paths.is_empty() => Some(format!("derive `{traits}` names no trait")),
        Some(bad) => Some(format!("derive `{traits}`: `{bad}` is not a trait path")),
        None => None,
    }
}

/// Why `attribute` is not one or more outer attributes (`#[...]`), if it is not.
pub fn malformed(attribute: &str) -> Option<String> {
    let tokens: proc_macro2::TokenStream = match attribute.parse() {
        Ok(tokens) => tokens,
        Err(e) => return Some(format!("attribute `{attribute}` is not Rust tokens: {e}")),
    };
    let mut tokens = tokens.into_iter().peekable();
    if tokens.peek().is_none() {
        return Some("an attribute is empty".to_owned());
    }
    while let Some(pound) = tokens.next() {
        let is_attribute = matches!(&pound, proc_macro2::TokenTree::Punct(p) if p.as_char() == '#')
            && matches!(tokens.next(), Some(proc_macro2::TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Bracket);
        if !is_attribute {
            return Some(format!("`{attribute}` is not an attribute (`#[...]`)"));
        }
    }
    None
}
