//! Each fixture generated again and compared with its checked-in snapshot
//! (`tests/snapshots/<name>.rs`); `OASBIND_BLESS=1` rewrites the snapshots instead.

use oasbind::Config;
use oasbind_test_support::{check_report, repo_root};

/// The command that rewrites the snapshots, named in every failure.
const BLESS: &str = "cargo test -p oasbind-snapshots";

/// One snapshot: its name (the file stem, and the module in `src/lib.rs`), the fixture
/// relative to the repository root, and the settings it is generated with.
struct Snapshot {
    name: &'static str,
    fixture: &'static str,
    config: fn() -> Config,
}

/// Every snapshot; `src/lib.rs` compiles the same list.
const SNAPSHOTS: &[Snapshot] = &[
    Snapshot {
        name: "partner_auth",
        fixture: "schemas/rakbank/partner_auth.json",
        config: || {
            let mut config = Config::new();
            config.token_operation("request_access_token");
            config
        },
    },
    Snapshot {
        name: "recursive",
        fixture: "tests/fixtures/recursive.json",
        config: Config::new,
    },
    Snapshot {
        name: "composition",
        fixture: "tests/fixtures/composition.yaml",
        config: Config::new,
    },
    Snapshot {
        name: "awkward_names",
        fixture: "tests/fixtures/awkward_names.json",
        config: Config::new,
    },
    Snapshot {
        name: "open_enums",
        fixture: "tests/fixtures/open_enums.yaml",
        config: || {
            let mut config = Config::new();
            config.open_enums(true);
            config
        },
    },
    Snapshot {
        name: "attributes",
        fixture: "tests/fixtures/attributes.yaml",
        config: || {
            let mut config = Config::new();
            config
                .derive("*", "Hash, Eq")
                .derive("colour", "PartialOrd, Ord")
                .type_attribute("Point", "#[must_use]")
                .type_attribute(
                    "Size",
                    r#"#[serde(expecting = "a size: a number or a name")]"#,
                )
                .field_attribute("Point.label", r#"#[serde(alias = "name")]"#);
            config
        },
    },
    Snapshot {
        name: "formats",
        fixture: "tests/fixtures/formats.yaml",
        config: Config::new,
    },
];

/// Generates the snapshot `name` and compares it with (or, blessing, writes) its file.
fn check(name: &str) {
    let snapshot = SNAPSHOTS
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no snapshot named {name}"));
    let root = repo_root();
    let generated = oasbind::generate_file(root.join(snapshot.fixture), &(snapshot.config)())
        .unwrap_or_else(|e| panic!("{} does not generate: {e}", snapshot.fixture));
    // The header names the definition by file name only: nothing of this machine's paths
    // may reach a checked-in file.
    let here = root.to_string_lossy();
    assert!(
        !generated.code.contains(here.as_ref()),
        "{name}: the generated code names the local path {here}"
    );
    assert!(
        generated.warnings.is_empty(),
        "{}: unexpected warnings: {:?}",
        snapshot.fixture,
        generated.warnings
    );
    if let Err(stale) = check_report(
        &format!("tests/snapshots/{name}.rs"),
        &generated.code,
        BLESS,
    ) {
        panic!("{stale}");
    }
}

#[test]
fn partner_auth() {
    check("partner_auth");
}

#[test]
fn recursive() {
    check("recursive");
}

#[test]
fn composition() {
    check("composition");
}

#[test]
fn awkward_names() {
    check("awkward_names");
}

#[test]
fn open_enums() {
    check("open_enums");
}

#[test]
fn attributes() {
    check("attributes");
}

#[test]
fn formats() {
    check("formats");
}

/// The table, the test functions above, the files beside `src/` and the modules of
/// `src/lib.rs` name the same snapshots: none is checked but not compiled, or compiled but
/// not checked, or left behind after its fixture was dropped.
#[test]
fn every_snapshot_is_compiled_and_checked() {
    let dir = repo_root().join("tests/snapshots");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut table: Vec<String> = SNAPSHOTS.iter().map(|s| s.name.to_owned()).collect();
    table.sort();
    assert_eq!(
        files, table,
        "the .rs files beside src/ and the table differ"
    );
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("src/lib.rs is read");
    let this = std::fs::read_to_string(dir.join("tests/snapshots.rs")).expect("this file");
    for name in &table {
        let module = format!("pub mod {name} {{\n    include!(\"../{name}.rs\");\n}}");
        assert!(lib.contains(&module), "src/lib.rs does not compile {name}");
        let test = format!("fn {name}() {{\n    check(\"{name}\");\n}}");
        assert!(this.contains(&test), "no test checks {name}");
    }
}
