#!/usr/bin/env bash
# GridGate door vs nginx (plain WebDAV peer) and XRootD (XrdHttp + XrdMacaroons, the macaroon-minting peer), on
# loopback, side by side, all with the same dev host certificate.
#
#   bench/run-peers.sh                      # door with the shipped JVM flags (read from packaging/gridgate.service)
#   DOOR_JAVA_OPTS= bench/run-peers.sh      # door with the JVM's own defaults (no flags at all)
#   DOOR_XMX=256m bench/run-peers.sh        # the shipped flags, then -Xmx256m (the last -Xmx wins)
#   PEERS=ngx bench/run-peers.sh            # nginx only (XRootD is used when xrootd is installed)
#   MEASURE=put100m bench/run-peers.sh      # only the 100 MiB PUTs (see MEASURE below)
#   BASE_JAR=/tmp/old.jar bench/run-peers.sh   # also a door built from another commit ("base"), same rounds
#   BASE_JAR=gateway/target/gateway.jar BASE_JAVA_OPTS= PEERS= bench/run-peers.sh   # the same door with the
#                                           # shipped flags and with none, in the same rounds (an A/B of JVM flags)
#   ROUNDS=1 WRK_SECONDS=3 MINT_SECONDS=3 PUT_COUNT=2 GET_RUNS=1 WARMUP_MAX_SECONDS=20 \
#     MEASURE="get1m gettiny put100m" bench/run-peers.sh      # a smoke test of the harness (minutes, not a result)
#
# Knobs (environment), with their defaults:
#   ROUNDS=3                rounds; every table cell is the median over rounds (ratios: median of per-round ratios)
#   WRK_SECONDS=10          length of each wrk run (get1m, gettiny)
#   GET_RUNS=3              sequential curl GETs of 256 MiB per get256m measurement
#   PUT_COUNT=10            sequential curl PUTs of 100 MiB per put100m measurement
#   PAR=8                   parallel curl PUTs of 64 MiB per par8put64m measurement
#   MINT_SECONDS=10 MINT_THREADS=4   bench/HttpsLoad.java mint runs (after its own 3 s warm-up)
#   MEASURE="get1m gettiny get256m put100m par8put64m mint"   what to measure; also put100m-wantsha256 (the 100 MiB
#                           PUTs with "Want-Digest: sha-256", which makes the door compute SHA-256 as it did for
#                           every upload before 2026-11-26)
#   OTHERS_MAX=10           others' CPU (% of one core) above which a measurement is taken again ...
#   TRIES=3                 ... up to this many times in all; the try with the least others' CPU is kept, and marked
#                           "!" in the summary if it still exceeds OTHERS_MAX
#   WARMUP_RUN_SECONDS=4    warm-up: short runs of each kind of request measured (wrk GETs, batches of PUTs,
#                           mints) per server, until two consecutive rates differ by less than ...
#   WARMUP_TOLERANCE=5      ... this many per cent, or ...
#   WARMUP_MAX_SECONDS=90   ... this much warm-up time per server and kind has passed (reported as not steady)
#   WARMUP_SECONDS=0        minimum warm-up time per server and kind, steady or not (before 2026-12: the fixed
#                           warm-up time, default 8)
#   WARMUP_PUTS=4           PUTs of 100 MiB per warm-up run of the PUT kinds
#   DOOR_JAVA_OPTS=<the java flags of ExecStart in packaging/gridgate.service>   set it (even empty) to override
#   DOOR_XMX=               if set, -Xmx$DOOR_XMX after DOOR_JAVA_OPTS
#   DOOR_ENV=<the Environment= lines of packaging/gridgate.service>   NAME=VALUE words for the door's environment
#   PEERS="ngx xrd"         peers (xrd only when xrootd and libXrdMacaroons are installed)
#   BASE_JAR=               a second door, e.g. the previous commit's gateway.jar, with the same dev PKI, on PORT_BASE
#   BASE_JAVA_OPTS=<DOOR_JAVA_OPTS>   the base door's JVM flags (then -Xmx$DOOR_XMX if set), even empty
#   BASE_ENV=<DOOR_ENV>     the base door's environment
#   PEERS=                  (empty) no peers: the door, and the base door if BASE_JAR is set
#   PORT_DOOR=28443 PORT_NGX=28444 PORT_XRD=28445 PORT_XRD_ROOT=28094 PORT_BASE=28446
#   JAR=gateway/target/gateway.jar OUT=<dir> KEEP=0 (1 keeps logs and configs in the work dir)
#
# CPU accounting, per measurement (each wrk run, each batch of PUTs or GETs, each mint run), from /proc:
#   busy   = user+nice+system+irq+softirq+steal of /proc/stat over the measurement's interval, all cores
#   ours   = utime+stime+cutime+cstime (/proc/PID/stat) of every server this script started (door JVM, nginx
#            master + workers, xrootd; all their threads) + the same of this shell, whose cutime/cstime collect
#            every load generator it started and waited for in the interval (wrk, curl, HttpsLoad)
#   others = busy - ours, reported as "others' CPU, % of one core" (100 = one core busy all along). Steal (the
#            hypervisor giving our vCPU to someone else) counts as others'. The load average is no guide between
#            back-to-back measurements, this is. Accounting is tick-based (getconf CLK_TCK, 100 Hz): +-1-2 %.
#   server CPU = utime+stime (+ reaped children) of the measured server's processes: µs per request, s per GiB
#   client CPU = this shell's share (the load generators, and this script's bash): µs per request or s per GiB
#   Each others' CPU row also notes irq+softirq, steal, iowait and the biggest other processes (top_others=).
#   After every batch of uploads the files are deleted and `sync` runs, outside the interval, so that one server's
#   writeback does not land in the next one's measurement.
#
# Everything runs in a fresh directory under /tmp, over loopback only; every load loop is bounded in time and
# count (wrk -d under timeout, curl --max-time, HttpsLoad --seconds, bounded retries and warm-up), and the EXIT
# trap stops the door, nginx, xrootd and any helper it started, and deletes the test data. Raw results:
# $OUT/results.tsv (measurement:metric server round value extra), warm-up runs in $OUT/warmup.tsv, the servers'
# VmHWM after each measurement in $OUT/rss-trace.tsv; summary table on stdout and in $OUT/summary.md. The order
# of the servers rotates from round to round so that none is always measured first.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"   # CPU accounting, wrk/HttpsLoad parsing, measure(), warm-up until steady
ROUNDS=${ROUNDS:-3}
WRK_SECONDS=${WRK_SECONDS:-10}
GET_RUNS=${GET_RUNS:-3}
PUT_COUNT=${PUT_COUNT:-10}
PAR=${PAR:-8}
MINT_SECONDS=${MINT_SECONDS:-10}
MINT_THREADS=${MINT_THREADS:-4}
OTHERS_MAX=${OTHERS_MAX:-10}
TRIES=${TRIES:-3}
WARMUP_RUN_SECONDS=${WARMUP_RUN_SECONDS:-4}
WARMUP_TOLERANCE=${WARMUP_TOLERANCE:-5}
WARMUP_MAX_SECONDS=${WARMUP_MAX_SECONDS:-90}
WARMUP_SECONDS=${WARMUP_SECONDS:-0}
WARMUP_PUTS=${WARMUP_PUTS:-4}
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
# The door starts as a site starts it: with the JVM flags of the systemd unit's ExecStart (the README's commands
# carry the same; gateway's ShippedJvmFlagsTest keeps them equal). DOOR_JAVA_OPTS, even empty, replaces them;
# and with the unit's Environment= settings (e.g. MALLOC_ARENA_MAX), as NAME=VALUE words; DOOR_ENV replaces them.
read_shipped_door_settings
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS-$SHIPPED_JAVA_OPTS}
DOOR_ENV=${DOOR_ENV-$SHIPPED_ENV}
BASE_ENV=${BASE_ENV-$DOOR_ENV}
DOOR_FLAGS="$DOOR_JAVA_OPTS${DOOR_XMX:+ -Xmx$DOOR_XMX}"
BASE_JAVA_OPTS=${BASE_JAVA_OPTS-$DOOR_JAVA_OPTS}
BASE_FLAGS="$BASE_JAVA_OPTS${DOOR_XMX:+ -Xmx$DOOR_XMX}"
if [ -z "${PEERS+x}" ]; then
    PEERS=ngx
    command -v xrootd >/dev/null && [ -n "$(find /usr/lib* -name 'libXrdMacaroons*.so' 2>/dev/null | head -1)" ] && PEERS="ngx xrd"
fi
SERVERS="door${BASE_JAR:+ base} $PEERS"
measuring() { [[ " $MEASURE " == *" $1 "* ]]; }

for n in ROUNDS WRK_SECONDS GET_RUNS PUT_COUNT PAR MINT_SECONDS MINT_THREADS OTHERS_MAX TRIES WARMUP_RUN_SECONDS \
         WARMUP_TOLERANCE WARMUP_MAX_SECONDS WARMUP_SECONDS WARMUP_PUTS; do
    [[ ${!n} =~ ^[0-9]+$ ]] || { echo "$n must be a whole number, not '${!n}'" >&2; exit 2; }
done
if [ "$TRIES" -lt 1 ] || [ "$ROUNDS" -lt 1 ] || [ "$WARMUP_RUN_SECONDS" -lt 1 ]; then echo "TRIES, ROUNDS, WARMUP_RUN_SECONDS must be >= 1" >&2; exit 2; fi
for tool in java curl wrk nginx python3 openssl timeout; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx-extras libnginx-mod-http-dav-ext wrk)" >&2; exit 2; }
done
[ -f /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ] || { echo "missing libnginx-mod-http-dav-ext" >&2; exit 2; }
ports=("$PORT_DOOR" ${BASE_JAR:+"$PORT_BASE"})
[[ " $PEERS " == *" ngx "* ]] && ports+=("$PORT_NGX")
[[ " $PEERS " == *" xrd "* ]] && ports+=("$PORT_XRD" "$PORT_XRD_ROOT")
for port in "${ports[@]}"; do
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
printf 'server\tkind\trun\tseconds\trate\tunit\tothers_cpu_pct\n' > "$OUT/warmup.tsv"
printf 'after\tround\tserver\tpeak_rss_MiB\n' > "$OUT/rss-trace.tsv"
DOOR_PID=
BASE_PID=
NGX_PID=
XRD_PID=

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    # Only what this script started: background jobs of this shell, then the servers by pid.
    for j in $(jobs -p); do kill "$j" 2>/dev/null; done
    stop_pid "$DOOR_PID" TERM
    stop_pid "$BASE_PID" TERM
    stop_pid "$NGX_PID" QUIT
    stop_pid "$XRD_PID" TERM
    # xrootd -n NAME leaves its instance file in /tmp; one name per port, so that two runs don't share it
    [ -n "$XRD_PID" ] && rm -f "/tmp/xrootd.bench$PORT_XRD.env"
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

# ---------------------------------------------------------------- door
log "work dir $W; servers: $SERVERS; door JVM flags: ${DOOR_FLAGS:-none, the JVM defaults}${DOOR_ENV:+; environment: $DOOR_ENV}"
mkdir -p "$W/door" "$W/src"
# shellcheck disable=SC2086 # the flags are words
env $DOOR_ENV java $DOOR_FLAGS -jar "$JAR" dev --port "$PORT_DOOR" --dir "$W/door" > "$W/door.log" 2>&1 &
DOOR_PID=$!
wait_listening "$DOOR_PID" "$W/door.log" door
TLS_ENGINE=$(sed -n 's/.*TLS engine: //p' "$W/door.log" | head -1)
CAPATH=$W/door/certificates
CAFILE=$W/door/ca/ca.pem
PROXY=$W/door/user-proxy.pem
log "door pid $DOOR_PID, TLS engine $TLS_ENGINE"

# ---------------------------------------------------------------- base door (another build, same dev PKI)
if [ -n "$BASE_JAR" ]; then
    mkdir -p "$W/base"
    cp -a "$W/door/." "$W/base/"
    rm -rf "$W/base/data" "$W/base/macaroon-secrets"
    # shellcheck disable=SC2086
    env $BASE_ENV java $BASE_FLAGS -jar "$BASE_JAR" dev --port "$PORT_BASE" --dir "$W/base" > "$W/base.log" 2>&1 &
    BASE_PID=$!
    wait_listening "$BASE_PID" "$W/base.log" "base door"
    log "base door pid $BASE_PID from $BASE_JAR, JVM flags: ${BASE_FLAGS:-none, the JVM defaults}${BASE_ENV:+; environment: $BASE_ENV}"
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
    X509_CERT_DIR=$CAPATH xrootd -c "$X/xrootd.cfg" -l "$X/logs/xrootd.log" -R xrootd -n "bench$PORT_XRD" > "$X/stdout" 2>&1 &
    XRD_PID=$!
    wait_https "$PORT_XRD"
    log "xrootd pid $XRD_PID ($(xrootd -v 2>&1 | head -1))"
fi

# ---------------------------------------------------------------- the servers' processes
# Each server's pids, fixed once all are up: the door JVM; nginx master + workers; xrootd (+ any child).
declare -A SRV_PIDS
SRV_PIDS[door]=$DOOR_PID
[ -n "$BASE_PID" ] && SRV_PIDS[base]=$BASE_PID
children() { pgrep -P "$1" | tr '\n' ' ' || true; }
[ -n "$NGX_PID" ] && SRV_PIDS[ngx]="$NGX_PID $(children "$NGX_PID")"
[ -n "$XRD_PID" ] && SRV_PIDS[xrd]="$XRD_PID $(children "$XRD_PID")"
for s in $SERVERS; do log "$s processes: ${SRV_PIDS[$s]}"; done


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

# ---------------------------------------------------------------- helpers
order() { # round -> servers, rotated
    local arr n k out=()
    read -ra arr <<< "$SERVERS"
    n=${#arr[@]}
    for k in $(seq 0 $((n - 1))); do out+=("${arr[$(( (k + $1 - 1) % n ))]}"); done
    echo "${out[@]}"
}
auth_of() { # server -> sets AUTH=(-H "Authorization: Bearer ...") or ()
    local t; t=$(token_of "$1")
    AUTH=()
    [ -n "$t" ] && AUTH=(-H "Authorization: Bearer $t")
    return 0
}

compile_https_load
mint_load() { # server mode seconds warmup -> HttpsLoad's output line; nginx serves HEAD of the tiny file instead
    local s=$1 mode=$2 extra=()
    [ "$mode" = newconn ] && extra=(--new-connection)
    if [ "$s" = ngx ]; then
        timeout $(($3 + $4 + 60)) java "${HTTPS_LOAD[@]}" --url "$(url_of ngx)/tiny.txt" --method HEAD \
            --ca "$CAFILE" --threads "$MINT_THREADS" --warmup "$4" --seconds "$3" "${extra[@]}" || true
    else
        timeout $(($3 + $4 + 60)) java "${HTTPS_LOAD[@]}" --url "$(url_of "$s")/" --method POST \
            --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
            --cert "$PROXY" --ca "$CAFILE" --threads "$MINT_THREADS" --warmup "$4" --seconds "$3" "${extra[@]}" || true
    fi
}



load_put() { # name (put100m | put100m-wantsha256) server round
    local name=$1 s=$2 r=$3 url i codes=() code extra=()
    [ "$name" = put100m-wantsha256 ] && extra=(-H 'Want-Digest: sha-256')
    url=$(url_of "$s")
    iv_begin
    for ((i = 1; i <= PUT_COUNT; i++)); do
        codes+=("$(scurl "$s" "${extra[@]}" -T "$W/src/100m.bin" -o /dev/null -w '%{http_code}' "$url/put-r$r-$i.bin")")
    done
    iv_end
    rm -f "$(dir_of "$s")"/put-*
    timeout 120 sync || true   # no writeback of these uploads during the next measurement
    for code in "${codes[@]}"; do ok_put "$code" || { echo "$s PUT 100m: $code" >&2; exit 1; }; done
    RATE="$(calc "$PUT_COUNT * 100 * 1e6 / $IV_US" 1) MiB/s"
    stage "$name:MiB/s" "${RATE% *}" "count=$PUT_COUNT seconds=$(calc "$IV_US / 1e6" 2)"
    WORK_REQ=$PUT_COUNT WORK_BYTES=$((PUT_COUNT * (100 << 20)))
}

load_par() { # server round
    local s=$1 r=$2 url i p pids=() bad=0
    url=$(url_of "$s")
    iv_begin
    for ((i = 1; i <= PAR; i++)); do
        scurl "$s" -T "$W/src/64m.bin" -o /dev/null -w '%{http_code}\n' "$url/par-r$r-$i.bin" > "$W/par-$s-$i.code" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    iv_end
    rm -f "$(dir_of "$s")"/par-*
    timeout 120 sync || true
    for ((i = 1; i <= PAR; i++)); do ok_put "$(cat "$W/par-$s-$i.code")" || bad=$((bad + 1)); done
    RATE="$(calc "$PAR * 64 * 1e6 / $IV_US" 1) MiB/s"
    stage "par8put64m:MiB/s" "${RATE% *}" "parallel=$PAR failed=$bad seconds=$(calc "$IV_US / 1e6" 2)"
    WORK_REQ=$PAR WORK_BYTES=$((PAR * (64 << 20)))
}


# ---------------------------------------------------------------- warm-up until steady
# Not recorded in the results. The door is a JVM and runs for weeks in production, so its JIT gets the chance to
# finish before anything is measured: for each kind of request measured, short runs (WARMUP_RUN_SECONDS) until
# two consecutive rates differ by less than WARMUP_TOLERANCE %, at most WARMUP_MAX_SECONDS. The peers go through
# the same loop (they are steady at once). Every run is logged in warmup.tsv with its others' CPU.
warm_run() { # kind server -> sets WRATE (rate) WUNIT
    local kind=$1 s=$2 url i n out
    url=$(url_of "$s")
    auth_of "$s"
    case $kind in
        get1m|gettiny)
            local f=1m.bin; [ "$kind" = gettiny ] && f=tiny.txt
            iv_begin
            timeout $((WARMUP_RUN_SECONDS + 30)) wrk -t2 -c16 -d"${WARMUP_RUN_SECONDS}s" "${AUTH[@]}" "$url/$f" > "$W/warm.txt" 2>&1 || true
            iv_end
            read -r WRATE _ <<< "$(parse_wrk "$W/warm.txt")"; WUNIT=req/s;;
        put|put-wantsha256)
            local extra=(); [ "$kind" = put-wantsha256 ] && extra=(-H 'Want-Digest: sha-256')
            iv_begin
            for ((i = 1; i <= WARMUP_PUTS; i++)); do scurl "$s" "${extra[@]}" -T "$W/src/100m.bin" -o /dev/null "$url/warm-$i.bin" || true; done
            iv_end
            rm -f "$(dir_of "$s")"/warm-*
            timeout 120 sync || true
            WRATE=$(calc "$WARMUP_PUTS * 100 * 1e6 / $IV_US" 1); WUNIT=MiB/s;;
        mint-keepalive|mint-newconn)
            iv_begin
            out=$(mint_load "$s" "${kind#mint-}" "$WARMUP_RUN_SECONDS" 1)
            iv_end
            read -r WRATE _ <<< "$(parse_load "$out")"; WUNIT=req/s;;
    esac
}

WARM_KINDS=
measuring get1m || measuring get256m && WARM_KINDS="$WARM_KINDS get1m"
measuring gettiny && WARM_KINDS="$WARM_KINDS gettiny"
measuring put100m || measuring par8put64m && WARM_KINDS="$WARM_KINDS put"
measuring put100m-wantsha256 && WARM_KINDS="$WARM_KINDS put-wantsha256"
measuring mint && WARM_KINDS="$WARM_KINDS mint-keepalive mint-newconn"
log "warm-up until steady ($WARM_KINDS; runs of ${WARMUP_RUN_SECONDS} s or $WARMUP_PUTS PUTs, within $WARMUP_TOLERANCE %, at most $WARMUP_MAX_SECONDS s each)"
for s in $SERVERS; do
    for kind in $WARM_KINDS; do warm_until_steady "$kind" "$s"; done
done

# ---------------------------------------------------------------- rounds
for r in $(seq 1 "$ROUNDS"); do
    log "=== round $r of $ROUNDS (order: $(order "$r"))"
    # 1. wrk GET 1 MiB, 2 threads 16 connections
    if measuring get1m; then for s in $(order "$r"); do measure get1m "$s" "$r" load_wrk get1m 1m.bin; done; fi
    # 2. wrk GET of a 33-byte file: per-request cost (door and xrootd verify the bearer macaroon on every request)
    if measuring gettiny; then for s in $(order "$r"); do measure gettiny "$s" "$r" load_wrk gettiny tiny.txt; done; fi
    # 3. curl GET 256 MiB, GET_RUNS sequential runs
    if measuring get256m; then for s in $(order "$r"); do measure get256m "$s" "$r" load_get256m; done; fi
    # 4. curl PUT 100 MiB x PUT_COUNT, sequential, new names (put100m-wantsha256: asking the servers for SHA-256)
    for put in put100m put100m-wantsha256; do
        measuring "$put" || continue
        for s in $(order "$r"); do measure "$put" "$s" "$r" load_put "$put"; done
    done
    # 5. PAR parallel PUTs of 64 MiB
    if measuring par8put64m; then for s in $(order "$r"); do measure par8put64m "$s" "$r" load_par; done; fi
    # 6. Mint rate with the proxy as client certificate, on keep-alive connections and with one full TLS
    #    handshake per request. xrootd mints too; nginx cannot, so it serves a HEAD of a tiny file (the floor).
    if measuring mint; then
        for mode in keepalive newconn; do
            for s in $(order "$r"); do measure "mint-$mode" "$s" "$r" load_mint "$mode"; done
        done
    fi
done

# ---------------------------------------------------------------- peak RSS over the whole run, summary
for s in $SERVERS; do record "peak_rss_MiB" "$s" 0 "$(( $(hwm_kb "$s") / 1024 ))" "VmHWM over the whole run (start-up and warm-up included)"; done
{
    echo "# run $(date -u +%FT%TZ): $ROUNDS rounds, servers: $SERVERS${BASE_JAR:+ (base = $BASE_JAR)}, measured: $MEASURE"
    echo "# door: ${DOOR_ENV:+$DOOR_ENV }java ${DOOR_FLAGS:-(no flags)} -jar $(basename "$JAR") dev; TLS engine $TLS_ENGINE"
    [ -z "$BASE_JAR" ] || echo "# base door: ${BASE_ENV:+$BASE_ENV }java ${BASE_FLAGS:-(no flags)} -jar $BASE_JAR dev"
    echo "# machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2" GiB RAM"}'); $(uname -r)"
    echo "# $(java -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/.*: //'); $(command -v xrootd >/dev/null && xrootd -v 2>&1 | head -1 | sed 's/^/xrootd /'); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(curl --version | head -1 | cut -d' ' -f1-2)"
    echo "# knobs: WRK_SECONDS=$WRK_SECONDS GET_RUNS=$GET_RUNS PUT_COUNT=$PUT_COUNT PAR=$PAR MINT_SECONDS=$MINT_SECONDS MINT_THREADS=$MINT_THREADS OTHERS_MAX=$OTHERS_MAX TRIES=$TRIES WARMUP_RUN_SECONDS=$WARMUP_RUN_SECONDS WARMUP_TOLERANCE=$WARMUP_TOLERANCE WARMUP_MAX_SECONDS=$WARMUP_MAX_SECONDS WARMUP_SECONDS=$WARMUP_SECONDS WARMUP_PUTS=$WARMUP_PUTS"
} > "$OUT/summary.md"
# shellcheck disable=SC2086 # one argument per server
python3 "$HERE/summarize.py" --others-max "$OTHERS_MAX" "$RESULTS" $SERVERS >> "$OUT/summary.md"
cat "$OUT/summary.md"
log "raw results in $RESULTS"
