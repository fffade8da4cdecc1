//! Formatting: tokens → source text, as the emitters finish their items.
//!
//! Each emitter hands its top-level items to a [`Sink`], which lays them out at once
//! ([`printer`](super::printer)) on the emitter's own thread. Emitters may run on several
//! threads, each with its own part of the output ([`Sink::split`]); parts are joined in
//! output order, so the output does not depend on the number of threads or on timing:
//! same input, same bytes.

use super::printer;
use proc_macro2::TokenStream;
use std::sync::mpsc;

/// Where a part goes in the output: parts sort by key.
type Key = Vec<usize>;

/// Where emitters put finished top-level items.
pub struct Sink {
    text: String,
    /// The key of this sink's part of the output, and the next part's index in it.
    part: Key,
    next: usize,
    done: mpsc::Sender<(Key, String)>,
}

impl Sink {
    /// Adds top-level items (attributes included) in output order.
    pub fn push(&mut self, items: TokenStream) {
        let mark = self.text.len();
        if mark > 0 {
            self.text.push('\n');
        }
        let start = self.text.len();
        // In the lib's own tests every item is also re-lexed, parsed and printed again.
        #[cfg(test)]
        self.text.push_str(&printer::tests::print_checked(items));
        #[cfg(not(test))]
        printer::items_into(items, &mut self.text);
        if self.text.len() == start {
            self.text.truncate(mark);
        }
    }

    /// A sink whose items come after what this one has received so far and before what
    /// it receives next; it may go to another thread.
    pub fn split(&mut self) -> Sink {
        self.flush();
        let mut part = self.part.clone();
        part.push(self.next);
        self.next += 1;
        Sink { text: String::new(), part, next: 0, done: self.done.clone() }
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let mut key = self.part.clone();
        key.push(self.next);
        // The receiver outlives every sink (see `pipeline`).
        let _ = self.done.send((key, std::mem::take(&mut self.text)));
        self.next += 1;
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Runs `emit` with a [`Sink`]; returns what `emit` returned and the formatted items, a
/// blank line between items, after `head` (written into the same buffer: a large
/// definition's output is megabytes, and each copy of it is fresh memory).
pub fn pipeline<R>(head: &str, emit: impl FnOnce(&mut Sink) -> R) -> (R, String) {
    let (done, parts) = mpsc::channel::<(Key, String)>();
    let value = {
        let mut sink = Sink { text: String::new(), part: Vec::new(), next: 0, done };
        emit(&mut sink)
        // Dropping the sink flushes it; its splits are gone by now (threads are scoped).
    };
    let mut parts: Vec<(Key, String)> = parts.try_iter().collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(head.len() + parts.iter().map(|p| p.1.len() + 1).sum::<usize>());
    out.push_str(head);
    for (i, (_, part)) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&part);
    }
    (value, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(pushes: Vec<TokenStream>) -> String {
        pipeline("", |sink| pushes.into_iter().for_each(|t| sink.push(t))).1
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
    fn output_does_not_depend_on_how_emitters_split_it() {
        let item = |i: usize| {
            let name = quote::format_ident!("S{}", i);
            quote! { #[doc = "A struct."] pub struct #name { pub field: ::std::vec::Vec<::std::string::String> } }
        };
        let all: TokenStream = (0..300).map(item).collect();
        let one = run(vec![all]);
        let split = pipeline("", |sink| {
            let mut parts: Vec<Sink> = (0..3).map(|_| sink.split()).collect();
            std::thread::scope(|scope| {
                for (n, part) in parts.iter_mut().enumerate() {
                    scope.spawn(move || (n * 100..n * 100 + 100).for_each(|i| part.push(item(i))));
                }
            });
        })
        .1;
        assert_eq!(one, split);
    }
}
