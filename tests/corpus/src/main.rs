//! The corpus runner: generates bindings (types, validators, client trait) for every
//! definition under the given directories or files, compiles them all together (one
//! module per definition, in crates of about 150,000 lines), attributes each compiler
//! error to its definition, and reports per file.
//!
//! ```text
//! cargo run -p oasbind-corpus --release -- [--out DIR] [--jobs N] [--deny-warnings]
//!     [--expect-failures FILE] [--require PERCENT] <DIR|FILE>...
//! ```
//!
//! The report (`corpus.md`, `corpus.json`) holds only what the same definitions and the
//! same generator always give (no timings), so CI can check the checked-in copy: without
//! `--out`, a run over the test data's `specs/` folder compares its report with
//! `docs/corpus.md` and `docs/corpus.json` and fails when they differ (`OASBIND_BLESS=1`
//! rewrites them). `--expect-failures` names the checked-in list of definitions that are
//! known not to generate or compile; the run fails when a definition fails that is not on
//! it, and when one on it passes (take it off). Exit status: 0 when every gate holds, 1
//! when one fails, 2 on a usage or I/O error.

use oasbind_test_support as support;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// What happened to one definition.
struct Outcome {
    /// The file as the report names it: relative to the parent of the folder given.
    name: String,
    module: String,
    dialect: String,
    generate: Result<GenerateStats, String>,
    /// `Ok` with the rustc warnings of its module, `Err` with its first errors.
    compile: Option<Result<Vec<String>, String>>,
}

struct GenerateStats {
    lines: usize,
    warnings: usize,
}

const USAGE: &str = "usage: oasbind-corpus [--out DIR] [--jobs N] [--deny-warnings] [--expect-failures FILE] [--require PERCENT] <DIR|FILE>...
  --out DIR               write corpus.md and corpus.json into DIR instead of checking docs/
  --deny-warnings         exit 1 when generated code that compiles has a rustc warning
  --expect-failures FILE  exit 1 unless exactly the definitions listed in FILE fail
  --require PERCENT       exit 1 when fewer definitions generate and compile";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut out_dir = None;
    let mut inputs = Vec::new();
    let mut jobs = std::thread::available_parallelism().map_or(2, usize::from);
    let mut require: Option<f64> = None;
    let mut expected: Option<PathBuf> = None;
    let mut deny_warnings = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out_dir = args.next().map(PathBuf::from),
            "--jobs" => jobs = args.next().and_then(|j| j.parse().ok()).unwrap_or(jobs),
            "--require" => require = args.next().and_then(|p| p.parse().ok()),
            "--expect-failures" => expected = args.next().map(PathBuf::from),
            "--deny-warnings" => deny_warnings = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    if inputs.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    if let Some(missing) = inputs.iter().find(|i| !i.exists()) {
        let reason = format!(
            "no definitions at {} (set OASBIND_TESTDATA)",
            missing.display()
        );
        return match support::skip_or_fail("corpus", &reason) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("error: {failure}");
                ExitCode::from(2)
            }
        };
    }
    // The checked-in report describes the test data's `specs/` folder, and nothing else.
    let full = inputs.len() == 1 && same_path(&inputs[0], &support::testdata_root().join("specs"));
    if out_dir.is_none() && !full {
        eprintln!(
            "error: the checked-in report is of {}/specs; for other inputs pass --out DIR",
            support::testdata_root().display()
        );
        return ExitCode::from(2);
    }
    let expected = match expected.as_deref().map(read_expected).transpose() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut files = Vec::new();
    for input in &inputs {
        let base = input.parent().unwrap_or(Path::new(""));
        collect(input, base, &mut files);
    }
    files.sort();
    if files.is_empty() {
        eprintln!("no definitions (.json, .yaml, .yml) under {inputs:?}");
        return ExitCode::from(2);
    }
    eprintln!("generating {} definitions with {jobs} threads", files.len());
    let started = Instant::now();
    let (mut outcomes, code) = generate_all(&files, jobs);
    let lines: usize = outcomes
        .iter()
        .filter_map(|o| o.generate.as_ref().ok())
        .map(|s| s.lines)
        .sum();
    eprintln!(
        "generated {lines} lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let crate_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("oasbind-corpus-check");
    let started = Instant::now();
    if let Err(e) = compile_all(&crate_dir, &mut outcomes, &code, jobs) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    eprintln!("compiled in {:.1} s", started.elapsed().as_secs_f64());

    let (md, json) = report(&outcomes);
    let mut problems = Vec::new();
    match &out_dir {
        Some(dir) => {
            let written = std::fs::create_dir_all(dir)
                .and_then(|_| std::fs::write(dir.join("corpus.md"), &md))
                .and_then(|_| std::fs::write(dir.join("corpus.json"), &json));
            if let Err(e) = written {
                eprintln!("error: {}: {e}", dir.display());
                return ExitCode::from(2);
            }
            eprintln!("wrote {}", dir.join("corpus.md").display());
        }
        None => {
            let again = "cargo run -p oasbind-corpus --release -- --deny-warnings --expect-failures tests/corpus/expected-failures.txt ../shared/testdata/specs";
            for (path, text) in [("docs/corpus.md", &md), ("docs/corpus.json", &json)] {
                problems.extend(support::check_report(path, text, again).err());
            }
        }
    }
    let compiled = outcomes
        .iter()
        .filter(|o| matches!(o.compile, Some(Ok(_))))
        .count();
    let share = 100.0 * compiled as f64 / outcomes.len() as f64;
    eprintln!(
        "{compiled} of {} definitions ({share:.1}%) generate and compile",
        outcomes.len()
    );
    if let Some(min) = require.filter(|min| share < *min) {
        problems.push(format!(
            "{share:.1}% of the definitions generate and compile; at least {min}% required"
        ));
    }
    if deny_warnings {
        for o in outcomes
            .iter()
            .filter(|o| matches!(&o.compile, Some(Ok(w)) if !w.is_empty()))
        {
            problems.push(format!(
                "{}: the generated code has rustc warnings (see corpus.md)",
                o.name
            ));
        }
    }
    if let Some(expected) = &expected {
        problems.extend(unexpected(&outcomes, expected));
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Whether two paths name the same folder.
fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The expected failures: one report name per line (`specs/oas31/x.json`), then optionally
/// `#` and why; blank lines and lines starting with `#` are comments.
fn read_expected(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split_once('#').map_or(l, |(name, _)| name).trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Where the outcomes and the list of expected failures disagree, both ways.
fn unexpected(outcomes: &[Outcome], expected: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for o in outcomes {
        let failed = !matches!(o.compile, Some(Ok(_)));
        match (failed, expected.contains(&o.name)) {
            (true, false) => problems.push(format!(
                "{}: a new failure: {}",
                o.name,
                failure(o).replace('\n', " ")
            )),
            (false, true) => problems.push(format!(
                "{}: generates and compiles now; take it off the expected failures",
                o.name
            )),
            _ => {}
        }
    }
    let names: BTreeSet<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
    for gone in expected.iter().filter(|e| !names.contains(e.as_str())) {
        problems.push(format!(
            "{gone}: listed as an expected failure but not in the corpus"
        ));
    }
    problems
}

fn failure(o: &Outcome) -> String {
    match (&o.generate, &o.compile) {
        (Err(e), _) => format!("generation: {e}"),
        (Ok(_), Some(Err(e))) => format!("compilation: {e}"),
        _ => "not compiled".to_owned(),
    }
}

/// The definitions under `path`, each with its name in the report (relative to `base`).
fn collect(path: &Path, base: &Path, out: &mut Vec<(PathBuf, String)>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), base, out);
        }
    } else if matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("json" | "yaml" | "yml")
    ) {
        let name = path
            .strip_prefix(base)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        out.push((path.to_owned(), name));
    }
}

/// The dialect a file declares (its top-level `swagger` / `openapi` field), for grouping.
fn dialect_of(file: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(file) else {
        return "unreadable".to_owned();
    };
    let version = |key: &str| -> Option<String> {
        if let Ok(serde_json::Value::Object(root)) = serde_json::from_str(&text) {
            return root.get(key)?.as_str().map(str::to_owned);
        }
        // YAML: an unindented `key: value` line.
        text.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.strip_prefix(':')?;
            Some(value.trim().trim_matches(['"', '\'']).to_owned())
        })
    };
    match (version("swagger"), version("openapi")) {
        (Some(v), _) if v == "2.0" => "Swagger 2.0",
        (_, Some(v)) if v.starts_with("3.0") => "OpenAPI 3.0",
        (_, Some(v)) if v.starts_with("3.1") => "OpenAPI 3.1",
        _ => "unknown",
    }
    .to_owned()
}

fn module_name(file: &Path, taken: &mut BTreeMap<String, usize>) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = format!("m_{base}");
    let n = taken.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}_{n}")
    }
}

/// Generates every definition on `jobs` threads; returns the outcomes and the code of
/// those that generated, in file order.
fn generate_all(files: &[(PathBuf, String)], jobs: usize) -> (Vec<Outcome>, Vec<Option<String>>) {
    let mut taken = BTreeMap::new();
    let modules: Vec<String> = files
        .iter()
        .map(|(f, _)| module_name(f, &mut taken))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    type Slot = std::sync::Mutex<Option<(Outcome, Option<String>)>>;
    let results: Vec<Slot> = files.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((file, name)) = files.get(i) else {
                    break;
                };
                let config = oasbind::Config::new();
                // A panic would be a bug: report it as this definition's failure.
                let generated = std::panic::catch_unwind(|| oasbind::generate_file(file, &config));
                let (generate, code) = match generated {
                    Ok(Ok(g)) => {
                        let stats = GenerateStats {
                            lines: g.code.lines().count(),
                            warnings: g.warnings.len(),
                        };
                        (Ok(stats), Some(g.code))
                    }
                    // The report names files the same way wherever the test data sits.
                    Ok(Err(e)) => (
                        Err(e.to_string().replace(&file.display().to_string(), name)),
                        None,
                    ),
                    Err(_) => (Err("the generator panicked (a bug)".to_owned()), None),
                };
                let outcome = Outcome {
                    name: name.clone(),
                    module: modules[i].clone(),
                    dialect: dialect_of(file),
                    generate,
                    compile: None,
                };
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some((outcome, code));
            });
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unzip()
}

const CRATE_TOML: &str = r#"[package]
name = "oasbind-corpus-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
oasbind-runtime = { path = '{RUNTIME}', features = ["chrono", "uuid", "base64"] }

[workspace]
"#;

/// Lines of generated code per checked crate: one crate for everything would need more
/// memory than a 2-core CI machine has for the largest definitions.
const LINES_PER_CRATE: usize = 150_000;

/// Compiles the generated modules in crates of about [`LINES_PER_CRATE`] lines (one
/// module per definition), dropping the modules that fail until the rest compiles; each
/// failure keeps its first errors.
fn compile_all(
    dir: &Path,
    outcomes: &mut [Outcome],
    code: &[Option<String>],
    jobs: usize,
) -> Result<(), String> {
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut lines = 0;
    for (i, c) in code.iter().enumerate() {
        let Some(c) = c else { continue };
        let n = c.lines().count();
        if batches.is_empty() || lines + n > LINES_PER_CRATE {
            batches.push(Vec::new());
            lines = 0;
        }
        lines += n;
        if let Some(batch) = batches.last_mut() {
            batch.push(i);
        }
    }
    // `jobs` crate directories checked side by side (rustc checks one crate on one core);
    // each keeps its target dir across batches, so dependencies build once per directory.
    let total = batches.len();
    let queue = std::sync::Mutex::new(batches.into_iter().enumerate().collect::<Vec<_>>());
    let results = std::sync::Mutex::new(Vec::new());
    let names: Vec<String> = outcomes.iter().map(|o| o.module.clone()).collect();
    std::thread::scope(|scope| {
        for worker in 0..jobs.max(1) {
            let (queue, results, names) = (&queue, &results, &names);
            let dir = dir.join(format!("worker-{worker}"));
            scope.spawn(move || loop {
                let Some((n, batch)) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop() else {
                    break;
                };
                eprintln!("batch {}/{total}: {} definitions", n + 1, batch.len());
                let result = compile_batch(&dir, names, code, batch);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(result);
            });
        }
    });
    for result in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
        for (i, compiled) in result? {
            outcomes[i].compile = Some(compiled);
        }
    }
    Ok(())
}

/// A definition's index and whether it compiled (`Ok` with its module's rustc warnings,
/// `Err` with its first errors).
type Compiled = (usize, Result<Vec<String>, String>);

/// Checks one batch; returns each definition's result.
fn compile_batch(
    dir: &Path,
    names: &[String],
    code: &[Option<String>],
    mut included: Vec<usize>,
) -> Result<Vec<Compiled>, String> {
    let mut results = Vec::new();
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    // The runtime of this checkout, which the generated code is written against.
    let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../../generator/runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        CRATE_TOML.replace("{RUNTIME}", runtime),
    )
    .map_err(|e| e.to_string())?;
    // The workspace's lock file pins the same versions the tests use.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    if !dir.join("Cargo.lock").exists() {
        let _ = std::fs::copy(&lock, dir.join("Cargo.lock"));
    }
    if let Ok(entries) = std::fs::read_dir(&src) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    for &i in &included {
        if let Some(c) = &code[i] {
            std::fs::write(src.join(format!("{}.rs", names[i])), c).map_err(|e| e.to_string())?;
        }
    }
    for _round in 0..20 {
        // Warnings are not allowed away: generated code must compile without any.
        let lib: String = included
            .iter()
            .map(|&i| format!("pub mod {};\n", names[i]))
            .collect();
        std::fs::write(src.join("lib.rs"), lib).map_err(|e| e.to_string())?;
        eprintln!("cargo check of {} modules", included.len());
        let output = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--message-format=json"])
            .current_dir(dir)
            .output()
            .map_err(|e| format!("cargo: {e}"))?;
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut unattributed = Vec::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(msg) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let level = &msg["message"]["level"];
            if msg["reason"] != "compiler-message" || (level != "error" && level != "warning") {
                continue;
            }
            let text = msg["message"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let file = msg["message"]["spans"]
                .as_array()
                .and_then(|s| s.iter().find(|s| s["is_primary"] == true).or(s.first()))
                .and_then(|s| s["file_name"].as_str())
                .unwrap_or_default()
                .to_owned();
            let module = Path::new(&file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let line_no = msg["message"]["spans"][0]["line_start"]
                .as_u64()
                .unwrap_or(0);
            let found = if level == "error" {
                &mut errors
            } else {
                &mut warnings
            };
            match included.iter().find(|&&i| names[i] == module) {
                Some(_) => found
                    .entry(module)
                    .or_default()
                    .push(format!("line {line_no}: {text}")),
                // "N warnings emitted" and the like name no file.
                None if level == "warning" => {}
                None => unattributed.push(text),
            }
        }
        if errors.is_empty() {
            if output.status.success() {
                results.extend(
                    included
                        .iter()
                        .map(|&i| (i, Ok(warnings.remove(&names[i]).unwrap_or_default()))),
                );
                return Ok(results);
            }
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(format!(
                "cargo check failed without attributable errors: {unattributed:?} {stderr}"
            ));
        }
        included.retain(|&i| match errors.get(&names[i]) {
            Some(errs) => {
                let mut shown: Vec<String> = errs.iter().take(3).cloned().collect();
                if errs.len() > 3 {
                    shown.push(format!("… and {} more", errs.len() - 3));
                }
                results.push((i, Err(shown.join("; "))));
                false
            }
            None => true,
        });
    }
    Err("cargo check kept failing after 20 rounds".to_owned())
}

/// The report as (`corpus.md`, `corpus.json`): only what the definitions and the
/// generator decide, so that the checked-in copy can be compared.
fn report(outcomes: &[Outcome]) -> (String, String) {
    let mut by_dialect: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for o in outcomes {
        let entry = by_dialect.entry(&o.dialect).or_default();
        entry.0 += 1;
        if o.generate.is_ok() {
            entry.1 += 1;
        }
        if matches!(o.compile, Some(Ok(_))) {
            entry.2 += 1;
        }
    }
    let total = outcomes.len();
    let compiled = outcomes
        .iter()
        .filter(|o| matches!(o.compile, Some(Ok(_))))
        .count();
    let pct = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    let mut md = String::new();
    md.push_str("# Corpus: real-world definitions that generate and compile\n\n");
    md.push_str(
        "Written by `OASBIND_BLESS=1 cargo run -p oasbind-corpus --release -- --deny-warnings --expect-failures \
         tests/corpus/expected-failures.txt ../shared/testdata/specs` (do not edit; CI fails when this file is not what \
         the run gives): types, validators and the client trait of every definition, one module per definition, checked \
         with `cargo check` in crates of about 150,000 lines. The definitions that fail are exactly those of \
         `tests/corpus/expected-failures.txt`.\n\n",
    );
    let clean = outcomes
        .iter()
        .filter(|o| matches!(&o.compile, Some(Ok(w)) if w.is_empty()))
        .count();
    md.push_str(&format!(
        "**{compiled} of {total} definitions ({:.1}%) generate and compile; {clean} of those {compiled} without a single rustc warning** (the crate allows none away).\n\n",
        pct(compiled, total)
    ));
    md.push_str("| dialect | definitions | generated | compiled |\n|---|---:|---:|---:|\n");
    for (dialect, (n, g, c)) in &by_dialect {
        md.push_str(&format!(
            "| {dialect} | {n} | {g} ({:.0}%) | {c} ({:.0}%) |\n",
            pct(*g, *n),
            pct(*c, *n)
        ));
    }
    md.push_str("\n## Failures\n\n");
    let failures: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| !matches!(o.compile, Some(Ok(_))))
        .collect();
    if failures.is_empty() {
        md.push_str("None.\n");
    }
    for o in &failures {
        md.push_str(&format!(
            "- `{}`: {}\n",
            o.name,
            failure(o).replace('\n', " ")
        ));
    }
    let warned: Vec<(&Outcome, &Vec<String>)> = outcomes
        .iter()
        .filter_map(|o| match &o.compile {
            Some(Ok(w)) if !w.is_empty() => Some((o, w)),
            _ => None,
        })
        .collect();
    if !warned.is_empty() {
        md.push_str("\n## Compiled with rustc warnings\n\n");
        for (o, w) in &warned {
            let shown: Vec<&str> = w.iter().take(3).map(String::as_str).collect();
            md.push_str(&format!(
                "- `{}`: {} warnings: {}\n",
                o.name,
                w.len(),
                shown.join("; ").replace('\n', " ")
            ));
        }
    }
    md.push_str("\n## Every definition\n\nwarnings: what generation reported (keywords not enforced); rustc warnings: of the generated code.\n\n| definition | dialect | warnings | compiled | rustc warnings |\n|---|---|---:|---|---:|\n");
    for o in outcomes {
        let warnings = o
            .generate
            .as_ref()
            .map_or_else(|_| "–".to_owned(), |s| s.warnings.to_string());
        let (ok, rustc) = match &o.compile {
            Some(Ok(w)) => ("yes", w.len().to_string()),
            _ => ("no", "–".to_owned()),
        };
        md.push_str(&format!(
            "| `{}` | {} | {warnings} | {ok} | {rustc} |\n",
            o.name, o.dialect
        ));
    }
    let json = json!({
        "total": total,
        "compiled": compiled,
        "by_dialect": by_dialect.iter().map(|(d, (n, g, c))| (d.to_string(), json!({"definitions": n, "generated": g, "compiled": c}))).collect::<serde_json::Map<_, _>>(),
        "definitions": outcomes.iter().map(|o| json!({
            "file": o.name,
            "dialect": o.dialect,
            "generated": o.generate.is_ok(),
            "compiled": matches!(o.compile, Some(Ok(_))),
            "error": match (&o.generate, &o.compile) {
                (Err(e), _) => Some(e.clone()),
                (Ok(_), Some(Err(e))) => Some(e.clone()),
                _ => None,
            },
            "warnings": o.generate.as_ref().map(|s| s.warnings).ok(),
            "rustc_warnings": match &o.compile { Some(Ok(w)) => Some(w.len()), _ => None },
        })).collect::<Vec<_>>(),
    });
    let json = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    (md, json)
}
