//! The memory a download takes, streamed and buffered, over loopback:
//!
//! ```text
//! cargo run --release -p oasbind-http-tests --example download [MIB]
//! ```
//!
//! A server on 127.0.0.1 streams a document of MIB mebibytes (100 unless given) in 64 KiB
//! pieces; the generated client of `fixtures/documents.yaml` reads it first with
//! `download_document_download` (piece by piece) and then with `download_document` (whole,
//! with the size limit raised to fit). After each, the process's peak resident memory
//! (`VmHWM`, Linux) is printed: the first stays flat, the second grows by the document.

#[path = "../tests/common/mod.rs"]
mod common;

use axum::extract::Path;
use axum::routing::get;
use oasbind_http_tests::documents::http::HttpClient;
use oasbind_http_tests::documents::{Client, DownloadDocumentParams};

/// The process's peak resident set, in MiB (`VmHWM` of `/proc/self/status`).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100);
    let len = mib * 1024 * 1024;
    let app = axum::Router::new().route(
        "/documents/{id}/content",
        get(|Path(id): Path<String>| async move {
            let len: usize = id.parse().unwrap_or(0);
            (
                [("content-type", "application/octet-stream")],
                common::streamed(len),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = HttpClient::builder()
        .base_url(format!("http://{addr}"))
        .max_response_bytes(len + 1)
        .timeout(std::time::Duration::from_secs(600))
        .build()?;
    let params = DownloadDocumentParams::new(len.to_string());
    println!(
        "document: {mib} MiB; peak RSS at the start: {:.1} MiB",
        peak_mib()
    );

    let started = std::time::Instant::now();
    let mut download = client.download_document_download(&params).await?;
    let mut sink = std::io::sink();
    let received = download.copy_to(&mut sink).await?;
    assert_eq!(received as usize, len);
    println!(
        "streamed ({} MiB in {:.2} s): peak RSS {:.1} MiB",
        received / (1024 * 1024),
        started.elapsed().as_secs_f64(),
        peak_mib()
    );

    let started = std::time::Instant::now();
    let whole = client.download_document(&params).await?;
    assert_eq!(whole.body.len(), len);
    println!(
        "buffered ({} MiB in {:.2} s): peak RSS {:.1} MiB",
        whole.body.len() / (1024 * 1024),
        started.elapsed().as_secs_f64(),
        peak_mib()
    );
    Ok(())
}
