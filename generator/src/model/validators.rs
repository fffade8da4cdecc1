//! The validator plan: which schemas get a validator function (every schema that asks
//! more than nothing), which share one (schemas that check the same), its name, the
//! compiled patterns, and which validators and annotation functions the module calls, so
//! that exactly those are emitted.
//!
//! What calls what is decided here, not while tokens are written: the entries are what the
//! types' `Validate` impls, the definitions' entry point and the client check; from them,
//! [`ValidatorPlan::callees`] follows what each validator's body checks. The emitter
//! (`emit/validate.rs`) renders a body per used validator and asserts, in debug builds,
//! that every call it writes is one this plan counted.

use super::client::{OperationPlan, RequestBody};
use super::pattern::Engine;
use super::types::{FormatType, TypeKind, TypeRef, TypeSpace};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::ir::{Api, JsonType, Schema, SchemaId, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

/// The formats the runtime's `check::format` knows.
pub const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "json-pointer",
    "relative-json-pointer",
    "uri-template",
    "regex",
    "byte",
];

/// OpenAPI's formats of numbers and strings that need no check beyond the type (or
/// whose check is always on, like `int32`).
const OPENAPI_FORMATS: &[&str] = &["int32", "int64", "float", "double", "binary", "password"];

/// The validator functions of a module, as data.
#[derive(Debug)]
pub struct ValidatorPlan {
    /// The function name of each representative schema (`check_…`).
    names: BTreeMap<SchemaId, String>,
    /// Each schema with a validator → the representative of the schemas that check the same.
    canonical: BTreeMap<SchemaId, SchemaId>,
    /// The `static PATTERN_n` of each pattern source that runs, and how it runs.
    pub patterns: BTreeMap<String, (String, Engine)>,
    /// The `false` schemas: reported under the keyword that holds them where that keyword
    /// allows (`additionalProperties`, `items`, `unevaluated*`), not called.
    pub falsy: BTreeSet<SchemaId>,
    /// Whether `format` is asserted (`Config::assert_formats`).
    pub formats: bool,
    /// Whether the formats with a type of their own are asserted ([`Config::format_types`]).
    typed_formats: bool,
    /// Whether an asserted format needs the runtime's IDNA tables (its `idn` feature).
    pub idn: bool,
    /// Patterns that are not ECMA-262 regexes and formats that are not checked (reported,
    /// not enforced).
    pub warnings: Vec<Diagnostic>,
    /// The representatives whose validator the module calls: only these are emitted.
    pub used: BTreeSet<SchemaId>,
    /// The schemas whose `core_*` annotation function (what they evaluate, for
    /// `unevaluatedProperties` / `unevaluatedItems`) is emitted.
    pub annotated: BTreeSet<SchemaId>,
    /// Of those, the ones whose `ann_*` (the same, `None` when the schema fails) is too.
    pub annotated_ann: BTreeSet<SchemaId>,
    /// The validators another crate of a split defines ([`Config`]'s `shared_validators`),
    /// imported under their name here: the path of each.
    pub imported: BTreeMap<SchemaId, String>,
}

impl ValidatorPlan {
    /// Plans the validators of a module: a function for every schema reachable from the
    /// types and operations that asks something, one per class of equal schemas, and the
    /// set the module calls.
    pub fn build(
        api: &Api,
        types: &TypeSpace,
        settings: &Config,
        operations: &[OperationPlan],
    ) -> ValidatorPlan {
        let mut roots: Vec<SchemaId> = types.defs.iter().map(|d| d.schema).collect();
        for op in &api.operations {
            roots.extend(op.schemas());
        }
        let mut plan = ValidatorPlan::functions(api, types, &roots, settings);
        let entries = plan.entries(api, types, settings, operations);
        plan.close(api, entries);
        plan
    }

    /// Which schemas get a validator, their names, patterns and `false` schemas.
    fn functions(
        api: &Api,
        types: &TypeSpace,
        roots: &[SchemaId],
        settings: &Config,
    ) -> ValidatorPlan {
        let mut names = BTreeMap::new();
        let mut scope = crate::naming::Scope::with_reserved(&["check_part"]);
        let mut seen = BTreeSet::new();
        let mut stack: Vec<SchemaId> = roots.to_vec();
        let mut patterns = BTreeMap::new();
        let mut warnings = Vec::new();
        let mut falsy = BTreeSet::new();
        let mut idn = false;
        let mut imported = BTreeMap::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            // Another crate checks this schema, and what it links to.
            if let Some(path) = settings.shared_validators.get(&id) {
                imported.insert(id, path.clone());
                continue;
            }
            let s = api.schemas.get(id);
            stack.extend(s.uses());
            if let Some(format) = s
                .format
                .as_deref()
                .filter(|f| asserted(settings.assert_formats, settings.format_types, f))
            {
                if FORMATS.contains(&format) {
                    idn |= matches!(format, "hostname" | "idn-hostname" | "idn-email");
                } else if !OPENAPI_FORMATS.contains(&format) {
                    warnings.push(Diagnostic::new(
                        &s.origin.file,
                        &crate::load::pointer::join(&s.origin.pointer, "format"),
                        format!("format {format:?} is not supported and is not enforced"),
                    ));
                }
            }
            for pattern in s
                .pattern
                .iter()
                .chain(s.pattern_properties.iter().map(|(p, _)| p))
            {
                if patterns.contains_key(pattern) {
                    continue;
                }
                match super::pattern::compile(pattern) {
                    Ok(engine) => {
                        let n = patterns.len();
                        patterns.insert(pattern.clone(), (format!("PATTERN_{n}"), engine));
                    }
                    Err(e) => warnings.push(Diagnostic::new(
                        &s.origin.file,
                        &s.origin.pointer,
                        format!("pattern {pattern:?}: {e}; it is not enforced"),
                    )),
                }
            }
            if s.always == Some(false) {
                falsy.insert(id);
            }
            let asserted_format = s.format.as_deref().is_some_and(|f| {
                asserted(settings.assert_formats, settings.format_types, f) && FORMATS.contains(&f)
            });
            if !is_trivial(s) || asserted_format {
                names.insert(id, id);
            }
        }
        // Schemas that check the same share one validator: real definitions repeat
        // `{"type": "string"}` thousands of times.
        let canonical = canonical(types, &names.keys().copied().collect::<Vec<_>>());
        names.retain(|id, _| canonical.get(id) == Some(id));
        // Names in schema order, so that they do not depend on the traversal.
        let mut members: BTreeMap<SchemaId, usize> = BTreeMap::new();
        for (id, rep) in &canonical {
            *members.entry(*rep).or_default() += api.schemas.places(*id);
        }
        let mut names: BTreeMap<SchemaId, String> = names
            .into_keys()
            .map(|id| {
                let schema = api.schemas.get(id);
                // A validator many schemas share is named by what it checks.
                let hint = match members.get(&id) {
                    Some(n) if *n > 1 => shared_hint(schema),
                    _ => fn_hint(&schema.origin.pointer),
                };
                let name = scope.claim(&format!("check_{hint}"));
                (id, crate::naming::unraw(&name).to_owned())
            })
            .collect();
        // Imported validators stand for themselves, under a name of this module.
        let mut canonical = canonical;
        for (id, path) in &imported {
            let base = path.rsplit("::").next().unwrap_or(path);
            let name = scope.claim(base);
            canonical.insert(*id, *id);
            names.insert(*id, crate::naming::unraw(&name).to_owned());
        }
        ValidatorPlan {
            names,
            canonical,
            patterns,
            falsy,
            formats: settings.assert_formats,
            typed_formats: settings.format_types,
            idn,
            warnings,
            used: BTreeSet::new(),
            annotated: BTreeSet::new(),
            annotated_ann: BTreeSet::new(),
            imported,
        }
    }

    /// Every schema this module's validators check, with the name of the validator that
    /// does: what another crate of a split imports ([`Config`]'s `shared_validators`).
    pub fn exported(&self) -> impl Iterator<Item = (SchemaId, &str)> + '_ {
        self.canonical
            .iter()
            .filter(|(_, rep)| self.used.contains(rep) && !self.imported.contains_key(rep))
            .map(|(id, rep)| (*id, self.names[rep].as_str()))
    }

    /// The schema whose validator checks `schema`, if it needs one.
    pub fn representative(&self, schema: SchemaId) -> Option<SchemaId> {
        let r = *self.canonical.get(&schema)?;
        self.names.contains_key(&r).then_some(r)
    }

    /// The function name of a representative's validator (`check_…`).
    pub fn name(&self, representative: SchemaId) -> &str {
        &self.names[&representative]
    }

    /// Whether `format` is checked ([`Config::assert_formats`] and a format the runtime
    /// knows).
    pub fn asserts(&self, format: &str) -> bool {
        asserted(self.formats, self.typed_formats, format) && FORMATS.contains(&format)
    }

    /// The validator a typed value of `ty` still needs against `schema`: none when the
    /// Rust type enforces everything the schema says (`{"type": "string"}` for a `String`
    /// parameter, `{"type": "integer"}` for an `i64`), so nothing is converted or checked.
    pub fn beyond_type(&self, ty: &TypeRef, s: &Schema, schema: SchemaId) -> Option<SchemaId> {
        let implied = match ty {
            TypeRef::String => &[JsonType::String][..],
            TypeRef::I64 | TypeRef::I32 => &[JsonType::Integer, JsonType::Number][..],
            // Not the unsigned types: their schemas carry a `minimum` to check anyway.
            TypeRef::Bool => &[JsonType::Boolean][..],
            _ => &[][..],
        };
        let type_only = s
            .types
            .as_ref()
            .is_some_and(|t| t.iter().any(|t| implied.contains(t)))
            && is_trivial_beyond_type(s)
            && !s.format.as_deref().is_some_and(|f| self.asserts(f));
        if type_only {
            return None;
        }
        self.representative(schema)
    }

    /// The validators that code outside the validators calls: each type's `Validate` impl,
    /// the entry point of each aliased definition, and what the client checks (parameters
    /// beyond their Rust type, JSON request bodies, JSON answers without a lean path).
    fn entries(
        &self,
        api: &Api,
        types: &TypeSpace,
        settings: &Config,
        operations: &[OperationPlan],
    ) -> Vec<SchemaId> {
        let mut entries: Vec<SchemaId> = types
            .defs
            .iter()
            .filter(|d| !matches!(d.kind, TypeKind::Alias(_)))
            .map(|d| d.schema)
            .collect();
        for d in &api.definitions {
            if let Some(tid) = types.named(d.schema) {
                let def = types.def(tid);
                if matches!(def.kind, TypeKind::Alias(_)) {
                    entries.push(def.schema);
                }
            }
        }
        if settings.client {
            for (op, plan) in api.operations.iter().zip(operations) {
                for p in &op.parameters {
                    let s = api.schemas.get(p.schema);
                    entries.extend(self.beyond_type(types.type_of(p.schema), s, p.schema));
                }
                match (&plan.body, op.body.as_ref().and_then(|b| b.schema)) {
                    (Some(RequestBody::Typed(_)), Some(schema)) => entries.push(schema),
                    // A form's value fields, each against its property's schema.
                    (Some(RequestBody::Multipart(Some(form))), _) => {
                        for f in form.fields.iter().filter(|f| !f.is_file()) {
                            let s = api.schemas.get(f.schema);
                            entries.extend(self.beyond_type(types.type_of(f.schema), s, f.schema));
                        }
                    }
                    _ => {}
                }
                // Every documented status, and the first `default` (the fallback arm).
                let default = op
                    .responses
                    .iter()
                    .position(|r| r.status == StatusCode::Default);
                for (i, r) in op.responses.iter().enumerate() {
                    if r.status == StatusCode::Default && Some(i) != default {
                        continue;
                    }
                    let Some(body) = r.body.as_ref().filter(|b| b.is_json()) else {
                        continue;
                    };
                    entries.extend(body.schema.filter(|s| !has_lean_path(types, *s)));
                }
            }
        }
        entries
            .into_iter()
            .filter_map(|s| self.representative(s))
            .collect()
    }

    /// `used`, `annotated` and `annotated_ann`: everything the entries reach through the
    /// validators' calls.
    fn close(&mut self, api: &Api, entries: Vec<SchemaId>) {
        let mut stack = entries;
        let mut annotate: Vec<SchemaId> = Vec::new();
        loop {
            while let Some(r) = stack.pop() {
                if !self.used.insert(r) || self.imported.contains_key(&r) {
                    continue;
                }
                let s = api.schemas.get(r);
                stack.extend(self.callees(s));
                if self.checks_unevaluated(s) {
                    annotate.push(r);
                }
            }
            let Some(a) = annotate.pop() else { break };
            if !self.annotated.insert(a) {
                continue;
            }
            // `core_*` checks the schema's `contains` and gathers its in-place
            // applicators' annotations through their `ann_*`, which call their validators.
            let s = api.schemas.get(a);
            stack.extend(s.contains.and_then(|c| self.representative(c)));
            for sub in self.applied_in_place(s) {
                self.annotated_ann.insert(sub);
                annotate.push(sub);
                stack.push(sub);
            }
        }
    }

    /// The validators the diagnosing body of `s` calls (the order does not matter).
    pub fn callees(&self, s: &Schema) -> Vec<SchemaId> {
        if s.always == Some(false) {
            return Vec::new();
        }
        let callable = |id: &SchemaId| !self.falsy.contains(id);
        let mut out: Vec<SchemaId> = Vec::new();
        if s.has_object_keywords() {
            out.extend(s.dependent_schemas.iter().map(|(_, d)| *d));
            out.extend(s.property_names);
            out.extend(s.additional_properties.filter(callable));
            out.extend(
                s.pattern_properties
                    .iter()
                    .filter(|(pattern, _)| self.patterns.contains_key(pattern))
                    .map(|(_, schema)| *schema),
            );
            out.extend(s.properties.iter().map(|(_, schema)| *schema));
        }
        out.extend(&s.prefix_items);
        out.extend(s.items.filter(callable));
        if s.min_contains.unwrap_or(1) > 0 || s.max_contains.is_some() {
            out.extend(s.contains);
        }
        out.extend(s.reference);
        out.extend(&s.all_of);
        out.extend(&s.any_of);
        out.extend(&s.one_of);
        out.extend(s.not);
        if let Some(c) = &s.conditional {
            let branches: Vec<SchemaId> = c
                .then
                .iter()
                .chain(&c.otherwise)
                .filter_map(|b| self.representative(*b))
                .collect();
            if !branches.is_empty() {
                out.push(c.condition);
            }
            out.extend(branches);
        }
        if self.checks_unevaluated(s) {
            out.extend(s.unevaluated_properties.filter(callable));
            out.extend(s.unevaluated_items.filter(callable));
        }
        out.into_iter()
            .filter_map(|id| self.representative(id))
            .collect()
    }

    /// Whether the body of `s` checks `unevaluatedProperties` / `unevaluatedItems` (and so
    /// calls its own `core_*`): a `false` one always, another when it asks something.
    pub fn checks_unevaluated(&self, s: &Schema) -> bool {
        [s.unevaluated_properties, s.unevaluated_items]
            .into_iter()
            .flatten()
            .any(|u| self.falsy.contains(&u) || self.representative(u).is_some())
    }

    /// The in-place applicators of `s` whose annotations its `core_*` gathers (through
    /// their `ann_*`): `$ref`, `allOf`, `anyOf`, `oneOf`, `if` / `then` / `else` and
    /// `dependentSchemas`; `false` ones and those that ask nothing need no function.
    pub fn applied_in_place(&self, s: &Schema) -> Vec<SchemaId> {
        let conditional = s.conditional.iter().flat_map(|c| {
            std::iter::once(c.condition)
                .chain(c.then)
                .chain(c.otherwise)
        });
        s.dependent_schemas
            .iter()
            .map(|(_, d)| *d)
            .chain(s.reference)
            .chain(s.all_of.iter().copied())
            .chain(s.any_of.iter().copied())
            .chain(s.one_of.iter().copied())
            .chain(conditional)
            .filter(|id| !self.falsy.contains(id))
            .filter_map(|id| self.representative(id))
            .collect()
    }
}

/// Whether `format` is checked: every one under [`Config::assert_formats`], and those with a
/// type of their own under [`Config::format_types`] (the type holds nothing else).
fn asserted(assert_formats: bool, format_types: bool, format: &str) -> bool {
    assert_formats || format_types && FormatType::of(format).is_some()
}

/// Whether a response schema is a generated type with `Validate` (and so, maybe, a lean
/// path): not an alias, not wrapped in `Option` or `Vec`.
pub fn has_lean_path(types: &TypeSpace, schema: SchemaId) -> bool {
    match types.type_of(schema) {
        TypeRef::Named(id) => !matches!(types.def(*id).kind, TypeKind::Alias(_)),
        _ => false,
    }
}

/// Whether a schema accepts everything (no validator needed).
fn is_trivial(s: &Schema) -> bool {
    s.types.is_none() && !s.unique_items && is_trivial_beyond_type(s)
}

/// Whether `s` asks nothing but (maybe) a `type`, and `uniqueItems`, which only arrays
/// can break.
pub fn is_trivial_beyond_type(s: &Schema) -> bool {
    use crate::ir::Keyword::*;
    s.keywords().all(|k| match k {
        Type | UniqueItems => true,
        // Annotations: a format is checked (when asserted) by `beyond_type`'s caller;
        // `minContains` / `maxContains` mean nothing without `contains`.
        Nullable | Format | ReadOnly | WriteOnly | Secret | Discriminator | MinContains
        | MaxContains => true,
        // The Rust type's own name for the schema; what the schema asks is still checked.
        RustType => true,
        False | Enum | Const | MinLength | MaxLength | Pattern | Minimum | Maximum | MultipleOf => {
            false
        }
        Properties | Required | AdditionalProperties | PatternProperties | PropertyNames
        | MinProperties | MaxProperties | DependentRequired | DependentSchemas => false,
        PrefixItems
        | Items
        | Contains
        | MinItems
        | MaxItems
        | UnevaluatedProperties
        | UnevaluatedItems => false,
        Ref | AllOf | AnyOf | OneOf | Not | If => false,
    })
}

/// A readable function name from a schema's pointer
/// (`/definitions/access_token_request/properties/scope` → `access_token_request_scope`).
fn fn_hint(pointer: &str) -> String {
    let pointer = pointer.replace("~1", " ").replace("~0", " ");
    let words: Vec<&str> = pointer
        .split('/')
        .filter(|t| {
            !matches!(
                *t,
                "" | "definitions" | "properties" | "components" | "schemas" | "paths" | "$defs"
            )
        })
        .collect();
    let mut hint = crate::naming::snake(&words.join(" "), "schema");
    hint = crate::naming::unraw(&hint)
        .trim_start_matches('_')
        .to_owned();
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

/// Maps each schema to the first schema (by id) that checks exactly the same, by the
/// classes the type space computed (a schema it did not reach keeps its own validator).
fn canonical(types: &TypeSpace, ids: &[SchemaId]) -> BTreeMap<SchemaId, SchemaId> {
    let mut representative: BTreeMap<usize, SchemaId> = BTreeMap::new();
    let mut sorted = ids.to_vec();
    sorted.sort();
    sorted
        .into_iter()
        .map(|id| match types.class(id) {
            Some(class) => (id, *representative.entry(class).or_insert(id)),
            None => (id, id),
        })
        .collect()
}

/// A name for a validator shared by several schemas, from what it checks
/// (`string`, `integer_or_null`, `object`, …).
fn shared_hint(s: &Schema) -> String {
    let mut words: Vec<&str> = match &s.types {
        Some(types) => types.iter().map(|t| t.as_str()).collect(),
        None => vec!["any"],
    };
    if s.nullable && !words.contains(&"null") {
        words.push("null");
    }
    let mut hint = words.join("_or_");
    if s.enum_values.is_some() {
        hint.push_str("_enum");
    }
    if let Some(format) = &s.format {
        // `snake` puts `_` before a leading digit (`[1-7]` → `_1_7`): not needed here.
        let format = crate::naming::snake(format, "format");
        let format = crate::naming::unraw(&format).trim_matches('_');
        if !format.is_empty() {
            hint.push('_');
            hint.push_str(format);
        }
    }
    hint
}
