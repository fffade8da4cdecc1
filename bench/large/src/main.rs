//! The large-definition benchmark: generation time, peak memory and the generated code's
//! `cargo check` / `cargo build` time for oasbind, typify and progenitor on the three
//! definitions in `specs/large/`, all in one run. `bench/large.sh` builds this driver
//! and the tools and calls it; it writes `docs/bench-large.md`.
//!
//! ```text
//! oasbind-bench-large phases [CPU_SECONDS] < perf-script.txt   (see bench/profile.sh)
//! oasbind-bench-large render WORK_DIR OUT_FILE   (the report again from WORK_DIR/results.json)
//! oasbind-bench-large --oasbind BIN --typify BIN --progenitor BIN --specs DIR --work DIR
//!                     --out FILE [--runs N] [--only KEY,..] [--no-compile]
//!                     [--gen-timeout S] [--compile-timeout S] [--baseline BIN --baseline-rev REV]
//! ```
//!
//! Every command is measured by `/usr/bin/time -f "%e %M"` (wall seconds, peak resident
//! set of the process and its children), under `timeout`. Generation: the median of
//! `--runs` runs. Compilation: one run each of `cargo check` and `cargo build` (dev
//! profile) of a scratch crate holding one output, after the same crate with an empty
//! `lib.rs` was checked and built, so that only the generated crate is timed.

mod extract;
mod phases;

use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// A definition of `specs/large/`.
struct Definition {
    key: &'static str,
    label: &'static str,
    file: &'static str,
}

const DEFINITIONS: [Definition; 3] = [
    Definition {
        key: "github",
        label: "GitHub (OpenAPI 3.0.3)",
        file: "api.github.com.json",
    },
    Definition {
        key: "stripe",
        label: "Stripe (OpenAPI 3.0)",
        file: "stripe.com.json",
    },
    Definition {
        key: "kubernetes",
        label: "Kubernetes 1.13 (Swagger 2.0)",
        file: "kubernetes-1.13.swagger.json",
    },
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    /// An earlier oasbind (`--baseline`), everything: the "before" of a before/after run.
    OasbindBefore,
    /// oasbind, everything: types, validators, client trait.
    Oasbind,
    /// oasbind `--no-client`: types and validators.
    OasbindTypes,
    /// oasbind, everything, as a workspace of crates (`--split`), every part on (`full`).
    OasbindSplit,
    /// cargo-typify on the extracted JSON Schema (types only).
    Typify,
    /// cargo-progenitor on the definition (client crate).
    Progenitor,
}

/// The tools of every run; `Tool::OasbindBefore` joins them when `--baseline` is given.
const TOOLS: [Tool; 5] = [
    Tool::Oasbind,
    Tool::OasbindTypes,
    Tool::OasbindSplit,
    Tool::Typify,
    Tool::Progenitor,
];

impl Tool {
    fn key(self) -> &'static str {
        match self {
            Tool::OasbindBefore => "oasbind-before",
            Tool::Oasbind => "oasbind",
            Tool::OasbindTypes => "oasbind-types",
            Tool::OasbindSplit => "oasbind-split",
            Tool::Typify => "typify",
            Tool::Progenitor => "progenitor",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Tool::OasbindBefore => "oasbind before (everything)",
            Tool::Oasbind => "oasbind (everything)",
            Tool::OasbindTypes => "oasbind `--no-client`",
            Tool::OasbindSplit => "oasbind `--split` (everything)",
            Tool::Typify => "typify (types only)",
            Tool::Progenitor => "progenitor",
        }
    }
}

struct Args {
    oasbind: PathBuf,
    typify: PathBuf,
    progenitor: PathBuf,
    specs: PathBuf,
    work: PathBuf,
    out: PathBuf,
    runs: usize,
    only: Option<Vec<String>>,
    compile: bool,
    gen_timeout: u64,
    compile_timeout: u64,
    /// An earlier oasbind binary, measured beside `oasbind` (`--baseline`).
    baseline: Option<PathBuf>,
    /// The commit the baseline was built from, for the report.
    baseline_rev: String,
}

fn parse_args() -> Result<Args, String> {
    let mut oasbind = None;
    let mut typify = None;
    let mut progenitor = None;
    let mut specs = None;
    let mut work = None;
    let mut out = None;
    let mut runs = 3;
    let mut only = None;
    let mut compile = true;
    let mut gen_timeout = 600;
    let mut compile_timeout = 3600;
    let mut baseline = None;
    let mut baseline_rev = String::from("unknown commit");
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--oasbind" => oasbind = Some(PathBuf::from(value()?)),
            "--typify" => typify = Some(PathBuf::from(value()?)),
            "--progenitor" => progenitor = Some(PathBuf::from(value()?)),
            "--specs" => specs = Some(PathBuf::from(value()?)),
            "--work" => work = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--only" => only = Some(value()?.split(',').map(str::to_owned).collect()),
            "--no-compile" => compile = false,
            "--baseline" => baseline = Some(PathBuf::from(value()?)),
            "--baseline-rev" => baseline_rev = value()?,
            "--gen-timeout" => {
                gen_timeout = value()?
                    .parse()
                    .map_err(|e| format!("--gen-timeout: {e}"))?
            }
            "--compile-timeout" => {
                compile_timeout = value()?
                    .parse()
                    .map_err(|e| format!("--compile-timeout: {e}"))?
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let need = |v: Option<PathBuf>, name: &str| v.ok_or_else(|| format!("{name} is required"));
    Ok(Args {
        oasbind: need(oasbind, "--oasbind")?,
        typify: need(typify, "--typify")?,
        progenitor: need(progenitor, "--progenitor")?,
        specs: need(specs, "--specs")?,
        work: need(work, "--work")?,
        out: need(out, "--out")?,
        runs: runs.max(1),
        only,
        compile,
        gen_timeout,
        compile_timeout,
        baseline,
        baseline_rev,
    })
}

/// One measured command.
#[derive(Clone, Debug)]
struct Measured {
    /// Wall-clock seconds.
    seconds: f64,
    /// User + system CPU seconds of the process and its children: what the work costs,
    /// much less sensitive than wall time to other processes on the machine.
    cpu: f64,
    peak_kib: u64,
    /// The exit status (124 after a timeout), `None` when killed by a signal.
    status: Option<i32>,
    /// The 1-minute load average just before the command started.
    load: f64,
    /// The command's standard error.
    stderr: String,
}

impl Measured {
    fn ok(&self) -> bool {
        self.status == Some(0)
    }
    fn timed_out(&self) -> bool {
        matches!(self.status, Some(124 | 137))
    }
}

fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|l| l.parse().ok()))
        .unwrap_or(f64::NAN)
}

fn uptime() -> String {
    Command::new("uptime")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| format!("load average {}", load_average()))
}

/// Runs `program args` under `/usr/bin/time` and `timeout`, standard output to
/// `stdout_to` (or discarded).
fn measure(
    program: &Path,
    args: &[&str],
    cwd: Option<&Path>,
    env: &[(&str, &str)],
    stdout_to: Option<&Path>,
    timeout: u64,
    scratch: &Path,
) -> Result<Measured, String> {
    let time_file = scratch.join("time.txt");
    let _ = std::fs::remove_file(&time_file);
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-f")
        .arg("%e %M %U %S")
        .arg("-o")
        .arg(&time_file)
        .arg("timeout")
        .arg("--kill-after=10")
        .arg(timeout.to_string())
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    match stdout_to {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
            cmd.stdout(file);
        }
        None => {
            cmd.stdout(Stdio::null());
        }
    }
    let load = load_average();
    let output = cmd
        .output()
        .map_err(|e| format!("/usr/bin/time {}: {e}", program.display()))?;
    let text =
        std::fs::read_to_string(&time_file).map_err(|e| format!("{}: {e}", time_file.display()))?;
    // With a failing command GNU time writes "Command exited with non-zero status N"
    // (or "Command terminated by signal N") before the formatted line.
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut fields = last.split_whitespace();
    let seconds = fields
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("unreadable /usr/bin/time output {text:?}"))?;
    let peak_kib = fields.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let cpu = fields.filter_map(|s| s.parse::<f64>().ok()).sum();
    Ok(Measured {
        seconds,
        cpu,
        peak_kib,
        status: output.status.code(),
        load,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// One tool on one definition.
struct Row {
    tool: Tool,
    definition: &'static Definition,
    /// Every generation run, in order.
    runs: Vec<Measured>,
    /// The medians of the runs (each number taken on its own).
    median: Option<Median>,
    lines: Option<usize>,
    check: Option<Measured>,
    build: Option<Measured>,
    status: String,
    /// Where the output is (file or crate directory).
    output: Option<PathBuf>,
}

#[derive(Clone, Copy)]
struct Median {
    seconds: f64,
    cpu: f64,
    peak_kib: u64,
}

fn median_f64(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn median_u64(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn count_lines(path: &Path) -> Option<usize> {
    if path.is_dir() {
        let mut total = 0;
        let mut stack = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).ok()?.flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    total += count_lines(&p)?;
                }
            }
        }
        return Some(total);
    }
    std::fs::read(path)
        .ok()
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
}

/// The first lines of a failure's standard error that say what went wrong, on one line.
fn reason(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .take_while(|l| !l.starts_with("Stack backtrace:"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            !l.starts_with("warning:") && !l.starts_with("Compiling") && !l.starts_with("Checking")
        })
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
        .collect();
    let first_error = lines
        .iter()
        .position(|l| l.starts_with("error") || l.contains("Error") || l.contains("panicked"));
    let picked: Vec<&str> = match first_error {
        Some(i) => lines[i..].iter().take(3).copied().collect(),
        None => lines.iter().rev().take(3).rev().copied().collect(),
    };
    let mut text = shorten_paths(&picked.join(" / "));
    if text.chars().count() > 300 {
        text = text.chars().take(300).collect::<String>() + "…";
    }
    text.replace('|', "\\|")
}

/// `/root/.cargo/registry/src/index.crates.io-…/crate-1.0/src/x.rs` → `crate-1.0/src/x.rs`.
fn shorten_paths(text: &str) -> String {
    const MARK: &str = "/registry/src/";
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(MARK) {
        let start = rest[..i]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |s| s + 1);
        out.push_str(&rest[..start]);
        let after = &rest[i + MARK.len()..];
        // Skip the registry's own directory (`index.crates.io-…/`).
        rest = after.find('/').map_or(after, |j| &after[j + 1..]);
    }
    out.push_str(rest);
    out
}

fn generate(
    args: &Args,
    tool: Tool,
    def: &'static Definition,
    typify_input: Option<&Path>,
    logs: &Path,
) -> Row {
    let spec = args.specs.join(def.file);
    let out_dir = args.work.join("out");
    let _ = std::fs::create_dir_all(&out_dir);
    let name = format!("{}-{}", tool.key(), def.key);
    let mut row = Row {
        tool,
        definition: def,
        runs: Vec::new(),
        median: None,
        lines: None,
        check: None,
        build: None,
        status: String::new(),
        output: None,
    };
    let spec_str = spec.to_string_lossy().into_owned();
    for run in 0..args.runs {
        let (program, argv, output): (&Path, Vec<String>, PathBuf) = match tool {
            Tool::OasbindBefore | Tool::Oasbind | Tool::OasbindTypes => {
                let out = out_dir.join(format!("{name}.rs"));
                let mut a = vec![
                    "generate".to_owned(),
                    spec_str.clone(),
                    "-o".to_owned(),
                    out.to_string_lossy().into_owned(),
                ];
                if tool == Tool::OasbindTypes {
                    a.push("--no-client".to_owned());
                }
                let binary = match (tool, &args.baseline) {
                    (Tool::OasbindBefore, Some(before)) => before,
                    _ => &args.oasbind,
                };
                (binary, a, out)
            }
            Tool::OasbindSplit => {
                let out = out_dir.join(&name);
                let _ = std::fs::remove_dir_all(&out);
                let a = vec![
                    "generate".to_owned(),
                    spec_str.clone(),
                    "--split".to_owned(),
                    out.to_string_lossy().into_owned(),
                    "--crate-name".to_owned(),
                    format!("bench-{name}"),
                    "--runtime-dir".to_owned(),
                    RUNTIME.to_owned(),
                ];
                (&args.oasbind, a, out)
            }
            Tool::Typify => {
                let Some(input) = typify_input else {
                    row.status = "no JSON Schema extracted".into();
                    return row;
                };
                let out = out_dir.join(format!("{name}.rs"));
                let a = vec![
                    "typify".to_owned(),
                    input.to_string_lossy().into_owned(),
                    "-o".to_owned(),
                    out.to_string_lossy().into_owned(),
                ];
                (&args.typify, a, out)
            }
            Tool::Progenitor => {
                let out = out_dir.join(&name);
                let _ = std::fs::remove_dir_all(&out);
                let a = vec![
                    "progenitor".to_owned(),
                    "-i".to_owned(),
                    spec_str.clone(),
                    "-o".to_owned(),
                    out.to_string_lossy().into_owned(),
                    "-n".to_owned(),
                    format!("bench-{name}"),
                    "-v".to_owned(),
                    "0.0.0".to_owned(),
                ];
                (&args.progenitor, a, out)
            }
        };
        if output.is_file() {
            let _ = std::fs::remove_file(&output);
        }
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        eprintln!(
            "  {name} run {}/{} (load {:.2})",
            run + 1,
            args.runs,
            load_average()
        );
        // No backtraces: they cost time and bury a failure's message.
        let env = [("RUST_BACKTRACE", "0"), ("RUST_LIB_BACKTRACE", "0")];
        let m = match measure(
            program,
            &argv,
            None,
            &env,
            Some(&logs.join(format!("{name}.stdout"))),
            args.gen_timeout,
            &args.work,
        ) {
            Ok(m) => m,
            Err(e) => {
                row.status = format!("not run: {e}");
                return row;
            }
        };
        let _ = std::fs::write(logs.join(format!("{name}.{run}.stderr")), &m.stderr);
        let ok = m.ok();
        row.runs.push(m);
        if !ok {
            row.status = generation_failure(&row, logs);
            return row;
        }
        row.output = Some(output);
    }
    row.median = Some(Median {
        seconds: median_f64(row.runs.iter().map(|m| m.seconds).collect()),
        cpu: median_f64(row.runs.iter().map(|m| m.cpu).collect()),
        peak_kib: median_u64(row.runs.iter().map(|m| m.peak_kib).collect()),
    });
    row.lines = row.output.as_deref().and_then(|p| {
        if row.tool == Tool::OasbindSplit {
            count_lines(p)
        } else if p.is_dir() {
            count_lines(&p.join("src"))
        } else {
            count_lines(p)
        }
    });
    row.status = "ok".into();
    row
}

/// Why a row's (last) generation run failed, from its logs.
fn generation_failure(row: &Row, logs: &Path) -> String {
    let Some(m) = row.runs.last() else {
        return "not run".into();
    };
    if m.timed_out() {
        return format!("generation timed out (exit status {:?})", m.status);
    }
    let name = format!("{}-{}", row.tool.key(), row.definition.key);
    let stderr =
        std::fs::read_to_string(logs.join(format!("{name}.{}.stderr", row.runs.len() - 1)))
            .unwrap_or_default();
    // Some tools say why on standard output (progenitor: `gen fail: …`).
    let stdout = std::fs::read_to_string(logs.join(format!("{name}.stdout"))).unwrap_or_default();
    format!(
        "generation failed: {}",
        reason(&format!("{stderr}\n{stdout}"))
    )
}

/// Why `cargo check` or `cargo build` of a row's output failed, from its log: the number
/// of errors, the most frequent error codes, and the first error.
fn compile_failure(row: &Row, sub: &str, logs: &Path) -> String {
    let m = if sub == "check" {
        row.check.as_ref()
    } else {
        row.build.as_ref()
    };
    if m.is_some_and(Measured::timed_out) {
        return format!("cargo {sub} timed out");
    }
    let name = format!("bench-{}-{}", row.tool.key(), row.definition.key);
    let stderr =
        std::fs::read_to_string(logs.join(format!("{name}.{sub}.stderr"))).unwrap_or_default();
    format!("cargo {sub} failed: {}", compiler_errors(&stderr))
}

/// A summary of rustc's `--message-format short` errors.
fn compiler_errors(stderr: &str) -> String {
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error")).collect();
    if errors.is_empty() {
        return reason(stderr);
    }
    let mut codes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in &errors {
        if let Some(code) = e.split("error[").nth(1).and_then(|r| r.split(']').next()) {
            *codes.entry(code).or_default() += 1;
        }
    }
    let mut codes: Vec<(&str, usize)> = codes.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = codes
        .iter()
        .take(4)
        .map(|(c, n)| format!("{c} ×{n}"))
        .collect();
    let first = errors[0]
        .split_once(": error")
        .map_or(errors[0], |(_, rest)| rest);
    let first: String = format!("error{first}").chars().take(200).collect();
    // rustc's own count ("due to N previous errors") also counts errors without a location.
    let total = stderr
        .lines()
        .find_map(|l| {
            l.split("due to ")
                .nth(1)?
                .split_whitespace()
                .next()?
                .parse::<usize>()
                .ok()
        })
        .unwrap_or(errors.len());
    format!(
        "{total} errors ({}{}); first: {}",
        top.join(", "),
        if codes.len() > 4 { ", …" } else { "" },
        first.replace('|', "\\|")
    )
}

/// The scratch crate's manifest for a single-file output: what oasbind's (`serde`,
/// `serde_json`, `oasbind-runtime`) and typify's (`serde`, `serde_json`, `regress` for
/// patterns, `chrono` and `uuid` for formats) output may use. Both kinds get the same
/// dependencies.
const SCRATCH_TOML: &str = r#"[package]
name = "NAME"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
oasbind-runtime = { path = 'RUNTIME', features = ["chrono", "uuid", "base64"] }
regress = "0.10"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
uuid = { version = "1", features = ["serde"] }

[workspace]
"#;

fn cargo(
    args: &Args,
    sub: &str,
    manifest: &Path,
    target: &Path,
    logs: &Path,
    name: &str,
    extra: &[&str],
) -> Result<Measured, String> {
    let cargo = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"));
    let cargo = which(&cargo).unwrap_or(cargo);
    let manifest = manifest.to_string_lossy().into_owned();
    let target = target.to_string_lossy().into_owned();
    let argv: Vec<&str> = [
        sub,
        "--manifest-path",
        &manifest,
        "--message-format",
        "short",
    ]
    .into_iter()
    .chain(extra.iter().copied())
    .collect();
    let m = measure_compiler(
        &cargo,
        &argv,
        &[
            ("CARGO_TARGET_DIR", target.as_str()),
            ("CARGO_INCREMENTAL", "0"),
            ("CARGO_TERM_COLOR", "never"),
        ],
        args.compile_timeout,
        &args.work,
    )?;
    let _ = std::fs::write(logs.join(format!("{name}.{sub}.stderr")), &m.stderr);
    Ok(m)
}

fn which(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return Some(program.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

/// `cargo check` then `cargo build` of the row's output, in a scratch crate whose
/// dependencies were built first.
fn compile(args: &Args, row: &mut Row, logs: &Path) {
    let Some(output) = row.output.clone() else {
        return;
    };
    let name = format!("bench-{}-{}", row.tool.key(), row.definition.key);
    let scratch = args.work.join("crates").join(&name);
    let target = args.work.join("crates-target");
    if row.tool == Tool::OasbindSplit {
        return compile_split(args, row, &output, &name, &target, logs);
    }
    let (manifest, lib, source) = if output.is_dir() {
        // A crate of its own (progenitor): built as it is, as a workspace of its own.
        let _ = std::fs::remove_dir_all(&scratch);
        if let Err(e) = copy_dir(&output, &scratch) {
            row.status = format!("not compiled: {e}");
            return;
        }
        let manifest = scratch.join("Cargo.toml");
        let mut toml = std::fs::read_to_string(&manifest).unwrap_or_default();
        if !toml.contains("[workspace]") {
            toml.push_str("\n[workspace]\n");
            let _ = std::fs::write(&manifest, toml);
        }
        let lib = scratch.join("src/lib.rs");
        let source = std::fs::read_to_string(&lib).unwrap_or_default();
        (manifest, lib, source)
    } else {
        let _ = std::fs::create_dir_all(scratch.join("src"));
        let manifest = scratch.join("Cargo.toml");
        let _ = std::fs::write(
            &manifest,
            SCRATCH_TOML
                .replace("NAME", &name)
                .replace("RUNTIME", RUNTIME),
        );
        // One lock file for all scratch crates: the same dependency versions everywhere.
        let lock = args.work.join("crates/Cargo.lock");
        if lock.is_file() && !scratch.join("Cargo.lock").is_file() {
            let _ = std::fs::copy(&lock, scratch.join("Cargo.lock"));
        }
        let source = std::fs::read_to_string(&output).unwrap_or_default();
        (manifest, scratch.join("src/lib.rs"), source)
    };
    // Dependencies first, with an empty crate, in both modes.
    let _ = std::fs::write(&lib, "");
    eprintln!("  {name}: building dependencies");
    if !prebuild(args, row, &manifest, &target, logs, &name, &[]) {
        return;
    }
    let lock = args.work.join("crates/Cargo.lock");
    if !output.is_dir() && !lock.is_file() {
        let _ = std::fs::copy(scratch.join("Cargo.lock"), &lock);
    }
    let _ = std::fs::write(&lib, source);
    timed(args, row, &manifest, &target, logs, &name, &[]);
}

/// `cargo check` and `cargo build` of the dependencies alone (`{name}-deps` in the logs),
/// untimed; false, with the row's status saying why, when one fails.
fn prebuild(
    args: &Args,
    row: &mut Row,
    manifest: &Path,
    target: &Path,
    logs: &Path,
    name: &str,
    extra: &[&str],
) -> bool {
    for sub in ["check", "build"] {
        match cargo(
            args,
            sub,
            manifest,
            target,
            logs,
            &format!("{name}-deps"),
            extra,
        ) {
            Ok(m) if m.ok() => {}
            Ok(m) => {
                row.status = format!("dependencies failed to {sub}: {}", reason(&m.stderr));
                return false;
            }
            Err(e) => {
                row.status = format!("not compiled: {e}");
                return false;
            }
        }
    }
    true
}

/// The timed `cargo check`, then `cargo build`, into the row (stopping at a failure).
fn timed(
    args: &Args,
    row: &mut Row,
    manifest: &Path,
    target: &Path,
    logs: &Path,
    name: &str,
    extra: &[&str],
) {
    for sub in ["check", "build"] {
        eprintln!("  {name}: cargo {sub} (load {:.2})", load_average());
        let m = match cargo(args, sub, manifest, target, logs, name, extra) {
            Ok(m) => m,
            Err(e) => {
                row.status = format!("not compiled: {e}");
                return;
            }
        };
        let ok = m.ok();
        if sub == "check" {
            row.check = Some(m);
        } else {
            row.build = Some(m);
        }
        if !ok {
            row.status = compile_failure(row, sub, logs);
            return;
        }
    }
}

/// The runtime of this checkout, which oasbind's output is written against.
const RUNTIME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../generator/runtime");

/// `cargo check` then `cargo build` of a split workspace with every part on (`--features
/// full`), its dependencies (serde, serde_json, the runtime) built first.
fn compile_split(
    args: &Args,
    row: &mut Row,
    output: &Path,
    name: &str,
    target: &Path,
    logs: &Path,
) {
    let manifest = output.join("Cargo.toml");
    let lock = args.work.join("crates/Cargo.lock");
    if lock.is_file() {
        let _ = std::fs::copy(&lock, output.join("Cargo.lock"));
    }
    eprintln!("  {name}: building dependencies");
    let deps = ["-p", "serde", "-p", "serde_json", "-p", "oasbind-runtime"];
    if prebuild(args, row, &manifest, target, logs, name, &deps) {
        timed(
            args,
            row,
            &manifest,
            target,
            logs,
            name,
            &["--features", "full"],
        );
    }
}

/// [`measure`] for cargo: the peak memory is that of all the compilers running at once
/// (rustc processes, summed, sampled every 200 ms), since cargo runs as many as there are
/// cores, where `/usr/bin/time` would give the largest one alone.
fn measure_compiler(
    program: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    timeout: u64,
    scratch: &Path,
) -> Result<Measured, String> {
    let done = std::sync::atomic::AtomicBool::new(false);
    let (m, peak) = std::thread::scope(|s| {
        let sampler = s.spawn(|| {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rustc_rss_kib());
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            peak
        });
        let m = measure(program, args, None, env, None, timeout, scratch);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (m, sampler.join().unwrap_or(0))
    });
    let mut m = m?;
    m.peak_kib = m.peak_kib.max(peak);
    Ok(m)
}

/// The summed resident memory of every `rustc` process now, in KiB (from `/proc`).
fn rustc_rss_kib() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("status")).ok())
        .filter(|status| status.lines().next() == Some("Name:\trustc"))
        .filter_map(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .sum()
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let p = entry.path();
        let dest = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest)?;
        } else {
            std::fs::copy(&p, &dest).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

fn version(program: &Path, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(if o.stdout.is_empty() {
                &o.stderr
            } else {
                &o.stdout
            })
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// The version of a package that `cargo install --root` recorded.
fn installed_version(tool_binary: &Path, package: &str) -> String {
    let crates = tool_binary
        .parent()
        .and_then(Path::parent)
        .map(|root| root.join(".crates.toml"));
    let text = crates
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix(&format!("\"{package} "))
                .and_then(|rest| rest.split_whitespace().next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".into())
}

fn secs(m: Option<&Measured>) -> String {
    match m {
        Some(m) if m.ok() => format!("{:.1}", m.seconds),
        Some(m) => format!("({:.1}, failed)", m.seconds),
        None => "–".into(),
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn ratio(a: f64, b: f64) -> String {
    if a > 0.0 && b > 0.0 {
        format!(
            "{:.2} ({:.1}× {})",
            a / b,
            if a < b { b / a } else { a / b },
            if a < b { "less" } else { "more" }
        )
    } else {
        "–".into()
    }
}

fn find<'a>(rows: &'a [Row], tool: Tool, def: &str) -> Option<&'a Row> {
    rows.iter()
        .find(|r| r.tool == tool && r.definition.key == def)
}

struct Context {
    started: String,
    finished: String,
    versions: Vec<(String, String)>,
    extracted: Vec<(&'static str, Result<extract::Extracted, String>)>,
    runs: usize,
    compile: bool,
    /// Compilations not done yet (the report is written as the run goes).
    pending: usize,
}

fn report(rows: &[Row], cx: &Context) -> String {
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "# Performance on large definitions\n");
    let _ = writeln!(
        w,
        "Written by `bash bench/large.sh` (do not edit by hand). Generation time, peak memory and the \
         generated code's compile time for oasbind, typify and progenitor on the three definitions \
         in `specs/large/` of the shared test data, all measured in the same run on the same machine.\n"
    );
    if cx.pending > 0 {
        let _ = writeln!(
            w,
            "**Run in progress or interrupted: {} compilations not done.**\n",
            cx.pending
        );
    }
    let _ = writeln!(w, "- Started: `{}`", cx.started);
    let _ = writeln!(
        w,
        "- {}: `{}`",
        if cx.pending > 0 {
            "Last written"
        } else {
            "Finished"
        },
        cx.finished
    );
    let _ = writeln!(
        w,
        "- Cores: {}",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    for (what, v) in &cx.versions {
        let _ = writeln!(w, "- {what}: {v}");
    }
    let _ = writeln!(
        w,
        "\nThe machine is shared: other builds may run at the same time. The load column is the \
         1-minute load average just before the (first) measured command; with 2 cores, a load above \
         2 means the wall-clock numbers are inflated. The CPU seconds (user + system) are what the \
         work itself cost and change less with the load (not nothing: caches and memory bandwidth are \
         shared, and the same generation has varied by a third in CPU time between busy moments). \
         typify (with the rustfmt it runs) works on one core, so its CPU seconds are close to its \
         wall time on an idle machine; oasbind emits and formats on every core, so its CPU seconds exceed its \
         wall time.\n"
    );
    let _ = writeln!(w, "## Results\n");
    let _ = writeln!(
        w,
        "| tool | definition | generation s | generation CPU s | peak MiB | lines of output | cargo check s | cargo build s | load (gen / check / build) | status |"
    );
    let _ = writeln!(w, "|---|---|---:|---:|---:|---:|---:|---:|---|---|");
    for row in rows {
        let (gen, cpu, peak) = match (row.median, row.runs.last()) {
            (Some(m), _) => (
                format!("{:.2}", m.seconds),
                format!("{:.2}", m.cpu),
                format!("{:.0}", mib(m.peak_kib)),
            ),
            (None, Some(m)) => (
                format!("({:.2})", m.seconds),
                format!("({:.2})", m.cpu),
                format!("({:.0})", mib(m.peak_kib)),
            ),
            (None, None) => ("–".into(), "–".into(), "–".into()),
        };
        let load = |m: Option<&Measured>| m.map_or("–".into(), |m| format!("{:.1}", m.load));
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} / {} / {} | {} |",
            row.tool.label(),
            row.definition.label,
            gen,
            cpu,
            peak,
            row.lines.map_or("–".into(), |l| l.to_string()),
            secs(row.check.as_ref()),
            secs(row.build.as_ref()),
            load(row.runs.first()),
            load(row.check.as_ref()),
            load(row.build.as_ref()),
            row.status,
        );
    }
    let _ = writeln!(
        w,
        "\nGeneration: median of {} runs (wall time, CPU time and peak memory each taken on its own; a \
         tool that fails is run once, its numbers in parentheses). Peak MiB is the maximum resident \
         set size; everything is measured with `/usr/bin/time -f \"%e %M %U %S\"`. Lines of output: \
         of the generated file (progenitor: of its crate's `src/`; `--split`: of all its crates).\n",
        cx.runs
    );
    if cx.compile {
        let _ = writeln!(
            w,
            "cargo check / cargo build: one run each (dev profile, `CARGO_INCREMENTAL=0`) of a scratch crate \
             holding only that output as its `lib.rs`, with `serde`, `serde_json`, `oasbind-runtime`, `regress`, `chrono` and \
             `uuid` as dependencies (the same for every tool). Before the timed runs the same crate was \
             checked and built with an empty `lib.rs`, so the dependencies were prebuilt and only the \
             generated crate is timed. `--split` output is its own workspace (a facade, a base crate and a crate \
             per tag), checked and built with `--features full` after its dependencies alone \
             (`-p serde -p serde_json -p oasbind-runtime`); cargo then runs two compilers at once on \
             two cores. CPU time and peak memory of the compilers (the resident memory of every `rustc` \
             running at once, summed, sampled every 200 ms, or `/usr/bin/time`'s figure when larger):\n"
        );
        let _ = writeln!(w, "| tool | definition | cargo check CPU s | cargo check peak MiB | cargo build CPU s | cargo build peak MiB |");
        let _ = writeln!(w, "|---|---|---:|---:|---:|---:|");
        for row in rows.iter().filter(|r| r.check.is_some()) {
            let c = |m: Option<&Measured>| m.map_or("–".into(), |m| format!("{:.1}", m.cpu));
            let p = |m: Option<&Measured>| {
                m.map_or("–".into(), |m| format!("{:.0}", mib(m.peak_kib)))
            };
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} |",
                row.tool.label(),
                row.definition.label,
                c(row.check.as_ref()),
                p(row.check.as_ref()),
                c(row.build.as_ref()),
                p(row.build.as_ref())
            );
        }
    } else {
        let _ = writeln!(
            w,
            "Compilation was not measured in this run (`--no-compile`)."
        );
    }

    let _ = writeln!(w, "\n## oasbind / typify\n");
    let _ = writeln!(
        w,
        "Each cell: oasbind's number divided by typify's (types only) on the same definition, and \
         how many times less or more that is. Compile times are wall-clock.\n"
    );
    let _ = writeln!(w, "| definition | oasbind | generation time | generation CPU | peak memory | lines | cargo check | cargo build |");
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|");
    for def in &DEFINITIONS {
        let Some(t) = find(rows, Tool::Typify, def.key) else {
            continue;
        };
        let Some(tm) = t.median else { continue };
        for tool in [Tool::Oasbind, Tool::OasbindTypes] {
            let Some(o) = find(rows, tool, def.key) else {
                continue;
            };
            let Some(om) = o.median else { continue };
            let c = |a: Option<&Measured>, b: Option<&Measured>| match (a, b) {
                (Some(a), Some(b)) if a.ok() && b.ok() => ratio(a.seconds, b.seconds),
                _ => "–".into(),
            };
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                def.label,
                tool.label(),
                ratio(om.seconds, tm.seconds),
                ratio(om.cpu, tm.cpu),
                ratio(om.peak_kib as f64, tm.peak_kib as f64),
                ratio(o.lines.unwrap_or(0) as f64, t.lines.unwrap_or(0) as f64),
                c(o.check.as_ref(), t.check.as_ref()),
                c(o.build.as_ref(), t.build.as_ref()),
            );
        }
    }

    if rows.iter().any(|r| r.tool == Tool::OasbindBefore) {
        before_after(w, rows);
    }

    let _ = writeln!(w, "\n## The goal (issue 7)\n");
    let _ = writeln!(
        w,
        "GitHub's definition generated (everything, formatted) in under 2 s and Kubernetes' in under \
         1 s, each at least 5× faster than typify's types-only run on the same file in the same run. \
         Judged on wall time as measured, which is what a user waits for; the CPU columns compare \
         the work done (oasbind's on both cores added up), without the other processes' share of \
         the machine.\n"
    );
    let _ = writeln!(
        w,
        "| definition | oasbind s (CPU s) | limit s | typify s (CPU s) | needed s: limit and 5× typify, wall (CPU) | speed-up over typify, wall (CPU) | met (wall) | met (CPU) |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---|---|");
    for (key, limit) in [("github", 2.0), ("kubernetes", 1.0)] {
        let Some(def) = DEFINITIONS.iter().find(|d| d.key == key) else {
            continue;
        };
        let o = find(rows, Tool::Oasbind, key).and_then(|r| r.median);
        let t = find(rows, Tool::Typify, key).and_then(|r| r.median);
        let (Some(o), Some(t)) = (o, t) else {
            let _ = writeln!(
                w,
                "| {} | – | {limit} | – | – | – | not measured | not measured |",
                def.label
            );
            continue;
        };
        let met = |o: f64, t: f64| {
            if o < limit && t / o >= 5.0 {
                "yes"
            } else {
                "no"
            }
        };
        let _ = writeln!(
            w,
            "| {} | {:.2} ({:.2}) | {limit} | {:.2} ({:.2}) | {:.2} ({:.2}) | {:.1}× ({:.1}×) | {} | {} |",
            def.label,
            o.seconds,
            o.cpu,
            t.seconds,
            t.cpu,
            (t.seconds / 5.0).min(limit),
            (t.cpu / 5.0).min(limit),
            t.seconds / o.seconds,
            t.cpu / o.cpu,
            met(o.seconds, t.seconds),
            met(o.cpu, t.cpu)
        );
    }

    let _ = writeln!(w, "\n## Inputs\n");
    let _ = writeln!(
        w,
        "oasbind (`oasbind generate <spec> -o out.rs`, and with `--no-client`) and progenitor \
         (`cargo progenitor -i <spec> -o <dir> -n <name> -v 0.0.0`) read the definition as published. \
         typify (`cargo typify <schema> -o out.rs`, its defaults: builder interface included) takes a \
         JSON Schema: the driver extracts the definition's schemas into one document (OpenAPI: \
         `components.schemas` as `$defs`, refs `#/components/schemas/X` rewritten to `#/$defs/X`; \
         Swagger 2.0: `definitions`, refs kept), with object keys in sorted order (serde_json's map). \
         The extraction is not timed. cargo-typify formats its output by running `rustfmt` (through \
         rustfmt-wrapper) as a child process, whose time and memory are included, as oasbind's \
         formatting (its own printer, in process) is included in its own.\n"
    );
    for (key, e) in &cx.extracted {
        match e {
            Ok(e) => {
                let _ = writeln!(
                    w,
                    "- {key}: {} schemas under `{}`, {} refs rewritten, {} refs to elsewhere left as they were",
                    e.definitions, e.container, e.rewritten, e.foreign
                );
            }
            Err(err) => {
                let _ = writeln!(w, "- {key}: not extracted: {err}");
            }
        }
    }
    md
}

/// The "before and after" table of a run with `--baseline`: each number of oasbind
/// (everything) divided by the same number of the baseline on the same definition.
fn before_after(w: &mut String, rows: &[Row]) {
    let _ = writeln!(w, "\n## Before and after\n");
    let _ = writeln!(
        w,
        "Each cell: oasbind's number (everything) divided by the baseline's (`oasbind before`, \
         the commit in the header) on the same definition in this run. Below 1 is less time, \
         memory or output than before.\n"
    );
    let _ = writeln!(w, "| definition | generation time | generation CPU | generation peak | lines | cargo check | cargo check CPU | cargo check peak | cargo build | cargo build CPU | cargo build peak |");
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|---|---|---|");
    let ok = |m: Option<&Measured>| m.filter(|m| m.ok()).cloned();
    for def in &DEFINITIONS {
        let (Some(after), Some(before)) = (
            find(rows, Tool::Oasbind, def.key),
            find(rows, Tool::OasbindBefore, def.key),
        ) else {
            continue;
        };
        let (Some(a), Some(b)) = (after.median, before.median) else {
            continue;
        };
        let of = |f: fn(&Measured) -> f64, a: Option<Measured>, b: Option<Measured>| match (a, b) {
            (Some(a), Some(b)) => ratio(f(&a), f(&b)),
            _ => "–".into(),
        };
        let mut cells = vec![
            ratio(a.seconds, b.seconds),
            ratio(a.cpu, b.cpu),
            ratio(a.peak_kib as f64, b.peak_kib as f64),
            ratio(
                after.lines.unwrap_or(0) as f64,
                before.lines.unwrap_or(0) as f64,
            ),
        ];
        for (x, y) in [
            (ok(after.check.as_ref()), ok(before.check.as_ref())),
            (ok(after.build.as_ref()), ok(before.build.as_ref())),
        ] {
            cells.push(of(|m| m.seconds, x.clone(), y.clone()));
            cells.push(of(|m| m.cpu, x.clone(), y.clone()));
            cells.push(of(|m| m.peak_kib as f64, x, y));
        }
        let _ = writeln!(w, "| {} | {} |", def.label, cells.join(" | "));
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let logs = args.work.join("logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let started = uptime();
    eprintln!("start: {started}");
    let defs: Vec<&'static Definition> = DEFINITIONS
        .iter()
        .filter(|d| {
            args.only
                .as_ref()
                .is_none_or(|o| o.iter().any(|k| k == d.key))
        })
        .collect();

    // typify's inputs.
    let mut extracted = Vec::new();
    let mut typify_inputs = Vec::new();
    let inputs = args.work.join("inputs");
    std::fs::create_dir_all(&inputs).map_err(|e| format!("{}: {e}", inputs.display()))?;
    for def in &defs {
        let path = args.specs.join(def.file);
        let result = std::fs::read(&path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|b| {
                serde_json::from_slice::<Value>(&b).map_err(|e| format!("{}: {e}", path.display()))
            })
            .and_then(|spec| extract::json_schema(&spec));
        match result {
            Ok((schema, stats)) => {
                let file = inputs.join(format!("{}.schema.json", def.key));
                let text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
                std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
                typify_inputs.push(Some(file));
                extracted.push((def.key, Ok(stats)));
            }
            Err(e) => {
                typify_inputs.push(None);
                extracted.push((def.key, Err(e)));
            }
        }
    }

    // All generation first (the whole generation table in one stretch of time), then the
    // compilations, smallest output first. The report is rewritten after each step, so an
    // interrupted run still leaves what it measured.
    let mut cx = Context {
        started,
        finished: String::new(),
        versions: vec![
            ("rustc".into(), version(Path::new("rustc"), &["-V"])),
            ("oasbind".into(), oasbind_version(&args.oasbind)),
            (
                "typify".into(),
                format!(
                    "cargo-typify {}",
                    installed_version(&args.typify, "cargo-typify")
                ),
            ),
            (
                "progenitor".into(),
                format!(
                    "cargo-progenitor {}",
                    installed_version(&args.progenitor, "cargo-progenitor")
                ),
            ),
        ],
        extracted,
        runs: args.runs,
        compile: args.compile,
        pending: 0,
    };
    if let Some(before) = &args.baseline {
        let v = version(before, &["--version"]);
        cx.versions.insert(
            2,
            (
                "oasbind before".into(),
                format!("{v}, commit {}", args.baseline_rev),
            ),
        );
    }
    let tools: Vec<Tool> = args
        .baseline
        .iter()
        .map(|_| Tool::OasbindBefore)
        .chain(TOOLS)
        .collect();
    let mut rows = Vec::new();
    for (def, input) in defs.iter().zip(&typify_inputs) {
        for &tool in &tools {
            eprintln!("{} on {}", tool.key(), def.key);
            let row = generate(&args, tool, def, input.as_deref(), &logs);
            eprintln!("  -> {}", row.status);
            rows.push(row);
        }
    }
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| args.compile && rows[i].status == "ok")
        .collect();
    order.sort_by_key(|&i| rows[i].lines.unwrap_or(usize::MAX));
    for &i in &order {
        rows[i].status = PENDING.into();
    }
    cx.pending = order.len();
    write(&args, &rows, &mut cx)?;
    for i in order {
        eprintln!(
            "compiling {} on {}",
            rows[i].tool.key(),
            rows[i].definition.key
        );
        rows[i].status = "ok".into();
        compile(&args, &mut rows[i], &logs);
        eprintln!("  -> {}", rows[i].status);
        cx.pending -= 1;
        write(&args, &rows, &mut cx)?;
    }
    eprintln!(
        "wrote {} (raw numbers: {})",
        args.out.display(),
        args.work.join("results.json").display()
    );
    print!("{}", report(&rows, &cx));
    Ok(())
}

const PENDING: &str = "generated; compilation pending";

/// Writes the report and the raw numbers as they are now.
fn write(args: &Args, rows: &[Row], cx: &mut Context) -> Result<(), String> {
    cx.finished = uptime();
    write_report(&args.out, rows, cx)?;
    let raw_path = args.work.join("results.json");
    std::fs::write(
        &raw_path,
        serde_json::to_string_pretty(&to_json(rows, cx)).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", raw_path.display()))
}

fn write_report(out: &Path, rows: &[Row], cx: &Context) -> Result<(), String> {
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(out, report(rows, cx)).map_err(|e| format!("{}: {e}", out.display()))
}

/// Everything the report is made of: `results.json` in the work directory.
fn to_json(rows: &[Row], cx: &Context) -> Value {
    let measured = |m: &Measured| json!({"seconds": m.seconds, "cpu": m.cpu, "peak_kib": m.peak_kib, "load": m.load, "status": m.status});
    json!({
        "started": cx.started,
        "finished": cx.finished,
        "runs": cx.runs,
        "compile": cx.compile,
        "pending": cx.pending,
        "versions": cx.versions,
        "extracted": cx.extracted.iter().map(|(key, e)| match e {
            Ok(e) => json!({"definition": key, "container": e.container, "definitions": e.definitions, "rewritten": e.rewritten, "foreign": e.foreign}),
            Err(err) => json!({"definition": key, "error": err}),
        }).collect::<Vec<_>>(),
        "rows": rows.iter().map(|r| json!({
            "tool": r.tool.key(),
            "definition": r.definition.key,
            "runs": r.runs.iter().map(measured).collect::<Vec<_>>(),
            "lines": r.lines,
            "check": r.check.as_ref().map(measured),
            "build": r.build.as_ref().map(measured),
            "status": r.status,
        })).collect::<Vec<_>>(),
    })
}

/// `render`: the report again from `results.json` and the logs (failure reasons are read
/// from the logs again), e.g. after the report's wording changed.
fn render(work: &Path, out: &Path) -> Result<(), String> {
    let path = work.join("results.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let str_of = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let measured = |m: &Value| -> Option<Measured> {
        Some(Measured {
            seconds: m.get("seconds")?.as_f64()?,
            cpu: m.get("cpu").and_then(Value::as_f64).unwrap_or(f64::NAN),
            peak_kib: m.get("peak_kib")?.as_u64()?,
            status: m
                .get("status")
                .and_then(Value::as_i64)
                .and_then(|s| i32::try_from(s).ok()),
            load: m.get("load").and_then(Value::as_f64).unwrap_or(f64::NAN),
            stderr: String::new(),
        })
    };
    let cx = Context {
        started: str_of(&v, "started"),
        finished: str_of(&v, "finished"),
        versions: v
            .get("versions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| {
                        Some((
                            p.get(0)?.as_str()?.to_owned(),
                            p.get(1)?.as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        extracted: v
            .get("extracted")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        let def = DEFINITIONS
                            .iter()
                            .find(|d| d.key == str_of(e, "definition"))?;
                        if let Some(err) = e.get("error").and_then(Value::as_str) {
                            return Some((def.key, Err(err.to_owned())));
                        }
                        let n = |k: &str| {
                            e.get(k)
                                .and_then(Value::as_u64)
                                .and_then(|n| usize::try_from(n).ok())
                                .unwrap_or(0)
                        };
                        let container = if str_of(e, "container") == "$defs" {
                            "$defs"
                        } else {
                            "definitions"
                        };
                        Some((
                            def.key,
                            Ok(extract::Extracted {
                                definitions: n("definitions"),
                                rewritten: n("rewritten"),
                                foreign: n("foreign"),
                                container,
                            }),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        runs: v
            .get("runs")
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(3),
        compile: v.get("compile").and_then(Value::as_bool).unwrap_or(true),
        pending: v
            .get("pending")
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0),
    };
    let logs = work.join("logs");
    let mut rows = Vec::new();
    for r in v
        .get("rows")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{}: no rows", path.display()))?
    {
        let Some(tool) = std::iter::once(Tool::OasbindBefore)
            .chain(TOOLS)
            .find(|t| t.key() == str_of(r, "tool"))
        else {
            continue;
        };
        let Some(definition) = DEFINITIONS
            .iter()
            .find(|d| d.key == str_of(r, "definition"))
        else {
            continue;
        };
        let runs: Vec<Measured> = r
            .get("runs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(measured).collect())
            .unwrap_or_default();
        let mut row = Row {
            tool,
            definition,
            median: None,
            lines: r
                .get("lines")
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok()),
            check: r.get("check").and_then(measured),
            build: r.get("build").and_then(measured),
            status: str_of(r, "status"),
            output: None,
            runs,
        };
        if row.runs.last().is_some_and(|m| !m.ok()) {
            row.status = generation_failure(&row, &logs);
        } else if !row.runs.is_empty() {
            row.median = Some(Median {
                seconds: median_f64(row.runs.iter().map(|m| m.seconds).collect()),
                cpu: median_f64(row.runs.iter().map(|m| m.cpu).collect()),
                peak_kib: median_u64(row.runs.iter().map(|m| m.peak_kib).collect()),
            });
            if row.check.as_ref().is_some_and(|m| !m.ok()) {
                row.status = compile_failure(&row, "check", &logs);
            } else if row.build.as_ref().is_some_and(|m| !m.ok()) {
                row.status = compile_failure(&row, "build", &logs);
            }
        }
        rows.push(row);
    }
    write_report(out, &rows, &cx)
}

fn oasbind_version(binary: &Path) -> String {
    let v = version(binary, &["--version"]);
    let repo = binary.ancestors().find(|p| p.join(".git").exists());
    let Some(repo) = repo else { return v };
    let git = |a: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(a)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let head = git(&["rev-parse", "--short", "HEAD"]);
    let dirty = !git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        "generator",
    ])
    .is_empty();
    format!(
        "{v}, commit {head}{}",
        if dirty {
            " with uncommitted changes under generator/ (release build of the work tree)"
        } else {
            ""
        }
    )
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("phases") {
        // `perf script` output on standard input; optional total CPU seconds.
        let cpu = std::env::args().nth(2).and_then(|s| s.parse().ok());
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            eprintln!("error: standard input: {e}");
            return ExitCode::from(2);
        }
        print!("{}", phases::table(&text, cpu));
        return ExitCode::SUCCESS;
    }
    if std::env::args().nth(1).as_deref() == Some("render") {
        let args: Vec<String> = std::env::args().skip(2).collect();
        let (Some(work), Some(out)) = (args.first(), args.get(1)) else {
            eprintln!("usage: oasbind-bench-large render WORK_DIR OUT_FILE");
            return ExitCode::from(2);
        };
        return match render(Path::new(work), Path::new(out)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_reasons_are_short() {
        let stderr = "thread 'main' (1) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/progenitor-impl-0.15.1/src/method.rs:2057:23:\n\
                      not yet implemented: x\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(reason(stderr), "thread 'main' (1) panicked at progenitor-impl-0.15.1/src/method.rs:2057:23: / not yet implemented: x");
        let both = "Error: generation experienced errors\n\nStack backtrace:\n  0: x\n";
        assert_eq!(reason(both), "Error: generation experienced errors");
        assert_eq!(
            reason("Error: failed\ngen fail: UnexpectedFormat(\"a|b\")\n"),
            "Error: failed / gen fail: UnexpectedFormat(\"a\\|b\")"
        );
    }

    #[test]
    fn compiler_errors_are_summarised() {
        let stderr = "    Checking x v0.0.0\n\
                      src/lib.rs:10:1: error[E0428]: the name `A` is defined multiple times: `A` redefined here\n\
                      src/lib.rs:20:5: error[E0560]: struct `B` has no field named `c`\n\
                      src/lib.rs:30:5: error[E0560]: struct `B` has no field named `d`\n\
                      error: could not compile `x` (lib) due to 3 previous errors; 1 warning emitted\n";
        assert_eq!(
            compiler_errors(stderr),
            "3 errors (E0560 ×2, E0428 ×1); first: error[E0428]: the name `A` is defined multiple times: `A` redefined here"
        );
    }
}
