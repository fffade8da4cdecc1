//! `cargo run -p oasbind-conformance --release -- <suite-dir> <draft>...`
//!
//! Runs the JSON Schema Test Suite at `<suite-dir>` (the folder holding `tests/` and
//! `remotes/`) for each draft folder named, writes `docs/conformance.md` and
//! `docs/conformance.json`, and exits 1 when a case of a claimed keyword file disagrees.
//!
//! Options: `--docs <dir>` (default: the repository's `docs/`; `-` writes nothing),
//! `--only <file>` (repeatable, e.g. `--only type.json`), `--scratch <dir>` (default:
//! `target/conformance`). Without a suite directory, the suite is looked up through
//! `OASBIND_TESTDATA` (default `../shared/testdata` beside the repository).

use oasbind_conformance as runner;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let repo = runner::repo_root();
    let mut suite = None;
    let mut drafts = Vec::new();
    let mut only = Vec::new();
    let mut docs = Some(repo.join("docs"));
    let mut scratch = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"))
        .join("conformance");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => docs = args.next().filter(|d| d != "-").map(PathBuf::from),
            "--only" => only.extend(args.next()),
            "--scratch" => scratch = args.next().map(PathBuf::from).unwrap_or(scratch),
            "-h" | "--help" => {
                println!("usage: oasbind-conformance [<suite-dir>] <draft>... [--docs DIR|-] [--only FILE]... [--scratch DIR]");
                return ExitCode::SUCCESS;
            }
            _ if suite.is_none() && drafts.is_empty() && (arg.contains(['/', '\\']) || PathBuf::from(&arg).exists()) => {
                suite = Some(PathBuf::from(arg))
            }
            _ => drafts.push(arg),
        }
    }
    let suite = suite.unwrap_or_else(|| runner::default_suite(&repo));
    if !suite.join("tests").is_dir() {
        println!("skipped: the JSON Schema Test Suite is not at {} (set OASBIND_TESTDATA)", suite.display());
        return ExitCode::SUCCESS;
    }
    if drafts.is_empty() {
        drafts = vec!["draft4".to_owned(), "draft2020-12".to_owned()];
    }
    let command = format!("cargo run -p oasbind-conformance --release -- <suite-dir> {}", drafts.join(" "));
    let options = runner::Options { suite, drafts, only, scratch, target: None, lockfile: Some(repo.join("Cargo.lock")) };
    let started = std::time::Instant::now();
    let report = match runner::run(&options, &mut |line| eprintln!("conformance: {line}")) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = docs {
        let md = runner::to_markdown(&report, &command);
        let json = serde_json::to_string_pretty(&runner::to_json(&report)).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(dir.join("conformance.md"), md))
            .and_then(|_| std::fs::write(dir.join("conformance.json"), json))
        {
            eprintln!("error: cannot write {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    for (draft, files) in &report {
        let (passed, total) = runner::totals(files.values());
        let failed: usize = files.values().map(|f| f.failed.len()).sum();
        let skipped: usize = files.values().map(|f| f.skipped_cases()).sum();
        println!("{draft}: {passed} passed, {failed} failed, {skipped} skipped of {total} cases");
    }
    let bad = runner::claimed_failures(&report);
    for b in &bad {
        println!("disagreement: {b}");
    }
    eprintln!("conformance: done in {:.0} s", started.elapsed().as_secs_f64());
    if bad.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("{} disagreement(s) in claimed keyword files", bad.len());
        ExitCode::from(1)
    }
}
