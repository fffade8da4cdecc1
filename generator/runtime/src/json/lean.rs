//! `lean`: the JSON reader of `from_json`'s lean path, a `serde` deserializer over the
//! text with a zero-sized error.
//!
//! The lean path only asks "does this text make a valid value, and which?": when it says
//! no, the diagnosing path parses the text again and reports every violation. Through
//! `serde_json`, every "no" cost an error with a formatted message, a search of that
//! message for a position, and two boxes, which was most of the cost of a small invalid
//! document. This reader gives up with `Fail`, which costs nothing.
//!
//! It is also exactly as strict as the schema is about shapes, where plain serde is not:
//! structs come only from objects (not arrays), unit enums only from one of their strings
//! (not `{"variant": null}`), and `null` reaches an `Option` only under a property whose
//! every declaration allows `null`. Whatever it accepts, `serde_json` accepts too, with
//! the same values (floats are rounded correctly); when in doubt it gives up, and the
//! diagnosing path decides.

use super::tree::{Node, Stack};
use super::Json;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Reads JSON text into `T`; `nullable` names the properties where `null` may
/// stand for `None`. `None` when the text is not JSON, not a `T`, or anything
/// this reader does not take on (the diagnosing path decides then).
pub fn from_str<T: de::DeserializeOwned>(
    json: &str,
    nullable: &'static [&'static str],
) -> Option<T> {
    read(json, nullable, std::marker::PhantomData::<T>)
}

/// Reads a JSON array of `T` one item at a time, each checked by `each` and then dropped:
/// what `from_str::<Vec<T>>` followed by `.iter().all(each)` decides, without keeping the
/// items (only validating, a whole array of typed values is allocations and no use). How many
/// items there are; `None` when `from_str` would give `None` or an item fails `each`.
pub fn items<T, F>(json: &str, nullable: &'static [&'static str], each: F) -> Option<usize>
where
    T: de::DeserializeOwned,
    F: FnMut(&T) -> bool,
{
    read(json, nullable, Each(each, std::marker::PhantomData::<T>))
}

/// The array of [`items`]: each item read as `Vec<T>` reads it, checked and dropped.
struct Each<F, T>(F, std::marker::PhantomData<T>);

impl<'de, T: de::Deserialize<'de>, F: FnMut(&T) -> bool> DeserializeSeed<'de> for Each<F, T> {
    type Value = usize;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: de::Deserialize<'de>, F: FnMut(&T) -> bool> Visitor<'de> for Each<F, T> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while let Some(item) = seq.next_element::<T>()? {
            if !(self.0)(&item) {
                return Err(de::Error::custom("an item fails its checks"));
            }
            n += 1;
        }
        Ok(n)
    }
}

/// Reads JSON text through `seed`.
#[inline]
pub fn read<'de, S: DeserializeSeed<'de>>(
    json: &'de str,
    nullable: &'static [&'static str],
    seed: S,
) -> Option<S::Value> {
    let mut reader = Reader {
        text: json,
        pos: 0,
        depth: DEPTH,
        keys: nullable,
        nullable: Under::Nothing,
    };
    let value = seed.deserialize(&mut reader);
    // Only spaces may follow (checked after the value, which is then moved only once).
    reader.skip_space();
    if reader.pos != json.len() {
        return None;
    }
    value.ok()
}

/// Reads JSON text into the diagnosing path's tree, straight from the reader (what
/// `read` with the tree's `Node` seed gives, without serde's steps between them).
pub(super) fn tree<'de>(json: &'de str, stack: &mut Stack<'de>) -> Option<Json<'de>> {
    let mut reader = Reader {
        text: json,
        pos: 0,
        depth: DEPTH,
        keys: &[],
        nullable: Under::Nothing,
    };
    let value = reader.tree(stack).ok()?;
    reader.skip_space();
    (reader.pos == json.len()).then_some(value)
}

impl<'de> Reader<'de> {
    /// One value of the tree.
    fn tree(&mut self, stack: &mut Stack<'de>) -> Result<Json<'de>, Fail> {
        match self.value_start()? {
            b'"' => Ok(Json::String(match self.string()? {
                Text::Borrowed(s) => Cow::Borrowed(s),
                Text::Owned(s) => Cow::Owned(s),
            })),
            b'{' => {
                self.open()?;
                let mut object = stack.object();
                let mut first = true;
                while self.next_key(&mut first)? {
                    let key = match self.string()? {
                        Text::Borrowed(s) => Cow::Borrowed(s),
                        Text::Owned(s) => Cow::Owned(s),
                    };
                    if self.text.as_bytes().get(self.pos) != Some(&b':') {
                        self.skip_space();
                        if self.text.as_bytes().get(self.pos) != Some(&b':') {
                            return Err(Fail);
                        }
                    }
                    self.pos += 1;
                    let value = self.tree(stack)?;
                    stack.member(&mut object, key, value);
                }
                self.close(b'}')?;
                Ok(stack.close_object(object))
            }
            b'[' => {
                self.open()?;
                let start = stack.array();
                let mut first = true;
                while self.next_member(&mut first, b']')? {
                    let item = self.tree(stack)?;
                    stack.item(item);
                }
                self.close(b']')?;
                Ok(stack.close_array(start))
            }
            b'-' | b'0'..=b'9' => self.number(Node(stack)),
            b'n' => {
                self.word("null")?;
                Ok(Json::Null)
            }
            b't' => {
                self.word("true")?;
                Ok(Json::Bool(true))
            }
            b'f' => {
                self.word("false")?;
                Ok(Json::Bool(false))
            }
            _ => Err(Fail),
        }
    }
}

/// Nesting deeper than `serde_json` reads is left to the diagnosing path.
const DEPTH: u32 = 127;

/// Why the lean path gave up, or an untagged union's alternative did not read its value
/// (`replay`). Its reason does not matter (the diagnosing path reports everything, the
/// next alternative tries), so it costs nothing to make.
#[derive(Debug)]
pub(crate) struct Fail;

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not on the lean path")
    }
}

impl std::error::Error for Fail {}

impl de::Error for Fail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Fail
    }
}

struct Reader<'de> {
    text: &'de str,
    pos: usize,
    /// How many more arrays and objects may open.
    depth: u32,
    /// The properties where `null` may stand for `None`.
    keys: &'static [&'static str],
    /// The property the value about to be read sits under, if any: whether it is one of
    /// `keys` is asked only when that value is `null`.
    nullable: Under<'de>,
}

/// What the value about to be read sits under, for `null` as `None`.
#[derive(Clone, Copy)]
enum Under<'de> {
    /// No property whose `null` may stand for `None`.
    Nothing,
    /// One of the reader's `keys` (a name with escapes, looked up at once).
    Nullable,
    /// The property of this (borrowed) name, looked up when its value is `null`.
    Key(&'de str),
}

/// A string: borrowed from the text, or decoded when it has escapes.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Text<'de> {
    fn visit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        match self {
            Text::Borrowed(s) => v.visit_borrowed_str(s),
            Text::Owned(s) => v.visit_string(s),
        }
    }
}

impl<'de> Reader<'de> {
    #[inline(always)]
    fn skip_space(&mut self) {
        let bytes = self.text.as_bytes();
        // Compact JSON has no space: one comparison then.
        if bytes.get(self.pos).is_none_or(|&b| b > b' ') {
            return;
        }
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The first byte of the next value; a value is read from here on, so
    /// the `null` allowance of the property it sits under is used up.
    #[inline(always)]
    fn value_start(&mut self) -> Result<u8, Fail> {
        self.nullable = Under::Nothing;
        let first = *self.text.as_bytes().get(self.pos).ok_or(Fail)?;
        if first > b' ' {
            return Ok(first);
        }
        self.skip_space();
        self.text.as_bytes().get(self.pos).copied().ok_or(Fail)
    }

    #[inline]
    fn word(&mut self, word: &str) -> Result<(), Fail> {
        if self
            .text
            .as_bytes()
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
        {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Fail)
        }
    }

    /// Reads a string, its opening quote next. The usual string, ASCII without escapes,
    /// is borrowed here; any other out of line (`rest`).
    #[inline(always)]
    fn string(&mut self) -> Result<Text<'de>, Fail> {
        let bytes = self.text.as_bytes();
        self.pos += 1;
        let start = self.pos;
        self.pos = plain(bytes, self.pos);
        if bytes.get(self.pos) == Some(&b'"') {
            let s = self.text.get(start..self.pos).ok_or(Fail)?;
            self.pos += 1;
            return Ok(Text::Borrowed(s));
        }
        self.rest(start)
    }

    /// The rest of a string whose ASCII run from `start` stopped short of its closing
    /// quote: past other characters, then borrowed, or decoded when it has escapes.
    #[cold]
    #[inline(never)]
    fn rest(&mut self, start: usize) -> Result<Text<'de>, Fail> {
        let bytes = self.text.as_bytes();
        self.pos = plain_text(bytes, self.pos);
        if bytes.get(self.pos) == Some(&b'"') {
            let s = self.text.get(start..self.pos).ok_or(Fail)?;
            self.pos += 1;
            return Ok(Text::Borrowed(s));
        }
        self.escaped(start)
    }

    /// The rest of a string whose run from `start` stopped at an escape (or anything else
    /// that is not its closing quote, which fails).
    fn escaped(&mut self, start: usize) -> Result<Text<'de>, Fail> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) != Some(&b'\\') {
            return Err(Fail);
        }
        let mut out = String::from(self.text.get(start..self.pos).ok_or(Fail)?);
        loop {
            let run = self.pos;
            self.pos = plain_text(bytes, self.pos);
            out.push_str(self.text.get(run..self.pos).ok_or(Fail)?);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Text::Owned(out));
                }
                Some(b'\\') => {
                    let escaped = *bytes.get(self.pos + 1).ok_or(Fail)?;
                    self.pos += 2;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(Fail),
                    });
                }
                _ => return Err(Fail),
            }
        }
    }

    /// The character of a `\u` escape (a surrogate pair takes two); a lone
    /// surrogate is left to the diagnosing path.
    #[inline]
    fn unicode_escape(&mut self) -> Result<char, Fail> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            self.word("\\u")?;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(Fail);
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or(Fail)
    }

    #[inline]
    fn hex4(&mut self) -> Result<u32, Fail> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or(Fail)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Fail);
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| Fail)
    }

    /// Reads a number as `serde_json` hands it over: a non-negative integer as
    /// `u64`, a negative one as `i64`, anything else (fractions, exponents,
    /// integers out of range, `-0`) as `f64`, of the same value as `serde_json`'s.
    fn number<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Fail> {
        if let Some(n) = self.plain_integer() {
            return v.visit_u64(n);
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let negative = bytes[self.pos] == b'-';
        if negative {
            self.pos += 1;
        }
        let digits = self.pos;
        let mut integer: Option<u64> = Some(0);
        while let Some(&b) = bytes.get(self.pos).filter(|b| b.is_ascii_digit()) {
            integer = integer.and_then(|n| n.checked_mul(10)?.checked_add(u64::from(b - b'0')));
            self.pos += 1;
        }
        let count = self.pos - digits;
        if count == 0 || (count > 1 && bytes[digits] == b'0') {
            return Err(Fail);
        }
        let mut float = false;
        let mut fraction = 0;
        if bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            float = true;
            fraction = self.digits()?;
        }
        let mantissa = &bytes[digits..self.pos];
        let mut exponent: i64 = 0;
        if let Some(b'e' | b'E') = bytes.get(self.pos) {
            self.pos += 1;
            float = true;
            let negative = bytes.get(self.pos) == Some(&b'-');
            if let Some(b'+' | b'-') = bytes.get(self.pos) {
                self.pos += 1;
            }
            let from = self.pos;
            self.digits()?;
            // Only its size matters (see `exact`): a huge one saturates.
            let written = self.text[from..self.pos].parse::<i64>().unwrap_or(i64::MAX);
            exponent = if negative { -written } else { written };
        }
        match integer {
            Some(n) if !float && !negative => return v.visit_u64(n),
            Some(n) if !float && n != 0 && n <= 1 << 63 => {
                return v.visit_i64((n as i64).wrapping_neg())
            }
            _ => {}
        }
        let text = &self.text[start..self.pos];
        let x: f64 = if let Some(x) = fast_float(mantissa, fraction, exponent) {
            if negative {
                -x
            } else {
                x
            }
        } else if exact(mantissa, fraction, exponent) {
            text.parse().map_err(|_| Fail)?
        } else {
            serde_json::from_str(text).map_err(|_| Fail)?
        };
        if !x.is_finite() {
            return Err(Fail);
        }
        v.visit_f64(x)
    }

    /// A value where an integer is expected: the usual one (a non-negative integer of at
    /// most 19 digits, which a `u64` holds) read here, as `number` would read it; anything
    /// else as `deserialize_any` reads it.
    #[inline]
    fn integer<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Fail> {
        if self.value_start()?.is_ascii_digit() {
            if let Some(n) = self.plain_integer() {
                return v.visit_u64(n);
            }
        }
        self.any_out_of_line(v)
    }

    /// `deserialize_any`, not inlined where a faster path was tried first.
    #[inline(never)]
    fn any_out_of_line<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Fail> {
        de::Deserializer::deserialize_any(self, v)
    }

    /// The usual number, read past when it is one: a non-negative integer of at most 19
    /// digits (which a `u64` holds), no fraction, no exponent. Its first digit is next.
    #[inline(always)]
    fn plain_integer(&mut self) -> Option<u64> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut at = start;
        let mut n: u64 = 0;
        while let Some(&b) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            n = n.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            at += 1;
        }
        let digits = at - start;
        let plain = (1..=19).contains(&digits)
            && (digits == 1 || bytes.get(start) != Some(&b'0'))
            && !matches!(bytes.get(at), Some(b'.' | b'e' | b'E'));
        if plain {
            self.pos = at;
            Some(n)
        } else {
            None
        }
    }

    /// Reads one or more digits; how many.
    #[inline]
    fn digits(&mut self) -> Result<usize, Fail> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        if self.pos == start {
            Err(Fail)
        } else {
            Ok(self.pos - start)
        }
    }

    /// Whether another item or member follows (its `,` read, unless it is
    /// the first); `false` before the closing `bracket`, which `close` reads.
    #[inline(always)]
    fn next_member(&mut self, first: &mut bool, bracket: u8) -> Result<bool, Fail> {
        let bytes = self.text.as_bytes();
        let mut next = *bytes.get(self.pos).ok_or(Fail)?;
        if next <= b' ' {
            self.skip_space();
            next = *bytes.get(self.pos).ok_or(Fail)?;
        }
        if next == bracket {
            return Ok(false);
        }
        if *first {
            *first = false;
            return Ok(true);
        }
        if next != b',' {
            return Err(Fail);
        }
        self.pos += 1;
        self.skip_space();
        Ok(true)
    }

    /// `next_member` for an object: whether another member follows, its key's opening
    /// quote next (anything else there fails).
    #[inline(always)]
    fn next_key(&mut self, first: &mut bool) -> Result<bool, Fail> {
        let bytes = self.text.as_bytes();
        let mut next = *bytes.get(self.pos).ok_or(Fail)?;
        if next <= b' ' {
            self.skip_space();
            next = *bytes.get(self.pos).ok_or(Fail)?;
        }
        if next == b'}' {
            return Ok(false);
        }
        if !*first {
            if next != b',' {
                return Err(Fail);
            }
            self.pos += 1;
            next = *bytes.get(self.pos).ok_or(Fail)?;
            if next <= b' ' {
                self.skip_space();
                next = *bytes.get(self.pos).ok_or(Fail)?;
            }
        }
        *first = false;
        if next != b'"' {
            return Err(Fail);
        }
        Ok(true)
    }

    /// Opens an array or object, its bracket next.
    #[inline]
    fn open(&mut self) -> Result<(), Fail> {
        self.depth = self.depth.checked_sub(1).ok_or(Fail)?;
        self.pos += 1;
        Ok(())
    }

    /// Closes an array or object: every member has been read.
    #[inline]
    fn close(&mut self, bracket: u8) -> Result<(), Fail> {
        self.skip_space();
        if self.text.as_bytes().get(self.pos) != Some(&bracket) {
            return Err(Fail);
        }
        self.pos += 1;
        self.depth += 1;
        Ok(())
    }

    #[inline(never)]
    fn seq<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Fail> {
        self.open()?;
        let value = v.visit_seq(Items {
            reader: &mut *self,
            first: true,
        })?;
        self.close(b']')?;
        Ok(value)
    }

    #[inline(never)]
    fn map<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Fail> {
        self.open()?;
        let value = v.visit_map(Members {
            reader: &mut *self,
            first: true,
        });
        // Handed over as the visitor made it (a `?` and an `Ok` would move it twice).
        if value.is_ok() {
            self.close(b'}')?;
        }
        value
    }
}

/// Whether a float is one that every reader rounds alike, so that `str::parse` gives the
/// value `serde_json` gives: at most 15 significant digits (exact in an `f64`) times a power
/// of ten of at most 22 (exact too), one rounding. Other floats are read by `serde_json`
/// itself, which rounds them its own way unless its `float_roundtrip` feature is on (any
/// crate of a build may turn it on). `mantissa` is the number's digits and point (no sign,
/// no exponent), `fraction` how many digits follow the point, `exponent` the written one.
#[inline]
fn exact(mantissa: &[u8], fraction: usize, exponent: i64) -> bool {
    let significant = mantissa
        .iter()
        .filter(|b| b.is_ascii_digit())
        .skip_while(|b| **b == b'0')
        .count();
    let power = exponent.saturating_sub(fraction as i64);
    significant <= 15 && (-22..=22).contains(&power)
}

/// Powers of ten that an `f64` holds exactly.
const POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A float of at most 15 significant digits times a power of ten of at most 22 (what
/// [`exact`] admits), computed without parsing its text again: the digits make an integer
/// below 2^53 and the power is exact, so one multiplication or division rounds once, to the
/// value `str::parse` gives (the correctly rounded one). `None` for any other float.
#[inline]
fn fast_float(mantissa: &[u8], fraction: usize, exponent: i64) -> Option<f64> {
    if mantissa.len() > 16 {
        return None;
    }
    let mut digits: u64 = 0;
    for &b in mantissa {
        if b != b'.' {
            digits = digits * 10 + u64::from(b - b'0');
        }
    }
    // Fifteen digits (leading zeros aside) are below 10^15 < 2^53.
    if digits >= 1_000_000_000_000_000 {
        return None;
    }
    let power = exponent.checked_sub(fraction as i64)?;
    let scale = *POWERS.get(usize::try_from(power.unsigned_abs()).ok()?)?;
    let m = digits as f64;
    Some(if power >= 0 { m * scale } else { m / scale })
}

/// Where the run of ASCII string bytes from `pos` ends: at a quote, a backslash, a
/// control character, a byte of a non-ASCII character or the end of the text. Eight bytes
/// at a time.
#[inline]
fn plain(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes
        .get(pos..pos + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
    {
        let x = u64::from_le_bytes(chunk);
        // A byte's high bit is set where it is below 0x21 after flipping its bit 1 (a
        // control character, or the quote 0x22, which becomes 0x20; 0x20 and 0x21 become
        // 0x22 and 0x23), or zero after the XOR with the backslash, or where it is 0x80 or
        // more (either way): the first one is exact (only those below 0x21 or zero borrow),
        // later ones may be false.
        let quote_or_control = (x ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
        let backslash = (x ^ (ONES * 0x5c)).wrapping_sub(ONES);
        let found = (quote_or_control | backslash) & HIGH;
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b) {
            break;
        }
        pos += 1;
    }
    pos
}

/// Where the run of string bytes from `pos` ends, non-ASCII characters included: at a
/// quote, a backslash, a control character or the end of the text.
fn plain_text(bytes: &[u8], mut pos: usize) -> usize {
    loop {
        pos = plain(bytes, pos);
        match bytes.get(pos) {
            Some(&b) if b >= 0x80 => pos += 1,
            _ => return pos,
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        match self.value_start()? {
            b'n' => {
                self.word("null")?;
                v.visit_unit()
            }
            b't' => {
                self.word("true")?;
                v.visit_bool(true)
            }
            b'f' => {
                self.word("false")?;
                v.visit_bool(false)
            }
            b'"' => self.string()?.visit(v),
            b'[' => self.seq(v),
            b'{' => self.map(v),
            b'-' | b'0'..=b'9' => self.number(v),
            _ => Err(Fail),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        let nullable = match self.nullable {
            Under::Nothing => false,
            Under::Nullable => true,
            Under::Key(key) => self.keys.contains(&key),
        };
        if self.value_start()? == b'n' {
            if !nullable {
                return Err(Fail);
            }
            self.word("null")?;
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        if self.value_start()? != b'n' {
            return Err(Fail);
        }
        self.word("null")?;
        v.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Fail> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Fail> {
        self.nullable = Under::Nothing;
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        if self.value_start()? != b'[' {
            return Err(Fail);
        }
        self.seq(v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Fail> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value, Fail> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        if self.value_start()? != b'{' {
            return Err(Fail);
        }
        self.map(v)
    }

    // Structs only from objects.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Fail> {
        self.deserialize_map(v)
    }

    // Unit enums only from one of their strings.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Fail> {
        if self.value_start()? != b'"' {
            return Err(Fail);
        }
        let index = match self.string()? {
            Text::Borrowed(s) => variants.iter().position(|v| *v == s),
            Text::Owned(s) => variants.iter().position(|v| *v == s),
        };
        // The variant by its index, as the derive's identifiers also take it: its name is
        // compared once, here, not again by the visitor.
        v.visit_enum(Variant(
            u32::try_from(index.ok_or(Fail)?).map_err(|_| Fail)?,
        ))
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        if self.value_start()? != b'"' {
            return Err(Fail);
        }
        self.string()?.visit(v)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.deserialize_str(v)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.integer(v)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.integer(v)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.integer(v)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.integer(v)
    }

    // Everything else reads what is there; the visitor says no to the wrong kind.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i128 u8 u16 u128 f32 f64 char bytes byte_buf ignored_any
    }
}

/// A unit variant of an enum, by its index in the enum's list of variants.
struct Variant(u32);

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Fail;
    type Variant = Self;

    #[inline]
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Fail> {
        let index = seed.deserialize(IntoDeserializer::<Fail>::into_deserializer(self.0))?;
        Ok((index, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant {
    type Error = Fail;

    #[inline]
    fn unit_variant(self) -> Result<(), Fail> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Fail> {
        Err(Fail)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Fail> {
        Err(Fail)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fail> {
        Err(Fail)
    }
}

/// An array's items.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Fail;

    #[inline(always)]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fail> {
        let reader = &mut *self.reader;
        if !reader.next_member(&mut self.first, b']')? {
            return Ok(None);
        }
        reader.nullable = Under::Nothing;
        seed.deserialize(reader).map(Some)
    }
}

/// An object's members.
struct Members<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = Fail;

    #[inline(always)]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fail> {
        let reader = &mut *self.reader;
        if !reader.next_key(&mut self.first)? {
            return Ok(None);
        }
        let key = reader.string()?;
        if reader.text.as_bytes().get(reader.pos) != Some(&b':') {
            reader.skip_space();
            if reader.text.as_bytes().get(reader.pos) != Some(&b':') {
                return Err(Fail);
            }
        }
        reader.pos += 1;
        // Without nullable properties, what the value sits under stays `Nothing` (as every
        // value leaves it): nothing to write.
        if !reader.keys.is_empty() {
            reader.nullable = match key {
                Text::Borrowed(name) => Under::Key(name),
                Text::Owned(ref name) if reader.keys.contains(&name.as_str()) => Under::Nullable,
                Text::Owned(_) => Under::Nothing,
            };
        }
        seed.deserialize(Key(key)).map(Some)
    }

    #[inline(always)]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Fail> {
        seed.deserialize(&mut *self.reader)
    }
}

/// A property name, read before its value.
struct Key<'de>(Text<'de>);

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Fail> {
        self.0.visit(v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::{from_str, items};

    /// `items` decides what `from_str::<Vec<T>>` and a check of every item decide, and counts.
    #[test]
    fn items_are_read_checked_and_counted() {
        let positive = |n: &i64| *n > 0;
        for text in [
            "[1, 2, 3]",
            "[]",
            " [ 7 ] ",
            "[1, -2]",
            "[1, \"a\"]",
            "[1,]",
            "[1] x",
            "{}",
            "1",
        ] {
            let whole = from_str::<Vec<i64>>(text, &[]).filter(|v| v.iter().all(positive));
            assert_eq!(items(text, &[], positive), whole.map(|v| v.len()), "{text}");
        }
        let mut seen = 0;
        assert_eq!(
            items::<i64, _>("[1, 0, 3]", &[], |n| {
                seen += 1;
                *n != 0
            }),
            None
        );
        assert_eq!(seen, 2, "stops at the first item that fails");
    }
    /// `plain` stops where a byte-by-byte scan stops, whatever the bytes around it.
    #[test]
    fn plain_runs_end_at_quotes_backslashes_and_control_characters() {
        let naive = |bytes: &[u8], pos: usize| {
            pos + bytes[pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(bytes.len() - pos)
        };
        let ascii = |bytes: &[u8], pos: usize| {
            pos + bytes[pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b))
                .unwrap_or(bytes.len() - pos)
        };
        let fill = [
            b'a', b' ', b'!', b'#', 0x7f, 0x80, 0xff, 0x5b, 0x5d, 0x21, 0x23, 0x20,
        ];
        let stops = [b'"', b'\\', 0x00, 0x1f, 0x0a, 0x02];
        for len in 0..20 {
            for &f in &fill {
                let mut bytes = vec![f; len];
                assert_eq!(super::plain_text(&bytes, 0), naive(&bytes, 0));
                assert_eq!(super::plain(&bytes, 0), ascii(&bytes, 0));
                for at in 0..len {
                    for &stop in &stops {
                        bytes[at] = stop;
                        for pos in 0..=at {
                            assert_eq!(super::plain_text(&bytes, pos), naive(&bytes, pos));
                            assert_eq!(super::plain(&bytes, pos), ascii(&bytes, pos));
                        }
                        for &later in &stops {
                            if at + 1 < len {
                                bytes[at + 1] = later;
                                assert_eq!(super::plain_text(&bytes, 0), naive(&bytes, 0));
                                assert_eq!(super::plain(&bytes, 0), ascii(&bytes, 0));
                                bytes[at + 1] = f;
                            }
                        }
                        bytes[at] = f;
                    }
                }
            }
        }
    }

    /// Strings read as `serde_json` reads them: ASCII, other characters, escapes, both.
    #[test]
    fn strings_read_as_serde_json_reads_them() {
        for text in [
            r#""plain""#,
            r#""café""#,
            r#""日本語のテキスト、少し長め""#,
            r#""a\u00e9b""#,
            r#""é\n日\"x""#,
            r#""0123456789é0123456789""#,
            r#""tab\there é""#,
            "\"raw\ttab\"",
            "\"é\u{1}\"",
            r#""unterminated é"#,
        ] {
            let lean = from_str::<String>(text, &[]);
            let expected = serde_json::from_str::<String>(text).ok();
            assert_eq!(lean, expected, "{text}");
            let lean = from_str::<Value>(&format!("{{{text}: 1}}"), &[]);
            let expected = serde_json::from_str::<Value>(&format!("{{{text}: 1}}")).ok();
            assert_eq!(lean, expected, "{text}");
        }
    }

    /// Integers read as `serde_json` reads them, on the fast path and off it.
    #[test]
    fn integers_read_as_serde_json_reads_them() {
        for text in [
            "0",
            "7",
            "3600",
            " 42 ",
            "01",
            "-1",
            "-0",
            "1.0",
            "1e3",
            "1E3",
            "2147483647",
            "2147483648",
            "4294967296",
            "9223372036854775807",
            "9223372036854775808",
            "9999999999999999999",
            "18446744073709551615",
            "18446744073709551616",
            "123456789012345678901",
            "\"1\"",
            "null",
            "true",
            "[1]",
            "1x",
        ] {
            fn same<T>(text: &str)
            where
                T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
            {
                let lean = from_str::<T>(text, &[]);
                let expected = serde_json::from_str::<T>(text).ok();
                // What it takes, it reads as `serde_json` does; it takes every integer
                // `serde_json` takes (it may decline other texts: the diagnosing path decides).
                if lean.is_some() || text.trim().parse::<i128>().is_ok() {
                    assert_eq!(lean, expected, "{text}");
                }
            }
            same::<i64>(text);
            same::<u64>(text);
            same::<i32>(text);
            same::<u32>(text);
        }
    }

    use serde_json::Value;

    /// Every number reads as `serde_json` reads it, whichever way `serde_json` rounds (its
    /// `float_roundtrip` feature may be on or off in a build): the first disagreement the
    /// `json_reader` fuzz target found was `-94773720328547752032854775809`, which
    /// `str::parse` rounds correctly and `serde_json` (by default) does not.
    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        for text in [
            "-94773720328547752032854775809",
            "9007199254740993.0",
            "1.7976931348623157e308",
            "5e-324",
            "0.1",
            "123456789012345.6",
            "1234567890123456.7",
            "0.000001234e5",
            "-0",
            "-0.0",
            "1e22",
            "1e23",
            "3.0e-23",
            "18446744073709551616",
            "-9223372036854775809",
            "12345678901234567890123e-20",
        ] {
            let lean: Value = from_str(text, &[]).unwrap_or_else(|| panic!("{text}"));
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(lean.to_string(), expected.to_string(), "{text}");
        }
        assert!(from_str::<Value>("1e400", &[]).is_none());
        // The fast path's floats are the ones `str::parse` gives.
        for text in [
            "0.25",
            "-0.0",
            "1.5",
            "10.0",
            "0.1",
            "0.3",
            "123.456",
            "999999999999999.0",
            "0.000000000000001",
            "1e22",
            "1.5e-7",
            "12345678901234.5",
            "-2.5e3",
            "4.35",
        ] {
            let lean: f64 = from_str(text, &[]).unwrap_or_else(|| panic!("{text}"));
            let parsed: f64 = text.parse().unwrap();
            assert_eq!(lean.to_bits(), parsed.to_bits(), "{text}");
        }
        assert!(from_str::<Value>("1e99999999999999999999", &[]).is_none());
        assert_eq!(from_str::<f64>("1e-99999999999999999999", &[]), Some(0.0));
    }
}
