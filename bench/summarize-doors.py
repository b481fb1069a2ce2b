#!/usr/bin/env python3
"""Summarize bench/run-doors.sh results.tsv (measurement:metric, set-up, round, value, extra) as Markdown.

usage: summarize-doors.py [--others-max PCT] results.tsv direct lb1 lb2 lb3

One column per set-up ("direct": one door reached without HAProxy; "lbN": HAProxy in front of N doors), cells the
MEDIAN over rounds. Ratios to the direct door are the median of the per-round ratios (both measured minutes apart in
the same round) with their min-max. Per measurement: the aggregate rate and its ratio to the direct door, the CPU
per request (and per GiB) of the doors, of HAProxy, of both, and of the load generator, latencies, how the doors'
CPU was shared among them, and others' CPU per round ("!" = above --others-max after the retries, "(n)" = tries).
"""
import sys
from collections import defaultdict
from statistics import median

args = sys.argv[1:]
others_max = 10.0
if args[:1] == ["--others-max"]:
    others_max = float(args[1])
    args = args[2:]
path, subjects = args[0], args[1:]


def name_of(s):
    if s == "direct":
        return "1 door, direct"
    n = int(s[2:])
    return f"{n} door{'s' if n > 1 else ''} via HAProxy"


values = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))  # measurement -> metric -> subject -> round -> v
extras = defaultdict(lambda: defaultdict(dict))  # (measurement, metric) -> subject -> round -> extra
measurements = []
for line in open(path):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4 or parts[3] in ("", "nan"):
        continue
    name, subject, rnd, value = parts[:4]
    measurement, _, metric = name.partition(":")
    if measurement not in measurements:
        measurements.append(measurement)
    values[measurement][metric][subject][int(rnd)] = float(value)
    extras[(measurement, metric)][subject][int(rnd)] = parts[4] if len(parts) > 4 else ""


def kv(extra):
    return dict(p.split("=", 1) for p in extra.split() if "=" in p)


def fmt(x):
    if x != x:
        return "nan"
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}" if abs(x) >= 0.1 else f"{x:.3f}"


def ratio_cell(per_s, per_base):
    rounds = sorted(set(per_s) & set(per_base))
    ratios = [per_s[r] / per_base[r] for r in rounds if per_base[r]]
    if not ratios:
        return "–"
    if len(ratios) == 1:
        return f"**{ratios[0]:.2f}**"
    return f"**{median(ratios):.2f}** ({min(ratios):.2f}–{max(ratios):.2f})"


ROWS = [  # (metric, label, ratio to the direct door's same metric?)
    ("req/s", "req/s (aggregate)", False),
    ("req/s", "req/s ÷ direct door's", True),
    ("doors_us/req", "doors' CPU µs/req ↓", False),
    ("doors_s/GiB", "doors' CPU s/GiB ↓", False),
    ("haproxy_us/req", "HAProxy's CPU µs/req ↓", False),
    ("haproxy_s/GiB", "HAProxy's CPU s/GiB ↓", False),
    ("server_us/req", "doors + HAProxy CPU µs/req ↓", False),
    ("server_us/req", "doors + HAProxy CPU ÷ direct door's ↓", True),
    ("client_us/req", "client CPU µs/req ↓", False),
    ("client_s/GiB", "client CPU s/GiB ↓", False),
    ("p50_ms", "p50 ms ↓", False),
    ("p99_ms", "p99 ms ↓", False),
]

head = ["measurement", "metric"] + [name_of(s) for s in subjects]
print()
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
flagged = errors = 0
for measurement in measurements:
    if measurement in ("warmup", "peak_rss_MiB"):
        continue
    data = values[measurement]
    first = True

    def row(label, cells):
        global first
        print("| " + " | ".join([f"`{measurement}`" if first else "", label] + cells) + " |")
        first = False

    for metric, label, ratio in ROWS:
        if metric not in data:
            continue
        per = data[metric]
        if ratio:
            if "direct" not in per or len(per) < 2:
                continue
            row(label, ["1" if s == "direct" else ratio_cell(per.get(s, {}), per["direct"]) for s in subjects])
        else:
            row(label, [fmt(median(per[s].values())) if per.get(s) else "–" for s in subjects])
    # how the doors' CPU was shared among them (per-round medians of each door's share)
    shares = sorted(m for m in data if m.startswith("door") and m.endswith("_share_%"))
    if shares:
        cells = []
        for s in subjects:
            parts = [fmt(median(data[m][s].values())) for m in shares if data[m].get(s)]
            cells.append("/".join(parts) if len(parts) > 1 else "–")
        row("each door's share of the doors' CPU, %", cells)
    # failed requests (wrk's non-2xx and socket errors, HttpsLoad's errors), when there were any
    rate_extras = extras.get((measurement, "req/s"), {})
    errs = {s: sum(int(kv(e).get("errors", "0")) for e in rate_extras.get(s, {}).values()) for s in subjects}
    if any(errs.values()):
        errors += sum(errs.values())
        row("**failed requests** (all rounds)", [str(errs[s]) for s in subjects])
    if "others_cpu_%" in data:
        cells = []
        for s in subjects:
            shown = []
            for r, v in sorted(data["others_cpu_%"].get(s, {}).items()):
                e = kv(extras[(measurement, "others_cpu_%")].get(s, {}).get(r, ""))
                mark = "!" if e.get("over") == "1" or (not e and v > others_max) else ""
                flagged += bool(mark)
                tries = f" ({e['tries']})" if e.get("tries", "1") != "1" else ""
                shown.append(f"{v:.1f}{mark}{tries}")
            cells.append(", ".join(shown) or "–")
        row("others' CPU, % of one core, per round", cells)

rss = values.get("peak_rss_MiB", {}).get("", {})
if rss:
    print()
    print("Peak RSS over the whole run (VmHWM, start-up and warm-up included): "
          + ", ".join(f"{g} {fmt(max(v.values()))} MiB" for g, v in rss.items()) + ".")

print()
print("Cells: median over rounds; ratios: median of the per-round ratios (min–max). ↓ = lower is better. CPU is")
print("utime+stime from /proc over each measurement's interval: the doors serving the set-up (\"doors\"), the HAProxy")
print("process (\"HAProxy\"), the load generator (\"client\": wrk or HttpsLoad, and the harness's bash). \"others' CPU\":")
print("all busy CPU (/proc/stat) minus the doors', HAProxy's and the client's (idle doors count as ours), in % of one")
print(f"core; \"!\" = still above {others_max:g} % after the retries (noisy), (n) = tries taken. All set-ups share the")
print("same cores: on a CPU-bound machine more doors add no capacity; the ratios show what HAProxy costs.")
if flagged:
    print(f"\n**{flagged} measurement(s) marked \"!\": others used more than {others_max:g} % of a core during them.**")
if errors:
    print(f"\n**{errors} failed request(s): see the wrk-*.txt and mint-*.txt files.**")

warm = values.get("warmup", {})
if warm:
    print()
    print("Warm-up (short runs until two consecutive rates differ by less than the tolerance):")
    for kind in warm:
        parts = []
        for s in subjects:
            for r, v in warm[kind].get(s, {}).items():
                e = kv(extras[("warmup", kind)][s].get(r, ""))
                rates = next((val for key, val in e.items() if key.endswith("/s")), "")
                state = "steady" if e.get("steady") == "yes" else "**NOT steady**"
                parts.append(f"{name_of(s)} {state} after {e.get('runs', '?')} runs, {v:.0f} s ({rates})")
        print(f"- `{kind}`: " + "; ".join(parts))
