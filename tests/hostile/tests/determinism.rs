//! Determinism: the same definition gives the same bytes in every process, whatever the
//! environment. The definitions are the seed, the injection fixtures (awkward names that
//! collide, payloads), and large generated ones (3,000 chained definitions, a 30,000-value
//! enum of colliding names, the `$ref` fan-out); each is generated
//! here twice (a fresh `HashMap` seed each time), in two child processes of this test
//! binary with cleared and different environments (locale, time zone, home, working
//! directory, unrelated variables; every process has its own `HashMap` seeds), and
//! compared byte for byte, as is what `build.rs` (run by Cargo, in its own process and
//! environment) wrote for the fixtures.

use oasbind_hostile_tests::fixture::{self, Fill};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Set in a child: the folder it writes its outputs to.
const CHILD: &str = "OASBIND_HOSTILE_DETERMINISM_OUT";

fn swagger(definitions: &str) -> String {
    format!(
        r#"{{"swagger":"2.0","info":{{"title":"big","version":"1"}},"paths":{{}},"definitions":{{{definitions}}}}}"#
    )
}

fn definitions() -> Vec<(String, String)> {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/rakbank/partner_auth.json");
    let mut out = vec![(
        "partner_auth.json".to_owned(),
        std::fs::read_to_string(seed).unwrap(),
    )];
    for (name, text) in fixture::files(Fill::Hostile) {
        out.push((name.to_owned(), text));
    }
    let mut chain = vec![r#""d0":{"type":"string"}"#.to_owned()];
    for k in 1..3_000 {
        chain.push(format!(r##""d{k}":{{"type":"object","properties":{{"next":{{"$ref":"#/definitions/d{}"}},"n{k}":{{"type":"integer"}}}}}}"##, k - 1));
    }
    out.push(("chain.json".to_owned(), swagger(&chain.join(","))));
    let values: Vec<String> = (0..30_000)
        .map(|i| format!("\"v{} {i}\"", ["a", "A", "a-", "_a", "1"][i % 5]))
        .collect();
    out.push((
        "enum.json".to_owned(),
        swagger(&format!(
            r#""big":{{"type":"string","enum":[{}]}}"#,
            values.join(",")
        )),
    ));
    let mut laughs = String::from(r#""d0":{"type":"object","properties":{"s":{"type":"string"}}}"#);
    for k in 1..=40 {
        let _ = write!(
            laughs,
            r##","d{k}":{{"type":"object","properties":{{"a":{{"$ref":"#/definitions/d{p}"}},"b":{{"$ref":"#/definitions/d{p}"}}}}}}"##,
            p = k - 1
        );
    }
    out.push(("laughs.json".to_owned(), swagger(&laughs)));
    out
}

fn generate_all() -> Vec<(String, String)> {
    let mut config = oasbind::Config::new();
    config.http(true).schemars(true);
    definitions()
        .into_iter()
        .map(|(name, text)| {
            let code = oasbind::generate_str(&name, &text, &config)
                .unwrap_or_else(|e| panic!("{e}"))
                .code;
            (name, code)
        })
        .collect()
}

/// In a child process: writes every output. Otherwise nothing.
#[test]
fn child_writes_outputs() {
    let Some(dir) = std::env::var_os(CHILD) else {
        return;
    };
    for (name, code) in generate_all() {
        std::fs::write(Path::new(&dir).join(format!("{name}.rs")), code).unwrap();
    }
}

/// Starts a child process of this test binary that writes its outputs to a folder.
fn child(name: &str, env: &[(&str, &str)], cwd: &Path) -> (PathBuf, Child) {
    let out =
        std::env::temp_dir().join(format!("oasbind-determinism-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let process = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_writes_outputs",
            "--exact",
            "--test-threads=1",
            "--quiet",
        ])
        .env_clear()
        .envs(env.iter().copied())
        .env(CHILD, &out)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    (out, process)
}

#[test]
fn output_is_identical_across_processes_and_environments() {
    let scratch = std::env::temp_dir();
    let (a, mut process_a) = child(
        "a",
        &[
            ("LANG", "tr_TR.UTF-8"),
            ("LC_ALL", "tr_TR.UTF-8"),
            ("TZ", "Pacific/Chatham"),
            ("HOME", "/nonexistent"),
            ("RUST_BACKTRACE", "1"),
            ("OASBIND", "x"),
            ("OUT_DIR", "/nonexistent"),
        ],
        &scratch,
    );
    let first = generate_all();
    assert!(process_a.wait().unwrap().success(), "child a");
    let (b, mut process_b) = child(
        "b",
        &[
            ("LANG", "C"),
            ("LC_ALL", "POSIX"),
            ("TZ", "UTC"),
            ("PWD", "/"),
            ("SOURCE_DATE_EPOCH", "0"),
            ("CARGO_PKG_VERSION", "9.9.9"),
            ("RUST_MIN_STACK", "67108864"),
        ],
        Path::new("/"),
    );
    let second = std::thread::spawn(generate_all).join().unwrap();
    assert!(process_b.wait().unwrap().success(), "child b");
    for ((name, code), (_, again)) in first.iter().zip(&second) {
        assert!(code == again, "{name}: two runs in one process differ");
        for dir in [&a, &b] {
            let other = std::fs::read_to_string(dir.join(format!("{name}.rs"))).unwrap();
            assert!(*code == other, "{name}: {} differs", dir.display());
        }
        // build.rs generated the fixtures in Cargo's process and environment.
        let stem = name.trim_end_matches(".json").trim_end_matches(".yaml");
        if let Ok(built) =
            std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{stem}.rs")))
        {
            assert!(*code == built, "{name}: build.rs wrote different bytes");
        }
    }
    let _ = std::fs::remove_dir_all(a);
    let _ = std::fs::remove_dir_all(b);
}
