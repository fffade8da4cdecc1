//! An emitter cannot forget a keyword: a keyword added to `ir::Schema` does not compile
//! until every site that must handle it does (see `generator/src/ir/keyword.rs`).
//!
//! The test copies the generator's source, adds a field to `Schema` and runs `cargo check`
//! on the copy: it must fail where the schema's fields are listed (`Schema::keywords`,
//! `Schema::children`, `Schema::map_children`). Then it lists the field there as a new `Keyword` and checks
//! again: it must fail at every `match` over `Keyword` (`Keyword::role`,
//! `Keyword::holds_schemas`, the validators' `is_trivial_beyond_type`). Some seconds of
//! `cargo check`: run by `.ci/run` with `--ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
#[ignore = "runs cargo check twice on a copy of the generator (about a minute): .ci/run runs it"]
fn a_new_keyword_fails_to_compile_until_every_site_handles_it() {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("keyword-sites");
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(&generator.join("src"), &copy.join("generator/src"));
    // The secret-name rule is included from the runtime by `#[path]`.
    let rule = "runtime/src/secret/rule.rs";
    std::fs::create_dir_all(copy.join("generator/runtime/src/secret")).unwrap();
    std::fs::copy(generator.join(rule), copy.join("generator").join(rule)).unwrap();
    // The library alone, a workspace of its own, with the repository's lock file.
    let manifest = std::fs::read_to_string(generator.join("Cargo.toml")).unwrap();
    let manifest = manifest[..manifest
        .find("[dev-dependencies]")
        .expect("a dev-dependencies table")]
        .replace(".workspace = true", " = \"2021\"")
        .replace(
            "serde_json = { workspace = true,",
            "serde_json = { version = \"1\",",
        );
    let manifest = manifest
        .lines()
        .filter(|l| !l.starts_with("rust-version") && !l.starts_with("license"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(
        copy.join("generator/Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .unwrap();
    std::fs::copy(
        generator.join("../Cargo.lock"),
        copy.join("generator/Cargo.lock"),
    )
    .unwrap();

    // 1. A field nobody lists.
    let schema = copy.join("generator/src/ir/schema.rs");
    edit(&schema, "    pub discriminator: Option<Discriminator>,\n", "    pub discriminator: Option<Discriminator>,\n    /// A keyword added by the test.\n    pub new_keyword: Option<u64>,\n");
    edit(
        &schema,
        "            discriminator: None,\n",
        "            discriminator: None,\n            new_keyword: None,\n",
    );
    let errors = check(&copy);
    assert_fails_in(
        &errors,
        &["src/ir/keyword.rs", "src/ir/schema.rs"],
        "new_keyword",
    );

    // 2. Listed as a keyword (and as no link to schemas, in `Schema::children` and
    // `Schema::map_children`): now every `match` must decide.
    for _ in 0..2 {
        edit(
            &schema,
            "            rust_type: _,\n        } = self;",
            "            rust_type: _,\n            new_keyword: _,\n        } = self;",
        );
    }
    let keyword = copy.join("generator/src/ir/keyword.rs");
    edit(
        &keyword,
        "    /// `x-rust-type`\n    RustType,\n}",
        "    /// `x-rust-type`\n    RustType,\n    /// Added by the test.\n    NewKeyword,\n}",
    );
    edit(
        &keyword,
        "            rust_type,\n        } = self;",
        "            rust_type,\n            new_keyword,\n        } = self;",
    );
    edit(&keyword, "            (discriminator.is_some(), Discriminator),\n", "            (discriminator.is_some(), Discriminator),\n            (new_keyword.is_some(), NewKeyword),\n");
    let errors = check(&copy);
    assert_fails_in(
        &errors,
        &["src/ir/keyword.rs", "src/model/validators.rs"],
        "NewKeyword",
    );
    // Both `match`es of keyword.rs (`role`, `holds_schemas`) and the validators' one.
    assert_eq!(
        errors.lines().filter(|l| l.contains("NewKeyword")).count(),
        3,
        "{errors}"
    );
}

/// Runs `cargo check` on the copy; returns its error lines (it must fail).
fn check(copy: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args([
            "check",
            "--lib",
            "--no-default-features",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(copy.join("generator/Cargo.toml"))
        // Its own target folder: the copy's dependencies build once, then stay.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("keyword-sites-target"),
        )
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "the copy compiled, so a site can forget the keyword:\n{stderr}"
    );
    stderr
        .lines()
        .filter(|l| l.contains(": error"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_fails_in(errors: &str, files: &[&str], name: &str) {
    for file in files {
        assert!(
            errors.lines().any(|l| l.contains(file) && l.contains(name)),
            "expected an error about `{name}` in {file}, got:\n{errors}"
        );
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} no longer contains {from:?}: update this test",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn copy_dir(from: &Path, to: &PathBuf) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
