//! The OpenAPI 3.0 / 3.1 front end: `servers`, `components`, `requestBody`, media-typed
//! `content`, cookie parameters and HTTP/OAuth security schemes → [`Api`].
//!
//! 3.0 schemas are draft 4 plus `nullable`; 3.1 schemas are draft 2020-12.

use super::front::{is_json, parse_status, Front};
use super::schema::{Dialect, Place, SchemaLoader};
use super::source::Document;
use crate::error::Result;
use crate::ir::*;
use serde_json::{Map, Value};

/// Loads an OpenAPI 3.x document; `dialect` is draft 4 for 3.0 and 2020-12 for 3.1.
pub fn load(doc: Document, dialect: Dialect) -> Result<Api> {
    let source = doc.file.clone();
    let root = doc.root.clone();
    let mut front = Front::new(SchemaLoader::new(doc, dialect));
    let root_place = Place::main("");
    let root = front.object(&root, &root_place)?;
    // 3.1 requires one of `paths`, `components` and `webhooks`, 3.0 requires `paths`.
    if dialect == Dialect::Draft4 {
        front.required_fields(
            root,
            "OpenAPI 3.0",
            &["info", "paths"],
            &["paths", "components"],
        )?;
    } else {
        front.required_fields(
            root,
            "OpenAPI 3.1",
            &["info"],
            &["paths", "components", "webhooks"],
        )?;
    }

    let mut api = Api {
        source,
        ..Api::default()
    };
    api.info = front.info(root)?;
    api.servers = match root.get("servers") {
        Some(s) => servers(&front, s, &Place::main("/servers"))?,
        None => Vec::new(),
    };
    if let Some(components) = root.get("components") {
        let place = Place::main("/components");
        let components = front.object(components, &place)?;
        if let Some(schemas) = components.get("schemas") {
            let at = place.join("schemas");
            for name in front.object(schemas, &at)?.keys() {
                let schema = front.loader.schema_in(&at.join(name))?;
                front.loader.declare_name(schema, name);
                api.definitions.push(Definition {
                    name: name.clone(),
                    schema,
                });
            }
        }
        if let Some(schemes) = components.get("securitySchemes") {
            api.security_schemes =
                security_schemes(&mut front, schemes, &place.join("securitySchemes"))?;
        }
    }
    let security = match root.get("security") {
        Some(s) => front.security(s, &Place::main("/security"))?,
        None => Vec::new(),
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
                    &mut front, op, &op_place, method, &path, &shared, &security,
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

/// Servers with their variables replaced by their defaults.
fn servers(front: &Front, v: &Value, place: &Place) -> Result<Vec<Server>> {
    let items = v
        .as_array()
        .ok_or_else(|| front.err(place, "`servers` must be an array"))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, s) in items.iter().enumerate() {
        let at = place.index(i);
        let s = front.object(s, &at)?;
        let mut url = front.required_string(s, &at, "url", "a server")?;
        if let Some(vars) = s.get("variables").and_then(Value::as_object) {
            for (name, var) in vars {
                let default = var
                    .get("default")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
        out.push(Server {
            url: url.trim_end_matches('/').to_owned(),
            description: front.string(s, &at, "description")?,
        });
    }
    Ok(out)
}

fn security_schemes(front: &mut Front, v: &Value, place: &Place) -> Result<Vec<SecurityScheme>> {
    let mut out = Vec::new();
    for name in front.object(v, place)?.keys() {
        let (at, def) = front.loader.deref(&place.join(name))?;
        let def = front.object(&def, &at)?;
        let kind = match front.string(def, &at, "type")?.as_deref() {
            Some("apiKey") => {
                let location = match front.string(def, &at, "in")?.as_deref() {
                    Some("header") => Location::Header,
                    Some("query") => Location::Query,
                    Some("cookie") => Location::Cookie,
                    other => {
                        return Err(front.err(
                            &at.join("in"),
                            format!("apiKey `in` must be header, query or cookie, found {other:?}"),
                        ))
                    }
                };
                SecurityKind::ApiKey {
                    location,
                    parameter: front.required_string(def, &at, "name", "an apiKey scheme")?,
                }
            }
            Some("http") => match front
                .string(def, &at, "scheme")?
                .map(|s| s.to_ascii_lowercase())
                .as_deref()
            {
                Some("basic") => SecurityKind::HttpBasic,
                // Bearer, and schemes such as Digest that oasbind sends as a token.
                _ => SecurityKind::HttpBearer,
            },
            Some("oauth2") => {
                let token_url = def
                    .get("flows")
                    .and_then(|f| f.get("clientCredentials"))
                    .and_then(|c| c.get("tokenUrl"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                SecurityKind::OAuth2 { token_url }
            }
            Some("openIdConnect") => SecurityKind::HttpBearer,
            Some("mutualTLS") => continue,
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

fn parameters(front: &mut Front, v: &Value, place: &Place) -> Result<Vec<Parameter>> {
    let items = v
        .as_array()
        .ok_or_else(|| front.err(place, "`parameters` must be an array"))?;
    (0..items.len())
        .map(|i| parameter(front, &place.index(i)))
        .collect()
}

fn parameter(front: &mut Front, place: &Place) -> Result<Parameter> {
    let (place, value) = front.loader.deref(place)?;
    let p = front.object(&value, &place)?;
    let name = front.required_string(p, &place, "name", "a parameter")?;
    let location = match front
        .required_string(p, &place, "in", "a parameter")?
        .as_str()
    {
        "path" => Location::Path,
        "query" => Location::Query,
        "header" => Location::Header,
        "cookie" => Location::Cookie,
        other => {
            return Err(front.err(
                &place.join("in"),
                format!("unknown parameter location {other:?}"),
            ))
        }
    };
    let schema = value_schema(front, p, &place)?;
    Ok(Parameter {
        style: style(front, p, &place, location)?,
        required: front
            .flag(p, &place, "required")?
            .unwrap_or(location == Location::Path),
        description: front.string(p, &place, "description")?,
        name,
        location,
        schema,
    })
}

/// The schema of a parameter's or header's value: its `schema`, or that of its one
/// `content` entry; none is any string.
fn value_schema(front: &mut Front, p: &Map<String, Value>, place: &Place) -> Result<SchemaId> {
    if p.contains_key("schema") {
        front.loader.schema_in(&place.join("schema"))
    } else if let Some((media, _)) = p
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().next())
    {
        front
            .loader
            .schema_in(&place.join("content").join(media).join("schema"))
    } else {
        front
            .loader
            .schema_with(&place.join("schema"), serde_json::json!({"type": "string"}))
    }
}

/// The headers a response documents.
fn response_headers(
    front: &mut Front,
    r: &Map<String, Value>,
    place: &Place,
) -> Result<Vec<ResponseHeader>> {
    let Some(headers) = r.get("headers") else {
        return Ok(Vec::new());
    };
    let place = place.join("headers");
    let names: Vec<String> = front.object(headers, &place)?.keys().cloned().collect();
    let mut out = Vec::new();
    for name in names {
        // OpenAPI: a `Content-Type` header is ignored (the media type says it).
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let (at, h) = front.loader.deref(&place.join(&name))?;
        let h = front.object(&h, &at)?;
        out.push(ResponseHeader {
            schema: value_schema(front, h, &at)?,
            required: front.flag(h, &at, "required")?.unwrap_or(false),
            description: front.string(h, &at, "description")?,
            name,
        });
    }
    Ok(out)
}

/// How an array or object parameter is written: `style` (`form` in the query and cookies,
/// `simple` elsewhere) and `explode` (true for `form`).
fn style(
    front: &mut Front,
    p: &Map<String, Value>,
    place: &Place,
    location: Location,
) -> Result<Style> {
    let form_by_default = matches!(location, Location::Query | Location::Cookie);
    let style = front.string(p, place, "style")?;
    let style = style
        .as_deref()
        .unwrap_or(if form_by_default { "form" } else { "simple" });
    let explode = front.flag(p, place, "explode")?.unwrap_or(style == "form");
    Ok(match style {
        "form" if explode && location == Location::Query => Style::Exploded,
        "simple" if explode => Style::Exploded,
        "form" | "simple" => Style::Delimited(','),
        "spaceDelimited" => Style::Delimited(' '),
        "pipeDelimited" => Style::Delimited('|'),
        "deepObject" => Style::DeepObject,
        "label" if location == Location::Path => Style::Label { explode },
        "matrix" if location == Location::Path => Style::Matrix { explode },
        other => {
            let message = format!("parameter style {other:?} is not supported here: values are written comma-separated");
            front.loader.warn_at(&place.join("style"), message);
            Style::Delimited(',')
        }
    })
}

/// A media type of a `content` map: its name, schema and example.
type Media = (String, Option<SchemaId>, Option<Value>);

/// The media type a body is exchanged in: JSON when offered, else the first declared.
fn content(front: &mut Front, map: &Map<String, Value>, place: &Place) -> Result<Option<Media>> {
    let Some(content) = map.get("content") else {
        return Ok(None);
    };
    let at = place.join("content");
    let content = front.object(content, &at)?;
    let chosen = content
        .keys()
        .find(|m| is_json(m))
        .or_else(|| content.keys().next())
        .cloned();
    let Some(media) = chosen else { return Ok(None) };
    let media_place = at.join(&media);
    let media_object = &content[&media];
    let has_schema = media_object.get("schema").is_some();
    // `example`, else the first of `examples` that has a `value` (not a `$ref`).
    let example = media_object.get("example").cloned().or_else(|| {
        media_object
            .get("examples")?
            .as_object()?
            .values()
            .find_map(|e| e.get("value").cloned())
    });
    let schema = if has_schema {
        Some(front.loader.schema_in(&media_place.join("schema"))?)
    } else {
        None
    };
    Ok(Some((media, schema, example)))
}

fn operation(
    front: &mut Front,
    v: &Value,
    place: &Place,
    method: Method,
    path: &str,
    shared: &[Parameter],
    security: &[SecurityRequirement],
) -> Result<Operation> {
    let op = front.object(v, place)?;
    let own = match op.get("parameters") {
        Some(p) => parameters(front, p, &place.join("parameters"))?,
        None => Vec::new(),
    };
    // Operation-level parameters override path-level ones with the same name and location.
    let mut all: Vec<Parameter> = shared
        .iter()
        .filter(|s| {
            !own.iter()
                .any(|o| o.name == s.name && o.location == s.location)
        })
        .cloned()
        .collect();
    all.extend(own);

    let body = match op.get("requestBody") {
        Some(_) => {
            let (at, rb) = front.loader.deref(&place.join("requestBody"))?;
            let rb = front.object(&rb, &at)?;
            content(front, rb, &at)?.map(|(media_type, schema, _)| -> Result<Body> {
                Ok(Body {
                    media_type,
                    schema,
                    required: front.flag(rb, &at, "required")?.unwrap_or(false),
                    description: front.string(rb, &at, "description")?,
                    name: None,
                    example: None,
                })
            })
        }
        None => None,
    }
    .transpose()?;

    let mut responses = Vec::new();
    if let Some(rs) = op.get("responses") {
        let rs_place = place.join("responses");
        for status in front.object(rs, &rs_place)?.keys() {
            if status.starts_with("x-") {
                continue;
            }
            let at = rs_place.join(status);
            let code = parse_status(status)
                .ok_or_else(|| front.err(&at, format!("invalid response status {status:?}")))?;
            let (r_place, r) = front.loader.deref(&at)?;
            let r = front.object(&r, &r_place)?;
            let body = content(front, r, &r_place)?.map(|(media_type, schema, example)| Body {
                media_type,
                schema,
                required: true,
                description: None,
                name: None,
                example,
            });
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
        parameters: all,
        body,
        responses,
        security: match op.get("security") {
            Some(s) => front.security(s, &place.join("security"))?,
            None => security.to_vec(),
        },
        deprecated: front.flag(op, place, "deprecated")?.unwrap_or(false),
        pointer: place.pointer.clone(),
    })
}
