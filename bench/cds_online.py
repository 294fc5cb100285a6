#!/usr/bin/env python3
"""Launch-to-online times of one app's runs, from daemon.log: each run is launched on its own
internal port ("started <app>#0 (id N) pid P on internal port Q") and is online when the readiness
probe (a 50 ms poll) sees its health path answer ("<app>#0 (id N) is online on internal port Q").
Prints one time in milliseconds per run, in launch order, after skipping the first SKIP lines of
the log (the runs before the measured ones).

Usage: cds_online.py <daemon.log> <app> <skip-lines>"""
import re
import sys
from datetime import datetime

log, app, skip = sys.argv[1], sys.argv[2], int(sys.argv[3])
started = {}
order = []
online = {}
pattern = re.compile(r"^(\S+) INFO  (?:started (\S+)#\d+ \(id \d+\) pid \d+ on internal port (\d+)|(\S+)#\d+ \(id \d+\) is online on internal port (\d+))")


def when(stamp):
    # Instant.toString(): 2026-11-23T19:28:59.524123456Z; microseconds are plenty
    head, _, frac = stamp.rstrip("Z").partition(".")
    return datetime.fromisoformat(head).timestamp() + float("0." + (frac or "0"))


with open(log, encoding="utf-8", errors="replace") as f:
    for number, line in enumerate(f):
        if number < skip:
            continue
        m = pattern.match(line)
        if not m:
            continue
        if m.group(2) == app:
            started[m.group(3)] = when(m.group(1))
            order.append(m.group(3))
        elif m.group(4) == app and m.group(5) in started:
            online[m.group(5)] = when(m.group(1))

for port in order:
    if port in online:
        print(round((online[port] - started[port]) * 1000))
