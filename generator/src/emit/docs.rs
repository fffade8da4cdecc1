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
    let mut in_fence = false;
    // A bare carriage return is not allowed in a doc comment: it ends a line too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines = text.lines().map(|line| {
        let trimmed = line.trim_start();
        let line = if let Some(rest) = trimmed.strip_prefix("```") {
            let _ = rest;
            in_fence = !in_fence;
            // Any opening fence could be compiled as a doctest: every one becomes text.
            if in_fence { "```text".to_owned() } else { "```".to_owned() }
        } else if in_fence {
            line.to_owned()
        } else if trimmed.starts_with('>') {
            // A quote would swallow the following lines (clippy: doc_lazy_continuation).
            format!("\\{trimmed}")
        } else {
            // Indented lines would be an (untagged, compiled) code block: unindent them.
            trimmed.to_owned()
        };
        // Bidi controls could make the docs read differently from what they are.
        let line: String = line.chars().filter(|c| !is_bidi_control(*c)).collect();
        let line = format!(" {line}");
        quote! { #[doc = #line] }
    });
    lines.collect()
}

fn inline_code(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).collect();
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}
