#!/usr/bin/env bash
# Portolan real-cluster harness: builds a Kubernetes control plane from Go modules
# and runs it on loopback. See e2e/README.md and `e2e/cluster.sh --help`.
set -euo pipefail

# ---- pinned versions ---------------------------------------------------------
K8S_VERSION="${K8S_VERSION:-v1.34.4}"      # k8s.io/kubernetes
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"    # go.etcd.io/etcd/server/v3
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"     # sigs.k8s.io/kwok
HELM_VERSION="${HELM_VERSION:-v3.19.5}"    # helm.sh/helm/v3 (the `helm` on `env`'s PATH)

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${PORTOLAN_E2E_CACHE:-${HOME:-/root}/.cache/portolan-e2e}"
CACHE_DIR="${CACHE_ROOT}/${K8S_VERSION}-${ETCD_VERSION}-${KWOK_VERSION}"
BIN_DIR="${CACHE_DIR}/bin"
STATE_DIR="${PORTOLAN_E2E_DIR:-/tmp/portolan-e2e}"
STAGES_FILE="${PORTOLAN_E2E_STAGES:-${SCRIPT_DIR}/kwok-stages.yaml}"
NODE_NAME="kwok-node-0"
SERVICE_CIDR="10.96.0.0/12"
SERVICE_IP="10.96.0.1"          # first address of SERVICE_CIDR: the `kubernetes` Service
START_TIMEOUT="${PORTOLAN_E2E_START_TIMEOUT:-180}"

K8S_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
# The real node's agents, from the same k8s.io/kubernetes wrapper module (a second, short go build).
NODE_BINARIES=(kubelet kube-proxy)
ALL_BINARIES=("${K8S_BINARIES[@]}" "${NODE_BINARIES[@]}" etcd kwok helm)

# ---- helpers -----------------------------------------------------------------
log()  { printf '[cluster.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '[cluster.sh] ERROR: %s\n' "$*" >&2; exit 1; }
now()  { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }'; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required but not on PATH"; }

usage() {
  cat <<USAGE
Usage: e2e/cluster.sh <command>

Commands:
  build    Build kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
           (k8s.io/kubernetes ${K8S_VERSION}), etcd (${ETCD_VERSION}) and kwok
           (${KWOK_VERSION}) with the local Go toolchain into
           ${BIN_DIR}
           (no-op when all binaries are already there).
  start    Start etcd, the control plane and kwok on 127.0.0.1 (state in
           ${STATE_DIR}), and, as root with containerd, runc and the CNI plugins
           installed, the real node ${REAL_NODE_NAME} (kubelet, kube-proxy, containerd)
           on bridge ${BRIDGE} (${BRIDGE_IP}, which the API server then listens on);
           wait until the API is ready, the nodes are Ready and ServiceAccount
           default/default exists. Builds first if needed.
  stop     Stop everything 'start' started, undo what the real node changed on the
           host, and remove the state dir (safe to repeat).
  import-image TAR...  Import docker-archive/OCI image tars into the real node's containerd.
  use-real-node NS...  Create (or annotate) namespaces whose Pods run on the real node.
  leftovers  List what a real node left on the host (nothing after a clean stop).
  status   Show whether the cluster is running, its ports and pids.
  env      Print 'export KUBECONFIG=...' and 'export PATH=...' lines (eval them).
  smoke    Run a quick end-to-end check against the running cluster.

Environment:
  PORTOLAN_E2E_CACHE   cache root for binaries (default \$HOME/.cache/portolan-e2e)
  PORTOLAN_E2E_DIR     state dir: certs, data, logs, pids, kubeconfig (default /tmp/portolan-e2e)
  PORTOLAN_E2E_START_TIMEOUT  seconds to wait for readiness (default 180)
  PORTOLAN_E2E_REAL_NODE  1: require the real node, 0: kwok only, auto (default): when possible
USAGE
}

# ---- build -------------------------------------------------------------------
go_env() {
  # Pure-Go, reproducible, never tries to fetch another toolchain.
  export CGO_ENABLED=0 GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
}

have_binaries() {
  local b
  for b in "$@"; do [[ -x "${BIN_DIR}/$b" ]] || return 1; done
}

# build_kubernetes BINARY...: the named cmd/ binaries of k8s.io/kubernetes in one go build.
build_kubernetes() {
  local t0 work out gomod staging pkgs=() b ld pkg bins=("$@")
  t0=$(now)
  work="${CACHE_DIR}/src/kubernetes"; out="${CACHE_DIR}/out-k8s"
  rm -rf "$work" "$out"; mkdir -p "$work" "$out"
  log "k8s: resolving k8s.io/kubernetes@${K8S_VERSION}"
  gomod=$(cd "$work" && go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" \
            | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [[ -n "$gomod" && -f "$gomod" ]] || die "could not download k8s.io/kubernetes@${K8S_VERSION}"
  # Every k8s.io/* staging module that kubernetes' go.mod requires at exactly v0.0.0.
  staging=$(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" { print $1 }' "$gomod" | sort -u)
  [[ -n "$staging" ]] || die "found no staging modules in $gomod"
  {
    echo "module portolan.dev/e2e/kubernetes-build"
    echo
    echo "go 1.24.0"
    echo
    echo "require k8s.io/kubernetes ${K8S_VERSION}"
    echo
    echo "replace ("
    local m
    for m in $staging; do echo "	$m => $m v0.${K8S_VERSION#v1.}"; done
    echo ")"
  } >"$work/go.mod"
  {
    echo "//go:build tools"
    echo
    echo "package tools"
    echo
    echo "import ("
    for b in "${bins[@]}"; do echo "	_ \"k8s.io/kubernetes/cmd/$b\""; done
    echo ")"
  } >"$work/tools.go"
  log "k8s: wrapper module with $(wc -w <<<"$staging") staging replaces; downloading modules"
  (cd "$work" && go mod tidy) || die "go mod tidy failed in $work"
  log "k8s: modules ready after $(elapsed "$t0")"
  local major minor
  major=${K8S_VERSION#v}; major=${major%%.*}
  minor=${K8S_VERSION#v*.}; minor=${minor%%.*}
  ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor}"
    ld+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=1970-01-01T00:00:00Z"
  done
  for b in "${bins[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  log "k8s: compiling ${bins[*]} (one go build; slow on a cold cache)"
  (cd "$work" && go build -trimpath -ldflags "$ld" -o "$out/" "${pkgs[@]}") \
    || die "building Kubernetes ${K8S_VERSION} failed"
  mkdir -p "$BIN_DIR"
  for b in "${bins[@]}"; do mv -f "$out/$b" "$BIN_DIR/$b"; done
  rm -rf "$out"
  log "k8s: ${bins[*]} done in $(elapsed "$t0")"
}

build_etcd() {
  local t0 work out
  t0=$(now)
  work="${CACHE_DIR}/src/etcd"; out="${CACHE_DIR}/out-etcd"
  rm -rf "$work" "$out"; mkdir -p "$work" "$out"
  printf 'module portolan.dev/e2e/etcd-build\n\ngo 1.24.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
    "$ETCD_VERSION" >"$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$work/tools.go"
  log "etcd: wrapper module for go.etcd.io/etcd/server/v3@${ETCD_VERSION}; downloading modules"
  (cd "$work" && go mod tidy) || die "go mod tidy failed in $work"
  log "etcd: compiling"
  (cd "$work" && go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3) \
    || die "building etcd ${ETCD_VERSION} failed"
  mkdir -p "$BIN_DIR"; mv -f "$out/etcd" "$BIN_DIR/etcd"; rm -rf "$out"
  log "etcd: done in $(elapsed "$t0")"
}

build_kwok() {
  local t0 out
  t0=$(now)
  out="${CACHE_DIR}/out-kwok"; rm -rf "$out"; mkdir -p "$out"
  log "kwok: go install sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
  (cd "$out" && GOBIN="$out" go install -trimpath \
      -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" \
      "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}") || die "building kwok ${KWOK_VERSION} failed"
  mkdir -p "$BIN_DIR"; mv -f "$out/kwok" "$BIN_DIR/kwok"; rm -rf "$out"
  log "kwok: done in $(elapsed "$t0")"
}

build_helm() {
  local t0 out
  t0=$(now)
  out="${CACHE_DIR}/out-helm"; rm -rf "$out"; mkdir -p "$out"
  log "helm: go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
  (cd "$out" && GOBIN="$out" go install -trimpath \
      -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION} -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
      "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}") || die "building helm ${HELM_VERSION} failed"
  mkdir -p "$BIN_DIR"; mv -f "$out/helm" "$BIN_DIR/helm"; rm -rf "$out"
  log "helm: done in $(elapsed "$t0")"
}

cmd_build() {
  local t0; t0=$(now)
  if have_binaries "${ALL_BINARIES[@]}"; then
    log "all binaries present in ${BIN_DIR}"
    return 0
  fi
  need go
  go_env
  # One build per cache dir at a time (parallel CI jobs, or start racing build).
  mkdir -p "$CACHE_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${CACHE_DIR}/.build.lock"
    flock 9
    if have_binaries "${ALL_BINARIES[@]}"; then
      log "all binaries present in ${BIN_DIR} (built by a concurrent run)"
      return 0
    fi
  fi
  log "building into ${BIN_DIR} with $(go version | awk '{print $3}') (CGO_ENABLED=0)"
  have_binaries etcd || build_etcd
  have_binaries kwok || build_kwok
  have_binaries "${K8S_BINARIES[@]}" || build_kubernetes "${K8S_BINARIES[@]}"
  have_binaries "${NODE_BINARIES[@]}" || build_kubernetes "${NODE_BINARIES[@]}"
  have_binaries helm || build_helm
  rm -rf "${CACHE_DIR}/src"
  log "build finished in $(elapsed "$t0")"
}

# ---- state layout ------------------------------------------------------------
PKI_DIR="${STATE_DIR}/pki"
LOG_DIR="${STATE_DIR}/logs"
PID_DIR="${STATE_DIR}/pids"
KUBECONFIG_FILE="${STATE_DIR}/kubeconfig"
PORTS_FILE="${STATE_DIR}/ports.env"
MARKER="${STATE_DIR}/.portolan-e2e"
# Start order; stop goes the other way. The real node's (real-node.sh) come after these.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
# shellcheck source=e2e/real-node.sh
source "${SCRIPT_DIR}/real-node.sh"
# The API server's address: the real node's bridge address when it runs (Pods reach it there
# through the kubernetes Service), 127.0.0.1 otherwise. Set by start, read back from ports.env.
API_HOST="127.0.0.1"
REAL_NODE=0

kc() { "${BIN_DIR}/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

pid_of() { local f="${PID_DIR}/$1.pid"; [[ -f "$f" ]] && cat "$f"; }

# True when the pid recorded for a component is alive and still runs our binary.
component_alive() {
  local pid exe
  pid=$(pid_of "$1") || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [[ "$exe" == *"/$1" || "$exe" == *"/$1 (deleted)" ]]
}

running_components() {
  echo "${COMPONENTS[@]}"
  if [[ "${REAL_NODE:-0}" == 1 ]]; then echo "${NODE_COMPONENTS[@]}"; fi
}

all_alive() {
  local c
  load_ports || true
  for c in $(running_components); do component_alive "$c" || return 1; done
}

any_pidfile() { compgen -G "${PID_DIR}/*.pid" >/dev/null 2>&1; }

# Ports with a listening TCP socket (IPv4 and IPv6), one per line, decimal.
listening_ports() {
  local hex
  awk 'FNR > 1 && $4 == "0A" { n = split($2, a, ":"); print a[n] }' \
      /proc/net/tcp /proc/net/tcp6 2>/dev/null \
    | while read -r hex; do echo $(( 16#$hex )); done | sort -un
}

# pick_ports N: N distinct free ports below the kernel's ephemeral range.
pick_ports() {
  local n=$1 used chosen=() p tries=0
  used=" $(listening_ports | tr '\n' ' ') "
  p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 10000 ))
  while (( ${#chosen[@]} < n )); do
    (( ++tries < 5000 )) || die "could not find $n free ports"
    p=$(( p >= 31999 ? 20000 : p + 1 ))
    [[ "$used" == *" $p "* ]] && continue
    chosen+=("$p")
  done
  echo "${chosen[*]}"
}

# ---- PKI -------------------------------------------------------------------------
# new_key FILE rsa|ec
new_key() {
  if [[ "$2" == rsa ]]; then
    openssl genrsa -traditional -out "$1" 2048 2>/dev/null
  else
    openssl ecparam -name prime256v1 -genkey -noout -out "$1"
  fi
  chmod 600 "$1"
}

# sign NAME SUBJECT EXTENSIONS KEYTYPE: key + cert signed by the cluster CA.
sign() {
  local name=$1 subj=$2 ext=$3 type=$4
  new_key "${PKI_DIR}/${name}.key" "$type"
  openssl req -new -key "${PKI_DIR}/${name}.key" -subj "$subj" -out "${PKI_DIR}/${name}.csr" 2>/dev/null
  printf '%s\n' "$ext" >"${PKI_DIR}/${name}.ext"
  local ca="${CA_NAME:-ca}"
  openssl x509 -req -in "${PKI_DIR}/${name}.csr" -CA "${PKI_DIR}/${ca}.crt" -CAkey "${PKI_DIR}/${ca}.key" \
    -CAcreateserial -days 30 -sha256 -extfile "${PKI_DIR}/${name}.ext" \
    -out "${PKI_DIR}/${name}.crt" 2>/dev/null
  rm -f "${PKI_DIR}/${name}.csr" "${PKI_DIR}/${name}.ext"
}

gen_pki() {
  mkdir -p "$PKI_DIR"
  new_key "${PKI_DIR}/ca.key" ec
  openssl req -x509 -new -key "${PKI_DIR}/ca.key" -subj "/CN=portolan-e2e-ca" -days 30 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "${PKI_DIR}/ca.crt" 2>/dev/null
  local client="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  sign apiserver "/CN=kube-apiserver" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:${SERVICE_IP},IP:${BRIDGE_IP},DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" ec
  # The admin key is RSA (PKCS#1): every Java Kubernetes client reads that.
  sign admin "/O=system:masters/CN=portolan-e2e-admin" "$client" rsa
  sign controller-manager "/CN=system:kube-controller-manager" "$client" ec
  sign scheduler "/CN=system:kube-scheduler" "$client" ec
  sign kwok "/O=system:masters/CN=kwok-controller" "$client" ec
  # Front proxy (aggregation layer): its own CA, as kubeadm does.
  new_key "${PKI_DIR}/front-proxy-ca.key" ec
  openssl req -x509 -new -key "${PKI_DIR}/front-proxy-ca.key" -subj "/CN=portolan-e2e-front-proxy-ca" \
    -days 30 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "${PKI_DIR}/front-proxy-ca.crt" 2>/dev/null
  CA_NAME=front-proxy-ca sign front-proxy-client "/CN=front-proxy-client" "$client" ec
  # Service-account token signing pair (ES256).
  new_key "${PKI_DIR}/sa.key" ec
  openssl ec -in "${PKI_DIR}/sa.key" -pubout -out "${PKI_DIR}/sa.pub" 2>/dev/null
  rm -f "${PKI_DIR}"/*.srl
}

# write_kubeconfig FILE CERT_NAME
write_kubeconfig() {
  local b64="base64 -w0"
  cat >"$1" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: portolan-e2e
  cluster:
    server: https://${API_HOST}:${API_PORT}
    certificate-authority-data: $($b64 <"${PKI_DIR}/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $($b64 <"${PKI_DIR}/$2.crt")
    client-key-data: $($b64 <"${PKI_DIR}/$2.key")
contexts:
- name: portolan-e2e
  context:
    cluster: portolan-e2e
    user: $2
    namespace: default
current-context: portolan-e2e
KCFG
  chmod 600 "$1"
}

# ---- processes -----------------------------------------------------------------
# launch NAME ARGS...: run a binary in its own session/process group, detached
# from the caller's terminal, output to logs/NAME.log, pid to pids/NAME.pid.
# Descriptors 7 (the script's stderr) and 9 (the build lock) are closed for it: a process that
# kept them would hold the caller's pipe open (`cluster.sh start 2>&1 | tail` would never end).
launch() {
  local name=$1; shift
  launch_bin "$name" "${BIN_DIR}/${name}" "$@"
}

launch_bin() { # NAME PATH ARGS...
  local name=$1 path=$2; shift 2
  setsid "$path" "$@" </dev/null >"${LOG_DIR}/${name}.log" 2>&1 7>&- 9>&- &
  echo $! >"${PID_DIR}/${name}.pid"
}

load_ports() {
  [[ -f "$PORTS_FILE" ]] || return 1
  # shellcheck disable=SC1090
  source "$PORTS_FILE"
}

start_failed() {
  local c
  printf '[cluster.sh] ERROR: start failed: %s\n' "$1" >&2
  for c in $(running_components); do
    [[ -f "${LOG_DIR}/$c.log" ]] || continue
    component_alive "$c" && continue
    printf '\n---- last lines of %s (not running) ----\n' "${LOG_DIR}/$c.log" >&2
    tail -n 25 "${LOG_DIR}/$c.log" >&2 || true
  done
  if [[ -n "${PORTOLAN_E2E_KEEP_FAILED:-}" ]]; then
    log "PORTOLAN_E2E_KEEP_FAILED set: leaving processes and ${STATE_DIR} for inspection"
  else
    # Keep the logs of a failed start next to the state dir for CI artifacts.
    rm -rf "${STATE_DIR}.failed-logs"; cp -r "$LOG_DIR" "${STATE_DIR}.failed-logs" 2>/dev/null || true
    cmd_stop >/dev/null 2>&1 || true
    log "logs kept in ${STATE_DIR}.failed-logs"
  fi
  exit 1
}

# wait_until DESCRIPTION COMMAND...: poll until COMMAND succeeds, every component
# is alive, or the start deadline passes.
wait_until() {
  local what=$1; shift
  local c
  while true; do
    "$@" >/dev/null 2>&1 && return 0
    for c in "${STARTED[@]}"; do
      component_alive "$c" || start_failed "$c exited while waiting for $what"
    done
    (( SECONDS < DEADLINE )) || start_failed "timed out after ${START_TIMEOUT}s waiting for $what"
    sleep 0.2
  done
}

node_ready() {
  [[ "$(kc get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

# ---- start ---------------------------------------------------------------------
cmd_start() {
  local t0
  t0=$(now)
  if any_pidfile; then
    if all_alive; then
      load_ports || true
      log "already running (API https://${API_HOST}:${API_PORT:-?}); kubeconfig: ${KUBECONFIG_FILE}"
      return 0
    fi
    log "found a partly running cluster in ${STATE_DIR}; stopping it first"
    cmd_stop
  fi
  need openssl; need setsid; need base64
  have_binaries "${ALL_BINARIES[@]}" || cmd_build
  [[ -f "$STAGES_FILE" ]] || die "kwok stages file not found: $STAGES_FILE"
  if [[ -e "$STATE_DIR" && ! -f "$MARKER" ]]; then
    [[ -d "$STATE_DIR" && -z "$(ls -A "$STATE_DIR")" ]] \
      || die "${STATE_DIR} exists and was not made by this script; remove it or set PORTOLAN_E2E_DIR"
  fi
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR" "$PKI_DIR" "$LOG_DIR" "$PID_DIR" "${STATE_DIR}/etcd"
  chmod 700 "$STATE_DIR" "${STATE_DIR}/etcd"
  touch "$MARKER"
  rm -rf "${STATE_DIR}.failed-logs"

  REAL_NODE=0; API_HOST=127.0.0.1
  if real_node_wanted; then REAL_NODE=1; API_HOST=$BRIDGE_IP; fi
  read -r ETCD_PORT ETCD_PEER_PORT API_PORT KCM_PORT SCHED_PORT KUBELET_PORT KUBELET_HEALTHZ_PORT \
    PROXY_HEALTHZ_PORT PROXY_METRICS_PORT <<<"$(pick_ports 9)"
  cat >"$PORTS_FILE" <<PORTS
ETCD_PORT=${ETCD_PORT}
ETCD_PEER_PORT=${ETCD_PEER_PORT}
API_PORT=${API_PORT}
KCM_PORT=${KCM_PORT}
SCHED_PORT=${SCHED_PORT}
API_HOST=${API_HOST}
REAL_NODE=${REAL_NODE}
KUBELET_PORT=${KUBELET_PORT}
KUBELET_HEALTHZ_PORT=${KUBELET_HEALTHZ_PORT}
PROXY_HEALTHZ_PORT=${PROXY_HEALTHZ_PORT}
PROXY_METRICS_PORT=${PROXY_METRICS_PORT}
PORTS
  gen_pki
  if [[ "$REAL_NODE" == 1 ]]; then
    real_node_pki
    real_node_record_host
    real_node_network_up
  fi
  write_kubeconfig "$KUBECONFIG_FILE" admin
  write_kubeconfig "${STATE_DIR}/controller-manager.kubeconfig" controller-manager
  write_kubeconfig "${STATE_DIR}/scheduler.kubeconfig" scheduler
  write_kubeconfig "${STATE_DIR}/kwok.kubeconfig" kwok
  log "certificates and kubeconfigs ready ($(elapsed "$t0")); ports: etcd ${ETCD_PORT}, apiserver ${API_PORT}"

  DEADLINE=$(( SECONDS + START_TIMEOUT ))
  STARTED=()
  # fd 7 is the script's stderr: a trap can fire inside a command whose output is discarded.
  trap 'start_failed "interrupted" 2>&7' INT TERM
  local etcd_url="http://127.0.0.1:${ETCD_PORT}" peer_url="http://127.0.0.1:${ETCD_PEER_PORT}"
  launch etcd \
    --name=portolan-e2e --data-dir="${STATE_DIR}/etcd" \
    --listen-client-urls="$etcd_url" --advertise-client-urls="$etcd_url" \
    --listen-peer-urls="$peer_url" --initial-advertise-peer-urls="$peer_url" \
    --initial-cluster="portolan-e2e=${peer_url}" --initial-cluster-state=new \
    --unsafe-no-fsync=true --log-level=warn
  STARTED+=(etcd)

  local endpoints=(--endpoint-reconciler-type=none) # Endpoints may not hold a loopback address
  if [[ "$REAL_NODE" == 1 ]]; then
    # The kubernetes Service's endpoint is the bridge address, which Pods reach through kube-proxy.
    # Pods in namespaces annotated for it (see use-real-node) get the real node's nodeSelector
    # and toleration from the PodNodeSelector and PodTolerationRestriction admission plugins.
    endpoints=(--endpoint-reconciler-type=lease
      --kubelet-client-certificate="${PKI_DIR}/apiserver-kubelet-client.crt"
      --kubelet-client-key="${PKI_DIR}/apiserver-kubelet-client.key"
      --kubelet-certificate-authority="${PKI_DIR}/ca.crt"
      --kubelet-preferred-address-types=InternalIP
      --enable-admission-plugins=PodNodeSelector,PodTolerationRestriction)
  fi
  launch kube-apiserver \
    --bind-address="$API_HOST" --advertise-address="$API_HOST" --secure-port="$API_PORT" \
    --etcd-servers="$etcd_url" \
    --cert-dir="${PKI_DIR}/apiserver-generated" \
    --tls-cert-file="${PKI_DIR}/apiserver.crt" --tls-private-key-file="${PKI_DIR}/apiserver.key" \
    --client-ca-file="${PKI_DIR}/ca.crt" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI_DIR}/sa.pub" \
    --service-account-signing-key-file="${PKI_DIR}/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --requestheader-client-ca-file="${PKI_DIR}/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="${PKI_DIR}/front-proxy-client.crt" \
    --proxy-client-key-file="${PKI_DIR}/front-proxy-client.key" \
    "${endpoints[@]}" \
    --allow-privileged=true --profiling=false --v=1
  STARTED+=(kube-apiserver)
  wait_until "kube-apiserver /readyz" kc get --raw /readyz
  log "kube-apiserver ready ($(elapsed "$t0"))"

  local common=(--bind-address=127.0.0.1 --leader-elect=false --profiling=false)
  launch kube-controller-manager "${common[@]}" --secure-port="$KCM_PORT" \
    --kubeconfig="${STATE_DIR}/controller-manager.kubeconfig" \
    --authentication-kubeconfig="${STATE_DIR}/controller-manager.kubeconfig" \
    --authorization-kubeconfig="${STATE_DIR}/controller-manager.kubeconfig" \
    --cert-dir="${PKI_DIR}/controller-manager-generated" \
    --service-account-private-key-file="${PKI_DIR}/sa.key" \
    --root-ca-file="${PKI_DIR}/ca.crt" \
    --use-service-account-credentials=true \
    --cluster-signing-cert-file="${PKI_DIR}/ca.crt" --cluster-signing-key-file="${PKI_DIR}/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --v=1
  STARTED+=(kube-controller-manager)
  launch kube-scheduler "${common[@]}" --secure-port="$SCHED_PORT" \
    --kubeconfig="${STATE_DIR}/scheduler.kubeconfig" \
    --authentication-kubeconfig="${STATE_DIR}/scheduler.kubeconfig" \
    --authorization-kubeconfig="${STATE_DIR}/scheduler.kubeconfig" \
    --cert-dir="${PKI_DIR}/scheduler-generated" --v=1
  STARTED+=(kube-scheduler)
  launch kwok \
    --kubeconfig="${STATE_DIR}/kwok.kubeconfig" --config="$STAGES_FILE" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --node-ip=127.0.0.1 --cidr=10.244.0.0/16 \
    --node-lease-duration-seconds=40
  STARTED+=(kwok)

  kc apply -f - >/dev/null <<NODE || start_failed "could not create node ${NODE_NAME}"
apiVersion: v1
kind: Node
metadata:
  name: ${NODE_NAME}
  labels:
    kubernetes.io/hostname: ${NODE_NAME}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
status:
  allocatable: {cpu: "256", memory: 1Ti, pods: "1000", ephemeral-storage: 1Ti}
  capacity: {cpu: "256", memory: 1Ti, pods: "1000", ephemeral-storage: 1Ti}
  nodeInfo:
    kubeletVersion: ${K8S_VERSION}
    architecture: amd64
    operatingSystem: linux
NODE
  wait_until "node ${NODE_NAME} Ready" node_ready
  log "node ${NODE_NAME} Ready ($(elapsed "$t0"))"
  wait_until "ServiceAccount default/default" kc get serviceaccount default -n default
  if [[ "$REAL_NODE" == 1 ]]; then real_node_start "$t0"; fi
  trap - INT TERM
  log "cluster ready in $(elapsed "$t0"): API https://${API_HOST}:${API_PORT}, kubeconfig ${KUBECONFIG_FILE}"
}

# ---- stop ----------------------------------------------------------------------
# Signal a component's process group (it leads its own, see launch) or just its pid.
signal_component() {
  local sig=$1 pid=$2 pgid
  pgid=$(awk '{ print $5 }' "/proc/$pid/stat" 2>/dev/null) || pgid=""
  if [[ -n "$pgid" && "$pgid" == "$pid" ]]; then
    kill "-$sig" -- "-$pid" 2>/dev/null || true
  else
    kill "-$sig" "$pid" 2>/dev/null || true
  fi
}

group_alive() { kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null; }

cmd_stop() {
  local i c pid t0 pids=() waited=0 order
  t0=$(now)
  load_ports || true
  real_node_drain
  # containerd is stopped by real_node_cleanup, after what runs in it.
  order=("${COMPONENTS[@]}" kubelet kube-proxy)
  for (( i=${#order[@]}-1; i>=0; i-- )); do
    c=${order[$i]}
    component_alive "$c" || continue
    pid=$(pid_of "$c")
    signal_component TERM "$pid"
    pids+=("$pid")
  done
  # Wait up to 15s for a clean exit, then kill what is left.
  for pid in "${pids[@]}"; do
    while group_alive "$pid" && (( waited < 150 )); do sleep 0.1; (( ++waited )); done
    if group_alive "$pid"; then
      log "pid $pid did not exit after SIGTERM; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      while group_alive "$pid"; do sleep 0.1; done
    fi
  done
  if [[ -f "$MARKER" ]]; then
    real_node_cleanup
    rm -rf "$STATE_DIR"
  elif [[ -e "$STATE_DIR" ]]; then
    log "left ${STATE_DIR} alone: it was not made by this script"
  fi
  if (( ${#pids[@]} )); then
    log "stopped ${#pids[@]} process(es) in $(elapsed "$t0")"
  else
    log "nothing was running"
  fi
}

# ---- status / env --------------------------------------------------------------
cmd_status() {
  local c state rc=0
  if ! any_pidfile; then
    echo "not running (state dir ${STATE_DIR})"
    return 3
  fi
  load_ports || true
  for c in $(running_components); do
    if component_alive "$c"; then state="running (pid $(pid_of "$c"))"; else state="NOT RUNNING"; rc=1; fi
    printf '%-24s %s\n' "$c" "$state"
  done
  echo "api:        https://${API_HOST}:${API_PORT:-?}  (etcd 127.0.0.1:${ETCD_PORT:-?})"
  if [[ "$REAL_NODE" == 1 ]]; then
    echo "real node:  ${REAL_NODE_NAME} (${BRIDGE_IP}, Pods ${POD_CIDR}, taint ${REAL_TAINT}); kwok node: ${NODE_NAME}"
  else
    echo "real node:  none (kwok node ${NODE_NAME} only)"
  fi
  echo "kubeconfig: ${KUBECONFIG_FILE}"
  echo "logs:       ${LOG_DIR}"
  if (( rc == 0 )); then
    echo "readyz:     $(kc get --raw /readyz 2>&1 | head -n 1)"
  fi
  return "$rc"
}

cmd_env() {
  any_pidfile || log "note: the cluster is not running (run: $0 start)"
  printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_FILE"
  # shellcheck disable=SC2016 # $PATH is meant to expand where the line is eval'd
  printf 'export PATH=%q:"$PATH"\n' "$BIN_DIR"
}

cmd_import_image() {
  local t
  all_alive || die "the cluster is not running (run: $0 start)"
  [[ "$REAL_NODE" == 1 ]] || die "this cluster has no real node to import images into"
  (( $# )) || die "usage: $0 import-image TAR..."
  for t in "$@"; do
    [[ -f "$t" ]] || die "no such file: $t"
    real_node_import "$t" || die "importing $t failed"
    log "imported $t"
  done
  ctr_ images ls -q | grep -v '^sha256:' >&2
}

# Pods of these namespaces get nodeSelector ${REAL_LABEL_KEY}=${REAL_LABEL_VALUE} and a toleration
# of the real node's taint from the API server's admission plugins; every other Pod stays on kwok.
cmd_use_real_node() {
  local ns
  all_alive || die "the cluster is not running (run: $0 start)"
  [[ "$REAL_NODE" == 1 ]] || die "this cluster has no real node"
  (( $# )) || die "usage: $0 use-real-node NAMESPACE..."
  for ns in "$@"; do
    kc get namespace "$ns" >/dev/null 2>&1 || kc create namespace "$ns" >/dev/null
    kc annotate --overwrite namespace "$ns" \
      "scheduler.alpha.kubernetes.io/node-selector=${REAL_LABEL_KEY}=${REAL_LABEL_VALUE}" \
      "scheduler.alpha.kubernetes.io/defaultTolerations=[{\"key\":\"${REAL_TAINT}\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]" \
      >/dev/null || die "cannot annotate namespace $ns"
    echo "namespace/$ns: Pods run on ${REAL_NODE_NAME}"
  done
}

cmd_leftovers() {
  real_node_leftovers
}

# ---- smoke -----------------------------------------------------------------------
SMOKE_PASSED=0
SMOKE_NS=""

smoke_ok() { SMOKE_PASSED=$(( SMOKE_PASSED + 1 )); printf 'ok   %s\n' "$*"; }

smoke_fail() {
  printf 'FAIL %s\n' "$*"
  if [[ -n "$SMOKE_NS" ]]; then
    echo "---- state of namespace ${SMOKE_NS} ----"
    kc get all,events -n "$SMOKE_NS" -o wide 2>&1 | tail -n 40 || true
  fi
  echo "smoke: ${SMOKE_PASSED} passed, 1 failed"
  exit 1
}

# expect DESCRIPTION EXPECTED ACTUAL
expect() {
  [[ "$3" == "$2" ]] || smoke_fail "$1: expected '$2', got '$3'"
  smoke_ok "$1"
}

# poll SECONDS COMMAND...: retry COMMAND every 0.5s until it succeeds or time runs out.
poll() {
  local end=$(( SECONDS + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < end )) || return 1
    sleep 0.5
  done
}

no_pods_left() { [[ -z "$(kc get pods -n "$SMOKE_NS" -l "$1" -o name)" ]]; }

smoke_job() { # NAME ANNOTATIONS(yaml flow map) BACKOFF
  kc apply -n "$SMOKE_NS" -f - >/dev/null <<JOB
apiVersion: batch/v1
kind: Job
metadata:
  name: $1
spec:
  backoffLimit: $3
  template:
    metadata:
      annotations: $2
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "echo fake"]
JOB
}

# The real node: a container really runs (its log through the kubelet), reaches the API server
# through the kubernetes Service, serves a ClusterIP Service the host reaches through kube-proxy,
# and runc enforces a read-only root file system.
smoke_real_node() {
  local ip out
  cmd_use_real_node "$SMOKE_NS" >/dev/null
  kc apply -n "$SMOKE_NS" -f - >/dev/null <<PODS || smoke_fail "create real-node Pods"
apiVersion: v1
kind: Pod
metadata: {name: real}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    securityContext: {readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    command: [sh, -c, 'echo "ran on \$(hostname)"; echo | nc -w 3 "\$KUBERNETES_SERVICE_HOST" "\$KUBERNETES_SERVICE_PORT" >/dev/null && echo api-reachable; touch /x 2>/dev/null || echo root-read-only']
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web-real}}
spec:
  containers:
  - name: httpd
    image: busybox:1.36
    command: [sh, -c, 'mkdir -p /tmp/www && echo served-by-a-real-pod >/tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www']
    ports: [{containerPort: 8080}]
    readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web-real}
spec:
  selector: {app: web-real}
  ports: [{port: 80, targetPort: 8080}]
PODS
  kc wait --for=jsonpath='{.status.phase}'=Succeeded pod/real -n "$SMOKE_NS" --timeout=60s >/dev/null \
    || smoke_fail "Pod real did not succeed on ${REAL_NODE_NAME}"
  expect "a real container's log, read through the kubelet" \
    "ran on real|api-reachable|root-read-only" "$(kc logs real -n "$SMOKE_NS" | paste -sd '|')"
  expect "the kubectl image in the node's image store" "${KUBECTL_TAGS[0]}" \
    "$(ctr_ images ls -q | grep -xF "${KUBECTL_TAGS[0]}" || true)"
  kc wait --for=condition=Ready pod/web -n "$SMOKE_NS" --timeout=60s >/dev/null \
    || smoke_fail "Pod web did not become Ready through its HTTP probe"
  ip=$(kc get service web-real -n "$SMOKE_NS" -o 'jsonpath={.spec.clusterIP}')
  poll 30 curl -fsS -m 2 "http://${ip}/" || smoke_fail "ClusterIP ${ip} not reachable from the host"
  out=$(curl -fsS -m 2 "http://${ip}/")
  expect "ClusterIP Service from the host (kube-proxy)" "served-by-a-real-pod" "$out"
}

cmd_smoke() {
  local t0 v token msg want rs
  t0=$(now)
  all_alive || die "the cluster is not running (run: $0 start)"
  load_ports
  local kubectl_version
  kubectl_version=$("${BIN_DIR}/kubectl" version --client -o json | sed -n 's/.*"gitVersion": "\(.*\)".*/\1/p' | head -n 1)
  expect "kubectl client version" "$K8S_VERSION" "$kubectl_version"
  v=$(kc get --raw /version | sed -n 's/.*"gitVersion": "\([^"]*\)".*/\1/p')
  expect "server /version" "$K8S_VERSION" "$v"
  expect "/readyz" "ok" "$(kc get --raw /readyz)"

  SMOKE_NS="portolan-smoke-$$"
  kc create namespace "$SMOKE_NS" >/dev/null || smoke_fail "create namespace"
  kc wait --for=create serviceaccount/default -n "$SMOKE_NS" --timeout=30s >/dev/null 2>&1 \
    || smoke_fail "ServiceAccount default was not created in ${SMOKE_NS}"
  smoke_ok "namespace ${SMOKE_NS} with its default ServiceAccount"

  # A Job runs to completion: Job controller -> scheduler -> kwok -> Job Complete.
  smoke_job ok '{}' 0 || smoke_fail "create Job ok"
  kc wait --for=condition=Complete job/ok -n "$SMOKE_NS" --timeout=60s >/dev/null \
    || smoke_fail "Job ok did not complete"
  smoke_ok "Job completes (scheduled on $(kc get pods -n "$SMOKE_NS" -l batch.kubernetes.io/job-name=ok -o 'jsonpath={.items[0].spec.nodeName}'))"

  # Exit-code hook: pod fails with exit code 1, Job with backoffLimit 0 fails.
  smoke_job fails '{"portolan.dev/e2e-exit-code": "1"}' 0 || smoke_fail "create Job fails"
  kc wait --for=condition=Failed job/fails -n "$SMOKE_NS" --timeout=60s >/dev/null \
    || smoke_fail "Job fails did not fail"
  v=$(kc get pods -n "$SMOKE_NS" -l batch.kubernetes.io/job-name=fails \
        -o 'jsonpath={.items[0].status.phase}/{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
  expect "Job with e2e-exit-code=1 fails (pod phase/exitCode)" "Failed/1" "$v"

  # Termination-message hook.
  want='{"digest":"sha256:0123abcd","tags":["a b","c\"d"],"n":1}'
  msg=$(printf '%s' "$want" | sed 's/\\/\\\\/g; s/"/\\"/g')
  smoke_job message "{\"portolan.dev/e2e-termination-message\": \"${msg}\"}" 0 \
    || smoke_fail "create Job message"
  kc wait --for=condition=Complete job/message -n "$SMOKE_NS" --timeout=60s >/dev/null \
    || smoke_fail "Job message did not complete"
  v=$(kc get pods -n "$SMOKE_NS" -l batch.kubernetes.io/job-name=message \
        -o 'jsonpath={.items[0].status.containerStatuses[0].state.terminated.message}')
  expect "termination message reaches the pod status" "$want" "$v"

  # ServiceAccount token (TokenRequest API) and RBAC.
  kc create serviceaccount robot -n "$SMOKE_NS" >/dev/null || smoke_fail "create ServiceAccount"
  token=$(kc create token robot -n "$SMOKE_NS" --duration=10m) || smoke_fail "kubectl create token"
  [[ "$token" =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] || smoke_fail "token is not a JWT: $token"
  smoke_ok "kubectl create token returns a JWT"
  local as="system:serviceaccount:${SMOKE_NS}:robot"
  expect "auth can-i list pods (before RoleBinding)" "no" \
    "$(kc auth can-i list pods -n "$SMOKE_NS" --as="$as" 2>/dev/null || true)"
  kc create role pod-reader --verb=get,list,watch --resource=pods -n "$SMOKE_NS" >/dev/null \
    || smoke_fail "create Role"
  kc create rolebinding robot-reads-pods --role=pod-reader --serviceaccount="${SMOKE_NS}:robot" \
    -n "$SMOKE_NS" >/dev/null || smoke_fail "create RoleBinding"
  expect "auth can-i list pods (after RoleBinding)" "yes" \
    "$(kc auth can-i list pods -n "$SMOKE_NS" --as="$as" 2>/dev/null || true)"
  local with_token=("${BIN_DIR}/kubectl" --kubeconfig=/dev/null --server="https://${API_HOST}:${API_PORT}"
                    --certificate-authority="${PKI_DIR}/ca.crt" --token="$token")
  expect "token authenticates as the ServiceAccount" "$as" \
    "$("${with_token[@]}" auth whoami -o 'jsonpath={.status.userInfo.username}' 2>&1)"
  expect "token holder can list pods" "yes" \
    "$("${with_token[@]}" auth can-i list pods -n "$SMOKE_NS" 2>&1 || true)"
  expect "token holder cannot delete pods" "no" \
    "$("${with_token[@]}" auth can-i delete pods -n "$SMOKE_NS" 2>&1 || true)"

  # Deployment -> ReplicaSet -> Pods, then garbage collection through owner references.
  kc create deployment web --image=nginx:1.27 --replicas=2 -n "$SMOKE_NS" >/dev/null \
    || smoke_fail "create Deployment"
  kc rollout status deployment/web -n "$SMOKE_NS" --timeout=60s >/dev/null \
    || smoke_fail "Deployment web did not become available"
  rs=$(kc get replicasets -n "$SMOKE_NS" -l app=web -o 'jsonpath={.items[0].metadata.name}')
  expect "ReplicaSet ${rs} is owned by Deployment web" "Deployment/web" \
    "$(kc get replicaset "$rs" -n "$SMOKE_NS" -o 'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}')"
  expect "2 pods Running" "Running Running" \
    "$(kc get pods -n "$SMOKE_NS" -l app=web -o 'jsonpath={.items[*].status.phase}')"
  kc delete deployment web -n "$SMOKE_NS" --cascade=foreground --timeout=60s >/dev/null \
    || smoke_fail "delete Deployment (cascade=foreground)"
  kc wait --for=delete "replicaset/$rs" -n "$SMOKE_NS" --timeout=60s >/dev/null 2>&1 \
    || smoke_fail "ReplicaSet ${rs} was not garbage-collected"
  poll 60 no_pods_left app=web || smoke_fail "pods of Deployment web were not deleted"
  smoke_ok "deleting the Deployment garbage-collects its ReplicaSet and pods"

  if [[ "$REAL_NODE" == 1 ]]; then smoke_real_node; fi

  # Namespace lifecycle: deleting the namespace removes everything in it.
  kc delete namespace "$SMOKE_NS" --timeout=90s >/dev/null || smoke_fail "namespace ${SMOKE_NS} was not deleted"
  smoke_ok "namespace deleted"
  SMOKE_NS=""
  echo "smoke: ${SMOKE_PASSED} passed, 0 failed ($(elapsed "$t0"))"
}

# ---- main --------------------------------------------------------------------
main() {
  local cmd="${1:-}"
  exec 7>&2
  case "$cmd" in
    build)  cmd_build ;;
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    env)    cmd_env ;;
    smoke)  cmd_smoke ;;
    import-image) shift; cmd_import_image "$@" ;;
    use-real-node) shift; cmd_use_real_node "$@" ;;
    leftovers) cmd_leftovers ;;
    -h|--help|help) usage ;;
    "") usage >&2; exit 2 ;;
    *) usage >&2; die "unknown command: $cmd" ;;
  esac
}

main "$@"
