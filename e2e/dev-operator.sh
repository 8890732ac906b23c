#!/usr/bin/env bash
# Runs the operator from this checkout (the jar) against a cluster, under the chart's RBAC and
# behind the chart's admission webhook, in one command:
#   1. installs (or upgrades) the chart with no operator Pods (replicaCount=0) and the webhook
#      pointing at this machine (webhook.url, its certificate valid for that address);
#   2. extracts the webhook's certificate and key and the Job signing key from the chart's Secrets;
#   3. makes a token for the chart's ServiceAccount and writes a kubeconfig that uses it;
#   4. starts the jar with that kubeconfig, the certificate directory and the key.
# Stop it with Ctrl-C; `helm uninstall portolan -n portolan-system` removes the release.
#
# Usage: e2e/dev-operator.sh [extra operator flags]
# Environment: KUBECONFIG (default: the harness's, when e2e/cluster.sh runs), PORTOLAN_DEV_PRINT_ONLY
# (1: prepare everything, then print the kubeconfig's path and the command instead of running it),
# PORTOLAN_DEV_ADDRESS
# (where the API server reaches this machine; default 127.0.0.1, right for e2e/cluster.sh),
# PORTOLAN_DEV_WEBHOOK_PORT (8443), PORTOLAN_DEV_PORT (8080), RELEASE (portolan),
# NAMESPACE (portolan-system).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDRESS="${PORTOLAN_DEV_ADDRESS:-127.0.0.1}"
WEBHOOK_PORT="${PORTOLAN_DEV_WEBHOOK_PORT:-8443}"
PORT="${PORTOLAN_DEV_PORT:-8080}"
RELEASE="${RELEASE:-portolan}"
NAMESPACE="${NAMESPACE:-portolan-system}"
JAR="${ROOT}/operator/target/portolan-operator.jar"
WORK="${ROOT}/e2e/target/dev-operator"

die() { printf 'dev-operator: %s\n' "$*" >&2; exit 1; }
log() { printf '[dev-operator] %s\n' "$*" >&2; }

if [[ -z "${KUBECONFIG:-}" ]] && bash "${ROOT}/e2e/cluster.sh" status >/dev/null 2>&1; then
  eval "$(bash "${ROOT}/e2e/cluster.sh" env 2>/dev/null)"
fi
if ! command -v helm >/dev/null 2>&1 || ! command -v kubectl >/dev/null 2>&1; then
  # The harness's binaries, when built.
  PATH="$(bash "${ROOT}/e2e/cluster.sh" env 2>/dev/null | sed -n 's/^export PATH=\(.*\):"\$PATH"$/\1/p'):$PATH"
fi
command -v helm >/dev/null || die "helm is not on PATH (e2e/cluster.sh build makes one)"
command -v kubectl >/dev/null || die "kubectl is not on PATH"
[[ -f "$JAR" ]] || die "no $JAR: run mvn -B -q -DskipTests package"
kubectl version >/dev/null 2>&1 || die "no cluster at KUBECONFIG=${KUBECONFIG:-~/.kube/config}"

[[ "$ADDRESS" =~ ^[0-9.]+$ ]] || die "PORTOLAN_DEV_ADDRESS must be an IP address (the certificate names it)"
log "installing ${RELEASE} in ${NAMESPACE}: no operator Pods, webhook at https://${ADDRESS}:${WEBHOOK_PORT}"
helm upgrade --install "$RELEASE" "${ROOT}/helm/portolan" -n "$NAMESPACE" --create-namespace --wait \
  --set replicaCount=0 --set webhook.certificate.reuseExisting=false \
  --set "webhook.url=https://${ADDRESS}:${WEBHOOK_PORT}/admission/actions" \
  --set "webhook.certificate.ipAddresses[0]=${ADDRESS}" >/dev/null

mkdir -p "$WORK/webhook"; chmod 700 "$WORK"
secret() { kubectl get secret "$1" -n "$NAMESPACE" -o "jsonpath={.data.${2//./\\.}}" | base64 -d; }
secret "${RELEASE}-webhook-tls" tls.crt >"$WORK/webhook/tls.crt"
secret "${RELEASE}-webhook-tls" tls.key >"$WORK/webhook/tls.key"
secret "${RELEASE}-webhook-tls" ca.crt >"$WORK/webhook/ca.crt"
secret "${RELEASE}-action-key" key >"$WORK/action-key"
chmod 600 "$WORK/webhook/tls.key" "$WORK/action-key"

SA=$(kubectl get deployment -n "$NAMESPACE" -l "app.kubernetes.io/instance=${RELEASE}" \
  -o 'jsonpath={.items[0].spec.template.spec.serviceAccountName}')
[[ -n "$SA" ]] || die "cannot tell the chart's ServiceAccount"
TOKEN=$(kubectl create token "$SA" -n "$NAMESPACE" --duration=12h)
SERVER=$(kubectl config view --minify --raw -o 'jsonpath={.clusters[0].cluster.server}')
CA=$(kubectl config view --minify --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}')
cat >"$WORK/kubeconfig" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster: {server: "${SERVER}", certificate-authority-data: "${CA}"}
users:
- name: ${SA}
  user: {token: "${TOKEN}"}
contexts:
- name: dev
  context: {cluster: dev, user: ${SA}, namespace: ${NAMESPACE}}
current-context: dev
KCFG
chmod 600 "$WORK/kubeconfig"
log "running as system:serviceaccount:${NAMESPACE}:${SA} (kubeconfig ${WORK}/kubeconfig); API http://127.0.0.1:${PORT}"
# --lease-namespace is what POD_NAMESPACE gives a Pod of the chart: the Lease's namespace, and the
# one the guardrail webhooks leave out with kube-system.
COMMAND=(java -jar "$JAR" --host 127.0.0.1 --port "$PORT" --lease-namespace "$NAMESPACE"
  --webhook-cert-dir "$WORK/webhook" --webhook-port "$WEBHOOK_PORT"
  --guardrails-webhook "${RELEASE}-guardrails" --webhook-url "https://${ADDRESS}:${WEBHOOK_PORT}"
  --action-key-file "$WORK/action-key" "$@")
if [[ "${PORTOLAN_DEV_PRINT_ONLY:-}" == 1 ]]; then
  # For programs that start the operator themselves (the scale benchmark): the kubeconfig's path,
  # then the command, one argument per line.
  printf '%s\n' "$WORK/kubeconfig" "${COMMAND[@]}"
  exit 0
fi
KUBECONFIG="$WORK/kubeconfig" exec "${COMMAND[@]}"
