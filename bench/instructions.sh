#!/usr/bin/env bash
# Instructions per iteration of each validation benchmark set, oasbind against the
# jsonschema crate, counted by callgrind: repeatable whatever the machine's load, where
# `cargo bench -p oasbind-bench` (wall clock) differs by up to 2x between runs here.
# Needs valgrind (Debian: valgrind). Usage: bash bench/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p oasbind-bench --example instructions
bin=target/release/examples/instructions
out=$(mktemp -d)
printf '| document set | oasbind | jsonschema | ratio |\n|---|---:|---:|---:|\n'
for set in request/valid request/invalid response/valid response/invalid catalog/valid catalog/invalid; do
  case $set in catalog/*) n=3 ;; *) n=2000 ;; esac
  declare -A count=()
  for which in oasbind jsonschema; do
    file=$out/$which.${set//\//_}
    valgrind --tool=callgrind --callgrind-out-file="$file" --toggle-collect='*measured*' \
      "$bin" "$set" "$which" "$n" >/dev/null 2>&1
    total=$(awk '/^(summary|totals):/ { print $2; exit }' "$file")
    count[$which]=$((total / n))
  done
  awk -v s="$set" -v a="${count[oasbind]}" -v b="${count[jsonschema]}" \
    'BEGIN { printf "| %s | %d | %d | %.1f× |\n", s, a, b, b / a }'
done
rm -rf "$out"
