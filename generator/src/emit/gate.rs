//! Cargo feature gates on a type's items ([`crate::model::Model::gates`]): the split
//! layout's base compiles a type only when a part that uses it is turned on.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

/// `#[cfg(any(feature = "a", …))]`.
pub fn attribute(features: &[String]) -> TokenStream {
    quote! { #[cfg(any(#(feature = #features),*))] }
}

/// `items` with `attr` before each item. At the top level of the stream, an item ends at a
/// `;` or at a `{ … }` that no `;` follows (the one of `const X: T = { … };` does).
pub fn each_item(attr: &TokenStream, items: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut start = true;
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if start {
            out.extend(attr.clone());
        }
        start = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend([token]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_attribute() {
        let attr = attribute(&["pets".to_owned(), "store".to_owned()]);
        let items = quote! {
            /// Doc.
            #[derive(Clone)]
            pub struct A { x: i64 }
            impl A { fn f() -> i64 { 1 } }
            const B: () = { () };
            pub struct C(i64);
            some::mac!(A, x);
        };
        let text = each_item(&attr, items).to_string();
        let gate = "# [cfg (any (feature = \"pets\" , feature = \"store\"))]";
        assert_eq!(text.matches(gate).count(), 5, "{text}");
        assert!(text.starts_with(gate), "{text}");
        assert!(text.contains(&format!("{gate} impl A")), "{text}");
        assert!(text.contains(&format!("{gate} const B")), "{text}");
    }
}
