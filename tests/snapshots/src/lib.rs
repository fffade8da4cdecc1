//! Golden snapshots of oasbind's output: the generated module of each test fixture,
//! checked in as `tests/snapshots/<fixture stem>.rs`, so that a change to the generator
//! shows up in review as a diff of the code it emits (as typify's `typify/tests/*.out`).
//!
//! - **What a snapshot is**: exactly the `code` that `oasbind::generate_file` returns for the
//!   fixture with the settings named on its module below, byte for byte (the `@generated`
//!   header names the definition by file name only, so it is the same on every machine).
//! - **Compiled**: each snapshot is `include!`d into a module of this crate, under
//!   `#![deny(warnings)]`, so `cargo build -p oasbind-snapshots` fails when the generator
//!   emits code that does not compile or warns; `tests/runtime.rs` runs a few of the types.
//! - **Checked**: `tests/snapshots.rs` generates every fixture again and fails on the first
//!   line that differs from the checked-in file.
//! - **Accepting a change**: when the difference is intended, rewrite the files with
//!
//!   ```text
//!   OASBIND_BLESS=1 cargo test -p oasbind-snapshots
//!   ```
//!
//!   and commit them with the change to the generator, reviewing their diff.
//!
//! The snapshots sit beside `src/`, not in it: they are generated, and rustfmt (which does
//! not follow `include!`) leaves them as the generator laid them out.

#![deny(warnings)]
#![forbid(unsafe_code)]

/// `schemas/rakbank/partner_auth.json`, the seed, with
/// `Config::new().token_operation("request_access_token")`.
pub mod partner_auth {
    include!("../partner_auth.rs");
}

/// `tests/fixtures/recursive.json` with the default `Config::new()`: a tree whose nodes
/// refer back to their own type.
pub mod recursive {
    include!("../recursive.rs");
}

/// `tests/fixtures/composition.yaml` with the default `Config::new()`: `allOf`, `oneOf` and
/// `anyOf`, nullable properties, typed answers per status.
pub mod composition {
    include!("../composition.rs");
}

/// `tests/fixtures/awkward_names.json` with the default `Config::new()`: wire names that
/// are Rust keywords, collide, or are not identifiers.
pub mod awkward_names {
    include!("../awkward_names.rs");
}

/// `tests/fixtures/open_enums.yaml` with `Config::new().open_enums(true)`: string enums
/// with an `Unknown(String)` variant.
pub mod open_enums {
    include!("../open_enums.rs");
}

/// `tests/fixtures/attributes.yaml` with
/// `Config::new().derive("*", "Hash, Eq").derive("colour", "PartialOrd, Ord")
/// .type_attribute("Point", "#[must_use]")
/// .type_attribute("Size", r#"#[serde(expecting = "a size: a number or a name")]"#)
/// .field_attribute("Point.label", r#"#[serde(alias = "name")]"#)`.
pub mod attributes {
    include!("../attributes.rs");
}

/// `tests/fixtures/formats.yaml` with `Config::new()`: string formats as the runtime's types.
pub mod formats {
    include!("../formats.rs");
}
