//! Writes the injection fixtures (`src/fixture.rs`, hostile) into `$OUT_DIR` and generates
//! them, with the checked-in `fixtures/limits.json` and `fixtures/limits31.yaml`, as a `build.rs` consumer does: with
//! the HTTP client and the schemars derive. `src/lib.rs` includes the output.

#[path = "src/arb.rs"]
#[allow(dead_code)]
mod arb;
#[path = "src/fixture.rs"]
mod fixture;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/fixture.rs");
    println!("cargo:rerun-if-changed=src/arb.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by Cargo"));
    let mut definitions = vec![
        PathBuf::from("fixtures/limits.json"),
        PathBuf::from("fixtures/limits31.yaml"),
    ];
    for (name, text) in fixture::files(fixture::Fill::Hostile) {
        let path = out.join(name);
        oasbind::write_if_changed(&path, &text).expect("the fixture is written");
        definitions.push(path);
    }
    if let Err(e) = oasbind::Config::new()
        .http(true)
        .schemars(true)
        .compile(&definitions)
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
