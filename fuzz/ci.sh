#!/usr/bin/env bash
# The CI slice of the cargo-fuzz targets (docs/reliability.md, "Fuzzing at scale"): builds
# every target, replays its committed corpus (fuzz/corpus/<target>/) and fuzzes it for a
# bounded time from there, failing on any crash, panic, timeout or disagreement.
#
#   fuzz/ci.sh                          # about 45 s of fuzzing per target, 3 min in all
#   OASBIND_FUZZ_SECONDS=10 fuzz/ci.sh  # shorter
#   OASBIND_FUZZ_TARGET_DIR=/tmp/t fuzz/ci.sh   # another target dir (default fuzz/target)
#   OASBIND_FUZZ_NIGHTLY=0 fuzz/ci.sh   # the stable path even where nightly is installed
#
# cargo-fuzz is pinned (0.13.2) and installed only when `cargo fuzz --version` is another.
# The targets are built without a sanitizer (`-s none`; oasbind has no `unsafe`), on the
# nightly toolchain when there is one, else on the default (stable) toolchain with
# RUSTC_BOOTSTRAP=1, so that a nightly-only flag cargo-fuzz may pass (`-Zsanitizer`, with
# a sanitizer) is accepted; CI machines have only the stable toolchain. The
# committed corpora are never written to: new inputs go to a scratch copy.
set -euo pipefail

cd "$(dirname "$0")"
seconds=${OASBIND_FUZZ_SECONDS:-45}
version=0.13.2

if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $version" ]; then
    cargo install cargo-fuzz --version "$version" --locked
fi

toolchain=()
if [ "${OASBIND_FUZZ_NIGHTLY:-1}" != 0 ] && rustup run nightly rustc --version >/dev/null 2>&1; then
    toolchain=(+nightly)
    echo "fuzz/ci.sh: nightly toolchain: $(rustup run nightly rustc --version)"
else
    export RUSTC_BOOTSTRAP=1
    echo "fuzz/ci.sh: no nightly toolchain; $(rustc --version) with RUSTC_BOOTSTRAP=1"
fi

dir=()
if [ -n "${OASBIND_FUZZ_TARGET_DIR:-}" ]; then
    dir=(--target-dir "$OASBIND_FUZZ_TARGET_DIR")
fi

# The target validators skips instances with numbers of magnitude 2^53 or more, where the
# open disagreements of fuzz/regressions/validators/README.md lie; long runs keep them.
export OASBIND_FUZZ_SKIP_BIG_NUMBERS=1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# target, cargo-fuzz options, libFuzzer options
targets=(
    "generate_bytes||-max_len=16384"
    "generate_structured||-max_len=4096 -len_control=0"
    "json_reader||-max_len=4096 -dict=$PWD/json.dict"
    "validators|--features validators|-max_len=4096 -dict=$PWD/json.dict"
)

started=$(date +%s)
for entry in "${targets[@]}"; do
    IFS='|' read -r target features options <<<"$entry"
    # shellcheck disable=SC2086 # word splitting of the option lists is meant
    cargo "${toolchain[@]}" fuzz build -s none "${dir[@]}" $features "$target"
done
built=$(date +%s)
echo "fuzz/ci.sh: built in $((built - started)) s"

for entry in "${targets[@]}"; do
    IFS='|' read -r target features options <<<"$entry"
    corpus="corpus/$target"
    [ -d "$corpus" ] || { echo "fuzz/ci.sh: $corpus is missing" >&2; exit 1; }
    work="$scratch/$target"
    mkdir -p "$work"
    t0=$(date +%s)
    # The committed corpus first (read-only, every input once), then fuzzing from it.
    log="$scratch/$target.log"
    # shellcheck disable=SC2086
    if ! cargo "${toolchain[@]}" fuzz run -s none "${dir[@]}" $features "$target" "$work" "$corpus" -- \
        $options -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
        -artifact_prefix="$scratch/crash-$target-" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz/ci.sh: $target failed; the input, in base64:" >&2
        for f in "$scratch"/crash-"$target"-*; do
            [ -f "$f" ] && echo "$f: $(base64 -w0 "$f")" >&2
        done
        exit 1
    fi
    grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units)' "$log" || true
    echo "fuzz/ci.sh: $target: $(($(date +%s) - t0)) s, $(ls "$corpus" | wc -l) committed inputs replayed"
done
echo "fuzz/ci.sh: every target passed; $(($(date +%s) - started)) s in all ($(($(date +%s) - built)) s running)"
