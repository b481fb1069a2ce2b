#!/usr/bin/env bash
# GridGate door vs nginx (WebDAV peer) on loopback, side by side, same TLS host credentials.
#
#   bench/run-peers.sh                      # default JVM heap
#   DOOR_XMX=256m bench/run-peers.sh        # door started with java -Xmx256m (constant-memory check)
#
# Knobs (environment): ROUNDS=2 WRK_SECONDS=10 GET_RUNS=3 PUT_COUNT=10 PAR=8 MINT_SECONDS=10 MINT_THREADS=4
#   PORT_DOOR=28443 PORT_NGX=28444 JAR=gateway/target/gateway.jar DOOR_XMX= DOOR_JAVA_OPTS= KEEP=0 OUT=<dir>
#
# Everything runs in a fresh directory under /tmp, every load loop is bounded in time and count, and the trap
# stops the door, nginx and any helper it started. Raw results: $OUT/results.tsv; summary table on stdout and in
# $OUT/summary.md. Each measurement alternates which server goes first from round to round.
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
JAR=${JAR:-$REPO/gateway/target/gateway.jar}
DOOR_XMX=${DOOR_XMX:-}
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS:-}
KEEP=${KEEP:-0}

for tool in java curl wrk nginx python3 openssl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx-extras libnginx-mod-http-dav-ext wrk)" >&2; exit 2; }
done
[ -f /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ] || { echo "missing libnginx-mod-http-dav-ext" >&2; exit 2; }
for port in "$PORT_DOOR" "$PORT_NGX"; do
    if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is busy; set PORT_DOOR/PORT_NGX" >&2; exit 2; fi
done
if [ ! -f "$JAR" ]; then
    (cd "$REPO" && ./mvnw -q -o -DskipTests package)
fi

W=$(mktemp -d /tmp/gridgate-bench.XXXXXX)
chmod 755 "$W"   # nginx workers (www-data) must reach their DAV root
OUT=${OUT:-$W/out}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"
DOOR_PID=
NGX_PID=
HELPERS=()

cleanup() {
    local rc=$?
    set +e
    for p in "${HELPERS[@]}"; do kill "$p" 2>/dev/null; done
    if [ -n "$DOOR_PID" ] && kill -0 "$DOOR_PID" 2>/dev/null; then
        kill "$DOOR_PID"; for _ in $(seq 1 50); do kill -0 "$DOOR_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$DOOR_PID" 2>/dev/null
    fi
    if [ -n "$NGX_PID" ] && kill -0 "$NGX_PID" 2>/dev/null; then
        kill -QUIT "$NGX_PID"; for _ in $(seq 1 50); do kill -0 "$NGX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$NGX_PID" 2>/dev/null
    fi
    wait 2>/dev/null
    # Big files go; logs and results stay unless KEEP=0 and OUT was inside W.
    rm -rf "$W/src" "$W/door/data" "$W/ngx/root"
    if [ "$KEEP" != 1 ] && [[ "$OUT" != "$W"/* ]]; then rm -rf "$W"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }   # measurement server round value extra

# ---------------------------------------------------------------- door
log "work dir $W"
mkdir -p "$W/door" "$W/ngx/run" "$W/ngx/root/dav/bench" "$W/src"
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
PROXY=$W/door/user-proxy.pem
log "door pid $DOOR_PID, TLS engine $TLS_ENGINE, heap ${DOOR_XMX:-default}"

# ---------------------------------------------------------------- nginx
sed -e "s#@NGX@#$W/ngx/run#g" -e "s#@PORT@#$PORT_NGX#g" -e "s#@HOSTCERT@#$W/door/host/hostcert.pem#g" \
    -e "s#@HOSTKEY@#$W/door/host/hostkey.pem#g" -e "s#@DAVROOT@#$W/ngx/root#g" "$HERE/nginx-peer.conf.in" > "$W/ngx/nginx.conf"
chown -R www-data:www-data "$W/ngx/root" "$W/ngx/run"
nginx -t -q -c "$W/ngx/nginx.conf"
nginx -c "$W/ngx/nginx.conf" > "$W/ngx/stdout" 2>&1 &
NGX_PID=$!
for _ in $(seq 1 50); do
    curl -s -o /dev/null --max-time 2 --capath "$CAPATH" "https://localhost:$PORT_NGX/" && break
    sleep 0.2
done
log "nginx pid $NGX_PID ($(nginx -v 2>&1 | sed 's/.*: //'))"

# ---------------------------------------------------------------- credentials and files
M=$(curl -sS --max-time 30 -E "$PROXY" --capath "$CAPATH" -H 'Content-Type: application/macaroon-request' -X POST \
      -d '{"caveats":["activity:DOWNLOAD,UPLOAD,DELETE"],"validity":"PT6H"}' "https://localhost:$PORT_DOOR/bench/" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["macaroon"])')
[ -n "$M" ] || { echo "could not mint a macaroon" >&2; exit 1; }
DOOR=https://localhost:$PORT_DOOR/bench
NGX=https://localhost:$PORT_NGX/dav/bench
# Both curls verify the server certificate the same way; only the door gets (and needs) the bearer token.
dcurl() { curl -sS --max-time 300 --capath "$CAPATH" -H "Authorization: Bearer $M" "$@"; }
ncurl() { curl -sS --max-time 300 --capath "$CAPATH" "$@"; }
url_of() { if [ "$1" = door ]; then echo "$DOOR"; else echo "$NGX"; fi; }
curl_of() { if [ "$1" = door ]; then echo dcurl; else echo ncurl; fi; }

log "making test files"
head -c $((256 << 20)) /dev/urandom > "$W/src/256m.bin"
head -c $((100 << 20)) "$W/src/256m.bin" > "$W/src/100m.bin"
head -c $((64 << 20)) "$W/src/256m.bin" > "$W/src/64m.bin"
head -c $((1 << 20)) "$W/src/256m.bin" > "$W/src/1m.bin"
printf 'tiny file for request-rate tests\n' > "$W/src/tiny.txt"
for s in door ngx; do
    for f in 1m.bin 256m.bin tiny.txt; do
        code=$($(curl_of $s) -T "$W/src/$f" "$(url_of $s)/$f" -o /dev/null -w '%{http_code}')
        [ "$code" = 201 ] || [ "$code" = 204 ] || { echo "$s: PUT $f gave $code" >&2; exit 1; }
    done
done

# ---------------------------------------------------------------- memory helpers
# VmHWM = peak RSS since the last reset (writing 5 to clear_refs resets it). nginx: master + workers summed.
ngx_pids() { echo "$NGX_PID" $(pgrep -P "$NGX_PID" || true); }
mem_reset() { for p in $DOOR_PID $(ngx_pids); do echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; }
hwm_kb() { local t=0 v; for p in "$@"; do v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo $t; }
mem_record() { # phase round
    record "peak_rss_MiB:$1" door "$2" "$(( $(hwm_kb $DOOR_PID) / 1024 ))" ""
    record "peak_rss_MiB:$1" ngx "$2" "$(( $(hwm_kb $(ngx_pids)) / 1024 ))" ""
}
order() { if [ $(( $1 % 2 )) = 1 ]; then echo "door ngx"; else echo "ngx door"; fi; }

# wrk output -> "rps MiB/s p50ms p99ms errors"
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
p50 = ms(re.search(r'50%\s+(\S+)', t).group(1)); p99 = ms(re.search(r'99%\s+(\S+)', t).group(1))
err = 0
for m in re.finditer(r'Non-2xx or 3xx responses: (\d+)', t): err += int(m.group(1))
m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
if m: err += sum(int(x) for x in m.groups())
print(f"{rps:.1f} {tr:.1f} {p50:.2f} {p99:.2f} {err}")
PY
}

run_wrk() { # name server round file
    local name=$1 s=$2 r=$3 f=$4 out=$OUT/wrk-$1-$2-$3.txt
    local auth=()
    [ "$s" = door ] && auth=(-H "Authorization: Bearer $M")
    timeout $((WRK_SECONDS + 30)) wrk -t2 -c16 -d"${WRK_SECONDS}s" --latency "${auth[@]}" "$(url_of "$s")/$f" > "$out" 2>&1
    read -r rps mibs p50 p99 err < <(parse_wrk "$out")
    record "$name:req/s" "$s" "$r" "$rps" "errors=$err"
    record "$name:MiB/s" "$s" "$r" "$mibs" ""
    record "$name:p50_ms" "$s" "$r" "$p50" ""
    record "$name:p99_ms" "$s" "$r" "$p99" ""
    log "$name $s round $r: $rps req/s $mibs MiB/s p50 $p50 ms p99 $p99 ms errors $err"
}

now() { date +%s.%N; }

for r in $(seq 1 "$ROUNDS"); do
    log "=== round $r of $ROUNDS"

    # 1. wrk GET 1 MiB, 2 threads 16 connections
    mem_reset
    for s in $(order "$r"); do run_wrk get1m "$s" "$r" 1m.bin; done
    mem_record get1m "$r"

    # 2. wrk GET of a 33-byte file: per-request cost (door: bearer macaroon verified on every request)
    for s in $(order "$r"); do run_wrk gettiny "$s" "$r" tiny.txt; done

    # 3. curl GET 256 MiB, GET_RUNS sequential runs
    mem_reset
    for s in $(order "$r"); do
        for i in $(seq 1 "$GET_RUNS"); do
            read -r code speed < <($(curl_of "$s") -o /dev/null -w '%{http_code} %{speed_download}\n' "$(url_of "$s")/256m.bin")
            [ "$code" = 200 ] || { echo "$s GET 256m: $code" >&2; exit 1; }
            mibs=$(python3 -c "print(f'{$speed/1048576:.1f}')")
            record "get256m:MiB/s" "$s" "$r" "$mibs" "run=$i"
            log "get256m $s round $r run $i: $mibs MiB/s"
        done
    done
    mem_record get256m "$r"

    # 4. curl PUT 100 MiB x PUT_COUNT, sequential, new names
    mem_reset
    for s in $(order "$r"); do
        t0=$(now)
        for i in $(seq 1 "$PUT_COUNT"); do
            code=$($(curl_of "$s") -T "$W/src/100m.bin" -o /dev/null -w '%{http_code}' "$(url_of "$s")/put-r$r-$i.bin")
            [ "$code" = 201 ] || { echo "$s PUT 100m: $code" >&2; exit 1; }
        done
        t1=$(now)
        mibs=$(python3 -c "print(f'{$PUT_COUNT*100/($t1-$t0):.1f}')")
        record "put100m:MiB/s" "$s" "$r" "$mibs" "count=$PUT_COUNT seconds=$(python3 -c "print(f'{$t1-$t0:.2f}')")"
        log "put100m $s round $r: $mibs MiB/s"
    done
    mem_record put100m "$r"
    rm -f "$W"/door/data/bench/put-* "$W"/ngx/root/dav/bench/put-*

    # 5. PAR parallel PUTs of 64 MiB
    mem_reset
    for s in $(order "$r"); do
        t0=$(now)
        pids=()
        for i in $(seq 1 "$PAR"); do
            $(curl_of "$s") -T "$W/src/64m.bin" -o /dev/null -w '%{http_code}\n' "$(url_of "$s")/par-r$r-$i.bin" > "$W/par-$s-$i.code" &
            pids+=($!)
        done
        for p in "${pids[@]}"; do wait "$p" || true; done
        t1=$(now)
        bad=$(cat "$W"/par-"$s"-*.code | grep -vc '^201$' || true)
        mibs=$(python3 -c "print(f'{$PAR*64/($t1-$t0):.1f}')")
        record "par8put64m:MiB/s" "$s" "$r" "$mibs" "failed=$bad seconds=$(python3 -c "print(f'{$t1-$t0:.2f}')")"
        log "par${PAR}put64m $s round $r: $mibs MiB/s aggregate, failed $bad"
    done
    mem_record par8put64m "$r"
    rm -f "$W"/door/data/bench/par-* "$W"/ngx/root/dav/bench/par-*

    # 6. Mint rate (door) vs the cheapest request nginx can serve (HEAD of a tiny file), same harness,
    #    keep-alive connections and then one full TLS handshake per request.
    for mode in keepalive newconn; do
        extra=()
        [ "$mode" = newconn ] && extra=(--new-connection)
        for s in $(order "$r"); do
            if [ "$s" = door ]; then
                out=$(timeout $((MINT_SECONDS + 60)) java "$HERE/HttpsLoad.java" --url "$DOOR/" --method POST \
                    --content-type application/macaroon-request --body '{"caveats":["activity:DOWNLOAD"],"validity":"PT1H"}' \
                    --cert "$PROXY" --ca "$W/door/ca/ca.pem" --threads "$MINT_THREADS" --warmup 3 --seconds "$MINT_SECONDS" \
                    "${extra[@]}")
            else
                out=$(timeout $((MINT_SECONDS + 60)) java "$HERE/HttpsLoad.java" --url "$NGX/tiny.txt" --method HEAD \
                    --ca "$W/door/ca/ca.pem" --threads "$MINT_THREADS" --warmup 3 --seconds "$MINT_SECONDS" "${extra[@]}")
            fi
            echo "$out" > "$OUT/mint-$mode-$s-$r.txt"
            rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<< "$out" | head -1)
            p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<< "$out" | head -1)
            p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<< "$out" | head -1)
            errs=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<< "$out" | head -1)
            record "mint-$mode:req/s" "$s" "$r" "$rps" "errors=$errs"
            record "mint-$mode:p50_ms" "$s" "$r" "$p50" ""
            record "mint-$mode:p99_ms" "$s" "$r" "$p99" ""
            log "mint-$mode $s round $r: $rps req/s p50 $p50 p99 $p99 errors $errs"
        done
    done
done

# ---------------------------------------------------------------- summary
{
    echo "# run $(date -u +%FT%TZ) — door heap ${DOOR_XMX:-JVM default}, TLS engine $TLS_ENGINE, $ROUNDS rounds"
    echo "# machine: nproc=$(nproc), $(free -g | awk '/Mem:/ {print $2" GiB RAM"}'), load avg at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/.*: //'); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(curl --version | head -1 | cut -d' ' -f1-2)"
} > "$OUT/summary.md"
python3 "$HERE/summarize.py" "$RESULTS" >> "$OUT/summary.md"
cat "$OUT/summary.md"
log "raw results in $RESULTS; logs in $W (KEEP=1 keeps the work dir)"
