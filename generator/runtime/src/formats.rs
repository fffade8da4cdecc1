//! The Rust types of string formats: `date-time`, `date` and `time` (chrono, feature
//! `chrono`), `uuid` (feature `uuid`) and OpenAPI's `byte` (base64, feature `base64`).
//!
//! Each reads only what the format's grammar allows, the same grammar the validators check
//! (`check::is_format`), so the fast typed path of `from_json` and the diagnosing one agree.
//! A value keeps its text: what was read is what is written back (`+05:30` stays
//! `+05:30`, `Z` stays `Z`, `.500` stays `.500`, upper-case hex stays upper case).
//! Equality, hashing and ordering are those of the text.

use std::fmt;

/// A string that is not of the format its type stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    format: &'static str,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "must be a valid {}", self.format)
    }
}

impl std::error::Error for FormatError {}

/// The common impls of a format type that keeps its text: serde as a string, `Display`,
/// `FromStr`, `Debug` and equality of the text, and a JSON Schema naming the format.
#[cfg(any(feature = "chrono", feature = "uuid"))]
macro_rules! text_format {
    ($ty:ident, $format:literal) => {
        impl $ty {
            /// The text it was read from (or written as).
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), &*self.text)
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.text == other.text
            }
        }

        impl Eq for $ty {}

        impl std::hash::Hash for $ty {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.text.hash(state)
            }
        }

        impl PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $ty {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.text.cmp(&other.text)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = FormatError;
            fn from_str(s: &str) -> Result<Self, FormatError> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a ", $format, " string"))
                    }
                    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<$ty, E> {
                        $ty::parse(s).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "format": $format })
            }
        }
    };
}

/// Checks `s` against the format's grammar.
#[cfg(any(feature = "chrono", feature = "uuid"))]
fn grammar(s: &str, format: &'static str) -> Result<(), FormatError> {
    match crate::check::is_format(s, format) {
        true => Ok(()),
        false => Err(FormatError { format }),
    }
}

#[cfg(feature = "chrono")]
pub use dates::{Date, DateTime, Time};

#[cfg(feature = "chrono")]
mod dates {
    use super::{fmt, grammar, FormatError};
    use chrono::{FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeZone};

    /// An RFC 3339 `date-time`: a chrono `DateTime` with the offset it was written with.
    #[derive(Clone)]
    pub struct DateTime {
        value: chrono::DateTime<FixedOffset>,
        text: Box<str>,
    }

    impl DateTime {
        /// Reads an RFC 3339 `date-time` (`2024-03-01T12:30:00+05:30`).
        pub fn parse(s: &str) -> Result<DateTime, FormatError> {
            const FORMAT: FormatError = FormatError {
                format: "date-time",
            };
            grammar(s, "date-time")?;
            // chrono reads `t` and `z` in upper case only; the grammar allows both.
            let value = chrono::DateTime::parse_from_rfc3339(&s.to_ascii_uppercase())
                .map_err(|_| FORMAT)?;
            Ok(DateTime {
                value,
                text: s.into(),
            })
        }

        /// The chrono value.
        pub fn get(&self) -> &chrono::DateTime<FixedOffset> {
            &self.value
        }
    }

    /// From any chrono `DateTime`: written in RFC 3339 with its offset (`Z` for UTC) and
    /// as many fraction digits as it needs (0, 3, 6 or 9).
    impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime {
        fn from(value: chrono::DateTime<Tz>) -> DateTime {
            let value = value.fixed_offset();
            let utc = value.offset().local_minus_utc() == 0;
            let text = value.to_rfc3339_opts(SecondsFormat::AutoSi, utc).into();
            DateTime { value, text }
        }
    }

    impl std::ops::Deref for DateTime {
        type Target = chrono::DateTime<FixedOffset>;
        fn deref(&self) -> &Self::Target {
            &self.value
        }
    }

    text_format!(DateTime, "date-time");

    /// An RFC 3339 `full-date` (`2024-03-01`).
    #[derive(Clone)]
    pub struct Date {
        value: NaiveDate,
        text: Box<str>,
    }

    impl Date {
        /// Reads an RFC 3339 `full-date`.
        pub fn parse(s: &str) -> Result<Date, FormatError> {
            grammar(s, "date")?;
            let value = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| FormatError { format: "date" })?;
            Ok(Date {
                value,
                text: s.into(),
            })
        }

        /// The chrono value.
        pub fn get(&self) -> &NaiveDate {
            &self.value
        }
    }

    impl From<NaiveDate> for Date {
        fn from(value: NaiveDate) -> Date {
            let text = value.format("%Y-%m-%d").to_string().into();
            Date { value, text }
        }
    }

    impl std::ops::Deref for Date {
        type Target = NaiveDate;
        fn deref(&self) -> &NaiveDate {
            &self.value
        }
    }

    text_format!(Date, "date");

    /// An RFC 3339 `full-time` (`12:30:00+05:30`): a time of day and its offset.
    #[derive(Clone)]
    pub struct Time {
        time: NaiveTime,
        offset: FixedOffset,
        text: Box<str>,
    }

    impl Time {
        /// Reads an RFC 3339 `full-time`.
        pub fn parse(s: &str) -> Result<Time, FormatError> {
            const FORMAT: FormatError = FormatError { format: "time" };
            grammar(s, "time")?;
            let upper = s.to_ascii_uppercase();
            let (clock, offset) = match upper.strip_suffix('Z') {
                Some(clock) => (clock, FixedOffset::east_opt(0)),
                None => {
                    let at = upper.rfind(['+', '-']).ok_or(FORMAT)?;
                    let (clock, zone) = upper.split_at(at);
                    let sign = if zone.starts_with('-') { -1 } else { 1 };
                    let hours: i32 = zone[1..3].parse().map_err(|_| FORMAT)?;
                    let minutes: i32 = zone[4..6].parse().map_err(|_| FORMAT)?;
                    (
                        clock,
                        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)),
                    )
                }
            };
            let time = NaiveTime::parse_from_str(clock, "%H:%M:%S%.f").map_err(|_| FORMAT)?;
            Ok(Time {
                time,
                offset: offset.ok_or(FORMAT)?,
                text: s.into(),
            })
        }

        /// The time of day, as written (not moved to UTC).
        pub fn time(&self) -> NaiveTime {
            self.time
        }

        /// Its offset from UTC.
        pub fn offset(&self) -> FixedOffset {
            self.offset
        }
    }

    text_format!(Time, "time");
}

#[cfg(feature = "uuid")]
pub use ids::Uuid;

#[cfg(feature = "uuid")]
mod ids {
    use super::{fmt, grammar, FormatError};

    /// An RFC 4122 `uuid` in its hyphenated form (`2f1c...-...`), as JSON Schema's format
    /// has it.
    #[derive(Clone)]
    pub struct Uuid {
        value: uuid::Uuid,
        text: Box<str>,
    }

    impl Uuid {
        /// Reads a hyphenated UUID (either case).
        pub fn parse(s: &str) -> Result<Uuid, FormatError> {
            grammar(s, "uuid")?;
            let value = uuid::Uuid::try_parse(s).map_err(|_| FormatError { format: "uuid" })?;
            Ok(Uuid {
                value,
                text: s.into(),
            })
        }

        /// The uuid value.
        pub fn get(&self) -> &uuid::Uuid {
            &self.value
        }
    }

    /// Written hyphenated, in lower case.
    impl From<uuid::Uuid> for Uuid {
        fn from(value: uuid::Uuid) -> Uuid {
            let text = value.hyphenated().to_string().into();
            Uuid { value, text }
        }
    }

    impl std::ops::Deref for Uuid {
        type Target = uuid::Uuid;
        fn deref(&self) -> &uuid::Uuid {
            &self.value
        }
    }

    text_format!(Uuid, "uuid");
}

#[cfg(feature = "base64")]
pub use bytes::Base64;

#[cfg(feature = "base64")]
mod bytes {
    use super::{fmt, FormatError};
    use base64::Engine as _;

    /// OpenAPI's `format: byte`: bytes that travel as standard base64 (RFC 4648, with
    /// padding). Read strictly, so that writing them back gives the same text.
    #[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Base64(pub Vec<u8>);

    impl Base64 {
        /// Decodes standard base64.
        pub fn parse(s: &str) -> Result<Base64, FormatError> {
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .map(Base64)
                .map_err(|_| FormatError { format: "byte" })
        }

        /// The text it travels as.
        pub fn encode(&self) -> String {
            base64::engine::general_purpose::STANDARD.encode(&self.0)
        }
    }

    impl From<Vec<u8>> for Base64 {
        fn from(bytes: Vec<u8>) -> Base64 {
            Base64(bytes)
        }
    }

    impl std::ops::Deref for Base64 {
        type Target = [u8];
        fn deref(&self) -> &[u8] {
            &self.0
        }
    }

    impl fmt::Display for Base64 {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.encode())
        }
    }

    impl fmt::Debug for Base64 {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "Base64({} bytes)", self.0.len())
        }
    }

    impl std::str::FromStr for Base64 {
        type Err = FormatError;
        fn from_str(s: &str) -> Result<Base64, FormatError> {
            Base64::parse(s)
        }
    }

    impl serde::Serialize for Base64 {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&self.encode())
        }
    }

    impl<'de> serde::Deserialize<'de> for Base64 {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl serde::de::Visitor<'_> for Visitor {
                type Value = Base64;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a base64 string")
                }
                fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Base64, E> {
                    Base64::parse(s).map_err(E::custom)
                }
            }
            deserializer.deserialize_str(Visitor)
        }
    }

    #[cfg(feature = "schemars")]
    impl schemars::JsonSchema for Base64 {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> std::borrow::Cow<'static, str> {
            "Base64".into()
        }
        fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
            schemars::json_schema!({ "type": "string", "format": "byte" })
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "chrono")]
    #[test]
    fn dates_and_times_keep_their_text() {
        use super::{Date, DateTime, Time};
        for text in [
            "2024-03-01T12:30:00+05:30",
            "2024-03-01T12:30:00.500-08:00",
            "2024-03-01T12:30:00Z",
            "2024-03-01t12:30:00.5z",
            "1998-12-31T23:59:60Z",
        ] {
            let value = DateTime::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(serde_json::to_value(&value).unwrap(), text);
            let back: DateTime = serde_json::from_value(text.into()).unwrap();
            assert_eq!(back, value);
        }
        let value = DateTime::parse("2024-03-01T12:30:00+05:30").unwrap();
        assert_eq!(value.offset().local_minus_utc(), 5 * 3600 + 30 * 60);
        assert_eq!(value.timestamp(), 1_709_276_400);
        for bad in [
            "2024-03-01 12:30:00Z",
            "2024-02-30T12:30:00Z",
            "2024-03-01T12:30:00",
            "2024-03-01T22:59:60Z",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_value::<DateTime>(bad.into()).is_err(),
                "{bad}"
            );
        }
        let utc = chrono::DateTime::from_timestamp(1_709_296_200, 0).unwrap();
        assert_eq!(DateTime::from(utc).as_str(), "2024-03-01T12:30:00Z");

        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        let time = Time::parse("22:29:60-01:30").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(time.offset().local_minus_utc(), -5400);
        assert_eq!(serde_json::to_value(&time).unwrap(), "22:29:60-01:30");
        assert!(Time::parse("12:30:00").is_err(), "an offset is required");
    }

    #[cfg(feature = "uuid")]
    #[test]
    fn uuids_are_hyphenated_and_keep_their_case() {
        use super::Uuid;
        let text = "2EB8AA08-AA98-11EA-B4AA-73B441D16380";
        let value = Uuid::parse(text).unwrap();
        assert_eq!(serde_json::to_value(&value).unwrap(), text);
        assert_eq!(
            value.get().as_u128(),
            0x2eb8aa08_aa98_11ea_b4aa_73b441d16380
        );
        for bad in [
            "2eb8aa08aa9811eab4aa73b441d16380",
            "urn:uuid:2eb8aa08-aa98-11ea-b4aa-73b441d16380",
            "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}",
        ] {
            assert!(Uuid::parse(bad).is_err(), "{bad}");
        }
    }

    #[cfg(feature = "base64")]
    #[test]
    fn bytes_travel_as_padded_base64() {
        use super::Base64;
        let value: Base64 = serde_json::from_value("aGk=".into()).unwrap();
        assert_eq!(&*value, b"hi");
        assert_eq!(serde_json::to_value(&value).unwrap(), "aGk=");
        for bad in ["aGk", "aGk=\n", "aG!=", "aGl=", "a===", "=aGk"] {
            assert!(Base64::parse(bad).is_err(), "{bad}");
            assert!(!crate::check::is_format(bad, "byte"), "{bad}");
        }
        for good in ["", "aGk=", "aGVsbG8=", "AAECAw==", "+/+/"] {
            assert!(Base64::parse(good).is_ok(), "{good}");
            assert!(crate::check::is_format(good, "byte"), "{good}");
        }
        assert_eq!(format!("{value:?}"), "Base64(2 bytes)");
    }
}
