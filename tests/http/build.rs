//! A build.rs consumer of the HTTP option: `fixtures/kinds.json` (every kind of parameter
//! and credential) and the parameter styles of both dialects (`fixtures/styles*.yaml`),
//! generated with `Config::http(true)` into `$OUT_DIR`; and `../fixtures/secrets.yaml`.

fn main() {
    oasbind::Config::new().http(true).compile(&["fixtures/kinds.json", "fixtures/styles.yaml", "fixtures/styles_swagger2.yaml"]).expect("the fixture generates");
    // The secrets fixture of `tests/`, as `tests/build.rs` generates it, with the HTTP client.
    oasbind::Config::new()
        .http(true)
        .secret_field("nickname")
        .assert_formats(true)
        .compile(&["../fixtures/secrets.yaml"])
        .expect("the secrets fixture generates");
}
