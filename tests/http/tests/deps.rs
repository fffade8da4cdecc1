//! Consumers who bring their own transport pay nothing: without the `http` feature the
//! seed crate depends on no HTTP, TLS or async runtime crate. With it, TLS is rustls
//! (no OpenSSL).

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
fn without_the_http_feature_there_is_no_http_stack() {
    let tree = tree(&[]);
    let names = crates(&tree);
    assert!(names.contains(&"serde_json"), "{tree}");
    for banned in [
        "reqwest",
        "hyper",
        "hyper-util",
        "tokio",
        "h2",
        "rustls",
        "http",
        "aws-lc-rs",
        "openssl",
    ] {
        assert!(
            !names.contains(&banned),
            "`{banned}` in the default dependencies:\n{tree}"
        );
    }
}

#[test]
fn with_the_http_feature_tls_is_rustls_not_openssl() {
    let tree = tree(&["http"]);
    let names = crates(&tree);
    for wanted in ["reqwest", "rustls", "hyper"] {
        assert!(names.contains(&wanted), "no `{wanted}`:\n{tree}");
    }
    for banned in ["openssl", "openssl-sys", "native-tls"] {
        assert!(
            !names.contains(&banned),
            "`{banned}` with the http feature:\n{tree}"
        );
    }
}
