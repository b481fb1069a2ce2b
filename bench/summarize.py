#!/usr/bin/env python3
"""Summarize bench/run-peers.sh results.tsv (measurement, server, round, value, extra) as a Markdown table.

Per round, several runs of the same measurement are averaged; the ratio door/peer is computed per round, and the
table shows the mean over rounds with the min-max spread of the per-round ratios and of each server's values.
"""
import sys
from collections import defaultdict
from statistics import mean

LOWER_IS_BETTER = ("_ms", "peak_rss")

rows = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))  # measurement -> server -> round -> [values]
order = []
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4 or parts[3] in ("", "nan"):
        continue
    name, server, rnd, value = parts[:4]
    if name not in order:
        order.append(name)
    rows[name][server][int(rnd)].append(float(value))


def fmt(x):
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"


print()
print("| measurement | door (min–max) | nginx (min–max) | door/nginx per round | ratio (mean) |")
print("|---|---|---|---|---|")
for name in order:
    per = {s: {r: mean(v) for r, v in rows[name][s].items()} for s in rows[name]}
    door, ngx = per.get("door", {}), per.get("ngx", {})
    rounds = sorted(set(door) & set(ngx))
    if not rounds:
        continue
    ratios = [door[r] / ngx[r] if ngx[r] else float("nan") for r in rounds]
    all_door = [v for r in rounds for v in rows[name]["door"][r]]
    all_ngx = [v for r in rounds for v in rows[name]["ngx"][r]]
    note = " (lower is better)" if any(k in name for k in LOWER_IS_BETTER) else ""
    print(f"| {name}{note} | {fmt(mean(door[r] for r in rounds))} ({fmt(min(all_door))}–{fmt(max(all_door))}) "
          f"| {fmt(mean(ngx[r] for r in rounds))} ({fmt(min(all_ngx))}–{fmt(max(all_ngx))}) "
          f"| {', '.join(f'{x:.2f}' for x in ratios)} | **{mean(ratios):.2f}** |")
