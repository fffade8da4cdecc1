//! `load`: the same bounded load against each server of the seed API, one line each.
//!
//! ```text
//! cargo run -p oasbind-load --release -- [--requests N] [--concurrency C] [--warmup W]
//! ```
//!
//! Exits non-zero when any answer is not 200 or any exchange failed: throughput measured on
//! 400s or errors is the throughput of something else.

use std::process::ExitCode;

use oasbind_load::{baseline, reset_peak, rss, serve, valid_request, Load, Report, Rss};

/// The command line.
struct Args {
    requests: u64,
    concurrency: usize,
    warmup: u64,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut parsed = Args {
            requests: 1_000_000,
            concurrency: 32,
            warmup: 10_000,
        };
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--requests" => parsed.requests = number(&flag, &value()?)?,
                "--concurrency" => parsed.concurrency = number(&flag, &value()?)?,
                "--warmup" => parsed.warmup = number(&flag, &value()?)?,
                _ => return Err(format!("unknown argument {flag}")),
            }
        }
        if parsed.concurrency == 0 {
            return Err("--concurrency must be at least 1".into());
        }
        Ok(parsed)
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{flag}: not a number: {value}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("load: {message}");
            eprintln!("usage: load [--requests N] [--concurrency C] [--warmup W]");
            return ExitCode::from(2);
        }
    };
    // The servers to compare, in this order, each under the same load. One line per server.
    let servers: Vec<(&str, axum::Router)> = vec![
        (
            "hand-written axum + serde_json + jsonschema",
            baseline::router(),
        ),
        (
            "the seed's generated sandbox (oasbind server)",
            partner_auth::server::sandbox().base_path("/v1").into_axum(),
        ),
    ];

    let request = valid_request();
    let mut ok = true;
    for (name, router) in servers {
        let (addr, server) = serve(router).await;
        let warmup = Load::new(args.warmup, args.concurrency)
            .run(addr, &request)
            .await;
        if !warmup.all(200) {
            server.abort();
            eprintln!("load: {name}: warm-up not all 200: {}", outcome(&warmup));
            ok = false;
            continue;
        }
        // The peak from here on is this server's run, not an earlier server's.
        reset_peak();
        let start = rss();
        let report = Load::new(args.requests, args.concurrency)
            .run(addr, &request)
            .await;
        let end = rss();
        server.abort();
        println!(
            "{name}: {} requests in {:.2} s = {:.0} requests/s over {} connections; {}; RSS {} -> {} MiB, peak {} MiB",
            report.requests,
            report.elapsed.as_secs_f64(),
            report.per_second,
            args.concurrency,
            outcome(&report),
            mib(start.current_kib),
            mib(end.current_kib),
            mib(peak(start, end)),
        );
        if !report.all(200) {
            eprintln!("load: {name}: not every answer was 200; the numbers above are void");
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `status 200: 1000, errors 0`.
fn outcome(report: &Report) -> String {
    let statuses: Vec<String> = report
        .statuses
        .iter()
        .map(|(status, n)| format!("status {status}: {n}"))
        .collect();
    format!("{}, errors {}", statuses.join(", "), report.errors)
}

/// The run's peak: `VmHWM` at the end (reset before the run) and never below what was seen.
fn peak(start: Rss, end: Rss) -> Option<u64> {
    [start.current_kib, end.current_kib, end.peak_kib]
        .into_iter()
        .flatten()
        .max()
}

/// KiB as MiB with one decimal, or `n/a` where the system does not say.
fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".into(), |kib| format!("{:.1}", kib as f64 / 1024.0))
}
