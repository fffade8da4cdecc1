//! The Swagger 2.0 front end: `host`/`basePath`, body and formData parameters,
//! `securityDefinitions`, `definitions` → [`Api`].

use super::front::{parse_status, Front};
use super::schema::{Dialect, Place, SchemaLoader};
use super::source::Document;
use crate::error::Result;
use crate::ir::*;
use serde_json::{Map, Value};

/// Loads a Swagger 2.0 document.
pub fn load(doc: Document) -> Result<Api> {
    let source = doc.file.clone();
    let root = doc.root.clone();
    let mut front = Front::new(SchemaLoader::new(doc, Dialect::Draft4));
    let root = front.object(&root, &Place::main(""))?;
    front.required_fields(
        root,
        "Swagger 2.0",
        &["info", "paths"],
        &["paths", "definitions"],
    )?;

    let mut api = Api {
        source,
        ..Api::default()
    };
    api.info = front.info(root)?;
    api.servers = servers(&front, root)?;
    api.security_schemes = security_schemes(&front, root)?;
    if let Some(defs) = root.get("definitions") {
        let place = Place::main("/definitions");
        for name in front.object(defs, &place)?.keys() {
            let schema = front.loader.schema_in(&place.join(name))?;
            front.loader.declare_name(schema, name);
            api.definitions.push(Definition {
                name: name.clone(),
                schema,
            });
        }
    }
    let defaults = Defaults {
        security: match root.get("security") {
            Some(s) => front.security(s, &Place::main("/security"))?,
            None => Vec::new(),
        },
        consumes: front.strings(root, &Place::main(""), "consumes")?,
        produces: front.strings(root, &Place::main(""), "produces")?,
    };
    if let Some(paths) = root.get("paths") {
        for (path, item_place, item) in front.path_items(paths)? {
            let item = front.object(&item, &item_place)?;
            let shared = match item.get("parameters") {
                Some(p) => parameters(&mut front, p, &item_place.join("parameters"))?,
                None => Vec::new(),
            };
            for (key, op) in item {
                let Some(method) = Method::parse(key) else {
                    continue;
                };
                let op_place = item_place.join(key);
                api.operations.push(operation(
                    &mut front, op, &op_place, method, &path, &shared, &defaults,
                )?);
            }
        }
    }
    let (schemas, warnings, files) = front.loader.finish()?;
    api.schemas = schemas;
    api.warnings = warnings;
    api.files = files;
    Ok(api)
}

struct Defaults {
    security: Vec<SecurityRequirement>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// What a parameter turned out to be.
#[derive(Clone)]
enum Param {
    Plain(Parameter),
    Body(Body),
    Form {
        name: String,
        schema: SchemaId,
        required: bool,
    },
}

/// `x-servers` (a list of `{url, description}`, as converters write them) when given, else
/// `schemes` + `host` + `basePath`.
fn servers(front: &Front, root: &Map<String, Value>) -> Result<Vec<Server>> {
    if let Some(list) = root.get("x-servers") {
        let place = Place::main("/x-servers");
        let items = list
            .as_array()
            .ok_or_else(|| front.err(&place, "`x-servers` must be an array"))?;
        return items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let at = place.index(i);
                let s = front.object(s, &at)?;
                let url = front.required_string(s, &at, "url", "a server")?;
                Ok(Server {
                    url: url.trim_end_matches('/').to_owned(),
                    description: front.string(s, &at, "description")?,
                })
            })
            .collect();
    }
    let root_place = Place::main("");
    let Some(host) = front.string(root, &root_place, "host")? else {
        return Ok(Vec::new());
    };
    let base = front
        .string(root, &root_place, "basePath")?
        .unwrap_or_default();
    let schemes = front.strings(root, &root_place, "schemes")?;
    let scheme = if schemes.is_empty() || schemes.iter().any(|s| s == "https") {
        "https"
    } else {
        schemes[0].as_str()
    };
    Ok(vec![Server {
        url: format!("{scheme}://{host}{}", base.trim_end_matches('/')),
        description: None,
    }])
}

fn security_schemes(front: &Front, root: &Map<String, Value>) -> Result<Vec<SecurityScheme>> {
    let Some(defs) = root.get("securityDefinitions") else {
        return Ok(Vec::new());
    };
    let place = Place::main("/securityDefinitions");
    let mut out = Vec::new();
    for (name, def) in front.object(defs, &place)? {
        let at = place.join(name);
        let def = front.object(def, &at)?;
        let kind = match front.string(def, &at, "type")?.as_deref() {
            Some("apiKey") => {
                let location = match front.string(def, &at, "in")?.as_deref() {
                    Some("header") => Location::Header,
                    Some("query") => Location::Query,
                    other => {
                        return Err(front.err(
                            &at.join("in"),
                            format!("apiKey `in` must be \"header\" or \"query\", found {other:?}"),
                        ))
                    }
                };
                SecurityKind::ApiKey {
                    location,
                    parameter: front.required_string(def, &at, "name", "an apiKey scheme")?,
                }
            }
            Some("basic") => SecurityKind::HttpBasic,
            Some("oauth2") => SecurityKind::OAuth2 {
                token_url: front.string(def, &at, "tokenUrl")?,
            },
            other => {
                return Err(front.err(
                    &at.join("type"),
                    format!("unknown security scheme type {other:?}"),
                ))
            }
        };
        out.push(SecurityScheme {
            name: name.clone(),
            kind,
            description: front.string(def, &at, "description")?,
        });
    }
    Ok(out)
}

fn parameters(front: &mut Front, v: &Value, place: &Place) -> Result<Vec<(String, Param)>> {
    let items = v
        .as_array()
        .ok_or_else(|| front.err(place, "`parameters` must be an array"))?;
    (0..items.len())
        .map(|i| parameter(front, &place.index(i)))
        .collect()
}

/// One parameter, keyed by `in` + `name` (its identity for path-level overrides).
/// How an array parameter is written: `collectionFormat`, `csv` unless said otherwise.
fn collection_format(
    front: &Front,
    p: &serde_json::Map<String, Value>,
    place: &Place,
) -> Result<Style> {
    Ok(
        match front.string(p, place, "collectionFormat")?.as_deref() {
            None | Some("csv") => Style::Delimited(','),
            Some("ssv") => Style::Delimited(' '),
            Some("tsv") => Style::Delimited('\t'),
            Some("pipes") => Style::Delimited('|'),
            Some("multi") => Style::Exploded,
            Some(other) => {
                return Err(front.err(
                    &place.join("collectionFormat"),
                    format!("unknown collectionFormat {other:?} (csv, ssv, tsv, pipes or multi)"),
                ))
            }
        },
    )
}

fn parameter(front: &mut Front, place: &Place) -> Result<(String, Param)> {
    let (place, value) = front.loader.deref(place)?;
    let p = front.object(&value, &place)?;
    let name = front.required_string(p, &place, "name", "a parameter")?;
    let location = front.required_string(p, &place, "in", "a parameter")?;
    let required = front
        .flag(p, &place, "required")?
        .unwrap_or(location == "path");
    let description = front.string(p, &place, "description")?;
    let key = format!("{location} {name}");
    if location == "body" {
        if !p.contains_key("schema") {
            return Err(front.err(&place, "a body parameter needs a `schema`"));
        }
        let schema = front.loader.schema_in(&place.join("schema"))?;
        let body = Body {
            media_type: String::new(),
            schema: Some(schema),
            required,
            description,
            name: Some(name),
            example: None,
        };
        return Ok((key, Param::Body(body)));
    }
    // A non-body parameter is its own schema (type, format, enum, bounds, items…);
    // `type: file` is a binary string.
    let schema = front.schema_like(&key, p, &place, |p| {
        let mut schema = p.clone();
        for k in [
            "name",
            "in",
            "required",
            "allowEmptyValue",
            "collectionFormat",
        ] {
            schema.remove(k);
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
        }
        Value::Object(schema)
    })?;
    let param = match location.as_str() {
        "formData" => Param::Form {
            name,
            schema,
            required,
        },
        "path" | "query" | "header" => Param::Plain(Parameter {
            location: match location.as_str() {
                "path" => Location::Path,
                "query" => Location::Query,
                _ => Location::Header,
            },
            style: collection_format(front, p, &place)?,
            schema,
            name,
            required,
            description,
        }),
        other => {
            return Err(front.err(
                &place.join("in"),
                format!("unknown parameter location {other:?}"),
            ))
        }
    };
    Ok((key, param))
}

fn operation(
    front: &mut Front,
    v: &Value,
    place: &Place,
    method: Method,
    path: &str,
    shared: &[(String, Param)],
    defaults: &Defaults,
) -> Result<Operation> {
    let op = front.object(v, place)?;
    let own = match op.get("parameters") {
        Some(p) => parameters(front, p, &place.join("parameters"))?,
        None => Vec::new(),
    };
    // Operation-level parameters override path-level ones with the same name and location.
    let mut merged: Vec<(String, Param)> = shared
        .iter()
        .filter(|(k, _)| !own.iter().any(|(o, _)| o == k))
        .cloned()
        .collect();
    merged.extend(own);

    let consumes = if op.contains_key("consumes") {
        front.strings(op, place, "consumes")?
    } else {
        defaults.consumes.clone()
    };
    let produces = if op.contains_key("produces") {
        front.strings(op, place, "produces")?
    } else {
        defaults.produces.clone()
    };
    let mut parameters = Vec::new();
    let mut body = None;
    let mut form = Vec::new();
    for (_, p) in merged {
        match p {
            Param::Plain(p) => parameters.push(p),
            Param::Body(b) => {
                let media_type = consumes
                    .iter()
                    .find(|m| super::front::is_json(m))
                    .or(consumes.first())
                    .cloned();
                body = Some(Body {
                    media_type: media_type.unwrap_or_else(|| "application/json".to_owned()),
                    ..b
                });
            }
            Param::Form {
                name,
                schema,
                required,
            } => form.push((name, schema, required)),
        }
    }
    if !form.is_empty() && body.is_none() {
        body = Some(form_body(front, place, &consumes, form));
    }

    let mut responses = Vec::new();
    if let Some(rs) = op.get("responses") {
        let rs_place = place.join("responses");
        let response_media = produces
            .iter()
            .find(|m| super::front::is_json(m))
            .or(produces.first())
            .cloned();
        for status in front.object(rs, &rs_place)?.keys() {
            if status.starts_with("x-") {
                continue;
            }
            let at = rs_place.join(status);
            let code = parse_status(status)
                .ok_or_else(|| front.err(&at, format!("invalid response status {status:?}")))?;
            let (r_place, r) = front.loader.deref(&at)?;
            let r = front.object(&r, &r_place)?;
            let body = match r.get("schema") {
                Some(schema) => Some(Body {
                    media_type: response_media
                        .clone()
                        .unwrap_or_else(|| "application/json".to_owned()),
                    schema: Some(if is_file(schema) {
                        // `type: file`: the answer's bytes.
                        front.loader.schema_with(
                            &r_place.join("schema"),
                            serde_json::json!({"type": "string", "format": "binary"}),
                        )?
                    } else {
                        front.loader.schema_in(&r_place.join("schema"))?
                    }),
                    required: true,
                    description: None,
                    name: None,
                    example: r
                        .get("examples")
                        .and_then(Value::as_object)
                        .and_then(|examples| {
                            let media = response_media.as_deref().unwrap_or("application/json");
                            examples.get(media).or_else(|| examples.values().next())
                        })
                        .cloned(),
                }),
                None => None,
            };
            responses.push(Response {
                status: code,
                description: front.string(r, &r_place, "description")?,
                headers: response_headers(front, r, &r_place)?,
                body,
            });
        }
    }
    Ok(Operation {
        operation_id: front.string(op, place, "operationId")?,
        method,
        path: path.to_owned(),
        summary: front.string(op, place, "summary")?,
        description: front.string(op, place, "description")?,
        tags: front.strings(op, place, "tags")?,
        parameters,
        body,
        responses,
        security: match op.get("security") {
            Some(s) => front.security(s, &place.join("security"))?,
            None => defaults.security.clone(),
        },
        deprecated: front.flag(op, place, "deprecated")?.unwrap_or(false),
        pointer: place.pointer.clone(),
    })
}

/// Swagger 2.0's `type: file` (a schema of its own, not JSON Schema's).
fn is_file(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("file")
}

/// The headers a response documents: each a schema-like object (type, format, items…),
/// never required (Swagger 2.0 cannot say so).
fn response_headers(
    front: &mut Front,
    r: &Map<String, Value>,
    place: &Place,
) -> Result<Vec<ResponseHeader>> {
    let Some(headers) = r.get("headers") else {
        return Ok(Vec::new());
    };
    let place = place.join("headers");
    let headers = front.object(headers, &place)?.clone();
    let mut out = Vec::new();
    for (name, h) in &headers {
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let at = place.join(name);
        let h = front.object(h, &at)?;
        let schema = front.schema_like(&format!("response header {name}"), h, &at, |h| {
            let mut schema = h.clone();
            schema.remove("collectionFormat");
            Value::Object(schema)
        })?;
        out.push(ResponseHeader {
            name: name.clone(),
            schema,
            required: false,
            description: front.string(h, &at, "description")?,
        });
    }
    Ok(out)
}

/// formData parameters make up one object body: its properties are the fields.
fn form_body(
    front: &mut Front,
    place: &Place,
    consumes: &[String],
    form: Vec<(String, SchemaId, bool)>,
) -> Body {
    let media_type = consumes
        .iter()
        .find(|m| m.contains("multipart/form-data") || m.contains("x-www-form-urlencoded"))
        .cloned()
        .unwrap_or_else(|| "application/x-www-form-urlencoded".to_owned());
    let origin = Origin {
        file: front.loader.main().file.clone(),
        pointer: place.join("parameters").pointer,
    };
    // Sent when some field must be: a form of optional fields may be empty.
    let required = form.iter().any(|(_, _, r)| *r);
    let mut schema = Schema::new(origin);
    schema.types = Some(vec![JsonType::Object]);
    schema.required = form
        .iter()
        .filter(|(_, _, r)| *r)
        .map(|(n, _, _)| n.clone())
        .collect();
    schema.properties = form.into_iter().map(|(n, s, _)| (n, s)).collect();
    let schema = front.loader.synthesize(schema);
    Body {
        media_type,
        schema: Some(schema),
        required,
        description: None,
        name: None,
        example: None,
    }
}
