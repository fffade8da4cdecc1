//! A value read once into a [`Json`] tree, then read again, as often as needed, through
//! serde: what an untagged union (`__untagged!`) tries each alternative on, as serde's
//! derive does with its private `Content`. Strings stay borrowed from the text, and a
//! failed attempt costs no error message: the error type is the caller's (the lean reader's
//! `Fail` for the attempts, which says nothing).

use super::tree::{Node, Stack};
use super::Json;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use std::marker::PhantomData;

/// Reads the next value of `deserializer` into a tree, strings borrowed where it lends them.
pub fn buffer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Json<'de>, D::Error> {
    let mut stack = Stack::default();
    Node(&mut stack).deserialize(deserializer)
}

/// A buffered value as a serde `Deserializer`, with the errors `E`.
pub struct Replay<'de, 't, E>(&'de Json<'t>, PhantomData<E>);

impl<'de, 't, E> Replay<'de, 't, E> {
    /// Reads `value` again.
    #[inline]
    pub fn new(value: &'de Json<'t>) -> Self {
        Replay(value, PhantomData)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for Replay<'de, '_, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => visitor.visit_borrowed_str(s),
            Json::Array(items) => visitor.visit_seq(Items(items.iter(), PhantomData)),
            Json::Object(object) => visitor.visit_map(Members {
                members: object.iter(),
                value: None,
                error: PhantomData,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant, by its name: what generated enums are. (A variant with a value, an
    /// object of one member, is not read here.)
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.0 {
            Json::String(s) => visitor.visit_enum(IntoDeserializer::<E>::into_deserializer(&**s)),
            _ => Err(E::custom("expected a variant's name")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The items of a buffered array.
struct Items<'de, 't, E>(std::slice::Iter<'de, Json<'t>>, PhantomData<E>);

impl<'de, E: de::Error> de::SeqAccess<'de> for Items<'de, '_, E> {
    type Error = E;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, E> {
        self.0
            .next()
            .map(|item| seed.deserialize(Replay::new(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of a buffered object.
struct Members<'de, 't, I, E> {
    members: I,
    value: Option<&'de Json<'t>>,
    error: PhantomData<E>,
}

impl<'de, 't, I, E> de::MapAccess<'de> for Members<'de, 't, I, E>
where
    I: Iterator<Item = (&'de str, &'de Json<'t>)>,
    E: de::Error,
{
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        match self.value.take() {
            Some(value) => seed.deserialize(Replay::new(value)),
            None => Err(E::custom("a value without its name")),
        }
    }
}
