//! The model stage: what Rust an API becomes, decided once and held as plain data (no
//! tokens). [`Model::build`] takes the IR and the [`Config`]; the emitters in
//! [`crate::emit`] only render what it decided.
//!
//! - [`types`]: the Rust shape and name of every schema, and which struct fields hold
//!   secrets ([`secret`]); which string enums are open ([`Model::is_open_enum`]);
//! - [`token`]: which operation issues access tokens, and its body's `scope` and metadata;
//! - [`envelope`]: the error body that violations are mapped to;
//! - [`client`]: each operation's names, body type and answer types;
//! - [`validators`]: which schemas get a validator function, shared by equal schemas,
//!   and which of them (and of the `unevaluated*` annotation functions) the module calls;
//! - `attributes`: which types and fields the settings' attributes go on.

pub mod attributes;
pub mod client;
pub mod envelope;
pub mod example;
pub mod pattern;
pub mod secret;
pub mod server;
pub mod token;
pub mod types;
pub mod validators;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::ir::{Api, SchemaId};
use std::collections::BTreeMap;
use types::{TypeKind, TypeSpace};

/// Everything decided about an API before code is written.
pub struct Model<'a> {
    /// The API (after the operation filters).
    pub api: &'a Api,
    /// What the user asked for.
    pub settings: &'a Config,
    /// The Rust type of every schema.
    pub types: TypeSpace,
    /// The token operation, if the API has one (see [`token`]).
    pub token: Option<token::TokenEndpoint>,
    /// The error envelope, if one fits (see [`envelope`]).
    pub envelope: Option<envelope::Envelope>,
    /// Every operation's names and types, when a client is generated (see [`client`]).
    pub operations: Vec<client::OperationPlan>,
    /// The server side of each operation (`Config::server`; empty otherwise).
    pub server: Vec<server::ServerOp>,
    /// The validator functions and which of them are called (see [`validators`]).
    pub validators: validators::ValidatorPlan,
    /// What the decisions leave the user to know (a guessed token operation).
    pub warnings: Vec<Diagnostic>,
    /// The Cargo features that turn each named type on (by [`types::TypeId`]; empty: always
    /// on). Only the split layout's base sets them: it compiles a type when one of the parts
    /// that use it is turned on.
    pub gates: Vec<Option<std::sync::Arc<[String]>>>,
    /// The same for validator functions, by the schema they are named after.
    pub validator_gates: BTreeMap<SchemaId, std::sync::Arc<[String]>>,
}

impl<'a> Model<'a> {
    /// Decides the Rust of `api`. `reserved` are the names the emitted module defines or
    /// uses unqualified, which types avoid.
    pub fn build(api: &'a Api, settings: &'a Config, reserved: &[&str]) -> Model<'a> {
        let (replaced, mut warnings) = replacements(api, settings);
        let mut types = TypeSpace::build(
            api,
            reserved,
            &replaced,
            settings.format_types,
            settings.infers_object_type(),
        );
        // Which fields hold secrets is decided on another core while the other decisions
        // are made: none of them reads it (nor the attributes, assigned after).
        let (secrets, (token, envelope, operations, validators)) = std::thread::scope(|scope| {
            let types = &types;
            let secrets = scope.spawn(move || {
                let fields = types.defs.iter().filter_map(|def| match &def.kind {
                    TypeKind::Struct(st) => Some(&st.fields),
                    _ => None,
                });
                fields
                    .flatten()
                    .map(|f| secret::is_secret(&api.schemas, settings, &f.wire, f.schema))
                    .collect::<Vec<bool>>()
            });
            let token = token::decide(api, types, &settings.token_operation);
            let envelope = envelope::decide(api, types, settings.error_envelope.as_deref());
            let operations = match settings.client {
                true => client::plan(api, types, reserved),
                false => Vec::new(),
            };
            let validators = validators::ValidatorPlan::build(api, types, settings, &operations);
            let secrets = secrets
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (secrets, (token, envelope, operations, validators))
        });
        let fields = types.defs.iter_mut().filter_map(|def| match &mut def.kind {
            TypeKind::Struct(st) => Some(&mut st.fields),
            _ => None,
        });
        for (f, secret) in fields.flatten().zip(secrets) {
            f.secret = secret;
        }
        let mut operations = operations;
        client::share_params(api, &types, &mut operations, |wire, schema| {
            secret::is_secret(&api.schemas, settings, wire, schema)
        });
        client::share_functions(api, &types, &validators, &mut operations);
        let (token, token_warnings) = token;
        warnings.extend(token_warnings);
        warnings.extend(attributes::assign(api, settings, &mut types));
        let server = match settings.server {
            true => server::plan(api, &operations),
            false => Vec::new(),
        };
        Model {
            api,
            settings,
            types,
            token,
            envelope,
            operations,
            server,
            validators,
            warnings,
            gates: Vec::new(),
            validator_gates: BTreeMap::new(),
        }
    }

    /// Whether some types or validators are behind features ([`Model::gates`]).
    pub fn gated(&self) -> bool {
        self.gates.iter().any(Option::is_some) || !self.validator_gates.is_empty()
    }

    /// The features that turn the type `id` on, if it is gated ([`Model::gates`]).
    pub fn gate(&self, id: types::TypeId) -> Option<&[String]> {
        self.gates.get(id.0)?.as_deref()
    }

    /// Whether the property or parameter `wire`, of schema `schema`, holds a secret that no
    /// `Debug` output or violation may show ([`secret`]; struct fields carry the answer in
    /// [`types::Field::secret`]).
    pub fn is_secret(&self, wire: &str, schema: crate::ir::SchemaId) -> bool {
        secret::is_secret(&self.api.schemas, self.settings, wire, schema)
    }

    /// Whether the definition has credentials a `Credentials` struct holds: API keys and
    /// basic authentication (bearer tokens come from a token source).
    pub fn has_credentials(&self) -> bool {
        self.api.security_schemes.iter().any(|s| {
            matches!(
                s.kind,
                crate::ir::SecurityKind::ApiKey { .. } | crate::ir::SecurityKind::HttpBasic
            )
        })
    }

    /// The runtime's Cargo features the bindings need: those of the format types they
    /// use, and `idn` when an asserted format needs IDNA.
    pub fn runtime_features(&self) -> std::collections::BTreeSet<&'static str> {
        let formats = self.types.formats_used().into_iter();
        let idn = self.validators.idn.then_some("idn");
        formats
            .filter_map(|f| f.feature(self.settings.time_crate))
            .chain(idn)
            .collect()
    }

    /// Whether `s` is a string enum that `Config::open_enums` opens: its Rust type takes any
    /// string (`Unknown`), so its `enum` is not enforced. Decided on the schema alone, so
    /// that equal schemas, which share one validator, agree.
    pub fn is_open_enum(&self, s: &crate::ir::Schema) -> bool {
        let null_ok = s.nullable
            || s.types
                .as_ref()
                .is_some_and(|t| t.contains(&crate::ir::JsonType::Null));
        self.settings.open_enums
            && s.enum_values.as_ref().is_some_and(|v| {
                v.iter().any(|v| v.is_string())
                    && v.iter().all(|v| v.is_string() || (null_ok && v.is_null()))
            })
    }
}

/// The schemas that existing Rust types stand for: the definitions `Config::replace`
/// names, and the schemas whose `x-rust-type` names a crate `Config::allow_crate` allows.
/// Warns about a replacement that names no definition and an `x-rust-type` not honoured.
fn replacements(api: &Api, settings: &Config) -> (BTreeMap<SchemaId, String>, Vec<Diagnostic>) {
    let mut replaced = settings.shared.clone();
    let mut warnings = Vec::new();
    for (definition, path) in &settings.replacements {
        match api.definitions.iter().find(|d| &d.name == definition) {
            Some(d) => {
                replaced.insert(d.schema, path.clone());
            }
            None => warnings.push(Diagnostic::new(
                &api.source,
                "",
                format!("replacement `{definition}` = `{path}`: no definition has this name"),
            )),
        }
    }
    // The loader converts only what the definition reaches.
    for (id, s) in api.schemas.iter() {
        let Some(rust) = &s.rust_type else { continue };
        if replaced.contains_key(&id) {
            continue;
        }
        if settings.crates.iter().any(|c| c == &rust.krate) {
            replaced.insert(id, rust.path.clone());
        } else {
            warnings.push(Diagnostic::new(
                &s.origin.file,
                &format!("{}/x-rust-type", s.origin.pointer),
                format!(
                    "`x-rust-type` names `{}` of crate `{}`, which is not allowed: the schema is generated as usual (allow it with `Config::allow_crate({:?})`, `--allow-crate {}`)",
                    rust.path, rust.krate, rust.krate, rust.krate
                ),
            ));
        }
    }
    (replaced, warnings)
}
