//! `multipart/form-data` request bodies (RFC 7578): the [`FilePart`] that a generated form's
//! file fields hold, and the [`Form`] it is written as.
//!
//! A generated form (`UploadForm`) has a field per property of its schema: file fields
//! (`format: binary`) are `FilePart`s, the rest their own types. Written as a form, each
//! field is one part named after its property, as OpenAPI's default encoding says: files
//! as their content type (`application/octet-stream` unless set), strings, numbers and
//! booleans as text, arrays as one part per item, objects as JSON.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A file in a form: its bytes, and the name and content type sent with them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The file's name, sent as the part's `filename` (none: the part has no file name).
    pub file_name: Option<String>,
    /// The part's content type (none: `application/octet-stream`).
    pub content_type: Option<String>,
    /// The file's content.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file of `bytes`, without a name or content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> FilePart {
        FilePart {
            file_name: None,
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sends it with a file name.
    pub fn file_name(mut self, name: impl Into<String>) -> FilePart {
        self.file_name = Some(name.into());
        self
    }

    /// Sends it with a content type (`image/png`).
    pub fn content_type(mut self, media_type: impl Into<String>) -> FilePart {
        self.content_type = Some(media_type.into());
        self
    }

    /// Reads a file from disk, named after the path's last component.
    pub fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<FilePart> {
        let path = path.as_ref();
        Ok(FilePart {
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            content_type: None,
            bytes: std::fs::read(path)?,
        })
    }
}

/// Shows the name, type and length: a file's content may be anything, credentials too.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// One part of a form: a file's bytes are borrowed, not copied.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Part<'a> {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Cow<'a, [u8]>,
}

/// A `multipart/form-data` body being written: parts in order. Generated forms fill one
/// in; [`Form::encode`] writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form<'a> {
    parts: Vec<Part<'a>>,
}

impl<'a> Form<'a> {
    /// An empty form.
    pub fn new() -> Form<'a> {
        Form::default()
    }

    /// A text part.
    pub fn text(&mut self, name: &str, text: impl Into<String>) -> &mut Form<'a> {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            bytes: Cow::Owned(text.into().into_bytes()),
        });
        self
    }

    /// A file part (its bytes borrowed until the form is written).
    pub fn file(&mut self, name: &str, file: &'a FilePart) -> &mut Form<'a> {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: file.file_name.clone(),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            bytes: Cow::Borrowed(&file.bytes),
        });
        self
    }

    /// A part per file.
    pub fn files(&mut self, name: &str, files: &'a [FilePart]) -> &mut Form<'a> {
        for file in files {
            self.file(name, file);
        }
        self
    }

    /// A value in OpenAPI's default encoding: a string, number or boolean as text, an
    /// array as a part per item, an object as JSON; `null` (an absent optional) adds
    /// nothing.
    pub fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Form<'a> {
        match serde_json::to_value(value) {
            Ok(value) => self.json_value(name, value, true),
            Err(e) => self.text(name, e.to_string()),
        }
    }

    fn json_value(&mut self, name: &str, value: serde_json::Value, top: bool) -> &mut Form<'a> {
        use serde_json::Value;
        match value {
            Value::Null => self,
            Value::String(s) => self.text(name, s),
            Value::Array(items) if top => {
                for item in items {
                    self.json_value(name, item, false);
                }
                self
            }
            Value::Bool(_) | Value::Number(_) => self.text(name, value.to_string()),
            other => {
                self.parts.push(Part {
                    name: name.to_owned(),
                    file_name: None,
                    content_type: Some("application/json".to_owned()),
                    bytes: Cow::Owned(other.to_string().into_bytes()),
                });
                self
            }
        }
    }

    /// The body and its `Content-Type` (with the boundary): a boundary that occurs in no
    /// part, so that no file's content can end its part early.
    pub fn encode(&self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(quoted(&part.name).as_bytes());
            body.push(b'"');
            if let Some(file_name) = &part.file_name {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(quoted(file_name).as_bytes());
                body.push(b'"');
            }
            body.extend_from_slice(b"\r\n");
            if let Some(media_type) = &part.content_type {
                body.extend_from_slice(b"Content-Type: ");
                body.extend_from_slice(single_line(media_type).as_bytes());
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        (format!("multipart/form-data; boundary={boundary}"), body)
    }

    /// A boundary found in no part's content: counted up from a fixed stem, so that the
    /// same form is always the same bytes.
    fn boundary(&self) -> String {
        (0u64..)
            .map(|n| format!("oasbind-boundary-{n:016x}"))
            .find(|b| {
                !self
                    .parts
                    .iter()
                    .any(|p| contains(&p.bytes, b.as_bytes()) || p.name.contains(b.as_str()))
            })
            .unwrap_or_default()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A name inside `"…"`: quotes and line breaks percent-encoded, as browsers do (RFC 7578
/// §4.2 leaves the escaping to the application).
fn quoted(name: &str) -> String {
    single_line(name).replace('"', "%22")
}

fn single_line(text: &str) -> String {
    text.replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_written_part_by_part() {
        let pdf = FilePart::new("%PDF")
            .file_name("q1.pdf")
            .content_type("application/pdf");
        let mut form = Form::new();
        form.text("title", "Q1")
            .value("count", &3)
            .value("tags", &["a", "b"])
            .value("meta", &serde_json::json!({"k": 1}))
            .value("absent", &None::<String>)
            .file("doc", &pdf);
        let (content_type, body) = form.encode();
        let boundary = "oasbind-boundary-0000000000000000";
        assert_eq!(
            content_type,
            format!("multipart/form-data; boundary={boundary}")
        );
        let text = String::from_utf8(body).unwrap();
        let expected = [
            "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ1\r\n",
            "--B\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n3\r\n",
            "--B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n",
            "--B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n",
            "--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}\r\n",
            "--B\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"q1.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n",
            "--B--\r\n",
        ]
        .concat()
        .replace('B', boundary);
        assert_eq!(text, expected);
    }

    #[test]
    fn the_boundary_is_in_no_part() {
        let file = FilePart::new("--oasbind-boundary-0000000000000000--");
        let mut form = Form::new();
        form.file("f", &file);
        let (content_type, _) = form.encode();
        assert!(content_type.ends_with("oasbind-boundary-0000000000000001"));
    }

    #[test]
    fn names_cannot_break_their_header() {
        let file = FilePart::new("x").file_name("evil\r\nX-Injected: 1");
        let mut form = Form::new();
        form.file("a\"b", &file);
        let text = String::from_utf8(form.encode().1).unwrap();
        assert!(text.contains("name=\"a%22b\"; filename=\"evil%0D%0AX-Injected: 1\""));
        assert!(!text.contains("\r\nX-Injected"));
    }
}
