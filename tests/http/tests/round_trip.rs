//! Round trips over 127.0.0.1: for the seed (`partner_auth`) and every fixture of this crate
//! with operations (`kinds`, `documents`, `styles`, `styles_swagger2`, `secrets`, `hygiene`,
//! `accounts`; the private petstore is left out), the generated `HttpClient` calls the
//! generated server (`server::router` over an implementation that records what it
//! receives), and every operation is called with representative values in every parameter
//! location and style its definition uses. Each case checks that the implementation
//! received exactly what the client sent (the parameters struct, the body, and the
//! credentials the `authorize` hook was shown) and that the client read exactly the answer
//! the implementation gave. Then each definition's `server::sandbox()` is called once per
//! operation: the client must accept the answer it makes of the definition's examples.
//!
//! Every operation the generated router declares (its `handle_*` functions, read from the
//! generated source) must be called, in both halves. `every_definition` runs all of them and
//! writes the count to stderr (`round trip: N operations of M definitions, K cases`).
//!
//! Some cases get a test of their own (after each module's `module_tests!()`): the edges of
//! a style, an empty body, a header that is not ASCII, the sandbox's made-up strings. Each
//! states what the client sends and what the implementation receives; several once failed.
//!
//! | definition           | operations | cases: recorded + sandbox |
//! |----------------------|-----------:|--------------------------:|
//! | partner_auth (seed)  |          1 |                     3 + 1 |
//! | kinds.json           |          6 |                    13 + 6 |
//! | documents.yaml       |          4 |                     9 + 4 |
//! | styles.yaml          |          2 |                    10 + 2 |
//! | styles_swagger2.yaml |          1 |                     7 + 1 |
//! | secrets.yaml         |          1 |                     3 + 1 |
//! | hygiene.json         |          2 |                     7 + 2 |
//! | accounts.yaml        |          2 |                     4 + 2 |
//! | 8 definitions        |         19 |                   56 + 19 |

mod common;

use oasbind_runtime::server::{Credential, Denied, Failure, Presented, RawBody};
use oasbind_runtime::{ClientError, Secret, WithHeaders};
use std::any::Any;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);

/// What a recording implementation received, in order; a clone goes into the router.
struct Log<T>(Arc<Mutex<Vec<T>>>);

impl<T> Clone for Log<T> {
    fn clone(&self) -> Self {
        Log(Arc::clone(&self.0))
    }
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Log(Arc::default())
    }
}

impl<T> Log<T> {
    fn push(&self, item: T) {
        self.0.lock().unwrap().push(item);
    }

    /// Everything received since the last `take`.
    fn take(&self) -> Vec<T> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// The credentials an `authorize` hook was shown, as text (scheme, kind, values).
fn presented(credentials: &Presented) -> Vec<String> {
    credentials
        .iter()
        .map(|c| match c {
            Credential::ApiKey { scheme, key } => format!("{scheme} key {}", key.expose()),
            Credential::Basic {
                scheme,
                username,
                password,
            } => format!("{scheme} basic {username}:{}", password.expose()),
            Credential::Bearer { scheme, token } => {
                format!("{scheme} bearer {}", token.expose())
            }
        })
        .collect()
}

/// How a call ended, comparable: the answer, a documented error (status and its body of
/// type `E`), or anything else (its `Debug`).
#[derive(Clone, Debug, PartialEq)]
enum Outcome<T, E> {
    Answer(T),
    Refused(u16, E),
    Failed(String),
}

fn outcome<T, E: Any + Clone>(result: Result<T, ClientError>) -> Outcome<T, E> {
    match result {
        Ok(answer) => Outcome::Answer(answer),
        Err(e) => match (e.status(), e.api_body::<E>()) {
            (Some(status), Some(body)) if matches!(e, ClientError::Api { .. }) => {
                Outcome::Refused(status, body.clone())
            }
            _ => match &e {
                ClientError::UnexpectedStatus { body, .. }
                | ClientError::InvalidResponse { body, .. } => {
                    Outcome::Failed(format!("{e} / {e:?} / body: {body}"))
                }
                _ => Outcome::Failed(format!("{e} / {e:?}")),
            },
        },
    }
}

/// The operations of one definition, the cases run and the mismatches found.
pub struct Tally {
    definition: &'static str,
    routed: BTreeSet<String>,
    called: BTreeSet<&'static str>,
    sandboxed: BTreeSet<&'static str>,
    cases: usize,
    mismatches: Vec<String>,
}

impl Tally {
    /// A tally of the operations the generated `source` routes (its `handle_*` functions).
    fn new(definition: &'static str, source: &str) -> Tally {
        let routed: BTreeSet<String> = source
            .match_indices("fn handle_")
            .map(|(at, m)| {
                let rest = &source[at + m.len()..];
                rest[..rest.find('<').expect("a generic handler")].to_owned()
            })
            .collect();
        assert!(!routed.is_empty(), "{definition}: no operation routed");
        Tally {
            definition,
            routed,
            called: BTreeSet::new(),
            sandboxed: BTreeSet::new(),
            cases: 0,
            mismatches: Vec::new(),
        }
    }

    fn operations(&self) -> usize {
        self.routed.len()
    }

    fn known(&self, operation: &str) {
        assert!(
            self.routed.contains(operation),
            "{}: no operation {operation} is routed",
            self.definition
        );
    }

    /// A case of `operation` against the recording implementation; its name for messages.
    fn case(&mut self, operation: &'static str, what: &str) -> String {
        self.known(operation);
        self.called.insert(operation);
        self.cases += 1;
        format!("{} {operation} ({what})", self.definition)
    }

    /// The call of `operation` against the sandbox; its name for messages.
    fn sandbox(&mut self, operation: &'static str) -> String {
        self.known(operation);
        self.sandboxed.insert(operation);
        self.cases += 1;
        format!("{} {operation} (sandbox)", self.definition)
    }

    /// Notes a mismatch unless `got == expected`.
    fn check<T: PartialEq + Debug>(&mut self, case: &str, what: &str, got: &T, expected: &T) {
        if got != expected {
            self.mismatches.push(format!(
                "{case}: {what}\n    expected: {expected:?}\n    got:      {got:?}"
            ));
        }
    }

    fn no_mismatch(&self) {
        assert!(
            self.mismatches.is_empty(),
            "{} mismatches:\n{}",
            self.mismatches.len(),
            self.mismatches.join("\n")
        );
    }

    /// Every routed operation was called against the recording implementation, and every
    /// case matched.
    fn all_called(&self) {
        self.no_mismatch();
        let called: BTreeSet<String> = self.called.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            called, self.routed,
            "{}: operations called",
            self.definition
        );
    }

    /// Every routed operation was called against the sandbox, and the client took each
    /// answer.
    fn all_sandboxed(&self) {
        self.no_mismatch();
        let called: BTreeSet<String> = self.sandboxed.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            called, self.routed,
            "{}: operations sandboxed",
            self.definition
        );
    }
}

/// The tests of one definition's module: its round trips and its sandbox.
macro_rules! module_tests {
    () => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn every_operation_round_trips() {
            let mut tally = tally();
            served(&mut tally).await;
            tally.all_called();
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn the_client_takes_every_sandbox_answer() {
            let mut tally = tally();
            sandboxed(&mut tally).await;
            tally.all_sandboxed();
        }
    };
}

/// `name key value`: an API key as [`presented`] writes it.
fn key(scheme: &str, value: &str) -> String {
    format!("{scheme} key {value}")
}

/// 0 to 255 and back: every byte value.
fn every_byte() -> Vec<u8> {
    (0..=255u8).chain((0..=255u8).rev()).collect()
}

/// The seed: `partner_auth` (one operation; API keys in two headers, header parameters
/// including `Content-Type` and `Accept`, a JSON body with open metadata).
mod seed {
    use super::*;
    use common::{credentials, Scope, CLIENT_ID, CLIENT_SECRET};
    use oasbind_runtime::TokenRequest;
    use partner_auth::http::HttpClient;
    use partner_auth::server::{self, RequestAccessTokenAnswer, Sandbox, Server};
    use partner_auth::{
        AccessTokenRequest, AccessTokenResponse, Client as _, ErrorResponse, GrantType,
        OauthMetadata, RequestAccessTokenParams, TokenType,
    };

    pub fn tally() -> Tally {
        Tally::new(
            "partner_auth.json",
            include_str!("../../../generated/src/partner_auth.rs"),
        )
    }

    fn client(url: &str) -> HttpClient {
        HttpClient::builder(credentials())
            .base_url(url)
            .timeout(TIMEOUT)
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        Authorize(&'static str, Vec<String>),
        RequestAccessToken(RequestAccessTokenParams, AccessTokenRequest),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    fn refusal() -> ErrorResponse {
        ErrorResponse {
            property: Some("/scope".into()),
            description: Some("the scope is not granted, ü".into()),
            ..ErrorResponse::new("403", "scope", "refused")
        }
    }

    impl Server for Recorder {
        async fn authorize(
            &self,
            operation: &'static str,
            credentials: &Presented,
        ) -> Result<(), Denied> {
            self.0
                .push(Got::Authorize(operation, presented(credentials)));
            Ok(())
        }

        async fn request_access_token(
            &self,
            params: RequestAccessTokenParams,
            body: AccessTokenRequest,
        ) -> Result<RequestAccessTokenAnswer, Failure> {
            self.0
                .push(Got::RequestAccessToken(params.clone(), body.clone()));
            if params.msg_id == "refuse" {
                return Ok(RequestAccessTokenAnswer::Default(403, refusal()));
            }
            Ok(RequestAccessTokenAnswer::Status200(
                AccessTokenResponse::new(
                    TokenType::Bearer,
                    format!("token for {}", params.msg_id),
                    3600,
                    body.scope,
                ),
            ))
        }
    }

    fn every_field() -> (RequestAccessTokenParams, AccessTokenRequest) {
        let mut metadata = OauthMetadata {
            account_id: Some("0188000049916".into()),
            emirates_id: Some("500000000006190".into()),
            ..OauthMetadata::default()
        };
        metadata.additional_properties.insert(
            "channel".into(),
            serde_json::json!({"name": "mobile, ü", "v": [1, 2.5, null]}),
        );
        let body =
            AccessTokenRequest::for_scopes(&[Scope::Accounts, Scope::FxRates], Some(metadata))
                .expect("a valid request");
        let params = RequestAccessTokenParams {
            msg_id: "msg 1, part=2".into(),
            content_type: Some("application/json".into()),
            accept: Some("application/json".into()),
        };
        (params, body)
    }

    fn expected_credentials() -> Vec<String> {
        vec![
            key("clientIdHeader", CLIENT_ID),
            key("clientSecretHeader", CLIENT_SECRET),
        ]
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());

        let (params, body) = every_field();
        let refused = RequestAccessTokenParams {
            msg_id: "refuse".into(),
            ..params.clone()
        };
        let minimal = RequestAccessTokenParams {
            msg_id: "m-2".into(),
            ..params.clone()
        };
        let cases = [
            ("every field", params, body.clone()),
            (
                "required body fields",
                minimal,
                AccessTokenRequest::new(GrantType::ClientCredentials, "fx-rates"),
            ),
            ("a documented error", refused, body),
        ];
        for (what, params, body) in cases {
            let case = tally.case("request_access_token", what);
            let expected = match params.msg_id.as_str() {
                "refuse" => Outcome::Refused(403, refusal()),
                _ => Outcome::Answer(AccessTokenResponse::new(
                    TokenType::Bearer,
                    format!("token for {}", params.msg_id),
                    3600,
                    body.scope.clone(),
                )),
            };
            let got = outcome(api.request_access_token(&params, &body).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("request_access_token", expected_credentials()),
                    Got::RequestAccessToken(params, body),
                ],
            );
            tally.check(&case, "the client got", &got, &expected);
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());
        let (params, body) = every_field();
        let case = tally.sandbox("request_access_token");
        let expected = match Sandbox
            .request_access_token(params.clone(), body.clone())
            .await
        {
            Ok(RequestAccessTokenAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, ErrorResponse>(api.request_access_token(&params, &body).await);
        tally.check(&case, "the client got", &got, &expected);
        running.stop().await;
    }

    module_tests!();

    // The seed declares `Content-Type` and `Accept` as header parameters (Swagger 2.0). A
    // client that leaves them `None` still sends `Content-Type: application/json` (its JSON
    // body) and `Accept: application/json` (every call): the server gives the
    // implementation the headers the request carried.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn content_type_and_accept_arrive_as_sent() {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let params = RequestAccessTokenParams::new("m-3");
        let body = AccessTokenRequest::new(GrantType::ClientCredentials, "accounts");
        client(running.url())
            .request_access_token(&params, &body)
            .await
            .expect("a token");
        let sent = RequestAccessTokenParams {
            content_type: Some("application/json".into()),
            accept: Some("application/json".into()),
            ..params
        };
        assert_eq!(
            log.take(),
            vec![
                Got::Authorize("request_access_token", expected_credentials()),
                Got::RequestAccessToken(sent, body),
            ]
        );
    }
}

/// `kinds.json`: path, query, header and cookie parameters; API keys in the query, a cookie
/// and a header, basic and bearer authentication; JSON, form and byte bodies.
mod kinds {
    use super::*;
    use oasbind_http_tests::kinds::http::HttpClient;
    use oasbind_http_tests::kinds::server::{
        self, CreateItemAnswer, GetNoteAnswer, LogInAnswer, Sandbox, Server, SessionInfoAnswer,
        UploadAnswer, WhoAmIAnswer,
    };
    use oasbind_http_tests::kinds::{
        Client as _, Credentials, GetNoteParams, Login, Note, Problem, SessionInfoParams,
    };

    pub fn tally() -> Tally {
        Tally::new(
            "kinds.json",
            include_str!(concat!(env!("OUT_DIR"), "/kinds.rs")),
        )
    }

    const QUERY_KEY: &str = "query key/ü&=+;";
    const COOKIE_KEY: &str = "cookie key, ü; =";
    const USER: &str = "ada lovelace";
    const PASSWORD: &str = "pa:ss wörd";
    const HEADER_KEY: &str = "header-key 1";
    const TOKEN: &str = "bearer.token-1";

    fn client(url: &str) -> HttpClient {
        let credentials = Credentials::new(QUERY_KEY, COOKIE_KEY, USER, PASSWORD, HEADER_KEY);
        HttpClient::builder(credentials)
            .base_url(url)
            .timeout(TIMEOUT)
            .token_source(Secret::new(TOKEN))
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        Authorize(&'static str, Vec<String>),
        GetNote(GetNoteParams),
        CreateItem(Note),
        SessionInfo(SessionInfoParams),
        WhoAmI,
        LogIn(Login),
        Upload(RawBody),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    fn missing(params: &GetNoteParams) -> Problem {
        Problem::new(format!(
            "no note {} of item {}",
            params.note, params.item_id
        ))
    }

    impl Server for Recorder {
        async fn authorize(
            &self,
            operation: &'static str,
            credentials: &Presented,
        ) -> Result<(), Denied> {
            self.0
                .push(Got::Authorize(operation, presented(credentials)));
            Ok(())
        }

        async fn get_note(&self, params: GetNoteParams) -> Result<GetNoteAnswer, Failure> {
            self.0.push(Got::GetNote(params.clone()));
            Ok(match params.note.as_str() {
                "missing" => GetNoteAnswer::Default(404, missing(&params)),
                _ => GetNoteAnswer::Status200(Note::new(params.item_id, params.note)),
            })
        }

        async fn create_item(&self, body: Note) -> Result<CreateItemAnswer, Failure> {
            self.0.push(Got::CreateItem(body.clone()));
            Ok(CreateItemAnswer::Status201(body))
        }

        async fn session_info(
            &self,
            params: SessionInfoParams,
        ) -> Result<SessionInfoAnswer, Failure> {
            self.0.push(Got::SessionInfo(params.clone()));
            let theme = params.theme.unwrap_or_default();
            Ok(SessionInfoAnswer::Status200(Note::new("session", theme)))
        }

        async fn who_am_i(&self) -> Result<WhoAmIAnswer, Failure> {
            self.0.push(Got::WhoAmI);
            Ok(WhoAmIAnswer::Status200(Note::new("me", USER)))
        }

        async fn log_in(&self, body: Login) -> Result<LogInAnswer, Failure> {
            self.0.push(Got::LogIn(body));
            Ok(LogInAnswer::Status204)
        }

        async fn upload(&self, body: RawBody) -> Result<UploadAnswer, Failure> {
            let stored = format!("stored {} bytes", body.bytes.len());
            self.0.push(Got::Upload(body));
            Ok(UploadAnswer::Status200(stored))
        }
    }

    fn every_location() -> GetNoteParams {
        GetNoteParams {
            item_id: "item 1/ü,x?#".into(),
            note: "n.1 ;=".into(),
            tag: Some(vec!["a b".into(), "c,d".into(), "ü".into()]),
            limit: Some(100),
            x_trace: Some("trace 1, part=2".into()),
            theme: Some("dark; blue=ü,".into()),
        }
    }

    fn note() -> Note {
        let mut note = Note::new("n-1", "ünïcödé text, with commas; and = signs");
        note.additional_properties.insert(
            "extra".into(),
            serde_json::json!({"nested": [1, "two", null, {"ü": false}]}),
        );
        note.additional_properties
            .insert("flag".into(), serde_json::json!(true));
        note
    }

    fn login() -> Login {
        let mut login = Login {
            remember: Some(true),
            ..Login::new("ada lovelace+1&co=ü")
        };
        login
            .additional_properties
            .insert("lang".into(), "en, ü&=".into());
        login
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());
        let query_key = || Got::Authorize("get_note", vec![key("queryKey", QUERY_KEY)]);

        let cases = [
            ("every location", every_location()),
            ("required only", GetNoteParams::new("i", "n")),
            (
                "several tags, one item each",
                GetNoteParams {
                    tag: Some(vec!["x".into(), "y".into()]),
                    limit: Some(-7),
                    ..GetNoteParams::new("i", "n")
                },
            ),
            (
                "a documented error",
                GetNoteParams::new("item 7", "missing"),
            ),
        ];
        for (what, params) in cases {
            let case = tally.case("get_note", what);
            let expected = match params.note.as_str() {
                "missing" => Outcome::Refused(404, missing(&params)),
                _ => Outcome::Answer(Note::new(params.item_id.clone(), params.note.clone())),
            };
            let got = outcome(api.get_note(&params).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![query_key(), Got::GetNote(params)],
            );
            tally.check(&case, "the client got", &got, &expected);
        }

        for (what, body) in [
            ("additional properties", note()),
            ("required only", Note::new("n-2", "")),
        ] {
            let case = tally.case("create_item", what);
            let got = outcome::<_, Problem>(api.create_item(&body).await);
            let basic = format!("basicAuth basic {USER}:{PASSWORD}");
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("create_item", vec![basic]),
                    Got::CreateItem(body.clone()),
                ],
            );
            tally.check(&case, "the client got", &got, &Outcome::Answer(body));
        }

        for (what, theme) in [("a theme", Some("light, ü; x=1")), ("no theme", None)] {
            let case = tally.case("session_info", what);
            let params = SessionInfoParams {
                theme: theme.map(str::to_owned),
            };
            let got = outcome::<_, ()>(api.session_info(&params).await);
            let cookie = key("cookieKey", COOKIE_KEY);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("session_info", vec![cookie]),
                    Got::SessionInfo(params),
                ],
            );
            let answer = Note::new("session", theme.unwrap_or_default());
            tally.check(&case, "the client got", &got, &Outcome::Answer(answer));
        }

        let case = tally.case("who_am_i", "a bearer token");
        let got = outcome::<_, ()>(api.who_am_i().await);
        let bearer = format!("bearerAuth bearer {TOKEN}");
        tally.check(
            &case,
            "the server received",
            &log.take(),
            &vec![Got::Authorize("who_am_i", vec![bearer]), Got::WhoAmI],
        );
        tally.check(
            &case,
            "the client got",
            &got,
            &Outcome::Answer(Note::new("me", USER)),
        );

        for (what, body) in [
            ("every field, an additional property", login()),
            ("required only", Login::new("bob")),
        ] {
            let case = tally.case("log_in", what);
            let got = outcome::<_, ()>(api.log_in(&body).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("log_in", vec![key("headerKey", HEADER_KEY)]),
                    Got::LogIn(body),
                ],
            );
            tally.check(&case, "the client got", &got, &Outcome::Answer(()));
        }

        for (what, bytes) in [("every byte", every_byte()), ("one byte", vec![0])] {
            let case = tally.case("upload", what);
            let got = outcome::<_, ()>(api.upload(&bytes).await);
            let answer = format!("stored {} bytes", bytes.len());
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::Upload(RawBody {
                    content_type: Some("application/octet-stream".into()),
                    bytes,
                })],
            );
            tally.check(&case, "the client got", &got, &Outcome::Answer(answer));
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());

        let case = tally.sandbox("get_note");
        let expected = match Sandbox.get_note(every_location()).await {
            Ok(GetNoteAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.get_note(&every_location()).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("create_item");
        let expected = match Sandbox.create_item(note()).await {
            Ok(CreateItemAnswer::Status201(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.create_item(&note()).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("session_info");
        let expected = match Sandbox.session_info(SessionInfoParams::default()).await {
            Ok(SessionInfoAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, ()>(api.session_info(&SessionInfoParams::default()).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("who_am_i");
        let expected = match Sandbox.who_am_i().await {
            Ok(WhoAmIAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, ()>(api.who_am_i().await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("log_in");
        assert_eq!(Sandbox.log_in(login()).await, Ok(LogInAnswer::Status204));
        let got = outcome::<_, ()>(api.log_in(&login()).await);
        tally.check(&case, "the client got", &got, &Outcome::Answer(()));

        let case = tally.sandbox("upload");
        let raw = RawBody {
            content_type: Some("application/octet-stream".into()),
            bytes: every_byte(),
        };
        let expected = match Sandbox.upload(raw).await {
            Ok(UploadAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, ()>(api.upload(&every_byte()).await);
        tally.check(&case, "the client got", &got, &expected);
        running.stop().await;
    }

    module_tests!();

    /// Calls `get_note` with `params`: how the call ended and what the implementation
    /// received.
    async fn get_note_round_trip(params: &GetNoteParams) -> (Outcome<Note, Problem>, Vec<Got>) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let got = outcome(client(running.url()).get_note(params).await);
        (got, log.take())
    }

    fn note_of(params: &GetNoteParams) -> Outcome<Note, Problem> {
        Outcome::Answer(Note::new(params.item_id.clone(), params.note.clone()))
    }

    // A header parameter that is not ASCII is sent as its UTF-8 bytes (`X-Trace: trace ü`),
    // and the implementation receives the same string and the client its note: the server
    // reads a header's bytes as UTF-8 (it once refused anything but ASCII with a `400`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_utf8_header_is_read() {
        let params = GetNoteParams {
            x_trace: Some("trace ü".into()),
            ..GetNoteParams::new("i", "n")
        };
        let expected = vec![
            Got::Authorize("get_note", vec![key("queryKey", QUERY_KEY)]),
            Got::GetNote(params.clone()),
        ];
        assert_eq!(
            get_note_round_trip(&params).await,
            (note_of(&params), expected)
        );
    }

    // An empty binary body (a file of zero bytes: `format: binary` has no `minLength`) is
    // sent with `Content-Type: application/octet-stream` and `Content-Length: 0`, and the
    // implementation receives zero bytes: with a Content-Type, an empty binary body is a
    // body (the server once refused it as a missing required body).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_empty_binary_body_is_a_body() {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let got = outcome::<_, ()>(client(running.url()).upload(&[]).await);
        let raw = RawBody {
            content_type: Some("application/octet-stream".into()),
            bytes: Vec::new(),
        };
        assert_eq!(
            (got, log.take()),
            (
                Outcome::Answer("stored 0 bytes".to_owned()),
                vec![Got::Upload(raw)]
            )
        );
    }
}

/// `documents.yaml`: a multipart upload with files, a text body and answer, a binary body
/// and download, documented response headers.
mod documents {
    use super::*;
    use oasbind_http_tests::documents::http::HttpClient;
    use oasbind_http_tests::documents::server::{
        self, AddNoteAnswer, DownloadDocumentAnswer, PutBlobAnswer, Sandbox, Server,
        UploadDocumentAnswer,
    };
    use oasbind_http_tests::documents::{
        Client as _, DownloadDocumentHeaders, DownloadDocumentParams, Problem, PutBlobHeaders,
        PutBlobParams, Stored, UploadDocumentForm, UploadDocumentHeaders,
    };
    use oasbind_runtime::multipart::FilePart;

    pub fn tally() -> Tally {
        Tally::new(
            "documents.yaml",
            include_str!(concat!(env!("OUT_DIR"), "/documents.rs")),
        )
    }

    fn client(url: &str) -> HttpClient {
        HttpClient::builder()
            .base_url(url)
            .timeout(TIMEOUT)
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        UploadDocument(RawBody),
        DownloadDocument(DownloadDocumentParams),
        AddNote(String),
        PutBlob(PutBlobParams, RawBody),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    /// A part of a multipart form as an implementation reads it: name, file name, content
    /// type, bytes.
    type Part = (String, Option<String>, Option<String>, Vec<u8>);

    /// The parts of a multipart body, read with axum's `Multipart` (the boundary is in
    /// `RawBody::content_type`, as sent).
    async fn parts(body: &RawBody) -> Result<Vec<Part>, String> {
        use axum::extract::{FromRequest, Multipart};
        let content_type = body.content_type.clone().ok_or("no content type")?;
        let request = axum::http::Request::builder()
            .header("content-type", content_type)
            .body(axum::body::Body::from(body.bytes.clone()))
            .map_err(|e| e.to_string())?;
        let mut form = Multipart::from_request(request, &())
            .await
            .map_err(|e| e.to_string())?;
        let mut parts = Vec::new();
        while let Some(field) = form.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| e.to_string())?.to_vec();
            parts.push((name, file_name, content_type, bytes));
        }
        Ok(parts)
    }

    fn title(parts: &[Part]) -> String {
        parts
            .iter()
            .find(|p| p.0 == "title")
            .map(|p| String::from_utf8_lossy(&p.3).into_owned())
            .unwrap_or_default()
    }

    fn stored(parts: &[Part]) -> WithHeaders<Stored, UploadDocumentHeaders> {
        WithHeaders {
            body: Stored::new(title(parts), parts.len() as i64),
            headers: UploadDocumentHeaders {
                location: format!("/documents/{}/content", parts.len()),
                x_rate_limit_remaining: Some(99),
                x_session_token: Some("next-upload-token".into()),
            },
        }
    }

    /// A document's content: its id's bytes, then every byte.
    fn content(id: &str) -> Vec<u8> {
        id.bytes().chain(every_byte()).collect()
    }

    fn downloaded(id: &str) -> WithHeaders<Vec<u8>, DownloadDocumentHeaders> {
        WithHeaders {
            body: content(id),
            headers: DownloadDocumentHeaders {
                e_tag: (id != "untagged").then(|| format!("\"v{}\"", id.len())),
            },
        }
    }

    fn blob_tag(params: &PutBlobParams, body: &[u8]) -> WithHeaders<(), PutBlobHeaders> {
        WithHeaders {
            body: (),
            headers: PutBlobHeaders {
                e_tag: format!("\"{}-{}\"", params.id.len(), body.len()),
            },
        }
    }

    impl Server for Recorder {
        async fn upload_document(&self, body: RawBody) -> Result<UploadDocumentAnswer, Failure> {
            self.0.push(Got::UploadDocument(body.clone()));
            let parts = parts(&body).await.map_err(Failure::new)?;
            if title(&parts) == "refuse" {
                return Ok(UploadDocumentAnswer::Status400(Problem::new(
                    "refused: the title",
                )));
            }
            Ok(UploadDocumentAnswer::Status201(stored(&parts)))
        }

        async fn download_document(
            &self,
            params: DownloadDocumentParams,
        ) -> Result<DownloadDocumentAnswer, Failure> {
            self.0.push(Got::DownloadDocument(params.clone()));
            Ok(match params.id.as_str() {
                "missing" => DownloadDocumentAnswer::Status404(Problem::new("no document")),
                id => DownloadDocumentAnswer::Status200(downloaded(id)),
            })
        }

        async fn add_note(&self, body: String) -> Result<AddNoteAnswer, Failure> {
            self.0.push(Got::AddNote(body.clone()));
            Ok(AddNoteAnswer::Status200(format!("stored: {body}")))
        }

        async fn put_blob(
            &self,
            params: PutBlobParams,
            body: RawBody,
        ) -> Result<PutBlobAnswer, Failure> {
            let answer = blob_tag(&params, &body.bytes);
            self.0.push(Got::PutBlob(params, body));
            Ok(PutBlobAnswer::Status204(answer))
        }
    }

    fn form() -> UploadDocumentForm {
        UploadDocumentForm {
            pages: Some(12),
            tags: Some(vec!["finance".into(), "q3 2024, ü".into()]),
            signature: Some(FilePart::new(b"--sig\r\n--".to_vec())),
            signing_pin: Some("1234".into()),
            ..UploadDocumentForm::new(
                "Quarterly report — Q3, 2024",
                FilePart::new(every_byte())
                    .file_name("report q3.pdf")
                    .content_type("application/pdf"),
            )
        }
    }

    /// The parts `form()` is written as.
    fn form_parts() -> Vec<Part> {
        let text = |name: &str, value: &str| (name.to_owned(), None, None, value.into());
        vec![
            text("title", "Quarterly report — Q3, 2024"),
            text("pages", "12"),
            text("tags", "finance"),
            text("tags", "q3 2024, ü"),
            (
                "file".into(),
                Some("report q3.pdf".into()),
                Some("application/pdf".into()),
                every_byte(),
            ),
            (
                "signature".into(),
                None,
                Some("application/octet-stream".into()),
                b"--sig\r\n--".to_vec(),
            ),
            text("signing_pin", "1234"),
        ]
    }

    fn multipart(form: &UploadDocumentForm) -> RawBody {
        let (content_type, bytes) = form.to_form().encode();
        RawBody {
            content_type: Some(content_type),
            bytes,
        }
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());

        // The whole form, as the client encodes it: the implementation gets the same bytes
        // and reads the same parts from them.
        let case = tally.case("upload_document", "every field, two files");
        let got = outcome::<_, Problem>(api.upload_document(&form()).await);
        let received = log.take();
        tally.check(
            &case,
            "the server received",
            &received,
            &vec![Got::UploadDocument(multipart(&form()))],
        );
        if let [Got::UploadDocument(raw)] = &received[..] {
            tally.check(
                &case,
                "the parts read",
                &parts(raw).await,
                &Ok(form_parts()),
            );
        }
        tally.check(
            &case,
            "the client got",
            &got,
            &Outcome::Answer(stored(&form_parts())),
        );

        let minimal = UploadDocumentForm::new("t", FilePart::new(vec![1, 2, 3]));
        let minimal_parts = vec![
            ("title".to_owned(), None, None, b"t".to_vec()),
            (
                "file".to_owned(),
                None,
                Some("application/octet-stream".to_owned()),
                vec![1, 2, 3],
            ),
        ];
        let refused = UploadDocumentForm::new("refuse", FilePart::new(vec![0]));
        let cases = [
            (
                "required only",
                minimal,
                Outcome::Answer(stored(&minimal_parts)),
            ),
            (
                "a documented error",
                refused,
                Outcome::Refused(400, Problem::new("refused: the title")),
            ),
        ];
        for (what, form, expected) in cases {
            let case = tally.case("upload_document", what);
            let got = outcome::<_, Problem>(api.upload_document(&form).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::UploadDocument(multipart(&form))],
            );
            tally.check(&case, "the client got", &got, &expected);
        }

        for (what, id) in [
            ("an id with every kind of character", "doc 1/ü,;=?#%"),
            ("no ETag", "untagged"),
            ("a documented error", "missing"),
        ] {
            let case = tally.case("download_document", what);
            let params = DownloadDocumentParams::new(id);
            let got = outcome::<_, Problem>(api.download_document(&params).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::DownloadDocument(params)],
            );
            let expected = match id {
                "missing" => Outcome::Refused(404, Problem::new("no document")),
                _ => Outcome::Answer(downloaded(id)),
            };
            tally.check(&case, "the client got", &got, &expected);
        }

        let case = tally.case("add_note", "unicode, commas and lines");
        let note = "a note, with ünïcode;\r\nand two lines = 2\n";
        let got = outcome::<_, ()>(api.add_note(note).await);
        tally.check(
            &case,
            "the server received",
            &log.take(),
            &vec![Got::AddNote(note.into())],
        );
        tally.check(
            &case,
            "the client got",
            &got,
            &Outcome::Answer(format!("stored: {note}")),
        );

        for (what, id, bytes) in [
            ("every byte", "blob 1/ü", every_byte()),
            ("one byte", "b", vec![255]),
        ] {
            let case = tally.case("put_blob", what);
            let params = PutBlobParams::new(id);
            let got = outcome::<_, ()>(api.put_blob(&params, &bytes).await);
            let expected = blob_tag(&params, &bytes);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::PutBlob(
                    params,
                    RawBody {
                        content_type: Some("application/octet-stream".into()),
                        bytes,
                    },
                )],
            );
            tally.check(&case, "the client got", &got, &Outcome::Answer(expected));
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());

        let case = tally.sandbox("upload_document");
        let expected = match Sandbox.upload_document(multipart(&form())).await {
            Ok(UploadDocumentAnswer::Status201(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.upload_document(&form()).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("download_document");
        let params = DownloadDocumentParams::new("doc-1");
        let expected = match Sandbox.download_document(params.clone()).await {
            Ok(DownloadDocumentAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.download_document(&params).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("add_note");
        let expected = match Sandbox.add_note("a note".into()).await {
            Ok(AddNoteAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, ()>(api.add_note("a note").await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("put_blob");
        let params = PutBlobParams::new("blob-1");
        let raw = RawBody {
            content_type: Some("application/octet-stream".into()),
            bytes: vec![1, 2, 3],
        };
        let expected = match Sandbox.put_blob(params.clone(), raw).await {
            Ok(PutBlobAnswer::Status204(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, ()>(api.put_blob(&params, &[1, 2, 3]).await);
        tally.check(&case, "the client got", &got, &expected);
        running.stop().await;
    }

    module_tests!();

    // An empty text body (`""` is a `type: string`) is sent with `Content-Type: text/plain`
    // and no bytes, and the implementation receives `""`: with a Content-Type, an empty
    // text body is a body, not a missing one.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_empty_text_body_is_a_body() {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let got = outcome::<_, ()>(client(running.url()).add_note("").await);
        assert_eq!(
            (got, log.take()),
            (
                Outcome::Answer("stored: ".to_owned()),
                vec![Got::AddNote(String::new())]
            )
        );
    }
}

/// `styles.yaml`: OpenAPI 3 `style`/`explode` of array and object parameters, in the query,
/// the path and headers.
mod styles {
    use super::*;
    use oasbind_http_tests::styles::http::HttpClient;
    use oasbind_http_tests::styles::server::{self, ItemAnswer, Sandbox, SearchAnswer, Server};
    use oasbind_http_tests::styles::{Client as _, Filter, ItemParams, Point, Range, SearchParams};

    pub fn tally() -> Tally {
        Tally::new(
            "styles.yaml",
            include_str!(concat!(env!("OUT_DIR"), "/styles.rs")),
        )
    }

    fn client(url: &str) -> HttpClient {
        HttpClient::builder()
            .base_url(url)
            .timeout(TIMEOUT)
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        Search(SearchParams),
        Item(ItemParams),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    impl Server for Recorder {
        async fn search(&self, params: SearchParams) -> Result<SearchAnswer, Failure> {
            self.0.push(Got::Search(params));
            Ok(SearchAnswer::Status204)
        }

        async fn item(&self, params: ItemParams) -> Result<ItemAnswer, Failure> {
            self.0.push(Got::Item(params));
            Ok(ItemAnswer::Status204)
        }
    }

    fn point(x: Option<i64>, y: Option<i64>) -> Point {
        Point { x, y }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// The cases of `search`; `point`, a nested `filter` and `expand` are tested below.
    fn search_cases() -> Vec<(&'static str, SearchParams)> {
        let none = SearchParams::default;
        vec![
            ("no parameter", none()),
            (
                "form, exploded: several items",
                SearchParams {
                    tag: Some(strings(&["a b", "c,d", "ü", "+&="])),
                    ..none()
                },
            ),
            (
                "form, exploded: an empty item",
                SearchParams {
                    tag: Some(strings(&["a", ""])),
                    ..none()
                },
            ),
            (
                "form, not exploded",
                SearchParams {
                    ids: Some(vec![1, -2, 3]),
                    ..none()
                },
            ),
            (
                "spaceDelimited",
                SearchParams {
                    words: Some(strings(&["x", "ü", "a,b"])),
                    ..none()
                },
            ),
            (
                "pipeDelimited",
                SearchParams {
                    ranks: Some(vec![4, 5, -6]),
                    ..none()
                },
            ),
            (
                "deepObject, flat",
                SearchParams {
                    filter: Some(Filter {
                        created: None,
                        status: Some("open, closed ü&=".into()),
                    }),
                    ..none()
                },
            ),
            (
                "simple header array",
                SearchParams {
                    x_ids: Some(vec![7, 8]),
                    ..none()
                },
            ),
        ]
    }

    fn every_style() -> ItemParams {
        ItemParams {
            x_point: Some(point(Some(1), Some(-2))),
            ..ItemParams::new(
                strings(&["a b", "ü", "%2C"]),
                point(Some(1), Some(2)),
                point(Some(3), Some(4)),
                strings(&["e", "f ü"]),
                strings(&["g", "h"]),
                vec![3, 4],
                vec![5, 6],
                point(Some(1), Some(2)),
                "word ü, with a comma",
            )
        }
    }

    fn one_item_each() -> ItemParams {
        ItemParams::new(
            strings(&["solo"]),
            point(Some(1), None),
            point(None, Some(4)),
            strings(&["e"]),
            strings(&["g"]),
            vec![3],
            vec![5],
            point(None, Some(2)),
            "w",
        )
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());

        for (what, params) in search_cases() {
            let case = tally.case("search", what);
            let got = outcome::<_, ()>(api.search(&params).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::Search(params)],
            );
            tally.check(&case, "the client got", &got, &Outcome::Answer(()));
        }

        for (what, params) in [
            ("every style", every_style()),
            ("one item each, partial objects", one_item_each()),
        ] {
            let case = tally.case("item", what);
            let got = outcome::<_, ()>(api.item(&params).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::Item(params)],
            );
            tally.check(&case, "the client got", &got, &Outcome::Answer(()));
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());
        let params = search_cases().pop().unwrap().1;

        let case = tally.sandbox("search");
        assert_eq!(
            Sandbox.search(params.clone()).await,
            Ok(SearchAnswer::Status204)
        );
        let got = outcome::<_, ()>(api.search(&params).await);
        tally.check(&case, "the client got", &got, &Outcome::Answer(()));

        let case = tally.sandbox("item");
        assert_eq!(Sandbox.item(every_style()).await, Ok(ItemAnswer::Status204));
        let got = outcome::<_, ()>(api.item(&every_style()).await);
        tally.check(&case, "the client got", &got, &Outcome::Answer(()));
        running.stop().await;
    }

    module_tests!();

    /// Calls `search` with `params`: how the call ended and what the implementation
    /// received.
    async fn search_round_trip(params: &SearchParams) -> (Outcome<(), ()>, Vec<Got>) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let got = outcome(client(running.url()).search(params).await);
        (got, log.take())
    }

    /// Calls `item` with `params`: how the call ended and what the implementation
    /// received.
    async fn item_round_trip(params: &ItemParams) -> (Outcome<(), ()>, Vec<Got>) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let got = outcome(client(running.url()).item(params).await);
        (got, log.take())
    }

    // An object query parameter in `form` style, exploded (the default), is sent as its
    // properties (`x=1&y=-2`, as OpenAPI says), and the implementation receives the whole
    // `point`: it is read from the pairs no other parameter names, alone or with `[...]`
    // brackets (the server once looked for a `point` pair and silently gave `None`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_form_exploded_object_in_the_query_is_read_from_its_pairs() {
        let params = SearchParams {
            point: Some(point(Some(1), Some(-2))),
            ..SearchParams::default()
        };
        assert_eq!(
            search_round_trip(&params).await,
            (Outcome::Answer(()), vec![Got::Search(params)])
        );
    }

    // A nested deepObject is sent as `filter[created][gte]=2020-01-01&filter[created][lt]=
    // 2021%20%C3%BC&filter[status]=open`, and the implementation receives the nested
    // `Filter`: each bracket is one level (the server once read a key `created][gte`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_nested_deep_object_is_read() {
        let params = SearchParams {
            filter: Some(Filter {
                created: Some(Range {
                    gte: Some("2020-01-01".into()),
                    lt: Some("2021 ü".into()),
                }),
                status: Some("open".into()),
            }),
            ..SearchParams::default()
        };
        assert_eq!(
            search_round_trip(&params).await,
            (Outcome::Answer(()), vec![Got::Search(params)])
        );
    }

    // An array in deepObject style is sent as `expand[]=customer&expand[]=invoice` (the
    // client's documented form, Stripe's `expand[]`), and the implementation receives both
    // items in order.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_deep_object_array_is_read() {
        let params = SearchParams {
            expand: Some(strings(&["customer", "invoice"])),
            ..SearchParams::default()
        };
        assert_eq!(
            search_round_trip(&params).await,
            (Outcome::Answer(()), vec![Got::Search(params)])
        );
    }

    // An exploded query array of one item arrives whole like any other: `tag=c%2Cd` is
    // `["c,d"]` and `tag=` is `[""]`, each item kept as sent, commas and empty strings
    // included (the server once split a lone value at `,` and dropped its empty items).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_exploded_item_stays_whole() {
        let mut got = Vec::new();
        let mut expected = Vec::new();
        for item in ["c,d", ""] {
            let params = SearchParams {
                tag: Some(strings(&[item])),
                ..SearchParams::default()
            };
            got.push(search_round_trip(&params).await);
            expected.push((Outcome::Answer(()), vec![Got::Search(params)]));
        }
        assert_eq!(got, expected);
    }

    // A path array item holding a comma is sent encoded (`a%2Cb,c`: the separator is the
    // only literal comma), and the implementation receives `["a,b", "c"]`: a segment is
    // split at its separators before it is percent-decoded (the server once decoded first).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_encoded_comma_stays_in_its_path_item() {
        let params = ItemParams {
            plain: strings(&["a,b", "c"]),
            ..one_item_each()
        };
        assert_eq!(
            item_round_trip(&params).await,
            (Outcome::Answer(()), vec![Got::Item(params)])
        );
    }

    // An empty string in matrix style is sent as `;empty` (RFC 6570), and the
    // implementation receives `""` (the server once stripped only `;empty=` and passed on
    // `";empty"`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_empty_matrix_value_arrives_empty() {
        let params = ItemParams {
            empty: String::new(),
            ..one_item_each()
        };
        assert_eq!(
            item_round_trip(&params).await,
            (Outcome::Answer(()), vec![Got::Item(params)])
        );
    }
}

/// `styles_swagger2.yaml`: Swagger 2.0 `collectionFormat` in the query and a header.
mod styles_swagger2 {
    use super::*;
    use oasbind_http_tests::styles_swagger2::http::HttpClient;
    use oasbind_http_tests::styles_swagger2::server::{self, ListAnswer, Sandbox, Server};
    use oasbind_http_tests::styles_swagger2::{Client as _, ListParams};

    pub fn tally() -> Tally {
        Tally::new(
            "styles_swagger2.yaml",
            include_str!(concat!(env!("OUT_DIR"), "/styles_swagger2.rs")),
        )
    }

    fn client(url: &str) -> HttpClient {
        HttpClient::builder()
            .base_url(url)
            .timeout(TIMEOUT)
            .build()
            .expect("a client")
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<ListParams>);

    impl Server for Recorder {
        async fn list(&self, params: ListParams) -> Result<ListAnswer, Failure> {
            self.0.push(params);
            Ok(ListAnswer::Status204)
        }
    }

    fn strings(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| s.to_string()).collect())
    }

    fn cases() -> Vec<(&'static str, ListParams)> {
        let none = ListParams::default;
        vec![
            ("no parameter", none()),
            (
                "csv (the default)",
                ListParams {
                    plain: strings(&["a", "b c", "ü"]),
                    ..none()
                },
            ),
            (
                "multi",
                ListParams {
                    multi: strings(&["c", "d e", "f,g"]),
                    ..none()
                },
            ),
            (
                "pipes",
                ListParams {
                    pipes: Some(vec![1, -2]),
                    ..none()
                },
            ),
            (
                "tsv",
                ListParams {
                    tabs: strings(&["e", "f g", "h,i"]),
                    ..none()
                },
            ),
            (
                "every query parameter",
                ListParams {
                    plain: strings(&["a", "b"]),
                    multi: strings(&["c", "d"]),
                    pipes: Some(vec![1, 2]),
                    tabs: strings(&["e", "f"]),
                    x_tags: None,
                },
            ),
            (
                "ssv header, one item",
                ListParams {
                    x_tags: strings(&["g"]),
                    ..none()
                },
            ),
        ]
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());
        for (what, params) in cases() {
            let case = tally.case("list", what);
            let got = outcome::<_, ()>(api.list(&params).await);
            tally.check(&case, "the server received", &log.take(), &vec![params]);
            tally.check(&case, "the client got", &got, &Outcome::Answer(()));
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());
        let params = cases().swap_remove(5).1;
        let case = tally.sandbox("list");
        assert_eq!(
            Sandbox.list(params.clone()).await,
            Ok(ListAnswer::Status204)
        );
        let got = outcome::<_, ()>(api.list(&params).await);
        tally.check(&case, "the client got", &got, &Outcome::Answer(()));
        running.stop().await;
    }

    module_tests!();

    // A header array in `ssv` is sent as `X-Tags: g h`, and the implementation receives
    // `["g", "h"]`: a header parameter is split at the separator of its style, a space for
    // Swagger 2 `ssv` (the server once split every header at `,`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_ssv_header_is_split_at_spaces() {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.unwrap();
        let params = ListParams {
            x_tags: strings(&["g", "h"]),
            ..ListParams::default()
        };
        client(running.url()).list(&params).await.unwrap();
        assert_eq!(log.take(), vec![params]);
    }
}

/// `secrets.yaml`: secrets in a header, the query and the body, and in the answer.
mod secrets {
    use super::*;
    use oasbind_http_tests::secrets::http::HttpClient;
    use oasbind_http_tests::secrets::server::{self, LoginAnswer, Sandbox, Server};
    use oasbind_http_tests::secrets::{Client as _, Login, LoginParams, Problem, Session};

    pub fn tally() -> Tally {
        Tally::new(
            "secrets.yaml",
            include_str!(concat!(env!("OUT_DIR"), "/secrets.rs")),
        )
    }

    fn client(url: &str) -> HttpClient {
        HttpClient::builder()
            .base_url(url)
            .timeout(TIMEOUT)
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        Login(LoginParams, Login),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    fn session() -> Session {
        Session {
            refresh_token: Some("LITERAL-RT".into()),
            id_token: Some("LITERAL-IT".into()),
            expires_in: Some(3600),
            ..Session::new("LITERAL-AT", "LITERAL-TT")
        }
    }

    fn wrong_pin() -> Problem {
        Problem {
            code: Some("pin".into()),
            hint: Some("four digits".into()),
            ..Problem::new("wrong PIN")
        }
    }

    impl Server for Recorder {
        async fn login(&self, params: LoginParams, body: Login) -> Result<LoginAnswer, Failure> {
            let refused = body.pin.as_deref() == Some("0000");
            self.0.push(Got::Login(params, body));
            Ok(match refused {
                true => LoginAnswer::Status401(wrong_pin()),
                false => LoginAnswer::Status200(session()),
            })
        }
    }

    fn params() -> LoginParams {
        LoginParams {
            otp: Some("LITERAL-OTP".into()),
            token_type_hint: Some("LITERAL-HINT".into()),
            ..LoginParams::new("LITERAL-KEY")
        }
    }

    fn login(pin: Option<&str>) -> Login {
        Login {
            pin: pin.map(str::to_owned),
            ..Login::new("LITERAL-U", "LITERAL-PW")
        }
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());
        let cases = [
            ("every field", params(), login(Some("4321"))),
            (
                "required only",
                LoginParams::new("LITERAL-KEY"),
                login(None),
            ),
            ("a documented error", params(), login(Some("0000"))),
        ];
        for (what, params, body) in cases {
            let case = tally.case("login", what);
            let expected = match body.pin.as_deref() {
                Some("0000") => Outcome::Refused(401, wrong_pin()),
                _ => Outcome::Answer(session()),
            };
            let got = outcome(api.login(&params, &body).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::Login(params, body)],
            );
            tally.check(&case, "the client got", &got, &expected);
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());
        let case = tally.sandbox("login");
        let expected = match Sandbox.login(params(), login(Some("4321"))).await {
            Ok(LoginAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.login(&params(), &login(Some("4321"))).await);
        tally.check(&case, "the client got", &got, &expected);
        running.stop().await;
    }

    module_tests!();

    // The sandbox's answer to `login` fits the definition it is made from: `Session`'s
    // strings have patterns like `^LITERAL-AT$`, and the sandbox's made-up strings take
    // their literal (it once filled them with `"example"`). The client takes that answer
    // whether the router checks its answers or not.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_sandbox_answer_fits_literal_patterns() {
        let expected = match Sandbox.login(params(), login(Some("4321"))).await {
            Ok(LoginAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{other:?}"),
        };
        let mut got = Vec::new();
        for checked in [true, false] {
            let running = server::sandbox()
                .check_answers(checked)
                .spawn()
                .await
                .unwrap();
            let api = client(running.url());
            let outcome = outcome::<_, Problem>(api.login(&params(), &login(Some("4321"))).await);
            got.push((checked, outcome));
        }
        assert_eq!(got, vec![(true, expected.clone()), (false, expected)]);
    }
}

/// `hygiene.json`: definitions named after every name the generated code uses; a header
/// parameter, a path parameter, bearer authentication, open bodies.
mod hygiene {
    use super::*;
    use oasbind_http_tests::hygiene as h;
    use oasbind_http_tests::hygiene::server::{self, IssueAnswer, PutThingAnswer, Sandbox, Server};
    use oasbind_http_tests::hygiene::Client as _;

    pub fn tally() -> Tally {
        Tally::new(
            "hygiene.json",
            include_str!(concat!(env!("OUT_DIR"), "/hygiene.rs")),
        )
    }

    const TOKEN: &str = "hygiene-token";

    fn client(url: &str) -> h::http::HttpClient {
        h::http::HttpClient::builder()
            .base_url(url)
            .timeout(TIMEOUT)
            .token_source(Secret::new(TOKEN))
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        Authorize(&'static str, Vec<String>),
        Issue(h::IssueParams, h::C),
        PutThing(h::PutThingParams, h::A),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    fn token(params: &h::IssueParams, body: &h::C) -> h::E {
        let mut answer = h::E {
            scope: Some(body.scope.clone()),
            ..h::E::new(format!("token for {}", body.scope), 60)
        };
        answer
            .additional_properties
            .insert("request".into(), params.x_request_id.clone().into());
        answer
    }

    fn refused() -> h::F {
        let mut refused = h::F::new("refused");
        refused.additional_properties.insert("retry_in".into(), 30);
        refused
    }

    fn stored(params: &h::PutThingParams, body: &h::A) -> h::B {
        let mut stored = h::B {
            access_token: body.access_token.clone(),
            next: Some(body.clone()),
            ..h::B::new(params.id.clone())
        };
        stored.additional_properties.insert("version".into(), 2);
        stored
    }

    impl Server for Recorder {
        async fn authorize(
            &self,
            operation: &'static str,
            credentials: &Presented,
        ) -> Result<(), Denied> {
            self.0
                .push(Got::Authorize(operation, presented(credentials)));
            Ok(())
        }

        async fn issue(&self, params: h::IssueParams, body: h::C) -> Result<IssueAnswer, Failure> {
            self.0.push(Got::Issue(params.clone(), body.clone()));
            Ok(match body.scope.as_str() {
                "refuse" => IssueAnswer::Status400(refused()),
                _ => IssueAnswer::Status200(token(&params, &body)),
            })
        }

        async fn put_thing(
            &self,
            params: h::PutThingParams,
            body: h::A,
        ) -> Result<PutThingAnswer, Failure> {
            self.0.push(Got::PutThing(params.clone(), body.clone()));
            Ok(match params.id.as_str() {
                "missing" => PutThingAnswer::Status404(h::S::new("missing")),
                "taken" => PutThingAnswer::Status409(h::Fields::new("taken")),
                _ => PutThingAnswer::Status200(stored(&params, &body)),
            })
        }
    }

    fn thing() -> h::A {
        let mut last = h::Definitions::new("d-1");
        last.additional_properties.insert("count".into(), 3);
        let mut thing = h::A {
            access_token: Some("at-1".into()),
            last: Some(last),
            ..h::A::new("thing 1")
        };
        thing
            .additional_properties
            .insert("free".into(), serde_json::json!([true, {"ü": null}]));
        thing
    }

    fn request() -> h::C {
        let mut metadata = h::D {
            account_id: Some("0188000049916".into()),
            detail: Some(thing()),
            ..h::D::default()
        };
        metadata
            .additional_properties
            .insert("channel".into(), "mobile, ü".into());
        let mut request = h::C {
            metadata: Some(metadata),
            ..h::C::new("read write")
        };
        request
            .additional_properties
            .insert("x".into(), serde_json::json!(1.5));
        request
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());

        let cases = [
            (
                "every field",
                h::IssueParams::new("req 1, part=2"),
                request(),
            ),
            ("required only", h::IssueParams::new("r"), h::C::new("s")),
            (
                "a documented error",
                h::IssueParams::new("r"),
                h::C::new("refuse"),
            ),
        ];
        for (what, params, body) in cases {
            let case = tally.case("issue", what);
            let expected = match body.scope.as_str() {
                "refuse" => Outcome::Refused(400, refused()),
                _ => Outcome::Answer(token(&params, &body)),
            };
            let got = outcome(api.issue(&params, &body).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![Got::Issue(params, body)],
            );
            tally.check(&case, "the client got", &got, &expected);
        }

        let cases = [
            ("every field", "thing 1/ü,;=", thing()),
            ("required only", "t", h::A::new("t")),
            ("a documented error (404)", "missing", h::A::new("m")),
            ("a documented error (409)", "taken", h::A::new("m")),
        ];
        for (what, id, body) in cases {
            let case = tally.case("put_thing", what);
            let params = h::PutThingParams::new(id);
            let got = outcome(api.put_thing(&params, &body).await);
            let expected = match id {
                "missing" => {
                    Outcome::Refused(404, h::PutThingError::Status404(h::S::new("missing")))
                }
                "taken" => {
                    Outcome::Refused(409, h::PutThingError::Status409(h::Fields::new("taken")))
                }
                _ => Outcome::Answer(stored(&params, &body)),
            };
            let bearer = format!("bearer bearer {TOKEN}");
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("put_thing", vec![bearer]),
                    Got::PutThing(params, body),
                ],
            );
            tally.check(&case, "the client got", &got, &expected);
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());

        let case = tally.sandbox("issue");
        let params = h::IssueParams::new("r-1");
        let expected = match Sandbox.issue(params.clone(), request()).await {
            Ok(IssueAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, h::F>(api.issue(&params, &request()).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("put_thing");
        let params = h::PutThingParams::new("thing-1");
        let expected = match Sandbox.put_thing(params.clone(), thing()).await {
            Ok(PutThingAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, h::PutThingError>(api.put_thing(&params, &thing()).await);
        tally.check(&case, "the client got", &got, &expected);
        running.stop().await;
    }

    module_tests!();
}

/// `accounts.yaml`: bearer-secured operations (HTTP bearer and OAuth 2.0), a path parameter
/// with a pattern, a closed body with a read-only property.
mod accounts {
    use super::*;
    use oasbind_http_tests::accounts::http::HttpClient;
    use oasbind_http_tests::accounts::server::{
        self, CreateTransferAnswer, GetBalanceAnswer, Sandbox, Server,
    };
    use oasbind_http_tests::accounts::{Balance, Client as _, GetBalanceParams, Problem, Transfer};

    pub fn tally() -> Tally {
        Tally::new(
            "accounts.yaml",
            include_str!(concat!(env!("OUT_DIR"), "/accounts.rs")),
        )
    }

    const TOKEN: &str = "accounts-token";
    const ACCOUNT: &str = "0188000049916";

    fn client(url: &str) -> HttpClient {
        HttpClient::builder()
            .base_url(url)
            .timeout(TIMEOUT)
            .token_source(Secret::new(TOKEN))
            .build()
            .expect("a client")
    }

    #[derive(Debug, PartialEq)]
    enum Got {
        Authorize(&'static str, Vec<String>),
        GetBalance(GetBalanceParams),
        CreateTransfer(Transfer),
    }

    #[derive(Clone, Default)]
    struct Recorder(Log<Got>);

    fn balance(account: &str) -> Balance {
        Balance::new(account, 1234.5, "AED")
    }

    fn accepted(transfer: &Transfer) -> Transfer {
        Transfer {
            id: Some("t-1".into()),
            ..transfer.clone()
        }
    }

    impl Server for Recorder {
        async fn authorize(
            &self,
            operation: &'static str,
            credentials: &Presented,
        ) -> Result<(), Denied> {
            self.0
                .push(Got::Authorize(operation, presented(credentials)));
            Ok(())
        }

        async fn get_balance(&self, params: GetBalanceParams) -> Result<GetBalanceAnswer, Failure> {
            self.0.push(Got::GetBalance(params.clone()));
            Ok(match params.account_id.as_str() {
                ACCOUNT => GetBalanceAnswer::Status200(balance(ACCOUNT)),
                _ => GetBalanceAnswer::Status404(Problem::new("account", "no such account")),
            })
        }

        async fn create_transfer(&self, body: Transfer) -> Result<CreateTransferAnswer, Failure> {
            self.0.push(Got::CreateTransfer(body.clone()));
            Ok(match body.amount > 1000.0 {
                true => CreateTransferAnswer::Status400(Problem::new("limit", "over the limit")),
                false => CreateTransferAnswer::Status201(accepted(&body)),
            })
        }
    }

    pub async fn served(tally: &mut Tally) {
        let recorder = Recorder::default();
        let log = recorder.0.clone();
        let running = server::router(recorder).spawn().await.expect("the server");
        let api = client(running.url());
        let bearer = |scheme: &str| vec![format!("{scheme} bearer {TOKEN}")];

        for (what, account) in [
            ("an account", ACCOUNT),
            ("a documented error", "0000000000000"),
        ] {
            let case = tally.case("get_balance", what);
            let params = GetBalanceParams::new(account);
            let got = outcome(api.get_balance(&params).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("get_balance", bearer("partnerToken")),
                    Got::GetBalance(params),
                ],
            );
            let expected = match account {
                ACCOUNT => Outcome::Answer(balance(ACCOUNT)),
                _ => Outcome::Refused(404, Problem::new("account", "no such account")),
            };
            tally.check(&case, "the client got", &got, &expected);
        }

        for (what, amount) in [("a transfer", 0.01), ("a documented error", 1e9)] {
            let case = tally.case("create_transfer", what);
            let body = Transfer::new(ACCOUNT, "0188000049917", amount);
            let got = outcome(api.create_transfer(&body).await);
            tally.check(
                &case,
                "the server received",
                &log.take(),
                &vec![
                    Got::Authorize("create_transfer", bearer("partnerOAuth")),
                    Got::CreateTransfer(body.clone()),
                ],
            );
            let expected = match amount > 1000.0 {
                true => Outcome::Refused(400, Problem::new("limit", "over the limit")),
                false => Outcome::Answer(accepted(&body)),
            };
            tally.check(&case, "the client got", &got, &expected);
        }
        running.stop().await;
    }

    pub async fn sandboxed(tally: &mut Tally) {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let api = client(running.url());

        let case = tally.sandbox("get_balance");
        let params = GetBalanceParams::new(ACCOUNT);
        let expected = match Sandbox.get_balance(params.clone()).await {
            Ok(GetBalanceAnswer::Status200(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.get_balance(&params).await);
        tally.check(&case, "the client got", &got, &expected);

        let case = tally.sandbox("create_transfer");
        let body = Transfer::new(ACCOUNT, "0188000049917", 10.0);
        let expected = match Sandbox.create_transfer(body.clone()).await {
            Ok(CreateTransferAnswer::Status201(answer)) => Outcome::Answer(answer),
            other => panic!("{case}: {other:?}"),
        };
        let got = outcome::<_, Problem>(api.create_transfer(&body).await);
        tally.check(&case, "the client got", &got, &expected);
        running.stop().await;
    }

    module_tests!();

    // The sandbox answers with the definition's own example of an answer (`example` of the
    // `200`'s media type) when it gives one, not with a made-up value.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_sandbox_answers_the_definitions_example() {
        let running = server::sandbox().spawn().await.expect("the sandbox");
        let balance = client(running.url())
            .get_balance(&GetBalanceParams::new("1234567890123"))
            .await
            .expect("the example");
        assert_eq!(balance.account_id, "0188000049916");
        assert_eq!(balance.available, 1250.5);
        assert_eq!(balance.currency, "AED");
        running.stop().await;
    }
}

/// Every definition, both halves, counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_definition() {
    let mut tallies = Vec::new();
    macro_rules! run {
        ($($module:ident),*) => {$(
            let mut tally = $module::tally();
            $module::served(&mut tally).await;
            tally.all_called();
            $module::sandboxed(&mut tally).await;
            tally.all_sandboxed();
            tallies.push(tally);
        )*};
    }
    run!(
        seed,
        kinds,
        documents,
        styles,
        styles_swagger2,
        secrets,
        hygiene,
        accounts
    );
    for tally in &tallies {
        eprintln!(
            "  {:<22} {:>2} operations {:>3} cases",
            tally.definition,
            tally.operations(),
            tally.cases
        );
    }
    let operations: usize = tallies.iter().map(Tally::operations).sum();
    let cases: usize = tallies.iter().map(|t| t.cases).sum();
    eprintln!(
        "round trip: {operations} operations of {} definitions, {cases} cases",
        tallies.len()
    );
    assert_eq!(tallies.len(), 8);
}
