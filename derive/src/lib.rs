//! `#[scopes]`: declare the OAuth 2.0 scopes of an oasbind-generated API as a Rust enum,
//! checked at compile time.
//!
//! Each variant is one scope: its token on the wire, and the fields of the API's metadata type
//! (for the partner authentication API, `OauthMetadata`) that a token request for it must
//! carry. The macro implements oasbind-runtime's `OAuthScope` trait for the enum, so it plugs
//! into `TokenRequest::for_scopes` (and the `TokenProvider`), which checks the metadata before
//! anything is sent. oasbind-runtime re-exports it as `oasbind_runtime::scopes` (feature
//! `derive`), so that one dependency is enough.
//!
//! ```
//! use oasbind_runtime::{ScopeRequestError, TokenRequest};
//! use partner_auth::{AccessTokenRequest, OauthMetadata};
//!
//! #[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
//! #[derive(PartialOrd, Ord)]
//! pub enum Scope {
//!     /// Read the partner's accounts.
//!     #[scope("accounts", requires(account_id))]
//!     Accounts,
//!     #[scope("kyc", requires(emirates_id))]
//!     Kyc,
//!     #[scope("payments", requires(account_id, emirates_id))]
//!     Payments,
//!     #[scope("fx-rates")]
//!     FxRates,
//! }
//!
//! assert_eq!(Scope::Payments.as_str(), "payments");
//! assert_eq!(Scope::Payments.required_metadata(), ["account_id", "emirates_id"]);
//! assert_eq!("fx-rates".parse::<Scope>(), Ok(Scope::FxRates));
//!
//! let metadata = OauthMetadata {
//!     account_id: Some("0188000049916".into()),
//!     ..OauthMetadata::default()
//! };
//! let request = AccessTokenRequest::for_scopes(&[Scope::Accounts, Scope::FxRates], Some(metadata.clone()))?;
//! assert_eq!(request.scope, "accounts fx-rates");
//!
//! // `payments` also needs `emirates_id`: caught before any request is sent.
//! let err = AccessTokenRequest::for_scopes(&[Scope::Payments], Some(metadata)).unwrap_err();
//! assert!(matches!(err, ScopeRequestError::MissingMetadata(m) if m.missing == [("payments", "emirates_id")]));
//! # Ok::<(), ScopeRequestError>(())
//! ```
//!
//! # Grammar
//!
//! On the enum, `#[scopes(metadata = <path>, crate = <path>)]`:
//!
//! - `metadata = <path>` (required): the metadata type whose fields scopes require.
//! - `crate = <path>` (optional): where oasbind-runtime is, which declares the seam
//!   (`OAuthScope`, `MetadataField`, `MissingMetadata`, `UnknownScope`, `check_scopes`);
//!   `::oasbind_runtime` by default. Set it when the runtime is re-exported (`crate =
//!   my_api::rt`) or renamed, as the generator's `Config::runtime_path` is.
//!
//! On every variant, `#[scope("token")]` or `#[scope("token", requires(field, ...))]`: the
//! token is an RFC 6749 `scope-token`; each field is a field of the metadata type (a raw
//! identifier such as `r#type` has the wire name `type`). Variants are unit variants.
//!
//! # What it generates
//!
//! The enum, deriving `Clone`, `Copy`, `Debug`, `PartialEq`, `Eq` and `Hash` (don't derive
//! them yourself; other derives are fine), with:
//!
//! - inherent `ALL`, `as_str`, `required_metadata`, `missing_metadata` (a field counts as
//!   present when `MetadataField::is_present` says so) and `check_metadata` (over a set of
//!   scopes, each missing field reported once);
//! - `impl OAuthScope`, `Display` (the token), `FromStr` (`Err = UnknownScope`), and
//!   `serde::Serialize`/`Deserialize` as the token string (the user's crate depends on
//!   `serde`).
//!
//! Mistakes are compile errors at the offending token: a field the metadata type lacks, a
//! duplicate token, a token that is not an RFC 6749 `scope-token`, a variant without
//! `#[scope]` or with fields, an unknown key, a missing `metadata`, a duplicate field.
//!
//! Put `#[scopes]` above the enum's `#[derive(...)]`s.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro::TokenStream;

/// Declares the OAuth scopes of an API: see the [crate documentation](crate).
///
/// ```text
/// #[scopes(metadata = <path> [, crate = <path>])]
/// enum Name {
///     #[scope("token" [, requires(field, ...)])]
///     Variant,
///     ...
/// }
/// ```
#[proc_macro_attribute]
pub fn scopes(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::scopes(args.into(), input.into()).into()
}
