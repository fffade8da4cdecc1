//! What every suite of oasbind's shares, so that each gate behaves the same way:
//!
//! - **test data**: found through one setting, `OASBIND_TESTDATA` (default
//!   `../shared/testdata` beside the repository). Locally a suite without it says once,
//!   on the terminal, what it skipped; in CI (`CI` set to `true` or `1`) a missing folder
//!   fails, because there the data is always present and a skip would hide a broken gate;
//! - **seeds**: a randomised run takes its seed from its variable when set, draws a fresh
//!   one in CI (so that runs do not replay the same inputs), and prints it so that a
//!   failure can be replayed;
//! - **checked-in reports** (`docs/*.md`, `docs/*.json`): a run compares what it produced
//!   with the file and fails when they differ; `OASBIND_BLESS=1` rewrites the file instead.
//!
//! Messages go straight to the process's stderr handle: libtest captures `print!` and
//! `eprint!` of a passing test, so a skip written that way would never be seen.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .and_then(Path::parent)
        .unwrap_or(here)
        .to_path_buf()
}

/// Whether this run is CI's: `CI` is `true` or `1` (GitHub Actions, GitLab, `.ci/run`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Whether reports and snapshots are to be rewritten (`OASBIND_BLESS` set).
pub fn bless() -> bool {
    std::env::var_os("OASBIND_BLESS").is_some()
}

/// Writes a line to the terminal even from inside a passing test.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The shared test data folder (`OASBIND_TESTDATA`, default `../shared/testdata`),
/// whether or not it exists.
pub fn testdata_root() -> PathBuf {
    std::env::var_os("OASBIND_TESTDATA")
        .map_or_else(|| repo_root().join("../shared/testdata"), PathBuf::from)
}

/// `sub` under the shared test data, if it is there. Otherwise `suite` says that it
/// skipped (locally), or the test fails (in CI).
pub fn testdata(suite: &str, sub: &str) -> Option<PathBuf> {
    let path = testdata_root().join(sub);
    if path.exists() {
        return Some(path);
    }
    skip(
        suite,
        &format!("no test data at {} (set OASBIND_TESTDATA)", path.display()),
    );
    None
}

/// Reports a skipped suite: visibly on a developer's machine; in CI a skip is a failure.
///
/// # Panics
/// In CI, always: a gate that skips there guards nothing.
pub fn skip(suite: &str, reason: &str) {
    if let Err(failure) = skip_or_fail(suite, reason) {
        panic!("{failure}");
    }
}

/// [`skip`] for a runner that exits with a status instead of panicking.
///
/// # Errors
/// In CI: the message to print before exiting with a failure.
pub fn skip_or_fail(suite: &str, reason: &str) -> Result<(), String> {
    if in_ci() {
        return Err(format!(
            "{suite}: {reason}; in CI (CI={}) a skip is a failure",
            std::env::var("CI").unwrap_or_default()
        ));
    }
    say(&format!("SKIPPED {suite}: {reason}"));
    Ok(())
}

/// The seed of a randomised run: `var` when set; else a fresh one in CI and `default`
/// locally (a local run replays the same inputs). Printed either way, with how to replay.
pub fn seed(suite: &str, var: &str, default: u64) -> u64 {
    let (seed, origin) = match std::env::var(var).ok().and_then(|v| v.trim().parse().ok()) {
        Some(seed) => (seed, "from the environment"),
        None if in_ci() => (fresh_seed(), "fresh, as every CI run"),
        None => (default, "the local default"),
    };
    say(&format!(
        "{suite}: seed {seed} ({origin}); replay with {var}={seed}"
    ));
    seed
}

/// A seed no earlier run is likely to have used: the clock mixed with std's per-process
/// random hasher keys.
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    h.write_u128(now.as_nanos());
    h.write_u32(std::process::id());
    // Small enough to type back in.
    h.finish() % 1_000_000_000
}

/// Compares a report with its checked-in copy at `path` (relative to the repository
/// root), or rewrites the copy under `OASBIND_BLESS`.
///
/// # Errors
/// When the copy differs (or is missing): the message names the file, the first line that
/// differs and `command`, the one that rewrites it.
pub fn check_report(path: &str, produced: &str, command: &str) -> Result<(), String> {
    let file = repo_root().join(path);
    if bless() {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&file, produced).map_err(|e| format!("{}: {e}", file.display()))?;
        say(&format!("blessed {path}"));
        return Ok(());
    }
    let current = std::fs::read_to_string(&file).unwrap_or_default();
    if current == produced {
        return Ok(());
    }
    Err(format!(
        "{path} is stale: {}\nrewrite it with\n  OASBIND_BLESS=1 {command}\nand commit it",
        first_difference(&current, produced)
    ))
}

/// Where two texts first differ, as a line number and both lines.
pub fn first_difference(old: &str, new: &str) -> String {
    let (mut a, mut b) = (old.lines(), new.lines());
    for n in 1.. {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => break,
            (x, y) => {
                return format!(
                    "line {n} is\n    {}\n  but the run gives\n    {}",
                    x.unwrap_or("<end of file>"),
                    y.unwrap_or("<end of file>")
                )
            }
        }
    }
    "the files differ only in line endings".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_difference_names_the_line_and_both_texts() {
        let d = first_difference("a\nb\nc\n", "a\nB\nc\n");
        assert!(
            d.starts_with("line 2 is") && d.contains("    b") && d.contains("    B"),
            "{d}"
        );
        let d = first_difference("a\n", "a\nmore\n");
        assert!(d.contains("<end of file>") && d.contains("more"), "{d}");
        assert_eq!(
            first_difference("a\n", "a"),
            "the files differ only in line endings"
        );
    }

    /// The only test here that touches the environment (tests of one binary share it).
    #[test]
    fn a_skip_fails_in_ci_and_is_said_aloud_elsewhere() {
        let before = std::env::var_os("CI");
        std::env::set_var("CI", "true");
        let in_ci = skip_or_fail("support self-test", "no data");
        std::env::remove_var("CI");
        // Prints a SKIPPED line: that is what this test checks, not a skipped suite.
        let local = skip_or_fail(
            "support self-test",
            "no data (expected: the skip rule's own test)",
        );
        if let Some(v) = before {
            std::env::set_var("CI", v);
        }
        assert_eq!(
            in_ci,
            Err("support self-test: no data; in CI (CI=true) a skip is a failure".to_owned())
        );
        assert_eq!(local, Ok(()));
    }

    #[test]
    fn fresh_seeds_differ() {
        let seeds: std::collections::BTreeSet<u64> = (0..8).map(|_| fresh_seed()).collect();
        assert!(seeds.len() > 1, "{seeds:?}");
    }
}
