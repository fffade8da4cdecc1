//! A pattern tree compiled for the runtime's backtracking engine (`check::backtrack`): the
//! patterns with lookaround or backreferences, which have no linear-time algorithm.
//!
//! The program follows ECMA-262's matcher: alternatives and quantifiers are tried in
//! order, a repetition beyond its minimum that matched nothing fails (the empty check),
//! each repetition starts with its groups unset, a lookbehind matches right to left, and a
//! backreference to an unset group matches nothing. The runtime counts every step against
//! a budget, which bounds what a string can cost.

use super::ast::{Node, Set};
use super::regex;

/// One instruction; mirrors the runtime's `check::Inst`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inst {
    /// One character in the ranges (forward, or backward inside a lookbehind).
    Char {
        ranges: Vec<(char, char)>,
        back: bool,
    },
    /// Try the first target, then the second.
    Split(u32, u32),
    Jump(u32),
    Start,
    End,
    WordBoundary {
        negated: bool,
    },
    /// Record the position in a slot.
    Save(u32),
    /// Unset slots `from..to` (the groups of a repetition, at each of its starts).
    Reset(u32, u32),
    /// Record the position where a repetition starts, in a slot.
    Mark(u32),
    /// Fail unless the position moved since the slot's mark.
    Progress(u32),
    /// A lookaround whose body follows and ends with `Succeed`; matching goes on at `next`.
    Look {
        behind: bool,
        negated: bool,
        next: u32,
    },
    /// The text a group matched (its slots `2n`, `2n + 1`).
    Backref {
        group: u32,
        back: bool,
    },
    /// The end of the pattern or of a lookaround's body.
    Succeed,
}

/// A compiled pattern: its instructions and how many slots they use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub insts: Vec<Inst>,
    pub slots: u32,
}

/// The most instructions a program may have: a bounded repetition is written out, so
/// `(?=x).{1,100000}` would otherwise be a program of its own size.
const MAX_INSTS: usize = 10_000;

/// The program of a pattern.
pub fn compile(node: &Node) -> Result<Program, String> {
    let mut captures = Vec::new();
    node.captures(&mut captures);
    let groups = captures.len() as u32;
    let mut c = Compiler {
        insts: Vec::new(),
        marks: 0,
        groups,
    };
    c.node(node, false)?;
    c.insts.push(Inst::Succeed);
    Ok(Program {
        insts: c.insts,
        slots: 2 * groups + c.marks,
    })
}

struct Compiler {
    insts: Vec<Inst>,
    /// Mark slots taken so far (after the group slots).
    marks: u32,
    groups: u32,
}

impl Compiler {
    fn pc(&self) -> u32 {
        self.insts.len() as u32
    }

    fn push(&mut self, inst: Inst) -> Result<usize, String> {
        if self.insts.len() >= MAX_INSTS {
            return Err(format!(
                "more than {MAX_INSTS} instructions for the backtracking engine"
            ));
        }
        self.insts.push(inst);
        Ok(self.insts.len() - 1)
    }

    /// `back`: inside a lookbehind, which matches right to left.
    fn node(&mut self, node: &Node, back: bool) -> Result<(), String> {
        match node {
            Node::Set(set) => {
                self.push(Inst::Char {
                    ranges: ranges(set)?,
                    back,
                })?;
            }
            Node::Concat(nodes) => {
                if back {
                    nodes.iter().rev().try_for_each(|n| self.node(n, back))?;
                } else {
                    nodes.iter().try_for_each(|n| self.node(n, back))?;
                }
            }
            Node::Alt(nodes) => {
                let mut jumps = Vec::new();
                for (i, alternative) in nodes.iter().enumerate() {
                    if i + 1 == nodes.len() {
                        self.node(alternative, back)?;
                    } else {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(alternative, back)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.pc();
                        self.insts[split] = Inst::Split(split as u32 + 1, next);
                    }
                }
                let end = self.pc();
                for jump in jumps {
                    self.insts[jump] = Inst::Jump(end);
                }
            }
            Node::Group(node, index) => {
                let Some(n) = index else {
                    return self.node(node, back);
                };
                let (start, end) = (2 * (n - 1), 2 * (n - 1) + 1);
                self.push(Inst::Save(if back { end } else { start }))?;
                self.node(node, back)?;
                self.push(Inst::Save(if back { start } else { end }))?;
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => self.repeat(node, *min, *max, *greedy, back)?,
            Node::Start => {
                self.push(Inst::Start)?;
            }
            Node::End => {
                self.push(Inst::End)?;
            }
            Node::WordBoundary { negated } => {
                self.push(Inst::WordBoundary { negated: *negated })?;
            }
            Node::Look {
                behind,
                negated,
                node,
            } => {
                let look = self.push(Inst::Look {
                    behind: *behind,
                    negated: *negated,
                    next: 0,
                })?;
                self.node(node, *behind)?;
                self.push(Inst::Succeed)?;
                let next = self.pc();
                self.insts[look] = Inst::Look {
                    behind: *behind,
                    negated: *negated,
                    next,
                };
            }
            Node::Backref(group) => {
                if *group > self.groups {
                    return Err(format!("no group {group}"));
                }
                self.push(Inst::Backref {
                    group: *group,
                    back,
                })?;
            }
        }
        Ok(())
    }

    fn repeat(
        &mut self,
        node: &Node,
        min: u32,
        max: Option<u32>,
        greedy: bool,
        back: bool,
    ) -> Result<(), String> {
        // The slots of the groups inside, unset at the start of each repetition.
        let mut groups = Vec::new();
        node.captures(&mut groups);
        let reset = match (groups.iter().min(), groups.iter().max()) {
            (Some(lo), Some(hi)) => Some(Inst::Reset(2 * (lo - 1), 2 * hi)),
            _ => None,
        };
        let once = |c: &mut Compiler| -> Result<(), String> {
            if let Some(reset) = &reset {
                c.push(reset.clone())?;
            }
            c.node(node, back)
        };
        for _ in 0..min {
            once(self)?;
        }
        // The repetitions beyond the minimum: each may be skipped, and fails when it
        // matches nothing (ECMA-262's empty check; only needed when it can).
        let mark = node.can_be_empty().then(|| {
            let slot = 2 * self.groups + self.marks;
            self.marks += 1;
            slot
        });
        let optional = |c: &mut Compiler| -> Result<(usize, usize), String> {
            let split = c.push(Inst::Split(0, 0))?;
            if let Some(slot) = mark {
                c.push(Inst::Mark(slot))?;
            }
            once(c)?;
            if let Some(slot) = mark {
                c.push(Inst::Progress(slot))?;
            }
            Ok((split, c.insts.len()))
        };
        let split_to = |into: u32, out: u32| {
            if greedy {
                Inst::Split(into, out)
            } else {
                Inst::Split(out, into)
            }
        };
        match max {
            None => {
                let (split, _) = optional(self)?;
                self.push(Inst::Jump(split as u32))?;
                let out = self.pc();
                self.insts[split] = split_to(split as u32 + 1, out);
            }
            Some(max) => {
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(optional(self)?.0);
                }
                let out = self.pc();
                for split in splits {
                    self.insts[split] = split_to(split as u32 + 1, out);
                }
            }
        }
        Ok(())
    }
}

/// The characters of a set as sorted ranges, surrogates cut out: `regex-syntax` reads the
/// set as `regex` would (`\p{…}` from the same Unicode tables) and does the set algebra.
fn ranges(set: &Set) -> Result<Vec<(char, char)>, String> {
    let mut class = String::from("[");
    regex::set_to(&mut class, set);
    class.push(']');
    let hir = regex_syntax::Parser::new()
        .parse(&class)
        .map_err(|e| format!("set {class}: {e}"))?;
    match hir.kind() {
        regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(c)) => {
            Ok(c.ranges().iter().map(|r| (r.start(), r.end())).collect())
        }
        regex_syntax::hir::HirKind::Literal(literal) => {
            let c = std::str::from_utf8(&literal.0)
                .ok()
                .and_then(|s| s.chars().next())
                .ok_or("a set that is not a character")?;
            Ok(vec![(c, c)])
        }
        // A set with no characters (`[]`) is the pattern that never matches.
        _ if hir.properties().minimum_len().is_none() => Ok(Vec::new()),
        _ => Err(format!("set {class} is not a class")),
    }
}
