//! A pattern tree written in the syntax of the `regex` crate, with ECMA-262's meaning.
//!
//! The two dialects read many of the same characters differently: ECMA-262's `\d`, `\w`
//! and `\b` are ASCII and its `\s` and `.` have sets of their own, where `regex` means
//! Unicode; an ECMA-262 class may hold `[` or `&&` as characters; `[]` and `[^]` are valid.
//! So every construct is written out explicitly (`[0-9]`, `(?-u:\b)`, `\x{2D}`). Patterns
//! are only asked whether they match somewhere, so groups need not capture.

use super::ast::{Class, Item, Node, Set};
use std::fmt::Write;

/// ECMA-262's `\s`: WhiteSpace and LineTerminator.
const SPACE: &str = r"\t\n\x{B}\x{C}\r\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const DIGIT: &str = "0-9";
const WORD: &str = "0-9A-Z_a-z";
/// A set that matches nothing (`[]`, a lone surrogate) and one that matches anything.
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";
const ANYTHING: &str = r"[\x{0}-\x{10FFFF}]";

/// The pattern in `regex` syntax; `None` when it has lookaround or backreferences,
/// which `regex` cannot run.
pub fn write(node: &Node) -> Option<String> {
    if node.backtracking() {
        return None;
    }
    let mut out = String::new();
    node_to(&mut out, node);
    Some(out)
}

fn node_to(out: &mut String, node: &Node) {
    match node {
        Node::Set(set) => set_to(out, set),
        Node::Concat(nodes) => {
            for node in nodes {
                // A nested alternation keeps its own group.
                if matches!(node, Node::Alt(_)) {
                    out.push_str("(?:");
                    node_to(out, node);
                    out.push(')');
                } else {
                    node_to(out, node);
                }
            }
        }
        Node::Alt(nodes) => {
            for (i, node) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                node_to(out, node);
            }
        }
        Node::Repeat {
            node,
            min,
            max,
            greedy,
        } => {
            if matches!(**node, Node::Set(_) | Node::Group(..)) {
                node_to(out, node);
            } else {
                out.push_str("(?:");
                node_to(out, node);
                out.push(')');
            }
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (min, None) => write!(out, "{{{min},}}").unwrap(),
                (min, Some(max)) if min == max => write!(out, "{{{min}}}").unwrap(),
                (min, Some(max)) => write!(out, "{{{min},{max}}}").unwrap(),
            }
            if !greedy {
                out.push('?');
            }
        }
        Node::Group(node, _) => {
            out.push_str("(?:");
            node_to(out, node);
            out.push(')');
        }
        Node::Start => out.push('^'),
        Node::End => out.push('$'),
        Node::WordBoundary { negated: false } => out.push_str(r"(?-u:\b)"),
        Node::WordBoundary { negated: true } => out.push_str(r"(?-u:\B)"),
        // Ruled out by `write`.
        Node::Look { .. } | Node::Backref(_) => {}
    }
}

/// A set as one `regex` class (or a literal character).
pub fn set_to(out: &mut String, set: &Set) {
    if let (false, [Item::Range(v, w)]) = (set.negated, set.items.as_slice()) {
        if v == w {
            return match char::from_u32(*v) {
                Some(c) => escape(out, c),
                None => out.push_str(NOTHING),
            };
        }
    }
    let mut items = String::new();
    for item in &set.items {
        // A lone class escape is a class already.
        let alone = !set.negated && set.items.len() == 1;
        match item {
            Item::Range(from, to) => range(&mut items, *from, *to),
            Item::Class { class, negated } => {
                let chars = match class {
                    Class::Digit => DIGIT,
                    Class::Word => WORD,
                    Class::Space => SPACE,
                };
                write!(items, "[{}{chars}]", if *negated { "^" } else { "" }).unwrap();
            }
            Item::Property { name, negated } => {
                write!(items, "\\{}{{{name}}}", if *negated { 'P' } else { 'p' }).unwrap();
            }
        }
        if alone && !matches!(item, Item::Range(..)) {
            out.push_str(&items);
            return;
        }
    }
    match (items.is_empty(), set.negated) {
        (true, false) => out.push_str(NOTHING),
        (true, true) => out.push_str(ANYTHING),
        (false, negated) => write!(out, "[{}{items}]", if negated { "^" } else { "" }).unwrap(),
    }
}

/// The range `from-to` with its surrogates cut out.
fn range(out: &mut String, from: u32, to: u32) {
    for (lo, hi) in [(from, to.min(0xD7FF)), (from.max(0xE000), to)] {
        let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi)) else {
            continue;
        };
        if lo <= hi {
            escape(out, lo);
            if hi > lo {
                out.push('-');
                escape(out, hi);
            }
        }
    }
}

/// A character that means itself in and outside a class: letters and digits as they are,
/// everything else as `\x{…}` (never an operator of either dialect).
fn escape(out: &mut String, c: char) {
    if c.is_alphanumeric() {
        out.push(c);
    } else {
        write!(out, "\\x{{{:X}}}", c as u32).unwrap();
    }
}
