//! A definition's schemas as one JSON Schema document, typify's input.
//!
//! OpenAPI 3.x: `components.schemas` become `$defs`, and every `$ref` to
//! `#/components/schemas/X` becomes `#/$defs/X`. Swagger 2.0: `definitions` stay
//! `definitions`, and their refs (`#/definitions/X`) are kept. Nothing else changes (an
//! OpenAPI 3.0 `nullable` stays what it is: typify reads it as an unknown keyword).

use serde_json::{Map, Value};

/// What the extraction did.
#[derive(Debug, Default, Clone)]
pub struct Extracted {
    /// The definitions (schemas) carried over.
    pub definitions: usize,
    /// The `$ref`s rewritten (OpenAPI 3.x only).
    pub rewritten: usize,
    /// The `$ref`s left pointing somewhere that is not a schema of the document (other
    /// components, other files); typify reports these itself.
    pub foreign: usize,
    /// `$defs` or `definitions`.
    pub container: &'static str,
}

const OAS3_PREFIX: &str = "#/components/schemas/";

/// The JSON Schema document for `spec`, or why there is none.
pub fn json_schema(spec: &Value) -> Result<(Value, Extracted), String> {
    let mut stats = Extracted::default();
    let (defs, container) = if spec.get("openapi").is_some() {
        let schemas = spec
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or("an OpenAPI document without components.schemas")?;
        (schemas.clone(), "$defs")
    } else if spec.get("swagger").is_some() {
        let definitions = spec
            .get("definitions")
            .and_then(Value::as_object)
            .ok_or("a Swagger 2.0 document without definitions")?;
        (definitions.clone(), "definitions")
    } else {
        return Err("neither `openapi` nor `swagger` at the top".into());
    };
    stats.container = container;
    stats.definitions = defs.len();
    let mut defs = Value::Object(defs);
    rewrite(&mut defs, container == "$defs", &mut stats);
    let mut root = Map::new();
    root.insert(container.to_owned(), defs);
    Ok((Value::Object(root), stats))
}

/// Rewrites refs in place, without recursion (definitions nest deeply).
fn rewrite(value: &mut Value, oas3: bool, stats: &mut Extracted) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if key == "$ref" {
                        if let Value::String(target) = child {
                            if oas3 {
                                if let Some(rest) = target.strip_prefix(OAS3_PREFIX) {
                                    *target = format!("#/$defs/{rest}");
                                    stats.rewritten += 1;
                                    continue;
                                }
                            } else if target.starts_with("#/definitions/") {
                                continue;
                            }
                            stats.foreign += 1;
                            continue;
                        }
                    }
                    stack.push(child);
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openapi_refs_move_to_defs() {
        let spec = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/responses/x"}]}
            }}
        });
        let (schema, stats) = json_schema(&spec).unwrap();
        assert_eq!(schema["$defs"]["A"]["properties"]["b"]["$ref"], "#/$defs/B");
        assert_eq!(schema["$defs"]["B"]["allOf"][0]["$ref"], "#/$defs/A");
        assert_eq!(
            (stats.definitions, stats.rewritten, stats.foreign),
            (2, 2, 1)
        );
    }

    #[test]
    fn swagger_definitions_stay() {
        let spec = json!({
            "swagger": "2.0",
            "definitions": {"A": {"items": {"$ref": "#/definitions/A"}}}
        });
        let (schema, stats) = json_schema(&spec).unwrap();
        assert_eq!(
            schema["definitions"]["A"]["items"]["$ref"],
            "#/definitions/A"
        );
        assert_eq!(
            (stats.container, stats.rewritten, stats.foreign),
            ("definitions", 0, 0)
        );
    }
}
