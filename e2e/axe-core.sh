#!/usr/bin/env bash
# Brings axe-core, the accessibility engine the browser tests inject into every page (test scope
# only: nothing of it ships), with npm's own client at the version the parent POM pins, checks the
# package's SHA-512 against the integrity pinned beside it, and unpacks axe.min.js into $3.
#   e2e/axe-core.sh 4.10.3 sha512-... e2e/target/axe-core
set -euo pipefail
version=$1 integrity=$2 target=$3
out="$target/axe.min.js"
stamp="$target/.verified-$version"
if [[ -f $stamp && -f $out ]]; then
  exit 0
fi
mkdir -p "$target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "axe-core@$version" --silent >/dev/null)
tarball=$(ls "$work"/axe-core-*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ $actual != "$integrity" ]]; then
  echo "axe-core $version: the package's integrity is $actual, not the pinned $integrity" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/axe.min.js
cp "$work/package/axe.min.js" "$out"
rm -f "$target"/.verified-*
touch "$stamp"
