//! Generates the bindings of the benchmark's catalog schema (a JSON Schema document).

fn main() {
    let result = oasbind::Config::new()
        .client(false)
        .json_schema(None)
        .compile(&["schemas/catalog.json"]);
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
