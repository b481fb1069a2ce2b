#!/usr/bin/env python3
"""Summarize bench/run-peers.sh results.tsv (measurement:metric, server, round, value, extra) as Markdown.

usage: summarize.py [--others-max PCT] results.tsv door [base] ngx [xrd]

One table: per measurement, one row per metric (the rate, then the server's CPU per request and per GiB, the
client's CPU, latencies), one column per server with the MEDIAN over rounds, and the ratios door/peer as the
median of the per-round ratios (both servers measured minutes apart in the same round) with their min-max. The
row "others' CPU" lists, per round, how much CPU went to processes other than the servers and load generators
during that server's measurement, in % of one core: "!" marks a measurement still above --others-max after its
retries, "(n)" how many tries it took. Then each server's peak RSS over the whole run and the warm-up outcome.

"base" is a second door built from another commit (run-peers.sh BASE_JAR): it is compared with the door and with
each peer, like the door.
"""
import sys
from collections import defaultdict
from statistics import median

args = sys.argv[1:]
others_max = 10.0
if args[:1] == ["--others-max"]:
    others_max = float(args[1])
    args = args[2:]
path, servers = args[0], args[1:] or ["door", "ngx"]
NAMES = {"door": "door", "base": "base door", "ngx": "nginx", "xrd": "XRootD"}
subjects = [s for s in ("door", "base") if s in servers]
pairs = [(a, b) for a in subjects for b in servers if b != a and not (a == "base" and b == "door")]

values = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))  # measurement -> metric -> server -> [(round, v)]
extras = defaultdict(lambda: defaultdict(dict))  # (measurement, metric) -> server -> round -> extra
measurements = []
for line in open(path):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4 or parts[3] in ("", "nan"):
        continue
    name, server, rnd, value = parts[:4]
    measurement, _, metric = name.partition(":")
    if measurement not in measurements:
        measurements.append(measurement)
    values[measurement][metric][server].append((int(rnd), float(value)))
    extras[(measurement, metric)][server][int(rnd)] = parts[4] if len(parts) > 4 else ""


def kv(extra):
    return dict(p.split("=", 1) for p in extra.split() if "=" in p)


def fmt(x):
    if x != x:
        return "nan"
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}" if abs(x) >= 0.1 else f"{x:.3f}"


LABELS = {
    "req/s": "req/s",
    "MiB/s": "MiB/s",
    "server_us/req": "server CPU µs/req ↓",
    "server_s/GiB": "server CPU s/GiB ↓",
    "client_us/req": "client CPU µs/req ↓",
    "client_s/GiB": "client CPU s/GiB ↓",
    "p50_ms": "p50 ms ↓",
    "p99_ms": "p99 ms ↓",
    "others_cpu_%": "others' CPU, % of one core, per round",
}
ORDER = list(LABELS)


def per_round(measurement, metric, server):
    rounds = defaultdict(list)
    for r, v in values[measurement][metric].get(server, []):
        rounds[r].append(v)
    return {r: sum(v) / len(v) for r, v in rounds.items()}


head = ["measurement", "metric"] + [NAMES.get(s, s) for s in servers] + [f"{NAMES[a]}/{NAMES[b]}" for a, b in pairs]
print()
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
flagged = 0
for measurement in measurements:
    if measurement in ("warmup", "peak_rss_MiB"):
        continue
    metrics = sorted(values[measurement], key=lambda m: ORDER.index(m) if m in ORDER else len(ORDER))
    if "req/s" in metrics and "MiB/s" in metrics:
        metrics.remove("MiB/s")  # proportional to req/s for a fixed file; the CPU per GiB row stands for it
    first = True
    for metric in metrics:
        cells = [f"`{measurement}`" if first else "", LABELS.get(metric, metric)]
        first = False
        if metric == "others_cpu_%":
            for s in servers:
                ex = extras[(measurement, metric)].get(s, {})
                shown = []
                for r, v in sorted(per_round(measurement, metric, s).items()):
                    e = kv(ex.get(r, ""))
                    mark = "!" if e.get("over") == "1" or (not e and v > others_max) else ""
                    flagged += bool(mark)
                    tries = f" ({e['tries']})" if e.get("tries", "1") != "1" else ""
                    shown.append(f"{v:.1f}{mark}{tries}")
                cells.append(", ".join(shown) or "–")
            cells += [""] * len(pairs)
            print("| " + " | ".join(cells) + " |")
            continue
        per = {s: per_round(measurement, metric, s) for s in servers}
        for s in servers:
            cells.append(fmt(median(per[s].values())) if per[s] else "–")
        for a, b in pairs:
            rounds = sorted(set(per[a]) & set(per[b]))
            ratios = [per[a][r] / per[b][r] for r in rounds if per[b][r]]
            if not ratios:
                cells.append("–")
            elif len(ratios) == 1:
                cells.append(f"**{ratios[0]:.2f}**")
            else:
                cells.append(f"**{median(ratios):.2f}** ({min(ratios):.2f}–{max(ratios):.2f})")
        print("| " + " | ".join(cells) + " |")

rss = {s: per_round("peak_rss_MiB", "", s) for s in servers} if "" in values.get("peak_rss_MiB", {}) else {}
if rss:
    cells = ["**memory**", "peak RSS MiB over the whole run (VmHWM) ↓"]
    cells += [fmt(max(rss[s].values())) if rss[s] else "–" for s in servers]
    for a, b in pairs:
        cells.append(f"**{max(rss[a].values()) / max(rss[b].values()):.1f}**" if rss[a] and rss[b] else "–")
    print("| " + " | ".join(cells) + " |")

print()
print("Cells: median over rounds; ratios: median of the per-round ratios (min–max). ↓ = lower is better. CPU is")
print("utime+stime from /proc over each measurement's interval: the measured server's processes (\"server\"), the")
print("load generators (\"client\": wrk, curl or HttpsLoad, and the harness's bash). \"others' CPU\": all busy CPU")
print("(/proc/stat: user, nice, system, irq, softirq, steal) minus the servers' and the clients', in % of one core;")
print(f"\"!\" = still above {others_max:g} % after the retries (noisy), (n) = tries taken. nginx's RSS sums master and")
print("workers (shared pages count twice). nginx answers the mint rows with HEAD of a tiny file: it cannot mint.")
if flagged:
    print(f"\n**{flagged} measurement(s) marked \"!\": others used more than {others_max:g} % of a core during them.**")

warm = values.get("warmup", {})
if warm:
    print()
    print("Warm-up (short runs until two consecutive rates differ by less than the tolerance):")
    for kind in warm:
        parts = []
        for s in servers:
            for r, v in warm[kind].get(s, []):
                e = kv(extras[("warmup", kind)][s].get(r, ""))
                rates = next((val for key, val in e.items() if key.endswith("/s")), "")
                state = "steady" if e.get("steady") == "yes" else "**NOT steady**"
                parts.append(f"{NAMES.get(s, s)} {state} after {e.get('runs', '?')} runs, {v:.0f} s ({rates})")
        print(f"- `{kind}`: " + "; ".join(parts))
