//! Reading a definition file: JSON or YAML into one `serde_json::Value` tree.
//!
//! Definitions come from people who did not write the build they run in, so reading one
//! is bounded: nesting deeper than [`MAX_DEPTH`] and YAML aliases that would expand to
//! more than [`MAX_ALIAS_VALUES`] values are errors naming the file and the JSON pointer.
//! YAML is read event by event (yaml-rust2's parser, not its tree loader), so neither a
//! deep document nor a "billion laughs" of aliases is ever built, and no tree deeper than
//! the limit is ever dropped.

use super::position;
use crate::error::{Diagnostic, Error, Result};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::Yaml;

/// Nesting deeper than this is refused: no real definition comes near it, and the
/// limit keeps every later walk of the tree far from the stack's end. (serde_json's own
/// recursion limit is the same.)
pub const MAX_DEPTH: usize = 128;

/// How many values YAML aliases may add to a document, in all. A real definition that
/// reuses a node with `*alias` stays far below; a "billion laughs" (anchors that alias
/// anchors, doubling at every level) is refused instead of filling memory.
pub const MAX_ALIAS_VALUES: usize = 1_000_000;

/// A parsed definition file.
#[derive(Debug)]
pub struct Document {
    /// The file as the user named it (used in every diagnostic).
    pub file: String,
    /// Its content, shared: front ends read it while the schema loader holds it.
    pub root: std::sync::Arc<Value>,
}

/// Reads and parses `path`; JSON unless the name ends in `.yaml`/`.yml` or the content
/// does not start like JSON.
pub fn read(path: &Path) -> Result<Document> {
    let file = path.display().to_string();
    let text = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(text)
        .map_err(|e| Diagnostic::new(&file, "", format!("not UTF-8 text: {e}")))?;
    let root = parse(&file, &text)?;
    Ok(Document {
        file,
        root: root.into(),
    })
}

/// Parses definition text; `file` names it in diagnostics and picks the format.
pub fn parse(file: &str, text: &str) -> Result<Value> {
    let yaml_name = file.ends_with(".yaml") || file.ends_with(".yml");
    if !yaml_name || looks_json(text) {
        match serde_json::from_str(text) {
            Ok(v) => return Ok(v),
            Err(e) if !yaml_name || too_deep(&e) => return Err(json_error(file, text, &e).into()),
            Err(_) => {}
        }
    }
    parse_yaml(file, text)
}

/// Whether `text` starts like JSON (an object or an array), so is read as JSON first.
pub(super) fn looks_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// Whether serde_json stopped at its recursion limit (it has no error kind for it).
fn too_deep(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// The diagnostic for invalid JSON; nesting too deep is located by its JSON pointer.
fn json_error(file: &str, text: &str, e: &serde_json::Error) -> Diagnostic {
    let at = position::at_line(text, e.line(), e.column());
    if too_deep(e) {
        let pointer = json_pointer_at(text, e.line(), e.column());
        let message = format!(
            "nested deeper than {MAX_DEPTH} levels (line {} column {})",
            e.line(),
            e.column()
        );
        return Diagnostic::new(file, &pointer, message).at(at);
    }
    Diagnostic::new(file, "", format!("invalid JSON: {e}")).at(at)
}

/// The JSON pointer of the innermost array or object that is open at `line`:`column`
/// (1-based, columns in bytes, as serde_json counts them) of `text`. Iterative: it runs
/// on documents nested too deep for anything recursive.
pub fn json_pointer_at(text: &str, line: usize, column: usize) -> String {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            offset += column.min(l.len());
            break;
        }
        offset += l.len();
    }
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    // Per open container: the key or index of the child being read.
    let mut frames: Vec<(bool, String, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some((true, key, _)) = frames.last_mut() {
                    let raw = text.get(start..(i + 1).min(text.len())).unwrap_or("");
                    *key = serde_json::from_str::<String>(raw).unwrap_or_default();
                }
            }
            b'{' => frames.push((true, String::new(), 0)),
            b'[' => frames.push((false, String::new(), 0)),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => {
                if let Some((false, _, index)) = frames.last_mut() {
                    *index += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let open = frames.len().saturating_sub(1);
    let mut pointer = String::new();
    for (is_object, key, index) in &frames[..open] {
        pointer = if *is_object {
            super::pointer::join(&pointer, key)
        } else {
            super::pointer::index(&pointer, *index)
        };
    }
    pointer
}

/// A sequence or mapping being read.
struct Open {
    /// Its JSON pointer.
    pointer: String,
    /// Its anchor (0: none).
    anchor: usize,
    /// Values in it, itself included (what an alias to it costs).
    size: usize,
    /// Levels of nesting in it, itself included.
    height: usize,
    node: Node,
}

enum Node {
    Seq(Vec<Value>),
    /// The entries so far and, between a key and its value, the key.
    Map(Map<String, Value>, Option<String>),
}

/// A complete value with what an alias to it would cost.
struct Done {
    value: Value,
    size: usize,
    height: usize,
}

struct YamlReader<'a> {
    file: &'a str,
    stack: Vec<Open>,
    anchors: HashMap<usize, Done>,
    /// Values added by aliases so far.
    expanded: usize,
}

fn parse_yaml(file: &str, text: &str) -> Result<Value> {
    let mut reader = YamlReader {
        file,
        stack: Vec::new(),
        anchors: HashMap::new(),
        expanded: 0,
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, _) = parser.next_token().map_err(|e| {
            // The scanner's own limit on flow nesting (`[[[…`): located like ours.
            if e.info() == "recursion limit exceeded" {
                let message = format!("nested deeper than the YAML parser allows ({e})");
                return Diagnostic::new(file, &reader.next_pointer(), message)
                    .at(position::at_marker(text, e.marker()));
            }
            Diagnostic::new(file, "", format!("invalid YAML: {e}"))
                .at(position::at_marker(text, e.marker()))
        })?;
        match event {
            Event::StreamEnd => return Err(Diagnostic::new(file, "", "the file is empty").into()),
            Event::DocumentEnd if reader.stack.is_empty() => {
                return Err(Diagnostic::new(file, "", "the file is empty").into())
            }
            event => {
                // Only the first document is read; later ones are never parsed.
                if let Some(root) = reader.event(event)? {
                    return Ok(root);
                }
            }
        }
    }
}

impl YamlReader<'_> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        Diagnostic::new(self.file, pointer, message).into()
    }

    /// Where the next value goes.
    fn next_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Open {
                pointer,
                node: Node::Seq(items),
                ..
            }) => super::pointer::index(pointer, items.len()),
            Some(Open {
                pointer,
                node: Node::Map(_, Some(key)),
                ..
            }) => super::pointer::join(pointer, key),
            Some(Open {
                pointer,
                node: Node::Map(_, None),
                ..
            }) => pointer.clone(),
        }
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open {
                node: Node::Map(_, None),
                ..
            })
        )
    }

    /// Handles one event; the document's root once it is complete.
    fn event(&mut self, event: Event) -> Result<Option<Value>> {
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let pointer = self.next_pointer();
                if self.expects_key() {
                    return Err(self.err(&pointer, "a mapping key must be a scalar"));
                }
                if self.stack.len() >= MAX_DEPTH {
                    return Err(
                        self.err(&pointer, format!("nested deeper than {MAX_DEPTH} levels"))
                    );
                }
                let node = if matches!(event, Event::SequenceStart(..)) {
                    Node::Seq(Vec::new())
                } else {
                    Node::Map(Map::new(), None)
                };
                self.stack.push(Open {
                    pointer,
                    anchor,
                    size: 1,
                    height: 1,
                    node,
                });
                Ok(None)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else {
                    return Ok(None);
                };
                let value = match open.node {
                    Node::Seq(items) => Value::Array(items),
                    Node::Map(map, _) => Value::Object(map),
                };
                self.insert(
                    Done {
                        value,
                        size: open.size,
                        height: open.height,
                    },
                    open.anchor,
                )
            }
            Event::Scalar(text, style, anchor, tag) => {
                let pointer = self.next_pointer();
                let value = scalar(self.file, &pointer, text, style, tag.as_ref())?;
                self.insert(
                    Done {
                        value,
                        size: 1,
                        height: 0,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let pointer = self.next_pointer();
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.err(
                        &pointer,
                        "an alias must name an anchor defined before it, outside the aliased node",
                    ));
                };
                if self.stack.len() + target.height > MAX_DEPTH {
                    return Err(self.err(
                        &pointer,
                        format!("nested deeper than {MAX_DEPTH} levels (through a YAML alias)"),
                    ));
                }
                self.expanded = self.expanded.saturating_add(target.size);
                if self.expanded > MAX_ALIAS_VALUES {
                    return Err(self.err(
                        &pointer,
                        format!("YAML aliases expand to more than {MAX_ALIAS_VALUES} values (anchors that alias anchors grow exponentially)"),
                    ));
                }
                let done = Done {
                    value: target.value.clone(),
                    size: target.size,
                    height: target.height,
                };
                self.insert(done, 0)
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd
            | Event::Nothing => Ok(None),
        }
    }

    /// Puts a complete value into the open container (as a key where one is expected);
    /// the value itself when it is the root.
    fn insert(&mut self, done: Done, anchor: usize) -> Result<Option<Value>> {
        let pointer = self.next_pointer();
        let Some(parent) = self.stack.last_mut() else {
            return Ok(Some(done.value));
        };
        parent.size = parent.size.saturating_add(done.size);
        parent.height = parent.height.max(done.height + 1);
        let stored = (anchor != 0).then(|| done.value.clone());
        match &mut parent.node {
            Node::Seq(items) => items.push(done.value),
            Node::Map(_, key @ None) => match key_text(done.value) {
                Some(text) => *key = Some(text),
                None => return Err(self.err(&pointer, "a mapping key must be a scalar")),
            },
            Node::Map(map, key) => {
                let key = key.take().unwrap_or_default();
                map.insert(key, done.value);
            }
        }
        if let Some(value) = stored {
            self.anchors.insert(
                anchor,
                Done {
                    value,
                    size: done.size,
                    height: done.height,
                },
            );
        }
        Ok(None)
    }
}

/// A mapping key as the JSON member name it becomes (`200` → `"200"`); `None` for a
/// collection.
pub(super) fn key_text(key: Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s),
        Value::Null => Some("null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// A scalar as the YAML core schema reads it (plain scalars may be null, booleans and
/// numbers; quoted ones are strings; `!!` tags force a type).
pub(super) fn scalar(
    file: &str,
    pointer: &str,
    text: String,
    style: TScalarStyle,
    tag: Option<&Tag>,
) -> Result<Value> {
    let yaml = if style != TScalarStyle::Plain {
        Yaml::String(text)
    } else if let Some(Tag { handle, suffix }) = tag {
        if handle == "tag:yaml.org,2002:" {
            let typed = match suffix.as_str() {
                "bool" => match text.as_str() {
                    "true" | "True" | "TRUE" => Some(Yaml::Boolean(true)),
                    "false" | "False" | "FALSE" => Some(Yaml::Boolean(false)),
                    _ => None,
                },
                "int" => text.parse::<i64>().ok().map(Yaml::Integer),
                "float" => Some(Yaml::from_str(&text))
                    .filter(|y| matches!(y, Yaml::Real(_) | Yaml::Integer(_))),
                "null" => matches!(text.as_str(), "~" | "null").then_some(Yaml::Null),
                _ => Some(Yaml::String(text.clone())),
            };
            typed.ok_or_else(|| {
                Diagnostic::new(file, pointer, format!("{text:?} is not a valid !!{suffix}"))
            })?
        } else {
            Yaml::String(text)
        }
    } else {
        Yaml::from_str(&text)
    };
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::Real(r) => {
            let f: f64 = r
                .parse()
                .map_err(|_| Diagnostic::new(file, pointer, format!("invalid number {r:?}")))?;
            Number::from_f64(f).map(Value::Number).ok_or_else(|| {
                Diagnostic::new(file, pointer, format!("number {r:?} is not finite"))
            })?
        }
        Yaml::String(s) => Value::String(s),
        _ => return Err(Diagnostic::new(file, pointer, "unsupported YAML value").into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_agree() {
        let yaml = "a: 1\nb: [x, 2.5, true, null]\n'200': {c: d}\n";
        let json = r#"{"a":1,"b":["x",2.5,true,null],"200":{"c":"d"}}"#;
        assert_eq!(
            parse("t.yaml", yaml).unwrap(),
            parse("t.json", json).unwrap()
        );
    }

    #[test]
    fn invalid_json_is_located() {
        let err = parse("t.json", "{\"a\": }").unwrap_err().to_string();
        assert!(err.starts_with("t.json: /: invalid JSON"), "{err}");
    }

    #[test]
    fn yaml_scalars_keys_and_aliases() {
        let yaml = "base: &b {type: string, maxLength: 3}\nuse: *b\n~: 0x10\n1.5: !!str 7\nq: '~'\nn: !!int '8'\nf: !!float 2\n";
        let v = parse("t.yaml", yaml).unwrap();
        assert_eq!(v["use"], v["base"]);
        assert_eq!(v["null"], 16);
        assert_eq!(v["1.5"], "7");
        assert_eq!(v["q"], "~");
        assert_eq!(v["n"], "8");
        assert_eq!(v["f"], 2.0);
        let err = parse("t.yaml", "a: !!int x\n").unwrap_err().to_string();
        assert!(err.starts_with("t.yaml: /a: "), "{err}");
        let err = parse("t.yaml", "a: &x [1, *x]\n").unwrap_err().to_string();
        assert!(err.starts_with("t.yaml: /a/1: an alias"), "{err}");
        let err = parse("t.yaml", "? [a]\n: b\n").unwrap_err().to_string();
        assert!(err.contains("a mapping key must be a scalar"), "{err}");
        assert!(parse("t.yaml", "")
            .unwrap_err()
            .to_string()
            .contains("the file is empty"));
        assert_eq!(parse("t.yaml", "---\n...\n").unwrap(), Value::Null);
        // Only the first document is read.
        assert_eq!(
            parse("t.yaml", "a: 1\n---\nb: [\n").unwrap(),
            serde_json::json!({"a": 1})
        );
    }

    #[test]
    fn deep_nesting_is_located() {
        let json = format!("{{\"a\":[{}{}]}}", "[".repeat(200), "]".repeat(200));
        let err = parse("t.json", &json).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "t.json: /a{}: nested deeper than 128 levels",
                "/0".repeat(126)
            )),
            "{err}"
        );
        let mut yaml = String::new();
        for i in 0..200 {
            yaml.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        let err = parse("t.yaml", &yaml).unwrap_err().to_string();
        let pointer: String = (0..128).map(|i| format!("/k{i}")).collect();
        assert!(
            err.starts_with(&format!("t.yaml: {pointer}: nested deeper than 128 levels")),
            "{err}"
        );
    }

    #[test]
    fn alias_fan_out_is_refused() {
        let mut yaml = String::from("a0: &a0 [x, x]\n");
        for k in 1..40 {
            yaml.push_str(&format!("a{k}: &a{k} [*a{p}, *a{p}]\n", p = k - 1));
        }
        let err = parse("t.yaml", &yaml).unwrap_err().to_string();
        assert!(err.contains("YAML aliases expand to more than"), "{err}");
        assert!(err.starts_with("t.yaml: /a"), "{err}");
    }
}
