//! One document set through one validator, `n` times, for `bench/instructions.sh`: under
//! callgrind, which counts the instructions of `measured` only, so the counts do not
//! depend on what else the machine is doing (wall-clock runs here differ by up to 2×).
//!
//! `instructions <set> <oasbind|jsonschema> <n>`

use oasbind_bench::{all_sets, generated, reference, validator, Set};
use std::hint::black_box;

#[inline(never)]
fn measured(set: &Set, validator: &jsonschema::Validator, oasbind: bool, n: usize) -> usize {
    (0..n)
        .map(|_| {
            if oasbind {
                generated(black_box(set))
            } else {
                reference(black_box(set), validator)
            }
        })
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, name, which, n] = args.as_slice() else {
        eprintln!("usage: instructions <set> <oasbind|jsonschema> <n>");
        std::process::exit(2);
    };
    let sets = all_sets();
    let Some(set) = sets.iter().find(|s| s.name == name) else {
        eprintln!(
            "no set {name}; the sets: {}",
            sets.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
        );
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("a count");
    let validator = validator(set);
    let expected = if set.valid { set.docs.len() * n } else { 0 };
    assert_eq!(
        measured(set, &validator, which == "oasbind", n),
        expected,
        "{which} on {name}"
    );
}
