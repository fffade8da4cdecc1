//! The split layout: a large definition's bindings as a Cargo workspace of crates that
//! compile separately and in parallel, instead of one module.
//!
//! A base crate holds the definitions more than one tag uses (and those no operation
//! uses); each tag (or tag group, see [`crate::ir::split`]) gets a crate with its
//! operations and the definitions only it uses, which names the base's types by path. A
//! facade crate turns the tag crates on by Cargo feature, so that a user builds the parts
//! they call and the base, and rustc builds two crates at a time on two cores.
//!
//! Every part goes through the same pipeline as one module (model → emit); a tag crate's
//! model takes the base's definitions as existing types ([`Config`]'s `shared`), exactly as
//! `Config::replace` does for a user's type. Its validators check those values against
//! their schemas like any other.

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::{emit, ir, model, naming, Definition, Generated};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A definition's bindings split into crates ([`generate_split`]).
#[derive(Debug)]
#[non_exhaustive]
pub struct Workspace {
    /// The facade crate's name (`github`); the parts are `github-base`, `github-repos`, …
    pub name: String,
    /// The base part first, then one per tag in order of their first operation.
    pub parts: Vec<Part>,
    /// Problems that did not stop generation, each once.
    pub warnings: Vec<Diagnostic>,
}

/// One crate of a [`Workspace`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Part {
    /// The facade's feature that turns it on (`repos`); `base` for the base.
    pub feature: String,
    /// What it holds.
    pub kind: PartKind,
    /// Its crate name (`github-repos`).
    pub crate_name: String,
    /// Its bindings.
    pub generated: Generated,
}

/// What a [`Part`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartKind {
    /// The definitions more than one part uses.
    Base,
    /// The operations of a tag (or of the tags `tag.*`) and the definitions only they use.
    Tag(String),
    /// The operations under a path (`/v1/customers…`) of a definition without tags, and
    /// the definitions only they use.
    Path(String),
    /// The operations without a tag and the definitions only they use.
    Untagged,
    /// The definitions no operation uses (and that no other part shares).
    Unused,
}

impl Part {
    /// The crate name as Rust code spells it (`github_repos`).
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}

/// Generates `definition`'s bindings as a base crate and a crate per tag, named after
/// `name` (a crate name: lowercase letters, digits and `-`).
pub fn generate_split(definition: &Definition, config: &Config, name: &str) -> Result<Workspace> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || !name.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return Err(Error::Config(format!(
            "crate name `{name}` must start with a lowercase letter and hold only lowercase letters, digits and `-`"
        )));
    }
    crate::check_config(config)?;
    let api = &*crate::selected(&definition.api, config);
    let split = ir::split::by_tag(api);
    // One API whose operations and definitions change per part: the schemas, the bulk of
    // it, are never copied.
    let mut scratch = api.clone();
    let base_crate = format!("{name}-base");
    // Each part's kind and its feature (in the facade, and in the base for its types).
    let mut names: BTreeSet<String> = ["base", "default", "full"]
        .into_iter()
        .chain(OPTIONAL)
        .map(str::to_owned)
        .collect();
    let kinds: Vec<(PartKind, String)> = split
        .parts
        .iter()
        .map(|(group, _)| {
            let kind = match group {
                ir::split::Group::Tag(tag) => PartKind::Tag(tag.clone()),
                ir::split::Group::Path(path) => PartKind::Path(path.clone()),
                ir::split::Group::Untagged => PartKind::Untagged,
                ir::split::Group::Unused => PartKind::Unused,
            };
            let feature = unique(
                &mut names,
                &match &kind {
                    PartKind::Tag(tag) | PartKind::Path(tag) => feature_name(tag),
                    PartKind::Untagged => "untagged".to_owned(),
                    _ => "definitions".to_owned(),
                },
            );
            (kind, feature)
        })
        .collect();

    // The parts call the base's validators for the base's schemas, unless annotations
    // (`unevaluated*`) cross between validators, which stay within one module.
    let share = !api
        .schemas
        .iter()
        .any(|(_, s)| s.unevaluated_properties.is_some() || s.unevaluated_items.is_some());
    let mut base_settings = config.clone();
    base_settings.export_validators = share;
    base_settings.split_part = true;
    scratch.operations.clear();
    scratch.definitions = definitions(api, |owner| owner.is_none(), &split);
    let mut model = model::Model::build(&scratch, &base_settings, emit::RESERVED);
    // The base has no operations to find the error envelope by: it takes the first error
    // body of the definition's operations that is one of its definitions and fits.
    if model.envelope.is_none() && config.error_envelope.is_none() {
        model.envelope = model::envelope::error_bodies(api).find_map(|schema| {
            let d = scratch.definitions.iter().find(|d| d.schema == schema)?;
            model::envelope::decide(&scratch, &model.types, Some(&d.name))
        });
    }
    gates(api, &split, &mut model, &kinds);
    // The base's named types, by the schema of the definition they come from.
    let lib = base_crate.replace('-', "_");
    let shared: BTreeMap<ir::SchemaId, String> = {
        let own: BTreeSet<ir::SchemaId> = scratch.definitions.iter().map(|d| d.schema).collect();
        model
            .types
            .defs
            .iter()
            .filter(|def| own.contains(&def.schema))
            .map(|def| (def.schema, format!("::{lib}::{}", def.name)))
            .collect()
    };
    let shared_validators: BTreeMap<ir::SchemaId, String> = match share {
        true => model
            .validators
            .exported()
            .map(|(id, name)| (id, format!("::{lib}::{name}")))
            .collect(),
        false => BTreeMap::new(),
    };
    let mut parts = vec![Part {
        feature: "base".to_owned(),
        kind: PartKind::Base,
        crate_name: base_crate,
        generated: crate::render(&model)?,
    }];

    let mut settings = config.clone();
    settings.split_part = true;
    settings.shared_envelope = model
        .envelope
        .as_ref()
        .map(|e| format!("::{lib}::{}", model.types.def(e.ty).name));
    settings.shared = shared;
    settings.shared_validators = shared_validators;
    drop(model);
    settings.tags.clear();
    settings.operations.clear();
    for (p, ((_, ops), (kind, feature))) in split.parts.iter().zip(kinds).enumerate() {
        scratch.operations = ops.iter().map(|&i| api.operations[i].clone()).collect();
        scratch.definitions = definitions(api, |owner| owner == Some(p), &split);
        let model = model::Model::build(&scratch, &settings, emit::RESERVED);
        parts.push(Part {
            crate_name: format!("{name}-{feature}"),
            feature,
            kind,
            generated: crate::render(&model)?,
        });
    }

    let mut seen = BTreeSet::new();
    let warnings = parts
        .iter()
        .flat_map(|p| &p.generated.warnings)
        .filter(|w| seen.insert(w.to_string()))
        .cloned()
        .collect();
    Ok(Workspace {
        name: name.to_owned(),
        parts,
        warnings,
    })
}

/// The base's gates ([`model::Model::gates`]), of its types and of its validators.
///
/// A type is behind the features of the parts that reach a schema of it, and of the parts
/// whose types name it: equal schemas share a type, so a part can name a type through a
/// schema of another definition. The error envelope, which every part's server answers
/// in, is always on, and so is what it names. A validator is on when a type whose
/// schemas reach one it checks is, or a validator that calls it.
fn gates(
    api: &ir::Api,
    split: &ir::split::Split,
    model: &mut model::Model,
    kinds: &[(PartKind, String)],
) {
    let parts = kinds.len();
    let types = &model.types;
    let mut of_type = PartSets::new(types.defs.len(), parts);
    for (schema, ty) in types.named_schemas() {
        let users = &split.reached_by[schema.0];
        // A schema no part reaches is one no walk met: never gate what is not understood.
        if users.is_empty() {
            of_type.fill(ty.0);
        }
        users.iter().for_each(|&p| of_type.add(ty.0, p));
    }
    if let Some(e) = &model.envelope {
        of_type.fill(e.ty.0);
    }
    let uses: Vec<Vec<usize>> = types
        .defs
        .iter()
        .map(|d| d.kind.uses().into_iter().map(|t| t.0).collect())
        .collect();
    of_type.grow(|t| uses[t].clone());

    let mut lists = BTreeMap::new();
    let mut list = |sets: &PartSets, node: usize| {
        let set = sets.get(node);
        if set.iter().all(|w| *w == 0) || sets.is_full(node) {
            return None;
        }
        let list = lists.entry(set.to_vec()).or_insert_with(|| {
            let features: Vec<String> = (0..parts)
                .filter(|&p| sets.contains(node, p))
                .map(|p| kinds[p].1.clone())
                .collect();
            std::sync::Arc::<[String]>::from(features)
        });
        Some(list.clone())
    };
    let type_gates = (0..types.defs.len()).map(|t| list(&of_type, t)).collect();

    // Validators another crate imports cannot be gated, nor can private ones (an unused
    // one would be dead code): only exported validators are.
    let mut validator_gates = BTreeMap::new();
    if model.settings.export_validators {
        let plan = &model.validators;
        let mut of_schema = PartSets::new(split.reached_by.len(), parts);
        for (schema, ty) in types.named_schemas() {
            of_schema.union(schema.0, &of_type, ty.0);
        }
        of_schema.grow(|s| {
            api.schemas
                .get(ir::SchemaId(s))
                .uses()
                .into_iter()
                .map(|id| id.0)
                .collect()
        });
        let reps: Vec<ir::SchemaId> = plan
            .exported()
            .filter_map(|(id, _)| plan.representative(id))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: BTreeMap<ir::SchemaId, usize> =
            reps.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        let mut of_validator = PartSets::new(reps.len(), parts);
        for (id, _) in plan.exported() {
            if let Some(i) = plan.representative(id).and_then(|r| index.get(&r)) {
                of_validator.union(*i, &of_schema, id.0);
            }
        }
        of_validator.grow(|i| {
            plan.callees(api.schemas.get(reps[i]))
                .into_iter()
                .filter_map(|id| index.get(&plan.representative(id)?).copied())
                .collect()
        });
        for (i, rep) in reps.iter().enumerate() {
            if let Some(gate) = list(&of_validator, i) {
                validator_gates.insert(*rep, gate);
            }
        }
    }
    model.gates = type_gates;
    model.validator_gates = validator_gates;
}

/// A set of parts per node of a graph (a type, a schema, a validator), as bits: the parts
/// whose features turn the node on. A full set is "always on".
struct PartSets {
    parts: usize,
    words: usize,
    bits: Vec<u64>,
}

impl PartSets {
    fn new(nodes: usize, parts: usize) -> PartSets {
        let words = parts.div_ceil(64).max(1);
        PartSets {
            parts,
            words,
            bits: vec![0; nodes * words],
        }
    }

    fn get(&self, node: usize) -> &[u64] {
        &self.bits[node * self.words..(node + 1) * self.words]
    }

    fn add(&mut self, node: usize, part: usize) {
        self.bits[node * self.words + part / 64] |= 1 << (part % 64);
    }

    fn fill(&mut self, node: usize) {
        (0..self.parts).for_each(|p| self.add(node, p));
    }

    fn contains(&self, node: usize, part: usize) -> bool {
        self.get(node)[part / 64] & (1 << (part % 64)) != 0
    }

    fn is_full(&self, node: usize) -> bool {
        (0..self.parts).all(|p| self.contains(node, p))
    }

    /// Adds `other`'s parts of `from` to `node`'s.
    fn union(&mut self, node: usize, other: &PartSets, from: usize) {
        self.add_all(node, other.get(from));
    }

    /// Adds the parts of `bits` to `node`'s; whether that added any.
    fn add_all(&mut self, node: usize, bits: &[u64]) -> bool {
        let mine = &mut self.bits[node * self.words..(node + 1) * self.words];
        let grown = mine.iter().zip(bits).any(|(m, b)| b & !m != 0);
        mine.iter_mut().zip(bits).for_each(|(m, b)| *m |= b);
        grown
    }

    /// Grows every node's parts into the nodes `edges` gives, until nothing changes.
    fn grow(&mut self, edges: impl Fn(usize) -> Vec<usize>) {
        let nodes = self.bits.len() / self.words;
        let mut work: Vec<usize> = (0..nodes)
            .filter(|&n| self.get(n).iter().any(|w| *w != 0))
            .collect();
        while let Some(n) = work.pop() {
            let from = self.get(n).to_vec();
            for m in edges(n) {
                if self.add_all(m, &from) {
                    work.push(m);
                }
            }
        }
    }
}

/// The definitions of `api` whose owner passes `keep`.
fn definitions(
    api: &ir::Api,
    keep: impl Fn(Option<usize>) -> bool,
    split: &ir::split::Split,
) -> Vec<ir::Definition> {
    api.definitions
        .iter()
        .zip(&split.owner)
        .filter(|(_, owner)| keep(**owner))
        .map(|(d, _)| d.clone())
        .collect()
}

/// A tag as a Cargo feature and crate name part: lowercase words joined by `-`
/// (`Secret Scanning` → `secret-scanning`), `tag-` before a leading digit.
fn feature_name(tag: &str) -> String {
    let snake = naming::snake(tag, "part");
    let name = naming::unraw(&snake).trim_matches('_').replace('_', "-");
    match name.starts_with(|c: char| c.is_ascii_lowercase()) {
        true => name,
        false => format!("tag-{name}"),
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… when taken (or empty: `part`).
fn unique(taken: &mut BTreeSet<String>, wanted: &str) -> String {
    let wanted = if wanted.is_empty() { "part" } else { wanted };
    let mut name = wanted.to_owned();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{wanted}-{n}");
    }
    name
}

/// Where the crates find oasbind-runtime ([`WriteOptions::runtime`]).
#[derive(Clone, Debug, Default)]
pub enum RuntimeSource {
    /// crates.io, at the version generated code requires.
    #[default]
    Registry,
    /// A local checkout's `generator/runtime`, relative to the workspace's root (or
    /// absolute).
    Path(String),
}

/// How [`Workspace::files`] writes the manifests.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Where the crates find oasbind-runtime.
    pub runtime: RuntimeSource,
    /// Whether the facade's manifest declares a `[workspace]` of the crates (the default),
    /// or the crates join the workspace around it (which then lists the directory and
    /// `crates/*` among its members).
    pub standalone: bool,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            runtime: RuntimeSource::Registry,
            standalone: true,
        }
    }
}

impl WriteOptions {
    /// The default options with the runtime from `runtime`.
    pub fn new(runtime: RuntimeSource, standalone: bool) -> WriteOptions {
        WriteOptions {
            runtime,
            standalone,
        }
    }
}

impl Workspace {
    /// Writes the workspace's [`files`](Workspace::files) into `dir`. Files whose content is
    /// unchanged are not touched (cargo rebuilds nothing); files of parts that no longer
    /// exist are left alone.
    pub fn write(&self, dir: &Path, options: &WriteOptions) -> Result<()> {
        for (path, content) in self.files(options) {
            crate::write_if_changed(&dir.join(path), &content)?;
        }
        Ok(())
    }

    /// The workspace's files, by path relative to its root: `Cargo.toml` and `src/lib.rs` of
    /// the facade, and of each part in `crates/<feature>/`, whose `src/lib.rs` includes the
    /// bindings from `src/generated.rs`.
    pub fn files(&self, options: &WriteOptions) -> Vec<(PathBuf, String)> {
        let mut files = vec![
            (PathBuf::from("Cargo.toml"), self.facade_manifest(options)),
            (PathBuf::from("src/lib.rs"), self.facade_lib()),
        ];
        for part in &self.parts {
            let root = Path::new("crates").join(&part.feature);
            let manifest = self.part_manifest(part, &options.runtime);
            // Included, as `generated/` does it: `cargo fmt` leaves included files alone.
            let lib = format!("{}include!(\"generated.rs\");\n", self.part_doc(part));
            files.push((root.join("Cargo.toml"), manifest));
            files.push((root.join("src/lib.rs"), lib));
            files.push((root.join("src/generated.rs"), part.generated.code.clone()));
        }
        files
    }

    fn base(&self) -> &Part {
        &self.parts[0]
    }

    fn tags(&self) -> &[Part] {
        &self.parts[1..]
    }

    /// A part's manifest: a tag's depends on the base too, with the base's feature of the
    /// same name (the base's types it uses); the base has a feature per part.
    fn part_manifest(&self, part: &Part, runtime: &RuntimeSource) -> String {
        let runtime = match runtime {
            RuntimeSource::Path(path) if !Path::new(path).is_absolute() => {
                RuntimeSource::Path(format!("../../{path}"))
            }
            other => other.clone(),
        };
        let links = match part.kind {
            PartKind::Base => Links::Parts(self.tags().iter().map(|p| &p.feature[..]).collect()),
            _ => Links::Base(self.base(), &part.feature),
        };
        manifest(&part.crate_name, &part.generated, &runtime, links)
    }

    fn part_doc(&self, part: &Part) -> String {
        let base = self.base().lib_name();
        let what = match &part.kind {
            PartKind::Base => "the definitions more than one part uses".to_owned(),
            PartKind::Tag(tag) => format!(
                "the operations tagged `{}` and the definitions only they use (the shared ones are `{base}`'s)",
                tag.replace('`', "'")
            ),
            PartKind::Path(path) => format!(
                "the operations under `/{}` and the definitions only they use (the shared ones are `{base}`'s)",
                path.replace('`', "'")
            ),
            PartKind::Untagged => format!(
                "the operations without a tag and the definitions only they use (the shared ones are `{base}`'s)"
            ),
            PartKind::Unused => format!(
                "definitions no operation uses (the ones they share with operations are `{base}`'s)"
            ),
        };
        format!(
            "//! Part of the `{}` bindings (split layout): {what}.\n\n",
            self.name
        )
    }

    /// The facade: the base always, each tag crate behind its feature, `full` for all.
    fn facade_manifest(&self, options: &WriteOptions) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{HEADER}[package]");
        let _ = writeln!(out, "name = {:?}", self.name);
        let _ = writeln!(
            out,
            "version = \"0.1.0\"\nedition = \"2021\"\npublish = false\n"
        );
        let _ = writeln!(out, "[dependencies]");
        let base = self.base();
        let _ = writeln!(
            out,
            "{} = {{ path = \"crates/{}\" }}",
            base.crate_name, base.feature
        );
        for part in self.tags() {
            let _ = writeln!(
                out,
                "{} = {{ path = \"crates/{}\", optional = true }}",
                part.crate_name, part.feature
            );
        }
        let _ = writeln!(out, "\n[features]\ndefault = []");
        let all: Vec<String> = self
            .tags()
            .iter()
            .map(|p| format!("{:?}", p.feature))
            .collect();
        let _ = writeln!(out, "full = [{}]", all.join(", "));
        for part in self.tags() {
            let _ = writeln!(out, "{} = [\"dep:{}\"]", part.feature, part.crate_name);
        }
        for f in OPTIONAL {
            let forwards: Vec<String> = std::iter::once(format!("\"{}/{f}\"", base.crate_name))
                .chain(
                    self.tags()
                        .iter()
                        .map(|p| format!("\"{}?/{f}\"", p.crate_name)),
                )
                .collect();
            let _ = writeln!(out, "{f} = [{}]", forwards.join(", "));
        }
        if options.standalone {
            let _ = writeln!(out, "\n[workspace]\nmembers = [\"crates/*\"]");
        }
        out
    }

    fn facade_lib(&self) -> String {
        let mut out = format!(
            "//! The `{}` bindings, split by tag: the shared types at the root, each tag's\n\
             //! operations in a module behind the Cargo feature of the same name (`full`\n\
             //! turns them all on).\n//!\n//! @generated by oasbind; do not edit by hand.\n\n\
             pub use {}::*;\n",
            self.name,
            self.base().lib_name()
        );
        for part in self.tags() {
            let what = match &part.kind {
                PartKind::Tag(tag) => format!("The operations tagged `{}`.", tag.replace('`', "'")),
                PartKind::Path(path) => {
                    format!("The operations under `/{}`.", path.replace('`', "'"))
                }
                PartKind::Untagged => "The operations without a tag.".to_owned(),
                _ => "Definitions no operation uses.".to_owned(),
            };
            let _ = write!(
                out,
                "\n/// {what}\n#[cfg(feature = {:?})]\npub use {} as {};\n",
                part.feature,
                part.lib_name(),
                naming::keyword_safe(&part.feature.replace('-', "_"))
            );
        }
        out
    }
}

/// How a crate of a split relates to the others.
enum Links<'a> {
    /// A crate of its own (`--crate`).
    None,
    /// The base, with a feature per part (that turns on the types the part uses).
    Parts(Vec<&'a str>),
    /// A tag's crate: the base, with its feature of this name.
    Base(&'a Part, &'a str),
}

/// A bindings crate's manifest: serde, serde_json, the runtime (with the features the
/// bindings need) and the base for a part (a sibling directory); the runtime's optional
/// parts as features, forwarded to the base.
fn manifest(
    crate_name: &str,
    generated: &Generated,
    runtime: &RuntimeSource,
    links: Links,
) -> String {
    let base = match links {
        Links::Base(base, _) => Some(base),
        _ => None,
    };
    let features: Vec<String> = generated
        .runtime_features
        .iter()
        .map(|f| format!("{f:?}"))
        .collect();
    let features = features.join(", ");
    let runtime = match runtime {
        RuntimeSource::Registry => format!(
            "{{ version = \"{}\", features = [{features}] }}",
            emit::RUNTIME_VERSION
        ),
        RuntimeSource::Path(path) => format!("{{ path = {path:?}, features = [{features}] }}"),
    };
    let mut out = String::new();
    let _ = writeln!(out, "{HEADER}[package]");
    let _ = writeln!(out, "name = {crate_name:?}");
    let _ = writeln!(
        out,
        "version = \"0.1.0\"\nedition = \"2021\"\npublish = false\n"
    );
    let _ = writeln!(out, "[dependencies]");
    if let Links::Base(base, feature) = links {
        let _ = writeln!(
            out,
            "{} = {{ path = \"../{}\", features = [{feature:?}] }}",
            base.crate_name, base.feature
        );
    }
    let _ = writeln!(out, "oasbind-runtime = {runtime}");
    let _ = writeln!(
        out,
        "serde = {{ version = \"1\", features = [\"derive\"] }}"
    );
    let _ = writeln!(out, "serde_json = \"1\"\n");
    let _ = writeln!(out, "[features]");
    for f in OPTIONAL {
        let forward = base
            .map(|b| format!(", \"{}/{f}\"", b.crate_name))
            .unwrap_or_default();
        let _ = writeln!(out, "{f} = [\"oasbind-runtime/{f}\"{forward}]");
    }
    if let Links::Parts(parts) = links {
        for part in parts {
            let _ = writeln!(out, "{part} = []");
        }
    }
    out
}

/// The files of a bindings crate of its own (`oasbind generate --crate DIR`): its
/// manifest, a `src/lib.rs` that includes the bindings, and the bindings in
/// `src/generated.rs`, by path relative to DIR. A runtime path is relative to DIR.
pub fn crate_files(
    generated: &Generated,
    crate_name: &str,
    options: &WriteOptions,
) -> Vec<(PathBuf, String)> {
    let mut manifest = manifest(crate_name, generated, &options.runtime, Links::None);
    if options.standalone {
        manifest.push_str("\n[workspace]\n");
    }
    let lib = "//! Bindings generated by oasbind: a crate of their own, which a consumer's edits do not\n\
               //! rebuild. Regenerate rather than edit.\n\ninclude!(\"generated.rs\");\n";
    vec![
        (PathBuf::from("Cargo.toml"), manifest),
        (PathBuf::from("src/lib.rs"), lib.to_owned()),
        (PathBuf::from("src/generated.rs"), generated.code.clone()),
    ]
}

/// The first lines of every manifest.
const HEADER: &str = "# @generated by oasbind; do not edit by hand.\n\n";

/// The runtime's optional parts that generated code turns on by the consumer's feature.
const OPTIONAL: [&str; 4] = ["http", "server", "schemars", "tracing"];
