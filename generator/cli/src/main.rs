//! The `oasbind` command line: a thin layer that fills a [`Config`], runs the library (and
//! the fidelity checker, `oasbind-fidelity`) and reports what happened (`report.rs`:
//! diagnostics, summary, standard output; `progress.rs`: the spinner).

#![forbid(unsafe_code)]

// Generation allocates millions of small token and syntax-tree nodes, from several
// threads: mimalloc makes large definitions generate about a quarter faster than glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod progress;
mod report;
mod serve;

use clap::{CommandFactory, Parser, Subcommand};
use oasbind::{Config, Formatter, Generated, TimeCrate};
use progress::Progress;
use report::{MessageFormat, Reporter, Stop};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generate Rust bindings (serde types, validators, a client trait) from Swagger 2.0 /
/// OpenAPI definitions.
#[derive(Parser)]
#[command(name = "oasbind", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to show errors and warnings.
    #[arg(long, global = true, value_name = "FORMAT")]
    message_format: Option<MessageFormat>,
    /// No summary and no progress (errors and warnings are still shown).
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Generate bindings for a definition.
    #[command(group(clap::ArgGroup::new("layout").args(["split", "krate"])))]
    Generate {
        /// The definition (JSON or YAML).
        spec: PathBuf,
        /// Where to write the bindings (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write a Cargo workspace into DIR instead of one file: a base crate with the
        /// shared types, a crate per tag, and a facade crate with a feature per tag.
        ///
        /// For large definitions: the crates compile in parallel, and a user builds only
        /// the tags they turn on. A tag `a.b` goes with the tag `a`.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "krate"])]
        split: Option<PathBuf>,
        /// Write a crate of its own into DIR: its Cargo.toml (serde, serde_json, the
        /// runtime with the features the bindings need), src/lib.rs and src/generated.rs.
        ///
        /// A consumer that depends on it does not rebuild the bindings when its own code
        /// changes.
        #[arg(long = "crate", value_name = "DIR", conflicts_with = "output")]
        krate: Option<PathBuf>,
        /// The crate's name with --crate, the facade's with --split (the parts are
        /// NAME-base, NAME-<tag>, ...; default: DIR's name).
        #[arg(long, value_name = "NAME", requires = "layout")]
        crate_name: Option<String>,
        /// With --crate or --split: use the oasbind-runtime in this directory (relative to
        /// DIR, or absolute) instead of the registry's.
        #[arg(long, value_name = "PATH", requires = "layout")]
        runtime_dir: Option<String>,
        /// With --crate or --split: no `[workspace]` in DIR's manifest; the crates join the
        /// workspace around DIR, which lists them among its members.
        #[arg(long, requires = "layout")]
        member: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Check that a checked-in bindings file is what `generate` would write now.
    Check {
        /// The definition (JSON or YAML).
        spec: PathBuf,
        /// The checked-in bindings file.
        file: PathBuf,
        #[command(flatten)]
        options: Options,
    },
    /// Compare each generated type's schemars schema with the definition's schema.
    ///
    /// Builds a scratch crate (see docs/fidelity.md). Exits 1 when a difference is not one of
    /// the documented limitations.
    Fidelity {
        /// The definitions (JSON or YAML).
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// The scratch crate's directory, reused between runs (default:
        /// `$CARGO_TARGET_DIR/oasbind-fidelity`, else `target/oasbind-fidelity` when `target/`
        /// exists, else one in the temporary directory).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
        /// A `Cargo.lock` to start the scratch crate from (pins versions; lets it build offline).
        #[arg(long, value_name = "FILE")]
        lockfile: Option<PathBuf>,
        /// Also write the report as Markdown to this file.
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
        #[command(flatten)]
        options: Options,
    },
    /// Serve a definition's sandbox on a port: every operation answered from the
    /// definition's examples, every request checked against it.
    ///
    /// Generates the bindings with their server side into a scratch crate that cargo builds
    /// and runs (the first build takes a minute; later ones rebuild only the bindings).
    /// Point a client at the printed URL. Stop it with Ctrl-C.
    Serve {
        /// The definition (JSON or YAML).
        spec: PathBuf,
        /// The port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// The path the operations are served under (default: the path of the
        /// definition's first server URL).
        #[arg(long, value_name = "PATH")]
        base_path: Option<String>,
        /// Build the sandbox optimised (answers are then not checked against the definition).
        #[arg(long)]
        release: bool,
        /// The scratch crate's directory, reused between runs (default:
        /// `$CARGO_TARGET_DIR/oasbind-serve`, else `target/oasbind-serve` when `target/`
        /// exists, else one in the temporary directory).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
        #[command(flatten)]
        options: Options,
    },
    /// Print a completion script for a shell.
    ///
    /// For example: `oasbind completions bash >
    /// ~/.local/share/bash-completion/completions/oasbind`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args)]
struct Options {
    /// Types and validators only, no client trait.
    #[arg(long)]
    no_client: bool,
    /// The definition violations convert into (default: detected from error responses).
    #[arg(long, value_name = "DEFINITION")]
    error_envelope: Option<String>,
    /// Fail when the definition uses something that is not enforced.
    #[arg(long)]
    strict: bool,
    /// Also emit `http::HttpClient` on reqwest, behind the consumer's `http` Cargo feature.
    #[arg(long)]
    http: bool,
    /// Also emit the server side: a `Server` trait, an axum router and a sandbox answering
    /// from the definition's examples, behind the consumer's `server` Cargo feature.
    #[arg(long)]
    server: bool,
    /// Also derive `schemars::JsonSchema` with the definition's constraints, behind the
    /// consumer's `schemars` Cargo feature.
    #[arg(long)]
    schemars: bool,
    /// Forward-compatible string enums: an `Unknown(String)` variant takes values the
    /// definition does not list (their `enum` keyword is then not enforced).
    #[arg(long)]
    open_enums: bool,
    /// String formats as strings: without it, date-time, date, time and duration are
    /// values of the time crate, uuid a uuid (`uuid`) and byte bytes (`base64`).
    #[arg(long)]
    no_format_types: bool,
    /// The crate of date-time, date, time and duration values (the runtime feature of the
    /// same name): chrono (duration then needs no crate) or jiff.
    #[arg(long, value_enum, value_name = "CRATE", default_value = "chrono")]
    time_crate: TimeCrateArg,
    /// Only the operations with this tag, and the definitions they use (repeatable).
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Only this operation (`operationId`, or `"METHOD /path"`) and what it uses (repeatable).
    #[arg(long, value_name = "OPERATION")]
    operation: Vec<String>,
    /// The operation that issues access tokens (`operationId`, or `"METHOD /path"`); without
    /// it, one is guessed and a warning says which.
    #[arg(long, value_name = "OPERATION", conflicts_with = "no_token_operation")]
    token_operation: Option<String>,
    /// No operation issues access tokens (no guess).
    #[arg(long)]
    no_token_operation: bool,
    /// The path generated code names the runtime crate by.
    #[arg(long, value_name = "PATH", default_value = oasbind::DEFAULT_RUNTIME_PATH)]
    runtime_path: String,
    /// How the source is laid out: oasbind's own printer, or prettyplease (the CLI's
    /// `prettyplease` feature, on by default).
    #[arg(long, value_enum, value_name = "FORMATTER", default_value = "oasbind")]
    formatter: FormatterArg,
    /// Put an attribute on the types PATH names (a definition's name, the Rust type's
    /// name, or `*`): `--type-attribute 'Pet=#[derive(Hash)]'` (repeatable).
    #[arg(long, value_name = "PATH=ATTRIBUTE", value_parser = path_and_value)]
    type_attribute: Vec<(String, String)>,
    /// Put an attribute on the fields PATH names (`Type.property`, `*` for every type):
    /// `--field-attribute 'Pet.name=#[doc(alias = "title")]'` (repeatable).
    #[arg(long, value_name = "PATH=ATTRIBUTE", value_parser = path_and_value)]
    field_attribute: Vec<(String, String)>,
    /// Derive more traits on the types PATH names: `--derive 'Pet=Hash, Eq'` (repeatable).
    #[arg(long, value_name = "PATH=TRAITS", value_parser = path_and_value)]
    derive: Vec<(String, String)>,
    /// Use an existing Rust type for a definition instead of generating one:
    /// `--replace 'Money=rust_decimal::Decimal'` (repeatable).
    #[arg(long, value_name = "DEFINITION=PATH", value_parser = path_and_value)]
    replace: Vec<(String, String)>,
    /// Honour `x-rust-type` extensions that name this crate (repeatable).
    #[arg(long, value_name = "CRATE")]
    allow_crate: Vec<String>,
    /// Treat properties and parameters with this name as secrets, besides those the
    /// definition marks or whose names say so (repeatable).
    #[arg(long, value_name = "NAME")]
    secret_field: Vec<String>,
    /// Enforce `format` (date-time, email, uuid, ...) instead of treating it as an annotation.
    #[arg(long)]
    assert_formats: bool,
    /// Read the definition as a JSON Schema document, in this draft where its `$schema`
    /// names none (draft4, draft6, draft7, draft2019-09, draft2020-12).
    #[arg(long, value_name = "DRAFT")]
    json_schema: Option<oasbind::Draft>,
}

/// `PATH=VALUE`, split at the first `=`.
fn path_and_value(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((path, value)) if !path.is_empty() && !value.is_empty() => {
            Ok((path.to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected PATH=VALUE, got {arg:?}")),
    }
}

/// The values of `--formatter` (every one, whatever the features: a missing feature is
/// said when the value is used).
#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatterArg {
    Oasbind,
    Prettyplease,
}

/// The values of `--time-crate`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum TimeCrateArg {
    Chrono,
    Jiff,
}

impl Options {
    fn config(&self) -> Result<Config, ExitCode> {
        let mut config = Config::new();
        config
            .client(!self.no_client)
            .strict(self.strict)
            .http(self.http)
            .server(self.server)
            .schemars(self.schemars)
            .open_enums(self.open_enums)
            .format_types(!self.no_format_types)
            .time_crate(match self.time_crate {
                TimeCrateArg::Chrono => TimeCrate::Chrono,
                TimeCrateArg::Jiff => TimeCrate::Jiff,
            });
        if let Some(e) = &self.error_envelope {
            config.error_envelope(e);
        }
        for tag in &self.tag {
            config.tag(tag);
        }
        for operation in &self.operation {
            config.operation(operation);
        }
        if let Some(operation) = &self.token_operation {
            config.token_operation(operation);
        }
        if self.no_token_operation {
            config.no_token_operation();
        }
        config.runtime_path(&self.runtime_path);
        config.assert_formats(self.assert_formats);
        for name in &self.secret_field {
            config.secret_field(name);
        }
        for (path, attribute) in &self.type_attribute {
            config.type_attribute(path, attribute);
        }
        for (path, attribute) in &self.field_attribute {
            config.field_attribute(path, attribute);
        }
        for (path, traits) in &self.derive {
            config.derive(path, traits);
        }
        for (definition, path) in &self.replace {
            config.replace(definition, path);
        }
        for krate in &self.allow_crate {
            config.allow_crate(krate);
        }
        if let Some(draft) = self.json_schema {
            config.json_schema(Some(draft));
        }
        config.formatter(match self.formatter {
            FormatterArg::Oasbind => Formatter::Oasbind,
            #[cfg(feature = "prettyplease")]
            FormatterArg::Prettyplease => Formatter::Prettyplease,
            #[cfg(not(feature = "prettyplease"))]
            FormatterArg::Prettyplease => {
                eprintln!("error: --formatter prettyplease needs an oasbind built with its `prettyplease` feature (`--features prettyplease`)");
                return Err(ExitCode::from(2));
            }
        });
        Ok(config)
    }
}

/// Loads and generates `spec`, with progress on a terminal; reports the warnings.
fn generate(spec: &Path, options: &Options, report: &mut Reporter) -> Result<Generated, Stop> {
    let config = options.config()?;
    let progress = Progress::start(
        report.progress_allowed(),
        format!("reading {}", spec.display()),
    );
    let generated = oasbind::load_file(spec, &config).and_then(|api| {
        progress.set(format!(
            "generating {} ({} schemas, {} operations)",
            spec.display(),
            api.schemas(),
            api.operations()
        ));
        oasbind::generate(&api, &config)
    });
    drop(progress);
    let mut generated = generated.map_err(|e| {
        report.error(e);
        Stop::Failed
    })?;
    report.warnings(&mut generated.warnings);
    Ok(generated)
}

/// Where `--crate` and `--split` crates find the runtime, and whether they join the
/// workspace around them.
fn write_options(runtime_dir: Option<String>, member: bool) -> oasbind::WriteOptions {
    let runtime = match runtime_dir {
        Some(path) => oasbind::RuntimeSource::Path(path),
        None => oasbind::RuntimeSource::Registry,
    };
    oasbind::WriteOptions::new(runtime, !member)
}

/// A crate name from a directory's: lowercase, `-` for `_`, spaces and dots.
fn crate_name_of(dir: &Path) -> String {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    name.to_lowercase().replace(['_', ' ', '.'], "-")
}

fn run(command: Command, report: &mut Reporter) -> Result<(), Stop> {
    match command {
        Command::Generate {
            spec,
            krate: Some(dir),
            crate_name,
            runtime_dir,
            member,
            options,
            ..
        } => {
            let name = crate_name.unwrap_or_else(|| crate_name_of(&dir));
            let generated = generate(&spec, &options, report)?;
            let write = write_options(runtime_dir, member);
            for (path, content) in oasbind::crate_files(&generated, &name, &write) {
                oasbind::write_if_changed(&dir.join(path), &content).map_err(|e| {
                    report.error(e);
                    Stop::Failed
                })?;
            }
            report.summary(Some(&dir), &generated);
            Ok(())
        }
        Command::Generate {
            spec,
            split: Some(dir),
            crate_name,
            runtime_dir,
            member,
            options,
            ..
        } => {
            let name = crate_name.unwrap_or_else(|| crate_name_of(&dir));
            let config = options.config()?;
            let workspace = oasbind::load_file(&spec, &config)
                .and_then(|api| oasbind::generate_split(&api, &config, &name));
            let mut workspace = workspace.map_err(|e| {
                report.error(e);
                Stop::Failed
            })?;
            report.warnings(&mut workspace.warnings);
            let write = write_options(runtime_dir, member);
            workspace.write(&dir, &write).map_err(|e| {
                report.error(e);
                Stop::Failed
            })?;
            report.split_summary(&dir, &workspace);
            Ok(())
        }
        Command::Generate {
            spec,
            output,
            options,
            ..
        } => {
            let generated = generate(&spec, &options, report)?;
            match &output {
                Some(path) => oasbind::write_if_changed(path, &generated.code).map_err(|e| {
                    report.error(e);
                    Stop::Failed
                })?,
                None => report.stdout(&generated.code)?,
            }
            report.summary(output.as_deref(), &generated);
            Ok(())
        }
        Command::Check {
            spec,
            file,
            options,
        } => {
            let generated = generate(&spec, &options, report)?;
            let current = std::fs::read_to_string(&file).unwrap_or_default();
            if current == generated.code {
                return Ok(());
            }
            let mut notes = Vec::new();
            if let Some((line, (old, new))) = current
                .lines()
                .zip(generated.code.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
            {
                notes.push(format!(
                    "first difference at line {}:\n  - {}\n  + {}",
                    line + 1,
                    old.trim(),
                    new.trim()
                ));
            } else {
                notes.push(format!(
                    "the files differ in length ({} vs {} lines)",
                    current.lines().count(),
                    generated.code.lines().count()
                ));
            }
            notes.push(format!(
                "regenerate with: oasbind generate {} -o {}",
                spec.display(),
                file.display()
            ));
            let message = format!(
                "{} is stale: it differs from what {} generates now",
                file.display(),
                spec.display()
            );
            Err(report.fail(&message, &notes))
        }
        Command::Fidelity {
            specs,
            work_dir,
            lockfile,
            markdown,
            options,
        } => fidelity(&specs, work_dir, lockfile, markdown, &options, report),
        Command::Serve {
            spec,
            port,
            host,
            base_path,
            release,
            work_dir,
            mut options,
        } => {
            // The server side shares the client's parameter structs and checks.
            options.no_client = false;
            options.server = true;
            let generated = generate(&spec, &options, report)?;
            let dir = work_dir.unwrap_or_else(serve::default_dir);
            let name = spec.file_name().unwrap_or_default().to_string_lossy();
            serve::prepare(&dir, &generated.code, &name).map_err(|e| {
                report.error(e);
                Stop::Failed
            })?;
            let quiet = !report.progress_allowed();
            match serve::run(&dir, &host, port, base_path.as_deref(), release, quiet) {
                Ok(status) if status.success() => Ok(()),
                Ok(status) => Err(report.fail(
                    &format!("the sandbox stopped ({status})"),
                    &[format!("its crate is in {}", dir.display())],
                )),
                Err(e) => Err(report.fail(&format!("cannot run cargo: {e}"), &[])),
            }
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "oasbind", &mut script);
            report.stdout(&String::from_utf8_lossy(&script))
        }
    }
}

fn fidelity(
    specs: &[PathBuf],
    work_dir: Option<PathBuf>,
    lockfile: Option<PathBuf>,
    markdown: Option<PathBuf>,
    options: &Options,
    report: &mut Reporter,
) -> Result<(), Stop> {
    use oasbind_fidelity::{self as fidelity, FidelityError, Scratch};
    let failed = |report: &mut Reporter, e: FidelityError| match e {
        FidelityError::Generate(e) => {
            report.error(e);
            Stop::Failed
        }
        e => report.fail(&e.to_string(), &[]),
    };
    let mut scratch = Scratch::new(work_dir.unwrap_or_else(Scratch::default_dir));
    if let Some(lock) = lockfile {
        scratch = scratch.lockfile(lock);
    }
    let config = options.config()?;
    let progress = Progress::start(report.progress_allowed(), String::new());
    let mut prepared = Vec::new();
    for spec in specs {
        progress.set(format!("generating {}", spec.display()));
        prepared.push(fidelity::prepare_file(spec, &config).map_err(|e| failed(report, e))?);
    }
    progress.set(format!(
        "building the scratch crate in {} (cargo)",
        scratch.dir().display()
    ));
    let checked = fidelity::check_prepared(&prepared, &scratch);
    drop(progress);
    let result = checked.map_err(|e| failed(report, e))?;
    report.stdout(&result.text())?;
    if let Some(path) = markdown {
        let inputs = specs
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let base = std::env::current_dir().unwrap_or_default();
        oasbind::write_if_changed(&path, &result.markdown(&inputs, &base)).map_err(|e| {
            report.error(e);
            Stop::Failed
        })?;
    }
    for (spec, e) in result.errors() {
        report.fail(
            &format!("{spec}: the generated module does not compile:\n{e}"),
            &[],
        );
    }
    if result.unexplained().next().is_some() || result.errors().next().is_some() {
        return Err(Stop::Failed);
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` too: printing them to a closed pipe is no failure.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut report = Reporter::new(cli.message_format, cli.quiet);
    match run(cli.command, &mut report) {
        Ok(()) | Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Failed) => ExitCode::from(1),
        Err(Stop::Exit(code)) => code,
    }
}
