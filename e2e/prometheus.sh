#!/usr/bin/env bash
# Builds a pinned Prometheus server from its Go module (like cluster.sh builds the control plane)
# into the e2e binary cache, for PrometheusDashboardIT. Prints the binary's path on stdout.
#   e2e/prometheus.sh build   build if missing (no-op when cached), print the path
#   e2e/prometheus.sh path    print the path it would have (does not build)
# Built with -tags remove_all_sd (only static scrape targets: no cloud SDKs to compile) and
# without the builtinassets tag (no web UI: the IT uses only the HTTP API).
set -euo pipefail

PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-v0.316.0}"  # github.com/prometheus/prometheus (Prometheus 3.16.0)
CACHE_ROOT="${PORTOLAN_E2E_CACHE:-${HOME:-/root}/.cache/portolan-e2e}"
CACHE_DIR="${CACHE_ROOT}/prometheus-${PROMETHEUS_VERSION}"
BIN="${CACHE_DIR}/bin/prometheus"

log() { printf '[prometheus.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[prometheus.sh] ERROR: %s\n' "$*" >&2; exit 1; }

build() {
  if [[ -x "$BIN" ]]; then echo "$BIN"; return 0; fi
  command -v go >/dev/null 2>&1 || die "'go' is required to build Prometheus"
  export CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  mkdir -p "$CACHE_DIR"
  exec 9>"${CACHE_DIR}/.build.lock"
  flock 9
  if [[ -x "$BIN" ]]; then echo "$BIN"; return 0; fi
  local t0 work out
  t0=$(date +%s)
  work="${CACHE_DIR}/src"; out="${CACHE_DIR}/out"
  rm -rf "$work" "$out"; mkdir -p "$work" "$out"
  printf 'module portolan.dev/e2e/prometheus-build\n\ngo 1.26.7\n\nrequire github.com/prometheus/prometheus %s\n' \
    "$PROMETHEUS_VERSION" >"$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/prometheus/prometheus/cmd/prometheus"\n' >"$work/tools.go"
  log "wrapper module for github.com/prometheus/prometheus@${PROMETHEUS_VERSION}; downloading modules"
  (cd "$work" && go mod tidy) || die "go mod tidy failed in $work"
  log "compiling cmd/prometheus (-tags remove_all_sd; slow on a cold cache)"
  (cd "$work" && go build -trimpath -tags remove_all_sd \
      -ldflags "-s -w -X github.com/prometheus/common/version.Version=${PROMETHEUS_VERSION}" \
      -o "$out/prometheus" github.com/prometheus/prometheus/cmd/prometheus) \
    || die "building Prometheus ${PROMETHEUS_VERSION} failed"
  mkdir -p "$(dirname "$BIN")"; mv -f "$out/prometheus" "$BIN"; rm -rf "$out" "$work"
  log "built in $(( $(date +%s) - t0 ))s: $BIN"
  echo "$BIN"
}

case "${1:-build}" in
  build) build ;;
  path) echo "$BIN" ;;
  *) die "usage: e2e/prometheus.sh build|path" ;;
esac
