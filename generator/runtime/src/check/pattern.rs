//! `pattern` and `patternProperties`: ECMA-262 regular expressions, each run by an engine
//! with a bound on its cost, so that no string can hold a core.
//!
//! The generator reads each pattern with ECMA-262's grammar and meaning. Most patterns it
//! writes in the syntax of the `regex` crate (`\d` as `[0-9]`, `.` stopping at line
//! terminators, …), which runs them in time linear in the string. Lookaround and
//! backreferences have no linear-time algorithm: those patterns it compiles for
//! [`backtrack`](super::backtrack), which stops after
//! [`STEP_LIMIT`](super::backtrack::STEP_LIMIT) steps; a string it cannot decide within
//! that budget is reported as a violation of the pattern, never accepted and never a hang.

use super::backtrack::{self, Program};
use super::{fail_with, Path};
use crate::Violation;
use std::sync::OnceLock;

/// The compiled program size a linear pattern may reach: `regex`'s default. The generator
/// compiles each pattern with the same limit, so none fails here.
pub const SIZE_LIMIT: usize = 10 * (1 << 20);

/// A schema's `pattern` (or a `patternProperties` name). Generated code holds each one in
/// a `static`.
pub struct Pattern {
    source: &'static str,
    engine: Engine,
}

enum Engine {
    /// `regex` syntax, compiled on first use.
    Linear {
        regex: &'static str,
        compiled: OnceLock<regex::Regex>,
    },
    Backtracking(&'static Program),
}

impl Pattern {
    /// The definition's pattern `source`, run as `regex`, its translation (which the
    /// generator compiled with the same `regex` version): linear time.
    pub const fn linear(source: &'static str, regex: &'static str) -> Pattern {
        Pattern {
            source,
            engine: Engine::Linear {
                regex,
                compiled: OnceLock::new(),
            },
        }
    }

    /// The definition's pattern `source`, which has lookaround or backreferences, run as
    /// `program` within the step budget.
    pub const fn backtracking(source: &'static str, program: &'static Program) -> Pattern {
        Pattern {
            source,
            engine: Engine::Backtracking(program),
        }
    }

    /// The pattern as the definition writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches anywhere in `s`: `None` when the step budget ran out
    /// before that was decided.
    #[inline]
    pub fn matches(&self, s: &str) -> Option<bool> {
        match &self.engine {
            Engine::Linear { regex, compiled } => Some(
                compiled
                    .get_or_init(|| {
                        regex::RegexBuilder::new(regex)
                            .size_limit(SIZE_LIMIT)
                            .build()
                            .expect("compiled by oasbind at generation time")
                    })
                    .is_match(s),
            ),
            Engine::Backtracking(program) => backtrack::is_match(program, s),
        }
    }

    /// Whether the pattern matches anywhere in `s`; an undecided string does not (so that
    /// a check that asks this fails, and the diagnosing path reports why).
    #[inline]
    pub fn is_match(&self, s: &str) -> bool {
        self.matches(s) == Some(true)
    }
}

/// The message of a string a pattern could not decide within its budget.
fn undecided(re: &Pattern) -> String {
    format!(
        "could not be decided within the matching budget of the pattern {:?}",
        re.source
    )
}

/// `pattern`: an ECMA-262 regular expression, matched anywhere in the string.
pub fn pattern(s: &str, re: &Pattern, p: &Path<'_>, out: &mut Vec<Violation>) {
    match re.matches(s) {
        Some(true) => {}
        Some(false) => fail_with(out, p, "pattern", || {
            format!("must match the pattern {:?}", re.source)
        }),
        None => fail_with(out, p, "pattern", || undecided(re)),
    }
}

/// Whether a property name matches a `patternProperties` pattern whose matching can run
/// out of budget (a backtracking one); when it does, the property is reported at its
/// pointer and its schema is not applied.
pub fn key_matches(key: &str, re: &Pattern, p: &Path<'_>, out: &mut Vec<Violation>) -> bool {
    re.matches(key).unwrap_or_else(|| {
        fail_with(out, &p.key(key), "patternProperties", || undecided(re));
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_anywhere_with_unicode_classes() {
        static DIGITS: Pattern = Pattern::linear("[0-9]{3}", "[0-9]{3}");
        assert!(DIGITS.is_match("ab123cd"));
        assert!(!DIGITS.is_match("ab12cd"));
        static LETTER: Pattern = Pattern::linear("^\\p{L}+$", "^\\p{L}+$");
        assert!(LETTER.is_match("éß"));
        let mut out = Vec::new();
        pattern("12", &DIGITS, &Path::Root("/code"), &mut out);
        assert_eq!(out[0].pointer, "/code");
        assert_eq!(out[0].message, "must match the pattern \"[0-9]{3}\"");
    }

    #[test]
    fn a_string_past_the_budget_is_a_located_violation() {
        static NESTED: Pattern = Pattern::backtracking("^(?:a|a)*b", &backtrack::tests::NESTED);
        let subject = "a".repeat(64);
        assert_eq!(NESTED.matches(&subject), None);
        assert!(!NESTED.is_match(&subject));
        let mut out = Vec::new();
        pattern(&subject, &NESTED, &Path::Root("/name"), &mut out);
        assert_eq!(out[0].pointer, "/name");
        assert_eq!(out[0].keyword, "pattern");
        assert!(out[0].message.starts_with("could not be decided"));

        let mut out = Vec::new();
        assert!(!key_matches(&subject, &NESTED, &Path::Root(""), &mut out));
        assert_eq!(out[0].keyword, "patternProperties");
        assert_eq!(out[0].pointer, format!("/{subject}"));
    }
}
