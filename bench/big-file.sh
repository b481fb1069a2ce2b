#!/usr/bin/env bash
# 5 GiB round trip through a door limited to a 256 MiB heap: bearer PUT of a streamed file (chunked, no copy on
# disk on the client side), GET back, SHA-256 compared (client side, computed while streaming, and the door's own
# Digest: sha-256), time and peak RSS recorded. The same round trip through nginx in the same run gives the ratio.
# Too slow for CI: it is a benchmark, run by hand.
#
#   bench/big-file.sh                       # 5 GiB, door -Xmx256m, then nginx
#   SIZE=$((1<<30)) PEER=none bench/big-file.sh
#
# Knobs: SIZE (bytes, default 5 GiB) HEAP=256m PEER=ngx|none SOURCE=aes|urandom PORT_DOOR=28453 PORT_NGX=28454
#   JAR=gateway/target/gateway.jar OUT=<dir> DOOR_JAVA_OPTS=<packaging/gridgate.service's flags> DOOR_ENV=<its Environment=>
# SOURCE=aes (default) streams AES-128-CTR keystream from openssl: incompressible like /dev/urandom but ~5x faster
# here, so the generator is not the bottleneck. Only one copy of the file exists on disk at any time.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SIZE=${SIZE:-$((5 << 30))}
HEAP=${HEAP:-256m}
PEER=${PEER:-ngx}
SOURCE=${SOURCE:-aes}
PORT_DOOR=${PORT_DOOR:-28453}
PORT_NGX=${PORT_NGX:-28454}
JAR=${JAR:-$REPO/gateway/target/gateway.jar}
SEED=${SEED:-gridgate-big-file-$SIZE}
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
read_shipped_door_settings
# The door as a site starts it (packaging/gridgate.service), then -Xmx$HEAP (the last -Xmx wins); set either, even
# empty, to override.
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS-$SHIPPED_JAVA_OPTS}
DOOR_ENV=${DOOR_ENV-$SHIPPED_ENV}

for tool in java curl sha256sum openssl python3; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
[ "$PEER" = none ] || command -v nginx >/dev/null || { echo "missing nginx (or PEER=none)" >&2; exit 2; }
for port in "$PORT_DOOR" "$PORT_NGX"; do
    if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is busy" >&2; exit 2; fi
done
avail=$(df --output=avail -B1 /tmp | tail -1)
if [ "$avail" -lt $((SIZE + (2 << 30))) ]; then echo "/tmp has $avail bytes free, need SIZE + 2 GiB" >&2; exit 2; fi
[ -f "$JAR" ] || (cd "$REPO" && ./mvnw -q -o -DskipTests package)

W=$(mktemp -d /tmp/gridgate-big.XXXXXX)
chmod 755 "$W"
OUT=${OUT:-$W/out}
mkdir -p "$OUT"
DOOR_PID=
NGX_PID=
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    for j in $(jobs -p); do kill "$j" 2>/dev/null; done
    for p in "$DOOR_PID" "$NGX_PID"; do
        [ -n "$p" ] && kill -0 "$p" 2>/dev/null || continue
        if [ "$p" = "$NGX_PID" ]; then kill -QUIT "$p"; else kill "$p"; fi
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$p" 2>/dev/null; then kill -9 "$p"; fi
    done
    wait 2>/dev/null
    cp "$W/door.log" "$OUT/door.log" 2>/dev/null
    rm -rf "$W/door/data" "$W/ngx/root" "$W"/*.fifo
    [ "${KEEP:-0}" = 1 ] || rm -rf "$W"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" | tee -a "$OUT/big-file.log" >&2; }

generate() {
    if [ "$SOURCE" = urandom ]; then
        head -c "$SIZE" /dev/urandom
    else
        # openssl dies of SIGPIPE when head has enough: that is the normal end, not a failure (pipefail)
        { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$SEED" < /dev/zero 2>/dev/null || true; } | head -c "$SIZE"
    fi
}

# ---------------------------------------------------------------- door with a small heap
mkdir -p "$W/door"
env $DOOR_ENV java $DOOR_JAVA_OPTS "-Xmx$HEAP" "-Xlog:gc:file=$W/door-gc.log" -jar "$JAR" dev --port "$PORT_DOOR" --dir "$W/door" > "$W/door.log" 2>&1 &
DOOR_PID=$!
for _ in $(seq 1 240); do
    grep -q 'listening on https://' "$W/door.log" && break
    kill -0 "$DOOR_PID" 2>/dev/null || { cat "$W/door.log" >&2; exit 1; }
    sleep 0.5
done
grep -q 'listening on https://' "$W/door.log" || { echo "door did not start" >&2; exit 1; }
CAPATH=$W/door/certificates
log "door pid $DOOR_PID, $DOOR_ENV java $DOOR_JAVA_OPTS -Xmx$HEAP, $(sed -n 's/.*\(TLS engine: .*\)/\1/p' "$W/door.log" | head -1); size $SIZE bytes; source $SOURCE"
M=$(curl -sS --max-time 30 -E "$W/door/user-proxy.pem" --capath "$CAPATH" -H 'Content-Type: application/macaroon-request' \
      -X POST -d '{"caveats":["activity:DOWNLOAD,UPLOAD,DELETE"],"validity":"PT6H"}' "https://localhost:$PORT_DOOR/big/" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["macaroon"])')

if [ "$PEER" = ngx ]; then
    mkdir -p "$W/ngx/run" "$W/ngx/root/dav/big"
    sed -e "s#@NGX@#$W/ngx/run#g" -e "s#@PORT@#$PORT_NGX#g" -e "s#@HOSTCERT@#$W/door/host/hostcert.pem#g" \
        -e "s#@HOSTKEY@#$W/door/host/hostkey.pem#g" -e "s#@DAVROOT@#$W/ngx/root#g" "$HERE/nginx-peer.conf.in" > "$W/ngx/nginx.conf"
    chown -R www-data:www-data "$W/ngx/root" "$W/ngx/run"
    nginx -c "$W/ngx/nginx.conf" > "$W/ngx/stdout" 2>&1 &
    NGX_PID=$!
    for _ in $(seq 1 50); do curl -s -o /dev/null --max-time 2 --capath "$CAPATH" "https://localhost:$PORT_NGX/" && break; sleep 0.2; done
fi

pids_of() { if [ "$1" = door ]; then echo "$DOOR_PID"; else echo "$NGX_PID" $(pgrep -P "$NGX_PID" || true); fi; }
hwm_mib() { local t=0 p v; for p in $(pids_of "$1"); do v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo $((t / 1024)); }
rss_mib() { local t=0 p v; for p in $(pids_of "$1"); do v=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; echo $((t / 1024)); }
reset_hwm() { for p in $(pids_of "$1"); do echo 5 > "/proc/$p/clear_refs"; done; }
# RSS every second while a transfer runs (bounded by the transfer and by a one-hour cap)
sample_rss() { # server file
    for _ in $(seq 1 3600); do echo "$(date +%s) $(rss_mib "$1")" >> "$2"; sleep 1; done
}
now() { date +%s.%N; }

round_trip() { # server url stored-path auth-args...
    local s=$1 url=$2 stored=$3; shift 3
    local -a auth=("$@")
    mkfifo "$W/up-$s.fifo" "$W/down-$s.fifo"
    sha256sum < "$W/up-$s.fifo" | cut -d' ' -f1 > "$W/up-$s.sha" &
    local hp=$!
    reset_hwm "$s"
    sample_rss "$s" "$OUT/rss-$s-put.txt" & local sp=$!
    local t0 t1 code
    t0=$(now)
    code=$(generate | tee "$W/up-$s.fifo" | curl -sS --capath "$CAPATH" "${auth[@]}" --max-time 3600 \
             --speed-limit 1048576 --speed-time 60 -T - -o /dev/null -w '%{http_code}' "$url")
    t1=$(now)
    kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null || true
    wait "$hp"
    local put_hwm; put_hwm=$(hwm_mib "$s")
    local put_s; put_s=$(python3 -c "print(f'{$t1-$t0:.1f}')")
    log "$s PUT: HTTP $code, $put_s s, $(python3 -c "print(f'{$SIZE/1048576/($t1-$t0):.1f}')") MiB/s, peak RSS $put_hwm MiB, sha256 $(cat "$W/up-$s.sha")"
    case $code in 200|201|204) ;; *) echo "$s PUT failed: $code" >&2; exit 1;; esac
    log "$s stored file: $(stat -c %s "$stored") bytes (expected $SIZE)"

    sha256sum < "$W/down-$s.fifo" | cut -d' ' -f1 > "$W/down-$s.sha" &
    hp=$!
    reset_hwm "$s"
    sample_rss "$s" "$OUT/rss-$s-get.txt" & sp=$!
    t0=$(now)
    code=$(curl -sS --capath "$CAPATH" "${auth[@]}" --max-time 3600 --speed-limit 1048576 --speed-time 60 \
             -o "$W/down-$s.fifo" -w '%{http_code}' "$url")
    t1=$(now)
    kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null || true
    wait "$hp"
    local get_hwm; get_hwm=$(hwm_mib "$s")
    local get_s; get_s=$(python3 -c "print(f'{$t1-$t0:.1f}')")
    log "$s GET: HTTP $code, $get_s s, $(python3 -c "print(f'{$SIZE/1048576/($t1-$t0):.1f}')") MiB/s, peak RSS $get_hwm MiB, sha256 $(cat "$W/down-$s.sha")"
    [ "$code" = 200 ] || { echo "$s GET failed: $code" >&2; exit 1; }
    if [ "$(cat "$W/up-$s.sha")" = "$(cat "$W/down-$s.sha")" ]; then same=yes; else same=NO; fi
    log "$s round trip: sha256 up == down: $same"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$SIZE" "$put_s" "$put_hwm" "$get_s" "$get_hwm" "$same" >> "$OUT/big-file.tsv"
    rm -f "$W/up-$s.fifo" "$W/down-$s.fifo"
    [ "$same" = yes ] || exit 1
}

: > "$OUT/big-file.tsv"
round_trip door "https://localhost:$PORT_DOOR/big/5g.bin" "$W/door/data/big/5g.bin" -H "Authorization: Bearer $M"
# The door's own record of what it stored (computed while streaming, RFC 3230 Digest, sha-256 in base64)
digest=$(curl -sS --capath "$CAPATH" -H "Authorization: Bearer $M" -I -H 'Want-Digest: sha-256' \
           "https://localhost:$PORT_DOOR/big/5g.bin" | tr -d '\r' | sed -n 's/^[Dd]igest: *//p')
door_hex=$(python3 -c "import base64,sys; v='$digest'.split('sha-256=',1)[1].split(',')[0]; print(base64.b64decode(v).hex())" 2>/dev/null || echo "?")
log "door Digest header: $digest -> $door_hex; matches client: $([ "$door_hex" = "$(cat "$W/up-door.sha")" ] && echo yes || echo NO)"
max_heap_after_gc=$(sed -n 's/.*->\([0-9]*\)M(\([0-9]*\)M).*/\1 \2/p' "$W/door-gc.log" | sort -n | tail -1)
log "door GC: $(grep -c 'Pause' "$W/door-gc.log") pauses; largest heap after a GC: ${max_heap_after_gc%% *} MiB (committed then: ${max_heap_after_gc##* } MiB)"
cp "$W/door-gc.log" "$OUT/" 2>/dev/null || true
rm -f "$W/door/data/big/5g.bin"

if [ "$PEER" = ngx ]; then
    round_trip ngx "https://localhost:$PORT_NGX/dav/big/5g.bin" "$W/ngx/root/dav/big/5g.bin"
    rm -f "$W/ngx/root/dav/big/5g.bin"
    python3 - "$OUT/big-file.tsv" <<'PY' | tee -a "$OUT/big-file.log"
import sys
rows = {l.split('\t')[0]: l.rstrip('\n').split('\t') for l in open(sys.argv[1])}
d, n = rows['door'], rows['ngx']
print(f"door/nginx: PUT throughput ratio {float(n[2]) / float(d[2]):.2f}, GET throughput ratio {float(n[4]) / float(d[4]):.2f}; "
      f"peak RSS door {d[3]}/{d[5]} MiB (PUT/GET) vs nginx {n[3]}/{n[5]} MiB")
PY
fi
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"
