#!/usr/bin/env bash
# shellcheck disable=SC2034,SC2153 # sets variables for its callers; reads the knobs they set
# Shared by the benchmark harnesses (bench/run-peers.sh, bench/run-doors.sh): sourced, defines functions only.
#
# The caller sets, before it calls them: W (work dir), OUT (results dir), RESULTS (results.tsv), HERE (bench/),
# SERVERS (the process groups it started, e.g. "door ngx"), SRV_PIDS[group] (their pids), TRIES, OTHERS_MAX,
# WRK_SECONDS, WARMUP_* (see run-peers.sh's header), and defines url_of SUBJECT, auth_of SUBJECT (sets AUTH),
# mint_load SUBJECT MODE SECONDS WARMUP and warm_run KIND SUBJECT. A "subject" is what is measured: by default
# one server, whose group is its own name; a harness where several process groups serve one subject (doors and
# HAProxy) redefines serving_groups SUBJECT, and may define extra_cpu to add CPU figures of its own.

# ---------------------------------------------------------------- processes, logging
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }   # measurement server round value extra
stop_pid() { # pid signal
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
    kill "-$2" "$1" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}
wait_listening() { # pid log name
    for _ in $(seq 1 240); do
        grep -q 'listening on https://' "$2" && return 0
        kill -0 "$1" 2>/dev/null || { cat "$2" >&2; echo "$3 died" >&2; exit 1; }
        sleep 0.5
    done
    echo "$3 did not start in 120 s" >&2; exit 1
}

# The door's JVM flags and environment as a site starts it: those of the systemd unit's ExecStart and its
# Environment= lines (the README's commands carry the same; gateway's ShippedJvmFlagsTest keeps them equal).
read_shipped_door_settings() { # -> SHIPPED_JAVA_OPTS, SHIPPED_ENV
    SHIPPED_JAVA_OPTS=$(sed -n 's#^ExecStart=/usr/bin/java \(.*\) -jar .*#\1#p' "$REPO/packaging/gridgate.service" | sed 's/ -D[^ ]*//g')   # -D: where a package keeps its configuration
    [ -n "$SHIPPED_JAVA_OPTS" ] || { echo "cannot read the java flags of ExecStart in packaging/gridgate.service" >&2; exit 2; }
    SHIPPED_ENV=$(sed -n 's#^Environment=\(.*\)#\1#p' "$REPO/packaging/gridgate.service" | tr '\n' ' ' | sed 's/ *$//')
}

# ---------------------------------------------------------------- CPU accounting (bash builtins only: no forks)
CLK_TCK=$(getconf CLK_TCK)
_T=0
add_ticks() { # pid: adds its utime+stime+cutime+cstime (all threads, reaped children) to _T
    local line f
    { read -r line < "/proc/$1/stat"; } 2>/dev/null || return 0
    line=${line##*) }   # past "(comm) "
    read -ra f <<< "$line"
    _T=$((_T + f[11] + f[12] + f[13] + f[14]))
}
declare -A SRV_PIDS SNAP_SRV B_SRVS IV_SRVS
serving_groups() { echo "$1"; }   # subject -> the process groups whose CPU is its servers' (default: itself)
extra_cpu() { :; }                # name subject -> more "metric value" lines for measure() (default: none)
snap() { # sets SNAP_US (wall, µs), SNAP_BUSY, SNAP_SELF, SNAP_SRV[server] (ticks)
    local _c u n s _idle iow q sq st rest p srv all=0
    SNAP_US=${EPOCHREALTIME/./}
    read -r _c u n s _idle iow q sq st rest < /proc/stat
    SNAP_BUSY=$((u + n + s + q + sq + st))
    SNAP_IOWAIT=$iow
    SNAP_IRQ=$((q + sq))
    SNAP_STEAL=$st
    _T=0; add_ticks $$; SNAP_SELF=$_T
    for srv in $SERVERS; do
        _T=0
        for p in ${SRV_PIDS[$srv]}; do add_ticks "$p"; done
        SNAP_SRV[$srv]=$_T
        all=$((all + _T))
    done
    SNAP_ALLSRV=$all
}
# Every process's own ticks (utime+stime, not its reaped children's: a build reaping a long-lived child would look
# busy) at both ends of an interval, to name the biggest others afterwards: "pid ppid ticks comm"
snap_all() { # file
    local f line pid comm rest fields all=''
    for f in /proc/[0-9]*/stat; do
        { read -r line < "$f"; } 2>/dev/null || continue
        pid=${line%% *}
        comm=${line#*(}; comm=${comm%)*}
        rest=${line##*) }
        read -ra fields <<< "$rest"
        all+="$pid ${fields[1]} $((fields[11] + fields[12])) ${comm// /_}"$'\n'
    done
    printf '%s' "$all" > "$1"
}
IV_SERVER=   # the process groups measured (serving_groups of the subject); the other groups count as idle servers
iv_begin() {
    snap_all "$W/procs-begin"
    snap
    B_US=$SNAP_US B_BUSY=$SNAP_BUSY B_IRQ=$SNAP_IRQ B_STEAL=$SNAP_STEAL B_IOWAIT=$SNAP_IOWAIT B_SELF=$SNAP_SELF B_ALLSRV=$SNAP_ALLSRV
    local g
    for g in $SERVERS; do B_SRVS[$g]=${SNAP_SRV[$g]}; done
}
iv_end() { # -> IV_* : the interval's wall time (µs) and tick counts; IV_SRVS[group]: each group's ticks
    local g
    snap
    IV_US=$((SNAP_US - B_US))
    IV_BUSY=$((SNAP_BUSY - B_BUSY))
    IV_IRQ=$((SNAP_IRQ - B_IRQ))
    IV_STEAL=$((SNAP_STEAL - B_STEAL))
    IV_IOWAIT=$((SNAP_IOWAIT - B_IOWAIT))
    IV_SELF=$((SNAP_SELF - B_SELF))
    for g in $SERVERS; do IV_SRVS[$g]=$((SNAP_SRV[$g] - B_SRVS[$g])); done
    IV_SRV=0
    for g in $IV_SERVER; do IV_SRV=$((IV_SRV + IV_SRVS[$g])); done
    IV_IDLESRV=$((SNAP_ALLSRV - B_ALLSRV - IV_SRV))
    IV_OTHERS=$((IV_BUSY - IV_SELF - IV_SRV - IV_IDLESRV))
    # tenths of a per cent of one core, for bash's integer comparisons
    IV_OTHERS_PM=$((IV_OTHERS * 1000 * 1000000 / (CLK_TCK * (IV_US > 0 ? IV_US : 1))))
    IV_DONE=1
    snap_all "$W/procs-end"
}
# The processes that took the most CPU in the interval besides ours: "comm[program]:pid:% of a core,..." (top 3)
top_others() {
    local s ours="$$"
    for s in $SERVERS; do ours="$ours ${SRV_PIDS[$s]}"; done
    python3 - "$W/procs-begin" "$W/procs-end" "$CLK_TCK" "$IV_US" "$ours" <<'PY'
import os, sys
def load(path):
    d = {}
    for line in open(path):
        pid, ppid, ticks, comm = line.split(" ", 3)
        d[pid] = (ppid, int(ticks), comm.strip())
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
hz, us, ours = int(sys.argv[3]), int(sys.argv[4]), set(sys.argv[5].split())
def program(pid, comm):  # for a JVM, the jar or main class it runs (no other arguments)
    try:
        args = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace").split("\0")
    except OSError:
        return comm
    if comm != "java":
        return comm
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in ("-cp", "-classpath", "--class-path", "-jar", "--add-opens", "--add-exports", "-p", "--module-path"):
            skip = arg != "-jar"
        elif arg and not arg.startswith("-"):
            name = os.path.basename(arg)
            for key, short in (("plexus.classworlds", "maven"), ("surefirebooter", "surefire"),
                               ("failsafe", "failsafe"), ("HttpsLoad", "HttpsLoad")):
                if key in name:
                    name = short
            return "java[" + (name if len(name) <= 30 else name[:27] + "...") + "]"
    return comm
rows = []
for pid, (ppid, ticks, comm) in b.items():
    if pid in ours or ppid in ours:
        continue
    d = ticks - a.get(pid, (0, 0, ""))[1]
    if d > 0:
        rows.append((d, pid, comm))
rows.sort(reverse=True)
print(",".join(f"{program(pid, comm)}:{pid}:{d / hz * 1e8 / us:.0f}" for d, pid, comm in rows[:3] if d / hz * 1e8 / us >= 1))
PY
}
pct_of_core() { # ticks -> "12.3" (% of one core over the interval)
    local pm=$(($1 * 1000 * 1000000 / (CLK_TCK * (IV_US > 0 ? IV_US : 1)))) sign=
    [ "$pm" -lt 0 ] && { sign=-; pm=$((-pm)); }
    echo "$sign$((pm / 10)).$((pm % 10))"
}

hwm_kb() { # group... -> VmHWM summed over their processes (nginx: master + workers; shared pages count twice)
    local t=0 v p g
    for g in "$@"; do for p in ${SRV_PIDS[$g]}; do v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); t=$((t + ${v:-0})); done; done
    echo $t
}
calc() { python3 -c "print(f'{$1:.$2f}')"; }
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
def pct(p):  # only with --latency
    m = re.search(r'^\s+' + p + r'%\s+(\S+)', t, re.M)
    return ms(m.group(1)) if m else float('nan')
try:
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
    tr = mib(re.search(r'Transfer/sec:\s+(\S+)', t).group(1))
    n = int(re.search(r'(\d+) requests in', t).group(1))
except AttributeError:  # wrk failed: no figures
    print("0 0 nan nan 1 0"); sys.exit()
p50, p99 = pct('50'), pct('99')
err = 0
for m in re.finditer(r'Non-2xx or 3xx responses: (\d+)', t): err += int(m.group(1))
m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
if m: err += sum(int(x) for x in m.groups())
print(f"{rps:.1f} {tr:.1f} {p50:.2f} {p99:.2f} {err} {n}")
PY
}
# HttpsLoad output line -> "rps p50 p99 errors requests+warmup_requests"
parse_load() {
    python3 -c '
import re, sys
t = sys.stdin.read()
g = lambda k, d="nan": (re.search(r"\b" + k + r"=([0-9.]+)", t) or [None, d])[1]
print(g("rps", "0"), g("p50_ms"), g("p99_ms"), g("errors", "1"), int(g("requests", "0")) + int(g("warmup_requests", "0")))
' <<< "$1"
}
# HttpsLoad compiled once (the source launcher would compile it in every measured interval, as client CPU)
compile_https_load() { # -> HTTPS_LOAD (java arguments)
    HTTPS_LOAD=("$HERE/HttpsLoad.java")
    if command -v javac >/dev/null && javac -d "$W/classes" "$HERE/HttpsLoad.java" 2>/dev/null; then
        HTTPS_LOAD=(-cp "$W/classes" HttpsLoad)
    fi
}

# ---------------------------------------------------------------- the measurements
# Each load_* function takes "args... server round", measures between iv_begin and iv_end (nothing else in
# between: parsing and bookkeeping come after), writes its figures with stage(), and sets WORK_REQ (requests)
# and WORK_BYTES (payload bytes) for the CPU figures per request and per GiB.
stage() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$CUR_SERVER" "$CUR_ROUND" "$2" "${3:-}" >> "$STAGE"; }

load_wrk() { # name file server round
    local name=$1 f=$2 s=$3 r=$4 wrk_out=$OUT/wrk-$1-$3-$4-try$CUR_TRY.txt url size rps mibs p50 p99 err n
    url="$(url_of "$s")/$f"
    size=$(stat -c %s "$W/src/$f")
    auth_of "$s"
    iv_begin
    timeout $((WRK_SECONDS + 30)) wrk -t2 -c16 -d"${WRK_SECONDS}s" --latency "${AUTH[@]}" "$url" > "$wrk_out" 2>&1 || true
    iv_end
    read -r rps mibs p50 p99 err n <<< "$(parse_wrk "$wrk_out")"
    stage "$name:req/s" "$rps" "errors=$err requests=$n"
    [ "$size" -ge 65536 ] && stage "$name:MiB/s" "$mibs"
    stage "$name:p50_ms" "$p50"
    stage "$name:p99_ms" "$p99"
    WORK_REQ=$n WORK_BYTES=$((n * size)) RATE="$rps req/s"
}

load_get256m() { # server round
    local s=$1 url i codes=() code
    url="$(url_of "$s")/256m.bin"
    iv_begin
    for ((i = 1; i <= GET_RUNS; i++)); do codes+=("$(scurl "$s" -o /dev/null -w '%{http_code}' "$url")"); done
    iv_end
    for code in "${codes[@]}"; do [ "$code" = 200 ] || { echo "$s GET 256m: $code" >&2; exit 1; }; done
    RATE="$(calc "$GET_RUNS * 256 * 1e6 / $IV_US" 1) MiB/s"
    stage "get256m:MiB/s" "${RATE% *}" "runs=$GET_RUNS seconds=$(calc "$IV_US / 1e6" 2)"
    WORK_REQ=$GET_RUNS WORK_BYTES=$((GET_RUNS * (256 << 20)))
}

load_mint() { # mode (keepalive | newconn) server round
    local mode=$1 s=$2 r=$3 out rps p50 p99 errs nreq
    iv_begin
    out=$(mint_load "$s" "$mode" "$MINT_SECONDS" 3)
    iv_end
    echo "$out" > "$OUT/mint-$mode-$s-$r-try$CUR_TRY.txt"
    read -r rps p50 p99 errs nreq <<< "$(parse_load "$out")"
    stage "mint-$mode:req/s" "$rps" "errors=$errs requests=$nreq"
    stage "mint-$mode:p50_ms" "$p50"
    stage "mint-$mode:p99_ms" "$p99"
    WORK_REQ=$nreq WORK_BYTES=0 RATE="$rps req/s"
}

# measure NAME SERVER ROUND LOAD-FUNCTION ARGS...: runs the load up to TRIES times, until others' CPU stays within
# OTHERS_MAX, and records the try with the least others' CPU, with the CPU figures of its interval.
measure() {
    local name=$1 s=$2 r=$3; shift 3
    local try best=0 best_pm='' cpu extra k v others top
    CUR_SERVER=$s CUR_ROUND=$r IV_SERVER=$(serving_groups "$s")
    for ((try = 1; try <= TRIES; try++)); do
        CUR_TRY=$try STAGE=$W/stage-$try.tsv IV_DONE=0 WORK_REQ=0 WORK_BYTES=0 RATE='?'
        : > "$STAGE"
        "$@" "$s" "$r"
        [ "$IV_DONE" = 1 ] || { echo "internal error: $* took no measurement" >&2; exit 1; }
        # server and client CPU per request and per GiB (per GiB only for payloads of 64 KiB or more per request)
        cpu=$(python3 - "$CLK_TCK" "$IV_SRV" "$IV_SELF" "$WORK_REQ" "$WORK_BYTES" <<'PY'
import sys
hz, srv, cli, req, nbytes = (int(x) for x in sys.argv[1:])
if req > 0:
    print(f"server_us/req {srv / hz * 1e6 / req:.1f}")
    if nbytes / req >= 65536:
        print(f"server_s/GiB {srv / hz / (nbytes / 2**30):.3f}")
        print(f"client_s/GiB {cli / hz / (nbytes / 2**30):.3f}")
    else:
        print(f"client_us/req {cli / hz * 1e6 / req:.1f}")
PY
)
        extra=$(extra_cpu "$name" "$s")
        [ -n "$extra" ] && cpu+=$'\n'"$extra"
        while read -r k v; do [ -n "$k" ] && stage "$name:$k" "$v"; done <<< "$cpu"
        others=$(pct_of_core "$IV_OTHERS")
        top=$(top_others)
        stage "$name:others_cpu_%" "$others" "try=$try of=$TRIES irq+softirq_%=$(pct_of_core "$IV_IRQ") steal_%=$(pct_of_core "$IV_STEAL") iowait_%=$(pct_of_core "$IV_IOWAIT") idle_servers_%=$(pct_of_core "$IV_IDLESRV") seconds=$(calc "$IV_US / 1e6" 2) top_others=${top:--}"
        log "$name $s round $r try $try: $RATE; ${cpu//$'\n'/, }; others' CPU $others % of a core${top:+ (most: $top)}"
        if [ -z "$best_pm" ] || [ "$IV_OTHERS_PM" -lt "$best_pm" ]; then
            best=$try best_pm=$IV_OTHERS_PM
            cp "$STAGE" "$W/stage-best.tsv"
        fi
        [ "$IV_OTHERS_PM" -le $((OTHERS_MAX * 10)) ] && break
        [ "$try" -lt "$TRIES" ] && log "  others took more than $OTHERS_MAX % of a core: again"
    done
    local over=0 tries=$((try > TRIES ? TRIES : try))
    [ "$best_pm" -gt $((OTHERS_MAX * 10)) ] && over=1
    [ "$over" = 1 ] && log "  $name $s round $r: still over $OTHERS_MAX % after $tries tries; kept try $best, marked"
    # the kept try's rows; the others' CPU row says how many tries it took and whether it is still over the limit
    sed -e "/^$name:others_cpu_%\t/ s/\$/ tries=$tries over=$over/" "$W/stage-best.tsv" >> "$RESULTS"
    # shellcheck disable=SC2086 # one argument per group
    printf '%s\t%s\t%s\t%s\n' "$name" "$r" "$s" "$(( $(hwm_kb $IV_SERVER) / 1024 ))" >> "$OUT/rss-trace.tsv"
}

# ---------------------------------------------------------------- warm-up until steady
# Short runs (warm_run, defined by the harness) until two consecutive rates differ by less than WARMUP_TOLERANCE %
# (and WARMUP_SECONDS have passed), at most WARMUP_MAX_SECONDS; every run logged in warmup.tsv with its others' CPU.
warm_until_steady() { # kind server
    local kind=$1 s=$2 t0=$EPOCHREALTIME prev='' n=0 elapsed rates='' steady=no
    IV_SERVER=$(serving_groups "$s")
    while :; do
        warm_run "$kind" "$s"
        n=$((n + 1))
        elapsed=$(calc "$EPOCHREALTIME - $t0" 1)
        rates="$rates${rates:+,}$WRATE"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$kind" "$n" "$elapsed" "$WRATE" "$WUNIT" "$(pct_of_core "$IV_OTHERS")" >> "$OUT/warmup.tsv"
        if [ -n "$prev" ] && python3 -c "import sys; a, b = $prev, $WRATE; sys.exit(0 if max(a, b) > 0 and abs(a - b) / max(a, b) * 100 < $WARMUP_TOLERANCE else 1)" \
             && python3 -c "import sys; sys.exit(0 if $elapsed >= $WARMUP_SECONDS else 1)"; then
            steady=yes; break
        fi
        python3 -c "import sys; sys.exit(0 if $elapsed >= $WARMUP_MAX_SECONDS else 1)" && break
        prev=$WRATE
    done
    record "warmup:$kind" "$s" 0 "$elapsed" "steady=$steady runs=$n $WUNIT=$rates"
    log "warm-up $kind $s: $([ $steady = yes ] && echo steady || echo NOT steady) after $n runs, $elapsed s ($WUNIT: $rates)"
}
