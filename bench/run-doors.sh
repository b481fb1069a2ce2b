#!/usr/bin/env bash
# Several doors behind HAProxy on this machine: the aggregate rate through HAProxy in front of 1, 2 and 3 doors,
# against one door reached directly, in the same run, with the CPU of each part (doors, HAProxy, load generator).
# A benchmark, not a test: its numbers go into BENCHMARKS.md ("Several doors") and docs/capacity-plan.md.
#
#   ./mvnw -q -o -DskipTests package && bench/run-doors.sh          # the full run (about 10-15 minutes, 2 cores)
#   DOORS="1 3" MEASURE=gettiny bench/run-doors.sh                   # fewer set-ups or kinds
#   ROUNDS=1 WRK_SECONDS=2 MINT_SECONDS=2 WARMUP_RUN_SECONDS=1 WARMUP_MAX_SECONDS=3 TRIES=1 \
#     OUT=/tmp/doors-smoke bench/run-doors.sh                        # a smoke test of the harness (not a result)
#
# What runs, all on loopback:
# - max(DOORS) doors, each `java <the flags of packaging/gridgate.service> -jar gateway.jar serve --config ...`
#   (the shipped heap and direct-memory defaults, as bench/run-peers.sh starts its door), on one storage root and
#   one macaroon secrets file (file mode: ZooKeeper is not started; it holds the secrets and locks, and no request
#   measured here reads it, so the data path is the same with it). Each door takes PROXY v2 headers from LB_SOURCE
#   only (`listen.proxy-protocol-from`), as in README "Several doors"; a client from any other address connects as
#   itself.
# - one HAProxy (Debian package; TCP mode, TLS passed through, `send-proxy-v2 source LB_SOURCE`, round robin, health
#   checks on each door's /ready), with one frontend per N in DOORS: port PORT_LB+N balances over doors 1..N.
# - the "direct" set-up: door 1 reached straight from 127.0.0.1 (no HAProxy, no PROXY header), the single-door
#   baseline. The same JVM serves door 1 of every set-up, so all of them see the same JIT state.
# Idle doors (doors 2 and 3 while 1 door is measured) and HAProxy during the direct measurement count as idle
# servers, not as others.
#
# Request kinds (MEASURE), with bench/run-peers.sh's loads: gettiny (wrk GET of a 33-byte file, 2 threads, 16
# connections, bearer macaroon), get1m (the same with 1 MiB), mint (bench/HttpsLoad.java, MINT_THREADS keep-alive
# connections minting with the dev user's proxy as client certificate; "mint-newconn": one TLS handshake per mint).
# HAProxy balances connections, not requests: 16 wrk connections over 3 doors are 6/5/5, 4 mint connections 2/1/1.
#
# Every set-up is warmed up until steady (bench/lib.sh), then ROUNDS rounds measure each kind on each set-up, the
# order of the set-ups rotating per round. Per measurement, from /proc (bench/run-peers.sh's header has the
# details): the rate; the CPU per request (and per GiB for get1m) of the doors serving it, of HAProxy, and of the
# load generator ("client"); others' CPU in % of one core, a measurement being taken again (up to TRIES) while
# others took more than OTHERS_MAX % of a core and marked "!" if it still did.
#
# Knobs (environment), with their defaults:
#   DOORS="1 2 3"  DIRECT=1 (0: no direct set-up)  MEASURE="gettiny get1m mint" (also: mint-newconn)
#   ROUNDS=3 WRK_SECONDS=10 MINT_SECONDS=10 MINT_THREADS=4 OTHERS_MAX=10 TRIES=3
#   WARMUP_RUN_SECONDS=4 WARMUP_TOLERANCE=5 WARMUP_MAX_SECONDS=40 WARMUP_SECONDS=0
#   DOOR_JAVA_OPTS=<the flags of packaging/gridgate.service> DOOR_ENV=<its Environment= lines> (either, even empty,
#   replaces them)  DOOR_XMX= (adds -Xmx)
#   PORT_DOOR=28650 (door i on PORT_DOOR+i, its metrics and /ready on PORT_METRICS+i) PORT_METRICS=28660
#   PORT_LB=28670 (HAProxy for N doors on PORT_LB+N)  LB_SOURCE=127.0.0.5 (HAProxy's address towards the doors)
#   JAR=gateway/target/gateway.jar  OUT=bench/results/<date>-doors  KEEP=0 (1 keeps the work dir in /tmp)
#
# Output: $OUT/results.tsv (measurement:metric set-up round value extra; set-ups "direct", "lb1", "lb2", ...),
# $OUT/warmup.tsv, $OUT/rss-trace.tsv, the wrk and HttpsLoad outputs, haproxy.cfg and door1.yaml as used, and
# $OUT/summary.md (bench/summarize-doors.py; also printed): a Markdown table for BENCHMARKS.md. The EXIT trap (also
# on Ctrl-C) stops every process this script started, by pid, and deletes the test data.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
DOORS=${DOORS:-1 2 3}
DIRECT=${DIRECT:-1}
MEASURE=${MEASURE:-gettiny get1m mint}
ROUNDS=${ROUNDS:-3}
WRK_SECONDS=${WRK_SECONDS:-10}
MINT_SECONDS=${MINT_SECONDS:-10}
MINT_THREADS=${MINT_THREADS:-4}
OTHERS_MAX=${OTHERS_MAX:-10}
TRIES=${TRIES:-3}
WARMUP_RUN_SECONDS=${WARMUP_RUN_SECONDS:-4}
WARMUP_TOLERANCE=${WARMUP_TOLERANCE:-5}
WARMUP_MAX_SECONDS=${WARMUP_MAX_SECONDS:-40}
WARMUP_SECONDS=${WARMUP_SECONDS:-0}
PORT_DOOR=${PORT_DOOR:-28650}
PORT_METRICS=${PORT_METRICS:-28660}
PORT_LB=${PORT_LB:-28670}
LB_SOURCE=${LB_SOURCE:-127.0.0.5}
JAR=${JAR:-$REPO/gateway/target/gateway.jar}
DOOR_XMX=${DOOR_XMX:-}
KEEP=${KEEP:-0}
read_shipped_door_settings
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS-$SHIPPED_JAVA_OPTS}
DOOR_ENV=${DOOR_ENV-$SHIPPED_ENV}
DOOR_FLAGS="$DOOR_JAVA_OPTS${DOOR_XMX:+ -Xmx$DOOR_XMX}"
measuring() { [[ " $MEASURE " == *" $1 "* ]]; }

for n in ROUNDS WRK_SECONDS MINT_SECONDS MINT_THREADS OTHERS_MAX TRIES WARMUP_RUN_SECONDS WARMUP_TOLERANCE \
         WARMUP_MAX_SECONDS WARMUP_SECONDS PORT_DOOR PORT_METRICS PORT_LB; do
    [[ ${!n} =~ ^[0-9]+$ ]] || { echo "$n must be a whole number, not '${!n}'" >&2; exit 2; }
done
if [ "$TRIES" -lt 1 ] || [ "$ROUNDS" -lt 1 ] || [ "$WARMUP_RUN_SECONDS" -lt 1 ]; then echo "TRIES, ROUNDS, WARMUP_RUN_SECONDS must be >= 1" >&2; exit 2; fi
MAX_DOORS=0
for n in $DOORS; do
    [[ $n =~ ^[1-9]$ ]] || { echo "DOORS: whole numbers from 1 to 9, not '$n'" >&2; exit 2; }
    [ "$n" -gt "$MAX_DOORS" ] && MAX_DOORS=$n
done
[ "$MAX_DOORS" -gt 0 ] || [ "$DIRECT" = 1 ] || { echo "nothing to measure: DOORS is empty and DIRECT=0" >&2; exit 2; }
[ "$MAX_DOORS" -gt 0 ] || MAX_DOORS=1
for m in $MEASURE; do
    case $m in gettiny|get1m|mint|mint-newconn) ;; *) echo "MEASURE: gettiny, get1m, mint, mint-newconn; not '$m'" >&2; exit 2;; esac
done
for tool in java curl wrk haproxy python3 timeout ss; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk haproxy)" >&2; exit 2; }
done
ports=()
for i in $(seq 1 "$MAX_DOORS"); do ports+=($((PORT_DOOR + i)) $((PORT_METRICS + i))); done
for n in $DOORS; do ports+=($((PORT_LB + n))); done
for port in "${ports[@]}"; do
    if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is busy; set PORT_DOOR, PORT_METRICS, PORT_LB" >&2; exit 2; fi
done
if [ ! -f "$JAR" ]; then
    (cd "$REPO" && ./mvnw -q -o -pl gateway -am -DskipTests package)
fi

# The set-ups measured ("subjects"), and the process groups whose CPU is counted as each one's servers'
SUBJECTS=
[ "$DIRECT" = 1 ] && SUBJECTS="direct"
for n in $DOORS; do SUBJECTS="$SUBJECTS lb$n"; done
SUBJECTS=${SUBJECTS# }
SERVERS="$(for i in $(seq 1 "$MAX_DOORS"); do printf 'door%s ' "$i"; done)${DOORS:+haproxy}"
SERVERS=${SERVERS% }
serving_groups() { # subject -> groups
    case $1 in
        direct) echo door1;;
        lb*) for i in $(seq 1 "${1#lb}"); do printf 'door%s ' "$i"; done; echo haproxy;;
    esac
}
doors_of() { [ "$1" = direct ] && echo 1 || echo "${1#lb}"; }

START=$SECONDS
W=$(mktemp -d /tmp/gridgate-bench-doors.XXXXXX)
OUT=${OUT:-$REPO/bench/results/$(date +%F)-doors}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"
printf 'server\tkind\trun\tseconds\trate\tunit\tothers_cpu_pct\n' > "$OUT/warmup.tsv"
printf 'after\tround\tserver\tpeak_rss_MiB\n' > "$OUT/rss-trace.tsv"
DOOR_PIDS=()
PKI_PID=
LB_PID=

cleanup() {
    local rc=$? i
    set +e
    trap - EXIT INT TERM
    # Only what this script started: background jobs of this shell, then the servers by pid.
    for j in $(jobs -p); do kill "$j" 2>/dev/null; done
    stop_pid "$LB_PID" TERM
    stop_pid "$PKI_PID" TERM
    for i in "${!DOOR_PIDS[@]}"; do kill -TERM "${DOOR_PIDS[$i]}" 2>/dev/null; done   # all drain at once
    for i in "${!DOOR_PIDS[@]}"; do stop_pid "${DOOR_PIDS[$i]}" TERM; done
    wait 2>/dev/null
    for i in $(seq 1 "$MAX_DOORS"); do
        [ -f "$W/door$i.log" ] || continue
        head -40 "$W/door$i.log" > "$OUT/door$i-start.log"
        # the log lines that are neither access-log lines (they start with the client address) nor mints
        grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$W/door$i.log" | grep -v ' \[INFO\] MacaroonRequests - ' | tail -200 > "$OUT/door$i-other.log"
    done
    [ -f "$W/haproxy.log" ] && cp "$W/haproxy.log" "$OUT/haproxy.log"
    rm -rf "$W/data" "$W/src"
    if [ "$KEEP" != 1 ]; then rm -rf "$W"; fi
    [ "$rc" = 0 ] || log "stopped (exit $rc), every process this run started is gone; what was measured is in $OUT"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() { # port what pid
    for _ in $(seq 1 150); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        [ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || { echo "$2 died; see $W" >&2; exit 1; }
        sleep 0.2
    done
    echo "$2 did not listen on port $1 in 30 s" >&2; exit 1
}

# ---------------------------------------------------------------- PKI: a dev door makes it and is stopped at once
log "work dir $W; set-ups: $SUBJECTS; door JVM flags: ${DOOR_FLAGS:-none, the JVM defaults}${DOOR_ENV:+; environment: $DOOR_ENV}"
java -jar "$JAR" dev --dir "$W/pki" --port "$((PORT_DOOR + 1))" > "$W/pki.log" 2>&1 &
PKI_PID=$!
wait_listening "$PKI_PID" "$W/pki.log" "the dev door making the PKI"
stop_pid "$PKI_PID" TERM
wait "$PKI_PID" 2>/dev/null || true
PKI_PID=
CAPATH=$W/pki/certificates
CAFILE=$W/pki/ca/ca.pem
PROXY=$W/pki/user-proxy.pem
USER_DN="/DC=org/DC=example/CN=Dev User"   # the dev PKI's user (certs DevPki.USER_DN)

# ---------------------------------------------------------------- doors: one root, one secrets file
mkdir -p "$W/data/bench" "$W/src"
cat > "$W/policy.yaml" <<POLICY
rules:
  - name: bench-user
    match: {dn: "$USER_DN"}
    allow: {activities: [UPLOAD, DOWNLOAD, LIST, READ_METADATA, DELETE, MANAGE], paths: [/]}
POLICY
for i in $(seq 1 "$MAX_DOORS"); do
    cat > "$W/door$i.yaml" <<YAML
listen: {host: 127.0.0.1, port: $((PORT_DOOR + i)), proxy-protocol-from: [$LB_SOURCE]}
tls: {certificate: $W/pki/host/hostcert.pem, key: $W/pki/host/hostkey.pem}
grid: {ca-directory: $CAPATH}
storage: {root: $W/data}
macaroons: {secret-file: $W/macaroon-secrets}
policy: $W/policy.yaml
metrics: {host: 127.0.0.1, port: $((PORT_METRICS + i))}
YAML
done
cp "$W/door1.yaml" "$OUT/door1.yaml"
java -jar "$JAR" secrets rotate --config "$W/door1.yaml" > "$W/secrets.log" 2>&1 || { cat "$W/secrets.log" >&2; exit 1; }
for i in $(seq 1 "$MAX_DOORS"); do
    # shellcheck disable=SC2086 # the flags are words
    env $DOOR_ENV java $DOOR_FLAGS -jar "$JAR" serve --config "$W/door$i.yaml" --drain-seconds 5 > "$W/door$i.log" 2>&1 &
    DOOR_PIDS[i]=$!
done
for i in $(seq 1 "$MAX_DOORS"); do
    wait_listening "${DOOR_PIDS[$i]}" "$W/door$i.log" "door $i"
    SRV_PIDS[door$i]=${DOOR_PIDS[$i]}
done
TLS_ENGINE=$(sed -n 's/.*TLS engine: //p' "$W/door1.log" | head -1)
log "doors up: pids ${DOOR_PIDS[*]}, ports $((PORT_DOOR + 1))-$((PORT_DOOR + MAX_DOORS)), TLS engine $TLS_ENGINE"

# ---------------------------------------------------------------- HAProxy: one frontend per number of doors
{
    cat <<CFG
global
  maxconn 1024
  stats socket $W/haproxy.sock mode 600 level user
defaults
  mode tcp
  timeout connect 5s
  timeout client 300s
  timeout server 300s
CFG
    for n in $DOORS; do
        printf 'frontend doors%s\n  bind 127.0.0.1:%s\n  default_backend doors%s\n' "$n" $((PORT_LB + n)) "$n"
        printf 'backend doors%s\n  balance roundrobin\n  option httpchk GET /ready\n' "$n"
        for i in $(seq 1 "$n"); do
            printf '  server door%s 127.0.0.1:%s send-proxy-v2 source %s check port %s inter 2s\n' \
                "$i" $((PORT_DOOR + i)) "$LB_SOURCE" $((PORT_METRICS + i))
        done
    done
} > "$W/haproxy.cfg"
sed "s#$W#WORK#g" "$W/haproxy.cfg" > "$OUT/haproxy.cfg"
if [ -n "$DOORS" ]; then
    haproxy -c -q -f "$W/haproxy.cfg"
    haproxy -db -f "$W/haproxy.cfg" > "$W/haproxy.log" 2>&1 &
    LB_PID=$!
    for n in $DOORS; do wait_port $((PORT_LB + n)) HAProxy "$LB_PID"; done
    SRV_PIDS[haproxy]=$LB_PID
fi
haproxy_cmd() { # command -> HAProxy's answer on its stats socket
    python3 - "$W/haproxy.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while chunk := s.recv(65536):
    out += chunk
print(out.decode(errors="replace"), end="")
PY
}
LB_THREADS=-
if [ -n "$LB_PID" ]; then
    # every door in every backend UP (its /ready checked) before anything is measured
    for try in $(seq 1 60); do
        down=$(haproxy_cmd 'show stat' | awk -F, '$1 ~ /^doors/ && $2 ~ /^door/ && $18 != "UP" {print $1 "/" $2 ":" $18}')
        [ -z "$down" ] && break
        [ "$try" = 60 ] && { echo "HAProxy still sees doors not UP after 30 s: $down" >&2; exit 1; }
        sleep 0.5
    done
    LB_THREADS=$(haproxy_cmd 'show info' | sed -n 's/^Nbthread: //p')
    log "HAProxy pid $LB_PID ($(haproxy -v | head -1 | cut -d' ' -f1-3), $LB_THREADS threads), ports $(for n in $DOORS; do printf '%s ' $((PORT_LB + n)); done)(1..N doors); every door UP"
fi

# ---------------------------------------------------------------- credentials, files
M=$(curl -sS --max-time 30 -E "$PROXY" --capath "$CAPATH" -H 'Content-Type: application/macaroon-request' -X POST \
        -d '{"caveats":["activity:DOWNLOAD,UPLOAD,DELETE"],"validity":"PT6H"}' "https://localhost:$((PORT_DOOR + 1))/bench/" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["macaroon"])')
[ -n "$M" ] || { echo "could not mint a macaroon from door 1" >&2; exit 1; }
url_of() { case $1 in direct) echo "https://localhost:$((PORT_DOOR + 1))/bench";; lb*) echo "https://localhost:$((PORT_LB + ${1#lb}))/bench";; esac; }
auth_of() { AUTH=(-H "Authorization: Bearer $M"); }
head -c $((1 << 20)) /dev/urandom > "$W/src/1m.bin"
printf 'tiny file for request-rate tests\n' > "$W/src/tiny.txt"
for f in 1m.bin tiny.txt; do
    code=$(curl -sS --max-time 60 --capath "$CAPATH" -H "Authorization: Bearer $M" -T "$W/src/$f" -o /dev/null -w '%{http_code}' "$(url_of direct)/$f")
    [ "$code" = 201 ] || [ "$code" = 204 ] || { echo "PUT $f gave $code" >&2; exit 1; }
done
# the macaroon minted at door 1 reads the file through every door and every set-up
for s in $SUBJECTS; do
    for i in $(seq 1 "$(doors_of "$s")"); do   # round robin: N new connections reach N doors
        code=$(curl -sS --max-time 30 --capath "$CAPATH" -H "Authorization: Bearer $M" -o /dev/null -w '%{http_code}' "$(url_of "$s")/tiny.txt")
        [ "$code" = 200 ] || { echo "GET tiny.txt through $s gave $code" >&2; exit 1; }
    done
done

# HAProxy passed the client's address on: no door saw a request from the balancer's own address
for i in $(seq 1 "$MAX_DOORS"); do
    if grep -q "^$LB_SOURCE " "$W/door$i.log"; then echo "door $i logged requests from $LB_SOURCE: the PROXY header was not used" >&2; exit 1; fi
done

compile_https_load
mint_load() { # subject mode seconds warmup -> HttpsLoad's output line
    local extra=()
    [ "$2" = newconn ] && extra=(--new-connection)
    timeout $(($3 + $4 + 60)) java "${HTTPS_LOAD[@]}" --url "$(url_of "$1")/" --method POST \
        --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
        --cert "$PROXY" --ca "$CAFILE" --threads "$MINT_THREADS" --warmup "$4" --seconds "$3" "${extra[@]}" || true
}

# The CPU of each part of a set-up, beside measure()'s "server" (all of the set-up's servers) and "client" rows:
# the doors' together, HAProxy's, and each door's share of the doors' CPU (how evenly HAProxy spread the load).
extra_cpu() { # name subject
    local s=$2 n i doors=0 shares=''
    n=$(doors_of "$s")
    local t
    for i in $(seq 1 "$n"); do t=${IV_SRVS[door$i]}; doors=$((doors + t)); shares+=" $t"; done
    # shellcheck disable=SC2086 # one argument per door
    python3 - "$CLK_TCK" "$WORK_REQ" "$WORK_BYTES" "$doors" "$([ "$s" = direct ] && echo - || echo "${IV_SRVS[haproxy]}")" $shares <<'PY'
import sys
hz, req, nbytes, doors = (int(x) for x in sys.argv[1:5])
lb, shares = sys.argv[5], [int(x) for x in sys.argv[6:]]
if req > 0:
    gib = nbytes / 2**30 if nbytes / req >= 65536 else 0
    print(f"doors_us/req {doors / hz * 1e6 / req:.1f}")
    if gib:
        print(f"doors_s/GiB {doors / hz / gib:.3f}")
    if lb != "-":
        print(f"haproxy_us/req {int(lb) / hz * 1e6 / req:.1f}")
        if gib:
            print(f"haproxy_s/GiB {int(lb) / hz / gib:.3f}")
if len(shares) > 1 and sum(shares) > 0:
    for i, t in enumerate(shares, 1):
        print(f"door{i}_share_% {100 * t / sum(shares):.1f}")
PY
}

# ---------------------------------------------------------------- warm-up until steady
warm_run() { # kind subject -> WRATE WUNIT
    local kind=$1 s=$2 out f
    auth_of "$s"
    case $kind in
        get1m|gettiny)
            f=1m.bin; [ "$kind" = gettiny ] && f=tiny.txt
            iv_begin
            timeout $((WARMUP_RUN_SECONDS + 30)) wrk -t2 -c16 -d"${WARMUP_RUN_SECONDS}s" "${AUTH[@]}" "$(url_of "$s")/$f" > "$W/warm.txt" 2>&1 || true
            iv_end
            read -r WRATE _ <<< "$(parse_wrk "$W/warm.txt")"; WUNIT=req/s;;
        mint-keepalive|mint-newconn)
            iv_begin
            out=$(mint_load "$s" "${kind#mint-}" "$WARMUP_RUN_SECONDS" 1)
            iv_end
            read -r WRATE _ <<< "$(parse_load "$out")"; WUNIT=req/s;;
    esac
}
KINDS=
measuring gettiny && KINDS="$KINDS gettiny"
measuring get1m && KINDS="$KINDS get1m"
measuring mint && KINDS="$KINDS mint-keepalive"
measuring mint-newconn && KINDS="$KINDS mint-newconn"
# the most doors first, so that every door's JIT has seen traffic before the smaller set-ups are judged steady
WARM_ORDER=$(for s in $SUBJECTS; do echo "$(doors_of "$s") $s"; done | sort -rn -s -k1,1 | cut -d' ' -f2 | tr '\n' ' ')
log "warm-up until steady ($KINDS; runs of ${WARMUP_RUN_SECONDS} s, within $WARMUP_TOLERANCE %, at most $WARMUP_MAX_SECONDS s each; order: $WARM_ORDER)"
for s in $WARM_ORDER; do
    for kind in $KINDS; do warm_until_steady "$kind" "$s"; done
done

# ---------------------------------------------------------------- rounds
order() { # round -> subjects, rotated
    local arr n k out=()
    read -ra arr <<< "$SUBJECTS"
    n=${#arr[@]}
    for k in $(seq 0 $((n - 1))); do out+=("${arr[$(( (k + $1 - 1) % n ))]}"); done
    echo "${out[@]}"
}
for r in $(seq 1 "$ROUNDS"); do
    log "=== round $r of $ROUNDS (order: $(order "$r"))"
    for kind in $KINDS; do
        for s in $(order "$r"); do
            case $kind in
                gettiny) measure gettiny "$s" "$r" load_wrk gettiny tiny.txt;;
                get1m) measure get1m "$s" "$r" load_wrk get1m 1m.bin;;
                mint-*) measure "$kind" "$s" "$r" load_mint "${kind#mint-}";;
            esac
        done
    done
done

# ---------------------------------------------------------------- peak RSS, summary
for g in $SERVERS; do
    [ -n "${SRV_PIDS[$g]:-}" ] && record "peak_rss_MiB" "$g" 0 "$(( $(hwm_kb "$g") / 1024 ))" "VmHWM over the whole run"
done
{
    echo "# run $(date -u +%FT%TZ) ($(( (SECONDS - START + 30) / 60 )) min): $ROUNDS rounds, set-ups: $SUBJECTS (direct: door 1 without HAProxy; lbN: HAProxy in front of doors 1..N), measured: $MEASURE"
    echo "# doors: ${DOOR_ENV:+$DOOR_ENV }java ${DOOR_FLAGS:-(no flags)} -jar $(basename "$JAR") serve (one storage root, one secrets file; no ZooKeeper: the data path does not use it); TLS engine $TLS_ENGINE"
    echo "# HAProxy: $(haproxy -v | head -1 | cut -d' ' -f1-3), $LB_THREADS threads, TCP mode, send-proxy-v2, roundrobin (haproxy.cfg)"
    echo "# machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2" GiB RAM"}'); $(uname -r)"
    echo "# $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); git $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# knobs: WRK_SECONDS=$WRK_SECONDS MINT_SECONDS=$MINT_SECONDS MINT_THREADS=$MINT_THREADS OTHERS_MAX=$OTHERS_MAX TRIES=$TRIES WARMUP_RUN_SECONDS=$WARMUP_RUN_SECONDS WARMUP_TOLERANCE=$WARMUP_TOLERANCE WARMUP_MAX_SECONDS=$WARMUP_MAX_SECONDS WARMUP_SECONDS=$WARMUP_SECONDS"
} > "$OUT/summary.md"
# shellcheck disable=SC2086 # one argument per set-up
python3 "$HERE/summarize-doors.py" --others-max "$OTHERS_MAX" "$RESULTS" $SUBJECTS >> "$OUT/summary.md"
cat "$OUT/summary.md"
log "raw results in $RESULTS"
