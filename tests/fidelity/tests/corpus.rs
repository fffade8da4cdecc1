//! The heavy run of the fidelity checker, and the one command that writes `docs/fidelity.md`:
//!
//! ```text
//! OASBIND_BLESS=1 cargo test -p oasbind-fidelity-tests --test corpus -- --ignored
//! ```
//!
//! It checks every definition under `specs/features/` of the shared test data, and the
//! JSON Schema Test Suite groups the generator accepts (draft 2020-12 cases inside an
//! OpenAPI 3.1 document, draft 4 cases inside a Swagger 2.0 one; each case schema both as a
//! definition of its own and as the required property `value` of an object), all compiled in
//! one scratch crate. It fails when a difference is not one of the documented limitations,
//! when a generated module does not compile, or (without `OASBIND_BLESS`) when
//! `docs/fidelity.md` is not what the run produces.
//!
//! The test data is found through one setting: `OASBIND_TESTDATA`, by default
//! `../shared/testdata` relative to the repository root. Without it the test says so on
//! the terminal and passes, except in CI (`CI=true`), where it fails.

use oasbind_fidelity::{self as fidelity, Prepared};
use oasbind_test_support as support;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// JSON Schema Test Suite groups: the keywords a generated type can describe, without
/// `$ref`s into the test file (`ref`, `defs`, `anchor`, ... are about references, not types).
const GROUPS: &[&str] = &[
    "additionalProperties",
    "allOf",
    "anyOf",
    "boolean_schema",
    "const",
    "contains",
    "default",
    "dependentRequired",
    "dependencies",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
    "if-then-else",
    "items",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "oneOf",
    "pattern",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyNames",
    "required",
    "type",
    "uniqueItems",
];

/// Keys that make a case schema depend on where it is written.
const POSITIONAL: &[&str] = &[
    "$ref",
    "$id",
    "$defs",
    "definitions",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
];

fn positional(v: &Value) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| POSITIONAL.contains(&k.as_str()) || positional(v)),
        Value::Array(a) => a.iter().any(positional),
        _ => false,
    }
}

/// A definition document holding the cases, in the dialect of the suite's draft.
fn document(draft: &str, cases: &[(usize, Value)]) -> Value {
    let mut schemas = serde_json::Map::new();
    for (i, schema) in cases {
        schemas.insert(format!("case{i}"), schema.clone());
        schemas.insert(
            format!("case{i}_field"),
            json!({"type": "object", "properties": {"value": schema}, "required": ["value"]}),
        );
    }
    let info = json!({"title": "JSON Schema Test Suite", "version": "1"});
    if draft == "draft4" {
        json!({"swagger": "2.0", "info": info, "paths": {}, "definitions": schemas})
    } else {
        json!({"openapi": "3.1.0", "info": info, "paths": {}, "components": {"schemas": schemas}})
    }
}

fn suite(dir: &Path, out: &mut Vec<Prepared>, cases_checked: &mut usize) {
    let config = oasbind::Config::new();
    for draft in ["draft2020-12", "draft4"] {
        for group in GROUPS {
            let path = dir.join(format!("tests/{draft}/{group}.json"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let groups: Vec<Value> = serde_json::from_str(&text).expect("the suite is JSON");
            let cases: Vec<(usize, Value)> = groups
                .iter()
                .enumerate()
                .filter_map(|(i, g)| {
                    let mut schema = g.get("schema")?.clone();
                    // The draft is the document's dialect.
                    if let Some(m) = schema.as_object_mut() {
                        m.remove("$schema");
                    }
                    Some((i, schema))
                })
                .filter(|(_, s)| !positional(s))
                .collect();
            let name = format!("json-schema-test-suite/tests/{draft}/{group}.json");
            let whole = serde_json::to_string(&document(draft, &cases)).unwrap();
            match fidelity::prepare_str(&name, &whole, &config) {
                Ok(p) => {
                    *cases_checked += cases.len();
                    out.push(p);
                }
                // One case the generator does not accept: keep the others.
                Err(_) => {
                    for case in &cases {
                        let one =
                            serde_json::to_string(&document(draft, std::slice::from_ref(case)))
                                .unwrap();
                        if let Ok(p) =
                            fidelity::prepare_str(&format!("{name}#{}", case.0), &one, &config)
                        {
                            *cases_checked += 1;
                            out.push(p);
                        }
                    }
                }
            }
        }
    }
}

fn features(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
#[ignore = "heavy: compiles the whole corpus; run with --ignored (see the module docs)"]
fn fidelity_over_the_corpus() {
    let Some(specs) = support::testdata("fidelity corpus", "specs/features") else {
        return;
    };
    let data = support::testdata_root();
    let config = oasbind::Config::new();
    let mut prepared = Vec::new();
    let mut not_generated = Vec::new();
    let feature_files = features(&specs);
    for file in &feature_files {
        match fidelity::prepare_file(file, &config) {
            Ok(p) => prepared.push(p),
            Err(e) => not_generated.push(format!("{}: {e}", file.display())),
        }
    }
    let mut cases = 0;
    if let Some(suite_dir) = support::testdata(
        "fidelity corpus: the JSON Schema Test Suite part",
        "json-schema-test-suite",
    ) {
        suite(&suite_dir, &mut prepared, &mut cases);
    }
    let scratch =
        fidelity::Scratch::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("oasbind-fidelity"))
            .lockfile(root().join("Cargo.lock"));
    let report = fidelity::check_prepared(&prepared, &scratch).expect("the checker runs");
    print!("{}", report.text());

    let inputs = format!(
        "the {} definitions under `specs/features/` of the shared test data, and {} case schemas \
         from {} groups of the JSON Schema Test Suite (draft 2020-12 and draft 4; cases that use \
         `$ref`, `$id` or `$defs` are left out), each as a definition and as a required property",
        feature_files.len(),
        cases,
        GROUPS.len()
    );
    let mut markdown = report.markdown(&inputs, &data);
    if !not_generated.is_empty() {
        markdown.push_str("\n## Definitions that do not generate\n\n");
        for n in &not_generated {
            markdown.push_str(&format!(
                "- {}\n",
                n.replace(&format!("{}/", data.display()), "")
            ));
        }
    }
    if let Err(stale) = support::check_report(
        "docs/fidelity.md",
        &markdown,
        "cargo test -p oasbind-fidelity-tests --test corpus -- --ignored",
    ) {
        panic!("{stale}");
    }
    let errors: Vec<_> = report.errors().collect();
    assert!(
        errors.is_empty(),
        "modules that do not compile: {errors:#?}"
    );
    let unexplained: Vec<String> = report
        .unexplained()
        .map(|d| d.difference.to_string())
        .collect();
    assert!(
        unexplained.is_empty(),
        "differences no limitation explains:\n{}",
        unexplained.join("\n")
    );
}
