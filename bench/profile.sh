#!/usr/bin/env bash
# Where oasbind's generation time goes: `perf record` (DWARF call graphs) of the release
# binary generating each definition (everything: types, validators, client trait), then
# the share of each phase (load, type space, validators, client, syn parse, prettyplease,
# drops, the allocator) as a Markdown table, scaled to the run's CPU seconds.
#
#   bash bench/profile.sh [SPEC...]
#
# Default: GitHub's and Kubernetes' definitions from specs/large/ of the test data
# ($OASBIND_TESTDATA, default ../shared/testdata). Needs `perf` (apt-get install
# linux-perf). Raw data in target/bench-large/perf/. Not a test; CI does not run it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
command -v perf >/dev/null || { echo "error: perf is needed (apt-get install linux-perf)" >&2; exit 2; }

testdata="${OASBIND_TESTDATA:-$repo/../shared/testdata}"
if [ "$#" -eq 0 ]; then
    set -- "$testdata/specs/large/api.github.com.json" "$testdata/specs/large/kubernetes-1.13.swagger.json"
fi
target="${CARGO_TARGET_DIR:-$repo/target}"
out="$target/bench-large/perf"
mkdir -p "$out"
cargo build --release -p oasbind-cli -p oasbind-bench-large >&2

for spec in "$@"; do
    stem="$(basename "$spec")"
    stem="${stem%.*}"
    # CPU seconds without perf's overhead, then the profile.
    /usr/bin/time -f "%U %S" -o "$out/$stem.time" "$target/release/oasbind" generate "$spec" -o "$out/$stem.rs" 2>/dev/null
    cpu="$(awk '{print $1 + $2}' "$out/$stem.time")"
    perf record -q -F 999 --call-graph dwarf,32768 -o "$out/$stem.data" -- \
        "$target/release/oasbind" generate "$spec" -o "$out/$stem.rs" 2>/dev/null
    perf script -i "$out/$stem.data" -F comm,ip,sym 2>/dev/null > "$out/$stem.txt"
    echo "### $stem ($cpu s CPU, load: $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
    "$target/release/oasbind-bench-large" phases "$cpu" < "$out/$stem.txt"
    echo
done
