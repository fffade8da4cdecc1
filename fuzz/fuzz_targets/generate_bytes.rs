//! Arbitrary bytes through `oasbind::generate_str`, named `.json` and `.yaml`: the
//! loader and the generator must return `Ok` or a located `Error`, never panic, overflow
//! the stack or emit code that does not parse as Rust.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the settings (each bit one setting that changes what is
    // emitted; a definition's own first byte, `{` or a letter, gives a lenient run with
    // the server), so the corpus explores them too; the second, the time crate.
    let flags = data.first().copied().unwrap_or(0);
    let mut config = oasbind::Config::new();
    config
        .http(flags & 1 != 0)
        .schemars(flags & 2 != 0)
        .infer_object_type(flags & 4 == 0)
        .strict(flags & 8 == 0)
        .server(flags & 16 != 0)
        .assert_formats(flags & 32 != 0)
        .open_enums(flags & 64 != 0)
        .format_types(flags & 128 == 0);
    if data.get(1).is_some_and(|b| b & 1 != 0) {
        config.time_crate(oasbind::TimeCrate::Jiff);
    }
    for file in ["fuzz.json", "fuzz.yaml"] {
        if let Ok(g) = oasbind::generate_str(file, text, &config) {
            if let Err(e) = syn::parse_file(&g.code) {
                panic!("generated code does not parse: {e}");
            }
        }
    }
});
