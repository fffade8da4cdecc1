//! What to generate and where: one builder filled by the CLI, by `build.rs` code, or by
//! tests, in the style of `prost_build::Config`.

use crate::load::schema::Dialect;
use crate::load::LoadOptions;

/// Where generated code finds the runtime crate unless [`Config::runtime_path`] says otherwise.
pub const DEFAULT_RUNTIME_PATH: &str = "::oasbind_runtime";

/// Which operation issues access tokens ([`Config::token_operation`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokenOperation {
    /// Look for one by the shape of its body and answer, and say which in a warning.
    Guess,
    /// This one, by `operationId` or as `METHOD /path`.
    Named(String),
    /// None.
    Off,
}

/// The crate whose values `date-time`, `date`, `time` and `duration` become
/// ([`Config::time_crate`]).
///
/// chrono is the default: it is what most Rust code that handles dates already uses (and
/// what typify and progenitor emit), and its `DateTime<FixedOffset>` keeps the offset a
/// value was written with. It has no ISO 8601 durations: `duration` is then the runtime's
/// crate-free `formats::Duration` (its components, and `std::time::Duration` when it has
/// no years or months). jiff reads durations as `jiff::Span` and is the more careful
/// library (civil and absolute time apart, RFC 9557), at 0.x: a choice for code that uses
/// it already. The `time` crate is not offered: it reads neither durations nor leap
/// seconds (`23:59:60`, valid RFC 3339). Whatever the crate, a value keeps its text, and
/// its grammar is the validators'.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeCrate {
    /// chrono values (the runtime's `chrono` feature).
    #[default]
    Chrono,
    /// jiff values (the runtime's `jiff` feature).
    Jiff,
}

/// How the generated source is laid out ([`Config::formatter`]). Either way the tokens are
/// the same; only whitespace (and the trailing commas of broken lists) differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Formatter {
    /// oasbind's own printer (the default): rustfmt-like, and the faster of the two (it
    /// lays tokens out without parsing them).
    #[default]
    Oasbind,
    /// [prettyplease](https://docs.rs/prettyplease)'s layout, a blank line between top-level
    /// items. Each item is parsed with `syn` and printed by prettyplease, which makes
    /// generation slower. This variant exists only when oasbind's `prettyplease` Cargo
    /// feature is on (`oasbind = { version = "0.1", features = ["prettyplease"] }` among a
    /// build script's `[build-dependencies]`): without it, naming it does not compile.
    #[cfg(feature = "prettyplease")]
    Prettyplease,
}

/// A JSON Schema draft ([`Config::json_schema`]). Parses from `draft4`, `draft6`,
/// `draft7`, `draft2019-09` and `draft2020-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Draft {
    /// Draft 4 (Swagger 2.0's and OpenAPI 3.0's, without their additions).
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7.
    Draft7,
    /// Draft 2019-09.
    Draft2019_09,
    /// Draft 2020-12 (OpenAPI 3.1's).
    Draft2020_12,
}

impl Draft {
    pub(crate) fn dialect(self) -> Dialect {
        match self {
            Draft::Draft4 => Dialect::Draft4,
            Draft::Draft6 => Dialect::Draft6,
            Draft::Draft7 => Dialect::Draft7,
            Draft::Draft2019_09 => Dialect::Draft2019,
            Draft::Draft2020_12 => Dialect::Draft2020,
        }
    }
}

impl std::str::FromStr for Draft {
    type Err = String;

    fn from_str(name: &str) -> Result<Draft, String> {
        Ok(
            match Dialect::from_name(name)
                .ok_or_else(|| format!("unknown JSON Schema draft {name:?}"))?
            {
                Dialect::Draft4 => Draft::Draft4,
                Dialect::Draft6 => Draft::Draft6,
                Dialect::Draft7 => Draft::Draft7,
                Dialect::Draft2019 => Draft::Draft2019_09,
                Dialect::Draft2020 => Draft::Draft2020_12,
            },
        )
    }
}

/// Generation settings. Chain the setters; every one has a sensible default.
///
/// ```no_run
/// // build.rs
/// oasbind::Config::new()
///     .error_envelope("error_response")
///     .compile(&["schemas/partner_auth.json"])
///     .expect("bindings generate");
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) out_dir: Option<std::path::PathBuf>,
    pub(crate) load: LoadOptions,
    pub(crate) client: bool,
    pub(crate) error_envelope: Option<String>,
    pub(crate) secret_fields: Vec<String>,
    pub(crate) strict: bool,
    pub(crate) http: bool,
    pub(crate) server: bool,
    pub(crate) schemars: bool,
    pub(crate) assert_formats: bool,
    pub(crate) open_enums: bool,
    pub(crate) format_types: bool,
    pub(crate) time_crate: TimeCrate,
    pub(crate) tags: Vec<String>,
    pub(crate) operations: Vec<String>,
    pub(crate) runtime_path: String,
    pub(crate) token_operation: TokenOperation,
    pub(crate) formatter: Formatter,
    pub(crate) type_attributes: Vec<(String, String)>,
    pub(crate) field_attributes: Vec<(String, String)>,
    pub(crate) derives: Vec<(String, String)>,
    pub(crate) replacements: Vec<(String, String)>,
    pub(crate) crates: Vec<String>,
    /// The definitions another crate of a split defines ([`crate::split`]), by schema: the
    /// path of their type there.
    pub(crate) shared: std::collections::BTreeMap<crate::ir::SchemaId, String>,
    /// The schemas another crate of a split has a public validator for: its path.
    pub(crate) shared_validators: std::collections::BTreeMap<crate::ir::SchemaId, String>,
    /// Whether validators are public (`#[doc(hidden)]`), for the other crates of a split.
    pub(crate) export_validators: bool,
    /// Whether this is one crate of a split: its API holds every schema of the definition,
    /// most of them other parts'.
    pub(crate) split_part: bool,
    /// The error envelope another crate of a split defines (with its `ErrorEnvelope`
    /// impl): the path of its type, for a part whose own operations find none.
    pub(crate) shared_envelope: Option<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            out_dir: None,
            load: LoadOptions::default(),
            client: true,
            error_envelope: None,
            secret_fields: Vec::new(),
            strict: false,
            http: false,
            server: false,
            schemars: false,
            assert_formats: false,
            open_enums: false,
            format_types: true,
            time_crate: TimeCrate::Chrono,
            tags: Vec::new(),
            operations: Vec::new(),
            runtime_path: DEFAULT_RUNTIME_PATH.to_owned(),
            token_operation: TokenOperation::Guess,
            formatter: Formatter::Oasbind,
            type_attributes: Vec::new(),
            field_attributes: Vec::new(),
            derives: Vec::new(),
            replacements: Vec::new(),
            crates: Vec::new(),
            shared: std::collections::BTreeMap::new(),
            shared_validators: std::collections::BTreeMap::new(),
            export_validators: false,
            split_part: false,
            shared_envelope: None,
        }
    }
}

impl Config {
    /// Default settings: types, validators and the client trait.
    pub fn new() -> Config {
        Config::default()
    }

    /// Where [`Config::compile`] writes (default: `$OUT_DIR`, as set by Cargo for build scripts).
    pub fn out_dir(&mut self, dir: impl Into<std::path::PathBuf>) -> &mut Config {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether to emit the client trait and its helpers (default: yes).
    pub fn client(&mut self, yes: bool) -> &mut Config {
        self.client = yes;
        self
    }

    /// The definition to use as the error envelope that violations convert into
    /// (default: the first documented error body that has a pointer and a message field).
    pub fn error_envelope(&mut self, definition: impl Into<String>) -> &mut Config {
        self.error_envelope = Some(definition.into());
        self
    }

    /// A property or parameter (by exact wire name) that holds a secret, beyond those the
    /// built-in rule finds: `Debug` never shows its value and its violations never quote
    /// it or the schema's literals. Built in: names whose words end in a secret noun,
    /// whatever the casing (`accessToken`, `refresh-token`, `client_secret`, `password`,
    /// `x-api-key`, `authorization`, `private_key`, `pin`, `otp`, `card_number`, `cvv`,
    /// ...; not `token_type` or `keyId`), and schemas marked `format: password`,
    /// `writeOnly: true` or `x-oasbind-secret: true`. `x-oasbind-secret: false` on a
    /// property's schema takes it out of the name rule; a name given here still wins.
    pub fn secret_field(&mut self, wire_name: impl Into<String>) -> &mut Config {
        self.secret_fields.push(wire_name.into());
        self
    }

    /// Give a schema without `type` that has `properties` (or other object keywords) the
    /// Rust type of the object it describes (default: yes, as OpenAPI tools read it): its
    /// struct, and as a member of another value the runtime's `Loose<T>`, which also keeps
    /// any other JSON value. Validation follows the schema as written either way (no
    /// `type`, no type check). Off, such schemas are `serde_json::Value`.
    pub fn infer_object_type(&mut self, yes: bool) -> &mut Config {
        self.load.infer_object_type = yes;
        self
    }

    /// Whether a schema without `type` that has `properties` is read as an object
    /// ([`Config::infer_object_type`]).
    pub fn infers_object_type(&self) -> bool {
        self.load.infer_object_type
    }

    /// String formats as Rust types (default: yes): `date-time`, `date`, `time` and
    /// `duration` become the runtime's `formats::DateTime`, `Date`, `Time` and `Duration`
    /// (values of the [`Config::time_crate`] that keep their offset and text), `uuid`
    /// becomes `formats::Uuid` and OpenAPI's `byte` `formats::Base64` (the bytes). Each
    /// needs the runtime feature of its crate (`chrono` or `jiff`, `uuid`, `base64`;
    /// bindings say which in one compile error), and those formats are then checked by the
    /// validators whatever [`Config::assert_formats`] says, since the type cannot hold
    /// anything else. Numbers too: `float` becomes `f32`, and an `int32` / `int64` whose
    /// `minimum` is 0 or more `u32` / `u64`.
    pub fn format_types(&mut self, yes: bool) -> &mut Config {
        self.format_types = yes;
        self
    }

    /// The crate of `date-time`, `date`, `time` and `duration` values under
    /// [`Config::format_types`] (default: chrono; see [`TimeCrate`] for why).
    pub fn time_crate(&mut self, time_crate: TimeCrate) -> &mut Config {
        self.time_crate = time_crate;
        self
    }

    /// Forward-compatible string enums (default: no): each gets an `Unknown(String)`
    /// variant, so that a value a newer server adds parses instead of failing, and the
    /// `enum` keyword of those schemas becomes documentation (every other keyword is still
    /// checked). For clients of APIs that grow their enums without a new version.
    pub fn open_enums(&mut self, yes: bool) -> &mut Config {
        self.open_enums = yes;
        self
    }

    /// Fail instead of warning when the definition uses something that is not enforced.
    pub fn strict(&mut self, yes: bool) -> &mut Config {
        self.strict = yes;
        self
    }

    /// Also emit `http::HttpClient`, an implementation of the client trait on `reqwest`
    /// (rustls TLS), gated by `#[cfg(feature = "http")]` (default: no). The consuming crate
    /// declares that feature: `http = ["dep:reqwest"]`, with `reqwest = { version = "0.13",
    /// default-features = false, features = ["rustls"], optional = true }`.
    pub fn http(&mut self, yes: bool) -> &mut Config {
        self.http = yes;
        self
    }

    /// Also emit the server side (default: no), gated by `#[cfg(feature = "server")]`: a
    /// `server::Server` trait with one async method per operation (typed parameters and
    /// body in, the operation's `server::<Op>Answer` out) and an `authorize` hook for the
    /// credentials, `server::router(implementation)` (the runtime's axum router: routing,
    /// parameters in their styles, bodies by media type, validation, the API's error
    /// envelope), and `server::sandbox()`, which answers every operation from the
    /// definition's examples. The consuming crate declares `server =
    /// ["oasbind-runtime/server"]`. Needs the client (`Config::client`), whose parameter
    /// structs and checks it shares.
    pub fn server(&mut self, yes: bool) -> &mut Config {
        self.server = yes;
        self
    }

    /// Also derive `schemars::JsonSchema` (schemars 1.x) for every generated type, with
    /// attributes that carry the definition's constraints and documentation, gated by
    /// `#[cfg_attr(feature = "schemars", ...)]` (default: no). The consuming crate declares
    /// that feature: `schemars = ["dep:schemars"]`, with `schemars = { version = "1",
    /// optional = true }`. See `docs/fidelity.md` for what the derived schemas carry.
    pub fn schemars(&mut self, yes: bool) -> &mut Config {
        self.schemars = yes;
        self
    }

    /// Enforce `format` (date-time, date, time, duration, email, hostname, ipv4, ipv6, uri,
    /// uri-reference, iri, iri-reference, uuid, json-pointer, relative-json-pointer, regex,
    /// uri-template) instead of treating it as an annotation, as the drafts do by default.
    /// Unknown formats are reported as unsupported.
    pub fn assert_formats(&mut self, yes: bool) -> &mut Config {
        self.assert_formats = yes;
        self
    }

    /// Read definitions as JSON Schema documents (the root and its `definitions`/`$defs`
    /// become the definitions), in `draft` unless a document's `$schema` names one
    /// (`None`: 2020-12). Without this, a document with neither `swagger` nor `openapi`
    /// that uses JSON Schema keywords is read as JSON Schema too.
    pub fn json_schema(&mut self, draft: Option<Draft>) -> &mut Config {
        self.load.json_schema = Some(draft.map(Draft::dialect));
        self
    }

    /// Serve `$ref`s to URIs starting with `prefix` (e.g. `http://localhost:1234/`) from the
    /// files under `dir`; oasbind itself never fetches anything over a network.
    pub fn remote(
        &mut self,
        prefix: impl Into<String>,
        dir: impl Into<std::path::PathBuf>,
    ) -> &mut Config {
        self.load.remotes.push((prefix.into(), dir.into()));
        self
    }

    /// Generate only the operations with this tag (repeatable; default: every operation).
    /// With a filter, only the definitions those operations use are generated.
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Config {
        self.tags.push(tag.into());
        self
    }

    /// Generate only this operation, by `operationId` or as `METHOD /path` (repeatable).
    pub fn operation(&mut self, operation: impl Into<String>) -> &mut Config {
        self.operations.push(operation.into());
        self
    }

    /// The path generated code names the runtime crate by (default: `::oasbind_runtime`),
    /// as `prost_build::Config::prost_path` does for prost: for a crate that re-exports the
    /// runtime (`pub use oasbind_runtime as rt;` makes it `crate::rt`) or depends on it
    /// under another name. Every reference of the generated code goes through it.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Config {
        self.runtime_path = path.into();
        self
    }

    /// The operation that issues access tokens (by `operationId`, or as `METHOD /path`):
    /// its request body becomes a `TokenRequest` (built from scopes with `for_scopes`) and
    /// the bindings let a `TokenProvider` call it through any client. Its body needs a
    /// `scope` string and a metadata object, its answer `access_token` and `expires_in`
    /// (RFC 6749 §5.1); a required string header with a message-id name (`MsgId`,
    /// `X-Request-Id`, ...) is filled in per request. Without this setting the generator
    /// looks for such an operation and says in a warning which one it took (see
    /// [`Config::no_token_operation`] to turn this off).
    pub fn token_operation(&mut self, operation: impl Into<String>) -> &mut Config {
        self.token_operation = TokenOperation::Named(operation.into());
        self
    }

    /// No operation issues tokens: no `TokenRequest` and no guess (nor its warning).
    pub fn no_token_operation(&mut self) -> &mut Config {
        self.token_operation = TokenOperation::Off;
        self
    }

    /// How the source is laid out (default: [`Formatter::Oasbind`], oasbind's own printer).
    /// `Formatter::Prettyplease` needs oasbind's `prettyplease` Cargo feature.
    pub fn formatter(&mut self, formatter: Formatter) -> &mut Config {
        self.formatter = formatter;
        self
    }

    /// Puts `attribute` (`#[derive(Hash, Eq)]`, `#[serde(rename_all = "camelCase")]`) on
    /// the generated structs and enums that `path` names: a definition's name as written
    /// in the definition, or the Rust type's name, or `*` for every type. Type aliases take
    /// no attributes. Repeat for several; they are written in the order given, before the
    /// type's own `#[derive]`. A `#[serde(...)]` attribute is left out, with a warning, of
    /// the types whose serde traits come from the runtime rather than serde's derive: the
    /// structs that keep undeclared properties and the string enums.
    pub fn type_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Config {
        self.type_attributes.push((path.into(), attribute.into()));
        self
    }

    /// Puts `attribute` on the struct fields that `path` names: `Type.property`, the type as
    /// for [`Config::type_attribute`] (`*` for every struct), the property by its name in
    /// the definition or the Rust field's name. A struct that keeps undeclared properties
    /// is read and written by the runtime, not serde's derive: a `#[serde(...)]` attribute
    /// of its fields is left out, with a warning.
    pub fn field_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Config {
        self.field_attributes.push((path.into(), attribute.into()));
        self
    }

    /// Derives `traits` (`"Hash, Eq"`, `"::std::hash::Hash"`) on the types `path` names, as
    /// for [`Config::type_attribute`], leaving out those a type already has (string enums
    /// derive `Hash`, `Eq` and `Ord` themselves; every type has `Clone`, `Debug`,
    /// `PartialEq`, `Serialize` and `Deserialize`). The fields must allow it: `Eq` on a type
    /// with an `f64` field does not compile.
    pub fn derive(&mut self, path: impl Into<String>, traits: &str) -> &mut Config {
        self.derives.push((path.into(), traits.to_owned()));
        self
    }

    /// Uses the existing Rust type at `rust_path` (`rust_decimal::Decimal`,
    /// `crate::money::Money`) for the definition named `definition` (as written in the
    /// definition) instead of generating one, as typify's `with_replacement`. The type must
    /// implement `Clone`, `Debug`, `PartialEq`, `Serialize` and `Deserialize`; values are
    /// still validated against the definition's schema (through their JSON form).
    pub fn replace(
        &mut self,
        definition: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> &mut Config {
        self.replacements
            .push((definition.into(), rust_path.into()));
        self
    }

    /// Honours `x-rust-type` extensions that name `krate` (typify's form:
    /// `{"crate": "rust_decimal", "version": "1", "path": "rust_decimal::Decimal"}`): the
    /// schema becomes that type, and the generated code then depends on the crate, which
    /// the consumer adds. An `x-rust-type` naming a crate not allowed is a warning, and the
    /// schema is generated as usual.
    pub fn allow_crate(&mut self, krate: impl Into<String>) -> &mut Config {
        self.crates.push(krate.into());
        self
    }
}
