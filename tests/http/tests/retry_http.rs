//! The transport's retry policy against a real server on 127.0.0.1: which answers and
//! failures are tried again, for which methods, how long it waits (`Retry-After` in both
//! forms) and when it stops. Attempts are counted by the server.

use oasbind_runtime::ClientError;
mod common;

use common::{note_params, refused_addr, Reply, Server};
use oasbind_http_tests::kinds::http::HttpClient;
use oasbind_http_tests::kinds::{Client, Credentials, Note};
use oasbind_runtime::http::RetryPolicy;
use oasbind_runtime::Secret;
use std::time::{Duration, Instant, SystemTime};

/// Fails the test instead of hanging it.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("finished in time")
}

fn client(base_url: String, retry: RetryPolicy) -> HttpClient {
    HttpClient::builder(Credentials::new("QK", "CK", "alice", "PW", "HK"))
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .token_source(Secret::new("BEARER"))
        .retry(retry)
        .build()
        .unwrap()
}

fn base(server: &Server) -> String {
    format!("http://{}/api", server.addr)
}

fn note() -> Note {
    Note {
        id: "n2".into(),
        text: "new".into(),
        additional_properties: Default::default(),
    }
}

const NOTE: &str = r#"{"id":"n1","text":"hello"}"#;
const PROBLEM: &str = r#"{"message":"busy"}"#;

/// Answers `statuses` in turn (the last one from then on), `Retry-After: retry_after` on
/// each that is not a 200.
async fn answering(statuses: &'static [u16], retry_after: Option<fn() -> String>) -> Server {
    Server::start(move |_, n| {
        let status = statuses[n.min(statuses.len() - 1)];
        if status == 200 {
            return Reply::json(200, NOTE);
        }
        let reply = Reply::json(status, PROBLEM);
        match retry_after {
            Some(value) => reply.header("retry-after", value()),
            None => reply,
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_answered_503_twice_then_200_succeeds_on_the_third_attempt() {
    bounded(async {
        let server = answering(&[503, 503, 200], None).await;
        let api = client(base(&server), RetryPolicy::default());
        let note = api.get_note(&note_params("2")).await.unwrap();
        assert_eq!(note.id, "n1");
        assert_eq!(server.hits(), 3);
        // Every attempt was the same request.
        let received = server.received();
        assert!(received.iter().all(|r| r.uri == received[0].uri));
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_retried_status_is_retried_for_a_get_and_others_are_not() {
    bounded(async {
        for status in [408u16, 429, 502, 503, 504] {
            let server = Server::start(move |_, n| match n {
                0 => Reply::json(status, PROBLEM),
                _ => Reply::json(200, NOTE),
            })
            .await;
            let api = client(base(&server), RetryPolicy::default());
            api.get_note(&note_params("2")).await.unwrap();
            assert_eq!(server.hits(), 2, "{status}");
        }
        for status in [400u16, 404, 500, 501] {
            let server = Server::always(status, PROBLEM).await;
            let api = client(base(&server), RetryPolicy::default());
            let err = api.get_note(&note_params("2")).await.unwrap_err();
            assert_eq!(err.status(), Some(status));
            assert_eq!(server.hits(), 1, "{status}");
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_in_seconds_is_waited_for() {
    bounded(async {
        let server = answering(&[503, 200], Some(|| "1".to_owned())).await;
        let api = client(base(&server), RetryPolicy::default());
        let started = Instant::now();
        api.get_note(&note_params("2")).await.unwrap();
        let waited = started.elapsed();
        assert_eq!(server.hits(), 2);
        // The backoff alone would be at most 100 ms.
        assert!(waited >= Duration::from_secs(1), "{waited:?}");
    })
    .await
}

/// `at` as an IMF-fixdate (RFC 9110 §5.6.7).
fn http_date(at: SystemTime) -> String {
    let secs = at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[test]
fn http_dates_are_written_as_rfc_9110_says() {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_as_an_http_date_is_waited_for() {
    bounded(async {
        // Two seconds past the current second: more than one second from now.
        let server = answering(
            &[429, 200],
            Some(|| {
                let now = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(now + 2))
            }),
        )
        .await;
        let api = client(base(&server), RetryPolicy::default());
        let started = Instant::now();
        api.get_note(&note_params("2")).await.unwrap();
        let waited = started.elapsed();
        assert_eq!(server.hits(), 2);
        assert!(waited >= Duration::from_secs(1), "{waited:?}");
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_answered_503_or_429_is_sent_once() {
    bounded(async {
        for status in [503u16, 429, 502, 504, 408] {
            let server =
                Server::start(move |_, _| Reply::json(status, PROBLEM).header("retry-after", "0"))
                    .await;
            let api = client(base(&server), RetryPolicy::default());
            let err = api.create_item(&note()).await.unwrap_err();
            assert_eq!(err.status(), Some(status));
            assert_eq!(server.hits(), 1, "{status}");
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_whose_connection_was_refused_is_sent_again() {
    bounded(async {
        // Nothing listens at first: the first attempts are refused. The server starts
        // while the client waits to try again, and gets the body exactly once.
        let addr = refused_addr();
        let api = client(
            format!("http://{addr}/api"),
            RetryPolicy::default()
                .max_attempts(20)
                .initial_backoff(Duration::from_millis(200))
                .max_backoff(Duration::from_millis(200)),
        );
        let started = Instant::now();
        let call = tokio::spawn(async move { api.create_item(&note()).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let bound_after = started.elapsed();
        let server = Server::serve(listener, |_, _| Reply::json(201, NOTE)).await;
        let created = call.await.unwrap().unwrap();
        assert_eq!(created.id, "n1");
        assert_eq!(server.hits(), 1);
        assert_eq!(server.last().json()["id"], "n2");
        assert!(started.elapsed() >= bound_after);

        // Without retries the refusal is the answer, and a typed one.
        let api = client(
            format!("http://{}/api", refused_addr()),
            RetryPolicy::none(),
        );
        match api.create_item(&note()).await.unwrap_err() {
            ClientError::Transport(e) => {
                let e = e
                    .downcast_ref::<oasbind_runtime::http::reqwest::Error>()
                    .unwrap();
                assert!(e.is_connect(), "{e:?}");
            }
            other => panic!("{other:?}"),
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_total_time_cap_stops_retrying() {
    bounded(async {
        let server = Server::always(503, PROBLEM).await;
        let cap = Duration::from_millis(700);
        let api = client(
            base(&server),
            RetryPolicy::default()
                .max_attempts(1000)
                .initial_backoff(Duration::from_millis(50))
                .max_backoff(Duration::from_millis(100))
                .max_elapsed(cap),
        );
        let started = Instant::now();
        let err = api.get_note(&note_params("2")).await.unwrap_err();
        let took = started.elapsed();
        // The cap also bounds each attempt: the call ends in the last 503 or, when the cap
        // falls inside the last attempt (a loaded machine), in that attempt's timeout.
        let cut_by_the_cap = matches!(&err, ClientError::Transport(e)
            if e.downcast_ref::<oasbind_runtime::http::reqwest::Error>()
                .is_some_and(|e| e.is_timeout()));
        assert!(err.status() == Some(503) || cut_by_the_cap, "{err:?}");
        let hits = server.hits();
        assert!((2..1000).contains(&hits), "{hits} attempts");
        // Each wait ends before the cap; the last attempt may take a moment past it.
        assert!(took < cap + Duration::from_secs(1), "{took:?}");

        // A `Retry-After` beyond the time left: the answer at once, not a wait.
        let server =
            Server::start(|_, _| Reply::json(503, PROBLEM).header("retry-after", "30")).await;
        let api = client(
            base(&server),
            RetryPolicy::default().max_elapsed(Duration::from_secs(5)),
        );
        let started = Instant::now();
        let err = api.get_note(&note_params("2")).await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(server.hits(), 1);
        assert!(started.elapsed() < Duration::from_secs(5));
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_retries_means_one_attempt() {
    bounded(async {
        let server = answering(&[503, 503, 200], None).await;
        let api = client(base(&server), RetryPolicy::none());
        let err = api.get_note(&note_params("2")).await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(server.hits(), 1);
        // The default policy, on the same server: 503 again, then the 200.
        let api = client(base(&server), RetryPolicy::default());
        api.get_note(&note_params("2")).await.unwrap();
        assert_eq!(server.hits(), 3);
    })
    .await
}
