//! The `oasbind` command line as transcripts (trycmd): what a person types and sees, for
//! every command's help, the summary, each class of error with its snippet (in JSON, in
//! YAML, in a file reached through `$ref`, in a 1,000-line definition), a closed pipe and
//! colour. `tests/transcripts/*.md` are the cases, each run in a copy of its `*.in/`
//! folder; after a deliberate change, `TRYCMD=overwrite cargo test -p oasbind-cli --test
//! transcripts` rewrites their output, to be reviewed like code.
//!
//! Standard error is a pipe here, so the default message format is `short`: the cases
//! that show snippets ask for `--message-format human`, as a terminal would get.

use std::path::Path;

/// The cases whose output has no colour (`CLICOLOR_FORCE` empty is unset).
#[test]
fn transcripts() {
    cases()
        .env("CLICOLOR_FORCE", "")
        .case("tests/transcripts/*.md");
}

/// The colour cases set `NO_COLOR` and `CLICOLOR_FORCE` themselves.
#[test]
fn colour() {
    cases()
        .case("tests/transcripts/colour/*.md")
        .case("tests/transcripts/colour/*.toml");
}

fn cases() -> trycmd::TestCases {
    let cases = trycmd::TestCases::new();
    let oasbind = Path::new(env!("CARGO_BIN_EXE_oasbind"));
    // `sh` runs the pipelines; `oasbind` is on its PATH.
    let path = std::env::join_paths(std::iter::once(oasbind.parent().unwrap().to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ));
    cases
        .register_bin("oasbind", oasbind)
        .register_bin("sh", Path::new("/bin/sh"))
        .env("PATH", path.unwrap().to_string_lossy())
        // Help is wrapped at 100 columns whatever the terminal of the person running the tests.
        .env("COLUMNS", "100");
    cases
}
