//! A build.rs consumer of the HTTP option: `fixtures/kinds.json` (every kind of parameter
//! and credential) generated with `Config::http(true)` into `$OUT_DIR/kinds.rs`.

fn main() {
    oasbind::Config::new().http(true).compile(&["fixtures/kinds.json"]).expect("the fixture generates");
}
