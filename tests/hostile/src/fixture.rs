//! The injection fixtures: one Swagger 2.0 and one OpenAPI 3.1 definition whose every
//! string a user controls (names, titles, descriptions, examples, defaults, enum values,
//! patterns, formats, operation ids, parameter names, paths, server URLs, security scheme
//! names) comes from a list of payloads written to break out of where a generator might
//! put them: comments, string literals, attributes, doc comments (and the doctests rustdoc
//! would compile), format strings, identifiers.
//!
//! Each definition has a benign twin: the same document with every payload replaced by a
//! plain word. Whatever the hostile one generates must have exactly the items, macro
//! calls and attributes of its twin: the only thing a payload can change is the text of
//! a literal or a doc comment, and the spelling of a name.
//!
//! `build.rs` includes this file (`#[path]`) to write the hostile definitions and
//! generate them into `$OUT_DIR`; `src/lib.rs` compiles the output under
//! `#![deny(warnings)]`, and `cargo test --doc` (part of `cargo test --workspace`) runs
//! whatever doctest rustdoc finds in it: each smuggled doctest would fail.

use serde_json::{json, Value};

/// Text payloads (descriptions, titles, examples, defaults, server URLs, …). Every one
/// holds the word `smuggled`, which must never reach the output as code.
pub const TEXT: &[&str] = &[
    "*/ fn smuggled_1() {} /*",
    "\"; fn smuggled_2() {} const _: &str = \"",
    "\\\"); } fn smuggled_3() { (\\\"",
    "back\\slash \\u{202e} \\\" smuggled_4 \\",
    "#[cfg(any())] #[path = \"/etc/passwd\"] mod smuggled_5; #![allow(warnings)]",
    "} } } mod smuggled_6 { } {",
    "] ) ; static SMUGGLED_7: u8 = 0; [ (",
    "`smuggled_8` `` ` `` ```not a fence```",
    "```\ncompile_error!(\"smuggled_9: a doctest was compiled\");\n```",
    "```rust\ncompile_error!(\"smuggled_10\");\n```",
    "~~~\ncompile_error!(\"smuggled_11\");\n~~~",
    "text\n\n    compile_error!(\"smuggled_12\");\n",
    "- ```\n  compile_error!(\"smuggled_13\");\n  ```",
    "1.     compile_error!(\"smuggled_14\");",
    "> ```\n> compile_error!(\"smuggled_15\");\n> ```",
    "```compile_fail\nlet _smuggled_16 = 1;\n```",
    "```should_panic\nlet _smuggled_17 = 1;\n```",
    "line one\nline two\r\nline three\rline four smuggled_18\u{2028}five\u{85}six",
    "include!(\"/etc/passwd\"); include_str!(\"smuggled_19\"); env!(\"HOME\")",
    "\u{202e}smuggled_20\u{202c} \u{2066}isolate\u{2069} \u{200f}\u{61c}\u{200e}",
    "{} {0} {smuggled_21} {{ }} %s $x ${x} {:?}",
    "<script>alert('smuggled_22')</script> <!-- x --> </pre> <details>",
    "\0 \u{7} \u{1b}[31m smuggled_23 \u{7f} \u{feff} \u{8}",
    "r#\"smuggled_24\"# r\"x\" b\"y\" '\\'' 'a",
    "// smuggled_25\n/// doc\n//! inner\n/** block */ /*! inner */",
    "```text\n```\n```\ncompile_error!(\"smuggled_26\");\n```",
    "````\n```\ncompile_error!(\"smuggled_27\");\n````",
    "\t```\n\tcompile_error!(\"smuggled_28\");\n\t```",
    "```\ncompile_error!(\"smuggled_29: an unclosed fence\");",
    " - item\n\n       compile_error!(\"smuggled_30\");",
    "* ~~~rust\n  compile_error!(\"smuggled_31\");\n  ~~~",
    "+ 1. > ```\n  compile_error!(\"smuggled_32\");",
    "# Heading smuggled_33\n#[doc = \"x\"]\n#![doc = \"y\"]\n[link]: https://example.com",
    "🦀 é ǅ ＼ ＂ smuggled_34 \u{200b}\u{2060}",
    "    ```\n    compile_error!(\"smuggled_35\");\n    ```",
    "<pre><code>compile_error!(\"smuggled_36\")</code></pre>\n\n```\n\ncompile_error!(\"smuggled_36b\");\n```",
];

/// Name payloads (definition, property, parameter, security scheme names, operation ids,
/// enum values): keywords, names the generated module uses itself, punctuation, and what
/// is not an identifier at all.
pub const NAMES: &[&str] = &[
    "*/",
    "\"",
    "\\",
    "#[x]",
    "}",
    "]",
    "`",
    "```",
    "a\nb",
    "include!(\"x\")",
    "\u{202e}rtl",
    "",
    "1abc",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "type",
    "r#type",
    "async",
    "gen",
    "try",
    "union",
    "macro_rules",
    "fn main() {}",
    "🦀",
    "é",
    "a-b",
    "a b",
    "Validate",
    "Violations",
    "Secret",
    "check",
    "strict",
    "http",
    "token",
    "Client",
    "ClientError",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Value",
    "std",
    "core",
    "serde",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "DEFINITIONS",
    "validate_json",
    "{0}",
    "%s",
    "a.b",
    "a/b",
    "a~b",
    "x",
    "X",
    "x_",
    "X_2",
    "m\n```\ncompile_error!(\"name doctest\");\n```\n",
];

/// Payloads for names that must fit a path template (`{name}`) and a header name.
pub const PATH_NAMES: &[&str] = &[
    "*/",
    "\"q\"",
    "\\",
    "#[x]",
    "`",
    "self",
    "type",
    "1a",
    "a-b",
    "\u{202e}x",
];

/// Hostile, or the benign twin.
#[allow(dead_code)] // build.rs writes only the hostile fixtures
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Payloads.
    Hostile,
    /// Plain words in the same places.
    Benign,
}

struct Slots {
    fill: Fill,
    n: usize,
}

impl Slots {
    fn next(&mut self) -> usize {
        self.n += 1;
        self.n
    }

    /// A text slot.
    fn text(&mut self) -> String {
        let n = self.next();
        match self.fill {
            Fill::Hostile => TEXT[n % TEXT.len()].to_owned(),
            Fill::Benign => format!("text {n}"),
        }
    }

    /// A name slot; unique within the document. The benign twin keeps what a name means
    /// to the generator: a property named like a credential is redacted from `Debug`.
    fn name(&mut self) -> String {
        let n = self.next();
        let hostile = if n < NAMES.len() {
            NAMES[n].to_owned()
        } else {
            format!("{}{n}", NAMES[n % NAMES.len()])
        };
        let lower = hostile.to_ascii_lowercase();
        match self.fill {
            Fill::Hostile => hostile,
            Fill::Benign
                if ["secret", "password", "token", "api_key", "apikey"]
                    .iter()
                    .any(|w| lower.contains(w)) =>
            {
                format!("secret{n}")
            }
            Fill::Benign => format!("name{n}"),
        }
    }

    /// A name that can stand in a path template and a header.
    fn path_name(&mut self) -> String {
        let n = self.next();
        match self.fill {
            Fill::Hostile => format!("{}{n}", PATH_NAMES[n % PATH_NAMES.len()]),
            Fill::Benign => format!("name{n}"),
        }
    }

    /// A valid regular expression matching the text payload literally.
    fn pattern(&mut self) -> String {
        let text = self.text();
        let mut out = String::from("^");
        for c in text.chars() {
            if "^$\\.*+?()[]{}|/".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('$');
        out
    }
}

/// The Swagger 2.0 fixture.
pub fn swagger2(fill: Fill) -> Value {
    let mut s = Slots { fill, n: 0 };
    let thing = s.name();
    let part = s.name();
    let color = s.name();
    let code = s.name();
    let error = s.name();
    let (key_header, key_query, basic) = (s.name(), s.name(), s.name());
    let (a, b, c, d, e, f, g) = (
        s.name(),
        s.name(),
        s.name(),
        s.name(),
        s.name(),
        s.name(),
        s.name(),
    );
    let path_param = s.path_name();
    let definitions = json!({
        thing.clone(): {
            "type": "object",
            "title": s.text(),
            "description": s.text(),
            "required": [a.clone()],
            "properties": {
                a.clone(): { "type": "string", "description": s.text(), "pattern": s.pattern(), "default": s.text(), "example": s.text(), "maxLength": 100000 },
                b: { "type": "string", "enum": [s.name(), s.name(), s.name(), s.name(), s.name(), s.name()], "description": s.text(), "x-nullable": true },
                c: { "type": "integer", "format": "int64", "minimum": 1, "description": s.text(), "example": 5 },
                d: { "type": "array", "items": { "$ref": format!("#/definitions/{}", escape(&part)) }, "description": s.text(), "maxItems": 10 },
                e: { "type": "object", "additionalProperties": { "type": "string", "description": s.text(), "pattern": s.pattern() }, "description": s.text() },
                f: { "type": "object", "description": s.text(), "properties": { s.name(): { "type": "string", "description": s.text(), "format": s.text() } } },
                g: { "$ref": format!("#/definitions/{}", escape(&color)) },
            },
            "example": { a.clone(): s.text() },
        },
        part.clone(): { "type": "object", "description": s.text(), "properties": { s.name(): { "type": "string", "format": "date-time", "description": s.text() }, s.name(): { "type": "number", "multipleOf": 0.5, "description": s.text() } } },
        color.clone(): { "type": "string", "enum": [s.name(), s.name(), s.name(), s.name(), s.name(), s.name(), s.name(), s.name()], "description": s.text(), "default": Value::Null },
        code: { "type": "string", "pattern": s.pattern(), "minLength": 1, "description": s.text(), "title": s.text(), "example": s.text() },
        error.clone(): { "type": "object", "required": ["pointer", "message"], "description": s.text(), "properties": { "pointer": { "type": "string" }, "message": { "type": "string", "description": s.text() } } },
    });
    let thing_ref = json!({ "$ref": format!("#/definitions/{}", escape(&thing)) });
    let error_ref = json!({ "$ref": format!("#/definitions/{}", escape(&error)) });
    let path = format!(
        "/things/{}/{{{path_param}}}/{}",
        s.path_name(),
        s.path_name()
    );
    let paths = json!({
        path: {
            "get": {
                "operationId": s.name(),
                "summary": s.text(),
                "description": s.text(),
                "tags": [s.text()],
                "parameters": [
                    { "name": path_param, "in": "path", "required": true, "type": "string", "description": s.text(), "pattern": s.pattern() },
                    { "name": s.name(), "in": "query", "type": "string", "enum": [s.name(), s.name()], "description": s.text() },
                    { "name": s.path_name(), "in": "header", "type": "string", "description": s.text(), "default": s.text() },
                    { "name": s.name(), "in": "query", "type": "array", "items": { "type": "string", "pattern": s.pattern() }, "description": s.text() },
                ],
                "responses": {
                    "200": { "description": s.text(), "schema": thing_ref.clone() },
                    "default": { "description": s.text(), "schema": error_ref.clone() },
                },
            },
            "post": {
                "operationId": s.name(),
                "description": s.text(),
                "parameters": [{ "name": s.name(), "in": "body", "required": true, "schema": thing_ref, "description": s.text() }],
                "responses": { "201": { "description": s.text() }, "400": { "description": s.text(), "schema": error_ref } },
                "security": [{ key_query.clone(): [] }],
            },
        },
    });
    json!({
        "swagger": "2.0",
        "info": { "title": s.text(), "description": s.text(), "version": s.text() },
        "host": s.text(),
        "basePath": format!("/{}", s.text()),
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "securityDefinitions": {
            key_header.clone(): { "type": "apiKey", "in": "header", "name": s.path_name(), "description": s.text() },
            key_query: { "type": "apiKey", "in": "query", "name": s.name(), "description": s.text() },
            basic.clone(): { "type": "basic", "description": s.text() },
        },
        "security": [{ key_header: [], basic: [] }],
        "definitions": definitions,
        "paths": paths,
    })
}

/// The OpenAPI 3.1 fixture (written as YAML).
pub fn openapi31(fill: Fill) -> Value {
    let mut s = Slots { fill, n: 1000 };
    let (thing, shape, error) = (s.name(), s.name(), s.name());
    let (bearer, cookie, oauth) = (s.name(), s.name(), s.name());
    let (a, b, c, d) = (s.name(), s.name(), s.name(), s.name());
    let path_param = s.path_name();
    let scope = s.text();
    let schemas = json!({
        thing.clone(): {
            "type": "object",
            "description": s.text(),
            "required": [a.clone(), b.clone()],
            "properties": {
                a: { "const": s.text(), "description": s.text() },
                b: { "type": ["string", "null"], "enum": [s.name(), s.name(), Value::Null], "description": s.text(), "examples": [s.text(), s.text()] },
                c: { "type": "array", "prefixItems": [{ "type": "string", "pattern": s.pattern() }, { "type": "integer" }], "items": false, "description": s.text() },
                d: { "$ref": format!("#/components/schemas/{}", escape(&shape)), "description": s.text() },
            },
            "additionalProperties": false,
            "examples": [{ s.name(): s.text() }],
        },
        shape.clone(): {
            "description": s.text(),
            "oneOf": [
                { "type": "object", "title": s.text(), "required": [s.name()], "properties": { s.name(): { "type": "string", "default": s.text() } } },
                { "type": "string", "title": s.text(), "enum": [s.name(), s.name()] },
            ],
        },
        error.clone(): { "type": "object", "required": ["pointer", "message"], "properties": { "pointer": { "type": "string" }, "message": { "type": "string", "description": s.text() } } },
    });
    let thing_ref = json!({ "$ref": format!("#/components/schemas/{}", escape(&thing)) });
    let error_ref = json!({ "$ref": format!("#/components/schemas/{}", escape(&error)) });
    let path = format!("/{}/{{{path_param}}}", s.path_name());
    // An OAuth token request: the bindings get the scopes seam and the token provider,
    // whose docs and messages name the metadata property.
    let (token_request, metadata) = (s.name(), s.name());
    let metadata_wire = match fill {
        Fill::Hostile => {
            "meta\n```\ncompile_error!(\"name doctest\");\n```\n*/ \u{202e} {0} \"metadata"
        }
        Fill::Benign => "client_metadata",
    };
    let mut schemas = schemas;
    schemas[token_request.as_str()] = json!({
        "type": "object",
        "description": s.text(),
        "required": ["grant_type", "scope"],
        "properties": {
            "grant_type": { "type": "string", "enum": [s.name()] },
            "scope": { "type": "string", "maxLength": 100, "description": s.text() },
            metadata_wire: { "$ref": format!("#/components/schemas/{}", escape(&metadata)) },
        },
    });
    schemas[metadata.as_str()] = json!({ "type": "object", "description": s.text(), "properties": { s.name(): { "type": "string", "description": s.text() } } });
    let token_path = format!("/{}", s.path_name());
    json!({
        "openapi": "3.1.0",
        "info": { "title": s.text(), "summary": s.text(), "description": s.text(), "version": s.text() },
        "servers": [
            { "url": s.text(), "description": s.text() },
            { "url": format!("https://{{region}}.example.com/{}", s.text()), "variables": { "region": { "default": s.text(), "enum": [s.text()] } } },
        ],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                bearer.clone(): { "type": "http", "scheme": "bearer", "description": s.text(), "bearerFormat": s.text() },
                cookie.clone(): { "type": "apiKey", "in": "cookie", "name": s.path_name(), "description": s.text() },
                oauth.clone(): { "type": "oauth2", "description": s.text(), "flows": { "clientCredentials": { "tokenUrl": s.text(), "scopes": { scope.clone(): s.text() } } } },
            },
        },
        "security": [{ bearer: [] }, { oauth: [scope] }],
        "paths": {
            token_path: {
                "post": {
                    "operationId": s.name(),
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", escape(&token_request)) } } } },
                    "responses": { "200": { "description": s.text(), "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", escape(&thing)) } } } } },
                },
            },
            path: {
                "summary": s.text(),
                "parameters": [{ "name": path_param, "in": "path", "required": true, "schema": { "type": "string", "maxLength": 10 }, "description": s.text() }],
                "put": {
                    "operationId": s.name(),
                    "description": s.text(),
                    "parameters": [
                        { "name": s.path_name(), "in": "cookie", "schema": { "type": "string" }, "description": s.text() },
                        { "name": s.name(), "in": "query", "required": true, "schema": { "type": "integer", "minimum": 0, "default": 3 }, "description": s.text(), "example": 4 },
                    ],
                    "requestBody": { "description": s.text(), "required": true, "content": { "application/json": { "schema": thing_ref.clone(), "example": { "x": s.text() } } } },
                    "responses": {
                        "200": { "description": s.text(), "content": { "application/json": { "schema": thing_ref } } },
                        "4XX": { "description": s.text(), "content": { "application/json": { "schema": error_ref } } },
                    },
                    "security": [{ cookie: [] }],
                },
            },
        },
    })
}

/// A name as a JSON pointer token inside a `$ref` (RFC 6901, then percent-encoded as a
/// URI fragment).
fn escape(name: &str) -> String {
    let token = name.replace('~', "~0").replace('/', "~1");
    let mut out = String::new();
    for b in token.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The fixtures as files: (file name, text).
pub fn files(fill: Fill) -> Vec<(&'static str, String)> {
    let (swagger, openapi) = match fill {
        Fill::Hostile => ("injection_swagger.json", "injection_openapi.yaml"),
        Fill::Benign => ("benign_swagger.json", "benign_openapi.yaml"),
    };
    vec![
        (
            swagger,
            serde_json::to_string_pretty(&swagger2(fill)).expect("JSON is written"),
        ),
        (openapi, crate::arb::to_yaml(&openapi31(fill))),
    ]
}
