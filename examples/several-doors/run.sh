#!/usr/bin/env bash
# Several doors as one service, on loopback: ZooKeeper (the Debian zookeeperd package's jar), three doors sharing
# their macaroon secrets through it and one storage root, and HAProxy in TCP mode with send-proxy-v2 in front.
#
#   ./mvnw -q package -DskipTests        # builds gateway/target/gateway.jar
#   examples/several-doors/run.sh        # starts everything, prints how to use it, stops it all on Enter or Ctrl-C
#
# Ports: HAProxy 8443, doors 8451-8453 (metrics and /ready on 9101-9103), ZooKeeper 2191. HAProxy connects to the
# doors from 127.0.0.5, the one address whose PROXY headers they take. WORK=DIR keeps the files (default: a temp dir).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${GATEWAY_JAR:-$HERE/../../gateway/target/gateway.jar}
WORK=${WORK:-$(mktemp -d /tmp/gridgate-several-doors.XXXXXX)}
mkdir -p "$WORK"
JAVA=${JAVA:-java}
ZK_PORT=2191
[ -r "$JAR" ] || { echo "no $JAR: build it with ./mvnw -q package -DskipTests" >&2; exit 1; }
[ -r /usr/share/java/zookeeper.jar ] || { echo "no ZooKeeper: apt-get install zookeeperd" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "no HAProxy: apt-get install haproxy" >&2; exit 1; }

PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped; files in $WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_for_port() { # port, what
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not listen on port $1; see $WORK/*.log" >&2
  exit 1
}

# 1. A dev PKI (CA, host credential, user proxy), made by a dev door that is stopped again at once.
"$JAVA" -jar "$JAR" dev --dir "$WORK/pki" --port 8450 >"$WORK/pki.log" 2>&1 &
pki=$!
wait_for_port 8450 "the dev door making the PKI"
kill "$pki"; wait "$pki" 2>/dev/null || true

# 2. ZooKeeper, standalone, its data in $WORK.
mkdir -p "$WORK/zookeeper"
cat >"$WORK/zookeeper/zoo.cfg" <<CFG
tickTime=1000
dataDir=$WORK/zookeeper
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
admin.enableServer=false
CFG
"$JAVA" -cp /usr/share/java/zookeeper.jar org.apache.zookeeper.server.ZooKeeperServerMain \
  "$WORK/zookeeper/zoo.cfg" >"$WORK/zookeeper.log" 2>&1 &
PIDS+=($!)
wait_for_port "$ZK_PORT" ZooKeeper

# 3. Three doors, one storage root, one policy.
mkdir -p "$WORK/data"
cat >"$WORK/policy.yaml" <<'POLICY'
rules:
  - name: dev-user
    match: {dn: "/DC=org/DC=example/CN=Dev User"}
    allow: {activities: [UPLOAD, DOWNLOAD, LIST, READ_METADATA, DELETE, MANAGE], paths: [/]}
POLICY
# The doors' ZooKeeper identity: every node they create is theirs alone (the secrets are keys).
(umask 077 && echo "gridgate:$(head -c 18 /dev/urandom | base64)" >"$WORK/zookeeper.auth")
for i in 1 2 3; do
  cat >"$WORK/door$i.yaml" <<YAML
listen: {host: 127.0.0.1, port: 845$i, proxy-protocol-from: [127.0.0.5]}
tls: {certificate: $WORK/pki/host/hostcert.pem, key: $WORK/pki/host/hostkey.pem}
grid: {ca-directory: $WORK/pki/certificates}
storage: {root: $WORK/data}
macaroons: {max-lifetime: P7D}   # secrets and revocations are in ZooKeeper: no secrets file
policy: $WORK/policy.yaml
metrics: {host: 127.0.0.1, port: 910$i}
zookeeper: {connect: "127.0.0.1:$ZK_PORT", path: /gridgate-example, auth-file: $WORK/zookeeper.auth}
YAML
done
# Created before the doors start, so they find it (doors starting together would agree on one all the same).
"$JAVA" -jar "$JAR" secrets rotate --config "$WORK/door1.yaml"
for i in 1 2 3; do
  "$JAVA" -jar "$JAR" serve --config "$WORK/door$i.yaml" >"$WORK/door$i.log" 2>&1 &
  PIDS+=($!)
done
for i in 1 2 3; do wait_for_port "845$i" "door $i"; done

# 4. HAProxy in front, TLS passed through, checks on /ready.
cat >"$WORK/haproxy.cfg" <<CFG
global
  maxconn 256
defaults
  mode tcp
  timeout connect 5s
  timeout client 300s
  timeout server 300s
frontend doors
  bind 127.0.0.1:8443
  default_backend doors
backend doors
  balance roundrobin
  option httpchk GET /ready
  server door1 127.0.0.1:8451 send-proxy-v2 source 127.0.0.5 check port 9101 inter 1s
  server door2 127.0.0.1:8452 send-proxy-v2 source 127.0.0.5 check port 9102 inter 1s
  server door3 127.0.0.1:8453 send-proxy-v2 source 127.0.0.5 check port 9103 inter 1s
CFG
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
wait_for_port 8443 HAProxy

cat <<USAGE
Up: HAProxy https://localhost:8443/ in front of doors 8451-8453; logs in $WORK.
  P=$WORK/pki/user-proxy.pem; CA=$WORK/pki/ca/ca.pem
  T=\$(curl -s --cacert \$CA --cert \$P --key \$P -X POST -H 'Content-Type: application/macaroon-request' \\
      -d '{"caveats":["activity:UPLOAD,DOWNLOAD"]}' https://localhost:8451/atlas/ | sed -n 's/.*"macaroon" *: *"\\([^"]*\\)".*/\\1/p')
  curl --cacert \$CA -H "Authorization: Bearer \$T" -T /etc/hostname https://localhost:8443/atlas/hostname
  curl --cacert \$CA -H "Authorization: Bearer \$T" https://localhost:8453/atlas/hostname
  curl http://127.0.0.1:9102/ready
  java -jar $JAR tokens revoke --config $WORK/door1.yaml --issued-before \$(date -u +%Y-%m-%dT%H:%M:%SZ)
  curl --cacert \$CA -H "Authorization: Bearer \$T" https://localhost:8452/atlas/hostname   # 401: revoked
USAGE
if [ -t 0 ]; then read -r -p "Enter stops everything. "; else wait "${PIDS[0]}"; fi
