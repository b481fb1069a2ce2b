#!/usr/bin/env python3
"""Per-measurement Markdown tables comparing several bench/run-peers.sh runs (results.tsv files).

usage: report.py LABEL=path/to/results.tsv [LABEL=...]

For every measurement: one row per run (label), with each server's median over rounds and the door/peer ratio as
median and min-max of the per-round ratios (each ratio compares numbers taken minutes apart in the same run).
Warm-up rows are left out; "others_cpu_%" (CPU of other processes during the measurement, % of one core) is shown
like any metric. For one run, bench/summarize.py gives the fuller table.
"""
import sys
from collections import defaultdict
from statistics import median as mean  # the tables show medians over rounds

runs = [arg.split("=", 1) for arg in sys.argv[1:]]
data = {}
order = []
for label, path in runs:
    rows = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for line in open(path):
        p = line.rstrip("\n").split("\t")
        if len(p) < 4 or p[3] in ("", "nan") or p[0].startswith("warmup:"):
            continue
        rows[p[0]][p[1]][int(p[2])].append(float(p[3]))
        if p[0] not in order:
            order.append(p[0])
    data[label] = rows


def fmt(x):
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}" if abs(x) >= 0.1 else f"{x:.3f}"


def group_of(name):
    metric, _, rest = name.partition(":")
    return (rest or "whole run") if metric == "peak_rss_MiB" else metric


def metric_of(name):
    metric, _, rest = name.partition(":")
    return "peak RSS MiB" if metric == "peak_rss_MiB" else rest


groups = []
for name in order:
    if group_of(name) not in groups:
        groups.append(group_of(name))

for group in groups:
    print(f"\n`{group}`\n")
    print("| metric | run | door | nginx | door/nginx (per-round min–max) | xrootd | door/xrootd (per-round min–max) |")
    print("|---|---|---|---|---|---|---|")
    for name in [n for n in order if group_of(n) == group and n != "gettiny:MiB/s"]:
        lower = any(k in name for k in ("_ms", "peak_rss", "cpu", "us/req", "s/GiB"))
        for label, _ in runs:
            rows = data[label].get(name)
            if not rows or "door" not in rows:
                continue
            per = {s: {r: mean(v) for r, v in rows[s].items()} for s in rows}
            cells = [metric_of(name) + (" ↓" if lower else ""), label, fmt(mean(per["door"].values()))]
            for peer in ("ngx", "xrd"):
                if peer not in per:
                    cells += ["–", "–"]
                    continue
                rs = sorted(set(per["door"]) & set(per[peer]))
                ratios = [per["door"][r] / per[peer][r] for r in rs if per[peer][r]]
                cells.append(fmt(mean(per[peer].values())))
                cells.append(f"**{mean(ratios):.2f}** ({min(ratios):.2f}–{max(ratios):.2f})" if ratios else "–")
            print("| " + " | ".join(cells) + " |")
