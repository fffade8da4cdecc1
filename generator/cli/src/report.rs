//! What a command says: diagnostics and other errors on standard error (with the offending
//! line and a marker on a terminal, one line each otherwise, or JSON for tools), the
//! summary of `generate`, and the bindings or report on standard output.
//!
//! Colour goes through anstream, as in clap and cargo: only on a terminal, never with
//! `NO_COLOR`, always with `CLICOLOR_FORCE`. No write panics: standard error that cannot
//! be written to is given up on, and standard output closed by its reader ends the
//! command quietly ([`Stop::Closed`]).

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{Level, Renderer, Snippet};
use oasbind::{Diagnostic, Error, Generated};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// How diagnostics are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// With the offending line and a marker (the default on a terminal)
    Human,
    /// One line each, `file:line:column: severity: pointer: message` (the default otherwise)
    Short,
    /// One JSON object per line, for tools and editors
    Json,
}

/// How a command ends early. What went wrong has been said by then.
#[derive(Debug)]
pub enum Stop {
    /// It failed: exit status 1.
    Failed,
    /// Standard output was closed by its reader (`oasbind generate x | head`): the reader
    /// has what it wanted. The command stops at once, quietly, with exit status 0, as
    /// ripgrep does (so `set -o pipefail` scripts do not fail on `| head`).
    Closed,
    /// It has said why and chose its own exit status (a usage error found after parsing: 2).
    Exit(std::process::ExitCode),
}

impl From<std::process::ExitCode> for Stop {
    fn from(code: std::process::ExitCode) -> Stop {
        Stop::Exit(code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn style(self) -> Style {
        match self {
            Severity::Error => AnsiColor::BrightRed.on_default().effects(Effects::BOLD),
            Severity::Warning => AnsiColor::BrightYellow.on_default().effects(Effects::BOLD),
        }
    }
}

/// Warnings shown in the human and short formats: the first few, then how many more, so
/// that errors stay on one screen (the JSON format lists them all).
const SHOWN: usize = 20;

/// Writes everything a command says.
pub struct Reporter {
    format: MessageFormat,
    quiet: bool,
    stderr: anstream::Stderr,
}

impl Reporter {
    /// A reporter in `format` (default: human on a terminal, short otherwise); `quiet`
    /// leaves out the summary and progress.
    pub fn new(format: Option<MessageFormat>, quiet: bool) -> Reporter {
        let format = format.unwrap_or(if std::io::stderr().is_terminal() {
            MessageFormat::Human
        } else {
            MessageFormat::Short
        });
        Reporter {
            format,
            quiet,
            stderr: anstream::stderr(),
        }
    }

    /// Whether progress may be shown (it is drawn only on a terminal).
    pub fn progress_allowed(&self) -> bool {
        !self.quiet && self.format != MessageFormat::Json
    }

    /// Reports why generation failed.
    pub fn error(&mut self, mut error: Error) {
        match &error {
            Error::Definition(_) | Error::Unsupported(_) => {}
            Error::Io { path, source } => {
                return self.plain(
                    Severity::Error,
                    Some(&path.display().to_string()),
                    &source.to_string(),
                    &[],
                );
            }
            other => return self.plain(Severity::Error, None, &other.to_string(), &[]),
        }
        let texts = oasbind::locate(error.diagnostics_mut());
        for d in error.diagnostics() {
            self.diagnostic(Severity::Error, d, &texts);
        }
    }

    /// Reports the warnings of a generation that went through.
    pub fn warnings(&mut self, warnings: &mut [Diagnostic]) {
        let shown = if self.format == MessageFormat::Json {
            warnings.len()
        } else {
            warnings.len().min(SHOWN)
        };
        let texts = oasbind::locate(&mut warnings[..shown]);
        for d in &warnings[..shown] {
            self.diagnostic(Severity::Warning, d, &texts);
        }
        if warnings.len() > shown {
            let message = format!(
                "… and {} more (run with --strict to fail on them)",
                warnings.len() - shown
            );
            self.plain(Severity::Warning, None, &message, &[]);
        }
    }

    /// Reports an error that is not about a place in a definition, with lines of detail.
    pub fn fail(&mut self, message: &str, notes: &[String]) -> Stop {
        self.plain(Severity::Error, None, message, notes);
        Stop::Failed
    }

    /// The line after `generate`: where the bindings went and what they hold.
    pub fn summary(&mut self, output: Option<&Path>, generated: &Generated) {
        let (lines, types) = count(&generated.code);
        let target =
            output.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        let totals = Totals {
            crates: None,
            lines,
            types,
            operations: generated.operations,
            warnings: generated.warnings.len(),
        };
        self.generated(&target, output.map(|p| p.display().to_string()), totals);
    }

    /// The summary of a split workspace: its crates, and the same counts over all of them.
    pub fn split_summary(&mut self, dir: &Path, workspace: &oasbind::Workspace) {
        let mut totals = Totals {
            crates: Some(workspace.parts.len()),
            lines: 0,
            types: 0,
            operations: 0,
            warnings: workspace.warnings.len(),
        };
        for part in &workspace.parts {
            let (lines, types) = count(&part.generated.code);
            totals.lines += lines;
            totals.types += types;
            totals.operations += part.generated.operations;
        }
        let target = dir.display().to_string();
        self.generated(&target, Some(target.clone()), totals);
    }

    fn generated(&mut self, target: &str, output: Option<String>, t: Totals) {
        if self.quiet {
            return;
        }
        if self.format == MessageFormat::Json {
            let mut message = serde_json::json!({
                "reason": "generated",
                "output": output,
                "lines": t.lines,
                "types": t.types,
                "operations": t.operations,
                "warnings": t.warnings,
            });
            if let Some(crates) = t.crates {
                message["crates"] = crates.into();
            }
            let _ = writeln!(self.stderr, "{message}");
            return;
        }
        let counts = [
            t.crates.map(|n| plural(n, "crate")),
            Some(plural(t.lines, "line")),
            Some(plural(t.types, "type")),
            Some(plural(t.operations, "operation")),
            Some(plural(t.warnings, "warning")),
        ];
        let counts: Vec<String> = counts.into_iter().flatten().collect();
        let verb = AnsiColor::BrightGreen.on_default().effects(Effects::BOLD);
        let _ = writeln!(
            self.stderr,
            "{verb}{:>12}{verb:#} {target}: {}",
            "Generated",
            counts.join(", ")
        );
    }

    /// Writes to standard output; a reader that has gone away stops the command quietly.
    pub fn stdout(&mut self, text: &str) -> Result<(), Stop> {
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Stop::Closed),
            Err(e) => Err(self.fail(&format!("cannot write to standard output: {e}"), &[])),
        }
    }

    fn diagnostic(&mut self, severity: Severity, d: &Diagnostic, texts: &BTreeMap<String, String>) {
        let position = d.position;
        match self.format {
            MessageFormat::Json => {
                let message = serde_json::json!({
                    "reason": "diagnostic",
                    "severity": severity.name(),
                    "file": d.file,
                    "line": position.map(|p| p.line),
                    "column": position.map(|p| p.column),
                    "pointer": d.pointer,
                    "message": d.message,
                });
                let _ = writeln!(self.stderr, "{message}");
            }
            MessageFormat::Short => match position {
                Some(p) => {
                    let style = severity.style();
                    let (file, pointer, message) = (&d.file, d.pointer_text(), d.one_line());
                    let _ = writeln!(
                        self.stderr,
                        "{file}:{}:{}: {style}{}{style:#}: {pointer}: {message}",
                        p.line,
                        p.column,
                        severity.name()
                    );
                }
                None => self.unplaced(severity, d),
            },
            MessageFormat::Human => {
                // The document itself needs no pointer: the marker is on its first value.
                let title = if d.pointer.is_empty() {
                    d.one_line()
                } else {
                    format!("{}: {}", d.pointer, d.one_line())
                };
                let level = match severity {
                    Severity::Error => Level::Error,
                    Severity::Warning => Level::Warning,
                };
                // A file changed since it was read may no longer hold the position.
                let Some((p, text)) = position
                    .zip(texts.get(&d.file))
                    .filter(|(p, text)| text.is_char_boundary(p.start))
                else {
                    return self.unplaced(severity, d);
                };
                // The marked line only: the renderer need not see the whole file.
                let line_start = text[..p.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[p.start..]
                    .find('\n')
                    .map_or(text.len(), |i| p.start + i);
                let line = text[line_start..line_end].trim_end_matches('\r');
                let start = (p.start - line_start).min(line.len());
                let end = (p.end.min(line_end) - line_start).clamp(start, line.len());
                let snippet = Snippet::source(line)
                    .line_start(p.line)
                    .origin(&d.file)
                    .annotation(level.span(start..end));
                let message = level.title(&title).snippet(snippet);
                // A blank line after each, as rustc and cargo leave.
                let _ = writeln!(self.stderr, "{}\n", Renderer::styled().render(message));
            }
        }
    }

    /// A diagnostic whose position is unknown: `severity: file: pointer: message`.
    fn unplaced(&mut self, severity: Severity, d: &Diagnostic) {
        self.plain(
            severity,
            Some(&d.file),
            &format!("{}: {}", d.pointer_text(), d.one_line()),
            &[],
        );
    }

    /// A message without a snippet: `severity: file: message`, then its notes indented.
    fn plain(&mut self, severity: Severity, file: Option<&str>, message: &str, notes: &[String]) {
        if self.format == MessageFormat::Json {
            let message = serde_json::json!({
                "reason": "diagnostic",
                "severity": severity.name(),
                "file": file,
                "line": null,
                "column": null,
                "pointer": null,
                "message": message,
                "notes": notes,
            });
            let _ = writeln!(self.stderr, "{message}");
            return;
        }
        let style = severity.style();
        let file = file.map(|f| format!("{f}: ")).unwrap_or_default();
        let _ = writeln!(
            self.stderr,
            "{style}{}{style:#}: {file}{message}",
            severity.name()
        );
        for note in notes {
            let _ = writeln!(self.stderr, "  {note}");
        }
    }
}

/// Lines of the module, and the types it defines (its top-level structs, enums and
/// aliases), in one pass.
fn count(code: &str) -> (usize, usize) {
    let mut lines = 0;
    let mut types = 0;
    for line in code.lines() {
        lines += 1;
        if line.starts_with("pub struct ")
            || line.starts_with("pub enum ")
            || line.starts_with("pub type ")
        {
            types += 1;
        }
    }
    (lines, types)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What a summary counts.
struct Totals {
    crates: Option<usize>,
    lines: usize,
    types: usize,
    operations: usize,
    warnings: usize,
}
