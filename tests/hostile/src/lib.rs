//! Hostile input (issue 6): the fixtures the tests in `tests/` compile and run against.
//!
//! - [`injection_swagger`] and [`injection_openapi`]: bindings generated (by `build.rs`)
//!   from definitions whose every string is a payload ([`fixture`]); that this crate
//!   compiles under `#![deny(warnings)]`, and that `cargo test --doc` finds no doctest
//!   in them, is part of the proof that the payloads stayed data.
//! - [`limits`] and [`limits31`]: recursive and bounded types for the resource-limit tests of `from_json`.
//! - [`arb`]: random definitions from bytes, for the fuzz harness (`tests/fuzz.rs`) and
//!   the cargo-fuzz target (`fuzz/`).
//! - [`json_differential`]: the runtime's JSON reader against serde_json, for
//!   `tests/json_reader.rs` and the cargo-fuzz target `json_reader`.

#![deny(warnings)]

pub mod arb;
pub mod fixture;
pub mod json_differential;

/// Bindings of `fixtures/limits.json`.
pub mod limits {
    include!(concat!(env!("OUT_DIR"), "/limits.rs"));
}

/// Bindings of `fixtures/limits31.yaml` (`unevaluatedProperties`, `unevaluatedItems`).
pub mod limits31 {
    include!(concat!(env!("OUT_DIR"), "/limits31.rs"));
}

/// Bindings of the hostile Swagger 2.0 fixture ([`fixture::swagger2`]).
pub mod injection_swagger {
    include!(concat!(env!("OUT_DIR"), "/injection_swagger.rs"));
}

/// Bindings of the hostile OpenAPI 3.1 fixture ([`fixture::openapi31`]).
pub mod injection_openapi {
    include!(concat!(env!("OUT_DIR"), "/injection_openapi.rs"));
}
