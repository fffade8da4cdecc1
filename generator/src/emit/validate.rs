//! Validators: one private function per schema, checking a `serde_json::Value` against
//! every keyword of that schema and reporting each violation with its JSON pointer.
//!
//! Validating the JSON (rather than the Rust value) is what lets `from_json` report type
//! and shape errors with their pointer too, and it checks exactly what travels on the
//! wire. Keyword logic lives once in the emitted `check` module; what is emitted per
//! schema is the list of calls.

use super::{docs, ident, Context};
use crate::error::Diagnostic;
use crate::ir::types::TypeKind;
use crate::ir::{JsonType, Schema, SchemaId};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// Names and bodies of the validator functions of a module.
pub struct Validators {
    names: BTreeMap<SchemaId, syn::Ident>,
    patterns: BTreeMap<String, syn::Ident>,
    /// The validators some emitted code calls: only these are emitted.
    used: std::cell::RefCell<std::collections::BTreeSet<SchemaId>>,
    /// The `false` schemas, reported under the keyword that holds them.
    falsy: std::collections::BTreeSet<SchemaId>,
    /// Patterns that are not ECMA-262 regexes (reported, not enforced).
    pub warnings: Vec<Diagnostic>,
}

impl Validators {
    /// Plans a validator for every schema reachable from `roots`.
    pub fn plan(api: &crate::ir::Api, roots: &[SchemaId]) -> Validators {
        let mut names = BTreeMap::new();
        let mut scope = crate::naming::Scope::default();
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<SchemaId> = roots.to_vec();
        let mut patterns = BTreeMap::new();
        let mut warnings = Vec::new();
        let mut falsy = std::collections::BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let s = api.schemas.get(id);
            stack.extend(children(s));
            for pattern in s.pattern.iter().chain(s.pattern_properties.iter().map(|(p, _)| p)) {
                if patterns.contains_key(pattern) {
                    continue;
                }
                match regress::Regex::new(pattern) {
                    Ok(_) => {
                        let n = patterns.len();
                        patterns.insert(pattern.clone(), format_ident!("PATTERN_{}", n));
                    }
                    Err(e) => warnings.push(Diagnostic::new(
                        &s.origin.file,
                        &s.origin.pointer,
                        format!("pattern {pattern:?} is not an ECMA-262 regular expression ({e}); it is not enforced"),
                    )),
                }
            }
            if s.always == Some(false) {
                falsy.insert(id);
            }
            if !is_trivial(s) {
                names.insert(id, id);
            }
        }
        // Names in schema order, so that they do not depend on the traversal.
        let names = names
            .into_keys()
            .map(|id| {
                let hint = fn_hint(&api.schemas.get(id).origin.pointer);
                let name = scope.claim(&format!("check_{hint}"));
                (id, format_ident!("{}", crate::naming::unraw(&name)))
            })
            .collect();
        Validators { names, patterns, used: Default::default(), falsy, warnings }
    }

    /// Whether any validator matches a regex (the module then needs `regress`).
    pub fn uses_patterns(&self) -> bool {
        !self.patterns.is_empty()
    }

    /// The call that checks `value` (a `&Value` expression) against `schema`; empty when
    /// the schema accepts everything.
    pub fn call(&self, schema: SchemaId, value: TokenStream) -> TokenStream {
        match self.name(schema) {
            Some(f) => quote! { #f(#value, p, out); },
            None => TokenStream::new(),
        }
    }

    /// The function pointer of a schema's validator (an always-passing one when trivial).
    fn func(&self, schema: SchemaId) -> TokenStream {
        match self.name(schema) {
            Some(f) => quote! { #f },
            None => quote! { check::accept },
        }
    }

    /// The name of a schema's validator, if it has one.
    pub fn name(&self, schema: SchemaId) -> Option<&syn::Ident> {
        let name = self.names.get(&schema)?;
        self.used.borrow_mut().insert(schema);
        Some(name)
    }

    /// Every validator function and compiled pattern.
    pub fn items(&self, cx: &Context) -> TokenStream {
        let patterns = self.patterns.iter().map(|(source, name)| {
            quote! {
                static #name: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(|| {
                    ::regress::Regex::new(#source).expect("checked by oasbind at generation time")
                });
            }
        });
        // Emitting a validator marks the ones it calls: repeat until nothing new is used.
        let mut bodies: BTreeMap<SchemaId, TokenStream> = BTreeMap::new();
        loop {
            let pending: Vec<SchemaId> =
                self.used.borrow().iter().filter(|id| !bodies.contains_key(id)).copied().collect();
            if pending.is_empty() {
                break;
            }
            for id in pending {
                let s = cx.api.schemas.get(id);
                let body = self.body(cx, s);
                let name = &self.names[&id];
                let doc = docs::text(&format!("Checks a value against `{}`.", cx.origin(id)));
                bodies.insert(id, quote! {
                    #doc
                    #[allow(clippy::ptr_arg)] // one signature for all validators, some of which extend the pointer
                    fn #name(v: &::serde_json::Value, p: &mut ::std::string::String, out: &mut ::std::vec::Vec<Violation>) {
                        #body
                    }
                });
            }
        }
        let fns = bodies.into_values();
        quote! { #(#patterns)* #(#fns)* }
    }

    fn body(&self, cx: &Context, s: &Schema) -> TokenStream {
        if s.always == Some(false) {
            return quote! { let _ = v; check::fail(out, p, "false", "no value is allowed here".to_owned()); };
        }
        let mut body = TokenStream::new();
        if let Some(values) = &s.enum_values {
            let nullable = s.nullable.then_some(());
            let strings: Option<Vec<&str>> = values.iter().map(|v| v.as_str()).collect();
            body.extend(match strings {
                Some(strings) => {
                    let null_arm = nullable.map(|_| quote! { None if v.is_null() => {} });
                    quote! {
                        match v.as_str() {
                            Some(s) => check::one_of_strings(s, &[#(#strings),*], p, out),
                            #null_arm
                            None => check::fail(out, p, "enum", format!("must be one of {:?}", [#(#strings),*])),
                        }
                    }
                }
                None => {
                    let literals = values.iter().map(json_literal);
                    let check = quote! { check::one_of_values(v, &[#(#literals),*], p, out); };
                    if s.nullable { quote! { if !v.is_null() { #check } } } else { check }
                }
            });
        }
        if let Some(c) = &s.const_value {
            let c = json_literal(c);
            body.extend(quote! { check::constant(v, &#c, p, out); });
        }
        body.extend(self.string_checks(cx, s));
        body.extend(number_checks(s));
        body.extend(self.object_checks(s));
        body.extend(self.array_checks(s));
        body.extend(self.composition(s));
        // `type` first: the other keywords only make sense for the right type.
        if let Some(types) = &s.types {
            let mut names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
            if s.nullable && !names.contains(&"null") {
                names.push("null");
            }
            body = if body.is_empty() {
                quote! { check::types(v, &[#(#names),*], p, out); }
            } else {
                quote! { if !check::types(v, &[#(#names),*], p, out) { return; } #body }
            };
        }
        if body.is_empty() {
            body = quote! { let _ = (v, p, out); };
        }
        body
    }

    fn string_checks(&self, cx: &Context, s: &Schema) -> TokenStream {
        let mut checks = TokenStream::new();
        if let Some(min) = s.min_length {
            let min = Literal::u64_suffixed(min);
            checks.extend(quote! { check::min_length(s, #min, p, out); });
        }
        if let Some(max) = s.max_length {
            let max = Literal::u64_suffixed(max);
            checks.extend(quote! { check::max_length(s, #max, p, out); });
        }
        if let Some(name) = s.pattern.as_ref().and_then(|pat| self.patterns.get(pat)) {
            let source = s.pattern.as_deref().unwrap_or_default();
            checks.extend(quote! { check::pattern(s, &#name, #source, p, out); });
        }
        let _ = cx;
        if checks.is_empty() {
            return checks;
        }
        quote! { if let ::serde_json::Value::String(s) = v { #checks } }
    }

    fn object_checks(&self, s: &Schema) -> TokenStream {
        if !s.has_object_keywords() {
            return TokenStream::new();
        }
        let mut checks = TokenStream::new();
        if !s.required.is_empty() {
            let names = &s.required;
            checks.extend(quote! { check::required(o, &[#(#names),*], p, out); });
        }
        if s.min_properties.is_some() || s.max_properties.is_some() {
            let (min, max) = (opt_u64(s.min_properties), opt_u64(s.max_properties));
            checks.extend(quote! { check::count(o.len(), #min, #max, ["minProperties", "maxProperties"], "properties", p, out); });
        }
        for (name, deps) in &s.dependent_required {
            checks.extend(quote! {
                if o.contains_key(#name) { check::required(o, &[#(#deps),*], p, out); }
            });
        }
        for (name, dep) in &s.dependent_schemas {
            let call = self.call(*dep, quote! { v });
            if !call.is_empty() {
                checks.extend(quote! { if o.contains_key(#name) { #call } });
            }
        }
        checks.extend(self.property_loop(s));
        if checks.is_empty() {
            return checks;
        }
        quote! {
            if let ::serde_json::Value::Object(o) = v {
                #checks
            }
        }
    }

    fn property_loop(&self, s: &Schema) -> TokenStream {
        let additional = match s.additional_properties {
            None => TokenStream::new(),
            Some(a) if self.falsy.contains(&a) => {
                quote! { check::fail(out, p, "additionalProperties", "property is not allowed".to_owned()); }
            }
            Some(a) => self.call(a, quote! { child }),
        };
        let patterns: Vec<TokenStream> = s
            .pattern_properties
            .iter()
            .filter_map(|(pat, schema)| {
                let re = self.patterns.get(pat)?;
                let call = self.call(*schema, quote! { child });
                Some(quote! { if #re.find(key).is_some() { matched = true; #call } })
            })
            .collect();
        let per_property: Vec<(String, TokenStream)> = s
            .properties
            .iter()
            .map(|(name, schema)| (name.clone(), self.call(*schema, quote! { child })))
            .collect();
        if additional.is_empty() && patterns.is_empty() && per_property.iter().all(|(_, c)| c.is_empty()) {
            return TokenStream::new();
        }
        let tracked = !patterns.is_empty();
        let arms = per_property.iter().map(|(name, call)| {
            if tracked {
                quote! { #name => { matched = true; #call } }
            } else {
                quote! { #name => { #call } }
            }
        });
        let dispatch = match (tracked, per_property.as_slice()) {
            (true, []) => quote! {
                let mut matched = false;
                #(#patterns)*
                if !matched { #additional }
            },
            (true, _) => quote! {
                let mut matched = false;
                match key.as_str() { #(#arms)* _ => {} }
                #(#patterns)*
                if !matched { #additional }
            },
            (false, []) => additional,
            (false, [(name, call)]) if additional.is_empty() => quote! { if key == #name { #call } },
            (false, [(name, call)]) => quote! { if key == #name { #call } else { #additional } },
            (false, _) => quote! { match key.as_str() { #(#arms)* _ => { #additional } } },
        };
        quote! {
            for (key, child) in o {
                let at = check::push(p, key);
                #dispatch
                let _ = child;
                p.truncate(at);
            }
        }
    }

    fn array_checks(&self, s: &Schema) -> TokenStream {
        let mut checks = TokenStream::new();
        if s.min_items.is_some() || s.max_items.is_some() {
            let (min, max) = (opt_u64(s.min_items), opt_u64(s.max_items));
            checks.extend(quote! { check::count(a.len(), #min, #max, ["minItems", "maxItems"], "items", p, out); });
        }
        if s.unique_items {
            checks.extend(quote! { check::unique(a, p, out); });
        }
        let prefix: Vec<TokenStream> = s
            .prefix_items
            .iter()
            .enumerate()
            .map(|(i, schema)| {
                let call = self.call(*schema, quote! { child });
                quote! { if let Some(child) = a.get(#i) { let at = check::push_index(p, #i); #call p.truncate(at); } }
            })
            .collect();
        checks.extend(prefix);
        if let Some(items) = s.items {
            let skip = s.prefix_items.len();
            let call = if self.falsy.contains(&items) {
                quote! { let _ = child; check::fail(out, p, "items", "no further items are allowed".to_owned()); }
            } else {
                self.call(items, quote! { child })
            };
            let skip = (skip > 0).then(|| quote! { .skip(#skip) });
            if !call.is_empty() {
                checks.extend(quote! {
                    for (i, child) in a.iter().enumerate() #skip {
                        let at = check::push_index(p, i);
                        #call
                        p.truncate(at);
                    }
                });
            }
        }
        if let Some(contains) = s.contains {
            let f = self.func(contains);
            let min = s.min_contains.unwrap_or(1);
            let min_lit = Literal::u64_suffixed(min);
            let max = match s.max_contains {
                Some(m) => {
                    let m = Literal::u64_suffixed(m);
                    quote! { if found > #m { check::fail(out, p, "maxContains", format!("must contain at most {} matching items", #m)); } }
                }
                None => TokenStream::new(),
            };
            checks.extend(quote! {
                let found = a.iter().filter(|child| check::passes(child, p, #f)).count() as u64;
                if found < #min_lit {
                    check::fail(out, p, if #min_lit == 1 { "contains" } else { "minContains" }, format!("must contain at least {} matching items", #min_lit));
                }
                #max
            });
        }
        if checks.is_empty() {
            return checks;
        }
        quote! { if let ::serde_json::Value::Array(a) = v { #checks } }
    }

    fn composition(&self, s: &Schema) -> TokenStream {
        let mut checks = TokenStream::new();
        if let Some(r) = s.reference {
            checks.extend(self.call(r, quote! { v }));
        }
        for part in &s.all_of {
            checks.extend(self.call(*part, quote! { v }));
        }
        if !s.any_of.is_empty() {
            let fs = s.any_of.iter().map(|f| self.func(*f));
            let n = s.any_of.len();
            checks.extend(quote! {
                let alternatives: [check::Validator; #n] = [#(#fs),*];
                if !alternatives.iter().any(|f| check::passes(v, p, *f)) {
                    check::fail(out, p, "anyOf", "must match at least one of the alternatives".to_owned());
                }
            });
        }
        if !s.one_of.is_empty() {
            let fs = s.one_of.iter().map(|f| self.func(*f));
            let n = s.one_of.len();
            checks.extend(quote! {
                let alternatives: [check::Validator; #n] = [#(#fs),*];
                let matching = alternatives.iter().filter(|f| check::passes(v, p, **f)).count();
                if matching != 1 {
                    check::fail(out, p, "oneOf", format!("must match exactly one of the alternatives, matches {matching}"));
                }
            });
        }
        if let Some(not) = s.not {
            let f = self.func(not);
            checks.extend(quote! {
                if check::passes(v, p, #f) {
                    check::fail(out, p, "not", "must not match the schema".to_owned());
                }
            });
        }
        if let Some(c) = &s.conditional {
            let cond = self.func(c.condition);
            let then = c.then.map(|t| self.call(t, quote! { v })).unwrap_or_default();
            let otherwise = c.otherwise.map(|e| self.call(e, quote! { v })).unwrap_or_default();
            checks.extend(quote! {
                if check::passes(v, p, #cond) { #then } else { #otherwise }
            });
        }
        checks
    }
}

/// The `impl Validate` and `from_json` of every generated type with a validator.
pub fn impls(cx: &Context, validators: &Validators) -> TokenStream {
    let impls = cx.types.defs.iter().filter(|d| !matches!(d.kind, TypeKind::Alias(_))).map(|def| {
        let name = ident(&def.name);
        let call = validators.call(def.schema, quote! { value });
        let (p, out) = if call.is_empty() { (quote! { _p }, quote! { _out }) } else { (quote! { p }, quote! { out }) };
        let value = if call.is_empty() { quote! { _value } } else { quote! { value } };
        quote! {
            impl Validate for #name {
                fn check_value(#value: &::serde_json::Value, #p: &mut ::std::string::String, #out: &mut ::std::vec::Vec<Violation>) {
                    #call
                }
            }

            impl #name {
                /// Parses JSON text and checks it against the definition, reporting every
                /// violation with its JSON pointer.
                pub fn from_json(json: &str) -> ::core::result::Result<Self, Violations> {
                    <Self as Validate>::from_json(json)
                }
            }
        }
    });
    quote! { #(#impls)* }
}

fn number_checks(s: &Schema) -> TokenStream {
    let mut checks = TokenStream::new();
    if let Some(b) = &s.minimum {
        let (value, exclusive) = (f64_literal(b.value.as_f64()), b.exclusive);
        checks.extend(quote! { check::minimum(n, #value, #exclusive, p, out); });
    }
    if let Some(b) = &s.maximum {
        let (value, exclusive) = (f64_literal(b.value.as_f64()), b.exclusive);
        checks.extend(quote! { check::maximum(n, #value, #exclusive, p, out); });
    }
    if let Some(m) = &s.multiple_of {
        let m = f64_literal(m.as_f64());
        checks.extend(quote! { check::multiple_of(n, #m, p, out); });
    }
    let int32 = s.format.as_deref() == Some("int32") && s.types.as_ref().is_some_and(|t| t.contains(&JsonType::Integer));
    if int32 {
        checks.extend(quote! {
            if n.as_i64().is_none_or(|i| i32::try_from(i).is_err()) {
                check::fail(out, p, "format", "must be a 32-bit integer (int32)".to_owned());
            }
        });
    }
    if checks.is_empty() {
        return checks;
    }
    quote! { if let ::serde_json::Value::Number(n) = v { #checks } }
}

fn f64_literal(v: Option<f64>) -> Literal {
    Literal::f64_suffixed(v.filter(|f| f.is_finite()).unwrap_or(0.0))
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = Literal::u64_suffixed(v);
            quote! { ::core::option::Option::Some(#v) }
        }
        None => quote! { ::core::option::Option::None },
    }
}

/// A JSON value as an expression building it (data, never code: only literals).
fn json_literal(v: &serde_json::Value) -> TokenStream {
    let text = v.to_string();
    quote! { ::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or_default() }
}

/// Whether a schema accepts everything (no validator needed).
fn is_trivial(s: &Schema) -> bool {
    s.always != Some(false)
        && s.types.is_none()
        && s.enum_values.is_none()
        && s.const_value.is_none()
        && s.min_length.is_none()
        && s.max_length.is_none()
        && s.pattern.is_none()
        && s.minimum.is_none()
        && s.maximum.is_none()
        && s.multiple_of.is_none()
        && !s.has_object_keywords()
        && s.prefix_items.is_empty()
        && s.items.is_none()
        && s.contains.is_none()
        && s.min_items.is_none()
        && s.max_items.is_none()
        && !s.unique_items
        && !s.has_composition()
}

/// Every schema a schema links to.
pub fn children(s: &Schema) -> Vec<SchemaId> {
    let mut out: Vec<SchemaId> = Vec::new();
    out.extend(s.properties.iter().map(|(_, id)| *id));
    out.extend(s.additional_properties);
    out.extend(s.pattern_properties.iter().map(|(_, id)| *id));
    out.extend(s.property_names);
    out.extend(s.dependent_schemas.iter().map(|(_, id)| *id));
    out.extend(s.prefix_items.iter().copied());
    out.extend(s.items);
    out.extend(s.contains);
    out.extend(s.reference);
    out.extend(s.all_of.iter().copied());
    out.extend(s.any_of.iter().copied());
    out.extend(s.one_of.iter().copied());
    out.extend(s.not);
    if let Some(c) = &s.conditional {
        out.push(c.condition);
        out.extend(c.then);
        out.extend(c.otherwise);
    }
    out
}

/// A readable function name from a schema's pointer
/// (`/definitions/access_token_request/properties/scope` → `access_token_request_scope`).
fn fn_hint(pointer: &str) -> String {
    let pointer = pointer.replace("~1", " ").replace("~0", " ");
    let words: Vec<&str> = pointer
        .split('/')
        .filter(|t| !matches!(*t, "" | "definitions" | "properties" | "components" | "schemas" | "paths" | "$defs"))
        .collect();
    let mut hint = crate::naming::snake(&words.join(" "), "schema");
    hint = crate::naming::unraw(&hint).trim_start_matches('_').to_owned();
    if hint.len() > 60 {
        let mut cut = 60;
        while !hint.is_char_boundary(cut) {
            cut -= 1;
        }
        hint.truncate(cut);
        hint = hint.trim_end_matches('_').to_owned();
    }
    if hint.is_empty() {
        "schema".to_owned()
    } else {
        hint
    }
}
