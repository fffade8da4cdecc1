//! Deserializing generated types where serde's derive does not do what the definition
//! says: structs that keep undeclared properties (without buffering the whole object, as
//! `#[serde(flatten)]` does), properties where `null` and absent differ, and string enums
//! that keep unknown values.
//!
//! The per-struct part is one invocation of [`__struct!`](crate::__struct), a line
//! per declared field: large definitions have thousands of such structs, and writing each
//! visitor out grew GitHub's bindings by a third. Everything the expansion calls is here, as
//! generic functions; the expansion names nothing a definition could also name (its type
//! parameters and items start with `__`, which no generated name does).

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, EnumAccess, Error, Expected, MapAccess, Unexpected,
    VariantAccess, Visitor,
};
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

/// What `__struct!` implements for a struct: reading its properties from a map. The
/// runtime's one visitor calls it ([`deserialize_struct`]), so that a struct adds no visitor
/// type, `Visitor` impl or `expecting` of its own for the compiler to check (Kubernetes'
/// bindings: 10% less `cargo check` time).
pub trait ReadMap<'de>: Sized {
    /// Reads the struct from the map of its properties.
    fn read_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// A struct's `Deserialize`: from a map (a JSON object), read by [`ReadMap`].
#[inline]
pub fn deserialize_struct<'de, T: ReadMap<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: ReadMap<'de>> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_map(map)
    }
}

/// Reads a declared property of a generated struct; a repeated one is an error, as in
/// the derive.
// Always inlined: open and closed structs share these instantiations (a `String` field
// read by the lean reader), and with several callers LLVM stopped inlining them into the
// token response's visitor: 82 instructions (1.6%) more per read (`bench/instructions.sh`).
#[inline(always)]
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
#[inline(always)]
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

/// Reads a unit-only enum (a closed string enum) as serde's derive does, through
/// `deserialize_enum`, with its errors (`unknown variant `x`, expected one of ..`): the
/// value in `values` at the index of its name in `variants`. The reading is compiled once
/// per deserializer, not once per enum, and each enum's own code is one call, without a
/// closure (a body of its own for the compiler) to map the index.
#[inline]
pub fn unit_variant<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    name: &'static str,
    variants: &'static [&'static str],
    values: &[T],
) -> Result<T, D::Error> {
    let index = deserializer.deserialize_enum(name, variants, UnitEnum { name, variants })?;
    values
        .get(index)
        .copied()
        .ok_or_else(|| D::Error::custom(format_args!("no variant {index} of enum {name}")))
}

/// The visitor of [`unit_variant`]: an enum whose variant must be a unit.
struct UnitEnum {
    name: &'static str,
    variants: &'static [&'static str],
}

impl<'de> Visitor<'de> for UnitEnum {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(VariantIndex(self.variants))?;
        variant.unit_variant()?;
        Ok(index)
    }
}

/// Which variant a unit enum's identifier names: by its string (or bytes), or by its
/// index, as the derive's field visitor takes them.
struct VariantIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for VariantIndex {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

/// What the derive says of an out-of-range variant index: `variant index 0 <= i < 3`.
struct IndexBelow(usize);

impl Expected for IndexBelow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}

impl<'de> Visitor<'de> for VariantIndex {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }
    fn visit_u64<E: Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(
                Unexpected::Unsigned(index),
                &IndexBelow(self.0.len()),
            )),
        }
    }
    fn visit_str<E: Error>(self, wire: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|v| *v == wire)
            .ok_or_else(|| E::unknown_variant(wire, self.0))
    }
    fn visit_bytes<E: Error>(self, wire: &[u8]) -> Result<usize, E> {
        match self.0.iter().position(|v| v.as_bytes() == wire) {
            Some(i) => Ok(i),
            None => Err(E::unknown_variant(&String::from_utf8_lossy(wire), self.0)),
        }
    }
}

/// `Debug` of an open struct: its fields by name (as `stringify!` writes them), then the
/// kept properties. One call with two slices, instead of a method call per field that the
/// type checker resolves again in every struct.
pub fn debug_struct(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    names: &[&'static str],
    values: &[&dyn fmt::Debug],
) -> fmt::Result {
    let mut shown = f.debug_struct(name);
    for (field, value) in names.iter().zip(values) {
        shown.field(label(field), value);
    }
    shown.finish()
}

/// A field's name as `Debug` shows it: without the `r#` of a raw identifier.
fn label(field: &'static str) -> &'static str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// Refuses a property a closed struct (`additionalProperties: false`) does not declare,
/// with the derive's `#[serde(deny_unknown_fields)]` error.
pub fn deny_property<E: Error>(key: &str, declared: &'static [&'static str]) -> Result<(), E> {
    Err(E::unknown_field(key, declared))
}

/// `Serialize`, `Deserialize` and `Debug` for a generated struct: `__struct!(Name, keep
/// extra, field("wire", read_field, required_field), ..)` for one that keeps undeclared
/// properties in its field `extra`, `__struct!(Name, deny, ..)` for one that refuses them
/// (`additionalProperties: false`). A field ends in `, secret` when `Debug` must not show it.
///
/// A field is read with `read_field`, or `read_present` where `null` and absent differ, and
/// is one of:
/// - `required_field`: missing when absent; always written;
/// - `optional_field`: `None` when absent; not written when `None`;
/// - `nullable_field`: a required property that may be `null`: `None` when absent, as
///   serde's derive reads an `Option`; always written.
///
/// Unlike the derive, the struct is read from a JSON object only, not from an array of its
/// fields. `Debug` shows the undeclared properties but the values under a secret's name.
/// For generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! __struct {
    (@impl $name:ident [$($extra:ident)?] $(, $field:ident($wire:literal, $read:ident, $build:ident $(, $secret:ident)?))*) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private::de::debug_struct(
                    __f,
                    ::core::stringify!($name),
                    &[$(::core::stringify!($field),)* $(::core::stringify!($extra))?],
                    &[
                        $($crate::__struct!(@shown self.$field $(, $secret)?),)*
                        $(&$crate::__private::check::Kept(&self.$extra))?
                    ],
                )
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                let mut __object = $crate::__private::ser::Object::new(__serializer);
                $(__object.$build($wire, &self.$field);)*
                $crate::__struct!(@end __object $(, &self.$extra)?)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::__private::de::deserialize_struct(__deserializer)
            }
        }

        impl<'de> $crate::__private::de::ReadMap<'de> for $name {
            #[allow(clippy::match_single_binding)]
            fn read_map<__A: $crate::__private::serde::de::MapAccess<'de>>(
                mut __map: __A,
            ) -> ::core::result::Result<$name, __A::Error> {
                $(let mut $field = ::core::option::Option::None;)*
                $(let mut $extra = ::core::default::Default::default();)?
                // `match` and `return` where `?` would do: `?` is two trait calls, with
                // their locals and unwinding edges, that the compiler checks and keeps
                // for every struct (Kubernetes' bindings: 12 MB of `cargo check`).
                while let ::core::option::Option::Some(__key) =
                    match __map.next_key_seed($crate::__private::check::Key) {
                        ::core::result::Result::Ok(__key) => __key,
                        ::core::result::Result::Err(__error) => {
                            return ::core::result::Result::Err(__error)
                        }
                    }
                {
                    if let ::core::result::Result::Err(__error) = match &*__key {
                        $($wire => $crate::__private::de::$read(&mut $field, &mut __map, $wire),)*
                        _ => $crate::__struct!(@undeclared __key, __map, [$($extra)?], [$($wire),*]),
                    } {
                        return ::core::result::Result::Err(__error);
                    }
                }
                ::core::result::Result::Ok($name {
                    $($field: $crate::__struct!(@build $build, $field, $wire),)*
                    $($extra)?
                })
            }
        }
    };
    (@undeclared $key:ident, $map:ident, [$extra:ident], [$($wire:literal),*]) => {
        $crate::__private::de::keep_property(&mut $extra, $key, &mut $map)
    };
    (@undeclared $key:ident, $map:ident, [], [$($wire:literal),*]) => {
        $crate::__private::de::deny_property(&$key, &[$($wire),*])
    };
    (@end $object:ident, $kept:expr) => {
        $object.end($kept)
    };
    (@end $object:ident) => {
        $object.finish()
    };
    (@build required_field, $slot:ident, $wire:literal) => {
        match $slot {
            ::core::option::Option::Some(__value) => __value,
            ::core::option::Option::None => {
                return ::core::result::Result::Err($crate::__private::serde::de::Error::missing_field($wire))
            }
        }
    };
    (@build optional_field, $slot:ident, $wire:literal) => {
        ::core::option::Option::flatten($slot)
    };
    (@build nullable_field, $slot:ident, $wire:literal) => {
        ::core::option::Option::flatten($slot)
    };
    (@shown $value:expr) => {
        &$value
    };
    (@shown $value:expr, secret) => {
        &"<redacted>"
    };
    ($name:ident, keep $extra:ident $(, $field:ident($wire:literal, $read:ident, $build:ident $(, $secret:ident)?))* $(,)?) => {
        $crate::__struct!(@impl $name [$extra] $(, $field($wire, $read, $build $(, $secret)?))*);
    };
    ($name:ident, deny $(, $field:ident($wire:literal, $read:ident, $build:ident $(, $secret:ident)?))* $(,)?) => {
        $crate::__struct!(@impl $name [] $(, $field($wire, $read, $build $(, $secret)?))*);
    };
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeSeed;
    use serde_json::{json, Map, Value};

    /// A struct named like the expansion's own parameters would have been.
    #[derive(Clone, PartialEq)]
    struct A {
        id: i64,
        token: Option<String>,
        extra: Map<String, Value>,
    }

    crate::__struct!(
        A,
        keep extra,
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

    /// A closed struct as serde's derive writes it, to compare `__struct!(.., deny, ..)` with.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ClosedDerived {
        id: i64,
        #[serde(rename = "type")]
        kind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(PartialEq)]
    struct Closed {
        id: i64,
        kind: Option<String>,
        note: Option<String>,
    }

    crate::__struct!(
        Closed,
        deny,
        id("id", read_field, required_field),
        kind("type", read_field, nullable_field),
        note("note", read_field, optional_field, secret)
    );

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NothingDerived {}

    struct Nothing {}

    crate::__struct!(Nothing, deny);

    #[test]
    fn closed_structs_read_write_and_refuse_as_the_derive() {
        for text in [
            r#"{"id": 1}"#,
            r#"{"id": 1, "type": null, "note": "n"}"#,
            r#"{"id": 1, "type": "t"}"#,
            r#"{"id": 1, "extra": 2}"#,
            r#"{"type": "t", "id": 1, "tpye": 2}"#,
            r#"{"note": "n"}"#,
            r#"{"id": 1, "id": 2}"#,
            r#"{"id": "1"}"#,
            "null",
            "1",
        ] {
            let derived = serde_json::from_str::<ClosedDerived>(text).map_err(|e| e.to_string());
            let ours = serde_json::from_str::<Closed>(text).map_err(|e| e.to_string());
            match (&derived, &ours) {
                (Ok(d), Ok(o)) => {
                    assert_eq!((d.id, &d.kind, &d.note), (o.id, &o.kind, &o.note), "{text}");
                    assert_eq!(
                        serde_json::to_string(d).unwrap(),
                        serde_json::to_string(o).unwrap(),
                        "{text}"
                    );
                }
                (Err(d), Err(o)) if text == "null" || text == "1" => {
                    // The derive expects `struct ClosedDerived`, the macro `an object`.
                    assert_eq!(d.split(", expected").next(), o.split(", expected").next());
                }
                _ => assert_eq!(derived.map(|_| ()), ours.map(|_| ()), "{text}"),
            }
        }
        for text in [r#"{}"#, r#"{"a": 1}"#] {
            assert_eq!(
                serde_json::from_str::<NothingDerived>(text)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                serde_json::from_str::<Nothing>(text)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            );
        }
        // The derive also reads a struct from an array of its fields; a closed struct is an
        // object in its definition, and the macro reads only that.
        assert!(serde_json::from_str::<ClosedDerived>(r#"[1, null, null]"#).is_ok());
        let err = serde_json::from_str::<Closed>(r#"[1, null, null]"#)
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .starts_with("invalid type: sequence, expected an object"),
            "{err}"
        );
        let closed = Closed {
            id: 1,
            kind: None,
            note: Some("hunter2".into()),
        };
        assert_eq!(
            format!("{closed:?}"),
            "Closed { id: 1, kind: None, note: \"<redacted>\" }"
        );
    }

    /// What serde's derive makes of a string enum, to compare `unit_variant` with.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Derived {
        #[serde(rename = "a-b")]
        AB,
        #[serde(rename = "c")]
        C,
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Compact {
        AB,
        C,
    }

    impl<'de> serde::Deserialize<'de> for Compact {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::unit_variant(d, "Derived", &["a-b", "c"], &[Self::AB, Self::C])
        }
    }

    #[test]
    fn unit_variants_read_and_fail_as_the_derive() {
        for text in [
            r#""a-b""#,
            r#""c""#,
            r#""d""#,
            r#"{"c": null}"#,
            r#"{"c": 1}"#,
            "1",
            "null",
            "[]",
            r#""A-B""#,
        ] {
            let derived = serde_json::from_str::<Derived>(text).map_err(|e| e.to_string());
            let compact = serde_json::from_str::<Compact>(text).map_err(|e| e.to_string());
            assert_eq!(format!("{derived:?}"), format!("{compact:?}"), "{text}");
            let value: Value = serde_json::from_str(text).unwrap();
            let derived =
                serde_json::from_value::<Derived>(value.clone()).map_err(|e| e.to_string());
            let compact = serde_json::from_value::<Compact>(value).map_err(|e| e.to_string());
            assert_eq!(format!("{derived:?}"), format!("{compact:?}"), "{text}");
        }
        use serde::de::IntoDeserializer;
        for index in [0u64, 1, 2] {
            let d: serde::de::value::U64Deserializer<serde::de::value::Error> =
                index.into_deserializer();
            let derived = super::VariantIndex(&["a-b", "c"]).deserialize(d);
            let expected = match index {
                0 | 1 => Ok(index as usize),
                _ => {
                    Err("invalid value: integer `2`, expected variant index 0 <= i < 2".to_owned())
                }
            };
            assert_eq!(derived.map_err(|e| e.to_string()), expected);
        }
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
