//! The document the diagnosing validators walk: a JSON tree that borrows its strings from
//! the text, and the lazily written JSON pointer of the value being checked.
//!
//! `serde_json::Value` would do, but building it is most of the cost of checking an
//! invalid document: every string and key is copied and every object is a `BTreeMap`.
//! This tree copies only strings with escapes, gives each array and object one exact
//! allocation (their members are gathered on a shared stack first), and keeps object
//! members in document order, so that violations come out in document order too.

use std::borrow::Cow;

/// A JSON value parsed for checking. Strings borrow from the text when they have
/// no escapes; object members keep their document order.
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` holds it.
    Number(serde_json::Number),
    /// A string, borrowed from the text unless it has escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object.
    Object(Object<'a>),
}

/// An object's members in document order; a name appears once (the last of
/// duplicated names wins, as in `serde_json::Value`).
pub struct Object<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Object<'a> {
    /// How many members.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no member.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of the member `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether there is a member `key`.
    #[inline]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in document order.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json<'a>)> {
        self.0.iter().map(|(k, v)| (&**k, v))
    }

    /// The member names, in document order.
    #[inline]
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| &**k)
    }
}

impl<'a> Json<'a> {
    /// Parses JSON text (what `serde_json` reads, with its errors and nesting
    /// limit). The lean reader builds the tree; `serde_json` does when the text
    /// is not JSON, to say where it goes wrong, or when its `arbitrary_precision`
    /// feature is on, to keep every number's digits.
    pub fn parse(text: &'a str) -> Result<Json<'a>, serde_json::Error> {
        use serde::de::DeserializeSeed;
        // The stacks of the thread's previous parse, when it left them: a small document
        // then costs no allocation beyond its own containers.
        let spare = SPARE.try_with(|spare| spare.take()).unwrap_or_default();
        let mut stack = Stack {
            items: spare.items,
            members: spare.members,
        };
        let value = if let Some(value) = (!precise_numbers())
            .then(|| super::lean::tree(text, &mut stack))
            .flatten()
        {
            Ok(value)
        } else {
            stack.items.clear();
            stack.members.clear();
            let mut de = serde_json::Deserializer::from_str(text);
            Node(&mut stack)
                .deserialize(&mut de)
                .and_then(|value| de.end().map(|()| value))
        };
        stack.keep();
        value
    }

    /// The tree of a `serde_json::Value`, borrowing its strings.
    #[inline]
    pub fn from_value(value: &'a serde_json::Value) -> Json<'a> {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from_value(v)))
                    .collect(),
            )),
        }
    }

    /// Whether this is `null`.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
}

/// Whether `serde_json` keeps the digits of numbers (its `arbitrary_precision`
/// feature, which any crate of a build may turn on).
fn precise_numbers() -> bool {
    static PRECISE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *PRECISE.get_or_init(|| {
        serde_json::from_str::<serde_json::Number>("1.00").is_ok_and(|n| n.to_string() == "1.00")
    })
}

/// Members of the arrays and objects being parsed, above those of their parents:
/// a container takes its own off the top, into one exact allocation.
#[derive(Default)]
pub(super) struct Stack<'a> {
    items: Vec<Json<'a>>,
    members: Vec<(Cow<'a, str>, Json<'a>)>,
}

thread_local! {
    /// The stacks a parse left for the thread's next one (empty, their room kept).
    static SPARE: std::cell::Cell<Stack<'static>> = const {
        std::cell::Cell::new(Stack { items: Vec::new(), members: Vec::new() })
    };
}

/// Room kept for the next parse, in items or members (more is given back).
const KEEP: usize = 1024;

impl Stack<'_> {
    /// Leaves the (emptied) stacks to the thread's next parse, unless they grew large.
    fn keep(mut self) {
        self.items.clear();
        self.members.clear();
        if self.items.capacity() > KEEP || self.members.capacity() > KEEP {
            return;
        }
        // An empty vector of another lifetime: the same allocation, collected in place
        // (`vec::IntoIter` into a `Vec` of a type of the same layout reuses its buffer).
        let items: Vec<Json<'static>> = self
            .items
            .into_iter()
            .map(|_| unreachable!("the stack is empty"))
            .collect();
        let members: Vec<(Cow<'static, str>, Json<'static>)> = self
            .members
            .into_iter()
            .map(|_| unreachable!("the stack is empty"))
            .collect();
        let _ = SPARE.try_with(|spare| spare.set(Stack { items, members }));
    }
}

/// Parses one value onto the tree.
pub(super) struct Node<'s, 'a>(pub(super) &'s mut Stack<'a>);

impl<'de> serde::de::DeserializeSeed<'de> for Node<'_, 'de> {
    type Value = Json<'de>;
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Json<'de>, D::Error> {
        de.deserialize_any(self)
    }
}

/// The one member of the object as which `serde_json`'s `arbitrary_precision`
/// feature hands over a number: enabled anywhere in a build, it changes how
/// numbers arrive.
const PRECISE_NUMBER: &str = "$serde_json::private::Number";

impl<'de> serde::de::Visitor<'de> for Node<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json<'de>, E> {
        // JSON text has no NaN or infinity.
        Ok(serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let start = self.0.array();
        while let Some(item) = seq.next_element_seed(Node(&mut *self.0))? {
            self.0.item(item);
        }
        Ok(self.0.close_array(start))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut object = self.0.object();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Node(&mut *self.0))?;
            self.0.member(&mut object, key, value);
        }
        Ok(self.0.close_object(object))
    }
}

/// An object being parsed: where its members start on the stack, and what finds a
/// repeated name.
pub(super) struct Members<'a> {
    start: usize,
    /// Names seen so far, by a cheap fingerprint: a repeated name is searched for
    /// only when its fingerprint was seen; past 32 members, by a hash set.
    seen: u64,
    /// Made only for a large object (`HashMap::new` seeds its hasher, which costs).
    index: Option<std::collections::HashMap<Cow<'a, str>, usize>>,
}

impl<'a> Stack<'a> {
    /// Opens an array: where its items start.
    #[inline]
    pub(super) fn array(&mut self) -> usize {
        // Room for a small array at once, rather than growing by doubling from one; once
        // there is room, the stack grows by doubling (a nested array must not reallocate it).
        if self.items.capacity() == 0 {
            self.items.reserve(16);
        }
        self.items.len()
    }

    /// An item of the array opened at `start`.
    #[inline]
    pub(super) fn item(&mut self, item: Json<'a>) {
        self.items.push(item);
    }

    /// Closes the array opened at `start`: its items, in one exact allocation.
    #[inline]
    pub(super) fn close_array(&mut self, start: usize) -> Json<'a> {
        Json::Array(take(&mut self.items, start))
    }

    /// Opens an object.
    #[inline]
    pub(super) fn object(&mut self) -> Members<'a> {
        if self.members.capacity() == 0 {
            self.members.reserve(16);
        }
        Members {
            start: self.members.len(),
            seen: 0,
            index: None,
        }
    }

    /// A member of `object`; a repeated name replaces the value (the last one wins).
    #[inline]
    pub(super) fn member(&mut self, object: &mut Members<'a>, key: Cow<'a, str>, value: Json<'a>) {
        let start = object.start;
        let members = &mut self.members;
        let len = members.len() - start;
        if len > 32 {
            let index = object.index.get_or_insert_with(|| {
                members[start..]
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect()
            });
            match index.get(&key) {
                Some(&i) => members[start + i].1 = value,
                None => {
                    index.insert(key.clone(), len);
                    members.push((key, value));
                }
            }
            return;
        }
        let bytes = key.as_bytes();
        let bit = 1u64
            << ((bytes.len()
                ^ usize::from(bytes.first().copied().unwrap_or(0))
                ^ usize::from(bytes.last().copied().unwrap_or(0)))
                % 64);
        if object.seen & bit != 0 {
            if let Some(slot) = members[start..].iter_mut().find(|(k, _)| *k == key) {
                slot.1 = value;
                return;
            }
        }
        object.seen |= bit;
        members.push((key, value));
    }

    /// Closes `object`: its members, in one exact allocation (or the number that
    /// `serde_json`'s `arbitrary_precision` hands over as an object).
    #[inline]
    pub(super) fn close_object(&mut self, object: Members<'a>) -> Json<'a> {
        let start = object.start;
        if let [(key, Json::String(text))] = &self.members[start..] {
            if key == PRECISE_NUMBER {
                if let Ok(number) = text.parse() {
                    self.members.truncate(start);
                    return Json::Number(number);
                }
            }
        }
        Json::Object(Object(take(&mut self.members, start)))
    }
}

/// The items of `stack` from `start` on, moved (one copy of the run) into one exact
/// allocation; `stack` keeps its room.
#[inline]
fn take<T>(stack: &mut Vec<T>, start: usize) -> Vec<T> {
    if start > 0 {
        return stack.split_off(start);
    }
    // `split_off(0)` would hand over the stack's own (larger) allocation instead.
    let mut out = Vec::with_capacity(stack.len());
    out.append(stack);
    out
}

/// Parses an object member's name, borrowing it when it has no escapes (also
/// for the `Deserialize` of open structs).
pub struct Key;

impl<'de> serde::de::DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Cow<'de, str>, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s))
    }
}

/// Where a value sits in the document. Validators extend it on the stack as they
/// descend; it is written out as a JSON pointer only for a violation.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The value being checked, at this pointer.
    Root(&'a str),
    /// The member `.1` of the value at `.0`.
    Key(&'a Path<'a>, &'a str),
    /// The item `.1` of the array at `.0`.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of the member `key` of this value.
    #[inline]
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The path of the item `i` of this array.
    #[inline]
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// The JSON pointer (RFC 6901).
    #[inline]
    pub fn pointer(&self) -> String {
        match *self {
            Path::Root(root) => return root.to_owned(),
            // A member of the value checked, the usual case: without the walk below.
            Path::Key(Path::Root(root), key) if !needs_escape(key.as_bytes()) => {
                let mut out = String::with_capacity(root.len() + 1 + key.len());
                out.push_str(root);
                out.push('/');
                out.push_str(key);
                return out;
            }
            _ => {}
        }
        // The exact length first (an escaped name may take more), then one allocation.
        let mut len = 0;
        let mut at = self;
        loop {
            match *at {
                Path::Root(root) => {
                    len += root.len();
                    break;
                }
                Path::Key(parent, key) => {
                    len += 1 + key.len();
                    at = parent;
                }
                Path::Index(parent, i) => {
                    len += 1 + decimal_len(i as u64);
                    at = parent;
                }
            }
        }
        let mut out = String::with_capacity(len);
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match *self {
            Path::Root(root) => out.push_str(root),
            Path::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                if needs_escape(key.as_bytes()) {
                    out.push_str(&key.replace('~', "~0").replace('/', "~1"));
                } else {
                    out.push_str(key);
                }
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                push_decimal(out, i as u64);
            }
        }
    }
}

/// Whether a name has a `~` or a `/`, which a JSON pointer escapes. Eight bytes at a time
/// (a byte's high bit is set where it is zero after the XOR with either; only whether there
/// is one matters, so the false ones a borrow may set above a true one do not).
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let tilde = (x ^ (ONES * b'~' as u64)).wrapping_sub(ONES);
        let slash = (x ^ (ONES * b'/' as u64)).wrapping_sub(ONES);
        if (tilde | slash) & !x & HIGH != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| b == b'~' || b == b'/')
}

/// How many digits `n` has in decimal.
#[inline]
fn decimal_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 10 {
        n /= 10;
        len += 1;
    }
    len
}

/// Appends `n` in decimal, as `{}` writes it (without the formatting machinery: pointers
/// and messages are written often).
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}
