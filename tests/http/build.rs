//! A build.rs consumer of the HTTP option: `fixtures/kinds.json` (every kind of parameter
//! and credential) and the parameter styles of both dialects (`fixtures/styles*.yaml`),
//! generated with `Config::http(true)` into `$OUT_DIR`.

fn main() {
    oasbind::Config::new().http(true).compile(&["fixtures/kinds.json", "fixtures/styles.yaml", "fixtures/styles_swagger2.yaml"]).expect("the fixture generates");
}
