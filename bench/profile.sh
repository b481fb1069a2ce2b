#!/usr/bin/env bash
# Where the door's time goes: a JFR recording of the door under one wrk load, summarised as the hottest methods
# (own time, "self") and the hottest frames anywhere on the stack ("total"), plus thread CPU split.
#
#   bench/profile.sh                 # GET of a 33-byte file with a bearer macaroon, 16 connections
#   FILE=1m bench/profile.sh         # GET of 1 MiB
#   FILE=mint bench/profile.sh       # macaroon requests with the dev user's proxy on keep-alive (bench/HttpsLoad.java, 4 threads)
#   SECONDS_LOAD=20 WARMUP=30 bench/profile.sh
#   DOOR_JAVA_OPTS= DOOR_ENV= bench/profile.sh   # the JVM's defaults instead of the shipped flags
#
# Loopback only; wrk is bounded by -d; the EXIT trap stops the door and removes the work directory (the
# recording and summary stay in $OUT).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
JAR=${JAR:-$REPO/gateway/target/gateway.jar}
PORT=${PORT:-28453}
FILE=${FILE:-tiny}
WARMUP=${WARMUP:-30}
SECONDS_LOAD=${SECONDS_LOAD:-20}
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
read_shipped_door_settings
# The door as a site starts it (packaging/gridgate.service's flags and environment); set either, even empty, to override.
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS-$SHIPPED_JAVA_OPTS}
DOOR_ENV=${DOOR_ENV-$SHIPPED_ENV}
W=$(mktemp -d /tmp/gridgate-profile.XXXXXX)
OUT=${OUT:-$W/out}
mkdir -p "$OUT"
DOOR_PID=
cleanup() {
    set +e
    [ -n "$DOOR_PID" ] && kill "$DOOR_PID" 2>/dev/null && wait "$DOOR_PID" 2>/dev/null
    find "$W" -mindepth 1 -maxdepth 1 ! -path "$OUT" -exec rm -rf {} +
}
trap cleanup EXIT

# JFR's "profile" settings with a 1 ms sampling period: enough samples from a 20 s run to rank methods.
JDK_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed 's|<setting name="period" control="method-sampling-java-interval">[^<]*</setting>|<setting name="period">1 ms</setting>|' \
    "$JDK_HOME/lib/jfr/profile.jfc" > "$W/sampling.jfc"
env $DOOR_ENV java $DOOR_JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=256 \
    -jar "$JAR" dev --port "$PORT" --dir "$W/door" > "$W/door.log" 2>&1 &
DOOR_PID=$!
for _ in $(seq 1 240); do grep -q 'listening on https://' "$W/door.log" && break; sleep 0.5; done
C=(--capath "$W/door/certificates")
P=$W/door/user-proxy.pem
case "$FILE" in
    tiny|mint) printf 'a tiny file for per-request cost\n' > "$W/body" ;;
    1m) head -c 1048576 /dev/urandom > "$W/body" ;;
    *) echo "FILE is tiny, 1m or mint" >&2; exit 2 ;;
esac
M=$(curl -sS "${C[@]}" -E "$P" --cacert "$P" -H 'Content-Type: application/macaroon-request' -X POST \
    -d '{"caveats":["activity:UPLOAD,DOWNLOAD"]}' "https://localhost:$PORT/bench/$FILE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["macaroon"])')
curl -sS "${C[@]}" -H "Authorization: Bearer $M" -T "$W/body" "https://localhost:$PORT/bench/$FILE" > /dev/null
URL="https://localhost:$PORT/bench/$FILE"
if [ "$FILE" = mint ]; then
    javac -d "$W/classes" "$HERE/HttpsLoad.java"
    CAFILE=$W/door/ca/ca.pem
    # prints a line like wrk's "N requests in" so the CPU-per-request sum below reads both
    load() {
        java -cp "$W/classes" HttpsLoad --url "https://localhost:$PORT/bench/" --method POST \
            --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
            --cert "$P" --ca "$CAFILE" --threads 4 --warmup 0 --seconds "$1" \
            | awk '{print} /requests/ {for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) {split($i, a, "="); print a[2] " requests in"}}'
    }
else
    load() { wrk -t2 -c16 -d"${1}s" -H "Authorization: Bearer $M" "$URL"; }
fi
timeout $((WARMUP + 20)) bash -c "$(declare -f load); $(declare -p P W PORT URL M CAFILE 2>/dev/null); HERE=$HERE; load $WARMUP" > /dev/null
jcmd "$DOOR_PID" JFR.start name=measured settings="$W/sampling.jfc" > /dev/null
# The door's CPU time (user + system, all its threads) over the measured run: per request it is less at the mercy
# of other load on the machine than requests per second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$DOOR_PID/stat"; }
TICKS0=$(cpu_ticks)
load "$SECONDS_LOAD" | tee "$OUT/wrk.txt"
TICKS1=$(cpu_ticks)
REQUESTS=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
awk -v t=$((TICKS1 - TICKS0)) -v hz="$(getconf CLK_TCK)" -v n="$REQUESTS" \
    'BEGIN {printf "door CPU: %.1f s for %d requests, %.3f CPU-ms per request (with JFR sampling)\n", t / hz, n, 1000 * t / hz / n}' \
    | tee -a "$OUT/wrk.txt"
jcmd "$DOOR_PID" JFR.dump name=measured filename="$OUT/measured.jfr" > /dev/null
jfr print --json --stack-depth 96 --events jdk.ExecutionSample "$OUT/measured.jfr" > "$W/samples.json"
python3 - "$W/samples.json" <<'PY' | tee "$OUT/summary.txt"
import json, sys, collections
events = json.load(open(sys.argv[1]))["recording"]["events"]
self_count = collections.Counter(); total = collections.Counter(); threads = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    t = e["values"]["sampledThread"]["javaName"] or "?"
    threads["".join(c for c in t if not c.isdigit()).rstrip("-")] += 1
    names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
    if names:
        self_count[names[0]] += 1
    for n in set(names):
        total[n] += 1
n = len(events) or 1
print(f"{len(events)} samples")
print("\nthreads (share of samples):")
for t, c in threads.most_common(8):
    print(f"  {100*c/n:5.1f}%  {t}")
print("\nhottest methods, own time:")
for m, c in self_count.most_common(30):
    print(f"  {100*c/n:5.1f}%  {m}")
callers = collections.defaultdict(collections.Counter)
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
    first_own = next((x for x in names if x.startswith("org.gridgate")), None)
    if names and first_own:
        callers[names[0]][first_own] += 1
print("\nfor the 12 hottest methods, the door's frame nearest to them:")
for m, c in self_count.most_common(12):
    top = ", ".join(f"{k.replace('org.gridgate.', '')} {100*v/n:.1f}%" for k, v in callers[m].most_common(3))
    print(f"  {m}: {top}")
print("\non the stack (inclusive), gridgate and netty entry points:")
for m, c in total.most_common(400):
    if m.startswith(("org.gridgate", "io.netty.handler.ssl.SslHandler.wrap", "io.netty.handler.ssl.SslHandler.unwrap",
                     "io.netty.handler.codec.http.HttpObjectDecoder.decode", "io.netty.handler.codec.http.HttpObjectEncoder.encode",
                     "com.github.nitram509", "org.slf4j", "ch.qos.logback", "io.micrometer", "java.nio.file.Files")) and 100*c/n >= 1.0:
        print(f"  {100*c/n:5.1f}%  {m}")
logging = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    if any(f["method"]["type"]["name"].startswith(("org/slf4j", "org.slf4j", "ch/qos/logback", "ch.qos.logback")) for f in frames):
        t = e["values"]["sampledThread"]["javaName"] or "?"
        logging["".join(c for c in t if not c.isdigit()).rstrip("-")] += 1
print(f"\nlogging (an org.slf4j or ch.qos.logback frame on the stack): {100*sum(logging.values())/n:.1f}% of samples"
      + "".join(f"; {t} {100*c/n:.1f}%" for t, c in logging.most_common()))
PY
echo "recording: $OUT/measured.jfr; summary: $OUT/summary.txt" >&2
