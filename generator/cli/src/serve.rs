//! `oasbind serve`: a definition's sandbox on a port. The bindings are generated with the
//! server side (`server::sandbox()`: every operation answered from the definition's
//! examples, every request checked against it) into a scratch crate, which cargo builds and
//! runs. One scratch crate serves every definition: switching definitions rebuilds only the
//! bindings, not axum and tokio.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// The scratch crate's manifest; `RUNTIME` is the dependency on oasbind-runtime.
const MANIFEST: &str = r#"[package]
name = "oasbind-sandbox"
version = "0.0.0"
edition = "2021"
publish = false

# Not a member of any workspace around it.
[workspace]

[features]
default = ["server"]
server = ["oasbind-runtime/server"]

[dependencies]
RUNTIME
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
"#;

const MAIN: &str = r#"//! The sandbox of one definition (written by `oasbind serve`).

#[allow(dead_code, unused_imports, clippy::all)]
mod api {
    include!("api.rs");
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let host = args.next().unwrap_or_else(|| "127.0.0.1".to_owned());
    let port = args.next().unwrap_or_else(|| "8080".to_owned());
    let base = args.next().unwrap_or_else(|| api::server::BASE_PATH.to_owned());
    let addr: std::net::SocketAddr = match format!("{host}:{port}").parse() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("error: `{host}:{port}` is not an address: {e}");
            std::process::exit(2);
        }
    };
    eprintln!("sandbox of TITLE: http://{addr}{base}");
    if let Err(e) = api::server::sandbox().base_path(&base).serve(addr).await {
        eprintln!("error: cannot serve on {addr}: {e}");
        std::process::exit(1);
    }
}
"#;

/// The features of the format types the bindings may use.
const FEATURES: &str = "\"server\", \"chrono\", \"uuid\", \"base64\", \"jiff\"";

/// The dependency on oasbind-runtime: this checkout's when the CLI is built from one, else
/// the registry's version the generated code asks for.
fn runtime_dependency() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime");
    if Path::new(path).join("Cargo.toml").is_file() {
        format!("oasbind-runtime = {{ path = '{path}', features = [{FEATURES}] }}")
    } else {
        format!(
            "oasbind-runtime = {{ version = \"{}\", features = [{FEATURES}] }}",
            oasbind::RUNTIME_VERSION
        )
    }
}

/// Where the scratch crate lives unless told: `$CARGO_TARGET_DIR/oasbind-serve`, else
/// `target/oasbind-serve` when `target/` exists here, else in the temporary directory.
pub fn default_dir() -> PathBuf {
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("oasbind-serve");
    }
    if Path::new("target").is_dir() {
        return PathBuf::from("target/oasbind-serve");
    }
    std::env::temp_dir().join("oasbind-serve")
}

/// Writes the scratch crate for bindings `code` of the definition `title` (files that did
/// not change are left alone, so cargo rebuilds nothing for them).
pub fn prepare(dir: &Path, code: &str, title: &str) -> oasbind::Result<()> {
    let title = title.replace(['"', '\\', '{', '}'], "");
    oasbind::write_if_changed(
        &dir.join("Cargo.toml"),
        &MANIFEST.replace("RUNTIME", &runtime_dependency()),
    )?;
    oasbind::write_if_changed(&dir.join("src/main.rs"), &MAIN.replace("TITLE", &title))?;
    oasbind::write_if_changed(&dir.join("src/api.rs"), code)
}

/// Builds the scratch crate, then runs the sandbox in this process's place (on Unix), so
/// that a signal to `oasbind serve` stops the sandbox and frees its port.
pub fn run(
    dir: &Path,
    host: &str,
    port: u16,
    base_path: Option<&str>,
    release: bool,
    quiet: bool,
) -> io::Result<ExitStatus> {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .arg("build")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"));
    if release {
        cargo.arg("--release");
    }
    if quiet {
        cargo.arg("--quiet");
    }
    let built = cargo.status()?;
    if !built.success() {
        return Ok(built);
    }
    let profile = if release { "release" } else { "debug" };
    let exe = dir
        .join("target")
        .join(profile)
        .join(format!("oasbind-sandbox{}", std::env::consts::EXE_SUFFIX));
    let mut sandbox = Command::new(exe);
    sandbox.arg(host).arg(port.to_string());
    if let Some(base) = base_path {
        sandbox.arg(base);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Only returns when the sandbox could not start.
        Err(sandbox.exec())
    }
    #[cfg(not(unix))]
    sandbox.status()
}
