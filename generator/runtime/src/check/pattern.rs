//! `pattern`: ECMA-262 regular expressions (with the Unicode flag where they compile with
//! it), run by `regress` and compiled once, on first use.

use super::{fail, Path};
use crate::Violation;
use std::sync::OnceLock;

/// A schema's `pattern` (or a `patternProperties` name), compiled on first use. Generated
/// code holds each one in a `static`.
pub struct Pattern {
    source: &'static str,
    flags: &'static str,
    compiled: OnceLock<regress::Regex>,
}

impl Pattern {
    /// The pattern `source` with `flags` (`"u"` or `""`); the generator has compiled it
    /// with the same `regress` version.
    pub const fn new(source: &'static str, flags: &'static str) -> Pattern {
        Pattern {
            source,
            flags,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the definition writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches anywhere in `s`.
    #[inline]
    pub fn is_match(&self, s: &str) -> bool {
        self.regex().find(s).is_some()
    }

    #[inline]
    fn regex(&self) -> &regress::Regex {
        self.compiled.get_or_init(|| {
            regress::Regex::with_flags(self.source, self.flags)
                .expect("checked by oasbind at generation time")
        })
    }
}

/// `pattern`: an ECMA-262 regular expression, matched anywhere in the string.
pub fn pattern(s: &str, re: &Pattern, p: &Path<'_>, out: &mut Vec<Violation>) {
    if !re.is_match(s) {
        fail(
            out,
            p,
            "pattern",
            format!("must match the pattern {:?}", re.source),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_anywhere_with_unicode_classes() {
        static DIGITS: Pattern = Pattern::new("[0-9]{3}", "u");
        assert!(DIGITS.is_match("ab123cd"));
        assert!(!DIGITS.is_match("ab12cd"));
        static LETTER: Pattern = Pattern::new("^\\p{L}+$", "u");
        assert!(LETTER.is_match("éß"));
        let mut out = Vec::new();
        pattern("12", &DIGITS, &Path::Root("/code"), &mut out);
        assert_eq!(out[0].pointer, "/code");
        assert_eq!(out[0].message, "must match the pattern \"[0-9]{3}\"");
    }
}
