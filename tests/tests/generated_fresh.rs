//! `generated/` is produced by the CLI and never edited by hand: this test regenerates it
//! in memory and fails when the checked-in file is stale. `OASBIND_BLESS=1` rewrites it.
//!
//! The checked-in file doubles as the snapshot of the seed module: a change to the
//! generator shows up as a reviewable diff of `generated/src/partner_auth.rs`.

use std::path::Path;

#[test]
fn generated_crate_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = root.join("schemas/rakbank/partner_auth.json");
    let file = root.join("generated/src/partner_auth.rs");
    // Generate as the CLI would from the repository root (the header names the file only),
    // with the README's flags: `--http --server --schemars --token-operation request_access_token`.
    let generated = oasbind::generate_file(
        &spec,
        oasbind::Config::new()
            .http(true)
            .server(true)
            .schemars(true)
            .token_operation("request_access_token"),
    )
    .expect("the seed generates");
    let current = std::fs::read_to_string(&file).unwrap_or_default();
    if current == generated.code {
        return;
    }
    if std::env::var_os("OASBIND_BLESS").is_some() {
        std::fs::write(&file, &generated.code).unwrap();
        return;
    }
    panic!(
        "generated/src/partner_auth.rs is stale; run\n  cargo run -p oasbind-cli -- generate schemas/rakbank/partner_auth.json --http --server --schemars --token-operation request_access_token -o generated/src/partner_auth.rs\nand commit the result"
    );
}

#[test]
fn the_seed_generates_without_warnings() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/rakbank/partner_auth.json");
    let generated = oasbind::generate_file(
        &spec,
        oasbind::Config::new()
            .strict(true)
            .token_operation("request_access_token"),
    )
    .expect("strict generation");
    assert!(generated.warnings.is_empty());
    // Without the setting, the token operation is guessed, and strict generation says so.
    let error = oasbind::generate_file(&spec, oasbind::Config::new().strict(true))
        .unwrap_err()
        .to_string();
    assert!(error.contains("guessed that operation `request_access_token` (POST /partner_auth/token) issues access tokens"), "{error}");
    assert!(
        error.contains("Config::token_operation(\"request_access_token\")"),
        "{error}"
    );
}
