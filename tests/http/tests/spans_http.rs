//! The transport's `tracing` spans (feature `tracing`), captured at TRACE for every target
//! (reqwest's and hyper's too, and reqwest's `log` records) while calls carry secrets: the
//! span fields say what was called and how it went, and no secret shows anywhere.
//!
//! One test: the subscriber and the logger are process-wide.

use oasbind_runtime::ClientError;
mod common;

use common::{note_params, refused_addr, token_body, Reply, Server};
use oasbind_http_tests::kinds::http::HttpClient;
use oasbind_http_tests::kinds::{
    Client, Credentials, GetNoteParams, Login, Note, SessionInfoParams,
};
use oasbind_runtime::http::{ClientAuth, ClientCredentials};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Event;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

const QUERY_KEY: &str = "QUERY-KEY-s1a";
const COOKIE_KEY: &str = "COOKIE-KEY-s2b";
const PASSWORD: &str = "BASIC-PASSWORD-s3c";
const HEADER_KEY: &str = "HEADER-KEY-s4d";
const ACCESS_TOKEN: &str = "ACCESS-TOKEN-s5e";
const CLIENT_SECRET: &str = "CLIENT-SECRET-s6f";
const BODY_SECRET: &str = "BODY-PASSWORD-s7a";
/// `alice:` and the password in base64, as basic authentication sends them.
const BASIC: &str = "YWxpY2U6QkFTSUMtUEFTU1dPUkQtczNj";
const SECRETS: [&str; 8] = [
    QUERY_KEY,
    COOKIE_KEY,
    PASSWORD,
    BASIC,
    HEADER_KEY,
    ACCESS_TOKEN,
    CLIENT_SECRET,
    BODY_SECRET,
];

/// A span as captured: its name, target and fields (as recorded, `Debug`-formatted).
#[derive(Clone, Debug)]
struct SpanRecord {
    name: String,
    fields: BTreeMap<String, String>,
}

/// An event as captured, with the span it belongs to.
#[derive(Clone, Debug)]
struct EventRecord {
    name: String,
    target: String,
    span: Option<usize>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Captured {
    spans: Vec<SpanRecord>,
    /// Span ids (which tracing reuses) to their index in `spans`.
    ids: HashMap<u64, usize>,
    events: Vec<EventRecord>,
    /// `log` records (reqwest logs through `log`).
    logs: Vec<String>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

impl Capture {
    fn lock(&self) -> std::sync::MutexGuard<'_, Captured> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Everything captured, as text.
    fn text(&self) -> String {
        let captured = self.lock();
        format!(
            "{:?}\n{:?}\n{}",
            captured.spans,
            captured.events,
            captured.logs.join("\n")
        )
    }

    /// The `oasbind.call` span whose `operation` is `operation` (the last one).
    fn call(&self, operation: &str) -> (usize, SpanRecord) {
        let captured = self.lock();
        let quoted = format!("{operation:?}");
        captured
            .spans
            .iter()
            .enumerate()
            .rev()
            .find(|(_, s)| s.name == "oasbind.call" && s.fields.get("operation") == Some(&quoted))
            .map(|(i, s)| (i, s.clone()))
            .unwrap_or_else(|| panic!("no span for {operation}: {:?}", captured.spans))
    }

    /// The `oasbind.attempt` events of the span at `index`.
    fn attempts(&self, index: usize) -> Vec<BTreeMap<String, String>> {
        self.lock()
            .events
            .iter()
            .filter(|e| e.name == "oasbind.attempt" && e.span == Some(index))
            .map(|e| e.fields.clone())
            .collect()
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S> Layer<S> for Capture
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut captured = self.lock();
        captured.spans.push(SpanRecord {
            name: attrs.metadata().name().to_owned(),
            fields,
        });
        let index = captured.spans.len() - 1;
        captured.ids.insert(id.into_u64(), index);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut captured = self.lock();
        if let Some(&index) = captured.ids.get(&id.into_u64()) {
            values.record(&mut Fields(&mut captured.spans[index].fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let span = ctx.event_span(event).map(|s| s.id().into_u64());
        let mut captured = self.lock();
        let span = span.and_then(|id| captured.ids.get(&id).copied());
        captured.events.push(EventRecord {
            name: event.metadata().name().to_owned(),
            target: event.metadata().target().to_owned(),
            span,
            fields,
        });
    }
}

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.lock().logs.push(line);
    }

    fn flush(&self) {}
}

fn note_json() -> String {
    r#"{"id":"n1","text":"hello"}"#.to_owned()
}

/// The API and its token endpoint: `/token` issues `ACCESS_TOKEN` (the first request gets
/// a token the API refuses), `/items` answers 503 to its first `GET`.
async fn server() -> Server {
    let tokens = AtomicUsize::new(0);
    Server::start(move |request, _| match request.uri.path() {
        "/token" => match tokens.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::json(200, token_body("REFUSED-TOKEN", 3600)),
            _ => Reply::json(200, token_body(ACCESS_TOKEN, 3600)),
        },
        "/api/me" => match request.header("authorization") {
            Some(a) if a == format!("Bearer {ACCESS_TOKEN}") => Reply::json(200, note_json()),
            _ => Reply::json(401, r#"{"message":"refused"}"#),
        },
        "/api/login" => Reply::json(204, ""),
        "/api/items" => Reply::json(201, note_json()),
        "/api/items/1/notes/retried" => Reply::json(503, r#"{"message":"busy"}"#),
        _ => Reply::json(200, note_json()),
    })
    .await
}

fn params(note: &str, limit: Option<i64>) -> GetNoteParams {
    GetNoteParams {
        limit,
        ..note_params(note)
    }
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    fields
        .get(name)
        .unwrap_or_else(|| panic!("no `{name}` in {fields:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_name_the_call_and_hold_no_secret() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(capture.clone()))
        .expect("the only subscriber of this test binary");
    log::set_boxed_logger(Box::new(capture.clone())).expect("the only logger");
    log::set_max_level(log::LevelFilter::Trace);

    tokio::time::timeout(Duration::from_secs(30), async {
        let server = server().await;
        let tokens = ClientCredentials::new(
            &format!("http://{}/token", server.addr),
            "client-id",
            CLIENT_SECRET,
        )
        .unwrap()
        .client_auth(ClientAuth::Body);
        let api = HttpClient::builder(Credentials::new(
            QUERY_KEY, COOKIE_KEY, "alice", PASSWORD, HEADER_KEY,
        ))
        .base_url(format!("http://{}/api", server.addr))
        .timeout(Duration::from_secs(5))
        .token_source(tokens)
        .build()
        .unwrap();

        // An API key in the query; a key in a header and a secret-named body field; basic;
        // a bearer token from a client secret sent in the token request's body, refused once.
        api.get_note(&params("2", None)).await.unwrap();
        let mut login = Login {
            user: "bob".into(),
            remember: None,
            additional_properties: Default::default(),
        };
        login
            .additional_properties
            .insert("password".into(), BODY_SECRET.into());
        api.log_in(&login).await.unwrap();
        api.create_item(&Note {
            id: "n2".into(),
            text: "new".into(),
            additional_properties: Default::default(),
        })
        .await
        .unwrap();
        api.who_am_i().await.unwrap();
        // An API key in a cookie.
        api.session_info(&SessionInfoParams { theme: None })
            .await
            .unwrap();
        // The secrets were sent, so that their absence below means something.
        let sent = format!("{:?}", server.received());
        for secret in SECRETS.iter().filter(|s| **s != PASSWORD) {
            assert!(sent.contains(secret), "{secret} was not sent");
        }

        let (get, span) = capture.call("get_note");
        assert_eq!(field(&span.fields, "method"), "\"GET\"");
        assert_eq!(
            field(&span.fields, "path"),
            "\"/items/{item_id}/notes/{note}\""
        );
        assert_eq!(field(&span.fields, "status"), "200");
        assert_eq!(field(&span.fields, "attempts"), "1");
        field(&span.fields, "duration_ms").parse::<u64>().unwrap();
        assert!(!span.fields.contains_key("error"), "{span:?}");
        let attempts = capture.attempts(get);
        assert_eq!(attempts.len(), 1, "{attempts:?}");
        assert_eq!(field(&attempts[0], "attempt"), "1");
        assert_eq!(field(&attempts[0], "status"), "200");
        assert_eq!(field(&attempts[0], "next"), "\"done\"");

        for (operation, method, path, status) in [
            ("log_in", "POST", "/login", "204"),
            ("create_item", "POST", "/items", "201"),
        ] {
            let (_, span) = capture.call(operation);
            assert_eq!(field(&span.fields, "method"), format!("{method:?}"));
            assert_eq!(field(&span.fields, "path"), format!("{path:?}"));
            assert_eq!(field(&span.fields, "status"), status);
            assert_eq!(field(&span.fields, "attempts"), "1");
        }

        // The refused token: two attempts, the first followed by a refresh.
        let (me, span) = capture.call("who_am_i");
        assert_eq!(field(&span.fields, "status"), "200");
        assert_eq!(field(&span.fields, "attempts"), "2");
        let attempts = capture.attempts(me);
        assert_eq!(attempts.len(), 2, "{attempts:?}");
        assert_eq!(field(&attempts[0], "status"), "401");
        assert_eq!(field(&attempts[0], "next"), "\"refresh\"");
        assert_eq!(field(&attempts[1], "status"), "200");

        // A 503, then a retry after a backoff.
        let err = api.get_note(&params("retried", None)).await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        let (retried, span) = capture.call("get_note");
        assert_eq!(field(&span.fields, "status"), "503");
        assert_eq!(field(&span.fields, "attempts"), "3");
        assert_eq!(field(&span.fields, "error"), "\"api\"");
        let attempts = capture.attempts(retried);
        assert_eq!(attempts.len(), 3, "{attempts:?}");
        assert_eq!(field(&attempts[0], "next"), "\"retry\"");
        field(&attempts[0], "backoff_ms").parse::<u64>().unwrap();
        assert_eq!(field(&attempts[2], "next"), "\"done\"");

        // A refused connection, with the key in the query: the error's kind only.
        let refused = HttpClient::builder(Credentials::new(
            QUERY_KEY, COOKIE_KEY, "alice", PASSWORD, HEADER_KEY,
        ))
        .base_url(format!("http://{}/api", refused_addr()))
        .build()
        .unwrap();
        let err = refused.get_note(&params("2", Some(7))).await.unwrap_err();
        assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
        let (failed, span) = capture.call("get_note");
        assert_eq!(field(&span.fields, "error"), "\"connect\"");
        assert_eq!(field(&span.fields, "attempts"), "3");
        assert!(!span.fields.contains_key("status"), "{span:?}");
        let attempts = capture.attempts(failed);
        assert!(
            attempts
                .iter()
                .all(|a| a.get("error").map(String::as_str) == Some("\"connect\"")),
            "{attempts:?}"
        );
    })
    .await
    .expect("finished in time");

    // Every target was captured, not only ours.
    let others: Vec<String> = {
        let captured = capture.lock();
        captured
            .events
            .iter()
            .map(|e| e.target.clone())
            .filter(|t| !t.starts_with("oasbind"))
            .chain(captured.logs.iter().cloned())
            .collect()
    };
    assert!(
        !others.is_empty(),
        "only oasbind's own records were captured"
    );
    let text = capture.text();
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }
    let captured = capture.lock();
    let targets: std::collections::BTreeSet<&str> = captured
        .events
        .iter()
        .map(|e| e.target.as_str())
        .chain(captured.logs.iter().filter_map(|l| l.split(' ').nth(1)))
        .collect();
    eprintln!(
        "captured {} spans, {} events, {} log records ({} bytes) from {targets:?}, none with a secret",
        captured.spans.len(),
        captured.events.len(),
        captured.logs.len(),
        text.len()
    );
}
