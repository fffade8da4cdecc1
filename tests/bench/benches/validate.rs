//! Parse + validate throughput: oasbind-generated code (`from_json`: the JSON text to a
//! checked Rust value, or every violation) against the jsonschema crate (the text to a
//! `serde_json::Value`, then its compiled validator), on the same documents and schemas.
//!
//! `cargo bench -p oasbind-bench`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use oasbind_bench::{all_sets, generated, reference, validator};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    for set in &all_sets() {
        let validator = validator(set);
        // Both agree on every document before anything is timed.
        let expected = if set.valid { set.docs.len() } else { 0 };
        assert_eq!(generated(set), expected, "oasbind on {}", set.name);
        assert_eq!(
            reference(set, &validator),
            expected,
            "jsonschema on {}",
            set.name
        );

        let bytes: usize = set.docs.iter().map(String::len).sum();
        let mut group = c.benchmark_group(set.name);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("oasbind", bytes), |b| {
            b.iter(|| generated(black_box(set)))
        });
        group.bench_function(BenchmarkId::new("jsonschema", bytes), |b| {
            b.iter(|| reference(black_box(set), &validator))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
