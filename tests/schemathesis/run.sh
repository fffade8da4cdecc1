#!/usr/bin/env bash
# Run schemathesis (pinned in requirements.txt) against a running server, with every check.
#
#   tests/schemathesis/run.sh <SPEC> <BASE_URL> [extra `st run` args...]
#   tests/schemathesis/run.sh --install      # only make the venv
#
# BASE_URL replaces the schema's host *and* basePath: for a Swagger 2.0 spec with
# `basePath: /v1`, pass http://127.0.0.1:PORT/v1.
# Extra args go last and so override the defaults below, e.g.
#   -H 'X-IBM-Client-Id: sandbox' -H 'X-IBM-Client-Secret: sandbox'
#   --phases fuzzing   --mode positive   --exclude-checks ignored_auth
#
# Environment:
#   OASBIND_SCHEMATHESIS_VENV      venv location   (default: <repo>/target/schemathesis-venv)
#   OASBIND_SCHEMATHESIS_SEED      hypothesis seed (default: 1)
#   OASBIND_SCHEMATHESIS_EXAMPLES  --max-examples per operation (default: 100)
#   OASBIND_SCHEMATHESIS_PYTHON    interpreter for the venv (default: python3)
#   OASBIND_SCHEMATHESIS_CONFIG    the --config-file (default: schemathesis.toml here); one that
#                                  adds `[auth.openapi.<scheme>]` sections authenticates per
#                                  security scheme (API keys in a query or cookie too)
#
# Writes target/schemathesis/<spec-stem>.xml (JUnit) and <spec-stem>.json (run report);
# crash files for `st replay` stay in target/schemathesis/<spec-stem>.work/.
# Exits non-zero if schemathesis reports any failure or error, or generated no test case.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
requirements="$here/requirements.txt"
venv="${OASBIND_SCHEMATHESIS_VENV:-$repo/target/schemathesis-venv}"
python="${OASBIND_SCHEMATHESIS_PYTHON:-python3}"
seed="${OASBIND_SCHEMATHESIS_SEED:-1}"
examples="${OASBIND_SCHEMATHESIS_EXAMPLES:-100}"
config="${OASBIND_SCHEMATHESIS_CONFIG:-$here/schemathesis.toml}"

install_only=false
if [[ "${1:-}" == "--install" ]]; then
    install_only=true
elif [[ $# -lt 2 ]]; then
    echo "usage: $0 <SPEC> <BASE_URL> [extra st run args...] | $0 --install" >&2
    exit 2
fi

# --- venv: (re)build when missing, broken, or requirements.txt changed -------------
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
stamp="$venv/.requirements.sha256"

venv_ok() {
    [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
        && "$venv/bin/python" -c 'import schemathesis' 2>/dev/null \
        && [[ -x "$venv/bin/st" ]]
}

mkdir -p "$(dirname "$venv")"
# Serialise concurrent runs around the install (flock is util-linux; skip if absent).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$venv.lock"
    flock 9
fi
if ! venv_ok; then
    echo "schemathesis: installing $requirements into $venv" >&2
    started=$SECONDS
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q \
        --no-deps -r "$requirements"
    "$venv/bin/python" -m pip check --disable-pip-version-check
    echo "$want" >"$stamp"
    echo "schemathesis: installed in $((SECONDS - started))s" >&2
fi
if command -v flock >/dev/null 2>&1; then
    exec 9>&-
fi
$install_only && exit 0
spec="$1"
base_url="$2"
shift 2

# --- run -------------------------------------------------------------------------
# Make local paths absolute: st runs from a scratch directory (below).
config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
if [[ -e "$spec" ]]; then
    spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"
fi
stem="$(basename "$spec")"
stem="${stem%.*}"
out="$repo/target/schemathesis"
junit="$out/$stem.xml"
json="$out/$stem.json"
# st writes .hypothesis/ and .schemathesis/ (crash files, a request cache that is
# replayed by the next run) into its working directory: give it a fresh one per run,
# so runs do not depend on each other and the repo stays clean.
work="$out/$stem.work"
mkdir -p "$out"
rm -rf "$work" "$junit" "$json"
mkdir -p "$work"

cmd=(
    "$venv/bin/st" --config-file "$config" --no-color
    run "$spec"
    --url "$base_url"
    --checks all
    --mode all
    --phases examples,coverage,fuzzing,stateful
    --seed "$seed"
    --max-examples "$examples"
    --workers 1
    --generation-database none
    --continue-on-failure
    --report junit,json
    --report-junit-path "$junit"
    --report-json-path "$json"
    "$@"
)
printf 'schemathesis: running:' >&2
printf ' %q' "${cmd[@]}" >&2
printf '\n' >&2

status=0
(cd "$work" && "${cmd[@]}") || status=$?

# --- summary: number of generated test cases, from the JSON run report --------------
if [[ -f "$json" ]]; then
    summary="$("$venv/bin/python" - "$json" "$stem" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
cases = report.get("test_cases", {})
ops = report.get("operations", {})
print(cases.get("generated", 0))
print(
    f"schemathesis: {sys.argv[2]}: {cases.get('generated', 0)} test cases generated"
    f" ({ops.get('tested', 0)}/{ops.get('selected', 0)} operations tested),"
    f" {cases.get('with_failures', 0)} with failures,"
    f" {cases.get('unique_failures', 0)} unique failures,"
    f" {cases.get('errored', 0)} errored"
)
PY
)" || summary=$'0\nschemathesis: could not read the run report '"$json"
    generated="${summary%%$'\n'*}"
    echo "${summary#*$'\n'}"
    if [[ "$status" -eq 0 && "$generated" -eq 0 ]]; then
        echo "schemathesis: no test case was generated; failing the run"
        status=1
    fi
else
    echo "schemathesis: no run report at $json (st exited $status)"
    [[ "$status" -ne 0 ]] || status=1
fi
echo "schemathesis: reports: $junit $json"
echo "schemathesis: exit code $status"
exit "$status"
