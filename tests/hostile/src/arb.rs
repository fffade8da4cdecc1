//! Random API definitions from unstructured bytes, shared by the cargo-fuzz target
//! (`fuzz/fuzz_targets/generate_structured.rs`, through `#[path]`) and the proptest
//! harness (`tests/fuzz.rs`).
//!
//! Every shape the front ends read can come out: Swagger 2.0, OpenAPI 3.0 and 3.1, and
//! plain JSON Schema documents, with random schemas (every keyword oasbind knows, some
//! with values of the wrong type), `$ref`s (to definitions, dangling, cyclic, into other
//! files that do not exist), names from a pool of awkward ones (keywords, reserved names
//! of the generated module, punctuation, `*/`, bidi controls) or arbitrary strings,
//! operations, parameters, bodies, responses, servers and security schemes. The same bytes
//! always give the same document.
//!
//! This file depends only on `arbitrary`, `serde_json`, `yaml-rust2` and `oasbind`, so the
//! fuzz crate (outside the workspace) can include it as it is.

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Number, Value};

/// Names that have broken, or could break, a code generator: keywords, names the generated
/// module reserves, punctuation that ends comments and strings, non-ASCII, empty.
pub const NAMES: &[&str] = &[
    "pet",
    "Pet",
    "pet_id",
    "petId",
    "PetID",
    "pet-id",
    "pet id",
    "pet.id",
    "pet/id",
    "pet~id",
    "pets",
    "type",
    "r#type",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "__",
    "",
    " ",
    "1abc",
    "123",
    "-1",
    "é",
    "🦀",
    "a\u{202e}b",
    "\u{2066}x",
    "*/",
    "/*",
    "//",
    "\"",
    "\\",
    "'",
    "#[x]",
    "#![x]",
    "}",
    "{",
    "]",
    "[",
    "`",
    "```",
    "\n",
    "\r\n",
    "\0",
    "include!(\"x\")",
    "fn main() {}",
    "{0}",
    "{}",
    "%s",
    "%20",
    "{id}",
    "$ref",
    "$id",
    "async",
    "await",
    "gen",
    "try",
    "union",
    "dyn",
    "macro_rules",
    "abstract",
    "yield",
    "static",
    "mod",
    "impl",
    "Validate",
    "Violation",
    "Violations",
    "Secret",
    "check",
    "strict",
    "http",
    "token",
    "Client",
    "ClientError",
    "Credentials",
    "HttpClient",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Value",
    "Map",
    "std",
    "core",
    "serde",
    "serde_json",
    "regress",
    "schemars",
    "reqwest",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Debug",
    "DEFINITIONS",
    "LEAN_NULLABLE",
    "validate_json",
    "from_json",
    "check_value",
    "additional_properties",
    "AdditionalProperties",
    "properties",
    "access_token",
    "client_secret",
    "password",
    "api_key",
    "x",
    "X",
    "x_",
    "X_",
    "x__1",
    "x_2",
    "X2",
    "x1",
    "OAuthScope",
    "MetadataField",
    "Status200",
    "Default_",
    "Params",
    "Response",
    "Error",
    "ErrorResponse",
    "Body",
    "T",
    "E",
    "'static",
];

const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    "^\\d{3}-\\d{4}$",
    "a|b",
    "^(?:x)*$",
    "[",
    "(",
    "\\",
    "^\\p{L}+$",
    "\\u{1F980}",
    "(?<n>a)\\k<n>",
    "^.{2,5}$",
    "*/",
    "\"",
    "^[\\]\\}]$",
    "(a+)+$",
    "",
    "\u{202e}",
    "^\\w*$",
    "\\bword\\b",
    "x{1000}",
    "(?=a)a",
];

const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "uuid",
    "json-pointer",
    "regex",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "password",
    "*/",
    "",
];

const MEDIA: &[&str] = &[
    "application/json",
    "application/problem+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "*/*",
    "application/json; charset=utf-8",
    "",
    "a\"b",
];

const STATUSES: &[&str] = &[
    "200", "201", "204", "2XX", "4XX", "5xx", "default", "400", "404", "999", "abc", "600", "1XX",
    "",
];

const SERVERS: &[&str] = &[
    "https://api.example.com/v1",
    "http://localhost:8080",
    "/relative",
    "{scheme}://{host}/v1",
    "",
    "*/",
    "https://x/\"; fn y() {} //",
    "https://a\u{202e}b.example",
    "ftp://x",
    "//x",
    "https://[::1]:1/",
    "%",
];

/// Which front end a document is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.
    OpenApi30,
    /// OpenAPI 3.1.
    OpenApi31,
    /// A JSON Schema document.
    JsonSchema,
}

/// A random definition and the settings to generate it with.
#[derive(Clone, Debug)]
pub struct Case {
    /// The document.
    pub doc: Value,
    /// Its front end.
    pub dialect: Dialect,
    /// Give it a `.yaml` name (and YAML text) rather than `.json`.
    pub yaml: bool,
    /// `Config::client`.
    pub client: bool,
    /// `Config::http`.
    pub http: bool,
    /// `Config::schemars`.
    pub schemars: bool,
    /// `Config::strict`.
    pub strict: bool,
    /// `Config::infer_object_type`.
    pub infer: bool,
    /// `Config::assert_formats`.
    pub formats: bool,
    /// `Config::server` (which needs the client: without it, an error).
    pub server: bool,
    /// `Config::open_enums`.
    pub open_enums: bool,
    /// `Config::format_types`.
    pub format_types: bool,
}

impl Case {
    /// The file name the definition is given (it decides JSON or YAML).
    pub fn file(&self) -> &'static str {
        if self.yaml {
            "fuzz.yaml"
        } else {
            "fuzz.json"
        }
    }

    /// The generator settings the case asks for.
    pub fn config(&self) -> oasbind::Config {
        let mut config = oasbind::Config::new();
        config
            .client(self.client)
            .http(self.http)
            .schemars(self.schemars)
            .strict(self.strict)
            .infer_object_type(self.infer)
            .assert_formats(self.formats)
            .server(self.server)
            .open_enums(self.open_enums)
            .format_types(self.format_types);
        config
    }

    /// The definition's text: JSON, or YAML written by yaml-rust2's emitter.
    pub fn text(&self) -> String {
        if self.yaml {
            to_yaml(&self.doc)
        } else {
            serde_json::to_string_pretty(&self.doc).unwrap_or_default()
        }
    }
}

/// A random case from `u`.
pub fn case(u: &mut Unstructured) -> Result<Case> {
    let dialect = *u.choose(&[
        Dialect::Swagger2,
        Dialect::OpenApi30,
        Dialect::OpenApi31,
        Dialect::JsonSchema,
    ])?;
    let mut g = Gen {
        u,
        dialect,
        defs: Vec::new(),
        budget: 400,
    };
    let doc = g.document()?;
    let u = g.u;
    Ok(Case {
        doc,
        dialect,
        yaml: u.arbitrary()?,
        client: u.arbitrary()?,
        http: u.arbitrary()?,
        schemars: u.arbitrary()?,
        strict: u.ratio(1, 8)?,
        infer: !u.ratio(1, 4)?,
        formats: u.ratio(1, 4)?,
        server: u.ratio(1, 4)?,
        open_enums: u.ratio(1, 4)?,
        format_types: !u.ratio(1, 4)?,
    })
}

struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    dialect: Dialect,
    /// Definition names, for `$ref`s.
    defs: Vec<String>,
    /// Schemas still allowed (keeps documents small whatever the bytes say).
    budget: usize,
}

impl Gen<'_, '_> {
    fn name(&mut self) -> Result<String> {
        Ok(if self.u.ratio(1, 6)? {
            self.u.arbitrary::<String>()?
        } else {
            (*self.u.choose(NAMES)?).to_owned()
        })
    }

    fn text(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0..=3)? {
            0 => self.u.arbitrary::<String>()?,
            1 => "A description with `code`, *emphasis*, a [link](https://example.com) and <b>html</b>.".to_owned(),
            2 => "```\nfn smuggled() {}\n```\n    indented();\n> quote\n- ```rust\n  x\n  ```".to_owned(),
            _ => self.name()?,
        })
    }

    fn number(&mut self) -> Result<Value> {
        Ok(match self.u.int_in_range(0..=5)? {
            0 => json!(self.u.int_in_range(-3..=10)?),
            1 => json!(self.u.arbitrary::<i64>()?),
            2 => json!(self.u.arbitrary::<u64>()?),
            3 => Number::from_f64(self.u.arbitrary::<f64>()?)
                .map(Value::Number)
                .unwrap_or(json!(0.5)),
            4 => json!(*self.u.choose(&[0.1, 0.5, 1e-9, 1e300, -2.5, 1.0])?),
            _ => json!(self.u.int_in_range(0..=3)?),
        })
    }

    /// Instance data for `enum`, `const`, `default`, examples.
    fn data(&mut self, depth: u32) -> Result<Value> {
        Ok(match self.u.int_in_range(0..=6)? {
            0 => Value::Null,
            1 => Value::Bool(self.u.arbitrary()?),
            2 => self.number()?,
            3 | 4 => Value::String(self.name()?),
            5 if depth > 0 => {
                let n = self.u.int_in_range(0..=3)?;
                Value::Array(
                    (0..n)
                        .map(|_| self.data(depth - 1))
                        .collect::<Result<_>>()?,
                )
            }
            _ if depth > 0 => {
                let n = self.u.int_in_range(0..=3)?;
                let mut m = Map::new();
                for _ in 0..n {
                    let k = self.name()?;
                    m.insert(k, self.data(depth - 1)?);
                }
                Value::Object(m)
            }
            _ => Value::String(self.name()?),
        })
    }

    fn reference(&mut self) -> Result<Value> {
        let prefix = match self.dialect {
            Dialect::Swagger2 => "#/definitions/",
            Dialect::OpenApi30 | Dialect::OpenApi31 => "#/components/schemas/",
            Dialect::JsonSchema => "#/$defs/",
        };
        let target = match self.u.int_in_range(0..=9)? {
            0 => "#/nowhere".to_owned(),
            1 => "other.json#/definitions/x".to_owned(),
            2 => "#".to_owned(),
            3 => format!("{prefix}{}", self.name()?),
            _ if !self.defs.is_empty() => {
                let name = self.u.choose(&self.defs)?.clone();
                format!("{prefix}{}", name.replace('~', "~0").replace('/', "~1"))
            }
            _ => format!("{prefix}missing"),
        };
        Ok(json!({ "$ref": target }))
    }

    fn schema(&mut self, depth: u32) -> Result<Value> {
        if self.budget == 0 || depth == 0 {
            return Ok(
                json!({ "type": *self.u.choose(&["string", "integer", "number", "boolean"])? }),
            );
        }
        self.budget -= 1;
        match self.u.int_in_range(0..=19)? {
            0 | 1 => return self.reference(),
            2 if self.dialect != Dialect::Swagger2 => return Ok(Value::Bool(self.u.arbitrary()?)),
            3 => return Ok(json!({})),
            _ => {}
        }
        let mut s = Map::new();
        let types = [
            "string", "integer", "number", "boolean", "array", "object", "null", "file", "bogus",
        ];
        match self.u.int_in_range(0..=9)? {
            0 => {}
            1 if self.dialect == Dialect::OpenApi31 || self.dialect == Dialect::JsonSchema => {
                let n = self.u.int_in_range(0..=3)?;
                let list: Vec<Value> = (0..n)
                    .map(|_| Ok(json!(*self.u.choose(&types)?)))
                    .collect::<Result<_>>()?;
                s.insert("type".into(), Value::Array(list));
            }
            2 => {
                s.insert("type".into(), json!(self.u.int_in_range(0..=2)?));
            }
            _ => {
                s.insert("type".into(), json!(*self.u.choose(&types[..7])?));
            }
        }
        let kind = s
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let keywords = self.u.int_in_range(0..=6)?;
        for _ in 0..keywords {
            self.keyword(&mut s, &kind, depth)?;
        }
        Ok(Value::Object(s))
    }

    fn keyword(&mut self, s: &mut Map<String, Value>, kind: &str, depth: u32) -> Result<()> {
        let k = self.u.int_in_range(0..=40)?;
        // Object and array keywords come up more often under their own type.
        let k = match (kind, k) {
            ("object", 0..=9) => 20 + k % 6,
            ("array", 0..=9) => 26 + k % 5,
            _ => k,
        };
        let (key, value): (&str, Value) = match k {
            0 => ("enum", {
                let n = self.u.int_in_range(0..=6)?;
                Value::Array((0..n).map(|_| self.data(1)).collect::<Result<_>>()?)
            }),
            1 => ("const", self.data(2)?),
            2 => ("minLength", self.number()?),
            3 => ("maxLength", self.number()?),
            4 => ("pattern", json!(*self.u.choose(PATTERNS)?)),
            5 => ("format", json!(*self.u.choose(FORMATS)?)),
            6 => ("minimum", self.number()?),
            7 => ("maximum", self.number()?),
            8 => (
                "exclusiveMinimum",
                if self.u.arbitrary()? {
                    json!(self.u.arbitrary::<bool>()?)
                } else {
                    self.number()?
                },
            ),
            9 => (
                "exclusiveMaximum",
                if self.u.arbitrary()? {
                    json!(self.u.arbitrary::<bool>()?)
                } else {
                    self.number()?
                },
            ),
            10 => ("multipleOf", self.number()?),
            11 => ("default", self.data(2)?),
            12 => ("example", self.data(2)?),
            13 => ("examples", json!([self.data(1)?])),
            14 => ("description", json!(self.text()?)),
            15 => ("title", json!(self.text()?)),
            16 => ("nullable", json!(self.u.arbitrary::<bool>()?)),
            17 => ("readOnly", json!(self.u.arbitrary::<bool>()?)),
            18 => ("writeOnly", json!(self.u.arbitrary::<bool>()?)),
            19 => ("x-extension", self.data(2)?),
            20 | 21 => ("properties", {
                let n = self.u.int_in_range(0..=5)?;
                let mut m = Map::new();
                for _ in 0..n {
                    let name = self.name()?;
                    let child = self.schema(depth - 1)?;
                    m.insert(name, child);
                }
                Value::Object(m)
            }),
            22 => ("required", {
                let mut names: Vec<Value> = s
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.keys()
                            .filter(|_| self.u.arbitrary().unwrap_or(false))
                            .map(|k| json!(k))
                            .collect()
                    })
                    .unwrap_or_default();
                if self.u.ratio(1, 4)? {
                    names.push(json!(self.name()?));
                }
                Value::Array(names)
            }),
            23 => (
                "additionalProperties",
                if self.u.arbitrary()? {
                    json!(self.u.arbitrary::<bool>()?)
                } else {
                    self.schema(depth - 1)?
                },
            ),
            24 => ("minProperties", self.number()?),
            25 => ("discriminator", {
                let property = self.name()?;
                if self.dialect == Dialect::Swagger2 {
                    json!(property)
                } else {
                    let target = self.reference()?["$ref"].clone();
                    json!({ "propertyName": property, "mapping": { self.name()?: target } })
                }
            }),
            26 | 27 => (
                "items",
                if self.u.ratio(1, 5)? {
                    json!([self.schema(depth - 1)?])
                } else {
                    self.schema(depth - 1)?
                },
            ),
            28 => (
                "prefixItems",
                json!([self.schema(depth - 1)?, self.schema(depth - 1)?]),
            ),
            29 => ("minItems", self.number()?),
            30 => ("uniqueItems", json!(self.u.arbitrary::<bool>()?)),
            31 => ("maxItems", self.number()?),
            32..=34 => (*self.u.choose(&["allOf", "anyOf", "oneOf"])?, {
                let n = self.u.int_in_range(0..=3)?;
                Value::Array(
                    (0..n)
                        .map(|_| self.schema(depth - 1))
                        .collect::<Result<_>>()?,
                )
            }),
            35 => ("not", self.schema(depth - 1)?),
            36 => ("$ref", self.reference()?["$ref"].clone()),
            37 => (
                *self.u.choose(&[
                    "if",
                    "then",
                    "else",
                    "contains",
                    "propertyNames",
                    "dependentSchemas",
                    "patternProperties",
                ])?,
                self.schema(depth - 1)?,
            ),
            38 => (
                *self.u.choose(&[
                    "$id",
                    "$anchor",
                    "$schema",
                    "$comment",
                    "$defs",
                    "definitions",
                ])?,
                json!(self.name()?),
            ),
            39 => (
                *self.u.choose(&[
                    "minContains",
                    "maxContains",
                    "maxProperties",
                    "dependentRequired",
                    "unevaluatedProperties",
                ])?,
                self.number()?,
            ),
            _ => {
                let name = self.name()?;
                s.insert(name, self.data(1)?);
                return Ok(());
            }
        };
        s.insert(key.to_owned(), value);
        Ok(())
    }

    fn document(&mut self) -> Result<Value> {
        let n = self.u.int_in_range(0..=6)?;
        for _ in 0..n {
            let name = self.name()?;
            self.defs.push(name);
        }
        let mut defs = Map::new();
        for name in self.defs.clone() {
            let schema = self.schema(4)?;
            defs.insert(name, schema);
        }
        let info = json!({ "title": self.text()?, "version": if self.u.arbitrary()? { json!("1.0") } else { self.number()? }, "description": self.text()? });
        let mut root = Map::new();
        match self.dialect {
            Dialect::Swagger2 => {
                root.insert("swagger".into(), json!("2.0"));
                root.insert("info".into(), info);
                root.insert("host".into(), json!(*self.u.choose(SERVERS)?));
                root.insert(
                    "basePath".into(),
                    json!(*self.u.choose(&["/v1", "", "v1", "/a b", "/*/"])?),
                );
                root.insert(
                    "schemes".into(),
                    json!([*self.u.choose(&["https", "http", "ws", ""])?]),
                );
                root.insert("definitions".into(), Value::Object(defs));
                root.insert("securityDefinitions".into(), self.security()?);
                root.insert("paths".into(), self.paths()?);
            }
            Dialect::OpenApi30 | Dialect::OpenApi31 => {
                let version = if self.dialect == Dialect::OpenApi30 {
                    "3.0.3"
                } else {
                    "3.1.0"
                };
                root.insert("openapi".into(), json!(version));
                root.insert("info".into(), info);
                let url = *self.u.choose(SERVERS)?;
                root.insert(
                    "servers".into(),
                    json!([{ "url": url, "description": self.text()?, "variables": { "scheme": { "default": "https" }, "host": { "default": self.name()? } } }]),
                );
                let security = self.security()?;
                root.insert(
                    "components".into(),
                    json!({ "schemas": defs, "securitySchemes": security }),
                );
                root.insert("paths".into(), self.paths()?);
            }
            Dialect::JsonSchema => {
                let mut schema = match self.schema(4)? {
                    Value::Object(m) => m,
                    other => return Ok(other),
                };
                if self.u.arbitrary()? {
                    let uri = *self.u.choose(&[
                        "https://json-schema.org/draft/2020-12/schema",
                        "http://json-schema.org/draft-04/schema#",
                        "http://json-schema.org/draft-07/schema#",
                        "https://example.com/unknown",
                    ])?;
                    schema.insert("$schema".into(), json!(uri));
                }
                schema.insert("$defs".into(), Value::Object(defs));
                return Ok(Value::Object(schema));
            }
        }
        if self.u.arbitrary()? {
            let name = self.name()?;
            root.insert("security".into(), json!([{ name: [] }]));
        }
        Ok(Value::Object(root))
    }

    fn security(&mut self) -> Result<Value> {
        let n = self.u.int_in_range(0..=3)?;
        let mut m = Map::new();
        for _ in 0..n {
            let name = self.name()?;
            let scheme = match self.u.int_in_range(0..=4)? {
                0 => {
                    json!({ "type": "apiKey", "name": self.name()?, "in": *self.u.choose(&["header", "query", "cookie", "body"])?, "description": self.text()? })
                }
                1 if self.dialect == Dialect::Swagger2 => json!({ "type": "basic" }),
                1 => {
                    json!({ "type": "http", "scheme": *self.u.choose(&["basic", "bearer", "digest", ""])? })
                }
                2 => {
                    json!({ "type": "oauth2", "flow": "application", "tokenUrl": *self.u.choose(SERVERS)?, "flows": { "clientCredentials": { "tokenUrl": *self.u.choose(SERVERS)?, "scopes": { self.name()?: self.text()? } } }, "scopes": {} })
                }
                3 => json!({ "type": self.name()? }),
                _ => self.data(1)?,
            };
            m.insert(name, scheme);
        }
        Ok(Value::Object(m))
    }

    fn paths(&mut self) -> Result<Value> {
        let n = self.u.int_in_range(0..=3)?;
        let mut paths = Map::new();
        for _ in 0..n {
            let param = self.name()?;
            let path = match self.u.int_in_range(0..=3)? {
                0 => format!("/items/{{{param}}}"),
                1 => "/".to_owned(),
                2 => self.name()?,
                _ => format!("/{}/{{{param}}}/{{other}}", self.name()?),
            };
            let mut item = Map::new();
            let ops = self.u.int_in_range(1..=2)?;
            for _ in 0..ops {
                let method = *self.u.choose(&[
                    "get",
                    "put",
                    "post",
                    "delete",
                    "patch",
                    "head",
                    "options",
                    "trace",
                    "x-nope",
                    "parameters",
                ])?;
                let op = self.operation(&param)?;
                item.insert(method.to_owned(), op);
            }
            paths.insert(path, Value::Object(item));
        }
        Ok(Value::Object(paths))
    }

    fn operation(&mut self, path_param: &str) -> Result<Value> {
        let mut op = Map::new();
        if self.u.ratio(3, 4)? {
            op.insert("operationId".into(), json!(self.name()?));
        }
        op.insert("summary".into(), json!(self.text()?));
        op.insert("description".into(), json!(self.text()?));
        let n = self.u.int_in_range(0..=4)?;
        let mut params = Vec::new();
        for i in 0..n {
            let name = if i == 0 {
                path_param.to_owned()
            } else {
                self.name()?
            };
            let location = *self.u.choose(&[
                "path", "query", "header", "cookie", "body", "formData", "nowhere",
            ])?;
            let mut p = json!({ "name": name, "in": location, "required": self.u.arbitrary::<bool>()?, "description": self.text()? });
            let schema = self.schema(2)?;
            if self.dialect == Dialect::Swagger2 && location != "body" {
                if let (Value::Object(p), Value::Object(s)) = (&mut p, schema) {
                    p.extend(s);
                }
            } else {
                p["schema"] = schema;
            }
            params.push(p);
        }
        op.insert("parameters".into(), Value::Array(params));
        if self.dialect != Dialect::Swagger2 && self.u.arbitrary()? {
            let media = *self.u.choose(MEDIA)?;
            op.insert("requestBody".into(), json!({ "required": self.u.arbitrary::<bool>()?, "content": { media: { "schema": self.schema(3)? } } }));
        }
        let n = self.u.int_in_range(0..=3)?;
        let mut responses = Map::new();
        for _ in 0..n {
            let status = *self.u.choose(STATUSES)?;
            let schema = self.schema(3)?;
            let response = if self.dialect == Dialect::Swagger2 {
                json!({ "description": self.text()?, "schema": schema })
            } else {
                json!({ "description": self.text()?, "content": { *self.u.choose(MEDIA)?: { "schema": schema } } })
            };
            responses.insert(status.to_owned(), response);
        }
        op.insert("responses".into(), Value::Object(responses));
        if self.u.ratio(1, 3)? {
            op.insert("consumes".into(), json!([*self.u.choose(MEDIA)?]));
            op.insert("produces".into(), json!([*self.u.choose(MEDIA)?]));
        }
        if self.u.ratio(1, 3)? {
            let name = self.name()?;
            op.insert("security".into(), json!([{ name: [] }]));
        }
        Ok(Value::Object(op))
    }
}

/// YAML text for a JSON value, in block style: keys double-quoted, multi-line strings
/// under a mapping key as literal blocks (`|2-`, `|2+`), other strings double-quoted with
/// every character YAML would not take as it is escaped. (yaml-rust2's own emitter writes
/// multi-line keys as literal blocks, which is not YAML.)
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => yaml_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => yaml_seq(a, 0, &mut out),
        other => {
            out.push_str(&yaml_inline(other));
            out.push('\n');
        }
    }
    out
}

fn yaml_map(m: &Map<String, Value>, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in m {
        out.push_str(&pad);
        let key = yaml_quoted(k);
        if key.chars().count() > 1000 {
            // An implicit key is at most 1024 characters long.
            out.push_str("? ");
            out.push_str(&key);
            out.push('\n');
            out.push_str(&pad);
        } else {
            out.push_str(&key);
        }
        out.push(':');
        yaml_value(v, indent, out);
    }
}

fn yaml_seq(a: &[Value], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for v in a {
        out.push_str(&pad);
        out.push('-');
        match v {
            Value::String(_) => {
                out.push(' ');
                out.push_str(&yaml_inline(v));
                out.push('\n');
            }
            _ => yaml_value(v, indent, out),
        }
    }
}

/// The value after `key:` or `-`, the node at `indent` being the parent.
fn yaml_value(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml_map(m, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml_seq(a, indent + 2, out);
        }
        Value::String(s)
            if s.contains('\n')
                && s.chars().all(|c| {
                    c == '\n'
                        || (yaml_printable(c)
                            && !matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
                }) =>
        {
            out.push_str(if s.ends_with('\n') {
                " |2+\n"
            } else {
                " |2-\n"
            });
            let pad = " ".repeat(indent + 2);
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&yaml_inline(other));
            out.push('\n');
        }
    }
}

fn yaml_inline(v: &Value) -> String {
    match v {
        Value::String(s) => yaml_quoted(s),
        Value::Object(m) if m.is_empty() => "{}".to_owned(),
        Value::Array(a) if a.is_empty() => "[]".to_owned(),
        // Flow collections are JSON, which YAML reads as well.
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// A double-quoted YAML scalar.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if yaml_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}
