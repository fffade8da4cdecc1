//! Reading JSON text: the lean reader ([`lean`]) that deserializes straight into a generated
//! type, and the tree ([`Json`]) the diagnosing validators walk, with the [`Path`] of the
//! value being checked.
//!
//! Both accept exactly what `serde_json` accepts, with the same values: the differential
//! tests (`tests/json_reader.rs` and the `json_reader` cargo-fuzz target) hold them to it.

pub mod lean;
pub(crate) mod replay;
mod tree;

pub use tree::{Json, Key, Object, Path};
