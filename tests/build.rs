//! A consumer of the build.rs API: the seed and the fixtures are generated into `OUT_DIR`
//! and `include!`d by `src/lib.rs`.

fn main() {
    // The seed in its three dialects, with its token operation named (not guessed).
    let seed = [
        "../schemas/rakbank/partner_auth.json",
        "../schemas/rakbank/partner_auth.oas30.yaml",
        "../schemas/rakbank/partner_auth.oas31.yaml",
    ];
    if let Err(e) = oasbind::Config::new()
        .token_operation("request_access_token")
        .compile(&seed)
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    let definitions = [
        "fixtures/recursive.json",
        "fixtures/awkward_names.json",
        "fixtures/composition.yaml",
        "fixtures/multi_file/main.yaml",
        "fixtures/shared_parameters.yaml",
        "fixtures/swagger_files/swagger_files.yaml",
    ];
    if let Err(e) = oasbind::Config::new().compile(&definitions) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    // Secrets: one property marked by name only, by `Config::secret_field`; formats asserted,
    // so that their messages are checked too, and kept as strings, so that serde reads the
    // invalid values whose `Debug` the tests look at.
    if let Err(e) = oasbind::Config::new()
        .secret_field("nickname")
        .assert_formats(true)
        .format_types(false)
        .compile(&["fixtures/secrets.yaml"])
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    // A token answer whose `expires_in` is unsigned (`u64`).
    if let Err(e) = oasbind::Config::new()
        .token_operation("request_access_token")
        .compile(&["fixtures/token_unsigned.yaml"])
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    // String formats as Rust types (`Config::format_types`).
    if let Err(e) = oasbind::Config::new()
        .format_types(true)
        .compile(&["fixtures/formats.yaml"])
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    // The same definition with forward-compatible enums and without.
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("set by Cargo"));
    for (open, name) in [(true, "open_enums.rs"), (false, "closed_enums.rs")] {
        let generated = oasbind::generate_file(
            "fixtures/open_enums.yaml",
            oasbind::Config::new().open_enums(open),
        );
        match generated {
            Ok(g) => std::fs::write(out.join(name), g.code).expect("OUT_DIR is writable"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("cargo:rerun-if-changed=fixtures/open_enums.yaml");
    // The formats again, as jiff values (`Config::time_crate`).
    let jiff = oasbind::generate_file(
        "fixtures/formats.yaml",
        oasbind::Config::new().time_crate(oasbind::TimeCrate::Jiff),
    );
    match jiff {
        Ok(g) => std::fs::write(out.join("formats_jiff.rs"), g.code).expect("OUT_DIR is writable"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
    // Attributes and derives the settings add (`Config::type_attribute`, `derive`,
    // `field_attribute`), by definition name, Rust name and `*`.
    let attributes = oasbind::Config::new()
        .derive("*", "Hash, Eq")
        .derive("colour", "PartialOrd, Ord")
        .type_attribute("Point", "#[must_use]")
        .type_attribute(
            "Size",
            r#"#[serde(expecting = "a size: a number or a name")]"#,
        )
        .field_attribute("Point.label", r#"#[serde(alias = "name")]"#)
        .compile(&["fixtures/attributes.yaml"]);
    if let Err(e) = attributes {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    // Existing Rust types for schemas: a definition replaced by this crate's `Money`
    // (`Config::replace`), and `x-rust-type` naming an allowed crate (`Config::allow_crate`).
    let replacements = oasbind::Config::new()
        .replace("Money", "crate::money::Money")
        .allow_crate("serde_json")
        .compile(&["fixtures/replacements.yaml"]);
    if let Err(e) = replacements {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    // The runtime through a re-export of this crate (`Config::runtime_path`).
    let generated = oasbind::generate_file(
        "fixtures/recursive.json",
        oasbind::Config::new().runtime_path("crate::rt"),
    );
    match generated {
        Ok(g) => std::fs::write(out.join("recursive_rt.rs"), g.code).expect("OUT_DIR is writable"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
    // Hygiene: definitions named after every capital letter and every name the generated
    // code or the runtime uses, as open objects (with a token operation), as unions and as
    // open enums.
    let hygiene = oasbind::Config::new()
        .token_operation("issue")
        .compile(&["fixtures/hygiene.json"]);
    let unions = oasbind::Config::new().compile(&["fixtures/hygiene_unions.json"]);
    let enums = oasbind::Config::new()
        .open_enums(true)
        .compile(&["fixtures/hygiene_enums.json"]);
    if let Err(e) = hygiene.and(unions).and(enums) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
