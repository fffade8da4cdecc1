//! Resource limits: what a hostile definition (or a hostile JSON document, for the
//! generated `from_json`) can make oasbind do. Each case either generates, with output of
//! bounded size, or stops with an error naming the file and a JSON pointer; none may
//! overflow the stack or abort. Every test runs on a default test thread (2 MiB of stack).
//! Nothing here asserts a time: the README's reliability section reports them. The four
//! heaviest (100,000 enum values, 10,000 chained definitions, 50 MB, a million-item JSON)
//! are skipped in debug builds; `.ci/run` runs them all in release:
//!
//! ```sh
//! cargo test --release --no-default-features -p oasbind-hostile-tests --test limits -- --include-ignored
//! ```

use oasbind_hostile_tests::limits::{validate_json, Chain, Tree};
use oasbind_runtime::{Validate, Violations};
use std::fmt::Write as _;

fn swagger(definitions: &str) -> String {
    format!(
        r#"{{"swagger":"2.0","info":{{"title":"limits","version":"1"}},"paths":{{}},"definitions":{{{definitions}}}}}"#
    )
}

fn generate(file: &str, text: &str) -> oasbind::Result<oasbind::Generated> {
    oasbind::generate_str(file, text, &oasbind::Config::new())
}

/// The error's one line, which must name the file and a pointer.
fn error(file: &str, text: &str) -> String {
    match generate(file, text) {
        Ok(g) => panic!(
            "{file} generated ({} bytes) instead of failing",
            g.code.len()
        ),
        Err(e) => {
            let e = e.to_string();
            assert!(e.starts_with(&format!("{file}: /")), "{e}");
            assert_eq!(e.lines().count(), 1, "{e}");
            e
        }
    }
}

/// `{"items": {"items": ... {"type": "string"} ...}}`, `levels` deep, as JSON.
fn nested_json(levels: usize) -> String {
    let mut s = String::with_capacity(levels * 12);
    s.push_str(r#""deep":"#);
    for _ in 0..levels {
        s.push_str(r#"{"items":"#);
    }
    s.push_str(r#"{"type":"string"}"#);
    s.push_str(&"}".repeat(levels));
    swagger(&s)
}

/// The same in block-style YAML (one space of indentation per level).
fn nested_yaml(levels: usize) -> String {
    let mut s = String::with_capacity(levels * levels / 2 + 1024);
    s.push_str(
        "swagger: '2.0'\ninfo: {title: limits, version: '1'}\npaths: {}\ndefinitions:\n deep:\n",
    );
    for i in 0..levels {
        let _ = writeln!(s, "{}items:", " ".repeat(i + 2));
    }
    let _ = writeln!(s, "{}type: string", " ".repeat(levels + 2));
    s
}

#[test]
fn ten_thousand_levels_of_json_stop_at_the_depth_limit() {
    let e = error("deep.json", &nested_json(10_000));
    assert!(
        e.starts_with("deep.json: /definitions/deep/items/items/"),
        "{e}"
    );
    assert!(e.contains("nested deeper than 128 levels"), "{e}");
}

#[test]
fn ten_thousand_levels_of_yaml_stop_at_the_depth_limit() {
    let text = nested_yaml(10_000);
    assert!(text.len() > 50_000_000);
    let e = error("deep.yaml", &text);
    assert!(
        e.starts_with("deep.yaml: /definitions/deep/items/items/"),
        "{e}"
    );
    assert!(e.contains("nested deeper than 128 levels"), "{e}");
}

#[test]
fn ten_thousand_levels_of_flow_yaml_stop_too() {
    let mut text = String::from(
        "swagger: '2.0'\ninfo: {title: limits, version: '1'}\npaths: {}\ndefinitions:\n  deep: ",
    );
    text.push_str(&"{items: ".repeat(10_000));
    text.push_str("{type: string}");
    text.push_str(&"}".repeat(10_000));
    text.push('\n');
    let e = error("flow.yaml", &text);
    assert!(e.contains("nested deeper than"), "{e}");
    // Brackets, and flow inside block.
    let mut text = String::from("swagger: '2.0'\ninfo: {title: limits, version: '1'}\npaths: {}\ndefinitions:\n  deep:\n    enum: ");
    text.push_str(&"[".repeat(10_000));
    text.push_str(&"]".repeat(10_000));
    let e = error("brackets.yaml", &text);
    assert!(e.contains("nested deeper than"), "{e}");
}

/// Just under the limit, the whole pipeline (types, validators, syn, prettyplease) runs
/// on a 2 MiB stack.
#[test]
fn nesting_just_under_the_limit_generates() {
    for (file, text) in [
        ("deep.json", nested_json(120)),
        ("deep.yaml", nested_yaml(120)),
    ] {
        let g = generate(file, &text).unwrap_or_else(|e| panic!("{e}"));
        assert!(g.code.contains("pub type Deep ="), "{file}");
    }
    // Objects in objects: each level a struct.
    let mut s = String::from(r#""deep":"#);
    for i in 0..60 {
        let _ = write!(
            s,
            r#"{{"type":"object","required":["p{i}"],"properties":{{"p{i}":"#
        );
    }
    s.push_str(r#"{"type":"string"}"#);
    s.push_str(&"}}".repeat(60));
    let g = generate("objects.json", &swagger(&s)).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.code.matches("pub struct ").count() >= 60);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: .ci/run runs it in release (--include-ignored)"
)]
fn a_hundred_thousand_enum_values_generate() {
    let values: Vec<String> = (0..100_000).map(|i| format!("\"value {i}\"")).collect();
    let text = swagger(&format!(
        r#""big":{{"type":"string","enum":[{}]}}"#,
        values.join(",")
    ));
    let g = generate("enum.json", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.code.contains("Value99999"));
    assert!(g.code.len() < 40_000_000, "{} bytes", g.code.len());
}

/// A billion laughs of `$ref`s: definition k has two properties referencing k-1, 40
/// levels; 2^40 paths, one schema each.
#[test]
fn exponential_ref_fan_out_stays_linear() {
    let mut defs = vec![
        r#""d0":{"type":"object","properties":{"s":{"type":"string","minLength":1}}}"#.to_owned(),
    ];
    for k in 1..=40 {
        defs.push(format!(
            r##""d{k}":{{"type":"object","required":["a","b"],"properties":{{"a":{{"$ref":"#/definitions/d{p}"}},"b":{{"$ref":"#/definitions/d{p}"}}}}}}"##,
            p = k - 1
        ));
    }
    let g = generate("laughs.json", &swagger(&defs.join(","))).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.code.contains("pub struct D40"));
    assert!(g.code.len() < 1_000_000, "{} bytes", g.code.len());
}

/// The same through YAML anchors and aliases: refused, with the alias's pointer.
#[test]
fn exponential_yaml_alias_fan_out_is_refused() {
    let mut text = String::from("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nx-laughs:\n  l0: &l0 [lol, lol]\n");
    for k in 1..=40 {
        let _ = writeln!(text, "  l{k}: &l{k} [*l{p}, *l{p}]", p = k - 1);
    }
    text.push_str("definitions: {}\n");
    let e = error("laughs.yaml", &text);
    assert!(e.starts_with("laughs.yaml: /x-laughs/l"), "{e}");
    assert!(
        e.contains("YAML aliases expand to more than 1000000 values"),
        "{e}"
    );
    // Aliases that nest: each level one deeper, past the depth limit.
    let mut text = String::from("swagger: '2.0'\ndefinitions:\n  a0: &a0 {type: string}\n");
    for k in 1..=200 {
        let _ = writeln!(text, "  a{k}: &a{k} {{items: *a{p}}}", p = k - 1);
    }
    let e = error("aliases.yaml", &text);
    assert!(e.contains("nested deeper than 128 levels"), "{e}");
}

/// The other kind of depth: a chain of 10,000 definitions, each referencing the last.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: .ci/run runs it in release (--include-ignored)"
)]
fn ten_thousand_chained_definitions_generate() {
    let mut defs = vec![r#""d0":{"type":"string"}"#.to_owned()];
    for k in 1..10_000 {
        defs.push(format!(r##""d{k}":{{"type":"object","properties":{{"next":{{"$ref":"#/definitions/d{}"}}}}}}"##, k - 1));
    }
    let g = generate("chain.json", &swagger(&defs.join(","))).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.code.contains("pub struct D9999"));
}

/// A 50 MB definition, made in the test: 2,500 definitions of 10 properties with long
/// descriptions, examples and enums.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: .ci/run runs it in release (--include-ignored)"
)]
fn a_fifty_megabyte_definition_generates() {
    let text = big_definition(2_500);
    assert!(text.len() >= 50_000_000, "{} bytes", text.len());
    let g = generate("big.json", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.code.contains("pub struct Thing2499"));
    assert!(
        g.code.len() < 4 * text.len(),
        "{} bytes of code",
        g.code.len()
    );
}

/// `n` definitions of about 25 KB each.
pub fn big_definition(n: usize) -> String {
    let words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
    let mut defs = Vec::with_capacity(n);
    for k in 0..n {
        let mut props = Vec::new();
        for p in 0..10 {
            let prop = match p % 5 {
                0 => format!(
                    r#""name{p}":{{"type":"string","maxLength":64,"pattern":"^[a-z]+$","description":"{}"}}"#,
                    words.repeat(30)
                ),
                1 => format!(
                    r#""count{p}":{{"type":"integer","minimum":0,"maximum":1000,"example":{p},"description":"{}"}}"#,
                    words.repeat(30)
                ),
                2 => format!(
                    r#""kind{p}":{{"type":"string","enum":["a{k}","b{k}","c{k}"],"description":"{}"}}"#,
                    words.repeat(30)
                ),
                3 => format!(
                    r##""other{p}":{{"$ref":"#/definitions/thing{}"}}"##,
                    k.saturating_sub(1)
                ),
                _ => format!(
                    r#""tags{p}":{{"type":"array","items":{{"type":"string"}},"maxItems":20,"description":"{}"}}"#,
                    words.repeat(30)
                ),
            };
            props.push(prop);
        }
        defs.push(format!(r#""thing{k}":{{"type":"object","description":"{}","required":["name0"],"properties":{{{}}}}}"#, words.repeat(20), props.join(",")));
    }
    swagger(&defs.join(","))
}

// The generated `from_json` on hostile JSON: `fixtures/limits.json`, compiled by build.rs.

/// `from_json` of a definition whose type is an alias (`Vec<i64>`, `String`).
fn from_json(definition: &str, json: &str) -> Result<(), Violations> {
    validate_json(definition, json).expect("the definition exists")
}

fn nested_tree(levels: usize) -> String {
    let mut s = String::new();
    for _ in 0..levels {
        s.push_str(r#"{"name":"n","children":["#);
    }
    s.push_str(r#"{"name":"leaf"}"#);
    s.push_str(&"]}".repeat(levels));
    s
}

fn nested_chain(levels: usize) -> String {
    format!(
        "{}{{}}{}",
        r#"{"label":"a","next":"#.repeat(levels),
        "}".repeat(levels)
    )
}

#[test]
fn from_json_refuses_json_nested_too_deep() {
    for levels in [10_000, 1_000_000] {
        let err = Tree::from_json(&nested_tree(levels)).unwrap_err();
        assert!(err.contains("", "json"), "{err}");
        let err = Chain::from_json(&nested_chain(levels)).unwrap_err();
        assert!(err.contains("", "json"), "{err}");
        let deep = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        let err = from_json("text", &deep).unwrap_err();
        assert!(
            err.contains("", "json") || err.contains("", "type"),
            "{err}"
        );
        let err = from_json("anything", &deep).unwrap_err();
        assert!(err.contains("", "json"), "{err}");
    }
}

/// Just under serde_json's limit (128), every path of `from_json` (the lean one, the
/// validators over `Value`, the conversion) recurses on a 2 MiB stack without running out.
#[test]
fn from_json_handles_json_just_under_the_limit() {
    let tree = Tree::from_json(&nested_tree(60)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree.children.as_ref().map(Vec::len), Some(1));
    let err = Tree::from_json(&nested_tree(60).replace(r#""leaf""#, r#"7"#)).unwrap_err();
    assert!(
        err.iter()
            .any(|v| v.keyword == "type" && v.pointer.ends_with("/children/0/name")),
        "{err}"
    );
    let chain = Chain::from_json(&nested_chain(120)).unwrap_or_else(|e| panic!("{e}"));
    assert!(chain.next.is_some());
    let err = Chain::from_json(&nested_chain(120).replace(r#""label":"a""#, r#""label":"A""#))
        .unwrap_err();
    assert_eq!(err.iter().count(), 120, "every violation, at every level");
    // Validating a deep value built in Rust, and dropping it.
    assert!(chain.validate().is_ok());
    drop(chain);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: .ci/run runs it in release (--include-ignored)"
)]
fn from_json_handles_oversized_json() {
    // A 50 MB string where at most 10 characters are allowed.
    let big = format!("\"{}\"", "x".repeat(50_000_000));
    let err = from_json("text", &big).unwrap_err();
    assert!(err.contains("", "maxLength"), "{err}");
    // A million distinct numbers under `uniqueItems`, then one repeated at the end.
    let mut items: Vec<String> = (0..1_000_000).map(|i| i.to_string()).collect();
    from_json("numbers", &format!("[{}]", items.join(","))).unwrap_or_else(|e| panic!("{e}"));
    items.push("999999.0".to_owned());
    let err = from_json("numbers", &format!("[{}]", items.join(","))).unwrap_err();
    assert!(err.contains("", "uniqueItems"), "{err}");
    // A million properties.
    let bag: Vec<String> = (0..1_000_000).map(|i| format!("\"k{i}\":{i}")).collect();
    from_json("bag", &format!("{{{}}}", bag.join(","))).unwrap_or_else(|e| panic!("{e}"));
    // The same under `unevaluatedProperties` and `unevaluatedItems`.
    let open = format!("{{{}}}", bag.join(","));
    oasbind_hostile_tests::limits31::validate_json("open", &open)
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = oasbind_hostile_tests::limits31::validate_json(
        "open",
        &open.replace("\"k999999\"", "\"x\""),
    )
    .unwrap()
    .unwrap_err();
    assert!(err.contains("/x", "unevaluatedProperties"), "{err}");
    let listed: Vec<String> = (0..1_000_000)
        .map(|i| {
            if i % 2 == 0 {
                i.to_string()
            } else {
                format!("\"s{i}\"")
            }
        })
        .collect();
    oasbind_hostile_tests::limits31::validate_json("listed", &format!("[{}]", listed.join(",")))
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));
}
