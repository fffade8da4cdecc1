//! The `oasbind` command line: a thin layer that fills a [`Config`] and reports errors
//! on one screen.

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
}

impl Options {
    fn config(&self) -> Config {
        let mut config = Config::new();
        config.client(!self.no_client).strict(self.strict).http(self.http);
        if let Some(e) = &self.error_envelope {
            config.error_envelope(e);
        }
        config
    }
}

fn generate(spec: &PathBuf, options: &Options) -> Result<Generated, ExitCode> {
    let generated = oasbind::generate_file(spec, &options.config()).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
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
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
