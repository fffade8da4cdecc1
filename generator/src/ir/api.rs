//! The HTTP surface of an API: servers, security schemes and operations.
//!
//! Swagger 2.0 (`host`/`basePath`, body parameters, `securityDefinitions`) and OpenAPI 3.x
//! (`servers`, `requestBody`, `components.securitySchemes`) both land here.

use super::schema::SchemaId;

/// A server the API is published on.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// Base URL, including the base path, without a trailing slash.
    pub url: String,
    /// What the server is (e.g. "sandbox").
    pub description: Option<String>,
}

/// Where a parameter or API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// In the URL path template.
    Path,
    /// In the query string.
    Query,
    /// In an HTTP header.
    Header,
    /// In a cookie.
    Cookie,
}

impl Location {
    /// The spelling of the definition's `in`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A security scheme declared by the definition.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// The key under which it is declared (e.g. `clientSecretHeader`).
    pub name: String,
    /// What the scheme is.
    pub kind: SecurityKind,
    /// The scheme's description.
    pub description: Option<String>,
}

/// The kinds of security scheme.
#[derive(Clone, Debug, PartialEq)]
pub enum SecurityKind {
    /// A key sent in a header, query parameter or cookie.
    ApiKey {
        /// Where the key travels.
        location: Location,
        /// The header, query or cookie name.
        parameter: String,
    },
    /// HTTP `Authorization: Basic`.
    HttpBasic,
    /// HTTP `Authorization: Bearer`.
    HttpBearer,
    /// OAuth 2.0; the token is sent as a bearer token.
    OAuth2 {
        /// The token URL of the client-credentials flow, when declared.
        token_url: Option<String>,
    },
}

/// One alternative of a `security` requirement: all these schemes together.
pub type SecurityRequirement = Vec<String>;

/// A parameter of an operation (not the body).
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The wire name (`MsgId`).
    pub name: String,
    /// Where it travels.
    pub location: Location,
    /// Whether it must be sent.
    pub required: bool,
    /// Its schema.
    pub schema: SchemaId,
    /// Its description.
    pub description: Option<String>,
    /// How an array or object value is written.
    pub style: Style,
}

/// How a parameter holding an array or an object is written on the wire (OpenAPI 3
/// `style`/`explode`, Swagger 2.0 `collectionFormat`). Scalars are written as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Query: each array item as its own `name=item` pair, each object property as its own
    /// `key=value` pair (OpenAPI `form` exploded, the query default; Swagger 2.0 `multi`).
    /// Path and headers: items joined by `,`, an object as `key=value,key=value` (OpenAPI
    /// `simple` exploded).
    Exploded,
    /// Items (or an object's keys and values) joined by this separator into one value:
    /// `,` (OpenAPI `simple` and `form` not exploded, Swagger 2.0 `csv`, its default),
    /// ` ` (`spaceDelimited`, `ssv`), `\t` (`tsv`), `|` (`pipeDelimited`, `pipes`).
    Delimited(char),
    /// Query objects as `name[key]=value` pairs (OpenAPI `deepObject`).
    DeepObject,
    /// Path: `.` before the value (OpenAPI `label`): `.a,b`, exploded `.a.b`, an exploded
    /// object `.key=value.key=value`.
    Label {
        /// `explode`: items apart, objects as `key=value`.
        explode: bool,
    },
    /// Path: `;name=` before the value (OpenAPI `matrix`): `;name=a,b`, exploded
    /// `;name=a;name=b`, an exploded object `;key=value;key=value`.
    Matrix {
        /// `explode`: items apart, objects as `key=value`.
        explode: bool,
    },
}

/// A request or response body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The media type (`application/json`).
    pub media_type: String,
    /// Its schema, when declared.
    pub schema: Option<SchemaId>,
    /// Whether the body must be sent (requests only).
    pub required: bool,
    /// The body's description (Swagger 2.0: the body parameter's).
    pub description: Option<String>,
    /// The name the definition gives the body (Swagger 2.0 body parameter name).
    pub name: Option<String>,
    /// The definition's example of the body (answers: Swagger 2.0 `examples` for the media
    /// type, OpenAPI 3 media `example` or the first of `examples`), for sandboxes.
    pub example: Option<serde_json::Value>,
}

impl Body {
    /// Whether the body is JSON, and so typed and validated.
    pub fn is_json(&self) -> bool {
        is_json_media(&self.media_type)
    }

    /// Whether the body is a URL-encoded form (typed: its schema is an object of fields).
    pub fn is_form(&self) -> bool {
        self.media_type
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    }

    /// Whether the body is a `multipart/form-data` form.
    pub fn is_multipart(&self) -> bool {
        essence(&self.media_type) == "multipart/form-data"
    }

    /// Whether the body is text (`text/*`, XML), which Rust holds as a `String`.
    pub fn is_text(&self) -> bool {
        let essence = essence(&self.media_type);
        essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
    }

    /// Whether the body has a Rust type of its own (JSON or a form, with a schema).
    pub fn is_typed(&self) -> bool {
        self.schema.is_some() && (self.is_json() || self.is_form())
    }
}

/// A media type without its parameters, in lower case (`text/plain; charset=utf-8` →
/// `text/plain`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type carries JSON (`application/json`, `application/problem+json`, …).
pub fn is_json_media(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
}

/// Which responses a [`Response`] covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusCode {
    /// One status (`200`).
    Exact(u16),
    /// A range (`4XX` → 4).
    Range(u8),
    /// `default`: every status not listed otherwise.
    Default,
}

/// A documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// The status it documents.
    pub status: StatusCode,
    /// Its description.
    pub description: Option<String>,
    /// The body, when there is one.
    pub body: Option<Body>,
    /// The headers it documents (`Content-Type` left out: the body's media type says it).
    pub headers: Vec<ResponseHeader>,
}

/// A response header the definition documents.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseHeader {
    /// Its name, as the definition spells it.
    pub name: String,
    /// Its value's schema.
    pub schema: SchemaId,
    /// Whether every such answer carries it (OpenAPI 3's `required`; Swagger 2.0 has no
    /// such field: never).
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
}

/// HTTP methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case spelling (`POST`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Parses the lower-case key of a path item.
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        })
    }
}

/// One operation: a method on a path.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// `operationId`, when given.
    pub operation_id: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the server URL (`/partner_auth/token`).
    pub path: String,
    /// `summary`
    pub summary: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `tags`
    pub tags: Vec<String>,
    /// Parameters, path-level ones merged in, in document order.
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub body: Option<Body>,
    /// Documented responses, in document order.
    pub responses: Vec<Response>,
    /// Security alternatives (inherited from the document when not overridden).
    pub security: Vec<SecurityRequirement>,
    /// `deprecated`
    pub deprecated: bool,
    /// JSON pointer of the operation, for diagnostics.
    pub pointer: String,
}

impl Operation {
    /// The schemas the operation itself names: its parameters', its body's, its answers'
    /// bodies and documented headers, in that order.
    pub fn schemas(&self) -> impl Iterator<Item = SchemaId> + '_ {
        self.parameters
            .iter()
            .map(|p| p.schema)
            .chain(self.body.as_ref().and_then(|b| b.schema))
            .chain(self.responses.iter().flat_map(|r| {
                r.body
                    .as_ref()
                    .and_then(|b| b.schema)
                    .into_iter()
                    .chain(r.headers.iter().map(|h| h.schema))
            }))
    }
}

/// Information about the API (`info`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Info {
    /// `title`
    pub title: String,
    /// `version`
    pub version: String,
    /// `description`
    pub description: Option<String>,
}

/// A named schema of the document (`definitions` / `components.schemas`).
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The key it is declared under.
    pub name: String,
    /// Its schema.
    pub schema: SchemaId,
}
