//! A quick slice of the JSON Schema Test Suite, so that regressions show in
//! `cargo test --workspace`: a few keyword files of each draft pass the same gate as the
//! full run (`cargo run -p oasbind-conformance --release`, see the README), and at least
//! [`FLOOR`] of their cases must actually pass: a run that skipped or lost them fails.

use oasbind_conformance as runner;
use oasbind_test_support as support;

const FILES: [&str; 7] = [
    "type.json",
    "ref.json",
    "refRemote.json",
    "uniqueItems.json",
    "multipleOf.json",
    "unevaluatedProperties.json",
    "optional/format/date-time.json",
];

/// Cases of the slice that pass today, less a margin for an upstream edit of the suite:
/// counted cases that were skipped, or that were never read, do not reach it.
const FLOOR: usize = 670;

#[test]
fn a_slice_of_the_suite_agrees() {
    let Some(suite) = support::testdata("conformance slice", "json-schema-test-suite") else {
        return;
    };
    let repo = runner::repo_root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    let options = runner::Options {
        suite,
        drafts: vec!["draft4".to_owned(), "draft2020-12".to_owned()],
        only: FILES.map(str::to_owned).to_vec(),
        scratch: target.join("conformance-subset"),
        target: Some(target.join("conformance").join("target")),
        lockfile: Some(repo.join("Cargo.lock")),
    };
    let report = runner::run(&options, &mut |line| eprintln!("conformance: {line}"))
        .expect("the runner runs");
    let (passed, total, skipped) = runner::totals(report.values().flat_map(|files| files.values()));
    support::say(&format!(
        "conformance slice: {passed} of {total} cases pass, {skipped} in skipped groups"
    ));
    let problems = runner::gate(&report);
    assert!(
        problems.is_empty(),
        "the gate fails:\n{}",
        problems.join("\n")
    );
    assert!(passed >= FLOOR, "only {passed} cases passed ({skipped} skipped of {total}); the slice passes at least {FLOOR}");
}
