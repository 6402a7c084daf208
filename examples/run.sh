#!/usr/bin/env bash
# README's first command: installs dependencies, builds libaudit and audits every bundled example.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash .ci/install-deps || exit 1
cmake --preset release >/dev/null && cmake --build build/release || exit 1
bin="$root/build/release/cli/libaudit"
for dir in examples/grad/*/; do
  name=$(basename "$dir")
  [ -f "$dir/args" ] || continue
  # Each example folder holds `args`: the arguments of `libaudit check` for that case.
  read -r -a args < "$dir/args"
  echo "=== examples/grad/$name: libaudit ${args[*]}"
  "$bin" "${args[@]}"
  echo "(exit code $?)"
  echo
done
