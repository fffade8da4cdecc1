//! Errors of the generator: every problem with a definition says which file, which JSON
//! pointer, and what is wrong; its line and column are found when it is shown
//! ([`crate::load::position`]).

use std::fmt;
use std::path::PathBuf;

/// A problem located in a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// JSON pointer of the offending value (`""` for the document).
    pub pointer: String,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// Where it is in the file. Set while loading only for text that does not parse (its
    /// pointer says little); [`crate::locate`] finds the others from the
    /// pointer when they are shown, so that loading keeps no positions.
    pub position: Option<Position>,
}

/// A place in a definition's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters (as rustc counts them).
    pub column: usize,
    /// Byte offset of what to mark (the value, or the key of an object or array).
    pub start: usize,
    /// Byte offset just after it; `start` when there is nothing to mark (the end of the text).
    pub end: usize,
}

impl Diagnostic {
    /// A diagnostic at `pointer` in `file`.
    pub fn new(file: &str, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
            position: None,
        }
    }

    /// The same diagnostic at a known position.
    pub fn at(mut self, position: Position) -> Diagnostic {
        self.position = Some(position);
        self
    }

    /// `file:line:column: pointer: message` once the position is known, else as
    /// [`Display`](fmt::Display) (`file: pointer: message`).
    pub fn located(&self) -> impl fmt::Display + '_ {
        Located(self)
    }

    /// The pointer as shown: `/` for the document, invisible characters escaped.
    pub fn pointer_text(&self) -> String {
        if self.pointer.is_empty() {
            "/".to_owned()
        } else {
            visible(&self.pointer)
        }
    }

    /// The message on one line whatever it holds: newlines from parsers are folded, and
    /// the definition's text quoted in it cannot steer a terminal.
    pub fn one_line(&self) -> String {
        visible(&self.message.replace(['\n', '\r'], " "))
    }
}

/// `text` with control characters and bidirectional overrides (which reorder what a
/// terminal shows, "Trojan Source") written as `\u{..}` escapes.
fn visible(text: &str) -> String {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(hidden) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

struct Located<'a>(&'a Diagnostic);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        match d.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {}: {}",
                d.file,
                p.line,
                p.column,
                d.pointer_text(),
                d.one_line()
            ),
            None => write!(f, "{d}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.file,
            self.pointer_text(),
            self.one_line()
        )
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The definition is malformed or uses something oasbind cannot generate.
    #[error("{0}")]
    Definition(Diagnostic),
    /// Strict mode: the definition uses keywords the generator does not support.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Unsupported(Vec<Diagnostic>),
    /// A setting is unusable (a runtime path that is not a Rust path).
    #[error("{0}")]
    Config(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

impl Error {
    /// What is wrong with the definition, one diagnostic per problem (none for a file that
    /// could not be read or written, or a setting).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Definition(d) => std::slice::from_ref(d),
            Error::Unsupported(all) => all,
            Error::Config(_) | Error::Io { .. } => &[],
        }
    }

    /// The same, to fill in their positions ([`crate::locate`]).
    pub fn diagnostics_mut(&mut self) -> &mut [Diagnostic] {
        match self {
            Error::Definition(d) => std::slice::from_mut(d),
            Error::Unsupported(all) => all,
            Error::Config(_) | Error::Io { .. } => &mut [],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Definition(d)
    }
}

/// Result of the generator's fallible steps.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Diagnostic;

    #[test]
    fn quoted_text_cannot_reorder_or_control_the_terminal() {
        let d = Diagnostic::new(
            "t.yaml",
            "/paths/~1a\u{202e}b",
            "property `x\u{202e}y\u{1b}[31m`:\nbad",
        );
        assert_eq!(
            d.to_string(),
            "t.yaml: /paths/~1a\\u{202e}b: property `x\\u{202e}y\\u{1b}[31m`: bad"
        );
    }
}
