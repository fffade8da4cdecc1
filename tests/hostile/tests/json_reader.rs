//! The runtime's JSON reader differentially against serde_json (`src/json_differential.rs`):
//! random JSON texts, near-JSON texts (valid ones mutated a few characters at a time) and
//! the edge cases of numbers, escapes and nesting. The cargo-fuzz target `json_reader`
//! (`fuzz/`) runs the same comparison on bytes for as long as one lets it.
//!
//! Budget and seed: `OASBIND_JSON_CASES` (default 2000) and `OASBIND_JSON_SEED` (when unset:
//! fresh in CI, fixed locally; printed either way). `.ci/run` runs 200,000 cases in release:
//!
//! ```text
//! OASBIND_JSON_CASES=200000 cargo test --release --no-default-features -p oasbind-hostile-tests --test json_reader
//! ```

use oasbind_hostile_tests::json_differential::compare;
use oasbind_test_support as support;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn runner() -> TestRunner {
    let cases = std::env::var("OASBIND_JSON_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let seed = support::seed("json reader", "OASBIND_JSON_SEED", 7);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 8192,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key))
}

/// Whitespace between tokens: none, JSON's four kinds, and the non-JSON kinds a reader
/// might wrongly skip.
fn space() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        8 => Just(""),
        4 => Just(" "),
        1 => Just("\n\t\r "),
        1 => Just("\u{b}"),
        1 => Just("\u{a0}"),
        1 => Just("\u{c}"),
    ]
}

fn digits(range: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    vec(prop_oneof![8 => b'0'..=b'9', 1 => Just(b'0')], range)
        .prop_map(|d| String::from_utf8(d).unwrap())
}

/// Numbers: integers at and past the `i64`/`u64` bounds, fractions, exponents (huge and
/// tiny), `-0`, and the malformed (leading zeros, a lone `-`, `1.`, `.5`, `1e`).
fn number() -> impl Strategy<Value = String> {
    let sign = prop_oneof![Just(""), Just("-")];
    let fraction = prop_oneof![3 => Just(String::new()), 2 => digits(1..20).prop_map(|d| format!(".{d}")), 1 => Just(".".to_owned())];
    let exponent = prop_oneof![
        3 => Just(String::new()),
        2 => (prop_oneof![Just("e"), Just("E")], prop_oneof![Just(""), Just("+"), Just("-")], digits(1..5)).prop_map(|(e, s, d)| format!("{e}{s}{d}")),
        1 => Just("e".to_owned()),
    ];
    prop_oneof![
        6 => (sign, digits(1..24), fraction, exponent).prop_map(|(s, i, f, e)| format!("{s}{i}{f}{e}")),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        2 => any::<u64>().prop_map(|n| n.to_string()),
        2 => any::<f64>().prop_map(|f| f.to_string()),
        1 => Just("-0".to_owned()),
        1 => Just("9223372036854775808".to_owned()),
        1 => Just("-9223372036854775808".to_owned()),
        1 => Just("-9223372036854775809".to_owned()),
        1 => Just("18446744073709551616".to_owned()),
        1 => Just("1e400".to_owned()),
        1 => Just("-".to_owned()),
        1 => Just(".5".to_owned()),
    ]
}

/// Strings: plain text in any script, every escape (surrogate pairs, lone surrogates, bad
/// escapes) and raw control characters.
fn string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => any::<char>().prop_map(|c| if c == '"' || c == '\\' || c.is_control() { String::from("x") } else { String::from(c) }),
        3 => "[a-z_]{1,8}".prop_map(String::from),
        1 => Just("\\n".to_owned()),
        1 => Just("\\\"".to_owned()),
        1 => Just("\\\\".to_owned()),
        1 => Just("\\/".to_owned()),
        1 => Just("\\b\\f\\r\\t".to_owned()),
        1 => Just("\\u00e9".to_owned()),
        1 => Just("\\u0000".to_owned()),
        1 => Just("\\uD83D\\uDE00".to_owned()),
        1 => Just("\\ud800".to_owned()),
        1 => Just("\\udc00".to_owned()),
        1 => Just("\\ud800\\u0041".to_owned()),
        1 => Just("\\u12".to_owned()),
        1 => Just("\\x".to_owned()),
        1 => Just("\u{1}".to_owned()),
        1 => Just("\n".to_owned()),
    ];
    vec(piece, 0..8).prop_map(|pieces| format!("\"{}\"", pieces.concat()))
}

/// A JSON(-ish) value as text, nested up to 6 deep, with duplicated keys now and then.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        1 => Just("null".to_owned()),
        1 => Just("true".to_owned()),
        1 => Just("false".to_owned()),
        4 => number(),
        4 => string(),
        1 => Just("nul".to_owned()),
    ];
    leaf.prop_recursive(6, 48, 6, |inner| {
        let key = prop_oneof![3 => string(), 1 => Just("\"a\"".to_owned()), 1 => Just("\"e\"".to_owned())];
        prop_oneof![
            (vec((inner.clone(), space()), 0..6), space()).prop_map(|(items, s)| {
                let items: Vec<String> = items.into_iter().map(|(v, s)| format!("{s}{v}{s}")).collect();
                format!("[{s}{}]", items.join(","))
            }),
            (vec((key, inner, space()), 0..6), space()).prop_map(|(members, s)| {
                let members: Vec<String> = members.into_iter().map(|(k, v, s)| format!("{s}{k}{s}:{s}{v}")).collect();
                format!("{{{s}{}}}", members.join(","))
            }),
        ]
    })
}

/// A text and a few edits of it (characters JSON's grammar turns on, inserted, replaced or
/// removed), so that near-JSON is tried as well as JSON.
fn text() -> impl Strategy<Value = String> {
    let edit = (
        any::<usize>(),
        0u8..3,
        prop_oneof![
            Just('{'),
            Just('}'),
            Just('['),
            Just(']'),
            Just(','),
            Just(':'),
            Just('"'),
            Just('\\'),
            Just('0'),
            Just('-'),
            Just('e'),
            Just('.'),
            Just(' '),
            Just('u'),
            Just('1'),
            Just('n'),
        ],
    );
    (
        space(),
        value(),
        space(),
        prop_oneof![4 => Just(Vec::new()), 1 => vec(edit, 1..4)],
    )
        .prop_map(|(before, v, after, edits)| {
            let mut chars: Vec<char> = format!("{before}{v}{after}").chars().collect();
            for (at, kind, c) in edits {
                let at = at % (chars.len() + 1);
                match kind {
                    0 => chars.insert(at, c),
                    1 if at < chars.len() => chars[at] = c,
                    _ if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => chars.push(c),
                }
            }
            chars.into_iter().collect()
        })
}

#[test]
fn the_reader_agrees_with_serde_json() {
    let mut runner = runner();
    let result = runner.run(&text(), |text| {
        compare(&text).map_err(TestCaseError::fail)?;
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Edge cases, each a disagreement some reader has had: nesting at serde_json's limit,
/// numbers at the bounds, surrogates, duplicate keys, trailing text.
#[test]
fn edge_cases_agree() {
    let mut cases: Vec<String> = [
        "",
        " ",
        "null",
        "nulll",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "01",
        "-0",
        "-0.0",
        "0e0",
        "1E+2",
        "1e-400",
        "1e400",
        "123456789012345678901234567890",
        "-9223372036854775808",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "0.1",
        "1.7976931348623157e308",
        "5e-324",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\udc00\"",
        "\"\\ud83d\\u0041\"",
        "\"a\u{0}b\"",
        "\"\\u0000\"",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"b\":2,\"a\":3}",
        "[] x",
        "\u{feff}[]",
        "[]\u{a0}",
        "{\"e\":{\"e\":null,\"a\":1},\"f\":255,\"g\":{\"x\":1}}",
        "{\"f\":256}",
        "{\"a\":null,\"b\":\"x\\ty\"}",
        "{\"c\":[1,2.5,-0,1e2]}",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for depth in [126, 127, 128, 129, 200] {
        cases.push(format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        cases.push(format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)));
    }
    // Disagreements found by the cargo-fuzz target, each fixed (`docs/reliability.md`):
    // numbers whose value serde_json rounds its own way (the significand beyond 64 bits, or
    // two roundings), which the lean reader had rounded correctly, and so differently.
    cases.extend(
        [
            "[1849551616,-94773720328547752032854775809,1e-400,\"\\ud83d\\ude00\"]",
            "-94773720328547752032854775809",
            "9007199254740993.0",
            "{\"c\":[9007199254740993.0]}",
        ]
        .map(str::to_owned),
    );
    // Over 32 members, objects index their names (`json/tree.rs`): duplicates there too.
    let many: Vec<String> = (0..40).map(|i| format!("\"k{}\":{i}", i % 35)).collect();
    cases.push(format!("{{{}}}", many.join(",")));
    for case in &cases {
        if let Err(e) = compare(case) {
            panic!("{e}");
        }
    }
}
