//! The seed's types carry their schema (`--schemars`, feature `schemars`): a snapshot of
//! `schema_for!` for each of its four definitions, the facts the issue asks to see, and the
//! fidelity check of every seed type against `schemas/rakbank/partner_auth.json`, with no
//! difference.
//!
//! `OASBIND_BLESS=1 cargo test -p oasbind-fidelity-tests --test seed` rewrites the snapshots
//! under `tests/fidelity/snapshots/`.

use oasbind_fidelity as fidelity;
use partner_auth::{
    AccessTokenRequest, AccessTokenResponse, ErrorResponse, GrantType, OauthMetadata, TokenType,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap()
}

/// Every seed type's derived schema, by Rust name.
fn derived() -> BTreeMap<String, Value> {
    [
        ("AccessTokenRequest", schema::<AccessTokenRequest>()),
        ("AccessTokenResponse", schema::<AccessTokenResponse>()),
        ("ErrorResponse", schema::<ErrorResponse>()),
        ("OauthMetadata", schema::<OauthMetadata>()),
        ("TokenType", schema::<TokenType>()),
        ("GrantType", schema::<GrantType>()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Pretty JSON with sorted keys, whatever order the map keeps.
fn pretty(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let m: BTreeMap<&String, Value> = m.iter().map(|(k, v)| (k, sorted(v))).collect();
                serde_json::to_value(m).unwrap()
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            v => v.clone(),
        }
    }
    serde_json::to_string_pretty(&sorted(v)).unwrap() + "\n"
}

#[test]
fn snapshots_of_the_four_definitions() {
    let schemas = derived();
    let mut stale = Vec::new();
    for name in [
        "AccessTokenRequest",
        "AccessTokenResponse",
        "ErrorResponse",
        "OauthMetadata",
    ] {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("snapshots/{name}.json"));
        let now = pretty(&schemas[name]);
        if std::fs::read_to_string(&file).ok().as_deref() == Some(now.as_str()) {
            continue;
        }
        if std::env::var_os("OASBIND_BLESS").is_some() {
            std::fs::write(&file, &now).unwrap();
        } else {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots differ for {stale:?}; review, then rewrite with\n  OASBIND_BLESS=1 cargo test -p oasbind-fidelity-tests --test seed"
    );
}

#[test]
fn the_token_request_carries_its_constraints() {
    let s = schema::<AccessTokenRequest>();
    assert_eq!(s["type"], "object");
    assert_eq!(
        s["additionalProperties"], false,
        "closed objects stay closed"
    );
    assert_eq!(s["required"], json!(["grant_type", "scope"]));
    let scope = &s["properties"]["scope"];
    assert_eq!(scope["type"], "string");
    assert_eq!(scope["minLength"], 1);
    assert_eq!(scope["maxLength"], 500);
    assert_eq!(scope["description"], "Scope being requested");
    // The grant type is a reference to the string enum.
    assert_eq!(s["properties"]["grant_type"]["$ref"], "#/$defs/GrantType");
    let grant = &s["$defs"]["GrantType"];
    assert_eq!(grant["type"], "string");
    assert_eq!(grant["enum"], json!(["client_credentials"]));
    // Optional, not nullable: the metadata is not required and does not admit null.
    assert_eq!(
        s["properties"]["oauth_metadata"]["$ref"],
        "#/$defs/OauthMetadata"
    );
    assert!(s["properties"]["oauth_metadata"].get("anyOf").is_none());
}

#[test]
fn the_token_response_stays_open() {
    let s = schema::<AccessTokenResponse>();
    assert_eq!(s["additionalProperties"], true, "open objects stay open");
    assert_eq!(
        s["required"],
        json!(["token_type", "access_token", "expires_in", "scope"])
    );
    assert_eq!(s["properties"]["access_token"]["maxLength"], 5000);
    assert_eq!(s["properties"]["token_type"]["examples"], json!(["bearer"]));
    assert_eq!(s["$defs"]["TokenType"]["enum"], json!(["bearer"]));
    // Open metadata too, and its examples are there.
    let m = schema::<OauthMetadata>();
    assert_eq!(m["additionalProperties"], true);
    assert_eq!(
        m["properties"]["account_id"]["examples"],
        json!(["0188000049916"])
    );
    assert!(m.get("required").is_none());
}

#[test]
fn descriptions_are_the_definitions_not_the_doc_comments() {
    let s = schema::<AccessTokenResponse>();
    // The definition has no description: the doc comment's fallback does not leak in.
    assert!(s.get("description").is_none(), "{s}");
    let e = schema::<ErrorResponse>();
    assert_eq!(e["description"], "Response in case of error");
    assert!(e["properties"]["property"].get("description").is_none());
}

/// The seed round-trips: every type's derived schema says what the definition says.
#[test]
fn the_seed_has_no_fidelity_difference() {
    let spec = root().join("schemas/rakbank/partner_auth.json");
    let prepared =
        fidelity::prepare_file(&spec, &oasbind::Config::new()).expect("the seed prepares");
    let names: Vec<&str> = prepared.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    let report = prepared.compare(&Ok(derived()));
    assert!(report.error.is_none(), "{:?}", report.error);
    let differences: Vec<String> = report
        .differences
        .iter()
        .map(|d| d.difference.to_string())
        .collect();
    assert!(differences.is_empty(), "{differences:#?}");
}

/// The same through the checker's own pipeline: generate, build the scratch crate, run it,
/// compare (the first run in a fresh target directory compiles schemars; later runs reuse it).
#[test]
fn the_seed_through_the_scratch_crate() {
    let spec = root().join("schemas/rakbank/partner_auth.json");
    let scratch = fidelity::Scratch::new(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("oasbind-fidelity-seed"),
    )
    .lockfile(root().join("Cargo.lock"));
    let report =
        fidelity::check(&[spec], &oasbind::Config::new(), &scratch).expect("the checker runs");
    assert_eq!(report.types_checked(), 6);
    assert_eq!(report.differences().count(), 0, "{}", report.text());
}
