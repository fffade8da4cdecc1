//! The [`Validate`] trait every generated type implements.

use crate::check::{self, serde_message};
use crate::{Violation, Violations};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// A type generated from a schema, checked against that schema.
///
/// ```
/// # fn demo<T: oasbind_runtime::Validate + std::fmt::Debug>() {
/// use oasbind_runtime::Validate;
/// match T::from_json(r#"{"scope": ""}"#) {
///     Ok(value) => println!("{value:?}"),
///     Err(violations) => {
///         for v in &violations {
///             println!("{v}"); // "/scope: must be at least 1 characters long (minLength)"
///         }
///     }
/// }
/// # }
/// ```
pub trait Validate: Serialize + DeserializeOwned {
    /// Checks a JSON value against the schema, appending every violation found;
    /// `pointer` is where `value` sits in the document.
    fn check_value(value: &Value, pointer: &str, out: &mut Vec<Violation>);

    /// Checks this value against its schema, as it would be sent on the wire.
    fn validate(&self) -> Result<(), Violations> {
        let value = serde_json::to_value(self)
            .map_err(|e| Violations::one(String::new(), "type", serde_message(&e)))?;
        let mut out = Vec::new();
        Self::check_value(&value, "", &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(Violations(out))
        }
    }

    /// Parses JSON text and checks it in one step; every violation is reported
    /// with its pointer, type and shape errors included.
    fn from_json(json: &str) -> Result<Self, Violations> {
        match Self::parse_lean(json) {
            Some(value) => Ok(value),
            None => Self::diagnose(json),
        }
    }

    /// The lean path of `from_json`: the text straight into `Self`, then typed
    /// checks of what the type does not express; `None` sends the text down the
    /// fully diagnosing path (`diagnose`), which decides. Types whose schema the
    /// typed checks cannot cover have none.
    #[doc(hidden)]
    fn parse_lean(json: &str) -> Option<Self> {
        let _ = json;
        None
    }

    /// The fully diagnosing path of `from_json`: the text into a JSON tree, every
    /// keyword checked, every violation reported; the value when there is none.
    #[doc(hidden)]
    fn diagnose(json: &str) -> Result<Self, Violations>;

    /// Checks a JSON value and converts it.
    fn from_value(value: Value) -> Result<Self, Violations> {
        let mut out = Vec::new();
        Self::check_value(&value, "", &mut out);
        if !out.is_empty() {
            return Err(Violations(out));
        }
        check::convert(value)
    }
}

/// A generated type whose definition also allows `null`, which the type alone cannot hold:
/// `Option<T>` is then what reads and checks the definition (for generated code; the
/// orphan rule keeps the bindings from implementing [`Validate`] for `Option<T>`
/// themselves).
#[doc(hidden)]
pub trait Nullable: Serialize + DeserializeOwned {
    /// [`Validate::check_value`] of the definition, `null` included.
    fn check_nullable(value: &Value, pointer: &str, out: &mut Vec<Violation>);
    /// [`Validate::diagnose`] of the definition, `null` included.
    fn diagnose_nullable(json: &str) -> Result<Option<Self>, Violations>;
}

impl<T: Nullable> Validate for Option<T> {
    fn check_value(value: &Value, pointer: &str, out: &mut Vec<Violation>) {
        T::check_nullable(value, pointer, out);
    }

    fn diagnose(json: &str) -> Result<Self, Violations> {
        T::diagnose_nullable(json)
    }
}
