#!/usr/bin/env bash
# Schemathesis against the sandbox (`oasbind serve`) of each definition in corpus.txt.
#
#   tests/schemathesis/corpus.sh [SPEC...]     # SPEC: a line of corpus.txt (default: all)
#
# For each definition: start `oasbind serve` on a free port (its own scratch crate, so it
# does not collide with other work), wait for its "sandbox of <file>: <url>" line, run
# run.sh against that URL with a credential for each of the definition's security schemes,
# stop the sandbox, and collect the report. Exits non-zero when a definition has a failure
# (schemathesis failure code, error, warning that failed the run, sandbox that did not
# start) that corpus-known.txt does not list.
#
# Environment:
#   OASBIND                         the CLI (default: <repo>/target/debug/oasbind)
#   OASBIND_TESTDATA                the testdata dir (default: <repo>/../shared/testdata); when it
#                                   is absent the run is skipped (exit 0), unless CI=true
#   OASBIND_SERVE_WORK_DIR          the scratch crate (default: <repo>/target/oasbind-serve-corpus)
#   OASBIND_SCHEMATHESIS_EXAMPLES   --max-examples per operation (default here: 30)
#   OASBIND_SERVE_TIMEOUT           seconds to wait for a sandbox to listen (default: 900)
#   OASBIND_SERVE_ATTEMPTS          tries when the build fails in oasbind-runtime, which may be
#                                   mid-edit (default: 3, a minute apart)
#   plus run.sh's OASBIND_SCHEMATHESIS_* variables.
#
# Output in target/schemathesis/corpus/: per definition (named by its path, `/` → `_`)
# <name>.serve.log, <name>.st.log (schemathesis' output, unsanitised: the credentials are
# the sandbox's dummies), <name>.json (run report), <name>.toml (the config with the
# credentials); summary.tsv (spec, cases, failures by code, verdict).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
testdata="${OASBIND_TESTDATA:-$repo/../shared/testdata}"
oasbind="${OASBIND:-$repo/target/debug/oasbind}"
work_dir="${OASBIND_SERVE_WORK_DIR:-$repo/target/oasbind-serve-corpus}"
timeout="${OASBIND_SERVE_TIMEOUT:-900}"
attempts="${OASBIND_SERVE_ATTEMPTS:-3}"
export OASBIND_SCHEMATHESIS_EXAMPLES="${OASBIND_SCHEMATHESIS_EXAMPLES:-30}"
venv="${OASBIND_SCHEMATHESIS_VENV:-$repo/target/schemathesis-venv}"
out="$repo/target/schemathesis/corpus"
corpus="$here/corpus.txt"
known="$here/corpus-known.txt"

if [[ ! -d "$testdata" ]]; then
    echo "corpus: skipped: testdata not found at $testdata (set OASBIND_TESTDATA)"
    [[ "${CI:-}" == "true" ]] && exit 1
    exit 0
fi
testdata="$(cd "$testdata" && pwd)"
if [[ ! -x "$oasbind" ]]; then
    echo "corpus: no oasbind CLI at $oasbind (cargo build -p oasbind-cli, or set OASBIND)" >&2
    exit 2
fi

# The specs: the arguments, else every line of corpus.txt without its comment.
specs=()
if [[ $# -gt 0 ]]; then
    specs=("$@")
else
    while read -r line; do
        line="${line%%#*}"
        read -r spec _ <<<"$line"
        [[ -n "${spec:-}" ]] && specs+=("$spec")
    done <"$corpus"
fi

mkdir -p "$out" "$work_dir"
summary="$out/summary.tsv"
printf 'spec\tcases\tfailures\tverdict\n' >"$summary"

# The snippets below read YAML with the schemathesis venv's PyYAML: make the venv first.
"$here/run.sh" --install || exit 2
python="$venv/bin/python"

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The run's config: schemathesis.toml plus `[auth.openapi.<scheme>]` for every security
# scheme (the sandbox takes any credential presented and refuses missing ones with 401).
# Config rather than `-H`: an API key may travel in a query or cookie, and a definition may
# take Basic for one operation and Bearer for another.
write_config() {
    "$python" - "$1" "$here/schemathesis.toml" "$2" <<'PY'
import json, sys
spec_path, base, dest = sys.argv[1:]
text = open(spec_path, encoding="utf-8").read()
try:
    spec = json.loads(text)
except ValueError:
    import yaml
    spec = yaml.safe_load(text)
schemes = spec.get("securityDefinitions") or (spec.get("components") or {}).get("securitySchemes") or {}
lines = [open(base, encoding="utf-8").read().rstrip(), ""]
notes = []
for name, scheme in schemes.items():
    if not isinstance(scheme, dict) or "$ref" in scheme:
        notes.append(f"{name}: not resolved")
        continue
    kind = scheme.get("type")
    http = (scheme.get("scheme") or "").lower()
    if kind == "apiKey":
        entry = 'api_key = "sandbox"'
    elif kind == "basic" or (kind == "http" and http == "basic"):
        entry = 'username = "sandbox"\npassword = "sandbox"'
    elif (kind == "http" and http == "bearer") or kind in ("oauth2", "openIdConnect"):
        entry = 'bearer = "sandbox"'
    else:
        notes.append(f"{name}: {kind} {http}".rstrip() + " has no credential here")
        continue
    lines += [f"[auth.openapi.{json.dumps(name)}]", entry, ""]
open(dest, "w", encoding="utf-8").write("\n".join(lines))
for note in notes:
    print(note)
PY
}

# The failures of a run report, one `<code>` per line (with its count), plus `error`
# for errored cases and `warning:<name>` for warnings that fail the run.
failure_codes() {
    "$python" - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for f in r.get("failures", []):
    print(f["code"], f.get("count", 1))
errored = r.get("test_cases", {}).get("errored", 0) + len(r.get("errors", []))
if errored:
    print("error", errored)
for name in ("missing_auth", "base_url_mismatch"):
    if r.get("warnings", {}).get(name):
        print(f"warning:{name}", len(r["warnings"][name]))
PY
}

is_known() { # spec code
    [[ -f "$known" ]] || return 1
    grep -v '^[[:space:]]*#' "$known" | sed 's/#.*//' |
        awk -v s="$1" -v c="$2" '$1 == s && $2 == c { found = 1 } END { exit !found }'
}

sandbox_pid=""
stop_sandbox() {
    if [[ -n "$sandbox_pid" ]]; then
        # `oasbind serve` runs the sandbox as its child: stop the whole process group,
        # which setsid made for this sandbox alone.
        kill -TERM -- "-$sandbox_pid" 2>/dev/null || kill -TERM "$sandbox_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 -- "-$sandbox_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
        sandbox_pid=""
    fi
}
trap 'stop_sandbox; exit 130' INT TERM
trap stop_sandbox EXIT

# Starts the sandbox of $1 (log in $2): sets sandbox_pid and sandbox_url, or returns 1
# (2: oasbind-runtime did not compile).
sandbox_url=""
start_sandbox() {
    local port started
    port="$(free_port)"
    sandbox_url=""
    # Its own session and process group, so that stop_sandbox ends the CLI and the
    # sandbox process it starts, and nothing else.
    setsid "$oasbind" serve "$1" --port "$port" --work-dir "$work_dir" >"$2" 2>&1 </dev/null &
    sandbox_pid=$!
    started=$SECONDS
    while ((SECONDS - started < timeout)); do
        sandbox_url="$(sed -n 's/^sandbox of .*: \(http:\/\/[^ ]*\)$/\1/p' "$2" 2>/dev/null | head -n1)"
        [[ -n "$sandbox_url" ]] && return 0
        if ! kill -0 "$sandbox_pid" 2>/dev/null; then
            wait "$sandbox_pid" 2>/dev/null
            sandbox_pid=""
            grep -q 'could not compile `oasbind-runtime`' "$2" && return 2
            return 1
        fi
        sleep 1
    done
    echo "corpus: no sandbox after ${timeout}s" >>"$2"
    stop_sandbox
    return 1
}

unexpected=0
for spec in "${specs[@]}"; do
    path="$testdata/$spec"
    name="${spec//\//_}"
    name="${name%.*}"
    echo "=== $spec"
    if [[ ! -f "$path" ]]; then
        echo "corpus: $spec: not found in $testdata"
        printf '%s\t-\tmissing\tUNEXPECTED\n' "$spec" >>"$summary"
        unexpected=1
        continue
    fi
    serve_log="$out/$name.serve.log"
    st_log="$out/$name.st.log"
    config="$out/$name.toml"
    rm -f "$serve_log" "$st_log" "$out/$name.json" "$config"

    url=""
    for ((try = 1; try <= attempts; try++)); do
        start_sandbox "$path" "$serve_log"
        status=$?
        [[ $status -eq 0 ]] && { url="$sandbox_url"; break; }
        if [[ $status -eq 2 && $try -lt $attempts ]]; then
            echo "corpus: oasbind-runtime did not build (being edited?); retrying in 60s"
            sleep 60
            continue
        fi
        break
    done
    if [[ -z "$url" ]]; then
        echo "corpus: $spec: the sandbox did not start; see $serve_log"
        tail -n 20 "$serve_log" | sed 's/^/    /'
        if grep -q 'could not compile `oasbind-sandbox`' "$serve_log"; then
            echo "corpus: the generated bindings did not compile: a generator bug, or the runtime source" \
                "that $oasbind builds against (its checkout's) changed since it was built (cargo build -p oasbind-cli)"
        fi
        codes="serve"
        if is_known "$spec" serve; then verdict=known; else verdict=UNEXPECTED; unexpected=1; fi
        printf '%s\t-\t%s\t%s\n' "$spec" "$codes" "$verdict" >>"$summary"
        continue
    fi
    echo "corpus: sandbox at $url"

    notes="$(write_config "$path" "$config")"
    [[ -n "$notes" ]] && echo "$notes" | sed 's/^/corpus: scheme /'

    OASBIND_SCHEMATHESIS_CONFIG="$config" "$here/run.sh" "$path" "$url" \
        --output-sanitize false >"$st_log" 2>&1
    st_status=$?
    stop_sandbox
    tail -n 3 "$st_log" | head -n 1

    stem="$(basename "$path")"
    stem="${stem%.*}"
    report="$repo/target/schemathesis/$stem.json"
    cases="-"
    failures=()
    verdict=ok
    if [[ -f "$report" ]]; then
        cp "$report" "$out/$name.json"
        cases="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["test_cases"]["generated"])' "$report")"
        while read -r code count; do
            [[ -n "${code:-}" ]] || continue
            if is_known "$spec" "$code"; then
                failures+=("$code:$count")
            else
                failures+=("$code:$count!")
                verdict=UNEXPECTED
            fi
        done < <(failure_codes "$report")
    fi
    if [[ $st_status -ne 0 && ${#failures[@]} -eq 0 ]]; then
        # No failure to name (no report, no case generated...): the run itself failed.
        if is_known "$spec" run; then failures+=("run"); else failures+=("run!"); verdict=UNEXPECTED; fi
    fi
    [[ $verdict == UNEXPECTED ]] && unexpected=1
    [[ $verdict == ok && ${#failures[@]} -gt 0 ]] && verdict=known
    list="${failures[*]:-none}"
    echo "corpus: $spec: $cases cases; failures: $list; $verdict"
    printf '%s\t%s\t%s\t%s\n' "$spec" "$cases" "${list// /,}" "$verdict" >>"$summary"
done

echo
echo "corpus: summary ($summary; \`!\` marks a failure corpus-known.txt does not list):"
column -t -s $'\t' "$summary" 2>/dev/null || cat "$summary"
# Known failures that did not happen: the list may be out of date.
if [[ -f "$known" && $# -eq 0 ]]; then
    grep -v '^[[:space:]]*#' "$known" | sed 's/#.*//' | while read -r kspec kcode _; do
        [[ -n "${kspec:-}" ]] || continue
        if ! awk -F'\t' -v s="$kspec" -v c="$kcode" \
            '$1 == s { n = split($3, f, ","); for (i = 1; i <= n; i++) { sub(/!$/, "", f[i]); sub(/:[0-9]+$/, "", f[i]); if (f[i] == c) found = 1 } } END { exit !found }' \
            "$summary"; then
            echo "corpus: listed in corpus-known.txt but did not fail: $kspec $kcode"
        fi
    done
fi
if [[ $unexpected -ne 0 ]]; then
    echo "corpus: FAILED: failures not listed in $known"
    exit 1
fi
echo "corpus: ok"
