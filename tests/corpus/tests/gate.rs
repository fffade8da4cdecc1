//! The corpus gate: a definition that newly fails, a listed failure that passes now, and a
//! checked-in report that is not what the run gives each fail the run.

use oasbind_test_support as support;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("corpus-gate")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A corpus folder `specs/` with the seed definition and one with a `$ref` to nothing.
fn corpus(root: &Path) -> PathBuf {
    let specs = root.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::copy(
        support::repo_root().join("schemas/rakbank/partner_auth.json"),
        specs.join("good.json"),
    )
    .unwrap();
    std::fs::write(specs.join("bad.json"), r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"definitions":{"a":{"$ref":"#/definitions/nowhere"}}}"##)
        .unwrap();
    specs
}

fn run(args: &[&str], specs: &Path, testdata: &Path) -> (Option<i32>, String) {
    let Output { status, stderr, .. } = Command::new(env!("CARGO_BIN_EXE_oasbind-corpus"))
        .args(["--jobs", "1"])
        .args(args)
        .arg(specs)
        .env("OASBIND_TESTDATA", testdata)
        .env_remove("OASBIND_BLESS")
        // One check crate for every run of this file: its dependencies build once.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-gate-target"),
        )
        .output()
        .expect("the runner starts");
    (status.code(), String::from_utf8_lossy(&stderr).into_owned())
}

#[test]
fn the_expected_failures_must_be_exact_and_the_report_fresh() {
    let root = scratch("data");
    let specs = corpus(&root);
    let list = root.join("expected.txt");
    let out = root.join("report");
    let out = out.to_str().unwrap();

    // A failure nobody listed.
    std::fs::write(&list, "# nothing is expected to fail\n").unwrap();
    let (code, stderr) = run(
        &["--out", out, "--expect-failures", list.to_str().unwrap()],
        &specs,
        &root,
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("specs/bad.json: a new failure: generation: specs/bad.json: /definitions/a/$ref: `$ref` \"#/definitions/nowhere\" points at nothing"), "{stderr}");

    // A listed failure that passes now, beside the real one.
    std::fs::write(
        &list,
        "specs/bad.json  # a $ref to nothing\nspecs/good.json  # fixed since\n",
    )
    .unwrap();
    let (code, stderr) = run(
        &["--out", out, "--expect-failures", list.to_str().unwrap()],
        &specs,
        &root,
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "specs/good.json: generates and compiles now; take it off the expected failures"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("a new failure"), "{stderr}");

    // Exactly the failures listed: the gate holds, and the report says the same.
    std::fs::write(&list, "specs/bad.json  # a $ref to nothing\n").unwrap();
    let (code, stderr) = run(
        &["--out", out, "--expect-failures", list.to_str().unwrap()],
        &specs,
        &root,
    );
    assert_eq!(code, Some(0), "{stderr}");
    let md = std::fs::read_to_string(root.join("report/corpus.md")).unwrap();
    assert!(
        md.contains("**1 of 2 definitions (50.0%) generate and compile"),
        "{md}"
    );

    // Without --out, the run over the test data's specs/ is compared with docs/corpus.md,
    // which describes another corpus: stale.
    let (code, stderr) = run(
        &["--expect-failures", list.to_str().unwrap()],
        &specs,
        &root,
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("docs/corpus.md is stale: line"), "{stderr}");
    assert!(
        stderr.contains("OASBIND_BLESS=1 cargo run -p oasbind-corpus"),
        "{stderr}"
    );
}
