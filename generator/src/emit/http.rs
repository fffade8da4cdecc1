//! `http::HttpClient`: the client trait implemented on the runtime's HTTP transport
//! (`reqwest`, rustls TLS), emitted with `Config::http(true)` and gated by
//! `#[cfg(feature = "http")]` in the generated code, so consumers that bring their own
//! transport pay nothing. What does not depend on the definition (parameter styles and
//! encoding, credentials in sensitive headers, the size limit, the builder) is the
//! runtime's; here are the servers and each operation's steps.
//!
//! Per operation it checks the request with `validate_<op>` (an invalid request is never
//! sent), fills in path, query, header and cookie parameters (path segments
//! percent-encoded), the security requirement's credentials (API keys in a header, query
//! parameter or cookie; basic; a bearer token from the token source), the body, and reads the answer with
//! `parse_<op>_response`. Credentials go in headers marked sensitive; an API key in the
//! query string is stripped, with the whole URL, from every transport error.
//! Each operation names itself (its operationId) to the transport, whose `tracing`
//! span (the runtime's `tracing` feature, forwarded by the consumer's) records it.

use super::client::CallBorrows;
use super::operations::{qualify, OpPlan};
use super::{docs, ident, Context};
use crate::ir::{Location, Operation, SecurityKind, StatusCode, Style};
use crate::model::client::RequestBody;
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// The fields of `Credentials` for each security scheme, by scheme name (the naming
/// `client::credentials` uses; bearer and OAuth 2.0 schemes have none: their tokens come
/// from the client's token source).
fn credential_fields<'a>(cx: &Context<'a>) -> Vec<(&'a str, Vec<proc_macro2::Ident>)> {
    let mut names = naming::Scope::default();
    cx.api
        .security_schemes
        .iter()
        .map(|scheme| {
            let base = naming::unraw(&naming::snake(&scheme.name, "credential")).to_owned();
            let suffixes: &[&str] = match &scheme.kind {
                SecurityKind::ApiKey { .. } => &[""],
                SecurityKind::HttpBasic => &["_username", "_password"],
                SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. } => &[],
            };
            let fields = suffixes
                .iter()
                .map(|s| ident(&names.claim(&naming::keyword_safe(&format!("{base}{s}")))))
                .collect();
            (scheme.name.as_str(), fields)
        })
        .collect()
}

/// The `http` module, or nothing when the option is off or there is no client trait: the
/// definition's operations over the runtime's HTTP transport.
pub fn items(cx: &Context, ops: &[OpPlan]) -> TokenStream {
    let rt = cx.rt();
    let has_credentials = cx.model.has_credentials();
    let credentials = credential_fields(cx);
    let key_in_query = cx.api.security_schemes.iter().any(|s| {
        matches!(
            &s.kind,
            SecurityKind::ApiKey {
                location: Location::Query,
                ..
            }
        ) && cx.api.operations.iter().any(|op| {
            op.security
                .iter()
                .find(|r| !r.is_empty())
                .is_some_and(|r| r.contains(&s.name))
        })
    });
    let bearer = cx.api.security_schemes.iter().any(|s| {
        matches!(
            s.kind,
            SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. }
        )
    });
    let (methods, downloads): (Vec<TokenStream>, Vec<Option<TokenStream>>) = cx
        .api
        .operations
        .iter()
        .zip(ops)
        .map(|(op, plan)| method(cx, op, plan, &credentials))
        .unzip();

    let servers: Vec<&str> = cx.api.servers.iter().map(|s| s.url.as_str()).collect();
    let mut servers_doc = String::from(" The servers the definition declares, the default first.");
    if servers.is_empty() {
        servers_doc.push_str("\n\n None: set the builder's `base_url`.");
    }
    for s in &cx.api.servers {
        servers_doc.push_str(&format!("\n - `{}`", s.url.replace('`', "'")));
        if let Some(d) = s.description.as_deref().filter(|d| !d.trim().is_empty()) {
            servers_doc.push_str(": ");
            servers_doc.push_str(&d.replace(['\n', '\r'], " "));
        }
    }
    let servers_doc = docs::text(&servers_doc);

    let mut notes = String::new();
    if key_in_query {
        notes.push_str("\n\n This API takes an API key in the query string: transport errors are stripped of\n their URL (`reqwest::Error::without_url`), so that the key never shows in a message.");
    }
    if bearer {
        notes.push_str("\n\n Operations secured by HTTP bearer or OAuth 2.0 send `Authorization: Bearer <token>`\n with a token of the builder's `token_source`.");
    }
    for scheme in &cx.api.security_schemes {
        if let SecurityKind::OAuth2 {
            token_url: Some(url),
        } = &scheme.kind
        {
            notes.push_str(&format!(
                "\n\n Security scheme `{}` issues tokens by the client-credentials grant at `{}`:\n `oasbind_runtime::http::ClientCredentials` is a token source for it.",
                scheme.name.replace('`', "'"),
                url.replace('`', "'")
            ));
        }
    }
    let client_doc = docs::text(&format!(
        " The [`Client`](super::Client) over HTTP, on `reqwest` with rustls TLS (the runtime's\n transport).\n\n Each call checks the request with its `validate_*` function first (an invalid request\n is never sent), sends the credentials of the operation's security requirement in\n headers marked sensitive, and reads the answer with its `parse_*_response` function.\n Transport failures and timeouts are `ClientError::Transport`.\n\n Cheap to clone: clones share one connection pool.{notes}"
    ));

    let (cred_ty, cred_param, cred_arg, cred_field, cred_init) = if has_credentials {
        (
            quote! { super::Credentials },
            quote! { credentials: super::Credentials },
            quote! { credentials },
            quote! { credentials: super::Credentials, },
            quote! { HttpClient { transport, credentials } },
        )
    } else {
        (
            quote! { () },
            TokenStream::new(),
            quote! { () },
            TokenStream::new(),
            quote! { HttpClient { transport } },
        )
    };
    let cred_pass = if has_credentials {
        quote! { credentials }
    } else {
        TokenStream::new()
    };
    let cred_binding = if has_credentials {
        quote! { credentials }
    } else {
        quote! { _ }
    };
    let new_doc = if has_credentials {
        " A client for the default server with `credentials`, default timeouts and user agent."
    } else {
        " A client for the default server, with default timeouts and user agent."
    };

    quote! {
        /// The [`Client`] over HTTP: [`HttpClient`](http::HttpClient), on the runtime's
        /// transport (`reqwest` with rustls TLS). Compiled only with the `http` Cargo feature,
        /// which the crate including these bindings declares as
        /// `http = ["oasbind-runtime/http"]`; with `tracing = ["oasbind-runtime/tracing"]`
        /// too, every call is a `tracing` span.
        #[cfg(feature = "http")]
        pub mod http {
            #[allow(unused_imports)]
            use #rt::http::Style;

            #servers_doc
            pub const SERVERS: &[&str] = &[#(#servers),*];

            #client_doc
            #[derive(Clone, Debug)]
            pub struct HttpClient {
                transport: #rt::http::Transport,
                #cred_field
            }

            /// Settings of an [`HttpClient`] (base URL, timeouts, user agent, size limit,
            /// token source); every one has a default.
            pub type HttpClientBuilder = #rt::http::Builder<HttpClient>;

            impl HttpClient {
                #[doc = #new_doc]
                #[allow(dead_code)]
                pub fn new(#cred_param) -> ::core::result::Result<HttpClient, #rt::http::BuildError> {
                    HttpClient::builder(#cred_pass).build()
                }

                /// Configure a client: base URL, timeouts, user agent, token source, or an
                /// existing `reqwest::Client`.
                #[allow(dead_code)]
                pub fn builder(#cred_param) -> HttpClientBuilder {
                    #rt::http::Builder::new(#cred_arg)
                }

                /// The transport: base URL, `reqwest` client.
                #[allow(dead_code)]
                pub fn transport(&self) -> &#rt::http::Transport {
                    &self.transport
                }

                #(#downloads)*
            }

            impl #rt::http::Api for HttpClient {
                type Credentials = #cred_ty;
                const SERVERS: &'static [&'static str] = SERVERS;
                const USER_AGENT: &'static str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
                fn from_parts(transport: #rt::http::Transport, #cred_binding: #cred_ty) -> Self {
                    #cred_init
                }
            }

            impl super::Client for HttpClient {
                #(#methods)*
            }
        }
    }
}

/// The generated `Style` value of a parameter's style (the runtime's `Style`, imported by the
/// `http` and `server` modules).
pub(super) fn style_value(style: Style) -> TokenStream {
    match style {
        Style::Exploded => quote! { Style::Exploded },
        Style::Delimited(c) => {
            let sep = c.to_string();
            quote! { Style::Delimited(#sep) }
        }
        Style::DeepObject => quote! { Style::DeepObject },
        Style::Label { explode } => quote! { Style::Label(#explode) },
        Style::Matrix { explode } => quote! { Style::Matrix(#explode) },
    }
}

/// What joins the items of an array (or an object's keys and values) in a cookie, which
/// holds one value whatever the style.
pub(super) fn separator(style: Style) -> String {
    match style {
        Style::Delimited(c) => c.to_string(),
        _ => ",".to_owned(),
    }
}

/// A pair of `{` `}` in a path template is a parameter; the rest is literal.
enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// An operation's `Client` method over HTTP, and its download method when its success
/// answer is bytes.
fn method(
    cx: &Context,
    op: &Operation,
    plan: &OpPlan,
    credentials: &[(&str, Vec<proc_macro2::Ident>)],
) -> (TokenStream, Option<TokenStream>) {
    let (name, validate_fn, parse_fn) = (&plan.method, &plan.validate_fn, &plan.parse_fn);
    let success = qualify(&plan.success.ty);
    let rt = cx.rt();
    let fields = &plan.param_fields;
    let params_arg = plan.params.as_ref().map(|p| quote! { params: &super::#p, });
    let body_arg = plan.body.as_ref().map(|b| {
        let b = qualify(b);
        quote! { body: &#b, }
    });
    let validate_args = match (plan.params.is_some(), plan.body.is_some()) {
        (true, true) => quote! { params, body },
        (true, false) => quote! { params },
        (false, true) => quote! { body },
        (false, false) => TokenStream::new(),
    };
    let field_of = |location: Location, wire: &str| {
        op.parameters
            .iter()
            .zip(fields)
            .find(|(p, _)| p.location == location && p.name == wire)
            .map(|(p, f)| (f, style_value(p.style)))
    };

    // The answer's media type.
    let accept = op
        .responses
        .iter()
        .find(|r| {
            matches!(
                r.status,
                StatusCode::Exact(200..=299) | StatusCode::Range(2)
            )
        })
        .and_then(|r| r.body.as_ref())
        .filter(|b| !b.is_json() && !b.media_type.trim().is_empty())
        .map(|b| b.media_type.clone())
        .unwrap_or_else(|| "application/json".to_owned());

    // Its name in the transport's `tracing` span: the operationId, else the method's name.
    let operation_id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| naming::unraw(&name.to_string()).to_owned());
    let mut steps = vec![quote! { call.operation(#operation_id); }];
    // A secret parameter (see `crate::secret`) in the path or the query keeps the URL out
    // of errors, in a cookie makes the cookie header sensitive; in a header, that header.
    let secret = |p: &crate::ir::Parameter| cx.is_secret_value(&p.name, p.schema);
    if op
        .parameters
        .iter()
        .any(|p| matches!(p.location, Location::Path | Location::Query) && secret(p))
    {
        steps.push(quote! { call.secret_in_url(); });
    }
    if op
        .parameters
        .iter()
        .any(|p| p.location == Location::Cookie && secret(p))
    {
        steps.push(quote! { call.secret_cookie(); });
    }
    for piece in pieces(&op.path) {
        match piece {
            Piece::Literal(text) => steps.push(quote! { call.path(#text); }),
            Piece::Param(wire) => match field_of(Location::Path, wire) {
                Some((f, style)) => {
                    steps.push(quote! { call.path_param(#wire, &params.#f, #style); })
                }
                // Not a declared parameter: the template text as it is.
                None => {
                    let text = format!("{{{wire}}}");
                    steps.push(quote! { call.path(#text); });
                }
            },
        }
    }
    // The body first: a `Content-Type` parameter overrides its media type.
    if let (Some(b), Some(kind)) = (&op.body, &plan.model.body) {
        let media = b.media_type.as_str();
        steps.push(match kind {
            RequestBody::Typed(_) if b.is_form() => quote! { call.form(body); },
            // `*/*` or `application/*`: the JSON it stands for.
            RequestBody::Typed(_) if media.contains('*') => {
                quote! { call.json("application/json", body); }
            }
            RequestBody::Typed(_) => quote! { call.json(#media, body); },
            RequestBody::Multipart(Some(_)) => quote! { call.multipart(&body.to_form()); },
            RequestBody::Multipart(None) => quote! { call.multipart(body); },
            RequestBody::Text => quote! { call.text(#media, body); },
            RequestBody::Bytes if media.trim().is_empty() => {
                quote! { call.bytes("application/octet-stream", body); }
            }
            RequestBody::Bytes => quote! { call.bytes(#media, body); },
        });
    }
    for (p, f) in op.parameters.iter().zip(fields) {
        let wire = &p.name;
        match p.location {
            Location::Path => {}
            Location::Query => {
                let style = style_value(p.style);
                steps.push(quote! { call.query(#wire, &params.#f, #style); })
            }
            Location::Header => {
                let style = style_value(p.style);
                let sensitive = secret(p);
                steps.push(quote! { call.header(#wire, &params.#f, #style, #sensitive); })
            }
            Location::Cookie => {
                let sep = separator(p.style);
                steps.push(quote! { call.cookie(#wire, &params.#f, #sep); })
            }
        }
    }
    // Credentials last: no parameter can replace them. `Credentials` holds every scheme,
    // so the first alternative that asks for any is sent (an empty one means "optional").
    let requirement = op.security.iter().find(|r| !r.is_empty());
    if let Some(requirement) = requirement {
        for scheme_name in requirement {
            let Some(scheme) = cx
                .api
                .security_schemes
                .iter()
                .find(|s| &s.name == scheme_name)
            else {
                continue;
            };
            let Some((_, f)) = credentials.iter().find(|(n, _)| n == scheme_name) else {
                continue;
            };
            steps.push(match (&scheme.kind, f.as_slice()) {
                (
                    SecurityKind::ApiKey {
                        location: Location::Header,
                        parameter,
                    },
                    [key],
                ) => {
                    quote! { call.key_header(#parameter, &self.credentials.#key); }
                }
                (
                    SecurityKind::ApiKey {
                        location: Location::Query,
                        parameter,
                    },
                    [key],
                ) => {
                    quote! { call.key_query(#parameter, &self.credentials.#key); }
                }
                (
                    SecurityKind::ApiKey {
                        location: Location::Cookie,
                        parameter,
                    },
                    [key],
                ) => {
                    quote! { call.key_cookie(#parameter, &self.credentials.#key); }
                }
                (SecurityKind::HttpBasic, [user, password]) => {
                    quote! { call.basic(&self.credentials.#user, &self.credentials.#password); }
                }
                (SecurityKind::HttpBearer | SecurityKind::OAuth2 { .. }, []) => {
                    quote! { call.bearer(); }
                }
                _ => continue,
            });
        }
    }
    let http_method = proc_macro2::Ident::new(op.method.as_str(), proc_macro2::Span::call_site());
    // The trait's signature: every argument borrowed for the call's future.
    let params_ref = plan
        .params
        .as_ref()
        .map(|p| quote! { params: &'a super::#p, });
    let body_ref = plan.body.as_ref().map(|b| {
        let b = qualify(b);
        quote! { body: &'a #b, }
    });
    let CallBorrows {
        generics,
        receiver,
        lifetime,
    } = CallBorrows::of(plan);
    let trait_method = quote! {
        fn #name #generics(#receiver, #params_ref #body_ref) -> #rt::BoxFuture<#lifetime, ::core::result::Result<#success, #rt::ClientError>> {
            ::std::boxed::Box::pin(async move {
                super::#validate_fn(#validate_args)?;
                let mut call = self.transport.call(#accept);
                #(#steps)*
                call.send(#rt::http::Method::#http_method, super::#parse_fn).await
            })
        }
    };
    // The same call, its success answer read piece by piece.
    let download = plan.download.as_ref().map(|download| {
        let doc = docs::text(&format!(
            " [`{name}`](super::Client::{name}) with its success answer as a download: read\n \
             piece by piece, whatever its size (the client's size limit does not apply;\n \
             its timeout does). Error answers are read as `{name}` reads them.",
            name = naming::unraw(&name.to_string())
        ));
        quote! {
            #doc
            #[allow(dead_code)]
            pub async fn #download(&self, #params_arg #body_arg) -> ::core::result::Result<#rt::http::Download, #rt::ClientError> {
                super::#validate_fn(#validate_args)?;
                let mut call = self.transport.call(#accept);
                #(#steps)*
                call.download(#rt::http::Method::#http_method, super::#parse_fn).await
            }
        }
    });
    (trait_method, download)
}

#[cfg(test)]
mod tests {
    use super::{pieces, Piece};

    fn show(template: &str) -> Vec<String> {
        pieces(template)
            .into_iter()
            .map(|p| match p {
                Piece::Literal(l) => format!("L{l}"),
                Piece::Param(p) => format!("P{p}"),
            })
            .collect()
    }

    #[test]
    fn path_templates_split_into_literals_and_parameters() {
        assert_eq!(show("/partner_auth/token"), ["L/partner_auth/token"]);
        assert_eq!(
            show("/items/{id}/notes/{note}"),
            ["L/items/", "Pid", "L/notes/", "Pnote"]
        );
        assert_eq!(show("/{a}.{b}"), ["L/", "Pa", "L.", "Pb"]);
        // An unclosed brace is literal text.
        assert_eq!(show("/x/{y"), ["L/x/{y"]);
        assert!(show("").is_empty());
    }
}
