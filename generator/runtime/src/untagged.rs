//! `Serialize` and `Deserialize` for the enum of a `oneOf`/`anyOf` without a discriminator:
//! written as the alternative it holds, read as the first alternative that accepts the
//! value (buffered once, [`crate::json::replay`]), as serde's `#[serde(untagged)]` does.
//!
//! One `macro_rules!` expansion and two generic runtime functions instead of serde's derive:
//! the derive writes a `const` block, a buffering visitor and a closure per enum, which the
//! compiler expands, checks and keeps for every one (Stripe's bindings have 458 such enums).

use crate::json::lean::Fail;
use crate::json::replay::Replay;
use crate::json::Json;
use serde::de::{Deserialize, Error};

/// The buffered value as the alternative `T`, if it reads as one. A failed attempt makes
/// no error message.
#[inline]
pub fn alternative<T: for<'a> Deserialize<'a>>(value: &Json<'_>) -> Option<T> {
    T::deserialize(Replay::<Fail>::new(value)).ok()
}

/// The error when no alternative reads the value: serde's words for it.
#[cold]
pub fn no_alternative<E: Error>(name: &str) -> E {
    E::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    ))
}

/// `Serialize` and `Deserialize` for a generated untagged enum whose variants each hold one
/// value: `__untagged!(Name, Variant(Type), ..)`. For generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! __untagged {
    ($name:ident $(, $variant:ident($ty:ty))+ $(,)?) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    $($name::$variant(__value) => {
                        $crate::__private::serde::Serialize::serialize(__value, __serializer)
                    })+
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                let __value = $crate::__private::untagged::buffer(__deserializer)?;
                $(if let ::core::option::Option::Some(__alternative) =
                    $crate::__private::untagged::alternative::<$ty>(&__value)
                {
                    return ::core::result::Result::Ok($name::$variant(__alternative));
                })+
                ::core::result::Result::Err($crate::__private::untagged::no_alternative(
                    ::core::stringify!($name),
                ))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// An enum as serde's derive writes it, to compare `__untagged!` with.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(untagged)]
    enum Derived {
        Number(i64),
        Pair(Vec<String>),
        Text(String),
    }

    #[derive(Debug, PartialEq)]
    enum Untagged {
        Number(i64),
        Pair(Vec<String>),
        Text(String),
    }

    crate::__untagged!(Untagged, Number(i64), Pair(Vec<String>), Text(String));

    #[test]
    fn reads_and_writes_as_the_derive_does() {
        for value in [json!(7), json!(["a", "b"]), json!("seven")] {
            let ours: Untagged = serde_json::from_value(value.clone()).unwrap();
            let derived: Derived = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(format!("{ours:?}"), format!("{derived:?}"));
            assert_eq!(serde_json::to_value(&ours).unwrap(), value);
        }
        let text = r#"{"a": 1}"#;
        let ours = serde_json::from_str::<Untagged>(text).unwrap_err();
        let derived = serde_json::from_str::<Derived>(text).unwrap_err();
        assert_eq!(
            ours.to_string(),
            derived.to_string().replace("Derived", "Untagged")
        );
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Point {
        x: i32,
        y: Option<u8>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Small,
        Large,
    }

    /// Alternatives of every shape, as serde's derive reads them.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(untagged)]
    enum ManyDerived {
        Kind(Kind),
        Point(Point),
        Big(u64),
        Float(f64),
        Names(Vec<String>),
        Any(serde_json::Value),
    }

    #[derive(Debug, PartialEq)]
    enum Many {
        Kind(Kind),
        Point(Point),
        Big(u64),
        Float(f64),
        Names(Vec<String>),
        Any(serde_json::Value),
    }

    crate::__untagged!(
        Many,
        Kind(Kind),
        Point(Point),
        Big(u64),
        Float(f64),
        Names(Vec<String>),
        Any(serde_json::Value)
    );

    #[test]
    fn every_shape_reads_as_with_the_derive_through_every_reader() {
        for text in [
            r#""small""#,
            r#""medium""#,
            r#"{"x": -3, "y": 200}"#,
            r#"{"x": -3, "y": 300}"#,
            r#"{"x": 1, "z": [1, {"a": null}]}"#,
            "18446744073709551615",
            "-1",
            "2.5",
            r#"["a", "b\n"]"#,
            r#"["a", 1]"#,
            "null",
            "true",
            "{}",
        ] {
            let derived = serde_json::from_str::<ManyDerived>(text).expect(text);
            let shown = format!("{derived:?}").replace("ManyDerived", "Many");
            let ours = serde_json::from_str::<Many>(text).expect(text);
            assert_eq!(format!("{ours:?}"), shown, "{text}");
            let value: serde_json::Value = serde_json::from_str(text).expect(text);
            let ours = serde_json::from_value::<Many>(value).expect(text);
            assert_eq!(format!("{ours:?}"), shown, "{text}");
            let ours = crate::json::lean::from_str::<Many>(text, &[]).expect(text);
            assert_eq!(format!("{ours:?}"), shown, "{text}");
        }
    }

    #[test]
    fn the_first_alternative_that_reads_the_value_wins() {
        // `7` is a number before it could be anything else; a float is none of them.
        let ours: Untagged = serde_json::from_str("7").unwrap();
        assert_eq!(ours, Untagged::Number(7));
        assert!(serde_json::from_str::<Untagged>("7.5").is_err());
    }
}
