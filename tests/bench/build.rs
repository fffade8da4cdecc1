//! Generates the bindings of the benchmark's catalog schema (a JSON Schema document), and
//! of one string schema per pattern for the pattern benchmark (`benches/patterns.rs`): the
//! adversarial patterns it names and every pattern of the real-world corpus
//! (`schemas/corpus-patterns.json`).

use std::path::Path;

/// Patterns that backtracking engines take exponential or quadratic time on.
const ADVERSARIAL: &[&str] = &[
    "^(a+)+$",
    "(x+x+)+y",
    "^(a|a)*$",
    "^(\\w+\\s?)*$",
    // Lookaround and backreferences: the backtracking engine's budget.
    "^(?:a(?=a*x))*$",
    "(?=(a+)+$)b",
    "^(a|a)*\\1b",
    "^(?=.*[A-Z])(?=.*\\d).{8,}$",
    // The slowest steps: a set of many ranges, and backreferences that compare long texts.
    "^(?:\\p{L}(?=\\p{L}*x))*$",
    "^(a*)(?:\\1)*b",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let result = oasbind::Config::new()
        .client(false)
        .json_schema(None)
        .compile(&["schemas/catalog.json"]);
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }

    println!("cargo:rerun-if-changed=schemas/corpus-patterns.json");
    let corpus: Vec<String> = serde_json::from_str(
        &std::fs::read_to_string("schemas/corpus-patterns.json").expect("the corpus patterns"),
    )
    .expect("a JSON array of strings");
    let cases: Vec<(String, &str)> = ADVERSARIAL
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("adversarial_{i}"), *p))
        .chain(
            corpus
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("corpus_{i}"), p.as_str())),
        )
        .collect();
    let defs: serde_json::Map<String, serde_json::Value> = cases
        .iter()
        .map(|(name, p)| {
            (
                name.clone(),
                serde_json::json!({"type": "string", "pattern": p}),
            )
        })
        .collect();
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
    });
    let path = Path::new(&out).join("patterns.json");
    std::fs::write(&path, serde_json::to_string_pretty(&schema).expect("JSON"))
        .expect("write the pattern schema");
    let result = oasbind::Config::new()
        .client(false)
        .json_schema(None)
        .compile(&[&path]);
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    let index: Vec<String> = cases
        .iter()
        .map(|(name, p)| format!("({name:?}, {p:?}),"))
        .collect();
    std::fs::write(
        Path::new(&out).join("pattern_cases.rs"),
        format!("&[\n{}\n]\n", index.join("\n")),
    )
    .expect("write the pattern index");
}
