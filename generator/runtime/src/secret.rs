//! [`Secret`], and the rule that says from a property's name whether its value is one.

use std::fmt;

mod rule;

pub use rule::is_secret_name;

/// A credential: readable by code, never shown by `Debug` or `Display`.
///
/// ```
/// let key = oasbind_runtime::Secret::new("TOP-SECRET");
/// assert_eq!(format!("{key:?}"), "Secret(<redacted>)");
/// assert_eq!(key.expose(), "TOP-SECRET");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The credential itself, for the transport that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{secret:#?}"), "Secret(<redacted>)");
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn names_are_secret_by_their_words() {
        for name in [
            "access_token",
            "accessToken",
            "ACCESS-TOKEN",
            "client_secret",
            "x-api-key",
            "cvv2",
            "pin_code",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "token_type",
            "keyId",
            "pinned",
            "max_tokens",
            "next_page_token",
            "scope",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
