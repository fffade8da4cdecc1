//! A quick slice of the JSON Schema Test Suite, so that regressions show in
//! `cargo test --workspace`: a few keyword files of each draft, every case must agree.
//! The full run is `cargo run -p oasbind-conformance --release` (see the README).

use oasbind_conformance as runner;

#[test]
fn a_slice_of_the_suite_agrees() {
    let repo = runner::repo_root();
    let suite = runner::default_suite(&repo);
    if !suite.join("tests").is_dir() {
        println!("skipped: the JSON Schema Test Suite is not at {} (set OASBIND_TESTDATA)", suite.display());
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| repo.join("target"));
    let options = runner::Options {
        suite,
        drafts: vec!["draft4".to_owned(), "draft2020-12".to_owned()],
        only: ["type.json", "ref.json", "refRemote.json", "uniqueItems.json", "multipleOf.json", "unevaluatedProperties.json", "optional/format/date-time.json"]
            .map(str::to_owned)
            .to_vec(),
        scratch: target.join("conformance-subset"),
        target: Some(target.join("conformance").join("target")),
        lockfile: Some(repo.join("Cargo.lock")),
    };
    let report = runner::run(&options, &mut |line| eprintln!("conformance: {line}")).expect("the runner runs");
    let (passed, total) = runner::totals(report.values().flat_map(|files| files.values()));
    println!("{passed} of {total} cases agree");
    assert!(total > 500, "the slice has cases: {total}");
    let failures: Vec<String> = report
        .iter()
        .flat_map(|(draft, files)| files.iter().flat_map(move |(file, r)| r.failed.iter().map(move |f| format!("{draft}/{file}: {f}"))))
        .collect();
    assert!(failures.is_empty(), "disagreements:\n{}", failures.join("\n"));
}
