#!/usr/bin/env bash
# Does the door keep constant memory during ONE upload? Streams SIZE bytes (default 4 GiB) with a chunked bearer
# PUT and, every 3 s, counts the request-body chunks that are alive in the door (jcmd GC.class_histogram: live
# objects only, after a full GC). With real back-pressure the count stays at a handful; if it grows, the door is
# reading from the socket faster than it writes to disk and queueing the difference in memory.
#
#   bench/upload-backlog.sh                       # door with the JVM's default heap
#   DOOR_XMX=256m bench/upload-backlog.sh
#
# Knobs: SIZE (bytes) DOOR_XMX DOOR_JAVA_OPTS PORT=28463 SAMPLES=5 JAR=gateway/target/gateway.jar
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SIZE=${SIZE:-$((4 << 30))}
PORT=${PORT:-28463}
SAMPLES=${SAMPLES:-5}
DOOR_XMX=${DOOR_XMX:-}
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS:-}
JAR=${JAR:-$REPO/gateway/target/gateway.jar}
for tool in java jcmd curl openssl python3; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then echo "port $PORT is busy" >&2; exit 2; fi
[ -f "$JAR" ] || (cd "$REPO" && ./mvnw -q -o -DskipTests package)

W=$(mktemp -d /tmp/gridgate-backlog.XXXXXX)
DOOR_PID=
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    for j in $(jobs -p); do kill "$j" 2>/dev/null; done
    if [ -n "$DOOR_PID" ] && kill -0 "$DOOR_PID" 2>/dev/null; then
        kill "$DOOR_PID"
        for _ in $(seq 1 100); do kill -0 "$DOOR_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$DOOR_PID" 2>/dev/null; then kill -9 "$DOOR_PID"; fi
    fi
    wait 2>/dev/null
    rm -rf "$W"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java ${DOOR_XMX:+-Xmx$DOOR_XMX} $DOOR_JAVA_OPTS "-Xlog:gc:file=$W/gc.log" -jar "$JAR" dev --port "$PORT" --dir "$W/d" > "$W/door.log" 2>&1 &
DOOR_PID=$!
for _ in $(seq 1 240); do grep -q 'listening on https://' "$W/door.log" && break; sleep 0.5; done
grep -q 'listening on https://' "$W/door.log" || { echo "door did not start" >&2; exit 1; }
M=$(curl -sS --max-time 30 -E "$W/d/user-proxy.pem" --capath "$W/d/certificates" -H 'Content-Type: application/macaroon-request' \
      -X POST -d '{"caveats":["activity:UPLOAD"]}' "https://localhost:$PORT/u/" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["macaroon"])')
echo "door heap: ${DOOR_XMX:-JVM default}; upload of $SIZE bytes, chunked, bearer"

(
    for i in $(seq 1 "$SAMPLES"); do
        sleep 3
        kill -0 "$DOOR_PID" 2>/dev/null || break
        h=$(jcmd "$DOOR_PID" GC.class_histogram 2>/dev/null || true)
        chunks=$(awk '$4 == "io.netty.handler.codec.http.DefaultHttpContent" {print $2}' <<< "$h")
        bufs=$(awk '$4 ~ /AdaptivePoolingAllocator\$AdaptiveByteBuf$|PooledUnsafeDirectByteBuf$|PooledDirectByteBuf$/ {s += $2} END {print s + 0}' <<< "$h")
        echo "t=$((3 * i))s  door RSS $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$DOOR_PID/status") MiB" \
             " live body chunks (DefaultHttpContent) ${chunks:-0}  live pooled buffers $bufs"
    done
) &
SAMPLER=$!
{ { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass pass:backlog < /dev/zero 2>/dev/null || true; } | head -c "$SIZE"; } \
    | curl -sS --max-time 900 --speed-limit 1048576 --speed-time 60 --capath "$W/d/certificates" \
        -H "Authorization: Bearer $M" -T - "https://localhost:$PORT/u/big.bin" -o /dev/null \
        -w 'PUT: HTTP %{http_code} in %{time_total} s\n' || echo "PUT failed (curl exit $?)"
wait "$SAMPLER" 2>/dev/null || true
echo "door GC: $(grep -c 'Pause Full (System.gc())' "$W/gc.log" || true) full GCs forced by System.gc() (direct-memory reservation), $(grep -c 'Pause Young' "$W/gc.log" || true) young GCs"
