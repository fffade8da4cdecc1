//! Rust names for wire names: case conversion (heck), keywords, awkward characters and
//! collisions, all in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeSet, HashMap};

/// Keywords of every edition (strict and reserved); usable only as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Path-segment keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps ASCII letters, digits and separators; other characters become word breaks.
fn ascii_words(wire: &str) -> String {
    wire.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case identifier for a field, variable or function (`MsgId` → `msg_id`).
///
/// Keywords become raw identifiers (`type` → `r#type`); a leading digit gets an `_`;
/// a name with no usable character becomes `fallback`.
pub fn snake(wire: &str, fallback: &str) -> String {
    let mut s = ascii_words(wire).to_snake_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    escape(s)
}

/// An UpperCamelCase identifier for a type or variant (`client_credentials` →
/// `ClientCredentials`). A leading digit gets `prefix`; an empty name becomes `fallback`.
pub fn camel(wire: &str, prefix: &str, fallback: &str) -> String {
    let mut s = ascii_words(wire).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    if s == "Self" {
        s.push_str("Type");
    }
    s
}

/// `name` as an identifier that may be a keyword: `r#type`, `self_` (for names built by
/// appending to an [`unraw`]ed name, which can land on a keyword again).
pub fn keyword_safe(name: &str) -> String {
    escape(name.to_owned())
}

fn escape(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Hands out names unique within one scope (a module, a struct's fields, an enum's
/// variants), in the order asked: the first to ask gets the plain name, later ones a
/// numeric suffix. Deterministic because callers ask in document order.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// For each suffixed stem (`name` + separator) claimed before, the suffix to try next:
    /// every smaller one was taken then, and names are never released, so a name claimed
    /// `n` times costs one look-up, not `n` (Microsoft Graph claims some names thousands
    /// of times).
    next: HashMap<String, u64>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| unraw(s).to_owned()).collect(),
            next: HashMap::new(),
        }
    }

    /// Whether `name` is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(unraw(name))
    }

    /// Takes `name`, or `name2`, `name3`, … when it is taken.
    pub fn claim(&mut self, name: &str) -> String {
        let base = unraw(name);
        if self.taken.insert(base.to_owned()) {
            return name.to_owned();
        }
        let sep = if base.ends_with('_') {
            // `self_` → `self_2`, not `self__2` (not snake case).
            ""
        } else if base.contains('_') || base.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        let stem = format!("{base}{sep}");
        let next = self.next.entry(stem).or_insert(2);
        loop {
            let candidate = format!("{base}{sep}{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The identifier without its `r#` prefix.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Whether `path` is a Rust path to a crate or module (`::oasbind_runtime`, `crate::rt`,
/// `self::a::b`): segments of ASCII identifiers (no keyword but a leading `crate`, `self`,
/// `super`) separated by `::`, with at most a leading `::`. For `Config::runtime_path`,
/// which goes into the output as it is.
pub fn is_path(path: &str) -> bool {
    let rest = path.strip_prefix("::").unwrap_or(path);
    !rest.is_empty()
        && rest.split("::").enumerate().all(|(i, segment)| {
            let ident = segment
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                && segment != "_";
            let leading =
                i == 0 && !path.starts_with("::") && matches!(segment, "crate" | "self" | "super");
            ident && (leading || !KEYWORDS.contains(&segment) && !NOT_RAW.contains(&segment))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_are_rust_paths() {
        for ok in [
            "::oasbind_runtime",
            "oasbind_runtime",
            "crate::rt",
            "self::a::b",
            "super::rt",
            "::a_1::_b",
        ] {
            assert!(is_path(ok), "{ok}");
        }
        for bad in [
            "",
            "::",
            "a::",
            "a::::b",
            "::crate::rt",
            "a::crate",
            "a b",
            "a;b",
            "1a",
            "a::fn",
            "a-b",
            "_",
            "a::{b}",
        ] {
            assert!(!is_path(bad), "{bad}");
        }
    }

    #[test]
    fn every_keyword_becomes_a_valid_identifier() {
        for kw in KEYWORDS {
            let field = snake(kw, "field");
            assert!(
                syn::parse_str::<proc_macro2::Ident>(&field).is_ok(),
                "{kw} → {field}"
            );
            let ty = camel(kw, "T", "Type");
            assert!(
                syn::parse_str::<proc_macro2::Ident>(&ty).is_ok(),
                "{kw} → {ty}"
            );
        }
        for kw in NOT_RAW {
            let field = snake(kw, "field");
            assert!(
                syn::parse_str::<proc_macro2::Ident>(&field).is_ok(),
                "{kw} → {field}"
            );
            let ty = camel(kw, "T", "Type");
            assert!(
                syn::parse_str::<proc_macro2::Ident>(&ty).is_ok(),
                "{kw} → {ty}"
            );
        }
    }

    #[test]
    fn awkward_wire_names() {
        let table = [
            ("MsgId", "msg_id", "MsgId"),
            ("X-IBM-Client-Id", "x_ibm_client_id", "XIbmClientId"),
            (
                "client_credentials",
                "client_credentials",
                "ClientCredentials",
            ),
            ("type", "r#type", "Type"),
            ("self", "self_", "SelfType"),
            ("2fa", "_2fa", "V2fa"),
            ("", "field", "Empty"),
            ("é", "field", "Empty"),
            ("$ref", "r#ref", "Ref"),
            ("@type", "r#type", "Type"),
            ("a.b/c", "a_b_c", "ABC"),
            ("*/", "field", "Empty"),
        ];
        for (wire, field, ty) in table {
            assert_eq!(snake(wire, "field"), field, "snake({wire:?})");
            assert_eq!(camel(wire, "V", "Empty"), ty, "camel({wire:?})");
        }
    }

    #[test]
    fn scope_suffixes_collisions_in_order() {
        let mut scope = Scope::with_reserved(&["Validate"]);
        assert_eq!(scope.claim("Validate"), "Validate2");
        assert_eq!(scope.claim("Token"), "Token");
        assert_eq!(scope.claim("Token"), "Token2");
        assert_eq!(scope.claim("msg_id"), "msg_id");
        assert_eq!(scope.claim("msg_id"), "msg_id_2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("type"), "type_2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2");
        assert_eq!(keyword_safe("impl"), "r#impl");
        assert_eq!(keyword_safe("self"), "self_");
        assert_eq!(keyword_safe("impl_token"), "impl_token");
    }
}
