//! The worst case of each pattern on 100 KB adversarial strings: the patterns backtracking
//! engines are known to take exponential or quadratic time on, and every pattern of the
//! real-world corpus (`schemas/corpus-patterns.json`), each against strings made to make
//! its loops run long and then fail. Prints one Markdown table (docs/patterns.md).
//!
//! For each pattern and string, oasbind's time is that of the generated `validate_json`
//! on the string as JSON text (read, the lean check, and for a string that fails, the
//! diagnosing check that reports it: the pattern runs twice), the best of three; the
//! jsonschema crate's is `is_valid` on the parsed value, with its default (fancy-regex,
//! backtrack limit) engine, the best of three unless one run took over a second (and once
//! one string took that long, the pattern's other strings are not given to it).
//!
//! `cargo bench -p oasbind-bench --bench patterns`

use oasbind_bench::{patterns, PATTERN_CASES};
use std::time::{Duration, Instant};

const SIZE: usize = 100 * 1024;

/// Strings of about 100 KB: runs of one character (what a loop consumes), then a character
/// that makes the match fail at the end, or nothing.
fn subjects() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for unit in [
        "a", "x", "0", " ", "-", "é", "A", "_", ".", "aA1-", "ab", "a1", "ąé",
    ] {
        let run = unit.repeat(SIZE / unit.len());
        for end in ["", "!", "\n", "x"] {
            out.push((
                format!("{unit:?}×{} + {end:?}", SIZE / unit.len()),
                format!("{run}{end}"),
            ));
        }
    }
    out
}

fn best_of_three(mut f: impl FnMut() -> bool) -> (Duration, bool) {
    let mut best = Duration::MAX;
    let mut verdict = false;
    for _ in 0..3 {
        let start = Instant::now();
        verdict = std::hint::black_box(f());
        let took = start.elapsed();
        best = best.min(took);
        if took > Duration::from_secs(1) {
            break;
        }
    }
    (best, verdict)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter narrows the patterns by name.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let subjects: Vec<(String, String, serde_json::Value)> = subjects()
        .into_iter()
        .map(|(label, s)| {
            let json = serde_json::to_string(&s).expect("a string");
            (label, json, serde_json::Value::String(s))
        })
        .collect();
    println!(
        "| pattern | oasbind worst (ms) | on | jsonschema worst (ms) | on | jsonschema / oasbind |"
    );
    println!("|---|---:|---|---:|---|---:|");
    let (mut worst, mut worst_peer) = (Duration::ZERO, Duration::ZERO);
    let mut undecided = 0;
    for (name, pattern) in PATTERN_CASES {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let peer = jsonschema::validator_for(&serde_json::json!({"pattern": pattern})).ok();
        let (mut ours, mut ours_on) = (Duration::ZERO, "");
        let (mut theirs, mut theirs_on) = (Duration::ZERO, "");
        for (label, json, value) in &subjects {
            let validate = || patterns::validate_json(name, json).expect("a definition");
            let (took, _) = best_of_three(|| validate().is_ok());
            if let Err(violations) = validate() {
                undecided +=
                    usize::from(violations.0[0].message.starts_with("could not be decided"));
            }
            if took > ours {
                (ours, ours_on) = (took, label);
            }
            // Past a second on one string, the peer's worst is known well enough: the
            // remaining strings would take minutes.
            if let Some(peer) = peer.as_ref().filter(|_| theirs < Duration::from_secs(1)) {
                let (took, _) = best_of_three(|| peer.is_valid(value));
                if took > theirs {
                    (theirs, theirs_on) = (took, label);
                }
            }
        }
        worst = worst.max(ours);
        worst_peer = worst_peer.max(theirs);
        let (theirs_ms, ratio) = match peer {
            Some(_) => (
                ms(theirs),
                format!("{:.1}", theirs.as_secs_f64() / ours.as_secs_f64()),
            ),
            None => ("does not compile".to_owned(), "".to_owned()),
        };
        println!(
            "| `{}` | {} | {ours_on} | {theirs_ms} | {theirs_on} | {ratio} |",
            pattern.replace('|', "\\|"),
            ms(ours)
        );
    }
    println!();
    println!(
        "{} patterns × {} strings: oasbind's worst {} ms, jsonschema's worst {} ms; {undecided} runs reported as undecided",
        PATTERN_CASES.len(),
        subjects.len(),
        ms(worst),
        ms(worst_peer)
    );
}
