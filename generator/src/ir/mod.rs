//! The intermediate representation: what an API definition means, independent of its dialect.
//!
//! Architecture invariant: nothing here knows about Swagger 2.0 or OpenAPI 3 spellings, and
//! nothing here depends on `syn`. Front ends in [`crate::load`] build an [`Api`]; the model
//! stage ([`crate::model`]) decides what Rust it becomes.

pub mod api;
pub mod filter;
pub mod keyword;
pub mod schema;
pub mod split;

pub use api::*;
pub use keyword::Keyword;
pub use schema::*;

/// A loaded API definition.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// The file it was loaded from, as the user named it.
    pub source: String,
    /// Every file read to load it (for `cargo:rerun-if-changed`).
    pub files: Vec<std::path::PathBuf>,
    /// `info`
    pub info: Info,
    /// Servers, the default first.
    pub servers: Vec<Server>,
    /// Declared security schemes, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Every schema met while loading.
    pub schemas: Schemas,
    /// Named schemas, in document order.
    pub definitions: Vec<Definition>,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// Problems that do not stop generation (unsupported keywords), in document order.
    pub warnings: Vec<crate::error::Diagnostic>,
}
