//! What a validator reports: one [`Violation`] per broken keyword, all of them in
//! [`Violations`].

use std::fmt;

/// One way a value breaks the definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer (RFC 6901) of the offending value; `""` is the document itself.
    pub pointer: String,
    /// The schema keyword that is violated (`minLength`, `required`, …), or `json`
    /// when the text is not JSON at all.
    pub keyword: &'static str,
    /// What is wrong. Never contains the offending value, which may be a secret.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{}: {} ({})", pointer, self.message, self.keyword)
    }
}

/// Every violation found in a value, in document order; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// Whether some violation is at `pointer` for `keyword`.
    pub fn contains(&self, pointer: &str, keyword: &str) -> bool {
        self.0
            .iter()
            .any(|v| v.pointer == pointer && v.keyword == keyword)
    }

    /// A single violation.
    pub(crate) fn one(pointer: String, keyword: &'static str, message: String) -> Violations {
        Violations(vec![Violation {
            pointer,
            keyword,
            message,
        }])
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} violation(s) of the definition", self.0.len())?;
        for v in &self.0 {
            write!(f, "; {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// An API's error envelope: what a violation becomes in an answer. Bindings implement it
/// for the error schema their definition documents (and `From<&Violation>` with status
/// 400 on top of it); a generated server answers every rejection in it.
pub trait ErrorEnvelope: serde::Serialize {
    /// The envelope of `violation` in an answer of `status`; `summary` says what kind of
    /// problem it is ("request does not match the definition").
    fn envelope(status: u16, summary: &str, violation: &Violation) -> Self;
}

/// The API's error envelopes, one per violation: `(&violations).into()` for every envelope
/// type the bindings convert a [`Violation`] into (`impl From<&Violation> for Envelope`).
impl<'a, T: From<&'a Violation>> From<&'a Violations> for Vec<T> {
    fn from(violations: &'a Violations) -> Vec<T> {
        violations.iter().map(T::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(pointer: &str, keyword: &'static str) -> Violation {
        Violation {
            pointer: pointer.to_owned(),
            keyword,
            message: "is wrong".to_owned(),
        }
    }

    #[test]
    fn the_document_itself_shows_as_a_slash() {
        assert_eq!(violation("", "type").to_string(), "/: is wrong (type)");
        assert_eq!(
            violation("/a/0", "minLength").to_string(),
            "/a/0: is wrong (minLength)"
        );
    }

    #[test]
    fn violations_list_every_one() {
        let all = Violations(vec![violation("/a", "type"), violation("/b", "enum")]);
        assert_eq!(
            all.to_string(),
            "2 violation(s) of the definition; /a: is wrong (type); /b: is wrong (enum)"
        );
        assert!(all.contains("/b", "enum"));
        assert!(!all.contains("/b", "type"));
        assert_eq!((&all).into_iter().count(), 2);
    }

    #[test]
    fn violations_convert_into_envelopes() {
        struct Envelope(String);
        impl From<&Violation> for Envelope {
            fn from(v: &Violation) -> Envelope {
                Envelope(v.pointer.clone())
            }
        }
        let all = Violations(vec![violation("/a", "type"), violation("/b", "enum")]);
        let envelopes: Vec<Envelope> = (&all).into();
        assert_eq!(
            envelopes.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
            ["/a", "/b"]
        );
    }
}
