//! Parameter and header values as text, read into their Rust types by a serde
//! deserializer: strings as they are, numbers and booleans from their text, arrays from
//! items joined by a separator (or given apart, as an exploded query parameter's pairs),
//! objects from `key,value,…` or `key=value,…` (or from pairs). Response headers (the
//! client) and request parameters (the server) share it.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::fmt;

/// Reads one value's text into `T`; `sep` joins an array's items (and an object's keys
/// and values). The error never quotes the text: any parameter may carry a credential.
pub(crate) fn value<T: DeserializeOwned>(text: &str, sep: &str) -> Result<T, String> {
    T::deserialize(Text { text, sep }).map_err(|e| e.0)
}

/// Reads values given apart (an exploded query parameter's `name=a&name=b`) into `T`: an
/// array of them, or the one value as [`value`] reads it.
pub(crate) fn values<T: DeserializeOwned>(items: &[String], sep: &str) -> Result<T, String> {
    T::deserialize(Items { items, sep }).map_err(|e| e.0)
}

/// Reads `key=value` pairs (an exploded object, a `deepObject`) into `T`.
pub(crate) fn pairs<T: DeserializeOwned>(pairs: &[(String, String)]) -> Result<T, String> {
    T::deserialize(de::value::MapDeserializer::new(pairs.iter().map(
        |(k, v)| {
            (
                Text { text: k, sep: "," },
                Text {
                    text: v.as_str(),
                    sep: ",",
                },
            )
        },
    )))
    .map_err(|e: TextError| e.0)
}

/// Why a text is not a value of its type.
#[derive(Debug)]
struct TextError(String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

impl de::Error for TextError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        TextError(msg.to_string())
    }
}

/// A deserializer of one value's text.
#[derive(Clone, Copy)]
struct Text<'a> {
    text: &'a str,
    sep: &'a str,
}

impl Text<'_> {
    /// A value is never quoted in a message: it may carry a credential.
    fn number<N: std::str::FromStr>(&self, what: &str) -> Result<N, TextError> {
        self.text
            .trim()
            .parse()
            .map_err(|_| TextError(format!("expected {what}")))
    }

    fn items(&self) -> impl Iterator<Item = &str> {
        // A space-delimited value keeps no empty items; a comma-separated one is trimmed.
        self.text
            .split(self.sep)
            .map(str::trim)
            .filter(|item| !item.is_empty())
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            visitor.$visit(self.number::<$ty>($what)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Text<'_> {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_str(self.text)
    }

    numbers! {
        deserialize_i8 visit_i8 i8, "an integer";
        deserialize_i16 visit_i16 i16, "an integer";
        deserialize_i32 visit_i32 i32, "an integer";
        deserialize_i64 visit_i64 i64, "an integer";
        deserialize_u8 visit_u8 u8, "a non-negative integer";
        deserialize_u16 visit_u16 u16, "a non-negative integer";
        deserialize_u32 visit_u32 u32, "a non-negative integer";
        deserialize_u64 visit_u64 u64, "a non-negative integer";
        deserialize_f32 visit_f32 f32, "a number";
        deserialize_f64 visit_f64 f64, "a number";
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self.text.trim() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(TextError("expected true or false".to_owned())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        let sep = self.sep;
        visitor.visit_seq(de::value::SeqDeserializer::new(
            self.items().map(|text| Text { text, sep }),
        ))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        let items: Vec<&str> = self.items().collect();
        let pairs: Vec<(&str, &str)> = if items.iter().all(|i| i.contains('=')) {
            items.iter().filter_map(|i| i.split_once('=')).collect()
        } else if items.len() % 2 == 0 {
            items.chunks(2).map(|c| (c[0], c[1])).collect()
        } else {
            return Err(TextError("expected key,value pairs".to_owned()));
        };
        let sep = self.sep;
        visitor.visit_map(de::value::MapDeserializer::new(pairs.into_iter().map(
            |(k, v)| {
                (
                    Text {
                        text: k.trim(),
                        sep,
                    },
                    Text {
                        text: v.trim(),
                        sep,
                    },
                )
            },
        )))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_enum(self.text.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct
        identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, TextError> for Text<'_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// A deserializer of values given apart: an array of them, or the one value.
struct Items<'a> {
    items: &'a [String],
    sep: &'a str,
}

impl Items<'_> {
    fn one(&self) -> Result<Text<'_>, TextError> {
        match self.items {
            [one] => Ok(Text {
                text: one,
                sep: self.sep,
            }),
            _ => Err(TextError("expected one value".to_owned())),
        }
    }
}

impl<'de> de::Deserializer<'de> for Items<'_> {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        self.one()?.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        // One item may still hold several, joined (`a,b` sent once).
        if let [one] = self.items {
            return Text {
                text: one,
                sep: self.sep,
            }
            .deserialize_seq(visitor);
        }
        let sep = self.sep;
        visitor.visit_seq(de::value::SeqDeserializer::new(
            self.items.iter().map(|text| Text { text, sep }),
        ))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct
        map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn text_reads_into_its_type() {
        assert_eq!(value::<i32>(" 42 ", ","), Ok(42));
        assert_eq!(value::<u64>("7", ","), Ok(7));
        assert_eq!(value::<f64>("0.5", ","), Ok(0.5));
        assert_eq!(value::<bool>("true", ","), Ok(true));
        assert_eq!(value::<String>("a, b", ","), Ok("a, b".to_owned()));
        assert_eq!(value::<Vec<i64>>("1, 2,3", ","), Ok(vec![1, 2, 3]));
        assert_eq!(
            value::<Vec<String>>("a|b", "|"),
            Ok(vec!["a".into(), "b".into()])
        );
        let map: BTreeMap<String, i32> = value("R=100,G=200", ",").unwrap();
        assert_eq!(map["G"], 200);
        let map: BTreeMap<String, i32> = value("R,100,G,200", ",").unwrap();
        assert_eq!(map["R"], 100);
        assert_eq!(value::<serde_json::Value>("x", ","), Ok("x".into()));
        assert_eq!(
            value::<i32>("ten", ","),
            Err("expected an integer".to_owned()),
            "the value is not quoted: it may be a credential"
        );
        assert!(value::<u32>("-1", ",").is_err());
    }

    #[test]
    fn items_given_apart_make_an_array_or_one_value() {
        let items = vec!["1".to_owned(), "2".to_owned()];
        assert_eq!(values::<Vec<i32>>(&items, ","), Ok(vec![1, 2]));
        assert_eq!(
            values::<Option<Vec<i32>>>(&items, ","),
            Ok(Some(vec![1, 2]))
        );
        assert_eq!(values::<Vec<i32>>(&["3,4".to_owned()], ","), Ok(vec![3, 4]));
        assert_eq!(values::<i32>(&["5".to_owned()], ","), Ok(5));
        assert!(values::<i32>(&items, ",").is_err(), "two values for one");
    }

    #[test]
    fn pairs_make_an_object() {
        let map: BTreeMap<String, i32> = pairs(&[
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
        ])
        .unwrap();
        assert_eq!(map["b"], 2);
    }
}
