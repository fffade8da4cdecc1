//! Where a JSON pointer is in a definition's text: line, column, and what to mark.
//!
//! Loading keeps no positions. A [`Diagnostic`] carries its file and JSON pointer, and
//! [`locate`] reads the files named by the diagnostics about to be shown once more and
//! follows every pointer through the text, JSON or YAML, in one pass per file. A
//! definition that generates without a diagnostic pays nothing for positions (GitHub's
//! 13 MB definition loads as fast as before), one with diagnostics pays one scan of each
//! file they name. Only text that does not parse is located while loading, from the
//! parser's own position ([`at_line`], [`at_marker`]).
//!
//! What is marked: a scalar itself; an object or array by its key when it is a member of
//! an object, else by its opening bracket (or, for a YAML block mapping, its first key).
//! A pointer that leads nowhere is shown at the deepest value on its way that exists.

use super::source;
use crate::error::{Diagnostic, Position};
use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Fills in the position of every diagnostic that has none, reading each file they name
/// once, and returns the text of every file read (to show the lines). A file that cannot
/// be read (a bundled meta-schema, text given to [`crate::generate_str`]) leaves its
/// diagnostics without a position.
pub fn locate(diagnostics: &mut [Diagnostic]) -> BTreeMap<String, String> {
    let mut by_file: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        by_file.entry(d.file.clone()).or_default().push(i);
    }
    let mut texts = BTreeMap::new();
    for (file, indices) in by_file {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let missing: Vec<usize> = indices
            .into_iter()
            .filter(|&i| diagnostics[i].position.is_none())
            .collect();
        if !missing.is_empty() {
            let found = {
                let pointers: Vec<&str> = missing
                    .iter()
                    .map(|&i| diagnostics[i].pointer.as_str())
                    .collect();
                find(&file, &text, &pointers)
            };
            for (i, position) in missing.into_iter().zip(found) {
                diagnostics[i].position = position;
            }
        }
        texts.insert(file, text);
    }
    texts
}

/// The position of each pointer in `text`; `file` decides JSON or YAML as
/// [`source::parse`] does. `None` only when the text has no value at all.
pub fn find(file: &str, text: &str, pointers: &[&str]) -> Vec<Option<Position>> {
    let mut trie = Trie::new(pointers);
    let yaml_name = file.ends_with(".yaml") || file.ends_with(".yml");
    let json = (!yaml_name || source::looks_json(text))
        && Json { text, i: 0 }.value(&mut trie, 0, None).is_some();
    if !json && yaml_name {
        trie.forget();
        yaml(text, &mut trie);
    }
    trie.leaves
        .iter()
        .map(|&leaf| trie.span(leaf).map(|(start, end)| at(text, start, end)))
        .collect()
}

/// The position of bytes `start..end` of `text` (moved back to character boundaries).
pub fn at(text: &str, start: usize, end: usize) -> Position {
    let start = floor_char(text, start);
    let end = floor_char(text, end).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text.as_bytes()[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    let column = text[line_start..start].chars().count() + 1;
    Position {
        line,
        column,
        start,
        end,
    }
}

/// The position of the character at `line`:`column` as serde_json reports them (both
/// from 1, the column in bytes, pointing at or just after what it stopped on).
pub fn at_line(text: &str, line: usize, column: usize) -> Position {
    let line_start = line_starts(text)
        .nth(line.saturating_sub(1))
        .unwrap_or(text.len());
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    // serde_json counts the column in bytes: it can fall inside a character.
    let start = floor_char(text, (line_start + column.saturating_sub(1)).min(line_end));
    at(text, start, next_char(text, start))
}

/// The position of a yaml-rust2 marker (line from 1, column from 0 in characters).
pub fn at_marker(text: &str, marker: &Marker) -> Position {
    let start = marker_offset(text, marker);
    at(text, start, next_char(text, start))
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1))
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Just after the character at `i` on its line (`i` at a line's end or the text's end);
/// `i` inside a character stands for that character.
fn next_char(text: &str, i: usize) -> usize {
    let i = floor_char(text, i);
    match text[i..].chars().next() {
        Some('\n') | None => i,
        Some(c) => i + c.len_utf8(),
    }
}

fn marker_offset(text: &str, marker: &Marker) -> usize {
    let line_start = line_starts(text)
        .nth(marker.line().saturating_sub(1))
        .unwrap_or(text.len());
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(marker.col())
            .map_or(line.len(), |(i, _)| i)
}

/// The pointers to find, as a tree of reference tokens, with the span found for each node.
struct Trie {
    nodes: Vec<Node>,
    /// The node of each pointer, in the order given.
    leaves: Vec<usize>,
}

struct Node {
    parent: usize,
    token: String,
    children: Vec<usize>,
    /// Byte range of what to mark, once found.
    span: Option<(usize, usize)>,
}

impl Trie {
    fn new(pointers: &[&str]) -> Trie {
        let mut trie = Trie {
            nodes: vec![Node {
                parent: 0,
                token: String::new(),
                children: Vec::new(),
                span: None,
            }],
            leaves: Vec::new(),
        };
        for pointer in pointers {
            let mut node = 0;
            // A pointer that is not one (`#anchor`) shows the document.
            for token in pointer
                .strip_prefix('/')
                .into_iter()
                .flat_map(|p| p.split('/'))
            {
                let token = token.replace("~1", "/").replace("~0", "~");
                node = match trie.nodes[node]
                    .children
                    .iter()
                    .find(|&&c| trie.nodes[c].token == token)
                {
                    Some(&c) => c,
                    None => {
                        trie.nodes.push(Node {
                            parent: node,
                            token,
                            children: Vec::new(),
                            span: None,
                        });
                        let c = trie.nodes.len() - 1;
                        trie.nodes[node].children.push(c);
                        c
                    }
                };
            }
            trie.leaves.push(node);
        }
        trie
    }

    fn child(&self, node: usize, key: &str) -> Option<usize> {
        self.nodes[node]
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].token == key)
    }

    fn item(&self, node: usize, index: usize) -> Option<usize> {
        self.nodes[node]
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].token.parse() == Ok(index))
    }

    fn mark(&mut self, node: usize, span: (usize, usize)) {
        self.nodes[node].span = Some(span);
    }

    /// What was found for `node`, or for its nearest ancestor that was.
    fn span(&self, mut node: usize) -> Option<(usize, usize)> {
        loop {
            if let Some(span) = self.nodes[node].span {
                return Some(span);
            }
            if node == 0 {
                return None;
            }
            node = self.nodes[node].parent;
        }
    }

    fn forget(&mut self) {
        self.nodes.iter_mut().for_each(|n| n.span = None);
    }
}

/// A JSON text, read only along the pointers' paths: every other value is stepped over
/// without looking inside. Recursion follows the pointers, so it is as deep as the
/// deepest pointer; `None` when the text is not JSON.
struct Json<'t> {
    text: &'t str,
    i: usize,
}

impl Json<'_> {
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
        bytes.get(self.i).copied()
    }

    /// Steps over the string starting at the current quote.
    fn string(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        self.i += 1;
        loop {
            match bytes.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => self.i += 2,
                _ => self.i += 1,
            }
        }
    }

    /// Steps over a number, `true`, `false` or `null`.
    fn scalar(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        let start = self.i;
        while bytes.get(self.i).is_some_and(|b| {
            !matches!(
                b,
                b',' | b'}' | b']' | b':' | b' ' | b'\n' | b'\r' | b'\t' | b'"'
            )
        }) {
            self.i += 1;
        }
        (self.i > start).then_some(())
    }

    /// Steps over one value, however deep, without recursion.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.i += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                _ => self.scalar()?,
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// Reads the value that `node` stands for (its key at `key`, when it is a member).
    fn value(&mut self, trie: &mut Trie, node: usize, key: Option<(usize, usize)>) -> Option<()> {
        let first = self.peek()?;
        let start = self.i;
        match first {
            open @ (b'{' | b'[') => {
                trie.mark(node, key.unwrap_or((self.i, self.i + 1)));
                if trie.nodes[node].children.is_empty() {
                    return self.skip();
                }
                self.i += 1;
                let mut index = 0;
                loop {
                    match self.peek()? {
                        b'}' | b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        b',' => {
                            self.i += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let (child, key) = if open == b'{' {
                        if self.peek()? != b'"' {
                            return None;
                        }
                        let key_start = self.i;
                        self.string()?;
                        let raw = self.text.get(key_start..self.i)?;
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                        let child = if raw.contains('\\') {
                            trie.child(node, &serde_json::from_str::<String>(raw).ok()?)
                        } else {
                            trie.child(node, &raw[1..raw.len() - 1])
                        };
                        (child, Some((key_start, key_start + raw.len())))
                    } else {
                        index += 1;
                        (trie.item(node, index - 1), None)
                    };
                    match child {
                        Some(child) => self.value(trie, child, key)?,
                        None => self.skip()?,
                    }
                }
            }
            b'"' => self.string()?,
            _ => self.scalar()?,
        }
        trie.mark(node, (start, self.i));
        Some(())
    }
}

/// An open YAML collection.
enum Frame {
    Seq {
        /// The trie node it stands for, if any pointer goes through it.
        node: Option<usize>,
        next: usize,
    },
    Map {
        node: Option<usize>,
        /// Between a key and its value: the value's node and the key's span.
        key: Option<(Option<usize>, (usize, usize))>,
        /// A block mapping that is no member of a mapping: marked by its first key.
        by_first_key: bool,
    },
    /// A collection used as a mapping key: stepped over.
    Key,
}

/// Where the next YAML node goes.
enum Slot {
    Key,
    Value(Option<usize>, Option<(usize, usize)>),
}

/// Reads the first YAML document's events, following the pointers; stops at the first
/// error (what was found before it stays).
fn yaml(text: &str, trie: &mut Trie) {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let Ok((event, marker)) = parser.next_token() else {
            return;
        };
        let at = || marker_offset(text, &marker);
        match event {
            Event::Scalar(value, style, _, tag) => {
                let start = at();
                let span = (start, scalar_end(text, start, &value, style));
                match slot(&stack, trie) {
                    Slot::Key => {
                        let key = source::scalar("", "", value, style, tag.as_ref())
                            .ok()
                            .and_then(source::key_text);
                        if let Some(Frame::Map {
                            node,
                            key: k,
                            by_first_key,
                        }) = stack.last_mut()
                        {
                            let child = node.zip(key).and_then(|(n, key)| trie.child(n, &key));
                            *k = Some((child, span));
                            if let (Some(n), true) = (*node, *by_first_key) {
                                trie.mark(n, span);
                                *by_first_key = false;
                            }
                        }
                    }
                    Slot::Value(node, key) => {
                        if let Some(n) = node {
                            // An empty value (`key:`) is marked by its key.
                            trie.mark(
                                n,
                                if span.1 > span.0 {
                                    span
                                } else {
                                    key.unwrap_or(span)
                                },
                            );
                        }
                        if done(&mut stack) {
                            return;
                        }
                    }
                }
            }
            Event::Alias(_) => {
                let start = at();
                let rest = &text[start..];
                let span = (
                    start,
                    start
                        + rest
                            .find(|c: char| c.is_whitespace() || ",]}".contains(c))
                            .unwrap_or(rest.len()),
                );
                match slot(&stack, trie) {
                    Slot::Key => {
                        if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                            *key = Some((None, span));
                        }
                    }
                    Slot::Value(node, _) => {
                        if let Some(n) = node {
                            trie.mark(n, span);
                        }
                        if done(&mut stack) {
                            return;
                        }
                    }
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let frame = match slot(&stack, trie) {
                    Slot::Key => Frame::Key,
                    Slot::Value(node, key) => {
                        let start = at();
                        let bracket = text[start..]
                            .starts_with(['{', '[', '-'])
                            .then(|| (start, start + 1));
                        let own = key.or(bracket);
                        if let (Some(n), Some(span)) = (node, own) {
                            trie.mark(n, span);
                        }
                        if is_map {
                            Frame::Map {
                                node,
                                key: None,
                                by_first_key: own.is_none(),
                            }
                        } else {
                            Frame::Seq { node, next: 0 }
                        }
                    }
                };
                stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Key) = stack.pop() {
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        *key = Some((None, (0, 0)));
                    }
                } else if done(&mut stack) {
                    return;
                }
            }
            Event::StreamEnd | Event::DocumentEnd => return,
            Event::StreamStart | Event::DocumentStart | Event::Nothing => {}
        }
    }
}

fn slot(stack: &[Frame], trie: &Trie) -> Slot {
    match stack.last() {
        None => Slot::Value(Some(0), None),
        Some(Frame::Seq { node, next }) => {
            Slot::Value(node.and_then(|n| trie.item(n, *next)), None)
        }
        Some(Frame::Map { key: None, .. }) => Slot::Key,
        Some(Frame::Map {
            key: Some((child, span)),
            ..
        }) => Slot::Value(*child, Some(*span)),
        Some(Frame::Key) => Slot::Value(None, None),
    }
}

/// A value is complete: the collection moves on. Whether it was the document's root.
fn done(stack: &mut [Frame]) -> bool {
    match stack.last_mut() {
        None => return true,
        Some(Frame::Seq { next, .. }) => *next += 1,
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Key) => {}
    }
    false
}

/// Where the scalar starting at `start` ends, on its first line.
fn scalar_end(text: &str, start: usize, value: &str, style: TScalarStyle) -> usize {
    let rest = &text[start..];
    let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let len = match style {
        // An empty value (`key:` then nothing) has its marker on what follows.
        TScalarStyle::Plain if value.is_empty() => 0,
        TScalarStyle::Plain if line.starts_with(value) => value.len(),
        TScalarStyle::Plain => line
            .find(" #")
            .map_or(line, |i| &line[..i])
            .trim_end()
            .len(),
        TScalarStyle::SingleQuoted => closing(line, b'\'', b'\''),
        TScalarStyle::DoubleQuoted => closing(line, b'"', b'\\'),
        _ => line.trim_end().len(),
    };
    start + len
}

/// Just after the quote that closes the string opening `line` (where `escape` before a
/// character takes it literally), or the line's end.
fn closing(line: &str, quote: u8, escape: u8) -> usize {
    let bytes = line.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == escape && (escape != quote || bytes.get(i + 1) == Some(&quote)) {
            i += 2;
        } else if bytes[i] == quote {
            return i + 1;
        } else {
            i += 1;
        }
    }
    line.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(line, column, marked text)` of each pointer.
    fn found(file: &str, text: &str, pointers: &[&str]) -> Vec<(usize, usize, String)> {
        find(file, text, pointers)
            .into_iter()
            .map(|p| {
                p.map(|p| (p.line, p.column, text[p.start..p.end].to_owned()))
                    .unwrap_or_default()
            })
            .collect()
    }

    fn mark(line: usize, column: usize, text: &str) -> (usize, usize, String) {
        (line, column, text.to_owned())
    }

    #[test]
    fn json_values_keys_and_escapes() {
        let text = "{\n  \"a/b\": {\"c~d\": [1, {\"e\": \"x\\\"y\"}]},\n  \"é\": true,\n  \"q\\u0041\": null\n}\n";
        let got = found(
            "t.json",
            text,
            &[
                "",
                "/a~1b",
                "/a~1b/c~0d/1/e",
                "/a~1b/c~0d/0",
                "/é",
                "/qA",
                "/a~1b/c~0d/1/missing",
                "/nothing/at/all",
            ],
        );
        assert_eq!(
            got,
            vec![
                mark(1, 1, "{"),
                mark(2, 3, "\"a/b\""),
                mark(2, 28, "\"x\\\"y\""),
                mark(2, 19, "1"),
                mark(3, 8, "true"),
                mark(4, 14, "null"),
                mark(2, 22, "{"),
                mark(1, 1, "{"),
            ]
        );
    }

    #[test]
    fn json_duplicate_keys_point_at_the_value_kept() {
        // serde_json keeps the last value of a repeated key.
        assert_eq!(
            found("t.json", r#"{"a": 1, "a": 2}"#, &["/a"]),
            vec![mark(1, 15, "2")]
        );
    }

    #[test]
    fn yaml_block_and_flow() {
        let text = "# comment\nopenapi: &anchor 3.0.0\npaths:\n  /a:\n    get: {responses: {'200': {description: \"o\\\"k\"}}}\nlist:\n  - name: v\n    k: |\n      text\n  - plain scalar # note\n  - *anchor\n200: x\nempty:\né: [1, 'it''s']\n";
        let got = found(
            "t.yaml",
            text,
            &[
                "",
                "/openapi",
                "/paths/~1a/get/responses/200/description",
                "/paths/~1a/get",
                "/list/0",
                "/list/0/k",
                "/list/1",
                "/list/2",
                "/200",
                "/empty",
                "/é/1",
                "/list",
            ],
        );
        assert_eq!(
            got,
            vec![
                mark(2, 1, "openapi"),
                mark(2, 18, "3.0.0"),
                mark(5, 44, "\"o\\\"k\""),
                mark(5, 5, "get"),
                mark(7, 5, "name"),
                mark(9, 7, "text"),
                mark(10, 5, "plain scalar"),
                mark(11, 5, "*anchor"),
                mark(12, 6, "x"),
                mark(13, 1, "empty"),
                mark(14, 8, "'it''s'"),
                mark(6, 1, "list"),
            ]
        );
    }

    #[test]
    fn json_in_a_yaml_file_and_flow_yaml() {
        assert_eq!(
            found("t.yaml", "{\"a\": [true]}", &["/a/0"]),
            vec![mark(1, 8, "true")]
        );
        assert_eq!(
            found("t.yaml", "{a: [yes, no]}", &["/a/1"]),
            vec![mark(1, 11, "no")]
        );
    }

    #[test]
    fn broken_text_finds_what_comes_before_the_break() {
        assert_eq!(
            found("t.json", "{\"a\": 1, \"b\": }", &["/a", "/b"]),
            vec![mark(1, 7, "1"), mark(1, 1, "{")]
        );
        assert_eq!(found("t.json", "", &["/a"]), vec![Default::default()]);
    }

    #[test]
    fn parser_positions() {
        let text = "{\n  \"é\": ,\n}";
        let p = at_line(text, 2, 9);
        assert_eq!((p.line, p.column, &text[p.start..p.end]), (2, 8, ","));
        let p = at_line(text, 9, 1);
        assert_eq!(
            (p.line, p.column, p.start, p.end),
            (3, 2, text.len(), text.len())
        );
    }

    /// serde_json's byte column can fall inside a character (found by the fuzz harness:
    /// invalid JSON ending in U+202E, bytes 30..33, reported at column 32).
    #[test]
    fn a_byte_column_inside_a_character_stands_for_it() {
        let text = "{\"$schema\":\"https://&a itemsjs\u{202e}";
        let p = at_line(text, 1, 32);
        assert_eq!(
            (p.line, p.column, &text[p.start..p.end]),
            (1, 31, "\u{202e}")
        );
        assert_eq!(next_char(text, 31), text.len());
    }
}
