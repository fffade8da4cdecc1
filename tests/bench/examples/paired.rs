//! Wall-clock ratios that hold up on a busy machine: oasbind and the jsonschema crate take
//! turns, a few milliseconds each, on the same document set, so that both meet the same
//! load; the ratio of each pair of turns is taken, and the median over many pairs
//! reported. Criterion times one side for seconds and then the other, and on this shared
//! machine the load changes in between (the same code measured 0.53 µs and 0.82 µs in
//! two criterion runs minutes apart).
//!
//! `cargo run --release -p oasbind-bench --example paired [ROUNDS]` (default 61 rounds)

use oasbind_bench::{all_sets, generated, reference, validator, Set};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long one turn lasts, roughly.
const TURN: Duration = Duration::from_millis(4);

/// Seconds per iteration of `n` iterations of `f`.
fn turn(n: u32, f: &mut dyn FnMut() -> usize) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    start.elapsed().as_secs_f64() / f64::from(n)
}

/// How many iterations of `f` fill a turn.
fn calibrate(f: &mut dyn FnMut() -> usize) -> u32 {
    let mut n = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        if start.elapsed() >= TURN / 4 || n >= 1 << 24 {
            return (n * 4).max(1);
        }
        n *= 2;
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn time(seconds: f64) -> String {
    match seconds {
        s if s >= 1e-3 => format!("{:.2} ms", s * 1e3),
        s => format!("{:.2} µs", s * 1e6),
    }
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map_or(61, |r| r.parse().expect("a number of rounds"));
    println!("| document set | oasbind | jsonschema | ratio (median of {rounds} paired turns) | middle half of the ratios |");
    println!("|---|---:|---:|---:|---|");
    for set in &all_sets() {
        let validator = validator(set);
        let expected = if set.valid { set.docs.len() } else { 0 };
        assert_eq!(generated(set), expected, "oasbind on {}", set.name);
        assert_eq!(
            reference(set, &validator),
            expected,
            "jsonschema on {}",
            set.name
        );
        let mut ours = || generated(black_box::<&Set>(set));
        let mut theirs = || reference(black_box::<&Set>(set), &validator);
        let (n_ours, n_theirs) = (calibrate(&mut ours), calibrate(&mut theirs));
        let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            // Alternate which side goes first, so neither always meets a cache the other left.
            let (x, y) = if round % 2 == 0 {
                let x = turn(n_ours, &mut ours);
                (x, turn(n_theirs, &mut theirs))
            } else {
                let y = turn(n_theirs, &mut theirs);
                (turn(n_ours, &mut ours), y)
            };
            a.push(x);
            b.push(y);
            ratios.push(y / x);
        }
        let mut sorted = ratios.clone();
        sorted.sort_by(f64::total_cmp);
        let (q1, q3) = (sorted[sorted.len() / 4], sorted[sorted.len() * 3 / 4]);
        println!(
            "| {} | {} | {} | {:.1}× | {:.1}×–{:.1}× |",
            set.name,
            time(median(a)),
            time(median(b)),
            median(ratios),
            q1,
            q3
        );
    }
}
