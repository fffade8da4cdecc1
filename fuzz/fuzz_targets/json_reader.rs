//! The runtime's JSON reader differentially against serde_json on arbitrary text: the tree
//! the diagnosing validators walk reads exactly what serde_json reads, with the same value,
//! and the lean reader of `from_json` never reads a value serde_json would not read the same
//! way (`tests/hostile/src/json_differential.rs`, shared with the bounded property test
//! `tests/hostile/tests/json_reader.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/hostile/src/json_differential.rs"]
mod json_differential;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(disagreement) = json_differential::compare(text) {
        panic!("{disagreement}");
    }
});
