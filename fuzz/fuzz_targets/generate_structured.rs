//! Random definitions built from the fuzzer's bytes (Swagger 2.0, OpenAPI 3.0/3.1, JSON
//! Schema; every keyword, awkward names, operations, security) through
//! `oasbind::generate_str`, as JSON or YAML: `Ok` or a located `Error`, never a panic, a
//! stack overflow or code that does not parse.
#![no_main]

#[path = "../../tests/hostile/src/arb.rs"]
#[allow(dead_code)]
mod arb;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(case) = arb::case(&mut u) else { return };
    if let Ok(g) = oasbind::generate_str(case.file(), &case.text(), &case.config()) {
        if let Err(e) = syn::parse_file(&g.code) {
            panic!("generated code does not parse: {e}");
        }
    }
});
