//! [`Loose`]: a value whose schema describes an object without saying `"type": "object"`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A member whose schema has object keywords (`properties`, `additionalProperties`, ...)
/// but no `type`: an object is `Typed` (its generated struct or map), any other JSON value
/// `Other`, kept as it came.
///
/// JSON Schema applies object keywords to objects only, so `null`, `[]` or `"text"` are
/// valid there, and independent tools send them (schemathesis did). The bindings hold the
/// object the definition describes and keep anything else, so that such a value is
/// accepted and survives a round trip. A whole document (a body, an answer) whose schema
/// is such an object is read as that object: see the README's "Untyped schemas".
#[derive(Clone, Debug, PartialEq)]
pub enum Loose<T> {
    /// An object, as its generated type.
    Typed(T),
    /// Any other JSON value.
    Other(serde_json::Value),
}

impl<T> Loose<T> {
    /// The object, if the value is one.
    pub fn typed(&self) -> Option<&T> {
        match self {
            Loose::Typed(t) => Some(t),
            Loose::Other(_) => None,
        }
    }

    /// The object, if the value is one (mutable).
    pub fn typed_mut(&mut self) -> Option<&mut T> {
        match self {
            Loose::Typed(t) => Some(t),
            Loose::Other(_) => None,
        }
    }

    /// The object itself, if the value is one.
    pub fn into_typed(self) -> Option<T> {
        match self {
            Loose::Typed(t) => Some(t),
            Loose::Other(_) => None,
        }
    }
}

impl<T> From<T> for Loose<T> {
    fn from(value: T) -> Loose<T> {
        Loose::Typed(value)
    }
}

impl<T: Default> Default for Loose<T> {
    fn default() -> Loose<T> {
        Loose::Typed(T::default())
    }
}

impl<T: Serialize> Serialize for Loose<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Loose::Typed(t) => t.serialize(serializer),
            Loose::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose<T>, D::Error> {
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

/// An object goes to `T` as it is read (no buffering); any other value becomes `Other`.
struct LooseVisitor<T>(PhantomData<T>);

macro_rules! other {
    ($($method:ident $ty:ty;)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Loose<T>, E> {
            Ok(Loose::Other(serde_json::Value::from(v)))
        }
    )*};
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for LooseVisitor<T> {
    type Value = Loose<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Loose<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Loose::Typed)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Loose<T>, A::Error> {
        serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Loose::Other)
    }

    other! {
        visit_bool bool;
        visit_i64 i64;
        visit_u64 u64;
        visit_str &str;
        visit_string String;
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose<T>, E> {
        serde_json::Number::from_f64(v)
            .map(|n| Loose::Other(serde_json::Value::Number(n)))
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Loose<T>, E> {
        Ok(Loose::Other(serde_json::Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Loose<T>, E> {
        Ok(Loose::Other(serde_json::Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose<T>, D::Error> {
        Loose::deserialize(d)
    }
}

#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Loose<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    // The schema of the object the definition describes (its `type` is the inferred one).
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Meta = Loose<BTreeMap<String, String>>;

    #[test]
    fn objects_are_typed_and_the_rest_kept() {
        let typed: Meta = serde_json::from_str(r#"{"a":"b"}"#).unwrap();
        assert_eq!(typed.typed().unwrap()["a"], "b");
        for text in ["null", "[1,\"x\"]", "\"text\"", "5", "-1.5", "true"] {
            let other: Meta = serde_json::from_str(text).unwrap();
            assert!(matches!(other, Loose::Other(_)), "{text}");
            assert_eq!(serde_json::to_string(&other).unwrap(), text, "round trip");
        }
        assert!(
            serde_json::from_str::<Meta>(r#"{"a":1}"#).is_err(),
            "an object must fit T"
        );
        let none: Option<Meta> = serde_json::from_str("null").unwrap();
        assert_eq!(
            none, None,
            "Option's null stays None: fields use deserialize_present"
        );
    }
}
