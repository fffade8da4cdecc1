//! An ECMA-262 pattern as a tree: what `ecma.rs` reads, and what `regex.rs` writes in the
//! `regex` crate's syntax or `program.rs` compiles for the backtracking engine.

/// A node of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// One character of a set.
    Set(Set),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        /// `None`: no upper bound.
        max: Option<u32>,
        greedy: bool,
    },
    /// A group; capturing groups carry their number (from 1, in order of their `(`).
    Group(Box<Node>, Option<u32>),
    /// `^`: the start of the string (no `m` flag).
    Start,
    /// `$`: the end of the string.
    End,
    /// `\b`, or `\B` when negated: ECMA-262's word characters are ASCII's.
    WordBoundary {
        negated: bool,
    },
    Look {
        behind: bool,
        negated: bool,
        node: Box<Node>,
    },
    /// `\1` or `\k<name>`, resolved to the group's number.
    Backref(u32),
}

/// A set of characters: `[…]`, `.`, a class escape or one literal character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    pub negated: bool,
    pub items: Vec<Item>,
}

/// One item of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Code points `from..=to` as written, surrogates included (no Rust string holds one,
    /// so they are cut when the set is written out).
    Range(u32, u32),
    /// `\d`, `\w`, `\s` (or `\D`, `\W`, `\S` when negated), with ECMA-262's meaning.
    Class { class: Class, negated: bool },
    /// `\p{…}` or `\P{…}`: the name as `regex` spells it.
    Property { name: String, negated: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Digit,
    Word,
    Space,
}

impl Set {
    /// The set of one code point.
    pub fn point(v: u32) -> Set {
        Set {
            negated: false,
            items: vec![Item::Range(v, v)],
        }
    }
}

impl Node {
    /// Whether the pattern needs a backtracking engine: lookaround or backreferences.
    pub fn backtracking(&self) -> bool {
        match self {
            Node::Look { .. } | Node::Backref(_) => true,
            Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().any(Node::backtracking),
            Node::Repeat { node, .. } | Node::Group(node, _) => node.backtracking(),
            Node::Set(_) | Node::Start | Node::End | Node::WordBoundary { .. } => false,
        }
    }

    /// Whether the node can match without consuming a character.
    pub fn can_be_empty(&self) -> bool {
        match self {
            Node::Set(_) => false,
            Node::Concat(nodes) => nodes.iter().all(Node::can_be_empty),
            Node::Alt(nodes) => nodes.iter().any(Node::can_be_empty),
            Node::Repeat { node, min, .. } => *min == 0 || node.can_be_empty(),
            Node::Group(node, _) => node.can_be_empty(),
            // A backreference to an empty or unset group matches empty.
            Node::Start
            | Node::End
            | Node::WordBoundary { .. }
            | Node::Look { .. }
            | Node::Backref(_) => true,
        }
    }

    /// The numbers of the capturing groups inside the node.
    pub fn captures(&self, out: &mut Vec<u32>) {
        match self {
            Node::Group(node, index) => {
                out.extend(index);
                node.captures(out);
            }
            Node::Concat(nodes) | Node::Alt(nodes) => {
                nodes.iter().for_each(|n| n.captures(out));
            }
            Node::Repeat { node, .. } | Node::Look { node, .. } => node.captures(out),
            Node::Set(_)
            | Node::Start
            | Node::End
            | Node::WordBoundary { .. }
            | Node::Backref(_) => {}
        }
    }
}
