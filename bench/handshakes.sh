#!/usr/bin/env bash
# Full TLS handshakes per second with grid client authentication, against plain handshakes in the same run.
#
# For each TLS engine (JDK, OpenSSL/BoringSSL) one door is started and driven by bench/HttpsLoad.java with a new
# connection (full handshake, no resumption) per request:
#   plain  : OPTIONS without a client certificate (handshake only; no chain validation)
#   proxy  : HEAD with the dev RFC 3820 proxy (handshake + canl proxy-chain validation + policy check)
# Prints one line per measurement and the ratio proxy/plain. Bounded: SECONDS per measurement (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-10}
THREADS=${THREADS:-4}
JAR=gateway/target/gateway.jar
[ -f "$JAR" ] || ./mvnw -q -DskipTests package
WORK=$(mktemp -d /tmp/gridgate-handshakes.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# The dev door makes the PKI; the JDK door reuses it through a configuration file.
java -jar "$JAR" dev --port 28601 --dir "$WORK/dev" > "$WORK/dev.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do grep -q "listening on" "$WORK/dev.log" && break; sleep 1; done
D=$WORK/dev
printf 'rules:\n  - name: bench\n    allow: {activities: [DOWNLOAD, READ_METADATA, LIST], paths: [/]}\n' > "$WORK/policy.yaml"
cat > "$WORK/jdk.yaml" <<YAML
listen: {host: localhost, port: 28602}
tls: {certificate: $D/host/hostcert.pem, key: $D/host/hostkey.pem, provider: jdk}
grid: {ca-directory: $D/certificates}
storage: {root: $D/data}
macaroons: {secret-file: $WORK/jdk-secrets}
policy: $WORK/policy.yaml
YAML
java -jar "$JAR" serve --config "$WORK/jdk.yaml" > "$WORK/jdk.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do grep -q "listening on" "$WORK/jdk.log" && break; sleep 1; done
echo "hello" > "$D/data/f"

load() { # port method cert-or-empty
  local cert=()
  [ -n "$3" ] && cert=(--cert "$3")
  java bench/HttpsLoad.java --url "https://localhost:$1/f" --method "$2" --ca "$D/ca/ca.pem" "${cert[@]}" \
       --threads "$THREADS" --seconds "$SECONDS_EACH" --warmup 3 --new-connection
}
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); threads=$THREADS seconds=$SECONDS_EACH"
for engine in openssl:28601 jdk:28602; do
  name=${engine%%:*}; port=${engine##*:}
  plain=$(load "$port" OPTIONS "")
  proxy=$(load "$port" HEAD "$D/user-proxy.pem")
  echo "$name plain: $plain"
  echo "$name proxy: $proxy"
  p=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<< "$plain"); q=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<< "$proxy")
  [ -n "$p" ] && [ -n "$q" ] && echo "$name ratio proxy/plain: $(python3 -c "print(round($q/$p, 2))")"
done
