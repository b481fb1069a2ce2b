#!/usr/bin/env python3
"""Summarize bench/run-peers.sh results.tsv (measurement, server, round, value, extra) as a Markdown table.

usage: summarize.py results.tsv door [base] ngx [xrd]

"base" is a second door built from another commit (run-peers.sh BASE_JAR): it is compared with the door and with
each peer, like the door. Several runs of one measurement within a round are averaged; the ratio door/peer is computed per round (both
measured minutes apart in the same run), and the table shows each server's mean over rounds with the min-max of
all its runs, and the per-round ratios with their mean.
"""
import sys
from collections import defaultdict
from statistics import mean

LOWER_IS_BETTER = ("_ms", "peak_rss", "cpu")
NAMES = {"door": "door", "base": "base door", "ngx": "nginx", "xrd": "xrootd"}

path, servers = sys.argv[1], sys.argv[2:] or ["door", "ngx"]
subjects = [s for s in ("door", "base") if s in servers]
pairs = [(a, b) for a in subjects for b in servers if b != a and not (a == "base" and b == "door")]
rows = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))  # measurement -> server -> round -> values
order = []
for line in open(path):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4 or parts[3] in ("", "nan"):
        continue
    name, server, rnd, value = parts[:4]
    if name not in order:
        order.append(name)
    rows[name][server][int(rnd)].append(float(value))


def fmt(x):
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}" if abs(x) >= 0.1 else f"{x:.3f}"


head = ["measurement"] + [f"{NAMES[s]} (min–max)" for s in servers]
for a, b in pairs:
    head += [f"{NAMES[a]}/{NAMES[b]} per round", f"{NAMES[a]}/{NAMES[b]}"]
print()
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for name in order:
    per = {s: {r: mean(v) for r, v in rows[name][s].items()} for s in rows[name]}
    if "door" not in per:
        continue
    cells = [name + (" ↓" if any(k in name for k in LOWER_IS_BETTER) else "")]
    for s in servers:
        if s in per and per[s]:
            vals = [v for r in per[s] for v in rows[name][s][r]]
            cells.append(f"{fmt(mean(per[s].values()))} ({fmt(min(vals))}–{fmt(max(vals))})")
        else:
            cells.append("–")
    for a, b in pairs:
        rounds = sorted(set(per.get(a, {})) & set(per.get(b, {})))
        ratios = [per[a][r] / per[b][r] for r in rounds if per[b][r]]
        if ratios:
            cells += [", ".join(f"{x:.2f}" for x in ratios), f"**{mean(ratios):.2f}**"]
        else:
            cells += ["–", "–"]
    print("| " + " | ".join(cells) + " |")
print()
print("↓ = lower is better (latency, memory, CPU); otherwise higher is better. Ratios are per round.")
