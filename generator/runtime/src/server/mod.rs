//! The server side of generated bindings (feature `server`): the request handling that
//! every definition shares, on axum.
//!
//! Bindings generated with `Config::server` hold a `Server` trait (one async method per
//! operation, typed parameters and body in, the operation's answer out) and, behind the
//! consumer's `server` feature, `server::router(implementation)`: a [`Router`] whose
//! routes are the definition's operations. For each request it
//!
//! - finds the operation by method and path template (concrete paths first; `404` and
//!   `405` otherwise);
//! - reads the body up to a limit ([`Router::body_limit`], 2 MiB unless set; `413` past it);
//! - checks the credentials of the operation's security requirement (`401` when absent)
//!   and hands them to the implementation's `authorize` hook (`401`/`403` when refused);
//! - reads path, query, header and cookie parameters in their styles and the body by its
//!   media type (`415` for another one), checks each against its schema (`400`), and
//!   calls the implementation only with a request that fits the definition;
//! - writes the answer, checked against its schema in debug builds
//!   ([`Router::check_answers`]): an answer that breaks the definition is a `500`.
//!
//! Every rejection is the first violation in the API's own error envelope (the one its
//! definition documents: [`ErrorEnvelope`]), or RFC 9457 problem details ([`Problem`])
//! when it documents none; no rejection is a panic or a `500`.

mod incoming;
mod reply;
mod route;

pub use crate::params::Style;
pub use axum;
pub use incoming::{Credential, In, Incoming, Presented, RawBody, Scheme};
use reply::Check;
pub use reply::{Denied, Failure, IntoReply, Problem, Reply};

use crate::check::{Json, Path};
use crate::{ErrorEnvelope, Violation};
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use route::Template;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

/// The largest request body read unless [`Router::body_limit`] says otherwise: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A generated handler: reads the request, calls the implementation, writes its answer.
#[doc(hidden)]
pub type Handler<S> = fn(Arc<S>, Incoming) -> Handled;

/// What a generated handler returns: the answer, once written.
#[doc(hidden)]
pub type Handled = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// The implementation's answer, or its failure as a `500`.
#[doc(hidden)]
pub fn answer<A: IntoReply>(result: Result<A, Failure>) -> Reply {
    match result {
        Ok(answer) => answer.into_reply(),
        Err(failure) => Reply::failure(&failure),
    }
}

struct Route<S> {
    method: Method,
    /// The template as the definition writes it: routes of one path share it.
    path: &'static str,
    template: Template,
    handler: Handler<S>,
}

/// The operations of a definition, routed to an implementation of its `Server` trait:
/// built by the bindings' `server::router`, configured here, served as an
/// [`axum::Router`] (`into_axum`, or [`Router::spawn`] and [`Router::serve`]).
pub struct Router<S> {
    server: Arc<S>,
    routes: Vec<Route<S>>,
    settings: Settings,
}

struct Settings {
    base_path: String,
    body_limit: usize,
    check_answers: bool,
    envelope: fn(u16, &str, &Violation) -> Reply,
}

impl<S: Send + Sync + 'static> Router<S> {
    /// A router without routes, answering rejections as [`Problem`]s.
    #[doc(hidden)]
    pub fn new(server: S) -> Router<S> {
        Router {
            server: Arc::new(server),
            routes: Vec::new(),
            settings: Settings {
                base_path: String::new(),
                body_limit: DEFAULT_BODY_LIMIT,
                check_answers: cfg!(debug_assertions),
                envelope: |status, summary, v| {
                    Reply::json(
                        status,
                        "application/problem+json",
                        &Problem::new(status, summary, v),
                    )
                },
            },
        }
    }

    /// Adds an operation: `method` on `template` (relative to the base path).
    #[doc(hidden)]
    pub fn route(
        mut self,
        method: Method,
        template: &'static str,
        handler: Handler<S>,
    ) -> Router<S> {
        let route = Route {
            method,
            path: template,
            template: Template::parse(template),
            handler,
        };
        // Concrete segments first (OpenAPI: `/pets/mine` before `/pets/{id}`), the
        // definition's order otherwise: inserted after every route at least as concrete.
        let at = self
            .routes
            .partition_point(|r| r.template.specificity() >= route.template.specificity());
        self.routes.insert(at, route);
        self
    }

    /// Answers rejections in the API's error envelope `E`.
    #[doc(hidden)]
    pub fn envelope<E: ErrorEnvelope>(mut self) -> Router<S> {
        self.settings.envelope = |status, summary, v| {
            Reply::json(status, "application/json", &E::envelope(status, summary, v))
        };
        self
    }

    /// Serves the operations under `base_path` (the path of a server URL, `/v1`), as the
    /// definition's clients call them.
    pub fn base_path(mut self, base_path: &str) -> Router<S> {
        self.settings.base_path = base_path.trim_end_matches('/').to_owned();
        self
    }

    /// The largest request body read, in bytes; a larger one is answered `413`.
    pub fn body_limit(mut self, bytes: usize) -> Router<S> {
        self.settings.body_limit = bytes;
        self
    }

    /// Whether each answer is checked against its schema before it is sent (an answer that
    /// breaks the definition becomes a `500` naming the violation). On in debug builds.
    pub fn check_answers(mut self, yes: bool) -> Router<S> {
        self.settings.check_answers = yes;
        self
    }

    /// The axum router: one fallback service that routes by the definition, so that it
    /// merges into an application's own router (`Router::merge`) or takes layers.
    pub fn into_axum(self) -> axum::Router {
        let this = Arc::new(self);
        axum::Router::new().fallback(move |request: axum::extract::Request| {
            let this = Arc::clone(&this);
            async move { this.handle(request).await }
        })
    }

    /// Serves on a free port of 127.0.0.1 in a background task until the returned handle
    /// is dropped or stopped: for tests and local sandboxes.
    pub async fn spawn(self) -> std::io::Result<Running> {
        let base = self.settings.base_path.clone();
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = self.into_axum();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Running {
            url: format!("http://{addr}{base}"),
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Serves on `addr` until the process ends.
    pub async fn serve(self, addr: SocketAddr) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        axum::serve(listener, self.into_axum()).await
    }

    async fn handle(&self, request: axum::extract::Request) -> axum::response::Response {
        let (head, body) = request.into_parts();
        let head_only = head.method == Method::HEAD;
        let reply = self.dispatch(head, body).await;
        self.write(reply, head_only)
    }

    async fn dispatch(&self, head: axum::http::request::Parts, body: Body) -> Reply {
        let not_found = |message: &str| {
            let violation = Violation {
                pointer: String::new(),
                keyword: "path",
                message: message.to_owned(),
            };
            Reply::problem(404, "no operation at this path", violation)
        };
        let path = head.uri.path().to_owned();
        let Some(path) = path.strip_prefix(self.settings.base_path.as_str()) else {
            return not_found("the path is outside the API's base path");
        };
        let path = if path.is_empty() { "/" } else { path };
        // The most concrete template that matches is the path; only its methods answer
        // (`POST /pet/findByStatus` is not `POST /pet/{petId}`).
        // Its routes share the template, and so what the path's parameters are.
        let Some((item, found)) = self
            .routes
            .iter()
            .find_map(|r| Some((r.path, r.template.matches(path)?)))
        else {
            return not_found("no operation of the definition has this path");
        };
        let mut allowed: Vec<&Method> = Vec::new();
        for route in self.routes.iter().filter(|r| r.path == item) {
            // HEAD is GET without its body, unless the definition declares it.
            let head_of_get = head.method == Method::HEAD && route.method == Method::GET;
            if route.method != head.method && !head_of_get {
                if !allowed.contains(&&route.method) {
                    allowed.push(&route.method);
                }
                continue;
            }
            if head_of_get
                && self
                    .routes
                    .iter()
                    .any(|r| r.method == Method::HEAD && r.path == item)
            {
                continue;
            }
            let body = match axum::body::to_bytes(body, self.settings.body_limit).await {
                Ok(bytes) => bytes,
                Err(_) => {
                    let violation = Violation {
                        pointer: String::new(),
                        keyword: "maxLength",
                        message: format!(
                            "the body is larger than {} bytes, or was cut short",
                            self.settings.body_limit
                        ),
                    };
                    return Reply::problem(413, "request body too large", violation);
                }
            };
            let found = found.iter().map(|(n, v)| (*n, (*v).to_owned())).collect();
            let incoming = Incoming::new(head, found, body);
            return (route.handler)(Arc::clone(&self.server), incoming).await;
        }
        let allow: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
        let violation = Violation {
            pointer: String::new(),
            keyword: "method",
            message: format!("the path takes {}", allow.join(", ")),
        };
        let mut reply = Reply::problem(405, "method not allowed", violation);
        reply.headers.push(("allow", allow.join(", ")));
        reply
    }

    /// The reply as an HTTP answer: rejections in the envelope, answers checked if asked.
    fn write(&self, reply: Reply, head_only: bool) -> axum::response::Response {
        let mut reply = self.checked(reply);
        if let Some((summary, violation)) = reply.problem.take() {
            let mut enveloped = (self.settings.envelope)(reply.status, summary, &violation);
            enveloped.headers = std::mem::take(&mut reply.headers);
            reply = enveloped;
        }
        let status =
            StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut builder = axum::http::Response::builder().status(status);
        if let Some(media) = reply
            .media_type
            .as_deref()
            .and_then(|m| HeaderValue::try_from(m).ok())
        {
            builder = builder.header(axum::http::header::CONTENT_TYPE, media);
        }
        for (name, value) in reply.headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
            {
                builder = builder.header(name, value);
            }
        }
        let body = match head_only {
            true => Body::empty(),
            false => Body::from(reply.body),
        };
        builder
            .body(body)
            .unwrap_or_else(|_| axum::response::Response::new(Body::empty()))
    }

    /// The reply, or a `500` naming how its body breaks its schema.
    fn checked(&self, reply: Reply) -> Reply {
        let Some(check) = reply.check.filter(|_| self.settings.check_answers) else {
            return reply;
        };
        let text = String::from_utf8_lossy(&reply.body);
        let mut out = Vec::new();
        let not_json = |e: serde_json::Error| Violation {
            pointer: String::new(),
            keyword: "json",
            message: e.to_string(),
        };
        match check {
            Check::Tree(f) => match Json::parse(&text) {
                Ok(tree) => f(&tree, &Path::Root(""), &mut out),
                Err(e) => out.push(not_json(e)),
            },
            Check::Value(f) => match serde_json::from_str(&text) {
                Ok(value) => f(&value, "", &mut out),
                Err(e) => out.push(not_json(e)),
            },
        }
        match out.into_iter().next() {
            None => reply,
            Some(v) => Reply::problem(500, "the server's answer does not match the definition", v),
        }
    }
}

/// A router serving on loopback ([`Router::spawn`]); stops when dropped.
pub struct Running {
    url: String,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// The base URL clients call: `http://127.0.0.1:<port>` and the base path.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and waits until the open connections are done.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The definition's own example (`given`) as a value of its Rust type when it is one, else
/// the value made to fit the schema (`made`).
pub fn example_or<T: DeserializeOwned>(given: &str, made: &str) -> Result<T, Failure> {
    serde_json::from_str(given).or_else(|_| example(made))
}

/// An example of the definition as a value of its Rust type (what generated sandboxes
/// answer with); one that does not fit the type is a [`Failure`].
pub fn example<T: DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|e| {
        Failure::new(format!(
            "the definition's example does not fit its type: {e}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(_: Arc<()>, _: Incoming) -> Handled {
        Box::pin(async { Reply::empty(204) })
    }

    async fn call(router: &Router<()>, method: &str, uri: &str) -> axum::response::Response {
        let request = axum::http::Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        router.handle(request).await
    }

    #[tokio::test]
    async fn a_concrete_path_is_its_own_path_item() {
        let router = Router::new(())
            .route(Method::GET, "/pet/findByStatus", ok)
            .route(Method::GET, "/pet/{petId}", ok)
            .route(Method::POST, "/pet/{petId}", ok)
            .route(Method::DELETE, "/pet/{petId}", ok)
            .base_path("/v2");
        assert_eq!(
            call(&router, "GET", "/v2/pet/findByStatus").await.status(),
            204
        );
        assert_eq!(call(&router, "POST", "/v2/pet/7").await.status(), 204);
        // Not `POST /pet/{petId}` with `petId = findByStatus`.
        let answer = call(&router, "POST", "/v2/pet/findByStatus").await;
        assert_eq!(answer.status(), 405);
        assert_eq!(answer.headers()["allow"], "GET");
        let answer = call(&router, "PUT", "/v2/pet/7").await;
        assert_eq!(answer.headers()["allow"], "GET, POST, DELETE");
        assert_eq!(call(&router, "HEAD", "/v2/pet/7").await.status(), 204);
        assert_eq!(call(&router, "GET", "/v2/elsewhere").await.status(), 404);
        assert_eq!(
            call(&router, "GET", "/pet/7").await.status(),
            404,
            "outside the base path"
        );
    }
}
