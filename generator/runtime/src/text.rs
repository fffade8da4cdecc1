//! Parameter and header values as text, read into their Rust types by a serde
//! deserializer: strings as they are, numbers and booleans from their text, arrays from
//! items joined by a separator (or given apart, as an exploded query parameter's pairs),
//! objects from `key,value,…` or `key=value,…` (or from pairs, nested as `deepObject` nests
//! them). Response headers (the client) and request parameters (the server) share it.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Reads one value's text into `T`; `sep` joins an array's items (and an object's keys
/// and values). The error never quotes the text: any parameter may carry a credential.
pub(crate) fn value<T: DeserializeOwned>(text: &str, sep: &str) -> Result<T, String> {
    T::deserialize(Text::plain(text, sep)).map_err(|e| e.0)
}

/// Reads a path segment's text, still percent-encoded, into `T`: split at `sep` first and
/// then decoded, so that an item holding an encoded separator stays one item.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub(crate) fn encoded<T: DeserializeOwned>(text: &str, sep: &str) -> Result<T, String> {
    T::deserialize(Text {
        text,
        sep,
        decode: true,
    })
    .map_err(|e| e.0)
}

/// Reads values given apart (an exploded query parameter's `name=a&name=b`) into `T`: an
/// array of them, each whole, or the one value.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub(crate) fn values<T: DeserializeOwned>(items: &[String]) -> Result<T, String> {
    T::deserialize(Items { items }).map_err(|e| e.0)
}

/// Reads `path=value` pairs into `T`: each path the keys that lead to its value (an
/// exploded object's `key=value` has one, a `deepObject`'s `name[a][b]=value` two, an
/// empty key appends to an array: `name[]=value`).
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub(crate) fn tree<T: DeserializeOwned>(pairs: &[(Vec<String>, String)]) -> Result<T, String> {
    let mut root = Node::Map(Vec::new());
    for (path, value) in pairs {
        root.insert(path, value);
    }
    T::deserialize(root).map_err(|e| e.0)
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
    /// Whether each piece is percent-decoded after splitting (path segments).
    decode: bool,
}

impl<'a> Text<'a> {
    fn plain(text: &'a str, sep: &'a str) -> Text<'a> {
        Text {
            text,
            sep,
            decode: false,
        }
    }

    /// The text itself, decoded when it is encoded.
    fn text(&self) -> Result<Cow<'a, str>, TextError> {
        if !self.decode {
            return Ok(Cow::Borrowed(self.text));
        }
        crate::params::decode(self.text, false)
            .map(Cow::Owned)
            .ok_or_else(|| TextError("not percent-encoded UTF-8".to_owned()))
    }

    /// A value is never quoted in a message: it may carry a credential.
    fn number<N: std::str::FromStr>(&self, what: &str) -> Result<N, TextError> {
        self.text()?
            .trim()
            .parse()
            .map_err(|_| TextError(format!("expected {what}")))
    }

    fn items(&self) -> impl Iterator<Item = Text<'a>> {
        let (sep, decode) = (self.sep, self.decode);
        // No text is no items; otherwise every item counts, empty ones too (`name,` is
        // `{"name": ""}`), each trimmed of the spaces a header may add after a comma.
        let text = match self.text.trim() {
            "" => None,
            _ => Some(self.text),
        };
        text.into_iter()
            .flat_map(move |text| text.split(sep))
            .map(move |item| {
                if sep.trim().is_empty() {
                    item
                } else {
                    item.trim()
                }
            })
            .map(move |text| Text { text, sep, decode })
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
        match self.text()? {
            Cow::Borrowed(text) => visitor.visit_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
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
        match self.text()?.trim() {
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
        visitor.visit_seq(de::value::SeqDeserializer::new(self.items()))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        let items: Vec<Text> = self.items().collect();
        let pairs: Vec<(Text, Text)> = if items.iter().all(|i| i.text.contains('=')) {
            items
                .iter()
                .filter_map(|i| {
                    let (k, v) = i.text.split_once('=')?;
                    Some((
                        Text {
                            text: k.trim(),
                            ..*i
                        },
                        Text {
                            text: v.trim(),
                            ..*i
                        },
                    ))
                })
                .collect()
        } else if items.len() % 2 == 0 {
            items.chunks(2).map(|c| (c[0], c[1])).collect()
        } else {
            return Err(TextError("expected key,value pairs".to_owned()));
        };
        visitor.visit_map(de::value::MapDeserializer::new(pairs.into_iter()))
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
        visitor.visit_enum(self.text()?.into_owned().into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct
        identifier ignored_any
    }
}

impl<'de, 'a> IntoDeserializer<'de, TextError> for Text<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// What one value reads, for the methods of [`Items`] and [`Node`] that take one.
macro_rules! one {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            self.one()?.$method(visitor)
        }
    )*};
}

/// A deserializer of values given apart: an array of them, or the one value.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
struct Items<'a> {
    items: &'a [String],
}

#[cfg_attr(not(feature = "server"), allow(dead_code))]
impl Items<'_> {
    fn one(&self) -> Result<Text<'_>, TextError> {
        match self.items {
            [one] => Ok(Text::plain(one, ",")),
            _ => Err(TextError("expected one value".to_owned())),
        }
    }
}

impl<'de> de::Deserializer<'de> for Items<'_> {
    type Error = TextError;

    one! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_map deserialize_identifier deserialize_ignored_any
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
        // Each item is a whole value: `name=a,b` given apart from `name=c` is "a,b".
        visitor.visit_seq(de::value::SeqDeserializer::new(
            self.items.iter().map(|text| Text::plain(text, ",")),
        ))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.one()?.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.one()?.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.one()?.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.one()?.deserialize_enum(name, variants, visitor)
    }
}

/// Pairs nested by their paths: an object of members, an array of items, or a value.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
enum Node {
    Leaf(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

#[cfg_attr(not(feature = "server"), allow(dead_code))]
impl Node {
    fn insert(&mut self, path: &[String], value: &str) {
        let Some((key, rest)) = path.split_first() else {
            *self = Node::Leaf(value.to_owned());
            return;
        };
        let fresh = || match rest.first() {
            None => Node::Leaf(String::new()),
            Some(k) if k.is_empty() => Node::Seq(Vec::new()),
            Some(_) => Node::Map(Vec::new()),
        };
        match self {
            // `[]`: a new item.
            Node::Seq(items) if key.is_empty() => {
                let mut item = fresh();
                item.insert(rest, value);
                items.push(item);
            }
            Node::Map(members) if !key.is_empty() => {
                let at = match members.iter().position(|(k, _)| k == key) {
                    Some(at) => at,
                    None => {
                        members.push((key.clone(), fresh()));
                        members.len() - 1
                    }
                };
                members[at].1.insert(rest, value);
            }
            // A path that changes what a node is: the later pair wins.
            other => {
                *other = if key.is_empty() {
                    Node::Seq(Vec::new())
                } else {
                    Node::Map(Vec::new())
                };
                other.insert(path, value);
            }
        }
    }

    fn one(self) -> Result<Leaf, TextError> {
        match self {
            Node::Leaf(text) => Ok(Leaf(text)),
            _ => Err(TextError("expected one value".to_owned())),
        }
    }
}

/// A method of [`Leaf`] that reads its text as [`Text`] does.
macro_rules! via_text {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            Text::plain(&self.0, ",").$method(visitor)
        }
    )*};
}

/// A leaf's text, owned (the tree is built from decoded pairs).
struct Leaf(String);

impl<'de> de::Deserializer<'de> for Leaf {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_string(self.0)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        Text::plain(&self.0, ",").deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        Text::plain(&self.0, ",").deserialize_bool(visitor)
    }

    via_text! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct
        map struct identifier ignored_any newtype_struct
    }
}

impl<'de> IntoDeserializer<'de, TextError> for Leaf {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self {
            Node::Leaf(text) => visitor.visit_string(text),
            Node::Map(members) => visitor.visit_map(de::value::MapDeserializer::new(
                members.into_iter().map(|(k, v)| (Leaf(k), v)),
            )),
            Node::Seq(items) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(items.into_iter()))
            }
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self {
            Node::Leaf(text) => Leaf(text).deserialize_seq(visitor),
            other => other.deserialize_any(visitor),
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

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.one()?.deserialize_enum(name, variants, visitor)
    }

    one! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct
        map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, TextError> for Node {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
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
        let map: BTreeMap<String, String> = value("name,", ",").unwrap();
        assert_eq!(map["name"], "", "an empty item is a value");
        assert_eq!(
            value::<Vec<String>>("a,,b", ","),
            Ok(vec!["a".into(), "".into(), "b".into()])
        );
        assert_eq!(value::<Vec<String>>("", ","), Ok(vec![]));
    }

    #[test]
    fn encoded_text_splits_before_it_decodes() {
        assert_eq!(
            encoded::<Vec<String>>("a%2Cb,c%20d", ","),
            Ok(vec!["a,b".to_owned(), "c d".to_owned()])
        );
        assert_eq!(encoded::<String>("a%2Cb", ","), Ok("a,b".to_owned()));
        assert_eq!(encoded::<i32>("%34%32", ","), Ok(42));
        assert!(encoded::<String>("%zz", ",").is_err());
    }

    #[test]
    fn items_given_apart_are_each_whole() {
        let items = vec!["1".to_owned(), "2".to_owned()];
        assert_eq!(values::<Vec<i32>>(&items), Ok(vec![1, 2]));
        assert_eq!(values::<Option<Vec<i32>>>(&items), Ok(Some(vec![1, 2])));
        assert_eq!(
            values::<Vec<String>>(&["c,d".to_owned()]),
            Ok(vec!["c,d".to_owned()])
        );
        assert_eq!(
            values::<Vec<String>>(&[String::new()]),
            Ok(vec![String::new()])
        );
        assert_eq!(values::<i32>(&["5".to_owned()]), Ok(5));
        assert!(values::<i32>(&items).is_err(), "two values for one");
    }

    #[test]
    fn paths_nest_pairs() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let pairs = vec![
            (path(&["created", "gte"]), "2020-01-01".to_owned()),
            (path(&["created", "lt"]), "2021-01-01".to_owned()),
            (path(&["limit"]), "5".to_owned()),
            (path(&["tags", ""]), "a".to_owned()),
            (path(&["tags", ""]), "b".to_owned()),
        ];
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Filter {
            created: BTreeMap<String, String>,
            limit: i32,
            tags: Vec<String>,
        }
        let filter: Filter = tree(&pairs).unwrap();
        assert_eq!(filter.created["lt"], "2021-01-01");
        assert_eq!(filter.limit, 5);
        assert_eq!(filter.tags, ["a", "b"]);
        let list: Vec<String> =
            tree(&[(path(&[""]), "x".to_owned()), (path(&[""]), "y".to_owned())]).unwrap();
        assert_eq!(list, ["x", "y"], "`name[]=x&name[]=y`");
    }
}
