//! How generated code reaches oasbind-runtime: by one path ([`Config::runtime_path`]),
//! stating the runtime version it needs, and under which names.
//!
//! Everything shared by every API (violations, the `Validate` trait, the JSON reader and
//! keyword checks, `Secret`, `ClientError`, the scope traits, token sources, the HTTP
//! transport) is ordinary Rust in the runtime crate; a generated module holds only what its
//! definition says, and names the runtime's items by absolute paths, except for the
//! keyword checks its validators call at every turn, which it imports once as `check`.
//!
//! [`Config::runtime_path`]: crate::Config::runtime_path

use super::Context;
use proc_macro2::TokenStream;
use quote::quote;

/// Names the generated module defines or uses unqualified besides its definitions' types;
/// generated types avoid them (a definition named `Client` becomes `Client2`). The
/// runtime's items are named by path, so a definition called `Secret` or `Violation` keeps
/// its name; the generated code's own type parameters and local items start with `__`,
/// which no generated name does.
pub const RESERVED: &[&str] = &[
    "Client",
    "Credentials",
    "Json",
    "Pointer",
    "Found",
    "Value",
    "Map",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "BTreeMap",
    "Send",
    "Sync",
    "Future",
];

/// The oasbind-runtime version generated code requires: the runtime's `"major.minor"` (its
/// `VERSION`), checked by `__require_runtime!` when the bindings compile.
pub const RUNTIME_VERSION: &str = "0.1";

/// The module's first items: the version check (and that of the runtime's `idn` feature,
/// when an asserted format needs it) and the import of the checks.
pub fn head(cx: &Context) -> TokenStream {
    let rt = cx.rt();
    // One check per runtime feature the bindings need (`idn` first, as it always was).
    let features = cx.model.runtime_features();
    let idn = features
        .contains("idn")
        .then(|| quote! { #rt::__require_idn!(); });
    let features = features.into_iter().filter(|f| *f != "idn").map(|f| {
        let check = quote::format_ident!("__require_{}", f);
        quote! { #rt::#check!(); }
    });
    quote! {
        #rt::__require_runtime!(#RUNTIME_VERSION);
        #idn
        #(#features)*

        /// The keyword checks, JSON reader and helpers of oasbind-runtime the items below call.
        #[allow(unused_imports)]
        use #rt::__private::check;
    }
}

#[cfg(test)]
mod tests {
    /// The version generated code asks for is the runtime's own.
    #[test]
    fn the_required_version_is_the_runtimes() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        let version = manifest
            .lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|v| v.strip_suffix('"'))
            .unwrap();
        let (major, rest) = version.split_once('.').unwrap();
        let minor = rest.split('.').next().unwrap();
        let expected = if major == "0" {
            format!("0.{minor}")
        } else {
            major.to_owned()
        };
        assert_eq!(super::RUNTIME_VERSION, expected);
        let lib = include_str!("../../runtime/src/lib.rs");
        assert!(lib.contains(&format!("pub const VERSION: &str = \"{expected}\";")));
        assert!(lib.contains(&format!("(\"{expected}\") => {{}};")));
    }
}
