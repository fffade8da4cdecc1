//! A consumer of the build.rs API: the seed and the fixtures are generated into `OUT_DIR`
//! and `include!`d by `src/lib.rs`.

fn main() {
    let definitions = [
        "../schemas/rakbank/partner_auth.json",
        "fixtures/recursive.json",
        "fixtures/awkward_names.json",
    ];
    if let Err(e) = oasbind::Config::new().compile(&definitions) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
