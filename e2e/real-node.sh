# Sourced by cluster.sh: the real node beside the kwok node. Debian's containerd and runc run the
# containers, Debian's CNI plugins wire them to a local bridge, and a kubelet and kube-proxy built
# from the same k8s.io/kubernetes module as the control plane manage them. Everything it adds to
# the host is recorded under ${NODE_DIR} and undone by real_node_cleanup (see e2e/README.md).

REAL_NODE_NAME="portolan-node-0"
BRIDGE="portolan0"
POD_CIDR="10.245.0.0/24"
BRIDGE_IP="10.245.0.1"   # on the bridge: node IP, API server address, Pods' gateway to the host
CNI_BIN_DIR="${PORTOLAN_E2E_CNI_BIN:-/usr/lib/cni}"
REAL_TAINT="portolan.dev/real-node"
REAL_LABEL_KEY="portolan.dev/node"
REAL_LABEL_VALUE="real"
NODE_COMPONENTS=(containerd kubelet kube-proxy)
NODE_DIR="${STATE_DIR}/node"
CONTAINERD_SOCK="${NODE_DIR}/containerd/containerd.sock"
# The busybox-static image answers to the tags the smoke test and examples/ use.
BUSYBOX_TAGS=(docker.io/library/busybox:1.36 docker.io/library/busybox:1.37)
PAUSE_IMAGE="portolan.dev/e2e/pause:1"
# The harness's own static kubectl over the busybox layer, under the name examples/ use.
KUBECTL_TAGS=(docker.io/bitnami/kubectl:1.34)
# What the kubelet writes on the host (it would otherwise leave them changed).
HOST_SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops)
# Fixed host paths the kubelet or containerd create whatever their configured roots are.
HOST_PATHS=(/var/lib/kubelet /run/containerd /var/run/netns)

ctr_() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

# Prints why a real node cannot run here (nothing when it can).
real_node_obstacles() {
  local c f
  [[ "$(id -u)" == 0 ]] || echo "not root"
  for c in containerd containerd-shim-runc-v2 runc ctr iptables iptables-save ip6tables ip findmnt file; do
    command -v "$c" >/dev/null 2>&1 || echo "'$c' is not on PATH (Debian: containerd runc iptables util-linux iproute2)"
  done
  for f in bridge host-local loopback; do
    [[ -x "${CNI_BIN_DIR}/$f" ]] || echo "CNI plugin ${CNI_BIN_DIR}/$f is missing (Debian: containernetworking-plugins)"
  done
  [[ -x /bin/busybox ]] && file_is_static /bin/busybox || echo "/bin/busybox (static) is missing (Debian: busybox-static)"
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    echo "link ${BRIDGE} exists: another cluster.sh runs a real node on this machine (stop it first)"
  fi
}

file_is_static() { ! ldd "$1" >/dev/null 2>&1; }

# real_node_wanted: PORTOLAN_E2E_REAL_NODE=1 requires the real node, 0 skips it, auto (default)
# starts it when nothing stands in the way.
real_node_wanted() {
  local why
  why=$(real_node_obstacles)
  case "${PORTOLAN_E2E_REAL_NODE:-auto}" in
    0|false|no) return 1 ;;
    1|true|yes) [[ -z "$why" ]] || die "PORTOLAN_E2E_REAL_NODE=1 but: ${why//$'\n'/; }"; return 0 ;;
    *) if [[ -n "$why" ]]; then log "no real node (only kwok): ${why//$'\n'/; }"; return 1; fi; return 0 ;;
  esac
}

# ---- host state before/after ---------------------------------------------------------
real_node_record_host() {
  mkdir -p "$NODE_DIR"
  local s p
  for s in "${HOST_SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done >"${NODE_DIR}/sysctls.before"
  for p in "${HOST_PATHS[@]}"; do [[ -e "$p" ]] || echo "$p"; done >"${NODE_DIR}/paths.created"
  : >"${NODE_DIR}/cgroups.created"
  for p in /sys/fs/cgroup/*/; do
    [[ -e "${p}kubepods" ]] || echo "${p}kubepods" >>"${NODE_DIR}/cgroups.created"
  done
}

real_node_network_up() {
  ip link add "$BRIDGE" type bridge || die "cannot create bridge ${BRIDGE}"
  touch "${NODE_DIR}/bridge.created"
  ip addr add "${BRIDGE_IP}/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Pod -> ClusterIP -> Pod comes back out of the bridge: forward on this link only, not globally.
  echo 1 >"/proc/sys/net/ipv4/conf/${BRIDGE}/forwarding"
}

# ---- images ------------------------------------------------------------------------------
# A docker-archive tar holding busybox (Debian's busybox-static as one layer, uid 65532 by
# default so that runAsNonRoot Pods start) and the sandbox ("pause") image over the same layer.
real_node_images_tar() {
  local version out work root digest cfg_bb cfg_pause a tags
  version=$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null || sha256sum /bin/busybox | cut -c1-12)
  out="${CACHE_ROOT}/images/busybox-static-${version//[:~+]/_}.tar"
  if [[ ! -f "$out" ]]; then
    work=$(mktemp -d); root="$work/rootfs"
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/home/portolan"
    cp /bin/busybox "$root/bin/busybox"
    for a in $(/bin/busybox --list); do [[ "$a" == busybox ]] || ln -s busybox "$root/bin/$a"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nportolan:x:65532:65532:portolan:/home/portolan:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nportolan:x:65532:\nnogroup:x:65534:\n' >"$root/etc/group"
    chmod 1777 "$root/tmp"
    mkdir -p "$work/archive"
    tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$root" -cf "$work/layer.tar" .
    digest=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    mkdir -p "$work/archive/$digest"; mv "$work/layer.tar" "$work/archive/$digest/layer.tar"
    image_config() { # ENTRYPOINT-JSON CMD-JSON USER
      printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/bin"],"Entrypoint":%s,"Cmd":%s,"User":"%s","WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"e2e/real-node.sh: Debian busybox-static %s"}]}' \
        "$1" "$2" "$3" "$digest" "$version"
    }
    image_config null '["sh"]' "65532:65532" >"$work/bb.json"
    # The sandbox only has to stay alive until it is told to stop.
    image_config '["/bin/sh","-c","trap \"exit 0\" TERM INT; while :; do sleep 3600 & wait $!; done"]' null "65535:65535" >"$work/pause.json"
    cfg_bb=$(sha256sum "$work/bb.json" | cut -d' ' -f1); mv "$work/bb.json" "$work/archive/$cfg_bb.json"
    cfg_pause=$(sha256sum "$work/pause.json" | cut -d' ' -f1); mv "$work/pause.json" "$work/archive/$cfg_pause.json"
    tags=$(printf '"%s",' "${BUSYBOX_TAGS[@]}"); tags=${tags%,}
    printf '[{"Config":"%s.json","RepoTags":[%s],"Layers":["%s/layer.tar"]},{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' \
      "$cfg_bb" "$tags" "$digest" "$cfg_pause" "$PAUSE_IMAGE" "$digest" >"$work/archive/manifest.json"
    mkdir -p "$(dirname "$out")"
    tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$work/archive" -cf "$out.tmp" .
    mv "$out.tmp" "$out"; rm -rf "$work"
  fi
  echo "$out"
}

# The busybox image's archive plus the harness's kubectl as a second layer (/usr/local/bin), as
# docker-archive tagged ${KUBECTL_TAGS[*]}: ENTRYPOINT kubectl, uid 65532 by default. Cached under
# the busybox tar's name and the kubectl binary's digest, so a rebuilt kubectl makes a new image.
real_node_kubectl_tar() {
  local busybox_tar=$1 kubectl="${BIN_DIR}/kubectl" sum out work base layer digest cfg tags
  [[ -x "$kubectl" ]] || die "no kubectl in ${BIN_DIR} to put in the kubectl image (run: $0 build)"
  file -b "$kubectl" | grep -q 'statically linked' \
    || die "${kubectl} is not statically linked ($(file -b "$kubectl" | cut -c1-80)); it would not run on busybox"
  sum=$(sha256sum "$kubectl" | cut -c1-16)
  base=$(basename "$busybox_tar" .tar)
  out="${CACHE_ROOT}/images/kubectl-${K8S_VERSION}-${sum}-${base}.tar"
  if [[ ! -f "$out" ]]; then
    work=$(mktemp -d)
    mkdir -p "$work/archive" "$work/rootfs/usr/local/bin"
    tar -C "$work/archive" -xf "$busybox_tar"
    layer=$(sed -n 's/.*"Layers":\["\([0-9a-f]*\)\/layer.tar"\].*/\1/p' "$work/archive/manifest.json" | head -n 1)
    [[ -n "$layer" ]] || die "no busybox layer in ${busybox_tar}'s manifest"
    cp "$kubectl" "$work/rootfs/usr/local/bin/kubectl"
    tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$work/rootfs" -cf "$work/layer.tar" .
    digest=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    mkdir -p "$work/archive/$digest"; mv "$work/layer.tar" "$work/archive/$digest/layer.tar"
    find "$work/archive" -maxdepth 1 -name '*.json' -delete
    printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/usr/local/bin:/bin","HOME=/"],"Entrypoint":["kubectl"],"Cmd":["--help"],"User":"65532:65532","WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"e2e/real-node.sh: %s"},{"created":"1970-01-01T00:00:00Z","created_by":"e2e/real-node.sh: kubectl %s (sha256 %s)"}]}' \
      "$layer" "$digest" "$base" "$K8S_VERSION" "$sum" >"$work/config.json"
    cfg=$(sha256sum "$work/config.json" | cut -d' ' -f1); mv "$work/config.json" "$work/archive/$cfg.json"
    tags=$(printf '"%s",' "${KUBECTL_TAGS[@]}"); tags=${tags%,}
    printf '[{"Config":"%s.json","RepoTags":[%s],"Layers":["%s/layer.tar","%s/layer.tar"]}]' \
      "$cfg" "$tags" "$layer" "$digest" >"$work/archive/manifest.json"
    tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$work/archive" -cf "$out.tmp" .
    mv "$out.tmp" "$out"; rm -rf "$work"
    log "built the kubectl image ${KUBECTL_TAGS[*]} ($(( $(stat -c %s "$out") >> 20 )) MB): ${out}"
  fi
  echo "$out"
}

real_node_import() { # TAR: import a docker-archive or OCI tar into the node's image store
  ctr_ images import --no-unpack=false "$1" >>"${LOG_DIR}/images.log" 2>&1 \
    || { tail -n 5 "${LOG_DIR}/images.log" >&2; return 1; }
}

# ---- configuration -------------------------------------------------------------------------
real_node_pki() {
  local client="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  sign kubelet "/O=system:nodes/CN=system:node:${REAL_NODE_NAME}" "$client" ec
  sign kubelet-serving "/CN=${REAL_NODE_NAME}" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:${BRIDGE_IP},DNS:${REAL_NODE_NAME}" ec
  sign kube-proxy "/CN=system:kube-proxy" "$client" ec
  # The API server's client certificate for kubectl logs/exec (the kubelet trusts the cluster CA).
  sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client" ec
  rm -f "${PKI_DIR}"/*.srl
}

real_node_write_configs() {
  mkdir -p "${NODE_DIR}/containerd" "${NODE_DIR}/cni/net.d" "${NODE_DIR}/cni/ipam" "${NODE_DIR}/kubelet"
  cat >"${NODE_DIR}/containerd/config.toml" <<TOML
version = 2
root = "${NODE_DIR}/containerd/root"
state = "${NODE_DIR}/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "${CONTAINERD_SOCK}"
[ttrpc]
  address = "${CONTAINERD_SOCK}.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${NODE_DIR}/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  # No CAP_SYS_RESOURCE here: nothing may lower an oom_score_adj (the sandbox asks for -998).
  restrict_oom_score_adj = true
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${NODE_DIR}/cni/net.d"
TOML
  # The bridge exists already with ${BRIDGE_IP}; Pods route everything through it to the host.
  cat >"${NODE_DIR}/cni/net.d/10-portolan.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "portolan",
  "plugins": [{
    "type": "bridge", "bridge": "${BRIDGE}", "isGateway": false, "ipMasq": false, "hairpinMode": true,
    "ipam": {
      "type": "host-local", "dataDir": "${NODE_DIR}/cni/ipam",
      "ranges": [[{"subnet": "${POD_CIDR}", "rangeStart": "10.245.0.10", "gateway": "${BRIDGE_IP}"}]],
      "routes": [{"dst": "0.0.0.0/0", "gw": "${BRIDGE_IP}"}]
    }
  }]
}
CNI
  write_kubeconfig "${STATE_DIR}/kubelet.kubeconfig" kubelet
  write_kubeconfig "${STATE_DIR}/kube-proxy.kubeconfig" kube-proxy
  cat >"${NODE_DIR}/kubelet/config.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${BRIDGE_IP}
port: ${KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${KUBELET_HEALTHZ_PORT}
tlsCertFile: ${PKI_DIR}/kubelet-serving.crt
tlsPrivateKeyFile: ${PKI_DIR}/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: ${PKI_DIR}/ca.crt}
authorization: {mode: AlwaysAllow}
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
oomScoreAdj: 0
podCIDR: ${POD_CIDR}
maxPods: 60
registerWithTaints:
  - {key: ${REAL_TAINT}, value: "true", effect: NoSchedule}
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
staticPodPath: ""
KUBELET
  cat >"${NODE_DIR}/kube-proxy.yaml" <<PROXY
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: ${STATE_DIR}/kube-proxy.kubeconfig}
hostnameOverride: ${REAL_NODE_NAME}
bindAddress: ${BRIDGE_IP}
healthzBindAddress: 127.0.0.1:${PROXY_HEALTHZ_PORT}
metricsBindAddress: 127.0.0.1:${PROXY_METRICS_PORT}
mode: iptables
clusterCIDR: ${POD_CIDR}
nodePortAddresses: [${BRIDGE_IP}/32]
oomScoreAdj: 0
iptables: {localhostNodePorts: false, masqueradeAll: false, syncPeriod: 30s, minSyncPeriod: 0s}
# Zero: leave the host's conntrack settings as they are.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
PROXY
}

real_node_ready() {
  [[ "$(kc get node "$REAL_NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

# Starts containerd, imports the images, starts kubelet and kube-proxy; waits for the node.
real_node_start() {
  local t0=$1
  real_node_write_configs
  # Nothing is pulled from a registry: every pull goes to a closed loopback port and fails at once
  # (images are imported; Pods use imagePullPolicy IfNotPresent or Never).
  launch_bin containerd "$(command -v env)" HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
    NO_PROXY= no_proxy= "$(command -v containerd)" --config "${NODE_DIR}/containerd/config.toml"
  STARTED+=(containerd)
  wait_until "containerd" ctr_ version
  local busybox_tar kubectl_tar
  busybox_tar=$(real_node_images_tar)
  real_node_import "$busybox_tar" || start_failed "could not import the busybox and pause images"
  kubectl_tar=$(real_node_kubectl_tar "$busybox_tar")
  real_node_import "$kubectl_tar" || start_failed "could not import the kubectl image ${kubectl_tar}"
  log "containerd ready, images imported ($(elapsed "$t0"))"
  launch kubelet --config="${NODE_DIR}/kubelet/config.yaml" --kubeconfig="${STATE_DIR}/kubelet.kubeconfig" \
    --root-dir="${NODE_DIR}/kubelet" --cert-dir="${NODE_DIR}/kubelet/pki" \
    --hostname-override="$REAL_NODE_NAME" --node-ip="$BRIDGE_IP" \
    --node-labels="${REAL_LABEL_KEY}=${REAL_LABEL_VALUE}" --v=1
  STARTED+=(kubelet)
  launch kube-proxy --config="${NODE_DIR}/kube-proxy.yaml" --v=1
  STARTED+=(kube-proxy)
  wait_until "node ${REAL_NODE_NAME} Ready" real_node_ready
  log "node ${REAL_NODE_NAME} Ready ($(elapsed "$t0"))"
}

# ---- stop ----------------------------------------------------------------------------------
# While the API server still runs: evict every Pod from the real node so that the kubelet tears
# their sandboxes down through CNI (veths, IP allocations, netns) before it is stopped.
real_node_drain() {
  local waited=0
  component_alive kubelet && component_alive kube-apiserver || return 0
  kc cordon "$REAL_NODE_NAME" >/dev/null 2>&1 || true
  kc delete pods --all-namespaces --field-selector "spec.nodeName=${REAL_NODE_NAME}" \
    --grace-period=0 --force --wait=false >/dev/null 2>&1 || true
  while (( waited < 200 )) && [[ -n "$(ctr_ tasks ls -q 2>/dev/null)" ]]; do sleep 0.1; (( ++waited )); done
  # Sandboxes go a moment after their containers.
  waited=0
  while (( waited < 100 )) && [[ -n "$(ctr_ containers ls -q 2>/dev/null)" ]]; do sleep 0.1; (( ++waited )); done
}

# After kubelet and kube-proxy stopped, before containerd stops: whatever is left, by force.
real_node_kill_tasks() {
  local id
  [[ -S "$CONTAINERD_SOCK" ]] || return 0
  for id in $(ctr_ tasks ls -q 2>/dev/null); do
    ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
  done
  sleep 0.3
  for id in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$id" >/dev/null 2>&1 || true; done
  for id in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$id" >/dev/null 2>&1 || true; done
}

# Shims outlive containerd; each wrote its pid under containerd's state dir.
shim_pids() {
  local f
  for f in $(find "${NODE_DIR}/containerd/state" -name shim.pid 2>/dev/null); do
    cat "$f"; echo
  done
}

real_node_kill_shims() {
  local pid
  for pid in $(shim_pids); do
    [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *containerd-shim* ]] && kill -KILL "$pid" 2>/dev/null
  done
  return 0
}

iptables_cleanup() { # remove every KUBE-* chain and the rules that jump to them
  local ipt table line chain
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null 2>&1 || continue
    for table in filter nat mangle; do
      { "${ipt}-save" -t "$table" 2>/dev/null || true; } | { grep -E '^-A [A-Z]+ .*-j KUBE-' || true; } \
        | { grep -vE '^-A KUBE-' || true; } | while read -r line; do
            # shellcheck disable=SC2086 # the saved rule is re-split into its words on purpose
            eval "$ipt -t $table ${line/-A/-D}" 2>/dev/null || true
          done
      for chain in $("${ipt}-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("${ipt}-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do
        "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

# Undo everything real_node_record_host/network_up and the node's agents changed on the host.
real_node_cleanup() {
  [[ -d "$NODE_DIR" ]] || return 0
  # Best effort, every step: one that fails must not keep the others from running.
  ( set +e +o pipefail; real_node_cleanup_steps )
}

real_node_cleanup_steps() {
  local line m p
  real_node_kill_tasks
  if component_alive containerd; then
    signal_component TERM "$(pid_of containerd)"
    for _ in $(seq 1 100); do component_alive containerd || break; sleep 0.1; done
    component_alive containerd && kill -KILL "$(pid_of containerd)" 2>/dev/null
  fi
  real_node_kill_shims
  [[ -x "${BIN_DIR}/kube-proxy" ]] && "${BIN_DIR}/kube-proxy" --cleanup >/dev/null 2>&1 || true
  iptables_cleanup
  # Network namespaces the CRI made (cni-<uuid>) and every mount under the state dir
  # (overlay rootfs, Pod volumes, the kubelet's bind mount of its root dir), deepest first.
  for m in /var/run/netns/cni-*; do
    [[ -e "$m" ]] || continue
    umount "$m" 2>/dev/null; rm -f "$m"
  done
  { findmnt -rn -o TARGET | grep -F "${STATE_DIR}/" || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  findmnt -rn -o TARGET | grep -qxF "${STATE_DIR}" && umount -l "${STATE_DIR}" 2>/dev/null || true
  if [[ -f "${NODE_DIR}/cgroups.created" ]]; then
    while read -r p; do
      [[ -d "$p" ]] && find "$p" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done <"${NODE_DIR}/cgroups.created"
  fi
  if [[ -f "${NODE_DIR}/sysctls.before" ]]; then
    while IFS== read -r p line; do sysctl -q -w "$p=$line" >/dev/null 2>&1 || true; done <"${NODE_DIR}/sysctls.before"
  fi
  if [[ -f "${NODE_DIR}/bridge.created" ]]; then
    # veths of Pods that died with the kubelet go with their netns; the bridge goes last.
    ip link del "$BRIDGE" 2>/dev/null || true
  fi
  if [[ -f "${NODE_DIR}/paths.created" ]]; then
    while read -r p; do [[ -n "$p" ]] && rm -rf "$p"; done <"${NODE_DIR}/paths.created"
  fi
}

# What is left on the host of a real node (empty output: nothing). Used by `cluster.sh leftovers`.
real_node_leftovers() {
  local p
  ip link show "$BRIDGE" >/dev/null 2>&1 && echo "link ${BRIDGE}"
  for p in iptables ip6tables; do
    command -v "${p}-save" >/dev/null 2>&1 || continue
    "${p}-save" 2>/dev/null | sed -n "s/^:\(KUBE-[^ ]*\) .*/${p} chain \1/p"
  done
  { findmnt -rn -o TARGET | grep -F "${STATE_DIR}" || true; } | sed 's/^/mount /'
  compgen -G "/var/run/netns/cni-*" >/dev/null && ls -d /var/run/netns/cni-* | sed 's/^/netns /'
  compgen -G "/sys/fs/cgroup/*/kubepods" >/dev/null && ls -d /sys/fs/cgroup/*/kubepods | sed 's/^/cgroup /'
  for p in $(shim_pids); do
    [[ "$(readlink "/proc/$p/exe" 2>/dev/null)" == *containerd-shim* ]] && echo "process $p (containerd-shim)"
  done
  return 0
}
