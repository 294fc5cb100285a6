#!/usr/bin/env python3
"""Respawn time of process managers, measured from outside: SIGKILL one managed instance and
time until a new process with the same command-line marker is running.

Usage: respawn_probe.py ROUNDS SETTLE_S LABEL=MARKER [LABEL=MARKER ...]

MARKER is a string unique to one managed app's command line (bench/core.sh gives every app its
own copy of the jar, so the jar path is the marker). Each round kills every target in turn
(interleaved, so machine noise falls on all of them alike). The clock starts just before
kill(2) and stops when /proc shows a process, other than the killed one, whose command line
holds the marker; /proc is scanned every 5 ms, never through a manager's CLI. Before each kill
the instance must have been up SETTLE_S seconds, so that no manager counts it as an unstable
start (both jpm's and PM2's min_uptime default to 1 s).

Prints one line per measurement, "LABEL ROUND MILLISECONDS", and nothing else on stdout.
"""
import os
import signal
import sys
import time

POLL_S = 0.005
TIMEOUT_S = 30.0


def matching_pids(marker):
    needle = marker.encode()
    me = str(os.getpid())  # this probe's own command line holds the marker too
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or name == me:
            continue
        try:
            with open("/proc/" + name + "/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue  # gone meanwhile
        if needle in cmdline:
            found.append(int(name))
    return found


def age_s(pid):
    """Seconds since the process started, from /proc/<pid>/stat field 22 (clock ticks)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    start_ticks = int(fields[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def one_pid(marker):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        pids = matching_pids(marker)
        if len(pids) == 1:
            return pids[0]
        time.sleep(POLL_S)
    sys.exit("respawn_probe: expected exactly one process with %r, found %s" % (marker, matching_pids(marker)))


def measure(marker, settle_s):
    pid = one_pid(marker)
    wait = settle_s - age_s(pid)
    if wait > 0:
        time.sleep(wait)
    start = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    while True:
        fresh = [p for p in matching_pids(marker) if p != pid]
        if fresh:
            return (time.monotonic() - start) * 1000.0
        if time.monotonic() - start > TIMEOUT_S:
            sys.exit("respawn_probe: no new process for %r within %.0f s" % (marker, TIMEOUT_S))
        time.sleep(POLL_S)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    settle_s = float(sys.argv[2])
    targets = [arg.split("=", 1) for arg in sys.argv[3:]]
    for round_no in range(1, rounds + 1):
        for label, marker in targets:
            ms = measure(marker, settle_s)
            print("%s %d %.1f" % (label, round_no, ms), flush=True)


if __name__ == "__main__":
    main()
