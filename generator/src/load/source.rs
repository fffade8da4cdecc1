//! Reading a definition file: JSON or YAML into one `serde_json::Value` tree.

use crate::error::{Diagnostic, Error, Result};
use serde_json::{Map, Number, Value};
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

/// Nesting deeper than this is refused: no real definition comes near it, and the
/// limit keeps every later walk of the tree far from the stack's end.
pub const MAX_DEPTH: usize = 128;

/// A parsed definition file.
#[derive(Debug)]
pub struct Document {
    /// The file as the user named it (used in every diagnostic).
    pub file: String,
    /// Its content.
    pub root: Value,
}

/// Reads and parses `path`; JSON unless the name ends in `.yaml`/`.yml` or the content
/// does not start like JSON.
pub fn read(path: &Path) -> Result<Document> {
    let file = path.display().to_string();
    let text = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let text = String::from_utf8(text)
        .map_err(|e| Diagnostic::new(&file, "", format!("not UTF-8 text: {e}")))?;
    let root = parse(&file, &text)?;
    Ok(Document { file, root })
}

/// Parses definition text; `file` names it in diagnostics and picks the format.
pub fn parse(file: &str, text: &str) -> Result<Value> {
    let yaml_name = file.ends_with(".yaml") || file.ends_with(".yml");
    let looks_json = text.trim_start().starts_with(['{', '[']);
    if !yaml_name || looks_json {
        match serde_json::from_str(text) {
            Ok(v) => return Ok(v),
            Err(e) if !yaml_name => {
                return Err(Diagnostic::new(file, "", format!("invalid JSON: {e}")).into())
            }
            Err(_) => {}
        }
    }
    parse_yaml(file, text)
}

fn parse_yaml(file: &str, text: &str) -> Result<Value> {
    let docs = YamlLoader::load_from_str(text)
        .map_err(|e| Diagnostic::new(file, "", format!("invalid YAML: {e}")))?;
    let Some(first) = docs.into_iter().next() else {
        return Err(Diagnostic::new(file, "", "the file is empty").into());
    };
    yaml_to_json(file, &first, "", 0)
}

fn yaml_to_json(file: &str, y: &Yaml, pointer: &str, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(Diagnostic::new(file, pointer, format!("nested deeper than {MAX_DEPTH} levels")).into());
    }
    Ok(match y {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => Value::Number((*i).into()),
        Yaml::Real(r) => {
            let f: f64 = r
                .parse()
                .map_err(|_| Diagnostic::new(file, pointer, format!("invalid number {r:?}")))?;
            Number::from_f64(f).map(Value::Number).ok_or_else(|| {
                Diagnostic::new(file, pointer, format!("number {r:?} is not finite"))
            })?
        }
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    yaml_to_json(file, item, &super::pointer::index(pointer, i), depth + 1)
                })
                .collect::<Result<_>>()?,
        ),
        Yaml::Hash(hash) => {
            let mut map = Map::with_capacity(hash.len());
            for (k, v) in hash {
                let key = match k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Real(r) => r.clone(),
                    Yaml::Null => "null".to_owned(),
                    _ => {
                        return Err(Diagnostic::new(file, pointer, "a mapping key must be a scalar").into())
                    }
                };
                let child = super::pointer::join(pointer, &key);
                let value = yaml_to_json(file, v, &child, depth + 1)?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Yaml::Alias(_) | Yaml::BadValue => {
            return Err(Diagnostic::new(file, pointer, "unsupported YAML value").into())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_agree() {
        let yaml = "a: 1\nb: [x, 2.5, true, null]\n'200': {c: d}\n";
        let json = r#"{"a":1,"b":["x",2.5,true,null],"200":{"c":"d"}}"#;
        assert_eq!(parse("t.yaml", yaml).unwrap(), parse("t.json", json).unwrap());
    }

    #[test]
    fn invalid_json_is_located() {
        let err = parse("t.json", "{\"a\": }").unwrap_err().to_string();
        assert!(err.starts_with("t.json: /: invalid JSON"), "{err}");
    }
}
