//! The `oasbind` command line: a thin layer that fills a [`Config`] and reports errors
//! on one screen.

// Generation allocates millions of small token and syntax-tree nodes, from several
// threads: mimalloc makes large definitions generate about a quarter faster than glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use oasbind::{Config, Generated};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generate Rust bindings (serde types, validators, a client trait) from Swagger 2.0 /
/// OpenAPI definitions.
#[derive(Parser)]
#[command(name = "oasbind", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate bindings for a definition.
    Generate {
        /// The definition (JSON or YAML).
        spec: PathBuf,
        /// Where to write the bindings (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
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
    /// Compare the schema schemars derives for each generated type with the definition's
    /// schema (builds a scratch crate; see docs/fidelity.md). Exits 1 when a difference is
    /// not one of the documented limitations.
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
    /// Also derive `schemars::JsonSchema` with the definition's constraints, behind the
    /// consumer's `schemars` Cargo feature.
    #[arg(long)]
    schemars: bool,
    /// Forward-compatible string enums: an `Unknown(String)` variant takes values the
    /// definition does not list (their `enum` keyword is then not enforced).
    #[arg(long)]
    open_enums: bool,
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
}

impl Options {
    fn config(&self) -> Config {
        let mut config = Config::new();
        config.client(!self.no_client).strict(self.strict).http(self.http).schemars(self.schemars).open_enums(self.open_enums);
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
        config
    }
}

fn generate(spec: &PathBuf, options: &Options) -> Result<Generated, ExitCode> {
    let generated = oasbind::generate_file(spec, &options.config()).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })?;
    // Warnings stay on one screen: the first few, then how many more.
    const SHOWN: usize = 20;
    for warning in generated.warnings.iter().take(SHOWN) {
        eprintln!("warning: {warning}");
    }
    if generated.warnings.len() > SHOWN {
        eprintln!("warning: … and {} more (run with --strict to fail on them)", generated.warnings.len() - SHOWN);
    }
    Ok(generated)
}

fn run(cli: Cli) -> Result<(), ExitCode> {
    match cli.command {
        Command::Generate { spec, output, options } => {
            let generated = generate(&spec, &options)?;
            match output {
                Some(path) => oasbind::write_if_changed(&path, &generated.code).map_err(|e| {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }),
                None => {
                    print!("{}", generated.code);
                    Ok(())
                }
            }
        }
        Command::Check { spec, file, options } => {
            let generated = generate(&spec, &options)?;
            let current = std::fs::read_to_string(&file).unwrap_or_default();
            if current == generated.code {
                return Ok(());
            }
            eprintln!("error: {} is stale: it differs from what {} generates now", file.display(), spec.display());
            if let Some((line, (old, new))) = current
                .lines()
                .zip(generated.code.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
            {
                eprintln!("  first difference at line {}:\n  - {}\n  + {}", line + 1, old.trim(), new.trim());
            } else {
                eprintln!("  the files differ in length ({} vs {} lines)", current.lines().count(), generated.code.lines().count());
            }
            eprintln!("  regenerate with: oasbind generate {} -o {}", spec.display(), file.display());
            Err(ExitCode::from(1))
        }
        Command::Fidelity { specs, work_dir, lockfile, markdown, options } => fidelity(&specs, work_dir, lockfile, markdown, &options),
    }
}

fn fidelity(specs: &[PathBuf], work_dir: Option<PathBuf>, lockfile: Option<PathBuf>, markdown: Option<PathBuf>, options: &Options) -> Result<(), ExitCode> {
    let mut scratch = oasbind::fidelity::Scratch::new(work_dir.unwrap_or_else(oasbind::fidelity::Scratch::default_dir));
    if let Some(lock) = lockfile {
        scratch = scratch.lockfile(lock);
    }
    let report = oasbind::fidelity::check(specs, &options.config(), &scratch).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })?;
    print!("{}", report.text());
    if let Some(path) = markdown {
        let inputs = specs.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ");
        let base = std::env::current_dir().unwrap_or_default();
        oasbind::write_if_changed(&path, &report.markdown(&inputs, &base)).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(1)
        })?;
    }
    for (spec, e) in report.errors() {
        eprintln!("error: {spec}: the generated module does not compile:\n{e}");
    }
    if report.unexplained().next().is_some() || report.errors().next().is_some() {
        return Err(ExitCode::from(1));
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
