#!/usr/bin/env bash
# 5 GiB round trips through a door limited to a 256 MiB heap: bearer PUT of a streamed file (chunked, no copy on
# disk on the client side), GET back, SHA-256 compared (client side, computed while streaming, and once the door's own
# Digest: sha-256), time, CPU and peak RSS recorded. The same round trips through nginx in the same run give the ratio.
# Too slow for CI: it is a benchmark, run by hand.
#
#   bench/big-file.sh                       # 5 GiB, door -Xmx256m, then nginx
#   SIZE=$((1<<30)) PEER=none bench/big-file.sh
#
# Each round is a PUT and a GET through each server, the servers' order alternating, after one warm-up PUT to the
# door; every transfer records the server's CPU per GiB, the client's (curl, openssl, the hashing) and the CPU that
# other processes took (bench/lib.sh's accounting, as bench/run-peers.sh). summary.md: medians and per-round ratios.
#
# Knobs: SIZE (bytes, default 5 GiB) HEAP=256m ROUNDS=3 PEER=ngx|none SOURCE=aes|urandom PORT_DOOR=28453 PORT_NGX=28454
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
ROUNDS=${ROUNDS:-3}
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
read_shipped_door_settings
# The door as a site starts it (packaging/gridgate.service), then -Xmx$HEAP (the last -Xmx wins); set either, even
# empty, to override.
DOOR_JAVA_OPTS=${DOOR_JAVA_OPTS-$SHIPPED_JAVA_OPTS}
DOOR_ENV=${DOOR_ENV-$SHIPPED_ENV}

for tool in java curl openssl python3; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
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
# SHA-256 of a stream with OpenSSL (SHA extensions where the CPU has them): coreutils' sha256sum was the slowest
# part of the client pipeline and held both servers' GETs to its speed.
sha256_of() { openssl dgst -sha256 -r | cut -d' ' -f1; }

# CPU accounting (bench/lib.sh): the measured server's processes, this shell's reaped children (curl, openssl, the
# hashing: "client"), and everything else ("others", % of one core). Only the measured server is in SERVERS.
SERVERS=
account_begin() { SERVERS=$1; SRV_PIDS[$1]=$(pids_of "$1"); IV_SERVER=$1; iv_begin; }
# -> "seconds MiB/s server-CPU-s/GiB client-CPU-s/GiB others-%-of-a-core" for SIZE bytes moved since account_begin
account_end() {
    iv_end
    python3 -c "
s = $IV_US / 1e6; gib = $SIZE / 2**30; hz = $CLK_TCK
print(f'{s:.1f} {$SIZE / 1048576 / s:.1f} {$IV_SRV / hz / gib:.3f} {$IV_SELF / hz / gib:.3f} {$IV_OTHERS_PM / 10:.1f}')"
}

transfer() { # round server op(put|get) url stored-path auth-args...
    local round=$1 s=$2 op=$3 url=$4 stored=$5; shift 5
    local -a auth=("$@")
    local code sp hp result hwm
    reset_hwm "$s"
    sample_rss "$s" "$OUT/rss-$s-$op-$round.txt" & sp=$!
    if [ "$op" = put ]; then
        mkfifo "$W/up.fifo"
        sha256_of < "$W/up.fifo" > "$W/up-$s.sha" & hp=$!
        account_begin "$s"
        code=$(generate | tee "$W/up.fifo" | curl -sS --capath "$CAPATH" "${auth[@]}" --max-time 3600 \
                 --speed-limit 1048576 --speed-time 60 -T - -o /dev/null -w '%{http_code}' "$url")
        wait "$hp"
    else
        mkfifo "$W/down.fifo"
        sha256_of < "$W/down.fifo" > "$W/down-$s.sha" & hp=$!
        account_begin "$s"
        code=$(curl -sS --capath "$CAPATH" "${auth[@]}" --max-time 3600 --speed-limit 1048576 --speed-time 60 \
                 -o "$W/down.fifo" -w '%{http_code}' "$url")
        wait "$hp"
    fi
    kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null || true
    result=$(account_end)
    hwm=$(hwm_mib "$s")
    rm -f "$W/up.fifo" "$W/down.fifo"
    read -r secs rate srv_cpu cli_cpu others <<< "$result"
    local sha; if [ "$op" = put ]; then sha=$(cat "$W/up-$s.sha"); else sha=$(cat "$W/down-$s.sha"); fi
    log "round $round $s ${op^^}: HTTP $code, $secs s, $rate MiB/s, server CPU $srv_cpu s/GiB, client CPU $cli_cpu s/GiB, others' CPU $others % of a core, peak RSS $hwm MiB, sha256 $sha"
    case $op:$code in put:200|put:201|put:204|get:200) ;; *) echo "$s ${op^^} failed: $code" >&2; exit 1;; esac
    if [ "$op" = put ]; then
        log "round $round $s stored file: $(stat -c %s "$stored") bytes (expected $SIZE)"
    elif [ "$(cat "$W/up-$s.sha")" != "$sha" ]; then
        log "round $round $s round trip: sha256 up != down"; exit 1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$s" "$op" "$secs" "$rate" "$srv_cpu" "$cli_cpu" "$others" "$hwm" \
        >> "$OUT/big-file.tsv"
}

round_trip() { # round server url stored-path auth-args...
    local round=$1 s=$2 url=$3 stored=$4; shift 4
    transfer "$round" "$s" put "$url" "$stored" "$@"
    # Written back before the GET, outside the interval: the GET measures reading, not the PUT's writeback.
    sync
    transfer "$round" "$s" get "$url" "$stored" "$@"
    rm -f "$stored"
    sync
}

door_trip() {
    round_trip "$1" door "https://localhost:$PORT_DOOR/big/5g.bin" "$W/door/data/big/5g.bin" -H "Authorization: Bearer $M"
}
ngx_trip() {
    round_trip "$1" ngx "https://localhost:$PORT_NGX/dav/big/5g.bin" "$W/ngx/root/dav/big/5g.bin"
}

printf 'round\tserver\top\tseconds\tMiB_per_s\tserver_cpu_s_per_GiB\tclient_cpu_s_per_GiB\tothers_pct_of_core\tpeak_rss_MiB\n' \
    > "$OUT/big-file.tsv"
# The door's own record of what it stored (computed while streaming, RFC 3230 Digest, sha-256 in base64), once
transfer 0 door put "https://localhost:$PORT_DOOR/big/5g.bin" "$W/door/data/big/5g.bin" -H "Authorization: Bearer $M"
digest=$(curl -sS --capath "$CAPATH" -H "Authorization: Bearer $M" -I -H 'Want-Digest: sha-256' \
           "https://localhost:$PORT_DOOR/big/5g.bin" | tr -d '\r' | sed -n 's/^[Dd]igest: *//p')
door_hex=$(python3 -c "import base64,sys; v='$digest'.split('sha-256=',1)[1].split(',')[0]; print(base64.b64decode(v).hex())" 2>/dev/null || echo "?")
log "door Digest header: $digest -> $door_hex; matches client: $([ "$door_hex" = "$(cat "$W/up-door.sha")" ] && echo yes || echo NO)"
rm -f "$W/door/data/big/5g.bin"
sync
# Round 0 above was the warm-up (a JIT-compiled door); then ROUNDS rounds, the order alternating.
for round in $(seq 1 "$ROUNDS"); do
    if [ "$PEER" = ngx ] && [ $((round % 2)) = 0 ]; then ngx_trip "$round"; door_trip "$round"
    else
        door_trip "$round"
        if [ "$PEER" = ngx ]; then ngx_trip "$round"; fi
    fi
done
max_heap_after_gc=$(sed -n 's/.*->\([0-9]*\)M(\([0-9]*\)M).*/\1 \2/p' "$W/door-gc.log" | sort -n | tail -1)
log "door GC: $(grep -c 'Pause' "$W/door-gc.log") pauses; largest heap after a GC: ${max_heap_after_gc%% *} MiB (committed then: ${max_heap_after_gc##* } MiB)"
cp "$W/door-gc.log" "$OUT/" 2>/dev/null || true

python3 - "$OUT/big-file.tsv" "$PEER" "$SIZE" <<'PY' | tee "$OUT/summary.md"
import sys, statistics
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
rows = [r for r in rows if r[0] != '0']
servers = ['door'] + (['ngx'] if sys.argv[2] == 'ngx' else [])
size = f"{int(sys.argv[3]) / 2**30:g} GiB"
def cell(s, op, col):
    return [float(r[col]) for r in rows if r[1] == s and r[2] == op]
cols = [(4, 'MiB/s', False), (5, 'server CPU s/GiB ↓', True), (6, 'client CPU s/GiB ↓', True), (8, 'peak RSS MiB ↓', True)]
head = '| transfer | metric | ' + ' | '.join(servers) + (' | door/nginx |' if len(servers) > 1 else ' |')
print(head); print('|' + '---|' * (head.count('|') - 1))
for op in ('put', 'get'):
    for col, name, _ in cols:
        vals = [statistics.median(cell(s, op, col)) for s in servers]
        line = f"| {op.upper()} {size} | {name} | " + ' | '.join(f'{v:g}' for v in vals)
        if len(servers) > 1:
            ratios = [d / n for d, n in zip(cell('door', op, col), cell('ngx', op, col)) if n]
            line += f" | **{statistics.median(ratios):.2f}** ({min(ratios):.2f}–{max(ratios):.2f})" if ratios else ' | –'
        print(line + ' |')
    # "!": others took more than 10 % of a core during that transfer (not taken again: read that round with care)
    print(f"| | others' CPU, % of one core, per round | " + ' | '.join(', '.join(f'{v:g}' + ('!' if v > 10 else '') for v in cell(s, op, 7)) for s in servers)
          + (' | |' if len(servers) > 1 else ' |'))
print(f"\nMedian of {len(cell('door', 'put', 4))} rounds after one warm-up PUT; ratios are the median of the per-round ratios (min–max).")
PY
log "results in $OUT"
