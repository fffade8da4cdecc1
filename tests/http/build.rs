//! A build.rs consumer of the HTTP option: `fixtures/kinds.json` (every kind of parameter
//! and credential), `fixtures/documents.yaml` (multipart, text and binary bodies, response
//! headers) and the parameter styles of both dialects (`fixtures/styles*.yaml`),
//! generated with `Config::http(true)` into `$OUT_DIR`; and `../fixtures/secrets.yaml`.

fn main() {
    oasbind::Config::new()
        .http(true)
        .server(true)
        .compile(&[
            "fixtures/kinds.json",
            "fixtures/documents.yaml",
            "fixtures/styles.yaml",
            "fixtures/styles_swagger2.yaml",
        ])
        .expect("the fixture generates");
    // The secrets fixture of `tests/`, as `tests/build.rs` generates it, with the HTTP client.
    oasbind::Config::new()
        .http(true)
        .server(true)
        .secret_field("nickname")
        .assert_formats(true)
        .format_types(false)
        .compile(&["../fixtures/secrets.yaml"])
        .expect("the secrets fixture generates");
    // Hygiene: definitions named after every capital letter and every name the generated
    // code uses (`tests/fixtures/hygiene.json`), with the HTTP client compiled.
    oasbind::Config::new()
        .http(true)
        .server(true)
        .token_operation("issue")
        .compile(&["../fixtures/hygiene.json"])
        .expect("the hygiene fixture generates");
    // A consumer that includes its bindings in a private module (`src/lib.rs`): the
    // petstore of the shared test data, copied here so that the crate stands alone.
    oasbind::Config::new()
        .http(true)
        .server(true)
        .compile(&["../fixtures/petstore-expanded.yaml"])
        .expect("the petstore generates");
    // A second API whose operations are bearer-secured, for one application with two
    // generated APIs (`tests/two_apis.rs`).
    oasbind::Config::new()
        .http(true)
        .server(true)
        .compile(&["../fixtures/accounts.yaml"])
        .expect("the accounts API generates");
}
