//! ECMA-262 pattern syntax, read into a [`Node`] tree.
//!
//! The input is a pattern `regress` accepts (the generator asks it first), read in Unicode
//! mode when it is valid there and in ECMA-262's Annex B (web-compatibility) mode
//! otherwise: there a brace that starts no quantifier and a lone `]` are characters, `\8`
//! is an `8`, `\12` an octal escape when the pattern has fewer groups, and so on. Both read
//! strings as code points: Rust strings are UTF-8, so an escaped surrogate pair is the
//! character it encodes.

use super::ast::{Class, Item, Node, Set};

/// The pattern `source` as a tree; `unicode` is ECMA-262's `u` flag. An error names a
/// construct the tree cannot hold (the pattern itself is valid ECMA-262).
pub fn parse(source: &str, unicode: bool) -> Result<Node, String> {
    let chars: Vec<char> = source.chars().collect();
    let names = group_names(&chars);
    let mut parser = Parser {
        chars: &chars,
        pos: 0,
        unicode,
        groups: names.len() as u32,
        names,
        next_group: 1,
    };
    let node = parser.disjunction()?;
    match parser.peek() {
        None => Ok(node),
        Some(c) => Err(format!("unexpected {c:?}")),
    }
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    unicode: bool,
    /// Capturing groups in the whole pattern: in Annex B mode, `\N` above it is not a
    /// backreference.
    groups: u32,
    /// The name of each capturing group, in order (`None` for unnamed ones).
    names: Vec<Option<String>>,
    /// The number the next `(` gets.
    next_group: u32,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.pos += usize::from(found);
        found
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let found = s
            .chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c));
        if found {
            self.pos += s.chars().count();
        }
        found
    }

    fn disjunction(&mut self) -> Result<Node, String> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alternatives)
        })
    }

    fn alternative(&mut self) -> Result<Node, String> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            if let Some(term) = self.term()? {
                terms.push(term);
            }
        }
        Ok(if terms.len() == 1 {
            terms.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Concat(terms)
        })
    }

    /// A term; `None` for a quantified lookahead that may repeat zero times (Annex B),
    /// which asserts nothing.
    fn term(&mut self) -> Result<Option<Node>, String> {
        let lookahead = if self.eat('^') {
            return Ok(Some(Node::Start));
        } else if self.eat('$') {
            return Ok(Some(Node::End));
        } else if self.eat_str("\\b") {
            return Ok(Some(Node::WordBoundary { negated: false }));
        } else if self.eat_str("\\B") {
            return Ok(Some(Node::WordBoundary { negated: true }));
        } else if self.eat_str("(?<=") {
            return Ok(Some(self.look(true, false)?));
        } else if self.eat_str("(?<!") {
            return Ok(Some(self.look(true, true)?));
        } else if self.eat_str("(?=") {
            Some(self.look(false, false)?)
        } else if self.eat_str("(?!") {
            Some(self.look(false, true)?)
        } else {
            None
        };
        let is_lookahead = lookahead.is_some();
        let atom = match lookahead {
            Some(look) => look,
            None => self.atom()?,
        };
        let Some((min, max)) = self.quantifier() else {
            return Ok(Some(atom));
        };
        let greedy = !self.eat('?');
        if is_lookahead {
            // Annex B: a quantified lookahead asserts once, or nothing when it may repeat
            // zero times.
            return Ok((min > 0).then_some(atom));
        }
        if max.is_some_and(|max| max < min) {
            return Err("quantifier range out of order".into());
        }
        Ok(Some(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        }))
    }

    fn look(&mut self, behind: bool, negated: bool) -> Result<Node, String> {
        let node = self.disjunction()?;
        if !self.eat(')') {
            return Err("unclosed lookaround".into());
        }
        Ok(Node::Look {
            behind,
            negated,
            node: Box::new(node),
        })
    }

    /// A quantifier, consumed: its bounds.
    fn quantifier(&mut self) -> Option<(u32, Option<u32>)> {
        let bounds = match self.peek()? {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            '{' => {
                let (min, max, len) = self.braces()?;
                self.pos += len - 1;
                (min, max)
            }
            _ => return None,
        };
        self.pos += 1;
        Some(bounds)
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position: bounds and length in chars.
    fn braces(&self) -> Option<(u32, Option<u32>, usize)> {
        let mut i = self.pos + 1;
        let digits = |i: &mut usize| {
            let start = *i;
            while self.chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            // Bounds beyond u32 are as good as infinite: no engine expands them.
            (*i > start).then(|| {
                self.chars[start..*i]
                    .iter()
                    .collect::<String>()
                    .parse::<u32>()
                    .unwrap_or(u32::MAX)
            })
        };
        let min = digits(&mut i)?;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            digits(&mut i)
        } else {
            Some(min)
        };
        (self.chars.get(i) == Some(&'}')).then_some((min, max, i + 1 - self.pos))
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end")?;
        match c {
            '{' if self.unicode || self.braces().is_some() => {
                return Err("nothing to repeat".into())
            }
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            _ => {}
        }
        self.pos += 1;
        Ok(match c {
            // Anything but a LineTerminator (no `s` flag).
            '.' => Set {
                negated: true,
                items: [0x0A, 0x0D, 0x2028, 0x2029]
                    .into_iter()
                    .map(|v| Item::Range(v, v))
                    .collect(),
            }
            .into(),
            '[' => self.class()?.into(),
            '\\' => self.atom_escape()?,
            '(' => self.group()?,
            // Annex B: a brace that starts no quantifier, and a lone `]` or `}`, are
            // characters.
            c => Set::point(c as u32).into(),
        })
    }

    /// After `(`.
    fn group(&mut self) -> Result<Node, String> {
        let index = if self.eat_str("?:") {
            None
        } else if self.eat_str("?<") {
            while self.peek().is_some_and(|c| c != '>') {
                self.pos += 1;
            }
            self.pos += 1;
            Some(self.take_group())
        } else if self.peek() == Some('?') {
            return Err("unsupported group".into());
        } else {
            Some(self.take_group())
        };
        let node = self.disjunction()?;
        if !self.eat(')') {
            return Err("unclosed group".into());
        }
        Ok(Node::Group(Box::new(node), index))
    }

    fn take_group(&mut self) -> u32 {
        let n = self.next_group;
        self.next_group += 1;
        n
    }

    /// After a `\` outside a class.
    fn atom_escape(&mut self) -> Result<Node, String> {
        match self.peek().ok_or("`\\` at the end")? {
            '1'..='9' => {
                let start = self.pos;
                let n = self.decimal();
                if n <= self.groups {
                    return Ok(Node::Backref(n));
                }
                // Annex B: no such group, so a legacy octal escape or the digit itself.
                self.pos = start;
                let v = self.legacy_octal().unwrap_or_else(|| {
                    self.pos += 1;
                    self.chars[start] as u32
                });
                Ok(Set::point(v).into())
            }
            'k' if self.unicode || self.names.iter().any(Option::is_some) => {
                self.pos += 1;
                if !self.eat('<') {
                    return Err("`\\k` without a name".into());
                }
                let start = self.pos;
                while self.peek().is_some_and(|c| c != '>') {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                let index = self
                    .names
                    .iter()
                    .position(|n| n.as_deref() == Some(name.as_str()))
                    .ok_or_else(|| format!("no group named {name:?}"))?;
                Ok(Node::Backref(index as u32 + 1))
            }
            _ => Ok(match self.class_escape()? {
                Item::Range(v, _) => Set::point(v),
                item => Set {
                    negated: false,
                    items: vec![item],
                },
            }
            .into()),
        }
    }

    fn decimal(&mut self) -> u32 {
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d);
            self.pos += 1;
        }
        n
    }

    /// Annex B's legacy octal escape at the current position (after the `\`).
    fn legacy_octal(&mut self) -> Option<u32> {
        let digits: Vec<u32> = (0..3)
            .map_while(|i| self.peek_at(i).and_then(|c| c.to_digit(8)))
            .collect();
        let take = match digits.len() {
            0 => return None,
            // A third digit only while the value stays below 0o400.
            3 if digits[0] > 3 => 2,
            n => n,
        };
        self.pos += take;
        Some(digits[..take].iter().fold(0, |v, d| v * 8 + d))
    }

    /// A character or class escape after `\`: the same inside and outside a class, but
    /// for `\b` and `\-`, which a class reads first.
    fn class_escape(&mut self) -> Result<Item, String> {
        let c = self.peek().ok_or("`\\` at the end")?;
        self.pos += 1;
        let class = |class, negated| Ok(Item::Class { class, negated });
        let point = |v: u32| Ok(Item::Range(v, v));
        match c {
            'd' => class(Class::Digit, false),
            'D' => class(Class::Digit, true),
            'w' => class(Class::Word, false),
            'W' => class(Class::Word, true),
            's' => class(Class::Space, false),
            'S' => class(Class::Space, true),
            'p' | 'P' if self.unicode => {
                if !self.eat('{') {
                    return Err("`\\p` without a property".into());
                }
                let start = self.pos;
                while self.peek().is_some_and(|c| c != '}') {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                Ok(Item::Property {
                    name: property(&name)?,
                    negated: c == 'P',
                })
            }
            'f' => point(0x0C),
            'n' => point(0x0A),
            'r' => point(0x0D),
            't' => point(0x09),
            'v' => point(0x0B),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    point(l as u32 % 32)
                }
                // Annex B: `\c` without a letter is a backslash, and the `c` follows.
                _ if !self.unicode => {
                    self.pos -= 1;
                    point('\\' as u32)
                }
                _ => Err("`\\c` without a letter".into()),
            },
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => point(0),
            '0'..='7' if !self.unicode => {
                self.pos -= 1;
                point(self.legacy_octal().unwrap_or(0))
            }
            'x' => match self.hex(2) {
                Some(v) => point(v),
                None if !self.unicode => point('x' as u32),
                None => Err("malformed `\\x`".into()),
            },
            'u' => match self.unicode_escape() {
                Some(v) => point(v),
                None if !self.unicode => point('u' as u32),
                None => Err("malformed `\\u`".into()),
            },
            // Identity escapes: the character itself.
            c => point(c as u32),
        }
    }

    /// `n` hex digits at the current position, consumed when all are there.
    fn hex(&mut self, n: usize) -> Option<u32> {
        let digits: String = (0..n).map_while(|i| self.peek_at(i)).collect();
        if digits.len() != n || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += n;
        u32::from_str_radix(&digits, 16).ok()
    }

    /// After `\u`: `{…}` (Unicode mode) or four hex digits, a following `\uDC00` half of a
    /// surrogate pair joined to its lead.
    fn unicode_escape(&mut self) -> Option<u32> {
        if self.unicode && self.eat('{') {
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.pos += 1;
            }
            let digits: String = self.chars[start..self.pos].iter().collect();
            if !self.eat('}') {
                return None;
            }
            return u32::from_str_radix(&digits, 16).ok();
        }
        let lead = self.hex(4)?;
        if (0xD800..0xDC00).contains(&lead) && self.peek() == Some('\\') {
            let save = self.pos;
            if self.eat_str("\\u") {
                match self.hex(4) {
                    Some(trail) if (0xDC00..0xE000).contains(&trail) => {
                        return Some(0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00));
                    }
                    _ => self.pos = save,
                }
            }
        }
        Some(lead)
    }

    /// After `[`.
    fn class(&mut self) -> Result<Set, String> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            let first = match self.peek() {
                None => return Err("unclosed class".into()),
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                _ => self.class_atom()?,
            };
            // A range `a-b`; a `-` first, last or beside a class escape is a character.
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.pos += 1;
                let last = self.class_atom()?;
                match (first, last) {
                    (Item::Range(a, _), Item::Range(b, _)) if a <= b => {
                        items.push(Item::Range(a, b))
                    }
                    (Item::Range(..), Item::Range(..)) => {
                        return Err("class range out of order".into())
                    }
                    // Annex B: a class escape beside `-` makes all three items.
                    (first, last) if !self.unicode => {
                        items.extend([first, Item::Range(0x2D, 0x2D), last]);
                    }
                    _ => return Err("a class escape as a range bound".into()),
                }
            } else {
                items.push(first);
            }
        }
        Ok(Set { negated, items })
    }

    fn class_atom(&mut self) -> Result<Item, String> {
        let c = self.peek().ok_or("unclosed class")?;
        self.pos += 1;
        if c != '\\' {
            return Ok(Item::Range(c as u32, c as u32));
        }
        match self.peek() {
            Some('b') => {
                self.pos += 1;
                Ok(Item::Range(0x08, 0x08))
            }
            Some('-') => {
                self.pos += 1;
                Ok(Item::Range(0x2D, 0x2D))
            }
            // Annex B: `\c` with a digit or `_` inside a class.
            Some('c')
                if !self.unicode
                    && self
                        .peek_at(1)
                        .is_some_and(|c| c.is_ascii_digit() || c == '_') =>
            {
                let v = self.peek_at(1).map_or(0, |c| c as u32 % 32);
                self.pos += 2;
                Ok(Item::Range(v, v))
            }
            // Inside a class a decimal escape is never a backreference.
            Some('1'..='9') if !self.unicode => {
                let v = self.legacy_octal().unwrap_or_else(|| {
                    self.pos += 1;
                    self.chars[self.pos - 1] as u32
                });
                Ok(Item::Range(v, v))
            }
            _ => self.class_escape(),
        }
    }
}

impl From<Set> for Node {
    fn from(set: Set) -> Node {
        Node::Set(set)
    }
}

/// A `\p{…}` name as `regex` spells it. ECMA-262 names a General_Category value or a
/// binary property alone, and a script as `Script=` or `Script_Extensions=` (`sc=`,
/// `scx=`); `regex` reads a lone script name as Script_Extensions, so the explicit form
/// is kept, and `General_Category=` is dropped (`regex` takes its values alone).
fn property(name: &str) -> Result<String, String> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=')
    {
        return Err(format!("property {name:?}"));
    }
    Ok(name
        .strip_prefix("General_Category=")
        .or_else(|| name.strip_prefix("gc="))
        .unwrap_or(name)
        .to_owned())
}

/// The name of each capturing group in order (`None` for unnamed ones): `(` not followed
/// by `?`, and `(?<name>`.
fn group_names(chars: &[char]) -> Vec<Option<String>> {
    let mut names = Vec::new();
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => match (chars.get(i + 1), chars.get(i + 2), chars.get(i + 3)) {
                (Some('?'), Some('<'), Some(c)) if *c != '=' && *c != '!' => {
                    let name: String = chars[i + 3..].iter().take_while(|&&c| c != '>').collect();
                    names.push(Some(name));
                }
                (Some('?'), ..) => {}
                _ => names.push(None),
            },
            _ => {}
        }
        i += 1;
    }
    names
}
