//! The Rust types of string formats: `date-time`, `date` and `time` (chrono, feature
//! `chrono`, or jiff in `formats::jiff`, feature `jiff`), `duration` ([`Duration`], no
//! crate, or jiff's), `uuid` (feature `uuid`) and OpenAPI's `byte` (base64, feature `base64`).
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
fn grammar(s: &str, format: &'static str) -> Result<(), FormatError> {
    match crate::check::is_format(s, format) {
        true => Ok(()),
        false => Err(FormatError { format }),
    }
}

/// Splits the `time-offset` off a `full-time` or `date-time` that the grammar accepted: the
/// text before it, and the offset in seconds east of UTC (`Z`, `z` and `-00:00` are 0).
#[cfg(any(feature = "chrono", feature = "jiff"))]
fn split_offset(s: &str) -> Option<(&str, i32)> {
    if let Some(local) = s.strip_suffix(['Z', 'z']) {
        return Some((local, 0));
    }
    let (local, zone) = s.split_at(s.rfind(['+', '-'])?);
    let hours: i32 = zone.get(1..3)?.parse().ok()?;
    let minutes: i32 = zone.get(4..6)?.parse().ok()?;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    Some((local, sign * (hours * 3600 + minutes * 60)))
}

pub use duration::Duration;

mod duration {
    use super::{fmt, grammar, FormatError};

    const FORMAT: FormatError = FormatError { format: "duration" };

    /// An RFC 3339 (Appendix A) ISO 8601 `duration` (`P1Y2M3DT4H5M6S`, `P2W`), read into
    /// its components. The grammar has whole numbers only: no fractions, no sign.
    #[derive(Clone)]
    pub struct Duration {
        /// Years, months, weeks, days, hours, minutes, seconds.
        parts: [u64; 7],
        text: Box<str>,
    }

    impl Duration {
        /// Reads a `duration`; a component too large for a `u64` is an error.
        pub fn parse(s: &str) -> Result<Duration, FormatError> {
            grammar(s, "duration")?;
            let mut parts = [0; 7];
            let (mut time, mut start) = (false, 1);
            for (at, b) in s.bytes().enumerate().skip(1) {
                let slot = match (b, time) {
                    (b'0'..=b'9', _) => continue,
                    (b'T', _) => {
                        (time, start) = (true, at + 1);
                        continue;
                    }
                    (b'Y', false) => 0,
                    (b'M', false) => 1,
                    (b'W', false) => 2,
                    (b'D', false) => 3,
                    (b'H', true) => 4,
                    (b'M', true) => 5,
                    (b'S', true) => 6,
                    _ => return Err(FORMAT),
                };
                parts[slot] = s[start..at].parse().map_err(|_| FORMAT)?;
                start = at + 1;
            }
            Ok(Duration {
                parts,
                text: s.into(),
            })
        }

        /// `secs` seconds, written `PT<secs>S` (`PT90S`, not `PT1M30S`: minutes and hours
        /// are nominal units, seconds are what was given).
        pub fn from_secs(secs: u64) -> Duration {
            let mut parts = [0; 7];
            parts[6] = secs;
            Duration {
                parts,
                text: format!("PT{secs}S").into(),
            }
        }

        /// The years (`Y`).
        pub fn years(&self) -> u64 {
            self.parts[0]
        }

        /// The months (`M` before `T`).
        pub fn months(&self) -> u64 {
            self.parts[1]
        }

        /// The weeks (`W`, which the grammar allows only alone).
        pub fn weeks(&self) -> u64 {
            self.parts[2]
        }

        /// The days (`D`).
        pub fn days(&self) -> u64 {
            self.parts[3]
        }

        /// The hours (`H`).
        pub fn hours(&self) -> u64 {
            self.parts[4]
        }

        /// The minutes (`M` after `T`).
        pub fn minutes(&self) -> u64 {
            self.parts[5]
        }

        /// The seconds (`S`).
        pub fn seconds(&self) -> u64 {
            self.parts[6]
        }

        /// As an exact length of time, taking a week as 7 days and a day as 24 hours
        /// (nominal: no daylight-saving days, no leap seconds). `None` with years or months,
        /// whose lengths depend on the date they start from, or past `u64::MAX` seconds.
        pub fn to_std(&self) -> Option<std::time::Duration> {
            let [years, months, weeks, days, hours, minutes, seconds] = self.parts;
            if years != 0 || months != 0 {
                return None;
            }
            let secs = [
                (weeks, 7 * 86_400),
                (days, 86_400),
                (hours, 3_600),
                (minutes, 60),
                (seconds, 1),
            ]
            .into_iter()
            .try_fold(0u64, |sum, (n, unit)| sum.checked_add(n.checked_mul(unit)?))?;
            Some(std::time::Duration::from_secs(secs))
        }
    }

    /// Whole seconds only, as [`Duration::from_secs`]: the grammar has no fractions, so a
    /// sub-second part is an error rather than silently dropped.
    impl TryFrom<std::time::Duration> for Duration {
        type Error = FormatError;
        fn try_from(value: std::time::Duration) -> Result<Duration, FormatError> {
            match value.subsec_nanos() {
                0 => Ok(Duration::from_secs(value.as_secs())),
                _ => Err(FORMAT),
            }
        }
    }

    text_format!(Duration, "duration");

    /// Writes a `duration` of the date units `[Y, M, D]` and time units `[H, M, S]`: each
    /// run from the first non-zero unit to the last, with zeros between (the grammar has no
    /// gaps, `P1Y3D` must be `P1Y0M3D`), and `PT0S` when all are zero.
    #[cfg(feature = "jiff")]
    pub(super) fn write(date: [u64; 3], time: [u64; 3]) -> String {
        use fmt::Write as _;
        fn run(out: &mut String, values: [u64; 3], units: [char; 3]) {
            let (Some(first), Some(last)) = (
                values.iter().position(|&n| n != 0),
                values.iter().rposition(|&n| n != 0),
            ) else {
                return;
            };
            for (n, unit) in values.iter().zip(units).take(last + 1).skip(first) {
                let _ = write!(out, "{n}{unit}");
            }
        }
        let mut out = String::from("P");
        run(&mut out, date, ['Y', 'M', 'D']);
        if time != [0; 3] || out.len() == 1 {
            out.push('T');
            match time {
                [0, 0, 0] => out.push_str("0S"),
                _ => run(&mut out, time, ['H', 'M', 'S']),
            }
        }
        out
    }
}

#[cfg(feature = "chrono")]
pub use dates::{Date, DateTime, Time};

#[cfg(feature = "chrono")]
mod dates {
    use super::{fmt, grammar, split_offset, FormatError};
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
            let (clock, offset) = split_offset(s).ok_or(FORMAT)?;
            let time = NaiveTime::parse_from_str(clock, "%H:%M:%S%.f").map_err(|_| FORMAT)?;
            Ok(Time {
                time,
                offset: FixedOffset::east_opt(offset).ok_or(FORMAT)?,
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

/// `date-time`, `date`, `time` and `duration` as jiff values (feature `jiff`), for bindings
/// whose generator `Config` chooses jiff over chrono and the crate-free [`Duration`].
///
/// Read as the chrono types are (grammar first, then jiff; `t` and `z` in either case) and
/// keeping their text, within jiff's ranges: a `date-time` later than
/// `9999-12-30T22:00:00.999999999Z` (jiff's last `Timestamp`) or a `duration` past a
/// [`Span`](::jiff::Span) unit's limit (19,998 years, 7,304,484 days, ...) is a
/// [`FormatError`]. jiff clamps a leap second (`23:59:60`) to `23:59:59` in the value; the
/// text keeps the `60`. Fraction digits past nine (nanoseconds) are dropped from the value,
/// as chrono drops them. Conversions from jiff values are `TryFrom`: jiff's years run from
/// -9999, its offsets have seconds and its spans signs and fractions, none of which RFC 3339
/// can write.
#[cfg(feature = "jiff")]
pub mod jiff {
    use super::{fmt, grammar, split_offset, FormatError};
    use ::jiff::{civil, tz::Offset, Span, Timestamp, Zoned};

    /// The `local` part of a `date-time` or `full-time` with at most nine fraction digits,
    /// all jiff reads (the grammar allows any number; the fraction ends `local`).
    fn nine_digits(local: &str) -> &str {
        match local.find('.') {
            Some(dot) => &local[..local.len().min(dot + 10)],
            None => local,
        }
    }

    /// Reads `local` as `T` and `offset` as a jiff `Offset`, `format`'s error otherwise.
    fn local_and_offset<T: std::str::FromStr>(
        local: &str,
        offset: i32,
        format: FormatError,
    ) -> Result<(T, Offset), FormatError> {
        let value = nine_digits(local).parse().map_err(|_| format.clone())?;
        let offset = Offset::from_seconds(offset).map_err(|_| format)?;
        Ok((value, offset))
    }

    /// An RFC 3339 `date-time`: a jiff `Timestamp` with the offset it was written with.
    #[derive(Clone)]
    pub struct DateTime {
        timestamp: Timestamp,
        offset: Offset,
        text: Box<str>,
    }

    impl DateTime {
        /// Reads an RFC 3339 `date-time` (`2024-03-01T12:30:00+05:30`).
        pub fn parse(s: &str) -> Result<DateTime, FormatError> {
            const FORMAT: FormatError = FormatError {
                format: "date-time",
            };
            grammar(s, "date-time")?;
            let (local, offset) = split_offset(s).ok_or(FORMAT)?;
            let (local, offset) = local_and_offset::<civil::DateTime>(local, offset, FORMAT)?;
            Ok(DateTime {
                timestamp: offset.to_timestamp(local).map_err(|_| FORMAT)?,
                offset,
                text: s.into(),
            })
        }

        /// The instant.
        pub fn timestamp(&self) -> Timestamp {
            self.timestamp
        }

        /// The offset it was written with (`Z` and `-00:00` are UTC).
        pub fn offset(&self) -> Offset {
            self.offset
        }

        /// The instant in its written offset, as a fixed-offset `Zoned`: the civil date and
        /// time as written (a leap second as `:59`).
        pub fn zoned(&self) -> Zoned {
            self.timestamp.to_zoned(self.offset.to_time_zone())
        }
    }

    /// Written in RFC 3339 with `Z` and as many fraction digits as it needs; an error for
    /// years before 0000, which RFC 3339 cannot write.
    impl TryFrom<Timestamp> for DateTime {
        type Error = FormatError;
        fn try_from(timestamp: Timestamp) -> Result<DateTime, FormatError> {
            let text = timestamp.to_string();
            grammar(&text, "date-time")?;
            Ok(DateTime {
                timestamp,
                offset: Offset::UTC,
                text: text.into(),
            })
        }
    }

    /// Written in RFC 3339 with its offset (`Z` for UTC), without the time zone's name; an
    /// error for an offset with seconds (RFC 3339 has minutes only) or a year before 0000.
    impl TryFrom<&Zoned> for DateTime {
        type Error = FormatError;
        fn try_from(zoned: &Zoned) -> Result<DateTime, FormatError> {
            const FORMAT: FormatError = FormatError {
                format: "date-time",
            };
            let (timestamp, offset) = (zoned.timestamp(), zoned.offset());
            let text = match offset.seconds() {
                0 => timestamp.to_string(),
                s if s % 60 == 0 => timestamp.display_with_offset(offset).to_string(),
                _ => return Err(FORMAT),
            };
            grammar(&text, "date-time")?;
            Ok(DateTime {
                timestamp,
                offset,
                text: text.into(),
            })
        }
    }

    /// As from a `&Zoned`.
    impl TryFrom<Zoned> for DateTime {
        type Error = FormatError;
        fn try_from(zoned: Zoned) -> Result<DateTime, FormatError> {
            DateTime::try_from(&zoned)
        }
    }

    impl std::ops::Deref for DateTime {
        type Target = Timestamp;
        fn deref(&self) -> &Timestamp {
            &self.timestamp
        }
    }

    text_format!(DateTime, "date-time");

    /// An RFC 3339 `full-date` (`2024-03-01`).
    #[derive(Clone)]
    pub struct Date {
        value: civil::Date,
        text: Box<str>,
    }

    impl Date {
        /// Reads an RFC 3339 `full-date`.
        pub fn parse(s: &str) -> Result<Date, FormatError> {
            grammar(s, "date")?;
            let value = s.parse().map_err(|_| FormatError { format: "date" })?;
            Ok(Date {
                value,
                text: s.into(),
            })
        }

        /// The jiff value.
        pub fn get(&self) -> civil::Date {
            self.value
        }
    }

    /// Written `YYYY-MM-DD`; an error for years before 0000, which RFC 3339 cannot write.
    impl TryFrom<civil::Date> for Date {
        type Error = FormatError;
        fn try_from(value: civil::Date) -> Result<Date, FormatError> {
            let text = value.to_string();
            grammar(&text, "date")?;
            Ok(Date {
                value,
                text: text.into(),
            })
        }
    }

    impl std::ops::Deref for Date {
        type Target = civil::Date;
        fn deref(&self) -> &civil::Date {
            &self.value
        }
    }

    text_format!(Date, "date");

    /// An RFC 3339 `full-time` (`12:30:00+05:30`): a time of day and its offset.
    #[derive(Clone)]
    pub struct Time {
        time: civil::Time,
        offset: Offset,
        text: Box<str>,
    }

    impl Time {
        /// Reads an RFC 3339 `full-time`.
        pub fn parse(s: &str) -> Result<Time, FormatError> {
            const FORMAT: FormatError = FormatError { format: "time" };
            grammar(s, "time")?;
            let (clock, offset) = split_offset(s).ok_or(FORMAT)?;
            let (time, offset) = local_and_offset(clock, offset, FORMAT)?;
            Ok(Time {
                time,
                offset,
                text: s.into(),
            })
        }

        /// The time of day, as written (not moved to UTC; a leap second as `:59`).
        pub fn time(&self) -> civil::Time {
            self.time
        }

        /// Its offset from UTC.
        pub fn offset(&self) -> Offset {
            self.offset
        }
    }

    text_format!(Time, "time");

    /// An RFC 3339 (Appendix A) ISO 8601 `duration` as a jiff `Span`.
    #[derive(Clone)]
    pub struct Duration {
        value: Span,
        text: Box<str>,
    }

    impl Duration {
        /// Reads a `duration` (`P1Y2M3DT4H5M6S`, `P2W`).
        pub fn parse(s: &str) -> Result<Duration, FormatError> {
            grammar(s, "duration")?;
            let value = s.parse().map_err(|_| FormatError { format: "duration" })?;
            Ok(Duration {
                value,
                text: s.into(),
            })
        }

        /// The jiff value.
        pub fn get(&self) -> Span {
            self.value
        }
    }

    /// Written in the grammar's ISO 8601 form, which jiff's own `Display` is not (`P1Y3D`,
    /// `P1W2D`, `PT1.5S`, `-P1D`): zeros fill gaps (`P1Y0M3D`), weeks with other units
    /// become days (a week is always 7 days), and the value is then what that text reads
    /// as. An error for a negative span, a sub-second part or a unit past jiff's limit.
    impl TryFrom<Span> for Duration {
        type Error = FormatError;
        fn try_from(span: Span) -> Result<Duration, FormatError> {
            const FORMAT: FormatError = FormatError { format: "duration" };
            let sub_second = [
                span.get_milliseconds(),
                span.get_microseconds(),
                span.get_nanoseconds(),
            ];
            if span.is_negative() || sub_second != [0; 3] {
                return Err(FORMAT);
            }
            let unit = |n: i64| u64::try_from(n).map_err(|_| FORMAT);
            let weeks = unit(span.get_weeks().into())?;
            let date = [
                unit(span.get_years().into())?,
                unit(span.get_months().into())?,
                unit(span.get_days().into())?,
            ];
            let time = [
                unit(span.get_hours().into())?,
                unit(span.get_minutes())?,
                unit(span.get_seconds())?,
            ];
            let text = if weeks != 0 && date == [0; 3] && time == [0; 3] {
                format!("P{weeks}W")
            } else {
                super::duration::write([date[0], date[1], date[2] + 7 * weeks], time)
            };
            Duration::parse(&text)
        }
    }

    impl std::ops::Deref for Duration {
        type Target = Span;
        fn deref(&self) -> &Span {
            &self.value
        }
    }

    text_format!(Duration, "duration");
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "chrono")]
    #[test]
    fn dates_and_times_keep_their_text() {
        use super::{Date, DateTime, Time};
        for text in [
            "2024-03-01T12:30:00+05:30",
            "2024-03-01T12:30:00.500+05:30",
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
        let lower = Time::parse("12:30:00.5z").unwrap();
        assert_eq!(lower.offset().local_minus_utc(), 0);
        assert_eq!(lower.as_str(), "12:30:00.5z");
    }

    #[test]
    fn durations_keep_their_text_and_components() {
        use super::Duration;
        for text in [
            "P1Y2M3DT4H5M6S",
            "P2W",
            "PT36H",
            "P1Y0M3D",
            "PT0S",
            "P0D",
            "P1M",
        ] {
            let value = Duration::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(serde_json::to_value(&value).unwrap(), text);
            let back: Duration = serde_json::from_value(text.into()).unwrap();
            assert_eq!(back, value);
        }
        let value = Duration::parse("P1Y2M3DT4H5M6S").unwrap();
        let parts = [
            value.years(),
            value.months(),
            value.weeks(),
            value.days(),
            value.hours(),
            value.minutes(),
            value.seconds(),
        ];
        assert_eq!(parts, [1, 2, 0, 3, 4, 5, 6]);
        assert_eq!(value.to_std(), None, "months have no fixed length");
        let minutes = Duration::parse("PT5M").unwrap();
        assert_eq!((minutes.months(), minutes.minutes()), (0, 5));
        let std = |s: &str| Duration::parse(s).unwrap().to_std();
        assert_eq!(
            std("P2W"),
            Some(std::time::Duration::from_secs(14 * 86_400))
        );
        assert_eq!(
            std("P1DT1H1M1S"),
            Some(std::time::Duration::from_secs(90_061))
        );
        assert_eq!(std("PT18446744073709551615S").unwrap().as_secs(), u64::MAX);
        assert_eq!(std("PT18446744073709551615M"), None, "overflows");
        assert_eq!(std("P1Y"), None);
        for bad in [
            "P",
            "PT",
            "P1Y2M3DT",
            "P1W2D",
            "P1Y3D",
            "PT1H5S",
            "PT1.5S",
            "-P1D",
            "p1d",
            "P18446744073709551616D",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_value::<Duration>(bad.into()).is_err(),
                "{bad}"
            );
        }
        assert_eq!(Duration::from_secs(90).as_str(), "PT90S");
        let whole = std::time::Duration::from_secs(90);
        assert_eq!(Duration::try_from(whole).unwrap(), Duration::from_secs(90));
        assert!(Duration::try_from(std::time::Duration::from_millis(1500)).is_err());
        assert_eq!(
            format!("{:?}", Duration::from_secs(0)),
            "Duration(\"PT0S\")"
        );
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_dates_and_times_keep_their_text() {
        use super::jiff::{Date, DateTime, Time};
        use ::jiff::{civil, tz::Offset, Timestamp};
        for text in [
            "2024-03-01T12:30:00+05:30",
            "2024-03-01T12:30:00.500+05:30",
            "2024-03-01T12:30:00.500-08:00",
            "2024-03-01T12:30:00Z",
            "2024-03-01t12:30:00.5z",
            "2024-03-01T12:30:00-00:00",
            "1998-12-31T23:59:60Z",
            "0000-01-01T00:00:00+23:59",
        ] {
            let value = DateTime::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(serde_json::to_value(&value).unwrap(), text);
            let back: DateTime = serde_json::from_value(text.into()).unwrap();
            assert_eq!(back, value);
        }
        let value = DateTime::parse("2024-03-01T12:30:00.500+05:30").unwrap();
        assert_eq!(value.offset().seconds(), 5 * 3600 + 30 * 60);
        assert_eq!(
            value.timestamp(),
            Timestamp::new(1_709_276_400, 500_000_000).unwrap()
        );
        assert_eq!(
            value.zoned().datetime(),
            civil::datetime(2024, 3, 1, 12, 30, 0, 500_000_000)
        );
        let lower = DateTime::parse("2024-03-01t12:30:00.5z").unwrap();
        assert_eq!(
            (lower.as_second(), lower.offset()),
            (1_709_296_200, Offset::UTC)
        );
        // jiff has no second 60: the value is :59, the text keeps :60.
        let leap = DateTime::parse("1998-12-31T23:59:60.25Z").unwrap();
        assert_eq!(
            leap.timestamp(),
            Timestamp::new(915_148_799, 250_000_000).unwrap()
        );
        assert_eq!(leap.as_str(), "1998-12-31T23:59:60.25Z");
        let long = DateTime::parse("2024-03-01T12:30:00.1234567891Z").unwrap();
        assert_eq!(long.subsec_nanosecond(), 123_456_789);
        for bad in [
            "2024-03-01 12:30:00Z",
            "2024-02-30T12:30:00Z",
            "2024-03-01T12:30:00",
            "2024-03-01T22:59:60Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_value::<DateTime>(bad.into()).is_err(),
                "{bad}"
            );
        }

        let utc = Timestamp::new(1_709_296_200, 500_000_000).unwrap();
        assert_eq!(
            DateTime::try_from(utc).unwrap().as_str(),
            "2024-03-01T12:30:00.5Z"
        );
        assert!(
            DateTime::try_from(Timestamp::MIN).is_err(),
            "a negative year"
        );
        let india = utc.to_zoned(Offset::from_seconds(19_800).unwrap().to_time_zone());
        let written = DateTime::try_from(&india).unwrap();
        assert_eq!(written.as_str(), "2024-03-01T18:00:00.5+05:30");
        assert_eq!(DateTime::parse(written.as_str()).unwrap().timestamp(), utc);
        let zero = utc.to_zoned(Offset::UTC.to_time_zone());
        assert_eq!(
            DateTime::try_from(zero).unwrap().as_str(),
            "2024-03-01T12:30:00.5Z"
        );
        let lmt = utc.to_zoned(Offset::from_seconds(561).unwrap().to_time_zone());
        assert!(DateTime::try_from(&lmt).is_err(), "an offset with seconds");

        let date = Date::parse("2024-02-29").unwrap();
        assert_eq!(date.get(), civil::date(2024, 2, 29));
        assert_eq!(date.to_string(), "2024-02-29");
        for bad in ["2024-02-30", "2023-02-29", "2024-3-01", "+2024-03-01"] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        let written = Date::try_from(civil::date(7, 3, 1)).unwrap();
        assert_eq!(written.as_str(), "0007-03-01");
        assert!(Date::try_from(civil::date(-1, 3, 1)).is_err());

        let time = Time::parse("22:29:60-01:30").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(time.offset().seconds(), -5400);
        assert_eq!(time.time(), civil::time(22, 29, 59, 0));
        assert_eq!(serde_json::to_value(&time).unwrap(), "22:29:60-01:30");
        let time = Time::parse("12:30:00.500z").unwrap();
        assert_eq!(
            (time.time(), time.offset()),
            (civil::time(12, 30, 0, 500_000_000), Offset::UTC)
        );
        assert_eq!(time.as_str(), "12:30:00.500z");
        assert!(Time::parse("12:30:00").is_err(), "an offset is required");
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_durations_are_spans_in_the_grammar() {
        use super::jiff::Duration;
        use ::jiff::{Span, ToSpan as _};
        let value = Duration::parse("P1Y2M3DT4H5M6S").unwrap();
        assert_eq!(
            value.get().fieldwise(),
            1.year().months(2).days(3).hours(4).minutes(5).seconds(6)
        );
        assert_eq!(value.to_string(), "P1Y2M3DT4H5M6S");
        assert_eq!(Duration::parse("P2W").unwrap().get_weeks(), 2);
        for bad in ["P", "PT", "P1Y2M3DT", "P1W2D", "PT1.5S", "-P1D", "P19999Y"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_value::<Duration>(bad.into()).is_err(),
                "{bad}"
            );
        }
        let write = |span: Span| Duration::try_from(span).map(|d| d.to_string());
        assert_eq!(write(1.year().days(3)).unwrap(), "P1Y0M3D");
        assert_eq!(write(1.hour().seconds(5)).unwrap(), "PT1H0M5S");
        assert_eq!(write(2.weeks()).unwrap(), "P2W");
        assert_eq!(write(1.week().days(2)).unwrap(), "P9D");
        assert_eq!(write(1.month().hours(1)).unwrap(), "P1MT1H");
        assert_eq!(write(Span::new()).unwrap(), "PT0S");
        for bad in [
            1.day().negate(),
            1.second().milliseconds(500),
            1.nanosecond(),
        ] {
            assert!(Duration::try_from(bad).is_err(), "{bad}");
        }
        // 7,304,484 days is jiff's limit: more, with weeks folded in, is not readable.
        assert!(Duration::try_from(1.week().days(7_304_484)).is_err());
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
