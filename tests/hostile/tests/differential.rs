//! Differential testing of the generated validators against the `jsonschema` crate.
//!
//! Random JSON Schema documents (draft 2020-12, within the keywords oasbind supports:
//! `type`, `enum`, `const`, `minLength`/`maxLength`, simple `pattern`s, `minimum`/`maximum`
//! and their exclusive forms, `multipleOf`, `properties`/`required`/`additionalProperties`,
//! `items`/`prefixItems`, `minItems`/`maxItems`, `uniqueItems`,
//! `allOf`/`anyOf`/`oneOf`/`not`) are generated through `oasbind::generate_str` (the JSON
//! Schema front end, `infer_object_type(false)`, strict), one module each in one scratch
//! crate that is compiled once; random instances, most of them built to sit near each
//! schema's boundaries, go through each module's `validate_json` (parse, validate,
//! convert to the Rust type) and through `jsonschema`. The verdicts must agree, and where
//! both reject, so must the sets of failing JSON pointers (`jsonschema`'s `iter_errors`
//! instance paths).
//!
//! The RNG is seeded: `OASBIND_DIFF_SEED` when set, else a fresh seed in CI and a fixed one
//! locally, printed either way so that any run can be replayed; the budget is
//! `OASBIND_DIFF_SCHEMAS` schemas (default 40) × `OASBIND_DIFF_INSTANCES` instances
//! (default 24). The longer run the README documents:
//!
//! ```sh
//! OASBIND_DIFF_SCHEMAS=2000 OASBIND_DIFF_SEED=$RANDOM cargo test --release --no-default-features -p oasbind-hostile-tests --test differential -- --nocapture
//! ```
//!
//! Every disagreement found became a regression test below (`regressions`), or, where
//! `jsonschema` is the one that is wrong, a case in `docs/differential.md` that
//! `schema_differential::KNOWN` lists. The comparison itself is `src/schema_differential.rs`,
//! shared with the cargo-fuzz target `validators`.

#[path = "../src/differential_config.rs"]
mod differential_config;
#[path = "../src/schema_differential.rs"]
mod schema_differential;

use differential_config::config;

use oasbind_test_support as support;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// splitmix64: small, seedable, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null",
];
/// Patterns both ECMA-262 engines read alike, with strings that match or not.
const PATTERNS: &[(&str, &[&str])] = &[
    ("^[a-z]+$", &["abc", "", "aBc", "z"]),
    ("^\\d{3}$", &["123", "12", "1234", "abc"]),
    ("a", &["a", "bab", "", "xyz"]),
    ("^(x|yy)$", &["x", "yy", "xy", "y"]),
    ("[0-9]", &["a1", "abc", "9", ""]),
    ("^.{2,4}$", &["ab", "a", "abcde", "éé"]),
    ("^[^@]+@[^@]+$", &["a@b", "@b", "a@@b", "ab"]),
];
const NAMES: &[&str] = &["a", "b", "c", "name", "type", "a b", "x-y", "1"];

fn number(rng: &mut Rng) -> Value {
    match rng.below(5) {
        0 => json!(rng.int(-3, 10)),
        1 => json!(rng.int(-1000, 1000)),
        2 => json!(*rng.pick(&[0.5, 1.5, -2.5, 0.25, 2.0, 10.0, 0.1, 3.75])),
        3 => json!(*rng.pick(&[0, 1, 2, 3, 5, 10, 100])),
        _ => json!(rng.int(0, 4) as f64 + 0.5),
    }
}

fn data(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => number(rng),
        3 | 4 => json!(rng.pick(&["a", "bb", "", "abc", "x", "123", "type", "é"])),
        5 => Value::Array((0..rng.below(4)).map(|_| data(rng, depth - 1)).collect()),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                m.insert((*rng.pick(NAMES)).to_owned(), data(rng, depth - 1));
            }
            Value::Object(m)
        }
    }
}

/// A random schema within the supported keywords.
fn schema(rng: &mut Rng, depth: u32) -> Value {
    if depth > 0 && rng.chance(6) {
        return json!(rng.chance(70));
    }
    let mut s = Map::new();
    let kind = if rng.chance(80) {
        Some(*rng.pick(TYPES))
    } else {
        None
    };
    match kind {
        Some(t) if rng.chance(12) => {
            let other = *rng.pick(TYPES);
            s.insert(
                "type".into(),
                if other == t {
                    json!(t)
                } else {
                    json!([t, other])
                },
            );
        }
        Some(t) => {
            s.insert("type".into(), json!(t));
        }
        None => {}
    }
    let kind = kind.unwrap_or_else(|| *rng.pick(TYPES));
    match kind {
        "string" => {
            if rng.chance(40) {
                s.insert("minLength".into(), json!(rng.below(4)));
            }
            if rng.chance(40) {
                s.insert("maxLength".into(), json!(rng.below(6)));
            }
            if rng.chance(30) {
                s.insert("pattern".into(), json!(rng.pick(PATTERNS).0));
            }
        }
        "integer" | "number" => {
            for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
                if rng.chance(25) {
                    let v = if kind == "integer" && rng.chance(70) {
                        json!(rng.int(-5, 10))
                    } else {
                        number(rng)
                    };
                    s.insert(key.into(), v);
                }
            }
            if rng.chance(25) {
                s.insert(
                    "multipleOf".into(),
                    json!(*rng.pick(&[
                        json!(2),
                        json!(3),
                        json!(0.5),
                        json!(1.5),
                        json!(0.25),
                        json!(10)
                    ])),
                );
            }
        }
        "array" if depth > 0 => {
            if rng.chance(35) {
                let n = 1 + rng.below(2);
                s.insert(
                    "prefixItems".into(),
                    Value::Array((0..n).map(|_| schema(rng, depth - 1)).collect()),
                );
            }
            if rng.chance(60) {
                s.insert("items".into(), schema(rng, depth - 1));
            }
            if rng.chance(30) {
                s.insert("minItems".into(), json!(rng.below(3)));
            }
            if rng.chance(30) {
                s.insert("maxItems".into(), json!(rng.below(4)));
            }
            if rng.chance(25) {
                s.insert("uniqueItems".into(), json!(rng.chance(80)));
            }
        }
        "object" if depth > 0 => {
            let mut props = Map::new();
            for _ in 0..rng.below(4) {
                props.insert((*rng.pick(NAMES)).to_owned(), schema(rng, depth - 1));
            }
            let names: Vec<String> = props.keys().cloned().collect();
            if !props.is_empty() || rng.chance(20) {
                s.insert("properties".into(), Value::Object(props));
            }
            if rng.chance(50) {
                let mut required: Vec<Value> = names
                    .iter()
                    .filter(|_| rng.chance(50))
                    .map(|n| json!(n))
                    .collect();
                if rng.chance(15) {
                    required.push(json!(rng.pick(NAMES)));
                }
                let unique: BTreeSet<String> = required
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                s.insert("required".into(), json!(unique));
            }
            if rng.chance(40) {
                s.insert(
                    "additionalProperties".into(),
                    if rng.chance(50) {
                        json!(false)
                    } else {
                        schema(rng, depth - 1)
                    },
                );
            }
        }
        _ => {}
    }
    if rng.chance(10) {
        let values: Vec<Value> = (0..1 + rng.below(4)).map(|_| data(rng, 1)).collect();
        s.insert("enum".into(), Value::Array(values));
    } else if rng.chance(5) {
        s.insert("const".into(), data(rng, 1));
    }
    if depth > 0 && rng.chance(18) {
        let key = *rng.pick(&["allOf", "anyOf", "oneOf"]);
        let n = 1 + rng.below(3);
        s.insert(
            key.into(),
            Value::Array((0..n).map(|_| schema(rng, depth - 1)).collect()),
        );
    }
    if depth > 0 && rng.chance(6) {
        s.insert("not".into(), schema(rng, depth - 1));
    }
    Value::Object(s)
}

/// An instance near the schema's boundaries (or, now and then, anything at all).
fn instance(rng: &mut Rng, s: &Value, depth: u32) -> Value {
    if rng.chance(10) || depth == 0 {
        return data(rng, 2);
    }
    let Some(m) = s.as_object() else {
        return data(rng, 2);
    };
    if let Some(values) = m
        .get("enum")
        .and_then(Value::as_array)
        .filter(|_| rng.chance(60))
    {
        return rng.pick(values).clone();
    }
    if let Some(c) = m.get("const").filter(|_| rng.chance(60)) {
        return c.clone();
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(subs) = m
            .get(key)
            .and_then(Value::as_array)
            .filter(|_| rng.chance(40))
        {
            let sub = rng.pick(subs).clone();
            return instance(rng, &sub, depth - 1);
        }
    }
    let kind = match m.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => rng.pick(ts).as_str().unwrap_or("null").to_owned(),
        _ => (*rng.pick(TYPES)).to_owned(),
    };
    match kind.as_str() {
        "string" => {
            if let Some(p) = m.get("pattern").and_then(Value::as_str) {
                if let Some((_, samples)) = PATTERNS.iter().find(|(q, _)| *q == p) {
                    return json!(rng.pick(samples));
                }
            }
            let len = rng.below(7);
            json!("abcdefg"[..len].to_owned())
        }
        "integer" | "number" => {
            let bounds: Vec<f64> = [
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ]
            .iter()
            .filter_map(|k| m.get(*k).and_then(Value::as_f64))
            .collect();
            if let Some(b) = bounds.get(rng.below(bounds.len() + 1)) {
                let delta = *rng.pick(&[-1.0, -0.5, 0.0, 0.0, 0.5, 1.0, 2.0]);
                let x = b + delta;
                if kind == "integer" || x.fract() == 0.0 && rng.chance(70) {
                    return json!(x.round() as i64);
                }
                return json!(x);
            }
            number(rng)
        }
        "boolean" => json!(rng.chance(50)),
        "null" => Value::Null,
        "array" => {
            let n = rng.below(5);
            let prefix = m
                .get("prefixItems")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let items = m.get("items").cloned().unwrap_or(json!({}));
            let mut out: Vec<Value> = (0..n)
                .map(|i| {
                    let sub = prefix.get(i).cloned().unwrap_or_else(|| items.clone());
                    instance(rng, &sub, depth - 1)
                })
                .collect();
            if !out.is_empty() && rng.chance(20) {
                out.push(out[0].clone());
            }
            Value::Array(out)
        }
        "object" => {
            let mut o = Map::new();
            if let Some(props) = m.get("properties").and_then(Value::as_object) {
                for (k, sub) in props {
                    if rng.chance(75) {
                        o.insert(k.clone(), instance(rng, sub, depth - 1));
                    }
                }
            }
            if rng.chance(25) {
                let extra = m.get("additionalProperties").cloned().unwrap_or(json!({}));
                o.insert(
                    (*rng.pick(NAMES)).to_owned(),
                    instance(rng, &extra, depth - 1),
                );
            }
            Value::Object(o)
        }
        _ => data(rng, 2),
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One generated module and the instances to run through it.
struct Case {
    schema: Value,
    validator: jsonschema::Validator,
    instances: Vec<Value>,
}

/// The scratch crate: its folder and target folder (under the workspace's `target/`, so
/// builds are reused between runs).
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
    (
        target.join("hostile").join(name),
        target.join("hostile/target"),
    )
}

fn write_if_changed(path: &Path, text: &str) {
    oasbind::write_if_changed(path, text).unwrap_or_else(|e| panic!("{e}"));
}

/// Writes the crate (one module per case), builds it, runs every instance; one line of
/// output per instance: `null` when valid, else the violations' pointers and keywords.
fn run_generated(
    name: &str,
    cases: &[(String, String)],
    instances: &[(usize, String)],
) -> Vec<Option<Vec<(String, String)>>> {
    let (dir, target) = scratch(name);
    let src = dir.join("src");
    // Modules are rewritten only when they change, so Cargo rebuilds only what did.
    std::fs::create_dir_all(&src).unwrap();
    // The runtime of this checkout, which the generated code is written against.
    let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../../generator/runtime");
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"oasbind-hostile-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\noasbind-runtime = {{ path = '{runtime}' }}\n\n[profile.dev]\ndebug = false\nopt-level = 1\n\n[workspace]\n"
        ),
    );
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    if !dir.join("Cargo.lock").exists() {
        let _ = std::fs::copy(lock, dir.join("Cargo.lock"));
    }
    let mut main =
        String::from("//! Generated by tests/hostile (differential): one module per schema.\n\n");
    for (module, code) in cases {
        write_if_changed(&src.join(format!("{module}.rs")), code);
        let _ = writeln!(main, "#[allow(warnings, clippy::all)]\nmod {module};");
    }
    main.push_str("\nfn run(module: &str, json: &str) -> Option<Vec<(String, &'static str)>> {\n    let r = match module {\n");
    for (module, _) in cases {
        let _ = writeln!(main, "        {module:?} => {module}::validate_json({module:?}, json).map(|r| r.map_err(|v| v.iter().map(|v| (v.pointer.clone(), v.keyword)).collect::<Vec<_>>())),");
    }
    main.push_str(
        r#"        _ => None,
    };
    match r.expect("the module has the definition") {
        Ok(()) => None,
        Err(pointers) => Some(pointers),
    }
}

fn main() {
    let input = std::fs::read_to_string(std::env::args().nth(1).expect("the cases file")).unwrap();
    for line in input.lines() {
        let (module, json) = line.split_once('\t').unwrap();
        let json: String = serde_json::from_str(json).unwrap();
        let out = match run(module, &json) {
            None => serde_json::Value::Null,
            Some(p) => serde_json::json!(p),
        };
        println!("{out}");
    }
}
"#,
    );
    write_if_changed(&src.join("main.rs"), &main);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = std::time::Instant::now();
    let build = Command::new(&cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .status()
        .unwrap();
    assert!(
        build.success(),
        "the scratch crate {} does not build",
        dir.display()
    );
    eprintln!(
        "differential: built {} modules in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    let mut input = String::new();
    for (case, json) in instances {
        let _ = writeln!(
            input,
            "{}\t{}",
            cases[*case].0,
            serde_json::to_string(json).unwrap()
        );
    }
    let cases_file = dir.join("cases.txt");
    std::fs::write(&cases_file, input).unwrap();
    let binary = target.join("debug").join(format!("oasbind-hostile-{name}"));
    let out = Command::new(&binary).arg(&cases_file).output().unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        binary.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Option<Vec<(String, String)>>>(l).unwrap())
        .collect()
}

struct Outcome {
    schemas: usize,
    /// Schemas not compared, by reason (the first line of the error, its file name left out).
    skipped: BTreeMap<String, usize>,
    instances: usize,
    disagreements: Vec<String>,
}

impl Outcome {
    fn skipped(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Why oasbind did not generate a schema, in words that group alike cases:
/// "s12.json: /properties/a/pattern: ..." → "oasbind: ...".
fn not_generated(e: &oasbind::Error) -> String {
    let text = e.to_string();
    let line = text.lines().next().unwrap_or_default();
    let what = line.split_once(": ").map_or(line, |(_, rest)| rest);
    let what = what
        .split_once(": ")
        .filter(|(at, _)| at.starts_with('/'))
        .map_or(what, |(_, rest)| rest);
    format!("oasbind: {what}")
}

fn differential(name: &str, cases: Vec<(Value, Vec<Value>)>) -> Outcome {
    let mut kept: Vec<Case> = Vec::new();
    let mut code = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (schema, instances)) in cases.into_iter().enumerate() {
        let module = format!("s{i}");
        let mut doc = schema.clone();
        if let Value::Object(m) = &mut doc {
            m.insert(
                "$schema".into(),
                json!("https://json-schema.org/draft/2020-12/schema"),
            );
        }
        let generated =
            oasbind::generate_str(&format!("{module}.json"), &doc.to_string(), &config());
        let validator = schema_differential::validator(&doc, false);
        match (generated, validator) {
            (Ok(g), Ok(validator)) => {
                code.push((module, g.code));
                kept.push(Case {
                    schema: doc,
                    validator,
                    instances,
                });
            }
            (Err(e), _) => *skipped.entry(not_generated(&e)).or_default() += 1,
            (Ok(_), Err(e)) => *skipped.entry(format!("jsonschema: {e}")).or_default() += 1,
        }
    }
    let mut runs = Vec::new();
    for (ci, case) in kept.iter().enumerate() {
        for instance in &case.instances {
            runs.push((ci, instance.to_string()));
        }
    }
    let ours = run_generated(name, &code, &runs);
    let mut disagreements = Vec::new();
    for ((ci, text), got) in runs.iter().zip(ours) {
        let case = &kept[*ci];
        let instance: Value = serde_json::from_str(text).unwrap();
        if let Err(disagreement) =
            schema_differential::compare(&case.schema, &case.validator, &instance, got)
        {
            disagreements.push(disagreement);
        }
    }
    Outcome {
        schemas: kept.len(),
        skipped,
        instances: runs.len(),
        disagreements,
    }
}

/// At most this share of the random schemas may go uncompared (not generated by oasbind,
/// or refused by jsonschema): beyond it the test would pass having compared little.
const MAX_SKIPPED_PERCENT: usize = 10;

#[test]
fn generated_validators_agree_with_jsonschema() {
    let seed = support::seed("differential", "OASBIND_DIFF_SEED", 20_260_601);
    let schemas = env_number("OASBIND_DIFF_SCHEMAS", 40) as usize;
    let per_schema = env_number("OASBIND_DIFF_INSTANCES", 24) as usize;
    let mut rng = Rng(seed);
    let cases: Vec<(Value, Vec<Value>)> = (0..schemas)
        .map(|_| {
            let s = schema(&mut rng, 3);
            let instances = (0..per_schema).map(|_| instance(&mut rng, &s, 4)).collect();
            (s, instances)
        })
        .collect();
    let outcome = differential("differential", cases);
    support::say(&format!(
        "differential: seed {seed}: {} schemas compared ({} not), {} instances, {} disagreements",
        outcome.schemas,
        outcome.skipped(),
        outcome.instances,
        outcome.disagreements.len()
    ));
    for (reason, n) in &outcome.skipped {
        support::say(&format!("differential: {n} not compared: {reason}"));
    }
    assert!(
        outcome.disagreements.is_empty(),
        "seed {seed}: {} disagreements:\n\n{}",
        outcome.disagreements.len(),
        outcome.disagreements.join("\n\n")
    );
    assert!(
        outcome.skipped() * 100 <= schemas * MAX_SKIPPED_PERCENT && outcome.schemas > 0,
        "seed {seed}: only {} of {schemas} schemas were compared (at most {MAX_SKIPPED_PERCENT}% may be skipped): {:?}",
        outcome.schemas,
        outcome.skipped
    );
    assert_eq!(
        outcome.instances,
        outcome.schemas * per_schema,
        "every instance of a compared schema runs"
    );
}

/// Every schema of `table` generates, and both agree on each of its instances.
fn agree_on(name: &str, table: &[(&str, &[&str])]) {
    let cases = table
        .iter()
        .map(|(schema, instances)| {
            (
                serde_json::from_str(schema).unwrap(),
                instances
                    .iter()
                    .map(|i| serde_json::from_str(i).unwrap())
                    .collect(),
            )
        })
        .collect();
    let outcome = differential(name, cases);
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    assert!(
        outcome.disagreements.is_empty(),
        "{}",
        outcome.disagreements.join("\n\n")
    );
}

/// Disagreements found by earlier runs, minimized: they must stay agreed on.
#[test]
fn regressions() {
    agree_on("differential-regressions", REGRESSIONS);
}

/// jsonschema's `\b` is Unicode-aware where ECMA-262's is not, and the comparison spells
/// ECMA-262's out for it (`schema_differential::ascii_word_boundaries`). When jsonschema
/// mends it, the first assertion fails and the correction can go.
#[test]
fn jsonschema_reads_ecma_word_boundaries_as_spelled_out() {
    let schema = json!({"type": "string", "pattern": "(?<!b)a\\b"});
    let instance = json!("$b\na\u{79a0}c");
    let raw = jsonschema::draft202012::new(&schema).unwrap();
    assert!(
        !raw.is_valid(&instance),
        "jsonschema's \\b is ECMA-262's now"
    );
    let corrected = schema_differential::validator(&schema, false).unwrap();
    assert!(corrected.is_valid(&instance));
    assert!(!corrected.is_valid(&json!("ab")));

    // A backspace in a class and an escaped backslash are not boundaries.
    let spelled = schema_differential::ascii_word_boundaries(
        &json!({"patternProperties": {"^x\\B": {"pattern": "[\\b]\\\\b"}}}),
    );
    let (name, value) = spelled["patternProperties"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    assert!(
        name.starts_with("^x(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])|"),
        "{name}"
    );
    assert_eq!(value["pattern"], "[\\b]\\\\b");
}

/// (schema, instances), each once a disagreement.
const REGRESSIONS: &[(&str, &[&str])] = &[
    // Found by the cargo-fuzz target `validators` (fuzz/schemas/strings.json, in CI): ECMA-262's
    // word characters are ASCII, so `a` followed by a non-ASCII letter ends a word.
    (
        r#"{"type":"string","pattern":"(?<!b)a\\b"}"#,
        &[
            r#""\\a\u19a0c""#,
            r#""$b\na\u79a0c""#,
            r#""ab""#,
            r#""a é""#,
            r#""éa""#,
        ],
    ),
    (
        r#"{"type":"string","pattern":"^\\w+\\B.$"}"#,
        &[r#""ab""#, r#""aé""#, r#""a!""#],
    ),
    // fuzz/regressions/validators/unique_items_beyond_f64.json: 2^53 + 1 and the float 2^53
    // are different numbers, equal as `f64`s (fixed: `check::equal` compares exactly).
    (
        r#"{"uniqueItems":true}"#,
        &[
            "[9007199254740993,9007199254740992.0]",
            "[9007199254740992,9007199254740992.0]",
        ],
    ),
    (
        r#"{"type":["object","null"],"properties":{"a":{}},"additionalProperties":{"type":"null"}}"#,
        &["null", "{}"],
    ),
    (
        r#"{"type":["object","null"],"additionalProperties":{"type":"null"}}"#,
        &["null", "{}"],
    ),
    (
        r#"{"type":["object","null"],"properties":{"a":{}}}"#,
        &["null", "{}"],
    ),
    (
        r#"{"type":"string","allOf":[{"type":"object","properties":{"a":{"maxLength":0}}}]}"#,
        &[r#"{"a":"x"}"#],
    ),
    (
        r#"{"allOf":[{"type":"object","properties":{"a":{"maxLength":0}}}]}"#,
        &[r#"{"a":"x"}"#],
    ),
    (
        r#"{"items":{"allOf":[{"additionalProperties":{"type":"string"}}]}}"#,
        &[r#"[{"a":1}]"#],
    ),
    (
        r#"{"items":{"allOf":[{"type":"string"},{"type":"array","items":{"const":[]}}]}}"#,
        &[r#"["",[10.0,[]]]"#],
    ),
    (
        r#"{"properties":{"c":{"prefixItems":[{"exclusiveMinimum":-971}]}},"allOf":[{"type":"boolean"}]}"#,
        &[r#"{"c":[-972.0]}"#],
    ),
    (
        r#"{"properties":{"a":{"properties":{"c":{"maxLength":2}},"allOf":[true,{"type":"integer"}]}}}"#,
        &[r#"{"a":{"c":"abc"}}"#],
    ),
    (
        r#"{"items":{"type":"array","allOf":[{"additionalProperties":{"type":"string"}}]}}"#,
        &[r#"[[],{"type":{},"a":false}]"#],
    ),
    // The own `type` admits none of what the alternatives' Rust type (`Option` of a map) holds.
    (
        r#"{"type":"number","maximum":-2.5,"anyOf":[{"type":"null"},{"type":"object","required":[]}]}"#,
        &["{}", "null", "-3"],
    ),
    (
        r#"{"type":"string","anyOf":[{"type":"string","maxLength":1},{"type":"integer"}]}"#,
        &["\"a\"", "\"ab\"", "3"],
    ),
    (
        r#"{"properties":{"a":{"type":"object","oneOf":[{"type":"array"},{"type":"object","required":["b"]}]}}}"#,
        &[r#"{"a":[]}"#, r#"{"a":{"b":1}}"#, r#"{"a":{}}"#],
    ),
    // Found by the cargo-fuzz target `validators` (fuzz/schemas/unevaluated.json): an
    // unevaluated property or item is the object's or array's error to jsonschema
    // (convention 3).
    (
        r#"{"properties":{"a":true},"unevaluatedProperties":{"type":"boolean"}}"#,
        &[r#"{"z":1}"#, r#"{"a":1,"z":true}"#, r#"{"z":{"y":1}}"#],
    ),
    (
        r#"{"properties":{"a":true},"dependentSchemas":{"a":{"properties":{"b":true}}},"unevaluatedProperties":false}"#,
        &[r#"{"b":2}"#, r#"{"a":1,"b":2}"#, r#"{"a/b":1,"c~":2}"#],
    ),
    (
        r#"{"type":"array","prefixItems":[{"type":"string"}],"allOf":[{"prefixItems":[true,{"type":"number"}]}],"unevaluatedItems":{"type":"boolean"}}"#,
        &[r#"["a","b",1]"#, r#"["a",1,true]"#],
    ),
    (
        r#"{"anyOf":[{"prefixItems":[{"const":1}]},{"prefixItems":[true,true]}],"unevaluatedItems":false}"#,
        &["[2,2,2]", "[1,2]", "[1]"],
    ),
    // (fuzz/schemas/objects.json) A name that fails `propertyNames` is the object's error to
    // jsonschema (convention 1).
    (
        r#"{"propertyNames":{"maxLength":3},"maxProperties":1}"#,
        &[r#"{"abcd":1,"b":2}"#, r#"{"abcd":1}"#, r#"{"abc":1}"#],
    ),
    // (fuzz/schemas/scalars.json) An integer beyond `i64` is a `type` violation to oasbind,
    // whose Rust type cannot hold it (convention 4), and only that: `-0` is a float that
    // fails `type: object` in both.
    (
        r#"{"type":"integer","maximum":18446744073709551616}"#,
        &["18446744073709551616", "1e300", "9223372036854775808", "1"],
    ),
    (
        r#"{"type":"object","additionalProperties":{"type":"string"}}"#,
        &[r#"{"a":18446744073709551616}"#, "-0", "1e300"],
    ),
    // (fuzz/schemas/combinators.json, found by fuzz/ci.sh) An `allOf` of object parts,
    // none of which says `type: object`, accepts any other value: its Rust type was the
    // merged struct, which cannot hold `1`.
    (
        r#"{"allOf":[{"properties":{"x":{"type":"integer"}},"required":["x"]},{"properties":{"y":{"type":"string"}}}]}"#,
        &["1", r#"{"x":1,"y":"y"}"#, r#"{"y":1}"#, "null"],
    ),
    (
        r#"{"type":["object","null"],"allOf":[{"properties":{"x":{"type":"integer"}}}]}"#,
        &["1", r#"{"x":1}"#, "null"],
    ),
    // An integer beyond `i64` that fails `unevaluatedItems` is reported by both (at the
    // array, by jsonschema): convention 4 does not apply.
    (
        r#"{"prefixItems":[{"type":"string"}],"unevaluatedItems":{"type":"boolean"}}"#,
        &[r#"["a",1e21]"#, r#"["a",true]"#],
    ),
];

/// Disagreements found by the cargo-fuzz target `validators` in which oasbind is wrong,
/// reported and not fixed yet (fuzz/regressions/validators/README.md): a numeric bound
/// that an `f64` cannot hold exactly is rounded to one, so that a value between the bound
/// and its rounding is judged against the rounding (the README says integer bounds are
/// exact); `uniqueItems` finds an integer beyond 2^53 equal to the float it rounds to; and
/// an item that only a failed subschema evaluated is not reported by `unevaluatedItems`.
/// Run with `--ignored` to see them fail.
#[test]
#[ignore = "open: bounds beyond f64 precision, unevaluated after a failed subschema (reported)"]
fn open_disagreements() {
    agree_on("differential-open", OPEN);
}

/// (schema, instances) on which oasbind and jsonschema still disagree, oasbind being wrong.
const OPEN: &[(&str, &[&str])] = &[
    // fuzz/regressions/validators/integer_bound_rounded.json
    (
        r#"{"type":"number","maximum":18446744073709551615}"#,
        &["18446744073709551616"],
    ),
    (
        r#"{"type":"integer","minimum":-9007199254740993}"#,
        &["-9007199254740993"],
    ),
    // fuzz/regressions/validators/unevaluated_failed_all_of.json: the same verdict, but
    // oasbind leaves out the unevaluatedItems error of the item a failed branch evaluated.
    (
        r#"{"prefixItems":[{"type":"string"}],"allOf":[{"prefixItems":[true,{"type":"number"}]}],"unevaluatedItems":{"type":"boolean"}}"#,
        &[r#"["a","b"]"#],
    ),
];
