//! Patterns (`pattern`, `patternProperties` names): how each runs, decided once per source.
//!
//! ECMA-262 patterns mean what ECMA-262 says, but an ECMA-262 engine backtracks, and one
//! string can then cost minutes (`^(a+)+$` on `aaaa…!`). So each pattern is read
//! (`ecma.rs`) into a tree and runs, in the runtime, on one of two engines with a bound on
//! its cost:
//! - `regex`, in time linear in the string, for every pattern without lookaround or
//!   backreferences (`regex.rs` writes it in that crate's syntax, with ECMA-262's meaning);
//! - the runtime's backtracking engine with a step budget for the others (`program.rs`
//!   compiles them), where a string past the budget is a violation, not a hang.
//!
//! `regress`, an ECMA-262 engine, stays the judge of what is a valid pattern, and of the
//! `u` flag: JSON Schema means Unicode mode, and a pattern valid only without it
//! (identity escapes such as `\-`) is read in Annex B mode.

mod ast;
mod ecma;
pub mod program;
mod regex;

pub use program::{Inst, Program};

/// How a pattern runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// The pattern in `regex` syntax: linear time.
    Linear(String),
    /// The program of a pattern with lookaround or backreferences.
    Backtracking(Program),
}

/// The program size `regex` may build for one pattern: the runtime's
/// `check::pattern::SIZE_LIMIT`, so that a pattern that compiles here compiles there.
const SIZE_LIMIT: usize = 10 * (1 << 20);

/// How `source` runs, or why it cannot (not ECMA-262, or beyond what the engines take).
pub fn compile(source: &str) -> Result<Engine, String> {
    let unicode = match regress::Regex::with_flags(source, "u") {
        Ok(_) => true,
        Err(unicode_error) => match regress::Regex::new(source) {
            Ok(_) => false,
            Err(_) => {
                return Err(format!(
                    "not an ECMA-262 regular expression ({unicode_error})"
                ))
            }
        },
    };
    let tree = ecma::parse(source, unicode)?;
    match regex::write(&tree) {
        Some(text) => {
            ::regex::RegexBuilder::new(&text)
                .size_limit(SIZE_LIMIT)
                .build()
                .map_err(|e| format!("cannot run in linear time: {e}"))?;
            Ok(Engine::Linear(text))
        }
        None => program::compile(&tree).map(Engine::Backtracking),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(source: &str) -> String {
        match compile(source) {
            Ok(Engine::Linear(text)) => text,
            other => panic!("{source}: {other:?}"),
        }
    }

    #[test]
    fn ecma_classes_are_written_out() {
        assert_eq!(linear("^[a-z]+$"), "^[a-z]+$");
        assert_eq!(linear(r"^\d{3}$"), "^[0-9]{3}$");
        assert_eq!(linear(r"\w"), "[0-9A-Z_a-z]");
        assert_eq!(linear("a.b"), r"a[^\x{A}\x{D}\x{2028}\x{2029}]b");
        assert_eq!(linear(r"\bx"), r"(?-u:\b)x");
        // A `[` and `&&` in an ECMA-262 class are characters.
        assert_eq!(linear("[[&&]"), r"[\x{5B}\x{26}\x{26}]");
        assert_eq!(linear("[]"), r"[^\x{0}-\x{10FFFF}]");
        assert_eq!(linear("[^]"), r"[\x{0}-\x{10FFFF}]");
        // Annex B: valid only without `u`.
        assert_eq!(linear(r"\-{"), r"\x{2D}\x{7B}");
        assert_eq!(linear(r"\uD83D\uDE00"), "\\x{1F600}");
        assert_eq!(linear(r"\p{Script=Greek}"), r"\p{Script=Greek}");
    }

    #[test]
    fn lookaround_and_backreferences_get_a_program() {
        for source in [r"^(?=.*\d).{8,}$", r"(a)\1", r"(?<x>a)\k<x>", r"(?<=a)b"] {
            assert!(
                matches!(compile(source), Ok(Engine::Backtracking(_))),
                "{source}"
            );
        }
    }

    #[test]
    fn invalid_patterns_say_why() {
        let e = compile("(a").unwrap_err();
        assert!(e.starts_with("not an ECMA-262 regular expression"), "{e}");
        let e = compile("(?=a).{1,20000}").unwrap_err();
        assert!(e.contains("instructions"), "{e}");
    }
}

#[cfg(test)]
mod differential;
