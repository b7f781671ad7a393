#!/usr/bin/env python3
"""The top frames of a Java Flight Recorder recording's method samples (jdk.ExecutionSample).

usage: src/bench/jfr_top.py RECORDING.jfr [N]   (N lines per table, default 20)

Prints, each as a share of all samples: samples per thread (pools by name, numbers dropped); the methods
running when sampled (self); the methods on the stack when sampled (total); and Loa's own frames nearest the
top of each stack and anywhere on it, which says which of Loa's code the time was spent for. Uses the JDK's `jfr` tool.
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w$.<>]+)\(")
THREAD = re.compile(r'^\s+sampledThread = "(.*)" \(')


def samples(recording):
    """(thread, frames top first) of each sample, streamed from `jfr print`'s text: its JSON of a long recording
    runs to gigabytes."""
    command = ["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, errors="replace") as jfr:
        thread, frames, in_stack = "", [], False
        for line in jfr.stdout:
            if line.startswith("jdk.ExecutionSample"):
                thread, frames, in_stack = "", [], False
            elif (found := THREAD.match(line)) is not None:
                thread = found[1]
            elif line.strip() == "stackTrace = [":
                in_stack = True
            elif in_stack and line.strip() == "]":
                in_stack = False
                yield thread, frames
            elif in_stack and (found := FRAME.match(line)) is not None:
                frames.append(found[1])
    if jfr.returncode:
        raise SystemExit("jfr print failed on " + recording)


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    threads, self_time, total, loa, loa_total = (collections.Counter() for _ in range(5))
    n = 0
    for thread, frames in samples(recording):
        n += 1
        threads[re.sub(r"[-#]?\d+", "", thread)] += 1
        if not frames:
            continue
        self_time[frames[0]] += 1
        for name in set(frames):
            total[name] += 1
        own = [name for name in frames if name.startswith("io.loa.") and "$$Lambda" not in name]
        loa[own[0] if own else "(no Loa frame)"] += 1
        for name in set(own):
            loa_total[name] += 1
    print("%d samples in %s" % (n, recording))
    for title, counter in (("threads", threads), ("self", self_time), ("total", total),
                           ("nearest Loa frame", loa), ("Loa frames (total)", loa_total)):
        print("\n%s" % title)
        for name, count in counter.most_common(top):
            print("  %5.1f%%  %s" % (100.0 * count / n, name))


if __name__ == "__main__":
    main()
