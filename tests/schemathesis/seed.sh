#!/usr/bin/env bash
# schemathesis, every check, against the seed's sandbox (`oasbind serve
# schemas/rakbank/partner_auth.json`): the seed must have no failure at all.
#
#   tests/schemathesis/seed.sh
#
# Environment: OASBIND (the CLI, default <repo>/target/debug/oasbind), OASBIND_SERVE_WORK_DIR
# (the scratch crate, shared with corpus.sh: target/oasbind-serve-corpus), OASBIND_SERVE_TIMEOUT
# (seconds to wait for the sandbox to listen, default 900), and run.sh's
# OASBIND_SCHEMATHESIS_* variables (here 300 examples unless set).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
oasbind="${OASBIND:-$repo/target/debug/oasbind}"
timeout="${OASBIND_SERVE_TIMEOUT:-900}"
export OASBIND_SCHEMATHESIS_EXAMPLES="${OASBIND_SCHEMATHESIS_EXAMPLES:-300}"
spec="$repo/schemas/rakbank/partner_auth.json"
log="$repo/target/schemathesis/seed.serve.log"
mkdir -p "$(dirname "$log")"

"$here/run.sh" --install
port="$("$repo/target/schemathesis-venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# `oasbind serve` becomes the sandbox once it is built: stopping it frees the port.
"$oasbind" serve "$spec" --port "$port" --work-dir "${OASBIND_SERVE_WORK_DIR:-$repo/target/oasbind-serve-corpus}" >"$log" 2>&1 </dev/null &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true' EXIT

url=""
for _ in $(seq "$timeout"); do
    url="$(sed -n 's/^sandbox of .*: \(http:\/\/[^ ]*\)$/\1/p' "$log" | head -n1)"
    [[ -n "$url" ]] && break
    if ! kill -0 "$sandbox" 2>/dev/null; then
        echo "seed: the sandbox did not start:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    sleep 1
done
if [[ -z "$url" ]]; then
    echo "seed: the sandbox did not listen within ${timeout}s" >&2
    exit 1
fi

"$here/run.sh" "$spec" "$url" -H 'X-IBM-Client-Id: sandbox-client' -H 'X-IBM-Client-Secret: sandbox-secret'
