//! Parse + validate throughput: oasbind-generated code (`from_json`: the JSON text to a
//! checked Rust value, or every violation) against the jsonschema crate (the text to a
//! `serde_json::Value`, then its compiled validator), on the same documents and schemas.
//!
//! `cargo bench -p oasbind-bench`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oasbind_bench::{catalog, seed_schema, seed_sets, Set, CATALOG_SCHEMA};
use partner_auth::{AccessTokenRequest, AccessTokenResponse};
use std::hint::black_box;

fn generated(set: &Set) -> usize {
    let mut ok = 0;
    for doc in &set.docs {
        ok += match set.definition {
            "access_token_request" => AccessTokenRequest::from_json(doc).map(|_| ()).map_err(|v| v.0.len()),
            "access_token_response" => AccessTokenResponse::from_json(doc).map(|_| ()).map_err(|v| v.0.len()),
            _ => oasbind_bench::catalog::validate_json("catalog", doc).expect("a definition").map_err(|v| v.0.len()),
        }
        .is_ok() as usize;
    }
    ok
}

/// jsonschema, reporting what oasbind reports: for a valid document the verdict
/// (`is_valid`, its fastest check), for an invalid one every error with its location and
/// message (oasbind's `Violation` has a pointer, a keyword and a message).
fn reference(set: &Set, validator: &jsonschema::Validator) -> usize {
    let mut ok = 0;
    for doc in &set.docs {
        let value: serde_json::Value = serde_json::from_str(doc).expect("JSON");
        if set.valid {
            ok += validator.is_valid(&value) as usize;
        } else {
            let errors: Vec<(String, String)> =
                validator.iter_errors(&value).map(|e| (e.instance_path().to_string(), e.to_string())).collect();
            ok += black_box(errors).is_empty() as usize;
        }
    }
    ok
}

fn bench(c: &mut Criterion) {
    let mut sets = seed_sets();
    sets.push(Set { name: "catalog/valid", definition: "catalog", valid: true, docs: vec![catalog(3000, false)] });
    sets.push(Set { name: "catalog/invalid", definition: "catalog", valid: false, docs: vec![catalog(3000, true)] });
    for set in &sets {
        let schema = if set.definition == "catalog" {
            serde_json::from_str(CATALOG_SCHEMA).expect("JSON")
        } else {
            seed_schema(set.definition)
        };
        let validator = jsonschema::validator_for(&schema).expect("a valid schema");
        // Both agree on every document before anything is timed.
        let expected = if set.valid { set.docs.len() } else { 0 };
        assert_eq!(generated(set), expected, "oasbind on {}", set.name);
        assert_eq!(reference(set, &validator), expected, "jsonschema on {}", set.name);

        let bytes: usize = set.docs.iter().map(String::len).sum();
        let mut group = c.benchmark_group(set.name);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("oasbind", bytes), |b| b.iter(|| generated(black_box(set))));
        group.bench_function(BenchmarkId::new("jsonschema", bytes), |b| b.iter(|| reference(black_box(set), &validator)));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
