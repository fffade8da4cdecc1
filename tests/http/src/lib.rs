//! A consumer that generates bindings with the HTTP client in its build script
//! (`fixtures/kinds.json`: path, query, header and cookie parameters; API keys in a query
//! parameter, a cookie and a header; basic and bearer authentication; JSON, form and
//! byte bodies). It declares the `http` feature the generated code is gated by.
//!
//! Its integration tests run the generated `HttpClient`s (this one and the seed's
//! `partner-auth`) and the seed's token provider against a real server on 127.0.0.1.

#![deny(warnings, missing_docs)]
#![forbid(unsafe_code)]

/// Bindings of `fixtures/kinds.json`, generated with `Config::http(true)`.
pub mod kinds {
    include!(concat!(env!("OUT_DIR"), "/kinds.rs"));
}

/// Bindings of `fixtures/styles.yaml`: OpenAPI 3 `style`/`explode` of array and object
/// parameters.
pub mod styles {
    include!(concat!(env!("OUT_DIR"), "/styles.rs"));
}

/// Bindings of `fixtures/styles_swagger2.yaml`: Swagger 2.0 `collectionFormat`.
pub mod styles_swagger2 {
    include!(concat!(env!("OUT_DIR"), "/styles_swagger2.rs"));
}

/// Bindings of `../fixtures/secrets.yaml` (secrets in every spelling, in parameters, bodies
/// and answers), with the HTTP client.
pub mod secrets {
    include!(concat!(env!("OUT_DIR"), "/secrets.rs"));
}
