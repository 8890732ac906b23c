#!/usr/bin/env bash
# The operator image's base, assembled without a container engine: the few Debian packages a
# jlink'ed Java runtime needs (extracted with dpkg-deb, not installed), the runtime itself
# (jlink from this machine's JDK), and the files a non-root process expects. Jib
# (operator/pom.xml, profile-less, phase pre-integration-test) puts it under the operator's
# layers on top of `scratch`.
#
# Usage: operator/src/image/base.sh OUT_DIR     (writes OUT_DIR/root; cached by its inputs)
set -euo pipefail

OUT=${1:?usage: base.sh OUT_DIR}
# What libjvm.so and the JDK's native libraries link against (see `ldd`), nothing else.
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g)
# The Java modules the operator and its libraries use (Jetty, Fabric8's JDK HTTP client, JMX
# metrics, XML for logback, SunEC for TLS); checked by running the image in the e2e tier.
MODULES=java.base,java.compiler,java.logging,java.management,java.naming,java.net.http,java.xml,java.sql,java.desktop,java.security.jgss,java.instrument,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.zipfs,jdk.localedata
CACHE="${PORTOLAN_IMAGE_CACHE:-${HOME:-/root}/.cache/portolan-image}"

log() { printf '[image-base %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[image-base] ERROR: %s\n' "$*" >&2; exit 1; }

command -v dpkg-deb >/dev/null || die "dpkg-deb is required (a Debian or Ubuntu machine)"
command -v apt-get >/dev/null || die "apt-get is required to download ${PACKAGES[*]}"
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}
[[ -x "$JAVA_HOME/bin/jlink" && -d "$JAVA_HOME/jmods" ]] || die "no jlink and jmods under $JAVA_HOME (Debian: openjdk-17-jdk-headless)"

versions=()
for p in "${PACKAGES[@]}"; do
  v=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
  [[ -n "$v" && "$v" != "(none)" ]] || v=$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null) || die "no version of $p known to apt"
  versions+=("$p=$v")
done
key="$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) ${versions[*]} ${MODULES} $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$OUT/key" && "$(cat "$OUT/key")" == "$key" && -x "$OUT/root/opt/java/bin/java" ]]; then
  log "up to date: $OUT/root"
  exit 0
fi

t0=$(date +%s)
rm -rf "$OUT"; mkdir -p "$OUT/root" "$CACHE/debs"
(
  cd "$CACHE/debs"
  for pv in "${versions[@]}"; do
    p=${pv%%=*}; v=${pv#*=}
    compgen -G "${p}_${v//:/%3a}_*.deb" >/dev/null && continue
    apt-get download -q "$pv" >&2 || die "apt-get download $pv failed (run apt-get update first)"
  done
)
for pv in "${versions[@]}"; do
  p=${pv%%=*}; v=${pv#*=}
  deb=$(compgen -G "$CACHE/debs/${p}_${v//:/%3a}_*.deb" | head -n 1)
  dpkg-deb -x "$deb" "$OUT/root"
done
# Absolute links (lib64/ld-linux-x86-64.so.2 -> /lib/...) made relative, so that whoever reads
# the tree (Jib) resolves them inside it and never on the build machine.
while read -r l; do
  t=$(readlink "$l")
  [[ "$t" == /* ]] && ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$OUT/root$t")" "$l"
done < <(find "$OUT/root" -type l)
# Documentation, locales, the iconv modules and the dynamic loader cache tools are not needed.
rm -rf "$OUT/root/usr/share" "$OUT/root/usr/lib/x86_64-linux-gnu/gconv" "$OUT/root/usr/libexec" \
  "$OUT/root/sbin" "$OUT/root/usr/sbin" "$OUT/root/usr/bin" "$OUT/root/etc/ld.so.conf.d"

"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$OUT/root/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive
# Debian's JDK links its security files to /etc; jlink copied what they point to.
mkdir -p "$OUT/root/etc" "$OUT/root/tmp"
cat >"$OUT/root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$OUT/root/etc/group" <<'EOF'
root:x:0:
nonroot:x:65532:
EOF
printf '%s\n' "${versions[@]}" "$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" >"$OUT/root/etc/portolan-image-base"
echo "$key" >"$OUT/key"
log "base in $OUT/root: $(du -sh "$OUT/root" | cut -f1) in $(( $(date +%s) - t0 )) s (${versions[*]})"
