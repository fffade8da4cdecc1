//! Deserializing generated types where serde's derive does not do what the definition
//! says: structs that keep undeclared properties (without buffering the whole object, as
//! `#[serde(flatten)]` does), properties where `null` and absent differ, and string enums
//! that keep unknown values.
//!
//! The per-struct part is one invocation of [`__open_struct!`](crate::__open_struct), a line
//! per declared field: large definitions have thousands of such structs, and writing each
//! visitor out grew GitHub's bindings by a third. Everything the expansion calls is here, as
//! generic functions; the expansion names nothing a definition could also name (its type
//! parameters and items start with `__`, which no generated name does).

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// Keeps an undeclared property of an open struct.
pub fn keep_property<'de, M, V, A>(
    extra: &mut M,
    key: Cow<'de, str>,
    map: &mut A,
) -> Result<(), A::Error>
where
    M: Extend<(String, V)>,
    V: Deserialize<'de>,
    A: MapAccess<'de>,
{
    extra.extend([(key.into_owned(), map.next_value()?)]);
    Ok(())
}

/// Reads a declared property of an open struct; a repeated one is an error, as in
/// the derive.
pub fn read_field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// `read_field` for an optional property that keeps a `null` (an `Option<Option<T>>`, an
/// `Option<Loose<T>>`): present, even as `null`, is `Some(_)`.
pub fn read_present<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<Option<T>>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// An optional property of an open struct: `None` when absent.
pub fn optional_field<T, E>(slot: Option<Option<T>>, _: &'static str) -> Result<Option<T>, E> {
    Ok(slot.flatten())
}

/// A required property of an open struct that is not an `Option`.
pub fn required_field<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Deserializes a property that is present (possibly `null`) as `Some(_)`, so that
/// an absent property (`None`, by `#[serde(default)]`) and `null` (`Some(None)`) differ.
pub fn deserialize_present<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Deserializes a forward-compatible string enum from its wire string: every string is a
/// value (`Unknown(String)` takes those the definition does not list).
pub fn deserialize_wire<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    struct Wire<T>(PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for Wire<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: Error>(self, wire: &str) -> Result<T, E> {
            Ok(T::from(wire))
        }
    }
    deserializer.deserialize_str(Wire(PhantomData))
}

/// `Deserialize` and `Debug` for a generated struct that keeps undeclared properties in
/// `$extra`: `__open_struct!(Name, extra, field("wire", read_field, required_field), ..)`,
/// a field ending in `, secret` when `Debug` must not show it. `Debug` shows the
/// undeclared properties but the values under a secret's name. For generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_struct {
    ($name:ident, $extra:ident $(, $field:ident($wire:literal, $read:ident, $build:ident $(, $secret:ident)?))* $(,)?) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.debug_struct(::core::stringify!($name))
                    $(.field(
                        ::core::stringify!($field).trim_start_matches("r#"),
                        $crate::__open_struct!(@shown self.$field $(, $secret)?),
                    ))*
                    .field(::core::stringify!($extra), &$crate::__private::check::Kept(&self.$extra))
                    .finish()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        __f.write_str("an object")
                    }
                    #[allow(clippy::match_single_binding)]
                    fn visit_map<__A: $crate::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::core::result::Result<$name, __A::Error> {
                        $(let mut $field = ::core::option::Option::None;)*
                        let mut $extra = ::core::default::Default::default();
                        while let ::core::option::Option::Some(__key) =
                            __map.next_key_seed($crate::__private::check::Key)?
                        {
                            match &*__key {
                                $($wire => $crate::__private::de::$read(&mut $field, &mut __map, $wire)?,)*
                                _ => $crate::__private::de::keep_property(&mut $extra, __key, &mut __map)?,
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__private::de::$build($field, $wire)?,)*
                            $extra
                        })
                    }
                }
                __deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@shown $value:expr) => {
        &$value
    };
    (@shown $value:expr, secret) => {
        &"<redacted>"
    };
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    /// A struct named like the expansion's own parameters would have been.
    #[derive(Clone, PartialEq, serde::Serialize)]
    struct A {
        id: i64,
        token: Option<String>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    crate::__open_struct!(
        A,
        extra,
        id("id", read_field, required_field),
        token("token", read_field, optional_field, secret)
    );

    #[test]
    fn open_structs_keep_undeclared_properties() {
        let a: A =
            serde_json::from_value(json!({"id": 1, "x": [1], "password": "hunter2"})).unwrap();
        assert_eq!(a.id, 1);
        assert_eq!(a.token, None);
        assert_eq!(a.extra.len(), 2);
        let shown = format!("{a:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("\"x\""), "{shown}");
        let err = serde_json::from_value::<A>(json!({"x": 1})).err().unwrap();
        assert_eq!(err.to_string(), "missing field `id`");
        let err = serde_json::from_str::<A>(r#"{"id": 1, "id": 2}"#)
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("duplicate field `id`"), "{err}");
    }

    #[test]
    fn secret_fields_are_redacted_in_debug() {
        let a = A {
            id: 1,
            token: Some("hunter2".into()),
            extra: Map::new(),
        };
        assert_eq!(
            format!("{a:?}"),
            "A { id: 1, token: \"<redacted>\", extra: {} }"
        );
    }
}
