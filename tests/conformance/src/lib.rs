//! The JSON Schema Test Suite, run through oasbind-generated validators.
//!
//! For every test group (one schema, several instances) the runner generates bindings
//! from the group's schema as a JSON Schema document (plain JSON Schema semantics:
//! `infer_object_type(false)`, strict, formats asserted under `optional/format/`), writes
//! them all as modules of one scratch crate, builds it once, and runs every instance
//! through the module's `validate_json` (parse, validate, convert to the Rust type). The
//! verdict is compared with the suite's.
//!
//! A group whose generation fails (an unsupported keyword in strict mode, an unresolvable
//! `$ref`) is skipped with the diagnostic as its reason; so is a group whose generated code
//! does not compile, with the compiler's first error. In a claimed keyword file such a skip
//! fails the run ([`gate`]) unless [`KNOWN_GAPS`] names the group, and a group listed there
//! that generates and compiles fails it too, so that the list stays exact.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Keyword files not claimed as supported, with the reason: their failures are reported
/// but do not fail the run. Every other file is claimed: a single disagreement fails it.
pub const NOT_CLAIMED: &[(&str, &str)] = &[
    (
        "optional/format/hostname.json",
        "draft 4's case \"hostname with consecutive hyphens\" expects `ab--cd` valid (RFC 1123), which IDNA2008 forbids; the format check is not told the draft",
    ),
];

/// Groups of claimed keyword files that oasbind cannot generate yet: (draft, file, group
/// description, reason). Exact both ways: any other group of a claimed file that does not
/// generate or compile fails the run, and so does a group listed here that does.
pub const KNOWN_GAPS: &[(&str, &str, &str, &str)] = &[
    (
        "draft2020-12",
        "optional/format/unknown.json",
        "unknown format",
        "strict mode, which the runner uses, refuses a format it cannot enforce (without it the format is ignored, as the suite expects)",
    ),
    (
        "draft4",
        "optional/format/unknown.json",
        "unknown format",
        "strict mode, which the runner uses, refuses a format it cannot enforce (without it the format is ignored, as the suite expects)",
    ),
];

/// The reason a group is a known gap, if it is one.
pub fn known_gap(draft: &str, file: &str, group: &str) -> Option<&'static str> {
    KNOWN_GAPS
        .iter()
        .find(|(d, f, g, _)| *d == draft && *f == file && *g == group)
        .map(|(.., r)| *r)
}

/// The reason a file is not claimed, if it is not.
pub fn not_claimed(file: &str) -> Option<&'static str> {
    NOT_CLAIMED
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, r)| *r)
}

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The suite's root (holding `tests/` and `remotes/`).
    pub suite: PathBuf,
    /// Draft folder names (`draft4`, `draft2020-12`, …).
    pub drafts: Vec<String>,
    /// Only these keyword files (as `type.json`, `optional/format/date.json`); all if empty.
    pub only: Vec<String>,
    /// Where the scratch crate is written.
    pub scratch: PathBuf,
    /// Its Cargo target folder (default: `<scratch>/target`); scratch crates can share one.
    pub target: Option<PathBuf>,
    /// The workspace's `Cargo.lock`, copied so the scratch crate builds the same versions.
    pub lockfile: Option<PathBuf>,
}

/// One test group that was skipped.
#[derive(Clone, Debug)]
pub struct Skip {
    /// The group's description.
    pub group: String,
    /// How many cases it has.
    pub cases: usize,
    /// Why (one line).
    pub reason: String,
}

/// Results of one keyword file.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// Cases whose verdict agrees with the suite.
    pub passed: usize,
    /// Cases that disagree: "group / test (expected valid|invalid)".
    pub failed: Vec<String>,
    /// Skipped groups.
    pub skipped: Vec<Skip>,
    /// Known gaps (group descriptions) that generated and compiled: [`KNOWN_GAPS`] must lose them.
    pub closed: Vec<String>,
}

impl FileReport {
    /// Cases in skipped groups.
    pub fn skipped_cases(&self) -> usize {
        self.skipped.iter().map(|s| s.cases).sum()
    }

    /// All cases.
    pub fn total(&self) -> usize {
        self.passed + self.failed.len() + self.skipped_cases()
    }
}

/// Results of a run: draft → keyword file → report.
pub type Report = BTreeMap<String, BTreeMap<String, FileReport>>;

struct Group {
    draft: String,
    file: String,
    description: String,
    module: String,
    tests: Vec<(String, Value, bool)>,
}

/// The suite folder from the one setting: `OASBIND_TESTDATA` (default `../shared/testdata`
/// beside the repository root) + `json-schema-test-suite`.
pub fn default_suite() -> PathBuf {
    oasbind_test_support::testdata_root().join("json-schema-test-suite")
}

/// The repository root (this package is `tests/conformance`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dialect(draft: &str) -> Result<oasbind::Draft, String> {
    draft.parse()
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.trim_matches('_').to_owned()
}

/// Reads the groups of the selected files.
fn groups(options: &Options) -> Result<Vec<Group>, String> {
    let mut out = Vec::new();
    for draft in &options.drafts {
        dialect(draft)?;
        let root = options.suite.join("tests").join(draft);
        let mut files = Vec::new();
        for (dir, prefix) in [
            (root.clone(), ""),
            (root.join("optional/format"), "optional/format/"),
        ] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") {
                    files.push((format!("{prefix}{name}"), e.path()));
                }
            }
        }
        if files.is_empty() {
            return Err(format!("no test files under {}", root.display()));
        }
        files.sort();
        let short = draft.trim_start_matches("draft").replace('-', "_");
        for (file, path) in files {
            if !options.only.is_empty() && !options.only.contains(&file) {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let parsed: Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let stem = snake(
                file.trim_end_matches(".json")
                    .trim_start_matches("optional/"),
            );
            for (i, g) in parsed.as_array().into_iter().flatten().enumerate() {
                let tests = g["tests"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| {
                        (
                            t["description"].as_str().unwrap_or("").to_owned(),
                            t["data"].clone(),
                            t["valid"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect();
                out.push(Group {
                    draft: draft.clone(),
                    file: file.clone(),
                    description: g["description"].as_str().unwrap_or("").to_owned(),
                    module: format!("d{short}_{stem}_{i}"),
                    tests,
                });
                let schema = g["schema"].clone();
                out.last_mut()
                    .expect("just pushed")
                    .tests
                    .insert(0, (String::new(), schema, false));
            }
        }
    }
    Ok(out)
}

/// Runs the suite; `log` receives progress lines.
pub fn run(options: &Options, log: &mut dyn FnMut(&str)) -> Result<Report, String> {
    let mut groups = groups(options)?;
    let mut report: Report = BTreeMap::new();
    let mut skips: BTreeMap<String, String> = BTreeMap::new();
    let src = options.scratch.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;

    // 1. Generate every group's module.
    let remotes = options.suite.join("remotes");
    let mut generated = Vec::new();
    for g in &mut groups {
        let (_, schema, _) = g.tests.remove(0);
        report
            .entry(g.draft.clone())
            .or_default()
            .entry(g.file.clone())
            .or_default();
        let mut config = oasbind::Config::new();
        config
            .client(false)
            .infer_object_type(false)
            .strict(true)
            .json_schema(Some(dialect(&g.draft)?))
            .remote("http://localhost:1234/", &remotes)
            .assert_formats(g.file.starts_with("optional/format/"))
            // Formats are annotations outside optional/format/: no type of their own, which
            // would assert them.
            .format_types(g.file.starts_with("optional/format/"));
        let name = options
            .scratch
            .join("schemas")
            .join(&g.module)
            .join("root.json");
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        match oasbind::generate_str(&name.display().to_string(), &text, &config) {
            Ok(out) => {
                std::fs::write(src.join(format!("{}.rs", g.module)), out.code)
                    .map_err(|e| e.to_string())?;
                generated.push(g.module.clone());
            }
            Err(e) => {
                let reason = e.to_string();
                let reason = reason
                    .lines()
                    .next()
                    .unwrap_or("")
                    .replace(&*name.display().to_string(), "schema")
                    .replace(&*options.suite.display().to_string(), "<suite>");
                skips.insert(g.module.clone(), format!("not generated: {reason}"));
            }
        }
    }
    log(&format!(
        "generated {} of {} groups",
        generated.len(),
        groups.len()
    ));

    // 2. Build them all in one crate; drop modules that do not compile and rebuild.
    write_crate(options, &generated)?;
    let binary = loop {
        match build(options, log)? {
            Ok(binary) => break binary,
            Err(broken) => {
                if broken.is_empty() {
                    return Err("the scratch crate does not build, and no module is to blame (see the output above)".to_owned());
                }
                for (module, error) in broken {
                    generated.retain(|m| *m != module);
                    let _ = std::fs::remove_file(src.join(format!("{module}.rs")));
                    skips.insert(module, format!("generated code does not compile: {error}"));
                }
                write_crate(options, &generated)?;
            }
        }
    };

    // 3. Run every case.
    let mut cases = Vec::new();
    let mut owners = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        if skips.contains_key(&g.module) {
            continue;
        }
        for (ti, (_, data, _)) in g.tests.iter().enumerate() {
            cases.push(json!([
                g.module,
                serde_json::to_string(data).unwrap_or_default()
            ]));
            owners.push((gi, ti));
        }
    }
    let cases_file = options.scratch.join("cases.json");
    std::fs::write(&cases_file, Value::Array(cases).to_string()).map_err(|e| e.to_string())?;
    let verdicts = execute(&binary, &cases_file, owners.len(), log)?;

    // 4. Compare.
    for g in &groups {
        let file = report
            .entry(g.draft.clone())
            .or_default()
            .entry(g.file.clone())
            .or_default();
        match skips.get(&g.module) {
            Some(reason) => file.skipped.push(Skip {
                group: g.description.clone(),
                cases: g.tests.len(),
                reason: reason.clone(),
            }),
            None if known_gap(&g.draft, &g.file, &g.description).is_some() => {
                file.closed.push(g.description.clone())
            }
            None => {}
        }
    }
    for ((gi, ti), verdict) in owners.iter().zip(verdicts) {
        let g = &groups[*gi];
        let (description, _, valid) = &g.tests[*ti];
        let file = report
            .entry(g.draft.clone())
            .or_default()
            .entry(g.file.clone())
            .or_default();
        let agrees = match verdict.as_str() {
            "valid" => *valid,
            "invalid" => !*valid,
            _ => false,
        };
        if agrees {
            file.passed += 1;
        } else {
            let expected = if *valid { "valid" } else { "invalid" };
            let got = if verdict == "valid" || verdict == "invalid" {
                String::new()
            } else {
                format!(", got {verdict}")
            };
            file.failed.push(format!(
                "{} / {} (expected {expected}{got})",
                g.description, description
            ));
        }
    }
    Ok(report)
}

fn write_crate(options: &Options, modules: &[String]) -> Result<(), String> {
    let dir = &options.scratch;
    let manifest = r#"[package]
name = "{NAME}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
oasbind-runtime = { path = '{RUNTIME}', features = ["idn", "chrono", "uuid", "base64"] }

[profile.dev]
debug = false
opt-level = 1

[workspace]
"#;
    let name = format!(
        "oasbind-conformance-{}",
        dir.file_name()
            .map(|n| snake(&n.to_string_lossy()))
            .unwrap_or_default()
            .replace('_', "-")
    );
    // The runtime of this checkout, which the generated code is written against.
    let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../../generator/runtime");
    write_if_changed(
        &dir.join("Cargo.toml"),
        &manifest
            .replace("{NAME}", &name)
            .replace("{RUNTIME}", runtime),
    )?;
    if let Some(lock) = &options.lockfile {
        if !dir.join("Cargo.lock").exists() {
            let _ = std::fs::copy(lock, dir.join("Cargo.lock"));
        }
    }
    let mut main = String::from(
        "//! Generated by oasbind-conformance: one module per test group.\n#![allow(warnings, clippy::all)]\n\n",
    );
    for m in modules {
        let _ = writeln!(main, "mod {m};");
    }
    main.push_str(
        "\nfn dispatch(module: &str, json: &str) -> Option<bool> {\n    match module {\n",
    );
    for m in modules {
        let _ = writeln!(
            main,
            "        {m:?} => {m}::validate_json(\"root\", json).map(|r| r.is_ok()),"
        );
    }
    main.push_str(
        r#"        _ => None,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: Vec<(String, String)> = serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let start: usize = args[2].parse().unwrap();
    std::panic::set_hook(Box::new(|_| {}));
    let worker = std::thread::Builder::new().stack_size(1 << 28).spawn(move || {
        use std::io::Write;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for (i, (module, json)) in cases.iter().enumerate().skip(start) {
            let verdict = match std::panic::catch_unwind(|| dispatch(module, json)) {
                Ok(Some(true)) => "valid",
                Ok(Some(false)) => "invalid",
                Ok(None) => "no-entry-point",
                Err(_) => "panic",
            };
            writeln!(out, "{i} {verdict}").unwrap();
            out.flush().unwrap();
        }
    });
    worker.unwrap().join().unwrap();
}
"#,
    );
    write_if_changed(&dir.join("src/main.rs"), &main)
}

fn write_if_changed(path: &Path, content: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, content).map_err(|e| format!("{}: {e}", path.display()))
}

/// Builds the scratch crate: the binary, or the modules that failed with their first error.
fn build(
    options: &Options,
    log: &mut dyn FnMut(&str),
) -> Result<Result<PathBuf, Vec<(String, String)>>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    log("building the scratch crate");
    let output = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--message-format=json-diagnostic-short",
            "--manifest-path",
        ])
        .arg(options.scratch.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            options
                .target
                .clone()
                .unwrap_or_else(|| options.scratch.join("target")),
        )
        .env_remove("RUSTFLAGS")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut broken: BTreeMap<String, String> = BTreeMap::new();
    let mut binary = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match msg["reason"].as_str() {
            Some("compiler-artifact") if msg["target"]["kind"][0] == "bin" => {
                binary = msg["executable"].as_str().map(PathBuf::from);
            }
            Some("compiler-message") if msg["message"]["level"] == "error" => {
                let text = msg["message"]["message"].as_str().unwrap_or("").to_owned();
                for span in msg["message"]["spans"].as_array().into_iter().flatten() {
                    let file = span["file_name"].as_str().unwrap_or("");
                    if let Some(module) = file
                        .strip_prefix("src/")
                        .and_then(|f| f.strip_suffix(".rs"))
                        .filter(|m| *m != "main")
                    {
                        broken
                            .entry(module.to_owned())
                            .or_insert_with(|| text.clone());
                    }
                }
                let rendered = msg["message"]["rendered"].as_str().unwrap_or(&text);
                let blamed = rendered
                    .split("src/")
                    .skip(1)
                    .find_map(|rest| rest.split_once(".rs").map(|(m, _)| m.to_owned()))
                    .filter(|m| {
                        m.starts_with('d')
                            && m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    });
                match blamed {
                    Some(module) => {
                        broken.entry(module).or_insert_with(|| text.clone());
                    }
                    None if broken.is_empty() => log(&format!("error: {rendered}")),
                    None => {}
                }
            }
            _ => {}
        }
    }
    if output.status.success() {
        return binary
            .map(Ok)
            .ok_or_else(|| "cargo built no binary".to_owned());
    }
    Ok(Err(broken.into_iter().collect()))
}

/// Runs the cases, restarting after a crash (a stack overflow aborts the process).
fn execute(
    binary: &Path,
    cases: &Path,
    count: usize,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<String>, String> {
    let mut verdicts = vec![String::from("not run"); count];
    let mut start = 0;
    while start < count {
        let mut child = Command::new(binary)
            .arg(cases)
            .arg(start.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut last = None;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some((i, v)) = line.split_once(' ') {
                if let Ok(i) = i.parse::<usize>() {
                    verdicts[i] = v.to_owned();
                    last = Some(i);
                }
            }
        }
        let _ = child.wait();
        let next = last.map_or(start, |i| i + 1);
        if next < count {
            log(&format!(
                "case {next} crashed the harness; going on after it"
            ));
            verdicts[next] = "crash".to_owned();
            start = next + 1;
        } else {
            start = next;
        }
    }
    Ok(verdicts)
}

/// Agreement over a set of files: (passed, all cases, skipped cases among them).
pub fn totals<'a>(files: impl Iterator<Item = &'a FileReport>) -> (usize, usize, usize) {
    files.fold((0, 0, 0), |(p, t, s), f| {
        (p + f.passed, t + f.total(), s + f.skipped_cases())
    })
}

/// Everything that fails the run, as "draft/file: what": a disagreement in a claimed file,
/// a group of a claimed file that did not generate or compile and is not a known gap, and
/// a known gap that no longer is one.
pub fn gate(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for (draft, files) in report {
        for (file, r) in files {
            if not_claimed(file).is_some() {
                continue;
            }
            out.extend(
                r.failed
                    .iter()
                    .map(|f| format!("{draft}/{file}: disagreement: {f}")),
            );
            for s in r
                .skipped
                .iter()
                .filter(|s| known_gap(draft, file, &s.group).is_none())
            {
                out.push(format!(
                    "{draft}/{file}: group \"{}\" ({} cases) of a claimed file was not run: {}",
                    s.group, s.cases, s.reason
                ));
            }
            for group in &r.closed {
                out.push(format!(
                    "{draft}/{file}: group \"{group}\" is listed in KNOWN_GAPS but now generates and compiles: take it off the list"
                ));
            }
        }
    }
    out
}

/// `docs/conformance.json`: per draft and keyword file, passed / failed / skipped cases.
pub fn to_json(report: &Report) -> Value {
    let mut drafts = serde_json::Map::new();
    for (draft, files) in report {
        let mut out = serde_json::Map::new();
        for (file, r) in files {
            out.insert(
                file.clone(),
                json!({
                    "passed": r.passed,
                    "failed": r.failed.len(),
                    "skipped": r.skipped_cases(),
                    "claimed": not_claimed(file).is_none(),
                }),
            );
        }
        let (passed, total, skipped) = totals(files.values());
        drafts.insert(
            draft.clone(),
            json!({ "passed": passed, "skipped": skipped, "total": total, "files": out }),
        );
    }
    Value::Object(drafts)
}

/// `docs/conformance.md`: a table per draft, then every failure and skip.
pub fn to_markdown(report: &Report, command: &str) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# JSON Schema Test Suite conformance\n");
    let _ = writeln!(
        md,
        "Generated by `{command}` (the `oasbind-conformance` runner; do not edit). Every test group's \
         schema is generated as a JSON Schema document (`infer_object_type(false)`, `strict(true)`, \
         `assert_formats(true)` under `optional/format/`), all groups are compiled as modules of one \
         crate, and every instance goes through the module's `validate_json` (parse, validate, \
         convert to the Rust type). A keyword file is *claimed* unless listed under \"Not claimed\": \
         the run fails on any disagreement in a claimed file, and on any group of a claimed file that \
         does not generate or compile unless it is a known gap (listed below with its reason; a known \
         gap that starts to work fails the run too, until it is taken off the list). Skipped cases \
         count in the totals as not passed.\n"
    );
    for (draft, files) in report {
        let (passed, total, skipped) = totals(files.values());
        let top: Vec<&FileReport> = files
            .iter()
            .filter(|(f, _)| !f.starts_with("optional/"))
            .map(|(_, r)| r)
            .collect();
        let fmt: Vec<&FileReport> = files
            .iter()
            .filter(|(f, _)| f.starts_with("optional/"))
            .map(|(_, r)| r)
            .collect();
        let (tp, tt, _) = totals(top.into_iter());
        let (fp, ft, _) = totals(fmt.into_iter());
        let failed: usize = files.values().map(|r| r.failed.len()).sum();
        let pct = |p: usize, t: usize| {
            if t == 0 {
                100.0
            } else {
                100.0 * p as f64 / t as f64
            }
        };
        let _ = writeln!(md, "## {draft}\n");
        let _ = writeln!(
            md,
            "Agreement: **{passed} / {total} cases ({:.1}%)**; keyword files {tp} / {tt} ({:.1}%), optional/format {fp} / {ft} ({:.1}%). \
             Of the {total} cases, {failed} disagree and {skipped} were not run (their groups are listed below).\n",
            pct(passed, total),
            pct(tp, tt),
            pct(fp, ft)
        );
        let _ = writeln!(
            md,
            "| file | passed | failed | skipped | claimed |\n|---|---:|---:|---:|---|"
        );
        for (file, r) in files {
            let claimed = if not_claimed(file).is_none() {
                "yes"
            } else {
                "no"
            };
            let _ = writeln!(
                md,
                "| `{file}` | {} | {} | {} | {claimed} |",
                r.passed,
                r.failed.len(),
                r.skipped_cases()
            );
        }
        md.push('\n');
        let skipped: Vec<(&String, &Skip)> = files
            .iter()
            .flat_map(|(f, r)| r.skipped.iter().map(move |s| (f, s)))
            .collect();
        if !skipped.is_empty() {
            let _ = writeln!(md, "### Skipped groups ({draft})\n");
            for (file, s) in skipped {
                let why = match (not_claimed(file), known_gap(draft, file, &s.group)) {
                    (Some(_), _) => "file not claimed".to_owned(),
                    (None, Some(gap)) => format!("known gap: {gap}"),
                    (None, None) => "**fails the run**".to_owned(),
                };
                let _ = writeln!(
                    md,
                    "- `{file}` — {} ({} cases; {why}): {}",
                    s.group,
                    s.cases,
                    s.reason.replace('\n', " ")
                );
            }
            md.push('\n');
        }
        let failed: Vec<(&String, &String)> = files
            .iter()
            .flat_map(|(f, r)| r.failed.iter().map(move |s| (f, s)))
            .collect();
        if !failed.is_empty() {
            let _ = writeln!(md, "### Disagreements ({draft})\n");
            for (file, f) in failed {
                let _ = writeln!(md, "- `{file}`: {f}");
            }
            md.push('\n');
        }
    }
    let _ = writeln!(md, "## Not claimed\n");
    for (file, reason) in NOT_CLAIMED {
        let _ = writeln!(md, "- `{file}`: {reason}");
    }
    let _ = writeln!(md, "\n## Known gaps in claimed files\n");
    for (draft, file, group, reason) in KNOWN_GAPS {
        let _ = writeln!(md, "- {draft} `{file}` — {group}: {reason}");
    }
    md
}
