//! Serializing generated structs: the declared fields in order, then the kept undeclared
//! ones, if the struct keeps them, as serde's derive with `#[serde(flatten)]` writes them (a map
//! of unknown length), but with one call per field in the generated `serialize`.
//!
//! The derive's body writes a `?` and a trait-method call per field, generic over the
//! serializer: on GitHub's definition those bodies were an eighth of what `cargo check`
//! spends on the bindings. Here the per-field call is a method of one generic struct,
//! which keeps the first error and skips the rest, so the generated body has no `?`.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A struct being written as a map. For generated code (`__struct!`).
pub struct Object<S: Serializer> {
    state: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> Object<S> {
    /// Starts the map.
    pub fn new(serializer: S) -> Self {
        Object {
            state: serializer.serialize_map(None),
        }
    }

    /// A field that is always written: a required property, `null` included.
    pub fn required_field<T: Serialize + ?Sized>(&mut self, wire: &'static str, value: &T) {
        if let Ok(map) = &mut self.state {
            if let Err(e) = map.serialize_entry(wire, value) {
                self.state = Err(e);
            }
        }
    }

    /// A required property that may be `null`: always written.
    pub fn nullable_field<T: Serialize>(&mut self, wire: &'static str, value: &Option<T>) {
        self.required_field(wire, value);
    }

    /// An optional property: written unless it is `None`.
    pub fn optional_field<T: Serialize>(&mut self, wire: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required_field(wire, value);
        }
    }

    /// Writes the undeclared properties and ends the map, or returns the first error.
    pub fn end<'a, K, V>(
        self,
        kept: impl IntoIterator<Item = (&'a K, &'a V)>,
    ) -> Result<S::Ok, S::Error>
    where
        K: Serialize + 'a,
        V: Serialize + 'a,
    {
        let mut map = self.state?;
        for (key, value) in kept {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }

    /// Ends the map of a struct that keeps nothing undeclared, or returns the first error.
    pub fn finish(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    /// The derive this module stands in for.
    #[derive(serde::Serialize)]
    struct Derived {
        id: i64,
        #[serde(rename = "type")]
        kind: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        cleared: Option<Option<i64>>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    #[derive(Clone, PartialEq)]
    struct Open {
        id: i64,
        kind: Option<String>,
        note: Option<String>,
        cleared: Option<Option<i64>>,
        extra: Map<String, Value>,
    }

    crate::__struct!(
        Open,
        keep extra,
        id("id", read_field, required_field),
        kind("type", read_field, nullable_field),
        note("note", read_field, optional_field),
        cleared("cleared", read_present, optional_field)
    );

    #[test]
    fn open_structs_serialize_as_the_derive() {
        let extra = json!({"z": [1], "a": null}).as_object().unwrap().clone();
        for (kind, note, cleared) in [
            (None, None, None),
            (Some("t".to_owned()), Some("n".to_owned()), Some(None)),
            (None, Some(String::new()), Some(Some(3))),
        ] {
            let open = Open {
                id: 7,
                kind: kind.clone(),
                note: note.clone(),
                cleared,
                extra: extra.clone(),
            };
            let derived = Derived {
                id: 7,
                kind,
                note,
                cleared,
                extra: extra.clone(),
            };
            let text = serde_json::to_string(&open).unwrap();
            assert_eq!(text, serde_json::to_string(&derived).unwrap());
            let back: Open = serde_json::from_str(&text).unwrap();
            assert!(back == open, "{text}");
        }
    }

    /// A value that cannot be written: its `Serialize` fails with its message.
    #[derive(Clone, Debug, PartialEq)]
    struct Fails(&'static str);

    impl serde::Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom(self.0))
        }
    }

    #[derive(Clone, PartialEq)]
    struct Failing {
        first: Fails,
        second: Fails,
        extra: Map<String, Value>,
    }

    impl<'de> serde::Deserialize<'de> for Fails {
        fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
            Err(serde::de::Error::custom("not read in this test"))
        }
    }

    crate::__struct!(
        Failing,
        keep extra,
        first("first", read_field, required_field),
        second("second", read_field, required_field)
    );

    #[test]
    fn the_first_error_is_returned_and_the_rest_skipped() {
        let failing = Failing {
            first: Fails("first failed"),
            second: Fails("second failed"),
            extra: Map::new(),
        };
        let err = serde_json::to_string(&failing).unwrap_err();
        assert_eq!(err.to_string(), "first failed");
    }
}
