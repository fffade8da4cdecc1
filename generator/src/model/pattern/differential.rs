//! The pattern engines against `regress`, an ECMA-262 engine, on random patterns and
//! strings: `regex` running the translation, or the runtime's backtracking engine running
//! the program, must find a match exactly when regress does.

use super::{compile, Engine, Inst, Program};
use oasbind_runtime::__private::check as rt;

/// A small deterministic generator (xorshift64*): the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Characters the strings are made of: ASCII, a line terminator, a space, a letter beyond
/// ASCII and one beyond the BMP (two UTF-16 units, one code point).
const ALPHABET: &[&str] = &["a", "b", "c", "1", "_", "-", " ", "\n", "é", "😀"];

const ATOMS: &[&str] = &[
    "a",
    "b",
    "c",
    "1",
    "-",
    ".",
    r"\d",
    r"\D",
    r"\w",
    r"\W",
    r"\s",
    r"\S",
    "[ab]",
    "[^a]",
    "[a-c]",
    r"[\d_]",
    "[-a]",
    "[]",
    "[^]",
    r"\u00e9",
    r"\u{1F600}",
    r"\uD83D\uDE00",
    "é",
    r"\p{L}",
    r"\P{L}",
    r"\x61",
];

/// A random pattern of about `depth` levels; `groups` holds, for each capturing group so
/// far, whether it is closed. Backreferences only name closed groups: regress answers
/// differently from V8 (and ECMA-262, and oasbind) for a group that refers to itself, as
/// in `(a\1+)` (see `self_references_match_as_v8_does`).
fn pattern(rng: &mut Rng, depth: u32, groups: &mut Vec<bool>) -> String {
    pattern_and_nesting(rng, depth, groups).0
}

/// A random pattern, and whether it has a quantified group. A group inside a quantified
/// group is never quantified itself: regress (the reference here) loops forever on some
/// of those, such as `(?:(?:a|(b+?)??){2})*c` on `"a"`.
fn pattern_and_nesting(rng: &mut Rng, depth: u32, groups: &mut Vec<bool>) -> (String, bool) {
    let mut out = String::new();
    let mut quantified_group = false;
    for _ in 0..1 + rng.below(3) {
        let mut inner = false;
        let mut sub = |rng: &mut Rng, groups: &mut Vec<bool>| {
            let (text, nested) = pattern_and_nesting(rng, depth - 1, groups);
            inner |= nested;
            text
        };
        let atom = match rng.below(if depth == 0 { 4 } else { 14 }) {
            0..=2 => rng.pick(ATOMS).to_owned(),
            3 => rng.pick(&["^", "$", r"\b", r"\B"]).to_owned(),
            4 | 5 => {
                groups.push(false);
                let n = groups.len();
                let text = format!("({})", sub(rng, groups));
                groups[n - 1] = true;
                text
            }
            6 => {
                let (a, b) = (sub(rng, groups), sub(rng, groups));
                format!("(?:{a}|{b})")
            }
            7 => format!("(?={})", sub(rng, groups)),
            8 => format!("(?!{})", sub(rng, groups)),
            9 => format!("(?<={})", sub(rng, groups)),
            10 => format!("(?<!{})", sub(rng, groups)),
            11 if groups.contains(&true) => {
                let closed: Vec<usize> = (1..=groups.len()).filter(|&n| groups[n - 1]).collect();
                format!(r"\{}", closed[rng.below(closed.len())])
            }
            12 => {
                groups.push(false);
                let n = groups.len();
                let text = format!("(?<g{n}>{})", sub(rng, groups));
                groups[n - 1] = true;
                text
            }
            _ => format!("(?:{})", sub(rng, groups)),
        };
        quantified_group |= inner;
        out.push_str(&atom);
        let assertion = matches!(atom.as_str(), "^" | "$" | r"\b" | r"\B")
            || ["(?=", "(?!", "(?<=", "(?<!"]
                .iter()
                .any(|a| atom.starts_with(a));
        let quantifiers: &[&str] = if assertion || inner {
            &[""]
        } else if atom.starts_with('(') {
            &["", "", "?", "{2}", "{0,2}", "*", "+?", "??"]
        } else {
            &[
                "", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "+?",
            ]
        };
        let quantifier = rng.pick(quantifiers);
        quantified_group |= atom.starts_with('(') && !quantifier.is_empty();
        out.push_str(quantifier);
    }
    (out, quantified_group)
}

fn string(rng: &mut Rng) -> String {
    (0..rng.below(8)).map(|_| rng.pick(ALPHABET)).collect()
}

/// The generator's program as the runtime's (leaked: a test runs a few thousand).
fn runtime_program(program: &Program) -> &'static rt::Program {
    let insts: Vec<rt::Inst> = program
        .insts
        .iter()
        .map(|inst| match inst {
            Inst::Char { ranges, back } => rt::Inst::Char {
                ranges: Box::leak(ranges.clone().into_boxed_slice()),
                back: *back,
            },
            Inst::Split(a, b) => rt::Inst::Split(*a, *b),
            Inst::Jump(to) => rt::Inst::Jump(*to),
            Inst::Start => rt::Inst::Start,
            Inst::End => rt::Inst::End,
            Inst::WordBoundary { negated } => rt::Inst::WordBoundary { negated: *negated },
            Inst::Save(slot) => rt::Inst::Save(*slot),
            Inst::Reset(from, to) => rt::Inst::Reset(*from, *to),
            Inst::Mark(slot) => rt::Inst::Mark(*slot),
            Inst::Progress(slot) => rt::Inst::Progress(*slot),
            Inst::Look {
                behind,
                negated,
                next,
            } => rt::Inst::Look {
                behind: *behind,
                negated: *negated,
                next: *next,
            },
            Inst::Backref { group, back } => rt::Inst::Backref {
                group: *group,
                back: *back,
            },
            Inst::Succeed => rt::Inst::Succeed,
        })
        .collect();
    Box::leak(Box::new(rt::Program {
        insts: Box::leak(insts.into_boxed_slice()),
        slots: program.slots,
    }))
}

/// Whether the engine oasbind chose for `source` finds a match in `s`.
fn oasbind_matches(
    engine: &Engine,
    program: Option<&'static rt::Program>,
    s: &str,
) -> Option<bool> {
    match engine {
        Engine::Linear(text) => Some(regex::Regex::new(text).unwrap().is_match(s)),
        Engine::Backtracking(_) => rt::Pattern::backtracking("", program.unwrap()).matches(s),
    }
}

#[test]
fn the_engines_agree_with_regress() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut compared, mut backtracking, mut patterns) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for _ in 0..3000 {
        let source = pattern(&mut rng, 3, &mut Vec::new());
        if std::env::var_os("OASBIND_PATTERN_TRACE").is_some() {
            eprintln!("{source:?}");
        }
        let Ok(reference) = regress::Regex::with_flags(&source, "u") else {
            continue;
        };
        let engine = compile(&source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
        patterns += 1;
        let program = match &engine {
            Engine::Backtracking(program) => {
                backtracking += 1;
                Some(runtime_program(program))
            }
            Engine::Linear(_) => None,
        };
        for _ in 0..20 {
            let s = string(&mut rng);
            let expected = reference.find(&s).is_some();
            let got = oasbind_matches(&engine, program, &s);
            compared += 1;
            if got != Some(expected) {
                disagreements.push(format!(
                    "{source:?} on {s:?}: regress {expected}, oasbind {got:?}"
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements, e.g.:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        compared > 30_000 && backtracking > 300,
        "{compared} cases, {backtracking} backtracking patterns"
    );
    println!("{compared} cases of {patterns} patterns ({backtracking} on the backtracking engine) agree with regress");
}

#[test]
fn annex_b_patterns_agree_with_regress() {
    // Valid only without the `u` flag: identity escapes, lone braces, legacy octal.
    let sources = [
        r"\-", "a{", "a{,2}", "}", "]", r"\8", r"\12", r"(a)\12", r"\c", r"[\c_]", r"[\d-z]",
        r"\k", r"\x4", r"\u12", "(?=a)*b", "(?=a)+b", r"\0",
    ];
    let mut rng = Rng(7);
    for source in sources {
        let reference = regress::Regex::new(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let engine = compile(source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
        let program = match &engine {
            Engine::Backtracking(program) => Some(runtime_program(program)),
            Engine::Linear(_) => None,
        };
        for s in [
            source.to_owned(),
            "a".into(),
            "ab".into(),
            "\u{8}".into(),
            "\n".into(),
            "8".into(),
            "\u{a}".into(),
            "z-".into(),
            "k".into(),
        ]
        .into_iter()
        .chain((0..30).map(|_| string(&mut rng)))
        {
            assert_eq!(
                oasbind_matches(&engine, program, &s),
                Some(reference.find(&s).is_some()),
                "{source:?} on {s:?}"
            );
        }
    }
}

#[test]
fn self_references_match_as_v8_does() {
    // Inside its own group a backreference names an unset group, which matches empty
    // (ECMA-262 BackreferenceMatcher). Expected values from V8 (`node`, `/…/u.test`);
    // regress 0.10 answers `false` to each.
    for (source, s) in [(r"(a\1+)", "a"), (r"([ab]+\1{1,})\1{1,}", "b c aa")] {
        let engine = compile(source).unwrap();
        let Engine::Backtracking(program) = &engine else {
            panic!("{source}: a backreference needs the backtracking engine");
        };
        assert_eq!(
            oasbind_matches(&engine, Some(runtime_program(program)), s),
            Some(true),
            "{source}"
        );
    }
}
