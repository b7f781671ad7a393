#!/usr/bin/env python3
"""The top frames of a Java Flight Recorder recording's method samples (jdk.ExecutionSample).

usage: src/bench/jfr_top.py RECORDING.jfr [N]   (N lines per table, default 20)

Prints, each as a share of all samples: samples per thread (pools by name, numbers dropped); the methods
running when sampled (self); the methods on the stack when sampled (total); and Loa's own frames nearest the
top of each stack and anywhere on it, which says which of Loa's code the time was spent for. Uses the JDK's `jfr` tool.
"""
import collections
import json
import re
import subprocess
import sys


def frame_name(frame):
    method = frame["method"]
    return "%s.%s" % (method["type"]["name"].replace("/", "."), method["name"])


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                          recording], capture_output=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    threads, self_time, total, loa, loa_total = (collections.Counter() for _ in range(5))
    for event in events:
        values = event["values"]
        thread = values["sampledThread"]["javaName"] or values["sampledThread"]["osName"]
        threads[re.sub(r"[-#]?\d+", "", thread)] += 1
        frames = [frame_name(f) for f in (values["stackTrace"] or {}).get("frames", [])]
        if not frames:
            continue
        self_time[frames[0]] += 1
        for name in set(frames):
            total[name] += 1
        own = [name for name in frames if name.startswith("io.loa.") and "$$Lambda" not in name]
        loa[own[0] if own else "(no Loa frame)"] += 1
        for name in set(own):
            loa_total[name] += 1
    n = len(events)
    print("%d samples in %s" % (n, recording))
    for title, counter in (("threads", threads), ("self", self_time), ("total", total),
                           ("nearest Loa frame", loa), ("Loa frames (total)", loa_total)):
        print("\n%s" % title)
        for name, count in counter.most_common(top):
            print("  %5.1f%%  %s" % (100.0 * count / n, name))


if __name__ == "__main__":
    main()
