//! A consumer of the build.rs API: the seed and the fixtures are generated into `OUT_DIR`
//! and `include!`d by `src/lib.rs`.

fn main() {
    let definitions = [
        "../schemas/rakbank/partner_auth.json",
        "../schemas/rakbank/partner_auth.oas30.yaml",
        "../schemas/rakbank/partner_auth.oas31.yaml",
        "fixtures/recursive.json",
        "fixtures/awkward_names.json",
        "fixtures/composition.yaml",
        "fixtures/multi_file/main.yaml",
    ];
    if let Err(e) = oasbind::Config::new().compile(&definitions) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
