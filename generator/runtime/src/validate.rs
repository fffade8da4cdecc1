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
    /// The functions that check the type's schema, which the methods below run: generated
    /// code states them, so that a type adds no method bodies of its own for the compiler
    /// to check.
    #[doc(hidden)]
    const SCHEMA: Schema<Self>;

    /// Checks a JSON value against the schema, appending every violation found;
    /// `pointer` is where `value` sits in the document.
    #[inline]
    fn check_value(value: &Value, pointer: &str, out: &mut Vec<Violation>) {
        check::value(value, pointer, out, Self::SCHEMA.check);
    }

    /// Checks this value against its schema, as it would be sent on the wire.
    fn validate(&self) -> Result<(), Violations> {
        let value = serde_json::to_value(self)
            .map_err(|e| Violations::one(String::new(), "type", serde_message(&e)))?;
        let mut out = Vec::new();
        Self::check_value(&value, "", &mut out);
        check::result(out)
    }

    /// Parses JSON text and checks it in one step; every violation is reported
    /// with its pointer, type and shape errors included.
    #[inline]
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
    #[inline]
    fn parse_lean(json: &str) -> Option<Self> {
        let typed = Self::SCHEMA.lean?;
        let value: Self = check::lean(json, Self::SCHEMA.nullable)?;
        if typed(&value) {
            Some(value)
        } else {
            None
        }
    }

    /// The fully diagnosing path of `from_json`: the text into a JSON tree, every
    /// keyword checked, every violation reported; the value when there is none.
    #[doc(hidden)]
    #[inline]
    fn diagnose(json: &str) -> Result<Self, Violations> {
        check::parse(json, Self::SCHEMA.check)
    }

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

/// What a generated type's [`Validate`] impl states about its schema (for generated code;
/// its fields may change in any release).
#[doc(hidden)]
pub struct Schema<T> {
    /// The schema's validator: every keyword, every violation.
    pub check: check::Validator,
    /// The typed checks of the lean path over a value read straight into `T`, when the
    /// type has that path (see [`Validate::parse_lean`]).
    pub lean: Option<fn(&T) -> bool>,
    /// The properties where the lean reader takes `null` for an absent value.
    pub nullable: &'static [&'static str],
}

/// A generated type whose definition also allows `null`, which the type alone cannot hold:
/// `Option<T>` is then what reads and checks the definition (for generated code; the
/// orphan rule keeps the bindings from implementing [`Validate`] for `Option<T>`
/// themselves). The type's validator accepts `null` too.
#[doc(hidden)]
pub trait Nullable: Validate {}

impl<T: Nullable> Validate for Option<T> {
    const SCHEMA: Schema<Self> = Schema {
        check: T::SCHEMA.check,
        lean: None,
        nullable: &[],
    };
}
