//! `cargo run -p oasbind-conformance --release -- <suite-dir> <draft>...`
//!
//! Runs the JSON Schema Test Suite at `<suite-dir>` (the folder holding `tests/` and
//! `remotes/`) for each draft folder named, and exits 1 when the gate fails
//! ([`runner::gate`]: a disagreement in a claimed keyword file, a group of a claimed file
//! that does not generate or compile and is not a known gap, a known gap that works now)
//! or when `docs/conformance.md` / `docs/conformance.json` differ from what the run
//! produced (`OASBIND_BLESS=1` rewrites them instead).
//!
//! Options: `--docs <dir>` (write the report there instead of comparing it with `docs/`;
//! `-` writes nothing), `--only <file>` (repeatable, e.g. `--only type.json`; such a
//! partial run has no checked-in report, so it needs `--docs`), `--scratch <dir>` (default:
//! `target/conformance`), `--target-dir <dir>` (the scratch crate's Cargo target folder;
//! default `<scratch>/target`). Without a suite directory, the suite is looked up through
//! `OASBIND_TESTDATA` (default `../shared/testdata` beside the repository); when it is
//! missing the run says that it skipped, except in CI (`CI=true`), where that fails.

use oasbind_conformance as runner;
use oasbind_test_support as support;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let repo = runner::repo_root();
    let mut suite = None;
    let mut drafts = Vec::new();
    let mut only = Vec::new();
    // None: compare with the checked-in report; Some(None): write nothing.
    let mut docs: Option<Option<PathBuf>> = None;
    let mut scratch = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"))
        .join("conformance");
    let mut target = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => docs = Some(args.next().filter(|d| d != "-").map(PathBuf::from)),
            "--only" => only.extend(args.next()),
            "--scratch" => scratch = args.next().map(PathBuf::from).unwrap_or(scratch),
            "--target-dir" => target = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("usage: oasbind-conformance [<suite-dir>] <draft>... [--docs DIR|-] [--only FILE]... [--scratch DIR] [--target-dir DIR]");
                return ExitCode::SUCCESS;
            }
            _ if suite.is_none()
                && drafts.is_empty()
                && (arg.contains(['/', '\\']) || PathBuf::from(&arg).exists()) =>
            {
                suite = Some(PathBuf::from(arg))
            }
            _ => drafts.push(arg),
        }
    }
    let suite = suite.unwrap_or_else(runner::default_suite);
    if !suite.join("tests").is_dir() {
        let reason = format!(
            "the JSON Schema Test Suite is not at {} (set OASBIND_TESTDATA)",
            suite.display()
        );
        return match support::skip_or_fail("conformance", &reason) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("error: {failure}");
                ExitCode::from(2)
            }
        };
    }
    if drafts.is_empty() {
        drafts = vec!["draft4".to_owned(), "draft2020-12".to_owned()];
    }
    drafts.sort();
    drafts.dedup();
    // The run the checked-in report describes: every file of both drafts.
    let full = only.is_empty() && drafts == ["draft2020-12", "draft4"];
    if docs.is_none() && !full {
        eprintln!("error: a run of some drafts or files has no checked-in report to compare with; pass --docs DIR (or --docs -)");
        return ExitCode::from(2);
    }
    let command = if full {
        "cargo run -p oasbind-conformance --release".to_owned()
    } else {
        format!(
            "cargo run -p oasbind-conformance --release -- <suite-dir> {}",
            drafts.join(" ")
        )
    };
    let options = runner::Options {
        suite,
        drafts,
        only,
        scratch,
        target,
        lockfile: Some(repo.join("Cargo.lock")),
    };
    let started = std::time::Instant::now();
    let report = match runner::run(&options, &mut |line| eprintln!("conformance: {line}")) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let md = runner::to_markdown(&report, &command);
    let json = serde_json::to_string_pretty(&runner::to_json(&report)).unwrap_or_default() + "\n";
    let mut stale = Vec::new();
    match docs {
        Some(None) => {}
        Some(Some(dir)) => {
            if let Err(e) = std::fs::create_dir_all(&dir)
                .and_then(|_| std::fs::write(dir.join("conformance.md"), &md))
                .and_then(|_| std::fs::write(dir.join("conformance.json"), &json))
            {
                eprintln!("error: cannot write {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
        None => {
            for (path, text) in [
                ("docs/conformance.md", &md),
                ("docs/conformance.json", &json),
            ] {
                if let Err(e) = support::check_report(path, text, &command) {
                    stale.push(e);
                }
            }
        }
    }
    for (draft, files) in &report {
        let (passed, total, skipped) = runner::totals(files.values());
        let failed: usize = files.values().map(|f| f.failed.len()).sum();
        println!("{draft}: {passed} passed, {failed} failed of {} cases run; {skipped} more in skipped groups ({total} in all)", total - skipped);
    }
    let bad = runner::gate(&report);
    for b in &bad {
        println!("fails the run: {b}");
    }
    for s in &stale {
        println!("error: {s}");
    }
    eprintln!(
        "conformance: done in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    if bad.is_empty() && stale.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!(
            "conformance gate: {} problem(s) in claimed keyword files, {} stale report(s)",
            bad.len(),
            stale.len()
        );
        ExitCode::from(1)
    }
}
