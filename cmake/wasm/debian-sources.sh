#!/usr/bin/env bash
# The sources the WebAssembly build compiles that Debian ships only as binaries for the host:
# yaml-cpp, from Debian's own source package (`apt-get source`), unpacked into DIR (default
# build/wasm-deps). Nothing is downloaded at build time; this runs before, from the archive only.
# A deb-src entry is added for the archive the machine already uses (Debian 12 lists only deb).
# Idempotent: does nothing when DIR/yaml-cpp already holds the sources. docs/wasm.md.
set -euo pipefail
dir=${1:-"$(cd "$(dirname "$0")/../.." && pwd)/build/wasm-deps"}
if [ -f "$dir/yaml-cpp/CMakeLists.txt" ]; then exit 0; fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
src_list=/etc/apt/sources.list.d/debian-src.sources
if ! grep -rqs "deb-src" /etc/apt/sources.list.d/ /etc/apt/sources.list; then
  # The same archive and suites as the machine's, for source packages: debian.sources (deb822,
  # Debian 12's default), else the one-line entries of sources.list.
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo tee "$src_list" >/dev/null
  else
    grep -hE '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $sudo tee /etc/apt/sources.list.d/debian-src.list >/dev/null
  fi
  $sudo apt-get update -qq
fi
mkdir -p "$dir"
cd "$dir"
rm -rf yaml-cpp yaml-cpp-*
apt-get source -qq yaml-cpp >/dev/null
mv "$(find . -maxdepth 1 -type d -name 'yaml-cpp-*' | head -1)" yaml-cpp
echo "yaml-cpp sources in $dir/yaml-cpp"
