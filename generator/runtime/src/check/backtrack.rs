//! The backtracking engine of the patterns with lookaround or backreferences, which have
//! no linear-time algorithm: ECMA-262's matcher over a program the generator compiled
//! (`model/pattern/program.rs`), with every step counted against a budget.
//!
//! A backtracking crate's limit on backtracks alone does not bound the work: a lookahead
//! inside a repetition (`^(?:a(?=a*x))*$`) scans the rest of the string at each
//! repetition without ever backtracking, which took 12 s on 100 KB with fancy-regex's
//! limit (docs/patterns.md). Here a step is one instruction, one backtrack, sixteen bytes
//! of a backreference, or one halving of a set's ranges, so the time a string can cost is
//! the budget's.

/// The steps one string may take: 5 to 15 ms on a 2-core CI machine (docs/patterns.md;
/// a string that fails runs its pattern twice, to find it fails and then to report it).
/// Past it the string is undecided, and invalid.
pub const STEP_LIMIT: u64 = 2_000_000;

/// The most backtracking points kept at once (12 bytes each): memory stays under 12 MiB.
const STACK_LIMIT: usize = 1 << 20;

/// One instruction of a program. For generated code, which holds each program in a
/// `static`.
#[derive(Debug)]
pub enum Inst {
    /// One character in the sorted `ranges` (forward, or backward inside a lookbehind).
    Char {
        /// The characters, as sorted, disjoint ranges.
        ranges: &'static [(char, char)],
        /// Read the character before the position (inside a lookbehind).
        back: bool,
    },
    /// Go on at the first target; on failure, at the second.
    Split(u32, u32),
    /// Go on at the target.
    Jump(u32),
    /// The start of the string.
    Start,
    /// The end of the string.
    End,
    /// Between an ASCII word character and something else (or not, when negated).
    WordBoundary {
        /// `\B`.
        negated: bool,
    },
    /// Record the position in a slot.
    Save(u32),
    /// Unset slots `from..to`: the groups of a repetition, as each repetition starts.
    Reset(u32, u32),
    /// Record the position where a repetition starts.
    Mark(u32),
    /// Fail unless the position moved since the slot's mark (ECMA-262's empty check).
    Progress(u32),
    /// A lookaround: its body follows and ends with `Succeed`; matching goes on at `next`.
    Look {
        /// A lookbehind (its body's instructions read backward).
        behind: bool,
        /// `(?!` or `(?<!`.
        negated: bool,
        /// Where matching goes on after the lookaround.
        next: u32,
    },
    /// The text group `group` matched (nothing when it is unset).
    Backref {
        /// The group's number, from 1.
        group: u32,
        /// Compare with the text before the position (inside a lookbehind).
        back: bool,
    },
    /// The end of the pattern, or of a lookaround's body.
    Succeed,
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Program {
    /// The instructions; matching starts at the first.
    pub insts: &'static [Inst],
    /// Slots the program records positions in: two per group, then one per mark.
    pub slots: u32,
}

const UNSET: u32 = u32::MAX;

/// Whether `program` matches anywhere in `s`; `None` when that was not decided within
/// [`STEP_LIMIT`] steps.
pub fn is_match(program: &Program, s: &str) -> Option<bool> {
    // Positions are kept in 32 bits; no JSON document the reader accepts comes near.
    if u32::try_from(s.len()).is_err() {
        return None;
    }
    let mut vm = Vm {
        insts: program.insts,
        s,
        slots: vec![UNSET; program.slots as usize],
        stack: Vec::new(),
        steps: 0,
    };
    // A pattern that starts with `^` can only match at the start.
    let anchored = matches!(program.insts.first(), Some(Inst::Start));
    for (start, _) in s.char_indices().chain([(s.len(), ' ')]) {
        vm.slots.fill(UNSET);
        vm.stack.clear();
        match vm.run(0, start as u32) {
            Ok(Some(_)) => return Some(true),
            Ok(None) if anchored => return Some(false),
            Ok(None) => {}
            Err(Exhausted) => return None,
        }
    }
    Some(false)
}

/// The budget ran out.
struct Exhausted;

enum Frame {
    /// Go on from here when what was tried fails.
    Resume { pc: u32, pos: u32 },
    /// Put a slot back when backtracking past the point that set it.
    Restore { slot: u32, old: u32 },
}

struct Vm<'s> {
    insts: &'static [Inst],
    s: &'s str,
    slots: Vec<u32>,
    stack: Vec<Frame>,
    steps: u64,
}

impl Vm<'_> {
    fn spend(&mut self, steps: u64) -> Result<(), Exhausted> {
        self.steps += steps;
        if self.steps > STEP_LIMIT {
            Err(Exhausted)
        } else {
            Ok(())
        }
    }

    fn push(&mut self, frame: Frame) -> Result<(), Exhausted> {
        if self.stack.len() >= STACK_LIMIT {
            return Err(Exhausted);
        }
        self.stack.push(frame);
        Ok(())
    }

    fn set(&mut self, slot: u32, value: u32) -> Result<(), Exhausted> {
        let old = std::mem::replace(&mut self.slots[slot as usize], value);
        self.push(Frame::Restore { slot, old })
    }

    /// Runs from `pc` at `pos` to a `Succeed`: the position there, the frames pushed on
    /// the way left on the stack (the caller keeps or unwinds them); `None` when every
    /// way failed, with the stack back as it was.
    fn run(&mut self, pc: u32, pos: u32) -> Result<Option<u32>, Exhausted> {
        let base = self.stack.len();
        let (mut pc, mut pos) = (pc as usize, pos as usize);
        loop {
            self.spend(1)?;
            let ok = match &self.insts[pc] {
                Inst::Char { ranges, back } => {
                    // The binary search costs a step per halving: a set of hundreds of
                    // ranges (`\p{L}`) costs ten times a literal, and is charged so.
                    self.spend(u64::from(ranges.len().max(1).ilog2()))?;
                    let c = if *back {
                        self.s[..pos].chars().next_back()
                    } else {
                        self.s[pos..].chars().next()
                    };
                    match c {
                        Some(c) if contains(ranges, c) => {
                            if *back {
                                pos -= c.len_utf8();
                            } else {
                                pos += c.len_utf8();
                            }
                            pc += 1;
                            true
                        }
                        _ => false,
                    }
                }
                &Inst::Split(first, second) => {
                    self.push(Frame::Resume {
                        pc: second,
                        pos: pos as u32,
                    })?;
                    pc = first as usize;
                    true
                }
                &Inst::Jump(target) => {
                    pc = target as usize;
                    true
                }
                Inst::Start => {
                    pc += 1;
                    pos == 0
                }
                Inst::End => {
                    pc += 1;
                    pos == self.s.len()
                }
                &Inst::WordBoundary { negated } => {
                    let before = self.s[..pos].chars().next_back().is_some_and(is_word);
                    let after = self.s[pos..].chars().next().is_some_and(is_word);
                    pc += 1;
                    (before != after) != negated
                }
                &Inst::Save(slot) | &Inst::Mark(slot) => {
                    self.set(slot, pos as u32)?;
                    pc += 1;
                    true
                }
                &Inst::Reset(from, to) => {
                    for slot in from..to {
                        if self.slots[slot as usize] != UNSET {
                            self.set(slot, UNSET)?;
                        }
                    }
                    pc += 1;
                    true
                }
                &Inst::Progress(slot) => {
                    pc += 1;
                    self.slots[slot as usize] != pos as u32
                }
                &Inst::Look {
                    negated,
                    next,
                    behind: _,
                } => {
                    let inner = self.stack.len();
                    let matched = self.run(pc as u32 + 1, pos as u32)?.is_some();
                    if matched && !negated {
                        // What the body tried is settled (a lookaround does not
                        // backtrack into its body), but the groups it set stay
                        // restorable.
                        self.drop_resumes(inner);
                    } else if matched {
                        self.unwind(inner);
                    }
                    pc = next as usize;
                    matched != negated
                }
                &Inst::Backref { group, back } => {
                    let (start, end) = (
                        self.slots[2 * (group as usize - 1)],
                        self.slots[2 * (group as usize - 1) + 1],
                    );
                    pc += 1;
                    if start == UNSET || end == UNSET {
                        true
                    } else {
                        let text = &self.s[start as usize..end as usize];
                        self.spend(text.len() as u64 / 16)?;
                        if back && self.s[..pos].ends_with(text) {
                            pos -= text.len();
                            true
                        } else if !back && self.s[pos..].starts_with(text) {
                            pos += text.len();
                            true
                        } else {
                            false
                        }
                    }
                }
                Inst::Succeed => return Ok(Some(pos as u32)),
            };
            if ok {
                continue;
            }
            // Backtrack to the latest point that has another way.
            loop {
                if self.stack.len() == base {
                    return Ok(None);
                }
                self.spend(1)?;
                match self.stack.pop() {
                    Some(Frame::Restore { slot, old }) => self.slots[slot as usize] = old,
                    Some(Frame::Resume { pc: p, pos: q }) => {
                        (pc, pos) = (p as usize, q as usize);
                        break;
                    }
                    None => return Ok(None),
                }
            }
        }
    }

    /// Forgets the other ways above `base`, keeping the slots' restore points in order.
    fn drop_resumes(&mut self, base: usize) {
        let mut keep = base;
        for i in base..self.stack.len() {
            if matches!(self.stack[i], Frame::Restore { .. }) {
                self.stack.swap(keep, i);
                keep += 1;
            }
        }
        self.stack.truncate(keep);
    }

    /// Undoes everything above `base`.
    fn unwind(&mut self, base: usize) {
        while self.stack.len() > base {
            if let Some(Frame::Restore { slot, old }) = self.stack.pop() {
                self.slots[slot as usize] = old;
            }
        }
    }
}

fn contains(ranges: &[(char, char)], c: char) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// ECMA-262's word characters: ASCII letters, digits and `_`.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const A: &[(char, char)] = &[('a', 'a')];

    /// `^(?:a|a)*b`: exponential in the a's before a missing `b`.
    pub(crate) static NESTED: Program = Program {
        insts: &[
            Inst::Start,
            Inst::Split(2, 7),
            Inst::Split(3, 5),
            Inst::Char {
                ranges: A,
                back: false,
            },
            Inst::Jump(6),
            Inst::Char {
                ranges: A,
                back: false,
            },
            Inst::Jump(1),
            Inst::Char {
                ranges: &[('b', 'b')],
                back: false,
            },
            Inst::Succeed,
        ],
        slots: 0,
    };

    #[test]
    fn decides_within_the_budget_or_says_so() {
        assert_eq!(is_match(&NESTED, "aab"), Some(true));
        assert_eq!(is_match(&NESTED, "b"), Some(true));
        assert_eq!(is_match(&NESTED, "aac"), Some(false));
        assert_eq!(is_match(&NESTED, &"a".repeat(64)), None);
    }
}
