//! A bounded loopback load test for HTTP servers of the seed API (`POST
//! /v1/partner_auth/token` of `schemas/rakbank/partner_auth.json`).
//!
//! Every server runs in this process behind a real TCP socket on 127.0.0.1 and gets the same
//! fixed number of identical requests from the same client, so differences in throughput
//! and memory are the servers'. Loopback keeps the network out of the numbers; a fixed
//! request count (not a duration) makes every run the same work.
//!
//! - [`Load`] sends the requests and returns a [`Report`];
//! - [`rss()`] reads this process's resident memory;
//! - [`baseline::router`] is the hand-written server to compare against;
//! - [`serve`] puts any `axum::Router` on a loopback port.

pub mod baseline;
mod client;
mod rss;

pub use client::{fetch, Error, Load, Report, Template};
pub use rss::{reset_peak, rss, Rss};

use std::net::{Ipv4Addr, SocketAddr};

use axum::serve::ListenerExt;
use axum::Router;
use hyper::Method;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The body of the valid request: every property, the nested `oauth_metadata` included, so
/// validation does all its work.
pub const VALID_BODY: &str = r#"{"grant_type":"client_credentials","scope":"accounts","oauth_metadata":{"account_id":"0188000049916"}}"#;

/// The valid request that a load run repeats: the body above with every required header.
pub fn valid_request() -> Template {
    Template::new(Method::POST, baseline::PATH, VALID_BODY)
        .header("MsgId", "0123456789")
        .header("X-IBM-Client-Id", "partner-client-id")
        .header("X-IBM-Client-Secret", "partner-client-secret")
        .header("Content-Type", "application/json")
}

/// Serves `router` on 127.0.0.1 at a port the system picks; its address and the server's
/// task (abort it to stop the server).
///
/// # Panics
/// When no loopback port can be bound: without one there is nothing to measure.
pub async fn serve(router: Router) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("a bound address");
    // Small answers in one write each: no-delay so Nagle never holds one back.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("the server runs");
    });
    (addr, task)
}
