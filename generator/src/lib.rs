//! oasbind reads Swagger 2.0 / OpenAPI definitions and emits Rust bindings: serde types,
//! validators for every schema constraint, and a transport-agnostic client trait.
//!
//! The pipeline is visible in the modules: `load` (one front end per dialect, JSON and
//! YAML, `$ref` resolution) → `ir` (one model for every dialect) → `model` (what Rust
//! it becomes: each schema's type, the token operation, the error envelope, secrets, as
//! plain data) → `emit` (the model → tokens → formatted source).
//!
//! Three ways in:
//! - `build.rs`: [`compile`] or [`Config::compile`] write `$OUT_DIR/<name>.rs` for
//!   `include!`, and tell Cargo to rerun when a definition changes;
//! - the `oasbind` CLI: `oasbind generate <SPEC> -o <FILE>` and `oasbind check`;
//! - tests and tools: [`generate_file`] / [`generate_str`] return the source.
//!
//! That is the whole API, with [`Config`], [`Generated`] (the code, and an inventory of its
//! types for tools such as the fidelity checker) and the errors ([`Error`],
//! [`Diagnostic`]); the stages themselves are private, so that they can change. The CLI
//! (`oasbind-cli`) and the fidelity checker (`oasbind-fidelity`) are crates of their own
//! built on this API: a build script depends on this crate only.
//!
//! The generated code needs `serde` (with `derive`), `serde_json` and `oasbind-runtime`
//! (with its `http` and `schemars` features for those options), which holds everything
//! that is not specific to a definition.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod config;
mod emit;
mod error;
mod ir;
mod load;
mod model;
mod naming;
mod split;

pub use config::{Config, Draft, Formatter, TimeCrate, DEFAULT_RUNTIME_PATH};
pub use emit::{RESERVED, RUNTIME_VERSION};
pub use error::{Diagnostic, Error, Position, Result};
pub use split::{
    crate_files, generate_split, Part, PartKind, RuntimeSource, Workspace, WriteOptions,
};

use std::path::{Path, PathBuf};

/// Generated bindings for one definition.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// Problems that did not stop generation (unsupported keywords, patterns).
    pub warnings: Vec<Diagnostic>,
    /// Every file that was read (the definition and the files its `$ref`s name).
    pub files: Vec<PathBuf>,
    /// How many operations the client covers (after `tag` / `operation` filters).
    pub operations: usize,
    /// The named types of the module, in the order they are emitted.
    pub types: Vec<GeneratedType>,
    /// The schemas whose values the module holds as `serde_json::Value` (any JSON): no
    /// Rust type says more about them.
    pub any_json: Vec<Location>,
    /// The Cargo features of oasbind-runtime the module needs (`chrono`, `uuid`, `base64`,
    /// `jiff`, `idn`): those of the format types it uses and of the formats it asserts.
    pub runtime_features: Vec<String>,
}

/// A named type of the generated module and the schema it was generated from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GeneratedType {
    /// Its Rust name.
    pub name: String,
    /// What it is.
    pub kind: TypeKind,
    /// Its schema.
    pub schema: Location,
}

/// What a generated type is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypeKind {
    /// A struct (an object schema).
    Struct,
    /// A string enum.
    Enum,
    /// A `pub type` alias.
    Alias,
    /// An enum over the alternatives of a `oneOf` / `anyOf`.
    Union,
}

/// Where a schema is: a file, as the user or a `$ref` named it, and a JSON pointer in it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Location {
    /// The file.
    pub file: String,
    /// The JSON pointer (`""` for the whole document).
    pub pointer: String,
}

/// A definition loaded by [`load_file`] (with the files its `$ref`s name), ready for
/// [`generate`].
#[derive(Clone, Debug)]
pub struct Definition {
    api: ir::Api,
}

impl Definition {
    /// How many named schemas it has.
    pub fn schemas(&self) -> usize {
        self.api.definitions.len()
    }

    /// How many operations it has.
    pub fn operations(&self) -> usize {
        self.api.operations.len()
    }
}

/// Generates the bindings of a loaded definition.
pub fn generate(definition: &Definition, config: &Config) -> Result<Generated> {
    generate_api(&definition.api, config)
}

/// Generates the bindings of an API.
fn generate_api(api: &ir::Api, config: &Config) -> Result<Generated> {
    check_config(config)?;
    render(&model::Model::build(
        &selected(api, config),
        config,
        emit::RESERVED,
    ))
}

/// The API with only the operations the `tag` / `operation` settings keep (the whole API,
/// borrowed, when there are none).
pub(crate) fn selected<'a>(api: &'a ir::Api, config: &Config) -> std::borrow::Cow<'a, ir::Api> {
    if config.tags.is_empty() && config.operations.is_empty() {
        std::borrow::Cow::Borrowed(api)
    } else {
        std::borrow::Cow::Owned(ir::filter::operations(
            api,
            &config.tags,
            &config.operations,
        ))
    }
}

/// The settings that must be Rust before anything is generated: the runtime path, the
/// replacements' paths, the attributes and derives.
pub(crate) fn check_config(config: &Config) -> Result<()> {
    if !naming::is_path(&config.runtime_path) {
        return Err(Error::Config(format!(
            "runtime path `{}` is not a Rust path (`::oasbind_runtime`, `crate::rt`)",
            config.runtime_path
        )));
    }
    let attributes = config
        .type_attributes
        .iter()
        .chain(&config.field_attributes);
    if let Some((definition, path)) = config
        .replacements
        .iter()
        .find(|(_, path)| !naming::is_path(path))
    {
        return Err(Error::Config(format!(
            "replacement for `{definition}`: `{path}` is not a Rust path"
        )));
    }
    let derives = config
        .derives
        .iter()
        .map(|(_, traits)| model::attributes::malformed_derive(traits));
    let malformed = attributes
        .map(|(_, a)| model::attributes::malformed(a))
        .chain(derives);
    match malformed.flatten().next() {
        Some(why) => Err(Error::Config(why)),
        None => Ok(()),
    }
}

/// The bindings of a model: load → IR → **model** → emit.
pub(crate) fn render(model: &model::Model) -> Result<Generated> {
    let api = model.api;
    let (code, mut warnings) = emit::source(model)?;
    let mut all = api.warnings.clone();
    all.append(&mut warnings);
    if model.settings.strict && !all.is_empty() {
        return Err(Error::Unsupported(all));
    }
    let space = &model.types;
    let location = |id| {
        let origin = &api.schemas.get(id).origin;
        Location {
            file: origin.file.clone(),
            pointer: origin.pointer.clone(),
        }
    };
    let types = space
        .defs
        .iter()
        .map(|def| GeneratedType {
            name: def.name.clone(),
            kind: match def.kind {
                model::types::TypeKind::Struct(_) => TypeKind::Struct,
                model::types::TypeKind::StringEnum(_) => TypeKind::Enum,
                model::types::TypeKind::Alias(_) => TypeKind::Alias,
                model::types::TypeKind::Union(_) => TypeKind::Union,
            },
            schema: location(def.schema),
        })
        .collect();
    // A crate of a split holds only the schemas it shaped; the others are other crates'.
    let any_json = match model.settings.split_part {
        true => space
            .shaped()
            .filter(|(_, t)| space.is_any_json(t))
            .map(|(id, _)| location(id))
            .collect(),
        false => api
            .schemas
            .iter()
            .filter(|(id, _)| space.is_any_json(space.type_of(*id)))
            .map(|(id, _)| location(id))
            .collect(),
    };
    Ok(Generated {
        code,
        warnings: all,
        files: api.files.clone(),
        operations: api.operations.len(),
        types,
        any_json,
        runtime_features: model
            .runtime_features()
            .into_iter()
            .map(String::from)
            .collect(),
    })
}

/// Reads a definition file (JSON or YAML) as the JSON value oasbind reads, for tools that
/// look at the definition beside its bindings.
pub fn read_document(path: impl AsRef<Path>) -> Result<serde_json::Value> {
    let doc = load::source::read(path.as_ref())?;
    Ok(std::sync::Arc::unwrap_or_clone(doc.root))
}

/// Parses definition text as [`read_document`] does; `file` names it in diagnostics and
/// decides JSON or YAML by its extension.
pub fn parse_document(file: &str, text: &str) -> Result<serde_json::Value> {
    load::source::parse(file, text)
}

/// Loads a definition file and generates its bindings.
pub fn generate_file(path: impl AsRef<Path>, config: &Config) -> Result<Generated> {
    generate(&load_file(path, config)?, config)
}

/// Loads a definition file (and the files its `$ref`s name) as [`generate`] takes it.
pub fn load_file(path: impl AsRef<Path>, config: &Config) -> Result<Definition> {
    Ok(Definition {
        api: load::load(path.as_ref(), &config.load)?,
    })
}

/// Fills in the line and column of every diagnostic that has none, reading each file they
/// name once, and returns the text of every file read (to show the offending lines). A
/// file that cannot be read (text given to [`generate_str`]) leaves its diagnostics
/// without a position.
pub fn locate(diagnostics: &mut [Diagnostic]) -> std::collections::BTreeMap<String, String> {
    load::position::locate(diagnostics)
}

/// Generates bindings from definition text; `file` names it in diagnostics and decides
/// JSON or YAML by its extension.
pub fn generate_str(file: &str, text: &str, config: &Config) -> Result<Generated> {
    let api = load::load_str(file, text, &config.load)?;
    generate_api(&api, config)
}

/// `build.rs` shorthand: generates each definition with the default [`Config`] into
/// `$OUT_DIR/<file stem>.rs`.
pub fn compile(definitions: &[impl AsRef<Path>]) -> Result<()> {
    Config::new().compile(definitions)
}

impl Config {
    /// Generates each definition into `<out_dir>/<file stem>.rs` (snake_case), writing a
    /// file only when its content changed, and prints `cargo:rerun-if-changed` for every
    /// file read and `cargo:warning` for every warning (`file:line:column: pointer: message`).
    pub fn compile(&self, definitions: &[impl AsRef<Path>]) -> Result<()> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Io {
                    path: PathBuf::from("$OUT_DIR"),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "OUT_DIR is not set: call from a build script or set Config::out_dir",
                    ),
                })?,
        };
        for definition in definitions {
            let path = definition.as_ref();
            println!("cargo:rerun-if-changed={}", path.display());
            let mut generated = generate_file(path, self).map_err(|mut e| {
                load::position::locate(e.diagnostics_mut());
                e
            })?;
            for file in &generated.files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            load::position::locate(&mut generated.warnings);
            for warning in &generated.warnings {
                println!("cargo:warning={}", warning.located());
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let target = out_dir.join(format!(
                "{}.rs",
                naming::unraw(&naming::snake(&stem, "bindings"))
            ));
            write_if_changed(&target, &generated.code)?;
        }
        Ok(())
    }
}

/// Writes `content` unless the file already holds exactly that (keeps mtimes, and so
/// Cargo's incremental builds, stable). Only a regular file is read first: `/dev/stdout`
/// or a pipe is written to at once (reading `/dev/zero` would never end).
pub fn write_if_changed(path: &Path, content: &str) -> Result<()> {
    let file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if file && std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_owned(),
            source,
        })?;
    }
    std::fs::write(path, content).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}
