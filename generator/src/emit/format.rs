//! Formatting: tokens → source text, on every core.
//!
//! Parsing the tokens with `syn` and printing them with `prettyplease` is most of the
//! generation time on large definitions, and top-level items format independently. So
//! [`pipeline`] starts one worker per core, the emitters hand their items to a [`Sink`]
//! as they finish them, and the workers format batches of items while emission goes on.
//! Token streams are not `Send`: items cross threads as text, which `syn` lexes again.
//!
//! Emitters may run on several threads too, each with its own part of the output
//! ([`Sink::split`]). Batches are cut by size in emission order and joined in output
//! order, so the output does not depend on the number of threads or on timing: same
//! input, same bytes.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use std::fmt::Write;
use std::sync::{mpsc, Mutex};

/// Text of whole items, about this long, goes to a worker at once: big enough that the
/// hand-over costs nothing, small enough that the last batch does not keep one core busy
/// alone for long.
const BATCH: usize = 128 * 1024;

/// Where a batch goes in the output: batches sort by key.
type Key = Vec<usize>;

/// Where emitters put finished top-level items.
pub struct Sink {
    batch: String,
    /// The key of this sink's part of the output, and the next batch's index in it.
    part: Key,
    next: usize,
    work: mpsc::Sender<(Key, String)>,
}

impl Sink {
    /// Adds top-level items (attributes included) in output order.
    pub fn push(&mut self, items: TokenStream) {
        let mut trees = items.into_iter().peekable();
        while let Some(tree) = trees.next() {
            let ends_item = match &tree {
                TokenTree::Punct(p) => p.as_char() == ';' && p.spacing() == Spacing::Alone,
                // `struct S { .. }`, `impl T { .. }`, `mod m { .. }`, but not the brace of
                // `const X: S = S { .. };`, whose `;` follows.
                TokenTree::Group(g) => {
                    g.delimiter() == proc_macro2::Delimiter::Brace
                        && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
                }
                _ => false,
            };
            write_tree(&mut self.batch, &tree);
            if ends_item {
                self.batch.push('\n');
                if self.batch.len() >= BATCH {
                    self.flush();
                }
            }
        }
    }

    /// A sink whose items come after what this one has received so far and before what
    /// it receives next; it may go to another thread.
    pub fn split(&mut self) -> Sink {
        self.flush();
        let mut part = self.part.clone();
        part.push(self.next);
        self.next += 1;
        Sink { batch: String::new(), part, next: 0, work: self.work.clone() }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.batch);
        let mut key = self.part.clone();
        key.push(self.next);
        // A worker only stops early when the receiver is gone, which `pipeline` prevents.
        let _ = self.work.send((key, text));
        self.next += 1;
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A token tree as Rust source; `Joint` punctuation (`::`, `->`, `'a`) stays joined.
fn write_tree(out: &mut String, tree: &TokenTree) {
    let _ = write!(out, "{tree}");
    if !matches!(tree, TokenTree::Punct(p) if p.spacing() == Spacing::Joint) {
        out.push(' ');
    }
}

/// Runs `emit` with a [`Sink`] while worker threads format what it pushes; returns what
/// `emit` returned and the formatted items (a blank line between items), or the first
/// item that `syn` could not parse (an emitter bug).
pub fn pipeline<R>(emit: impl FnOnce(&mut Sink) -> R) -> (R, Result<String, String>) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (tx, rx) = mpsc::channel::<(Key, String)>();
    let rx = Mutex::new(rx);
    let done: Mutex<Vec<(Key, Result<String, String>)>> = Mutex::new(Vec::new());
    let value = std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                // The lock is held only to take the next batch.
                let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((key, text)) = next else { break };
                let formatted = format_items(&text);
                done.lock().unwrap_or_else(|e| e.into_inner()).push((key, formatted));
            });
        }
        let mut sink = Sink { batch: String::new(), part: Vec::new(), next: 0, work: tx };
        // Dropping the sink (every split of it is gone by then) flushes it, and dropping
        // the last sender ends the workers' loops once the queue is empty.
        emit(&mut sink)
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (_, part) in done {
        let part = match part {
            Ok(part) => part,
            Err(e) => return (value, Err(e)),
        };
        if !out.is_empty() && !part.is_empty() {
            out.push('\n');
        }
        out.push_str(&part);
    }
    (value, Ok(out))
}

/// Parses and prints whole items.
fn format_items(text: &str) -> Result<String, String> {
    let file = syn::parse_file(text).map_err(|e| {
        // Spans carry no positions outside a proc macro: name the item that failed.
        let item = text.lines().find(|l| syn::parse_str::<syn::Item>(l).is_err()).unwrap_or(text);
        let excerpt: String = item.chars().take(160).collect();
        format!("{e} in emitted code: `{excerpt}`")
    })?;
    Ok(spaced(&prettyplease::unparse(&file)))
}

/// A blank line between top-level items, as rustfmt would leave them.
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous_closed = false;
    for line in code.lines() {
        let starts_item = !line.starts_with([' ', '}', ')', ']']) && !line.is_empty();
        if previous_closed && starts_item {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_closed = line == "}" || (line.ends_with(';') && !line.starts_with([' ', '/', '#']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(pushes: Vec<TokenStream>) -> String {
        let ((), out) = pipeline(|sink| pushes.into_iter().for_each(|t| sink.push(t)));
        out.unwrap()
    }

    #[test]
    fn items_keep_their_order_and_a_blank_line_between() {
        let out = run(vec![
            quote! { /// First.
            pub struct A { x: u8 } const B: A = A { x: 1 }; },
            quote! { pub fn c() -> ::core::option::Option<&'static str> { None } },
        ]);
        assert_eq!(
            out,
            "/// First.\npub struct A {\n    x: u8,\n}\n\nconst B: A = A { x: 1 };\n\npub fn c() -> ::core::option::Option<&'static str> {\n    None\n}\n"
        );
    }

    #[test]
    fn output_does_not_depend_on_batching() {
        let item = |i: usize| {
            let name = quote::format_ident!("S{}", i);
            quote! { #[doc = "A struct with a long enough description to fill batches quickly."] pub struct #name { pub field: ::std::vec::Vec<::std::string::String> } }
        };
        let many: Vec<TokenStream> = (0..3000).map(item).collect();
        let one: TokenStream = many.iter().cloned().collect();
        let batched = run(many);
        let file: syn::File = syn::parse2(one).unwrap();
        assert_eq!(batched, spaced(&prettyplease::unparse(&file)));
    }

    #[test]
    fn an_unparsable_item_is_an_error_naming_it() {
        let ((), out) = pipeline(|sink| sink.push(quote! { pub struct ; }));
        let e = out.unwrap_err();
        assert!(e.contains("pub struct"), "{e}");
    }
}
