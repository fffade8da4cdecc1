//! The conformance gate cannot be fooled by a suite that stops generating: a copy of the
//! suite whose claimed `minLength.json` schemas all `$ref` nowhere must fail the run, and
//! the runner's exit status must say so.

use oasbind_test_support as support;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// A suite with one draft4 keyword file whose every group's schema is `{"$ref": "#/nowhere"}`.
fn broken_copy(suite: &Path, into: &Path) {
    let text = std::fs::read_to_string(suite.join("tests/draft4/minLength.json"))
        .expect("the suite has draft4/minLength.json");
    let mut groups: Value = serde_json::from_str(&text).expect("the file is JSON");
    for group in groups.as_array_mut().expect("a list of groups") {
        group["schema"] = json!({ "$ref": "#/nowhere" });
    }
    let _ = std::fs::remove_dir_all(into);
    std::fs::create_dir_all(into.join("tests/draft4")).unwrap();
    std::fs::create_dir_all(into.join("remotes")).unwrap();
    std::fs::write(into.join("tests/draft4/minLength.json"), groups.to_string()).unwrap();
}

fn target() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| support::repo_root().join("target"), Into::into)
}

#[test]
fn a_claimed_file_that_does_not_generate_fails_the_run() {
    let Some(suite) = support::testdata("conformance gate", "json-schema-test-suite") else {
        return;
    };
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-suite");
    broken_copy(&suite, &copy);
    let output = Command::new(env!("CARGO_BIN_EXE_oasbind-conformance"))
        .arg(&copy)
        .args([
            "draft4",
            "--only",
            "minLength.json",
            "--docs",
            "-",
            "--scratch",
        ])
        .arg(Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-suite-scratch"))
        // The subset test's target folder: serde and serde_json are built there already.
        .arg("--target-dir")
        .arg(target().join("conformance").join("target"))
        .output()
        .expect("the runner starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the run must fail:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("0 passed, 0 failed of 0 cases run"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fails the run: draft4/minLength.json: group"),
        "{stdout}"
    );
    assert!(
        stdout.contains("of a claimed file was not run: not generated"),
        "{stdout}"
    );
}
