//! What every API that [oasbind](https://example.invalid/oasbind) generates shares: one
//! dependency for bindings of any number of definitions.
//!
//! Generated bindings hold only what their definition says (types, validators, operations,
//! the client trait and its HTTP implementation); they call this crate for the rest, so
//! that two APIs in one application share one error type, one secret type and one token
//! source, and a fix here reaches every binding with `cargo update`:
//!
//! - [`Violation`]s and [`Violations`]: what a validator reports, with JSON pointers; the
//!   [`Validate`] trait every generated type implements (`T::from_json`);
//! - [`Secret`]: a credential that no `Debug` output shows;
//! - [`ClientError`]: why a call of any generated API failed; a documented error answer
//!   keeps its API's type ([`ApiError`], [`ClientError::api_body`]);
//! - [`Response`]: an answer as a transport received it, what generated `parse_*_response`
//!   functions read; [`WithHeaders`]: a body and its documented headers; [`multipart`]:
//!   the files and forms of `multipart/form-data` bodies; [`formats`]: the types of string
//!   formats;
//! - OAuth 2.0 scopes ([`OAuthScope`], [`TokenRequest`]) and access tokens: the
//!   [`TokenSource`] every generated `HttpClient` takes for its bearer- and OAuth-secured
//!   operations, and the [`TokenProvider`] that gets them from an API's token operation;
//! - with the `http` feature, the transport of generated `HttpClient`s ([`http`]) and the
//!   RFC 6749 client-credentials token source ([`http::ClientCredentials`]);
//! - with the `derive` feature, the `#[scopes]` attribute ([`scopes`]); with `schemars`,
//!   the `JsonSchema` derives of generated types.
//!
//! ```
//! # fn handle(error: oasbind_runtime::ClientError) {
//! use oasbind_runtime::ClientError;
//! // One handler for the errors of every generated API.
//! match error {
//!     ClientError::InvalidRequest(violations) => {
//!         for v in &violations {
//!             eprintln!("not sent: {v}");
//!         }
//!     }
//!     ClientError::Api { status, body } => eprintln!("the API said {status}: {body:?}"),
//!     other => eprintln!("{other}"),
//! }
//! # }
//! ```
//!
//! Generated code names this crate by one path, `::oasbind_runtime` unless the generator's
//! `Config::runtime_path` says otherwise, and states the version it needs: bindings from a
//! generator of another minor version fail to compile with one error that names both.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod check;
mod client;
mod de;
pub mod formats;
mod json;
mod loose;
pub mod multipart;
#[cfg_attr(not(feature = "http"), allow(dead_code))]
mod params;
mod response;
mod scope;
mod secret;
mod ser;
#[cfg(feature = "server")]
pub mod server;
mod text;
mod token;
mod untagged;
mod validate;
mod violation;

#[cfg(feature = "http")]
pub mod http;

pub use client::{ApiError, BoxFuture, ClientError};
pub use loose::Loose;
pub use response::{Response, WithHeaders};
pub use scope::{
    check_scopes, MetadataField, MissingMetadata, OAuthScope, ScopeRequestError, TokenMetadata,
    TokenRequest, UnknownScope,
};
pub use secret::{is_secret_name, Secret};
pub use token::{
    new_message_id, AccessToken, IssuedToken, SharedTokenSource, TokenCall, TokenCallFuture,
    TokenError, TokenProvider, TokenSource, DEFAULT_SKEW,
};
pub use validate::Validate;
pub use violation::{ErrorEnvelope, Violation, Violations};

/// `#[scopes(metadata = ...)]` on an enum of OAuth scopes: see `oasbind-derive`.
#[cfg(feature = "derive")]
pub use oasbind_derive::scopes;

/// schemars, for the `JsonSchema` derives of generated types (which name it through this
/// crate, so that the consumer needs no schemars dependency of its own).
#[cfg(feature = "schemars")]
pub use schemars;

/// The version of this crate that generated code checks, as `"major.minor"` (`"0.x"` for
/// 0.x versions, whose minor versions are incompatible).
pub const VERSION: &str = "0.1";

/// What generated code calls: not a stable API. Everything in it may change with any
/// release; generated code states the version it needs with
/// [`__require_runtime!`](crate::__require_runtime).
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    /// Everything the generated validators, types and operations call, under one name.
    pub mod check {
        pub use crate::check::*;
        pub use crate::client::{
            api_answer, api_error, bytes_body, check_part, parse_body, parse_typed, text_body,
            unexpected_status,
        };
        pub use crate::de::{deserialize_present, deserialize_wire, unit_variant};
        pub use crate::response::{header, invalid_headers, required_header, with_headers};
        pub use crate::validate::{Nullable, Schema};
    }

    /// The helpers `__struct!` expands to calls of.
    pub mod de {
        pub use crate::de::{
            debug_struct, deny_property, deserialize_struct, keep_property, read_field,
            read_present, ReadMap,
        };
    }

    /// The helpers `__untagged!` expands to calls of.
    pub mod untagged {
        pub use crate::json::replay::buffer;
        pub use crate::untagged::{alternative, no_alternative};
    }

    /// What `__struct!`'s `Serialize` writes through.
    pub mod ser {
        pub use crate::ser::Object;
    }
}

/// Checks, at compile time, that this crate was built with its `idn` feature, which the
/// IDNA2008 formats need: bindings that assert `hostname`, `idn-hostname` or `idn-email`
/// start with `__require_idn!();`.
#[cfg(feature = "idn")]
#[doc(hidden)]
#[macro_export]
macro_rules! __require_idn {
    () => {};
}

/// Checks, at compile time, that this crate was built with its `idn` feature, which the
/// IDNA2008 formats need: bindings that assert `hostname`, `idn-hostname` or `idn-email`
/// start with `__require_idn!();`.
#[cfg(not(feature = "idn"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __require_idn {
    () => {
        ::core::compile_error!(
            "these bindings assert an IDNA format (hostname, idn-hostname or idn-email): enable oasbind-runtime's `idn` feature"
        );
    };
}

/// The `__require_<feature>!()` macros of the format types: bindings whose definition uses a
/// format that becomes a type of [`formats`] start with the one of its feature, which
/// expands to nothing with the feature and to one `compile_error!` naming it without.
macro_rules! require_feature {
    ($($feature:literal, $name:ident, $formats:literal;)*) => {$(
        #[cfg(feature = $feature)]
        #[doc(hidden)]
        #[macro_export]
        macro_rules! $name {
            () => {};
        }

        #[cfg(not(feature = $feature))]
        #[doc(hidden)]
        #[macro_export]
        macro_rules! $name {
            () => {
                ::core::compile_error!(concat!(
                    "these bindings hold ", $formats, " values as Rust types: enable oasbind-runtime's `",
                    $feature, "` feature"
                ));
            };
        }
    )*};
}

require_feature! {
    "chrono", __require_chrono, "date-time, date or time";
    "uuid", __require_uuid, "uuid";
    "base64", __require_base64, "byte (base64)";
    "jiff", __require_jiff, "date-time, date, time or duration";
}

/// Checks, at compile time, that generated code and this crate agree on the version:
/// `__require_runtime!("0.1");` expands to nothing here, any other version to one
/// `compile_error!` naming both.
#[doc(hidden)]
#[macro_export]
macro_rules! __require_runtime {
    ("0.1") => {};
    ($needed:literal) => {
        ::core::compile_error!(::core::concat!(
            "these bindings need oasbind-runtime ",
            $needed,
            ", but this build uses oasbind-runtime 0.1: regenerate them or change the dependency"
        ));
    };
}
