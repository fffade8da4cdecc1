//! Definition text is data, never code.
//!
//! The fixtures (`src/fixture.rs`) fill every string a definition author controls with
//! payloads that try to leave a comment, a string literal, an attribute or a doc comment,
//! or to smuggle a doctest into rustdoc. `build.rs` generates them and `src/lib.rs`
//! compiles the output under `#![deny(warnings)]` (so it compiles); `cargo test --doc`
//! finds no doctest in it (each smuggled one would fail: `compile_error!`, or a
//! `compile_fail` block that compiles). Here the output is read token by token and
//! compared with its benign twin, generated from the same document with plain words in
//! place of the payloads: same items, same macro calls, same attributes; every doc comment
//! a string literal whose code blocks are all `text`; no bidi or control character
//! anywhere in the file.

use oasbind_hostile_tests::fixture::{self, Fill};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::collections::BTreeMap;
use std::str::FromStr;

fn config() -> oasbind::Config {
    let mut config = oasbind::Config::new();
    config.http(true).schemars(true);
    config
}

fn generate(file: &str, text: &str) -> String {
    match oasbind::generate_str(file, text, &config()) {
        Ok(g) => g.code,
        Err(e) => panic!("{file} does not generate: {e}"),
    }
}

/// What the structure of a generated file is made of, whatever the names and literals.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    /// Item keywords (`fn`, `struct`, `mod`, …) → how many.
    keywords: BTreeMap<String, usize>,
    /// Macro invocations by name → how many.
    macros: BTreeMap<String, usize>,
    /// Attributes by path (doc comments aside) → how many.
    attributes: BTreeMap<String, usize>,
}

const ITEM_KEYWORDS: &[&str] = &[
    "fn",
    "struct",
    "enum",
    "union",
    "mod",
    "trait",
    "impl",
    "static",
    "const",
    "type",
    "use",
    "extern",
    "macro_rules",
];

/// Rust keywords that may stand before `!` without being a macro (`if !x`).
const NOT_MACROS: &[&str] = &[
    "if", "while", "return", "match", "in", "let", "else", "break", "move", "mut", "ref", "yield",
];

#[derive(Default)]
struct Scan {
    shape: Shape,
    /// Doc comments, one string per run of `#[doc = "..."]` attributes.
    docs: Vec<String>,
    /// Identifiers.
    idents: Vec<String>,
    /// Doc attributes that are not `#[doc = "literal"]` or `#[doc(hidden)]`.
    odd_docs: Vec<String>,
}

impl Scan {
    fn walk(&mut self, stream: TokenStream) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut doc_run: Vec<String> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            // An attribute: `#` (`!`) `[...]`.
            if let TokenTree::Punct(p) = &tokens[i] {
                if p.as_char() == '#' {
                    let mut j = i + 1;
                    if matches!(tokens.get(j), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                        j += 1;
                    }
                    if let Some(TokenTree::Group(g)) = tokens.get(j) {
                        if g.delimiter() == Delimiter::Bracket {
                            match self.attribute(g.stream()) {
                                Some(line) => doc_run.push(line),
                                None => self.flush(&mut doc_run),
                            }
                            i = j + 1;
                            continue;
                        }
                    }
                }
            }
            self.flush(&mut doc_run);
            match &tokens[i] {
                TokenTree::Ident(id) => {
                    let name = id.to_string();
                    if ITEM_KEYWORDS.contains(&name.as_str()) {
                        *self.shape.keywords.entry(name.clone()).or_default() += 1;
                    }
                    let bang = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!' && p.spacing() == proc_macro2::Spacing::Alone);
                    if bang
                        && !NOT_MACROS.contains(&name.as_str())
                        && matches!(
                            tokens.get(i + 2),
                            Some(TokenTree::Group(_) | TokenTree::Ident(_))
                        )
                    {
                        *self.shape.macros.entry(name.clone()).or_default() += 1;
                    }
                    self.idents.push(name);
                }
                TokenTree::Group(g) => self.walk(g.stream()),
                _ => {}
            }
            i += 1;
        }
        self.flush(&mut doc_run);
    }

    fn flush(&mut self, run: &mut Vec<String>) {
        if !run.is_empty() {
            self.docs.push(std::mem::take(run).join("\n"));
        }
    }

    /// Records an attribute; a doc comment's line comes back.
    fn attribute(&mut self, stream: TokenStream) -> Option<String> {
        let tokens: Vec<TokenTree> = stream.clone().into_iter().collect();
        let path = match tokens.first() {
            Some(TokenTree::Ident(id)) => id.to_string(),
            _ => String::from("?"),
        };
        if path == "doc" {
            match &tokens[1..] {
                [TokenTree::Punct(eq), TokenTree::Literal(lit)] if eq.as_char() == '=' => {
                    let text = lit.to_string();
                    match syn_like_unquote(&text) {
                        Some(line) => return Some(line),
                        None => self.odd_docs.push(text),
                    }
                }
                [TokenTree::Group(g)] if g.stream().to_string() == "hidden" => {
                    *self
                        .shape
                        .attributes
                        .entry("doc(hidden)".into())
                        .or_default() += 1;
                }
                _ => self.odd_docs.push(stream.to_string()),
            }
            return None;
        }
        // `#[serde(rename = "wire")]` comes and goes with how far a name is from its Rust
        // spelling; it holds a literal only. So does its form for schemars alone, on structs
        // whose serde impls are not derived: `#[cfg_attr(feature = "schemars", serde(rename = "wire"))]`.
        let rename = match (path.as_str(), &tokens[1..]) {
            ("serde", [TokenTree::Group(g)]) => is_rename(g.stream()),
            ("cfg_attr", [TokenTree::Group(g)]) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                matches!(&inner[..],
                    [TokenTree::Ident(f), TokenTree::Punct(eq), TokenTree::Literal(l), TokenTree::Punct(comma), TokenTree::Ident(serde), TokenTree::Group(args)]
                    if f == "feature" && eq.as_char() == '=' && l.to_string() == "\"schemars\"" && comma.as_char() == ','
                        && serde == "serde" && is_rename(args.stream()))
            }
            _ => false,
        };
        if rename {
            return None;
        }
        *self.shape.attributes.entry(path).or_default() += 1;
        // Attribute arguments hold paths and macros too (`cfg_attr(feature = "schemars", ...)`).
        self.walk(TokenStream::from_iter(tokens.into_iter().skip(1)));
        None
    }
}

/// Whether an attribute's arguments are `rename = "literal"`.
fn is_rename(args: TokenStream) -> bool {
    matches!(&args.into_iter().collect::<Vec<_>>()[..],
        [TokenTree::Ident(k), TokenTree::Punct(eq), TokenTree::Literal(_)] if k == "rename" && eq.as_char() == '=')
}

/// The value of a plain string literal (`"..."`), unescaped; `None` for anything else.
fn syn_like_unquote(lit: &str) -> Option<String> {
    let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
    // A JSON string has the same escapes as a Rust one for everything proc-macro2 and
    // prettyplease write, except `\u{...}` and `\'`, handled first.
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            '\n' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn scan(code: &str) -> Scan {
    let stream = TokenStream::from_str(code)
        .unwrap_or_else(|e| panic!("the output does not even tokenize: {e}"));
    let mut scan = Scan::default();
    scan.walk(stream);
    scan
}

/// rustdoc's reading of a doc comment: lines unindented by their common indentation,
/// then Markdown with rustdoc's extensions.
fn code_blocks(doc: &str) -> Vec<(String, String)> {
    let indent = doc
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: String = doc
        .lines()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(&text, options) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "<indented>".to_owned(),
                };
                current = Some((info, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, body)) = &mut current {
                    body.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Everything that must hold of one fixture's output.
fn check(file: &str, hostile: &str, benign: &str) {
    let code = generate(file, hostile);
    let twin = generate(file, benign);
    let (h, b) = (scan(&code), scan(&twin));

    assert_eq!(
        h.shape, b.shape,
        "{file}: the payloads changed the items, macros or attributes of the output"
    );
    assert!(
        h.odd_docs.is_empty(),
        "{file}: doc attributes that are not string literals: {:?}",
        h.odd_docs
    );
    let smuggled: Vec<&String> = h
        .idents
        .iter()
        .filter(|i| i.to_ascii_lowercase().contains("smuggled"))
        .collect();
    assert!(
        smuggled.is_empty(),
        "{file}: text became identifiers: {smuggled:?}"
    );
    for forbidden in ["include", "include_str", "include_bytes", "compile_error"] {
        assert!(
            !h.shape.macros.contains_key(forbidden),
            "{file}: `{forbidden}!` in the output"
        );
    }

    // The text itself: no bidi control, no control character but newline and tab.
    let odd: Vec<(usize, char)> = code
        .char_indices()
        .filter(|(_, c)| is_bidi(*c) || (c.is_control() && !matches!(c, '\n' | '\t')))
        .collect();
    assert!(
        odd.is_empty(),
        "{file}: bidi or control characters in the output at {odd:?}"
    );
    let header = code.lines().next().unwrap_or("");
    assert!(
        header.starts_with("// @generated by oasbind"),
        "{file}: {header}"
    );

    // Doc comments: every code block rustdoc sees is `text`, and none holds a payload
    // outside one.
    let mut text_blocks = 0;
    for doc in &h.docs {
        for (info, body) in code_blocks(doc) {
            assert_eq!(info, "text", "{file}: a code block rustdoc would compile as a doctest:\n{body}\nin the doc comment\n{doc}");
            text_blocks += 1;
        }
    }
    // (The token request's metadata name is no longer in a doc comment but in the string
    // literal `TokenRequest::METADATA_PROPERTY`, since the runtime documents `for_scopes`.)
    assert!(
        text_blocks >= 9,
        "{file}: the payloads' code blocks are kept, as text ({text_blocks})"
    );
    assert!(
        h.docs.iter().any(|d| d.contains("smuggled_1")),
        "{file}: descriptions reach the docs"
    );
}

#[test]
fn swagger2_payloads_stay_data() {
    let hostile = serde_json::to_string_pretty(&fixture::swagger2(Fill::Hostile)).unwrap();
    let benign = serde_json::to_string_pretty(&fixture::swagger2(Fill::Benign)).unwrap();
    check("injection_swagger.json", &hostile, &benign);
}

#[test]
fn openapi31_yaml_payloads_stay_data() {
    let hostile = oasbind_hostile_tests::arb::to_yaml(&fixture::openapi31(Fill::Hostile));
    let benign = oasbind_hostile_tests::arb::to_yaml(&fixture::openapi31(Fill::Benign));
    check("injection_openapi.yaml", &hostile, &benign);
}

/// The fixtures `build.rs` compiled are the ones checked here.
#[test]
fn build_rs_compiled_these_fixtures() {
    for (name, text) in fixture::files(Fill::Hostile) {
        let path = std::path::Path::new(env!("OUT_DIR")).join(name);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{}",
            path.display()
        );
        let stem = name.trim_end_matches(".json").trim_end_matches(".yaml");
        let compiled = std::fs::read_to_string(
            std::path::Path::new(env!("OUT_DIR")).join(format!("{stem}.rs")),
        )
        .unwrap();
        assert_eq!(compiled, generate(name, &text), "{name}");
    }
}

/// Every payload in every place a title can go: the `@generated` header stays one
/// comment line (a bidi control there is a compile error: rustc denies it in comments).
#[test]
fn titles_and_versions_stay_in_the_header_comment() {
    for payload in fixture::TEXT.iter().chain(fixture::NAMES) {
        let doc = serde_json::json!({
            "swagger": "2.0",
            "info": { "title": payload, "version": payload, "description": payload },
            "paths": {},
            "definitions": { "a": { "type": "string" } },
        });
        let code = generate("title.json", &doc.to_string());
        let (header, rest) = code.split_once('\n').unwrap();
        assert!(header.starts_with("// @generated by oasbind"), "{header}");
        assert!(
            !header.chars().any(|c| is_bidi(c) || c.is_control()),
            "{payload:?}: {header:?}"
        );
        assert!(
            rest.starts_with("// Do not edit by hand"),
            "{payload:?}: {rest}"
        );
    }
}

/// The doc-comment rewriting on its own, payload by payload: no code block but `text`.
#[test]
fn every_payload_alone_gives_text_blocks_only() {
    for payload in fixture::TEXT.iter().chain(fixture::NAMES) {
        let doc = serde_json::json!({
            "swagger": "2.0",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "definitions": { "a": { "type": "object", "description": payload, "properties": { "b": { "type": "string", "description": payload, "example": payload, "default": payload } } } },
        });
        let code = generate("one.json", &doc.to_string());
        for d in scan(&code).docs {
            for (info, body) in code_blocks(&d) {
                assert_eq!(info, "text", "{payload:?} gave a doctest:\n{body}");
            }
        }
    }
}
