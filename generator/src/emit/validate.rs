//! Validators: one private function per schema, checking a JSON tree (`check::Json`, see
//! `tree.rs`) against every keyword of that schema and reporting each violation with its
//! JSON pointer.
//!
//! Validating the JSON (rather than the Rust value) is what lets `from_json` report type
//! and shape errors with their pointer too, and it checks exactly what travels on the
//! wire. Keyword logic lives once in the runtime's `check` module; what is emitted per
//! schema is the list of calls. Which functions exist, their names and which are called
//! is the model's [`ValidatorPlan`]: this file renders it.

use super::{docs, ident, Context};
use crate::ir::{JsonType, Schema, SchemaId};
use crate::model::pattern::{Engine, Inst, Program};
use crate::model::types::{Extra, FormatType, TypeId, TypeKind, TypeRef};
use crate::model::validators::ValidatorPlan;
use proc_macro2::{Delimiter, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The validator functions of a module, rendered from the model's plan.
pub struct Validators<'a> {
    plan: &'a ValidatorPlan,
    /// Debug builds record every validator the output calls, to check the plan against
    /// it ([`Validators::verify`]).
    #[cfg(debug_assertions)]
    called: std::sync::Mutex<Called>,
}

/// What the output calls: validators, `core_*` and `ann_*` functions.
#[cfg(debug_assertions)]
#[derive(Default)]
struct Called {
    validators: std::collections::BTreeSet<SchemaId>,
    core: std::collections::BTreeSet<SchemaId>,
    ann: std::collections::BTreeSet<SchemaId>,
}

impl<'a> Validators<'a> {
    /// The renderer of a plan.
    pub fn new(plan: &'a ValidatorPlan) -> Validators<'a> {
        Validators {
            plan,
            #[cfg(debug_assertions)]
            called: Default::default(),
        }
    }

    /// Debug builds: panics unless the output calls exactly the validators the plan
    /// emits (one it missed would be a missing function, one too many dead code).
    pub fn verify(&self, cx: &Context) {
        #[cfg(debug_assertions)]
        {
            let called = self.called.lock().unwrap_or_else(|e| e.into_inner());
            let core: std::collections::BTreeSet<SchemaId> =
                called.core.union(&called.ann).copied().collect();
            for (what, planned, called) in [
                ("validators", &self.plan.used, &called.validators),
                ("core_* functions", &self.plan.annotated, &core),
                ("ann_* functions", &self.plan.annotated_ann, &called.ann),
            ] {
                let listed = |ids: std::collections::btree_set::Difference<'_, SchemaId>| {
                    ids.map(|id| cx.origin(*id)).collect::<Vec<_>>().join(", ")
                };
                assert!(
                    planned == called,
                    "the plan's {what} differ from the calls: planned, not called: [{}]; called, not planned: [{}]",
                    listed(planned.difference(called)),
                    listed(called.difference(planned)),
                );
            }
        }
        let _ = cx;
    }

    /// The call that checks `value` (a `&check::Json` expression) against `schema`; empty when
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

    /// The schema whose validator checks `schema`, if it needs one.
    fn representative(&self, schema: SchemaId) -> Option<SchemaId> {
        self.plan.representative(schema)
    }

    /// The validator a typed value of `ty` still needs against `schema` (see
    /// [`ValidatorPlan::beyond_type`]).
    pub fn name_beyond_type(
        &self,
        ty: &TypeRef,
        s: &Schema,
        schema: SchemaId,
    ) -> Option<proc_macro2::Ident> {
        self.plan
            .beyond_type(ty, s, schema)
            .and_then(|_| self.name(schema))
    }

    /// The `static` holding a compiled pattern.
    pub(crate) fn pattern(&self, source: &str) -> Option<proc_macro2::Ident> {
        self.plan
            .patterns
            .get(source)
            .map(|(name, _)| format_ident!("{}", name))
    }

    /// Whether a pattern runs on the backtracking engine, whose budget can run out.
    fn backtracking(&self, source: &str) -> bool {
        matches!(
            self.plan.patterns.get(source),
            Some((_, Engine::Backtracking(_)))
        )
    }

    /// The name of a schema's validator, if it has one. Only validators the plan counts
    /// as used are emitted: a call it did not count would name a missing function.
    pub fn name(&self, schema: SchemaId) -> Option<proc_macro2::Ident> {
        let representative = self.representative(schema)?;
        #[cfg(debug_assertions)]
        self.called
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .validators
            .insert(representative);
        Some(format_ident!("{}", self.plan.name(representative)))
    }

    /// The name of a schema's validator, for code that may not end up in the output (the
    /// lean path while it decides which structs have one).
    fn peek(&self, schema: SchemaId) -> Option<proc_macro2::Ident> {
        self.representative(schema)
            .map(|r| format_ident!("{}", self.plan.name(r)))
    }

    /// How many validator functions the plan emits ([`Validators::items`] takes them in runs).
    pub fn count(&self) -> usize {
        self.plan.used.len()
    }

    /// The validator functions of `run` (indices among [`Validators::count`], in schema
    /// order); the first run also has the compiled patterns, the last one the annotation
    /// functions. Runs that cover `0..count()` in order make every item once, in order, so
    /// that jobs on several threads can share the work.
    pub fn items(&self, cx: &Context, run: std::ops::Range<usize>) -> TokenStream {
        let (first, last) = (run.start == 0, run.end >= self.count());
        // With validators behind features (a split's base), what they share may go unused.
        // With types or validators behind features (a split's base), what the validators
        // share may go unused, and so may private validators (when they are not exported,
        // their callers alone are gated).
        let unused = cx.allow_when_gated(quote! { dead_code });
        let private_unused = unused.as_ref().filter(|_| !cx.settings.export_validators);
        let patterns = self.plan.patterns.iter().map(|(source, (name, engine))| {
            let name = format_ident!("{}", name);
            let pattern = match engine {
                Engine::Linear(regex) => quote! { check::Pattern::linear(#source, #regex) },
                Engine::Backtracking(program) => {
                    let program = program_tokens(program);
                    quote! { check::Pattern::backtracking(#source, &#program) }
                }
            };
            quote! { #unused static #name: check::Pattern = #pattern; }
        });
        let patterns = first.then_some(patterns).into_iter().flatten();
        // Exactly the validators and annotation functions the plan counts as called, in
        // schema order.
        // Public for the other crates of a split, which import them.
        let vis = match cx.settings.export_validators {
            true => quote! { #[doc(hidden)] pub },
            false => TokenStream::new(),
        };
        // The imports go with the first run, as the patterns do.
        let imports = self.plan.used.iter().filter(|_| first).filter_map(|id| {
            let path = self.plan.imported.get(id)?;
            let (local, tokens) = (self.plan.name(*id), path.parse::<TokenStream>().ok()?);
            Some(match path.rsplit("::").next() == Some(local) {
                true => quote! { use #tokens; },
                false => {
                    let name = format_ident!("{}", local);
                    quote! { use #tokens as #name; }
                }
            })
        });
        let bodies: Vec<TokenStream> = self
            .plan
            .used
            .iter()
            .skip(run.start)
            .take(run.len())
            .filter(|id| !self.plan.imported.contains_key(id))
            .map(|&id| {
                let body = self.body(cx, id, cx.api.schemas.get(id));
                let name = format_ident!("{}", self.plan.name(id));
                let doc = docs::text(&format!("Checks a value against `{}`.", cx.origin(id)));
                let gate = cx
                    .model
                    .validator_gates
                    .get(&id)
                    .map(|f| super::gate::attribute(f));
                quote! {
                    #gate
                    #doc
                    #private_unused
                    #vis fn #name(v: &Json<'_>, p: &Pointer<'_>, out: &mut Found) {
                        #body
                    }
                }
            })
            .collect();
        let local = |id: &SchemaId| !self.plan.imported.contains_key(id);
        let aliases = (first && self.plan.used.iter().any(local)).then(|| {
            let rt = cx.rt();
            quote! {
                /// Shorthands for the signature every validator of this module shares.
                #unused type Json<'a> = check::Json<'a>;
                #unused type Pointer<'a> = check::Path<'a>;
                #unused type Found = ::std::vec::Vec<#rt::Violation>;
            }
        });
        let fns = aliases.into_iter().chain(bodies);
        // `ann_*` only where something calls it (a schema with `unevaluated*` needs only
        // its own `core_*`).
        let annotations = self.plan.annotated.iter().map(|&id| {
            let (core, ann) = self.annotation_fns(cx, id);
            let fns = if self.plan.annotated_ann.contains(&id) {
                quote! { #core #ann }
            } else {
                core
            };
            match &private_unused {
                Some(allow) => super::gate::each_item(allow, fns),
                None => fns,
            }
        });
        let annotations = last.then_some(annotations).into_iter().flatten();
        quote! { #(#imports)* #(#patterns)* #(#fns)* #(#annotations)* }
    }

    /// `core_*` (what a schema's own keywords and in-place applicators evaluate, assuming
    /// it passes) and `ann_*` (the same, `None` when the schema fails) for a schema.
    fn annotation_fns(&self, cx: &Context, id: SchemaId) -> (TokenStream, TokenStream) {
        let s = cx.api.schemas.get(id);
        let (core, ann) = self.annotation_names(id);
        let check = self.func(id);
        let mut object = TokenStream::new();
        let names: Vec<&String> = s.properties.iter().map(|(n, _)| n).collect();
        if !names.is_empty() {
            object.extend(quote! {
                for name in [#(#names),*] {
                    if o.contains_key(name) { e.props.push(name.to_owned()); }
                }
            });
        }
        let res: Vec<proc_macro2::Ident> = s
            .pattern_properties
            .iter()
            .filter_map(|(pat, _)| self.pattern(pat))
            .collect();
        if !res.is_empty() {
            object.extend(quote! {
                for key in o.keys() {
                    if #(#res.is_match(key))||* { e.props.push(key.to_owned()); }
                }
            });
        }
        if s.additional_properties.is_some() {
            object.extend(quote! { e.all_props = true; });
        }
        for (name, dep) in &s.dependent_schemas {
            let a = self.annotation_of(cx, *dep);
            object.extend(
                quote! { if o.contains_key(#name) { if let Some(x) = #a { e.merge(x); } } },
            );
        }
        let mut array = TokenStream::new();
        if !s.prefix_items.is_empty() {
            let n = s.prefix_items.len();
            array.extend(quote! { e.prefix = e.prefix.max(a.len().min(#n)); });
        }
        if s.items.is_some() {
            array.extend(quote! { e.all_items = true; });
        }
        if let Some(c) = s.contains {
            let f = self.func(c);
            array.extend(quote! {
                for (i, child) in a.iter().enumerate() {
                    if check::passes(child, p, #f) { e.items.push(i); }
                }
            });
        }
        let mut applied = TokenStream::new();
        for sub in s
            .reference
            .iter()
            .chain(&s.all_of)
            .chain(&s.any_of)
            .chain(&s.one_of)
        {
            let a = self.annotation_of(cx, *sub);
            applied.extend(quote! { if let Some(x) = #a { e.merge(x); } });
        }
        if let Some(c) = &s.conditional {
            let cond = self.annotation_of(cx, c.condition);
            let then = c
                .then
                .map(|t| self.annotation_of(cx, t))
                .map(|a| quote! { if let Some(x) = #a { e.merge(x); } });
            let otherwise = c
                .otherwise
                .map(|t| self.annotation_of(cx, t))
                .map(|a| quote! { if let Some(x) = #a { e.merge(x); } });
            applied.extend(quote! {
                match #cond {
                    Some(x) => { e.merge(x); #then }
                    None => { #otherwise }
                }
            });
        }
        let object =
            (!object.is_empty()).then(|| quote! { if let check::Json::Object(o) = v { #object } });
        let array =
            (!array.is_empty()).then(|| quote! { if let check::Json::Array(a) = v { #array } });
        let own = [
            s.unevaluated_properties
                .map(|_| quote! { e.all_props = true; }),
            s.unevaluated_items.map(|_| quote! { e.all_items = true; }),
        ];
        let doc = docs::text(&format!(
            "What `{}` evaluates in a value it accepts.",
            cx.origin(id)
        ));
        let core_fn = quote! {
            #doc
            #[allow(unused_variables, unused_mut)]
            fn #core(v: &Json<'_>, p: &Pointer<'_>) -> check::Evaluated {
                let mut e = check::Evaluated::default();
                #object
                #array
                #applied
                e
            }
        };
        let ann_fn = quote! {
            fn #ann(v: &Json<'_>, p: &Pointer<'_>) -> ::core::option::Option<check::Evaluated> {
                if !check::passes(v, p, #check) {
                    return None;
                }
                #[allow(unused_mut)]
                let mut e = #core(v, p);
                #(#own)*
                Some(e)
            }
        };
        (core_fn, ann_fn)
    }

    /// `core_*` and `ann_*` names of a schema (which must have a validator).
    fn annotation_names(&self, id: SchemaId) -> (proc_macro2::Ident, proc_macro2::Ident) {
        let base = self.plan.name(id);
        let base = base.strip_prefix("check_").unwrap_or(base).to_owned();
        (
            format_ident!("core_{}", base),
            format_ident!("ann_{}", base),
        )
    }

    /// An expression: the annotations of `sub` on `v` (`Option<check::Evaluated>`).
    fn annotation_of(&self, cx: &Context, sub: SchemaId) -> TokenStream {
        let _ = cx;
        if self.plan.falsy.contains(&sub) {
            return quote! { ::core::option::Option::<check::Evaluated>::None };
        }
        let Some(sub) = self.representative(sub) else {
            return quote! { ::core::option::Option::Some(check::Evaluated::default()) };
        };
        #[cfg(debug_assertions)]
        self.called
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .ann
            .insert(sub);
        let (_, ann) = self.annotation_names(sub);
        quote! { #ann(v, p) }
    }

    /// The checks of `unevaluatedProperties` / `unevaluatedItems` of schema `id`.
    fn unevaluated(&self, id: SchemaId, s: &Schema) -> TokenStream {
        if s.unevaluated_properties.is_none() && s.unevaluated_items.is_none() {
            return TokenStream::new();
        }
        let (core, _) = self.annotation_names(id);
        let mut checks = TokenStream::new();
        if let Some(u) = s.unevaluated_properties {
            let call = if self.plan.falsy.contains(&u) {
                quote! { check::fail(out, p, "unevaluatedProperties", "property is not allowed".to_owned()); }
            } else {
                // Undeclared here: a property with a secret's name is checked as a secret.
                self.name(u)
                    .map(|f| quote! { check::undeclared(key, child, p, out, #f); })
                    .unwrap_or_default()
            };
            if !call.is_empty() {
                checks.extend(quote! {
                    if let check::Json::Object(o) = v {
                        if !e.all_props {
                            // A set: a large object must not cost quadratic time.
                            let evaluated: ::std::collections::HashSet<&str> = e.props.iter().map(|k| k.as_str()).collect();
                            for (key, child) in o.iter() {
                                if !evaluated.contains(key) {
                                    let p = &p.key(key);
                                    #call
                                    let _ = (child, p);
                                }
                            }
                        }
                    }
                });
            }
        }
        if let Some(u) = s.unevaluated_items {
            let call = if self.plan.falsy.contains(&u) {
                quote! { check::fail(out, p, "unevaluatedItems", "item is not allowed".to_owned()); }
            } else {
                self.call(u, quote! { child })
            };
            if !call.is_empty() {
                checks.extend(quote! {
                    if let check::Json::Array(a) = v {
                        if !e.all_items {
                            let evaluated: ::std::collections::HashSet<usize> = e.items.iter().copied().collect();
                            for (i, child) in a.iter().enumerate() {
                                if i >= e.prefix && !evaluated.contains(&i) {
                                    let p = &p.index(i);
                                    #call
                                    let _ = (child, p);
                                }
                            }
                        }
                    }
                });
            }
        }
        if checks.is_empty() {
            return checks;
        }
        #[cfg(debug_assertions)]
        self.called
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .core
            .insert(id);
        quote! { { let e = #core(v, p); #checks } }
    }

    fn body(&self, cx: &Context, id: SchemaId, s: &Schema) -> TokenStream {
        if s.always == Some(false) {
            return quote! { let _ = v; check::fail(out, p, "false", "no value is allowed here".to_owned()); };
        }
        let mut body = TokenStream::new();
        if cx.model.is_open_enum(s) {
            // Any string: what the `enum` still says is that the value is one.
            if s.types.is_none() {
                let types: &[&str] = if s.nullable {
                    &["string", "null"]
                } else {
                    &["string"]
                };
                let types = type_set(types);
                body.extend(quote! { check::types(v, #types, p, out); });
            }
        } else if let Some(values) = &s.enum_values {
            let nullable = s.nullable.then_some(());
            let strings: Option<Vec<&str>> = values.iter().map(|v| v.as_str()).collect();
            body.extend(match strings {
                _ if values.is_empty() => quote! {
                    let _ = v;
                    check::fail(out, p, "enum", "no value is allowed (the enum is empty)".to_owned());
                },
                Some(strings) => {
                    let null_ok = nullable.is_some();
                    quote! { check::string_enum(v, &[#(#strings),*], #null_ok, p, out); }
                }
                None => {
                    let literals = serde_json::Value::Array(values.clone()).to_string();
                    let check = quote! { check::one_of_values(v, #literals, p, out); };
                    if s.nullable { quote! { if !v.is_null() { #check } } } else { check }
                }
            });
        }
        if let Some(c) = &s.const_value {
            let c = c.to_string();
            body.extend(quote! { check::constant(v, #c, p, out); });
        }
        body.extend(self.string_checks(s));
        body.extend(number_checks(s));
        body.extend(self.object_checks(cx, s));
        body.extend(self.array_checks(s));
        body.extend(self.composition(s));
        body.extend(self.unevaluated(id, s));
        // `type` first: the other keywords only make sense for the right type.
        if let Some(types) = &s.types {
            let mut names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
            if s.nullable && !names.contains(&"null") {
                names.push("null");
            }
            let types = type_set(&names);
            body = if body.is_empty() {
                quote! { check::types(v, #types, p, out); }
            } else {
                quote! { if !check::types(v, #types, p, out) { return; } #body }
            };
        }
        if body.is_empty() {
            body = quote! { let _ = (v, p, out); };
        }
        body
    }

    fn string_checks(&self, s: &Schema) -> TokenStream {
        let mut checks = TokenStream::new();
        if let Some(min) = s.min_length {
            let min = Literal::u64_suffixed(min);
            checks.extend(quote! { check::min_length(s, #min, p, out); });
        }
        if let Some(max) = s.max_length {
            let max = Literal::u64_suffixed(max);
            checks.extend(quote! { check::max_length(s, #max, p, out); });
        }
        if let Some(name) = s.pattern.as_ref().and_then(|pat| self.pattern(pat)) {
            checks.extend(quote! { check::pattern(s, &#name, p, out); });
        }
        if let Some(format) = s.format.as_deref().filter(|f| self.plan.asserts(f)) {
            checks.extend(quote! { check::format(s, #format, p, out); });
        }
        if checks.is_empty() {
            return checks;
        }
        quote! { if let check::Json::String(s) = v { #checks } }
    }

    fn object_checks(&self, cx: &Context, s: &Schema) -> TokenStream {
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
        if let Some(names) = s.property_names {
            let f = self.func(names);
            if self.representative(names).is_some() {
                checks.extend(quote! {
                    for key in o.keys() {
                        if !check::passes(&check::Json::String(::std::borrow::Cow::Borrowed(key)), p, #f) {
                            check::fail(out, &p.key(key), "propertyNames", "property name does not match the schema".to_owned());
                        }
                    }
                });
            }
        }
        checks.extend(self.property_loop(cx, s));
        if checks.is_empty() {
            return checks;
        }
        quote! {
            if let check::Json::Object(o) = v {
                #checks
            }
        }
    }

    /// The checks of each property: declared ones by their schemas (a secret's through
    /// `check::secret`, so that its violations quote nothing), the others by
    /// `patternProperties` and `additionalProperties` (through `check::undeclared`, which
    /// treats a property with a secret's name as a secret).
    fn property_loop(&self, cx: &Context, s: &Schema) -> TokenStream {
        let mut uses_child = false;
        let undeclared = |schema: SchemaId| match self.name(schema) {
            Some(f) => quote! { check::undeclared(key, child, p, out, #f); },
            None => TokenStream::new(),
        };
        let additional = match s.additional_properties {
            None => TokenStream::new(),
            Some(a) if self.plan.falsy.contains(&a) => {
                quote! { check::fail(out, p, "additionalProperties", "property is not allowed".to_owned()); }
            }
            Some(a) => {
                let call = undeclared(a);
                uses_child |= !call.is_empty();
                call
            }
        };
        let patterns: Vec<TokenStream> = s
            .pattern_properties
            .iter()
            .filter_map(|(pat, schema)| {
                let re = self.pattern(pat)?;
                let call = undeclared(*schema);
                uses_child |= !call.is_empty();
                // `matched` only matters when undeclared properties have a schema of their own.
                let mark = (!additional.is_empty()).then(|| quote! { matched = true; });
                // A backtracking pattern that runs out of budget reports the property.
                let matches = if self.backtracking(pat) {
                    quote! { check::key_matches(key, &#re, p, out) }
                } else {
                    quote! { #re.is_match(key) }
                };
                Some(quote! { if #matches { #mark #call } })
            })
            .collect();
        // Properties checked by the same validator share one arm (`"a" | "b" => …`); a
        // secret's value is checked through `check::secret`.
        let mut groups: Vec<(Option<proc_macro2::Ident>, bool, Vec<&str>)> = Vec::new();
        for (name, schema) in &s.properties {
            let f = self.name(*schema);
            let secret = f.is_some() && cx.is_secret_value(name, *schema);
            match groups.iter_mut().find(|(g, s, _)| *g == f && *s == secret) {
                Some((_, _, names)) => names.push(name),
                None => groups.push((f, secret, vec![name])),
            }
        }
        let groups: Vec<(Option<TokenStream>, Vec<&str>)> = groups
            .into_iter()
            .map(|(f, secret, names)| {
                let call = f.map(|f| {
                    if secret {
                        quote! { check::secret(child, p, out, #f) }
                    } else {
                        quote! { #f(child, p, out) }
                    }
                });
                (call, names)
            })
            .collect();
        let checked = groups.iter().any(|(f, _)| f.is_some());
        uses_child |= checked;
        if additional.is_empty() && patterns.is_empty() && !checked {
            return TokenStream::new();
        }
        let tracked = !patterns.is_empty() && !additional.is_empty();
        // Undeclared properties go to `additional` through the `_` arm, unless patterns
        // are tracked too (then through `matched`).
        let otherwise = if tracked || !patterns.is_empty() {
            TokenStream::new()
        } else {
            additional.clone()
        };
        // Each arm as a match arm, and as the statements of an `if` when it is the only one
        // (clippy's `single_match`). An arm that does nothing is left out unless it keeps a
        // declared property from `otherwise`.
        let arms: Vec<(TokenStream, TokenStream, &Vec<&str>)> = groups
            .iter()
            .filter(|(call, _)| call.is_some() || tracked || !otherwise.is_empty())
            .map(|(call, names)| match (tracked, call) {
                (true, Some(call)) => (
                    quote! { #(#names)|* => { matched = true; #call; } },
                    quote! { matched = true; #call; },
                    names,
                ),
                (true, None) => (
                    quote! { #(#names)|* => matched = true, },
                    quote! { matched = true; },
                    names,
                ),
                (false, Some(call)) => (quote! { #(#names)|* => #call, }, quote! { #call; }, names),
                (false, None) => (quote! { #(#names)|* => {} }, TokenStream::new(), names),
            })
            .collect();
        let declared = match arms.as_slice() {
            [] => otherwise,
            [(_, body, names)] if otherwise.is_empty() => match names.as_slice() {
                [name] => quote! { if key == #name { #body } },
                names => quote! { if matches!(key, #(#names)|*) { #body } },
            },
            arms => {
                let arms = arms.iter().map(|(arm, _, _)| arm);
                quote! { match key { #(#arms)* _ => { #otherwise } } }
            }
        };
        let dispatch = if tracked {
            quote! {
                let mut matched = false;
                #declared
                #(#patterns)*
                if !matched { #additional }
            }
        } else {
            quote! { #declared #(#patterns)* }
        };
        let ignore = (!uses_child).then(|| quote! { let _ = child; });
        quote! {
            for (key, child) in o.iter() {
                let p = &p.key(key);
                #dispatch
                #ignore
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
            .filter_map(|(i, schema)| {
                let call = self.call(*schema, quote! { child });
                if call.is_empty() {
                    return None;
                }
                let get = if i == 0 {
                    quote! { a.first() }
                } else {
                    quote! { a.get(#i) }
                };
                Some(quote! { if let Some(child) = #get { let p = &p.index(#i); #call } })
            })
            .collect();
        checks.extend(prefix);
        if let Some(items) = s.items {
            let skip = s.prefix_items.len();
            let call = if self.plan.falsy.contains(&items) {
                quote! { let _ = child; check::fail(out, p, "items", "no further items are allowed".to_owned()); }
            } else {
                self.call(items, quote! { child })
            };
            let skip = (skip > 0).then(|| quote! { .skip(#skip) });
            if !call.is_empty() {
                checks.extend(quote! {
                    for (i, child) in a.iter().enumerate() #skip {
                        let p = &p.index(i);
                        #call
                    }
                });
            }
        }
        if let Some(contains) = s.contains {
            let min = s.min_contains.unwrap_or(1);
            let f = if min > 0 || s.max_contains.is_some() {
                self.func(contains)
            } else {
                TokenStream::new()
            };
            let min_lit = Literal::u64_suffixed(min);
            let max = match s.max_contains {
                Some(m) => {
                    let m = Literal::u64_suffixed(m);
                    quote! { if found > #m { check::fail(out, p, "maxContains", format!("must contain at most {} matching items", #m)); } }
                }
                None => TokenStream::new(),
            };
            let keyword = if min == 1 { "contains" } else { "minContains" };
            let at_least = (min > 0).then(|| {
                quote! {
                    if found < #min_lit {
                        check::fail(out, p, #keyword, format!("must contain at least {} matching items", #min_lit));
                    }
                }
            });
            if at_least.is_some() || !max.is_empty() {
                checks.extend(quote! {
                    let found = a.iter().filter(|child| check::passes(child, p, #f)).count() as u64;
                    #at_least
                    #max
                });
            }
        }
        if checks.is_empty() {
            return checks;
        }
        quote! { if let check::Json::Array(a) = v { #checks } }
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
            checks.extend(quote! {
                if !check::passes_any(v, p, &[#(#fs),*]) {
                    check::fail(out, p, "anyOf", "must match at least one of the alternatives".to_owned());
                }
            });
        }
        if !s.one_of.is_empty() {
            let fs = s.one_of.iter().map(|f| self.func(*f));
            checks.extend(quote! {
                let matching = check::passing(v, p, &[#(#fs),*]);
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
            let then = c
                .then
                .map(|t| self.call(t, quote! { v }))
                .unwrap_or_default();
            let otherwise = c
                .otherwise
                .map(|e| self.call(e, quote! { v }))
                .unwrap_or_default();
            let cond = if then.is_empty() && otherwise.is_empty() {
                TokenStream::new()
            } else {
                self.func(c.condition)
            };
            // Without `then` and `else`, `if` decides nothing.
            checks.extend(match (then.is_empty(), otherwise.is_empty()) {
                (false, false) => {
                    quote! { if check::passes(v, p, #cond) { #then } else { #otherwise } }
                }
                (false, true) => quote! { if check::passes(v, p, #cond) { #then } },
                (true, false) => quote! { if !check::passes(v, p, #cond) { #otherwise } },
                (true, true) => TokenStream::new(),
            });
        }
        checks
    }
}

/// The `impl Validate` (the runtime's trait, whose `from_json` users call) of every
/// generated type with a validator, into `sink`.
pub fn impls(cx: &Context, validators: &Validators, sink: &mut super::format::Sink) {
    let lean = Lean::plan(cx, validators);
    let rt = cx.rt();
    let rt = &rt;
    // Each type's impls go to the sink as they are made: together they are tens of
    // megabytes of tokens on a large definition.
    let impls = cx.types.defs.iter().enumerate().filter(|(_, d)| !matches!(d.kind, TypeKind::Alias(_))).map(|(i, def)| {
        let name = ident(&def.name);
        let f = validators.func(def.schema);
        // The lean path's typed checks, when the type has that path: a function of the
        // value, or none to run when the type holds everything.
        let typed = lean.typed(&TypeRef::Named(TypeId(i)), def.schema, quote! { x }).map(|check| {
            if is_true(&check) {
                quote! { check::always }
            } else if matches!(def.kind, TypeKind::Struct(_)) {
                // A struct's typed checks are its `lean_*` function (the only check `typed` gives).
                let f = lean.lean_fn(i);
                quote! { #f }
            } else {
                quote! { |x| #check }
            }
        });
        let (lean, nullable) = match typed {
            Some(f) => (quote! { ::core::option::Option::Some(#f) }, quote! { LEAN_NULLABLE }),
            None => (quote! { ::core::option::Option::None }, quote! { &[] }),
        };
        // A definition that may be `null` is `Option<#name>` wherever it is used: that
        // is what reads its `null` too (the struct or enum alone cannot hold it), through
        // the runtime's `impl Validate for Option<T: Nullable>`.
        let nullable_impl = matches!(cx.types.type_of(def.schema), TypeRef::Option(_)).then(|| {
            let doc = docs::text(&format!(
                "The definition also allows `null`, which `{}` cannot hold: read it as `Option::<{}>::from_json`.",
                def.name, def.name
            ));
            quote! {
                #doc
                impl check::Nullable for #name {}
            }
        });
        // The trait's methods are the runtime's, run on these functions: machine code
        // for reading and checking a type is generated in the crate that calls them, for
        // the types it calls them on (as serde's generic impls are), not for every type of
        // the bindings when they build.
        cx.gated(TypeId(i), quote! {
            impl #rt::Validate for #name {
                const SCHEMA: check::Schema<Self> = check::Schema {
                    check: #f,
                    lean: #lean,
                    nullable: #nullable,
                };
            }

            #nullable_impl
        })
    });
    impls.for_each(|items| sink.push(items));
    sink.push(entry_point(cx, validators, &lean));
    sink.push(lean.items());
}

/// The lean path of `from_json`: for each generated type whose schema the Rust type plus
/// typed checks cover exactly, a `lean_*` function over the parsed value. A schema it
/// cannot cover (composition at an object's level, `patternProperties`, `contains`, …)
/// keeps the type on the diagnosing path, which is always right.
struct Lean<'a> {
    cx: &'a Context<'a>,
    validators: &'a Validators<'a>,
    /// Structs with a `lean_*` function.
    eligible: std::cell::RefCell<std::collections::BTreeSet<usize>>,
    /// Properties where `null` may stand for `None`: every `Option` field of that name
    /// allows `null`.
    nullable: Vec<String>,
    /// While planning: the struct whose checks are being built, and each (struct, struct
    /// whose eligibility its checks consulted).
    planning: std::cell::Cell<Option<usize>>,
    consulted: std::cell::RefCell<Vec<(usize, usize)>>,
}

impl<'a> Lean<'a> {
    fn plan(cx: &'a Context<'a>, validators: &'a Validators<'a>) -> Lean<'a> {
        let mut good = std::collections::BTreeSet::new();
        let mut bad = std::collections::BTreeSet::new();
        for def in &cx.types.defs {
            let TypeKind::Struct(st) = &def.kind else {
                continue;
            };
            for f in &st.fields {
                if !matches!(f.ty, TypeRef::Option(_)) {
                    continue;
                }
                let s = cx.api.schemas.get(f.schema);
                let allows_null = s
                    .types
                    .as_ref()
                    .is_some_and(|t| t.contains(&JsonType::Null))
                    || s.nullable;
                let simple = s.enum_values.is_none()
                    && s.const_value.is_none()
                    && !s.has_composition()
                    && s.always.is_none();
                if allows_null && simple {
                    good.insert(f.wire.clone())
                } else {
                    bad.insert(f.wire.clone())
                };
            }
        }
        let lean = Lean {
            cx,
            validators,
            eligible: Default::default(),
            nullable: good.difference(&bad).cloned().collect(),
            planning: Default::default(),
            consulted: Default::default(),
        };
        // One optimistic pass with every struct eligible: a struct whose checks cannot be
        // built then never can; the others are built unless a struct they consult is not
        // (a `None` from a consulted struct always makes the consulting one `None`).
        let structs: Vec<usize> = cx
            .types
            .defs
            .iter()
            .enumerate()
            .filter(|(_, d)| matches!(d.kind, TypeKind::Struct(_)))
            .map(|(i, _)| i)
            .collect();
        lean.eligible.borrow_mut().extend(structs.iter().copied());
        let mut dropped = Vec::new();
        for &i in &structs {
            lean.planning.set(Some(i));
            if lean.structure(i).is_none() {
                dropped.push(i);
            }
        }
        lean.planning.set(None);
        let mut users: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (user, used) in lean.consulted.take() {
            users.entry(used).or_default().push(user);
        }
        while let Some(i) = dropped.pop() {
            if lean.eligible.borrow_mut().remove(&i) {
                dropped.extend(users.get(&i).into_iter().flatten().copied());
            }
        }
        lean
    }

    /// A validator a typed check calls: marked used only when the check is emitted, not
    /// while planning (a struct found ineligible later emits nothing).
    fn validator(&self, schema: SchemaId) -> Option<proc_macro2::Ident> {
        match self.planning.get() {
            Some(_) => self.validators.peek(schema),
            None => self.validators.name(schema),
        }
    }

    fn lean_fn(&self, i: usize) -> proc_macro2::Ident {
        format_ident!(
            "lean_{}",
            crate::naming::unraw(&crate::naming::snake(&self.cx.types.defs[i].name, "type"))
        )
    }

    /// `LEAN_NULLABLE` and every struct's `lean_*` function.
    fn items(&self) -> TokenStream {
        let eligible: Vec<usize> = self.eligible.borrow().iter().copied().collect();
        if eligible.is_empty() && !self.any_lean() {
            return TokenStream::new();
        }
        let fns = eligible.iter().map(|i| {
            let def = &self.cx.types.defs[*i];
            let name = self.lean_fn(*i);
            let ty = ident(&def.name);
            let check = self.structure(*i).unwrap_or_else(|| quote! { false });
            let doc = docs::text(&format!(
                "Typed checks of `{}` (the lean path of `from_json`).",
                def.name
            ));
            self.cx.gated(
                TypeId(*i),
                quote! {
                    #doc
                    // A required field of the struct's own type recurses on every path (no
                    // finite value has one); rustc's lint is right that it never ends, and no
                    // value ever reaches it.
                    #[allow(clippy::nonminimal_bool, unused_variables, unconditional_recursion)]
                    fn #name(x: &#ty) -> bool {
                        #check
                    }
                },
            )
        });
        let nullable = &self.nullable;
        // Behind features (a split's base), every type that reads it may be off.
        let unused = self.cx.allow_when_gated(quote! { dead_code });
        quote! {
            /// Properties where `null` may stand for `None` on the lean path.
            #unused
            const LEAN_NULLABLE: &[&str] = &[#(#nullable),*];
            #(#fns)*
        }
    }

    fn any_lean(&self) -> bool {
        self.cx.types.defs.iter().enumerate().any(|(i, d)| {
            self.typed(&TypeRef::Named(TypeId(i)), d.schema, quote! { x })
                .is_some()
        })
    }

    /// A `bool` expression: whether `x` (an expression of type `&T` for `t`) meets what
    /// `schema` asks beyond its Rust type; `None` when typed checks cannot tell.
    /// The check that every value of `map` (of Rust type `value`) passes `values`: that
    /// there is none when `values` is `false`.
    fn all_values(
        &self,
        value: &TypeRef,
        values: SchemaId,
        map: TokenStream,
    ) -> Option<TokenStream> {
        if self.validators.plan.falsy.contains(&values) {
            return Some(quote! { #map.is_empty() });
        }
        let each = self.typed(value, values, quote! { y })?;
        Some(if is_true(&each) {
            each
        } else {
            let f = closure(each);
            quote! { #map.values().all(#f) }
        })
    }

    fn typed(&self, t: &TypeRef, schema: SchemaId, x: TokenStream) -> Option<TokenStream> {
        // A `false` schema accepts nothing: an optional value must be absent; anything else
        // is the full path's to report, under the keyword that holds the schema.
        if self.validators.plan.falsy.contains(&schema) {
            return match t {
                TypeRef::Option(_) => Some(quote! { #x.is_none() }),
                _ => None,
            };
        }
        let s = self.cx.api.schemas.get(schema);
        // Typed checks take `type` as enforced by the Rust type; when the type can hold
        // more than `type` admits, only the full path can tell.
        if let Some(types) = &s.types {
            let mut allowed = types.clone();
            if s.nullable {
                allowed.push(JsonType::Null);
            }
            let enforced = match t {
                // These run the schema's own validator, `type` included.
                TypeRef::Json
                | TypeRef::External(_)
                | TypeRef::File
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U32
                | TypeRef::U64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::Bool => true,
                // The inner type meets this check again, against the same schema; whether
                // `null` may stand for `None` is the lean reader's (`LEAN_NULLABLE`).
                TypeRef::Option(_) | TypeRef::Boxed(_) => true,
                TypeRef::Named(id) => match &self.cx.types.def(*id).kind {
                    TypeKind::Union(u) if u.discriminator.is_none() => true,
                    _ => self.cx.types.holds_only(t, &allowed),
                },
                _ => self.cx.types.holds_only(t, &allowed),
            };
            if !enforced {
                return None;
            }
        }
        match t {
            TypeRef::Named(id) => {
                let def = self.cx.types.def(*id);
                match &def.kind {
                    TypeKind::Struct(_) => {
                        if let Some(user) = self.planning.get() {
                            self.consulted.borrow_mut().push((user, id.0));
                        }
                        if !self.eligible.borrow().contains(&id.0) {
                            return None;
                        }
                        let f = self.lean_fn(id.0);
                        Some(quote! { #f(#x) })
                    }
                    TypeKind::StringEnum(_) => {
                        self.strings(self.cx.api.schemas.get(def.schema), quote! { #x.as_str() })
                    }
                    TypeKind::Alias(inner) => self.typed(inner, def.schema, x),
                    // serde tries each alternative on a buffered copy, which `strict` does not
                    // see: only alternatives that no JSON shape can fake (strings, numbers,
                    // booleans, any JSON), and then the whole schema checks the value again.
                    TypeKind::Union(u) => {
                        let simple = u.discriminator.is_none()
                            && u.variants.iter().all(|v| {
                                matches!(
                                    v.ty,
                                    TypeRef::String
                                        | TypeRef::I64
                                        | TypeRef::I32
                                        | TypeRef::U32
                                        | TypeRef::U64
                                        | TypeRef::F32
                                        | TypeRef::F64
                                        | TypeRef::Bool
                                        | TypeRef::Json
                                )
                            });
                        if !simple {
                            return None;
                        }
                        Some(match self.validator(def.schema) {
                            Some(f) => match union_json(&def.name, u, &x) {
                                // The value's JSON form, borrowed: what `to_value` would make.
                                Some(json) => quote! {
                                    check::passes(&#json, &check::Path::Root(""), #f)
                                },
                                None => quote! {
                                    ::serde_json::to_value(#x).is_ok_and(|v| check::passes_value(&v, #f))
                                },
                            },
                            None => quote! { true },
                        })
                    }
                }
            }
            TypeRef::Boxed(inner) => self.typed(inner, schema, quote! { #x.as_ref() }),
            // An object is checked as its type; any other value by the full path, which
            // applies the schema's other keywords to it.
            TypeRef::Loose(inner) => {
                let check = self.typed(inner, schema, quote! { y })?;
                let f = closure(check);
                Some(quote! { #x.typed().is_some_and(#f) })
            }
            // A `match` rather than a closure unless the check is a function value: each
            // closure is a body of its own for the compiler to check and keep.
            // Nested options are one pattern, `Some(Some(y))`: each level is checked alike.
            TypeRef::Option(inner) => {
                let (mut some, mut inner, mut nested) =
                    (quote! { ::core::option::Option::Some(y) }, inner, false);
                while let TypeRef::Option(next) = &**inner {
                    some = quote! { ::core::option::Option::Some(#some) };
                    (inner, nested) = (next, true);
                }
                let check = self.typed(inner, schema, quote! { y })?;
                if is_true(&check) {
                    return Some(check);
                }
                Some(match function(&check) {
                    Some(f) if !nested => quote! { #x.as_ref().is_none_or(#f) },
                    _ => quote! {
                        match #x {
                            #some => #check,
                            _ => true,
                        }
                    },
                })
            }
            TypeRef::String => self.strings(s, quote! { #x.as_str() }),
            // Read by the format's grammar already; the text is still there to check.
            TypeRef::Format(FormatType::Bytes) => {
                let plain = s.min_length.is_none()
                    && s.max_length.is_none()
                    && s.pattern.is_none()
                    && s.enum_values.is_none()
                    && s.const_value.is_none();
                plain.then(|| quote! { true })
            }
            TypeRef::Format(_) => self.strings(s, quote! { #x.as_str() }),
            // Checked by the schema's validator on the value's JSON form (an `f32`
            // widened to `f64` may miss a bound the text meets: then the full path decides).
            TypeRef::I64
            | TypeRef::I32
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Bool => Some(match typed_number(t, s, &x) {
                Some(check) => check,
                // A `bool` is a boolean, an `i64` an integer: a schema that asks only that
                // has nothing left to check.
                None if self.validators.plan.beyond_type(t, s, schema).is_none() => quote! { true },
                None => match self.validator(schema) {
                    Some(f) => {
                        quote! { check::passes_value(&::serde_json::Value::from(*#x), #f) }
                    }
                    None => quote! { true },
                },
            }),
            // Operation types, never a schema's: nothing to check.
            TypeRef::File => None,
            // The user's type is checked through its JSON form.
            TypeRef::External(_) => Some(match self.validator(schema) {
                Some(f) => quote! {
                    ::serde_json::to_value(#x).is_ok_and(|v| check::passes_value(&v, #f))
                },
                None => quote! { true },
            }),
            TypeRef::Json => Some(match self.validator(schema) {
                Some(f) => quote! { check::passes_value(#x, #f) },
                None => quote! { true },
            }),
            TypeRef::Vec(inner) => {
                if s.contains.is_some()
                    || !s.prefix_items.is_empty()
                    || s.unevaluated_items.is_some()
                {
                    return None;
                }
                let mut checks = vec![count(quote! { #x.len() }, s.min_items, s.max_items)];
                if s.unique_items {
                    let comparable = match &**inner {
                        TypeRef::String
                        | TypeRef::I64
                        | TypeRef::I32
                        | TypeRef::U32
                        | TypeRef::U64
                        | TypeRef::Bool
                        | TypeRef::F64 => true,
                        TypeRef::Named(id) => {
                            matches!(self.cx.types.def(*id).kind, TypeKind::StringEnum(_))
                        }
                        _ => false,
                    };
                    if !comparable {
                        return None;
                    }
                    // Pairwise is quadratic: long arrays go down the full path, whose
                    // `check::unique` hashes.
                    checks.push(quote! { #x.len() <= 64 && #x.iter().enumerate().all(|(i, a)| !#x[..i].contains(a)) });
                }
                if let Some(items) = s.items {
                    let each = self.typed(inner, items, quote! { y })?;
                    if !is_true(&each) {
                        let f = closure(each);
                        checks.push(quote! { #x.iter().all(#f) });
                    }
                }
                Some(all(checks))
            }
            TypeRef::Map(inner) => {
                if s.property_names.is_some()
                    || !s.pattern_properties.is_empty()
                    || !s.dependent_required.is_empty()
                    || !s.dependent_schemas.is_empty()
                    || !s.required.is_empty()
                    || s.unevaluated_properties.is_some()
                {
                    return None;
                }
                let mut checks = vec![count(
                    quote! { #x.len() },
                    s.min_properties,
                    s.max_properties,
                )];
                if let Some(values) = s.additional_properties {
                    checks.push(self.all_values(inner, values, x.clone())?);
                }
                Some(all(checks))
            }
        }
    }

    /// The checks of a string beyond its type: lengths, pattern, format.
    fn strings(&self, s: &Schema, x: TokenStream) -> Option<TokenStream> {
        let mut checks = vec![quote! { true }];
        if s.min_length.is_some() || s.max_length.is_some() {
            let (min, max) = (
                Literal::u64_suffixed(s.min_length.unwrap_or(0)),
                Literal::u64_suffixed(s.max_length.unwrap_or(u64::MAX)),
            );
            checks.push(quote! { check::length_within(#x, #min, #max) });
        }
        if let Some(re) = s.pattern.as_ref().and_then(|p| self.validators.pattern(p)) {
            checks.push(quote! { #re.is_match(#x) });
        }
        if let Some(format) = s
            .format
            .as_deref()
            .filter(|f| self.validators.plan.asserts(f))
        {
            checks.push(quote! { check::is_format(#x, #format) });
        }
        Some(all(checks))
    }

    /// For an alias of `Vec<T>` whose typed checks are a count and a check of each item (no
    /// `uniqueItems`, which needs every item at once): the check of one item (`|y| ..` over
    /// `&T`) and the count's check over `n`, for `check::lean_items`. Only after `typed`
    /// said the whole alias has typed checks.
    fn array(&self, kind: &TypeKind, schema: SchemaId) -> Option<(TokenStream, TokenStream)> {
        let TypeKind::Alias(TypeRef::Vec(inner)) = kind else {
            return None;
        };
        let s = self.cx.api.schemas.get(schema);
        if s.unique_items
            || s.contains.is_some()
            || !s.prefix_items.is_empty()
            || s.unevaluated_items.is_some()
        {
            return None;
        }
        let each = match s.items {
            Some(items) => self.typed(inner, items, quote! { y })?,
            None => quote! { true },
        };
        let each = if is_true(&each) {
            quote! { |_| true }
        } else {
            closure(each)
        };
        Some((each, count(quote! { n }, s.min_items, s.max_items)))
    }

    /// The body of a struct's `lean_*` function.
    fn structure(&self, i: usize) -> Option<TokenStream> {
        let def = &self.cx.types.defs[i];
        let TypeKind::Struct(st) = &def.kind else {
            return None;
        };
        let s = self.cx.api.schemas.get(def.schema);
        if !s.pattern_properties.is_empty()
            || s.property_names.is_some()
            || !s.dependent_schemas.is_empty()
            || s.unevaluated_properties.is_some()
            || s.has_composition()
            || s.enum_values.is_some()
            || s.const_value.is_some()
        {
            return None;
        }
        let extra = match &st.extra {
            Extra::Keep { field, value } => Some((ident(field), value)),
            Extra::Deny => None,
        };
        let present = |name: &str| -> Option<TokenStream> {
            match st.fields.iter().find(|f| f.wire == name) {
                Some(f) if matches!(f.ty, TypeRef::Option(_)) => {
                    let field = ident(&f.rust);
                    Some(quote! { x.#field.is_some() })
                }
                Some(_) => Some(quote! { true }),
                None => extra
                    .as_ref()
                    .map(|(field, _)| quote! { x.#field.contains_key(#name) }),
            }
        };
        let mut checks = vec![quote! { true }];
        for name in &s.required {
            checks.push(present(name)?);
        }
        for (name, deps) in &s.dependent_required {
            let when = present(name)?;
            let then: Vec<TokenStream> = deps.iter().map(|d| present(d)).collect::<Option<_>>()?;
            let then = all(then);
            checks.push(quote! { (!#when || (#then)) });
        }
        if s.min_properties.is_some() || s.max_properties.is_some() {
            let counts = st.fields.iter().map(|f| {
                let field = ident(&f.rust);
                if matches!(f.ty, TypeRef::Option(_)) {
                    quote! { usize::from(x.#field.is_some()) }
                } else {
                    quote! { 1usize }
                }
            });
            let extra_len = extra.as_ref().map(|(field, _)| quote! { + x.#field.len() });
            checks.push(count(
                quote! { (0usize #(+ #counts)* #extra_len) },
                s.min_properties,
                s.max_properties,
            ));
        }
        let mut locals = Vec::new();
        for (n, f) in st.fields.iter().enumerate() {
            let field = ident(&f.rust);
            let local = format_ident!("field_{}", n);
            let check = self.typed(&f.ty, f.schema, quote! { #local })?;
            if !is_true(&check) {
                locals.push(quote! { let #local = &x.#field; });
                checks.push(check);
            }
        }
        if let (Some((field, value)), Some(additional)) = (&extra, s.additional_properties) {
            // Flattened values are read through serde's buffer, not `strict`: only types
            // that no JSON shape can fake.
            if !matches!(
                value,
                TypeRef::Json
                    | TypeRef::String
                    | TypeRef::I64
                    | TypeRef::I32
                    | TypeRef::F64
                    | TypeRef::Bool
            ) {
                return None;
            }
            checks.push(self.all_values(value, additional, quote! { x.#field })?);
        }
        let checks = all(checks);
        Some(if locals.is_empty() {
            checks
        } else {
            quote! { { #(#locals)* #checks } }
        })
    }
}

/// `min <= n && n <= max` for the bounds that are set (`true` without any).
fn count(n: TokenStream, min: Option<u64>, max: Option<u64>) -> TokenStream {
    let mut checks = vec![quote! { true }];
    if let Some(min) = min.filter(|m| *m > 0) {
        let min = Literal::u64_suffixed(min);
        checks.push(quote! { (#n as u64) >= #min });
    }
    if let Some(max) = max {
        let max = Literal::u64_suffixed(max);
        checks.push(quote! { (#n as u64) <= #max });
    }
    all(checks)
}

/// `a && b && …` without the `true`s; `true` when nothing is left.
fn all(checks: Vec<TokenStream>) -> TokenStream {
    let checks: Vec<TokenStream> = checks.into_iter().filter(|c| !is_true(c)).collect();
    match checks.as_slice() {
        [] => quote! { true },
        [one] => one.clone(),
        // A `match` that started a statement would end it: each operand in parentheses.
        _ => {
            let operands = checks.iter().map(|c| match c.clone().into_iter().next() {
                Some(TokenTree::Ident(i)) if i == "match" => quote! { (#c) },
                _ => c.clone(),
            });
            quote! { #(#operands)&&* }
        }
    }
}

/// `check`, a check of `y`, as a function value: the function itself where the check calls
/// one on `y` alone (`lean_pet(y)`) or a runtime combinator makes it one
/// (`y.typed().is_some_and(f)` is `check::typed(f)`, `y.as_ref().is_none_or(f)`
/// `check::none_or(f)`, `y.iter().all(f)` `check::each(f)`);
/// else a closure, which is a body of its own for the compiler to check and keep
/// (Kubernetes' bindings had 938).
fn closure(check: TokenStream) -> TokenStream {
    function(&check).unwrap_or_else(|| quote! { |y| #check })
}

/// The function value [`closure`] gives `check`, when there is one.
fn function(check: &TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = check.clone().into_iter().collect();
    let is = |t: &TokenTree, name: &str| matches!(t, TokenTree::Ident(i) if i == name);
    let dot = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == '.');
    let args = |t: &TokenTree| match t {
        TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => Some(g.stream()),
        _ => None,
    };
    match tokens.as_slice() {
        [y, dot1, method, none, dot2, test, f]
            if is(y, "y") && dot(dot1) && dot(dot2) && args(none)?.is_empty() =>
        {
            let f = args(f)?;
            let combinator = match (method.to_string().as_str(), test.to_string().as_str()) {
                ("typed", "is_some_and") => quote! { check::typed },
                ("as_ref", "is_none_or") => quote! { check::none_or },
                ("iter", "all") => quote! { check::each },
                _ => return None,
            };
            (!mentions_y(&f)).then(|| quote! { #combinator(#f) })
        }
        [path @ .., arg]
            if !path.is_empty()
                && args(arg)?.to_string() == "y"
                && path.iter().all(|t| match t {
                    TokenTree::Ident(_) => true,
                    TokenTree::Punct(p) => p.as_char() == ':',
                    _ => false,
                }) =>
        {
            Some(path.iter().cloned().collect())
        }
        _ => None,
    }
}

/// Whether `tokens` name `y` anywhere (a closure's parameter, or the value checked).
fn mentions_y(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "y",
        TokenTree::Group(g) => mentions_y(&g.stream()),
        _ => false,
    })
}

fn is_true(check: &TokenStream) -> bool {
    check.to_string() == "true"
}

/// `DEFINITIONS` and `validate_json`: one entry point for every definition, aliases
/// (`pub type X = i64;`, which have no `Validate` impl) included.
///
/// A definition whose type has a `Validate` impl is an entry of a table sorted by name
/// (`VALIDATE_JSON`), found by binary search; only the others (aliases, definitions that may
/// be `null`) are arms of a `match`. An arm with a call costs the compiler far more than an
/// entry: Kubernetes' 881 arms made `validate_json` the largest function of the output and
/// took 14 MB of `cargo check`, the table takes 2.
fn entry_point(cx: &Context, validators: &Validators, lean: &Lean) -> TokenStream {
    let mut seen = std::collections::BTreeSet::new();
    let mut names = Vec::new();
    let mut arms = Vec::new();
    let mut table = Vec::new();
    for d in &cx.api.definitions {
        let Some(tid) = cx.types.named(d.schema) else {
            continue;
        };
        if !seen.insert(d.name.clone()) {
            continue;
        }
        let def = cx.types.def(tid);
        let ty = ident(&def.name);
        let wire = &d.name;
        // A gated type's name is listed, and read, only when its gate is on.
        let gate = cx.gate(tid);
        names.push(quote! { #gate #wire });
        let arm = match def.kind {
            TypeKind::Alias(_) => {
                let f = validators.func(def.schema);
                // The diagnosing path, which decides when the lean one gives up.
                let diagnose = quote! { check::parse::<#ty>(json, #f).map(::core::mem::drop) };
                let whole = lean.typed(&TypeRef::Named(tid), def.schema, quote! { x });
                // An array: its items read, checked and dropped one at a time, rather than
                // a whole `Vec` of typed values built only to be dropped.
                let items = whole
                    .as_ref()
                    .and_then(|_| lean.array(&def.kind, def.schema));
                match whole {
                    Some(_) if items.is_some() => {
                        let (each, count) = items.unwrap_or_default();
                        let arm = if is_true(&count) {
                            quote! { ::core::option::Option::Some(_) }
                        } else {
                            quote! { ::core::option::Option::Some(n) if #count }
                        };
                        quote! {
                            #wire => match check::lean_items::<#ty, _>(json, LEAN_NULLABLE, #each) {
                                #arm => Ok(()),
                                _ => #diagnose,
                            },
                        }
                    }
                    Some(check) if is_true(&check) => quote! {
                        #wire => match check::lean::<#ty>(json, LEAN_NULLABLE) {
                            ::core::option::Option::Some(_) => Ok(()),
                            _ => #diagnose,
                        },
                    },
                    Some(check) => quote! {
                        #wire => match check::lean::<#ty>(json, LEAN_NULLABLE) {
                            ::core::option::Option::Some(ref x) if #check => Ok(()),
                            _ => #diagnose,
                        },
                    },
                    None => quote! { #wire => #diagnose, },
                }
            }
            // A definition that may be `null` is `Option<#ty>` wherever it is used; the
            // struct or enum alone cannot hold `null`.
            _ if matches!(cx.types.type_of(d.schema), TypeRef::Option(_)) => {
                let f = validators.func(def.schema);
                quote! { #wire => check::parse::<::core::option::Option<#ty>>(json, #f).map(::core::mem::drop), }
            }
            _ => {
                table.push((
                    wire.as_str(),
                    quote! { #gate (#wire, check::validate_as::<#ty>) },
                ));
                continue;
            }
        };
        arms.push(quote! { #gate #arm });
    }
    if names.is_empty() {
        return TokenStream::new();
    }
    table.sort_by_key(|(name, _)| *name);
    let entries = table.iter().map(|(_, entry)| entry);
    let (table_const, lookup) = if table.is_empty() {
        (None, quote! { ::core::option::Option::None })
    } else {
        let table_const = quote! {
            /// `validate_json`'s definitions that have a `Validate` impl, sorted by name.
            const VALIDATE_JSON: &[(&str, check::ValidateJson)] = &[#(#entries),*];
        };
        let lookup = quote! { check::validate_named(VALIDATE_JSON, definition, json) };
        (Some(table_const), lookup)
    };
    let body = if arms.is_empty() {
        lookup
    } else {
        quote! {
            ::core::option::Option::Some(match definition {
                #(#arms)*
                _ => return #lookup,
            })
        }
    };
    let rt = cx.rt();
    // Behind features (a split's base), every arm may be off.
    let all_off = cx.allow_when_gated(quote! { unreachable_code, unused_variables });
    quote! {
        /// The names of the definitions, as written in the definition file.
        #[allow(dead_code)]
        pub const DEFINITIONS: &[&str] = &[#(#names),*];

        /// Parses `json`, checks it against the definition named `definition` (one of
        /// [`DEFINITIONS`]) and converts it to that definition's Rust type, as
        /// `from_json` does; `None` when no definition has that name. Works for every
        /// definition, including those whose type is an alias.
        #[allow(dead_code)]
        #[inline]
        #all_off
        pub fn validate_json(definition: &str, json: &str) -> ::core::option::Option<::core::result::Result<(), #rt::Violations>> {
            #body
        }

        #table_const
    }
}

/// The JSON form of a union's value (`x`, a `&` of its enum) as a `check::Json` borrowing
/// from it, the value `serde_json::to_value` gives: `None` unless every alternative is a
/// string, an integer, an `f64`, a boolean or any JSON.
fn union_json(name: &str, u: &crate::model::types::Union, x: &TokenStream) -> Option<TokenStream> {
    let ty = ident(name);
    let arms = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let json = match v.ty {
                TypeRef::String => {
                    quote! { check::Json::String(::std::borrow::Cow::Borrowed(y.as_str())) }
                }
                TypeRef::I64 | TypeRef::I32 | TypeRef::U32 | TypeRef::U64 => {
                    quote! { check::Json::Number(::serde_json::Number::from(*y)) }
                }
                TypeRef::F64 => quote! {
                    ::serde_json::Number::from_f64(*y).map_or(check::Json::Null, check::Json::Number)
                },
                TypeRef::Bool => quote! { check::Json::Bool(*y) },
                TypeRef::Json => quote! { check::Json::from_value(y) },
                _ => return None,
            };
            Some(quote! { #ty::#variant(y) => #json, })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(quote! { match #x { #(#arms)* } })
}

/// The typed check of a number (`x`, a `&` of an integer or `f64`) against a schema that asks
/// nothing of numbers but `type`, bounds, `multipleOf` and `int32` (what [`number_checks`]
/// checks), without the schema's validator: what that validator says of the number's JSON
/// form. `None` for any other schema or type.
fn typed_number(t: &TypeRef, s: &Schema, x: &TokenStream) -> Option<TokenStream> {
    use crate::ir::keyword::Role;
    use crate::ir::Keyword;
    let plain = s.always != Some(false)
        && s.keywords().all(|k| match k.role() {
            Role::Any => matches!(k, Keyword::Type | Keyword::Nullable),
            // Only other types' keywords, and annotations (an asserted format is a
            // string's).
            Role::Number | Role::String | Role::Object | Role::Array | Role::Annotation => true,
            Role::Composition | Role::Unevaluated => false,
        });
    let float = match t {
        TypeRef::I64 | TypeRef::I32 | TypeRef::U32 | TypeRef::U64 => false,
        TypeRef::F64 => true,
        _ => return None,
    };
    if !plain {
        return None;
    }
    let mut checks = Vec::new();
    // An integer type holds only integers, which `integer` and `number` both admit; a float
    // meets `number` but maybe not `integer`.
    let implied = |t: &JsonType| match float {
        false => matches!(t, JsonType::Integer | JsonType::Number),
        true => *t == JsonType::Number,
    };
    if let Some(types) = s.types.as_ref().filter(|t| !t.iter().any(implied)) {
        let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
        let types = type_set(&names);
        checks.push((quote! { check::number_is }, quote! { #types }));
    }
    if let Some(b) = &s.minimum {
        let (value, exclusive) = (f64_literal(b.value.as_f64()), b.exclusive);
        checks.push((quote! { check::at_least }, quote! { #value, #exclusive }));
    }
    if let Some(b) = &s.maximum {
        let (value, exclusive) = (f64_literal(b.value.as_f64()), b.exclusive);
        checks.push((quote! { check::at_most }, quote! { #value, #exclusive }));
    }
    if let Some(m) = &s.multiple_of {
        let text = m.to_string();
        let m = f64_literal(m.as_f64());
        checks.push((quote! { check::is_multiple }, quote! { #m, #text }));
    }
    // An `i32` is one already.
    let int32 = s.format.as_deref() == Some("int32")
        && *t != TypeRef::I32
        && s.types
            .as_ref()
            .is_some_and(|t| t.contains(&JsonType::Integer));
    if int32 {
        checks.push((quote! { check::is_int32 }, TokenStream::new()));
    }
    if checks.is_empty() {
        return Some(quote! { true });
    }
    // Each check is a function of the number and its arguments.
    let calls = |n: TokenStream| -> Vec<TokenStream> {
        checks
            .iter()
            .map(|(f, args)| {
                if args.is_empty() {
                    quote! { #f(#n) }
                } else {
                    quote! { #f(#n, #args) }
                }
            })
            .collect()
    };
    Some(if float {
        // A float JSON cannot hold (no text reads as one) goes down the full path.
        let calls = calls(quote! { &n });
        quote! {
            ::serde_json::Number::from_f64(*#x).is_some_and(|n| #(#calls)&&*)
        }
    } else {
        // An integer's `Number` costs nothing to make: one per check.
        let calls = calls(quote! { &::serde_json::Number::from(*#x) });
        quote! { #(#calls)&&* }
    })
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
        let text = m.to_string();
        let m = f64_literal(m.as_f64());
        checks.extend(quote! { check::multiple_of(n, #m, #text, p, out); });
    }
    let int32 = s.format.as_deref() == Some("int32")
        && s.types
            .as_ref()
            .is_some_and(|t| t.contains(&JsonType::Integer));
    if int32 {
        checks.extend(quote! {
            if !check::is_int32(n) {
                check::fail(out, p, "format", "must be a 32-bit integer (int32)".to_owned());
            }
        });
    }
    if checks.is_empty() {
        return checks;
    }
    quote! { if let check::Json::Number(n) = v { #checks } }
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

/// A set of JSON type names as the bits `check::types` takes (`check::STRING | check::NULL`).
fn type_set(names: &[&str]) -> TokenStream {
    if names.is_empty() {
        // `type: []`: no value passes.
        return quote! { 0u8 };
    }
    let bits = names
        .iter()
        .map(|name| format_ident!("{}", name.to_ascii_uppercase()));
    quote! { #(check::#bits)|* }
}

/// A backtracking pattern's program as a constant of the runtime's `check::Program`.
fn program_tokens(program: &Program) -> TokenStream {
    let n = |v: &u32| Literal::u32_unsuffixed(*v);
    let insts = program.insts.iter().map(|inst| match inst {
        Inst::Char { ranges, back } => {
            let ranges = ranges.iter().map(|(lo, hi)| {
                let (lo, hi) = (Literal::character(*lo), Literal::character(*hi));
                quote! { (#lo, #hi) }
            });
            quote! { check::Inst::Char { ranges: &[#(#ranges),*], back: #back } }
        }
        Inst::Split(a, b) => {
            let (a, b) = (n(a), n(b));
            quote! { check::Inst::Split(#a, #b) }
        }
        Inst::Jump(to) => {
            let to = n(to);
            quote! { check::Inst::Jump(#to) }
        }
        Inst::Start => quote! { check::Inst::Start },
        Inst::End => quote! { check::Inst::End },
        Inst::WordBoundary { negated } => {
            quote! { check::Inst::WordBoundary { negated: #negated } }
        }
        Inst::Save(slot) => {
            let slot = n(slot);
            quote! { check::Inst::Save(#slot) }
        }
        Inst::Reset(from, to) => {
            let (from, to) = (n(from), n(to));
            quote! { check::Inst::Reset(#from, #to) }
        }
        Inst::Mark(slot) => {
            let slot = n(slot);
            quote! { check::Inst::Mark(#slot) }
        }
        Inst::Progress(slot) => {
            let slot = n(slot);
            quote! { check::Inst::Progress(#slot) }
        }
        Inst::Look {
            behind,
            negated,
            next,
        } => {
            let next = n(next);
            quote! { check::Inst::Look { behind: #behind, negated: #negated, next: #next } }
        }
        Inst::Backref { group, back } => {
            let group = n(group);
            quote! { check::Inst::Backref { group: #group, back: #back } }
        }
        Inst::Succeed => quote! { check::Inst::Succeed },
    });
    let slots = n(&program.slots);
    quote! { check::Program { insts: &[#(#insts),*], slots: #slots } }
}
