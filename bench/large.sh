#!/usr/bin/env bash
# The large-definition benchmark: oasbind against typify and progenitor on GitHub's,
# Stripe's and Kubernetes' definitions. Generation time and peak memory (median of 3),
# and `cargo check` / `cargo build` time of each output. Writes docs/bench-large.md.
#
#   bash bench/large.sh [--runs N] [--only github,stripe,kubernetes] [--no-compile] [--out FILE]
#                       [--before REV]
#
# --before REV measures oasbind as it was at commit REV in the same run (built in release
# from a git worktree under target/bench-large/before) and adds a "Before and after" table.
#
# A partial run (--only, --no-compile) still writes docs/bench-large.md unless --out says
# otherwise. After changing only the report's wording, re-render the last run with
#   target/release/oasbind-bench-large render target/bench-large docs/bench-large.md
#
# Takes long (tens of minutes: the outputs are hundreds of thousands of lines); it is not a
# test and CI does not run it. Test data: $OASBIND_TESTDATA (default ../shared/testdata
# beside the repository root), folder specs/large/. Tools: cargo-typify and cargo-progenitor
# from crates.io, installed once into target/bench-large/tools (reused afterwards).
# Scratch files, logs and raw numbers: target/bench-large/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

testdata="${OASBIND_TESTDATA:-$repo/../shared/testdata}"
specs="$testdata/specs/large"
for f in api.github.com.json stripe.com.json kubernetes-1.13.swagger.json; do
    if [ ! -f "$specs/$f" ]; then
        echo "error: $specs/$f not found (set OASBIND_TESTDATA to the shared test data)" >&2
        exit 2
    fi
done
for tool in /usr/bin/time timeout; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install time coreutils)" >&2; exit 2; }
done

target="${CARGO_TARGET_DIR:-$repo/target}"
work="$target/bench-large"
tools="$work/tools"
mkdir -p "$work"

# The peers, from crates.io, into a directory of their own (kept between runs).
if [ ! -x "$tools/bin/cargo-typify" ] || [ ! -x "$tools/bin/cargo-progenitor" ]; then
    echo "installing cargo-typify and cargo-progenitor into $tools" >&2
    cargo install --locked --root "$tools" cargo-typify cargo-progenitor
fi

# The baseline of a before/after run, built from a worktree at that commit.
args=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--before" ]; then
        [ $# -ge 2 ] || { echo "error: --before needs a commit" >&2; exit 2; }
        rev="$(git rev-parse --short "$2^{commit}")"
        src="$work/before/src"
        git worktree remove --force "$src" 2>/dev/null || rm -rf "$src"
        git worktree prune
        git worktree add --detach "$src" "$rev" >&2
        # The CLI is its own package (oasbind-cli) since the fidelity checker became a crate.
        package=oasbind
        [ -f "$src/generator/cli/Cargo.toml" ] && package=oasbind-cli
        CARGO_TARGET_DIR="$work/before/target" cargo build --release --manifest-path "$src/Cargo.toml" -p "$package"
        cp "$work/before/target/release/oasbind" "$work/oasbind-before"
        git worktree remove --force "$src"
        args+=(--baseline "$work/oasbind-before" --baseline-rev "$rev")
        shift 2
    else
        args+=("$1")
        shift
    fi
done

# oasbind as it is in this work tree, and the driver. The binary is copied so that a
# concurrent build cannot replace it during the run.
cargo build --release -p oasbind-cli -p oasbind-bench-large
cp "$target/release/oasbind" "$work/oasbind"

exec "$target/release/oasbind-bench-large" \
    --oasbind "$work/oasbind" \
    --typify "$tools/bin/cargo-typify" \
    --progenitor "$tools/bin/cargo-progenitor" \
    --specs "$specs" \
    --work "$work" \
    --out "$repo/docs/bench-large.md" \
    ${args[@]+"${args[@]}"}
