//! The Swagger 2.0 front end: `host`/`basePath`, body parameters, `securityDefinitions`,
//! `definitions` → [`Api`].

use super::pointer::{index, join};
use super::schema::{kind, Dialect, SchemaLoader};
use super::source::Document;
use crate::error::{Diagnostic, Error, Result};
use crate::ir::*;
use serde_json::{Map, Value};

/// Loads a Swagger 2.0 document.
pub fn load(doc: Document, infer_object: bool) -> Result<Api> {
    let file = doc.file.clone();
    let root = doc.root.clone();
    let mut front = Front { file, loader: SchemaLoader::new(doc, Dialect::Draft4, infer_object) };
    let root = front.object(&root, "")?;

    let mut api = Api { source: front.file.clone(), ..Api::default() };
    api.info = front.info(root)?;
    api.servers = front.servers(root)?;
    api.security_schemes = front.security_schemes(root)?;

    if let Some(defs) = root.get("definitions") {
        for name in front.object(defs, "/definitions")?.keys() {
            let schema = front.loader.schema_at(&join("/definitions", name))?;
            api.definitions.push(Definition { name: name.clone(), schema });
        }
    }
    let security = match root.get("security") {
        Some(s) => front.security(s, "/security")?,
        None => Vec::new(),
    };
    let consumes = front.media_types(root, "", "consumes")?;
    let produces = front.media_types(root, "", "produces")?;
    if let Some(paths) = root.get("paths") {
        for (path, item) in front.object(paths, "/paths")? {
            if path.starts_with("x-") {
                continue;
            }
            let item_ptr = join("/paths", path);
            let item = front.object(item, &item_ptr)?;
            let shared = match item.get("parameters") {
                Some(p) => front.parameters(p, &join(&item_ptr, "parameters"))?,
                None => Vec::new(),
            };
            for (method, op) in item {
                let Some(method) = Method::parse(method) else { continue };
                let ptr = join(&item_ptr, method.as_str().to_lowercase().as_str());
                let defaults = Defaults { security: &security, consumes: &consumes, produces: &produces };
                let op = front.operation(op, &ptr, method, path, &shared, &defaults)?;
                api.operations.push(op);
            }
        }
    }
    let (schemas, warnings, files) = front.loader.finish()?;
    api.schemas = schemas;
    api.warnings = warnings;
    api.files = files;
    Ok(api)
}

struct Front {
    file: String,
    loader: SchemaLoader,
}

struct Defaults<'a> {
    security: &'a [SecurityRequirement],
    consumes: &'a [String],
    produces: &'a [String],
}

/// What a parameter turned out to be.
enum Param {
    Plain(Parameter),
    Body(Body),
    Form(String, SchemaId, bool),
}

impl Front {
    fn err(&self, ptr: &str, message: impl Into<String>) -> Error {
        Diagnostic::new(&self.file, ptr, message).into()
    }

    fn object<'v>(&self, v: &'v Value, ptr: &str) -> Result<&'v Map<String, Value>> {
        v.as_object().ok_or_else(|| self.err(ptr, format!("expected an object, found {}", kind(v))))
    }

    fn string(&self, map: &Map<String, Value>, ptr: &str, key: &str) -> Result<Option<String>> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.err(&join(ptr, key), format!("`{key}` must be a string, found {}", kind(other)))),
        }
    }

    fn info(&self, root: &Map<String, Value>) -> Result<Info> {
        let Some(info) = root.get("info") else { return Ok(Info::default()) };
        let info = self.object(info, "/info")?;
        Ok(Info {
            title: self.string(info, "/info", "title")?.unwrap_or_default(),
            version: self.string(info, "/info", "version")?.unwrap_or_default(),
            description: self.string(info, "/info", "description")?,
        })
    }

    /// `x-servers` (a list of `{url, description}`) when given, else `schemes`+`host`+`basePath`.
    fn servers(&self, root: &Map<String, Value>) -> Result<Vec<Server>> {
        if let Some(list) = root.get("x-servers") {
            let items = list.as_array().ok_or_else(|| self.err("/x-servers", "`x-servers` must be an array"))?;
            return items
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let ptr = index("/x-servers", i);
                    let s = self.object(s, &ptr)?;
                    let url = self.string(s, &ptr, "url")?.ok_or_else(|| self.err(&ptr, "a server needs a `url`"))?;
                    Ok(Server { url: url.trim_end_matches('/').to_owned(), description: self.string(s, &ptr, "description")? })
                })
                .collect();
        }
        let Some(host) = self.string(root, "", "host")? else { return Ok(Vec::new()) };
        let base = self.string(root, "", "basePath")?.unwrap_or_default();
        let scheme = match root.get("schemes").and_then(Value::as_array) {
            Some(s) if s.iter().any(|v| v == "https") => "https",
            Some(s) => s.first().and_then(Value::as_str).unwrap_or("https"),
            None => "https",
        };
        Ok(vec![Server {
            url: format!("{scheme}://{host}{}", base.trim_end_matches('/')),
            description: None,
        }])
    }

    fn security_schemes(&self, root: &Map<String, Value>) -> Result<Vec<SecurityScheme>> {
        let Some(defs) = root.get("securityDefinitions") else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for (name, def) in self.object(defs, "/securityDefinitions")? {
            let ptr = join("/securityDefinitions", name);
            let def = self.object(def, &ptr)?;
            let ty = self.string(def, &ptr, "type")?.unwrap_or_default();
            let kind = match ty.as_str() {
                "apiKey" => {
                    let location = match self.string(def, &ptr, "in")?.as_deref() {
                        Some("header") => Location::Header,
                        Some("query") => Location::Query,
                        other => return Err(self.err(&join(&ptr, "in"), format!("apiKey `in` must be \"header\" or \"query\", found {other:?}"))),
                    };
                    let parameter = self.string(def, &ptr, "name")?.ok_or_else(|| self.err(&ptr, "apiKey scheme needs a `name`"))?;
                    SecurityKind::ApiKey { location, parameter }
                }
                "basic" => SecurityKind::HttpBasic,
                "oauth2" => SecurityKind::OAuth2 { token_url: self.string(def, &ptr, "tokenUrl")? },
                other => return Err(self.err(&join(&ptr, "type"), format!("unknown security scheme type {other:?}"))),
            };
            out.push(SecurityScheme { name: name.clone(), kind, description: self.string(def, &ptr, "description")? });
        }
        Ok(out)
    }

    fn security(&self, v: &Value, ptr: &str) -> Result<Vec<SecurityRequirement>> {
        let items = v.as_array().ok_or_else(|| self.err(ptr, "`security` must be an array"))?;
        items
            .iter()
            .enumerate()
            .map(|(i, req)| Ok(self.object(req, &index(ptr, i))?.keys().cloned().collect()))
            .collect()
    }

    fn media_types(&self, map: &Map<String, Value>, ptr: &str, key: &str) -> Result<Vec<String>> {
        match map.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| v.as_str().map(str::to_owned).ok_or_else(|| self.err(&index(&join(ptr, key), i), "media type must be a string")))
                .collect(),
            Some(_) => Err(self.err(&join(ptr, key), format!("`{key}` must be an array"))),
        }
    }

    fn parameters(&mut self, v: &Value, ptr: &str) -> Result<Vec<(String, Param)>> {
        let items = v.as_array().ok_or_else(|| self.err(ptr, "`parameters` must be an array"))?;
        let mut out = Vec::with_capacity(items.len());
        for i in 0..items.len() {
            out.push(self.parameter(&index(ptr, i))?);
        }
        Ok(out)
    }

    /// One parameter; `(name + location)` is its identity for path-level overrides.
    fn parameter(&mut self, ptr: &str) -> Result<(String, Param)> {
        let (ptr, value) = self.deref(ptr)?;
        let p = self.object(&value, &ptr)?;
        let name = self.string(p, &ptr, "name")?.ok_or_else(|| self.err(&ptr, "a parameter needs a `name`"))?;
        let location = self.string(p, &ptr, "in")?.ok_or_else(|| self.err(&ptr, "a parameter needs `in`"))?;
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(location == "path");
        let description = self.string(p, &ptr, "description")?;
        let key = format!("{location} {name}");
        // A non-body parameter is its own schema (type, format, enum, bounds, items…).
        let own_schema = |front: &mut Front| {
            let mut schema = p.clone();
            for k in ["name", "in", "required", "allowEmptyValue", "collectionFormat"] {
                schema.remove(k);
            }
            front.loader.schema_with(&ptr, Value::Object(schema))
        };
        let param = match location.as_str() {
            "body" => {
                if !p.contains_key("schema") {
                    return Err(self.err(&ptr, "a body parameter needs a `schema`"));
                }
                let schema = self.loader.schema_at(&join(&ptr, "schema"))?;
                Param::Body(Body { media_type: String::new(), schema: Some(schema), required, description, name: Some(name) })
            }
            "formData" => Param::Form(name, own_schema(self)?, required),
            "path" | "query" | "header" => Param::Plain(Parameter {
                location: match location.as_str() {
                    "path" => Location::Path,
                    "query" => Location::Query,
                    _ => Location::Header,
                },
                schema: own_schema(self)?,
                name,
                required,
                description,
            }),
            other => return Err(self.err(&join(&ptr, "in"), format!("unknown parameter location {other:?}"))),
        };
        Ok((key, param))
    }

    /// Follows a `$ref` to a shared parameter or response (`#/parameters/x`).
    fn deref(&self, ptr: &str) -> Result<(String, Value)> {
        let root = &self.loader.main().root;
        let mut ptr = ptr.to_owned();
        for _ in 0..32 {
            let value = super::pointer::resolve(root, &ptr).ok_or_else(|| self.err(&ptr, "nothing here"))?;
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let target = r
                        .strip_prefix('#')
                        .and_then(super::pointer::from_fragment)
                        .ok_or_else(|| self.err(&join(&ptr, "$ref"), format!("`$ref` {r:?}: only local references are supported here")))?;
                    if super::pointer::resolve(root, &target).is_none() {
                        return Err(self.err(&join(&ptr, "$ref"), format!("`$ref` {r:?} points at nothing")));
                    }
                    ptr = target;
                }
                None => return Ok((ptr, value.clone())),
            }
        }
        Err(self.err(&ptr, "`$ref` chain too long or cyclic"))
    }

    fn operation(&mut self, v: &Value, ptr: &str, method: Method, path: &str, shared: &[(String, Param)], defaults: &Defaults) -> Result<Operation> {
        let op = self.object(v, ptr)?.clone();
        let own = match op.get("parameters") {
            Some(p) => self.parameters(p, &join(ptr, "parameters"))?,
            None => Vec::new(),
        };
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: Vec<(String, Param)> = Vec::new();
        for (key, p) in shared.iter().filter(|(k, _)| !own.iter().any(|(o, _)| o == k)) {
            merged.push((key.clone(), clone_param(p)));
        }
        merged.extend(own);

        let consumes = match op.get("consumes") {
            Some(_) => self.media_types(&op, ptr, "consumes")?,
            None => defaults.consumes.to_vec(),
        };
        let produces = match op.get("produces") {
            Some(_) => self.media_types(&op, ptr, "produces")?,
            None => defaults.produces.to_vec(),
        };
        let request_media = consumes.first().cloned().unwrap_or_else(|| "application/json".to_owned());
        let mut parameters = Vec::new();
        let mut body = None;
        let mut form = Vec::new();
        for (_, p) in merged {
            match p {
                Param::Plain(p) => parameters.push(p),
                Param::Body(b) => body = Some(Body { media_type: request_media.clone(), ..b }),
                Param::Form(name, schema, required) => form.push((name, schema, required)),
            }
        }
        if !form.is_empty() && body.is_none() {
            // formData parameters become one object body; the form's fields keep their schemas.
            body = Some(self.form_body(ptr, &consumes, form)?);
        }

        let mut responses = Vec::new();
        if let Some(rs) = op.get("responses") {
            let rs_ptr = join(ptr, "responses");
            for (status, _) in self.object(rs, &rs_ptr)? {
                if status.starts_with("x-") {
                    continue;
                }
                let status_code = parse_status(status).ok_or_else(|| self.err(&join(&rs_ptr, status), format!("invalid response status {status:?}")))?;
                let (r_ptr, r) = self.deref(&join(&rs_ptr, status))?;
                let r = self.object(&r, &r_ptr)?;
                let body = if r.contains_key("schema") {
                    Some(Body {
                        media_type: produces.first().cloned().unwrap_or_else(|| "application/json".to_owned()),
                        schema: Some(self.loader.schema_at(&join(&r_ptr, "schema"))?),
                        required: true,
                        description: None,
                        name: None,
                    })
                } else {
                    None
                };
                responses.push(Response { status: status_code, description: self.string(r, &r_ptr, "description")?, body });
            }
        }
        let security = match op.get("security") {
            Some(s) => self.security(s, &join(ptr, "security"))?,
            None => defaults.security.to_vec(),
        };
        Ok(Operation {
            operation_id: self.string(&op, ptr, "operationId")?,
            method,
            path: path.to_owned(),
            summary: self.string(&op, ptr, "summary")?,
            description: self.string(&op, ptr, "description")?,
            tags: match op.get("tags") {
                Some(Value::Array(t)) => t.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                _ => Vec::new(),
            },
            parameters,
            body,
            responses,
            security,
            deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            pointer: ptr.to_owned(),
        })
    }

    fn form_body(&mut self, ptr: &str, consumes: &[String], form: Vec<(String, SchemaId, bool)>) -> Result<Body> {
        let media_type = consumes.iter().find(|m| m.contains("form")).map_or("application/x-www-form-urlencoded", String::as_str);
        let names: Vec<&str> = form.iter().map(|(n, _, _)| n.as_str()).collect();
        Err(self.err(ptr, format!("formData parameters ({}) as {media_type} are not supported", names.join(", "))))
    }
}

fn clone_param(p: &Param) -> Param {
    match p {
        Param::Plain(p) => Param::Plain(p.clone()),
        Param::Body(b) => Param::Body(b.clone()),
        Param::Form(n, s, r) => Param::Form(n.clone(), *s, *r),
    }
}

fn parse_status(s: &str) -> Option<StatusCode> {
    if s == "default" {
        return Some(StatusCode::Default);
    }
    if s.len() == 3 && (s.ends_with("XX") || s.ends_with("xx")) {
        return s[..1].parse().ok().filter(|d| (1..=5).contains(d)).map(StatusCode::Range);
    }
    s.parse().ok().filter(|c| (100..=599).contains(c)).map(StatusCode::Exact)
}
