//! The compiling half of the fidelity checker: a scratch crate that includes generated
//! modules, built with the `schemars` feature, whose program prints `schema_for!` of every
//! generated type as JSON.
//!
//! The crate lives in one directory that is reused between runs (sources are rewritten only
//! when they change, and its `target/` stays), so only the first run compiles schemars and
//! serde. Its dependencies are `serde` and `serde_json` from the registry and
//! `oasbind-runtime` with its `schemars` feature (this checkout's; see
//! `runtime_dependency`); with [`Scratch::lockfile`] (a `Cargo.lock` that already has them,
//! as a workspace that builds the bindings with the feature does) and a filled registry
//! cache, it builds offline.

use super::FidelityError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One generated module to include: its code and the types to print.
#[derive(Clone, Debug)]
pub struct Unit {
    /// The generated Rust source (a module's items, as `oasbind generate` writes them).
    pub code: String,
    /// The names of the types whose schemas to print.
    pub types: Vec<String>,
}

/// The schemas derived for one unit (type name → `schema_for!` output), or why its module
/// did not compile.
pub type Derived = Result<BTreeMap<String, Value>, String>;

/// The scratch crate.
#[derive(Clone, Debug)]
pub struct Scratch {
    dir: PathBuf,
    lockfile: Option<PathBuf>,
    cargo: PathBuf,
}

const MANIFEST: &str = r#"# Written by `oasbind fidelity`: a scratch crate that prints the schemas schemars derives
# for generated types. Safe to delete; it is rebuilt on the next run.
[package]
name = "oasbind-fidelity-scratch"
version = "0.0.0"
edition = "2021"
publish = false

# Not part of any enclosing workspace.
[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
RUNTIME

[features]
default = ["schemars"]
schemars = ["oasbind-runtime/schemars"]
"#;

/// The runtime features of the format types (the bindings require those they use).
const FEATURES: &str = "\"chrono\", \"uuid\", \"base64\"";

/// The scratch crate's dependency on oasbind-runtime: this checkout's, when the generator is
/// built from one (the runtime sits beside its sources), else the registry's version that
/// generated code asks for.
fn runtime_dependency() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime");
    if std::path::Path::new(path).join("Cargo.toml").is_file() {
        format!("oasbind-runtime = {{ path = '{path}', features = [{FEATURES}] }}")
    } else {
        format!(
            "oasbind-runtime = {{ version = \"{}\", features = [{FEATURES}] }}",
            oasbind::RUNTIME_VERSION
        )
    }
}

impl Scratch {
    /// A scratch crate in `dir` (created when missing).
    pub fn new(dir: impl Into<PathBuf>) -> Scratch {
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        Scratch {
            dir: dir.into(),
            lockfile: None,
            cargo,
        }
    }

    /// The default directory: `$CARGO_TARGET_DIR/oasbind-fidelity` when that is set, else
    /// `target/oasbind-fidelity` when the current directory has a `target/`, else
    /// `oasbind-fidelity` in the system's temporary directory.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
            return PathBuf::from(dir).join("oasbind-fidelity");
        }
        if Path::new("target").is_dir() {
            return PathBuf::from("target/oasbind-fidelity");
        }
        std::env::temp_dir().join("oasbind-fidelity")
    }

    /// A `Cargo.lock` to start from when the scratch crate has none yet (pins the versions,
    /// and lets the build run offline when the registry cache has them).
    pub fn lockfile(mut self, path: impl Into<PathBuf>) -> Scratch {
        self.lockfile = Some(path.into());
        self
    }

    /// The directory of the scratch crate.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Compiles the units into one program and runs it. A unit whose module does not
    /// compile gets its compiler errors; the others are built again without it.
    pub fn derive(&self, units: &[Unit]) -> Result<Vec<Derived>, FidelityError> {
        let mut results: Vec<Option<Derived>> = vec![None; units.len()];
        let mut active: Vec<usize> = (0..units.len()).collect();
        loop {
            self.write(units, &active)?;
            match self.build()? {
                Ok(()) => break,
                Err(stderr) => {
                    let failing = failing_modules(&stderr);
                    let failing: Vec<usize> = active
                        .iter()
                        .copied()
                        .filter(|i| failing.contains(i))
                        .collect();
                    if failing.is_empty() {
                        return Err(FidelityError::Build(tail(&stderr, 60)));
                    }
                    for i in &failing {
                        results[*i] = Some(Err(errors_of(&stderr, *i)));
                    }
                    active.retain(|i| !failing.contains(i));
                }
            }
        }
        if !active.is_empty() {
            let out = self.run()?;
            for i in &active {
                let schemas = out
                    .get(format!("m{i}"))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                results[*i] = Some(Ok(schemas.into_iter().collect()));
            }
        }
        Ok(results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Ok(BTreeMap::new())))
            .collect())
    }

    fn write(&self, units: &[Unit], active: &[usize]) -> Result<(), FidelityError> {
        let src = self.dir.join("src");
        std::fs::create_dir_all(&src).map_err(|e| FidelityError::io(&src, e))?;
        write_if_changed(
            &self.dir.join("Cargo.toml"),
            &MANIFEST.replace("RUNTIME", &runtime_dependency()),
        )?;
        let lock = self.dir.join("Cargo.lock");
        if let Some(from) = self.lockfile.as_ref().filter(|_| !lock.exists()) {
            if from.exists() {
                std::fs::copy(from, &lock).map_err(|e| FidelityError::io(&lock, e))?;
            }
        }
        let mut main = String::from(
            "// Written by `oasbind fidelity`.\n#![allow(warnings)]\n#![recursion_limit = \"512\"]\n\n",
        );
        for &i in active {
            main.push_str(&format!("mod m{i} {{\n    include!(\"m{i}.rs\");\n}}\n"));
        }
        main.push_str("\nfn main() {\n    let mut out = ::serde_json::Map::new();\n");
        for &i in active {
            main.push_str("    {\n        let mut m = ::serde_json::Map::new();\n");
            for t in &units[i].types {
                main.push_str(&format!(
                    "        m.insert({t:?}.into(), ::serde_json::to_value(::oasbind_runtime::schemars::schema_for!(m{i}::{t})).unwrap());\n"
                ));
            }
            main.push_str(&format!(
                "        out.insert(\"m{i}\".into(), m.into());\n    }}\n"
            ));
        }
        main.push_str("    println!(\"{}\", ::serde_json::Value::Object(out));\n}\n");
        write_if_changed(&src.join("main.rs"), &main)?;
        for &i in active {
            write_if_changed(&src.join(format!("m{i}.rs")), &units[i].code)?;
        }
        Ok(())
    }

    /// `Ok(Err(stderr))` when the code does not compile.
    fn build(&self) -> Result<Result<(), String>, FidelityError> {
        let attempt = |offline: bool| -> Result<(bool, String), FidelityError> {
            let mut command = Command::new(&self.cargo);
            command
                .arg("build")
                .arg("--message-format=short")
                .arg("--manifest-path")
                .arg(self.dir.join("Cargo.toml"))
                .arg("--target-dir")
                .arg(self.dir.join("target"));
            if offline {
                command.arg("--offline");
            }
            let out = command
                .output()
                .map_err(|e| FidelityError::io(&self.cargo, e))?;
            Ok((
                out.status.success(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ))
        };
        let (ok, stderr) = attempt(false)?;
        if ok {
            return Ok(Ok(()));
        }
        // No network: try again from the registry cache alone.
        if !stderr.contains("src/m") && !stderr.contains("src/main.rs") {
            let (ok, offline_stderr) = attempt(true)?;
            if ok {
                return Ok(Ok(()));
            }
            if !offline_stderr.contains("src/m") {
                return Err(FidelityError::Build(format!(
                    "{}\n(offline:)\n{}",
                    tail(&stderr, 20),
                    tail(&offline_stderr, 20)
                )));
            }
            return Ok(Err(offline_stderr));
        }
        Ok(Err(stderr))
    }

    fn run(&self) -> Result<Value, FidelityError> {
        let exe = self.dir.join("target/debug").join(format!(
            "oasbind-fidelity-scratch{}",
            std::env::consts::EXE_SUFFIX
        ));
        let out = Command::new(&exe)
            .output()
            .map_err(|e| FidelityError::io(&exe, e))?;
        if !out.status.success() {
            return Err(FidelityError::Run(tail(
                &String::from_utf8_lossy(&out.stderr),
                40,
            )));
        }
        serde_json::from_slice(&out.stdout).map_err(|e| {
            FidelityError::Run(format!("the scratch program's output is not JSON: {e}"))
        })
    }
}

fn write_if_changed(path: &Path, content: &str) -> Result<(), FidelityError> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    std::fs::write(path, content).map_err(|e| FidelityError::io(path, e))
}

/// Indices of the modules (`src/m<i>.rs`) the compiler complains about.
fn failing_modules(stderr: &str) -> Vec<usize> {
    let mut out: Vec<usize> = stderr
        .lines()
        .filter(|l| l.contains("error"))
        .filter_map(|l| {
            let at = l.find("src/m")?;
            let rest = &l[at + 5..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[digits.len()..]
                .starts_with(".rs")
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect();
    // An error in main.rs names the module in the path of the type: `m3::Name`.
    for l in stderr
        .lines()
        .filter(|l| l.contains("src/main.rs") && l.contains("error"))
    {
        if let Some(at) = l.find(" m") {
            let digits: String = l[at + 2..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(i) = digits.parse() {
                out.push(i);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn errors_of(stderr: &str, i: usize) -> String {
    let needle = format!("src/m{i}.rs");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(&needle))
        .take(10)
        .collect();
    lines.join("\n")
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
