#!/usr/bin/env bash
# GridGate door vs nginx (plain WebDAV peer) and XRootD (XrdHttp + XrdMacaroons, the macaroon-minting peer), on
# loopback, side by side, all with the same dev host certificate.
#
#   bench/run-peers.sh                      # door with the JVM's default heap
#   DOOR_XMX=256m bench/run-peers.sh        # door started with java -Xmx256m (constant-memory check)
#   PEERS=ngx bench/run-peers.sh            # nginx only (XRootD is used when xrootd is installed)
#   MEASURE=put100m bench/run-peers.sh      # only the 100 MiB PUTs (see MEASURE below)
#   BASE_JAR=/tmp/old.jar bench/run-peers.sh   # also a door built from another commit ("base"), same rounds
#
# Knobs (environment): ROUNDS=2 WARMUP_SECONDS=8 WARMUP_PUTS=4 WRK_SECONDS=10 GET_RUNS=3 PUT_COUNT=10 PAR=8 MINT_SECONDS=10 MINT_THREADS=4
#   PORT_DOOR=28443 PORT_NGX=28444 PORT_XRD=28445 PORT_XRD_ROOT=28094 PORT_BASE=28446 JAR=gateway/target/gateway.jar
#   DOOR_XMX= DOOR_JAVA_OPTS= PEERS="ngx xrd" OUT=<dir> KEEP=0 (1 keeps logs and configs in the work dir)
#   MEASURE="get1m gettiny get256m put100m par8put64m mint" (the default; put100m-wantsha256 = the 100 MiB PUTs
#   with "Want-Digest: sha-256", which makes the door compute SHA-256 as it did for every upload before 2026-11-26)
#   BASE_JAR= (a second door, e.g. the previous commit's gateway.jar, with the same dev PKI, on PORT_BASE)
#
# Everything runs in a fresh directory under /tmp, every load loop is bounded in time and count, and the EXIT
# trap stops the door, nginx, xrootd and any helper it started, and deletes the test data. Raw results:
# $OUT/results.tsv; summary table on stdout and in $OUT/summary.md. The order of the servers rotates from round
# to round so that none is always measured first.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ROUNDS=${ROUNDS:-2}
WRK_SECONDS=${WRK_SECONDS:-10}
GET_RUNS=${GET_RUNS:-3}
PUT_COUNT=${PUT_COUNT:-10}
PAR=${PAR:-8}
MINT_SECONDS=${MINT_SECONDS:-10}
MINT_THREADS=${MINT_THREADS:-4}
PORT_DOOR=${PORT_DOOR:-28443}
PORT_NGX=${PORT_NGX:-28444}
PORT_XRD=${PORT_XRD:-28445}
PORT_XRD_ROOT=${PORT_XRD_ROOT:-28094}
PORT_BASE=${PORT_BASE:-28446}
BASE_JAR=${BASE_JAR:-}
MEASURE=${MEASURE:-get1m gettiny get256m put100m par8put64m mint}
JAR=${JAR:-$REPO/gateway/target/gateway.jar}
DOOR_XMX=${DOOR_XMX:-}
KEEP=${KEEP:-0}
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS:-}
if [ -z "${PEERS+x}" ]; then
    PEERS=ngx
    command -v xrootd >/dev/null && [ -n "$(find /usr/lib* -name 'libXrdMacaroons*.so' 2>/dev/null | head -1)" ] && PEERS="ngx xrd"
fi
SERVERS="door${BASE_JAR:+ base} $PEERS"
measuring() { [[ " $MEASURE " == *" $1 "* ]]; }

for tool in java curl wrk nginx python3 openssl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx-extras libnginx-mod-http-dav-ext wrk)" >&2; exit 2; }
done
[ -f /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ] || { echo "missing libnginx-mod-http-dav-ext" >&2; exit 2; }
for port in "$PORT_DOOR" "$PORT_NGX" "$PORT_XRD" "$PORT_XRD_ROOT" ${BASE_JAR:+"$PORT_BASE"}; do
    if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is busy; set PORT_*" >&2; exit 2; fi
done
if [ ! -f "$JAR" ]; then
    (cd "$REPO" && ./mvnw -q -o -DskipTests package)
fi

W=$(mktemp -d /tmp/gridgate-bench.XXXXXX)
chmod 755 "$W"   # nginx (www-data) and xrootd workers must reach their roots
OUT=${OUT:-$W/out}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"
DOOR_PID=
BASE_PID=
NGX_PID=
XRD_PID=

stop_pid() { # pid signal
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
    kill "-$2" "$1" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    # Only what this script started: background jobs of this shell, then the three servers by pid.
    for j in $(jobs -p); do kill "$j" 2>/dev/null; done
    stop_pid "$DOOR_PID" TERM
    stop_pid "$BASE_PID" TERM
    stop_pid "$NGX_PID" QUIT
    stop_pid "$XRD_PID" TERM
    [ -n "$XRD_PID" ] && rm -f /tmp/xrootd.bench.env   # xrootd -n bench leaves its instance file there
    wait 2>/dev/null
    # Results stay in $OUT (with the door's start-up log); the rest of $W (data, access logs: hundreds of MB)
    # goes unless KEEP=1.
    head -40 "$W/door.log" > "$OUT/door-start.log" 2>/dev/null
    grep -v ' \[INFO\] \(access\|MacaroonRequests\) - ' "$W/door.log" | tail -200 > "$OUT/door-other.log" 2>/dev/null
    rm -rf "$W/src" "$W/door/data" "$W/base/data" "$W/ngx/root" "$W/xrd/data"
    if [ "$KEEP" != 1 ]; then
        find "$W" -mindepth 1 -maxdepth 1 ! -path "$OUT" -exec rm -rf {} +
        [[ "$OUT" == "$W"/* ]] || rmdir "$W" 2>/dev/null
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }   # measurement server round value extra

# ---------------------------------------------------------------- door
log "work dir $W; servers: $SERVERS"
mkdir -p "$W/door" "$W/src"
java ${DOOR_XMX:+-Xmx$DOOR_XMX} $DOOR_JAVA_OPTS -jar "$JAR" dev --port "$PORT_DOOR" --dir "$W/door" > "$W/door.log" 2>&1 &
DOOR_PID=$!
for _ in $(seq 1 240); do
    grep -q 'listening on https://' "$W/door.log" && break
    kill -0 "$DOOR_PID" 2>/dev/null || { cat "$W/door.log" >&2; echo "door died" >&2; exit 1; }
    sleep 0.5
done
grep -q 'listening on https://' "$W/door.log" || { echo "door did not start in 120 s" >&2; exit 1; }
TLS_ENGINE=$(sed -n 's/.*TLS engine: //p' "$W/door.log" | head -1)
CAPATH=$W/door/certificates
CAFILE=$W/door/ca/ca.pem
PROXY=$W/door/user-proxy.pem
log "door pid $DOOR_PID, TLS engine $TLS_ENGINE, heap ${DOOR_XMX:-JVM default}"

# ---------------------------------------------------------------- base door (another build, same dev PKI)
if [ -n "$BASE_JAR" ]; then
    mkdir -p "$W/base"
    cp -a "$W/door/." "$W/base/"
    rm -rf "$W/base/data" "$W/base/macaroon-secrets"
    java ${DOOR_XMX:+-Xmx$DOOR_XMX} $DOOR_JAVA_OPTS -jar "$BASE_JAR" dev --port "$PORT_BASE" --dir "$W/base" > "$W/base.log" 2>&1 &
    BASE_PID=$!
    for _ in $(seq 1 240); do
        grep -q 'listening on https://' "$W/base.log" && break
        kill -0 "$BASE_PID" 2>/dev/null || { cat "$W/base.log" >&2; echo "base door died" >&2; exit 1; }
        sleep 0.5
    done
    grep -q 'listening on https://' "$W/base.log" || { echo "base door did not start in 120 s" >&2; exit 1; }
    log "base door pid $BASE_PID from $BASE_JAR"
fi

wait_https() { # port
    for _ in $(seq 1 100); do
        curl -s -o /dev/null --max-time 2 --capath "$CAPATH" "https://localhost:$1/" && return 0
        sleep 0.2
    done
    echo "nothing answers on port $1" >&2; return 1
}

# ---------------------------------------------------------------- nginx
if [[ " $PEERS " == *" ngx "* ]]; then
    mkdir -p "$W/ngx/run" "$W/ngx/root/dav/bench"
    sed -e "s#@NGX@#$W/ngx/run#g" -e "s#@PORT@#$PORT_NGX#g" -e "s#@HOSTCERT@#$W/door/host/hostcert.pem#g" \
        -e "s#@HOSTKEY@#$W/door/host/hostkey.pem#g" -e "s#@DAVROOT@#$W/ngx/root#g" "$HERE/nginx-peer.conf.in" > "$W/ngx/nginx.conf"
    chown -R www-data:www-data "$W/ngx/root" "$W/ngx/run"
    nginx -t -q -c "$W/ngx/nginx.conf"
    nginx -c "$W/ngx/nginx.conf" > "$W/ngx/stdout" 2>&1 &
    NGX_PID=$!
    wait_https "$PORT_NGX"
    log "nginx pid $NGX_PID ($(nginx -v 2>&1 | sed 's/.*: //'))"
fi

# ---------------------------------------------------------------- xrootd
if [[ " $PEERS " == *" xrd "* ]]; then
    X=$W/xrd
    mkdir -p "$X/data/bench" "$X/admin" "$X/run" "$X/logs"
    cp "$W/door/host/hostcert.pem" "$W/door/host/hostkey.pem" "$X/"
    openssl rand -base64 -out "$X/macaroon-secret" 64
    chmod 600 "$X/hostkey.pem" "$X/macaroon-secret"
    USER_DN=$(openssl x509 -in "$W/door/user/usercert.pem" -noout -subject -nameopt compat 2>/dev/null | sed 's/^subject=//')
    [ -n "$USER_DN" ] || USER_DN="/DC=org/DC=example/CN=Dev User"
    echo "\"$USER_DN\" devuser" > "$X/grid-mapfile"
    printf 'u devuser /bench a\n' > "$X/authdb"
    sed -e "s#@XRD@#$X#g" -e "s#@PORT@#$PORT_XRD#g" -e "s#@ROOTPORT@#$PORT_XRD_ROOT#g" -e "s#@CADIR@#$CAPATH#g" \
        "$HERE/xrootd-peer.cfg.in" > "$X/xrootd.cfg"
    chown -R xrootd:xrootd "$X"
    X509_CERT_DIR=$CAPATH xrootd -c "$X/xrootd.cfg" -l "$X/logs/xrootd.log" -R xrootd -n bench > "$X/stdout" 2>&1 &
    XRD_PID=$!
    wait_https "$PORT_XRD"
    log "xrootd pid $XRD_PID ($(xrootd -v 2>&1 | head -1))"
fi

# ---------------------------------------------------------------- credentials and files
mint() { # port path -> macaroon
    curl -sS --max-time 30 -E "$PROXY" --capath "$CAPATH" -H 'Content-Type: application/macaroon-request' -X POST \
        -d '{"caveats":["activity:DOWNLOAD,UPLOAD,DELETE"],"validity":"PT6H"}' "https://localhost:$1$2" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["macaroon"])'
}
M=$(mint "$PORT_DOOR" /bench/)
[ -n "$M" ] || { echo "could not mint a macaroon from the door" >&2; exit 1; }
BM=
if [ -n "$BASE_PID" ]; then
    BM=$(mint "$PORT_BASE" /bench/)
    [ -n "$BM" ] || { echo "could not mint a macaroon from the base door" >&2; exit 1; }
fi
XM=
if [ -n "$XRD_PID" ]; then
    XM=$(mint "$PORT_XRD" /bench/)
    [ -n "$XM" ] || { echo "could not mint a macaroon from xrootd" >&2; exit 1; }
fi
url_of() { case $1 in door) echo "https://localhost:$PORT_DOOR/bench";; base) echo "https://localhost:$PORT_BASE/bench";; ngx) echo "https://localhost:$PORT_NGX/dav/bench";;
                      xrd) echo "https://localhost:$PORT_XRD/bench";; esac; }
dir_of() { case $1 in door) echo "$W/door/data/bench";; base) echo "$W/base/data/bench";; ngx) echo "$W/ngx/root/dav/bench";; xrd) echo "$W/xrd/data/bench";; esac; }
token_of() { case $1 in door) echo "$M";; base) echo "$BM";; xrd) echo "$XM";; *) echo "";; esac; }
# All curls verify the server certificate the same way; the door and xrootd get their own bearer macaroon,
# nginx (which cannot check proxies or macaroons) serves everyone.
scurl() { # server curl-args...
    local s=$1; shift
    local t; t=$(token_of "$s")
    if [ -n "$t" ]; then
        curl -sS --max-time 300 --capath "$CAPATH" -H "Authorization: Bearer $t" "$@"
    else
        curl -sS --max-time 300 --capath "$CAPATH" "$@"
    fi
}
ok_put() { [ "$1" = 201 ] || [ "$1" = 204 ] || [ "$1" = 200 ]; }   # XrdHttp answers a new file with 200

log "making test files"
head -c $((256 << 20)) /dev/urandom > "$W/src/256m.bin"
head -c $((100 << 20)) "$W/src/256m.bin" > "$W/src/100m.bin"
head -c $((64 << 20)) "$W/src/256m.bin" > "$W/src/64m.bin"
head -c $((1 << 20)) "$W/src/256m.bin" > "$W/src/1m.bin"
printf 'tiny file for request-rate tests\n' > "$W/src/tiny.txt"
for s in $SERVERS; do
    for f in 1m.bin 256m.bin tiny.txt; do
        code=$(scurl "$s" -T "$W/src/$f" "$(url_of "$s")/$f" -o /dev/null -w '%{http_code}')
        ok_put "$code" || { echo "$s: PUT $f gave $code" >&2; exit 1; }
    done
done

# ---------------------------------------------------------------- memory and CPU helpers
ngx_pids() { [ -n "$NGX_PID" ] && echo "$NGX_PID" $(pgrep -P "$NGX_PID" || true); }
server_pids() { case $1 in door) echo "$DOOR_PID";; base) echo "$BASE_PID";; ngx) ngx_pids;; xrd) echo "$XRD_PID";; esac; }
# VmHWM = peak RSS since the last reset (writing 5 to clear_refs resets it). nginx: master + workers summed.
mem_reset() { for s in $SERVERS; do for p in $(server_pids "$s"); do echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; done; }
hwm_kb() { local t=0 v p; for p in $(server_pids "$1"); do v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo $t; }
mem_record() { # phase round
    for s in $SERVERS; do record "peak_rss_MiB:$1" "$s" "$2" "$(( $(hwm_kb "$s") / 1024 ))" ""; done
}
# Server CPU time (user+system, all threads/processes) used during a measurement: less sensitive than wall time to
# the other jobs sharing the 2 cores. nginx: master + workers.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { local t=0 p v; for p in $(server_pids "$1"); do v=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + v)); done; echo $t; }
cpu_per() { # server ticks_before units -> CPU seconds per unit
    python3 -c "print(f'{($(cpu_ticks "$1") - $2) / $CLK_TCK / $3:.5f}')"
}
order() { # round -> servers, rotated
    local arr=($SERVERS) n k out=()
    n=${#arr[@]}
    for k in $(seq 0 $((n - 1))); do out+=("${arr[$(( (k + $1 - 1) % n ))]}"); done
    echo "${out[@]}"
}
calc() { python3 -c "print(f'{$1:.$2f}')"; }
now() { date +%s.%N; }

# wrk output -> "rps MiB/s p50ms p99ms errors requests"
parse_wrk() {
    python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r'([\d.]+)(us|ms|s)', v).groups(); n = float(n)
    return n / 1000 if u == 'us' else n * 1000 if u == 's' else n
def mib(v):
    n, u = re.match(r'([\d.]+)([KMGT]?B)', v).groups()
    return float(n) * {'B': 1 / 1048576, 'KB': 1 / 1024, 'MB': 1, 'GB': 1024, 'TB': 1048576}[u]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
tr = mib(re.search(r'Transfer/sec:\s+(\S+)', t).group(1))
p50 = ms(re.search(r'^\s+50%\s+(\S+)', t, re.M).group(1)); p99 = ms(re.search(r'^\s+99%\s+(\S+)', t, re.M).group(1))
err = 0
for m in re.finditer(r'Non-2xx or 3xx responses: (\d+)', t): err += int(m.group(1))
m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
if m: err += sum(int(x) for x in m.groups())
n = int(re.search(r'(\d+) requests in', t).group(1))
print(f"{rps:.1f} {tr:.1f} {p50:.2f} {p99:.2f} {err} {n}")
PY
}

run_wrk() { # name server round file
    local name=$1 s=$2 r=$3 f=$4 out=$OUT/wrk-$1-$2-$3.txt
    local t auth=()
    t=$(token_of "$s")
    [ -n "$t" ] && auth=(-H "Authorization: Bearer $t")
    local c0; c0=$(cpu_ticks "$s")
    timeout $((WRK_SECONDS + 30)) wrk -t2 -c16 -d"${WRK_SECONDS}s" --latency "${auth[@]}" "$(url_of "$s")/$f" > "$out" 2>&1
    read -r rps mibs p50 p99 err n < <(parse_wrk "$out")
    record "$name:req/s" "$s" "$r" "$rps" "errors=$err"
    record "$name:MiB/s" "$s" "$r" "$mibs" ""
    record "$name:p50_ms" "$s" "$r" "$p50" ""
    record "$name:p99_ms" "$s" "$r" "$p99" ""
    record "$name:server_cpu_ms/req" "$s" "$r" "$(calc "1000*$(cpu_per "$s" "$c0" "$n")" 3)" "requests=$n"
    log "$name $s round $r: $rps req/s $mibs MiB/s p50 $p50 ms p99 $p99 ms errors $err"
}

# Warm-up, not recorded: the door is a JVM and runs for weeks in production, so its JIT gets the same chance
# (GETs and mints for WARMUP_SECONDS each, WARMUP_PUTS uploads of 100 MiB) before anything is measured. The peers
# get the same traffic.
WARMUP_SECONDS=${WARMUP_SECONDS:-8}
WARMUP_PUTS=${WARMUP_PUTS:-4}
log "warm-up (${WARMUP_SECONDS} s per kind of request and server)"
for s in $SERVERS; do
    t=$(token_of "$s"); auth=(); [ -n "$t" ] && auth=(-H "Authorization: Bearer $t")
    timeout $((WARMUP_SECONDS + 30)) wrk -t2 -c16 -d"${WARMUP_SECONDS}s" "${auth[@]}" "$(url_of "$s")/1m.bin" > /dev/null 2>&1 || true
    timeout $((WARMUP_SECONDS + 30)) wrk -t2 -c16 -d"${WARMUP_SECONDS}s" "${auth[@]}" "$(url_of "$s")/tiny.txt" > /dev/null 2>&1 || true
    for i in $(seq 1 "$WARMUP_PUTS"); do scurl "$s" -T "$W/src/100m.bin" -o /dev/null "$(url_of "$s")/warm-$i.bin" || true; done
    rm -f "$(dir_of "$s")"/warm-*
    if [ "$s" != ngx ]; then
        timeout $((WARMUP_SECONDS + 60)) java "$HERE/HttpsLoad.java" --url "$(url_of "$s")/" --method POST \
            --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
            --cert "$PROXY" --ca "$CAFILE" --threads "$MINT_THREADS" --seconds "$((WARMUP_SECONDS / 2))" --new-connection > /dev/null || true
        timeout $((WARMUP_SECONDS + 60)) java "$HERE/HttpsLoad.java" --url "$(url_of "$s")/" --method POST \
            --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
            --cert "$PROXY" --ca "$CAFILE" --threads "$MINT_THREADS" --seconds "$((WARMUP_SECONDS / 2))" > /dev/null || true
    fi
done

for r in $(seq 1 "$ROUNDS"); do
    log "=== round $r of $ROUNDS (order: $(order "$r"))"

    # 1. wrk GET 1 MiB, 2 threads 16 connections
    if measuring get1m; then
    mem_reset
    for s in $(order "$r"); do run_wrk get1m "$s" "$r" 1m.bin; done
    mem_record get1m "$r"
    fi

    # 2. wrk GET of a 33-byte file: per-request cost (door and xrootd verify the bearer macaroon on every request)
    if measuring gettiny; then
    for s in $(order "$r"); do run_wrk gettiny "$s" "$r" tiny.txt; done
    fi

    # 3. curl GET 256 MiB, GET_RUNS sequential runs
    if measuring get256m; then
    mem_reset
    for s in $(order "$r"); do
        c0=$(cpu_ticks "$s")
        for i in $(seq 1 "$GET_RUNS"); do
            read -r code speed < <(scurl "$s" -o /dev/null -w '%{http_code} %{speed_download}\n' "$(url_of "$s")/256m.bin")
            [ "$code" = 200 ] || { echo "$s GET 256m: $code" >&2; exit 1; }
            mibs=$(calc "$speed/1048576" 1)
            record "get256m:MiB/s" "$s" "$r" "$mibs" "run=$i"
            log "get256m $s round $r run $i: $mibs MiB/s"
        done
        record "get256m:server_cpu_s/GiB" "$s" "$r" "$(cpu_per "$s" "$c0" "$(calc "$GET_RUNS/4" 4)")" ""
    done
    mem_record get256m "$r"
    fi

    # 4. curl PUT 100 MiB x PUT_COUNT, sequential, new names (put100m-wantsha256: asking the servers for SHA-256)
    for put in put100m put100m-wantsha256; do
    measuring "$put" || continue
    extra=()
    [ "$put" = put100m-wantsha256 ] && extra=(-H 'Want-Digest: sha-256')
    mem_reset
    for s in $(order "$r"); do
        c0=$(cpu_ticks "$s")
        t0=$(now)
        for i in $(seq 1 "$PUT_COUNT"); do
            code=$(scurl "$s" "${extra[@]}" -T "$W/src/100m.bin" -o /dev/null -w '%{http_code}' "$(url_of "$s")/put-r$r-$i.bin")
            ok_put "$code" || { echo "$s PUT 100m: $code" >&2; exit 1; }
        done
        t1=$(now)
        mibs=$(calc "$PUT_COUNT*100/($t1-$t0)" 1)
        record "$put:MiB/s" "$s" "$r" "$mibs" "count=$PUT_COUNT seconds=$(calc "$t1-$t0" 2)"
        record "$put:server_cpu_s/GiB" "$s" "$r" "$(cpu_per "$s" "$c0" "$(calc "$PUT_COUNT*100/1024" 4)")" ""
        log "$put $s round $r: $mibs MiB/s"
        rm -f "$(dir_of "$s")"/put-*
    done
    mem_record "$put" "$r"
    done

    # 5. PAR parallel PUTs of 64 MiB
    if measuring par8put64m; then
    mem_reset
    for s in $(order "$r"); do
        c0=$(cpu_ticks "$s")
        t0=$(now)
        pids=()
        for i in $(seq 1 "$PAR"); do
            scurl "$s" -T "$W/src/64m.bin" -o /dev/null -w '%{http_code}\n' "$(url_of "$s")/par-r$r-$i.bin" > "$W/par-$s-$i.code" &
            pids+=($!)
        done
        for p in "${pids[@]}"; do wait "$p" || true; done
        t1=$(now)
        bad=0
        for i in $(seq 1 "$PAR"); do ok_put "$(cat "$W/par-$s-$i.code")" || bad=$((bad + 1)); done
        mibs=$(calc "$PAR*64/($t1-$t0)" 1)
        record "par8put64m:MiB/s" "$s" "$r" "$mibs" "failed=$bad seconds=$(calc "$t1-$t0" 2)"
        record "par8put64m:server_cpu_s/GiB" "$s" "$r" "$(cpu_per "$s" "$c0" "$(calc "$PAR*64/1024" 4)")" ""
        log "par${PAR}put64m $s round $r: $mibs MiB/s aggregate, failed $bad"
        rm -f "$(dir_of "$s")"/par-*
    done
    mem_record par8put64m "$r"
    fi

    # 6. Mint rate with the proxy as client certificate, on keep-alive connections and with one full TLS
    #    handshake per request. xrootd mints too; nginx cannot, so it serves a HEAD of a tiny file (the floor).
    for mode in keepalive newconn; do
        measuring mint || continue
        extra=()
        [ "$mode" = newconn ] && extra=(--new-connection)
        for s in $(order "$r"); do
            c0=$(cpu_ticks "$s")
            if [ "$s" = ngx ]; then
                out=$(timeout $((MINT_SECONDS + 60)) java "$HERE/HttpsLoad.java" --url "$(url_of ngx)/tiny.txt" --method HEAD \
                    --ca "$CAFILE" --threads "$MINT_THREADS" --warmup 3 --seconds "$MINT_SECONDS" "${extra[@]}")
            else
                out=$(timeout $((MINT_SECONDS + 60)) java "$HERE/HttpsLoad.java" --url "$(url_of "$s")/" --method POST \
                    --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
                    --cert "$PROXY" --ca "$CAFILE" --threads "$MINT_THREADS" --warmup 3 --seconds "$MINT_SECONDS" \
                    "${extra[@]}")
            fi
            echo "$out" > "$OUT/mint-$mode-$s-$r.txt"
            rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<< "$out" | head -1)
            p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<< "$out" | head -1)
            p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<< "$out" | head -1)
            errs=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<< "$out" | head -1)
            nreq=$(sed -n 's/^requests=\([0-9]*\).*warmup_requests=\([0-9]*\).*/\1 \2/p' <<< "$out" | awk '{print $1+$2}')
            record "mint-$mode:req/s" "$s" "$r" "$rps" "errors=$errs"
            record "mint-$mode:p50_ms" "$s" "$r" "$p50" ""
            record "mint-$mode:p99_ms" "$s" "$r" "$p99" ""
            record "mint-$mode:server_cpu_ms/req" "$s" "$r" "$(calc "1000*$(cpu_per "$s" "$c0" "$nreq")" 3)" "requests=$nreq"
            log "mint-$mode $s round $r: $rps req/s p50 $p50 p99 $p99 errors $errs"
        done
    done
done

# ---------------------------------------------------------------- summary
{
    echo "# run $(date -u +%FT%TZ): door heap ${DOOR_XMX:-JVM default}, door TLS engine $TLS_ENGINE, $ROUNDS rounds, servers: $SERVERS${BASE_JAR:+ (base = $BASE_JAR)}, measured: $MEASURE"
    echo "# machine: nproc=$(nproc), $(free -g | awk '/Mem:/ {print $2" GiB RAM"}'), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (shared with other developers' builds)"
    echo "# $(java -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/.*: //'); $(command -v xrootd >/dev/null && xrootd -v 2>&1 | head -1 | sed 's/^/xrootd /'); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(curl --version | head -1 | cut -d' ' -f1-2)"
} > "$OUT/summary.md"
python3 "$HERE/summarize.py" "$RESULTS" $SERVERS >> "$OUT/summary.md"
cat "$OUT/summary.md"
log "raw results in $RESULTS"
