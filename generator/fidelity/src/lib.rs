//! The fidelity checker behind `oasbind fidelity`: does the schema schemars derives for each
//! generated type say what the definition says?
//!
//! It runs cargo, so it is a crate of its own beside the generator (a build script that
//! depends on `oasbind` never builds it), and it uses only the generator's public API: the
//! bindings and their inventory of types ([`oasbind::Generated`]).
//!
//! Two halves, usable apart:
//!
//! 1. [`prepare_file`] / [`prepare_str`] generate a definition's bindings with
//!    [`Config::schemars`] on and list its types with where each was defined;
//!    [`Scratch::derive`] compiles any number of them in one scratch crate and returns the
//!    schema `schema_for!` gives for every type;
//! 2. [`compare()`] / [`compare_in`] are pure: two `serde_json::Value`s in, the
//!    [`Difference`]s left after normalising both out (see [`compare`](mod@compare) for the
//!    normal form).
//!
//! [`check`] runs both over definition files; [`Report`] prints the result, as text or as
//! the Markdown of `docs/fidelity.md`, where each difference oasbind cannot express is
//! explained ([`LIMITATIONS`]).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod compare;
pub mod scratch;

pub use compare::{compare, compare_in, normalise, Difference, Documents, Options, Site};
pub use scratch::{Derived, Scratch, Unit};

use oasbind::{Config, Generated};
use std::path::{Path, PathBuf};

mod pointer;

/// Why the checker could not run.
#[derive(Debug, thiserror::Error)]
pub enum FidelityError {
    /// The definition does not generate.
    #[error(transparent)]
    Generate(#[from] oasbind::Error),
    /// A file could not be read or written, or a program not started.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or program.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The scratch crate does not build for a reason that is not the generated code (no
    /// registry and no cache, no toolchain).
    #[error("the scratch crate does not build:\n{0}")]
    Build(String),
    /// The scratch program failed.
    #[error("the scratch program failed:\n{0}")]
    Run(String),
}

impl FidelityError {
    fn io(path: &Path, source: std::io::Error) -> FidelityError {
        FidelityError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// What a generated type is.
pub use oasbind::TypeKind as Kind;

/// A generated type and where its schema was defined.
#[derive(Clone, Debug)]
pub struct TypeInfo {
    /// The Rust name.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// The file of its schema.
    pub file: String,
    /// The JSON pointer of its schema in that file.
    pub pointer: String,
}

/// A definition ready to check: its bindings, generated with the `schemars` option.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The definition, as named to the checker.
    pub name: String,
    /// The module to compile.
    pub unit: Unit,
    /// Its types.
    pub types: Vec<TypeInfo>,
    documents: Documents,
    options: Options,
}

/// Prepares a definition file.
pub fn prepare_file(path: &Path, config: &Config) -> Result<Prepared, FidelityError> {
    let generated = oasbind::generate_file(path, &for_fidelity(config))?;
    prepare(
        path.display().to_string(),
        generated,
        config,
        Documents::default(),
    )
}

/// Prepares a definition from text (`file` names it, as for [`oasbind::generate_str`]).
pub fn prepare_str(file: &str, text: &str, config: &Config) -> Result<Prepared, FidelityError> {
    let generated = oasbind::generate_str(file, text, &for_fidelity(config))?;
    let docs = Documents::single(file, oasbind::parse_document(file, text)?);
    prepare(file.to_owned(), generated, config, docs)
}

/// Types only, with their schemars derive: the client and its transport add nothing to
/// check.
fn for_fidelity(config: &Config) -> Config {
    let mut config = config.clone();
    config
        .schemars(true)
        .client(false)
        .http(false)
        .strict(false);
    config
}

fn prepare(
    name: String,
    generated: Generated,
    config: &Config,
    mut documents: Documents,
) -> Result<Prepared, FidelityError> {
    let mut types = Vec::new();
    let mut synthesized = 0;
    for def in &generated.types {
        let file = &def.schema.file;
        if documents.get(file).is_none() {
            documents.insert(file, oasbind::read_document(file)?);
        }
        let mut pointer = def.schema.pointer.clone();
        // Swagger 2.0 formData parameters make up an object the document never spells out:
        // spell it out (as the loader reads it) beside the document, and compare with that.
        if let Some(form) = documents
            .get(file)
            .and_then(|root| form_schema(root, &pointer))
        {
            let mut root = documents.get(file).cloned().unwrap_or_default();
            if let Some(map) = root.as_object_mut() {
                let bucket = map.entry(FORMS).or_insert_with(|| serde_json::json!({}));
                bucket[synthesized.to_string()] = form;
                pointer = format!("/{FORMS}/{synthesized}");
                synthesized += 1;
            }
            documents.insert(file, root);
        }
        types.push(TypeInfo {
            name: def.name.clone(),
            kind: def.kind,
            file: file.clone(),
            pointer,
        });
    }
    // OpenAPI 3.1's schemas are JSON Schema 2020-12; everything else oasbind reads here
    // (Swagger 2.0, OpenAPI 3.0) is draft 4 with additions.
    let draft4 = !documents
        .get(&name)
        .and_then(|root| root.get("openapi"))
        .and_then(serde_json::Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"));
    let opaque = generated
        .any_json
        .iter()
        .map(|at| (at.file.clone(), at.pointer.clone()))
        .collect();
    let options = Options {
        draft4,
        infer_object_type: config.infers_object_type(),
        opaque,
    };
    let unit = Unit {
        code: generated.code,
        types: types.iter().map(|t| t.name.clone()).collect(),
    };
    Ok(Prepared {
        name,
        unit,
        types,
        documents,
        options,
    })
}

/// Where synthesized form schemas go in the checker's copy of a document.
const FORMS: &str = "x-oasbind-fidelity-forms";

/// The object schema that the `formData` parameters at `pointer` (an operation's
/// `parameters`, with its path's) make up, if `pointer` is such a list.
fn form_schema(root: &serde_json::Value, pointer: &str) -> Option<serde_json::Value> {
    use serde_json::Value;
    let own = root.pointer(pointer)?.as_array()?;
    let operation = pointer.strip_suffix("/parameters")?;
    let path_level = operation
        .rsplit_once('/')
        .and_then(|(path, _)| root.pointer(&format!("{path}/parameters")));
    let deref = |p: &Value| -> Option<Value> {
        match p.get("$ref").and_then(Value::as_str) {
            Some(r) => root
                .pointer(&pointer::from_fragment(r.strip_prefix('#')?)?)
                .cloned(),
            None => Some(p.clone()),
        }
    };
    let own: Vec<Value> = own.iter().filter_map(deref).collect();
    let key = |p: &Value| (p.get("in").cloned(), p.get("name").cloned());
    let mut params: Vec<Value> = path_level
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(deref)
                .filter(|p| !own.iter().any(|o| key(o) == key(p)))
                .collect()
        })
        .unwrap_or_default();
    params.extend(own);
    let (mut properties, mut required) = (serde_json::Map::new(), Vec::new());
    for p in params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("formData"))
    {
        let Some(mut schema) = p.as_object().cloned() else {
            continue;
        };
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        if p.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::from(name));
        }
        for k in [
            "name",
            "in",
            "required",
            "allowEmptyValue",
            "collectionFormat",
        ] {
            schema.remove(k);
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
        }
        properties.insert(name.to_owned(), Value::Object(schema));
    }
    Some(serde_json::json!({"type": "object", "properties": properties, "required": required}))
}

impl Prepared {
    /// Compares the derived schemas of this definition's types with their definitions.
    pub fn compare(&self, derived: &Derived) -> SpecReport {
        let mut report = SpecReport {
            name: self.name.clone(),
            types: self.types.clone(),
            differences: Vec::new(),
            error: None,
        };
        let schemas = match derived {
            Ok(schemas) => schemas,
            Err(e) => {
                report.error = Some(e.clone());
                return report;
            }
        };
        for t in &self.types {
            let Some(schema) = schemas.get(&t.name) else {
                report.error = Some(format!("no schema was derived for {}", t.name));
                continue;
            };
            for d in compare_in(
                &t.name,
                &self.documents,
                &t.file,
                &t.pointer,
                schema,
                &self.options,
            ) {
                let reason = explain(&d, t.kind);
                report.differences.push(Explained {
                    difference: d,
                    reason,
                });
            }
        }
        report
    }
}

/// A difference, with the limitation that explains it if it is a known one.
#[derive(Clone, Debug)]
pub struct Explained {
    /// The difference.
    pub difference: Difference,
    /// Why oasbind cannot express it; `None` for a difference nobody has explained (a bug).
    pub reason: Option<&'static Limitation>,
}

/// The result for one definition.
#[derive(Clone, Debug)]
pub struct SpecReport {
    /// The definition.
    pub name: String,
    /// The types checked.
    pub types: Vec<TypeInfo>,
    /// What differs.
    pub differences: Vec<Explained>,
    /// Why the check could not run (the module did not compile).
    pub error: Option<String>,
}

/// The result over several definitions.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// One per definition, in the order given.
    pub specs: Vec<SpecReport>,
}

/// Checks definition files: generates each, derives every type's schema in `scratch`, and
/// compares.
pub fn check(
    specs: &[PathBuf],
    config: &Config,
    scratch: &Scratch,
) -> Result<Report, FidelityError> {
    let prepared = specs
        .iter()
        .map(|p| prepare_file(p, config))
        .collect::<Result<Vec<_>, _>>()?;
    check_prepared(&prepared, scratch)
}

/// Checks prepared definitions, compiled together in one scratch build.
pub fn check_prepared(prepared: &[Prepared], scratch: &Scratch) -> Result<Report, FidelityError> {
    let units: Vec<Unit> = prepared.iter().map(|p| p.unit.clone()).collect();
    let derived = scratch.derive(&units)?;
    Ok(Report {
        specs: prepared
            .iter()
            .zip(&derived)
            .map(|(p, d)| p.compare(d))
            .collect(),
    })
}

/// A known difference: something a derived schema cannot say, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Limitation {
    /// A short name.
    pub name: &'static str,
    /// Why it cannot be expressed.
    pub why: &'static str,
}

/// Every known limitation, in the order `docs/fidelity.md` lists them.
pub const LIMITATIONS: &[Limitation] = &[
    Limitation {
        name: "subschemas of `serde_json::Value`",
        why: "The Rust type of this schema is `serde_json::Value` (oasbind gives compositions, \
              mixed types, tuples, nullable objects and the like no Rust shape; the validator \
              enforces them), which schemars describes as any JSON. oasbind writes the schema's \
              keywords with `extend(...)` as literal JSON, subschemas included, but not when a \
              subschema is (or contains) a generated type or a `$ref`: that would need a `$ref` \
              into `$defs`, which schemars only fills with the types it visits. Then only the \
              keywords that hold no subschema are written.",
    },
    Limitation {
        name: "type alias",
        why:
            "A definition that is neither an object (with properties) nor a string enum becomes a \
              `pub type` alias, and an alias cannot carry attributes: `schema_for!` of it is the \
              schema of the aliased type (for `serde_json::Value`, any JSON). The fields that use \
              the alias carry its constraints, and the validator enforces them.",
    },
    Limitation {
        name: "subschemas that name generated types",
        why: "Keywords that hold subschemas beside a struct, map or `Vec` (`patternProperties`, \
              `dependentSchemas`, `propertyNames`, `contains`, the schema of undeclared \
              properties) have no schemars attribute; oasbind writes them with `extend(...)` as \
              literal JSON, which it can only do when the subschemas are plain JSON Schema: one \
              that is (or contains) a generated type would need a `$ref` into `$defs`, which \
              schemars only fills with the types it visits.",
    },
    Limitation {
        name: "nullable types",
        why: "A definition that allows `null` beside an object, a string enum or alternatives \
              (`nullable: true`, `type: [..., \"null\"]`, a `null` alternative of `oneOf` / \
              `anyOf`) becomes a struct or enum for its non-null part: a Rust struct or enum value \
              is never `null`, so `schema_for!` of the type does not allow it. Every property and \
              item that uses the type holds an `Option` of it, whose schema adds the `null` \
              (`anyOf: [{\"$ref\": ...}, {\"type\": \"null\"}]`), and the validator accepts `null` \
              there.",
    },
    Limitation {
        name: "properties declared by several `allOf` parts",
        why: "When parts of an `allOf` that becomes one struct declare the same property, the \
              struct has one field for it, whose Rust type, and so its schema, is the first \
              declaration's (the type space merges the parts so; a Rust type that is every \
              declaration at once would be a new type merged from them): the constraints of the \
              later declarations are missing from the derived schema. The validator checks every \
              declaration, as it validates the `allOf` as written. The checker compares the \
              property with the `allOf` of its declarations, and reports here what the first \
              declaration alone does not explain away.",
    },
    Limitation {
        name: "`allOf` parts that do not make one object",
        why: "oasbind makes one struct of an `allOf` of objects, with the parts' properties side \
              by side. That is what the definition says only when no part's \
              `additionalProperties` reaches a property that another part declares: \
              `additionalProperties` applies to the properties its own schema does not declare, \
              so `additionalProperties: false` in one part forbids the properties of the others \
              (and a schema beside the `allOf` applies to the parts' properties). Such an `allOf` \
              does not flatten into one object, and the derived schema, the merged struct's, \
              differs from it. The validator checks the `allOf` as written.",
    },
    Limitation {
        name: "open structs under `unevaluatedProperties`",
        why: "A struct keeps the properties its definition does not declare in a flattened map, \
              which schemars describes as `additionalProperties: true`; alone, that says what an \
              open object says. But an `unevaluatedProperties` around it (beside the alternatives \
              of a `oneOf` / `anyOf`, or an `allOf`) lets through every property that \
              `additionalProperties` evaluated, so there the derived schema allows the properties \
              the definition's `unevaluatedProperties` forbids. The validator checks \
              `unevaluatedProperties` as the definition says.",
    },
];

/// The limitation that explains a difference, if any.
pub fn explain(d: &Difference, kind: Kind) -> Option<&'static Limitation> {
    let by_name = |name: &str| LIMITATIONS.iter().find(|l| l.name == name);
    if kind == Kind::Alias {
        return by_name("type alias");
    }
    if d.opaque {
        return by_name("subschemas of `serde_json::Value`");
    }
    match d.site {
        Site::NullableType => return by_name("nullable types"),
        Site::Redeclared => return by_name("properties declared by several `allOf` parts"),
        Site::Unmerged => return by_name("`allOf` parts that do not make one object"),
        Site::OpenUnderUnevaluated => return by_name("open structs under `unevaluatedProperties`"),
        Site::Plain => {}
    }
    let beside = [
        "patternProperties",
        "dependentSchemas",
        "propertyNames",
        "contains",
        "additionalProperties",
        "items",
    ];
    if d.derived.is_none() && beside.contains(&d.keyword.as_str()) {
        return by_name("subschemas that name generated types");
    }
    None
}

impl Report {
    /// The number of types checked.
    pub fn types_checked(&self) -> usize {
        self.specs
            .iter()
            .filter(|s| s.error.is_none())
            .map(|s| s.types.len())
            .sum()
    }

    /// Every difference.
    pub fn differences(&self) -> impl Iterator<Item = &Explained> {
        self.specs.iter().flat_map(|s| &s.differences)
    }

    /// The differences no limitation explains.
    pub fn unexplained(&self) -> impl Iterator<Item = &Explained> {
        self.differences().filter(|d| d.reason.is_none())
    }

    /// Definitions whose check could not run.
    pub fn errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.specs
            .iter()
            .filter_map(|s| Some((s.name.as_str(), s.error.as_deref()?)))
    }

    /// One line per difference, then a summary.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for spec in &self.specs {
            if let Some(e) = &spec.error {
                out.push_str(&format!(
                    "{}: not checked: {}\n",
                    spec.name,
                    e.lines().next().unwrap_or_default()
                ));
            }
            for d in &spec.differences {
                let why = d
                    .reason
                    .map_or_else(|| "UNEXPLAINED".to_owned(), |r| r.name.to_owned());
                out.push_str(&format!("{}: {} [{}]\n", spec.name, d.difference, why));
            }
        }
        out.push_str(&format!(
            "{} types checked, {} differences ({} explained, {} unexplained)\n",
            self.types_checked(),
            self.differences().count(),
            self.differences().count() - self.unexplained().count(),
            self.unexplained().count()
        ));
        out
    }

    /// The report as Markdown (`docs/fidelity.md`). `inputs` says what was checked; file
    /// names are shown relative to `base`.
    pub fn markdown(&self, inputs: &str, base: &Path) -> String {
        let name = |s: &str| {
            let p = Path::new(s);
            p.strip_prefix(base).unwrap_or(p).display().to_string()
        };
        let mut out = String::new();
        out.push_str("# Fidelity of the derived schemas\n\n");
        out.push_str(
            "Written by the fidelity checker; do not edit by hand (see the README, \
             \"Generated types carry their schema\", for the command).\n\n",
        );
        out.push_str(
            "For each generated type, the schema `schemars::schema_for!` derives (bindings \
             generated with `--schemars`, built with the `schemars` feature) is compared with the \
             schema in the definition, after normalising both: `$ref`s resolved, annotations \
             (`description`, `example`, `default`, …) dropped, equivalent forms unified \
             (`nullable` and `type: [.., null]`, integer formats, `additionalProperties` absent or \
             `true`, `const` and one-value `enum`, draft 4 and 2020-12 spellings, an `allOf` whose \
             parts make one object and that object, an `anyOf` of `enum`s and one `enum`, keywords \
             for types the `type` excludes and their absence). `oneOf` and `anyOf` stay apart. Each \
             difference names the type, the JSON pointer inside its schema, and the keyword.\n\n",
        );
        out.push_str(&format!("Checked: {inputs}.\n\n"));
        let unexplained = self.unexplained().count();
        out.push_str(&format!(
            "**{} definitions, {} types checked, {} differences** ({} explained below, {} unexplained).\n\n",
            self.specs.len(),
            self.types_checked(),
            self.differences().count(),
            self.differences().count() - unexplained,
            unexplained
        ));
        let errors: Vec<_> = self.errors().collect();
        if !errors.is_empty() {
            out.push_str("## Not checked\n\n");
            for (spec, e) in errors {
                out.push_str(&format!(
                    "- `{}`: {}\n",
                    name(spec),
                    e.lines().next().unwrap_or_default().replace('|', "\\|")
                ));
            }
            out.push('\n');
        }
        out.push_str("## Why the remaining differences cannot be expressed\n\n");
        for l in LIMITATIONS {
            let n = self.differences().filter(|d| d.reason == Some(l)).count();
            out.push_str(&format!("### {} ({n})\n\n{}\n\n", l.name, l.why));
        }
        out.push_str("## Differences\n\n");
        if self.differences().count() == 0 {
            out.push_str("None.\n");
            return out;
        }
        out.push_str(
            "| definition | type | pointer | keyword | definition says | derived says | why |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|\n");
        for spec in &self.specs {
            for e in &spec.differences {
                let d = &e.difference;
                let cell = |v: &Option<serde_json::Value>| {
                    v.as_ref().map_or_else(
                        || "(absent)".to_owned(),
                        |v| {
                            format!(
                                "`{}`",
                                compare::short(v).replace('|', "\\|").replace('`', "'")
                            )
                        },
                    )
                };
                out.push_str(&format!(
                    "| `{}` | `{}` | `{}` | `{}` | {} | {} | {} |\n",
                    name(&spec.name),
                    d.type_name,
                    if d.pointer.is_empty() {
                        "/"
                    } else {
                        &d.pointer
                    },
                    d.keyword,
                    cell(&d.source),
                    cell(&d.derived),
                    e.reason.map_or("**unexplained**", |r| r.name)
                ));
            }
        }
        out
    }
}
