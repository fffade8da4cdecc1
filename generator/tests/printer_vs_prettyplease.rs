//! oasbind's printer (`emit/printer.rs`) against prettyplease, on every fixture, the seed and
//! a deterministic sample of the shared corpus: each definition is generated twice, with
//! the default formatter and with `Formatter::Prettyplease` (the emitters' tokens parsed by
//! `syn` and printed by prettyplease), and
//!
//! - both outputs must hold the same tokens (re-lexed, spans ignored, string literals by
//!   value, without the trailing commas either printer may add to a broken list), and
//!   oasbind's must parse as a Rust file;
//! - where the layout differs is reported: per file, how many of oasbind's lines
//!   prettyplease lays out otherwise, with a few examples, on stderr and in
//!   `target/tmp/printer-vs-prettyplease.txt`.
//!
//! The layout is not asserted: prettyplease is a reference, not the rule. A difference that
//! is a mistake (a space inside `?Sized`, an indentation that no nesting explains) gets a
//! rule in the printer and a case in its unit tests.
//!
//! The corpus sample is every `OASBIND_PRINTER_SAMPLE`-th definition by sorted path
//! (default 8), files over 1 MB left out, to keep the run within a minute in debug builds;
//! `OASBIND_PRINTER_SAMPLE=all` compares the whole corpus, the large definitions included
//! (in release: `cargo test --release -p oasbind --test printer_vs_prettyplease`).

use oasbind::{Config, Formatter};
use oasbind_test_support as support;
use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

/// The corpus sample leaves out definitions larger than this (GitHub's is 13 MB).
const MAX_CORPUS_BYTES: u64 = 1_000_000;
/// Examples of layout differences shown per file in the summary file, and on stderr overall.
const EXAMPLES_PER_FILE: usize = 3;
const EXAMPLES_ON_STDERR: usize = 8;

/// One token as the compiler sees it, with the line it is on.
#[derive(Debug)]
struct Tok {
    text: String,
    /// Punctuation written against the next punctuation (`-` of `->`).
    joint: bool,
    line: usize,
    /// Where the token starts on its line and, when it ends on the same line, the column
    /// after it.
    column: usize,
    end: Option<usize>,
}

impl Tok {
    fn new(text: String, joint: bool, span: proc_macro2::Span) -> Tok {
        let (start, end) = (span.start(), span.end());
        Tok {
            text,
            joint,
            line: start.line,
            column: start.column,
            end: (end.line == start.line).then_some(end.column),
        }
    }
}

/// The tokens of `source`, flattened (a group is its open delimiter, its tokens, its close),
/// match arms in one form (see [`arms`]).
fn lex(source: &str) -> Result<Vec<Tok>, String> {
    let stream = TokenStream::from_str(source).map_err(|e| format!("does not lex: {e}"))?;
    let mut out = Vec::new();
    flatten(arms(stream).into_iter().collect(), &mut out);
    // Trailing commas are the printers' choice: drop a comma before a closing delimiter
    // or the `>` of a broken generic list.
    let trailing = |i: usize| {
        out[i].text == ","
            && out
                .get(i + 1)
                .is_some_and(|n: &Tok| matches!(n.text.as_str(), ")" | "]" | "}" | ">"))
    };
    let keep: Vec<bool> = (0..out.len()).map(|i| !trailing(i)).collect();
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
    Ok(out)
}

/// Match arms and closure bodies in the one form that both printers' have in common:
/// prettyplease writes the body of an arm as it fits, `=> x,`, or `=> {` `x` `}` when it
/// breaks (with a `;` after `x` when `x` is a statement, such as an assignment or
/// `return`), and `=> {}` for `=> ()`; it unwraps `=> { x }`; and it braces a closure's
/// body that breaks. So a body that is a block of one expression (for an arm, with or
/// without a `;`) is written here without its braces and its `;`, an arm's `()` and `{}`
/// are nothing, and the comma after an arm goes.
fn arms(stream: TokenStream) -> Vec<TokenTree> {
    let trees: Vec<TokenTree> = stream
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), arms(g.stream()).into_iter().collect());
                inner.set_span(g.span());
                TokenTree::Group(inner)
            }
            tree => tree,
        })
        .collect();
    let punct = |t: &TokenTree, c: char| matches!(t, TokenTree::Punct(p) if p.as_char() == c);
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        // A closure's body: prettyplease braces one that breaks.
        if i > 0 && punct(&trees[i - 1], '|') {
            if let TokenTree::Group(g) = &trees[i] {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                if g.delimiter() == Delimiter::Brace
                    && !inner.is_empty()
                    && !inner.iter().any(|t| punct(t, ';'))
                {
                    out.extend(inner);
                    i += 1;
                    continue;
                }
            }
        }
        out.push(trees[i].clone());
        let arrow = i > 0
            && punct(&trees[i], '>')
            && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Joint);
        i += 1;
        if !arrow {
            continue;
        }
        // The body ends at a comma, or at a block that nothing continues (`=> match x {..}`
        // and `=> {..}` need no comma before the next arm).
        let continues = |t: Option<&TokenTree>| match t {
            Some(TokenTree::Punct(p)) => ".?+*/%^=!<>".contains(p.as_char()),
            Some(TokenTree::Ident(i)) => i == "else" || i == "as",
            _ => false,
        };
        // Commas inside `<T as Trait>` and `::<A, Option<B>>` are not the arm's.
        let (mut end, mut angles) = (i, 0usize);
        while end < trees.len() && !(angles == 0 && punct(&trees[end], ',')) {
            let t = &trees[end];
            if punct(t, '<') && (angles > 0 || end == i || punct(&trees[end - 1], ':')) {
                angles += 1;
            } else if punct(t, '>')
                && angles > 0
                && !matches!(&trees[end - 1], TokenTree::Punct(p) if p.as_char() == '-' && p.spacing() == Spacing::Joint)
            {
                angles -= 1;
            }
            let block = matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
            end += 1;
            if block && angles == 0 && !continues(trees.get(end)) {
                break;
            }
        }
        let mut body: Vec<TokenTree> = trees[i..end].to_vec();
        loop {
            match body.as_slice() {
                [TokenTree::Group(g)]
                    if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty() =>
                {
                    body.clear()
                }
                [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
                    let mut inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    if inner.last().is_some_and(|t| punct(t, ';')) {
                        inner.pop();
                    }
                    if inner.iter().any(|t| punct(t, ';')) {
                        break;
                    }
                    body = inner;
                }
                _ => break,
            }
        }
        out.extend(body);
        // Past the comma after the arm.
        i = if trees.get(end).is_some_and(|t| punct(t, ',')) {
            end + 1
        } else {
            end
        };
    }
    out
}

fn flatten(stream: TokenStream, out: &mut Vec<Tok>) {
    for tree in stream {
        let span = tree.span();
        match tree {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push(Tok::new(open.to_owned(), false, g.span_open()));
                flatten(g.stream(), out);
                out.push(Tok::new(close.to_owned(), false, g.span_close()));
            }
            TokenTree::Punct(p) => out.push(Tok::new(
                p.as_char().to_string(),
                p.spacing() == Spacing::Joint,
                span,
            )),
            TokenTree::Literal(l) => {
                let text = l.to_string();
                // A doc comment is lexed as a raw string: compare strings by value.
                let value = match syn::parse_str::<syn::Lit>(&text) {
                    Ok(syn::Lit::Str(s)) => format!("{:?}", s.value()),
                    _ => text,
                };
                out.push(Tok::new(value, false, span));
            }
            TokenTree::Ident(i) => out.push(Tok::new(i.to_string(), false, span)),
        }
    }
}

/// Punctuation that is one token when written together.
const COMPOUND: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "..", "+=", "-=", "*=", "/=", "%=", "^=",
    "&=", "|=", "<<", ">>", "<-",
];

/// Where two token lists first differ, with the tokens around it; `None` when equal.
fn token_difference(a: &[Tok], b: &[Tok]) -> Option<String> {
    let glued = |v: &[Tok], i: usize| {
        v[i].joint
            && v.get(i + 1)
                .is_some_and(|n| COMPOUND.contains(&format!("{}{}", v[i].text, n.text).as_str()))
    };
    let i =
        (0..a.len().min(b.len())).find(|&i| a[i].text != b[i].text || glued(a, i) != glued(b, i));
    let i = match i {
        Some(i) => i,
        None if a.len() == b.len() => return None,
        None => a.len().min(b.len()),
    };
    let around = |v: &[Tok]| {
        let (from, to) = (i.saturating_sub(6), (i + 6).min(v.len()));
        let line = v.get(i).map_or(0, |t| t.line);
        let text = v[from..to]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        format!("line {line}: {text}")
    };
    Some(format!(
        "token {i} differs:\n  oasbind:      {}\n  prettyplease: {}",
        around(a),
        around(b)
    ))
}

/// How a line of oasbind's output differs from prettyplease's for the same tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Difference {
    /// The same tokens on one line each, with a space between two of them in one output
    /// and not in the other: the likeliest mistakes (`+? Sized`).
    Spacing,
    /// The same tokens on one line each, spaced alike, indented otherwise.
    Indentation,
    /// The tokens are broken over lines otherwise: the printers' preferences.
    Breaks,
    /// An attribute that prettyplease breaks over lines (oasbind writes each on one line).
    Attribute,
}

/// How oasbind's layout compares with prettyplease's, over the same tokens.
struct Layout {
    /// Lines of oasbind's output that hold tokens.
    lines: usize,
    /// Of those, the ones prettyplease writes otherwise, by how. Tokens that only one
    /// printer writes (a trailing comma, an arm's braces) do not count.
    differing: [usize; 4],
    /// Runs of consecutive lines that differ the same way: how, oasbind's lines, and
    /// prettyplease's for the same tokens (a few of each kind).
    examples: Vec<(Difference, Vec<String>, Vec<String>)>,
}

fn layout(ours: &str, a: &[Tok], theirs: &str, b: &[Tok]) -> Layout {
    let (ours_lines, theirs_lines): (Vec<&str>, Vec<&str>) =
        (ours.lines().collect(), theirs.lines().collect());
    // Token ranges of each of oasbind's lines.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (i, t) in a.iter().enumerate() {
        match ranges.last_mut() {
            Some(r) if a[r.0].line == t.line => r.1 = i + 1,
            _ => ranges.push((i, i + 1)),
        }
    }
    let compare = |&(from, to): &(usize, usize)| {
        let line = b[from].line;
        let alone = b[from..to].iter().all(|t| t.line == line)
            && (from == 0 || b[from - 1].line != line)
            && b.get(to).is_none_or(|t| t.line != line);
        let touching = |v: &[Tok], i: usize| v[i].end == Some(v[i + 1].column);
        match () {
            _ if !alone && a[from].text == "#" => Some(Difference::Attribute),
            _ if !alone => Some(Difference::Breaks),
            _ if (from..to - 1).any(|i| touching(a, i) != touching(b, i)) => {
                Some(Difference::Spacing)
            }
            _ if a[from].column != b[from].column => Some(Difference::Indentation),
            _ => None,
        }
    };
    let mut out = Layout {
        lines: ranges.len(),
        differing: [0; 4],
        examples: Vec::new(),
    };
    let flush = |run: &mut Option<(Difference, usize, usize)>, out: &mut Layout| {
        let Some((how, first, last)) = run.take() else {
            return;
        };
        if out.examples.iter().filter(|e| e.0 == how).count() < EXAMPLES_PER_FILE {
            let (from, to) = (ranges[first].0, ranges[last].1 - 1);
            let show = |lines: &[&str], from: usize, to: usize| {
                lines[from - 1..to.min(from + 7)]
                    .iter()
                    .map(|l| (*l).to_owned())
                    .collect()
            };
            out.examples.push((
                how,
                show(&ours_lines, a[from].line, a[to].line),
                show(&theirs_lines, b[from].line, b[to].line),
            ));
        }
    };
    let mut run: Option<(Difference, usize, usize)> = None;
    for (n, range) in ranges.iter().enumerate() {
        let how = compare(range);
        if run.is_some_and(|r| Some(r.0) != how) {
            flush(&mut run, &mut out);
        }
        if let Some(how) = how {
            out.differing[how as usize] += 1;
            run = Some((how, run.map_or(n, |r| r.1), n));
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The definitions to compare: the fixtures and the seed, then the corpus sample.
fn definitions() -> (Vec<PathBuf>, Vec<PathBuf>) {
    let root = support::repo_root();
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "tests/http/fixtures", "schemas"] {
        walk(&root.join(dir), &mut files);
    }
    files.sort();
    let mut sample = Vec::new();
    if let Some(specs) = support::testdata("printer_vs_prettyplease", "specs") {
        let setting = std::env::var("OASBIND_PRINTER_SAMPLE").unwrap_or_default();
        let all = setting == "all";
        let step: usize = if all {
            1
        } else {
            setting.parse().ok().filter(|&n| n > 0).unwrap_or(8)
        };
        let mut corpus = Vec::new();
        walk(&specs, &mut corpus);
        corpus.sort();
        corpus.retain(|f| all || std::fs::metadata(f).is_ok_and(|m| m.len() <= MAX_CORPUS_BYTES));
        sample.extend(corpus.into_iter().step_by(step));
    }
    (files, sample)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        {
            out.push(path);
        }
    }
}

/// A file of a multi-file fixture that other files point into, not a definition itself.
fn is_fragment(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let keys = ["swagger", "openapi", "$schema"];
    !text.lines().any(|l| {
        keys.iter().any(|k| {
            l.starts_with(&format!("{k}:")) || l.trim_start().starts_with(&format!("\"{k}\""))
        })
    })
}

#[test]
fn the_printer_keeps_the_tokens_prettyplease_prints() {
    let started = Instant::now();
    let root = support::repo_root();
    let mut config = Config::new();
    config.http(true).schemars(true);
    let mut pretty = config.clone();
    pretty.formatter(Formatter::Prettyplease);

    let mut report = String::new();
    let mut failures = Vec::new();
    let (mut compared, mut tokens, mut lines, mut differing) =
        (0usize, 0usize, 0usize, [0usize; 4]);
    let mut not_generated = Vec::new();
    let mut stderr_examples = Vec::new();
    let (fixtures, corpus) = definitions();
    let definitions = fixtures.iter().filter(|f| !is_fragment(f)).count();
    let (mut compared_fixtures, mut compared_corpus) = (0usize, 0usize);
    for (path, in_corpus) in fixtures
        .iter()
        .map(|f| (f, false))
        .chain(corpus.iter().map(|f| (f, true)))
    {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let name = name.trim_start_matches("../").to_owned();
        let (ours, theirs) = match (
            oasbind::generate_file(path, &config),
            oasbind::generate_file(path, &pretty),
        ) {
            (Ok(a), Ok(b)) => (a.code, b.code),
            (Err(a), Err(b)) if a.to_string() == b.to_string() => {
                // The corpus gate says which definitions do not generate; a fixture must.
                if !in_corpus && !is_fragment(path) {
                    failures.push(format!("{name}: does not generate: {a}"));
                }
                not_generated.push(name);
                continue;
            }
            (a, b) => {
                failures.push(format!(
                    "{name}: only one formatter generates it: oasbind {:?}, prettyplease {:?}",
                    a.err(),
                    b.err()
                ));
                continue;
            }
        };
        if let Some((who, e)) = [("oasbind", &ours), ("prettyplease", &theirs)]
            .into_iter()
            .find_map(|(who, code)| Some((who, syn::parse_file(code).err()?)))
        {
            failures.push(format!("{name}: {who}'s output does not parse: {e}"));
            continue;
        }
        let (a, b) = match (lex(&ours), lex(&theirs)) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                failures.push(format!("{name}: {:?} {:?}", a.err(), b.err()));
                continue;
            }
        };
        if let Some(d) = token_difference(&a, &b) {
            failures.push(format!("{name}: {d}"));
            continue;
        }
        let l = layout(&ours, &a, &theirs, &b);
        compared += 1;
        *(if in_corpus {
            &mut compared_corpus
        } else {
            &mut compared_fixtures
        }) += 1;
        tokens += a.len();
        lines += l.lines;
        for (total, n) in differing.iter_mut().zip(l.differing) {
            *total += n;
        }
        let _ = writeln!(
            report,
            "{name}: {} tokens equal; {}",
            a.len(),
            counts(l.differing, l.lines)
        );
        for (how, o, p) in &l.examples {
            let example = format!(
                "  {how:?}: oasbind\n{}\n  prettyplease\n{}",
                indent(o),
                indent(p)
            );
            let _ = writeln!(report, "{example}");
            stderr_examples.push((*how, format!("{name}:\n{example}")));
        }
    }
    let summary = format!(
        "printer vs prettyplease: {compared} files, {tokens} tokens equal; {}; {} not generated by either; {:.1} s",
        counts(differing, lines),
        not_generated.len(),
        started.elapsed().as_secs_f64()
    );
    // The likeliest mistakes first: spacing, then indentation, then line breaks, each
    // from the first files that have one.
    stderr_examples.sort_by_key(|e| e.0);
    let mut shown = [0usize; 4];
    stderr_examples.retain(|e| {
        shown[e.0 as usize] += 1;
        shown[e.0 as usize] <= EXAMPLES_ON_STDERR / 4
    });
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("printer-vs-prettyplease.txt");
    let written = std::fs::write(
        &file,
        format!("{summary}\nnot generated: {not_generated:?}\n\n{report}"),
    );
    support::say(&format!(
        "{summary}\nexamples of layout differences (all: {}):",
        file.display()
    ));
    for (_, example) in &stderr_examples {
        support::say(example);
    }
    assert!(
        failures.is_empty(),
        "{} files fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    written.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    // Every fixture is compared, the seed among them; most of the corpus sample is (the
    // corpus gate lists the few definitions that do not generate).
    assert!(
        fixtures
            .iter()
            .any(|f| f.ends_with("schemas/rakbank/partner_auth.json")),
        "the seed is not among {fixtures:?}"
    );
    assert_eq!(compared_fixtures, definitions, "fixtures compared");
    assert!(
        compared_corpus * 4 >= corpus.len() * 3,
        "only {compared_corpus} of {} corpus definitions compared",
        corpus.len()
    );
}

fn counts(differing: [usize; 4], lines: usize) -> String {
    let all: usize = differing.iter().sum();
    let [spacing, indentation, breaks, attributes] = differing;
    format!(
        "{all} of {lines} lines laid out differently ({:.1}%: {attributes} attributes and {breaks} other lines broken otherwise, {indentation} indented otherwise, {spacing} spaced otherwise)",
        all as f64 * 100.0 / lines.max(1) as f64
    )
}

fn indent(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("    | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The comparison itself: equal tokens pass, a changed token or a lost one fails, and the
/// layout counts the lines written otherwise.
#[test]
fn the_comparison_sees_tokens_and_lines() {
    let a = lex("fn f(x: u8) -> u8 {\n    x\n}\n").unwrap();
    let b = lex("fn f(\n    x: u8,\n) -> u8 {\n    x\n}\n").unwrap();
    assert!(
        token_difference(&a, &b).is_none(),
        "a trailing comma is layout"
    );
    let l = layout(
        "fn f(x: u8) -> u8 {\n    x\n}\n",
        &a,
        "fn f(\n    x: u8,\n) -> u8 {\n    x\n}\n",
        &b,
    );
    assert_eq!((l.lines, l.differing), (3, [0, 0, 1, 0]));
    let broken = vec![
        "fn f(".to_owned(),
        "    x: u8,".to_owned(),
        ") -> u8 {".to_owned(),
    ];
    assert_eq!(
        l.examples,
        vec![(
            Difference::Breaks,
            vec!["fn f(x: u8) -> u8 {".to_owned()],
            broken
        )]
    );

    let indented = lex("fn f(x: u8) -> u8 {\n        x\n}\n").unwrap();
    let l = layout(
        "fn f(x: u8) -> u8 {\n        x\n}\n",
        &indented,
        "fn f(x: u8) -> u8 {\n    x\n}\n",
        &a,
    );
    assert_eq!(l.differing, [0, 1, 0, 0], "indentation counts");
    let spaced = lex("fn f(x : u8) -> u8 {\n    x\n}\n").unwrap();
    let l = layout(
        "fn f(x: u8) -> u8 {\n    x\n}\n",
        &a,
        "fn f(x : u8) -> u8 {\n    x\n}\n",
        &spaced,
    );
    assert_eq!(l.differing, [1, 0, 0, 0], "spaces count");
    assert_eq!(l.examples[0].1, vec!["fn f(x: u8) -> u8 {".to_owned()]);

    let other = lex("fn f(x: u16) -> u8 {\n    x\n}\n").unwrap();
    assert!(
        token_difference(&a, &other).unwrap().contains("token 5"),
        "{:?}",
        token_difference(&a, &other)
    );
    let shorter = lex("fn f(x: u8) -> u8 {\n}\n").unwrap();
    assert!(token_difference(&a, &shorter).is_some());
    let (glued, apart) = (lex("a <- b").unwrap(), lex("a < -b").unwrap());
    assert!(
        token_difference(&glued, &apart).is_some(),
        "`<-` is not `< -`"
    );
    // Arms and closures: prettyplease's braces and commas are not tokens of the meaning.
    let braced =
        lex("match v { 0 => { f::<A, Option<B>>(x, y) } 1 => (), _ => { y = 1; } }").unwrap();
    let plain = lex("match v { 0 => f::<A, Option<B>>(x, y), 1 => {} _ => y = 1, }").unwrap();
    assert!(
        token_difference(&braced, &plain).is_none(),
        "{:?}",
        token_difference(&braced, &plain)
    );
    let (braced, plain) = (
        lex("g(|x| { x + 1 }, || { 2 })").unwrap(),
        lex("g(|x| x + 1, || 2)").unwrap(),
    );
    assert!(
        token_difference(&braced, &plain).is_none(),
        "{:?}",
        token_difference(&braced, &plain)
    );
    let (one, other) = (
        lex("match v { 0 => { f(y) } }").unwrap(),
        lex("match v { 0 => f(x), }").unwrap(),
    );
    assert!(
        token_difference(&one, &other).is_some(),
        "an arm's body is still compared"
    );
    let (block, statements) = (
        lex("match v { 0 => { a(); b() } }").unwrap(),
        lex("match v { 0 => a(); b(), }").unwrap(),
    );
    assert!(
        token_difference(&block, &statements).is_some(),
        "only a block of one expression loses its braces"
    );
    let (doc, attr) = (
        lex("/// Text \"q\".\nstruct S;").unwrap(),
        lex("#[doc = \" Text \\\"q\\\".\"]\nstruct S;").unwrap(),
    );
    assert!(
        token_difference(&doc, &attr).is_none(),
        "a doc comment is its attribute"
    );
}
