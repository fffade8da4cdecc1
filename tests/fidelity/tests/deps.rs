//! Consumers who do not want schemas pay nothing: without the `schemars` feature the seed
//! crate does not depend on schemars.

use std::process::Command;

fn tree(features: &[&str]) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut command = Command::new(env!("CARGO"));
    command.current_dir(root).args([
        "tree",
        "--offline",
        "-p",
        "partner-auth",
        "-e",
        "normal",
        "--prefix",
        "none",
    ]);
    for feature in features {
        command.args(["--features", feature]);
    }
    let out = command.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn crates(tree: &str) -> Vec<&str> {
    tree.lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect()
}

#[test]
fn without_the_feature_there_is_no_schemars() {
    let tree = tree(&[]);
    let names = crates(&tree);
    assert!(names.contains(&"serde_json"), "{tree}");
    for banned in ["schemars", "schemars_derive", "dyn-clone", "ref-cast"] {
        assert!(
            !names.contains(&banned),
            "`{banned}` in the default dependencies:\n{tree}"
        );
    }
}

#[test]
fn with_the_feature_there_is() {
    let tree = tree(&["schemars"]);
    assert!(crates(&tree).contains(&"schemars"), "{tree}");
}
