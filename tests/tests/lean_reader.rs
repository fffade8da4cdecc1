//! The lean path of `from_json` reads JSON text with its own reader (the generated `lean`
//! module). Whatever it accepts must be what `serde_json` reads from the same text, value
//! for value; whatever it gives up on goes down the diagnosing path, which decides.

use oasbind_runtime::Validate;
use oasbind_tests::composition as c;
use serde_json::Value;

/// `NotFound` keeps undeclared properties as `Value`s: `x` shows what was read.
fn doc(x: &str) -> String {
    format!(r#"{{"message":"m","x":{x}}}"#)
}

/// What `serde_json` reads from `text`, checked and converted the `Value` way.
fn by_serde_json(text: &str) -> Option<c::NotFound> {
    let value: Value = serde_json::from_str(text).ok()?;
    c::NotFound::from_value(value).ok()
}

#[test]
fn values_are_read_as_serde_json_reads_them() {
    let read = [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "7",
        "-7",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1.5",
        "-0.0",
        "1e3",
        "1E-3",
        "2.5e+2",
        "0.1",
        "123456789012345678901234567890",
        "1.7976931348623157e308",
        "5e-324",
        "\"\"",
        r#""plain text""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u00e9\u4e2d\ud83d\ude00""#,
        "\"caf\u{e9} \u{1f600}\"",
        "[]",
        "[1, [2, [3]], {}]",
        r#"{"k": {"\u006b": [true, null]}}"#,
        " \t\n\r [ 1 , 2 ] \n",
        r#"{"dup":1,"dup":2}"#,
    ];
    for x in read {
        let text = doc(x);
        let expected = by_serde_json(&text).unwrap_or_else(|| panic!("serde_json reads {x}"));
        let lean = c::NotFound::parse_lean(&text)
            .unwrap_or_else(|| panic!("the lean reader gives up on {x}"));
        assert_eq!(lean, expected, "{x}");
        // Bit for bit, for floats (`-0.0 == 0.0`).
        assert_eq!(
            lean.additional_properties["x"].to_string(),
            expected.additional_properties["x"].to_string(),
            "{x}"
        );
        assert_eq!(c::NotFound::from_json(&text).unwrap(), expected, "{x}");
    }
}

#[test]
fn text_that_is_not_json_is_never_read() {
    let rejected = [
        "",
        "nul",
        "nulls",
        "tru",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "0x10",
        "NaN",
        "Infinity",
        "1e400",
        "-1e400",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\":1,}",
        "{,}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":}",
        "'s'",
        "\"unterminated",
        "\"tab\tinside\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "[1]]",
        "{\"a\":1}}",
    ];
    for x in rejected {
        let text = doc(x);
        assert!(
            c::NotFound::parse_lean(&text).is_none(),
            "the lean reader took {x:?}"
        );
        assert_eq!(
            by_serde_json(&text).is_some(),
            c::NotFound::from_json(&text).is_ok(),
            "{x:?}"
        );
    }
    for text in [
        "",
        " ",
        "{\"message\":\"m\"} x",
        "\u{feff}{\"message\":\"m\"}",
        "{\"message\":\"m\"}{}",
    ] {
        assert!(
            c::NotFound::parse_lean(text).is_none(),
            "the lean reader took {text:?}"
        );
        assert!(
            c::NotFound::from_json(text)
                .unwrap_err()
                .contains("", "json"),
            "{text:?}"
        );
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    let nested = |depth: usize| doc(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
    // The document's own object is one level: 126 arrays inside it are 127 in all.
    assert!(c::NotFound::parse_lean(&nested(126)).is_some());
    assert!(by_serde_json(&nested(126)).is_some());
    assert!(c::NotFound::parse_lean(&nested(127)).is_none());
    assert!(by_serde_json(&nested(127)).is_none());
    assert!(c::NotFound::from_json(&nested(127))
        .unwrap_err()
        .contains("", "json"));
}

#[test]
fn shapes_are_as_strict_as_the_schema() {
    // A struct only from an object, not from an array of its fields.
    assert!(c::NotFound::parse_lean(r#"["m"]"#).is_none());
    assert!(c::NotFound::from_json(r#"["m"]"#)
        .unwrap_err()
        .contains("", "type"));
    // `null` only where the property allows it (`nickname` tells null from absent).
    assert_eq!(
        c::Profile::parse_lean(r#"{"nickname":null}"#)
            .unwrap()
            .nickname,
        Some(None)
    );
    assert!(c::Profile::parse_lean(r#"{"motto":null}"#).is_none());
    assert!(c::Profile::from_json(r#"{"motto":null}"#)
        .unwrap_err()
        .contains("/motto", "type"));
}
