//! Doc comments from a definition's `title`, `description`, examples and defaults.
//!
//! Descriptions are data: they are emitted as string literals in `#[doc]` attributes (so
//! nothing in them can become code), and code blocks are marked `text` so that rustdoc
//! never compiles them as doctests.

use crate::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for a schema's documentation; `fallback` when there is none.
pub fn attrs(docs: &Docs, fallback: &str) -> TokenStream {
    let mut text = String::new();
    if let Some(t) = docs.title.as_deref().filter(|t| !t.trim().is_empty()) {
        text.push_str(t.trim());
    }
    if let Some(d) = docs.description.as_deref().filter(|d| !d.trim().is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(d.trim());
    }
    if text.is_empty() {
        text.push_str(fallback);
    }
    for example in &docs.examples {
        text.push_str("\n\nExample: ");
        text.push_str(&inline_code(&example.to_string()));
    }
    if let Some(default) = &docs.default {
        text.push_str("\n\nDefault: ");
        text.push_str(&inline_code(&default.to_string()));
    }
    lines(&text)
}

/// `#[doc]` attributes for free text.
pub fn text(text: &str) -> TokenStream {
    lines(text)
}

fn lines(text: &str) -> TokenStream {
    // Large definitions repeat their texts (Kubernetes' `dryRun` parameter is documented
    // the same way in hundreds of operations), and making them safe and escaping them as
    // literals is most of a parameter's cost: each thread keeps what it made. A clone
    // shares the attributes' tokens.
    thread_local! {
        static MADE: std::cell::RefCell<std::collections::HashMap<String, TokenStream>> = Default::default();
    }
    MADE.with_borrow_mut(|made| {
        if let Some(attrs) = made.get(text) {
            return attrs.clone();
        }
        let attrs: TokenStream = lines_of(text)
            .into_iter()
            .map(|line| quote! { #[doc = #line] })
            .collect();
        made.insert(text.to_owned(), attrs.clone());
        attrs
    })
}

/// The doc lines (each with its leading space, a blank one empty) for `text`, made safe
/// for rustdoc:
///
/// - every code block is a fenced block tagged `text`, so rustdoc never compiles one as a
///   doctest: fences of backticks or tildes, indented or inside list items and block
///   quotes, are rewritten as top-level ```` ```text ```` fences, and a fence left open is
///   closed;
/// - nothing else can be an indented code block: lines are unindented, and the run of
///   list and quote markers a line starts with keeps single spaces only;
/// - a line starting a block quote is escaped (it would swallow the lines after it);
/// - bidi controls are dropped (they make text read differently from what it is, and
///   rustc refuses them in comments), and so are the other control characters.
pub fn lines_of(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out = Vec::new();
    // A bare carriage return is not allowed in a doc comment: it ends a line too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.split('\n') {
        // Tabs become spaces (clippy::tabs_in_doc_comments); other controls are dropped.
        let line: String = line
            .chars()
            .filter(|c| !is_bidi_control(*c) && (!c.is_control() || *c == '\t'))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let trimmed = line.trim_start();
        let line = if in_fence {
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = false;
                "```".to_owned()
            } else {
                line
            }
        } else {
            let (prefix, rest) = split_markers(trimmed);
            if is_fence(rest) {
                // Any opening fence could be compiled as a doctest: every one becomes text.
                in_fence = true;
                "```text".to_owned()
            } else if prefix.starts_with('>') {
                // A quote would swallow the following lines (clippy: doc_lazy_continuation).
                format!("\\{prefix}{rest}")
            } else {
                format!("{prefix}{rest}")
            }
        };
        // A blank line is `///`, without a trailing space.
        let line = line.trim_end();
        out.push(if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        });
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    // Lines that were blank at the end say nothing.
    while out.len() > 1 && out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// Splits an unindented line into its leading list and quote markers (`- `, `1. `, `> `,
/// with every run of spaces and tabs among them made one space) and the rest.
fn split_markers(line: &str) -> (String, &str) {
    let end = line
        .char_indices()
        .find(|(_, c)| {
            !(matches!(c, '>' | '-' | '*' | '+' | '.' | ')' | ' ' | '\t') || c.is_ascii_digit())
        })
        .map_or(line.len(), |(i, _)| i);
    let mut prefix = String::new();
    for c in line[..end].chars() {
        if c == ' ' || c == '\t' {
            if !prefix.ends_with(' ') {
                prefix.push(' ');
            }
        } else {
            prefix.push(c);
        }
    }
    (prefix, &line[end..])
}

/// Whether a line (less its markers) opens a fenced code block: three or more backticks
/// whose info string has no backtick, or three or more tildes.
fn is_fence(rest: &str) -> bool {
    if let Some(info) = rest.strip_prefix("```") {
        return !info.trim_start_matches('`').contains('`');
    }
    rest.starts_with("~~~")
}

/// Text for a one-line (`//`) comment, such as the `@generated` header: line breaks
/// become spaces, and bidi and other control characters are dropped (rustc refuses bidi
/// controls in comments).
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect()
}

fn inline_code(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}
