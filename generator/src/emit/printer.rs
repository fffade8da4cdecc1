//! Source text from token streams, laid out without a parser.
//!
//! The emitters build `quote!` token streams of a small, known part of Rust. Parsing
//! them again with `syn` to print them with `prettyplease` was half of the generation
//! time on large definitions, so this module lays the tokens out directly:
//!
//! 1. [`Tokens::flatten`] flattens the token tree into one vector: a run of joint punctuation
//!    is one operator (`::`, `->`, `&&`), `'a` is one lifetime, all text in one buffer.
//! 2. [`Tokens::annotate`] reads each nesting level left to right with a little context
//!    and decides the role of every operator (unary or binary `&`, generic or comparison
//!    `<`, closure bars), what every brace group holds (a block, fields, match arms, or an
//!    inline struct literal), where the elements of a group end, and where a space goes.
//! 3. [`Printer`] writes the elements of blocks one per line and a bracketed list on one
//!    line when it fits in [`WIDTH`] columns, otherwise one item per line.
//!
//! Only whitespace is decided here: the tokens come out in the order they went in, so a
//! wrong guess can only look odd, never change the meaning (a test re-lexes the output).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::fmt::Write;

/// Lines longer than this are broken where a bracketed list allows it.
const WIDTH: usize = 100;
const INDENT: usize = 4;
/// The width of a group that cannot be on one line (it holds a block).
const BREAK: u32 = u32::MAX;

/// Formats top-level items: one per line group, a blank line between them.
#[cfg(test)]
pub fn items(stream: TokenStream) -> String {
    let mut out = String::new();
    items_into(stream, &mut out);
    out
}

thread_local! {
    /// Each thread's token buffers, kept between calls: fresh memory costs a page fault
    /// per page, and a large definition prints tens of megabytes of tokens.
    static SCRATCH: std::cell::RefCell<Tokens> = const { std::cell::RefCell::new(Tokens { toks: Vec::new(), text: String::new() }) };
}

/// [`items`], appended to `out`.
pub fn items_into(stream: TokenStream, out: &mut String) {
    SCRATCH.with_borrow_mut(|tokens| {
        tokens.toks.clear();
        tokens.text.clear();
        tokens.flatten(stream);
        let n = tokens.toks.len();
        tokens.annotate(0, n, Body::Module, false);
        tokens.measure();
        let start = out.len();
        let mut printer = Printer {
            t: tokens,
            out,
            start,
            col: 0,
            indent: 0,
            line: false,
            flat: 0,
            reserve: 0,
        };
        printer.elements(0, n, Body::Module, false);
        if out.len() > start {
            out.push('\n');
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Ident,
    /// A keyword that is not a value or path segment (`self`, `Self`, `crate`, `super`,
    /// `true` and `false` are [`Kind::Ident`]).
    Keyword,
    Literal,
    Lifetime,
    Op,
    Open(Delimiter),
    Close(Delimiter),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Plain,
    Unary,
    Binary,
    GenericOpen,
    GenericClose,
    ClosureOpen,
    ClosureClose,
    /// The `||` of a closure without parameters.
    Closure,
    /// The `!` of a macro call.
    Macro,
    Path,
    Dot,
    Range,
    Comma,
    Semi,
    Colon,
    /// The `:` of a macro fragment (`$name:ident`).
    Fragment,
    Question,
    Hash,
    Dollar,
    /// `*`, `+` or `?` after a macro repetition `$( .. )`.
    Repeat,
}

/// What a brace group holds, which decides its layout.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Body {
    /// On one line when it fits: a struct literal or pattern, a `use` tree, and every
    /// parenthesis and bracket group.
    Inline,
    /// Statements or associated items, one per line.
    Block,
    /// Items with a blank line between them: the file, a `mod`.
    Module,
    /// Fields or variants of a type definition, one per line, each with its comma.
    Fields,
    /// Match arms, one per line.
    Arms,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    role: Role,
    /// For an opening brace: what the group holds.
    body: Body,
    /// A space goes before this token unless it starts a line.
    space: bool,
    /// The last token of an element of its group (a statement, a field, a list item).
    ends: bool,
    /// A comma between the items of a list (not inside generics or closure parameters).
    top: bool,
    /// A `>` that closes the generic parameters of a declaration (`impl<'a>`, `fn f<T>`).
    declares: bool,
    start: u32,
    len: u32,
    /// For an opening delimiter: the index of its closing one; for a closing one, of its
    /// opening one. For a generic `<` closed by a `>` of its own: that `>` (or the `>>`
    /// that closes it and the list around it); for a `>>` that closes two lists: the inner
    /// one's `<`; for a comma between generic arguments: their `<`.
    close: u32,
    /// For an opening delimiter: inside a macro's input or definition, where nothing may
    /// be added (no trailing comma).
    verbatim: bool,
    /// For an opening delimiter: the group's width on one line, or [`BREAK`].
    width: u32,
}

struct Tokens {
    toks: Vec<Tok>,
    text: String,
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "type", "unsafe", "use", "where", "while",
];

/// Operators of more than one character.
const OPERATORS: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "..", "...", "..=", "+=", "-=", "*=",
    "/=", "%=", "^=", "&=", "|=", "<<", ">>", "<<=", ">>=",
];

/// Fragment specifiers of `macro_rules!` patterns (`$name:ident`).
const FRAGMENTS: &[&str] = &[
    "block",
    "expr",
    "expr_2021",
    "ident",
    "item",
    "lifetime",
    "literal",
    "meta",
    "pat",
    "pat_param",
    "path",
    "stmt",
    "tt",
    "ty",
    "vis",
];

impl Tokens {
    fn str(&self, k: usize) -> &str {
        let t = &self.toks[k];
        &self.text[t.start as usize..(t.start + t.len) as usize]
    }

    fn is(&self, k: usize, kind: Kind, text: &str) -> bool {
        self.toks.get(k).is_some_and(|t| t.kind == kind) && self.str(k) == text
    }

    fn push(&mut self, kind: Kind, start: usize) -> usize {
        let len = self.text.len() - start;
        self.toks.push(Tok {
            kind,
            role: Role::Plain,
            body: Body::Inline,
            space: false,
            ends: false,
            top: false,
            declares: false,
            start: start as u32,
            len: len as u32,
            close: 0,
            verbatim: false,
            width: 0,
        });
        self.toks.len() - 1
    }

    fn flatten(&mut self, stream: TokenStream) {
        let mut trees = stream.into_iter().peekable();
        while let Some(tree) = trees.next() {
            let start = self.text.len();
            match tree {
                TokenTree::Group(g) => {
                    let delimiter = g.delimiter();
                    let inner = g.stream();
                    // Dropped first, the inner stream is not shared: iterating it moves the
                    // trees instead of cloning them.
                    drop(g);
                    let (open, close) = match delimiter {
                        Delimiter::Parenthesis => ('(', ')'),
                        Delimiter::Bracket => ('[', ']'),
                        Delimiter::Brace => ('{', '}'),
                        Delimiter::None => {
                            self.flatten(inner);
                            continue;
                        }
                    };
                    self.text.push(open);
                    let o = self.push(Kind::Open(delimiter), start);
                    self.flatten(inner);
                    let end = self.text.len();
                    self.text.push(close);
                    let c = self.push(Kind::Close(delimiter), end);
                    self.toks[o].close = c as u32;
                    self.toks[c].close = o as u32;
                }
                TokenTree::Ident(i) => {
                    let _ = write!(self.text, "{i}");
                    let kind = if KEYWORDS.contains(&&self.text[start..]) {
                        Kind::Keyword
                    } else {
                        Kind::Ident
                    };
                    self.push(kind, start);
                }
                TokenTree::Literal(l) => {
                    let _ = write!(self.text, "{l}");
                    self.push(Kind::Literal, start);
                }
                TokenTree::Punct(p) if p.as_char() == '\'' => {
                    self.text.push('\'');
                    if let Some(TokenTree::Ident(i)) =
                        trees.next_if(|t| matches!(t, TokenTree::Ident(_)))
                    {
                        let _ = write!(self.text, "{i}");
                    }
                    self.push(Kind::Lifetime, start);
                }
                TokenTree::Punct(p) => {
                    self.text.push(p.as_char());
                    // Joint punctuation is one operator where Rust has one (`>` `,` is not).
                    let mut joint = p.spacing() == Spacing::Joint;
                    while joint {
                        let run = &self.text[start..];
                        let extends = |t: &TokenTree| {
                            matches!(t, TokenTree::Punct(q) if OPERATORS.iter().any(|op| {
                                op.len() == run.len() + 1 && op.starts_with(run) && op.ends_with(q.as_char())
                            }))
                        };
                        match trees.next_if(extends) {
                            Some(TokenTree::Punct(q)) => {
                                self.text.push(q.as_char());
                                joint = q.spacing() == Spacing::Joint;
                            }
                            _ => break,
                        }
                    }
                    self.push(Kind::Op, start);
                }
            }
        }
    }

    /// A token after which a binary operator can follow: a value or a type ends there.
    fn operand(&self, k: usize) -> bool {
        let t = &self.toks[k];
        match t.kind {
            Kind::Ident | Kind::Literal | Kind::Lifetime | Kind::Close(_) => true,
            Kind::Op => matches!(t.role, Role::Question | Role::GenericClose | Role::Repeat),
            // `fut.await?`
            Kind::Keyword => self.str(k) == "await",
            Kind::Open(_) => false,
        }
    }

    /// Whether token `k` is the name an item declares (`fn name`, `struct Name`): a `<`
    /// after it opens the item's generic parameters.
    fn names_item(&self, k: usize) -> bool {
        k > 0
            && self.toks[k - 1].kind == Kind::Keyword
            && matches!(self.str(k - 1), "fn" | "struct" | "enum" | "trait" | "type")
    }

    /// The index after token `k` at its level: past the whole group when `k` opens one.
    fn step(&self, k: usize) -> usize {
        let t = &self.toks[k];
        if matches!(t.kind, Kind::Open(_)) {
            t.close as usize + 1
        } else {
            k + 1
        }
    }

    /// Whether a `<` after token `k` opens generic arguments rather than compares.
    fn opens_generics(&self, k: usize) -> bool {
        let t = &self.toks[k];
        match t.kind {
            Kind::Ident => {
                let s = self.str(k);
                let type_like = s.starts_with(|c: char| c.is_ascii_uppercase())
                    && (s.len() == 1 || s.contains(|c: char| c.is_ascii_lowercase()));
                type_like || self.names_item(k) || k > 0 && self.is(k - 1, Kind::Keyword, "impl")
            }
            Kind::Literal | Kind::Lifetime | Kind::Close(_) => false,
            Kind::Keyword | Kind::Open(_) => true,
            Kind::Op => t.role == Role::Path || !self.operand(k),
        }
    }

    /// Annotates the tokens `from..to`, the inside of a group holding `body`.
    fn annotate(&mut self, from: usize, to: usize, body: Body, verbatim: bool) {
        let statements = matches!(body, Body::Block | Body::Module);
        // Open generic lists: whether each declares parameters, and where it opens.
        let mut generics: Vec<(bool, usize)> = Vec::new();
        // The body the next brace opens, from the keyword that announced it.
        let mut pending: Option<Body> = None;
        // Inside the pattern of `if let` / `while let`, before its `=`.
        let mut pattern = false;
        let mut closure = false;
        // The first token of the current element, and the close of the last `$( .. )`.
        let mut first = from;
        let mut repetition = usize::MAX;
        let mut k = from;
        while k < to {
            let prev = k.checked_sub(1);
            // A new element (`*slot = x;` after an `if` block) starts with no operand before.
            let after_operand = prev.is_some_and(|p| self.operand(p) && !self.toks[p].ends);
            let kind = self.toks[k].kind;
            let mut ends = false;
            match kind {
                Kind::Keyword => {
                    let announced = match self.str(k) {
                        "match" => Some(Body::Arms),
                        "struct" | "enum" => Some(Body::Fields),
                        "mod" => Some(Body::Module),
                        "if" | "else" | "while" | "for" | "loop" | "fn" | "impl" | "trait"
                        | "unsafe" | "async" | "move" => Some(Body::Block),
                        "let" if pending == Some(Body::Block) => {
                            pattern = true;
                            None
                        }
                        _ => None,
                    };
                    // A block keyword does not override a more specific one (`impl X for Y`).
                    if let Some(b) = announced {
                        if b != Body::Block || pending.is_none() {
                            pending = Some(b);
                        }
                    }
                }
                Kind::Ident if self.str(k) == "macro_rules" => pending = Some(Body::Block),
                Kind::Op => {
                    let role = self.role(
                        k,
                        prev,
                        after_operand,
                        &mut generics,
                        &mut closure,
                        repetition,
                    );
                    self.toks[k].role = role;
                    match role {
                        // A comma between generic arguments knows its list.
                        Role::Comma if !generics.is_empty() => {
                            self.toks[k].close = generics.last().map_or(u32::MAX, |g| g.1 as u32);
                        }
                        Role::Comma if !closure => {
                            self.toks[k].top = true;
                            if !statements {
                                ends = true;
                                pending = None;
                            }
                        }
                        Role::Semi => {
                            ends = statements;
                            pending = None;
                            pattern = false;
                            closure = false;
                            generics.clear();
                        }
                        _ => {}
                    }
                    match self.str(k) {
                        "=" => pattern = false,
                        "=>" => {
                            pending = None;
                            pattern = false;
                        }
                        _ => {}
                    }
                }
                Kind::Open(delimiter) => {
                    let close = self.toks[k].close as usize;
                    let inner = if delimiter != Delimiter::Brace {
                        Body::Inline
                    } else if prev.is_some_and(|p| self.toks[p].role == Role::Macro) {
                        Body::Block
                    } else if pattern {
                        Body::Inline
                    } else if let Some(b) = pending.take() {
                        b
                    } else if prev.is_some_and(|p| {
                        matches!(self.toks[p].kind, Kind::Ident)
                            || matches!(self.toks[p].role, Role::GenericClose | Role::Path)
                    }) {
                        // `Name { .. }` is a struct literal or pattern, except a variant's
                        // fields inside a type definition.
                        if body == Body::Fields {
                            Body::Fields
                        } else {
                            Body::Inline
                        }
                    } else {
                        Body::Block
                    };
                    self.toks[k].body = inner;
                    self.toks[k].space = prev.is_some_and(|p| space(self, p, k));
                    if prev.is_some_and(|p| self.toks[p].role == Role::Dollar) {
                        repetition = close;
                    }
                    let verbatim = verbatim
                        || prev.is_some_and(|p| {
                            matches!(self.toks[p].role, Role::Macro | Role::Dollar)
                        })
                        || k >= 3
                            && self.is(k - 2, Kind::Op, "!")
                            && self.is(k - 3, Kind::Ident, "macro_rules");
                    self.toks[k].verbatim = verbatim;
                    self.annotate(k + 1, close, inner, verbatim);
                    let last = if close > k + 1 { close - 1 } else { k };
                    self.toks[close].space = space(self, last, close);
                    // An attribute is an element of its own in blocks and bodies.
                    let attribute = delimiter == Delimiter::Bracket
                        && prev.is_some_and(|p| {
                            self.toks[p].role == Role::Hash
                                || (self.is(p, Kind::Op, "!")
                                    && p > 0
                                    && self.toks[p - 1].role == Role::Hash)
                        });
                    let next = (close + 1 < to).then_some(close + 1);
                    if attribute {
                        ends = body != Body::Inline;
                    } else if inner != Body::Inline {
                        ends = self.ends_after_block(body, first, next);
                    }
                    if ends {
                        self.toks[close].ends = true;
                        first = close + 1;
                    }
                    k = close + 1;
                    continue;
                }
                _ => {}
            }
            self.toks[k].space = prev.is_some_and(|p| space(self, p, k));
            if ends {
                self.toks[k].ends = true;
                first = k + 1;
            }
            k += 1;
        }
    }

    /// Whether an element ends with the block that closes just before `next` (whose
    /// role is not known yet).
    fn ends_after_block(&self, body: Body, first: usize, next: Option<usize>) -> bool {
        let Some(n) = next else { return true };
        let (t, text) = (&self.toks[n], self.str(n));
        let word = matches!(t.kind, Kind::Ident | Kind::Keyword);
        if word && text == "else" {
            return false;
        }
        match body {
            Body::Block | Body::Module => {
                let f = &self.toks[first];
                // `if`, `match`, loops and items end at their block; in `let x = match ..`
                // only a new statement after the block ends the element.
                let block_like = matches!(f.kind, Kind::Open(Delimiter::Brace))
                    || f.kind == Kind::Keyword
                        && self.str(first) != "let"
                        && self.str(first) != "return"
                    || f.kind == Kind::Ident && self.str(first) == "macro_rules";
                if block_like {
                    text != ";"
                } else {
                    word && text != "as"
                        || matches!(t.kind, Kind::Literal | Kind::Lifetime)
                        || text == "#"
                }
            }
            // In a list the comma after the block ends the element.
            _ => !matches!(text, "," | "." | "?"),
        }
    }

    fn role(
        &mut self,
        k: usize,
        prev: Option<usize>,
        after_operand: bool,
        generics: &mut Vec<(bool, usize)>,
        closure: &mut bool,
        repetition: usize,
    ) -> Role {
        let s = self.str(k);
        // `$( .. )*`, `$( .. ),*`
        let repeats = prev.is_some_and(|p| {
            p == repetition || (p > 0 && p - 1 == repetition && matches!(self.str(p), "," | ";"))
        });
        match s {
            "," => Role::Comma,
            ";" => Role::Semi,
            ":" if prev.is_some_and(|p| p > 0 && self.toks[p - 1].role == Role::Dollar)
                && self.toks.get(k + 1).is_some_and(|t| t.kind == Kind::Ident)
                && FRAGMENTS.contains(&self.str(k + 1)) =>
            {
                Role::Fragment
            }
            ":" => Role::Colon,
            "::" => Role::Path,
            "." => Role::Dot,
            ".." | "..=" => Role::Range,
            "#" => Role::Hash,
            "$" => Role::Dollar,
            "*" | "+" | "?" if repeats => Role::Repeat,
            // After a value, the `?` operator; else a relaxed bound (`T: ?Sized`, `+ ?Sized`).
            "?" if after_operand => Role::Question,
            "?" => Role::Unary,
            "!" => {
                let call = prev.is_some_and(|p| self.toks[p].kind == Kind::Ident)
                    && matches!(self.toks.get(k + 1).map(|t| t.kind), Some(Kind::Open(_)));
                let definition = prev.is_some_and(|p| self.is(p, Kind::Ident, "macro_rules"));
                if call || definition {
                    Role::Macro
                } else {
                    Role::Unary
                }
            }
            "<" if prev.is_none_or(|p| self.opens_generics(p)) => {
                let declaration =
                    prev.is_some_and(|p| self.toks[p].kind == Kind::Keyword || self.names_item(p));
                // `<T as Trait>::f` is a qualified path, not a list: it never breaks.
                let list = prev.is_some_and(|p| {
                    matches!(self.toks[p].kind, Kind::Ident | Kind::Keyword)
                        || self.toks[p].role == Role::Path
                });
                generics.push((declaration, if list { k } else { usize::MAX }));
                Role::GenericOpen
            }
            ">" if !generics.is_empty() => {
                let (declares, open) = generics.pop().unwrap_or_default();
                self.toks[k].declares = declares;
                // A list closed by a `>` of its own can be broken over lines.
                if let Some(t) = self.toks.get_mut(open) {
                    t.close = k as u32;
                }
                Role::GenericClose
            }
            ">>" if generics.len() > 1 => {
                let (_, inner) = generics.pop().unwrap_or_default();
                let (declares, open) = generics.pop().unwrap_or_default();
                self.toks[k].declares = declares;
                // Both lists can break: the inner one's `>` is the first half, the outer
                // one's the second (`Future<Output = Result<A, B>>`).
                for list in [inner, open] {
                    if let Some(t) = self.toks.get_mut(list) {
                        t.close = k as u32;
                    }
                }
                if inner != usize::MAX && open != usize::MAX {
                    self.toks[k].close = inner as u32;
                }
                Role::GenericClose
            }
            "|" if *closure => {
                *closure = false;
                Role::ClosureClose
            }
            "|" if !after_operand => {
                *closure = true;
                Role::ClosureOpen
            }
            "||" if !after_operand => Role::Closure,
            "&" | "&&" | "*" | "-" if !after_operand => Role::Unary,
            _ => Role::Binary,
        }
    }

    /// Widths of groups on one line, innermost first.
    fn measure(&mut self) {
        let mut stack: Vec<(usize, u32)> = Vec::new();
        let mut width = 0u32;
        for k in 0..self.toks.len() {
            let t = self.toks[k];
            let own = t.len + u32::from(t.space);
            match t.kind {
                Kind::Open(_) => {
                    stack.push((k, width.saturating_add(u32::from(t.space))));
                    width = t.len;
                    if t.body != Body::Inline {
                        width = BREAK;
                    }
                }
                Kind::Close(_) => {
                    let group = width.saturating_add(own);
                    let (open, outer) = stack.pop().unwrap_or((k, 0));
                    self.toks[open].width = group;
                    width = outer.saturating_add(group);
                }
                _ => {
                    let multiline = t.kind == Kind::Literal && self.str(k).contains('\n');
                    width = if multiline {
                        BREAK
                    } else {
                        width.saturating_add(own)
                    };
                }
            }
        }
    }
}

/// Whether a space goes between tokens `p` and `n` (adjacent in the output).
fn space(t: &Tokens, p: usize, n: usize) -> bool {
    let (prev, next) = (&t.toks[p], &t.toks[n]);
    // `S { a }` keeps its spaces; `()`, `[]`, `{}` and `use a::{b, c}` do not.
    let spaced = |open: usize| {
        t.toks[open].kind == Kind::Open(Delimiter::Brace)
            && !(open > 0 && t.toks[open - 1].role == Role::Path)
    };
    if let Kind::Close(_) = next.kind {
        return spaced(next.close as usize) && !matches!(prev.kind, Kind::Open(_));
    }
    if let Kind::Open(_) = prev.kind {
        return spaced(p);
    }
    use Role::*;
    if matches!(
        prev.role,
        Unary | Dot | Path | Hash | Dollar | GenericOpen | ClosureOpen | Range | Fragment
    ) {
        return false;
    }
    if prev.role == Macro {
        return !matches!(
            next.kind,
            Kind::Open(Delimiter::Parenthesis | Delimiter::Bracket)
        );
    }
    match next.role {
        Comma | Semi | Colon | Fragment | Dot | Question | GenericClose | ClosureClose | Macro
        | Repeat => return false,
        // `Vec<u8>`, `impl<'a>`, but `= <T as Trait>::f`
        GenericOpen => {
            return !matches!(prev.kind, Kind::Ident | Kind::Keyword) && prev.role != Path
        }
        // `Vec::<u8>::new`, but `impl<'a> ::core::fmt::Display`
        Path => return !(prev.kind == Kind::Ident || prev.role == GenericClose && !prev.declares),
        Range => return !t.operand(p),
        _ => {}
    }
    // `#[cfg(..)] (a, b)`: an attribute is not called or indexed.
    let attribute = prev.kind == Kind::Close(Delimiter::Bracket) && {
        let open = prev.close as usize;
        open > 0 && t.toks[open - 1].role == Hash
    };
    if attribute {
        return true;
    }
    let call = matches!(prev.kind, Kind::Ident | Kind::Close(_)) || prev.role == GenericClose;
    match next.kind {
        Kind::Open(Delimiter::Parenthesis) => {
            !(call || prev.kind == Kind::Keyword && matches!(t.str(p), "fn" | "pub"))
        }
        Kind::Open(Delimiter::Bracket) => {
            !(matches!(prev.kind, Kind::Ident | Kind::Close(_)) || prev.role == Question)
        }
        _ => true,
    }
}

struct Printer<'a> {
    t: &'a Tokens,
    out: &'a mut String,
    /// Where this printer's output begins in `out`.
    start: usize,
    col: usize,
    indent: usize,
    /// A line break is due before the next token.
    line: bool,
    /// Inside a group being written on one line.
    flat: u32,
    /// Columns the current element needs after its tokens: the comma the printer adds.
    reserve: usize,
}

impl Printer<'_> {
    fn newline(&mut self) {
        self.line = true;
    }

    fn write(&mut self, k: usize) {
        let t = self.t;
        self.write_str(t.toks[k].space, t.str(k));
    }

    /// Writes text (a token, or part of one) after the pending line break or space.
    fn write_str(&mut self, space: bool, s: &str) {
        if self.line {
            self.out.push('\n');
            self.out.extend(std::iter::repeat_n(' ', self.indent));
            self.col = self.indent;
            self.line = false;
        } else if space && self.col > self.indent {
            self.out.push(' ');
            self.col += 1;
        }
        self.out.push_str(s);
        self.col = match s.rfind('\n') {
            Some(i) => s.len() - i - 1,
            None => self.col + s.len(),
        };
    }

    /// The column the next token starts at (a line break may be pending).
    fn column(&self) -> usize {
        if self.line {
            self.indent
        } else {
            self.col
        }
    }

    /// Runs `f` for an element after which the printer writes `columns` more characters
    /// (the comma it adds), so that the element's groups leave room for them.
    fn reserving(&mut self, columns: usize, f: impl FnOnce(&mut Self)) {
        let saved = std::mem::replace(&mut self.reserve, columns);
        f(self);
        self.reserve = saved;
    }

    fn push_str(&mut self, s: &str) {
        self.out.push_str(s);
        self.col += s.len();
    }

    /// The element that starts at `k` ends before the returned index.
    fn element_end(&self, k: usize, to: usize) -> usize {
        let mut j = k;
        while j < to {
            let next = self.t.step(j);
            if self.t.toks[next - 1].ends {
                return next;
            }
            j = next;
        }
        to
    }

    /// The elements of a block-like body, one per line.
    fn elements(&mut self, from: usize, to: usize, body: Body, verbatim: bool) {
        let mut k = from;
        let mut after_item = false;
        let mut previous_use = false;
        while k < to {
            let end = self.element_end(k, to);
            let attribute = self.t.toks[k].role == Role::Hash;
            let is_use = self.t.is(k, Kind::Keyword, "use")
                || self.t.is(k, Kind::Keyword, "pub") && self.t.is(k + 1, Kind::Keyword, "use");
            if body == Body::Module && after_item && !(is_use && previous_use) {
                self.out.push('\n');
            }
            if k > from || self.out.len() > self.start {
                self.newline();
            }
            if attribute && self.doc_comment(k, end) {
            } else {
                let last = &self.t.toks[end - 1];
                let needs_comma = !verbatim
                    && match body {
                        Body::Fields => !attribute && last.role != Role::Comma,
                        Body::Arms => {
                            !attribute
                                && last.role != Role::Comma
                                && !matches!(last.kind, Kind::Close(Delimiter::Brace))
                        }
                        _ => false,
                    };
                self.reserving(usize::from(needs_comma), |p| {
                    if p.pattern_break(k, end, body) {
                        return;
                    }
                    match p.arm_break(k, end, body) {
                        // An arm too long for its line whose expression fits on the next.
                        Some(arrow) => {
                            p.tokens(k, arrow + 1, body);
                            p.indent += INDENT;
                            p.newline();
                            p.inline(arrow + 1, end, Body::Inline);
                            p.indent -= INDENT;
                        }
                        None => p.inline(k, end, body),
                    }
                });
                if needs_comma {
                    self.push_str(",");
                }
            }
            if !attribute {
                previous_use = is_use;
            }
            after_item = !attribute;
            k = end;
        }
    }

    /// For a match arm that does not fit on its line but whose pattern does, and whose
    /// expression (not a block) fits on the next: its `=>`.
    fn arm_break(&self, from: usize, to: usize, body: Body) -> Option<usize> {
        if body != Body::Arms || self.flat > 0 {
            return None;
        }
        let mut k = from;
        while k < to && !self.t.is(k, Kind::Op, "=>") {
            k = self.t.step(k);
        }
        let whole = self.width(from, to)?;
        let rest = self.width(k + 1, to)?;
        // A pattern or guard that breaks itself keeps the expression after its `=>`.
        let head = self.width(from, k + 1)?;
        let fits = |col: usize, w: usize| col + w + self.reserve <= WIDTH;
        (k < to
            && !fits(self.indent, whole)
            && self.indent + head <= WIDTH
            && fits(self.indent + INDENT, rest))
        .then_some(k)
    }

    /// A match arm whose pattern does not fit on its line: one alternative per line, each
    /// after the first led by its `|` (as prettyplease does; rustfmt fills the lines), then
    /// the expression after the `=>` when it fits there, else on the next line. False (and
    /// nothing written) for any other element.
    fn pattern_break(&mut self, from: usize, to: usize, body: Body) -> bool {
        if body != Body::Arms || self.flat > 0 {
            return false;
        }
        let mut ors = Vec::new();
        let mut arrow = from;
        while arrow < to && !self.t.is(arrow, Kind::Op, "=>") {
            if self.t.toks[arrow].role == Role::Binary && self.t.str(arrow) == "|" {
                ors.push(arrow);
            }
            arrow = self.t.step(arrow);
        }
        let fits = self
            .width(from, arrow + 1)
            .is_some_and(|w| self.indent + w <= WIDTH);
        if arrow == to || ors.is_empty() || fits {
            return false;
        }
        self.tokens(from, ors[0], body);
        for (i, &or) in ors.iter().enumerate() {
            self.newline();
            self.write(or);
            self.tokens(or + 1, ors.get(i + 1).copied().unwrap_or(arrow + 1), body);
        }
        let rest = self.width(arrow + 1, to);
        let fits = |col: usize, w: usize| col + w + self.reserve <= WIDTH;
        match rest {
            Some(w) if !fits(self.col, w) && fits(self.indent + INDENT, w) => {
                self.indent += INDENT;
                self.newline();
                self.inline(arrow + 1, to, Body::Inline);
                self.indent -= INDENT;
            }
            _ => self.inline(arrow + 1, to, Body::Inline),
        }
        true
    }

    /// `#[doc = ".."]` as a `///` line (`#![doc]` as `//!`); false when it is not one.
    fn doc_comment(&mut self, k: usize, end: usize) -> bool {
        let t = self.t;
        let inner = t.is(k + 1, Kind::Op, "!");
        let open = k + 1 + usize::from(inner);
        let ok = end == open + 5
            && t.toks[open].kind == Kind::Open(Delimiter::Bracket)
            && t.is(open + 1, Kind::Ident, "doc")
            && t.is(open + 2, Kind::Op, "=")
            && t.toks[open + 3].kind == Kind::Literal;
        let Some(text) = ok.then(|| unescape(t.str(open + 3))).flatten() else {
            return false;
        };
        self.write_str(false, if inner { "//!" } else { "///" });
        self.push_str(&text);
        true
    }

    /// Tokens `from..to` of one element: a chain of `&&` / `||` that does not fit breaks
    /// before each operator, and the groups the tokens hold break as they need.
    fn inline(&mut self, from: usize, to: usize, body: Body) {
        if self.flat == 0 {
            let mut ops = Vec::new();
            let mut k = from;
            while k < to {
                if self.t.toks[k].role == Role::Binary && matches!(self.t.str(k), "&&" | "||") {
                    ops.push(k);
                }
                k = self.t.step(k);
            }
            let long = self
                .width(from, to)
                .is_some_and(|w| self.column() + w + self.reserve > WIDTH);
            if !ops.is_empty() && long {
                self.tokens(from, ops[0], body);
                self.indent += INDENT;
                for (i, &op) in ops.iter().enumerate() {
                    self.newline();
                    self.write(op);
                    self.tokens(op + 1, ops.get(i + 1).copied().unwrap_or(to), body);
                }
                self.indent -= INDENT;
                return;
            }
        }
        self.tokens(from, to, body);
    }

    /// Tokens `from..to`, breaking only inside the groups they hold.
    fn tokens(&mut self, from: usize, to: usize, body: Body) {
        let mut k = from;
        while k < to {
            let t = self.t.toks[k];
            match t.kind {
                Kind::Open(_) if t.body == Body::Inline => {
                    self.group(k, to);
                    k = t.close as usize + 1;
                }
                Kind::Open(_) => {
                    self.block(k);
                    k = t.close as usize + 1;
                }
                Kind::Keyword
                    if self.flat == 0
                        && matches!(body, Body::Block | Body::Module)
                        && self.t.str(k) == "where" =>
                {
                    k = self.where_clause(k, to);
                }
                Kind::Op
                    if self.flat == 0 && t.role == Role::GenericOpen && t.close as usize > k =>
                {
                    k = self.generics(k, to);
                }
                _ => {
                    self.write(k);
                    k += 1;
                }
            }
        }
    }

    /// `where` on a line of its own, then a bound per line, then the body's brace.
    fn where_clause(&mut self, k: usize, to: usize) -> usize {
        self.newline();
        self.write(k);
        self.indent += INDENT;
        let mut j = k + 1;
        while j < to {
            let t = self.t.toks[j];
            if matches!(t.kind, Kind::Open(Delimiter::Brace)) && t.body != Body::Inline
                || t.role == Role::Semi
            {
                break;
            }
            let start = j;
            while j < to {
                let t = self.t.toks[j];
                if t.top
                    || matches!(t.kind, Kind::Open(Delimiter::Brace)) && t.body != Body::Inline
                    || t.role == Role::Semi
                {
                    break;
                }
                j = self.t.step(j);
            }
            if j > start {
                self.newline();
                self.inline(start, j, Body::Inline);
                self.push_str(",");
            }
            if j < to && self.t.toks[j].top {
                j += 1;
            }
        }
        self.indent -= INDENT;
        if j < to && self.t.toks[j].role != Role::Semi {
            self.newline();
        }
        j
    }

    /// A block-like group: `{`, its elements one per line, `}`.
    fn block(&mut self, k: usize) {
        let t = self.t.toks[k];
        let close = t.close as usize;
        self.write(k);
        if close == k + 1 {
            self.write(close);
            return;
        }
        self.indent += INDENT;
        let flat = std::mem::replace(&mut self.flat, 0);
        self.elements(k + 1, close, t.body, t.verbatim);
        self.flat = flat;
        self.indent -= INDENT;
        self.newline();
        self.write(close);
    }

    /// Width of the tokens from `k` up to the next place a line may break.
    /// Generic arguments count whole: a list breaks before the type after it does.
    fn trailing(&self, mut k: usize, to: usize) -> usize {
        let mut width = 0;
        while k < to {
            let t = &self.t.toks[k];
            if t.kind == Kind::Keyword && self.t.str(k) == "where" {
                break; // a line break comes first
            }
            if t.role == Role::GenericOpen && t.close as usize > k {
                if let Some(w) = self.width(k, t.close as usize + 1) {
                    width += w;
                    k = t.close as usize + 1;
                    continue;
                }
            }
            width += t.len as usize + usize::from(t.space);
            if matches!(t.kind, Kind::Open(_)) || t.ends {
                break;
            }
            k += 1;
        }
        width
    }

    /// A bracketed group: on one line when it fits, else one item per line.
    fn group(&mut self, k: usize, to: usize) {
        let t = self.t.toks[k];
        let close = t.close as usize;
        let attribute = k > 0 && self.t.toks[k - 1].role == Role::Hash
            || k > 1 && self.t.is(k - 1, Kind::Op, "!") && self.t.toks[k - 2].role == Role::Hash;
        let col = if self.line {
            self.indent
        } else {
            self.col + usize::from(t.space)
        };
        let room = WIDTH.saturating_sub(col + self.reserve);
        // A call or tuple struct (`f(..)`, `S(..)`), not a tuple or a parenthesized value.
        let call = k > 0
            && (self.t.toks[k - 1].kind == Kind::Ident
                || self.t.toks[k - 1].role == Role::GenericClose);
        let fits = t.width != BREAK && t.width as usize + self.trailing(close + 1, to) <= room;
        if self.flat > 0 || fits || attribute || close == k + 1 {
            // On one line, a list has no trailing comma (but a one-element tuple keeps it).
            let last = close - 1;
            let trailing_comma = last > k
                && self.t.toks[last].top
                && !t.verbatim
                && (call || self.commas(k + 1, last));
            self.flat += 1;
            self.write(k);
            self.inline(
                k + 1,
                if trailing_comma { last } else { close },
                Body::Inline,
            );
            self.write(close);
            self.flat -= 1;
            return;
        }
        // The last item ends in a block (`f(a, |x| { .. })`): the block breaks, the rest
        // stays on the line when it fits.
        let last = close - 1;
        let tail = self.t.toks[last];
        if matches!(tail.kind, Kind::Close(Delimiter::Brace)) {
            let brace = (k + 1..last).rev().find(|&j| {
                self.t.toks[j].close as usize == last
                    && matches!(self.t.toks[j].kind, Kind::Open(_))
            });
            if let Some(brace) = brace.filter(|&b| self.t.toks[b].body != Body::Inline) {
                let head = self.width(k + 1, brace);
                if head.is_some_and(|w| w + 3 <= room) {
                    self.write(k);
                    self.inline(k + 1, close, Body::Inline);
                    self.write(close);
                    return;
                }
            }
        }
        self.write(k);
        self.indent += INDENT;
        let mut listed = false;
        let mut j = k + 1;
        while j < close {
            let end = self.element_end(j, close);
            let has_comma = self.t.toks[end - 1].role == Role::Comma;
            let adds_comma = end == close
                && !t.verbatim
                && !has_comma
                && (listed || call)
                && self.t.toks[j].role != Role::Range
                && (t.kind != Kind::Open(Delimiter::Bracket) || listed);
            self.newline();
            self.reserving(usize::from(adds_comma), |p| p.inline(j, end, Body::Inline));
            listed |= has_comma;
            if adds_comma {
                self.push_str(",");
            }
            j = end;
        }
        self.indent -= INDENT;
        self.newline();
        self.write(close);
    }

    /// Generic arguments `<..>`: on one line when they fit, else one per line. When a `>>`
    /// closes this list and the one around it, each writes its own half.
    fn generics(&mut self, k: usize, to: usize) -> usize {
        let close = self.t.toks[k].close as usize;
        let shared = self.t.str(close) == ">>" && self.t.toks[close].close != 0;
        // The inner list writes `>` and leaves the `>>` to the outer one's loop.
        let inner = shared && self.t.toks[close].close as usize == k;
        let (end, closing) = if inner {
            (close, ">")
        } else {
            (close + 1, self.t.str(close))
        };
        let fits = self.width(k, close + 1).is_some_and(|w| {
            self.column() + w + self.trailing(close + 1, to) + self.reserve <= WIDTH
        });
        if fits {
            self.flat += 1;
            self.inline(k, end, Body::Inline);
            self.flat -= 1;
            if inner {
                self.push_str(closing);
            }
            return end;
        }
        self.write(k);
        self.indent += INDENT;
        let mut j = k + 1;
        while j < close {
            let mut end = j;
            while end < close
                && !(self.t.toks[end].role == Role::Comma && self.t.toks[end].close as usize == k)
            {
                end = self.t.step(end);
            }
            self.newline();
            // The last argument of the outer list is the inner list, which writes its `>`.
            let half = shared && !inner && end == close;
            self.reserving(1 + usize::from(half), |p| p.inline(j, end, Body::Inline));
            self.push_str(",");
            j = end + 1;
        }
        self.indent -= INDENT;
        self.newline();
        self.write_str(false, if shared && !inner { ">" } else { closing });
        end
    }

    /// Whether tokens `from..to` (of one level) hold a comma between list items.
    fn commas(&self, mut k: usize, to: usize) -> bool {
        while k < to {
            if self.t.toks[k].top {
                return true;
            }
            k = self.t.step(k);
        }
        false
    }

    /// Width of tokens `from..to` on one line, `None` when a group among them cannot be.
    fn width(&self, from: usize, to: usize) -> Option<usize> {
        let mut width = 0usize;
        let mut k = from;
        while k < to {
            let t = &self.t.toks[k];
            if matches!(t.kind, Kind::Open(_)) {
                if t.width == BREAK {
                    return None;
                }
                width += t.width as usize + usize::from(t.space);
                k = t.close as usize + 1;
            } else {
                width += t.len as usize + usize::from(t.space);
                k += 1;
            }
        }
        Some(width)
    }
}

/// The text of a string literal as a doc comment, `None` when a doc comment cannot
/// hold it (a line break, a raw or byte string).
fn unescape(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes + 1..raw.len().checked_sub(hashes + 1)?)?;
        return (!body.contains(['\n', '\r'])).then(|| body.to_owned());
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        return Some(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next()? {
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            't' => '\t',
            'u' => {
                let rest = chars.as_str();
                let end = rest.find('}')?;
                let code = u32::from_str_radix(rest.get(1..end)?, 16).ok()?;
                chars = rest[end + 1..].chars();
                char::from_u32(code)?
            }
            _ => return None,
        };
        if decoded.is_control() && decoded != '\t' {
            return None;
        }
        out.push(decoded);
    }
    Some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use quote::quote;
    use std::str::FromStr;

    /// Tokens as the compiler sees them: string literals by their value (a doc comment is
    /// lexed as a raw string), punctuation a character at a time with whether it touches
    /// the next one, and without the trailing commas the printer may add.
    fn lexed(stream: TokenStream) -> Vec<(String, bool)> {
        let mut t = Tokens {
            toks: Vec::new(),
            text: String::new(),
        };
        t.flatten(stream);
        let mut out: Vec<(String, bool)> = Vec::new();
        for k in 0..t.toks.len() {
            match t.toks[k].kind {
                Kind::Literal => {
                    let value = unescape(t.str(k))
                        .map_or_else(|| t.str(k).to_owned(), |s| format!("{s:?}"));
                    out.push((value, false));
                }
                Kind::Op => {
                    let s = t.str(k);
                    for (i, c) in s.char_indices() {
                        out.push((c.to_string(), i + 1 < s.len()));
                    }
                }
                _ => out.push((t.str(k).to_owned(), false)),
            }
        }
        let added_comma = |i: usize| {
            out[i].0 == ","
                && out
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.0.as_str(), ")" | "]" | "}" | "{" | ">"))
        };
        (0..out.len())
            .filter(|&i| !added_comma(i))
            .map(|i| out[i].clone())
            .collect()
    }

    /// Punctuation that lexes as one token when written together.
    const COMPOUND: &[&str] = &[
        "==", "=>", "->", "<-", "..", "::", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "^=",
        "&=", "|=", "<<",
    ];

    /// Prints `stream`, checks that the text is Rust with the same tokens, returns it.
    pub(crate) fn print_checked(stream: TokenStream) -> String {
        let out = items(stream.clone());
        syn::parse_file(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
        let again = TokenStream::from_str(&out).unwrap();
        let (a, b) = (lexed(again), lexed(stream));
        let differs = |i: usize| {
            let glued = a[i].1
                && !b[i].1
                && a.get(i + 1)
                    .is_some_and(|n| COMPOUND.contains(&format!("{}{}", a[i].0, n.0).as_str()));
            a[i].0 != b[i].0 || glued
        };
        if let Some(i) = (0..a.len().min(b.len())).find(|&i| differs(i)) {
            let around = |v: &[(String, bool)]| {
                v[i.saturating_sub(5)..(i + 5).min(v.len())]
                    .iter()
                    .map(|t| t.0.clone())
                    .collect::<Vec<_>>()
            };
            panic!(
                "token {i}: {:?} printed as {:?} in\n{out}",
                around(&b),
                around(&a)
            );
        }
        assert_eq!(a.len(), b.len(), "{out}");
        let twice = items(TokenStream::from_str(&out).unwrap());
        if twice != out {
            let (mut was, mut is) = (out.lines(), twice.lines());
            let (b, a) = loop {
                match (was.next(), is.next()) {
                    (Some(b), Some(a)) if a == b => continue,
                    (b, a) => break (b.unwrap_or("<end>"), a.unwrap_or("<end>")),
                }
            };
            panic!("printing again changed\n{b}\ninto\n{a}\nin\n{out}");
        }
        out
    }

    #[test]
    fn operators_are_spaced_by_role() {
        let out = print_checked(quote! {
            fn f<'a, T: Into<u8>>(x: &'a mut T, y: &&str) -> ::core::option::Option<Vec<Vec<u8>>> {
                let a = -x.len() * *y - 1;
                let b = a < b && c > d || !e;
                let v = Vec::<u8>::new();
                let s = <T as Into<u8>>::into(x);
                let c = |a, b| a | b;
                let d = move || 0..=9;
                let r = &arr[..n];
                if let Some(S { a, .. }) = x { return Err(e)?; }
                *slot = ::core::option::Option::Some(x);
                matches!(v, A | B)
            }
        });
        assert_eq!(
            out,
            "fn f<'a, T: Into<u8>>(x: &'a mut T, y: &&str) -> ::core::option::Option<Vec<Vec<u8>>> {
    let a = -x.len() * *y - 1;
    let b = a < b && c > d || !e;
    let v = Vec::<u8>::new();
    let s = <T as Into<u8>>::into(x);
    let c = |a, b| a | b;
    let d = move || 0..=9;
    let r = &arr[..n];
    if let Some(S { a, .. }) = x {
        return Err(e)?;
    }
    *slot = ::core::option::Option::Some(x);
    matches!(v, A | B)
}
"
        );
    }

    /// `?` is the try operator after a value (`.await?` too) and a relaxed bound elsewhere;
    /// `||` opens a closure where no value comes before it. Both were printed as binary
    /// operators: `T: Serialize +? Sized`, and a closure argument broken as an `||` chain,
    /// a level deeper than the list it is in.
    #[test]
    fn relaxed_bounds_try_and_closures_without_parameters() {
        let out = print_checked(quote! {
            impl<T: MetadataField + ?Sized> MetadataField for Box<T> {}
            fn text<T: ?Sized>(x: &T) -> u8 { let y = f(x).await?; g()? }
            fn precise() -> bool {
                *PRECISE.get_or_init(|| ::serde_json::from_str::<::serde_json::Number>("1.00").is_ok_and(|n| n.to_string() == "1.00"))
            }
            fn either() -> bool { let f = move || a || b; f() || (|| true)() }
        });
        assert_eq!(
            out,
            "impl<T: MetadataField + ?Sized> MetadataField for Box<T> {}

fn text<T: ?Sized>(x: &T) -> u8 {
    let y = f(x).await?;
    g()?
}

fn precise() -> bool {
    *PRECISE.get_or_init(
        || ::serde_json::from_str::<::serde_json::Number>(\"1.00\").is_ok_and(
            |n| n.to_string() == \"1.00\",
        ),
    )
}

fn either() -> bool {
    let f = move || a || b;
    f() || (|| true)()
}
"
        );
    }

    /// A list closed by the `>>` that also closes the list around it breaks like any other
    /// (it stayed on one line, past the width).
    #[test]
    fn lists_closed_by_one_double_angle_break_both() {
        let out = print_checked(quote! {
            pub trait Client {
                fn list_available_phone_number_local(&self) -> impl ::core::future::Future<Output = ::core::result::Result<ListAvailablePhoneNumberLocalResponse, ::oasbind_runtime::ClientError>> + Send;
                fn f() -> <Vec<ListAvailablePhoneNumberLocalResponseWithAVeryLongNameIndeed, ::oasbind_runtime::ClientError>>::Item;
            }
        });
        assert_eq!(
            out,
            "pub trait Client {
    fn list_available_phone_number_local(
        &self,
    ) -> impl ::core::future::Future<
        Output = ::core::result::Result<
            ListAvailablePhoneNumberLocalResponse,
            ::oasbind_runtime::ClientError,
        >,
    > + Send;
    fn f() -> <Vec<
        ListAvailablePhoneNumberLocalResponseWithAVeryLongNameIndeed,
        ::oasbind_runtime::ClientError,
    >>::Item;
}
"
        );
    }

    /// An or-pattern too long for its line is broken before each `|` (it stayed on one
    /// line, past the width, with the expression moved to the next line).
    #[test]
    fn long_or_patterns_break_before_each_alternative() {
        let out = print_checked(quote! {
            fn check(key: &str) {
                match key {
                    "city" | "customer_name" | "friendly_name" | "postal_code" | "region" | "street" | "street_secondary" => check_string_or_null(child, p, out),
                    "sms_fallback_method" | "sms_method" | "status_callback_method" | "voice_fallback_method" | "voice_method" => check_string_or_null_enum_http_method_with_a_much_longer_name(child, p, out),
                    "a" | "b" => {}
                }
            }
        });
        assert_eq!(
            out,
            "fn check(key: &str) {
    match key {
        \"city\"
        | \"customer_name\"
        | \"friendly_name\"
        | \"postal_code\"
        | \"region\"
        | \"street\"
        | \"street_secondary\" => check_string_or_null(child, p, out),
        \"sms_fallback_method\"
        | \"sms_method\"
        | \"status_callback_method\"
        | \"voice_fallback_method\"
        | \"voice_method\" =>
            check_string_or_null_enum_http_method_with_a_much_longer_name(child, p, out),
        \"a\" | \"b\" => {}
    }
}
"
        );
    }

    /// A guard that breaks keeps a short expression after its `=>` (it went to a line of
    /// its own).
    #[test]
    fn an_arm_whose_guard_breaks_keeps_its_expression() {
        let out = print_checked(quote! {
            fn check(json: &str) -> bool {
                match check::lean::<CodeFrequencyStat>(json, LEAN_NULLABLE) {
                    ::core::option::Option::Some(ref x) if x.iter().all(|y| check::passes_value(&::serde_json::Value::from(*y), check_integer)) => Ok(()),
                    _ => check::parse::<CodeFrequencyStat>(json, check_array).map(|_| ()),
                }
            }
        });
        let arm = "        ::core::option::Option::Some(ref x) if x.iter().all(
            |y| check::passes_value(&::serde_json::Value::from(*y), check_integer),
        ) => Ok(()),
";
        assert!(out.contains(arm), "{out}");
    }

    #[test]
    fn an_arm_may_have_attributes() {
        let out = print_checked(quote! {
            fn f(x: &str) -> u8 { match x { #[cfg(feature = "a")] "a" => 1, _ => 0 } }
        });
        assert!(
            out.contains("        #[cfg(feature = \"a\")]\n        \"a\" => 1,\n"),
            "{out}"
        );
    }

    #[test]
    fn items_bodies_and_arms_are_one_per_line() {
        let out = print_checked(quote! {
            #[derive(Debug)]
            /// An enum.
            pub enum E { A(u8), #[serde(rename = "b")] B { x: u8 }, C }
            impl<'a> ::core::fmt::Display for E where Self: Sized {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    match self { E::A(n) => write!(f, "{n}"), E::B { x } => { f.write_str("b") } E::C => Ok(()) }
                }
            }
            use ::serde::de::{self, Visitor};
            use ::std::fmt;
            mod m { pub struct S; pub(crate) struct U(pub u8); }
        });
        assert_eq!(
            out,
            "#[derive(Debug)]
/// An enum.
pub enum E {
    A(u8),
    #[serde(rename = \"b\")]
    B {
        x: u8,
    },
    C,
}

impl<'a> ::core::fmt::Display for E
where
    Self: Sized,
{
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        match self {
            E::A(n) => write!(f, \"{n}\"),
            E::B { x } => {
                f.write_str(\"b\")
            }
            E::C => Ok(()),
        }
    }
}

use ::serde::de::{self, Visitor};
use ::std::fmt;

mod m {
    pub struct S;

    pub(crate) struct U(pub u8);
}
"
        );
    }

    #[test]
    fn long_lists_break_one_item_per_line() {
        let out = print_checked(quote! {
            fn call() {
                let value = some_function_with_a_long_name(first_argument_value, second_argument_value, third_one);
                let list = [first_argument_value, second_argument_value, third_argument_value, fourth_one, fifth];
                run(first, |x| { x + 1 });
                let s = Struct { first_field: first_argument_value, second_field: second_value, ..Default::default() };
            }
        });
        assert_eq!(
            out,
            "fn call() {
    let value = some_function_with_a_long_name(
        first_argument_value,
        second_argument_value,
        third_one,
    );
    let list = [
        first_argument_value,
        second_argument_value,
        third_argument_value,
        fourth_one,
        fifth,
    ];
    run(first, |x| {
        x + 1
    });
    let s = Struct {
        first_field: first_argument_value,
        second_field: second_value,
        ..Default::default()
    };
}
"
        );
    }

    #[test]
    fn long_generics_and_conditions_break_like_rustfmt() {
        let out = print_checked(quote! {
            pub trait Client {
                fn watch_namespaced_pod_template_list(&self) -> impl ::core::future::Future<Output = ::core::result::Result<WatchEvent, ClientError<()>>> + Send;
            }
            fn validate(definition: &str, json: &str) -> ::core::option::Option<::core::result::Result<(), Violations>> {
                match definition {
                    "io.k8s.api.admissionregistration.v1alpha1.InitializerConfigurationList" => <IoK8sApiAdmissionregistrationV1alpha1InitializerConfigurationList as Validate>::from_json(json),
                }
            }
            fn lean(x: &Handler) -> bool {
                field_0.as_ref().is_none_or(lean_exec_action_long_name) && field_1.as_ref().is_none_or(lean_http_get_action) || field_2.is_empty()
            }
        });
        assert_eq!(
            out,
            "pub trait Client {
    fn watch_namespaced_pod_template_list(
        &self,
    ) -> impl ::core::future::Future<
        Output = ::core::result::Result<WatchEvent, ClientError<()>>,
    > + Send;
}

fn validate(
    definition: &str,
    json: &str,
) -> ::core::option::Option<::core::result::Result<(), Violations>> {
    match definition {
        \"io.k8s.api.admissionregistration.v1alpha1.InitializerConfigurationList\" => <IoK8sApiAdmissionregistrationV1alpha1InitializerConfigurationList as Validate>::from_json(
            json,
        ),
    }
}

fn lean(x: &Handler) -> bool {
    field_0.as_ref().is_none_or(lean_exec_action_long_name)
        && field_1.as_ref().is_none_or(lean_http_get_action)
        || field_2.is_empty()
}
"
        );
    }

    #[test]
    fn macros_keep_their_tokens() {
        let out = print_checked(quote! {
            macro_rules! m {
                ($name:ident $(, $field:ident($wire:literal))* $(,)?) => {
                    impl $name { fn f() -> u8 { $(let $field = $wire;)* 0 } }
                };
            }
            m!(A, b("b"), c("c"));
        });
        assert!(
            out.contains("($name:ident $(, $field:ident($wire:literal))* $(,)?) => {"),
            "{out}"
        );
        assert!(out.contains("m!(A, b(\"b\"), c(\"c\"));"), "{out}");
    }

    #[test]
    fn an_item_on_a_new_line_is_measured_from_its_indentation() {
        let out = print_checked(quote! {
            mod token { impl<C> X for Wait<'_, C> { fn poll() {
                match state.waiters.iter_mut().find(|(ticket, _)| *ticket == self.ticket) {
                    ::core::option::Option::None => state.waiters.push((self.ticket, cx.waker().clone())),
                }
            } } }
        });
        // The arm does not fit on its line, its expression does on the next.
        let arm = "                ::core::option::Option::None =>\n                    state.waiters.push((self.ticket, cx.waker().clone())),\n";
        assert!(out.contains(arm), "{out}");
    }

    #[test]
    fn docs_become_comments_unless_they_cannot() {
        let line = " Text with \"quotes\", a tab\tand 🦀.";
        let out = print_checked(
            quote! { #[doc = #line] #[doc = "two\nlines"] #[doc = r" raw"] struct S; },
        );
        assert_eq!(out, "/// Text with \"quotes\", a tab\tand 🦀.\n#[doc = \"two\\nlines\"]\n/// raw\nstruct S;\n");
    }

    /// Every lib test that generates code checks each item this way (see `Sink::push`);
    /// this one generates the seed and the fixtures with every option on.
    #[test]
    fn everything_the_emitters_write_keeps_its_tokens() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut config = crate::Config::new();
        config.http(true).schemars(true);
        for file in [
            "schemas/rakbank/partner_auth.json",
            "schemas/rakbank/partner_auth.oas30.yaml",
            "tests/fixtures/composition.yaml",
            "tests/fixtures/open_enums.yaml",
            "tests/fixtures/recursive.json",
            "tests/fixtures/awkward_names.json",
            "tests/http/fixtures/styles.yaml",
        ] {
            let path = format!("{root}/{file}");
            assert!(std::path::Path::new(&path).exists(), "{path}");
            crate::generate_file(&path, &config).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}
