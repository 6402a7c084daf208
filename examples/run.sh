#!/usr/bin/env bash
# README's first command: installs dependencies, builds libaudit and audits every bundled example
# listed in examples/*/expected.tsv, printing each report and its exit code.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash .ci/install-deps || exit 1
cmake --preset release >/dev/null && cmake --build build/release || exit 1
bin="$root/build/release/cli/libaudit"
for table in examples/*/expected.tsv; do
  folder="$(dirname "$table")"
  while IFS=$'\t' read -r case expected status flags args; do
    case "$case" in "#"*|"") continue ;; esac
    args="${args//\$E/$folder}"
    read -r -a argv <<< "$args"
    echo "=== example $folder $case: libaudit check $args"
    "$bin" check "${argv[@]}"
    echo "(exit code $?, documented: $expected $status)"
    echo
  done < "$table"
done
# A whole staff at once: the in-service hours summary per teacher (IDs masked).
echo "=== libaudit batch rules/tw-inservice/counselling.yaml (examples/hours/counselling)"
"$bin" batch rules/tw-inservice/counselling.yaml --records examples/hours/counselling/sessions.csv \
  --profiles examples/hours/counselling/teachers.csv --as-of 2026-07-31 --format csv
