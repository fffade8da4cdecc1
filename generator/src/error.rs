//! Errors of the generator: every problem with a definition says which file, which JSON
//! pointer, and what is wrong.

use std::fmt;
use std::path::PathBuf;

/// A problem located in a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// JSON pointer of the offending value (`""` for the document).
    pub pointer: String,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer` in `file`.
    pub fn new(file: &str, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: file.to_owned(), pointer: pointer.to_owned(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        // One line whatever the message holds: newlines from parsers are folded.
        let message = self.message.replace(['\n', '\r'], " ");
        write!(f, "{}: {}: {}", self.file, pointer, message)
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
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

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Definition(d)
    }
}

/// Result of the generator's fallible steps.
pub type Result<T, E = Error> = std::result::Result<T, E>;
