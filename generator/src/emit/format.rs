//! Formatting: tokens → source text, as the emitters finish their items.
//!
//! Each emitter hands its top-level items to a [`Sink`], which lays them out at once
//! ([`printer`](super::printer)) on the emitter's own thread. Emitters may run on several
//! threads, each with its own part of the output ([`Sink::split`]); parts are joined in
//! output order, so the output does not depend on the number of threads or on timing:
//! same input, same bytes.
//!
//! With [`Formatter::Prettyplease`] (the `prettyplease` feature) each item is parsed by
//! `syn` and printed by `prettyplease` instead, a blank line between top-level items.

use super::printer;
use crate::config::Formatter;
use crate::error::{Error, Result};
use proc_macro2::TokenStream;
use std::sync::{mpsc, Arc, OnceLock};

/// Where a part goes in the output: parts sort by key.
type Key = Vec<usize>;

/// Where emitters put finished top-level items.
pub struct Sink {
    text: String,
    /// The key of this sink's part of the output, and the next part's index in it.
    part: Key,
    next: usize,
    done: mpsc::Sender<(Key, String)>,
    formatter: Formatter,
    /// The first item the formatter could not lay out, shared by every split.
    failed: Arc<OnceLock<String>>,
}

impl Sink {
    /// Adds top-level items (attributes included) in output order.
    pub fn push(&mut self, items: TokenStream) {
        let mark = self.text.len();
        if mark > 0 {
            self.text.push('\n');
        }
        let start = self.text.len();
        match self.formatter {
            // In the lib's own tests every item is also re-lexed, parsed and printed again.
            #[cfg(test)]
            Formatter::Oasbind => self.text.push_str(&printer::tests::print_checked(items)),
            #[cfg(not(test))]
            Formatter::Oasbind => printer::items_into(items, &mut self.text),
            #[cfg(feature = "prettyplease")]
            Formatter::Prettyplease => {
                if let Err(e) = prettyplease_into(items, &mut self.text) {
                    let _ = self.failed.set(e);
                }
            }
        }
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
        Sink {
            text: String::new(),
            part,
            next: 0,
            done: self.done.clone(),
            formatter: self.formatter,
            failed: self.failed.clone(),
        }
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

/// Top-level items laid out by prettyplease, a blank line between them.
///
/// # Errors
/// When `syn` cannot parse the items: the parser's message and the items' start.
#[cfg(feature = "prettyplease")]
fn prettyplease_into(items: TokenStream, out: &mut String) -> std::result::Result<(), String> {
    let mut file: syn::File = syn::parse2(items.clone()).map_err(|e| {
        let text = items.to_string();
        let mut shown: String = text.chars().take(200).collect();
        if shown.len() < text.len() {
            shown.push_str(" …");
        }
        format!("{e}, in `{shown}`")
    })?;
    let start = out.len();
    let items = std::mem::take(&mut file.items);
    if !file.attrs.is_empty() {
        out.push_str(&prettyplease::unparse(&file));
        file.attrs.clear();
    }
    for item in items {
        if out.len() > start {
            out.push('\n');
        }
        file.items = vec![item];
        out.push_str(&prettyplease::unparse(&file));
    }
    Ok(())
}

/// Runs `emit` with a [`Sink`]; returns what `emit` returned and the formatted items, a
/// blank line between items, after `head` (written into the same buffer: a large
/// definition's output is megabytes, and each copy of it is fresh memory).
///
/// # Errors
/// [`Error::Config`] when `formatter` cannot lay out an item the emitters wrote (only
/// prettyplease can fail: `syn` does not parse it, a bug of oasbind's emitters).
pub fn pipeline<R>(
    head: &str,
    formatter: Formatter,
    emit: impl FnOnce(&mut Sink) -> R,
) -> Result<(R, String)> {
    let (done, parts) = mpsc::channel::<(Key, String)>();
    let failed = Arc::new(OnceLock::new());
    let value = {
        let mut sink = Sink {
            text: String::new(),
            part: Vec::new(),
            next: 0,
            done,
            formatter,
            failed: failed.clone(),
        };
        emit(&mut sink)
        // Dropping the sink flushes it; its splits are gone by now (threads are scoped).
    };
    if let Some(e) = failed.get() {
        let name = format!("{formatter:?}").to_lowercase();
        return Err(Error::Config(format!("formatter {name} cannot lay out the generated code (an oasbind bug; the default formatter can): {e}")));
    }
    let mut parts: Vec<(Key, String)> = parts.try_iter().collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out =
        String::with_capacity(head.len() + parts.iter().map(|p| p.1.len() + 1).sum::<usize>());
    out.push_str(head);
    for (i, (_, part)) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&part);
    }
    Ok((value, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(pushes: Vec<TokenStream>) -> String {
        pipeline("", Formatter::Oasbind, |sink| {
            pushes.into_iter().for_each(|t| sink.push(t))
        })
        .unwrap()
        .1
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

    /// prettyplease lays out each top-level item, a blank line between them as between
    /// the printer's, and says which item it could not parse instead of losing it.
    #[cfg(feature = "prettyplease")]
    #[test]
    fn prettyplease_lays_out_items_or_names_the_one_it_cannot() {
        let pushes = || {
            [
                quote! { #![allow(dead_code)] /// First.
                pub struct A { x: u8 } const B: A = A { x: 1 }; },
                quote! { pub fn c(v: u8) -> u8 { match v { 0 => 1, _ => v } } },
            ]
        };
        let out = pipeline("// head\n\n", Formatter::Prettyplease, |sink| {
            pushes().into_iter().for_each(|t| sink.push(t))
        })
        .unwrap()
        .1;
        assert_eq!(
            out,
            "// head\n\n#![allow(dead_code)]\n/// First.\npub struct A {\n    x: u8,\n}\n\nconst B: A = A { x: 1 };\n\npub fn c(v: u8) -> u8 {\n    match v {\n        0 => 1,\n        _ => v,\n    }\n}\n"
        );

        let err = pipeline("", Formatter::Prettyplease, |sink| {
            sink.push(quote! { pub struct Fine; });
            sink.split().push(quote! { let broken = 1; });
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("formatter prettyplease cannot lay out the generated code"),
            "{err}"
        );
        assert!(err.contains("in `let broken = 1 ;`"), "{err}");
    }

    #[test]
    fn output_does_not_depend_on_how_emitters_split_it() {
        let item = |i: usize| {
            let name = quote::format_ident!("S{}", i);
            quote! { #[doc = "A struct."] pub struct #name { pub field: ::std::vec::Vec<::std::string::String> } }
        };
        let all: TokenStream = (0..300).map(item).collect();
        let one = run(vec![all]);
        let split = pipeline("", Formatter::Oasbind, |sink| {
            let mut parts: Vec<Sink> = (0..3).map(|_| sink.split()).collect();
            std::thread::scope(|scope| {
                for (n, part) in parts.iter_mut().enumerate() {
                    scope.spawn(move || (n * 100..n * 100 + 100).for_each(|i| part.push(item(i))));
                }
            });
        })
        .unwrap()
        .1;
        assert_eq!(one, split);
    }
}
