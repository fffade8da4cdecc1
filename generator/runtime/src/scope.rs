//! OAuth 2.0 scopes (RFC 6749 §3.3) and the metadata some of them require in a token
//! request: the traits `#[scopes]` enums implement (through `oasbind-derive`) and the
//! checks that run before a token request is sent.

use crate::{Validate, Violations};
use std::fmt;

/// An OAuth 2.0 scope of an API. Implemented by enums annotated with
/// `#[oasbind_runtime::scopes(metadata = ...)]` (feature `derive`) or
/// `#[oasbind_derive::scopes(metadata = ...)]`, which declare each scope's wire token and
/// the metadata fields it requires.
pub trait OAuthScope: Copy + 'static {
    /// The metadata type whose fields scopes require.
    type Metadata;
    /// Every scope, in declaration order.
    const ALL: &'static [Self];
    /// The scope token on the wire.
    fn as_str(&self) -> &'static str;
    /// Wire names of the metadata fields this scope requires.
    fn required_metadata(&self) -> &'static [&'static str];
    /// The required fields `metadata` lacks (unset or empty), by wire name.
    fn missing_metadata(&self, metadata: Option<&Self::Metadata>) -> Vec<&'static str>;
}

/// Whether a metadata field counts as present: set, and not empty.
pub trait MetadataField {
    /// `false` for `None`, `""`, empty lists and maps, and JSON `null`.
    fn is_present(&self) -> bool;
}

impl MetadataField for String {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl<T: MetadataField> MetadataField for Option<T> {
    fn is_present(&self) -> bool {
        self.as_ref().is_some_and(MetadataField::is_present)
    }
}

impl<T: MetadataField + ?Sized> MetadataField for Box<T> {
    fn is_present(&self) -> bool {
        (**self).is_present()
    }
}

impl<T> MetadataField for Vec<T> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl<K, V> MetadataField for std::collections::BTreeMap<K, V> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl MetadataField for serde_json::Map<String, serde_json::Value> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl MetadataField for serde_json::Value {
    fn is_present(&self) -> bool {
        match self {
            serde_json::Value::Null => false,
            serde_json::Value::String(s) => !s.is_empty(),
            serde_json::Value::Array(a) => !a.is_empty(),
            serde_json::Value::Object(o) => !o.is_empty(),
            _ => true,
        }
    }
}

macro_rules! always_present {
    ($($t:ty),*) => {
        $(impl MetadataField for $t {
            fn is_present(&self) -> bool {
                true
            }
        })*
    };
}

always_present!(bool, i32, i64, f64);

/// Scopes whose required metadata is missing: each `(scope, field)` pair, by wire name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingMetadata {
    /// `(scope token, metadata field)` for every missing requirement.
    pub missing: Vec<(&'static str, &'static str)>,
    /// The wire name of the token request's metadata property (`oauth_metadata`), when
    /// known: messages then name each field as `property.field`.
    pub property: Option<&'static str>,
}

impl fmt::Display for MissingMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing metadata: ")?;
        for (i, (scope, field)) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match self.property {
                Some(property) => write!(f, "scope {scope:?} requires {property}.{field}")?,
                None => write!(f, "scope {scope:?} requires the metadata field {field}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for MissingMetadata {}

/// A scope token that no variant of the scope enum declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownScope {
    /// The token as given.
    pub token: String,
}

impl fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown scope {:?}", self.token)
    }
}

impl std::error::Error for UnknownScope {}

/// Checks `metadata` against the union of the requirements of `scopes`; each missing
/// field is reported once, for the first scope that requires it.
pub fn check_scopes<S: OAuthScope>(
    scopes: &[S],
    metadata: Option<&S::Metadata>,
) -> Result<(), MissingMetadata> {
    let mut missing = Vec::new();
    for scope in scopes {
        for field in scope.missing_metadata(metadata) {
            if !missing.iter().any(|(_, f)| *f == field) {
                missing.push((scope.as_str(), field));
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(MissingMetadata {
            missing,
            property: None,
        })
    }
}

/// Why a token request could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeRequestError {
    /// A scope's required metadata is missing.
    MissingMetadata(MissingMetadata),
    /// The request breaks the definition.
    Invalid(Violations),
}

impl fmt::Display for ScopeRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeRequestError::MissingMetadata(m) => m.fmt(f),
            ScopeRequestError::Invalid(v) => v.fmt(f),
        }
    }
}

impl std::error::Error for ScopeRequestError {}

/// The request body of an API's token operation (the bindings implement it for that
/// operation's body, `AccessTokenRequest` in the partner authentication API): a space-
/// delimited `scope` (RFC 6749 §3.3) and the metadata the scopes require.
pub trait TokenRequest: Validate + Send + Sync + 'static {
    /// The metadata type the request carries.
    type Metadata;

    /// The wire name of the metadata property (`oauth_metadata`).
    const METADATA_PROPERTY: &'static str;

    /// The request for the joined `scope` with `metadata`, every other required property
    /// at its only possible value (`grant_type`), not yet checked.
    #[doc(hidden)]
    fn with_scope(scope: String, metadata: Option<Self::Metadata>) -> Self;

    /// The scope requested, as sent.
    fn scope(&self) -> &str;

    /// A request for `scopes`, joined with single spaces, carrying `metadata`.
    ///
    /// Before anything is sent it checks that the metadata has every field each scope
    /// requires (the union of their requirements) and that the request matches the
    /// definition (for example, the joined scope must still fit `maxLength`).
    fn for_scopes<S: OAuthScope<Metadata = Self::Metadata>>(
        scopes: &[S],
        metadata: Option<Self::Metadata>,
    ) -> Result<Self, ScopeRequestError> {
        check_scopes(scopes, metadata.as_ref()).map_err(|mut missing| {
            missing.property = Some(Self::METADATA_PROPERTY);
            ScopeRequestError::MissingMetadata(missing)
        })?;
        let scope = scopes
            .iter()
            .map(OAuthScope::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let request = Self::with_scope(scope, metadata);
        request.validate().map_err(ScopeRequestError::Invalid)?;
        Ok(request)
    }
}

/// The metadata type of an API's token request, which names that request: what lets
/// [`TokenProvider::new`](crate::TokenProvider::new) build the request from scopes alone.
pub trait TokenMetadata: Sized {
    /// The token request that carries this metadata.
    type Request: TokenRequest<Metadata = Self>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Scope {
        Accounts,
        Payments,
        Rates,
    }

    struct Meta {
        account_id: Option<String>,
        emirates_id: Option<String>,
    }

    impl OAuthScope for Scope {
        type Metadata = Meta;
        const ALL: &'static [Self] = &[Scope::Accounts, Scope::Payments, Scope::Rates];
        fn as_str(&self) -> &'static str {
            match self {
                Scope::Accounts => "accounts",
                Scope::Payments => "payments",
                Scope::Rates => "rates",
            }
        }
        fn required_metadata(&self) -> &'static [&'static str] {
            match self {
                Scope::Accounts => &["account_id"],
                Scope::Payments => &["account_id", "emirates_id"],
                Scope::Rates => &[],
            }
        }
        fn missing_metadata(&self, m: Option<&Meta>) -> Vec<&'static str> {
            let mut out = Vec::new();
            for field in self.required_metadata() {
                let present = match *field {
                    "account_id" => m.is_some_and(|m| m.account_id.is_present()),
                    _ => m.is_some_and(|m| m.emirates_id.is_present()),
                };
                if !present {
                    out.push(*field);
                }
            }
            out
        }
    }

    #[test]
    fn the_union_of_requirements_is_checked_once_per_field() {
        let meta = Meta {
            account_id: Some(String::new()),
            emirates_id: None,
        };
        let err = check_scopes(Scope::ALL, Some(&meta)).unwrap_err();
        assert_eq!(
            err.missing,
            [("accounts", "account_id"), ("payments", "emirates_id")]
        );
        assert_eq!(
            err.to_string(),
            "missing metadata: scope \"accounts\" requires the metadata field account_id, \
             scope \"payments\" requires the metadata field emirates_id"
        );
        let named = MissingMetadata {
            property: Some("oauth_metadata"),
            ..err
        };
        assert!(named
            .to_string()
            .ends_with("scope \"payments\" requires oauth_metadata.emirates_id"));
        assert_eq!(check_scopes(&[Scope::Rates], None), Ok(()));
    }

    #[test]
    fn presence_means_set_and_not_empty() {
        assert!(!Option::<String>::None.is_present());
        assert!(!Some(String::new()).is_present());
        assert!(Some("x".to_owned()).is_present());
        assert!(!serde_json::Value::Null.is_present());
        assert!(serde_json::json!(0).is_present());
        assert!(!Vec::<u8>::new().is_present());
        assert!(Box::new(1i64).is_present());
    }
}
